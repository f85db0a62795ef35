//! Applicant counts kept from events: each event counts once however often it comes, also
//! when deliveries race; an upgraded database starts from the applications it holds.

use std::sync::Arc;

use hireboard_domain::account::Role;
use hireboard_domain::application::Stage;
use hireboard_domain::ids::JobCode;
use hireboard_store::testing::Backend;
use hireboard_store::{ConnectOptions, CountedEvent, NewApplication, Store};
use serde_json::json;
use sqlx::Connection;

use crate::fixtures::*;
use crate::scenarios::published;

fn counted(event: &str, code: JobCode, moves: Vec<(Stage, i64)>) -> Vec<CountedEvent> {
    vec![CountedEvent {
        event_id: event.into(),
        job_code: code,
        moves,
    }]
}

/// Counts `events` as the pipeline consumer; whether any was counted now.
async fn count(store: &dyn Store, events: Vec<CountedEvent>) -> bool {
    let counted = store
        .pipelines()
        .count_once("pipeline", events, now())
        .await;
    counted.unwrap() > 0
}

async fn sorted(store: &dyn Store, code: JobCode) -> Vec<(Stage, i64)> {
    let mut counts = store.pipelines().pipeline(code).await.unwrap();
    counts.sort_by_key(|(stage, _)| stage.as_str());
    counts
}

pub async fn each_event_is_counted_once(store: Arc<dyn Store>) {
    let code = JobCode::new(1_546_216).unwrap();
    let other = JobCode::new(2_000_000).unwrap();
    let deliveries = (0..8).map(|_| {
        let store = store.clone();
        async move { count(&*store, counted("e1", code, vec![(Stage::Applied, 1)])).await }
    });
    let counted_now = futures_util::future::join_all(deliveries).await;
    assert_eq!(
        counted_now.iter().filter(|counted| **counted).count(),
        1,
        "one of eight racing deliveries counts: {counted_now:?}"
    );
    let pipelines = store.pipelines();
    let moved = vec![(Stage::Applied, -1), (Stage::Interview, 1)];
    assert!(count(&*store, counted("e2", code, moved.clone())).await);
    assert!(!count(&*store, counted("e2", code, moved)).await);
    assert!(count(&*store, counted("e3", code, vec![(Stage::Applied, 1)])).await);
    assert_eq!(
        sorted(&*store, code).await,
        [(Stage::Applied, 1), (Stage::Interview, 1)]
    );
    assert_eq!(sorted(&*store, other).await, []);

    // Forgetting keeps the counts and what was counted since.
    tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    let since = now();
    tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    assert!(count(&*store, counted("e4", other, vec![(Stage::Applied, 1)])).await);
    assert_eq!(
        pipelines.forget_counted("pipeline", since).await.unwrap(),
        3
    );
    assert!(!count(&*store, counted("e4", other, vec![(Stage::Applied, 1)])).await);

    // A read handled together counts what is new in it, and a repeat within it once.
    let mut read = counted("e5", other, vec![(Stage::Applied, 1)]);
    read.extend(counted("e5", other, vec![(Stage::Applied, 1)]));
    read.extend(counted("e4", other, vec![(Stage::Applied, 1)]));
    read.extend(counted(
        "e6",
        other,
        vec![(Stage::Applied, -1), (Stage::Hired, 1)],
    ));
    let pipelines = store.pipelines();
    assert_eq!(
        pipelines.count_once("pipeline", read, now()).await.unwrap(),
        2
    );
    assert_eq!(
        sorted(&*store, other).await,
        [(Stage::Applied, 1), (Stage::Hired, 1)]
    );
    assert_eq!(
        sorted(&*store, code).await,
        [(Stage::Applied, 1), (Stage::Interview, 1)]
    );
}

/// Migration 0010 counts the applications already there and marks their events counted.
pub async fn counts_start_from_the_applications_there_were(store: Arc<dyn Store>, url: String) {
    let owner = account(&*store, "owner", Role::Recruiter).await;
    let company = company(&*store, &owner, "acme").await;
    let (posting, code) = published(&*store, company, &owner, content(json!({})), now()).await;
    for name in ["first", "second"] {
        let candidate = account(&*store, name, Role::Candidate).await;
        store
            .create_application(NewApplication {
                posting_id: posting,
                job_code: code,
                posting_title: "Senior Rust Engineer".into(),
                candidate_id: candidate.id,
                candidate_name: name.into(),
                cover_note: None,
                answers: serde_json::from_value(json!({})).unwrap(),
                now: now(),
            })
            .await
            .unwrap();
    }
    let submitted: Vec<String> = outbox(&*store, 0)
        .await
        .into_iter()
        .filter(|event| event.kind == "application.submitted")
        .map(|event| event.envelope.id.to_string())
        .collect();
    assert_eq!(submitted.len(), 2);
    store.close().await;

    // Back to the schema before 0010, with the applications in it, and up again.
    let undo = [
        "DROP TABLE pipeline_counts",
        "DROP TABLE consumer_applied",
        "DELETE FROM _sqlx_migrations WHERE version = 10",
    ];
    macro_rules! undo {
        ($connect:expr) => {{
            let mut conn = $connect.await.unwrap();
            for statement in undo {
                sqlx::query(statement).execute(&mut conn).await.unwrap();
            }
        }};
    }
    match Backend::of_url(&url) {
        Backend::Sqlite => undo!(sqlx::SqliteConnection::connect(&url)),
        Backend::Postgres => undo!(sqlx::PgConnection::connect(&url)),
        Backend::Mysql => undo!(sqlx::MySqlConnection::connect(&url)),
    }
    let store = hireboard_store::connect(&url, &ConnectOptions::default())
        .await
        .expect("migrates again");
    assert_eq!(sorted(&*store, code).await, [(Stage::Applied, 2)]);
    for id in submitted {
        let again = counted(&id, code, vec![(Stage::Applied, 1)]);
        assert!(
            !count(&*store, again).await,
            "an event from before the migration is not counted again"
        );
    }
    assert_eq!(sorted(&*store, code).await, [(Stage::Applied, 2)]);
}
