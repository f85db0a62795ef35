//! Scheduled work (the expiry sweep): every interval, on whichever one instance holds its
//! lease, so that many instances do not all run it.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use hireboard_store::Store;

use crate::Shutdown;

/// Runs `job` now and then every `interval` while this instance holds the lease `name`.
/// The lease outlives a run by one interval, so a crashed holder is replaced within two.
pub async fn run<F, Fut>(
    name: &'static str,
    interval: Duration,
    store: Arc<dyn Store>,
    instance: String,
    shutdown: Shutdown,
    job: F,
) -> Result<(), String>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<usize, String>>,
{
    let lease = format!("scheduled:{name}");
    let hold = chrono::Duration::from_std(interval * 2).unwrap_or(chrono::Duration::minutes(2));
    let mut ticker = tokio::time::interval(interval);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = ticker.tick() => {}
            () = shutdown.wait() => break,
        }
        let now = Utc::now();
        match store
            .consumers()
            .try_lease(&lease, &instance, now, now + hold)
            .await
        {
            Ok(true) => match job().await {
                Ok(0) => {}
                Ok(count) => tracing::info!(job = name, count, "scheduled work done"),
                Err(error) => tracing::warn!(job = name, %error, "scheduled work failed"),
            },
            Ok(false) => {}
            Err(error) => {
                tracing::warn!(job = name, %error, "cannot take the scheduled work's lease")
            }
        }
    }
    let _ = store.consumers().release_lease(&lease, &instance).await;
    Ok(())
}
