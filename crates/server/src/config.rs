//! Configuration: defaults < `hireboard.toml` < `HIREBOARD_*` environment variables (a double
//! underscore nests: `HIREBOARD_HTTP__ADDR`) < command-line flags. Checked at start-up; each
//! wrong value is reported as its source spells it: the variable, or the key and the file.

mod sources;
mod values;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::bail;
use figment::providers::{Format, Serialized, Toml};
use figment::Figment;
use hireboard_api_rest::TrustedProxies;
use hireboard_cache::Limit;
use hireboard_service::{LoginThrottleConfig, RateLimits};
use serde::{Deserialize, Serialize};

use crate::cli::{ServerArgs, StoreArgs};
pub use sources::redact_url;
use sources::Problem;
pub use values::parse_listen_addr;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Folder of the embedded database and of this instance's search index.
    pub data_dir: PathBuf,
    pub http: HttpConfig,
    pub metrics: MetricsConfig,
    pub database: DatabaseConfig,
    pub cache: CacheConfig,
    pub search: SearchConfig,
    pub bus: BusConfig,
    pub rate_limits: RateLimitsConfig,
    pub login_throttle: LoginThrottleSettings,
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
    #[serde(deserialize_with = "values::listen_addr")]
    pub addr: SocketAddr,
    /// Addresses or networks of load balancers whose `X-Forwarded-For` names the client
    /// (for per-client rate limits); empty trusts none.
    pub trusted_proxies: Vec<String>,
}

/// The operator listener: `/metrics`, `/healthz` and `/readyz`, kept off the public port.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricsConfig {
    #[serde(deserialize_with = "values::listen_addr")]
    pub addr: SocketAddr,
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

/// This instance's search index.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchConfig {
    /// Folder of the index replica, which only this instance may use; unset means
    /// `<data_dir>/search`.
    pub dir: Option<PathBuf>,
}

/// Where events go after the outbox, and who processes them.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BusConfig {
    /// `amqp://` (RabbitMQ), `nats://` (NATS JetStream) or `kafka://host:port`; unset keeps
    /// events in process: consumers read the outbox directly.
    pub url: Option<String>,
    /// Whether `serve` also runs the relay, the consumers and the scheduled work. Turn it off
    /// when `hireboard worker` processes run them.
    pub serve_runs_workers: bool,
    /// The worker's operator listener (`/metrics`, `/healthz`, `/readyz`).
    #[serde(deserialize_with = "values::listen_addr")]
    pub worker_addr: SocketAddr,
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

/// Failed logins allowed per window before further attempts wait (429 with `Retry-After`).
/// A client presenting the device token of an earlier login to the account is counted per
/// token instead of per address and account.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginThrottleSettings {
    pub window_secs: u64,
    /// Per client address, for clients without a device token.
    pub per_client: u32,
    /// Per (email, client address) pair.
    pub per_account_and_client: u32,
    /// Per email, over clients without a device token of the account.
    pub per_account: u32,
    /// Per device token.
    pub per_device: u32,
    /// How long a device token stays valid.
    pub device_token_days: u32,
}

impl From<&LoginThrottleConfig> for LoginThrottleSettings {
    fn from(config: &LoginThrottleConfig) -> Self {
        LoginThrottleSettings {
            window_secs: config.window.num_seconds().unsigned_abs(),
            per_client: config.per_client,
            per_account_and_client: config.per_account_and_client,
            per_account: config.per_account,
            per_device: config.per_device,
            device_token_days: u32::try_from(config.device_token_ttl.num_days()).unwrap_or(30),
        }
    }
}

