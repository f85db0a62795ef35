//! Postings: what a recruiter sends to draft and edit one, the listing's query string, and
//! postings and listing entries as shown.

use chrono::{DateTime, NaiveDate, Utc};
use hireboard_domain::posting as domain;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::screening::ScreeningQuestion;
use super::{all, wire_enum};

/// The public numeric job code of a posting (the seed posting's is 1546216).
///
/// Seven digits, assigned at random when a posting is drafted so codes reveal neither volume
/// nor order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(transparent)]
pub struct JobCode(i64);

impl From<hireboard_domain::ids::JobCode> for JobCode {
    fn from(code: hireboard_domain::ids::JobCode) -> Self {
        JobCode(code.get())
    }
}

wire_enum!(
    hireboard_domain::posting::PostingStatus,
    /// Lifecycle of a posting. Only `published` postings are listed or shown to the public.
    PostingStatus {
        Draft = "draft",
        Published = "published",
        Closed = "closed",
        Expired = "expired",
        Hidden = "hidden",
        Removed = "removed",
    }
);

wire_enum!(
    hireboard_domain::posting::WorkplaceType,
    /// Where the work happens.
    WorkplaceType { Remote = "remote", Hybrid = "hybrid", Onsite = "onsite" }
);

wire_enum!(
    hireboard_domain::posting::EmploymentType,
    /// The contract.
    EmploymentType {
        FullTime = "full_time",
        PartTime = "part_time",
        Contract = "contract",
        Temporary = "temporary",
        Internship = "internship",
    }
);

wire_enum!(
    hireboard_domain::posting::Education,
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

wire_enum!(
    hireboard_domain::posting::SalaryPeriod,
    /// The period a salary figure is paid for.
    SalaryPeriod { Year = "year", Month = "month", Hour = "hour" }
);

wire_enum!(
    hireboard_domain::html::TextFormat,
    /// The format of a description the client sends.
    TextFormat { Markdown = "markdown", Html = "html" }
);

impl Default for TextFormat {
    fn default() -> Self {
        hireboard_domain::html::TextFormat::default().into()
    }
}

/// A titled group of bullet points ("1. System Architecture & Design" and its items).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    #[schema(min_length = 1, max_length = 200, pattern = "<line>")]
    title: String,
    #[schema(max_items = 50, min_length = 1, max_length = 500, pattern = "<line>")]
    items: Vec<String>,
}

/// A place the job is based in. `country` is an ISO 3166-1 alpha-2 code.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Location {
    #[schema(max_length = 100, pattern = "<line>")]
    city: Option<String>,
    #[schema(max_length = 100, pattern = "<line>")]
    region: Option<String>,
    #[schema(pattern = "<country>")]
    country: String,
}

/// Years of experience asked for, inclusive.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExperienceRange {
    /// At most `max_years`.
    #[serde(deserialize_with = "hireboard_domain::whole::whole")]
    #[schema(maximum = 50)]
    min_years: u8,
    #[serde(deserialize_with = "hireboard_domain::whole::whole")]
    #[schema(maximum = 50)]
    max_years: u8,
}

/// Pay range in whole units of `currency` per `period`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Salary {
    /// At most `max`.
    #[serde(deserialize_with = "hireboard_domain::whole::whole")]
    #[schema(minimum = 1, maximum = 100_000_000)]
    min: u32,
    #[serde(deserialize_with = "hireboard_domain::whole::whole")]
    #[schema(minimum = 1, maximum = 100_000_000)]
    max: u32,
    /// ISO 4217 code, e.g. `EUR` (any case).
    #[schema(pattern = "<currency>")]
    currency: String,
    period: SalaryPeriod,
}

