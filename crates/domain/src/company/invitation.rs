//! Invitations to join a company.
//!
//! An owner invites an email address, not an account: nothing about the invitation depends
//! on whether (or how) that address is registered, so inviting reveals nothing about who has
//! an account. The invitee proves they hold the address's account by logging in to it and
//! presenting the invitation's token, which only the inviter saw. An invitation is used at
//! most once, expires, and can be revoked while it is pending.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::MemberRole;
use crate::account::Email;
use crate::error::ValidationErrors;
use crate::ids::{AccountId, CompanyId, InvitationId};

/// Whom to invite, as the owner sends it.
#[derive(Debug, Clone)]
pub struct InvitationInput {
    /// The invitee's email address; it need not belong to an account (yet).
    pub email: String,
    /// What the invitee becomes on joining: `recruiter` (the default) or `owner`.
    pub role: Option<MemberRole>,
}

/// A checked invitation request.
#[derive(Debug, Clone, PartialEq)]
pub struct InvitationRequest {
    /// The address as the owner typed it (trimmed), for showing back.
    pub email_as_typed: String,
    /// The address as accounts store it, for matching the invitee's.
    pub email: Email,
    pub role: MemberRole,
}

impl InvitationInput {
    pub fn parse(&self) -> Result<InvitationRequest, ValidationErrors> {
        let email = Email::parse("email", &self.email)?;
        Ok(InvitationRequest {
            // What `Email::parse` accepted, before lower-casing: one line, at most 254 characters.
            email_as_typed: self.email.trim().to_owned(),
            email,
            role: self.role.unwrap_or(MemberRole::Recruiter),
        })
    }
}

/// The invitation token, as the invitee sends it to accept.
#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AcceptInput {
    pub token: String,
}

impl std::fmt::Debug for AcceptInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AcceptInput").finish_non_exhaustive()
    }
}

/// An invitation, as the company's owners and admins see it. Its token is never part of it:
/// only a hash of it is kept.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Invitation {
    pub id: InvitationId,
    pub company_id: CompanyId,
    /// The invited address as it was typed.
    pub email: String,
    /// The invited address as accounts store it.
    pub email_normalized: Email,
    pub role: MemberRole,
    pub invited_by: AccountId,
    pub created_at: DateTime<Utc>,
    /// After this the invitation can no longer be accepted.
    pub expires_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl Invitation {
    /// Neither used nor revoked, and not expired at `now`.
    pub fn is_pending(&self, now: DateTime<Utc>) -> bool {
        self.accepted_at.is_none() && self.revoked_at.is_none() && now < self.expires_at
    }

    /// Whether the account with `email` may accept it at `now`.
    pub fn admits(&self, email: &Email, now: DateTime<Utc>) -> bool {
        self.is_pending(now) && self.email_normalized == *email
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;

    fn input(email: &str) -> InvitationInput {
        InvitationInput {
            email: email.into(),
            role: None,
        }
    }

    #[test]
    fn the_address_is_kept_as_typed_and_normalized() {
        let request = input("  Ada.Lovelace@Example.COM ").parse().unwrap();
        assert_eq!(request.email_as_typed, "Ada.Lovelace@Example.COM");
        assert_eq!(request.email.as_str(), "ada.lovelace@example.com");
        assert_eq!(request.role, MemberRole::Recruiter);
        for bad in ["", "ada", "ada@example", "a\nb@example.com"] {
            assert_eq!(
                input(bad).parse().unwrap_err().0[0].field,
                "email",
                "{bad:?}"
            );
        }
    }

    #[test]
    fn only_a_pending_invitation_to_the_same_address_admits() {
        let now = Utc::now();
        let ada = Email::parse("email", "ada@example.com").unwrap();
        let invitation = Invitation {
            id: InvitationId(1),
            company_id: CompanyId(1),
            email: "Ada@example.com".into(),
            email_normalized: ada.clone(),
            role: MemberRole::Recruiter,
            invited_by: AccountId(1),
            created_at: now,
            expires_at: now + Duration::days(7),
            accepted_at: None,
            revoked_at: None,
        };
        assert!(invitation.admits(&ada, now));
        let bob = Email::parse("email", "bob@example.com").unwrap();
        assert!(!invitation.admits(&bob, now));
        assert!(!invitation.admits(&ada, now + Duration::days(7)), "expired");
        let used = Invitation {
            accepted_at: Some(now),
            ..invitation.clone()
        };
        assert!(!used.admits(&ada, now));
        let revoked = Invitation {
            revoked_at: Some(now),
            ..invitation
        };
        assert!(!revoked.admits(&ada, now));
    }
}
