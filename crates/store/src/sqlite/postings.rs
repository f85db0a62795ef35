//! Postings: writes keep the filter tables (skills, locations) in step with the content.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use hireboard_domain::event::Event;
use hireboard_domain::ids::*;
use hireboard_domain::posting::*;
use rand::Rng;
use sqlx::sqlite::{SqlitePool, SqliteRow};
use sqlx::{QueryBuilder, Row, Sqlite};

use super::rows::{date, from_micros, micros, parse_date, stored};
use super::{record_events, SqliteStore, Tx};
use crate::records::*;
use crate::{StoreError, StoreResult};

const POSTING_SELECT: &str = "SELECT p.id, p.job_code, p.company_id, p.posted_by, p.status, p.content_json, p.posted_at,
        p.valid_through, p.removal_reason, p.created_at, p.updated_at, c.slug AS company_slug,
        c.name AS company_name, COALESCE(a.display_name, c.name) AS posted_by_name
    FROM postings p JOIN companies c ON c.id = p.company_id LEFT JOIN accounts a ON a.id = p.posted_by";

pub async fn by_code(pool: &SqlitePool, code: JobCode) -> StoreResult<Option<Posting>> {
    let row = sqlx::query(&format!("{POSTING_SELECT} WHERE p.job_code = ?"))
        .bind(code.0)
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(posting).transpose()
}

pub async fn by_id(pool: &SqlitePool, id: PostingId) -> StoreResult<Posting> {
    let row = sqlx::query(&format!("{POSTING_SELECT} WHERE p.id = ?"))
        .bind(id.0)
        .fetch_optional(pool)
        .await?
        .ok_or(StoreError::NotFound)?;
    posting(&row)
}

fn posting(row: &SqliteRow) -> StoreResult<Posting> {
    Ok(Posting {
        id: PostingId(row.try_get("id")?),
        company_id: CompanyId(row.try_get("company_id")?),
        posted_by_id: row.try_get::<Option<i64>, _>("posted_by")?.map(AccountId),
        job_code: JobCode(row.try_get("job_code")?),
        status: stored(row.try_get("status")?, PostingStatus::from_db)?,
        company: CompanyRef {
            slug: row.try_get("company_slug")?,
            name: row.try_get("company_name")?,
        },
        posted_by: row.try_get("posted_by_name")?,
        content: serde_json::from_str(row.try_get("content_json")?)?,
        posted_at: row
            .try_get::<Option<i64>, _>("posted_at")?
            .map(from_micros)
            .transpose()?,
        valid_through: parse_date(row.try_get("valid_through")?)?,
        removal_reason: row.try_get("removal_reason")?,
        created_at: from_micros(row.try_get("created_at")?)?,
        updated_at: from_micros(row.try_get("updated_at")?)?,
    })
}

/// Where a new posting row comes from.
struct PostingRow<'a> {
    job_code: Option<JobCode>,
    company_id: CompanyId,
    posted_by: Option<AccountId>,
    status: PostingStatus,
    content: &'a PostingContent,
    posted_at: Option<DateTime<Utc>>,
    valid_through: NaiveDate,
    now: DateTime<Utc>,
}

