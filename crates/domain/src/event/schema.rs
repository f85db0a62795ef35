//! The JSON Schema of the envelope (committed as api/events.schema.json), and the schemas of
//! the domain's ids and value sets that event data use.

use std::borrow::Cow;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};

use super::Event;
use crate::account::{AccountStatus, Role};
use crate::application::Stage;
use crate::company::MemberRole;
use crate::ids::*;
use crate::posting::{Education, EmploymentType, PostingStatus, SalaryPeriod, WorkplaceType};
use crate::report::{ReportReason, ReportStatus};

macro_rules! integer_ids {
    ($($id:ty),+) => {$(
        impl JsonSchema for $id {
            fn schema_name() -> Cow<'static, str> {
                stringify!($id).into()
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({ "type": "integer", "minimum": 1 })
            }
        }
    )+};
}

integer_ids!(
    AccountId,
    CompanyId,
    ApplicationId,
    ReportId,
    QuestionId,
    InvitationId
);

impl JsonSchema for JobCode {
    fn schema_name() -> Cow<'static, str> {
        "JobCode".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "integer", "minimum": 1_000_000, "maximum": 9_999_999 })
    }
}

macro_rules! value_sets {
    ($($set:ty => $values:expr),+ $(,)?) => {$(
        impl JsonSchema for $set {
            fn schema_name() -> Cow<'static, str> {
                stringify!($set).into()
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                let values: Vec<&str> = $values;
                json_schema!({ "type": "string", "enum": values })
            }
        }
    )+};
}

fn all<T: Copy>(values: &[T], name: fn(T) -> &'static str) -> Vec<&'static str> {
    values.iter().map(|v| name(*v)).collect()
}

value_sets!(
    Role => vec!["candidate", "recruiter", "moderator", "admin"],
    AccountStatus => vec!["active", "suspended"],
    MemberRole => all(MemberRole::ALL, MemberRole::as_str),
    PostingStatus => all(PostingStatus::ALL, PostingStatus::as_str),
    WorkplaceType => all(WorkplaceType::ALL, WorkplaceType::as_str),
    EmploymentType => all(EmploymentType::ALL, EmploymentType::as_str),
    Education => all(Education::ALL, Education::as_str),
    SalaryPeriod => all(SalaryPeriod::ALL, SalaryPeriod::as_str),
    Stage => all(Stage::ALL, Stage::as_str),
    ReportReason => all(ReportReason::ALL, ReportReason::as_str),
    ReportStatus => all(ReportStatus::ALL, ReportStatus::as_str),
);

/// The schema of an event envelope of any type this build writes, as JSON.
pub fn events_schema() -> serde_json::Value {
    let mut generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    let variants: Vec<serde_json::Value> = Event::data_schemas(&mut generator)
        .into_iter()
        .map(|(event_type, version, aggregate, data)| {
            serde_json::json!({
                "type": "object",
                "title": event_type,
                "required": ["id", "type", "version", "occurred_at", "aggregate", "key", "sequence", "data"],
                "properties": {
                    "id": { "type": "string", "format": "uuid" },
                    "type": { "const": event_type },
                    "version": { "const": version },
                    "occurred_at": { "type": "string", "format": "date-time" },
                    "aggregate": { "const": aggregate },
                    "key": { "type": "string", "minLength": 1 },
                    "sequence": { "type": "integer", "minimum": 1 },
                    "data": data,
                },
            })
        })
        .collect();
    let definitions: serde_json::Map<String, serde_json::Value> =
        generator.take_definitions(true).into_iter().collect();
    serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "hireboard event envelope",
        "description": "One outbox event as consumers and brokers receive it; see docs/events.md.",
        "oneOf": variants,
        "$defs": definitions,
    })
}
