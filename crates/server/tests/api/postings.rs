use hireboard_service::Actor;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{posting, TestApp};

pub async fn draft_edit_publish_close_lifecycle() {
    let app = TestApp::spawn().await;
    let (recruiter, slug) = app.recruiter_with_company("Acme Robotics").await;
    let code = app.draft(&recruiter, posting(json!({}))).await;
    assert!((1_000_000..=9_999_999).contains(&code));
    // A draft is invisible to the public and not listed.
    app.get(&format!("/api/v1/jobs/{code}"), None)
        .await
        .expect(StatusCode::NOT_FOUND);
    let edited = app
        .call(
            Method::PATCH,
            &format!("/api/v1/jobs/{code}"),
            Some(&recruiter.token),
            Some(json!({"title": "Staff Rust Engineer"})),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(edited["title"], "Staff Rust Engineer");
    assert_eq!(
        edited["skills"],
        json!(["rust", "postgresql", "kubernetes"])
    );
    let published = app
        .post(
            &format!("/api/v1/jobs/{code}/publish"),
            Some(&recruiter.token),
            json!({}),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(published["status"], "published");
    assert!(published["posted_at"].is_string());
    let public = app
        .get(&format!("/api/v1/jobs/{code}"), None)
        .await
        .expect(StatusCode::OK);
    assert_eq!(public["company"]["slug"], slug.as_str());
    assert_eq!(public["posted_by"], published["posted_by"]);
    let again = app
        .post(
            &format!("/api/v1/jobs/{code}/publish"),
            Some(&recruiter.token),
            json!({}),
        )
        .await
        .expect(StatusCode::CONFLICT);
    assert_eq!(again["code"], "invalid_transition");
    app.post(
        &format!("/api/v1/jobs/{code}/close"),
        Some(&recruiter.token),
        json!({}),
    )
    .await
    .expect(StatusCode::OK);
    app.get(&format!("/api/v1/jobs/{code}"), None)
        .await
        .expect(StatusCode::NOT_FOUND);
    let closed = app
        .get(&format!("/api/v1/jobs/{code}"), Some(&recruiter.token))
        .await
        .expect(StatusCode::OK);
    assert_eq!(closed["status"], "closed");
    app.call(
        Method::PATCH,
        &format!("/api/v1/jobs/{code}"),
        Some(&recruiter.token),
        Some(json!({"title": "Reopened?"})),
    )
    .await
    .expect(StatusCode::CONFLICT);
}

pub async fn descriptions_are_sanitized_on_the_way_in() {
    let app = TestApp::spawn().await;
    let (recruiter, _) = app.recruiter_with_company("Sanitize Inc").await;
    let hostile = r#"<p onclick="steal()">Hi</p><script>alert(1)</script><a href="javascript:alert(1)">x</a><img src=x onerror=alert(1)><iframe src="//evil"></iframe>"#;
    let code = app
        .published(
            &recruiter,
            posting(json!({"description": hostile, "description_format": "html"})),
        )
        .await;
    let body = app
        .get(&format!("/api/v1/jobs/{code}"), None)
        .await
        .expect(StatusCode::OK);
    let html = body["description_html"].as_str().unwrap().to_lowercase();
    for needle in [
        "<script",
        "onclick",
        "javascript:",
        "onerror",
        "<iframe",
        "<img",
    ] {
        assert!(!html.contains(needle), "{needle} survived: {html}");
    }
    assert!(html.contains("hi"));
    let patched = app
        .call(
            Method::PATCH,
            &format!("/api/v1/jobs/{code}"),
            Some(&recruiter.token),
            Some(json!({"description": "[x](javascript:alert(1)) **ok**"})),
        )
        .await
        .expect(StatusCode::OK);
    assert!(!patched["description_html"]
        .as_str()
        .unwrap()
        .contains("javascript:"));
}

/// `İ` lower-cases to two characters; the stored tag once failed its own check when read back,
/// and the posting answered 500 (found by schemathesis).
pub async fn a_skill_whose_lower_case_is_longer_is_stored_and_read_back() {
    let app = TestApp::spawn().await;
    let (recruiter, _) = app.recruiter_with_company("Istanbul Labs").await;
    let code = app
        .draft(&recruiter, posting(json!({"skills": ["İstanbul", "Go"]})))
        .await;
    let draft = app
        .get(&format!("/api/v1/jobs/{code}"), Some(&recruiter.token))
        .await
        .expect(StatusCode::OK);
    assert_eq!(draft["skills"], json!(["istanbul", "go"]));
}

pub async fn postings_expire_after_valid_through_and_can_be_reconfirmed() {
    let app = TestApp::spawn().await;
    let (recruiter, _) = app.recruiter_with_company("Expiring Ltd").await;
    let valid_through = (app.clock.today() + chrono::Duration::days(2)).to_string();
    let code = app
        .published(&recruiter, posting(json!({"valid_through": valid_through})))
        .await;
    app.clock.advance(chrono::Duration::days(3));
    // Past its date it is no longer shown or listed, even before the sweep runs.
    app.get(&format!("/api/v1/jobs/{code}"), None)
        .await
        .expect(StatusCode::NOT_FOUND);
    let listed = app.get("/api/v1/jobs", None).await.expect(StatusCode::OK);
    assert!(listed["items"].as_array().unwrap().is_empty());
    assert_eq!(
        app.service
            .expire_due_postings(&Actor::System)
            .await
            .unwrap(),
        1
    );
    let recruiter = app
        .login(&recruiter.email, "correct horse battery staple")
        .await;
    let expired = app
        .get(&format!("/api/v1/jobs/{code}"), Some(&recruiter.token))
        .await
        .expect(StatusCode::OK);
    assert_eq!(expired["status"], "expired");
    assert_eq!(expired["reconfirmed_at"], Value::Null);
    let events = app.service.events_after(0, 1000).await.unwrap();
    assert!(events
        .iter()
        .any(|e| e.envelope.as_ref().is_ok_and(
            |e| e.event.event_type() == "posting.expired" && e.event.key() == code.to_string()
        )));
    let reconfirmed = app
        .post(
            &format!("/api/v1/jobs/{code}/reconfirm"),
            Some(&recruiter.token),
            json!({"days": 14}),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(reconfirmed["status"], "published");
    let shown = app
        .get(&format!("/api/v1/jobs/{code}"), None)
        .await
        .expect(StatusCode::OK);
    assert!(shown["reconfirmed_at"].is_string(), "{shown}");
}

pub async fn every_state_change_writes_its_event() {
    let app = TestApp::spawn().await;
    let (recruiter, _) = app.recruiter_with_company("Events GmbH").await;
    let code = app.published(&recruiter, posting(json!({}))).await;
    app.call(
        Method::PATCH,
        &format!("/api/v1/jobs/{code}"),
        Some(&recruiter.token),
        Some(json!({"title": "Changed title"})),
    )
    .await
    .expect(StatusCode::OK);
    app.post(
        &format!("/api/v1/jobs/{code}/close"),
        Some(&recruiter.token),
        json!({}),
    )
    .await
    .expect(StatusCode::OK);
    let kinds: Vec<String> = app
        .service
        .events_after(0, 1000)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.envelope.expect("readable").event.event_type().to_owned())
        .collect();
    for kind in [
        "account.registered",
        "company.created",
        "posting.created",
        "posting.published",
        "posting.updated",
        "posting.closed",
    ] {
        assert!(
            kinds.iter().any(|k| k == kind),
            "missing {kind} in {kinds:?}"
        );
    }
}

pub async fn cached_reads_never_outlive_a_write() {
    let app = TestApp::spawn().await;
    let (recruiter, _) = app.recruiter_with_company("Cache Co").await;
    let code = app.published(&recruiter, posting(json!({}))).await;
    let path = format!("/api/v1/jobs/{code}");
    for _ in 0..3 {
        app.get(&path, None).await.expect(StatusCode::OK);
        app.get("/api/v1/jobs?functional_area=Backend%20Development", None)
            .await
            .expect(StatusCode::OK);
    }
    app.call(
        Method::PATCH,
        &path,
        Some(&recruiter.token),
        Some(json!({"title": "Fresh title"})),
    )
    .await
    .expect(StatusCode::OK);
    assert_eq!(
        app.get(&path, None).await.expect(StatusCode::OK)["title"],
        "Fresh title"
    );
    let listed = app
        .get("/api/v1/jobs?functional_area=Backend%20Development", None)
        .await
        .expect(StatusCode::OK);
    assert_eq!(listed["items"][0]["title"], "Fresh title");
    app.post(&format!("{path}/close"), Some(&recruiter.token), json!({}))
        .await
        .expect(StatusCode::OK);
    app.get(&path, None).await.expect(StatusCode::NOT_FOUND);
    let listed = app
        .get("/api/v1/jobs?functional_area=Backend%20Development", None)
        .await
        .expect(StatusCode::OK);
    assert_eq!(listed["items"], json!([]));
}
