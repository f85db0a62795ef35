//! Discovery of job codes and functional areas to request, from the first listing page.

use std::collections::BTreeSet;

use anyhow::{bail, Context};
use serde::Deserialize;

use crate::cli::Base;
use crate::client::Conn;

/// Path and query of the discovery request.
pub const DISCOVERY_PATH: &str = "/api/v1/jobs?limit=100";

/// What the scenarios cycle through.
#[derive(Debug)]
pub struct Discovered {
    pub codes: Vec<String>,
    pub areas: Vec<String>,
}

#[derive(Deserialize)]
struct Page {
    items: Vec<Item>,
}

#[derive(Deserialize)]
struct Item {
    job_code: serde_json::Value,
    #[serde(default)]
    functional_area: Option<String>,
}

/// Attempts at the discovery request: a server that just started on a busy database may
/// answer its first listing with a 5xx (statement timeout).
const DISCOVERY_ATTEMPTS: u32 = 3;

/// Fetches one page of postings and collects up to 100 codes and the distinct areas.
pub async fn discover(base: &Base) -> anyhow::Result<Discovered> {
    let mut attempt = 1;
    loop {
        match discover_once(base).await {
            Err(err) if attempt < DISCOVERY_ATTEMPTS => {
                eprintln!("discovery attempt {attempt} failed, retrying in 1 s: {err:#}");
                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                attempt += 1;
            }
            other => return other,
        }
    }
}

async fn discover_once(base: &Base) -> anyhow::Result<Discovered> {
    let mut conn = Conn::open(base)
        .await
        .with_context(|| format!("cannot connect to {}", base.authority()))?;
    let reply = conn
        .get(&base.target(DISCOVERY_PATH))
        .await
        .context("discovery request failed")?;
    if !reply.status.is_success() {
        bail!(
            "GET {DISCOVERY_PATH} returned {}: {}",
            reply.status,
            reply.snippet()
        );
    }
    parse_page(&reply.body)
}

fn parse_page(body: &[u8]) -> anyhow::Result<Discovered> {
    let page: Page = serde_json::from_slice(body)
        .with_context(|| format!("GET {DISCOVERY_PATH} did not return a job page"))?;
    let codes: Vec<String> = page
        .items
        .iter()
        .filter_map(|item| match &item.job_code {
            serde_json::Value::Number(n) => Some(n.to_string()),
            serde_json::Value::String(s) if !s.is_empty() => Some(s.clone()),
            _ => None,
        })
        .take(100)
        .collect();
    if codes.is_empty() {
        bail!("GET {DISCOVERY_PATH} returned no jobs; load some data (e.g. `hireboard demo`)");
    }
    let areas: BTreeSet<String> = page
        .items
        .into_iter()
        .filter_map(|item| item.functional_area)
        .filter(|a| !a.is_empty())
        .collect();
    Ok(Discovered {
        codes,
        areas: areas.into_iter().collect(),
    })
}

/// Percent-encodes everything except RFC 3986 unreserved characters.
pub fn encode_component(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for byte in raw.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_query_values() {
        assert_eq!(
            encode_component("Backend Development"),
            "Backend%20Development"
        );
        assert_eq!(encode_component("R&D/QA+ops"), "R%26D%2FQA%2Bops");
        assert_eq!(encode_component("Café"), "Caf%C3%A9");
        assert_eq!(encode_component("a-b_c.d~e"), "a-b_c.d~e");
    }

    #[test]
    fn collects_codes_and_distinct_areas() {
        let body = br#"{"items":[
            {"job_code":1546216,"functional_area":"Backend Development","title":"x"},
            {"job_code":"77","functional_area":"Design"},
            {"job_code":3,"functional_area":"Backend Development"},
            {"job_code":4}
        ],"next_cursor":null}"#;
        let d = parse_page(body).unwrap();
        assert_eq!(d.codes, ["1546216", "77", "3", "4"]);
        assert_eq!(d.areas, ["Backend Development", "Design"]);
    }

    #[test]
    fn empty_page_is_an_error() {
        let err = parse_page(br#"{"items":[],"next_cursor":null}"#).unwrap_err();
        assert!(err.to_string().contains("no jobs"));
        assert!(parse_page(b"<html>").is_err());
    }
}
