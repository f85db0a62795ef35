//! Use-case tests: the service's rules exercised on the service itself, on a fresh database
//! per test, without HTTP. The HTTP suite (crates/server/tests/api) tests the protocol on top.
//!
//! The binary runs on hireboard's own harness (`harness = false`): a test is a plain
//! `pub async fn name()` in its module, named once in the list below.

mod idempotency;

hireboard_test_harness::main! {
    idempotency::a_retry_gets_the_same_resource_and_acts_once,
    idempotency::a_refusal_is_answered_again_and_other_input_is_refused,
    idempotency::a_concurrent_duplicate_is_told_the_write_is_in_progress,
    idempotency::a_dropped_caller_leaves_its_outcome_to_the_retry,
    idempotency::a_claim_whose_instance_died_is_released_by_its_lease,
}
