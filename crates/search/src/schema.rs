//! The index's fields and how a posting snapshot becomes a document.

use hireboard_domain::event::PostingSnapshot;
use hireboard_domain::geo::{self, Point};
use hireboard_domain::posting::{SalaryPeriod, WorkplaceType};
use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, Schema, TextFieldIndexing,
    TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::{DateTime, TantivyDocument};

use crate::analysis::{PROSE, WORDS};
use crate::facets::{experience_band, salary_band};
use crate::suggest::{suggestion_term, Kind};

/// The fields, looked up once.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub job_code: Field,
    pub title: Field,
    pub skills: Field,
    pub company: Field,
    pub description: Field,
    pub requirements: Field,
    // Facets and filters: exact values in fast columns.
    pub functional_area: Field,
    pub skill: Field,
    pub city: Field,
    pub country: Field,
    pub workplace_type: Field,
    pub employment_type: Field,
    pub experience: Field,
    pub salary: Field,
    pub company_slug: Field,
    /// Where each office is, for `near` (see [`encode_point`]).
    pub geo: Field,
    /// For a remote posting, the countries candidates may work from, or [`ANYWHERE`].
    pub remote_in: Field,
    pub posted_at: Field,
    /// When it was posted or last reconfirmed, whichever is later: what recency counts from.
    pub fresh_at: Field,
    pub valid_through: Field,
    pub min_years: Field,
    pub max_years: Field,
    /// The top of the salary range a year, in its currency; 0 without one.
    pub salary_max: Field,
    /// The top of the salary range as posted (the listing's `salary_min` compares with it).
    pub salary_top: Field,
    pub currency: Field,
    /// The posting as a listing shows it (JSON), so a page of hits needs no store read.
    pub summary: Field,
    /// Completions: one term per skill, title and company name (see `crate::suggest`).
    pub suggest: Field,
}

fn text(tokenizer: &str, stored: bool) -> TextOptions {
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(tokenizer)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let options = TextOptions::default().set_indexing_options(indexing);
    if stored {
        options.set_stored()
    } else {
        options
    }
}

impl Fields {
    pub fn schema() -> (Schema, Fields) {
        let mut builder = Schema::builder();
        let exact = STRING | FAST;
        let fields = Fields {
            job_code: builder.add_u64_field("job_code", INDEXED | FAST | STORED),
            title: builder.add_text_field("title", text(WORDS, true)),
            skills: builder.add_text_field("skills", text(WORDS, false)),
            company: builder.add_text_field("company", text(WORDS, false)),
            description: builder.add_text_field("description", text(PROSE, true)),
            requirements: builder.add_text_field("requirements", text(PROSE, false)),
            functional_area: builder.add_text_field("functional_area", exact.clone()),
            skill: builder.add_text_field("skill", exact.clone()),
            city: builder.add_text_field("city", exact.clone()),
            country: builder.add_text_field("country", exact.clone()),
            workplace_type: builder.add_text_field("workplace_type", exact.clone()),
            employment_type: builder.add_text_field("employment_type", exact.clone()),
            experience: builder.add_text_field("experience", exact.clone()),
            salary: builder.add_text_field("salary", exact.clone()),
            company_slug: builder.add_text_field("company_slug", exact.clone()),
            geo: builder.add_u64_field("geo", FAST),
            remote_in: builder.add_text_field("remote_in", exact.clone()),
            // Microseconds, as the store keeps them: the newest-first order must be the same.
            posted_at: builder.add_date_field(
                "posted_at",
                DateOptions::from(FAST).set_precision(DateTimePrecision::Microseconds),
            ),
            fresh_at: builder.add_date_field("fresh_at", FAST),
            valid_through: builder.add_date_field("valid_through", FAST),
            min_years: builder.add_u64_field("min_years", FAST),
            max_years: builder.add_u64_field("max_years", FAST),
            salary_max: builder.add_u64_field("salary_max", FAST),
            salary_top: builder.add_u64_field("salary_top", FAST),
            currency: builder.add_text_field("currency", exact),
            summary: builder.add_text_field("summary", STORED),
            suggest: builder.add_text_field("suggest", STRING),
        };
        (builder.build(), fields)
    }

