//! Request extractors: the caller, the client, path and query parameters (which fail with
//! named, problem+json errors) and the JSON body (which keeps its problem for the service).

use std::convert::Infallible;

use axum::extract::{FromRequest, FromRequestParts, Path, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hireboard_domain::ids::JobCode;
use hireboard_domain::FieldError;
use hireboard_service::{Actor, RequestContext, ServiceError, ServiceResult, Submitted};
use serde::de::DeserializeOwned;

use crate::error::ApiError;
use crate::AppState;
use hireboard_service::ErrorCode;

/// A JSON body as it arrived: read ([`crate::body`]) and parsed, but not judged. A body that
/// is not sent as JSON, is too large, is not well-formed or does not fit `T` is kept as the
/// [`ServiceError`] it deserves, which the service raises only once it has decided that the
/// caller may act ([`Submitted`]): a caller who may not is told so whatever the body.
pub struct Json<T>(ServiceResult<T>);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = Infallible;

    async fn from_request(request: Request, _: &S) -> Result<Self, Self::Rejection> {
        let (parts, body) = request.into_parts();
        let bytes = crate::body::read(&parts.extensions, body).await;
        Ok(Json(match bytes {
            _ if !is_json(&parts.headers) => Err(ServiceError::UnsupportedFormat),
            Ok(bytes) => parse_json(&bytes),
            Err(error) => Err(error),
        }))
    }
}

impl<T> Json<T> {
    /// The body as the type the use case takes, converted from the wire type once (and if)
    /// it has been read.
    pub fn convert<U: From<T>>(self) -> Json<U> {
        Json(self.0.map(U::from))
    }
}

impl<T: Send> Submitted<T> for Json<T> {
    fn take(self) -> ServiceResult<T> {
        self.0
    }
}

/// Whether the request says its body is JSON (`application/json` or `application/*+json`).
pub(crate) fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| {
            let v = v.trim().to_ascii_lowercase();
            v == "application/json" || (v.starts_with("application/") && v.ends_with("+json"))
        })
        .unwrap_or(false)
}

/// Parses JSON, naming the field path of the first problem.
fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> ServiceResult<T> {
    if std::str::from_utf8(bytes).is_err() {
        return Err(malformed("body", "is not valid UTF-8"));
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        let field = field_of(&path, &inner.to_string());
        match inner.classify() {
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                malformed(field, format!("is not well-formed JSON ({inner})"))
            }
            serde_json::error::Category::Data => {
                ServiceError::WrongShape(FieldError::new(field, strip_position(&inner.to_string())))
            }
            serde_json::error::Category::Io => malformed(field, strip_position(&inner.to_string())),
        }
    })?;
    deserializer
        .end()
        .map_err(|_| malformed("body", "has trailing characters after the JSON value"))?;
    Ok(value)
}

fn malformed(field: impl Into<String>, reason: impl Into<String>) -> ServiceError {
    ServiceError::Malformed(FieldError::new(field, reason))
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

/// The request as the service layer takes it: the caller [`authentication`] resolved, the
/// client address, the request id and the `Idempotency-Key` sent, if any.
pub struct Context(pub RequestContext);

impl<S: Send + Sync> FromRequestParts<S> for Context {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let actor = parts
            .extensions
            .get::<Actor>()
            .cloned()
            .ok_or_else(|| ServiceError::internal("authentication layer missing"))?;
        let header = |name: &str| {
            parts
                .headers
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned)
        };
        Ok(Context(RequestContext {
            actor,
            client: crate::client::client_ip(parts),
            request_id: header("x-request-id").unwrap_or_default(),
            // A key with bytes outside visible ASCII is still a key the client sent: the
            // service refuses it (422) rather than writing as if there were none.
            idempotency_key: parts
                .headers
                .get("idempotency-key")
                .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned()),
        }))
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
        .ok_or_else(|| ApiError::from(ServiceError::Unauthenticated))?;
    Ok(state.service.authenticate(token.trim()).await?)
}

/// A job code from the path; anything that is not one is a 404.
pub struct Code(pub JobCode);

impl<S: Send + Sync> FromRequestParts<S> for Code {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(raw) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::new(ErrorCode::NotFound, "posting not found"))?;
        JobCode::parse(&raw)
            .map(Code)
            .ok_or_else(|| ApiError::new(ErrorCode::NotFound, "posting not found"))
    }
}

/// A numeric id from the path; anything else is a 404.
pub struct Id(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for Id {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(raw) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::new(ErrorCode::NotFound, "not found"))?;
        raw.parse::<i64>()
            .ok()
            .filter(|id| *id > 0)
            .map(Id)
            .ok_or_else(|| ApiError::new(ErrorCode::NotFound, "not found"))
    }
}

/// A company slug and a numeric id under it from the path (`/companies/{slug}/.../{id}`);
/// an id that is not one is a 404.
pub struct SlugAndId(pub String, pub i64);

impl<S: Send + Sync> FromRequestParts<S> for SlugAndId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let not_found = || ApiError::new(ErrorCode::NotFound, "not found");
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
