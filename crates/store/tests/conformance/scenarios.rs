//! The behaviours every backend must share.

use std::sync::Arc;

use chrono::Duration;
use hireboard_domain::account::{AccountStatus, Role};
use hireboard_domain::application::Stage;
use hireboard_domain::company::MemberRole;
use hireboard_domain::ids::*;
use hireboard_domain::interview::{Difficulty, QuestionContent};
use hireboard_domain::posting::*;
use hireboard_domain::report::{ReportReason, ReportStatus};
use hireboard_store::*;
use serde_json::json;

use crate::fixtures::*;

fn publish(at: chrono::DateTime<chrono::Utc>) -> StatusChange {
    StatusChange {
        from: &[PostingStatus::Draft],
        to: PostingStatus::Published,
        publish_at: Some(at),
        valid_through: None,
        removal_reason: None,
        reconfirmed: false,
        now: at,
    }
}

pub async fn published(
    store: &dyn Store,
    company: CompanyId,
    poster: &hireboard_domain::account::Account,
    content: PostingContent,
    at: chrono::DateTime<chrono::Utc>,
) -> (PostingId, JobCode) {
    let (id, code) = draft(store, company, poster, content).await;
    store
        .change_posting_status(id, publish(at), publishing())
        .await
        .unwrap();
    (id, code)
}

pub async fn accounts_and_sessions(store: Arc<dyn Store>) {
    let ada = account(&*store, "ada", Role::Candidate).await;
    assert_eq!(ada.email.as_str(), "ada@example.com");
    assert_eq!(ada.status, AccountStatus::Active);
    let again = store
        .create_account(NewAccount {
            email: ada.email.clone(),
            password_hash: "x".into(),
            display_name: "Other".into(),
            role: Role::Candidate,
            now: now(),
        })
        .await;
    assert!(
        matches!(again, Err(StoreError::Conflict(Rule::AccountEmail))),
        "{again:?}"
    );
    let (found, hash) = store.credentials("ada@example.com").await.unwrap().unwrap();
    assert_eq!(found.id, ada.id);
    assert!(hash.starts_with("$argon2id$"));
    assert!(store
        .credentials("nobody@example.com")
        .await
        .unwrap()
        .is_none());

    let at = now();
    let token = vec![7u8; 32];
    store
        .create_session(NewSession {
            token_hash: token.clone(),
            account_id: ada.id,
            now: at,
            expires_at: at + Duration::hours(1),
        })
        .await
        .unwrap();
    let (session, who) = store.session(&token, at).await.unwrap().unwrap();
    assert_eq!(
        (who.id, session.created_at, session.expires_at),
        (ada.id, at, at + Duration::hours(1))
    );
    assert!(
        store
            .session(&token, at + Duration::hours(2))
            .await
            .unwrap()
            .is_none(),
        "expired"
    );
    store
        .touch_session(&token, at + Duration::minutes(5))
        .await
        .unwrap();
    assert_eq!(
        store
            .session(&token, at)
            .await
            .unwrap()
            .unwrap()
            .0
            .last_used_at,
        at + Duration::minutes(5)
    );
    let revoked = || account_event(AccountId(1));
    store.revoke_session(&token, at, revoked()).await.unwrap();
    assert!(
        store.session(&token, at).await.unwrap().is_none(),
        "revoked"
    );
    store.revoke_session(&token, at, revoked()).await.unwrap();
    let events = outbox(&*store, 0).await;
    assert_eq!(
        events
            .iter()
            .filter(|e| e.kind == "session.revoked")
            .count(),
        1,
        "ending a session records one event; ending it again records none"
    );
}

pub async fn account_changes_are_audited_and_revoke_sessions(store: Arc<dyn Store>) {
    let admin = account(&*store, "admin", Role::Admin).await;
    let user = account(&*store, "user", Role::Candidate).await;
    let at = now();
    store
        .create_session(NewSession {
            token_hash: vec![1; 32],
            account_id: user.id,
            now: at,
            expires_at: at + Duration::hours(1),
        })
        .await
        .unwrap();
    let audit = |action| Audit {
        actor: admin.id,
        action,
        reason: Some("why".into()),
        now: at,
    };
    let moderator = store
        .set_account_role(
            user.id,
            Role::Moderator,
            audit("grant_role"),
            account_event(user.id),
        )
        .await
        .unwrap();
    assert_eq!(moderator.role, Role::Moderator);
    let same = store
        .set_account_role(
            user.id,
            Role::Moderator,
            audit("grant_role"),
            account_event(user.id),
        )
        .await
        .unwrap();
    assert_eq!(
        same.role,
        Role::Moderator,
        "setting the same role again is not an error"
    );
    let suspended = store
        .set_account_status(
            user.id,
            AccountStatus::Suspended,
            audit("suspend"),
            account_event(user.id),
        )
        .await
        .unwrap();
    assert_eq!(suspended.status, AccountStatus::Suspended);
    assert!(
        store.session(&[1; 32], at).await.unwrap().is_none(),
        "suspension revokes sessions"
    );
    let missing = store
        .set_account_role(
            AccountId(999_999),
            Role::Admin,
            audit("grant_role"),
            account_event(user.id),
        )
        .await;
    assert!(matches!(missing, Err(StoreError::NotFound)));
}

