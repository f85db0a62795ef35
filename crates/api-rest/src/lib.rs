//! hireboard's REST API: axum handlers that turn HTTP into service-layer calls and back.
//!
//! [`router`] builds the public HTTP surface (the API under `/api/v1`, its OpenAPI document,
//! the `/docs` browser, `/healthz`, `/readyz`) so tests can drive it without a socket;
//! [`operator_router`] the operator endpoints (`/metrics` and the probes again) for a
//! listener only the monitoring network reaches. Handlers stay thin: extract ([`extract`]), call [`hireboard_service::Hireboard`],
//! answer; every failure becomes an RFC 9457 problem ([`error`]).

mod body;
pub mod client;
mod conditional;
pub mod error;
pub mod extract;
mod idempotency;
mod observe;
mod openapi;
mod routes;

use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderName, HeaderValue};
use axum::Router;
use hireboard_service::Hireboard;
use metrics_exporter_prometheus::PrometheusHandle;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::sensitive_headers::SetSensitiveRequestHeadersLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub use client::TrustedProxies;
pub use conditional::Renditions;

/// Largest request body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// What every handler can reach: one `Arc`, because axum clones the state for every
/// extractor and middleware of every request.
#[derive(Clone)]
pub struct AppState(Arc<App>);

impl AppState {
    pub fn new(app: App) -> AppState {
        AppState(Arc::new(app))
    }
}

impl std::ops::Deref for AppState {
    type Target = App;

    fn deref(&self) -> &App {
        &self.0
    }
}

/// The parts of the application the HTTP layer uses.
pub struct App {
    pub service: Hireboard,
    /// Renders `/metrics`; `None` when metrics are not installed (some tests).
    pub metrics: Option<PrometheusHandle>,
    /// Proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: TrustedProxies,
    /// Postings already serialized, with their ETags.
    pub renditions: Renditions,
}

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The complete HTTP application.
pub fn router(state: AppState) -> Router {
    let (api, description) = openapi::api();
    let docs = utoipa_swagger_ui::SwaggerUi::new("/docs")
        .external_url_unchecked("/api/v1/openapi.json", description);
    let api = api
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            idempotency::layer,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            extract::authentication,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            client::resolve,
        ))
        .with_state(state.clone());
    Router::new()
        .merge(api)
        .merge(docs)
        .merge(observe::probes(state.clone()))
        .fallback(error::not_found)
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(
            ServiceBuilder::new()
                .layer(SetSensitiveRequestHeadersLayer::new([
                    header::AUTHORIZATION,
                    header::COOKIE,
                ]))
                .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
                // Only the span: `observe::record` writes the one line per request.
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(observe::make_span)
                        .on_request(())
                        .on_response(())
                        .on_eos(())
                        .on_failure(()),
                )
                .layer(PropagateRequestIdLayer::new(REQUEST_ID))
                .layer(axum::middleware::from_fn(observe::record))
                .layer(CatchPanicLayer::custom(error::panic_response))
                .layer(TimeoutLayer::with_status_code(
                    axum::http::StatusCode::REQUEST_TIMEOUT,
                    Duration::from_secs(30),
                ))
                .layer(SetResponseHeaderLayer::overriding(
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                ))
                .layer(SetResponseHeaderLayer::overriding(
                    header::X_FRAME_OPTIONS,
                    HeaderValue::from_static("DENY"),
                ))
                // For axum's own body extractors, should a route take one; ours read
                // through `body::read`, which applies the same limit.
                .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
                .layer(axum::middleware::from_fn(body::close_if_cut_off)),
        )
}

/// The operator endpoints: `/metrics`, `/healthz` and `/readyz`. Neither counted in the
/// metrics nor logged per request, so scrapes and probes do not drown the traffic.
pub fn operator_router(state: AppState) -> Router {
    observe::probes(state.clone())
        .merge(observe::metrics_route(state))
        .fallback(error::not_found)
}
