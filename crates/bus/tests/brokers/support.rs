//! What the scenarios share: the broker under test, unique names and an in-memory offset
//! store (the proxy that cuts a broker off is the harness's).

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use async_trait::async_trait;
use hireboard_bus::{
    offsets::OffsetError, Bus, BusOptions, Delivery, Message, OffsetStore, Position, Subscriber,
};
use hireboard_test_harness::Server;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Broker {
    Rabbitmq,
    Nats,
    Kafka,
}

impl Broker {
    pub fn url(self) -> String {
        match self {
            Broker::Rabbitmq => Server::Rabbitmq.url(),
            Broker::Nats => Server::Nats.url(),
            Broker::Kafka => Server::Kafka.url(),
        }
    }

    pub async fn connect(self) -> Bus {
        connect_to(&self.url()).await
    }
}

pub async fn connect_to(url: &str) -> Bus {
    Bus::connect(url, options())
        .await
        .unwrap_or_else(|error| panic!("connecting to {url}: {error}"))
}

/// Short timeouts so that a failing test fails in seconds; JetStream redelivers unacked
/// messages of a silent subscriber after `ack_wait`.
pub fn options() -> BusOptions {
    BusOptions {
        connect_timeout: Duration::from_secs(3),
        operation_timeout: Duration::from_secs(5),
        ack_wait: Duration::from_secs(2),
        kafka_partitions: 4,
        offsets: Some(Arc::new(MemoryOffsets::default())),
    }
}

/// A name no earlier run used: durable groups and event types of old runs must not leak in.
pub fn unique(what: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_nanos();
    format!("test-{what}-{nanos}")
}

/// `count` messages of `event_type`, keyed round-robin over `keys` keys; each payload says
/// its key's sequence number. Every other one carries a position (its number, from 1), as the
/// relay's do; the rest carry none, as other publishers' may not.
pub fn messages(event_type: &str, count: usize, keys: usize) -> Vec<Message> {
    let mut sequence = vec![0usize; keys];
    (0..count)
        .map(|i| {
            let key = i % keys;
            sequence[key] += 1;
            Message {
                id: format!("{event_type}-{i}"),
                event_type: event_type.to_owned(),
                key: format!("key-{key}"),
                position: (i % 2 == 0).then(|| Position {
                    log: "test".into(),
                    at: i as i64 + 1,
                }),
                payload: format!("{{\"key\":{key},\"sequence\":{}}}", sequence[key]).into_bytes(),
            }
        })
        .collect()
}

/// Reads (and acks, if asked) until `want` messages arrived or `within` passed.
pub async fn collect(
    subscriber: &mut Subscriber,
    want: usize,
    within: Duration,
    ack: bool,
) -> Vec<Message> {
    let deadline = tokio::time::Instant::now() + within;
    let mut got = Vec::new();
    while got.len() < want && tokio::time::Instant::now() < deadline {
        let batch = next(subscriber, 256, Duration::from_millis(500)).await;
        for delivery in batch {
            if ack {
                subscriber.ack(&delivery).await.expect("ack");
            }
            got.push(delivery.message);
        }
    }
    got
}

pub async fn next(subscriber: &mut Subscriber, max: usize, wait: Duration) -> Vec<Delivery> {
    subscriber.next(max, wait).await.expect("next")
}

/// Kafka shared-subscription positions, kept the way the lead's database table will.
#[derive(Default)]
pub struct MemoryOffsets(Mutex<HashMap<(String, i32), i64>>);

#[async_trait]
impl OffsetStore for MemoryOffsets {
    async fn load(&self, group: &str, partition: i32) -> Result<Option<i64>, OffsetError> {
        Ok(self
            .0
            .lock()
            .unwrap()
            .get(&(group.to_owned(), partition))
            .copied())
    }

    async fn save(&self, group: &str, partition: i32, next: i64) -> Result<(), OffsetError> {
        self.0
            .lock()
            .unwrap()
            .insert((group.to_owned(), partition), next);
        Ok(())
    }
}

/// Deletes what a test's shared group left on the broker, with the plain clients.
pub async fn remove_group(broker: Broker, group: &str) {
    match broker {
        Broker::Rabbitmq => {
            let connection = lapin::Connection::connect(&broker.url(), Default::default())
                .await
                .expect("connect for cleanup");
            let channel = connection.create_channel().await.expect("channel");
            channel
                .queue_delete(format!("hireboard.{group}").into(), Default::default())
                .await
                .expect("delete the group's queue");
        }
        Broker::Nats => {
            let client = async_nats::connect(broker.url())
                .await
                .expect("connect for cleanup");
            async_nats::jetstream::new(client)
                .delete_consumer_from_stream(group, "HIREBOARD_EVENTS")
                .await
                .expect("delete the group's consumer");
        }
        // The offsets lived in the test's memory; records age out with the topic's retention.
        Broker::Kafka => {}
    }
}
