//! Importing postings in bulk: a batch of thousands in a few multi-row statements per table,
//! with the same outcome as writing its records one by one.
//!
//! Records that name a posting (by external reference or job code) update it one at a time,
//! as an edit would; new postings, the common case of a large import, are inserted together
//! with their filter rows and `posting.published` events. Records of one batch that name the
//! same posting go in separate runs, so the later one finds what the earlier one wrote.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, SubsecRound, Utc};
use hireboard_domain::event::{Event, PostingChange, PostingSnapshot};
use hireboard_domain::ids::*;
use hireboard_domain::posting::*;
use sqlx::{QueryBuilder, Row};

use super::common::job_code;
use super::events::{record_events, ALTERNATIVES_PER_STATEMENT, ROWS_PER_STATEMENT};
use super::postings::{
    content_columns, random_job_code, record_posting_event, rewrite, Value,
};
use super::{day, ts, Backend, Conn, Db, EXTERNAL_REF_COLUMNS, INSERT_OR_IGNORE, ON_CONFLICT_IGNORE};
use crate::records::{ImportOutcome, ImportedPosting};
use crate::{StoreError, StoreResult};

/// Attempts at drawing free job codes for a run before giving up (a draw collides only when
/// the seven-digit code space is nearly full).
const CODE_DRAWS: usize = 16;

pub async fn import(
    store: &Backend,
    batch: Vec<ImportedPosting>,
) -> StoreResult<Vec<ImportOutcome>> {
    store
        .writer
        .run(move |conn| Box::pin(import_all(conn, batch)))
        .await
}

async fn import_all(
    conn: &mut Conn,
    batch: Vec<ImportedPosting>,
) -> StoreResult<Vec<ImportOutcome>> {
    let companies = ensure_companies(conn, &batch).await?;
    let mut outcomes = Vec::with_capacity(batch.len());
    let mut items = batch.into_iter().peekable();
    while items.peek().is_some() {
        let mut names = HashSet::new();
        let mut run = Vec::new();
        while let Some(item) = items.next_if(|item| distinct_names(item, &names)) {
            names.extend(posting_names(&item));
            run.push(item);
        }
        outcomes.extend(import_run(conn, &companies, run).await?);
    }
    Ok(outcomes)
}

/// What a record can name a posting by: its job code, and its external reference within its
/// company.
#[derive(PartialEq, Eq, Hash)]
enum Name {
    Code(i64),
    Reference(String, String, String),
}

fn posting_names(item: &ImportedPosting) -> impl Iterator<Item = Name> + '_ {
    let code = item.job_code.map(|code| Name::Code(code.get()));
    let reference = item.external_ref.as_ref().map(|r| {
        Name::Reference(
            item.company_slug.clone(),
            r.source().to_owned(),
            r.id().to_owned(),
        )
    });
    code.into_iter().chain(reference)
}

fn distinct_names(item: &ImportedPosting, names: &HashSet<Name>) -> bool {
    posting_names(item).all(|name| !names.contains(&name))
}

/// A company as its postings show it.
type Company = (CompanyId, String);

/// The batch's companies by slug, created where missing.
async fn ensure_companies(
    conn: &mut Conn,
    batch: &[ImportedPosting],
) -> StoreResult<HashMap<String, Company>> {
    let mut names = HashMap::new();
    for item in batch {
        names
            .entry(item.company_slug.as_str())
            .or_insert((item.company_name.as_str(), item.now));
    }
    let wanted: Vec<_> = names.into_iter().collect();
    let mut ids = HashMap::with_capacity(wanted.len());
    for chunk in wanted.chunks(ROWS_PER_STATEMENT) {
        let mut sql = QueryBuilder::<Db>::new(format!(
            "{INSERT_OR_IGNORE} INTO companies (slug, name, created_at) "
        ));
        sql.push_values(chunk, |mut row, (slug, (name, now))| {
            row.push_bind(slug.to_string())
                .push_bind(name.to_string())
                .push_bind(ts(*now));
        });
        sql.push(ON_CONFLICT_IGNORE).build().execute(&mut *conn).await?;
        let mut sql =
            QueryBuilder::<Db>::new("SELECT id, slug, name FROM companies WHERE slug IN (");
        let mut slugs = sql.separated(", ");
        for (slug, _) in chunk {
            slugs.push_bind(slug.to_string());
        }
        sql.push(")");
        for row in sql.build().fetch_all(&mut *conn).await? {
            let company = (CompanyId(row.try_get("id")?), row.try_get("name")?);
            ids.insert(row.try_get("slug")?, company);
        }
    }
    Ok(ids)
}

