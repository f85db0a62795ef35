//! Reports of suspicious postings ("Did you find something suspicious?") and moderation.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::ValidationErrors;
use crate::ids::{AccountId, JobCode, ReportId};
use crate::string_enum;
use crate::text::{bounded, optional, Lines};

string_enum!(
    /// Why a posting was reported.
    ReportReason {
        Scam = "scam",
        FakeCompany = "fake_company",
        Discriminatory = "discriminatory",
        Misleading = "misleading",
        Duplicate = "duplicate",
        Expired = "expired",
        Other = "other",
    }
);

string_enum!(
    /// A report's state.
    ReportStatus { Open = "open", Dismissed = "dismissed", Upheld = "upheld" }
);

/// A report as the reporter sends it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReportInput {
    pub reason: ReportReason,
    pub details: Option<String>,
}

impl ReportInput {
    pub fn parse_details(&self) -> Result<Option<String>, ValidationErrors> {
        optional("details", self.details.as_deref(), 2000, Lines::Multi).map_err(Into::into)
    }
}

/// A moderator's decision with the reason that is recorded and shown to the poster.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ModerationInput {
    pub reason: String,
}

impl ModerationInput {
    pub fn parse_reason(&self) -> Result<String, ValidationErrors> {
        bounded("reason", &self.reason, 3, 1000, Lines::Multi).map_err(Into::into)
    }
}

/// A report.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    pub id: ReportId,
    pub job_code: JobCode,
    pub reporter_id: AccountId,
    pub reason: ReportReason,
    pub details: Option<String>,
    pub status: ReportStatus,
    pub resolution_note: Option<String>,
    pub created_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
}

/// One posting in the moderation queue, with its reports of the status asked for (open by
/// default) grouped.
#[derive(Debug, Clone, Serialize)]
pub struct QueueEntry {
    pub job_code: JobCode,
    pub title: String,
    pub company_name: String,
    pub posting_status: crate::posting::PostingStatus,
    /// Distinct accounts with such a report on the posting.
    pub reporters: i64,
    /// Such reports on the posting.
    pub report_count: i64,
    /// Their counts per reason, most frequent first.
    pub reasons: Vec<ReasonCount>,
    pub first_reported_at: DateTime<Utc>,
    /// The first 20 of them, oldest first.
    pub reports: Vec<Report>,
}

/// Query-string parameters of the moderation queue.
#[derive(Debug, Clone, Default)]
pub struct QueueParams {
    /// Reports of this status (default `open`).
    pub status: Option<ReportStatus>,
    /// Only reports for this reason.
    pub reason: Option<ReportReason>,
    /// Page size, 1 to 100 (default 20).
    pub limit: Option<u32>,
    /// Opaque cursor from a previous page's `next_cursor`.
    pub cursor: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReasonCount {
    pub reason: ReportReason,
    pub count: i64,
}
