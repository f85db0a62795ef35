//! Runs the table through an [`Adapter`]: one protocol's way of performing an action as a
//! caller and of telling which error code came back.

use std::collections::BTreeSet;

use hireboard_service::ErrorCode;

use super::actions::{Action, Caller};
use super::table::{Outcome, Row};

/// Refusals of the caller: whoever gets one with good input gets it whatever the input.
const REFUSALS: [ErrorCode; 3] = [
    ErrorCode::Unauthenticated,
    ErrorCode::Forbidden,
    ErrorCode::NotFound,
];

/// A way to spoil an action's input, and what it deserves from a caller who may act.
pub struct BadInput<T> {
    pub what: &'static str,
    pub deserved: ErrorCode,
    pub input: T,
}

/// What an action came to, and what the protocol said, for failure messages.
pub struct Answer {
    pub outcome: Outcome,
    pub said: String,
}

/// One protocol's way of performing the table's actions in its prepared world.
pub trait Adapter {
    /// The protocol's form of a spoiled input (for REST, a body's bytes and content type).
    type Input;

    /// Every operation the protocol serves, named as [`Adapter::operation`] names them.
    async fn served_operations(&self) -> BTreeSet<String>;

    /// The operation `action` is performed through.
    fn operation(&self, action: Action) -> String;

    /// Ways to spoil `action`'s input; none for an action that takes none.
    fn bad_inputs(&self, action: Action) -> Vec<BadInput<Self::Input>>;

    /// Performs `action` as `caller`, with its good input or with `spoiled`.
    async fn perform(
        &self,
        caller: Caller,
        action: Action,
        spoiled: Option<&Self::Input>,
    ) -> Answer;
}

/// Every operation the adapter serves has a row, and every row's operation is served.
pub async fn assert_every_operation_has_rows(adapter: &impl Adapter, rows: &[Row]) {
    let served = adapter.served_operations().await;
    let tried: BTreeSet<String> = rows
        .iter()
        .map(|row| adapter.operation(row.action))
        .collect();
    let untried: Vec<_> = served.difference(&tried).collect();
    assert!(untried.is_empty(), "no row tries {untried:?}");
    let unserved: Vec<_> = tried.difference(&served).collect();
    assert!(
        unserved.is_empty(),
        "rows for operations not served: {unserved:?}"
    );
}

/// Performs each row's action as each of its callers, in order. An action with input is first
/// performed with each bad input: a caller refused with the good input is refused the same,
/// whatever the input; the others are told what is wrong with it, and nothing happens, so the
/// good input then gets what the row expects.
pub async fn run(adapter: &impl Adapter, rows: &[Row]) {
    for row in rows {
        let action = row.action;
        assert!(
            !row.expected.is_empty(),
            "{action:?}: a row without callers"
        );
        for bad in adapter.bad_inputs(action) {
            for &(caller, expected) in row.expected {
                let deserved = match expected {
                    Err(code) if REFUSALS.contains(&code) => expected,
                    _ => Err(bad.deserved),
                };
                let answer = adapter.perform(caller, action, Some(&bad.input)).await;
                let what = bad.what;
                assert_eq!(
                    answer.outcome, deserved,
                    "{action:?} as {caller:?} with {what}: {}",
                    answer.said
                );
            }
        }
        for &(caller, expected) in row.expected {
            let answer = adapter.perform(caller, action, None).await;
            assert_eq!(
                answer.outcome, expected,
                "{action:?} as {caller:?}: {}",
                answer.said
            );
        }
    }
}
