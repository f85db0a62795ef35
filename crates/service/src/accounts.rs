//! Registration, login, sessions and account administration.

use chrono::{DateTime, Utc};
use hireboard_domain::account::{Account, AccountStatus, Email, RegistrationInput, Role};
use hireboard_domain::event::{AccountRoleChanged, AccountSuspended, Event, SessionRevoked};
use hireboard_domain::ids::AccountId;
use hireboard_domain::report::ModerationInput;
use hireboard_domain::ValidationErrors;
use hireboard_store::{Audit, NewAccount, NewSession, SessionRecord};
use serde::{Deserialize, Serialize};

use crate::codes::ErrorCode;
use crate::context::RequestContext;
use crate::error::{ServiceError, ServiceResult};
use crate::idempotency::{Taken, Write, Written};
use crate::throttle::Action;
use crate::{password, tokens, Actor, Hireboard, Submitted};

/// Email and password.
pub struct LoginInput {
    pub email: String,
    pub password: String,
    /// The `device_token` of an earlier login to this account from this client: it exempts
    /// the client from the limits that guessing from elsewhere (or from the same address)
    /// puts on the account.
    pub device_token: Option<String>,
}

impl std::fmt::Debug for LoginInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginInput")
            .field("email", &self.email)
            .finish_non_exhaustive()
    }
}

/// A new session: the bearer token is shown once, here.
#[derive(Debug)]
pub struct Session {
    pub token: String,
    pub token_type: &'static str,
    /// Absolute expiry; the session also ends after a period without use.
    pub expires_at: DateTime<Utc>,
    pub account: Account,
    /// Keep it and send it with the next login to this account (see `LoginInput`).
    pub device_token: String,
}

/// A role to grant.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RoleInput {
    pub role: Role,
}

const TOKEN_PREFIX: &str = "hb_";

impl Hireboard {
    /// Self-service registration, rate-limited per client address (a client over the limit
    /// is told so whatever it sends).
    pub async fn sign_up(
        &self,
        ctx: &RequestContext,
        input: impl Submitted<RegistrationInput>,
    ) -> ServiceResult<Written<Account>> {
        let input = Taken::from(input);
        let write = Write::new("register", "").input(&input);
        self.keyed(ctx, write, move |service, ctx| async move {
            service.sign_up_unkeyed(&ctx, input).await
        })
        .await
    }

    async fn sign_up_unkeyed(
        &self,
        ctx: &RequestContext,
        input: impl Submitted<RegistrationInput>,
    ) -> ServiceResult<Account> {
        self.inner
            .throttle
            .limit(
                Action::Register,
                &ctx.client.to_string(),
                self.clock().now(),
            )
            .await?;
        self.register(input.take()?).await
    }

    /// Registers an account; no rate limit (operator tools and demo data call this).
    pub async fn register(&self, input: RegistrationInput) -> ServiceResult<Account> {
        let registration = input.parse()?;
        let password_hash = password::hash(registration.password.expose().to_owned()).await?;
        let account = NewAccount {
            email: registration.email,
            password_hash,
            display_name: registration.display_name,
            role: registration.role,
            now: self.clock().now(),
        };
        Ok(self.store().create_account(account).await?)
    }

    /// Logs in. Unknown emails, wrong passwords and suspended accounts all get the same
    /// `InvalidCredentials`, after the same amount of hashing work.
    ///
    /// Throttling comes before any check of the input, so a throttled client is told so
    /// whatever it sends. The input is read first all the same, because a device token in
    /// it exempts its holder from the per-client limit; input that cannot be read holds
    /// none, so its sender is counted and refused like any client without one.
    pub async fn login(
        &self,
        ctx: &RequestContext,
        input: impl Submitted<LoginInput>,
    ) -> ServiceResult<Session> {
        let client = ctx.client;
        let now = self.clock().now();
        let input = input.take();
        let throttle = &self.inner.throttle;
        let device = match &input {
            Ok(LoginInput {
                email,
                device_token: Some(token),
                ..
            }) => throttle.device(&login_email(email), token, now).await,
            _ => None,
        };
        if device.is_none() {
            throttle
                .limit(Action::Login, &client.to_string(), now)
                .await?;
        }
        let input = input?;
        let email = login_email(&input.email);
        if let Some(retry_after_secs) = throttle
            .check_login(&email, client, device.as_ref(), now)
            .await
        {
            return Err(ServiceError::RateLimited { retry_after_secs });
        }
        if input.password.chars().count() > 1024 {
            return Err(
                ValidationErrors::single("password", "must be at most 1024 characters").into(),
            );
        }
        let found = self.store().credentials(&email).await?;
        let (account, stored) = match found {
            Some((account, hash)) => (Some(account), Some(hash)),
            None => (None, None),
        };
        let verified = password::verify(input.password, stored).await?;
        let account = match account {
            Some(account) if verified && account.status == AccountStatus::Active => account,
            _ => {
                throttle
                    .login_failed(&email, client, device.as_ref(), now)
                    .await;
                tracing::info!(client = %client, "login failed");
                return Err(ServiceError::InvalidCredentials);
            }
        };
        let device_token = throttle
            .login_succeeded(&email, client, device.as_ref(), now)
            .await;
        let (token, token_hash) = tokens::issue(TOKEN_PREFIX);
        let expires_at = now + self.config().session_absolute;
        self.store()
            .create_session(NewSession {
                token_hash,
                account_id: account.id,
                now,
                expires_at,
            })
            .await?;
        Ok(Session {
            token,
            token_type: "Bearer",
            expires_at,
            account,
            device_token,
        })
    }

