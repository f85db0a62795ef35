//! Every endpoint tried as anonymous, candidate, another candidate, the company's recruiter,
//! another company's recruiter, a moderator and an admin, with its body and with bad ones: a
//! caller who may not act is refused whatever they send.

use std::collections::BTreeSet;

use hireboard_domain::account::Role;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{posting, TestApp, User};

const OK: u16 = 200;
const CREATED: u16 = 201;
const NO_CONTENT: u16 = 204;
const UNAUTHENTICATED: u16 = 401;
const FORBIDDEN: u16 = 403;
const NOT_FOUND: u16 = 404;
const CONFLICT: u16 = 409;
const UNPROCESSABLE: u16 = 422;

struct Cast {
    candidate: User,
    other_candidate: User,
    recruiter: User,
    other_recruiter: User,
    moderator: User,
    admin: User,
}

impl Cast {
    fn token(&self, who: &str) -> Option<&str> {
        let user = match who {
            "anonymous" => return None,
            "candidate" => &self.candidate,
            "other_candidate" => &self.other_candidate,
            "recruiter" => &self.recruiter,
            "other_recruiter" => &self.other_recruiter,
            "moderator" => &self.moderator,
            "admin" => &self.admin,
            other => panic!("unknown actor {other}"),
        };
        Some(&user.token)
    }
}

/// One endpoint, tried as each caller in turn.
struct Row {
    method: Method,
    /// The route as the OpenAPI document names it.
    route: &'static str,
    path: String,
    body: Option<Value>,
    expected: Vec<(&'static str, u16)>,
}

/// A row for `route` with its `{parameters}` filled in.
fn row(method: Method, route: &'static str, parameters: &[(&str, &dyn std::fmt::Display)]) -> Row {
    let mut path = route.to_owned();
    for (name, value) in parameters {
        path = path.replace(&format!("{{{name}}}"), &value.to_string());
    }
    assert!(!path.contains('{'), "{route}: a parameter is left");
    Row {
        method,
        route,
        path,
        body: None,
        expected: Vec::new(),
    }
}

impl Row {
    fn query(self, query: &str) -> Row {
        Row {
            path: format!("{}?{query}", self.path),
            ..self
        }
    }

    fn body(self, body: Value) -> Row {
        Row {
            body: Some(body),
            ..self
        }
    }

