//! The text rules of the API, written as the regular expressions the description states.
//!
//! Text fields are trimmed and must not hold control characters (multi-line text may hold
//! tabs and line breaks), and at least `minLength` characters must remain after trimming
//! (see `hireboard_domain::text::bounded`). JSON Schema cannot say "after trimming", so the
//! types' attributes name a rule and this module writes it out:
//!
//! - `pattern = "<line>"` / `"<text>"`: the whole rule for one-line / multi-line text, with
//!   the minimum taken from `minLength` (none: blank text is allowed and means "absent");
//! - `<ws>`, `<visible>`, `<char>` inside a pattern: a character Rust's `str::trim` removes,
//!   one that remains (neither whitespace nor control), one allowed on a line;
//! - `<skill>`, `<email>`, `<website>`, `<currency>`, `<country>`, `<city>`: shared formats.
//!
//! Character classes are spelled out rather than written `\s`, because `\s` means a different
//! set in ECMA-262, Python and Rust, and Rust's trim is what the server applies.

use hireboard_domain::country::COUNTRIES;
use hireboard_domain::posting::CURRENCIES;
use serde_json::Value;

/// What `str::trim` removes: Unicode White_Space.
const WS: &str = r"[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]";
/// Neither whitespace nor a control character.
const VISIBLE: &str = r"[^\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]";
/// Any character but a control character.
const LINE_CHAR: &str = r"[^\x00-\x1f\x7f-\x9f]";
/// Any character but a control character other than tab, line feed and carriage return.
const TEXT_CHAR: &str = r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]";
/// A skill tag between its trimmed ends: letters, digits, `+#./-` and inner spaces, at most
/// 40 characters (`hireboard_domain::posting::parse_skill`).
const SKILL: &str = r"[\p{L}\p{N}+#./-](?:[\p{L}\p{N}+#./ -]{0,38}[\p{L}\p{N}+#./-])?";
/// `hireboard_domain::account::Email::parse`.
const EMAIL: &str =
    r"^<ws>*[\p{L}\p{N}!#$%&'*+/=?^_`{|}~.-]{1,64}@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+<ws>*$";
/// An http(s) URL without spaces, quotes, angle brackets or backslashes; blank means none.
const WEBSITE: &str = r#"^<ws>*(?:https?://[^\x00-\x20\x7f-\x9f<>"'\\]*[^\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000<>"'\\]<ws>*)?$"#;

/// Writes out every rule named in `node`'s schemas.
pub fn expand(node: &mut Value) {
    match node {
        Value::Object(map) => {
            if let Some(Value::String(pattern)) = map.get("pattern") {
                let min = map.get("minLength").and_then(Value::as_u64).unwrap_or(0);
                let expanded = expand_pattern(pattern, min);
                map.insert("pattern".into(), Value::String(expanded));
            }
            map.values_mut().for_each(expand);
        }
        Value::Array(items) => items.iter_mut().for_each(expand),
        _ => {}
    }
}

fn expand_pattern(pattern: &str, min_chars: u64) -> String {
    let pattern = match pattern {
        "<line>" => trimmed(LINE_CHAR, min_chars),
        "<text>" => trimmed(TEXT_CHAR, min_chars),
        "<email>" => EMAIL.to_owned(),
        "<website>" => WEBSITE.to_owned(),
        "<currency>" => any_code(CURRENCIES),
        "<country>" => any_code(&COUNTRIES),
        "<salary-band>" => salary_band(),
        "<search>" => BALANCED_QUOTES.to_owned(),
        "<city>" => known_city(),
        other => other.to_owned(),
    };
    pattern
        .replace("<skill>", SKILL)
        .replace("<ws>", WS)
        .replace("<visible>", VISIBLE)
        .replace("<char>", LINE_CHAR)
}

/// Text of `inner` characters with at least `min_chars` left between its trimmed ends.
fn trimmed(inner: &str, min_chars: u64) -> String {
    let core = match min_chars {
        0 => format!("(?:<visible>(?:{inner}*<visible>)?)?"),
        1 => format!("<visible>(?:{inner}*<visible>)?"),
        n => format!("<visible>{inner}{{{},}}<visible>", n - 2),
    };
    format!("^<ws>*{core}<ws>*$")
}

/// Any of `codes` (ISO 4217 currencies, ISO 3166-1 countries), in any case, as the server
/// upper-cases them.
fn any_code(codes: &[&str]) -> String {
    let codes: Vec<String> = codes
        .iter()
        .map(|code| {
            code.chars()
                .map(|c| format!("[{c}{}]", c.to_ascii_lowercase()))
                .collect()
        })
        .collect();
    format!("^<ws>*(?:{})<ws>*$", codes.join("|"))
}

/// A search (`q`): the only text its reader cannot read has a quote left open.
const BALANCED_QUOTES: &str = r#"^[^"]*(?:"[^"]*"[^"]*)*$"#;

/// A value of the salary facet: a currency code as written (upper case), a space, a band.
fn salary_band() -> String {
    let bands: Vec<String> = hireboard_service::SALARY_BANDS
        .iter()
        .map(|band| band.replace('+', r"\+"))
        .collect();
    format!("^(?:{}) (?:{})$", CURRENCIES.join("|"), bands.join("|"))
}

/// A city the board knows, as the gazetteer spells it (the server also takes it in any case
/// and without accents).
fn known_city() -> String {
    let names: Vec<&str> = hireboard_domain::geo::CITIES
        .iter()
        .map(|city| city.name)
        .collect();
    format!("^<ws>*(?:{})<ws>*$", names.join("|"))
}

/// Text with something left after trimming (unanchored).
pub const NOT_BLANK: &str = VISIBLE;
