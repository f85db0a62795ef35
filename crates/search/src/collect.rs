//! One pass over the matches of a search: the filters, every facet's counts, and the top of
//! the page, together. A facet's counts ignore the filter on that facet (a document missing
//! only that filter still counts for it), so each value shows what choosing it would leave.

use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap};
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use crate::columns::{Decoded, DecodedColumns};
use crate::facets::{Facet, PostedWithin};
use crate::request::{After, Near, SearchRequest, Sort};
use crate::schema::{decode_point, Fields, ANYWHERE};

const MICROS_PER_DAY: f64 = 86_400_000_000.0;
/// A posting's recency (since it was posted or last reconfirmed) adds up to this share to
/// its relevance, halving every two weeks.
const RECENCY_BOOST: f64 = 0.2;
const RECENCY_HALF_LIFE_DAYS: f64 = 14.0;

/// A hit in sort order: by key, then by job code, both descending.
#[derive(Debug, Clone, Copy)]
pub struct Ranked {
    pub key: f64,
    pub job_code: u64,
    pub address: DocAddress,
}

impl Ranked {
    fn rank(&self) -> (f64, u64) {
        (self.key, self.job_code)
    }
}

fn compare(a: (f64, u64), b: (f64, u64)) -> Ordering {
    a.0.total_cmp(&b.0).then(a.1.cmp(&b.1))
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Ranked {}
impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        compare(self.rank(), other.rank())
    }
}

/// What the pass found.
#[derive(Debug, Default)]
pub struct Found {
    /// Up to one more than the page holds, best first.
    pub top: Vec<Ranked>,
    pub total: u64,
    pub counts: Vec<HashMap<String, u64>>,
}

pub struct Matches<'a> {
    pub fields: &'a Fields,
    pub columns: &'a DecodedColumns,
    pub request: &'a SearchRequest,
}

impl Matches<'_> {
    fn scored(&self) -> bool {
        self.request.sort == Sort::Relevance && !self.request.text.is_empty()
    }
}

/// A filter on one facet, resolved to this segment's ordinals.
enum Narrow {
    /// For each value asked for, the ordinals that spell it; a document needs one of each.
    Values {
        facet: usize,
        wanted: Vec<Vec<u32>>,
    },
    PostedAfter(i64),
}

/// `near`, resolved to this segment's columns.
struct Reach {
    near: Near,
    offices: Column<u64>,
    remote_in: Option<StrColumn>,
    /// Ordinals of the candidate's country and of "anywhere" in `remote_in`.
    open_to: Vec<u64>,
}

/// How a document is within reach of `near`.
#[derive(Debug, Clone, Copy)]
enum Reached {
    Office { km: f64 },
    Remote,
}

impl Reach {
    fn reached(&self, doc: DocId) -> Option<Reached> {
        let nearest = self
            .offices
            .values_for_doc(doc)
            .map(|office| decode_point(office).distance_km(self.near.point))
            .filter(|km| *km <= self.near.radius_km)
            .min_by(f64::total_cmp);
        if let Some(km) = nearest {
            return Some(Reached::Office { km });
        }
        let remote = self
            .remote_in
            .as_ref()
            .is_some_and(|column| column.term_ords(doc).any(|ord| self.open_to.contains(&ord)));
        remote.then_some(Reached::Remote)
    }
}

pub struct SegmentMatches {
    segment: SegmentOrdinal,
    scored: bool,
    sort: Sort,
    now: i64,
    limit: usize,
    after: Option<After>,
    decoded: Arc<Decoded>,
    listed_on: i64,
    experience: Option<(u64, Column<u64>, Column<u64>)>,
    /// The currency's ordinal (`None` when no posting here is in it) and the floor.
    salary: Option<(Option<u64>, u64, Column<u64>)>,
    currency: Option<StrColumn>,
    salary_max: Column<u64>,
    posted_since: Option<i64>,
    reach: Option<Reach>,
    narrow: Vec<Narrow>,
    counts: Vec<Vec<u64>>,
    posted_counts: [u64; PostedWithin::ALL.len()],
    top: BinaryHeap<Reverse<Ranked>>,
    total: u64,
}

fn column(reader: &SegmentReader, name: &str) -> tantivy::Result<Option<StrColumn>> {
    reader.fast_fields().str(name)
}

