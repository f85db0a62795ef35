//! Every enum value the served OpenAPI document declares is one the server accepts.

use std::collections::BTreeMap;

use hireboard_domain::account::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{posting, TestApp};

/// Every `enum` in the document, by the schema or parameter that declares it.
fn declared_enums(document: &Value) -> BTreeMap<String, Vec<String>> {
    fn walk(name: &str, node: &Value, found: &mut BTreeMap<String, Vec<String>>) {
        match node {
            Value::Object(map) => {
                if let Some(Value::Array(values)) = map.get("enum") {
                    let values = values.iter().map(|v| v.as_str().unwrap().to_owned());
                    found.entry(name.to_owned()).or_default().extend(values);
                }
                for (key, child) in map {
                    let name = match (key.as_str(), child.get("name")) {
                        (_, Some(Value::String(parameter))) => parameter.clone(),
                        ("properties" | "schema" | "items" | "oneOf" | "anyOf", _) => {
                            name.to_owned()
                        }
                        (key, _) => key.to_owned(),
                    };
                    walk(&name, child, found);
                }
            }
            Value::Array(items) => items.iter().for_each(|item| walk(name, item, found)),
            _ => {}
        }
    }
    let mut found = BTreeMap::new();
    walk("", document, &mut found);
    for values in found.values_mut() {
        values.sort();
        values.dedup();
    }
    found
}

