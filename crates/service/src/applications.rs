//! Applying, withdrawing, and moving applicants through the pipeline.

use hireboard_domain::account::Role;
use hireboard_domain::application::{
    Application, ApplicationInput, ApplicationListParams, Stage, StageChangeInput,
};
use hireboard_domain::cursor;
use hireboard_domain::event::{ApplicationStageChanged, ApplicationWithdrawn, Event};
use hireboard_domain::ids::{ApplicationId, JobCode};
use hireboard_domain::screening::check_answers;
use hireboard_domain::ValidationErrors;
use hireboard_store::{ApplicationPage, ApplicationRecord, NewApplication, StageMove};

use crate::codes::ErrorCode;
use crate::context::RequestContext;
use crate::error::{ServiceError, ServiceResult};
use crate::idempotency::{Taken, Write, Written};
use crate::page::Page;
use crate::throttle::Action;
use crate::{Actor, Hireboard, Submitted};

impl Hireboard {
    /// A candidate applies once to a listed posting, answering its screening questions.
    pub async fn apply(
        &self,
        ctx: &RequestContext,
        code: JobCode,
        input: impl Submitted<ApplicationInput>,
    ) -> ServiceResult<Written<Application>> {
        let input = Taken::from(input);
        let write = Write::new("apply", code).input(&input);
        self.keyed(ctx, write, move |service, ctx| async move {
            service.apply_unkeyed(&ctx, code, input).await
        })
        .await
    }

    async fn apply_unkeyed(
        &self,
        ctx: &RequestContext,
        code: JobCode,
        input: impl Submitted<ApplicationInput>,
    ) -> ServiceResult<Application> {
        let actor = &ctx.actor;
        let candidate = actor.require_role(&[Role::Candidate], "only candidates apply")?;
        self.inner
            .throttle
            .limit(
                Action::Apply,
                &candidate.id.0.to_string(),
                self.clock().now(),
            )
            .await?;
        let posting = self.visible_posting(actor, code).await?;
        let input = input.take()?;
        if posting.status != hireboard_domain::posting::PostingStatus::Published {
            return Err(ServiceError::conflict(
                ErrorCode::NotOpen,
                "this posting is not open for applications",
            ));
        }
        let mut errors = ValidationErrors::default();
        let cover_note = input
            .parse_cover_note()
            .map_err(|e| errors.0.extend(e.0))
            .ok()
            .flatten();
        let answers = check_answers(posting.content.screening_questions(), &input.answers)
            .map_err(|e| errors.0.extend(e.0))
            .ok();
        let answers = errors.into_result(|| answers.unwrap_or_default())?;
        let new = NewApplication {
            posting_id: posting.id,
            job_code: posting.job_code,
            posting_title: posting.content.title().to_owned(),
            candidate_id: candidate.id,
            candidate_name: candidate.display_name.clone(),
            cover_note,
            answers,
            now: self.clock().now(),
        };
        Ok(self.store().create_application(new).await?)
    }

    /// The candidate's own applications, newest first.
    pub async fn my_applications(
        &self,
        ctx: &RequestContext,
        params: &ApplicationListParams,
    ) -> ServiceResult<Page<Application>> {
        let actor = &ctx.actor;
        let candidate =
            actor.require_role(&[Role::Candidate], "only candidates have applications")?;
        let page = application_page(params)?;
        let (items, more) = self
            .store()
            .applications_of_candidate(candidate.id, &page)
            .await?;
        Ok(Page::new(items, more, application_key))
    }

    /// One application, for its candidate or the posting company's recruiters (and admins).
    pub async fn application(
        &self,
        ctx: &RequestContext,
        id: ApplicationId,
    ) -> ServiceResult<Application> {
        let actor = &ctx.actor;
        Ok(self.visible_application(actor, id).await?.application)
    }

    async fn visible_application(
        &self,
        actor: &Actor,
        id: ApplicationId,
    ) -> ServiceResult<ApplicationRecord> {
        let account = actor.require()?;
        let record = self
            .store()
            .application(id)
            .await?
            .ok_or(ServiceError::NotFound("application".into()))?;
        let own = record.application.candidate_id == account.id;
        if own || actor.may_manage(record.posting_company) {
            Ok(record)
        } else {
            Err(ServiceError::NotFound("application".into()))
        }
    }

