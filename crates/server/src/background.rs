//! The work an instance does besides answering requests: following events for its caches,
//! and (in `worker`, or in `serve` unless turned off) relaying events to the broker, running
//! shared consumers and the expiry sweep. Every task is supervised and stops on shutdown.

use std::sync::Arc;
use std::time::Duration;

use hireboard_bus::BusOptions;
use hireboard_events::runner::Options;
use hireboard_events::{scheduled, supervise, Backbone, BrokerLink, Shutdown, StoredOffsets};
use hireboard_service::{Actor, Hireboard};
use hireboard_store::Store;
use tokio::task::JoinHandle;

use crate::config::Config;

/// How long shutdown waits for background tasks to finish what they hold.
const DRAIN: Duration = Duration::from_secs(10);

/// This process's background work.
pub struct Background {
    pub backbone: Backbone,
    service: Hireboard,
    expiry_interval: Duration,
    tasks: Vec<JoinHandle<()>>,
    shutdown: Shutdown,
}

/// A name for this process in leases: unique, and telling an operator where it runs.
fn instance_name() -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "host".into());
    format!(
        "{host}:{}:{:08x}",
        std::process::id(),
        rand::random::<u32>()
    )
}

impl Background {
    pub fn new(config: &Config, service: &Hireboard, store: Arc<dyn Store>) -> Background {
        let broker = config.bus.url.clone().map(|url| {
            let options = BusOptions {
                offsets: Some(Arc::new(StoredOffsets(store.clone()))),
                ..BusOptions::default()
            };
            BrokerLink::new(url, options)
        });
        Background {
            backbone: Backbone {
                store,
                broker,
                instance: instance_name(),
                options: Options::default(),
                health: Default::default(),
            },
            service: service.clone(),
            expiry_interval: Duration::from_secs(config.expiry_interval_secs),
            tasks: Vec::new(),
            shutdown: Shutdown::new(),
        }
    }

    /// What every serving instance runs: the consumers that keep its caches and its search
    /// index current.
    pub fn follow_for_replicas(&mut self) {
        let consumers =
            std::iter::once(self.service.cache_consumer()).chain(self.service.search_consumer());
        for consumer in consumers {
            let task = self.backbone.spawn_consumer(consumer, &self.shutdown);
            self.tasks.push(task);
        }
    }

    /// What one or more instances run for the whole board: the relay to the broker, the
    /// shared consumers and the expiry sweep (one instance at a time, under a lease).
    pub fn run_workers(&mut self) {
        if let Some(relay) = self.backbone.spawn_relay(&self.shutdown) {
            self.tasks.push(relay);
        }
        let pipeline = self.service.pipeline_consumer();
        let task = self.backbone.spawn_consumer(pipeline, &self.shutdown);
        self.tasks.push(task);
        let (service, interval) = (self.service.clone(), self.expiry_interval);
        let (store, instance) = (self.backbone.store.clone(), self.backbone.instance.clone());
        let sweep = supervise::spawn(
            "expiry",
            self.shutdown.clone(),
            supervise::Restarts::PATIENT,
            move |shutdown| {
                let (service, store, instance) = (service.clone(), store.clone(), instance.clone());
                async move {
                    scheduled::run("expiry", interval, store, instance, shutdown, || async {
                        service
                            .expire_due_postings(&Actor::System)
                            .await
                            .map_err(|e| e.to_string())
                    })
                    .await
                }
            },
        );
        self.tasks.push(sweep);
    }

    /// Asks every task to stop and waits (a bounded time) for them to finish.
    pub async fn stop(self) {
        self.shutdown.request();
        let all = futures_util::future::join_all(self.tasks);
        if tokio::time::timeout(DRAIN, all).await.is_err() {
            tracing::warn!(
                seconds = DRAIN.as_secs(),
                "background tasks did not stop in time"
            );
        }
    }
}
