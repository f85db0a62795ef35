//! Accounts, roles and bearer-token sessions.

use chrono::{DateTime, Utc};
use hireboard_domain::account::{Account, AccountStatus, Role};
use hireboard_domain::event::Event;
use hireboard_domain::ids::AccountId;
use sqlx::sqlite::SqlitePool;
use sqlx::Row;

use super::rows::{self, micros, ACCOUNT_COLUMNS};
use super::{record_audit, record_events, SqliteStore};
use crate::records::*;
use crate::{StoreError, StoreResult};

pub async fn create(
    store: &SqliteStore,
    account: NewAccount,
    mut event: Event,
) -> StoreResult<Account> {
    let mut tx = store.write().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO accounts (email, password_hash, display_name, role, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(account.email.as_str())
    .bind(&account.password_hash)
    .bind(&account.display_name)
    .bind(account.role.as_str())
    .bind(micros(account.now))
    .fetch_one(&mut *tx)
    .await?;
    event.key = id.to_string();
    record_events(&mut tx, &[event], account.now).await?;
    tx.commit().await?;
    by_id(&store.pool, AccountId(id))
        .await?
        .ok_or(StoreError::NotFound)
}

pub async fn by_id(pool: &SqlitePool, id: AccountId) -> StoreResult<Option<Account>> {
    let row = sqlx::query(&format!(
        "SELECT {ACCOUNT_COLUMNS} FROM accounts a WHERE a.id = ?"
    ))
    .bind(id.0)
    .fetch_optional(pool)
    .await?;
    row.as_ref().map(rows::account).transpose()
}

pub async fn credentials(pool: &SqlitePool, email: &str) -> StoreResult<Option<(Account, String)>> {
    let row = sqlx::query(&format!(
        "SELECT {ACCOUNT_COLUMNS}, a.password_hash FROM accounts a WHERE a.email = ?"
    ))
    .bind(email)
    .fetch_optional(pool)
    .await?;
    match row {
        Some(row) => Ok(Some((rows::account(&row)?, row.try_get("password_hash")?))),
        None => Ok(None),
    }
}

/// An administrative change to one account column, audited, with its event.
enum AccountChange {
    Role(Role),
    Status(AccountStatus),
}

pub async fn set_role(
    store: &SqliteStore,
    id: AccountId,
    role: Role,
    audit: Audit,
    event: Event,
) -> StoreResult<Account> {
    change(store, id, AccountChange::Role(role), audit, event).await
}

pub async fn set_status(
    store: &SqliteStore,
    id: AccountId,
    status: AccountStatus,
    audit: Audit,
    event: Event,
) -> StoreResult<Account> {
    change(store, id, AccountChange::Status(status), audit, event).await
}

async fn change(
    store: &SqliteStore,
    id: AccountId,
    change: AccountChange,
    audit: Audit,
    event: Event,
) -> StoreResult<Account> {
    let (sql, value) = match &change {
        AccountChange::Role(role) => ("UPDATE accounts SET role = ? WHERE id = ?", role.as_str()),
        AccountChange::Status(status) => (
            "UPDATE accounts SET status = ? WHERE id = ?",
            status.as_str(),
        ),
    };
    let mut tx = store.write().await?;
    let changed = sqlx::query(sql)
        .bind(value)
        .bind(id.0)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if changed == 0 {
        return Err(StoreError::NotFound);
    }
    if matches!(change, AccountChange::Status(AccountStatus::Suspended)) {
        sqlx::query(
            "UPDATE sessions SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL",
        )
        .bind(micros(audit.now))
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
    }
    record_audit(&mut tx, &audit, &format!("account:{}", id.0)).await?;
    record_events(&mut tx, &[event], audit.now).await?;
    tx.commit().await?;
    by_id(&store.pool, id).await?.ok_or(StoreError::NotFound)
}

pub async fn create_session(pool: &SqlitePool, session: NewSession) -> StoreResult<()> {
    sqlx::query("INSERT INTO sessions (token_hash, account_id, created_at, last_used_at, expires_at) VALUES (?, ?, ?, ?, ?)")
        .bind(&session.token_hash)
        .bind(session.account_id.0)
        .bind(micros(session.now))
        .bind(micros(session.now))
        .bind(micros(session.expires_at))
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn session(
    pool: &SqlitePool,
    token_hash: &[u8],
    now: DateTime<Utc>,
) -> StoreResult<Option<(SessionRecord, Account)>> {
    let row = sqlx::query(&format!(
        "SELECT {ACCOUNT_COLUMNS}, s.created_at AS s_created, s.last_used_at AS s_used, s.expires_at AS s_expires
         FROM sessions s JOIN accounts a ON a.id = s.account_id
         WHERE s.token_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ?"
    ))
    .bind(token_hash)
    .bind(micros(now))
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let session = SessionRecord {
        created_at: rows::from_micros(row.try_get("s_created")?)?,
        last_used_at: rows::from_micros(row.try_get("s_used")?)?,
        expires_at: rows::from_micros(row.try_get("s_expires")?)?,
    };
    Ok(Some((session, rows::account(&row)?)))
}

pub async fn touch_session(
    pool: &SqlitePool,
    token_hash: &[u8],
    now: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query("UPDATE sessions SET last_used_at = ? WHERE token_hash = ?")
        .bind(micros(now))
        .bind(token_hash)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn revoke_session(
    pool: &SqlitePool,
    token_hash: &[u8],
    now: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query("UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL")
        .bind(micros(now))
        .bind(token_hash)
        .execute(pool)
        .await?;
    Ok(())
}
