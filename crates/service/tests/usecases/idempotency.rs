//! Idempotency keys, on the service itself: a keyed write happens once whatever its caller
//! does, and its retries get what it answered (even after the resource changed) or the error
//! it got.

use std::time::{Duration, Instant};

use hireboard_cache::Shared;
use hireboard_domain::account::{Account, RegistrationInput, Role};
use hireboard_domain::application::ApplicationInput;
use hireboard_domain::company::CompanyInput;
use hireboard_domain::posting::{Posting, PostingInput};
use hireboard_service::{
    Clock, ErrorCode, Hireboard, LoginInput, RequestContext, ServiceConfig, ServiceError,
    ServiceResult, Written, IDEMPOTENCY_LEASE,
};
use hireboard_store::testing::{fresh_database, Backend};
use hireboard_store::ConnectOptions;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

const PASSWORD: &str = "correct horse battery staple";

/// A service over a SQLite database in a temp dir, with a clock the test moves.
struct Board {
    service: Hireboard,
    clock: Clock,
    url: String,
    _data: tempfile::TempDir,
}

impl Board {
    async fn new() -> Board {
        let data = tempfile::tempdir().expect("temp dir");
        let url = fresh_database(Backend::Sqlite, data.path()).await;
        let (service, clock) = instance(&url).await;
        Board {
            service,
            clock,
            url,
            _data: data,
        }
    }

    /// A request by a new account with `role`, logged in, carrying no key.
    async fn caller(&self, role: Role, email: &str) -> RequestContext {
        self.service
            .register(registration(email, role))
            .await
            .expect("registered");
        let login = LoginInput {
            email: email.into(),
            password: PASSWORD.into(),
            device_token: None,
        };
        let session = self
            .service
            .login(&anonymous(), login)
            .await
            .expect("logs in");
        let actor = self
            .service
            .authenticate(&session.token)
            .await
            .expect("authenticates");
        RequestContext::local(actor, "idempotency")
    }

    /// A posting a new recruiter of a new company publishes, asking no screening questions.
    async fn listed_posting(&self) -> Posting {
        let recruiter = self.caller(Role::Recruiter, "recruiter@example.com").await;
        self.service
            .create_company(
                &recruiter,
                input::<CompanyInput>(json!({"name": "Retry Co"})),
            )
            .await
            .expect("company created");
        // Joining a company changes what the recruiter may do: log in again.
        let login = LoginInput {
            email: "recruiter@example.com".into(),
            password: PASSWORD.into(),
            device_token: None,
        };
        let session = self
            .service
            .login(&anonymous(), login)
            .await
            .expect("login");
        let actor = self
            .service
            .authenticate(&session.token)
            .await
            .expect("auth");
        let recruiter = RequestContext::local(actor, "idempotency");
        let draft = self
            .service
            .create_posting(&recruiter, posting())
            .await
            .expect("drafted")
            .resource;
        self.service
            .publish_posting(&recruiter, draft.job_code)
            .await
            .expect("published")
            .resource
    }

    async fn events(&self, kind: &str) -> usize {
        let events = self.service.events_after(0, 10_000).await.expect("outbox");
        events
            .iter()
            .filter(|event| {
                event
                    .envelope
                    .as_ref()
                    .is_ok_and(|e| e.event.event_type() == kind)
            })
            .count()
    }

    /// Whether a request holds a claim on `key` without an outcome.
    async fn claimed(&self, key: &str) -> bool {
        let pool = sqlx::SqlitePool::connect(&self.url).await.expect("opens");
        let claims: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM idempotency_keys WHERE idem_key = ? AND outcome IS NULL",
        )
        .bind(key)
        .fetch_one(&pool)
        .await
        .expect("counts");
        pool.close().await;
        claims > 0
    }

    async fn wait_for_claim(&self, key: &str) {
        let deadline = Instant::now() + Duration::from_secs(5);
        while !self.claimed(key).await {
            assert!(Instant::now() < deadline, "the key was never claimed");
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    }
}

/// A service instance over the database at `url`, with a clock of its own.
async fn instance(url: &str) -> (Hireboard, Clock) {
    let store = hireboard_store::connect(url, &ConnectOptions::default())
        .await
        .expect("store opens");
    let clock = Clock::default();
    let mut config = ServiceConfig::default();
    // Every registration here comes from this machine's address.
    config.rate_limits.register.max = 1000;
    let service = Hireboard::new(store, config, clock.clone(), &Shared::InProcess, None);
    (service, clock)
}

fn anonymous() -> RequestContext {
    RequestContext::local(hireboard_service::Actor::Anonymous, "idempotency")
}

/// `ctx` carrying the idempotency key `key`.
fn keyed(ctx: &RequestContext, key: &str) -> RequestContext {
    RequestContext {
        idempotency_key: Some(key.into()),
        ..ctx.clone()
    }
}

