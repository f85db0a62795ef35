//! The interview question bank.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use hireboard_domain::ids::QuestionId;

use crate::error::ApiResult;
use crate::extract::{Context, Id, Json, Query};
use crate::idempotency::written;
use crate::wire::page::Page;
use crate::wire::questions::{InterviewQuestion, InterviewQuestionInput, QuestionParams};
use crate::AppState;

/// Browse the bank by skill or functional area.
#[utoipa::path(get, path = "/interview-questions", tag = "interview-questions", operation_id = "list_questions", params(QuestionParams),
    responses((status = 200, body = Page<InterviewQuestion>), (status = 422, description = "An invalid skill or functional area, `limit` out of range, or a cursor this server did not issue.")))]
pub async fn list(
    State(state): State<AppState>,
    Query(params): Query<QuestionParams>,
) -> ApiResult<axum::Json<Page<InterviewQuestion>>> {
    Ok(axum::Json(
        state.service.list_questions(&params.into()).await?.into(),
    ))
}

/// Add a question (recruiters for their company; moderators and admins for everyone).
#[utoipa::path(post, path = "/interview-questions", tag = "interview-questions", operation_id = "create_question", security(("bearer" = [])), request_body = InterviewQuestionInput,
    responses(
        (status = 201, body = InterviewQuestion, links(
            ("UpdateQuestion" = (operation_id = "update_question", parameters(("id" = "$response.body#/id")))),
            ("DeleteQuestion" = (operation_id = "delete_question", parameters(("id" = "$response.body#/id")))))),
        (status = 403, description = "Only recruiters, moderators and admins write questions."),
        (status = 409, description = "A recruiter who belongs to no company."),
        (status = 422, description = "Invalid content.")))]
pub async fn create(
    State(state): State<AppState>,
    Context(ctx): Context,
    input: Json<InterviewQuestionInput>,
) -> ApiResult<Response> {
    Ok(written(
        StatusCode::CREATED,
        state
            .service
            .create_question(&ctx, input.convert())
            .await?
            .map(InterviewQuestion::from),
    ))
}

/// Replace a question.
#[utoipa::path(put, path = "/interview-questions/{id}", tag = "interview-questions", operation_id = "update_question", security(("bearer" = [])), params(("id" = i64, Path, minimum = 1)),
    request_body = InterviewQuestionInput,
    responses((status = 200, body = InterviewQuestion), (status = 403, description = "Only its company's recruiters, moderators and admins change it."), (status = 422, description = "Invalid content.")))]
pub async fn update(
    State(state): State<AppState>,
    Context(ctx): Context,
    Id(id): Id,
    input: Json<InterviewQuestionInput>,
) -> ApiResult<axum::Json<InterviewQuestion>> {
    Ok(axum::Json(
        state
            .service
            .update_question(&ctx, QuestionId(id), input.convert())
            .await?
            .into(),
    ))
}

/// Delete a question.
#[utoipa::path(delete, path = "/interview-questions/{id}", tag = "interview-questions", operation_id = "delete_question", security(("bearer" = [])), params(("id" = i64, Path, minimum = 1)),
    responses((status = 204, description = "The question is deleted."), (status = 403, description = "Only its company's recruiters, moderators and admins delete it.")))]
pub async fn delete(
    State(state): State<AppState>,
    Context(ctx): Context,
    Id(id): Id,
) -> ApiResult<StatusCode> {
    state.service.delete_question(&ctx, QuestionId(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
