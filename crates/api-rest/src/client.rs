//! Who the client is: the connection's peer, or, behind proxies the operator trusts, the
//! address they forwarded in `X-Forwarded-For`. Rate limits and login throttling count per
//! client, so behind a load balancer this is what keeps one client's limit from being
//! everyone's, and a header from anyone else is ignored so it cannot dodge them.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;

use crate::AppState;

/// Networks of the proxies whose `X-Forwarded-For` is believed (none by default).
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Arc<[IpNet]>);

/// The client address, resolved once per request by [`resolve`].
#[derive(Debug, Clone, Copy)]
struct ClientAddr(IpAddr);

impl TrustedProxies {
    /// Parses addresses (`10.0.0.7`) and networks (`10.0.0.0/8`), naming the first bad one.
    pub fn parse(entries: &[String]) -> Result<TrustedProxies, String> {
        entries
            .iter()
            .map(|entry| {
                let entry = entry.trim();
                entry
                    .parse::<IpNet>()
                    .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("{entry:?} is not an IP address or network"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(|networks| TrustedProxies(networks.into()))
    }

    fn trusts(&self, address: IpAddr) -> bool {
        self.0.iter().any(|network| network.contains(&address))
    }

    /// Walks the forwarded chain from the nearest hop back while each hop is trusted; the
    /// first untrusted address is the client. Unparsable entries end the walk.
    fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let mut client = peer;
        let forwarded: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .collect();
        for hop in forwarded.iter().rev() {
            if !self.trusts(client) {
                break;
            }
            match hop.trim().parse() {
                Ok(address) => client = address,
                Err(_) => break,
            }
        }
        client
    }
}

/// Middleware: records the client address for [`client_ip`].
pub async fn resolve(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let peer = peer(request.extensions());
    let client = state.trusted_proxies.client(peer, request.headers());
    request.extensions_mut().insert(ClientAddr(client));
    next.run(request).await
}

/// The client address of a request (the peer if [`resolve`] did not run).
pub fn client_ip(parts: &Parts) -> IpAddr {
    parts
        .extensions
        .get::<ClientAddr>()
        .map_or_else(|| peer(&parts.extensions), |client| client.0)
}

/// The connection's peer (loopback when there is no socket, as in router tests).
fn peer(extensions: &axum::http::Extensions) -> IpAddr {
    extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forwarded(chain: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", chain.parse().unwrap());
        headers
    }

    #[test]
    fn believes_only_trusted_proxies() {
        let proxies = TrustedProxies::parse(&["10.0.0.0/8".into()]).unwrap();
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let chain = forwarded("6.6.6.6, 203.0.113.7, 10.0.0.5");
        // Through two trusted hops: the first untrusted address is the client; what it
        // claimed before (6.6.6.6) is not believed.
        assert_eq!(proxies.client(ip("10.0.0.2"), &chain), ip("203.0.113.7"));
        // Straight from the internet: the header is the client's own claim.
        assert_eq!(
            proxies.client(ip("198.51.100.1"), &chain),
            ip("198.51.100.1")
        );
        assert_eq!(
            proxies.client(ip("10.0.0.2"), &forwarded("garbage")),
            ip("10.0.0.2")
        );
        assert_eq!(
            TrustedProxies::default().client(ip("10.0.0.2"), &chain),
            ip("10.0.0.2")
        );
    }

    #[test]
    fn parses_addresses_and_networks() {
        let proxies = TrustedProxies::parse(&["192.0.2.1".into(), "fd00::/8".into()]).unwrap();
        assert!(proxies.trusts("192.0.2.1".parse().unwrap()));
        assert!(proxies.trusts("fd00::1".parse().unwrap()));
        let error = TrustedProxies::parse(&["nginx".into()]).unwrap_err();
        assert!(error.contains("nginx"), "{error}");
    }
}
