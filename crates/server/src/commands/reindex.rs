//! `hireboard reindex`: the search index rebuilt from the database in a folder of its own
//! beside the one in use, then made the one in use. A server on the same data folder keeps
//! answering searches from the old index until it moves to the new one.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use hireboard_search::IndexFolder;
use hireboard_service::Hireboard;
use indicatif::{ProgressBar, ProgressStyle};

pub async fn run(service: &Hireboard, folder: &Path) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let rebuilt = IndexFolder::rebuild(folder)
        .with_context(|| format!("cannot start a search index in {}", folder.display()))?;
    let progress = ProgressBar::new_spinner();
    progress.set_style(
        ProgressStyle::with_template("{spinner} {pos} postings indexed ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    progress.enable_steady_tick(std::time::Duration::from_millis(200));
    let shown = progress.clone();
    let filled = service
        .fill_search_index(Arc::clone(&rebuilt.index), &move |built| {
            shown.set_position(built as u64)
        })
        .await;
    let count = match filled {
        Ok(count) => count,
        Err(error) => {
            IndexFolder::discard(folder, rebuilt);
            anyhow::bail!("reindex stopped (the index in use is unchanged): {error}");
        }
    };
    progress.finish();
    IndexFolder::publish(folder, rebuilt)
        .with_context(|| format!("cannot switch {} to the rebuilt index", folder.display()))?;
    println!(
        "search index rebuilt in {}: {count} postings in {:.1} s",
        folder.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
