//! Company, membership and invitation events (thin: ids and what changed).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Keyed;
use crate::company::MemberRole;
use crate::ids::{AccountId, CompanyId, InvitationId};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CompanyCreated {
    pub company: CompanyId,
    pub slug: String,
    pub name: String,
    /// Its first member, an owner.
    pub owner: AccountId,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct InvitationCreated {
    pub company: CompanyId,
    pub invitation: InvitationId,
    pub role: MemberRole,
    pub by: AccountId,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct InvitationAccepted {
    pub company: CompanyId,
    pub invitation: InvitationId,
    /// The account that joined.
    pub account: AccountId,
    pub role: MemberRole,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct InvitationRevoked {
    pub company: CompanyId,
    pub invitation: InvitationId,
    pub by: AccountId,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct MemberRemoved {
    pub company: CompanyId,
    pub account: AccountId,
    /// Who removed them (themselves, when they left).
    pub by: AccountId,
    /// Invitations still pending to their address there, revoked with the removal.
    pub invitations_revoked: Vec<InvitationId>,
}

macro_rules! keyed_by_company {
    ($($data:ty),+) => {$(
        impl Keyed for $data {
            fn key(&self) -> String {
                self.company.0.to_string()
            }
        }
    )+};
}

keyed_by_company!(
    CompanyCreated,
    InvitationCreated,
    InvitationAccepted,
    InvitationRevoked,
    MemberRemoved
);
