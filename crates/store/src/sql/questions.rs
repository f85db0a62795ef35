//! The interview question bank.

use chrono::Utc;
use hireboard_domain::event::{Event, QuestionCreated};
use hireboard_domain::ids::*;
use hireboard_domain::interview::{Difficulty, InterviewQuestion, QuestionContent};
use sqlx::{QueryBuilder, Row};

use super::common::{integer, stored, timestamp};
use super::events::record_events;
use super::{insert_id, ts, Backend, Conn, Db, DbRow, Pool};
use crate::records::*;
use crate::{StoreError, StoreResult};

const QUESTION_COLUMNS: &str =
    "q.id, q.company_id, q.question, q.answer, q.difficulty, q.functional_area,
        q.skills_json, q.created_at, q.updated_at, c.slug AS company_slug";
const QUESTION_FROM: &str =
    "FROM interview_questions q LEFT JOIN companies c ON c.id = q.company_id";

pub async fn create(
    store: &Backend,
    new: NewQuestion,
) -> StoreResult<InterviewQuestion> {
    store
        .writer
        .run(move |conn| Box::pin(insert(conn, new)))
        .await
}

async fn insert(
    conn: &mut Conn,
    new: NewQuestion,
) -> StoreResult<InterviewQuestion> {
    let content = &new.content;
    let mut sql = QueryBuilder::<Db>::new(
        "INSERT INTO interview_questions (company_id, author_id, question, answer, difficulty, functional_area,
            functional_area_key, skills_json, created_at, updated_at) VALUES (",
    );
    sql.separated(", ")
        .push_bind(new.company_id.map(|c| c.0))
        .push_bind(new.author_id.map(|a| a.0))
        .push_bind(content.question.clone())
        .push_bind(content.answer.clone())
        .push_bind(content.difficulty.map(Difficulty::as_str))
        .push_bind(content.functional_area.clone())
        .push_bind(content.functional_area.as_ref().map(|a| a.to_lowercase()))
        .push_bind(serde_json::to_string(&content.skills)?)
        .push_bind(ts(new.now))
        .push_bind(ts(new.now));
    sql.push(")");
    let id = insert_id(conn, sql).await?;
    write_skills(conn, id, &content.skills).await?;
    let event = Event::QuestionCreated(QuestionCreated {
        question: QuestionId(id),
        company: new.company_id,
        by: new.author_id,
    });
    record_events(conn, &[event], new.now).await?;
    Ok(by_id(&mut *conn, QuestionId(id))
        .await?
        .ok_or(StoreError::NotFound)?
        .question)
}

async fn write_skills(conn: &mut Conn, id: i64, skills: &[String]) -> StoreResult<()> {
    let mut sql =
        QueryBuilder::<Db>::new("DELETE FROM interview_question_skills WHERE question_id = ");
    sql.push_bind(id).build().execute(&mut *conn).await?;
    if !skills.is_empty() {
        let mut sql =
            QueryBuilder::<Db>::new("INSERT INTO interview_question_skills (question_id, skill) ");
        sql.push_values(skills, |mut row, skill| {
            row.push_bind(id).push_bind(skill.clone());
        });
        sql.build().execute(&mut *conn).await?;
    }
    Ok(())
}

pub async fn by_id<'e>(
    db: impl sqlx::Executor<'e, Database = Db>,
    id: QuestionId,
) -> StoreResult<Option<QuestionRecord>> {
    let mut sql = QueryBuilder::<Db>::new(format!(
        "SELECT {QUESTION_COLUMNS} {QUESTION_FROM} WHERE q.id = "
    ));
    sql.push_bind(id.0);
    match sql.build().fetch_optional(db).await? {
        Some(row) => Ok(Some(QuestionRecord {
            company_id: row.try_get::<Option<i64>, _>("company_id")?.map(CompanyId),
            question: question(&row)?,
        })),
        None => Ok(None),
    }
}

fn question(row: &DbRow) -> StoreResult<InterviewQuestion> {
    let difficulty: Option<String> = row.try_get("difficulty")?;
    Ok(InterviewQuestion {
        id: QuestionId(row.try_get("id")?),
        question: row.try_get("question")?,
        answer: row.try_get("answer")?,
        difficulty: difficulty
            .as_deref()
            .map(|d| stored(d, Difficulty::from_db))
            .transpose()?,
        skills: serde_json::from_str(&row.try_get::<String, _>("skills_json")?)?,
        functional_area: row.try_get("functional_area")?,
        company: row.try_get("company_slug")?,
        created_at: timestamp(row, "created_at")?,
        updated_at: timestamp(row, "updated_at")?,
    })
}

pub async fn update(
    store: &Backend,
    id: QuestionId,
    content: QuestionContent,
    event: Event,
) -> StoreResult<InterviewQuestion> {
    let now = Utc::now();
    store
        .writer
        .run(move |conn| Box::pin(change(conn, id, content, event, now)))
        .await
}

