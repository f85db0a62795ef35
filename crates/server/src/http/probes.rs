//! Liveness, readiness and the Prometheus metrics.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use hireboard_api_rest::error::ApiError;
use hireboard_service::{ErrorCode, Hireboard};
use metrics_exporter_prometheus::PrometheusHandle;
use serde_json::json;

/// Liveness and readiness, on the public port (load balancers probe there) and the operator's.
pub fn health(service: Hireboard) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .with_state(service)
}

pub fn metrics(handle: PrometheusHandle) -> Router {
    Router::new()
        .route("/metrics", get(render_metrics))
        .with_state(handle)
}

/// Liveness: the process answers. Also the trivial baseline endpoint for benchmarks.
pub(crate) async fn healthz() -> impl IntoResponse {
    axum::Json(json!({ "status": "ok" }))
}

/// Readiness: the store answers, and the search index has been built.
async fn readyz(State(service): State<Hireboard>) -> Response {
    let not_ready = |detail: &str| {
        let mut response = ApiError::new(ErrorCode::Unavailable, detail).into_response();
        response.headers_mut().insert(header::RETRY_AFTER, 5.into());
        response
    };
    if let Err(error) = service.ready().await {
        tracing::warn!(error = %error, "not ready");
        return not_ready("the database is not reachable");
    }
    if !service.search_is_built().await {
        return not_ready("the search index is being built from the database");
    }
    axum::Json(json!({ "status": "ready" })).into_response()
}

async fn render_metrics(State(handle): State<PrometheusHandle>) -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        handle.render(),
    )
        .into_response()
}
