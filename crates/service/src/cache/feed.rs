//! Cache invalidation from the outbox: every instance follows the posting events that any
//! instance (or the operator's import, or an expiry sweep) commits.

use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use hireboard_store::OutboxRecord;

use super::Generation;
use crate::Hireboard;

/// How often the outbox is polled.
pub const POLL_EVERY: Duration = Duration::from_millis(200);
/// Cached values are trusted only while the last complete poll started this recently: a
/// value is then at most this stale (plus one request), within the promised second.
pub const MAX_LAG: Duration = Duration::from_millis(750);
const BATCH: u32 = 1000;
/// `position` before a posting event has been seen since start-up: Redis keys need the
/// exact position, so Redis is not used until then.
const UNKNOWN: i64 = -1;

/// What this instance knows about posting changes.
pub struct Feed {
    started: Instant,
    /// Posting writes made by this instance.
    writes: AtomicU64,
    /// `writes` as of the start of the last complete poll: every write counted there has
    /// come back through the outbox.
    synced_writes: AtomicU64,
    /// Outbox position of the newest posting event seen, or [`UNKNOWN`].
    position: AtomicI64,
    /// When the last complete poll started, in milliseconds since `started` plus one
    /// (0: never).
    polled_at_ms: AtomicU64,
}

impl Default for Feed {
    fn default() -> Self {
        Feed {
            started: Instant::now(),
            writes: AtomicU64::new(0),
            synced_writes: AtomicU64::new(0),
            position: AtomicI64::new(UNKNOWN),
            polled_at_ms: AtomicU64::new(0),
        }
    }
}

impl Feed {
    fn now_ms(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX) + 1
    }

    /// The generation to key cached values by, and whether Redis may be used; `None` when
    /// the feed is not keeping up and only the database can be trusted.
    pub(crate) fn generation(&self) -> Option<(Generation, bool)> {
        let polled_at = self.polled_at_ms.load(Ordering::Acquire);
        if polled_at == 0 || self.now_ms() - polled_at > MAX_LAG.as_millis() as u64 {
            return None;
        }
        let synced = self.synced_writes.load(Ordering::Acquire);
        let generation = Generation {
            writes: self.writes.load(Ordering::Acquire),
            position: self.position.load(Ordering::Acquire),
        };
        let shared = synced == generation.writes && generation.position != UNKNOWN;
        Some((generation, shared))
    }

    /// Records a posting write by this instance (attempted or done), after the store call.
    pub(crate) fn wrote(&self) {
        self.writes.fetch_add(1, Ordering::AcqRel);
    }

    /// Takes in a batch of events read by a poll that started at `started_ms`, when
    /// `writes` had been made; `complete` if the batch reached the end of the outbox.
    fn observe(&self, events: &[OutboxRecord], writes: u64, started_ms: u64, complete: bool) {
        if let Some(newest) = events.iter().rev().find(|event| may_change_postings(event)) {
            self.position.store(newest.position, Ordering::Release);
        }
        if complete {
            self.synced_writes.store(writes, Ordering::Release);
            self.polled_at_ms.store(started_ms, Ordering::Release);
        }
    }
}

/// Whether an event may change a cached posting or listing: every posting event, and (to be
/// safe) any event this build cannot read.
fn may_change_postings(event: &OutboxRecord) -> bool {
    !matches!(&event.envelope, Ok(envelope) if envelope.event.posting().is_none())
}