    /// Resolves a bearer token to its account; expired, idle, revoked or suspended sessions
    /// are `Unauthenticated`.
    pub async fn authenticate(&self, token: &str) -> ServiceResult<Actor> {
        if !tokens::plausible(token, TOKEN_PREFIX) {
            return Err(ServiceError::Unauthenticated);
        }
        let now = self.clock().now();
        let token_hash = tokens::hash(token);
        let Some((mut session, account)) = self.live_session(&token_hash, now).await? else {
            return Err(ServiceError::Unauthenticated);
        };
        if now - session.last_used_at > self.config().session_idle
            || session.expires_at <= now
            || account.status != AccountStatus::Active
        {
            return Err(ServiceError::Unauthenticated);
        }
        // Record use at most once a minute, and at least four times per idle period: a
        // session used more often than its idle timeout never expires for want of a
        // recorded use, without a write on every request.
        let record_after = (self.config().session_idle / 4).min(chrono::Duration::minutes(1));
        if now - session.last_used_at > record_after {
            let mark = self.inner.sessions.mark();
            self.store().touch_session(&token_hash, now).await?;
            session.last_used_at = now;
            self.inner
                .sessions
                .fill(token_hash.clone(), (session, account.clone()), mark);
        }
        Ok(Actor::Account {
            account,
            token_hash,
        })
    }

    /// The session behind a token hash, from this instance's cache while the outbox feed
    /// keeps it current, else from the store. Only the store checks revocation and expiry;
    /// the caller checks expiry again against the cached copy.
    async fn live_session(
        &self,
        token_hash: &[u8],
        now: DateTime<Utc>,
    ) -> ServiceResult<Option<(SessionRecord, Account)>> {
        let trusted = self.inner.postings.feed().trusted();
        if trusted {
            if let Some(cached) = self.inner.sessions.get(token_hash) {
                return Ok(Some(cached));
            }
        }
        let mark = self.inner.sessions.mark();
        let found = self.store().session(token_hash, now).await?;
        if let (true, Some(found)) = (trusted, &found) {
            self.inner
                .sessions
                .fill(token_hash.to_vec(), found.clone(), mark);
        }
        Ok(found)
    }

    /// Revokes the session the caller used, here at once and on other instances from the
    /// outbox.
    pub async fn logout(&self, ctx: &RequestContext) -> ServiceResult<()> {
        let actor = &ctx.actor;
        match actor {
            Actor::Anonymous | Actor::System => Err(ServiceError::Unauthenticated),
            Actor::Account {
                token_hash,
                account,
            } => {
                let event = Event::SessionRevoked(SessionRevoked {
                    account: account.id,
                });
                let revoked = self
                    .store()
                    .revoke_session(token_hash, self.clock().now(), event)
                    .await;
                self.inner.sessions.forget_session(token_hash);
                Ok(revoked?)
            }
        }
    }

    pub fn me(&self, ctx: &RequestContext) -> ServiceResult<Account> {
        ctx.actor.require().cloned()
    }

    /// Admin only: changes an account's role. A member of a company stays a recruiter until
    /// they leave it (the store refuses otherwise), so every owner and member can act.
    pub async fn grant_role(
        &self,
        ctx: &RequestContext,
        id: AccountId,
        input: impl Submitted<RoleInput>,
    ) -> ServiceResult<Written<Account>> {
        let input = Taken::from(input);
        let write = Write::new("grant_role", id.0).input(&input);
        self.keyed(ctx, write, move |service, ctx| async move {
            service.grant_role_unkeyed(&ctx, id, input).await
        })
        .await
    }

    async fn grant_role_unkeyed(
        &self,
        ctx: &RequestContext,
        id: AccountId,
        input: impl Submitted<RoleInput>,
    ) -> ServiceResult<Account> {
        let actor = &ctx.actor;
        let admin = self
            .administered(
                actor,
                id,
                "only admins grant roles",
                "admins cannot change their own role",
            )
            .await?;
        let input = input.take()?;
        let audit = Audit {
            actor: admin.id,
            action: "grant_role",
            reason: Some(input.role.as_str().to_owned()),
            now: self.clock().now(),
        };
        let event = Event::AccountRoleChanged(AccountRoleChanged {
            account: id,
            role: input.role,
            by: Some(admin.id),
        });
        let changed = self
            .store()
            .set_account_role(id, input.role, audit, event)
            .await;
        self.inner.sessions.forget_account(id);
        match changed {
            Err(hireboard_store::StoreError::StateChanged) => Err(ServiceError::conflict(
                ErrorCode::AlreadyInCompany,
                "the account belongs to a company, where only recruiters act; it leaves first",
            )),
            other => other.map_err(not_found("account")),
        }
    }

