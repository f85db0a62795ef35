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
    /// Counted at most once by each consumer.
    pub event_id: String,
    pub job_code: JobCode,
    /// Changes to the number of applications at each stage.
    pub moves: Vec<(Stage, i64)>,
}

/// See [`crate::Store::pipelines`].
#[async_trait]
pub trait PipelineCounts: Send + Sync {
    /// Applies the moves of the `events` that `consumer` has not counted yet and records them
    /// as counted, all in one transaction; how many were counted now.
    async fn count_once(
        &self,
        consumer: &str,
        events: Vec<CountedEvent>,
        now: DateTime<Utc>,
    ) -> StoreResult<usize>;
    /// Forgets which events `consumer` counted before `before`, so the record does not grow
    /// for ever; a redelivery comes long before. How many were forgotten.
    async fn forget_counted(&self, consumer: &str, before: DateTime<Utc>) -> StoreResult<u64>;
    /// The posting's counts by stage; stages with no application may be missing.
    async fn pipeline(&self, job_code: JobCode) -> StoreResult<Vec<(Stage, i64)>>;
}
