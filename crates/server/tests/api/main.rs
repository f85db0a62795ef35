//! Integration tests: the real application on port 0 with a fresh data folder per test,
//! driven over HTTP, on the database `HIREBOARD_TEST_DATABASE` names (SQLite by default). One
//! test binary for the whole crate (linking is the slow part).
//!
//! The binary runs on hireboard's own harness (`harness = false`): a test is a plain
//! `pub async fn name()` in its module, named once in the list below, with `needs(...)` for
//! the servers it needs beyond the database under test; a test whose server is not
//! configured is ignored, and the summary counts it. Functions marked `#[test]` or
//! `#[tokio::test]` are not run here.

mod database;
mod helpers;

mod accounts;
mod applications;
mod authorization;
mod bad_input;
mod caching;
mod commands;
mod companies;
mod dropped_requests;
mod enums;
mod etag;
mod faults;
mod idempotency;
mod listing;
mod moderation;
mod operations;
mod postings;
mod rate_limits;
mod search;
mod search_on_brokers;
mod seed;
mod worker;

hireboard_test_harness::main! {
    accounts::register_login_me_logout,
    accounts::weak_passwords_and_staff_roles_are_refused,
    accounts::duplicate_email_is_a_conflict_case_insensitively,
    accounts::unknown_email_and_wrong_password_get_the_same_answer,
    accounts::failed_logins_are_throttled_without_revealing_accounts,
    accounts::sessions_expire_when_idle_and_absolutely,
    accounts::bad_tokens_are_rejected_not_downgraded,
    accounts::suspension_revokes_sessions_and_blocks_login,
    accounts::a_device_token_gets_its_owner_through_a_blocked_address,
    accounts::login_limits_come_from_the_configuration,
    applications::apply_once_with_required_answers_and_follow_the_pipeline,
    applications::candidates_withdraw_and_cannot_apply_to_closed_postings,
    applications::concurrent_duplicate_applications_create_exactly_one,
    applications::the_pipeline_counts_each_applicant_at_its_stage,
    authorization::every_endpoint_enforces_who_may_do_what,
    authorization::suspending_judges_the_caller_before_the_body,
    bad_input::malformed_bodies_get_named_4xx_problems,
    bad_input::oversized_bodies_are_refused,
    bad_input::hostile_paths_and_ids_are_not_found_not_errors,
    bad_input::hostile_strings_round_trip_as_data,
    commands::serve_answers_probes_on_both_ports_and_stops_on_sigterm,
    commands::each_request_is_logged_once_at_info,
    commands::demo_serves_the_seed_posting_and_serves_its_board_again,
    commands::demo_refuses_a_board_in_use_unless_forced,
    commands::demo_checks_the_port_before_loading_anything,
    commands::events_commands_list_and_replay_dead_letters,
    commands::migrate_prepares_the_database_and_can_run_again,
    commands::generate_writes_n_lines_deterministically,
    commands::import_loads_a_file_and_rejects_a_bad_one_by_line_number,
    commands::create_admin_makes_a_staff_account_that_works_over_http,
    commands::create_admin_needs_a_good_password_from_the_environment,
    commands::configuration_errors_name_the_variable_and_the_value,
    commands::an_unwritable_data_folder_is_named_with_permission_denied,
    commands::the_readme_walk_through_runs_as_written,
    commands::reindex_rebuilds_beside_the_index_in_use_and_the_server_moves_over,
    caching::a_database_in_another_ones_place_never_gets_its_cached_postings needs(Redis),
    caching::changes_reach_another_instance_sharing_redis_within_a_second needs(Redis),
    caching::changes_reach_another_instance_without_redis_within_a_second,
    search::changes_are_searchable_within_a_second_with_highlights_and_facets,
    search::a_new_instance_builds_its_index_from_the_store,
    search::pages_of_a_search_follow_each_other_and_cursors_belong_to_theirs,
    search::hostile_queries_get_results_or_a_clear_client_error,
    search::suggestions_complete_what_is_typed_and_refuse_what_is_not_a_prefix,
    search::near_finds_offices_within_the_radius_and_remote_jobs_open_to_the_country,
    caching::session_changes_reach_another_instance_within_a_second,
    caching::everything_works_when_redis_is_unreachable,
    enums::every_documented_enum_value_is_accepted,
    etag::unchanged_postings_answer_304_and_edits_change_the_etag,
    etag::an_etag_does_not_reveal_unlisted_postings,
    faults::start_up_refuses_with_one_clear_line,
    faults::start_up_refuses_with_one_clear_line_on_postgres needs(Postgres),
    faults::start_up_refuses_with_one_clear_line_on_mysql needs(Mysql),
    faults::a_database_outage_gives_503_then_recovers_by_itself needs(Postgres),
    idempotency::retries_replay_the_first_response_and_act_once,
    idempotency::a_retry_after_the_resource_was_deleted_gets_the_first_answer,
    idempotency::racing_requests_with_one_key_act_once,
    idempotency::bad_keys_are_refused,
    idempotency::login_responses_are_never_stored,
    listing::filters_select_the_right_postings,
    listing::keyset_pages_stay_correct_while_postings_are_added,
    listing::bad_listing_parameters_name_the_field,
    listing::every_list_that_grows_pages_by_cursor_and_filters,
    moderation::reports_hide_at_the_threshold_and_moderators_decide,
    moderation::a_single_report_can_be_dismissed,
    moderation::interview_questions_fit_the_posting,
    operations::health_readiness_and_request_ids,
    operations::metrics_count_requests_by_route_and_status,
    operations::served_openapi_matches_the_committed_file,
    operations::docs_are_served_with_their_own_assets,
    postings::draft_edit_publish_close_lifecycle,
    postings::descriptions_are_sanitized_on_the_way_in,
    postings::a_skill_whose_lower_case_is_longer_is_stored_and_read_back,
    postings::postings_expire_after_valid_through_and_can_be_reconfirmed,
    postings::every_state_change_writes_its_event,
    postings::cached_reads_never_outlive_a_write,
    rate_limits::registrations_and_logins_are_limited_per_client,
    rate_limits::applying_and_reporting_are_limited_per_account,
    rate_limits::instances_sharing_redis_share_the_limits needs(Redis),
    rate_limits::failed_logins_are_throttled_across_instances_sharing_redis needs(Redis),
    rate_limits::behind_a_trusted_proxy_the_forwarded_client_is_counted,
    seed::seed_posting_round_trips_through_the_api,
    seed::demo_data_serves_the_seed_posting_and_many_more,
    dropped_requests::dropped_requests_leave_no_transaction_lock_or_half_write,
    bad_input::thousands_of_unknown_answers_get_a_short_problem,
    accounts::unauthorized_answers_name_the_scheme_which_is_case_insensitive,
    accounts::a_session_used_more_often_than_its_idle_timeout_stays_alive,
    idempotency::a_keyed_request_whose_client_hung_up_is_replayed_to_the_retry,
    idempotency::the_same_json_spelled_differently_is_the_same_request,
    idempotency::keyed_requests_judge_the_caller_before_the_body,
    faults::readiness_fails_while_the_database_takes_no_writes,
    faults::an_unreachable_broker_fails_no_write_and_not_readiness,
    companies::invitations_end_to_end,
    companies::invitations_answer_the_same_whoever_the_address_belongs_to,
    companies::unusable_tokens_get_one_answer,
    companies::members_leave_and_owners_remove_but_the_last_owner_stays,
    companies::invitations_and_members_come_a_page_at_a_time,
    rate_limits::invitations_are_limited_per_inviting_owner,
    idempotency::invitation_responses_are_never_stored,
    worker::killed_workers_lose_no_event_on_rabbitmq needs(Rabbitmq),
    worker::a_workers_readiness_follows_its_broker needs(Nats),
    worker::killed_workers_lose_no_event_on_nats needs(Nats),
    worker::killed_workers_lose_no_event_on_kafka needs(Kafka),
    search_on_brokers::an_instance_follows_rabbitmq_and_catches_up_after_a_restart needs(Rabbitmq),
    search_on_brokers::an_instance_follows_nats_and_catches_up_after_a_restart needs(Nats),
    search_on_brokers::an_instance_follows_kafka_and_catches_up_after_a_restart needs(Kafka),
}
