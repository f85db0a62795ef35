//! Kafka through rskafka (pure Rust, no system library): one topic with the message key as
//! record key, so a key stays in one partition and in order, and the id and type in headers.
//! rskafka has no consumer groups, so shared subscriptions keep their offsets in the caller's
//! [`crate::OffsetStore`]; see [`subscriber`].

mod partitioner;
mod subscriber;

use std::{collections::BTreeMap, sync::Arc, time::Duration};

use futures_util::future::try_join_all;
use rskafka::{
    client::{
        error::{Error as KafkaError, ProtocolError},
        partition::{Compression, PartitionClient, UnknownTopicHandling},
        Client, ClientBuilder,
    },
    record::Record,
    BackoffConfig,
};
use tokio::sync::Mutex;

use crate::{error::bounded, metrics, BusError, BusOptions, Message, Subscription};
pub(crate) use subscriber::KafkaSubscriber;

pub(crate) const NAME: &str = "kafka";
pub(crate) const TOPIC: &str = "hireboard.events";
const ID_HEADER: &str = "id";
const TYPE_HEADER: &str = "type";
const POSITION_HEADER: &str = "position";
const LOG_HEADER: &str = "position-log";

pub(crate) struct Kafka {
    brokers: Vec<String>,
    options: BusOptions,
    /// The client and one partition client per partition; `None` after a failure until the
    /// next call reconnects.
    link: Mutex<Option<Link>>,
}

#[derive(Clone)]
struct Link {
    partitions: Vec<Arc<PartitionClient>>,
}

impl Kafka {
    pub(crate) async fn connect(url: &str, options: BusOptions) -> Result<Kafka, BusError> {
        let brokers = brokers(url)?;
        let bus = Kafka {
            brokers,
            options,
            link: Mutex::new(None),
        };
        bus.link().await?;
        Ok(bus)
    }

    /// The live link, connecting (and creating the topic) if there is none.
    async fn link(&self) -> Result<Link, BusError> {
        let mut link = self.link.lock().await;
        if let Some(link) = link.as_ref() {
            return Ok(link.clone());
        }
        let opened = self.open().await?;
        metrics::connected(NAME, true);
        *link = Some(opened.clone());
        Ok(opened)
    }

    fn drop_link(&self, link: &mut Option<Link>) {
        *link = None;
        metrics::connected(NAME, false);
    }

    async fn open(&self) -> Result<Link, BusError> {
        // rskafka retries failed requests with backoff; without a deadline it would retry
        // for ever, so each operation gets ours.
        let backoff = BackoffConfig {
            init_backoff: Duration::from_millis(50),
            max_backoff: Duration::from_millis(500),
            base: 2.0,
            deadline: Some(self.options.operation_timeout),
        };
        let client = bounded(NAME, "connecting", self.options.connect_timeout, async {
            ClientBuilder::new(self.brokers.clone())
                .client_id("hireboard")
                .backoff_config(backoff)
                .build()
                .await
                .map_err(|error| failure("connecting", error))
        })
        .await?;
        bounded(
            NAME,
            "declaring the topic",
            self.options.operation_timeout,
            async {
                let count = partition_count(&client, self.options.kafka_partitions).await?;
                let client = &client;
                let partitions = (0..count).map(|partition| async move {
                    client
                        .partition_client(TOPIC, partition, UnknownTopicHandling::Retry)
                        .await
                        .map(Arc::new)
                        .map_err(|error| failure("opening a partition", error))
                });
                Ok(Link {
                    partitions: try_join_all(partitions).await?,
                })
            },
        )
        .await
    }

    pub(crate) async fn publish(&self, messages: &[Message]) -> Result<(), BusError> {
        let link = self.link().await?;
        let mut batches: BTreeMap<usize, Vec<Record>> = BTreeMap::new();
        for message in messages {
            let partition = partitioner::partition(message.key.as_bytes(), link.partitions.len());
            batches.entry(partition).or_default().push(record(message));
        }
        let result = bounded(NAME, "publishing", self.options.operation_timeout, async {
            // One produce request per partition keeps each key's order; acks=all (rskafka's
            // setting) means it returns once the broker stored them.
            let produces = batches.into_iter().map(|(partition, records)| {
                let client = Arc::clone(&link.partitions[partition]);
                async move {
                    client
                        .produce(records, Compression::NoCompression)
                        .await
                        .map_err(|error| failure("publishing", error))
                }
            });
            metrics::published(NAME, messages);
            try_join_all(produces).await.map(drop)
        })
        .await;
        if result.is_err() {
            self.drop_link(&mut *self.link.lock().await);
        }
        result
    }

