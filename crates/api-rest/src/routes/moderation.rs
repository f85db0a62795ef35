//! "Did you find something suspicious?": reports and moderation.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use hireboard_domain::ids::ReportId;
use hireboard_service::Decision;

use crate::error::ApiResult;
use crate::extract::{Code, Context, Id, Json, Query};
use crate::idempotency::written;
use crate::wire::moderation::{ModerationInput, QueueEntry, QueueParams, Report, ReportInput};
use crate::wire::page::Page;
use crate::wire::postings::Posting;
use crate::AppState;

/// Report a posting (once per account).
#[utoipa::path(post, path = "/jobs/{code}/reports", tag = "moderation", operation_id = "report", security(("bearer" = [])), params(("code" = i64, Path, minimum = 1000000, maximum = 9999999)),
    request_body = ReportInput,
    responses(
        (status = 201, body = Report, links(("DismissReport" = (operation_id = "dismiss_report", parameters(("id" = "$response.body#/id")))))),
        (status = 409, description = "Already reported, or the posting is not listed."),
        (status = 422, description = "Details longer than 2000 characters."),
        (status = 429, description = "Too many reports from this account.")))]
pub async fn report(
    State(state): State<AppState>,
    Context(ctx): Context,
    Code(code): Code,
    input: Json<ReportInput>,
) -> ApiResult<Response> {
    Ok(written(
        StatusCode::CREATED,
        state
            .service
            .report_posting(&ctx, code, input.convert())
            .await?
            .map(Report::from),
    ))
}

/// The report queue: postings with reports (open ones unless `status` says otherwise), most
/// reported first, then the longest waiting.
#[utoipa::path(get, path = "/moderation/reports", tag = "moderation", operation_id = "moderation_queue", security(("bearer" = [])),
    params(QueueParams),
    responses((status = 200, body = Page<QueueEntry>), (status = 403, description = "Only moderators and admins see the queue."),
        (status = 422, description = "`limit` out of range, or a cursor this server did not issue.")))]
pub async fn queue(
    State(state): State<AppState>,
    Context(ctx): Context,
    Query(params): Query<QueueParams>,
) -> ApiResult<axum::Json<Page<QueueEntry>>> {
    Ok(axum::Json(
        state
            .service
            .moderation_queue(&ctx, &params.into())
            .await?
            .into(),
    ))
}

/// Dismiss one report.
#[utoipa::path(post, path = "/moderation/reports/{id}/dismiss", tag = "moderation", operation_id = "dismiss_report", security(("bearer" = [])), params(("id" = i64, Path, minimum = 1)),
    request_body = ModerationInput,
    responses((status = 200, body = Report), (status = 403, description = "Only moderators and admins resolve reports."),
        (status = 409, description = "The report is already resolved."), (status = 422, description = "A reason shorter than 3 characters.")))]
pub async fn dismiss(
    State(state): State<AppState>,
    Context(ctx): Context,
    Id(id): Id,
    input: Json<ModerationInput>,
) -> ApiResult<Response> {
    Ok(written(
        StatusCode::OK,
        state
            .service
            .dismiss_report(&ctx, ReportId(id), input.convert())
            .await?
            .map(Report::from),
    ))
}

async fn decide(
    state: AppState,
    ctx: Context,
    code: Code,
    decision: Decision,
    input: Json<ModerationInput>,
) -> ApiResult<Response> {
    Ok(written(
        StatusCode::OK,
        state
            .service
            .moderate(&ctx.0, code.0, decision, input.convert())
            .await?
            .map(Posting::from),
    ))
}

/// Hide a published posting pending review.
#[utoipa::path(post, path = "/moderation/jobs/{code}/hide", tag = "moderation", operation_id = "hide_posting", security(("bearer" = [])), params(("code" = i64, Path, minimum = 1000000, maximum = 9999999)),
    request_body = ModerationInput, responses((status = 200, body = Posting), (status = 403, description = "Only moderators and admins hide postings."),
        (status = 409, description = "Only a published posting can be hidden."), (status = 422, description = "A reason shorter than 3 characters.")))]
pub async fn hide(
    State(state): State<AppState>,
    ctx: Context,
    code: Code,
    input: Json<ModerationInput>,
) -> ApiResult<Response> {
    decide(state, ctx, code, Decision::Hide, input).await
}

/// Restore a hidden posting; its open reports are dismissed.
#[utoipa::path(post, path = "/moderation/jobs/{code}/restore", tag = "moderation", operation_id = "restore_posting", security(("bearer" = [])), params(("code" = i64, Path, minimum = 1000000, maximum = 9999999)),
    request_body = ModerationInput, responses((status = 200, body = Posting), (status = 403, description = "Only moderators and admins restore postings."),
        (status = 409, description = "Only a hidden posting can be restored."), (status = 422, description = "A reason shorter than 3 characters.")))]
pub async fn restore(
    State(state): State<AppState>,
    ctx: Context,
    code: Code,
    input: Json<ModerationInput>,
) -> ApiResult<Response> {
    decide(state, ctx, code, Decision::Restore, input).await
}

/// Remove a posting for good, with a reason its poster sees.
#[utoipa::path(post, path = "/moderation/jobs/{code}/remove", tag = "moderation", operation_id = "remove_posting", security(("bearer" = [])), params(("code" = i64, Path, minimum = 1000000, maximum = 9999999)),
    request_body = ModerationInput, responses((status = 200, body = Posting), (status = 403, description = "Only moderators and admins remove postings."),
        (status = 409, description = "Only a published or hidden posting can be removed."), (status = 422, description = "A reason shorter than 3 characters.")))]
pub async fn remove(
    State(state): State<AppState>,
    ctx: Context,
    code: Code,
    input: Json<ModerationInput>,
) -> ApiResult<Response> {
    decide(state, ctx, code, Decision::Remove, input).await
}
