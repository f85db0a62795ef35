//! The answers every operation can give besides its own: written once here instead of in
//! each annotation, and derived from what the operation takes.
//!
//! - any request: 401 for a bad, expired or revoked token (`extract::authentication`), 408
//!   past the request time-out, 500, 503 while the database does not answer;
//! - a JSON body (`extract::Json`): 400 malformed, 413 too large, 415 not JSON, 422 a value
//!   of the wrong type;
//! - any POST but logging in and inviting (`idempotency`): an `Idempotency-Key` header, 409
//!   when the key is in use or was used for another request, 413 (the body is buffered), 422
//!   a bad key;
//! - path parameters (`extract::Code`, `extract::Id`, `extract::SlugAndId`): 404 for a code
//!   or id that is not one;
//! - query parameters (`extract::Query`): 400 for an unknown or malformed parameter.
//!
//! Every error is a problem document (`application/problem+json`, [`crate::error::Problem`]).

use serde_json::{json, Map, Value};

const PROBLEM: &str = "#/components/schemas/Problem";

/// Completes `operation` (a `method` on `path`), given as JSON.
pub fn complete(path: &str, method: &str, operation: &mut Map<String, Value>) {
    let has_body = operation.contains_key("requestBody");
    let parameters_in = |place: &str| {
        operation
            .get("parameters")
            .and_then(Value::as_array)
            .is_some_and(|ps| ps.iter().any(|p| p["in"] == place))
    };
    let (in_path, in_query) = (parameters_in("path"), parameters_in("query"));
    let needs_login = operation
        .get("security")
        .and_then(Value::as_array)
        .is_some_and(|reqs| {
            !reqs
                .iter()
                .any(|r| r.as_object().is_some_and(Map::is_empty))
        });
    let idempotent_post = method == "post" && !crate::idempotency::holds_a_secret(path);

    let mut common: Vec<(u16, &str)> = vec![
        (
            401,
            if needs_login {
                "Not logged in, or the bearer token is invalid, expired or revoked."
            } else {
                "The bearer token sent is invalid, expired or revoked (none is needed)."
            },
        ),
        (408, "The request took longer than 30 seconds."),
        (500, "An unexpected error; it has been logged."),
        (
            503,
            "The database does not answer; retry after `Retry-After` seconds.",
        ),
    ];
    if has_body {
        common.extend([
            (400, "The body is not well-formed JSON (or not UTF-8)."),
            (413, "The body is larger than 1 MiB."),
            (415, "The body is not sent as `application/json`."),
            (
                422,
                "A field is missing, unknown or of the wrong type or value.",
            ),
        ]);
    }
    if idempotent_post {
        add_idempotency_key(operation);
        common.extend([
            (
                409,
                "The `Idempotency-Key` is still in use by another request, or was used for a different one.",
            ),
            (413, "The body is larger than 1 MiB."),
            (422, "The `Idempotency-Key` is not 1 to 255 visible ASCII characters."),
        ]);
    }
    if in_path {
        common.push((404, "No such resource (or not visible to the caller)."));
    }
    if in_query {
        common.push((400, "An unknown or malformed query parameter."));
    }

    let responses = operation
        .entry("responses")
        .or_insert_with(|| json!({}))
        .as_object_mut()
        .expect("responses is an object");
    for (status, description) in common {
        let entry = responses
            .entry(status.to_string())
            .or_insert_with(|| json!({ "description": "" }));
        let text = entry["description"].as_str().unwrap_or_default();
        if !text.contains(description) {
            let joined = if text.is_empty() {
                description.to_owned()
            } else {
                format!("{} Or: {description}", sentence(text))
            };
            entry["description"] = Value::String(joined);
        }
    }
    for (status, response) in responses.iter_mut() {
        if status.starts_with('4') || status.starts_with('5') {
            as_problem(status, response);
        }
    }
}

/// Errors are problem documents; 408 comes from the time-out layer without a body.
fn as_problem(status: &str, response: &mut Value) {
    if status == "408" {
        return;
    }
    response["content"] = json!({
        "application/problem+json": { "schema": { "$ref": PROBLEM } }
    });
    let header = match status {
        "429" | "503" => Some((
            "Retry-After",
            "Seconds to wait before retrying.",
            json!({ "type": "integer", "minimum": 0 }),
        )),
        "401" => Some((
            "WWW-Authenticate",
            "The scheme to authenticate with: `Bearer`.",
            json!({ "type": "string" }),
        )),
        "413" => Some((
            "Connection",
            "`close`: the rest of the body is not read, so the connection ends.",
            json!({ "type": "string" }),
        )),
        _ => None,
    };
    if let Some((name, description, schema)) = header {
        response["headers"] = json!({
            name: { "description": description, "required": true, "schema": schema }
        });
    }
}

fn add_idempotency_key(operation: &mut Map<String, Value>) {
    let parameters = operation
        .entry("parameters")
        .or_insert_with(|| json!([]))
        .as_array_mut()
        .expect("parameters is an array");
    parameters.push(json!({
        "name": "Idempotency-Key",
        "in": "header",
        "required": false,
        "description": "Makes retries safe: the first response to this key is stored for 24 hours and replayed to a retry of the same request.",
        "schema": { "type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$" }
    }));
}

/// `text` ending with a full stop, capitalized.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let first = chars.next().map(|c| c.to_uppercase().collect::<String>());
    let mut out = first.unwrap_or_default() + chars.as_str();
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}
