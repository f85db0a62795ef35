//! Applications and their stage history.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use hireboard_domain::application::{Application, Stage, StageChange};
use hireboard_domain::event::{ApplicationSubmitted, Event};
use hireboard_domain::ids::*;
use sqlx::{QueryBuilder, Row};

use super::common::{job_code, stored, timestamp};
use super::events::record_events;
use super::{insert_id, push_before, ts, Backend, Conn, Db, DbRow, Pool, Writer};
use crate::records::*;
use crate::{StoreError, StoreResult};

const APPLICATION_SELECT: &str = "SELECT ap.id, ap.candidate_id, ap.stage, ap.cover_note, ap.answers_json, ap.created_at,
        ap.updated_at, p.job_code, p.title, p.company_id, acc.display_name
    FROM applications ap JOIN postings p ON p.id = ap.posting_id JOIN accounts acc ON acc.id = ap.candidate_id";

/// Whose applications to list.
pub enum Owner {
    Candidate(AccountId),
    Posting(PostingId),
}

pub async fn create(
    store: &Backend,
    new: NewApplication,
) -> StoreResult<Application> {
    let id = super::insert_application(store, new.clone()).await?;
    // Everything in the new application is known here; reading it back would cost two round
    // trips on the busiest write path.
    Ok(Application {
        id,
        job_code: new.job_code,
        posting_title: new.posting_title,
        candidate_id: new.candidate_id,
        candidate_name: new.candidate_name,
        stage: Stage::Applied,
        cover_note: new.cover_note,
        answers: new.answers,
        history: vec![applied(new.candidate_id, new.now)],
        created_at: new.now,
        updated_at: new.now,
    })
}

/// The application and its event in one transaction of its own.
pub async fn insert_alone(
    writer: &Writer,
    new: NewApplication,
) -> StoreResult<ApplicationId> {
    writer
        .run(move |conn| {
            Box::pin(async move {
                let mut sql = QueryBuilder::<Db>::new(
                    "INSERT INTO applications (posting_id, candidate_id, stage, cover_note, answers_json, created_at, updated_at) VALUES (",
                );
                sql.separated(", ")
                    .push_bind(new.posting_id.0)
                    .push_bind(new.candidate_id.0)
                    .push_bind(Stage::Applied.as_str())
                    .push_bind(new.cover_note.clone())
                    .push_bind(serde_json::to_string(&new.answers)?)
                    .push_bind(ts(new.now))
                    .push_bind(ts(new.now));
                sql.push(")");
                let id = ApplicationId(insert_id(conn, sql).await?);
                let event = Event::ApplicationSubmitted(ApplicationSubmitted {
                    application: id,
                    job_code: new.job_code,
                    candidate: new.candidate_id,
                });
                record_events(conn, &[event], new.now).await?;
                Ok(id)
            })
        })
        .await
}

/// The first entry of every history: the candidate applied. It is not stored as a change; the
/// application row says who and when.
fn applied(candidate: AccountId, at: DateTime<Utc>) -> StageChange {
    StageChange {
        from: None,
        to: Stage::Applied,
        by: candidate,
        note: None,
        at,
    }
}

/// Records a move after the first, inside the caller's transaction.
async fn record_change(conn: &mut Conn, id: ApplicationId, change: &StageMove) -> StoreResult<()> {
    let mut sql = QueryBuilder::<Db>::new(
        "INSERT INTO application_stage_changes (application_id, from_stage, to_stage, actor_id, note, at) VALUES (",
    );
    sql.separated(", ")
        .push_bind(id.0)
        .push_bind(change.from.as_str())
        .push_bind(change.to.as_str())
        .push_bind(change.actor.0)
        .push_bind(change.note.clone())
        .push_bind(ts(change.now));
    sql.push(")").build().execute(&mut *conn).await?;
    Ok(())
}

pub async fn by_id(conn: &mut Conn, id: ApplicationId) -> StoreResult<Option<ApplicationRecord>> {
    let mut sql = QueryBuilder::<Db>::new(format!("{APPLICATION_SELECT} WHERE ap.id = "));
    sql.push_bind(id.0);
    let Some(row) = sql.build().fetch_optional(&mut *conn).await? else {
        return Ok(None);
    };
    let posting_company = CompanyId(row.try_get("company_id")?);
    let mut application = application(&row)?;
    application.history.extend(
        histories(&mut *conn, &[id.0])
            .await?
            .remove(&id.0)
            .unwrap_or_default(),
    );
    Ok(Some(ApplicationRecord {
        application,
        posting_company,
    }))
}

