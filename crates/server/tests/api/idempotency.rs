use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{posting, reply, TestApp};

pub async fn retries_replay_the_first_response_and_act_once() {
    let app = TestApp::spawn().await;
    let (recruiter, _) = app.recruiter_with_company("Retry Co").await;
    let code = app
        .published(&recruiter, posting(json!({"screening_questions": []})))
        .await;
    let candidate = app.user("candidate").await;
    let send = |body: serde_json::Value, key: &str| {
        app.client
            .post(format!("{}/api/v1/jobs/{code}/applications", app.base))
            .bearer_auth(&candidate.token)
            .header("idempotency-key", key)
            .json(&body)
            .send()
    };
    let first = reply(send(json!({"cover_note": "hi"}), "apply-1").await.unwrap()).await;
    assert_eq!(first.status, StatusCode::CREATED);
    let retry = reply(send(json!({"cover_note": "hi"}), "apply-1").await.unwrap()).await;
    assert_eq!(
        retry.status,
        StatusCode::CREATED,
        "a retry gets the stored 201, not a 409"
    );
    assert_eq!(retry.body, first.body);
    assert_eq!(retry.headers.get("idempotent-replayed").unwrap(), "true");
    let changed = reply(
        send(json!({"cover_note": "different"}), "apply-1")
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(changed.status, StatusCode::CONFLICT);
    assert_eq!(changed.body["code"], "idempotency_key_reused");
    // Keys are scoped to the caller: another candidate's identical key is independent.
    let other = app.user("candidate").await;
    let theirs = app
        .client
        .post(format!("{}/api/v1/jobs/{code}/applications", app.base))
        .bearer_auth(&other.token)
        .header("idempotency-key", "apply-1")
        .json(&json!({"cover_note": "hi"}))
        .send()
        .await
        .unwrap();
    assert_eq!(theirs.status(), StatusCode::CREATED);
    let applicants = app
        .get(
            &format!("/api/v1/jobs/{code}/applications"),
            Some(&recruiter.token),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(applicants.as_array().unwrap().len(), 2);
    // After 24 hours the key is forgotten.
    app.clock.advance(chrono::Duration::hours(25));
    let again = app
        .login(&candidate.email, "correct horse battery staple")
        .await;
    let later = reply(
        app.client
            .post(format!("{}/api/v1/jobs/{code}/applications", app.base))
            .bearer_auth(&again.token)
            .header("idempotency-key", "apply-1")
            .json(&json!({"cover_note": "hi"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(later.status, StatusCode::CONFLICT);
    assert_eq!(later.body["code"], "already_applied");
}

pub async fn racing_requests_with_one_key_act_once() {
    let app = TestApp::spawn().await;
    let (recruiter, _) = app.recruiter_with_company("Race Key Co").await;
    let candidate = app.user("candidate").await;
    let _ = recruiter;
    let requests = (0..6).map(|_| {
        app.client
            .post(format!("{}/api/v1/companies", app.base))
            .bearer_auth(&candidate.token)
            .header("idempotency-key", "race")
            .json(&json!({"name": "Will Not Exist"}))
            .send()
    });
    let responses = futures::future::join_all(requests).await;
    for response in responses {
        let status = response.unwrap().status();
        // Either the stored 403 (replayed) or 409 while the first is still running.
        assert!(
            status == StatusCode::FORBIDDEN || status == StatusCode::CONFLICT,
            "{status}"
        );
    }
    let (owner, _) = app.recruiter_with_company("Key Owner").await;
    let code = app
        .published(&owner, posting(json!({"screening_questions": []})))
        .await;
    let requests = (0..6).map(|_| {
        app.client
            .post(format!("{}/api/v1/jobs/{code}/applications", app.base))
            .bearer_auth(&candidate.token)
            .header("idempotency-key", "race-apply")
            .json(&json!({}))
            .send()
    });
    let statuses: Vec<StatusCode> = futures::future::join_all(requests)
        .await
        .into_iter()
        .map(|r| r.unwrap().status())
        .collect();
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::CREATED || *s == StatusCode::CONFLICT),
        "{statuses:?}"
    );
    assert!(statuses.contains(&StatusCode::CREATED));
    let applicants = app
        .get(
            &format!("/api/v1/jobs/{code}/applications"),
            Some(&owner.token),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(applicants.as_array().unwrap().len(), 1);
}

pub async fn bad_keys_are_refused() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .post(format!("{}/api/v1/accounts", app.base))
        .header("idempotency-key", "x".repeat(300))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

pub async fn login_responses_are_never_stored() {
    let app = TestApp::spawn().await;
    let user = app.user("candidate").await;
    let login = || {
        app.client
            .post(format!("{}/api/v1/sessions", app.base))
            .header("idempotency-key", "login-1")
            .json(&json!({"email": user.email, "password": "correct horse battery staple"}))
            .send()
    };
    let first = reply(login().await.unwrap()).await;
    let second = reply(login().await.unwrap()).await;
    assert_eq!(first.status, StatusCode::CREATED);
    assert_eq!(second.status, StatusCode::CREATED);
    assert_ne!(
        first.body["token"], second.body["token"],
        "each login opens its own session"
    );
}
