//! The index on disk: opened or created under a folder, changed in commits that also record
//! how far through the event log it is, and searched through a reader that sees each commit.

use std::path::Path;
use std::sync::{Arc, Mutex, Weak};

use hireboard_domain::event::PostingSnapshot;
use hireboard_domain::ids::JobCode;
use hireboard_domain::posting::PostingStatus;
use tantivy::directory::MmapDirectory;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term, Warmer};

use crate::analysis::{self, PROSE, WORDS};
use crate::columns::DecodedColumns;
use crate::schema::Fields;

/// Memory the writer may buffer before it writes a segment.
const WRITER_MEMORY: usize = 32 * 1024 * 1024;

/// What went wrong in the index (its files, or the engine).
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index: {0}")]
    Engine(#[from] tantivy::TantivyError),
    #[error("search index folder: {0}")]
    Folder(String),
}

/// A change to the index from one event.
#[derive(Debug, Clone)]
pub enum Change {
    /// The posting as it now is: listed if published, gone otherwise.
    Posting(Box<PostingSnapshot>),
}

/// A posting search index.
pub struct SearchIndex {
    pub(crate) index: Index,
    pub(crate) reader: IndexReader,
    writer: Mutex<IndexWriter<TantivyDocument>>,
    pub(crate) fields: Fields,
    /// Kept here: the reader holds it only weakly, as its warmer.
    pub(crate) columns: Arc<DecodedColumns>,
}

/// Deletes the files of a tantivy index in `folder`, and nothing else there (the folder
/// may be one an operator shares with other files).
pub(crate) fn remove_index_files(folder: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(folder)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let segment = name
            .split_once('.')
            .is_some_and(|(id, _)| id.len() == 32 && id.chars().all(|c| c.is_ascii_hexdigit()));
        let owned = segment
            || name == "meta.json"
            || name == ".managed.json"
            || name.starts_with(".tantivy-");
        if owned && entry.file_type()?.is_file() {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

impl SearchIndex {
    /// Opens the index under `folder`, creating an empty one there if there is none.
    pub fn open(folder: &Path) -> Result<SearchIndex, SearchError> {
        std::fs::create_dir_all(folder)
            .map_err(|e| SearchError::Folder(format!("{}: {e}", folder.display())))?;
        let unusable =
            |e: &dyn std::fmt::Display| SearchError::Folder(format!("{}: {e}", folder.display()));
        let directory = MmapDirectory::open(folder).map_err(|e| unusable(&e))?;
        let (schema, fields) = Fields::schema();
        let mut index = match Index::open_or_create(directory, schema.clone()) {
            // Made by a build with other fields: it is only a replica, so start it again
            // (the indexer builds it from the store).
            Err(tantivy::TantivyError::SchemaError(why)) => {
                tracing::warn!(folder = %folder.display(), %why, "search index of another schema; starting it again");
                remove_index_files(folder).map_err(|e| unusable(&e))?;
                let directory = MmapDirectory::open(folder).map_err(|e| unusable(&e))?;
                Index::create(directory, schema, tantivy::IndexSettings::default())?
            }
            opened => opened?,
        };
        // A search's segments are collected on every core, so that one search on a quiet
        // machine finishes sooner; under load the pool is no larger than the machine.
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        index.set_multithread_executor(cores)?;
        index.tokenizers().register(WORDS, analysis::words());
        index.tokenizers().register(PROSE, analysis::prose());
        // One indexing thread: events come a few at a time, and the machine serves queries.
        let writer = index.writer_with_num_threads(1, WRITER_MEMORY)?;
        let columns = Arc::new(DecodedColumns::new(fields));
        let warmer: Weak<dyn Warmer> = Arc::downgrade(&columns) as Weak<dyn Warmer>;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .warmers(vec![warmer])
            .try_into()?;
        Ok(SearchIndex {
            index,
            reader,
            writer: Mutex::new(writer),
            fields,
            columns,
        })
    }

    /// The event-log position of the last commit: `None` for an index never built.
    pub fn position(&self) -> Result<Option<i64>, SearchError> {
        let metas = self.index.load_metas()?;
        Ok(metas.payload.and_then(|payload| payload.parse().ok()))
    }

    /// Applies `changes` and commits them with `position`, in one commit: after a crash the
    /// index holds either all of them and the new position, or neither. Blocking.
    pub fn apply(&self, changes: &[Change], position: i64) -> Result<(), SearchError> {
        self.stage(changes)?;
        self.commit(position)
    }

    /// Writes `changes` without committing them: searches see them after the next
    /// [`SearchIndex::commit`], and a crash before it loses them. Blocking.
    pub fn stage(&self, changes: &[Change]) -> Result<(), SearchError> {
        let writer = self
            .writer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        for change in changes {
            let Change::Posting(posting) = change;
            self.write_posting(&writer, posting)?;
        }
        Ok(())
    }

    /// Commits what was staged, recording that the index is complete up to event-log
    /// `position`, and shows it to searches. Blocking.
    pub fn commit(&self, position: i64) -> Result<(), SearchError> {
        let mut writer = self
            .writer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut commit = writer.prepare_commit()?;
        commit.set_payload(&position.to_string());
        commit.commit()?;
        drop(writer);
        self.reader.reload()?;
        Ok(())
    }

    /// Merges the committed segments into at most `parts` of about equal size, and waits
    /// for it: a build leaves many segments, each searched with its own overhead, while a
    /// search collects its segments on every core, so one per core is what serves fastest.
    /// The position recorded by the last commit stays. Blocking.
    pub fn compact(&self, parts: usize) -> Result<(), SearchError> {
        let parts = parts.max(1);
        let mut segments = self.index.searchable_segment_metas()?;
        if segments.len() <= parts {
            return Ok(());
        }
        segments.sort_by_key(|segment| std::cmp::Reverse(segment.num_docs()));
        // Largest first, each to the part holding the fewest postings so far.
        let mut groups = vec![(0u64, Vec::new()); parts];
        for segment in segments {
            let (docs, ids) = groups
                .iter_mut()
                .min_by_key(|(docs, _)| *docs)
                .expect("at least one part");
            *docs += u64::from(segment.num_docs());
            ids.push(segment.id());
        }
        let merges: Vec<_> = {
            let mut writer = self
                .writer
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            groups
                .iter()
                .filter(|(_, ids)| ids.len() > 1)
                .map(|(_, ids)| writer.merge(ids))
                .collect()
        };
        for merge in merges {
            merge.wait()?;
        }
        self.reader.reload()?;
        Ok(())
    }

    /// Stages the removal of every posting (before the index is built again from the store).
    pub fn clear(&self) -> Result<(), SearchError> {
        let writer = self
            .writer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        writer.delete_all_documents()?;
        Ok(())
    }

    fn write_posting(
        &self,
        writer: &IndexWriter<TantivyDocument>,
        posting: &PostingSnapshot,
    ) -> Result<(), SearchError> {
        writer.delete_term(self.code_term(posting.job_code));
        if posting.status == PostingStatus::Published {
            if let Some(document) = self.fields.document(posting) {
                writer.add_document(document)?;
            }
        }
        Ok(())
    }

    fn code_term(&self, code: JobCode) -> Term {
        Term::from_field_u64(self.fields.job_code, code.get() as u64)
    }

    /// Which commit searches see now: changes with each commit, so it can key what was
    /// computed from the index.
    pub fn generation(&self) -> u64 {
        self.reader.searcher().generation().generation_id()
    }

    /// How many postings it lists.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
