//! One conformance suite for every store backend: each scenario runs on SQLite, PostgreSQL
//! and MySQL/MariaDB (`sqlite::name`, `postgres::name`, `mysql::name`), each in its own fresh
//! database. Scenarios on a server whose URL (`HIREBOARD_TEST_POSTGRES_URL`,
//! `HIREBOARD_TEST_MYSQL_URL`) is unset are ignored, and the summary counts them.
//!
//! A scenario is a `pub async fn name(store: Arc<dyn Store>)` in `scenarios`, named once in
//! the list at the bottom of this file.

mod fixtures;
mod scenarios;

use std::future::Future;
use std::sync::Arc;

use hireboard_store::testing::{fresh_database, Backend};
use hireboard_store::{ConnectOptions, Store};
use hireboard_test_harness::Suite;

async fn run<F, Fut>(backend: Backend, scenario: F)
where
    F: FnOnce(Arc<dyn Store>) -> Fut,
    Fut: Future<Output = ()>,
{
    let dir = tempfile::tempdir().expect("temp dir");
    let url = fresh_database(backend, dir.path()).await;
    let store = hireboard_store::connect(&url, &ConnectOptions::default())
        .await
        .expect("store connects and migrates");
    scenario(store).await;
}

macro_rules! conformance {
    ($($scenario:ident),* $(,)?) => {
        fn main() {
            let mut suite = Suite::new();
            for backend in Backend::ALL {
                let needs = backend.server();
                $(
                    suite.test(
                        format!("{}::{}", backend.name(), stringify!($scenario)),
                        needs.as_slice(),
                        move || run(backend, scenarios::$scenario),
                    );
                )*
            }
            suite.run()
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
    import_keeps_codes_and_updates_what_it_names,
    applications_are_unique_with_history,
    concurrent_applications_are_each_written_once,
    reports_hide_at_threshold_and_moderation_resolves,
    concurrent_reporters_hide_a_posting_exactly_once,
    interview_questions_match_and_change,
    lists_page_by_cursor_and_filter,
    idempotency_keys_claim_once,
    unfinished_idempotency_claims_are_released_by_their_lease,
    outbox_records_every_change_in_order,
    followers_see_each_event_once_settled,
);
