//! The [`Store`] implementation: one delegation per method to the query modules.

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
use sqlx::QueryBuilder;

use super::{
    accounts, applications, common, companies, idempotency, import, invitations, listing, postings,
    questions, reports, Backend, Db,
};
use crate::records::*;
use crate::{EventLog, Store, StoreResult};

#[async_trait]
impl Store for Backend {
    fn consumers(&self) -> &dyn crate::ConsumerLog {
        self
    }

    fn pipelines(&self) -> &dyn crate::PipelineCounts {
        self
    }

    fn listed(&self) -> &dyn crate::ListedPostings {
        self
    }

    async fn ping(&self) -> StoreResult<()> {
        QueryBuilder::<Db>::new("SELECT 1")
            .build()
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn close(&self) {
        super::close(self).await
    }

    async fn deployment_id(&self) -> StoreResult<String> {
        let row = QueryBuilder::<Db>::new("SELECT deployment_id FROM deployment WHERE id = 1")
            .build()
            .fetch_one(&self.pool)
            .await?;
        Ok(sqlx::Row::try_get(&row, "deployment_id")?)
    }

    async fn probe_writes(&self) -> StoreResult<()> {
        common::probe_writes(self).await
    }

    async fn create_account(&self, account: NewAccount) -> StoreResult<Account> {
        accounts::create(self, account).await
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
        accounts::change(self, id, accounts::AccountChange::Role(role), audit, event).await
    }
    async fn set_account_status(
        &self,
        id: AccountId,
        status: AccountStatus,
        audit: Audit,
        event: Event,
    ) -> StoreResult<Account> {
        accounts::change(
            self,
            id,
            accounts::AccountChange::Status(status),
            audit,
            event,
        )
        .await
    }
    async fn create_session(&self, session: NewSession) -> StoreResult<()> {
        accounts::create_session(self, session).await
    }
    async fn session(
        &self,
        token_hash: &[u8],
        now: DateTime<Utc>,
    ) -> StoreResult<Option<(SessionRecord, Account)>> {
        accounts::session(&self.pool, token_hash, now).await
    }
    async fn touch_session(&self, token_hash: &[u8], now: DateTime<Utc>) -> StoreResult<()> {
        accounts::touch_session(self, token_hash, now).await
    }
    async fn revoke_session(
        &self,
        token_hash: &[u8],
        now: DateTime<Utc>,
        event: Event,
    ) -> StoreResult<()> {
        accounts::revoke_session(self, token_hash, now, event).await
    }

    async fn create_company(
        &self,
        profile: CompanyProfile,
        owner: AccountId,
    ) -> StoreResult<Company> {
        companies::create(self, profile, owner).await
    }
    async fn company_by_slug(&self, slug: &str) -> StoreResult<Option<Company>> {
        companies::by_slug(&self.pool, slug).await
    }
    async fn company(&self, id: CompanyId) -> StoreResult<Option<Company>> {
        companies::by_id(&self.pool, id).await
    }
    async fn members(
        &self,
        company: CompanyId,
        page: &IdPage,
    ) -> StoreResult<(Vec<Member>, bool)> {
        companies::members(&self.pool, company, page).await
    }
    async fn remove_member(
        &self,
        company: CompanyId,
        account: AccountId,
        now: DateTime<Utc>,
        audit: Option<Audit>,
        by: AccountId,
    ) -> StoreResult<()> {
        companies::remove_member(self, company, account, now, audit, by).await
    }

    async fn create_invitation(
        &self,
        invitation: NewInvitation,
        audit: Option<Audit>,
    ) -> StoreResult<Invitation> {
        invitations::create(self, invitation, audit).await
    }
    async fn invitation(&self, id: InvitationId) -> StoreResult<Option<Invitation>> {
        invitations::by_id(&self.pool, id).await
    }
    async fn invitation_by_token(&self, token_hash: &[u8]) -> StoreResult<Option<Invitation>> {
        invitations::by_token(&self.pool, token_hash).await
    }
    async fn pending_invitations(
        &self,
        company: CompanyId,
        now: DateTime<Utc>,
        page: &IdPage,
    ) -> StoreResult<(Vec<Invitation>, bool)> {
        invitations::pending(&self.pool, company, now, page).await
    }
    async fn revoke_invitation(
        &self,
        id: InvitationId,
        now: DateTime<Utc>,
        audit: Option<Audit>,
        event: Event,
    ) -> StoreResult<()> {
        invitations::revoke(self, id, now, audit, event).await
    }
    async fn accept_invitation(&self, acceptance: Acceptance, event: Event) -> StoreResult<()> {
        invitations::accept(self, acceptance, event).await
    }

    async fn create_posting(&self, posting: NewPosting) -> StoreResult<Posting> {
        postings::create(self, posting).await
    }
    async fn posting(&self, code: JobCode) -> StoreResult<Option<Posting>> {
        postings::by_code(&self.pool, code).await
    }
    async fn update_posting(
        &self,
        id: PostingId,
        content: PostingContent,
        valid_through: NaiveDate,
        event: PostingChange,
    ) -> StoreResult<Posting> {
        postings::update(self, id, content, valid_through, event).await
    }
    async fn change_posting_status(
        &self,
        id: PostingId,
        change: StatusChange,
        event: PostingChange,
    ) -> StoreResult<Posting> {
        postings::change_status_with_event(self, id, change, event).await
    }
    async fn list_postings(
        &self,
        query: &ListingQuery,
        today: NaiveDate,
    ) -> StoreResult<(Vec<PostingSummary>, bool)> {
        listing::list(&self.pool, query, today).await
    }
    async fn expire_postings(
        &self,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<JobCode>> {
        postings::expire(self, today, now).await
    }
    async fn import_postings(
        &self,
        batch: Vec<ImportedPosting>,
    ) -> StoreResult<Vec<ImportOutcome>> {
        import::import(self, batch).await
    }

    async fn create_application(
        &self,
        application: NewApplication,
    ) -> StoreResult<Application> {
        applications::create(self, application).await
    }
    async fn application(&self, id: ApplicationId) -> StoreResult<Option<ApplicationRecord>> {
        applications::by_id(&mut *self.pool.acquire().await?, id).await
    }
    async fn applications_of_candidate(
        &self,
        candidate: AccountId,
        page: &ApplicationPage,
    ) -> StoreResult<(Vec<Application>, bool)> {
        applications::list(&self.pool, applications::Owner::Candidate(candidate), page).await
    }
    async fn applications_for_posting(
        &self,
        posting: PostingId,
        page: &ApplicationPage,
    ) -> StoreResult<(Vec<Application>, bool)> {
        applications::list(&self.pool, applications::Owner::Posting(posting), page).await
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
    ) -> StoreResult<(Report, bool)> {
        reports::file(self, report, hide_threshold).await
    }
    async fn report(&self, id: ReportId) -> StoreResult<Option<Report>> {
        reports::by_id(&self.pool, id).await
    }
    async fn moderation_queue(&self, page: &QueuePage) -> StoreResult<(Vec<QueueEntry>, bool)> {
        reports::queue(&self.pool, page).await
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
        event: PostingChange,
    ) -> StoreResult<Posting> {
        reports::moderate(self, id, change, reports_to, audit, event).await
    }

    async fn create_question(
        &self,
        question: NewQuestion,
    ) -> StoreResult<InterviewQuestion> {
        questions::create(self, question).await
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
        query: &QuestionMatch,
    ) -> StoreResult<(Vec<(InterviewQuestion, MatchKey)>, bool)> {
        questions::matching(&self.pool, query).await
    }
    async fn list_questions(
        &self,
        filter: &QuestionFilter,
    ) -> StoreResult<(Vec<InterviewQuestion>, bool)> {
        questions::list(&self.pool, filter).await
    }

    async fn begin_idempotent(&self, claim: IdempotencyClaim) -> StoreResult<IdempotencyState> {
        idempotency::begin(self, claim).await
    }
    async fn finish_idempotent(
        &self,
        scope: &str,
        key: &str,
        outcome: &serde_json::Value,
    ) -> StoreResult<()> {
        idempotency::finish(self, scope, key, outcome).await
    }
    async fn abandon_idempotent(&self, scope: &str, key: &str) -> StoreResult<()> {
        idempotency::abandon(self, scope, key).await
    }

    fn events(&self) -> &dyn EventLog {
        self
    }
}
