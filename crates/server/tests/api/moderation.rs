use hireboard_domain::account::Role;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{posting, TestApp};

pub async fn reports_hide_at_the_threshold_and_moderators_decide() {
    let app = TestApp::spawn().await;
    let (recruiter, _) = app.recruiter_with_company("Shady Jobs").await;
    let code = app.published(&recruiter, posting(json!({}))).await;
    let path = format!("/api/v1/jobs/{code}/reports");
    let first = app.user("candidate").await;
    let report = app
        .post(
            &path,
            Some(&first.token),
            json!({"reason": "scam", "details": "asks for a fee"}),
        )
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(report["status"], "open");
    let twice = app
        .post(&path, Some(&first.token), json!({"reason": "misleading"}))
        .await
        .expect(StatusCode::CONFLICT);
    assert_eq!(twice["code"], "already_reported");
    app.post(&path, None, json!({"reason": "scam"}))
        .await
        .expect(StatusCode::UNAUTHORIZED);
    let bad = app
        .post(&path, Some(&first.token), json!({"reason": "boring"}))
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad["errors"][0]["field"], "reason");

    // Two distinct reporters: still listed. The third hides it.
    app.post(
        &path,
        Some(&app.user("candidate").await.token),
        json!({"reason": "fake_company"}),
    )
    .await
    .expect(StatusCode::CREATED);
    app.get(&format!("/api/v1/jobs/{code}"), None)
        .await
        .expect(StatusCode::OK);
    app.post(
        &path,
        Some(&app.user("recruiter").await.token),
        json!({"reason": "scam"}),
    )
    .await
    .expect(StatusCode::CREATED);
    app.get(&format!("/api/v1/jobs/{code}"), None)
        .await
        .expect(StatusCode::NOT_FOUND);
    let hidden = app
        .get(&format!("/api/v1/jobs/{code}"), Some(&recruiter.token))
        .await
        .expect(StatusCode::OK);
    assert_eq!(hidden["status"], "hidden");

    let moderator = app.staff(Role::Moderator).await;
    let queue = app
        .get("/api/v1/moderation/reports", Some(&moderator.token))
        .await
        .expect(StatusCode::OK);
    let queue = &queue["items"];
    assert_eq!(queue[0]["job_code"], code);
    assert_eq!(queue[0]["reporters"], 3);
    assert_eq!(
        queue[0]["reasons"][0],
        json!({"reason": "scam", "count": 2})
    );

    let restored = app
        .post(
            &format!("/api/v1/moderation/jobs/{code}/restore"),
            Some(&moderator.token),
            json!({"reason": "verified employer"}),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(restored["status"], "published");
    assert!(app
        .get("/api/v1/moderation/reports", Some(&moderator.token))
        .await
        .expect(StatusCode::OK)["items"]
        .as_array()
        .unwrap()
        .is_empty());

    let removed = app
        .post(
            &format!("/api/v1/moderation/jobs/{code}/remove"),
            Some(&moderator.token),
            json!({"reason": "charges applicants a fee"}),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(removed["status"], "removed");
    let seen_by_poster = app
        .get(&format!("/api/v1/jobs/{code}"), Some(&recruiter.token))
        .await
        .expect(StatusCode::OK);
    assert_eq!(seen_by_poster["removal_reason"], "charges applicants a fee");
    app.post(
        &format!("/api/v1/moderation/jobs/{code}/restore"),
        Some(&moderator.token),
        json!({"reason": "oops"}),
    )
    .await
    .expect(StatusCode::CONFLICT);
    let kinds: Vec<String> = app
        .service
        .events_after(0, 1000)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.envelope.expect("readable").event.event_type().to_owned())
        .collect();
    for kind in [
        "report.filed",
        "posting.hidden",
        "posting.restored",
        "posting.removed",
        "report.resolved",
    ] {
        assert!(kinds.iter().any(|k| k == kind), "missing {kind}");
    }
}

pub async fn a_single_report_can_be_dismissed() {
    let app = TestApp::spawn().await;
    let (recruiter, _) = app.recruiter_with_company("Fine Jobs").await;
    let code = app.published(&recruiter, posting(json!({}))).await;
    let reporter = app.user("candidate").await;
    let report = app
        .post(
            &format!("/api/v1/jobs/{code}/reports"),
            Some(&reporter.token),
            json!({"reason": "duplicate"}),
        )
        .await
        .expect(StatusCode::CREATED);
    let id = report["id"].as_i64().unwrap();
    let moderator = app.staff(Role::Moderator).await;
    let dismissed = app
        .post(
            &format!("/api/v1/moderation/reports/{id}/dismiss"),
            Some(&moderator.token),
            json!({"reason": "not a duplicate"}),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(dismissed["status"], "dismissed");
    assert_eq!(dismissed["resolution_note"], "not a duplicate");
    app.post(
        &format!("/api/v1/moderation/reports/{id}/dismiss"),
        Some(&moderator.token),
        json!({"reason": "again"}),
    )
    .await
    .expect(StatusCode::CONFLICT);
    app.post(
        "/api/v1/moderation/reports/999999/dismiss",
        Some(&moderator.token),
        json!({"reason": "missing"}),
    )
    .await
    .expect(StatusCode::NOT_FOUND);
}

pub async fn interview_questions_fit_the_posting() {
    let app = TestApp::spawn().await;
    let (recruiter, _) = app.recruiter_with_company("Questions Co").await;
    let moderator = app.staff(Role::Moderator).await;
    let shared = app
        .post("/api/v1/interview-questions", Some(&moderator.token), json!({"question": "How does Rust's borrow checker prevent data races?", "skills": ["rust"], "difficulty": "medium", "answer": "Aliasing XOR mutability."}))
        .await
        .expect(StatusCode::CREATED);
    app.post(
        "/api/v1/interview-questions",
        Some(&moderator.token),
        json!({"question": "Explain React's reconciliation algorithm.", "skills": ["react"]}),
    )
    .await
    .expect(StatusCode::CREATED);
    let own = app
        .post(
            "/api/v1/interview-questions",
            Some(&recruiter.token),
            json!({"question": "Describe a Kubernetes rollout you led.", "skills": ["kubernetes"]}),
        )
        .await
        .expect(StatusCode::CREATED);
    let code = app.published(&recruiter, posting(json!({}))).await;
    let fitting = app
        .get(&format!("/api/v1/jobs/{code}/interview-questions"), None)
        .await
        .expect(StatusCode::OK);
    let ids: Vec<i64> = fitting["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_i64().unwrap())
        .collect();
    assert!(ids.contains(&shared["id"].as_i64().unwrap()));
    assert!(ids.contains(&own["id"].as_i64().unwrap()));
    assert_eq!(ids.len(), 2, "the React question does not fit");
    let listed = app
        .get("/api/v1/interview-questions?skill=react", None)
        .await
        .expect(StatusCode::OK);
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
    let id = own["id"].as_i64().unwrap();
    let other = app.recruiter_with_company("Other Questions Co").await.0;
    app.call(
        reqwest::Method::DELETE,
        &format!("/api/v1/interview-questions/{id}"),
        Some(&other.token),
        None,
    )
    .await
    .expect(StatusCode::FORBIDDEN);
    app.call(
        reqwest::Method::DELETE,
        &format!("/api/v1/interview-questions/{id}"),
        Some(&recruiter.token),
        None,
    )
    .await
    .expect(StatusCode::NO_CONTENT);
}
