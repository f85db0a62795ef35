//! Integration tests: the real application on port 0 with a fresh data folder per test,
//! driven over HTTP. One test binary for the whole crate (linking is the slow part).

mod helpers;

mod accounts;
mod applications;
mod authorization;
mod bad_input;
mod caching;
#[cfg(unix)]
mod commands;
mod etag;
mod faults;
mod idempotency;
mod listing;
mod moderation;
mod operations;
mod postings;
mod rate_limits;
mod seed;
