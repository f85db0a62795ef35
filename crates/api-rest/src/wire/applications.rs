//! Applications: what a candidate sends to apply, a recruiter to move one along, the list
//! filters, and applications as shown.

use chrono::{DateTime, Utc};
use hireboard_domain::application as domain;
use hireboard_domain::screening::Answers;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::accounts::AccountId;
use super::postings::JobCode;
use super::{all, wire_enum, wire_id};

wire_id!(
    /// A candidate's application to one posting.
    ApplicationId
);

wire_enum!(
    hireboard_domain::application::Stage,
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

/// An application as the candidate sends it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicationInput {
    #[schema(max_length = 10000, pattern = "<text>")]
    cover_note: Option<String>,
    /// Answers to the posting's screening questions, keyed by question id.
    #[serde(default)]
    #[schema(value_type = Object)]
    answers: Answers,
}

/// Query-string parameters of a list of applications.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ApplicationListParams {
    /// Only applications at this stage.
    stage: Option<Stage>,
    /// Page size, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
    /// Opaque cursor from a previous page's `next_cursor`.
    #[param(max_length = 128)]
    cursor: Option<String>,
}

/// A stage change as the recruiter sends it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StageChangeInput {
    stage: Stage,
    #[schema(max_length = 2000, pattern = "<text>")]
    note: Option<String>,
}

/// One recorded change of stage.
#[derive(Debug, Serialize, ToSchema)]
pub struct StageChange {
    from: Option<Stage>,
    to: Stage,
    by: AccountId,
    note: Option<String>,
    at: DateTime<Utc>,
}

/// An application with its history.
#[derive(Debug, Serialize, ToSchema)]
pub struct Application {
    id: ApplicationId,
    job_code: JobCode,
    posting_title: String,
    candidate_id: AccountId,
    candidate_name: String,
    stage: Stage,
    cover_note: Option<String>,
    #[schema(value_type = Object)]
    answers: Answers,
    history: Vec<StageChange>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

/// How many of a posting's applications stand at each stage. Counted from the application
/// events, so it trails a new application or move by a moment.
#[derive(Debug, Serialize, ToSchema)]
pub struct Pipeline {
    job_code: JobCode,
    /// Every stage, in pipeline order.
    stages: Vec<StageCount>,
    /// Every application to the posting, withdrawn and rejected ones included.
    total: u64,
}

/// One stage of a pipeline and the applications standing there.
#[derive(Debug, Serialize, ToSchema)]
pub struct StageCount {
    stage: Stage,
    applications: u64,
}

impl From<domain::Pipeline> for Pipeline {
    fn from(pipeline: domain::Pipeline) -> Self {
        Pipeline {
            job_code: pipeline.job_code.into(),
            total: pipeline.total(),
            stages: pipeline
                .stages
                .into_iter()
                .map(|(stage, applications)| StageCount {
                    stage: stage.into(),
                    applications,
                })
                .collect(),
        }
    }
}

impl From<ApplicationInput> for domain::ApplicationInput {
    fn from(
        ApplicationInput {
            cover_note,
            answers,
        }: ApplicationInput,
    ) -> Self {
        domain::ApplicationInput {
            cover_note,
            answers,
        }
    }
}

impl From<ApplicationListParams> for domain::ApplicationListParams {
    fn from(
        ApplicationListParams {
            stage,
            limit,
            cursor,
        }: ApplicationListParams,
    ) -> Self {
        domain::ApplicationListParams {
            stage: stage.map(Into::into),
            limit,
            cursor,
        }
    }
}

impl From<StageChangeInput> for domain::StageChangeInput {
    fn from(StageChangeInput { stage, note }: StageChangeInput) -> Self {
        domain::StageChangeInput {
            stage: stage.into(),
            note,
        }
    }
}

impl From<domain::StageChange> for StageChange {
    fn from(
        domain::StageChange {
            from,
            to,
            by,
            note,
            at,
        }: domain::StageChange,
    ) -> Self {
        StageChange {
            from: from.map(Into::into),
            to: to.into(),
            by: by.into(),
            note,
            at,
        }
    }
}

impl From<domain::Application> for Application {
    fn from(application: domain::Application) -> Self {
        let domain::Application {
            id,
            job_code,
            posting_title,
            candidate_id,
            candidate_name,
            stage,
            cover_note,
            answers,
            history,
            created_at,
            updated_at,
        } = application;
        Application {
            id: id.into(),
            job_code: job_code.into(),
            posting_title,
            candidate_id: candidate_id.into(),
            candidate_name,
            stage: stage.into(),
            cover_note,
            answers,
            history: all(history),
            created_at,
            updated_at,
        }
    }
}
