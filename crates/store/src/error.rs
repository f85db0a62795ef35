//! The store's error type.

/// What went wrong in the store. Database details stay in `Internal`/`Unavailable` messages,
/// which are logged, never shown to callers.
#[derive(Debug, Clone, thiserror::Error)]
pub enum StoreError {
    /// A uniqueness rule was violated; the name says which (e.g. `accounts.email`).
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// The row to change does not exist.
    #[error("not found")]
    NotFound,
    /// The row changed state since it was read (a concurrent update won).
    #[error("state changed concurrently")]
    StateChanged,
    /// The database cannot be reached or timed out; worth retrying later.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// The store was configured wrongly (bad URL, migrations newer than the binary).
    #[error("{0}")]
    Config(String),
    #[error("database error: {0}")]
    Internal(String),
}

/// Names of the uniqueness rules, matched against the database's constraint messages.
const RULES: &[(&str, &str)] = &[
    ("accounts.email", "accounts.email"),
    ("companies.slug", "companies.slug"),
    ("postings.job_code", "postings.job_code"),
    ("applications.posting_id", "applications.one_per_candidate"),
    (
        "one_application_per_candidate",
        "applications.one_per_candidate",
    ),
    ("reports.posting_id", "reports.one_per_user"),
    ("one_report_per_user", "reports.one_per_user"),
    ("idempotency_keys", "idempotency_keys"),
];

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        match &error {
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                let message = db.message();
                RULES
                    .iter()
                    .find(|(needle, _)| message.contains(needle))
                    .map(|(_, rule)| StoreError::Conflict(rule))
                    .unwrap_or_else(|| StoreError::Internal(error.to_string()))
            }
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
                StoreError::Unavailable(error.to_string())
            }
            sqlx::Error::Database(db) if db.message().contains("database is locked") => {
                StoreError::Unavailable(error.to_string())
            }
            _ => StoreError::Internal(error.to_string()),
        }
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(error: serde_json::Error) -> Self {
        StoreError::Internal(format!("stored JSON is unreadable: {error}"))
    }
}
