//! `hireboard-backbone-bench`: the event backbone measured against same-run baselines.
//!
//! - **Relay throughput**, per broker: the relay publishing real outbox events (fat posting
//!   events from an import) with confirms, next to a plain publisher written with the same
//!   client library publishing the same events' JSON in the same batches with the same
//!   confirms. Rounds alternate the two, each on a fresh store of its own (so no event id is
//!   sent twice: JetStream would drop repeats and flatter whichever side sent them).
//! - **Commit-to-consumer latency**, in process and through each broker: a steady stream of
//!   writes at `--rate` per second for `--seconds`, and a consumer that records how long after
//!   each write's clock reading it handled the event; p50, p99 and the maximum.
//!
//! Brokers come from `--amqp`, `--nats`, `--kafka` or the test variables; a broker with
//! neither is skipped. The last line, `RESULT_JSON {...}`, carries the numbers for scripts.
//!
//!   cargo run --release -p hireboard-bench --bin hireboard-backbone-bench

#[path = "../bus/brokers.rs"]
mod brokers;
mod latency;
#[path = "../bus/plain.rs"]
mod plain;
mod relay;

use anyhow::Context;
use clap::Parser;

use brokers::BrokerUrls;

#[derive(Debug, Parser)]
#[command(name = "hireboard-backbone-bench", about)]
pub struct Args {
    #[command(flatten)]
    brokers: BrokerUrls,
    /// Events each side relays or publishes per round (one imported posting each).
    #[arg(long, default_value_t = 5_000, value_parser = clap::value_parser!(u32).range(1..=200_000))]
    events: u32,
    /// Rounds of (plain, relay).
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=20))]
    rounds: u32,
    /// Writes per second while latency is measured.
    #[arg(long, default_value_t = 1_000, value_parser = clap::value_parser!(u32).range(1..=20_000))]
    rate: u32,
    /// Seconds latency is measured for, per bus.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=600))]
    seconds: u64,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let brokers = args.brokers.given();
    let mut throughput = Vec::new();
    for (name, url) in &brokers {
        let rates = relay::bench(name, url, &args)
            .await
            .with_context(|| format!("{name} at {url}"))?;
        println!(
            "relay  {name:<6} plain {:>8.0} events/s   relay {:>8.0} events/s   relay/plain {:>5.1} %",
            rates.plain,
            rates.relay,
            100.0 * rates.relay / rates.plain
        );
        throughput.push(serde_json::json!({
            "broker": name, "plain_events_per_sec": rates.plain,
            "relay_events_per_sec": rates.relay, "ratio": rates.relay / rates.plain,
        }));
    }
    let mut latencies = Vec::new();
    for (name, url) in std::iter::once(("in-process", None))
        .chain(brokers.iter().map(|(n, u)| (*n, Some(u.as_str()))))
    {
        let measured = latency::bench(url, &args)
            .await
            .with_context(|| format!("latency through {name}"))?;
        println!(
            "latency {name:<10} {} events at {}/s: p50 {:.1} ms  p99 {:.1} ms  max {:.1} ms",
            measured.count, args.rate, measured.p50_ms, measured.p99_ms, measured.max_ms
        );
        latencies.push(serde_json::json!({
            "bus": name, "events": measured.count, "p50_ms": measured.p50_ms,
            "p99_ms": measured.p99_ms, "max_ms": measured.max_ms,
        }));
    }
    let result = serde_json::json!({
        "events": args.events, "rounds": args.rounds, "rate": args.rate, "seconds": args.seconds,
        "relay": throughput, "latency": latencies,
    });
    println!("RESULT_JSON {result}");
    Ok(())
}
