//! hireboard's event backbone at run time.
//!
//! Every write records its events in the store's outbox in its own transaction. Here:
//! - every reader of the outbox first numbers what has committed (`EventLog::sequence`), so it
//!   never skips an event that commits late;
//! - a [`Consumer`] names the event types it wants and handles them idempotently; the
//!   [`runner`] feeds it in order from a [`Source`], retries failures with backoff and jitter,
//!   dead-letters what keeps failing (and what cannot be decoded), and replays dead letters
//!   an operator asks for;
//! - [`supervise`] runs each of these as a task that is restarted after a panic and that
//!   finishes its work in hand when shutdown is asked for.
//!
//! - the relay publishes the outbox to the configured broker, each event stamped with its
//!   outbox position; consumers then read from the broker.
//!
//! Shared consumers (one at a time across all instances, under a lease) keep their position
//! in the store; per-instance consumers keep it with their own state, and one that records
//! it (a search index) catches up from the outbox before it follows the broker
//! ([`CatchUpSource`]).

mod backbone;
mod broker;
mod broker_link;
mod catch_up;
mod consumer;
mod health;
mod outbox;
mod relay;
mod retry;
pub mod runner;
pub mod scheduled;
pub mod supervise;

pub use backbone::Backbone;
pub use broker::{BrokerSource, StoredOffsets};
pub use broker_link::BrokerLink;
pub use catch_up::CatchUpSource;
pub use consumer::{Consumer, Delivered, HandleError, Scope};
pub use health::BrokerHealth;
pub use outbox::OutboxSource;
pub use relay::{outbox_message, Relay};
pub use retry::Retry;
pub use runner::{Incoming, Source, SourceError};
pub use supervise::Shutdown;
