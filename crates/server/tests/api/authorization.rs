//! Every endpoint tried as anonymous, candidate, another candidate, the company's recruiter,
//! another company's recruiter, a moderator and an admin.

use hireboard_domain::account::Role;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{posting, TestApp, User};

const OK: u16 = 200;
const CREATED: u16 = 201;
const NO_CONTENT: u16 = 204;
const UNAUTHENTICATED: u16 = 401;
const FORBIDDEN: u16 = 403;
const NOT_FOUND: u16 = 404;
const CONFLICT: u16 = 409;

struct Cast {
    candidate: User,
    other_candidate: User,
    recruiter: User,
    other_recruiter: User,
    moderator: User,
    admin: User,
}

impl Cast {
    fn token(&self, who: &str) -> Option<&str> {
        let user = match who {
            "anonymous" => return None,
            "candidate" => &self.candidate,
            "other_candidate" => &self.other_candidate,
            "recruiter" => &self.recruiter,
            "other_recruiter" => &self.other_recruiter,
            "moderator" => &self.moderator,
            "admin" => &self.admin,
            other => panic!("unknown actor {other}"),
        };
        Some(&user.token)
    }
}

/// Sends one request per actor, in the order given, and checks each status.
async fn expect(
    app: &TestApp,
    cast: &Cast,
    method: Method,
    path: &str,
    body: Option<Value>,
    expected: &[(&str, u16)],
) {
    for (who, status) in expected {
        let reply = app
            .call(method.clone(), path, cast.token(who), body.clone())
            .await;
        assert_eq!(
            reply.status.as_u16(),
            *status,
            "{method} {path} as {who}: {}",
            reply.body
        );
    }
}

