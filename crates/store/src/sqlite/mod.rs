//! The SQLite backend: the embedded default. WAL mode, a connection pool, and `BEGIN IMMEDIATE`
//! for every write transaction so concurrent writers queue on the lock instead of failing
//! when a read transaction tries to upgrade.

mod accounts;
mod applications;
mod companies;
mod idempotency;
mod postings;
mod questions;
mod reports;
mod rows;

use std::str::FromStr;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use hireboard_domain::account::{Account, AccountStatus, Role};
use hireboard_domain::application::Application;
use hireboard_domain::company::{Company, CompanyProfile};
use hireboard_domain::event::Event;
use hireboard_domain::ids::*;
use hireboard_domain::interview::{InterviewQuestion, QuestionContent};
use hireboard_domain::posting::{ListingQuery, Posting, PostingContent, PostingSummary};
use hireboard_domain::report::{QueueEntry, Report, ReportStatus};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Sqlite, Transaction};

use crate::records::*;
use crate::{Store, StoreError, StoreResult};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

type Tx = Transaction<'static, Sqlite>;

/// A SQLite database file (or `sqlite::memory:` for throwaway use).
#[derive(Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    pub async fn connect(url: &str, options: &ConnectOptions) -> StoreResult<SqliteStore> {
        let connect = SqliteConnectOptions::from_str(url)
            .map_err(|e| StoreError::Config(format!("invalid SQLite URL: {e}")))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(std::time::Duration::from_secs(5))
            .pragma("cache_size", "-65536")
            .pragma("temp_store", "memory");
        let pool = SqlitePoolOptions::new()
            .max_connections(options.max_connections)
            .acquire_timeout(options.acquire_timeout)
            .connect_with(connect)
            .await
            .map_err(|e| StoreError::Config(format!("cannot open the SQLite database: {e}")))?;
        let store = SqliteStore { pool };
        store.migrate().await?;
        Ok(store)
    }

    /// Applies pending migrations; refuses a database migrated by a newer binary.
    pub async fn migrate(&self) -> StoreResult<()> {
        let known: std::collections::HashSet<i64> = MIGRATOR.iter().map(|m| m.version).collect();
        let applied: Vec<(i64,)> = sqlx::query_as("SELECT version FROM _sqlx_migrations")
            .fetch_all(&self.pool)
            .await
            .unwrap_or_default();
        if let Some((version,)) = applied.iter().find(|(v,)| !known.contains(v)) {
            return Err(StoreError::Config(format!(
                "the database has migration {version}, which this binary does not know; run a newer hireboard"
            )));
        }
        MIGRATOR
            .run(&self.pool)
            .await
            .map_err(|e| StoreError::Config(format!("migrations failed: {e}")))
    }

    async fn write(&self) -> StoreResult<Tx> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }
}

