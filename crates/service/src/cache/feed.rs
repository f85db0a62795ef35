//! Cache invalidation from the outbox: every instance's cache consumer follows the posting
//! events that any instance (or the operator's import, or an expiry sweep) commits, and the
//! session events, through the event backbone.
//!
//! Cached postings are keyed by their job code and a position that changes only when that
//! posting does ([`Feed::posting_key`]), so a write drops the cached copies of the posting it
//! changed and no other. Listing pages hold many postings and are keyed by the position of the
//! newest posting event ([`Feed::listing_key`]).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use hireboard_domain::event::POSTING_EVENT_TYPES;
use hireboard_domain::ids::JobCode;
use hireboard_events::{Consumer, Delivered, HandleError, Scope};

use super::Generation;
use crate::Hireboard;

/// Cached values are trusted only while the consumer caught up this recently: a value is
/// then at most this stale (plus one request), within the promised second.
pub const MAX_LAG: Duration = Duration::from_millis(750);
/// Posting events per block: positions of postings with no event in the current block are
/// the block's start, so instances that have read into the same block agree on them.
const BLOCK: i64 = 1000;
/// A position before any posting event has been seen since start-up: Redis keys need exact
/// positions, so Redis is not used until then.
const UNKNOWN: i64 = -1;

/// Where posting changes stand, as far as this instance has read them.
struct Positions {
    /// The newest posting event's outbox position, or [`UNKNOWN`].
    newest: i64,
    /// Positions below this are not told apart: the newest block's start, or a later
    /// event this build could not read (it may have changed any posting).
    base: i64,
    /// The newest event's position of each posting changed at or after `base`.
    changed: HashMap<JobCode, i64>,
    /// The outbox position the consumer started reading after: a posting not in `changed`
    /// may have changed before it, unseen, so `base` speaks for it only from there on.
    start: i64,
}

impl Positions {
    fn saw(&mut self, position: i64, code: Option<JobCode>) {
        self.newest = self.newest.max(position);
        let base = match code {
            Some(_) => self.newest - self.newest.rem_euclid(BLOCK),
            None => position,
        }
        .max(self.base);
        if base > self.base {
            self.base = base;
            self.changed.retain(|_, changed| *changed >= base);
        }
        if let Some(code) = code {
            self.changed.insert(code, position);
        }
    }

    /// Posting `code`'s position, and whether every instance that has read as far agrees
    /// on it (so it may key Redis).
    fn of(&self, code: JobCode) -> (i64, bool) {
        match self.changed.get(&code) {
            Some(changed) => (*changed, true),
            None => (self.base, self.base != UNKNOWN && self.base >= self.start),
        }
    }
}

/// What this instance knows about posting changes.
pub struct Feed {
    started: Instant,
    positions: Mutex<Positions>,
    /// Writes to several postings at once by this instance (imports, sweeps): they change
    /// every local key until the consumer has read them back.
    bulk_writes: AtomicU64,
    /// Every posting write by this instance, counted.
    writes: AtomicU64,
    /// Postings this instance wrote, with `writes` after the write: not served from a cache
    /// until the consumer has read that far.
    pending: Mutex<HashMap<JobCode, u64>>,
    /// `writes` as of the start of the last read that reached the end of the outbox.
    synced_writes: AtomicU64,
    /// `writes` when the current read started.
    reading_writes: AtomicU64,
    /// When the current read started, and the last read that reached the end, in
    /// milliseconds since `started` plus one (0: never).
    reading_at_ms: AtomicU64,
    caught_up_at_ms: AtomicU64,
    /// The database's deployment id, once read: part of every Redis key, so a database
    /// that is replaced or restored never gets another database's values.
    deployment: OnceLock<String>,
}

