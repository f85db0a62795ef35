//! Accounts, roles and bearer-token sessions.

use chrono::{DateTime, Utc};
use hireboard_domain::account::{Account, AccountStatus, Role};
use hireboard_domain::event::{AccountRegistered, Event};
use hireboard_domain::ids::AccountId;
use sqlx::{Executor, QueryBuilder, Row};

use super::common::{self, record_audit, timestamp, ACCOUNT_COLUMNS};
use super::events::record_events;
use super::{insert_id, ts, Backend, Db, Pool};
use crate::records::*;
use crate::{StoreError, StoreResult};

pub async fn create(
    store: &Backend,
    account: NewAccount,
) -> StoreResult<Account> {
    store
        .writer
        .run(move |conn| {
            Box::pin(async move {
                let mut sql = QueryBuilder::<Db>::new("INSERT INTO accounts (email, password_hash, display_name, role, status, created_at) VALUES (");
                sql.separated(", ")
                    .push_bind(account.email.as_str().to_owned())
                    .push_bind(account.password_hash)
                    .push_bind(account.display_name)
                    .push_bind(account.role.as_str())
                    .push_bind(AccountStatus::Active.as_str())
                    .push_bind(ts(account.now));
                sql.push(")");
                let id = insert_id(conn, sql).await?;
                let event = Event::AccountRegistered(AccountRegistered {
                    account: AccountId(id),
                    role: account.role,
                });
                record_events(conn, &[event], account.now).await?;
                by_id(&mut *conn, AccountId(id))
                    .await?
                    .ok_or(StoreError::NotFound)
            })
        })
        .await
}

pub async fn by_id<'e>(
    db: impl Executor<'e, Database = Db>,
    id: AccountId,
) -> StoreResult<Option<Account>> {
    let mut sql = QueryBuilder::<Db>::new(format!(
        "SELECT {ACCOUNT_COLUMNS} FROM accounts a WHERE a.id = "
    ));
    sql.push_bind(id.0);
    let row = sql.build().fetch_optional(db).await?;
    row.as_ref().map(common::account).transpose()
}

pub async fn credentials(pool: &Pool, email: &str) -> StoreResult<Option<(Account, String)>> {
    let mut sql = QueryBuilder::<Db>::new(format!(
        "SELECT {ACCOUNT_COLUMNS}, a.password_hash FROM accounts a WHERE a.email = "
    ));
    sql.push_bind(email.to_owned());
    match sql.build().fetch_optional(pool).await? {
        Some(row) => Ok(Some((
            common::account(&row)?,
            row.try_get("password_hash")?,
        ))),
        None => Ok(None),
    }
}

/// An administrative change to one account column.
pub enum AccountChange {
    Role(Role),
    Status(AccountStatus),
}

/// Changes a role or status, audited, with its event; suspending revokes every session.
pub async fn change(
    store: &Backend,
    id: AccountId,
    change: AccountChange,
    audit: Audit,
    event: Event,
) -> StoreResult<Account> {
    let (column, value) = match &change {
        AccountChange::Role(role) => ("role", role.as_str()),
        AccountChange::Status(status) => ("status", status.as_str()),
    };
    let suspends = matches!(change, AccountChange::Status(AccountStatus::Suspended));
    // Only recruiters act for a company: a member keeps the role until they leave, or the
    // company could keep an owner in name only (checked in the update, so no concurrent
    // acceptance of an invitation slips in between).
    let members_only_recruit = matches!(change, AccountChange::Role(role) if role != Role::Recruiter);
    store
        .writer
        .run(move |conn| {
            Box::pin(async move {
                let mut sql = QueryBuilder::<Db>::new(format!("UPDATE accounts SET {column} = "));
                sql.push_bind(value).push(" WHERE id = ").push_bind(id.0);
                if members_only_recruit {
                    sql.push(" AND company_id IS NULL");
                }
                if sql.build().execute(&mut *conn).await?.rows_affected() == 0 {
                    // MySQL counts unchanged rows as unaffected, so tell "missing" from "already so".
                    match by_id(&mut *conn, id).await? {
                        None => return Err(StoreError::NotFound),
                        Some(account) if members_only_recruit && account.company_id.is_some() => {
                            return Err(StoreError::StateChanged)
                        }
                        Some(_) => {}
                    }
                }
                if suspends {
                    let mut sql = QueryBuilder::<Db>::new("UPDATE sessions SET revoked_at = ");
                    sql.push_bind(ts(audit.now))
                        .push(" WHERE account_id = ")
                        .push_bind(id.0)
                        .push(" AND revoked_at IS NULL");
                    sql.build().execute(&mut *conn).await?;
                }
                record_audit(conn, &audit, &format!("account:{}", id.0)).await?;
                record_events(conn, &[event], audit.now).await?;
                by_id(&mut *conn, id).await?.ok_or(StoreError::NotFound)
            })
        })
        .await
}

