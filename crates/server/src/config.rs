//! Configuration: defaults < `hireboard.toml` < `HIREBOARD_*` environment variables (a double
//! underscore nests: `HIREBOARD_HTTP__ADDR`) < command-line flags. Checked at start-up; each
//! wrong value is reported with its key and where it came from.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{bail, Context};
use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use hireboard_api_rest::TrustedProxies;
use hireboard_cache::Limit;
use hireboard_service::RateLimits;
use serde::{Deserialize, Serialize};

use crate::cli::{ServerArgs, StoreArgs};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Folder of the embedded database.
    pub data_dir: PathBuf,
    pub http: HttpConfig,
    pub database: DatabaseConfig,
    pub cache: CacheConfig,
    pub rate_limits: RateLimitsConfig,
    pub reports: ReportsConfig,
    pub sessions: SessionsConfig,
    pub invitations: InvitationsConfig,
    pub log: LogConfig,
    /// Seconds between sweeps that expire postings past their valid-through date.
    pub expiry_interval_secs: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpConfig {
    pub addr: SocketAddr,
    /// Addresses or networks of load balancers whose `X-Forwarded-For` names the client
    /// (for per-client rate limits); empty trusts none.
    pub trusted_proxies: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseConfig {
    /// `sqlite:`, `postgres:` or `mysql:` URL; unset means `sqlite:<data_dir>/hireboard.db`.
    pub url: Option<String>,
    pub max_connections: u32,
    /// Milliseconds a request waits for a connection before failing with 503.
    pub acquire_timeout_ms: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CacheConfig {
    /// `redis://` or `rediss://` URL of a Redis every instance shares for caches and rate
    /// limits; unset keeps both in this process.
    pub url: Option<String>,
    /// Prefix of every Redis key, so several deployments can share one server.
    pub key_prefix: String,
    /// Milliseconds a request waits for Redis before carrying on without it.
    pub timeout_ms: u64,
}

/// Attempts allowed per window; past them requests get 429 with `Retry-After`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateLimitsConfig {
    /// Registrations per client address.
    pub register: LimitConfig,
    /// Login attempts per client address (failed logins are throttled further).
    pub login: LimitConfig,
    /// Applications per candidate.
    pub apply: LimitConfig,
    /// Reports per account.
    pub report: LimitConfig,
    /// Invitations to join a company, per inviting owner.
    pub invite: LimitConfig,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitConfig {
    pub max: u32,
    pub window_secs: u64,
}

impl From<Limit> for LimitConfig {
    fn from(limit: Limit) -> Self {
        LimitConfig {
            max: limit.max,
            window_secs: limit.window.as_secs(),
        }
    }
}

impl From<LimitConfig> for Limit {
    fn from(limit: LimitConfig) -> Self {
        Limit {
            max: limit.max,
            window: Duration::from_secs(limit.window_secs),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportsConfig {
    /// Distinct reporters that hide a posting pending review.
    pub hide_threshold: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionsConfig {
    pub idle_minutes: u32,
    pub absolute_hours: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvitationsConfig {
    /// Hours an invitation to join a company can be accepted.
    pub valid_hours: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogConfig {
    /// `text` or `json`.
    pub format: String,
    /// A tracing filter, e.g. `info` or `hireboard=debug,info`; `RUST_LOG` wins if set.
    pub level: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            data_dir: PathBuf::from("data"),
            http: HttpConfig {
                addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
                trusted_proxies: Vec::new(),
            },
            database: DatabaseConfig {
                url: None,
                max_connections: 8,
                acquire_timeout_ms: 5000,
            },
            cache: CacheConfig {
                url: None,
                key_prefix: "hireboard".into(),
                timeout_ms: 150,
            },
            rate_limits: RateLimits::default().into(),
            reports: ReportsConfig { hide_threshold: 3 },
            sessions: SessionsConfig {
                idle_minutes: 12 * 60,
                absolute_hours: 7 * 24,
            },
            invitations: InvitationsConfig {
                valid_hours: 7 * 24,
            },
            log: LogConfig {
                format: "text".into(),
                level: "info".into(),
            },
            expiry_interval_secs: 60,
        }
    }
}

/// Flags that override everything else, as a partial configuration.
#[derive(Debug, Default, Serialize)]
struct Overrides {
    #[serde(skip_serializing_if = "Option::is_none")]
    data_dir: Option<PathBuf>,
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    http: serde_json::Map<String, serde_json::Value>,
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    database: serde_json::Map<String, serde_json::Value>,
}

impl Config {
    /// Loads configuration from every source; `file` defaults to `hireboard.toml` if present.
    pub fn load(file: Option<&Path>, server: &ServerArgs) -> anyhow::Result<Config> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        match file {
            Some(path) if !path.exists() => {
                bail!("configuration file {} does not exist", path.display())
            }
            Some(path) => figment = figment.merge(Toml::file_exact(path)),
            None => figment = figment.merge(Toml::file("hireboard.toml")),
        }
        // Test-only variables (HIREBOARD_TEST_*) configure test suites, not the server.
        figment = figment.merge(
            Env::prefixed("HIREBOARD_")
                .split("__")
                .filter(|key| !key.starts_with("test_")),
        );
        figment = figment.merge(Serialized::defaults(overrides(server)));
        let config: Config = figment
            .extract()
            .map_err(|e| anyhow::anyhow!(describe(e)))?;
        config.check()?;
        Ok(config)
    }

    pub fn for_store(file: Option<&Path>, store: &StoreArgs) -> anyhow::Result<Config> {
        Config::load(
            file,
            &ServerArgs {
                store: store.clone(),
                http_addr: None,
            },
        )
    }

    fn check(&self) -> anyhow::Result<()> {
        let mut problems = Vec::new();
        if self.reports.hide_threshold == 0 {
            problems.push("reports.hide_threshold must be at least 1".to_owned());
        }
        if self.database.max_connections == 0 || self.database.max_connections > 1000 {
            problems.push("database.max_connections must be between 1 and 1000".to_owned());
        }
        if self.sessions.idle_minutes == 0 || self.sessions.absolute_hours == 0 {
            problems.push(
                "sessions.idle_minutes and sessions.absolute_hours must be positive".to_owned(),
            );
        }
        if self.invitations.valid_hours == 0 {
            problems.push("invitations.valid_hours must be positive".to_owned());
        }
        if !matches!(self.log.format.as_str(), "text" | "json") {
            problems.push(format!(
                "log.format must be text or json, not {:?}",
                self.log.format
            ));
        }
        if let Some(url) = &self.database.url {
            if !hireboard_store::supported_url(url) {
                problems.push(format!(
                    "database.url must start with sqlite:, postgres: or mysql: (got scheme {:?})",
                    url.split(':').next().unwrap_or_default()
                ));
            }
        }
        if let Err(problem) = TrustedProxies::parse(&self.http.trusted_proxies) {
            problems.push(format!("http.trusted_proxies: {problem}"));
        }
        if let Some(url) = &self.cache.url {
            if !(url.starts_with("redis://") || url.starts_with("rediss://")) {
                problems.push(format!(
                    "cache.url must start with redis:// or rediss:// (got scheme {:?}); unset it to cache in process",
                    url.split(':').next().unwrap_or_default()
                ));
            }
        }
        if !(1..=5000).contains(&self.cache.timeout_ms) {
            problems.push("cache.timeout_ms must be between 1 and 5000".to_owned());
        }
        for (name, limit) in self.rate_limits.named() {
            if limit.max == 0 || limit.window_secs == 0 {
                problems.push(format!(
                    "rate_limits.{name}.max and rate_limits.{name}.window_secs must be positive"
                ));
            }
        }
        if self.expiry_interval_secs == 0 {
            problems.push("expiry_interval_secs must be positive".to_owned());
        }
        if problems.is_empty() {
            Ok(())
        } else {
            bail!("invalid configuration:\n  - {}", problems.join("\n  - "))
        }
    }

    /// The database URL, defaulting to a file in the data folder.
    pub fn database_url(&self) -> anyhow::Result<String> {
        if let Some(url) = &self.database.url {
            return Ok(url.clone());
        }
        std::fs::create_dir_all(&self.data_dir).with_context(|| {
            format!("cannot create the data folder {}", self.data_dir.display())
        })?;
        Ok(format!(
            "sqlite://{}",
            self.data_dir.join("hireboard.db").display()
        ))
    }
}

impl RateLimitsConfig {
    fn named(&self) -> [(&'static str, LimitConfig); 5] {
        [
            ("register", self.register),
            ("login", self.login),
            ("apply", self.apply),
            ("report", self.report),
            ("invite", self.invite),
        ]
    }
}

impl From<RateLimits> for RateLimitsConfig {
    fn from(limits: RateLimits) -> Self {
        RateLimitsConfig {
            register: limits.register.into(),
            login: limits.login.into(),
            apply: limits.apply.into(),
            report: limits.report.into(),
            invite: limits.invite.into(),
        }
    }
}

impl From<&RateLimitsConfig> for RateLimits {
    fn from(limits: &RateLimitsConfig) -> Self {
        RateLimits {
            register: limits.register.into(),
            login: limits.login.into(),
            apply: limits.apply.into(),
            report: limits.report.into(),
            invite: limits.invite.into(),
        }
    }
}

fn overrides(server: &ServerArgs) -> Overrides {
    let mut overrides = Overrides {
        data_dir: server.store.data_dir.clone(),
        ..Default::default()
    };
    if let Some(addr) = server.http_addr {
        overrides
            .http
            .insert("addr".into(), addr.to_string().into());
    }
    if let Some(url) = &server.store.database_url {
        overrides.database.insert("url".into(), url.clone().into());
    }
    overrides
}

fn describe(error: figment::Error) -> String {
    error
        .into_iter()
        .map(|e| {
            let key = if e.path.is_empty() {
                "configuration".to_owned()
            } else {
                e.path.join(".")
            };
            let source = e
                .metadata
                .as_ref()
                .map(|m| m.name.to_string())
                .unwrap_or_default();
            format!("invalid configuration: {key}: {} (from {source})", e.kind)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
#[allow(clippy::result_large_err)] // figment::Jail's closures must return figment::Error
mod tests {
    use super::*;

    #[test]
    fn precedence_is_defaults_file_env_flags() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "hireboard.toml",
                "data_dir = \"from-file\"\n[http]\naddr = \"127.0.0.1:9000\"\n",
            )?;
            let config = Config::load(None, &ServerArgs::default()).unwrap();
            assert_eq!(config.data_dir, PathBuf::from("from-file"));
            assert_eq!(config.http.addr.port(), 9000);
            jail.set_env("HIREBOARD_HTTP__ADDR", "127.0.0.1:9001");
            jail.set_env("HIREBOARD_DATA_DIR", "from-env");
            let config = Config::load(None, &ServerArgs::default()).unwrap();
            assert_eq!(config.http.addr.port(), 9001);
            assert_eq!(config.data_dir, PathBuf::from("from-env"));
            let flags = ServerArgs {
                http_addr: Some("127.0.0.1:9002".parse().unwrap()),
                ..Default::default()
            };
            assert_eq!(Config::load(None, &flags).unwrap().http.addr.port(), 9002);
            Ok(())
        });
    }

    #[test]
    fn wrong_values_are_named() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("HIREBOARD_HTTP__ADDR", "not-an-address");
            let error = Config::load(None, &ServerArgs::default())
                .unwrap_err()
                .to_string();
            assert!(error.contains("http.addr"), "{error}");
            jail.set_env("HIREBOARD_HTTP__ADDR", "127.0.0.1:8080");
            jail.set_env("HIREBOARD_REPORTS__HIDE_THRESHOLD", "0");
            jail.set_env("HIREBOARD_DATABASE__URL", "oracle://x");
            let error = Config::load(None, &ServerArgs::default())
                .unwrap_err()
                .to_string();
            assert!(
                error.contains("hide_threshold") && error.contains("oracle"),
                "{error}"
            );
            Ok(())
        });
    }

    #[test]
    fn cache_and_rate_limits_come_from_the_environment() {
        figment::Jail::expect_with(|jail| {
            let config = Config::load(None, &ServerArgs::default()).unwrap();
            assert_eq!(config.cache.url, None, "in process by default");
            jail.set_env("HIREBOARD_CACHE__URL", "rediss://cache.internal:6380/2");
            jail.set_env("HIREBOARD_RATE_LIMITS__LOGIN__MAX", "7");
            jail.set_env("HIREBOARD_RATE_LIMITS__INVITE__WINDOW_SECS", "86400");
            jail.set_env("HIREBOARD_INVITATIONS__VALID_HOURS", "48");
            jail.set_env("HIREBOARD_HTTP__TRUSTED_PROXIES", "[\"10.0.0.0/8\"]");
            let config = Config::load(None, &ServerArgs::default()).unwrap();
            assert_eq!(
                config.cache.url.as_deref(),
                Some("rediss://cache.internal:6380/2")
            );
            assert_eq!(config.rate_limits.login.max, 7);
            assert_eq!(config.rate_limits.login.window_secs, 900);
            assert_eq!(config.rate_limits.invite.window_secs, 86400);
            assert_eq!(config.invitations.valid_hours, 48);
            assert_eq!(config.http.trusted_proxies, ["10.0.0.0/8"]);

            jail.set_env("HIREBOARD_CACHE__URL", "memcached://cache.internal");
            jail.set_env("HIREBOARD_RATE_LIMITS__APPLY__WINDOW_SECS", "0");
            jail.set_env("HIREBOARD_HTTP__TRUSTED_PROXIES", "[\"nginx\"]");
            jail.set_env("HIREBOARD_INVITATIONS__VALID_HOURS", "0");
            let error = Config::load(None, &ServerArgs::default())
                .unwrap_err()
                .to_string();
            assert!(
                error.contains("cache.url must start with redis:// or rediss://")
                    && error.contains("memcached")
                    && error.contains("rate_limits.apply")
                    && error.contains("http.trusted_proxies")
                    && error.contains("invitations.valid_hours"),
                "{error}"
            );
            Ok(())
        });
    }
}
