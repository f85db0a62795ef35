//! hireboard's caches and counters: in process by default, shared across instances through
//! Redis when one is configured.
//!
//! The service layer uses two things from here, each built over a [`Shared`] backend:
//!
//! - [`Tiered`]: a cache of values by key. An in-process [moka] cache always sits in front;
//!   with Redis, a local miss first asks Redis (so one instance's database read serves every
//!   instance) and only then runs the fill. Concurrent misses for one key in one process wait
//!   for a single fill (stampede protection).
//! - [`Counters`]: windowed counters and remembered facts, for rate limits and the
//!   failed-login throttle. With Redis every instance counts against the same totals.
//!
//! Redis is an optimization, never a dependency: every call has a short timeout, and an
//! error or timeout degrades to the in-process path (the database for caches, per-instance
//! counters for limits), counts `cache_errors_total` and logs a rate-limited warning. After a
//! failure Redis is left alone for a second, so a dead server costs one timeout per second,
//! not one per request. Nothing here decides *when* cached values go stale: callers put a
//! generation in their keys (see the service layer's outbox-driven invalidation).
//!
//! Layout: [`remote`] wraps the Redis connection and its failure policy, [`tiered`] and
//! [`counters`] are the two building blocks, [`window`] says what a count means.

mod counters;
mod error;
mod remote;
mod tiered;
mod window;

pub use counters::Counters;
pub use error::CacheError;
pub use remote::{Redis, RedisOptions};
pub use tiered::{Codec, Tiered};
pub use window::{Limit, Window};

/// Where state shared between instances lives.
#[derive(Clone)]
pub enum Shared {
    /// Nothing is shared: the embedded default, and a single instance's choice.
    InProcess,
    /// A Redis server every instance talks to.
    Redis(Redis),
}

impl Shared {
    /// Redis at `options.url`, connecting lazily: a server that is down at start-up is not an
    /// error, only a URL that cannot be used is.
    pub fn redis(options: &RedisOptions) -> Result<Shared, CacheError> {
        Redis::connect(options).map(Shared::Redis)
    }

    fn redis_client(&self) -> Option<&Redis> {
        match self {
            Shared::InProcess => None,
            Shared::Redis(redis) => Some(redis),
        }
    }
}

/// A short, fixed-length digest of `subject` for use in keys: keeps emails and other
/// caller-supplied text (of any length) out of Redis and out of memory.
pub fn digest(subject: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(&Sha256::digest(subject.as_bytes())[..16])
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn only_redis_urls_are_accepted() {
        let options = RedisOptions {
            url: "memcached://127.0.0.1".into(),
            key_prefix: "x".into(),
            timeout: Duration::from_millis(100),
        };
        let error = Shared::redis(&options).err().expect("rejected").to_string();
        assert!(error.contains("redis://"), "{error}");
    }
}