impl Hireboard {
    /// Follows the outbox until dropped, so that this instance's caches drop what any
    /// instance changes within a second. Start one per instance.
    pub async fn follow_outbox(self) {
        let feed = self.inner.postings.feed();
        // Start a little back, so the newest posting event is likely found at once and
        // Redis keys agree with the other instances' right away; older events need no work.
        let mut cursor = loop {
            match self.store().events().head().await {
                Ok(head) => break (head - i64::from(BATCH)).max(0),
                Err(error) => {
                    tracing::warn!(%error, "cannot read the outbox head; caches wait for it");
                    tokio::time::sleep(POLL_EVERY * 5).await;
                }
            }
        };
        if cursor == 0 {
            feed.position.store(0, Ordering::Release);
        }
        let mut ticker = tokio::time::interval(POLL_EVERY);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let (mut failures, mut warned_at) = (0u64, 0u64);
        loop {
            ticker.tick().await;
            loop {
                let (writes, started_ms) = (feed.writes.load(Ordering::Acquire), feed.now_ms());
                // The feed gives positions itself for now: a read sees only sequenced events.
                let events = self.store().events();
                let read = match events.sequence(BATCH).await {
                    Ok(_) => events.events_after(cursor, BATCH).await,
                    Err(error) => Err(error),
                };
                match read {
                    Ok(events) => {
                        if failures > 0 {
                            tracing::info!(failures, "outbox readable again; caches trusted");
                            (failures, warned_at) = (0, 0);
                        }
                        let complete = events.len() < BATCH as usize;
                        self.inner.sessions.follow(&events);
                        feed.observe(&events, writes, started_ms, complete);
                        cursor = events.last().map_or(cursor, |event| event.position);
                        if complete {
                            break;
                        }
                    }
                    Err(error) => {
                        failures += 1;
                        metrics::counter!("cache_feed_errors_total").increment(1);
                        // Once at first, then about once a minute while it lasts.
                        if failures == 1 || failures >= warned_at + 300 {
                            warned_at = failures;
                            tracing::warn!(%error, failures, "cannot read the outbox; caches bypassed until it can");
                        }
                        break;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use hireboard_domain::event::*;
    use hireboard_domain::ids::{AccountId, CompanyId, JobCode};
    use hireboard_domain::posting::{EmploymentType, PostingStatus, WorkplaceType};

    fn posting() -> PostingSnapshot {
        let now = chrono::Utc::now();
        PostingSnapshot {
            job_code: JobCode::new(1_234_567).unwrap(),
            status: PostingStatus::Published,
            title: "Engineer".into(),
            company: SnapshotCompany {
                id: CompanyId(1),
                slug: "acme".into(),
                name: "Acme".into(),
            },
            functional_area: "Engineering".into(),
            category: "Backend".into(),
            skills: vec![],
            locations: vec![],
            workplace_type: WorkplaceType::ALL[0],
            employment_type: EmploymentType::ALL[0],
            experience: SnapshotExperience {
                min_years: 1,
                max_years: 2,
            },
            education: None,
            salary: None,
            posted_at: Some(now),
            valid_through: now.date_naive(),
            updated_at: now,
            description_text: String::new(),
            requirements: vec![],
        }
    }

    fn event(position: i64, kind: &str) -> OutboxRecord {
        let by = Some(AccountId(1));
        let event = match kind {
            "posting.published" => {
                PostingChange::Published { from: None, by }.into_event(posting())
            }
            "posting.updated" => PostingChange::Updated { by }.into_event(posting()),
            _ => Event::SessionRevoked(SessionRevoked {
                account: AccountId(1),
            }),
        };
        OutboxRecord {
            position,
            envelope: Ok(EventEnvelope {
                id: EventId::new(),
                occurred_at: chrono::Utc::now(),
                sequence: 1,
                event,
            }),
            raw: String::new(),
        }
    }

    #[test]
    fn an_event_this_build_cannot_read_may_have_changed_a_posting() {
        let feed = Feed::default();
        let unreadable = OutboxRecord {
            position: 3,
            envelope: Err(DecodeError::UnknownType("posting.renamed".into())),
            raw: String::new(),
        };
        feed.observe(&[unreadable], 0, feed.now_ms(), true);
        assert_eq!(feed.generation().unwrap().0.position, 3);
    }

    #[test]
    fn nothing_is_trusted_before_the_first_complete_poll() {
        let feed = Feed::default();
        assert!(feed.generation().is_none());
        feed.observe(&[], 0, feed.now_ms(), false);
        assert!(feed.generation().is_none());
        feed.observe(&[], 0, feed.now_ms(), true);
        let (_, shared) = feed.generation().expect("trusted");
        assert!(!shared, "the newest posting event is not known yet");
    }

    #[test]
    fn posting_events_and_own_writes_change_the_generation() {
        let feed = Feed::default();
        feed.observe(&[event(7, "posting.published")], 0, feed.now_ms(), true);
        let (first, shared) = feed.generation().unwrap();
        assert!(shared);
        feed.observe(&[event(8, "application.submitted")], 0, feed.now_ms(), true);
        assert_eq!(
            feed.generation().unwrap().0,
            first,
            "other events change nothing"
        );

        feed.wrote();
        let (second, shared) = feed.generation().unwrap();
        assert_ne!(second, first);
        assert!(!shared, "Redis is not trusted until the write comes back");
        feed.observe(&[event(9, "posting.updated")], 1, feed.now_ms(), true);
        let (third, shared) = feed.generation().unwrap();
        assert!(shared);
        assert_ne!(third, second);
    }

    #[test]
    fn a_stalled_feed_is_not_trusted() {
        let feed = Feed::default();
        feed.polled_at_ms.store(1, Ordering::Release);
        std::thread::sleep(MAX_LAG + Duration::from_millis(50));
        assert!(feed.generation().is_none());
    }
}
