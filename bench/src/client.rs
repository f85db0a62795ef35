//! One keep-alive HTTP/1.1 connection to the server under test.

use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper::client::conn::http1::{self, SendRequest};
use hyper::header::HOST;
use hyper::{Request, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

use crate::cli::Base;

/// An open connection; requests on it are sent one at a time.
pub struct Conn {
    sender: SendRequest<Empty<Bytes>>,
    authority: String,
}

/// A response whose body has been read to the end.
pub struct Reply {
    pub status: StatusCode,
    pub body: Bytes,
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
        self.sender.ready().await.map_err(|_| GetError::Closed)?;
        let request = Request::get(target)
            .header(HOST, &self.authority)
            .body(Empty::new())
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
