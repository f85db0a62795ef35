//! A listing request as a search: the filters the store's listing knows, plus words, a sort
//! and the facets only the index has.

use chrono::{DateTime, NaiveDate, Utc};
use hireboard_domain::error::{FieldError, ValidationErrors};
use hireboard_domain::geo;
use hireboard_domain::posting::{EmploymentType, ListingParams, CURRENCIES};
use hireboard_search::facets::{EXPERIENCE_BANDS, SALARY_BANDS};
use hireboard_search::{query, After, Facet, Near, PostedWithin, SearchRequest, Sort};
use sha2::{Digest, Sha256};

use super::{foreign_cursor, unreadable_query};
use crate::error::ServiceError;

/// How many values each facet lists.
const FACET_VALUES: usize = 20;
const DEFAULT_RADIUS_KM: u32 = 50;
/// Half the Earth's circumference: every place is within it.
const MAX_RADIUS_KM: u32 = 20_000;

pub(super) struct Plan {
    pub request: SearchRequest,
    /// Whether only the index can answer (words, a sort, or a filter the store lacks).
    pub needs_index: bool,
    /// Names the search, so a cursor of another one is refused.
    pub fingerprint: i64,
}

fn salary_band(value: &str) -> bool {
    value.split_once(' ').is_some_and(|(currency, band)| {
        CURRENCIES.contains(&currency) && SALARY_BANDS.contains(&band)
    })
}

pub(super) fn plan(
    params: &ListingParams,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Plan, ServiceError> {
    // The store's listing checks the filters it shares with the search; its cursor is not
    // a search's, so it is read apart.
    let shared = ListingParams {
        cursor: None,
        ..params.clone()
    }
    .parse()?;
    let text = query::parse(params.q.as_deref().unwrap_or("")).map_err(unreadable_query)?;
    let mut errors = ValidationErrors::default();
    let sort = params.sort.as_deref().and_then(|name| {
        errors.check(Sort::from_name(name).ok_or_else(|| {
            FieldError::new("sort", "must be one of relevance, newest, salary, distance")
        }))
    });
    let filter = shared.filter;
    let mut narrowed: Vec<(Facet, String)> = Vec::new();
    if let Some(area) = &filter.functional_area {
        narrowed.push((Facet::FunctionalArea, area.clone()));
    }
    narrowed.extend(
        filter
            .skills
            .iter()
            .map(|skill| (Facet::Skills, skill.clone())),
    );
    if let Some(location) = &filter.location {
        // The listing reads two letters as a country code (upper-cased) and more as a city.
        let facet = if location.len() == 2 {
            Facet::Country
        } else {
            Facet::City
        };
        narrowed.push((facet, location.clone()));
    }
    if let Some(workplace) = filter.workplace_type {
        narrowed.push((Facet::WorkplaceType, workplace.as_str().to_owned()));
    }
    if let Some(company) = &filter.company_slug {
        narrowed.push((Facet::Company, company.clone()));
    }
    let only_searched = [
        (
            Facet::EmploymentType,
            "employment_type",
            &params.employment_type,
        ),
        (
            Facet::Experience,
            "experience_band",
            &params.experience_band,
        ),
        (Facet::Salary, "salary_band", &params.salary_band),
        (Facet::PostedWithin, "posted_within", &params.posted_within),
    ];
    let mut needs_index = !text.is_empty() || sort.is_some();
    for (facet, name, value) in only_searched {
        let Some(value) = value else { continue };
        needs_index = true;
        let known = match facet {
            Facet::EmploymentType => EmploymentType::from_db(value).is_some(),
            Facet::Experience => EXPERIENCE_BANDS.contains(&value.as_str()),
            Facet::Salary => salary_band(value),
            _ => PostedWithin::from_name(value).is_some(),
        };
        if known {
            narrowed.push((facet, value.clone()));
        } else {
            errors.push(FieldError::new(name, "is not a value of this facet"));
        }
    }
    let near = near(params, &mut errors);
    if near.is_some() {
        needs_index = true;
    }
    if sort == Some(Sort::Distance) && params.near.is_none() {
        errors.push(FieldError::new("sort", "distance needs near"));
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let sort = sort.unwrap_or(if text.is_empty() {
        Sort::Newest
    } else {
        Sort::Relevance
    });
    let mut request = SearchRequest {
        text,
        narrowed,
        experience_years: filter.experience_years,
        salary_at_least: filter.salary.clone(),
        posted_since: filter
            .posted_since
            .and_then(|day| day.and_hms_opt(0, 0, 0))
            .map(|start| start.and_utc()),
        near,
        listed_on: today,
        now,
        sort,
        limit: shared.limit as usize,
        after: None,
        facet_values: FACET_VALUES,
    };
    let fingerprint = fingerprint(&request);
    if needs_index {
        if let Some(value) = &params.cursor {
            let [key, job_code, named, since] =
                hireboard_domain::cursor::decode(value).ok_or_else(foreign_cursor)?;
            if named != fingerprint {
                return Err(foreign_cursor());
            }
            request.after = Some(After {
                key: f64::from_bits(key as u64),
                job_code: job_code as u64,
            });
            // Later pages rank as of the first one, so recency scores stay comparable.
            request.now = DateTime::from_timestamp_micros(since).ok_or_else(foreign_cursor)?;
        }
    }
    Ok(Plan {
        request,
        needs_index,
        fingerprint,
    })
}

/// `near` and `radius_km`, checked: the place must be a city the board knows.
fn near(params: &ListingParams, errors: &mut ValidationErrors) -> Option<Near> {
    let radius_km = params.radius_km.as_deref().and_then(|text| {
        errors.check(
            text.trim()
                .parse::<u32>()
                .ok()
                .filter(|km| (1..=MAX_RADIUS_KM).contains(km))
                .ok_or_else(|| {
                    FieldError::new(
                        "radius_km",
                        format!("must be a whole number from 1 to {MAX_RADIUS_KM}"),
                    )
                }),
        )
    });
    let Some(place) = &params.near else {
        if params.radius_km.is_some() {
            errors.push(FieldError::new(
                "radius_km",
                "needs near, the place to measure from",
            ));
        }
        return None;
    };
    let Some(city) = geo::city_named(place) else {
        errors.push(FieldError::new(
            "near",
            "is not a place this board knows; name a city such as Berlin or São Paulo",
        ));
        return None;
    };
    Some(Near {
        point: city.point(),
        radius_km: f64::from(radius_km.unwrap_or(DEFAULT_RADIUS_KM)),
        country: city.country.to_owned(),
    })
}

/// What the search is (its words, filters and order), as a number.
fn fingerprint(request: &SearchRequest) -> i64 {
    let named = format!(
        "{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{}",
        request.text,
        request.narrowed,
        request.experience_years,
        request.salary_at_least,
        request.posted_since,
        request.near,
        request.sort,
        request.limit
    );
    let digest = Sha256::digest(named.as_bytes());
    i64::from_be_bytes(digest[..8].try_into().expect("eight bytes")) & i64::MAX
}
