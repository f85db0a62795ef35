//! Message-broker plumbing for hireboard's events: RabbitMQ, NATS JetStream or Kafka behind one
//! small API. It moves opaque [`Message`]s and knows nothing of hireboard's domain; the relay
//! that publishes the outbox and the consumers that read it back live elsewhere.
//!
//! - [`Bus::connect`] picks the broker by URL scheme (`amqp://`, `amqps://`, `nats://`,
//!   `kafka://host:port[,host:port]`) and declares the topology idempotently.
//! - [`Bus::publish`] returns only when the broker has confirmed every message (publisher
//!   confirms, JetStream publish acks, Kafka produce acks), and keeps each key's messages in
//!   the order given.
//! - [`Bus::subscribe`] opens a [`Subscriber`]: [`SubscriptionKind::Shared`] is durable and
//!   shared by every instance of a group (each message handled by one of them, unacked ones
//!   redelivered after a crash), [`SubscriptionKind::PerInstance`] sees every message published
//!   after it subscribed.
//!
//! # What each broker guarantees
//! | | RabbitMQ | NATS JetStream | Kafka |
//! | --- | --- | --- | --- |
//! | shared group | durable queue `hireboard.<group>`, single active consumer: one instance reads at a time, others take over when it goes | durable pull consumer `<group>`: instances share the messages | offsets in the caller's [`OffsetStore`]; no coordination: each instance reads everything |
//! | key order with several instances of a group | holds | holds within one subscriber only (two pull in turn) | holds per subscriber (a key stays in one partition) |
//! | unacked after a crash | redelivered when the connection closes | redelivered after [`BusOptions::ack_wait`] | redelivered from the stored offset |
//! | duplicates of a re-published id | delivered again | dropped within 2 minutes | delivered again |
//!
//! So a shared consumer deduplicates by id on every broker, and where key order across
//! instances matters on NATS or Kafka, one instance per group reads at a time (a lease).
//!
//! # Failures and reconnection
//! Nothing waits forever: connecting is bounded by [`BusOptions::connect_timeout`] and every
//! broker operation by [`BusOptions::operation_timeout`]. When the broker goes away, the call
//! that notices fails with an error whose [`BusError::is_retryable`] is true and the bus drops
//! its connection; the *next* call connects again. The caller owns the retry policy (backoff,
//! how long to keep events in the outbox): publishing the same messages again is safe because
//! consumers deduplicate by [`Message::id`] (JetStream also drops duplicates server-side within
//! its window). A [`Subscriber`] whose connection broke keeps failing with retryable errors:
//! drop it and subscribe again; a shared subscription resumes where its group left off.
//!
//! # Metrics
//! `bus_published_total{bus,type}` (handed to the broker), `bus_confirmed_total{bus,type}`,
//! `bus_publish_errors_total{bus}`, `bus_consumed_total{bus,type}` and the gauge
//! `bus_connected{bus}` (1 while the publishing connection is up).
//!
//! Layout: `error` and `options` are shared; `amqp`, `nats` and `kafka` are the backends;
//! [`offsets`] is the position store that Kafka's shared subscriptions need.

mod amqp;
mod error;
mod kafka;
mod metrics;
mod nats;
pub mod offsets;
mod options;
mod ready;

use std::time::Duration;

pub use error::BusError;
pub use offsets::OffsetStore;
pub use options::BusOptions;

/// One event on the bus: opaque to this crate except for the fields brokers route by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The event's id (UUID text): the deduplication key.
    pub id: String,
    /// The event type, e.g. `posting.published`: what subscriptions filter on.
    pub event_type: String,
    /// The ordering key: messages with one key are delivered in the order published.
    pub key: String,
    /// Where the publisher's log put it, carried in headers: a subscriber that keeps its own
    /// position resumes by it.
    pub position: Option<Position>,
    /// The event itself (JSON), passed through untouched.
    pub payload: Vec<u8>,
}

/// A place in a publisher's log (hireboard's relay: the outbox of one deployment). Places in
/// different logs cannot be compared: brokers shared by several deployments carry several.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    /// Names the log (a deployment id).
    pub log: String,
    pub at: i64,
}

impl Position {
    /// The position from its two header values, if both are there and `at` is a number.
    pub(crate) fn from_headers(log: Option<String>, at: Option<String>) -> Option<Position> {
        let at = at?.parse().ok()?;
        Some(Position { log: log?, at })
    }
}