/// Imports records that name distinct postings.
async fn import_run(
    conn: &mut Conn,
    companies: &HashMap<String, Company>,
    run: Vec<ImportedPosting>,
) -> StoreResult<Vec<ImportOutcome>> {
    let company = |item: &ImportedPosting| {
        companies
            .get(&item.company_slug)
            .ok_or_else(|| StoreError::internal("imported company was not created"))
    };
    let named = named_postings(conn, companies, &run).await?;
    let mut outcomes: Vec<Option<ImportOutcome>> = vec![None; run.len()];
    let mut new = Vec::new();
    for ((item, named), outcome) in run.into_iter().zip(named).zip(&mut outcomes) {
        match named {
            Some(named) => {
                let company = company(&item)?.0;
                *outcome = Some(update_named(conn, company, named, item).await?);
            }
            None => new.push((company(&item)?, item, outcome)),
        }
    }
    let codes = insert_new(conn, &new).await?;
    for ((_, _, outcome), code) in new.into_iter().zip(codes) {
        *outcome = Some(ImportOutcome::Created(code));
    }
    outcomes
        .into_iter()
        .map(|outcome| outcome.ok_or_else(|| StoreError::internal("import record left out")))
        .collect()
}

/// The posting each record names, found by its external reference within its company, else
/// by its job code (with the company that owns it).
async fn named_postings(
    conn: &mut Conn,
    companies: &HashMap<String, Company>,
    run: &[ImportedPosting],
) -> StoreResult<Vec<Option<(PostingId, JobCode, CompanyId)>>> {
    let mut by_reference = HashMap::new();
    let referenced: Vec<_> = run
        .iter()
        .filter_map(|item| Some((companies.get(&item.company_slug)?.0, item.external_ref.as_ref()?)))
        .collect();
    for chunk in referenced.chunks(ALTERNATIVES_PER_STATEMENT) {
        let mut sql = QueryBuilder::<Db>::new(format!(
            "SELECT p.id, p.job_code, p.company_id, {EXTERNAL_REF_COLUMNS} FROM postings p WHERE "
        ));
        for (n, (company, reference)) in chunk.iter().enumerate() {
            sql.push(if n == 0 { "(" } else { " OR (" })
                .push("p.company_id = ")
                .push_bind(company.0)
                .push(" AND p.external_source = ")
                .push_bind(reference.source().to_owned())
                .push(" AND p.external_id = ")
                .push_bind(reference.id().to_owned())
                .push(")");
        }
        for row in sql.build().fetch_all(&mut *conn).await? {
            let key: (i64, String, String) = (
                row.try_get("company_id")?,
                row.try_get("external_source")?,
                row.try_get("external_id")?,
            );
            by_reference.insert(key, named(&row)?);
        }
    }
    let mut by_code = HashMap::new();
    let codes: Vec<i64> = run.iter().filter_map(|i| i.job_code).map(JobCode::get).collect();
    for chunk in codes.chunks(ROWS_PER_STATEMENT) {
        let mut sql = QueryBuilder::<Db>::new(
            "SELECT id, job_code, company_id FROM postings WHERE job_code IN (",
        );
        let mut list = sql.separated(", ");
        for code in chunk {
            list.push_bind(*code);
        }
        sql.push(")");
        for row in sql.build().fetch_all(&mut *conn).await? {
            by_code.insert(row.try_get::<i64, _>("job_code")?, named(&row)?);
        }
    }
    Ok(run
        .iter()
        .map(|item| {
            let reference = item.external_ref.as_ref().and_then(|r| {
                let company = companies.get(&item.company_slug)?;
                by_reference.get(&(company.0 .0, r.source().to_owned(), r.id().to_owned()))
            });
            let code = || item.job_code.and_then(|code| by_code.get(&code.get()));
            reference.or_else(code).copied()
        })
        .collect())
}

fn named(row: &super::DbRow) -> StoreResult<(PostingId, JobCode, CompanyId)> {
    Ok((
        PostingId(row.try_get("id")?),
        job_code(row, "job_code")?,
        CompanyId(row.try_get("company_id")?),
    ))
}

