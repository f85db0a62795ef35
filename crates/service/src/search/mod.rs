//! Finding postings: the listing and full-text search behind one use case. The index
//! replica answers searches (words, a sort, or a filter only it knows) with ranked,
//! highlighted hits; a plain listing still comes from the store, so a posting shows there
//! the moment it is published, and the index adds the facet counts to it.

mod indexer;
mod request;

use std::sync::Arc;

use hireboard_domain::cursor;
use hireboard_domain::error::{FieldError, ValidationErrors};
use hireboard_domain::posting::{ListingParams, PostingSummary};
use hireboard_events::Consumer;
pub use hireboard_search::{Facet, FacetCounts, Kind as SuggestionKind, Suggestion};
use hireboard_search::{SearchError, SearchIndex, SearchRequest, SearchResults};

use crate::error::{ServiceError, ServiceResult};
use crate::page::Page;
use crate::Hireboard;

/// Facet counts of listings, by their filters' fingerprint and the index generation.
pub(crate) type FacetCountCache =
    moka::future::Cache<(i64, (u64, u64), chrono::NaiveDate), Arc<SearchResults>>;

pub(crate) fn facet_count_cache() -> FacetCountCache {
    moka::future::Cache::builder()
        .max_capacity(10_000)
        .time_to_live(std::time::Duration::from_secs(60))
        .build()
}

/// A page of postings found, with the counts of every facet over all of them.
#[derive(Debug, Clone)]
pub struct Listing {
    pub items: Vec<Listed>,
    /// Pass as `cursor` to get the next page; `None` on the last page.
    pub next_cursor: Option<String>,
    /// How many postings match; `None` when this instance keeps no index.
    pub total: Option<u64>,
    /// Empty when this instance keeps no index.
    pub facets: Vec<FacetCounts>,
}

/// A posting in a listing, with what matched when words were searched for.
#[derive(Debug, Clone)]
pub struct Listed {
    pub posting: PostingSummary,
    /// The title with matched words in `<mark>`, the rest HTML-escaped.
    pub title_html: Option<String>,
    /// A piece of the description around the matches, marked and escaped the same way.
    pub description_html: Option<String>,
    /// How far its nearest office is from the search's `near` (none for a remote posting).
    pub distance_km: Option<f64>,
}

impl Hireboard {
    /// Published, unexpired postings matching the words and filters: ranked when words are
    /// given, newest first otherwise, with facet counts.
    pub async fn list_postings(&self, params: &ListingParams) -> ServiceResult<Listing> {
        let plan = request::plan(params, self.clock().today(), self.clock().now())?;
        let Some(folder) = self.inner.search.clone() else {
            if plan.needs_index {
                return Err(no_index());
            }
            return self.stored_listing(params, None).await;
        };
        let index = folder.current();
        if !plan.needs_index {
            // Counting facets passes over every match; a listing asked again before the
            // index changes reuses the count.
            let key = (
                plan.fingerprint,
                folder.generation(),
                plan.request.listed_on,
            );
            let mut counting = plan.request;
            counting.limit = 0;
            counting.after = None;
            let cache = &self.inner.facet_counts;
            let counted = match cache.get(&key).await {
                Some(counted) => counted,
                None => {
                    let counted = Arc::new(search(index, counting).await?);
                    cache.insert(key, counted.clone()).await;
                    counted
                }
            };
            return self.stored_listing(params, Some(counted)).await;
        }
        let (fingerprint, ranked_at) = (plan.fingerprint, plan.request.now.timestamp_micros());
        let found = search(index, plan.request).await?;
        let next_cursor = match (found.more, found.hits.last()) {
            (true, Some(last)) => Some(cursor::encode(&[
                last.after.key.to_bits() as i64,
                last.after.job_code as i64,
                fingerprint,
                ranked_at,
            ])),
            _ => None,
        };
        Ok(Listing {
            items: found
                .hits
                .into_iter()
                .map(|hit| Listed {
                    posting: hit.posting,
                    title_html: hit.title_html,
                    description_html: hit.description_html,
                    distance_km: hit.distance_km,
                })
                .collect(),
            next_cursor,
            total: Some(found.total),
            facets: found.facets,
        })
    }

