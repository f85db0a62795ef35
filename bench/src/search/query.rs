//! One search of the rotation, read once and handed to every engine: the `ListingParams` the
//! REST adapter would build from the query string (hireboard's side), and the same words,
//! filters and order in the terms the SQL engines need.

use chrono::NaiveDate;
use hireboard_domain::geo;
use hireboard_domain::posting::ListingParams;
use hireboard_search::{query, PostedWithin, Sort};

/// `radius_km` when `near` comes without one: the service's default (its
/// `search/request.rs`).
const DEFAULT_RADIUS_KM: f64 = 50.0;

/// A search as every engine runs it.
pub struct Query {
    /// The query string as `hireboard-bench` sends it.
    pub label: &'static str,
    pub params: ListingParams,
    /// The words as typed: what `websearch_to_tsquery` reads.
    pub text: String,
    /// The words as an FTS5 MATCH expression (every word or phrase a quoted string).
    pub fts5: String,
    pub filters: Filters,
    pub sort: Sort,
}

/// The filters, split as hireboard splits them: a filter on a facet is left out when that
/// facet's own values are counted; the others always apply.
#[derive(Default)]
pub struct Filters {
    /// Lower-cased.
    pub functional_area: Option<String>,
    /// Lower-cased; a posting needs all of them.
    pub skills: Vec<String>,
    /// Lower-cased.
    pub city: Option<String>,
    /// Upper-cased ISO code.
    pub country: Option<String>,
    pub workplace_type: Option<String>,
    pub employment_type: Option<String>,
    pub experience_band: Option<String>,
    pub salary_band: Option<String>,
    pub company: Option<String>,
    pub posted_within: Option<PostedWithin>,
    pub experience_years: Option<u8>,
    /// The top of the posted range must reach this, in this currency.
    pub salary_at_least: Option<(u32, String)>,
    pub posted_since: Option<NaiveDate>,
    pub near: Option<Reach>,
}

/// `near` resolved against the cities the board knows (offices are placed only through
/// them): the ones within the radius, with their distance, and the candidate's country for
/// remote postings.
pub struct Reach {
    /// Index into `geo::CITIES` and kilometres from the place searched near.
    pub cities: Vec<(i32, f64)>,
    pub country: String,
}

impl Query {
    pub fn parse(label: &'static str) -> anyhow::Result<Query> {
        let params = listing_params(label)?;
        let shared = params
            .parse()
            .map_err(|e| anyhow::anyhow!("{label}: {e}"))?
            .filter;
        let text = params.q.clone().unwrap_or_default();
        let sort = match params.sort.as_deref() {
            Some(name) => Sort::from_name(name)
                .ok_or_else(|| anyhow::anyhow!("{label}: unknown sort {name}"))?,
            None if text.trim().is_empty() => Sort::Newest,
            None => Sort::Relevance,
        };
        // The listing reads two letters as a country code and more as a city.
        let (city, country) = match shared.location {
            Some(place) if place.len() == 2 => (None, Some(place)),
            place => (place, None),
        };
        let posted_within = match params.posted_within.as_deref() {
            Some(name) => Some(
                PostedWithin::from_name(name)
                    .ok_or_else(|| anyhow::anyhow!("{label}: unknown posted_within {name}"))?,
            ),
            None => None,
        };
        let filters = Filters {
            functional_area: shared.functional_area,
            skills: shared.skills,
            city,
            country,
            workplace_type: shared.workplace_type.map(|w| w.as_str().to_owned()),
            employment_type: params.employment_type.clone(),
            experience_band: params.experience_band.clone(),
            salary_band: params.salary_band.clone(),
            company: shared.company_slug,
            posted_within,
            experience_years: shared.experience_years,
            salary_at_least: shared.salary,
            posted_since: shared.posted_since,
            near: reach(&params).map_err(|e| anyhow::anyhow!("{label}: {e}"))?,
        };
        Ok(Query {
            label,
            fts5: fts5(&text).map_err(|e| anyhow::anyhow!("{label}: {e}"))?,
            text,
            params,
            filters,
            sort,
        })
    }
}

fn reach(params: &ListingParams) -> anyhow::Result<Option<Reach>> {
    let Some(place) = &params.near else {
        return Ok(None);
    };
    let center = geo::city_named(place).ok_or_else(|| anyhow::anyhow!("unknown city {place}"))?;
    let radius = match &params.radius_km {
        Some(km) => km.parse::<f64>()?,
        None => DEFAULT_RADIUS_KM,
    };
    let cities = geo::CITIES
        .iter()
        .enumerate()
        .map(|(i, city)| (i as i32, city.point().distance_km(center.point())))
        .filter(|(_, km)| *km <= radius)
        .collect();
    Ok(Some(Reach {
        cities,
        country: center.country.to_owned(),
    }))
}

