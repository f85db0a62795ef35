//! `Idempotency-Key` on POST requests: the first response is stored and replayed to retries.
//!
//! Once the body is in, claiming the key, running the request and storing its response happen
//! in a task of their own, so a client that goes away meanwhile cannot leave a claim without
//! its outcome: its retry finds the stored response instead of a key in progress until the
//! claim's lease runs out.
//!
//! The body is read here, before the service has judged the caller, only to fingerprint the
//! request; it is judged with the caller, as without a key. The one exception is a body over
//! the limit: it cannot be fingerprinted, so it is refused (413) before anything else.

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hireboard_service::{Actor, IdempotencyOutcome, ServiceError};
use http_body_util::BodyExt;

use crate::client::client_ip;
use crate::error::ApiError;
use crate::extract::is_json;
use crate::AppState;

const HEADER: &str = "idempotency-key";

/// Logging in and inviting are left out: their responses hold a secret token (a session's,
/// an invitation's), which must never be stored in the clear, and a retry merely opens
/// another session or makes another invitation. Takes a request's path or a route's
/// (`/api/v1/companies/{slug}/invitations`), for the OpenAPI document.
pub(crate) fn holds_a_secret(path: &str) -> bool {
    path == "/api/v1/sessions"
        || path
            .strip_prefix("/api/v1/companies/")
            .and_then(|rest| rest.strip_suffix("/invitations"))
            .is_some_and(|slug| !slug.contains('/'))
}

pub async fn layer(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.method() != Method::POST
        || !request.headers().contains_key(HEADER)
        || holds_a_secret(request.uri().path())
    {
        return next.run(request).await;
    }
    match run(state, request, next).await {
        Ok(response) => response,
        Err(error) => error.into_response(),
    }
}

async fn run(state: AppState, request: Request, next: Next) -> Result<Response, ApiError> {
    let (parts, body) = request.into_parts();
    let key = parts
        .headers
        .get(HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    // Anonymous callers share their client's address, so their keys are scoped to the
    // endpoint as well, and only what changed something is kept (see below).
    let anonymous = !matches!(parts.extensions.get::<Actor>(), Some(Actor::Account { .. }));
    let scope = match parts.extensions.get::<Actor>() {
        Some(Actor::Account { account, .. }) => format!("account:{}", account.id.0),
        _ => format!("client:{} {}", client_ip(&parts), parts.uri.path()),
    };
    let bytes = crate::body::read(&parts.extensions, body).await?;
    let target = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or_default()
        .to_owned();
    let mut fingerprint = vec![
        parts.method.as_str().as_bytes().to_vec(),
        target.into_bytes(),
        canonical(&bytes),
    ];
    // Whether the body is sent as JSON decides the answer as much as the body does (a 415 or
    // not), so the same bytes sent otherwise are another request. JSON requests keep the
    // three parts their keys have always been claimed with.
    if !is_json(&parts.headers) {
        fingerprint.push(b"not sent as JSON".to_vec());
    }
    let request = Request::from_parts(parts, Body::from(bytes));
    let keyed = Keyed {
        state,
        scope,
        key,
        fingerprint,
        anonymous,
    };
    tokio::spawn(keyed.run(request, next)).await.map_err(|e| {
        ApiError::from(ServiceError::internal(format!(
            "an idempotent request's task failed: {e}"
        )))
    })?
}

/// A request with its key, from the claim to the stored response.
struct Keyed {
    state: AppState,
    scope: String,
    key: String,
    fingerprint: Vec<Vec<u8>>,
    anonymous: bool,
}

impl Keyed {
    /// Claims the key, runs the request and stores its response for replays (or releases
    /// the claim); or replays what an earlier request with the key answered.
    async fn run(self, request: Request, next: Next) -> Result<Response, ApiError> {
        let Keyed {
            state,
            scope,
            key,
            fingerprint,
            anonymous,
        } = self;
        let parts: Vec<&[u8]> = fingerprint.iter().map(Vec::as_slice).collect();
        let outcome = state.service.begin_idempotent(&scope, &key, &parts).await?;
        if let IdempotencyOutcome::Replay { status, body } = outcome {
            return Ok(replay(status, body));
        }
        let response = next.run(request).await;
        let (parts, body) = response.into_parts();
        let body = match body.collect().await {
            Ok(collected) => collected.to_bytes(),
            Err(_) => {
                state.service.abandon_idempotent(&scope, &key).await?;
                return Err(ServiceError::internal("response body could not be buffered").into());
            }
        };
        // Failures worth retrying are not stored: a retry after `Retry-After` must run again.
        // Nor is an anonymous request that was refused: it acted on nothing, and keeping it
        // would only make a later, different request from the same address (say, one that
        // should be told to log in) collide with it.
        let refused_anonymous = anonymous && !parts.status.is_success();
        if parts.status.is_server_error()
            || parts.status == StatusCode::TOO_MANY_REQUESTS
            || refused_anonymous
        {
            state.service.abandon_idempotent(&scope, &key).await?;
        } else {
            state
                .service
                .finish_idempotent(&scope, &key, parts.status.as_u16(), &body)
                .await?;
        }
        Ok(Response::from_parts(parts, Body::from(body)))
    }
}

/// The body as it means, not as it is spelled: a retry that sends the same JSON with other
/// whitespace or key order is the same request. Anything that is not JSON counts as its bytes
/// (the service refuses it, once it knows the caller may act).
fn canonical(body: &[u8]) -> Vec<u8> {
    // serde_json's maps keep their keys sorted, so equal documents serialize equally.
    serde_json::from_slice::<serde_json::Value>(body)
        .and_then(|value| serde_json::to_vec(&value))
        .unwrap_or_else(|_| body.to_vec())
}

fn replay(status: u16, body: Vec<u8>) -> Response {
    let status = axum::http::StatusCode::from_u16(status).unwrap_or(axum::http::StatusCode::OK);
    let content_type = if status.is_success() {
        "application/json"
    } else {
        "application/problem+json"
    };
    let mut response = (status, Bytes::from(body)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert("idempotent-replayed", HeaderValue::from_static("true"));
    response
}