pub async fn companies_are_created_with_their_owner(store: Arc<dyn Store>) {
    let owner = account(&*store, "owner", Role::Recruiter).await;
    let company_id = company(&*store, &owner, "acme").await;
    let company = store.company_by_slug("acme").await.unwrap().unwrap();
    assert_eq!((company.id, company.open_postings), (company_id, 0));
    assert_eq!(
        store.company(company_id).await.unwrap().unwrap().slug,
        "acme"
    );
    let owner = store.account(owner.id).await.unwrap().unwrap();
    assert_eq!(
        (owner.company_id, owner.company_role),
        (Some(company_id), Some(MemberRole::Owner))
    );
    let rival = account(&*store, "rival", Role::Recruiter).await;
    let profile = hireboard_domain::company::CompanyProfile {
        slug: "acme".into(),
        name: "Acme".into(),
        description: None,
        website: None,
        headquarters: None,
    };
    let taken = store.create_company(profile.clone(), rival.id).await;
    assert!(
        matches!(taken, Err(StoreError::Conflict(Rule::CompanySlug))),
        "{taken:?}"
    );
    let second = store
        .create_company(
            hireboard_domain::company::CompanyProfile {
                slug: "acme-2".into(),
                ..profile
            },
            owner.id,
        )
        .await;
    assert!(
        matches!(second, Err(StoreError::StateChanged)),
        "an owner has one company"
    );
    assert!(
        store.company_by_slug("acme-2").await.unwrap().is_none(),
        "nothing half-written"
    );
}

pub async fn postings_round_trip_every_field(store: Arc<dyn Store>) {
    let owner = account(&*store, "owner", Role::Recruiter).await;
    let company = company(&*store, &owner, "acme").await;
    let content = content(json!({"title": "Ünïcödé ✓ 'quotes' \"and\" <tags>"}));
    let (id, code) = draft(&*store, company, &owner, content.clone()).await;
    let posting = store.posting(code).await.unwrap().unwrap();
    assert_eq!(posting.id, id);
    assert_eq!(posting.content, content);
    assert_eq!(posting.status, PostingStatus::Draft);
    assert_eq!(posting.company.slug, "acme");
    assert_eq!(posting.posted_by.as_deref(), Some("owner"));
    assert_eq!(posting.valid_through, today() + Duration::days(30));
    assert!(posting.posted_at.is_none());
    let changed = crate::fixtures::content(json!({
        "title": "Ünïcödé ✓ 'quotes' \"and\" <tags>",
        "skills": ["go"],
        "salary": null
    }));
    let updated = store
        .update_posting(
            id,
            changed.clone(),
            today() + Duration::days(10),
            by_recruiter(),
        )
        .await
        .unwrap();
    assert_eq!(updated.content, changed);
    assert_eq!(updated.valid_through, today() + Duration::days(10));
    assert!(store
        .posting(JobCode::new(1_000_000).unwrap())
        .await
        .unwrap()
        .is_none());
}

pub async fn status_changes_are_guarded(store: Arc<dyn Store>) {
    let owner = account(&*store, "owner", Role::Recruiter).await;
    let company = company(&*store, &owner, "acme").await;
    let (id, code) = draft(&*store, company, &owner, content(json!({}))).await;
    let at = now();
    let posting = store
        .change_posting_status(id, publish(at), publishing())
        .await
        .unwrap();
    assert_eq!(
        (posting.status, posting.posted_at),
        (PostingStatus::Published, Some(at))
    );
    let again = store
        .change_posting_status(id, publish(at + Duration::hours(1)), publishing())
        .await;
    assert!(matches!(again, Err(StoreError::StateChanged)));
    let close = StatusChange {
        from: &[PostingStatus::Published],
        to: PostingStatus::Closed,
        publish_at: None,
        valid_through: None,
        removal_reason: None,
        reconfirmed: false,
        now: at,
    };
    store
        .change_posting_status(id, close, by_recruiter())
        .await
        .unwrap();
    let posting = store.posting(code).await.unwrap().unwrap();
    assert_eq!(
        (posting.status, posting.posted_at),
        (PostingStatus::Closed, Some(at)),
        "posted date is kept"
    );
    let edit = store
        .update_posting(
            id,
            posting.content.clone(),
            posting.valid_through,
            by_recruiter(),
        )
        .await;
    assert!(
        matches!(edit, Err(StoreError::StateChanged)),
        "closed postings are not edited"
    );
}

pub async fn listing_filters_and_keyset_pages(store: Arc<dyn Store>) {
    let owner = account(&*store, "owner", Role::Recruiter).await;
    let company = company(&*store, &owner, "acme").await;
    let base = now() - Duration::hours(1);
    let mut codes = Vec::new();
    for i in 0..7 {
        let overrides = if i % 2 == 0 {
            json!({"functional_area": "Data Engineering", "skills": ["python", "kafka"], "workplace_type": "remote", "locations": [{"country": "PT"}]})
        } else {
            json!({})
        };
        codes.push(
            published(
                &*store,
                company,
                &owner,
                content(overrides),
                base + Duration::minutes(i),
            )
            .await
            .1,
        );
    }
    // A draft and an expired-by-date posting are never listed.
    draft(&*store, company, &owner, content(json!({}))).await;
    let query = |params: ListingParams| params.parse().unwrap();
    let list = |q: ListingQuery| {
        let store = store.clone();
        async move { store.list_postings(&q, today()).await.unwrap() }
    };
    let (all, more) = list(query(ListingParams::default())).await;
    assert!(!more);
    assert_eq!(
        all.iter().map(|p| p.job_code).collect::<Vec<_>>(),
        codes.iter().rev().copied().collect::<Vec<_>>()
    );
    let area = list(query(ListingParams {
        functional_area: Some("data ENGINEERING".into()),
        ..Default::default()
    }))
    .await
    .0;
    assert_eq!(area.len(), 4);
    let skills = list(query(ListingParams {
        skill: Some("python,kafka".into()),
        ..Default::default()
    }))
    .await
    .0;
    assert_eq!(skills.len(), 4);
    assert_eq!(
        list(query(ListingParams {
            location: Some("berlin".into()),
            ..Default::default()
        }))
        .await
        .0
        .len(),
        3
    );
    assert_eq!(
        list(query(ListingParams {
            location: Some("pt".into()),
            ..Default::default()
        }))
        .await
        .0
        .len(),
        4
    );
    assert_eq!(
        list(query(ListingParams {
            workplace_type: Some("hybrid".into()),
            experience: Some("4".into()),
            ..Default::default()
        }))
        .await
        .0
        .len(),
        3
    );
    assert_eq!(
        list(query(ListingParams {
            salary_min: Some("90000".into()),
            currency: Some("EUR".into()),
            ..Default::default()
        }))
        .await
        .0
        .len(),
        7
    );
    assert_eq!(
        list(query(ListingParams {
            salary_min: Some("96000".into()),
            currency: Some("EUR".into()),
            ..Default::default()
        }))
        .await
        .0
        .len(),
        0
    );
    assert_eq!(
        list(query(ListingParams {
            company: Some("acme".into()),
            ..Default::default()
        }))
        .await
        .0
        .len(),
        7
    );
    let summary = &all[0];
    assert_eq!(summary.salary.as_ref().unwrap().max, 95000);
    assert_eq!(
        summary.experience,
        ExperienceRange {
            min_years: 3,
            max_years: 6
        }
    );

    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let (page, more) = list(ListingQuery {
            filter: ListingFilter::default(),
            limit: 3,
            after,
        })
        .await;
        seen.extend(page.iter().map(|p| p.job_code));
        if !more {
            break;
        }
        let last = page.last().unwrap();
        after = Some(Cursor {
            posted_at: last.posted_at,
            job_code: last.job_code,
        });
    }
    assert_eq!(seen, codes.iter().rev().copied().collect::<Vec<_>>());
}