/// The words read by hireboard's own parser, written as FTS5 syntax: each word or phrase a
/// quoted string (so nothing typed is FTS5 syntax), `OR` within a group, `AND` between
/// groups, `NOT` for exclusions.
fn fts5(text: &str) -> anyhow::Result<String> {
    let parsed = query::parse(text)?;
    let quoted = |atom: &query::Atom| format!("\"{}\"", atom.text().replace('"', "\"\""));
    let groups: Vec<String> = parsed
        .groups
        .iter()
        .map(|group| {
            let atoms: Vec<String> = group.iter().map(quoted).collect();
            format!("({})", atoms.join(" OR "))
        })
        .collect();
    anyhow::ensure!(
        !groups.is_empty(),
        "FTS5 cannot search for exclusions alone"
    );
    let mut expression = format!("({})", groups.join(" AND "));
    for atom in &parsed.excluded {
        expression = format!("{expression} NOT {}", quoted(atom));
    }
    Ok(expression)
}

/// The query string as the REST adapter reads it (`+` is a space, `%XX` a byte), into the
/// domain's `ListingParams`.
fn listing_params(query: &str) -> anyhow::Result<ListingParams> {
    let mut params = ListingParams::default();
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = Some(decode(value)?);
        match key {
            "q" => params.q = value,
            "functional_area" => params.functional_area = value,
            "skill" => params.skill = value,
            "location" => params.location = value,
            "workplace_type" => params.workplace_type = value,
            "experience" => params.experience = value,
            "salary_min" => params.salary_min = value,
            "currency" => params.currency = value,
            "company" => params.company = value,
            "posted_since" => params.posted_since = value,
            "sort" => params.sort = value,
            "employment_type" => params.employment_type = value,
            "experience_band" => params.experience_band = value,
            "salary_band" => params.salary_band = value,
            "posted_within" => params.posted_within = value,
            "near" => params.near = value,
            "radius_km" => params.radius_km = value,
            other => anyhow::bail!("{query}: parameter {other} is not one of GET /api/v1/jobs"),
        }
    }
    Ok(params)
}

fn decode(value: &str) -> anyhow::Result<String> {
    let mut bytes = Vec::with_capacity(value.len());
    let mut rest = value.as_bytes();
    while let Some((&first, tail)) = rest.split_first() {
        match first {
            b'+' => bytes.push(b' '),
            b'%' if tail.len() >= 2 => {
                let hex = std::str::from_utf8(&tail[..2])?;
                bytes.push(u8::from_str_radix(hex, 16)?);
                rest = &tail[2..];
                continue;
            }
            other => bytes.push(other),
        }
        rest = tail;
    }
    Ok(String::from_utf8(bytes)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_search_of_the_rotation_reads() {
        for label in crate::searches::SEARCHES {
            Query::parse(label).unwrap();
        }
    }

    #[test]
    fn fts5_quotes_everything_typed() {
        assert_eq!(
            fts5(r#""site reliability" java -javascript"#).unwrap(),
            r#"(("site reliability") AND ("java")) NOT "javascript""#
        );
        assert_eq!(fts5("react OR vue").unwrap(), r#"(("react" OR "vue"))"#);
        assert_eq!(
            fts5("c++ NOT AND").unwrap(),
            r#"(("c++") AND ("NOT") AND ("AND"))"#
        );
        assert_eq!(
            fts5("NEAR(x) title:*").unwrap(),
            r#"(("NEAR(x)") AND ("title:*"))"#
        );
    }

    #[test]
    fn filters_split_like_the_service() {
        let query = Query::parse("q=engineer&location=DE&sort=salary").unwrap();
        assert_eq!(query.filters.country.as_deref(), Some("DE"));
        assert!(query.filters.city.is_none());
        assert_eq!(query.sort, Sort::Salary);
        let query = Query::parse("q=developer&near=london&sort=distance").unwrap();
        let reach = query.filters.near.unwrap();
        assert_eq!(reach.country, "GB");
        assert!(reach.cities.iter().all(|(_, km)| *km <= DEFAULT_RADIUS_KM));
        assert!(!reach.cities.is_empty());
    }
}