impl Collector for Matches<'_> {
    type Fruit = Found;
    type Child = SegmentMatches;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentMatches> {
        let request = self.request;
        let fast = reader.fast_fields();
        let schema = reader.schema();
        let name = |field| schema.get_field_name(field).to_owned();
        let f = self.fields;
        let decoded = self.columns.of(reader)?;
        let mut narrow = Vec::new();
        let mut by_facet: Vec<Vec<&str>> = vec![Vec::new(); Facet::ALL.len()];
        for (facet, value) in &request.narrowed {
            by_facet[facet.index()].push(value);
        }
        for (facet, values) in Facet::ALL.iter().zip(&by_facet) {
            if values.is_empty() {
                continue;
            }
            if *facet == Facet::PostedWithin {
                let days = values
                    .iter()
                    .filter_map(|value| PostedWithin::from_name(value))
                    .map(|window| window.days)
                    .min()
                    .unwrap_or(0);
                let since = request.now.timestamp_micros() - i64::from(days) * 86_400_000_000;
                narrow.push(Narrow::PostedAfter(since));
                continue;
            }
            let wanted = match decoded.facet(facet.index()) {
                Some(ordinals) => values
                    .iter()
                    .map(|value| ordinals.find(value, facet.ignores_case()))
                    .collect(),
                None => vec![Vec::new()],
            };
            narrow.push(Narrow::Values {
                facet: facet.index(),
                wanted,
            });
        }
        let counts = (0..Facet::ALL.len())
            .map(|facet| vec![0; decoded.facet(facet).map_or(0, |values| values.len())])
            .collect();
        let currency = column(reader, &name(f.currency))?;
        let salary = match &request.salary_at_least {
            Some((floor, code)) => {
                let ord = match &currency {
                    Some(column) => column.dictionary().term_ord(code)?,
                    None => None,
                };
                Some((ord, u64::from(*floor), fast.u64(&name(f.salary_top))?))
            }
            None => None,
        };
        let experience = match request.experience_years {
            Some(years) => Some((
                u64::from(years),
                fast.u64(&name(f.min_years))?,
                fast.u64(&name(f.max_years))?,
            )),
            None => None,
        };
        let reach = match &request.near {
            Some(near) => {
                let remote_in = column(reader, &name(f.remote_in))?;
                let mut open_to = Vec::new();
                if let Some(column) = &remote_in {
                    for value in [near.country.as_str(), ANYWHERE] {
                        open_to.extend(column.dictionary().term_ord(value)?);
                    }
                }
                Some(Reach {
                    near: near.clone(),
                    offices: fast.u64(&name(f.geo))?,
                    remote_in,
                    open_to,
                })
            }
            None => None,
        };
        let listed_on = request
            .listed_on
            .and_hms_opt(0, 0, 0)
            .map_or(0, |day| day.and_utc().timestamp_micros());
        Ok(SegmentMatches {
            segment,
            scored: self.scored(),
            sort: request.sort,
            now: request.now.timestamp_micros(),
            limit: request.limit + 1,
            after: request.after,
            decoded,
            listed_on,
            experience,
            salary,
            currency,
            salary_max: fast.u64(&name(f.salary_max))?,
            posted_since: request.posted_since.map(|since| since.timestamp_micros()),
            reach,
            narrow,
            counts,
            posted_counts: [0; PostedWithin::ALL.len()],
            top: BinaryHeap::new(),
            total: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        self.scored()
    }

    fn merge_fruits(&self, fruits: Vec<Found>) -> tantivy::Result<Found> {
        let mut merged = Found {
            counts: vec![HashMap::new(); Facet::ALL.len()],
            ..Found::default()
        };
        for fruit in fruits {
            merged.total += fruit.total;
            merged.top.extend(fruit.top);
            for (into, from) in merged.counts.iter_mut().zip(fruit.counts) {
                for (value, count) in from {
                    *into.entry(value).or_default() += count;
                }
            }
        }
        merged.top.sort_by(|a, b| b.cmp(a));
        merged.top.truncate(self.request.limit + 1);
        Ok(merged)
    }
}

impl SegmentMatches {
    fn posted_at(&self, doc: DocId) -> i64 {
        self.decoded.posted_at(doc)
    }

    /// Whether the filters that are not facets let `doc` through.
    fn admitted(&self, doc: DocId) -> bool {
        if self.decoded.valid_through(doc) < self.listed_on {
            return false;
        }
        if let Some((years, min, max)) = &self.experience {
            let (low, high) = (min.first(doc).unwrap_or(0), max.first(doc).unwrap_or(0));
            if !(low..=high).contains(years) {
                return false;
            }
        }
        if let Some((currency, floor, top)) = &self.salary {
            let Some(currency) = currency else {
                return false;
            };
            let in_currency = self
                .currency
                .as_ref()
                .is_some_and(|column| column.term_ords(doc).any(|ord| ord == *currency));
            if !in_currency || top.first(doc).unwrap_or(0) < *floor {
                return false;
            }
        }
        self.posted_since
            .is_none_or(|since| self.posted_at(doc) >= since)
    }

    fn passes(&self, narrow: &Narrow, doc: DocId) -> bool {
        match narrow {
            Narrow::PostedAfter(since) => self.posted_at(doc) >= *since,
            Narrow::Values { facet, wanted } => {
                let Some(has) = self.decoded.ordinals(*facet, doc) else {
                    return false;
                };
                wanted
                    .iter()
                    .all(|ords| has.iter().any(|ord| ords.contains(ord)))
            }
        }
    }

    fn count(&mut self, facet: usize, doc: DocId) {
        if facet == Facet::PostedWithin.index() {
            let age_days = (self.now - self.posted_at(doc)) / 86_400_000_000;
            for (count, window) in self.posted_counts.iter_mut().zip(PostedWithin::ALL) {
                if age_days < i64::from(window.days) {
                    *count += 1;
                }
            }
            return;
        }
        if let Some(has) = self.decoded.ordinals(facet, doc) {
            let counts = &mut self.counts[facet];
            for ord in has {
                if let Some(count) = counts.get_mut(*ord as usize) {
                    *count += 1;
                }
            }
        }
    }

    fn key(&self, doc: DocId, score: Score, reached: Option<Reached>) -> f64 {
        match self.sort {
            // Nearest first in a descending order; remote postings after every office.
            Sort::Distance => match reached {
                Some(Reached::Office { km }) => -km,
                _ => f64::MIN,
            },
            Sort::Relevance if self.scored => {
                let fresh_at = self.decoded.fresh_at(doc);
                let age_days = (self.now - fresh_at).max(0) as f64 / MICROS_PER_DAY;
                let recency = 0.5f64.powf(age_days / RECENCY_HALF_LIFE_DAYS);
                f64::from(score) * (1.0 + RECENCY_BOOST * recency)
            }
            Sort::Relevance | Sort::Newest => self.posted_at(doc) as f64,
            Sort::Salary => self.salary_max.first(doc).unwrap_or(0) as f64,
        }
    }

    fn rank(&mut self, doc: DocId, score: Score, reached: Option<Reached>) {
        let ranked = Ranked {
            key: self.key(doc, score, reached),
            job_code: self.decoded.job_code(doc),
            address: DocAddress::new(self.segment, doc),
        };
        if let Some(after) = self.after {
            if compare(ranked.rank(), (after.key, after.job_code)) != Ordering::Less {
                return;
            }
        }
        if self.top.len() < self.limit {
            self.top.push(Reverse(ranked));
        } else if self
            .top
            .peek()
            .is_some_and(|Reverse(worst)| ranked > *worst)
        {
            self.top.pop();
            self.top.push(Reverse(ranked));
        }
    }
}

impl SegmentCollector for SegmentMatches {
    type Fruit = Found;

    fn collect(&mut self, doc: DocId, score: Score) {
        if !self.admitted(doc) {
            return;
        }
        let reached = match &self.reach {
            Some(reach) => match reach.reached(doc) {
                Some(reached) => Some(reached),
                None => return,
            },
            None => None,
        };
        let mut missed = None;
        for (i, narrow) in self.narrow.iter().enumerate() {
            if !self.passes(narrow, doc) {
                if missed.is_some() {
                    return;
                }
                missed = Some(i);
            }
        }
        let facet_of = |narrow: &Narrow| match narrow {
            Narrow::Values { facet, .. } => *facet,
            Narrow::PostedAfter(_) => Facet::PostedWithin.index(),
        };
        match missed {
            Some(i) => {
                let facet = facet_of(&self.narrow[i]);
                self.count(facet, doc);
            }
            None => {
                self.total += 1;
                for facet in 0..Facet::ALL.len() {
                    self.count(facet, doc);
                }
                self.rank(doc, score, reached);
            }
        }
    }

    fn harvest(self) -> Found {
        let mut counts = vec![HashMap::new(); Facet::ALL.len()];
        for (facet, (into, ords)) in counts.iter_mut().zip(&self.counts).enumerate() {
            let Some(values) = self.decoded.facet(facet) else {
                continue;
            };
            for (ord, count) in ords.iter().enumerate().filter(|(_, c)| **c > 0) {
                if let Some(value) = values.name(ord) {
                    into.insert(value.to_owned(), *count);
                }
            }
        }
        let windows = &mut counts[Facet::PostedWithin.index()];
        for (window, count) in PostedWithin::ALL.iter().zip(self.posted_counts) {
            if count > 0 {
                windows.insert(window.name(), count);
            }
        }
        let mut top: Vec<Ranked> = self.top.into_iter().map(|Reverse(r)| r).collect();
        top.sort_by(|a, b| b.cmp(a));
        Found {
            top,
            total: self.total,
            counts,
        }
    }
}
