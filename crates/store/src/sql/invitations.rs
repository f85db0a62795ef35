//! Invitations to join a company: recorded, listed, revoked and used at most once.

use chrono::{DateTime, Utc};
use hireboard_domain::account::Email;
use hireboard_domain::company::{Invitation, MemberRole};
use hireboard_domain::event::{Event, InvitationCreated};
use hireboard_domain::ids::{AccountId, CompanyId, InvitationId};
use sqlx::{Executor, QueryBuilder, Row};

use super::common::{optional_timestamp, record_audit, stored, timestamp};
use super::events::record_events;
use super::companies::join;
use super::{insert_id, ts, Backend, Conn, Db, DbRow, FOR_UPDATE};
use crate::records::{Acceptance, Audit, IdPage, NewInvitation};
use crate::{StoreError, StoreResult};

const INVITATION_SELECT: &str = "SELECT i.id, i.company_id, i.email, i.email_normalized, i.role, i.invited_by,
        i.created_at, i.expires_at, i.accepted_at, i.revoked_at
    FROM company_invitations i";

/// What makes an invitation pending at a time, for a query on `i`.
fn push_pending(sql: &mut QueryBuilder<'_, Db>, now: DateTime<Utc>) {
    sql.push(" AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > ")
        .push_bind(ts(now));
}

/// Records the invitation and its event.
pub async fn create(
    store: &Backend,
    new: NewInvitation,
    audit: Option<Audit>,
) -> StoreResult<Invitation> {
    store
        .writer
        .run(move |conn| {
            Box::pin(async move {
                let mut sql = QueryBuilder::<Db>::new(
                    "INSERT INTO company_invitations (company_id, email, email_normalized, role, token_hash, invited_by, created_at, expires_at) VALUES (",
                );
                sql.separated(", ")
                    .push_bind(new.company_id.0)
                    .push_bind(new.email_as_typed.clone())
                    .push_bind(new.email.as_str().to_owned())
                    .push_bind(new.role.as_str())
                    .push_bind(new.token_hash)
                    .push_bind(new.invited_by.0)
                    .push_bind(ts(new.now))
                    .push_bind(ts(new.expires_at));
                sql.push(")");
                let id = InvitationId(insert_id(conn, sql).await?);
                let event = Event::CompanyInvitationCreated(InvitationCreated {
                    company: new.company_id,
                    invitation: id,
                    role: new.role,
                    by: new.invited_by,
                });
                if let Some(audit) = &audit {
                    record_audit(conn, audit, &format!("invitation:{}", id.0)).await?;
                }
                record_events(conn, &[event], new.now).await?;
                Ok(Invitation {
                    id,
                    company_id: new.company_id,
                    email: new.email_as_typed,
                    email_normalized: new.email,
                    role: new.role,
                    invited_by: new.invited_by,
                    created_at: new.now,
                    expires_at: new.expires_at,
                    accepted_at: None,
                    revoked_at: None,
                })
            })
        })
        .await
}

pub async fn by_id<'e>(
    db: impl Executor<'e, Database = Db>,
    id: InvitationId,
) -> StoreResult<Option<Invitation>> {
    let mut sql = QueryBuilder::<Db>::new(format!("{INVITATION_SELECT} WHERE i.id = "));
    sql.push_bind(id.0);
    let row = sql.build().fetch_optional(db).await?;
    row.as_ref().map(invitation).transpose()
}

pub async fn by_token<'e>(
    db: impl Executor<'e, Database = Db>,
    token_hash: &[u8],
) -> StoreResult<Option<Invitation>> {
    let mut sql = QueryBuilder::<Db>::new(format!("{INVITATION_SELECT} WHERE i.token_hash = "));
    sql.push_bind(token_hash.to_vec());
    let row = sql.build().fetch_optional(db).await?;
    row.as_ref().map(invitation).transpose()
}

/// One page of the company's invitations pending at `now`, newest first, and whether more
/// follow.
pub async fn pending<'e>(
    db: impl Executor<'e, Database = Db>,
    company: CompanyId,
    now: DateTime<Utc>,
    page: &IdPage,
) -> StoreResult<(Vec<Invitation>, bool)> {
    let mut sql = QueryBuilder::<Db>::new(format!("{INVITATION_SELECT} WHERE i.company_id = "));
    sql.push_bind(company.0);
    push_pending(&mut sql, now);
    if let Some(after) = page.after {
        sql.push(" AND i.id < ").push_bind(after);
    }
    sql.push(" ORDER BY i.id DESC LIMIT ")
        .push_bind(i64::from(page.limit) + 1);
    let rows = sql.build().fetch_all(db).await?;
    let mut invitations = rows.iter().map(invitation).collect::<StoreResult<Vec<_>>>()?;
    let more = invitations.len() > page.limit as usize;
    invitations.truncate(page.limit as usize);
    Ok((invitations, more))
}