    /// The document of a listed posting; `None` for one never published.
    pub fn document(&self, posting: &PostingSnapshot) -> Option<TantivyDocument> {
        let summary = serde_json::to_string(&posting.summary()?).ok()?;
        let mut doc = TantivyDocument::new();
        doc.add_text(self.summary, &summary);
        for skill in &posting.skills {
            doc.add_text(self.suggest, suggestion_term(Kind::Skill, skill));
        }
        doc.add_text(self.suggest, suggestion_term(Kind::Title, &posting.title));
        doc.add_text(
            self.suggest,
            suggestion_term(Kind::Company, &posting.company.name),
        );
        doc.add_u64(self.job_code, posting.job_code.get() as u64);
        doc.add_text(self.title, &posting.title);
        for skill in &posting.skills {
            doc.add_text(self.skills, skill);
            doc.add_text(self.skill, skill);
        }
        doc.add_text(self.company, &posting.company.name);
        doc.add_text(self.company_slug, &posting.company.slug);
        doc.add_text(self.description, &posting.description_text);
        for requirement in &posting.requirements {
            doc.add_text(self.requirements, requirement);
        }
        doc.add_text(self.functional_area, &posting.functional_area);
        for location in &posting.locations {
            if let Some(city) = &location.city {
                doc.add_text(self.city, city);
                if let Some(known) = geo::city_in(city, &location.country) {
                    doc.add_u64(self.geo, encode_point(known.point()));
                }
            }
            doc.add_text(self.country, &location.country);
        }
        if posting.workplace_type == WorkplaceType::Remote {
            if posting.locations.is_empty() {
                doc.add_text(self.remote_in, ANYWHERE);
            }
            for location in &posting.locations {
                doc.add_text(self.remote_in, &location.country);
            }
        }
        doc.add_text(self.workplace_type, posting.workplace_type.as_str());
        doc.add_text(self.employment_type, posting.employment_type.as_str());
        let experience = &posting.experience;
        doc.add_text(self.experience, experience_band(experience.min_years));
        doc.add_u64(self.min_years, u64::from(experience.min_years));
        doc.add_u64(self.max_years, u64::from(experience.max_years));
        if let Some(salary) = &posting.salary {
            let yearly = yearly(salary.max, salary.period);
            doc.add_text(self.salary, salary_band(&salary.currency, yearly));
            doc.add_u64(self.salary_max, yearly);
            doc.add_u64(self.salary_top, u64::from(salary.max));
            doc.add_text(self.currency, &salary.currency);
        } else {
            doc.add_u64(self.salary_max, 0);
            doc.add_u64(self.salary_top, 0);
        }
        let posted_at = posting.posted_at.unwrap_or(posting.updated_at);
        doc.add_date(
            self.posted_at,
            DateTime::from_timestamp_micros(posted_at.timestamp_micros()),
        );
        let fresh_at = posting
            .reconfirmed_at
            .map_or(posted_at, |at| at.max(posted_at));
        doc.add_date(
            self.fresh_at,
            DateTime::from_timestamp_secs(fresh_at.timestamp()),
        );
        let valid_through = posting
            .valid_through
            .and_hms_opt(0, 0, 0)
            .map_or(0, |day| day.and_utc().timestamp());
        doc.add_date(
            self.valid_through,
            DateTime::from_timestamp_secs(valid_through),
        );
        Some(doc)
    }
}

/// A salary figure as a year's pay (a working year of 2,080 hours).
pub fn yearly(amount: u32, period: SalaryPeriod) -> u64 {
    let amount = u64::from(amount);
    match period {
        SalaryPeriod::Year => amount,
        SalaryPeriod::Month => amount * 12,
        SalaryPeriod::Hour => amount * 2_080,
    }
}

/// The `remote_in` value of a remote posting that names no country.
pub const ANYWHERE: &str = "*";

/// A point as one number: latitude in the high 32 bits, longitude in the low (steps of
/// under a centimetre), so a posting's offices are one multi-valued column.
pub fn encode_point(point: Point) -> u64 {
    let scale = |degrees: f64, span: f64| {
        (((degrees + span / 2.0) / span).clamp(0.0, 1.0) * f64::from(u32::MAX)).round() as u64
    };
    (scale(point.latitude, 180.0) << 32) | scale(point.longitude, 360.0)
}

pub fn decode_point(encoded: u64) -> Point {
    let unscale = |bits: u64, span: f64| bits as f64 / f64::from(u32::MAX) * span - span / 2.0;
    Point {
        latitude: unscale(encoded >> 32, 180.0),
        longitude: unscale(encoded & u64::from(u32::MAX), 360.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_survive_encoding_to_within_a_centimetre() {
        for city in geo::CITIES {
            let back = decode_point(encode_point(city.point()));
            assert!(city.point().distance_km(back) < 1e-5, "{}", city.name);
        }
    }
}