/// A posting's content as the client sends it (create, import).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PostingInput {
    #[schema(min_length = 3, max_length = 200, pattern = "<line>")]
    title: String,
    /// Markdown or HTML (see `description_format`); sanitized before it is stored.
    #[schema(min_length = 1, max_length = 50000, pattern = "<text>")]
    description: String,
    #[serde(default)]
    description_format: TextFormat,
    #[serde(default)]
    #[schema(max_items = 30)]
    responsibilities: Vec<Section>,
    #[serde(default)]
    #[schema(max_items = 30)]
    required_skills: Vec<Section>,
    #[serde(default)]
    #[schema(max_items = 50, min_length = 1, max_length = 500, pattern = "<line>")]
    qualifications: Vec<String>,
    #[serde(default)]
    #[schema(max_items = 50, min_length = 1, max_length = 500, pattern = "<line>")]
    preferred_qualifications: Vec<String>,
    #[serde(default)]
    #[schema(max_items = 30)]
    tools_and_technologies: Vec<Section>,
    /// Skill tags used for filtering, e.g. `rust`, `postgresql`.
    #[schema(max_items = 30, max_length = 40, pattern = "^<ws>*<skill><ws>*$")]
    skills: Vec<String>,
    #[schema(min_length = 2, max_length = 80, pattern = "<line>")]
    functional_area: String,
    /// "Posted in": the board category.
    #[schema(min_length = 2, max_length = 80, pattern = "<line>")]
    category: String,
    experience: ExperienceRange,
    education: Option<Education>,
    workplace_type: WorkplaceType,
    #[serde(default)]
    #[schema(max_items = 20)]
    locations: Vec<Location>,
    employment_type: EmploymentType,
    salary: Option<Salary>,
    /// Last day the posting is listed; defaults to 30 days after publication.
    valid_through: Option<NaiveDate>,
    #[serde(default)]
    #[schema(max_items = 20)]
    screening_questions: Vec<ScreeningQuestion>,
}

/// Changes to a posting; absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PostingPatch {
    #[schema(min_length = 3, max_length = 200, pattern = "<line>")]
    title: Option<String>,
    #[schema(min_length = 1, max_length = 50000, pattern = "<text>")]
    description: Option<String>,
    description_format: Option<TextFormat>,
    #[schema(max_items = 30)]
    responsibilities: Option<Vec<Section>>,
    #[schema(max_items = 30)]
    required_skills: Option<Vec<Section>>,
    #[schema(max_items = 50, min_length = 1, max_length = 500, pattern = "<line>")]
    qualifications: Option<Vec<String>>,
    #[schema(max_items = 50, min_length = 1, max_length = 500, pattern = "<line>")]
    preferred_qualifications: Option<Vec<String>>,
    #[schema(max_items = 30)]
    tools_and_technologies: Option<Vec<Section>>,
    #[schema(max_items = 30, max_length = 40, pattern = "^<ws>*<skill><ws>*$")]
    skills: Option<Vec<String>>,
    #[schema(min_length = 2, max_length = 80, pattern = "<line>")]
    functional_area: Option<String>,
    #[schema(min_length = 2, max_length = 80, pattern = "<line>")]
    category: Option<String>,
    experience: Option<ExperienceRange>,
    education: Option<Education>,
    workplace_type: Option<WorkplaceType>,
    #[schema(max_items = 20)]
    locations: Option<Vec<Location>>,
    employment_type: Option<EmploymentType>,
    salary: Option<Salary>,
    valid_through: Option<NaiveDate>,
    #[schema(max_items = 20)]
    screening_questions: Option<Vec<ScreeningQuestion>>,
}

/// How long to keep a posting listed.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReconfirmInput {
    /// Days from today, 1 to 180 (default 30).
    #[serde(default, deserialize_with = "hireboard_domain::whole::whole_or_null")]
    #[schema(minimum = 1, maximum = 180)]
    days: Option<u32>,
}

