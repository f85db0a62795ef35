//! The cache layer's error type. Callers only see it when a configuration cannot be used;
//! failures while running are absorbed (see the crate documentation) and logged with it.

use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    /// The URL or options cannot be used; the message says why.
    #[error("invalid cache configuration: {0}")]
    Config(String),
    /// Redis answered with an error, or the connection failed.
    #[error("redis: {0}")]
    Redis(#[from] redis::RedisError),
    /// Redis did not answer in time.
    #[error("redis did not answer within {} ms", .0.as_millis())]
    Timeout(Duration),
}
