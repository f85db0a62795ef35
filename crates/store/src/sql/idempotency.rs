//! Idempotency keys: the outcome of the first request with a key is stored for its retries.
//!
//! A claim holds a lease: a request that never finishes (its instance died, or it was lost
//! mid-way) leaves its key claimable again once the lease runs out, so the retry that keys
//! exist for can run. Claims, take-overs and replays happen in one transaction with the key's
//! row locked, so exactly one of several racing requests proceeds.

use sqlx::{QueryBuilder, Row};

use super::{ts, Backend, Conn, Db, FOR_UPDATE, INSERT_OR_IGNORE, ON_CONFLICT_IGNORE};
use crate::records::{IdempotencyClaim, IdempotencyState};
use crate::{StoreError, StoreResult};

pub async fn begin(store: &Backend, claim: IdempotencyClaim) -> StoreResult<IdempotencyState> {
    store
        .writer
        .run(move |conn| {
            Box::pin(async move {
                match claim_or_read(conn, claim).await {
                    // The database chose a concurrent request with the same key over this one.
                    Err(StoreError::StateChanged) => Ok(IdempotencyState::InProgress),
                    other => other,
                }
            })
        })
        .await
}

async fn claim_or_read(
    conn: &mut Conn,
    claim: IdempotencyClaim,
) -> StoreResult<IdempotencyState> {
    // Forget an expired use of this key so it can be claimed afresh.
    let mut sql = QueryBuilder::<Db>::new("DELETE FROM idempotency_keys WHERE scope = ");
    sql.push_bind(claim.scope.clone())
        .push(" AND idem_key = ")
        .push_bind(claim.key.clone())
        .push(" AND created_at < ")
        .push_bind(ts(claim.forget_before));
    sql.build().execute(&mut *conn).await?;
    let mut sql = QueryBuilder::<Db>::new(format!(
        "{INSERT_OR_IGNORE} INTO idempotency_keys (scope, idem_key, request_hash, created_at, locked_until) VALUES ("
    ));
    sql.separated(", ")
        .push_bind(claim.scope.clone())
        .push_bind(claim.key.clone())
        .push_bind(claim.request_hash.clone())
        .push_bind(ts(claim.now))
        .push_bind(ts(claim.lease_until));
    sql.push(")").push(ON_CONFLICT_IGNORE);
    if sql.build().execute(&mut *conn).await?.rows_affected() == 1 {
        return Ok(IdempotencyState::Claimed);
    }
    let mut sql = QueryBuilder::<Db>::new(
        "SELECT request_hash, outcome, locked_until FROM idempotency_keys WHERE scope = ",
    );
    sql.push_bind(claim.scope.clone())
        .push(" AND idem_key = ")
        .push_bind(claim.key.clone())
        .push(FOR_UPDATE);
    let Some(row) = sql.build().fetch_optional(&mut *conn).await? else {
        // The winner abandoned its claim in between; the caller may retry.
        return Ok(IdempotencyState::InProgress);
    };
    if row.try_get::<Vec<u8>, _>("request_hash")? != claim.request_hash {
        return Ok(IdempotencyState::Mismatch);
    }
    if let Some(outcome) = row.try_get::<Option<String>, _>("outcome")? {
        return Ok(IdempotencyState::Completed {
            outcome: serde_json::from_str(&outcome)?,
        });
    }
    let leased = super::common::optional_timestamp(&row, "locked_until")?
        .is_some_and(|until| until > claim.now);
    if leased {
        return Ok(IdempotencyState::InProgress);
    }
    // The request holding the key never finished; this one takes it over.
    let mut sql = QueryBuilder::<Db>::new("UPDATE idempotency_keys SET locked_until = ");
    sql.push_bind(ts(claim.lease_until))
        .push(" WHERE scope = ")
        .push_bind(claim.scope)
        .push(" AND idem_key = ")
        .push_bind(claim.key);
    sql.build().execute(&mut *conn).await?;
    Ok(IdempotencyState::Claimed)
}

pub async fn finish(
    store: &Backend,
    scope: &str,
    key: &str,
    outcome: &serde_json::Value,
) -> StoreResult<()> {
    let (scope, key, outcome) = (scope.to_owned(), key.to_owned(), outcome.to_string());
    store
        .writer
        .run(move |conn| {
            Box::pin(async move {
                let mut sql =
                    QueryBuilder::<Db>::new("UPDATE idempotency_keys SET outcome = ");
                sql.push_bind(outcome)
                    .push(", locked_until = NULL WHERE scope = ")
                    .push_bind(scope)
                    .push(" AND idem_key = ")
                    .push_bind(key);
                sql.build().execute(&mut *conn).await?;
                Ok(())
            })
        })
        .await
}

pub async fn abandon(store: &Backend, scope: &str, key: &str) -> StoreResult<()> {
    let (scope, key) = (scope.to_owned(), key.to_owned());
    store
        .writer
        .run(move |conn| {
            Box::pin(async move {
                let mut sql = QueryBuilder::<Db>::new(
                    "DELETE FROM idempotency_keys WHERE outcome IS NULL AND scope = ",
                );
                sql.push_bind(scope)
                    .push(" AND idem_key = ")
                    .push_bind(key);
                sql.build().execute(&mut *conn).await?;
                Ok(())
            })
        })
        .await
}