/// Query-string parameters of `GET /api/v1/jobs`, as sent. Everything is text here so a bad
/// value is reported by name rather than as an opaque deserialization failure.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListingParams {
    /// Exact functional area, case-insensitive (e.g. `Backend Development`).
    #[param(min_length = 1, max_length = 80, pattern = "<line>")]
    functional_area: Option<String>,
    /// Comma-separated skills, at most 10; a posting must have all of them.
    #[param(pattern = "^<ws>*<skill><ws>*(?:,<ws>*<skill><ws>*){0,9}$")]
    skill: Option<String>,
    /// City or ISO country code, case-insensitive.
    #[param(min_length = 2, max_length = 100, pattern = "<line>")]
    location: Option<String>,
    #[param(value_type = Option<WorkplaceType>)]
    workplace_type: Option<String>,
    /// Candidate's years of experience; postings whose range includes it.
    #[param(value_type = Option<u8>, maximum = 50)]
    experience: Option<String>,
    /// Postings paying at least this much at the top of their range; needs `currency`.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100_000_000)]
    salary_min: Option<String>,
    /// ISO 4217 currency of `salary_min` (any case); only with `salary_min`.
    #[param(pattern = "<currency>")]
    currency: Option<String>,
    /// Company slug.
    #[param(min_length = 2, max_length = 80, pattern = "<line>")]
    company: Option<String>,
    /// Only postings published on or after this date.
    #[param(value_type = Option<chrono::NaiveDate>)]
    posted_since: Option<String>,
    /// Page size, 1 to 100 (default 20).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100)]
    limit: Option<String>,
    /// Opaque cursor from a previous page's `next_cursor`.
    #[param(max_length = 128)]
    cursor: Option<String>,
    /// Words to search for: `"a phrase"`, `-excluded`, `this OR that`; other punctuation is
    /// text. Results are then ranked by relevance and carry highlights.
    #[param(max_length = 500, pattern = "<search>")]
    q: Option<String>,
    /// `relevance` (the default with `q`), `newest` (without), `salary`, or `distance`
    /// (nearest office first; needs `near`).
    #[param(pattern = "^(relevance|newest|salary|distance)$")]
    sort: Option<String>,
    #[param(value_type = Option<EmploymentType>)]
    employment_type: Option<String>,
    /// A value of the `experience` facet: `0-1`, `2-4`, `5-9` or `10+` years.
    #[param(pattern = "^(0-1|2-4|5-9|10\\+)$")]
    experience_band: Option<String>,
    /// A value of the `salary` facet, such as `EUR 50k-100k`.
    #[param(pattern = "<salary-band>")]
    salary_band: Option<String>,
    /// A value of the `posted_within` facet: `1d`, `7d`, `30d` or `90d`.
    #[param(pattern = "^(1d|7d|30d|90d)$")]
    posted_within: Option<String>,
    /// A city the candidate is in (any case, accents optional): postings with an office
    /// within `radius_km` of it, and remote postings open to its country. Each result then
    /// says how far its nearest office is.
    #[param(pattern = "<city>")]
    near: Option<String>,
    /// Kilometres around `near` (default 50); only with `near`.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 20_000)]
    radius_km: Option<String>,
}

/// The company a posting belongs to, as shown on the posting.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompanyRef {
    slug: String,
    name: String,
}

/// Which system a posting comes from (`source`, e.g. `greenhouse`) and its id there; unique
/// per company. Built by [`ExternalRef::parse`] or checked when deserialized.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExternalRef {
    source: String,
    id: String,
}

/// A posting's checked content.
#[derive(Debug, Serialize, ToSchema)]
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

/// A posting as stored and shown.
#[derive(Debug, Serialize, ToSchema)]
pub struct Posting {
    /// Public numeric job code.
    job_code: JobCode,
    status: PostingStatus,
    company: CompanyRef,
    /// Display name of the recruiter who posted it.
    posted_by: Option<String>,
    #[serde(flatten)]
    content: PostingContent,
    /// When it was (first) published: the "Posted on" date.
    posted_at: Option<DateTime<Utc>>,
    /// When its poster last confirmed it is still open; `null` if never.
    reconfirmed_at: Option<DateTime<Utc>>,
    /// Last day it is listed unless reconfirmed.
    valid_through: NaiveDate,
    /// Why a moderator removed it; shown to its poster.
    removal_reason: Option<String>,
    /// Its name in the system it was imported from, if any.
    external_ref: Option<ExternalRef>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

/// A posting in a listing: enough to decide whether to open it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PostingSummary {
    job_code: JobCode,
    title: String,
    company: CompanyRef,
    functional_area: String,
    category: String,
    skills: Vec<String>,
    workplace_type: WorkplaceType,
    employment_type: EmploymentType,
    locations: Vec<Location>,
    experience: ExperienceRange,
    salary: Option<Salary>,
    posted_at: DateTime<Utc>,
    valid_through: NaiveDate,
}

