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
use hireboard_service::ServiceError;
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
    pub errors: Vec<FieldError>,
}

#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    detail: String,
    errors: Vec<FieldError>,
    retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, detail: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            detail: detail.into(),
            errors: Vec::new(),
            retry_after: None,
        }
    }

    /// A 400 for a malformed request, naming the offending field.
    pub fn bad_request(field: impl Into<String>, reason: impl Into<String>) -> ApiError {
        let error = FieldError::new(field, reason);
        ApiError {
            detail: format!("{}: {}", error.field, error.reason),
            errors: vec![error],
            ..ApiError::new(StatusCode::BAD_REQUEST, "malformed_request", "")
        }
    }
}

impl From<ServiceError> for ApiError {
    fn from(error: ServiceError) -> Self {
        match error {
            ServiceError::Invalid(errors) => ApiError {
                detail: errors.to_string(),
                errors: errors.0,
                ..ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "")
            },
            ServiceError::Malformed(error) => ApiError::bad_request(error.field, error.reason),
            ServiceError::WrongShape(error) => ApiError {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                code: "validation_failed",
                ..ApiError::bad_request(error.field, error.reason)
            },
            ServiceError::UnsupportedFormat => ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "send the body as application/json",
            ),
            ServiceError::TooLarge { max_bytes } => ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "body_too_large",
                format!("the body must be at most {max_bytes} bytes"),
            ),
            ServiceError::Unauthenticated => ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
                "log in and send the token as 'Authorization: Bearer <token>'",
            ),
            ServiceError::InvalidCredentials => ApiError::new(
                StatusCode::UNAUTHORIZED,
                "invalid_credentials",
                "invalid email or password",
            ),
            ServiceError::Forbidden(why) => ApiError::new(StatusCode::FORBIDDEN, "forbidden", why),
            ServiceError::NotFound(what) => ApiError::new(
                StatusCode::NOT_FOUND,
                "not_found",
                format!("{what} not found"),
            ),
            ServiceError::Conflict { code, message } => {
                ApiError::new(StatusCode::CONFLICT, code, message)
            }
            ServiceError::RateLimited { retry_after_secs } => ApiError {
                retry_after: Some(retry_after_secs),
                ..ApiError::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "rate_limited",
                    format!("too many attempts; retry in {retry_after_secs} s"),
                )
            },
            ServiceError::Unavailable(detail) => {
                tracing::warn!(error = %detail, "dependency unavailable");
                ApiError {
                    retry_after: Some(5),
                    ..ApiError::new(
                        StatusCode::SERVICE_UNAVAILABLE,
                        "unavailable",
                        "the service is temporarily unavailable; retry shortly",
                    )
                }
            }
            ServiceError::Internal(detail) => {
                tracing::error!(error = %detail, "internal error");
                ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "an unexpected error occurred; it has been logged",
                )
            }
        }
    }
}

/// Field errors listed one by one in a problem document; the rest are counted in a last one.
const MAX_FIELD_ERRORS: usize = 50;

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut errors = self.errors;
        if errors.len() > MAX_FIELD_ERRORS {
            let more = errors.len() - MAX_FIELD_ERRORS + 1;
            errors.truncate(MAX_FIELD_ERRORS - 1);
            errors.push(FieldError::new("", format!("and {more} more problems")));
        }
        let problem = Problem {
            kind: format!("urn:hireboard:problem:{}", self.code),
            title: self.status.canonical_reason().unwrap_or("Error").to_owned(),
            status: self.status.as_u16(),
            detail: hireboard_domain::text::abbreviated(&self.detail, 2000),
            code: self.code.to_owned(),
            errors,
        };
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut response = (self.status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let Some(seconds) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"hireboard\""),
            );
        }
        response
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

pub async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such endpoint")
}

pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "this endpoint does not accept that method",
    )
}

pub fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("handler panicked");
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "an unexpected error occurred; it has been logged",
    )
    .into_response()
}
