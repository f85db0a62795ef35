//! `hireboard import FILE`: JSON Lines through the service's validation, in batches. Records
//! that cannot be read or fail validation are rejected with their line; the rest are created,
//! or update the posting they name (by external reference or job code), so importing the
//! same file twice leaves the board as it was after the first time.

use std::io::BufRead;
use std::path::Path;

use anyhow::Context;
use hireboard_domain::posting::ImportRecord;
use hireboard_service::{Actor, Hireboard, ImportReport};
use indicatif::{ProgressBar, ProgressStyle};

/// Rejected records listed one by one; the rest are counted.
const REJECTIONS_SHOWN: usize = 20;

pub async fn run(service: &Hireboard, path: &Path, batch_size: usize) -> anyhow::Result<()> {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let total = file.metadata().map(|m| m.len()).unwrap_or(0);
    let progress = ProgressBar::new(total);
    progress.set_style(
        ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {msg} ({elapsed}, eta {eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let reader = std::io::BufReader::with_capacity(1 << 20, file);
    let mut batch = Vec::with_capacity(batch_size);
    let mut report = ImportReport::default();
    for (index, line) in reader.lines().enumerate() {
        let line_number = index + 1;
        let line = line.with_context(|| format!("line {line_number}: not readable text"))?;
        progress.inc(line.len() as u64 + 1);
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<ImportRecord>(&line) {
            Ok(record) => batch.push((line_number, record)),
            Err(error) => report
                .rejected
                .push((line_number, format!("not a valid posting record: {error}"))),
        }
        if batch.len() == batch_size {
            report.absorb(load(service, std::mem::take(&mut batch)).await?);
            progress.set_message(summary(&report));
        }
    }
    if !batch.is_empty() {
        report.absorb(load(service, batch).await?);
    }
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

fn summary(report: &ImportReport) -> String {
    format!(
        "{} created, {} updated, {} rejected",
        report.created,
        report.updated,
        report.rejected.len()
    )
}

async fn load(
    service: &Hireboard,
    batch: Vec<(usize, ImportRecord)>,
) -> anyhow::Result<ImportReport> {
    service
        .import_postings(&Actor::System, batch)
        .await
        .map_err(|e| anyhow::anyhow!("import stopped: {e}"))
}
