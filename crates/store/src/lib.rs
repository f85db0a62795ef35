//! hireboard's persistence layer.
//!
//! [`Store`] is the one seam between the service layer and a relational database: each method
//! is one use case's worth of reads or one transaction of writes, and every write also appends
//! its typed domain [`Event`]s to the outbox in that same transaction. Callers pass the events
//! they can fully describe; the store builds those that name what it creates (a new id or job
//! code) and every posting event, whose snapshot of the posting it takes from the row inside
//! the writing transaction ([`PostingChange`] is the caller's part). [`connect`] picks the
//! backend from the URL's scheme: SQLite (embedded default), PostgreSQL or MySQL/MariaDB.
//!
//! Consumers read the outbox through [`Store::events`] ([`EventLog`]): positions are given
//! after commit by a sequencer pass, so reading by position never skips a late commit (see
//! `events.rs`).
//!
//! The queries are written once, in `sql/`, and compiled for each backend by `backend/`,
//! which holds everything that differs between databases.
//!
//! Rules the schema backs (one application per candidate per posting, one report per user per
//! posting, unique emails, slugs and job codes) and the one the store keeps itself (a company
//! keeps an owner) surface as [`StoreError::Conflict`] with the name of the rule, so callers
//! can answer 409 without parsing database messages.

// Each backend compiles the shared query modules of `sql/` against its own driver, so those
// files are deliberately loaded once per backend.
#[allow(clippy::duplicate_mod)]
mod backend;
mod consumers;
mod error;
mod events;
mod listed;
mod pipeline;
mod records;
#[cfg(feature = "testing")]
pub mod testing;

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use hireboard_domain::account::{Account, AccountStatus, Role};
use hireboard_domain::application::Application;
use hireboard_domain::company::{Company, CompanyProfile, Invitation, Member};
use hireboard_domain::event::{Event, PostingChange};
use hireboard_domain::ids::*;
use hireboard_domain::interview::{InterviewQuestion, QuestionContent};
use hireboard_domain::posting::{ListingQuery, Posting, PostingContent, PostingSummary};
use hireboard_domain::report::{QueueEntry, Report, ReportStatus};

pub use consumers::{ConsumerLog, DeadLetter, NewDeadLetter, Replay};
pub use error::{Cause, Rule, StoreError};
pub use events::{EventLog, OutboxRecord, RawEvent};
pub use listed::ListedPostings;
pub use pipeline::{CountedEvent, PipelineCounts};
pub use records::*;

pub type StoreResult<T> = Result<T, StoreError>;

pub use backend::mysql::MySqlStore;
pub use backend::postgres::PgStore;
pub use backend::sqlite::SqliteStore;

/// Opens the store named by `url` (`sqlite:`, `postgres:`/`postgresql:`, `mysql:`/`mariadb:`)
/// and runs pending migrations. Errors say in one line what is wrong and how to fix it.
pub async fn connect(url: &str, options: &ConnectOptions) -> StoreResult<Arc<dyn Store>> {
    let scheme = url.split(':').next().unwrap_or_default();
    Ok(match scheme {
        "sqlite" => Arc::new(SqliteStore::connect(url, options).await?),
        "postgres" | "postgresql" => Arc::new(PgStore::connect(url, options).await?),
        "mysql" => Arc::new(MySqlStore::connect(url, options).await?),
        "mariadb" => {
            Arc::new(MySqlStore::connect(&url.replacen("mariadb", "mysql", 1), options).await?)
        }
        other => {
            return Err(StoreError::Config(format!(
                "unsupported database URL scheme {other:?}; use sqlite:, postgres: or mysql:"
            )))
        }
    })
}

/// Whether `url` names a database this build can open.
pub fn supported_url(url: &str) -> bool {
    ["sqlite:", "postgres:", "postgresql:", "mysql:", "mariadb:"]
        .iter()
        .any(|scheme| url.starts_with(scheme))
}

