//! The listing query: filters, page size and the keyset cursor.

use chrono::{DateTime, NaiveDate, Utc};

use super::content::{parse_skill, WorkplaceType, CURRENCIES};
use crate::error::{FieldError, ValidationErrors};
use crate::ids::JobCode;
use crate::text::{bounded, Lines};

/// Query-string parameters of `GET /api/v1/jobs`, as sent. Everything is text here so a bad
/// value is reported by name rather than as an opaque deserialization failure.
#[derive(Debug, Clone, Default)]
pub struct ListingParams {
    /// Exact functional area, case-insensitive (e.g. `Backend Development`).
    pub functional_area: Option<String>,
    /// Comma-separated skills, at most 10; a posting must have all of them.
    pub skill: Option<String>,
    /// City or ISO country code, case-insensitive.
    pub location: Option<String>,
    pub workplace_type: Option<String>,
    /// Candidate's years of experience; postings whose range includes it.
    pub experience: Option<String>,
    /// Postings paying at least this much at the top of their range; needs `currency`.
    pub salary_min: Option<String>,
    /// ISO 4217 currency of `salary_min` (any case); only with `salary_min`.
    pub currency: Option<String>,
    /// Company slug.
    pub company: Option<String>,
    /// Only postings published on or after this date.
    pub posted_since: Option<String>,
    /// Page size, 1 to 100 (default 20).
    pub limit: Option<String>,
    /// Opaque cursor from a previous page's `next_cursor`.
    pub cursor: Option<String>,
    // Read by the search, not by the store's listing: `ListingParams::parse` leaves them.
    /// Words to search for, in the search language.
    pub q: Option<String>,
    /// `relevance`, `newest` or `salary`.
    pub sort: Option<String>,
    pub employment_type: Option<String>,
    /// A value of the `experience` facet, such as `2-4`.
    pub experience_band: Option<String>,
    /// A value of the `salary` facet, such as `EUR 50k-100k`.
    pub salary_band: Option<String>,
    /// A value of the `posted_within` facet, such as `7d`.
    pub posted_within: Option<String>,
    /// A city the candidate is in, such as `berlin`: postings with an office within
    /// `radius_km` of it, and remote postings open to its country.
    pub near: Option<String>,
    /// Kilometres around `near`, 1 to 20,000 (default 50); only with `near`.
    pub radius_km: Option<String>,
}

/// Checked listing filters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ListingFilter {
    /// Lower-cased.
    pub functional_area: Option<String>,
    pub skills: Vec<String>,
    /// Lower-cased city or upper-cased country code.
    pub location: Option<String>,
    pub workplace_type: Option<WorkplaceType>,
    pub experience_years: Option<u8>,
    pub salary: Option<(u32, String)>,
    pub company_slug: Option<String>,
    pub posted_since: Option<NaiveDate>,
}

/// A checked listing request.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ListingQuery {
    pub filter: ListingFilter,
    pub limit: u32,
    pub after: Option<Cursor>,
}

/// Position after the last item of a page: postings are ordered newest first by publication
/// time, then by job code, so the order is total and stable while new postings arrive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Cursor {
    pub posted_at: DateTime<Utc>,
    pub job_code: JobCode,
}

impl Cursor {
    pub fn encode(&self) -> String {
        crate::cursor::encode(&[self.posted_at.timestamp_micros(), self.job_code.get()])
    }

    pub fn decode(value: &str) -> Option<Cursor> {
        let [micros, code] = crate::cursor::decode(value)?;
        Some(Cursor {
            posted_at: DateTime::from_timestamp_micros(micros)?,
            job_code: JobCode::new(code).ok()?,
        })
    }
}

pub const DEFAULT_PAGE_SIZE: u32 = 20;
pub const MAX_PAGE_SIZE: u32 = 100;

