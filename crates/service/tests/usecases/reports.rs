//! Reports and moderation: enough distinct reporters hide a posting pending review, exactly
//! once; moderators restore, hide, remove, and dismiss single reports.

use hireboard_domain::account::Role;
use hireboard_domain::posting::{Posting, PostingStatus};
use hireboard_domain::report::{QueueParams, ReportStatus};
use hireboard_service::{Decision, ErrorCode, ServiceConfig, ServiceResult};

use crate::support::{because, refused, report, Board, Caller};

/// The threshold of [`ServiceConfig::default`].
const THRESHOLD: usize = 3;

async fn file(board: &Board, reporter: &Caller, posting: &Posting) -> ServiceResult<()> {
    board
        .service
        .report_posting(&board.ctx(reporter).await, posting.job_code, report("scam"))
        .await
        .map(|filed| assert_eq!(filed.resource.status, ReportStatus::Open))
}

async fn reporters(board: &Board, count: usize) -> Vec<Caller> {
    let mut reporters = Vec::with_capacity(count);
    for _ in 0..count {
        reporters.push(board.account(Role::Candidate).await);
    }
    reporters
}

async fn status(board: &Board, owner: &Caller, posting: &Posting) -> PostingStatus {
    board
        .posting_seen_by(Some(owner), posting)
        .await
        .unwrap()
        .status
}

async fn queue(board: &Board, moderator: &Caller, status: ReportStatus) -> Vec<(i64, i64)> {
    let params = QueueParams {
        status: Some(status),
        ..QueueParams::default()
    };
    board
        .service
        .moderation_queue(&board.ctx(moderator).await, &params)
        .await
        .unwrap()
        .items
        .iter()
        .map(|entry| (entry.job_code.get(), entry.reporters))
        .collect()
}

pub async fn the_threshold_report_hides_the_posting() {
    let board = Board::new().await;
    assert_eq!(
        ServiceConfig::default().report_hide_threshold as usize,
        THRESHOLD
    );
    let (owner, _) = board.company("Shady Co").await;
    let listed = board.published(&owner).await;
    let reporters = reporters(&board, THRESHOLD).await;
    for reporter in &reporters[..THRESHOLD - 1] {
        file(&board, reporter, &listed).await.unwrap();
    }
    assert_eq!(
        board.posting_seen_by(None, &listed).await.unwrap().status,
        PostingStatus::Published
    );
    file(&board, &reporters[THRESHOLD - 1], &listed)
        .await
        .unwrap();
    refused(
        board.posting_seen_by(None, &listed).await,
        ErrorCode::NotFound,
    );
    assert_eq!(status(&board, &owner, &listed).await, PostingStatus::Hidden);
    assert_eq!(board.events("posting.hidden").await, 1);
    // A hidden posting is not listed, so it takes no more reports.
    let late = board.account(Role::Candidate).await;
    refused(file(&board, &late, &listed).await, ErrorCode::NotFound);
    refused(file(&board, &owner, &listed).await, ErrorCode::NotOpen);
}

pub async fn a_reporter_counts_once() {
    let board = Board::new().await;
    let (owner, _) = board.company("Repeated Co").await;
    let listed = board.published(&owner).await;
    let persistent = board.account(Role::Candidate).await;
    file(&board, &persistent, &listed).await.unwrap();
    for _ in 0..THRESHOLD {
        refused(
            file(&board, &persistent, &listed).await,
            ErrorCode::AlreadyReported,
        );
    }
    assert_eq!(
        status(&board, &owner, &listed).await,
        PostingStatus::Published
    );
    let moderator = board.account(Role::Moderator).await;
    assert_eq!(
        queue(&board, &moderator, ReportStatus::Open).await,
        [(listed.job_code.get(), 1)]
    );
}

pub async fn concurrent_reporters_hide_the_posting_exactly_once() {
    let board = Board::new().await;
    let (owner, _) = board.company("Crowded Co").await;
    let listed = board.published(&owner).await;
    let mut contexts = Vec::new();
    for reporter in reporters(&board, THRESHOLD * 2).await {
        contexts.push(board.ctx(&reporter).await);
    }
    let filings: Vec<_> = contexts
        .into_iter()
        .map(|ctx| {
            let service = board.service.clone();
            let code = listed.job_code;
            tokio::spawn(async move { service.report_posting(&ctx, code, report("scam")).await })
        })
        .collect();
    let mut filed = 0;
    for filing in filings {
        match filing.await.expect("the task runs") {
            Ok(_) => filed += 1,
            // Those who look after the posting is hidden no longer see it.
            Err(error) => assert_eq!(error.code(), ErrorCode::NotFound, "{error}"),
        }
    }
    assert!(filed >= THRESHOLD, "only {filed} reports were filed");
    assert_eq!(status(&board, &owner, &listed).await, PostingStatus::Hidden);
    assert_eq!(board.events("posting.hidden").await, 1);
    let moderator = board.account(Role::Moderator).await;
    assert_eq!(
        queue(&board, &moderator, ReportStatus::Open).await,
        [(listed.job_code.get(), filed as i64)]
    );
}