impl From<Section> for domain::Section {
    fn from(Section { title, items }: Section) -> Self {
        domain::Section { title, items }
    }
}

impl From<domain::Section> for Section {
    fn from(domain::Section { title, items }: domain::Section) -> Self {
        Section { title, items }
    }
}

impl From<Location> for domain::Location {
    fn from(
        Location {
            city,
            region,
            country,
        }: Location,
    ) -> Self {
        domain::Location {
            city,
            region,
            country,
        }
    }
}

impl From<domain::Location> for Location {
    fn from(
        domain::Location {
            city,
            region,
            country,
        }: domain::Location,
    ) -> Self {
        Location {
            city,
            region,
            country,
        }
    }
}

impl From<ExperienceRange> for domain::ExperienceRange {
    fn from(
        ExperienceRange {
            min_years,
            max_years,
        }: ExperienceRange,
    ) -> Self {
        domain::ExperienceRange {
            min_years,
            max_years,
        }
    }
}

impl From<domain::ExperienceRange> for ExperienceRange {
    fn from(
        domain::ExperienceRange {
            min_years,
            max_years,
        }: domain::ExperienceRange,
    ) -> Self {
        ExperienceRange {
            min_years,
            max_years,
        }
    }
}

impl From<Salary> for domain::Salary {
    fn from(
        Salary {
            min,
            max,
            currency,
            period,
        }: Salary,
    ) -> Self {
        domain::Salary {
            min,
            max,
            currency,
            period: period.into(),
        }
    }
}

impl From<domain::Salary> for Salary {
    fn from(
        domain::Salary {
            min,
            max,
            currency,
            period,
        }: domain::Salary,
    ) -> Self {
        Salary {
            min,
            max,
            currency,
            period: period.into(),
        }
    }
}

impl From<PostingInput> for domain::PostingInput {
    fn from(input: PostingInput) -> Self {
        let PostingInput {
            title,
            description,
            description_format,
            responsibilities,
            required_skills,
            qualifications,
            preferred_qualifications,
            tools_and_technologies,
            skills,
            functional_area,
            category,
            experience,
            education,
            workplace_type,
            locations,
            employment_type,
            salary,
            valid_through,
            screening_questions,
        } = input;
        domain::PostingInput {
            title,
            description,
            description_format: description_format.into(),
            responsibilities: all(responsibilities),
            required_skills: all(required_skills),
            qualifications,
            preferred_qualifications,
            tools_and_technologies: all(tools_and_technologies),
            skills,
            functional_area,
            category,
            experience: experience.into(),
            education: education.map(Into::into),
            workplace_type: workplace_type.into(),
            locations: all(locations),
            employment_type: employment_type.into(),
            salary: salary.map(Into::into),
            valid_through,
            screening_questions: all(screening_questions),
        }
    }
}

impl From<PostingPatch> for domain::PostingPatch {
    fn from(patch: PostingPatch) -> Self {
        let PostingPatch {
            title,
            description,
            description_format,
            responsibilities,
            required_skills,
            qualifications,
            preferred_qualifications,
            tools_and_technologies,
            skills,
            functional_area,
            category,
            experience,
            education,
            workplace_type,
            locations,
            employment_type,
            salary,
            valid_through,
            screening_questions,
        } = patch;
        domain::PostingPatch {
            title,
            description,
            description_format: description_format.map(Into::into),
            responsibilities: responsibilities.map(all),
            required_skills: required_skills.map(all),
            qualifications,
            preferred_qualifications,
            tools_and_technologies: tools_and_technologies.map(all),
            skills,
            functional_area,
            category,
            experience: experience.map(Into::into),
            education: education.map(Into::into),
            workplace_type: workplace_type.map(Into::into),
            locations: locations.map(all),
            employment_type: employment_type.map(Into::into),
            salary: salary.map(Into::into),
            valid_through,
            screening_questions: screening_questions.map(all),
        }
    }
}

