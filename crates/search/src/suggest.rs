//! Completions as the user types: skills, titles and company names that start with what was
//! typed (without regard to case or accents), most used first, forgiving one typo once four
//! letters are typed (two from nine).
//!
//! Each posting indexes one term per suggestion: `<folded text>\u{1}<kind>\u{1}<text as
//! written>`. Terms sort by their folded text, so a prefix is one range of the dictionary,
//! and each term's document frequency says how many postings use it.

use std::collections::HashMap;

use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, RawTokenizer, TextAnalyzer};

use crate::index::{SearchError, SearchIndex};

const SEPARATOR: char = '\u{1}';
/// The longest prefix looked up, in characters.
pub const MAX_PREFIX_CHARS: usize = 100;
/// Typos are forgiven from this many characters typed.
const TYPO_FROM: usize = 4;

/// What a suggestion is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Skill,
    Title,
    Company,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Skill => "skill",
            Kind::Title => "title",
            Kind::Company => "company",
        }
    }

    fn from_name(name: &str) -> Option<Kind> {
        [Kind::Skill, Kind::Title, Kind::Company]
            .into_iter()
            .find(|kind| kind.name() == name)
    }
}

/// One completion, with how many listed postings use it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub text: String,
    pub kind: Kind,
    pub postings: u64,
}

/// `text` lower-cased and folded to ASCII, spaces kept: what prefixes are compared with.
pub fn fold(text: &str) -> String {
    let mut analyzer = TextAnalyzer::builder(RawTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build();
    let mut stream = analyzer.token_stream(text);
    let mut folded = String::new();
    while let Some(token) = stream.next() {
        folded.push_str(&token.text);
    }
    folded.replace(SEPARATOR, " ")
}

pub(crate) fn suggestion_term(kind: Kind, text: &str) -> String {
    format!("{}{SEPARATOR}{}{SEPARATOR}{text}", fold(text), kind.name())
}

fn parse_term(term: &[u8]) -> Option<(&str, Kind, &str)> {
    let term = std::str::from_utf8(term).ok()?;
    let mut parts = term.splitn(3, SEPARATOR);
    let (folded, kind, text) = (parts.next()?, parts.next()?, parts.next()?);
    Some((folded, Kind::from_name(kind)?, text))
}

/// Edit distance between `a` and `b` (insertions, deletions, substitutions, and swaps of
/// neighbours), giving up above `most`.
fn distance_within(a: &[char], b: &[char], most: usize) -> Option<usize> {
    let mut before: Vec<usize> = Vec::new();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut current = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            current[j] = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                current[j] = current[j].min(before[j - 2] + 1);
            }
        }
        before = std::mem::replace(&mut previous, current);
    }
    let found = previous[b.len()];
    (found <= most).then_some(found)
}

/// Whether `folded` starts with `typed` give or take `most` edits: some prefix of it, one to
/// `most` characters shorter or longer than what was typed, is that close.
fn starts_nearly_with(folded: &str, typed: &[char], most: usize) -> bool {
    let chars: Vec<char> = folded.chars().collect();
    let low = typed.len().saturating_sub(most);
    let high = (typed.len() + most).min(chars.len());
    (low..=high).any(|length| distance_within(&chars[..length], typed, most).is_some())
}

impl SearchIndex {
    /// Up to `limit` completions of `typed`. Blocking (but quick).
    pub fn suggest(&self, typed: &str, limit: usize) -> Result<Vec<Suggestion>, SearchError> {
        let typed: String = typed.chars().take(MAX_PREFIX_CHARS).collect();
        let prefix = fold(typed.trim_start());
        if prefix.trim().is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let exact = self.completions(&prefix, None)?;
        let chars: Vec<char> = prefix.chars().collect();
        let found = if exact.len() < limit && chars.len() >= TYPO_FROM {
            let most = if chars.len() >= 9 { 2 } else { 1 };
            // A typo after the first letter: scan what starts with it.
            let first: String = chars[..1].iter().collect();
            let near = self.completions(&first, Some((&chars, most)))?;
            let mut all = exact;
            for (key, postings) in near {
                all.entry(key).or_insert(postings);
            }
            all
        } else {
            exact
        };
        let mut ranked: Vec<Suggestion> = found
            .into_iter()
            .map(|((kind, text), postings)| Suggestion {
                text,
                kind,
                postings,
            })
            .collect();
        let exact_first = |s: &Suggestion| !fold(&s.text).starts_with(&prefix);
        ranked.sort_by(|a, b| {
            exact_first(a)
                .cmp(&exact_first(b))
                .then(b.postings.cmp(&a.postings))
                .then(a.text.len().cmp(&b.text.len()))
                .then_with(|| a.text.cmp(&b.text))
        });
        ranked.truncate(limit);
        Ok(ranked)
    }

    /// Every suggestion whose folded text starts with `prefix` (and, when given, nearly
    /// starts with the typed characters), with its postings over all segments.
    fn completions(
        &self,
        prefix: &str,
        near: Option<(&[char], usize)>,
    ) -> Result<HashMap<(Kind, String), u64>, SearchError> {
        let searcher = self.reader.searcher();
        let mut end = prefix.as_bytes().to_vec();
        end.push(0xff);
        let mut found: HashMap<(Kind, String), u64> = HashMap::new();
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(self.fields.suggest)?;
            let mut terms = inverted
                .terms()
                .range()
                .ge(prefix.as_bytes())
                .lt(&end)
                .into_stream()
                .map_err(tantivy::TantivyError::from)?;
            while terms.advance() {
                let Some((folded, kind, text)) = parse_term(terms.key()) else {
                    continue;
                };
                if near.is_some_and(|(typed, most)| !starts_nearly_with(folded, typed, most)) {
                    continue;
                }
                let postings = u64::from(terms.value().doc_freq);
                *found.entry((kind, text.to_owned())).or_default() += postings;
            }
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(text: &str) -> Vec<char> {
        text.chars().collect()
    }

    #[test]
    fn folding_ignores_case_and_accents() {
        assert_eq!(fold("Zürich Ä C++"), "zurich a c++");
    }

    #[test]
    fn near_prefixes_allow_the_edits_asked_for() {
        assert!(starts_nearly_with("kubernetes", &chars("kubr"), 1));
        assert!(
            starts_nearly_with("kubernetes", &chars("kbue"), 1),
            "a swap"
        );
        assert!(starts_nearly_with("kubernetes", &chars("kuvern"), 1));
        assert!(!starts_nearly_with("kubernetes", &chars("kxvxrn"), 1));
        assert!(starts_nearly_with("kubernetes", &chars("kxvernetes"), 2));
        assert!(!starts_nearly_with("go", &chars("java"), 1));
    }

    #[test]
    fn terms_read_back() {
        let term = suggestion_term(Kind::Company, "Acme Zürich");
        assert_eq!(
            parse_term(term.as_bytes()),
            Some(("acme zurich", Kind::Company, "Acme Zürich"))
        );
        assert_eq!(parse_term(b"broken"), None);
    }
}
