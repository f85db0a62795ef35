//! The scenarios every broker must pass; `main.rs` runs each on RabbitMQ, NATS and Kafka.

use std::{
    collections::{BTreeMap, HashMap, HashSet},
    time::{Duration, Instant},
};

use hireboard_bus::{Bus, Message, Position, Subscription, SubscriptionKind};

use hireboard_test_harness::proxy::{via, Proxy};

use crate::support::{self, collect, messages, next, unique, Broker};

const SETTLE: Duration = Duration::from_secs(20);

fn shared(group: &str, types: &[&str]) -> Subscription {
    Subscription {
        kind: SubscriptionKind::Shared {
            group: group.to_owned(),
        },
        types: types.iter().map(|t| t.to_string()).collect(),
    }
}

fn per_instance(types: &[&str]) -> Subscription {
    Subscription {
        kind: SubscriptionKind::PerInstance,
        types: types.iter().map(|t| t.to_string()).collect(),
    }
}

/// Each key's messages in the order they came: all that any broker promises to keep (Kafka
/// interleaves its partitions).
fn by_key(messages: &[Message]) -> BTreeMap<&str, Vec<&Message>> {
    let mut keys: BTreeMap<&str, Vec<&Message>> = BTreeMap::new();
    for message in messages {
        keys.entry(&message.key).or_default().push(message);
    }
    keys
}

fn ids(messages: &[Message]) -> Vec<&str> {
    messages.iter().map(|m| m.id.as_str()).collect()
}

pub async fn round_trip(broker: Broker) {
    let bus = broker.connect().await;
    let (event_type, group) = (unique("round-trip"), unique("round-trip"));
    let mut mine = bus
        .subscribe(per_instance(&[&event_type]))
        .await
        .expect("subscribe");
    let mut ours = bus
        .subscribe(shared(&group, &[&event_type]))
        .await
        .expect("subscribe");
    let sent = messages(&event_type, 3, 2);
    bus.publish(&sent).await.expect("publish confirmed");
    assert_eq!(
        by_key(&collect(&mut mine, 3, SETTLE, false).await),
        by_key(&sent)
    );
    assert_eq!(
        by_key(&collect(&mut ours, 3, SETTLE, true).await),
        by_key(&sent)
    );
    drop(ours);
    support::remove_group(broker, &group).await;
}

pub async fn per_key_order_holds_over_a_thousand_messages(broker: Broker) {
    let bus = broker.connect().await;
    let (event_type, group) = (unique("order"), unique("order"));
    let mut subscriber = bus
        .subscribe(shared(&group, &[&event_type]))
        .await
        .expect("subscribe");
    let sent = messages(&event_type, 1000, 50);
    for batch in sent.chunks(100) {
        bus.publish(batch).await.expect("publish confirmed");
    }
    let got = collect(&mut subscriber, 1000, Duration::from_secs(60), true).await;
    let mut got_ids = ids(&got);
    got_ids.sort_unstable();
    let mut sent_ids = ids(&sent);
    sent_ids.sort_unstable();
    assert_eq!(got_ids, sent_ids, "every message once");
    let mut last: HashMap<&str, &[u8]> = HashMap::new();
    let position = |m: &Message| sent.iter().position(|s| s.id == m.id).expect("sent");
    for message in &got {
        if let Some(previous) = last.insert(&message.key, &message.payload) {
            let previous = sent
                .iter()
                .find(|s| s.payload == previous && s.key == message.key);
            assert!(
                position(previous.expect("sent")) < position(message),
                "key {} out of order at {}",
                message.key,
                message.id
            );
        }
    }
    drop(subscriber);
    support::remove_group(broker, &group).await;
}

