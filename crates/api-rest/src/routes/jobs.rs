//! Postings: list, read, draft, edit, publish, close, reconfirm; their interview questions.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use crate::error::ApiResult;
use crate::extract::{Code, Context, Json, Query};
use crate::idempotency::written;
use crate::wire::page::{Page, PageParams};
use crate::wire::postings::{ListingParams, Posting, PostingInput, PostingPatch, ReconfirmInput};
use crate::wire::questions::InterviewQuestion;
use crate::wire::search::JobsPage;
use crate::AppState;

/// Published postings: searched for words with `q` (ranked, highlighted), or listed newest
/// first; filtered, with every facet's counts; page with `cursor`.
#[utoipa::path(get, path = "/jobs", tag = "jobs", operation_id = "list_postings", params(ListingParams),
    responses((status = 200, body = JobsPage),
        (status = 400, description = "`q` cannot be read (a quote left open, or over 500 characters): the problem names the character where."),
        (status = 422, description = "A filter out of range or not a value of its facet, an unknown `sort`, a currency without `salary_min` (or the reverse), or a cursor of another search.")))]
pub async fn list(
    State(state): State<AppState>,
    Query(params): Query<ListingParams>,
) -> ApiResult<axum::Json<JobsPage>> {
    let listing = state.service.list_postings(&params.into()).await?;
    Ok(axum::Json(listing.into()))
}

/// Draft a posting for the recruiter's company.
#[utoipa::path(post, path = "/jobs", tag = "jobs", operation_id = "create_posting", security(("bearer" = [])), request_body = PostingInput,
    responses(
        (status = 201, body = Posting, links(
            ("GetPosting" = (operation_id = "get_posting", parameters(("code" = "$response.body#/job_code")))),
            ("UpdatePosting" = (operation_id = "update_posting", parameters(("code" = "$response.body#/job_code")))),
            ("PublishPosting" = (operation_id = "publish_posting", parameters(("code" = "$response.body#/job_code")))),
            ("ClosePosting" = (operation_id = "close_posting", parameters(("code" = "$response.body#/job_code")))),
            ("Apply" = (operation_id = "apply", parameters(("code" = "$response.body#/job_code")))),
            ("Report" = (operation_id = "report", parameters(("code" = "$response.body#/job_code"))))
        )),
        (status = 403, description = "Only recruiters post jobs."),
        (status = 409, description = "The recruiter belongs to no company."),
        (status = 422, description = "Invalid content.")))]
pub async fn create(
    State(state): State<AppState>,
    Context(ctx): Context,
    input: Json<PostingInput>,
) -> ApiResult<Response> {
    Ok(written(
        StatusCode::CREATED,
        state
            .service
            .create_posting(&ctx, input.convert())
            .await?
            .map(Posting::from),
    ))
}

/// A posting by its public job code.
///
/// Send the `ETag` of an earlier answer as `If-None-Match` to get 304 without a body while
/// the posting is unchanged.
#[utoipa::path(get, path = "/jobs/{code}", tag = "jobs", operation_id = "get_posting", security((), ("bearer" = [])),
    params(("code" = i64, Path, minimum = 1000000, maximum = 9999999, description = "public job code"),
        ("If-None-Match" = Option<String>, Header, description = "ETags from earlier answers")),
    responses(
        (status = 200, body = Posting, headers(("ETag" = String, description = "changes whenever the posting does"))),
        (status = 304, description = "unchanged since the ETag sent in If-None-Match; no body", headers(("ETag" = String)))))]
pub async fn show(
    State(state): State<AppState>,
    Context(ctx): Context,
    Code(code): Code,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let posting = state.service.posting(&ctx, code).await?;
    state.renditions.posting(&headers, &posting)
}

/// Edit a draft, published or expired posting; absent fields stay as they are.
#[utoipa::path(patch, path = "/jobs/{code}", tag = "jobs", operation_id = "update_posting", security(("bearer" = [])), params(("code" = i64, Path, minimum = 1000000, maximum = 9999999)), request_body = PostingPatch,
    responses((status = 200, body = Posting), (status = 403, description = "Only the company's recruiters and admins edit it."),
        (status = 409, description = "A closed, hidden or removed posting cannot be edited."), (status = 422, description = "Invalid content.")))]
