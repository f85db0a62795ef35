//! Pages of lists that can grow: a page of items and the cursor of the next one.

use serde::{Deserialize, Serialize};

/// One page of a list.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// The page of `items` (as many as asked for), with a cursor made from the last one's
    /// sort key when `more` follow.
    pub(crate) fn new(items: Vec<T>, more: bool, key: impl Fn(&T) -> Vec<i64>) -> Page<T> {
        let next_cursor = match (more, items.last()) {
            (true, Some(last)) => Some(hireboard_domain::cursor::encode(&key(last))),
            _ => None,
        };
        Page { items, next_cursor }
    }
}
