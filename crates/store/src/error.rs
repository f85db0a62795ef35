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

/// Names of the uniqueness rules, matched against each database's constraint messages:
/// SQLite names the columns (`accounts.email`), PostgreSQL and MySQL the constraints.
const RULES: &[(&str, &str)] = &[
    ("accounts.email", "accounts.email"),
    ("accounts_email", "accounts.email"),
    ("companies.slug", "companies.slug"),
    ("companies_slug", "companies.slug"),
    ("postings.job_code", "postings.job_code"),
    ("postings_job_code", "postings.job_code"),
    ("applications.posting_id", "applications.one_per_candidate"),
    (
        "one_application_per_candidate",
        "applications.one_per_candidate",
    ),
    ("reports.posting_id", "reports.one_per_user"),
    ("one_report_per_user", "reports.one_per_user"),
];

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        match &error {
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                let message = db.message();
                RULES
                    .iter()
                    .find(|(needle, _)| message.contains(needle))
                    .map_or(StoreError::Conflict("unique"), |(_, rule)| {
                        StoreError::Conflict(rule)
                    })
            }
            sqlx::Error::RowNotFound => StoreError::NotFound,
            // A deadlock or serialization failure: the database rolled this transaction back
            // in favour of a concurrent one that changed the same rows.
            sqlx::Error::Database(db)
                if matches!(db.code().as_deref(), Some("40001" | "40P01")) =>
            {
                StoreError::StateChanged
            }
            sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
            | sqlx::Error::Protocol(_)
            | sqlx::Error::WorkerCrashed => StoreError::Unavailable(error.to_string()),
            sqlx::Error::Database(db) if is_transient(db.code().as_deref(), db.message()) => {
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

/// Database errors that mean "try again shortly": the server is shutting down or starting,
/// the connection broke, a statement ran past its time limit, or SQLite's lock stayed busy.
fn is_transient(code: Option<&str>, message: &str) -> bool {
    match code {
        // PostgreSQL: connection exceptions, shutdown, cannot connect now, statement timeout.
        Some(code) if code.starts_with("08") || code.starts_with("57") => true,
        // MariaDB and MySQL report SQLSTATE 70100 when a statement is interrupted by its
        // time limit.
        Some("70100") => true,
        _ => message.contains("database is locked"),
    }
}
