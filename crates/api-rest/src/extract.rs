//! Request extractors that fail with named, problem+json errors.

use std::net::IpAddr;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Request, State};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hireboard_domain::ids::JobCode;
use hireboard_service::Actor;
use serde::de::DeserializeOwned;

use crate::error::ApiError;
use crate::AppState;

/// A JSON body: requires a JSON content type, at most [`crate::MAX_BODY_BYTES`], valid UTF-8,
/// and reports the path of a field that fails to deserialize.
pub struct Json<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(|v| {
                let v = v.trim().to_ascii_lowercase();
                v == "application/json" || (v.starts_with("application/") && v.ends_with("+json"))
            })
            .unwrap_or(false);
        if !is_json {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "send the body as application/json",
            ));
        }
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::new(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        "body_too_large",
                        format!("the body must be at most {} bytes", crate::MAX_BODY_BYTES),
                    )
                } else {
                    ApiError::bad_request("body", "could not be read")
                }
            })?;
        parse_json(&bytes).map(Json)
    }
}

/// Parses JSON, naming the field path of the first problem.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    if std::str::from_utf8(bytes).is_err() {
        return Err(ApiError::bad_request("body", "is not valid UTF-8"));
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        let field = field_of(&path, &inner.to_string());
        let reason = match inner.classify() {
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                format!("is not well-formed JSON ({inner})")
            }
            _ => strip_position(&inner.to_string()),
        };
        let status = if matches!(inner.classify(), serde_json::error::Category::Data) {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::BAD_REQUEST
        };
        let mut error = ApiError::bad_request(field, reason);
        if status == StatusCode::UNPROCESSABLE_ENTITY {
            error = error.with_status(status, "validation_failed");
        }
        error
    })?;
    deserializer.end().map_err(|_| {
        ApiError::bad_request("body", "has trailing characters after the JSON value")
    })?;
    Ok(value)
}

/// The field a deserialization error is about: its path, and for a missing field the field
/// itself (serde reports those at the path of the object that lacks it).
fn field_of(path: &str, message: &str) -> String {
    let parent = match path {
        "." | "?" => None,
        path => Some(path),
    };
    let missing = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next());
    match (parent, missing) {
        (Some(parent), Some(name)) => format!("{parent}.{name}"),
        (None, Some(name)) => name.to_owned(),
        (Some(parent), None) => parent.to_owned(),
        (None, None) => "body".to_owned(),
    }
}

fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message.to_owned(),
    }
}

impl ApiError {
    fn with_status(mut self, status: StatusCode, code: &'static str) -> ApiError {
        self.set_status(status, code);
        self
    }
}

/// The caller, as resolved by [`authentication`] for every API request.
pub struct Caller(pub Actor);

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Actor>()
            .cloned()
            .map(Caller)
            .ok_or_else(|| {
                hireboard_service::ServiceError::Internal("authentication layer missing".into())
                    .into()
            })
    }
}

/// Resolves the caller of every API request: anonymous without an `Authorization` header;
/// a bad, expired or revoked token is a 401 on any endpoint, never a silent downgrade.
pub async fn authentication(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let (mut parts, body) = request.into_parts();
    match authenticate(&parts, &state).await {
        Ok(actor) => {
            parts.extensions.insert(actor);
            next.run(Request::from_parts(parts, body)).await
        }
        Err(error) => error.into_response(),
    }
}

pub async fn authenticate(parts: &Parts, state: &AppState) -> Result<Actor, ApiError> {
    let Some(value) = parts.headers.get(header::AUTHORIZATION) else {
        return Ok(Actor::Anonymous);
    };
    // The scheme is case-insensitive (RFC 9110, section 11.1).
    let token = value
        .to_str()
        .ok()
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token)
        .ok_or_else(|| ApiError::from(hireboard_service::ServiceError::Unauthenticated))?;
    Ok(state.service.authenticate(token.trim()).await?)
}

/// The client's address (see [`crate::client`]).
pub struct ClientIp(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(crate::client::client_ip(parts)))
    }
}

/// A job code from the path; anything that is not one is a 404.
pub struct Code(pub JobCode);

impl<S: Send + Sync> FromRequestParts<S> for Code {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(raw) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::new(StatusCode::NOT_FOUND, "not_found", "posting not found"))?;
        JobCode::parse(&raw)
            .map(Code)
            .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "not_found", "posting not found"))
    }
}

/// A numeric id from the path; anything else is a 404.
pub struct Id(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for Id {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(raw) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::new(StatusCode::NOT_FOUND, "not_found", "not found"))?;
        raw.parse::<i64>()
            .ok()
            .filter(|id| *id > 0)
            .map(Id)
            .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "not_found", "not found"))
    }
}

/// A company slug and a numeric id under it from the path (`/companies/{slug}/.../{id}`);
/// an id that is not one is a 404.
pub struct SlugAndId(pub String, pub i64);

impl<S: Send + Sync> FromRequestParts<S> for SlugAndId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let not_found = || ApiError::new(StatusCode::NOT_FOUND, "not_found", "not found");
        let Path((slug, raw)) = Path::<(String, String)>::from_request_parts(parts, state)
            .await
            .map_err(|_| not_found())?;
        raw.parse::<i64>()
            .ok()
            .filter(|id| *id > 0)
            .map(|id| SlugAndId(slug, id))
            .ok_or_else(not_found)
    }
}

/// Query parameters, with unknown or malformed ones named in a 400.
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        let deserializer =
            serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(deserializer)
            .map(Query)
            .map_err(|error| {
                let field = error.path().to_string();
                let field = if field == "." {
                    "query".to_owned()
                } else {
                    field
                };
                ApiError::bad_request(field, strip_position(&error.into_inner().to_string()))
            })
    }
}
