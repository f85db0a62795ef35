//! `hireboard`: the job board server and its operator commands.

use clap::Parser;

// glibc's allocator serializes the many small allocations of the database worker threads and
// the async workers on a shared lock; mimalloc's per-thread heaps avoid that contention.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