pub async fn every_documented_enum_value_is_accepted() {
    // Reports with every reason go to one posting, which must stay listed for all of them; and
    // one account per report and per stage is more than the default registration limit.
    let app = TestApp::spawn_with(|config| {
        config.reports.hide_threshold = 100;
        config.rate_limits.register.max = 100;
        config.rate_limits.login.max = 100;
    })
    .await;
    let document = app
        .get("/api/v1/openapi.json", None)
        .await
        .expect(StatusCode::OK);
    let enums = declared_enums(&document);
    let values = |name: &str| -> Vec<String> {
        enums
            .get(name)
            .unwrap_or_else(|| panic!("the document declares no {name} enum: {enums:?}"))
            .clone()
    };
    let mut sent: Vec<&str> = Vec::new();
    let (recruiter, _) = app.recruiter_with_company("Enum Works").await;

    // Postings: every workplace type, employment type, education, salary period and format.
    sent.extend([
        "WorkplaceType",
        "EmploymentType",
        "Education",
        "SalaryPeriod",
        "TextFormat",
    ]);
    for (field, schema) in [
        ("workplace_type", "WorkplaceType"),
        ("employment_type", "EmploymentType"),
        ("education", "Education"),
        ("description_format", "TextFormat"),
    ] {
        for value in values(schema) {
            let created = app
                .post(
                    "/api/v1/jobs",
                    Some(&recruiter.token),
                    posting(json!({ field: value })),
                )
                .await
                .expect(StatusCode::CREATED);
            if field != "description_format" {
                assert_eq!(created[field], value.as_str(), "{field}");
            }
        }
    }
    for period in values("SalaryPeriod") {
        let salary = json!({"min": 10, "max": 20, "currency": "EUR", "period": period});
        let created = app
            .post(
                "/api/v1/jobs",
                Some(&recruiter.token),
                posting(json!({ "salary": salary })),
            )
            .await
            .expect(StatusCode::CREATED);
        assert_eq!(created["salary"]["period"], period.as_str());
    }

    // Listing filters: every workplace type the parameter's schema names.
    let parameter = document["paths"]["/api/v1/jobs"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "workplace_type")
        .expect("a workplace_type filter");
    let schema = serde_json::to_string(&parameter["schema"]).unwrap();
    let name = schema
        .split("#/components/schemas/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the filter names its schema");
    for value in values(name) {
        app.get(&format!("/api/v1/jobs?workplace_type={value}"), None)
            .await
            .expect(StatusCode::OK);
    }

    // Screening answer kinds: one question of each type.
    sent.push("type");
    let kinds: Vec<Value> = values("type")
        .into_iter()
        .enumerate()
        .map(|(i, kind)| {
            let mut answer = json!({"type": kind});
            match kind.as_str() {
                "text" => answer["max_length"] = json!(100),
                "single_choice" => answer["options"] = json!(["a", "b"]),
                "number" => answer
                    .as_object_mut()
                    .unwrap()
                    .extend([("min".to_owned(), json!(0)), ("max".to_owned(), json!(9))]),
                _ => {}
            }
            json!({"id": format!("q{i}"), "prompt": format!("Question {i}?"), "answer": answer})
        })
        .collect();
    let code = app
        .published(&recruiter, posting(json!({"screening_questions": kinds})))
        .await;

    // Reports: every reason, from a reporter each (one report per account and posting).
    sent.push("ReportReason");
    let reported = app.published(&recruiter, posting(json!({}))).await;
    for reason in values("ReportReason") {
        let reporter = app.user("candidate").await;
        let report = app
            .post(
                &format!("/api/v1/jobs/{reported}/reports"),
                Some(&reporter.token),
                json!({"reason": reason}),
            )
            .await
            .expect(StatusCode::CREATED);
        assert_eq!(report["reason"], reason.as_str());
    }

    // Stages: each stage a recruiter may move to, on an application of its own where the
    // pipeline allows it; the others are the candidate's (`applied`) or refused as moves.
    sent.push("Stage");
    for stage in values("Stage") {
        let candidate = app.user("candidate").await;
        let id = app.applied(&candidate, code).await;
        let path = format!("/api/v1/applications/{id}");
        let moved = match stage.as_str() {
            "applied" => {
                let application = app.get(&path, Some(&candidate.token)).await;
                assert_eq!(application.expect(StatusCode::OK)["stage"], "applied");
                continue;
            }
            "withdrawn" => {
                app.post(
                    &format!("{path}/withdraw"),
                    Some(&candidate.token),
                    json!({}),
                )
                .await
            }
            _ => {
                app.post(
                    &format!("{path}/stage"),
                    Some(&recruiter.token),
                    json!({"stage": stage}),
                )
                .await
            }
        };
        assert_eq!(moved.expect(StatusCode::OK)["stage"], stage.as_str());
    }

    // Interview questions: every difficulty.
    sent.push("Difficulty");
    for difficulty in values("Difficulty") {
        let question = app
            .post(
                "/api/v1/interview-questions",
                Some(&recruiter.token),
                json!({"question": "What does the borrow checker enforce?", "skills": ["rust"], "difficulty": difficulty}),
            )
            .await
            .expect(StatusCode::CREATED);
        assert_eq!(question["difficulty"], difficulty.as_str());
    }

    // Roles: every role a registration may name, and every role an admin may grant.
    sent.push("role");
    for role in values("role") {
        let email = format!("enum-{role}@example.com");
        let account = app
            .post(
                "/api/v1/accounts",
                None,
                json!({"email": email, "password": "correct horse battery staple", "display_name": "Enum", "role": role}),
            )
            .await
            .expect(StatusCode::CREATED);
        assert_eq!(account["role"], role.as_str());
    }
    sent.push("Role");
    let admin = app.staff(Role::Admin).await;
    let target = app.user("candidate").await;
    for role in values("Role") {
        let account = app
            .post(
                &format!("/api/v1/admin/accounts/{}/role", target.id),
                Some(&admin.token),
                json!({"role": role}),
            )
            .await
            .expect(StatusCode::OK);
        assert_eq!(account["role"], role.as_str());
    }

    // Member roles: an invitation to the company with each, accepted.
    sent.push("MemberRole");
    for role in values("MemberRole") {
        let invitee = app.user("recruiter").await;
        app.join(&recruiter, "enum-works", &invitee, &role).await;
        let me = app
            .get("/api/v1/me", Some(&invitee.token))
            .await
            .expect(StatusCode::OK);
        assert_eq!(me["company_role"], role.as_str());
    }

    // Output-only enums are what the server answers with; every declared one must be covered
    // above or listed here, so a new enum cannot go untested.
    let answered = [
        "AccountStatus",
        "Connection",
        "PostingStatus",
        "ReportStatus",
        "SuggestionKind",
    ];
    let untested: Vec<&String> = enums
        .keys()
        .filter(|name| !sent.contains(&name.as_str()) && !answered.contains(&name.as_str()))
        .collect();
    assert!(untested.is_empty(), "enums no test sends: {untested:?}");
}
