//! The outbox as an event log: typed events with ids, versions and per-key sequences, and
//! positions that a follower can never skip, even past a transaction that commits late.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::{stream, StreamExt};
use hireboard_domain::account::Role;
use hireboard_domain::event::{DecodeError, Event, SessionRevoked};
use hireboard_domain::ids::AccountId;
use hireboard_domain::posting::PostingStatus;
use hireboard_store::testing::{fresh_database, Backend, EventWriter};
use hireboard_store::{ConnectOptions, OutboxRecord, StatusChange, Store};
use serde_json::json;
use sqlx::Connection;

use crate::fixtures::*;
use crate::scenarios::published;

pub async fn every_write_records_typed_events_in_order(store: Arc<dyn Store>) {
    let events = store.events();
    assert_eq!(events.head().await.unwrap(), 0);
    assert_eq!(events.oldest_unsequenced_at().await.unwrap(), None);
    let owner = account(&*store, "owner", Role::Recruiter).await;
    let company = company(&*store, &owner, "acme").await;
    let (_, code) = published(&*store, company, &owner, content(json!({})), now()).await;
    assert_eq!(
        events.head().await.unwrap(),
        0,
        "nothing has a position before a pass"
    );
    assert!(events.events_after(0, 100).await.unwrap().is_empty());
    assert!(events.oldest_unsequenced_at().await.unwrap().is_some());
    assert_eq!(
        events.sequence(2).await.unwrap(),
        2,
        "a pass numbers at most its limit"
    );
    assert_eq!(events.sequence(100).await.unwrap(), 2);
    assert_eq!(events.sequence(100).await.unwrap(), 0);
    assert_eq!(events.oldest_unsequenced_at().await.unwrap(), None);

    let recorded = outbox(&*store, 0).await;
    let kinds: Vec<&str> = recorded.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "account.registered",
            "company.created",
            "posting.created",
            "posting.published"
        ]
    );
    let positions: Vec<i64> = recorded.iter().map(|e| e.position).collect();
    assert_eq!(
        positions,
        [1, 2, 3, 4],
        "positions count from 1 without gaps"
    );
    assert_eq!(events.head().await.unwrap(), 4);
    assert_eq!(events.events_after(2, 100).await.unwrap().len(), 2);
    let ids: HashSet<_> = recorded.iter().map(|e| e.envelope.id).collect();
    assert_eq!(ids.len(), 4, "every event has an id of its own");
    assert!(recorded.iter().all(|e| e.envelope.event.version() == 1));
    let keys: Vec<(&str, String)> = recorded
        .iter()
        .map(|e| (e.aggregate.as_str(), e.key.clone()))
        .collect();
    assert_eq!(
        keys,
        [
            ("account", owner.id.0.to_string()),
            ("company", company.0.to_string()),
            ("posting", code.to_string()),
            ("posting", code.to_string()),
        ],
        "the store keys what it creates by the new id or job code"
    );
    let sequences: Vec<i64> = recorded.iter().map(|e| e.envelope.sequence).collect();
    assert_eq!(sequences, [1, 1, 1, 2]);
    // Posting events carry the posting as the write left it.
    let snapshot = |i: usize| recorded[i].envelope.event.posting().unwrap().clone();
    assert_eq!(
        (snapshot(2).status, snapshot(3).status),
        (PostingStatus::Draft, PostingStatus::Published)
    );
    assert_eq!(snapshot(3).job_code, code);
    assert_eq!(snapshot(3).company.slug, "acme");
    assert!(snapshot(3).posted_at.is_some());
    // What a relay publishes is the envelope as decoded.
    let raw = events.events_after(3, 1).await.unwrap().remove(0);
    let json: serde_json::Value = serde_json::from_str(&raw.raw).unwrap();
    assert_eq!(json["type"], "posting.published");
    assert_eq!(json["data"]["posting"]["job_code"], code.get());
}

