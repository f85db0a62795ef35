//! Postings by job code and listing pages: cached in process, and in Redis when configured.
//!
//! Reading a posting and the first pages of common listings are the hottest paths of a job
//! board. Keys come from [`feed`], which the cache consumer keeps current from the outbox: a
//! posting's key changes when that posting does (and only then, within a block of posting
//! events), a listing's when any posting does, and a write by this instance bypasses the
//! caches for what it wrote until its event comes back. So nothing read before a write is
//! served after it, not even a value that a read racing the write caches late.
//!
//! Redis is shared by instances: its keys hold only what every instance that has read as far
//! agrees on (outbox positions) and the database's deployment id, and a value stored under a
//! position was read from the database after that event committed. If the consumer stalls,
//! cached values are not trusted at all (see [`feed::MAX_LAG`]).
//!
//! Redis holds the domain values' own JSON, which carries every field (authorization needs
//! the internal ids); the `v3` in its keys changes whenever that format or the keys do.
//!
//! Sessions are cached here too, in process only ([`sessions`]), dropped by the same consumer.

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

/// What a cached value was read after; part of every local key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Generation {
    /// This instance's writes that change what the key covers: bulk writes for a posting,
    /// every posting write for a listing page.
    writes: u64,
    /// The outbox position the value is current as of.
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

    /// Stops serving posting `code` (every posting, for `None`) and listing pages from the
    /// caches here after a write by this instance, until the write comes back through the
    /// outbox; other instances learn of it from there.
    pub fn advance(&self, code: Option<JobCode>) {
        self.feed.wrote(code);
    }

    pub async fn posting(&self, store: &dyn Store, code: JobCode) -> ServiceResult<Arc<Posting>> {
        let fill = async {
            match store.posting(code).await {
                Ok(Some(posting)) => Ok(posting),
                Ok(None) => Err(Miss::Absent),
                Err(error) => Err(Miss::Store(error)),
            }
        };
        let Some(key) = self.feed.posting_key(code) else {
            return fill.await.map(Arc::new).map_err(|miss| (&miss).into());
        };
        self.postings
            .get_or_fill((key.local, code), key.shared, fill)
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
        // The query's debug form names every filter; the digest keeps the key short.
        let suffix = || format!("{today}:{}", hireboard_cache::digest(&format!("{query:?}")));
        let Some(key) = self.feed.listing_key(suffix) else {
            return Ok(Arc::new(fill.await?));
        };
        self.listings
            .get_or_fill((key.local, today, query.clone()), key.shared, fill)
            .await
            .map_err(|error| ServiceError::from(error.as_ref().clone()))
    }
}
