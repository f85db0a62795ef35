//! Applying once, moving applicants forward through the pipeline, and withdrawing.

use hireboard_domain::account::Role;
use hireboard_domain::application::{ApplicationListParams, Stage};
use hireboard_service::ErrorCode;
use serde_json::json;

use crate::support::{application, refused, stage, Board, Caller};

/// A board with a listed posting of a company owned by the returned recruiter, and a
/// candidate who applied to it.
async fn applied() -> (
    Board,
    Caller,
    Caller,
    hireboard_domain::application::Application,
) {
    let board = Board::new().await;
    let (owner, _) = board.company("Pipeline Co").await;
    let listed = board.published(&owner).await;
    let candidate = board.account(Role::Candidate).await;
    let applied = board
        .service
        .apply(
            &board.ctx(&candidate).await,
            listed.job_code,
            application(json!({"cover_note": "Hello", "answers": {"rust_years": 4}})),
        )
        .await
        .unwrap()
        .resource;
    (board, owner, candidate, applied)
}

pub async fn a_candidate_applies_once() {
    let (board, owner, candidate, first) = applied().await;
    assert_eq!(first.stage, Stage::Applied);
    assert_eq!(first.candidate_id, candidate.id);
    let again = board
        .service
        .apply(
            &board.ctx(&candidate).await,
            first.job_code,
            application(json!({"answers": {"rust_years": 5}})),
        )
        .await;
    refused(again, ErrorCode::AlreadyApplied);
    let applicants = board
        .service
        .applicants(
            &board.ctx(&owner).await,
            first.job_code,
            &ApplicationListParams::default(),
        )
        .await
        .unwrap();
    assert_eq!(applicants.items.len(), 1);
    assert_eq!(applicants.items[0].answers["rust_years"], json!(4));
}

pub async fn concurrent_duplicate_applications_create_exactly_one() {
    let board = Board::new().await;
    let (owner, _) = board.company("Race Co").await;
    let listed = board.published(&owner).await;
    let candidate = board.ctx(&board.account(Role::Candidate).await).await;
    let attempts: Vec<_> = (0..4)
        .map(|_| {
            let (service, ctx) = (board.service.clone(), candidate.clone());
            tokio::spawn(async move {
                service
                    .apply(
                        &ctx,
                        listed.job_code,
                        application(json!({"answers": {"rust_years": 2}})),
                    )
                    .await
            })
        })
        .collect();
    let mut created = 0;
    for attempt in attempts {
        match attempt.await.expect("the task runs") {
            Ok(_) => created += 1,
            Err(error) => assert_eq!(error.code(), ErrorCode::AlreadyApplied, "{error}"),
        }
    }
    assert_eq!(created, 1);
    let applicants = board
        .service
        .applicants(
            &board.ctx(&owner).await,
            listed.job_code,
            &ApplicationListParams::default(),
        )
        .await
        .unwrap();
    assert_eq!(applicants.items.len(), 1);
    assert_eq!(board.events("application.submitted").await, 1);
}

pub async fn recruiters_move_applicants_forward_or_reject_them() {
    let (board, owner, _, applied) = applied().await;
    let ctx = board.ctx(&owner).await;
    let service = &board.service;

    let interview = service
        .change_stage(&ctx, applied.id, stage("interview"))
        .await
        .unwrap();
    assert_eq!(interview.resource.stage, Stage::Interview);
    for backwards in ["viewed", "applied", "interview", "withdrawn"] {
        refused(
            service
                .change_stage(&ctx, applied.id, stage(backwards))
                .await,
            ErrorCode::InvalidTransition,
        );
    }
    service
        .change_stage(&ctx, applied.id, stage("rejected"))
        .await
        .unwrap();
    // Rejected is final.
    for onwards in ["offer", "hired", "rejected"] {
        refused(
            service.change_stage(&ctx, applied.id, stage(onwards)).await,
            ErrorCode::InvalidTransition,
        );
    }
    let seen = service.application(&ctx, applied.id).await.unwrap();
    assert_eq!(seen.stage, Stage::Rejected);
    let path: Vec<_> = seen.history.iter().map(|change| change.to).collect();
    assert_eq!(path, [Stage::Applied, Stage::Interview, Stage::Rejected]);
    assert_eq!(seen.history[1].by, owner.id);
}

pub async fn only_the_candidate_withdraws_and_only_before_a_final_stage() {
    let (board, owner, candidate, applied) = applied().await;
    let recruiter = board.ctx(&owner).await;
    let candidate = board.ctx(&candidate).await;
    let service = &board.service;

    refused(
        service.withdraw(&recruiter, applied.id).await,
        ErrorCode::Forbidden,
    );
    refused(
        service
            .change_stage(&candidate, applied.id, stage("hired"))
            .await,
        ErrorCode::Forbidden,
    );
    service
        .change_stage(&recruiter, applied.id, stage("shortlisted"))
        .await
        .unwrap();
    let withdrawn = service.withdraw(&candidate, applied.id).await.unwrap();
    assert_eq!(withdrawn.resource.stage, Stage::Withdrawn);
    refused(
        service.withdraw(&candidate, applied.id).await,
        ErrorCode::InvalidTransition,
    );
    refused(
        service
            .change_stage(&recruiter, applied.id, stage("interview"))
            .await,
        ErrorCode::InvalidTransition,
    );
    assert_eq!(
        service
            .application(&candidate, applied.id)
            .await
            .unwrap()
            .stage,
        Stage::Withdrawn
    );
}

pub async fn hired_candidates_cannot_withdraw() {
    let (board, owner, candidate, applied) = applied().await;
    board
        .service
        .change_stage(&board.ctx(&owner).await, applied.id, stage("hired"))
        .await
        .unwrap();
    let candidate = board.ctx(&candidate).await;
    refused(
        board.service.withdraw(&candidate, applied.id).await,
        ErrorCode::InvalidTransition,
    );
    assert_eq!(
        board
            .service
            .application(&candidate, applied.id)
            .await
            .unwrap()
            .stage,
        Stage::Hired
    );
}

pub async fn unlisted_postings_take_no_applications() {
    let board = Board::new().await;
    let (owner, _) = board.company("Closed Co").await;
    let draft = board.draft(&owner, json!({})).await;
    let listed = board.published(&owner).await;
    board
        .service
        .close_posting(&board.ctx(&owner).await, listed.job_code)
        .await
        .unwrap();
    let candidate = board.ctx(&board.account(Role::Candidate).await).await;
    for code in [draft.job_code, listed.job_code] {
        refused(
            board
                .service
                .apply(
                    &candidate,
                    code,
                    application(json!({"answers": {"rust_years": 1}})),
                )
                .await,
            ErrorCode::NotFound,
        );
    }
    let mine = board
        .service
        .my_applications(&candidate, &ApplicationListParams::default())
        .await
        .unwrap();
    assert!(mine.items.is_empty());
}
