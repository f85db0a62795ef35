//! PostgreSQL: TIMESTAMPTZ and DATE columns, partial indexes for the listing, `SKIP LOCKED`
//! for claiming due postings, a statement timeout on every connection.

use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::postgres::PgConnectOptions;
use sqlx::QueryBuilder;

use super::{connect_error, SpawnedTransactions, STATEMENT_TIMEOUT_MS};
use crate::records::ConnectOptions;
use crate::{StoreError, StoreResult};

shared_queries!();

mod application_batches;
use application_batches::ApplicationBatches;

type Db = sqlx::Postgres;
type DbRow = sqlx::postgres::PgRow;
type Pool = sqlx::PgPool;
type Writer = SpawnedTransactions<Db>;
type Conn = sqlx::PgConnection;
type Backend = PgStore;

type Ts = DateTime<Utc>;
fn ts(at: DateTime<Utc>) -> Ts {
    at
}
fn from_ts(value: Ts) -> StoreResult<DateTime<Utc>> {
    Ok(value)
}

type Day = NaiveDate;
fn day(value: NaiveDate) -> Day {
    value
}
fn from_day(value: Day) -> StoreResult<NaiveDate> {
    Ok(value)
}

async fn insert_id(conn: &mut Conn, mut sql: QueryBuilder<'_, Db>) -> StoreResult<i64> {
    let (id,): (i64,) = sql
        .push(" RETURNING id")
        .build_query_as()
        .fetch_one(&mut *conn)
        .await?;
    Ok(id)
}

const UNINDEXED_VALID_THROUGH: &str = "p.valid_through";

/// Sweepers on several instances each take rows no other sweeper holds.
const SKIP_LOCKED: &str = " FOR UPDATE SKIP LOCKED";
/// Serializes writers that decide from what they read (reports counting toward a threshold).
const FOR_UPDATE: &str = " FOR UPDATE";
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
const BUMP_SEQUENCES: &str = " ON CONFLICT (aggregate, aggregate_key) DO UPDATE SET next_sequence = event_sequences.next_sequence + EXCLUDED.next_sequence - 1";
/// What the upsert returns: each key with its next free number.
const SEQUENCES_RETURNING: Option<&str> =
    Some(" RETURNING aggregate, aggregate_key, next_sequence");

/// Applications still queued for a batch are written before the store closes.
async fn close(store: &Backend) {
    store.application_batches.drain().await;
}

/// Applications are written in batches that share one statement (see [`ApplicationBatches`]).
async fn insert_application(
    store: &Backend,
    new: crate::records::NewApplication,
) -> StoreResult<hireboard_domain::ids::ApplicationId> {
    store.application_batches.insert(new).await
}

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// A PostgreSQL database shared by any number of hireboard instances.
#[derive(Clone)]
pub struct PgStore {
    pool: Pool,
    writer: Writer,
    application_batches: ApplicationBatches,
}

impl PgStore {
    pub async fn connect(url: &str, options: &ConnectOptions) -> StoreResult<PgStore> {
        let connect = PgConnectOptions::from_str(url)
            .map_err(|e| StoreError::Config(format!("invalid PostgreSQL URL: {e}")))?
            .options([("statement_timeout", STATEMENT_TIMEOUT_MS.to_string())]);
        let target = format!(
            "PostgreSQL at {}:{} (database {:?})",
            connect.get_host(),
            connect.get_port(),
            connect.get_database().unwrap_or("postgres")
        );
        // One direct connection first: the pool would retry until its timeout and report
        // only that, while the first failure says what is actually wrong.
        let probe = <sqlx::PgConnection as sqlx::Connection>::connect_with(&connect)
            .await
            .map_err(|e| connect_error(&target, e))?;
        sqlx::Connection::close(probe)
            .await
            .map_err(|e| connect_error(&target, e))?;
        let pool = super::pool_options::<Db>(options)
            .connect_with(connect)
            .await
            .map_err(|e| connect_error(&target, e))?;
        migrate::run(&mut *pool.acquire().await?, &MIGRATOR).await?;
        // Half the pool at most writes applications, so reads never wait behind a burst.
        let writer = SpawnedTransactions::new(pool.clone());
        let application_batches = ApplicationBatches::start(
            pool.clone(),
            writer.clone(),
            (options.max_connections as usize / 2).max(1),
        );
        Ok(PgStore {
            pool,
            writer,
            application_batches,
        })
    }
}
