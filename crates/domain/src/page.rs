//! Pages of lists kept in id order (a company's members, its invitations): a page size and
//! an opaque cursor naming the last id of the previous page. Ids never change, so a page
//! boundary stays put while rows are added or removed.

use base64::Engine as _;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::error::{FieldError, ValidationErrors};
use crate::posting::{parse_number, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};

/// Query-string parameters of a paginated list, as sent.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Page size, 1 to 100 (default 20).
    pub limit: Option<String>,
    /// Opaque cursor from a previous page's `next_cursor`.
    pub cursor: Option<String>,
}

/// A checked page request: up to `limit` items past the one with id `after`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub limit: u32,
    pub after: Option<i64>,
}

/// Marks these cursors, so a listing cursor of postings is refused here instead of misread.
const CURSOR_TAG: &str = "id:";

impl PageParams {
    pub fn parse(&self) -> Result<PageRequest, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let limit = match self.limit.as_deref() {
            None => DEFAULT_PAGE_SIZE,
            Some(v) => errors
                .check(parse_number::<u32>("limit", v, 1, MAX_PAGE_SIZE))
                .unwrap_or(DEFAULT_PAGE_SIZE),
        };
        let after = self.cursor.as_deref().and_then(|v| {
            errors.check(
                decode(v)
                    .ok_or_else(|| FieldError::new("cursor", "is not a cursor this server issued")),
            )
        });
        errors.into_result(|| PageRequest { limit, after })
    }
}

/// The cursor of the page that follows the item with id `last`.
pub fn cursor_after(last: i64) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{CURSOR_TAG}{last}"))
}

fn decode(value: &str) -> Option<i64> {
    if value.len() > 64 {
        return None;
    }
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(value)
        .ok()?;
    let id = std::str::from_utf8(&raw).ok()?.strip_prefix(CURSOR_TAG)?;
    id.parse().ok().filter(|id| *id > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_named() {
        let params = PageParams {
            limit: Some("5".into()),
            cursor: Some(cursor_after(42)),
        };
        assert_eq!(
            params.parse().unwrap(),
            PageRequest {
                limit: 5,
                after: Some(42)
            }
        );
        assert_eq!(
            PageParams::default().parse().unwrap(),
            PageRequest {
                limit: DEFAULT_PAGE_SIZE,
                after: None
            }
        );
        let posting_cursor = crate::posting::Cursor {
            posted_at: chrono::DateTime::from_timestamp_micros(1_757_894_400_123_456).unwrap(),
            job_code: crate::ids::JobCode(1546216),
        }
        .encode();
        for bad in [
            "",
            "!!!",
            "aWQ6LTE",
            "aWQ6eA",
            &"A".repeat(100),
            &posting_cursor,
        ] {
            let params = PageParams {
                cursor: Some(bad.to_owned()),
                ..Default::default()
            };
            assert_eq!(params.parse().unwrap_err().0[0].field, "cursor", "{bad}");
        }
        let params = PageParams {
            limit: Some("0".into()),
            ..Default::default()
        };
        assert_eq!(params.parse().unwrap_err().0[0].field, "limit");
    }
}
