//! Whether the broker takes events, as the relay last found: what a worker's readiness reports.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failures shorter than this are retried without reporting the worker unready.
const GRACE: Duration = Duration::from_secs(5);

#[derive(Debug, Default)]
pub struct BrokerHealth {
    /// Since when publishing has failed, and the last error.
    failing: Mutex<Option<(Instant, String)>>,
    /// Whether the broker ever answered: until then it counts as down.
    answered: AtomicBool,
}

impl BrokerHealth {
    pub(crate) fn failed(&self, error: &str) {
        let mut failing = self.failing.lock().unwrap_or_else(|e| e.into_inner());
        let since = failing
            .as_ref()
            .map_or_else(Instant::now, |(since, _)| *since);
        *failing = Some((since, error.to_owned()));
        metrics::gauge!("relay_broker_up").set(0.0);
    }

    pub(crate) fn worked(&self) {
        self.answered.store(true, Ordering::Release);
        *self.failing.lock().unwrap_or_else(|e| e.into_inner()) = None;
        metrics::gauge!("relay_broker_up").set(1.0);
    }

    /// Why the broker counts as down: it never answered, or has failed for longer than a few
    /// seconds.
    pub fn problem(&self) -> Option<String> {
        if !self.answered.load(Ordering::Acquire) {
            return Some("not connected yet".into());
        }
        let failing = self.failing.lock().unwrap_or_else(|e| e.into_inner());
        match &*failing {
            Some((since, error)) if since.elapsed() > GRACE => Some(error.clone()),
            _ => None,
        }
    }
}
