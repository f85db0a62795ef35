//! The service layer's error type; each API maps it to its protocol (HTTP status and
//! problem `code`, GraphQL `extensions.code`, gRPC status).

use hireboard_domain::{FieldError, ValidationErrors};
use hireboard_store::StoreError;

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
    Forbidden(&'static str),
    /// The thing does not exist, or the caller may not know it exists.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The request conflicts with the current state; `code` is stable for clients.
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    /// Too many attempts; retry after the given number of seconds.
    #[error("too many attempts; retry in {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    /// A dependency (the database) is down; retry later.
    #[error("service temporarily unavailable")]
    Unavailable(String),
    /// A bug or an unexpected failure; details are logged, never shown.
    #[error("internal error")]
    Internal(String),
}

impl ServiceError {
    pub fn conflict(code: &'static str, message: impl Into<String>) -> ServiceError {
        ServiceError::Conflict {
            code,
            message: message.into(),
        }
    }
}

impl From<StoreError> for ServiceError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Conflict(rule) => {
                let (code, message) = match rule {
                    "accounts.email" => {
                        ("email_taken", "an account with this email already exists")
                    }
                    "companies.slug" => {
                        ("company_exists", "a company with this name already exists")
                    }
                    "companies.last_owner" => (
                        "last_owner",
                        "a company keeps at least one owner: invite another owner first",
                    ),
                    "applications.one_per_candidate" => (
                        "already_applied",
                        "you have already applied to this posting",
                    ),
                    "reports.one_per_user" => {
                        ("already_reported", "you have already reported this posting")
                    }
                    _ => ("conflict", "the request conflicts with existing data"),
                };
                ServiceError::conflict(code, message)
            }
            StoreError::NotFound => ServiceError::NotFound("resource"),
            StoreError::StateChanged => ServiceError::conflict(
                "state_changed",
                "the resource changed meanwhile; reload and retry",
            ),
            StoreError::Unavailable(detail) => ServiceError::Unavailable(detail),
            StoreError::Config(detail) | StoreError::Internal(detail) => {
                ServiceError::Internal(detail)
            }
        }
    }
}
