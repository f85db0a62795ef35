//! Conditional GETs: a strong `ETag` computed from the body, and `304 Not Modified` without a
//! body when the client's `If-None-Match` already names it.
//!
//! Hashing the serialized body (rather than, say, `updated_at`) makes the tag change exactly
//! when the bytes would, whatever changed them, and agree between instances.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use hireboard_domain::ids::JobCode;
use hireboard_domain::posting::Posting;
use moka::sync::Cache;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::ApiError;

/// JSON bytes with their `ETag`.
pub struct Rendition {
    body: Bytes,
    etag: HeaderValue,
}

impl Rendition {
    pub fn of(value: &impl Serialize) -> Result<Rendition, ApiError> {
        let body = serde_json::to_vec(value).map_err(|error| {
            ApiError::from(hireboard_service::ServiceError::internal(format!(
                "cannot serialize a response: {error}"
            )))
        })?;
        let digest = Sha256::digest(&body);
        let tag = format!(
            "\"{}\"",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&digest[..18])
        );
        let etag = HeaderValue::try_from(tag)
            .map_err(|_| hireboard_service::ServiceError::internal("unusable ETag"))?;
        Ok(Rendition {
            body: Bytes::from(body),
            etag,
        })
    }

    /// The body with its `ETag`, or a bare 304 if `request` says the client has it.
    pub fn respond(&self, request: &HeaderMap) -> Response {
        let tag = self.etag.to_str().unwrap_or_default();
        let mut response = if matches(request, tag) {
            StatusCode::NOT_MODIFIED.into_response()
        } else {
            (
                [(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                )],
                self.body.clone(),
            )
                .into_response()
        };
        let headers = response.headers_mut();
        headers.insert(header::ETAG, self.etag.clone());
        // Clients may keep the body but must ask again each time (a 304 is cheap), and what a
        // caller may see depends on who they are.
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        headers.insert(header::VARY, HeaderValue::from_static("authorization"));
        response
    }
}

/// Postings already rendered, by job code and time of last change. A posting is the same bytes
/// until it changes (every change moves `updated_at`), so it is serialized and hashed once per
/// change rather than once per read.
#[derive(Clone)]
pub struct Renditions(Cache<(JobCode, i64), Arc<Rendition>>);

impl Default for Renditions {
    fn default() -> Self {
        Renditions(
            Cache::builder()
                .max_capacity(50_000)
                .time_to_idle(Duration::from_secs(600))
                .build(),
        )
    }
}

impl Renditions {
    pub fn posting(&self, request: &HeaderMap, posting: &Posting) -> Result<Response, ApiError> {
        let key = (posting.job_code, posting.updated_at.timestamp_micros());
        let rendition = match self.0.get(&key) {
            Some(rendition) => rendition,
            None => {
                let shown = crate::wire::postings::Posting::from(posting.clone());
                let rendition = Arc::new(Rendition::of(&shown)?);
                self.0.insert(key, Arc::clone(&rendition));
                rendition
            }
        };
        Ok(rendition.respond(request))
    }
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
        let fresh = Rendition::of(&[1, 2, 3])
            .unwrap()
            .respond(&HeaderMap::new());
        assert_eq!(fresh.status(), StatusCode::OK);
        let tag = fresh.headers()[header::ETAG].to_str().unwrap().to_owned();
        assert!(tag.starts_with('"') && tag.ends_with('"'), "{tag}");

        for header in [tag.clone(), format!("\"other\", W/{tag}"), "*".to_owned()] {
            let cached = Rendition::of(&[1, 2, 3])
                .unwrap()
                .respond(&request(&header));
            assert_eq!(cached.status(), StatusCode::NOT_MODIFIED, "{header}");
            assert_eq!(cached.headers()[header::ETAG], tag.as_str());
        }
        let changed = Rendition::of(&[1, 2, 4]).unwrap().respond(&request(&tag));
        assert_eq!(changed.status(), StatusCode::OK);
        assert_ne!(changed.headers()[header::ETAG], tag.as_str());
    }
}
