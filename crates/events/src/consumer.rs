//! What a consumer is: a name, the events it wants, and an idempotent handler.

use async_trait::async_trait;
use hireboard_domain::event::EventEnvelope;

/// Who handles each event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// One instance at a time handles every event (job alerts, webhooks): its position is
    /// kept in the store and a lease names the instance that runs it.
    Shared,
    /// Every instance handles every event (cache invalidation, local indexes): its position
    /// lives with the state it keeps.
    PerInstance,
}

/// Why a handler failed; the runner retries, then dead-letters the event with this text.
#[derive(Debug)]
pub struct HandleError(pub String);

impl<E: std::fmt::Display> From<E> for HandleError {
    fn from(error: E) -> Self {
        HandleError(error.to_string())
    }
}

/// One event handed to a consumer.
#[derive(Debug, Clone, Copy)]
pub struct Delivered<'a> {
    pub event: &'a EventEnvelope,
    /// Its position in the outbox: where it was read, or what the relay stamped on it.
    pub outbox_position: Option<i64>,
    /// The outbox position this consumer has seen every event it wants through, once this
    /// one is handled (see [`crate::Incoming::through`]).
    pub through: Option<i64>,
}

/// A named consumer of events. Handlers must be idempotent by event id: after a crash the
/// events since the last saved position are delivered again.
#[async_trait]
pub trait Consumer: Send + Sync + 'static {
    /// Stable name: positions, leases and dead letters are kept under it.
    fn name(&self) -> &'static str;
    fn scope(&self) -> Scope;
    /// The event types it wants (`posting.published`, ...); it is given no others.
    fn types(&self) -> &'static [&'static str];
    async fn handle(&self, delivered: Delivered<'_>) -> Result<(), HandleError>;
    /// Handles the events of one read together, in order (a consumer writing to the store
    /// does it in one transaction); whether it did. When it did not, or failed, the runner
    /// hands them to [`Self::handle`] one by one, with retries and dead letters, so whatever
    /// a failed call did must be safe to do again. By default it does not.
    async fn handle_all(&self, _events: &[Delivered<'_>]) -> Result<bool, HandleError> {
        Ok(false)
    }

    /// Whether it reads the outbox itself even when a broker is configured: a per-instance
    /// consumer that needs every event's position, whatever its type.
    fn reads_outbox(&self) -> bool {
        false
    }
    /// How many of the latest events a per-instance consumer reading the outbox is given
    /// again when it starts, before what happens from then on.
    fn history(&self) -> u32 {
        0
    }
    /// For a per-instance consumer whose state records how far it got (a search index commits
    /// its position with the index): the outbox position to resume after, preparing that
    /// state first if it has none. With a broker, it catches up from the outbox and then
    /// follows the broker ([`crate::CatchUpSource`]), recording [`Delivered::through`].
    /// `None` means [`Self::history`] applies.
    async fn resume_after(&self) -> Result<Option<i64>, HandleError> {
        Ok(None)
    }
    /// Called when a run starts, with the outbox position it reads after when it reads the
    /// outbox: a consumer keeping state in memory learns where that state's knowledge begins.
    async fn starting(&self, _outbox_position: Option<i64>) {}
    /// Called before each read from the source.
    async fn reading(&self) {}
    /// Called after a read that reached the end of what the source holds: every event
    /// committed before that read began has been handed to this consumer.
    async fn caught_up(&self) {}
    /// Called for an event this build cannot read (it is dead-lettered after), so that a
    /// consumer can act as if anything had changed.
    async fn unreadable(&self, _outbox_position: Option<i64>) {}
}