impl From<ReconfirmInput> for hireboard_service::ReconfirmInput {
    fn from(ReconfirmInput { days }: ReconfirmInput) -> Self {
        hireboard_service::ReconfirmInput { days }
    }
}

impl From<ListingParams> for domain::ListingParams {
    fn from(params: ListingParams) -> Self {
        let ListingParams {
            functional_area,
            skill,
            location,
            workplace_type,
            experience,
            salary_min,
            currency,
            company,
            posted_since,
            limit,
            cursor,
            q,
            sort,
            employment_type,
            experience_band,
            salary_band,
            posted_within,
            near,
            radius_km,
        } = params;
        domain::ListingParams {
            functional_area,
            skill,
            location,
            workplace_type,
            experience,
            salary_min,
            currency,
            company,
            posted_since,
            limit,
            cursor,
            q,
            sort,
            employment_type,
            experience_band,
            salary_band,
            posted_within,
            near,
            radius_km,
        }
    }
}

impl From<domain::CompanyRef> for CompanyRef {
    fn from(domain::CompanyRef { slug, name }: domain::CompanyRef) -> Self {
        CompanyRef { slug, name }
    }
}

impl From<domain::ExternalRef> for ExternalRef {
    fn from(external: domain::ExternalRef) -> Self {
        ExternalRef {
            source: external.source().to_owned(),
            id: external.id().to_owned(),
        }
    }
}

impl From<&domain::PostingContent> for PostingContent {
    fn from(content: &domain::PostingContent) -> Self {
        let sections =
            |sections: &[domain::Section]| sections.iter().cloned().map(Section::from).collect();
        PostingContent {
            title: content.title().to_owned(),
            description_html: content.description_html().to_owned(),
            responsibilities: sections(content.responsibilities()),
            required_skills: sections(content.required_skills()),
            qualifications: content.qualifications().to_vec(),
            preferred_qualifications: content.preferred_qualifications().to_vec(),
            tools_and_technologies: sections(content.tools_and_technologies()),
            skills: content.skills().to_vec(),
            functional_area: content.functional_area().to_owned(),
            category: content.category().to_owned(),
            experience: content.experience().into(),
            education: content.education().map(Into::into),
            workplace_type: content.workplace_type().into(),
            locations: content
                .locations()
                .iter()
                .cloned()
                .map(Location::from)
                .collect(),
            employment_type: content.employment_type().into(),
            salary: content.salary().cloned().map(Into::into),
            screening_questions: all(content.screening_questions().to_vec()),
        }
    }
}

/// Ids stay inside the system: the public API names a posting by its job code only.
impl From<domain::Posting> for Posting {
    fn from(posting: domain::Posting) -> Self {
        let domain::Posting {
            id: _,
            company_id: _,
            posted_by_id: _,
            job_code,
            status,
            company,
            posted_by,
            content,
            posted_at,
            reconfirmed_at,
            valid_through,
            removal_reason,
            external_ref,
            created_at,
            updated_at,
        } = posting;
        Posting {
            job_code: job_code.into(),
            status: status.into(),
            company: company.into(),
            posted_by,
            content: (&content).into(),
            posted_at,
            reconfirmed_at,
            valid_through,
            removal_reason,
            external_ref: external_ref.map(Into::into),
            created_at,
            updated_at,
        }
    }
}

impl From<domain::PostingSummary> for PostingSummary {
    fn from(summary: domain::PostingSummary) -> Self {
        let domain::PostingSummary {
            job_code,
            title,
            company,
            functional_area,
            category,
            skills,
            workplace_type,
            employment_type,
            locations,
            experience,
            salary,
            posted_at,
            valid_through,
        } = summary;
        PostingSummary {
            job_code: job_code.into(),
            title,
            company: company.into(),
            functional_area,
            category,
            skills,
            workplace_type: workplace_type.into(),
            employment_type: employment_type.into(),
            locations: all(locations),
            experience: experience.into(),
            salary: salary.map(Into::into),
            posted_at,
            valid_through,
        }
    }
}
