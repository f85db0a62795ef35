//! Screening questions a recruiter attaches to a posting, and the server-side check of answers.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::error::{FieldError, ValidationErrors};
use crate::text::{bounded, list, Lines};

/// The kind of answer a screening question takes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum AnswerKind {
    /// Free text up to `max_length` characters (at most 5000).
    Text {
        #[serde(deserialize_with = "crate::whole::whole")]
        max_length: u32,
    },
    /// `true` or `false`.
    YesNo,
    /// One of `options`.
    SingleChoice {
        /// Distinct after trimming.
        options: Vec<String>,
    },
    /// A number between `min` and `max`, `min` not greater than `max`.
    Number { min: f64, max: f64 },
}

/// A screening question. `id` is stable so answers can refer to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScreeningQuestion {
    /// Lowercase letters, digits, `_` or `-`; unique within the posting.
    pub id: String,
    pub prompt: String,
    /// What answer it takes, e.g. `{"type": "number", "min": 0, "max": 50}`.
    pub answer: AnswerKind,
    #[serde(default)]
    pub required: bool,
}

impl ScreeningQuestion {
    fn parse(field: &str, raw: &ScreeningQuestion) -> Result<ScreeningQuestion, FieldError> {
        let id = bounded(&format!("{field}.id"), &raw.id, 1, 40, Lines::Single)?;
        if !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
        {
            return Err(FieldError::new(
                format!("{field}.id"),
                "must use only a-z, 0-9, '_' and '-'",
            ));
        }
        let prompt = bounded(
            &format!("{field}.prompt"),
            &raw.prompt,
            3,
            500,
            Lines::Single,
        )?;
        let kind = match &raw.answer {
            AnswerKind::Text { max_length } if (1..=5000).contains(max_length) => {
                AnswerKind::Text {
                    max_length: *max_length,
                }
            }
            AnswerKind::Text { .. } => {
                return Err(FieldError::new(
                    format!("{field}.max_length"),
                    "must be between 1 and 5000",
                ))
            }
            AnswerKind::YesNo => AnswerKind::YesNo,
            AnswerKind::SingleChoice { options } => {
                let path = format!("{field}.options");
                let options = list(&path, options, 20, |f, o: &String| {
                    bounded(f, o, 1, 200, Lines::Single)
                })?;
                let distinct: HashSet<&String> = options.iter().collect();
                if options.len() < 2 || distinct.len() != options.len() {
                    return Err(FieldError::new(
                        path,
                        "must list at least 2 distinct options",
                    ));
                }
                AnswerKind::SingleChoice { options }
            }
            AnswerKind::Number { min, max } => {
                if !min.is_finite() || !max.is_finite() || min > max {
                    return Err(FieldError::new(
                        format!("{field}.min"),
                        "min and max must be finite with min <= max",
                    ));
                }
                AnswerKind::Number {
                    min: *min,
                    max: *max,
                }
            }
        };
        Ok(ScreeningQuestion {
            id,
            prompt,
            answer: kind,
            required: raw.required,
        })
    }
}

/// Checks a posting's screening questions: each valid, ids unique, at most 20.
pub fn parse_questions(
    field: &str,
    raw: &[ScreeningQuestion],
) -> Result<Vec<ScreeningQuestion>, FieldError> {
    let questions = list(field, raw, 20, ScreeningQuestion::parse)?;
    let mut seen = HashSet::new();
    for (i, q) in questions.iter().enumerate() {
        if !seen.insert(q.id.as_str()) {
            return Err(FieldError::new(
                format!("{field}[{i}].id"),
                "duplicates another question's id",
            ));
        }
    }
    Ok(questions)
}

/// Unknown answer keys reported by name; the rest are counted.
const MAX_UNKNOWN_NAMED: usize = 10;

/// Answers keyed by question id, as checked against the questions.
pub type Answers = BTreeMap<String, serde_json::Value>;

