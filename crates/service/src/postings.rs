//! Drafting, publishing, editing, closing, reconfirming and listing postings.

use std::sync::Arc;

use chrono::NaiveDate;
use hireboard_domain::account::Role;
use hireboard_domain::event::PostingChange;
use hireboard_domain::ids::{AccountId, JobCode};
use hireboard_domain::posting::*;
use hireboard_domain::ValidationErrors;
use hireboard_store::{ImportOutcome, ImportedPosting, NewPosting, StatusChange};
use serde::{Deserialize, Serialize};

use crate::codes::ErrorCode;
use crate::context::RequestContext;
use crate::error::{ServiceError, ServiceResult};
use crate::idempotency::{Taken, Write, Written};
use crate::{Actor, Hireboard, Submitted};

/// How long to keep a posting listed.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReconfirmInput {
    /// Days from today, 1 to 180 (default 30).
    pub days: Option<u32>,
}

const DEFAULT_VALIDITY_DAYS: i64 = 30;

impl Hireboard {
    /// A recruiter drafts a posting for their company.
    pub async fn create_posting(
        &self,
        ctx: &RequestContext,
        input: impl Submitted<PostingInput>,
    ) -> ServiceResult<Written<Posting>> {
        let input = Taken::from(input);
        let write = Write::new("create_posting", "").input(&input);
        self.keyed(ctx, write, move |service, ctx| async move {
            service.create_posting_unkeyed(&ctx, input).await
        })
        .await
    }

    async fn create_posting_unkeyed(
        &self,
        ctx: &RequestContext,
        input: impl Submitted<PostingInput>,
    ) -> ServiceResult<Posting> {
        let actor = &ctx.actor;
        let account = actor.require_role(&[Role::Recruiter], "only recruiters post jobs")?;
        let input = input.take()?;
        let company_id = account.company_id.ok_or(ServiceError::conflict(
            ErrorCode::NoCompany,
            "create or join a company before posting",
        ))?;
        let today = self.clock().today();
        let (content, valid_through) = input.parse(today)?;
        let valid_through =
            valid_through.unwrap_or(today + chrono::Duration::days(DEFAULT_VALIDITY_DAYS));
        let new = NewPosting {
            company_id,
            posted_by: account.id,
            content,
            valid_through,
            now: self.clock().now(),
        };
        Ok(self.store().create_posting(new).await?)
    }

    /// A posting as the caller may see it: the public sees published ones only; the
    /// company's recruiters and staff see every state. Anything else is "not found".
    pub async fn posting(
        &self,
        ctx: &RequestContext,
        code: JobCode,
    ) -> ServiceResult<Arc<Posting>> {
        self.visible_posting(&ctx.actor, code).await
    }

    pub(crate) async fn visible_posting(
        &self,
        actor: &Actor,
        code: JobCode,
    ) -> ServiceResult<Arc<Posting>> {
        let posting = self.inner.postings.posting(self.store(), code).await?;
        if self.is_listed(&posting) || actor.may_see_unlisted(posting.company_id) {
            Ok(posting)
        } else {
            Err(ServiceError::NotFound("posting".into()))
        }
    }

    fn is_listed(&self, posting: &Posting) -> bool {
        posting.status == PostingStatus::Published && posting.valid_through >= self.clock().today()
    }

    /// A posting `actor` may manage (edit, publish, close, handle applicants).
    pub(crate) async fn managed_posting(
        &self,
        actor: &Actor,
        code: JobCode,
    ) -> ServiceResult<Arc<Posting>> {
        actor.require()?;
        let posting = self.visible_posting(actor, code).await?;
        if actor.may_manage(posting.company_id) {
            Ok(posting)
        } else {
            Err(ServiceError::Forbidden(
                "only the company's recruiters manage this posting".into(),
            ))
        }
    }

