//! Liveness, readiness, Prometheus metrics, request spans and the one log line per request.

use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::json;
use tracing::Span;

use crate::error::ApiError;
use crate::AppState;
use hireboard_service::ErrorCode;

/// Liveness and readiness, on the public port (load balancers probe there) and the operator's.
pub fn probes(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .with_state(state)
}

pub fn metrics_route(state: AppState) -> Router {
    Router::new()
        .route("/metrics", get(metrics))
        .with_state(state)
}

/// Liveness: the process answers. Also the trivial baseline endpoint for benchmarks.
async fn healthz() -> impl IntoResponse {
    axum::Json(json!({ "status": "ok" }))
}

/// Readiness: the store answers.
async fn readyz(State(state): State<AppState>) -> Response {
    match state.service.ready().await {
        Ok(()) => axum::Json(json!({ "status": "ready" })).into_response(),
        Err(error) => {
            tracing::warn!(error = %error, "not ready");
            let mut response =
                ApiError::new(ErrorCode::Unavailable, "the database is not reachable")
                    .into_response();
            response.headers_mut().insert(header::RETRY_AFTER, 5.into());
            response
        }
    }
}

async fn metrics(State(state): State<AppState>) -> Response {
    match &state.metrics {
        Some(handle) => (
            [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
            handle.render(),
        )
            .into_response(),
        None => ApiError::new(ErrorCode::NotFound, "metrics are not enabled").into_response(),
    }
}

/// Counts requests and records latency by method, route template and status, and logs each
/// request once at `info` when it is answered (in its span, which carries the request id).
pub async fn record(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().as_str().to_owned();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".to_owned());
    let response = next.run(request).await;
    let latency = started.elapsed().as_secs_f64();
    let status = response.status().as_u16();
    tracing::info!(
        method = %method,
        route = %route,
        status,
        latency_ms = (latency * 100_000.0).round() / 100.0,
        "answered"
    );
    let labels = [
        ("method", method),
        ("route", route),
        ("status", status.to_string()),
    ];
    metrics::counter!("http_requests_total", &labels).increment(1);
    metrics::histogram!("http_request_duration_seconds", &labels).record(latency);
    response
}

/// The span every request's logs are recorded in, carrying its request id.
pub fn make_span(request: &Request) -> Span {
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    tracing::info_span!("request", request_id = %request_id, path = %request.uri().path())
}