pub async fn restoring_dismisses_the_reports_and_the_count_starts_again() {
    let board = Board::new().await;
    let (owner, _) = board.company("Restored Co").await;
    let listed = board.published(&owner).await;
    let first_round = reporters(&board, THRESHOLD).await;
    for reporter in &first_round {
        file(&board, reporter, &listed).await.unwrap();
    }
    let moderator = board.account(Role::Moderator).await;
    let restored = board
        .service
        .moderate(
            &board.ctx(&moderator).await,
            listed.job_code,
            Decision::Restore,
            because("verified employer"),
        )
        .await
        .unwrap();
    assert_eq!(restored.resource.status, PostingStatus::Published);
    assert!(queue(&board, &moderator, ReportStatus::Open)
        .await
        .is_empty());
    assert_eq!(
        queue(&board, &moderator, ReportStatus::Dismissed).await,
        [(listed.job_code.get(), THRESHOLD as i64)]
    );

    // Earlier reporters were heard; new ones count from zero.
    refused(
        file(&board, &first_round[0], &listed).await,
        ErrorCode::AlreadyReported,
    );
    let second_round = reporters(&board, THRESHOLD).await;
    for reporter in &second_round[..THRESHOLD - 1] {
        file(&board, reporter, &listed).await.unwrap();
    }
    assert_eq!(
        status(&board, &owner, &listed).await,
        PostingStatus::Published
    );
    file(&board, &second_round[THRESHOLD - 1], &listed)
        .await
        .unwrap();
    assert_eq!(status(&board, &owner, &listed).await, PostingStatus::Hidden);
    assert_eq!(board.events("posting.hidden").await, 2);
}

pub async fn a_dismissed_report_no_longer_counts() {
    let board = Board::new().await;
    let (owner, _) = board.company("Dismissed Co").await;
    let listed = board.published(&owner).await;
    let reporters = reporters(&board, THRESHOLD).await;
    let first = board
        .service
        .report_posting(
            &board.ctx(&reporters[0]).await,
            listed.job_code,
            report("misleading"),
        )
        .await
        .unwrap();
    let moderator = board.ctx(&board.account(Role::Moderator).await).await;
    let dismissed = board
        .service
        .dismiss_report(
            &moderator,
            first.resource.id,
            because("the title is accurate"),
        )
        .await
        .unwrap();
    assert_eq!(dismissed.resource.status, ReportStatus::Dismissed);
    assert_eq!(
        dismissed.resource.resolution_note.as_deref(),
        Some("the title is accurate")
    );
    refused(
        board
            .service
            .dismiss_report(&moderator, first.resource.id, because("again"))
            .await,
        ErrorCode::AlreadyResolved,
    );
    for reporter in &reporters[1..] {
        file(&board, reporter, &listed).await.unwrap();
    }
    assert_eq!(
        status(&board, &owner, &listed).await,
        PostingStatus::Published
    );
    assert_eq!(board.events("posting.hidden").await, 0);
}

pub async fn moderators_decide_only_from_the_states_each_decision_names() {
    let board = Board::new().await;
    let (owner, _) = board.company("Moderated Co").await;
    let draft = board.draft(&owner, serde_json::json!({})).await;
    let listed = board.published(&owner).await;
    let moderator = board.ctx(&board.account(Role::Moderator).await).await;
    let decide = |posting: &Posting, decision| {
        let (service, ctx, code) = (&board.service, &moderator, posting.job_code);
        async move {
            service
                .moderate(ctx, code, decision, because("policy check"))
                .await
        }
    };

    for decision in [Decision::Hide, Decision::Restore, Decision::Remove] {
        refused(decide(&draft, decision).await, ErrorCode::InvalidTransition);
    }
    refused(
        decide(&listed, Decision::Restore).await,
        ErrorCode::InvalidTransition,
    );
    assert_eq!(
        decide(&listed, Decision::Hide)
            .await
            .unwrap()
            .resource
            .status,
        PostingStatus::Hidden
    );
    refused(
        decide(&listed, Decision::Hide).await,
        ErrorCode::InvalidTransition,
    );
    let removed = decide(&listed, Decision::Remove).await.unwrap();
    assert_eq!(removed.resource.status, PostingStatus::Removed);
    assert_eq!(
        removed.resource.removal_reason.as_deref(),
        Some("policy check")
    );
    for decision in [Decision::Hide, Decision::Restore, Decision::Remove] {
        refused(
            decide(&listed, decision).await,
            ErrorCode::InvalidTransition,
        );
    }
    // The poster sees why, and can no longer change it.
    let seen = board.posting_seen_by(Some(&owner), &listed).await.unwrap();
    assert_eq!(seen.removal_reason.as_deref(), Some("policy check"));
    refused(
        board
            .service
            .close_posting(&board.ctx(&owner).await, listed.job_code)
            .await,
        ErrorCode::InvalidTransition,
    );
}

/// Its recruiters cannot bring back a posting that reports hid: only a moderator can.
pub async fn a_hidden_posting_stays_hidden_whatever_its_recruiter_does() {
    let board = Board::new().await;
    let (owner, _) = board.company("Persistent Co").await;
    let listed = board.published(&owner).await;
    for reporter in reporters(&board, THRESHOLD).await {
        file(&board, &reporter, &listed).await.unwrap();
    }
    let ctx = board.ctx(&owner).await;
    let service = &board.service;
    let code = listed.job_code;
    refused(
        service.publish_posting(&ctx, code).await,
        ErrorCode::InvalidTransition,
    );
    refused(
        service
            .reconfirm_posting(&ctx, code, hireboard_service::ReconfirmInput::default())
            .await,
        ErrorCode::InvalidTransition,
    );
    refused(
        service
            .update_posting(
                &ctx,
                code,
                crate::support::patch(serde_json::json!({"title": "Totally legit"})),
            )
            .await,
        ErrorCode::NotEditable,
    );
    refused(
        service.close_posting(&ctx, code).await,
        ErrorCode::InvalidTransition,
    );
    let seen = board.posting_seen_by(Some(&owner), &listed).await.unwrap();
    assert_eq!(seen.status, PostingStatus::Hidden);
    assert_eq!(seen.content.title(), listed.content.title());
}
