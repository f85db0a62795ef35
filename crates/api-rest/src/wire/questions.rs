//! The interview question bank.

use chrono::{DateTime, Utc};
use hireboard_domain::interview as domain;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{wire_enum, wire_id};

wire_id!(
    /// An interview question in the bank.
    QuestionId
);

wire_enum!(
    hireboard_domain::interview::Difficulty,
    /// How hard a question is.
    Difficulty { Easy = "easy", Medium = "medium", Hard = "hard" }
);

/// A question as its author sends it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InterviewQuestionInput {
    #[schema(min_length = 10, max_length = 1000, pattern = "<text>")]
    question: String,
    #[schema(max_length = 10000, pattern = "<text>")]
    answer: Option<String>,
    difficulty: Option<Difficulty>,
    /// At least one skill or a `functional_area`.
    #[serde(default)]
    #[schema(max_items = 10, max_length = 40, pattern = "^<ws>*<skill><ws>*$")]
    skills: Vec<String>,
    #[schema(max_length = 80, pattern = "<line>")]
    functional_area: Option<String>,
}

/// Filters for browsing the bank.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct QuestionParams {
    #[param(max_length = 40, pattern = "^<ws>*<skill><ws>*$")]
    skill: Option<String>,
    #[param(min_length = 1, max_length = 80, pattern = "<line>")]
    functional_area: Option<String>,
    /// 1 to 100, default 20.
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
    /// Opaque cursor from a previous page's `next_cursor`.
    #[param(max_length = 128)]
    cursor: Option<String>,
}

/// A question in the bank.
#[derive(Debug, Serialize, ToSchema)]
pub struct InterviewQuestion {
    id: QuestionId,
    question: String,
    answer: Option<String>,
    difficulty: Option<Difficulty>,
    skills: Vec<String>,
    functional_area: Option<String>,
    /// Slug of the company that wrote it; `None` for the shared bank.
    company: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<InterviewQuestionInput> for domain::InterviewQuestionInput {
    fn from(input: InterviewQuestionInput) -> Self {
        let InterviewQuestionInput {
            question,
            answer,
            difficulty,
            skills,
            functional_area,
        } = input;
        domain::InterviewQuestionInput {
            question,
            answer,
            difficulty: difficulty.map(Into::into),
            skills,
            functional_area,
        }
    }
}

impl From<QuestionParams> for hireboard_service::QuestionParams {
    fn from(params: QuestionParams) -> Self {
        let QuestionParams {
            skill,
            functional_area,
            limit,
            cursor,
        } = params;
        hireboard_service::QuestionParams {
            skill,
            functional_area,
            limit,
            cursor,
        }
    }
}

impl From<domain::InterviewQuestion> for InterviewQuestion {
    fn from(question: domain::InterviewQuestion) -> Self {
        let domain::InterviewQuestion {
            id,
            question,
            answer,
            difficulty,
            skills,
            functional_area,
            company,
            created_at,
            updated_at,
        } = question;
        InterviewQuestion {
            id: id.into(),
            question,
            answer,
            difficulty: difficulty.map(Into::into),
            skills,
            functional_area,
            company,
            created_at,
            updated_at,
        }
    }
}
