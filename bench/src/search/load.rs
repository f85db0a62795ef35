//! Loading the postings file into PostgreSQL and SQLite once: each is reused while it holds
//! every posting of the same file (by path, size and modification time); otherwise the file
//! is read once for whichever needs it, parsed on a thread of its own while the databases
//! take the previous batch.

use std::path::Path;
use std::time::Instant;

use crate::corpus::{self, Doc, Reader};
use crate::postgres::Postgres;
use crate::sqlite::Sqlite;
use crate::{postgres_load, sqlite_load};

const BATCH: usize = 2_000;
/// How often progress is printed, in postings.
const PROGRESS: u64 = 100_000;

/// Makes sure both hold the file's postings; returns how many there are.
pub async fn prepare(path: &Path, pg: &mut Postgres, lite: &mut Sqlite) -> anyhow::Result<u64> {
    let signature = corpus::signature(path)?;
    let in_pg = postgres_load::loaded(&mut pg.conn, &signature).await?;
    let in_lite = sqlite_load::loaded(&mut lite.conn, &signature).await?;
    if let (Some(count), Some(_)) = (in_pg, in_lite) {
        eprintln!("reusing {count} postings already loaded into PostgreSQL and SQLite");
        return Ok(count);
    }
    let (load_pg, load_lite) = (in_pg.is_none(), in_lite.is_none());
    if load_pg {
        postgres_load::reset(&mut pg.conn).await?;
    }
    if load_lite {
        sqlite_load::reset(&mut lite.conn).await?;
    }
    let (batches, mut received) = tokio::sync::mpsc::channel::<anyhow::Result<Vec<Doc>>>(2);
    let mut reader = Reader::open(path)?;
    let parsing = tokio::task::spawn_blocking(move || {
        loop {
            let batch = reader.batch(BATCH);
            let done = batch.as_ref().map_or(true, Vec::is_empty);
            if batches.blocking_send(batch).is_err() || done {
                break;
            }
        }
        reader.rejected
    });
    let started = Instant::now();
    let (mut count, mut pg_secs, mut lite_secs) = (0u64, 0.0, 0.0);
    while let Some(batch) = received.recv().await {
        let batch = batch?;
        if batch.is_empty() {
            break;
        }
        if load_pg {
            let at = Instant::now();
            postgres_load::copy(&mut pg.conn, &batch).await?;
            pg_secs += at.elapsed().as_secs_f64();
        }
        if load_lite {
            let at = Instant::now();
            sqlite_load::insert(&mut lite.conn, &batch).await?;
            lite_secs += at.elapsed().as_secs_f64();
        }
        let before = count;
        count += batch.len() as u64;
        if count / PROGRESS > before / PROGRESS {
            eprintln!(
                "loaded {count} postings ({:.0} s)",
                started.elapsed().as_secs_f64()
            );
        }
    }
    let rejected = parsing.await?;
    if rejected > 0 {
        eprintln!("{rejected} lines were not postings the import would take; left out");
    }
    if load_pg {
        let at = Instant::now();
        postgres_load::finish(&mut pg.conn, &signature, count).await?;
        eprintln!(
            "PostgreSQL: {count} postings copied in {pg_secs:.0} s, indexed and analysed in {:.0} s",
            at.elapsed().as_secs_f64()
        );
    }
    if load_lite {
        let at = Instant::now();
        sqlite_load::finish(&mut lite.conn, &signature, count).await?;
        eprintln!(
            "SQLite: {count} postings inserted in {lite_secs:.0} s, indexed in {:.0} s",
            at.elapsed().as_secs_f64()
        );
    }
    Ok(count)
}
