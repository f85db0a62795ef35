//! Feeding one consumer from one source: in order, with retries, dead letters, replays, and
//! (for a shared consumer) a lease so that one instance at a time does it.

use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use chrono::Utc;
use hireboard_domain::event::EventEnvelope;
use hireboard_store::{NewDeadLetter, Store};

use crate::consumer::Delivered;
use crate::{Consumer, Retry, Scope, Shutdown};

/// One message from a source, decoded or not.
#[derive(Debug)]
pub struct Incoming {
    /// The event, or why the message is not one this build can read.
    pub event: Result<EventEnvelope, String>,
    /// The message as it arrived, kept in a dead letter.
    pub raw: String,
    /// Its place in the source, for [`Source::commit`].
    pub position: i64,
    /// Its position in the outbox: where it was read, or what the relay stamped on it.
    pub outbox_position: Option<i64>,
    /// Every wanted event at or below this outbox position has been handed out once this one
    /// is: what a consumer that keeps its own position may record, when the source knows.
    pub through: Option<i64>,
}

/// A source that cannot be read or acknowledged right now (the store or broker is down).
#[derive(Debug)]
pub struct SourceError(pub String);

impl std::fmt::Display for SourceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where a consumer's events come from: the outbox, or a broker.
#[async_trait]
pub trait Source: Send {
    /// Up to `max` messages after those handed out already, waiting up to `wait` for some.
    async fn next(&mut self, max: usize, wait: Duration) -> Result<Vec<Incoming>, SourceError>;
    /// Everything handed out up to `position` was handled: remember it (save the position,
    /// acknowledge the messages). Later messages are handed out again by a new source.
    async fn commit(&mut self, position: i64) -> Result<(), SourceError>;
    /// Starts again from what was last committed, by this instance or another: called when
    /// this instance takes over a shared consumer, whose position others may have moved.
    async fn rewind(&mut self) -> Result<(), SourceError> {
        Ok(())
    }
    /// The outbox position this source started reading after, when it reads the outbox.
    fn outbox_start(&self) -> Option<i64> {
        None
    }
    /// How many messages are known to wait behind what was handed out, if the source knows.
    async fn lag(&mut self) -> Option<i64> {
        None
    }
}

/// How the runner works; the defaults suit production.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub batch: usize,
    /// How long a read waits for new events before the consumer hears it is caught up.
    pub wait: Duration,
    pub retry: Retry,
    /// A shared consumer's lease: held this long, renewed after a third of it.
    pub lease: Duration,
    /// How often dead letters an operator asked to replay are looked for.
    pub replays_every: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            batch: 500,
            wait: Duration::from_millis(200),
            retry: Retry::default(),
            lease: Duration::from_secs(15),
            replays_every: Duration::from_secs(2),
        }
    }
}

/// Runs `consumer` over what `source` delivers until shutdown. Returns an error when the
/// source or the store fails; the supervisor then starts it again from its last commit.
pub struct Runner {
    pub consumer: Arc<dyn Consumer>,
    pub store: Arc<dyn Store>,
    /// Names this instance in leases.
    pub instance: String,
    pub options: Options,
}

