//! Each posting's pipeline at a glance (how many applicants at each stage), for its
//! recruiters: counted by a shared consumer of application events, once per event.

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use hireboard_domain::application::{pipeline_moves, Pipeline};
use hireboard_domain::ids::JobCode;
use hireboard_events::{Consumer, Delivered, HandleError, Scope};
use hireboard_store::CountedEvent;

use crate::context::RequestContext;
use crate::error::ServiceResult;
use crate::Hireboard;

/// The consumer's name, under which the events it counted are recorded.
const PIPELINE: &str = "pipeline";
/// How long counted events are remembered: any redelivery comes long before.
const REMEMBER: chrono::Duration = chrono::Duration::days(7);
/// How often the oldest are forgotten.
const FORGET_EVERY: chrono::Duration = chrono::Duration::hours(1);

impl Hireboard {
    /// A posting's applicants by stage, for its company's recruiters and admins. Counted from
    /// events, so it trails the applications themselves by the backbone's latency.
    pub async fn pipeline(&self, ctx: &RequestContext, code: JobCode) -> ServiceResult<Pipeline> {
        let posting = self.managed_posting(&ctx.actor, code).await?;
        let counts = self.store().pipelines().pipeline(posting.job_code).await?;
        Ok(Pipeline::from_counts(posting.job_code, &counts))
    }

    /// The consumer that keeps the pipeline counts: run it with the shared work (one
    /// instance at a time handles each event).
    pub fn pipeline_consumer(&self) -> Arc<dyn Consumer> {
        Arc::new(PipelineConsumer {
            service: self.clone(),
            forgotten_at: Mutex::new(None),
        })
    }
}

struct PipelineConsumer {
    service: Hireboard,
    /// When this instance last forgot old counted events.
    forgotten_at: Mutex<Option<DateTime<Utc>>>,
}

impl PipelineConsumer {
    /// A count is not idempotent, so each event is recorded as counted with the count, and
    /// one counted before changes nothing.
    async fn count(&self, events: &[Delivered<'_>]) -> Result<(), HandleError> {
        let counted: Vec<CountedEvent> = events
            .iter()
            .filter_map(|delivered| {
                let (job_code, moves) = pipeline_moves(&delivered.event.event)?;
                Some(CountedEvent {
                    event_id: delivered.event.id.to_string(),
                    job_code,
                    moves,
                })
            })
            .collect();
        let offered = counted.len();
        let now = self.service.clock().now();
        let pipelines = self.service.store().pipelines();
        let new = pipelines.count_once(PIPELINE, counted, now).await?;
        if new < offered {
            tracing::debug!(
                again = offered - new,
                "events delivered again; counted before"
            );
        }
        Ok(())
    }
}

#[async_trait]
impl Consumer for PipelineConsumer {
    fn name(&self) -> &'static str {
        PIPELINE
    }

    fn scope(&self) -> Scope {
        Scope::Shared
    }

    fn types(&self) -> &'static [&'static str] {
        &[
            "application.submitted",
            "application.stage_changed",
            "application.withdrawn",
        ]
    }

    async fn handle(&self, delivered: Delivered<'_>) -> Result<(), HandleError> {
        self.count(&[delivered]).await
    }

    /// A whole read in one transaction: one commit for hundreds of applications.
    async fn handle_all(&self, events: &[Delivered<'_>]) -> Result<bool, HandleError> {
        self.count(events).await.map(|()| true)
    }

    /// Idle now: a good moment to forget what was counted long ago.
    async fn caught_up(&self) {
        let now = self.service.clock().now();
        {
            let mut at = self.forgotten_at.lock().expect("not poisoned");
            if at.is_some_and(|at| now - at < FORGET_EVERY) {
                return;
            }
            *at = Some(now);
        }
        let pipelines = self.service.store().pipelines();
        match pipelines.forget_counted(PIPELINE, now - REMEMBER).await {
            Ok(0) => {}
            Ok(forgotten) => tracing::info!(forgotten, "forgot events counted a week ago"),
            Err(error) => tracing::warn!(%error, "cannot forget old counted events; trying later"),
        }
    }
}
