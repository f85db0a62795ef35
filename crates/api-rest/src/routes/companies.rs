//! Companies and their members.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use hireboard_domain::ids::AccountId;

use crate::error::ApiResult;
use crate::extract::{Context, Json, Query, SlugAndId};
use crate::idempotency::written;
use crate::wire::companies::{Company, CompanyInput, Member};
use crate::wire::page::{Page, PageParams};
use crate::AppState;

/// Create a company; the recruiter creating it becomes its owner.
#[utoipa::path(post, path = "/companies", tag = "companies", operation_id = "create_company", security(("bearer" = [])), request_body = CompanyInput,
    responses(
        (status = 201, body = Company, links(
            ("GetCompany" = (operation_id = "get_company", parameters(("slug" = "$response.body#/slug")))),
            ("InviteMember" = (operation_id = "invite_member", parameters(("slug" = "$response.body#/slug")))))),
        (status = 403, description = "Only recruiters create companies."),
        (status = 409, description = "The recruiter already belongs to a company, or the name is taken."),
        (status = 422, description = "An invalid name, description, website or headquarters.")))]
pub async fn create(
    State(state): State<AppState>,
    Context(ctx): Context,
    input: Json<CompanyInput>,
) -> ApiResult<Response> {
    Ok(written(
        StatusCode::CREATED,
        state
            .service
            .create_company(&ctx, input.convert())
            .await?
            .map(Company::from),
    ))
}

/// A company's public page data.
#[utoipa::path(get, path = "/companies/{slug}", tag = "companies", operation_id = "get_company", params(("slug" = String, Path)),
    responses((status = 200, body = Company)))]
pub async fn show(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> ApiResult<axum::Json<Company>> {
    Ok(axum::Json(state.service.company(&slug).await?.into()))
}

/// The company's members with their roles, in the order they registered (its members and
/// admins).
#[utoipa::path(get, path = "/companies/{slug}/recruiters", tag = "companies", operation_id = "list_members", security(("bearer" = [])),
    params(("slug" = String, Path), PageParams),
    responses((status = 200, body = Page<Member>), (status = 403, description = "Only the company's members and admins see its members."),
        (status = 422, description = "`limit` out of range, or a cursor this server did not issue.")))]
pub async fn members(
    State(state): State<AppState>,
    Context(ctx): Context,
    Path(slug): Path<String>,
    Query(params): Query<PageParams>,
) -> ApiResult<axum::Json<Page<Member>>> {
    Ok(axum::Json(
        state
            .service
            .members(&ctx, &slug, &params.into())
            .await?
            .into(),
    ))
}

/// Remove a member (the company's owners and admins), or leave the company (the member
/// themself). The company keeps its last owner; the member's postings stay with it, and
/// their pending invitations to it are revoked.
#[utoipa::path(delete, path = "/companies/{slug}/recruiters/{account_id}", tag = "companies", operation_id = "remove_member", security(("bearer" = [])),
    params(("slug" = String, Path), ("account_id" = i64, Path, minimum = 1)),
    responses((status = 204, description = "The account is no longer a member."),
        (status = 403, description = "Only the company's owners and admins remove others; a member may remove themself."),
        (status = 404, description = "No such company, or the account is not its member."),
        (status = 409, description = "The member is the company's last owner (`last_owner`).")))]
pub async fn remove_member(
    State(state): State<AppState>,
    Context(ctx): Context,
    SlugAndId(slug, account): SlugAndId,
) -> ApiResult<StatusCode> {
    state
        .service
        .remove_member(&ctx, &slug, AccountId(account))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
