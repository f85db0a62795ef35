//! Commit-to-consumer latency under a steady stream of writes.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use chrono::Utc;
use hdrhistogram::Histogram;
use hireboard_bus::{Bus, BusOptions, Subscription, SubscriptionKind};
use hireboard_cache::Shared;
use hireboard_domain::account::{Email, Role};
use hireboard_events::runner::{Options, Runner};
use hireboard_events::{
    BrokerHealth, BrokerSource, Consumer, Delivered, HandleError, OutboxSource, Relay, Scope,
    Shutdown, Source,
};
use hireboard_service::{Actor, Clock, Hireboard, ServiceConfig};
use hireboard_store::{ConnectOptions, NewAccount, Store};

use crate::Args;

/// A fresh SQLite board in a temp dir.
pub struct Board {
    pub store: Arc<dyn Store>,
    _dir: tempfile::TempDir,
}

impl Board {
    pub async fn new() -> anyhow::Result<Board> {
        let dir = tempfile::tempdir()?;
        let url = format!("sqlite://{}/bench.db", dir.path().display());
        let store = hireboard_store::connect(&url, &ConnectOptions::default()).await?;
        Ok(Board { store, _dir: dir })
    }

    /// A board holding `count` imported postings: as many fat `posting.published` events
    /// (and a `company.created` for each new company), all sequenced.
    pub async fn imported(count: u32) -> anyhow::Result<Board> {
        let board = Board::new().await?;
        let clock = Clock::default();
        let service = Hireboard::new(
            board.store.clone(),
            ServiceConfig::default(),
            clock,
            &Shared::InProcess,
            None,
        );
        let today = Utc::now().date_naive();
        let records: Vec<_> = hireboard_datagen::generate(7, today)
            .take(count as usize)
            .enumerate()
            .collect();
        for batch in records.chunks(1_000) {
            let report = service
                .import_postings(&Actor::System, batch.to_vec())
                .await?;
            anyhow::ensure!(
                report.rejected.is_empty(),
                "rejected: {:?}",
                report.rejected
            );
        }
        while board.store.events().sequence(1_000).await? > 0 {}
        Ok(board)
    }
}

pub struct Measured {
    pub count: u64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

/// Records, per event, the time from the write's clock reading to its handling.
struct Stopwatch {
    histogram: Mutex<Histogram<u64>>,
}

#[async_trait]
impl Consumer for Stopwatch {
    fn name(&self) -> &'static str {
        "latency-bench"
    }

    fn scope(&self) -> Scope {
        Scope::PerInstance
    }

    fn types(&self) -> &'static [&'static str] {
        &["account.registered"]
    }

    async fn handle(&self, delivered: Delivered<'_>) -> Result<(), HandleError> {
        let micros = (Utc::now() - delivered.event.occurred_at)
            .num_microseconds()
            .unwrap_or(0);
        let mut histogram = self
            .histogram
            .lock()
            .map_err(|_| HandleError("poisoned".into()))?;
        histogram.saturating_record(micros.max(1) as u64);
        Ok(())
    }
}

/// Writes at `args.rate` per second for `args.seconds` while the consumer runs, on the
/// in-process bus (`url` = `None`) or through the broker at `url` (with the relay running).
pub async fn bench(url: Option<&str>, args: &Args) -> anyhow::Result<Measured> {
    let board = Board::new().await?;
    let stopwatch = Arc::new(Stopwatch {
        histogram: Mutex::new(Histogram::new_with_bounds(1, 60_000_000, 3)?),
    });
    let shutdown = Shutdown::new();
    let mut tasks = Vec::new();
    let mut source: Box<dyn Source> = match url {
        None => Box::new(
            OutboxSource::recent(board.store.clone(), 0)
                .await
                .map_err(|e| anyhow::anyhow!(e.0))?,
        ),
        Some(url) => {
            let bus = Arc::new(Bus::connect(url, BusOptions::default()).await?);
            let subscription = Subscription {
                kind: SubscriptionKind::PerInstance,
                types: vec!["account.registered".into()],
            };
            let source = BrokerSource::new(bus.subscribe(subscription).await?);
            let relay = Relay {
                store: board.store.clone(),
                bus,
                instance: "bench".into(),
                health: Arc::new(BrokerHealth::default()),
            };
            tasks.push(tokio::spawn(relay.run(shutdown.clone())));
            Box::new(source)
        }
    };
    let runner = Runner {
        consumer: stopwatch.clone(),
        store: board.store.clone(),
        instance: "bench".into(),
        options: Options {
            wait: Duration::from_millis(50),
            ..Options::default()
        },
    };
    let stop = shutdown.clone();
    let consumer =
        tokio::spawn(async move { runner.run(source.as_mut(), &stop).await.map_err(|e| e.0) });

    let writes = u64::from(args.rate) * args.seconds;
    let mut ticker = tokio::time::interval(Duration::from_secs_f64(1.0 / f64::from(args.rate)));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let mut pending = Vec::new();
    for n in 0..writes {
        ticker.tick().await;
        let store = board.store.clone();
        pending.push(tokio::spawn(async move {
            store
                .create_account(NewAccount {
                    email: Email::parse("email", &format!("bench-{n}@example.com")).expect("valid"),
                    password_hash: "x".into(),
                    display_name: format!("bench {n}"),
                    role: Role::Candidate,
                    now: Utc::now(),
                })
                .await
        }));
    }
    for write in pending {
        write.await??;
    }
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    while stopwatch.histogram.lock().map(|h| h.len()).unwrap_or(0) < writes {
        anyhow::ensure!(
            tokio::time::Instant::now() < deadline,
            "not every event arrived"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    shutdown.request();
    consumer.await?.map_err(anyhow::Error::msg)?;
    for task in tasks {
        task.await?.map_err(anyhow::Error::msg)?;
    }
    let histogram = stopwatch
        .histogram
        .lock()
        .map_err(|_| anyhow::anyhow!("poisoned"))?;
    let ms = |micros: u64| micros as f64 / 1000.0;
    Ok(Measured {
        count: histogram.len(),
        p50_ms: ms(histogram.value_at_quantile(0.5)),
        p99_ms: ms(histogram.value_at_quantile(0.99)),
        max_ms: ms(histogram.max()),
    })
}
