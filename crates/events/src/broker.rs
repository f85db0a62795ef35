//! A broker subscription as a consumer's [`Source`], and the store as the place Kafka's
//! shared subscriptions keep their offsets.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use chrono::Utc;
use hireboard_bus::offsets::OffsetError;
use hireboard_bus::{Delivery, OffsetStore, Position, Subscriber};
use hireboard_domain::event::EventEnvelope;
use hireboard_store::Store;

use crate::runner::{Incoming, Source, SourceError};

/// Messages read from a broker; acknowledged once handled.
pub struct BrokerSource {
    subscriber: Subscriber,
    /// Handed out and not yet acknowledged, by their position in this source.
    pending: VecDeque<(i64, Delivery)>,
    handed: i64,
    /// How far the outbox positions stamped on the messages have come, for a consumer that
    /// keeps its own position.
    watermark: Option<Watermark>,
}

/// The highest outbox position handed out in each lane of a subscription. A lane delivers in
/// the order the relay published, which is position order, so a message at position `p` in a
/// lane means every wanted event of that lane below `p` came before it; every event at or
/// below the lowest of the lanes has been handed out. Messages at or below their lane's
/// mark are the relay publishing again (after a restart, or one relay taking over from
/// another) or what a catch-up from the outbox already handed out: they are skipped.
struct Watermark {
    /// The outbox whose positions count; another deployment's messages on a shared broker
    /// are skipped.
    log: String,
    /// Where it started: every event at or below it was handed out before.
    after: i64,
    lanes: Vec<i64>,
}

impl Watermark {
    fn through(&self) -> i64 {
        self.lanes.iter().copied().min().unwrap_or(self.after)
    }
}

/// What to do with a delivery.
enum Placed {
    /// Handed out before, or from another outbox: acknowledge it and go on.
    Seen,
    /// Hand it out, with the position every event is handed out through, if known.
    New { through: Option<i64> },
}

impl BrokerSource {
    pub fn new(subscriber: Subscriber) -> BrokerSource {
        BrokerSource {
            subscriber,
            pending: VecDeque::new(),
            handed: 0,
            watermark: None,
        }
    }

    /// From here on, hands out only messages stamped after position `after` of `log` (the
    /// deployment's outbox) and after what each lane already brought, each with the position
    /// every event is handed out through. The subscription must have been opened before the
    /// events after `after` were published: the caller read the outbox up to `after` after
    /// subscribing.
    pub fn follow_after(&mut self, log: String, after: i64) {
        self.watermark = Some(Watermark {
            log,
            after,
            lanes: vec![after; self.subscriber.lanes()],
        });
    }

    /// The outbox position every event has been handed out through, once following.
    pub fn through(&self) -> Option<i64> {
        self.watermark.as_ref().map(Watermark::through)
    }

    fn place(&mut self, delivery: &Delivery) -> Placed {
        let Some(watermark) = &mut self.watermark else {
            return Placed::New { through: None };
        };
        if let Some(Position { log, at: position }) = &delivery.message.position {
            if *log != watermark.log {
                return Placed::Seen;
            }
            let (lane, position) = (delivery.lane(), *position);
            if lane >= watermark.lanes.len() {
                watermark.lanes.resize(lane + 1, watermark.after);
            }
            if position <= watermark.lanes[lane] {
                return Placed::Seen;
            }
            watermark.lanes[lane] = position;
        }
        Placed::New {
            through: Some(watermark.through()),
        }
    }
}

fn unavailable(error: hireboard_bus::BusError) -> SourceError {
    SourceError(format!("the broker failed: {error}"))
}

/// The event a message carries, checked against what the broker routed it by.
fn decode(delivery: &Delivery) -> Result<EventEnvelope, String> {
    let message = &delivery.message;
    let envelope = EventEnvelope::from_json(&message.payload).map_err(|e| e.to_string())?;
    if envelope.event.event_type() != message.event_type || envelope.id.to_string() != message.id {
        return Err(format!(
            "the message says {} {} but carries {} {}",
            message.event_type,
            message.id,
            envelope.event.event_type(),
            envelope.id
        ));
    }
    Ok(envelope)
}

#[async_trait]
impl Source for BrokerSource {
    async fn next(&mut self, max: usize, wait: Duration) -> Result<Vec<Incoming>, SourceError> {
        let deliveries = self.subscriber.next(max, wait).await.map_err(unavailable)?;
        let mut incoming = Vec::with_capacity(deliveries.len());
        for delivery in deliveries {
            let Placed::New { through } = self.place(&delivery) else {
                self.subscriber.ack(&delivery).await.map_err(unavailable)?;
                continue;
            };
            self.handed += 1;
            incoming.push(Incoming {
                event: decode(&delivery),
                raw: String::from_utf8_lossy(&delivery.message.payload).into_owned(),
                position: self.handed,
                outbox_position: delivery.message.position.as_ref().map(|p| p.at),
                through,
            });
            self.pending.push_back((self.handed, delivery));
        }
        Ok(incoming)
    }

    async fn commit(&mut self, position: i64) -> Result<(), SourceError> {
        while let Some((handed, _)) = self.pending.front() {
            if *handed > position {
                break;
            }
            let (_, delivery) = self.pending.pop_front().expect("a front entry");
            self.subscriber.ack(&delivery).await.map_err(unavailable)?;
        }
        Ok(())
    }
}

/// Kafka offsets of shared subscriptions, kept as consumer positions (stream `kafka:N`).
pub struct StoredOffsets(pub Arc<dyn Store>);

fn partition_stream(partition: i32) -> String {
    format!("kafka:{partition}")
}

#[async_trait]
impl OffsetStore for StoredOffsets {
    async fn load(&self, group: &str, partition: i32) -> Result<Option<i64>, OffsetError> {
        let stream = partition_stream(partition);
        Ok(self.0.consumers().position(group, &stream).await?)
    }

    async fn save(&self, group: &str, partition: i32, next_offset: i64) -> Result<(), OffsetError> {
        let stream = partition_stream(partition);
        let log = self.0.consumers();
        Ok(log
            .save_position(group, &stream, next_offset, Utc::now())
            .await?)
    }
}
