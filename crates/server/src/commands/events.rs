//! `hireboard events`: what consumers gave up on, and delivering it again.

use std::io::Write;

use anyhow::Context;
use chrono::Utc;
use hireboard_store::{Replay, Store};

use crate::cli::{DeadLettersArgs, ReplayArgs};

/// Prints dead letters, one block each, oldest first.
pub async fn dead_letters(store: &dyn Store, args: &DeadLettersArgs) -> anyhow::Result<()> {
    let letters = store
        .consumers()
        .dead_letters(args.consumer.as_deref(), 0, args.limit)
        .await
        .context("cannot read the dead letters")?;
    let mut out = std::io::stdout().lock();
    if letters.is_empty() {
        writeln!(out, "no dead letters")?;
    }
    for letter in &letters {
        let replay = match letter.replay_requested_at {
            Some(at) => format!(" (replay asked {})", at.to_rfc3339()),
            None => String::new(),
        };
        writeln!(
            out,
            "#{} consumer={} event={} type={} attempts={} failed_at={}{replay}",
            letter.id,
            letter.consumer,
            letter.event_id.as_deref().unwrap_or("-"),
            letter.event_type.as_deref().unwrap_or("-"),
            letter.attempts,
            letter.failed_at.to_rfc3339(),
        )?;
        writeln!(out, "  error: {}", one_line(&letter.error))?;
    }
    Ok(())
}

/// Asks the consumers to deliver dead letters again; a running consumer picks them up
/// within seconds, and one that is stopped does so when it starts.
pub async fn replay(store: &dyn Store, args: &ReplayArgs) -> anyhow::Result<()> {
    let which = match (&args.id, &args.consumer) {
        (Some(id), _) => Replay::One(*id),
        (None, Some(consumer)) => Replay::Consumer(consumer.clone()),
        (None, None) => anyhow::bail!("name a dead letter's id or --consumer"),
    };
    let count = store
        .consumers()
        .request_replay(&which, Utc::now())
        .await
        .context("cannot ask for the replay")?;
    match (count, which) {
        (0, Replay::One(id)) => anyhow::bail!("there is no dead letter #{id}"),
        (0, Replay::Consumer(name)) => println!("consumer {name} has no dead letters"),
        (count, _) => println!("{count} dead letter(s) will be delivered again"),
    }
    Ok(())
}

/// Errors can hold newlines (and whatever a message carried): one printable line each.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}
