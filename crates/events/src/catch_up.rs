//! The source of a per-instance consumer that keeps its own outbox position (a search index)
//! when a broker is configured: the outbox from that position until nothing is left, then the
//! broker.
//!
//! Why nothing falls between the two: the broker subscription is opened first. The relay
//! publishes only sequenced events, and an event the outbox's last read did not return was
//! sequenced after that read began, so after the subscription opened: the broker delivers
//! it. Events the read did return may come through the broker as well; they are skipped by
//! position ([`BrokerSource::follow_after`]).

use std::time::Duration;

use async_trait::async_trait;

use crate::runner::{Incoming, Source, SourceError};
use crate::{BrokerSource, OutboxSource};

pub struct CatchUpSource {
    /// Until it has nothing more to give.
    outbox: Option<OutboxSource>,
    /// The deployment id: names the outbox in the positions the relay stamps.
    deployment: String,
    broker: BrokerSource,
    start: i64,
}

impl CatchUpSource {
    /// `broker` must be subscribed already; `outbox` (of `deployment`) reads after the
    /// consumer's position.
    pub fn new(broker: BrokerSource, outbox: OutboxSource, deployment: String) -> CatchUpSource {
        CatchUpSource {
            deployment,
            start: outbox.read_through(),
            outbox: Some(outbox),
            broker,
        }
    }
}

#[async_trait]
impl Source for CatchUpSource {
    async fn next(&mut self, max: usize, wait: Duration) -> Result<Vec<Incoming>, SourceError> {
        if let Some(outbox) = &mut self.outbox {
            let batch = outbox.next(max, Duration::ZERO).await?;
            if !batch.is_empty() {
                return Ok(batch);
            }
            let through = outbox.read_through();
            self.broker.follow_after(self.deployment.clone(), through);
            self.outbox = None;
            tracing::info!(through, "caught up from the outbox; following the broker");
        }
        self.broker.next(max, wait).await
    }

    /// The runner commits each read before the next, so the phase a commit belongs to is
    /// the one in hand.
    async fn commit(&mut self, position: i64) -> Result<(), SourceError> {
        match &mut self.outbox {
            Some(outbox) => outbox.commit(position).await,
            None => self.broker.commit(position).await,
        }
    }

    fn outbox_start(&self) -> Option<i64> {
        Some(self.start)
    }

    async fn lag(&mut self) -> Option<i64> {
        match &mut self.outbox {
            Some(outbox) => outbox.lag().await,
            None => None,
        }
    }
}
