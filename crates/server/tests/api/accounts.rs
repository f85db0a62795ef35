use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::TestApp;

pub async fn register_login_me_logout() {
    let app = TestApp::spawn().await;
    let user = app.user("candidate").await;
    let me = app
        .get("/api/v1/me", Some(&user.token))
        .await
        .expect(StatusCode::OK);
    assert_eq!(me["email"], user.email.as_str());
    assert_eq!(me["role"], "candidate");
    assert!(me.get("password_hash").is_none());
    app.call(
        reqwest::Method::DELETE,
        "/api/v1/sessions/current",
        Some(&user.token),
        None,
    )
    .await
    .expect(StatusCode::NO_CONTENT);
    let after = app
        .get("/api/v1/me", Some(&user.token))
        .await
        .expect(StatusCode::UNAUTHORIZED);
    assert_eq!(after["code"], "unauthenticated");
}

pub async fn weak_passwords_and_staff_roles_are_refused() {
    let app = TestApp::spawn().await;
    for password in ["short", "password", "password123", "qwertyuiop", "12345678"] {
        let body = app
            .post("/api/v1/accounts", None, json!({"email": "a@example.com", "password": password, "display_name": "A", "role": "candidate"}))
            .await
            .expect(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["errors"][0]["field"], "password", "{password}");
    }
    let body = app
        .post("/api/v1/accounts", None, json!({"email": "a@example.com", "password": "correct horse battery staple", "display_name": "A", "role": "admin"}))
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["field"], "role");
}

pub async fn duplicate_email_is_a_conflict_case_insensitively() {
    let app = TestApp::spawn().await;
    let user = app.user("candidate").await;
    let body = app
        .post("/api/v1/accounts", None, json!({"email": user.email.to_uppercase(), "password": "another fine passphrase", "display_name": "B", "role": "candidate"}))
        .await
        .expect(StatusCode::CONFLICT);
    assert_eq!(body["code"], "email_taken");
}

pub async fn unknown_email_and_wrong_password_get_the_same_answer() {
    let app = TestApp::spawn().await;
    let user = app.user("candidate").await;
    let wrong = app
        .post(
            "/api/v1/sessions",
            None,
            json!({"email": user.email, "password": "not the password at all"}),
        )
        .await;
    let unknown = app
        .post(
            "/api/v1/sessions",
            None,
            json!({"email": "nobody@example.com", "password": "not the password at all"}),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.status, unknown.status);
    assert_eq!(wrong.body, unknown.body);
}

pub async fn failed_logins_are_throttled_without_revealing_accounts() {
    let app = TestApp::spawn().await;
    let user = app.user("candidate").await;
    for email in [user.email.as_str(), "ghost@example.com"] {
        for _ in 0..5 {
            app.post(
                "/api/v1/sessions",
                None,
                json!({"email": email, "password": "wrong password here"}),
            )
            .await
            .expect(StatusCode::UNAUTHORIZED);
        }
        let throttled = app
            .post(
                "/api/v1/sessions",
                None,
                json!({"email": email, "password": "wrong password here"}),
            )
            .await;
        assert_eq!(throttled.status, StatusCode::TOO_MANY_REQUESTS, "{email}");
        assert!(throttled.headers.get("retry-after").is_some());
    }
    // Even the right password waits until the window passes...
    app.post(
        "/api/v1/sessions",
        None,
        json!({"email": user.email, "password": "correct horse battery staple"}),
    )
    .await
    .expect(StatusCode::TOO_MANY_REQUESTS);
    // ...and then works.
    app.clock.advance(chrono::Duration::minutes(16));
    app.login(&user.email, "correct horse battery staple").await;
}

pub async fn sessions_expire_when_idle_and_absolutely() {
    let app = TestApp::spawn_with(|c| {
        c.sessions.idle_minutes = 30;
        c.sessions.absolute_hours = 2;
    })
    .await;
    let user = app.user("candidate").await;
    app.clock.advance(chrono::Duration::minutes(25));
    app.get("/api/v1/me", Some(&user.token))
        .await
        .expect(StatusCode::OK);
    app.clock.advance(chrono::Duration::minutes(25));
    app.get("/api/v1/me", Some(&user.token))
        .await
        .expect(StatusCode::OK);
    app.clock.advance(chrono::Duration::minutes(31));
    app.get("/api/v1/me", Some(&user.token))
        .await
        .expect(StatusCode::UNAUTHORIZED);

    let user = app.user("candidate").await;
    for _ in 0..4 {
        app.clock.advance(chrono::Duration::minutes(25));
        app.get("/api/v1/me", Some(&user.token))
            .await
            .expect(StatusCode::OK);
    }
    app.clock.advance(chrono::Duration::minutes(25));
    app.get("/api/v1/me", Some(&user.token))
        .await
        .expect(StatusCode::UNAUTHORIZED);
}

pub async fn bad_tokens_are_rejected_not_downgraded() {
    let app = TestApp::spawn().await;
    for header in [
        "Bearer nonsense",
        "Bearer hb_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "Basic dXNlcjpwYXNz",
    ] {
        let response = app
            .client
            .get(format!("{}/api/v1/jobs", app.base))
            .header("authorization", header)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{header}");
    }
}

