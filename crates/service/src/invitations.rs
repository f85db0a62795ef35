//! Invitations to join a company: an owner (or admin) invites an email address and hands
//! the invitee the token; the invitee, logged in to the account with that address, accepts.
//!
//! Inviting never looks the address up: the answer (status, body, headers, and the work done
//! to give it) is the same whether the address belongs to nobody, a candidate, a member of
//! some company or the owner themself, so an invitation reveals nothing about who has an
//! account. Accepting answers one and the same "not found" for every token that cannot be
//! used (unknown, expired, used, revoked, or sent to another address), so the answer is no
//! oracle for tokens either.
//!
//! The token exists only in the answer to the invitation (the store keeps its hash), so an
//! email sent when email delivery exists must go out from here, at creation; the outbox
//! event never carries it.

use chrono::{DateTime, Utc};
use hireboard_domain::account::Role;
use hireboard_domain::company::{AcceptInput, Company, Invitation, InvitationInput, MemberRole};
use hireboard_domain::cursor::PageParams;
use hireboard_domain::event::{Event, InvitationAccepted, InvitationRevoked};
use hireboard_domain::ids::InvitationId;
use hireboard_store::{Acceptance, Audit, NewInvitation, StoreError};
use serde::{Deserialize, Serialize};

use crate::codes::ErrorCode;
use crate::companies::{already_in_company, id_page};
use crate::context::RequestContext;
use crate::error::{ServiceError, ServiceResult};
use crate::idempotency::{Taken, Write, Written};
use crate::throttle::Action;
use crate::{tokens, Hireboard, Page, Submitted};

/// What an invitation token starts with (a session token starts with `hb_`).
const TOKEN_PREFIX: &str = "hbi_";

/// A new invitation and its token: the token is shown once, here. Hand it to the invitee,
/// who accepts with it while logged in to the invited address's account.
pub struct IssuedInvitation {
    pub invitation: Invitation,
    pub token: String,
}

impl std::fmt::Debug for IssuedInvitation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssuedInvitation")
            .field("invitation", &self.invitation)
            .finish_non_exhaustive()
    }
}

/// The company an accepted invitation joined, and the role it gave.
#[derive(Debug, Serialize, Deserialize)]
pub struct Membership {
    pub company: Company,
    pub role: MemberRole,
    pub joined_at: DateTime<Utc>,
}

fn unusable() -> ServiceError {
    ServiceError::NotFound("invitation".into())
}

fn not_pending() -> ServiceError {
    ServiceError::conflict(
        ErrorCode::InvitationNotPending,
        "this invitation was already accepted or revoked, or has expired",
    )
}

impl Hireboard {
    /// The company's owners (and admins) invite an address, at most so many times an hour.
    pub async fn invite(
        &self,
        ctx: &RequestContext,
        slug: &str,
        input: impl Submitted<InvitationInput>,
    ) -> ServiceResult<IssuedInvitation> {
        let actor = &ctx.actor;
        let inviter = actor.require()?;
        let company = self.company(slug).await?;
        if !actor.may_administer(company.id) {
            return Err(ServiceError::Forbidden(
                "only the company's owners invite members".into(),
            ));
        }
        let now = self.clock().now();
        self.inner
            .throttle
            .limit(Action::Invite, &inviter.id.0.to_string(), now)
            .await?;
        let request = input.take()?.parse()?;
        let (token, token_hash) = tokens::issue(TOKEN_PREFIX);
        let audit = actor.is_admin().then(|| Audit {
            actor: inviter.id,
            action: "invite_company_member",
            reason: Some(format!("company {}", company.slug)),
            now,
        });
        let new = NewInvitation {
            company_id: company.id,
            email_as_typed: request.email_as_typed,
            email: request.email,
            role: request.role,
            token_hash,
            invited_by: inviter.id,
            now,
            expires_at: now + self.config().invitation_ttl,
        };
        let invitation = self.store().create_invitation(new, audit).await?;
        Ok(IssuedInvitation { invitation, token })
    }

