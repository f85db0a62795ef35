//! Running a search: the typed query becomes engine queries over the weighted fields (with
//! synonyms and typo tolerance), one pass collects filters, facets and the page, and the page
//! gets its highlighted snippets.

use hireboard_domain::geo;
use hireboard_domain::posting::PostingSummary;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, TantivyDocument, Term};

use crate::analysis::{self, is_technology_name, Synonyms};
use crate::collect::Matches;
use crate::facets::{Facet, PostedWithin};
use crate::index::{SearchError, SearchIndex};
use crate::query::Atom;
use crate::request::{After, FacetCounts, Hit, Near, SearchRequest, SearchResults};

/// How much a match in each field counts: title above skills above company above prose.
const WEIGHTS: [(FieldName, f32); 5] = [
    (FieldName::Title, 4.0),
    (FieldName::Skills, 2.5),
    (FieldName::Company, 1.5),
    (FieldName::Description, 1.0),
    (FieldName::Requirements, 0.8),
];
/// A typo-corrected match counts this much of an exact one.
const TYPO_WEIGHT: f32 = 0.4;
const SNIPPET_CHARS: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FieldName {
    Title,
    Skills,
    Company,
    Description,
    Requirements,
}

impl FieldName {
    fn is_prose(self) -> bool {
        matches!(self, FieldName::Description | FieldName::Requirements)
    }
}

struct Builder<'a> {
    index: &'a SearchIndex,
    searcher: &'a Searcher,
    words: TextAnalyzer,
    prose: TextAnalyzer,
}

impl Builder<'_> {
    fn field(&self, name: FieldName) -> Field {
        let f = &self.index.fields;
        match name {
            FieldName::Title => f.title,
            FieldName::Skills => f.skills,
            FieldName::Company => f.company,
            FieldName::Description => f.description,
            FieldName::Requirements => f.requirements,
        }
    }

    /// `text` as a term or phrase query on one field; `None` when it has no terms there.
    fn text_in(&mut self, name: FieldName, text: &str) -> Option<Box<dyn Query>> {
        let field = self.field(name);
        let analyzer = if name.is_prose() {
            &mut self.prose
        } else {
            &mut self.words
        };
        let terms: Vec<Term> = analysis::terms(analyzer, text)
            .iter()
            .map(|term| Term::from_field_text(field, term))
            .collect();
        match terms.len() {
            0 => None,
            1 => Some(Box::new(TermQuery::new(
                terms.into_iter().next()?,
                IndexRecordOption::WithFreqs,
            ))),
            _ => Some(Box::new(PhraseQuery::new(terms))),
        }
    }

    /// `text` in any field, each weighted.
    fn anywhere(&mut self, text: &str) -> Option<Box<dyn Query>> {
        let clauses: Vec<(Occur, Box<dyn Query>)> = WEIGHTS
            .iter()
            .filter_map(|(name, weight)| {
                let query = self.text_in(*name, text)?;
                Some((
                    Occur::Should,
                    Box::new(BoostQuery::new(query, *weight)) as Box<dyn Query>,
                ))
            })
            .collect();
        (!clauses.is_empty()).then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)
    }

    /// Whether `term` names a skill some posting lists (so it is never typo-corrected).
    fn is_known_skill(&self, term: &str) -> bool {
        let term = Term::from_field_text(self.index.fields.skills, term);
        self.searcher.segment_readers().iter().any(|segment| {
            segment
                .inverted_index(term.field())
                .ok()
                .and_then(|index| index.get_term_info(&term).ok().flatten())
                .is_some()
        })
    }

    /// Typo-tolerant matches of a single word in the fields matched as written.
    fn typos(&mut self, word: &str) -> Option<Box<dyn Query>> {
        let terms = analysis::terms(&mut self.words, word);
        let [term] = terms.as_slice() else {
            return None;
        };
        let letters = term.chars().count();
        let plain = term.chars().all(|c| c.is_ascii_alphabetic());
        if letters < 5
            || !plain
            || is_technology_name(term)
            || Synonyms::committed().mentions(term)
            || self.is_known_skill(term)
        {
            return None;
        }
        let distance = if letters >= 9 { 2 } else { 1 };
        let clauses: Vec<(Occur, Box<dyn Query>)> = WEIGHTS
            .iter()
            .filter(|(name, _)| !name.is_prose())
            .map(|(name, weight)| {
                let fuzzy = FuzzyTermQuery::new(
                    Term::from_field_text(self.field(*name), term),
                    distance,
                    true,
                );
                let boosted = BoostQuery::new(Box::new(fuzzy), weight * TYPO_WEIGHT);
                (Occur::Should, Box::new(boosted) as Box<dyn Query>)
            })
            .collect();
        Some(Box::new(BooleanQuery::new(clauses)))
    }

    /// An atom with its synonyms (and typos, for a word); `None` when it has no terms.
    fn atom(&mut self, atom: &Atom, tolerant: bool) -> Option<Box<dyn Query>> {
        let mut ways: Vec<Box<dyn Query>> = Vec::new();
        ways.extend(self.anywhere(atom.text()));
        ways.first()?;
        let terms = analysis::terms(&mut self.words, atom.text());
        for synonym in Synonyms::committed().of(&terms) {
            ways.extend(self.anywhere(&synonym.join(" ")));
        }
        if tolerant {
            if let Atom::Word(word) = atom {
                ways.extend(self.typos(word));
            }
        }
        Some(any_of(ways))
    }
}

