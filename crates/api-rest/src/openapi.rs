//! The OpenAPI 3.1 description, generated from the handlers' annotations.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::Problem;
use crate::routes::{accounts, applications, companies, invitations, jobs, moderation, questions};
use crate::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "hireboard API",
        version = "1.0.0",
        description = "Job postings with public job codes, search filters, applications with server-enforced screening questions, reports and moderation, and interview questions.\n\nErrors are RFC 9457 problem documents with a stable `code`. Any POST accepts an `Idempotency-Key` header: the first response is stored for 24 hours and replayed to retries.",
        license(name = "MIT OR Apache-2.0")
    ),
    modifiers(&BearerAuth),
    components(schemas(Problem)),
    tags(
        (name = "accounts", description = "Registration, sessions, administration"),
        (name = "companies", description = "Companies, their members and invitations to join them"),
        (name = "jobs", description = "Postings: listing, reading, drafting, publishing"),
        (name = "applications", description = "Applying and the hiring pipeline"),
        (name = "moderation", description = "Reports and moderators' decisions"),
        (name = "interview-questions", description = "The interview question bank")
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

pub fn api_router() -> OpenApiRouter<AppState> {
    let v1 = OpenApiRouter::new()
        .routes(routes!(accounts::register))
        .routes(routes!(accounts::login))
        .routes(routes!(accounts::logout))
        .routes(routes!(accounts::me))
        .routes(routes!(accounts::my_applications))
        .routes(routes!(accounts::grant_role))
        .routes(routes!(accounts::suspend))
        .routes(routes!(accounts::reinstate))
        .routes(routes!(companies::create))
        .routes(routes!(companies::show))
        .routes(routes!(companies::members))
        .routes(routes!(companies::remove_member))
        .routes(routes!(invitations::invite, invitations::pending))
        .routes(routes!(invitations::revoke))
        .routes(routes!(invitations::accept))
        .routes(routes!(jobs::list, jobs::create))
        .routes(routes!(jobs::show, jobs::update))
        .routes(routes!(jobs::publish))
        .routes(routes!(jobs::close))
        .routes(routes!(jobs::reconfirm))
        .routes(routes!(jobs::interview_questions))
        .routes(routes!(applications::apply, applications::applicants))
        .routes(routes!(applications::show))
        .routes(routes!(applications::withdraw))
        .routes(routes!(applications::change_stage))
        .routes(routes!(moderation::report))
        .routes(routes!(moderation::queue))
        .routes(routes!(moderation::dismiss))
        .routes(routes!(moderation::hide))
        .routes(routes!(moderation::restore))
        .routes(routes!(moderation::remove))
        .routes(routes!(questions::list, questions::create))
        .routes(routes!(questions::update, questions::delete));
    OpenApiRouter::with_openapi(ApiDoc::openapi()).nest("/api/v1", v1)
}

/// The OpenAPI document the server serves at `/api/v1/openapi.json`.
pub fn api_description() -> utoipa::openapi::OpenApi {
    api_router().split_for_parts().1
}
