//! Loading the postings into SQLite once: multi-row inserts, a transaction per batch, the
//! indexes built and the FTS5 index merged (`optimize`) after the rows are in, then
//! `ANALYZE`. A marker row names the file and count loaded, so a later run on the same file
//! reuses the tables.

use sqlx::sqlite::{Sqlite, SqliteConnection};
use sqlx::{Connection, QueryBuilder};

use crate::corpus::Doc;

const SCHEMA: &str = "
DROP TABLE IF EXISTS fts_bench_loaded;
DROP TABLE IF EXISTS postings_fts;
DROP TABLE IF EXISTS posting_skills;
DROP TABLE IF EXISTS posting_cities;
DROP TABLE IF EXISTS posting_countries;
DROP TABLE IF EXISTS posting_places;
DROP TABLE IF EXISTS posting_remote;
DROP TABLE IF EXISTS postings;
CREATE TABLE postings (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    company_slug TEXT NOT NULL,
    functional_area TEXT NOT NULL,
    area_key TEXT NOT NULL,
    workplace_type TEXT NOT NULL,
    employment_type TEXT NOT NULL,
    min_years INTEGER NOT NULL,
    max_years INTEGER NOT NULL,
    experience_band TEXT NOT NULL,
    salary_top INTEGER NOT NULL,
    salary_yearly INTEGER NOT NULL,
    currency TEXT,
    salary_band TEXT,
    posted_at INTEGER NOT NULL,
    valid_through TEXT NOT NULL
);
CREATE TABLE posting_skills (posting_id INTEGER NOT NULL, skill TEXT NOT NULL,
    PRIMARY KEY (posting_id, skill)) WITHOUT ROWID;
CREATE TABLE posting_cities (posting_id INTEGER NOT NULL, city TEXT NOT NULL,
    city_key TEXT NOT NULL, PRIMARY KEY (posting_id, city)) WITHOUT ROWID;
CREATE TABLE posting_countries (posting_id INTEGER NOT NULL, country TEXT NOT NULL,
    PRIMARY KEY (posting_id, country)) WITHOUT ROWID;
CREATE TABLE posting_places (posting_id INTEGER NOT NULL, place INTEGER NOT NULL,
    PRIMARY KEY (posting_id, place)) WITHOUT ROWID;
CREATE TABLE posting_remote (posting_id INTEGER NOT NULL, country TEXT NOT NULL,
    PRIMARY KEY (posting_id, country)) WITHOUT ROWID;
CREATE VIRTUAL TABLE postings_fts USING fts5(title, skills, company, description, requirements,
    content = '', tokenize = 'porter unicode61 remove_diacritics 2');
CREATE TABLE fts_bench_loaded (signature TEXT NOT NULL, postings INTEGER NOT NULL);
";

const INDEXES: &str = "
CREATE INDEX postings_area ON postings (area_key);
CREATE INDEX postings_company ON postings (company_slug);
CREATE INDEX postings_posted_at ON postings (posted_at);
CREATE INDEX posting_skills_skill ON posting_skills (skill);
CREATE INDEX posting_cities_key ON posting_cities (city_key);
CREATE INDEX posting_countries_country ON posting_countries (country);
INSERT INTO postings_fts (postings_fts) VALUES ('optimize');
ANALYZE;
";

/// SQLite binds at most 32,766 values per statement.
const MAX_BINDS: usize = 32_000;

/// How many postings the tables hold from the file named `signature`, if they hold them all.
pub async fn loaded(conn: &mut SqliteConnection, signature: &str) -> anyhow::Result<Option<u64>> {
    let marker: Option<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'fts_bench_loaded'",
    )
    .fetch_optional(&mut *conn)
    .await?;
    if marker.is_none() {
        return Ok(None);
    }
    let marked: Option<i64> = sqlx::query_scalar(
        "SELECT postings FROM fts_bench_loaded WHERE signature = ?1 \
         AND postings = (SELECT count(*) FROM postings)",
    )
    .bind(signature)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(marked.map(|count| count as u64))
}

/// Drops what an earlier load left and creates the empty tables.
pub async fn reset(conn: &mut SqliteConnection) -> anyhow::Result<()> {
    sqlx::raw_sql(SCHEMA).execute(conn).await?;
    Ok(())
}