impl Default for Feed {
    fn default() -> Self {
        Feed {
            started: Instant::now(),
            positions: Mutex::new(Positions {
                newest: UNKNOWN,
                base: UNKNOWN,
                changed: HashMap::new(),
                start: UNKNOWN,
            }),
            bulk_writes: AtomicU64::new(0),
            writes: AtomicU64::new(0),
            pending: Mutex::new(HashMap::new()),
            synced_writes: AtomicU64::new(0),
            reading_writes: AtomicU64::new(0),
            reading_at_ms: AtomicU64::new(0),
            caught_up_at_ms: AtomicU64::new(0),
            deployment: OnceLock::new(),
        }
    }
}

/// How to key a cached value: locally always, in Redis when `shared` names the key there.
pub(crate) struct Key {
    pub local: Generation,
    pub shared: Option<String>,
}

impl Feed {
    fn now_ms(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX) + 1
    }

    fn positions(&self) -> std::sync::MutexGuard<'_, Positions> {
        self.positions.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether the consumer keeps up; nothing cached is used when it does not.
    pub(crate) fn trusted(&self) -> bool {
        let caught_up = self.caught_up_at_ms.load(Ordering::Acquire);
        caught_up != 0 && self.now_ms() - caught_up <= MAX_LAG.as_millis() as u64
    }

    /// The deployment to key Redis by, when Redis may be used: every own write came back,
    /// the position is one other instances agree on, and the database is known.
    fn shared(&self, agreed: bool) -> Option<&str> {
        let synced =
            self.synced_writes.load(Ordering::Acquire) == self.writes.load(Ordering::Acquire);
        (synced && agreed).then_some(())?;
        self.deployment.get().map(String::as_str)
    }

    /// The key of posting `code`, or `None` when only the database can be trusted for it.
    pub(crate) fn posting_key(&self, code: JobCode) -> Option<Key> {
        if !self.trusted() {
            return None;
        }
        let synced = self.synced_writes.load(Ordering::Acquire);
        {
            let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
            match pending.get(&code) {
                Some(written) if *written > synced => return None,
                Some(_) => {
                    pending.remove(&code);
                }
                None => {}
            }
        }
        let (position, agreed) = self.positions().of(code);
        let local = Generation {
            writes: self.bulk_writes.load(Ordering::Acquire),
            position,
        };
        let shared = self
            .shared(agreed)
            .map(|deployment| format!("posting:v3:{deployment}:{position}:{code}"));
        Some(Key { local, shared })
    }

    /// The key of listing pages (`suffix` names the page), or `None` as for postings.
    pub(crate) fn listing_key(&self, suffix: impl FnOnce() -> String) -> Option<Key> {
        if !self.trusted() {
            return None;
        }
        let position = self.positions().newest;
        let local = Generation {
            writes: self.writes.load(Ordering::Acquire),
            position,
        };
        let shared = self
            .shared(position != UNKNOWN)
            .map(|deployment| format!("listing:v3:{deployment}:{position}:{}", suffix()));
        Some(Key { local, shared })
    }

    /// Records a write by this instance to posting `code` (attempted or done), after the
    /// store call; `None` for a write to several postings.
    pub(crate) fn wrote(&self, code: Option<JobCode>) {
        let writes = self.writes.fetch_add(1, Ordering::AcqRel) + 1;
        match code {
            Some(code) => {
                self.pending
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(code, writes);
            }
            None => {
                self.bulk_writes.fetch_add(1, Ordering::AcqRel);
            }
        }
    }

    fn saw(&self, position: i64, code: Option<JobCode>) {
        self.positions().saw(position, code);
    }

    fn reading(&self) {
        self.reading_writes
            .store(self.writes.load(Ordering::Acquire), Ordering::Release);
        self.reading_at_ms.store(self.now_ms(), Ordering::Release);
    }

    /// A (re)started consumer reads after `after`: what was known before may have gaps.
    /// Nothing cached is trusted until it has read to the end again: while it reads history,
    /// a posting's position goes back to older events, whose cached copies are stale.
    fn starting(&self, after: i64) {
        self.caught_up_at_ms.store(0, Ordering::Release);
        // Reading the whole outbox, whatever it holds will be seen.
        let known = if after == 0 { 0 } else { UNKNOWN };
        *self.positions() = Positions {
            newest: known,
            base: known,
            changed: HashMap::new(),
            start: after,
        };
    }

    fn caught_up(&self) {
        self.synced_writes.store(
            self.reading_writes.load(Ordering::Acquire),
            Ordering::Release,
        );
        self.caught_up_at_ms.store(
            self.reading_at_ms.load(Ordering::Acquire),
            Ordering::Release,
        );
    }
}

