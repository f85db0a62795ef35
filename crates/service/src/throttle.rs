//! Rate limits and failed-login throttling, counted in [`Counters`]: per instance by default,
//! shared by every instance when Redis is configured.
//!
//! Rate limits count attempts at abuse-prone actions (registering and logging in per client
//! address, applying, reporting and inviting per account), refused ones included, so
//! hammering does not speed anything up.
//!
//! Failed logins are counted in three windows: per client address, per (email, client) pair,
//! and per email across all clients. The per-email limit stops a distributed guessing attack,
//! but it does not apply to clients that logged in to that account successfully before, so an
//! attacker hammering an account cannot lock its owner out of their usual device. Counters
//! are keyed by the email as typed (normalized), never by whether the account exists, so
//! throttling reveals nothing about which emails are registered.

use std::net::IpAddr;

use chrono::{DateTime, Duration, Utc};
use hireboard_cache::{Counters, Limit, Shared};

use crate::error::{ServiceError, ServiceResult};

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

/// Attempts allowed per window, by action.
#[derive(Debug, Clone)]
pub struct RateLimits {
    /// Registrations per client address.
    pub register: Limit,
    /// Login attempts per client address, failed or not.
    pub login: Limit,
    /// Applications per candidate account.
    pub apply: Limit,
    /// Reports per account.
    pub report: Limit,
    /// Invitations to join a company, per inviting owner (or admin).
    pub invite: Limit,
}

impl Default for RateLimits {
    fn default() -> Self {
        let limit = |max, minutes: u64| Limit {
            max,
            window: std::time::Duration::from_secs(minutes * 60),
        };
        RateLimits {
            register: limit(10, 60),
            login: limit(30, 15),
            apply: limit(30, 60),
            report: limit(20, 60),
            invite: limit(50, 60),
        }
    }
}

/// A rate-limited action.
#[derive(Debug, Clone, Copy)]
pub enum Action {
    Register,
    Login,
    Apply,
    Report,
    Invite,
}

impl Action {
    fn scope(self) -> &'static str {
        match self {
            Action::Register => "rate.register",
            Action::Login => "rate.login",
            Action::Apply => "rate.apply",
            Action::Report => "rate.report",
            Action::Invite => "rate.invite",
        }
    }
}

pub struct Throttle {
    counters: Counters,
    login: LoginThrottleConfig,
    limits: RateLimits,
}

/// The failed-login windows an attempt falls in, with their limits.
fn failure_windows(
    config: &LoginThrottleConfig,
    email: &str,
    client: IpAddr,
) -> [(&'static str, String, u32); 3] {
    [
        ("login.client", client.to_string(), config.per_client),
        (
            "login.account_client",
            format!("{email}|{client}"),
            config.per_account_and_client,
        ),
        ("login.account", email.to_owned(), config.per_account),
    ]
}

const ACCOUNT: &str = "login.account";
const KNOWN: &str = "login.known";

impl Throttle {
    pub fn new(shared: &Shared, login: LoginThrottleConfig, limits: RateLimits) -> Throttle {
        Throttle {
            counters: Counters::new(shared, 100_000),
            login,
            limits,
        }
    }

    fn window(&self) -> std::time::Duration {
        self.login.window.to_std().unwrap_or_default()
    }

    /// Counts an attempt at `action` by `subject`; `RateLimited` once over the limit.
    pub async fn limit(
        &self,
        action: Action,
        subject: &str,
        now: DateTime<Utc>,
    ) -> ServiceResult<()> {
        let limit = match action {
            Action::Register => self.limits.register,
            Action::Login => self.limits.login,
            Action::Apply => self.limits.apply,
            Action::Report => self.limits.report,
            Action::Invite => self.limits.invite,
        };
        let window = self
            .counters
            .hit(action.scope(), subject, limit.window, now)
            .await;
        match limit.exceeded(&window, now) {
            None => Ok(()),
            Some(retry_after_secs) => {
                metrics::counter!("rate_limited_total", "action" => action.scope()).increment(1);
                Err(ServiceError::RateLimited { retry_after_secs })
            }
        }
    }

    /// `Some(seconds)` to wait if this login must be refused before checking the password.
    pub async fn check_login(
        &self,
        email: &str,
        client: IpAddr,
        now: DateTime<Utc>,
    ) -> Option<u64> {
        let known = self
            .counters
            .recall(KNOWN, &format!("{email}|{client}"))
            .await
            .is_some_and(|at| now - at < self.login.known_client_for);
        let mut wait = None;
        for (scope, subject, max) in failure_windows(&self.login, email, client) {
            if known && scope == ACCOUNT {
                continue;
            }
            let window = self
                .counters
                .peek(scope, &subject, self.window(), now)
                .await;
            let limit = Limit {
                max,
                window: self.window(),
            };
            wait = wait.max(limit.refuses(&window, now));
        }
        wait
    }

    pub async fn login_failed(&self, email: &str, client: IpAddr, now: DateTime<Utc>) {
        for (scope, subject, _) in failure_windows(&self.login, email, client) {
            self.counters.hit(scope, &subject, self.window(), now).await;
        }
    }

    pub async fn login_succeeded(&self, email: &str, client: IpAddr, now: DateTime<Utc>) {
        let pair = format!("{email}|{client}");
        self.counters.clear("login.account_client", &pair).await;
        let known_for = self.login.known_client_for.to_std().unwrap_or_default();
        self.counters.remember(KNOWN, &pair, now, known_for).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(last: u8) -> IpAddr {
        IpAddr::from([10, 0, 0, last])
    }

    fn throttle() -> Throttle {
        Throttle::new(
            &Shared::InProcess,
            LoginThrottleConfig::default(),
            RateLimits::default(),
        )
    }

    #[tokio::test]
    async fn throttles_per_account_and_client_then_recovers() {
        let throttle = throttle();
        let now = Utc::now();
        for _ in 0..5 {
            assert!(throttle.check_login("a@x.io", ip(1), now).await.is_none());
            throttle.login_failed("a@x.io", ip(1), now).await;
        }
        assert!(throttle.check_login("a@x.io", ip(1), now).await.is_some());
        assert!(
            throttle.check_login("a@x.io", ip(2), now).await.is_none(),
            "another client is not affected"
        );
        assert!(throttle
            .check_login("a@x.io", ip(1), now + Duration::minutes(16))
            .await
            .is_none());
    }

    #[tokio::test]
    async fn distributed_attack_does_not_lock_out_a_known_client() {
        let throttle = throttle();
        let now = Utc::now();
        throttle.login_succeeded("owner@x.io", ip(200), now).await;
        for attacker in 0..40 {
            throttle.login_failed("owner@x.io", ip(attacker), now).await;
        }
        assert!(
            throttle
                .check_login("owner@x.io", ip(99), now)
                .await
                .is_some(),
            "new clients are throttled"
        );
        assert!(
            throttle
                .check_login("owner@x.io", ip(200), now)
                .await
                .is_none(),
            "the owner's known client is not"
        );
    }

    #[tokio::test]
    async fn rate_limits_refuse_past_the_limit_with_the_time_left() {
        let throttle = throttle();
        let now = Utc::now();
        for _ in 0..20 {
            throttle.limit(Action::Report, "7", now).await.unwrap();
        }
        let refused = throttle.limit(Action::Report, "7", now).await.unwrap_err();
        assert!(matches!(
            refused,
            ServiceError::RateLimited {
                retry_after_secs: 3600
            }
        ));
        throttle.limit(Action::Report, "8", now).await.unwrap();
        let later = now + Duration::minutes(61);
        throttle.limit(Action::Report, "7", later).await.unwrap();
    }
}
