//! Reports, the moderation queue and moderators' decisions.

use std::collections::HashMap;

use hireboard_domain::event::{Event, PostingChange, ReportFiled, ReportResolved};
use hireboard_domain::ids::*;
use hireboard_domain::posting::{Posting, PostingStatus};
use hireboard_domain::report::*;
use sqlx::{Executor, QueryBuilder, Row};

use super::common::{job_code, optional_timestamp, record_audit, stored, timestamp};
use super::events::record_events;
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
) -> StoreResult<(Report, bool)> {
    store
        .writer
        .run(move |conn| Box::pin(file_counted(conn, new, threshold)))
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
) -> StoreResult<(Report, bool)> {
    let mut sql = QueryBuilder::<Db>::new("SELECT job_code FROM postings WHERE id = ");
    sql.push_bind(new.posting_id.0).push(FOR_UPDATE);
    let posting = sql
        .build()
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let code = job_code(&posting, "job_code")?;
    let mut sql = QueryBuilder::<Db>::new("INSERT INTO reports (posting_id, reporter_id, reason, details, status, created_at) VALUES (");
    sql.separated(", ")
        .push_bind(new.posting_id.0)
        .push_bind(new.reporter_id.0)
        .push_bind(new.reason.as_str())
        .push_bind(new.details.clone())
        .push_bind(ReportStatus::Open.as_str())
        .push_bind(ts(new.now));
    sql.push(")");
    let id = ReportId(insert_id(conn, sql).await?);
    let filed = Event::ReportFiled(ReportFiled {
        report: id,
        job_code: code,
        reason: new.reason,
        reporter: new.reporter_id,
    });
    record_events(conn, &[filed], new.now).await?;
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
            let by_reports = PostingChange::Hidden { by: None, reason: None };
            postings::record_posting_event(conn, new.posting_id, by_reports, new.now).await?;
        }
    }
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
        job_code: job_code(row, "job_code")?,
        reporter_id: AccountId(row.try_get("reporter_id")?),
        reason: stored(row.try_get("reason")?, ReportReason::from_db)?,
        details: row.try_get("details")?,
        status: stored(row.try_get("status")?, ReportStatus::from_db)?,
        resolution_note: row.try_get("resolution_note")?,
        created_at: timestamp(row, "created_at")?,
        resolved_at: optional_timestamp(row, "resolved_at")?,
    })
}

/// Reports of each queue entry listed in full; the rest are counted.
const REPORTS_PER_ENTRY: i64 = 20;

/// One page of postings with reports of the asked status (and reason): most distinct
/// reporters first, then the longest waiting, then by job code, so pages never overlap.
pub async fn queue(pool: &Pool, page: &QueuePage) -> StoreResult<(Vec<QueueEntry>, bool)> {
    const REPORTERS: &str = "COUNT(DISTINCT r.reporter_id)";
    const FIRST_AT: &str = "MIN(r.created_at)";
    let mut sql = QueryBuilder::<Db>::new(format!(
        "SELECT p.id AS posting_id, {REPORTERS} AS reporters, COUNT(*) AS report_count,
                {FIRST_AT} AS first_at, p.job_code, p.title, p.status, c.name AS company_name
         FROM reports r JOIN postings p ON p.id = r.posting_id JOIN companies c ON c.id = p.company_id
         WHERE r.status = "
    ));
    sql.push_bind(page.status.as_str());
    if let Some(reason) = page.reason {
        sql.push(" AND r.reason = ").push_bind(reason.as_str());
    }
    sql.push(" GROUP BY p.id, p.job_code, p.title, p.status, c.name");
    if let Some(after) = page.after {
        let first_at = ts(after.first_reported_at);
        sql.push(format!(" HAVING {REPORTERS} < "))
            .push_bind(after.reporters)
            .push(format!(" OR ({REPORTERS} = "))
            .push_bind(after.reporters)
            .push(format!(" AND ({FIRST_AT} > "))
            .push_bind(first_at)
            .push(format!(" OR ({FIRST_AT} = "))
            .push_bind(first_at)
            .push(" AND p.job_code > ")
            .push_bind(after.job_code.get())
            .push(")))");
    }
    sql.push(" ORDER BY reporters DESC, first_at ASC, p.job_code ASC LIMIT ")
        .push_bind(i64::from(page.limit) + 1);
    let heads = sql.build().fetch_all(pool).await?;
    let more = heads.len() > page.limit as usize;
    let heads = &heads[..heads.len().min(page.limit as usize)];
    let ids = heads
        .iter()
        .map(|head| head.try_get::<i64, _>("posting_id"))
        .collect::<Result<Vec<_>, _>>()?;
    let (mut reasons, mut reports) = if ids.is_empty() {
        Default::default()
    } else {
        (
            reason_counts(pool, page, &ids).await?,
            first_reports(pool, page, &ids).await?,
        )
    };
    let mut entries = Vec::with_capacity(heads.len());
    for (head, id) in heads.iter().zip(ids) {
        let mut reasons = reasons.remove(&id).unwrap_or_default();
        reasons.sort_by_key(|c| (std::cmp::Reverse(c.count), c.reason.as_str()));
        entries.push(QueueEntry {
            job_code: job_code(head, "job_code")?,
            title: head.try_get("title")?,
            company_name: head.try_get("company_name")?,
            posting_status: stored(head.try_get("status")?, PostingStatus::from_db)?,
            reporters: head.try_get("reporters")?,
            report_count: head.try_get("report_count")?,
            reasons,
            first_reported_at: timestamp(head, "first_at")?,
            reports: reports.remove(&id).unwrap_or_default(),
        });
    }
    Ok((entries, more))
}