/// How far the nearest office of `posting` within the radius of `near` is.
fn nearest_office_km(posting: &PostingSummary, near: &Near) -> Option<f64> {
    posting
        .locations
        .iter()
        .filter_map(|location| geo::city_in(location.city.as_deref()?, &location.country))
        .map(|city| city.point().distance_km(near.point))
        .filter(|km| *km <= near.radius_km)
        .min_by(f64::total_cmp)
}

fn any_of(mut queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if queries.len() == 1 {
        return queries.pop().expect("one");
    }
    Box::new(BooleanQuery::new(
        queries
            .into_iter()
            .map(|query| (Occur::Should, query))
            .collect(),
    ))
}

impl SearchIndex {
    /// Runs `request`. Blocking (CPU-bound): call it off the async runtime's threads.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults, SearchError> {
        let searcher = self.reader.searcher();
        let mut builder = Builder {
            index: self,
            searcher: &searcher,
            words: analysis::words(),
            prose: analysis::prose(),
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for group in &request.text.groups {
            let ways: Vec<Box<dyn Query>> = group
                .iter()
                .filter_map(|atom| builder.atom(atom, true))
                .collect();
            if !ways.is_empty() {
                clauses.push((Occur::Must, any_of(ways)));
            }
        }
        let wanted = !clauses.is_empty();
        for atom in &request.text.excluded {
            if let Some(query) = builder.atom(atom, false) {
                clauses.push((Occur::MustNot, query));
            }
        }
        if !wanted {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        let query = BooleanQuery::new(clauses);
        let found = searcher.search(
            &query,
            &Matches {
                fields: &self.fields,
                columns: &self.columns,
                request,
            },
        )?;
        let more = found.top.len() > request.limit;
        let highlight = |field| -> Result<Option<SnippetGenerator>, SearchError> {
            if !wanted {
                return Ok(None);
            }
            let mut generator = SnippetGenerator::create(&searcher, &query, field)?;
            generator.set_max_num_chars(SNIPPET_CHARS);
            Ok(Some(generator))
        };
        let (titles, descriptions) = (
            highlight(self.fields.title)?,
            highlight(self.fields.description)?,
        );
        let mut hits = Vec::with_capacity(request.limit);
        for ranked in found.top.iter().take(request.limit) {
            let doc: TantivyDocument = searcher.doc(ranked.address)?;
            let Some(summary) = doc.get_first(self.fields.summary).and_then(|v| v.as_str()) else {
                continue;
            };
            let Ok(posting) = serde_json::from_str::<PostingSummary>(summary) else {
                tracing::warn!(
                    job_code = ranked.job_code,
                    "a search document's summary cannot be read"
                );
                continue;
            };
            let marked = |generator: &Option<SnippetGenerator>| {
                let mut snippet = generator.as_ref()?.snippet_from_doc(&doc);
                if snippet.highlighted().is_empty() {
                    return None;
                }
                snippet.set_snippet_prefix_postfix("<mark>", "</mark>");
                Some(snippet.to_html())
            };
            let distance_km = request
                .near
                .as_ref()
                .and_then(|near| nearest_office_km(&posting, near));
            hits.push(Hit {
                distance_km,
                posting,
                title_html: marked(&titles),
                description_html: marked(&descriptions),
                after: After {
                    key: ranked.key,
                    job_code: ranked.job_code,
                },
            });
        }
        let facets = Facet::ALL
            .iter()
            .zip(found.counts)
            .map(|(facet, counts)| {
                let mut values: Vec<(String, u64)> = counts.into_iter().collect();
                if *facet == Facet::PostedWithin {
                    // Windows in their own order, shortest first.
                    values.sort_by_key(|(name, _)| PostedWithin::from_name(name).map(|w| w.days));
                } else {
                    values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                }
                values.truncate(request.facet_values);
                FacetCounts {
                    facet: *facet,
                    values,
                }
            })
            .collect();
        Ok(SearchResults {
            hits,
            more,
            total: found.total,
            facets,
        })
    }
}
