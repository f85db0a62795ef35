//! Postings: writes keep the filter tables (skills, locations) in step with the content.

use chrono::{DateTime, NaiveDate, Utc};
use hireboard_domain::event::{PostingChange, PostingSnapshot};
use hireboard_domain::ids::*;
use hireboard_domain::posting::*;
use rand::Rng;
use sqlx::{Executor, QueryBuilder, Row};

use super::common::{job_code, stored_job_code, optional_timestamp, small, stored, timestamp};
use super::events::record_events;
use super::{
    day, from_day, insert_id, ts, Backend, Conn, Day, Db, DbRow, EXTERNAL_REF_COLUMNS, SKIP_LOCKED,
};
use crate::records::*;
use crate::{Rule, StoreError, StoreResult};

const POSTING_COLUMNS: &str = "SELECT p.id, p.job_code, p.company_id, p.posted_by, p.status, p.content_json, p.posted_at, p.reconfirmed_at,
        p.valid_through, p.removal_reason, p.created_at, p.updated_at, c.slug AS company_slug,
        c.name AS company_name, COALESCE(a.display_name, c.name) AS posted_by_name";
const POSTING_FROM: &str = "FROM postings p JOIN companies c ON c.id = p.company_id LEFT JOIN accounts a ON a.id = p.posted_by";

pub async fn by_code<'e>(
    db: impl Executor<'e, Database = Db>,
    code: JobCode,
) -> StoreResult<Option<Posting>> {
    let mut sql = QueryBuilder::<Db>::new(format!(
        "{POSTING_COLUMNS}, {EXTERNAL_REF_COLUMNS} {POSTING_FROM} WHERE p.job_code = "
    ));
    sql.push_bind(code.get());
    let row = sql.build().fetch_optional(db).await?;
    row.as_ref().map(posting).transpose()
}

pub async fn by_id(conn: &mut Conn, id: PostingId) -> StoreResult<Posting> {
    let mut sql = QueryBuilder::<Db>::new(format!(
        "{POSTING_COLUMNS}, {EXTERNAL_REF_COLUMNS} {POSTING_FROM} WHERE p.id = "
    ));
    sql.push_bind(id.0);
    let row = sql
        .build()
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    posting(&row)
}

#[async_trait::async_trait]
impl crate::ListedPostings for Backend {
    async fn listed_after(&self, after: Option<JobCode>, limit: u32) -> StoreResult<Vec<Posting>> {
        let mut sql = QueryBuilder::<Db>::new(format!(
            "{POSTING_COLUMNS}, {EXTERNAL_REF_COLUMNS} {POSTING_FROM} WHERE p.status = 'published' AND p.job_code > "
        ));
        sql.push_bind(after.map_or(0, JobCode::get))
            .push(" ORDER BY p.job_code LIMIT ")
            .push_bind(i64::from(limit));
        let rows = sql.build().fetch_all(&self.pool).await?;
        rows.iter().map(posting).collect()
    }
}

fn posting(row: &DbRow) -> StoreResult<Posting> {
    Ok(Posting {
        id: PostingId(row.try_get("id")?),
        company_id: CompanyId(row.try_get("company_id")?),
        posted_by_id: row.try_get::<Option<i64>, _>("posted_by")?.map(AccountId),
        job_code: job_code(row, "job_code")?,
        status: stored(row.try_get("status")?, PostingStatus::from_db)?,
        company: CompanyRef {
            slug: row.try_get("company_slug")?,
            name: row.try_get("company_name")?,
        },
        posted_by: row.try_get("posted_by_name")?,
        content: serde_json::from_str(&row.try_get::<String, _>("content_json")?)?,
        posted_at: optional_timestamp(row, "posted_at")?,
        reconfirmed_at: optional_timestamp(row, "reconfirmed_at")?,
        valid_through: from_day(row.try_get::<Day, _>("valid_through")?)?,
        removal_reason: row.try_get("removal_reason")?,
        external_ref: external_ref(row)?,
        created_at: timestamp(row, "created_at")?,
        updated_at: timestamp(row, "updated_at")?,
    })
}

fn external_ref(row: &DbRow) -> StoreResult<Option<ExternalRef>> {
    let source: Option<String> = row.try_get("external_source")?;
    let id: Option<String> = row.try_get("external_id")?;
    match (source, id) {
        (Some(source), Some(id)) => ExternalRef::parse(&source, &id)
            .map(Some)
            .map_err(|e| StoreError::internal(format!("stored external reference: {e}"))),
        _ => Ok(None),
    }
}

