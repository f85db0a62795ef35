//! Companies and their members.
//!
//! Membership lives on the member's account (`company_id`, `company_role`,
//! `company_joined_at`), set and cleared together by [`join`] and [`remove_member`]. Changes
//! that could leave a company without an owner take turns on the company's row.

use chrono::{DateTime, Utc};
use hireboard_domain::account::Email;
use hireboard_domain::company::{Company, CompanyProfile, Member, MemberRole};
use hireboard_domain::event::{CompanyCreated, Event, MemberRemoved};
use hireboard_domain::ids::{AccountId, CompanyId};
use sqlx::{Executor, QueryBuilder, Row};

use super::common::{record_audit, stored, timestamp};
use super::events::record_events;
use super::{insert_id, ts, Backend, Conn, Db, DbRow, FOR_UPDATE};
use crate::records::{Audit, IdPage};
use crate::{Rule, StoreError, StoreResult};

pub async fn create(
    store: &Backend,
    profile: CompanyProfile,
    owner: AccountId,
) -> StoreResult<Company> {
    let now = Utc::now();
    store
        .writer
        .run(move |conn| {
            Box::pin(async move {
                let mut sql = QueryBuilder::<Db>::new("INSERT INTO companies (slug, name, description, website, headquarters, owner_id, created_at) VALUES (");
                sql.separated(", ")
                    .push_bind(profile.slug.clone())
                    .push_bind(profile.name.clone())
                    .push_bind(profile.description)
                    .push_bind(profile.website)
                    .push_bind(profile.headquarters)
                    .push_bind(owner.0)
                    .push_bind(ts(now));
                sql.push(")");
                let id = insert_id(conn, sql).await?;
                // The owner joins only if still without a company, so two racing creations
                // cannot both win.
                if !join(conn, CompanyId(id), owner, MemberRole::Owner, now, false).await? {
                    return Err(StoreError::StateChanged);
                }
                let event = Event::CompanyCreated(CompanyCreated {
                    company: CompanyId(id),
                    slug: profile.slug.clone(),
                    name: profile.name,
                    owner,
                });
                record_events(conn, &[event], now).await?;
                by_slug(&mut *conn, &profile.slug)
                    .await?
                    .ok_or(StoreError::NotFound)
            })
        })
        .await
}

/// Makes `account` a member of `company` with `role` if it has no company (and, if asked,
/// is a recruiter).
pub async fn join(
    conn: &mut Conn,
    company: CompanyId,
    account: AccountId,
    role: MemberRole,
    now: DateTime<Utc>,
    recruiters_only: bool,
) -> StoreResult<bool> {
    let mut sql = QueryBuilder::<Db>::new("UPDATE accounts SET company_id = ");
    sql.push_bind(company.0)
        .push(", company_role = ")
        .push_bind(role.as_str())
        .push(", company_joined_at = ")
        .push_bind(ts(now))
        .push(" WHERE id = ")
        .push_bind(account.0)
        .push(" AND company_id IS NULL");
    if recruiters_only {
        sql.push(" AND role = 'recruiter'");
    }
    Ok(sql.build().execute(&mut *conn).await?.rows_affected() > 0)
}

const COMPANY_SELECT: &str =
    "SELECT c.id, c.slug, c.name, c.description, c.website, c.headquarters, c.created_at,
        (SELECT COUNT(*) FROM postings p WHERE p.company_id = c.id AND p.status = 'published') AS open_postings
     FROM companies c";

pub async fn by_slug<'e>(
    db: impl Executor<'e, Database = Db>,
    slug: &str,
) -> StoreResult<Option<Company>> {
    let mut sql = QueryBuilder::<Db>::new(format!("{COMPANY_SELECT} WHERE c.slug = "));
    sql.push_bind(slug.to_owned());
    let row = sql.build().fetch_optional(db).await?;
    row.as_ref().map(company).transpose()
}

pub async fn by_id<'e>(
    db: impl Executor<'e, Database = Db>,
    id: CompanyId,
) -> StoreResult<Option<Company>> {
    let mut sql = QueryBuilder::<Db>::new(format!("{COMPANY_SELECT} WHERE c.id = "));
    sql.push_bind(id.0);
    let row = sql.build().fetch_optional(db).await?;
    row.as_ref().map(company).transpose()
}