pub async fn subscribers_get_only_the_types_they_want(broker: Broker) {
    let bus = broker.connect().await;
    let (a, b, c) = (unique("type-a"), unique("type-b"), unique("type-c"));
    let mut two = bus
        .subscribe(per_instance(&[&a, &b]))
        .await
        .expect("subscribe");
    let mut one = bus.subscribe(per_instance(&[&c])).await.expect("subscribe");
    let mut sent = Vec::new();
    for i in 0..5 {
        for event_type in [&a, &b, &c] {
            sent.extend(messages(event_type, 1, 1).into_iter().map(|mut m| {
                m.id = format!("{}-{i}", m.id);
                m
            }));
        }
    }
    bus.publish(&sent).await.expect("publish confirmed");
    let wanted = |types: &[&String]| -> Vec<Message> {
        sent.iter()
            .filter(|m| types.contains(&&m.event_type))
            .cloned()
            .collect()
    };
    assert_eq!(
        collect(&mut two, 10, SETTLE, false).await,
        wanted(&[&a, &b])
    );
    assert_eq!(collect(&mut one, 5, SETTLE, false).await, wanted(&[&c]));
    // Nothing else arrives later either.
    assert!(next(&mut two, 10, Duration::from_millis(500))
        .await
        .is_empty());
    assert!(next(&mut one, 10, Duration::from_millis(500))
        .await
        .is_empty());
}

pub async fn a_group_gets_unacked_messages_again_and_acked_ones_never(broker: Broker) {
    let bus = broker.connect().await;
    let (event_type, group) = (unique("redeliver"), unique("redeliver"));
    let subscription = shared(&group, &[&event_type]);
    let mut first = bus
        .subscribe(subscription.clone())
        .await
        .expect("subscribe");
    let sent = messages(&event_type, 5, 1);
    bus.publish(&sent).await.expect("publish confirmed");
    let mut got = Vec::new();
    while got.len() < 5 {
        let batch = next(&mut first, 5, SETTLE).await;
        assert!(
            !batch.is_empty(),
            "the first subscriber got {} of 5",
            got.len()
        );
        got.extend(batch);
    }
    for delivery in &got[..2] {
        first.ack(delivery).await.expect("ack");
    }
    // A crash: the subscriber goes away holding three unacked messages.
    drop(got);
    drop(first);
    let mut second = bus
        .subscribe(subscription.clone())
        .await
        .expect("subscribe");
    let again = collect(&mut second, 3, SETTLE, true).await;
    assert_eq!(again, sent[2..], "exactly the unacked ones, in order");
    drop(second);
    let mut third = bus.subscribe(subscription).await.expect("subscribe");
    let after = collect(&mut third, 1, Duration::from_secs(4), true).await;
    assert!(
        after.is_empty(),
        "acked messages came back: {:?}",
        ids(&after)
    );
    drop(third);
    support::remove_group(broker, &group).await;
}

pub async fn every_instance_sees_every_message(broker: Broker) {
    let bus = broker.connect().await;
    let event_type = unique("fan-out");
    let mut a = bus
        .subscribe(per_instance(&[&event_type]))
        .await
        .expect("subscribe");
    let mut b = bus
        .subscribe(per_instance(&[&event_type]))
        .await
        .expect("subscribe");
    let sent = messages(&event_type, 20, 4);
    bus.publish(&sent).await.expect("publish confirmed");
    assert_eq!(
        by_key(&collect(&mut a, 20, SETTLE, false).await),
        by_key(&sent)
    );
    assert_eq!(
        by_key(&collect(&mut b, 20, SETTLE, false).await),
        by_key(&sent)
    );
}

/// A per-instance subscriber gets each lane's messages in the order published: positions
/// rise within a lane, which is what a consumer keeping its own position resumes by.
pub async fn each_lane_delivers_in_the_order_published(broker: Broker) {
    let bus = broker.connect().await;
    let event_type = unique("lanes");
    let mut subscriber = bus
        .subscribe(per_instance(&[&event_type]))
        .await
        .expect("subscribe");
    let lanes = subscriber.lanes();
    assert!(lanes >= 1);
    let sent: Vec<Message> = messages(&event_type, 300, 30)
        .into_iter()
        .enumerate()
        .map(|(i, message)| Message {
            position: Some(Position {
                log: "lanes".into(),
                at: i as i64 + 1,
            }),
            ..message
        })
        .collect();
    for batch in sent.chunks(100) {
        bus.publish(batch).await.expect("publish confirmed");
    }
    let mut last = vec![0i64; lanes];
    let mut seen = 0;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while seen < sent.len() && tokio::time::Instant::now() < deadline {
        for delivery in next(&mut subscriber, 256, Duration::from_millis(500)).await {
            let lane = delivery.lane();
            assert!(lane < lanes, "lane {lane} of {lanes}");
            let position = delivery
                .message
                .position
                .expect("the position came through");
            assert_eq!(position.log, "lanes");
            let position = position.at;
            assert!(
                position > last[lane],
                "lane {lane}: {position} after {}",
                last[lane]
            );
            last[lane] = position;
            seen += 1;
        }
    }
    assert_eq!(seen, sent.len(), "every message once");
}

