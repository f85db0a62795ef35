//! What a posting says: validated on the way in, sanitized HTML only.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{FieldError, ValidationErrors};
use crate::html::{sanitize, TextFormat};
use crate::screening::{parse_questions, ScreeningQuestion};
use crate::string_enum;
use crate::text::{bounded, list, lower_case, optional, Lines};

string_enum!(
    /// Where the work happens.
    WorkplaceType { Remote = "remote", Hybrid = "hybrid", Onsite = "onsite" }
);

string_enum!(
    /// The contract.
    EmploymentType {
        FullTime = "full_time",
        PartTime = "part_time",
        Contract = "contract",
        Temporary = "temporary",
        Internship = "internship",
    }
);

string_enum!(
    /// Minimum education asked for.
    Education {
        None = "none",
        HighSchool = "high_school",
        Associate = "associate",
        Bachelor = "bachelor",
        Master = "master",
        Doctorate = "doctorate",
    }
);

string_enum!(
    /// The period a salary figure is paid for.
    SalaryPeriod { Year = "year", Month = "month", Hour = "hour" }
);

/// ISO 4217 codes accepted for salaries.
pub const CURRENCIES: &[&str] = &[
    "AED", "ARS", "AUD", "BRL", "CAD", "CHF", "CLP", "CNY", "COP", "CZK", "DKK", "EGP", "EUR",
    "GBP", "HKD", "HUF", "IDR", "ILS", "INR", "JPY", "KES", "KRW", "MXN", "MYR", "NGN", "NOK",
    "NZD", "PHP", "PKR", "PLN", "RON", "SAR", "SEK", "SGD", "THB", "TRY", "TWD", "UAH", "USD",
    "VND", "ZAR",
];

/// A titled group of bullet points ("1. System Architecture & Design" and its items).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub title: String,
    pub items: Vec<String>,
}

/// A place the job is based in. `country` is an ISO 3166-1 alpha-2 code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Location {
    pub city: Option<String>,
    pub region: Option<String>,
    pub country: String,
}

/// Years of experience asked for, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExperienceRange {
    /// At most `max_years`.
    #[serde(deserialize_with = "crate::whole::whole")]
    pub min_years: u8,
    #[serde(deserialize_with = "crate::whole::whole")]
    pub max_years: u8,
}

/// Pay range in whole units of `currency` per `period`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Salary {
    /// At most `max`.
    #[serde(deserialize_with = "crate::whole::whole")]
    pub min: u32,
    #[serde(deserialize_with = "crate::whole::whole")]
    pub max: u32,
    /// ISO 4217 code, e.g. `EUR` (any case).
    pub currency: String,
    pub period: SalaryPeriod,
}

/// A posting's content as the client sends it (create, import).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PostingInput {
    pub title: String,
    /// Markdown or HTML (see `description_format`); sanitized before it is stored.
    pub description: String,
    #[serde(default)]
    pub description_format: TextFormat,
    #[serde(default)]
    pub responsibilities: Vec<Section>,
    #[serde(default)]
    pub required_skills: Vec<Section>,
    #[serde(default)]
    pub qualifications: Vec<String>,
    #[serde(default)]
    pub preferred_qualifications: Vec<String>,
    #[serde(default)]
    pub tools_and_technologies: Vec<Section>,
    /// Skill tags used for filtering, e.g. `rust`, `postgresql`.
    pub skills: Vec<String>,
    pub functional_area: String,
    /// "Posted in": the board category.
    pub category: String,
    pub experience: ExperienceRange,
    pub education: Option<Education>,
    pub workplace_type: WorkplaceType,
    #[serde(default)]
    pub locations: Vec<Location>,
    pub employment_type: EmploymentType,
    pub salary: Option<Salary>,
    /// Last day the posting is listed; defaults to 30 days after publication.
    pub valid_through: Option<NaiveDate>,
    #[serde(default)]
    pub screening_questions: Vec<ScreeningQuestion>,
}

/// Changes to a posting; absent fields stay as they are.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostingPatch {
    pub title: Option<String>,
    pub description: Option<String>,
    pub description_format: Option<TextFormat>,
    pub responsibilities: Option<Vec<Section>>,
    pub required_skills: Option<Vec<Section>>,
    pub qualifications: Option<Vec<String>>,
    pub preferred_qualifications: Option<Vec<String>>,
    pub tools_and_technologies: Option<Vec<Section>>,
    pub skills: Option<Vec<String>>,
    pub functional_area: Option<String>,
    pub category: Option<String>,
    pub experience: Option<ExperienceRange>,
    pub education: Option<Education>,
    pub workplace_type: Option<WorkplaceType>,
    pub locations: Option<Vec<Location>>,
    pub employment_type: Option<EmploymentType>,
    pub salary: Option<Salary>,
    pub valid_through: Option<NaiveDate>,
    pub screening_questions: Option<Vec<ScreeningQuestion>>,
}

