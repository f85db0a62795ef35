//! The outbox: recording events in the writer's transaction, the sequencer pass, and reading
//! sequenced events (see `crate::events` for the rule that makes reading never skip).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use hireboard_domain::event::{envelope_json, DecodeError, Event, EventEnvelope, EventId};
use sqlx::{QueryBuilder, Row};

use super::common::{integer, optional_timestamp, timestamp};
use super::{
    ts, Backend, Conn, Db, DbRow, BUMP_SEQUENCE, FOR_UPDATE, SEQUENCE_RETURNING, SKIP_LOCKED,
};
use crate::events::{EventLog, OutboxRecord, RawEvent};
use crate::StoreResult;

/// The most rows one sequencer pass numbers (its UPDATE binds two values per row).
const MAX_PASS: u32 = 1000;

/// Appends events to the outbox inside the caller's transaction, each with a new id and the
/// next sequence number of its key.
pub async fn record_events(
    conn: &mut Conn,
    events: &[Event],
    now: DateTime<Utc>,
) -> StoreResult<()> {
    // Keys are locked in one order by every writer, so two writers of the same keys wait
    // for each other instead of deadlocking.
    let mut order: Vec<usize> = (0..events.len()).collect();
    let keys: Vec<String> = events.iter().map(Event::key).collect();
    order.sort_by(|&a, &b| {
        (events[a].aggregate(), &keys[a]).cmp(&(events[b].aggregate(), &keys[b]))
    });
    let mut sequences = vec![0; events.len()];
    for i in order {
        sequences[i] = take_sequence(conn, events[i].aggregate(), &keys[i]).await?;
    }
    for ((event, key), sequence) in events.iter().zip(&keys).zip(sequences) {
        let mut sql = QueryBuilder::<Db>::new(
            "INSERT INTO outbox (event_id, kind, version, aggregate, aggregate_key, sequence, payload, created_at) VALUES (",
        );
        let mut values = sql.separated(", ");
        values
            .push_bind(EventId::new().to_string())
            .push_bind(event.event_type())
            .push_bind(version(event.version()))
            .push_bind(event.aggregate())
            .push_bind(key.clone())
            .push_bind(sequence)
            .push_bind(event.data().to_string())
            .push_bind(ts(now));
        sql.push(")").build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// The next sequence number of an event's key, taken with a row-locking upsert so writers of
/// the same key wait for each other (see `crate::events`).
async fn take_sequence(conn: &mut Conn, aggregate: &str, key: &str) -> StoreResult<i64> {
    let mut sql = QueryBuilder::<Db>::new(
        "INSERT INTO event_sequences (aggregate, aggregate_key, next_sequence) VALUES (",
    );
    sql.push_bind(aggregate.to_owned())
        .push(", ")
        .push_bind(key.to_owned())
        .push(", 2)")
        .push(BUMP_SEQUENCE);
    if let Some(returning) = SEQUENCE_RETURNING {
        let (sequence,): (i64,) = sql.push(returning).build_query_as().fetch_one(&mut *conn).await?;
        return Ok(sequence);
    }
    sql.build().execute(&mut *conn).await?;
    let mut sql = QueryBuilder::<Db>::new(
        "SELECT next_sequence - 1 AS sequence FROM event_sequences WHERE aggregate = ",
    );
    sql.push_bind(aggregate.to_owned())
        .push(" AND aggregate_key = ")
        .push_bind(key.to_owned());
    let (sequence,): (i64,) = sql.build_query_as().fetch_one(&mut *conn).await?;
    Ok(sequence)
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
    let mut sql = QueryBuilder::<Db>::new("UPDATE outbox SET position = CASE id");
    for (n, id) in (1..).zip(&ids) {
        sql.push(" WHEN ")
            .push_bind(*id)
            .push(" THEN ")
            .push_bind(last + n);
    }
    sql.push(" END WHERE id IN (");
    let mut list = sql.separated(", ");
    for id in &ids {
        list.push_bind(*id);
    }
    sql.push(")").build().execute(&mut *conn).await?;
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
