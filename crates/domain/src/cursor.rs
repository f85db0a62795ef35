//! Opaque keyset cursors: the sort key of the last item of a page, which the next page starts
//! after. A cursor is a handful of integers, base64url-encoded, so it survives being passed
//! around in URLs and reveals nothing a client should rely on.

use base64::Engine as _;

use crate::error::FieldError;

/// Query-string parameters of a list with no filters of its own.
#[derive(Debug, Clone, Default)]
pub struct PageParams {
    /// Page size, 1 to 100 (default 20).
    pub limit: Option<u32>,
    /// Opaque cursor from a previous page's `next_cursor`.
    pub cursor: Option<String>,
}

/// Encodes the key of a page's last item.
pub fn encode(key: &[i64]) -> String {
    let raw = key.iter().map(i64::to_string).collect::<Vec<_>>().join(".");
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw)
}

/// Decodes a cursor of exactly `N` integers, as [`encode`] made it.
pub fn decode<const N: usize>(value: &str) -> Option<[i64; N]> {
    if value.len() > 128 {
        return None;
    }
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(value)
        .ok()?;
    let parts = std::str::from_utf8(&raw)
        .ok()?
        .split('.')
        .map(|part| part.parse::<i64>().ok())
        .collect::<Option<Vec<_>>>()?;
    parts.try_into().ok()
}

/// The `cursor` parameter, decoded, or a field error naming it.
pub fn parse<const N: usize>(value: Option<&str>) -> Result<Option<[i64; N]>, FieldError> {
    value
        .map(|value| {
            decode(value)
                .ok_or_else(|| FieldError::new("cursor", "is not a cursor this server issued"))
        })
        .transpose()
}

/// A page size: 1 to [`crate::posting::MAX_PAGE_SIZE`], default
/// [`crate::posting::DEFAULT_PAGE_SIZE`].
pub fn page_size(limit: Option<u32>) -> Result<u32, FieldError> {
    use crate::posting::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};
    match limit {
        None => Ok(DEFAULT_PAGE_SIZE),
        Some(n) if (1..=MAX_PAGE_SIZE).contains(&n) => Ok(n),
        Some(_) => Err(FieldError::new(
            "limit",
            format!("must be a whole number from 1 to {MAX_PAGE_SIZE}"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_other_shapes() {
        let key = [1_757_894_400_123_456, -3, 1546216];
        assert_eq!(decode::<3>(&encode(&key)), Some(key));
        assert_eq!(decode::<2>(&encode(&key)), None, "another list's cursor");
        for bad in ["", "!!!", "bm90LWEtY3Vyc29y", &"A".repeat(200)] {
            assert_eq!(decode::<2>(bad), None, "{bad}");
        }
    }
}
