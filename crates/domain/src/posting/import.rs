//! The JSON Lines record of `hireboard generate` and `hireboard import`, and the external
//! reference by which an applicant tracking system names its postings.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::content::PostingInput;
use crate::error::{FieldError, ValidationErrors};
use crate::ids::JobCode;
use crate::text::{bounded, Lines};

/// One published posting to load in bulk. The posting goes through the same validation as one
/// created over the API.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportRecord {
    /// Keeps a known public code (the seed's 1546216); assigned at random when absent.
    pub job_code: Option<JobCode>,
    /// Company name; the company is created on first sight.
    pub company: String,
    /// The posting's name in the system it comes from; importing a record with the same
    /// reference again updates that posting instead of adding another.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_ref: Option<ExternalRef>,
    /// When it was published ("Posted on").
    pub posted_at: DateTime<Utc>,
    pub valid_through: NaiveDate,
    pub posting: PostingInput,
}

/// Which system a posting comes from (`source`, e.g. `greenhouse`) and its id there; unique
/// per company. Built by [`ExternalRef::parse`] or checked when deserialized.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "ExternalRefInput")]
pub struct ExternalRef {
    source: String,
    id: String,
}

/// An external reference as sent.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExternalRefInput {
    source: String,
    id: String,
}

impl TryFrom<ExternalRefInput> for ExternalRef {
    type Error = ValidationErrors;

    fn try_from(input: ExternalRefInput) -> Result<Self, Self::Error> {
        ExternalRef::parse(&input.source, &input.id)
    }
}

impl ExternalRef {
    /// `source`: 1 to 40 lower-case letters, digits, `.`, `_` or `-`, starting with a letter
    /// or digit; `id`: 1 to 200 characters on one line.
    pub fn parse(source: &str, id: &str) -> Result<ExternalRef, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let source = source.trim();
        let well_formed = source.len() <= 40
            && source.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
            && source
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
        if !well_formed {
            errors.push(FieldError::new(
                "external_ref.source",
                "must be 1 to 40 lower-case letters, digits, '.', '_' or '-'",
            ));
        }
        let id = errors.check(bounded("external_ref.id", id, 1, 200, Lines::Single));
        errors.into_result(|| ExternalRef {
            source: source.to_owned(),
            id: id.unwrap_or_default(),
        })
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    pub fn id(&self) -> &str {
        &self.id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_refs_are_checked_however_they_arrive() {
        let parsed = ExternalRef::parse(" greenhouse ", "4012345").unwrap();
        assert_eq!((parsed.source(), parsed.id()), ("greenhouse", "4012345"));
        for (source, id) in [
            ("", "1"),
            ("Greenhouse", "1"),
            ("-x", "1"),
            ("ats", ""),
            ("ats", "a\nb"),
        ] {
            assert!(ExternalRef::parse(source, id).is_err(), "{source:?} {id:?}");
        }
        let sent: Result<ExternalRef, _> = serde_json::from_str(r#"{"source": "ATS!", "id": "1"}"#);
        assert!(sent.is_err(), "deserializing checks too");
    }
}
