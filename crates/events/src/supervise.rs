//! Background work as supervised tasks: restarted with backoff after a panic or an error,
//! and told when to stop, so it can finish what it holds and record where it got to.

use std::future::Future;
use std::time::{Duration, Instant};

use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::Retry;

/// Asks background tasks to stop; cheap to clone, one per process.
#[derive(Debug, Clone, Default)]
pub struct Shutdown(CancellationToken);

impl Shutdown {
    pub fn new() -> Shutdown {
        Shutdown::default()
    }

    pub fn request(&self) {
        self.0.cancel();
    }

    pub fn requested(&self) -> bool {
        self.0.is_cancelled()
    }

    /// Resolves once shutdown was asked for.
    pub async fn wait(&self) {
        self.0.cancelled().await;
    }

    /// Sleeps for `pause`, or less if shutdown is asked for meanwhile; whether it was.
    pub async fn sleep(&self, pause: Duration) -> bool {
        tokio::select! {
            () = tokio::time::sleep(pause) => false,
            () = self.wait() => true,
        }
    }
}

/// How patiently a failed task is restarted: from a quarter second up to half a minute.
const RESTART: Retry = Retry {
    attempts: u32::MAX,
    first_delay: Duration::from_millis(250),
    max_delay: Duration::from_secs(30),
};
/// A run this long counts as healthy: the next failure restarts quickly again.
const HEALTHY_RUN: Duration = Duration::from_secs(60);

/// Runs `task` until shutdown, restarting it whenever it panics, fails or ends early. A task
/// sees `shutdown` itself and returns once it has finished the work in hand.
pub fn spawn<F, Fut>(name: &'static str, shutdown: Shutdown, task: F) -> JoinHandle<()>
where
    F: Fn(Shutdown) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), String>> + Send + 'static,
{
    tokio::spawn(async move {
        let mut failures = 0;
        loop {
            let started = Instant::now();
            let outcome = tokio::spawn(task(shutdown.clone())).await;
            if shutdown.requested() {
                if let Ok(Err(error)) = &outcome {
                    tracing::warn!(task = name, %error, "background task failed while stopping");
                }
                return;
            }
            let reason = match outcome {
                Ok(Ok(())) => "ended",
                Ok(Err(error)) => {
                    tracing::warn!(task = name, %error, "background task failed; restarting");
                    "error"
                }
                Err(join) if join.is_panic() => {
                    tracing::error!(task = name, "background task panicked; restarting");
                    "panic"
                }
                Err(_) => "cancelled",
            };
            metrics::counter!("background_task_restarts_total", "task" => name, "reason" => reason)
                .increment(1);
            failures = if started.elapsed() > HEALTHY_RUN {
                1
            } else {
                failures + 1
            };
            if shutdown.sleep(RESTART.delay(failures)).await {
                return;
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::Arc;

    use super::*;

    #[tokio::test]
    async fn a_panicking_task_is_restarted_until_shutdown() {
        let runs = Arc::new(AtomicU32::new(0));
        let shutdown = Shutdown::new();
        let counted = runs.clone();
        let handle = spawn("test", shutdown.clone(), move |shutdown| {
            let runs = counted.clone();
            async move {
                if runs.fetch_add(1, Ordering::SeqCst) < 2 {
                    panic!("boom");
                }
                shutdown.wait().await;
                Ok(())
            }
        });
        tokio::time::timeout(Duration::from_secs(10), async {
            while runs.load(Ordering::SeqCst) < 3 {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        })
        .await
        .expect("restarted twice");
        shutdown.request();
        tokio::time::timeout(Duration::from_secs(5), handle)
            .await
            .expect("stops when asked")
            .unwrap();
        assert_eq!(
            runs.load(Ordering::SeqCst),
            3,
            "not restarted after stopping"
        );
    }
}
