//! The interview question bank.

use hireboard_domain::account::Role;
use hireboard_domain::cursor::{self, PageParams};
use hireboard_domain::event::{Event, QuestionDeleted, QuestionUpdated};
use hireboard_domain::ids::{JobCode, QuestionId};
use hireboard_domain::interview::{InterviewQuestion, InterviewQuestionInput};
use hireboard_domain::posting::parse_skill;
use hireboard_domain::text::{bounded, Lines};
use hireboard_domain::ValidationErrors;
use hireboard_store::{MatchKey, NewQuestion, QuestionFilter, QuestionMatch};

use crate::accounts::not_found;
use crate::codes::ErrorCode;
use crate::context::RequestContext;
use crate::error::{ServiceError, ServiceResult};
use crate::idempotency::{Taken, Write, Written};
use crate::page::Page;
use crate::{Actor, Hireboard, Submitted};

/// Filters for browsing the bank.
#[derive(Debug, Default)]
pub struct QuestionParams {
    pub skill: Option<String>,
    pub functional_area: Option<String>,
    /// 1 to 100, default 20.
    pub limit: Option<u32>,
    /// Opaque cursor from a previous page's `next_cursor`.
    pub cursor: Option<String>,
}

impl Hireboard {
    /// "Interview Questions for you": questions sharing the posting's skills or area, those
    /// sharing most skills first.
    pub async fn questions_for_posting(
        &self,
        ctx: &RequestContext,
        code: JobCode,
        params: &PageParams,
    ) -> ServiceResult<Page<InterviewQuestion>> {
        let actor = &ctx.actor;
        let posting = self.visible_posting(actor, code).await?;
        let mut errors = ValidationErrors::default();
        let limit = errors.check(cursor::page_size(params.limit));
        let after = errors
            .check(cursor::parse::<3>(params.cursor.as_deref()))
            .flatten()
            .map(|[shared_skills, same_area, id]| MatchKey {
                shared_skills,
                same_area,
                id: QuestionId(id),
            });
        let limit = errors.into_result(|| limit.unwrap_or_default())?;
        let query = QuestionMatch {
            skills: posting.content.skills().to_vec(),
            functional_area: posting.content.functional_area().to_owned(),
            company: posting.company_id,
            after,
            limit,
        };
        let (ranked, more) = self.store().questions_matching(&query).await?;
        let page = Page::new(ranked, more, |(_, key)| {
            vec![key.shared_skills, key.same_area, key.id.0]
        });
        Ok(Page {
            items: page
                .items
                .into_iter()
                .map(|(question, _)| question)
                .collect(),
            next_cursor: page.next_cursor,
        })
    }

    /// The bank in the order questions were added, optionally by skill or area.
    pub async fn list_questions(
        &self,
        params: &QuestionParams,
    ) -> ServiceResult<Page<InterviewQuestion>> {
        let mut errors = ValidationErrors::default();
        let skill = params
            .skill
            .as_deref()
            .and_then(|s| errors.check(parse_skill("skill", s)));
        let functional_area = params
            .functional_area
            .as_deref()
            .and_then(|a| errors.check(bounded("functional_area", a, 1, 80, Lines::Single)));
        let limit = errors.check(cursor::page_size(params.limit));
        let after = errors
            .check(cursor::parse::<1>(params.cursor.as_deref()))
            .flatten()
            .map(|[id]| QuestionId(id));
        let filter = errors.into_result(|| QuestionFilter {
            skill,
            functional_area,
            after,
            limit: limit.unwrap_or_default(),
        })?;
        let (items, more) = self.store().list_questions(&filter).await?;
        Ok(Page::new(items, more, |last| vec![last.id.0]))
    }

    /// Recruiters write their company's questions; moderators and admins the shared bank.
    pub async fn create_question(
        &self,
        ctx: &RequestContext,
        input: impl Submitted<InterviewQuestionInput>,
    ) -> ServiceResult<Written<InterviewQuestion>> {
        let input = Taken::from(input);
        let write = Write::new("create_question", "").input(&input);
        self.keyed(ctx, write, move |service, ctx| async move {
            service.create_question_unkeyed(&ctx, input).await
        })
        .await
    }

    async fn create_question_unkeyed(
        &self,
        ctx: &RequestContext,
        input: impl Submitted<InterviewQuestionInput>,
    ) -> ServiceResult<InterviewQuestion> {
        let actor = &ctx.actor;
        let author = actor.require_role(
            &[Role::Recruiter, Role::Moderator, Role::Admin],
            "only recruiters and moderators write interview questions",
        )?;
        let input = input.take()?;
        let company_id = match author.role {
            Role::Recruiter => Some(author.company_id.ok_or(ServiceError::conflict(
                ErrorCode::NoCompany,
                "join a company before writing questions",
            ))?),
            _ => None,
        };
        let content = input.parse()?;
        let new = NewQuestion {
            company_id,
            author_id: Some(author.id),
            content,
            now: self.clock().now(),
        };
        Ok(self.store().create_question(new).await?)
    }

    /// Loads a bank question without an actor (demo data set-up).
    pub async fn seed_question(
        &self,
        input: InterviewQuestionInput,
    ) -> ServiceResult<InterviewQuestion> {
        let content = input.parse()?;
        let new = NewQuestion {
            company_id: None,
            author_id: None,
            content,
            now: self.clock().now(),
        };
        Ok(self.store().create_question(new).await?)
    }

    pub async fn update_question(
        &self,
        ctx: &RequestContext,
        id: QuestionId,
        input: impl Submitted<InterviewQuestionInput>,
    ) -> ServiceResult<InterviewQuestion> {
        let actor = &ctx.actor;
        self.writable_question(actor, id).await?;
        let content = input.take()?.parse()?;
        let event = Event::QuestionUpdated(QuestionUpdated {
            question: id,
            by: actor.id(),
        });
        self.store()
            .update_question(id, content, event)
            .await
            .map_err(not_found("interview question"))
    }

    pub async fn delete_question(&self, ctx: &RequestContext, id: QuestionId) -> ServiceResult<()> {
        let actor = &ctx.actor;
        self.writable_question(actor, id).await?;
        let event = Event::QuestionDeleted(QuestionDeleted {
            question: id,
            by: actor.id(),
        });
        self.store()
            .delete_question(id, event)
            .await
            .map_err(not_found("interview question"))
    }

    async fn writable_question(&self, actor: &Actor, id: QuestionId) -> ServiceResult<()> {
        let account = actor.require()?;
        let record = self
            .store()
            .question(id)
            .await?
            .ok_or(ServiceError::NotFound("interview question".into()))?;
        let allowed = match (account.role, record.company_id) {
            (Role::Moderator | Role::Admin, _) => true,
            (Role::Recruiter, Some(company)) => actor.is_recruiter_of(company),
            _ => false,
        };
        if allowed {
            Ok(())
        } else {
            Err(ServiceError::Forbidden(
                "you may not change this interview question".into(),
            ))
        }
    }
}
