//! Idempotency keys, Stripe-style: scoped to the caller, the first response (status and body)
//! is stored and replayed to retries for the configured time; the same key with a different
//! body is refused; a retry racing the first request gets a conflict instead of acting twice.

use hireboard_store::{IdempotencyClaim, IdempotencyState};
use sha2::{Digest, Sha256};

use crate::codes::ErrorCode;
use crate::error::{ServiceError, ServiceResult};
use crate::Hireboard;

/// How long a claim on a key holds if its request never finishes (its instance died): longer
/// than any request may run (adapters cut requests off after 30 s), short enough that the
/// retry a client makes after a failure soon runs.
pub const IDEMPOTENCY_LEASE: chrono::Duration = chrono::Duration::seconds(60);

/// What to do with a request carrying an idempotency key.
#[derive(Debug)]
pub enum IdempotencyOutcome {
    /// Run the request, then call [`Hireboard::finish_idempotent`] or
    /// [`Hireboard::abandon_idempotent`].
    Proceed,
    /// Send this stored response again.
    Replay { status: u16, body: Vec<u8> },
}

impl Hireboard {
    /// `scope` identifies the caller; `fingerprint` is the method, path and body of the request.
    pub async fn begin_idempotent(
        &self,
        scope: &str,
        key: &str,
        fingerprint: &[&[u8]],
    ) -> ServiceResult<IdempotencyOutcome> {
        if key.is_empty() || key.len() > 255 || !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(hireboard_domain::ValidationErrors::single(
                "Idempotency-Key",
                "must be 1 to 255 visible ASCII characters",
            )
            .into());
        }
        let mut hasher = Sha256::new();
        for part in fingerprint {
            hasher.update((part.len() as u64).to_be_bytes());
            hasher.update(part);
        }
        let now = self.clock().now();
        let claim = IdempotencyClaim {
            scope: scope.to_owned(),
            key: key.to_owned(),
            request_hash: hasher.finalize().to_vec(),
            now,
            forget_before: now - self.config().idempotency_ttl,
            lease_until: now + IDEMPOTENCY_LEASE,
        };
        match self.store().begin_idempotent(claim).await? {
            IdempotencyState::Claimed => Ok(IdempotencyOutcome::Proceed),
            IdempotencyState::Completed { status, body } => {
                Ok(IdempotencyOutcome::Replay { status, body })
            }
            IdempotencyState::InProgress => Err(ServiceError::conflict(
                ErrorCode::IdempotencyInProgress,
                "a request with this Idempotency-Key is still being processed; retry later",
            )),
            IdempotencyState::Mismatch => Err(ServiceError::conflict(
                ErrorCode::IdempotencyKeyReused,
                "this Idempotency-Key was used with a different request",
            )),
        }
    }

    pub async fn finish_idempotent(
        &self,
        scope: &str,
        key: &str,
        status: u16,
        body: &[u8],
    ) -> ServiceResult<()> {
        Ok(self
            .store()
            .finish_idempotent(scope, key, status, body)
            .await?)
    }

    pub async fn abandon_idempotent(&self, scope: &str, key: &str) -> ServiceResult<()> {
        Ok(self.store().abandon_idempotent(scope, key).await?)
    }
}
