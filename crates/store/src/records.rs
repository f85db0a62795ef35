//! Plain data passed into and out of the store.

use chrono::{DateTime, NaiveDate, Utc};
use hireboard_domain::account::{Email, Role};
use hireboard_domain::application::{Application, Stage};
use hireboard_domain::company::MemberRole;
use hireboard_domain::ids::*;
use hireboard_domain::interview::{InterviewQuestion, QuestionContent};
use hireboard_domain::posting::{ExternalRef, PostingContent, PostingStatus};
use hireboard_domain::report::{ReportReason, ReportStatus};
use hireboard_domain::screening::Answers;

/// Pool and timeout settings.
#[derive(Debug, Clone)]
pub struct ConnectOptions {
    pub max_connections: u32,
    /// How long a request waits for a pooled connection before failing fast.
    pub acquire_timeout: std::time::Duration,
}

impl Default for ConnectOptions {
    fn default() -> Self {
        Self {
            max_connections: 8,
            acquire_timeout: std::time::Duration::from_secs(5),
        }
    }
}

pub struct NewAccount {
    pub email: Email,
    pub password_hash: String,
    pub display_name: String,
    pub role: Role,
    pub now: DateTime<Utc>,
}

pub struct NewSession {
    pub token_hash: Vec<u8>,
    pub account_id: AccountId,
    pub now: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct SessionRecord {
    pub created_at: DateTime<Utc>,
    pub last_used_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// Who decided what, for the audit log.
#[derive(Debug, Clone)]
pub struct Audit {
    pub actor: AccountId,
    pub action: &'static str,
    pub reason: Option<String>,
    pub now: DateTime<Utc>,
}

/// An invitation to record; its token exists only as `token_hash`.
pub struct NewInvitation {
    pub company_id: CompanyId,
    pub email_as_typed: String,
    pub email: Email,
    pub role: MemberRole,
    pub token_hash: Vec<u8>,
    pub invited_by: AccountId,
    pub now: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// A page of a list kept in id order: up to `limit` items with ids past `after` (greater
/// for members, smaller for invitations, which come newest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdPage {
    pub after: Option<i64>,
    pub limit: u32,
}

/// An account's use of an invitation to join its company.
pub struct Acceptance {
    pub invitation: InvitationId,
    pub account: AccountId,
    /// The account's email; the invitation must have been sent to it.
    pub email: Email,
    pub now: DateTime<Utc>,
}

pub struct NewPosting {
    pub company_id: CompanyId,
    pub posted_by: AccountId,
    pub content: PostingContent,
    pub valid_through: NaiveDate,
    pub now: DateTime<Utc>,
}

/// A status transition, guarded by the statuses it may start from.
#[derive(Debug, Clone)]
pub struct StatusChange {
    pub from: &'static [PostingStatus],
    pub to: PostingStatus,
    /// Sets the "posted on" time if the posting has none yet.
    pub publish_at: Option<DateTime<Utc>>,
    pub valid_through: Option<NaiveDate>,
    /// `Some` sets the reason shown to the poster; `None` clears it.
    pub removal_reason: Option<String>,
    /// Records `now` as when its poster last confirmed it is still open.
    pub reconfirmed: bool,
    pub now: DateTime<Utc>,
}

/// A posting checked for bulk import.
pub struct ImportedPosting {
    pub job_code: Option<JobCode>,
    /// Matched against the company's postings: a match is updated, not added again.
    pub external_ref: Option<ExternalRef>,
    pub company_name: String,
    pub company_slug: String,
    pub content: PostingContent,
    pub posted_at: DateTime<Utc>,
    pub valid_through: NaiveDate,
    pub now: DateTime<Utc>,
}

/// What importing one posting did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportOutcome {
    Created(JobCode),
    /// A posting with the same external reference, or the same job code in the same
    /// company, existed and now has the imported content.
    Updated(JobCode),
    /// The job code belongs to another company's posting.
    JobCodeTaken,
    /// The posting it names was hidden or removed by a moderator, and keeps its content.
    Moderated(JobCode),
}

/// A new application, with what its answer shows about the posting and candidate so the
/// store can return it without reading it back.
#[derive(Clone)]
pub struct NewApplication {
    pub posting_id: PostingId,
    pub job_code: JobCode,
    pub posting_title: String,
    pub candidate_id: AccountId,
    pub candidate_name: String,
    pub cover_note: Option<String>,
    pub answers: Answers,
    pub now: DateTime<Utc>,
}

/// An application with what authorization needs to know about its posting.
#[derive(Debug, Clone)]
pub struct ApplicationRecord {
    pub application: Application,
    pub posting_company: CompanyId,
}

pub struct StageMove {
    pub from: Stage,
    pub to: Stage,
    pub actor: AccountId,
    pub note: Option<String>,
    pub now: DateTime<Utc>,
}

pub struct NewReport {
    pub posting_id: PostingId,
    pub reporter_id: AccountId,
    pub reason: ReportReason,
    pub details: Option<String>,
    pub now: DateTime<Utc>,
}

pub struct NewQuestion {
    pub company_id: Option<CompanyId>,
    pub author_id: Option<AccountId>,
    pub content: QuestionContent,
    pub now: DateTime<Utc>,
}

/// A question with its owning company, for authorization.
#[derive(Debug, Clone)]
pub struct QuestionRecord {
    pub question: InterviewQuestion,
    pub company_id: Option<CompanyId>,
}

/// One page of the question bank, in id order.
#[derive(Debug, Clone, Default)]
pub struct QuestionFilter {
    pub skill: Option<String>,
    pub functional_area: Option<String>,
    pub after: Option<QuestionId>,
    pub limit: u32,
}

/// One page of the questions that fit a posting, best fit first.
#[derive(Debug, Clone)]
pub struct QuestionMatch {
    pub skills: Vec<String>,
    pub functional_area: String,
    /// Whose own questions may be shown besides the shared bank.
    pub company: CompanyId,
    pub after: Option<MatchKey>,
    pub limit: u32,
}

/// Where a question ranks for a posting: skills shared, area shared (0 or 1), then id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MatchKey {
    pub shared_skills: i64,
    pub same_area: i64,
    pub id: QuestionId,
}

