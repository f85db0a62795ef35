//! Accounts and sessions: registering, logging in, granting roles, and accounts as shown.

use chrono::{DateTime, Utc};
use hireboard_domain::account as domain;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::companies::{CompanyId, MemberRole};
use super::{wire_enum, wire_id};

wire_id!(
    /// An account (candidate, recruiter, moderator or admin).
    AccountId
);

wire_enum!(
    hireboard_domain::account::Role,
    /// What an account may do (see the permission table in docs/architecture.md).
    Role {
        Candidate = "candidate",
        Recruiter = "recruiter",
        Moderator = "moderator",
        Admin = "admin",
    }
);

wire_enum!(
    hireboard_domain::account::AccountStatus,
    /// Whether an account may log in.
    AccountStatus { Active = "active", Suspended = "suspended" }
);

/// A registration request as the client sends it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegistrationInput {
    #[schema(max_length = 254, pattern = "<email>")]
    email: String,
    /// Not a common or easily guessed password, nor one made of the email or display name.
    #[schema(min_length = 8, max_length = 128)]
    password: String,
    #[schema(min_length = 1, max_length = 100, pattern = "<line>")]
    display_name: String,
    /// `candidate` or `recruiter`; staff roles are granted by an admin.
    role: Role,
}

/// Email and password.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginInput {
    email: String,
    #[schema(max_length = 1024)]
    password: String,
    /// The `device_token` of an earlier login to this account from this client: it exempts
    /// the client from the limits that guessing from elsewhere (or from the same address)
    /// puts on the account.
    #[serde(default)]
    device_token: Option<String>,
}

/// A role to grant.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleInput {
    role: Role,
}

/// An account as its owner (and staff) see it. Never carries the password hash.
#[derive(Debug, Serialize, ToSchema)]
pub struct Account {
    id: AccountId,
    email: String,
    display_name: String,
    role: Role,
    status: AccountStatus,
    /// The company this account belongs to, if any.
    company_id: Option<CompanyId>,
    /// Its role in that company (set exactly when `company_id` is).
    company_role: Option<MemberRole>,
    created_at: DateTime<Utc>,
}

/// A new session: the bearer token is shown once, here.
#[derive(Serialize, ToSchema)]
pub struct Session {
    token: String,
    token_type: &'static str,
    /// Absolute expiry; the session also ends after a period without use.
    expires_at: DateTime<Utc>,
    account: Account,
    /// Keep it and send it with the next login to this account (see `LoginInput`).
    device_token: String,
}

impl From<RegistrationInput> for domain::RegistrationInput {
    fn from(input: RegistrationInput) -> Self {
        let RegistrationInput {
            email,
            password,
            display_name,
            role,
        } = input;
        domain::RegistrationInput {
            email,
            password,
            display_name,
            role: role.into(),
        }
    }
}

impl From<LoginInput> for hireboard_service::LoginInput {
    fn from(input: LoginInput) -> Self {
        let LoginInput {
            email,
            password,
            device_token,
        } = input;
        hireboard_service::LoginInput {
            email,
            password,
            device_token,
        }
    }
}

impl From<RoleInput> for hireboard_service::RoleInput {
    fn from(RoleInput { role }: RoleInput) -> Self {
        hireboard_service::RoleInput { role: role.into() }
    }
}

impl From<domain::Account> for Account {
    fn from(account: domain::Account) -> Self {
        let domain::Account {
            id,
            email,
            display_name,
            role,
            status,
            company_id,
            company_role,
            created_at,
        } = account;
        Account {
            id: id.into(),
            email: email.as_str().to_owned(),
            display_name,
            role: role.into(),
            status: status.into(),
            company_id: company_id.map(Into::into),
            company_role: company_role.map(Into::into),
            created_at,
        }
    }
}

impl From<hireboard_service::Session> for Session {
    fn from(session: hireboard_service::Session) -> Self {
        let hireboard_service::Session {
            token,
            token_type,
            expires_at,
            account,
            device_token,
        } = session;
        Session {
            token,
            token_type,
            expires_at,
            account: account.into(),
            device_token,
        }
    }
}
