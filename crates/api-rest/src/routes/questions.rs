//! The interview question bank.

use axum::extract::State;
use axum::http::StatusCode;
use hireboard_domain::ids::QuestionId;
use hireboard_domain::interview::{InterviewQuestion, InterviewQuestionInput};
use hireboard_service::QuestionParams;

use crate::error::{ApiResult, Problem};
use crate::extract::{Caller, Id, Json, Query};
use crate::AppState;

/// Browse the bank by skill or functional area.
#[utoipa::path(get, path = "/interview-questions", tag = "interview-questions", params(QuestionParams),
    responses((status = 200, body = Vec<InterviewQuestion>), (status = 400, body = Problem), (status = 422, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    Query(params): Query<QuestionParams>,
) -> ApiResult<axum::Json<Vec<InterviewQuestion>>> {
    Ok(axum::Json(state.service.list_questions(&params).await?))
}

/// Add a question (recruiters for their company; moderators and admins for everyone).
#[utoipa::path(post, path = "/interview-questions", tag = "interview-questions", security(("bearer" = [])), request_body = InterviewQuestionInput,
    responses((status = 201, body = InterviewQuestion), (status = 401, body = Problem), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn create(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Json(input): Json<InterviewQuestionInput>,
) -> ApiResult<(StatusCode, axum::Json<InterviewQuestion>)> {
    Ok((
        StatusCode::CREATED,
        axum::Json(state.service.create_question(&actor, input).await?),
    ))
}

/// Replace a question.
#[utoipa::path(put, path = "/interview-questions/{id}", tag = "interview-questions", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = InterviewQuestionInput,
    responses((status = 200, body = InterviewQuestion), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn update(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Id(id): Id,
    Json(input): Json<InterviewQuestionInput>,
) -> ApiResult<axum::Json<InterviewQuestion>> {
    Ok(axum::Json(
        state
            .service
            .update_question(&actor, QuestionId(id), input)
            .await?,
    ))
}

/// Delete a question.
#[utoipa::path(delete, path = "/interview-questions/{id}", tag = "interview-questions", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn delete(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Id(id): Id,
) -> ApiResult<StatusCode> {
    state
        .service
        .delete_question(&actor, QuestionId(id))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