pub async fn insert(conn: &mut SqliteConnection, docs: &[Doc]) -> anyhow::Result<()> {
    let mut tx = conn.begin().await?;
    for chunk in docs.chunks(MAX_BINDS / 16) {
        let mut rows = QueryBuilder::<Sqlite>::new(
            "INSERT INTO postings (id, title, company_slug, functional_area, area_key, \
             workplace_type, employment_type, min_years, max_years, experience_band, \
             salary_top, salary_yearly, currency, salary_band, posted_at, valid_through) ",
        );
        rows.push_values(chunk, |mut row, doc| {
            row.push_bind(doc.id)
                .push_bind(&doc.title)
                .push_bind(&doc.company_slug)
                .push_bind(&doc.functional_area)
                .push_bind(doc.functional_area.to_lowercase())
                .push_bind(doc.workplace_type)
                .push_bind(doc.employment_type)
                .push_bind(doc.min_years)
                .push_bind(doc.max_years)
                .push_bind(doc.experience_band)
                .push_bind(doc.salary_top)
                .push_bind(doc.salary_yearly)
                .push_bind(&doc.currency)
                .push_bind(&doc.salary_band)
                .push_bind(doc.posted_at.timestamp_micros())
                .push_bind(doc.valid_through.to_string());
        });
        rows.build().execute(&mut *tx).await?;
    }
    for chunk in docs.chunks(MAX_BINDS / 6) {
        let mut rows = QueryBuilder::<Sqlite>::new(
            "INSERT INTO postings_fts (rowid, title, skills, company, description, requirements) ",
        );
        rows.push_values(chunk, |mut row, doc| {
            row.push_bind(doc.id)
                .push_bind(&doc.title)
                .push_bind(doc.skills.join(" "))
                .push_bind(&doc.company_name)
                .push_bind(&doc.description)
                .push_bind(&doc.requirements);
        });
        rows.build().execute(&mut *tx).await?;
    }
    let pairs = |values: fn(&Doc) -> &[String]| -> Vec<(i64, &str)> {
        docs.iter()
            .flat_map(|doc| values(doc).iter().map(|v| (doc.id, v.as_str())))
            .collect()
    };
    let places: Vec<(i64, i32)> = docs
        .iter()
        .flat_map(|doc| doc.places.iter().map(|place| (doc.id, *place)))
        .collect();
    insert_pairs(
        &mut tx,
        "posting_skills (posting_id, skill)",
        &pairs(|d| &d.skills),
    )
    .await?;
    insert_pairs(
        &mut tx,
        "posting_countries (posting_id, country)",
        &pairs(|d| &d.countries),
    )
    .await?;
    insert_pairs(
        &mut tx,
        "posting_remote (posting_id, country)",
        &pairs(|d| &d.remote_in),
    )
    .await?;
    insert_pairs(&mut tx, "posting_places (posting_id, place)", &places).await?;
    let cities = pairs(|d| &d.cities);
    for chunk in cities.chunks(MAX_BINDS / 3) {
        let mut rows =
            QueryBuilder::<Sqlite>::new("INSERT INTO posting_cities (posting_id, city, city_key) ");
        rows.push_values(chunk, |mut row, (id, city)| {
            row.push_bind(*id)
                .push_bind(city)
                .push_bind(city.to_lowercase());
        });
        rows.build().execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Rows of (posting, value) into a two-column table.
async fn insert_pairs<'a, T>(
    conn: &mut SqliteConnection,
    table: &str,
    rows: &'a [(i64, T)],
) -> anyhow::Result<()>
where
    T: sqlx::Encode<'a, Sqlite> + sqlx::Type<Sqlite> + Sync,
{
    for chunk in rows.chunks(MAX_BINDS / 2) {
        let mut insert = QueryBuilder::<Sqlite>::new(format!("INSERT INTO {table} "));
        insert.push_values(chunk, |mut row, (id, value)| {
            row.push_bind(*id).push_bind(value);
        });
        insert.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// Indexes, the merged FTS5 index, statistics, and the marker.
pub async fn finish(
    conn: &mut SqliteConnection,
    signature: &str,
    count: u64,
) -> anyhow::Result<()> {
    sqlx::raw_sql(INDEXES).execute(&mut *conn).await?;
    sqlx::query("INSERT INTO fts_bench_loaded (signature, postings) VALUES (?1, ?2)")
        .bind(signature)
        .bind(count as i64)
        .execute(conn)
        .await?;
    Ok(())
}
