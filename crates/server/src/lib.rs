//! The `hireboard` binary's library half: configuration ([`config`]), start-up and wiring
//! ([`startup`]), the HTTP surface composed from each protocol's routes ([`http`]), logging and
//! metrics ([`telemetry`]) and the operator commands ([`commands`]).
//!
//! `main.rs` only parses the command line and calls in here, so integration tests start the
//! real application with [`startup::Application::build`] on port 0 and a fresh data folder.

pub mod cli;
pub mod commands;
pub mod config;
pub mod http;
pub mod startup;
pub mod telemetry;
