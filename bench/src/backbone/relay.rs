//! The relay against a plain publisher of the same events.

use std::sync::Arc;
use std::time::{Duration, Instant};

use hireboard_bus::{Bus, BusOptions, Message};
use hireboard_events::{outbox_message, BrokerHealth, Relay, Shutdown};
use hireboard_store::Store;

use crate::{latency::Board, plain, Args};

pub struct Rates {
    pub plain: f64,
    pub relay: f64,
}

/// The relay's batch: the plain publisher sends the same.
const BATCH: usize = 500;

pub async fn bench(name: &str, url: &str, args: &Args) -> anyhow::Result<Rates> {
    // Connecting the bus first declares the topology the plain publisher then uses.
    let bus = Arc::new(Bus::connect(url, BusOptions::default()).await?);
    let plain = plain::Publisher::connect(url).await?;
    let (mut plain_rates, mut relay_rates) = (Vec::new(), Vec::new());
    for round in 0..args.rounds {
        let board = Board::imported(args.events).await?;
        let messages = outbox_messages(board.store.as_ref()).await?;
        let started = Instant::now();
        for chunk in messages.chunks(BATCH) {
            plain.publish(chunk).await?;
        }
        plain_rates.push(messages.len() as f64 / started.elapsed().as_secs_f64());

        let board = Board::imported(args.events).await?;
        let head = board.store.events().head().await?;
        let shutdown = Shutdown::new();
        let relay = Relay {
            store: board.store.clone(),
            bus: bus.clone(),
            instance: "bench".into(),
            health: Arc::new(BrokerHealth::default()),
        };
        let started = Instant::now();
        let task = tokio::spawn(relay.run(shutdown.clone()));
        let log = board.store.consumers();
        while log.position("relay", bus.name()).await? != Some(head) {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        relay_rates.push(head as f64 / started.elapsed().as_secs_f64());
        shutdown.request();
        task.await?.map_err(anyhow::Error::msg)?;
        eprintln!(
            "{name} round {}: plain {:.0}/s, relay {:.0}/s",
            round + 1,
            plain_rates[plain_rates.len() - 1],
            relay_rates[relay_rates.len() - 1]
        );
    }
    let mean = |rates: &[f64]| rates.iter().sum::<f64>() / rates.len() as f64;
    Ok(Rates {
        plain: mean(&plain_rates),
        relay: mean(&relay_rates),
    })
}

/// Every event of `store` as the relay would publish it (read before the clock starts).
async fn outbox_messages(store: &dyn Store) -> anyhow::Result<Vec<Message>> {
    let events = store.events().raw_after(0, u32::MAX).await?;
    let deployment = store.deployment_id().await?;
    Ok(events
        .into_iter()
        .filter_map(|event| outbox_message(event, &deployment))
        .collect())
}
