//! The search language, parsed by us into a typed [`TextQuery`] (never handed to the engine
//! as syntax): words, `"quoted phrases"`, `-excluded` words or phrases, and `OR` between two
//! of them. Every other character is text; the analyzer decides what it means.

use std::fmt;

/// The longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 500;
/// The most words and phrases one query may hold.
pub const MAX_CLAUSES: usize = 32;

/// A word or a phrase, as the user wrote it (analysis happens per field, later).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Atom {
    Word(String),
    Phrase(String),
}

impl Atom {
    pub fn text(&self) -> &str {
        match self {
            Atom::Word(text) | Atom::Phrase(text) => text,
        }
    }
}

/// A parsed query: every group must match (a group matches when any of its atoms does), and
/// no excluded atom may.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct TextQuery {
    pub groups: Vec<Vec<Atom>>,
    pub excluded: Vec<Atom>,
}

impl TextQuery {
    /// Whether it asks for nothing (the listing, ordered as the caller says).
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty() && self.excluded.is_empty()
    }

    /// Every atom the user asked for, in order (what highlights and suggestions look at).
    pub fn wanted(&self) -> impl Iterator<Item = &Atom> {
        self.groups.iter().flatten()
    }
}

/// Why a query cannot be read, and where: `position` counts characters from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    pub position: usize,
    pub message: String,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at character {})", self.message, self.position)
    }
}

impl std::error::Error for QueryError {}

/// One lexical piece, with the character position it starts at (from 1).
#[derive(Debug, PartialEq)]
enum Piece {
    Atom { atom: Atom, negated: bool },
    Or,
}

/// Parses `input`. Control characters count as spaces; an empty result is a valid query.
/// Only what cannot be read is an error: an unclosed quote, or more than
/// [`MAX_QUERY_CHARS`]. Anything else has a reading: an `OR` with no word or phrase on one
/// side is the word "or", and words after the first [`MAX_CLAUSES`] are left out.
pub fn parse(input: &str) -> Result<TextQuery, QueryError> {
    let length = input.chars().count();
    if length > MAX_QUERY_CHARS {
        return Err(QueryError {
            position: MAX_QUERY_CHARS + 1,
            message: format!("the query is longer than {MAX_QUERY_CHARS} characters"),
        });
    }
    let pieces: Vec<Piece> = lex(input)?.into_iter().map(|(_, piece)| piece).collect();
    let wanted = |i: usize| matches!(pieces.get(i), Some(Piece::Atom { negated: false, .. }));
    let mut query = TextQuery::default();
    let mut clauses = 0;
    let mut joining = false;
    for (i, piece) in pieces.iter().enumerate() {
        if clauses == MAX_CLAUSES {
            break;
        }
        let (atom, negated) = match piece {
            // Between two wanted atoms, OR joins them; anywhere else it is a word.
            Piece::Or if i > 0 && wanted(i - 1) && wanted(i + 1) => {
                joining = true;
                continue;
            }
            Piece::Or => (Atom::Word("or".into()), false),
            Piece::Atom { atom, negated } => (atom.clone(), *negated),
        };
        clauses += 1;
        if negated {
            query.excluded.push(atom);
            continue;
        }
        match (joining, query.groups.last_mut()) {
            (true, Some(group)) => group.push(atom),
            _ => query.groups.push(vec![atom]),
        }
        joining = false;
    }
    Ok(query)
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c.is_control()
}

