//! Registration, sessions and account administration.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use hireboard_domain::ids::AccountId;

use crate::error::ApiResult;
use crate::extract::{Context, Id, Json, Query};
use crate::idempotency::written;
use crate::wire::accounts::{Account, LoginInput, RegistrationInput, RoleInput, Session};
use crate::wire::applications::{Application, ApplicationListParams};
use crate::wire::moderation::ModerationInput;
use crate::wire::page::Page;
use crate::AppState;

/// Register as a candidate or recruiter.
#[utoipa::path(post, path = "/accounts", tag = "accounts", operation_id = "register", request_body = RegistrationInput,
    responses(
        (status = 201, body = Account, links(("LogIn" = (operation_id = "login",
            request_body = json!({"email": "$request.body#/email", "password": "$request.body#/password"}))))),
        (status = 409, description = "The email is taken."),
        (status = 422, description = "An invalid email, display name or role, or a weak password."),
        (status = 429, description = "Too many registrations from this client.")))]
pub async fn register(
    State(state): State<AppState>,
    Context(ctx): Context,
    input: Json<RegistrationInput>,
) -> ApiResult<Response> {
    Ok(written(
        StatusCode::CREATED,
        state
            .service
            .sign_up(&ctx, input.convert())
            .await?
            .map(Account::from),
    ))
}

/// Log in; returns a bearer token.
#[utoipa::path(post, path = "/sessions", tag = "accounts", operation_id = "login", request_body = LoginInput,
    responses(
        (status = 201, body = Session),
        (status = 401, description = "Wrong email or password, or a suspended account."),
        (status = 422, description = "A password longer than 1024 characters."),
        (status = 429, description = "Too many attempts from this client or for this account.")))]
pub async fn login(
    State(state): State<AppState>,
    Context(ctx): Context,
    input: Json<LoginInput>,
) -> ApiResult<(StatusCode, axum::Json<Session>)> {
    Ok((
        StatusCode::CREATED,
        axum::Json(state.service.login(&ctx, input.convert()).await?.into()),
    ))
}

/// Log out: revokes the token used.
#[utoipa::path(delete, path = "/sessions/current", tag = "accounts", operation_id = "logout", security(("bearer" = [])),
    responses((status = 204, description = "The token is revoked.")))]
pub async fn logout(State(state): State<AppState>, Context(ctx): Context) -> ApiResult<StatusCode> {
    state.service.logout(&ctx).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The logged-in account.
#[utoipa::path(get, path = "/me", tag = "accounts", operation_id = "me", security(("bearer" = [])),
    responses((status = 200, body = Account)))]
pub async fn me(
    State(state): State<AppState>,
    Context(ctx): Context,
) -> ApiResult<axum::Json<Account>> {
    Ok(axum::Json(state.service.me(&ctx)?.into()))
}

/// The candidate's applications with their status and history.
#[utoipa::path(get, path = "/me/applications", tag = "applications", operation_id = "my_applications", security(("bearer" = [])),
    params(ApplicationListParams),
    responses((status = 200, body = Page<Application>), (status = 403, description = "Only candidates have applications."),
        (status = 422, description = "`limit` out of range, or a cursor this server did not issue.")))]
pub async fn my_applications(
    State(state): State<AppState>,
    Context(ctx): Context,
    Query(params): Query<ApplicationListParams>,
) -> ApiResult<axum::Json<Page<Application>>> {
    Ok(axum::Json(
        state
            .service
            .my_applications(&ctx, &params.into())
            .await?
            .into(),
    ))
}

/// Admin: set an account's role.
#[utoipa::path(post, path = "/admin/accounts/{id}/role", tag = "accounts", operation_id = "grant_role", security(("bearer" = [])),
    params(("id" = i64, Path, minimum = 1)), request_body = RoleInput,
    responses((status = 200, body = Account), (status = 403, description = "Only admins grant roles, and not to themselves."),
        (status = 409, description = "The account belongs to a company: it keeps the recruiter role until it leaves.")))]
pub async fn grant_role(
    State(state): State<AppState>,
    Context(ctx): Context,
    Id(id): Id,
    input: Json<RoleInput>,
) -> ApiResult<Response> {
    Ok(written(
        StatusCode::OK,
        state
            .service
            .grant_role(&ctx, AccountId(id), input.convert())
            .await?
            .map(Account::from),
    ))
}

/// Admin: suspend an account, revoking its sessions.
#[utoipa::path(post, path = "/admin/accounts/{id}/suspend", tag = "accounts", operation_id = "suspend", security(("bearer" = [])),
    params(("id" = i64, Path, minimum = 1)), request_body = ModerationInput,
    responses((status = 200, body = Account), (status = 403, description = "Only admins suspend accounts, and not themselves."), (status = 422, description = "A reason shorter than 3 characters.")))]
pub async fn suspend(
    State(state): State<AppState>,
    Context(ctx): Context,
    Id(id): Id,
    input: Json<ModerationInput>,
) -> ApiResult<Response> {
    Ok(written(
        StatusCode::OK,
        state
            .service
            .suspend_account(&ctx, AccountId(id), input.convert())
            .await?
            .map(Account::from),
    ))
}

/// Admin: reinstate a suspended account.
#[utoipa::path(post, path = "/admin/accounts/{id}/reinstate", tag = "accounts", operation_id = "reinstate", security(("bearer" = [])),
    params(("id" = i64, Path, minimum = 1)),
    responses((status = 200, body = Account), (status = 403, description = "Only admins reinstate accounts.")))]
pub async fn reinstate(
    State(state): State<AppState>,
    Context(ctx): Context,
    Id(id): Id,
) -> ApiResult<Response> {
    Ok(written(
        StatusCode::OK,
        state
            .service
            .reinstate_account(&ctx, AccountId(id))
            .await?
            .map(Account::from),
    ))
}
