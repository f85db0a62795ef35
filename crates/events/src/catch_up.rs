//! The source of a per-instance consumer that keeps its own outbox position (a search index)
//! when a broker is configured. It reads the outbox while it subscribes to the broker in the
//! background; once subscribed, it reads on until the outbox has nothing more and the relay
//! has published what it read, then follows the broker. When the broker fails, or the relay
//! leaves an event unpublished for over two seconds (the broker or the relay is down, or the
//! relay has a backlog), it goes back to the outbox, so the consumer keeps up, and subscribes
//! again.
//!
//! Why nothing falls between the two: the subscription is opened before the outbox read
//! that finds nothing more. The relay publishes only sequenced events, and an event that read
//! did not return was sequenced after it began, so published after the subscription opened:
//! the broker delivers it. Events the read did return may come through the broker as well;
//! they are skipped by position ([`BrokerSource::follow_after`]).
//!
//! Why it waits for the relay: a relay publishing a backlog (the first time a deployment uses
//! a broker, or after a long outage) would hold back everything behind it, and a
//! subscription opened before the backlog is published would have to be read through it.
//! So it subscribes once the relay is near the outbox's head, and follows once the relay
//! has published what it read.

use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use chrono::Utc;
use hireboard_bus::Subscription;
use hireboard_store::{Store, StoreError};
use tokio::task::JoinHandle;

use crate::outbox::SEQUENCE_BATCH;
use crate::relay::RELAY;
use crate::runner::{Incoming, Source, SourceError};
use crate::{BrokerLink, BrokerSource, OutboxSource};

/// How long after a failed attempt to subscribe the next one starts.
const RESUBSCRIBE_AFTER: Duration = Duration::from_secs(5);
/// How often, while the relay is behind, the outbox is read again.
const POLL_EVERY: Duration = Duration::from_millis(20);
/// How long the relay may leave an event unpublished, while the broker is followed, before
/// the outbox is read instead: well inside the second a change has to be seen within.
const RELAY_BEHIND: chrono::TimeDelta = chrono::TimeDelta::seconds(2);
/// How often that is checked.
const CHECK_RELAY_EVERY: Duration = Duration::from_secs(1);
/// How many events the relay may still have to publish when the subscription is opened.
const SUBSCRIBE_WITHIN: i64 = 1_000;

pub struct CatchUpSource {
    /// The consumer's name, for the gauge `consumer_on_broker`.
    consumer: &'static str,
    store: Arc<dyn Store>,
    link: BrokerLink,
    subscription: Subscription,
    /// The deployment id: names the outbox in the positions the relay stamps.
    deployment: String,
    outbox: OutboxSource,
    phase: Phase,
    start: i64,
}

