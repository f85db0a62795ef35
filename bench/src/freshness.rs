//! The `freshness` scenario: how long a committed posting change takes to show in search.
//!
//! Through the public API only, a recruiter drafts and publishes one posting, then edits its
//! title again and again, each time to a word no other posting has, and after each edit
//! searches for that word until the posting comes back with its new title. The time from the
//! edit's answer (the server answers after the change is committed) to the first search that
//! finds it is the freshness of that edit; the searches poll every millisecond. The baseline,
//! measured in the same run on the same server, is the round trip of that search once the
//! posting is found: no change can be seen sooner than one search takes. The posting is closed
//! at the end, so a run leaves nothing listed.

use std::time::Duration;

use anyhow::{bail, Context};
use hdrhistogram::Histogram;
use hyper::body::Bytes;
use hyper::{Method, StatusCode};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use tokio::time::{sleep, Instant};

use crate::apply::{expect, register_one, run_tag, send, send_expecting};
use crate::cli::Base;
use crate::client::{Call, Conn};

/// An edit not visible after this long counts as missed (the issue's bound is 1 s).
const GIVE_UP: Duration = Duration::from_secs(10);
/// Pause between two searches for the same edit.
const POLL: Duration = Duration::from_millis(1);
/// The issue's bound on freshness.
const TARGET: Duration = Duration::from_secs(1);

/// What the run measured, as printed and as serialised.
#[derive(Debug, Serialize)]
pub struct Freshness {
    pub edits: u32,
    /// Edits not found within [`GIVE_UP`].
    pub missed: u32,
    pub visible_p50_ms: f64,
    pub visible_p99_ms: f64,
    pub visible_max_ms: f64,
    /// The search's own round trip: the baseline.
    pub search_p50_ms: f64,
    pub search_p99_ms: f64,
    /// Searches sent while waiting, per edit.
    pub polls_per_edit: f64,
}

impl Freshness {
    pub fn failed(&self) -> bool {
        self.missed > 0 || self.visible_p99_ms > TARGET.as_secs_f64() * 1000.0
    }

    pub fn render(&self) -> String {
        format!(
            "freshness: {} edits, {} missed; commit to visible in search p50 {:.1} ms, p99 {:.1} \
             ms, max {:.1} ms (target p99 under {} ms: {:.1}% of it); one search p50 {:.2} ms, \
             p99 {:.2} ms (visible p50 = {:.1}x one search); {:.1} searches per edit\n",
            self.edits,
            self.missed,
            self.visible_p50_ms,
            self.visible_p99_ms,
            self.visible_max_ms,
            TARGET.as_millis(),
            self.visible_p99_ms / (TARGET.as_secs_f64() * 1000.0) * 100.0,
            self.search_p50_ms,
            self.search_p99_ms,
            self.visible_p50_ms / self.search_p50_ms.max(0.001),
            self.polls_per_edit,
        )
    }
}

#[derive(Deserialize)]
struct Created {
    job_code: u64,
}

#[derive(Deserialize)]
struct Found {
    items: Vec<Item>,
}

#[derive(Deserialize)]
struct Item {
    job_code: u64,
    title: String,
}

/// A word of letters only, unique to this run and edit, that tokenizes as one word.
fn probe_word(tag: &str, edit: u32) -> String {
    let letters = |text: &str| -> String {
        text.bytes()
            .map(|b| char::from(b'a' + (b % 26)))
            .collect::<String>()
    };
    let tail = &tag[tag.len().saturating_sub(8)..];
    format!("zq{}x{}", letters(tail), letters(&format!("{edit:04}")))
}

/// Whether a search answer lists posting `code` with `title`.
fn lists(body: &[u8], code: u64, title: &str) -> anyhow::Result<bool> {
    let found: Found = serde_json::from_slice(body).context("not a jobs page")?;
    Ok(found
        .items
        .iter()
        .any(|item| item.job_code == code && item.title == title))
}

fn json_body(value: Value) -> Bytes {
    Bytes::from(value.to_string())
}

/// Registers a recruiter with a company and publishes the posting the edits change.
async fn publish_probe(conn: &mut Conn, base: &Base, tag: &str) -> anyhow::Result<(String, u64)> {
    let authorization = register_one(conn, base, tag, 0, "recruiter").await?;
    let companies = base.target("/api/v1/companies");
    let company = json_body(json!({ "name": format!("Freshness Bench {tag}") }));
    let call = Call::post(&companies, &company).bearer(&authorization);
    send_expecting(
        conn,
        base,
        call,
        StatusCode::CREATED,
        "POST /api/v1/companies",
    )
    .await?;

    let jobs = base.target("/api/v1/jobs");
    let posting = json_body(json!({
        "title": "Freshness probe",
        "description": "A posting the freshness benchmark edits and searches for.",
        "skills": ["rust"],
        "functional_area": "Backend Development",
        "category": "Engineering",
        "experience": {"min_years": 1, "max_years": 5},
        "education": "bachelor",
        "workplace_type": "remote",
        "locations": [{"city": "Berlin", "country": "DE"}],
        "employment_type": "full_time",
    }));
    let call = Call::post(&jobs, &posting).bearer(&authorization);
    let reply = send_expecting(conn, base, call, StatusCode::CREATED, "POST /api/v1/jobs").await?;
    let created: Created = serde_json::from_slice(&reply.body).context("POST /api/v1/jobs")?;
    let publish = base.target(&format!("/api/v1/jobs/{}/publish", created.job_code));
    let empty = Bytes::new();
    let call = Call::post(&publish, &empty).bearer(&authorization);
    let what = "POST /api/v1/jobs/{code}/publish";
    send_expecting(conn, base, call, StatusCode::OK, what).await?;
    Ok((authorization, created.job_code))
}