    pub async fn withdraw(
        &self,
        ctx: &RequestContext,
        id: ApplicationId,
    ) -> ServiceResult<Written<Application>> {
        let write = Write::new("withdraw", id.0);
        self.keyed(ctx, write, move |service, ctx| async move {
            service.withdraw_unkeyed(&ctx, id).await
        })
        .await
    }

    async fn withdraw_unkeyed(
        &self,
        ctx: &RequestContext,
        id: ApplicationId,
    ) -> ServiceResult<Application> {
        let actor = &ctx.actor;
        let record = self.visible_application(actor, id).await?;
        let application = record.application;
        if Some(application.candidate_id) != actor.id() {
            return Err(ServiceError::Forbidden(
                "only the candidate withdraws an application".into(),
            ));
        }
        if application.stage.is_final() {
            return Err(ServiceError::conflict(
                ErrorCode::InvalidTransition,
                format!(
                    "an application that is {} cannot be withdrawn",
                    application.stage
                ),
            ));
        }
        self.move_application(actor, &application, Stage::Withdrawn, None)
            .await
    }

    /// Applicants of a posting, for its company's recruiters and admins.
    pub async fn applicants(
        &self,
        ctx: &RequestContext,
        code: JobCode,
        params: &ApplicationListParams,
    ) -> ServiceResult<Page<Application>> {
        let actor = &ctx.actor;
        let posting = self.managed_posting(actor, code).await?;
        let page = application_page(params)?;
        let (items, more) = self
            .store()
            .applications_for_posting(posting.id, &page)
            .await?;
        Ok(Page::new(items, more, application_key))
    }

    pub async fn change_stage(
        &self,
        ctx: &RequestContext,
        id: ApplicationId,
        input: impl Submitted<StageChangeInput>,
    ) -> ServiceResult<Written<Application>> {
        let input = Taken::from(input);
        let write = Write::new("change_stage", id.0).input(&input);
        self.keyed(ctx, write, move |service, ctx| async move {
            service.change_stage_unkeyed(&ctx, id, input).await
        })
        .await
    }

    async fn change_stage_unkeyed(
        &self,
        ctx: &RequestContext,
        id: ApplicationId,
        input: impl Submitted<StageChangeInput>,
    ) -> ServiceResult<Application> {
        let actor = &ctx.actor;
        let record = self.visible_application(actor, id).await?;
        if !actor.may_manage(record.posting_company) {
            return Err(ServiceError::Forbidden(
                "only the company's recruiters move applicants".into(),
            ));
        }
        let input = input.take()?;
        let note = input.parse_note()?;
        let application = record.application;
        if !application.stage.recruiter_may_move_to(input.stage) {
            return Err(ServiceError::conflict(
                ErrorCode::InvalidTransition,
                format!(
                    "an application cannot move from {} to {}",
                    application.stage, input.stage
                ),
            ));
        }
        self.move_application(actor, &application, input.stage, note)
            .await
    }

    async fn move_application(
        &self,
        actor: &Actor,
        application: &Application,
        to: Stage,
        note: Option<String>,
    ) -> ServiceResult<Application> {
        let by = actor.require()?.id;
        let (id, job_code, from) = (application.id, application.job_code, application.stage);
        let event = if to == Stage::Withdrawn {
            Event::ApplicationWithdrawn(ApplicationWithdrawn {
                application: id,
                job_code,
                from,
                by,
            })
        } else {
            Event::ApplicationStageChanged(ApplicationStageChanged {
                application: id,
                job_code,
                from,
                to,
                by,
            })
        };
        let change = StageMove {
            from: application.stage,
            to,
            actor: by,
            note,
            now: self.clock().now(),
        };
        Ok(self
            .store()
            .change_stage(application.id, change, event)
            .await?)
    }
}

fn application_page(params: &ApplicationListParams) -> ServiceResult<ApplicationPage> {
    let mut errors = ValidationErrors::default();
    let limit = errors.check(cursor::page_size(params.limit));
    let after = errors
        .check(cursor::parse::<2>(params.cursor.as_deref()))
        .flatten()
        .and_then(|[micros, id]| {
            Some((
                chrono::DateTime::from_timestamp_micros(micros)?,
                ApplicationId(id),
            ))
        });
    Ok(errors.into_result(|| ApplicationPage {
        stage: params.stage,
        after,
        limit: limit.unwrap_or_default(),
    })?)
}

fn application_key(application: &Application) -> Vec<i64> {
    vec![application.created_at.timestamp_micros(), application.id.0]
}
