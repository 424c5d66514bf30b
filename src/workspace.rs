//! The workspace: what `link`, `evidence`, `audit` (and the web app) open once — the index
//! and the reviewers' decisions — and the catalog loader that reports a bad catalog in words.
//! Commands call these instead of each opening the pieces their own way.
//!
//! Why no document list: at 100,000 documents every stored record and text is gigabytes and
//! seconds of decompression. The workspace asks the index for the documents a question needs
//! (linking: each leaf's candidates; the audit and the evidence package: the documents the
//! decisions and proposals name; `evidence confirm`: the documents a reviewer's words can
//! mean) and reads only those.

use std::path::Path;

use kiemchung_evidence::criteria::Catalog;
use kiemchung_evidence::decisions::{DecisionStore, ResolveError};
use kiemchung_evidence::linking::{Agency, CriterionLinks, LinkOptions, link_indexed};
use kiemchung_index::{Filter, Index, StoredDoc};

/// What link, evidence and audit all need: the index and the decisions.
pub struct Workspace {
    pub index: Index,
    pub decisions: DecisionStore,
}

impl Workspace {
    pub fn open(dir: &Path) -> anyhow::Result<Workspace> {
        let index = Index::open(dir)?;
        let decisions = DecisionStore::load(dir)?;
        Ok(Workspace { index, decisions })
    }

    /// Runs linking (profiles, abstention, the assessed agency), each leaf over the documents
    /// the index preselects for it.
    pub fn link(
        &self,
        catalog: &Catalog,
        opts: &LinkOptions,
    ) -> anyhow::Result<Vec<CriterionLinks>> {
        Ok(link_indexed(catalog, &self.index, opts, &self.decisions)?)
    }

    /// The assessed agency: `--agency`, else the catalog's `agency` key, else the archive's
    /// most frequent issuer (inferred from the index's issuer column; the caller says so).
    pub fn agency(&self, catalog: &Catalog, cli: Option<&str>) -> anyhow::Result<Option<Agency>> {
        if let Some(a) = cli.filter(|a| !a.trim().is_empty()) {
            return Ok(Some(Agency::new(a.trim(), "--agency")));
        }
        if let Some(a) = catalog
            .framework
            .extra
            .get("agency")
            .and_then(|v| v.as_str())
            .filter(|a| !a.trim().is_empty())
        {
            return Ok(Some(Agency::new(a.trim(), "catalog")));
        }
        let counts = self.index.issuer_counts()?;
        Ok(Agency::infer_from(
            counts.iter().map(|(name, n)| (name.as_str(), *n)),
        ))
    }

    /// The documents the decisions can be about (same SHA-256, or same reference) and the
    /// documents proposed in `links`, in index order: all that the audit and the evidence
    /// package look up.
    pub fn decided_and_proposed(&self, links: &[CriterionLinks]) -> anyhow::Result<Vec<StoredDoc>> {
        let mut parts = Vec::new();
        for d in &self.decisions.decisions {
            if !d.sha256.is_empty() {
                parts.push(Filter::Id(d.sha256.clone()));
            }
            if let Some(r) = &d.reference {
                parts.push(Filter::Reference(r.clone()));
            }
        }
        for l in links {
            parts.extend(l.proposals.iter().map(|p| Filter::Id(p.doc.clone())));
        }
        parts.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
        parts.dedup();
        Ok(self.index.select_docs(&Filter::or(parts))?)
    }

    /// The document a reviewer means (`decisions::resolve`'s rules: exact path, SHA-256
    /// prefix, reference, end of a path), looked up in the index: only the documents the
    /// words can name are read.
    pub fn resolve(&self, query: &str) -> anyhow::Result<Result<StoredDoc, ResolveError>> {
        let q = query.trim();
        let mut parts = vec![Filter::Path(q.to_owned()), Filter::Reference(q.to_owned())];
        if q.len() >= 6 && q.bytes().all(|b| b.is_ascii_hexdigit()) {
            parts.push(Filter::IdPrefix(q.to_owned()));
        }
        let mut addrs = self.index.select(&Filter::or(parts))?;
        let norm = q.replace('\\', "/");
        let tail = format!("/{norm}");
        for (a, p) in self.index.paths()? {
            let p = p.replace('\\', "/");
            if p.ends_with(&tail) || p == norm {
                addrs.push(a);
            }
        }
        addrs.sort_unstable();
        addrs.dedup();
        let docs = addrs
            .into_iter()
            .map(|a| self.index.doc(a))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(kiemchung_evidence::decisions::resolve(&docs, q).cloned())
    }
}

/// One line telling the user whose evidence is being linked and how that was decided.
pub fn agency_note(a: &Agency) -> String {
    match (a.how.as_str(), a.issued) {
        ("inferred", Some((n, total))) => crate::tr!(
            "kiemchung: cơ quan được đánh giá (suy ra: cơ quan ban hành nhiều văn bản nhất, {n}/{total}): {} — dùng --agency để chỉ định",
            "kiemchung: assessed agency (inferred: the most frequent issuer, {n}/{total}): {} — use --agency to name it",
            a.name
        ),
        ("catalog", _) => crate::tr!(
            "kiemchung: cơ quan được đánh giá (theo bộ tiêu chí): {}",
            "kiemchung: assessed agency (from the catalog): {}",
            a.name
        ),
        _ => crate::tr!(
            "kiemchung: cơ quan được đánh giá: {}",
            "kiemchung: assessed agency: {}",
            a.name
        ),
    }
}

/// Loads a catalog; a bad catalog is reported on stderr and gives `None` (exit 2).
pub fn load_or_report(path: &Path) -> anyhow::Result<Option<Catalog>> {
    match Catalog::load(path) {
        Ok(c) => Ok(Some(c)),
        Err(e) => {
            eprintln!("kiemchung: {}", e.message(crate::report::lang::english()));
            Ok(None)
        }
    }
}