fn input<T: DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("the input decodes")
}

fn registration(email: &str, role: Role) -> RegistrationInput {
    input(
        json!({"email": email, "password": PASSWORD, "display_name": "Retry", "role": role.as_str()}),
    )
}

fn posting() -> PostingInput {
    input(json!({
        "title": "Senior Rust Engineer",
        "description": "Build **reliable** services.",
        "skills": ["rust"],
        "functional_area": "Backend Development",
        "category": "Engineering",
        "experience": {"min_years": 3, "max_years": 6},
        "workplace_type": "remote",
        "locations": [{"city": "Berlin", "country": "DE"}],
        "employment_type": "full_time",
        "screening_questions": []
    }))
}

fn note(text: &str) -> ApplicationInput {
    input(json!({"cover_note": text}))
}

fn as_json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("serializes")
}

fn code_of(error: &ServiceError) -> ErrorCode {
    error.code()
}

pub async fn a_retry_gets_the_same_resource_and_acts_once() {
    let board = Board::new().await;
    let posting = board.listed_posting().await;
    let candidate = board.caller(Role::Candidate, "ada@example.com").await;
    let apply = |ctx: RequestContext, text: &'static str| {
        let service = board.service.clone();
        async move { service.apply(&ctx, posting.job_code, note(text)).await }
    };
    let first = apply(keyed(&candidate, "apply-1"), "hi")
        .await
        .expect("applied");
    assert!(!first.replayed);
    let retry = apply(keyed(&candidate, "apply-1"), "hi")
        .await
        .expect("replayed");
    assert!(retry.replayed, "the retry is told it acted on nothing");
    assert_eq!(as_json(&retry.resource), as_json(&first.resource));
    assert_eq!(board.events("application.submitted").await, 1);

    // The answer is kept as it was: a retry after the application changed gets the first one.
    let withdrawn = board
        .service
        .withdraw(&candidate, first.resource.id)
        .await
        .expect("withdrawn");
    assert_ne!(as_json(&withdrawn.resource), as_json(&first.resource));
    let after_change = apply(keyed(&candidate, "apply-1"), "hi")
        .await
        .expect("replayed");
    assert!(after_change.replayed);
    assert_eq!(as_json(&after_change.resource), as_json(&first.resource));

    // Keys are the caller's own: another candidate's identical key is independent.
    let other = board.caller(Role::Candidate, "grace@example.com").await;
    let theirs = apply(keyed(&other, "apply-1"), "hi")
        .await
        .expect("applied");
    assert!(!theirs.replayed);
    assert_eq!(board.events("application.submitted").await, 2);

    // After the configured time the key is forgotten, and the write runs again.
    board.clock.advance(chrono::Duration::hours(25));
    let later = apply(keyed(&candidate, "apply-1"), "hi").await;
    assert_eq!(
        later.map(|_| ()).map_err(|e| e.code()),
        Err(ErrorCode::AlreadyApplied)
    );
}

pub async fn a_refusal_is_answered_again_and_other_input_is_refused() {
    let board = Board::new().await;
    let candidate = board.caller(Role::Candidate, "ada@example.com").await;
    let create = |ctx: RequestContext| {
        let service = board.service.clone();
        async move {
            service
                .create_company(&ctx, input::<CompanyInput>(json!({"name": "Not Mine"})))
                .await
        }
    };
    let refused = create(keyed(&candidate, "company-1")).await.unwrap_err();
    assert!(matches!(refused, ServiceError::Forbidden(_)), "{refused:?}");
    let again = create(keyed(&candidate, "company-1")).await.unwrap_err();
    let ServiceError::Replayed(replayed) = again else {
        panic!("the refusal is replayed: {again:?}");
    };
    assert_eq!(replayed.to_string(), refused.to_string());
    assert_eq!(code_of(&replayed), ErrorCode::Forbidden);

    let posting = board.listed_posting().await;
    let ctx = keyed(&candidate, "apply-2");
    board
        .service
        .apply(&ctx, posting.job_code, note("first"))
        .await
        .expect("applied");
    let other = board
        .service
        .apply(&ctx, posting.job_code, note("second"))
        .await
        .unwrap_err();
    assert_eq!(other.code(), ErrorCode::IdempotencyKeyReused);
    // The same key on another write is another request too.
    let elsewhere = board
        .service
        .create_company(&ctx, input::<CompanyInput>(json!({"name": "Elsewhere"})))
        .await
        .unwrap_err();
    assert_eq!(elsewhere.code(), ErrorCode::IdempotencyKeyReused);

    let bad = board
        .service
        .apply(&keyed(&candidate, ""), posting.job_code, note("first"))
        .await
        .unwrap_err();
    assert_eq!(bad.code(), ErrorCode::ValidationFailed);
}

