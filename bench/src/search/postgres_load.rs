//! Loading the postings into PostgreSQL once: a fresh table filled with `COPY` (CSV), the
//! `tsvector` computed by the server as each row arrives (a generated column), the indexes
//! built after the rows are in, then `ANALYZE`. A marker row names the file and count
//! loaded, so a later run on the same file reuses the table.

use sqlx::postgres::PgConnection;

use crate::corpus::Doc;

const SCHEMA: &str = "
DROP TABLE IF EXISTS fts_bench_loaded, postings;
CREATE TABLE postings (
    id bigint PRIMARY KEY,
    title text NOT NULL,
    skills text[] NOT NULL,
    skills_text text NOT NULL,
    company_name text NOT NULL,
    company_slug text NOT NULL,
    description text NOT NULL,
    requirements text NOT NULL,
    functional_area text NOT NULL,
    area_key text NOT NULL,
    cities text[] NOT NULL,
    city_keys text[] NOT NULL,
    countries text[] NOT NULL,
    places int[] NOT NULL,
    remote_in text[] NOT NULL,
    workplace_type text NOT NULL,
    employment_type text NOT NULL,
    min_years smallint NOT NULL,
    max_years smallint NOT NULL,
    experience_band text NOT NULL,
    salary_top bigint NOT NULL,
    salary_yearly bigint NOT NULL,
    currency text,
    salary_band text,
    posted_at timestamptz NOT NULL,
    valid_through date NOT NULL,
    document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A')
        || setweight(to_tsvector('english', skills_text), 'B')
        || setweight(to_tsvector('english', company_name || ' ' || description), 'C')
        || setweight(to_tsvector('english', requirements), 'D')
    ) STORED
);
CREATE TABLE fts_bench_loaded (signature text NOT NULL, postings bigint NOT NULL);
";

/// Built once the rows are in (faster than keeping them up to date row by row).
const INDEXES: &str = "
SET maintenance_work_mem = '1GB';
CREATE INDEX postings_document ON postings USING gin (document);
CREATE INDEX postings_skills ON postings USING gin (skills);
CREATE INDEX postings_city_keys ON postings USING gin (city_keys);
CREATE INDEX postings_countries ON postings USING gin (countries);
CREATE INDEX postings_area ON postings (area_key);
CREATE INDEX postings_company ON postings (company_slug);
CREATE INDEX postings_posted_at ON postings (posted_at);
CREATE INDEX postings_valid_through ON postings (valid_through);
ANALYZE postings;
";

const COPY: &str = "COPY postings (id, title, skills, skills_text, company_name, company_slug, \
    description, requirements, functional_area, area_key, cities, city_keys, countries, places, \
    remote_in, workplace_type, employment_type, min_years, max_years, experience_band, \
    salary_top, salary_yearly, currency, salary_band, posted_at, valid_through) \
    FROM STDIN WITH (FORMAT csv)";

/// How many postings the table holds from the file named `signature`, if it holds them all.
pub async fn loaded(conn: &mut PgConnection, signature: &str) -> anyhow::Result<Option<u64>> {
    let marker: Option<String> = sqlx::query_scalar("SELECT to_regclass('fts_bench_loaded')::text")
        .fetch_one(&mut *conn)
        .await?;
    if marker.is_none() {
        return Ok(None);
    }
    let marked: Option<i64> = sqlx::query_scalar(
        "SELECT postings FROM fts_bench_loaded WHERE signature = $1 \
         AND postings = (SELECT count(*) FROM postings)",
    )
    .bind(signature)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(marked.map(|count| count as u64))
}

/// Drops what an earlier load left and creates the empty tables.
pub async fn reset(conn: &mut PgConnection) -> anyhow::Result<()> {
    sqlx::raw_sql(SCHEMA).execute(conn).await?;
    Ok(())
}

pub async fn copy(conn: &mut PgConnection, docs: &[Doc]) -> anyhow::Result<()> {
    let mut data = String::with_capacity(docs.len() * 4096);
    for doc in docs {
        row(&mut data, doc);
    }
    let mut copy = conn.copy_in_raw(COPY).await?;
    copy.send(data.as_bytes()).await?;
    copy.finish().await?;
    Ok(())
}

/// Indexes, statistics, and the marker.
pub async fn finish(conn: &mut PgConnection, signature: &str, count: u64) -> anyhow::Result<()> {
    sqlx::raw_sql(INDEXES).execute(&mut *conn).await?;
    sqlx::query("INSERT INTO fts_bench_loaded (signature, postings) VALUES ($1, $2)")
        .bind(signature)
        .bind(count as i64)
        .execute(conn)
        .await?;
    Ok(())
}

/// One CSV line: text quoted (an unquoted empty field is NULL), arrays as array literals.
fn row(out: &mut String, doc: &Doc) {
    let lower = |values: &[String]| values.iter().map(|v| v.to_lowercase()).collect::<Vec<_>>();
    let places: Vec<String> = doc.places.iter().map(i32::to_string).collect();
    let fields = [
        Some(doc.id.to_string()),
        Some(text(&doc.title)),
        Some(array(&doc.skills)),
        Some(text(&doc.skills.join(" "))),
        Some(text(&doc.company_name)),
        Some(text(&doc.company_slug)),
        Some(text(&doc.description)),
        Some(text(&doc.requirements)),
        Some(text(&doc.functional_area)),
        Some(text(&doc.functional_area.to_lowercase())),
        Some(array(&doc.cities)),
        Some(array(&lower(&doc.cities))),
        Some(array(&doc.countries)),
        Some(array(&places)),
        Some(array(&doc.remote_in)),
        Some(doc.workplace_type.to_owned()),
        Some(doc.employment_type.to_owned()),
        Some(doc.min_years.to_string()),
        Some(doc.max_years.to_string()),
        Some(text(doc.experience_band)),
        Some(doc.salary_top.to_string()),
        Some(doc.salary_yearly.to_string()),
        doc.currency.as_deref().map(text),
        doc.salary_band.as_deref().map(text),
        Some(doc.posted_at.to_rfc3339()),
        Some(doc.valid_through.to_string()),
    ];
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if let Some(field) = field {
            out.push_str(field);
        }
    }
    out.push('\n');
}

/// A CSV field, always quoted.
fn text(value: &str) -> String {
    format!("\"{}\"", value.replace('"', "\"\""))
}

/// A PostgreSQL array literal of text, as a CSV field.
fn array(values: &[String]) -> String {
    let elements: Vec<String> = values
        .iter()
        .map(|v| format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\"")))
        .collect();
    text(&format!("{{{}}}", elements.join(",")))
}
