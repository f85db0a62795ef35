//! Caches across instances: two applications on one database (and one Redis, when the tests
//! are given one) must never serve a changed posting for more than a second.

use std::time::{Duration, Instant};

use hireboard::config::Config;
use hireboard::startup::Application;
use hireboard_service::Actor;
use hireboard_test_harness::Server;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{posting, reply, Reply, TestApp};

/// The Redis to test against (the test must be registered as needing it) and a key prefix of
/// this test's own.
pub fn test_redis(test: &str) -> (String, String) {
    let url = Server::Redis.url();
    let unique = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_nanos();
    (url, format!("hireboard-test:{test}:{unique}"))
}

/// A second application on the first one's database, cache settings and clock.
pub struct Instance {
    pub base: String,
    client: reqwest::Client,
    /// Its own search index replica, removed with it.
    _search: tempfile::TempDir,
}

impl Instance {
    pub async fn get(&self, path: &str, token: Option<&str>) -> Reply {
        let mut request = self.client.get(format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        reply(request.send().await.expect("request sent")).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Reply {
        let request = self.client.post(format!("{}{path}", self.base)).json(&body);
        reply(request.send().await.expect("request sent")).await
    }
}

/// Two instances of the application sharing one database, configured by `configure`.
pub async fn two_instances(configure: impl FnOnce(&mut Config)) -> (TestApp, Instance) {
    let mut first_config = None;
    let first = TestApp::spawn_with(|config| {
        configure(config);
        first_config = Some(config.clone());
    })
    .await;
    let mut config = first_config.expect("configured");
    // Each instance keeps its own index replica.
    let search = tempfile::tempdir().expect("temp dir");
    config.search.dir = Some(search.path().join("search"));
    let second = Application::build_with_clock(&config, first.clock.clone())
        .await
        .expect("second instance builds");
    let base = format!("http://{}", second.local_addr());
    tokio::spawn(second.run_until_stopped());
    (
        first,
        Instance {
            base,
            client: reqwest::Client::new(),
            _search: search,
        },
    )
}

/// Polls `path` on `instance` until `done` holds, failing if that takes over a second.
async fn within_a_second(instance: &Instance, path: &str, done: impl Fn(&Reply) -> bool) {
    within_a_second_as(instance, path, None, done).await;
}

/// As [`within_a_second`], with the bearer `token`.
async fn within_a_second_as(
    instance: &Instance,
    path: &str,
    token: Option<&str>,
    done: impl Fn(&Reply) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(1);
    loop {
        let reply = instance.get(path, token).await;
        if done(&reply) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{path} still served stale after 1 s: {} {}",
            reply.status,
            reply.body
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn lists(page: &Reply, code: i64) -> bool {
    page.body["items"]
        .as_array()
        .is_some_and(|items| items.iter().any(|item| item["job_code"] == code))
}

/// Publishes a posting on `a`, reads it (and the listing) through `b` so `b` caches them,
/// then edits and closes it on `a`: `b` must follow within a second each time.
async fn changes_reach_the_other_instance(a: &TestApp, b: &Instance) {
    let (recruiter, _) = a.recruiter_with_company("Cachers").await;
    let code = a
        .published(&recruiter, posting(json!({"title": "Original title"})))
        .await;
    let path = format!("/api/v1/jobs/{code}");
    let listing = "/api/v1/jobs?limit=50";
    // Publishing is a change too: `b` may have read the draft a moment ago.
    within_a_second(b, &path, |reply| reply.status == StatusCode::OK).await;
    within_a_second(b, listing, |page| lists(page, code)).await;
    for _ in 0..2 {
        let read = b.get(&path, None).await.expect(StatusCode::OK);
        assert_eq!(read["title"], "Original title");
        assert!(lists(&b.get(listing, None).await, code));
    }

    a.call(
        reqwest::Method::PATCH,
        &path,
        Some(&recruiter.token),
        Some(json!({"title": "Edited title"})),
    )
    .await
    .expect(StatusCode::OK);
    // The writing instance reads its own write at once, whatever Redis still holds.
    let own = a.get(&path, None).await.expect(StatusCode::OK);
    assert_eq!(own["title"], "Edited title");
    within_a_second(b, &path, |reply| reply.body["title"] == "Edited title").await;

    a.post(&format!("{path}/close"), Some(&recruiter.token), json!({}))
        .await
        .expect(StatusCode::OK);
    a.get(&path, None).await.expect(StatusCode::NOT_FOUND);
    within_a_second(b, &path, |reply| reply.status == StatusCode::NOT_FOUND).await;
    within_a_second(b, listing, |page| !lists(page, code)).await;
}

pub async fn changes_reach_another_instance_sharing_redis_within_a_second() {
    let (url, prefix) = test_redis("changes_reach_another_instance_sharing_redis");
    let (a, b) = two_instances(|config| {
        config.cache.url = Some(url.clone());
        config.cache.key_prefix = prefix.clone();
    })
    .await;
    changes_reach_the_other_instance(&a, &b).await;

    // The instances did share: what one read went to Redis, under this test's prefix.
    let mut redis = redis::Client::open(url.as_str())
        .unwrap()
        .get_multiplexed_async_connection()
        .await
        .unwrap();
    let keys: Vec<String> = redis::cmd("KEYS")
        .arg(format!("{prefix}:posting:*"))
        .query_async(&mut redis)
        .await
        .unwrap();
    assert!(!keys.is_empty(), "no posting was cached in Redis");
}

pub async fn changes_reach_another_instance_without_redis_within_a_second() {
    let (a, b) = two_instances(|_| {}).await;
    changes_reach_the_other_instance(&a, &b).await;
}

/// Sessions are cached per instance: a logout, a suspension, a new company, joining one or
/// leaving it on one instance must reach the other within a second.
pub async fn session_changes_reach_another_instance_within_a_second() {
    let (a, b) = two_instances(|_| {}).await;
    let admin = a.staff(hireboard_domain::account::Role::Admin).await;
    let (leaving, suspended, recruiter, joining) = (
        a.user("candidate").await,
        a.user("candidate").await,
        a.user("recruiter").await,
        a.user("recruiter").await,
    );
    // `b` caches sessions only once its outbox feed runs (it polls at once, then every
    // 200 ms): give it that, then read each session there so that its cache holds it.
    tokio::time::sleep(Duration::from_millis(300)).await;
    for user in [&leaving, &suspended, &recruiter, &joining] {
        b.get("/api/v1/me", Some(&user.token))
            .await
            .expect(StatusCode::OK);
    }

    a.call(
        reqwest::Method::DELETE,
        "/api/v1/sessions/current",
        Some(&leaving.token),
        None,
    )
    .await
    .expect(StatusCode::NO_CONTENT);
    within_a_second_as(&b, "/api/v1/me", Some(&leaving.token), |me| {
        me.status == StatusCode::UNAUTHORIZED
    })
    .await;

    a.post(
        &format!("/api/v1/admin/accounts/{}/suspend", suspended.id),
        Some(&admin.token),
        json!({"reason": "spam"}),
    )
    .await
    .expect(StatusCode::OK);
    within_a_second_as(&b, "/api/v1/me", Some(&suspended.token), |me| {
        me.status == StatusCode::UNAUTHORIZED
    })
    .await;

    a.post(
        "/api/v1/companies",
        Some(&recruiter.token),
        json!({"name": "Session Movers"}),
    )
    .await
    .expect(StatusCode::CREATED);
    within_a_second_as(&b, "/api/v1/me", Some(&recruiter.token), |me| {
        me.body["company_id"].is_i64()
    })
    .await;

    a.join(&recruiter, "session-movers", &joining, "recruiter")
        .await;
    within_a_second_as(&b, "/api/v1/me", Some(&joining.token), |me| {
        me.body["company_role"] == "recruiter"
    })
    .await;
    a.delete(
        &format!("/api/v1/companies/session-movers/recruiters/{}", joining.id),
        Some(&recruiter.token),
    )
    .await
    .expect(StatusCode::NO_CONTENT);
    within_a_second_as(&b, "/api/v1/me", Some(&joining.token), |me| {
        me.body["company_id"].is_null()
    })
    .await;
}

pub async fn everything_works_when_redis_is_unreachable() {
    // Nothing listens on port 1: every Redis call fails, and nothing else may.
    let app = TestApp::spawn_with(|config| {
        config.cache.url = Some("redis://127.0.0.1:1".into());
    })
    .await;
    let started = Instant::now();
    let (recruiter, _) = app.recruiter_with_company("Unshaken").await;
    let code = app.published(&recruiter, posting(json!({}))).await;
    let path = format!("/api/v1/jobs/{code}");
    for _ in 0..3 {
        app.get(&path, None).await.expect(StatusCode::OK);
        let page = app.get("/api/v1/jobs", None).await;
        assert!(lists(&page, code), "{}", page.body);
    }
    let candidate = app.user("candidate").await;
    app.post(
        &format!("{path}/applications"),
        Some(&candidate.token),
        json!({"answers": {"rust_years": 4}}),
    )
    .await
    .expect(StatusCode::CREATED);
    app.post(
        &format!("{path}/reports"),
        Some(&candidate.token),
        json!({"reason": "scam"}),
    )
    .await
    .expect(StatusCode::CREATED);
    app.call(
        reqwest::Method::PATCH,
        &path,
        Some(&recruiter.token),
        Some(json!({"title": "Still editable"})),
    )
    .await
    .expect(StatusCode::OK);
    let read = app.get(&path, None).await.expect(StatusCode::OK);
    assert_eq!(read["title"], "Still editable");
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "requests waited on the dead Redis"
    );
}

/// A posting imported into `app`'s database under `code`, titled `title`.
async fn imported(app: &TestApp, code: i64, title: &str) {
    assert_eq!(import(app, code, title).await.created, 1);
}

/// The same import again: an update of the posting it created.
async fn reimported(app: &TestApp, code: i64, title: &str) {
    assert_eq!(import(app, code, title).await.updated, 1);
}

async fn import(app: &TestApp, code: i64, title: &str) -> hireboard_service::ImportReport {
    let today = app.clock.today();
    let record = json!({
        "job_code": code,
        "company": "Replaced Databases Ltd",
        "posted_at": app.clock.now(),
        "valid_through": today + chrono::Duration::days(30),
        "posting": posting(json!({"title": title})),
    });
    let record = serde_json::from_value(record).expect("an import record");
    app.service
        .import_postings(&Actor::System, vec![(1, record)])
        .await
        .expect("imported")
}

/// An operator drops and re-creates the database behind a running Redis (or restores
/// another copy in its place): the new database's postings are served, never the cached
/// copies of the old one's, even under the same job code and key prefix.
pub async fn a_database_in_another_ones_place_never_gets_its_cached_postings() {
    let (url, prefix) = test_redis("replaced");
    let configure = |config: &mut Config| {
        config.cache.url = Some(url.clone());
        config.cache.key_prefix = prefix.clone();
    };
    let code = 1_546_216;
    let first = TestApp::spawn_with(configure).await;
    imported(&first, code, "From the first database").await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let path = format!("/api/v1/jobs/{code}");
    // Read until the first database's copy is in Redis. A read made before the cache consumer
    // caught up is cached in process only (and then served from there), so until Redis has it
    // the posting is imported again, which changes its key and makes the next read fill anew.
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut redis = redis::Client::open(url.as_str())
        .unwrap()
        .get_multiplexed_async_connection()
        .await
        .unwrap();
    loop {
        let read = first.get(&path, None).await.expect(StatusCode::OK);
        assert_eq!(read["title"], "From the first database");
        let keys: Vec<String> = redis::cmd("KEYS")
            .arg(format!("{prefix}*posting*"))
            .query_async(&mut redis)
            .await
            .unwrap();
        if !keys.is_empty() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the posting was never cached in Redis"
        );
        reimported(&first, code, "From the first database").await;
        // Long enough for the consumer to read the import back before the next read.
        tokio::time::sleep(Duration::from_secs(2)).await;
    }

    let second = TestApp::spawn_with(configure).await;
    imported(&second, code, "From the second database").await;
    for _ in 0..20 {
        let read = second.get(&path, None).await.expect(StatusCode::OK);
        assert_eq!(read["title"], "From the second database");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
