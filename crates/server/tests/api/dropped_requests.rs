//! Clients that go away mid-request. Whatever the moment a client closes its socket (in the
//! headers, before the body, in the body, right after it, or while the server works on it),
//! no transaction or lock outlives the request, nothing is half-written, and every kind of
//! write still succeeds afterwards. Runs on the backend the suite runs on
//! (HIREBOARD_TEST_DATABASE), so CI runs it on SQLite, PostgreSQL and MySQL/MariaDB.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;
use tokio::sync::Semaphore;

use crate::database::Database;
use crate::helpers::{posting, TestApp, User};

/// Requests of each kind sent and dropped.
const PER_KIND: usize = 1000;
/// Connections open at once.
const IN_FLIGHT: usize = 24;
const CANDIDATES: usize = 40;
const POSTINGS: usize = 25;

/// The kinds of write the API takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Register,
    Login,
    CreatePosting,
    UpdatePosting,
    Apply,
    Report,
    MoveApplicant,
    CreateQuestion,
}

const KINDS: [Kind; 8] = [
    Kind::Register,
    Kind::Login,
    Kind::CreatePosting,
    Kind::UpdatePosting,
    Kind::Apply,
    Kind::Report,
    Kind::MoveApplicant,
    Kind::CreateQuestion,
];

/// What the requests act on.
struct Board {
    recruiter: User,
    candidates: Vec<User>,
    codes: Vec<i64>,
    applications: Vec<i64>,
}

const PASSWORD: &str = "correct horse battery staple";

impl Board {
    /// The `n`th request of `kind`: method, path, bearer token and JSON body.
    fn request(&self, kind: Kind, n: usize) -> (Method, String, Option<&str>, Value) {
        let candidate = &self.candidates[n % CANDIDATES];
        let code = self.codes[(n / CANDIDATES) % POSTINGS];
        let recruiter = Some(self.recruiter.token.as_str());
        match kind {
            Kind::Register => (
                Method::POST,
                "/api/v1/accounts".into(),
                None,
                json!({"email": format!("dropped{n}@example.com"), "password": PASSWORD,
                    "display_name": "Dropped", "role": "candidate"}),
            ),
            Kind::Login => (
                Method::POST,
                "/api/v1/sessions".into(),
                None,
                json!({"email": candidate.email, "password": PASSWORD}),
            ),
            Kind::CreatePosting => (
                Method::POST,
                "/api/v1/jobs".into(),
                recruiter,
                posting(json!({})),
            ),
            Kind::UpdatePosting => (
                Method::PATCH,
                format!("/api/v1/jobs/{code}"),
                recruiter,
                json!({"title": format!("Senior Rust Engineer {n}"), "skills": ["rust", format!("skill-{}", n % 7)]}),
            ),
            Kind::Apply => (
                Method::POST,
                format!("/api/v1/jobs/{code}/applications"),
                Some(candidate.token.as_str()),
                json!({"cover_note": "hello", "answers": {"rust_years": 3}}),
            ),
            Kind::Report => (
                Method::POST,
                format!("/api/v1/jobs/{code}/reports"),
                Some(candidate.token.as_str()),
                json!({"reason": "scam", "details": "asks for a fee up front"}),
            ),
            Kind::MoveApplicant => {
                let stages = ["viewed", "shortlisted", "interview", "offer", "rejected"];
                (
                    Method::POST,
                    format!(
                        "/api/v1/applications/{}/stage",
                        self.applications[n % self.applications.len()]
                    ),
                    recruiter,
                    json!({"stage": stages[n % stages.len()], "note": "moving along"}),
                )
            }
            Kind::CreateQuestion => (
                Method::POST,
                "/api/v1/interview-questions".into(),
                recruiter,
                json!({"question": format!("How would you design a rate limiter, take {n}?"),
                    "skills": ["rust"], "difficulty": "medium"}),
            ),
        }
    }
}

/// The request as raw HTTP/1.1 bytes, and where its body starts.
fn raw(
    addr: SocketAddr,
    (method, path, token, body): (Method, String, Option<&str>, Value),
) -> (Vec<u8>, usize) {
    let body = serde_json::to_vec(&body).expect("JSON");
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nhost: {addr}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n",
        body.len()
    );
    if let Some(token) = token {
        head.push_str(&format!("authorization: Bearer {token}\r\n"));
    }
    head.push_str("\r\n");
    let body_at = head.len();
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(&body);
    (bytes, body_at)
}

