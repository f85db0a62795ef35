//! Pages of lists, and the query string of a list with no filters of its own.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// One page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    items: Vec<T>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    next_cursor: Option<String>,
}

impl<T, D> From<hireboard_service::Page<D>> for Page<T>
where
    T: From<D>,
{
    fn from(page: hireboard_service::Page<D>) -> Self {
        let hireboard_service::Page { items, next_cursor } = page;
        Page {
            items: super::all(items),
            next_cursor,
        }
    }
}

/// Query-string parameters of a list with no filters of its own.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Page size, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
    /// Opaque cursor from a previous page's `next_cursor`.
    #[param(max_length = 128)]
    cursor: Option<String>,
}

impl From<PageParams> for hireboard_domain::cursor::PageParams {
    fn from(PageParams { limit, cursor }: PageParams) -> Self {
        hireboard_domain::cursor::PageParams { limit, cursor }
    }
}
