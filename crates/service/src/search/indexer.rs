//! The search indexer: a per-instance consumer that keeps this instance's index replica in
//! step with the events, committing each read's changes with the outbox position they bring
//! it through. It reads the outbox on the in-process bus; with a broker, it catches up from
//! the outbox from its committed position, then follows the broker. An instance without an
//! index builds it from the store first, then follows from where the store was when it
//! began (events after that point are applied again, in order, which only brings postings to
//! their latest state). When `hireboard reindex` has rebuilt the index beside this one, the
//! indexer catches the rebuilt one up from the outbox to what it applied and serves from it.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use async_trait::async_trait;
use hireboard_domain::event::{PostingSnapshot, POSTING_EVENT_TYPES};
use hireboard_events::{Consumer, Delivered, HandleError, Scope};
use hireboard_search::{Change, IndexFolder, SearchError, SearchIndex};

use crate::Hireboard;

/// Postings read from the store at a time while building.
const BUILD_PAGE: u32 = 1_000;

pub(crate) struct SearchIndexer {
    service: Hireboard,
    folder: Arc<IndexFolder>,
    /// The highest outbox position of an event applied (from a broker, events of other
    /// lanes below it may still come).
    applied: AtomicI64,
    /// Events at or below this position are in the index already (a rebuilt index served
    /// since may be ahead of what this consumer was given).
    indexed_through: AtomicI64,
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, SearchError> + Send + 'static,
) -> Result<T, HandleError> {
    super::blocking(work).await.map_err(HandleError)
}

/// The changes of `events` the index does not hold yet.
fn changes(events: &[Delivered<'_>], indexed_through: i64) -> Vec<Change> {
    events
        .iter()
        .filter(|delivered| {
            delivered
                .outbox_position
                .is_none_or(|at| at > indexed_through)
        })
        .filter_map(|delivered| delivered.event.event.posting())
        .map(|posting| Change::Posting(Box::new(posting.clone())))
        .collect()
}

/// Fills the empty `index` with every listed posting and commits it; returns the outbox
/// position it is complete up to. `built` is told how many postings are in so far.
pub(crate) async fn build(
    service: &Hireboard,
    index: Arc<SearchIndex>,
    built: &(dyn Fn(usize) + Send + Sync),
) -> Result<i64, HandleError> {
    let started = Instant::now();
    let store = service.store();
    let events = store.events();
    // Everything committed before the store is read gets a position at or below `head`.
    while events.sequence(1_000).await? > 0 {}
    let head = events.head().await?;
    let (clearing, compacting) = (index.clone(), index.clone());
    blocking(move || clearing.clear()).await?;
    let (mut after, mut count) = (None, 0usize);
    // The store reads the next page while the index takes this one.
    let mut staging: Option<tokio::task::JoinHandle<Result<usize, HandleError>>> = None;
    loop {
        let page = store.listed().listed_after(after, BUILD_PAGE).await?;
        if let Some(staged) = staging.take() {
            count += staged
                .await
                .map_err(|e| HandleError(format!("search index task failed: {e}")))??;
            built(count);
        }
        let Some(last) = page.last() else { break };
        after = Some(last.job_code);
        let index = index.clone();
        staging = Some(tokio::spawn(blocking(move || {
            let changes: Vec<Change> = page
                .iter()
                .map(|posting| Change::Posting(Box::new(PostingSnapshot::from(posting))))
                .collect();
            index.stage(&changes).map(|()| changes.len())
        })));
    }
    blocking(move || index.commit(head)).await?;
    let built_in = started.elapsed().as_secs_f64();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    // Only speeds searches up: the index is complete and committed either way (a merge the
    // engine had already started on some of these segments refuses another).
    if let Err(HandleError(error)) = blocking(move || compacting.compact(cores)).await {
        tracing::warn!(%error, "the built search index keeps its segments unmerged");
    }
    tracing::info!(
        postings = count,
        position = head,
        seconds = built_in,
        compacted_seconds = started.elapsed().as_secs_f64() - built_in,
        "search index built from the store"
    );
    Ok(head)
}

impl SearchIndexer {
    pub(crate) fn new(service: Hireboard, folder: Arc<IndexFolder>) -> SearchIndexer {
        SearchIndexer {
            service,
            folder,
            applied: AtomicI64::new(0),
            indexed_through: AtomicI64::new(0),
        }
    }

    /// Applies `events` and commits the index at the position they bring it through.
    async fn apply(&self, events: &[Delivered<'_>]) -> Result<(), HandleError> {
        let Some(through) = events.iter().rev().find_map(|d| d.through) else {
            return Err(HandleError(
                "the search indexer needs outbox positions".into(),
            ));
        };
        let indexed = self.indexed_through.load(Ordering::SeqCst);
        let changes = changes(events, indexed);
        // A rebuilt index served since may be ahead of what the events brought.
        let position = through.max(indexed);
        let index = self.folder.current();
        blocking(move || index.apply(&changes, position)).await?;
        if let Some(highest) = events.iter().filter_map(|d| d.outbox_position).max() {
            self.applied.fetch_max(highest, Ordering::SeqCst);
        }
        Ok(())
    }

    /// Moves to a rebuilt index when `hireboard reindex` published one, after giving it the
    /// events this instance applied since the rebuild read the store.
    async fn follow_rebuild(&self) -> Result<(), HandleError> {
        let folder = self.folder.clone();
        let Some(rebuilt) = blocking(move || folder.replacement()).await? else {
            return Ok(());
        };
        let index = rebuilt.index.clone();
        let reading = index.clone();
        let mut at = blocking(move || reading.position()).await?.unwrap_or(0);
        let rebuilt_at = at;
        let applied = self.applied.load(Ordering::SeqCst);
        while at < applied {
            let records = self
                .service
                .store()
                .events()
                .events_after(at, BUILD_PAGE)
                .await?;
            let records: Vec<_> = records
                .into_iter()
                .take_while(|record| record.position <= applied)
                .collect();
            let Some(last) = records.last() else { break };
            at = last.position;
            let changes: Vec<Change> = records
                .iter()
                .filter_map(|record| record.envelope.as_ref().ok()?.event.posting())
                .map(|posting| Change::Posting(Box::new(posting.clone())))
                .collect();
            let applying = index.clone();
            blocking(move || applying.apply(&changes, at)).await?;
        }
        drop(index);
        self.indexed_through.fetch_max(at, Ordering::SeqCst);
        self.folder.serve(rebuilt);
        tracing::info!(
            rebuilt_at,
            caught_up_to = at,
            "serving the rebuilt search index"
        );
        Ok(())
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

    async fn resume_after(&self) -> Result<Option<i64>, HandleError> {
        let index = self.folder.current();
        let reading = index.clone();
        let position = match blocking(move || reading.position()).await? {
            Some(position) => position,
            None => build(&self.service, index, &|_| {}).await?,
        };
        self.applied.store(position, Ordering::SeqCst);
        self.indexed_through.store(position, Ordering::SeqCst);
        Ok(Some(position))
    }

    async fn reading(&self) {
        if let Err(error) = self.follow_rebuild().await {
            tracing::warn!(error = %error.0, "a rebuilt search index could not be served yet");
        }
    }

    async fn handle(&self, delivered: Delivered<'_>) -> Result<(), HandleError> {
        self.apply(&[delivered]).await
    }

    async fn handle_all(&self, events: &[Delivered<'_>]) -> Result<bool, HandleError> {
        if events.iter().all(|d| d.through.is_none()) {
            return Ok(false);
        }
        self.apply(events).await?;
        Ok(true)
    }
}