/// A posting's checked content. Only [`PostingInput::parse`], [`PostingContent::patched`] and
/// deserializing (which runs the same checks, so stored content is read back only if it still
/// passes them) make one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PostingContent {
    title: String,
    /// Sanitized HTML.
    description_html: String,
    responsibilities: Vec<Section>,
    required_skills: Vec<Section>,
    qualifications: Vec<String>,
    preferred_qualifications: Vec<String>,
    tools_and_technologies: Vec<Section>,
    skills: Vec<String>,
    functional_area: String,
    category: String,
    experience: ExperienceRange,
    education: Option<Education>,
    workplace_type: WorkplaceType,
    locations: Vec<Location>,
    employment_type: EmploymentType,
    salary: Option<Salary>,
    screening_questions: Vec<ScreeningQuestion>,
}

impl PostingContent {
    pub fn title(&self) -> &str {
        &self.title
    }

    /// Sanitized HTML.
    pub fn description_html(&self) -> &str {
        &self.description_html
    }

    pub fn responsibilities(&self) -> &[Section] {
        &self.responsibilities
    }

    pub fn required_skills(&self) -> &[Section] {
        &self.required_skills
    }

    pub fn qualifications(&self) -> &[String] {
        &self.qualifications
    }

    pub fn preferred_qualifications(&self) -> &[String] {
        &self.preferred_qualifications
    }

    pub fn tools_and_technologies(&self) -> &[Section] {
        &self.tools_and_technologies
    }

    pub fn skills(&self) -> &[String] {
        &self.skills
    }

    pub fn functional_area(&self) -> &str {
        &self.functional_area
    }

    pub fn category(&self) -> &str {
        &self.category
    }

    pub fn experience(&self) -> ExperienceRange {
        self.experience
    }

    pub fn education(&self) -> Option<Education> {
        self.education
    }

    pub fn workplace_type(&self) -> WorkplaceType {
        self.workplace_type
    }

    pub fn locations(&self) -> &[Location] {
        &self.locations
    }

    pub fn employment_type(&self) -> EmploymentType {
        self.employment_type
    }

    pub fn salary(&self) -> Option<&Salary> {
        self.salary.as_ref()
    }

    pub fn screening_questions(&self) -> &[ScreeningQuestion] {
        &self.screening_questions
    }
}

/// Content as stored: checked again on the way back in.
#[derive(Deserialize)]
struct StoredContent {
    title: String,
    description_html: String,
    responsibilities: Vec<Section>,
    required_skills: Vec<Section>,
    qualifications: Vec<String>,
    preferred_qualifications: Vec<String>,
    tools_and_technologies: Vec<Section>,
    skills: Vec<String>,
    functional_area: String,
    category: String,
    experience: ExperienceRange,
    education: Option<Education>,
    workplace_type: WorkplaceType,
    locations: Vec<Location>,
    employment_type: EmploymentType,
    salary: Option<Salary>,
    screening_questions: Vec<ScreeningQuestion>,
}

impl<'de> Deserialize<'de> for PostingContent {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let stored = StoredContent::deserialize(deserializer)?;
        let mut errors = ValidationErrors::default();
        let description_html = errors
            .check(parse_stored_description(&stored.description_html))
            .unwrap_or_default();
        let input = PostingInput {
            title: stored.title,
            description: String::new(),
            description_format: TextFormat::Html,
            responsibilities: stored.responsibilities,
            required_skills: stored.required_skills,
            qualifications: stored.qualifications,
            preferred_qualifications: stored.preferred_qualifications,
            tools_and_technologies: stored.tools_and_technologies,
            skills: stored.skills,
            functional_area: stored.functional_area,
            category: stored.category,
            experience: stored.experience,
            education: stored.education,
            workplace_type: stored.workplace_type,
            locations: stored.locations,
            employment_type: stored.employment_type,
            salary: stored.salary,
            valid_through: None,
            screening_questions: stored.screening_questions,
        };
        let content = input.content(description_html, &mut errors);
        errors
            .into_result(|| content)
            .map_err(serde::de::Error::custom)
    }
}

/// The longest a posting may be listed ahead: reconfirming is how it stays longer.
pub const MAX_VALIDITY_DAYS: i64 = 180;

const MAX_DESCRIPTION_CHARS: usize = 50_000;

