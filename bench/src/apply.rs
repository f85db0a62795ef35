//! Setup of the `apply` scenario, through the public API only: candidate accounts, each with a
//! bearer token, and published postings that a candidate can apply to with an empty body
//! (no required screening question).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use anyhow::{bail, Context};
use hyper::body::Bytes;
use hyper::header::HeaderValue;
use hyper::StatusCode;
use serde::Deserialize;
use serde_json::json;
use tokio::task::JoinSet;

use crate::cli::Base;
use crate::client::{Call, Conn, GetError, Reply};
use crate::discover::encode_component;
use crate::load::ApplyPlan;

/// Password of every benchmark candidate: long and not built from their email or name.
const PASSWORD: &str = "Quartz-lantern-ferry-71-orchid";

/// Registers `candidates` accounts and collects up to `max_postings` postings, over
/// `connections` parallel connections.
pub async fn prepare(
    base: &Base,
    candidates: usize,
    max_postings: usize,
    connections: usize,
) -> anyhow::Result<ApplyPlan> {
    let started = Instant::now();
    let authorizations = register_all(base, candidates, connections).await?;
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "apply setup: registered and logged in {candidates} candidates in {secs:.1} s ({:.1}/s, over {connections} connections)",
        candidates as f64 / secs
    );

    let started = Instant::now();
    let codes = eligible_postings(base, max_postings, connections).await?;
    eprintln!(
        "apply setup: collected {} postings without required screening questions in {:.1} s",
        codes.len(),
        started.elapsed().as_secs_f64()
    );
    if codes.is_empty() {
        bail!(
            "no published posting without required screening questions; cannot apply with `{{}}`"
        );
    }
    Ok(ApplyPlan {
        authorizations,
        targets: codes
            .iter()
            .map(|c| {
                base.target(&format!(
                    "/api/v1/jobs/{}/applications",
                    encode_component(c)
                ))
            })
            .collect(),
        body: Bytes::from_static(b"{}"),
    })
}

/// A tag that makes this run's email addresses unique.
pub(crate) fn run_tag() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{:x}{:x}", nanos, std::process::id())
}

/// Sends `call`, reopening the connection once if the server had closed it.
pub(crate) async fn send(conn: &mut Conn, base: &Base, call: Call<'_>) -> anyhow::Result<Reply> {
    match conn.send(call).await {
        Err(GetError::Closed) => {
            *conn = Conn::open(base).await?;
            Ok(conn.send(call).await?)
        }
        other => Ok(other?),
    }
}

pub(crate) fn expect(reply: &Reply, status: StatusCode, what: &str) -> anyhow::Result<()> {
    if reply.status != status {
        let hint = if reply.status == StatusCode::TOO_MANY_REQUESTS {
            " (raise the server's rate limits: HIREBOARD_RATE_LIMITS__REGISTER__MAX, __LOGIN__MAX, __APPLY__MAX; bench/run.sh does)"
        } else {
            ""
        };
        bail!(
            "{what} returned {} instead of {status}{hint}: {}",
            reply.status,
            reply.snippet()
        );
    }
    Ok(())
}

/// Sends `call` (as [`send`]) and fails unless the answer has `status`.
pub(crate) async fn send_expecting(
    conn: &mut Conn,
    base: &Base,
    call: Call<'_>,
    status: StatusCode,
    what: &str,
) -> anyhow::Result<Reply> {
    let reply = send(conn, base, call).await?;
    expect(&reply, status, what)?;
    Ok(reply)
}

#[derive(Deserialize)]
struct Session {
    token: String,
}

/// Registers account `i` of this run with `role` (`candidate` or `recruiter`) and logs in;
/// returns its `Authorization` header value.
pub(crate) async fn register_one(
    conn: &mut Conn,
    base: &Base,
    tag: &str,
    i: usize,
    role: &str,
) -> anyhow::Result<String> {
    let email = format!("bench-{tag}-{i}@bench.example.com");
    let account = Bytes::from(serde_json::to_vec(&json!({
        "email": email,
        "password": PASSWORD,
        "display_name": format!("Bench {role} {i}"),
        "role": role,
    }))?);
    let accounts = base.target("/api/v1/accounts");
    let call = Call::post(&accounts, &account);
    send_expecting(
        conn,
        base,
        call,
        StatusCode::CREATED,
        "POST /api/v1/accounts",
    )
    .await?;

    let login = Bytes::from(serde_json::to_vec(
        &json!({ "email": email, "password": PASSWORD }),
    )?);
    let sessions = base.target("/api/v1/sessions");
    let call = Call::post(&sessions, &login);
    let reply = send_expecting(
        conn,
        base,
        call,
        StatusCode::CREATED,
        "POST /api/v1/sessions",
    )
    .await?;
    let session: Session =
        serde_json::from_slice(&reply.body).context("POST /api/v1/sessions: no token")?;
    let authorization = format!("Bearer {}", session.token);
    HeaderValue::from_str(&authorization).context("the session token is not a valid header")?;
    Ok(authorization)
}

