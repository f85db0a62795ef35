//! The REST API's request and response bodies and query strings, one module per resource.
//!
//! These types are the wire contract: their serde attributes decide the JSON, their utoipa
//! attributes the OpenAPI schemas (component names included, which is why they carry the
//! domain's names). Requests convert into the domain's and service's input types and
//! responses from their values with `From` impls beside each type, so the core knows no
//! protocol and a change to it shows up here as a compile error, not as a silent change of
//! the API.

pub mod accounts;
pub mod applications;
pub mod companies;
pub mod invitations;
pub mod moderation;
pub mod page;
pub mod postings;
pub mod questions;
pub mod screening;
pub mod search;

/// Declares a wire enum of lowercase strings mirroring the domain enum `$domain`, with
/// conversions both ways.
///
/// Each value is matched as a token tree (`tt`), not as a `literal` fragment: rustc hands a
/// `literal` fragment to derive macros wrapped in an invisible group, and utoipa's reader of
/// `#[serde(rename = ...)]` only recognises a bare literal token, so it silently fell back to
/// the variant name (`FullTime` instead of `full_time`).
macro_rules! wire_enum {
    ($domain:ty, $(#[$doc:meta])* $name:ident { $($variant:ident = $text:tt),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
        pub enum $name {
            $(#[serde(rename = $text)] $variant),+
        }

        impl From<$name> for $domain {
            fn from(value: $name) -> Self {
                match value { $($name::$variant => Self::$variant),+ }
            }
        }

        impl From<$domain> for $name {
            fn from(value: $domain) -> Self {
                type Domain = $domain;
                match value { $(Domain::$variant => Self::$variant),+ }
            }
        }
    };
}

/// Declares a wire id (a bare integer) mirroring the domain id of the same name.
macro_rules! wire_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
        #[serde(transparent)]
        pub struct $name(i64);

        impl From<hireboard_domain::ids::$name> for $name {
            fn from(id: hireboard_domain::ids::$name) -> Self {
                $name(id.0)
            }
        }
    };
}

pub(crate) use {wire_enum, wire_id};

/// Converts every element.
fn all<A, B: From<A>>(items: Vec<A>) -> Vec<B> {
    items.into_iter().map(B::from).collect()
}
