//! `Idempotency-Key` on POST requests. The service makes a keyed write happen once and
//! answers its retries with what it answered the first time or the error it got; this module
//! marks those replays with `Idempotent-Replayed: true`.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use hireboard_service::Written;
use serde::Serialize;

/// The header that marks an answer given again to a retry with the same key.
const REPLAYED: &str = "idempotent-replayed";

/// Logging in and inviting are left out (the service ignores their keys): their answers hold
/// a secret token (a session's, an invitation's), which must never be stored in the clear,
/// and a retry merely opens another session or makes another invitation. Takes a route's
/// path (`/api/v1/companies/{slug}/invitations`), for the OpenAPI document.
pub(crate) fn holds_a_secret(path: &str) -> bool {
    path == "/api/v1/sessions"
        || path
            .strip_prefix("/api/v1/companies/")
            .and_then(|rest| rest.strip_suffix("/invitations"))
            .is_some_and(|slug| !slug.contains('/'))
}

/// The answer to a write that may carry a key: `status` with the resource as JSON.
pub(crate) fn written<T: Serialize>(status: StatusCode, written: Written<T>) -> Response {
    let mut response = (status, axum::Json(written.resource)).into_response();
    if written.replayed {
        mark_replayed(&mut response);
    }
    response
}

pub(crate) fn mark_replayed(response: &mut Response) {
    response
        .headers_mut()
        .insert(REPLAYED, HeaderValue::from_static("true"));
}
