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

/// How patiently a supervised task is restarted, by what stopped it.
#[derive(Debug, Clone, Copy)]
pub struct Restarts {
    /// After it returned an error or ended early.
    pub after_error: Retry,
    pub after_panic: Retry,
}

/// From a quarter second up to half a minute.
const PATIENT: Retry = Retry {
    attempts: u32::MAX,
    first_delay: Duration::from_millis(250),
    max_delay: Duration::from_secs(30),
};

impl Restarts {
    /// From a quarter second up to half a minute, whatever stopped it.
    pub const PATIENT: Restarts = Restarts {
        after_error: PATIENT,
        after_panic: PATIENT,
    };
    /// For a task whose errors are outages of what it reads (a consumer's broker or
    /// database): it tries again every few seconds, as the relay republishes, so it resumes
    /// within seconds of the outage's end; a panic, a defect, waits as long as any.
    pub const RESUBSCRIBE: Restarts = Restarts {
        after_error: Retry {
            attempts: u32::MAX,
            first_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(5),
        },
        after_panic: PATIENT,
    };
}

/// A run this long counts as healthy: the next failure restarts quickly again.
const HEALTHY_RUN: Duration = Duration::from_secs(60);
/// A task that keeps failing is logged at its first failure and then every this many, so an
/// outage of hours does not flood the log.
const LOG_EVERY: u32 = 50;

/// Runs `task` until shutdown, restarting it as `restarts` says whenever it panics, fails or
/// ends early. A task sees `shutdown` itself and returns once it has finished the work in hand.
pub fn spawn<F, Fut>(
    name: &'static str,
    shutdown: Shutdown,
    restarts: Restarts,
    task: F,
) -> JoinHandle<()>
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
            failures = if started.elapsed() > HEALTHY_RUN {
                1
            } else {
                failures + 1
            };
            let logged = failures == 1 || failures % LOG_EVERY == 0;
            let (reason, retry) = match outcome {
                Ok(Ok(())) => ("ended", restarts.after_error),
                Ok(Err(error)) => {
                    if logged {
                        tracing::warn!(task = name, %error, failures, "background task failed; restarting");
                    }
                    ("error", restarts.after_error)
                }
                Err(join) if join.is_panic() => {
                    tracing::error!(task = name, "background task panicked; restarting");
                    ("panic", restarts.after_panic)
                }
                Err(_) => ("cancelled", restarts.after_error),
            };
            metrics::counter!("background_task_restarts_total", "task" => name, "reason" => reason)
                .increment(1);
            if shutdown.sleep(retry.delay(failures)).await {
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
        let handle = spawn(
            "test",
            shutdown.clone(),
            Restarts::PATIENT,
            move |shutdown| {
                let runs = counted.clone();
                async move {
                    if runs.fetch_add(1, Ordering::SeqCst) < 2 {
                        panic!("boom");
                    }
                    shutdown.wait().await;
                    Ok(())
                }
            },
        );
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
