//! Conversions between SQLite rows and domain values.

use chrono::{DateTime, NaiveDate, Utc};
use hireboard_domain::account::{Account, AccountStatus, Email, Role};
use hireboard_domain::ids::*;
use sqlx::sqlite::{SqlitePool, SqliteRow};
use sqlx::Row;

use crate::records::OutboxRecord;
use crate::{StoreError, StoreResult};

pub fn micros(at: DateTime<Utc>) -> i64 {
    at.timestamp_micros()
}

pub fn from_micros(value: i64) -> StoreResult<DateTime<Utc>> {
    DateTime::from_timestamp_micros(value)
        .ok_or_else(|| StoreError::Internal(format!("bad timestamp {value}")))
}

pub fn date(value: NaiveDate) -> String {
    value.format("%Y-%m-%d").to_string()
}

pub fn parse_date(value: &str) -> StoreResult<NaiveDate> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map_err(|_| StoreError::Internal(format!("bad date {value:?}")))
}

/// Parses a stored enum value; a value the code does not know means the data is corrupt.
pub fn stored<T>(value: &str, parse: impl FnOnce(&str) -> Option<T>) -> StoreResult<T> {
    parse(value).ok_or_else(|| StoreError::Internal(format!("unknown stored value {value:?}")))
}

pub const ACCOUNT_COLUMNS: &str =
    "a.id, a.email, a.display_name, a.role, a.status, a.company_id, a.created_at";

pub fn account(row: &SqliteRow) -> StoreResult<Account> {
    Ok(Account {
        id: AccountId(row.try_get("id")?),
        email: Email::from_trusted(row.try_get("email")?),
        display_name: row.try_get("display_name")?,
        role: stored(row.try_get("role")?, Role::from_db)?,
        status: stored(row.try_get("status")?, AccountStatus::from_db)?,
        company_id: row.try_get::<Option<i64>, _>("company_id")?.map(CompanyId),
        created_at: from_micros(row.try_get("created_at")?)?,
    })
}

pub async fn outbox_after(
    pool: &SqlitePool,
    position: i64,
    limit: u32,
) -> StoreResult<Vec<OutboxRecord>> {
    let rows = sqlx::query("SELECT id, kind, aggregate, key, payload, created_at FROM outbox WHERE id > ? ORDER BY id LIMIT ?")
        .bind(position)
        .bind(limit)
        .fetch_all(pool)
        .await?;
    rows.iter()
        .map(|row| {
            Ok(OutboxRecord {
                position: row.try_get("id")?,
                kind: row.try_get("kind")?,
                aggregate: row.try_get("aggregate")?,
                key: row.try_get("key")?,
                payload: serde_json::from_str(row.try_get("payload")?)?,
                created_at: from_micros(row.try_get("created_at")?)?,
            })
        })
        .collect()
}