impl PostingInput {
    /// Checks every field; `today` bounds `valid_through`.
    pub fn parse(
        &self,
        today: NaiveDate,
    ) -> Result<(PostingContent, Option<NaiveDate>), ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let description_html = errors
            .check(parse_description(
                &self.description,
                self.description_format,
            ))
            .unwrap_or_default();
        let content = self.content(description_html, &mut errors);
        let valid_through = match self.valid_through {
            Some(date) => errors.check(parse_valid_through(date, today)),
            None => None,
        };
        errors.into_result(|| (content, valid_through))
    }

    /// Checks every field of the content but its description, given as checked.
    fn content(&self, description_html: String, errors: &mut ValidationErrors) -> PostingContent {
        PostingContent {
            title: errors.check(parse_title(&self.title)).unwrap_or_default(),
            description_html,
            responsibilities: errors
                .check(parse_sections("responsibilities", &self.responsibilities))
                .unwrap_or_default(),
            required_skills: errors
                .check(parse_sections("required_skills", &self.required_skills))
                .unwrap_or_default(),
            qualifications: errors
                .check(parse_items("qualifications", &self.qualifications))
                .unwrap_or_default(),
            preferred_qualifications: errors
                .check(parse_items(
                    "preferred_qualifications",
                    &self.preferred_qualifications,
                ))
                .unwrap_or_default(),
            tools_and_technologies: errors
                .check(parse_sections(
                    "tools_and_technologies",
                    &self.tools_and_technologies,
                ))
                .unwrap_or_default(),
            skills: errors.check(parse_skills(&self.skills)).unwrap_or_default(),
            functional_area: errors
                .check(parse_area("functional_area", &self.functional_area))
                .unwrap_or_default(),
            category: errors
                .check(parse_area("category", &self.category))
                .unwrap_or_default(),
            experience: errors
                .check(parse_experience(self.experience))
                .unwrap_or(self.experience),
            education: self.education,
            workplace_type: self.workplace_type,
            locations: errors
                .check(parse_locations(&self.locations))
                .unwrap_or_default(),
            employment_type: self.employment_type,
            salary: errors.check(parse_salary(self.salary.as_ref())).flatten(),
            screening_questions: errors
                .check(parse_questions(
                    "screening_questions",
                    &self.screening_questions,
                ))
                .unwrap_or_default(),
        }
    }
}

impl PostingContent {
    /// Applies `patch`, checking each changed field; on error nothing changes.
    pub fn patched(
        &self,
        patch: &PostingPatch,
        today: NaiveDate,
    ) -> Result<(PostingContent, Option<NaiveDate>), ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let mut next = self.clone();
        macro_rules! apply {
            ($field:ident, $parse:expr) => {
                if let Some(raw) = &patch.$field {
                    if let Some(value) = errors.check($parse(raw)) {
                        next.$field = value;
                    }
                }
            };
        }
        apply!(title, |v: &String| parse_title(v));
        if patch.description_format.is_some() && patch.description.is_none() {
            errors.push(FieldError::new(
                "description_format",
                "needs a description to apply to",
            ));
        }
        if let Some(description) = &patch.description {
            let format = patch.description_format.unwrap_or_default();
            if let Some(html) = errors.check(parse_description(description, format)) {
                next.description_html = html;
            }
        }
        apply!(responsibilities, |v: &Vec<Section>| parse_sections(
            "responsibilities",
            v
        ));
        apply!(required_skills, |v: &Vec<Section>| parse_sections(
            "required_skills",
            v
        ));
        apply!(qualifications, |v: &Vec<String>| parse_items(
            "qualifications",
            v
        ));
        apply!(preferred_qualifications, |v: &Vec<String>| parse_items(
            "preferred_qualifications",
            v
        ));
        apply!(tools_and_technologies, |v: &Vec<Section>| parse_sections(
            "tools_and_technologies",
            v
        ));
        apply!(skills, |v: &Vec<String>| parse_skills(v));
        apply!(functional_area, |v: &String| parse_area(
            "functional_area",
            v
        ));
        apply!(category, |v: &String| parse_area("category", v));
        apply!(experience, |v: &ExperienceRange| parse_experience(*v));
        apply!(locations, |v: &Vec<Location>| parse_locations(v));
        apply!(screening_questions, |v: &Vec<ScreeningQuestion>| {
            parse_questions("screening_questions", v)
        });
        if let Some(salary) = &patch.salary {
            if let Some(value) = errors.check(parse_salary(Some(salary))) {
                next.salary = value;
            }
        }
        if let Some(education) = patch.education {
            next.education = Some(education);
        }
        if let Some(workplace) = patch.workplace_type {
            next.workplace_type = workplace;
        }
        if let Some(employment) = patch.employment_type {
            next.employment_type = employment;
        }
        let valid_through = match patch.valid_through {
            Some(date) => errors.check(parse_valid_through(date, today)),
            None => None,
        };
        errors.into_result(|| (next, valid_through))
    }
}

fn parse_title(value: &str) -> Result<String, FieldError> {
    bounded("title", value, 3, 200, Lines::Single)
}

