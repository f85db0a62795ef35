//! hireboard's REST API: axum handlers that turn HTTP into service-layer calls and back.
//!
//! [`routers`] gives the API under `/api/v1` and its documentation (the OpenAPI document and
//! the `/docs` browser); the server mounts them beside its probes and applies what every
//! request goes through (request ids, logging, metrics, timeouts). Handlers stay thin:
//! extract ([`extract`]), call [`hireboard_service::Hireboard`], answer; every failure becomes
//! an RFC 9457 problem ([`error`]), as do the server's own answers (unknown paths, panics).

mod body;
pub mod client;
mod conditional;
pub mod error;
pub mod extract;
mod idempotency;
mod openapi;
mod routes;
mod wire;

use std::sync::Arc;

use axum::Router;
use hireboard_service::Hireboard;

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
    /// Proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: TrustedProxies,
    /// Postings already serialized, with their ETags.
    pub renditions: Renditions,
}

/// The REST API's routers, for the server to mount beside its probes and other protocols.
pub struct RestRouters {
    /// The API under `/api/v1`, behind the middleware only REST uses: who the client is,
    /// who the caller is, idempotency keys, and ending connections whose body was cut off.
    pub api: Router,
    /// The OpenAPI document at `/api/v1/openapi.json` and the `/docs` browser of it.
    pub docs: Router,
}

/// The REST API's routers, sharing `state`.
pub fn routers(state: AppState) -> RestRouters {
    let (api, description) = openapi::api();
    let docs = utoipa_swagger_ui::SwaggerUi::new("/docs")
        .external_url_unchecked("/api/v1/openapi.json", description);
    let api = api
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            extract::authentication,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            client::resolve,
        ))
        .layer(axum::middleware::from_fn(body::close_if_cut_off))
        .with_state(state);
    RestRouters {
        api,
        docs: docs.into(),
    }
}