fn lex(input: &str) -> Result<Vec<(usize, Piece)>, QueryError> {
    let chars: Vec<char> = input.chars().collect();
    let mut pieces = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if is_space(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        let negated = chars[i] == '-';
        if negated {
            i += 1;
            if i == chars.len() || is_space(chars[i]) {
                // A lone minus sign excludes nothing: it is not a word either.
                continue;
            }
        }
        if chars[i] == '"' {
            let open = i;
            let close = chars[open + 1..].iter().position(|&c| c == '"');
            let Some(close) = close.map(|offset| open + 1 + offset) else {
                return Err(QueryError {
                    position: open + 1,
                    message: "this quote is never closed".into(),
                });
            };
            let text: String = chars[open + 1..close]
                .iter()
                .map(|&c| if is_space(c) { ' ' } else { c })
                .collect();
            i = close + 1;
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            if !text.is_empty() {
                let atom = Atom::Phrase(text);
                pieces.push((start + 1, Piece::Atom { atom, negated }));
            }
            continue;
        }
        let word_start = i;
        while i < chars.len() && !is_space(chars[i]) && chars[i] != '"' {
            i += 1;
        }
        let word: String = chars[word_start..i].iter().collect();
        if word == "OR" && !negated {
            pieces.push((start + 1, Piece::Or));
        } else {
            let atom = Atom::Word(word);
            pieces.push((start + 1, Piece::Atom { atom, negated }));
        }
    }
    Ok(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str) -> Atom {
        Atom::Word(text.into())
    }

    fn phrase(text: &str) -> Atom {
        Atom::Phrase(text.into())
    }

    #[test]
    fn words_phrases_exclusions_and_or_are_read() {
        let query = parse(r#"rust "site reliability" -php go OR golang -"night shift""#).unwrap();
        assert_eq!(
            query.groups,
            vec![
                vec![word("rust")],
                vec![phrase("site reliability")],
                vec![word("go"), word("golang")],
            ]
        );
        assert_eq!(query.excluded, vec![word("php"), phrase("night shift")]);
    }

    #[test]
    fn or_chains_and_lowercase_or_is_a_word() {
        let query = parse("a OR b OR c or d").unwrap();
        assert_eq!(
            query.groups,
            vec![
                vec![word("a"), word("b"), word("c")],
                vec![word("or")],
                vec![word("d")]
            ]
        );
    }

    #[test]
    fn engine_syntax_is_only_text() {
        for input in [
            "title:*", "*:*", "rust~2", "rust^10", "[a TO z]", "/ru.t/", "a && b",
        ] {
            let query = parse(input).unwrap();
            assert!(query.excluded.is_empty(), "{input}");
        }
        assert_eq!(
            parse("title:*").unwrap().groups,
            vec![vec![word("title:*")]]
        );
    }

    #[test]
    fn empty_blank_and_control_characters_are_an_empty_query() {
        for input in ["", "   ", "\0\u{1}\t\n", "-", " - - ", "\"\"", "\"  \""] {
            assert!(parse(input).unwrap().is_empty(), "{input:?}");
        }
        assert_eq!(
            parse("a\0b").unwrap().groups,
            vec![vec![word("a")], vec![word("b")]]
        );
    }

    #[test]
    fn what_cannot_be_read_names_its_position() {
        let cases = [
            (r#"rust "open phrase"#, 6, "never closed"),
            (r#""a" "b" "c"#, 9, "never closed"),
        ];
        for (input, position, message) in cases {
            let error = parse(input).expect_err(input);
            assert_eq!(error.position, position, "{input}: {error}");
            assert!(error.message.contains(message), "{input}: {error}");
        }
    }

    #[test]
    fn long_and_many_worded_queries_are_refused() {
        let long = "a".repeat(MAX_QUERY_CHARS + 1);
        assert_eq!(parse(&long).unwrap_err().position, MAX_QUERY_CHARS + 1);
        assert!(parse(&"a".repeat(MAX_QUERY_CHARS)).is_ok());
        let many: Vec<String> = (0..MAX_CLAUSES + 5).map(|n| format!("w{n}")).collect();
        let query = parse(&many.join(" ")).unwrap();
        assert_eq!(
            query.groups.len(),
            MAX_CLAUSES,
            "words after the limit are left out"
        );
    }

    #[test]
    fn an_or_with_nothing_to_join_is_a_word() {
        let or = || vec![word("or")];
        assert_eq!(
            parse("OR rust").unwrap().groups,
            vec![or(), vec![word("rust")]]
        );
        assert_eq!(
            parse("rust OR").unwrap().groups,
            vec![vec![word("rust")], or()]
        );
        assert_eq!(parse("OR").unwrap().groups, vec![or()]);
        let query = parse("rust OR -php").unwrap();
        assert_eq!(query.groups, vec![vec![word("rust")], or()]);
        assert_eq!(query.excluded, vec![word("php")]);
        let query = parse("-php OR go").unwrap();
        assert_eq!(query.groups, vec![or(), vec![word("go")]]);
        assert_eq!(
            parse("a OR OR b").unwrap().groups,
            vec![vec![word("a")], or(), or(), vec![word("b")]]
        );
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        let error = parse("zürich \"x").unwrap_err();
        assert_eq!(error.position, 8);
    }
}
