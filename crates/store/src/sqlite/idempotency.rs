//! Idempotency keys: the first response to a key is stored and replayed to retries.

use chrono::{DateTime, Utc};
use sqlx::sqlite::SqlitePool;

use super::rows::micros;
use super::SqliteStore;
use crate::records::IdempotencyState;
use crate::StoreResult;

/// Request hash, response status and body (once finished), and creation time.
type StoredKey = (Vec<u8>, Option<i64>, Option<Vec<u8>>, i64);

pub async fn begin(
    store: &SqliteStore,
    scope: &str,
    key: &str,
    request_hash: &[u8],
    now: DateTime<Utc>,
    since: DateTime<Utc>,
) -> StoreResult<IdempotencyState> {
    let mut tx = store.write().await?;
    let existing: Option<StoredKey> = sqlx::query_as(
        "SELECT request_hash, response_status, response_body, created_at FROM idempotency_keys WHERE scope = ? AND key = ?",
    )
    .bind(scope)
    .bind(key)
    .fetch_optional(&mut *tx)
    .await?;
    let state = match existing {
        Some((hash, status, body, created)) if created >= micros(since) => {
            if hash != request_hash {
                IdempotencyState::Mismatch
            } else {
                match status {
                    Some(status) => IdempotencyState::Completed {
                        status: u16::try_from(status).unwrap_or(500),
                        body: body.unwrap_or_default(),
                    },
                    None => IdempotencyState::InProgress,
                }
            }
        }
        _ => {
            sqlx::query(
                "INSERT INTO idempotency_keys (scope, key, request_hash, created_at) VALUES (?, ?, ?, ?)
                 ON CONFLICT (scope, key) DO UPDATE SET request_hash = excluded.request_hash,
                    response_status = NULL, response_body = NULL, created_at = excluded.created_at",
            )
            .bind(scope)
            .bind(key)
            .bind(request_hash)
            .bind(micros(now))
            .execute(&mut *tx)
            .await?;
            IdempotencyState::Claimed
        }
    };
    tx.commit().await?;
    Ok(state)
}

pub async fn finish(
    pool: &SqlitePool,
    scope: &str,
    key: &str,
    status: u16,
    body: &[u8],
) -> StoreResult<()> {
    sqlx::query("UPDATE idempotency_keys SET response_status = ?, response_body = ? WHERE scope = ? AND key = ?")
        .bind(i64::from(status))
        .bind(body)
        .bind(scope)
        .bind(key)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn abandon(pool: &SqlitePool, scope: &str, key: &str) -> StoreResult<()> {
    sqlx::query(
        "DELETE FROM idempotency_keys WHERE scope = ? AND key = ? AND response_status IS NULL",
    )
    .bind(scope)
    .bind(key)
    .execute(pool)
    .await?;
    Ok(())
}