/// Registers `count` candidates over `connections` connections, in index order.
async fn register_all(
    base: &Base,
    count: usize,
    connections: usize,
) -> anyhow::Result<Vec<String>> {
    let tag: Arc<str> = run_tag().into();
    let next = Arc::new(AtomicUsize::new(0));
    let mut tasks = JoinSet::new();
    for _ in 0..connections.clamp(1, count.max(1)) {
        let (base, tag, next) = (base.clone(), Arc::clone(&tag), Arc::clone(&next));
        tasks.spawn(async move {
            let mut conn = Conn::open(&base).await.context("cannot connect")?;
            let mut done = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= count {
                    return anyhow::Ok(done);
                }
                let authorization = register_one(&mut conn, &base, &tag, i, "candidate")
                    .await
                    .with_context(|| format!("registering candidate {i}"))?;
                done.push((i, authorization));
            }
        });
    }
    let mut all = Vec::with_capacity(count);
    while let Some(joined) = tasks.join_next().await {
        all.extend(joined??);
    }
    all.sort_unstable_by_key(|(i, _)| *i);
    Ok(all.into_iter().map(|(_, a)| a).collect())
}

#[derive(Deserialize)]
struct Page {
    items: Vec<Item>,
    #[serde(default)]
    next_cursor: Option<String>,
}

#[derive(Deserialize)]
struct Item {
    job_code: serde_json::Value,
}

#[derive(Deserialize)]
struct Posting {
    #[serde(default)]
    screening_questions: Vec<Question>,
}

#[derive(Deserialize)]
struct Question {
    #[serde(default)]
    required: bool,
}

/// Whether a `GET /api/v1/jobs/{code}` body has no required screening question.
fn no_required_questions(body: &[u8]) -> anyhow::Result<bool> {
    let posting: Posting = serde_json::from_slice(body).context("not a posting")?;
    Ok(!posting.screening_questions.iter().any(|q| q.required))
}

fn code_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::String(s) if !s.is_empty() => Some(s.clone()),
        _ => None,
    }
}

/// Walks the listing pages (newest first) and keeps, in order, up to `max` postings without
/// required screening questions, checking each page's postings over `connections` connections.
async fn eligible_postings(
    base: &Base,
    max: usize,
    connections: usize,
) -> anyhow::Result<Vec<String>> {
    let mut conn = Conn::open(base).await.context("cannot connect")?;
    let mut eligible = Vec::new();
    let mut cursor: Option<String> = None;
    while eligible.len() < max {
        let mut path = "/api/v1/jobs?limit=100".to_owned();
        if let Some(cursor) = &cursor {
            path.push_str(&format!("&cursor={}", encode_component(cursor)));
        }
        let reply = send(&mut conn, base, Call::get(&base.target(&path))).await?;
        expect(&reply, StatusCode::OK, "GET /api/v1/jobs")?;
        let page: Page = serde_json::from_slice(&reply.body).context("GET /api/v1/jobs")?;
        let codes: Vec<String> = page
            .items
            .iter()
            .filter_map(|i| code_text(&i.job_code))
            .collect();
        for (code, ok) in check_all(base, codes, connections).await? {
            if ok && eligible.len() < max {
                eligible.push(code);
            }
        }
        match page.next_cursor {
            Some(next) if !page.items.is_empty() => cursor = Some(next),
            _ => break,
        }
    }
    Ok(eligible)
}

/// Fetches each posting in parallel; returns the codes in order with their eligibility.
async fn check_all(
    base: &Base,
    codes: Vec<String>,
    connections: usize,
) -> anyhow::Result<Vec<(String, bool)>> {
    let codes: Arc<[String]> = codes.into();
    let next = Arc::new(AtomicUsize::new(0));
    let mut tasks = JoinSet::new();
    for _ in 0..connections.clamp(1, codes.len().max(1)) {
        let (base, codes, next) = (base.clone(), Arc::clone(&codes), Arc::clone(&next));
        tasks.spawn(async move {
            let mut conn = Conn::open(&base).await.context("cannot connect")?;
            let mut done = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(code) = codes.get(i) else {
                    return anyhow::Ok(done);
                };
                let target = base.target(&format!("/api/v1/jobs/{}", encode_component(code)));
                let reply = send(&mut conn, &base, Call::get(&target)).await?;
                // A posting that closed or expired since the listing is simply skipped.
                let ok = reply.status == StatusCode::OK
                    && no_required_questions(&reply.body)
                        .with_context(|| format!("GET /api/v1/jobs/{code}"))?;
                done.push((i, ok));
            }
        });
    }
    let mut results = vec![false; codes.len()];
    while let Some(joined) = tasks.join_next().await {
        for (i, ok) in joined?? {
            results[i] = ok;
        }
    }
    Ok(codes.iter().cloned().zip(results).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_with_a_required_question_are_skipped() {
        let none = br#"{"job_code": 1, "title": "x"}"#;
        let optional = br#"{"screening_questions": [{"id": "a", "required": false}]}"#;
        let required = br#"{"screening_questions": [{"id": "a", "required": false},
                                                   {"id": "b", "required": true}]}"#;
        assert!(no_required_questions(none).unwrap());
        assert!(no_required_questions(optional).unwrap());
        assert!(!no_required_questions(required).unwrap());
        assert!(no_required_questions(b"<html>").is_err());
    }

    #[test]
    fn codes_from_numbers_or_strings() {
        assert_eq!(code_text(&json!(1546216)).as_deref(), Some("1546216"));
        assert_eq!(code_text(&json!("77")).as_deref(), Some("77"));
        assert_eq!(code_text(&json!("")), None);
        assert_eq!(code_text(&json!(null)), None);
    }
}
