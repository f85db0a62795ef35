use std::collections::HashSet;

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{posting, TestApp};

fn codes(page: &Value) -> Vec<i64> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["job_code"].as_i64().unwrap())
        .collect()
}

async fn check(app: &TestApp, query: &str, expected: Vec<i64>) {
    let page = app
        .get(&format!("/api/v1/jobs?{query}"), None)
        .await
        .expect(StatusCode::OK);
    assert_eq!(codes(&page), expected, "{query}");
}

pub async fn filters_select_the_right_postings() {
    let app = TestApp::spawn().await;
    let (recruiter, slug) = app.recruiter_with_company("Filter Co").await;
    let rust = app.published(&recruiter, posting(json!({}))).await;
    let remote_go = app
        .published(
            &recruiter,
            posting(json!({
                "title": "Go Developer", "skills": ["go", "kafka"], "functional_area": "Platform",
                "workplace_type": "remote", "locations": [{"country": "PT"}],
                "experience": {"min_years": 1, "max_years": 3},
                "salary": {"min": 40000, "max": 55000, "currency": "EUR", "period": "year"}
            })),
        )
        .await;
    check(&app, "functional_area=backend%20development", vec![rust]).await;
    check(&app, "skill=Kafka", vec![remote_go]).await;
    check(&app, "skill=rust,postgresql", vec![rust]).await;
    check(&app, "skill=rust,kafka", vec![]).await;
    check(&app, "location=berlin", vec![rust]).await;
    check(&app, "location=pt", vec![remote_go]).await;
    check(&app, "workplace_type=remote", vec![remote_go]).await;
    check(&app, "experience=5", vec![rust]).await;
    check(&app, "experience=2", vec![remote_go]).await;
    check(&app, "salary_min=60000&currency=EUR", vec![rust]).await;
    check(&app, "salary_min=60000&currency=USD", vec![]).await;
    check(&app, &format!("company={slug}"), vec![remote_go, rust]).await;
    check(&app, "posted_since=2000-01-01", vec![remote_go, rust]).await;
}

pub async fn keyset_pages_stay_correct_while_postings_are_added() {
    let app = TestApp::spawn().await;
    let (recruiter, _) = app.recruiter_with_company("Paging Co").await;
    let mut created = Vec::new();
    for i in 0..7 {
        created.push(
            app.published(
                &recruiter,
                posting(
                    json!({"title": format!("Engineer number {i}"), "screening_questions": []}),
                ),
            )
            .await,
        );
    }
    let first = app
        .get("/api/v1/jobs?limit=3", None)
        .await
        .expect(StatusCode::OK);
    let mut seen = codes(&first);
    assert_eq!(
        seen,
        created.iter().rev().take(3).copied().collect::<Vec<_>>()
    );
    // New postings arrive between page requests: they appear at the top, not in later pages.
    app.published(
        &recruiter,
        posting(json!({"title": "Late arrival one", "screening_questions": []})),
    )
    .await;
    app.published(
        &recruiter,
        posting(json!({"title": "Late arrival two", "screening_questions": []})),
    )
    .await;
    let mut cursor = first["next_cursor"].as_str().map(str::to_owned);
    while let Some(next) = cursor {
        let page = app
            .get(&format!("/api/v1/jobs?limit=3&cursor={next}"), None)
            .await
            .expect(StatusCode::OK);
        seen.extend(codes(&page));
        cursor = page["next_cursor"].as_str().map(str::to_owned);
    }
    assert_eq!(seen.len(), 7, "no duplicates, no gaps");
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), 7);
    assert_eq!(seen, created.iter().rev().copied().collect::<Vec<_>>());
}

pub async fn bad_listing_parameters_name_the_field() {
    let app = TestApp::spawn().await;
    for (query, field) in [
        ("limit=0", "limit"),
        ("limit=abc", "limit"),
        ("limit=101", "limit"),
        ("workplace_type=moon", "workplace_type"),
        ("experience=-1", "experience"),
        ("salary_min=50000", "currency"),
        ("cursor=not-a-cursor", "cursor"),
        ("posted_since=yesterday", "posted_since"),
        ("skill=%3Cscript%3E", "skill"),
    ] {
        let body = app
            .get(&format!("/api/v1/jobs?{query}"), None)
            .await
            .expect(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["errors"][0]["field"], field, "{query}");
    }
    let unknown = app
        .get("/api/v1/jobs?colour=blue", None)
        .await
        .expect(StatusCode::BAD_REQUEST);
    assert!(unknown["detail"].as_str().unwrap().contains("colour"));
    let injection = app
        .get("/api/v1/jobs?functional_area=x'%20OR%201=1--", None)
        .await
        .expect(StatusCode::OK);
    assert_eq!(injection["items"], json!([]));
}

/// Follows `next_cursor` from `path` (which has a `?`) until the last page; returns the
/// values of `key` in every item, in order.
async fn walk(app: &TestApp, path: &str, token: Option<&str>, key: &str) -> Vec<serde_json::Value> {
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..100 {
        let url = match &cursor {
            Some(cursor) => format!("{path}&cursor={cursor}"),
            None => path.to_owned(),
        };
        let page = app.get(&url, token).await.expect(StatusCode::OK);
        seen.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i[key].clone()),
        );
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => return seen,
        }
    }
    panic!("{path}: more than 100 pages");
}