fn invitation(row: &DbRow) -> StoreResult<Invitation> {
    Ok(Invitation {
        id: InvitationId(row.try_get("id")?),
        company_id: CompanyId(row.try_get("company_id")?),
        email: row.try_get("email")?,
        email_normalized: Email::from_trusted(row.try_get("email_normalized")?),
        role: stored(row.try_get("role")?, MemberRole::from_db)?,
        invited_by: AccountId(row.try_get("invited_by")?),
        created_at: timestamp(row, "created_at")?,
        expires_at: timestamp(row, "expires_at")?,
        accepted_at: optional_timestamp(row, "accepted_at")?,
        revoked_at: optional_timestamp(row, "revoked_at")?,
    })
}

/// Revokes the invitation if it is pending at `now`; otherwise `StateChanged`.
pub async fn revoke(
    store: &Backend,
    id: InvitationId,
    now: DateTime<Utc>,
    audit: Option<Audit>,
    event: Event,
) -> StoreResult<()> {
    store
        .writer
        .run(move |conn| {
            Box::pin(async move {
                let mut sql = QueryBuilder::<Db>::new("UPDATE company_invitations SET revoked_at = ");
                sql.push_bind(ts(now)).push(" WHERE id = ").push_bind(id.0);
                sql.push(" AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > ")
                    .push_bind(ts(now));
                if sql.build().execute(&mut *conn).await?.rows_affected() == 0 {
                    return Err(StoreError::StateChanged);
                }
                if let Some(audit) = &audit {
                    record_audit(conn, audit, &format!("invitation:{}", id.0)).await?;
                }
                record_events(conn, &[event], now).await
            })
        })
        .await
}

/// Revokes the company's invitations to `email` that nobody used or revoked yet; returns
/// their ids.
pub async fn revoke_pending_to(
    conn: &mut Conn,
    company: CompanyId,
    email: &str,
    now: DateTime<Utc>,
) -> StoreResult<Vec<InvitationId>> {
    let unused = |sql: &mut QueryBuilder<'_, Db>| {
        sql.push(" WHERE company_id = ")
            .push_bind(company.0)
            .push(" AND email_normalized = ")
            .push_bind(email.to_owned())
            .push(" AND accepted_at IS NULL AND revoked_at IS NULL");
    };
    let mut sql = QueryBuilder::<Db>::new("SELECT id FROM company_invitations");
    unused(&mut sql);
    sql.push(FOR_UPDATE);
    let ids = sql
        .build()
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|row| Ok(InvitationId(row.try_get("id")?)))
        .collect::<StoreResult<Vec<_>>>()?;
    if !ids.is_empty() {
        let mut sql = QueryBuilder::<Db>::new("UPDATE company_invitations SET revoked_at = ");
        sql.push_bind(ts(now));
        unused(&mut sql);
        sql.build().execute(&mut *conn).await?;
    }
    Ok(ids)
}

/// Uses the invitation and joins the account to its company, in one transaction.
///
/// The account's row is locked first, as every change to membership locks the member
/// before any invitation, so no two transactions wait on each other. Marking the
/// invitation used only succeeds while it is pending, so of any number of concurrent
/// acceptances exactly one uses it; the others find it used (`NotFound`). An account that
/// already belongs to a company, or is not a recruiter, joins nothing and leaves the
/// invitation pending (`StateChanged`).
pub async fn accept(store: &Backend, acceptance: Acceptance, event: Event) -> StoreResult<()> {
    store
        .writer
        .run(move |conn| {
            Box::pin(async move {
                let Acceptance {
                    invitation,
                    account,
                    email,
                    now,
                } = acceptance;
                let mut sql =
                    QueryBuilder::<Db>::new("SELECT role, company_id FROM accounts WHERE id = ");
                sql.push_bind(account.0).push(FOR_UPDATE);
                let row = sql
                    .build()
                    .fetch_optional(&mut *conn)
                    .await?
                    .ok_or(StoreError::NotFound)?;
                let joinable = row.try_get::<&str, _>("role")? == "recruiter"
                    && row.try_get::<Option<i64>, _>("company_id")?.is_none();
                if !joinable {
                    return Err(StoreError::StateChanged);
                }
                let mut sql =
                    QueryBuilder::<Db>::new("UPDATE company_invitations SET accepted_at = ");
                sql.push_bind(ts(now))
                    .push(", accepted_by = ")
                    .push_bind(account.0)
                    .push(" WHERE id = ")
                    .push_bind(invitation.0)
                    .push(" AND email_normalized = ")
                    .push_bind(email.as_str().to_owned())
                    .push(" AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > ")
                    .push_bind(ts(now));
                if sql.build().execute(&mut *conn).await?.rows_affected() == 0 {
                    return Err(StoreError::NotFound);
                }
                let used = by_id(&mut *conn, invitation)
                    .await?
                    .ok_or(StoreError::NotFound)?;
                if !join(conn, used.company_id, account, used.role, now, true).await? {
                    return Err(StoreError::StateChanged);
                }
                record_events(conn, &[event], now).await
            })
        })
        .await
}
