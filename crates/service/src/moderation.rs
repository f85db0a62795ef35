//! Reports ("Did you find something suspicious?") and the moderators' decisions.

use hireboard_domain::account::Role;
use hireboard_domain::cursor;
use hireboard_domain::event::{Event, PostingChange, ReportResolved};
use hireboard_domain::ids::{AccountId, JobCode, ReportId};
use hireboard_domain::posting::{Posting, PostingStatus};
use hireboard_domain::report::{
    ModerationInput, QueueEntry, QueueParams, Report, ReportInput, ReportStatus,
};
use hireboard_domain::ValidationErrors;
use hireboard_store::{Audit, NewReport, QueueKey, QueuePage, StatusChange};

use crate::accounts::not_found;
use crate::codes::ErrorCode;
use crate::context::RequestContext;
use crate::error::{ServiceError, ServiceResult};
use crate::idempotency::{Taken, Write, Written};
use crate::page::Page;
use crate::throttle::Action;
use crate::{Hireboard, Submitted};

const STAFF: &[Role] = &[Role::Moderator, Role::Admin];

/// A moderator's action on a posting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Hide,
    Restore,
    Remove,
}

impl Hireboard {
    /// Anyone logged in reports a listed posting once; enough distinct reporters hide it.
    pub async fn report_posting(
        &self,
        ctx: &RequestContext,
        code: JobCode,
        input: impl Submitted<ReportInput>,
    ) -> ServiceResult<Written<Report>> {
        let input = Taken::from(input);
        let write = Write::new("report", code).input(&input);
        self.keyed(ctx, write, move |service, ctx| async move {
            service.report_posting_unkeyed(&ctx, code, input).await
        })
        .await
    }

    async fn report_posting_unkeyed(
        &self,
        ctx: &RequestContext,
        code: JobCode,
        input: impl Submitted<ReportInput>,
    ) -> ServiceResult<Report> {
        let actor = &ctx.actor;
        let reporter = actor.require()?;
        self.inner
            .throttle
            .limit(
                Action::Report,
                &reporter.id.0.to_string(),
                self.clock().now(),
            )
            .await?;
        let posting = self.visible_posting(actor, code).await?;
        let input = input.take()?;
        let details = input.parse_details()?;
        if posting.status != PostingStatus::Published {
            return Err(ServiceError::conflict(
                ErrorCode::NotOpen,
                "only listed postings can be reported",
            ));
        }
        let new = NewReport {
            posting_id: posting.id,
            reporter_id: reporter.id,
            reason: input.reason,
            details,
            now: self.clock().now(),
        };
        let (report, hidden) = self
            .store()
            .file_report(new, self.config().report_hide_threshold)
            .await?;
        if hidden {
            self.postings_changed(Some(code));
            tracing::info!(job_code = %code, "posting hidden pending review after reports");
        }
        Ok(report)
    }

    pub async fn moderation_queue(
        &self,
        ctx: &RequestContext,
        params: &QueueParams,
    ) -> ServiceResult<Page<QueueEntry>> {
        let actor = &ctx.actor;
        actor.require_role(STAFF, "only moderators see the report queue")?;
        let mut errors = ValidationErrors::default();
        let limit = errors.check(cursor::page_size(params.limit));
        let after = errors
            .check(cursor::parse::<3>(params.cursor.as_deref()))
            .flatten()
            .and_then(|[reporters, micros, code]| {
                Some(QueueKey {
                    reporters,
                    first_reported_at: chrono::DateTime::from_timestamp_micros(micros)?,
                    job_code: JobCode::new(code).ok()?,
                })
            });
        let page = errors.into_result(|| QueuePage {
            status: params.status.unwrap_or(ReportStatus::Open),
            reason: params.reason,
            after,
            limit: limit.unwrap_or_default(),
        })?;
        let (items, more) = self.store().moderation_queue(&page).await?;
        Ok(Page::new(items, more, |entry| {
            vec![
                entry.reporters,
                entry.first_reported_at.timestamp_micros(),
                entry.job_code.get(),
            ]
        }))
    }

