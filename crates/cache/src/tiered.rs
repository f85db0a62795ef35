//! A cache of values by key: in process first, then Redis (when configured), then the fill.

use std::future::Future;
use std::hash::Hash;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use moka::future::Cache;
use redis::AsyncCommands;

use crate::Shared;

/// How values travel through Redis. `None` from either side means "not shared": a value
/// that fails to encode is only cached in process, bytes that fail to decode (written by
/// another version, say) are a miss.
pub trait Codec<V> {
    fn encode(value: &V) -> Option<Vec<u8>>;
    fn decode(bytes: &[u8]) -> Option<V>;
}

pub struct Tiered<K, V, C> {
    name: &'static str,
    local: Cache<K, Arc<V>>,
    shared: Shared,
    ttl: Duration,
    codec: PhantomData<fn() -> C>,
}

impl<K, V, C> Tiered<K, V, C>
where
    K: Hash + Eq + Send + Sync + 'static,
    V: Send + Sync + 'static,
    C: Codec<V>,
{
    /// Up to `capacity` values in process; each lives at most `ttl` in either tier.
    pub fn new(name: &'static str, shared: &Shared, capacity: u64, ttl: Duration) -> Self {
        Tiered {
            name,
            local: Cache::builder()
                .max_capacity(capacity)
                .time_to_live(ttl)
                .build(),
            shared: shared.clone(),
            ttl,
            codec: PhantomData,
        }
    }

    /// The value under `key`: from this process, else from Redis under `shared_key` (when
    /// given: callers pass `None` while they cannot vouch for what Redis holds), else from
    /// `fill`, whose value is then kept in both. Concurrent callers for one key share one
    /// lookup and one fill; a failed fill is not cached.
    pub async fn get_or_fill<E, F>(
        &self,
        key: K,
        shared_key: Option<String>,
        fill: F,
    ) -> Result<Arc<V>, Arc<E>>
    where
        F: Future<Output = Result<V, E>>,
        E: Send + Sync + 'static,
    {
        self.local
            .try_get_with(key, async {
                let redis = self.shared.redis_client();
                let shared_key = redis.zip(shared_key).map(|(r, key)| (r, r.key(&key)));
                if let Some((redis, key)) = &shared_key {
                    let key = key.clone();
                    let found = redis
                        .run("cache_get", |mut connection| async move {
                            connection.get::<_, Option<Vec<u8>>>(&key).await
                        })
                        .await
                        .flatten()
                        .and_then(|bytes| C::decode(&bytes));
                    if let Some(value) = found {
                        metrics::counter!("cache_fills_total", "cache" => self.name, "source" => "redis")
                            .increment(1);
                        return Ok(Arc::new(value));
                    }
                }
                let value = fill.await?;
                metrics::counter!("cache_fills_total", "cache" => self.name, "source" => "database")
                    .increment(1);
                if let Some(((redis, key), bytes)) = shared_key.zip(C::encode(&value)) {
                    // Written in the background: the caller has its value and need not wait.
                    let (redis, ttl) = (redis.clone(), self.ttl);
                    tokio::spawn(async move {
                        redis
                            .run("cache_set", |mut connection| async move {
                                let ttl = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX);
                                connection.pset_ex::<_, _, ()>(&key, bytes, ttl).await
                            })
                            .await
                    });
                }
                Ok(Arc::new(value))
            })
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Text;

    impl Codec<String> for Text {
        fn encode(value: &String) -> Option<Vec<u8>> {
            Some(value.as_bytes().to_vec())
        }
        fn decode(bytes: &[u8]) -> Option<String> {
            String::from_utf8(bytes.to_vec()).ok()
        }
    }

    #[tokio::test]
    async fn concurrent_misses_fill_once() {
        let cache: Tiered<u32, String, Text> =
            Tiered::new("test", &Shared::InProcess, 10, Duration::from_secs(60));
        let fills = std::sync::atomic::AtomicU32::new(0);
        let fill = || async {
            fills.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(20)).await;
            Ok::<_, ()>("value".to_owned())
        };
        let (a, b) = tokio::join!(
            cache.get_or_fill(1, None, fill()),
            cache.get_or_fill(1, None, fill())
        );
        assert_eq!(
            (a.unwrap().as_str(), b.unwrap().as_str()),
            ("value", "value")
        );
        assert_eq!(fills.load(std::sync::atomic::Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn failed_fills_are_not_cached() {
        let cache: Tiered<u32, String, Text> =
            Tiered::new("test", &Shared::InProcess, 10, Duration::from_secs(60));
        let failed = cache
            .get_or_fill(1, None, async { Err::<String, _>("down") })
            .await;
        assert!(failed.is_err());
        let filled = cache
            .get_or_fill(1, None, async { Ok::<_, &str>("up".to_owned()) })
            .await;
        assert_eq!(filled.unwrap().as_str(), "up");
    }
}
