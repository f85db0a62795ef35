use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{posting, TestApp};

pub async fn apply_once_with_required_answers_and_follow_the_pipeline() {
    let app = TestApp::spawn().await;
    let (recruiter, _) = app.recruiter_with_company("Pipeline Co").await;
    let code = app.published(&recruiter, posting(json!({}))).await;
    let candidate = app.user("candidate").await;
    let path = format!("/api/v1/jobs/{code}/applications");

    let missing = app
        .post(
            &path,
            Some(&candidate.token),
            json!({"cover_note": "Hello"}),
        )
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(missing["errors"][0]["field"], "answers.rust_years");
    let wrong = app
        .post(
            &path,
            Some(&candidate.token),
            json!({"answers": {"rust_years": "five", "relocate": "maybe", "bogus": 1}}),
        )
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong["errors"].as_array().unwrap().len(), 3);

    let application = app
        .post(
            &path,
            Some(&candidate.token),
            json!({"cover_note": "I love Rust.", "answers": {"rust_years": 4, "relocate": true}}),
        )
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(application["stage"], "applied");
    let id = application["id"].as_i64().unwrap();
    let twice = app
        .post(
            &path,
            Some(&candidate.token),
            json!({"answers": {"rust_years": 4}}),
        )
        .await
        .expect(StatusCode::CONFLICT);
    assert_eq!(twice["code"], "already_applied");

    let applicants = app
        .get(&path, Some(&recruiter.token))
        .await
        .expect(StatusCode::OK);
    assert_eq!(applicants["items"].as_array().unwrap().len(), 1);
    for stage in ["viewed", "shortlisted", "interview", "offer"] {
        app.post(
            &format!("/api/v1/applications/{id}/stage"),
            Some(&recruiter.token),
            json!({"stage": stage, "note": format!("to {stage}")}),
        )
        .await
        .expect(StatusCode::OK);
    }
    let backwards = app
        .post(
            &format!("/api/v1/applications/{id}/stage"),
            Some(&recruiter.token),
            json!({"stage": "viewed"}),
        )
        .await
        .expect(StatusCode::CONFLICT);
    assert_eq!(backwards["code"], "invalid_transition");
    app.post(
        &format!("/api/v1/applications/{id}/stage"),
        Some(&recruiter.token),
        json!({"stage": "hired"}),
    )
    .await
    .expect(StatusCode::OK);

    let mine = app
        .get("/api/v1/me/applications", Some(&candidate.token))
        .await
        .expect(StatusCode::OK);
    let mine = &mine["items"];
    let history: Vec<&str> = mine[0]["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["to"].as_str().unwrap())
        .collect();
    assert_eq!(mine[0]["stage"], "hired");
    assert_eq!(
        history,
        [
            "applied",
            "viewed",
            "shortlisted",
            "interview",
            "offer",
            "hired"
        ]
    );
    assert_eq!(mine[0]["history"][1]["by"], recruiter.id);
    app.post(
        &format!("/api/v1/applications/{id}/withdraw"),
        Some(&candidate.token),
        json!({}),
    )
    .await
    .expect(StatusCode::CONFLICT);
}

pub async fn candidates_withdraw_and_cannot_apply_to_closed_postings() {
    let app = TestApp::spawn().await;
    let (recruiter, _) = app.recruiter_with_company("Withdraw Co").await;
    let code = app
        .published(&recruiter, posting(json!({"screening_questions": []})))
        .await;
    let candidate = app.user("candidate").await;
    let id = app.applied(&candidate, code).await;
    let withdrawn = app
        .post(
            &format!("/api/v1/applications/{id}/withdraw"),
            Some(&candidate.token),
            json!({}),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(withdrawn["stage"], "withdrawn");
    app.post(
        &format!("/api/v1/applications/{id}/stage"),
        Some(&recruiter.token),
        json!({"stage": "viewed"}),
    )
    .await
    .expect(StatusCode::CONFLICT);
    app.post(
        &format!("/api/v1/jobs/{code}/close"),
        Some(&recruiter.token),
        json!({}),
    )
    .await
    .expect(StatusCode::OK);
    let other = app.user("candidate").await;
    app.post(
        &format!("/api/v1/jobs/{code}/applications"),
        Some(&other.token),
        json!({}),
    )
    .await
    .expect(StatusCode::NOT_FOUND);
}

pub async fn concurrent_duplicate_applications_create_exactly_one() {
    let app = TestApp::spawn().await;
    let (recruiter, _) = app.recruiter_with_company("Race Co").await;
    let code = app
        .published(&recruiter, posting(json!({"screening_questions": []})))
        .await;
    let candidate = app.user("candidate").await;
    let path = format!("/api/v1/jobs/{code}/applications");
    let attempts = (0..8).map(|_| app.post(&path, Some(&candidate.token), json!({})));
    let statuses: Vec<StatusCode> = futures::future::join_all(attempts)
        .await
        .into_iter()
        .map(|r| r.status)
        .collect();
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::CREATED)
            .count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::CREATED || *s == StatusCode::CONFLICT),
        "{statuses:?}"
    );
    let applicants = app
        .get(&path, Some(&recruiter.token))
        .await
        .expect(StatusCode::OK);
    assert_eq!(applicants["items"].as_array().unwrap().len(), 1);
}

/// The recruiters' pipeline counts each applicant once, at the stage it stands, a moment after
/// the applications and moves (a shared consumer counts them from the events).
pub async fn the_pipeline_counts_each_applicant_at_its_stage() {
    let app = TestApp::spawn().await;
    let (recruiter, _) = app.recruiter_with_company("Counting Co").await;
    let code = app
        .published(&recruiter, posting(json!({"screening_questions": []})))
        .await;
    let path = format!("/api/v1/jobs/{code}/pipeline");
    let mut ids = Vec::new();
    for _ in 0..4 {
        let candidate = app.user("candidate").await;
        let id = app.applied(&candidate, code).await;
        ids.push((candidate, id));
    }
    for (stage, (_, id)) in ["interview", "rejected"].iter().zip(&ids) {
        app.post(
            &format!("/api/v1/applications/{id}/stage"),
            Some(&recruiter.token),
            json!({"stage": stage}),
        )
        .await
        .expect(StatusCode::OK);
    }
    let (candidate, id) = &ids[2];
    app.post(
        &format!("/api/v1/applications/{id}/withdraw"),
        Some(&candidate.token),
        json!({}),
    )
    .await
    .expect(StatusCode::OK);
    app.get(&path, Some(&candidate.token))
        .await
        .expect(StatusCode::FORBIDDEN);

    let expected = json!([
        {"stage": "applied", "applications": 1},
        {"stage": "viewed", "applications": 0},
        {"stage": "shortlisted", "applications": 0},
        {"stage": "interview", "applications": 1},
        {"stage": "offer", "applications": 0},
        {"stage": "hired", "applications": 0},
        {"stage": "rejected", "applications": 1},
        {"stage": "withdrawn", "applications": 1},
    ]);
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let pipeline = app
            .get(&path, Some(&recruiter.token))
            .await
            .expect(StatusCode::OK);
        if pipeline["stages"] == expected {
            assert_eq!(pipeline["total"], 4);
            assert_eq!(pipeline["job_code"], code);
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the pipeline never showed the moves: {pipeline}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}
