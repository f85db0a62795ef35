//! Applications on PostgreSQL, written in batches: applications that arrive while earlier
//! ones are being written share one statement, so a burst costs one round trip and one commit
//! per batch instead of per application. A lone application is written at once, as a batch
//! of one; nothing ever waits for a batch to fill.
//!
//! Each application and its outbox event still commit together; the event gets its id, version
//! and per-key sequence as in `record_events`, within the same statement. A batch that fails as a whole
//! (say a foreign key names a row that is gone) is written again one application at a time,
//! so one bad application never fails the others; when the database is unavailable, every
//! application of the batch gets that answer at once.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use hireboard_domain::event::{ApplicationSubmitted, Event, EventId};
use hireboard_domain::ids::ApplicationId;
use sqlx::Row;
use std::sync::Mutex;

use tokio::sync::{mpsc, oneshot, Notify, Semaphore};
use tokio::task::JoinHandle;

use super::{applications, ts, Db, Pool, Ts};
use crate::backend::SpawnedTransactions;
use crate::records::NewApplication;
use crate::{Rule, StoreError, StoreResult};

/// The most applications one statement carries.
const MAX_BATCH: usize = 128;
/// How many more applications may wait for a batch to start before senders wait too.
const QUEUE: usize = 4096;

const CONFLICT: StoreError = StoreError::Conflict(Rule::OneApplicationPerCandidate);

struct Pending {
    new: NewApplication,
    reply: oneshot::Sender<StoreResult<ApplicationId>>,
}

/// Hands applications to the task that writes them in batches.
#[derive(Clone)]
pub struct ApplicationBatches {
    queue: mpsc::Sender<Pending>,
    /// Tells the writer to take no more applications and finish those it has.
    closing: Arc<Notify>,
    /// The writer, until [`ApplicationBatches::drain`] waited for it.
    writer: Arc<Mutex<Option<JoinHandle<()>>>>,
}

/// Where batches go: one statement on the pool, or one transaction each when a batch fails.
#[derive(Clone)]
struct Writes {
    pool: Pool,
    one_by_one: SpawnedTransactions<Db>,
}

impl ApplicationBatches {
    /// Starts the writer; at most `concurrent` batches are written at a time, each on its own
    /// pooled connection.
    pub fn start(
        pool: Pool,
        one_by_one: SpawnedTransactions<Db>,
        concurrent: usize,
    ) -> ApplicationBatches {
        let (queue, arrivals) = mpsc::channel(QUEUE);
        let writes = Writes { pool, one_by_one };
        let closing = Arc::new(Notify::new());
        let writer = tokio::spawn(write_batches(
            writes,
            arrivals,
            concurrent.max(1),
            closing.clone(),
        ));
        ApplicationBatches {
            queue,
            closing,
            writer: Arc::new(Mutex::new(Some(writer))),
        }
    }

    /// Stops taking applications (later ones are refused as unavailable) and returns once
    /// every application already taken is written and answered.
    pub async fn drain(&self) {
        self.closing.notify_one();
        let writer = self.writer.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(writer) = writer {
            let _ = writer.await;
        }
    }