/// Sends `bytes` up to a random point and closes the socket: in the headers, right after
/// them, in the body, right after the body, or 1 to 30 ms after it.
async fn send_and_drop(addr: SocketAddr, bytes: Vec<u8>, body_at: usize, seed: u64) {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let (cut, linger_ms) = match rng.gen_range(0..5) {
        0 => (rng.gen_range(1..body_at), 0),
        1 => (body_at, 0),
        2 => (rng.gen_range(body_at..bytes.len()), 0),
        3 => (bytes.len(), 0),
        _ => (bytes.len(), rng.gen_range(1..=30)),
    };
    let Ok(mut stream) = TcpStream::connect(addr).await else {
        return;
    };
    let _ = stream.write_all(&bytes[..cut]).await;
    if linger_ms > 0 {
        tokio::time::sleep(Duration::from_millis(linger_ms)).await;
    }
    // Closing without reading: the server's answer, if any, goes nowhere.
    drop(stream);
}

pub async fn dropped_requests_leave_no_transaction_lock_or_half_write() {
    let app = Arc::new(
        TestApp::spawn_with(|config| {
            for limit in [
                &mut config.rate_limits.register,
                &mut config.rate_limits.login,
                &mut config.rate_limits.apply,
                &mut config.rate_limits.report,
            ] {
                limit.max = 1_000_000;
            }
            config.reports.hide_threshold = 1_000_000;
        })
        .await,
    );
    let board = Arc::new(board(&app).await);
    let addr: SocketAddr = app
        .base
        .trim_start_matches("http://")
        .parse()
        .expect("addr");

    let started = Instant::now();
    let slots = Arc::new(Semaphore::new(IN_FLIGHT));
    let mut sent = Vec::new();
    for n in 0..PER_KIND {
        for (k, kind) in KINDS.iter().enumerate() {
            let (bytes, body_at) = raw(addr, board.request(*kind, n));
            let permit = slots.clone().acquire_owned().await.expect("semaphore");
            let seed = (n * KINDS.len() + k) as u64;
            sent.push(tokio::spawn(async move {
                send_and_drop(addr, bytes, body_at, seed).await;
                drop(permit);
            }));
        }
    }
    for request in sent {
        request.await.expect("sender");
    }
    eprintln!(
        "sent and dropped {} requests in {:?}",
        PER_KIND * KINDS.len(),
        started.elapsed()
    );

    let database = Database::open(&app.database_url).await;
    has_no_open_transaction(&database).await;
    every_kind_still_succeeds(&app, &board).await;
    holds_nothing_half_written(&database).await;
    app.get("/readyz", None).await.expect(StatusCode::OK);
}

/// A recruiter with a company and published postings, candidates, and some applications.
async fn board(app: &TestApp) -> Board {
    let (recruiter, _) = app.recruiter_with_company("Dropped Connections Ltd").await;
    let mut codes = Vec::new();
    for _ in 0..POSTINGS {
        codes.push(app.published(&recruiter, posting(json!({}))).await);
    }
    let mut candidates = Vec::new();
    for _ in 0..CANDIDATES {
        candidates.push(app.user("candidate").await);
    }
    // Applications the storm moves through the pipeline: the last posting's, which the
    // storm's own applications reach last.
    let mut applications = Vec::new();
    for candidate in &candidates[..10] {
        let applied = app
            .post(
                &format!("/api/v1/jobs/{}/applications", codes[POSTINGS - 1]),
                Some(&candidate.token),
                json!({"answers": {"rust_years": 5}}),
            )
            .await
            .expect(StatusCode::CREATED);
        applications.push(applied["id"].as_i64().expect("application id"));
    }
    Board {
        recruiter,
        candidates,
        codes,
        applications,
    }
}

