//! The relay and broker subscriptions: every outbox event reaches a shared subscription in
//! its key's order, and what no consumer can read is dead-lettered without stopping it.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use hireboard_bus::{Bus, BusOptions, Message, Subscription, SubscriptionKind};
use hireboard_events::{
    Backbone, BrokerHealth, BrokerLink, BrokerSource, Scope, Shutdown, StoredOffsets,
};
use hireboard_store::testing::Backend;
use hireboard_test_harness::proxy::{host_port, via, Proxy};
use hireboard_test_harness::Server;

use crate::support::*;

async fn bus(board: &Board, url: &str) -> Arc<Bus> {
    let options = BusOptions {
        connect_timeout: Duration::from_secs(3),
        operation_timeout: Duration::from_secs(5),
        ack_wait: Duration::from_secs(2),
        offsets: Some(Arc::new(StoredOffsets(board.store.clone()))),
        ..BusOptions::default()
    };
    Arc::new(
        Bus::connect(url, options)
            .await
            .expect("the broker answers"),
    )
}

/// Short timeouts, so that a cut-off broker is noticed within seconds.
fn impatient(board: &Board) -> BusOptions {
    BusOptions {
        connect_timeout: Duration::from_secs(2),
        operation_timeout: Duration::from_secs(2),
        ack_wait: Duration::from_secs(2),
        offsets: Some(Arc::new(StoredOffsets(board.store.clone()))),
        ..BusOptions::default()
    }
}

/// The backbone of an instance of `board` on the broker at `url`.
fn instance(board: &Board, url: &str, options: &BusOptions, name: &str) -> Backbone {
    Backbone {
        store: board.store.clone(),
        broker: Some(BrokerLink::new(url.to_owned(), options.clone())),
        instance: name.into(),
        options: quick(),
        health: Arc::new(BrokerHealth::default()),
    }
}

/// A group name no earlier run used, so a durable group starts afresh.
fn group(what: &str) -> &'static str {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    Box::leak(format!("test-{what}-{nanos}").into_boxed_str())
}

async fn shared_source(bus: &Bus, group: &str) -> Box<BrokerSource> {
    let subscription = Subscription {
        kind: SubscriptionKind::Shared {
            group: group.to_owned(),
        },
        types: vec!["account.registered".into(), "account.role_changed".into()],
    };
    Box::new(BrokerSource::new(
        bus.subscribe(subscription).await.expect("subscribes"),
    ))
}

fn relay(board: &Board, bus: &Arc<Bus>) -> (Shutdown, tokio::task::JoinHandle<()>) {
    let shutdown = Shutdown::new();
    let relay = hireboard_events::Relay {
        store: board.store.clone(),
        bus: bus.clone(),
        instance: "relay-under-test".into(),
        health: Arc::new(BrokerHealth::default()),
    };
    let stop = shutdown.clone();
    (
        shutdown,
        tokio::spawn(async move { relay.run(stop).await.expect("relay ends cleanly") }),
    )
}

/// The ids of this board's events: a broker's stream also holds earlier runs' events.
/// The ids of `board`'s events, from the one with id `first` on if given.
async fn our_ids(board: &Board, first: Option<&str>) -> HashSet<String> {
    while board.store.events().sequence(1000).await.unwrap() > 0 {}
    let events = board.store.events().events_after(0, 100_000).await.unwrap();
    events
        .into_iter()
        .map(|record| record.envelope.expect("readable").id.to_string())
        .skip_while(|id| first.is_some_and(|first| id != first))
        .collect()
}

pub async fn the_relay_delivers_every_event_in_its_keys_order(server: Server) {
    let board = Board::new(Backend::Sqlite).await;
    let bus = bus(&board, &server.url()).await;
    let name = group("relay-order");
    // Subscribing first: a new RabbitMQ queue holds only what is published after it exists.
    let source = shared_source(&bus, name).await;
    let recorder = Recorder::new(name, Scope::Shared);
    let (stop_consumer, consumer) = start(&board.store, recorder.clone(), "one", source);
    let (stop_relay, relay_task) = relay(&board, &bus);
    board.write("a", 100, 4).await;
    let ours = our_ids(&board, None).await;
    assert_eq!(ours.len(), 500);
    eventually("all 500 events arrive through the broker", || {
        recorder
            .ids()
            .iter()
            .filter(|id| ours.contains(*id))
            .count()
            == 500
    })
    .await;
    for (stop, task) in [(stop_relay, relay_task), (stop_consumer, consumer)] {
        stop.request();
        task.await.unwrap();
    }
    recorder
        .seen
        .lock()
        .unwrap()
        .retain(|(id, _, _)| ours.contains(id));
    recorder.assert_in_order_once();
    let relayed = board
        .store
        .consumers()
        .position("relay", bus.name())
        .await
        .unwrap();
    assert_eq!(relayed, Some(500), "the relay recorded how far it got");
}