impl From<&LoginThrottleSettings> for LoginThrottleConfig {
    fn from(settings: &LoginThrottleSettings) -> Self {
        LoginThrottleConfig {
            window: chrono::Duration::seconds(
                i64::try_from(settings.window_secs).unwrap_or(i64::MAX),
            ),
            per_client: settings.per_client,
            per_account_and_client: settings.per_account_and_client,
            per_account: settings.per_account,
            per_device: settings.per_device,
            device_token_ttl: chrono::Duration::days(i64::from(settings.device_token_days)),
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
            metrics: MetricsConfig {
                addr: SocketAddr::from(([127, 0, 0, 1], 9464)),
            },
            database: DatabaseConfig {
                url: None,
                max_connections: 8,
                acquire_timeout_ms: 5000,
            },
            search: SearchConfig::default(),
            cache: CacheConfig {
                url: None,
                key_prefix: "hireboard".into(),
                timeout_ms: 150,
            },
            bus: BusConfig {
                url: None,
                serve_runs_workers: true,
                worker_addr: SocketAddr::from(([127, 0, 0, 1], 9465)),
            },
            rate_limits: RateLimits::default().into(),
            login_throttle: (&LoginThrottleConfig::default()).into(),
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
    metrics: serde_json::Map<String, serde_json::Value>,
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
        figment = figment
            .merge(sources::environment())
            .merge(sources::Flags(overrides(server)));
        let problems = match figment.extract::<Config>() {
            Ok(config) => match config.problems() {
                problems if problems.is_empty() => return Ok(config),
                problems => problems,
            },
            Err(error) => sources::problems(error),
        };
        bail!("{}", sources::describe(&figment, &problems))
    }

    pub fn for_store(file: Option<&Path>, store: &StoreArgs) -> anyhow::Result<Config> {
        Config::load(
            file,
            &ServerArgs {
                store: store.clone(),
                ..Default::default()
            },
        )
    }

    fn problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        let mut check = |ok: bool, key: &str, message: &str| {
            if !ok {
                problems.push(Problem::new(key, message));
            }
        };
        check(
            self.reports.hide_threshold > 0,
            "reports.hide_threshold",
            "must be at least 1",
        );
        check(
            (1..=1000).contains(&self.database.max_connections),
            "database.max_connections",
            "must be between 1 and 1000",
        );
        check(
            self.sessions.idle_minutes > 0,
            "sessions.idle_minutes",
            "must be positive",
        );
        check(
            self.sessions.absolute_hours > 0,
            "sessions.absolute_hours",
            "must be positive",
        );
        check(
            matches!(self.log.format.as_str(), "text" | "json"),
            "log.format",
            "must be text or json",
        );
        check(
            self.database
                .url
                .as_deref()
                .is_none_or(hireboard_store::supported_url),
            "database.url",
            "must start with sqlite:, postgres: or mysql:",
        );
        check(
            self.cache
                .url
                .as_deref()
                .is_none_or(|url| url.starts_with("redis://") || url.starts_with("rediss://")),
            "cache.url",
            "must start with redis:// or rediss://; unset it to cache in process",
        );
        check(
            self.bus.url.as_deref().is_none_or(|url| {
                ["amqp://", "amqps://", "nats://", "kafka://"]
                    .iter()
                    .any(|scheme| url.starts_with(scheme))
            }),
            "bus.url",
            "must start with amqp://, amqps://, nats:// or kafka://; unset it to keep events in process",
        );
        check(
            (1..=5000).contains(&self.cache.timeout_ms),
            "cache.timeout_ms",
            "must be between 1 and 5000",
        );
        for (name, limit) in self.rate_limits.named() {
            check(
                limit.max > 0,
                &format!("rate_limits.{name}.max"),
                "must be positive",
            );
            check(
                limit.window_secs > 0,
                &format!("rate_limits.{name}.window_secs"),
                "must be positive",
            );
        }
        check(
            self.invitations.valid_hours > 0,
            "invitations.valid_hours",
            "must be positive",
        );
        let throttle = &self.login_throttle;
        check(
            (1..=86_400).contains(&throttle.window_secs),
            "login_throttle.window_secs",
            "must be between 1 and 86400",
        );
        for (name, limit) in [
            ("per_client", throttle.per_client),
            ("per_account_and_client", throttle.per_account_and_client),
            ("per_account", throttle.per_account),
            ("per_device", throttle.per_device),
            ("device_token_days", throttle.device_token_days),
        ] {
            check(
                limit > 0,
                &format!("login_throttle.{name}"),
                "must be positive",
            );
        }
        check(
            self.expiry_interval_secs > 0,
            "expiry_interval_secs",
            "must be positive",
        );
        if let Err(problem) = TrustedProxies::parse(&self.http.trusted_proxies) {
            problems.push(Problem::new("http.trusted_proxies", problem));
        }
        if let Err(problem) = values::check_log_filter(&self.log.level) {
            problems.push(Problem::new("log.level", problem));
        }
        problems
    }

