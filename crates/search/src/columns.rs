//! The values a search reads for every match, decoded once per segment into plain arrays.
//!
//! tantivy's columns are compact (bit-packed, with an index for optional and multi-valued
//! fields), so each read costs tens of nanoseconds. A common word matches a large share of the
//! postings, and every match is read for each facet, its dates and its code, so those reads
//! were most of a search's time. Segments never change, so a segment's values are decoded
//! when a reload first shows it (a tantivy [`Warmer`]) and dropped when no searcher uses the
//! segment any more. Deletions do not renumber a segment's documents, so they keep them valid.
//! Each facet's values are decoded too: a search names the values it counted, and tantivy
//! finds a value by its ordinal by reading through a block of its dictionary.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, RwLock};

use tantivy::columnar::{Column, StrColumn};
use tantivy::index::SegmentId;
use tantivy::{DocId, Searcher, SearcherGeneration, SegmentReader, Warmer};

use crate::facets::Facet;
use crate::schema::Fields;

/// A facet's values in a segment, and each document's ordinals of them.
pub(crate) struct Ordinals {
    by_document: ByDocument,
    /// The value of each ordinal, in the column's (byte) order.
    names: Vec<String>,
}

/// No value, in [`ByDocument::One`].
const NONE: u32 = u32::MAX;

/// Most facets have one value per posting; one read finds it then.
enum ByDocument {
    /// Document `d` has `ords[d]`, or nothing when that is [`NONE`].
    One(Vec<u32>),
    /// Document `d` has `ords[starts[d]..starts[d + 1]]`.
    Many { starts: Vec<u32>, ords: Vec<u32> },
}

impl ByDocument {
    fn decode(column: &StrColumn, docs: DocId) -> tantivy::Result<ByDocument> {
        let mut starts = Vec::with_capacity(docs as usize + 1);
        let mut ords = Vec::with_capacity(docs as usize);
        starts.push(0);
        let mut most = 0;
        for doc in 0..docs {
            let before = ords.len();
            for ord in column.term_ords(doc) {
                let ord = u32::try_from(ord)
                    .ok()
                    .filter(|ord| *ord != NONE)
                    .ok_or_else(|| too_many("facet values"))?;
                ords.push(ord);
            }
            most = most.max(ords.len() - before);
            starts.push(u32::try_from(ords.len()).map_err(|_| too_many("facet values"))?);
        }
        if most > 1 {
            return Ok(ByDocument::Many { starts, ords });
        }
        let one = starts
            .windows(2)
            .map(|run| match run {
                [start, end] if end > start => ords[*start as usize],
                _ => NONE,
            })
            .collect();
        Ok(ByDocument::One(one))
    }

    fn of(&self, doc: DocId) -> &[u32] {
        let doc = doc as usize;
        match self {
            ByDocument::One(ords) => match ords.get(doc) {
                Some(ord) if *ord != NONE => std::slice::from_ref(ord),
                _ => &[],
            },
            ByDocument::Many { starts, ords } => match (starts.get(doc), starts.get(doc + 1)) {
                (Some(&start), Some(&end)) => &ords[start as usize..end as usize],
                _ => &[],
            },
        }
    }
}

fn too_many(what: &str) -> tantivy::TantivyError {
    tantivy::TantivyError::InternalError(format!("a segment has too many {what} to decode"))
}

impl Ordinals {
    fn decode(column: &StrColumn, docs: DocId) -> tantivy::Result<Ordinals> {
        let by_document = ByDocument::decode(column, docs)?;
        let mut names = Vec::with_capacity(column.num_terms());
        let mut terms = column.dictionary().stream()?;
        while terms.advance() {
            names.push(String::from_utf8_lossy(terms.key()).into_owned());
        }
        Ok(Ordinals { by_document, names })
    }

    /// How many values the segment has.
    pub(crate) fn len(&self) -> usize {
        self.names.len()
    }

    pub(crate) fn name(&self, ord: usize) -> Option<&str> {
        self.names.get(ord).map(String::as_str)
    }

    /// The ordinals of `value` (of every spelling of it, when case does not matter).
    pub(crate) fn find(&self, value: &str, ignore_case: bool) -> Vec<u32> {
        let ordinal = |at: usize| u32::try_from(at).ok();
        if !ignore_case {
            let found = self.names.binary_search_by(|name| name.as_str().cmp(value));
            return found.ok().and_then(ordinal).into_iter().collect();
        }
        let wanted = value.to_lowercase();
        self.names
            .iter()
            .enumerate()
            .filter(|(_, name)| name.to_lowercase() == wanted)
            .filter_map(|(at, _)| ordinal(at))
            .collect()
    }

    pub(crate) fn of(&self, doc: DocId) -> &[u32] {
        self.by_document.of(doc)
    }
}

