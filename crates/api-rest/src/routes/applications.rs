//! Applications and the hiring pipeline.

use axum::extract::State;
use axum::http::StatusCode;
use hireboard_domain::application::{Application, ApplicationInput, StageChangeInput};
use hireboard_domain::ids::ApplicationId;

use crate::error::{ApiResult, Problem};
use crate::extract::{Caller, Code, Id, Json};
use crate::AppState;

/// Apply to a posting (candidates; once per posting).
#[utoipa::path(post, path = "/jobs/{code}/applications", tag = "applications", security(("bearer" = [])), params(("code" = i64, Path)),
    request_body = ApplicationInput,
    responses((status = 201, body = Application), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, description = "already applied", body = Problem), (status = 422, body = Problem), (status = 429, description = "too many applications from this account", body = Problem)))]
pub async fn apply(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Code(code): Code,
    Json(input): Json<ApplicationInput>,
) -> ApiResult<(StatusCode, axum::Json<Application>)> {
    Ok((
        StatusCode::CREATED,
        axum::Json(state.service.apply(&actor, code, input).await?),
    ))
}

/// Applicants of a posting (its company's recruiters).
#[utoipa::path(get, path = "/jobs/{code}/applications", tag = "applications", security(("bearer" = [])), params(("code" = i64, Path)),
    responses((status = 200, body = Vec<Application>), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn applicants(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Code(code): Code,
) -> ApiResult<axum::Json<Vec<Application>>> {
    Ok(axum::Json(state.service.applicants(&actor, code).await?))
}

/// One application (its candidate, or the posting company's recruiters).
#[utoipa::path(get, path = "/applications/{id}", tag = "applications", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = Application), (status = 404, body = Problem)))]
pub async fn show(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Id(id): Id,
) -> ApiResult<axum::Json<Application>> {
    Ok(axum::Json(
        state.service.application(&actor, ApplicationId(id)).await?,
    ))
}

/// Withdraw an application (its candidate).
#[utoipa::path(post, path = "/applications/{id}/withdraw", tag = "applications", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = Application), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn withdraw(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Id(id): Id,
) -> ApiResult<axum::Json<Application>> {
    Ok(axum::Json(
        state.service.withdraw(&actor, ApplicationId(id)).await?,
    ))
}

/// Move an applicant to another stage (the company's recruiters).
#[utoipa::path(post, path = "/applications/{id}/stage", tag = "applications", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = StageChangeInput,
    responses((status = 200, body = Application), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn change_stage(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Id(id): Id,
    Json(input): Json<StageChangeInput>,
) -> ApiResult<axum::Json<Application>> {
    Ok(axum::Json(
        state
            .service
            .change_stage(&actor, ApplicationId(id), input)
            .await?,
    ))
}
