//! Realistic synthetic postings: a deterministic stream drawn from the word lists in `vocab`.

mod place;
mod text;

use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeDelta, Utc};
use hireboard_domain::html::TextFormat;
use hireboard_domain::posting::{
    Education, EmploymentType, ExperienceRange, ExternalRef, ImportRecord, PostingInput,
    WorkplaceType,
};
use rand::seq::index;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::vocab::{
    country_of, Area, City, Seniority, AREAS, CITIES, COMPANY_BLURBS, COMPANY_FIRST,
    COMPANY_SECOND, COUNTRIES, SENIORITIES,
};
use place::Place;

/// How far back postings are spread, in days before `today`.
const POSTED_WITHIN_DAYS: u64 = 60;
/// The longest a generated posting stays listed, in days after `today`.
const VALID_FOR_MAX_DAYS: u64 = 90;

/// An endless, deterministic stream of realistic synthetic postings: the same `seed` and
/// `today` always give the same records. Take as many as you need.
///
/// Every record passes `record.posting.parse(today)`. Postings were published at some time
/// in the 60 days before `today` and stay listed for 1 to 90 days after it; `job_code` is
/// left for the importer to assign.
pub fn generate(seed: u64, today: NaiveDate) -> impl Iterator<Item = ImportRecord> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0u64..).map(move |n| {
        let mut record = record(&mut rng, today);
        // The generator is the system these postings come from, and the seed and position
        // name each one there: importing the same output twice updates instead of adding.
        record.external_ref = ExternalRef::parse(GENERATOR, &format!("{seed}-{n}")).ok();
        record
    })
}

/// The `source` of every generated posting's external reference.
pub const GENERATOR: &str = "hireboard-generate";

/// One of the 400 demo companies.
struct Company {
    index: usize,
}

impl Company {
    const COUNT: usize = 400;

    fn name(&self) -> String {
        let first = COMPANY_FIRST[self.index % COMPANY_FIRST.len()];
        let second = COMPANY_SECOND[self.index / COMPANY_FIRST.len() % COMPANY_SECOND.len()];
        // A third of the companies spell out their legal form, always the same ones.
        if self.index % 3 == 1 {
            let legal = COUNTRIES[country_of(self.home_city())].legal_form;
            format!("{first} {second} {legal}")
        } else {
            format!("{first} {second}")
        }
    }

    fn blurb(&self) -> &'static str {
        COMPANY_BLURBS[self.index / COMPANY_FIRST.len() % COMPANY_BLURBS.len()]
    }

    /// Index into `CITIES` of the headquarters, fixed per company.
    fn home(&self) -> usize {
        (self.index * 37 + 11) % CITIES.len()
    }

    fn home_city(&self) -> &'static City {
        &CITIES[self.home()]
    }
}

/// What the text generators need to know about the posting being written.
struct Draft {
    company: Company,
    company_name: String,
    area: &'static Area,
    /// `None` for internships.
    seniority: Option<&'static Seniority>,
    title: String,
    employment: EmploymentType,
    experience: ExperienceRange,
    education: Option<Education>,
    workplace: WorkplaceType,
    place: Place,
    /// Display names ("PostgreSQL"); the first is the primary skill.
    skills: Vec<&'static str>,
}

fn record(rng: &mut ChaCha8Rng, today: NaiveDate) -> ImportRecord {
    let draft = draft(rng);
    let category = if rng.gen_bool(0.7) {
        draft.area.name
    } else {
        pick(rng, draft.area.categories)
    };
    let (posted_at, valid_through) = dates(rng, today);
    let posting = PostingInput {
        title: draft.title.clone(),
        description: text::description(rng, &draft),
        description_format: TextFormat::Markdown,
        responsibilities: text::responsibilities(rng, &draft),
        required_skills: Vec::new(),
        qualifications: text::qualifications(rng, &draft),
        preferred_qualifications: text::preferred_qualifications(rng, &draft),
        tools_and_technologies: text::tools(rng, &draft),
        skills: draft.skills.iter().map(|s| s.to_lowercase()).collect(),
        functional_area: draft.area.name.to_owned(),
        category: category.to_owned(),
        experience: draft.experience,
        education: draft.education,
        workplace_type: draft.workplace,
        locations: draft.place.locations(),
        employment_type: draft.employment,
        salary: place::salary(rng, &draft),
        // The record's own `valid_through` governs listing.
        valid_through: None,
        screening_questions: text::screening_questions(rng, &draft),
    };
    ImportRecord {
        job_code: None,
        company: draft.company_name,
        external_ref: None,
        posted_at,
        valid_through,
        posting,
    }
}

