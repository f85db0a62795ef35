//! The interview question bank ("Interview Questions for you").

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::ValidationErrors;
use crate::ids::QuestionId;
use crate::posting::parse_skill;
use crate::string_enum;
use crate::text::{bounded, list, optional, Lines};

string_enum!(
    /// How hard a question is.
    Difficulty { Easy = "easy", Medium = "medium", Hard = "hard" }
);

/// A question as its author sends it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InterviewQuestionInput {
    pub question: String,
    pub answer: Option<String>,
    pub difficulty: Option<Difficulty>,
    /// At least one skill or a `functional_area`.
    #[serde(default)]
    pub skills: Vec<String>,
    pub functional_area: Option<String>,
}

/// A checked question.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionContent {
    pub question: String,
    pub answer: Option<String>,
    pub difficulty: Option<Difficulty>,
    pub skills: Vec<String>,
    pub functional_area: Option<String>,
}

impl InterviewQuestionInput {
    pub fn parse(&self) -> Result<QuestionContent, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let question = errors.check(bounded("question", &self.question, 10, 1000, Lines::Multi));
        let answer = errors.check(optional(
            "answer",
            self.answer.as_deref(),
            10_000,
            Lines::Multi,
        ));
        let skills = errors
            .check(list("skills", &self.skills, 10, |f, s: &String| {
                parse_skill(f, s)
            }))
            .map(|mut skills| {
                let mut seen = std::collections::HashSet::new();
                skills.retain(|s| seen.insert(s.clone()));
                skills
            });
        let functional_area = errors.check(optional(
            "functional_area",
            self.functional_area.as_deref(),
            80,
            Lines::Single,
        ));
        if matches!((&skills, &functional_area), (Some(s), Some(None)) if s.is_empty()) {
            errors.push(crate::FieldError::new(
                "skills",
                "give at least one skill or a functional_area",
            ));
        }
        errors.into_result(|| QuestionContent {
            question: question.unwrap_or_default(),
            answer: answer.flatten(),
            difficulty: self.difficulty,
            skills: skills.unwrap_or_default(),
            functional_area: functional_area.flatten(),
        })
    }
}

/// A question in the bank.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InterviewQuestion {
    pub id: QuestionId,
    pub question: String,
    pub answer: Option<String>,
    pub difficulty: Option<Difficulty>,
    pub skills: Vec<String>,
    pub functional_area: Option<String>,
    /// Slug of the company that wrote it; `None` for the shared bank.
    pub company: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skills_are_normalized_and_deduplicated() {
        let input = InterviewQuestionInput {
            question: "What does the borrow checker enforce?".into(),
            answer: None,
            difficulty: Some(Difficulty::Easy),
            skills: vec!["Rust".into(), "rust".into(), " RUST ".into()],
            functional_area: None,
        };
        assert_eq!(input.parse().unwrap().skills, ["rust"]);
    }

    #[test]
    fn a_question_needs_a_skill_or_an_area() {
        let input = InterviewQuestionInput {
            question: "What does the borrow checker enforce?".into(),
            answer: None,
            difficulty: None,
            skills: vec![],
            functional_area: None,
        };
        assert_eq!(input.parse().unwrap_err().0[0].field, "skills");
    }
}
