//! `hireboard worker` killed with SIGKILL again and again while events are written: the
//! broker still gets every event, each key's in order, the workers' shared consumer (the
//! pipeline counts) counted every application event exactly once, and nothing is
//! dead-lettered.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use hireboard_bus::{Bus, BusOptions, Subscription, SubscriptionKind};
use hireboard_domain::account::{Email, Role};
use hireboard_domain::application::Stage;
use hireboard_domain::event::{ApplicationStageChanged, Event, EventEnvelope};
use hireboard_domain::ids::JobCode;
use hireboard_events::StoredOffsets;
use hireboard_store::{NewAccount, NewApplication, StageMove, Store};
use hireboard_test_harness::Server;
use rand::Rng;

use crate::commands::{generated, run, text, write_lines, Board};

const KILLS: usize = 20;
/// Postings imported twice: a `posting.published` and a `posting.updated` each.
const POSTINGS: usize = 5_000;
/// Candidates applying to the first postings, each application then viewed: two events each.
const CANDIDATES: usize = 20;
const APPLIED_POSTINGS: usize = 50;
/// What the test's own subscriber checks: every event of the postings and applications.
const RELAYED: [&str; 4] = [
    "posting.published",
    "posting.updated",
    "application.submitted",
    "application.stage_changed",
];

fn worker(board: &Board, url: &str) -> tokio::process::Child {
    board
        .command(&["worker"])
        .env("HIREBOARD_BUS__URL", url)
        .env("HIREBOARD_BUS__WORKER_ADDR", "127.0.0.1:0")
        .env("HIREBOARD_LOG__LEVEL", "warn")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the worker starts")
}

