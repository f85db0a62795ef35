//! Rebuilds the crate when a migration is added: `sqlx::migrate!` embeds the migration files
//! at compile time, and Cargo does not otherwise watch the folder.

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
