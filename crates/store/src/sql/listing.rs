//! The public listing: published, unexpired postings, filtered, newest first, by keyset.

use chrono::NaiveDate;
use hireboard_domain::posting::{ListingQuery, PostingSummary};
use sqlx::QueryBuilder;

use super::postings::summary;
use super::{day, push_before, ts, Db, Pool, UNINDEXED_VALID_THROUGH};
use crate::StoreResult;

pub async fn list(
    pool: &Pool,
    query: &ListingQuery,
    today: NaiveDate,
) -> StoreResult<(Vec<PostingSummary>, bool)> {
    let filter = &query.filter;
    let mut sql = QueryBuilder::<Db>::new(format!(
        "SELECT p.job_code, p.title, c.slug, c.name, p.functional_area, p.category, p.skills_json, p.workplace_type,
            p.employment_type, p.locations_json, p.experience_min, p.experience_max, p.salary_min, p.salary_max,
            p.salary_currency, p.salary_period, p.posted_at, p.valid_through
         FROM postings p JOIN companies c ON c.id = p.company_id
         WHERE p.status = 'published' AND {UNINDEXED_VALID_THROUGH} >= "
    ));
    sql.push_bind(day(today));
    if let Some(area) = &filter.functional_area {
        sql.push(" AND p.functional_area_key = ")
            .push_bind(area.clone());
    }
    if let Some(workplace) = filter.workplace_type {
        sql.push(" AND p.workplace_type = ")
            .push_bind(workplace.as_str());
    }
    if let Some(years) = filter.experience_years {
        sql.push(" AND p.experience_min <= ")
            .push_bind(i64::from(years));
        sql.push(" AND p.experience_max >= ")
            .push_bind(i64::from(years));
    }
    if let Some((min, currency)) = &filter.salary {
        sql.push(" AND p.salary_currency = ")
            .push_bind(currency.clone());
        sql.push(" AND p.salary_max >= ").push_bind(i64::from(*min));
    }
    if let Some(slug) = &filter.company_slug {
        sql.push(" AND c.slug = ").push_bind(slug.clone());
    }
    if let Some(since) = filter.posted_since {
        sql.push(" AND p.posted_at >= ")
            .push_bind(ts(since.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()));
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
        sql.push(" AND ");
        push_before(
            &mut sql,
            ["p.posted_at", "p.job_code"],
            ts(after.posted_at),
            after.job_code.get(),
        );
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
