//! Consumers on the in-process bus: they read the outbox itself.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use hireboard_events::{Backbone, BrokerHealth, OutboxSource, Scope, Shutdown};
use hireboard_store::testing::Backend;
use hireboard_store::Replay;

use crate::support::*;

async fn durable(board: &Board, name: &'static str) -> Box<OutboxSource> {
    Box::new(
        OutboxSource::durable(board.store.clone(), name)
            .await
            .expect("source"),
    )
}

pub async fn a_shared_consumer_handles_each_event_once_in_order_and_resumes(backend: Backend) {
    let board = Board::new(backend).await;
    board.write("a", 20, 3).await;
    let first = Recorder::new("recorder", Scope::Shared);
    let (stop, task) = start(
        &board.store,
        first.clone(),
        "one",
        durable(&board, "recorder").await,
    );
    eventually("80 events are handled", || first.count() == 80).await;
    // More events while it runs, then a stop and a restart from the saved position.
    board.write("b", 10, 1).await;
    eventually("100 events are handled", || first.count() == 100).await;
    stop.request();
    task.await.unwrap();
    first.assert_in_order_once();

    board.write("c", 5, 1).await;
    let second = Recorder::new("recorder", Scope::Shared);
    let (stop, task) = start(
        &board.store,
        second.clone(),
        "one",
        durable(&board, "recorder").await,
    );
    eventually("the 10 new events are handled", || second.count() == 10).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.request();
    task.await.unwrap();
    assert_eq!(
        second.count(),
        10,
        "only what came after the saved position"
    );
    let before: HashSet<_> = first.ids().into_iter().collect();
    assert!(second.ids().iter().all(|id| !before.contains(id)));
}

