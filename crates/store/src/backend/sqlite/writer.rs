//! The one writer of a SQLite database: a task that owns the only connection that writes and
//! runs every write transaction the store is given, in arrival order.
//!
//! Two things follow from owning the write connection in a task of its own. A request whose
//! future is dropped at any await point only drops its reply: the transaction it handed over
//! still commits or rolls back in full, so no connection is ever left holding the write lock
//! (sqlx's `begin_with("BEGIN IMMEDIATE")` on a pooled connection is not cancellation-safe
//! and did exactly that). And transactions that arrive while one is being written are
//! written together: each in a savepoint of one `BEGIN IMMEDIATE ... COMMIT`, so a burst costs
//! one lock hand-over and one commit instead of one per write, while one failing write still
//! rolls back only its own savepoint.

use std::panic::AssertUnwindSafe;

use futures_util::FutureExt;
use sqlx::{Executor, SqliteConnection};
use tokio::sync::{mpsc, oneshot};

use crate::backend::BoxFuture;
use crate::{StoreError, StoreResult};

/// The most transactions one commit carries.
const MAX_BATCH: usize = 64;
/// How many transactions may wait for the writer before senders wait too.
const QUEUE: usize = 4096;

/// Hands write transactions to the writer task.
#[derive(Clone)]
pub struct Writer {
    queue: mpsc::Sender<Box<dyn Job>>,
}

impl Writer {
    /// Starts the writer on its own connection.
    pub fn start(connection: SqliteConnection) -> Writer {
        let (queue, jobs) = mpsc::channel(QUEUE);
        tokio::spawn(write_batches(connection, jobs));
        Writer { queue }
    }

    /// Runs `work` as one transaction, committed if it succeeds and rolled back if it fails;
    /// the answer comes once its commit is durable.
    pub async fn run<T, W>(&self, work: W) -> StoreResult<T>
    where
        T: Send + 'static,
        W: for<'c> FnOnce(&'c mut SqliteConnection) -> BoxFuture<'c, StoreResult<T>>
            + Send
            + 'static,
    {
        let (reply, answer) = oneshot::channel();
        self.queue
            .send(Box::new(Pending { work, reply }))
            .await
            .map_err(|_| StoreError::unavailable("the SQLite writer stopped"))?;
        // The reply is dropped unanswered only if the work panicked (logged by the writer).
        answer
            .await
            .map_err(|_| StoreError::internal("the write panicked in the SQLite writer"))?
    }
}

/// A transaction waiting for the writer, with the way back to its caller.
trait Job: Send {
    fn run<'c>(
        self: Box<Self>,
        connection: &'c mut SqliteConnection,
    ) -> BoxFuture<'c, Box<dyn Ran>>;
    /// The batch could not start; the work never ran.
    fn refuse(self: Box<Self>, error: StoreError);
}

/// A transaction that ran in its savepoint, waiting to hear whether its batch committed.
trait Ran: Send {
    fn succeeded(&self) -> bool;
    fn deliver(self: Box<Self>, batch: Result<(), StoreError>);
}

struct Pending<T, W> {
    work: W,
    reply: oneshot::Sender<StoreResult<T>>,
}

struct Done<T> {
    result: StoreResult<T>,
    reply: oneshot::Sender<StoreResult<T>>,
}

impl<T, W> Job for Pending<T, W>
where
    T: Send + 'static,
    W: for<'c> FnOnce(&'c mut SqliteConnection) -> BoxFuture<'c, StoreResult<T>> + Send + 'static,
{
    fn run<'c>(
        self: Box<Self>,
        connection: &'c mut SqliteConnection,
    ) -> BoxFuture<'c, Box<dyn Ran>> {
        let Pending { work, reply } = *self;
        Box::pin(async move {
            let result = work(connection).await;
            Box::new(Done { result, reply }) as Box<dyn Ran>
        })
    }

    fn refuse(self: Box<Self>, error: StoreError) {
        let _ = self.reply.send(Err(error));
    }
}

impl<T: Send> Ran for Done<T> {
    fn succeeded(&self) -> bool {
        self.result.is_ok()
    }

    fn deliver(self: Box<Self>, batch: Result<(), StoreError>) {
        // A caller that stopped waiting has dropped its receiver; nothing is lost by that.
        let _ = self.reply.send(batch.and(self.result));
    }
}

async fn write_batches(mut connection: SqliteConnection, mut jobs: mpsc::Receiver<Box<dyn Job>>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while jobs.recv_many(&mut batch, MAX_BATCH).await > 0 {
        write(&mut connection, std::mem::take(&mut batch)).await;
    }
}

async fn write(connection: &mut SqliteConnection, batch: Vec<Box<dyn Job>>) {
    if let Err(error) = connection.execute("BEGIN IMMEDIATE").await {
        let error = StoreError::from(error);
        for job in batch {
            job.refuse(error.clone());
        }
        return;
    }
    let mut ran = Vec::with_capacity(batch.len());
    let mut failure = None;
    let mut waiting = batch.into_iter();
    for job in waiting.by_ref() {
        if let Err(error) = connection.execute("SAVEPOINT job").await {
            let error = StoreError::from(error);
            job.refuse(error.clone());
            failure = Some(error);
            break;
        }
        let done = match AssertUnwindSafe(job.run(connection)).catch_unwind().await {
            Ok(done) => done,
            Err(_) => {
                tracing::error!("a write panicked in the SQLite writer; rolled back");
                Box::new(Panicked)
            }
        };
        let end = if done.succeeded() {
            "RELEASE job"
        } else {
            "ROLLBACK TO job; RELEASE job"
        };
        ran.push(done);
        // Some failures (a full disk, an I/O error) end the whole transaction; the savepoint
        // is then gone and nothing of this batch can commit.
        if let Err(error) = connection.execute(end).await {
            failure = Some(StoreError::from(error));
            break;
        }
    }
    let outcome = match failure {
        Some(error) => {
            for job in waiting {
                job.refuse(error.clone());
            }
            Err(error)
        }
        None => connection
            .execute("COMMIT")
            .await
            .map(|_| ())
            .map_err(StoreError::from),
    };
    if outcome.is_err() {
        // Whatever is left of the transaction must not hold the lock for the next batch.
        let _ = connection.execute("ROLLBACK").await;
        if let Err(error) = &outcome {
            tracing::warn!(%error, writes = ran.len(), "a SQLite write batch failed");
        }
    }
    for done in ran {
        done.deliver(outcome.clone());
    }
}

/// What is left of a job whose work panicked: its caller already lost the reply.
struct Panicked;

impl Ran for Panicked {
    fn succeeded(&self) -> bool {
        false
    }

    fn deliver(self: Box<Self>, _: Result<(), StoreError>) {}
}
