//! The event backbone's bookkeeping: positions resume, dead letters are kept and replayed,
//! and a lease has one holder at a time, also when instances race for it.

use std::sync::Arc;

use chrono::{Duration, Utc};
use hireboard_store::*;

pub async fn positions_resume_where_they_were_saved(store: Arc<dyn Store>) {
    let log = store.consumers();
    let now = Utc::now();
    assert_eq!(log.position("cache", "outbox").await.unwrap(), None);
    log.save_position("cache", "outbox", 41, now).await.unwrap();
    log.save_position("cache", "outbox", 42, now).await.unwrap();
    log.save_position("cache", "kafka:0", 7, now).await.unwrap();
    log.save_position("relay", "outbox", 3, now).await.unwrap();
    assert_eq!(log.position("cache", "outbox").await.unwrap(), Some(42));
    assert_eq!(log.position("cache", "kafka:0").await.unwrap(), Some(7));
    assert_eq!(log.position("relay", "outbox").await.unwrap(), Some(3));
    assert_eq!(log.position("relay", "kafka:0").await.unwrap(), None);
}

fn letter(consumer: &str, event: &str) -> NewDeadLetter {
    NewDeadLetter {
        consumer: consumer.into(),
        event_id: Some(event.into()),
        event_type: Some("posting.published".into()),
        payload: format!(r#"{{"id":"{event}"}}"#),
        error: "handler failed: boom".into(),
        attempts: 5,
        now: Utc::now(),
    }
}

pub async fn dead_letters_are_kept_replayed_and_settled(store: Arc<dyn Store>) {
    let log = store.consumers();
    let now = Utc::now();
    let first = log.add_dead_letter(letter("alerts", "e1")).await.unwrap();
    let second = log.add_dead_letter(letter("alerts", "e2")).await.unwrap();
    let other = log.add_dead_letter(letter("webhooks", "e3")).await.unwrap();
    let malformed = NewDeadLetter {
        event_id: None,
        event_type: None,
        payload: "not json <script>".into(),
        ..letter("alerts", "-")
    };
    let fourth = log.add_dead_letter(malformed).await.unwrap();
    let all = log.dead_letters(None, 0, 100).await.unwrap();
    assert_eq!(
        all.iter().map(|l| l.id).collect::<Vec<_>>(),
        [first, second, other, fourth]
    );
    assert_eq!(all[3].payload, "not json <script>");
    assert_eq!(all[3].event_id, None);
    assert_eq!(all[0].attempts, 5);
    let alerts = log.dead_letters(Some("alerts"), first, 100).await.unwrap();
    assert_eq!(
        alerts.iter().map(|l| l.id).collect::<Vec<_>>(),
        [second, fourth]
    );

    assert!(log.replays_due("alerts", 10).await.unwrap().is_empty());
    assert_eq!(
        log.request_replay(&Replay::One(first), now).await.unwrap(),
        1
    );
    assert_eq!(
        log.request_replay(&Replay::One(999_999), now)
            .await
            .unwrap(),
        0
    );
    let due = log.replays_due("alerts", 10).await.unwrap();
    assert_eq!(due.iter().map(|l| l.id).collect::<Vec<_>>(), [first]);
    assert!(due[0].replay_requested_at.is_some());

    // Handled this time: gone. Failing again: kept, with the new error, not due any more.
    log.settle_replay(first, None, now).await.unwrap();
    assert_eq!(
        log.request_replay(&Replay::Consumer("alerts".into()), now)
            .await
            .unwrap(),
        2
    );
    log.settle_replay(second, Some(("still failing", 3)), now)
        .await
        .unwrap();
    let due = log.replays_due("alerts", 10).await.unwrap();
    assert_eq!(due.iter().map(|l| l.id).collect::<Vec<_>>(), [fourth]);
    let kept = log.dead_letters(Some("alerts"), 0, 10).await.unwrap();
    assert_eq!(
        kept.iter().map(|l| l.id).collect::<Vec<_>>(),
        [second, fourth]
    );
    assert_eq!(kept[0].error, "still failing");
    assert_eq!(kept[0].attempts, 8);
    assert_eq!(kept[0].replay_requested_at, None);
    assert!(log.replays_due("webhooks", 10).await.unwrap().is_empty());
}

pub async fn a_lease_has_one_holder_until_it_runs_out(store: Arc<dyn Store>) {
    let log = store.consumers();
    let now = Utc::now();
    let until = now + Duration::seconds(10);
    assert!(log.try_lease("relay", "a", now, until).await.unwrap());
    assert!(!log.try_lease("relay", "b", now, until).await.unwrap());
    assert!(
        log.try_lease("relay", "a", now, until).await.unwrap(),
        "renewed"
    );
    assert!(
        log.try_lease("sweep", "b", now, until).await.unwrap(),
        "names are separate"
    );
    let later = until + Duration::seconds(1);
    assert!(
        log.try_lease("relay", "b", later, later + Duration::seconds(10))
            .await
            .unwrap(),
        "a lease that ran out is taken over"
    );
    assert!(!log.try_lease("relay", "a", later, later).await.unwrap());
    log.release_lease("relay", "a").await.unwrap();
    assert!(
        !log.try_lease("relay", "a", later, later).await.unwrap(),
        "only the holder releases"
    );
    log.release_lease("relay", "b").await.unwrap();
    assert!(log
        .try_lease("relay", "a", later, later + Duration::seconds(1))
        .await
        .unwrap());

    // Instances racing for a free lease: exactly one wins.
    let wins = futures_util::future::join_all((0..8).map(|n| {
        let store = store.clone();
        async move {
            let holder = format!("instance-{n}");
            store
                .consumers()
                .try_lease("race", &holder, now, until)
                .await
                .unwrap()
        }
    }))
    .await;
    assert_eq!(wins.iter().filter(|won| **won).count(), 1, "{wins:?}");
}