/// Appends events to the outbox inside the caller's transaction.
async fn record_events(tx: &mut Tx, events: &[Event], now: DateTime<Utc>) -> StoreResult<()> {
    for event in events {
        sqlx::query(
            "INSERT INTO outbox (kind, aggregate, key, payload, created_at) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(event.kind.as_str())
        .bind(event.aggregate)
        .bind(&event.key)
        .bind(event.payload.to_string())
        .bind(rows::micros(now))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn record_audit(tx: &mut Tx, audit: &Audit, target: &str) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO audit_log (actor_id, action, target, reason, at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(audit.actor.0)
    .bind(audit.action)
    .bind(target)
    .bind(&audit.reason)
    .bind(rows::micros(audit.now))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[async_trait]
impl Store for SqliteStore {
    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn create_account(&self, account: NewAccount, event: Event) -> StoreResult<Account> {
        accounts::create(self, account, event).await
    }
    async fn account(&self, id: AccountId) -> StoreResult<Option<Account>> {
        accounts::by_id(&self.pool, id).await
    }
    async fn account_by_email(&self, email: &str) -> StoreResult<Option<Account>> {
        Ok(accounts::credentials(&self.pool, email)
            .await?
            .map(|(a, _)| a))
    }
    async fn credentials(&self, email: &str) -> StoreResult<Option<(Account, String)>> {
        accounts::credentials(&self.pool, email).await
    }
    async fn set_account_role(
        &self,
        id: AccountId,
        role: Role,
        audit: Audit,
        event: Event,
    ) -> StoreResult<Account> {
        accounts::set_role(self, id, role, audit, event).await
    }
    async fn set_account_status(
        &self,
        id: AccountId,
        status: AccountStatus,
        audit: Audit,
        event: Event,
    ) -> StoreResult<Account> {
        accounts::set_status(self, id, status, audit, event).await
    }
    async fn create_session(&self, session: NewSession) -> StoreResult<()> {
        accounts::create_session(&self.pool, session).await
    }
    async fn session(
        &self,
        token_hash: &[u8],
        now: DateTime<Utc>,
    ) -> StoreResult<Option<(SessionRecord, Account)>> {
        accounts::session(&self.pool, token_hash, now).await
    }
    async fn touch_session(&self, token_hash: &[u8], now: DateTime<Utc>) -> StoreResult<()> {
        accounts::touch_session(&self.pool, token_hash, now).await
    }
    async fn revoke_session(&self, token_hash: &[u8], now: DateTime<Utc>) -> StoreResult<()> {
        accounts::revoke_session(&self.pool, token_hash, now).await
    }

    async fn create_company(
        &self,
        profile: CompanyProfile,
        owner: AccountId,
        event: Event,
    ) -> StoreResult<Company> {
        companies::create(self, profile, owner, event).await
    }
    async fn company_by_slug(&self, slug: &str) -> StoreResult<Option<Company>> {
        companies::by_slug(&self.pool, slug).await
    }
    async fn add_recruiter(
        &self,
        company: CompanyId,
        recruiter: AccountId,
        event: Event,
    ) -> StoreResult<()> {
        companies::add_recruiter(self, company, recruiter, event).await
    }

    async fn create_posting(&self, posting: NewPosting, event: Event) -> StoreResult<Posting> {
        postings::create(self, posting, event).await
    }
    async fn posting(&self, code: JobCode) -> StoreResult<Option<Posting>> {
        postings::by_code(&self.pool, code).await
    }
    async fn update_posting(
        &self,
        id: PostingId,
        content: PostingContent,
        valid_through: NaiveDate,
        event: Event,
    ) -> StoreResult<Posting> {
        postings::update(self, id, content, valid_through, event).await
    }
    async fn change_posting_status(
        &self,
        id: PostingId,
        change: StatusChange,
        event: Event,
    ) -> StoreResult<Posting> {
        let mut tx = self.write().await?;
        postings::change_status(&mut tx, id, &change).await?;
        record_events(&mut tx, &[event], change.now).await?;
        tx.commit().await?;
        postings::by_id(&self.pool, id).await
    }
    async fn list_postings(
        &self,
        query: &ListingQuery,
        today: NaiveDate,
    ) -> StoreResult<(Vec<PostingSummary>, bool)> {
        postings::list(&self.pool, query, today).await
    }
    async fn expire_postings(
        &self,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<JobCode>> {
        postings::expire(self, today, now).await
    }
    async fn import_postings(&self, batch: Vec<ImportedPosting>) -> StoreResult<usize> {
        postings::import(self, batch).await
    }

    async fn create_application(
        &self,
        application: NewApplication,
        event: Event,
    ) -> StoreResult<Application> {
        applications::create(self, application, event).await
    }
    async fn application(&self, id: ApplicationId) -> StoreResult<Option<ApplicationRecord>> {
        applications::by_id(&self.pool, id).await
    }
    async fn applications_of_candidate(
        &self,
        candidate: AccountId,
    ) -> StoreResult<Vec<Application>> {
        applications::list(&self.pool, applications::Owner::Candidate(candidate)).await
    }
    async fn applications_for_posting(&self, posting: PostingId) -> StoreResult<Vec<Application>> {
        applications::list(&self.pool, applications::Owner::Posting(posting)).await
    }
    async fn change_stage(
        &self,
        id: ApplicationId,
        change: StageMove,
        event: Event,
    ) -> StoreResult<Application> {
        applications::change_stage(self, id, change, event).await
    }

    async fn file_report(
        &self,
        report: NewReport,
        hide_threshold: u32,
        event: Event,
        hide_event: Event,
    ) -> StoreResult<(Report, bool)> {
        reports::file(self, report, hide_threshold, event, hide_event).await
    }
    async fn report(&self, id: ReportId) -> StoreResult<Option<Report>> {
        reports::by_id(&self.pool, id).await
    }
    async fn moderation_queue(&self, limit: u32) -> StoreResult<Vec<QueueEntry>> {
        reports::queue(&self.pool, limit).await
    }
    async fn resolve_report(
        &self,
        id: ReportId,
        status: ReportStatus,
        audit: Audit,
        event: Event,
    ) -> StoreResult<Report> {
        reports::resolve(self, id, status, audit, event).await
    }
    async fn moderate_posting(
        &self,
        id: PostingId,
        change: StatusChange,
        reports_to: ReportStatus,
        audit: Audit,
        events: Vec<Event>,
    ) -> StoreResult<Posting> {
        reports::moderate(self, id, change, reports_to, audit, events).await
    }

    async fn create_question(
        &self,
        question: NewQuestion,
        event: Event,
    ) -> StoreResult<InterviewQuestion> {
        questions::create(self, question, event).await
    }
    async fn question(&self, id: QuestionId) -> StoreResult<Option<QuestionRecord>> {
        questions::by_id(&self.pool, id).await
    }
    async fn update_question(
        &self,
        id: QuestionId,
        content: QuestionContent,
        event: Event,
    ) -> StoreResult<InterviewQuestion> {
        questions::update(self, id, content, event).await
    }
    async fn delete_question(&self, id: QuestionId, event: Event) -> StoreResult<()> {
        questions::delete(self, id, event).await
    }
    async fn questions_matching(
        &self,
        skills: &[String],
        functional_area: &str,
        company: CompanyId,
        limit: u32,
    ) -> StoreResult<Vec<InterviewQuestion>> {
        questions::matching(&self.pool, skills, functional_area, company, limit).await
    }
    async fn list_questions(&self, filter: &QuestionFilter) -> StoreResult<Vec<InterviewQuestion>> {
        questions::list(&self.pool, filter).await
    }

    async fn begin_idempotent(
        &self,
        scope: &str,
        key: &str,
        request_hash: &[u8],
        now: DateTime<Utc>,
        since: DateTime<Utc>,
    ) -> StoreResult<IdempotencyState> {
        idempotency::begin(self, scope, key, request_hash, now, since).await
    }
    async fn finish_idempotent(
        &self,
        scope: &str,
        key: &str,
        status: u16,
        body: &[u8],
    ) -> StoreResult<()> {
        idempotency::finish(&self.pool, scope, key, status, body).await
    }
    async fn abandon_idempotent(&self, scope: &str, key: &str) -> StoreResult<()> {
        idempotency::abandon(&self.pool, scope, key).await
    }

    async fn outbox_after(&self, position: i64, limit: u32) -> StoreResult<Vec<OutboxRecord>> {
        rows::outbox_after(&self.pool, position, limit).await
    }
    async fn outbox_head(&self) -> StoreResult<i64> {
        let (head,): (i64,) = sqlx::query_as("SELECT COALESCE(MAX(id), 0) FROM outbox")
            .fetch_one(&self.pool)
            .await?;
        Ok(head)
    }
}
