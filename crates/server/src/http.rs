//! The HTTP surface, composed from each protocol's routes, the probes and `/metrics`, behind
//! the middleware every request goes through whatever its protocol: request ids, the request
//! span and its one log line with the metrics, panics caught, a timeout, security headers and
//! a body limit.

mod observe;
pub(crate) mod probes;

use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::Router;
use hireboard_api_rest::{error, RestRouters, MAX_BODY_BYTES};
use hireboard_service::Hireboard;
use metrics_exporter_prometheus::PrometheusHandle;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::sensitive_headers::SetSensitiveRequestHeadersLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The public listener's router: the REST API and its docs, and the probes load balancers
/// call. Another protocol's router (GraphQL's `/graphql`) is merged beside REST's.
pub fn public(rest: RestRouters, service: &Hireboard) -> Router {
    Router::new()
        .merge(rest.api)
        .merge(rest.docs)
        .merge(probes::health(service.clone()))
        // Unknown paths and methods get problem documents, like the API's own errors.
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
                    StatusCode::REQUEST_TIMEOUT,
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
                // For axum's own body extractors; REST reads bodies through its own reader,
                // which applies the same limit.
                .layer(DefaultBodyLimit::max(MAX_BODY_BYTES)),
        )
}

/// The operator listener's router: `/metrics`, `/healthz` and `/readyz`. Neither counted in
/// the metrics nor logged per request, so scrapes and probes do not drown the traffic.
pub fn operator(service: &Hireboard, metrics: PrometheusHandle) -> Router {
    probes::health(service.clone())
        .merge(probes::metrics(metrics))
        .fallback(error::not_found)
}
