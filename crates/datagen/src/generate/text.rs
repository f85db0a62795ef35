//! The prose of a generated posting: description, sections, qualifications, questions.

use hireboard_domain::posting::{Education, Section, WorkplaceType};
use hireboard_domain::screening::{AnswerKind, ScreeningQuestion};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::place::Place;
use super::{pick, sample, Draft};
use crate::vocab::{
    CITIES, COMMUNICATION_QUALIFICATIONS, NOTICE_OPTIONS, PERKS, PREFERRED_EXTRAS, SHARED_SECTIONS,
};

/// A few Markdown paragraphs in one of three shapes.
pub(super) fn description(rng: &mut ChaCha8Rng, d: &Draft) -> String {
    let team = pick(rng, d.area.teams);
    let mission = pick(rng, d.area.missions);
    let perk = pick(rng, PERKS);
    let place = workplace_sentence(d);
    let blurb = d.company.blurb();
    let (company, title) = (&d.company_name, &d.title);
    let article = article(title);
    let stack = join(&d.skills[..d.skills.len().min(4)]);
    match rng.gen_range(0..3) {
        0 => format!(
            "**{company}** is hiring {article} **{title}** for our {team} team. {blurb}\n\n\
             In this role you will {mission}. {place}\n\n\
             You will work with {stack}.\n\n{perk}"
        ),
        1 => format!(
            "{blurb} We are looking for {article} **{title}** to join the {team} team and \
             {mission}.\n\n{place} Day to day you will use {stack}.\n\n{perk}"
        ),
        _ => format!(
            "## About the role\n\nAs {article} **{title}** at {company}, you will {mission}. \
             {place}\n\n## About us\n\n{blurb} {perk}"
        ),
    }
}

fn workplace_sentence(d: &Draft) -> String {
    match (&d.place, d.workplace) {
        (Place::Anywhere { .. }, _) => {
            "This is a fully remote role: we work mostly asynchronously and meet in person twice a year."
                .to_owned()
        }
        (Place::Country(_), _) => format!(
            "This is a remote role open to candidates based in {}.",
            d.place.country().name
        ),
        (Place::Cities(city, _), WorkplaceType::Remote) => format!(
            "This role is remote, with an optional desk in our {} office.",
            CITIES[*city].name
        ),
        (Place::Cities(city, other), workplace) => {
            let offices = match other {
                Some(other) => format!("{} or {}", CITIES[*city].name, CITIES[*other].name),
                None => CITIES[*city].name.to_owned(),
            };
            if workplace == WorkplaceType::Hybrid {
                format!("We work from our {offices} office two to three days a week.")
            } else {
                format!("This role is based in our {offices} office.")
            }
        }
    }
}

/// The area's own section, then one to three shared ones; numbered like the seed sometimes.
pub(super) fn responsibilities(rng: &mut ChaCha8Rng, d: &Draft) -> Vec<Section> {
    let leads = d.seniority.is_some_and(|s| s.leads);
    let eligible = SHARED_SECTIONS
        .iter()
        .filter(|s| (!s.leads_only || leads) && (!s.tech_only || d.area.tech));
    let extra = rng.gen_range(1..=3);
    let shared = rand::seq::IteratorRandom::choose_multiple(eligible, rng, extra);
    let mut sections = Vec::with_capacity(1 + shared.len());
    let count = rng.gen_range(3..=4);
    sections.push((
        d.area.duty_title,
        sample(rng, d.area.duties, count).collect::<Vec<_>>(),
    ));
    for section in shared {
        let count = rng.gen_range(2..=3);
        sections.push((section.title, sample(rng, section.items, count).collect()));
    }
    let numbered = rng.gen_bool(0.3);
    sections
        .into_iter()
        .enumerate()
        .map(|(i, (title, items))| Section {
            title: if numbered {
                format!("{}. {title}", i + 1)
            } else {
                title.to_owned()
            },
            items: items.into_iter().map(str::to_owned).collect(),
        })
        .collect()
}

/// Experience first, then skills, then a degree or a soft skill: one to three in all.
pub(super) fn qualifications(rng: &mut ChaCha8Rng, d: &Draft) -> Vec<String> {
    let count = rng.gen_range(1..=3);
    let mut out = Vec::with_capacity(count);
    let field = d.area.field;
    out.push(match d.experience.min_years {
        0 => format!("Internship, project or coursework experience in {field}."),
        years => format!("{years}+ years of professional experience in {field}."),
    });
    if count >= 2 {
        out.push(match d.skills.as_slice() {
            [a, b, ..] => format!("Hands-on experience with {a} and {b}."),
            [a] => format!("Hands-on experience with {a}."),
            [] => "Hands-on experience with the tools of the trade.".to_owned(),
        });
    }
    if count >= 3 {
        out.push(match (d.education, rng.gen_bool(0.6)) {
            (Some(level), true) => degree(level, d.area.degree),
            _ => pick(rng, COMMUNICATION_QUALIFICATIONS).to_string(),
        });
    }
    out
}

