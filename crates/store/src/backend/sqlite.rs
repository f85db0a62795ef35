//! SQLite, the embedded default: WAL mode, a connection pool, and `BEGIN IMMEDIATE` for every
//! write transaction so concurrent writers queue on the lock instead of failing when a read
//! transaction tries to upgrade. Times are INTEGER microseconds (UTC), dates TEXT
//! `YYYY-MM-DD`: both sort and compare correctly.

use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sqlx::QueryBuilder;

use crate::records::ConnectOptions;
use crate::{StoreError, StoreResult};

shared_queries!();

type Db = sqlx::Sqlite;
type DbRow = sqlx::sqlite::SqliteRow;
type Pool = sqlx::SqlitePool;
type Tx = sqlx::Transaction<'static, Db>;
type Backend = SqliteStore;

type Ts = i64;
fn ts(at: DateTime<Utc>) -> Ts {
    at.timestamp_micros()
}
fn from_ts(value: Ts) -> StoreResult<DateTime<Utc>> {
    DateTime::from_timestamp_micros(value)
        .ok_or_else(|| StoreError::Internal(format!("bad timestamp {value}")))
}

type Day = String;
fn day(value: NaiveDate) -> Day {
    value.format("%Y-%m-%d").to_string()
}
fn from_day(value: Day) -> StoreResult<NaiveDate> {
    NaiveDate::parse_from_str(&value, "%Y-%m-%d")
        .map_err(|_| StoreError::Internal(format!("bad date {value:?}")))
}

async fn begin_write(pool: &Pool) -> StoreResult<Tx> {
    Ok(pool.begin_with("BEGIN IMMEDIATE").await?)
}

async fn insert_id(tx: &mut Tx, mut sql: QueryBuilder<'_, Db>) -> StoreResult<i64> {
    let (id,): (i64,) = sql
        .push(" RETURNING id")
        .build_query_as()
        .fetch_one(&mut **tx)
        .await?;
    Ok(id)
}

/// The unary `+` keeps SQLite from choosing the expiry index for the valid-through range:
/// walking a listing index in (posted_at, job_code) order and stopping after one page is far
/// cheaper than collecting every unexpired posting and sorting them.
const UNINDEXED_VALID_THROUGH: &str = "+p.valid_through";

/// SQLite has one writer at a time, so a write transaction already owns every row.
const SKIP_LOCKED: &str = "";

/// Keyset condition: strictly after (`posted_at`, `job_code`) in newest-first order.
fn push_before(sql: &mut QueryBuilder<'_, Db>, posted_at: Ts, code: i64) {
    sql.push("(p.posted_at, p.job_code) < (")
        .push_bind(posted_at)
        .push(", ")
        .push_bind(code)
        .push(")");
}

/// One writer at a time: every visible event is settled.
const OUTBOX_SETTLED: &str = "";

/// Applications are written one transaction each.
async fn insert_application(
    store: &Backend,
    new: &crate::records::NewApplication,
    event: hireboard_domain::event::Event,
) -> StoreResult<hireboard_domain::ids::ApplicationId> {
    applications::insert_in_transaction(&store.pool, new, event).await
}

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// A SQLite database file.
#[derive(Clone)]
pub struct SqliteStore {
    pool: Pool,
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
            .pragma("temp_store", "memory");
        let pool = super::pool_options::<Db>(options)
            .connect_with(connect)
            .await
            .map_err(|e| StoreError::Config(format!("cannot open the SQLite database: {e}")))?;
        migrate::run(&pool, &MIGRATOR).await?;
        Ok(SqliteStore { pool })
    }
}
