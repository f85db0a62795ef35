//! Companies and their members. Joining is by invitation ([`crate::invitations`]); leaving
//! is either the member's own choice or an owner's (or admin's) decision.

use hireboard_domain::account::Role;
use hireboard_domain::company::{Company, CompanyInput, Member};
use hireboard_domain::cursor::{self, PageParams};
use hireboard_domain::ids::AccountId;
use hireboard_domain::ValidationErrors;
use hireboard_store::{Audit, IdPage, StoreError};

use crate::codes::ErrorCode;
use crate::context::RequestContext;
use crate::error::{ServiceError, ServiceResult};
use crate::idempotency::{Taken, Write, Written};
use crate::{Hireboard, Page, Submitted};

pub(crate) fn already_in_company() -> ServiceError {
    ServiceError::conflict(
        ErrorCode::AlreadyInCompany,
        "you already belong to a company; leave it first",
    )
}

/// The page `params` ask for of a list kept in id order.
pub(crate) fn id_page(params: &PageParams) -> ServiceResult<IdPage> {
    let mut errors = ValidationErrors::default();
    let limit = errors.check(cursor::page_size(params.limit));
    let after = errors
        .check(cursor::parse::<1>(params.cursor.as_deref()))
        .flatten()
        .map(|[id]| id);
    Ok(errors.into_result(|| IdPage {
        after,
        limit: limit.unwrap_or_default(),
    })?)
}

impl Hireboard {
    /// A recruiter without a company creates one and becomes its owner.
    pub async fn create_company(
        &self,
        ctx: &RequestContext,
        input: impl Submitted<CompanyInput>,
    ) -> ServiceResult<Written<Company>> {
        let input = Taken::from(input);
        let write = Write::new("create_company", "").input(&input);
        self.keyed(ctx, write, move |service, ctx| async move {
            service.create_company_unkeyed(&ctx, input).await
        })
        .await
    }

    async fn create_company_unkeyed(
        &self,
        ctx: &RequestContext,
        input: impl Submitted<CompanyInput>,
    ) -> ServiceResult<Company> {
        let actor = &ctx.actor;
        let recruiter =
            actor.require_role(&[Role::Recruiter], "only recruiters create companies")?;
        let profile = input.take()?.parse()?;
        if recruiter.company_id.is_some() {
            return Err(already_in_company());
        }
        let created = self.store().create_company(profile, recruiter.id).await;
        self.inner.sessions.forget_account(recruiter.id);
        match created {
            Err(StoreError::StateChanged) => Err(already_in_company()),
            other => Ok(other?),
        }
    }

    /// Public company page data.
    pub async fn company(&self, slug: &str) -> ServiceResult<Company> {
        if slug.len() > 100 {
            return Err(ServiceError::NotFound("company".into()));
        }
        self.store()
            .company_by_slug(slug)
            .await?
            .ok_or(ServiceError::NotFound("company".into()))
    }

    /// The company's members with their roles, for its members and admins.
    pub async fn members(
        &self,
        ctx: &RequestContext,
        slug: &str,
        params: &PageParams,
    ) -> ServiceResult<Page<Member>> {
        let actor = &ctx.actor;
        actor.require()?;
        let company = self.company(slug).await?;
        if !actor.is_recruiter_of(company.id) && !actor.is_admin() {
            return Err(ServiceError::Forbidden(
                "only the company's members see who they are".into(),
            ));
        }
        let page = id_page(params)?;
        let (items, more) = self.store().members(company.id, &page).await?;
        Ok(Page::new(items, more, |last| vec![last.account_id.0]))
    }

    /// Takes a member out of the company: an owner (or admin) removes anyone, a member removes
    /// themself (leaves); the last owner stays. Their postings stay with the company, and they
    /// may create or join another company afterwards.
    pub async fn remove_member(
        &self,
        ctx: &RequestContext,
        slug: &str,
        member: AccountId,
    ) -> ServiceResult<()> {
        let actor = &ctx.actor;
        let caller = actor.require()?;
        let company = self.company(slug).await?;
        let leaving = caller.id == member && actor.is_recruiter_of(company.id);
        if !leaving && !actor.may_administer(company.id) {
            return Err(ServiceError::Forbidden(
                "only the company's owners remove members; members may leave".into(),
            ));
        }
        let now = self.clock().now();
        let audit = actor.is_admin().then(|| Audit {
            actor: caller.id,
            action: "remove_company_member",
            reason: Some(format!("company {}", company.slug)),
            now,
        });
        let removed = self
            .store()
            .remove_member(company.id, member, now, audit, caller.id)
            .await;
        self.inner.sessions.forget_account(member);
        match removed {
            Err(StoreError::NotFound) => Err(ServiceError::NotFound("member".into())),
            other => Ok(other?),
        }
    }
}
