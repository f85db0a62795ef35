//! Fixtures: a fresh board per test and the callers, companies and postings the rules are
//! about, made through the use cases themselves.

use std::fmt::Debug;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicU64, Ordering};

use hireboard_cache::Shared;
use hireboard_domain::account::{Account, RegistrationInput, Role};
use hireboard_domain::application::{ApplicationInput, StageChangeInput};
use hireboard_domain::company::{AcceptInput, Company, CompanyInput, InvitationInput};
use hireboard_domain::posting::{Posting, PostingInput, PostingPatch};
use hireboard_domain::report::{ModerationInput, ReportInput};
use hireboard_domain::FieldError;
use hireboard_service::{
    Actor, Clock, ErrorCode, Hireboard, LoginInput, RequestContext, ServiceConfig, ServiceError,
    ServiceResult, Submitted,
};
use hireboard_store::testing::{fresh_database, Backend};
use hireboard_store::ConnectOptions;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

const PASSWORD: &str = "correct horse battery staple";

static SEQUENCE: AtomicU64 = AtomicU64::new(0);

/// A service over a database of its own (SQLite in a temp dir unless
/// `HIREBOARD_TEST_DATABASE` names another backend), with a clock the test moves.
pub struct Board {
    pub service: Hireboard,
    pub clock: Clock,
    _data: tempfile::TempDir,
}

/// A logged-in account. Its context is built afresh from its session for every call
/// ([`Board::ctx`]), so it always carries the account's current role and company.
#[derive(Debug, Clone)]
pub struct Caller {
    pub id: hireboard_domain::ids::AccountId,
    pub email: String,
    token: String,
}

impl Board {
    pub async fn new() -> Board {
        Board::with_config(ServiceConfig::default()).await
    }

    pub async fn with_config(config: ServiceConfig) -> Board {
        let data = tempfile::tempdir().expect("temp dir");
        let url = fresh_database(Backend::from_env(), data.path()).await;
        let store = hireboard_store::connect(&url, &ConnectOptions::default())
            .await
            .expect("store opens");
        let clock = Clock::default();
        let service = Hireboard::new(store, config, clock.clone(), &Shared::InProcess, None);
        Board {
            service,
            clock,
            _data: data,
        }
    }

    /// A new account with `role` (staff made the way an operator makes them), logged in.
    pub async fn account(&self, role: Role) -> Caller {
        let n = SEQUENCE.fetch_add(1, Ordering::Relaxed);
        let email = format!("{}{n}@example.com", role.as_str());
        let registration = RegistrationInput {
            email: email.clone(),
            password: PASSWORD.into(),
            display_name: format!("{} {n}", role.as_str()),
            role,
        };
        match role {
            Role::Candidate | Role::Recruiter => self.service.register(registration).await,
            Role::Moderator | Role::Admin => {
                self.service.bootstrap_account(registration, role).await
            }
        }
        .expect("account registered");
        self.login(&email).await
    }

    pub async fn login(&self, email: &str) -> Caller {
        let login = LoginInput {
            email: email.to_owned(),
            password: PASSWORD.into(),
            device_token: None,
        };
        let session = self
            .service
            .login(&anonymous(), login)
            .await
            .expect("logs in");
        Caller {
            id: session.account.id,
            email: email.to_owned(),
            token: session.token,
        }
    }

    /// The context of a request `caller` makes now.
    pub async fn ctx(&self, caller: &Caller) -> RequestContext {
        self.session(caller).await.expect("the session is live")
    }

    /// The context of a request `caller` makes now, if their session still authenticates.
    pub async fn session(&self, caller: &Caller) -> ServiceResult<RequestContext> {
        let actor = self.service.authenticate(&caller.token).await?;
        Ok(RequestContext::local(actor, "usecase"))
    }

    /// The account as the service knows it now.
    pub async fn reload(&self, caller: &Caller) -> Account {
        self.service.me(&self.ctx(caller).await).expect("logged in")
    }

    /// A recruiter who owns a new company named `name`.
    pub async fn company(&self, name: &str) -> (Caller, Company) {
        let owner = self.account(Role::Recruiter).await;
        let company = self
            .service
            .create_company(&self.ctx(&owner).await, company_named(name))
            .await
            .expect("company created")
            .resource;
        (owner, company)
    }

    /// `owner` invites `recruiter` into `company` as `role`, and they accept.
    pub async fn join(&self, owner: &Caller, company: &Company, recruiter: &Caller, role: &str) {
        let issued = self
            .service
            .invite(
                &self.ctx(owner).await,
                &company.slug,
                invitation(&recruiter.email, role),
            )
            .await
            .expect("invited");
        self.service
            .accept_invitation(&self.ctx(recruiter).await, token(&issued.token))
            .await
            .expect("accepted");
    }

    /// A draft by `recruiter`: [`posting`] with `overrides`.
    pub async fn draft(&self, recruiter: &Caller, overrides: Value) -> Posting {
        self.service
            .create_posting(&self.ctx(recruiter).await, posting(overrides))
            .await
            .expect("drafted")
            .resource
    }

