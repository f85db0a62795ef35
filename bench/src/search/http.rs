//! hireboard over HTTP, for the HTTP p50 beside the in-process one: the same searches as
//! `GET /api/v1/jobs?...` on one keep-alive connection to a server on this machine serving
//! the same board (from a search folder of its own: an index folder has one user at a time).

use std::collections::HashMap;

use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper::client::conn::http1::{self, SendRequest};
use hyper::header::HOST;
use hyper::{Request, StatusCode, Uri};
use hyper_util::rt::TokioIo;
use serde::Deserialize;
use tokio::net::TcpStream;

use crate::answer::Answer;
use crate::query::Query;

pub struct Http {
    sender: SendRequest<Empty<Bytes>>,
    authority: String,
}

/// The part of the answer compared with the other engines.
#[derive(Deserialize)]
struct JobsPage {
    items: Vec<serde::de::IgnoredAny>,
    total: Option<u64>,
    facets: HashMap<String, Vec<FacetValue>>,
}

#[derive(Deserialize)]
struct FacetValue {
    value: String,
    count: u64,
}

impl Http {
    /// Connects to `base` (`http://127.0.0.1:PORT`), refusing any host but loopback.
    pub async fn connect(base: &str) -> anyhow::Result<Http> {
        let uri: Uri = base.parse()?;
        anyhow::ensure!(uri.scheme_str() == Some("http"), "{base}: use http://");
        let host = uri.host().unwrap_or_default();
        anyhow::ensure!(
            matches!(host, "127.0.0.1" | "localhost" | "[::1]"),
            "refusing {base}: only a server on this machine's loopback is benchmarked"
        );
        let port = uri.port_u16().unwrap_or(80);
        let stream = TcpStream::connect((host.trim_matches(['[', ']']), port)).await?;
        stream.set_nodelay(true)?;
        let (sender, connection) = http1::handshake(TokioIo::new(stream)).await?;
        // Ends when the sender is dropped; its errors surface through the sender.
        tokio::spawn(async move {
            let _ = connection.await;
        });
        Ok(Http {
            sender,
            authority: format!("{host}:{port}"),
        })
    }

    pub async fn search(&mut self, query: &Query) -> anyhow::Result<Answer> {
        self.sender.ready().await?;
        let request = Request::get(format!("/api/v1/jobs?{}", query.label))
            .header(HOST, &self.authority)
            .body(Empty::new())?;
        let response = self.sender.send_request(request).await?;
        let status = response.status();
        let body = response.into_body().collect().await?.to_bytes();
        anyhow::ensure!(
            status == StatusCode::OK,
            "{}: HTTP {status}: {}",
            query.label,
            String::from_utf8_lossy(&body[..body.len().min(200)])
        );
        let mut page: JobsPage = serde_json::from_slice(&body)?;
        let facets = hireboard_search::Facet::ALL
            .iter()
            .map(|facet| {
                let values = page.facets.remove(facet.name()).unwrap_or_default();
                values.into_iter().map(|v| (v.value, v.count)).collect()
            })
            .collect();
        Ok(Answer {
            total: page.total.unwrap_or(0),
            hits: page.items.len(),
            facets,
        })
    }
}