pub async fn suspension_revokes_sessions_and_blocks_login() {
    let app = TestApp::spawn().await;
    let admin = app.staff(hireboard_domain::account::Role::Admin).await;
    let user = app.user("candidate").await;
    app.post(
        &format!("/api/v1/admin/accounts/{}/suspend", user.id),
        Some(&admin.token),
        json!({"reason": "spam applications"}),
    )
    .await
    .expect(StatusCode::OK);
    app.get("/api/v1/me", Some(&user.token))
        .await
        .expect(StatusCode::UNAUTHORIZED);
    app.post(
        "/api/v1/sessions",
        None,
        json!({"email": user.email, "password": "correct horse battery staple"}),
    )
    .await
    .expect(StatusCode::UNAUTHORIZED);
    app.post(
        &format!("/api/v1/admin/accounts/{}/reinstate", user.id),
        Some(&admin.token),
        json!({}),
    )
    .await
    .expect(StatusCode::OK);
    app.login(&user.email, "correct horse battery staple").await;
}

pub async fn unauthorized_answers_name_the_scheme_which_is_case_insensitive() {
    let app = TestApp::spawn().await;
    let anonymous = app.get("/api/v1/me", None).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert!(
        anonymous.headers["www-authenticate"]
            .to_str()
            .unwrap()
            .starts_with("Bearer"),
        "{:?}",
        anonymous.headers
    );
    let user = app.user("candidate").await;
    for scheme in ["Bearer", "bearer", "BEARER", "bEaReR"] {
        let response = app
            .client
            .get(format!("{}/api/v1/me", app.base))
            .header("authorization", format!("{scheme} {}", user.token))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{scheme}");
    }
    let wrong = app
        .client
        .get(format!("{}/api/v1/me", app.base))
        .header("authorization", format!("Token {}", user.token))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert!(wrong.headers().contains_key("www-authenticate"));
}

pub async fn a_session_used_more_often_than_its_idle_timeout_stays_alive() {
    let app = TestApp::spawn_with(|c| c.sessions.idle_minutes = 1).await;
    let user = app.user("candidate").await;
    for _ in 0..6 {
        app.clock.advance(chrono::Duration::seconds(30));
        app.get("/api/v1/me", Some(&user.token))
            .await
            .expect(StatusCode::OK);
    }
    app.clock.advance(chrono::Duration::seconds(61));
    app.get("/api/v1/me", Some(&user.token))
        .await
        .expect(StatusCode::UNAUTHORIZED);
}

/// Someone behind the owner's NAT fails 50 logins for other emails: the address is blocked,
/// but the owner's client, which logged in before and kept its device token, gets through.
pub async fn a_device_token_gets_its_owner_through_a_blocked_address() {
    let app = TestApp::spawn().await;
    let owner = app.user("candidate").await;
    let other = app.user("candidate").await;
    let first = app
        .post(
            "/api/v1/sessions",
            None,
            json!({"email": owner.email, "password": "correct horse battery staple"}),
        )
        .await
        .expect(StatusCode::CREATED);
    let device_token = first["device_token"].as_str().expect("device token");
    for n in 0..50 {
        app.post(
            "/api/v1/sessions",
            None,
            json!({"email": format!("stranger{n}@example.com"), "password": "wrong password here"}),
        )
        .await;
    }
    let blocked = app
        .post(
            "/api/v1/sessions",
            None,
            json!({"email": owner.email, "password": "correct horse battery staple"}),
        )
        .await;
    assert_eq!(
        blocked.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        blocked.body
    );
    let through = app
        .post(
            "/api/v1/sessions",
            None,
            json!({"email": owner.email, "password": "correct horse battery staple",
                "device_token": device_token}),
        )
        .await
        .expect(StatusCode::CREATED);
    assert!(through["token"].as_str().is_some());
    // The token proves a login to its own account only.
    let borrowed = app
        .post(
            "/api/v1/sessions",
            None,
            json!({"email": other.email, "password": "correct horse battery staple",
                "device_token": device_token}),
        )
        .await;
    assert_eq!(borrowed.status, StatusCode::TOO_MANY_REQUESTS);
}

pub async fn login_limits_come_from_the_configuration() {
    let app = TestApp::spawn_with(|c| {
        c.login_throttle.per_account_and_client = 2;
        c.login_throttle.window_secs = 60;
    })
    .await;
    let user = app.user("candidate").await;
    let attempt = || {
        app.post(
            "/api/v1/sessions",
            None,
            json!({"email": user.email, "password": "wrong password here"}),
        )
    };
    attempt().await.expect(StatusCode::UNAUTHORIZED);
    attempt().await.expect(StatusCode::UNAUTHORIZED);
    let throttled = attempt().await;
    assert_eq!(throttled.status, StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = throttled.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(wait <= 60, "the configured one-minute window: {wait}");
    app.clock.advance(chrono::Duration::seconds(61));
    app.login(&user.email, "correct horse battery staple").await;
}
