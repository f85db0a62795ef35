//! Starting the application and acting as its users.

use hireboard::config::Config;
use hireboard::startup::Application;
use hireboard_service::{Clock, Hireboard};
use hireboard_store::testing::{fresh_database, Backend};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

pub struct TestApp {
    pub base: String,
    /// The operator listener (`/metrics`, probes).
    pub operator_base: String,
    pub client: reqwest::Client,
    pub clock: Clock,
    pub service: Hireboard,
    /// The database this application runs on, for tests that inspect it directly.
    pub database_url: String,
    _data: tempfile::TempDir,
}

/// A logged-in account.
#[derive(Clone)]
pub struct User {
    pub token: String,
    pub id: i64,
    pub email: String,
}

/// A response: status, headers and body parsed as JSON (Null when empty or not JSON).
pub struct Reply {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Reply {
    #[track_caller]
    pub fn expect(self, status: StatusCode) -> Value {
        assert_eq!(
            self.status, status,
            "unexpected status; body: {}",
            self.body
        );
        self.body
    }
}

static USER_SEQ: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(|_| {}).await
    }

    pub async fn spawn_with(configure: impl FnOnce(&mut Config)) -> TestApp {
        let data = tempfile::tempdir().expect("temp dir");
        let mut config = Config {
            data_dir: data.path().to_path_buf(),
            expiry_interval_secs: 3600,
            ..Config::default()
        };
        config.http.addr = "127.0.0.1:0".parse().expect("addr");
        config.metrics.addr = "127.0.0.1:0".parse().expect("addr");
        // HIREBOARD_TEST_DATABASE picks the backend (SQLite by default); each test gets a
        // database of its own.
        let backend = Backend::from_env();
        config.database.url = Some(fresh_database(backend, data.path()).await);
        configure(&mut config);
        let clock = Clock::default();
        let app = Application::build_with_clock(&config, clock.clone())
            .await
            .expect("application builds");
        let base = format!("http://{}", app.local_addr());
        let operator_base = format!("http://{}", app.operator_addr());
        let service = app.service().clone();
        tokio::spawn(app.run_until_stopped());
        // Up as an operator would see it: ready, its search index built from the database.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while !service.search_is_built().await {
            assert!(
                std::time::Instant::now() < deadline,
                "the search index was not built within 30 s"
            );
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        TestApp {
            base,
            operator_base,
            client: reqwest::Client::new(),
            clock,
            service,
            database_url: config.database.url.clone().expect("database URL set above"),
            _data: data,
        }
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Reply {
        let mut request = self.client.request(method, format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        reply(request.send().await.expect("request sent")).await
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Reply {
        self.call(Method::GET, path, token, None).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Reply {
        self.call(Method::POST, path, token, Some(body)).await
    }

    pub async fn delete(&self, path: &str, token: Option<&str>) -> Reply {
        self.call(Method::DELETE, path, token, None).await
    }

    /// `by` invites `email` to the company `slug` as `role`; returns the answer (with the
    /// token).
    pub async fn invite(&self, by: &User, slug: &str, email: &str, role: &str) -> Value {
        self.post(
            &format!("/api/v1/companies/{slug}/invitations"),
            Some(&by.token),
            json!({"email": email, "role": role}),
        )
        .await
        .expect(StatusCode::CREATED)
    }

    /// `user` accepts an invitation with `token`.
    pub async fn accept(&self, user: &User, token: &Value) -> Reply {
        self.post(
            "/api/v1/invitations/accept",
            Some(&user.token),
            json!({"token": token}),
        )
        .await
    }

    /// `owner` invites `user` to the company `slug` as `role`, and `user` joins.
    pub async fn join(&self, owner: &User, slug: &str, user: &User, role: &str) {
        let invitation = self.invite(owner, slug, &user.email, role).await;
        self.accept(user, &invitation["token"])
            .await
            .expect(StatusCode::OK);
    }

    /// Registers and logs in a fresh account.
    pub async fn user(&self, role: &str) -> User {
        let n = USER_SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let email = format!("{role}{n}@example.com");
        let password = "correct horse battery staple";
        self.post("/api/v1/accounts", None, json!({"email": email, "password": password, "display_name": format!("{role} {n}"), "role": role}))
            .await
            .expect(StatusCode::CREATED);
        self.login(&email, password).await
    }

    pub async fn login(&self, email: &str, password: &str) -> User {
        let session = self
            .post(
                "/api/v1/sessions",
                None,
                json!({"email": email, "password": password}),
            )
            .await
            .expect(StatusCode::CREATED);
        User {
            token: session["token"].as_str().expect("token").to_owned(),
            id: session["account"]["id"].as_i64().expect("id"),
            email: email.to_owned(),
        }
    }

    /// A recruiter who owns a new company; returns the user and the company slug.
    pub async fn recruiter_with_company(&self, company: &str) -> (User, String) {
        let recruiter = self.user("recruiter").await;
        let created = self
            .post(
                "/api/v1/companies",
                Some(&recruiter.token),
                json!({"name": company}),
            )
            .await
            .expect(StatusCode::CREATED);
        (
            recruiter,
            created["slug"].as_str().expect("slug").to_owned(),
        )
    }

    /// A moderator or admin, created the way an operator would.
    pub async fn staff(&self, role: hireboard_domain::account::Role) -> User {
        let n = USER_SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let email = format!("{}{n}@example.com", role.as_str());
        let input = hireboard_domain::account::RegistrationInput {
            email: email.clone(),
            password: "correct horse battery staple".into(),
            display_name: format!("Staff {n}"),
            role: hireboard_domain::account::Role::Candidate,
        };
        self.service
            .bootstrap_account(input, role)
            .await
            .expect("staff account");
        self.login(&email, "correct horse battery staple").await
    }

    /// Drafts a posting from `body` and returns its job code.
    pub async fn draft(&self, recruiter: &User, body: Value) -> i64 {
        let posting = self
            .post("/api/v1/jobs", Some(&recruiter.token), body)
            .await
            .expect(StatusCode::CREATED);
        posting["job_code"].as_i64().expect("job code")
    }

    /// Drafts and publishes a posting.
    pub async fn published(&self, recruiter: &User, body: Value) -> i64 {
        let code = self.draft(recruiter, body).await;
        self.post(
            &format!("/api/v1/jobs/{code}/publish"),
            Some(&recruiter.token),
            json!({}),
        )
        .await
        .expect(StatusCode::OK);
        code
    }

    /// `candidate` applies to a posting without screening questions; the application's id.
    pub async fn applied(&self, candidate: &User, code: i64) -> i64 {
        let application = self
            .post(
                &format!("/api/v1/jobs/{code}/applications"),
                Some(&candidate.token),
                json!({}),
            )
            .await
            .expect(StatusCode::CREATED);
        application["id"].as_i64().expect("an id")
    }
}

pub async fn reply(response: reqwest::Response) -> Reply {
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.expect("body");
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Reply {
        status,
        headers,
        body,
    }
}

/// A valid posting body; `overrides` replaces top-level fields.
pub fn posting(overrides: Value) -> Value {
    let mut body = json!({
        "title": "Senior Rust Engineer",
        "description": "Build **reliable** services. <script>alert(1)</script>",
        "skills": ["rust", "postgresql", "kubernetes"],
        "functional_area": "Backend Development",
        "category": "Engineering",
        "experience": {"min_years": 3, "max_years": 6},
        "education": "bachelor",
        "workplace_type": "hybrid",
        "locations": [{"city": "Berlin", "country": "DE"}],
        "employment_type": "full_time",
        "salary": {"min": 70000, "max": 95000, "currency": "EUR", "period": "year"},
        "screening_questions": [
            {"id": "rust_years", "prompt": "Years of professional Rust?", "answer": {"type": "number", "min": 0, "max": 50}, "required": true},
            {"id": "relocate", "prompt": "Willing to relocate?", "answer": {"type": "yes_no"}}
        ]
    });
    if let (Some(base), Some(extra)) = (body.as_object_mut(), overrides.as_object()) {
        for (key, value) in extra {
            base.insert(key.clone(), value.clone());
        }
    }
    body
}

impl TestApp {
    /// Sends `body` as it is, with `content_type` when given (no `Content-Type` otherwise).
    pub async fn send_raw(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        content_type: Option<&str>,
        body: Vec<u8>,
    ) -> Reply {
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.base))
            .body(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(content_type) = content_type {
            request = request.header(reqwest::header::CONTENT_TYPE, content_type);
        }
        reply(request.send().await.expect("request sent")).await
    }
}
