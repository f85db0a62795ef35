//! Checks of values whose standard parsers give too little to act on.

use std::net::{IpAddr, SocketAddr};

use serde::de::{self, Deserializer, Visitor};
use tracing::level_filters::LevelFilter;

/// Parses a listen address (`host:port`, IPv6 in brackets), saying which part is wrong:
/// the standard parser only says "invalid socket address syntax".
pub fn parse_listen_addr(text: &str) -> Result<SocketAddr, String> {
    if let Ok(addr) = text.parse() {
        return Ok(addr);
    }
    let example = "write host:port, e.g. 127.0.0.1:8080 or [::1]:8080";
    let Some((host, port)) = text.rsplit_once(':') else {
        return Err(format!("{text:?} has no port; {example}"));
    };
    let mut wrong = Vec::new();
    let bracketed = host.strip_prefix('[').and_then(|h| h.strip_suffix(']'));
    match bracketed.unwrap_or(host).parse::<IpAddr>() {
        Ok(IpAddr::V6(_)) if bracketed.is_none() => wrong.push(format!(
            "the IPv6 address {host} must be in brackets: [{host}]"
        )),
        Ok(_) => {}
        Err(_) => wrong.push(format!(
            "the host {host:?} is not an IP address (names are not resolved; 0.0.0.0 listens \
             on every interface, 127.0.0.1 on this machine only)"
        )),
    }
    match port.parse::<u64>() {
        Ok(number) if number > u64::from(u16::MAX) => {
            wrong.push(format!("the port {number} is out of range (0 to 65535)"))
        }
        Ok(_) => {}
        Err(_) => wrong.push(format!("the port {port:?} is not a number")),
    }
    if wrong.is_empty() {
        wrong.push(format!("{text:?} is not an address"));
    }
    Err(format!("{}; {example}", wrong.join(", and ")))
}

/// Deserializes a listen address with [`parse_listen_addr`]'s messages.
pub fn listen_addr<'de, D: Deserializer<'de>>(deserializer: D) -> Result<SocketAddr, D::Error> {
    struct Addr;
    impl Visitor<'_> for Addr {
        type Value = SocketAddr;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("host:port, e.g. 127.0.0.1:8080")
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<SocketAddr, E> {
            parse_listen_addr(text).map_err(E::custom)
        }
    }
    deserializer.deserialize_str(Addr)
}

const LEVELS: &str = "trace, debug, info, warn, error or off";

/// Checks a log filter: comma-separated directives, each a level or `target=level`. A bare
/// word that is not a level is valid tracing syntax (a target name with every level), but
/// it hides every other line, which is never what `level = "loud"` meant.
pub fn check_log_filter(filter: &str) -> Result<(), String> {
    let directives: Vec<&str> = filter
        .split(',')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .collect();
    if directives.is_empty() {
        return Err(format!("no level given; use {LEVELS}"));
    }
    for directive in directives {
        let level = directive
            .rsplit_once('=')
            .map_or(directive, |(_, level)| level);
        if level.is_empty() || level.parse::<LevelFilter>().is_err() {
            return Err(format!(
                "{directive:?} is not a level; use {LEVELS}, optionally per target as in \
                 \"hireboard=debug,info\""
            ));
        }
    }
    tracing_subscriber::EnvFilter::builder()
        .parse(filter)
        .map(drop)
        .map_err(|e| format!("not a log filter: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listen_addresses_name_the_wrong_part() {
        assert_eq!(
            parse_listen_addr("0.0.0.0:80").unwrap(),
            SocketAddr::from(([0, 0, 0, 0], 80))
        );
        assert!(parse_listen_addr("[::1]:9464").is_ok());
        let port = parse_listen_addr("127.0.0.1:99999").unwrap_err();
        assert!(port.contains("port 99999 is out of range"), "{port}");
        assert!(!port.contains("the host"), "{port}");
        let host = parse_listen_addr("localhost:8080").unwrap_err();
        assert!(
            host.contains("host \"localhost\" is not an IP address"),
            "{host}"
        );
        assert!(!host.contains("the port"), "{host}");
        let both = parse_listen_addr("example:http").unwrap_err();
        assert!(both.contains("host") && both.contains("\"http\" is not a number"));
        assert!(parse_listen_addr("8080").unwrap_err().contains("no port"));
        assert!(parse_listen_addr("::1:8080")
            .unwrap_err()
            .contains("in brackets"));
    }

    #[test]
    fn log_filters_need_explicit_levels() {
        for good in [
            "info",
            "WARN",
            "hireboard=debug,info",
            "tower_http=off, warn",
        ] {
            assert!(check_log_filter(good).is_ok(), "{good}");
        }
        for bad in [
            "loud",
            "",
            " , ",
            "info,hireboard",
            "hireboard=loud",
            "hireboard=",
        ] {
            let error = check_log_filter(bad).unwrap_err();
            assert!(
                error.contains("trace, debug, info, warn, error"),
                "{bad}: {error}"
            );
        }
    }
}