pub async fn list(
    pool: &Pool,
    owner: Owner,
    page: &ApplicationPage,
) -> StoreResult<(Vec<Application>, bool)> {
    let (column, key) = match owner {
        Owner::Candidate(id) => ("ap.candidate_id", id.0),
        Owner::Posting(id) => ("ap.posting_id", id.0),
    };
    let mut sql = QueryBuilder::<Db>::new(format!("{APPLICATION_SELECT} WHERE {column} = "));
    sql.push_bind(key);
    if let Some(stage) = page.stage {
        sql.push(" AND ap.stage = ").push_bind(stage.as_str());
    }
    if let Some((created_at, id)) = page.after {
        sql.push(" AND ");
        push_before(&mut sql, ["ap.created_at", "ap.id"], ts(created_at), id.0);
    }
    sql.push(" ORDER BY ap.created_at DESC, ap.id DESC LIMIT ")
        .push_bind(i64::from(page.limit) + 1);
    let rows = sql.build().fetch_all(pool).await?;
    let more = rows.len() > page.limit as usize;
    let mut applications = rows
        .iter()
        .take(page.limit as usize)
        .map(application)
        .collect::<StoreResult<Vec<_>>>()?;
    let ids: Vec<i64> = applications.iter().map(|a| a.id.0).collect();
    let mut histories = histories(&mut *pool.acquire().await?, &ids).await?;
    for application in &mut applications {
        application
            .history
            .extend(histories.remove(&application.id.0).unwrap_or_default());
    }
    Ok((applications, more))
}

fn application(row: &DbRow) -> StoreResult<Application> {
    let candidate_id = AccountId(row.try_get("candidate_id")?);
    let created_at = timestamp(row, "created_at")?;
    Ok(Application {
        id: ApplicationId(row.try_get("id")?),
        job_code: job_code(row, "job_code")?,
        posting_title: row.try_get("title")?,
        candidate_id,
        candidate_name: row.try_get("display_name")?,
        stage: stored(row.try_get("stage")?, Stage::from_db)?,
        cover_note: row.try_get("cover_note")?,
        answers: serde_json::from_str(&row.try_get::<String, _>("answers_json")?)?,
        history: vec![applied(candidate_id, created_at)],
        created_at,
        updated_at: timestamp(row, "updated_at")?,
    })
}

async fn histories(conn: &mut Conn, ids: &[i64]) -> StoreResult<HashMap<i64, Vec<StageChange>>> {
    let mut map: HashMap<i64, Vec<StageChange>> = HashMap::new();
    for chunk in ids.chunks(500) {
        let mut sql = QueryBuilder::<Db>::new(
            "SELECT application_id, from_stage, to_stage, actor_id, note, at FROM application_stage_changes WHERE application_id IN (",
        );
        let mut list = sql.separated(", ");
        for id in chunk {
            list.push_bind(*id);
        }
        sql.push(") ORDER BY id");
        for row in sql.build().fetch_all(&mut *conn).await? {
            let from: Option<String> = row.try_get("from_stage")?;
            map.entry(row.try_get("application_id")?)
                .or_default()
                .push(StageChange {
                    from: from
                        .as_deref()
                        .map(|s| stored(s, Stage::from_db))
                        .transpose()?,
                    to: stored(row.try_get("to_stage")?, Stage::from_db)?,
                    by: AccountId(row.try_get("actor_id")?),
                    note: row.try_get("note")?,
                    at: timestamp(&row, "at")?,
                });
        }
    }
    Ok(map)
}

pub async fn change_stage(
    store: &Backend,
    id: ApplicationId,
    change: StageMove,
    event: Event,
) -> StoreResult<Application> {
    store
        .writer
        .run(move |conn| {
            Box::pin(async move {
                let mut sql = QueryBuilder::<Db>::new("UPDATE applications SET stage = ");
                sql.push_bind(change.to.as_str())
                    .push(", updated_at = ")
                    .push_bind(ts(change.now))
                    .push(" WHERE id = ")
                    .push_bind(id.0)
                    .push(" AND stage = ")
                    .push_bind(change.from.as_str());
                if sql.build().execute(&mut *conn).await?.rows_affected() == 0 {
                    return Err(StoreError::StateChanged);
                }
                record_change(conn, id, &change).await?;
                record_events(conn, &[event], change.now).await?;
                Ok(by_id(conn, id)
                    .await?
                    .ok_or(StoreError::NotFound)?
                    .application)
            })
        })
        .await
}
