//! Who may do what: the caller is judged (authenticated, then authorized) before anything
//! they sent, and what they may not know exists is "not found".

use hireboard_domain::account::Role;
use hireboard_domain::application::ApplicationListParams;
use hireboard_domain::report::QueueParams;
use hireboard_service::{ErrorCode, RoleInput};
use serde_json::json;

use crate::support::{
    anonymous, application, because, input, patch, posting, refused, stage, unreadable, Board,
};

pub async fn anonymous_callers_must_log_in_to_write() {
    let board = Board::new().await;
    let (owner, company) = board.company("Anon Checks").await;
    let listed = board.published(&owner).await;
    let code = listed.job_code;
    let service = &board.service;
    let ctx = anonymous();
    let unauthenticated = ErrorCode::Unauthenticated;
    refused(
        service.create_posting(&ctx, posting(json!({}))).await,
        unauthenticated,
    );
    refused(
        service.apply(&ctx, code, unreadable()).await,
        unauthenticated,
    );
    refused(
        service.report_posting(&ctx, code, unreadable()).await,
        unauthenticated,
    );
    refused(
        service.create_company(&ctx, unreadable()).await,
        unauthenticated,
    );
    refused(
        service.invite(&ctx, &company.slug, unreadable()).await,
        unauthenticated,
    );
    refused(service.close_posting(&ctx, code).await, unauthenticated);
    refused(
        service
            .moderation_queue(&ctx, &QueueParams::default())
            .await,
        unauthenticated,
    );
    refused(service.me(&ctx), unauthenticated);
    // Reading a listed posting needs no account.
    assert_eq!(service.posting(&ctx, code).await.unwrap().id, listed.id);
}

pub async fn each_role_does_only_its_own_work() {
    let board = Board::new().await;
    let (owner, _) = board.company("Role Checks").await;
    let listed = board.published(&owner).await;
    let code = listed.job_code;
    let candidate = board.ctx(&board.account(Role::Candidate).await).await;
    let moderator = board.ctx(&board.account(Role::Moderator).await).await;
    let recruiter = board.ctx(&owner).await;
    let service = &board.service;
    let forbidden = ErrorCode::Forbidden;

    refused(
        service.create_posting(&candidate, unreadable()).await,
        forbidden,
    );
    refused(
        service.create_posting(&moderator, unreadable()).await,
        forbidden,
    );
    refused(
        service.apply(&recruiter, code, unreadable()).await,
        forbidden,
    );
    refused(
        service.apply(&moderator, code, unreadable()).await,
        forbidden,
    );
    refused(
        service.create_company(&candidate, unreadable()).await,
        forbidden,
    );
    refused(
        service
            .moderation_queue(&candidate, &QueueParams::default())
            .await,
        forbidden,
    );
    refused(
        service
            .moderation_queue(&recruiter, &QueueParams::default())
            .await,
        forbidden,
    );
    refused(
        service
            .moderate(
                &recruiter,
                code,
                hireboard_service::Decision::Hide,
                unreadable(),
            )
            .await,
        forbidden,
    );
    refused(
        service
            .my_applications(&recruiter, &ApplicationListParams::default())
            .await,
        forbidden,
    );
    // Moderators see every posting but manage none.
    refused(service.close_posting(&moderator, code).await, forbidden);
    assert!(service
        .moderation_queue(&moderator, &QueueParams::default())
        .await
        .unwrap()
        .items
        .is_empty());
}

pub async fn another_company_neither_sees_drafts_nor_manages_postings() {
    let board = Board::new().await;
    let (owner, _) = board.company("Home Co").await;
    let (rival, _) = board.company("Rival Co").await;
    let draft = board.draft(&owner, json!({})).await;
    let listed = board.published(&owner).await;
    let rival_ctx = board.ctx(&rival).await;
    let service = &board.service;

    refused(
        board.posting_seen_by(Some(&rival), &draft).await,
        ErrorCode::NotFound,
    );
    refused(
        service.publish_posting(&rival_ctx, draft.job_code).await,
        ErrorCode::NotFound,
    );
    refused(
        service
            .update_posting(
                &rival_ctx,
                listed.job_code,
                patch(json!({"title": "Mine now"})),
            )
            .await,
        ErrorCode::Forbidden,
    );
    refused(
        service.close_posting(&rival_ctx, listed.job_code).await,
        ErrorCode::Forbidden,
    );
    refused(
        service
            .applicants(
                &rival_ctx,
                listed.job_code,
                &ApplicationListParams::default(),
            )
            .await,
        ErrorCode::Forbidden,
    );
    // Nothing changed.
    let unchanged = board.posting_seen_by(None, &listed).await.unwrap();
    assert_eq!(unchanged.content.title(), listed.content.title());
    assert_eq!(unchanged.status, listed.status);
}

pub async fn admins_manage_every_company_and_staff_see_unlisted_postings() {
    let board = Board::new().await;
    let (owner, _) = board.company("Supervised Co").await;
    let draft = board.draft(&owner, json!({})).await;
    let admin = board.account(Role::Admin).await;
    let moderator = board.account(Role::Moderator).await;
    let candidate = board.account(Role::Candidate).await;

    assert_eq!(
        board
            .posting_seen_by(Some(&moderator), &draft)
            .await
            .unwrap()
            .id,
        draft.id
    );
    refused(
        board.posting_seen_by(Some(&candidate), &draft).await,
        ErrorCode::NotFound,
    );
    refused(
        board.posting_seen_by(None, &draft).await,
        ErrorCode::NotFound,
    );
    let published = board
        .service
        .publish_posting(&board.ctx(&admin).await, draft.job_code)
        .await
        .expect("admins manage any company's postings");
    assert_eq!(
        published.resource.status,
        hireboard_domain::posting::PostingStatus::Published
    );
}