    fn expect(self, expected: &[(&'static str, u16)]) -> Row {
        Row {
            expected: expected.to_vec(),
            ..self
        }
    }
}

/// A body that cannot be taken, and what it deserves from a caller who may act.
struct BadBody {
    what: &'static str,
    content_type: &'static str,
    bytes: Vec<u8>,
    status: u16,
    code: &'static str,
}

/// Ways to spoil `valid`, the body a row sends.
fn bad_bodies(valid: &Value) -> Vec<BadBody> {
    let mut unknown_field = valid.clone();
    unknown_field["surprise"] = json!(true);
    let json = "application/json";
    vec![
        BadBody {
            what: "malformed JSON",
            content_type: json,
            bytes: b"{\"unterminated".to_vec(),
            status: 400,
            code: "malformed_request",
        },
        BadBody {
            what: "a wrong content type",
            content_type: "text/plain",
            bytes: serde_json::to_vec(valid).unwrap(),
            status: 415,
            code: "unsupported_media_type",
        },
        BadBody {
            what: "a string instead of an object",
            content_type: json,
            bytes: b"\"just a string\"".to_vec(),
            status: 422,
            code: "validation_failed",
        },
        BadBody {
            what: "an unknown field",
            content_type: json,
            bytes: serde_json::to_vec(&unknown_field).unwrap(),
            status: 422,
            code: "validation_failed",
        },
    ]
}

/// Sends each row as each of its callers, in order. A row with a body is first sent with
/// each bad body: a caller refused with the good body (401, 403, 404) is refused the same,
/// whatever the body; the others are told what is wrong with it, and nothing happens, so the
/// good body then gets what the row expects.
async fn run(app: &TestApp, cast: &Cast, rows: &[Row]) {
    for row in rows {
        let (method, path) = (&row.method, &row.path);
        for bad in row.body.iter().flat_map(bad_bodies) {
            for (who, status) in &row.expected {
                let refused = [UNAUTHENTICATED, FORBIDDEN, NOT_FOUND].contains(status);
                let deserved = if refused { *status } else { bad.status };
                let reply = app
                    .send_raw(
                        method.clone(),
                        path,
                        cast.token(who),
                        Some(bad.content_type),
                        bad.bytes.clone(),
                    )
                    .await;
                let what = bad.what;
                assert_eq!(
                    reply.status.as_u16(),
                    deserved,
                    "{method} {path} as {who} with {what}: {}",
                    reply.body
                );
                if !refused {
                    assert_eq!(
                        reply.body["code"], bad.code,
                        "{method} {path} as {who} with {what}"
                    );
                }
            }
        }
        for (who, status) in &row.expected {
            let reply = app
                .call(method.clone(), path, cast.token(who), row.body.clone())
                .await;
            assert_eq!(
                reply.status.as_u16(),
                *status,
                "{method} {path} as {who}: {}",
                reply.body
            );
        }
    }
}

/// Every operation of the served OpenAPI document has a row.
async fn assert_every_route_is_tried(app: &TestApp, rows: &[Row]) {
    let document = app
        .get("/api/v1/openapi.json", None)
        .await
        .expect(StatusCode::OK);
    let documented: BTreeSet<(String, String)> = document["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .map(move |method| (method.to_uppercase(), path.clone()))
        })
        .collect();
    let tried: BTreeSet<(String, String)> = rows
        .iter()
        .map(|row| (row.method.to_string(), row.route.to_owned()))
        .collect();
    let untried: Vec<_> = documented.difference(&tried).collect();
    assert!(untried.is_empty(), "no row tries {untried:?}");
    let undocumented: Vec<_> = tried.difference(&documented).collect();
    assert!(
        undocumented.is_empty(),
        "rows for routes not documented: {undocumented:?}"
    );
}

pub async fn every_endpoint_enforces_who_may_do_what() {
    // Rows with a body are also sent with bad bodies, which count against the per-client
    // registration and login limits like any other attempt.
    let app = TestApp::spawn_with(|config| {
        config.rate_limits.register.max = 100;
        config.rate_limits.login.max = 100;
    })
    .await;
    let (recruiter, slug) = app.recruiter_with_company("Matrix Co").await;
    let (other_recruiter, _) = app.recruiter_with_company("Other Matrix Co").await;
    let cast = Cast {
        candidate: app.user("candidate").await,
        other_candidate: app.user("candidate").await,
        recruiter,
        other_recruiter,
        moderator: app.staff(Role::Moderator).await,
        admin: app.staff(Role::Admin).await,
    };
    let open = posting(json!({"screening_questions": []}));
    let published = app.published(&cast.recruiter, open.clone()).await;
    let draft = app.draft(&cast.recruiter, open.clone()).await;
    let reported = app.published(&cast.recruiter, open.clone()).await;
    let closing = app.published(&cast.recruiter, open.clone()).await;
    let application = app
        .post(
            &format!("/api/v1/jobs/{published}/applications"),
            Some(&cast.candidate.token),
            json!({}),
        )
        .await
        .expect(StatusCode::CREATED);
    let application = application["id"].as_i64().unwrap();
    let question =
        json!({"question": "What is a race condition and how do you find one?", "skills": ["go"]});
    let own = app
        .post(
            "/api/v1/interview-questions",
            Some(&cast.recruiter.token),
            question.clone(),
        )
        .await
        .expect(StatusCode::CREATED);
    let own = own["id"].as_i64().unwrap();
    // A member to remove, an invitation nobody in the cast may accept, and two to revoke.
    let newcomer = app.user("recruiter").await;
    app.join(&cast.recruiter, &slug, &newcomer, "recruiter")
        .await;
    let outsider = app.user("recruiter").await;
    let invitation = app
        .invite(&cast.recruiter, &slug, &outsider.email, "recruiter")
        .await;
    let mut revocable = Vec::new();
    for n in 0..2 {
        let email = format!("revocable{n}@example.com");
        let invitation = app
            .invite(&cast.recruiter, &slug, &email, "recruiter")
            .await;
        revocable.push(invitation["id"].as_i64().unwrap());
    }
    let target = app.user("candidate").await;
    let password = "correct horse battery staple";
    let reason = json!({"reason": "reviewed by staff"});

    use Method as M;
    let everyone_ok = [
        ("anonymous", OK),
        ("candidate", OK),
        ("other_candidate", OK),
        ("recruiter", OK),
        ("other_recruiter", OK),
        ("moderator", OK),
        ("admin", OK),
    ];
    let rows = [
        row(M::GET, "/api/v1/jobs", &[]).expect(&everyone_ok),
        row(M::GET, "/api/v1/jobs/{code}", &[("code", &published)]).expect(&everyone_ok),
        row(M::GET, "/api/v1/jobs/{code}/interview-questions", &[("code", &published)])
            .expect(&everyone_ok),
        row(M::GET, "/api/v1/interview-questions", &[]).expect(&everyone_ok),
        row(M::GET, "/api/v1/companies/{slug}", &[("slug", &slug)]).expect(&everyone_ok),
        // Accounts and sessions: anyone may register and log in.
        row(M::POST, "/api/v1/accounts", &[])
            .body(json!({"email": "matrix-newcomer@example.com", "password": password, "display_name": "Newcomer", "role": "candidate"}))
            .expect(&[("anonymous", CREATED), ("candidate", CONFLICT)]),
        row(M::POST, "/api/v1/sessions", &[])
            .body(json!({"email": cast.candidate.email, "password": password}))
            .expect(&[("anonymous", CREATED), ("candidate", CREATED)]),
        // Drafts: only the company's recruiters and staff see them.
        row(M::GET, "/api/v1/jobs/{code}", &[("code", &draft)]).expect(&[
            ("anonymous", NOT_FOUND),
            ("candidate", NOT_FOUND),
            ("other_recruiter", NOT_FOUND),
            ("recruiter", OK),
            ("moderator", OK),
            ("admin", OK),
        ]),
        // An unlisted posting's questions are not found before a bad limit is looked at.
        row(M::GET, "/api/v1/jobs/{code}/interview-questions", &[("code", &draft)])
            .query("limit=0")
            .expect(&[
                ("anonymous", NOT_FOUND),
                ("candidate", NOT_FOUND),
                ("other_recruiter", NOT_FOUND),
                ("recruiter", UNPROCESSABLE),
            ]),
        // Writing postings: the company's recruiters, and admins.
        row(M::POST, "/api/v1/jobs", &[]).body(open.clone()).expect(&[
            ("anonymous", UNAUTHENTICATED),
            ("candidate", FORBIDDEN),
            ("moderator", FORBIDDEN),
            ("admin", FORBIDDEN),
            ("recruiter", CREATED),
            ("other_recruiter", CREATED),
        ]),
        row(M::PATCH, "/api/v1/jobs/{code}", &[("code", &draft)])
            .body(json!({"title": "Renamed by someone"}))
            .expect(&[
                ("anonymous", UNAUTHENTICATED),
                ("candidate", NOT_FOUND),
                ("other_recruiter", NOT_FOUND),
                ("moderator", FORBIDDEN),
                ("recruiter", OK),
                ("admin", OK),
            ]),
        row(M::PATCH, "/api/v1/jobs/{code}", &[("code", &published)])
            .body(json!({"title": "Renamed by someone"}))
            .expect(&[
                ("anonymous", UNAUTHENTICATED),
                ("candidate", FORBIDDEN),
                ("other_recruiter", FORBIDDEN),
                ("moderator", FORBIDDEN),
                ("recruiter", OK),
                ("admin", OK),
            ]),
        row(M::POST, "/api/v1/jobs/{code}/reconfirm", &[("code", &published)])
            .body(json!({}))
            .expect(&[
                ("anonymous", UNAUTHENTICATED),
                ("candidate", FORBIDDEN),
                ("other_recruiter", FORBIDDEN),
                ("moderator", FORBIDDEN),
                ("recruiter", OK),
                ("admin", OK),
            ]),
        row(M::POST, "/api/v1/jobs/{code}/publish", &[("code", &draft)]).expect(&[
            ("anonymous", UNAUTHENTICATED),
            ("candidate", NOT_FOUND),
            ("other_recruiter", NOT_FOUND),
            ("moderator", FORBIDDEN),
            ("admin", OK),
            ("recruiter", CONFLICT),
        ]),
        row(M::POST, "/api/v1/jobs/{code}/close", &[("code", &closing)]).expect(&[
            ("anonymous", UNAUTHENTICATED),
            ("candidate", FORBIDDEN),
            ("other_recruiter", FORBIDDEN),
            ("moderator", FORBIDDEN),
            ("recruiter", OK),
            ("admin", CONFLICT),
        ]),
        // Applications.
        row(M::POST, "/api/v1/jobs/{code}/applications", &[("code", &published)])
            .body(json!({}))
            .expect(&[
                ("anonymous", UNAUTHENTICATED),
                ("recruiter", FORBIDDEN),
                ("other_recruiter", FORBIDDEN),
                ("moderator", FORBIDDEN),
                ("admin", FORBIDDEN),
                ("other_candidate", CREATED),
                ("candidate", CONFLICT),
            ]),
        row(M::GET, "/api/v1/me/applications", &[]).expect(&[
            ("anonymous", UNAUTHENTICATED),
            ("recruiter", FORBIDDEN),
            ("moderator", FORBIDDEN),
            ("admin", FORBIDDEN),
            ("candidate", OK),
            ("other_candidate", OK),
        ]),
        row(M::GET, "/api/v1/jobs/{code}/applications", &[("code", &published)]).expect(&[
            ("anonymous", UNAUTHENTICATED),
            ("candidate", FORBIDDEN),
            ("other_recruiter", FORBIDDEN),
            ("moderator", FORBIDDEN),
            ("recruiter", OK),
            ("admin", OK),
        ]),
        row(M::GET, "/api/v1/applications/{id}", &[("id", &application)]).expect(&[
            ("anonymous", UNAUTHENTICATED),
            ("other_candidate", NOT_FOUND),
            ("other_recruiter", NOT_FOUND),
            ("moderator", NOT_FOUND),
            ("candidate", OK),
            ("recruiter", OK),
            ("admin", OK),
        ]),
        row(M::POST, "/api/v1/applications/{id}/stage", &[("id", &application)])
            .body(json!({"stage": "viewed"}))
            .expect(&[
                ("anonymous", UNAUTHENTICATED),
                ("candidate", FORBIDDEN),
                ("other_candidate", NOT_FOUND),
                ("other_recruiter", NOT_FOUND),
                ("moderator", NOT_FOUND),
                ("recruiter", OK),
            ]),
        row(M::POST, "/api/v1/applications/{id}/stage", &[("id", &application)])
            .body(json!({"stage": "shortlisted"}))
            .expect(&[("admin", OK)]),
        row(M::POST, "/api/v1/applications/{id}/withdraw", &[("id", &application)]).expect(&[
            ("anonymous", UNAUTHENTICATED),
            ("other_candidate", NOT_FOUND),
            ("recruiter", FORBIDDEN),
            ("admin", FORBIDDEN),
            ("candidate", OK),
        ]),
        // Reports and moderation.
        row(M::POST, "/api/v1/jobs/{code}/reports", &[("code", &reported)])
            .body(json!({"reason": "misleading"}))
            .expect(&[
                ("anonymous", UNAUTHENTICATED),
                ("candidate", CREATED),
                ("recruiter", CREATED),
                ("other_recruiter", CREATED),
            ]),
        row(M::GET, "/api/v1/moderation/reports", &[]).expect(&[
            ("anonymous", UNAUTHENTICATED),
            ("candidate", FORBIDDEN),
            ("recruiter", FORBIDDEN),
            ("other_recruiter", FORBIDDEN),
            ("moderator", OK),
            ("admin", OK),
        ]),
        row(M::POST, "/api/v1/moderation/jobs/{code}/restore", &[("code", &reported)])
            .body(reason.clone())
            .expect(&[
                ("anonymous", UNAUTHENTICATED),
                ("candidate", FORBIDDEN),
                ("recruiter", FORBIDDEN),
                ("other_recruiter", FORBIDDEN),
                ("moderator", OK),
            ]),
        row(M::POST, "/api/v1/moderation/jobs/{code}/hide", &[("code", &reported)])
            .body(reason.clone())
            .expect(&[
                ("candidate", FORBIDDEN),
                ("recruiter", FORBIDDEN),
                ("admin", OK),
            ]),
        row(M::POST, "/api/v1/moderation/jobs/{code}/remove", &[("code", &reported)])
            .body(reason.clone())
            .expect(&[
                ("recruiter", FORBIDDEN),
                ("other_candidate", FORBIDDEN),
                ("moderator", OK),
            ]),
        row(M::POST, "/api/v1/moderation/reports/{id}/dismiss", &[("id", &1)])
            .body(reason.clone())
            .expect(&[
                ("anonymous", UNAUTHENTICATED),
                ("candidate", FORBIDDEN),
                ("recruiter", FORBIDDEN),
                ("moderator", CONFLICT),
            ]),
        // Companies.
        // Companies: owners (and admins) invite, list and revoke invitations and remove
        // members; members see who the members are; recruiters without a company accept.
        row(M::POST, "/api/v1/companies/{slug}/invitations", &[("slug", &slug)])
            .body(json!({"email": "someone@example.com"}))
            .expect(&[
                ("anonymous", UNAUTHENTICATED),
                ("candidate", FORBIDDEN),
                ("other_candidate", FORBIDDEN),
                ("other_recruiter", FORBIDDEN),
                ("moderator", FORBIDDEN),
                ("recruiter", CREATED),
                ("admin", CREATED),
            ]),
        row(M::GET, "/api/v1/companies/{slug}/invitations", &[("slug", &slug)]).expect(&[
            ("anonymous", UNAUTHENTICATED),
            ("candidate", FORBIDDEN),
            ("other_candidate", FORBIDDEN),
            ("other_recruiter", FORBIDDEN),
            ("moderator", FORBIDDEN),
            ("recruiter", OK),
            ("admin", OK),
        ]),
        row(
            M::DELETE,
            "/api/v1/companies/{slug}/invitations/{id}",
            &[("slug", &slug), ("id", &revocable[0])],
        )
        .expect(&[
            ("anonymous", UNAUTHENTICATED),
            ("candidate", FORBIDDEN),
            ("other_candidate", FORBIDDEN),
            ("other_recruiter", FORBIDDEN),
            ("moderator", FORBIDDEN),
            ("recruiter", NO_CONTENT),
            ("admin", CONFLICT),
        ]),
        row(
            M::DELETE,
            "/api/v1/companies/{slug}/invitations/{id}",
            &[("slug", &slug), ("id", &revocable[1])],
        )
        .expect(&[("admin", NO_CONTENT)]),
        row(M::POST, "/api/v1/invitations/accept", &[])
            .body(json!({"token": invitation["token"]}))
            .expect(&[
                ("anonymous", UNAUTHENTICATED),
                ("candidate", FORBIDDEN),
                ("other_candidate", FORBIDDEN),
                ("moderator", FORBIDDEN),
                ("admin", FORBIDDEN),
                ("recruiter", CONFLICT),
                ("other_recruiter", CONFLICT),
            ]),
        row(M::GET, "/api/v1/companies/{slug}/recruiters", &[("slug", &slug)]).expect(&[
            ("anonymous", UNAUTHENTICATED),
            ("candidate", FORBIDDEN),
            ("other_candidate", FORBIDDEN),
            ("other_recruiter", FORBIDDEN),
            ("moderator", FORBIDDEN),
            ("recruiter", OK),
            ("admin", OK),
        ]),
        row(
            M::DELETE,
            "/api/v1/companies/{slug}/recruiters/{account_id}",
            &[("slug", &slug), ("account_id", &newcomer.id)],
        )
        .expect(&[
            ("anonymous", UNAUTHENTICATED),
            ("candidate", FORBIDDEN),
            ("other_candidate", FORBIDDEN),
            ("other_recruiter", FORBIDDEN),
            ("moderator", FORBIDDEN),
            ("recruiter", NO_CONTENT),
            ("admin", NOT_FOUND),
        ]),
        row(
            M::DELETE,
            "/api/v1/companies/{slug}/recruiters/{account_id}",
            &[("slug", &slug), ("account_id", &cast.recruiter.id)],
        )
        .expect(&[
            ("other_recruiter", FORBIDDEN),
            ("admin", CONFLICT),
            ("recruiter", CONFLICT),
        ]),
        row(M::POST, "/api/v1/companies", &[])
            .body(json!({"name": "Yet Another Co"}))
            .expect(&[
                ("anonymous", UNAUTHENTICATED),
                ("candidate", FORBIDDEN),
                ("moderator", FORBIDDEN),
                ("admin", FORBIDDEN),
                ("recruiter", CONFLICT),
            ]),
        // Interview questions.
        row(M::POST, "/api/v1/interview-questions", &[])
            .body(question.clone())
            .expect(&[
                ("anonymous", UNAUTHENTICATED),
                ("candidate", FORBIDDEN),
                ("recruiter", CREATED),
                ("moderator", CREATED),
                ("admin", CREATED),
            ]),
        row(M::PUT, "/api/v1/interview-questions/{id}", &[("id", &own)])
            .body(question)
            .expect(&[
                ("anonymous", UNAUTHENTICATED),
                ("candidate", FORBIDDEN),
                ("other_recruiter", FORBIDDEN),
                ("recruiter", OK),
                ("moderator", OK),
                ("admin", OK),
            ]),
        row(M::DELETE, "/api/v1/interview-questions/{id}", &[("id", &own)]).expect(&[
            ("anonymous", UNAUTHENTICATED),
            ("candidate", FORBIDDEN),
            ("other_recruiter", FORBIDDEN),
            ("recruiter", NO_CONTENT),
            ("admin", NOT_FOUND),
        ]),
        // Administration.
        row(M::POST, "/api/v1/admin/accounts/{id}/role", &[("id", &target.id)])
            .body(json!({"role": "moderator"}))
            .expect(&[
                ("anonymous", UNAUTHENTICATED),
                ("candidate", FORBIDDEN),
                ("recruiter", FORBIDDEN),
                ("moderator", FORBIDDEN),
                ("admin", OK),
            ]),
        row(M::POST, "/api/v1/admin/accounts/{id}/suspend", &[("id", &target.id)])
            .body(json!({"reason": "testing suspension"}))
            .expect(&[
                ("anonymous", UNAUTHENTICATED),
                ("candidate", FORBIDDEN),
                ("recruiter", FORBIDDEN),
                ("moderator", FORBIDDEN),
                ("admin", OK),
            ]),
        row(M::POST, "/api/v1/admin/accounts/{id}/reinstate", &[("id", &target.id)]).expect(&[
            ("anonymous", UNAUTHENTICATED),
            ("candidate", FORBIDDEN),
            ("recruiter", FORBIDDEN),
            ("moderator", FORBIDDEN),
            ("admin", OK),
        ]),
        row(M::GET, "/api/v1/me", &[]).expect(&[
            ("anonymous", UNAUTHENTICATED),
            ("candidate", OK),
            ("admin", OK),
        ]),
        row(M::DELETE, "/api/v1/sessions/current", &[]).expect(&[
            ("anonymous", UNAUTHENTICATED),
            ("other_candidate", NO_CONTENT),
        ]),
    ];
    assert_every_route_is_tried(&app, &rows).await;
    run(&app, &cast, &rows).await;
}

/// What a request body deserves, as a problem document, from a caller who may act.
fn problem(status: u16, code: &str, detail: &str, field: Option<(&str, &str)>) -> Value {
    let title = StatusCode::from_u16(status)
        .unwrap()
        .canonical_reason()
        .unwrap();
    let mut problem = json!({
        "type": format!("urn:hireboard:problem:{code}"),
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
    });
    if let Some((field, reason)) = field {
        problem["errors"] = json!([{"field": field, "reason": reason}]);
    }
    problem
}

pub async fn suspending_judges_the_caller_before_the_body() {
    let app = TestApp::spawn().await;
    let admin = app.staff(Role::Admin).await;
    let candidate = app.user("candidate").await;
    let target = app.user("candidate").await;
    let json = Some("application/json");
    let eof = "is not well-formed JSON (EOF while parsing a value at line 1 column 0)";
    let cut = "is not well-formed JSON (EOF while parsing a value at line 1 column 11)";
    let unsupported = problem(
        415,
        "unsupported_media_type",
        "send the body as application/json",
        None,
    );
    let cases: Vec<(&str, Option<&str>, Vec<u8>, Value)> = vec![
        ("no body", None, vec![], unsupported.clone()),
        (
            "an empty JSON body",
            json,
            vec![],
            problem(
                400,
                "malformed_request",
                &format!("body: {eof}"),
                Some(("body", eof)),
            ),
        ),
        (
            "malformed JSON",
            json,
            b"{\"reason\": ".to_vec(),
            problem(
                400,
                "malformed_request",
                &format!("reason: {cut}"),
                Some(("reason", cut)),
            ),
        ),
        (
            "trailing characters",
            json,
            b"{\"reason\": \"spam\"} x".to_vec(),
            problem(
                400,
                "malformed_request",
                "body: has trailing characters after the JSON value",
                Some(("body", "has trailing characters after the JSON value")),
            ),
        ),
        (
            "invalid UTF-8",
            json,
            vec![b'"', 0xff, b'"'],
            problem(
                400,
                "malformed_request",
                "body: is not valid UTF-8",
                Some(("body", "is not valid UTF-8")),
            ),
        ),
        (
            "a wrong content type",
            Some("text/plain"),
            b"{\"reason\": \"spam\"}".to_vec(),
            unsupported,
        ),
        (
            "a reason of the wrong type",
            json,
            b"{\"reason\": 42}".to_vec(),
            problem(
                422,
                "validation_failed",
                "reason: invalid type: integer `42`, expected a string",
                Some(("reason", "invalid type: integer `42`, expected a string")),
            ),
        ),
        (
            "no reason",
            json,
            b"{}".to_vec(),
            problem(
                422,
                "validation_failed",
                "reason: missing field `reason`",
                Some(("reason", "missing field `reason`")),
            ),
        ),
        (
            "an unknown field",
            json,
            b"{\"reason\": \"spam\", \"x\": 1}".to_vec(),
            problem(
                422,
                "validation_failed",
                "x: unknown field `x`, expected `reason`",
                Some(("x", "unknown field `x`, expected `reason`")),
            ),
        ),
        (
            "a reason too short",
            json,
            b"{\"reason\": \"x\"}".to_vec(),
            problem(
                422,
                "validation_failed",
                "invalid input: reason: must be at least 3 characters",
                Some(("reason", "must be at least 3 characters")),
            ),
        ),
    ];
    let path = format!("/api/v1/admin/accounts/{}/suspend", target.id);
    let nobody = "/api/v1/admin/accounts/999999/suspend";
    for (what, content_type, body, deserved) in cases {
        for (who, path, token, status, code) in [
            ("anonymous", &path[..], None, 401, "unauthenticated"),
            (
                "a candidate",
                &path[..],
                Some(&candidate.token),
                403,
                "forbidden",
            ),
            (
                "an admin, for no account",
                nobody,
                Some(&admin.token),
                404,
                "not_found",
            ),
        ] {
            let refused = app
                .send_raw(
                    Method::POST,
                    path,
                    token.map(String::as_str),
                    content_type,
                    body.clone(),
                )
                .await;
            assert_eq!(
                refused.status.as_u16(),
                status,
                "{what} as {who}: {}",
                refused.body
            );
            assert_eq!(refused.body["code"], code, "{what} as {who}");
        }
        let judged = app
            .send_raw(Method::POST, &path, Some(&admin.token), content_type, body)
            .await;
        assert_eq!(judged.body, deserved, "{what} as an admin");
        assert_eq!(judged.status.as_u16(), deserved["status"], "{what}");
        assert_eq!(judged.headers["content-type"], "application/problem+json");
    }
    // An oversized body: the caller is judged first here too, and only an admin hears that
    // the body is too large (with the connection closed, as its rest is not read).
    let huge = serde_json::to_vec(&json!({"reason": "a".repeat(1_100_000)})).unwrap();
    for (token, status) in [
        (None, StatusCode::UNAUTHORIZED),
        (Some(&candidate.token), StatusCode::FORBIDDEN),
        (Some(&admin.token), StatusCode::PAYLOAD_TOO_LARGE),
    ] {
        let reply = app
            .send_raw(
                Method::POST,
                &path,
                token.map(String::as_str),
                json,
                huge.clone(),
            )
            .await;
        assert_eq!(reply.status, status, "{}", reply.body);
        assert_eq!(reply.headers["connection"], "close", "{status}");
    }
    // None of it suspended the account.
    app.get("/api/v1/me", Some(&target.token))
        .await
        .expect(StatusCode::OK);
    let suspended = app
        .post(&path, Some(&admin.token), json!({"reason": "now for real"}))
        .await
        .expect(StatusCode::OK);
    assert_eq!(suspended["status"], "suspended");
}
