//! Each action as the HTTP request that performs it in the prepared world.

use reqwest::Method;
use serde_json::{json, Value};

use super::world::World;
use crate::authorization::actions::{Action, Colleague, Invitation, Posting, Stage};
use crate::helpers::posting;

/// A request: the route as the OpenAPI document names it, the path with its parameters
/// filled in, and the body, if the operation takes one.
pub struct Call {
    pub method: Method,
    pub route: &'static str,
    pub path: String,
    pub body: Option<Value>,
}

fn call(
    method: Method,
    route: &'static str,
    parameters: &[(&str, &dyn std::fmt::Display)],
) -> Call {
    let mut path = route.to_owned();
    for (name, value) in parameters {
        path = path.replace(&format!("{{{name}}}"), &value.to_string());
    }
    assert!(!path.contains('{'), "{route}: a parameter is left");
    Call {
        method,
        route,
        path,
        body: None,
    }
}

impl Call {
    fn query(self, query: &str) -> Call {
        Call {
            path: format!("{}?{query}", self.path),
            ..self
        }
    }

    fn body(self, body: Value) -> Call {
        Call {
            body: Some(body),
            ..self
        }
    }
}

fn question() -> Value {
    json!({"question": "What is a race condition and how do you find one?", "skills": ["go"]})
}

fn reason() -> Value {
    json!({"reason": "reviewed by staff"})
}

impl World {
    fn code(&self, posting: Posting) -> i64 {
        match posting {
            Posting::Published => self.published,
            Posting::Draft => self.draft,
            Posting::Reported => self.reported,
            Posting::Closing => self.closing,
        }
    }

