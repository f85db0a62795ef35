use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{posting, TestApp};

pub async fn malformed_bodies_get_named_4xx_problems() {
    let app = TestApp::spawn().await;
    let (recruiter, _) = app.recruiter_with_company("Bad Input Co").await;
    let url = format!("{}/api/v1/jobs", app.base);
    let send = |body: Vec<u8>, content_type: &'static str| {
        app.client
            .post(&url)
            .bearer_auth(&recruiter.token)
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    let cases: Vec<(Vec<u8>, &str, StatusCode, &str)> = vec![
        (b"{not json".to_vec(), "application/json", StatusCode::BAD_REQUEST, "body"),
        (b"[]".to_vec(), "application/json", StatusCode::UNPROCESSABLE_ENTITY, "body"),
        (vec![b'"', 0xff, 0xfe, b'"'], "application/json", StatusCode::BAD_REQUEST, "body"),
        (serde_json::to_vec(&posting(json!({"surprise": 1}))).unwrap(), "application/json", StatusCode::UNPROCESSABLE_ENTITY, "surprise"),
        (serde_json::to_vec(&posting(json!({"experience": {"min_years": -1, "max_years": 3}}))).unwrap(), "application/json", StatusCode::UNPROCESSABLE_ENTITY, "experience.min_years"),
        (serde_json::to_vec(&posting(json!({"workplace_type": "moon"}))).unwrap(), "application/json", StatusCode::UNPROCESSABLE_ENTITY, "workplace_type"),
        (serde_json::to_vec(&posting(json!({"title": 42}))).unwrap(), "application/json", StatusCode::UNPROCESSABLE_ENTITY, "title"),
        (serde_json::to_vec(&json!({"title": "Only a title"})).unwrap(), "application/json", StatusCode::UNPROCESSABLE_ENTITY, "description"),
        (serde_json::to_vec(&posting(json!({"salary": {"min": 1, "currency": "EUR", "period": "year"}}))).unwrap(), "application/json", StatusCode::UNPROCESSABLE_ENTITY, "salary.max"),
        (serde_json::to_vec(&posting(json!({"locations": [{"city": "Nowhere", "country": "ZZ"}]}))).unwrap(), "application/json", StatusCode::UNPROCESSABLE_ENTITY, "locations[0].country"),
        (serde_json::to_vec(&posting(json!({"locations": [{"city": "London", "country": "UK"}]}))).unwrap(), "application/json", StatusCode::UNPROCESSABLE_ENTITY, "locations[0].country"),
        (serde_json::to_vec(&posting(json!({"locations": [{"city": "Brussels", "country": "EU"}]}))).unwrap(), "application/json", StatusCode::UNPROCESSABLE_ENTITY, "locations[0].country"),
        (serde_json::to_vec(&posting(json!({}))).unwrap(), "text/plain", StatusCode::UNSUPPORTED_MEDIA_TYPE, ""),
        (serde_json::to_vec(&posting(json!({"title": "x".repeat(201)}))).unwrap(), "application/json", StatusCode::UNPROCESSABLE_ENTITY, "title"),
        (serde_json::to_vec(&posting(json!({"experience": {"min_years": 9, "max_years": 2}}))).unwrap(), "application/json", StatusCode::UNPROCESSABLE_ENTITY, "experience.min_years"),
        (serde_json::to_vec(&posting(json!({"salary": {"min": 9, "max": 2, "currency": "EUR", "period": "year"}}))).unwrap(), "application/json", StatusCode::UNPROCESSABLE_ENTITY, "salary.min"),
        (serde_json::to_vec(&posting(json!({"salary": {"min": 1, "max": 2, "currency": "XYZ", "period": "year"}}))).unwrap(), "application/json", StatusCode::UNPROCESSABLE_ENTITY, "salary.currency"),
        (serde_json::to_vec(&posting(json!({"valid_through": "2000-01-01"}))).unwrap(), "application/json", StatusCode::UNPROCESSABLE_ENTITY, "valid_through"),
        (serde_json::to_vec(&posting(json!({"valid_through": "someday"}))).unwrap(), "application/json", StatusCode::UNPROCESSABLE_ENTITY, "valid_through"),
        (serde_json::to_vec(&posting(json!({"skills": ["x".repeat(41)]}))).unwrap(), "application/json", StatusCode::UNPROCESSABLE_ENTITY, "skills[0]"),
        (serde_json::to_vec(&posting(json!({"salary": {"min": 99999999999u64, "max": 2, "currency": "EUR", "period": "year"}}))).unwrap(), "application/json", StatusCode::UNPROCESSABLE_ENTITY, "salary.min"),
    ];
    for (body, content_type, status, field) in cases {
        let response = send(body.clone(), content_type).await.unwrap();
        assert_eq!(
            response.status(),
            status,
            "{}",
            String::from_utf8_lossy(&body)
                .chars()
                .take(200)
                .collect::<String>()
        );
        assert_eq!(
            response.headers()["content-type"],
            "application/problem+json"
        );
        let problem: serde_json::Value = response.json().await.unwrap();
        if !field.is_empty() {
            assert_eq!(problem["errors"][0]["field"], field, "{problem}");
        }
    }
    // Nothing was written by any of them.
    let events = app.service.events_after(0, 1000).await.unwrap();
    assert!(!events
        .iter()
        .any(|e| e.envelope.as_ref().expect("readable").event.event_type() == "posting.created"));
}

