//! Consumer positions, dead letters and leases ([`ConsumerLog`]).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::{QueryBuilder, Row};

use super::common::{optional_timestamp, timestamp};
use super::{ts, Backend, Db, DbRow, INSERT_OR_IGNORE, ON_CONFLICT_IGNORE};
use crate::consumers::{ConsumerLog, DeadLetter, NewDeadLetter, Replay};
use crate::{StoreError, StoreResult};

const DEAD_LETTER_COLUMNS: &str = "id, consumer, event_id, event_type, payload, error, attempts, failed_at, replay_requested_at";

fn dead_letter(row: &DbRow) -> StoreResult<DeadLetter> {
    Ok(DeadLetter {
        id: row.try_get("id")?,
        consumer: row.try_get("consumer")?,
        event_id: row.try_get("event_id")?,
        event_type: row.try_get("event_type")?,
        payload: row.try_get("payload")?,
        error: row.try_get("error")?,
        attempts: u32::try_from(row.try_get::<i32, _>("attempts")?).unwrap_or(0),
        failed_at: timestamp(row, "failed_at")?,
        replay_requested_at: optional_timestamp(row, "replay_requested_at")?,
    })
}

fn attempts(value: u32) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

#[async_trait]
impl ConsumerLog for Backend {
    async fn position(&self, consumer: &str, stream: &str) -> StoreResult<Option<i64>> {
        let mut sql =
            QueryBuilder::<Db>::new("SELECT position FROM consumer_positions WHERE consumer = ");
        sql.push_bind(consumer.to_owned())
            .push(" AND stream = ")
            .push_bind(stream.to_owned());
        let row = sql.build().fetch_optional(&self.pool).await?;
        Ok(row.map(|row| row.try_get("position")).transpose()?)
    }

    async fn save_position(
        &self,
        consumer: &str,
        stream: &str,
        position: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let (consumer, stream) = (consumer.to_owned(), stream.to_owned());
        self.writer
            .run(move |conn| {
                Box::pin(async move {
                    // Insert-then-update works alike on every backend, where upserts differ.
                    let mut sql = QueryBuilder::<Db>::new(format!(
                        "{INSERT_OR_IGNORE} INTO consumer_positions (consumer, stream, position, updated_at) VALUES ("
                    ));
                    sql.separated(", ")
                        .push_bind(consumer.clone())
                        .push_bind(stream.clone())
                        .push_bind(position)
                        .push_bind(ts(now));
                    sql.push(")").push(ON_CONFLICT_IGNORE);
                    sql.build().execute(&mut *conn).await?;
                    let mut sql = QueryBuilder::<Db>::new("UPDATE consumer_positions SET position = ");
                    sql.push_bind(position)
                        .push(", updated_at = ")
                        .push_bind(ts(now))
                        .push(" WHERE consumer = ")
                        .push_bind(consumer)
                        .push(" AND stream = ")
                        .push_bind(stream);
                    sql.build().execute(&mut *conn).await?;
                    Ok(())
                })
            })
            .await
    }

    async fn add_dead_letter(&self, letter: NewDeadLetter) -> StoreResult<i64> {
        self.writer
            .run(move |conn| {
                Box::pin(async move {
                    let mut sql = QueryBuilder::<Db>::new(
                        "INSERT INTO dead_letters (consumer, event_id, event_type, payload, error, attempts, failed_at) VALUES (",
                    );
                    sql.separated(", ")
                        .push_bind(letter.consumer)
                        .push_bind(letter.event_id)
                        .push_bind(letter.event_type)
                        .push_bind(letter.payload)
                        .push_bind(letter.error)
                        .push_bind(attempts(letter.attempts))
                        .push_bind(ts(letter.now));
                    sql.push(")");
                    super::insert_id(conn, sql).await
                })
            })
            .await
    }

    async fn dead_letters(
        &self,
        consumer: Option<&str>,
        after: i64,
        limit: u32,
    ) -> StoreResult<Vec<DeadLetter>> {
        let mut sql =
            QueryBuilder::<Db>::new(format!("SELECT {DEAD_LETTER_COLUMNS} FROM dead_letters WHERE id > "));
        sql.push_bind(after);
        if let Some(consumer) = consumer {
            sql.push(" AND consumer = ").push_bind(consumer.to_owned());
        }
        sql.push(" ORDER BY id LIMIT ").push_bind(i64::from(limit));
        let rows = sql.build().fetch_all(&self.pool).await?;
        rows.iter().map(dead_letter).collect()
    }

