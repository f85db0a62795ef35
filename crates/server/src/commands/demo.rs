//! The demo data set: the seed posting, generated postings, the interview question bank and
//! one account per role.

use anyhow::Context;
use hireboard_domain::account::{RegistrationInput, Role};
use hireboard_domain::company::CompanyInput;
use hireboard_domain::ids::JobCode;
use hireboard_service::{Actor, Hireboard, RequestContext, ServiceError};

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

/// What a board holds, as far as `demo` is concerned.
enum Board {
    /// Nothing was ever written to it.
    Empty,
    /// The demo data set (possibly with what visitors did since).
    Demo,
    /// Anything else: someone's real board.
    Other,
}

/// Fills an empty board with the demo data set, or serves a demo board again; refuses to
/// add the demo (and its accounts, whose passwords are public) to any other board unless
/// `force`. Prints the accounts.
pub async fn load(service: &Hireboard, force: bool) -> anyhow::Result<()> {
    match board(service).await? {
        Board::Empty => fill(service).await?,
        Board::Demo => tracing::info!("the board already holds the demo data set"),
        Board::Other if force => {
            tracing::warn!("adding the demo data set and its accounts to a board in use (--force)");
            fill(service).await?
        }
        Board::Other => anyhow::bail!(
            "this board already holds data that is not the demo data set; `demo` would add \
             accounts with public passwords to it. Use `hireboard serve` to serve it, point \
             `demo` at an empty data folder (--data-dir) or database (--database-url), or pass \
             --force to add the demo data anyway"
        ),
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

/// A demo board has every demo account with its role, and the seed posting of the demo
/// company. Only the operator grants staff roles, so visitors cannot fake one.
async fn board(service: &Hireboard) -> anyhow::Result<Board> {
    let unreadable = |e: ServiceError| anyhow::anyhow!("cannot read the board: {e}");
    if service.is_empty().await.map_err(unreadable)? {
        return Ok(Board::Empty);
    }
    let mut admin = None;
    for (role, email, _, _) in ACCOUNTS {
        match service.account_by_email(email).await.map_err(unreadable)? {
            Some(account) if account.role == *role => {
                if *role == Role::Admin {
                    admin = Some(account);
                }
            }
            _ => return Ok(Board::Other),
        }
    }
    let Some(admin) = admin else {
        return Ok(Board::Other);
    };
    // Staff see postings in every state, so an expired or closed seed posting still counts.
    let staff = RequestContext::local(
        Actor::Account {
            account: admin,
            token_hash: Vec::new(),
        },
        "demo",
    );
    let seed = service
        .posting(&staff, JobCode::new(hireboard_datagen::SEED_JOB_CODE)?)
        .await;
    match seed {
        Ok(posting) if posting.company.name == hireboard_datagen::SEED_COMPANY => Ok(Board::Demo),
        Ok(_) | Err(ServiceError::NotFound(_)) => Ok(Board::Other),
        Err(error) => Err(unreadable(error)),
    }
}

async fn fill(service: &Hireboard) -> anyhow::Result<()> {
    let fail =
        |what: &'static str| move |e: ServiceError| anyhow::anyhow!("demo data: {what}: {e}");
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
    let actor = RequestContext::local(
        Actor::Account {
            account: recruiter,
            token_hash: Vec::new(),
        },
        "demo",
    );
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
        let report = service
            .import_postings(&Actor::System, chunk.to_vec())
            .await
            .map_err(fail("postings"))?;
        if let Some((line, why)) = report.rejected.first() {
            anyhow::bail!("demo data: posting {line} was rejected: {why}");
        }
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
