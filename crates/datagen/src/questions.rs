//! The shared interview question bank ("Interview Questions for you").
//!
//! The questions are data: one table per theme, each entry a difficulty, skill tags (the
//! generator's skill names, lower-cased), the question and a short answer. Every entry belongs
//! to a functional area of the generator, so a posting can show the questions for its area or
//! its skills.

mod backend;
mod business;
mod clients;
mod data;
mod languages;
mod platform;

use hireboard_domain::interview::{Difficulty, InterviewQuestionInput};

/// One question: difficulty, skill tags, question, answer.
type Entry = (
    Difficulty,
    &'static [&'static str],
    &'static str,
    &'static str,
);

/// Each table with the functional area its questions belong to.
const TABLES: &[(&str, &[Entry])] = &[
    ("Backend Development", backend::QUESTIONS),
    ("Backend Development", languages::QUESTIONS),
    ("DevOps & SRE", platform::DEVOPS),
    ("Cloud & Infrastructure", platform::CLOUD),
    ("Database Administration", platform::DATABASES),
    ("Security", platform::SECURITY),
    ("QA & Testing", platform::QA),
    ("Data Engineering", data::ENGINEERING),
    ("Data Science & Analytics", data::ANALYTICS),
    ("Machine Learning", data::MACHINE_LEARNING),
    ("Frontend Development", clients::FRONTEND),
    ("Full-Stack Development", clients::FULL_STACK),
    ("Mobile Development", clients::MOBILE),
    ("Embedded Systems", clients::EMBEDDED),
    ("Product Management", business::PRODUCT),
    ("Design", business::DESIGN),
    ("Sales", business::SALES),
    ("Marketing", business::MARKETING),
    ("Customer Support", business::SUPPORT),
    ("Finance", business::FINANCE),
    ("HR & Recruiting", business::PEOPLE),
];

/// The shared interview question bank: over 200 questions with concise answers, each tagged
/// with a functional area and skills from the generator's vocabulary.
pub fn question_bank() -> Vec<InterviewQuestionInput> {
    TABLES
        .iter()
        .flat_map(|(area, entries)| {
            entries
                .iter()
                .map(
                    move |(difficulty, skills, question, answer)| InterviewQuestionInput {
                        question: (*question).to_owned(),
                        answer: Some((*answer).to_owned()),
                        difficulty: Some(*difficulty),
                        skills: skills.iter().map(|s| (*s).to_owned()).collect(),
                        functional_area: Some((*area).to_owned()),
                    },
                )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::vocab::AREAS;

    #[test]
    fn every_question_is_valid() {
        let bank = question_bank();
        assert!(bank.len() >= 150, "{}", bank.len());
        for q in &bank {
            let parsed = q.parse().unwrap_or_else(|e| panic!("{}: {e}", q.question));
            assert_eq!(parsed.skills, q.skills, "tags are already normalized");
        }
    }

    #[test]
    fn questions_are_unique() {
        let bank = question_bank();
        let distinct: HashSet<_> = bank.iter().map(|q| q.question.to_lowercase()).collect();
        assert_eq!(distinct.len(), bank.len());
    }

    #[test]
    fn the_seed_area_is_well_covered() {
        let seed = crate::seed_posting(chrono::NaiveDate::MIN).posting;
        let bank = question_bank();
        let backend: Vec<_> = bank
            .iter()
            .filter(|q| q.functional_area.as_deref() == Some(seed.functional_area.as_str()))
            .collect();
        assert!(backend.len() >= 40, "{}", backend.len());
        for topic in [
            "index",
            "cach",
            "SQL injection",
            "XSS",
            "queue",
            "scal",
            "test",
            "monitor",
            "CI/CD",
            "Kubernetes",
            "API",
        ] {
            let hits = backend
                .iter()
                .filter(|q| {
                    q.question.contains(topic) || q.answer.as_deref().unwrap_or("").contains(topic)
                })
                .count();
            assert!(hits >= 1, "{topic}");
        }
    }

    #[test]
    fn tags_and_areas_come_from_the_generator() {
        let skills: HashSet<String> = AREAS
            .iter()
            .flat_map(|a| a.primary.iter().chain(a.secondary))
            .map(|s| s.to_lowercase())
            .collect();
        let areas: HashSet<&str> = AREAS.iter().map(|a| a.name).collect();
        for q in question_bank() {
            let area = q.functional_area.as_deref().unwrap_or_default();
            assert!(areas.contains(area), "{area}");
            for tag in &q.skills {
                assert!(skills.contains(tag), "{tag} ({})", q.question);
            }
        }
        let covered: HashSet<_> = question_bank()
            .into_iter()
            .filter_map(|q| q.functional_area)
            .collect();
        assert_eq!(covered.len(), AREAS.len(), "every area has questions");
    }

    #[test]
    fn answers_are_concise() {
        for q in question_bank() {
            let answer = q.answer.unwrap_or_default();
            let sentences = answer.matches(". ").count() + 1;
            assert!((2..=6).contains(&sentences), "{sentences}: {}", q.question);
            assert!(answer.ends_with('.'), "{}", q.question);
            assert!(
                q.question.ends_with('?') || q.question.ends_with('.'),
                "{}",
                q.question
            );
        }
    }
}
