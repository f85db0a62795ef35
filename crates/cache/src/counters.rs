//! Windowed counters and remembered facts, for rate limits and login throttling.
//!
//! Keys are a static scope (`login.client`, `register`, ...) and a subject (an address, an
//! email, an account id) that is stored only as a digest. Windows are timed by the clock the
//! caller passes, not the server's, so the service's injectable clock governs them; entries
//! expire by real time, which never runs ahead of that clock. With Redis, every instance
//! counts against the same totals; when Redis fails the in-process counters take over, so
//! limits loosen to per-instance ones instead of disappearing.

use std::sync::{Arc, LazyLock};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use moka::ops::compute::Op;
use moka::sync::Cache;
use redis::AsyncCommands;

use crate::window::Window;
use crate::{digest, Shared};

pub struct Counters {
    local: Local,
    shared: Shared,
}

/// The in-process counters: bounded, each entry dropped once it can no longer matter.
struct Local {
    windows: Cache<String, Arc<Expiring<Window>>>,
    facts: Cache<String, Arc<Expiring<i64>>>,
}

struct Expiring<T> {
    value: T,
    ttl: Duration,
}

struct ByTtl;

impl<T> moka::Expiry<String, Arc<Expiring<T>>> for ByTtl {
    fn expire_after_create(
        &self,
        _: &String,
        entry: &Arc<Expiring<T>>,
        _: Instant,
    ) -> Option<Duration> {
        Some(entry.ttl)
    }

    fn expire_after_update(
        &self,
        _: &String,
        entry: &Arc<Expiring<T>>,
        _: Instant,
        _: Option<Duration>,
    ) -> Option<Duration> {
        Some(entry.ttl)
    }
}

/// Counts one event (ARGV[3] = 1) or none (0) in the window of KEYS[1], opening a new window
/// at ARGV[1] (ms) lasting ARGV[2] (ms) if none is open; returns the count and the start.
const COUNT: &str = r"
local now, width, add = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local start = tonumber(redis.call('HGET', KEYS[1], 'start'))
if start == nil or now - start >= width then
  if add == 0 then return {0, now} end
  redis.call('HSET', KEYS[1], 'start', now, 'count', 1)
  redis.call('PEXPIRE', KEYS[1], width)
  return {1, now}
end
return {redis.call('HINCRBY', KEYS[1], 'count', add), start}
";
static COUNT_SCRIPT: LazyLock<redis::Script> = LazyLock::new(|| redis::Script::new(COUNT));

impl Counters {
    /// Counters kept in `shared`, backed by up to `capacity` in-process entries of each kind.
    pub fn new(shared: &Shared, capacity: u64) -> Counters {
        Counters {
            local: Local {
                windows: Cache::builder()
                    .max_capacity(capacity)
                    .expire_after(ByTtl)
                    .build(),
                facts: Cache::builder()
                    .max_capacity(capacity)
                    .expire_after(ByTtl)
                    .build(),
            },
            shared: shared.clone(),
        }
    }

    /// Counts one event for `subject` and returns its window, this event included.
    pub async fn hit(
        &self,
        scope: &str,
        subject: &str,
        window: Duration,
        now: DateTime<Utc>,
    ) -> Window {
        self.count(scope, subject, window, now, true).await
    }

    /// The window of `subject` at `now`, counting nothing.
    pub async fn peek(
        &self,
        scope: &str,
        subject: &str,
        window: Duration,
        now: DateTime<Utc>,
    ) -> Window {
        self.count(scope, subject, window, now, false).await
    }

    async fn count(
        &self,
        scope: &str,
        subject: &str,
        width: Duration,
        now: DateTime<Utc>,
        add: bool,
    ) -> Window {
        let key = format!("{scope}:{}", digest(subject));
        let width_ms = millis(width);
        if let Some(redis) = self.shared.redis_client() {
            let key = redis.key(&key);
            let counted = redis
                .run("counter", |mut connection| async move {
                    COUNT_SCRIPT
                        .key(&key)
                        .arg(now.timestamp_millis())
                        .arg(width_ms)
                        .arg(u8::from(add))
                        .invoke_async::<(u64, i64)>(&mut connection)
                        .await
                })
                .await;
            if let Some((count, start)) = counted {
                return Window {
                    count,
                    ends_at: at_millis(start) + width,
                };
            }
        }
        self.local.count(key, width, now, add)
    }

