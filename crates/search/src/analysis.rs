//! How job text becomes terms. Technology names survive intact (`C++`, `C#`, `.NET`,
//! `Node.js`, `CI/CD`), everything is lower-cased and folded to ASCII, and only prose fields
//! (description, requirements) are stemmed: a title or skill is matched as written.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};
use tantivy::tokenizer::{AsciiFoldingFilter, TextAnalyzer, Token, TokenStream, Tokenizer};

/// Tokenizer names registered on the index.
pub const WORDS: &str = "hireboard_words";
pub const PROSE: &str = "hireboard_prose";

/// Names whose punctuation is part of the name; compared lower-cased.
const TECHNOLOGY_NAMES: &[&str] = &[
    "c++",
    "c#",
    "f#",
    ".net",
    "asp.net",
    "node.js",
    "vue.js",
    "next.js",
    "react.js",
    "nuxt.js",
    "express.js",
    "d3.js",
    "three.js",
    "ci/cd",
    "pl/sql",
    "t-sql",
    "tcp/ip",
    "ui/ux",
    "a/b",
    "objective-c",
    "c/c++",
    "s3",
];

static TECHNOLOGY: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| TECHNOLOGY_NAMES.iter().copied().collect());

/// Whether `term` (lower-cased) is a technology name kept whole by the tokenizer.
pub fn is_technology_name(term: &str) -> bool {
    TECHNOLOGY.contains(term)
}

static ENGLISH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// Splits on whitespace and punctuation, except inside the technology names above; when it
/// stems, only words made of letters are stemmed.
#[derive(Clone, Default)]
pub struct JobTokenizer {
    tokens: Vec<Token>,
    stems: bool,
}

pub struct JobTokens<'a> {
    tokens: &'a mut [Token],
    next: usize,
}

impl TokenStream for JobTokens<'_> {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

impl Tokenizer for JobTokenizer {
    type TokenStream<'a> = JobTokens<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> JobTokens<'a> {
        self.tokens.clear();
        tokenize(text, &mut self.tokens);
        if self.stems {
            for token in &mut self.tokens {
                if token.text.chars().all(char::is_alphabetic) {
                    if let std::borrow::Cow::Owned(stem) = ENGLISH.stem(&token.text) {
                        token.text = stem;
                    }
                }
            }
        }
        JobTokens {
            tokens: &mut self.tokens,
            next: 0,
        }
    }
}

/// Characters that may join the pieces of a technology name.
fn joins(c: char) -> bool {
    matches!(c, '+' | '#' | '.' | '/' | '-')
}

fn tokenize(text: &str, tokens: &mut Vec<Token>) {
    let mut push = |from: usize, to: usize, text: String| {
        let position = tokens.len();
        tokens.push(Token {
            offset_from: from,
            offset_to: to,
            position,
            text,
            position_length: 1,
        });
    };
    let mut rest = text.char_indices().peekable();
    while let Some(&(start, c)) = rest.peek() {
        if !(c.is_alphanumeric() || joins(c)) {
            rest.next();
            continue;
        }
        let mut end = start;
        while let Some(&(at, c)) = rest.peek() {
            if !(c.is_alphanumeric() || joins(c)) {
                break;
            }
            end = at + c.len_utf8();
            rest.next();
        }
        let run = &text[start..end];
        // A sentence's full stop or a list's slash is not part of the name before it.
        let trimmed = run.trim_end_matches(['.', '/', '-']);
        let lower = trimmed.to_lowercase();
        if is_technology_name(&lower) {
            push(start, start + trimmed.len(), lower);
            continue;
        }
        let mut piece_start = None;
        for (offset, c) in run.char_indices() {
            match (c.is_alphanumeric(), piece_start) {
                (true, None) => piece_start = Some(offset),
                (false, Some(from)) => {
                    push(
                        start + from,
                        start + offset,
                        run[from..offset].to_lowercase(),
                    );
                    piece_start = None;
                }
                _ => {}
            }
        }
        if let Some(from) = piece_start {
            push(start + from, end, run[from..].to_lowercase());
        }
    }
}

/// The analyzer of titles, skills and company names.
pub fn words() -> TextAnalyzer {
    TextAnalyzer::builder(JobTokenizer::default())
        .filter(AsciiFoldingFilter)
        .build()
}

