//! Account and session events (thin: ids and what changed).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Keyed;
use crate::account::{AccountStatus, Role};
use crate::ids::AccountId;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AccountRegistered {
    pub account: AccountId,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AccountSuspended {
    pub account: AccountId,
    /// The status it has now (`active` when a suspension is lifted).
    pub status: AccountStatus,
    /// The admin who decided.
    pub by: AccountId,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AccountRoleChanged {
    pub account: AccountId,
    pub role: Role,
    /// The admin who decided; absent when the operator's command did.
    pub by: Option<AccountId>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SessionRevoked {
    /// Whose session ended (logged out).
    pub account: AccountId,
}

impl Keyed for AccountRegistered {
    fn key(&self) -> String {
        self.account.0.to_string()
    }
}
impl Keyed for AccountSuspended {
    fn key(&self) -> String {
        self.account.0.to_string()
    }
}
impl Keyed for AccountRoleChanged {
    fn key(&self) -> String {
        self.account.0.to_string()
    }
}
impl Keyed for SessionRevoked {
    fn key(&self) -> String {
        self.account.0.to_string()
    }
}
