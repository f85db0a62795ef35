//! The store's error type.

use std::error::Error;
use std::sync::Arc;

/// What went wrong in the store. The causes of `Internal` and `Unavailable` keep the
/// database's error (and its chain) for the log; they are never shown to callers.
#[derive(Debug, Clone, thiserror::Error)]
pub enum StoreError {
    /// A rule the schema backs was broken; the rule says which.
    #[error("conflict: {0:?}")]
    Conflict(Rule),
    /// The row to change does not exist.
    #[error("not found")]
    NotFound,
    /// The row changed state since it was read (a concurrent update won).
    #[error("state changed concurrently")]
    StateChanged,
    /// The database cannot be reached or timed out; worth retrying later.
    #[error("database unavailable: {0}")]
    Unavailable(#[source] Cause),
    /// The store was configured wrongly (bad URL, migrations newer than the binary).
    #[error("{0}")]
    Config(String),
    #[error("database error: {0}")]
    Internal(#[source] Cause),
}

/// A rule the schema backs, which a write can break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// One account per email.
    AccountEmail,
    /// One company per slug.
    CompanySlug,
    /// One posting per job code.
    PostingJobCode,
    /// One application per candidate per posting.
    OneApplicationPerCandidate,
    /// One report per account per posting.
    OneReportPerUser,
    /// A company keeps at least one owner.
    LastOwner,
}

/// The error behind an internal or unavailable store error, whole.
#[derive(Debug, Clone)]
pub struct Cause(Arc<dyn Error + Send + Sync>);

impl std::fmt::Display for Cause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl Error for Cause {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.0.source()
    }
}

impl From<String> for Cause {
    fn from(message: String) -> Self {
        Cause(Arc::from(Box::<dyn Error + Send + Sync>::from(message)))
    }
}

impl From<sqlx::Error> for Cause {
    fn from(error: sqlx::Error) -> Self {
        Cause(Arc::new(error))
    }
}

impl StoreError {
    /// An internal error described by `message` (data the store cannot read, a broken
    /// invariant).
    pub fn internal(message: impl Into<String>) -> StoreError {
        StoreError::Internal(message.into().into())
    }

    pub fn unavailable(message: impl Into<String>) -> StoreError {
        StoreError::Unavailable(message.into().into())
    }
}

impl Rule {
    /// The rule a database names when a unique index refuses a row: PostgreSQL gives the
    /// constraint (`accounts_email`); SQLite's message names the columns
    /// (`UNIQUE constraint failed: accounts.email`), MySQL's the key (`... for key
    /// 'accounts.email'` or `'one_report_per_user'`).
    fn named(text: &str) -> Option<Rule> {
        const NAMES: &[(&[&str], Rule)] = &[
            (&["accounts_email", "accounts.email"], Rule::AccountEmail),
            (&["companies_slug", "companies.slug"], Rule::CompanySlug),
            (
                &["postings_job_code", "postings.job_code"],
                Rule::PostingJobCode,
            ),
            (
                &["one_application_per_candidate", "applications.posting_id"],
                Rule::OneApplicationPerCandidate,
            ),
            (
                &["one_report_per_user", "reports.posting_id"],
                Rule::OneReportPerUser,
            ),
        ];
        NAMES
            .iter()
            .find(|(names, _)| names.iter().any(|name| text.contains(name)))
            .map(|(_, rule)| *rule)
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        match &error {
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                // PostgreSQL says which constraint; the others only say so in the message.
                let rule = db
                    .constraint()
                    .and_then(Rule::named)
                    .or_else(|| Rule::named(db.message()));
                match rule {
                    Some(rule) => StoreError::Conflict(rule),
                    // A unique index no use case expects to hit: a bug, not a conflict.
                    None => StoreError::Internal(error.into()),
                }
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
            | sqlx::Error::WorkerCrashed => StoreError::Unavailable(error.into()),
            sqlx::Error::Database(db) if is_transient(db.code().as_deref(), db.message()) => {
                StoreError::Unavailable(error.into())
            }
            _ => StoreError::Internal(error.into()),
        }
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(error: serde_json::Error) -> Self {
        StoreError::internal(format!("stored JSON is unreadable: {error}"))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_are_known_by_every_backend_s_name_for_them() {
        for (text, rule) in [
            ("accounts_email", Rule::AccountEmail),
            (
                "UNIQUE constraint failed: accounts.email",
                Rule::AccountEmail,
            ),
            (
                "Duplicate entry 'x' for key 'accounts.email'",
                Rule::AccountEmail,
            ),
            (
                "UNIQUE constraint failed: applications.posting_id, applications.candidate_id",
                Rule::OneApplicationPerCandidate,
            ),
            (
                "Duplicate entry '1-2' for key 'one_report_per_user'",
                Rule::OneReportPerUser,
            ),
        ] {
            assert_eq!(Rule::named(text), Some(rule), "{text}");
        }
        assert_eq!(Rule::named("idempotency_keys_pk"), None);
    }
}
