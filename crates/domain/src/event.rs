//! Domain events, written to the outbox in the same transaction as the change they describe.

use serde::Serialize;

use crate::string_enum;

string_enum!(
    /// What happened.
    EventKind {
        AccountRegistered = "account.registered",
        AccountSuspended = "account.suspended",
        AccountRoleChanged = "account.role_changed",
        SessionRevoked = "session.revoked",
        CompanyCreated = "company.created",
        CompanyInvitationCreated = "company.invitation_created",
        CompanyInvitationAccepted = "company.invitation_accepted",
        CompanyInvitationRevoked = "company.invitation_revoked",
        CompanyMemberRemoved = "company.member_removed",
        PostingCreated = "posting.created",
        PostingUpdated = "posting.updated",
        PostingPublished = "posting.published",
        PostingClosed = "posting.closed",
        PostingExpired = "posting.expired",
        PostingReconfirmed = "posting.reconfirmed",
        PostingHidden = "posting.hidden",
        PostingRestored = "posting.restored",
        PostingRemoved = "posting.removed",
        ApplicationSubmitted = "application.submitted",
        ApplicationStageChanged = "application.stage_changed",
        ApplicationWithdrawn = "application.withdrawn",
        ReportFiled = "report.filed",
        ReportResolved = "report.resolved",
        QuestionCreated = "interview_question.created",
        QuestionUpdated = "interview_question.updated",
        QuestionDeleted = "interview_question.deleted",
    }
);

/// An event to record: what happened, to which aggregate (by its public key), and details.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    pub kind: EventKind,
    /// e.g. `posting`, `application`.
    pub aggregate: &'static str,
    /// The aggregate's key: a job code for postings, an id otherwise.
    pub key: String,
    pub payload: serde_json::Value,
}

impl Event {
    pub fn new(
        kind: EventKind,
        aggregate: &'static str,
        key: impl ToString,
        payload: serde_json::Value,
    ) -> Event {
        Event {
            kind,
            aggregate,
            key: key.to_string(),
            payload,
        }
    }
}