    /// A listed posting by `recruiter`, asking [`posting`]'s screening questions.
    pub async fn published(&self, recruiter: &Caller) -> Posting {
        let draft = self.draft(recruiter, json!({})).await;
        self.service
            .publish_posting(&self.ctx(recruiter).await, draft.job_code)
            .await
            .expect("published")
            .resource
    }

    /// The posting as `caller` (or the public, with `None`) sees it.
    pub async fn posting_seen_by(
        &self,
        caller: Option<&Caller>,
        posting: &Posting,
    ) -> ServiceResult<Posting> {
        let ctx = match caller {
            Some(caller) => self.ctx(caller).await,
            None => anonymous(),
        };
        let seen = self.service.posting(&ctx, posting.job_code).await?;
        Ok(Posting::clone(&seen))
    }

    /// How many outbox events of `kind` (e.g. `posting.hidden`) were recorded.
    pub async fn events(&self, kind: &str) -> usize {
        let events = self.service.events_after(0, 10_000).await.expect("outbox");
        events
            .iter()
            .filter(|event| {
                event
                    .envelope
                    .as_ref()
                    .is_ok_and(|e| e.event.event_type() == kind)
            })
            .count()
    }
}

/// A request nobody logged in makes.
pub fn anonymous() -> RequestContext {
    RequestContext::local(Actor::Anonymous, "usecase")
}

/// An input as an adapter would decode it from `value`.
pub fn input<T: DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("the input decodes")
}

pub fn patch(value: Value) -> PostingPatch {
    input(value)
}

pub fn application(value: Value) -> ApplicationInput {
    input(value)
}

pub fn stage(stage: &str) -> StageChangeInput {
    input(json!({ "stage": stage }))
}

pub fn report(reason: &str) -> ReportInput {
    input(json!({ "reason": reason }))
}

/// A moderator's or admin's reason.
pub fn because(reason: &str) -> ModerationInput {
    input(json!({ "reason": reason }))
}

pub fn invitation(email: &str, role: &str) -> InvitationInput {
    InvitationInput {
        email: email.to_owned(),
        role: Some(input(json!(role))),
    }
}

pub fn token(token: &str) -> AcceptInput {
    input(json!({ "token": token }))
}

pub fn company_named(name: &str) -> CompanyInput {
    input(json!({ "name": name }))
}

/// A valid posting with two screening questions (`rust_years`, a required number from 0 to
/// 50; `relocate`, an optional yes or no) and `overrides` in place of its fields.
pub fn posting(overrides: Value) -> PostingInput {
    input(posting_json(overrides))
}

fn posting_json(overrides: Value) -> Value {
    let mut body = json!({
        "title": "Senior Rust Engineer",
        "description": "Build **reliable** services.",
        "skills": ["rust", "postgresql"],
        "functional_area": "Backend Development",
        "category": "Engineering",
        "experience": {"min_years": 3, "max_years": 6},
        "workplace_type": "hybrid",
        "locations": [{"city": "Berlin", "country": "DE"}],
        "employment_type": "full_time",
        "screening_questions": [
            {"id": "rust_years", "prompt": "Years of professional Rust?", "answer": {"type": "number", "min": 0, "max": 50}, "required": true},
            {"id": "relocate", "prompt": "Willing to relocate?", "answer": {"type": "yes_no"}}
        ]
    });
    let (Some(base), Some(extra)) = (body.as_object_mut(), overrides.as_object()) else {
        panic!("postings and overrides are JSON objects");
    };
    base.extend(extra.clone());
    body
}

/// An input of `T` that cannot be read, as a REST body that is not JSON arrives.
pub struct Unreadable<T>(PhantomData<T>);

pub fn unreadable<T>() -> Unreadable<T> {
    Unreadable(PhantomData)
}

impl<T: Send> Submitted<T> for Unreadable<T> {
    fn take(self) -> ServiceResult<T> {
        Err(ServiceError::Malformed(FieldError::new(
            "body",
            "is not valid JSON",
        )))
    }
}

/// The error of `result`, which must be refused with `code`.
#[track_caller]
pub fn refused<T: Debug>(result: ServiceResult<T>, code: ErrorCode) -> ServiceError {
    match result {
        Ok(value) => panic!("expected {code:?}, got {value:?}"),
        Err(error) => {
            assert_eq!(error.code(), code, "{error}");
            error
        }
    }
}

/// The fields a `validation_failed` error names, in order.
#[track_caller]
pub fn invalid_fields<T: Debug>(result: ServiceResult<T>) -> Vec<String> {
    match refused(result, ErrorCode::ValidationFailed) {
        ServiceError::Invalid(errors) => errors.0.into_iter().map(|e| e.field).collect(),
        ServiceError::WrongShape(error) => vec![error.field],
        other => panic!("validation_failed without fields: {other:?}"),
    }
}
