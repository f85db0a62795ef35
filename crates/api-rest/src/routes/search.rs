//! Search helpers beside the listing: completions as the user types.

use axum::extract::State;

use crate::error::ApiResult;
use crate::extract::Query;
use crate::wire::search::{SuggestParams, Suggestions};
use crate::AppState;

/// Completions of what a user is typing: skills, job titles and company names of listed
/// postings, most used first, with one typo forgiven once four letters are typed.
#[utoipa::path(get, path = "/search/suggest", tag = "jobs", operation_id = "suggest", params(SuggestParams),
    responses((status = 200, body = Suggestions), (status = 422, description = "`q` empty or over 100 characters, or `limit` out of range.")))]
pub async fn suggest(
    State(state): State<AppState>,
    Query(params): Query<SuggestParams>,
) -> ApiResult<axum::Json<Suggestions>> {
    let found = state
        .service
        .suggest(&params.q, params.limit.as_deref())
        .await?;
    Ok(axum::Json(found.into()))
}
