//! Screening questions, as a posting carries them both ways.

use hireboard_domain::screening as domain;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The kind of answer a screening question takes.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum AnswerKind {
    /// Free text up to `max_length` characters (at most 5000).
    Text {
        #[serde(deserialize_with = "hireboard_domain::whole::whole")]
        #[schema(minimum = 1, maximum = 5000)]
        max_length: u32,
    },
    /// `true` or `false`.
    YesNo,
    /// One of `options`.
    SingleChoice {
        /// Distinct after trimming.
        #[schema(
            min_items = 2,
            max_items = 20,
            min_length = 1,
            max_length = 200,
            pattern = "<line>"
        )]
        options: Vec<String>,
    },
    /// A number between `min` and `max`, `min` not greater than `max`.
    Number { min: f64, max: f64 },
}

/// A screening question. `id` is stable so answers can refer to it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScreeningQuestion {
    /// Lowercase letters, digits, `_` or `-`; unique within the posting.
    #[schema(max_length = 40, pattern = "^<ws>*[a-z0-9_-]+<ws>*$")]
    id: String,
    #[schema(min_length = 3, max_length = 500, pattern = "<line>")]
    prompt: String,
    /// What answer it takes, e.g. `{"type": "number", "min": 0, "max": 50}`.
    answer: AnswerKind,
    #[serde(default)]
    required: bool,
}

impl From<AnswerKind> for domain::AnswerKind {
    fn from(kind: AnswerKind) -> Self {
        match kind {
            AnswerKind::Text { max_length } => domain::AnswerKind::Text { max_length },
            AnswerKind::YesNo => domain::AnswerKind::YesNo,
            AnswerKind::SingleChoice { options } => domain::AnswerKind::SingleChoice { options },
            AnswerKind::Number { min, max } => domain::AnswerKind::Number { min, max },
        }
    }
}

impl From<domain::AnswerKind> for AnswerKind {
    fn from(kind: domain::AnswerKind) -> Self {
        match kind {
            domain::AnswerKind::Text { max_length } => AnswerKind::Text { max_length },
            domain::AnswerKind::YesNo => AnswerKind::YesNo,
            domain::AnswerKind::SingleChoice { options } => AnswerKind::SingleChoice { options },
            domain::AnswerKind::Number { min, max } => AnswerKind::Number { min, max },
        }
    }
}

impl From<ScreeningQuestion> for domain::ScreeningQuestion {
    fn from(question: ScreeningQuestion) -> Self {
        let ScreeningQuestion {
            id,
            prompt,
            answer,
            required,
        } = question;
        domain::ScreeningQuestion {
            id,
            prompt,
            answer: answer.into(),
            required,
        }
    }
}

impl From<domain::ScreeningQuestion> for ScreeningQuestion {
    fn from(question: domain::ScreeningQuestion) -> Self {
        let domain::ScreeningQuestion {
            id,
            prompt,
            answer,
            required,
        } = question;
        ScreeningQuestion {
            id,
            prompt,
            answer: answer.into(),
            required,
        }
    }
}
