//! The `hireboard` binary's library half: configuration ([`config`]), start-up and wiring
//! ([`startup`]), the HTTP surface composed from each protocol's routes ([`http`]), logging and
//! metrics ([`telemetry`]), the operator commands ([`commands`]), and the background work of
//! `serve` and `worker` (`background`, `worker`).
//!
//! `main.rs` only parses the command line and calls in here, so integration tests start the
//! real application with [`startup::Application::build`] on port 0 and a fresh data folder.

mod background;
pub mod cli;
pub mod commands;
pub mod config;
pub mod http;
pub mod startup;
pub mod telemetry;
mod worker;