impl ListingParams {
    pub fn parse(&self) -> Result<ListingQuery, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let functional_area = self
            .functional_area
            .as_deref()
            .and_then(|v| errors.check(bounded("functional_area", v, 1, 80, Lines::Single)))
            .map(|v| v.to_lowercase());
        let skills = self
            .skill
            .as_deref()
            .map(|v| {
                let parts: Vec<&str> = v.split(',').collect();
                if parts.len() > 10 {
                    errors.push(FieldError::new("skill", "must list at most 10 skills"));
                    return Vec::new();
                }
                // Each skill is trimmed before its length is counted, so `rust, sql` works.
                parts
                    .into_iter()
                    .filter_map(|s| errors.check(parse_skill("skill", s.trim())))
                    .collect()
            })
            .unwrap_or_default();
        let location = self
            .location
            .as_deref()
            .and_then(|v| errors.check(bounded("location", v, 2, 100, Lines::Single)))
            .map(|v| {
                if v.len() == 2 {
                    v.to_uppercase()
                } else {
                    v.to_lowercase()
                }
            });
        let workplace_type = self.workplace_type.as_deref().and_then(|v| {
            errors.check(WorkplaceType::from_db(v).ok_or_else(|| {
                FieldError::new("workplace_type", "must be one of remote, hybrid, onsite")
            }))
        });
        let experience_years = self
            .experience
            .as_deref()
            .and_then(|v| errors.check(parse_number::<u8>("experience", v, 0, 50)));
        let salary_min = self
            .salary_min
            .as_deref()
            .and_then(|v| errors.check(parse_number::<u32>("salary_min", v, 1, 100_000_000)));
        let currency = self.currency.as_deref().map(|c| c.trim().to_uppercase());
        let salary = match (salary_min, currency) {
            (Some(min), Some(currency)) if CURRENCIES.contains(&currency.as_str()) => {
                Some((min, currency))
            }
            (_, Some(_)) => {
                errors.push(FieldError::new(
                    "currency",
                    "must be an ISO 4217 code such as EUR, given with salary_min",
                ));
                None
            }
            (Some(_), None) => {
                errors.push(FieldError::new("currency", "is required with salary_min"));
                None
            }
            (None, None) => None,
        };
        let company_slug = self
            .company
            .as_deref()
            .and_then(|v| errors.check(bounded("company", v, 2, 80, Lines::Single)))
            .map(|v| v.to_lowercase());
        let posted_since = self.posted_since.as_deref().and_then(|v| {
            errors.check(
                NaiveDate::parse_from_str(v, "%Y-%m-%d")
                    .map_err(|_| FieldError::new("posted_since", "must be a date as YYYY-MM-DD")),
            )
        });
        let limit = match self.limit.as_deref() {
            None => DEFAULT_PAGE_SIZE,
            Some(v) => errors
                .check(parse_number::<u32>("limit", v, 1, MAX_PAGE_SIZE))
                .unwrap_or(DEFAULT_PAGE_SIZE),
        };
        let after = self.cursor.as_deref().and_then(|v| {
            errors.check(
                Cursor::decode(v)
                    .ok_or_else(|| FieldError::new("cursor", "is not a cursor this server issued")),
            )
        });
        errors.into_result(|| ListingQuery {
            filter: ListingFilter {
                functional_area,
                skills,
                location,
                workplace_type,
                experience_years,
                salary,
                company_slug,
                posted_since,
            },
            limit,
            after,
        })
    }
}

fn parse_number<T>(field: &str, value: &str, min: T, max: T) -> Result<T, FieldError>
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display + Copy,
{
    value
        .trim()
        .parse::<T>()
        .ok()
        .filter(|n| *n >= min && *n <= max)
        .ok_or_else(|| {
            FieldError::new(field, format!("must be a whole number from {min} to {max}"))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trips_and_rejects_garbage() {
        let cursor = Cursor {
            posted_at: DateTime::from_timestamp_micros(1_757_894_400_123_456).unwrap(),
            job_code: JobCode::new(1546216).unwrap(),
        };
        assert_eq!(Cursor::decode(&cursor.encode()), Some(cursor));
        for bad in ["", "!!!", "bm90LWEtY3Vyc29y", &"A".repeat(100)] {
            assert_eq!(Cursor::decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn bad_parameters_are_named() {
        let params = ListingParams {
            workplace_type: Some("moon".into()),
            experience: Some("-1".into()),
            limit: Some("1000".into()),
            salary_min: Some("50000".into()),
            cursor: Some("zz".into()),
            ..Default::default()
        };
        let fields: Vec<String> = params
            .parse()
            .unwrap_err()
            .0
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            [
                "workplace_type",
                "experience",
                "currency",
                "limit",
                "cursor"
            ]
        );
    }

    #[test]
    fn filters_are_normalized() {
        let params = ListingParams {
            functional_area: Some("Backend Development".into()),
            skill: Some("Rust, PostgreSQL".into()),
            location: Some("de".into()),
            ..Default::default()
        };
        let query = params.parse().unwrap();
        assert_eq!(
            query.filter.functional_area.as_deref(),
            Some("backend development")
        );
        assert_eq!(query.filter.skills, ["rust", "postgresql"]);
        assert_eq!(query.filter.location.as_deref(), Some("DE"));
        assert_eq!(query.limit, DEFAULT_PAGE_SIZE);
    }
}
