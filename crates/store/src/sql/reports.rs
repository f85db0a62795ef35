//! Reports, the moderation queue and moderators' decisions.

use hireboard_domain::event::Event;
use hireboard_domain::ids::*;
use hireboard_domain::posting::{Posting, PostingStatus};
use hireboard_domain::report::*;
use sqlx::{Executor, QueryBuilder, Row};

use super::common::{optional_timestamp, record_audit, record_events, stored, timestamp};
use super::{insert_id, postings, ts, Backend, Conn, Db, DbRow, Pool, FOR_UPDATE};
use crate::records::*;
use crate::{StoreError, StoreResult};

const REPORT_SELECT: &str =
    "SELECT r.id, p.job_code, r.reporter_id, r.reason, r.details, r.status, r.resolution_note,
        r.created_at, r.resolved_at
    FROM reports r JOIN postings p ON p.id = r.posting_id";

pub async fn file(
    store: &Backend,
    new: NewReport,
    threshold: u32,
    event: Event,
    hide_event: Event,
) -> StoreResult<(Report, bool)> {
    store
        .writer
        .run(move |conn| Box::pin(file_counted(conn, new, threshold, event, hide_event)))
        .await
}

/// Files the report and hides the posting if this report is the one that reaches the
/// threshold. Reporters of one posting take turns on its row (locked first, before anything
/// else of the posting is touched, so two reporters never hold locks the other needs): each
/// counts the open reports committed before it, so exactly one of any number of concurrent
/// reporters sees the count reach the threshold, and the hide itself only moves a published
/// posting.
async fn file_counted(
    conn: &mut Conn,
    new: NewReport,
    threshold: u32,
    mut event: Event,
    hide_event: Event,
) -> StoreResult<(Report, bool)> {
    let mut sql = QueryBuilder::<Db>::new("SELECT status FROM postings WHERE id = ");
    sql.push_bind(new.posting_id.0).push(FOR_UPDATE);
    sql.build()
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let mut sql = QueryBuilder::<Db>::new("INSERT INTO reports (posting_id, reporter_id, reason, details, status, created_at) VALUES (");
    sql.separated(", ")
        .push_bind(new.posting_id.0)
        .push_bind(new.reporter_id.0)
        .push_bind(new.reason.as_str())
        .push_bind(new.details)
        .push_bind(ReportStatus::Open.as_str())
        .push_bind(ts(new.now));
    sql.push(")");
    let id = ReportId(insert_id(conn, sql).await?);
    event.key = id.0.to_string();
    let mut events = vec![event];
    let mut sql = QueryBuilder::<Db>::new("SELECT COUNT(DISTINCT reporter_id) AS reporters FROM reports WHERE status = 'open' AND posting_id = ");
    sql.push_bind(new.posting_id.0);
    let reporters: i64 = sql
        .build()
        .fetch_one(&mut *conn)
        .await?
        .try_get("reporters")?;
    let mut hidden = false;
    if reporters >= i64::from(threshold) {
        let mut sql =
            QueryBuilder::<Db>::new("UPDATE postings SET status = 'hidden', updated_at = ");
        sql.push_bind(ts(new.now))
            .push(" WHERE status = 'published' AND id = ")
            .push_bind(new.posting_id.0);
        hidden = sql.build().execute(&mut *conn).await?.rows_affected() > 0;
        if hidden {
            events.push(hide_event);
        }
    }
    record_events(conn, &events, new.now).await?;
    let report = by_id(&mut *conn, id).await?.ok_or(StoreError::NotFound)?;
    Ok((report, hidden))
}

pub async fn by_id<'e>(
    db: impl Executor<'e, Database = Db>,
    id: ReportId,
) -> StoreResult<Option<Report>> {
    let mut sql = QueryBuilder::<Db>::new(format!("{REPORT_SELECT} WHERE r.id = "));
    sql.push_bind(id.0);
    let row = sql.build().fetch_optional(db).await?;
    row.as_ref().map(report).transpose()
}

