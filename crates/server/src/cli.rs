//! The command line.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::config::parse_listen_addr;

#[derive(Debug, Parser)]
#[command(
    name = "hireboard",
    version,
    about = "A job board: postings, search, applications, reports and moderation."
)]
pub struct Cli {
    /// Configuration file (default: hireboard.toml in the working directory, if present).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the board (empty unless data was imported).
    Serve(ServerArgs),
    /// Run the relay to the broker, the shared consumers and the scheduled work, without the
    /// HTTP API (then set bus.serve_runs_workers = false for the API servers).
    Worker(StoreArgs),
    /// Serve the board filled with the demo data set; prints the demo accounts.
    Demo(DemoArgs),
    /// Apply database migrations and exit.
    Migrate(StoreArgs),
    /// Write realistic synthetic postings as JSON Lines, deterministically.
    Generate(GenerateArgs),
    /// Load postings from a JSON Lines file through the same validation as the API.
    Import(ImportArgs),
    /// Rebuild the search index from the database beside the one in use, then switch to it
    /// (a running server on this data folder moves over without stopping searches).
    Reindex(StoreArgs),
    /// Create an account with a staff role; the password is read from HIREBOARD_ADMIN_PASSWORD.
    CreateAdmin(CreateAdminArgs),
    /// Inspect and replay events that consumers gave up on.
    #[command(subcommand)]
    Events(EventsCommand),
}

#[derive(Debug, Subcommand)]
pub enum EventsCommand {
    /// List dead letters: events a consumer gave up on, with the error and attempts.
    DeadLetters(DeadLettersArgs),
    /// Deliver dead letters again: one by its id, or all of one consumer's.
    Replay(ReplayArgs),
}

#[derive(Debug, Args)]
pub struct DeadLettersArgs {
    /// Only this consumer's.
    #[arg(long, value_name = "NAME")]
    pub consumer: Option<String>,
    /// At most this many.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub limit: u32,
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("which").required(true).args(["id", "consumer"])))]
pub struct ReplayArgs {
    /// The dead letter's id (as `events dead-letters` lists it).
    #[arg(value_parser = clap::value_parser!(i64).range(1..))]
    pub id: Option<i64>,
    /// Every dead letter of this consumer.
    #[arg(long, value_name = "NAME")]
    pub consumer: Option<String>,
    #[command(flatten)]
    pub store: StoreArgs,
}

/// Where the data lives; overrides configuration.
#[derive(Debug, Clone, Default, Args)]
pub struct StoreArgs {
    /// Folder for the embedded database.
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Database URL (sqlite:...).
    #[arg(long, value_name = "URL")]
    pub database_url: Option<String>,
}

#[derive(Debug, Clone, Default, Args)]
pub struct ServerArgs {
    #[command(flatten)]
    pub store: StoreArgs,
    /// HTTP listen address of the public API.
    #[arg(long, value_name = "ADDR", value_parser = parse_listen_addr)]
    pub http_addr: Option<SocketAddr>,
    /// Listen address of the operator endpoints (/metrics, /healthz, /readyz).
    #[arg(long, value_name = "ADDR", value_parser = parse_listen_addr)]
    pub metrics_addr: Option<SocketAddr>,
}

#[derive(Debug, Clone, Args)]
pub struct DemoArgs {
    #[command(flatten)]
    pub server: ServerArgs,
    /// Add the demo data set (and its accounts, whose passwords are public) to a board that
    /// already holds other data.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// How many postings.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    pub jobs: u64,
    /// Random seed: the same seed and date give the same output.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Date the postings are generated around (YYYY-MM-DD; default today).
    #[arg(long)]
    pub today: Option<chrono::NaiveDate>,
    /// Output file (default: standard output).
    #[arg(long, short)]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// JSON Lines file written by `hireboard generate`.
    pub file: PathBuf,
    #[command(flatten)]
    pub store: StoreArgs,
    /// Records per transaction.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=50_000))]
    pub batch: u32,
}

#[derive(Debug, Args)]
pub struct CreateAdminArgs {
    #[arg(long)]
    pub email: String,
    #[arg(long, default_value = "Administrator")]
    pub name: String,
    /// `admin` or `moderator`.
    #[arg(long, default_value = "admin")]
    pub role: String,
    #[command(flatten)]
    pub store: StoreArgs,
}
