//! Command-line arguments and validation of the target base URL.

use std::time::Duration;

use anyhow::{bail, Context};
use clap::{Parser, ValueEnum};
use hyper::Uri;

/// Most concurrent connections a run may open.
pub const MAX_CONNECTIONS: usize = 1024;
/// Longest measured period per scenario, in seconds.
pub const MAX_DURATION_SECS: u64 = 120;
/// Longest warm-up period per scenario, in seconds.
pub const MAX_WARMUP_SECS: u64 = 60;
/// Most candidate accounts the `apply` scenario registers.
pub const MAX_CANDIDATES: u32 = 2000;
/// Most postings the `apply` scenario collects.
pub const MAX_APPLY_POSTINGS: u32 = 20_000;
/// Most edits the `freshness` scenario makes.
pub const MAX_FRESHNESS_EDITS: u32 = 5_000;

/// Benchmark a running hireboard server on this machine.
#[derive(Debug, Parser)]
#[command(name = "hireboard-bench", version, about)]
pub struct Args {
    /// Base URL of the server; only loopback hosts are accepted.
    #[arg(long, default_value = "http://127.0.0.1:8080", value_parser = parse_base)]
    pub base: Base,
    /// Concurrent keep-alive connections, one per load task.
    #[arg(long, default_value_t = 64,
          value_parser = clap::value_parser!(u16).range(1..=MAX_CONNECTIONS as i64))]
    pub connections: u16,
    /// Measured seconds per scenario.
    #[arg(long, default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..=MAX_DURATION_SECS))]
    pub duration_secs: u64,
    /// Unmeasured warm-up seconds before each scenario's measured period.
    #[arg(long, default_value_t = 2,
          value_parser = clap::value_parser!(u64).range(0..=MAX_WARMUP_SECS))]
    pub warmup_secs: u64,
    /// Scenarios to run (repeatable); `trivial` always runs first as the baseline. Without
    /// this flag every read scenario runs; `apply` writes, so it runs only when named.
    #[arg(long = "scenario", value_enum)]
    pub scenarios: Vec<Scenario>,
    /// `apply`: candidate accounts to register (in parallel, before the measured period).
    #[arg(long, default_value_t = 256,
          value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_CANDIDATES)))]
    pub candidates: u32,
    /// `apply`: most postings without required screening questions to collect; the run can
    /// send candidates × postings applications.
    #[arg(long, default_value_t = 2000,
          value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_APPLY_POSTINGS)))]
    pub apply_postings: u32,
    /// `freshness`: edits of the probe posting, each waited for until search shows it.
    #[arg(long, default_value_t = 200,
          value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_FRESHNESS_EDITS)))]
    pub freshness_edits: u32,
    /// `apply`: concurrent connections used to register candidates and collect postings.
    #[arg(long, default_value_t = 8,
          value_parser = clap::value_parser!(u16).range(1..=64))]
    pub setup_connections: u16,
    /// Label of the server's database backend, printed with the results (e.g. `postgres`).
    #[arg(long)]
    pub backend: Option<String>,
    /// Label of the server's cache, printed with the results (e.g. `redis`).
    #[arg(long)]
    pub cache: Option<String>,
}

impl Args {
    pub fn duration(&self) -> Duration {
        Duration::from_secs(self.duration_secs)
    }

    pub fn warmup(&self) -> Duration {
        Duration::from_secs(self.warmup_secs)
    }

    /// Selected scenarios in canonical order, always including the `trivial` baseline.
    pub fn plan(&self) -> Vec<Scenario> {
        Scenario::value_variants()
            .iter()
            .copied()
            .filter(|s| {
                *s == Scenario::Trivial
                    || self.scenarios.contains(s)
                    || (self.scenarios.is_empty() && !s.writes())
            })
            .collect()
    }
}

/// A request pattern run for one measured period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum Scenario {
    /// `GET /healthz`: the baseline.
    Trivial,
    /// `GET /api/v1/jobs/{code}`, cycling through discovered codes.
    JobByCode,
    /// `GET /api/v1/jobs?functional_area=...`, cycling through discovered areas.
    Listing,
    /// As `listing`, with a `posted_since` date far in the past that changes on every request:
    /// the same results, but each request misses the server's listing cache and queries the
    /// database.
    ListingUncached,
    /// `GET /api/v1/jobs?q=...`: a rotation of 42 searches (common and rare words, two words,
    /// phrases, typos, synonyms, exclusions, OR, with and without filters, sorts and a radius), each
    /// answered with every facet's counts.
    Search,
    /// `POST /api/v1/jobs/{code}/applications` with body `{}`, each request a new (candidate,
    /// posting) pair; only `201 Created` counts as a success. Registers candidates first.
    Apply,
    /// One recruiter's posting edited `--freshness-edits` times, each edit followed by
    /// `GET /api/v1/jobs?q=...` until search shows it: commit-to-visible latency, one edit at a
    /// time, beside one search's round trip. Registers a recruiter and a company.
    Freshness,
}