/// The consumer that keeps this instance's posting and session caches current.
pub struct CacheConsumer {
    service: Hireboard,
}

impl Hireboard {
    /// This instance's cache consumer: run one per serving instance (on the backbone), or the
    /// caches are never used.
    pub fn cache_consumer(&self) -> Arc<dyn Consumer> {
        Arc::new(CacheConsumer {
            service: self.clone(),
        })
    }
}

#[async_trait]
impl Consumer for CacheConsumer {
    fn name(&self) -> &'static str {
        "cache"
    }

    fn scope(&self) -> Scope {
        Scope::PerInstance
    }

    fn types(&self) -> &'static [&'static str] {
        CACHED_EVENT_TYPES.as_slice()
    }

    /// Its keys are outbox positions, which every instance must agree on.
    fn reads_outbox(&self) -> bool {
        true
    }

    /// A block back, so the newest posting event is likely found at once and Redis keys
    /// agree with the other instances' right away; older events need no work.
    fn history(&self) -> u32 {
        BLOCK as u32
    }

    async fn handle(&self, delivered: Delivered<'_>) -> Result<(), HandleError> {
        let feed = self.service.inner.postings.feed();
        let event = &delivered.event.event;
        if let (Some(posting), Some(position)) = (event.posting(), delivered.outbox_position) {
            feed.saw(position, Some(posting.job_code));
        }
        if let Some(account) = super::sessions::changed_account(event) {
            self.service.inner.sessions.forget_account(account);
        }
        Ok(())
    }

    async fn starting(&self, outbox_position: Option<i64>) {
        if let Some(position) = outbox_position {
            self.service.inner.postings.feed().starting(position);
        }
    }

    async fn reading(&self) {
        self.service.inner.postings.feed().reading();
    }

    async fn caught_up(&self) {
        let feed = self.service.inner.postings.feed();
        if feed.deployment.get().is_none() {
            match self.service.store().deployment_id().await {
                Ok(id) => {
                    let _ = feed.deployment.set(id);
                }
                Err(error) => tracing::warn!(%error, "cannot read the deployment id; Redis unused"),
            }
        }
        feed.caught_up();
    }

    /// An event from a newer build may have changed any posting or session.
    async fn unreadable(&self, outbox_position: Option<i64>) {
        if let Some(position) = outbox_position {
            self.service.inner.postings.feed().saw(position, None);
        }
        self.service.inner.sessions.forget_all();
    }
}

/// Posting events, and the events that change who a session's account is.
static CACHED_EVENT_TYPES: std::sync::LazyLock<Vec<&'static str>> =
    std::sync::LazyLock::new(|| {
        let sessions = [
            "session.revoked",
            "account.suspended",
            "account.role_changed",
            "company.created",
            "company.invitation_accepted",
            "company.member_removed",
        ];
        POSTING_EVENT_TYPES
            .iter()
            .copied()
            .chain(sessions)
            .collect()
    });

#[cfg(test)]
mod tests {
    use super::*;

    fn code(n: u32) -> JobCode {
        JobCode::new(1_000_000 + i64::from(n)).unwrap()
    }

    /// A feed that started reading after `start`, has caught up and knows its database.
    fn feed(start: i64) -> Feed {
        let feed = Feed::default();
        feed.starting(start);
        feed.reading();
        feed.caught_up();
        feed.deployment.set("db1".into()).unwrap();
        feed
    }

    fn shared(feed: &Feed, n: u32) -> Option<String> {
        feed.posting_key(code(n)).expect("trusted").shared
    }