    pub fn call(&self, action: Action) -> Call {
        use Method as M;
        let slug = &self.slug;
        let application = &self.application;
        let target = &self.target;
        let question_id = &self.question;
        match action {
            Action::Register => call(M::POST, "/api/v1/accounts", &[]).body(json!({
                "email": "matrix-newcomer@example.com",
                "password": "correct horse battery staple",
                "display_name": "Newcomer",
                "role": "candidate",
            })),
            Action::LogIn => call(M::POST, "/api/v1/sessions", &[]).body(json!({
                "email": self.candidate.email,
                "password": "correct horse battery staple",
            })),
            Action::LogOut => call(M::DELETE, "/api/v1/sessions/current", &[]),
            Action::ReadOwnAccount => call(M::GET, "/api/v1/me", &[]),
            Action::GrantModeratorRole => call(
                M::POST,
                "/api/v1/admin/accounts/{id}/role",
                &[("id", target)],
            )
            .body(json!({"role": "moderator"})),
            Action::SuspendAccount => call(
                M::POST,
                "/api/v1/admin/accounts/{id}/suspend",
                &[("id", target)],
            )
            .body(json!({"reason": "testing suspension"})),
            Action::ReinstateAccount => call(
                M::POST,
                "/api/v1/admin/accounts/{id}/reinstate",
                &[("id", target)],
            ),
            Action::CreateCompany => {
                call(M::POST, "/api/v1/companies", &[]).body(json!({"name": "Yet Another Co"}))
            }
            Action::ReadCompany => call(M::GET, "/api/v1/companies/{slug}", &[("slug", slug)]),
            Action::ListMembers => call(
                M::GET,
                "/api/v1/companies/{slug}/recruiters",
                &[("slug", slug)],
            ),
            Action::RemoveMember(colleague) => {
                let account_id = match colleague {
                    Colleague::Newcomer => self.newcomer.id,
                    Colleague::Owner => self.owner.id,
                };
                call(
                    M::DELETE,
                    "/api/v1/companies/{slug}/recruiters/{account_id}",
                    &[("slug", slug), ("account_id", &account_id)],
                )
            }
            Action::Invite => call(
                M::POST,
                "/api/v1/companies/{slug}/invitations",
                &[("slug", slug)],
            )
            .body(json!({"email": "someone@example.com"})),
            Action::ListInvitations => call(
                M::GET,
                "/api/v1/companies/{slug}/invitations",
                &[("slug", slug)],
            ),
            Action::RevokeInvitation(invitation) => {
                let id = match invitation {
                    Invitation::First => self.revocable[0],
                    Invitation::Second => self.revocable[1],
                };
                call(
                    M::DELETE,
                    "/api/v1/companies/{slug}/invitations/{id}",
                    &[("slug", slug), ("id", &id)],
                )
            }
            Action::AcceptInvitation => call(M::POST, "/api/v1/invitations/accept", &[])
                .body(json!({"token": self.outsider_invitation})),
            Action::ListPostings => call(M::GET, "/api/v1/jobs", &[]),
            Action::SuggestSearch => call(M::GET, "/api/v1/search/suggest", &[]).query("q=ru"),
            Action::ReadPosting(p) => {
                call(M::GET, "/api/v1/jobs/{code}", &[("code", &self.code(p))])
            }
            Action::DraftPosting => {
                call(M::POST, "/api/v1/jobs", &[]).body(posting(json!({"screening_questions": []})))
            }
            Action::EditPosting(p) => {
                call(M::PATCH, "/api/v1/jobs/{code}", &[("code", &self.code(p))])
                    .body(json!({"title": "Renamed by someone"}))
            }
            Action::PublishPosting(p) => call(
                M::POST,
                "/api/v1/jobs/{code}/publish",
                &[("code", &self.code(p))],
            ),
            Action::ClosePosting(p) => call(
                M::POST,
                "/api/v1/jobs/{code}/close",
                &[("code", &self.code(p))],
            ),
            Action::ReconfirmPosting(p) => call(
                M::POST,
                "/api/v1/jobs/{code}/reconfirm",
                &[("code", &self.code(p))],
            )
            .body(json!({})),
            Action::QuestionsForPosting { posting, limit } => {
                let code = self.code(posting);
                let call = call(
                    M::GET,
                    "/api/v1/jobs/{code}/interview-questions",
                    &[("code", &code)],
                );
                match limit {
                    Some(limit) => call.query(&format!("limit={limit}")),
                    None => call,
                }
            }
            Action::Apply(p) => call(
                M::POST,
                "/api/v1/jobs/{code}/applications",
                &[("code", &self.code(p))],
            )
            .body(json!({})),
            Action::ListOwnApplications => call(M::GET, "/api/v1/me/applications", &[]),
            Action::ListApplicants(p) => call(
                M::GET,
                "/api/v1/jobs/{code}/applications",
                &[("code", &self.code(p))],
            ),
            Action::ReadPipeline(p) => call(
                M::GET,
                "/api/v1/jobs/{code}/pipeline",
                &[("code", &self.code(p))],
            ),
            Action::ReadApplication => {
                call(M::GET, "/api/v1/applications/{id}", &[("id", application)])
            }
            Action::MoveApplication(stage) => {
                let stage = match stage {
                    Stage::Viewed => "viewed",
                    Stage::Shortlisted => "shortlisted",
                };
                call(
                    M::POST,
                    "/api/v1/applications/{id}/stage",
                    &[("id", application)],
                )
                .body(json!({"stage": stage}))
            }
            Action::WithdrawApplication => call(
                M::POST,
                "/api/v1/applications/{id}/withdraw",
                &[("id", application)],
            ),
            Action::ReportPosting(p) => call(
                M::POST,
                "/api/v1/jobs/{code}/reports",
                &[("code", &self.code(p))],
            )
            .body(json!({"reason": "misleading"})),
            Action::ListReports => call(M::GET, "/api/v1/moderation/reports", &[]),
            Action::HidePosting(p) => call(
                M::POST,
                "/api/v1/moderation/jobs/{code}/hide",
                &[("code", &self.code(p))],
            )
            .body(reason()),
            Action::RestorePosting(p) => call(
                M::POST,
                "/api/v1/moderation/jobs/{code}/restore",
                &[("code", &self.code(p))],
            )
            .body(reason()),
            Action::RemovePosting(p) => call(
                M::POST,
                "/api/v1/moderation/jobs/{code}/remove",
                &[("code", &self.code(p))],
            )
            .body(reason()),
            Action::DismissReport => call(
                M::POST,
                "/api/v1/moderation/reports/{id}/dismiss",
                &[("id", &1)],
            )
            .body(reason()),
            Action::ListQuestions => call(M::GET, "/api/v1/interview-questions", &[]),
            Action::WriteQuestion => {
                call(M::POST, "/api/v1/interview-questions", &[]).body(question())
            }
            Action::EditQuestion => call(
                M::PUT,
                "/api/v1/interview-questions/{id}",
                &[("id", question_id)],
            )
            .body(question()),
            Action::DeleteQuestion => call(
                M::DELETE,
                "/api/v1/interview-questions/{id}",
                &[("id", question_id)],
            ),
        }
    }
}