    /// The store's listing (cached), with the index's counts when there are some.
    async fn stored_listing(
        &self,
        params: &ListingParams,
        counted: Option<Arc<SearchResults>>,
    ) -> ServiceResult<Listing> {
        let query = params.parse()?;
        let today = self.clock().today();
        let fill = async {
            let (items, more) = self.store().list_postings(&query, today).await?;
            Ok(Page::new(items, more, |last| {
                vec![last.posted_at.timestamp_micros(), last.job_code.get()]
            }))
        };
        let page = self.inner.postings.listing(&query, today, fill).await?;
        let page = Arc::unwrap_or_clone(page);
        Ok(Listing {
            items: page
                .items
                .into_iter()
                .map(|posting| Listed {
                    posting,
                    title_html: None,
                    description_html: None,
                    distance_km: None,
                })
                .collect(),
            next_cursor: page.next_cursor,
            total: counted.as_ref().map(|found| found.total),
            facets: counted
                .map(|found| found.facets.clone())
                .unwrap_or_default(),
        })
    }

    /// Completions of what a user is typing: skills, titles and company names of listed
    /// postings, most used first. `limit` is 1 to 20 (default 10).
    pub async fn suggest(
        &self,
        typed: &str,
        limit: Option<&str>,
    ) -> ServiceResult<Vec<Suggestion>> {
        let mut errors = ValidationErrors::default();
        let length = typed.chars().count();
        if length == 0 || length > hireboard_search::suggest::MAX_PREFIX_CHARS {
            errors.push(FieldError::new("q", "must be 1 to 100 characters"));
        }
        let limit = match limit.map(str::parse::<usize>) {
            None => Some(10),
            Some(Ok(limit)) if (1..=20).contains(&limit) => Some(limit),
            Some(_) => {
                errors.push(FieldError::new(
                    "limit",
                    "must be a whole number from 1 to 20",
                ));
                None
            }
        };
        if !errors.is_empty() {
            return Err(errors.into());
        }
        let index = self.inner.search.as_ref().ok_or_else(no_index)?.current();
        let (typed, limit) = (typed.to_owned(), limit.unwrap_or(10));
        on_index(index, move |index| index.suggest(&typed, limit)).await
    }

    /// Whether this instance's search index has been built (a new instance builds it from
    /// the store before it can answer searches); true when it keeps none.
    pub async fn search_is_built(&self) -> bool {
        let Some(folder) = &self.inner.search else {
            return true;
        };
        let index = folder.current();
        matches!(on_index(index, SearchIndex::position).await, Ok(Some(_)))
    }

    /// Fills an empty index (one being rebuilt beside the one in use) with every listed
    /// posting; `built` is told how many are in so far. Returns how many in all.
    pub async fn fill_search_index(
        &self,
        index: Arc<SearchIndex>,
        built: &(dyn Fn(usize) + Send + Sync),
    ) -> ServiceResult<u64> {
        let counting = index.clone();
        indexer::build(self, index, built)
            .await
            .map_err(|e| ServiceError::internal(e.0))?;
        Ok(counting.len())
    }

    /// This instance's search indexer, when it keeps an index: run one per serving instance.
    pub fn search_consumer(&self) -> Option<Arc<dyn Consumer>> {
        let folder = self.inner.search.clone()?;
        Some(Arc::new(indexer::SearchIndexer::new(self.clone(), folder)))
    }
}

/// Runs index work off the async threads (searches are CPU work of milliseconds; reading
/// and writing the index touch its files). It finishes even if the caller is dropped, so a
/// commit is whole or absent.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, SearchError> + Send + 'static,
) -> Result<T, String> {
    match tokio::task::spawn_blocking(work).await {
        Ok(result) => result.map_err(|error| error.to_string()),
        Err(error) => Err(format!("search index task failed: {error}")),
    }
}

async fn on_index<T: Send + 'static>(
    index: Arc<SearchIndex>,
    work: impl FnOnce(&SearchIndex) -> Result<T, SearchError> + Send + 'static,
) -> ServiceResult<T> {
    blocking(move || work(&index))
        .await
        .map_err(ServiceError::internal)
}

async fn search(index: Arc<SearchIndex>, request: SearchRequest) -> ServiceResult<SearchResults> {
    on_index(index, move |index| index.search(&request)).await
}

fn no_index() -> ServiceError {
    ServiceError::Unavailable("this instance keeps no search index".to_owned().into())
}

/// A cursor that names another search, or none this server made.
fn foreign_cursor() -> ServiceError {
    ValidationErrors::single("cursor", "is not a cursor of this search").into()
}

/// The `q` parameter when it cannot be read: says where.
fn unreadable_query(error: hireboard_search::query::QueryError) -> ServiceError {
    ServiceError::Malformed(FieldError::new("q", error.to_string()))
}