async fn change(
    conn: &mut Conn,
    id: QuestionId,
    content: QuestionContent,
    event: Event,
    now: chrono::DateTime<Utc>,
) -> StoreResult<InterviewQuestion> {
    let mut sql = QueryBuilder::<Db>::new("UPDATE interview_questions SET question = ");
    sql.push_bind(content.question.clone())
        .push(", answer = ")
        .push_bind(content.answer.clone())
        .push(", difficulty = ")
        .push_bind(content.difficulty.map(Difficulty::as_str))
        .push(", functional_area = ")
        .push_bind(content.functional_area.clone())
        .push(", functional_area_key = ")
        .push_bind(content.functional_area.as_ref().map(|a| a.to_lowercase()))
        .push(", skills_json = ")
        .push_bind(serde_json::to_string(&content.skills)?)
        .push(", updated_at = ")
        .push_bind(ts(now))
        .push(" WHERE id = ")
        .push_bind(id.0);
    if sql.build().execute(&mut *conn).await?.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    write_skills(conn, id.0, &content.skills).await?;
    record_events(conn, &[event], now).await?;
    Ok(by_id(&mut *conn, id)
        .await?
        .ok_or(StoreError::NotFound)?
        .question)
}

pub async fn delete(store: &Backend, id: QuestionId, event: Event) -> StoreResult<()> {
    store
        .writer
        .run(move |conn| {
            Box::pin(async move {
                let mut sql = QueryBuilder::<Db>::new(
                    "DELETE FROM interview_question_skills WHERE question_id = ",
                );
                sql.push_bind(id.0).build().execute(&mut *conn).await?;
                let mut sql = QueryBuilder::<Db>::new("DELETE FROM interview_questions WHERE id = ");
                let deleted = sql.push_bind(id.0).build().execute(&mut *conn).await?;
                if deleted.rows_affected() == 0 {
                    return Err(StoreError::NotFound);
                }
                record_events(conn, &[event], Utc::now()).await
            })
        })
        .await
}

/// Ranks by the number of shared skills, then by a functional-area match, then by id.
pub async fn matching(
    pool: &Pool,
    query: &QuestionMatch,
) -> StoreResult<(Vec<(InterviewQuestion, MatchKey)>, bool)> {
    let mut sql = QueryBuilder::<Db>::new(format!(
        "SELECT * FROM (SELECT {QUESTION_COLUMNS}, (SELECT COUNT(*) FROM interview_question_skills s WHERE s.question_id = q.id AND s.skill IN ("
    ));
    let mut list = sql.separated(", ");
    list.push_bind("");
    for skill in &query.skills {
        list.push_bind(skill.clone());
    }
    sql.push(")) AS shared, CASE WHEN q.functional_area_key = ")
        .push_bind(query.functional_area.to_lowercase())
        .push(format!(" THEN 1 ELSE 0 END AS same_area {QUESTION_FROM} WHERE (q.company_id IS NULL OR q.company_id = "))
        .push_bind(query.company.0)
        .push(")) matched WHERE (shared > 0 OR same_area = 1)");
    if let Some(after) = query.after {
        // Strictly after `after` in (shared DESC, same_area DESC, id ASC) order.
        sql.push(" AND (shared < ")
            .push_bind(after.shared_skills)
            .push(" OR (shared = ")
            .push_bind(after.shared_skills)
            .push(" AND (same_area < ")
            .push_bind(after.same_area)
            .push(" OR (same_area = ")
            .push_bind(after.same_area)
            .push(" AND id > ")
            .push_bind(after.id.0)
            .push("))))");
    }
    sql.push(" ORDER BY shared DESC, same_area DESC, id LIMIT ")
        .push_bind(i64::from(query.limit) + 1);
    let rows = sql.build().fetch_all(pool).await?;
    let more = rows.len() > query.limit as usize;
    let questions = rows
        .iter()
        .take(query.limit as usize)
        .map(|row| {
            let question = question(row)?;
            let key = MatchKey {
                shared_skills: integer(row, "shared")?,
                same_area: integer(row, "same_area")?,
                id: question.id,
            };
            Ok((question, key))
        })
        .collect::<StoreResult<Vec<_>>>()?;
    Ok((questions, more))
}

pub async fn list(
    pool: &Pool,
    filter: &QuestionFilter,
) -> StoreResult<(Vec<InterviewQuestion>, bool)> {
    let mut sql = QueryBuilder::<Db>::new(format!(
        "SELECT {QUESTION_COLUMNS} {QUESTION_FROM} WHERE 1 = 1"
    ));
    if let Some(skill) = &filter.skill {
        sql.push(" AND EXISTS (SELECT 1 FROM interview_question_skills s WHERE s.question_id = q.id AND s.skill = ")
            .push_bind(skill.clone())
            .push(")");
    }
    if let Some(area) = &filter.functional_area {
        sql.push(" AND q.functional_area_key = ")
            .push_bind(area.to_lowercase());
    }
    if let Some(after) = filter.after {
        sql.push(" AND q.id > ").push_bind(after.0);
    }
    sql.push(" ORDER BY q.id LIMIT ")
        .push_bind(i64::from(filter.limit) + 1);
    let rows = sql.build().fetch_all(pool).await?;
    let more = rows.len() > filter.limit as usize;
    let questions = rows
        .iter()
        .take(filter.limit as usize)
        .map(question)
        .collect::<StoreResult<Vec<_>>>()?;
    Ok((questions, more))
}
