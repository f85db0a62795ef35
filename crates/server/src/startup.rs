//! Building and running the application.

use std::future::IntoFuture;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use hireboard_api_rest::{App, AppState, TrustedProxies};
use hireboard_cache::{RedisOptions, Shared};
use hireboard_search::IndexFolder;
use hireboard_service::{Clock, Hireboard, ServiceConfig};
use hireboard_store::{ConnectOptions, Store};
use tokio::net::TcpListener;

use crate::background::Background;
use crate::config::Config;
use crate::{http, telemetry};

/// A built application: both listeners are bound, so the ports are known before it runs.
pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    /// `/metrics` and the probes, on a port only operators reach.
    operator_listener: TcpListener,
    operator_router: axum::Router,
    service: Hireboard,
    background: Background,
    serve_runs_workers: bool,
}

/// Opens the store the configuration names, with migrations applied.
pub async fn open_store(config: &Config) -> anyhow::Result<Arc<dyn Store>> {
    let url = config.database_url()?;
    let options = ConnectOptions {
        max_connections: config.database.max_connections,
        acquire_timeout: Duration::from_millis(config.database.acquire_timeout_ms),
    };
    hireboard_store::connect(&url, &options)
        .await
        .context("cannot open the database")
}

/// Where this instance's search index lives.
pub fn search_folder(config: &Config) -> std::path::PathBuf {
    config
        .search
        .dir
        .clone()
        .unwrap_or_else(|| config.data_dir.join("search"))
}

/// This instance's search index replica, under the data folder (built from the store by the
/// indexer when it is empty).
fn open_search(config: &Config) -> anyhow::Result<Arc<IndexFolder>> {
    let folder = search_folder(config);
    let index = IndexFolder::open(&folder).with_context(|| {
        format!(
            "cannot open the search index in {} (another hireboard serving from this data folder?)",
            folder.display()
        )
    })?;
    Ok(Arc::new(index))
}

fn service_config(config: &Config) -> ServiceConfig {
    ServiceConfig {
        session_idle: chrono::Duration::minutes(i64::from(config.sessions.idle_minutes)),
        session_absolute: chrono::Duration::hours(i64::from(config.sessions.absolute_hours)),
        report_hide_threshold: config.reports.hide_threshold,
        invitation_ttl: chrono::Duration::hours(i64::from(config.invitations.valid_hours)),
        rate_limits: (&config.rate_limits).into(),
        login_throttle: (&config.login_throttle).into(),
        ..ServiceConfig::default()
    }
}

/// The service layer over an open store, for one-off operator commands: they serve no
/// reads, so nothing is cached or shared.
pub fn service(config: &Config, store: Arc<dyn Store>, clock: Clock) -> Hireboard {
    Hireboard::new(
        store,
        service_config(config),
        clock,
        &Shared::InProcess,
        None,
    )
}

/// Where caches and rate-limit counters live: the configured Redis, or this process.
/// Redis is reached lazily, so one that is down does not stop the server from starting.
fn shared_state(config: &Config) -> anyhow::Result<Shared> {
    let Some(url) = &config.cache.url else {
        tracing::info!("caches and rate limits in process (cache.url unset)");
        return Ok(Shared::InProcess);
    };
    let options = RedisOptions {
        url: url.clone(),
        key_prefix: config.cache.key_prefix.clone(),
        timeout: Duration::from_millis(config.cache.timeout_ms),
    };
    let shared = Shared::redis(&options).context("cannot use cache.url")?;
    tracing::info!(prefix = %options.key_prefix, "caches and rate limits shared through Redis");
    Ok(shared)
}

impl Application {
    pub async fn build(config: &Config) -> anyhow::Result<Application> {
        Application::build_with_clock(config, Clock::default()).await
    }

    /// As [`Application::build`], with a clock tests can move.
    pub async fn build_with_clock(config: &Config, clock: Clock) -> anyhow::Result<Application> {
        // Ports first: one in use is the likeliest start-up failure and the cheapest to find.
        let listener = bind(config.http.addr, "http.addr").await?;
        let operator_listener = bind(config.metrics.addr, "metrics.addr").await?;
        let store = open_store(config).await?;
        let shared = shared_state(config)?;
        let search = open_search(config)?;
        let service = Hireboard::new(
            store.clone(),
            service_config(config),
            clock,
            &shared,
            Some(search),
        );
        let trusted_proxies =
            TrustedProxies::parse(&config.http.trusted_proxies).map_err(anyhow::Error::msg)?;
        let rest = hireboard_api_rest::routers(AppState::new(App {
            service: service.clone(),
            trusted_proxies,
            renditions: Default::default(),
        }));
        Ok(Application {
            listener,
            router: http::public(rest, &service),
            operator_listener,
            operator_router: http::operator(&service, telemetry::metrics_handle()),
            background: Background::new(config, &service, store),
            service,
            serve_runs_workers: config.bus.serve_runs_workers,
        })
    }

    /// The public API's address.
    pub fn local_addr(&self) -> SocketAddr {
        bound_addr(&self.listener)
    }

    /// The operator endpoints' address.
    pub fn operator_addr(&self) -> SocketAddr {
        bound_addr(&self.operator_listener)
    }

    pub fn service(&self) -> &Hireboard {
        &self.service
    }

    /// Serves until Ctrl-C or SIGTERM, then finishes in-flight requests.
    pub async fn run_until_stopped(mut self) -> anyhow::Result<()> {
        self.background.follow_for_replicas();
        if self.serve_runs_workers {
            self.background.run_workers();
        }
        tracing::info!(addr = %self.local_addr(), operator_addr = %self.operator_addr(), "listening");
        // The operator endpoints answer until the API has drained, then simply stop.
        let operator =
            tokio::spawn(axum::serve(self.operator_listener, self.operator_router).into_future());
        let app = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        let served = axum::serve(self.listener, app)
            .with_graceful_shutdown(shutdown_signal())
            .await;
        self.background.stop().await;
        operator.abort();
        served.context("the HTTP server failed")
    }
}

pub(crate) async fn bind(addr: SocketAddr, key: &str) -> anyhow::Result<TcpListener> {
    TcpListener::bind(addr).await.map_err(|error| {
        let reason = match error.kind() {
            std::io::ErrorKind::AddrInUse => {
                "the address is already in use (is another hireboard running?)".to_owned()
            }
            std::io::ErrorKind::AddrNotAvailable => {
                "the address is not one of this machine's".to_owned()
            }
            std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
            _ => error.to_string(),
        };
        anyhow::anyhow!("cannot listen on {addr} ({key}): {reason}")
    })
}

pub(crate) fn bound_addr(listener: &TcpListener) -> SocketAddr {
    listener
        .local_addr()
        .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)))
}

pub(crate) async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
