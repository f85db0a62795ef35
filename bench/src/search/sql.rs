//! The one statement PostgreSQL and SQLite run per search. It finds the matches once (a
//! materialized CTE `m`, with the always-applied filters), then takes from them the page of
//! 20 by rank, the total and every facet's counts with `GROUP BY`. As hireboard counts them,
//! a facet's counts leave out the filter on that facet itself, so `m` carries one flag column
//! per facet filter and each count names the flags it needs. Every value is a bound
//! parameter; only the shape of the statement depends on the search.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use hireboard_search::{Facet, PostedWithin, Sort};

use crate::query::{Query, Reach};

/// Hits per page, as the listing's default.
pub const PAGE: usize = 20;
/// Values listed per facet, as the service asks of its index.
pub const FACET_VALUES: usize = 20;

/// A parameter value.
pub enum Bind {
    Text(String),
    Int(i64),
    Time(DateTime<Utc>),
    Date(NaiveDate),
    Texts(Vec<String>),
    Ints(Vec<i32>),
    Floats(Vec<f64>),
}

/// The parameters bound so far, and how this engine writes a placeholder.
pub struct Params {
    pub binds: Vec<Bind>,
    prefix: &'static str,
}

impl Params {
    /// Binds `value`; returns its placeholder.
    pub fn push(&mut self, value: Bind) -> String {
        self.binds.push(value);
        format!("{}{}", self.prefix, self.binds.len())
    }
}

/// How the words are matched and ranked.
pub struct Matched {
    /// CTEs to put before `m` (with their trailing comma), or nothing.
    pub prelude: String,
    /// The FROM clause of `m`; the postings table is `p`.
    pub from: String,
    pub condition: String,
    /// Higher is better.
    pub rank: String,
}

/// What differs between the two engines.
pub trait Dialect {
    /// `$` for PostgreSQL's `$1`, `?` for SQLite's `?1`.
    const PLACEHOLDER: &'static str;
    /// `json_build_array` or `json_array`.
    const JSON_ARRAY: &'static str;
    fn time(at: DateTime<Utc>) -> Bind;
    fn date(day: NaiveDate) -> Bind;
    fn text_match(query: &Query, params: &mut Params) -> Matched;
    /// Columns of `p` that `m` carries besides the scalar ones (multi-valued facets).
    fn carried() -> &'static str;
    /// Whether posting `p` has every one of `values` of a multi-valued facet.
    fn has_all(facet: Facet, values: &[String], params: &mut Params) -> String;
    /// The joins over `m` and the expression that give one row per value of a
    /// multi-valued facet.
    fn values_of(facet: Facet) -> (&'static str, &'static str);
    /// Whether `p` is within reach.
    fn near(reach: &Reach, params: &mut Params) -> String;
    /// The sort key of `p` for `sort=distance`: higher is nearer, an office before any
    /// posting reached only as remote.
    fn distance(reach: &Reach, params: &mut Params) -> String;
    /// The aggregate of `expression` over the rows into a JSON array, as text (`[]` for none).
    fn json_agg(expression: &str) -> String;
    /// A JSON value as text.
    fn json_text(expression: &str) -> String;
}

pub struct Statement {
    pub sql: String,
    pub binds: Vec<Bind>,
}

/// Scalar facet columns: the one compared by a filter and the one counted.
fn scalar(facet: Facet) -> Option<(&'static str, &'static str)> {
    Some(match facet {
        Facet::FunctionalArea => ("area_key", "functional_area"),
        Facet::WorkplaceType => ("workplace_type", "workplace_type"),
        Facet::EmploymentType => ("employment_type", "employment_type"),
        Facet::Experience => ("experience_band", "experience_band"),
        Facet::Salary => ("salary_band", "salary_band"),
        Facet::Company => ("company_slug", "company_slug"),
        _ => return None,
    })
}

