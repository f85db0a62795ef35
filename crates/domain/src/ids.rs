//! Identifiers. Internal ids stay inside the system; the public job code is what people see.

use serde::{Deserialize, Serialize};

macro_rules! internal_id {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);
    )*};
}

internal_id!(
    /// An account (candidate, recruiter, moderator or admin).
    AccountId,
    /// A company that posts jobs.
    CompanyId,
    /// A posting's internal row id; never shown publicly (see [`JobCode`]).
    PostingId,
    /// A candidate's application to one posting.
    ApplicationId,
    /// A report on a posting.
    ReportId,
    /// An interview question in the bank.
    QuestionId,
    /// An invitation to join a company.
    InvitationId,
);

/// The public numeric job code of a posting (the seed posting's is 1546216).
///
/// Seven digits, assigned at random when a posting is drafted so codes reveal neither volume
/// nor order. Only [`JobCode::new`], [`JobCode::parse`] and deserializing (which checks the
/// same way) make one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "i64")]
pub struct JobCode(i64);

/// A number that is not a job code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{0} is not a job code (seven digits, {min} to {max})", min = JobCode::MIN, max = JobCode::MAX)]
pub struct NotAJobCode(pub i64);

impl JobCode {
    pub const MIN: i64 = 1_000_000;
    pub const MAX: i64 = 9_999_999;

    /// The job code `value`, if it is one.
    pub fn new(value: i64) -> Result<JobCode, NotAJobCode> {
        if (Self::MIN..=Self::MAX).contains(&value) {
            Ok(JobCode(value))
        } else {
            Err(NotAJobCode(value))
        }
    }

    pub fn get(self) -> i64 {
        self.0
    }

    /// Parses a job code from a path segment.
    pub fn parse(value: &str) -> Option<JobCode> {
        if value.is_empty() || value.len() > 7 || !value.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        value
            .parse::<i64>()
            .ok()
            .and_then(|code| JobCode::new(code).ok())
    }
}

impl TryFrom<i64> for JobCode {
    type Error = NotAJobCode;

    fn try_from(value: i64) -> Result<Self, Self::Error> {
        JobCode::new(value)
    }
}

impl std::fmt::Display for JobCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_seven_digit_codes_only() {
        assert_eq!(JobCode::parse("1546216"), Some(JobCode(1546216)));
        for bad in [
            "", "0999999", "123", "12345678", "-154621", "15462a6", "+154621",
        ] {
            assert_eq!(JobCode::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn deserializing_checks_the_range() {
        let code: JobCode = serde_json::from_str("1546216").unwrap();
        assert_eq!(
            (code, serde_json::to_string(&code).unwrap()),
            (JobCode(1546216), "1546216".into())
        );
        for bad in ["999999", "10000000", "-1546216"] {
            assert!(serde_json::from_str::<JobCode>(bad).is_err(), "{bad}");
        }
    }
}
