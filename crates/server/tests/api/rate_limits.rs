//! Rate limits on registration, login, applying, reporting and inviting: 429 with `Retry-After`, per
//! instance by default and shared by instances that share Redis.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::caching::{test_redis, two_instances};
use crate::helpers::{posting, Reply, TestApp};

fn registration(n: u32) -> Value {
    json!({
        "email": format!("limited{n}@example.com"),
        "password": "correct horse battery staple",
        "display_name": format!("Limited {n}"),
        "role": "candidate"
    })
}

#[track_caller]
fn assert_limited(reply: Reply, retry_after_secs: u64) {
    assert_eq!(
        reply.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        reply.body
    );
    assert_eq!(reply.body["code"], "rate_limited");
    let retry_after: u64 = reply.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (1..=retry_after_secs).contains(&retry_after),
        "Retry-After {retry_after} not within the window of {retry_after_secs} s"
    );
}

/// Bodies a throttled client might send instead of `valid`: each is answered 429 all the same.
fn bad_bodies(valid: &Value) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("application/json", b"{\"email\": ".to_vec()),
        ("text/plain", serde_json::to_vec(valid).unwrap()),
        ("application/json", b"[]".to_vec()),
    ]
}

pub async fn registrations_and_logins_are_limited_per_client() {
    let app = TestApp::spawn_with(|config| {
        config.rate_limits.register.max = 2;
        config.rate_limits.login.max = 3;
    })
    .await;
    for n in 0..2 {
        app.post("/api/v1/accounts", None, registration(n))
            .await
            .expect(StatusCode::CREATED);
    }
    assert_limited(
        app.post("/api/v1/accounts", None, registration(2)).await,
        3600,
    );
    for (content_type, body) in bad_bodies(&registration(2)) {
        let reply = app
            .send_raw(
                Method::POST,
                "/api/v1/accounts",
                None,
                Some(content_type),
                body,
            )
            .await;
        assert_limited(reply, 3600);
    }

    let login =
        json!({"email": "limited0@example.com", "password": "correct horse battery staple"});
    for _ in 0..3 {
        app.post("/api/v1/sessions", None, login.clone())
            .await
            .expect(StatusCode::CREATED);
    }
    assert_limited(app.post("/api/v1/sessions", None, login.clone()).await, 900);
    let too_long = json!({"email": "limited0@example.com", "password": "x".repeat(1025)});
    let mut attempts = bad_bodies(&login);
    attempts.push(("application/json", serde_json::to_vec(&too_long).unwrap()));
    for (content_type, body) in attempts {
        let reply = app
            .send_raw(
                Method::POST,
                "/api/v1/sessions",
                None,
                Some(content_type),
                body,
            )
            .await;
        assert_limited(reply, 900);
    }

    app.clock.advance(chrono::Duration::minutes(61));
    app.post("/api/v1/accounts", None, registration(3))
        .await
        .expect(StatusCode::CREATED);
    app.post("/api/v1/sessions", None, login)
        .await
        .expect(StatusCode::CREATED);
}

pub async fn applying_and_reporting_are_limited_per_account() {
    let app = TestApp::spawn_with(|config| {
        config.rate_limits.apply.max = 1;
        config.rate_limits.report.max = 1;
    })
    .await;
    let (recruiter, _) = app.recruiter_with_company("Popular").await;
    let first = app.published(&recruiter, posting(json!({}))).await;
    let second = app.published(&recruiter, posting(json!({}))).await;
    let candidate = app.user("candidate").await;
    let answers = json!({"answers": {"rust_years": 4}});
    app.post(
        &format!("/api/v1/jobs/{first}/applications"),
        Some(&candidate.token),
        answers.clone(),
    )
    .await
    .expect(StatusCode::CREATED);
    let path = format!("/api/v1/jobs/{second}/applications");
    assert_limited(
        app.post(&path, Some(&candidate.token), answers.clone())
            .await,
        3600,
    );
    // Another candidate has a budget of their own.
    let other = app.user("candidate").await;
    app.post(&path, Some(&other.token), answers.clone())
        .await
        .expect(StatusCode::CREATED);

    let report = json!({"reason": "scam"});
    app.post(
        &format!("/api/v1/jobs/{first}/reports"),
        Some(&candidate.token),
        report.clone(),
    )
    .await
    .expect(StatusCode::CREATED);
    assert_limited(
        app.post(
            &format!("/api/v1/jobs/{second}/reports"),
            Some(&candidate.token),
            report,
        )
        .await,
        3600,
    );

    // A refusal is not stored under an idempotency key: the retry after the window runs.
    let retried = app
        .client
        .post(format!("{}{path}", app.base))
        .bearer_auth(&candidate.token)
        .header("idempotency-key", "apply-once")
        .json(&answers);
    let refused = retried.try_clone().unwrap().send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    app.clock.advance(chrono::Duration::minutes(61));
    let accepted = retried.send().await.unwrap();
    assert_eq!(accepted.status(), StatusCode::CREATED);
}