    pub(crate) async fn subscribe(
        &self,
        subscription: &Subscription,
    ) -> Result<KafkaSubscriber, BusError> {
        let link = self.link().await?;
        let result = bounded(NAME, "subscribing", self.options.operation_timeout, async {
            KafkaSubscriber::start(link.partitions, subscription, &self.options).await
        })
        .await;
        if result.as_ref().is_err_and(BusError::is_retryable) {
            self.drop_link(&mut *self.link.lock().await);
        }
        result
    }
}

/// `kafka://host:port[,host:port...]` as bootstrap brokers.
fn brokers(url: &str) -> Result<Vec<String>, BusError> {
    let invalid = |why: &str| BusError::InvalidUrl(format!("{}: {why}", crate::redact(url)));
    let rest = url
        .strip_prefix("kafka://")
        .ok_or_else(|| invalid("not kafka://"))?;
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    if rest.contains(['/', '?', '@']) {
        return Err(invalid(
            "expected kafka://host:port[,host:port], without path, query or user",
        ));
    }
    rest.split(',')
        .map(|broker| match broker.rsplit_once(':') {
            Some((host, port)) if !host.is_empty() && port.parse::<u16>().is_ok() => {
                Ok(broker.to_owned())
            }
            _ => Err(invalid("every broker needs host:port")),
        })
        .collect()
}

/// The topic's partition count, creating it with `wanted` partitions if it does not exist.
async fn partition_count(client: &Client, wanted: i32) -> Result<i32, BusError> {
    let existing = |topics: Vec<rskafka::topic::Topic>| {
        topics
            .into_iter()
            .find(|topic| topic.name == TOPIC)
            .map(|topic| topic.partitions.len())
            .filter(|count| *count > 0)
    };
    let topics = client
        .list_topics()
        .await
        .map_err(|error| failure("listing topics", error))?;
    if let Some(count) = existing(topics) {
        return Ok(count as i32);
    }
    let controller = client
        .controller_client()
        .map_err(|error| failure("finding the controller", error))?;
    match controller
        .create_topic(TOPIC, wanted.max(1), 1, 5_000)
        .await
    {
        Ok(()) => {}
        // Another instance created it first.
        Err(KafkaError::ServerError {
            protocol_error: ProtocolError::TopicAlreadyExists,
            ..
        }) => {}
        Err(error) => return Err(failure("creating the topic", error)),
    }
    // A new topic's metadata can lag its creation by a moment.
    loop {
        let topics = client
            .list_topics()
            .await
            .map_err(|error| failure("listing topics", error))?;
        if let Some(count) = existing(topics) {
            return Ok(count as i32);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn record(message: &Message) -> Record {
    Record {
        key: Some(message.key.as_bytes().to_vec()),
        value: Some(message.payload.clone()),
        headers: BTreeMap::from_iter(
            [
                Some((ID_HEADER, message.id.clone())),
                Some((TYPE_HEADER, message.event_type.clone())),
                message
                    .position
                    .as_ref()
                    .map(|position| (LOG_HEADER, position.log.clone())),
                message
                    .position
                    .as_ref()
                    .map(|position| (POSITION_HEADER, position.at.to_string())),
            ]
            .into_iter()
            .flatten()
            .map(|(name, value)| (name.to_owned(), value.into_bytes())),
        ),
        timestamp: chrono::Utc::now(),
    }
}

/// Every rskafka error is taken as retryable: after its own retries it fails only when the
/// broker is away, slow or electing; a misconfigured topic shows in the message.
fn failure(doing: &'static str, error: KafkaError) -> BusError {
    BusError::unavailable(NAME, doing, error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broker_lists_are_parsed_and_bad_ones_refused() {
        assert_eq!(
            brokers("kafka://127.0.0.1:9092").unwrap(),
            ["127.0.0.1:9092"]
        );
        assert_eq!(brokers("kafka://a:1,b:2/").unwrap(), ["a:1", "b:2"]);
        for bad in [
            "kafka://",
            "kafka://host",
            "kafka://host:port",
            "kafka://h:1/topic",
            "kafka://u:p@h:1",
        ] {
            let error = brokers(bad).expect_err(bad);
            assert!(
                !error.is_retryable() && !error.to_string().contains('\n'),
                "{error}"
            );
        }
    }
}