/// One page of applications, newest first, optionally of one stage.
#[derive(Debug, Clone)]
pub struct ApplicationPage {
    pub stage: Option<Stage>,
    pub after: Option<(DateTime<Utc>, ApplicationId)>,
    pub limit: u32,
}

/// One page of the moderation queue: postings with reports of one status (and reason), most
/// reported first, then longest waiting.
#[derive(Debug, Clone)]
pub struct QueuePage {
    pub status: ReportStatus,
    pub reason: Option<ReportReason>,
    pub after: Option<QueueKey>,
    pub limit: u32,
}

/// Where a posting stands in the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueKey {
    pub reporters: i64,
    pub first_reported_at: DateTime<Utc>,
    pub job_code: JobCode,
}

/// A request's claim on an idempotency key.
#[derive(Debug, Clone)]
pub struct IdempotencyClaim {
    /// Whose key it is (keys of different callers never meet).
    pub scope: String,
    pub key: String,
    /// Hash of what the request asks for; the same key with another request is refused.
    pub request_hash: Vec<u8>,
    pub now: DateTime<Utc>,
    /// Uses of the key older than this are forgotten.
    pub forget_before: DateTime<Utc>,
    /// Until when the claim holds if its request never finishes.
    pub lease_until: DateTime<Utc>,
}

/// What an idempotency key says about a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdempotencyState {
    /// First use: the caller proceeds and later finishes or abandons the key.
    Claimed,
    /// Another request with this key is still running (its lease has not run out).
    InProgress,
    /// The key was used with a different request.
    Mismatch,
    /// What the request with this key did, as recorded by [`crate::Store::finish_idempotent`].
    Completed { outcome: serde_json::Value },
}