pub async fn every_endpoint_enforces_who_may_do_what() {
    let app = TestApp::spawn().await;
    let (recruiter, slug) = app.recruiter_with_company("Matrix Co").await;
    let (other_recruiter, _) = app.recruiter_with_company("Other Matrix Co").await;
    let cast = Cast {
        candidate: app.user("candidate").await,
        other_candidate: app.user("candidate").await,
        recruiter,
        other_recruiter,
        moderator: app.staff(Role::Moderator).await,
        admin: app.staff(Role::Admin).await,
    };
    let open = posting(json!({"screening_questions": []}));
    let published = app.published(&cast.recruiter, open.clone()).await;
    let draft = app.draft(&cast.recruiter, open.clone()).await;
    let reported = app.published(&cast.recruiter, open.clone()).await;
    let application = app
        .post(
            &format!("/api/v1/jobs/{published}/applications"),
            Some(&cast.candidate.token),
            json!({}),
        )
        .await
        .expect(StatusCode::CREATED);
    let application = application["id"].as_i64().unwrap();

    use Method as M;
    let everyone_ok = [
        ("anonymous", OK),
        ("candidate", OK),
        ("other_candidate", OK),
        ("recruiter", OK),
        ("other_recruiter", OK),
        ("moderator", OK),
        ("admin", OK),
    ];
    expect(&app, &cast, M::GET, "/api/v1/jobs", None, &everyone_ok).await;
    expect(
        &app,
        &cast,
        M::GET,
        &format!("/api/v1/jobs/{published}"),
        None,
        &everyone_ok,
    )
    .await;
    expect(
        &app,
        &cast,
        M::GET,
        &format!("/api/v1/jobs/{published}/interview-questions"),
        None,
        &everyone_ok,
    )
    .await;
    expect(
        &app,
        &cast,
        M::GET,
        "/api/v1/interview-questions",
        None,
        &everyone_ok,
    )
    .await;
    expect(
        &app,
        &cast,
        M::GET,
        &format!("/api/v1/companies/{slug}"),
        None,
        &everyone_ok,
    )
    .await;

    // Drafts: only the company's recruiters and staff see them.
    expect(
        &app,
        &cast,
        M::GET,
        &format!("/api/v1/jobs/{draft}"),
        None,
        &[
            ("anonymous", NOT_FOUND),
            ("candidate", NOT_FOUND),
            ("other_recruiter", NOT_FOUND),
            ("recruiter", OK),
            ("moderator", OK),
            ("admin", OK),
        ],
    )
    .await;

    // Writing postings: the company's recruiters, and admins.
    expect(
        &app,
        &cast,
        M::POST,
        "/api/v1/jobs",
        Some(open.clone()),
        &[
            ("anonymous", UNAUTHENTICATED),
            ("candidate", FORBIDDEN),
            ("moderator", FORBIDDEN),
            ("admin", FORBIDDEN),
            ("recruiter", CREATED),
            ("other_recruiter", CREATED),
        ],
    )
    .await;
    let patch = Some(json!({"title": "Renamed by someone"}));
    expect(
        &app,
        &cast,
        M::PATCH,
        &format!("/api/v1/jobs/{draft}"),
        patch.clone(),
        &[
            ("anonymous", UNAUTHENTICATED),
            ("candidate", NOT_FOUND),
            ("other_recruiter", NOT_FOUND),
            ("moderator", FORBIDDEN),
            ("recruiter", OK),
            ("admin", OK),
        ],
    )
    .await;
    expect(
        &app,
        &cast,
        M::PATCH,
        &format!("/api/v1/jobs/{published}"),
        patch,
        &[
            ("anonymous", UNAUTHENTICATED),
            ("candidate", FORBIDDEN),
            ("other_recruiter", FORBIDDEN),
            ("moderator", FORBIDDEN),
            ("recruiter", OK),
            ("admin", OK),
        ],
    )
    .await;
    expect(
        &app,
        &cast,
        M::POST,
        &format!("/api/v1/jobs/{published}/reconfirm"),
        Some(json!({})),
        &[
            ("anonymous", UNAUTHENTICATED),
            ("candidate", FORBIDDEN),
            ("other_recruiter", FORBIDDEN),
            ("moderator", FORBIDDEN),
            ("recruiter", OK),
            ("admin", OK),
        ],
    )
    .await;
    expect(
        &app,
        &cast,
        M::POST,
        &format!("/api/v1/jobs/{draft}/publish"),
        Some(json!({})),
        &[
            ("anonymous", UNAUTHENTICATED),
            ("candidate", NOT_FOUND),
            ("other_recruiter", NOT_FOUND),
            ("moderator", FORBIDDEN),
            ("admin", OK),
            ("recruiter", CONFLICT),
        ],
    )
    .await;

    // Applications.
    expect(
        &app,
        &cast,
        M::POST,
        &format!("/api/v1/jobs/{published}/applications"),
        Some(json!({})),
        &[
            ("anonymous", UNAUTHENTICATED),
            ("recruiter", FORBIDDEN),
            ("other_recruiter", FORBIDDEN),
            ("moderator", FORBIDDEN),
            ("admin", FORBIDDEN),
            ("other_candidate", CREATED),
            ("candidate", CONFLICT),
        ],
    )
    .await;
    expect(
        &app,
        &cast,
        M::GET,
        "/api/v1/me/applications",
        None,
        &[
            ("anonymous", UNAUTHENTICATED),
            ("recruiter", FORBIDDEN),
            ("moderator", FORBIDDEN),
            ("admin", FORBIDDEN),
            ("candidate", OK),
            ("other_candidate", OK),
        ],
    )
    .await;
    expect(
        &app,
        &cast,
        M::GET,
        &format!("/api/v1/jobs/{published}/applications"),
        None,
        &[
            ("anonymous", UNAUTHENTICATED),
            ("candidate", FORBIDDEN),
            ("other_recruiter", FORBIDDEN),
            ("moderator", FORBIDDEN),
            ("recruiter", OK),
            ("admin", OK),
        ],
    )
    .await;
    expect(
        &app,
        &cast,
        M::GET,
        &format!("/api/v1/applications/{application}"),
        None,
        &[
            ("anonymous", UNAUTHENTICATED),
            ("other_candidate", NOT_FOUND),
            ("other_recruiter", NOT_FOUND),
            ("moderator", NOT_FOUND),
            ("candidate", OK),
            ("recruiter", OK),
            ("admin", OK),
        ],
    )
    .await;
    expect(
        &app,
        &cast,
        M::POST,
        &format!("/api/v1/applications/{application}/stage"),
        Some(json!({"stage": "viewed"})),
        &[
            ("anonymous", UNAUTHENTICATED),
            ("candidate", FORBIDDEN),
            ("other_candidate", NOT_FOUND),
            ("other_recruiter", NOT_FOUND),
            ("moderator", NOT_FOUND),
            ("recruiter", OK),
        ],
    )
    .await;
    expect(
        &app,
        &cast,
        M::POST,
        &format!("/api/v1/applications/{application}/stage"),
        Some(json!({"stage": "shortlisted"})),
        &[("admin", OK)],
    )
    .await;
    expect(
        &app,
        &cast,
        M::POST,
        &format!("/api/v1/applications/{application}/withdraw"),
        Some(json!({})),
        &[
            ("anonymous", UNAUTHENTICATED),
            ("other_candidate", NOT_FOUND),
            ("recruiter", FORBIDDEN),
            ("admin", FORBIDDEN),
            ("candidate", OK),
        ],
    )
    .await;

    // Reports and moderation.
    expect(
        &app,
        &cast,
        M::POST,
        &format!("/api/v1/jobs/{reported}/reports"),
        Some(json!({"reason": "misleading"})),
        &[
            ("anonymous", UNAUTHENTICATED),
            ("candidate", CREATED),
            ("recruiter", CREATED),
            ("other_recruiter", CREATED),
        ],
    )
    .await;
    expect(
        &app,
        &cast,
        M::GET,
        "/api/v1/moderation/reports",
        None,
        &[
            ("anonymous", UNAUTHENTICATED),
            ("candidate", FORBIDDEN),
            ("recruiter", FORBIDDEN),
            ("other_recruiter", FORBIDDEN),
            ("moderator", OK),
            ("admin", OK),
        ],
    )
    .await;
    let reason = Some(json!({"reason": "reviewed by staff"}));
    expect(
        &app,
        &cast,
        M::POST,
        &format!("/api/v1/moderation/jobs/{reported}/restore"),
        reason.clone(),
        &[
            ("anonymous", UNAUTHENTICATED),
            ("candidate", FORBIDDEN),
            ("recruiter", FORBIDDEN),
            ("other_recruiter", FORBIDDEN),
            ("moderator", OK),
        ],
    )
    .await;
    expect(
        &app,
        &cast,
        M::POST,
        &format!("/api/v1/moderation/jobs/{reported}/hide"),
        reason.clone(),
        &[
            ("candidate", FORBIDDEN),
            ("recruiter", FORBIDDEN),
            ("admin", OK),
        ],
    )
    .await;
    expect(
        &app,
        &cast,
        M::POST,
        &format!("/api/v1/moderation/jobs/{reported}/remove"),
        reason.clone(),
        &[
            ("recruiter", FORBIDDEN),
            ("other_candidate", FORBIDDEN),
            ("moderator", OK),
        ],
    )
    .await;
    expect(
        &app,
        &cast,
        M::POST,
        "/api/v1/moderation/reports/1/dismiss",
        reason,
        &[
            ("anonymous", UNAUTHENTICATED),
            ("candidate", FORBIDDEN),
            ("recruiter", FORBIDDEN),
            ("moderator", CONFLICT),
        ],
    )
    .await;

    // Companies: owners (and admins) invite, list and revoke invitations and remove members;
    // members see who the members are; recruiters without a company accept.
    let invitations = format!("/api/v1/companies/{slug}/invitations");
    expect(
        &app,
        &cast,
        M::POST,
        &invitations,
        Some(json!({"email": "someone@example.com"})),
        &[
            ("anonymous", UNAUTHENTICATED),
            ("candidate", FORBIDDEN),
            ("other_candidate", FORBIDDEN),
            ("other_recruiter", FORBIDDEN),
            ("moderator", FORBIDDEN),
            ("recruiter", CREATED),
            ("admin", CREATED),
        ],
    )
    .await;
    expect(
        &app,
        &cast,
        M::GET,
        &invitations,
        None,
        &[
            ("anonymous", UNAUTHENTICATED),
            ("candidate", FORBIDDEN),
            ("other_candidate", FORBIDDEN),
            ("other_recruiter", FORBIDDEN),
            ("moderator", FORBIDDEN),
            ("recruiter", OK),
            ("admin", OK),
        ],
    )
    .await;
    let revocable = |n: u32| {
        let app = &app;
        let owner = &cast.recruiter;
        let slug = &slug;
        async move {
            let invitation = app
                .invite(
                    owner,
                    slug,
                    &format!("revocable{n}@example.com"),
                    "recruiter",
                )
                .await;
            format!("/api/v1/companies/{slug}/invitations/{}", invitation["id"])
        }
    };
    let revoked = revocable(1).await;
    expect(
        &app,
        &cast,
        M::DELETE,
        &revoked,
        None,
        &[
            ("anonymous", UNAUTHENTICATED),
            ("candidate", FORBIDDEN),
            ("other_candidate", FORBIDDEN),
            ("other_recruiter", FORBIDDEN),
            ("moderator", FORBIDDEN),
            ("recruiter", NO_CONTENT),
            ("admin", CONFLICT),
        ],
    )
    .await;
    expect(
        &app,
        &cast,
        M::DELETE,
        &revocable(2).await,
        None,
        &[("admin", NO_CONTENT)],
    )
    .await;
    let newcomer = app.user("recruiter").await;
    let invitation = app
        .invite(&cast.recruiter, &slug, &newcomer.email, "recruiter")
        .await;
    expect(
        &app,
        &cast,
        M::POST,
        "/api/v1/invitations/accept",
        Some(json!({"token": invitation["token"]})),
        &[
            ("anonymous", UNAUTHENTICATED),
            ("candidate", FORBIDDEN),
            ("other_candidate", FORBIDDEN),
            ("moderator", FORBIDDEN),
            ("admin", FORBIDDEN),
            ("recruiter", CONFLICT),
            ("other_recruiter", CONFLICT),
        ],
    )
    .await;
    app.accept(&newcomer, &invitation["token"])
        .await
        .expect(StatusCode::OK);
    expect(
        &app,
        &cast,
        M::GET,
        &format!("/api/v1/companies/{slug}/recruiters"),
        None,
        &[
            ("anonymous", UNAUTHENTICATED),
            ("candidate", FORBIDDEN),
            ("other_candidate", FORBIDDEN),
            ("other_recruiter", FORBIDDEN),
            ("moderator", FORBIDDEN),
            ("recruiter", OK),
            ("admin", OK),
        ],
    )
    .await;
    expect(
        &app,
        &cast,
        M::DELETE,
        &format!("/api/v1/companies/{slug}/recruiters/{}", newcomer.id),
        None,
        &[
            ("anonymous", UNAUTHENTICATED),
            ("candidate", FORBIDDEN),
            ("other_candidate", FORBIDDEN),
            ("other_recruiter", FORBIDDEN),
            ("moderator", FORBIDDEN),
            ("recruiter", NO_CONTENT),
            ("admin", NOT_FOUND),
        ],
    )
    .await;
    expect(
        &app,
        &cast,
        M::DELETE,
        &format!("/api/v1/companies/{slug}/recruiters/{}", cast.recruiter.id),
        None,
        &[
            ("anonymous", UNAUTHENTICATED),
            ("candidate", FORBIDDEN),
            ("other_recruiter", FORBIDDEN),
            ("moderator", FORBIDDEN),
            ("admin", CONFLICT),
            ("recruiter", CONFLICT),
        ],
    )
    .await;
    expect(
        &app,
        &cast,
        M::POST,
        "/api/v1/companies",
        Some(json!({"name": "Yet Another Co"})),
        &[
            ("anonymous", UNAUTHENTICATED),
            ("candidate", FORBIDDEN),
            ("moderator", FORBIDDEN),
            ("admin", FORBIDDEN),
            ("recruiter", CONFLICT),
        ],
    )
    .await;

    // Interview questions.
    let question = Some(
        json!({"question": "What is a race condition and how do you find one?", "skills": ["go"]}),
    );
    expect(
        &app,
        &cast,
        M::POST,
        "/api/v1/interview-questions",
        question.clone(),
        &[
            ("anonymous", UNAUTHENTICATED),
            ("candidate", FORBIDDEN),
            ("recruiter", CREATED),
            ("moderator", CREATED),
            ("admin", CREATED),
        ],
    )
    .await;
    let own = app
        .post(
            "/api/v1/interview-questions",
            Some(&cast.recruiter.token),
            question.clone().unwrap(),
        )
        .await
        .expect(StatusCode::CREATED);
    let own = own["id"].as_i64().unwrap();
    expect(
        &app,
        &cast,
        M::PUT,
        &format!("/api/v1/interview-questions/{own}"),
        question,
        &[
            ("anonymous", UNAUTHENTICATED),
            ("candidate", FORBIDDEN),
            ("other_recruiter", FORBIDDEN),
            ("recruiter", OK),
            ("moderator", OK),
            ("admin", OK),
        ],
    )
    .await;
    expect(
        &app,
        &cast,
        M::DELETE,
        &format!("/api/v1/interview-questions/{own}"),
        None,
        &[
            ("anonymous", UNAUTHENTICATED),
            ("candidate", FORBIDDEN),
            ("other_recruiter", FORBIDDEN),
            ("recruiter", NO_CONTENT),
            ("admin", NOT_FOUND),
        ],
    )
    .await;

    // Administration.
    let target = app.user("candidate").await;
    expect(
        &app,
        &cast,
        M::POST,
        &format!("/api/v1/admin/accounts/{}/role", target.id),
        Some(json!({"role": "moderator"})),
        &[
            ("anonymous", UNAUTHENTICATED),
            ("candidate", FORBIDDEN),
            ("recruiter", FORBIDDEN),
            ("moderator", FORBIDDEN),
            ("admin", OK),
        ],
    )
    .await;
    expect(
        &app,
        &cast,
        M::POST,
        &format!("/api/v1/admin/accounts/{}/suspend", target.id),
        Some(json!({"reason": "testing suspension"})),
        &[
            ("anonymous", UNAUTHENTICATED),
            ("candidate", FORBIDDEN),
            ("recruiter", FORBIDDEN),
            ("moderator", FORBIDDEN),
            ("admin", OK),
        ],
    )
    .await;
    expect(
        &app,
        &cast,
        M::GET,
        "/api/v1/me",
        None,
        &[
            ("anonymous", UNAUTHENTICATED),
            ("candidate", OK),
            ("admin", OK),
        ],
    )
    .await;
    expect(
        &app,
        &cast,
        M::DELETE,
        "/api/v1/sessions/current",
        None,
        &[
            ("anonymous", UNAUTHENTICATED),
            ("other_candidate", NO_CONTENT),
        ],
    )
    .await;
}
