//! One error type for the HTTP layer, rendered as RFC 9457 problem details.
//!
//! Service errors map to a status and a stable `code`, a body that cannot be read among
//! them: the body extractor keeps its problem for the service to raise once the caller may
//! act. Bad paths and query parameters are refused by their extractors, named the same way.
//! Internal details are logged inside the request's span (which carries the request id) and
//! never sent.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use hireboard_domain::FieldError;
use hireboard_service::{ErrorCode, ServiceError};
use serde::Serialize;
use utoipa::ToSchema;

/// An RFC 9457 problem document.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the problem type (`urn:hireboard:problem:{code}`).
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// Stable machine-readable code, e.g. `validation_failed`, `already_applied`.
    pub code: String,
    /// For validation problems: each field and what is wrong with it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(required = false)]
    pub errors: Vec<FieldProblem>,
}

/// One problem with one input field.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = FieldError)]
pub struct FieldProblem {
    /// Path of the field, e.g. `salary.max` or `locations[2].country`.
    field: String,
    /// Human-readable reason, e.g. `must be at most 200 characters`.
    reason: String,
}

impl From<FieldError> for FieldProblem {
    fn from(FieldError { field, reason }: FieldError) -> Self {
        FieldProblem { field, reason }
    }
}

/// An error answer: a code from the service's table and what to say about it.
#[derive(Debug)]
pub struct ApiError {
    code: ErrorCode,
    detail: String,
    errors: Vec<FieldError>,
    retry_after: Option<u64>,
    /// Whether this is the answer an earlier request with the same idempotency key got.
    replayed: bool,
}

impl ApiError {
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> ApiError {
        ApiError {
            code,
            detail: detail.into(),
            errors: Vec::new(),
            retry_after: None,
            replayed: false,
        }
    }

    /// A 400 for a malformed request, naming the offending field.
    pub fn bad_request(field: impl Into<String>, reason: impl Into<String>) -> ApiError {
        ApiError::naming(ErrorCode::MalformedRequest, FieldError::new(field, reason))
    }

    /// An error about one field, which it names.
    fn naming(code: ErrorCode, error: FieldError) -> ApiError {
        ApiError {
            detail: format!("{}: {}", error.field, error.reason),
            errors: vec![error],
            ..ApiError::new(code, "")
        }
    }

    fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

/// The cause of an error and everything it was caused by, for the log.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

impl From<ServiceError> for ApiError {
    fn from(error: ServiceError) -> Self {
        let code = error.code();
        match error {
            ServiceError::Invalid(errors) => ApiError {
                detail: errors.to_string(),
                errors: errors.0,
                ..ApiError::new(code, "")
            },
            ServiceError::Malformed(error) | ServiceError::WrongShape(error) => {
                ApiError::naming(code, error)
            }
            ServiceError::UnsupportedFormat => {
                ApiError::new(code, "send the body as application/json")
            }
            ServiceError::TooLarge { max_bytes } => {
                ApiError::new(code, format!("the body must be at most {max_bytes} bytes"))
            }
            ServiceError::Unauthenticated => ApiError::new(
                code,
                "log in and send the token as 'Authorization: Bearer <token>'",
            ),
            ServiceError::InvalidCredentials => ApiError::new(code, "invalid email or password"),
            ServiceError::Forbidden(why) => ApiError::new(code, why),
            ServiceError::NotFound(what) => ApiError::new(code, format!("{what} not found")),
            ServiceError::Conflict { message, .. } => ApiError::new(code, message),
            ServiceError::RateLimited { retry_after_secs } => ApiError {
                retry_after: Some(retry_after_secs),
                ..ApiError::new(
                    code,
                    format!("too many attempts; retry in {retry_after_secs} s"),
                )
            },
            ServiceError::Unavailable(cause) => {
                tracing::warn!(error = %chain(&cause), "dependency unavailable");
                ApiError {
                    retry_after: Some(5),
                    ..ApiError::new(
                        code,
                        "the service is temporarily unavailable; retry shortly",
                    )
                }
            }
            ServiceError::Internal(cause) => {
                tracing::error!(error = %chain(&cause), "internal error");
                ApiError::new(code, "an unexpected error occurred; it has been logged")
            }
            ServiceError::Replayed(error) => ApiError {
                replayed: true,
                ..ApiError::from(*error)
            },
        }
    }
}

/// Field errors listed one by one in a problem document; the rest are counted in a last one.
const MAX_FIELD_ERRORS: usize = 50;

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let mut errors = self.errors;
        if errors.len() > MAX_FIELD_ERRORS {
            let more = errors.len() - MAX_FIELD_ERRORS + 1;
            errors.truncate(MAX_FIELD_ERRORS - 1);
            errors.push(FieldError::new("", format!("and {more} more problems")));
        }
        let problem = Problem {
            kind: format!("urn:hireboard:problem:{}", self.code.as_str()),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail: hireboard_domain::text::abbreviated(&self.detail, 2000),
            code: self.code.as_str().to_owned(),
            errors: errors.into_iter().map(FieldProblem::from).collect(),
        };
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let Some(seconds) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"hireboard\""),
            );
        }
        if self.replayed {
            crate::idempotency::mark_replayed(&mut response);
        }
        response
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

pub async fn not_found() -> ApiError {
    ApiError::new(ErrorCode::NotFound, "no such endpoint")
}

pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        ErrorCode::MethodNotAllowed,
        "this endpoint does not accept that method",
    )
}

pub fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("handler panicked");
    ApiError::new(
        ErrorCode::Internal,
        "an unexpected error occurred; it has been logged",
    )
    .into_response()
}
