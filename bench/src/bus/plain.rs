//! Plain publishers: what a developer would write with each client library directly, sending
//! the bus's messages (same exchange, stream or topic; same ids and headers) with the same
//! confirms: every batch pipelined, then every confirm awaited.

use std::{
    collections::BTreeMap,
    hash::{DefaultHasher, Hash, Hasher},
};

use anyhow::{bail, Context};
use hireboard_bus::Message;

pub enum Publisher {
    /// The connection is kept only because dropping it closes the channel.
    Amqp {
        channel: lapin::Channel,
        _connection: lapin::Connection,
    },
    Nats(async_nats::jetstream::Context),
    Kafka(Vec<rskafka::client::partition::PartitionClient>),
}

impl Publisher {
    pub async fn connect(url: &str) -> anyhow::Result<Publisher> {
        if url.starts_with("amqp") {
            let connection = lapin::Connection::connect(url, Default::default()).await?;
            let channel = connection.create_channel().await?;
            channel.confirm_select(Default::default()).await?;
            return Ok(Publisher::Amqp {
                channel,
                _connection: connection,
            });
        }
        if url.starts_with("nats") {
            return Ok(Publisher::Nats(async_nats::jetstream::new(
                async_nats::connect(url).await?,
            )));
        }
        let Some(brokers) = url.strip_prefix("kafka://") else {
            bail!("unknown scheme");
        };
        let brokers = brokers
            .trim_end_matches('/')
            .split(',')
            .map(str::to_owned)
            .collect();
        let client = rskafka::client::ClientBuilder::new(brokers).build().await?;
        let topics = client.list_topics().await?;
        let topic = topics
            .iter()
            .find(|topic| topic.name == "hireboard.events")
            .context("no topic hireboard.events")?;
        let mut partitions = Vec::new();
        for partition in &topic.partitions {
            let handling = rskafka::client::partition::UnknownTopicHandling::Retry;
            partitions.push(
                client
                    .partition_client(&topic.name, *partition, handling)
                    .await?,
            );
        }
        Ok(Publisher::Kafka(partitions))
    }

    pub async fn publish(&self, messages: &[Message]) -> anyhow::Result<()> {
        match self {
            Publisher::Amqp { channel, .. } => {
                let mut confirms = Vec::new();
                for m in messages {
                    let mut headers = lapin::types::FieldTable::default();
                    headers.insert(
                        "key".into(),
                        lapin::types::AMQPValue::LongString(m.key.as_str().into()),
                    );
                    let properties = lapin::BasicProperties::default()
                        .with_message_id(m.id.as_str().into())
                        .with_type(m.event_type.as_str().into())
                        .with_content_type("application/json".into())
                        .with_delivery_mode(2)
                        .with_headers(headers);
                    let options = Default::default();
                    let routing_key = m.event_type.as_str().into();
                    confirms.push(
                        channel
                            .basic_publish(
                                "hireboard.events".into(),
                                routing_key,
                                options,
                                &m.payload,
                                properties,
                            )
                            .await?,
                    );
                }
                for confirm in confirms {
                    if confirm.await?.is_nack() {
                        bail!("nacked");
                    }
                }
            }
            Publisher::Nats(context) => {
                let mut acks = Vec::new();
                for m in messages {
                    let mut headers = async_nats::HeaderMap::new();
                    headers.insert(async_nats::header::NATS_MESSAGE_ID, m.id.as_str());
                    headers.insert("Hireboard-Key", m.key.as_str());
                    let subject = format!("hireboard.events.{}", m.event_type);
                    acks.push(
                        context
                            .publish_with_headers(subject, headers, m.payload.clone().into())
                            .await?,
                    );
                }
                for ack in acks {
                    ack.await?;
                }
            }
            Publisher::Kafka(partitions) => {
                let mut batches: BTreeMap<usize, Vec<rskafka::record::Record>> = BTreeMap::new();
                for m in messages {
                    let mut hasher = DefaultHasher::new();
                    m.key.hash(&mut hasher);
                    let partition = (hasher.finish() % partitions.len() as u64) as usize;
                    batches
                        .entry(partition)
                        .or_default()
                        .push(rskafka::record::Record {
                            key: Some(m.key.as_bytes().to_vec()),
                            value: Some(m.payload.clone()),
                            headers: BTreeMap::from([
                                ("id".to_owned(), m.id.as_bytes().to_vec()),
                                ("type".to_owned(), m.event_type.as_bytes().to_vec()),
                            ]),
                            timestamp: chrono::Utc::now(),
                        });
                }
                let produces = batches.into_iter().map(|(partition, records)| {
                    let compression = rskafka::client::partition::Compression::NoCompression;
                    partitions[partition].produce(records, compression)
                });
                futures_util::future::try_join_all(produces).await?;
            }
        }
        Ok(())
    }
}
