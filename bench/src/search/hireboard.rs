//! hireboard's side, in process: the board a data folder holds (its SQLite database and the
//! search index `hireboard reindex` built), behind the service, searched with
//! `Hireboard::list_postings` and the `ListingParams` the REST adapter builds: the path
//! `GET /api/v1/jobs` takes, without HTTP.

use std::path::Path;
use std::sync::Arc;

use hireboard_cache::Shared;
use hireboard_search::IndexFolder;
use hireboard_service::{Clock, Hireboard, ServiceConfig};
use hireboard_store::ConnectOptions;

use crate::answer::Answer;
use crate::query::Query;

pub struct Board {
    service: Hireboard,
    /// Postings in its search index.
    pub indexed: u64,
}

impl Board {
    /// Opens the board in `data_dir` as `hireboard serve --data-dir` would, without the
    /// background tasks (nothing changes while it is measured).
    pub async fn open(data_dir: &Path) -> anyhow::Result<Board> {
        let database = data_dir.join("hireboard.db");
        anyhow::ensure!(
            database.is_file(),
            "no board in {}: run `hireboard import FILE --data-dir {0}` first",
            data_dir.display()
        );
        let url = format!("sqlite://{}", database.display());
        let store = hireboard_store::connect(&url, &ConnectOptions::default()).await?;
        let folder = IndexFolder::open(&data_dir.join("search")).map_err(|e| {
            anyhow::anyhow!("cannot open the search index (is a server using this folder?): {e}")
        })?;
        let indexed = folder.current().len();
        let service = Hireboard::new(
            store,
            ServiceConfig::default(),
            Clock::default(),
            &Shared::InProcess,
            Some(Arc::new(folder)),
        );
        anyhow::ensure!(
            service.search_is_built().await,
            "the search index of {} is not built: run `hireboard reindex --data-dir {0}`",
            data_dir.display()
        );
        Ok(Board { service, indexed })
    }

    pub async fn search(&self, query: &Query) -> anyhow::Result<Answer> {
        let listing = self
            .service
            .list_postings(&query.params)
            .await
            .map_err(|e| anyhow::anyhow!("{}: {e}", query.label))?;
        Ok(Answer {
            total: listing.total.unwrap_or(0),
            hits: listing.items.len(),
            facets: listing.facets.into_iter().map(|f| f.values).collect(),
        })
    }
}
