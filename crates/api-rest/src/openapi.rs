//! The OpenAPI 3.1 description, generated from the handlers' annotations and the types'
//! schemas, then completed here with what every operation shares ([`responses`]) and the
//! text rules written out as patterns ([`patterns`]).

mod patterns;
mod responses;

use axum::Router;
use serde_json::Value;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::Problem;
use crate::routes::{
    accounts, applications, companies, invitations, jobs, moderation, questions, search,
};
use crate::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "hireboard API",
        version = "1.0.0",
        description = "Job postings with public job codes, search filters, applications with server-enforced screening questions, reports and moderation, and interview questions.\n\nErrors are RFC 9457 problem documents with a stable `code`. Any POST but logging in and inviting (whose answers hold a secret token) accepts an `Idempotency-Key` header: the first response is stored for 24 hours and replayed to retries.",
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

fn api_router() -> OpenApiRouter<AppState> {
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
        .routes(routes!(search::suggest))
        .routes(routes!(jobs::show, jobs::update))
        .routes(routes!(jobs::publish))
        .routes(routes!(jobs::close))
        .routes(routes!(jobs::reconfirm))
        .routes(routes!(jobs::interview_questions))
        .routes(routes!(applications::apply, applications::applicants))
        .routes(routes!(applications::pipeline))
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

/// The API's routes and the OpenAPI document the server serves at `/api/v1/openapi.json`.
pub fn api() -> (Router<AppState>, Value) {
    let (router, description) = api_router().split_for_parts();
    (router, complete(description))
}

/// Adds what the annotations leave to this module. It works on the JSON form, which is also
/// what is served: the rules are about JSON Schema keywords (`anyOf` beside `properties`,
/// `uniqueItems` on an inline list) that utoipa's typed model cannot hold.
fn complete(description: utoipa::openapi::OpenApi) -> Value {
    let mut doc = serde_json::to_value(description).expect("the description serializes");
    patterns::expand(&mut doc);
    refine_schemas(&mut doc["components"]["schemas"]);
    if let Some(paths) = doc["paths"].as_object_mut() {
        for (path, item) in paths.iter_mut() {
            for (method, operation) in item.as_object_mut().into_iter().flatten() {
                if let Some(operation) = operation.as_object_mut() {
                    responses::complete(path, method, operation);
                    camel_case_links(operation);
                }
            }
        }
    }
    doc
}

/// utoipa 5 writes a link's fields as in Rust (`operation_id`); OpenAPI spells them in camel
/// case, and tools ignore the others.
fn camel_case_links(operation: &mut serde_json::Map<String, Value>) {
    let responses = operation
        .get_mut("responses")
        .and_then(Value::as_object_mut);
    for response in responses.into_iter().flat_map(|r| r.values_mut()) {
        let links = response.get_mut("links").and_then(Value::as_object_mut);
        for link in links.into_iter().flat_map(|l| l.values_mut()) {
            let Some(link) = link.as_object_mut() else {
                continue;
            };
            for (from, to) in [
                ("operation_id", "operationId"),
                ("operation_ref", "operationRef"),
                ("request_body", "requestBody"),
            ] {
                if let Some(value) = link.remove(from) {
                    link.insert(to.to_owned(), value);
                }
            }
        }
    }
}

/// Rules the derives cannot state.
fn refine_schemas(schemas: &mut Value) {
    // Staff roles are granted by an admin, never chosen at registration.
    schemas["RegistrationInput"]["properties"]["role"] = serde_json::json!({
        "type": "string",
        "enum": ["candidate", "recruiter"],
        "description": "Staff roles are granted by an admin."
    });
    // A question needs something to be matched to postings by.
    schemas["InterviewQuestionInput"]["anyOf"] = serde_json::json!([
        { "required": ["skills"], "properties": { "skills": { "minItems": 1 } } },
        { "required": ["functional_area"], "properties": { "functional_area": { "type": "string", "pattern": patterns::NOT_BLANK } } }
    ]);
    for kind in schemas["AnswerKind"]["oneOf"]
        .as_array_mut()
        .into_iter()
        .flatten()
    {
        // `deny_unknown_fields` on an internally tagged enum: utoipa leaves it out.
        kind["additionalProperties"] = Value::Bool(false);
        // Options are compared after trimming; JSON Schema can at least refuse exact repeats.
        if let Some(options) = kind["properties"].get_mut("options") {
            options["uniqueItems"] = Value::Bool(true);
        }
    }
}
