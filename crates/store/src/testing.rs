//! Fresh databases for test suites, on every backend.
//!
//! The SQLite database is a file in a folder the test owns; PostgreSQL and MySQL databases are
//! created under a unique name on the servers named by `HIREBOARD_TEST_POSTGRES_URL` and
//! `HIREBOARD_TEST_MYSQL_URL`, so tests run in parallel without seeing each other's rows.
//! A test that needs one of those servers says so to the harness ([`Backend::server`]), which
//! ignores it when the server is not configured (or fails it, under
//! `HIREBOARD_TEST_REQUIRE_ALL=1`).

use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};
use hireboard_domain::event::Event;
use hireboard_test_harness::Server;
use sqlx::Connection;

use crate::StoreResult;

/// A database engine the store supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
    Mysql,
}

impl Backend {
    pub const ALL: [Backend; 3] = [Backend::Sqlite, Backend::Postgres, Backend::Mysql];

    /// The backend the application tests run on: `HIREBOARD_TEST_DATABASE` (default sqlite).
    pub fn from_env() -> Backend {
        match std::env::var("HIREBOARD_TEST_DATABASE").as_deref() {
            Ok("postgres") => Backend::Postgres,
            Ok("mysql") => Backend::Mysql,
            Ok("sqlite") | Err(_) => Backend::Sqlite,
            Ok(other) => panic!("HIREBOARD_TEST_DATABASE={other:?}: use sqlite, postgres or mysql"),
        }
    }

    /// The backend a database URL made by [`fresh_database`] is on.
    pub fn of_url(url: &str) -> Backend {
        match url.split(':').next() {
            Some("sqlite") => Backend::Sqlite,
            Some("postgres") => Backend::Postgres,
            _ => Backend::Mysql,
        }
    }

    /// The name tests are filed under: `sqlite`, `postgres` or `mysql`.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
            Backend::Mysql => "mysql",
        }
    }

    /// The server this backend's databases live on; SQLite needs none.
    pub fn server(self) -> Option<Server> {
        match self {
            Backend::Sqlite => None,
            Backend::Postgres => Some(Server::Postgres),
            Backend::Mysql => Some(Server::Mysql),
        }
    }
}

static SEQUENCE: AtomicU64 = AtomicU64::new(0);

/// The URL of a new, empty database on `backend` (SQLite files go in `dir`). Panics when the
/// backend's server is not configured (see [`Server::url`]).
pub async fn fresh_database(backend: Backend, dir: &std::path::Path) -> String {
    let Some(server) = backend.server() else {
        return format!("sqlite://{}/hireboard.db", dir.display());
    };
    let (var, server) = (server.url_var(), server.url());
    let name = format!(
        "hbtest_{}_{}_{}",
        std::process::id(),
        SEQUENCE.fetch_add(1, Ordering::Relaxed),
        chrono::Utc::now().timestamp_micros() % 1_000_000_000
    );
    let created = match backend {
        Backend::Postgres => create(sqlx::PgConnection::connect(&server).await, &name).await,
        Backend::Mysql => create(sqlx::MySqlConnection::connect(&server).await, &name).await,
        Backend::Sqlite => unreachable!("SQLite needs no server"),
    };
    if let Err(error) = created {
        panic!("cannot create test database {name} on the server of {var}: {error}");
    }
    with_database(&server, &name)
}

async fn create<C: Connection>(
    connection: Result<C, sqlx::Error>,
    name: &str,
) -> Result<(), sqlx::Error>
where
    for<'c> &'c mut C: sqlx::Executor<'c>,
{
    let mut connection = connection?;
    // The name is generated above from digits and underscores only.
    sqlx::Executor::execute(&mut connection, format!("CREATE DATABASE {name}").as_str()).await?;
    connection.close().await
}

/// `url` with its database name replaced by `name` (query parameters kept).
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (url, String::new()),
    };
    let authority_end = base.find("://").map_or(0, |i| i + 3);
    let server = match base[authority_end..].find('/') {
        Some(slash) => &base[..authority_end + slash],
        None => base,
    };
    format!("{server}/{name}{query}")
}

/// Writes events to a database through the store's own outbox SQL, on connections of its own:
/// for tests that need a writing transaction held open, which no store method does.
pub enum EventWriter {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
    Mysql(sqlx::MySqlPool),
}

impl EventWriter {
    pub async fn connect(url: &str) -> StoreResult<EventWriter> {
        fn pool<DB: sqlx::Database>() -> sqlx::pool::PoolOptions<DB> {
            sqlx::pool::PoolOptions::new().max_connections(16)
        }
        Ok(match url.split(':').next() {
            Some("sqlite") => {
                // Waits for the write lock as long as another of its transactions may hold
                // it in a test (the store's own connections give up after 5 s).
                let options = sqlx::sqlite::SqliteConnectOptions::from_str(url)?
                    .synchronous(sqlx::sqlite::SqliteSynchronous::Normal)
                    .busy_timeout(Duration::from_secs(60));
                EventWriter::Sqlite(pool().connect_with(options).await?)
            }
            Some("postgres" | "postgresql") => EventWriter::Postgres(pool().connect(url).await?),
            _ => EventWriter::Mysql(pool().connect(url).await?),
        })
    }

    /// Records `events` in one transaction that stays open for `hold` before it commits.
    pub async fn write(
        &self,
        events: &[Event],
        now: DateTime<Utc>,
        hold: Duration,
    ) -> StoreResult<()> {
        macro_rules! held {
            ($pool:expr, $backend:ident) => {{
                let mut tx = $pool.begin().await?;
                crate::backend::$backend::events::record_events(&mut tx, events, now).await?;
                tokio::time::sleep(hold).await;
                tx.commit().await?;
            }};
        }
        match self {
            EventWriter::Sqlite(pool) => held!(pool, sqlite),
            EventWriter::Postgres(pool) => held!(pool, postgres),
            EventWriter::Mysql(pool) => held!(pool, mysql),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_database_name() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432/postgres", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            with_database("mysql://root@127.0.0.1:3306", "x"),
            "mysql://root@127.0.0.1:3306/x"
        );
        assert_eq!(
            with_database("postgres://u:p@h/db?sslmode=disable", "x"),
            "postgres://u:p@h/x?sslmode=disable"
        );
    }
}