/// Updates the posting a record names, unless another company owns it or a moderator hid or
/// removed it.
async fn update_named(
    conn: &mut Conn,
    company_id: CompanyId,
    (id, code, owner): (PostingId, JobCode, CompanyId),
    item: ImportedPosting,
) -> StoreResult<ImportOutcome> {
    if owner != company_id {
        return Ok(ImportOutcome::JobCodeTaken);
    }
    // A moderator's decision stands: hidden and removed postings keep their content.
    let importable = "status NOT IN ('hidden', 'removed')";
    if !rewrite(conn, id, &item.content, item.valid_through, item.now, importable).await? {
        return Ok(ImportOutcome::Moderated(code));
    }
    let updated = PostingChange::Updated { by: None };
    record_posting_event(conn, id, updated, item.now).await?;
    Ok(ImportOutcome::Updated(code))
}

/// Inserts new postings published, with their filter rows and events; their job codes, in
/// order.
async fn insert_new(
    conn: &mut Conn,
    new: &[(&Company, ImportedPosting, &mut Option<ImportOutcome>)],
) -> StoreResult<Vec<JobCode>> {
    if new.is_empty() {
        return Ok(Vec::new());
    }
    let codes = free_codes(conn, new.iter().map(|(_, item, _)| item.job_code)).await?;
    let rows: Vec<_> = new
        .iter()
        .zip(&codes)
        .map(|((company, item, _), code)| Ok((company.0, item, *code, content_columns(&item.content)?)))
        .collect::<StoreResult<_>>()?;
    let names: Vec<&str> = rows[0].3.iter().map(|(name, _)| *name).collect();
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let mut sql = QueryBuilder::<Db>::new(format!(
            "INSERT INTO postings (job_code, company_id, posted_by, status, posted_at, valid_through, created_at, updated_at, external_source, external_id, {}) ",
            names.join(", ")
        ));
        sql.push_values(chunk, |mut row, (company, item, code, columns)| {
            let reference = item.external_ref.as_ref();
            row.push_bind(code.get())
                .push_bind(company.0)
                .push_bind(None::<i64>)
                .push_bind(PostingStatus::Published.as_str())
                .push_bind(ts(item.posted_at))
                .push_bind(day(item.valid_through))
                .push_bind(ts(item.now))
                .push_bind(ts(item.now))
                .push_bind(reference.map(|r| r.source().to_owned()))
                .push_bind(reference.map(|r| r.id().to_owned()));
            for (_, value) in columns {
                match value {
                    Value::Text(text) => row.push_bind(text.clone()),
                    Value::Int(int) => row.push_bind(*int),
                };
            }
        });
        sql.build().execute(&mut *conn).await?;
    }
    let ids = ids_of(conn, &codes).await?;
    let contents: Vec<_> = ids.iter().zip(new).map(|(id, (_, item, _))| (*id, &item.content)).collect();
    write_new_filters(conn, &contents).await?;
    let mut events = Vec::with_capacity(new.len());
    for ((id, code), (company, item, _)) in ids.iter().zip(&codes).zip(new) {
        let posting = as_inserted(*id, *code, company, item);
        let published = PostingChange::Published { from: None, by: None };
        events.push((item.now, published.into_event(PostingSnapshot::from(&posting))));
    }
    for group in events.chunk_by(|a, b| a.0 == b.0) {
        let now: DateTime<Utc> = group[0].0;
        let group: Vec<Event> = group.iter().map(|(_, event)| event.clone()).collect();
        record_events(conn, &group, now).await?;
    }
    Ok(codes)
}

