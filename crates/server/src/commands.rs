//! What each subcommand does.

mod demo;
mod events;
mod import;
mod reindex;

use std::io::Write;

use anyhow::Context;
use hireboard_domain::account::{RegistrationInput, Role};
use hireboard_service::Clock;

use crate::cli::{
    Cli, Command, CreateAdminArgs, DemoArgs, EventsCommand, GenerateArgs, ServerArgs,
};
use crate::config::{redact_url, Config};
use crate::startup::{self, Application};
use crate::telemetry;

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let file = cli.config.as_deref();
    match cli.command {
        Command::Serve(args) => serve(file, &args, None).await,
        Command::Demo(DemoArgs { server, force }) => serve(file, &server, Some(force)).await,
        Command::Worker(args) => {
            let config = Config::for_store(file, &args)?;
            telemetry::init_logging(&config.log);
            crate::worker::run(&config).await
        }
        Command::Migrate(args) => {
            let config = Config::for_store(file, &args)?;
            telemetry::init_logging(&config.log);
            startup::open_store(&config).await?;
            println!(
                "migrations applied to {}",
                redact_url(&config.database_url()?)
            );
            Ok(())
        }
        Command::Generate(args) => generate(&args),
        Command::Import(args) => {
            let config = Config::for_store(file, &args.store)?;
            telemetry::init_logging(&config.log);
            let service = startup::service(
                &config,
                startup::open_store(&config).await?,
                Clock::default(),
            );
            import::run(&service, &args.file, args.batch as usize).await
        }
        Command::Reindex(args) => {
            let config = Config::for_store(file, &args)?;
            telemetry::init_logging(&config.log);
            let service = startup::service(
                &config,
                startup::open_store(&config).await?,
                Clock::default(),
            );
            reindex::run(&service, &startup::search_folder(&config)).await
        }
        Command::CreateAdmin(args) => create_admin(file, args).await,
        Command::Events(command) => {
            let store_args = match &command {
                EventsCommand::DeadLetters(args) => &args.store,
                EventsCommand::Replay(args) => &args.store,
            };
            let config = Config::for_store(file, store_args)?;
            telemetry::init_logging(&config.log);
            let store = startup::open_store(&config).await?;
            match &command {
                EventsCommand::DeadLetters(args) => {
                    events::dead_letters(store.as_ref(), args).await
                }
                EventsCommand::Replay(args) => events::replay(store.as_ref(), args).await,
            }
        }
    }
}

/// Serves the board; `demo` (with its `--force`) fills it with the demo data set first.
async fn serve(
    file: Option<&std::path::Path>,
    args: &ServerArgs,
    demo: Option<bool>,
) -> anyhow::Result<()> {
    let config = Config::load(file, args)?;
    telemetry::init_logging(&config.log);
    // Binds both ports first, so a port in use fails before any data is loaded.
    let app = Application::build(&config).await?;
    if let Some(force) = demo {
        load_demo(app.service(), force).await?;
    }
    println!(
        "hireboard listening on http://{} (API docs at /docs)",
        app.local_addr()
    );
    println!(
        "operator endpoints (/metrics, /healthz, /readyz) on http://{}",
        app.operator_addr()
    );
    app.run_until_stopped().await
}

fn generate(args: &GenerateArgs) -> anyhow::Result<()> {
    let today = args
        .today
        .unwrap_or_else(|| chrono::Utc::now().date_naive());
    let out: Box<dyn Write> = match &args.out {
        Some(path) => Box::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = std::io::BufWriter::with_capacity(1 << 20, out);
    for record in hireboard_datagen::generate(args.seed, today).take(args.jobs as usize) {
        serde_json::to_writer(&mut out, &record)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

/// The variable `create-admin` reads the new account's password from.
const ADMIN_PASSWORD: &str = "HIREBOARD_ADMIN_PASSWORD";

async fn create_admin(file: Option<&std::path::Path>, args: CreateAdminArgs) -> anyhow::Result<()> {
    let config = Config::for_store(file, &args.store)?;
    telemetry::init_logging(&config.log);
    let role = match args.role.as_str() {
        "admin" => Role::Admin,
        "moderator" => Role::Moderator,
        other => anyhow::bail!("--role must be admin or moderator, not {other:?}"),
    };
    // From the environment, not a flag or a prompt: flags show in process lists and shell
    // history, and a prompt would hang scripts.
    let password = std::env::var(ADMIN_PASSWORD).map_err(|_| {
        anyhow::anyhow!(
            "{ADMIN_PASSWORD} is not set; set it to the new account's password (8 to 128 \
             characters, not easily guessed)"
        )
    })?;
    let service = startup::service(
        &config,
        startup::open_store(&config).await?,
        Clock::default(),
    );
    let input = RegistrationInput {
        email: args.email,
        password,
        display_name: args.name,
        role: Role::Candidate,
    };
    let account = service
        .bootstrap_account(input, role)
        .await
        .map_err(|e| anyhow::anyhow!("cannot create the account: {e}"))?;
    println!(
        "created {} account {} (id {})",
        role.as_str(),
        account.email.as_str(),
        account.id.0
    );
    Ok(())
}

/// Loads the demo data set into `service` as `hireboard demo` does: an empty board is
/// filled, a demo board left as it is, any other board refused unless `force`.
pub async fn load_demo(service: &hireboard_service::Hireboard, force: bool) -> anyhow::Result<()> {
    demo::load(service, force).await
}