/// Restricts `sql` to the reports a queue page is about, on the postings `ids`.
fn push_queue_reports(sql: &mut QueryBuilder<'_, Db>, page: &QueuePage, ids: &[i64]) {
    sql.push(" WHERE r.status = ").push_bind(page.status.as_str());
    if let Some(reason) = page.reason {
        sql.push(" AND r.reason = ").push_bind(reason.as_str());
    }
    sql.push(" AND r.posting_id IN (");
    let mut list = sql.separated(", ");
    for id in ids {
        list.push_bind(*id);
    }
    sql.push(")");
}

async fn reason_counts(
    pool: &Pool,
    page: &QueuePage,
    ids: &[i64],
) -> StoreResult<HashMap<i64, Vec<ReasonCount>>> {
    let mut sql =
        QueryBuilder::<Db>::new("SELECT r.posting_id, r.reason, COUNT(*) AS n FROM reports r");
    push_queue_reports(&mut sql, page, ids);
    sql.push(" GROUP BY r.posting_id, r.reason");
    let mut counts: HashMap<i64, Vec<ReasonCount>> = HashMap::new();
    for row in sql.build().fetch_all(pool).await? {
        counts
            .entry(row.try_get("posting_id")?)
            .or_default()
            .push(ReasonCount {
                reason: stored(row.try_get("reason")?, ReportReason::from_db)?,
                count: row.try_get("n")?,
            });
    }
    Ok(counts)
}

/// The first [`REPORTS_PER_ENTRY`] reports of each posting, oldest first.
async fn first_reports(
    pool: &Pool,
    page: &QueuePage,
    ids: &[i64],
) -> StoreResult<HashMap<i64, Vec<Report>>> {
    let mut sql = QueryBuilder::<Db>::new(
        "SELECT * FROM (SELECT r.id, r.posting_id, p.job_code, r.reporter_id, r.reason, r.details, r.status,
                r.resolution_note, r.created_at, r.resolved_at,
                ROW_NUMBER() OVER (PARTITION BY r.posting_id ORDER BY r.id) AS place
            FROM reports r JOIN postings p ON p.id = r.posting_id",
    );
    push_queue_reports(&mut sql, page, ids);
    sql.push(") numbered WHERE place <= ")
        .push_bind(REPORTS_PER_ENTRY)
        .push(" ORDER BY posting_id, id");
    let mut reports: HashMap<i64, Vec<Report>> = HashMap::new();
    for row in sql.build().fetch_all(pool).await? {
        reports
            .entry(row.try_get("posting_id")?)
            .or_default()
            .push(report(&row)?);
    }
    Ok(reports)
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
    event: PostingChange,
) -> StoreResult<Posting> {
    store
        .writer
        .run(move |conn| {
            Box::pin(async move {
                postings::change_status(conn, id, &change).await?;
                let mut sql = QueryBuilder::<Db>::new(
                    "SELECT id FROM reports WHERE status = 'open' AND posting_id = ",
                );
                sql.push_bind(id.0).push(" ORDER BY id").push(FOR_UPDATE);
                let resolved: Vec<i64> = sql
                    .build()
                    .fetch_all(&mut *conn)
                    .await?
                    .iter()
                    .map(|row| row.try_get("id"))
                    .collect::<Result<_, _>>()?;
                let mut sql = resolve_open(reports_to, &audit);
                sql.push("posting_id = ").push_bind(id.0);
                sql.build().execute(&mut *conn).await?;
                let posting = postings::record_posting_event(conn, id, event, audit.now).await?;
                record_audit(conn, &audit, &format!("posting:{}", posting.job_code)).await?;
                let events: Vec<Event> = resolved
                    .into_iter()
                    .map(|report| {
                        Event::ReportResolved(ReportResolved {
                            report: ReportId(report),
                            job_code: posting.job_code,
                            status: reports_to,
                            by: audit.actor,
                        })
                    })
                    .collect();
                record_events(conn, &events, audit.now).await?;
                Ok(posting)
            })
        })
        .await
}