pub async fn expiry_claims_each_posting_once(store: Arc<dyn Store>) {
    let owner = account(&*store, "owner", Role::Recruiter).await;
    let company = company(&*store, &owner, "acme").await;
    let (id, code) = published(&*store, company, &owner, content(json!({})), now()).await;
    let later = today() + Duration::days(31);
    let (first, second) = tokio::join!(
        store.expire_postings(later, now()),
        store.expire_postings(later, now())
    );
    let mut expired = first.unwrap();
    expired.extend(second.unwrap());
    assert_eq!(expired, vec![code], "two sweepers expire a posting once");
    assert_eq!(
        store.posting(code).await.unwrap().unwrap().status,
        PostingStatus::Expired
    );
    let events = outbox(&*store, 0).await;
    assert_eq!(
        events
            .iter()
            .filter(|e| e.kind == "posting.expired")
            .count(),
        1
    );
    let _ = id;
}

pub async fn import_keeps_codes_and_updates_what_it_names(store: Arc<dyn Store>) {
    let item =
        |code: Option<i64>, reference: Option<&str>, company: &str, title: &str| ImportedPosting {
            job_code: code.map(|code| JobCode::new(code).unwrap()),
            external_ref: reference.map(|id| ExternalRef::parse("ats", id).unwrap()),
            company_name: company.to_owned(),
            company_slug: company.to_lowercase(),
            content: content(json!({ "title": title })),
            posted_at: now(),
            valid_through: today() + Duration::days(5),
            now: now(),
        };
    let first = store
        .import_postings(vec![
            item(Some(1_546_216), None, "Seed", "Seed posting"),
            item(None, Some("A-1"), "Seed", "Rust Engineer"),
            item(None, Some("A-1"), "Other", "Rust Engineer elsewhere"),
        ])
        .await
        .unwrap();
    assert!(
        first.iter().all(|o| matches!(o, ImportOutcome::Created(_))),
        "{first:?}"
    );
    let ImportOutcome::Created(a1) = first[1] else {
        unreachable!()
    };
    let seed = store
        .posting(JobCode::new(1_546_216).unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            seed.status,
            seed.company.slug.as_str(),
            seed.posted_by.as_deref()
        ),
        (PostingStatus::Published, "seed", Some("Seed"))
    );
    let imported = store.posting(a1).await.unwrap().unwrap();
    assert_eq!(
        imported.external_ref.as_ref().map(|r| (r.source(), r.id())),
        Some(("ats", "A-1"))
    );

    // The same records again, edited: the postings they name are updated, not added.
    let again = store
        .import_postings(vec![
            item(Some(1_546_216), None, "Seed", "Seed posting, edited"),
            item(None, Some("A-1"), "Seed", "Senior Rust Engineer"),
            item(None, Some("A-2"), "Seed", "Go Engineer"),
            item(Some(1_546_216), None, "Third", "Not theirs"),
        ])
        .await
        .unwrap();
    assert_eq!(
        again[0],
        ImportOutcome::Updated(JobCode::new(1_546_216).unwrap())
    );
    assert_eq!(again[1], ImportOutcome::Updated(a1));
    assert!(matches!(again[2], ImportOutcome::Created(_)));
    assert_eq!(again[3], ImportOutcome::JobCodeTaken);
    assert_eq!(
        store.posting(a1).await.unwrap().unwrap().content.title(),
        "Senior Rust Engineer"
    );
    assert_eq!(
        store
            .posting(JobCode::new(1_546_216).unwrap())
            .await
            .unwrap()
            .unwrap()
            .content
            .title(),
        "Seed posting, edited"
    );
    let events = outbox(&*store, 0).await;
    let count = |kind: &str| events.iter().filter(|e| e.kind == kind).count();
    assert_eq!(
        (count("posting.published"), count("posting.updated")),
        (4, 2)
    );
}

