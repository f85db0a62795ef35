//! Rate limits and failed-login throttling, counted in [`Counters`]: per instance by default,
//! shared by every instance when Redis is configured.
//!
//! Rate limits count attempts at abuse-prone actions (registering and logging in per client
//! address, applying, reporting and inviting per account), refused ones included, so
//! hammering does not speed anything up.
//!
//! Failed logins are counted in three windows: per client address, per (email, client) pair,
//! and per email across all clients. Those windows stop a guessing attack from one address or
//! spread over many, but alone they would let anyone lock an account's owner out, or lock out
//! everyone behind the same NAT or proxy. So a successful login hands the client a device
//! token (OWASP's "device cookie"): a client that presents a valid one for the account it logs
//! in to is counted in a window of its own token instead and passes the per-address and
//! per-account limits. Counters are keyed by the email as typed (normalized), never by
//! whether the account exists, so throttling reveals nothing about which emails are
//! registered.

use std::net::IpAddr;

use chrono::{DateTime, Duration, Utc};
use hireboard_cache::{Counters, Limit, Shared};

use crate::error::{ServiceError, ServiceResult};
use crate::tokens;

#[derive(Debug, Clone)]
pub struct LoginThrottleConfig {
    pub window: Duration,
    /// Failed logins per client address, from clients without a device token.
    pub per_client: u32,
    pub per_account_and_client: u32,
    /// Failed logins per account, from clients without a device token of the account.
    pub per_account: u32,
    /// Failed logins with one device token before it stops exempting its holder.
    pub per_device: u32,
    /// How long a device token proves that its holder logged in to the account.
    pub device_token_ttl: Duration,
}

impl Default for LoginThrottleConfig {
    fn default() -> Self {
        Self {
            window: Duration::minutes(15),
            per_client: 50,
            per_account_and_client: 5,
            per_account: 20,
            per_device: 5,
            device_token_ttl: Duration::days(30),
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

/// A client's proof that it logged in to an account before: a device token that is still
/// remembered and has not failed too often.
pub struct Device {
    subject: String,
}

/// The failed-login windows an attempt falls in, with their limits: a device token's own, or
/// the address, pair and account windows of a client without one.
fn failure_windows(
    config: &LoginThrottleConfig,
    email: &str,
    client: IpAddr,
    device: Option<&Device>,
) -> Vec<(&'static str, String, u32)> {
    match device {
        Some(device) => vec![(DEVICE_FAILURES, device.subject.clone(), config.per_device)],
        None => vec![
            ("login.client", client.to_string(), config.per_client),
            (
                "login.account_client",
                format!("{email}|{client}"),
                config.per_account_and_client,
            ),
            ("login.account", email.to_owned(), config.per_account),
        ],
    }
}

const DEVICES: &str = "login.device";
const DEVICE_FAILURES: &str = "login.device_failures";
const DEVICE_TOKEN_PREFIX: &str = "hbd_";

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

    /// The device behind `token`, if it proves a login to `email` and has not failed too often.
    pub async fn device(&self, email: &str, token: &str, now: DateTime<Utc>) -> Option<Device> {
        if !tokens::plausible(token, DEVICE_TOKEN_PREFIX) {
            return None;
        }
        let subject = format!("{email}|{}", hex::encode(tokens::hash(token)));
        let issued = self.counters.recall(DEVICES, &subject).await?;
        if now - issued > self.login.device_token_ttl {
            return None;
        }
        let failures = self
            .counters
            .peek(DEVICE_FAILURES, &subject, self.window(), now)
            .await;
        let limit = Limit {
            max: self.login.per_device,
            window: self.window(),
        };
        limit
            .refuses(&failures, now)
            .is_none()
            .then_some(Device { subject })
    }

    /// `Some(seconds)` to wait if this login must be refused before checking the password.
    pub async fn check_login(
        &self,
        email: &str,
        client: IpAddr,
        device: Option<&Device>,
        now: DateTime<Utc>,
    ) -> Option<u64> {
        let mut wait = None;
        for (scope, subject, max) in failure_windows(&self.login, email, client, device) {
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

    pub async fn login_failed(
        &self,
        email: &str,
        client: IpAddr,
        device: Option<&Device>,
        now: DateTime<Utc>,
    ) {
        for (scope, subject, _) in failure_windows(&self.login, email, client, device) {
            self.counters.hit(scope, &subject, self.window(), now).await;
        }
    }

    /// Clears the client's failures and hands it a new device token for the account.
    pub async fn login_succeeded(
        &self,
        email: &str,
        client: IpAddr,
        device: Option<&Device>,
        now: DateTime<Utc>,
    ) -> String {
        self.counters
            .clear("login.account_client", &format!("{email}|{client}"))
            .await;
        if let Some(device) = device {
            self.counters.clear(DEVICE_FAILURES, &device.subject).await;
        }
        let (token, hash) = tokens::issue(DEVICE_TOKEN_PREFIX);
        let subject = format!("{email}|{}", hex::encode(hash));
        let ttl = self.login.device_token_ttl.to_std().unwrap_or_default();
        self.counters.remember(DEVICES, &subject, now, ttl).await;
        token
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
            assert!(throttle
                .check_login("a@x.io", ip(1), None, now)
                .await
                .is_none());
            throttle.login_failed("a@x.io", ip(1), None, now).await;
        }
        assert!(throttle
            .check_login("a@x.io", ip(1), None, now)
            .await
            .is_some());
        assert!(
            throttle
                .check_login("a@x.io", ip(2), None, now)
                .await
                .is_none(),
            "another client is not affected"
        );
        assert!(throttle
            .check_login("a@x.io", ip(1), None, now + Duration::minutes(16))
            .await
            .is_none());
    }

    #[tokio::test]
    async fn a_device_token_passes_the_account_and_address_limits() {
        let throttle = throttle();
        let now = Utc::now();
        let token = throttle
            .login_succeeded("owner@x.io", ip(200), None, now)
            .await;
        // A distributed attack on the account, and one address failing for everyone.
        for attacker in 0..40 {
            throttle
                .login_failed("owner@x.io", ip(attacker), None, now)
                .await;
        }
        for n in 0..60 {
            throttle
                .login_failed(&format!("other{n}@x.io"), ip(200), None, now)
                .await;
        }
        assert!(
            throttle
                .check_login("owner@x.io", ip(99), None, now)
                .await
                .is_some(),
            "clients without the token are throttled"
        );
        let device = throttle.device("owner@x.io", &token, now).await;
        assert!(device.is_some(), "the token is known");
        assert!(
            throttle
                .check_login("owner@x.io", ip(200), device.as_ref(), now)
                .await
                .is_none(),
            "the owner's device is not"
        );
        assert!(
            throttle.device("other@x.io", &token, now).await.is_none(),
            "a token proves a login to its own account only"
        );
        assert!(throttle
            .device("owner@x.io", &token, now + Duration::days(31))
            .await
            .is_none());
    }

    #[tokio::test]
    async fn a_device_token_that_keeps_failing_stops_exempting() {
        let throttle = throttle();
        let now = Utc::now();
        let token = throttle.login_succeeded("a@x.io", ip(1), None, now).await;
        for _ in 0..5 {
            let device = throttle.device("a@x.io", &token, now).await;
            assert!(device.is_some());
            throttle
                .login_failed("a@x.io", ip(1), device.as_ref(), now)
                .await;
        }
        assert!(throttle.device("a@x.io", &token, now).await.is_none());
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
