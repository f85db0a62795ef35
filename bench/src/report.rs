//! Summaries, the human-readable table and the machine-readable result.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

use serde::Serialize;

use crate::load::Stats;

/// A scenario fails the run when more than this share of its attempts failed.
pub const MAX_ERROR_PCT: f64 = 1.0;

/// One scenario's numbers, as printed and as serialised.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub scenario: &'static str,
    pub requests: u64,
    pub req_per_sec: f64,
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// Responses with an unexpected status: non-2xx, or for `apply` anything but 201.
    pub unexpected_status: u64,
    /// The unexpected statuses and how often each came.
    pub unexpected_by_status: BTreeMap<u16, u64>,
    pub transport_errors: u64,
    pub error_pct: f64,
    pub reconnects: u64,
    pub body_bytes: u64,
    /// Connections that ran out of distinct requests before the end (`apply`): the run sent
    /// fewer requests than it could have, so its req/s is a lower bound.
    pub exhausted_connections: u64,
}

impl Summary {
    pub fn new(scenario: &'static str, stats: &Stats, measured: Duration) -> Self {
        let h = &stats.latency_us;
        let requests = stats.responses();
        let ms = |us: u64| us as f64 / 1000.0;
        Self {
            scenario,
            requests,
            req_per_sec: requests as f64 / measured.as_secs_f64(),
            p50_ms: ms(h.value_at_quantile(0.50)),
            p90_ms: ms(h.value_at_quantile(0.90)),
            p99_ms: ms(h.value_at_quantile(0.99)),
            max_ms: ms(h.max()),
            unexpected_status: stats.unexpected_status,
            unexpected_by_status: stats.unexpected_by_status.clone(),
            transport_errors: stats.transport_errors,
            error_pct: error_pct(requests, stats.unexpected_status, stats.transport_errors),
            reconnects: stats.reconnects,
            body_bytes: stats.body_bytes,
            exhausted_connections: stats.exhausted,
        }
    }

    pub fn failed(&self) -> bool {
        self.error_pct > MAX_ERROR_PCT || self.exhausted_connections > 0
    }
}

/// Share of failed attempts in percent; a scenario with no attempts at all counts as 100%.
pub fn error_pct(responses: u64, unexpected_status: u64, transport_errors: u64) -> f64 {
    let attempts = responses + transport_errors;
    if attempts == 0 {
        return 100.0;
    }
    (unexpected_status + transport_errors) as f64 * 100.0 / attempts as f64
}

/// `numerator / denominator` in percent, or `None` when the baseline is zero.
pub fn ratio_pct(numerator: f64, denominator: f64) -> Option<f64> {
    (denominator > 0.0).then(|| numerator * 100.0 / denominator)
}

/// Milliseconds with three decimals (microsecond resolution).
pub fn fmt_ms(ms: f64) -> String {
    format!("{ms:.3}")
}

/// A percentage with one decimal, or `n/a`.
pub fn fmt_pct(pct: Option<f64>) -> String {
    pct.map_or_else(|| "n/a".to_owned(), |p| format!("{p:.1}%"))
}

/// Ratios of each scenario's throughput to the `trivial` baseline.
#[derive(Debug, Serialize)]
pub struct Comparison {
    pub job_by_code_vs_trivial_pct: Option<f64>,
    pub listing_vs_trivial_pct: Option<f64>,
    pub listing_p99_ms: Option<f64>,
    pub listing_uncached_vs_trivial_pct: Option<f64>,
    pub listing_uncached_p99_ms: Option<f64>,
    pub job_by_code_p99_ms: Option<f64>,
    pub apply_vs_trivial_pct: Option<f64>,
    pub apply_req_per_sec: Option<f64>,
    pub apply_p99_ms: Option<f64>,
}

impl Comparison {
    pub fn new(summaries: &[Summary]) -> Self {
        let find = |name: &str| summaries.iter().find(|s| s.scenario == name);
        let baseline = find("trivial").map_or(0.0, |s| s.req_per_sec);
        let vs = |name| find(name).and_then(|s| ratio_pct(s.req_per_sec, baseline));
        Self {
            job_by_code_vs_trivial_pct: vs("job_by_code"),
            listing_vs_trivial_pct: vs("listing"),
            listing_p99_ms: find("listing").map(|s| s.p99_ms),
            listing_uncached_vs_trivial_pct: vs("listing_uncached"),
            listing_uncached_p99_ms: find("listing_uncached").map(|s| s.p99_ms),
            job_by_code_p99_ms: find("job_by_code").map(|s| s.p99_ms),
            apply_vs_trivial_pct: vs("apply"),
            apply_req_per_sec: find("apply").map(|s| s.req_per_sec),
            apply_p99_ms: find("apply").map(|s| s.p99_ms),
        }
    }
}

