//! Idempotency keys: the first response to a key is stored and replayed to retries.
//!
//! The claim is a plain INSERT: the primary key (scope, key) lets exactly one of several
//! racing requests win on every backend, without a transaction or an upsert dialect.

use chrono::{DateTime, Utc};
use sqlx::{QueryBuilder, Row};

use super::{ts, Db, Pool};
use crate::records::IdempotencyState;
use crate::{StoreError, StoreResult};

pub async fn begin(
    pool: &Pool,
    scope: &str,
    key: &str,
    request_hash: &[u8],
    now: DateTime<Utc>,
    since: DateTime<Utc>,
) -> StoreResult<IdempotencyState> {
    // Forget an expired use of this key so it can be claimed afresh.
    let mut sql = QueryBuilder::<Db>::new("DELETE FROM idempotency_keys WHERE scope = ");
    sql.push_bind(scope.to_owned())
        .push(" AND idem_key = ")
        .push_bind(key.to_owned())
        .push(" AND created_at < ")
        .push_bind(ts(since));
    sql.build().execute(pool).await?;
    let mut sql = QueryBuilder::<Db>::new(
        "INSERT INTO idempotency_keys (scope, idem_key, request_hash, created_at) VALUES (",
    );
    sql.separated(", ")
        .push_bind(scope.to_owned())
        .push_bind(key.to_owned())
        .push_bind(request_hash.to_vec())
        .push_bind(ts(now));
    sql.push(")");
    match sql.build().execute(pool).await.map_err(StoreError::from) {
        Ok(_) => return Ok(IdempotencyState::Claimed),
        Err(StoreError::Conflict(_)) => {}
        Err(other) => return Err(other),
    }
    let mut sql = QueryBuilder::<Db>::new(
        "SELECT request_hash, response_status, response_body FROM idempotency_keys WHERE scope = ",
    );
    sql.push_bind(scope.to_owned())
        .push(" AND idem_key = ")
        .push_bind(key.to_owned());
    let Some(row) = sql.build().fetch_optional(pool).await? else {
        // The winner abandoned its claim in between; the caller may retry.
        return Ok(IdempotencyState::InProgress);
    };
    if row.try_get::<Vec<u8>, _>("request_hash")? != request_hash {
        return Ok(IdempotencyState::Mismatch);
    }
    Ok(match row.try_get::<Option<i64>, _>("response_status")? {
        Some(status) => IdempotencyState::Completed {
            status: u16::try_from(status).unwrap_or(500),
            body: row
                .try_get::<Option<Vec<u8>>, _>("response_body")?
                .unwrap_or_default(),
        },
        None => IdempotencyState::InProgress,
    })
}

pub async fn finish(
    pool: &Pool,
    scope: &str,
    key: &str,
    status: u16,
    body: &[u8],
) -> StoreResult<()> {
    let mut sql = QueryBuilder::<Db>::new("UPDATE idempotency_keys SET response_status = ");
    sql.push_bind(i64::from(status))
        .push(", response_body = ")
        .push_bind(body.to_vec())
        .push(" WHERE scope = ")
        .push_bind(scope.to_owned())
        .push(" AND idem_key = ")
        .push_bind(key.to_owned());
    sql.build().execute(pool).await?;
    Ok(())
}

pub async fn abandon(pool: &Pool, scope: &str, key: &str) -> StoreResult<()> {
    let mut sql = QueryBuilder::<Db>::new(
        "DELETE FROM idempotency_keys WHERE response_status IS NULL AND scope = ",
    );
    sql.push_bind(scope.to_owned())
        .push(" AND idem_key = ")
        .push_bind(key.to_owned());
    sql.build().execute(pool).await?;
    Ok(())
}