    /// Dismisses one report without changing the posting.
    pub async fn dismiss_report(
        &self,
        ctx: &RequestContext,
        id: ReportId,
        input: impl Submitted<ModerationInput>,
    ) -> ServiceResult<Written<Report>> {
        let input = Taken::from(input);
        let write = Write::new("dismiss_report", id.0).input(&input);
        self.keyed(ctx, write, move |service, ctx| async move {
            service.dismiss_report_unkeyed(&ctx, id, input).await
        })
        .await
    }

    async fn dismiss_report_unkeyed(
        &self,
        ctx: &RequestContext,
        id: ReportId,
        input: impl Submitted<ModerationInput>,
    ) -> ServiceResult<Report> {
        let actor = &ctx.actor;
        let moderator = actor.require_role(STAFF, "only moderators resolve reports")?;
        let report = self
            .store()
            .report(id)
            .await?
            .ok_or(ServiceError::NotFound("report".into()))?;
        let reason = input.take()?.parse_reason()?;
        if report.status != ReportStatus::Open {
            return Err(ServiceError::conflict(
                ErrorCode::AlreadyResolved,
                "this report is already resolved",
            ));
        }
        let audit = Audit {
            actor: moderator.id,
            action: "dismiss_report",
            reason: Some(reason),
            now: self.clock().now(),
        };
        let event = Event::ReportResolved(ReportResolved {
            report: id,
            job_code: report.job_code,
            status: ReportStatus::Dismissed,
            by: moderator.id,
        });
        self.store()
            .resolve_report(id, ReportStatus::Dismissed, audit, event)
            .await
            .map_err(not_found("report"))
    }

    /// Hides, restores or removes a posting, with a reason that is recorded and shown to
    /// its poster; open reports are resolved with it.
    pub async fn moderate(
        &self,
        ctx: &RequestContext,
        code: JobCode,
        decision: Decision,
        input: impl Submitted<ModerationInput>,
    ) -> ServiceResult<Written<Posting>> {
        let input = Taken::from(input);
        let write = Write::new("moderate_posting", format!("{code} {decision:?}")).input(&input);
        self.keyed(ctx, write, move |service, ctx| async move {
            service.moderate_unkeyed(&ctx, code, decision, input).await
        })
        .await
    }

    async fn moderate_unkeyed(
        &self,
        ctx: &RequestContext,
        code: JobCode,
        decision: Decision,
        input: impl Submitted<ModerationInput>,
    ) -> ServiceResult<Posting> {
        let actor = &ctx.actor;
        let moderator = actor.require_role(STAFF, "only moderators moderate postings")?;
        let posting = self.visible_posting(actor, code).await?;
        let reason = input.take()?.parse_reason()?;
        type Change = fn(AccountId, Option<String>) -> PostingChange;
        let (from, to, reports_to, event, action): (&'static [PostingStatus], _, _, Change, _) =
            match decision {
                Decision::Hide => (
                    &[PostingStatus::Published],
                    PostingStatus::Hidden,
                    ReportStatus::Upheld,
                    |by, reason| PostingChange::Hidden {
                        by: Some(by),
                        reason,
                    },
                    "hide",
                ),
                Decision::Restore => (
                    &[PostingStatus::Hidden],
                    PostingStatus::Published,
                    ReportStatus::Dismissed,
                    |by, reason| PostingChange::Restored { by, reason },
                    "restore",
                ),
                Decision::Remove => (
                    &[PostingStatus::Published, PostingStatus::Hidden],
                    PostingStatus::Removed,
                    ReportStatus::Upheld,
                    |by, reason| PostingChange::Removed { by, reason },
                    "remove",
                ),
            };
        if !from.contains(&posting.status) {
            return Err(ServiceError::conflict(
                ErrorCode::InvalidTransition,
                format!("a {} posting cannot be {action}d", posting.status),
            ));
        }
        let now = self.clock().now();
        let change = StatusChange {
            from,
            to,
            publish_at: None,
            valid_through: None,
            removal_reason: (decision != Decision::Restore).then(|| reason.clone()),
            reconfirmed: false,
            now,
        };
        let audit = Audit {
            actor: moderator.id,
            action,
            reason: Some(reason.clone()),
            now,
        };
        let event = event(moderator.id, Some(reason));
        let moderated = self
            .store()
            .moderate_posting(posting.id, change, reports_to, audit, event)
            .await;
        self.postings_changed(Some(posting.job_code));
        Ok(moderated?)
    }
}
