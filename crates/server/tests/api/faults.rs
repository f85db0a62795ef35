//! Start-up refusals and a database that goes away while the server runs.

use std::sync::Arc;

use hireboard::config::Config;
use hireboard::startup::Application;
use hireboard_store::testing::{fresh_database, Backend};
use hireboard_test_harness::Server;
use reqwest::StatusCode;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Mutex;
use tokio::task::JoinSet;

use serde_json::json;

use crate::database::Database;
use crate::helpers::{posting, TestApp};

async fn refusal(url: String) -> String {
    let data = tempfile::tempdir().unwrap();
    let mut config = Config {
        data_dir: data.path().to_path_buf(),
        ..Config::default()
    };
    config.http.addr = "127.0.0.1:0".parse().unwrap();
    config.metrics.addr = "127.0.0.1:0".parse().unwrap();
    config.database.url = Some(url);
    config.database.acquire_timeout_ms = 2000;
    let error = Application::build(&config)
        .await
        .err()
        .expect("start-up must fail");
    let line = format!("{error:#}");
    assert!(!line.contains('\n'), "one line: {line}");
    line
}

pub async fn start_up_refuses_with_one_clear_line() {
    let refused = refusal("postgres://postgres@127.0.0.1:1/postgres".into()).await;
    assert!(
        refused.contains("connection refused") && refused.contains("127.0.0.1:1"),
        "{refused}"
    );
    let refused = refusal("mysql://root@127.0.0.1:1/test".into()).await;
    assert!(refused.contains("connection refused"), "{refused}");

    // A database migrated by a newer binary.
    let data = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/newer.db", data.path().display());
    drop(
        hireboard_store::connect(&url, &Default::default())
            .await
            .unwrap(),
    );
    let mut connection = <sqlx::SqliteConnection as sqlx::Connection>::connect(&url)
        .await
        .unwrap();
    sqlx::query("INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES (99999999, 'future', 1, x'00', 0)")
        .execute(&mut connection)
        .await
        .unwrap();
    let newer = refusal(url).await;
    assert!(
        newer.contains("migration 99999999") && newer.contains("upgrade hireboard"),
        "{newer}"
    );
}

pub async fn start_up_refuses_with_one_clear_line_on_postgres() {
    let server = Server::Postgres.url();
    let missing = refusal(hireboard_store::testing::with_database(
        &server,
        "hireboard_no_such_db",
    ))
    .await;
    assert!(missing.contains("does not exist"), "{missing}");
    let stranger = refusal("postgres://no_such_user@127.0.0.1:5432/postgres".into()).await;
    assert!(stranger.contains("user name or password"), "{stranger}");
}

pub async fn start_up_refuses_with_one_clear_line_on_mysql() {
    let mysql = Server::Mysql.url();
    let wrong = refusal(mysql.replacen("root@", "root:not-the-password@", 1)).await;
    assert!(wrong.contains("user name or password"), "{wrong}");
    let missing = refusal(hireboard_store::testing::with_database(
        &mysql,
        "hireboard_no_such_db",
    ))
    .await;
    assert!(missing.contains("does not exist"), "{missing}");
}

/// A TCP forwarder between the server and PostgreSQL that a test can cut and restore.
struct Proxy {
    port: u16,
    upstream: String,
    running: Mutex<Option<JoinSet<()>>>,
}

impl Proxy {
    async fn start(upstream: String) -> Arc<Proxy> {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let proxy = Arc::new(Proxy {
            port: listener.local_addr().unwrap().port(),
            upstream,
            running: Mutex::new(None),
        });
        proxy.serve(listener).await;
        proxy
    }

