//! Who is asking, and the permission rules of the table in docs/architecture.md.

use hireboard_domain::account::{Account, Role};
use hireboard_domain::company::MemberRole;
use hireboard_domain::ids::{AccountId, CompanyId};

use crate::error::ServiceError;

/// The caller of a use case.
#[derive(Debug, Clone)]
pub enum Actor {
    Anonymous,
    /// A logged-in account, with the hash of the session token it used.
    Account {
        account: Account,
        token_hash: Vec<u8>,
    },
    /// The board itself: scheduled work and the operator's commands. No request is ever
    /// authenticated as it, and it holds no account's permissions.
    System,
}

impl Actor {
    pub fn account(&self) -> Option<&Account> {
        match self {
            Actor::Anonymous | Actor::System => None,
            Actor::Account { account, .. } => Some(account),
        }
    }

    pub fn role(&self) -> Option<Role> {
        self.account().map(|a| a.role)
    }

    /// The logged-in account, or `Unauthenticated`.
    pub fn require(&self) -> Result<&Account, ServiceError> {
        self.account().ok_or(ServiceError::Unauthenticated)
    }

    pub fn id(&self) -> Option<AccountId> {
        self.account().map(|a| a.id)
    }

    /// A recruiter who belongs to `company`.
    pub fn is_recruiter_of(&self, company: CompanyId) -> bool {
        self.account()
            .is_some_and(|a| a.role == Role::Recruiter && a.company_id == Some(company))
    }

    /// An owner of `company`: one of its recruiters whose membership role is owner.
    pub fn is_owner_of(&self, company: CompanyId) -> bool {
        self.is_recruiter_of(company)
            && self
                .account()
                .is_some_and(|a| a.company_role == Some(MemberRole::Owner))
    }

    pub fn is_admin(&self) -> bool {
        self.role() == Some(Role::Admin)
    }

    pub fn is_staff(&self) -> bool {
        self.role().is_some_and(Role::is_staff)
    }

    /// May read drafts, hidden and removed postings of `company`.
    pub fn may_see_unlisted(&self, company: CompanyId) -> bool {
        self.is_recruiter_of(company) || self.is_staff()
    }

    /// May create, edit, publish, close and reconfirm `company`'s postings and handle
    /// their applicants.
    pub fn may_manage(&self, company: CompanyId) -> bool {
        self.is_recruiter_of(company) || self.is_admin()
    }

    /// May invite members to `company`, see and revoke its invitations, and remove members.
    pub fn may_administer(&self, company: CompanyId) -> bool {
        self.is_owner_of(company) || self.is_admin()
    }

    /// Work only the board itself does (sweeps, imports): `Forbidden` for any caller.
    pub fn require_system(&self, what: &'static str) -> Result<(), ServiceError> {
        match self {
            Actor::System => Ok(()),
            _ => Err(ServiceError::Forbidden(what.into())),
        }
    }

    /// Requires a logged-in account with one of `roles`.
    pub fn require_role(
        &self,
        roles: &[Role],
        what: &'static str,
    ) -> Result<&Account, ServiceError> {
        let account = self.require()?;
        if roles.contains(&account.role) {
            Ok(account)
        } else {
            Err(ServiceError::Forbidden(what.into()))
        }
    }
}
