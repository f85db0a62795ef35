//! Companies.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use hireboard_domain::company::{Company, CompanyInput};
use hireboard_service::RecruiterInput;

use crate::error::{ApiResult, Problem};
use crate::extract::{Caller, Json};
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

/// The owner adds a recruiter (by account email) to the company.
#[utoipa::path(post, path = "/companies/{slug}/recruiters", tag = "companies", security(("bearer" = [])), params(("slug" = String, Path)),
    request_body = RecruiterInput, responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn add_recruiter(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(slug): Path<String>,
    Json(input): Json<RecruiterInput>,
) -> ApiResult<StatusCode> {
    state.service.add_recruiter(&actor, &slug, input).await?;
    Ok(StatusCode::NO_CONTENT)
}