/// A batch larger than one statement, with records that name the same posting: the outcome
/// is that of writing the records one by one, and every posting has its filter rows and one
/// event per write, numbered in order.
pub async fn bulk_import_matches_writing_one_by_one(store: Arc<dyn Store>) {
    // Finer than the stores keep, as the service's clock gives it.
    let at = chrono::Utc::now();
    let item = |code: Option<i64>, reference: Option<String>, company: &str, skill: &str| {
        ImportedPosting {
            job_code: code.map(|code| JobCode::new(code).unwrap()),
            external_ref: reference.map(|id| ExternalRef::parse("ats", &id).unwrap()),
            company_name: company.to_owned(),
            company_slug: company.to_lowercase(),
            content: content(json!({ "title": format!("{skill} engineer"), "skills": [skill] })),
            posted_at: at,
            valid_through: today() + Duration::days(5),
            now: at,
        }
    };
    let companies = ["Acme", "Globex", "Initech"];
    let mut batch: Vec<ImportedPosting> = (0..2_400)
        .map(|i| item(None, Some(format!("R-{i}")), companies[i % 3], "bulkskill"))
        .collect();
    // The same reference again, later in the batch: the posting created above is updated.
    batch.push(item(
        None,
        Some("R-5".into()),
        companies[5 % 3],
        "editedskill",
    ));
    // A given code, then the same code from its company and from another.
    batch.push(item(Some(2_000_001), None, "Acme", "bulkskill"));
    batch.push(item(Some(2_000_001), None, "Acme", "editedskill"));
    batch.push(item(Some(2_000_001), None, "Globex", "bulkskill"));
    let outcomes = store.import_postings(batch).await.unwrap();
    assert_eq!(outcomes.len(), 2_404);
    let created: Vec<JobCode> = outcomes[..2_400]
        .iter()
        .map(|o| match o {
            ImportOutcome::Created(code) => *code,
            other => panic!("{other:?}"),
        })
        .collect();
    let distinct: std::collections::HashSet<_> = created.iter().collect();
    assert_eq!(
        distinct.len(),
        2_400,
        "every new posting has a code of its own"
    );
    assert_eq!(outcomes[2_400], ImportOutcome::Updated(created[5]));
    let given = JobCode::new(2_000_001).unwrap();
    assert_eq!(
        outcomes[2_401..],
        [
            ImportOutcome::Created(given),
            ImportOutcome::Updated(given),
            ImportOutcome::JobCodeTaken
        ]
    );
    let edited = store.posting(created[5]).await.unwrap().unwrap();
    assert_eq!(
        (edited.content.title(), edited.company.slug.as_str()),
        ("editedskill engineer", "initech")
    );
    let listed = |skill: &str| {
        let store = store.clone();
        let query = ListingParams {
            skill: Some(skill.to_owned()),
            limit: Some("100".into()),
            ..Default::default()
        }
        .parse()
        .unwrap();
        async move { store.list_postings(&query, today()).await.unwrap().0.len() }
    };
    assert_eq!(
        listed("editedskill").await,
        2,
        "filter rows follow each write"
    );
    assert_eq!(listed("bulkskill").await, 100);

    let events = outbox(&*store, 0).await;
    let mut sequences = std::collections::HashMap::<String, Vec<i64>>::new();
    for event in &events {
        sequences
            .entry(event.key.clone())
            .or_default()
            .push(event.envelope.sequence);
    }
    assert_eq!(sequences.len(), 2_401, "one key per posting");
    for (key, numbers) in &sequences {
        let expected: Vec<i64> = (1..=numbers.len() as i64).collect();
        assert_eq!(numbers, &expected, "posting {key}");
    }
    let count = |kind: &str| events.iter().filter(|e| e.kind == kind).count();
    assert_eq!(
        (count("posting.published"), count("posting.updated")),
        (2_401, 2)
    );
    // Each event carries the posting exactly as it reads back from the store.
    let published = events.iter().filter(|e| e.kind == "posting.published");
    for event in published.step_by(97) {
        let code = JobCode::new(event.key.parse().unwrap()).unwrap();
        let stored = store.posting(code).await.unwrap().unwrap();
        if stored.content.title() == "bulkskill engineer" {
            let snapshot = hireboard_domain::event::PostingSnapshot::from(&stored);
            assert_eq!(
                event.payload["posting"],
                serde_json::to_value(&snapshot).unwrap()
            );
        }
    }
}

pub async fn applications_are_unique_with_history(store: Arc<dyn Store>) {
    let owner = account(&*store, "owner", Role::Recruiter).await;
    let company = company(&*store, &owner, "acme").await;
    let (posting, code) = published(&*store, company, &owner, content(json!({})), now()).await;
    let candidate = account(&*store, "cand", Role::Candidate).await;
    let new = || NewApplication {
        posting_id: posting,
        job_code: code,
        posting_title: "Senior Rust Engineer".into(),
        candidate_id: candidate.id,
        candidate_name: "cand".into(),
        cover_note: Some("Hi".into()),
        answers: serde_json::from_value(json!({"years": 4})).unwrap(),
        now: now(),
    };
    let application = store.create_application(new()).await.unwrap();
    assert_eq!(
        (
            application.stage,
            application.job_code,
            application.answers["years"].clone()
        ),
        (Stage::Applied, code, json!(4))
    );
    let twice = store.create_application(new()).await;
    assert!(
        matches!(
            twice,
            Err(StoreError::Conflict(Rule::OneApplicationPerCandidate))
        ),
        "{twice:?}"
    );
    let submitted: Vec<_> = outbox(&*store, 0)
        .await
        .into_iter()
        .filter(|e| e.kind == "application.submitted")
        .map(|e| (e.aggregate, e.key))
        .collect();
    assert_eq!(
        submitted,
        [("application".to_owned(), application.id.0.to_string())],
        "one event keyed by the new application; the refused second one wrote none"
    );
    let moved = store
        .change_stage(
            application.id,
            StageMove {
                from: Stage::Applied,
                to: Stage::Viewed,
                actor: owner.id,
                note: Some("seen".into()),
                now: now(),
            },
            account_event(owner.id),
        )
        .await
        .unwrap();
    assert_eq!(moved.stage, Stage::Viewed);
    let stale = store
        .change_stage(
            application.id,
            StageMove {
                from: Stage::Applied,
                to: Stage::Rejected,
                actor: owner.id,
                note: None,
                now: now(),
            },
            account_event(owner.id),
        )
        .await;
    assert!(matches!(stale, Err(StoreError::StateChanged)));
    let record = store.application(application.id).await.unwrap().unwrap();
    let created = serde_json::to_value(&application).unwrap();
    let mut read_back = serde_json::to_value(
        store
            .application(application.id)
            .await
            .unwrap()
            .unwrap()
            .application,
    )
    .unwrap();
    read_back["stage"] = created["stage"].clone();
    read_back["history"] = serde_json::json!([read_back["history"][0].clone()]);
    read_back["updated_at"] = created["updated_at"].clone();
    assert_eq!(created, read_back, "what create returns is what is stored");
    assert_eq!(record.posting_company, company);
    let history: Vec<_> = record
        .application
        .history
        .iter()
        .map(|h| (h.from, h.to, h.by))
        .collect();
    assert_eq!(
        history,
        [
            (None, Stage::Applied, candidate.id),
            (Some(Stage::Applied), Stage::Viewed, owner.id)
        ]
    );
    assert_eq!(
        store
            .applications_of_candidate(candidate.id, &first_page(None))
            .await
            .unwrap()
            .0
            .len(),
        1
    );
    assert_eq!(
        store
            .applications_for_posting(posting, &first_page(None))
            .await
            .unwrap()
            .0[0]
            .history
            .len(),
        2
    );
}