fn company(row: &DbRow) -> StoreResult<Company> {
    Ok(Company {
        id: CompanyId(row.try_get("id")?),
        slug: row.try_get("slug")?,
        name: row.try_get("name")?,
        description: row.try_get("description")?,
        website: row.try_get("website")?,
        headquarters: row.try_get("headquarters")?,
        open_postings: row.try_get("open_postings")?,
        created_at: timestamp(row, "created_at")?,
    })
}

/// One page of the company's members in account id order, and whether more follow.
pub async fn members<'e>(
    db: impl Executor<'e, Database = Db>,
    company: CompanyId,
    page: &IdPage,
) -> StoreResult<(Vec<Member>, bool)> {
    let mut sql = QueryBuilder::<Db>::new(
        "SELECT id, display_name, email, company_role, company_joined_at FROM accounts WHERE company_id = ",
    );
    sql.push_bind(company.0);
    if let Some(after) = page.after {
        sql.push(" AND id > ").push_bind(after);
    }
    sql.push(" ORDER BY id LIMIT ")
        .push_bind(i64::from(page.limit) + 1);
    let rows = sql.build().fetch_all(db).await?;
    let mut members = rows
        .iter()
        .map(|row| {
            Ok(Member {
                account_id: AccountId(row.try_get("id")?),
                display_name: row.try_get("display_name")?,
                email: Email::from_trusted(row.try_get("email")?),
                role: stored(row.try_get("company_role")?, MemberRole::from_db)?,
                joined_at: timestamp(row, "company_joined_at")?,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
    let more = members.len() > page.limit as usize;
    members.truncate(page.limit as usize);
    Ok((members, more))
}

/// Takes `account` out of `company`, unless it is the company's last owner, and revokes the
/// invitations still pending to its address there, so that a removed member cannot come
/// back with an invitation sent before. The store lists the revoked invitations in the
/// event's payload as `invitations_revoked`.
///
/// Removals from one company take turns on the company's row (locked before any member's),
/// and each counts the owners committed before it: of two owners removed at the same moment,
/// one stays.
pub async fn remove_member(
    store: &Backend,
    company: CompanyId,
    account: AccountId,
    now: DateTime<Utc>,
    audit: Option<Audit>,
    by: AccountId,
) -> StoreResult<()> {
    store
        .writer
        .run(move |conn| {
            Box::pin(async move {
                let mut sql = QueryBuilder::<Db>::new("SELECT id FROM companies WHERE id = ");
                sql.push_bind(company.0).push(FOR_UPDATE);
                sql.build()
                    .fetch_optional(&mut *conn)
                    .await?
                    .ok_or(StoreError::NotFound)?;
                let mut sql = QueryBuilder::<Db>::new(
                    "SELECT id, email, company_role FROM accounts WHERE company_id = ",
                );
                sql.push_bind(company.0)
                    .push(" AND (company_role = 'owner' OR id = ")
                    .push_bind(account.0)
                    .push(")")
                    .push(FOR_UPDATE);
                let rows = sql.build().fetch_all(&mut *conn).await?;
                let mut owners = 0;
                let mut target = None;
                for row in &rows {
                    let role = stored(row.try_get("company_role")?, MemberRole::from_db)?;
                    owners += usize::from(role == MemberRole::Owner);
                    if row.try_get::<i64, _>("id")? == account.0 {
                        target = Some((role, row.try_get::<String, _>("email")?));
                    }
                }
                let (role, email) = target.ok_or(StoreError::NotFound)?;
                if role == MemberRole::Owner && owners == 1 {
                    return Err(StoreError::Conflict(Rule::LastOwner));
                }
                let mut sql = QueryBuilder::<Db>::new(
                    "UPDATE accounts SET company_id = NULL, company_role = NULL, company_joined_at = NULL WHERE id = ",
                );
                sql.push_bind(account.0);
                sql.build().execute(&mut *conn).await?;
                let revoked =
                    super::invitations::revoke_pending_to(conn, company, &email, now).await?;
                let event = Event::CompanyMemberRemoved(MemberRemoved {
                    company,
                    account,
                    by,
                    invitations_revoked: revoked,
                });
                if let Some(audit) = &audit {
                    record_audit(conn, audit, &format!("account:{}", account.0)).await?;
                }
                record_events(conn, &[event], now).await
            })
        })
        .await
}
