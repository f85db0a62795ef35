//! Invitations to join a company.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use hireboard_domain::company::{AcceptInput, InvitationInput};
use hireboard_domain::ids::InvitationId;
use hireboard_domain::page::PageParams;
use hireboard_service::{InvitationPage, IssuedInvitation, Membership};

use crate::error::{ApiResult, Problem};
use crate::extract::{Caller, Json, Query, SlugAndId};
use crate::AppState;

/// Invite an email address to join the company (its owners and admins).
///
/// The answer is the same whoever the address belongs to (nobody, a candidate, a member of a
/// company, the owner): it holds the invitation's token, shown only here, to hand to the
/// invitee. An `Idempotency-Key` is not honoured, since the answer would be stored with the
/// token in it: a retry makes another invitation.
#[utoipa::path(post, path = "/companies/{slug}/invitations", tag = "companies", security(("bearer" = [])), params(("slug" = String, Path)),
    request_body = InvitationInput,
    responses((status = 201, body = IssuedInvitation), (status = 400, description = "malformed JSON", body = Problem), (status = 401, body = Problem),
        (status = 403, description = "not an owner of this company", body = Problem), (status = 404, description = "no such company", body = Problem),
        (status = 413, description = "body too large", body = Problem), (status = 415, description = "body not JSON", body = Problem),
        (status = 422, description = "not an email address", body = Problem), (status = 429, description = "too many invitations from this account", body = Problem)))]
pub async fn invite(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(slug): Path<String>,
    Json(input): Json<InvitationInput>,
) -> ApiResult<(StatusCode, axum::Json<IssuedInvitation>)> {
    Ok((
        StatusCode::CREATED,
        axum::Json(state.service.invite(&actor, &slug, input).await?),
    ))
}

/// The company's pending invitations, newest first (its owners and admins); page with `cursor`.
#[utoipa::path(get, path = "/companies/{slug}/invitations", tag = "companies", security(("bearer" = [])), params(("slug" = String, Path), PageParams),
    responses((status = 200, body = InvitationPage), (status = 400, description = "unknown query parameter", body = Problem), (status = 401, body = Problem),
        (status = 403, description = "not an owner of this company", body = Problem), (status = 404, description = "no such company", body = Problem),
        (status = 422, description = "bad limit or cursor", body = Problem)))]
pub async fn pending(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(slug): Path<String>,
    Query(params): Query<PageParams>,
) -> ApiResult<axum::Json<InvitationPage>> {
    Ok(axum::Json(
        state.service.invitations(&actor, &slug, &params).await?,
    ))
}

/// Revoke a pending invitation (the company's owners and admins).
#[utoipa::path(delete, path = "/companies/{slug}/invitations/{id}", tag = "companies", security(("bearer" = [])),
    params(("slug" = String, Path), ("id" = i64, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 403, description = "not an owner of this company", body = Problem),
        (status = 404, description = "no such company, or no such invitation of it", body = Problem),
        (status = 409, description = "already accepted, revoked or expired (`invitation_not_pending`)", body = Problem)))]
pub async fn revoke(
    State(state): State<AppState>,
    Caller(actor): Caller,
    SlugAndId(slug, id): SlugAndId,
) -> ApiResult<StatusCode> {
    state
        .service
        .revoke_invitation(&actor, &slug, InvitationId(id))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Accept an invitation: a recruiter without a company, logged in to the invited address's
/// account, joins the company with the invitation's role.
///
/// A token that is unknown, expired, used, revoked or sent to another address gets the same
/// 404 whichever it is.
#[utoipa::path(post, path = "/invitations/accept", tag = "companies", security(("bearer" = [])), request_body = AcceptInput,
    responses((status = 200, body = Membership), (status = 400, description = "malformed JSON", body = Problem), (status = 401, body = Problem),
        (status = 403, description = "not a recruiter", body = Problem), (status = 404, description = "the token cannot be used by this account", body = Problem),
        (status = 409, description = "already a member of a company (`already_in_company`)", body = Problem),
        (status = 413, description = "body too large", body = Problem), (status = 415, description = "body not JSON", body = Problem),
        (status = 422, description = "the token is missing or not a string", body = Problem)))]
pub async fn accept(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Json(input): Json<AcceptInput>,
) -> ApiResult<axum::Json<Membership>> {
    Ok(axum::Json(
        state.service.accept_invitation(&actor, input).await?,
    ))
}
