use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;
use tokio::io::AsyncWriteExt;

use crate::database::Database;
use crate::helpers::{posting, reply, Reply, TestApp};

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
    assert_eq!(applicants["items"].as_array().unwrap().len(), 2);
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
    assert_eq!(applicants["items"].as_array().unwrap().len(), 1);
}

/// Too long, or with a byte outside visible ASCII (which HTTP allows in a header value): refused,
/// and nothing is written, as if no key had been sent (schemathesis found a write with a
/// non-ASCII key go through unkeyed).
pub async fn bad_keys_are_refused() {
    let app = TestApp::spawn().await;
    let long = reqwest::header::HeaderValue::from_str(&"x".repeat(300)).unwrap();
    let latin1 = reqwest::header::HeaderValue::from_bytes(b"caf\xe9").unwrap();
    let registration = json!({
        "email": "keyed@example.com",
        "password": "correct horse battery staple",
        "display_name": "Keyed",
        "role": "candidate",
    });
    for key in [long, latin1] {
        let response = app
            .client
            .post(format!("{}/api/v1/accounts", app.base))
            .header("idempotency-key", key.clone())
            .json(&registration)
            .send()
            .await
            .unwrap();
        let refused = reply(response).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{key:?}");
        assert_eq!(refused.body["errors"][0]["field"], "idempotency_key");
    }
    let registered = app.post("/api/v1/accounts", None, registration).await;
    assert_eq!(
        registered.status,
        StatusCode::CREATED,
        "no refused request registered the address: {:?}",
        registered.body
    );
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

/// An invitation's answer holds its token, which is never stored in the clear: a retry with
/// the same key makes another invitation.
pub async fn invitation_responses_are_never_stored() {
    let app = TestApp::spawn().await;
    let (owner, slug) = app.recruiter_with_company("Keyless Co").await;
    let invite = || {
        app.client
            .post(format!("{}/api/v1/companies/{slug}/invitations", app.base))
            .bearer_auth(&owner.token)
            .header("idempotency-key", "invite-1")
            .json(&json!({"email": "invitee@example.com"}))
            .send()
    };
    let first = reply(invite().await.unwrap()).await;
    let second = reply(invite().await.unwrap()).await;
    assert_eq!(
        (first.status, second.status),
        (StatusCode::CREATED, StatusCode::CREATED)
    );
    assert!(second.headers.get("idempotent-replayed").is_none());
    assert_ne!(first.body["token"], second.body["token"]);
    let database = Database::open(&app.database_url).await;
    assert_eq!(
        database
            .count("SELECT COUNT(*) FROM idempotency_keys")
            .await,
        0
    );
}

/// When a client that sent a keyed POST over a raw socket hangs up without reading the answer.
enum HangUp {
    AtOnce,
    /// As soon as the server has claimed the key: while it works on the request.
    OnceClaimed,
}

async fn send_and_hang_up(
    app: &TestApp,
    path: &str,
    token: Option<&str>,
    key: &str,
    body: &[u8],
    hang_up: HangUp,
) {
    let addr = app.base.trim_start_matches("http://");
    let mut head = format!(
        "POST {path} HTTP/1.1\r\nhost: {addr}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nidempotency-key: {key}\r\n",
        body.len()
    );
    if let Some(token) = token {
        head.push_str(&format!("authorization: Bearer {token}\r\n"));
    }
    head.push_str("\r\n");
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    stream.write_all(head.as_bytes()).await.expect("head");
    stream.write_all(body).await.expect("body");
    if let HangUp::OnceClaimed = hang_up {
        let database = Database::open(&app.database_url).await;
        let claimed = format!("SELECT COUNT(*) FROM idempotency_keys WHERE idem_key = '{key}'");
        let deadline = Instant::now() + Duration::from_secs(5);
        while database.count(&claimed).await == 0 {
            assert!(Instant::now() < deadline, "the key was never claimed");
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    }
    drop(stream);
}

/// Retries a keyed POST while the first request with the key is still running.
async fn retry(app: &TestApp, path: &str, token: Option<&str>, key: &str, body: &[u8]) -> Reply {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let mut request = app
            .client
            .post(format!("{}{path}", app.base))
            .header("content-type", "application/json")
            .header("idempotency-key", key)
            .body(body.to_vec());
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let answer = reply(request.send().await.expect("sent")).await;
        if answer.body["code"] != "idempotency_in_progress" || Instant::now() > deadline {
            return answer;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

pub async fn a_keyed_request_whose_client_hung_up_is_replayed_to_the_retry() {
    let app = TestApp::spawn_with(|config| config.rate_limits.register.max = 100).await;
    // Registering hashes the password for tens of milliseconds: the client hangs up while
    // the server works on its request, after it claimed the key.
    let body = serde_json::to_vec(&json!({"email": "hangup@example.com",
        "password": "correct horse battery staple", "display_name": "Hang Up", "role": "candidate"}))
    .unwrap();
    send_and_hang_up(
        &app,
        "/api/v1/accounts",
        None,
        "gone-1",
        &body,
        HangUp::OnceClaimed,
    )
    .await;
    let retried = retry(&app, "/api/v1/accounts", None, "gone-1", &body).await;
    assert_eq!(retried.status, StatusCode::CREATED, "{}", retried.body);
    assert_eq!(
        retried.headers["idempotent-replayed"], "true",
        "the first request finished without its client"
    );
    app.login("hangup@example.com", "correct horse battery staple")
        .await;

    // Hanging up at once: the request may or may not have got far enough to run, but the
    // retry always gets its answer, and the candidate applies exactly once.
    let (recruiter, _) = app.recruiter_with_company("Hang Up Co").await;
    let code = app
        .published(&recruiter, posting(json!({"screening_questions": []})))
        .await;
    let path = format!("/api/v1/jobs/{code}/applications");
    for round in 0..20 {
        let candidate = app.user("candidate").await;
        let body = serde_json::to_vec(&json!({"cover_note": format!("take {round}")})).unwrap();
        send_and_hang_up(
            &app,
            &path,
            Some(&candidate.token),
            "gone-2",
            &body,
            HangUp::AtOnce,
        )
        .await;
        let retried = retry(&app, &path, Some(&candidate.token), "gone-2", &body).await;
        assert_eq!(retried.status, StatusCode::CREATED, "{}", retried.body);
    }
    let applicants = app
        .get(&path, Some(&recruiter.token))
        .await
        .expect(StatusCode::OK);
    assert_eq!(applicants["items"].as_array().map(Vec::len), Some(20));
}

pub async fn the_same_json_spelled_differently_is_the_same_request() {
    let app = TestApp::spawn().await;
    let (recruiter, _) = app.recruiter_with_company("Spelling Co").await;
    let code = app
        .published(&recruiter, posting(json!({"screening_questions": []})))
        .await;
    let candidate = app.user("candidate").await;
    let path = format!("/api/v1/jobs/{code}/applications");
    let first = retry(
        &app,
        &path,
        Some(&candidate.token),
        "spelled",
        br#"{"cover_note":"hi","answers":{}}"#,
    )
    .await;
    assert_eq!(first.status, StatusCode::CREATED);
    let respelled = retry(
        &app,
        &path,
        Some(&candidate.token),
        "spelled",
        b"{ \"answers\" : { },\n  \"cover_note\": \"hi\" }",
    )
    .await;
    assert_eq!(respelled.status, StatusCode::CREATED, "{}", respelled.body);
    assert_eq!(respelled.headers["idempotent-replayed"], "true");
}

pub async fn keyed_requests_judge_the_caller_before_the_body() {
    let app = TestApp::spawn().await;
    let admin = app.staff(hireboard_domain::account::Role::Admin).await;
    let candidate = app.user("candidate").await;
    let target = app.user("candidate").await;
    let path = format!("/api/v1/admin/accounts/{}/suspend", target.id);
    let send = |token: Option<&str>, key: &str, content_type: &str, body: &[u8]| {
        let mut request = app
            .client
            .post(format!("{}{path}", app.base))
            .header("idempotency-key", key)
            .header("content-type", content_type)
            .body(body.to_vec());
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        async { reply(request.send().await.expect("sent")).await }
    };
    let json = "application/json";
    let malformed = b"{\"reason\": ";
    // Refused callers are refused whatever the body; an anonymous refusal is not kept, and
    // an account's is replayed to its retry like any other answer.
    for _ in 0..2 {
        let anonymous = send(None, "bad-1", json, malformed).await;
        assert_eq!(
            anonymous.status,
            StatusCode::UNAUTHORIZED,
            "{}",
            anonymous.body
        );
        assert!(anonymous.headers.get("idempotent-replayed").is_none());
    }
    let refused = send(Some(&candidate.token), "bad-1", json, malformed).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    let again = send(Some(&candidate.token), "bad-1", json, malformed).await;
    assert_eq!(again.status, StatusCode::FORBIDDEN);
    assert_eq!(again.headers["idempotent-replayed"], "true");
    // Whether the body is sent as JSON decides its answer, so the same bytes sent as JSON
    // are another request: never the replayed 415.
    let body = br#"{"reason": "spam"}"#;
    let unsupported = send(Some(&admin.token), "bad-2", "text/plain", body).await;
    assert_eq!(unsupported.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let as_json = send(Some(&admin.token), "bad-2", json, body).await;
    assert_eq!(as_json.status, StatusCode::CONFLICT, "{}", as_json.body);
    assert_eq!(as_json.body["code"], "idempotency_key_reused");
    let suspended = send(Some(&admin.token), "bad-3", json, body).await;
    assert_eq!(suspended.status, StatusCode::OK, "{}", suspended.body);
    let replayed = send(Some(&admin.token), "bad-3", json, body).await;
    assert_eq!(replayed.headers["idempotent-replayed"], "true");
    assert_eq!(replayed.body, suspended.body);
}

/// A retry gets the answer the first request got, as Stripe replays a saved response: not the
/// resource as it is now, and not a 404 once it is gone.
pub async fn a_retry_after_the_resource_was_deleted_gets_the_first_answer() {
    let app = TestApp::spawn().await;
    let (recruiter, _) = app.recruiter_with_company("Replay Gone Co").await;
    let create = || {
        app.client
            .post(format!("{}/api/v1/interview-questions", app.base))
            .bearer_auth(&recruiter.token)
            .header("idempotency-key", "question-1")
            .json(&json!({"question": "What does a write-ahead log protect?", "skills": ["postgresql"]}))
            .send()
    };
    let first = reply(create().await.unwrap()).await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.body);
    let id = first.body["id"].as_i64().expect("an id");
    app.delete(
        &format!("/api/v1/interview-questions/{id}"),
        Some(&recruiter.token),
    )
    .await
    .expect(StatusCode::NO_CONTENT);

    let retry = reply(create().await.unwrap()).await;
    assert_eq!(retry.status, StatusCode::CREATED, "{:?}", retry.body);
    assert_eq!(retry.body, first.body);
    assert_eq!(retry.headers.get("idempotent-replayed").unwrap(), "true");
    let bank = app
        .get("/api/v1/interview-questions?skill=postgresql", None)
        .await
        .expect(StatusCode::OK);
    assert_eq!(bank["items"], json!([]), "the replay wrote nothing again");
}
