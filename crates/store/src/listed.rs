//! Every listed posting, in job-code order: what a search index is built from.

use async_trait::async_trait;
use hireboard_domain::ids::JobCode;
use hireboard_domain::posting::Posting;

use crate::StoreResult;

/// See [`crate::Store::listed`].
#[async_trait]
pub trait ListedPostings: Send + Sync {
    /// Up to `limit` published postings with job codes above `after` (all, for `None`), in
    /// job-code order.
    async fn listed_after(&self, after: Option<JobCode>, limit: u32) -> StoreResult<Vec<Posting>>;
}
