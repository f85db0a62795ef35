//! The relay: publishes sequenced outbox events to the broker, in order, each batch confirmed
//! before its position is recorded. One instance at a time relays, under a lease; a broker
//! outage only delays events (writes never wait for the broker).

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use hireboard_bus::{count_by_type, Bus, Message, Position};
use hireboard_store::{RawEvent, Store};

use crate::outbox::SEQUENCE_BATCH;
use crate::{BrokerHealth, Retry, Shutdown};

/// Positions and the lease are kept under this name.
pub(crate) const RELAY: &str = "relay";
const BATCH: u32 = 500;
const POLL_EVERY: Duration = Duration::from_millis(10);
/// Short, since a relay that dies holding it stops events for up to this long; renewed every
/// third of it.
const LEASE: Duration = Duration::from_secs(3);
/// Retries of a batch the broker refused: patient, since events wait safely in the outbox.
const REPUBLISH: Retry = Retry {
    attempts: u32::MAX,
    first_delay: Duration::from_millis(100),
    max_delay: Duration::from_secs(5),
};

pub struct Relay {
    pub store: Arc<dyn Store>,
    pub bus: Arc<Bus>,
    /// Names this instance in the lease.
    pub instance: String,
    pub health: Arc<BrokerHealth>,
}

/// The broker message for a sequenced event, stamped with its position in the outbox of
/// `deployment`; `None` for rows recorded before events were typed (version 0), which no
/// consumer could use.
pub fn outbox_message(event: RawEvent, deployment: &str) -> Option<Message> {
    (event.version > 0 && !event.raw.is_empty()).then(|| Message {
        id: event.id,
        event_type: event.event_type,
        key: event.key,
        position: Some(Position {
            log: deployment.to_owned(),
            at: event.position,
        }),
        payload: event.raw.into_bytes(),
    })
}

/// A batch read from the outbox: its messages and the position it ends at.
struct Batch {
    messages: Vec<Message>,
    last: i64,
    oldest: Option<chrono::DateTime<Utc>>,
}

impl Relay {
    /// The sequenced events after `from`, or `None` when there are none yet.
    async fn read(&self, from: i64, deployment: &str) -> Result<Option<Batch>, String> {
        let events = self.store.events();
        let unreadable = |e| format!("cannot read the outbox: {e}");
        events.sequence(SEQUENCE_BATCH).await.map_err(unreadable)?;
        let rows = events.raw_after(from, BATCH).await.map_err(unreadable)?;
        let Some(last) = rows.last().map(|row| row.position) else {
            return Ok(None);
        };
        let (count, oldest) = (rows.len(), rows.first().map(|row| row.occurred_at));
        let messages: Vec<Message> = rows
            .into_iter()
            .filter_map(|row| outbox_message(row, deployment))
            .collect();
        if messages.len() < count {
            metrics::counter!("relay_unreadable_events_total")
                .increment((count - messages.len()) as u64);
        }
        Ok(Some(Batch {
            messages,
            last,
            oldest,
        }))
    }

    /// Relays until shutdown; the batch in hand is finished (confirmed and recorded) first.
    /// The next batch is read while one is being published, so the broker's round trips and
    /// the database's overlap.
    pub async fn run(self, shutdown: Shutdown) -> Result<(), String> {
        let stream = self.bus.name();
        let log = self.store.consumers();
        let deployment = self
            .store
            .deployment_id()
            .await
            .map_err(|e| format!("cannot read the deployment id: {e}"))?;
        let mut leased_until: Option<Instant> = None;
        let mut position = None;
        let mut ahead: Option<Batch> = None;
        let mut failures = 0;
        while !shutdown.requested() {
            let renew = leased_until.is_none_or(|until| {
                until.saturating_duration_since(Instant::now()) < LEASE * 2 / 3
            });
            if renew {
                let now = Utc::now();
                let until = now + chrono::Duration::from_std(LEASE).unwrap_or_default();
                let held = log
                    .try_lease(RELAY, &self.instance, now, until)
                    .await
                    .map_err(|e| format!("cannot take the relay's lease: {e}"))?;
                if !held {
                    // Another instance relays; its position may move meanwhile.
                    (leased_until, position, ahead) = (None, None, None);
                    shutdown.sleep(LEASE / 3).await;
                    continue;
                }
                leased_until = Some(Instant::now() + LEASE);
            }
            let from = match position {
                Some(from) => from,
                None => log
                    .position(RELAY, stream)
                    .await
                    .map_err(|e| format!("cannot read the relay's position: {e}"))?
                    .unwrap_or(0),
            };
            position = Some(from);
            let batch = match ahead.take() {
                Some(batch) => batch,
                None => match self.read(from, &deployment).await? {
                    Some(batch) => batch,
                    None => {
                        metrics::gauge!("outbox_lag_seconds").set(0.0);
                        shutdown.sleep(POLL_EVERY).await;
                        continue;
                    }
                },
            };
            if let Some(oldest) = batch.oldest {
                let age = (Utc::now() - oldest).num_milliseconds().max(0) as f64 / 1000.0;
                metrics::gauge!("outbox_lag_seconds").set(age);
            }
            let (published, next) = tokio::join!(
                self.bus.publish(&batch.messages),
                self.read(batch.last, &deployment)
            );
            match published {
                Ok(()) => {
                    self.health.worked();
                    if failures > 0 {
                        tracing::info!(failures, bus = stream, "the broker takes events again");
                        failures = 0;
                    }
                    for (event_type, count) in count_by_type(&batch.messages) {
                        metrics::counter!("events_published_total", "type" => event_type.to_owned())
                            .increment(count);
                    }
                    log.save_position(RELAY, stream, batch.last, Utc::now())
                        .await
                        .map_err(|e| format!("cannot save the relay's position: {e}"))?;
                    position = Some(batch.last);
                    ahead = next?;
                }
                Err(error) => {
                    self.health.failed(&error.to_string());
                    failures += 1;
                    if failures == 1 || failures % 50 == 0 {
                        tracing::warn!(%error, failures, bus = stream, "cannot publish events; retrying (writes are unaffected)");
                    }
                    ahead = Some(batch);
                    shutdown.sleep(REPUBLISH.delay(failures)).await;
                }
            }
        }
        if leased_until.is_some() {
            let _ = log.release_lease(RELAY, &self.instance).await;
        }
        Ok(())
    }
}
