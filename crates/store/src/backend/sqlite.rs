//! SQLite, the embedded default: WAL mode, a pool of connections for reads, and one writer
//! task that owns the only connection that writes ([`writer`]). Times are INTEGER
//! microseconds (UTC), dates TEXT `YYYY-MM-DD`: both sort and compare correctly.

use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sqlx::{Connection, QueryBuilder};

use crate::records::ConnectOptions;
use crate::{StoreError, StoreResult};

shared_queries!();

pub(super) mod writer;
use writer::Writer;

type Db = sqlx::Sqlite;
type DbRow = sqlx::sqlite::SqliteRow;
type Pool = sqlx::SqlitePool;
type Conn = sqlx::SqliteConnection;
type Backend = SqliteStore;

type Ts = i64;
fn ts(at: DateTime<Utc>) -> Ts {
    at.timestamp_micros()
}
fn from_ts(value: Ts) -> StoreResult<DateTime<Utc>> {
    DateTime::from_timestamp_micros(value)
        .ok_or_else(|| StoreError::internal(format!("bad timestamp {value}")))
}

type Day = String;
fn day(value: NaiveDate) -> Day {
    value.format("%Y-%m-%d").to_string()
}
fn from_day(value: Day) -> StoreResult<NaiveDate> {
    NaiveDate::parse_from_str(&value, "%Y-%m-%d")
        .map_err(|_| StoreError::internal(format!("bad date {value:?}")))
}

async fn insert_id(conn: &mut Conn, mut sql: QueryBuilder<'_, Db>) -> StoreResult<i64> {
    let (id,): (i64,) = sql
        .push(" RETURNING id")
        .build_query_as()
        .fetch_one(&mut *conn)
        .await?;
    Ok(id)
}

/// The unary `+` keeps SQLite from choosing the expiry index for the valid-through range:
/// walking a listing index in (posted_at, job_code) order and stopping after one page is far
/// cheaper than collecting every unexpired posting and sorting them.
const UNINDEXED_VALID_THROUGH: &str = "+p.valid_through";

/// SQLite has one writer at a time, so a write transaction already owns every row.
const SKIP_LOCKED: &str = "";
const FOR_UPDATE: &str = "";
/// An insert that does nothing when a unique key already holds the row (no error, which on
/// PostgreSQL would end the transaction).
const INSERT_OR_IGNORE: &str = "INSERT";
const ON_CONFLICT_IGNORE: &str = " ON CONFLICT DO NOTHING";

/// The external reference of a posting, as read.
const EXTERNAL_REF_COLUMNS: &str = "p.external_source, p.external_id";

/// Keyset condition: strictly after (`first`, `second`) in newest-first order of `columns`.
fn push_before(sql: &mut QueryBuilder<'_, Db>, columns: [&str; 2], first: Ts, second: i64) {
    sql.push(format!("({}, {}) < (", columns[0], columns[1]))
        .push_bind(first)
        .push(", ")
        .push_bind(second)
        .push(")");
}

/// A sequencer pass (see `crate::events`), as any other write.
async fn sequencer_transaction(store: &Backend, limit: u32) -> StoreResult<u32> {
    store
        .writer
        .run(move |conn| Box::pin(events::sequence_pass(conn, limit)))
        .await
}

/// How the sequence upsert (see `crate::events`) moves an existing key's row on by the
/// numbers taken (the inserted row's value is one more than that count).
const BUMP_SEQUENCES: &str = " ON CONFLICT (aggregate, aggregate_key) DO UPDATE SET next_sequence = event_sequences.next_sequence + excluded.next_sequence - 1";
/// What the upsert returns: each key with its next free number.
const SEQUENCES_RETURNING: Option<&str> =
    Some(" RETURNING aggregate, aggregate_key, next_sequence");

/// Every SQLite write is answered before its caller goes on: nothing is left to finish.
async fn close(_store: &Backend) {}

/// Applications are written one transaction each (the writer batches transactions).
async fn insert_application(
    store: &Backend,
    new: crate::records::NewApplication,
) -> StoreResult<hireboard_domain::ids::ApplicationId> {
    applications::insert_alone(&store.writer, new).await
}

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// A SQLite database file.
#[derive(Clone)]
pub struct SqliteStore {
    pool: Pool,
    writer: Writer,
}

impl SqliteStore {
    pub async fn connect(url: &str, options: &ConnectOptions) -> StoreResult<SqliteStore> {
        let connect = SqliteConnectOptions::from_str(url)
            .map_err(|e| StoreError::Config(format!("invalid SQLite URL: {e}")))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(std::time::Duration::from_millis(
                super::STATEMENT_TIMEOUT_MS,
            ))
            .pragma("cache_size", "-65536")
            .pragma("temp_store", "memory")
            // Rows wait in a channel until the reading task takes them. At sqlx's default (50)
            // the SQLite thread stalls whenever that task is busy with something else, as the
            // relay is while it publishes: its reads of 500 events took 7-13 ms, and 3-5 ms
            // with room for a whole batch (BENCHMARKS.md, issue 8).
            .row_buffer_size(1024);
        let open_failed = |e| StoreError::Config(format!("cannot open the SQLite database: {e}"));
        let mut writes = Conn::connect_with(&connect).await.map_err(open_failed)?;
        migrate::run(&mut writes, &MIGRATOR).await?;
        let pool = super::pool_options::<Db>(options)
            .connect_with(connect)
            .await
            .map_err(open_failed)?;
        Ok(SqliteStore {
            pool,
            writer: Writer::start(writes),
        })
    }
}
