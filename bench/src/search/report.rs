//! The side-by-side table, the ratios against the targets, what each engine found
//! per search, and the `RESULT_JSON` line for scripts.

use std::fmt::Write as _;

use crate::measure::Measured;
use crate::query::Query;
use crate::sql::PAGE;

pub fn render(context: &str, engines: &[Measured], queries: &[Query]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{context}\n");
    let _ = writeln!(
        out,
        "{:<24} {:>10} {:>10} {:>10}",
        "engine", "p50 ms", "p99 ms", "max ms"
    );
    for e in engines {
        let _ = writeln!(
            out,
            "{:<24} {:>10.3} {:>10.3} {:>10.3}",
            e.engine,
            e.ms(0.50),
            e.ms(0.99),
            e.max_ms()
        );
    }
    out.push('\n');
    // The first engine is hireboard in process.
    let ours = &engines[0];
    for other in engines {
        let Some(target) = other.target else { continue };
        let p99 = other.ms(0.99) / ours.ms(0.99);
        let _ = writeln!(
            out,
            "{} / hireboard: p50 {:.1}x, p99 {p99:.1}x (target: p99 at least {target}x: {})",
            other.engine,
            other.ms(0.50) / ours.ms(0.50),
            if p99 >= target { "met" } else { "NOT met" }
        );
    }
    for http in engines.iter().filter(|e| e.over_http) {
        let overhead = http.ms(0.50) / ours.ms(0.50);
        let _ = writeln!(
            out,
            "hireboard p50: {:.3} ms in process, {:.3} ms over HTTP: {overhead:.2}x (target: at most 1.3x: {})",
            ours.ms(0.50),
            http.ms(0.50),
            if overhead <= 1.3 { "met" } else { "NOT met" }
        );
        let differ = (http.answers.iter().zip(&ours.answers))
            .filter(|(a, b)| a.total != b.total)
            .count();
        if differ > 0 {
            let _ = writeln!(
                out,
                "warning: over HTTP {differ} searches matched other counts: not the same board?"
            );
        }
    }
    for e in engines {
        let short = e
            .answers
            .iter()
            .filter(|a| a.hits as u64 != a.total.min(PAGE as u64))
            .count();
        if short > 0 {
            let _ = writeln!(
                out,
                "{}: {short} answers held fewer hits than a page",
                e.engine
            );
        }
    }
    let _ = writeln!(
        out,
        "\nper search: postings matched / facet values listed / median ms over the rounds"
    );
    let _ = write!(out, "{:<42}", "search");
    for e in engines {
        let _ = write!(out, " {:>26}", e.engine);
    }
    out.push('\n');
    for (i, query) in queries.iter().enumerate() {
        let _ = write!(out, "{:<42}", query.label);
        for e in engines {
            let answer = &e.answers[i];
            let cell = format!(
                "{} / {} / {:.2}",
                answer.total,
                answer.facet_values(),
                e.median_us[i] as f64 / 1000.0
            );
            let _ = write!(out, " {cell:>26}");
        }
        out.push('\n');
    }
    out
}

pub fn json(postings: u64, rounds: u32, engines: &[Measured], queries: &[Query]) -> String {
    let engines: Vec<serde_json::Value> = engines
        .iter()
        .map(|e| {
            serde_json::json!({
                "engine": e.engine,
                "p50_ms": e.ms(0.50),
                "p99_ms": e.ms(0.99),
                "max_ms": e.max_ms(),
                "searches": e.latency.len(),
                "matched": e.answers.iter().map(|a| a.total).collect::<Vec<_>>(),
                "page": e.answers.iter().map(|a| a.hits).collect::<Vec<_>>(),
            })
        })
        .collect();
    let searches: Vec<&str> = queries.iter().map(|q| q.label).collect();
    serde_json::json!({
        "postings": postings,
        "rounds": rounds,
        "searches": searches,
        "engines": engines,
    })
    .to_string()
}
