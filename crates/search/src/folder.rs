//! The search folder of an instance: the index it serves from, which `hireboard reindex`
//! replaces while searches go on. A rebuilt index is made in a folder of its own beside the
//! one in use; when it is complete, the file `CURRENT` is switched to name it, and the
//! instance serving from the folder moves over at its next read of events.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use crate::index::{remove_index_files, SearchError, SearchIndex};

const CURRENT: &str = "CURRENT";
const REBUILT_PREFIX: &str = "index-";

/// The index of a search folder, as one generation after another.
pub struct IndexFolder {
    root: PathBuf,
    serving: RwLock<Serving>,
}

struct Serving {
    /// How many times the index was replaced since the folder was opened.
    epoch: u64,
    /// The sub-folder `CURRENT` named, or `None` for the folder itself (never rebuilt).
    name: Option<String>,
    index: Arc<SearchIndex>,
}

fn folder_error(path: &Path, error: impl std::fmt::Display) -> SearchError {
    SearchError::Folder(format!("{}: {error}", path.display()))
}

/// The sub-folder `CURRENT` names, if it names one that is there.
fn named(root: &Path) -> Result<Option<String>, SearchError> {
    let path = root.join(CURRENT);
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            let name = text.trim().to_owned();
            let valid = name.starts_with(REBUILT_PREFIX)
                && !name.contains(['/', '\\'])
                && root.join(&name).is_dir();
            Ok(valid.then_some(name))
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(folder_error(&path, error)),
    }
}

fn location(root: &Path, name: &Option<String>) -> PathBuf {
    match name {
        Some(name) => root.join(name),
        None => root.to_owned(),
    }
}

/// Removes a generation no one serves from any more.
fn remove_generation(root: &Path, name: &Option<String>) {
    let result = match name {
        Some(name) => std::fs::remove_dir_all(root.join(name)),
        None => remove_index_files(root),
    };
    if let Err(error) = result {
        tracing::warn!(folder = %root.display(), %error, "an old search index could not be removed");
    }
}

/// An index being rebuilt beside the one in use.
pub struct Rebuilt {
    pub index: Arc<SearchIndex>,
    name: String,
}

impl IndexFolder {
    /// Opens the index `CURRENT` names under `root` (or the one in `root` itself), creating an
    /// empty one when there is none; leftovers of earlier generations are removed.
    pub fn open(root: &Path) -> Result<IndexFolder, SearchError> {
        std::fs::create_dir_all(root).map_err(|e| folder_error(root, e))?;
        let name = named(root)?;
        let index = SearchIndex::open(&location(root, &name))?;
        if name.is_some() {
            remove_generation(root, &None);
        }
        for entry in std::fs::read_dir(root).map_err(|e| folder_error(root, e))? {
            let entry = entry.map_err(|e| folder_error(root, e))?;
            let other = entry.file_name().to_string_lossy().into_owned();
            if other.starts_with(REBUILT_PREFIX) && Some(&other) != name.as_ref() {
                remove_generation(root, &Some(other));
            }
        }
        Ok(IndexFolder {
            root: root.to_owned(),
            serving: RwLock::new(Serving {
                epoch: 0,
                name,
                index: Arc::new(index),
            }),
        })
    }

    /// The index searches use now.
    pub fn current(&self) -> Arc<SearchIndex> {
        self.read().index.clone()
    }

    /// Which state searches see: changes with each commit and each replacement, so it can
    /// key what was computed from the index.
    pub fn generation(&self) -> (u64, u64) {
        let serving = self.read();
        (serving.epoch, serving.index.generation())
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Serving> {
        self.serving
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A rebuilt index that `CURRENT` names and this folder does not serve yet, opened (not
    /// yet served: see [`IndexFolder::serve`]). Blocking.
    pub fn replacement(&self) -> Result<Option<Rebuilt>, SearchError> {
        let Some(name) = named(&self.root)? else {
            return Ok(None);
        };
        if self.read().name.as_ref() == Some(&name) {
            return Ok(None);
        }
        let index = Arc::new(SearchIndex::open(&self.root.join(&name))?);
        Ok(Some(Rebuilt { index, name }))
    }

    /// Serves from `rebuilt` from now on and removes the generation it replaces.
    pub fn serve(&self, rebuilt: Rebuilt) {
        let mut serving = self
            .serving
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let epoch = serving.epoch + 1;
        let old = std::mem::replace(
            &mut *serving,
            Serving {
                epoch,
                name: Some(rebuilt.name),
                index: rebuilt.index,
            },
        );
        drop(serving);
        // Searches still running on the old index keep its files open until they finish.
        drop(old.index);
        remove_generation(&self.root, &old.name);
    }

    /// Starts a rebuilt index, empty, beside the one in use under `root`. Blocking.
    pub fn rebuild(root: &Path) -> Result<Rebuilt, SearchError> {
        std::fs::create_dir_all(root).map_err(|e| folder_error(root, e))?;
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|since| since.as_nanos())
            .unwrap_or_default();
        let name = format!("{REBUILT_PREFIX}{stamp}");
        let index = Arc::new(SearchIndex::open(&root.join(&name))?);
        Ok(Rebuilt { index, name })
    }

    /// Removes a rebuilt index that will not be used (its build failed).
    pub fn discard(root: &Path, rebuilt: Rebuilt) {
        let Rebuilt { index, name } = rebuilt;
        drop(index);
        remove_generation(root, &Some(name));
    }

    /// Makes a complete rebuilt index the one `root` serves: `CURRENT` names it, written
    /// whole or not at all. Its writer is closed first (the caller holds no other handle on
    /// it) so an instance can open it.
    pub fn publish(root: &Path, rebuilt: Rebuilt) -> Result<(), SearchError> {
        let Rebuilt { index, name } = rebuilt;
        drop(index);
        let staged = root.join(format!("{CURRENT}.next"));
        std::fs::write(&staged, format!("{name}\n")).map_err(|e| folder_error(&staged, e))?;
        std::fs::rename(&staged, root.join(CURRENT)).map_err(|e| folder_error(root, e))
    }
}