/// How many of `messages` are of each type: metrics count a batch with one increment per
/// type rather than one registry lookup per message.
pub fn count_by_type<'a>(
    messages: impl IntoIterator<Item = &'a Message>,
) -> std::collections::BTreeMap<&'a str, u64> {
    let mut counts = std::collections::BTreeMap::new();
    for message in messages {
        *counts.entry(message.event_type.as_str()).or_default() += 1;
    }
    counts
}

/// What a subscriber wants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    pub kind: SubscriptionKind,
    /// Event types to receive; others are never returned by [`Subscriber::next`].
    pub types: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubscriptionKind {
    /// One durable position for every instance of `group`, resumed after a restart; messages
    /// not acked are delivered again. A new group starts with what is published after it
    /// first subscribes, on every broker. How instances share it differs by broker (crate docs).
    Shared { group: String },
    /// This subscriber alone, from now on: every message published after `subscribe` returned.
    PerInstance,
}

/// A message read from the bus, to be passed back to [`Subscriber::ack`] once handled.
#[derive(Debug)]
pub struct Delivery {
    pub message: Message,
    receipt: Receipt,
}

impl Delivery {
    /// The lane it came through, below [`Subscriber::lanes`]: a subscriber gets each lane's
    /// messages in the order they were published. Kafka has a lane per partition; RabbitMQ
    /// and JetStream deliver one subscription's messages in one.
    pub fn lane(&self) -> usize {
        match &self.receipt {
            Receipt::Kafka { partition, .. } => usize::try_from(*partition).unwrap_or(0),
            Receipt::Amqp(_) | Receipt::Nats(_) => 0,
        }
    }
}

/// How to acknowledge a delivery on the backend it came from.
enum Receipt {
    Amqp(lapin::Acker),
    Nats(Option<Box<async_nats::jetstream::message::Acker>>),
    Kafka { partition: i32, offset: i64 },
}

impl std::fmt::Debug for Receipt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Receipt::Amqp(_) => f.write_str("Receipt::Amqp"),
            Receipt::Nats(_) => f.write_str("Receipt::Nats"),
            Receipt::Kafka { partition, offset } => {
                write!(f, "Receipt::Kafka({partition}@{offset})")
            }
        }
    }
}

/// A connection to one broker, shared by the publisher and the subscribers it opens.
pub struct Bus(Backend);

/// Boxed where large: a bus is made once, and the variants differ by a kilobyte.
enum Backend {
    Amqp(Box<amqp::Amqp>),
    Nats(Box<nats::Nats>),
    Kafka(kafka::Kafka),
}

impl Bus {
    /// Connects to the broker `url` names and declares the topology. Fails (with a one-line
    /// message) on a URL this crate cannot use and, retryably, on a broker that does not answer
    /// within [`BusOptions::connect_timeout`].
    pub async fn connect(url: &str, options: BusOptions) -> Result<Bus, BusError> {
        let scheme = url.split_once("://").map(|(scheme, _)| scheme);
        match scheme {
            Some("amqp" | "amqps") => amqp::Amqp::connect(url, options)
                .await
                .map(|amqp| Backend::Amqp(Box::new(amqp))),
            Some("nats" | "tls") => nats::Nats::connect(url, options)
                .await
                .map(|nats| Backend::Nats(Box::new(nats))),
            Some("kafka") => kafka::Kafka::connect(url, options)
                .await
                .map(Backend::Kafka),
            _ => Err(BusError::InvalidUrl(format!(
                "{:?} is not a bus URL: use amqp://, nats:// or kafka://host:port",
                redact(url)
            ))),
        }
        .map(Bus)
    }