fn draft(rng: &mut ChaCha8Rng) -> Draft {
    let company = Company {
        index: rng.gen_range(0..Company::COUNT),
    };
    let area = weighted(rng, AREAS, |a| a.weight);
    let employment = weighted(
        rng,
        &[
            (EmploymentType::FullTime, 76),
            (EmploymentType::Contract, 10),
            (EmploymentType::PartTime, 6),
            (EmploymentType::Temporary, 3),
            (EmploymentType::Internship, 5),
        ],
        |e| e.1,
    )
    .0;
    let skills = skills(rng, area);
    let (seniority, title, experience) = if employment == EmploymentType::Internship {
        let experience = ExperienceRange {
            min_years: 0,
            max_years: rng.gen_range(0..=1),
        };
        (None, area.intern_role.to_owned(), experience)
    } else {
        let seniority = weighted(rng, SENIORITIES, |s| {
            if s.tech_only && !area.tech {
                0
            } else {
                s.weight
            }
        });
        let role = pick(rng, area.roles);
        let title = format!(
            "{}{}",
            seniority.prefix,
            role.replace("{primary}", skills[0])
        );
        let min_years = rng.gen_range(seniority.min_years.0..=seniority.min_years.1);
        let experience = ExperienceRange {
            min_years,
            max_years: min_years + rng.gen_range(0..=5),
        };
        (Some(seniority), title, experience)
    };
    let workplace = weighted(
        rng,
        &[
            (WorkplaceType::Remote, 30),
            (WorkplaceType::Hybrid, 30),
            (WorkplaceType::Onsite, 40),
        ],
        |w| w.1,
    )
    .0;
    Draft {
        company_name: company.name(),
        place: Place::pick(rng, workplace, company.home()),
        company,
        area,
        seniority,
        title,
        employment,
        experience,
        education: education(rng, area, employment),
        workplace,
        skills,
    }
}

/// One or two primary skills, then two to six supporting ones: 3 to 8 in all.
fn skills(rng: &mut ChaCha8Rng, area: &Area) -> Vec<&'static str> {
    // Most postings centre on one main language or tool; a quarter name two.
    let primary = if rng.gen_bool(0.25) { 2 } else { 1 }.min(area.primary.len());
    let secondary = rng.gen_range(2..=6).min(area.secondary.len());
    let mut skills = Vec::with_capacity(primary + secondary);
    skills.extend(sample(rng, area.primary, primary));
    for skill in sample(rng, area.secondary, secondary) {
        // Pools overlap (SQL, Python...): keep each skill once.
        if !skills.contains(&skill) {
            skills.push(skill);
        }
    }
    skills
}

fn education(rng: &mut ChaCha8Rng, area: &Area, employment: EmploymentType) -> Option<Education> {
    use Education as E;
    if rng.gen_bool(0.15) {
        return None;
    }
    let table: &[(Education, u32)] = if employment == EmploymentType::Internship {
        &[(E::HighSchool, 40), (E::Associate, 20), (E::Bachelor, 40)]
    } else if area.name == "Machine Learning" {
        &[(E::Bachelor, 45), (E::Master, 40), (E::Doctorate, 15)]
    } else if area.tech {
        &[
            (E::None, 4),
            (E::HighSchool, 3),
            (E::Associate, 6),
            (E::Bachelor, 72),
            (E::Master, 13),
            (E::Doctorate, 2),
        ]
    } else {
        &[
            (E::None, 8),
            (E::HighSchool, 16),
            (E::Associate, 12),
            (E::Bachelor, 55),
            (E::Master, 9),
        ]
    };
    Some(weighted(rng, table, |e| e.1).0)
}

/// Published at a random time in the 60 days before `today`; listed until 1 to 90 days after.
fn dates(rng: &mut ChaCha8Rng, today: NaiveDate) -> (DateTime<Utc>, NaiveDate) {
    let day = today
        .checked_sub_days(Days::new(rng.gen_range(1..=POSTED_WITHIN_DAYS)))
        .unwrap_or(NaiveDate::MIN);
    let time = TimeDelta::minutes(rng.gen_range(0..24 * 60));
    let posted_at = day.and_time(NaiveTime::MIN) + time;
    let valid_through = today
        .checked_add_days(Days::new(rng.gen_range(1..=VALID_FOR_MAX_DAYS)))
        .unwrap_or(NaiveDate::MAX);
    (posted_at.and_utc(), valid_through)
}

/// A uniformly chosen element. The word lists are static and never empty.
fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.gen_range(0..items.len())]
}

/// An element chosen with probability proportional to `weight`.
fn weighted<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T], weight: impl Fn(&T) -> u32) -> &'a T {
    let total: u32 = items.iter().map(&weight).sum();
    let mut roll = rng.gen_range(0..total);
    for item in items {
        let w = weight(item);
        if roll < w {
            return item;
        }
        roll -= w;
    }
    &items[items.len() - 1]
}

/// `amount` distinct elements (fewer if the list is shorter), in random order.
fn sample<'a, T: Copy>(
    rng: &mut ChaCha8Rng,
    items: &'a [T],
    amount: usize,
) -> impl Iterator<Item = T> + 'a {
    index::sample(rng, items.len(), amount.min(items.len()))
        .into_iter()
        .map(move |i| items[i])
}

#[cfg(test)]
mod tests;
