//! Companies and their recruiters.

use hireboard_domain::company::{Company, CompanyProfile};
use hireboard_domain::event::Event;
use hireboard_domain::ids::{AccountId, CompanyId};
use sqlx::sqlite::{SqlitePool, SqliteRow};
use sqlx::Row;

use super::rows::{from_micros, micros};
use super::{record_events, SqliteStore};
use crate::{StoreError, StoreResult};

pub async fn create(
    store: &SqliteStore,
    profile: CompanyProfile,
    owner: AccountId,
    event: Event,
) -> StoreResult<Company> {
    let mut tx = store.write().await?;
    let now = chrono::Utc::now();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO companies (slug, name, description, website, headquarters, owner_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(&profile.slug)
    .bind(&profile.name)
    .bind(&profile.description)
    .bind(&profile.website)
    .bind(&profile.headquarters)
    .bind(owner.0)
    .bind(micros(now))
    .fetch_one(&mut *tx)
    .await?;
    // The owner joins only if still without a company, so two racing creations cannot both win.
    let joined =
        sqlx::query("UPDATE accounts SET company_id = ? WHERE id = ? AND company_id IS NULL")
            .bind(id)
            .bind(owner.0)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    if joined == 0 {
        return Err(StoreError::StateChanged);
    }
    record_events(&mut tx, &[event], now).await?;
    tx.commit().await?;
    by_slug(&store.pool, &profile.slug)
        .await?
        .ok_or(StoreError::NotFound)
}

pub async fn by_slug(pool: &SqlitePool, slug: &str) -> StoreResult<Option<Company>> {
    let row = sqlx::query(
        "SELECT c.*, (SELECT COUNT(*) FROM postings p WHERE p.company_id = c.id AND p.status = 'published') AS open_postings
         FROM companies c WHERE c.slug = ?",
    )
    .bind(slug)
    .fetch_optional(pool)
    .await?;
    row.as_ref().map(company).transpose()
}

fn company(row: &SqliteRow) -> StoreResult<Company> {
    Ok(Company {
        id: CompanyId(row.try_get("id")?),
        owner_id: row.try_get::<Option<i64>, _>("owner_id")?.map(AccountId),
        slug: row.try_get("slug")?,
        name: row.try_get("name")?,
        description: row.try_get("description")?,
        website: row.try_get("website")?,
        headquarters: row.try_get("headquarters")?,
        open_postings: row.try_get("open_postings")?,
        created_at: from_micros(row.try_get("created_at")?)?,
    })
}

pub async fn add_recruiter(
    store: &SqliteStore,
    company: CompanyId,
    recruiter: AccountId,
    event: Event,
) -> StoreResult<()> {
    let mut tx = store.write().await?;
    let joined = sqlx::query("UPDATE accounts SET company_id = ? WHERE id = ? AND company_id IS NULL AND role = 'recruiter'")
        .bind(company.0)
        .bind(recruiter.0)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if joined == 0 {
        return Err(StoreError::StateChanged);
    }
    record_events(&mut tx, &[event], chrono::Utc::now()).await?;
    tx.commit().await?;
    Ok(())
}
