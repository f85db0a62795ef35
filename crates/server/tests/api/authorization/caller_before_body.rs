//! Suspending an account: the caller is judged before the body, whatever is wrong with it,
//! and the problem documents say exactly what is wrong.

use hireboard_domain::account::Role;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::TestApp;

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