    async fn serve(&self, listener: TcpListener) {
        let mut tasks = JoinSet::new();
        let upstream = self.upstream.clone();
        tasks.spawn(async move {
            let mut connections = JoinSet::new();
            while let Ok((mut client, _)) = listener.accept().await {
                let upstream = upstream.clone();
                connections.spawn(async move {
                    if let Ok(mut server) = TcpStream::connect(upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
            }
        });
        *self.running.lock().await = Some(tasks);
    }

    /// Closes every connection and refuses new ones, like a database that went away.
    async fn cut(&self) {
        if let Some(mut tasks) = self.running.lock().await.take() {
            tasks.shutdown().await;
        }
    }

    async fn restore(&self) {
        let listener = TcpListener::bind(("127.0.0.1", self.port)).await.unwrap();
        self.serve(listener).await;
    }
}

pub async fn a_database_outage_gives_503_then_recovers_by_itself() {
    let server = Server::Postgres.url();
    let data = tempfile::tempdir().unwrap();
    let url = fresh_database(Backend::Postgres, data.path()).await;
    let host = server
        .split('@')
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or("127.0.0.1:5432")
        .to_owned();
    let proxy = Proxy::start(host.clone()).await;
    let through_proxy = url.replacen(&host, &format!("127.0.0.1:{}", proxy.port), 1);
    let app = TestApp::spawn_with(|config| {
        config.database.url = Some(through_proxy);
        config.database.acquire_timeout_ms = 1000;
    })
    .await;
    let user = app.user("candidate").await;
    let (recruiter, _) = app.recruiter_with_company("Outage Inc").await;
    let code = app.published(&recruiter, posting(json!({}))).await;
    let apply = format!("/api/v1/jobs/{code}/applications");
    let answers = json!({"answers": {"rust_years": 4}});
    app.get("/readyz", None).await.expect(StatusCode::OK);

    proxy.cut().await;
    // A write during the outage fails fast with 503 (on PostgreSQL it goes through the
    // application batch writer, which must not retry a dead database one by one).
    let started = std::time::Instant::now();
    let refused = app.post(&apply, Some(&user.token), answers.clone()).await;
    assert_eq!(
        refused.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        refused.body
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    let ready = app.get("/readyz", None).await;
    assert_eq!(ready.status, StatusCode::SERVICE_UNAVAILABLE);
    let down = app.get("/api/v1/me", Some(&user.token)).await;
    assert_eq!(
        down.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        down.body
    );
    assert_eq!(down.body["code"], "unavailable");
    assert!(down.headers.get("retry-after").is_some());
    assert!(
        !down.body.to_string().contains("127.0.0.1"),
        "no internal detail leaks"
    );

    proxy.restore().await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        let ready = app.get("/readyz", None).await.status == StatusCode::OK;
        if ready && app.get("/api/v1/me", Some(&user.token)).await.status == StatusCode::OK {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the server did not recover after the database came back"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    app.post(&apply, Some(&user.token), answers)
        .await
        .expect(StatusCode::CREATED);
}

pub async fn readiness_fails_while_the_database_takes_no_writes() {
    let app = TestApp::spawn().await;
    app.get("/readyz", None).await.expect(StatusCode::OK);
    let database = Database::open(&app.database_url).await;
    let held = database.hold_writes().await;
    let started = std::time::Instant::now();
    let ready = app.get("/readyz", None).await;
    assert_eq!(
        ready.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        ready.body
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(4),
        "readiness answers within its own time limit: {:?}",
        started.elapsed()
    );
    assert!(ready.headers.get("retry-after").is_some());
    // Reads still work meanwhile; a load balancer takes the instance out all the same.
    app.get("/api/v1/jobs", None).await.expect(StatusCode::OK);
    held.release().await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while app.get("/readyz", None).await.status != StatusCode::OK {
        assert!(
            std::time::Instant::now() < deadline,
            "readiness never came back"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// An API instance whose broker is unreachable keeps taking writes and stays ready: events
/// wait in the outbox (a worker's readiness is what reports the broker).
pub async fn an_unreachable_broker_fails_no_write_and_not_readiness() {
    let app = TestApp::spawn_with(|config| {
        config.bus.url = Some("amqp://guest:guest@127.0.0.1:1/%2f".into());
    })
    .await;
    let (recruiter, _) = app.recruiter_with_company("Brokerless Ltd").await;
    let code = app
        .published(&recruiter, posting(json!({"screening_questions": []})))
        .await;
    let candidate = app.user("candidate").await;
    app.post(
        &format!("/api/v1/jobs/{code}/applications"),
        Some(&candidate.token),
        json!({}),
    )
    .await
    .expect(StatusCode::CREATED);
    let ready = app
        .client
        .get(format!("{}/readyz", app.operator_base))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
    let head = app.service.events_after(0, 1000).await.unwrap();
    assert!(
        head.len() >= 4,
        "the events wait in the outbox: {}",
        head.len()
    );
}
