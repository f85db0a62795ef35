//! Demo and synthetic data for hireboard.
//!
//! - [`seed_posting`]: the posting the product was specified from ("Senior Software Engineer -
//!   Backend", job code [`SEED_JOB_CODE`]), transcribed section by section.
//! - [`generate`]: a deterministic, endless stream of realistic synthetic postings for demos,
//!   load tests and benchmarks; the caller takes as many as it needs.
//! - [`question_bank`]: the shared interview question bank ("Interview Questions for you"),
//!   tagged with the same skills and functional areas the generator uses.
//!
//! Every record produced here passes the same validation as a posting created over the API.
//! The word lists live in `vocab` as static slices, so generating a million postings costs
//! little more than the strings of the postings themselves.

mod generate;
mod questions;
mod seed;
mod vocab;

pub use generate::generate;
pub use questions::question_bank;
pub use seed::{seed_posting, SEED_COMPANY, SEED_JOB_CODE};