/// A subscription being opened: the source and the bus's name (the relay's stream).
type Subscribing = JoinHandle<Result<(BrokerSource, &'static str), String>>;

enum Phase {
    /// Reading the outbox alone; subscribing in the background, or again at `retry_at`.
    Outbox {
        subscribing: Option<Subscribing>,
        retry_at: Instant,
    },
    /// Subscribed; reading the outbox until it is drained and the relay has published it.
    CatchingUp {
        broker: BrokerSource,
        bus: &'static str,
    },
    /// Reading the broker.
    Following {
        broker: BrokerSource,
        bus: &'static str,
        relay_checked_at: Instant,
    },
}

/// The outbox position the relay has published through on `bus`.
async fn relayed(store: &dyn Store, bus: &str) -> Result<i64, StoreError> {
    Ok(store.consumers().position(RELAY, bus).await?.unwrap_or(0))
}

/// Subscribes once the relay is within [`SUBSCRIBE_WITHIN`] events of the outbox's head.
async fn subscribe(
    store: Arc<dyn Store>,
    link: BrokerLink,
    subscription: Subscription,
) -> Result<(BrokerSource, &'static str), String> {
    let bus = link
        .bus()
        .await
        .map_err(|e| format!("cannot reach the broker: {e}"))?;
    let unreadable = |e: StoreError| format!("cannot read the outbox: {e}");
    loop {
        let head = store.events().head().await.map_err(unreadable)?;
        let relayed = relayed(store.as_ref(), bus.name()).await;
        if head - relayed.map_err(unreadable)? <= SUBSCRIBE_WITHIN {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let subscriber = bus
        .subscribe(subscription)
        .await
        .map_err(|e| format!("cannot subscribe to the broker: {e}"))?;
    Ok((BrokerSource::new(subscriber), bus.name()))
}

impl CatchUpSource {
    /// For `consumer`, whose state is complete through outbox position `after` (of
    /// `deployment`), wanting the events `subscription` names.
    pub fn new(
        consumer: &'static str,
        store: Arc<dyn Store>,
        link: BrokerLink,
        subscription: Subscription,
        deployment: String,
        after: i64,
    ) -> CatchUpSource {
        on_broker(consumer, false);
        CatchUpSource {
            consumer,
            outbox: OutboxSource::after(store.clone(), after),
            store,
            link,
            subscription,
            deployment,
            phase: Phase::Outbox {
                subscribing: None,
                retry_at: Instant::now(),
            },
            start: after,
        }
    }

    /// Starts subscribing when due, and takes the subscription once it is open.
    async fn subscribe_when_due(&mut self) {
        let Phase::Outbox {
            subscribing,
            retry_at,
        } = &mut self.phase
        else {
            return;
        };
        match subscribing {
            None if Instant::now() >= *retry_at => {
                *subscribing = Some(tokio::spawn(subscribe(
                    self.store.clone(),
                    self.link.clone(),
                    self.subscription.clone(),
                )));
            }
            Some(task) if task.is_finished() => {
                let finished = subscribing.take().expect("a task").await;
                match finished
                    .map_err(|e| e.to_string())
                    .and_then(|opened| opened)
                {
                    Ok((broker, bus)) => self.phase = Phase::CatchingUp { broker, bus },
                    Err(error) => {
                        tracing::debug!(%error, "reading the outbox until the broker answers");
                        *retry_at = Instant::now() + RESUBSCRIBE_AFTER;
                    }
                }
            }
            _ => {}
        }
    }

    /// After the outbox had nothing more: follows the broker if the relay has published
    /// what was read, otherwise pauses before the outbox is read again.
    async fn follow_if_relayed(&mut self, wait: Duration) -> Result<(), SourceError> {
        let Phase::CatchingUp { bus, .. } = &self.phase else {
            return Ok(());
        };
        let through = self.outbox.read_through();
        let relayed = relayed(self.store.as_ref(), bus)
            .await
            .map_err(|e| SourceError(format!("cannot read the relay's position: {e}")))?;
        if relayed < through {
            tokio::time::sleep(wait.min(POLL_EVERY)).await;
            return Ok(());
        }
        let phase = std::mem::replace(&mut self.phase, outbox_phase());
        if let Phase::CatchingUp { mut broker, bus } = phase {
            broker.follow_after(self.deployment.clone(), through);
            tracing::info!(through, "caught up from the outbox; following the broker");
            on_broker(self.consumer, true);
            self.phase = Phase::Following {
                broker,
                bus,
                relay_checked_at: Instant::now(),
            };
        }
        Ok(())
    }

    /// While following: falls back to the outbox when the relay has been behind too long.
    async fn check_relay(&mut self) -> Result<(), SourceError> {
        let Phase::Following {
            bus,
            relay_checked_at,
            ..
        } = &mut self.phase
        else {
            return Ok(());
        };
        if relay_checked_at.elapsed() < CHECK_RELAY_EVERY {
            return Ok(());
        }
        *relay_checked_at = Instant::now();
        let bus = *bus;
        let unreadable = |e: StoreError| SourceError(format!("cannot read the outbox: {e}"));
        let events = self.store.events();
        events.sequence(SEQUENCE_BATCH).await.map_err(unreadable)?;
        let relayed = relayed(self.store.as_ref(), bus)
            .await
            .map_err(unreadable)?;
        let oldest = events.raw_after(relayed, 1).await.map_err(unreadable)?;
        let behind = oldest
            .first()
            .is_some_and(|event| Utc::now() - event.occurred_at > RELAY_BEHIND);
        if behind {
            self.fall_back("the relay has not published the outbox for over 2 s");
        }
        Ok(())
    }

    /// Goes back to reading the outbox, after what the broker has handed out everything
    /// through, and subscribes again.
    fn fall_back(&mut self, why: &str) {
        let Phase::Following { broker, .. } = &self.phase else {
            return;
        };
        let through = broker.through().unwrap_or(self.outbox.read_through());
        tracing::warn!(
            why,
            through,
            "reading the outbox until the broker and the relay are back"
        );
        on_broker(self.consumer, false);
        self.outbox = OutboxSource::after(self.store.clone(), through);
        self.phase = outbox_phase();
    }
}

/// Whether `consumer` follows the broker (1) or reads the outbox (0), for operators.
fn on_broker(consumer: &'static str, following: bool) {
    metrics::gauge!("consumer_on_broker", "consumer" => consumer)
        .set(f64::from(u8::from(following)));
}

/// Reading the outbox, subscribing again at once.
fn outbox_phase() -> Phase {
    Phase::Outbox {
        subscribing: None,
        retry_at: Instant::now(),
    }
}

impl Drop for CatchUpSource {
    fn drop(&mut self) {
        if let Phase::Outbox {
            subscribing: Some(task),
            ..
        } = &self.phase
        {
            task.abort();
        }
    }
}

#[async_trait]
impl Source for CatchUpSource {
    async fn next(&mut self, max: usize, wait: Duration) -> Result<Vec<Incoming>, SourceError> {
        self.subscribe_when_due().await;
        self.check_relay().await?;
        if let Phase::Following { broker, .. } = &mut self.phase {
            match broker.next(max, wait).await {
                Ok(batch) => return Ok(batch),
                Err(error) => self.fall_back(&error.0),
            }
        }
        let catching_up = matches!(self.phase, Phase::CatchingUp { .. });
        let read_wait = if catching_up { Duration::ZERO } else { wait };
        let batch = self.outbox.next(max, read_wait).await?;
        if batch.is_empty() && catching_up {
            self.follow_if_relayed(wait).await?;
        }
        Ok(batch)
    }

    /// The runner commits each read before the next, so the phase a commit belongs to is
    /// the one in hand.
    async fn commit(&mut self, position: i64) -> Result<(), SourceError> {
        match &mut self.phase {
            Phase::Following { broker, .. } => broker.commit(position).await,
            _ => self.outbox.commit(position).await,
        }
    }

    fn outbox_start(&self) -> Option<i64> {
        Some(self.start)
    }

    async fn lag(&mut self) -> Option<i64> {
        match self.phase {
            Phase::Following { .. } => None,
            _ => self.outbox.lag().await,
        }
    }
}