fn degree(level: Education, subject: &str) -> String {
    match level {
        Education::None => "No formal degree required: show us what you have built.".to_owned(),
        Education::HighSchool => "A high-school diploma or equivalent.".to_owned(),
        Education::Associate => {
            format!("An associate degree in {subject} or equivalent experience.")
        }
        Education::Bachelor => {
            format!("A bachelor's degree in {subject} or equivalent practical experience.")
        }
        Education::Master => format!("A master's degree in {subject}."),
        Education::Doctorate => format!("A PhD in {subject} or a closely related field."),
    }
}

/// Nothing, a skill the posting does not require, or a general plus.
pub(super) fn preferred_qualifications(rng: &mut ChaCha8Rng, d: &Draft) -> Vec<String> {
    let mut out = Vec::new();
    if rng.gen_bool(0.5) {
        let extra = pick(rng, d.area.secondary);
        if !d.skills.contains(extra) {
            out.push(format!("Experience with {extra}."));
        }
    }
    if rng.gen_bool(0.4) {
        out.push(pick(rng, PREFERRED_EXTRAS).to_string());
    }
    out
}

/// Engineering postings sometimes list their stack, as the seed does.
pub(super) fn tools(rng: &mut ChaCha8Rng, d: &Draft) -> Vec<Section> {
    if !d.area.tech || !rng.gen_bool(0.4) {
        return Vec::new();
    }
    vec![Section {
        title: "Tech Stack".to_owned(),
        items: d.skills.iter().map(|s| (*s).to_owned()).collect(),
    }]
}

/// One posting in four asks one or two screening questions.
pub(super) fn screening_questions(rng: &mut ChaCha8Rng, d: &Draft) -> Vec<ScreeningQuestion> {
    if !rng.gen_bool(0.25) {
        return Vec::new();
    }
    let count = rng.gen_range(1..=2);
    let kinds = rand::seq::index::sample(rng, 5, count);
    kinds
        .into_iter()
        .map(|kind| screening_question(kind, d))
        .collect()
}

fn screening_question(kind: usize, d: &Draft) -> ScreeningQuestion {
    let (id, prompt, answer, required) = match kind {
        0 => (
            "years_experience",
            format!(
                "How many years of experience do you have in {}?",
                d.area.field
            ),
            AnswerKind::Number {
                min: 0.0,
                max: 50.0,
            },
            true,
        ),
        1 => (
            "work_authorization",
            match d.place {
                Place::Anywhere { .. } => {
                    "Are you legally authorized to work in your country of residence?".to_owned()
                }
                _ => format!(
                    "Are you legally authorized to work in {}?",
                    d.place.country().name
                ),
            },
            AnswerKind::YesNo,
            true,
        ),
        2 => (
            "notice_period",
            "When could you start?".to_owned(),
            AnswerKind::SingleChoice {
                options: NOTICE_OPTIONS.iter().map(|o| (*o).to_owned()).collect(),
            },
            false,
        ),
        3 => (
            "primary_skill_years",
            format!("How many years have you worked with {}?", d.skills[0]),
            AnswerKind::Number {
                min: 0.0,
                max: 50.0,
            },
            false,
        ),
        _ => (
            "motivation",
            format!("Why would you like to join {}?", d.company_name),
            AnswerKind::Text { max_length: 1000 },
            false,
        ),
    };
    ScreeningQuestion {
        id: id.to_owned(),
        prompt,
        answer,
        required,
    }
}

/// "a" or "an" before a job title, by how the title is spoken.
fn article(title: &str) -> &'static str {
    const SPOKEN_WITH_VOWEL: &[&str] = &["iOS", "ML", "FP&A", "SEO", "SEM", "HR ", "SDR"];
    let vowel = title.starts_with(['A', 'E', 'I', 'O'])
        || SPOKEN_WITH_VOWEL.iter().any(|p| title.starts_with(p));
    if vowel {
        "an"
    } else {
        "a"
    }
}

/// "A, B and C".
fn join(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_follow_pronunciation() {
        assert_eq!(article("Android Engineer"), "an");
        assert_eq!(article("iOS Engineer"), "an");
        assert_eq!(article("Go Developer"), "a");
        assert_eq!(article("ML Engineer"), "an");
        assert_eq!(article("UX Designer"), "a");
        assert_eq!(article("Senior Data Engineer"), "a");
        assert_eq!(article("HR Business Partner"), "an");
    }

    #[test]
    fn lists_read_naturally() {
        assert_eq!(join(&["Rust"]), "Rust");
        assert_eq!(join(&["Rust", "Go"]), "Rust and Go");
        assert_eq!(join(&["Rust", "Go", "Kafka"]), "Rust, Go and Kafka");
    }
}