    /// Forgets the events counted for `subject`.
    pub async fn clear(&self, scope: &str, subject: &str) {
        let key = format!("{scope}:{}", digest(subject));
        if let Some(redis) = self.shared.redis_client() {
            let key = redis.key(&key);
            redis
                .run("counter_clear", |mut connection| async move {
                    connection.del::<_, ()>(&key).await
                })
                .await;
        }
        // Cleared in process too: those are what count while Redis is away.
        self.local.windows.invalidate(&key);
    }

    /// Remembers that something about `subject` happened `at`, for `ttl`.
    pub async fn remember(&self, scope: &str, subject: &str, at: DateTime<Utc>, ttl: Duration) {
        let key = format!("{scope}:{}", digest(subject));
        let at = at.timestamp_millis();
        if let Some(redis) = self.shared.redis_client() {
            let key = redis.key(&key);
            redis
                .run("fact_remember", |mut connection| async move {
                    connection.pset_ex::<_, _, ()>(&key, at, millis(ttl)).await
                })
                .await;
        }
        // Kept in process too, so a Redis outage does not make known clients strangers.
        self.local
            .facts
            .insert(key, Arc::new(Expiring { value: at, ttl }));
    }

    /// When something about `subject` was last remembered, if it still is.
    pub async fn recall(&self, scope: &str, subject: &str) -> Option<DateTime<Utc>> {
        let key = format!("{scope}:{}", digest(subject));
        let shared = match self.shared.redis_client() {
            Some(redis) => {
                let key = redis.key(&key);
                redis
                    .run("fact_recall", |mut connection| async move {
                        connection.get::<_, Option<i64>>(&key).await
                    })
                    .await
                    .flatten()
            }
            None => None,
        };
        shared
            .or_else(|| self.local.facts.get(&key).map(|fact| fact.value))
            .map(at_millis)
    }
}

impl Local {
    fn count(&self, key: String, width: Duration, now: DateTime<Utc>, add: bool) -> Window {
        let mut counted = Window::empty(now);
        self.windows.entry(key).and_compute_with(|entry| {
            let open = entry
                .map(|entry| entry.into_value().value)
                .filter(|window| now < window.ends_at);
            if !add {
                counted = open.unwrap_or(counted);
                return Op::Nop;
            }
            counted = open.unwrap_or(Window {
                count: 0,
                ends_at: now + width,
            });
            counted.count += 1;
            // Real time never runs ahead of the caller's clock, so this outlives the window.
            let ttl = (counted.ends_at - now).to_std().unwrap_or(width);
            Op::Put(Arc::new(Expiring {
                value: counted,
                ttl,
            }))
        });
        counted
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

fn at_millis(millis: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(millis).unwrap_or(DateTime::<Utc>::MIN_UTC)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn counts_per_subject_until_the_window_closes() {
        let counters = Counters::new(&Shared::InProcess, 100);
        let width = Duration::from_secs(60);
        let now = Utc::now();
        for expected in 1..=3 {
            assert_eq!(counters.hit("t", "a", width, now).await.count, expected);
        }
        assert_eq!(counters.peek("t", "b", width, now).await.count, 0);
        let open = counters.peek("t", "a", width, now).await;
        assert_eq!((open.count, open.ends_at), (3, now + width));
        let later = now + chrono::Duration::seconds(61);
        assert_eq!(counters.peek("t", "a", width, later).await.count, 0);
        assert_eq!(counters.hit("t", "a", width, later).await.count, 1);
        counters.clear("t", "a").await;
        assert_eq!(counters.peek("t", "a", width, later).await.count, 0);
    }

    #[tokio::test]
    async fn remembers_facts() {
        let counters = Counters::new(&Shared::InProcess, 100);
        let at = at_millis(Utc::now().timestamp_millis());
        assert_eq!(counters.recall("known", "x").await, None);
        counters
            .remember("known", "x", at, Duration::from_secs(60))
            .await;
        assert_eq!(counters.recall("known", "x").await, Some(at));
    }
}
