//! One conformance suite for every store backend: SQLite always, PostgreSQL and MySQL/MariaDB
//! when `HIREBOARD_TEST_POSTGRES_URL` / `HIREBOARD_TEST_MYSQL_URL` are set. Each test runs in
//! its own fresh database.

mod fixtures;
mod scenarios;

use std::future::Future;
use std::sync::Arc;

use hireboard_store::testing::{fresh_database, Backend};
use hireboard_store::{ConnectOptions, Store};

async fn run<F, Fut>(backend: Backend, scenario: F)
where
    F: FnOnce(Arc<dyn Store>) -> Fut,
    Fut: Future<Output = ()>,
{
    let dir = tempfile::tempdir().expect("temp dir");
    let Some(url) = fresh_database(backend, dir.path()).await else {
        return;
    };
    let store = hireboard_store::connect(&url, &ConnectOptions::default())
        .await
        .expect("store connects and migrates");
    scenario(store).await;
}

macro_rules! conformance {
    ($($scenario:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test] async fn $scenario() { super::run(super::Backend::Sqlite, super::scenarios::$scenario).await })*
        }
        mod postgres {
            $(#[tokio::test] async fn $scenario() { super::run(super::Backend::Postgres, super::scenarios::$scenario).await })*
        }
        mod mysql {
            $(#[tokio::test] async fn $scenario() { super::run(super::Backend::Mysql, super::scenarios::$scenario).await })*
        }
    };
}

conformance!(
    accounts_and_sessions,
    account_changes_are_audited_and_revoke_sessions,
    companies_and_recruiters,
    postings_round_trip_every_field,
    status_changes_are_guarded,
    listing_filters_and_keyset_pages,
    expiry_claims_each_posting_once,
    import_keeps_codes_and_refuses_duplicates,
    applications_are_unique_with_history,
    concurrent_applications_are_each_written_once,
    reports_hide_at_threshold_and_moderation_resolves,
    concurrent_reporters_hide_a_posting_exactly_once,
    interview_questions_match_and_change,
    idempotency_keys_claim_once,
    unfinished_idempotency_claims_are_released_by_their_lease,
    outbox_records_every_change_in_order,
    followers_see_each_event_once_settled,
);
