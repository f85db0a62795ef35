//! Invitations to join a company.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use hireboard_domain::ids::InvitationId;

use crate::error::ApiResult;
use crate::extract::{Context, Json, Query, SlugAndId};
use crate::idempotency::written;
use crate::wire::invitations::{
    AcceptInput, Invitation, InvitationInput, IssuedInvitation, Membership,
};
use crate::wire::page::{Page, PageParams};
use crate::AppState;

/// Invite an email address to join the company (its owners and admins).
///
/// The answer is the same whoever the address belongs to (nobody, a candidate, a member of a
/// company, the owner): it holds the invitation's token, shown only here, to hand to the
/// invitee. An `Idempotency-Key` is not honoured, since the answer would be stored with the
/// token in it: a retry makes another invitation.
#[utoipa::path(post, path = "/companies/{slug}/invitations", tag = "companies", operation_id = "invite_member", security(("bearer" = [])), params(("slug" = String, Path)),
    request_body = InvitationInput,
    responses(
        (status = 201, body = IssuedInvitation, links(
            ("RevokeInvitation" = (operation_id = "revoke_invitation", parameters(("slug" = "$request.path.slug"), ("id" = "$response.body#/id")))))),
        (status = 403, description = "Only the company's owners and admins invite."),
        (status = 404, description = "No such company."),
        (status = 422, description = "An invalid email address, or an unknown role."),
        (status = 429, description = "Too many invitations from this account.")))]
pub async fn invite(
    State(state): State<AppState>,
    Context(ctx): Context,
    Path(slug): Path<String>,
    input: Json<InvitationInput>,
) -> ApiResult<(StatusCode, axum::Json<IssuedInvitation>)> {
    Ok((
        StatusCode::CREATED,
        axum::Json(
            state
                .service
                .invite(&ctx, &slug, input.convert())
                .await?
                .into(),
        ),
    ))
}

/// The company's pending invitations, newest first (its owners and admins).
#[utoipa::path(get, path = "/companies/{slug}/invitations", tag = "companies", operation_id = "list_invitations", security(("bearer" = [])),
    params(("slug" = String, Path), PageParams),
    responses((status = 200, body = Page<Invitation>), (status = 403, description = "Only the company's owners and admins see its invitations."),
        (status = 422, description = "`limit` out of range, or a cursor this server did not issue.")))]
pub async fn pending(
    State(state): State<AppState>,
    Context(ctx): Context,
    Path(slug): Path<String>,
    Query(params): Query<PageParams>,
) -> ApiResult<axum::Json<Page<Invitation>>> {
    Ok(axum::Json(
        state
            .service
            .invitations(&ctx, &slug, &params.into())
            .await?
            .into(),
    ))
}

/// Revoke a pending invitation (the company's owners and admins).
#[utoipa::path(delete, path = "/companies/{slug}/invitations/{id}", tag = "companies", operation_id = "revoke_invitation", security(("bearer" = [])),
    params(("slug" = String, Path), ("id" = i64, Path, minimum = 1)),
    responses((status = 204, description = "The invitation can no longer be accepted."),
        (status = 403, description = "Only the company's owners and admins revoke invitations."),
        (status = 404, description = "No such company, or no such invitation to it."),
        (status = 409, description = "The invitation was already accepted or revoked, or has expired (`invitation_not_pending`).")))]
pub async fn revoke(
    State(state): State<AppState>,
    Context(ctx): Context,
    SlugAndId(slug, id): SlugAndId,
) -> ApiResult<StatusCode> {
    state
        .service
        .revoke_invitation(&ctx, &slug, InvitationId(id))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Accept an invitation: a recruiter without a company, logged in to the invited address's
/// account, joins the company with the invitation's role.
///
/// A token that is unknown, expired, used, revoked or was sent to another address gets the
/// same 404, whichever it is.
#[utoipa::path(post, path = "/invitations/accept", tag = "companies", operation_id = "accept_invitation", security(("bearer" = [])), request_body = AcceptInput,
    responses(
        (status = 200, body = Membership, links(
            ("ListMembers" = (operation_id = "list_members", parameters(("slug" = "$response.body#/company/slug")))))),
        (status = 403, description = "Only recruiters join companies."),
        (status = 404, description = "The token cannot be used by this account."),
        (status = 409, description = "The account already belongs to a company (`already_in_company`).")))]
pub async fn accept(
    State(state): State<AppState>,
    Context(ctx): Context,
    input: Json<AcceptInput>,
) -> ApiResult<Response> {
    Ok(written(
        StatusCode::OK,
        state
            .service
            .accept_invitation(&ctx, input.convert())
            .await?
            .map(Membership::from),
    ))
}
