//! Idempotency keys, Stripe-style, whatever API carried the write: a write whose
//! [`RequestContext`] holds the caller's key happens once.
//!
//! Its typed outcome (the resource it answered with, or the error it got) is kept for the
//! configured time and given to retries with the same key and the same input: the same
//! resource, even if it changed or was deleted since, or the same error, each marked as
//! replayed, and each adapter renders them in its own protocol. The same key with other input is refused; a retry racing the first request
//! gets a conflict instead of acting twice; a key whose request never finished is released by
//! its lease.
//!
//! Claiming the key, running the write and recording its outcome happen on a task of their
//! own, so a caller that goes away meanwhile (its future dropped at any await point) cannot
//! leave a claim without its outcome: its retry finds the outcome instead of a key in progress
//! until the lease runs out.

mod outcome;

use std::fmt::Display;
use std::future::Future;

use hireboard_store::{IdempotencyClaim, IdempotencyState};
use serde::Serialize;
use sha2::{Digest, Sha256};

pub(crate) use outcome::Replayable;

use crate::codes::ErrorCode;
use crate::error::{ServiceError, ServiceResult};
use crate::{Actor, Hireboard, RequestContext, Submitted};
use outcome::Outcome;

/// How long a claim on a key holds if its request never finishes (its instance died): longer
/// than any request may run (adapters cut requests off after 30 s), short enough that the
/// retry a client makes after a failure soon runs.
pub const IDEMPOTENCY_LEASE: chrono::Duration = chrono::Duration::seconds(60);

/// What a write that may carry an idempotency key answers.
#[derive(Debug)]
pub struct Written<T> {
    pub resource: T,
    /// Whether an earlier request with the same key wrote it and this one only read it again.
    pub replayed: bool,
}

impl<T> Written<T> {
    /// The same answer with the resource in another form (an adapter's wire type).
    pub fn map<U>(self, convert: impl FnOnce(T) -> U) -> Written<U> {
        Written {
            resource: convert(self.resource),
            replayed: self.replayed,
        }
    }
}

/// A write as its key's retries must repeat it: the operation, what it acts on and its input.
pub(crate) struct Write {
    operation: &'static str,
    target: String,
    input: Vec<u8>,
}

impl Write {
    /// `operation` on `target` (a job code, an id; empty when the caller is the target),
    /// without input.
    pub(crate) fn new(operation: &'static str, target: impl Display) -> Write {
        Write {
            operation,
            target: target.to_string(),
            input: Vec::new(),
        }
    }

    /// With the input as it was submitted: its value as canonical JSON (so any API that
    /// submits the same value submits the same input), or why it could not be read.
    pub(crate) fn input<T: Serialize>(mut self, input: &Taken<T>) -> Write {
        self.input = match &input.0 {
            // serde_json's maps keep their keys sorted, so equal values serialize equally.
            Ok(value) => serde_json::to_value(value)
                .and_then(|value| serde_json::to_vec(&value))
                .unwrap_or_default(),
            Err(error) => format!("unreadable: {}: {error}", error.code().as_str()).into_bytes(),
        };
        self
    }

    fn fingerprint(&self) -> Vec<u8> {
        let mut hasher = Sha256::new();
        for part in [
            self.operation.as_bytes(),
            self.target.as_bytes(),
            &self.input,
        ] {
            hasher.update((part.len() as u64).to_be_bytes());
            hasher.update(part);
        }
        hasher.finalize().to_vec()
    }
}

/// Input taken ahead of its use case, to fingerprint the write; a problem with it is still
/// raised only where the use case takes it, once it has judged the caller.
pub(crate) struct Taken<T>(ServiceResult<T>);

impl<T> Taken<T> {
    pub(crate) fn from(input: impl Submitted<T>) -> Taken<T> {
        Taken(input.take())
    }
}

impl<T: Send> Submitted<T> for Taken<T> {
    fn take(self) -> ServiceResult<T> {
        self.0
    }
}