    /// The company's pending invitations, for its owners and admins.
    pub async fn invitations(
        &self,
        ctx: &RequestContext,
        slug: &str,
        params: &PageParams,
    ) -> ServiceResult<Page<Invitation>> {
        let actor = &ctx.actor;
        actor.require()?;
        let company = self.company(slug).await?;
        if !actor.may_administer(company.id) {
            return Err(ServiceError::Forbidden(
                "only the company's owners see its invitations".into(),
            ));
        }
        let page = id_page(params)?;
        let (items, more) = self
            .store()
            .pending_invitations(company.id, self.clock().now(), &page)
            .await?;
        Ok(Page::new(items, more, |last| vec![last.id.0]))
    }

    /// The company's owners (and admins) revoke a pending invitation.
    pub async fn revoke_invitation(
        &self,
        ctx: &RequestContext,
        slug: &str,
        id: InvitationId,
    ) -> ServiceResult<()> {
        let actor = &ctx.actor;
        let caller = actor.require()?;
        let company = self.company(slug).await?;
        if !actor.may_administer(company.id) {
            return Err(ServiceError::Forbidden(
                "only the company's owners revoke its invitations".into(),
            ));
        }
        let invitation = self
            .store()
            .invitation(id)
            .await?
            .filter(|invitation| invitation.company_id == company.id)
            .ok_or(ServiceError::NotFound("invitation".into()))?;
        let now = self.clock().now();
        if !invitation.is_pending(now) {
            return Err(not_pending());
        }
        let audit = actor.is_admin().then(|| Audit {
            actor: caller.id,
            action: "revoke_company_invitation",
            reason: Some(format!("company {}", company.slug)),
            now,
        });
        let event = Event::CompanyInvitationRevoked(InvitationRevoked {
            company: company.id,
            invitation: id,
            by: caller.id,
        });
        match self.store().revoke_invitation(id, now, audit, event).await {
            Err(StoreError::StateChanged) => Err(not_pending()),
            other => Ok(other?),
        }
    }

    /// A recruiter without a company joins the one that invited their address.
    pub async fn accept_invitation(
        &self,
        ctx: &RequestContext,
        input: impl Submitted<AcceptInput>,
    ) -> ServiceResult<Written<Membership>> {
        let input = Taken::from(input);
        let write = Write::new("accept_invitation", "").input(&input);
        self.keyed(ctx, write, move |service, ctx| async move {
            service.accept_invitation_unkeyed(&ctx, input).await
        })
        .await
    }

    async fn accept_invitation_unkeyed(
        &self,
        ctx: &RequestContext,
        input: impl Submitted<AcceptInput>,
    ) -> ServiceResult<Membership> {
        let actor = &ctx.actor;
        let recruiter = actor.require_role(&[Role::Recruiter], "only recruiters join companies")?;
        let input = input.take()?;
        if recruiter.company_id.is_some() {
            return Err(already_in_company());
        }
        if !tokens::plausible(&input.token, TOKEN_PREFIX) {
            return Err(unusable());
        }
        let now = self.clock().now();
        let invitation = self
            .store()
            .invitation_by_token(&tokens::hash(&input.token))
            .await?
            .filter(|invitation| invitation.admits(&recruiter.email, now))
            .ok_or_else(unusable)?;
        let company = self
            .store()
            .company(invitation.company_id)
            .await?
            .ok_or_else(unusable)?;
        let event = Event::CompanyInvitationAccepted(InvitationAccepted {
            company: company.id,
            invitation: invitation.id,
            account: recruiter.id,
            role: invitation.role,
        });
        let acceptance = Acceptance {
            invitation: invitation.id,
            account: recruiter.id,
            email: recruiter.email.clone(),
            now,
        };
        let accepted = self.store().accept_invitation(acceptance, event).await;
        self.inner.sessions.forget_account(recruiter.id);
        match accepted {
            Err(StoreError::NotFound) => return Err(unusable()),
            Err(StoreError::StateChanged) => return Err(already_in_company()),
            other => other?,
        }
        Ok(Membership {
            company,
            role: invitation.role,
            joined_at: now,
        })
    }
}
