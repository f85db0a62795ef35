//! Bounded, trimmed text fields.

use crate::error::FieldError;

/// Whether the text may span lines (descriptions, notes) or must be one line (titles, names).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    Single,
    Multi,
}

/// `value` in lower case, one character for each: of a character whose lower case is longer,
/// the first is kept. Only `İ` has one (`i` and a combining dot above, U+0307), and keeping
/// the dot would put a character no check allowed into a stored value that is checked again
/// when it is read back, and would make it longer than it was checked to be.
pub fn lower_case(value: &str) -> String {
    value
        .chars()
        .filter_map(|c| c.to_lowercase().next())
        .collect()
}

/// Trims `value` and checks its length in characters and that it holds no control characters
/// (newlines and tabs are allowed in multi-line text).
///
/// The maximum counts the characters as sent and the minimum those left after trimming, so
/// both are what the API description states: `maxLength`, and a `pattern` that asks for
/// `min_chars` characters between the leading and trailing whitespace.
pub fn bounded(
    field: &str,
    value: &str,
    min_chars: usize,
    max_chars: usize,
    lines: Lines,
) -> Result<String, FieldError> {
    if value.chars().count() > max_chars {
        return Err(FieldError::new(
            field,
            format!("must be at most {max_chars} characters"),
        ));
    }
    let trimmed = value.trim();
    if trimmed.chars().count() < min_chars {
        return Err(FieldError::new(
            field,
            if min_chars == 1 {
                "must not be empty".to_owned()
            } else {
                format!("must be at least {min_chars} characters")
            },
        ));
    }
    let allowed = |c: char| match lines {
        Lines::Single => !c.is_control(),
        Lines::Multi => !c.is_control() || c == '\n' || c == '\t' || c == '\r',
    };
    if !trimmed.chars().all(allowed) {
        return Err(FieldError::new(
            field,
            "must not contain control characters",
        ));
    }
    Ok(trimmed.to_owned())
}

/// An optional bounded field: absent or blank becomes `None`.
pub fn optional(
    field: &str,
    value: Option<&str>,
    max_chars: usize,
    lines: Lines,
) -> Result<Option<String>, FieldError> {
    match value {
        None => Ok(None),
        Some(v) => {
            bounded(field, v, 0, max_chars, lines).map(|v| Some(v).filter(|v| !v.is_empty()))
        }
    }
}

/// Parses a list, checking its length and each element, with `[i]` in the error path.
pub fn list<T, R>(
    field: &str,
    values: &[R],
    max_items: usize,
    mut parse: impl FnMut(&str, &R) -> Result<T, FieldError>,
) -> Result<Vec<T>, FieldError> {
    if values.len() > max_items {
        return Err(FieldError::new(
            field,
            format!("must have at most {max_items} items"),
        ));
    }
    values
        .iter()
        .enumerate()
        .map(|(i, v)| parse(&format!("{field}[{i}]"), v))
        .collect()
}

/// `text` cut to at most `max` characters (an ellipsis marks the cut), for echoing client
/// input back in an error without echoing all of it.
pub fn abbreviated(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_owned(),
        Some((end, _)) => format!("{}…", &text[..end]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviates_long_text_on_a_character_boundary() {
        assert_eq!(abbreviated("short", 10), "short");
        assert_eq!(abbreviated("ünïcödé text", 5), "ünïcö…");
    }

    #[test]
    fn trims_and_bounds() {
        assert_eq!(bounded("t", "  hi ", 1, 5, Lines::Single).unwrap(), "hi");
        assert!(bounded("t", "   ", 1, 5, Lines::Single).is_err());
        assert!(bounded("t", "abcdef", 1, 5, Lines::Single).is_err());
        assert!(bounded("t", "a\u{0}b", 1, 5, Lines::Single).is_err());
        assert!(bounded("t", "a\nb", 1, 5, Lines::Single).is_err());
        assert_eq!(bounded("t", "a\nb", 1, 5, Lines::Multi).unwrap(), "a\nb");
    }

    #[test]
    fn the_maximum_counts_what_was_sent_and_the_minimum_what_is_left() {
        assert!(bounded("t", " abcde", 1, 5, Lines::Single).is_err());
        assert!(bounded("t", "  ab  ", 3, 6, Lines::Single).is_err());
        assert_eq!(bounded("t", " abc ", 3, 5, Lines::Single).unwrap(), "abc");
        assert_eq!(optional("t", Some("   "), 5, Lines::Single).unwrap(), None);
        assert!(optional("t", Some("      "), 5, Lines::Single).is_err());
    }

    #[test]
    fn counts_characters_not_bytes() {
        assert!(bounded("t", "ééééé", 1, 5, Lines::Single).is_ok());
    }

    #[test]
    fn list_paths_name_the_index() {
        let err = list("skills", &["ok", ""], 5, |f, v| {
            bounded(f, v, 1, 5, Lines::Single)
        })
        .unwrap_err();
        assert_eq!(err.field, "skills[1]");
    }
}
