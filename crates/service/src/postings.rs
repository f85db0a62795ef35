//! Drafting, publishing, editing, closing, reconfirming and listing postings.

use std::sync::Arc;

use chrono::NaiveDate;
use hireboard_domain::account::Role;
use hireboard_domain::event::{Event, EventKind};
use hireboard_domain::ids::JobCode;
use hireboard_domain::posting::*;
use hireboard_domain::ValidationErrors;
use hireboard_store::{ImportedPosting, NewPosting, StatusChange};
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

use crate::error::{ServiceError, ServiceResult};
use crate::page::Page;
use crate::{Actor, Hireboard};

/// How long to keep a posting listed.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReconfirmInput {
    /// Days from today, 1 to 180 (default 30).
    #[serde(default, deserialize_with = "hireboard_domain::whole::whole_or_null")]
    #[schema(minimum = 1, maximum = 180)]
    pub days: Option<u32>,
}

const DEFAULT_VALIDITY_DAYS: i64 = 30;

impl Hireboard {
    /// A recruiter drafts a posting for their company.
    pub async fn create_posting(
        &self,
        actor: &Actor,
        input: PostingInput,
    ) -> ServiceResult<Posting> {
        let account = actor.require_role(&[Role::Recruiter], "only recruiters post jobs")?;
        let company_id = account.company_id.ok_or(ServiceError::conflict(
            "no_company",
            "create or join a company before posting",
        ))?;
        let today = self.clock().today();
        let (content, valid_through) = input.parse(today)?;
        let valid_through =
            valid_through.unwrap_or(today + chrono::Duration::days(DEFAULT_VALIDITY_DAYS));
        let event = Event::new(
            EventKind::PostingCreated,
            "posting",
            "",
            json!({ "company": company_id, "by": account.id }),
        );
        let new = NewPosting {
            company_id,
            posted_by: account.id,
            content,
            valid_through,
            now: self.clock().now(),
        };
        Ok(self.store().create_posting(new, event).await?)
    }

    /// A posting as `actor` may see it: the public sees published ones only; the company's
    /// recruiters and staff see every state. Anything else is "not found".
    pub async fn posting(&self, actor: &Actor, code: JobCode) -> ServiceResult<Arc<Posting>> {
        let posting = self.inner.postings.posting(self.store(), code).await?;
        if self.is_listed(&posting) || actor.may_see_unlisted(posting.company_id) {
            Ok(posting)
        } else {
            Err(ServiceError::NotFound("posting"))
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
        let posting = self.posting(actor, code).await?;
        if actor.may_manage(posting.company_id) {
            Ok(posting)
        } else {
            Err(ServiceError::Forbidden(
                "only the company's recruiters manage this posting",
            ))
        }
    }

    pub async fn update_posting(
        &self,
        actor: &Actor,
        code: JobCode,
        patch: PostingPatch,
    ) -> ServiceResult<Posting> {
        let posting = self.managed_posting(actor, code).await?;
        if !posting.status.is_editable() {
            return Err(ServiceError::conflict(
                "not_editable",
                format!("a {} posting cannot be edited", posting.status),
            ));
        }
        let (content, valid_through) = posting.content.patched(&patch, self.clock().today())?;
        let event = Event::new(
            EventKind::PostingUpdated,
            "posting",
            code,
            json!({ "job_code": code, "by": actor.id() }),
        );
        let valid_through = valid_through.unwrap_or(posting.valid_through);
        let updated = self
            .store()
            .update_posting(posting.id, content, valid_through, event)
            .await;
        self.postings_changed();
        Ok(updated?)
    }

    pub async fn publish_posting(&self, actor: &Actor, code: JobCode) -> ServiceResult<Posting> {
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
            EventKind::PostingPublished,
            None,
        )
        .await
    }

    pub async fn close_posting(&self, actor: &Actor, code: JobCode) -> ServiceResult<Posting> {
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
            EventKind::PostingClosed,
            None,
        )
        .await
    }

    /// Confirms a published or expired posting is still open, listing it for `days` more.
    pub async fn reconfirm_posting(
        &self,
        actor: &Actor,
        code: JobCode,
        input: ReconfirmInput,
    ) -> ServiceResult<Posting> {
        let posting = self.managed_posting(actor, code).await?;
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
            EventKind::PostingReconfirmed,
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
        kind: EventKind,
        valid_through: Option<NaiveDate>,
    ) -> ServiceResult<Posting> {
        if !from.contains(&posting.status) {
            return Err(ServiceError::conflict(
                "invalid_transition",
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
            now,
        };
        let code = posting.job_code;
        let event = Event::new(
            kind,
            "posting",
            code,
            json!({ "job_code": code, "from": posting.status, "to": to, "by": actor.id() }),
        );
        let changed = self
            .store()
            .change_posting_status(posting.id, change, event)
            .await;
        self.postings_changed();
        Ok(changed?)
    }

    /// Stops serving cached postings and listings after a write (attempted or done).
    pub(crate) fn postings_changed(&self) {
        self.inner.postings.advance();
    }

    /// Published, unexpired postings matching the filters, newest first.
    pub async fn list_postings(
        &self,
        params: &ListingParams,
    ) -> ServiceResult<Arc<Page<PostingSummary>>> {
        let query = params.parse()?;
        let today = self.clock().today();
        let fill = async {
            let (items, more) = self.store().list_postings(&query, today).await?;
            Ok(Page::new(items, more, |last| {
                vec![last.posted_at.timestamp_micros(), last.job_code.0]
            }))
        };
        self.inner.postings.listing(&query, today, fill).await
    }

    /// Expires published postings past their valid-through date; returns how many.
    pub async fn expire_due_postings(&self) -> ServiceResult<usize> {
        let mut total = 0;
        loop {
            let expired = self
                .store()
                .expire_postings(self.clock().today(), self.clock().now())
                .await?;
            if !expired.is_empty() {
                self.postings_changed();
            }
            total += expired.len();
            if expired.len() < 1000 {
                return Ok(total);
            }
        }
    }

    /// Checks and loads a batch of records (operator import; no actor). Fails whole on the
    /// first invalid record, naming its line.
    pub async fn import_postings(
        &self,
        records: Vec<(usize, ImportRecord)>,
    ) -> ServiceResult<usize> {
        let today = self.clock().today();
        let now = self.clock().now();
        let mut batch = Vec::with_capacity(records.len());
        for (line, record) in records {
            let at_line = |e: ValidationErrors| {
                let mut errors = ValidationErrors::default();
                errors.extend_under(&format!("line {line}"), e);
                errors
            };
            let (content, _) = record.posting.parse(today).map_err(at_line)?;
            let company_slug = hireboard_domain::company::slugify("company", &record.company)
                .map_err(|e| at_line(e.into()))?;
            batch.push(ImportedPosting {
                job_code: record.job_code,
                company_name: record.company,
                company_slug,
                content,
                posted_at: record.posted_at,
                valid_through: record.valid_through,
                now,
            });
        }
        let imported = self.store().import_postings(batch).await;
        self.postings_changed();
        Ok(imported?)
    }
}
