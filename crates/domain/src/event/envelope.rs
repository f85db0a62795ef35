//! The envelope every event travels in, and decoding it back.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Event;

/// An event's unique id: a UUIDv7, so ids sort roughly by time; consumers deduplicate by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EventId(pub uuid::Uuid);

impl EventId {
    pub fn new() -> EventId {
        EventId(uuid::Uuid::now_v7())
    }
}

impl Default for EventId {
    fn default() -> Self {
        EventId::new()
    }
}

impl std::fmt::Display for EventId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::str::FromStr for EventId {
    type Err = uuid::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.parse().map(EventId)
    }
}

/// An event as recorded: `{"id","type","version","occurred_at","aggregate","key","sequence","data"}`.
#[derive(Debug, Clone, PartialEq)]
pub struct EventEnvelope {
    pub id: EventId,
    pub occurred_at: DateTime<Utc>,
    /// Position among the events of the same aggregate and key, from 1, in commit order.
    pub sequence: i64,
    pub event: Event,
}

/// Why a recorded event cannot be read as an [`Event`]; consumers dead-letter it with this
/// reason and move on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("malformed event: {0}")]
    Malformed(String),
    #[error("unknown event type {0:?}")]
    UnknownType(String),
    #[error("{event_type} version {version} is newer than this build reads (up to {known})")]
    FutureVersion {
        event_type: String,
        version: u32,
        known: u32,
    },
    /// Written before events were typed (version 0): its data is the old untyped payload.
    #[error("{0} was recorded before events were typed; its data has no schema")]
    Legacy(String),
}

/// The envelope's fields as they appear on the wire.
#[derive(Deserialize)]
struct Wire<'a> {
    id: EventId,
    #[serde(rename = "type")]
    event_type: std::borrow::Cow<'a, str>,
    version: u32,
    occurred_at: DateTime<Utc>,
    aggregate: std::borrow::Cow<'a, str>,
    key: String,
    sequence: i64,
    data: serde_json::Value,
}

impl EventEnvelope {
    pub fn to_json(&self) -> String {
        envelope_json(
            self.id,
            self.event.event_type(),
            self.event.version(),
            self.occurred_at,
            self.event.aggregate(),
            &self.event.key(),
            self.sequence,
            &self.event.data().to_string(),
        )
    }

    /// Reads an envelope; what cannot be read says why (see [`DecodeError`]).
    pub fn from_json(json: &[u8]) -> Result<EventEnvelope, DecodeError> {
        let wire: Wire<'_> =
            serde_json::from_slice(json).map_err(|e| DecodeError::Malformed(e.to_string()))?;
        let event = Event::decode(&wire.event_type, wire.version, wire.data)?;
        if event.aggregate() != wire.aggregate || event.key() != wire.key {
            return Err(DecodeError::Malformed(format!(
                "{} {}:{} names a different aggregate than its data ({}:{})",
                wire.event_type,
                wire.aggregate,
                wire.key,
                event.aggregate(),
                event.key()
            )));
        }
        Ok(EventEnvelope {
            id: wire.id,
            occurred_at: wire.occurred_at,
            sequence: wire.sequence,
            event,
        })
    }
}

/// The envelope JSON from its parts, as stored columns hold them (also for rows whose data
/// this build cannot type); `data` is JSON text, used as it is.
#[allow(clippy::too_many_arguments)]
pub fn envelope_json(
    id: EventId,
    event_type: &str,
    version: u32,
    occurred_at: DateTime<Utc>,
    aggregate: &str,
    key: &str,
    sequence: i64,
    data: &str,
) -> String {
    let text = |value: &str| serde_json::to_string(value).expect("strings serialize");
    let at = serde_json::to_string(&occurred_at).expect("times serialize");
    format!(
        r#"{{"id":"{id}","type":{},"version":{version},"occurred_at":{at},"aggregate":{},"key":{},"sequence":{sequence},"data":{data}}}"#,
        text(event_type),
        text(aggregate),
        text(key),
    )
}
