//! MySQL 8 and MariaDB 10.6+: DATETIME(6) holding UTC and DATE columns, ids from
//! `LAST_INSERT_ID()` (MySQL has no `RETURNING`), `SKIP LOCKED` for claiming due postings, a
//! statement time limit on every connection.

use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::mysql::MySqlConnectOptions;
use sqlx::{Executor, QueryBuilder};

use super::{connect_error, SpawnedTransactions, STATEMENT_TIMEOUT_MS};
use crate::records::ConnectOptions;
use crate::{StoreError, StoreResult};

shared_queries!();

type Db = sqlx::MySql;
type DbRow = sqlx::mysql::MySqlRow;
type Pool = sqlx::MySqlPool;
type Writer = SpawnedTransactions<Db>;
type Conn = sqlx::MySqlConnection;
type Backend = MySqlStore;

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
    let id = sql.build().execute(&mut *conn).await?.last_insert_id();
    i64::try_from(id).map_err(|_| StoreError::internal(format!("insert id {id} out of range")))
}

const UNINDEXED_VALID_THROUGH: &str = "p.valid_through";

/// Sweepers on several instances each take rows no other sweeper holds.
const SKIP_LOCKED: &str = " FOR UPDATE SKIP LOCKED";
/// Serializes writers that decide from what they read (reports counting toward a threshold).
const FOR_UPDATE: &str = " FOR UPDATE";
/// An insert that does nothing when a unique key already holds the row (no error, which on
/// PostgreSQL would end the transaction).
const INSERT_OR_IGNORE: &str = "INSERT IGNORE";
const ON_CONFLICT_IGNORE: &str = "";

/// The external reference of a posting, as read: the id compares case-sensitively
/// (`utf8mb4_bin`), which sqlx would read as bytes, so it is read through a text collation.
const EXTERNAL_REF_COLUMNS: &str =
    "p.external_source, CONVERT(p.external_id USING utf8mb4) AS external_id";

/// Keyset condition, spelled out: MySQL's optimizer uses an index range for this form but
/// not always for a row-value comparison.
fn push_before(sql: &mut QueryBuilder<'_, Db>, columns: [&str; 2], first: Ts, second: i64) {
    let [a, b] = columns;
    sql.push(format!("({a} < "))
        .push_bind(first)
        .push(format!(" OR ({a} = "))
        .push_bind(first)
        .push(format!(" AND {b} < "))
        .push_bind(second)
        .push("))");
}

/// A sequencer pass (see `crate::events`) in READ COMMITTED: under REPEATABLE READ its scan
/// for unsequenced rows gap-locks the end of the outbox, so a writer's insert waits for the
/// pass while the pass's UPDATE waits for that writer's new row: a deadlock.
async fn sequencer_transaction(store: &Backend, limit: u32) -> StoreResult<u32> {
    let read_committed = "SET TRANSACTION ISOLATION LEVEL READ COMMITTED";
    store
        .writer
        .run_after(Some(read_committed), move |conn| {
            Box::pin(events::sequence_pass(conn, limit))
        })
        .await
}

/// How the sequence upsert (see `crate::events`) moves an existing key's row on by the
/// numbers taken (the inserted row's value is one more than that count).
const BUMP_SEQUENCES: &str =
    " ON DUPLICATE KEY UPDATE next_sequence = next_sequence + VALUES(next_sequence) - 1";
/// MySQL's upsert returns nothing: the rows, which the transaction now holds, are read again.
const SEQUENCES_RETURNING: Option<&str> = None;

/// Every MySQL write is answered before its caller goes on: nothing is left to finish.
async fn close(_store: &Backend) {}

/// Applications are written one transaction each.
async fn insert_application(
    store: &Backend,
    new: crate::records::NewApplication,
) -> StoreResult<hireboard_domain::ids::ApplicationId> {
    applications::insert_alone(&store.writer, new).await
}

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/mysql");

/// A MySQL or MariaDB database shared by any number of hireboard instances.
#[derive(Clone)]
pub struct MySqlStore {
    pool: Pool,
    writer: Writer,
}

impl MySqlStore {
    pub async fn connect(url: &str, options: &ConnectOptions) -> StoreResult<MySqlStore> {
        let connect = MySqlConnectOptions::from_str(url)
            .map_err(|e| StoreError::Config(format!("invalid MySQL URL: {e}")))?
            .timezone(Some("+00:00".to_owned()));
        let target = format!(
            "MySQL at {}:{} (database {:?})",
            connect.get_host(),
            connect.get_port(),
            connect.get_database().unwrap_or_default()
        );
        // One direct connection first: the pool would retry until its timeout and report
        // only that, while the first failure says what is actually wrong.
        let probe = <sqlx::MySqlConnection as sqlx::Connection>::connect_with(&connect)
            .await
            .map_err(|e| connect_error(&target, e))?;
        sqlx::Connection::close(probe)
            .await
            .map_err(|e| connect_error(&target, e))?;
        let pool = super::pool_options::<Db>(options)
            .after_connect(|connection, _| {
                Box::pin(async move {
                    // MariaDB limits statements in seconds, MySQL (SELECTs only) in milliseconds.
                    let mariadb = format!(
                        "SET SESSION max_statement_time = {}",
                        STATEMENT_TIMEOUT_MS / 1000
                    );
                    if connection.execute(mariadb.as_str()).await.is_err() {
                        connection
                            .execute(
                                format!("SET SESSION max_execution_time = {STATEMENT_TIMEOUT_MS}")
                                    .as_str(),
                            )
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(connect)
            .await
            .map_err(|e| connect_error(&target, e))?;
        migrate::run(&mut *pool.acquire().await?, &MIGRATOR).await?;
        Ok(MySqlStore {
            writer: SpawnedTransactions::new(pool.clone()),
            pool,
        })
    }
}
