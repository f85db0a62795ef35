//! Posting events. They are "fat": each carries the posting as it was when the event
//! committed ([`PostingSnapshot`]), so a search indexer or an alert matcher acts on the event
//! alone and never reads the store (which may already hold a later version).

use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Event, Keyed};
use crate::ids::{AccountId, CompanyId, JobCode};
use crate::posting::{
    Education, EmploymentType, Posting, PostingStatus, SalaryPeriod, WorkplaceType,
};

/// The type of every posting event; each carries the posting as it now is.
pub const POSTING_EVENT_TYPES: &[&str] = &[
    "posting.created",
    "posting.updated",
    "posting.published",
    "posting.closed",
    "posting.expired",
    "posting.reconfirmed",
    "posting.hidden",
    "posting.restored",
    "posting.removed",
];

/// Everything searchable or matchable about a posting, in a wire shape of its own so the
/// domain types can change without changing the events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PostingSnapshot {
    pub job_code: JobCode,
    pub status: PostingStatus,
    pub title: String,
    pub company: SnapshotCompany,
    pub functional_area: String,
    pub category: String,
    pub skills: Vec<String>,
    pub locations: Vec<SnapshotLocation>,
    pub workplace_type: WorkplaceType,
    pub employment_type: EmploymentType,
    pub experience: SnapshotExperience,
    pub education: Option<Education>,
    pub salary: Option<SnapshotSalary>,
    /// When it was first published; absent for drafts.
    pub posted_at: Option<DateTime<Utc>>,
    /// When its poster last confirmed it is still open, if ever (events written before
    /// this field existed read as never).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reconfirmed_at: Option<DateTime<Utc>>,
    /// The last day it is listed unless reconfirmed (reconfirming moves it).
    pub valid_through: NaiveDate,
    pub updated_at: DateTime<Utc>,
    /// The description as plain text, for full-text search.
    pub description_text: String,
    /// Its bullet lists (responsibilities, required skills, qualifications, tools), as text.
    pub requirements: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SnapshotCompany {
    pub id: CompanyId,
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SnapshotLocation {
    pub city: Option<String>,
    pub region: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SnapshotExperience {
    pub min_years: u8,
    pub max_years: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SnapshotSalary {
    pub min: u32,
    pub max: u32,
    /// ISO 4217.
    pub currency: String,
    pub period: SalaryPeriod,
}

impl From<&Posting> for PostingSnapshot {
    fn from(posting: &Posting) -> Self {
        let content = &posting.content;
        let sections = [
            content.responsibilities(),
            content.required_skills(),
            content.tools_and_technologies(),
        ];
        let requirements = sections
            .iter()
            .flat_map(|sections| sections.iter())
            .flat_map(|section| std::iter::once(&section.title).chain(&section.items))
            .chain(content.qualifications())
            .chain(content.preferred_qualifications())
            .cloned()
            .collect();
        PostingSnapshot {
            job_code: posting.job_code,
            status: posting.status,
            title: content.title().to_owned(),
            company: SnapshotCompany {
                id: posting.company_id,
                slug: posting.company.slug.clone(),
                name: posting.company.name.clone(),
            },
            functional_area: content.functional_area().to_owned(),
            category: content.category().to_owned(),
            skills: content.skills().to_vec(),
            locations: content
                .locations()
                .iter()
                .map(|l| SnapshotLocation {
                    city: l.city.clone(),
                    region: l.region.clone(),
                    country: l.country.clone(),
                })
                .collect(),
            workplace_type: content.workplace_type(),
            employment_type: content.employment_type(),
            experience: SnapshotExperience {
                min_years: content.experience().min_years,
                max_years: content.experience().max_years,
            },
            education: content.education(),
            salary: content.salary().map(|s| SnapshotSalary {
                min: s.min,
                max: s.max,
                currency: s.currency.clone(),
                period: s.period,
            }),
            posted_at: posting.posted_at,
            reconfirmed_at: posting.reconfirmed_at,
            valid_through: posting.valid_through,
            updated_at: posting.updated_at,
            description_text: plain_text(content.description_html()),
            requirements,
        }
    }
}

/// Sanitized HTML as text: tags become spaces, the entities the sanitizer writes are decoded.
fn plain_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Declares posting events: the snapshot plus the fields of the change.
macro_rules! posting_events {
    ($($(#[$doc:meta])* $name:ident { $($(#[$fdoc:meta])* $field:ident: $ty:ty),* $(,)? })+) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
        pub struct $name {
            pub posting: PostingSnapshot,
            $($(#[$fdoc])* pub $field: $ty,)*
        }

        impl Keyed for $name {
            fn key(&self) -> String {
                self.posting.job_code.to_string()
            }
        }
    )+};
}

posting_events! {
    /// Drafted by a recruiter.
    PostingCreated { by: AccountId }
    /// Content or valid-through date changed.
    PostingUpdated {
        /// Absent when the operator's import changed it.
        by: Option<AccountId>,
    }
    PostingPublished {
        /// Absent when the operator's import created it published.
        from: Option<PostingStatus>,
        by: Option<AccountId>,
    }
    PostingClosed { from: PostingStatus, by: Option<AccountId> }
    /// Its valid-through date passed.
    PostingExpired { expired_on: NaiveDate }
    PostingReconfirmed { from: PostingStatus, by: Option<AccountId> }
    /// Taken out of listings by a moderator or by enough reports.
    PostingHidden {
        /// The moderator; absent when the report threshold hid it.
        by: Option<AccountId>,
        reason: Option<String>,
    }
    PostingRestored { by: AccountId, reason: Option<String> }
    PostingRemoved { by: AccountId, reason: Option<String> }
}

/// A posting event before the store adds the posting as the change leaves it: what a
/// producer knows of the change.
#[derive(Debug, Clone, PartialEq)]
pub enum PostingChange {
    Created {
        by: AccountId,
    },
    Updated {
        by: Option<AccountId>,
    },
    Published {
        from: Option<PostingStatus>,
        by: Option<AccountId>,
    },
    Closed {
        from: PostingStatus,
        by: Option<AccountId>,
    },
    Expired {
        expired_on: NaiveDate,
    },
    Reconfirmed {
        from: PostingStatus,
        by: Option<AccountId>,
    },
    Hidden {
        by: Option<AccountId>,
        reason: Option<String>,
    },
    Restored {
        by: AccountId,
        reason: Option<String>,
    },
    Removed {
        by: AccountId,
        reason: Option<String>,
    },
}

impl PostingChange {
    /// The event, carrying `posting` as the change left it.
    pub fn into_event(self, posting: PostingSnapshot) -> Event {
        match self {
            PostingChange::Created { by } => Event::PostingCreated(PostingCreated { posting, by }),
            PostingChange::Updated { by } => Event::PostingUpdated(PostingUpdated { posting, by }),
            PostingChange::Published { from, by } => {
                Event::PostingPublished(PostingPublished { posting, from, by })
            }
            PostingChange::Closed { from, by } => {
                Event::PostingClosed(PostingClosed { posting, from, by })
            }
            PostingChange::Expired { expired_on } => Event::PostingExpired(PostingExpired {
                posting,
                expired_on,
            }),
            PostingChange::Reconfirmed { from, by } => {
                Event::PostingReconfirmed(PostingReconfirmed { posting, from, by })
            }
            PostingChange::Hidden { by, reason } => Event::PostingHidden(PostingHidden {
                posting,
                by,
                reason,
            }),
            PostingChange::Restored { by, reason } => Event::PostingRestored(PostingRestored {
                posting,
                by,
                reason,
            }),
            PostingChange::Removed { by, reason } => Event::PostingRemoved(PostingRemoved {
                posting,
                by,
                reason,
            }),
        }
    }
}

impl PostingSnapshot {
    /// How the posting shows in a listing; `None` before it was first published.
    pub fn summary(&self) -> Option<crate::posting::PostingSummary> {
        use crate::posting::{CompanyRef, ExperienceRange, Location, PostingSummary, Salary};
        Some(PostingSummary {
            job_code: self.job_code,
            title: self.title.clone(),
            company: CompanyRef {
                slug: self.company.slug.clone(),
                name: self.company.name.clone(),
            },
            functional_area: self.functional_area.clone(),
            category: self.category.clone(),
            skills: self.skills.clone(),
            workplace_type: self.workplace_type,
            employment_type: self.employment_type,
            locations: self
                .locations
                .iter()
                .map(|l| Location {
                    city: l.city.clone(),
                    region: l.region.clone(),
                    country: l.country.clone(),
                })
                .collect(),
            experience: ExperienceRange {
                min_years: self.experience.min_years,
                max_years: self.experience.max_years,
            },
            salary: self.salary.as_ref().map(|s| Salary {
                min: s.min,
                max: s.max,
                currency: s.currency.clone(),
                period: s.period,
            }),
            posted_at: self.posted_at?,
            valid_through: self.valid_through,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::plain_text;

    #[test]
    fn descriptions_become_plain_text() {
        assert_eq!(
            plain_text("<p>Build <strong>fast</strong>&amp;safe</p>\n<ul><li>Rust &lt;3</li></ul>"),
            "Build fast &safe Rust <3"
        );
    }
}