    /// Admin only: suspends an account, revoking every session, for a reason that is audited.
    pub async fn suspend_account(
        &self,
        ctx: &RequestContext,
        id: AccountId,
        input: impl Submitted<ModerationInput>,
    ) -> ServiceResult<Written<Account>> {
        let input = Taken::from(input);
        let write = Write::new("suspend", id.0).input(&input);
        self.keyed(ctx, write, move |service, ctx| async move {
            service.suspend_account_unkeyed(&ctx, id, input).await
        })
        .await
    }

    async fn suspend_account_unkeyed(
        &self,
        ctx: &RequestContext,
        id: AccountId,
        input: impl Submitted<ModerationInput>,
    ) -> ServiceResult<Account> {
        let actor = &ctx.actor;
        let admin = self
            .administered(
                actor,
                id,
                "only admins suspend accounts",
                "admins cannot suspend themselves",
            )
            .await?;
        let reason = input.take()?.parse_reason()?;
        self.set_account_status(admin, id, AccountStatus::Suspended, Some(reason))
            .await
    }

    /// Admin only: reinstates a suspended account.
    pub async fn reinstate_account(
        &self,
        ctx: &RequestContext,
        id: AccountId,
    ) -> ServiceResult<Written<Account>> {
        let write = Write::new("reinstate", id.0);
        self.keyed(ctx, write, move |service, ctx| async move {
            service.reinstate_account_unkeyed(&ctx, id).await
        })
        .await
    }

    async fn reinstate_account_unkeyed(
        &self,
        ctx: &RequestContext,
        id: AccountId,
    ) -> ServiceResult<Account> {
        let actor = &ctx.actor;
        let admin = self
            .administered(
                actor,
                id,
                "only admins suspend accounts",
                "admins cannot suspend themselves",
            )
            .await?;
        self.set_account_status(admin, id, AccountStatus::Active, None)
            .await
    }

    /// The admin who may act on account `id`: it exists and is not their own.
    async fn administered<'a>(
        &self,
        actor: &'a Actor,
        id: AccountId,
        only_admins: &'static str,
        not_yourself: &'static str,
    ) -> ServiceResult<&'a Account> {
        let admin = actor.require_role(&[Role::Admin], only_admins)?;
        if admin.id == id {
            return Err(ServiceError::Forbidden(not_yourself.into()));
        }
        self.store()
            .account(id)
            .await?
            .ok_or(ServiceError::NotFound("account".into()))?;
        Ok(admin)
    }

    async fn set_account_status(
        &self,
        admin: &Account,
        id: AccountId,
        status: AccountStatus,
        reason: Option<String>,
    ) -> ServiceResult<Account> {
        let audit = Audit {
            actor: admin.id,
            action: if status == AccountStatus::Suspended {
                "suspend"
            } else {
                "reinstate"
            },
            reason,
            now: self.clock().now(),
        };
        let event = Event::AccountSuspended(AccountSuspended {
            account: id,
            status,
            by: admin.id,
        });
        let changed = self
            .store()
            .set_account_status(id, status, audit, event)
            .await;
        self.inner.sessions.forget_account(id);
        changed.map_err(not_found("account"))
    }

    /// The account registered under `email`, for operator commands (no actor). No API calls
    /// this: answers never reveal who has an account.
    pub async fn account_by_email(&self, email: &str) -> ServiceResult<Option<Account>> {
        Ok(self.store().account_by_email(email).await?)
    }

    /// Creates a staff account directly (operator CLI and demo data; no actor).
    pub async fn bootstrap_account(
        &self,
        input: RegistrationInput,
        role: Role,
    ) -> ServiceResult<Account> {
        let registered = self
            .register(RegistrationInput {
                role: Role::Candidate,
                ..input
            })
            .await?;
        if role == Role::Candidate {
            return Ok(registered);
        }
        let audit = Audit {
            actor: registered.id,
            action: "bootstrap_role",
            reason: Some(role.as_str().to_owned()),
            now: self.clock().now(),
        };
        let event = Event::AccountRoleChanged(AccountRoleChanged {
            account: registered.id,
            role,
            by: None,
        });
        Ok(self
            .store()
            .set_account_role(registered.id, role, audit, event)
            .await?)
    }
}

/// The email that login counters and lookups use: normalized when it is an email at all.
fn login_email(typed: &str) -> String {
    Email::parse("email", typed)
        .map(|e| e.as_str().to_owned())
        .unwrap_or_else(|_| typed.trim().to_lowercase())
}

/// Maps a store's `NotFound` to a service `NotFound` naming the resource.
pub(crate) fn not_found(
    what: &'static str,
) -> impl Fn(hireboard_store::StoreError) -> ServiceError {
    move |error| match error {
        hireboard_store::StoreError::NotFound => ServiceError::NotFound(what.into()),
        other => other.into(),
    }
}
