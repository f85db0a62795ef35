use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::TestApp;

/// The seed posting goes in through the API and comes back field by field.
pub async fn seed_posting_round_trips_through_the_api() {
    let app = TestApp::spawn().await;
    let (recruiter, _) = app.recruiter_with_company("Seed Round Trip").await;
    let seed = hireboard_datagen::seed_posting(app.clock.today()).posting;
    let sent = serde_json::to_value(&seed).unwrap();
    let code = app.published(&recruiter, sent.clone()).await;
    let got = app
        .get(&format!("/api/v1/jobs/{code}"), None)
        .await
        .expect(StatusCode::OK);
    for field in [
        "title",
        "responsibilities",
        "required_skills",
        "qualifications",
        "preferred_qualifications",
        "tools_and_technologies",
        "skills",
        "functional_area",
        "category",
        "experience",
        "education",
        "workplace_type",
        "locations",
        "employment_type",
        "salary",
        "screening_questions",
    ] {
        assert_eq!(got[field], sent[field], "field {field}");
    }
    assert!(got["description_html"]
        .as_str()
        .unwrap()
        .contains("Senior Software Backend Engineer is responsible"));
    assert_eq!(got["responsibilities"].as_array().unwrap().len(), 7);
    assert_eq!(got["required_skills"].as_array().unwrap().len(), 7);
    assert_eq!(got["functional_area"], "Backend Development");
    assert_eq!(got["category"], "Backend Development");
}

/// The demo data set holds the seed posting under its public job code, posted on 15/09/2025.
pub async fn demo_data_serves_the_seed_posting_and_many_more() {
    let app = TestApp::spawn().await;
    hireboard::commands::load_demo(&app.service, false)
        .await
        .unwrap();
    let seed = app
        .get("/api/v1/jobs/1546216", None)
        .await
        .expect(StatusCode::OK);
    assert_eq!(seed["job_code"], 1546216);
    assert_eq!(seed["title"], "Senior Software Engineer - Backend");
    assert!(seed["posted_at"]
        .as_str()
        .unwrap()
        .starts_with("2025-09-15"));
    assert_eq!(seed["company"]["name"], hireboard_datagen::SEED_COMPANY);
    let questions = app
        .get("/api/v1/jobs/1546216/interview-questions?limit=50", None)
        .await
        .expect(StatusCode::OK);
    assert!(
        questions["items"].as_array().unwrap().len() >= 20,
        "a real bank of questions fits the seed"
    );
    let mut total = 0;
    let mut areas = std::collections::HashSet::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/jobs?limit=100&cursor={c}"),
            None => "/api/v1/jobs?limit=100".to_owned(),
        };
        let page = app.get(&path, None).await.expect(StatusCode::OK);
        for item in page["items"].as_array().unwrap() {
            areas.insert(item["functional_area"].as_str().unwrap().to_owned());
            total += 1;
        }
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    assert!(total >= 2001, "{total} postings listed");
    assert!(areas.len() >= 10);
    // Demo accounts log in with the printed credentials.
    let recruiter = app
        .login("recruiter@demo.hireboard.test", "demo-recruiter-Heron-42")
        .await;
    let managed = app
        .get("/api/v1/jobs/1546216/applications", Some(&recruiter.token))
        .await;
    assert_eq!(
        managed.status,
        StatusCode::OK,
        "the demo recruiter manages the seed posting"
    );
    let _: Value = managed.body;
}