impl Scenario {
    pub fn name(self) -> &'static str {
        match self {
            Self::Trivial => "trivial",
            Self::JobByCode => "job_by_code",
            Self::Listing => "listing",
            Self::ListingUncached => "listing_uncached",
            Self::Search => "search",
            Self::Apply => "apply",
            Self::Freshness => "freshness",
        }
    }

    /// Whether the scenario changes the server's data (and so runs only when asked for).
    pub fn writes(self) -> bool {
        matches!(self, Self::Apply | Self::Freshness)
    }

    /// Whether the scenario is a closed-loop load over `--connections` (rather than one
    /// client timing something else).
    pub fn is_load(self) -> bool {
        self != Self::Freshness
    }
}

/// A validated loopback base URL: where to connect and what to put before request paths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base {
    /// Host as written in the URL (`[::1]` keeps its brackets); used for the `Host` header.
    pub host: String,
    pub port: u16,
    /// Path prefix without a trailing slash (usually empty).
    pub prefix: String,
}

impl Base {
    /// Host and port to pass to `TcpStream::connect`.
    pub fn socket_addr(&self) -> (&str, u16) {
        (
            self.host.trim_start_matches('[').trim_end_matches(']'),
            self.port,
        )
    }

    /// Value of the `Host` header.
    pub fn authority(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }

    /// Origin-form request target for `path_and_query` (which starts with `/`).
    pub fn target(&self, path_and_query: &str) -> String {
        format!("{}{}", self.prefix, path_and_query)
    }
}

/// Parses `--base`, refusing anything but plain `http` to a loopback host.
pub fn parse_base(raw: &str) -> anyhow::Result<Base> {
    let uri: Uri = raw
        .parse()
        .with_context(|| format!("invalid URL {raw:?}"))?;
    match uri.scheme_str() {
        Some("http") => {}
        Some(other) => bail!("scheme {other:?} is not supported; use http://"),
        None => bail!("URL {raw:?} needs a scheme, e.g. http://127.0.0.1:8080"),
    }
    let host = uri.host().context("URL has no host")?.to_ascii_lowercase();
    if !matches!(host.as_str(), "127.0.0.1" | "localhost" | "[::1]") {
        bail!("host {host:?} is not loopback; only 127.0.0.1, localhost and [::1] are allowed");
    }
    if uri.query().is_some() {
        bail!("base URL must not have a query string");
    }
    if uri.authority().is_some_and(|a| a.as_str().contains('@')) {
        bail!("base URL must not contain user information");
    }
    Ok(Base {
        host,
        port: uri.port_u16().unwrap_or(80),
        prefix: uri.path().trim_end_matches('/').to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_loopback_hosts() {
        let b = parse_base("http://127.0.0.1:8080").unwrap();
        assert_eq!(
            (b.host.as_str(), b.port, b.prefix.as_str()),
            ("127.0.0.1", 8080, "")
        );
        let b = parse_base("http://LOCALHOST:3000/").unwrap();
        assert_eq!(
            (b.host.as_str(), b.port, b.prefix.as_str()),
            ("localhost", 3000, "")
        );
        let b = parse_base("http://[::1]:9000").unwrap();
        assert_eq!(b.socket_addr(), ("::1", 9000));
        assert_eq!(b.authority(), "[::1]:9000");
    }

    #[test]
    fn default_port_and_prefix() {
        let b = parse_base("http://localhost/hb/").unwrap();
        assert_eq!(b.port, 80);
        assert_eq!(b.target("/healthz"), "/hb/healthz");
    }

    #[test]
    fn refuses_non_loopback_or_odd_urls() {
        for bad in [
            "http://example.com:8080",
            "http://10.0.0.1",
            "http://127.0.0.2:8080",
            "http://localhost.example.com",
            "https://127.0.0.1:8443",
            "127.0.0.1:8080",
            "http://127.0.0.1:8080/?x=1",
            "http://user@127.0.0.1:8080",
            "not a url",
        ] {
            assert!(parse_base(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn bounds_are_enforced() {
        let parse =
            |extra: &[&str]| Args::try_parse_from(["hireboard-bench"].iter().chain(extra).copied());
        assert!(parse(&[]).is_ok());
        assert!(parse(&["--connections", "1024"]).is_ok());
        assert!(parse(&["--connections", "1025"]).is_err());
        assert!(parse(&["--connections", "0"]).is_err());
        assert!(parse(&["--duration-secs", "120"]).is_ok());
        assert!(parse(&["--duration-secs", "121"]).is_err());
        assert!(parse(&["--base", "http://192.168.1.1:8080"]).is_err());
    }

    #[test]
    fn plan_always_starts_with_baseline() {
        let args = Args::try_parse_from(["b", "--scenario", "listing"]).unwrap();
        assert_eq!(args.plan(), [Scenario::Trivial, Scenario::Listing]);
        let args = Args::try_parse_from(["b"]).unwrap();
        assert_eq!(args.plan().len(), 5, "apply only when named");
        assert!(!args.plan().contains(&Scenario::Apply));
        let args = Args::try_parse_from(["b", "--scenario", "apply"]).unwrap();
        assert_eq!(args.plan(), [Scenario::Trivial, Scenario::Apply]);
        assert!(Args::try_parse_from(["b", "--candidates", "0"]).is_err());
        assert!(Args::try_parse_from(["b", "--candidates", "2001"]).is_err());
        let args = Args::try_parse_from(["b", "--scenario", "freshness"]).unwrap();
        assert_eq!(args.plan(), [Scenario::Trivial, Scenario::Freshness]);
        assert!(Args::try_parse_from(["b", "--freshness-edits", "0"]).is_err());
    }
}
