//! Counters over a real Redis (`HIREBOARD_TEST_REDIS_URL`; ignored when it is unset) and
//! over one that is down.

use std::time::Duration;

use chrono::Utc;
use hireboard_cache::{digest, Counters, RedisOptions, Shared};
use hireboard_test_harness::Server;

fn redis_at(url: &str) -> Shared {
    let prefix = format!("hireboard-test-{}", digest(&format!("{:?}", Utc::now())));
    Shared::redis(&RedisOptions {
        url: url.to_owned(),
        key_prefix: prefix,
        timeout: Duration::from_millis(250),
    })
    .expect("usable URL")
}

pub async fn instances_sharing_redis_share_counts_and_facts() {
    let shared = redis_at(&Server::Redis.url());
    let (a, b) = (Counters::new(&shared, 10), Counters::new(&shared, 10));
    let (width, now) = (Duration::from_secs(60), Utc::now());
    assert_eq!(a.hit("t", "x", width, now).await.count, 1);
    assert_eq!(b.hit("t", "x", width, now).await.count, 2);
    assert_eq!(a.peek("t", "x", width, now).await.count, 2);
    let later = now + chrono::Duration::seconds(61);
    assert_eq!(b.peek("t", "x", width, later).await.count, 0);
    b.clear("t", "x").await;
    assert_eq!(a.peek("t", "x", width, now).await.count, 0);
    a.remember("known", "x", now, width).await;
    assert_eq!(
        b.recall("known", "x").await.map(|at| at.timestamp_millis()),
        Some(now.timestamp_millis())
    );
}

pub async fn a_dead_redis_falls_back_to_counting_in_process() {
    let counters = Counters::new(&redis_at("redis://127.0.0.1:1"), 10);
    let (width, now) = (Duration::from_secs(60), Utc::now());
    assert_eq!(counters.hit("t", "x", width, now).await.count, 1);
    assert_eq!(counters.hit("t", "x", width, now).await.count, 2);
}

hireboard_test_harness::main! {
    instances_sharing_redis_share_counts_and_facts needs(Redis),
    a_dead_redis_falls_back_to_counting_in_process,
}
