//! Who may do what: one protocol-neutral table ([`table`]) of callers, actions ([`actions`])
//! and outcomes, run by one harness ([`harness`]) through an adapter; today REST's ([`rest`]).

mod actions;
mod caller_before_body;
mod harness;
mod rest;
mod table;

pub use caller_before_body::suspending_judges_the_caller_before_the_body;

use crate::helpers::TestApp;

/// Every action tried by each caller of its row, with its input and with bad input; every
/// operation the REST API serves has a row.
pub async fn every_endpoint_enforces_who_may_do_what() {
    // Actions with input are also tried with bad input, which counts against the per-client
    // registration and login limits like any other attempt.
    let app = TestApp::spawn_with(|config| {
        config.rate_limits.register.max = 100;
        config.rate_limits.login.max = 100;
    })
    .await;
    let rest = rest::Rest::prepare(&app).await;
    harness::assert_every_operation_has_rows(&rest, table::ROWS).await;
    harness::run(&rest, table::ROWS).await;
}
