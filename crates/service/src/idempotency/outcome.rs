//! What a keyed write left, as kept for its retries: a reference to the resource it wrote
//! (found again to replay it), or the error it got.

use std::future::Future;

use hireboard_domain::account::Account;
use hireboard_domain::application::Application;
use hireboard_domain::company::Company;
use hireboard_domain::ids::{
    AccountId, ApplicationId, CompanyId, InvitationId, JobCode, QuestionId, ReportId,
};
use hireboard_domain::interview::InterviewQuestion;
use hireboard_domain::posting::Posting;
use hireboard_domain::report::Report;
use hireboard_domain::{FieldError, ValidationErrors};
use serde::{Deserialize, Serialize};

use crate::codes::ErrorCode;
use crate::error::{ServiceError, ServiceResult};
use crate::{Hireboard, Membership};

/// The outcome of a keyed write.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum Outcome {
    Wrote(Resource),
    Refused(Refusal),
}

impl Outcome {
    /// What to keep of `result`, or `None` when a retry should run the write again: after a
    /// failure worth retrying (the store was unavailable, the service failed, the caller was
    /// over a rate limit), and after any refusal of an anonymous caller, which acted on nothing
    /// and whose key, shared by everyone behind the same address, would only make a later,
    /// different request from there (say, one that should be told to log in) collide with it.
    pub(super) fn of<T: Replayable>(result: &ServiceResult<T>, anonymous: bool) -> Option<Outcome> {
        match result {
            Ok(resource) => Some(Outcome::Wrote(resource.reference())),
            Err(_) if anonymous => None,
            Err(error) => Refusal::of(error).map(Outcome::Refused),
        }
    }
}

/// A resource a keyed write created or changed, whatever API shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Resource {
    Account(AccountId),
    Application(ApplicationId),
    Company(CompanyId),
    /// The membership an accepted invitation made.
    Membership(InvitationId),
    Posting(JobCode),
    InterviewQuestion(QuestionId),
    Report(ReportId),
}

/// An error a retry gets again, as it was raised.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum Refusal {
    Invalid(Vec<FieldError>),
    Malformed(FieldError),
    WrongShape(FieldError),
    UnsupportedFormat,
    TooLarge { max_bytes: usize },
    Unauthenticated,
    InvalidCredentials,
    Forbidden(String),
    NotFound(String),
    Conflict { code: ErrorCode, message: String },
}

impl Refusal {
    fn of(error: &ServiceError) -> Option<Refusal> {
        Some(match error {
            ServiceError::Invalid(errors) => Refusal::Invalid(errors.0.clone()),
            ServiceError::Malformed(error) => Refusal::Malformed(error.clone()),
            ServiceError::WrongShape(error) => Refusal::WrongShape(error.clone()),
            ServiceError::UnsupportedFormat => Refusal::UnsupportedFormat,
            ServiceError::TooLarge { max_bytes } => Refusal::TooLarge {
                max_bytes: *max_bytes,
            },
            ServiceError::Unauthenticated => Refusal::Unauthenticated,
            ServiceError::InvalidCredentials => Refusal::InvalidCredentials,
            ServiceError::Forbidden(why) => Refusal::Forbidden(why.to_string()),
            ServiceError::NotFound(what) => Refusal::NotFound(what.to_string()),
            ServiceError::Conflict { code, message } => Refusal::Conflict {
                code: *code,
                message: message.clone(),
            },
            ServiceError::RateLimited { .. }
            | ServiceError::Unavailable(_)
            | ServiceError::Internal(_)
            | ServiceError::Replayed(_) => return None,
        })
    }
}

impl From<Refusal> for ServiceError {
    fn from(refusal: Refusal) -> ServiceError {
        match refusal {
            Refusal::Invalid(errors) => ServiceError::Invalid(ValidationErrors(errors)),
            Refusal::Malformed(error) => ServiceError::Malformed(error),
            Refusal::WrongShape(error) => ServiceError::WrongShape(error),
            Refusal::UnsupportedFormat => ServiceError::UnsupportedFormat,
            Refusal::TooLarge { max_bytes } => ServiceError::TooLarge { max_bytes },
            Refusal::Unauthenticated => ServiceError::Unauthenticated,
            Refusal::InvalidCredentials => ServiceError::InvalidCredentials,
            Refusal::Forbidden(why) => ServiceError::Forbidden(why.into()),
            Refusal::NotFound(what) => ServiceError::NotFound(what.into()),
            Refusal::Conflict { code, message } => ServiceError::Conflict { code, message },
        }
    }
}

