//! Applications and their stage history.

use std::collections::HashMap;

use hireboard_domain::application::{Application, Stage, StageChange};
use hireboard_domain::event::Event;
use hireboard_domain::ids::*;
use sqlx::sqlite::{SqlitePool, SqliteRow};
use sqlx::{QueryBuilder, Row, Sqlite};

use super::rows::{from_micros, micros, stored};
use super::{record_events, SqliteStore};
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
    store: &SqliteStore,
    new: NewApplication,
    mut event: Event,
) -> StoreResult<Application> {
    let mut tx = store.write().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO applications (posting_id, candidate_id, stage, cover_note, answers_json, created_at, updated_at)
         VALUES (?, ?, 'applied', ?, ?, ?, ?) RETURNING id",
    )
    .bind(new.posting_id.0)
    .bind(new.candidate_id.0)
    .bind(&new.cover_note)
    .bind(serde_json::to_string(&new.answers)?)
    .bind(micros(new.now))
    .bind(micros(new.now))
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query("INSERT INTO application_stage_changes (application_id, from_stage, to_stage, actor_id, at) VALUES (?, NULL, 'applied', ?, ?)")
        .bind(id)
        .bind(new.candidate_id.0)
        .bind(micros(new.now))
        .execute(&mut *tx)
        .await?;
    event.key = id.to_string();
    record_events(&mut tx, &[event], new.now).await?;
    tx.commit().await?;
    Ok(by_id(&store.pool, ApplicationId(id))
        .await?
        .ok_or(StoreError::NotFound)?
        .application)
}

pub async fn by_id(pool: &SqlitePool, id: ApplicationId) -> StoreResult<Option<ApplicationRecord>> {
    let Some(row) = sqlx::query(&format!("{APPLICATION_SELECT} WHERE ap.id = ?"))
        .bind(id.0)
        .fetch_optional(pool)
        .await?
    else {
        return Ok(None);
    };
    let posting_company = CompanyId(row.try_get("company_id")?);
    let mut application = application(&row)?;
    application.history = histories(pool, &[id.0])
        .await?
        .remove(&id.0)
        .unwrap_or_default();
    Ok(Some(ApplicationRecord {
        application,
        posting_company,
    }))
}

pub async fn list(pool: &SqlitePool, owner: Owner) -> StoreResult<Vec<Application>> {
    let (filter, key) = match owner {
        Owner::Candidate(id) => ("ap.candidate_id", id.0),
        Owner::Posting(id) => ("ap.posting_id", id.0),
    };
    let rows = sqlx::query(&format!("{APPLICATION_SELECT} WHERE {filter} = ? ORDER BY ap.created_at DESC, ap.id DESC LIMIT 1000"))
        .bind(key)
        .fetch_all(pool)
        .await?;
    let mut applications = rows
        .iter()
        .map(application)
        .collect::<StoreResult<Vec<_>>>()?;
    let ids: Vec<i64> = applications.iter().map(|a| a.id.0).collect();
    let mut histories = histories(pool, &ids).await?;
    for application in &mut applications {
        application.history = histories.remove(&application.id.0).unwrap_or_default();
    }
    Ok(applications)
}

fn application(row: &SqliteRow) -> StoreResult<Application> {
    Ok(Application {
        id: ApplicationId(row.try_get("id")?),
        job_code: JobCode(row.try_get("job_code")?),
        posting_title: row.try_get("title")?,
        candidate_id: AccountId(row.try_get("candidate_id")?),
        candidate_name: row.try_get("display_name")?,
        stage: stored(row.try_get("stage")?, Stage::from_db)?,
        cover_note: row.try_get("cover_note")?,
        answers: serde_json::from_str(row.try_get("answers_json")?)?,
        history: Vec::new(),
        created_at: from_micros(row.try_get("created_at")?)?,
        updated_at: from_micros(row.try_get("updated_at")?)?,
    })
}

async fn histories(pool: &SqlitePool, ids: &[i64]) -> StoreResult<HashMap<i64, Vec<StageChange>>> {
    let mut map: HashMap<i64, Vec<StageChange>> = HashMap::new();
    for chunk in ids.chunks(500) {
        let mut sql = QueryBuilder::<Sqlite>::new(
            "SELECT application_id, from_stage, to_stage, actor_id, note, at FROM application_stage_changes WHERE application_id IN (",
        );
        let mut list = sql.separated(", ");
        for id in chunk {
            list.push_bind(*id);
        }
        sql.push(") ORDER BY id");
        for row in sql.build().fetch_all(pool).await? {
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
                    at: from_micros(row.try_get("at")?)?,
                });
        }
    }
    Ok(map)
}

pub async fn change_stage(
    store: &SqliteStore,
    id: ApplicationId,
    change: StageMove,
    event: Event,
) -> StoreResult<Application> {
    let mut tx = store.write().await?;
    let changed =
        sqlx::query("UPDATE applications SET stage = ?, updated_at = ? WHERE id = ? AND stage = ?")
            .bind(change.to.as_str())
            .bind(micros(change.now))
            .bind(id.0)
            .bind(change.from.as_str())
            .execute(&mut *tx)
            .await?
            .rows_affected();
    if changed == 0 {
        return Err(StoreError::StateChanged);
    }
    sqlx::query("INSERT INTO application_stage_changes (application_id, from_stage, to_stage, actor_id, note, at) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(id.0)
        .bind(change.from.as_str())
        .bind(change.to.as_str())
        .bind(change.actor.0)
        .bind(&change.note)
        .bind(micros(change.now))
        .execute(&mut *tx)
        .await?;
    record_events(&mut tx, &[event], change.now).await?;
    tx.commit().await?;
    Ok(by_id(&store.pool, id)
        .await?
        .ok_or(StoreError::NotFound)?
        .application)
}
