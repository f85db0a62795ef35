//! A posting's life: drafted, published, edited, closed, expired and reconfirmed, each step
//! allowed only from the states it names.

use hireboard_domain::account::Role;
use hireboard_domain::posting::PostingStatus;
use hireboard_service::{Actor, ErrorCode, ReconfirmInput};
use serde_json::json;

use crate::support::{invalid_fields, patch, posting, refused, Board};

pub async fn drafts_are_published_then_closed() {
    let board = Board::new().await;
    let (owner, company) = board.company("Lifecycle Co").await;
    let draft = board.draft(&owner, json!({})).await;
    assert_eq!(draft.status, PostingStatus::Draft);
    assert_eq!(draft.company_id, company.id);
    assert_eq!(draft.posted_at, None);
    refused(
        board.posting_seen_by(None, &draft).await,
        ErrorCode::NotFound,
    );

    let ctx = board.ctx(&owner).await;
    let service = &board.service;
    let published = service.publish_posting(&ctx, draft.job_code).await.unwrap();
    assert_eq!(published.resource.status, PostingStatus::Published);
    assert!(published.resource.posted_at.is_some());
    assert_eq!(
        board.posting_seen_by(None, &draft).await.unwrap().status,
        PostingStatus::Published
    );

    let closed = service.close_posting(&ctx, draft.job_code).await.unwrap();
    assert_eq!(closed.resource.status, PostingStatus::Closed);
    refused(
        board.posting_seen_by(None, &draft).await,
        ErrorCode::NotFound,
    );
    assert_eq!(
        board
            .posting_seen_by(Some(&owner), &draft)
            .await
            .unwrap()
            .status,
        PostingStatus::Closed
    );
    assert_eq!(board.events("posting.published").await, 1);
    assert_eq!(board.events("posting.closed").await, 1);
}

pub async fn no_step_is_taken_from_a_state_that_does_not_allow_it() {
    let board = Board::new().await;
    let (owner, _) = board.company("Strict Co").await;
    let ctx = board.ctx(&owner).await;
    let service = &board.service;
    let draft = board.draft(&owner, json!({})).await;
    let code = draft.job_code;

    refused(
        service
            .reconfirm_posting(&ctx, code, ReconfirmInput::default())
            .await,
        ErrorCode::InvalidTransition,
    );
    service.publish_posting(&ctx, code).await.unwrap();
    refused(
        service.publish_posting(&ctx, code).await,
        ErrorCode::InvalidTransition,
    );
    service.close_posting(&ctx, code).await.unwrap();
    for attempt in [
        service.publish_posting(&ctx, code).await,
        service.close_posting(&ctx, code).await,
        service
            .reconfirm_posting(&ctx, code, ReconfirmInput::default())
            .await,
    ] {
        refused(attempt, ErrorCode::InvalidTransition);
    }
    refused(
        service
            .update_posting(&ctx, code, patch(json!({"title": "Reopened"})))
            .await,
        ErrorCode::NotEditable,
    );
    let seen = board.posting_seen_by(Some(&owner), &draft).await.unwrap();
    assert_eq!(seen.status, PostingStatus::Closed);
    assert_eq!(seen.content.title(), draft.content.title());
}

pub async fn drafts_and_listed_postings_are_edited_and_checked() {
    let board = Board::new().await;
    let (owner, _) = board.company("Editing Co").await;
    let ctx = board.ctx(&owner).await;
    let service = &board.service;
    let listed = board.published(&owner).await;

    let edited = service
        .update_posting(
            &ctx,
            listed.job_code,
            patch(json!({"title": "Staff Rust Engineer"})),
        )
        .await
        .unwrap();
    assert_eq!(edited.content.title(), "Staff Rust Engineer");
    assert_eq!(edited.status, PostingStatus::Published);
    assert_eq!(
        invalid_fields(
            service
                .update_posting(
                    &ctx,
                    listed.job_code,
                    patch(json!({"experience": {"min_years": 9, "max_years": 2}}))
                )
                .await
        ),
        ["experience.min_years"]
    );
    let seen = board.posting_seen_by(None, &listed).await.unwrap();
    assert_eq!(seen.content.title(), "Staff Rust Engineer");
    assert_eq!(seen.content.experience(), listed.content.experience());
}

pub async fn recruiters_post_only_for_a_company_they_belong_to() {
    let board = Board::new().await;
    let loner = board.account(Role::Recruiter).await;
    refused(
        board
            .service
            .create_posting(&board.ctx(&loner).await, posting(json!({})))
            .await,
        ErrorCode::NoCompany,
    );
    assert_eq!(board.events("posting.created").await, 0);
}

pub async fn postings_expire_and_are_reconfirmed() {
    let board = Board::new().await;
    let (owner, _) = board.company("Expiring Co").await;
    let service = &board.service;
    let listed = board.published(&owner).await;
    let days_left = (listed.valid_through - board.clock.today()).num_days();

    board.clock.advance(chrono::Duration::days(days_left + 1));
    // A month later, the recruiter logs in again.
    let owner = board.login(&owner.email).await;
    // Past its date, the posting is unlisted even before the sweep marks it.
    refused(
        board.posting_seen_by(None, &listed).await,
        ErrorCode::NotFound,
    );
    // Scheduled work is the board's own: no caller, however privileged, runs it.
    let admin = board.ctx(&board.account(Role::Admin).await).await;
    refused(
        service.expire_due_postings(&admin.actor).await,
        ErrorCode::Forbidden,
    );
    refused(
        service.import_postings(&admin.actor, Vec::new()).await,
        ErrorCode::Forbidden,
    );
    assert_eq!(
        service.expire_due_postings(&Actor::System).await.unwrap(),
        1
    );
    assert_eq!(
        service.expire_due_postings(&Actor::System).await.unwrap(),
        0
    );
    let ctx = board.ctx(&owner).await;
    let expired = service.posting(&ctx, listed.job_code).await.unwrap();
    assert_eq!(expired.status, PostingStatus::Expired);

    assert_eq!(
        invalid_fields(
            service
                .reconfirm_posting(&ctx, listed.job_code, ReconfirmInput { days: Some(181) })
                .await
        ),
        ["days"]
    );
    let reconfirmed = service
        .reconfirm_posting(&ctx, listed.job_code, ReconfirmInput { days: Some(10) })
        .await
        .unwrap();
    assert_eq!(reconfirmed.resource.status, PostingStatus::Published);
    assert_eq!(
        reconfirmed.resource.valid_through,
        board.clock.today() + chrono::Duration::days(10)
    );
    assert_eq!(
        board.posting_seen_by(None, &listed).await.unwrap().status,
        PostingStatus::Published
    );
}

pub async fn a_draft_past_its_date_is_not_published() {
    let board = Board::new().await;
    let (owner, _) = board.company("Late Co").await;
    let draft = board.draft(&owner, json!({})).await;
    let days_left = (draft.valid_through - board.clock.today()).num_days();
    board.clock.advance(chrono::Duration::days(days_left + 1));
    let owner = board.login(&owner.email).await;
    assert_eq!(
        invalid_fields(
            board
                .service
                .publish_posting(&board.ctx(&owner).await, draft.job_code)
                .await
        ),
        ["valid_through"]
    );
    let seen = board.posting_seen_by(Some(&owner), &draft).await.unwrap();
    assert_eq!(seen.status, PostingStatus::Draft);
}
