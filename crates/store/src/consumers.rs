//! What the event backbone keeps about its consumers: where each one is in each stream, the
//! events it gave up on (dead letters), and leases for work one instance does at a time.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::StoreResult;

/// Bookkeeping for consumers, relays and scheduled work; see [`crate::Store::consumers`].
#[async_trait]
pub trait ConsumerLog: Send + Sync {
    /// Where `consumer` is in `stream` (the outbox, or one broker partition): what it handled
    /// last. `None` before it saved a position there.
    async fn position(&self, consumer: &str, stream: &str) -> StoreResult<Option<i64>>;
    /// Records that `consumer` handled everything in `stream` up to `position`.
    async fn save_position(
        &self,
        consumer: &str,
        stream: &str,
        position: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// Keeps an event a consumer gave up on.
    async fn add_dead_letter(&self, letter: NewDeadLetter) -> StoreResult<i64>;
    /// Dead letters in id order after `after`, of one consumer or of all.
    async fn dead_letters(
        &self,
        consumer: Option<&str>,
        after: i64,
        limit: u32,
    ) -> StoreResult<Vec<DeadLetter>>;
    /// Asks for the named dead letters to be delivered again; how many were found.
    async fn request_replay(&self, which: &Replay, now: DateTime<Utc>) -> StoreResult<u64>;
    /// A consumer's dead letters whose replay was asked for, oldest first.
    async fn replays_due(&self, consumer: &str, limit: u32) -> StoreResult<Vec<DeadLetter>>;
    /// Settles a replayed dead letter: gone when it was handled, kept with the new error and
    /// attempts (and no pending replay) when it failed again.
    async fn settle_replay(
        &self,
        id: i64,
        failure: Option<(&str, u32)>,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// Takes or renews the lease `name` for `holder` until `until`, unless another holder's
    /// lease runs past `now`; whether `holder` holds it.
    async fn try_lease(
        &self,
        name: &str,
        holder: &str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> StoreResult<bool>;
    /// Gives up a lease `holder` holds, so another instance may take it at once.
    async fn release_lease(&self, name: &str, holder: &str) -> StoreResult<()>;
}

/// An event a consumer gave up on, as it arrived.
#[derive(Debug, Clone)]
pub struct NewDeadLetter {
    pub consumer: String,
    /// Absent when the message was too malformed to name its event.
    pub event_id: Option<String>,
    pub event_type: Option<String>,
    /// The message as received (JSON for every event this build writes).
    pub payload: String,
    pub error: String,
    pub attempts: u32,
    pub now: DateTime<Utc>,
}

/// A kept dead letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadLetter {
    pub id: i64,
    pub consumer: String,
    pub event_id: Option<String>,
    pub event_type: Option<String>,
    pub payload: String,
    pub error: String,
    pub attempts: u32,
    pub failed_at: DateTime<Utc>,
    pub replay_requested_at: Option<DateTime<Utc>>,
}

/// Which dead letters to deliver again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Replay {
    One(i64),
    Consumer(String),
}
