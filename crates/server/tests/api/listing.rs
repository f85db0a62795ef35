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
