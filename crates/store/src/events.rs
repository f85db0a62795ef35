//! The outbox as an event log: positions assigned after commit by a sequencer, so a reader
//! that pages by position never skips an event whose transaction committed late.
//!
//! Every write records its events with an id, a version and the next sequence number of its
//! (aggregate, key), taken from `event_sequences` with a row-locking upsert in the writing
//! transaction: writers of one key serialize there, so sequence order is commit order per
//! key. The row's `position` stays NULL until [`EventLog::sequence`] runs a pass: it locks
//! the one `outbox_sequencer` row (passes run one at a time; on SQLite the pass runs on the
//! writer), takes committed rows without a position in id order (`FOR UPDATE SKIP LOCKED` on
//! PostgreSQL and MySQL, where rows of open transactions are invisible or locked), and
//! numbers them after the last position, without gaps. A row that commits later gets a
//! later position, so `WHERE position > p` never passes over it.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use hireboard_domain::event::{DecodeError, EventEnvelope};

use crate::StoreResult;

/// One sequenced outbox row.
#[derive(Debug, Clone)]
pub struct OutboxRecord {
    pub position: i64,
    /// The typed event, or why this build cannot read it (for the consumer to dead-letter;
    /// not a store error).
    pub envelope: Result<EventEnvelope, DecodeError>,
    /// The envelope's JSON as stored, what a relay publishes.
    pub raw: String,
}

/// A sequenced outbox row as a relay forwards it: what brokers route by, and its JSON, not
/// decoded.
#[derive(Debug, Clone)]
pub struct RawEvent {
    pub position: i64,
    pub id: String,
    pub event_type: String,
    /// 0 for rows recorded before events were typed.
    pub version: u32,
    pub key: String,
    pub occurred_at: DateTime<Utc>,
    /// The envelope's JSON.
    pub raw: String,
}

#[async_trait]
pub trait EventLog: Send + Sync {
    /// One sequencer pass: gives positions to up to `limit` (at most 1,000) committed
    /// events, in id order; returns how many it numbered.
    async fn sequence(&self, limit: u32) -> StoreResult<u32>;
    /// Sequenced events after `position`, in position order.
    async fn events_after(&self, position: i64, limit: u32) -> StoreResult<Vec<OutboxRecord>>;
    /// As [`EventLog::events_after`], undecoded: for a relay, which only forwards them.
    async fn raw_after(&self, position: i64, limit: u32) -> StoreResult<Vec<RawEvent>>;
    /// The highest position given (0 when none): where a consumer that only cares about
    /// what happens from now on starts.
    async fn head(&self) -> StoreResult<i64>;
    /// When the oldest event still waiting for a position happened, if any (sequencer lag).
    async fn oldest_unsequenced_at(&self) -> StoreResult<Option<DateTime<Utc>>>;
}
