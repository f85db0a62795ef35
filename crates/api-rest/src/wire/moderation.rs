//! Reports of suspicious postings and moderators' decisions.

use chrono::{DateTime, Utc};
use hireboard_domain::report as domain;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::accounts::AccountId;
use super::postings::{JobCode, PostingStatus};
use super::{all, wire_enum, wire_id};

wire_id!(
    /// A report on a posting.
    ReportId
);

wire_enum!(
    hireboard_domain::report::ReportReason,
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

wire_enum!(
    hireboard_domain::report::ReportStatus,
    /// A report's state.
    ReportStatus { Open = "open", Dismissed = "dismissed", Upheld = "upheld" }
);

/// A report as the reporter sends it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportInput {
    reason: ReportReason,
    #[schema(max_length = 2000, pattern = "<text>")]
    details: Option<String>,
}

/// A moderator's decision with the reason that is recorded and shown to the poster.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ModerationInput {
    #[schema(min_length = 3, max_length = 1000, pattern = "<text>")]
    reason: String,
}

/// Query-string parameters of the moderation queue.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct QueueParams {
    /// Reports of this status (default `open`).
    status: Option<ReportStatus>,
    /// Only reports for this reason.
    reason: Option<ReportReason>,
    /// Page size, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
    /// Opaque cursor from a previous page's `next_cursor`.
    #[param(max_length = 128)]
    cursor: Option<String>,
}

/// A report.
#[derive(Debug, Serialize, ToSchema)]
pub struct Report {
    id: ReportId,
    job_code: JobCode,
    reporter_id: AccountId,
    reason: ReportReason,
    details: Option<String>,
    status: ReportStatus,
    resolution_note: Option<String>,
    created_at: DateTime<Utc>,
    resolved_at: Option<DateTime<Utc>>,
}

/// One posting in the moderation queue, with its reports of the status asked for (open by
/// default) grouped.
#[derive(Debug, Serialize, ToSchema)]
pub struct QueueEntry {
    job_code: JobCode,
    title: String,
    company_name: String,
    posting_status: PostingStatus,
    /// Distinct accounts with such a report on the posting.
    reporters: i64,
    /// Such reports on the posting.
    report_count: i64,
    /// Their counts per reason, most frequent first.
    reasons: Vec<ReasonCount>,
    first_reported_at: DateTime<Utc>,
    /// The first 20 of them, oldest first.
    reports: Vec<Report>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReasonCount {
    reason: ReportReason,
    count: i64,
}

impl From<ReportInput> for domain::ReportInput {
    fn from(ReportInput { reason, details }: ReportInput) -> Self {
        domain::ReportInput {
            reason: reason.into(),
            details,
        }
    }
}

impl From<ModerationInput> for domain::ModerationInput {
    fn from(ModerationInput { reason }: ModerationInput) -> Self {
        domain::ModerationInput { reason }
    }
}

impl From<QueueParams> for domain::QueueParams {
    fn from(
        QueueParams {
            status,
            reason,
            limit,
            cursor,
        }: QueueParams,
    ) -> Self {
        domain::QueueParams {
            status: status.map(Into::into),
            reason: reason.map(Into::into),
            limit,
            cursor,
        }
    }
}

impl From<domain::Report> for Report {
    fn from(report: domain::Report) -> Self {
        let domain::Report {
            id,
            job_code,
            reporter_id,
            reason,
            details,
            status,
            resolution_note,
            created_at,
            resolved_at,
        } = report;
        Report {
            id: id.into(),
            job_code: job_code.into(),
            reporter_id: reporter_id.into(),
            reason: reason.into(),
            details,
            status: status.into(),
            resolution_note,
            created_at,
            resolved_at,
        }
    }
}

impl From<domain::ReasonCount> for ReasonCount {
    fn from(domain::ReasonCount { reason, count }: domain::ReasonCount) -> Self {
        ReasonCount {
            reason: reason.into(),
            count,
        }
    }
}

impl From<domain::QueueEntry> for QueueEntry {
    fn from(entry: domain::QueueEntry) -> Self {
        let domain::QueueEntry {
            job_code,
            title,
            company_name,
            posting_status,
            reporters,
            report_count,
            reasons,
            first_reported_at,
            reports,
        } = entry;
        QueueEntry {
            job_code: job_code.into(),
            title,
            company_name,
            posting_status: posting_status.into(),
            reporters,
            report_count,
            reasons: all(reasons),
            first_reported_at,
            reports: all(reports),
        }
    }
}
