//! Direct access to an application's database, for tests that look at what the API cannot
//! show (open transactions, rows against their outbox events, idempotency claims).

use std::str::FromStr;
use std::time::Duration;

/// A connection pool on one of the three backends.
pub enum Database {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
    Mysql(sqlx::MySqlPool),
}

impl Database {
    pub async fn open(url: &str) -> Database {
        if url.starts_with("sqlite:") {
            // No waiting on a busy database: if anything holds the write lock, this fails.
            let options = sqlx::sqlite::SqliteConnectOptions::from_str(url)
                .expect("SQLite URL")
                .busy_timeout(Duration::ZERO);
            Database::Sqlite(
                sqlx::SqlitePool::connect_with(options)
                    .await
                    .expect("SQLite"),
            )
        } else if url.starts_with("postgres") {
            Database::Postgres(sqlx::PgPool::connect(url).await.expect("PostgreSQL"))
        } else {
            Database::Mysql(sqlx::MySqlPool::connect(url).await.expect("MySQL"))
        }
    }

    pub async fn count(&self, sql: &str) -> i64 {
        match self {
            Database::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
            Database::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
            Database::Mysql(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
        }
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }
}

/// A connection holding what every write of the application needs: on SQLite the write lock,
/// elsewhere the lock on the one row that the readiness probe writes.
pub enum HeldWrites {
    Sqlite(sqlx::pool::PoolConnection<sqlx::Sqlite>),
    Postgres(sqlx::pool::PoolConnection<sqlx::Postgres>),
    Mysql(sqlx::pool::PoolConnection<sqlx::MySql>),
}

const LOCK_PROBE_ROW: &str = "SELECT id FROM deployment WHERE id = 1 FOR UPDATE";

impl Database {
    pub async fn hold_writes(&self) -> HeldWrites {
        match self {
            Database::Sqlite(pool) => {
                let mut connection = pool.acquire().await.expect("connection");
                // The application's own writer may hold the lock a moment (its background
                // work writes too): wait for it as a writer would.
                let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
                while let Err(error) = sqlx::query("BEGIN IMMEDIATE")
                    .execute(&mut *connection)
                    .await
                {
                    assert!(
                        tokio::time::Instant::now() < deadline,
                        "write lock: {error}"
                    );
                    tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                }
                HeldWrites::Sqlite(connection)
            }
            Database::Postgres(pool) => {
                let mut connection = pool.acquire().await.expect("connection");
                for statement in ["BEGIN", LOCK_PROBE_ROW] {
                    sqlx::query(statement)
                        .execute(&mut *connection)
                        .await
                        .expect(statement);
                }
                HeldWrites::Postgres(connection)
            }
            Database::Mysql(pool) => {
                let mut connection = pool.acquire().await.expect("connection");
                for statement in ["BEGIN", LOCK_PROBE_ROW] {
                    sqlx::query(statement)
                        .execute(&mut *connection)
                        .await
                        .expect(statement);
                }
                HeldWrites::Mysql(connection)
            }
        }
    }
}

impl HeldWrites {
    pub async fn release(self) {
        match self {
            HeldWrites::Sqlite(mut connection) => sqlx::query("ROLLBACK")
                .execute(&mut *connection)
                .await
                .map(drop),
            HeldWrites::Postgres(mut connection) => sqlx::query("ROLLBACK")
                .execute(&mut *connection)
                .await
                .map(drop),
            HeldWrites::Mysql(mut connection) => sqlx::query("ROLLBACK")
                .execute(&mut *connection)
                .await
                .map(drop),
        }
        .expect("rollback");
    }
}
