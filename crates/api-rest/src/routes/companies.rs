//! Companies and their members.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use hireboard_domain::company::{Company, CompanyInput};
use hireboard_domain::ids::AccountId;
use hireboard_domain::page::PageParams;
use hireboard_service::MemberPage;

use crate::error::{ApiResult, Problem};
use crate::extract::{Caller, Json, Query, SlugAndId};
use crate::AppState;

/// Create a company; the recruiter creating it becomes its owner.
#[utoipa::path(post, path = "/companies", tag = "companies", security(("bearer" = [])), request_body = CompanyInput,
    responses((status = 201, body = Company), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn create(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Json(input): Json<CompanyInput>,
) -> ApiResult<(StatusCode, axum::Json<Company>)> {
    Ok((
        StatusCode::CREATED,
        axum::Json(state.service.create_company(&actor, input).await?),
    ))
}

/// A company's public page data.
#[utoipa::path(get, path = "/companies/{slug}", tag = "companies", params(("slug" = String, Path)),
    responses((status = 200, body = Company), (status = 404, body = Problem)))]
pub async fn show(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> ApiResult<axum::Json<Company>> {
    Ok(axum::Json(state.service.company(&slug).await?))
}

/// The company's members with their roles (its members and admins); page with `cursor`.
#[utoipa::path(get, path = "/companies/{slug}/recruiters", tag = "companies", security(("bearer" = [])), params(("slug" = String, Path), PageParams),
    responses((status = 200, body = MemberPage), (status = 400, description = "unknown query parameter", body = Problem), (status = 401, body = Problem),
        (status = 403, description = "not a member of this company", body = Problem), (status = 404, description = "no such company", body = Problem),
        (status = 422, description = "bad limit or cursor", body = Problem)))]
pub async fn members(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(slug): Path<String>,
    Query(params): Query<PageParams>,
) -> ApiResult<axum::Json<MemberPage>> {
    Ok(axum::Json(
        state.service.members(&actor, &slug, &params).await?,
    ))
}

/// Remove a member (the company's owners and admins), or leave (the member themself). The
/// company keeps its last owner; the member's postings stay with the company.
#[utoipa::path(delete, path = "/companies/{slug}/recruiters/{account_id}", tag = "companies", security(("bearer" = [])),
    params(("slug" = String, Path), ("account_id" = i64, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 403, description = "neither an owner of this company nor the member", body = Problem),
        (status = 404, description = "no such company, or the account is not its member", body = Problem),
        (status = 409, description = "the member is the company's last owner (`last_owner`)", body = Problem)))]
pub async fn remove_member(
    State(state): State<AppState>,
    Caller(actor): Caller,
    SlugAndId(slug, account): SlugAndId,
) -> ApiResult<StatusCode> {
    state
        .service
        .remove_member(&actor, &slug, AccountId(account))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
