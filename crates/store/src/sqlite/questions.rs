//! The interview question bank.

use chrono::Utc;
use hireboard_domain::event::Event;
use hireboard_domain::ids::*;
use hireboard_domain::interview::{Difficulty, InterviewQuestion, QuestionContent};
use sqlx::sqlite::{SqlitePool, SqliteRow};
use sqlx::{QueryBuilder, Row, Sqlite};

use super::rows::{from_micros, micros, stored};
use super::{record_events, SqliteStore, Tx};
use crate::records::*;
use crate::{StoreError, StoreResult};

const QUESTION_SELECT: &str =
    "SELECT q.id, q.company_id, q.question, q.answer, q.difficulty, q.functional_area,
        q.skills_json, q.created_at, q.updated_at, c.slug AS company_slug
    FROM interview_questions q LEFT JOIN companies c ON c.id = q.company_id";

pub async fn create(
    store: &SqliteStore,
    new: NewQuestion,
    mut event: Event,
) -> StoreResult<InterviewQuestion> {
    let mut tx = store.write().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO interview_questions (company_id, author_id, question, answer, difficulty, functional_area,
            functional_area_key, skills_json, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(new.company_id.map(|c| c.0))
    .bind(new.author_id.map(|a| a.0))
    .bind(&new.content.question)
    .bind(&new.content.answer)
    .bind(new.content.difficulty.map(Difficulty::as_str))
    .bind(&new.content.functional_area)
    .bind(new.content.functional_area.as_ref().map(|a| a.to_lowercase()))
    .bind(serde_json::to_string(&new.content.skills)?)
    .bind(micros(new.now))
    .bind(micros(new.now))
    .fetch_one(&mut *tx)
    .await?;
    write_skills(&mut tx, id, &new.content.skills).await?;
    event.key = id.to_string();
    record_events(&mut tx, &[event], new.now).await?;
    tx.commit().await?;
    Ok(by_id(&store.pool, QuestionId(id))
        .await?
        .ok_or(StoreError::NotFound)?
        .question)
}

async fn write_skills(tx: &mut Tx, id: i64, skills: &[String]) -> StoreResult<()> {
    sqlx::query("DELETE FROM interview_question_skills WHERE question_id = ?")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    for skill in skills {
        sqlx::query(
            "INSERT OR IGNORE INTO interview_question_skills (question_id, skill) VALUES (?, ?)",
        )
        .bind(id)
        .bind(skill)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

pub async fn by_id(pool: &SqlitePool, id: QuestionId) -> StoreResult<Option<QuestionRecord>> {
    let row = sqlx::query(&format!("{QUESTION_SELECT} WHERE q.id = ?"))
        .bind(id.0)
        .fetch_optional(pool)
        .await?;
    match row {
        Some(row) => Ok(Some(QuestionRecord {
            company_id: row.try_get::<Option<i64>, _>("company_id")?.map(CompanyId),
            question: question(&row)?,
        })),
        None => Ok(None),
    }
}

fn question(row: &SqliteRow) -> StoreResult<InterviewQuestion> {
    let difficulty: Option<String> = row.try_get("difficulty")?;
    Ok(InterviewQuestion {
        id: QuestionId(row.try_get("id")?),
        question: row.try_get("question")?,
        answer: row.try_get("answer")?,
        difficulty: difficulty
            .as_deref()
            .map(|d| stored(d, Difficulty::from_db))
            .transpose()?,
        skills: serde_json::from_str(row.try_get("skills_json")?)?,
        functional_area: row.try_get("functional_area")?,
        company: row.try_get("company_slug")?,
        created_at: from_micros(row.try_get("created_at")?)?,
        updated_at: from_micros(row.try_get("updated_at")?)?,
    })
}

pub async fn update(
    store: &SqliteStore,
    id: QuestionId,
    content: QuestionContent,
    event: Event,
) -> StoreResult<InterviewQuestion> {
    let now = Utc::now();
    let mut tx = store.write().await?;
    let changed = sqlx::query(
        "UPDATE interview_questions SET question = ?, answer = ?, difficulty = ?, functional_area = ?,
            functional_area_key = ?, skills_json = ?, updated_at = ? WHERE id = ?",
    )
    .bind(&content.question)
    .bind(&content.answer)
    .bind(content.difficulty.map(Difficulty::as_str))
    .bind(&content.functional_area)
    .bind(content.functional_area.as_ref().map(|a| a.to_lowercase()))
    .bind(serde_json::to_string(&content.skills)?)
    .bind(micros(now))
    .bind(id.0)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(StoreError::NotFound);
    }
    write_skills(&mut tx, id.0, &content.skills).await?;
    record_events(&mut tx, &[event], now).await?;
    tx.commit().await?;
    Ok(by_id(&store.pool, id)
        .await?
        .ok_or(StoreError::NotFound)?
        .question)
}

pub async fn delete(store: &SqliteStore, id: QuestionId, event: Event) -> StoreResult<()> {
    let mut tx = store.write().await?;
    let deleted = sqlx::query("DELETE FROM interview_questions WHERE id = ?")
        .bind(id.0)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if deleted == 0 {
        return Err(StoreError::NotFound);
    }
    record_events(&mut tx, &[event], Utc::now()).await?;
    tx.commit().await?;
    Ok(())
}

/// Ranks by the number of shared skills, then by a functional-area match.
pub async fn matching(
    pool: &SqlitePool,
    skills: &[String],
    area: &str,
    company: CompanyId,
    limit: u32,
) -> StoreResult<Vec<InterviewQuestion>> {
    let mut sql = QueryBuilder::<Sqlite>::new("SELECT * FROM (SELECT q.id, q.company_id, q.question, q.answer, q.difficulty, q.functional_area, q.skills_json, q.created_at, q.updated_at, c.slug AS company_slug, (SELECT COUNT(*) FROM interview_question_skills s WHERE s.question_id = q.id AND s.skill IN (");
    let mut list = sql.separated(", ");
    list.push_bind("");
    for skill in skills {
        list.push_bind(skill.clone());
    }
    sql.push(")) AS shared, (q.functional_area_key = ")
        .push_bind(area.to_lowercase())
        .push(") AS same_area FROM interview_questions q LEFT JOIN companies c ON c.id = q.company_id WHERE (q.company_id IS NULL OR q.company_id = ")
        .push_bind(company.0)
        .push(")) WHERE shared > 0 OR same_area ORDER BY shared DESC, same_area DESC, id LIMIT ")
        .push_bind(limit);
    let rows = sql.build().fetch_all(pool).await?;
    rows.iter().map(question).collect()
}

pub async fn list(
    pool: &SqlitePool,
    filter: &QuestionFilter,
) -> StoreResult<Vec<InterviewQuestion>> {
    let mut sql = QueryBuilder::<Sqlite>::new(QUESTION_SELECT);
    sql.push(" WHERE 1 = 1");
    if let Some(skill) = &filter.skill {
        sql.push(" AND EXISTS (SELECT 1 FROM interview_question_skills s WHERE s.question_id = q.id AND s.skill = ")
            .push_bind(skill.clone())
            .push(")");
    }
    if let Some(area) = &filter.functional_area {
        sql.push(" AND q.functional_area_key = ")
            .push_bind(area.to_lowercase());
    }
    sql.push(" ORDER BY q.id LIMIT ")
        .push_bind(filter.limit)
        .push(" OFFSET ")
        .push_bind(filter.offset);
    let rows = sql.build().fetch_all(pool).await?;
    rows.iter().map(question).collect()
}