/// Where a new posting row comes from.
pub struct PostingRow<'a> {
    pub job_code: Option<JobCode>,
    pub company_id: CompanyId,
    pub posted_by: Option<AccountId>,
    pub status: PostingStatus,
    pub content: &'a PostingContent,
    pub external_ref: Option<&'a ExternalRef>,
    pub posted_at: Option<DateTime<Utc>>,
    pub valid_through: NaiveDate,
    pub now: DateTime<Utc>,
}

pub fn random_job_code() -> JobCode {
    let code = rand::thread_rng().gen_range(JobCode::MIN..=JobCode::MAX);
    JobCode::new(code).expect("drawn from the job code range")
}

/// A random job code not in use yet; a given code must be free.
async fn free_code(conn: &mut Conn, wanted: Option<JobCode>) -> StoreResult<JobCode> {
    for _ in 0..16 {
        let code = wanted
            .unwrap_or_else(random_job_code);
        let mut sql = QueryBuilder::<Db>::new("SELECT id FROM postings WHERE job_code = ");
        sql.push_bind(code.get());
        match sql.build().fetch_optional(&mut *conn).await? {
            None => return Ok(code),
            Some(_) if wanted.is_some() => return Err(StoreError::Conflict(Rule::PostingJobCode)),
            Some(_) => continue,
        }
    }
    Err(StoreError::internal("no free job code found"))
}

/// The columns derived from a posting's content, with their values.
pub fn content_columns(content: &PostingContent) -> StoreResult<Vec<(&'static str, Value)>> {
    let salary = content.salary();
    Ok(vec![
        ("title", Value::Text(Some(content.title().to_owned()))),
        (
            "functional_area",
            Value::Text(Some(content.functional_area().to_owned())),
        ),
        (
            "functional_area_key",
            Value::Text(Some(content.functional_area().to_lowercase())),
        ),
        ("category", Value::Text(Some(content.category().to_owned()))),
        (
            "workplace_type",
            Value::Text(Some(content.workplace_type().as_str().to_owned())),
        ),
        (
            "employment_type",
            Value::Text(Some(content.employment_type().as_str().to_owned())),
        ),
        (
            "experience_min",
            Value::Int(Some(i64::from(content.experience().min_years))),
        ),
        (
            "experience_max",
            Value::Int(Some(i64::from(content.experience().max_years))),
        ),
        ("salary_min", Value::Int(salary.map(|s| i64::from(s.min)))),
        ("salary_max", Value::Int(salary.map(|s| i64::from(s.max)))),
        (
            "salary_currency",
            Value::Text(salary.map(|s| s.currency.clone())),
        ),
        (
            "salary_period",
            Value::Text(salary.map(|s| s.period.as_str().to_owned())),
        ),
        (
            "skills_json",
            Value::Text(Some(serde_json::to_string(content.skills())?)),
        ),
        (
            "locations_json",
            Value::Text(Some(serde_json::to_string(content.locations())?)),
        ),
        (
            "content_json",
            Value::Text(Some(serde_json::to_string(content)?)),
        ),
    ])
}

/// A column value of one of the two kinds postings store besides times and dates.
pub enum Value {
    Text(Option<String>),
    Int(Option<i64>),
}

fn bind(sql: &mut QueryBuilder<'_, Db>, value: Value) {
    match value {
        Value::Text(text) => sql.push_bind(text),
        Value::Int(int) => sql.push_bind(int),
    };
}

/// Inserts a posting with the given or a fresh random job code.
pub async fn insert(conn: &mut Conn, row: PostingRow<'_>) -> StoreResult<(PostingId, JobCode)> {
    let code = free_code(conn, row.job_code).await?;
    let columns = content_columns(row.content)?;
    let names: Vec<&str> = columns.iter().map(|(name, _)| *name).collect();
    let mut sql = QueryBuilder::<Db>::new(format!(
        "INSERT INTO postings (job_code, company_id, posted_by, status, posted_at, valid_through, created_at, updated_at, external_source, external_id, {}) VALUES (",
        names.join(", ")
    ));
    let mut values = sql.separated(", ");
    values
        .push_bind(code.get())
        .push_bind(row.company_id.0)
        .push_bind(row.posted_by.map(|a| a.0))
        .push_bind(row.status.as_str())
        .push_bind(row.posted_at.map(ts))
        .push_bind(day(row.valid_through))
        .push_bind(ts(row.now))
        .push_bind(ts(row.now))
        .push_bind(row.external_ref.map(|r| r.source().to_owned()))
        .push_bind(row.external_ref.map(|r| r.id().to_owned()));
    for (_, value) in columns {
        sql.push(", ");
        bind(&mut sql, value);
    }
    sql.push(")");
    let id = PostingId(insert_id(conn, sql).await?);
    write_filters(conn, id, row.content).await?;
    Ok((id, code))
}