pub async fn each_key_counts_its_events_from_one(store: Arc<dyn Store>) {
    let owner = account(&*store, "owner", Role::Recruiter).await;
    let company = company(&*store, &owner, "acme").await;
    let (id, code) = published(&*store, company, &owner, content(json!({})), now()).await;
    let close = |from: &'static [PostingStatus], to| StatusChange {
        from,
        to,
        publish_at: None,
        valid_through: None,
        removal_reason: None,
        reconfirmed: false,
        now: now(),
    };
    for _ in 0..3 {
        store
            .change_posting_status(
                id,
                close(&[PostingStatus::Published], PostingStatus::Published),
                by_recruiter(),
            )
            .await
            .unwrap();
    }
    // Refused writes take no sequence number.
    assert!(store
        .change_posting_status(
            id,
            close(&[PostingStatus::Draft], PostingStatus::Closed),
            by_recruiter()
        )
        .await
        .is_err());
    store
        .change_posting_status(
            id,
            close(&[PostingStatus::Published], PostingStatus::Closed),
            by_recruiter(),
        )
        .await
        .unwrap();
    let sequences: Vec<i64> = outbox(&*store, 0)
        .await
        .iter()
        .filter(|e| e.key == code.to_string())
        .map(|e| e.envelope.sequence)
        .collect();
    assert_eq!(sequences, [1, 2, 3, 4, 5, 6]);
}

