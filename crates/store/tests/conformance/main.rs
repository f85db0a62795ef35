//! One conformance suite for every store backend: each scenario runs on SQLite, PostgreSQL
//! and MySQL/MariaDB (`sqlite::name`, `postgres::name`, `mysql::name`), each in its own fresh
//! database. Scenarios on a server whose URL (`HIREBOARD_TEST_POSTGRES_URL`,
//! `HIREBOARD_TEST_MYSQL_URL`) is unset are ignored, and the summary counts them.
//!
//! A scenario is a `pub async fn name(store: Arc<dyn Store>)` in `scenarios` or
//! `memberships` (or `consumers`, `events` or `pipeline`), named once (as `module::name`) in the list at the bottom of this file.

mod consumers;
mod events;
mod fixtures;
mod memberships;
mod pipeline;
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
    run_with_url(backend, |store, _| scenario(store)).await
}

/// For scenarios that also open connections of their own to the store's database.
async fn run_with_url<F, Fut>(backend: Backend, scenario: F)
where
    F: FnOnce(Arc<dyn Store>, String) -> Fut,
    Fut: Future<Output = ()>,
{
    let dir = tempfile::tempdir().expect("temp dir");
    let url = fresh_database(backend, dir.path()).await;
    let store = hireboard_store::connect(&url, &ConnectOptions::default())
        .await
        .expect("store connects and migrates");
    scenario(store, url).await;
}

macro_rules! conformance {
    ($($module:ident::$scenario:ident),* ; with the database URL: $($umodule:ident::$uscenario:ident),* $(,)?) => {
        fn main() {
            let mut suite = Suite::new();
            for backend in Backend::ALL {
                let needs = backend.server();
                $(
                    suite.test(
                        format!("{}::{}", backend.name(), stringify!($scenario)),
                        needs.as_slice(),
                        move || run(backend, $module::$scenario),
                    );
                )*
                $(
                    suite.test(
                        format!("{}::{}", backend.name(), stringify!($uscenario)),
                        needs.as_slice(),
                        move || run_with_url(backend, $umodule::$uscenario),
                    );
                )*
            }
            suite.run()
        }
    };
}

conformance!(
    scenarios::accounts_and_sessions,
    scenarios::account_changes_are_audited_and_revoke_sessions,
    scenarios::companies_are_created_with_their_owner,
    scenarios::postings_round_trip_every_field,
    scenarios::status_changes_are_guarded,
    scenarios::listing_filters_and_keyset_pages,
    scenarios::listed_postings_come_whole_in_job_code_order,
    scenarios::expiry_claims_each_posting_once,
    scenarios::import_keeps_codes_and_updates_what_it_names,
    scenarios::bulk_import_matches_writing_one_by_one,
    scenarios::applications_are_unique_with_history,
    scenarios::concurrent_applications_are_each_written_once,
    scenarios::closing_answers_every_write_it_took,
    scenarios::reports_hide_at_threshold_and_moderation_resolves,
    scenarios::concurrent_reporters_hide_a_posting_exactly_once,
    scenarios::interview_questions_match_and_change,
    scenarios::lists_page_by_cursor_and_filter,
    scenarios::idempotency_keys_claim_once,
    scenarios::unfinished_idempotency_claims_are_released_by_their_lease,
    events::every_write_records_typed_events_in_order,
    events::each_key_counts_its_events_from_one,
    memberships::invitations_are_used_once_by_the_invited_address,
    memberships::concurrent_acceptances_join_exactly_once,
    memberships::members_leave_and_a_company_keeps_an_owner,
    memberships::concurrent_removals_leave_one_owner,
    memberships::members_keep_the_recruiter_role,
    consumers::positions_resume_where_they_were_saved,
    consumers::dead_letters_are_kept_replayed_and_settled,
    consumers::a_lease_has_one_holder_until_it_runs_out,
    pipeline::each_event_is_counted_once;
    with the database URL:
    events::a_long_transaction_is_never_skipped,
    events::old_rows_stay_readable_after_the_migration,
    pipeline::counts_start_from_the_applications_there_were,
);
