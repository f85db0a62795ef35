//! Who is asking, from where, and under which request: built once per request by the adapter
//! that received it (REST today), passed to every use case.

use std::net::{IpAddr, Ipv4Addr};

use crate::Actor;

/// A request as the service layer sees it, whatever protocol carried it.
#[derive(Debug, Clone)]
pub struct RequestContext {
    pub actor: Actor,
    /// The client's address (behind trusted proxies, the one they forwarded): what per-client
    /// limits count.
    pub client: IpAddr,
    /// Names the request in every log line about it.
    pub request_id: String,
    /// The caller's key for making a retried write happen once, if it sent one.
    pub idempotency_key: Option<String>,
}

impl RequestContext {
    /// A request made by `actor` from this machine itself: an operator command such as
    /// loading the demo data.
    pub fn local(actor: Actor, request_id: impl Into<String>) -> RequestContext {
        RequestContext {
            actor,
            client: IpAddr::V4(Ipv4Addr::LOCALHOST),
            request_id: request_id.into(),
            idempotency_key: None,
        }
    }
}
