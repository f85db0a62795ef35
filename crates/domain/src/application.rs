//! Applications and the hiring pipeline.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::ValidationErrors;
use crate::ids::{AccountId, ApplicationId, JobCode};
use crate::screening::Answers;
use crate::string_enum;
use crate::text::{optional, Lines};

mod pipeline;
pub use pipeline::{moves as pipeline_moves, Pipeline};

string_enum!(
    /// Where an application stands.
    Stage {
        Applied = "applied",
        Viewed = "viewed",
        Shortlisted = "shortlisted",
        Interview = "interview",
        Offer = "offer",
        Hired = "hired",
        Rejected = "rejected",
        Withdrawn = "withdrawn",
    }
);

impl Stage {
    /// No further change is possible.
    pub fn is_final(self) -> bool {
        matches!(self, Stage::Hired | Stage::Rejected | Stage::Withdrawn)
    }

    fn rank(self) -> u8 {
        match self {
            Stage::Applied => 0,
            Stage::Viewed => 1,
            Stage::Shortlisted => 2,
            Stage::Interview => 3,
            Stage::Offer => 4,
            Stage::Hired => 5,
            Stage::Rejected | Stage::Withdrawn => 6,
        }
    }

    /// Whether a recruiter may move an application from `self` to `to`: forward through the
    /// pipeline (skipping is allowed) or to `rejected`, never out of a final stage. Only the
    /// candidate withdraws.
    pub fn recruiter_may_move_to(self, to: Stage) -> bool {
        !self.is_final()
            && match to {
                Stage::Applied | Stage::Withdrawn => false,
                Stage::Rejected => true,
                _ => to.rank() > self.rank(),
            }
    }
}

/// An application as the candidate sends it.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ApplicationInput {
    pub cover_note: Option<String>,
    /// Answers to the posting's screening questions, keyed by question id.
    #[serde(default)]
    pub answers: Answers,
}

impl ApplicationInput {
    pub fn parse_cover_note(&self) -> Result<Option<String>, ValidationErrors> {
        optional(
            "cover_note",
            self.cover_note.as_deref(),
            10_000,
            Lines::Multi,
        )
        .map_err(Into::into)
    }
}

/// Query-string parameters of a list of applications.
#[derive(Debug, Clone, Default)]
pub struct ApplicationListParams {
    /// Only applications at this stage.
    pub stage: Option<Stage>,
    /// Page size, 1 to 100 (default 20).
    pub limit: Option<u32>,
    /// Opaque cursor from a previous page's `next_cursor`.
    pub cursor: Option<String>,
}

/// A stage change as the recruiter sends it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StageChangeInput {
    pub stage: Stage,
    pub note: Option<String>,
}

impl StageChangeInput {
    pub fn parse_note(&self) -> Result<Option<String>, ValidationErrors> {
        optional("note", self.note.as_deref(), 2000, Lines::Multi).map_err(Into::into)
    }
}

/// One recorded change of stage.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StageChange {
    pub from: Option<Stage>,
    pub to: Stage,
    pub by: AccountId,
    pub note: Option<String>,
    pub at: DateTime<Utc>,
}

/// An application with its history.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Application {
    pub id: ApplicationId,
    pub job_code: JobCode,
    pub posting_title: String,
    pub candidate_id: AccountId,
    pub candidate_name: String,
    pub stage: Stage,
    pub cover_note: Option<String>,
    pub answers: Answers,
    pub history: Vec<StageChange>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipeline_moves_forward_or_to_rejected() {
        assert!(Stage::Applied.recruiter_may_move_to(Stage::Viewed));
        assert!(Stage::Applied.recruiter_may_move_to(Stage::Interview));
        assert!(Stage::Offer.recruiter_may_move_to(Stage::Rejected));
        assert!(!Stage::Interview.recruiter_may_move_to(Stage::Viewed));
        assert!(!Stage::Viewed.recruiter_may_move_to(Stage::Viewed));
        assert!(!Stage::Applied.recruiter_may_move_to(Stage::Withdrawn));
        for stage in [Stage::Hired, Stage::Rejected, Stage::Withdrawn] {
            for to in Stage::ALL {
                assert!(!stage.recruiter_may_move_to(*to));
            }
        }
    }
}
