//! Reports, the moderation queue and moderators' decisions.

use hireboard_domain::event::Event;
use hireboard_domain::ids::*;
use hireboard_domain::posting::{Posting, PostingStatus};
use hireboard_domain::report::*;
use sqlx::sqlite::{SqlitePool, SqliteRow};
use sqlx::Row;

use super::rows::{from_micros, micros, stored};
use super::{postings, record_audit, record_events, SqliteStore};
use crate::records::*;
use crate::{StoreError, StoreResult};

const REPORT_SELECT: &str =
    "SELECT r.id, p.job_code, r.reporter_id, r.reason, r.details, r.status, r.resolution_note,
        r.created_at, r.resolved_at
    FROM reports r JOIN postings p ON p.id = r.posting_id";

pub async fn file(
    store: &SqliteStore,
    new: NewReport,
    threshold: u32,
    mut event: Event,
    hide_event: Event,
) -> StoreResult<(Report, bool)> {
    let mut tx = store.write().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO reports (posting_id, reporter_id, reason, details, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(new.posting_id.0)
    .bind(new.reporter_id.0)
    .bind(new.reason.as_str())
    .bind(&new.details)
    .bind(micros(new.now))
    .fetch_one(&mut *tx)
    .await?;
    event.key = id.to_string();
    let mut events = vec![event];
    let (reporters,): (i64,) = sqlx::query_as(
        "SELECT COUNT(DISTINCT reporter_id) FROM reports WHERE posting_id = ? AND status = 'open'",
    )
    .bind(new.posting_id.0)
    .fetch_one(&mut *tx)
    .await?;
    let mut hidden = false;
    if reporters >= i64::from(threshold) {
        hidden = sqlx::query("UPDATE postings SET status = 'hidden', updated_at = ? WHERE id = ? AND status = 'published'")
            .bind(micros(new.now))
            .bind(new.posting_id.0)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            > 0;
        if hidden {
            events.push(hide_event);
        }
    }
    record_events(&mut tx, &events, new.now).await?;
    tx.commit().await?;
    let report = by_id(&store.pool, ReportId(id))
        .await?
        .ok_or(StoreError::NotFound)?;
    Ok((report, hidden))
}

pub async fn by_id(pool: &SqlitePool, id: ReportId) -> StoreResult<Option<Report>> {
    let row = sqlx::query(&format!("{REPORT_SELECT} WHERE r.id = ?"))
        .bind(id.0)
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(report).transpose()
}

fn report(row: &SqliteRow) -> StoreResult<Report> {
    Ok(Report {
        id: ReportId(row.try_get("id")?),
        job_code: JobCode(row.try_get("job_code")?),
        reporter_id: AccountId(row.try_get("reporter_id")?),
        reason: stored(row.try_get("reason")?, ReportReason::from_db)?,
        details: row.try_get("details")?,
        status: stored(row.try_get("status")?, ReportStatus::from_db)?,
        resolution_note: row.try_get("resolution_note")?,
        created_at: from_micros(row.try_get("created_at")?)?,
        resolved_at: row
            .try_get::<Option<i64>, _>("resolved_at")?
            .map(from_micros)
            .transpose()?,
    })
}

/// Postings with open reports, most-reported first, then oldest first.
pub async fn queue(pool: &SqlitePool, limit: u32) -> StoreResult<Vec<QueueEntry>> {
    let heads = sqlx::query(
        "SELECT r.posting_id, COUNT(DISTINCT r.reporter_id) AS reporters, MIN(r.created_at) AS first_at,
                p.job_code, p.title, p.status, c.name AS company_name
         FROM reports r JOIN postings p ON p.id = r.posting_id JOIN companies c ON c.id = p.company_id
         WHERE r.status = 'open'
         GROUP BY r.posting_id ORDER BY reporters DESC, first_at ASC LIMIT ?",
    )
    .bind(limit)
    .fetch_all(pool)
    .await?;
    let mut entries = Vec::with_capacity(heads.len());
    for head in heads {
        let posting_id: i64 = head.try_get("posting_id")?;
        let reports = sqlx::query(&format!(
            "{REPORT_SELECT} WHERE r.posting_id = ? AND r.status = 'open' ORDER BY r.id"
        ))
        .bind(posting_id)
        .fetch_all(pool)
        .await?
        .iter()
        .map(report)
        .collect::<StoreResult<Vec<_>>>()?;
        let mut reasons: Vec<ReasonCount> = Vec::new();
        for r in &reports {
            match reasons.iter_mut().find(|c| c.reason == r.reason) {
                Some(count) => count.count += 1,
                None => reasons.push(ReasonCount {
                    reason: r.reason,
                    count: 1,
                }),
            }
        }
        reasons.sort_by_key(|c| std::cmp::Reverse(c.count));
        entries.push(QueueEntry {
            job_code: JobCode(head.try_get("job_code")?),
            title: head.try_get("title")?,
            company_name: head.try_get("company_name")?,
            posting_status: stored(head.try_get("status")?, PostingStatus::from_db)?,
            open_reports: head.try_get("reporters")?,
            reasons,
            first_reported_at: from_micros(head.try_get("first_at")?)?,
            reports,
        });
    }
    Ok(entries)
}

pub async fn resolve(
    store: &SqliteStore,
    id: ReportId,
    status: ReportStatus,
    audit: Audit,
    event: Event,
) -> StoreResult<Report> {
    let mut tx = store.write().await?;
    let changed = sqlx::query(
        "UPDATE reports SET status = ?, resolution_note = ?, resolved_by = ?, resolved_at = ? WHERE id = ? AND status = 'open'",
    )
    .bind(status.as_str())
    .bind(&audit.reason)
    .bind(audit.actor.0)
    .bind(micros(audit.now))
    .bind(id.0)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(StoreError::StateChanged);
    }
    record_audit(&mut tx, &audit, &format!("report:{}", id.0)).await?;
    record_events(&mut tx, &[event], audit.now).await?;
    tx.commit().await?;
    by_id(&store.pool, id).await?.ok_or(StoreError::NotFound)
}

pub async fn moderate(
    store: &SqliteStore,
    id: PostingId,
    change: StatusChange,
    reports_to: ReportStatus,
    audit: Audit,
    events: Vec<Event>,
) -> StoreResult<Posting> {
    let mut tx = store.write().await?;
    postings::change_status(&mut tx, id, &change).await?;
    sqlx::query(
        "UPDATE reports SET status = ?, resolution_note = ?, resolved_by = ?, resolved_at = ? WHERE posting_id = ? AND status = 'open'",
    )
    .bind(reports_to.as_str())
    .bind(&audit.reason)
    .bind(audit.actor.0)
    .bind(micros(audit.now))
    .bind(id.0)
    .execute(&mut *tx)
    .await?;
    let (code,): (i64,) = sqlx::query_as("SELECT job_code FROM postings WHERE id = ?")
        .bind(id.0)
        .fetch_one(&mut *tx)
        .await?;
    record_audit(&mut tx, &audit, &format!("posting:{code}")).await?;
    record_events(&mut tx, &events, audit.now).await?;
    tx.commit().await?;
    postings::by_id(&store.pool, id).await
}
