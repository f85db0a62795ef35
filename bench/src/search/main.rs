//! `hireboard-search-bench`: hireboard's search against PostgreSQL full-text search and
//! SQLite FTS5 on the same postings, in one run.
//!
//! The three engines answer the rotation of 42 searches of `hireboard-bench --scenario
//! search` (`searches.rs`), each answer the top 20 by rank and all ten facets counted over
//! every match, with the same filters: hireboard in process through its service
//! (`Hireboard::list_postings`, what `GET /api/v1/jobs` calls), PostgreSQL with a weighted
//! `tsvector`, a GIN index, `websearch_to_tsquery` and `ts_rank`, SQLite with FTS5 and
//! `bm25`. One client, one engine after another, a warm-up round then `--rounds` measured
//! rounds; it prints p50, p99 and max side by side, the ratios against the targets
//! and how many postings each engine matched per search. With `--http`, the same searches
//! are also timed over HTTP on a server of the same board, for the HTTP p50 beside the
//! in-process one.
//!
//! The postings are loaded into PostgreSQL (database `hireboard_fts_bench`) and SQLite once
//! and reused while the postings file is unchanged; hireboard's board comes from
//! `hireboard import FILE --data-dir DIR` and `hireboard reindex --data-dir DIR`.
//!
//!   cargo build --release -p hireboard-bench --bin hireboard-search-bench
//!   target/release/hireboard-search-bench --postings FILE --data-dir DIR --rounds 5
//!   target/release/hireboard-search-bench --only-hireboard --data-dir DIR --http URL

mod answer;
mod corpus;
mod hireboard;
mod http;
mod load;
mod measure;
mod postgres;
mod postgres_load;
mod query;
mod report;
#[path = "../searches.rs"]
mod searches;
mod sql;
mod sqlite;
mod sqlite_load;

use std::path::PathBuf;

use clap::Parser;

use measure::Engine;
use query::Query;

/// Compare hireboard's search with PostgreSQL FTS and SQLite FTS5 on the same postings.
#[derive(Debug, Parser)]
#[command(name = "hireboard-search-bench", about)]
struct Args {
    /// The postings, as JSON Lines from `hireboard generate` (the file the board imported).
    #[arg(long, required_unless_present = "only_hireboard")]
    postings: Option<PathBuf>,
    /// hireboard's data folder, imported from the same file and reindexed.
    #[arg(long)]
    data_dir: PathBuf,
    /// PostgreSQL server URL without a database; loopback only.
    #[arg(
        long,
        env = "BENCH_POSTGRES_ADMIN_URL",
        default_value = "postgres://postgres@127.0.0.1:5432"
    )]
    postgres: String,
    /// The SQLite FTS5 database (default: `fts5-bench.db` beside the postings file).
    #[arg(long)]
    sqlite: Option<PathBuf>,
    /// Also time the searches over HTTP on this server (loopback only), which must serve the
    /// same board from a search folder of its own: `HIREBOARD_SEARCH__DIR=OTHER hireboard
    /// serve --data-dir DIR`.
    #[arg(long)]
    http: Option<String>,
    /// Time hireboard alone (in process, and over HTTP with `--http`): the SQL engines are
    /// neither loaded nor run, so a run takes a minute rather than the SQL engines' many.
    #[arg(long)]
    only_hireboard: bool,
    /// Measured rounds of the 42 searches per engine, after one warm-up round.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=50))]
    rounds: u32,
}

// The `hireboard` binary's allocator: the in-process searches allocate as the server's do.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let server = postgres::server(&args.postgres)?;
    let queries = searches::SEARCHES
        .into_iter()
        .map(Query::parse)
        .collect::<anyhow::Result<Vec<_>>>()?;
    let board = hireboard::Board::open(&args.data_dir).await?;
    let http = match &args.http {
        Some(base) => Some(http::Http::connect(base).await?),
        None => None,
    };
    let sql_engines = match (&args.postings, args.only_hireboard) {
        (Some(file), false) => {
            let sqlite_file = args.sqlite.clone().unwrap_or_else(|| {
                file.parent()
                    .unwrap_or(std::path::Path::new("."))
                    .join("fts5-bench.db")
            });
            let mut pg = postgres::Postgres::open(server).await?;
            let mut lite = sqlite::Sqlite::open(&sqlite_file).await?;
            let postings = load::prepare(file, &mut pg, &mut lite).await?;
            if board.indexed != postings {
                eprintln!(
                    "warning: hireboard's index holds {} postings, the SQL engines {postings}: \
                     was the board imported from another file?",
                    board.indexed
                );
            }
            Some((postings, [Engine::Postgres(pg), Engine::Sqlite(lite)]))
        }
        _ => None,
    };
    let postings = sql_engines
        .as_ref()
        .map_or(board.indexed, |(postings, _)| *postings);

    let context = format!(
        "{postings} postings (hireboard's index: {}); {} rounds x {} searches per engine after \
         a warm-up round, one client; every answer the top 20 by rank and all ten facets\n\
         load average before: {}",
        board.indexed,
        args.rounds,
        queries.len(),
        load_average()
    );
    eprintln!("{context}");
    let mut engines = vec![Engine::Hireboard(board)];
    engines.extend(http.map(Engine::Http));
    engines.extend(sql_engines.into_iter().flat_map(|(_, sql)| sql));
    let mut measured = Vec::new();
    for mut engine in engines {
        eprintln!("measuring {}", engine.name());
        measured.push(measure::run(&mut engine, &queries, args.rounds).await?);
    }
    let context = format!("{context}; after: {}", load_average());
    print!("{}", report::render(&context, &measured, &queries));
    println!(
        "RESULT_JSON {}",
        report::json(postings, args.rounds, &measured, &queries)
    );
    Ok(())
}

/// The machine's load average, since other work on it skews the figures.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|_| "unknown".to_owned())
}
