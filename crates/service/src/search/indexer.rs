//! The search indexer: a per-instance consumer that keeps this instance's index replica in
//! step with the outbox, committing each read's changes with the position they reach. An
//! instance without an index builds it from the store first, then follows from where the
//! store was when it began (events after that point are applied again, in order, which only
//! brings postings to their latest state).

use std::sync::Arc;
use std::time::Instant;

use async_trait::async_trait;
use hireboard_domain::event::PostingSnapshot;
use hireboard_events::{Consumer, Delivered, HandleError, Scope};
use hireboard_search::{Change, SearchError, SearchIndex};

use crate::Hireboard;

/// Postings read from the store at a time while building.
const BUILD_PAGE: u32 = 1_000;

/// Every posting event: each carries the posting as it now is.
const POSTING_EVENT_TYPES: &[&str] = &[
    "posting.created",
    "posting.updated",
    "posting.published",
    "posting.closed",
    "posting.expired",
    "posting.reconfirmed",
    "posting.hidden",
    "posting.restored",
    "posting.removed",
];

pub(crate) struct SearchIndexer {
    pub(crate) service: Hireboard,
    pub(crate) index: Arc<SearchIndex>,
}

/// Runs blocking index work off the async threads; it finishes even if the caller is
/// dropped, and a commit is whole or absent.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, SearchError> + Send + 'static,
) -> Result<T, HandleError> {
    match tokio::task::spawn_blocking(work).await {
        Ok(result) => result.map_err(HandleError::from),
        Err(error) => Err(HandleError(format!("search index task failed: {error}"))),
    }
}

fn changes(events: &[Delivered<'_>]) -> Vec<Change> {
    events
        .iter()
        .filter_map(|delivered| delivered.event.event.posting())
        .map(|posting| Change::Posting(Box::new(posting.clone())))
        .collect()
}

impl SearchIndexer {
    /// Fills the empty index with every listed posting; returns the outbox position it is
    /// complete up to.
    async fn build(&self) -> Result<i64, HandleError> {
        let started = Instant::now();
        let store = self.service.store();
        let events = store.events();
        // Everything committed before the store is read gets a position at or below `head`.
        while events.sequence(1_000).await? > 0 {}
        let head = events.head().await?;
        let index = self.index.clone();
        blocking(move || index.clear()).await?;
        let (mut after, mut built) = (None, 0usize);
        loop {
            let page = store.listed().listed_after(after, BUILD_PAGE).await?;
            let Some(last) = page.last() else { break };
            after = Some(last.job_code);
            built += page.len();
            let changes: Vec<Change> = page
                .iter()
                .map(|posting| Change::Posting(Box::new(PostingSnapshot::from(posting))))
                .collect();
            let index = self.index.clone();
            blocking(move || index.stage(&changes)).await?;
        }
        let index = self.index.clone();
        blocking(move || index.commit(head)).await?;
        tracing::info!(
            postings = built,
            position = head,
            seconds = started.elapsed().as_secs_f64(),
            "search index built from the store"
        );
        Ok(head)
    }

    async fn apply(&self, changes: Vec<Change>, position: i64) -> Result<(), HandleError> {
        let index = self.index.clone();
        blocking(move || index.apply(&changes, position)).await
    }
}

#[async_trait]
impl Consumer for SearchIndexer {
    fn name(&self) -> &'static str {
        "search"
    }

    fn scope(&self) -> Scope {
        Scope::PerInstance
    }

    fn types(&self) -> &'static [&'static str] {
        POSTING_EVENT_TYPES
    }

    /// The index is keyed by outbox positions, which every instance shares.
    fn reads_outbox(&self) -> bool {
        true
    }

    async fn resume_after(&self) -> Result<Option<i64>, HandleError> {
        let index = self.index.clone();
        match blocking(move || index.position()).await? {
            Some(position) => Ok(Some(position)),
            None => self.build().await.map(Some),
        }
    }

    async fn handle(&self, delivered: Delivered<'_>) -> Result<(), HandleError> {
        let Some(position) = delivered.outbox_position else {
            return Err(HandleError("the search indexer reads the outbox".into()));
        };
        self.apply(changes(&[delivered]), position).await
    }

    async fn handle_all(&self, events: &[Delivered<'_>]) -> Result<bool, HandleError> {
        let Some(position) = events.iter().rev().find_map(|d| d.outbox_position) else {
            return Ok(false);
        };
        self.apply(changes(events), position).await?;
        Ok(true)
    }
}
