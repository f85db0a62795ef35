//! Applicant counts per stage of each posting: a read model kept from application events by a
//! consumer, counted once per event however often the event is delivered.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use hireboard_domain::application::Stage;
use hireboard_domain::ids::JobCode;

use crate::StoreResult;

/// One event's effect on one posting's counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountedEvent {
    /// Who counts (a consumer's name) and which event: counted at most once per pair.
    pub consumer: String,
    pub event_id: String,
    pub job_code: JobCode,
    /// Changes to the number of applications at each stage.
    pub moves: Vec<(Stage, i64)>,
    pub now: DateTime<Utc>,
}

/// See [`crate::Store::pipelines`].
#[async_trait]
pub trait PipelineCounts: Send + Sync {
    /// Applies `event`'s moves and records the event as applied, in one transaction; `false`
    /// (and nothing changed) when the consumer applied this event before.
    async fn count_once(&self, event: CountedEvent) -> StoreResult<bool>;
    /// Forgets which events `consumer` counted before `before`, so the record does not grow
    /// for ever; a redelivery comes long before. How many were forgotten.
    async fn forget_counted(&self, consumer: &str, before: DateTime<Utc>) -> StoreResult<u64>;
    /// The posting's counts by stage; stages with no application may be missing.
    async fn pipeline(&self, job_code: JobCode) -> StoreResult<Vec<(Stage, i64)>>;
}
