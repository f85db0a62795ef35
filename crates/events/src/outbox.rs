//! The in-process source: the outbox itself, read in sequenced order.

use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use chrono::Utc;
use hireboard_store::{Store, StoreError};

use crate::runner::{Incoming, Source, SourceError};

/// The stream name positions in the outbox are kept under.
pub const OUTBOX: &str = "outbox";
/// Most events numbered per sequencing pass (`EventLog::sequence`).
pub const SEQUENCE_BATCH: u32 = 1000;
/// How often an idle reader looks for new events: well inside the latency a consumer promises.
const POLL_EVERY: Duration = Duration::from_millis(20);

/// Reads the outbox after a position; a durable one keeps that position in the store.
pub struct OutboxSource {
    store: Arc<dyn Store>,
    /// Whose position is saved, when it is.
    durable: Option<&'static str>,
    /// The last position handed out.
    read: i64,
    /// Where it started.
    start: i64,
}

fn unavailable(error: StoreError) -> SourceError {
    SourceError(format!("cannot read the outbox: {error}"))
}

impl OutboxSource {
    /// For a shared consumer: from the position it saved (the beginning, for a new one).
    pub async fn durable(
        store: Arc<dyn Store>,
        consumer: &'static str,
    ) -> Result<OutboxSource, SourceError> {
        let saved = store.consumers().position(consumer, OUTBOX).await;
        let read = saved.map_err(unavailable)?.unwrap_or(0);
        Ok(OutboxSource {
            read,
            start: read,
            store,
            durable: Some(consumer),
        })
    }

    /// For a per-instance consumer: the latest `history` events, then what happens from now.
    pub async fn recent(store: Arc<dyn Store>, history: u32) -> Result<OutboxSource, SourceError> {
        let events = store.events();
        events.sequence(SEQUENCE_BATCH).await.map_err(unavailable)?;
        let head = events.head().await.map_err(unavailable)?;
        Ok(OutboxSource::after(
            store,
            (head - i64::from(history)).max(0),
        ))
    }

    /// The last position handed out.
    pub fn read_through(&self) -> i64 {
        self.read
    }

    /// For a per-instance consumer that kept its own position with its state.
    pub fn after(store: Arc<dyn Store>, position: i64) -> OutboxSource {
        OutboxSource {
            store,
            durable: None,
            read: position,
            start: position,
        }
    }
}

#[async_trait]
impl Source for OutboxSource {
    async fn next(&mut self, max: usize, wait: Duration) -> Result<Vec<Incoming>, SourceError> {
        let limit = u32::try_from(max).unwrap_or(u32::MAX);
        let deadline = Instant::now() + wait;
        loop {
            // Numbering first makes "nothing more" mean "nothing more committed before this
            // read began", which consumers may rely on (see `Consumer::caught_up`).
            let events = self.store.events();
            events.sequence(SEQUENCE_BATCH).await.map_err(unavailable)?;
            let records = events
                .events_after(self.read, limit)
                .await
                .map_err(unavailable)?;
            if let Some(last) = records.last() {
                self.read = last.position;
                return Ok(records
                    .into_iter()
                    .map(|record| Incoming {
                        event: record.envelope.map_err(|reason| reason.to_string()),
                        raw: record.raw,
                        position: record.position,
                        outbox_position: Some(record.position),
                        through: Some(record.position),
                    })
                    .collect());
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Ok(Vec::new());
            }
            tokio::time::sleep(left.min(POLL_EVERY)).await;
        }
    }

    async fn commit(&mut self, position: i64) -> Result<(), SourceError> {
        let Some(consumer) = self.durable else {
            return Ok(());
        };
        self.store
            .consumers()
            .save_position(consumer, OUTBOX, position, Utc::now())
            .await
            .map_err(|e| SourceError(format!("cannot save the consumer's position: {e}")))
    }

    async fn rewind(&mut self) -> Result<(), SourceError> {
        if let Some(consumer) = self.durable {
            let saved = self.store.consumers().position(consumer, OUTBOX).await;
            self.read = saved.map_err(unavailable)?.unwrap_or(0);
        }
        Ok(())
    }

    fn outbox_start(&self) -> Option<i64> {
        Some(self.start)
    }

    async fn lag(&mut self) -> Option<i64> {
        let head = self.store.events().head().await.ok()?;
        Some((head - self.read).max(0))
    }
}