pub async fn update(
    State(state): State<AppState>,
    Context(ctx): Context,
    Code(code): Code,
    patch: Json<PostingPatch>,
) -> ApiResult<axum::Json<Posting>> {
    Ok(axum::Json(
        state
            .service
            .update_posting(&ctx, code, patch.convert())
            .await?
            .into(),
    ))
}

/// Publish a draft.
#[utoipa::path(post, path = "/jobs/{code}/publish", tag = "jobs", operation_id = "publish_posting", security(("bearer" = [])), params(("code" = i64, Path, minimum = 1000000, maximum = 9999999)),
    responses((status = 200, body = Posting, links(
            ("GetPosting" = (operation_id = "get_posting", parameters(("code" = "$response.body#/job_code")))),
            ("UpdatePosting" = (operation_id = "update_posting", parameters(("code" = "$response.body#/job_code")))),
            ("PublishPosting" = (operation_id = "publish_posting", parameters(("code" = "$response.body#/job_code")))),
            ("ClosePosting" = (operation_id = "close_posting", parameters(("code" = "$response.body#/job_code")))),
            ("Apply" = (operation_id = "apply", parameters(("code" = "$response.body#/job_code")))),
            ("Report" = (operation_id = "report", parameters(("code" = "$response.body#/job_code"))))
        )), (status = 403, description = "Only the company's recruiters and admins publish it."),
        (status = 409, description = "Only a draft can be published."), (status = 422, description = "Its `valid_through` has passed.")))]
pub async fn publish(
    State(state): State<AppState>,
    Context(ctx): Context,
    Code(code): Code,
) -> ApiResult<Response> {
    Ok(written(
        StatusCode::OK,
        state
            .service
            .publish_posting(&ctx, code)
            .await?
            .map(Posting::from),
    ))
}

/// Close a posting: it stops being listed and takes no more applications.
#[utoipa::path(post, path = "/jobs/{code}/close", tag = "jobs", operation_id = "close_posting", security(("bearer" = [])), params(("code" = i64, Path, minimum = 1000000, maximum = 9999999)),
    responses((status = 200, body = Posting), (status = 403, description = "Only the company's recruiters and admins close it."),
        (status = 409, description = "Only a published or expired posting can be closed.")))]
pub async fn close(
    State(state): State<AppState>,
    Context(ctx): Context,
    Code(code): Code,
) -> ApiResult<Response> {
    Ok(written(
        StatusCode::OK,
        state
            .service
            .close_posting(&ctx, code)
            .await?
            .map(Posting::from),
    ))
}

/// Confirm a published or expired posting is still open and extend its listing.
#[utoipa::path(post, path = "/jobs/{code}/reconfirm", tag = "jobs", operation_id = "reconfirm_posting", security(("bearer" = [])), params(("code" = i64, Path, minimum = 1000000, maximum = 9999999)), request_body = ReconfirmInput,
    responses((status = 200, body = Posting), (status = 403, description = "Only the company's recruiters and admins reconfirm it."),
        (status = 409, description = "Only a published or expired posting can be reconfirmed."), (status = 422, description = "`days` out of range.")))]
pub async fn reconfirm(
    State(state): State<AppState>,
    Context(ctx): Context,
    Code(code): Code,
    input: Json<ReconfirmInput>,
) -> ApiResult<Response> {
    Ok(written(
        StatusCode::OK,
        state
            .service
            .reconfirm_posting(&ctx, code, input.convert())
            .await?
            .map(Posting::from),
    ))
}

/// "Interview Questions for you": questions that fit the posting's skills and area.
#[utoipa::path(get, path = "/jobs/{code}/interview-questions", tag = "interview-questions", operation_id = "posting_interview_questions", security((), ("bearer" = [])),
    params(("code" = i64, Path, minimum = 1000000, maximum = 9999999), PageParams),
    responses((status = 200, body = Page<InterviewQuestion>), (status = 422, description = "`limit` out of range, or a cursor this server did not issue.")))]
pub async fn interview_questions(
    State(state): State<AppState>,
    Context(ctx): Context,
    Code(code): Code,
    Query(params): Query<PageParams>,
) -> ApiResult<axum::Json<Page<InterviewQuestion>>> {
    Ok(axum::Json(
        state
            .service
            .questions_for_posting(&ctx, code, &params.into())
            .await?
            .into(),
    ))
}
