//! The outbox: recording events in the writer's transaction, the sequencer pass, and reading
//! sequenced events (see `crate::events` for the rule that makes reading never skip).

use std::collections::{BTreeMap, HashMap};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use hireboard_domain::event::{envelope_json, DecodeError, Event, EventEnvelope, EventId};
use sqlx::{QueryBuilder, Row};

use super::common::{integer, optional_timestamp, timestamp};
use super::{
    ts, Backend, Conn, Db, DbRow, BUMP_SEQUENCES, FOR_UPDATE, SEQUENCES_RETURNING, SKIP_LOCKED,
};
use crate::events::{EventLog, OutboxRecord, RawEvent};
use crate::{StoreError, StoreResult};

/// The most rows one sequencer pass numbers, and so locks in its transaction.
const MAX_PASS: u32 = 1000;

/// The most rows one multi-row statement writes: well within every backend's limit on bound
/// values (SQLite's is the lowest, 32,766), for any of the tables written in bulk.
pub const ROWS_PER_STATEMENT: usize = 1000;

/// The most alternatives one `WHERE (...) OR (...)` joins: SQLite refuses expressions deeper
/// than 1,000.
pub const ALTERNATIVES_PER_STATEMENT: usize = 200;

/// Appends events to the outbox inside the caller's transaction, each with a new id and the
/// next sequence number of its key: a few statements for any number of events, so an import
/// of thousands of postings costs little more per posting than one write.
pub async fn record_events(
    conn: &mut Conn,
    events: &[Event],
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let keys: Vec<(&'static str, String)> =
        events.iter().map(|e| (e.aggregate(), e.key())).collect();
    // Keys are locked in one order by every writer (a BTreeMap iterates in it), so two
    // writers of the same keys wait for each other instead of deadlocking.
    let mut counts = BTreeMap::<&(&'static str, String), i64>::new();
    for key in &keys {
        *counts.entry(key).or_default() += 1;
    }
    let counts: Vec<(&(&'static str, String), i64)> = counts.into_iter().collect();
    let mut next = HashMap::with_capacity(counts.len());
    for chunk in counts.chunks(ALTERNATIVES_PER_STATEMENT) {
        take_sequences(conn, chunk, &mut next).await?;
    }
    // Each key's events take its numbers in the order they were given.
    for (key, count) in &counts {
        let after = next.get_mut(*key).ok_or_else(|| {
            StoreError::internal(format!("no sequence taken for {}/{}", key.0, key.1))
        })?;
        *after -= count;
    }
    let mut rows = Vec::with_capacity(events.len());
    for (event, key) in events.iter().zip(&keys) {
        let taken = next.get_mut(key).expect("every key was counted");
        *taken += 1;
        rows.push((event, key, *taken));
    }
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let mut sql = QueryBuilder::<Db>::new(
            "INSERT INTO outbox (event_id, kind, version, aggregate, aggregate_key, sequence, payload, created_at) ",
        );
        sql.push_values(chunk, |mut row, (event, (aggregate, key), sequence)| {
            row.push_bind(EventId::new().to_string())
                .push_bind(event.event_type())
                .push_bind(version(event.version()))
                .push_bind(*aggregate)
                .push_bind(key.clone())
                .push_bind(*sequence)
                .push_bind(event.data().to_string())
                .push_bind(ts(now));
        });
        sql.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// Takes `count` sequence numbers of each key with a row-locking upsert, so writers of the
/// same key wait for each other (see `crate::events`); records each key's next free number
/// in `next`.
async fn take_sequences<'k>(
    conn: &mut Conn,
    counts: &[(&'k (&'static str, String), i64)],
    next: &mut HashMap<&'k (&'static str, String), i64>,
) -> StoreResult<()> {
    let mut sql = QueryBuilder::<Db>::new(
        "INSERT INTO event_sequences (aggregate, aggregate_key, next_sequence) ",
    );
    // A new key's row starts after the numbers taken; an existing one moves on by as many.
    sql.push_values(counts, |mut row, ((aggregate, key), count)| {
        row.push_bind(*aggregate)
            .push_bind(key.clone())
            .push_bind(count + 1);
    });
    sql.push(BUMP_SEQUENCES);
    let rows = match SEQUENCES_RETURNING {
        Some(returning) => sql.push(returning).build().fetch_all(&mut *conn).await?,
        None => {
            sql.build().execute(&mut *conn).await?;
            let mut sql = QueryBuilder::<Db>::new(
                "SELECT aggregate, aggregate_key, next_sequence FROM event_sequences WHERE ",
            );
            for (n, ((aggregate, key), _)) in counts.iter().enumerate() {
                if n > 0 {
                    sql.push(" OR ");
                }
                sql.push("(aggregate = ")
                    .push_bind(*aggregate)
                    .push(" AND aggregate_key = ")
                    .push_bind(key.clone())
                    .push(")");
            }
            sql.build().fetch_all(&mut *conn).await?
        }
    };
    let taken: HashMap<(&str, &str), &'k (&'static str, String)> = counts
        .iter()
        .map(|(key, _)| ((key.0, key.1.as_str()), *key))
        .collect();
    for row in rows {
        let aggregate: String = row.try_get("aggregate")?;
        let key: String = row.try_get("aggregate_key")?;
        let after: i64 = row.try_get("next_sequence")?;
        let Some(counted) = taken.get(&(aggregate.as_str(), key.as_str())) else {
            return Err(StoreError::internal(format!(
                "sequence row {aggregate}/{key} was not taken"
            )));
        };
        next.insert(*counted, after - 1);
    }
    Ok(())
}

fn version(version: u32) -> i32 {
    i32::try_from(version).expect("event versions are small")
}

/// One sequencer pass inside the caller's transaction.
pub async fn sequence_pass(conn: &mut Conn, limit: u32) -> StoreResult<u32> {
    let mut sql =
        QueryBuilder::<Db>::new("SELECT last_position FROM outbox_sequencer WHERE id = 1");
    sql.push(FOR_UPDATE);
    let last: i64 = sql
        .build()
        .fetch_one(&mut *conn)
        .await?
        .try_get("last_position")?;
    let mut sql =
        QueryBuilder::<Db>::new("SELECT id FROM outbox WHERE position IS NULL ORDER BY id LIMIT ");
    sql.push_bind(i64::from(limit.clamp(1, MAX_PASS)))
        .push(SKIP_LOCKED);
    let ids: Vec<i64> = sql
        .build()
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|row| row.try_get("id"))
        .collect::<Result<_, _>>()?;
    if ids.is_empty() {
        return Ok(0);
    }
    // Ids come in runs without gaps (one per writer's transaction, and a bulk import's are
    // thousands long): each run is numbered by one arithmetic UPDATE of its id range, which
    // holds no row but the run's.
    let mut next = last + 1;
    for run in ids.chunk_by(|a, b| b - a == 1) {
        let (first, end) = (run[0], run[run.len() - 1]);
        let mut sql = QueryBuilder::<Db>::new("UPDATE outbox SET position = id + ");
        sql.push_bind(next - first)
            .push(" WHERE id BETWEEN ")
            .push_bind(first)
            .push(" AND ")
            .push_bind(end);
        sql.build().execute(&mut *conn).await?;
        next += run.len() as i64;
    }
    let mut sql = QueryBuilder::<Db>::new("UPDATE outbox_sequencer SET last_position = ");
    sql.push_bind(last + ids.len() as i64).push(" WHERE id = 1");
    sql.build().execute(&mut *conn).await?;
    Ok(ids.len() as u32)
}

