//! Schema migrations, refusing a database that a newer binary migrated.

use sqlx::migrate::Migrator;
use sqlx::{QueryBuilder, Row};

use super::{Conn, Db};
use crate::{StoreError, StoreResult};

pub async fn run(conn: &mut Conn, migrator: &Migrator) -> StoreResult<()> {
    let known: std::collections::HashSet<i64> = migrator.iter().map(|m| m.version).collect();
    // The table is missing on a fresh database; that is the same as no migrations applied.
    let applied = QueryBuilder::<Db>::new("SELECT version FROM _sqlx_migrations")
        .build()
        .fetch_all(&mut *conn)
        .await
        .unwrap_or_default();
    for row in applied {
        let version: i64 = row.try_get("version")?;
        if !known.contains(&version) {
            return Err(StoreError::Config(format!(
                "the database has migration {version}, which this hireboard binary does not know; upgrade hireboard"
            )));
        }
    }
    migrator
        .run(conn)
        .await
        .map_err(|e| StoreError::Config(format!("database migrations failed: {e}")))
}
