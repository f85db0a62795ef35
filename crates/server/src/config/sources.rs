//! Where configuration comes from, and naming that place in error messages the way the
//! operator wrote it: `HIREBOARD_HTTP__ADDR="x"`, `http.addr = "x" in /etc/hireboard.toml`.

use figment::error::Kind;
use figment::providers::{Env, Serialized};
use figment::value::{Dict, Map};
use figment::{Figment, Metadata, Profile, Provider, Source};
use serde::Serialize;

pub const ENV_PREFIX: &str = "HIREBOARD_";

/// Variables under the prefix that are not configuration: the suites' own settings and the
/// password `create-admin` reads (kept out of the configuration so it is never echoed back).
fn is_configuration(key: &str) -> bool {
    !key.starts_with("test_") && key != "admin_password"
}

/// The `HIREBOARD_*` variables, nested on `__`.
pub fn environment() -> Env {
    Env::prefixed(ENV_PREFIX)
        .split("__")
        .filter(|key| is_configuration(&key.as_str().to_ascii_lowercase()))
}

const FLAGS: &str = "command-line flags";

/// Command-line flags as a provider of their own, so messages can say a value came from them.
pub struct Flags<T>(pub T);

impl<T: Serialize> Provider for Flags<T> {
    fn metadata(&self) -> Metadata {
        Metadata::named(FLAGS)
    }

    fn data(&self) -> Result<Map<Profile, Dict>, figment::Error> {
        Serialized::defaults(&self.0).data()
    }
}

/// One wrong value: its key (`http.addr`) and what is wrong with it.
#[derive(Debug)]
pub struct Problem {
    pub key: String,
    pub message: String,
}

impl Problem {
    pub fn new(key: &str, message: impl Into<String>) -> Problem {
        Problem {
            key: key.to_owned(),
            message: message.into(),
        }
    }
}

/// Figment's errors as problems, keyed by the full path of the offending value.
pub fn problems(error: figment::Error) -> Vec<Problem> {
    error
        .into_iter()
        .map(|e| {
            let message = match &e.kind {
                // Without a key (a file that does not parse), figment's own text names the file.
                _ if e.path.is_empty() => e.to_string(),
                Kind::UnknownField(_, known) => {
                    format!(
                        "not a configuration key; the keys here are {}",
                        known.join(", ")
                    )
                }
                kind => kind.to_string(),
            };
            Problem {
                key: e.path.join("."),
                message,
            }
        })
        .collect()
}

/// The report of every problem, each naming the variable, file or flag it came from.
pub fn describe(figment: &Figment, problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|problem| match problem.key.as_str() {
            "" => format!("invalid configuration: {}", problem.message),
            key => format!(
                "invalid configuration: {}: {}",
                origin(figment, key),
                problem.message
            ),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `key`'s value as its source spells it.
fn origin(figment: &Figment, key: &str) -> String {
    let Some(metadata) = figment.find_metadata(key) else {
        return key.to_owned();
    };
    // figment names its `Env` provider "`PREFIX` environment variable(s)".
    if metadata.name.ends_with("environment variable(s)") {
        let (name, raw) = env_var(key);
        return format!("{name}={:?}", for_display(key, raw));
    }
    let value = figment
        .find_value(key)
        .ok()
        .and_then(|v| serde_json::to_string(&v).ok())
        .map(|v| for_display(key, v))
        .unwrap_or_default();
    match &metadata.source {
        Some(Source::File(path)) => format!("{key} = {value} in {}", path.display()),
        _ if metadata.name == FLAGS => format!("{key} = {value} from the command line"),
        _ => format!("{key} = {value} (the default)"),
    }
}

/// The environment variable that set `key`, as it was spelled, and its text.
fn env_var(key: &str) -> (String, String) {
    let wanted = key.replace('.', "__");
    std::env::vars()
        .find(|(name, _)| {
            name.len() > ENV_PREFIX.len()
                && name[..ENV_PREFIX.len()].eq_ignore_ascii_case(ENV_PREFIX)
                && name[ENV_PREFIX.len()..].eq_ignore_ascii_case(&wanted)
        })
        .unwrap_or_else(|| {
            (
                format!("{ENV_PREFIX}{}", wanted.to_ascii_uppercase()),
                String::new(),
            )
        })
}

/// Values of URL keys lose their passwords before they are shown.
fn for_display(key: &str, value: String) -> String {
    if key.ends_with(".url") {
        redact_url(&value)
    } else {
        value
    }
}

/// A URL without its password, for messages.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            format!("{}://***{}", &url[..scheme], &url[at..])
        }
        _ => url.to_owned(),
    }
}
