//! Timing one engine: one client sending the rotation one search after another, a warm-up
//! round first (unmeasured: it fills caches and prepares statements), then a fixed number
//! of measured rounds. Every search is timed from the call to the decoded answer.

use std::time::Instant;

use hdrhistogram::Histogram;

use crate::answer::Answer;
use crate::hireboard::Board;
use crate::http::Http;
use crate::postgres::Postgres;
use crate::query::Query;
use crate::sqlite::Sqlite;

pub enum Engine {
    Hireboard(Board),
    Http(Http),
    Postgres(Postgres),
    Sqlite(Sqlite),
}

impl Engine {
    pub fn name(&self) -> &'static str {
        match self {
            Engine::Hireboard(_) => "hireboard (in process)",
            Engine::Http(_) => "hireboard over HTTP",
            Engine::Postgres(_) => "PostgreSQL FTS",
            Engine::Sqlite(_) => "SQLite FTS5",
        }
    }

    /// The target: how many times this engine's p99 must be hireboard's.
    fn target(&self) -> Option<f64> {
        match self {
            Engine::Hireboard(_) | Engine::Http(_) => None,
            Engine::Postgres(_) => Some(30.0),
            Engine::Sqlite(_) => Some(3.0),
        }
    }

    async fn search(&mut self, query: &Query) -> anyhow::Result<Answer> {
        match self {
            Engine::Hireboard(board) => board.search(query).await,
            Engine::Http(http) => http.search(query).await,
            Engine::Postgres(pg) => pg.search(query).await,
            Engine::Sqlite(lite) => lite.search(query).await,
        }
    }
}

/// One engine's figures.
pub struct Measured {
    pub engine: &'static str,
    /// How many times hireboard's p99 this engine's must be, if the issue says.
    pub target: Option<f64>,
    pub over_http: bool,
    /// Microseconds, every measured search.
    pub latency: Histogram<u64>,
    /// Per search of the rotation: its median over the rounds, in microseconds.
    pub median_us: Vec<u64>,
    /// Per search: what the last round found.
    pub answers: Vec<Answer>,
}

impl Measured {
    pub fn ms(&self, quantile: f64) -> f64 {
        self.latency.value_at_quantile(quantile) as f64 / 1000.0
    }

    pub fn max_ms(&self) -> f64 {
        self.latency.max() as f64 / 1000.0
    }
}

pub async fn run(engine: &mut Engine, queries: &[Query], rounds: u32) -> anyhow::Result<Measured> {
    for query in queries {
        engine.search(query).await?;
    }
    let mut latency = Histogram::<u64>::new_with_bounds(1, 600_000_000, 3)?;
    let mut per_query: Vec<Vec<u64>> = vec![Vec::new(); queries.len()];
    let mut answers = Vec::new();
    for round in 0..rounds {
        for (i, query) in queries.iter().enumerate() {
            let started = Instant::now();
            let answer = engine.search(query).await?;
            let us = (started.elapsed().as_micros() as u64).max(1);
            latency.record(us)?;
            per_query[i].push(us);
            if round + 1 == rounds {
                answers.push(answer);
            }
        }
    }
    let median_us = per_query
        .into_iter()
        .map(|mut times| {
            times.sort_unstable();
            times[times.len() / 2]
        })
        .collect();
    Ok(Measured {
        engine: engine.name(),
        target: engine.target(),
        over_http: matches!(engine, Engine::Http(_)),
        latency,
        median_us,
        answers,
    })
}
