//! Screening questions on apply: required ones answered, every answer of its question's
//! type and range, and none to a question the posting does not ask. A refused application
//! leaves nothing behind.

use hireboard_domain::account::Role;
use hireboard_domain::application::ApplicationListParams;
use hireboard_domain::posting::Posting;
use hireboard_service::ServiceResult;
use serde_json::{json, Value};

use crate::support::{application, invalid_fields, patch, Board, Caller};

/// A listed posting asking one question of each kind; only `rust_years` is required.
async fn screening_board() -> (Board, Caller, Posting) {
    let board = Board::new().await;
    let (owner, _) = board.company("Screening Co").await;
    let draft = board
        .draft(
            &owner,
            json!({"screening_questions": [
                {"id": "rust_years", "prompt": "Years of Rust?", "answer": {"type": "number", "min": 0, "max": 50}, "required": true},
                {"id": "visa", "prompt": "Need a visa?", "answer": {"type": "yes_no"}},
                {"id": "level", "prompt": "Level?", "answer": {"type": "single_choice", "options": ["mid", "senior"]}},
                {"id": "why", "prompt": "Why us?", "answer": {"type": "text", "max_length": 10}}
            ]}),
        )
        .await;
    let listed = board
        .service
        .publish_posting(&board.ctx(&owner).await, draft.job_code)
        .await
        .unwrap()
        .resource;
    (board, owner, listed)
}

async fn apply(
    board: &Board,
    candidate: &Caller,
    posting: &Posting,
    answers: Value,
) -> ServiceResult<hireboard_domain::application::Application> {
    board
        .service
        .apply(
            &board.ctx(candidate).await,
            posting.job_code,
            application(json!({ "answers": answers })),
        )
        .await
        .map(|written| written.resource)
}

async fn applicants(board: &Board, owner: &Caller, posting: &Posting) -> usize {
    board
        .service
        .applicants(
            &board.ctx(owner).await,
            posting.job_code,
            &ApplicationListParams::default(),
        )
        .await
        .unwrap()
        .items
        .len()
}

pub async fn required_questions_must_be_answered() {
    let (board, owner, posting) = screening_board().await;
    let candidate = board.account(Role::Candidate).await;
    for missing in [json!({}), json!({"rust_years": null, "visa": true})] {
        assert_eq!(
            invalid_fields(apply(&board, &candidate, &posting, missing).await),
            ["answers.rust_years"]
        );
    }
    assert_eq!(applicants(&board, &owner, &posting).await, 0);
    // Optional questions may go unanswered.
    let applied = apply(&board, &candidate, &posting, json!({"rust_years": 0}))
        .await
        .unwrap();
    assert_eq!(applied.answers.len(), 1);
}

pub async fn each_answer_has_its_questions_type_and_range() {
    let (board, owner, posting) = screening_board().await;
    let candidate = board.account(Role::Candidate).await;
    let wrong = [
        (json!({"rust_years": "four"}), "answers.rust_years"),
        (json!({"rust_years": 51}), "answers.rust_years"),
        (json!({"rust_years": -1}), "answers.rust_years"),
        (json!({"rust_years": 3, "visa": "no"}), "answers.visa"),
        (json!({"rust_years": 3, "level": "junior"}), "answers.level"),
        (json!({"rust_years": 3, "level": 1}), "answers.level"),
        (
            json!({"rust_years": 3, "why": "x".repeat(11)}),
            "answers.why",
        ),
        (json!({"rust_years": 3, "why": true}), "answers.why"),
    ];
    for (answers, field) in wrong {
        let refused = invalid_fields(apply(&board, &candidate, &posting, answers.clone()).await);
        assert_eq!(refused, [field], "{answers}");
    }
    assert_eq!(applicants(&board, &owner, &posting).await, 0);
}

pub async fn answers_to_questions_not_asked_are_refused() {
    let (board, owner, posting) = screening_board().await;
    let candidate = board.account(Role::Candidate).await;
    assert_eq!(
        invalid_fields(
            apply(
                &board,
                &candidate,
                &posting,
                json!({"rust_years": 3, "salary_wish": 100000})
            )
            .await
        ),
        ["answers.salary_wish"]
    );
    assert_eq!(applicants(&board, &owner, &posting).await, 0);
}

pub async fn every_problem_is_named_at_once() {
    let (board, _, posting) = screening_board().await;
    let candidate = board.account(Role::Candidate).await;
    let mut fields = invalid_fields(
        apply(
            &board,
            &candidate,
            &posting,
            json!({"visa": 1, "level": "lead", "bogus": true}),
        )
        .await,
    );
    fields.sort();
    assert_eq!(
        fields,
        [
            "answers.bogus",
            "answers.level",
            "answers.rust_years",
            "answers.visa"
        ]
    );
}

pub async fn good_answers_are_kept_as_given() {
    let (board, owner, posting) = screening_board().await;
    let candidate = board.account(Role::Candidate).await;
    let answers = json!({"rust_years": 7.5, "visa": false, "level": "senior", "why": "Rust!"});
    let applied = apply(&board, &candidate, &posting, answers.clone())
        .await
        .unwrap();
    let seen = board
        .service
        .application(&board.ctx(&owner).await, applied.id)
        .await
        .unwrap();
    assert_eq!(serde_json::to_value(&seen.answers).unwrap(), answers);
}

/// Answers are checked against the questions the posting asks when the candidate applies.
pub async fn answers_follow_the_questions_as_edited() {
    let (board, owner, posting) = screening_board().await;
    board
        .service
        .update_posting(
            &board.ctx(&owner).await,
            posting.job_code,
            patch(json!({"screening_questions": [
                {"id": "portfolio", "prompt": "Portfolio link?", "answer": {"type": "text", "max_length": 200}, "required": true}
            ]})),
        )
        .await
        .unwrap();
    let candidate = board.account(Role::Candidate).await;
    assert_eq!(
        invalid_fields(apply(&board, &candidate, &posting, json!({"rust_years": 3})).await),
        ["answers.rust_years", "answers.portfolio"]
    );
    apply(
        &board,
        &candidate,
        &posting,
        json!({"portfolio": "https://example.com"}),
    )
    .await
    .unwrap();
    assert_eq!(applicants(&board, &owner, &posting).await, 1);
}

pub async fn a_blank_answer_does_not_answer_a_required_question() {
    let board = Board::new().await;
    let (owner, _) = board.company("Blank Co").await;
    let draft = board
        .draft(
            &owner,
            json!({"screening_questions": [
                {"id": "motivation", "prompt": "Why this role?", "answer": {"type": "text", "max_length": 500}, "required": true}
            ]}),
        )
        .await;
    let listed = board
        .service
        .publish_posting(&board.ctx(&owner).await, draft.job_code)
        .await
        .unwrap()
        .resource;
    let candidate = board.account(Role::Candidate).await;
    for blank in ["", "   \n\t"] {
        assert_eq!(
            invalid_fields(apply(&board, &candidate, &listed, json!({"motivation": blank})).await),
            ["answers.motivation"]
        );
    }
    let applied = apply(
        &board,
        &candidate,
        &listed,
        json!({"motivation": "  Rust  "}),
    )
    .await
    .unwrap();
    assert_eq!(applied.answers["motivation"], json!("Rust"));
}
