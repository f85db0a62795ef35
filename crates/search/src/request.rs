//! What a search asks for and what it finds, independent of any protocol.

use chrono::{DateTime, NaiveDate, Utc};
use hireboard_domain::geo::Point;
use hireboard_domain::posting::PostingSummary;

use crate::facets::Facet;
use crate::query::TextQuery;

/// The order of results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Sort {
    /// Best match first (the default with words to match), recent postings gently ahead.
    #[default]
    Relevance,
    /// Newest first (the default without words).
    Newest,
    /// Best paid first, by the top of the range a year; postings without a salary last.
    Salary,
    /// Nearest office first (needs `near`); remote postings after every office.
    Distance,
}

impl Sort {
    pub fn name(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Newest => "newest",
            Sort::Salary => "salary",
            Sort::Distance => "distance",
        }
    }

    pub fn from_name(name: &str) -> Option<Sort> {
        [Sort::Relevance, Sort::Newest, Sort::Salary, Sort::Distance]
            .into_iter()
            .find(|sort| sort.name() == name)
    }
}

/// The last hit of a page, which the next page starts after.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct After {
    pub key: f64,
    pub job_code: u64,
}

/// Postings a candidate at `point` can work at: an office within `radius_km`, or remote
/// from `country` (a remote posting naming no country is open to every country).
#[derive(Debug, Clone, PartialEq)]
pub struct Near {
    pub point: Point,
    pub radius_km: f64,
    /// ISO 3166-1 alpha-2.
    pub country: String,
}

/// A search.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub text: TextQuery,
    /// Facet values the results must have; several values of one facet must all be there.
    pub narrowed: Vec<(Facet, String)>,
    /// Postings whose experience range includes these years.
    pub experience_years: Option<u8>,
    /// Postings paying at least this much (the top of the range as posted) in this currency.
    pub salary_at_least: Option<(u32, String)>,
    pub posted_since: Option<DateTime<Utc>>,
    pub near: Option<Near>,
    /// Postings valid through at least this day.
    pub listed_on: NaiveDate,
    /// What `posted_within` and the recency boost count from: the same for every page of a
    /// search, or scores drift between pages.
    pub now: DateTime<Utc>,
    pub sort: Sort,
    pub limit: usize,
    pub after: Option<After>,
    /// How many values each facet lists, most frequent first.
    pub facet_values: usize,
}

/// One result.
#[derive(Debug, Clone)]
pub struct Hit {
    pub posting: PostingSummary,
    /// The title with the matched words in `<mark>`, HTML-escaped otherwise.
    pub title_html: Option<String>,
    /// A piece of the description around the matches, marked and escaped the same way.
    pub description_html: Option<String>,
    /// How far its nearest office is from `near`, when the search has one and an office is
    /// within reach (`None` for a remote posting matched by country).
    pub distance_km: Option<f64>,
    /// Where it sorts, for the cursor.
    pub after: After,
}

/// A facet's values over the whole match set, with how many results each would leave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetCounts {
    pub facet: Facet,
    pub values: Vec<(String, u64)>,
}

#[derive(Debug, Clone)]
pub struct SearchResults {
    pub hits: Vec<Hit>,
    /// Whether more results follow the last hit.
    pub more: bool,
    /// How many postings match.
    pub total: u64,
    pub facets: Vec<FacetCounts>,
}
