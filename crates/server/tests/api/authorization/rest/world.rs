//! The table's world (see [`crate::authorization::table`]), made over HTTP.

use hireboard_domain::account::Role;
use reqwest::StatusCode;
use serde_json::json;

use crate::authorization::actions::Caller;
use crate::helpers::{posting, TestApp, User};

pub struct World {
    pub candidate: User,
    other_candidate: User,
    pub owner: User,
    member: User,
    other_recruiter: User,
    moderator: User,
    admin: User,
    suspended: User,
    pub slug: String,
    pub published: i64,
    pub draft: i64,
    pub reported: i64,
    pub closing: i64,
    /// The candidate's application to the published posting.
    pub application: i64,
    /// The owner's interview question.
    pub question: i64,
    pub newcomer: User,
    /// The token of an invitation nobody who calls may accept.
    pub outsider_invitation: String,
    pub revocable: [i64; 2],
    /// The account administration acts on.
    pub target: i64,
}

impl World {
    pub async fn make(app: &TestApp) -> World {
        let (owner, slug) = app.recruiter_with_company("Matrix Co").await;
        let (other_recruiter, _) = app.recruiter_with_company("Other Matrix Co").await;
        let member = app.user("recruiter").await;
        app.join(&owner, &slug, &member, "recruiter").await;
        let newcomer = app.user("recruiter").await;
        app.join(&owner, &slug, &newcomer, "recruiter").await;
        let admin = app.staff(Role::Admin).await;
        let suspended = app.user("candidate").await;
        app.post(
            &format!("/api/v1/admin/accounts/{}/suspend", suspended.id),
            Some(&admin.token),
            json!({"reason": "suspended for the matrix"}),
        )
        .await
        .expect(StatusCode::OK);
        let open = posting(json!({"screening_questions": []}));
        let published = app.published(&owner, open.clone()).await;
        let candidate = app.user("candidate").await;
        let application = app
            .post(
                &format!("/api/v1/jobs/{published}/applications"),
                Some(&candidate.token),
                json!({}),
            )
            .await
            .expect(StatusCode::CREATED);
        let question = app
            .post(
                "/api/v1/interview-questions",
                Some(&owner.token),
                json!({"question": "What is a race condition and how do you find one?", "skills": ["go"]}),
            )
            .await
            .expect(StatusCode::CREATED);
        let outsider = app.user("recruiter").await;
        let invitation = app
            .invite(&owner, &slug, &outsider.email, "recruiter")
            .await;
        let mut revocable = [0; 2];
        for (n, id) in revocable.iter_mut().enumerate() {
            let email = format!("revocable{n}@example.com");
            *id = app.invite(&owner, &slug, &email, "recruiter").await["id"]
                .as_i64()
                .unwrap();
        }
        World {
            candidate,
            other_candidate: app.user("candidate").await,
            member,
            other_recruiter,
            moderator: app.staff(Role::Moderator).await,
            admin,
            suspended,
            slug,
            published,
            draft: app.draft(&owner, open.clone()).await,
            reported: app.published(&owner, open.clone()).await,
            closing: app.published(&owner, open).await,
            application: application["id"].as_i64().unwrap(),
            question: question["id"].as_i64().unwrap(),
            owner,
            newcomer,
            outsider_invitation: invitation["token"].as_str().unwrap().to_owned(),
            revocable,
            target: app.user("candidate").await.id,
        }
    }

    /// The bearer token `caller` sends, if any.
    pub fn token(&self, caller: Caller) -> Option<&str> {
        let user = match caller {
            Caller::Anonymous => return None,
            Caller::Candidate => &self.candidate,
            Caller::OtherCandidate => &self.other_candidate,
            Caller::Owner => &self.owner,
            Caller::Member => &self.member,
            Caller::OtherRecruiter => &self.other_recruiter,
            Caller::Moderator => &self.moderator,
            Caller::Admin => &self.admin,
            Caller::Suspended => &self.suspended,
        };
        Some(&user.token)
    }
}
