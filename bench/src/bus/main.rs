//! `hireboard-bus-bench`: publishing with confirms through `hireboard_bus::Bus::publish`
//! against a plain publisher written with the same client library, sending the same messages
//! in the same batches with the same confirms, in one run, per broker.
//!
//! Rounds alternate plain and bus publishers (the machine's speed drifts), and the report gives
//! each side's mean events/s and the ratio bus/plain. Brokers come from `--amqp`, `--nats`,
//! `--kafka` or the test variables (`HIREBOARD_TEST_AMQP_URL`, `HIREBOARD_TEST_NATS_URL`,
//! `HIREBOARD_TEST_KAFKA_URL`); a broker with neither is skipped. Nothing consumes: each
//! publisher's cost ends at the broker's confirm. The last line, `RESULT_JSON {...}`, carries
//! the numbers for scripts.
//!
//!   cargo run --release -p hireboard-bench --bin hireboard-bus-bench -- --messages 20000

mod brokers;
mod plain;

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::Context;
use clap::Parser;
use hireboard_bus::{Bus, BusOptions, Message, Position};

use brokers::BrokerUrls;

#[derive(Debug, Parser)]
#[command(name = "hireboard-bus-bench", about)]
struct Args {
    #[command(flatten)]
    brokers: BrokerUrls,
    /// Messages each publisher sends per round.
    #[arg(long, default_value_t = 20_000, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    messages: u32,
    /// Messages per publish call (the relay's batch).
    #[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    batch: u32,
    /// Distinct ordering keys.
    #[arg(long, default_value_t = 1_000, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    keys: u32,
    /// Rounds of (plain, bus).
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=20))]
    rounds: u32,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let mut results = Vec::new();
    for (name, url) in args.brokers.given() {
        let result = bench(name, &url, &args)
            .await
            .with_context(|| format!("{name} at {url}"))?;
        println!(
            "{name:<6} plain {:>9.0} events/s   bus {:>9.0} events/s   bus/plain {:>5.1} %",
            result.plain,
            result.bus,
            100.0 * result.bus / result.plain
        );
        results.push(serde_json::json!({
            "broker": name,
            "plain_events_per_sec": result.plain,
            "bus_events_per_sec": result.bus,
            "ratio": result.bus / result.plain,
        }));
    }
    let result = serde_json::json!({
        "messages": args.messages, "batch": args.batch, "keys": args.keys, "rounds": args.rounds,
        "brokers": results,
    });
    println!("RESULT_JSON {result}");
    Ok(())
}

struct Rates {
    plain: f64,
    bus: f64,
}

async fn bench(name: &str, url: &str, args: &Args) -> anyhow::Result<Rates> {
    // Connecting the bus first declares the topology the plain publisher then uses.
    let bus = Bus::connect(url, BusOptions::default()).await?;
    let plain = plain::Publisher::connect(url).await?;
    let (mut plain_rates, mut bus_rates) = (Vec::new(), Vec::new());
    for round in 0..args.rounds {
        let batch = usize::try_from(args.batch)?;
        let sent = messages(args, &format!("{name}-plain-{round}"));
        let started = Instant::now();
        for chunk in sent.chunks(batch) {
            plain.publish(chunk).await?;
        }
        plain_rates.push(rate(sent.len(), started.elapsed()));

        let sent = messages(args, &format!("{name}-bus-{round}"));
        let started = Instant::now();
        for chunk in sent.chunks(batch) {
            bus.publish(chunk).await?;
        }
        bus_rates.push(rate(sent.len(), started.elapsed()));
        eprintln!(
            "{name} round {}: plain {:.0}/s, bus {:.0}/s",
            round + 1,
            plain_rates[plain_rates.len() - 1],
            bus_rates[bus_rates.len() - 1]
        );
    }
    let mean = |rates: &[f64]| rates.iter().sum::<f64>() / rates.len() as f64;
    Ok(Rates {
        plain: mean(&plain_rates),
        bus: mean(&bus_rates),
    })
}

fn rate(count: usize, elapsed: Duration) -> f64 {
    count as f64 / elapsed.as_secs_f64()
}

/// Event-sized messages (a few hundred bytes of JSON) with ids no earlier run used: JetStream
/// would drop repeated ids as duplicates, which would flatter whichever side sent them.
fn messages(args: &Args, label: &str) -> Vec<Message> {
    let run = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|since| since.as_nanos())
        .unwrap_or_default();
    (0..args.messages)
        .map(|i| {
            let key = format!("JOB-{:07}", i % args.keys);
            let payload = serde_json::json!({
                "type": "posting.published", "version": 1, "key": key, "sequence": i,
                "data": {"title": "Senior Rust engineer", "company": "Example GmbH",
                         "location": "Berlin", "functional_area": "engineering",
                         "description": "x".repeat(160)},
            });
            Message {
                id: format!("{run:x}-{label}-{i}"),
                event_type: "bench.published".to_owned(),
                key,
                position: Some(Position {
                    log: "bench".into(),
                    at: i as i64 + 1,
                }),
                payload: payload.to_string().into_bytes(),
            }
        })
        .collect()
}
