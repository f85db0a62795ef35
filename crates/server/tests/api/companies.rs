//! Companies, their members and invitations: the flow end to end, invitations that reveal
//! nothing about who has an account, tokens that cannot be used, leaving and removal.

use std::collections::BTreeMap;

use hireboard_domain::account::Role;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::database::Database;
use crate::helpers::{posting, Reply, TestApp, User};

const PASSWORD: &str = "correct horse battery staple";

fn members_of(page: &Value) -> Vec<(i64, String)> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["account_id"].as_i64().unwrap(),
                m["role"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

pub async fn invitations_end_to_end() {
    let app = TestApp::spawn().await;
    let (owner, slug) = app.recruiter_with_company("Globex Corporation").await;
    let page = app
        .get(&format!("/api/v1/companies/{slug}"), None)
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        (page["name"].clone(), page["open_postings"].clone()),
        (json!("Globex Corporation"), json!(0))
    );
    let me = app
        .get("/api/v1/me", Some(&owner.token))
        .await
        .expect(StatusCode::OK);
    assert_eq!(me["company_role"], "owner");

    let newcomer = app.user("recruiter").await;
    let typed = newcomer.email.to_uppercase();
    let issued = app
        .invite(&owner, &slug, &format!(" {typed} "), "recruiter")
        .await;
    let keys: Vec<&str> = issued
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "created_at",
            "email",
            "expires_at",
            "id",
            "invited_by",
            "role",
            "token"
        ]
    );
    assert_eq!(issued["email"], typed.as_str(), "shown as typed");
    assert_eq!(
        (issued["role"].clone(), issued["invited_by"].clone()),
        (json!("recruiter"), json!(owner.id))
    );
    let token = issued["token"].clone();
    assert!(token.as_str().unwrap().starts_with("hbi_"));
    let created: chrono::DateTime<chrono::Utc> =
        serde_json::from_value(issued["created_at"].clone()).unwrap();
    let expires: chrono::DateTime<chrono::Utc> =
        serde_json::from_value(issued["expires_at"].clone()).unwrap();
    assert_eq!(expires - created, chrono::Duration::days(7));

    let invitations = format!("/api/v1/companies/{slug}/invitations");
    let pending = app
        .get(&invitations, Some(&owner.token))
        .await
        .expect(StatusCode::OK);
    assert_eq!(pending["items"].as_array().unwrap().len(), 1);
    assert_eq!(pending["items"][0]["id"], issued["id"]);
    assert!(
        pending["items"][0].get("token").is_none(),
        "the token is shown once"
    );
    assert_eq!(pending["next_cursor"], Value::Null);

    let joined = app.accept(&newcomer, &token).await.expect(StatusCode::OK);
    assert_eq!(
        (joined["company"]["slug"].as_str(), joined["role"].as_str()),
        (Some(slug.as_str()), Some("recruiter"))
    );
    let me = app
        .get("/api/v1/me", Some(&newcomer.token))
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        (me["company_id"].is_i64(), me["company_role"].as_str()),
        (true, Some("recruiter"))
    );
    // The newcomer posts for the company at once.
    app.published(&newcomer, posting(json!({}))).await;
    let page = app
        .get(&format!("/api/v1/companies/{slug}"), None)
        .await
        .expect(StatusCode::OK);
    assert_eq!(page["open_postings"], 1);

    let members = format!("/api/v1/companies/{slug}/recruiters");
    for member in [&owner, &newcomer] {
        let page = app
            .get(&members, Some(&member.token))
            .await
            .expect(StatusCode::OK);
        assert_eq!(
            members_of(&page),
            [
                (owner.id, "owner".into()),
                (newcomer.id, "recruiter".into())
            ]
        );
        assert_eq!(page["items"][1]["email"], newcomer.email);
    }
    // Members who are not owners neither invite nor see invitations.
    app.get(&invitations, Some(&newcomer.token))
        .await
        .expect(StatusCode::FORBIDDEN);
    app.post(
        &invitations,
        Some(&newcomer.token),
        json!({"email": "x@example.com"}),
    )
    .await
    .expect(StatusCode::FORBIDDEN);

    let pending = app
        .get(&invitations, Some(&owner.token))
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        pending["items"],
        json!([]),
        "used invitations are no longer pending"
    );
    let events = app.service.events_after(0, 1000).await.unwrap();
    let kinds: Vec<&str> = events
        .iter()
        .map(|e| e.envelope.as_ref().expect("readable").event.event_type())
        .collect();
    for kind in ["company.invitation_created", "company.invitation_accepted"] {
        assert!(kinds.contains(&kind), "{kind} missing from {kinds:?}");
    }
    let secret = token.as_str().unwrap();
    assert!(
        events.iter().all(|e| !e.raw.contains(secret)),
        "no event carries the token"
    );
    let database = Database::open(&app.database_url).await;
    assert_eq!(
        database
            .count(&format!(
                "SELECT COUNT(*) FROM company_invitations WHERE email = '{typed}'"
            ))
            .await,
        1
    );

    let duplicate = app.user("recruiter").await;
    let body = app
        .post(
            "/api/v1/companies",
            Some(&duplicate.token),
            json!({"name": "Globex corporation"}),
        )
        .await
        .expect(StatusCode::CONFLICT);
    assert_eq!(body["code"], "company_exists");
}

