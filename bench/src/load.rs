//! Closed-loop load: one task per connection, each sending requests back to back.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use hdrhistogram::Histogram;
use hyper::body::Bytes;
use hyper::StatusCode;
use tokio::task::JoinSet;
use tokio::time::{sleep, timeout_at, Instant};

use crate::cli::Base;
use crate::client::{Call, Conn, GetError};

/// Pause after a failed reconnect, so a dead server is not hammered in a tight loop.
const RECONNECT_BACKOFF: Duration = Duration::from_millis(10);

/// What a scenario sends. Request `i` (a counter shared by all connections) picks its target.
pub enum Workload {
    /// `GET` the targets in turn, cycling; any 2xx status is a success.
    Cycle(Vec<String>),
    /// `POST` each (candidate, posting) pair at most once; only `201 Created` is a success.
    Apply(ApplyPlan),
}

/// The `apply` scenario's pairs: request `i` is sent by candidate `i % C` to posting `i / C`, so
/// no request repeats a pair (C = number of candidates); the run stops when the pairs run out.
pub struct ApplyPlan {
    /// `Authorization` header values, one per candidate (`Bearer hb_...`).
    pub authorizations: Vec<String>,
    /// `POST` targets, one per posting.
    pub targets: Vec<String>,
    /// Request body (the same for every request).
    pub body: Bytes,
}

impl ApplyPlan {
    /// Distinct requests this plan can send.
    pub fn capacity(&self) -> usize {
        self.authorizations.len() * self.targets.len()
    }

    /// The (candidate, posting) indexes of request `i`, or `None` once every pair was used.
    pub fn pair(&self, i: usize) -> Option<(usize, usize)> {
        let candidates = self.authorizations.len();
        if candidates == 0 {
            return None;
        }
        let (candidate, posting) = (i % candidates, i / candidates);
        (posting < self.targets.len()).then_some((candidate, posting))
    }
}

impl Workload {
    fn is_empty(&self) -> bool {
        match self {
            Self::Cycle(targets) => targets.is_empty(),
            Self::Apply(plan) => plan.capacity() == 0,
        }
    }

    /// Request `i`, or `None` when the workload has nothing left to send.
    fn call(&self, i: usize) -> Option<(Call<'_>, Expect)> {
        match self {
            Self::Cycle(targets) => Some((Call::get(&targets[i % targets.len()]), Expect::Success)),
            Self::Apply(plan) => {
                let (candidate, posting) = plan.pair(i)?;
                let call = Call::post(&plan.targets[posting], &plan.body)
                    .bearer(&plan.authorizations[candidate]);
                Some((call, Expect::Exactly(StatusCode::CREATED)))
            }
        }
    }
}

/// Which statuses count as a success.
#[derive(Debug, Clone, Copy)]
enum Expect {
    Success,
    Exactly(StatusCode),
}

impl Expect {
    fn accepts(self, status: StatusCode) -> bool {
        match self {
            Self::Success => status.is_success(),
            Self::Exactly(expected) => status == expected,
        }
    }
}

/// What one scenario's measured period produced.
pub struct Stats {
    /// Latency of every measured response, in microseconds.
    pub latency_us: Histogram<u64>,
    /// Responses whose status was not the expected one (non-2xx; for `apply`, anything but 201).
    pub unexpected_status: u64,
    /// How many measured responses had each unexpected status.
    pub unexpected_by_status: BTreeMap<u16, u64>,
    pub transport_errors: u64,
    pub reconnects: u64,
    pub body_bytes: u64,
    /// Connections that stopped before the deadline because the workload ran out of requests.
    pub exhausted: u64,
}

impl Default for Stats {
    fn default() -> Self {
        Self {
            // Up to 1 hour, 3 significant digits; longer values saturate.
            latency_us: Histogram::new_with_bounds(1, 3_600_000_000, 3)
                .expect("static histogram bounds are valid"),
            unexpected_status: 0,
            unexpected_by_status: BTreeMap::new(),
            transport_errors: 0,
            reconnects: 0,
            body_bytes: 0,
            exhausted: 0,
        }
    }
}

