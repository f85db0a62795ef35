//! With a broker, each instance's search index follows the broker: instances see each
//! other's changes, and one restarted with its index catches up on what it missed from the
//! outbox before it follows the broker again.

use std::time::Duration;

use hireboard_test_harness::Server as Broker;

use crate::commands::{generated, text, until, write_lines, Board, Server};

const WAIT: Duration = Duration::from_secs(60);
const SEARCHED: &str = "/api/v1/jobs?sort=newest&limit=1";

async fn import(board: &Board, seed: &str, count: usize) {
    let file = board.path().join(format!("{seed}.jsonl"));
    let postings = write_lines(&file, &generated(board.path(), seed, count).await);
    let imported = board
        .run(&["import", postings.to_str().expect("path")])
        .await;
    assert!(imported.status.success(), "{}", text(&imported.stderr));
}

/// `serve` on `broker`, with its index in `search_dir` under the board.
async fn serve(board: &Board, broker: &str, search_dir: &str) -> Server {
    let mut command = board.command(&["serve"]);
    command
        .env("HIREBOARD_BUS__URL", broker)
        .env("HIREBOARD_SEARCH__DIR", board.path().join(search_dir));
    let server = board.start_with(command).await;
    until(&server, "/readyz", WAIT, |_| true).await;
    server
}

async fn searchable(server: &Server, total: u64) {
    until(server, SEARCHED, WAIT, |page| {
        page["total"].as_u64() == Some(total)
    })
    .await;
}

/// How many posting events this instance took from the broker (only the search indexer
/// takes posting events from it).
async fn taken_from_the_broker(server: &Server) -> f64 {
    server
        .metrics()
        .await
        .lines()
        .filter(|line| line.starts_with("bus_consumed_total{") && line.contains("type=\"posting."))
        .filter_map(|line| line.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

/// Waits until the instance's index follows the broker rather than the outbox.
async fn following(server: &Server) {
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let metrics = server.metrics().await;
        if metrics.contains("consumer_on_broker{consumer=\"search\"} 1") {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the index does not follow the broker:\n{metrics}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn an_instance_follows_the_broker_and_catches_up_after_a_restart(broker: Broker) {
    let url = broker.url();
    let board = Board::new().await;
    import(&board, "41", 20).await;
    let first = serve(&board, &url, "search-a").await;
    let second = serve(&board, &url, "search-b").await;
    for instance in [&first, &second] {
        searchable(instance, 20).await;
        following(instance).await;
    }

    import(&board, "42", 5).await;
    for instance in [&first, &second] {
        searchable(instance, 25).await;
        assert!(
            taken_from_the_broker(instance).await >= 5.0,
            "the index is fed by the broker:\n{}",
            instance.metrics().await
        );
    }

    // The first instance misses these while it is stopped; the second relays them.
    first.stop().await;
    import(&board, "43", 5).await;
    searchable(&second, 30).await;
    let first = serve(&board, &url, "search-a").await;
    searchable(&first, 30).await;
    following(&first).await;

    // And it follows the broker again.
    second.stop().await;
    import(&board, "44", 3).await;
    searchable(&first, 33).await;
    first.stop().await;
}

pub async fn an_instance_follows_rabbitmq_and_catches_up_after_a_restart() {
    an_instance_follows_the_broker_and_catches_up_after_a_restart(Broker::Rabbitmq).await
}

pub async fn an_instance_follows_nats_and_catches_up_after_a_restart() {
    an_instance_follows_the_broker_and_catches_up_after_a_restart(Broker::Nats).await
}

pub async fn an_instance_follows_kafka_and_catches_up_after_a_restart() {
    an_instance_follows_the_broker_and_catches_up_after_a_restart(Broker::Kafka).await
}