impl Runner {
    pub async fn run(
        &self,
        source: &mut dyn Source,
        shutdown: &Shutdown,
    ) -> Result<(), SourceError> {
        let name = self.consumer.name();
        let mut leased_until: Option<Instant> = None;
        let mut replays_at = Instant::now();
        self.consumer.starting(source.outbox_start()).await;
        while !shutdown.requested() {
            if self.consumer.scope() == Scope::Shared {
                let took_over = leased_until.is_none();
                if !self.hold_lease(&mut leased_until).await? {
                    // Another instance runs it; look again before its lease could run out.
                    shutdown.sleep(self.options.lease / 3).await;
                    continue;
                }
                if took_over {
                    source.rewind().await?;
                }
            }
            self.consumer.reading().await;
            let batch = tokio::select! {
                batch = source.next(self.options.batch, self.options.wait) => batch?,
                () = shutdown.wait() => break,
            };
            if let Some(lag) = source.lag().await {
                metrics::gauge!("consumer_lag_events", "consumer" => name).set(lag as f64);
            }
            let complete = batch.len() < self.options.batch;
            let Some(last) = batch.last().map(|incoming| incoming.position) else {
                self.consumer.caught_up().await;
                if replays_at.elapsed() >= self.options.replays_every {
                    self.replay_due(shutdown).await?;
                    replays_at = Instant::now();
                }
                continue;
            };
            // Once started, a batch is finished even if shutdown is asked for meanwhile, so
            // its position is recorded with it; only retry pauses are cut short.
            let mut handled = None;
            if self.deliver_together(&batch).await {
                handled = Some(last);
            } else {
                for incoming in batch {
                    if !self.deliver(&incoming, shutdown).await? {
                        break;
                    }
                    handled = Some(incoming.position);
                }
            }
            if let Some(position) = handled {
                source.commit(position).await?;
            }
            if handled != Some(last) {
                break;
            }
            if complete {
                self.consumer.caught_up().await;
            }
        }
        if let (Scope::Shared, Some(_)) = (self.consumer.scope(), leased_until) {
            let lease = lease_name(name);
            let released = self.store.consumers().release_lease(&lease, &self.instance);
            if let Err(error) = released.await {
                tracing::warn!(consumer = name, %error, "cannot release the consumer's lease");
            }
        }
        Ok(())
    }

    /// Takes or renews this consumer's lease when due; whether this instance holds it.
    async fn hold_lease(&self, leased_until: &mut Option<Instant>) -> Result<bool, SourceError> {
        let renew_after = self.options.lease / 3;
        if let Some(until) = *leased_until {
            if until.saturating_duration_since(Instant::now()) > self.options.lease - renew_after {
                return Ok(true);
            }
        }
        let now = Utc::now();
        let until = now + chrono::Duration::from_std(self.options.lease).unwrap_or_default();
        let held = self
            .store
            .consumers()
            .try_lease(
                &lease_name(self.consumer.name()),
                &self.instance,
                now,
                until,
            )
            .await
            .map_err(|e| SourceError(format!("cannot take the consumer's lease: {e}")))?;
        *leased_until = held.then(|| Instant::now() + self.options.lease);
        Ok(held)
    }

    /// Hands a whole read to the consumer at once; `false` when one of its messages cannot be
    /// read or the consumer failed, which [`Self::deliver`] then deals with one by one.
    async fn deliver_together(&self, batch: &[Incoming]) -> bool {
        let wanted = self.consumer.types();
        let mut events = Vec::with_capacity(batch.len());
        for incoming in batch {
            let Ok(event) = &incoming.event else {
                return false;
            };
            if wanted.contains(&event.event.event_type()) {
                events.push(Delivered {
                    event,
                    outbox_position: incoming.outbox_position,
                    through: incoming.through,
                });
            }
        }
        if events.is_empty() {
            return true;
        }
        let name = self.consumer.name();
        match self.consumer.handle_all(&events).await {
            Ok(true) => {}
            Ok(false) => return false,
            Err(error) => {
                tracing::debug!(consumer = name, error = %error.0, events = events.len(), "handling a read together failed; one by one");
                return false;
            }
        }
        for delivered in &events {
            metrics::counter!("events_consumed_total", "consumer" => name, "type" => delivered.event.event.event_type())
                .increment(1);
        }
        true
    }

