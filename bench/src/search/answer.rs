//! What a search found, in one shape whichever engine found it: how many postings matched,
//! the page, and each facet's values with their counts.

use hireboard_search::{Facet, PostedWithin};

pub struct Answer {
    pub total: u64,
    pub hits: usize,
    /// In `Facet::ALL` order.
    pub facets: Vec<Vec<(String, u64)>>,
}

impl Answer {
    /// Reads the columns of the SQL engines' statement (`sql.rs`): the page as a JSON array
    /// of `[id, title]`, the total, then one JSON column per facet: `[[value, count], ...]`,
    /// or for `posted_within` the count in each window.
    pub fn from_columns(page: &str, total: i64, facets: &[String]) -> anyhow::Result<Answer> {
        anyhow::ensure!(facets.len() == Facet::ALL.len(), "one column per facet");
        let page: Vec<(i64, String)> = serde_json::from_str(page)?;
        let mut counted = Vec::with_capacity(facets.len());
        for (facet, column) in Facet::ALL.iter().zip(facets) {
            let values = if *facet == Facet::PostedWithin {
                let counts: Vec<u64> = serde_json::from_str(column)?;
                PostedWithin::ALL
                    .iter()
                    .zip(counts)
                    .filter(|(_, count)| *count > 0)
                    .map(|(window, count)| (window.name(), count))
                    .collect()
            } else {
                serde_json::from_str(column)?
            };
            counted.push(values);
        }
        Ok(Answer {
            total: u64::try_from(total)?,
            hits: page.len(),
            facets: counted,
        })
    }

    /// How many facet values it listed, over all facets.
    pub fn facet_values(&self) -> usize {
        self.facets.iter().map(Vec::len).sum()
    }
}