pub async fn every_list_that_grows_pages_by_cursor_and_filters() {
    let app = TestApp::spawn().await;
    let (recruiter, _) = app.recruiter_with_company("Pages Co").await;
    let moderator = app.staff(hireboard_domain::account::Role::Moderator).await;
    let mut codes = Vec::new();
    for _ in 0..3 {
        let code = app
            .published(&recruiter, posting(json!({"screening_questions": []})))
            .await;
        codes.push(code);
    }
    let mut candidates = Vec::new();
    let mut applications = Vec::new();
    for _ in 0..5 {
        let candidate = app.user("candidate").await;
        let applied = app
            .post(
                &format!("/api/v1/jobs/{}/applications", codes[0]),
                Some(&candidate.token),
                json!({}),
            )
            .await
            .expect(StatusCode::CREATED);
        applications.push(applied["id"].clone());
        candidates.push(candidate);
    }
    for id in &applications[..2] {
        app.post(
            &format!("/api/v1/applications/{id}/stage"),
            Some(&recruiter.token),
            json!({"stage": "viewed"}),
        )
        .await
        .expect(StatusCode::OK);
    }
    let applicants = format!("/api/v1/jobs/{}/applications?limit=2", codes[0]);
    let mut newest_first = applications.clone();
    newest_first.reverse();
    assert_eq!(
        walk(&app, &applicants, Some(&recruiter.token), "id").await,
        newest_first
    );
    let viewed = format!("{applicants}&stage=viewed");
    assert_eq!(
        walk(&app, &viewed, Some(&recruiter.token), "id").await,
        [applications[1].clone(), applications[0].clone()]
    );

    // One candidate's applications, one per page, and by stage.
    let candidate = &candidates[0];
    for code in &codes[1..] {
        app.post(
            &format!("/api/v1/jobs/{code}/applications"),
            Some(&candidate.token),
            json!({}),
        )
        .await
        .expect(StatusCode::CREATED);
    }
    let mine = walk(
        &app,
        "/api/v1/me/applications?limit=1",
        Some(&candidate.token),
        "job_code",
    )
    .await;
    let mut expected: Vec<_> = codes.iter().map(|c| json!(c)).collect();
    expected.reverse();
    assert_eq!(mine, expected);
    let applied = walk(
        &app,
        "/api/v1/me/applications?stage=applied",
        Some(&candidate.token),
        "job_code",
    )
    .await;
    assert_eq!(applied.len(), 2, "the first application was viewed");

    // The queue: posting i has i + 1 reporters.
    for (i, code) in codes.iter().enumerate() {
        for candidate in &candidates[..=i] {
            let reason = if i == 0 { "scam" } else { "misleading" };
            app.post(
                &format!("/api/v1/jobs/{code}/reports"),
                Some(&candidate.token),
                json!({"reason": reason}),
            )
            .await
            .expect(StatusCode::CREATED);
        }
    }
    let queue = walk(
        &app,
        "/api/v1/moderation/reports?limit=1",
        Some(&moderator.token),
        "job_code",
    )
    .await;
    assert_eq!(queue, expected, "most reported first");
    let misleading = walk(
        &app,
        "/api/v1/moderation/reports?reason=misleading",
        Some(&moderator.token),
        "job_code",
    )
    .await;
    assert_eq!(misleading.len(), 2);
    let dismissed = walk(
        &app,
        "/api/v1/moderation/reports?status=dismissed",
        Some(&moderator.token),
        "job_code",
    )
    .await;
    assert!(dismissed.is_empty());

    // The question bank and the questions that fit a posting.
    for n in 0..5 {
        app.post(
            "/api/v1/interview-questions",
            Some(&recruiter.token),
            json!({"question": format!("How does Rust's borrow checker help, part {n}?"), "skills": ["rust"]}),
        )
        .await
        .expect(StatusCode::CREATED);
    }
    let bank = walk(
        &app,
        "/api/v1/interview-questions?skill=rust&limit=2",
        None,
        "id",
    )
    .await;
    assert_eq!(bank.len(), 5);
    assert!(
        bank.windows(2).all(|w| w[0].as_i64() < w[1].as_i64()),
        "in id order"
    );
    let fitting = walk(
        &app,
        &format!("/api/v1/jobs/{}/interview-questions?limit=2", codes[0]),
        None,
        "id",
    )
    .await;
    assert_eq!(fitting.len(), 5);

    for path in [
        "/api/v1/interview-questions?cursor=not-a-cursor",
        "/api/v1/interview-questions?limit=0",
    ] {
        let refused = app.get(path, None).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
    }
    let refused = app
        .get(
            "/api/v1/moderation/reports?cursor=%21%21",
            Some(&moderator.token),
        )
        .await;
    assert_eq!(refused.body["errors"][0]["field"], "cursor");
}