fn parse_description(value: &str, format: TextFormat) -> Result<String, FieldError> {
    let text = bounded("description", value, 1, MAX_DESCRIPTION_CHARS, Lines::Multi)?;
    let html = sanitize(&text, format);
    if html.trim().is_empty() {
        return Err(FieldError::new(
            "description",
            "has no content left after removing unsafe markup",
        ));
    }
    Ok(html)
}

/// Stored HTML, sanitized again: a description sanitized once comes back as it was. Its
/// length is not bounded, since Markdown within the input's bound may render to longer HTML.
fn parse_stored_description(html: &str) -> Result<String, FieldError> {
    let html = sanitize(html, TextFormat::Html);
    if html.trim().is_empty() {
        return Err(FieldError::new("description_html", "is empty"));
    }
    Ok(html)
}

fn parse_items(field: &str, items: &[String]) -> Result<Vec<String>, FieldError> {
    list(field, items, 50, |f, item: &String| {
        bounded(f, item, 1, 500, Lines::Single)
    })
}

fn parse_sections(field: &str, sections: &[Section]) -> Result<Vec<Section>, FieldError> {
    list(field, sections, 30, |f, section: &Section| {
        Ok(Section {
            title: bounded(&format!("{f}.title"), &section.title, 1, 200, Lines::Single)?,
            items: parse_items(&format!("{f}.items"), &section.items)?,
        })
    })
}

/// Normalizes a skill tag: trimmed, lower-case, letters, digits and `+#.-/ ` only.
pub fn parse_skill(field: &str, value: &str) -> Result<String, FieldError> {
    let skill = bounded(field, value, 1, 40, Lines::Single)?;
    if !skill
        .chars()
        .all(|c| c.is_alphanumeric() || "+#.-/ ".contains(c))
    {
        return Err(FieldError::new(
            field,
            "may contain only letters, digits, spaces and + # . - /",
        ));
    }
    Ok(lower_case(&skill))
}

fn parse_skills(skills: &[String]) -> Result<Vec<String>, FieldError> {
    let mut parsed = list("skills", skills, 30, |f, s: &String| parse_skill(f, s))?;
    let mut seen = std::collections::HashSet::new();
    parsed.retain(|s| seen.insert(s.clone()));
    Ok(parsed)
}

fn parse_area(field: &str, value: &str) -> Result<String, FieldError> {
    bounded(field, value, 2, 80, Lines::Single)
}

fn parse_experience(range: ExperienceRange) -> Result<ExperienceRange, FieldError> {
    if range.max_years > 50 {
        return Err(FieldError::new(
            "experience.max_years",
            "must be at most 50",
        ));
    }
    if range.min_years > range.max_years {
        return Err(FieldError::new(
            "experience.min_years",
            "must not be greater than max_years",
        ));
    }
    Ok(range)
}

fn parse_locations(locations: &[Location]) -> Result<Vec<Location>, FieldError> {
    list("locations", locations, 20, |f, loc: &Location| {
        let country = loc.country.trim().to_uppercase();
        if !crate::country::is_country_code(&country) {
            return Err(FieldError::new(
                format!("{f}.country"),
                "must be an assigned ISO 3166-1 alpha-2 country code such as DE or GB",
            ));
        }
        Ok(Location {
            city: optional(
                &format!("{f}.city"),
                loc.city.as_deref(),
                100,
                Lines::Single,
            )?,
            region: optional(
                &format!("{f}.region"),
                loc.region.as_deref(),
                100,
                Lines::Single,
            )?,
            country,
        })
    })
}

fn parse_salary(salary: Option<&Salary>) -> Result<Option<Salary>, FieldError> {
    let Some(salary) = salary else {
        return Ok(None);
    };
    if salary.min == 0 || salary.max == 0 {
        return Err(FieldError::new("salary.min", "must be positive"));
    }
    if salary.min > salary.max {
        return Err(FieldError::new(
            "salary.min",
            "must not be greater than salary.max",
        ));
    }
    if salary.max > 100_000_000 {
        return Err(FieldError::new("salary.max", "must be at most 100000000"));
    }
    let currency = salary.currency.trim().to_uppercase();
    if !CURRENCIES.contains(&currency.as_str()) {
        return Err(FieldError::new(
            "salary.currency",
            "must be an ISO 4217 currency code such as EUR",
        ));
    }
    Ok(Some(Salary {
        currency,
        ..salary.clone()
    }))
}

fn parse_valid_through(date: NaiveDate, today: NaiveDate) -> Result<NaiveDate, FieldError> {
    if date < today {
        return Err(FieldError::new("valid_through", "must not be in the past"));
    }
    if (date - today).num_days() > MAX_VALIDITY_DAYS {
        return Err(FieldError::new(
            "valid_through",
            format!("must be at most {MAX_VALIDITY_DAYS} days ahead"),
        ));
    }
    Ok(date)
}

#[cfg(test)]
mod tests;
