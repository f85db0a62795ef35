//! `hireboard worker`: the relay, the shared consumers and the scheduled work without the
//! HTTP API, so operators scale them apart from API servers. Its operator listener answers
//! `/healthz`, `/readyz` (the database answers and the broker takes events) and `/metrics`.

use std::future::IntoFuture;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use hireboard_events::BrokerHealth;
use hireboard_service::{Clock, Hireboard};
use serde_json::json;

use crate::background::Background;
use crate::config::Config;
use crate::http::probes;
use crate::startup::{self, bind, bound_addr, shutdown_signal};
use crate::telemetry;

#[derive(Clone)]
struct Probe {
    service: Hireboard,
    broker: Arc<BrokerHealth>,
}

/// Runs until Ctrl-C or SIGTERM, then lets the work in hand finish.
pub async fn run(config: &Config) -> anyhow::Result<()> {
    // Before any background work starts, or what it records first (a broker connecting) is lost.
    let metrics = telemetry::metrics_handle();
    let listener = bind(config.bus.worker_addr, "bus.worker_addr").await?;
    let store = startup::open_store(config).await?;
    let service = startup::service(config, store.clone(), Clock::default());
    let mut background = Background::new(config, &service, store);
    background.run_workers();
    let probe = Probe {
        service,
        broker: background.backbone.health.clone(),
    };
    let router = Router::new()
        .route("/healthz", get(probes::healthz))
        .route("/readyz", get(readyz))
        .with_state(probe)
        .merge(probes::metrics(metrics));
    println!(
        "hireboard worker running; operator endpoints (/metrics, /healthz, /readyz) on http://{}",
        bound_addr(&listener)
    );
    let served = axum::serve(listener, router)
        .with_graceful_shutdown(shutdown_signal())
        .into_future()
        .await;
    background.stop().await;
    Ok(served?)
}

/// Ready while the database answers and the broker (if any) takes events.
async fn readyz(State(probe): State<Probe>) -> Response {
    let problem = match probe.service.ready().await {
        Err(error) => Some(format!("the database is not reachable: {error}")),
        Ok(()) => probe
            .broker
            .problem()
            .map(|error| format!("the broker is not reachable: {error}")),
    };
    match problem {
        None => axum::Json(json!({ "status": "ready" })).into_response(),
        Some(problem) => {
            tracing::warn!(%problem, "worker not ready");
            let body = json!({ "status": "unavailable", "detail": problem });
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::RETRY_AFTER, "5")],
                axum::Json(body),
            )
                .into_response()
        }
    }
}
