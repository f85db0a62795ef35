//! Companies and their recruiters.

use hireboard_domain::account::{Email, Role};
use hireboard_domain::company::{Company, CompanyInput};
use hireboard_domain::event::{Event, EventKind};
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

use crate::error::{ServiceError, ServiceResult};
use crate::{Actor, Hireboard, Submitted};

/// The recruiter to add, by the email of their account.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecruiterInput {
    #[schema(max_length = 254, pattern = "<email>")]
    pub email: String,
}

impl Hireboard {
    /// A recruiter without a company creates one and becomes its owner.
    pub async fn create_company(
        &self,
        actor: &Actor,
        input: impl Submitted<CompanyInput>,
    ) -> ServiceResult<Company> {
        let recruiter =
            actor.require_role(&[Role::Recruiter], "only recruiters create companies")?;
        let profile = input.take()?.parse()?;
        if recruiter.company_id.is_some() {
            return Err(ServiceError::conflict(
                "already_in_company",
                "you already belong to a company",
            ));
        }
        let event = Event::new(
            EventKind::CompanyCreated,
            "company",
            &profile.slug,
            json!({ "slug": profile.slug, "owner": recruiter.id }),
        );
        let created = self
            .store()
            .create_company(profile, recruiter.id, event)
            .await;
        self.inner.sessions.forget_account(recruiter.id);
        match created {
            Err(hireboard_store::StoreError::StateChanged) => Err(ServiceError::conflict(
                "already_in_company",
                "you already belong to a company",
            )),
            other => Ok(other?),
        }
    }

    /// Public company page data.
    pub async fn company(&self, slug: &str) -> ServiceResult<Company> {
        if slug.len() > 100 {
            return Err(ServiceError::NotFound("company"));
        }
        self.store()
            .company_by_slug(slug)
            .await?
            .ok_or(ServiceError::NotFound("company"))
    }

    /// The company's owner (or an admin) adds a recruiter who has no company yet.
    pub async fn add_recruiter(
        &self,
        actor: &Actor,
        slug: &str,
        input: impl Submitted<RecruiterInput>,
    ) -> ServiceResult<()> {
        let account = actor.require()?;
        let company = self.company(slug).await?;
        let is_owner = company.owner_id == Some(account.id) && actor.is_recruiter_of(company.id);
        if !is_owner && !actor.is_admin() {
            return Err(ServiceError::Forbidden(
                "only the company's owner adds recruiters",
            ));
        }
        let input = input.take()?;
        let email = Email::parse("email", &input.email)
            .map_err(hireboard_domain::ValidationErrors::from)?;
        let recruiter = self
            .store()
            .account_by_email(email.as_str())
            .await?
            .filter(|a| a.role == Role::Recruiter)
            .ok_or(ServiceError::NotFound("recruiter account"))?;
        if recruiter.company_id.is_some() {
            return Err(ServiceError::conflict(
                "already_in_company",
                "that recruiter already belongs to a company",
            ));
        }
        let event = Event::new(
            EventKind::CompanyRecruiterAdded,
            "company",
            &company.slug,
            json!({ "recruiter": recruiter.id, "by": account.id }),
        );
        let added = self
            .store()
            .add_recruiter(company.id, recruiter.id, event)
            .await;
        self.inner.sessions.forget_account(recruiter.id);
        match added {
            Err(hireboard_store::StoreError::StateChanged) => Err(ServiceError::conflict(
                "already_in_company",
                "that recruiter already belongs to a company",
            )),
            other => Ok(other?),
        }
    }
}