    /// The backend's name, as used in metric labels: `amqp`, `nats` or `kafka`.
    pub fn name(&self) -> &'static str {
        match &self.0 {
            Backend::Amqp(_) => amqp::NAME,
            Backend::Nats(_) => nats::NAME,
            Backend::Kafka(_) => kafka::NAME,
        }
    }

    /// Publishes `messages` in order and returns once the broker has confirmed all of them.
    /// On error some of them may have been stored: publish them all again (see the crate docs).
    pub async fn publish(&self, messages: &[Message]) -> Result<(), BusError> {
        if messages.is_empty() {
            return Ok(());
        }
        let name = self.name();
        let result = match &self.0 {
            Backend::Amqp(bus) => bus.publish(messages).await,
            Backend::Nats(bus) => bus.publish(messages).await,
            Backend::Kafka(bus) => bus.publish(messages).await,
        };
        match &result {
            Ok(()) => metrics::confirmed(name, messages),
            Err(_) => metrics::publish_failed(name),
        }
        result
    }

    /// Opens a subscriber (declaring its queue, consumer or offsets as needed).
    pub async fn subscribe(&self, subscription: Subscription) -> Result<Subscriber, BusError> {
        if subscription.types.is_empty() {
            return Err(BusError::Invalid(
                "a subscription needs at least one event type".into(),
            ));
        }
        Ok(Subscriber(match &self.0 {
            Backend::Amqp(bus) => Reader::Amqp(bus.subscribe(&subscription).await?),
            Backend::Nats(bus) => Reader::Nats(bus.subscribe(&subscription).await?),
            Backend::Kafka(bus) => Reader::Kafka(bus.subscribe(&subscription).await?),
        }))
    }
}

/// Reads one subscription's messages.
pub struct Subscriber(Reader);

enum Reader {
    Amqp(amqp::AmqpSubscriber),
    Nats(nats::NatsSubscriber),
    Kafka(kafka::KafkaSubscriber),
}

impl Subscriber {
    /// How many lanes its deliveries come through (see [`Delivery::lane`]).
    pub fn lanes(&self) -> usize {
        match &self.0 {
            Reader::Amqp(_) | Reader::Nats(_) => 1,
            Reader::Kafka(sub) => sub.lanes(),
        }
    }

    /// Up to `max` messages: returns as soon as at least one is available, or an empty list
    /// after `wait`. Each key's messages come in the order they were published.
    pub async fn next(&mut self, max: usize, wait: Duration) -> Result<Vec<Delivery>, BusError> {
        let max = max.max(1);
        let (name, deliveries) = match &mut self.0 {
            Reader::Amqp(sub) => (amqp::NAME, sub.next(max, wait).await?),
            Reader::Nats(sub) => (nats::NAME, sub.next(max, wait).await?),
            Reader::Kafka(sub) => (kafka::NAME, sub.next(max, wait).await?),
        };
        metrics::consumed(name, &deliveries);
        Ok(deliveries)
    }

    /// Records that `delivery` was handled, so that it is not delivered again. On Kafka the
    /// group's position moves past every delivery of that partition acked so far and none
    /// still pending.
    pub async fn ack(&mut self, delivery: &Delivery) -> Result<(), BusError> {
        match (&mut self.0, &delivery.receipt) {
            (Reader::Amqp(sub), Receipt::Amqp(acker)) => sub.ack(acker).await,
            (Reader::Nats(sub), Receipt::Nats(acker)) => sub.ack(acker.as_deref()).await,
            (Reader::Kafka(sub), Receipt::Kafka { partition, offset }) => {
                sub.ack(*partition, *offset).await
            }
            _ => Err(BusError::Invalid(
                "this delivery came from another kind of bus".into(),
            )),
        }
    }
}

/// `url` without its password, for error messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(start), Some(at)) if at > start => {
            let credentials = &url[start + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..start + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_stay_out_of_messages() {
        assert_eq!(
            redact("amqp://guest:secret@host:5672/%2f"),
            "amqp://guest:***@host:5672/%2f"
        );
        assert_eq!(redact("nats://127.0.0.1:4222"), "nats://127.0.0.1:4222");
    }

    #[test]
    fn a_batch_is_counted_by_type() {
        let message = |event_type: &str| Message {
            id: "id".into(),
            event_type: event_type.into(),
            key: "1".into(),
            position: None,
            payload: Vec::new(),
        };
        let batch = [
            "posting.updated",
            "application.submitted",
            "posting.updated",
        ]
        .map(message);
        let counts: Vec<_> = count_by_type(&batch).into_iter().collect();
        assert_eq!(
            counts,
            [("application.submitted", 1), ("posting.updated", 2)]
        );
    }

    #[tokio::test]
    async fn unknown_schemes_are_refused_with_the_ones_that_work() {
        let error = Bus::connect("redis://127.0.0.1", BusOptions::default())
            .await
            .err()
            .expect("refused")
            .to_string();
        assert!(
            error.contains("amqp://") && error.contains("kafka://"),
            "{error}"
        );
        assert!(!BusError::InvalidUrl(error).is_retryable());
    }
}
