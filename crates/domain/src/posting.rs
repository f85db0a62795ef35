//! Job postings: their content, lifecycle states and the listing query.

mod content;
mod import;
mod listing;

pub use content::*;
pub use import::*;
pub use listing::*;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::{AccountId, CompanyId, JobCode, PostingId};

/// Declares a closed set of lowercase string values, with conversions to and from storage.
///
/// Each value is a token tree (`tt`) that must be a string literal: anything else fails to
/// compile in `as_str`.
#[macro_export]
macro_rules! string_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:tt),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn from_db(value: &str) -> Option<$name> {
                match value { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

string_enum!(
    /// Lifecycle of a posting. Only `published` postings are listed or shown to the public.
    PostingStatus {
        Draft = "draft",
        Published = "published",
        Closed = "closed",
        Expired = "expired",
        Hidden = "hidden",
        Removed = "removed",
    }
);

impl PostingStatus {
    /// Whether the recruiter may still edit the posting.
    pub fn is_editable(self) -> bool {
        matches!(
            self,
            PostingStatus::Draft | PostingStatus::Published | PostingStatus::Expired
        )
    }
}

/// The company a posting belongs to, as shown on the posting.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CompanyRef {
    pub slug: String,
    pub name: String,
}

/// A posting as stored and shown; serialized whole (ids included) for caches.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Posting {
    pub id: PostingId,
    pub company_id: CompanyId,
    pub posted_by_id: Option<AccountId>,
    /// Public numeric job code.
    pub job_code: JobCode,
    pub status: PostingStatus,
    pub company: CompanyRef,
    /// Display name of the recruiter who posted it.
    pub posted_by: Option<String>,
    pub content: PostingContent,
    /// When it was (first) published: the "Posted on" date.
    pub posted_at: Option<DateTime<Utc>>,
    /// When its poster last confirmed it is still open, if ever.
    pub reconfirmed_at: Option<DateTime<Utc>>,
    /// Last day it is listed unless reconfirmed.
    pub valid_through: NaiveDate,
    /// Why a moderator removed it; shown to its poster.
    pub removal_reason: Option<String>,
    /// Its name in the system it was imported from, if any.
    pub external_ref: Option<ExternalRef>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A posting in a listing: enough to decide whether to open it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PostingSummary {
    pub job_code: JobCode,
    pub title: String,
    pub company: CompanyRef,
    pub functional_area: String,
    pub category: String,
    pub skills: Vec<String>,
    pub workplace_type: WorkplaceType,
    pub employment_type: EmploymentType,
    pub locations: Vec<Location>,
    pub experience: ExperienceRange,
    pub salary: Option<Salary>,
    pub posted_at: DateTime<Utc>,
    pub valid_through: NaiveDate,
}
