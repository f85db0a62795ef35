//! `hireboard import FILE`: JSON Lines through the service's validation, in batches. Records
//! that cannot be read or fail validation are rejected with their line; the rest are created,
//! or update the posting they name (by external reference or job code), so importing the
//! same file twice leaves the board as it was after the first time.

use std::io::BufRead;
use std::path::Path;

use anyhow::Context;
use hireboard_domain::posting::ImportRecord;
use hireboard_service::{Actor, CheckedImport, Hireboard, ImportReport};
use indicatif::{ProgressBar, ProgressStyle};

/// Rejected records listed one by one; the rest are counted.
const REJECTIONS_SHOWN: usize = 20;

/// Batches checked ahead of the store's writes: enough to keep the writer busy while the
/// next one is read and checked, few enough to bound memory.
const BATCHES_AHEAD: usize = 2;

/// A batch read and checked, with the lines that were not posting records at all.
type ReadBatch = (CheckedImport, Vec<(usize, String)>);

pub async fn run(service: &Hireboard, path: &Path, batch_size: usize) -> anyhow::Result<()> {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let total = file.metadata().map(|m| m.len()).unwrap_or(0);
    let progress = ProgressBar::new(total);
    progress.set_style(
        ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {msg} ({elapsed}, eta {eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    // Parsing and checking take as long as writing: they run on a thread of their own, so
    // the two overlap.
    let (sender, mut batches) = tokio::sync::mpsc::channel(BATCHES_AHEAD);
    let reader = {
        let (service, progress) = (service.clone(), progress.clone());
        std::thread::spawn(move || read_batches(&service, file, batch_size, &progress, &sender))
    };
    let mut report = ImportReport::default();
    while let Some((checked, unreadable)) = batches.recv().await {
        report.rejected.extend(unreadable);
        let loaded = service
            .load_import(checked)
            .await
            .map_err(|e| anyhow::anyhow!("import stopped: {e}"))?;
        report.absorb(loaded);
        progress.set_message(summary(&report));
    }
    reader
        .join()
        .map_err(|_| anyhow::anyhow!("reading {} failed", path.display()))??;
    progress.finish_with_message(summary(&report));
    println!("imported {}: {}", path.display(), summary(&report));
    if report.rejected.is_empty() {
        return Ok(());
    }
    report.rejected.sort_by_key(|(line, _)| *line);
    for (line, why) in report.rejected.iter().take(REJECTIONS_SHOWN) {
        eprintln!("line {line}: {why}");
    }
    if report.rejected.len() > REJECTIONS_SHOWN {
        eprintln!(
            "... and {} more rejected records",
            report.rejected.len() - REJECTIONS_SHOWN
        );
    }
    anyhow::bail!(
        "{} of the records were rejected; the others were imported",
        report.rejected.len()
    )
}

/// Reads the file's records in batches, checks each batch, and hands it on; stops early when
/// the loader has stopped.
fn read_batches(
    service: &Hireboard,
    file: std::fs::File,
    batch_size: usize,
    progress: &ProgressBar,
    batches: &tokio::sync::mpsc::Sender<ReadBatch>,
) -> anyhow::Result<()> {
    let reader = std::io::BufReader::with_capacity(1 << 20, file);
    let mut records = Vec::with_capacity(batch_size);
    let mut unreadable = Vec::new();
    let send = |records: Vec<_>, unreadable: Vec<_>| -> anyhow::Result<bool> {
        let checked = service
            .check_import(&Actor::System, records)
            .map_err(|e| anyhow::anyhow!("import refused: {e}"))?;
        Ok(batches.blocking_send((checked, unreadable)).is_ok())
    };
    for (index, line) in reader.lines().enumerate() {
        let line_number = index + 1;
        let line = line.with_context(|| format!("line {line_number}: not readable text"))?;
        progress.inc(line.len() as u64 + 1);
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<ImportRecord>(&line) {
            Ok(record) => records.push((line_number, record)),
            Err(error) => {
                unreadable.push((line_number, format!("not a valid posting record: {error}")))
            }
        }
        if records.len() == batch_size
            && !send(
                std::mem::take(&mut records),
                std::mem::take(&mut unreadable),
            )?
        {
            return Ok(());
        }
    }
    if !records.is_empty() || !unreadable.is_empty() {
        send(records, unreadable)?;
    }
    Ok(())
}

fn summary(report: &ImportReport) -> String {
    format!(
        "{} created, {} updated, {} rejected",
        report.created,
        report.updated,
        report.rejected.len()
    )
}
