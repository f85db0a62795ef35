//! The SQL backends. Each one defines what differs (types of times and dates, how a write
//! transaction begins, how an insert returns its id, planner hints, row locking) and compiles
//! the shared query modules of `../sql/` against its own driver.

/// Declares, inside a backend's module, the query modules shared by every backend
/// (`../sql/*.rs`), which then resolve `super::Db`, `super::ts`, ... to that backend's.
macro_rules! shared_queries {
    () => {
        #[path = "../sql/accounts.rs"]
        mod accounts;
        #[path = "../sql/applications.rs"]
        mod applications;
        #[path = "../sql/common.rs"]
        mod common;
        #[path = "../sql/companies.rs"]
        mod companies;
        #[path = "../sql/consumers.rs"]
        mod consumers;
        #[path = "../sql/events.rs"]
        pub(crate) mod events;
        #[path = "../sql/idempotency.rs"]
        mod idempotency;
        #[path = "../sql/import.rs"]
        mod import;
        #[path = "../sql/invitations.rs"]
        mod invitations;
        #[path = "../sql/listing.rs"]
        mod listing;
        #[path = "../sql/migrate.rs"]
        mod migrate;
        #[path = "../sql/pipeline.rs"]
        mod pipeline;
        #[path = "../sql/postings.rs"]
        mod postings;
        #[path = "../sql/questions.rs"]
        mod questions;
        #[path = "../sql/reports.rs"]
        mod reports;
        #[path = "../sql/store.rs"]
        mod store;
    };
}

pub mod mysql;
pub mod postgres;
pub mod sqlite;

use std::future::Future;
use std::pin::Pin;

use crate::{StoreError, StoreResult};

/// The future of one transaction's work on a connection.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Runs each write transaction in a task of its own on a pooled connection (PostgreSQL and
/// MySQL). A request whose future is dropped at any await point then only stops waiting for
/// the answer: the transaction still commits or rolls back in full, and its connection goes
/// back to the pool outside any transaction.
pub struct SpawnedTransactions<DB: sqlx::Database> {
    pool: sqlx::Pool<DB>,
}

impl<DB: sqlx::Database> Clone for SpawnedTransactions<DB> {
    fn clone(&self) -> Self {
        SpawnedTransactions {
            pool: self.pool.clone(),
        }
    }
}

impl<DB: sqlx::Database> SpawnedTransactions<DB> {
    pub fn new(pool: sqlx::Pool<DB>) -> Self {
        SpawnedTransactions { pool }
    }

    /// Runs `work` in one transaction: committed if it succeeds, rolled back if it fails.
    pub async fn run<T, W>(&self, work: W) -> StoreResult<T>
    where
        T: Send + 'static,
        W: for<'c> FnOnce(&'c mut DB::Connection) -> BoxFuture<'c, StoreResult<T>> + Send + 'static,
        for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
    {
        self.run_after(None, work).await
    }

    /// As [`SpawnedTransactions::run`], with `before` (such as the transaction's isolation
    /// level) executed on the connection just before the transaction begins.
    pub async fn run_after<T, W>(&self, before: Option<&'static str>, work: W) -> StoreResult<T>
    where
        T: Send + 'static,
        W: for<'c> FnOnce(&'c mut DB::Connection) -> BoxFuture<'c, StoreResult<T>> + Send + 'static,
        for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
    {
        let pool = self.pool.clone();
        tokio::spawn(async move {
            let mut conn = pool.acquire().await?;
            if let Some(before) = before {
                sqlx::Executor::execute(&mut *conn, before).await?;
            }
            // The transaction owns the connection, as `Pool::begin`'s does.
            let mut tx = sqlx::Transaction::begin(conn, None).await?;
            match work(&mut tx).await {
                Ok(value) => {
                    tx.commit().await?;
                    Ok(value)
                }
                Err(error) => {
                    // A failed rollback closes the connection instead of returning it.
                    let _ = tx.rollback().await;
                    Err(error)
                }
            }
        })
        .await
        .map_err(|e| StoreError::internal(format!("a write transaction's task failed: {e}")))?
    }
}

/// How long any single statement may run before the database cancels it.
pub const STATEMENT_TIMEOUT_MS: u64 = 5_000;

/// A pooled connection idle longer than this is pinged before use.
const IDLE_BEFORE_PING: std::time::Duration = std::time::Duration::from_secs(30);

/// Pool settings every backend shares. sqlx pings each connection as it goes back to the
/// pool; its default second ping when a connection is taken out again would add a round trip
/// to every statement, so only connections that sat idle (and may have been cut) get one.
fn pool_options<DB: sqlx::Database>(
    options: &crate::records::ConnectOptions,
) -> sqlx::pool::PoolOptions<DB> {
    sqlx::pool::PoolOptions::new()
        .max_connections(options.max_connections)
        .acquire_timeout(options.acquire_timeout)
        .test_before_acquire(false)
        .before_acquire(|connection, meta| {
            Box::pin(async move {
                if meta.idle_for > IDLE_BEFORE_PING {
                    sqlx::Connection::ping(connection).await?;
                }
                Ok(true)
            })
        })
}

/// One line saying why the database could not be reached and what to do about it.
fn connect_error(target: &str, error: sqlx::Error) -> crate::StoreError {
    let advice = match &error {
        sqlx::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            "connection refused: is the server running, and is the host and port in HIREBOARD_DATABASE__URL right?".to_owned()
        }
        sqlx::Error::Io(io) => format!("network error ({io}): check the host and port in HIREBOARD_DATABASE__URL"),
        sqlx::Error::PoolTimedOut => "timed out connecting: is the server reachable from here?".to_owned(),
        sqlx::Error::Tls(tls) => format!("TLS failed ({tls}): check the sslmode/ssl-mode in HIREBOARD_DATABASE__URL"),
        sqlx::Error::Database(db) if db.message().contains("Unknown database") => {
            "the database does not exist: create it (CREATE DATABASE NAME) or fix its name in HIREBOARD_DATABASE__URL".to_owned()
        }
        sqlx::Error::Database(db) => match db.code().as_deref() {
            Some("28P01" | "28000") => {
                "the server refused the user name or password in HIREBOARD_DATABASE__URL".to_owned()
            }
            Some("3D000") => {
                "the database does not exist: create it (createdb NAME, or CREATE DATABASE NAME) or fix its name in HIREBOARD_DATABASE__URL".to_owned()
            }
            _ => format!("the server refused the connection: {}", db.message()),
        },
        other => format!("{other}"),
    };
    crate::StoreError::Config(format!("cannot connect to {target}: {advice}"))
}
