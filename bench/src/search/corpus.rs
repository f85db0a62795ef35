//! The postings file (JSON Lines from `hireboard generate`) read as `hireboard import` reads
//! it: each line an `ImportRecord`, checked with `record.posting.parse(today)`. Each posting
//! is then flattened into what the SQL engines store, its text taken from the same snapshot
//! hireboard's search index is built from, so all three engines search the same words.

use std::fs::File;
use std::io::{BufRead, BufReader, Lines};
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use hireboard_domain::company::slugify;
use hireboard_domain::event::PostingSnapshot;
use hireboard_domain::geo;
use hireboard_domain::ids::{CompanyId, JobCode, PostingId};
use hireboard_domain::posting::{
    CompanyRef, ImportRecord, Posting, PostingStatus, SalaryPeriod, WorkplaceType,
};
use hireboard_search::facets::{experience_band, salary_band};

/// A posting as the SQL engines store it.
pub struct Doc {
    pub id: i64,
    pub title: String,
    pub skills: Vec<String>,
    pub company_name: String,
    pub company_slug: String,
    /// The description as plain text.
    pub description: String,
    /// Its bullet lists, one per line.
    pub requirements: String,
    pub functional_area: String,
    pub cities: Vec<String>,
    pub countries: Vec<String>,
    /// Offices in cities the board knows, as indexes into `geo::CITIES`.
    pub places: Vec<i32>,
    /// For a remote posting, the countries it may be worked from, or `*` for anywhere.
    pub remote_in: Vec<String>,
    pub workplace_type: &'static str,
    pub employment_type: &'static str,
    pub min_years: i16,
    pub max_years: i16,
    pub experience_band: &'static str,
    /// The top of the salary range as posted, 0 without one.
    pub salary_top: i64,
    /// The top of the range a year, 0 without one (what `sort=salary` orders by).
    pub salary_yearly: i64,
    pub currency: Option<String>,
    pub salary_band: Option<String>,
    pub posted_at: DateTime<Utc>,
    pub valid_through: NaiveDate,
}

/// What the loaders write from a posting: change it whenever that changes, so that tables
/// loaded by an earlier build are loaded again.
const LOADED_FORMAT: u32 = 1;

/// Names a postings file by its path, size and modification time, and the loaders' format:
/// a database loaded from it is reused only while this is unchanged.
pub fn signature(path: &Path) -> anyhow::Result<String> {
    let meta = std::fs::metadata(path)?;
    let modified = meta
        .modified()?
        .duration_since(std::time::UNIX_EPOCH)?
        .as_nanos();
    let path = std::fs::canonicalize(path)?;
    Ok(format!(
        "{} {} {modified} format {LOADED_FORMAT}",
        path.display(),
        meta.len()
    ))
}

/// Reads a postings file a batch at a time.
pub struct Reader {
    lines: Lines<BufReader<File>>,
    line: usize,
    today: NaiveDate,
    /// Lines that did not make a posting, as `hireboard import` would have refused them.
    pub rejected: u64,
}

impl Reader {
    pub fn open(path: &Path) -> anyhow::Result<Reader> {
        let file =
            File::open(path).map_err(|e| anyhow::anyhow!("cannot open {}: {e}", path.display()))?;
        Ok(Reader {
            lines: BufReader::with_capacity(1 << 20, file).lines(),
            line: 0,
            today: Utc::now().date_naive(),
            rejected: 0,
        })
    }

    /// Up to `size` postings; empty at the end of the file.
    pub fn batch(&mut self, size: usize) -> anyhow::Result<Vec<Doc>> {
        let mut docs = Vec::with_capacity(size);
        while docs.len() < size {
            let Some(line) = self.lines.next() else { break };
            self.line += 1;
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            let doc = serde_json::from_str::<ImportRecord>(&line)
                .ok()
                .and_then(|record| doc(self.line, record, self.today));
            match doc {
                Some(doc) => docs.push(doc),
                None => self.rejected += 1,
            }
        }
        Ok(docs)
    }
}