/// The results table followed by the ratios of the scenarios that ran; `context` (backend,
/// cache) heads the table.
pub fn render(context: &str, summaries: &[Summary], cmp: &Comparison) -> String {
    let mut out = format!("{context}\n");
    let _ = writeln!(
        out,
        "{:<16} {:>10} {:>11} {:>9} {:>9} {:>9} {:>9} {:>18}",
        "scenario",
        "requests",
        "req/s",
        "p50 ms",
        "p90 ms",
        "p99 ms",
        "max ms",
        "errors/bad-status"
    );
    for s in summaries {
        let errors = format!("{}/{}", s.transport_errors, s.unexpected_status);
        let _ = writeln!(
            out,
            "{:<16} {:>10} {:>11.1} {:>9} {:>9} {:>9} {:>9} {:>18}",
            s.scenario,
            s.requests,
            s.req_per_sec,
            fmt_ms(s.p50_ms),
            fmt_ms(s.p90_ms),
            fmt_ms(s.p99_ms),
            fmt_ms(s.max_ms),
            errors,
        );
    }
    for s in summaries
        .iter()
        .filter(|s| !s.unexpected_by_status.is_empty())
    {
        let statuses: Vec<String> = s
            .unexpected_by_status
            .iter()
            .map(|(status, count)| format!("{status} x {count}"))
            .collect();
        let _ = writeln!(
            out,
            "{} unexpected statuses: {}",
            s.scenario,
            statuses.join(", ")
        );
    }
    out.push('\n');
    let ms = |value: f64| format!("{} ms", fmt_ms(value));
    let lines = [
        (
            "job_by_code req/s / trivial req/s:",
            cmp.job_by_code_vs_trivial_pct.map(|p| fmt_pct(Some(p))),
        ),
        ("job_by_code p99:", cmp.job_by_code_p99_ms.map(ms)),
        (
            "listing req/s / trivial req/s:",
            cmp.listing_vs_trivial_pct.map(|p| fmt_pct(Some(p))),
        ),
        ("listing p99:", cmp.listing_p99_ms.map(ms)),
        (
            "listing_uncached req/s / trivial:",
            cmp.listing_uncached_vs_trivial_pct
                .map(|p| fmt_pct(Some(p))),
        ),
        ("listing_uncached p99:", cmp.listing_uncached_p99_ms.map(ms)),
        (
            "apply req/s / trivial req/s:",
            cmp.apply_vs_trivial_pct.map(|p| fmt_pct(Some(p))),
        ),
        (
            "apply (201 Created) req/s:",
            cmp.apply_req_per_sec.map(|r| format!("{r:.1}")),
        ),
        ("apply p99:", cmp.apply_p99_ms.map(ms)),
    ];
    for (label, value) in lines {
        if let Some(value) = value {
            let _ = writeln!(out, "{label:<35}{value}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(scenario: &'static str, req_per_sec: f64, p99_ms: f64) -> Summary {
        Summary {
            scenario,
            requests: 100,
            req_per_sec,
            p50_ms: 0.5,
            p90_ms: 1.0,
            p99_ms,
            max_ms: 9.0,
            unexpected_status: 0,
            unexpected_by_status: BTreeMap::new(),
            transport_errors: 0,
            error_pct: 0.0,
            reconnects: 0,
            body_bytes: 0,
            exhausted_connections: 0,
        }
    }

    #[test]
    fn formats_ms_and_pct() {
        assert_eq!(fmt_ms(1.2345), "1.234");
        assert_eq!(fmt_ms(0.001), "0.001");
        assert_eq!(fmt_pct(Some(87.654)), "87.7%");
        assert_eq!(fmt_pct(None), "n/a");
    }

    #[test]
    fn ratios_against_baseline() {
        assert_eq!(ratio_pct(50.0, 200.0), Some(25.0));
        assert_eq!(ratio_pct(50.0, 0.0), None);
        let cmp = Comparison::new(&[
            summary("trivial", 1000.0, 0.2),
            summary("job_by_code", 800.0, 1.0),
            summary("listing", 250.0, 12.5),
        ]);
        assert_eq!(cmp.job_by_code_vs_trivial_pct, Some(80.0));
        assert_eq!(cmp.listing_vs_trivial_pct, Some(25.0));
        assert_eq!(cmp.listing_p99_ms, Some(12.5));
        let text = render(
            "backend: x",
            &[summary("trivial", 1000.0, 0.2)],
            &Comparison::new(&[]),
        );
        assert!(text.starts_with("backend: x\n"));
        assert!(
            !text.contains("listing p99"),
            "only scenarios that ran: {text}"
        );
        let mut apply = summary("apply", 300.0, 4.0);
        apply.unexpected_status = 3;
        apply.unexpected_by_status.insert(409, 3);
        let all = [summary("trivial", 1000.0, 0.2), apply];
        let text = render("", &all, &Comparison::new(&all));
        assert!(
            text.contains("apply req/s / trivial req/s:       30.0%"),
            "{text}"
        );
        assert!(
            text.contains("apply unexpected statuses: 409 x 3"),
            "{text}"
        );
    }

    #[test]
    fn error_share_and_threshold() {
        assert_eq!(error_pct(0, 0, 0), 100.0);
        assert_eq!(error_pct(99, 0, 1), 1.0);
        assert_eq!(error_pct(200, 2, 0), 1.0);
        let mut s = summary("trivial", 1.0, 1.0);
        s.error_pct = error_pct(100, 2, 0);
        assert!(s.failed());
        s.error_pct = error_pct(100, 1, 0);
        assert!(!s.failed());
        s.exhausted_connections = 1;
        assert!(
            s.failed(),
            "a run that ran out of requests is not a valid measurement"
        );
    }

    #[test]
    fn percentiles_from_histogram() {
        let mut stats = Stats::default();
        for us in 1..=1000 {
            stats.latency_us.record(us).unwrap();
        }
        let s = Summary::new("trivial", &stats, Duration::from_secs(2));
        assert_eq!(s.requests, 1000);
        assert_eq!(s.req_per_sec, 500.0);
        assert_eq!(fmt_ms(s.p50_ms), "0.500");
        assert_eq!(fmt_ms(s.p99_ms), "0.990");
        assert_eq!(fmt_ms(s.max_ms), "1.000");
    }
}
