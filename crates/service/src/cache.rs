//! Postings by job code and listing pages, kept in process memory.
//!
//! Reading a posting and the first pages of common listings are the hottest paths of a job
//! board. Every key carries a generation that the service advances after each write to a
//! posting, so nothing read before a write is served after it, not even a value that a read
//! racing the write puts in the cache late; old entries age out. Concurrent misses for one
//! key wait for a single database read instead of each issuing their own.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use hireboard_domain::ids::JobCode;
use hireboard_domain::posting::{ListingQuery, Posting};
use hireboard_store::{Store, StoreError};
use moka::future::Cache;

use crate::error::{ServiceError, ServiceResult};
use crate::postings::Page;

pub struct PostingCache {
    postings: Cache<(u64, JobCode), Arc<Posting>>,
    listings: Cache<(u64, NaiveDate, ListingQuery), Arc<Page>>,
    generation: AtomicU64,
}

/// Why a fill produced no posting; shared by every caller that waited on it.
#[derive(Debug)]
enum Miss {
    Absent,
    Store(StoreError),
}

impl PostingCache {
    pub fn new(capacity: u64) -> PostingCache {
        PostingCache {
            postings: Cache::builder()
                .max_capacity(capacity)
                .time_to_live(Duration::from_secs(60))
                .build(),
            listings: Cache::builder()
                .max_capacity(10_000)
                .time_to_live(Duration::from_secs(30))
                .build(),
            generation: AtomicU64::new(0),
        }
    }

    fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    pub async fn posting(&self, store: &dyn Store, code: JobCode) -> ServiceResult<Arc<Posting>> {
        let fill = async {
            match store.posting(code).await {
                Ok(Some(posting)) => Ok(Arc::new(posting)),
                Ok(None) => Err(Miss::Absent),
                Err(error) => Err(Miss::Store(error)),
            }
        };
        self.postings
            .try_get_with((self.generation(), code), fill)
            .await
            .map_err(|miss| match miss.as_ref() {
                Miss::Absent => ServiceError::NotFound("posting"),
                Miss::Store(error) => ServiceError::from(error.clone()),
            })
    }

    /// The cached page for `query` on `today`, or the result of `fill`.
    pub async fn listing(
        &self,
        query: &ListingQuery,
        today: NaiveDate,
        fill: impl Future<Output = Result<Page, StoreError>>,
    ) -> ServiceResult<Arc<Page>> {
        self.listings
            .try_get_with((self.generation(), today, query.clone()), async {
                fill.await.map(Arc::new)
            })
            .await
            .map_err(|error| ServiceError::from(error.as_ref().clone()))
    }

    /// Makes every cached posting and listing page unreachable, after a write.
    pub fn advance(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advancing_changes_every_key() {
        let cache = PostingCache::new(10);
        let before = cache.generation();
        cache.advance();
        assert_ne!(before, cache.generation());
    }
}