/// The posting of line `line`, or `None` when the import would refuse it. Its id is a job
/// code made from the line number (the import assigns random ones; only counts are
/// compared between engines).
pub fn doc(line: usize, record: ImportRecord, today: NaiveDate) -> Option<Doc> {
    let (content, _) = record.posting.parse(today).ok()?;
    let slug = slugify("company", &record.company).ok()?;
    let job_code = JobCode::new(JobCode::MIN + line as i64).ok()?;
    let posting = Posting {
        id: PostingId(line as i64),
        company_id: CompanyId(0),
        posted_by_id: None,
        job_code,
        status: PostingStatus::Published,
        company: CompanyRef {
            slug,
            name: record.company,
        },
        posted_by: None,
        content,
        posted_at: Some(record.posted_at),
        reconfirmed_at: None,
        valid_through: record.valid_through,
        removal_reason: None,
        external_ref: None,
        created_at: record.posted_at,
        updated_at: record.posted_at,
    };
    Some(flatten(PostingSnapshot::from(&posting), record.posted_at))
}

fn flatten(posting: PostingSnapshot, posted_at: DateTime<Utc>) -> Doc {
    let mut cities = Vec::new();
    let mut countries = Vec::new();
    let mut places = Vec::new();
    for location in &posting.locations {
        push_new(&mut countries, location.country.clone());
        let Some(city) = &location.city else { continue };
        push_new(&mut cities, city.clone());
        // `CITIES` is a constant, so the same city is compared by name, not by address.
        let known = geo::city_in(city, &location.country).and_then(|known| {
            geo::CITIES
                .iter()
                .position(|c| (c.name, c.country) == (known.name, known.country))
        });
        if let Some(index) = known {
            push_new(&mut places, index as i32);
        }
    }
    // As hireboard's index has it: a remote posting naming no country is open to all.
    let remote_in = match posting.workplace_type {
        WorkplaceType::Remote if countries.is_empty() => vec!["*".to_owned()],
        WorkplaceType::Remote => countries.clone(),
        _ => Vec::new(),
    };
    let salary = posting.salary.as_ref();
    let yearly = salary.map_or(0, |s| yearly(s.max, s.period));
    Doc {
        id: posting.job_code.get(),
        skills: posting.skills,
        company_name: posting.company.name,
        company_slug: posting.company.slug,
        description: posting.description_text,
        requirements: posting.requirements.join("\n"),
        functional_area: posting.functional_area,
        cities,
        countries,
        places,
        remote_in,
        workplace_type: posting.workplace_type.as_str(),
        employment_type: posting.employment_type.as_str(),
        min_years: i16::from(posting.experience.min_years),
        max_years: i16::from(posting.experience.max_years),
        experience_band: experience_band(posting.experience.min_years),
        salary_top: salary.map_or(0, |s| i64::from(s.max)),
        salary_yearly: yearly as i64,
        currency: salary.map(|s| s.currency.clone()),
        salary_band: salary.map(|s| salary_band(&s.currency, yearly)),
        title: posting.title,
        posted_at,
        valid_through: posting.valid_through,
    }
}

fn push_new<T: PartialEq>(values: &mut Vec<T>, value: T) {
    if !values.contains(&value) {
        values.push(value);
    }
}

/// A salary figure as a year's pay, as hireboard's index computes it (a working year of
/// 2,080 hours; `crates/search/src/schema.rs`).
fn yearly(amount: u32, period: SalaryPeriod) -> u64 {
    let amount = u64::from(amount);
    match period {
        SalaryPeriod::Year => amount,
        SalaryPeriod::Month => amount * 12,
        SalaryPeriod::Hour => amount * 2_080,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offices_in_known_cities_are_placed() {
        let today = Utc::now().date_naive();
        let docs: Vec<Doc> = hireboard_datagen::generate(1, today)
            .take(200)
            .enumerate()
            .filter_map(|(i, record)| doc(i + 1, record, today))
            .collect();
        assert_eq!(docs.len(), 200);
        assert!(docs.iter().any(|doc| !doc.places.is_empty()));
        for doc in &docs {
            for place in &doc.places {
                let city = &geo::CITIES[*place as usize];
                assert!(doc.cities.iter().any(|c| c == city.name), "{}", city.name);
            }
        }
    }
}
