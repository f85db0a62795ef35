//! One keep-alive HTTP/1.1 connection to the server under test.

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::client::conn::http1::{self, SendRequest};
use hyper::header::{AUTHORIZATION, CONTENT_TYPE, HOST};
use hyper::{Method, Request, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

use crate::cli::Base;

/// An open connection; requests on it are sent one at a time.
pub struct Conn {
    sender: SendRequest<Full<Bytes>>,
    authority: String,
}

/// A request to send: `body`, if any, is sent as `application/json`.
#[derive(Debug, Clone, Copy)]
pub struct Call<'a> {
    pub method: &'a Method,
    /// Origin-form target (path and query), already prefixed with the base path.
    pub target: &'a str,
    /// Value of the `Authorization` header, e.g. `Bearer hb_...`.
    pub authorization: Option<&'a str>,
    pub body: Option<&'a Bytes>,
}

impl<'a> Call<'a> {
    pub fn get(target: &'a str) -> Self {
        Call {
            method: &Method::GET,
            target,
            authorization: None,
            body: None,
        }
    }

    pub fn post(target: &'a str, body: &'a Bytes) -> Self {
        Call {
            method: &Method::POST,
            target,
            authorization: None,
            body: Some(body),
        }
    }

    pub fn bearer(self, authorization: &'a str) -> Self {
        Call {
            authorization: Some(authorization),
            ..self
        }
    }
}

/// A response whose body has been read to the end.
pub struct Reply {
    pub status: StatusCode,
    pub body: Bytes,
}

impl Reply {
    /// The start of the body, for error messages.
    pub fn snippet(&self) -> String {
        String::from_utf8_lossy(&self.body[..self.body.len().min(200)]).into_owned()
    }
}

/// Why a request got no response.
#[derive(Debug)]
pub enum GetError {
    /// The connection was already closed (e.g. the server ended keep-alive); nothing was sent.
    Closed,
    /// The request was sent but failed on the wire.
    Transport(hyper::Error),
}

impl std::fmt::Display for GetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Closed => f.write_str("connection closed"),
            Self::Transport(e) => write!(f, "transport error: {e}"),
        }
    }
}

impl std::error::Error for GetError {}

impl Conn {
    /// Connects over TCP and performs the HTTP/1.1 handshake.
    pub async fn open(base: &Base) -> anyhow::Result<Self> {
        let stream = TcpStream::connect(base.socket_addr()).await?;
        stream.set_nodelay(true)?;
        let (sender, connection) = http1::handshake(TokioIo::new(stream)).await?;
        // The connection task ends when `sender` is dropped or the peer closes; errors
        // surface through `sender`, so the task's own result carries nothing new.
        tokio::spawn(async move {
            let _ = connection.await;
        });
        Ok(Self {
            sender,
            authority: base.authority(),
        })
    }

    /// Sends `GET target` (origin form) and reads the whole body.
    pub async fn get(&mut self, target: &str) -> Result<Reply, GetError> {
        self.send(Call::get(target)).await
    }

    /// Sends one request and reads the whole body.
    pub async fn send(&mut self, call: Call<'_>) -> Result<Reply, GetError> {
        self.sender.ready().await.map_err(|_| GetError::Closed)?;
        let mut request = Request::builder()
            .method(call.method)
            .uri(call.target)
            .header(HOST, &self.authority);
        if let Some(authorization) = call.authorization {
            request = request.header(AUTHORIZATION, authorization);
        }
        let body = match call.body {
            Some(body) => {
                request = request.header(CONTENT_TYPE, "application/json");
                Full::new(body.clone())
            }
            None => Full::new(Bytes::new()),
        };
        let request = request
            .body(body)
            .expect("request target was built from a validated base URL");
        let response = self
            .sender
            .send_request(request)
            .await
            .map_err(GetError::Transport)?;
        let status = response.status();
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(GetError::Transport)?
            .to_bytes();
        Ok(Reply { status, body })
    }
}
