//! Companies and their recruiters.

use chrono::Utc;
use hireboard_domain::company::{Company, CompanyProfile};
use hireboard_domain::event::Event;
use hireboard_domain::ids::{AccountId, CompanyId};
use sqlx::{Executor, QueryBuilder, Row};

use super::common::{record_events, timestamp};
use super::{insert_id, ts, Backend, Conn, Db, DbRow};
use crate::{StoreError, StoreResult};

pub async fn create(
    store: &Backend,
    profile: CompanyProfile,
    owner: AccountId,
    event: Event,
) -> StoreResult<Company> {
    let now = Utc::now();
    store
        .writer
        .run(move |conn| {
            Box::pin(async move {
                let mut sql = QueryBuilder::<Db>::new("INSERT INTO companies (slug, name, description, website, headquarters, owner_id, created_at) VALUES (");
                sql.separated(", ")
                    .push_bind(profile.slug.clone())
                    .push_bind(profile.name)
                    .push_bind(profile.description)
                    .push_bind(profile.website)
                    .push_bind(profile.headquarters)
                    .push_bind(owner.0)
                    .push_bind(ts(now));
                sql.push(")");
                let id = insert_id(conn, sql).await?;
                // The owner joins only if still without a company, so two racing creations
                // cannot both win.
                if !join(conn, CompanyId(id), owner, false).await? {
                    return Err(StoreError::StateChanged);
                }
                record_events(conn, &[event], now).await?;
                by_slug(&mut *conn, &profile.slug)
                    .await?
                    .ok_or(StoreError::NotFound)
            })
        })
        .await
}

/// Makes `account` a member of `company` if it has none (and, if asked, is a recruiter).
async fn join(
    conn: &mut Conn,
    company: CompanyId,
    account: AccountId,
    recruiters_only: bool,
) -> StoreResult<bool> {
    let mut sql = QueryBuilder::<Db>::new("UPDATE accounts SET company_id = ");
    sql.push_bind(company.0)
        .push(" WHERE id = ")
        .push_bind(account.0)
        .push(" AND company_id IS NULL");
    if recruiters_only {
        sql.push(" AND role = 'recruiter'");
    }
    Ok(sql.build().execute(&mut *conn).await?.rows_affected() > 0)
}

pub async fn by_slug<'e>(
    db: impl Executor<'e, Database = Db>,
    slug: &str,
) -> StoreResult<Option<Company>> {
    let mut sql = QueryBuilder::<Db>::new(
        "SELECT c.id, c.owner_id, c.slug, c.name, c.description, c.website, c.headquarters, c.created_at,
            (SELECT COUNT(*) FROM postings p WHERE p.company_id = c.id AND p.status = 'published') AS open_postings
         FROM companies c WHERE c.slug = ",
    );
    sql.push_bind(slug.to_owned());
    let row = sql.build().fetch_optional(db).await?;
    row.as_ref().map(company).transpose()
}

/// The id of the company with `slug`, creating it (without an owner) if absent.
pub async fn ensure(
    conn: &mut Conn,
    slug: &str,
    name: &str,
    now: chrono::DateTime<Utc>,
) -> StoreResult<CompanyId> {
    let mut sql = QueryBuilder::<Db>::new("SELECT id FROM companies WHERE slug = ");
    sql.push_bind(slug.to_owned());
    if let Some(row) = sql.build().fetch_optional(&mut *conn).await? {
        return Ok(CompanyId(row.try_get("id")?));
    }
    let mut sql =
        QueryBuilder::<Db>::new("INSERT INTO companies (slug, name, created_at) VALUES (");
    sql.separated(", ")
        .push_bind(slug.to_owned())
        .push_bind(name.to_owned())
        .push_bind(ts(now));
    sql.push(")");
    Ok(CompanyId(insert_id(conn, sql).await?))
}

fn company(row: &DbRow) -> StoreResult<Company> {
    Ok(Company {
        id: CompanyId(row.try_get("id")?),
        owner_id: row.try_get::<Option<i64>, _>("owner_id")?.map(AccountId),
        slug: row.try_get("slug")?,
        name: row.try_get("name")?,
        description: row.try_get("description")?,
        website: row.try_get("website")?,
        headquarters: row.try_get("headquarters")?,
        open_postings: row.try_get("open_postings")?,
        created_at: timestamp(row, "created_at")?,
    })
}

pub async fn add_recruiter(
    store: &Backend,
    company: CompanyId,
    recruiter: AccountId,
    event: Event,
) -> StoreResult<()> {
    store
        .writer
        .run(move |conn| {
            Box::pin(async move {
                if !join(conn, company, recruiter, true).await? {
                    return Err(StoreError::StateChanged);
                }
                record_events(conn, &[event], Utc::now()).await
            })
        })
        .await
}
