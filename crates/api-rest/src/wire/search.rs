//! What a listing or search of postings answers: the page, the total, and the facets.

use hireboard_service::{Facet, FacetCounts, Listed, Listing};
use serde::Serialize;
use utoipa::ToSchema;

use super::postings::PostingSummary;

/// A page of postings found, with every facet's counts over all of them.
#[derive(Debug, Serialize, ToSchema)]
pub struct JobsPage {
    items: Vec<JobListing>,
    /// Pass as `cursor` (with the same other parameters) for the next page; `null` on the
    /// last page.
    next_cursor: Option<String>,
    /// How many postings match, over every page.
    total: Option<u64>,
    facets: Facets,
}

/// A posting found; with `highlights` when words were searched for.
#[derive(Debug, Serialize, ToSchema)]
pub struct JobListing {
    #[serde(flatten)]
    posting: PostingSummary,
    #[serde(skip_serializing_if = "Option::is_none")]
    highlights: Option<Highlights>,
    /// With `near`: kilometres to its nearest office within the radius, to one decimal;
    /// absent for a remote posting found through its allowed countries.
    #[serde(skip_serializing_if = "Option::is_none")]
    distance_km: Option<f64>,
}

/// Where the words matched: HTML-escaped text with only `<mark>` elements added.
#[derive(Debug, Serialize, ToSchema)]
pub struct Highlights {
    /// The title, when a word matched in it.
    title: Option<String>,
    /// A piece of the description around the matches, when one matched there.
    description: Option<String>,
}

/// A facet's value and how many results choosing it would leave (a facet's counts ignore
/// the filter on that facet itself).
#[derive(Debug, Serialize, ToSchema)]
pub struct FacetValue {
    value: String,
    count: u64,
}

/// The most frequent values of each facet over the whole match set. Each narrows the
/// search through the parameter named beside it.
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct Facets {
    /// `functional_area`.
    functional_area: Vec<FacetValue>,
    /// `skill`.
    skills: Vec<FacetValue>,
    /// `location`.
    city: Vec<FacetValue>,
    /// `location` (the two-letter code).
    country: Vec<FacetValue>,
    /// `workplace_type`.
    workplace_type: Vec<FacetValue>,
    /// `employment_type`.
    employment_type: Vec<FacetValue>,
    /// `experience_band`: years asked for at least.
    experience: Vec<FacetValue>,
    /// `salary_band`: the top of the range a year, per currency.
    salary: Vec<FacetValue>,
    /// `company` (its slug).
    company: Vec<FacetValue>,
    /// `posted_within`: windows that contain each other.
    posted_within: Vec<FacetValue>,
}

impl From<Vec<FacetCounts>> for Facets {
    fn from(counts: Vec<FacetCounts>) -> Self {
        let mut facets = Facets::default();
        for FacetCounts { facet, values } in counts {
            let values = values
                .into_iter()
                .map(|(value, count)| FacetValue { value, count })
                .collect();
            *match facet {
                Facet::FunctionalArea => &mut facets.functional_area,
                Facet::Skills => &mut facets.skills,
                Facet::City => &mut facets.city,
                Facet::Country => &mut facets.country,
                Facet::WorkplaceType => &mut facets.workplace_type,
                Facet::EmploymentType => &mut facets.employment_type,
                Facet::Experience => &mut facets.experience,
                Facet::Salary => &mut facets.salary,
                Facet::Company => &mut facets.company,
                Facet::PostedWithin => &mut facets.posted_within,
            } = values;
        }
        facets
    }
}

impl From<Listed> for JobListing {
    fn from(listed: Listed) -> Self {
        let marked = listed.title_html.is_some() || listed.description_html.is_some();
        JobListing {
            posting: listed.posting.into(),
            highlights: marked.then_some(Highlights {
                title: listed.title_html,
                description: listed.description_html,
            }),
            distance_km: listed.distance_km.map(|km| (km * 10.0).round() / 10.0),
        }
    }
}

impl From<Listing> for JobsPage {
    fn from(listing: Listing) -> Self {
        JobsPage {
            items: super::all(listing.items),
            next_cursor: listing.next_cursor,
            total: listing.total,
            facets: listing.facets.into(),
        }
    }
}

/// Query-string parameters of `GET /api/v1/search/suggest`.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SuggestParams {
    /// What the user has typed so far (case and accents do not matter).
    #[param(min_length = 1, max_length = 100)]
    pub q: String,
    /// How many completions, 1 to 20 (default 10).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 20)]
    pub limit: Option<String>,
}

/// Completions, best first.
#[derive(Debug, Serialize, ToSchema)]
pub struct Suggestions {
    suggestions: Vec<SuggestionItem>,
}

/// A completion.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Suggestion)]
pub struct SuggestionItem {
    /// As postings write it.
    text: String,
    kind: SuggestionKind,
    /// How many listed postings use it.
    postings: u64,
}

/// What a completion names.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum SuggestionKind {
    Skill,
    Title,
    Company,
}

impl From<Vec<hireboard_service::Suggestion>> for Suggestions {
    fn from(found: Vec<hireboard_service::Suggestion>) -> Self {
        use hireboard_service::SuggestionKind as Kind;
        Suggestions {
            suggestions: found
                .into_iter()
                .map(|s| SuggestionItem {
                    text: s.text,
                    kind: match s.kind {
                        Kind::Skill => SuggestionKind::Skill,
                        Kind::Title => SuggestionKind::Title,
                        Kind::Company => SuggestionKind::Company,
                    },
                    postings: s.postings,
                })
                .collect(),
        }
    }
}
