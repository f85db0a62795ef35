//! Summaries, the human-readable table and the machine-readable result.

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
    pub non_2xx: u64,
    pub transport_errors: u64,
    pub error_pct: f64,
    pub reconnects: u64,
    pub body_bytes: u64,
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
            non_2xx: stats.non_2xx,
            transport_errors: stats.transport_errors,
            error_pct: error_pct(requests, stats.non_2xx, stats.transport_errors),
            reconnects: stats.reconnects,
            body_bytes: stats.body_bytes,
        }
    }

    pub fn failed(&self) -> bool {
        self.error_pct > MAX_ERROR_PCT
    }
}

/// Share of failed attempts in percent; a scenario with no attempts at all counts as 100%.
pub fn error_pct(responses: u64, non_2xx: u64, transport_errors: u64) -> f64 {
    let attempts = responses + transport_errors;
    if attempts == 0 {
        return 100.0;
    }
    (non_2xx + transport_errors) as f64 * 100.0 / attempts as f64
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
        }
    }
}

/// The results table followed by the ratios.
pub fn render(summaries: &[Summary], cmp: &Comparison) -> String {
    let mut out = format!(
        "{:<16} {:>10} {:>11} {:>9} {:>9} {:>9} {:>9} {:>16}\n",
        "scenario", "requests", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors/non-2xx"
    );
    for s in summaries {
        let errors = format!("{}/{}", s.transport_errors, s.non_2xx);
        let _ = writeln!(
            out,
            "{:<16} {:>10} {:>11.1} {:>9} {:>9} {:>9} {:>9} {:>16}",
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
    let _ = writeln!(
        out,
        "\njob_by_code req/s / trivial req/s: {}",
        fmt_pct(cmp.job_by_code_vs_trivial_pct)
    );
    let _ = writeln!(
        out,
        "listing req/s / trivial req/s:     {}",
        fmt_pct(cmp.listing_vs_trivial_pct)
    );
    let _ = writeln!(
        out,
        "listing_uncached req/s / trivial:  {}",
        fmt_pct(cmp.listing_uncached_vs_trivial_pct)
    );
    let ms = |value: Option<f64>| {
        value.map_or_else(|| "n/a".to_owned(), |ms| format!("{} ms", fmt_ms(ms)))
    };
    let _ = writeln!(
        out,
        "listing p99:                       {}",
        ms(cmp.listing_p99_ms)
    );
    let _ = writeln!(
        out,
        "listing_uncached p99:              {}",
        ms(cmp.listing_uncached_p99_ms)
    );
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
            non_2xx: 0,
            transport_errors: 0,
            error_pct: 0.0,
            reconnects: 0,
            body_bytes: 0,
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
        let text = render(&[summary("trivial", 1000.0, 0.2)], &Comparison::new(&[]));
        assert!(text.contains("n/a"));
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