/// What distinguishes two answers to an invitation besides what the inviter typed: header
/// values other than the date, request id and length, and the JSON type of each field.
fn shape(
    reply: &Reply,
) -> (
    u16,
    BTreeMap<String, String>,
    BTreeMap<String, &'static str>,
) {
    let headers = reply
        .headers
        .iter()
        .map(|(name, value)| {
            let value = match name.as_str() {
                "date" | "x-request-id" | "content-length" => "(varies)".to_owned(),
                _ => value.to_str().unwrap().to_owned(),
            };
            (name.as_str().to_owned(), value)
        })
        .collect();
    let fields = reply
        .body
        .as_object()
        .unwrap()
        .iter()
        .map(|(key, value)| {
            let kind = match value {
                Value::String(_) => "string",
                Value::Number(_) => "number",
                Value::Null => "null",
                _ => "other",
            };
            (key.clone(), kind)
        })
        .collect();
    (reply.status.as_u16(), headers, fields)
}

pub async fn invitations_answer_the_same_whoever_the_address_belongs_to() {
    let app = TestApp::spawn().await;
    let (owner, slug) = app.recruiter_with_company("Same Answer Co").await;
    let candidate = app.user("candidate").await;
    let (elsewhere, _) = app.recruiter_with_company("Elsewhere Co").await;
    let unaffiliated = app.user("recruiter").await;
    let addresses = [
        ("nobody", "nobody-at-all@example.com".to_owned()),
        ("a candidate", candidate.email.clone()),
        ("a member of another company", elsewhere.email.clone()),
        ("the owner", owner.email.clone()),
        ("a recruiter without a company", unaffiliated.email.clone()),
    ];
    let mut answers = Vec::new();
    for (who, email) in &addresses {
        let reply = app
            .post(
                &format!("/api/v1/companies/{slug}/invitations"),
                Some(&owner.token),
                json!({"email": email}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{who}: {}", reply.body);
        assert_eq!(reply.body["email"], email.as_str(), "{who}");
        assert_eq!(reply.body["role"], "recruiter", "{who}");
        answers.push((who, reply));
    }
    let (first, reference) = &answers[0];
    for (who, reply) in &answers[1..] {
        assert_eq!(
            shape(reply),
            shape(reference),
            "inviting {who} answers unlike inviting {first}"
        );
    }

    // Only the invitee's own account decides what accepting does.
    let token = |n: usize| answers[n].1.body["token"].clone();
    app.accept(&candidate, &token(1))
        .await
        .expect(StatusCode::FORBIDDEN);
    let refused = app
        .accept(&elsewhere, &token(2))
        .await
        .expect(StatusCode::CONFLICT);
    assert_eq!(refused["code"], "already_in_company");
    app.accept(&owner, &token(3))
        .await
        .expect(StatusCode::CONFLICT);
    app.accept(&unaffiliated, &token(4))
        .await
        .expect(StatusCode::OK);
}

pub async fn unusable_tokens_get_one_answer() {
    let app = TestApp::spawn().await;
    let (owner, slug) = app.recruiter_with_company("Token Co").await;
    let invitee = app.user("recruiter").await;
    let other = app.user("recruiter").await;
    let mut answers = Vec::new();
    let mut try_token = async |what: &'static str, invitee: &User, token: Value| {
        let reply = app.accept(invitee, &token).await;
        assert_eq!(
            reply.status,
            StatusCode::NOT_FOUND,
            "{what}: {}",
            reply.body
        );
        answers.push((what, reply));
    };

    let expiring = app.invite(&owner, &slug, &invitee.email, "recruiter").await;
    app.clock
        .advance(chrono::Duration::days(7) + chrono::Duration::seconds(1));
    // Sessions went idle meanwhile.
    let owner = app.login(&owner.email, PASSWORD).await;
    let invitee = app.login(&invitee.email, PASSWORD).await;
    try_token("expired", &invitee, expiring["token"].clone()).await;
    let expired = format!("/api/v1/companies/{slug}/invitations/{}", expiring["id"]);
    let refused = app
        .delete(&expired, Some(&owner.token))
        .await
        .expect(StatusCode::CONFLICT);
    assert_eq!(refused["code"], "invitation_not_pending");

    let revoked = app.invite(&owner, &slug, &invitee.email, "recruiter").await;
    let revoke = format!("/api/v1/companies/{slug}/invitations/{}", revoked["id"]);
    app.delete(&revoke, Some(&owner.token))
        .await
        .expect(StatusCode::NO_CONTENT);
    app.delete(&revoke, Some(&owner.token))
        .await
        .expect(StatusCode::CONFLICT);
    try_token("revoked", &invitee, revoked["token"].clone()).await;

    let someone_elses = app.invite(&owner, &slug, &other.email, "recruiter").await;
    try_token(
        "sent to another address",
        &invitee,
        someone_elses["token"].clone(),
    )
    .await;
    try_token(
        "never issued",
        &invitee,
        json!(format!("hbi_{}", "A".repeat(43))),
    )
    .await;
    try_token("not a token at all", &invitee, json!("hello")).await;
    try_token("a session token", &invitee, json!(invitee.token)).await;
    try_token(
        "far too long",
        &invitee,
        json!(format!("hbi_{}", "A".repeat(5000))),
    )
    .await;

    let used = app.invite(&owner, &slug, &invitee.email, "recruiter").await;
    app.accept(&invitee, &used["token"])
        .await
        .expect(StatusCode::OK);
    app.delete(
        &format!("/api/v1/companies/{slug}/recruiters/{}", invitee.id),
        Some(&invitee.token),
    )
    .await
    .expect(StatusCode::NO_CONTENT);
    try_token("used", &invitee, used["token"].clone()).await;

    let (first, reference) = &answers[0];
    for (what, reply) in &answers[1..] {
        assert_eq!(reply.body, reference.body, "{what} answers unlike {first}");
        assert_eq!(
            shape(reply),
            shape(reference),
            "{what} answers unlike {first}"
        );
    }
    app.post(
        "/api/v1/invitations/accept",
        Some(&invitee.token),
        json!({}),
    )
    .await
    .expect(StatusCode::UNPROCESSABLE_ENTITY);

    // The invitee could have joined all along with a good token.
    let fresh = app.invite(&owner, &slug, &invitee.email, "recruiter").await;
    app.accept(&invitee, &fresh["token"])
        .await
        .expect(StatusCode::OK);
}

pub async fn members_leave_and_owners_remove_but_the_last_owner_stays() {
    let app = TestApp::spawn().await;
    let (owner, slug) = app.recruiter_with_company("Keepers Inc").await;
    let co_owner = app.user("recruiter").await;
    app.join(&owner, &slug, &co_owner, "owner").await;
    let recruiter = app.user("recruiter").await;
    app.join(&owner, &slug, &recruiter, "recruiter").await;
    let code = app.published(&recruiter, posting(json!({}))).await;
    let member = |who: &User| format!("/api/v1/companies/{slug}/recruiters/{}", who.id);

    // A recruiter removes nobody else; anyone else is not a member at all.
    app.delete(&member(&co_owner), Some(&recruiter.token))
        .await
        .expect(StatusCode::FORBIDDEN);
    let (outsider, _) = app.recruiter_with_company("Outsiders").await;
    app.delete(&member(&recruiter), Some(&outsider.token))
        .await
        .expect(StatusCode::FORBIDDEN);

    // A second invitation the recruiter never used dies when they leave.
    let spare = app.invite(&owner, &slug, &recruiter.email, "owner").await;
    app.delete(&member(&recruiter), Some(&recruiter.token))
        .await
        .expect(StatusCode::NO_CONTENT);
    let me = app
        .get("/api/v1/me", Some(&recruiter.token))
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        (me["company_id"].clone(), me["company_role"].clone()),
        (Value::Null, Value::Null)
    );
    app.call(
        Method::PATCH,
        &format!("/api/v1/jobs/{code}"),
        Some(&recruiter.token),
        Some(json!({"title": "Not mine any more"})),
    )
    .await
    .expect(StatusCode::FORBIDDEN);
    let kept = app
        .get(&format!("/api/v1/jobs/{code}"), None)
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        kept["company"]["slug"],
        slug.as_str(),
        "the posting stays with the company"
    );
    app.accept(&recruiter, &spare["token"])
        .await
        .expect(StatusCode::NOT_FOUND);
    let founded = app
        .post(
            "/api/v1/companies",
            Some(&recruiter.token),
            json!({"name": "Second Act"}),
        )
        .await
        .expect(StatusCode::CREATED);
    let second_act = founded["slug"].as_str().unwrap().to_owned();

    // An owner removes another owner, who may then join elsewhere.
    app.delete(&member(&co_owner), Some(&owner.token))
        .await
        .expect(StatusCode::NO_CONTENT);
    app.join(&recruiter, &second_act, &co_owner, "recruiter")
        .await;
    app.delete(&member(&co_owner), Some(&owner.token))
        .await
        .expect(StatusCode::NOT_FOUND);
    app.delete(
        &format!("/api/v1/companies/{slug}/recruiters/999999"),
        Some(&owner.token),
    )
    .await
    .expect(StatusCode::NOT_FOUND);

    // The last owner stays, whoever asks.
    let admin = app.staff(Role::Admin).await;
    for who in [&owner, &admin] {
        let refused = app
            .delete(&member(&owner), Some(&who.token))
            .await
            .expect(StatusCode::CONFLICT);
        assert_eq!(refused["code"], "last_owner");
    }
    // Admins act for a company without being in it, and what they do is audited.
    let heir = app.user("recruiter").await;
    app.join(&admin, &slug, &heir, "owner").await;
    app.delete(&member(&owner), Some(&admin.token))
        .await
        .expect(StatusCode::NO_CONTENT);
    let page = app
        .get(
            &format!("/api/v1/companies/{slug}/recruiters"),
            Some(&admin.token),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(members_of(&page), [(heir.id, "owner".into())]);
    let database = Database::open(&app.database_url).await;
    for action in ["invite_company_member", "remove_company_member"] {
        let sql = format!("SELECT COUNT(*) FROM audit_log WHERE action = '{action}'");
        assert_eq!(database.count(&sql).await, 1, "{action}");
    }
    let removed = app
        .service
        .events_after(0, 1000)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| {
            e.envelope.as_ref().expect("readable").event.event_type() == "company.member_removed"
        })
        .count();
    assert_eq!(removed, 3);
}

