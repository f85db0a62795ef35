//! Reading request bodies, at most [`crate::MAX_BODY_BYTES`] of each.
//!
//! A body over the limit is cut off there: its rest is never read, so the connection cannot
//! carry another request. Whatever the answer then (413 to a caller who may act, 401 or 403
//! to one who may not), it says `Connection: close`, so the client knows before it tries.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{header, Extensions, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use hireboard_domain::FieldError;
use hireboard_service::{ServiceError, ServiceResult};
use http_body_util::{BodyExt, LengthLimitError, Limited};

/// Whether the request's body was cut off, shared between the reader and [`close_if_cut_off`].
#[derive(Clone, Default)]
struct CutOff(Arc<AtomicBool>);

/// Answers to a request whose body was cut off end the connection.
pub async fn close_if_cut_off(mut request: Request, next: Next) -> Response {
    let cut_off = CutOff::default();
    request.extensions_mut().insert(cut_off.clone());
    let mut response = next.run(request).await;
    if cut_off.0.load(Ordering::Relaxed) {
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

/// The whole body of the request with these `extensions`, or why it could not be read.
pub async fn read(extensions: &Extensions, body: Body) -> ServiceResult<Bytes> {
    match Limited::new(body, crate::MAX_BODY_BYTES).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(error) if error.is::<LengthLimitError>() => {
            if let Some(cut_off) = extensions.get::<CutOff>() {
                cut_off.0.store(true, Ordering::Relaxed);
            }
            Err(ServiceError::TooLarge {
                max_bytes: crate::MAX_BODY_BYTES,
            })
        }
        Err(_) => Err(ServiceError::Malformed(FieldError::new(
            "body",
            "could not be read",
        ))),
    }
}