/// Inserts a posting with the given or a fresh random job code; retries on a code collision.
async fn insert(tx: &mut Tx, row: PostingRow<'_>) -> StoreResult<(PostingId, JobCode)> {
    let content_json = serde_json::to_string(row.content)?;
    let skills_json = serde_json::to_string(&row.content.skills)?;
    let locations_json = serde_json::to_string(&row.content.locations)?;
    let salary = row.content.salary.as_ref();
    for _ in 0..16 {
        let code = row
            .job_code
            .unwrap_or_else(|| JobCode(rand::thread_rng().gen_range(JobCode::MIN..=JobCode::MAX)));
        let inserted: Option<(i64,)> = sqlx::query_as(
            "INSERT INTO postings (job_code, company_id, posted_by, status, title, functional_area, functional_area_key,
                category, workplace_type, employment_type, experience_min, experience_max, salary_min, salary_max,
                salary_currency, salary_period, skills_json, locations_json, content_json, posted_at, valid_through,
                created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (job_code) DO NOTHING RETURNING id",
        )
        .bind(code.0)
        .bind(row.company_id.0)
        .bind(row.posted_by.map(|a| a.0))
        .bind(row.status.as_str())
        .bind(&row.content.title)
        .bind(&row.content.functional_area)
        .bind(row.content.functional_area.to_lowercase())
        .bind(&row.content.category)
        .bind(row.content.workplace_type.as_str())
        .bind(row.content.employment_type.as_str())
        .bind(row.content.experience.min_years)
        .bind(row.content.experience.max_years)
        .bind(salary.map(|s| s.min))
        .bind(salary.map(|s| s.max))
        .bind(salary.map(|s| s.currency.as_str()))
        .bind(salary.map(|s| s.period.as_str()))
        .bind(&skills_json)
        .bind(&locations_json)
        .bind(&content_json)
        .bind(row.posted_at.map(micros))
        .bind(date(row.valid_through))
        .bind(micros(row.now))
        .bind(micros(row.now))
        .fetch_optional(&mut **tx)
        .await?;
        match inserted {
            Some((id,)) => {
                write_filters(tx, PostingId(id), row.content).await?;
                return Ok((PostingId(id), code));
            }
            None if row.job_code.is_some() => {
                return Err(StoreError::Conflict("postings.job_code"))
            }
            None => continue,
        }
    }
    Err(StoreError::Internal("no free job code found".into()))
}