pub async fn invitations_and_members_come_a_page_at_a_time() {
    let app = TestApp::spawn().await;
    let (owner, slug) = app.recruiter_with_company("Paged Co").await;
    let mut ids = Vec::new();
    for n in 0..5 {
        let invitation = app
            .invite(&owner, &slug, &format!("paged{n}@example.com"), "recruiter")
            .await;
        ids.push(invitation["id"].as_i64().unwrap());
    }
    ids.reverse();
    let mut seen = Vec::new();
    let mut path = format!("/api/v1/companies/{slug}/invitations?limit=2");
    loop {
        let page = app
            .get(&path, Some(&owner.token))
            .await
            .expect(StatusCode::OK);
        seen.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["id"].as_i64().unwrap()),
        );
        match page["next_cursor"].as_str() {
            Some(cursor) => {
                path = format!("/api/v1/companies/{slug}/invitations?limit=2&cursor={cursor}")
            }
            None => break,
        }
    }
    assert_eq!(seen, ids, "newest first, each once");

    let joiners = [app.user("recruiter").await, app.user("recruiter").await];
    for joiner in &joiners {
        app.join(&owner, &slug, joiner, "recruiter").await;
    }
    let first = app
        .get(
            &format!("/api/v1/companies/{slug}/recruiters?limit=2"),
            Some(&owner.token),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        members_of(&first),
        [
            (owner.id, "owner".into()),
            (joiners[0].id, "recruiter".into())
        ]
    );
    let cursor = first["next_cursor"].as_str().unwrap();
    let rest = app
        .get(
            &format!("/api/v1/companies/{slug}/recruiters?limit=2&cursor={cursor}"),
            Some(&owner.token),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(members_of(&rest), [(joiners[1].id, "recruiter".into())]);
    assert_eq!(rest["next_cursor"], Value::Null);

    for bad in ["limit=0", "limit=abc", "cursor=nope", "page=2"] {
        let reply = app
            .get(
                &format!("/api/v1/companies/{slug}/recruiters?{bad}"),
                Some(&owner.token),
            )
            .await;
        assert!(
            [StatusCode::BAD_REQUEST, StatusCode::UNPROCESSABLE_ENTITY].contains(&reply.status),
            "{bad}: {} {}",
            reply.status,
            reply.body
        );
    }
}