/// The analyzer of descriptions and requirements: as [`words`], then English stems.
pub fn prose() -> TextAnalyzer {
    let stemming = JobTokenizer {
        tokens: Vec::new(),
        stems: true,
    };
    TextAnalyzer::builder(stemming)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The terms `analyzer` makes of `text`.
pub fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut terms = Vec::new();
    while stream.advance() {
        terms.push(stream.token().text.clone());
    }
    terms
}

/// Synonym groups from the committed list (`synonyms.txt`): each member, as its terms, to the
/// other members of its group.
pub struct Synonyms {
    others: HashMap<Vec<String>, Vec<Vec<String>>>,
}

static SYNONYMS: LazyLock<Synonyms> =
    LazyLock::new(|| Synonyms::parse(include_str!("../synonyms.txt")));

impl Synonyms {
    pub fn committed() -> &'static Synonyms {
        &SYNONYMS
    }

    fn parse(list: &str) -> Synonyms {
        let mut analyzer = words();
        let mut others: HashMap<Vec<String>, Vec<Vec<String>>> = HashMap::new();
        let groups = list
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'));
        for line in groups {
            let members: Vec<Vec<String>> = line
                .split(',')
                .map(|member| terms(&mut analyzer, member))
                .filter(|member| !member.is_empty())
                .collect();
            for member in &members {
                let entry = others.entry(member.clone()).or_default();
                entry.extend(members.iter().filter(|other| *other != member).cloned());
            }
        }
        Synonyms { others }
    }

    /// The other ways of saying `terms`, each as its terms.
    pub fn of(&self, terms: &[String]) -> &[Vec<String>] {
        self.others.get(terms).map_or(&[], Vec::as_slice)
    }

    /// Whether `term` is a word of some group (such words are never typo-corrected).
    pub fn mentions(&self, term: &str) -> bool {
        self.others
            .keys()
            .any(|member| member.iter().any(|t| t == term))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words_of(text: &str) -> Vec<String> {
        terms(&mut words(), text)
    }

    #[test]
    fn technology_names_survive_tokenizing() {
        assert_eq!(
            words_of("C++, C# and F# on .NET; Node.js with gRPC. CI/CD on k8s and AWS."),
            [
                "c++", "c#", "and", "f#", "on", ".net", "node.js", "with", "grpc", "ci/cd", "on",
                "k8s", "and", "aws"
            ]
        );
    }

    #[test]
    fn other_punctuation_splits_words() {
        assert_eq!(
            words_of("full-time front/back end, e.g. foo.bar (remote)"),
            ["full", "time", "front", "back", "end", "e", "g", "foo", "bar", "remote"]
        );
        assert_eq!(
            words_of("Zürich Müller-Lüdenscheid"),
            ["zurich", "muller", "ludenscheid"]
        );
        assert!(words_of("*:* ~ ^ [ ] \0 --- ...").is_empty());
    }

    #[test]
    fn only_prose_is_stemmed() {
        assert_eq!(terms(&mut prose(), "Building systems"), ["build", "system"]);
        assert_eq!(words_of("Building systems"), ["building", "systems"]);
        assert_eq!(
            terms(&mut prose(), "C++ and Node.js"),
            ["c++", "and", "node.js"]
        );
    }

    #[test]
    fn offsets_point_at_the_original_text() {
        let text = "Senior C++ engineer.";
        let mut analyzer = words();
        let mut stream = analyzer.token_stream(text);
        let mut spans = Vec::new();
        while stream.advance() {
            let token = stream.token();
            spans.push(&text[token.offset_from..token.offset_to]);
        }
        assert_eq!(spans, ["Senior", "C++", "engineer"]);
    }

    #[test]
    fn synonyms_go_both_ways_and_span_words() {
        let synonyms = Synonyms::committed();
        let of = |text: &str| synonyms.of(&words_of(text)).to_vec();
        assert_eq!(of("k8s"), vec![vec!["kubernetes".to_owned()]]);
        assert_eq!(of("Kubernetes"), vec![vec!["k8s".to_owned()]]);
        assert_eq!(
            of("ml"),
            vec![vec!["machine".to_owned(), "learning".to_owned()]]
        );
        assert_eq!(of("machine learning"), vec![vec!["ml".to_owned()]]);
        assert!(of("rust").is_empty());
        assert!(synonyms.mentions("golang") && !synonyms.mentions("rust"));
    }
}