pub async fn a_failing_event_is_retried_dead_lettered_and_replayed(backend: Backend) {
    let board = Board::new(backend).await;
    board.write("a", 3, 1).await;
    let recorder = Recorder::new("flaky", Scope::Shared);
    // Account 1 fails for good; account 2 fails twice and then works.
    recorder.fail("1", u32::MAX);
    recorder.fail("2", 2);
    let (stop, task) = start(
        &board.store,
        recorder.clone(),
        "one",
        durable(&board, "flaky").await,
    );
    eventually("the other events are handled", || recorder.count() == 4).await;
    let letters = board
        .store
        .consumers()
        .dead_letters(Some("flaky"), 0, 10)
        .await
        .unwrap();
    assert_eq!(letters.len(), 2, "both of account 1's events: {letters:?}");
    for letter in &letters {
        assert_eq!(letter.attempts, 3);
        assert!(letter.error.contains("refusing 1"), "{}", letter.error);
        assert!(letter.event_id.is_some() && letter.event_type.is_some());
    }
    // Fixed, and asked to replay: both are handled and the letters are gone.
    recorder.fail("1", 0);
    let log = board.store.consumers();
    assert_eq!(
        log.request_replay(&Replay::Consumer("flaky".into()), chrono::Utc::now())
            .await
            .unwrap(),
        2
    );
    eventually("the replayed events are handled", || recorder.count() == 6).await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !log
        .dead_letters(Some("flaky"), 0, 10)
        .await
        .unwrap()
        .is_empty()
    {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the replays are settled"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    stop.request();
    task.await.unwrap();
}

pub async fn one_instance_at_a_time_runs_a_shared_consumer(backend: Backend) {
    let board = Board::new(backend).await;
    let (one, two) = (
        Recorder::new("single", Scope::Shared),
        Recorder::new("single", Scope::Shared),
    );
    let (stop_one, task_one) = start(
        &board.store,
        one.clone(),
        "one",
        durable(&board, "single").await,
    );
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (stop_two, task_two) = start(
        &board.store,
        two.clone(),
        "two",
        durable(&board, "single").await,
    );
    board.write("a", 10, 1).await;
    eventually("the leader handles them", || one.count() == 20).await;
    assert_eq!(two.count(), 0, "the other instance waits for the lease");
    // The leader stops; the other takes over where it left off.
    stop_one.request();
    task_one.await.unwrap();
    board.write("b", 10, 1).await;
    eventually("the second instance takes over", || two.count() == 20).await;
    stop_two.request();
    task_two.await.unwrap();
    let all: HashSet<_> = one.ids().into_iter().chain(two.ids()).collect();
    assert_eq!(all.len(), 40, "each event once across both instances");
}

pub async fn per_instance_consumers_each_see_everything_from_now_on(backend: Backend) {
    let board = Board::new(backend).await;
    board.write("before", 5, 0).await;
    let (one, two) = (
        Recorder::new("local", Scope::PerInstance),
        Recorder::new("local", Scope::PerInstance),
    );
    let source = |store| async move { Box::new(OutboxSource::recent(store, 0).await.unwrap()) };
    let (stop_one, task_one) = start(
        &board.store,
        one.clone(),
        "one",
        source(board.store.clone()).await,
    );
    let (stop_two, task_two) = start(
        &board.store,
        two.clone(),
        "two",
        source(board.store.clone()).await,
    );
    board.write("after", 10, 2).await;
    eventually("both see the 30 new events", || {
        one.count() == 30 && two.count() == 30
    })
    .await;
    for (stop, task) in [(stop_one, task_one), (stop_two, task_two)] {
        stop.request();
        task.await.unwrap();
    }
    one.assert_in_order_once();
    assert_eq!(one.ids(), two.ids());
}

pub async fn a_per_instance_consumer_resumes_after_the_position_its_state_kept(backend: Backend) {
    let board = Board::new(backend).await;
    board.write("before", 4, 0).await;
    let events = board.store.events();
    while events.sequence(1_000).await.unwrap() > 0 {}
    let kept = events.head().await.unwrap() - 2;
    let recorder = Recorder::new("replica", Scope::PerInstance);
    *recorder.kept_position.lock().unwrap() = Some(kept);
    let backbone = Backbone {
        store: board.store.clone(),
        broker: None,
        instance: "replica-instance".into(),
        options: quick(),
        health: Arc::new(BrokerHealth::default()),
    };
    let stop = Shutdown::new();
    let task = backbone.spawn_consumer(recorder.clone(), &stop);
    board.write("after", 3, 0).await;
    eventually(
        "the two events after the kept position, then the new ones",
        || recorder.count() == 5,
    )
    .await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    stop.request();
    task.await.unwrap();
    assert_eq!(
        recorder.count(),
        5,
        "nothing at or before the kept position"
    );
    recorder.assert_in_order_once();
}

pub async fn shutdown_during_retries_leaves_the_event_for_the_next_run(backend: Backend) {
    let board = Board::new(backend).await;
    board.write("a", 2, 0).await;
    let stuck = Arc::new(hireboard_events::Retry {
        attempts: 1000,
        first_delay: Duration::from_millis(50),
        max_delay: Duration::from_millis(50),
    });
    let recorder = Recorder::new("patient", Scope::Shared);
    recorder.fail("2", u32::MAX);
    let shutdown = hireboard_events::Shutdown::new();
    let runner = hireboard_events::runner::Runner {
        consumer: recorder.clone(),
        store: board.store.clone(),
        instance: "one".into(),
        options: hireboard_events::runner::Options {
            retry: *stuck,
            ..quick()
        },
    };
    let mut source = OutboxSource::durable(board.store.clone(), "patient")
        .await
        .unwrap();
    let stop = shutdown.clone();
    let task = tokio::spawn(async move { runner.run(&mut source, &stop).await.unwrap() });
    eventually("account 1 is handled", || recorder.count() == 1).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    shutdown.request();
    tokio::time::timeout(Duration::from_secs(5), task)
        .await
        .expect("stops mid-retry")
        .unwrap();
    assert!(board
        .store
        .consumers()
        .dead_letters(None, 0, 10)
        .await
        .unwrap()
        .is_empty());

    // The next run gets account 2's event again.
    recorder.fail("2", 0);
    let (stop, task) = start(
        &board.store,
        recorder.clone(),
        "one",
        durable(&board, "patient").await,
    );
    eventually("account 2 is handled after the restart", || {
        recorder.count() == 2
    })
    .await;
    stop.request();
    task.await.unwrap();
    recorder.assert_in_order_once();
}

/// A consumer that takes whole reads gets each event once, in order; a read it refuses is
/// handed over one event at a time, with retries, and the reads after it are whole again.
pub async fn reads_are_handled_whole_or_one_by_one(backend: Backend) {
    let board = Board::new(backend).await;
    board.write("a", 3, 1).await;
    let recorder = Recorder::together("whole", Scope::Shared);
    recorder.fail("2", 2);
    let (stop, task) = start(
        &board.store,
        recorder.clone(),
        "one",
        durable(&board, "whole").await,
    );
    eventually("the first events are handled", || recorder.count() == 6).await;
    board.write("b", 3, 1).await;
    eventually("the next events are handled", || recorder.count() == 12).await;
    stop.request();
    task.await.unwrap();
    recorder.assert_in_order_once();
    assert!(recorder.reads_together() >= 1, "a read was taken whole");
    let letters = board
        .store
        .consumers()
        .dead_letters(None, 0, 10)
        .await
        .unwrap();
    assert!(letters.is_empty(), "{letters:?}");
}