fn histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, 3_600_000_000, 3).expect("valid histogram bounds")
}

/// Runs `edits` edits one after another and measures each one's freshness.
pub async fn measure(base: &Base, edits: u32) -> anyhow::Result<Freshness> {
    let tag = run_tag();
    let mut writer = Conn::open(base).await.context("cannot connect")?;
    let mut searcher = Conn::open(base).await.context("cannot connect")?;
    let (authorization, code) = publish_probe(&mut writer, base, &tag).await?;
    let posting = base.target(&format!("/api/v1/jobs/{code}"));

    let (mut visible, mut search) = (histogram(), histogram());
    let (mut missed, mut polls) = (0u32, 0u64);
    let mut last = None;
    for edit in 0..edits {
        let word = probe_word(&tag, edit);
        let title = format!("Freshness probe {word}");
        let patch = json_body(json!({ "title": title }));
        let call = Call {
            method: &Method::PATCH,
            ..Call::post(&posting, &patch).bearer(&authorization)
        };
        send_expecting(
            &mut writer,
            base,
            call,
            StatusCode::OK,
            "PATCH /api/v1/jobs/{code}",
        )
        .await?;
        // The clock starts at the answer: the change was committed before it was sent.
        let target = base.target(&format!("/api/v1/jobs?q={word}&limit=5"));
        let seen = wait_for(&mut searcher, base, &target, |body| {
            lists(body, code, &title)
        })
        .await?;
        polls += seen.polls;
        match seen.after {
            Some(after) => {
                visible.record(micros(after))?;
                search.record(micros(seen.last_search))?;
            }
            None => missed += 1,
        }
        last = Some((target, title));
    }

    let close = base.target(&format!("/api/v1/jobs/{code}/close"));
    let empty = Bytes::new();
    let call = Call::post(&close, &empty).bearer(&authorization);
    let what = "POST /api/v1/jobs/{code}/close";
    send_expecting(&mut writer, base, call, StatusCode::OK, what).await?;
    // Closed, it leaves search too; waited for so that the board is as the run found it.
    if let Some((target, title)) = last {
        let gone = wait_for(&mut searcher, base, &target, |body| {
            lists(body, code, &title).map(|listed| !listed)
        })
        .await?;
        if gone.after.is_none() {
            bail!("the closed probe posting {code} was still in search after {GIVE_UP:?}");
        }
    }
    if visible.is_empty() {
        bail!("no edit became visible in search within {GIVE_UP:?}");
    }
    let ms = |us: u64| us as f64 / 1000.0;
    Ok(Freshness {
        edits,
        missed,
        visible_p50_ms: ms(visible.value_at_quantile(0.50)),
        visible_p99_ms: ms(visible.value_at_quantile(0.99)),
        visible_max_ms: ms(visible.max()),
        search_p50_ms: ms(search.value_at_quantile(0.50)),
        search_p99_ms: ms(search.value_at_quantile(0.99)),
        polls_per_edit: polls as f64 / f64::from(edits),
    })
}

/// How a wait for a search answer went.
struct Waited {
    /// From the start of the wait to the answer that showed it; `None` past [`GIVE_UP`].
    after: Option<Duration>,
    /// The round trip of the last search sent.
    last_search: Duration,
    polls: u64,
}

/// Searches `target` every [`POLL`] until `shows` holds of the answer, or [`GIVE_UP`].
async fn wait_for(
    conn: &mut Conn,
    base: &Base,
    target: &str,
    shows: impl Fn(&[u8]) -> anyhow::Result<bool>,
) -> anyhow::Result<Waited> {
    let started = Instant::now();
    let mut polls = 0;
    loop {
        let asked = Instant::now();
        let reply = send(conn, base, Call::get(target)).await?;
        let last_search = asked.elapsed();
        polls += 1;
        expect(&reply, StatusCode::OK, "GET /api/v1/jobs?q=")?;
        if shows(&reply.body)? {
            return Ok(Waited {
                after: Some(started.elapsed()),
                last_search,
                polls,
            });
        }
        if started.elapsed() > GIVE_UP {
            return Ok(Waited {
                after: None,
                last_search,
                polls,
            });
        }
        sleep(POLL).await;
    }
}

fn micros(elapsed: Duration) -> u64 {
    u64::try_from(elapsed.as_micros())
        .unwrap_or(u64::MAX)
        .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probe_words_are_letters_and_differ_per_edit() {
        let (a, b) = (probe_word("18f3a9c", 7), probe_word("18f3a9c", 8));
        assert!(a.bytes().all(|b| b.is_ascii_lowercase()), "{a}");
        assert_ne!(a, b);
        assert_ne!(probe_word("18f3a9c", 7), probe_word("18f3a9d", 7));
    }

    #[test]
    fn only_the_posting_with_its_new_title_counts_as_found() {
        let body = br#"{"items": [{"job_code": 1234567, "title": "Freshness probe zqold"}]}"#;
        assert!(lists(body, 1234567, "Freshness probe zqold").unwrap());
        assert!(!lists(body, 1234567, "Freshness probe zqnew").unwrap());
        assert!(!lists(body, 7654321, "Freshness probe zqold").unwrap());
        assert!(!lists(br#"{"items": []}"#, 1, "x").unwrap());
        assert!(lists(b"<html>", 1, "x").is_err());
    }
}
