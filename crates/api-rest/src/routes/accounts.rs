//! Registration, sessions and account administration.

use axum::extract::State;
use axum::http::StatusCode;
use hireboard_domain::account::{Account, AccountStatus, RegistrationInput};
use hireboard_domain::application::Application;
use hireboard_domain::ids::AccountId;
use hireboard_domain::report::ModerationInput;
use hireboard_service::{LoginInput, RoleInput, Session};

use crate::error::{ApiResult, Problem};
use crate::extract::{Caller, ClientIp, Id, Json};
use crate::AppState;

/// Register as a candidate or recruiter.
#[utoipa::path(post, path = "/accounts", tag = "accounts", request_body = RegistrationInput,
    responses((status = 201, body = Account), (status = 409, description = "email taken", body = Problem), (status = 422, body = Problem), (status = 429, description = "too many registrations from this client", body = Problem)))]
pub async fn register(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Json(input): Json<RegistrationInput>,
) -> ApiResult<(StatusCode, axum::Json<Account>)> {
    Ok((
        StatusCode::CREATED,
        axum::Json(state.service.sign_up(input, ip).await?),
    ))
}

/// Log in; returns a bearer token.
#[utoipa::path(post, path = "/sessions", tag = "accounts", request_body = LoginInput,
    responses((status = 201, body = Session), (status = 401, body = Problem), (status = 429, description = "too many attempts from this client or for this account", body = Problem)))]
pub async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Json(input): Json<LoginInput>,
) -> ApiResult<(StatusCode, axum::Json<Session>)> {
    Ok((
        StatusCode::CREATED,
        axum::Json(state.service.login(input, ip).await?),
    ))
}

/// Log out: revokes the token used.
#[utoipa::path(delete, path = "/sessions/current", tag = "accounts", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = Problem)))]
pub async fn logout(State(state): State<AppState>, Caller(actor): Caller) -> ApiResult<StatusCode> {
    state.service.logout(&actor).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The logged-in account.
#[utoipa::path(get, path = "/me", tag = "accounts", security(("bearer" = [])),
    responses((status = 200, body = Account), (status = 401, body = Problem)))]
pub async fn me(
    State(state): State<AppState>,
    Caller(actor): Caller,
) -> ApiResult<axum::Json<Account>> {
    Ok(axum::Json(state.service.me(&actor)?))
}

/// The candidate's applications with their status and history.
#[utoipa::path(get, path = "/me/applications", tag = "applications", security(("bearer" = [])),
    responses((status = 200, body = Vec<Application>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn my_applications(
    State(state): State<AppState>,
    Caller(actor): Caller,
) -> ApiResult<axum::Json<Vec<Application>>> {
    Ok(axum::Json(state.service.my_applications(&actor).await?))
}

/// Admin: set an account's role.
#[utoipa::path(post, path = "/admin/accounts/{id}/role", tag = "accounts", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = RoleInput, responses((status = 200, body = Account), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn grant_role(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Id(id): Id,
    Json(input): Json<RoleInput>,
) -> ApiResult<axum::Json<Account>> {
    Ok(axum::Json(
        state
            .service
            .grant_role(&actor, AccountId(id), input)
            .await?,
    ))
}

/// Admin: suspend an account, revoking its sessions.
#[utoipa::path(post, path = "/admin/accounts/{id}/suspend", tag = "accounts", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = ModerationInput, responses((status = 200, body = Account), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn suspend(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Id(id): Id,
    Json(input): Json<ModerationInput>,
) -> ApiResult<axum::Json<Account>> {
    let reason = input
        .parse_reason()
        .map_err(hireboard_service::ServiceError::from)?;
    Ok(axum::Json(
        state
            .service
            .set_account_status(
                &actor,
                AccountId(id),
                AccountStatus::Suspended,
                Some(reason),
            )
            .await?,
    ))
}

/// Admin: reinstate a suspended account.
#[utoipa::path(post, path = "/admin/accounts/{id}/reinstate", tag = "accounts", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = Account), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn reinstate(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Id(id): Id,
) -> ApiResult<axum::Json<Account>> {
    Ok(axum::Json(
        state
            .service
            .set_account_status(&actor, AccountId(id), AccountStatus::Active, None)
            .await?,
    ))
}