/// Rewrites the rows that listing filters join on.
async fn write_filters(tx: &mut Tx, id: PostingId, content: &PostingContent) -> StoreResult<()> {
    sqlx::query("DELETE FROM posting_skills WHERE posting_id = ?")
        .bind(id.0)
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM posting_locations WHERE posting_id = ?")
        .bind(id.0)
        .execute(&mut **tx)
        .await?;
    for skill in &content.skills {
        sqlx::query("INSERT OR IGNORE INTO posting_skills (posting_id, skill) VALUES (?, ?)")
            .bind(id.0)
            .bind(skill)
            .execute(&mut **tx)
            .await?;
    }
    for location in &content.locations {
        sqlx::query(
            "INSERT INTO posting_locations (posting_id, city_key, country) VALUES (?, ?, ?)",
        )
        .bind(id.0)
        .bind(location.city.as_ref().map(|c| c.to_lowercase()))
        .bind(&location.country)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

pub async fn create(
    store: &SqliteStore,
    new: NewPosting,
    mut event: Event,
) -> StoreResult<Posting> {
    let mut tx = store.write().await?;
    let (id, code) = insert(
        &mut tx,
        PostingRow {
            job_code: None,
            company_id: new.company_id,
            posted_by: Some(new.posted_by),
            status: PostingStatus::Draft,
            content: &new.content,
            posted_at: None,
            valid_through: new.valid_through,
            now: new.now,
        },
    )
    .await?;
    event.key = code.to_string();
    record_events(&mut tx, &[event], new.now).await?;
    tx.commit().await?;
    by_id(&store.pool, id).await
}

pub async fn update(
    store: &SqliteStore,
    id: PostingId,
    content: PostingContent,
    valid_through: NaiveDate,
    event: Event,
) -> StoreResult<Posting> {
    let now = Utc::now();
    let salary = content.salary.as_ref();
    let mut tx = store.write().await?;
    let changed = sqlx::query(
        "UPDATE postings SET title = ?, functional_area = ?, functional_area_key = ?, category = ?, workplace_type = ?,
            employment_type = ?, experience_min = ?, experience_max = ?, salary_min = ?, salary_max = ?,
            salary_currency = ?, salary_period = ?, skills_json = ?, locations_json = ?, content_json = ?,
            valid_through = ?, updated_at = ?
         WHERE id = ? AND status IN ('draft', 'published', 'expired')",
    )
    .bind(&content.title)
    .bind(&content.functional_area)
    .bind(content.functional_area.to_lowercase())
    .bind(&content.category)
    .bind(content.workplace_type.as_str())
    .bind(content.employment_type.as_str())
    .bind(content.experience.min_years)
    .bind(content.experience.max_years)
    .bind(salary.map(|s| s.min))
    .bind(salary.map(|s| s.max))
    .bind(salary.map(|s| s.currency.as_str()))
    .bind(salary.map(|s| s.period.as_str()))
    .bind(serde_json::to_string(&content.skills)?)
    .bind(serde_json::to_string(&content.locations)?)
    .bind(serde_json::to_string(&content)?)
    .bind(date(valid_through))
    .bind(micros(now))
    .bind(id.0)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(StoreError::StateChanged);
    }
    write_filters(&mut tx, id, &content).await?;
    record_events(&mut tx, &[event], now).await?;
    tx.commit().await?;
    by_id(&store.pool, id).await
}

/// Applies a guarded status change inside the caller's transaction.
pub async fn change_status(tx: &mut Tx, id: PostingId, change: &StatusChange) -> StoreResult<()> {
    let mut sql = QueryBuilder::<Sqlite>::new("UPDATE postings SET status = ");
    sql.push_bind(change.to.as_str());
    sql.push(", updated_at = ").push_bind(micros(change.now));
    sql.push(", removal_reason = ")
        .push_bind(change.removal_reason.clone());
    if let Some(at) = change.publish_at {
        sql.push(", posted_at = COALESCE(posted_at, ")
            .push_bind(micros(at))
            .push(")");
    }
    if let Some(valid_through) = change.valid_through {
        sql.push(", valid_through = ")
            .push_bind(date(valid_through));
    }
    sql.push(" WHERE id = ")
        .push_bind(id.0)
        .push(" AND status IN (");
    let mut statuses = sql.separated(", ");
    for status in change.from {
        statuses.push_bind(status.as_str());
    }
    sql.push(")");
    if sql.build().execute(&mut **tx).await?.rows_affected() == 0 {
        return Err(StoreError::StateChanged);
    }
    Ok(())
}

pub async fn list(
    pool: &SqlitePool,
    query: &ListingQuery,
    today: NaiveDate,
) -> StoreResult<(Vec<PostingSummary>, bool)> {
    let filter = &query.filter;
    let mut sql = QueryBuilder::<Sqlite>::new(
        "SELECT p.job_code, p.title, c.slug, c.name, p.functional_area, p.category, p.skills_json, p.workplace_type,
            p.employment_type, p.locations_json, p.experience_min, p.experience_max, p.salary_min, p.salary_max,
            p.salary_currency, p.salary_period, p.posted_at, p.valid_through
         FROM postings p JOIN companies c ON c.id = p.company_id
         WHERE p.status = 'published' AND +p.valid_through >= ",
    );
    // The unary `+` keeps SQLite from choosing the expiry index for that range: walking a
    // listing index in (posted_at, job_code) order and stopping after one page is far
    // cheaper than collecting every unexpired posting and sorting them.
    sql.push_bind(date(today));
    if let Some(area) = &filter.functional_area {
        sql.push(" AND p.functional_area_key = ")
            .push_bind(area.clone());
    }
    if let Some(workplace) = filter.workplace_type {
        sql.push(" AND p.workplace_type = ")
            .push_bind(workplace.as_str());
    }
    if let Some(years) = filter.experience_years {
        sql.push(" AND p.experience_min <= ").push_bind(years);
        sql.push(" AND p.experience_max >= ").push_bind(years);
    }
    if let Some((min, currency)) = &filter.salary {
        sql.push(" AND p.salary_currency = ")
            .push_bind(currency.clone());
        sql.push(" AND p.salary_max >= ").push_bind(*min);
    }
    if let Some(slug) = &filter.company_slug {
        sql.push(" AND c.slug = ").push_bind(slug.clone());
    }
    if let Some(since) = filter.posted_since {
        let start = since.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
        sql.push(" AND p.posted_at >= ").push_bind(micros(start));
    }
    for skill in &filter.skills {
        sql.push(
            " AND EXISTS (SELECT 1 FROM posting_skills s WHERE s.posting_id = p.id AND s.skill = ",
        )
        .push_bind(skill.clone())
        .push(")");
    }
    if let Some(location) = &filter.location {
        sql.push(" AND EXISTS (SELECT 1 FROM posting_locations l WHERE l.posting_id = p.id AND (l.city_key = ")
            .push_bind(location.clone())
            .push(" OR l.country = ")
            .push_bind(location.clone())
            .push("))");
    }
    if let Some(after) = query.after {
        sql.push(" AND (p.posted_at, p.job_code) < (")
            .push_bind(micros(after.posted_at))
            .push(", ")
            .push_bind(after.job_code.0)
            .push(")");
    }
    sql.push(" ORDER BY p.posted_at DESC, p.job_code DESC LIMIT ")
        .push_bind(i64::from(query.limit) + 1);
    let rows = sql.build().fetch_all(pool).await?;
    let more = rows.len() > query.limit as usize;
    let items = rows
        .iter()
        .take(query.limit as usize)
        .map(summary)
        .collect::<StoreResult<Vec<_>>>()?;
    Ok((items, more))
}

fn summary(row: &SqliteRow) -> StoreResult<PostingSummary> {
    let salary = match row.try_get::<Option<i64>, _>("salary_min")? {
        Some(min) => Some(Salary {
            min: u32::try_from(min).unwrap_or(u32::MAX),
            max: u32::try_from(row.try_get::<i64, _>("salary_max")?).unwrap_or(u32::MAX),
            currency: row.try_get("salary_currency")?,
            period: stored(row.try_get("salary_period")?, SalaryPeriod::from_db)?,
        }),
        None => None,
    };
    Ok(PostingSummary {
        job_code: JobCode(row.try_get("job_code")?),
        title: row.try_get("title")?,
        company: CompanyRef {
            slug: row.try_get("slug")?,
            name: row.try_get("name")?,
        },
        functional_area: row.try_get("functional_area")?,
        category: row.try_get("category")?,
        skills: serde_json::from_str(row.try_get("skills_json")?)?,
        workplace_type: stored(row.try_get("workplace_type")?, WorkplaceType::from_db)?,
        employment_type: stored(row.try_get("employment_type")?, EmploymentType::from_db)?,
        locations: serde_json::from_str(row.try_get("locations_json")?)?,
        experience: ExperienceRange {
            min_years: row.try_get("experience_min")?,
            max_years: row.try_get("experience_max")?,
        },
        salary,
        posted_at: from_micros(row.try_get("posted_at")?)?,
        valid_through: parse_date(row.try_get("valid_through")?)?,
    })
}

pub async fn expire(
    store: &SqliteStore,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> StoreResult<Vec<JobCode>> {
    let mut tx = store.write().await?;
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT id, job_code FROM postings WHERE status = 'published' AND valid_through < ? LIMIT 1000",
    )
    .bind(date(today))
    .fetch_all(&mut *tx)
    .await?;
    let mut codes = Vec::with_capacity(rows.len());
    for (id, code) in rows {
        sqlx::query("UPDATE postings SET status = 'expired', updated_at = ? WHERE id = ?")
            .bind(micros(now))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let event = Event::new(
            hireboard_domain::event::EventKind::PostingExpired,
            "posting",
            code,
            serde_json::json!({ "job_code": code, "valid_through": date(today.pred_opt().unwrap_or(today)) }),
        );
        record_events(&mut tx, &[event], now).await?;
        codes.push(JobCode(code));
    }
    tx.commit().await?;
    Ok(codes)
}

pub async fn import(store: &SqliteStore, batch: Vec<ImportedPosting>) -> StoreResult<usize> {
    let mut tx = store.write().await?;
    let mut companies: HashMap<String, CompanyId> = HashMap::new();
    let count = batch.len();
    for item in batch {
        let company_id = match companies.get(&item.company_slug) {
            Some(id) => *id,
            None => {
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO companies (slug, name, created_at) VALUES (?, ?, ?)
                     ON CONFLICT (slug) DO UPDATE SET slug = excluded.slug RETURNING id",
                )
                .bind(&item.company_slug)
                .bind(&item.company_name)
                .bind(micros(item.now))
                .fetch_one(&mut *tx)
                .await?;
                companies.insert(item.company_slug.clone(), CompanyId(id));
                CompanyId(id)
            }
        };
        let (_, code) = insert(
            &mut tx,
            PostingRow {
                job_code: item.job_code,
                company_id,
                posted_by: None,
                status: PostingStatus::Published,
                content: &item.content,
                posted_at: Some(item.posted_at),
                valid_through: item.valid_through,
                now: item.now,
            },
        )
        .await?;
        let event = Event::new(
            hireboard_domain::event::EventKind::PostingPublished,
            "posting",
            code,
            serde_json::json!({ "job_code": code, "imported": true }),
        );
        record_events(&mut tx, &[event], item.now).await?;
    }
    tx.commit().await?;
    Ok(count)
}