/// One request of each kind, sent normally, gets its success answer at once.
async fn every_kind_still_succeeds(app: &TestApp, board: &Board) {
    let (recruiter, _) = app.recruiter_with_company("After The Storm").await;
    let fresh_code = app.published(&recruiter, posting(json!({}))).await;
    let candidate = app.user("candidate").await;
    let checks = [
        (Kind::Register, StatusCode::CREATED),
        (Kind::Login, StatusCode::CREATED),
        (Kind::CreatePosting, StatusCode::CREATED),
        (Kind::UpdatePosting, StatusCode::OK),
        (Kind::Apply, StatusCode::CREATED),
        (Kind::Report, StatusCode::CREATED),
        (Kind::MoveApplicant, StatusCode::OK),
        (Kind::CreateQuestion, StatusCode::CREATED),
    ];
    for (kind, expected) in checks {
        let (method, path, token, body) = match kind {
            Kind::Register => board.request(kind, PER_KIND + 1),
            Kind::Apply | Kind::Report => {
                let (method, _, _, body) = board.request(kind, 0);
                let what = if kind == Kind::Apply {
                    "applications"
                } else {
                    "reports"
                };
                (
                    method,
                    format!("/api/v1/jobs/{fresh_code}/{what}"),
                    Some(candidate.token.as_str()),
                    body,
                )
            }
            Kind::MoveApplicant => {
                let applied = app
                    .post(
                        &format!("/api/v1/jobs/{fresh_code}/applications"),
                        Some(&board.candidates[0].token),
                        json!({"answers": {"rust_years": 5}}),
                    )
                    .await
                    .expect(StatusCode::CREATED);
                let id = applied["id"].as_i64().expect("id");
                (
                    Method::POST,
                    format!("/api/v1/applications/{id}/stage"),
                    Some(recruiter.token.as_str()),
                    json!({"stage": "viewed"}),
                )
            }
            Kind::UpdatePosting => {
                let (method, _, _, body) = board.request(kind, 0);
                (
                    method,
                    format!("/api/v1/jobs/{fresh_code}"),
                    Some(recruiter.token.as_str()),
                    body,
                )
            }
            _ => board.request(kind, 0),
        };
        let started = Instant::now();
        let reply = app.call(method, &path, token, Some(body)).await;
        assert_eq!(
            reply.status, expected,
            "{kind:?} after the storm: {}",
            reply.body
        );
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{kind:?} waited {:?}: something still holds a lock",
            started.elapsed()
        );
    }
}

/// No session of the application sits inside a transaction (on SQLite: nothing holds the
/// write lock). Work the server finished after the last client left may take a moment.
async fn has_no_open_transaction(database: &Database) {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let open =
            match database {
                Database::Sqlite(pool) => {
                    let mut connection = pool.acquire().await.expect("connection");
                    let began = sqlx::query("BEGIN IMMEDIATE")
                        .execute(&mut *connection)
                        .await;
                    if began.is_ok() {
                        sqlx::query("ROLLBACK")
                            .execute(&mut *connection)
                            .await
                            .expect("rollback");
                    }
                    i64::from(began.is_err())
                }
                Database::Postgres(_) => database
                    .count(
                        "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()
                     AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'",
                    )
                    .await,
                Database::Mysql(_) => {
                    database
                        .count(
                            "SELECT COUNT(*) FROM information_schema.innodb_trx t
                     JOIN information_schema.processlist p ON p.id = t.trx_mysql_thread_id
                     WHERE p.db = DATABASE() AND p.id <> CONNECTION_ID()",
                        )
                        .await
                }
            };
        if open == 0 {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{open} transaction(s) still open 5 s after the last client left"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Every row a write creates came with its outbox event, and every posting with its
/// filter rows: a transaction either wrote all of it or none.
async fn holds_nothing_half_written(database: &Database) {
    let pairs = [
        ("accounts", "account.registered"),
        ("postings", "posting.created"),
        ("applications", "application.submitted"),
        ("reports", "report.filed"),
        ("application_stage_changes", "application.stage_changed"),
        ("interview_questions", "interview_question.created"),
    ];
    for (table, kind) in pairs {
        let rows = database
            .count(&format!("SELECT COUNT(*) FROM {table}"))
            .await;
        let events = database
            .count(&format!(
                "SELECT COUNT(*) FROM outbox WHERE kind = '{kind}'"
            ))
            .await;
        assert_eq!(rows, events, "{table} rows against {kind} events");
        assert!(rows > 0, "the storm wrote some {table}");
    }
    let without_skills = database
        .count(
            "SELECT COUNT(*) FROM postings p WHERE NOT EXISTS
             (SELECT 1 FROM posting_skills s WHERE s.posting_id = p.id)",
        )
        .await;
    assert_eq!(without_skills, 0, "postings without their skill rows");
    let updates = database
        .count("SELECT COUNT(*) FROM outbox WHERE kind = 'posting.updated'")
        .await;
    assert!(updates > 0, "the storm updated some postings");
}
