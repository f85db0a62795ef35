//! PostgreSQL full-text search over the same postings: a `tsvector` weighted A (title),
//! B (skills), C (company and description) and D (the bullet lists, which hireboard searches
//! too), a GIN index on it, the words read by `websearch_to_tsquery('english', ...)`, ranked
//! by `ts_rank`, 20 per page, facets by `GROUP BY` (the statement is `sql.rs`'s).

use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use hireboard_search::Facet;
use sqlx::postgres::{PgConnectOptions, PgConnection};
use sqlx::{Connection, Row};

use crate::answer::Answer;
use crate::query::{Query, Reach};
use crate::sql::{self, Bind, Dialect, Matched, Params};

/// The benchmark's own database on the server: nothing else is touched.
pub const DATABASE: &str = "hireboard_fts_bench";

pub struct Postgres {
    pub conn: PgConnection,
}

/// Connection options for `url` (a server URL, no database), refusing any host but this
/// machine's loopback.
pub fn server(url: &str) -> anyhow::Result<PgConnectOptions> {
    let options = PgConnectOptions::from_str(url)?;
    let host = options.get_host();
    anyhow::ensure!(
        matches!(host, "127.0.0.1" | "localhost" | "::1" | "[::1]"),
        "refusing PostgreSQL at {host}: only a loopback server is benchmarked"
    );
    Ok(options)
}

impl Postgres {
    /// Connects to the benchmark database, creating it when the server has none.
    pub async fn open(server: PgConnectOptions) -> anyhow::Result<Postgres> {
        let mut admin = PgConnection::connect_with(&server.clone().database("postgres")).await?;
        let exists: Option<i32> =
            sqlx::query_scalar("SELECT 1 FROM pg_database WHERE datname = $1")
                .bind(DATABASE)
                .fetch_optional(&mut admin)
                .await?;
        if exists.is_none() {
            sqlx::query(&format!("CREATE DATABASE {DATABASE}"))
                .execute(&mut admin)
                .await?;
        }
        admin.close().await?;
        // As a DBA would set up a search workload: no JIT compilation (it costs more than
        // these queries take), and room to count facets in memory.
        let options = server
            .database(DATABASE)
            .options([("jit", "off"), ("work_mem", "64MB")]);
        Ok(Postgres {
            conn: PgConnection::connect_with(&options).await?,
        })
    }

    pub async fn search(&mut self, query: &Query) -> anyhow::Result<Answer> {
        let statement = sql::statement::<Pg>(query, Utc::now())?;
        let mut bound = sqlx::query(&statement.sql);
        for value in statement.binds {
            bound = match value {
                Bind::Text(v) => bound.bind(v),
                Bind::Int(v) => bound.bind(v),
                Bind::Time(v) => bound.bind(v),
                Bind::Date(v) => bound.bind(v),
                Bind::Texts(v) => bound.bind(v),
                Bind::Ints(v) => bound.bind(v),
                Bind::Floats(v) => bound.bind(v),
            };
        }
        let row = bound.fetch_one(&mut self.conn).await?;
        let facets = (0..Facet::ALL.len())
            .map(|i| row.try_get::<String, _>(2 + i))
            .collect::<Result<Vec<_>, _>>()?;
        Answer::from_columns(&row.try_get::<String, _>(0)?, row.try_get(1)?, &facets)
    }
}

pub struct Pg;

impl Dialect for Pg {
    const PLACEHOLDER: &'static str = "$";
    const JSON_ARRAY: &'static str = "json_build_array";

    fn time(at: DateTime<Utc>) -> Bind {
        Bind::Time(at)
    }

    fn date(day: NaiveDate) -> Bind {
        Bind::Date(day)
    }

    fn text_match(query: &Query, params: &mut Params) -> Matched {
        let text = params.push(Bind::Text(query.text.clone()));
        // Parsed once per statement, not once per row ranked.
        Matched {
            prelude: format!(
                "q AS MATERIALIZED (SELECT websearch_to_tsquery('english', {text}) AS tsq), "
            ),
            from: "postings p CROSS JOIN q".to_owned(),
            condition: "p.document @@ q.tsq".to_owned(),
            rank: "ts_rank(p.document, q.tsq)".to_owned(),
        }
    }

    fn carried() -> &'static str {
        ", p.skills, p.cities, p.countries"
    }

    fn has_all(facet: Facet, values: &[String], params: &mut Params) -> String {
        let column = match facet {
            Facet::Skills => "skills",
            Facet::City => "city_keys",
            _ => "countries",
        };
        format!(
            "p.{column} @> {}",
            params.push(Bind::Texts(values.to_vec()))
        )
    }

    fn values_of(facet: Facet) -> (&'static str, &'static str) {
        let joins = match facet {
            Facet::Skills => " CROSS JOIN LATERAL unnest(m.skills) AS u(value)",
            Facet::City => " CROSS JOIN LATERAL unnest(m.cities) AS u(value)",
            _ => " CROSS JOIN LATERAL unnest(m.countries) AS u(value)",
        };
        (joins, "u.value")
    }

    fn near(reach: &Reach, params: &mut Params) -> String {
        let places = params.push(Bind::Ints(reach.cities.iter().map(|c| c.0).collect()));
        let open = params.push(Bind::Texts(vec![reach.country.clone(), "*".to_owned()]));
        format!("p.places && {places} OR p.remote_in && {open}")
    }

    fn distance(reach: &Reach, params: &mut Params) -> String {
        let places = params.push(Bind::Ints(reach.cities.iter().map(|c| c.0).collect()));
        let km = params.push(Bind::Floats(reach.cities.iter().map(|c| c.1).collect()));
        format!(
            "coalesce(-(SELECT min(r.km) FROM unnest({places}::int[], {km}::float8[]) \
             AS r(place, km) WHERE r.place = ANY(p.places)), -1e308)"
        )
    }

    fn json_agg(expression: &str) -> String {
        format!("coalesce(json_agg({expression}), '[]')::text")
    }

    fn json_text(expression: &str) -> String {
        format!("({expression})::text")
    }
}