pub async fn create_session(store: &Backend, session: NewSession) -> StoreResult<()> {
    store
        .writer
        .run(move |conn| {
            Box::pin(async move {
                let mut sql = QueryBuilder::<Db>::new("INSERT INTO sessions (token_hash, account_id, created_at, last_used_at, expires_at) VALUES (");
                sql.separated(", ")
                    .push_bind(session.token_hash)
                    .push_bind(session.account_id.0)
                    .push_bind(ts(session.now))
                    .push_bind(ts(session.now))
                    .push_bind(ts(session.expires_at));
                sql.push(")").build().execute(&mut *conn).await?;
                Ok(())
            })
        })
        .await
}

pub async fn session(
    pool: &Pool,
    token_hash: &[u8],
    now: DateTime<Utc>,
) -> StoreResult<Option<(SessionRecord, Account)>> {
    let mut sql = QueryBuilder::<Db>::new(format!(
        "SELECT {ACCOUNT_COLUMNS}, s.created_at AS s_created, s.last_used_at AS s_used, s.expires_at AS s_expires
         FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = "
    ));
    sql.push_bind(token_hash.to_vec())
        .push(" AND s.revoked_at IS NULL AND s.expires_at > ")
        .push_bind(ts(now));
    let Some(row) = sql.build().fetch_optional(pool).await? else {
        return Ok(None);
    };
    let session = SessionRecord {
        created_at: timestamp(&row, "s_created")?,
        last_used_at: timestamp(&row, "s_used")?,
        expires_at: timestamp(&row, "s_expires")?,
    };
    Ok(Some((session, common::account(&row)?)))
}

pub async fn touch_session(
    store: &Backend,
    token_hash: &[u8],
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let token_hash = token_hash.to_vec();
    store
        .writer
        .run(move |conn| {
            Box::pin(async move {
                let mut sql = QueryBuilder::<Db>::new("UPDATE sessions SET last_used_at = ");
                sql.push_bind(ts(now))
                    .push(" WHERE token_hash = ")
                    .push_bind(token_hash);
                sql.build().execute(&mut *conn).await?;
                Ok(())
            })
        })
        .await
}

/// Ends a live session; the event is recorded only if there was one to end.
pub async fn revoke_session(
    store: &Backend,
    token_hash: &[u8],
    now: DateTime<Utc>,
    event: Event,
) -> StoreResult<()> {
    let token_hash = token_hash.to_vec();
    store
        .writer
        .run(move |conn| {
            Box::pin(async move {
                let mut sql = QueryBuilder::<Db>::new("UPDATE sessions SET revoked_at = ");
                sql.push_bind(ts(now))
                    .push(" WHERE token_hash = ")
                    .push_bind(token_hash)
                    .push(" AND revoked_at IS NULL");
                if sql.build().execute(&mut *conn).await?.rows_affected() == 1 {
                    record_events(conn, &[event], now).await?;
                }
                Ok(())
            })
        })
        .await
}
