//! How postings and listing pages are stored in Redis: JSON of mirror records that keep the
//! internal ids the public serialization leaves out (authorization needs them). Conversions
//! destructure every field, so a field added to a domain type fails to compile here until it
//! is cached too; the `v1` in the keys changes with this format.

use chrono::{DateTime, NaiveDate, Utc};
use hireboard_cache::Codec;
use hireboard_domain::ids::{AccountId, CompanyId, JobCode, PostingId};
use hireboard_domain::posting::{
    CompanyRef, EmploymentType, ExperienceRange, ExternalRef, Location, Posting, PostingContent,
    PostingStatus, PostingSummary, Salary, WorkplaceType,
};
use serde::{Deserialize, Serialize};

use crate::page::Page;

pub struct PostingCodec;
pub struct PageCodec;

impl Codec<Posting> for PostingCodec {
    fn encode(value: &Posting) -> Option<Vec<u8>> {
        serde_json::to_vec(&PostingRecord::from(value.clone())).ok()
    }

    fn decode(bytes: &[u8]) -> Option<Posting> {
        serde_json::from_slice::<PostingRecord>(bytes)
            .ok()
            .map(Posting::from)
    }
}

impl Codec<Page<PostingSummary>> for PageCodec {
    fn encode(value: &Page<PostingSummary>) -> Option<Vec<u8>> {
        let record = PageRecord {
            items: value
                .items
                .iter()
                .cloned()
                .map(SummaryRecord::from)
                .collect(),
            next_cursor: value.next_cursor.clone(),
        };
        serde_json::to_vec(&record).ok()
    }

    fn decode(bytes: &[u8]) -> Option<Page<PostingSummary>> {
        let record = serde_json::from_slice::<PageRecord>(bytes).ok()?;
        Some(Page {
            items: record.items.into_iter().map(PostingSummary::from).collect(),
            next_cursor: record.next_cursor,
        })
    }
}

#[derive(Serialize, Deserialize)]
struct CompanyRecord {
    slug: String,
    name: String,
}

#[derive(Serialize, Deserialize)]
struct PostingRecord {
    id: PostingId,
    company_id: CompanyId,
    posted_by_id: Option<AccountId>,
    job_code: JobCode,
    status: PostingStatus,
    company: CompanyRecord,
    posted_by: Option<String>,
    content: PostingContent,
    posted_at: Option<DateTime<Utc>>,
    valid_through: NaiveDate,
    removal_reason: Option<String>,
    external_ref: Option<ExternalRef>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

#[derive(Serialize, Deserialize)]
struct PageRecord {
    items: Vec<SummaryRecord>,
    next_cursor: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct SummaryRecord {
    job_code: JobCode,
    title: String,
    company: CompanyRecord,
    functional_area: String,
    category: String,
    skills: Vec<String>,
    workplace_type: WorkplaceType,
    employment_type: EmploymentType,
    locations: Vec<Location>,
    experience: ExperienceRange,
    salary: Option<Salary>,
    posted_at: DateTime<Utc>,
    valid_through: NaiveDate,
}

impl From<CompanyRef> for CompanyRecord {
    fn from(CompanyRef { slug, name }: CompanyRef) -> Self {
        CompanyRecord { slug, name }
    }
}

impl From<CompanyRecord> for CompanyRef {
    fn from(CompanyRecord { slug, name }: CompanyRecord) -> Self {
        CompanyRef { slug, name }
    }
}

impl From<Posting> for PostingRecord {
    fn from(posting: Posting) -> Self {
        let Posting {
            id,
            company_id,
            posted_by_id,
            job_code,
            status,
            company,
            posted_by,
            content,
            posted_at,
            valid_through,
            removal_reason,
            external_ref,
            created_at,
            updated_at,
        } = posting;
        PostingRecord {
            id,
            company_id,
            posted_by_id,
            job_code,
            status,
            company: company.into(),
            posted_by,
            content,
            posted_at,
            valid_through,
            removal_reason,
            external_ref,
            created_at,
            updated_at,
        }
    }
}

impl From<PostingRecord> for Posting {
    fn from(record: PostingRecord) -> Self {
        let PostingRecord {
            id,
            company_id,
            posted_by_id,
            job_code,
            status,
            company,
            posted_by,
            content,
            posted_at,
            valid_through,
            removal_reason,
            external_ref,
            created_at,
            updated_at,
        } = record;
        Posting {
            id,
            company_id,
            posted_by_id,
            job_code,
            status,
            company: company.into(),
            posted_by,
            content,
            posted_at,
            valid_through,
            removal_reason,
            external_ref,
            created_at,
            updated_at,
        }
    }
}

impl From<PostingSummary> for SummaryRecord {
    fn from(summary: PostingSummary) -> Self {
        let PostingSummary {
            job_code,
            title,
            company,
            functional_area,
            category,
            skills,
            workplace_type,
            employment_type,
            locations,
            experience,
            salary,
            posted_at,
            valid_through,
        } = summary;
        SummaryRecord {
            job_code,
            title,
            company: company.into(),
            functional_area,
            category,
            skills,
            workplace_type,
            employment_type,
            locations,
            experience,
            salary,
            posted_at,
            valid_through,
        }
    }
}

impl From<SummaryRecord> for PostingSummary {
    fn from(record: SummaryRecord) -> Self {
        let SummaryRecord {
            job_code,
            title,
            company,
            functional_area,
            category,
            skills,
            workplace_type,
            employment_type,
            locations,
            experience,
            salary,
            posted_at,
            valid_through,
        } = record;
        PostingSummary {
            job_code,
            title,
            company: company.into(),
            functional_area,
            category,
            skills,
            workplace_type,
            employment_type,
            locations,
            experience,
            salary,
            posted_at,
            valid_through,
        }
    }
}
