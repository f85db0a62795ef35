//! `hireboard import FILE`: JSON Lines through the service's validation, in batches.

use std::io::BufRead;
use std::path::Path;

use anyhow::Context;
use hireboard_domain::posting::ImportRecord;
use hireboard_service::Hireboard;
use indicatif::{ProgressBar, ProgressStyle};

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
    let mut imported = 0usize;
    for (index, line) in reader.lines().enumerate() {
        let line_number = index + 1;
        let line = line.with_context(|| format!("line {line_number}: not readable text"))?;
        progress.inc(line.len() as u64 + 1);
        if line.trim().is_empty() {
            continue;
        }
        let record: ImportRecord = serde_json::from_str(&line)
            .with_context(|| format!("line {line_number}: not a valid posting record"))?;
        batch.push((line_number, record));
        if batch.len() == batch_size {
            imported += load(service, std::mem::take(&mut batch)).await?;
            progress.set_message(format!("{imported} postings"));
        }
    }
    if !batch.is_empty() {
        imported += load(service, batch).await?;
    }
    progress.finish_with_message(format!("{imported} postings"));
    println!("imported {imported} postings from {}", path.display());
    Ok(())
}

async fn load(service: &Hireboard, batch: Vec<(usize, ImportRecord)>) -> anyhow::Result<usize> {
    service
        .import_postings(batch)
        .await
        .map_err(|e| anyhow::anyhow!("import stopped: {e}"))
}
