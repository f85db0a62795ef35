//! Building blocks for the scenarios.

use chrono::{DateTime, Duration, NaiveDate, SubsecRound, Utc};
use hireboard_domain::account::{Account, Email, Role};
use hireboard_domain::company::CompanyProfile;
use hireboard_domain::event::*;
use hireboard_domain::ids::*;
use hireboard_domain::posting::{PostingContent, PostingInput};
use hireboard_store::{NewAccount, NewPosting, Store};
use serde_json::json;

/// Now, at the microsecond precision every backend keeps.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

pub fn today() -> NaiveDate {
    now().date_naive()
}

/// An outbox event as the scenarios look at it.
pub struct Recorded {
    pub position: i64,
    pub kind: String,
    pub aggregate: String,
    pub key: String,
    pub payload: serde_json::Value,
    pub envelope: EventEnvelope,
}

/// Every event after `position`, sequenced first; each must decode (whatever store path wrote
/// it, on every backend).
pub async fn outbox(store: &dyn Store, position: i64) -> Vec<Recorded> {
    let events = store.events();
    while events.sequence(1000).await.unwrap() > 0 {}
    events
        .events_after(position, 10_000)
        .await
        .unwrap()
        .into_iter()
        .map(|record| {
            let envelope = record
                .envelope
                .unwrap_or_else(|e| panic!("{e}: {}", record.raw));
            Recorded {
                position: record.position,
                kind: envelope.event.event_type().to_owned(),
                aggregate: envelope.event.aggregate().to_owned(),
                key: envelope.event.key(),
                payload: envelope.event.data(),
                envelope,
            }
        })
        .collect()
}

/// An event about `account`, for the store methods that record what the caller built (its
/// data means nothing to the store).
pub fn account_event(account: AccountId) -> Event {
    Event::SessionRevoked(SessionRevoked { account })
}

/// An edit a recruiter made (the store adds the posting).
pub fn by_recruiter() -> PostingChange {
    PostingChange::Updated { by: None }
}

/// Publishing a draft.
pub fn publishing() -> PostingChange {
    PostingChange::Published {
        from: Some(hireboard_domain::posting::PostingStatus::Draft),
        by: None,
    }
}

pub async fn account(store: &dyn Store, name: &str, role: Role) -> Account {
    let new = NewAccount {
        email: Email::parse("email", &format!("{name}@example.com")).unwrap(),
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g".into(),
        display_name: name.to_owned(),
        role,
        now: now(),
    };
    store.create_account(new).await.unwrap()
}

pub async fn company(store: &dyn Store, owner: &Account, slug: &str) -> CompanyId {
    let profile = CompanyProfile {
        slug: slug.to_owned(),
        name: format!("{slug} Inc"),
        description: Some("Makes things".into()),
        website: Some("https://example.com".into()),
        headquarters: Some("Lisbon".into()),
    };
    store.create_company(profile, owner.id).await.unwrap().id
}

pub fn content(overrides: serde_json::Value) -> PostingContent {
    let mut body = json!({
        "title": "Senior Rust Engineer",
        "description": "Build **reliable** services.",
        "responsibilities": [{"title": "1. Design", "items": ["Design APIs", "Review code"]}],
        "qualifications": ["BSc"],
        "skills": ["rust", "postgresql"],
        "functional_area": "Backend Development",
        "category": "Engineering",
        "experience": {"min_years": 3, "max_years": 6},
        "education": "bachelor",
        "workplace_type": "hybrid",
        "locations": [{"city": "Berlin", "country": "DE"}],
        "employment_type": "full_time",
        "salary": {"min": 70000, "max": 95000, "currency": "EUR", "period": "year"},
        "screening_questions": [{"id": "years", "prompt": "Years of Rust?", "answer": {"type": "number", "min": 0, "max": 50}, "required": true}]
    });
    for (key, value) in overrides.as_object().unwrap() {
        body[key] = value.clone();
    }
    let input: PostingInput = serde_json::from_value(body).unwrap();
    input.parse(today()).unwrap().0
}

pub async fn draft(
    store: &dyn Store,
    company: CompanyId,
    poster: &Account,
    content: PostingContent,
) -> (PostingId, JobCode) {
    let new = NewPosting {
        company_id: company,
        posted_by: poster.id,
        content,
        valid_through: today() + Duration::days(30),
        now: now(),
    };
    let posting = store.create_posting(new).await.unwrap();
    (posting.id, posting.job_code)
}
