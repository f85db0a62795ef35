//! Companies.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use hireboard_domain::company::{Company, CompanyInput};
use hireboard_service::RecruiterInput;

use crate::error::ApiResult;
use crate::extract::{Caller, Json};
use crate::AppState;

/// Create a company; the recruiter creating it becomes its owner.
#[utoipa::path(post, path = "/companies", tag = "companies", operation_id = "create_company", security(("bearer" = [])), request_body = CompanyInput,
    responses(
        (status = 201, body = Company, links(
            ("GetCompany" = (operation_id = "get_company", parameters(("slug" = "$response.body#/slug")))),
            ("AddRecruiter" = (operation_id = "add_recruiter", parameters(("slug" = "$response.body#/slug")))))),
        (status = 403, description = "Only recruiters create companies."),
        (status = 409, description = "The recruiter already belongs to a company, or the name is taken."),
        (status = 422, description = "An invalid name, description, website or headquarters.")))]
pub async fn create(
    State(state): State<AppState>,
    Caller(actor): Caller,
    input: Json<CompanyInput>,
) -> ApiResult<(StatusCode, axum::Json<Company>)> {
    Ok((
        StatusCode::CREATED,
        axum::Json(state.service.create_company(&actor, input).await?),
    ))
}

/// A company's public page data.
#[utoipa::path(get, path = "/companies/{slug}", tag = "companies", operation_id = "get_company", params(("slug" = String, Path)),
    responses((status = 200, body = Company)))]
pub async fn show(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> ApiResult<axum::Json<Company>> {
    Ok(axum::Json(state.service.company(&slug).await?))
}

/// The owner adds a recruiter (by account email) to the company.
#[utoipa::path(post, path = "/companies/{slug}/recruiters", tag = "companies", operation_id = "add_recruiter", security(("bearer" = [])), params(("slug" = String, Path)),
    request_body = RecruiterInput,
    responses((status = 204, description = "The recruiter joined the company."), (status = 403, description = "Only the company's owner and admins add recruiters."),
        (status = 409, description = "The account is not a recruiter, or already belongs to a company."), (status = 422, description = "An invalid email.")))]
pub async fn add_recruiter(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(slug): Path<String>,
    input: Json<RecruiterInput>,
) -> ApiResult<StatusCode> {
    state.service.add_recruiter(&actor, &slug, input).await?;
    Ok(StatusCode::NO_CONTENT)
}
