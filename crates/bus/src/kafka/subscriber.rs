//! Reading the topic. Each subscriber reads every partition: a per-instance one from the
//! latest offsets when it subscribed, a shared one from its group's stored offsets (saved at
//! the latest offsets when the group first subscribes). Without consumer groups nothing stops two shared subscribers of one
//! group from reading the same records: run one reader per group at a time (a lease) or let
//! the consumers' deduplication by id absorb the repeats.
//!
//! A per-instance subscriber may also see a few records published just before it subscribed:
//! tansu's "latest offset" can trail its high watermark. Consumers deduplicate by id anyway.
//!
//! A shared subscription's stored offset for a partition moves to the oldest delivery still
//! unacked (or past everything read when none is), so a crash redelivers exactly what was
//! not acked, and records of unwanted types are skipped for good.

use std::{
    collections::{BTreeSet, VecDeque},
    sync::Arc,
    time::Duration,
};

use futures_util::future::try_join_all;
use rskafka::client::partition::{OffsetAt, PartitionClient};
use tokio::time::Instant;

use super::{failure, ID_HEADER, LOG_HEADER, NAME, POSITION_HEADER, TYPE_HEADER};
use crate::{
    error::bounded, BusError, BusOptions, Delivery, Message, OffsetStore, Position, Receipt,
    Subscription, SubscriptionKind,
};

/// Longest a fetch waits at the broker for new records. Fetches of all partitions run
/// together and a quiet partition's takes all of it, so this is what a record waits at
/// most before it is seen (tansu holds a fetch its whole wait): short, at the price of a few
/// dozen idle fetches a second.
const FETCH_WAIT: Duration = Duration::from_millis(20);
/// Most bytes one fetch returns per partition.
const FETCH_BYTES: i32 = 1 << 20;

pub(crate) struct KafkaSubscriber {
    partitions: Vec<Partition>,
    group: Option<Group>,
    types: Vec<String>,
    /// Read but not yet returned by `next`.
    ready: VecDeque<Delivery>,
    timeout: Duration,
}

struct Partition {
    client: Arc<PartitionClient>,
    /// The next offset to fetch.
    next: i64,
    /// Records below this offset were handled before this subscriber started (see [`align`]).
    skip_below: i64,
    /// Offsets returned or ready but not acked (shared subscriptions only).
    pending: BTreeSet<i64>,
    /// The offset last stored for the group.
    stored: i64,
}

struct Group {
    name: String,
    store: Arc<dyn OffsetStore>,
}

impl KafkaSubscriber {
    pub(super) async fn start(
        clients: Vec<Arc<PartitionClient>>,
        subscription: &Subscription,
        options: &BusOptions,
    ) -> Result<KafkaSubscriber, BusError> {
        let group = match &subscription.kind {
            SubscriptionKind::Shared { group } => Some(Group {
                name: group.clone(),
                store: options.offsets.clone().ok_or_else(|| {
                    BusError::Invalid(
                        "a shared subscription on Kafka needs BusOptions::offsets (an OffsetStore)"
                            .into(),
                    )
                })?,
            }),
            SubscriptionKind::PerInstance => None,
        };
        let starts = clients
            .iter()
            .map(|client| start_offset(client, group.as_ref()));
        let starts = try_join_all(starts).await?;
        let partitions = clients
            .into_iter()
            .zip(starts)
            .map(|(client, (fetch_from, next))| Partition {
                client,
                next: fetch_from,
                skip_below: next,
                pending: BTreeSet::new(),
                stored: next,
            })
            .collect();
        Ok(KafkaSubscriber {
            partitions,
            group,
            types: subscription.types.clone(),
            ready: VecDeque::new(),
            timeout: options.operation_timeout,
        })
    }

    pub(crate) async fn next(
        &mut self,
        max: usize,
        wait: Duration,
    ) -> Result<Vec<Delivery>, BusError> {
        let deadline = Instant::now() + wait;
        while self.ready.is_empty() {
            let left = deadline.saturating_duration_since(Instant::now());
            bounded(
                NAME,
                "fetching",
                self.timeout + left,
                self.fetch(left.min(FETCH_WAIT)),
            )
            .await?;
            if Instant::now() >= deadline {
                break;
            }
        }
        let count = self.ready.len().min(max);
        Ok(self.ready.drain(..count).collect())
    }