/// What a keyed write answers with: a resource it can name, and find again by that name to
/// answer a retry.
pub(crate) trait Replayable: Sized + Send + 'static {
    fn reference(&self) -> Resource;

    /// The resource as it is now.
    fn reread(
        service: &Hireboard,
        resource: Resource,
    ) -> impl Future<Output = ServiceResult<Self>> + Send;
}

/// A stored outcome naming a resource of another kind than its write answers with.
fn mismatched(resource: Resource) -> ServiceError {
    ServiceError::internal(format!(
        "a keyed write's outcome names {resource:?}, which it does not write"
    ))
}

/// The resource a keyed write wrote no longer exists (it was deleted since).
fn gone(what: &'static str) -> ServiceError {
    ServiceError::NotFound(what.into())
}

impl Replayable for Account {
    fn reference(&self) -> Resource {
        Resource::Account(self.id)
    }

    async fn reread(service: &Hireboard, resource: Resource) -> ServiceResult<Self> {
        let Resource::Account(id) = resource else {
            return Err(mismatched(resource));
        };
        service
            .store()
            .account(id)
            .await?
            .ok_or_else(|| gone("account"))
    }
}

impl Replayable for Application {
    fn reference(&self) -> Resource {
        Resource::Application(self.id)
    }

    async fn reread(service: &Hireboard, resource: Resource) -> ServiceResult<Self> {
        let Resource::Application(id) = resource else {
            return Err(mismatched(resource));
        };
        let record = service.store().application(id).await?;
        Ok(record.ok_or_else(|| gone("application"))?.application)
    }
}

impl Replayable for Company {
    fn reference(&self) -> Resource {
        Resource::Company(self.id)
    }

    async fn reread(service: &Hireboard, resource: Resource) -> ServiceResult<Self> {
        let Resource::Company(id) = resource else {
            return Err(mismatched(resource));
        };
        service
            .store()
            .company(id)
            .await?
            .ok_or_else(|| gone("company"))
    }
}

impl Replayable for Membership {
    fn reference(&self) -> Resource {
        Resource::Membership(self.invitation)
    }

    async fn reread(service: &Hireboard, resource: Resource) -> ServiceResult<Self> {
        let Resource::Membership(id) = resource else {
            return Err(mismatched(resource));
        };
        let invitation = service
            .store()
            .invitation(id)
            .await?
            .ok_or_else(|| gone("invitation"))?;
        let joined_at = invitation
            .accepted_at
            .ok_or_else(|| ServiceError::internal("a replayed invitation was never accepted"))?;
        let company = service
            .store()
            .company(invitation.company_id)
            .await?
            .ok_or_else(|| gone("company"))?;
        Ok(Membership {
            company,
            role: invitation.role,
            joined_at,
            invitation: invitation.id,
        })
    }
}

impl Replayable for Posting {
    fn reference(&self) -> Resource {
        Resource::Posting(self.job_code)
    }

    async fn reread(service: &Hireboard, resource: Resource) -> ServiceResult<Self> {
        let Resource::Posting(code) = resource else {
            return Err(mismatched(resource));
        };
        service
            .store()
            .posting(code)
            .await?
            .ok_or_else(|| gone("posting"))
    }
}

impl Replayable for InterviewQuestion {
    fn reference(&self) -> Resource {
        Resource::InterviewQuestion(self.id)
    }

    async fn reread(service: &Hireboard, resource: Resource) -> ServiceResult<Self> {
        let Resource::InterviewQuestion(id) = resource else {
            return Err(mismatched(resource));
        };
        let record = service.store().question(id).await?;
        Ok(record.ok_or_else(|| gone("interview question"))?.question)
    }
}

impl Replayable for Report {
    fn reference(&self) -> Resource {
        Resource::Report(self.id)
    }

    async fn reread(service: &Hireboard, resource: Resource) -> ServiceResult<Self> {
        let Resource::Report(id) = resource else {
            return Err(mismatched(resource));
        };
        service
            .store()
            .report(id)
            .await?
            .ok_or_else(|| gone("report"))
    }
}
