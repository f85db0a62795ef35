//! Pieces every query module shares: row conversions and the audit log.
//!
//! This file and its siblings in `sql/` are compiled once per backend (see `backend/`): the
//! names they import from `super` (`Db`, `Ts`, `ts`, `insert_id`, ...) are that backend's.

use chrono::{DateTime, Utc};
use hireboard_domain::account::{Account, AccountStatus, Email, Role};
use hireboard_domain::company::MemberRole;
use hireboard_domain::ids::*;
use sqlx::{QueryBuilder, Row};

use super::{from_ts, ts, Backend, Conn, Db, DbRow, Ts};
use crate::records::Audit;
use crate::{StoreError, StoreResult};

/// Parses a stored enum value; a value the code does not know means the data is corrupt.
pub fn stored<T>(value: &str, parse: impl FnOnce(&str) -> Option<T>) -> StoreResult<T> {
    parse(value).ok_or_else(|| StoreError::internal(format!("unknown stored value {value:?}")))
}

/// A non-negative count or size read back from a BIGINT column.
pub fn small<T: TryFrom<i64>>(value: i64) -> StoreResult<T> {
    T::try_from(value)
        .map_err(|_| StoreError::internal(format!("stored number {value} out of range")))
}

/// A posting's public job code read back from `column`.
pub fn job_code(row: &DbRow, column: &str) -> StoreResult<JobCode> {
    stored_job_code(row.try_get(column)?)
}

/// A job code read back; one out of range means the data is corrupt.
pub fn stored_job_code(value: i64) -> StoreResult<JobCode> {
    JobCode::new(value).map_err(|error| StoreError::internal(format!("stored {error}")))
}

/// A computed integer column, whose width depends on the backend (PostgreSQL types a
/// `CASE ... THEN 1` as INTEGER, a `COUNT(*)` as BIGINT).
pub fn integer(row: &DbRow, column: &str) -> StoreResult<i64> {
    match row.try_get::<i64, _>(column) {
        Ok(value) => Ok(value),
        Err(_) => Ok(i64::from(row.try_get::<i32, _>(column)?)),
    }
}

pub fn timestamp(row: &DbRow, column: &str) -> StoreResult<DateTime<Utc>> {
    from_ts(row.try_get::<Ts, _>(column)?)
}

pub fn optional_timestamp(row: &DbRow, column: &str) -> StoreResult<Option<DateTime<Utc>>> {
    row.try_get::<Option<Ts>, _>(column)?
        .map(from_ts)
        .transpose()
}

pub const ACCOUNT_COLUMNS: &str =
    "a.id, a.email, a.display_name, a.role, a.status, a.company_id, a.company_role, a.created_at";

pub fn account(row: &DbRow) -> StoreResult<Account> {
    Ok(Account {
        id: AccountId(row.try_get("id")?),
        email: Email::from_trusted(row.try_get("email")?),
        display_name: row.try_get("display_name")?,
        role: stored(row.try_get("role")?, Role::from_db)?,
        status: stored(row.try_get("status")?, AccountStatus::from_db)?,
        company_id: row.try_get::<Option<i64>, _>("company_id")?.map(CompanyId),
        company_role: row
            .try_get::<Option<&str>, _>("company_role")?
            .map(|role| stored(role, MemberRole::from_db))
            .transpose()?,
        created_at: timestamp(row, "created_at")?,
    })
}

/// Records who decided what, inside the caller's transaction.
pub async fn record_audit(conn: &mut Conn, audit: &Audit, target: &str) -> StoreResult<()> {
    let mut sql = QueryBuilder::<Db>::new(
        "INSERT INTO audit_log (actor_id, action, target, reason, at) VALUES (",
    );
    let mut values = sql.separated(", ");
    values
        .push_bind(audit.actor.0)
        .push_bind(audit.action)
        .push_bind(target.to_owned())
        .push_bind(audit.reason.clone())
        .push_bind(ts(audit.now));
    sql.push(")").build().execute(&mut *conn).await?;
    Ok(())
}

/// Records that a write went through, on the path every write takes.
pub async fn probe_writes(store: &Backend) -> StoreResult<()> {
    store
        .writer
        .run(|conn| {
            Box::pin(async move {
                let mut sql = QueryBuilder::<Db>::new("UPDATE deployment SET write_probed_at = ");
                sql.push_bind(ts(Utc::now())).push(" WHERE id = 1");
                sql.build().execute(&mut *conn).await?;
                Ok(())
            })
        })
        .await
}