    pub async fn update_posting(
        &self,
        ctx: &RequestContext,
        code: JobCode,
        patch: impl Submitted<PostingPatch>,
    ) -> ServiceResult<Posting> {
        let actor = &ctx.actor;
        let posting = self.managed_posting(actor, code).await?;
        let patch = patch.take()?;
        if !posting.status.is_editable() {
            return Err(ServiceError::conflict(
                ErrorCode::NotEditable,
                format!("a {} posting cannot be edited", posting.status),
            ));
        }
        let (content, valid_through) = posting.content.patched(&patch, self.clock().today())?;
        let event = PostingChange::Updated { by: actor.id() };
        let valid_through = valid_through.unwrap_or(posting.valid_through);
        let updated = self
            .store()
            .update_posting(posting.id, content, valid_through, event)
            .await;
        self.postings_changed(Some(code));
        Ok(updated?)
    }

    pub async fn publish_posting(
        &self,
        ctx: &RequestContext,
        code: JobCode,
    ) -> ServiceResult<Written<Posting>> {
        let write = Write::new("publish_posting", code);
        self.keyed(ctx, write, move |service, ctx| async move {
            service.publish_posting_unkeyed(&ctx, code).await
        })
        .await
    }

    async fn publish_posting_unkeyed(
        &self,
        ctx: &RequestContext,
        code: JobCode,
    ) -> ServiceResult<Posting> {
        let actor = &ctx.actor;
        let posting = self.managed_posting(actor, code).await?;
        if posting.valid_through < self.clock().today() {
            return Err(ValidationErrors::single(
                "valid_through",
                "is in the past; reconfirm or edit it first",
            )
            .into());
        }
        self.transition(
            actor,
            &posting,
            &[PostingStatus::Draft],
            PostingStatus::Published,
            |from, by| PostingChange::Published {
                from: Some(from),
                by,
            },
            None,
        )
        .await
    }

    pub async fn close_posting(
        &self,
        ctx: &RequestContext,
        code: JobCode,
    ) -> ServiceResult<Written<Posting>> {
        let write = Write::new("close_posting", code);
        self.keyed(ctx, write, move |service, ctx| async move {
            service.close_posting_unkeyed(&ctx, code).await
        })
        .await
    }

    async fn close_posting_unkeyed(
        &self,
        ctx: &RequestContext,
        code: JobCode,
    ) -> ServiceResult<Posting> {
        let actor = &ctx.actor;
        let posting = self.managed_posting(actor, code).await?;
        self.transition(
            actor,
            &posting,
            &[
                PostingStatus::Draft,
                PostingStatus::Published,
                PostingStatus::Expired,
            ],
            PostingStatus::Closed,
            |from, by| PostingChange::Closed { from, by },
            None,
        )
        .await
    }

    /// Confirms a published or expired posting is still open, listing it for `days` more.
    pub async fn reconfirm_posting(
        &self,
        ctx: &RequestContext,
        code: JobCode,
        input: impl Submitted<ReconfirmInput>,
    ) -> ServiceResult<Written<Posting>> {
        let input = Taken::from(input);
        let write = Write::new("reconfirm_posting", code).input(&input);
        self.keyed(ctx, write, move |service, ctx| async move {
            service.reconfirm_posting_unkeyed(&ctx, code, input).await
        })
        .await
    }

    async fn reconfirm_posting_unkeyed(
        &self,
        ctx: &RequestContext,
        code: JobCode,
        input: impl Submitted<ReconfirmInput>,
    ) -> ServiceResult<Posting> {
        let actor = &ctx.actor;
        let posting = self.managed_posting(actor, code).await?;
        let input = input.take()?;
        let days = input.days.unwrap_or(DEFAULT_VALIDITY_DAYS as u32);
        if !(1..=MAX_VALIDITY_DAYS as u32).contains(&days) {
            return Err(ValidationErrors::single(
                "days",
                format!("must be between 1 and {MAX_VALIDITY_DAYS}"),
            )
            .into());
        }
        let until = self.clock().today() + chrono::Duration::days(i64::from(days));
        self.transition(
            actor,
            &posting,
            &[PostingStatus::Published, PostingStatus::Expired],
            PostingStatus::Published,
            |from, by| PostingChange::Reconfirmed { from, by },
            Some(until),
        )
        .await
    }

