//! hireboard's job search: an embedded tantivy index of every listed posting, kept by the
//! search indexer (a per-instance consumer of the event backbone) and committed together
//! with the event-log position it reached.
//!
//! - [`query`] parses the search language into a typed query; nothing the user types reaches
//!   the engine as syntax.
//! - [`analysis`] turns job text into terms: technology names intact, synonyms from the
//!   committed `synonyms.txt`, stems for prose only.
//! - [`SearchIndex`] opens the index, applies [`Change`]s, and runs a [`SearchRequest`]:
//!   ranked hits with highlighted snippets, and counts of every [`Facet`] over the whole match
//!   set, each ignoring its own filter; and [`SearchIndex::suggest`] completes what a user
//!   types from the skills, titles and companies of listed postings. What a search reads for
//!   every match (facet values, dates, codes) is decoded once per segment when a reload
//!   first shows it (`columns`), and a search's segments are collected on every core.
//! - [`IndexFolder`] is the index an instance serves from, which a rebuilt one can replace
//!   while searches go on.

pub mod analysis;
mod collect;
mod columns;
pub mod facets;
mod folder;
mod index;
pub mod query;
mod request;
mod schema;
mod search;
pub mod suggest;

pub use facets::{Facet, PostedWithin};
pub use folder::{IndexFolder, Rebuilt};
pub use index::{Change, SearchError, SearchIndex};
pub use request::{After, FacetCounts, Hit, Near, SearchRequest, SearchResults, Sort};
pub use suggest::{Kind, Suggestion};
