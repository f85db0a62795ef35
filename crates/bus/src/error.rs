use std::time::Duration;

/// Why a bus operation failed. Messages are one line; [`BusError::is_retryable`] tells the
/// caller whether trying again later can succeed.
#[derive(Debug, thiserror::Error)]
pub enum BusError {
    /// The URL cannot be used (wrong scheme, unparsable, missing host).
    #[error("bad bus URL: {0}")]
    InvalidUrl(String),
    /// A request this crate refuses before talking to the broker.
    #[error("{0}")]
    Invalid(String),
    /// The broker could not be reached, or the connection broke.
    #[error("{bus} unavailable while {doing}: {detail}")]
    Unavailable {
        bus: &'static str,
        doing: &'static str,
        detail: String,
    },
    /// The broker did not answer in time.
    #[error("{bus} did not answer within {after:?} while {doing}")]
    Timeout {
        bus: &'static str,
        doing: &'static str,
        after: Duration,
    },
    /// The broker answered but refused: a negative confirm, a full stream, a topology conflict.
    #[error("{bus} refused while {doing}: {detail}")]
    Refused {
        bus: &'static str,
        doing: &'static str,
        detail: String,
        retryable: bool,
    },
}

impl BusError {
    /// True when the same call may succeed later (the broker was down, slow or busy); false
    /// when it needs a change of URL, configuration or topology.
    pub fn is_retryable(&self) -> bool {
        match self {
            BusError::InvalidUrl(_) | BusError::Invalid(_) => false,
            BusError::Unavailable { .. } | BusError::Timeout { .. } => true,
            BusError::Refused { retryable, .. } => *retryable,
        }
    }

    pub(crate) fn unavailable(
        bus: &'static str,
        doing: &'static str,
        detail: impl ToString,
    ) -> Self {
        BusError::Unavailable {
            bus,
            doing,
            detail: one_line(detail),
        }
    }

    pub(crate) fn refused(
        bus: &'static str,
        doing: &'static str,
        detail: impl ToString,
        retryable: bool,
    ) -> Self {
        BusError::Refused {
            bus,
            doing,
            detail: one_line(detail),
            retryable,
        }
    }
}

/// Runs `operation`, turning "no answer within `after`" into [`BusError::Timeout`].
pub(crate) async fn bounded<T>(
    bus: &'static str,
    doing: &'static str,
    after: Duration,
    operation: impl std::future::Future<Output = Result<T, BusError>>,
) -> Result<T, BusError> {
    tokio::time::timeout(after, operation)
        .await
        .unwrap_or(Err(BusError::Timeout { bus, doing, after }))
}

/// Client errors sometimes span lines (debug dumps of requests); log lines must not.
fn one_line(detail: impl ToString) -> String {
    detail
        .to_string()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
