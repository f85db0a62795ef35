//! `hireboard`: the job board server and its operator commands.

use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = hireboard::cli::Cli::parse();
    match hireboard::commands::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("hireboard: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