/// The values a search narrows each facet to.
fn narrowed(query: &Query) -> Vec<(Facet, Vec<String>)> {
    let f = &query.filters;
    let one = |facet, value: &Option<String>| value.clone().map(|v| (facet, vec![v]));
    let mut narrowed: Vec<_> = [
        one(Facet::FunctionalArea, &f.functional_area),
        one(Facet::City, &f.city),
        one(Facet::Country, &f.country),
        one(Facet::WorkplaceType, &f.workplace_type),
        one(Facet::EmploymentType, &f.employment_type),
        one(Facet::Experience, &f.experience_band),
        one(Facet::Salary, &f.salary_band),
        one(Facet::Company, &f.company),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !f.skills.is_empty() {
        narrowed.push((Facet::Skills, f.skills.clone()));
    }
    narrowed
}

pub fn statement<D: Dialect>(query: &Query, now: DateTime<Utc>) -> anyhow::Result<Statement> {
    let mut params = Params {
        binds: Vec::new(),
        prefix: D::PLACEHOLDER,
    };
    let matched = D::text_match(query, &mut params);
    let mut always = vec![matched.condition.clone()];
    always.extend(always_applied::<D>(query, now, &mut params));
    let f = &query.filters;
    let sort_key = match (query.sort, &f.near) {
        (Sort::Relevance, _) => matched.rank.clone(),
        (Sort::Newest, _) => "p.posted_at".to_owned(),
        (Sort::Salary, _) => "p.salary_yearly".to_owned(),
        (Sort::Distance, Some(reach)) => D::distance(reach, &mut params),
        (Sort::Distance, None) => anyhow::bail!("{}: distance needs near", query.label),
    };
    let flags = flags::<D>(query, now, &mut params);
    let flag_columns: String = flags
        .iter()
        .enumerate()
        .map(|(i, (_, test))| format!(", ({test}) AS f{i}"))
        .collect();
    // The flags a row must pass, leaving out those on `except`.
    let passing = |except: Option<Facet>| {
        let named: Vec<String> = flags
            .iter()
            .enumerate()
            .filter(|(_, (facet, _))| Some(*facet) != except)
            .map(|(i, _)| format!("f{i}"))
            .collect();
        if named.is_empty() {
            "1 = 1".to_owned()
        } else {
            named.join(" AND ")
        }
    };
    let mut columns = vec![
        format!(
            "(SELECT {} FROM (SELECT id, title FROM m WHERE {} \
             ORDER BY sort_key DESC, id DESC LIMIT {PAGE}) page)",
            D::json_agg(&format!("{}(id, title)", D::JSON_ARRAY)),
            passing(None)
        ),
        format!("(SELECT count(*) FROM m WHERE {})", passing(None)),
    ];
    for facet in Facet::ALL {
        columns.push(counts::<D>(facet, &passing(Some(facet)), now, &mut params));
    }
    let sql = format!(
        "WITH {prelude}m AS MATERIALIZED (SELECT p.id, p.title, p.functional_area, \
         p.workplace_type, p.employment_type, p.experience_band, p.salary_band, \
         p.company_slug, p.posted_at{carried}, {sort_key} AS sort_key{flag_columns} \
         FROM {from} WHERE {always}) SELECT {columns}",
        prelude = matched.prelude,
        carried = D::carried(),
        from = matched.from,
        always = always.join(" AND "),
        columns = columns.join(",\n "),
    );
    Ok(Statement {
        sql,
        binds: params.binds,
    })
}

/// The conditions every match meets, whatever is counted: listed today, and the filters
/// that are not facets.
fn always_applied<D: Dialect>(
    query: &Query,
    now: DateTime<Utc>,
    params: &mut Params,
) -> Vec<String> {
    let f = &query.filters;
    let today = params.push(D::date(now.date_naive()));
    let mut always = vec![format!("p.valid_through >= {today}")];
    if let Some(years) = f.experience_years {
        let years = params.push(Bind::Int(i64::from(years)));
        always.push(format!("p.min_years <= {years} AND p.max_years >= {years}"));
    }
    if let Some((floor, currency)) = &f.salary_at_least {
        let currency = params.push(Bind::Text(currency.clone()));
        let floor = params.push(Bind::Int(i64::from(*floor)));
        always.push(format!(
            "p.currency = {currency} AND p.salary_top >= {floor}"
        ));
    }
    if let Some(day) = f.posted_since.and_then(|day| day.and_hms_opt(0, 0, 0)) {
        let since = params.push(D::time(day.and_utc()));
        always.push(format!("p.posted_at >= {since}"));
    }
    if let Some(reach) = &f.near {
        always.push(format!("({})", D::near(reach, params)));
    }
    always
}

/// One test per facet filter, with its facet.
fn flags<D: Dialect>(
    query: &Query,
    now: DateTime<Utc>,
    params: &mut Params,
) -> Vec<(Facet, String)> {
    let mut flags = Vec::new();
    for (facet, values) in narrowed(query) {
        let test = match scalar(facet) {
            Some((column, _)) => {
                let value = params.push(Bind::Text(values[0].clone()));
                format!("p.{column} = {value}")
            }
            None => D::has_all(facet, &values, params),
        };
        flags.push((facet, test));
    }
    if let Some(window) = query.filters.posted_within {
        let since = params.push(D::time(now - days(window)));
        flags.push((Facet::PostedWithin, format!("p.posted_at >= {since}")));
    }
    flags
}

/// The column of `facet`'s counts over the rows of `m` that pass `only`: its most frequent
/// values, or for `posted_within` the count in each window.
fn counts<D: Dialect>(facet: Facet, only: &str, now: DateTime<Utc>, params: &mut Params) -> String {
    let array = D::JSON_ARRAY;
    if facet == Facet::PostedWithin {
        let windows: Vec<String> = PostedWithin::ALL
            .iter()
            .map(|window| {
                let after = params.push(D::time(now - days(*window)));
                format!("count(*) FILTER (WHERE posted_at > {after})")
            })
            .collect();
        let counts = D::json_text(&format!("{array}({})", windows.join(", ")));
        return format!("(SELECT {counts} FROM m WHERE {only})");
    }
    let (joins, value) = match scalar(facet) {
        Some((_, column)) => ("", column),
        None => D::values_of(facet),
    };
    format!(
        "(SELECT {} FROM (SELECT {value} AS v, count(*) AS n FROM m{joins} \
         WHERE {only} AND {value} IS NOT NULL GROUP BY {value} \
         ORDER BY n DESC, v LIMIT {FACET_VALUES}) counted)",
        D::json_agg(&format!("{array}(v, n)"))
    )
}

fn days(window: PostedWithin) -> Duration {
    Duration::days(i64::from(window.days))
}
