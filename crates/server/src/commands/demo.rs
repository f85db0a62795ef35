//! The demo data set: the seed posting, generated postings, the interview question bank and
//! one account per role.

use anyhow::Context;
use hireboard_domain::account::{RegistrationInput, Role};
use hireboard_domain::company::CompanyInput;
use hireboard_domain::ids::JobCode;
use hireboard_service::{Actor, Hireboard};

/// Generated postings in the demo, besides the seed posting.
pub const GENERATED_POSTINGS: usize = 2_000;

/// Demo accounts: (role, email, password, display name). Demo-only credentials.
pub const ACCOUNTS: &[(Role, &str, &str, &str)] = &[
    (
        Role::Candidate,
        "candidate@demo.hireboard.test",
        "demo-candidate-Kestrel-42",
        "Dana Candidate",
    ),
    (
        Role::Recruiter,
        "recruiter@demo.hireboard.test",
        "demo-recruiter-Heron-42",
        "Riley Recruiter",
    ),
    (
        Role::Moderator,
        "moderator@demo.hireboard.test",
        "demo-moderator-Osprey-42",
        "Morgan Moderator",
    ),
    (
        Role::Admin,
        "admin@demo.hireboard.test",
        "demo-admin-Falcon-42",
        "Alex Admin",
    ),
];

/// Loads the demo data unless the seed posting is already there; prints the accounts.
pub async fn load(service: &Hireboard) -> anyhow::Result<()> {
    let seeded = service
        .posting(&Actor::Anonymous, JobCode(hireboard_datagen::SEED_JOB_CODE))
        .await
        .is_ok();
    if !seeded {
        fill(service).await?;
    }
    println!("demo accounts (demo-only passwords):");
    for (role, email, password, _) in ACCOUNTS {
        println!("  {:<10} {email:<34} {password}", role.as_str());
    }
    println!(
        "seed posting: GET /api/v1/jobs/{}",
        hireboard_datagen::SEED_JOB_CODE
    );
    Ok(())
}

async fn fill(service: &Hireboard) -> anyhow::Result<()> {
    let fail = |what: &'static str| {
        move |e: hireboard_service::ServiceError| anyhow::anyhow!("demo data: {what}: {e}")
    };
    let mut recruiter = None;
    for (role, email, password, name) in ACCOUNTS {
        let input = RegistrationInput {
            email: (*email).into(),
            password: (*password).into(),
            display_name: (*name).into(),
            role: *role,
        };
        let account = match role {
            Role::Candidate | Role::Recruiter => service.register(input).await,
            _ => service.bootstrap_account(input, *role).await,
        }
        .map_err(fail("accounts"))?;
        if *role == Role::Recruiter {
            recruiter = Some(account);
        }
    }
    let recruiter = recruiter.context("demo data: no recruiter account")?;
    let actor = Actor::Account {
        account: recruiter,
        token_hash: Vec::new(),
    };
    let company = CompanyInput {
        name: hireboard_datagen::SEED_COMPANY.into(),
        description: Some("The company behind hireboard's demo posting.".into()),
        website: None,
        headquarters: None,
    };
    service
        .create_company(&actor, company)
        .await
        .map_err(fail("company"))?;
    let today = service.clock().today();
    let mut records = vec![(1, hireboard_datagen::seed_posting(today))];
    records.extend(
        hireboard_datagen::generate(7, today)
            .take(GENERATED_POSTINGS)
            .enumerate()
            .map(|(i, r)| (i + 2, r)),
    );
    for chunk in records.chunks(500) {
        service
            .import_postings(chunk.to_vec())
            .await
            .map_err(fail("postings"))?;
    }
    for question in hireboard_datagen::question_bank() {
        service
            .seed_question(question)
            .await
            .map_err(fail("interview questions"))?;
    }
    tracing::info!(postings = GENERATED_POSTINGS + 1, "demo data loaded");
    Ok(())
}