/// Everything the service layer persists. Implementations must be safe to share between tasks.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// The event backbone's bookkeeping: consumer positions, dead letters, leases.
    fn consumers(&self) -> &dyn ConsumerLog;
    /// Applicant counts per stage, kept from events.
    fn pipelines(&self) -> &dyn PipelineCounts;
    /// Every listed posting, for building a search index.
    fn listed(&self) -> &dyn ListedPostings;

    /// Cheap round trip for readiness checks.
    async fn ping(&self) -> StoreResult<()>;
    /// Finishes the writes the store has taken on and takes no more: called at shutdown,
    /// once nothing will write again (PostgreSQL's application batches drain here).
    async fn close(&self);
    /// The id this database was given when first migrated: what tells it from another (say,
    /// one re-created or restored in its place) to the caches in front of it.
    async fn deployment_id(&self) -> StoreResult<String>;
    /// A small write through the same path as every other write, for readiness checks: it
    /// fails when the database answers reads but cannot take writes.
    async fn probe_writes(&self) -> StoreResult<()>;

    // Accounts and sessions.
    /// Records `account.registered`.
    async fn create_account(&self, account: NewAccount) -> StoreResult<Account>;
    async fn account(&self, id: AccountId) -> StoreResult<Option<Account>>;
    async fn account_by_email(&self, email: &str) -> StoreResult<Option<Account>>;
    /// The account and its password hash, for logging in.
    async fn credentials(&self, email: &str) -> StoreResult<Option<(Account, String)>>;
    /// Sets an account's role; `StateChanged` for any role but recruiter while the account
    /// belongs to a company.
    async fn set_account_role(
        &self,
        id: AccountId,
        role: Role,
        audit: Audit,
        event: Event,
    ) -> StoreResult<Account>;
    /// Suspending also revokes every session of the account.
    async fn set_account_status(
        &self,
        id: AccountId,
        status: AccountStatus,
        audit: Audit,
        event: Event,
    ) -> StoreResult<Account>;
    async fn create_session(&self, session: NewSession) -> StoreResult<()>;
    /// A live (not revoked, not expired) session and its account.
    async fn session(
        &self,
        token_hash: &[u8],
        now: DateTime<Utc>,
    ) -> StoreResult<Option<(SessionRecord, Account)>>;
    async fn touch_session(&self, token_hash: &[u8], now: DateTime<Utc>) -> StoreResult<()>;
    async fn revoke_session(
        &self,
        token_hash: &[u8],
        now: DateTime<Utc>,
        event: Event,
    ) -> StoreResult<()>;

    // Companies and their members.
    /// Creates the company and makes `owner` its first member, as an owner; records
    /// `company.created`.
    async fn create_company(
        &self,
        profile: CompanyProfile,
        owner: AccountId,
    ) -> StoreResult<Company>;
    async fn company_by_slug(&self, slug: &str) -> StoreResult<Option<Company>>;
    async fn company(&self, id: CompanyId) -> StoreResult<Option<Company>>;
    /// One page of the company's members in account id order, plus whether more follow.
    async fn members(&self, company: CompanyId, page: &IdPage) -> StoreResult<(Vec<Member>, bool)>;
    /// Takes a member out of the company (removed `by` an owner or themselves) and revokes the
    /// invitations still pending to their address there (listed in the recorded
    /// `company.member_removed` as `invitations_revoked`): `NotFound` if
    /// the account is not a member, `Conflict("companies.last_owner")` if it is the
    /// company's last owner, even when several removals race.
    async fn remove_member(
        &self,
        company: CompanyId,
        account: AccountId,
        now: DateTime<Utc>,
        audit: Option<Audit>,
        by: AccountId,
    ) -> StoreResult<()>;

    // Invitations.
    /// Records an invitation and `company.invitation_created`.
    async fn create_invitation(
        &self,
        invitation: NewInvitation,
        audit: Option<Audit>,
    ) -> StoreResult<Invitation>;
    async fn invitation(&self, id: InvitationId) -> StoreResult<Option<Invitation>>;
    async fn invitation_by_token(&self, token_hash: &[u8]) -> StoreResult<Option<Invitation>>;
    /// One page of the company's invitations pending at `now`, newest first, plus whether
    /// more follow.
    async fn pending_invitations(
        &self,
        company: CompanyId,
        now: DateTime<Utc>,
        page: &IdPage,
    ) -> StoreResult<(Vec<Invitation>, bool)>;
    /// Revokes an invitation pending at `now`; [`StoreError::StateChanged`] if it is not.
    async fn revoke_invitation(
        &self,
        id: InvitationId,
        now: DateTime<Utc>,
        audit: Option<Audit>,
        event: Event,
    ) -> StoreResult<()>;
    /// Uses an invitation to join its company with its role, once: `NotFound` unless the
    /// invitation is pending at `acceptance.now` and was sent to `acceptance.email` (so of
    /// concurrent acceptances exactly one succeeds), `StateChanged` (with nothing changed)
    /// if the account is not a recruiter without a company.
    async fn accept_invitation(&self, acceptance: Acceptance, event: Event) -> StoreResult<()>;

    // Postings. Each write records its posting event with the posting as the write left it.
    /// Records `posting.created`.
    async fn create_posting(&self, posting: NewPosting) -> StoreResult<Posting>;
    async fn posting(&self, code: JobCode) -> StoreResult<Option<Posting>>;
    async fn update_posting(
        &self,
        id: PostingId,
        content: PostingContent,
        valid_through: NaiveDate,
        event: PostingChange,
    ) -> StoreResult<Posting>;
    /// Moves a posting to `change.to` if its status is one of `change.from`; otherwise
    /// [`StoreError::StateChanged`].
    async fn change_posting_status(
        &self,
        id: PostingId,
        change: StatusChange,
        event: PostingChange,
    ) -> StoreResult<Posting>;
    /// One page of published, unexpired postings, plus whether more follow.
    async fn list_postings(
        &self,
        query: &ListingQuery,
        today: NaiveDate,
    ) -> StoreResult<(Vec<PostingSummary>, bool)>;
    /// Marks published postings past their valid-through date as expired; returns their codes.
    async fn expire_postings(
        &self,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<JobCode>>;
    /// Loads checked postings in one transaction, creating companies by name as needed and
    /// updating the postings a record names (by external reference or job code) instead of
    /// adding them again; one outcome per posting, in order.
    async fn import_postings(
        &self,
        postings: Vec<ImportedPosting>,
    ) -> StoreResult<Vec<ImportOutcome>>;

    // Applications.
    /// Records `application.submitted`.
    async fn create_application(&self, application: NewApplication) -> StoreResult<Application>;
    async fn application(&self, id: ApplicationId) -> StoreResult<Option<ApplicationRecord>>;
    /// One page of a candidate's applications, plus whether more follow.
    async fn applications_of_candidate(
        &self,
        candidate: AccountId,
        page: &ApplicationPage,
    ) -> StoreResult<(Vec<Application>, bool)>;
    /// One page of a posting's applicants, plus whether more follow.
    async fn applications_for_posting(
        &self,
        posting: PostingId,
        page: &ApplicationPage,
    ) -> StoreResult<(Vec<Application>, bool)>;
    /// Moves an application from `change.from` to `change.to`, recording who and why;
    /// [`StoreError::StateChanged`] if it is no longer at `change.from`.
    async fn change_stage(
        &self,
        id: ApplicationId,
        change: StageMove,
        event: Event,
    ) -> StoreResult<Application>;

    // Reports and moderation.
    /// Files a report; when the posting is published and its distinct open reporters reach
    /// `hide_threshold`, hides it. Records `report.filed`, and `posting.hidden` when it hid
    /// the posting. Returns the report and whether this report hid the posting.
    async fn file_report(
        &self,
        report: NewReport,
        hide_threshold: u32,
    ) -> StoreResult<(Report, bool)>;
    async fn report(&self, id: ReportId) -> StoreResult<Option<Report>>;
    /// One page of the moderation queue, plus whether more follow.
    async fn moderation_queue(&self, page: &QueuePage) -> StoreResult<(Vec<QueueEntry>, bool)>;
    async fn resolve_report(
        &self,
        id: ReportId,
        status: ReportStatus,
        audit: Audit,
        event: Event,
    ) -> StoreResult<Report>;
    /// Changes a posting's status as a moderator, resolving its open reports as `reports_to`
    /// and auditing the decision; records `event` and a `report.resolved` for each report.
    async fn moderate_posting(
        &self,
        id: PostingId,
        change: StatusChange,
        reports_to: ReportStatus,
        audit: Audit,
        event: PostingChange,
    ) -> StoreResult<Posting>;

    // Interview questions.
    /// Records `interview_question.created`.
    async fn create_question(&self, question: NewQuestion) -> StoreResult<InterviewQuestion>;
    async fn question(&self, id: QuestionId) -> StoreResult<Option<QuestionRecord>>;
    async fn update_question(
        &self,
        id: QuestionId,
        content: QuestionContent,
        event: Event,
    ) -> StoreResult<InterviewQuestion>;
    async fn delete_question(&self, id: QuestionId, event: Event) -> StoreResult<()>;
    /// Questions that share a skill or the functional area, from the shared bank or the
    /// posting's company, best fit first: one page with each question's rank, plus whether
    /// more follow.
    async fn questions_matching(
        &self,
        query: &QuestionMatch,
    ) -> StoreResult<(Vec<(InterviewQuestion, MatchKey)>, bool)>;
    /// One page of the bank, plus whether more follow.
    async fn list_questions(
        &self,
        filter: &QuestionFilter,
    ) -> StoreResult<(Vec<InterviewQuestion>, bool)>;

    // Idempotency keys.
    /// Claims a key for a request, or reports what an earlier request with the same key did
    /// (or is still doing, while its lease lasts).
    async fn begin_idempotent(&self, claim: IdempotencyClaim) -> StoreResult<IdempotencyState>;
    /// Records the outcome of the request holding the claim, as the service describes it, for
    /// its retries.
    async fn finish_idempotent(
        &self,
        scope: &str,
        key: &str,
        outcome: &serde_json::Value,
    ) -> StoreResult<()>;
    /// Releases a claim whose request failed without a response worth replaying.
    async fn abandon_idempotent(&self, scope: &str, key: &str) -> StoreResult<()>;

    // Events.
    /// The outbox, for the sequencer and for consumers.
    fn events(&self) -> &dyn EventLog;
}