pub async fn oversized_bodies_are_refused() {
    let app = TestApp::spawn().await;
    let (recruiter, _) = app.recruiter_with_company("Big Body Co").await;
    let huge = posting(json!({"description": "a".repeat(1_100_000)}));
    let response = app
        .client
        .post(format!("{}/api/v1/jobs", app.base))
        .bearer_auth(&recruiter.token)
        .json(&huge)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        response.headers()["connection"],
        "close",
        "the unread rest of the body ends the connection"
    );
    let long = posting(json!({"description": "a".repeat(60_000)}));
    let body = app
        .post("/api/v1/jobs", Some(&recruiter.token), long)
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["field"], "description");
}

pub async fn hostile_paths_and_ids_are_not_found_not_errors() {
    let app = TestApp::spawn().await;
    for path in [
        "/api/v1/jobs/abc",
        "/api/v1/jobs/-1",
        "/api/v1/jobs/99999999999999999999",
        "/api/v1/jobs/1546216%27%20OR%201=1",
        "/api/v1/applications/0",
        "/api/v1/companies/%3Cscript%3E",
        "/api/v1/nope",
    ] {
        let status = app.get(path, None).await.status;
        assert!(
            status == StatusCode::NOT_FOUND || status == StatusCode::UNAUTHORIZED,
            "{path}: {status}"
        );
    }
    let wrong_method = app
        .call(reqwest::Method::PUT, "/api/v1/jobs", None, None)
        .await;
    assert_eq!(wrong_method.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(wrong_method.body["code"], "method_not_allowed");
    let me = app.get("/api/v1/applications/12", None).await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
}

pub async fn hostile_strings_round_trip_as_data() {
    let app = TestApp::spawn().await;
    let (recruiter, _) = app.recruiter_with_company("Quotes Co").await;
    let title = "Robert'); DROP TABLE postings;-- <b>\"Engineer\"</b> 💼";
    let code = app
        .published(&recruiter, posting(json!({"title": title})))
        .await;
    let body = app
        .get(&format!("/api/v1/jobs/{code}"), None)
        .await
        .expect(StatusCode::OK);
    assert_eq!(body["title"], title);
    app.get("/api/v1/jobs", None).await.expect(StatusCode::OK);
}

pub async fn thousands_of_unknown_answers_get_a_short_problem() {
    let app = TestApp::spawn().await;
    let (recruiter, _) = app.recruiter_with_company("Many Keys Co").await;
    let code = app.published(&recruiter, posting(json!({}))).await;
    let candidate = app.user("candidate").await;
    let mut answers = serde_json::Map::new();
    answers.insert("rust_years".into(), json!(4));
    for n in 0..20_000 {
        answers.insert(format!("made-up-{n}-{}", "k".repeat(20)), json!(true));
    }
    let response = app
        .client
        .post(format!("{}/api/v1/jobs/{code}/applications", app.base))
        .bearer_auth(&candidate.token)
        .json(&json!({"answers": answers}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let bytes = response.bytes().await.unwrap();
    assert!(bytes.len() < 8_000, "a {} byte problem", bytes.len());
    let problem: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let errors = problem["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 11, "{problem}");
    assert!(
        errors[10]["reason"]
            .as_str()
            .unwrap()
            .contains("19990 more answers"),
        "{problem}"
    );
}