/// A transaction holds 1,000 events open for 10 s while 1,000 other transactions commit; a
/// follower that sequences and reads throughout sees all 2,000, each once, each key's in
/// sequence order. SQLite has one writer: there the others wait for the long one to commit.
pub async fn a_long_transaction_is_never_skipped(store: Arc<dyn Store>, url: String) {
    const LONG_KEYS: i64 = 100;
    let sqlite = url.starts_with("sqlite:");
    let hold = Duration::from_secs(10);
    let writer = Arc::new(EventWriter::connect(&url).await.unwrap());
    let revoked = |account: i64| {
        Event::SessionRevoked(SessionRevoked {
            account: AccountId(account),
        })
    };
    // Ten events for each of 100 keys, in one transaction.
    let long: Vec<Event> = (0..1000).map(|i| revoked(1 + i % LONG_KEYS)).collect();
    let long_writer = writer.clone();
    let long = tokio::spawn(async move {
        long_writer.write(&long, now(), hold).await.unwrap();
        Instant::now()
    });
    // Let it take its ids first, so the others' ids come after them.
    tokio::time::sleep(Duration::from_millis(300)).await;
    // SQLite writers take turns anyway; more of them only compete for the lock.
    let concurrent = if sqlite { 1 } else { 16 };
    let others = tokio::spawn(async move {
        stream::iter(0..1000)
            .for_each_concurrent(concurrent, |i| {
                let writer = writer.clone();
                async move {
                    let event = revoked(10_000 + i % 100);
                    writer.write(&[event], now(), Duration::ZERO).await.unwrap();
                }
            })
            .await;
    });
    let follower = tokio::spawn(async move {
        let (mut seen, mut position) = (Vec::<(OutboxRecord, Instant)>::new(), 0);
        let deadline = Instant::now() + Duration::from_secs(120);
        while seen.len() < 2000 && Instant::now() < deadline {
            store.events().sequence(1000).await.unwrap();
            let batch = store.events().events_after(position, 500).await.unwrap();
            position = batch.last().map_or(position, |e| e.position);
            if batch.is_empty() {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            seen.extend(batch.into_iter().map(|e| (e, Instant::now())));
        }
        seen
    });
    others.await.unwrap();
    let committed_at = long.await.unwrap();
    let seen = follower.await.unwrap();

    assert_eq!(seen.len(), 2000, "the follower sees every event");
    let positions: Vec<i64> = seen.iter().map(|(e, _)| e.position).collect();
    assert!(
        positions.windows(2).all(|w| w[1] == w[0] + 1),
        "positions have no gaps and no repeats"
    );
    let envelopes: Vec<_> = seen
        .iter()
        .map(|(e, _)| e.envelope.as_ref().expect("decodes"))
        .collect();
    let ids: HashSet<_> = envelopes.iter().map(|e| e.id).collect();
    assert_eq!(ids.len(), 2000, "each event once");
    let mut last: HashMap<String, i64> = HashMap::new();
    for envelope in &envelopes {
        let key = envelope.event.key();
        let previous = last.insert(key.clone(), envelope.sequence).unwrap_or(0);
        assert_eq!(envelope.sequence, previous + 1, "key {key} out of order");
    }
    assert_eq!(last.len(), 200);
    assert!(last.values().all(|n| *n == 10), "ten events per key");
    if !sqlite {
        let early: Vec<i64> = seen
            .iter()
            .filter(|(_, at)| *at < committed_at)
            .map(|(e, _)| e.envelope.as_ref().unwrap().event.key().parse().unwrap())
            .collect();
        assert!(
            !early.is_empty() && early.iter().all(|account| *account > LONG_KEYS),
            "the follower went past the open transaction's ids ({} events) and saw its events \
             only after it committed",
            early.len()
        );
    }
}

/// Rows written before typed events survive migration 0008 readable: each with an id, version
/// 0 (which decodes as `Legacy`, not a crash), its sequence per key, its row id as position;
/// new events come after them and continue their keys' sequences.
pub async fn old_rows_stay_readable_after_the_migration(_: Arc<dyn Store>, url: String) {
    let backend = Backend::of_url(&url);
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(backend, dir.path()).await;
    // The schema as the release before typed events left it.
    let old = tempfile::tempdir().unwrap();
    let migrations = format!(
        "{}/migrations/{}",
        env!("CARGO_MANIFEST_DIR"),
        backend.name()
    );
    for file in std::fs::read_dir(&migrations).unwrap() {
        let file = file.unwrap();
        if file.file_name().to_string_lossy().as_ref() < "0008" {
            std::fs::copy(file.path(), old.path().join(file.file_name())).unwrap();
        }
    }
    let before = sqlx::migrate::Migrator::new(old.path()).await.unwrap();
    let rows = [
        (
            "posting.published",
            "posting",
            "1546216",
            r#"{"job_code":1546216}"#,
        ),
        (
            "account.registered",
            "account",
            "1",
            r#"{"role":"candidate"}"#,
        ),
        (
            "posting.updated",
            "posting",
            "1546216",
            r#"{"job_code":1546216,"by":1}"#,
        ),
    ];
    macro_rules! old_rows {
        ($connect:expr, $now:literal) => {{
            let mut conn = $connect.await.unwrap();
            before.run(&mut conn).await.unwrap();
            for (kind, aggregate, key, payload) in rows {
                let mut sql = sqlx::QueryBuilder::new(
                    "INSERT INTO outbox (kind, aggregate, aggregate_key, payload, created_at) VALUES (",
                );
                sql.separated(", ")
                    .push_bind(kind)
                    .push_bind(aggregate)
                    .push_bind(key)
                    .push_bind(payload)
                    .push_unseparated(concat!(", ", $now, ")"));
                sql.build().execute(&mut conn).await.unwrap();
            }
        }};
    }
    match backend {
        Backend::Sqlite => {
            let options = url.parse::<sqlx::sqlite::SqliteConnectOptions>().unwrap();
            let options = options.create_if_missing(true);
            let connect = sqlx::ConnectOptions::connect(&options);
            old_rows!(connect, "1764600000000000")
        }
        Backend::Postgres => old_rows!(sqlx::PgConnection::connect(&url), "now()"),
        Backend::Mysql => old_rows!(sqlx::MySqlConnection::connect(&url), "NOW(6)"),
    }

    let store = hireboard_store::connect(&url, &ConnectOptions::default())
        .await
        .expect("migrates the old rows");
    let events = store.events();
    assert_eq!(events.head().await.unwrap(), 3);
    let old = events.events_after(0, 100).await.unwrap();
    let positions: Vec<i64> = old.iter().map(|e| e.position).collect();
    assert_eq!(positions, [1, 2, 3], "old rows keep their ids as positions");
    let mut ids = HashSet::new();
    for (record, (kind, aggregate, key, payload)) in old.iter().zip(rows) {
        assert_eq!(record.envelope, Err(DecodeError::Legacy(kind.into())));
        let json: serde_json::Value = serde_json::from_str(&record.raw).unwrap();
        assert_eq!(
            (json["type"].as_str(), json["version"].as_i64()),
            (Some(kind), Some(0))
        );
        assert_eq!(
            (json["aggregate"].as_str(), json["key"].as_str()),
            (Some(aggregate), Some(key))
        );
        assert_eq!(
            json["data"],
            serde_json::from_str::<serde_json::Value>(payload).unwrap()
        );
        ids.insert(json["id"].as_str().unwrap().to_owned());
    }
    assert_eq!(ids.len(), 3, "each old row has an id of its own");
    let sequences: Vec<i64> = old
        .iter()
        .map(|e| {
            serde_json::from_str::<serde_json::Value>(&e.raw).unwrap()["sequence"]
                .as_i64()
                .unwrap()
        })
        .collect();
    assert_eq!(sequences, [1, 1, 2]);

    let registered = account(&*store, "first", Role::Candidate).await;
    assert_eq!(registered.id, AccountId(1));
    let new = outbox(&*store, 3).await;
    assert_eq!(new.len(), 1);
    assert_eq!(new[0].position, 4, "new events come after the old ones");
    assert_eq!(
        new[0].envelope.sequence, 2,
        "and continue their keys' sequences"
    );
}
