//! Failed-login throttling.
//!
//! Three fixed windows count failures: per client address, per (email, client) pair, and per
//! email across all clients. The per-email limit stops a distributed guessing attack, but it
//! does not apply to clients that logged in to that account successfully before, so an
//! attacker hammering an account cannot lock its owner out of their usual device. Counters
//! are keyed by the email as typed (normalized), never by whether the account exists, so
//! throttling reveals nothing about which emails are registered.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};

#[derive(Debug, Clone)]
pub struct LoginThrottleConfig {
    pub window: Duration,
    pub per_client: u32,
    pub per_account_and_client: u32,
    pub per_account: u32,
    /// How long a successful login makes a client "known" for the account.
    pub known_client_for: Duration,
}

impl Default for LoginThrottleConfig {
    fn default() -> Self {
        Self {
            window: Duration::minutes(15),
            per_client: 50,
            per_account_and_client: 5,
            per_account: 20,
            known_client_for: Duration::days(30),
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Window {
    started: DateTime<Utc>,
    failures: u32,
}

#[derive(Default)]
struct State {
    failures: HashMap<String, Window>,
    known: HashMap<(String, IpAddr), DateTime<Utc>>,
}

pub struct LoginThrottle {
    config: LoginThrottleConfig,
    state: Mutex<State>,
}

impl LoginThrottle {
    pub fn new(config: LoginThrottleConfig) -> Self {
        Self {
            config,
            state: Mutex::new(State::default()),
        }
    }

    fn keys(email: &str, client: IpAddr) -> [(String, Limit); 3] {
        [
            (format!("c|{client}"), Limit::Client),
            (format!("ac|{email}|{client}"), Limit::AccountAndClient),
            (format!("a|{email}"), Limit::Account),
        ]
    }

    fn limit(&self, limit: Limit) -> u32 {
        match limit {
            Limit::Client => self.config.per_client,
            Limit::AccountAndClient => self.config.per_account_and_client,
            Limit::Account => self.config.per_account,
        }
    }

    /// `Some(seconds)` to wait if this attempt must be refused before checking the password.
    pub fn check(&self, email: &str, client: IpAddr, now: DateTime<Utc>) -> Option<u64> {
        let state = self
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let known = state
            .known
            .get(&(email.to_owned(), client))
            .is_some_and(|at| now - *at < self.config.known_client_for);
        Self::keys(email, client)
            .iter()
            .filter(|(_, limit)| !(known && *limit == Limit::Account))
            .filter_map(|(key, limit)| {
                let window = state.failures.get(key)?;
                let ends = window.started + self.config.window;
                (now < ends && window.failures >= self.limit(*limit))
                    .then(|| (ends - now).num_seconds().max(1) as u64)
            })
            .max()
    }

    pub fn record_failure(&self, email: &str, client: IpAddr, now: DateTime<Utc>) {
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if state.failures.len() > 100_000 {
            let window = self.config.window;
            state.failures.retain(|_, w| now - w.started < window);
        }
        for (key, _) in Self::keys(email, client) {
            let window = state.failures.entry(key).or_insert(Window {
                started: now,
                failures: 0,
            });
            if now - window.started >= self.config.window {
                *window = Window {
                    started: now,
                    failures: 0,
                };
            }
            window.failures += 1;
        }
    }

    pub fn record_success(&self, email: &str, client: IpAddr, now: DateTime<Utc>) {
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        state.failures.remove(&format!("ac|{email}|{client}"));
        if state.known.len() > 100_000 {
            let keep = self.config.known_client_for;
            state.known.retain(|_, at| now - *at < keep);
        }
        state.known.insert((email.to_owned(), client), now);
    }

    #[cfg(test)]
    fn counters(&self) -> usize {
        self.state.lock().unwrap().failures.len()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Limit {
    Client,
    AccountAndClient,
    Account,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(last: u8) -> IpAddr {
        IpAddr::from([10, 0, 0, last])
    }

    #[test]
    fn throttles_per_account_and_client_then_recovers() {
        let throttle = LoginThrottle::new(LoginThrottleConfig::default());
        let now = Utc::now();
        for _ in 0..5 {
            assert!(throttle.check("a@x.io", ip(1), now).is_none());
            throttle.record_failure("a@x.io", ip(1), now);
        }
        assert!(throttle.check("a@x.io", ip(1), now).is_some());
        assert!(
            throttle.check("a@x.io", ip(2), now).is_none(),
            "another client is not affected"
        );
        assert!(throttle
            .check("a@x.io", ip(1), now + Duration::minutes(16))
            .is_none());
        assert_eq!(throttle.counters(), 3);
    }

    #[test]
    fn distributed_attack_does_not_lock_out_a_known_client() {
        let throttle = LoginThrottle::new(LoginThrottleConfig::default());
        let now = Utc::now();
        throttle.record_success("owner@x.io", ip(200), now);
        for attacker in 0..40 {
            throttle.record_failure("owner@x.io", ip(attacker), now);
        }
        assert!(
            throttle.check("owner@x.io", ip(99), now).is_some(),
            "new clients are throttled"
        );
        assert!(
            throttle.check("owner@x.io", ip(200), now).is_none(),
            "the owner's known client is not"
        );
    }
}