impl Stats {
    fn merge(&mut self, other: &Self) {
        self.latency_us
            .add(&other.latency_us)
            .expect("histograms share bounds");
        self.unexpected_status += other.unexpected_status;
        for (status, count) in &other.unexpected_by_status {
            *self.unexpected_by_status.entry(*status).or_default() += count;
        }
        self.transport_errors += other.transport_errors;
        self.reconnects += other.reconnects;
        self.body_bytes += other.body_bytes;
        self.exhausted += other.exhausted;
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

/// Opens `connections` connections, then runs `workload` over them.
pub async fn run(
    base: &Base,
    workload: Workload,
    connections: usize,
    warmup: Duration,
    duration: Duration,
) -> anyhow::Result<Stats> {
    anyhow::ensure!(!workload.is_empty(), "no requests to send");
    let base = Arc::new(base.clone());
    let workload = Arc::new(workload);

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
        let (base, workload, position) = (
            Arc::clone(&base),
            Arc::clone(&workload),
            Arc::clone(&position),
        );
        tasks.spawn(drive(conn, base, workload, position, window));
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
    workload: Arc<Workload>,
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
        let Some((call, expect)) = workload.call(position.fetch_add(1, Ordering::Relaxed)) else {
            stats.exhausted += 1;
            break;
        };
        let started = Instant::now();
        let measured = started >= window.measure_from;
        match timeout_at(window.deadline, open.send(call)).await {
            Err(_) => break,
            Ok(Ok(reply)) if measured => {
                let micros = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
                stats.latency_us.saturating_record(micros.max(1));
                stats.body_bytes += reply.body.len() as u64;
                if !expect.accepts(reply.status) {
                    stats.unexpected_status += 1;
                    *stats
                        .unexpected_by_status
                        .entry(reply.status.as_u16())
                        .or_default() += 1;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(candidates: usize, postings: usize) -> ApplyPlan {
        ApplyPlan {
            authorizations: (0..candidates).map(|c| format!("Bearer t{c}")).collect(),
            targets: (0..postings).map(|p| format!("/p{p}")).collect(),
            body: Bytes::from_static(b"{}"),
        }
    }

    #[test]
    fn apply_pairs_are_unique_until_exhausted() {
        let plan = plan(3, 4);
        assert_eq!(plan.capacity(), 12);
        let pairs: Vec<_> = (0..12).map(|i| plan.pair(i).unwrap()).collect();
        let distinct: std::collections::BTreeSet<_> = pairs.iter().collect();
        assert_eq!(distinct.len(), 12);
        assert_eq!(pairs[0], (0, 0));
        assert_eq!(pairs[4], (1, 1));
        assert_eq!(plan.pair(12), None);
        assert_eq!(self::plan(0, 4).pair(0), None);
    }

    #[test]
    fn apply_calls_carry_token_body_and_expect_201() {
        let workload = Workload::Apply(plan(2, 2));
        let (call, expect) = workload.call(3).unwrap();
        assert_eq!(call.method, hyper::Method::POST);
        assert_eq!(call.target, "/p1");
        assert_eq!(call.authorization, Some("Bearer t1"));
        assert_eq!(call.body.map(|b| &b[..]), Some(&b"{}"[..]));
        assert!(expect.accepts(StatusCode::CREATED));
        assert!(!expect.accepts(StatusCode::OK));
        assert!(workload.call(4).is_none());
    }

    #[test]
    fn cycles_get_targets() {
        let workload = Workload::Cycle(vec!["/a".into(), "/b".into()]);
        let (call, expect) = workload.call(3).unwrap();
        assert_eq!(call.method, hyper::Method::GET);
        assert_eq!(call.target, "/b");
        assert!(expect.accepts(StatusCode::NO_CONTENT));
        assert!(!expect.accepts(StatusCode::NOT_FOUND));
    }

    #[test]
    fn merge_adds_status_counts() {
        let mut a = Stats::default();
        a.unexpected_by_status.insert(409, 2);
        let mut b = Stats::default();
        b.unexpected_by_status.insert(409, 1);
        b.unexpected_by_status.insert(500, 1);
        b.exhausted = 1;
        a.merge(&b);
        assert_eq!(a.unexpected_by_status[&409], 3);
        assert_eq!(a.unexpected_by_status[&500], 1);
        assert_eq!(a.exhausted, 1);
    }
}