    /// Hands one message to the consumer, with retries; dead-letters it when it cannot be
    /// read or keeps failing. `false` when shutdown cut the retries short (not handled).
    async fn deliver(&self, incoming: &Incoming, shutdown: &Shutdown) -> Result<bool, SourceError> {
        let name = self.consumer.name();
        let event = match &incoming.event {
            Ok(event) => event,
            Err(reason) => {
                self.consumer.unreadable(incoming.outbox_position).await;
                tracing::warn!(consumer = name, %reason, "unreadable event dead-lettered");
                self.dead_letter(None, &incoming.raw, reason, 0).await?;
                return Ok(true);
            }
        };
        let event_type = event.event.event_type();
        if !self.consumer.types().contains(&event_type) {
            return Ok(true);
        }
        let delivered = Delivered {
            event,
            outbox_position: incoming.outbox_position,
            through: incoming.through,
        };
        match self.handle_with_retries(delivered, shutdown).await {
            Handled::Yes => Ok(true),
            Handled::Stopped => Ok(false),
            Handled::GaveUp { error, attempts } => {
                tracing::warn!(consumer = name, event_id = %event.id, event_type, %error, attempts, "event dead-lettered");
                self.dead_letter(Some(event), &incoming.raw, &error, attempts)
                    .await?;
                Ok(true)
            }
        }
    }

    async fn handle_with_retries(&self, delivered: Delivered<'_>, shutdown: &Shutdown) -> Handled {
        let name = self.consumer.name();
        let event = delivered.event;
        let event_type = event.event.event_type();
        let mut attempt = 1;
        loop {
            match self.consumer.handle(delivered).await {
                Ok(()) => {
                    metrics::counter!("events_consumed_total", "consumer" => name, "type" => event_type)
                        .increment(1);
                    return Handled::Yes;
                }
                Err(error) if attempt >= self.options.retry.attempts => {
                    return Handled::GaveUp {
                        error: error.0,
                        attempts: attempt,
                    }
                }
                Err(error) => {
                    tracing::debug!(consumer = name, event_id = %event.id, error = %error.0, attempt, "handler failed; retrying");
                    metrics::counter!("event_handler_retries_total", "consumer" => name)
                        .increment(1);
                    if shutdown.sleep(self.options.retry.delay(attempt)).await {
                        return Handled::Stopped;
                    }
                    attempt += 1;
                }
            }
        }
    }

    async fn dead_letter(
        &self,
        event: Option<&EventEnvelope>,
        raw: &str,
        error: &str,
        attempts: u32,
    ) -> Result<(), SourceError> {
        let name = self.consumer.name();
        let letter = NewDeadLetter {
            consumer: name.to_owned(),
            event_id: event.map(|event| event.id.to_string()),
            event_type: event.map(|event| event.event.event_type().to_owned()),
            payload: raw.to_owned(),
            error: error.to_owned(),
            attempts,
            now: Utc::now(),
        };
        self.store
            .consumers()
            .add_dead_letter(letter)
            .await
            .map_err(|e| SourceError(format!("cannot keep a dead letter: {e}")))?;
        metrics::counter!("events_dead_lettered_total", "consumer" => name).increment(1);
        Ok(())
    }

    /// Delivers again the dead letters an operator asked to replay.
    async fn replay_due(&self, shutdown: &Shutdown) -> Result<(), SourceError> {
        let log = self.store.consumers();
        let name = self.consumer.name();
        let unavailable = |e: hireboard_store::StoreError| SourceError(e.to_string());
        for letter in log.replays_due(name, 100).await.map_err(unavailable)? {
            let failure = match EventEnvelope::from_json(letter.payload.as_bytes()) {
                Err(reason) => Some((reason.to_string(), 0)),
                Ok(event) => match self
                    .handle_with_retries(
                        Delivered {
                            event: &event,
                            outbox_position: None,
                            through: None,
                        },
                        shutdown,
                    )
                    .await
                {
                    Handled::Yes => None,
                    Handled::Stopped => return Ok(()),
                    Handled::GaveUp { error, attempts } => Some((error, attempts)),
                },
            };
            let failed = failure
                .as_ref()
                .map(|(error, tries)| (error.as_str(), *tries));
            log.settle_replay(letter.id, failed, Utc::now())
                .await
                .map_err(unavailable)?;
            tracing::info!(
                consumer = name,
                dead_letter = letter.id,
                handled = failure.is_none(),
                "dead letter replayed"
            );
        }
        Ok(())
    }
}

enum Handled {
    Yes,
    Stopped,
    GaveUp { error: String, attempts: u32 },
}

fn lease_name(consumer: &str) -> String {
    format!("consumer:{consumer}")
}