/// One segment's decoded values, by document.
pub(crate) struct Decoded {
    /// By [`Facet::index`]; `None` for a facet computed at query time, or one no posting in
    /// the segment has a value of.
    facets: Vec<Option<Ordinals>>,
    job_code: Vec<u64>,
    /// Microseconds since the epoch; 0 where a posting has none.
    posted_at: Vec<i64>,
    fresh_at: Vec<i64>,
    valid_through: Vec<i64>,
}

fn micros(column: &Column<tantivy::DateTime>, docs: DocId) -> Vec<i64> {
    (0..docs)
        .map(|doc| column.first(doc).map_or(0, |at| at.into_timestamp_micros()))
        .collect()
}

fn at<T: Copy + Default>(values: &[T], doc: DocId) -> T {
    values.get(doc as usize).copied().unwrap_or_default()
}

impl Decoded {
    fn decode(fields: &Fields, reader: &SegmentReader) -> tantivy::Result<Decoded> {
        let docs = reader.max_doc();
        let fast = reader.fast_fields();
        let name = |field| reader.schema().get_field_name(field).to_owned();
        let facets = Facet::ALL
            .iter()
            .map(|facet| match facet_field(fields, *facet) {
                Some(field) => match fast.str(&name(field))? {
                    Some(column) => Ordinals::decode(&column, docs).map(Some),
                    None => Ok(None),
                },
                None => Ok(None),
            })
            .collect::<tantivy::Result<Vec<_>>>()?;
        let codes = fast.u64(&name(fields.job_code))?;
        Ok(Decoded {
            facets,
            job_code: (0..docs).map(|doc| codes.first(doc).unwrap_or(0)).collect(),
            posted_at: micros(&fast.date(&name(fields.posted_at))?, docs),
            fresh_at: micros(&fast.date(&name(fields.fresh_at))?, docs),
            valid_through: micros(&fast.date(&name(fields.valid_through))?, docs),
        })
    }

    /// The values of facet number `facet` in this segment.
    pub(crate) fn facet(&self, facet: usize) -> Option<&Ordinals> {
        self.facets.get(facet)?.as_ref()
    }

    /// The ordinals of `doc` in the column of facet number `facet`.
    pub(crate) fn ordinals(&self, facet: usize, doc: DocId) -> Option<&[u32]> {
        Some(self.facet(facet)?.of(doc))
    }

    pub(crate) fn job_code(&self, doc: DocId) -> u64 {
        at(&self.job_code, doc)
    }

    pub(crate) fn posted_at(&self, doc: DocId) -> i64 {
        at(&self.posted_at, doc)
    }

    pub(crate) fn fresh_at(&self, doc: DocId) -> i64 {
        at(&self.fresh_at, doc)
    }

    pub(crate) fn valid_through(&self, doc: DocId) -> i64 {
        at(&self.valid_through, doc)
    }
}

/// The exact-valued field behind a facet; `None` for one computed at query time.
fn facet_field(fields: &Fields, facet: Facet) -> Option<tantivy::schema::Field> {
    Some(match facet {
        Facet::FunctionalArea => fields.functional_area,
        Facet::Skills => fields.skill,
        Facet::City => fields.city,
        Facet::Country => fields.country,
        Facet::WorkplaceType => fields.workplace_type,
        Facet::EmploymentType => fields.employment_type,
        Facet::Experience => fields.experience,
        Facet::Salary => fields.salary,
        Facet::Company => fields.company_slug,
        Facet::PostedWithin => return None,
    })
}

/// The decoded segments of every searcher still in use.
pub(crate) struct DecodedColumns {
    fields: Fields,
    segments: RwLock<HashMap<SegmentId, Arc<Decoded>>>,
}

impl DecodedColumns {
    pub(crate) fn new(fields: Fields) -> DecodedColumns {
        DecodedColumns {
            fields,
            segments: RwLock::default(),
        }
    }

    /// The segment's values, decoded now if no reload has decoded them yet.
    pub(crate) fn of(&self, reader: &SegmentReader) -> tantivy::Result<Arc<Decoded>> {
        let id = reader.segment_id();
        let known = self
            .segments
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .get(&id)
            .cloned();
        if let Some(decoded) = known {
            return Ok(decoded);
        }
        let decoded = Arc::new(Decoded::decode(&self.fields, reader)?);
        self.segments
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(id, decoded.clone());
        Ok(decoded)
    }
}

impl Warmer for DecodedColumns {
    fn warm(&self, searcher: &Searcher) -> tantivy::Result<()> {
        for reader in searcher.segment_readers() {
            self.of(reader)?;
        }
        Ok(())
    }

    fn garbage_collect(&self, live_generations: &[&SearcherGeneration]) {
        let live: HashSet<SegmentId> = live_generations
            .iter()
            .flat_map(|generation| generation.segments().keys().copied())
            .collect();
        self.segments
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .retain(|id, _| live.contains(id));
    }
}