impl Hireboard {
    /// Runs `write` with `run`, at most once per idempotency key in `ctx`, or replays what the
    /// request that first sent the key got.
    pub(crate) async fn keyed<T, F, Fut>(
        &self,
        ctx: &RequestContext,
        write: Write,
        run: F,
    ) -> ServiceResult<Written<T>>
    where
        T: Replayable,
        F: FnOnce(Hireboard, RequestContext) -> Fut + Send + 'static,
        Fut: Future<Output = ServiceResult<T>> + Send + 'static,
    {
        let Some(key) = ctx.idempotency_key.clone() else {
            let resource = run(self.clone(), ctx.clone()).await?;
            return Ok(Written {
                resource,
                replayed: false,
            });
        };
        if key.is_empty() || key.len() > 255 || !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(hireboard_domain::ValidationErrors::single(
                "idempotency_key",
                "must be 1 to 255 visible ASCII characters",
            )
            .into());
        }
        let keyed = self.clone().run_keyed(ctx.clone(), key, write, run);
        tokio::spawn(keyed).await.map_err(|e| {
            ServiceError::internal(format!("an idempotent write's task failed: {e}"))
        })?
    }

    async fn run_keyed<T, F, Fut>(
        self,
        ctx: RequestContext,
        key: String,
        write: Write,
        run: F,
    ) -> ServiceResult<Written<T>>
    where
        T: Replayable,
        F: FnOnce(Hireboard, RequestContext) -> Fut,
        Fut: Future<Output = ServiceResult<T>>,
    {
        // Anonymous callers share their client's address, so their keys are scoped to the
        // write as well, and only what wrote something is kept (see `Outcome::of`).
        let anonymous = !matches!(ctx.actor, Actor::Account { .. });
        let scope = match &ctx.actor {
            Actor::Account { account, .. } => format!("account:{}", account.id.0),
            _ => format!("client:{} {} {}", ctx.client, write.operation, write.target),
        };
        let now = self.clock().now();
        let claim = IdempotencyClaim {
            scope: scope.clone(),
            key: key.clone(),
            request_hash: write.fingerprint(),
            now,
            forget_before: now - self.config().idempotency_ttl,
            lease_until: now + IDEMPOTENCY_LEASE,
        };
        match self.store().begin_idempotent(claim).await? {
            IdempotencyState::Claimed => {}
            IdempotencyState::Completed { outcome } => {
                return self.replay(serde_json::from_value(outcome).map_err(|e| {
                    ServiceError::internal(format!(
                        "a stored idempotent outcome is unreadable: {e}"
                    ))
                })?);
            }
            IdempotencyState::InProgress => {
                return Err(ServiceError::conflict(
                    ErrorCode::IdempotencyInProgress,
                    "a request with this idempotency key is still being processed; retry later",
                ))
            }
            IdempotencyState::Mismatch => {
                return Err(ServiceError::conflict(
                    ErrorCode::IdempotencyKeyReused,
                    "this idempotency key was used with a different request",
                ))
            }
        }
        let result = run(self.clone(), ctx).await;
        match Outcome::of(&result, anonymous)? {
            Some(outcome) => {
                let outcome = serde_json::to_value(outcome).map_err(|e| {
                    ServiceError::internal(format!("an idempotent outcome cannot be stored: {e}"))
                })?;
                self.store()
                    .finish_idempotent(&scope, &key, &outcome)
                    .await?
            }
            None => self.store().abandon_idempotent(&scope, &key).await?,
        }
        Ok(Written {
            resource: result?,
            replayed: false,
        })
    }

    fn replay<T: Replayable>(&self, outcome: Outcome) -> ServiceResult<Written<T>> {
        match outcome {
            Outcome::Wrote(resource) => Ok(Written {
                // Outcomes kept before resources were (a reference to read again) fit no
                // resource: such a key cannot be replayed, and the caller is told to use another.
                resource: serde_json::from_value(resource).map_err(|_| {
                    ServiceError::conflict(
                        ErrorCode::IdempotencyKeyReused,
                        "this idempotency key's earlier answer can no longer be replayed; use a new key",
                    )
                })?,
                replayed: true,
            }),
            Outcome::Refused(refusal) => Err(ServiceError::Replayed(Box::new(refusal.into()))),
        }
    }
}
