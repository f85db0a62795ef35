//! hireboard's service layer: every use case, with its authorization, in one place.
//!
//! REST, GraphQL and gRPC adapters are thin: they turn a request into a call on [`Hireboard`]
//! with the caller's [`Actor`], and turn the result or [`ServiceError`] into their protocol's
//! answer. A use case reads its input ([`Submitted`]) only once it has decided that the
//! caller may act: authentication, then authorization, then validation. Rules (who may do what, state transitions, one transaction per use case with its
//! outbox events) live here and in the domain, so every API behaves the same.

mod accounts;
mod actor;
mod applications;
mod cache;
mod clock;
mod codes;
mod companies;
mod context;
mod error;
mod idempotency;
mod invitations;
mod moderation;
mod page;
mod password;
mod pipeline;
mod postings;
mod questions;
mod search;
mod submitted;
mod throttle;
mod tokens;

use std::sync::Arc;

use hireboard_cache::Shared;
use hireboard_store::Store;

pub use accounts::{LoginInput, RoleInput, Session};
pub use actor::Actor;
pub use clock::Clock;
pub use codes::{ErrorCode, GrpcCode};
pub use context::RequestContext;
pub use error::{ServiceError, ServiceResult};
/// The values of the salary facet after a currency code (`EUR 50k-100k`).
pub use hireboard_search::facets::SALARY_BANDS;
pub use idempotency::{Written, IDEMPOTENCY_LEASE};
pub use invitations::{IssuedInvitation, Membership};
pub use moderation::Decision;
pub use page::Page;
pub use postings::{ImportReport, ReconfirmInput};
pub use questions::QuestionParams;
pub use search::{Facet, FacetCounts, Listed, Listing, Suggestion, SuggestionKind};
pub use submitted::Submitted;

/// How long each readiness probe of the store may take.
pub const READY_WITHIN: std::time::Duration = std::time::Duration::from_secs(2);

/// Tunables of the service layer.
#[derive(Debug, Clone)]
pub struct ServiceConfig {
    /// A session unused this long expires.
    pub session_idle: chrono::Duration,
    /// A session expires this long after login, however active.
    pub session_absolute: chrono::Duration,
    /// Distinct reporters that hide a posting pending review.
    pub report_hide_threshold: u32,
    /// How long idempotency keys are remembered.
    pub idempotency_ttl: chrono::Duration,
    /// How long an invitation to join a company can be accepted.
    pub invitation_ttl: chrono::Duration,
    pub login_throttle: throttle::LoginThrottleConfig,
    pub rate_limits: throttle::RateLimits,
}

impl Default for ServiceConfig {
    fn default() -> Self {
        Self {
            session_idle: chrono::Duration::hours(12),
            session_absolute: chrono::Duration::days(7),
            report_hide_threshold: 3,
            idempotency_ttl: chrono::Duration::hours(24),
            invitation_ttl: chrono::Duration::days(7),
            login_throttle: throttle::LoginThrottleConfig::default(),
            rate_limits: throttle::RateLimits::default(),
        }
    }
}

pub use throttle::{LoginThrottleConfig, RateLimits};

/// The application: the store plus the rules. Cheap to clone and share.
#[derive(Clone)]
pub struct Hireboard {
    inner: Arc<Inner>,
}

struct Inner {
    store: Arc<dyn Store>,
    config: ServiceConfig,
    clock: Clock,
    throttle: throttle::Throttle,
    postings: cache::PostingCache,
    sessions: cache::SessionCache,
    /// This instance's search index replica; `None` where nothing is searched (a worker).
    search: Option<Arc<hireboard_search::IndexFolder>>,
    /// A listing's facet counts, by the listing's filters, the index generation counted and
    /// the day (which decides what is still listed).
    facet_counts: search::FacetCountCache,
}

impl Hireboard {
    /// The service over `store`; caches and rate-limit counters live in `shared` (Redis or
    /// this process). Run [`Hireboard::cache_consumer`] on the event backbone beside it to use
    /// the caches at all.
    pub fn new(
        store: Arc<dyn Store>,
        config: ServiceConfig,
        clock: Clock,
        shared: &Shared,
        search: Option<Arc<hireboard_search::IndexFolder>>,
    ) -> Hireboard {
        let throttle = throttle::Throttle::new(
            shared,
            config.login_throttle.clone(),
            config.rate_limits.clone(),
        );
        Hireboard {
            inner: Arc::new(Inner {
                store,
                config,
                clock,
                throttle,
                postings: cache::PostingCache::new(shared, 100_000),
                sessions: cache::SessionCache::new(100_000),
                search,
                facet_counts: search::facet_count_cache(),
            }),
        }
    }

    fn store(&self) -> &dyn Store {
        self.inner.store.as_ref()
    }

    fn config(&self) -> &ServiceConfig {
        &self.inner.config
    }

    pub fn clock(&self) -> &Clock {
        &self.inner.clock
    }

    /// Whether the store answers reads and takes writes (for readiness probes), each within
    /// [`READY_WITHIN`].
    pub async fn ready(&self) -> ServiceResult<()> {
        let within = |probe| async move {
            match tokio::time::timeout(READY_WITHIN, probe).await {
                Ok(answer) => Ok(answer?),
                Err(_) => Err(ServiceError::Unavailable(
                    format!(
                        "the database did not answer within {} ms",
                        READY_WITHIN.as_millis()
                    )
                    .into(),
                )),
            }
        };
        within(self.store().ping()).await?;
        within(self.store().probe_writes()).await
    }

    /// Whether nothing was ever written to the board (operator commands). Every write records
    /// its event in the outbox in the same transaction, so an empty outbox (nothing
    /// sequenced, nothing waiting) means no account, company, posting or question.
    pub async fn is_empty(&self) -> ServiceResult<bool> {
        let events = self.store().events();
        Ok(events.head().await? == 0 && events.oldest_unsequenced_at().await?.is_none())
    }

    /// Outbox events after `position`, for consumers and tests: sequences what committed so
    /// far first, so every event of a write that returned is there.
    pub async fn events_after(
        &self,
        position: i64,
        limit: u32,
    ) -> ServiceResult<Vec<hireboard_store::OutboxRecord>> {
        let events = self.store().events();
        while events.sequence(1000).await? > 0 {}
        Ok(events.events_after(position, limit).await?)
    }
}