    async fn request_replay(&self, which: &Replay, now: DateTime<Utc>) -> StoreResult<u64> {
        let which = which.clone();
        self.writer
            .run(move |conn| {
                Box::pin(async move {
                    let mut sql =
                        QueryBuilder::<Db>::new("UPDATE dead_letters SET replay_requested_at = ");
                    sql.push_bind(ts(now));
                    match which {
                        Replay::One(id) => sql.push(" WHERE id = ").push_bind(id),
                        Replay::Consumer(name) => sql.push(" WHERE consumer = ").push_bind(name),
                    };
                    Ok(sql.build().execute(&mut *conn).await?.rows_affected())
                })
            })
            .await
    }

    async fn replays_due(&self, consumer: &str, limit: u32) -> StoreResult<Vec<DeadLetter>> {
        let mut sql =
            QueryBuilder::<Db>::new(format!("SELECT {DEAD_LETTER_COLUMNS} FROM dead_letters WHERE consumer = "));
        sql.push_bind(consumer.to_owned())
            .push(" AND replay_requested_at IS NOT NULL ORDER BY id LIMIT ")
            .push_bind(i64::from(limit));
        let rows = sql.build().fetch_all(&self.pool).await?;
        rows.iter().map(dead_letter).collect()
    }

    async fn settle_replay(
        &self,
        id: i64,
        failure: Option<(&str, u32)>,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let failure = failure.map(|(error, tries)| (error.to_owned(), tries));
        self.writer
            .run(move |conn| {
                Box::pin(async move {
                    let mut sql = match failure {
                        None => QueryBuilder::<Db>::new("DELETE FROM dead_letters"),
                        Some((error, tries)) => {
                            let mut sql = QueryBuilder::<Db>::new("UPDATE dead_letters SET error = ");
                            sql.push_bind(error)
                                .push(", attempts = attempts + ")
                                .push_bind(attempts(tries))
                                .push(", failed_at = ")
                                .push_bind(ts(now))
                                .push(", replay_requested_at = NULL");
                            sql
                        }
                    };
                    sql.push(" WHERE id = ").push_bind(id);
                    sql.build().execute(&mut *conn).await?;
                    Ok(())
                })
            })
            .await
    }

    async fn try_lease(
        &self,
        name: &str,
        holder: &str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let (name, holder) = (name.to_owned(), holder.to_owned());
        let held = self
            .writer
            .run(move |conn| {
                Box::pin(async move {
                    let mut sql = QueryBuilder::<Db>::new(format!(
                        "{INSERT_OR_IGNORE} INTO leases (name, holder, expires_at) VALUES ("
                    ));
                    sql.separated(", ")
                        .push_bind(name.clone())
                        .push_bind(holder.clone())
                        .push_bind(ts(until));
                    sql.push(")").push(ON_CONFLICT_IGNORE);
                    if sql.build().execute(&mut *conn).await?.rows_affected() == 1 {
                        return Ok(true);
                    }
                    let mut sql = QueryBuilder::<Db>::new("UPDATE leases SET holder = ");
                    sql.push_bind(holder.clone())
                        .push(", expires_at = ")
                        .push_bind(ts(until))
                        .push(" WHERE name = ")
                        .push_bind(name.clone())
                        .push(" AND (holder = ")
                        .push_bind(holder.clone())
                        .push(" OR expires_at < ")
                        .push_bind(ts(now))
                        .push(")");
                    sql.build().execute(&mut *conn).await?;
                    // Read back rather than trust the update's count: MySQL counts only rows
                    // it changed, and a renewal within the same microsecond changes nothing.
                    let mut sql = QueryBuilder::<Db>::new("SELECT holder FROM leases WHERE name = ");
                    sql.push_bind(name);
                    let row = sql.build().fetch_one(&mut *conn).await?;
                    Ok(row.try_get::<String, _>("holder")? == holder)
                })
            })
            .await;
        match held {
            // The database chose a racing instance's claim over this one (a deadlock).
            Err(StoreError::StateChanged) => Ok(false),
            other => other,
        }
    }

    async fn release_lease(&self, name: &str, holder: &str) -> StoreResult<()> {
        let (name, holder) = (name.to_owned(), holder.to_owned());
        self.writer
            .run(move |conn| {
                Box::pin(async move {
                    let mut sql = QueryBuilder::<Db>::new("DELETE FROM leases WHERE name = ");
                    sql.push_bind(name).push(" AND holder = ").push_bind(holder);
                    sql.build().execute(&mut *conn).await?;
                    Ok(())
                })
            })
            .await
    }
}