    #[test]
    fn nothing_is_trusted_before_the_consumer_caught_up() {
        let feed = Feed::default();
        assert!(feed.posting_key(code(1)).is_none());
        feed.starting(0);
        feed.reading();
        assert!(feed.posting_key(code(1)).is_none());
        feed.caught_up();
        assert!(feed.posting_key(code(1)).is_some());
    }

    #[test]
    fn a_restarted_consumer_is_not_trusted_until_it_caught_up_again() {
        let feed = feed(0);
        feed.saw(5, Some(code(1)));
        assert!(feed.posting_key(code(1)).is_some());
        feed.starting(0);
        feed.reading();
        feed.saw(3, Some(code(1)));
        assert!(
            feed.posting_key(code(1)).is_none(),
            "not while it reads older events again"
        );
        feed.saw(5, Some(code(1)));
        feed.caught_up();
        assert_eq!(
            shared(&feed, 1).unwrap(),
            format!("posting:v3:db1:5:{}", code(1))
        );
    }

    #[test]
    fn a_posting_event_changes_that_postings_key_only() {
        let feed = feed(0);
        let (one, two) = (shared(&feed, 1), shared(&feed, 2));
        feed.saw(5, Some(code(1)));
        assert_ne!(shared(&feed, 1), one);
        assert_eq!(
            shared(&feed, 2),
            two,
            "another posting keeps its cached copies"
        );
        assert_eq!(
            shared(&feed, 1).unwrap(),
            format!("posting:v3:db1:5:{}", code(1))
        );
    }

    #[test]
    fn instances_that_read_into_the_same_block_agree_on_keys() {
        let early = feed(0);
        for position in [10, 20, 1_010] {
            early.saw(position, Some(code(position as u32)));
        }
        // The late instance started at the block of 1,010 and saw only that event.
        let late = feed(1_000);
        late.saw(1_010, Some(code(1_010)));
        for n in [10, 20, 1_010, 7] {
            assert_eq!(shared(&early, n), shared(&late, n), "posting {n}");
        }
        assert_eq!(
            shared(&early, 7).unwrap(),
            format!("posting:v3:db1:1000:{}", code(7))
        );
    }

    #[test]
    fn an_instance_that_may_have_missed_a_change_does_not_use_redis() {
        // Started reading after 1,500: a posting it has no event for may have changed in
        // 1,000..1,500 without it knowing, so the block's key is not its to use.
        let feed = feed(1_500);
        feed.saw(1_600, Some(code(1)));
        assert!(shared(&feed, 2).is_none());
        assert!(
            shared(&feed, 1).is_some(),
            "a posting it saw change is known"
        );
        feed.saw(2_001, Some(code(3)));
        assert!(
            shared(&feed, 2).is_some(),
            "from the next block on it knows everything"
        );
    }

    #[test]
    fn own_writes_bypass_the_caches_until_they_come_back() {
        let feed = feed(0);
        feed.wrote(Some(code(1)));
        assert!(
            feed.posting_key(code(1)).is_none(),
            "the written posting is read from the database"
        );
        assert!(feed.posting_key(code(2)).is_some());
        assert!(
            shared(&feed, 2).is_none(),
            "Redis waits until the write is read back"
        );
        feed.reading();
        feed.saw(3, Some(code(1)));
        feed.caught_up();
        assert!(shared(&feed, 1).is_some());
        assert!(shared(&feed, 2).is_some());
    }

    #[test]
    fn an_unreadable_event_changes_every_key() {
        let feed = feed(0);
        let before = (shared(&feed, 1), shared(&feed, 2));
        feed.saw(9, None);
        assert_ne!(shared(&feed, 1), before.0);
        assert_ne!(shared(&feed, 2), before.1);
    }

    #[test]
    fn a_stalled_consumer_is_not_trusted() {
        let feed = feed(0);
        feed.caught_up_at_ms.store(1, Ordering::Release);
        std::thread::sleep(MAX_LAG + Duration::from_millis(50));
        assert!(feed.posting_key(code(1)).is_none());
        assert!(feed.listing_key(String::new).is_none());
    }
}
