//! Domain events: typed, versioned facts about what changed, written to the outbox in the same
//! transaction as the change and read back by consumers as [`EventEnvelope`]s.
//!
//! Producers build an [`Event`] variant; consumers `match` on it. The wire format (see
//! docs/events.md and api/events.schema.json) is the envelope's JSON: `type` and `version` say
//! how to read `data`. Data only grows within a version (new optional fields); anything a
//! consumer of the old shape would misread is a new version.

mod account;
mod company;
mod envelope;
mod other;
mod posting;
mod schema;
#[cfg(test)]
mod tests;

pub use account::*;
pub use company::*;
pub use envelope::*;
pub use other::*;
pub use posting::*;
pub use schema::events_schema;

/// Declares the events once: each variant's type string, schema version and aggregate, and
/// the decoding of its data by type.
macro_rules! events {
    ($($(#[$doc:meta])* $variant:ident($data:ty) = $type:literal, $version:literal, $aggregate:literal;)+) => {
        /// Something that happened, with its data.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Event {
            $($(#[$doc])* $variant($data),)+
        }

        impl Event {
            /// Every event type this build knows, with its current version.
            pub const TYPES: &'static [(&'static str, u32)] = &[$(($type, $version)),+];

            /// e.g. `posting.published`.
            pub fn event_type(&self) -> &'static str {
                match self { $(Event::$variant(_) => $type),+ }
            }

            /// The schema version of this type's data that this build writes.
            pub fn version(&self) -> u32 {
                match self { $(Event::$variant(_) => $version),+ }
            }

            /// The kind of thing it happened to, e.g. `posting`.
            pub fn aggregate(&self) -> &'static str {
                match self { $(Event::$variant(_) => $aggregate),+ }
            }

            /// Which one: the job code for postings, the id otherwise.
            pub fn key(&self) -> String {
                match self { $(Event::$variant(data) => data.key()),+ }
            }

            /// The `data` of its envelope.
            pub fn data(&self) -> serde_json::Value {
                match self {
                    $(Event::$variant(data) => serde_json::to_value(data)
                        .expect("event data are plain structs of strings, numbers and dates")),+
                }
            }

            /// Reads `data` of a known type at a version this build reads.
            pub(crate) fn decode(
                event_type: &str,
                version: u32,
                data: serde_json::Value,
            ) -> Result<Event, DecodeError> {
                match event_type {
                    $($type => {
                        check_version(event_type, version, $version)?;
                        serde_json::from_value(data)
                            .map(Event::$variant)
                            .map_err(|e| DecodeError::Malformed(format!("{event_type} data: {e}")))
                    })+
                    other => Err(DecodeError::UnknownType(other.to_owned())),
                }
            }

            pub(crate) fn data_schemas(
                generator: &mut schemars::SchemaGenerator,
            ) -> Vec<(&'static str, u32, &'static str, schemars::Schema)> {
                vec![$(($type, $version, $aggregate, generator.subschema_for::<$data>())),+]
            }
        }
    };
}

events! {
    AccountRegistered(AccountRegistered) = "account.registered", 1, "account";
    /// An account's status changed (suspended or reinstated).
    AccountSuspended(AccountSuspended) = "account.suspended", 1, "account";
    AccountRoleChanged(AccountRoleChanged) = "account.role_changed", 1, "account";
    SessionRevoked(SessionRevoked) = "session.revoked", 1, "account";
    CompanyCreated(CompanyCreated) = "company.created", 1, "company";
    CompanyInvitationCreated(InvitationCreated) = "company.invitation_created", 1, "company";
    CompanyInvitationAccepted(InvitationAccepted) = "company.invitation_accepted", 1, "company";
    CompanyInvitationRevoked(InvitationRevoked) = "company.invitation_revoked", 1, "company";
    CompanyMemberRemoved(MemberRemoved) = "company.member_removed", 1, "company";
    PostingCreated(PostingCreated) = "posting.created", 1, "posting";
    PostingUpdated(PostingUpdated) = "posting.updated", 1, "posting";
    PostingPublished(PostingPublished) = "posting.published", 1, "posting";
    PostingClosed(PostingClosed) = "posting.closed", 1, "posting";
    PostingExpired(PostingExpired) = "posting.expired", 1, "posting";
    PostingReconfirmed(PostingReconfirmed) = "posting.reconfirmed", 1, "posting";
    PostingHidden(PostingHidden) = "posting.hidden", 1, "posting";
    PostingRestored(PostingRestored) = "posting.restored", 1, "posting";
    PostingRemoved(PostingRemoved) = "posting.removed", 1, "posting";
    ApplicationSubmitted(ApplicationSubmitted) = "application.submitted", 1, "application";
    ApplicationStageChanged(ApplicationStageChanged) = "application.stage_changed", 1, "application";
    ApplicationWithdrawn(ApplicationWithdrawn) = "application.withdrawn", 1, "application";
    ReportFiled(ReportFiled) = "report.filed", 1, "report";
    ReportResolved(ReportResolved) = "report.resolved", 1, "report";
    QuestionCreated(QuestionCreated) = "interview_question.created", 1, "interview_question";
    QuestionUpdated(QuestionUpdated) = "interview_question.updated", 1, "interview_question";
    QuestionDeleted(QuestionDeleted) = "interview_question.deleted", 1, "interview_question";
}

impl Event {
    /// The posting a posting event carries, as it was when the event committed.
    pub fn posting(&self) -> Option<&PostingSnapshot> {
        Some(match self {
            Event::PostingCreated(e) => &e.posting,
            Event::PostingUpdated(e) => &e.posting,
            Event::PostingPublished(e) => &e.posting,
            Event::PostingClosed(e) => &e.posting,
            Event::PostingExpired(e) => &e.posting,
            Event::PostingReconfirmed(e) => &e.posting,
            Event::PostingHidden(e) => &e.posting,
            Event::PostingRestored(e) => &e.posting,
            Event::PostingRemoved(e) => &e.posting,
            _ => return None,
        })
    }
}

/// What every event's data tells about whom it concerns.
trait Keyed {
    /// The aggregate's key; never empty.
    fn key(&self) -> String;
}

fn check_version(event_type: &str, version: u32, known: u32) -> Result<(), DecodeError> {
    match version {
        0 => Err(DecodeError::Legacy(event_type.to_owned())),
        v if v > known => Err(DecodeError::FutureVersion {
            event_type: event_type.to_owned(),
            version,
            known,
        }),
        _ => Ok(()),
    }
}
