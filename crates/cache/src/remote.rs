//! The Redis connection and its failure policy: short timeouts, a cool-down after a failure,
//! a metric and a rate-limited warning. Callers get `None` instead of an error and carry on
//! without Redis.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::RedisResult;

use crate::error::CacheError;

/// How to reach Redis.
#[derive(Debug, Clone)]
pub struct RedisOptions {
    /// `redis://` or `rediss://` (TLS) URL, with credentials and database number if needed.
    pub url: String,
    /// Prepended to every key, so deployments (and parallel tests) can share one server.
    pub key_prefix: String,
    /// The longest any request waits for Redis before it goes on without it.
    pub timeout: Duration,
}

/// A shared, auto-reconnecting Redis connection. Cheap to clone.
#[derive(Clone)]
pub struct Redis {
    inner: Arc<Inner>,
}

struct Inner {
    connection: ConnectionManager,
    prefix: String,
    timeout: Duration,
    started: Instant,
    /// Milliseconds after `started` before which Redis is not tried again after a failure.
    resume_at_ms: AtomicU64,
    /// Milliseconds after `started` of the last warning logged, and failures since.
    warned_at_ms: AtomicU64,
    unreported: AtomicU64,
}

/// After a failure Redis is skipped this long: a server that is down or blackholed then costs
/// one timeout per period instead of one per request.
const COOL_DOWN: Duration = Duration::from_secs(1);
/// At most one warning per period; the next one says how many failures it stands for.
const WARN_EVERY: Duration = Duration::from_secs(10);

impl Redis {
    pub(crate) fn connect(options: &RedisOptions) -> Result<Redis, CacheError> {
        if !(options.url.starts_with("redis://") || options.url.starts_with("rediss://")) {
            return Err(CacheError::Config(
                "the Redis URL must start with redis:// or rediss://".into(),
            ));
        }
        let client = redis::Client::open(options.url.as_str())
            .map_err(|e| CacheError::Config(format!("cannot use the Redis URL: {e}")))?;
        // One quick reconnection attempt per command at most: the cool-down, not the driver's
        // back-off, is what spaces out attempts while Redis is away.
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(options.timeout))
            .set_response_timeout(Some(options.timeout))
            .set_number_of_retries(0);
        let connection = ConnectionManager::new_lazy_with_config(client, config)?;
        Ok(Redis {
            inner: Arc::new(Inner {
                connection,
                prefix: options.key_prefix.clone(),
                timeout: options.timeout,
                started: Instant::now(),
                resume_at_ms: AtomicU64::new(0),
                warned_at_ms: AtomicU64::new(0),
                unreported: AtomicU64::new(0),
            }),
        })
    }

    /// `{prefix}:{name}`.
    pub(crate) fn key(&self, name: &str) -> String {
        format!("{}:{name}", self.inner.prefix)
    }

    /// Runs `request` on the connection within the timeout; `None` if Redis is cooling down
    /// after a failure, fails or is too slow.
    pub(crate) async fn run<T, F, Fut>(&self, op: &'static str, request: F) -> Option<T>
    where
        F: FnOnce(ConnectionManager) -> Fut,
        Fut: Future<Output = RedisResult<T>>,
    {
        let inner = &self.inner;
        if inner.elapsed_ms() < inner.resume_at_ms.load(Ordering::Relaxed) {
            return None;
        }
        let outcome = tokio::time::timeout(inner.timeout, request(inner.connection.clone())).await;
        let error = match outcome {
            Ok(Ok(value)) => return Some(value),
            Ok(Err(error)) => CacheError::Redis(error),
            Err(_) => CacheError::Timeout(inner.timeout),
        };
        inner.failed(op, &error);
        None
    }
}

impl Inner {
    fn elapsed_ms(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    fn failed(&self, op: &'static str, error: &CacheError) {
        metrics::counter!("cache_errors_total", "op" => op).increment(1);
        let now = self.elapsed_ms();
        self.resume_at_ms
            .store(now + COOL_DOWN.as_millis() as u64, Ordering::Relaxed);
        let unreported = self.unreported.fetch_add(1, Ordering::Relaxed) + 1;
        let last = self.warned_at_ms.load(Ordering::Relaxed);
        let due = last == 0 || now.saturating_sub(last) >= WARN_EVERY.as_millis() as u64;
        if due
            && self
                .warned_at_ms
                .compare_exchange(last, now.max(1), Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
        {
            self.unreported.fetch_sub(unreported, Ordering::Relaxed);
            tracing::warn!(
                %error,
                op,
                failures = unreported,
                cool_down_ms = COOL_DOWN.as_millis() as u64,
                "Redis unavailable; serving from the database and in-process counters"
            );
        }
    }
}