pub async fn unreadable_messages_are_dead_lettered_and_the_consumer_goes_on(server: Server) {
    let board = Board::new(Backend::Sqlite).await;
    let bus = bus(&board, &server.url()).await;
    let name = group("unreadable");
    let source = shared_source(&bus, name).await;
    let recorder = Recorder::new(name, Scope::Shared);
    let (stop, consumer) = start(&board.store, recorder.clone(), "one", source);
    let junk = |id: &str, payload: &str| Message {
        id: id.into(),
        event_type: "account.registered".into(),
        key: "junk".into(),
        position: None,
        payload: payload.as_bytes().to_vec(),
    };
    let id = "0190d6a0-0000-7000-8000-0000000000aa";
    let future = format!(
        r#"{{"id":"{id}","type":"account.registered","version":99,"occurred_at":"2026-12-01T00:00:00Z","aggregate":"account","key":"7","sequence":1,"data":{{}}}}"#
    );
    let unknown = future
        .replace(r#""version":99"#, r#""version":1"#)
        .replace("account.registered", "account.renamed");
    bus.publish(&[
        junk("m1", "not json <at all>"),
        junk("m2", &future),
        junk("m3", &unknown),
    ])
    .await
    .unwrap();
    // A good event after them still arrives.
    let (stop_relay, relay_task) = relay(&board, &bus);
    board.write("after", 1, 0).await;
    let ours = our_ids(&board, None).await;
    eventually("the good event arrives", || {
        recorder.ids().iter().any(|id| ours.contains(id))
    })
    .await;
    let log = board.store.consumers();
    let letters = log.dead_letters(Some(name), 0, 10).await.unwrap();
    let errors: Vec<&str> = letters.iter().map(|letter| letter.error.as_str()).collect();
    assert_eq!(letters.len(), 3, "{errors:?}");
    assert!(errors[0].contains("malformed"), "{errors:?}");
    assert!(errors[1].contains("version 99"), "{errors:?}");
    assert!(errors[2].contains("unknown event type"), "{errors:?}");
    assert_eq!(letters[0].payload, "not json <at all>");
    for (stop, task) in [(stop_relay, relay_task), (stop, consumer)] {
        stop.request();
        task.await.unwrap();
    }
}

/// `board`'s events by position: (position, id).
async fn positions(board: &Board) -> Vec<(i64, String)> {
    while board.store.events().sequence(1000).await.unwrap() > 0 {}
    let events = board.store.events().events_after(0, 100_000).await.unwrap();
    events
        .into_iter()
        .map(|record| {
            (
                record.position,
                record.envelope.expect("readable").id.to_string(),
            )
        })
        .collect()
}

/// A per-instance consumer whose state kept an outbox position (a search index) catches up
/// from the outbox, then follows the broker: with the relay stopped, new events do not
/// arrive at once, and after two seconds of the relay being behind they come from the outbox
/// instead. It gets every event after its position once, none before, each key in order,
/// and every `through` it is given is safe to record: every event at or below it had been
/// handed to it by then.
pub async fn a_consumer_keeping_its_position_catches_up_then_follows_the_broker(server: Server) {
    let board = Board::new(Backend::Sqlite).await;
    board.write("before", 50, 3).await;
    const KEPT: i64 = 80;
    let bus = bus(&board, &server.url()).await;
    let (stop_relay, relay_task) = relay(&board, &bus);
    let recorder = Recorder::new("catching-up", Scope::PerInstance);
    *recorder.kept_position.lock().unwrap() = Some(KEPT);
    let backbone = instance(&board, &server.url(), &impatient(&board), "catching-up");
    let stop_consumer = Shutdown::new();
    let consumer = backbone.spawn_consumer(recorder.clone(), &stop_consumer);
    eventually("the events after the kept position arrive", || {
        recorder.count() == 200 - KEPT as usize
    })
    .await;
    // Subscribed and the relay caught up: it follows the broker.
    tokio::time::sleep(Duration::from_secs(1)).await;

    stop_relay.request();
    relay_task.await.unwrap();
    let written_at = tokio::time::Instant::now();
    board.write("while", 30, 1).await;
    tokio::time::sleep_until(written_at + Duration::from_secs(1)).await;
    assert_eq!(
        recorder.count(),
        200 - KEPT as usize,
        "events the relay has not published do not arrive at once: it follows the broker"
    );
    eventually("with the relay behind, they come from the outbox", || {
        recorder.count() == 260 - KEPT as usize
    })
    .await;

    let (stop_relay, relay_task) = relay(&board, &bus);
    board.write("after", 10, 1).await;
    eventually("with the relay back, events go on arriving", || {
        recorder.count() >= 280 - KEPT as usize
    })
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    for (stop, task) in [(stop_relay, relay_task), (stop_consumer, consumer)] {
        stop.request();
        task.await.unwrap();
    }
    let all = positions(&board).await;
    assert_eq!(all.len(), 280);
    let wanted: Vec<&(i64, String)> = all.iter().filter(|(at, _)| *at > KEPT).collect();
    let seen = recorder.ids();
    let mut sorted = seen.clone();
    sorted.sort();
    let mut expected: Vec<String> = wanted.iter().map(|(_, id)| id.clone()).collect();
    expected.sort();
    assert_eq!(
        sorted, expected,
        "every event after the kept position, once"
    );
    let mut last: std::collections::HashMap<String, i64> = Default::default();
    for (_, key, sequence) in recorder.seen.lock().unwrap().iter() {
        if let Some(previous) = last.insert(key.clone(), *sequence) {
            assert_eq!(*sequence, previous + 1, "key {key} in order");
        }
    }
    let throughs = recorder.throughs.lock().unwrap().clone();
    for (through, count) in &throughs {
        let handed: HashSet<&String> = seen[..*count].iter().collect();
        let missing = wanted
            .iter()
            .filter(|(at, id)| at <= through && !handed.contains(id))
            .count();
        assert_eq!(missing, 0, "through {through} after {count} events");
    }
    let last_through = throughs.last().map(|(through, _)| *through);
    assert!(
        last_through.is_some_and(|through| through > 260),
        "the last events move it on: {last_through:?}"
    );
}

/// The broker cut off (for the consumer and the relay) while events are written: a consumer
/// keeping its own position gets them from the outbox within seconds instead of waiting for
/// the broker, and after the broker is back it goes on; every event arrives once, each key
/// in order.
pub async fn a_consumer_keeping_its_position_keeps_up_while_the_broker_is_down(server: Server) {
    let url = server.url();
    let proxy = Proxy::start(&host_port(&url)).await;
    let url = via(&url, proxy.addr);
    let board = Board::new(Backend::Sqlite).await;
    let recorder = Recorder::new("keeps-up", Scope::PerInstance);
    *recorder.kept_position.lock().unwrap() = Some(0);
    let options = impatient(&board);
    let backbone = instance(&board, &url, &options, "keeps-up");
    let stop_consumer = Shutdown::new();
    let consumer = backbone.spawn_consumer(recorder.clone(), &stop_consumer);
    let relay_bus = Arc::new(Bus::connect(&url, options).await.expect("connects"));
    let (stop_relay, relay_task) = relay(&board, &relay_bus);
    board.write("before", 10, 1).await;
    eventually("the first events arrive", || recorder.count() == 20).await;
    // Long enough to be following the broker.
    tokio::time::sleep(Duration::from_secs(2)).await;

    proxy.cut();
    let cut_at = tokio::time::Instant::now();
    board.write("during", 10, 2).await;
    eventually("what is written while the broker is down arrives", || {
        recorder.count() == 50
    })
    .await;
    let waited = cut_at.elapsed();
    assert!(
        waited < Duration::from_secs(10),
        "from the outbox within seconds, not after the outage: {waited:?}"
    );

    proxy.restore().await;
    board.write("after", 10, 1).await;
    eventually("what is written after the broker is back arrives", || {
        recorder.count() >= 70
    })
    .await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    for (stop, task) in [(stop_relay, relay_task), (stop_consumer, consumer)] {
        stop.request();
        task.await.unwrap();
    }
    assert_eq!(recorder.count(), 70);
    recorder.assert_in_order_once();
}

/// The broker unreachable for 30 s (the relay's and the consumer's connections cut by a
/// proxy) while writes go on: every write succeeds, the relay reports the broker down, and
/// every event arrives once it is back.
pub async fn a_broker_outage_fails_no_write_and_loses_no_event(server: Server) {
    let url = server.url();
    let proxy = Proxy::start(&host_port(&url)).await;
    outage(&via(&url, proxy.addr), &proxy).await;
}

/// The same on Kafka, whose clients connect to the address the broker advertises rather than
/// the one they were given: a tansu broker of the test's own advertises the proxy, so the
/// relay and the consumer reach it through the proxy.
pub async fn a_kafka_outage_fails_no_write_and_loses_no_event() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    let proxy = Proxy::start(&format!("127.0.0.1:{port}")).await;
    let url = format!("kafka://{}", proxy.addr);
    let _broker = tokio::process::Command::new(Server::Tansu.url())
        .args(["broker", "--listener-url"])
        .arg(format!("tcp://127.0.0.1:{port}"))
        .arg("--advertised-listener-url")
        .arg(format!("tcp://{}", proxy.addr))
        .args(["--storage-engine", "memory://tansu/"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("tansu starts");
    eventually("the test's own tansu answers", || {
        std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
    })
    .await;
    outage(&url, &proxy).await;
}

/// Writes for 34 s, with `proxy` (through which `url` reaches the broker) cut from the 2nd to
/// the 32nd. The consumer runs as an instance runs it, resubscribing after a failure.
async fn outage(url: &str, proxy: &Proxy) {
    let board = Board::new(Backend::Sqlite).await;
    let name = group("outage");
    let recorder = Recorder::new(name, Scope::Shared);
    let options = impatient(&board);
    let backbone = instance(&board, url, &options, "consumer-under-test");
    let stop_consumer = Shutdown::new();
    let consumer = backbone.spawn_consumer(recorder.clone(), &stop_consumer);
    let cut_off = Arc::new(Bus::connect(url, options).await.expect("connects"));
    let health = Arc::new(BrokerHealth::default());
    let shutdown = Shutdown::new();
    let relay = hireboard_events::Relay {
        store: board.store.clone(),
        bus: cut_off.clone(),
        instance: "relay-under-test".into(),
        health: health.clone(),
    };
    let relay_task = tokio::spawn(relay.run(shutdown.clone()));
    // A new group starts from now on: what it receives from its first event on counts.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    for probe in 0.. {
        if recorder.count() > 0 {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the consumer subscribed"
        );
        board.write(&format!("probe{probe}"), 1, 0).await;
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let first = recorder.ids()[0].clone();

    // Ten writes every 100 ms, from 2 s before the outage until 2 s after it.
    let writer = {
        let store = board.store.clone();
        tokio::spawn(async move {
            let until = tokio::time::Instant::now() + Duration::from_secs(34);
            let mut round = 0;
            while tokio::time::Instant::now() < until {
                write(&store, &format!("r{round}"), 10, 0).await;
                tokio::time::sleep(Duration::from_millis(100)).await;
                round += 1;
            }
        })
    };
    tokio::time::sleep(Duration::from_secs(2)).await;
    proxy.cut();
    tokio::time::sleep(Duration::from_secs(15)).await;
    assert!(
        health.problem().is_some(),
        "the relay reports the broker down"
    );
    tokio::time::sleep(Duration::from_secs(15)).await;
    proxy.restore().await;
    writer.await.expect("every write succeeded");

    let ours = our_ids(&board, Some(&first)).await;
    let arrived = || {
        recorder
            .ids()
            .iter()
            .filter(|id| ours.contains(*id))
            .count()
    };
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while arrived() < ours.len() {
        if tokio::time::Instant::now() > deadline {
            let relayed = board
                .store
                .consumers()
                .position("relay", cut_off.name())
                .await;
            let head = board.store.events().head().await;
            panic!(
                "{} of {} events arrived within 30 s of the outage's end (relay at {relayed:?} of {head:?}, broker problem: {:?})",
                arrived(),
                ours.len(),
                health.problem()
            );
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(
        health.problem().is_none(),
        "the relay reports the broker back"
    );
    shutdown.request();
    relay_task.await.unwrap().unwrap();
    stop_consumer.request();
    consumer.await.unwrap();
}
