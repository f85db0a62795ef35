//! Conditional GETs: a strong `ETag` computed from the body, and `304 Not Modified` without a
//! body when the client's `If-None-Match` already names it.
//!
//! Hashing the serialized body (rather than, say, `updated_at`) makes the tag change exactly
//! when the bytes would, whatever changed them, and agree between instances.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::ApiError;

/// `value` as JSON with its `ETag`, or a bare 304 if `request` says the client has it.
pub fn json(request: &HeaderMap, value: &impl Serialize) -> Result<Response, ApiError> {
    let body = serde_json::to_vec(value).map_err(|error| {
        ApiError::from(hireboard_service::ServiceError::Internal(format!(
            "cannot serialize a response: {error}"
        )))
    })?;
    let digest = Sha256::digest(&body);
    let tag = format!(
        "\"{}\"",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&digest[..18])
    );
    let etag = HeaderValue::try_from(tag.as_str())
        .map_err(|_| hireboard_service::ServiceError::Internal("unusable ETag".into()))?;
    let mut response = if matches(request, &tag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            body,
        )
            .into_response()
    };
    let headers = response.headers_mut();
    headers.insert(header::ETAG, etag);
    // Clients may keep the body but must ask again each time (a 304 is cheap), and what a
    // caller may see depends on who they are.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(header::VARY, HeaderValue::from_static("authorization"));
    Ok(response)
}

/// Whether `If-None-Match` lists `tag` or is `*`; weak tags compare equal to strong ones
/// with the same value (RFC 9110, 13.1.2).
fn matches(request: &HeaderMap, tag: &str) -> bool {
    request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .any(|candidate| candidate == "*" || candidate.trim_start_matches("W/") == tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(if_none_match: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::IF_NONE_MATCH, if_none_match.parse().unwrap());
        headers
    }

    #[test]
    fn matching_tags_get_304_without_a_body() {
        let fresh = json(&HeaderMap::new(), &[1, 2, 3]).unwrap();
        assert_eq!(fresh.status(), StatusCode::OK);
        let tag = fresh.headers()[header::ETAG].to_str().unwrap().to_owned();
        assert!(tag.starts_with('"') && tag.ends_with('"'), "{tag}");

        for header in [tag.clone(), format!("\"other\", W/{tag}"), "*".to_owned()] {
            let cached = json(&request(&header), &[1, 2, 3]).unwrap();
            assert_eq!(cached.status(), StatusCode::NOT_MODIFIED, "{header}");
            assert_eq!(cached.headers()[header::ETAG], tag.as_str());
        }
        let changed = json(&request(&tag), &[1, 2, 4]).unwrap();
        assert_eq!(changed.status(), StatusCode::OK);
        assert_ne!(changed.headers()[header::ETAG], tag.as_str());
    }
}