/// Registering hashes the password for tens of milliseconds: the duplicates sent with the
/// first find its claim in progress.
pub async fn a_concurrent_duplicate_is_told_the_write_is_in_progress() {
    let board = Board::new().await;
    let calls: Vec<_> = (0..6)
        .map(|_| {
            let service = board.service.clone();
            tokio::spawn(async move {
                let input = registration("racer@example.com", Role::Candidate);
                service.sign_up(&keyed(&anonymous(), "race"), input).await
            })
        })
        .collect();
    let mut ran = 0;
    let mut in_progress = 0;
    for call in calls {
        match call.await.expect("joined") {
            Ok(Written {
                replayed: false, ..
            }) => ran += 1,
            Ok(Written { replayed: true, .. }) => {}
            Err(error) if error.code() == ErrorCode::IdempotencyInProgress => in_progress += 1,
            Err(error) => panic!("{error:?}"),
        }
    }
    assert_eq!(ran, 1, "exactly one of the duplicates registers");
    assert!(in_progress >= 1, "the others were told to retry later");
    assert_eq!(board.events("account.registered").await, 1);
}

/// Retries `sign_up` with `key` while an earlier request with the key is still running.
async fn retry_sign_up(board: &Board, key: &str, email: &str) -> ServiceResult<Written<Account>> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let answer = board
            .service
            .sign_up(
                &keyed(&anonymous(), key),
                registration(email, Role::Candidate),
            )
            .await;
        match &answer {
            Err(error)
                if error.code() == ErrorCode::IdempotencyInProgress
                    && Instant::now() < deadline =>
            {
                tokio::time::sleep(Duration::from_millis(10)).await
            }
            _ => return answer,
        }
    }
}

pub async fn a_dropped_caller_leaves_its_outcome_to_the_retry() {
    let board = Board::new().await;
    // Dropped once the key is claimed, while the password is being hashed: the write goes on
    // without its caller and the retry gets what it wrote.
    let service = board.service.clone();
    let call = tokio::spawn(async move {
        let input = registration("dropped@example.com", Role::Candidate);
        service.sign_up(&keyed(&anonymous(), "gone-1"), input).await
    });
    board.wait_for_claim("gone-1").await;
    call.abort();
    let retried = retry_sign_up(&board, "gone-1", "dropped@example.com")
        .await
        .expect("the retry succeeds");
    assert!(
        retried.replayed,
        "the first call finished without its caller"
    );

    // Dropped at once: the write may or may not have started, but the retry always succeeds
    // and the account is registered once.
    for round in 0..10 {
        let email = format!("at-once-{round}@example.com");
        let key = format!("gone-at-once-{round}");
        let service = board.service.clone();
        let (sent_email, sent_key) = (email.clone(), key.clone());
        let call = tokio::spawn(async move {
            let input = registration(&sent_email, Role::Candidate);
            service
                .sign_up(&keyed(&anonymous(), &sent_key), input)
                .await
        });
        call.abort();
        retry_sign_up(&board, &key, &email)
            .await
            .expect("the retry succeeds");
    }
    assert_eq!(board.events("account.registered").await, 11);
}

pub async fn a_claim_whose_instance_died_is_released_by_its_lease() {
    let board = Board::new().await;
    // Another instance claims the key and dies (its runtime shut down) before it wrote
    // anything: the claim is left without an outcome. Its one blocking thread is kept busy,
    // so its password hash (and the write after it) waits until the runtime is gone; dying
    // at a moment left to timing could fall after the write, which is another case.
    let url = board.url.clone();
    let (release, held_thread) = std::sync::mpsc::channel::<()>();
    let died = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .max_blocking_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async {
            let (service, _) = instance(&url).await;
            tokio::task::spawn_blocking(move || held_thread.recv());
            tokio::spawn(async move {
                let input = registration("lost@example.com", Role::Candidate);
                service.sign_up(&keyed(&anonymous(), "lost-1"), input).await
            });
        });
        runtime
    });
    let runtime = died.join().expect("the other instance started");
    board.wait_for_claim("lost-1").await;
    runtime.shutdown_background();
    drop(release);

    let sign_up = || async {
        let input = registration("lost@example.com", Role::Candidate);
        board
            .service
            .sign_up(&keyed(&anonymous(), "lost-1"), input)
            .await
    };
    let held = sign_up().await.unwrap_err();
    assert_eq!(held.code(), ErrorCode::IdempotencyInProgress);
    board
        .clock
        .advance(IDEMPOTENCY_LEASE + chrono::Duration::seconds(1));
    let ran = sign_up().await.expect("the retry runs");
    assert!(!ran.replayed, "it ran");
    let replayed = sign_up().await.expect("replayed");
    assert!(replayed.replayed);
    assert_eq!(as_json(&replayed.resource), as_json(&ran.resource));
    assert_eq!(board.events("account.registered").await, 1);
}
