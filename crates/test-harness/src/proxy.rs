//! A TCP proxy in front of a server that a test can cut and restore: what a broker restart or
//! a network outage looks like to a client, without stopping the server other tests use.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// A TCP forwarder to a broker that can be cut (every connection dropped, the port closed)
/// and restored on the same port, as a broker restart looks to a client.
pub struct Proxy {
    pub addr: SocketAddr,
    target: String,
    tasks: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

impl Proxy {
    pub async fn start(target: &str) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let proxy = Proxy {
            addr: listener.local_addr().expect("proxy address"),
            target: target.to_owned(),
            tasks: Arc::default(),
        };
        proxy.serve(listener);
        proxy
    }

    pub fn cut(&self) {
        for task in self
            .tasks
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .drain(..)
        {
            task.abort();
        }
    }

    pub async fn restore(&self) {
        let listener = TcpListener::bind(self.addr).await.expect("rebind proxy");
        self.serve(listener);
    }

    fn serve(&self, listener: TcpListener) {
        let (target, tasks) = (self.target.clone(), Arc::clone(&self.tasks));
        let accept = tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                let target = target.clone();
                let forward = tokio::spawn(async move {
                    if let Ok(mut outbound) = tokio::net::TcpStream::connect(&target).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
                tasks
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(forward);
            }
        });
        self.tasks
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(accept);
    }
}

/// `url` with its host:port replaced by `addr`.
pub fn via(url: &str, addr: SocketAddr) -> String {
    let (scheme, rest) = url.split_once("://").expect("URL with a scheme");
    let (userinfo, hostport_and_path) = match rest.rsplit_once('@') {
        Some((userinfo, rest)) => (format!("{userinfo}@"), rest),
        None => (String::new(), rest),
    };
    let path = hostport_and_path
        .find('/')
        .map_or("", |at| &hostport_and_path[at..]);
    format!("{scheme}://{userinfo}{addr}{path}")
}

/// The `host:port` of `url` (`scheme://[user@]host:port[/path]`).
pub fn host_port(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let rest = rest.rsplit_once('@').map_or(rest, |(_, rest)| rest);
    rest.split('/').next().unwrap_or(rest).to_owned()
}
