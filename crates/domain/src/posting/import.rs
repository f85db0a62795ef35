//! The JSON Lines record of `hireboard generate` and `hireboard import`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::content::PostingInput;
use crate::ids::JobCode;

/// One published posting to load in bulk. The posting goes through the same validation as one
/// created over the API.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportRecord {
    /// Keeps a known public code (the seed's 1546216); assigned at random when absent.
    pub job_code: Option<JobCode>,
    /// Company name; the company is created on first sight.
    pub company: String,
    /// When it was published ("Posted on").
    pub posted_at: DateTime<Utc>,
    pub valid_through: NaiveDate,
    pub posting: PostingInput,
}
