//! `hireboard-bench`: an HTTP load generator for benchmarking a running hireboard server.
//!
//! It discovers job codes and functional areas from the server, then runs each scenario in
//! turn (`trivial` = `GET /healthz` as the baseline, `job_by_code`, `listing`,
//! `listing_uncached`, `search` and, only when named, `apply`) over a fixed number of keep-alive
//! HTTP/1.1 connections, and reports throughput and latency percentiles with each scenario's
//! throughput as a percentage of the baseline measured in the same run. `freshness`, also
//! only when named, times how soon search shows each committed edit of a posting. The last line,
//! prefixed `RESULT_JSON `, carries every number for scripts.
//!
//! Layout: [`cli`] (arguments, loopback-only base URL), [`client`] (one connection),
//! [`discover`] (what to request), [`apply`] (accounts and postings for the write scenario),
//! [`load`] (the request loops), [`freshness`] (edit, then search until found), [`report`]
//! (output).

mod apply;
mod cli;
mod client;
mod discover;
mod freshness;
mod load;
mod report;
mod searches;

use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;

use cli::{Args, Scenario};
use discover::{encode_component, Discovered};
use load::{ApplyPlan, Workload};
use report::{Comparison, Summary};
use searches::SEARCHES;

#[tokio::main]
async fn main() -> ExitCode {
    match run(Args::parse()).await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(err) => {
            eprintln!("hireboard-bench: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// Runs the whole benchmark; `Ok(false)` means a scenario exceeded the error threshold.
async fn run(args: Args) -> anyhow::Result<bool> {
    let plan = args.plan();
    let context = format!(
        "backend: {}; cache: {}; connections: {}; {} s warm-up + {} s measured per scenario",
        args.backend.as_deref().unwrap_or("(not given)"),
        args.cache.as_deref().unwrap_or("(not given)"),
        args.connections,
        args.warmup_secs,
        args.duration_secs
    );
    eprintln!("{context}");
    let found = if plan
        .iter()
        .any(|s| !matches!(s, Scenario::Trivial | Scenario::Apply | Scenario::Freshness))
    {
        let found = discover::discover(&args.base).await?;
        eprintln!(
            "discovered {} job codes and {} functional areas",
            found.codes.len(),
            found.areas.len()
        );
        Some(found)
    } else {
        None
    };

    // Registration is slow on purpose (Argon2), so it happens before anything is measured.
    let mut apply_plan = if plan.contains(&Scenario::Apply) {
        let prepared = apply::prepare(
            &args.base,
            args.candidates as usize,
            args.apply_postings as usize,
            usize::from(args.setup_connections),
        )
        .await
        .context("apply setup")?;
        eprintln!(
            "apply: {} candidates x {} postings = {} distinct applications available",
            prepared.authorizations.len(),
            prepared.targets.len(),
            prepared.capacity()
        );
        Some(prepared)
    } else {
        None
    };

    let mut summaries = Vec::with_capacity(plan.len());
    for &scenario in plan.iter().filter(|s| s.is_load()) {
        let workload = workload(&args.base, scenario, found.as_ref(), &mut apply_plan)?;
        eprintln!(
            "running {} on {} connections: {} s warm-up + {} s measured",
            scenario.name(),
            args.connections,
            args.warmup_secs,
            args.duration_secs
        );
        let stats = load::run(
            &args.base,
            workload,
            usize::from(args.connections),
            args.warmup(),
            args.duration(),
        )
        .await
        .with_context(|| format!("scenario {}", scenario.name()))?;
        summaries.push(Summary::new(scenario.name(), &stats, args.duration()));
    }

    let freshness = if plan.contains(&Scenario::Freshness) {
        eprintln!(
            "running freshness: {} edits, one at a time",
            args.freshness_edits
        );
        Some(
            freshness::measure(&args.base, args.freshness_edits)
                .await
                .context("scenario freshness")?,
        )
    } else {
        None
    };

    let comparison = Comparison::new(&summaries);
    print!("{}", report::render(&context, &summaries, &comparison));
    if let Some(freshness) = &freshness {
        print!("{}", freshness.render());
        if freshness.failed() {
            eprintln!("scenario freshness failed: an edit was missed or p99 is over the bound");
        }
    }
    let failed: Vec<_> = summaries.iter().filter(|s| s.failed()).collect();
    for s in &failed {
        eprintln!(
            "scenario {} failed: {:.2}% of requests were errors (limit {}%){}",
            s.scenario,
            s.error_pct,
            report::MAX_ERROR_PCT,
            if s.exhausted_connections > 0 {
                "; it ran out of distinct requests: raise --candidates or --apply-postings"
            } else {
                ""
            }
        );
    }
    let passed = failed.is_empty() && !freshness.as_ref().is_some_and(|f| f.failed());
    let result = serde_json::json!({
        "base": format!("http://{}{}", args.base.authority(), args.base.prefix),
        "backend": args.backend,
        "cache": args.cache,
        "connections": args.connections,
        "duration_secs": args.duration_secs,
        "warmup_secs": args.warmup_secs,
        "scenarios": summaries,
        "comparison": comparison,
        "freshness": freshness,
        "passed": passed,
    });
    println!("RESULT_JSON {result}");
    Ok(passed)
}

/// Distinct `posted_since` dates per area in `listing_uncached`: more than a run can request.
const UNCACHED_DATES: u32 = 20_000;

/// The date `day` days after 1900-01-01, as YYYY-MM-DD (every month taken as 28 days, which
/// keeps every date valid; only distinctness and being long before any posting matter).
fn date_after_1900(day: u32) -> String {
    let year = 1900 + day / (12 * 28);
    let month = 1 + (day / 28) % 12;
    let day_of_month = 1 + day % 28;
    format!("{year:04}-{month:02}-{day_of_month:02}")
}

/// What a scenario sends; `apply` takes the prepared plan (it runs once).
fn workload(
    base: &cli::Base,
    scenario: Scenario,
    found: Option<&Discovered>,
    apply: &mut Option<ApplyPlan>,
) -> anyhow::Result<Workload> {
    if scenario == Scenario::Apply {
        return Ok(Workload::Apply(
            apply.take().context("apply setup did not run")?,
        ));
    }
    targets(base, scenario, found).map(Workload::Cycle)
}

/// Request targets a read scenario cycles through.
fn targets(
    base: &cli::Base,
    scenario: Scenario,
    found: Option<&Discovered>,
) -> anyhow::Result<Vec<String>> {
    let found = || found.context("discovery did not run");
    let targets: Vec<String> = match scenario {
        Scenario::Apply | Scenario::Freshness => {
            anyhow::bail!("{} is not a read scenario", scenario.name())
        }
        Scenario::Trivial => vec![base.target("/healthz")],
        Scenario::JobByCode => found()?
            .codes
            .iter()
            .map(|c| base.target(&format!("/api/v1/jobs/{}", encode_component(c))))
            .collect(),
        Scenario::Listing => found()?
            .areas
            .iter()
            .map(|a| {
                let area = encode_component(a);
                base.target(&format!("/api/v1/jobs?functional_area={area}"))
            })
            .collect(),
        Scenario::Search => SEARCHES
            .iter()
            .map(|query| base.target(&format!("/api/v1/jobs?{query}")))
            .collect(),
        Scenario::ListingUncached => {
            let epoch = date_after_1900;
            found()?
                .areas
                .iter()
                .flat_map(|a| {
                    let area = encode_component(a);
                    (0..UNCACHED_DATES).map(move |day| {
                        base.target(&format!(
                            "/api/v1/jobs?functional_area={area}&posted_since={}",
                            epoch(day)
                        ))
                    })
                })
                .collect()
        }
    };
    anyhow::ensure!(
        !targets.is_empty(),
        "no targets for scenario {}: the discovered jobs have no functional_area",
        scenario.name()
    );
    Ok(targets)
}
