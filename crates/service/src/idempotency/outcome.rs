//! What a keyed write left, as kept for its retries: the resource it answered with, or the
//! error it got.

use hireboard_domain::{FieldError, ValidationErrors};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::codes::ErrorCode;
use crate::error::{ServiceError, ServiceResult};

/// The outcome of a keyed write.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum Outcome {
    /// The resource's own serialized form.
    Wrote(serde_json::Value),
    Refused(Refusal),
}

impl Outcome {
    /// What to keep of `result`, or `None` when a retry should run the write again: after a
    /// failure worth retrying (the store was unavailable, the service failed, the caller was
    /// over a rate limit), and after any refusal of an anonymous caller, which acted on nothing
    /// and whose key, shared by everyone behind the same address, would only make a later,
    /// different request from there (say, one that should be told to log in) collide with it.
    pub(super) fn of<T: Replayable>(
        result: &ServiceResult<T>,
        anonymous: bool,
    ) -> ServiceResult<Option<Outcome>> {
        Ok(match result {
            Ok(resource) => Some(Outcome::Wrote(serde_json::to_value(resource).map_err(
                |e| ServiceError::internal(format!("a written resource cannot be kept: {e}")),
            )?)),
            Err(_) if anonymous => None,
            Err(error) => Refusal::of(error).map(Outcome::Refused),
        })
    }
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

/// What a keyed write answers with: a value kept as it was answered, so a retry gets the same
/// answer even after the resource changed or went away, as Stripe replays a saved response.
pub(crate) trait Replayable: Serialize + DeserializeOwned + Send + 'static {}

impl<T: Serialize + DeserializeOwned + Send + 'static> Replayable for T {}
