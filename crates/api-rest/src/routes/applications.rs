//! Applications and the hiring pipeline.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use hireboard_domain::ids::ApplicationId;

use crate::error::ApiResult;
use crate::extract::{Code, Context, Id, Json, Query};
use crate::idempotency::written;
use crate::wire::applications::{
    Application, ApplicationInput, ApplicationListParams, Pipeline, StageChangeInput,
};
use crate::wire::page::Page;
use crate::AppState;

/// Apply to a posting (candidates; once per posting).
#[utoipa::path(post, path = "/jobs/{code}/applications", tag = "applications", operation_id = "apply", security(("bearer" = [])),
    params(("code" = i64, Path, minimum = 1000000, maximum = 9999999)), request_body = ApplicationInput,
    responses(
        (status = 201, body = Application, links(
            ("GetApplication" = (operation_id = "get_application", parameters(("id" = "$response.body#/id")))),
            ("Withdraw" = (operation_id = "withdraw", parameters(("id" = "$response.body#/id")))),
            ("ChangeStage" = (operation_id = "change_stage", parameters(("id" = "$response.body#/id")))))),
        (status = 403, description = "Only candidates apply."),
        (status = 409, description = "Already applied, or the posting takes no applications."),
        (status = 422, description = "The answers do not fit the posting's screening questions, or the cover note is too long."),
        (status = 429, description = "Too many applications from this account.")))]
pub async fn apply(
    State(state): State<AppState>,
    Context(ctx): Context,
    Code(code): Code,
    input: Json<ApplicationInput>,
) -> ApiResult<Response> {
    Ok(written(
        StatusCode::CREATED,
        state
            .service
            .apply(&ctx, code, input.convert())
            .await?
            .map(Application::from),
    ))
}

/// Applicants of a posting (its company's recruiters).
#[utoipa::path(get, path = "/jobs/{code}/applications", tag = "applications", operation_id = "applicants", security(("bearer" = [])),
    params(("code" = i64, Path, minimum = 1000000, maximum = 9999999), ApplicationListParams),
    responses((status = 200, body = Page<Application>), (status = 403, description = "Only the company's recruiters and admins see applicants."),
        (status = 422, description = "`limit` out of range, or a cursor this server did not issue.")))]
pub async fn applicants(
    State(state): State<AppState>,
    Context(ctx): Context,
    Code(code): Code,
    Query(params): Query<ApplicationListParams>,
) -> ApiResult<axum::Json<Page<Application>>> {
    Ok(axum::Json(
        state
            .service
            .applicants(&ctx, code, &params.into())
            .await?
            .into(),
    ))
}

/// How many applicants stand at each stage of a posting (its company's recruiters). Counted
/// from events: a new application or move shows a moment after it was made.
#[utoipa::path(get, path = "/jobs/{code}/pipeline", tag = "applications", operation_id = "pipeline", security(("bearer" = [])),
    params(("code" = i64, Path, minimum = 1000000, maximum = 9999999)),
    responses((status = 200, body = Pipeline), (status = 403, description = "Only the company's recruiters and admins see the pipeline.")))]
pub async fn pipeline(
    State(state): State<AppState>,
    Context(ctx): Context,
    Code(code): Code,
) -> ApiResult<axum::Json<Pipeline>> {
    Ok(axum::Json(state.service.pipeline(&ctx, code).await?.into()))
}

/// One application (its candidate, or the posting company's recruiters).
#[utoipa::path(get, path = "/applications/{id}", tag = "applications", operation_id = "get_application", security(("bearer" = [])),
    params(("id" = i64, Path, minimum = 1)),
    responses((status = 200, body = Application)))]
pub async fn show(
    State(state): State<AppState>,
    Context(ctx): Context,
    Id(id): Id,
) -> ApiResult<axum::Json<Application>> {
    Ok(axum::Json(
        state
            .service
            .application(&ctx, ApplicationId(id))
            .await?
            .into(),
    ))
}

/// Withdraw an application (its candidate).
#[utoipa::path(post, path = "/applications/{id}/withdraw", tag = "applications", operation_id = "withdraw", security(("bearer" = [])),
    params(("id" = i64, Path, minimum = 1)),
    responses((status = 200, body = Application), (status = 403, description = "Only the candidate withdraws."), (status = 409, description = "The application is already in a final stage.")))]
pub async fn withdraw(
    State(state): State<AppState>,
    Context(ctx): Context,
    Id(id): Id,
) -> ApiResult<Response> {
    Ok(written(
        StatusCode::OK,
        state
            .service
            .withdraw(&ctx, ApplicationId(id))
            .await?
            .map(Application::from),
    ))
}

/// Move an applicant to another stage (the company's recruiters).
#[utoipa::path(post, path = "/applications/{id}/stage", tag = "applications", operation_id = "change_stage", security(("bearer" = [])),
    params(("id" = i64, Path, minimum = 1)), request_body = StageChangeInput,
    responses((status = 200, body = Application), (status = 403, description = "Only the company's recruiters and admins move applicants."),
        (status = 409, description = "The pipeline does not allow this move."), (status = 422, description = "A note longer than 2000 characters.")))]
pub async fn change_stage(
    State(state): State<AppState>,
    Context(ctx): Context,
    Id(id): Id,
    input: Json<StageChangeInput>,
) -> ApiResult<Response> {
    Ok(written(
        StatusCode::OK,
        state
            .service
            .change_stage(&ctx, ApplicationId(id), input.convert())
            .await?
            .map(Application::from),
    ))
}
