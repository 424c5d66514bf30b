//! What the server holds between requests: the index and its documents (read once), the
//! catalog, the CSRF token, and the linking results cached per state of the decisions.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use anyhow::Context;
use kiemchung_evidence::criteria::Catalog;
use kiemchung_evidence::decisions::{DecisionStore, META_CATALOG};
use kiemchung_evidence::linking::{CriterionLinks, LinkOptions};
use kiemchung_index::StoredDoc;

use super::Config;
use crate::report::audit::render::Lang;
use crate::workspace::Workspace;

/// The server's state, shared by all requests.
pub struct App {
    pub index_dir: PathBuf,
    pub ws: Workspace,
    /// Every document, for the pages that list or open documents (search count, document,
    /// tasks, export). Linking does not use it: it reads each leaf's candidates from the index.
    pub docs: Vec<StoredDoc>,
    /// Document id → position in `docs`.
    pub by_id: HashMap<String, usize>,
    pub catalog: Option<Catalog>,
    pub catalog_path: Option<PathBuf>,
    pub claims: BTreeMap<String, f64>,
    pub year: Option<i32>,
    pub lang: Lang,
    pub csrf: String,
    pub token: Option<String>,
    /// Linking output keyed by the decisions' last sequence number: recomputed only after a
    /// decision changes something.
    links: Mutex<Option<(u64, Arc<Vec<CriterionLinks>>)>>,
}

impl App {
    pub fn open(config: &Config) -> anyhow::Result<App> {
        let ws = Workspace::open(&config.index)?;
        let remembered =
            kiemchung_evidence::decisions::meta(&config.index, META_CATALOG)?.map(PathBuf::from);
        let catalog_path = config.criteria.clone().or(remembered);
        let catalog = match &catalog_path {
            Some(p) => {
                Some(Catalog::load(p).with_context(|| format!("bộ tiêu chí {}", p.display()))?)
            }
            None => None,
        };
        if let Some(p) = &config.criteria {
            crate::cmd::evidence::remember_catalog(&config.index, p)?;
        }
        let claims = match (&config.self_assessment, &catalog) {
            (Some(path), Some(cat)) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("đọc {}", path.display()))?;
                kiemchung_evidence::audit::parse_self_assessment(&text, cat)
                    .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?
            }
            _ => BTreeMap::new(),
        };
        let docs = ws.index.documents().context("đọc văn bản trong chỉ mục")?;
        let by_id = docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.clone(), i))
            .collect();
        let year = catalog.as_ref().and_then(|c| c.year(config.year));
        Ok(App {
            index_dir: config.index.clone(),
            ws,
            docs,
            by_id,
            catalog,
            catalog_path,
            claims,
            year: year.or(config.year),
            lang: config.lang,
            csrf: super::security::random_token(),
            token: config.token.clone(),
            links: Mutex::new(None),
        })
    }

    /// Vietnamese or English text.
    pub fn t<'a>(&self, vi: &'a str, en: &'a str) -> &'a str {
        if self.lang == Lang::En { en } else { vi }
    }

    pub fn en(&self) -> bool {
        self.lang == Lang::En
    }

    /// The current decisions, read from the database (other reviewers and the CLI write too).
    pub fn decisions(&self) -> anyhow::Result<DecisionStore> {
        Ok(DecisionStore::load(&self.index_dir)?)
    }

    /// Linking for the catalog under the given decisions, cached until they change. Each
    /// leaf reads only the candidates the index preselects for it.
    pub fn links(
        &self,
        catalog: &Catalog,
        store: &DecisionStore,
    ) -> anyhow::Result<Arc<Vec<CriterionLinks>>> {
        let key = fingerprint(store);
        let mut guard = self.links.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((k, l)) = guard.as_ref()
            && *k == key
        {
            return Ok(l.clone());
        }
        let opts = LinkOptions {
            year: self.year,
            ..LinkOptions::default()
        };
        let links = Arc::new(kiemchung_evidence::linking::link_indexed(
            catalog,
            &self.ws.index,
            &opts,
            store,
        )?);
        *guard = Some((key, links.clone()));
        Ok(links)
    }
}

impl App {
    /// The documents the audit looks up — those proposed in `links` and those a decision
    /// is about — in index order. The audit finds each by a linear scan, so handing it
    /// every document made the cached criteria page cost seconds at a few thousand
    /// documents.
    pub fn audit_docs(&self, links: &[CriterionLinks], store: &DecisionStore) -> Vec<StoredDoc> {
        let proposed: std::collections::HashSet<&str> = links
            .iter()
            .flat_map(|l| l.proposals.iter().map(|p| p.doc.as_str()))
            .collect();
        self.docs
            .iter()
            .filter(|d| {
                proposed.contains(d.id.as_str()) || store.decisions.iter().any(|x| x.is_about(d))
            })
            .cloned()
            .collect()
    }
}

/// A hash of the current decisions: linking depends on nothing else that changes.
fn fingerprint(store: &DecisionStore) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for d in &store.decisions {
        (
            &d.criterion,
            &d.framework,
            &d.sha256,
            d.status as u8,
            &d.decided_at,
        )
            .hash(&mut h);
    }
    h.finish()
}