/// Job codes for new postings: the one a record gives (free, since no posting has it), else a
/// random code no posting and no other record of the run has.
async fn free_codes(
    conn: &mut Conn,
    wanted: impl Iterator<Item = Option<JobCode>>,
) -> StoreResult<Vec<JobCode>> {
    let wanted: Vec<Option<JobCode>> = wanted.collect();
    let mut codes: Vec<JobCode> = wanted.iter().map(|c| c.unwrap_or_else(random_job_code)).collect();
    let mut drawn: Vec<usize> = (0..codes.len()).filter(|&i| wanted[i].is_none()).collect();
    for _ in 0..CODE_DRAWS {
        let mut taken = HashSet::new();
        for chunk in drawn.chunks(ROWS_PER_STATEMENT) {
            let mut sql =
                QueryBuilder::<Db>::new("SELECT job_code FROM postings WHERE job_code IN (");
            let mut list = sql.separated(", ");
            for &i in chunk {
                list.push_bind(codes[i].get());
            }
            sql.push(")");
            for row in sql.build().fetch_all(&mut *conn).await? {
                taken.insert(row.try_get::<i64, _>("job_code")?);
            }
        }
        // Against every code of the run that is not being drawn now: the given ones and
        // those drawn earlier that were free.
        let drawing: HashSet<usize> = drawn.iter().copied().collect();
        let mut seen: HashSet<i64> = (0..codes.len())
            .filter(|i| !drawing.contains(i))
            .map(|i| codes[i].get())
            .collect();
        let mut again = Vec::new();
        for &i in &drawn {
            let code = codes[i].get();
            if taken.contains(&code) || !seen.insert(code) {
                codes[i] = random_job_code();
                again.push(i);
            }
        }
        if again.is_empty() {
            return Ok(codes);
        }
        drawn = again;
    }
    Err(StoreError::internal("no free job codes found"))
}

/// The ids of the postings with these job codes, in the same order.
async fn ids_of(conn: &mut Conn, codes: &[JobCode]) -> StoreResult<Vec<PostingId>> {
    let mut ids = HashMap::with_capacity(codes.len());
    for chunk in codes.chunks(ROWS_PER_STATEMENT) {
        let mut sql = QueryBuilder::<Db>::new("SELECT id, job_code FROM postings WHERE job_code IN (");
        let mut list = sql.separated(", ");
        for code in chunk {
            list.push_bind(code.get());
        }
        sql.push(")");
        for row in sql.build().fetch_all(&mut *conn).await? {
            ids.insert(row.try_get::<i64, _>("job_code")?, PostingId(row.try_get("id")?));
        }
    }
    codes
        .iter()
        .map(|code| {
            ids.get(&code.get())
                .copied()
                .ok_or_else(|| StoreError::internal(format!("imported posting {code} not found")))
        })
        .collect()
}

/// The filter rows of new postings (which have none yet).
async fn write_new_filters(
    conn: &mut Conn,
    postings: &[(PostingId, &PostingContent)],
) -> StoreResult<()> {
    let skills: Vec<(i64, &str)> = postings
        .iter()
        .flat_map(|(id, content)| content.skills().iter().map(|s| (id.0, s.as_str())))
        .collect();
    for chunk in skills.chunks(ROWS_PER_STATEMENT) {
        let mut sql = QueryBuilder::<Db>::new("INSERT INTO posting_skills (posting_id, skill) ");
        sql.push_values(chunk, |mut row, (id, skill)| {
            row.push_bind(*id).push_bind(skill.to_string());
        });
        sql.build().execute(&mut *conn).await?;
    }
    let locations: Vec<(i64, &Location)> = postings
        .iter()
        .flat_map(|(id, content)| content.locations().iter().map(|l| (id.0, l)))
        .collect();
    for chunk in locations.chunks(ROWS_PER_STATEMENT) {
        let mut sql = QueryBuilder::<Db>::new(
            "INSERT INTO posting_locations (posting_id, city_key, country) ",
        );
        sql.push_values(chunk, |mut row, (id, location)| {
            row.push_bind(*id)
                .push_bind(location.city.as_ref().map(|c| c.to_lowercase()))
                .push_bind(location.country.clone());
        });
        sql.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// A new posting as the row just inserted reads back (times at the stored precision), for
/// its event: reading a thousand rows back would cost as much as writing them.
fn as_inserted(id: PostingId, code: JobCode, company: &Company, item: &ImportedPosting) -> Posting {
    let stored = |at: DateTime<Utc>| at.trunc_subsecs(6);
    Posting {
        id,
        company_id: company.0,
        posted_by_id: None,
        job_code: code,
        status: PostingStatus::Published,
        company: CompanyRef {
            slug: item.company_slug.clone(),
            name: company.1.clone(),
        },
        posted_by: Some(company.1.clone()),
        content: item.content.clone(),
        posted_at: Some(stored(item.posted_at)),
        reconfirmed_at: None,
        valid_through: item.valid_through,
        removal_reason: None,
        external_ref: item.external_ref.clone(),
        created_at: stored(item.now),
        updated_at: stored(item.now),
    }
}