/// Rewrites the rows that listing filters join on.
async fn write_filters(
    conn: &mut Conn,
    id: PostingId,
    content: &PostingContent,
) -> StoreResult<()> {
    for table in ["posting_skills", "posting_locations"] {
        let mut sql = QueryBuilder::<Db>::new(format!("DELETE FROM {table} WHERE posting_id = "));
        sql.push_bind(id.0).build().execute(&mut *conn).await?;
    }
    if !content.skills().is_empty() {
        let mut sql = QueryBuilder::<Db>::new("INSERT INTO posting_skills (posting_id, skill) ");
        sql.push_values(content.skills(), |mut row, skill| {
            row.push_bind(id.0).push_bind(skill.clone());
        });
        sql.build().execute(&mut *conn).await?;
    }
    if !content.locations().is_empty() {
        let mut sql = QueryBuilder::<Db>::new(
            "INSERT INTO posting_locations (posting_id, city_key, country) ",
        );
        sql.push_values(content.locations(), |mut row, location| {
            row.push_bind(id.0)
                .push_bind(location.city.as_ref().map(|c| c.to_lowercase()))
                .push_bind(location.country.clone());
        });
        sql.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// Records a posting event carrying the posting as this transaction leaves it, so the event
/// always describes exactly what committed; returns that posting.
pub async fn record_posting_event(
    conn: &mut Conn,
    id: PostingId,
    change: PostingChange,
    now: DateTime<Utc>,
) -> StoreResult<Posting> {
    let posting = by_id(conn, id).await?;
    let event = change.into_event(PostingSnapshot::from(&posting));
    record_events(conn, &[event], now).await?;
    Ok(posting)
}

pub async fn create(store: &Backend, new: NewPosting) -> StoreResult<Posting> {
    store
        .writer
        .run(move |conn| {
            Box::pin(async move {
                let row = PostingRow {
                    job_code: None,
                    company_id: new.company_id,
                    posted_by: Some(new.posted_by),
                    status: PostingStatus::Draft,
                    content: &new.content,
                    external_ref: None,
                    posted_at: None,
                    valid_through: new.valid_through,
                    now: new.now,
                };
                let (id, _) = insert(conn, row).await?;
                let created = PostingChange::Created { by: new.posted_by };
                record_posting_event(conn, id, created, new.now).await
            })
        })
        .await
}

pub async fn update(
    store: &Backend,
    id: PostingId,
    content: PostingContent,
    valid_through: NaiveDate,
    event: PostingChange,
) -> StoreResult<Posting> {
    let now = Utc::now();
    store
        .writer
        .run(move |conn| {
            Box::pin(async move {
                let editable = "status IN ('draft', 'published', 'expired')";
                if !rewrite(conn, id, &content, valid_through, now, editable).await? {
                    return Err(StoreError::StateChanged);
                }
                record_posting_event(conn, id, event, now).await
            })
        })
        .await
}

/// Replaces a posting's content and validity if it satisfies `condition` (SQL on the
/// posting's columns); whether it did.
pub async fn rewrite(
    conn: &mut Conn,
    id: PostingId,
    content: &PostingContent,
    valid_through: NaiveDate,
    now: DateTime<Utc>,
    condition: &str,
) -> StoreResult<bool> {
    let mut sql = QueryBuilder::<Db>::new("UPDATE postings SET valid_through = ");
    sql.push_bind(day(valid_through))
        .push(", updated_at = ")
        .push_bind(ts(now));
    for (name, value) in content_columns(content)? {
        sql.push(format!(", {name} = "));
        bind(&mut sql, value);
    }
    sql.push(" WHERE id = ")
        .push_bind(id.0)
        .push(format!(" AND {condition}"));
    if sql.build().execute(&mut *conn).await?.rows_affected() == 0 {
        return Ok(false);
    }
    write_filters(conn, id, content).await?;
    Ok(true)
}

/// Applies a guarded status change inside the caller's transaction.
pub async fn change_status(
    conn: &mut Conn,
    id: PostingId,
    change: &StatusChange,
) -> StoreResult<()> {
    let mut sql = QueryBuilder::<Db>::new("UPDATE postings SET status = ");
    sql.push_bind(change.to.as_str());
    sql.push(", updated_at = ").push_bind(ts(change.now));
    sql.push(", removal_reason = ")
        .push_bind(change.removal_reason.clone());
    if let Some(at) = change.publish_at {
        sql.push(", posted_at = COALESCE(posted_at, ")
            .push_bind(ts(at))
            .push(")");
    }
    if let Some(valid_through) = change.valid_through {
        sql.push(", valid_through = ").push_bind(day(valid_through));
    }
    if change.reconfirmed {
        sql.push(", reconfirmed_at = ").push_bind(ts(change.now));
    }
    sql.push(" WHERE id = ")
        .push_bind(id.0)
        .push(" AND status IN (");
    let mut statuses = sql.separated(", ");
    for status in change.from {
        statuses.push_bind(status.as_str());
    }
    sql.push(")");
    if sql.build().execute(&mut *conn).await?.rows_affected() == 0 {
        return Err(StoreError::StateChanged);
    }
    Ok(())
}

pub async fn change_status_with_event(
    store: &Backend,
    id: PostingId,
    change: StatusChange,
    event: PostingChange,
) -> StoreResult<Posting> {
    store
        .writer
        .run(move |conn| {
            Box::pin(async move {
                change_status(conn, id, &change).await?;
                record_posting_event(conn, id, event, change.now).await
            })
        })
        .await
}

/// Expires up to 1000 due postings. Rows are claimed with `SKIP LOCKED` where the database
/// has it, so instances sweeping at the same time split the work instead of colliding.
pub async fn expire(
    store: &Backend,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> StoreResult<Vec<JobCode>> {
    store
        .writer
        .run(move |conn| Box::pin(expire_due(conn, today, now)))
        .await
}

async fn expire_due(
    conn: &mut Conn,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> StoreResult<Vec<JobCode>> {
    let mut sql = QueryBuilder::<Db>::new(
        "SELECT id, job_code FROM postings WHERE status = 'published' AND valid_through < ",
    );
    sql.push_bind(day(today))
        .push(" ORDER BY id LIMIT 1000")
        .push(SKIP_LOCKED);
    let due = sql.build().fetch_all(&mut *conn).await?;
    let mut codes = Vec::with_capacity(due.len());
    for row in due {
        let (id, code): (i64, i64) = (row.try_get("id")?, row.try_get("job_code")?);
        let id = PostingId(id);
        let mut sql =
            QueryBuilder::<Db>::new("UPDATE postings SET status = 'expired', updated_at = ");
        sql.push_bind(ts(now))
            .push(" WHERE id = ")
            .push_bind(id.0)
            .push(" AND status = 'published'");
        if sql.build().execute(&mut *conn).await?.rows_affected() == 0 {
            continue;
        }
        let expired = PostingChange::Expired { expired_on: today };
        record_posting_event(conn, id, expired, now).await?;
        codes.push(stored_job_code(code)?);
    }
    Ok(codes)
}

pub(super) fn summary(row: &DbRow) -> StoreResult<PostingSummary> {
    let salary = match row.try_get::<Option<i64>, _>("salary_min")? {
        Some(min) => Some(Salary {
            min: small(min)?,
            max: small(row.try_get("salary_max")?)?,
            currency: row.try_get("salary_currency")?,
            period: stored(row.try_get("salary_period")?, SalaryPeriod::from_db)?,
        }),
        None => None,
    };
    Ok(PostingSummary {
        job_code: job_code(row, "job_code")?,
        title: row.try_get("title")?,
        company: CompanyRef {
            slug: row.try_get("slug")?,
            name: row.try_get("name")?,
        },
        functional_area: row.try_get("functional_area")?,
        category: row.try_get("category")?,
        skills: serde_json::from_str(&row.try_get::<String, _>("skills_json")?)?,
        workplace_type: stored(row.try_get("workplace_type")?, WorkplaceType::from_db)?,
        employment_type: stored(row.try_get("employment_type")?, EmploymentType::from_db)?,
        locations: serde_json::from_str(&row.try_get::<String, _>("locations_json")?)?,
        experience: ExperienceRange {
            min_years: small(row.try_get("experience_min")?)?,
            max_years: small(row.try_get("experience_max")?)?,
        },
        salary,
        posted_at: timestamp(row, "posted_at")?,
        valid_through: from_day(row.try_get::<Day, _>("valid_through")?)?,
    })
}