    /// One fetch of every partition, together; wanted records become ready deliveries.
    async fn fetch(&mut self, wait: Duration) -> Result<(), BusError> {
        let wait_ms = i32::try_from(wait.as_millis()).unwrap_or(i32::MAX);
        let fetches = self.partitions.iter().map(|partition| async move {
            partition
                .client
                .fetch_records(partition.next, 1..FETCH_BYTES, wait_ms)
                .await
                .map_err(|error| failure("fetching", error))
        });
        let fetched = try_join_all(fetches).await?;
        let shared = self.group.is_some();
        for (index, (records, _high_watermark)) in fetched.into_iter().enumerate() {
            let partition = &mut self.partitions[index];
            for record in records {
                // Offsets only move forward. tansu 0.6 can answer one fetch with the same batch
                // several times over, and a broker may return records before the one asked for.
                if record.offset < partition.next {
                    continue;
                }
                partition.next = record.offset + 1;
                if record.offset < partition.skip_below {
                    continue;
                }
                let header = |name: &str| {
                    record
                        .record
                        .headers
                        .get(name)
                        .map(|value| String::from_utf8_lossy(value).into_owned())
                };
                let event_type = header(TYPE_HEADER).unwrap_or_default();
                if !self.types.contains(&event_type) {
                    continue;
                }
                if shared {
                    partition.pending.insert(record.offset);
                }
                let key = record.record.key.as_deref().unwrap_or_default();
                self.ready.push_back(Delivery {
                    message: Message {
                        id: header(ID_HEADER).unwrap_or_default(),
                        event_type,
                        key: String::from_utf8_lossy(key).into_owned(),
                        position: Position::from_headers(
                            header(LOG_HEADER),
                            header(POSITION_HEADER),
                        ),
                        payload: record.record.value.clone().unwrap_or_default(),
                    },
                    receipt: Receipt::Kafka {
                        partition: partition.client.partition(),
                        offset: record.offset,
                    },
                });
            }
        }
        // Partitions that only had unwanted records move on too, so a restart does not read
        // them again.
        for index in 0..self.partitions.len() {
            self.store(index).await?;
        }
        Ok(())
    }

    pub(crate) fn lanes(&self) -> usize {
        self.partitions.len()
    }

    pub(crate) async fn ack(&mut self, partition: i32, offset: i64) -> Result<(), BusError> {
        let Some(index) = self
            .partitions
            .iter()
            .position(|p| p.client.partition() == partition)
        else {
            return Err(BusError::Invalid(format!("no partition {partition} here")));
        };
        self.partitions[index].pending.remove(&offset);
        self.store(index).await
    }

    /// Stores the group's offset for the partition if it moved (shared subscriptions only).
    async fn store(&mut self, index: usize) -> Result<(), BusError> {
        let Some(group) = &self.group else {
            return Ok(());
        };
        let partition = &mut self.partitions[index];
        let read = partition.next.max(partition.skip_below);
        let committed = partition.pending.first().copied().unwrap_or(read);
        if committed <= partition.stored {
            return Ok(());
        }
        let id = partition.client.partition();
        bounded(NAME, "storing offsets", self.timeout, async {
            group
                .store
                .save(&group.name, id, committed)
                .await
                .map_err(|error| BusError::unavailable(NAME, "storing offsets", error))
        })
        .await?;
        partition.stored = committed;
        Ok(())
    }
}

/// Where a subscriber starts in a partition, as (offset to fetch from, first offset wanted):
/// the group's stored offset (the oldest kept record if that is gone), else, for a new group,
/// the end; a per-instance subscriber at the end.
async fn start_offset(
    client: &PartitionClient,
    group: Option<&Group>,
) -> Result<(i64, i64), BusError> {
    let offset = |at| async move {
        client
            .get_offset(at)
            .await
            .map_err(|error| failure("reading offsets", error))
    };
    let Some(group) = group else {
        let latest = offset(OffsetAt::Latest).await?;
        return Ok((latest, latest));
    };
    let stored = group
        .store
        .load(&group.name, client.partition())
        .await
        .map_err(|error| BusError::unavailable(NAME, "loading offsets", error))?;
    let earliest = offset(OffsetAt::Earliest).await?;
    match stored {
        Some(stored) if stored > earliest => Ok((align(client, stored, earliest).await?, stored)),
        Some(_) => Ok((earliest, earliest)),
        None => {
            // A new group starts with what is published from now on, as a new RabbitMQ queue
            // does; saved at once, so a crash before its first ack does not move it on.
            let latest = offset(OffsetAt::Latest).await?;
            group
                .store
                .save(&group.name, client.partition(), latest)
                .await
                .map_err(|error| BusError::unavailable(NAME, "saving offsets", error))?;
            Ok((latest, latest))
        }
    }
}

/// Most single-offset steps back [`align`] takes: more than any batch this crate produces.
const MAX_ALIGN_STEPS: i64 = 20_000;

/// An offset to fetch from that yields the record at `offset`. Kafka answers a fetch from
/// inside a record batch with that whole batch; tansu (0.6, the CI broker) answers with the
/// batches that *start* at or after it, silently skipping the rest of the batch, which is
/// where a group resumes after acking part of one. So when the record at `offset` does not
/// come back, step back to the start of its batch (one fetch per offset, at start-up only);
/// the caller skips the records before `offset`.
async fn align(client: &PartitionClient, offset: i64, earliest: i64) -> Result<i64, BusError> {
    let first_at = |from: i64| async move {
        // Brokers return at least one whole batch whatever the byte limit; one is all this needs.
        let (records, high_watermark) = client
            .fetch_records(from, 1..1024, 0)
            .await
            .map_err(|error| failure("fetching", error))?;
        Ok::<_, BusError>((records.first().map(|r| r.offset), high_watermark))
    };
    match first_at(offset).await? {
        (Some(first), _) if first == offset => return Ok(offset),
        (None, high_watermark) if high_watermark <= offset => return Ok(offset),
        _ => {}
    }
    let lowest = earliest.max(offset - MAX_ALIGN_STEPS);
    for from in (lowest..offset).rev() {
        if let (Some(first), _) = first_at(from).await? {
            if first == from {
                return Ok(from);
            }
        }
    }
    tracing::warn!(
        offset,
        "no record batch found to resume from; starting at the stored offset"
    );
    Ok(offset)
}
