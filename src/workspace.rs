//! The workspace: what `link`, `evidence`, `audit` (and the web app) open once — the index,
//! its documents and the reviewers' decisions — and the catalog loader that reports a bad
//! catalog in words. Commands call these instead of each opening the pieces their own way.

use std::path::Path;

use anyhow::Context;
use kiemchung_evidence::criteria::{Catalog, LoadError};
use kiemchung_evidence::decisions::DecisionStore;
use kiemchung_evidence::linking::{CriterionLinks, LinkOptions, link};
use kiemchung_index::{Index, SearchQuery, StoredDoc};

/// What link, evidence and audit all need: the catalog, the documents, the decisions.
pub struct Workspace {
    pub index: Index,
    pub docs: Vec<StoredDoc>,
    pub decisions: DecisionStore,
}

impl Workspace {
    pub fn open(dir: &Path) -> anyhow::Result<Workspace> {
        let index = Index::open(dir)?;
        let docs = index.documents().context("đọc văn bản trong chỉ mục")?;
        let decisions = DecisionStore::load(dir)?;
        Ok(Workspace {
            index,
            docs,
            decisions,
        })
    }

    /// Runs linking with the index's search as fallback.
    pub fn link(&self, catalog: &Catalog, opts: &LinkOptions) -> Vec<CriterionLinks> {
        let search = |q: &SearchQuery| match self.index.search(q) {
            Ok(hits) => hits,
            Err(e) => {
                eprintln!("kiemchung: tìm kiếm «{}»: {e}", q.text);
                Vec::new()
            }
        };
        link(catalog, &self.docs, opts, &self.decisions, Some(&search))
    }
}

/// Loads a catalog; a bad catalog is reported on stderr and gives `None` (exit 2).
pub fn load_or_report(path: &Path) -> anyhow::Result<Option<Catalog>> {
    match Catalog::load(path) {
        Ok(c) => Ok(Some(c)),
        Err(e @ (LoadError::Invalid { .. } | LoadError::Toml { .. } | LoadError::Io { .. })) => {
            eprintln!("kiemchung: {e}");
            Ok(None)
        }
    }
}