pub async fn applications_are_seen_by_their_candidate_and_the_hiring_company_only() {
    let board = Board::new().await;
    let (owner, _) = board.company("Hiring Co").await;
    let (rival, _) = board.company("Nosy Co").await;
    let listed = board.published(&owner).await;
    let candidate = board.account(Role::Candidate).await;
    let other_candidate = board.account(Role::Candidate).await;
    let application = board
        .service
        .apply(
            &board.ctx(&candidate).await,
            listed.job_code,
            application(json!({"answers": {"rust_years": 3}})),
        )
        .await
        .unwrap();
    let service = &board.service;

    for who in [&candidate, &owner] {
        let seen = service
            .application(&board.ctx(who).await, application.resource.id)
            .await
            .unwrap();
        assert_eq!(seen.id, application.resource.id);
    }
    for who in [&rival, &other_candidate] {
        let ctx = board.ctx(who).await;
        refused(
            service.application(&ctx, application.resource.id).await,
            ErrorCode::NotFound,
        );
        refused(
            service.withdraw(&ctx, application.resource.id).await,
            ErrorCode::NotFound,
        );
        refused(
            service
                .change_stage(&ctx, application.resource.id, stage("rejected"))
                .await,
            ErrorCode::NotFound,
        );
    }
    let seen = service
        .application(&board.ctx(&candidate).await, application.resource.id)
        .await
        .unwrap();
    assert_eq!(seen.stage, application.resource.stage);
}

/// A caller who may not act is told so whatever they sent: the input is read only after.
pub async fn the_caller_is_judged_before_the_input() {
    let board = Board::new().await;
    let (owner, company) = board.company("Judged Co").await;
    let listed = board.published(&owner).await;
    let candidate = board.ctx(&board.account(Role::Candidate).await).await;
    let recruiter = board.ctx(&owner).await;
    let service = &board.service;

    refused(
        service.create_posting(&candidate, unreadable()).await,
        ErrorCode::Forbidden,
    );
    refused(
        service
            .invite(&candidate, &company.slug, unreadable())
            .await,
        ErrorCode::Forbidden,
    );
    refused(
        service
            .update_posting(&candidate, listed.job_code, unreadable())
            .await,
        ErrorCode::Forbidden,
    );
    refused(
        service
            .moderate(
                &candidate,
                listed.job_code,
                hireboard_service::Decision::Remove,
                unreadable(),
            )
            .await,
        ErrorCode::Forbidden,
    );
    // The same input from a caller who may act is read, and refused for what it is.
    refused(
        service
            .update_posting(&recruiter, listed.job_code, unreadable())
            .await,
        ErrorCode::MalformedRequest,
    );
}

pub async fn admins_administer_other_accounts_never_their_own() {
    let board = Board::new().await;
    let admin = board.account(Role::Admin).await;
    let moderator = board.account(Role::Moderator).await;
    let candidate = board.account(Role::Candidate).await;
    let admin_ctx = board.ctx(&admin).await;
    let service = &board.service;

    refused(
        service
            .grant_role(
                &admin_ctx,
                admin.id,
                input::<RoleInput>(json!({"role": "candidate"})),
            )
            .await,
        ErrorCode::Forbidden,
    );
    refused(
        service
            .suspend_account(&admin_ctx, admin.id, because("testing"))
            .await,
        ErrorCode::Forbidden,
    );
    refused(
        service
            .grant_role(
                &board.ctx(&moderator).await,
                candidate.id,
                input::<RoleInput>(json!({"role": "admin"})),
            )
            .await,
        ErrorCode::Forbidden,
    );
    assert_eq!(board.reload(&candidate).await.role, Role::Candidate);

    let granted = service
        .grant_role(
            &admin_ctx,
            candidate.id,
            input::<RoleInput>(json!({"role": "moderator"})),
        )
        .await
        .unwrap();
    assert_eq!(granted.resource.role, Role::Moderator);
    assert_eq!(board.reload(&candidate).await.role, Role::Moderator);
}

pub async fn suspension_ends_every_session_until_reinstated() {
    let board = Board::new().await;
    let admin = board.ctx(&board.account(Role::Admin).await).await;
    let candidate = board.account(Role::Candidate).await;
    let service = &board.service;

    service
        .suspend_account(&admin, candidate.id, because("spam"))
        .await
        .unwrap();
    refused(board.session(&candidate).await, ErrorCode::Unauthenticated);
    refused(
        service
            .login(
                &anonymous(),
                hireboard_service::LoginInput {
                    email: candidate.email.clone(),
                    password: "correct horse battery staple".to_owned(),
                    device_token: None,
                },
            )
            .await,
        ErrorCode::InvalidCredentials,
    );
    service
        .reinstate_account(&admin, candidate.id)
        .await
        .unwrap();
    let again = board.login(&candidate.email).await;
    assert_eq!(board.reload(&again).await.id, candidate.id);
}
