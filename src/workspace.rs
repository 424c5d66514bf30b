//! The workspace: what `link`, `evidence`, `audit` (and the web app) open once — the index,
//! its documents and the reviewers' decisions — and the catalog loader that reports a bad
//! catalog in words. Commands call these instead of each opening the pieces their own way.

use std::path::Path;

use anyhow::Context;
use kiemchung_evidence::criteria::{Catalog, LoadError};
use kiemchung_evidence::decisions::DecisionStore;
use kiemchung_evidence::linking::{Agency, CriterionLinks, LinkOptions, link};
use kiemchung_index::{Index, StoredDoc};

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

    /// Runs linking (profiles, abstention, the assessed agency) over the index's documents.
    pub fn link(&self, catalog: &Catalog, opts: &LinkOptions) -> Vec<CriterionLinks> {
        link(catalog, &self.docs, opts, &self.decisions)
    }

    /// The assessed agency: `--agency`, else the catalog's `agency` key, else the archive's
    /// most frequent issuer (inferred; the caller says so).
    pub fn agency(&self, catalog: &Catalog, cli: Option<&str>) -> Option<Agency> {
        if let Some(a) = cli.filter(|a| !a.trim().is_empty()) {
            return Some(Agency::new(a.trim(), "--agency"));
        }
        if let Some(a) = catalog
            .framework
            .extra
            .get("agency")
            .and_then(|v| v.as_str())
            .filter(|a| !a.trim().is_empty())
        {
            return Some(Agency::new(a.trim(), "catalog"));
        }
        Agency::infer(&self.docs)
    }
}

/// One line telling the user whose evidence is being linked and how that was decided.
pub fn agency_note(a: &Agency) -> String {
    match (a.how.as_str(), a.issued) {
        ("inferred", Some((n, total))) => format!(
            "kiemchung: cơ quan được đánh giá (suy ra: cơ quan ban hành nhiều văn bản nhất, {n}/{total}): {} — dùng --agency để chỉ định",
            a.name
        ),
        ("catalog", _) => format!(
            "kiemchung: cơ quan được đánh giá (theo bộ tiêu chí): {}",
            a.name
        ),
        _ => format!("kiemchung: cơ quan được đánh giá: {}", a.name),
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
