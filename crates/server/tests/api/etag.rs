//! Conditional reads of a posting: `ETag`, `If-None-Match` and 304.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{posting, reply, TestApp};

pub async fn unchanged_postings_answer_304_and_edits_change_the_etag() {
    let app = TestApp::spawn().await;
    let (recruiter, _) = app.recruiter_with_company("Tagged").await;
    let code = app.published(&recruiter, posting(json!({}))).await;
    let url = format!("{}/api/v1/jobs/{code}", app.base);

    let first = app.get(&format!("/api/v1/jobs/{code}"), None).await;
    assert_eq!(first.status, StatusCode::OK);
    let etag = first.headers["etag"].to_str().unwrap().to_owned();
    assert!(
        etag.starts_with('"') && etag.ends_with('"'),
        "strong: {etag}"
    );

    let again = app.client.get(&url).header("if-none-match", &etag);
    let again = again.send().await.unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(again.headers()["etag"], etag.as_str());
    assert!(again.bytes().await.unwrap().is_empty(), "304 has no body");

    let other = app
        .client
        .get(&url)
        .header("if-none-match", "\"something-else\"");
    let other = reply(other.send().await.unwrap()).await;
    assert_eq!(other.status, StatusCode::OK);
    assert_eq!(other.body["job_code"], code);

    app.call(
        Method::PATCH,
        &format!("/api/v1/jobs/{code}"),
        Some(&recruiter.token),
        Some(json!({"title": "A new title"})),
    )
    .await
    .expect(StatusCode::OK);
    let edited = app.client.get(&url).header("if-none-match", &etag);
    let edited = reply(edited.send().await.unwrap()).await;
    assert_eq!(
        edited.status,
        StatusCode::OK,
        "the old ETag no longer matches"
    );
    assert_eq!(edited.body["title"], "A new title");
    assert_ne!(edited.headers["etag"], etag.as_str());
}

pub async fn an_etag_does_not_reveal_unlisted_postings() {
    let app = TestApp::spawn().await;
    let (recruiter, _) = app.recruiter_with_company("Drafty").await;
    let code = app.draft(&recruiter, posting(json!({}))).await;
    let own = app
        .get(&format!("/api/v1/jobs/{code}"), Some(&recruiter.token))
        .await;
    assert_eq!(own.status, StatusCode::OK);
    let etag = own.headers["etag"].to_str().unwrap().to_owned();
    let anonymous = app
        .client
        .get(format!("{}/api/v1/jobs/{code}", app.base))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::NOT_FOUND);
}
