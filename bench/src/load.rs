//! Closed-loop load: one task per connection, each sending requests back to back.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use hdrhistogram::Histogram;
use tokio::task::JoinSet;
use tokio::time::{sleep, timeout_at, Instant};

use crate::cli::Base;
use crate::client::{Conn, GetError};

/// Pause after a failed reconnect, so a dead server is not hammered in a tight loop.
const RECONNECT_BACKOFF: Duration = Duration::from_millis(10);

/// What one scenario's measured period produced.
pub struct Stats {
    /// Latency of every measured response, in microseconds.
    pub latency_us: Histogram<u64>,
    pub non_2xx: u64,
    pub transport_errors: u64,
    pub reconnects: u64,
    pub body_bytes: u64,
}

impl Default for Stats {
    fn default() -> Self {
        Self {
            // Up to 1 hour, 3 significant digits; longer values saturate.
            latency_us: Histogram::new_with_bounds(1, 3_600_000_000, 3)
                .expect("static histogram bounds are valid"),
            non_2xx: 0,
            transport_errors: 0,
            reconnects: 0,
            body_bytes: 0,
        }
    }
}

impl Stats {
    fn merge(&mut self, other: &Self) {
        self.latency_us
            .add(&other.latency_us)
            .expect("histograms share bounds");
        self.non_2xx += other.non_2xx;
        self.transport_errors += other.transport_errors;
        self.reconnects += other.reconnects;
        self.body_bytes += other.body_bytes;
    }

    /// Responses received in the measured period, whatever their status.
    pub fn responses(&self) -> u64 {
        self.latency_us.len()
    }
}

/// Timing shared by all tasks of a scenario.
#[derive(Clone, Copy)]
struct Window {
    measure_from: Instant,
    deadline: Instant,
}

/// Opens `connections` connections, then loads `targets` (request targets, cycled) over them.
pub async fn run(
    base: &Base,
    targets: Vec<String>,
    connections: usize,
    warmup: Duration,
    duration: Duration,
) -> anyhow::Result<Stats> {
    anyhow::ensure!(!targets.is_empty(), "no request targets");
    let base = Arc::new(base.clone());
    let targets: Arc<[String]> = targets.into();

    let mut opening = JoinSet::new();
    for _ in 0..connections {
        let base = Arc::clone(&base);
        opening.spawn(async move { Conn::open(&base).await });
    }
    let mut conns = Vec::with_capacity(connections);
    while let Some(joined) = opening.join_next().await {
        conns.push(joined?.context("cannot open a benchmark connection")?);
    }

    let measure_from = Instant::now() + warmup;
    let window = Window {
        measure_from,
        deadline: measure_from + duration,
    };
    let mut tasks = JoinSet::new();
    // One shared position: each target is requested once per pass over the list, whichever
    // connection sends it, so distinct targets really are distinct requests.
    let position = Arc::new(AtomicUsize::new(0));
    for conn in conns {
        let (base, targets, position) = (
            Arc::clone(&base),
            Arc::clone(&targets),
            Arc::clone(&position),
        );
        tasks.spawn(drive(conn, base, targets, position, window));
    }
    let mut total = Stats::default();
    while let Some(joined) = tasks.join_next().await {
        total.merge(&joined?);
    }
    Ok(total)
}

/// One connection's request loop until the deadline; requests cut off by it are not counted.
async fn drive(
    conn: Conn,
    base: Arc<Base>,
    targets: Arc<[String]>,
    position: Arc<AtomicUsize>,
    window: Window,
) -> Stats {
    let mut stats = Stats::default();
    let mut conn = Some(conn);
    while Instant::now() < window.deadline {
        let Some(open) = conn.as_mut() else {
            match timeout_at(window.deadline, Conn::open(&base)).await {
                Err(_) => break,
                Ok(Ok(c)) => {
                    stats.reconnects += 1;
                    conn = Some(c);
                }
                Ok(Err(_)) => {
                    if Instant::now() >= window.measure_from {
                        stats.transport_errors += 1;
                    }
                    sleep(RECONNECT_BACKOFF).await;
                }
            }
            continue;
        };
        let target = &targets[position.fetch_add(1, Ordering::Relaxed) % targets.len()];
        let started = Instant::now();
        let measured = started >= window.measure_from;
        match timeout_at(window.deadline, open.get(target)).await {
            Err(_) => break,
            Ok(Ok(reply)) if measured => {
                let micros = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
                stats.latency_us.saturating_record(micros.max(1));
                stats.body_bytes += reply.body.len() as u64;
                if !reply.status.is_success() {
                    stats.non_2xx += 1;
                }
            }
            Ok(Ok(_)) => {}
            Ok(Err(GetError::Closed)) => conn = None,
            Ok(Err(GetError::Transport(_))) => {
                if measured {
                    stats.transport_errors += 1;
                }
                conn = None;
            }
        }
    }
    stats
}
