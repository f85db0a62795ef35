//! Positions of Kafka's shared subscriptions. rskafka has no consumer groups, so the caller
//! keeps each group's next offset per partition (hireboard in its database) behind this trait.

use async_trait::async_trait;

/// Durable next-offsets per (group, partition).
#[async_trait]
pub trait OffsetStore: Send + Sync {
    /// The offset `group` reads `partition` from next, or `None` when it never saved one
    /// (a new group: the subscription starts at the end and saves that at once).
    async fn load(&self, group: &str, partition: i32) -> Result<Option<i64>, OffsetError>;
    /// Records that `group` handled everything in `partition` before `next_offset`.
    async fn save(&self, group: &str, partition: i32, next_offset: i64) -> Result<(), OffsetError>;
}

/// A failure of the caller's store, passed on as a retryable bus error.
pub type OffsetError = Box<dyn std::error::Error + Send + Sync>;