/// Applications written at the same moment (PostgreSQL writes them in shared batches): each
/// candidate's second one is a conflict, one naming a missing posting fails alone, and every
/// application written has exactly its one event.
pub async fn concurrent_applications_are_each_written_once(store: Arc<dyn Store>) {
    let owner = account(&*store, "owner", Role::Recruiter).await;
    let company = company(&*store, &owner, "acme").await;
    let (posting, code) = published(&*store, company, &owner, content(json!({})), now()).await;
    let mut candidates = Vec::new();
    for i in 0..12 {
        candidates.push(account(&*store, &format!("cand{i}"), Role::Candidate).await);
    }
    let new = |candidate: AccountId, posting: PostingId| NewApplication {
        posting_id: posting,
        job_code: code,
        posting_title: "Senior Rust Engineer".into(),
        candidate_id: candidate,
        candidate_name: "cand".into(),
        cover_note: None,
        answers: serde_json::from_value(json!({})).unwrap(),
        now: now(),
    };
    let mut writes = tokio::task::JoinSet::new();
    let missing = PostingId(posting.0 + 1_000_000);
    for (candidate, posting) in candidates
        .iter()
        .flat_map(|c| [(c.id, posting), (c.id, posting)])
        .chain([(candidates[0].id, missing)])
    {
        let store = store.clone();
        let new = new(candidate, posting);
        writes.spawn(async move {
            let written = store.create_application(new).await;
            (candidate, posting, written)
        });
    }
    let mut written = std::collections::HashMap::new();
    let mut conflicts = 0;
    while let Some(result) = writes.join_next().await {
        match result.expect("write task") {
            (_, p, outcome) if p == missing => assert!(
                matches!(outcome, Err(StoreError::Internal(_))),
                "a missing posting fails: {outcome:?}"
            ),
            (candidate, _, Ok(application)) => {
                assert!(written.insert(candidate, application.id).is_none());
            }
            (_, _, Err(StoreError::Conflict(Rule::OneApplicationPerCandidate))) => conflicts += 1,
            (_, _, Err(other)) => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!((written.len(), conflicts), (12, 12));
    let mut keys: Vec<_> = outbox(&*store, 0)
        .await
        .into_iter()
        .filter(|e| e.kind == "application.submitted")
        .map(|e| e.key)
        .collect();
    keys.sort();
    let mut ids: Vec<_> = written.values().map(|id| id.0.to_string()).collect();
    ids.sort();
    assert_eq!(
        keys, ids,
        "one event per application written, keyed by its id"
    );
    assert_eq!(
        store
            .applications_for_posting(posting, &first_page(None))
            .await
            .unwrap()
            .0
            .len(),
        12
    );
}

pub async fn reports_hide_at_threshold_and_moderation_resolves(store: Arc<dyn Store>) {
    let owner = account(&*store, "owner", Role::Recruiter).await;
    let moderator = account(&*store, "moderator", Role::Moderator).await;
    let company = company(&*store, &owner, "acme").await;
    let (posting, code) = published(&*store, company, &owner, content(json!({})), now()).await;
    let mut hidden_by = None;
    for i in 0..3 {
        let reporter = account(&*store, &format!("reporter{i}"), Role::Candidate).await;
        let new = NewReport {
            posting_id: posting,
            reporter_id: reporter.id,
            reason: ReportReason::Scam,
            details: None,
            now: now(),
        };
        let (report, hidden) = store.file_report(new, 3).await.unwrap();
        assert_eq!(report.status, ReportStatus::Open);
        if hidden {
            hidden_by = Some(i);
        }
        if i == 0 {
            let again = NewReport {
                posting_id: posting,
                reporter_id: reporter.id,
                reason: ReportReason::Other,
                details: None,
                now: now(),
            };
            let duplicate = store.file_report(again, 3).await;
            assert!(
                matches!(duplicate, Err(StoreError::Conflict(Rule::OneReportPerUser))),
                "{duplicate:?}"
            );
        }
    }
    assert_eq!(hidden_by, Some(2), "the third distinct reporter hides it");
    assert_eq!(
        store.posting(code).await.unwrap().unwrap().status,
        PostingStatus::Hidden
    );
    let (queue, _) = store.moderation_queue(&open_queue(None)).await.unwrap();
    assert_eq!(
        (
            queue[0].job_code,
            queue[0].reporters,
            queue[0].report_count,
            queue[0].reports.len()
        ),
        (code, 3, 3, 3)
    );
    let audit = Audit {
        actor: moderator.id,
        action: "remove",
        reason: Some("scam".into()),
        now: now(),
    };
    let change = StatusChange {
        from: &[PostingStatus::Hidden],
        to: PostingStatus::Removed,
        publish_at: None,
        valid_through: None,
        removal_reason: Some("scam".into()),
        reconfirmed: false,
        now: now(),
    };
    let removed = store
        .moderate_posting(
            posting,
            change,
            ReportStatus::Upheld,
            audit.clone(),
            by_recruiter(),
        )
        .await
        .unwrap();
    assert_eq!(
        (removed.status, removed.removal_reason.as_deref()),
        (PostingStatus::Removed, Some("scam"))
    );
    assert!(store
        .moderation_queue(&open_queue(None))
        .await
        .unwrap()
        .0
        .is_empty());
    let report = store
        .report(ReportId(queue[0].reports[0].id.0))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (report.status, report.resolution_note.as_deref()),
        (ReportStatus::Upheld, Some("scam"))
    );
    let again = store
        .resolve_report(
            report.id,
            ReportStatus::Dismissed,
            audit,
            account_event(AccountId(1)),
        )
        .await;
    assert!(matches!(again, Err(StoreError::StateChanged)));
}

/// Reporters who reach the threshold together hide the posting, exactly once: every round
/// files `threshold` or more reports on one posting at the same moment.
pub async fn concurrent_reporters_hide_a_posting_exactly_once(store: Arc<dyn Store>) {
    const THRESHOLD: u32 = 3;
    let owner = account(&*store, "owner", Role::Recruiter).await;
    let company = company(&*store, &owner, "acme").await;
    for round in 0..12 {
        let (posting, code) = published(&*store, company, &owner, content(json!({})), now()).await;
        let reporters = THRESHOLD as usize + round % 2;
        let mut filed = Vec::new();
        for i in 0..reporters {
            let reporter = account(&*store, &format!("r{round}x{i}"), Role::Candidate).await;
            let store = store.clone();
            filed.push(tokio::spawn(async move {
                let new = NewReport {
                    posting_id: posting,
                    reporter_id: reporter.id,
                    reason: ReportReason::Scam,
                    details: None,
                    now: now(),
                };
                store.file_report(new, THRESHOLD).await.unwrap().1
            }));
        }
        let mut hides = 0;
        for report in filed {
            hides += usize::from(report.await.unwrap());
        }
        assert_eq!(hides, 1, "round {round}: {reporters} concurrent reporters");
        assert_eq!(
            store.posting(code).await.unwrap().unwrap().status,
            PostingStatus::Hidden,
            "round {round}"
        );
    }
}

pub async fn interview_questions_match_and_change(store: Arc<dyn Store>) {
    let owner = account(&*store, "owner", Role::Recruiter).await;
    let company = company(&*store, &owner, "acme").await;
    let question = |text: &str, skills: &[&str], area: Option<&str>| QuestionContent {
        question: text.into(),
        answer: Some("An answer.".into()),
        difficulty: Some(Difficulty::Medium),
        skills: skills.iter().map(|s| s.to_string()).collect(),
        functional_area: area.map(str::to_owned),
    };
    let add = |content: QuestionContent, company_id: Option<CompanyId>| {
        let store = store.clone();
        async move {
            store
                .create_question(NewQuestion {
                    company_id,
                    author_id: None,
                    content,
                    now: now(),
                })
                .await
                .unwrap()
        }
    };
    let both = add(
        question("Rust and Postgres?", &["rust", "postgresql"], None),
        None,
    )
    .await;
    let area = add(
        question("Backend design?", &[], Some("Backend Development")),
        None,
    )
    .await;
    add(question("React hooks?", &["react"], None), None).await;
    let own = add(question("Our stack?", &["rust"], None), Some(company)).await;
    let skills = vec!["rust".to_owned(), "postgresql".to_owned()];
    let fit = |area: &str, company, after, limit| QuestionMatch {
        skills: skills.clone(),
        functional_area: area.into(),
        company,
        after,
        limit,
    };
    let (matched, more) = store
        .questions_matching(&fit("backend development", company, None, 10))
        .await
        .unwrap();
    assert!(!more);
    assert_eq!(
        matched.iter().map(|(q, _)| q.id).collect::<Vec<_>>(),
        [both.id, own.id, area.id]
    );
    assert_eq!(matched[1].0.company.as_deref(), Some("acme"));
    // The same, a page of one at a time.
    let mut paged = Vec::new();
    let mut after = None;
    loop {
        let (page, more) = store
            .questions_matching(&fit("backend development", company, after, 1))
            .await
            .unwrap();
        paged.extend(page.iter().map(|(q, _)| q.id));
        after = page.last().map(|(_, key)| *key);
        if !more {
            break;
        }
    }
    assert_eq!(paged, [both.id, own.id, area.id]);
    let (elsewhere, _) = store
        .questions_matching(&fit("x", CompanyId(company.0 + 1000), None, 10))
        .await
        .unwrap();
    assert!(
        !elsewhere.iter().any(|(q, _)| q.id == own.id),
        "another company's questions stay private"
    );
    let updated = store
        .update_question(
            both.id,
            question("Rust only?", &["rust"], Some("Backend Development")),
            account_event(AccountId(1)),
        )
        .await
        .unwrap();
    assert_eq!(
        (updated.question.as_str(), updated.skills.len()),
        ("Rust only?", 1)
    );
    assert_eq!(
        store
            .list_questions(&QuestionFilter {
                skill: Some("react".into()),
                limit: 10,
                ..Default::default()
            })
            .await
            .unwrap()
            .0
            .len(),
        1
    );
    store
        .delete_question(both.id, account_event(AccountId(1)))
        .await
        .unwrap();
    assert!(store.question(both.id).await.unwrap().is_none());
    assert!(matches!(
        store
            .delete_question(both.id, account_event(AccountId(1)))
            .await,
        Err(StoreError::NotFound)
    ));
}

fn idempotency_claim(
    scope: &str,
    key: &str,
    hash: &[u8],
    at: chrono::DateTime<chrono::Utc>,
) -> IdempotencyClaim {
    IdempotencyClaim {
        scope: scope.into(),
        key: key.into(),
        request_hash: hash.to_vec(),
        now: at,
        forget_before: at - Duration::hours(24),
        lease_until: at + Duration::seconds(60),
    }
}

pub async fn idempotency_keys_claim_once(store: Arc<dyn Store>) {
    let at = now();
    let claim = |key: &'static str, hash: &'static [u8], at| {
        let store = store.clone();
        async move {
            store
                .begin_idempotent(idempotency_claim("account:1", key, hash, at))
                .await
                .unwrap()
        }
    };
    let racing = futures_join(claim("k", b"h1", at), claim("k", b"h1", at)).await;
    assert!(
        racing.contains(&IdempotencyState::Claimed)
            && racing.contains(&IdempotencyState::InProgress),
        "{racing:?}"
    );
    assert_eq!(claim("k", b"other", at).await, IdempotencyState::Mismatch);
    store
        .finish_idempotent("account:1", "k", &json!({"wrote": {"posting": 1234567}}))
        .await
        .unwrap();
    assert_eq!(
        claim("k", b"h1", at).await,
        IdempotencyState::Completed {
            outcome: json!({"wrote": {"posting": 1234567}})
        }
    );
    store.abandon_idempotent("account:1", "k").await.unwrap();
    assert!(
        matches!(
            claim("k", b"h1", at).await,
            IdempotencyState::Completed { .. }
        ),
        "a finished key keeps its outcome"
    );
    assert_eq!(
        store
            .begin_idempotent(idempotency_claim("account:2", "k", b"h1", at))
            .await
            .unwrap(),
        IdempotencyState::Claimed,
        "scoped per caller"
    );
    store.abandon_idempotent("account:2", "k").await.unwrap();
    assert_eq!(
        store
            .begin_idempotent(idempotency_claim("account:2", "k", b"h1", at))
            .await
            .unwrap(),
        IdempotencyState::Claimed,
        "abandoned keys are free"
    );
    assert_eq!(
        claim("k", b"h1", at + Duration::hours(25)).await,
        IdempotencyState::Claimed,
        "expired keys are forgotten"
    );
}

/// A claim whose request never finished holds its key only until its lease runs out; then
/// exactly one of the retries racing for it takes it over.
pub async fn unfinished_idempotency_claims_are_released_by_their_lease(store: Arc<dyn Store>) {
    let at = now();
    let claim = |at| {
        let store = store.clone();
        async move {
            store
                .begin_idempotent(idempotency_claim("account:3", "lost", b"h", at))
                .await
                .unwrap()
        }
    };
    assert_eq!(claim(at).await, IdempotencyState::Claimed);
    assert_eq!(
        claim(at + Duration::seconds(59)).await,
        IdempotencyState::InProgress,
        "within the lease"
    );
    let later = at + Duration::seconds(61);
    let racing = futures_join(claim(later), claim(later)).await;
    assert!(
        racing.contains(&IdempotencyState::Claimed)
            && racing.contains(&IdempotencyState::InProgress),
        "one retry takes the key over: {racing:?}"
    );
    store
        .finish_idempotent("account:3", "lost", &json!({"refused": "forbidden"}))
        .await
        .unwrap();
    assert_eq!(
        claim(later + Duration::seconds(120)).await,
        IdempotencyState::Completed {
            outcome: json!({"refused": "forbidden"})
        },
        "a finished key replays however late the retry"
    );
}

async fn futures_join<
    A: std::future::Future<Output = IdempotencyState>,
    B: std::future::Future<Output = IdempotencyState>,
>(
    a: A,
    b: B,
) -> Vec<IdempotencyState> {
    let (a, b) = tokio::join!(a, b);
    vec![a, b]
}

fn first_page(stage: Option<Stage>) -> ApplicationPage {
    ApplicationPage {
        stage,
        after: None,
        limit: 100,
    }
}

fn open_queue(after: Option<QueueKey>) -> QueuePage {
    QueuePage {
        status: ReportStatus::Open,
        reason: None,
        after,
        limit: 100,
    }
}

/// Every list that can grow pages by keyset: walking pages of two gives each item once, in
/// order, whatever the filters.
pub async fn lists_page_by_cursor_and_filter(store: Arc<dyn Store>) {
    let owner = account(&*store, "owner", Role::Recruiter).await;
    let company = company(&*store, &owner, "acme").await;
    let mut postings = Vec::new();
    for _ in 0..5 {
        postings.push(published(&*store, company, &owner, content(json!({})), now()).await);
    }
    // Applications: one candidate applies to all five; two of them move on.
    let candidate = account(&*store, "cand", Role::Candidate).await;
    let mut applied = Vec::new();
    for (posting, code) in &postings {
        let new = NewApplication {
            posting_id: *posting,
            job_code: *code,
            posting_title: "t".into(),
            candidate_id: candidate.id,
            candidate_name: "c".into(),
            cover_note: None,
            answers: Default::default(),
            now: now(),
        };
        let application = store.create_application(new).await.unwrap();
        applied.push(application.id);
    }
    for id in &applied[..2] {
        let change = StageMove {
            from: Stage::Applied,
            to: Stage::Viewed,
            actor: owner.id,
            note: None,
            now: now(),
        };
        store
            .change_stage(*id, change, account_event(owner.id))
            .await
            .unwrap();
    }
    let walk = |stage: Option<Stage>| {
        let store = store.clone();
        async move {
            let mut seen = Vec::new();
            let mut after = None;
            loop {
                let page = ApplicationPage {
                    stage,
                    after,
                    limit: 2,
                };
                let (items, more) = store
                    .applications_of_candidate(candidate.id, &page)
                    .await
                    .unwrap();
                assert!(items.len() <= 2);
                after = items.last().map(|a| (a.created_at, a.id));
                seen.extend(items.into_iter().map(|a| a.id));
                if !more {
                    return seen;
                }
            }
        }
    };
    let mut newest_first = applied.clone();
    newest_first.reverse();
    assert_eq!(walk(None).await, newest_first);
    assert_eq!(
        walk(Some(Stage::Viewed)).await,
        [applied[1], applied[0]],
        "by stage"
    );
    assert!(walk(Some(Stage::Hired)).await.is_empty());

    // The queue: posting i gets i + 1 reporters, so the order is by reporters, descending.
    for (i, (posting, _)) in postings.iter().enumerate() {
        for r in 0..=i {
            let reporter = account(&*store, &format!("rep{i}x{r}"), Role::Candidate).await;
            let reason = if r == 0 {
                ReportReason::Scam
            } else {
                ReportReason::Misleading
            };
            let new = NewReport {
                posting_id: *posting,
                reporter_id: reporter.id,
                reason,
                details: None,
                now: now(),
            };
            store.file_report(new, 100).await.unwrap();
        }
    }
    let mut codes = Vec::new();
    let mut after = None;
    loop {
        let page = QueuePage {
            limit: 2,
            ..open_queue(after)
        };
        let (entries, more) = store.moderation_queue(&page).await.unwrap();
        after = entries.last().map(|e| QueueKey {
            reporters: e.reporters,
            first_reported_at: e.first_reported_at,
            job_code: e.job_code,
        });
        codes.extend(entries.iter().map(|e| (e.job_code, e.reporters)));
        if !more {
            break;
        }
    }
    let expected: Vec<_> = postings
        .iter()
        .enumerate()
        .rev()
        .map(|(i, (_, code))| (*code, i as i64 + 1))
        .collect();
    assert_eq!(codes, expected);
    let page = QueuePage {
        reason: Some(ReportReason::Misleading),
        ..open_queue(None)
    };
    let (misleading, _) = store.moderation_queue(&page).await.unwrap();
    assert_eq!(
        misleading.len(),
        4,
        "the first posting has only a scam report"
    );
    assert!(misleading
        .iter()
        .all(|e| e.reasons.len() == 1 && e.reasons[0].reason == ReportReason::Misleading));
    let page = QueuePage {
        status: ReportStatus::Dismissed,
        ..open_queue(None)
    };
    assert!(store.moderation_queue(&page).await.unwrap().0.is_empty());

    // The bank, in id order.
    let mut ids = Vec::new();
    for n in 0..5 {
        let new = NewQuestion {
            company_id: None,
            author_id: None,
            content: QuestionContent {
                question: format!("Question number {n}?"),
                answer: None,
                difficulty: None,
                skills: vec!["go".into()],
                functional_area: None,
            },
            now: now(),
        };
        let question = store.create_question(new).await.unwrap();
        ids.push(question.id);
    }
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let filter = QuestionFilter {
            skill: Some("go".into()),
            after,
            limit: 2,
            ..Default::default()
        };
        let (items, more) = store.list_questions(&filter).await.unwrap();
        after = items.last().map(|q| q.id);
        seen.extend(items.into_iter().map(|q| q.id));
        if !more {
            break;
        }
    }
    assert_eq!(seen, ids);
}