    async fn transition(
        &self,
        actor: &Actor,
        posting: &Posting,
        from: &'static [PostingStatus],
        to: PostingStatus,
        event: fn(PostingStatus, Option<AccountId>) -> PostingChange,
        valid_through: Option<NaiveDate>,
    ) -> ServiceResult<Posting> {
        if !from.contains(&posting.status) {
            return Err(ServiceError::conflict(
                ErrorCode::InvalidTransition,
                format!("a {} posting cannot become {to}", posting.status),
            ));
        }
        let now = self.clock().now();
        let change = StatusChange {
            from,
            to,
            publish_at: (to == PostingStatus::Published).then_some(now),
            valid_through,
            removal_reason: None,
            reconfirmed: false,
            now,
        };
        let event = event(posting.status, actor.id());
        let change = StatusChange {
            reconfirmed: matches!(event, PostingChange::Reconfirmed { .. }),
            ..change
        };
        let changed = self
            .store()
            .change_posting_status(posting.id, change, event)
            .await;
        self.postings_changed(Some(posting.job_code));
        Ok(changed?)
    }

    /// Stops serving posting `code` (every posting, for `None`) and listings from the caches
    /// after a write to it (attempted or done), until the write comes back through the outbox.
    pub(crate) fn postings_changed(&self, code: Option<JobCode>) {
        self.inner.postings.advance(code);
    }

    /// Expires published postings past their valid-through date; returns how many. Scheduled
    /// work: only `Actor::System` may.
    pub async fn expire_due_postings(&self, actor: &Actor) -> ServiceResult<usize> {
        actor.require_system("expiring postings is scheduled work")?;
        let mut total = 0;
        loop {
            let expired = self
                .store()
                .expire_postings(self.clock().today(), self.clock().now())
                .await?;
            if !expired.is_empty() {
                self.postings_changed(None);
            }
            total += expired.len();
            if expired.len() < 1000 {
                return Ok(total);
            }
        }
    }

    /// Checks and loads a batch of records (the operator's import: only `Actor::System`
    /// may). A record that fails the API's validation, or names another company's job code,
    /// is rejected with its line; the others are created, or update the posting they name.
    pub async fn import_postings(
        &self,
        actor: &Actor,
        records: Vec<(usize, ImportRecord)>,
    ) -> ServiceResult<ImportReport> {
        actor.require_system("importing postings is the operator's command")?;
        let today = self.clock().today();
        let now = self.clock().now();
        let mut report = ImportReport::default();
        let mut batch = Vec::with_capacity(records.len());
        let mut lines = Vec::with_capacity(records.len());
        for (line, record) in records {
            let checked = record.posting.parse(today).and_then(|(content, _)| {
                let slug = hireboard_domain::company::slugify("company", &record.company)?;
                Ok((content, slug))
            });
            let (content, company_slug) = match checked {
                Ok(checked) => checked,
                Err(errors) => {
                    report.rejected.push((line, errors.to_string()));
                    continue;
                }
            };
            lines.push(line);
            batch.push(ImportedPosting {
                job_code: record.job_code,
                external_ref: record.external_ref,
                company_name: record.company,
                company_slug,
                content,
                posted_at: record.posted_at,
                valid_through: record.valid_through,
                now,
            });
        }
        if batch.is_empty() {
            return Ok(report);
        }
        let outcomes = self.store().import_postings(batch).await;
        self.postings_changed(None);
        for (line, outcome) in lines.into_iter().zip(outcomes?) {
            match outcome {
                ImportOutcome::Created(_) => report.created += 1,
                ImportOutcome::Updated(_) => report.updated += 1,
                ImportOutcome::JobCodeTaken => report
                    .rejected
                    .push((line, "job_code belongs to another company's posting".into())),
                ImportOutcome::Moderated(code) => report.rejected.push((
                    line,
                    format!(
                        "posting {code} was hidden or removed by a moderator; it keeps its content"
                    ),
                )),
            }
        }
        report.rejected.sort_by_key(|(line, _)| *line);
        Ok(report)
    }
}

/// What importing records did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportReport {
    pub created: usize,
    pub updated: usize,
    /// The records refused: their line and why.
    pub rejected: Vec<(usize, String)>,
}

impl ImportReport {
    /// Adds up the reports of two batches.
    pub fn absorb(&mut self, other: ImportReport) {
        self.created += other.created;
        self.updated += other.updated;
        self.rejected.extend(other.rejected);
    }
}
