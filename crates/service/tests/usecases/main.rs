//! Use-case tests: the service's rules (who may do what, state transitions, screening
//! answers, the report threshold, company membership, idempotency) exercised on the service
//! itself, on a
//! fresh database per test (`HIREBOARD_TEST_DATABASE` picks the backend, SQLite by default),
//! without HTTP. The HTTP suite (crates/server/tests/api) tests the protocol on top.
//!
//! The binary runs on hireboard's own harness (`harness = false`): a test is a plain
//! `pub async fn name()` in its module, named once in the list below.

mod support;

mod applications;
mod authorization;
mod companies;
mod idempotency;
mod postings;
mod reports;
mod screening;

hireboard_test_harness::main! {
    authorization::anonymous_callers_must_log_in_to_write,
    authorization::each_role_does_only_its_own_work,
    authorization::another_company_neither_sees_drafts_nor_manages_postings,
    authorization::admins_manage_every_company_and_staff_see_unlisted_postings,
    authorization::applications_are_seen_by_their_candidate_and_the_hiring_company_only,
    authorization::the_caller_is_judged_before_the_input,
    authorization::admins_administer_other_accounts_never_their_own,
    authorization::suspension_ends_every_session_until_reinstated,
    postings::drafts_are_published_then_closed,
    postings::no_step_is_taken_from_a_state_that_does_not_allow_it,
    postings::drafts_and_listed_postings_are_edited_and_checked,
    postings::recruiters_post_only_for_a_company_they_belong_to,
    postings::postings_expire_and_are_reconfirmed,
    postings::a_draft_past_its_date_is_not_published,
    applications::a_candidate_applies_once,
    applications::concurrent_duplicate_applications_create_exactly_one,
    applications::recruiters_move_applicants_forward_or_reject_them,
    applications::only_the_candidate_withdraws_and_only_before_a_final_stage,
    applications::hired_candidates_cannot_withdraw,
    applications::unlisted_postings_take_no_applications,
    screening::required_questions_must_be_answered,
    screening::each_answer_has_its_questions_type_and_range,
    screening::answers_to_questions_not_asked_are_refused,
    screening::every_problem_is_named_at_once,
    screening::good_answers_are_kept_as_given,
    screening::answers_follow_the_questions_as_edited,
    screening::a_blank_answer_does_not_answer_a_required_question,
    reports::the_threshold_report_hides_the_posting,
    reports::a_reporter_counts_once,
    reports::concurrent_reporters_hide_the_posting_exactly_once,
    reports::restoring_dismisses_the_reports_and_the_count_starts_again,
    reports::a_dismissed_report_no_longer_counts,
    reports::moderators_decide_only_from_the_states_each_decision_names,
    reports::a_hidden_posting_stays_hidden_whatever_its_recruiter_does,
    companies::the_creator_owns_the_company_and_belongs_to_one_only,
    companies::an_invitation_is_accepted_once_by_its_addressee,
    companies::invitations_expire_and_can_be_revoked,
    companies::only_owners_invite_and_remove_and_members_may_leave,
    companies::the_last_owner_stays,
    companies::two_owners_leaving_at_once_leave_one_behind,
    companies::accepting_two_invitations_at_once_joins_one_company,
    companies::owners_act_only_on_their_own_company,
    companies::invitations_match_addresses_case_insensitively,
    companies::members_keep_the_recruiter_role_until_they_leave,
    idempotency::a_retry_gets_the_same_resource_and_acts_once,
    idempotency::a_refusal_is_answered_again_and_other_input_is_refused,
    idempotency::a_concurrent_duplicate_is_told_the_write_is_in_progress,
    idempotency::a_dropped_caller_leaves_its_outcome_to_the_retry,
    idempotency::a_claim_whose_instance_died_is_released_by_its_lease,
}