    /// The database URL, defaulting to a file in the data folder (created, and checked to be
    /// writable, here: SQLite's own error names neither the folder nor the reason).
    pub fn database_url(&self) -> anyhow::Result<String> {
        if let Some(url) = &self.database.url {
            return Ok(url.clone());
        }
        let folder = &self.data_dir;
        std::fs::create_dir_all(folder).map_err(|e| {
            anyhow::anyhow!(
                "cannot create the data folder {}: {}",
                folder.display(),
                io_reason(&e)
            )
        })?;
        let probe = folder.join(format!(".hireboard-write-check-{}", std::process::id()));
        std::fs::File::create(&probe)
            .and_then(|_| std::fs::remove_file(&probe))
            .map_err(|e| {
                anyhow::anyhow!(
                    "the data folder {} is not writable: {}",
                    folder.display(),
                    io_reason(&e)
                )
            })?;
        Ok(format!(
            "sqlite://{}",
            folder.join("hireboard.db").display()
        ))
    }
}

/// An I/O error's reason in plain words, without the OS error number.
fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => error.to_string(),
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
    if let Some(addr) = server.metrics_addr {
        overrides
            .metrics
            .insert("addr".into(), addr.to_string().into());
    }
    if let Some(url) = &server.store.database_url {
        overrides.database.insert("url".into(), url.clone().into());
    }
    overrides
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
    fn wrong_values_name_their_variable_and_value() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("HIREBOARD_HTTP__ADDR", "127.0.0.1:99999");
            let error = Config::load(None, &ServerArgs::default())
                .unwrap_err()
                .to_string();
            assert!(
                error.contains(r#"HIREBOARD_HTTP__ADDR="127.0.0.1:99999": the port 99999"#),
                "{error}"
            );
            jail.set_env("HIREBOARD_HTTP__ADDR", "127.0.0.1:8080");
            jail.set_env("HIREBOARD_REPORTS__HIDE_THRESHOLD", "0");
            jail.set_env("HIREBOARD_DATABASE__URL", "oracle://app:hunter2@db/x");
            jail.set_env("HIREBOARD_LOG__LEVEL", "loud");
            let error = Config::load(None, &ServerArgs::default())
                .unwrap_err()
                .to_string();
            for expected in [
                r#"HIREBOARD_REPORTS__HIDE_THRESHOLD="0": must be at least 1"#,
                r#"HIREBOARD_DATABASE__URL="oracle://***@db/x": must start with sqlite:"#,
                r#"HIREBOARD_LOG__LEVEL="loud": "loud" is not a level; use trace, debug, info, warn, error or off"#,
            ] {
                assert!(error.contains(expected), "{expected} in {error}");
            }
            assert!(!error.contains("hunter2"), "{error}");
            Ok(())
        });
    }

    #[test]
    fn file_values_name_the_file_and_unknown_keys_their_variable() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("custom.toml", "[log]\nformat = \"yaml\"\n")?;
            let file = jail.directory().join("custom.toml");
            let error = Config::load(Some(&file), &ServerArgs::default())
                .unwrap_err()
                .to_string();
            assert!(
                error.contains(&format!(
                    r#"log.format = "yaml" in {}: must be text or json"#,
                    file.display()
                )),
                "{error}"
            );
            jail.set_env("HIREBOARD_HTTP__ADRR", "0.0.0.0:80");
            let error = Config::load(None, &ServerArgs::default())
                .unwrap_err()
                .to_string();
            assert!(
                error.contains(r#"HIREBOARD_HTTP__ADRR="0.0.0.0:80": not a configuration key"#),
                "{error}"
            );
            Ok(())
        });
    }

    #[test]
    fn the_admin_password_variable_is_not_configuration() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("HIREBOARD_ADMIN_PASSWORD", "correct horse battery staple");
            jail.set_env("HIREBOARD_TEST_ANYTHING", "1");
            assert!(Config::load(None, &ServerArgs::default()).is_ok());
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
            for expected in [
                r#"HIREBOARD_CACHE__URL="memcached://cache.internal": must start with redis:// or rediss://"#,
                r#"HIREBOARD_RATE_LIMITS__APPLY__WINDOW_SECS="0": must be positive"#,
                r#"HIREBOARD_HTTP__TRUSTED_PROXIES="[\"nginx\"]""#,
                r#"HIREBOARD_INVITATIONS__VALID_HOURS="0": must be positive"#,
            ] {
                assert!(error.contains(expected), "{expected} in {error}");
            }
            Ok(())
        });
    }
}
