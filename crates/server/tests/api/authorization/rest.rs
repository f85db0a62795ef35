//! The table over REST: each action is an HTTP request ([`calls`]) in a world made over HTTP
//! ([`world`]), and each answer's problem document names the error code.

mod calls;
mod world;

use std::collections::{BTreeMap, BTreeSet};

use hireboard_service::ErrorCode;
use reqwest::StatusCode;
use serde_json::{json, Value};

use super::actions::{Action, Caller};
use super::harness::{Adapter, Answer, BadInput};
use crate::helpers::TestApp;
use world::World;

/// A body sent as it is.
pub struct RawBody {
    content_type: &'static str,
    bytes: Vec<u8>,
}

pub struct Rest<'a> {
    app: &'a TestApp,
    world: World,
    /// The success statuses the served document gives each operation.
    successes: BTreeMap<String, BTreeSet<u16>>,
}

impl Rest<'_> {
    pub async fn prepare(app: &TestApp) -> Rest<'_> {
        let document = app
            .get("/api/v1/openapi.json", None)
            .await
            .expect(StatusCode::OK);
        let mut successes = BTreeMap::new();
        for (route, item) in document["paths"].as_object().unwrap() {
            for (method, operation) in item.as_object().unwrap() {
                let statuses = operation["responses"].as_object().unwrap().keys();
                let documented = statuses
                    .filter_map(|status| status.parse().ok())
                    .filter(|status| (200..300).contains(status))
                    .collect();
                successes.insert(format!("{} {route}", method.to_uppercase()), documented);
            }
        }
        Rest {
            app,
            world: World::make(app).await,
            successes,
        }
    }
}

impl Adapter for Rest<'_> {
    type Input = RawBody;

    async fn served_operations(&self) -> BTreeSet<String> {
        self.successes.keys().cloned().collect()
    }

    fn operation(&self, action: Action) -> String {
        let call = self.world.call(action);
        format!("{} {}", call.method, call.route)
    }

    fn bad_inputs(&self, action: Action) -> Vec<BadInput<RawBody>> {
        self.world
            .call(action)
            .body
            .iter()
            .flat_map(bad_bodies)
            .collect()
    }

    async fn perform(&self, caller: Caller, action: Action, spoiled: Option<&RawBody>) -> Answer {
        let call = self.world.call(action);
        let token = self.world.token(caller);
        let (method, path) = (call.method.clone(), &call.path);
        let reply = match spoiled {
            None => self.app.call(method.clone(), path, token, call.body).await,
            Some(raw) => {
                let (content_type, bytes) = (Some(raw.content_type), raw.bytes.clone());
                self.app
                    .send_raw(method.clone(), path, token, content_type, bytes)
                    .await
            }
        };
        let said = format!("{method} {path} answered {}: {}", reply.status, reply.body);
        let status = reply.status.as_u16();
        let outcome = if reply.status.is_success() {
            let documented = &self.successes[&format!("{method} {}", call.route)];
            assert!(documented.contains(&status), "undocumented success: {said}");
            Ok(())
        } else {
            let code: ErrorCode = serde_json::from_value(reply.body["code"].clone())
                .unwrap_or_else(|_| panic!("no error code from the table: {said}"));
            assert_eq!(status, code.http_status(), "{said}");
            Err(code)
        };
        Answer { outcome, said }
    }
}

/// Ways to spoil `valid`, the body an action sends.
fn bad_bodies(valid: &Value) -> Vec<BadInput<RawBody>> {
    let mut unknown_field = valid.clone();
    unknown_field["surprise"] = json!(true);
    let json = "application/json";
    let spoil = |what, deserved, content_type, bytes| BadInput {
        what,
        deserved,
        input: RawBody {
            content_type,
            bytes,
        },
    };
    vec![
        spoil(
            "malformed JSON",
            ErrorCode::MalformedRequest,
            json,
            b"{\"unterminated".to_vec(),
        ),
        spoil(
            "a wrong content type",
            ErrorCode::UnsupportedMediaType,
            "text/plain",
            serde_json::to_vec(valid).unwrap(),
        ),
        spoil(
            "a string instead of an object",
            ErrorCode::ValidationFailed,
            json,
            b"\"just a string\"".to_vec(),
        ),
        spoil(
            "an unknown field",
            ErrorCode::ValidationFailed,
            json,
            serde_json::to_vec(&unknown_field).unwrap(),
        ),
    ]
}
