//! The service layer's error type. Each error has a code from the one table
//! ([`crate::ErrorCode`]), from which every API takes its protocol's answer (HTTP status and
//! problem `code`, GraphQL `extensions.code`, gRPC status).

use std::borrow::Cow;

use hireboard_domain::{FieldError, ValidationErrors};
use hireboard_store::{Cause, Rule, StoreError};

use crate::codes::ErrorCode;

pub type ServiceResult<T> = Result<T, ServiceError>;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The input broke the rules; every problem names its field.
    #[error(transparent)]
    Invalid(#[from] ValidationErrors),
    /// The input could not be read: it is not well-formed (or not text); names where.
    #[error("{}: {}", .0.field, .0.reason)]
    Malformed(FieldError),
    /// The input is well-formed but not what the use case takes: a value of the wrong type,
    /// a missing or an unknown field; names which.
    #[error("{}: {}", .0.field, .0.reason)]
    WrongShape(FieldError),
    /// The input is in a format the use case does not read.
    #[error("unsupported input format")]
    UnsupportedFormat,
    /// The input is larger than the most that is read.
    #[error("input larger than {max_bytes} bytes")]
    TooLarge { max_bytes: usize },
    /// No valid credentials were presented.
    #[error("authentication required")]
    Unauthenticated,
    /// Email and password do not match an active account (deliberately unspecific).
    #[error("invalid email or password")]
    InvalidCredentials,
    /// The caller is known but may not do this.
    #[error("{0}")]
    Forbidden(Cow<'static, str>),
    /// The thing does not exist, or the caller may not know it exists.
    #[error("{0} not found")]
    NotFound(Cow<'static, str>),
    /// The request conflicts with the current state; `code` says how.
    #[error("{message}")]
    Conflict { code: ErrorCode, message: String },
    /// Too many attempts; retry after the given number of seconds.
    #[error("too many attempts; retry in {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    /// A dependency (the database) is down; retry later. The cause is for the log.
    #[error("service temporarily unavailable: {0}")]
    Unavailable(#[source] Cause),
    /// A bug or an unexpected failure; the cause is logged, never shown.
    #[error("internal error: {0}")]
    Internal(#[source] Cause),
    /// The error an earlier request with the same idempotency key got, answered again: this
    /// request acted on nothing.
    #[error("{0} (replayed)")]
    Replayed(Box<ServiceError>),
}

impl ServiceError {
    pub fn conflict(code: ErrorCode, message: impl Into<String>) -> ServiceError {
        ServiceError::Conflict {
            code,
            message: message.into(),
        }
    }

    /// An unexpected failure described by `message`.
    pub fn internal(message: impl Into<String>) -> ServiceError {
        ServiceError::Internal(message.into().into())
    }

    /// The row of the code table this error answers with.
    pub fn code(&self) -> ErrorCode {
        match self {
            ServiceError::Invalid(_) | ServiceError::WrongShape(_) => ErrorCode::ValidationFailed,
            ServiceError::Malformed(_) => ErrorCode::MalformedRequest,
            ServiceError::UnsupportedFormat => ErrorCode::UnsupportedMediaType,
            ServiceError::TooLarge { .. } => ErrorCode::BodyTooLarge,
            ServiceError::Unauthenticated => ErrorCode::Unauthenticated,
            ServiceError::InvalidCredentials => ErrorCode::InvalidCredentials,
            ServiceError::Forbidden(_) => ErrorCode::Forbidden,
            ServiceError::NotFound(_) => ErrorCode::NotFound,
            ServiceError::Conflict { code, .. } => *code,
            ServiceError::RateLimited { .. } => ErrorCode::RateLimited,
            ServiceError::Unavailable(_) => ErrorCode::Unavailable,
            ServiceError::Internal(_) => ErrorCode::Internal,
            ServiceError::Replayed(error) => error.code(),
        }
    }
}

impl From<StoreError> for ServiceError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Conflict(rule) => {
                let (code, message) = match rule {
                    Rule::AccountEmail => (
                        ErrorCode::EmailTaken,
                        "an account with this email already exists",
                    ),
                    Rule::CompanySlug => (
                        ErrorCode::CompanyExists,
                        "a company with this name already exists",
                    ),
                    Rule::LastOwner => (
                        ErrorCode::LastOwner,
                        "a company keeps at least one owner: invite another owner first",
                    ),
                    Rule::OneApplicationPerCandidate => (
                        ErrorCode::AlreadyApplied,
                        "you have already applied to this posting",
                    ),
                    Rule::OneReportPerUser => (
                        ErrorCode::AlreadyReported,
                        "you have already reported this posting",
                    ),
                    // Job codes are drawn at random until a free one is found, or named by
                    // the operator's import, which checks them first; losing a race for one
                    // is a state change, worth a retry.
                    Rule::PostingJobCode => (
                        ErrorCode::StateChanged,
                        "the resource changed meanwhile; reload and retry",
                    ),
                };
                ServiceError::conflict(code, message)
            }
            StoreError::NotFound => ServiceError::NotFound("resource".into()),
            StoreError::StateChanged => ServiceError::conflict(
                ErrorCode::StateChanged,
                "the resource changed meanwhile; reload and retry",
            ),
            StoreError::Unavailable(cause) => ServiceError::Unavailable(cause),
            StoreError::Internal(cause) => ServiceError::Internal(cause),
            StoreError::Config(message) => ServiceError::internal(message),
        }
    }
}