    /// Writes one application and its event; returns its id, or `Conflict` if the candidate
    /// already applied.
    pub async fn insert(&self, new: NewApplication) -> StoreResult<ApplicationId> {
        let stopped = || StoreError::unavailable("the application writer stopped");
        let (reply, answer) = oneshot::channel();
        self.queue
            .send(Pending { new, reply })
            .await
            .map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

async fn write_batches(
    writes: Writes,
    mut arrivals: mpsc::Receiver<Pending>,
    concurrent: usize,
    closing: Arc<Notify>,
) {
    let writers = Arc::new(Semaphore::new(concurrent));
    let mut batch = Vec::with_capacity(MAX_BATCH);
    loop {
        let received = tokio::select! {
            received = arrivals.recv_many(&mut batch, MAX_BATCH) => received,
            () = closing.notified() => {
                // What is queued still comes out of a closed channel; then it reports 0.
                arrivals.close();
                continue;
            }
        };
        if received == 0 {
            break;
        }
        let Ok(writer) = writers.clone().acquire_owned().await else {
            return;
        };
        // Whatever arrived while every writer was busy joins this batch.
        while batch.len() < MAX_BATCH {
            match arrivals.try_recv() {
                Ok(pending) => batch.push(pending),
                Err(_) => break,
            }
        }
        let writes = writes.clone();
        let work = std::mem::replace(&mut batch, Vec::with_capacity(MAX_BATCH));
        tokio::spawn(async move {
            write(&writes, work).await;
            drop(writer);
        });
    }
    // Every batch in flight holds a permit: having them all means all were written.
    let _ = writers
        .acquire_many(u32::try_from(concurrent).unwrap_or(u32::MAX))
        .await;
}

async fn write(writes: &Writes, batch: Vec<Pending>) {
    // The same candidate and posting twice in one batch: only the first can be written.
    let mut pairs = HashSet::new();
    let (batch, repeated): (Vec<_>, Vec<_>) =
        batch.into_iter().partition(|p| pairs.insert(key(&p.new)));
    for pending in repeated {
        let _ = pending.reply.send(Err(CONFLICT));
    }
    match insert_batch(&writes.pool, &batch).await {
        Ok(mut ids) => {
            for pending in batch {
                let id = ids.remove(&key(&pending.new)).ok_or(CONFLICT);
                let _ = pending.reply.send(id);
            }
        }
        // Nothing to separate, or a database that is down or slow for all of them alike (one
        // by one, each would wait out its own time-out).
        Err(error) if batch.len() == 1 || matches!(error, StoreError::Unavailable(_)) => {
            for pending in batch {
                let _ = pending.reply.send(Err(error.clone()));
            }
        }
        Err(error) => {
            tracing::warn!(%error, applications = batch.len(), "an application batch failed; writing them one by one");
            for Pending { new, reply } in batch {
                let written = applications::insert_alone(&writes.one_by_one, new).await;
                let _ = reply.send(written);
            }
        }
    }
}

fn key(new: &NewApplication) -> (i64, i64) {
    (new.posting_id.0, new.candidate_id.0)
}

/// One statement for the whole batch: its columns go in as arrays, so the statement is the
/// same (and prepared once per connection) whatever the batch size. Every application is
/// new, so each key is in the batch once and the sequence upsert touches each row once. The
/// event's data is built here because only here is the application's id known; the
/// conformance tests decode it on PostgreSQL as [`ApplicationSubmitted`].
const INSERT_BATCH: &str = "WITH input AS (
        SELECT * FROM UNNEST($1::BIGINT[], $2::BIGINT[], $3::TEXT[], $4::TEXT[], $5::TIMESTAMPTZ[], $6::BIGINT[], $7::TEXT[])
            AS i (posting_id, candidate_id, cover_note, answers_json, at, job_code, event_id)),
    application AS (
        INSERT INTO applications (posting_id, candidate_id, stage, cover_note, answers_json, created_at, updated_at)
        SELECT posting_id, candidate_id, 'applied', cover_note, answers_json, at, at FROM input
        ON CONFLICT ON CONSTRAINT one_application_per_candidate DO NOTHING
        RETURNING id, posting_id, candidate_id),
    seq AS (
        INSERT INTO event_sequences (aggregate, aggregate_key, next_sequence)
        SELECT $9, CAST(id AS TEXT), 2 FROM application
        ON CONFLICT (aggregate, aggregate_key) DO UPDATE SET next_sequence = event_sequences.next_sequence + 1
        RETURNING aggregate_key, next_sequence - 1 AS sequence),
    event AS (
        INSERT INTO outbox (event_id, kind, version, aggregate, aggregate_key, sequence, payload, created_at)
        SELECT i.event_id, $8, $10, $9, s.aggregate_key, s.sequence,
            json_build_object('application', a.id, 'job_code', i.job_code, 'candidate', a.candidate_id)::TEXT, i.at
        FROM application a JOIN input i USING (posting_id, candidate_id)
            JOIN seq s ON s.aggregate_key = CAST(a.id AS TEXT)
        ORDER BY a.id)
    SELECT id, posting_id, candidate_id FROM application";

/// The type, aggregate and version of the events a batch writes.
fn submitted() -> (&'static str, &'static str, i32) {
    let event = Event::ApplicationSubmitted(ApplicationSubmitted {
        application: ApplicationId(1),
        job_code: hireboard_domain::ids::JobCode::new(1_000_000).expect("a valid job code"),
        candidate: hireboard_domain::ids::AccountId(1),
    });
    let version = i32::try_from(event.version()).expect("event versions are small");
    (event.event_type(), event.aggregate(), version)
}

/// Writes every application of the batch that is not already there, with its event; returns
/// the ids of those written by their (posting, candidate) pair.
async fn insert_batch(
    pool: &Pool,
    batch: &[Pending],
) -> StoreResult<HashMap<(i64, i64), ApplicationId>> {
    let mut columns = Columns::default();
    for Pending { new, .. } in batch {
        columns.posting_id.push(new.posting_id.0);
        columns.candidate_id.push(new.candidate_id.0);
        columns.cover_note.push(new.cover_note.clone());
        columns
            .answers_json
            .push(serde_json::to_string(&new.answers)?);
        columns.at.push(ts(new.now));
        columns.job_code.push(new.job_code.get());
        columns.event_id.push(EventId::new().to_string());
    }
    let (event_type, aggregate, version) = submitted();
    let written = sqlx::query(INSERT_BATCH)
        .bind(columns.posting_id)
        .bind(columns.candidate_id)
        .bind(columns.cover_note)
        .bind(columns.answers_json)
        .bind(columns.at)
        .bind(columns.job_code)
        .bind(columns.event_id)
        .bind(event_type)
        .bind(aggregate)
        .bind(version)
        .fetch_all(pool)
        .await?;
    written
        .iter()
        .map(|row| {
            Ok((
                (row.try_get("posting_id")?, row.try_get("candidate_id")?),
                ApplicationId(row.try_get("id")?),
            ))
        })
        .collect()
}

#[derive(Default)]
struct Columns {
    posting_id: Vec<i64>,
    candidate_id: Vec<i64>,
    cover_note: Vec<Option<String>>,
    answers_json: Vec<String>,
    at: Vec<Ts>,
    job_code: Vec<i64>,
    event_id: Vec<String>,
}
