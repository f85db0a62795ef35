//! SQLite FTS5 over the same postings: an FTS5 table of title, skills, company, description
//! and the bullet lists (which hireboard searches too), ranked by `bm25` with column weights
//! in PostgreSQL's A/B/C/D proportions, beside plain tables of the filter and facet values
//! (the statement is `sql.rs`'s). The connection has the settings of hireboard's own SQLite
//! store.

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use hireboard_domain::geo;
use hireboard_search::Facet;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqliteSynchronous};
use sqlx::{Connection, Row};

use crate::answer::Answer;
use crate::query::{Query, Reach};
use crate::sql::{self, Bind, Dialect, Matched, Params};

pub struct Sqlite {
    pub conn: SqliteConnection,
}

impl Sqlite {
    pub async fn open(path: &Path) -> anyhow::Result<Sqlite> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .pragma("cache_size", "-65536")
            .pragma("temp_store", "memory");
        Ok(Sqlite {
            conn: SqliteConnection::connect_with(&options).await?,
        })
    }

    pub async fn search(&mut self, query: &Query) -> anyhow::Result<Answer> {
        let statement = sql::statement::<Lite>(query, Utc::now())?;
        let mut bound = sqlx::query(&statement.sql);
        for value in statement.binds {
            bound = match value {
                Bind::Text(v) => bound.bind(v),
                Bind::Int(v) => bound.bind(v),
                _ => anyhow::bail!("SQLite takes text and whole numbers only"),
            };
        }
        let row = bound.fetch_one(&mut self.conn).await?;
        let facets = (0..Facet::ALL.len())
            .map(|i| row.try_get::<String, _>(2 + i))
            .collect::<Result<Vec<_>, _>>()?;
        Answer::from_columns(&row.try_get::<String, _>(0)?, row.try_get(1)?, &facets)
    }
}

/// bm25's weight of each FTS5 column: PostgreSQL's default weights for A, B, C, C, D
/// (1.0, 0.4, 0.2, 0.2, 0.1), times ten.
const BM25: &str = "bm25(postings_fts, 10.0, 4.0, 2.0, 2.0, 1.0)";

pub struct Lite;

/// The places within reach, as a JSON array.
fn places(reach: &Reach) -> String {
    let places: Vec<String> = reach.cities.iter().map(|c| c.0.to_string()).collect();
    format!("[{}]", places.join(","))
}

impl Dialect for Lite {
    const PLACEHOLDER: &'static str = "?";
    const JSON_ARRAY: &'static str = "json_array";

    fn time(at: DateTime<Utc>) -> Bind {
        Bind::Int(at.timestamp_micros())
    }

    fn date(day: NaiveDate) -> Bind {
        Bind::Text(day.to_string())
    }

    fn text_match(query: &Query, params: &mut Params) -> Matched {
        let text = params.push(Bind::Text(query.fts5.clone()));
        Matched {
            prelude: String::new(),
            from: "postings_fts JOIN postings p ON p.id = postings_fts.rowid".to_owned(),
            condition: format!("postings_fts MATCH {text}"),
            // bm25 is lower for better matches.
            rank: format!("-{BM25}"),
        }
    }

    fn carried() -> &'static str {
        ""
    }

    fn has_all(facet: Facet, values: &[String], params: &mut Params) -> String {
        let (table, column) = match facet {
            Facet::Skills => ("posting_skills", "skill"),
            Facet::City => ("posting_cities", "city_key"),
            _ => ("posting_countries", "country"),
        };
        let tests: Vec<String> = values
            .iter()
            .map(|value| {
                let value = params.push(Bind::Text(value.clone()));
                format!(
                    "EXISTS (SELECT 1 FROM {table} t WHERE t.posting_id = p.id \
                     AND t.{column} = {value})"
                )
            })
            .collect();
        tests.join(" AND ")
    }

    fn values_of(facet: Facet) -> (&'static str, &'static str) {
        // CROSS JOIN keeps the matches as the outer loop: left to itself, the planner scans
        // every posting's values and looks each up in the matches, even when there are none.
        match facet {
            Facet::Skills => (
                " CROSS JOIN posting_skills u ON u.posting_id = m.id",
                "u.skill",
            ),
            Facet::City => (
                " CROSS JOIN posting_cities u ON u.posting_id = m.id",
                "u.city",
            ),
            _ => (
                " CROSS JOIN posting_countries u ON u.posting_id = m.id",
                "u.country",
            ),
        }
    }

    fn near(reach: &Reach, params: &mut Params) -> String {
        let places = params.push(Bind::Text(places(reach)));
        let country = params.push(Bind::Text(reach.country.clone()));
        format!(
            "EXISTS (SELECT 1 FROM posting_places g WHERE g.posting_id = p.id \
             AND g.place IN (SELECT value FROM json_each({places}))) \
             OR EXISTS (SELECT 1 FROM posting_remote r WHERE r.posting_id = p.id \
             AND r.country IN ({country}, '*'))"
        )
    }

    fn distance(reach: &Reach, params: &mut Params) -> String {
        // Kilometres by place (a JSON array over every city), so an office's distance is
        // one lookup.
        let mut km = vec!["null".to_owned(); geo::CITIES.len()];
        for (place, distance) in &reach.cities {
            km[*place as usize] = distance.to_string();
        }
        let km = params.push(Bind::Text(format!("[{}]", km.join(","))));
        let places = params.push(Bind::Text(places(reach)));
        format!(
            "coalesce(-(SELECT min(json_extract({km}, '$[' || g.place || ']')) \
             FROM posting_places g WHERE g.posting_id = p.id \
             AND g.place IN (SELECT value FROM json_each({places}))), -1e308)"
        )
    }

    fn json_agg(expression: &str) -> String {
        format!("json_group_array({expression})")
    }

    fn json_text(expression: &str) -> String {
        expression.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{corpus, searches::SEARCHES, sqlite_load};

    /// Every search of the rotation runs on a small generated set, and a facet's counts
    /// leave out the filter on that facet as hireboard's do.
    #[tokio::test]
    async fn the_rotation_runs_with_hireboards_facet_semantics() {
        let folder = tempfile::tempdir().unwrap();
        let mut lite = Sqlite::open(&folder.path().join("fts5.db")).await.unwrap();
        sqlite_load::reset(&mut lite.conn).await.unwrap();
        let today = Utc::now().date_naive();
        let docs: Vec<_> = hireboard_datagen::generate(1, today)
            .take(500)
            .enumerate()
            .filter_map(|(i, record)| corpus::doc(i + 1, record, today))
            .collect();
        sqlite_load::insert(&mut lite.conn, &docs).await.unwrap();
        sqlite_load::finish(&mut lite.conn, "test", docs.len() as u64)
            .await
            .unwrap();
        for label in SEARCHES {
            let answer = lite.search(&Query::parse(label).unwrap()).await.unwrap();
            assert_eq!(answer.hits as u64, answer.total.min(20), "{label}");
        }
        let all = lite
            .search(&Query::parse("q=engineer").unwrap())
            .await
            .unwrap();
        let remote = Query::parse("q=engineer&workplace_type=remote").unwrap();
        let remote = lite.search(&remote).await.unwrap();
        let workplace = Facet::WorkplaceType as usize;
        assert_eq!(remote.facets[workplace], all.facets[workplace]);
        let counted: u64 = remote.facets[workplace].iter().map(|v| v.1).sum();
        assert_eq!(counted, all.total);
        let listed = remote.facets[workplace].iter().find(|v| v.0 == "remote");
        assert_eq!(listed.map(|v| v.1), Some(remote.total));
        assert!(remote.total > 0 && remote.total < all.total);
    }
}