async fn killed_workers_lose_no_event(server: Server) {
    let board = Board::new().await;
    let migrated = board.run(&["migrate"]).await;
    assert!(migrated.status.success(), "{}", text(&migrated.stderr));
    let store = hireboard_store::connect(&board.database_url, &Default::default())
        .await
        .expect("store opens");
    let url = server.url();
    let options = BusOptions {
        offsets: Some(Arc::new(StoredOffsets(store.clone()))),
        ..BusOptions::default()
    };
    let bus = Bus::connect(&url, options).await.expect("broker answers");
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let mut subscriber = bus
        .subscribe(Subscription {
            kind: SubscriptionKind::Shared {
                group: format!("test-kills-{nanos}"),
            },
            types: RELAYED.map(String::from).to_vec(),
        })
        .await
        .expect("subscribes");

    let file = write_lines(
        &board.path().join("jobs.jsonl"),
        &generated(board.path(), "31", POSTINGS).await,
    );
    let file = file.to_str().expect("path").to_owned();
    let mut import = board.command(&["import", &file, "--batch", "100"]);
    let applicant_store = store.clone();
    let producer = tokio::spawn(async move {
        let output = run(&mut import).await;
        assert!(output.status.success(), "{}", text(&output.stderr));
        let codes = first_codes(applicant_store.as_ref()).await;
        let applications = tokio::spawn(apply_and_view(applicant_store, codes.clone()));
        let output = run(&mut import).await;
        assert!(output.status.success(), "{}", text(&output.stderr));
        applications.await.unwrap();
        codes
    });
    let mut kills = 0;
    while kills < KILLS || !producer.is_finished() {
        let mut child = worker(&board, &url);
        // Some runs end before the killed worker's lease runs out, some after it relayed a while.
        let pause = rand::thread_rng().gen_range(200..3_500);
        tokio::time::sleep(Duration::from_millis(pause)).await;
        child.start_kill().expect("SIGKILL");
        child.wait().await.expect("reaped");
        kills += 1;
    }
    let codes = producer.await.unwrap();

    // One last worker relays what is left.
    // A killed worker's sequencing pass may still hold rows until its database session ends.
    let events = store.events();
    let applications = (CANDIDATES * APPLIED_POSTINGS) as i64;
    // And an `account.registered` for each candidate.
    let head = 2 * POSTINGS as i64 + 2 * applications + CANDIDATES as i64;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    while events.head().await.unwrap() < head {
        assert!(
            tokio::time::Instant::now() < deadline,
            "every write recorded its event"
        );
        events.sequence(1_000).await.unwrap();
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        events.head().await.unwrap(),
        head,
        "no event more than the writes made"
    );
    let before_last = store
        .consumers()
        .position("relay", bus.name())
        .await
        .unwrap()
        .unwrap_or(0);
    assert!(before_last > 0, "the killed workers relayed between kills");
    let mut last = worker(&board, &url);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
    while store
        .consumers()
        .position("relay", bus.name())
        .await
        .unwrap()
        != Some(head)
    {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the last worker relays the rest"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // The pipeline consumer counted each application once, as viewed.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
    for code in &codes {
        loop {
            let counts = store.pipelines().pipeline(*code).await.unwrap();
            let viewed = counts.iter().find(|(stage, _)| *stage == Stage::Viewed);
            if viewed.is_some_and(|(_, count)| *count >= CANDIDATES as i64) {
                let mut counts = counts;
                counts.retain(|(_, count)| *count != 0);
                assert_eq!(
                    counts,
                    [(Stage::Viewed, CANDIDATES as i64)],
                    "posting {code}: every application counted once"
                );
                break;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "posting {code}: the pipeline counts {counts:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    last.start_kill().unwrap();
    last.wait().await.unwrap();

    let ours: HashSet<String> = events
        .events_after(0, 100_000)
        .await
        .unwrap()
        .into_iter()
        .map(|record| record.envelope.expect("readable"))
        .filter(|envelope| RELAYED.contains(&envelope.event.event_type()))
        .map(|envelope| envelope.id.to_string())
        .collect();
    assert_eq!(ours.len() as i64, head - CANDIDATES as i64);
    let (mut seen, mut duplicates) = (HashSet::new(), 0);
    let mut sequences: HashMap<String, i64> = HashMap::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
    while seen.len() < ours.len() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "{} of {} events arrived",
            seen.len(),
            ours.len()
        );
        for delivery in subscriber
            .next(1000, Duration::from_secs(1))
            .await
            .expect("reads")
        {
            let envelope = EventEnvelope::from_json(&delivery.message.payload).expect("an event");
            let id = envelope.id.to_string();
            if ours.contains(&id) {
                if !seen.insert(id) {
                    duplicates += 1;
                } else {
                    let key = envelope.event.key();
                    let previous = sequences
                        .insert(key.clone(), envelope.sequence)
                        .unwrap_or(0);
                    assert_eq!(envelope.sequence, previous + 1, "key {key} out of order");
                }
            }
            subscriber.ack(&delivery).await.expect("acks");
        }
    }
    assert!(
        sequences.values().all(|last| *last == 2),
        "both events of every posting and application"
    );
    let letters = store.consumers().dead_letters(None, 0, 10).await.unwrap();
    assert!(letters.is_empty(), "{letters:?}");
    println!(
        "{kills} kills; {} events, {before_last} relayed before the last worker; {duplicates} delivered twice (deduplicated by id)",
        ours.len()
    );
}

/// The job codes of the first postings published.
async fn first_codes(store: &dyn Store) -> Vec<JobCode> {
    let events = store.events();
    while events.sequence(1_000).await.unwrap() > 0 {}
    let mut codes: Vec<JobCode> = events
        .events_after(0, 1_000)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|record| match record.envelope.ok()?.event {
            Event::PostingPublished(published) => Some(published.posting.job_code),
            _ => None,
        })
        .collect();
    codes.truncate(APPLIED_POSTINGS);
    assert_eq!(codes.len(), APPLIED_POSTINGS);
    codes
}

/// Every candidate applies to every posting of `codes`, and each application is then viewed,
/// written straight to the store while the workers are being killed.
async fn apply_and_view(store: Arc<dyn Store>, codes: Vec<JobCode>) {
    let now = chrono::Utc::now;
    let mut candidates = Vec::new();
    for n in 0..CANDIDATES {
        let email = Email::parse("email", &format!("candidate{n}@example.com")).unwrap();
        let account = store
            .create_account(NewAccount {
                email,
                password_hash: "not used".into(),
                display_name: format!("Candidate {n}"),
                role: Role::Candidate,
                now: now(),
            })
            .await
            .unwrap();
        candidates.push(account);
    }
    for code in codes {
        let posting = store.posting(code).await.unwrap().expect("imported");
        for candidate in &candidates {
            let application = store
                .create_application(NewApplication {
                    posting_id: posting.id,
                    job_code: code,
                    posting_title: posting.content.title().to_owned(),
                    candidate_id: candidate.id,
                    candidate_name: candidate.display_name.clone(),
                    cover_note: None,
                    answers: Default::default(),
                    now: now(),
                })
                .await
                .unwrap();
            let event = Event::ApplicationStageChanged(ApplicationStageChanged {
                application: application.id,
                job_code: code,
                from: Stage::Applied,
                to: Stage::Viewed,
                by: candidate.id,
            });
            let viewed = StageMove {
                from: Stage::Applied,
                to: Stage::Viewed,
                actor: candidate.id,
                note: None,
                now: now(),
            };
            store
                .change_stage(application.id, viewed, event)
                .await
                .unwrap();
        }
    }
}

pub async fn killed_workers_lose_no_event_on_rabbitmq() {
    killed_workers_lose_no_event(Server::Rabbitmq).await
}

pub async fn killed_workers_lose_no_event_on_nats() {
    killed_workers_lose_no_event(Server::Nats).await
}

pub async fn killed_workers_lose_no_event_on_kafka() {
    killed_workers_lose_no_event(Server::Kafka).await
}

/// A worker started with `url` as its broker, and its operator listener's address.
async fn worker_listening(board: &Board, url: &str) -> (tokio::process::Child, String) {
    let mut child = board
        .command(&["worker"])
        .env("HIREBOARD_BUS__URL", url)
        .env("HIREBOARD_BUS__WORKER_ADDR", "127.0.0.1:0")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the worker starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = tokio::io::AsyncBufReadExt::lines(tokio::io::BufReader::new(stdout));
    let line = tokio::time::timeout(Duration::from_secs(60), lines.next_line())
        .await
        .expect("the worker says where it listens")
        .expect("stdout readable")
        .expect("a line");
    let addr = line
        .split("http://")
        .nth(1)
        .expect("an address")
        .trim()
        .to_owned();
    (child, format!("http://{addr}"))
}

/// The worker's readiness is the broker's: unready while it refuses events, ready with it.
pub async fn a_workers_readiness_follows_its_broker() {
    let board = Board::new().await;
    let client = reqwest::Client::new();
    let status = |url: String| {
        let client = client.clone();
        async move { client.get(url).send().await.expect("answers").status() }
    };
    let (mut down, base) = worker_listening(&board, "nats://127.0.0.1:1").await;
    assert_eq!(
        status(format!("{base}/healthz")).await,
        reqwest::StatusCode::OK
    );
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while status(format!("{base}/readyz")).await != reqwest::StatusCode::SERVICE_UNAVAILABLE {
        assert!(
            tokio::time::Instant::now() < deadline,
            "unready while the broker is down"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    down.start_kill().unwrap();
    down.wait().await.unwrap();

    let (mut up, base) = worker_listening(&board, &Server::Nats.url()).await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while status(format!("{base}/readyz")).await != reqwest::StatusCode::OK {
        assert!(
            tokio::time::Instant::now() < deadline,
            "ready with the broker up"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let metrics = client
        .get(format!("{base}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains(r#"bus_connected{bus="nats"} 1"#),
        "{metrics}"
    );
    up.start_kill().unwrap();
    up.wait().await.unwrap();
}
