//! Invitations to join a company: inviting, accepting, and invitations as shown.

use chrono::{DateTime, Utc};
use hireboard_domain::company as domain;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::accounts::AccountId;
use super::companies::{Company, MemberRole};
use super::wire_id;

wire_id!(
    /// An invitation to join a company.
    InvitationId
);

/// Whom to invite, as the owner sends it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InvitationInput {
    /// The invitee's email address; it need not belong to an account (yet).
    #[schema(max_length = 254, pattern = "<email>")]
    email: String,
    /// What the invitee becomes on joining: `recruiter` (the default) or `owner`.
    role: Option<MemberRole>,
}

/// The invitation token, as the invitee sends it to accept.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptInput {
    token: String,
}

/// An invitation, as the company's owners and admins see it. Its token is never part of it:
/// only a hash of it is kept.
#[derive(Debug, Serialize, ToSchema)]
pub struct Invitation {
    id: InvitationId,
    /// The invited address as it was typed.
    email: String,
    role: MemberRole,
    invited_by: AccountId,
    created_at: DateTime<Utc>,
    /// After this the invitation can no longer be accepted.
    expires_at: DateTime<Utc>,
}

/// A new invitation and its token: the token is shown once, here. Hand it to the invitee,
/// who accepts with it while logged in to the invited address's account.
#[derive(Serialize, ToSchema)]
pub struct IssuedInvitation {
    #[serde(flatten)]
    invitation: Invitation,
    token: String,
}

/// The company an accepted invitation joined, and the role it gave.
#[derive(Debug, Serialize, ToSchema)]
pub struct Membership {
    company: Company,
    role: MemberRole,
    joined_at: DateTime<Utc>,
}

impl From<InvitationInput> for domain::InvitationInput {
    fn from(InvitationInput { email, role }: InvitationInput) -> Self {
        domain::InvitationInput {
            email,
            role: role.map(Into::into),
        }
    }
}

impl From<AcceptInput> for domain::AcceptInput {
    fn from(AcceptInput { token }: AcceptInput) -> Self {
        domain::AcceptInput { token }
    }
}

/// What shows is what the inviter may know: not the company's internal id, nor the address
/// as accounts store it, nor whether (or when) the invitation was used or revoked.
impl From<domain::Invitation> for Invitation {
    fn from(invitation: domain::Invitation) -> Self {
        let domain::Invitation {
            id,
            company_id: _,
            email,
            email_normalized: _,
            role,
            invited_by,
            created_at,
            expires_at,
            accepted_at: _,
            revoked_at: _,
        } = invitation;
        Invitation {
            id: id.into(),
            email,
            role: role.into(),
            invited_by: invited_by.into(),
            created_at,
            expires_at,
        }
    }
}

impl From<hireboard_service::IssuedInvitation> for IssuedInvitation {
    fn from(issued: hireboard_service::IssuedInvitation) -> Self {
        let hireboard_service::IssuedInvitation { invitation, token } = issued;
        IssuedInvitation {
            invitation: invitation.into(),
            token,
        }
    }
}

impl From<hireboard_service::Membership> for Membership {
    fn from(membership: hireboard_service::Membership) -> Self {
        let hireboard_service::Membership {
            company,
            role,
            joined_at,
        } = membership;
        Membership {
            company: company.into(),
            role: role.into(),
            joined_at,
        }
    }
}