/// Shutting down: `close` returns only once every write the store took on is answered, none
/// is lost or half done, and what comes after is refused or written, never left hanging.
pub async fn closing_answers_every_write_it_took(store: Arc<dyn Store>) {
    let owner = account(&*store, "owner", Role::Recruiter).await;
    let company = company(&*store, &owner, "acme").await;
    let (posting, code) = published(&*store, company, &owner, content(json!({})), now()).await;
    let mut candidates = Vec::new();
    for i in 0..60 {
        candidates.push(account(&*store, &format!("closing{i}"), Role::Candidate).await);
    }
    let mut writes = tokio::task::JoinSet::new();
    for candidate in candidates {
        let store = store.clone();
        writes.spawn(async move {
            let new = NewApplication {
                posting_id: posting,
                job_code: code,
                posting_title: "Senior Rust Engineer".into(),
                candidate_id: candidate.id,
                candidate_name: "cand".into(),
                cover_note: None,
                answers: serde_json::from_value(json!({})).unwrap(),
                now: now(),
            };
            store.create_application(new).await
        });
    }
    // Some writes reach the store before it closes, some after.
    for _ in 0..3 {
        tokio::task::yield_now().await;
    }
    tokio::time::timeout(std::time::Duration::from_secs(10), store.close())
        .await
        .expect("close returns once the writes in hand are done");
    let mut written = 0;
    while let Some(result) =
        tokio::time::timeout(std::time::Duration::from_secs(10), writes.join_next())
            .await
            .expect("no write is left hanging")
    {
        match result.expect("write task") {
            Ok(_) => written += 1,
            Err(StoreError::Unavailable(_)) => {}
            Err(other) => panic!("unexpected {other:?}"),
        }
    }
    let listed = store
        .applications_for_posting(posting, &first_page(None))
        .await
        .unwrap()
        .0
        .len();
    assert_eq!(
        listed, written,
        "every write answered as written is there, and no other"
    );
}

pub async fn listed_postings_come_whole_in_job_code_order(store: Arc<dyn Store>) {
    let owner = account(&*store, "owner", Role::Recruiter).await;
    let company = company(&*store, &owner, "acme").await;
    let mut codes = Vec::new();
    for _ in 0..5 {
        let (_, code) = published(&*store, company, &owner, content(json!({})), now()).await;
        codes.push(code);
    }
    draft(&*store, company, &owner, content(json!({}))).await;
    codes.sort();
    let listed = store.listed();
    let first = listed.listed_after(None, 3).await.unwrap();
    let rest = listed
        .listed_after(Some(first[2].job_code), 3)
        .await
        .unwrap();
    let seen: Vec<JobCode> = first.iter().chain(&rest).map(|p| p.job_code).collect();
    assert_eq!(seen, codes, "every published posting once, drafts left out");
    assert!(first.iter().all(|p| p.status == PostingStatus::Published));
    assert_eq!(first[0].company.slug, "acme");
    assert!(!first[0].content.description_html().is_empty());
    assert!(listed
        .listed_after(Some(codes[4]), 3)
        .await
        .unwrap()
        .is_empty());
}