pub async fn instances_sharing_redis_share_the_limits() {
    let (url, prefix) = test_redis("instances_sharing_redis_share_the_limits");
    let (a, b) = two_instances(|config| {
        config.cache.url = Some(url);
        config.cache.key_prefix = prefix;
        config.rate_limits.register.max = 2;
    })
    .await;
    a.post("/api/v1/accounts", None, registration(10))
        .await
        .expect(StatusCode::CREATED);
    b.post("/api/v1/accounts", registration(11))
        .await
        .expect(StatusCode::CREATED);
    assert_limited(
        a.post("/api/v1/accounts", None, registration(12)).await,
        3600,
    );
    assert_limited(b.post("/api/v1/accounts", registration(13)).await, 3600);
}

pub async fn failed_logins_are_throttled_across_instances_sharing_redis() {
    let (url, prefix) = test_redis("failed_logins_are_throttled_across_instances");
    let (a, b) = two_instances(|config| {
        config.cache.url = Some(url);
        config.cache.key_prefix = prefix;
    })
    .await;
    let user = a.user("candidate").await;
    let wrong = json!({"email": user.email, "password": "wrong password here"});
    // The (account, client) pair allows 5 failures per window, wherever they land.
    for attempt in 0..5 {
        let reply = if attempt % 2 == 0 {
            a.post("/api/v1/sessions", None, wrong.clone()).await
        } else {
            b.post("/api/v1/sessions", wrong.clone()).await
        };
        reply.expect(StatusCode::UNAUTHORIZED);
    }
    assert_limited(b.post("/api/v1/sessions", wrong).await, 900);
}

pub async fn behind_a_trusted_proxy_the_forwarded_client_is_counted() {
    let register = |app: &TestApp, n: u32, client: &str| {
        let request = app
            .client
            .post(format!("{}/api/v1/accounts", app.base))
            .header("x-forwarded-for", client)
            .json(&registration(n));
        async move { crate::helpers::reply(request.send().await.unwrap()).await }
    };
    let proxied = TestApp::spawn_with(|config| {
        config.http.trusted_proxies = vec!["127.0.0.0/8".into()];
        config.rate_limits.register.max = 1;
    })
    .await;
    register(&proxied, 20, "203.0.113.1")
        .await
        .expect(StatusCode::CREATED);
    assert_limited(register(&proxied, 21, "203.0.113.1").await, 3600);
    register(&proxied, 22, "203.0.113.2")
        .await
        .expect(StatusCode::CREATED);

    // Without trust the header is the caller's own claim and changes nothing.
    let direct = TestApp::spawn_with(|config| config.rate_limits.register.max = 1).await;
    register(&direct, 30, "203.0.113.1")
        .await
        .expect(StatusCode::CREATED);
    assert_limited(register(&direct, 31, "203.0.113.2").await, 3600);
}

pub async fn invitations_are_limited_per_inviting_owner() {
    let app = TestApp::spawn_with(|config| config.rate_limits.invite.max = 3).await;
    let (owner, slug) = app.recruiter_with_company("Eager Inviters").await;
    for n in 0..3 {
        app.invite(
            &owner,
            &slug,
            &format!("invitee{n}@example.com"),
            "recruiter",
        )
        .await;
    }
    let path = format!("/api/v1/companies/{slug}/invitations");
    let more = json!({"email": "one-more@example.com"});
    assert_limited(
        app.post(&path, Some(&owner.token), more.clone()).await,
        3600,
    );
    // Another owner has a budget of their own.
    let (other, other_slug) = app.recruiter_with_company("Patient Inviters").await;
    app.invite(&other, &other_slug, "one-more@example.com", "recruiter")
        .await;
    app.clock.advance(chrono::Duration::minutes(61));
    app.post(&path, Some(&owner.token), more)
        .await
        .expect(StatusCode::CREATED);
}