fn report(row: &DbRow) -> StoreResult<Report> {
    Ok(Report {
        id: ReportId(row.try_get("id")?),
        job_code: JobCode(row.try_get("job_code")?),
        reporter_id: AccountId(row.try_get("reporter_id")?),
        reason: stored(row.try_get("reason")?, ReportReason::from_db)?,
        details: row.try_get("details")?,
        status: stored(row.try_get("status")?, ReportStatus::from_db)?,
        resolution_note: row.try_get("resolution_note")?,
        created_at: timestamp(row, "created_at")?,
        resolved_at: optional_timestamp(row, "resolved_at")?,
    })
}

/// Postings with open reports, most-reported first, then oldest first.
pub async fn queue(pool: &Pool, limit: u32) -> StoreResult<Vec<QueueEntry>> {
    let mut sql = QueryBuilder::<Db>::new(
        "SELECT p.id AS posting_id, COUNT(DISTINCT r.reporter_id) AS reporters, MIN(r.created_at) AS first_at,
                p.job_code, p.title, p.status, c.name AS company_name
         FROM reports r JOIN postings p ON p.id = r.posting_id JOIN companies c ON c.id = p.company_id
         WHERE r.status = 'open'
         GROUP BY p.id, p.job_code, p.title, p.status, c.name
         ORDER BY reporters DESC, first_at ASC LIMIT ",
    );
    sql.push_bind(i64::from(limit));
    let heads = sql.build().fetch_all(pool).await?;
    let mut entries = Vec::with_capacity(heads.len());
    for head in heads {
        let mut sql = QueryBuilder::<Db>::new(format!(
            "{REPORT_SELECT} WHERE r.status = 'open' AND r.posting_id = "
        ));
        sql.push_bind(head.try_get::<i64, _>("posting_id")?)
            .push(" ORDER BY r.id");
        let reports = sql
            .build()
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
            first_reported_at: timestamp(&head, "first_at")?,
            reports,
        });
    }
    Ok(entries)
}

/// Resolves open reports (one, or all of a posting) as `status`, recording who and why.
fn resolve_open(status: ReportStatus, audit: &Audit) -> QueryBuilder<'static, Db> {
    let mut sql = QueryBuilder::<Db>::new("UPDATE reports SET status = ");
    sql.push_bind(status.as_str())
        .push(", resolution_note = ")
        .push_bind(audit.reason.clone())
        .push(", resolved_by = ")
        .push_bind(audit.actor.0)
        .push(", resolved_at = ")
        .push_bind(ts(audit.now))
        .push(" WHERE status = 'open' AND ");
    sql
}

pub async fn resolve(
    store: &Backend,
    id: ReportId,
    status: ReportStatus,
    audit: Audit,
    event: Event,
) -> StoreResult<Report> {
    store
        .writer
        .run(move |conn| {
            Box::pin(async move {
                let mut sql = resolve_open(status, &audit);
                sql.push("id = ").push_bind(id.0);
                if sql.build().execute(&mut *conn).await?.rows_affected() == 0 {
                    return Err(StoreError::StateChanged);
                }
                record_audit(conn, &audit, &format!("report:{}", id.0)).await?;
                record_events(conn, &[event], audit.now).await?;
                by_id(&mut *conn, id).await?.ok_or(StoreError::NotFound)
            })
        })
        .await
}

pub async fn moderate(
    store: &Backend,
    id: PostingId,
    change: StatusChange,
    reports_to: ReportStatus,
    audit: Audit,
    events: Vec<Event>,
) -> StoreResult<Posting> {
    store
        .writer
        .run(move |conn| {
            Box::pin(async move {
                postings::change_status(conn, id, &change).await?;
                let mut sql = resolve_open(reports_to, &audit);
                sql.push("posting_id = ").push_bind(id.0);
                sql.build().execute(&mut *conn).await?;
                let mut sql = QueryBuilder::<Db>::new("SELECT job_code FROM postings WHERE id = ");
                sql.push_bind(id.0);
                let code: i64 = sql
                    .build()
                    .fetch_one(&mut *conn)
                    .await?
                    .try_get("job_code")?;
                record_audit(conn, &audit, &format!("posting:{code}")).await?;
                record_events(conn, &events, audit.now).await?;
                postings::by_id(conn, id).await
            })
        })
        .await
}