fn raw_event(row: &DbRow) -> StoreResult<RawEvent> {
    let id: String = row.try_get("event_id")?;
    let event_type: String = row.try_get("kind")?;
    let version = u32::try_from(integer(row, "version")?).unwrap_or(u32::MAX);
    let aggregate: String = row.try_get("aggregate")?;
    let key: String = row.try_get("aggregate_key")?;
    let sequence: i64 = row.try_get("sequence")?;
    let occurred_at = timestamp(row, "created_at")?;
    // The store wrote it as JSON, and it goes out as it is, unparsed: a relay forwards
    // thousands a second, and a damaged row is a malformed event to whoever decodes it.
    let data: String = row.try_get("payload")?;
    let raw = match id.parse::<EventId>() {
        Ok(parsed) => envelope_json(
            parsed, &event_type, version, occurred_at, &aggregate, &key, sequence, &data,
        ),
        Err(_) => String::new(),
    };
    Ok(RawEvent {
        position: row.try_get("position")?,
        id,
        event_type,
        version,
        key,
        occurred_at,
        raw,
    })
}

fn record(row: &DbRow) -> StoreResult<OutboxRecord> {
    let event = raw_event(row)?;
    let envelope = match event.id.parse::<EventId>() {
        Ok(_) => EventEnvelope::from_json(event.raw.as_bytes()),
        Err(error) => Err(DecodeError::Malformed(format!(
            "event id {:?}: {error}",
            event.id
        ))),
    };
    Ok(OutboxRecord {
        position: event.position,
        envelope,
        raw: event.raw,
    })
}

async fn rows_after(store: &Backend, position: i64, limit: u32) -> StoreResult<Vec<DbRow>> {
    let mut sql = QueryBuilder::<Db>::new(
        "SELECT position, event_id, kind, version, aggregate, aggregate_key, sequence, payload, created_at FROM outbox WHERE position > ",
    );
    sql.push_bind(position)
        .push(" ORDER BY position LIMIT ")
        .push_bind(i64::from(limit));
    Ok(sql.build().fetch_all(&store.pool).await?)
}

#[async_trait]
impl EventLog for Backend {
    async fn sequence(&self, limit: u32) -> StoreResult<u32> {
        // Idle readers ask often; a read that finds nothing to number spares the write
        // transaction. It still sees every row committed before the call, so nothing that
        // committed before the caller's read can be left without a position.
        let pending = QueryBuilder::<Db>::new("SELECT id FROM outbox WHERE position IS NULL LIMIT 1")
            .build()
            .fetch_optional(&self.pool)
            .await?;
        if pending.is_none() {
            return Ok(0);
        }
        super::sequencer_transaction(self, limit).await
    }

    async fn events_after(&self, position: i64, limit: u32) -> StoreResult<Vec<OutboxRecord>> {
        let rows = rows_after(self, position, limit).await?;
        rows.iter().map(record).collect()
    }

    async fn raw_after(&self, position: i64, limit: u32) -> StoreResult<Vec<RawEvent>> {
        let rows = rows_after(self, position, limit).await?;
        rows.iter().map(raw_event).collect()
    }

    async fn head(&self) -> StoreResult<i64> {
        let row =
            QueryBuilder::<Db>::new("SELECT last_position FROM outbox_sequencer WHERE id = 1")
                .build()
                .fetch_one(&self.pool)
                .await?;
        Ok(row.try_get("last_position")?)
    }

    async fn oldest_unsequenced_at(&self) -> StoreResult<Option<DateTime<Utc>>> {
        let row = QueryBuilder::<Db>::new(
            "SELECT MIN(created_at) AS oldest FROM outbox WHERE position IS NULL",
        )
        .build()
        .fetch_one(&self.pool)
        .await?;
        optional_timestamp(&row, "oldest")
    }
}