/// Checks a candidate's answers: every required question answered, each answer of the right
/// type and range, and no answer to a question that does not exist.
pub fn check_answers(
    questions: &[ScreeningQuestion],
    answers: &Answers,
) -> Result<Answers, ValidationErrors> {
    let mut errors = ValidationErrors::default();
    let mut checked = Answers::new();
    let unknown: Vec<&String> = answers
        .keys()
        .filter(|id| !questions.iter().any(|q| &q.id == *id))
        .collect();
    // Named one by one up to a point: a body with thousands of made-up keys gets a short
    // answer, not one that repeats every key back.
    for id in unknown.iter().take(MAX_UNKNOWN_NAMED) {
        errors.push(FieldError::new(
            format!("answers.{}", crate::text::abbreviated(id, 64)),
            "is not a question of this posting",
        ));
    }
    if unknown.len() > MAX_UNKNOWN_NAMED {
        errors.push(FieldError::new(
            "answers",
            format!(
                "has {} more answers to questions this posting does not ask",
                unknown.len() - MAX_UNKNOWN_NAMED
            ),
        ));
    }
    for q in questions {
        let field = format!("answers.{}", q.id);
        let value = match answers.get(&q.id) {
            None | Some(serde_json::Value::Null) => {
                if q.required {
                    errors.push(FieldError::new(field, "is required"));
                }
                continue;
            }
            Some(value) => value,
        };
        let ok = match (&q.answer, value) {
            (AnswerKind::Text { max_length }, serde_json::Value::String(s)) => {
                match bounded(
                    &field,
                    s,
                    usize::from(q.required),
                    *max_length as usize,
                    Lines::Multi,
                ) {
                    Ok(text) => {
                        checked.insert(q.id.clone(), serde_json::Value::String(text));
                        continue;
                    }
                    Err(e) => {
                        errors.push(e);
                        continue;
                    }
                }
            }
            (AnswerKind::YesNo, serde_json::Value::Bool(_)) => true,
            (AnswerKind::SingleChoice { options }, serde_json::Value::String(s)) => {
                options.contains(s)
            }
            (AnswerKind::Number { min, max }, serde_json::Value::Number(n)) => {
                n.as_f64().is_some_and(|v| v >= *min && v <= *max)
            }
            _ => false,
        };
        if ok {
            checked.insert(q.id.clone(), value.clone());
        } else {
            errors.push(FieldError::new(field, expected(&q.answer)));
        }
    }
    errors.into_result(|| checked)
}

fn expected(kind: &AnswerKind) -> String {
    match kind {
        AnswerKind::Text { max_length } => {
            format!("must be text of at most {max_length} characters")
        }
        AnswerKind::YesNo => "must be true or false".to_owned(),
        AnswerKind::SingleChoice { options } => format!("must be one of: {}", options.join(", ")),
        AnswerKind::Number { min, max } => format!("must be a number between {min} and {max}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn questions() -> Vec<ScreeningQuestion> {
        serde_json::from_value(json!([
            {"id": "rust_years", "prompt": "Years of Rust?", "answer": {"type": "number", "min": 0, "max": 50}, "required": true},
            {"id": "visa", "prompt": "Need a visa?", "answer": {"type": "yes_no"}, "required": true},
            {"id": "level", "prompt": "Level?", "answer": {"type": "single_choice", "options": ["mid", "senior"]}},
            {"id": "why", "prompt": "Why us?", "answer": {"type": "text", "max_length": 10}}
        ]))
        .unwrap()
    }

    #[test]
    fn required_answers_are_enforced() {
        let err = check_answers(&questions(), &Answers::new()).unwrap_err();
        let fields: Vec<_> = err.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["answers.rust_years", "answers.visa"]);
    }

    #[test]
    fn answers_are_type_checked() {
        let answers: Answers = serde_json::from_value(json!({
            "rust_years": 99, "visa": "no", "level": "junior", "why": "x".repeat(11), "extra": 1
        }))
        .unwrap();
        let err = check_answers(&questions(), &answers).unwrap_err();
        assert_eq!(err.0.len(), 5);
    }

    #[test]
    fn good_answers_pass() {
        let answers: Answers =
            serde_json::from_value(json!({"rust_years": 4, "visa": false, "level": "senior"}))
                .unwrap();
        assert_eq!(check_answers(&questions(), &answers).unwrap().len(), 3);
    }

    #[test]
    fn question_ids_must_be_unique() {
        let mut qs = questions();
        qs[1].id = "rust_years".into();
        assert_eq!(
            parse_questions("screening_questions", &qs)
                .unwrap_err()
                .field,
            "screening_questions[1].id"
        );
    }
}