/// Two instances of one group between them handle each message; RabbitMQ (single active
/// consumer) and JetStream (one durable consumer) hand each to one of them. Kafka has no
/// consumer groups here, so each instance reads everything and only deduplication by id
/// makes it "once in effect" (see the crate docs).
pub async fn a_group_of_two_handles_each_message_once_in_effect(broker: Broker) {
    let bus = broker.connect().await;
    let (event_type, group) = (unique("group-of-two"), unique("group-of-two"));
    let mut a = bus
        .subscribe(shared(&group, &[&event_type]))
        .await
        .expect("subscribe");
    let mut b = bus
        .subscribe(shared(&group, &[&event_type]))
        .await
        .expect("subscribe");
    let sent = messages(&event_type, 100, 10);
    bus.publish(&sent).await.expect("publish confirmed");
    let deadline = Instant::now() + SETTLE;
    let mut seen: HashMap<String, usize> = HashMap::new();
    while seen.len() < sent.len() && Instant::now() < deadline {
        for subscriber in [&mut a, &mut b] {
            for delivery in next(subscriber, 50, Duration::from_millis(200)).await {
                subscriber.ack(&delivery).await.expect("ack");
                *seen.entry(delivery.message.id).or_default() += 1;
            }
        }
    }
    let all: HashSet<&str> = ids(&sent).into_iter().collect();
    assert_eq!(seen.keys().map(String::as_str).collect::<HashSet<_>>(), all);
    if broker != Broker::Kafka {
        let repeated: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
        assert!(repeated.is_empty(), "handled twice: {repeated:?}");
    }
    drop((a, b));
    support::remove_group(broker, &group).await;
}

pub async fn an_unreachable_broker_fails_fast_and_retryably(broker: Broker) {
    let url = via(&broker.url(), "127.0.0.1:1".parse().unwrap());
    let started = Instant::now();
    let error = Bus::connect(&url, support::options())
        .await
        .err()
        .expect("refused");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
    assert!(error.is_retryable(), "{error}");
    assert!(!error.to_string().contains('\n'), "{error}");
}

/// The broker goes away under a connected bus (every connection cut, the port closed): the
/// next publish fails fast and retryably, and once the broker is back a later call
/// reconnects and delivers. Kafka is left out: its clients connect to the address the broker
/// advertises, so a proxy cannot stand between them.
pub async fn publishing_through_an_outage_fails_fast_then_recovers(broker: Broker) {
    let url = broker.url();
    let target = url.split_once("://").unwrap().1;
    let target = target.rsplit_once('@').map_or(target, |(_, rest)| rest);
    let target = target.split('/').next().unwrap();
    let proxy = Proxy::start(target).await;
    let bus = support::connect_to(&via(&url, proxy.addr)).await;
    let event_type = unique("outage");
    bus.publish(&messages(&event_type, 1, 1))
        .await
        .expect("publish before the outage");

    proxy.cut();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let started = Instant::now();
    let error = bus
        .publish(&messages(&event_type, 1, 1))
        .await
        .expect_err("no broker");
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "took {:?}",
        started.elapsed()
    );
    assert!(error.is_retryable(), "{error}");

    proxy.restore().await;
    // Ids of their own: JetStream would rightly drop a re-published id as a duplicate.
    let event_type = unique("after-outage");
    let mut subscriber = None;
    let deadline = Instant::now() + Duration::from_secs(30);
    while subscriber.is_none() {
        assert!(Instant::now() < deadline, "no reconnect within 30 s");
        match bus.subscribe(per_instance(&[&event_type])).await {
            Ok(subscribed) => subscriber = Some(subscribed),
            Err(error) => {
                assert!(error.is_retryable(), "{error}");
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
        }
    }
    let mut subscriber = subscriber.unwrap();
    let sent = messages(&event_type, 3, 1);
    let deadline = Instant::now() + Duration::from_secs(30);
    while let Err(error) = bus.publish(&sent).await {
        assert!(error.is_retryable() && Instant::now() < deadline, "{error}");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert_eq!(
        by_key(&collect(&mut subscriber, 3, SETTLE, false).await),
        by_key(&sent)
    );
    proxy.cut();
}
