//! Postings by job code and listing pages: cached in process, and in Redis when configured.
//!
//! Reading a posting and the first pages of common listings are the hottest paths of a job
//! board. Every key carries a [`Generation`]: how many posting writes this instance has made,
//! and the outbox position of the newest posting event it has seen. A write here changes the
//! first at once; a write anywhere (another instance, the operator's import, the expiry sweep)
//! changes the second within one poll of the outbox ([`feed`]). So nothing read before a
//! write is served after it, not even a value that a read racing the write caches late.
//!
//! Redis is shared by instances, so only the outbox position goes into its keys: instances
//! that have seen the same posting events agree on them, and a value stored under position P
//! was read from the database after event P committed. While an own write has not yet come
//! back through the feed, this instance cannot vouch for Redis and reads the database.
//! If the feed stalls, cached values are not trusted at all (see [`feed::MAX_LAG`]).
//!
//! Redis holds the domain values' own JSON, which carries every field (authorization needs
//! the internal ids); the `v2` in its keys changes whenever that format does.
//!
//! Sessions are cached here too, in process only ([`sessions`]), dropped by the same feed.

mod feed;
mod sessions;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use hireboard_cache::{Codec, Shared, Tiered};
use hireboard_domain::ids::JobCode;
use hireboard_domain::posting::{ListingQuery, Posting};
use hireboard_store::{Store, StoreError};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{ServiceError, ServiceResult};
use crate::page::Page;
use hireboard_domain::posting::PostingSummary;

pub(crate) use feed::Feed;
pub(crate) use sessions::SessionCache;

/// What a cached value was read after; part of every key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Generation {
    writes: u64,
    position: i64,
}

pub struct PostingCache {
    postings: Tiered<(Generation, JobCode), Posting, Json>,
    listings: Tiered<(Generation, NaiveDate, ListingQuery), Page<PostingSummary>, Json>,
    feed: Feed,
}

/// Values as Redis stores them: their JSON.
struct Json;

impl<V: Serialize + DeserializeOwned> Codec<V> for Json {
    fn encode(value: &V) -> Option<Vec<u8>> {
        serde_json::to_vec(value).ok()
    }

    fn decode(bytes: &[u8]) -> Option<V> {
        serde_json::from_slice(bytes).ok()
    }
}

/// Why a fill produced no posting; shared by every caller that waited on it.
#[derive(Debug)]
enum Miss {
    Absent,
    Store(StoreError),
}

impl From<&Miss> for ServiceError {
    fn from(miss: &Miss) -> Self {
        match miss {
            Miss::Absent => ServiceError::NotFound("posting".into()),
            Miss::Store(error) => ServiceError::from(error.clone()),
        }
    }
}

impl PostingCache {
    pub fn new(shared: &Shared, capacity: u64) -> PostingCache {
        PostingCache {
            postings: Tiered::new("posting", shared, capacity, Duration::from_secs(60)),
            listings: Tiered::new("listing", shared, 10_000, Duration::from_secs(30)),
            feed: Feed::default(),
        }
    }

    pub fn feed(&self) -> &Feed {
        &self.feed
    }

    /// Makes every posting and listing page cached so far unreachable here, after a write
    /// by this instance; other instances learn of it from the outbox.
    pub fn advance(&self) {
        self.feed.wrote();
    }

    pub async fn posting(&self, store: &dyn Store, code: JobCode) -> ServiceResult<Arc<Posting>> {
        let fill = async {
            match store.posting(code).await {
                Ok(Some(posting)) => Ok(posting),
                Ok(None) => Err(Miss::Absent),
                Err(error) => Err(Miss::Store(error)),
            }
        };
        let Some((generation, shared)) = self.feed.generation() else {
            return fill.await.map(Arc::new).map_err(|miss| (&miss).into());
        };
        let shared_key = shared.then(|| format!("posting:v2:{}:{code}", generation.position));
        self.postings
            .get_or_fill((generation, code), shared_key, fill)
            .await
            .map_err(|miss| miss.as_ref().into())
    }

    /// The cached page for `query` on `today`, or the result of `fill`.
    pub async fn listing(
        &self,
        query: &ListingQuery,
        today: NaiveDate,
        fill: impl Future<Output = Result<Page<PostingSummary>, StoreError>>,
    ) -> ServiceResult<Arc<Page<PostingSummary>>> {
        let Some((generation, shared)) = self.feed.generation() else {
            return Ok(Arc::new(fill.await?));
        };
        // The query's debug form names every filter; the digest keeps the key short.
        let shared_key = shared.then(|| {
            let query = hireboard_cache::digest(&format!("{query:?}"));
            format!("listing:v2:{}:{today}:{query}", generation.position)
        });
        self.listings
            .get_or_fill((generation, today, query.clone()), shared_key, fill)
            .await
            .map_err(|error| ServiceError::from(error.as_ref().clone()))
    }
}
