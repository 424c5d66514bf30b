//! What the server holds between requests: the catalog, the CSRF token, and one
//! [`Generation`] per state of the index — the opened index with the linking proposals and
//! the few documents the review pages need, read once for that state.
//!
//! Why no document list: at 100,000 documents every stored record and text is gigabytes.
//! Each page asks the index for what it shows (a search's hits, one document by its id, the
//! documents that assign tasks) and forgets it, so the server's memory follows the pages it
//! serves, not the archive.
//!
//! Why proposals and decisions are kept apart: linking the whole catalog reads each leaf's
//! preselection from the index (seconds at 100,000 documents) and depends only on the index
//! and the catalog, while reviewers change decisions every few seconds. So the proposals are
//! computed once per index generation *without* decisions ([`Generation::proposals`]), and
//! the decisions are laid over them when a page is rendered ([`App::reviewed`]): the decided
//! documents (a handful, read once) are linked alone under the decisions, replace their own
//! entries in the proposals, and each leaf is re-sorted and cut as linking does. The result
//! equals linking everything under the decisions (a test checks it); a decision never
//! relinks the archive. A new commit of the index (an `ingest` while the server runs) is a
//! new generation: the next request opens it and the proposals are computed again.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::SystemTime;

use anyhow::Context;
use kiemchung_evidence::criteria::Catalog;
use kiemchung_evidence::decisions::{DecisionStatus, DecisionStore, META_CATALOG};
use kiemchung_evidence::linking::{CriterionLinks, LinkOptions, Proposal};
use kiemchung_index::{Filter, Index, StoredDoc, TANTIVY_DIR};

use super::Config;
use crate::report::audit::render::Lang;
use crate::tasks::{FollowUp, Order, Selection};

/// Proposals kept per leaf in a generation's linking (linking's own cut is 20 per leaf): the
/// decided documents of a leaf can displace this many before the overlay runs short and the
/// proposals are computed again with a larger cut.
const KEPT_PER_LEAF: usize = 100;

/// Where a document sits in its generation's index (segment, document): the index order.
type Addr = (u32, u32);

/// The server's state, shared by all requests.
pub struct App {
    pub index_dir: PathBuf,
    pub catalog: Option<Catalog>,
    pub catalog_path: Option<PathBuf>,
    pub claims: BTreeMap<String, f64>,
    pub year: Option<i32>,
    pub lang: Lang,
    pub csrf: String,
    pub token: Option<String>,
    generation: RwLock<Arc<Generation>>,
    /// The commit that last failed to open (not retried until the index changes again).
    failed: Mutex<Option<Stamp>>,
    counters: Counters,
}

#[derive(Default)]
struct Counters {
    generations: AtomicU64,
    proposal_runs: AtomicU64,
    overlay_runs: AtomicU64,
}

/// How often the costly steps ran since the server started: what the tests use to show that
/// a decision does not relink the archive, and the benchmark prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    /// Index generations opened (1 at start, +1 per commit seen).
    pub generations: u64,
    /// Catalog linkings over the index (once per generation and catalog).
    pub proposal_runs: u64,
    /// Decisions laid over the proposals (once per state of the decisions).
    pub overlay_runs: u64,
}

/// The identity of an index commit: tantivy replaces `meta.json` on every commit.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    modified: Option<SystemTime>,
    len: u64,
    inode: u64,
}

fn stamp(dir: &Path) -> Option<Stamp> {
    let m = std::fs::metadata(dir.join(TANTIVY_DIR).join("meta.json")).ok()?;
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&m);
    #[cfg(not(unix))]
    let inode = 0;
    Some(Stamp {
        modified: m.modified().ok(),
        len: m.len(),
        inode,
    })
}

/// One opened state of the index and what was read from it for the review pages.
pub struct Generation {
    pub index: Index,
    stamp: Option<Stamp>,
    /// The catalog linked without decisions, computed on first use.
    proposals: Mutex<Option<Arc<Proposals>>>,
    /// Documents some decision is about, with their text (they are linked again under the
    /// decisions). Bounded by the decisions, not by the archive.
    decided: Mutex<HashMap<Addr, Arc<StoredDoc>>>,
    /// Records of proposed documents by id, text left out (the audit reads records only).
    records: Mutex<HashMap<String, (Addr, Arc<StoredDoc>)>>,
    /// The proposals under the decisions, for the last state of the decisions seen.
    reviewed: Mutex<Option<(u64, Arc<Reviewed>)>>,
    /// The task follow-up as of one day, overdue first (its rows wait in a temporary file,
    /// memory keeps their keys: see [`crate::tasks::FollowUp`]).
    tasks: Mutex<Option<(chrono::NaiveDate, Arc<FollowUp>)>>,
}

/// The catalog linked over one generation without decisions.
pub struct Proposals {
    /// Proposals kept per leaf.
    kept: usize,
    links: Vec<CriterionLinks>,
}

/// The proposals under the current decisions, and the documents the audit looks up.
pub struct Reviewed {
    /// What linking under the decisions gives: per leaf, confirmed documents first, then the
    /// best proposals, rejected documents gone.
    pub links: Vec<CriterionLinks>,
    /// The documents proposed in `links` and those the decisions are about, in index order,
    /// records only (no text).
    pub docs: Vec<StoredDoc>,
}

impl Reviewed {
    /// Document id by path, for pages that show an audit item (which names its path).
    pub fn id_by_path(&self) -> HashMap<&str, &str> {
        self.docs
            .iter()
            .map(|d| (d.path.as_str(), d.id.as_str()))
            .collect()
    }

    /// Document id by reference as written, for findings (which name a reference).
    pub fn id_by_reference(&self) -> BTreeMap<String, &str> {
        self.docs
            .iter()
            .filter_map(|d| d.record.reference().map(|r| (r, d.id.as_str())))
            .collect()
    }
}

impl Generation {
    fn open(dir: &Path, quick: bool) -> anyhow::Result<Generation> {
        let before = stamp(dir);
        let index = if quick {
            Index::open_quick(dir)?
        } else {
            Index::open(dir)?
        };
        Ok(Generation {
            index,
            stamp: before,
            proposals: Mutex::new(None),
            decided: Mutex::new(HashMap::new()),
            records: Mutex::new(HashMap::new()),
            reviewed: Mutex::new(None),
            tasks: Mutex::new(None),
        })
    }

    /// The document with this id (SHA-256), read from the index.
    pub fn doc(&self, id: &str) -> anyhow::Result<Option<StoredDoc>> {
        let id = id.trim();
        if id.is_empty() || id.len() > 128 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(None);
        }
        Ok(self
            .index
            .select(&Filter::Id(id.to_owned()))?
            .into_iter()
            .next()
            .map(|a| self.index.doc(a))
            .transpose()?)
    }

    /// Which of `ids` are documents of this generation (term lookups, nothing read).
    pub fn present<'a>(&self, ids: impl IntoIterator<Item = &'a str>) -> HashSet<String> {
        let mut out = HashSet::new();
        for id in ids {
            if out.contains(id) {
                continue;
            }
            if self.index.count(&Filter::Id(id.to_owned())).unwrap_or(0) > 0 {
                out.insert(id.to_owned());
            }
        }
        out
    }
}

fn without_text(d: &StoredDoc) -> StoredDoc {
    StoredDoc {
        id: d.id.clone(),
        path: d.path.clone(),
        record: d.record.clone(),
        text: String::new(),
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl App {
    pub fn open(config: &Config) -> anyhow::Result<App> {
        let generation = Generation::open(&config.index, false)?;
        let remembered =
            kiemchung_evidence::decisions::meta(&config.index, META_CATALOG)?.map(PathBuf::from);
        let catalog_path = config.criteria.clone().or(remembered);
        let catalog = match &catalog_path {
            Some(p) => Some(Catalog::load(p).with_context(|| {
                let what = if config.lang == Lang::En {
                    "catalog"
                } else {
                    "bộ tiêu chí"
                };
                format!("{what} {}", p.display())
            })?),
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
        let year = catalog.as_ref().and_then(|c| c.year(config.year));
        let counters = Counters::default();
        counters.generations.store(1, Ordering::Relaxed);
        Ok(App {
            index_dir: config.index.clone(),
            catalog,
            catalog_path,
            claims,
            year: year.or(config.year),
            lang: config.lang,
            csrf: super::security::random_token(),
            token: config.token.clone(),
            generation: RwLock::new(Arc::new(generation)),
            failed: Mutex::new(None),
            counters,
        })
    }

    /// Vietnamese or English text.
    pub fn t<'a>(&self, vi: &'a str, en: &'a str) -> &'a str {
        if self.lang == Lang::En { en } else { vi }
    }

    pub fn en(&self) -> bool {
        self.lang == Lang::En
    }

    /// How often the costly steps ran (see [`Counts`]).
    pub fn counts(&self) -> Counts {
        Counts {
            generations: self.counters.generations.load(Ordering::Relaxed),
            proposal_runs: self.counters.proposal_runs.load(Ordering::Relaxed),
            overlay_runs: self.counters.overlay_runs.load(Ordering::Relaxed),
        }
    }

    /// The current generation of the index: the one opened, or a newer commit (one `stat`
    /// per request tells). A commit that does not open (an ingest half-way, a damaged
    /// index) leaves the server on the generation it has, and is reported once.
    pub fn generation(&self) -> Arc<Generation> {
        let current = self
            .generation
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        let now = stamp(&self.index_dir);
        if now.is_none() || now == current.stamp || *lock(&self.failed) == now {
            return current;
        }
        let mut w = self.generation.write().unwrap_or_else(|p| p.into_inner());
        if w.stamp == now {
            return w.clone();
        }
        match Generation::open(&self.index_dir, true) {
            Ok(g) => {
                *w = Arc::new(g);
                self.counters.generations.fetch_add(1, Ordering::Relaxed);
            }
            Err(e) => {
                eprintln!(
                    "kiemchung serve: {}: {e:#}",
                    self.t(
                        "chỉ mục đã thay đổi nhưng chưa mở được, vẫn dùng bản trước",
                        "the index changed but does not open; still serving the previous state"
                    )
                );
                *lock(&self.failed) = now;
            }
        }
        w.clone()
    }

    /// The current decisions, read from the database (other reviewers and the CLI write too).
    pub fn decisions(&self) -> anyhow::Result<DecisionStore> {
        Ok(DecisionStore::load(&self.index_dir)?)
    }

    fn link_options(&self, max_per_criterion: usize) -> LinkOptions {
        LinkOptions {
            year: self.year,
            max_per_criterion,
            ..LinkOptions::default()
        }
    }

    /// The generation's proposals (no decisions), keeping at least `kept` per leaf: linked
    /// once, each leaf over the documents the index preselects for it.
    fn proposals(
        &self,
        g: &Generation,
        catalog: &Catalog,
        kept: usize,
    ) -> anyhow::Result<Arc<Proposals>> {
        let mut guard = lock(&g.proposals);
        if let Some(p) = guard.as_ref()
            && p.kept >= kept
        {
            return Ok(p.clone());
        }
        self.counters.proposal_runs.fetch_add(1, Ordering::Relaxed);
        let links = kiemchung_evidence::linking::link_indexed(
            catalog,
            &g.index,
            &self.link_options(kept),
            &DecisionStore::default(),
        )?;
        let p = Arc::new(Proposals { kept, links });
        *guard = Some(p.clone());
        Ok(p)
    }

    /// The generation's task follow-up as of `today`, overdue first: computed once per
    /// generation and day (paging through it reads rows back, nothing is recomputed).
    pub fn tasks(&self, g: &Generation, today: chrono::NaiveDate) -> anyhow::Result<Arc<FollowUp>> {
        let mut guard = lock(&g.tasks);
        if let Some((day, f)) = guard.as_ref()
            && *day == today
        {
            return Ok(f.clone());
        }
        let mut f = FollowUp::indexed(&g.index, today, Selection::default())?;
        f.sort(Order::OverdueFirst);
        let f = Arc::new(f);
        *guard = Some((today, f.clone()));
        Ok(f)
    }

    /// The proposals under `store`'s decisions (see the module documentation), cached until
    /// the decisions or the index change.
    pub fn reviewed(
        &self,
        g: &Generation,
        catalog: &Catalog,
        store: &DecisionStore,
    ) -> anyhow::Result<Arc<Reviewed>> {
        let key = fingerprint(store);
        let mut guard = lock(&g.reviewed);
        if let Some((k, r)) = guard.as_ref()
            && *k == key
        {
            return Ok(r.clone());
        }
        self.counters.overlay_runs.fetch_add(1, Ordering::Relaxed);
        let decided = self.decided_docs(g, store)?;
        let decided_docs: Vec<StoredDoc> = decided.iter().map(|(_, d)| (**d).clone()).collect();
        let decided_ids: HashSet<&str> = decided_docs.iter().map(|d| d.id.as_str()).collect();
        // The decided documents alone, under the decisions, nothing cut: exactly what linking
        // everything would give for them (each document is matched on its own).
        let under = kiemchung_evidence::linking::link(
            catalog,
            &decided_docs,
            &self.link_options(usize::MAX),
            store,
        );
        let max = LinkOptions::default().max_per_criterion;
        let mut kept = KEPT_PER_LEAF.max(max);
        let links = loop {
            let base = self.proposals(g, catalog, kept)?;
            match overlay(&base, &under, &decided_ids, max) {
                Some(links) => break links,
                // A leaf whose kept proposals were mostly decided on: link again keeping more.
                None => kept = kept.saturating_mul(4),
            }
        };
        let docs = self.review_docs(g, &links, &decided)?;
        let r = Arc::new(Reviewed { links, docs });
        *guard = Some((key, r.clone()));
        Ok(r)
    }

    /// The documents any decision can be about (same SHA-256, or same reference: copies and
    /// re-scans), with their text, read once per generation.
    fn decided_docs(
        &self,
        g: &Generation,
        store: &DecisionStore,
    ) -> anyhow::Result<Vec<(Addr, Arc<StoredDoc>)>> {
        let mut parts = Vec::new();
        let mut seen = HashSet::new();
        for d in &store.decisions {
            if !d.sha256.is_empty() && seen.insert(("id", d.sha256.to_ascii_lowercase())) {
                parts.push(Filter::Id(d.sha256.clone()));
            }
            if let Some(r) = &d.reference
                && seen.insert(("ref", r.clone()))
            {
                parts.push(Filter::Reference(r.clone()));
            }
        }
        let filter = Filter::or(parts);
        if filter == Filter::Nothing {
            return Ok(Vec::new());
        }
        let mut cache = lock(&g.decided);
        let mut out = Vec::new();
        for a in g.index.select(&filter)? {
            let k: Addr = (a.segment_ord, a.doc_id);
            let d = match cache.get(&k) {
                Some(d) => d.clone(),
                None => {
                    let d = Arc::new(g.index.doc(a)?);
                    cache.insert(k, d.clone());
                    d
                }
            };
            out.push((k, d));
        }
        Ok(out)
    }

    /// The records the audit looks up for `links` and the decisions, in index order.
    fn review_docs(
        &self,
        g: &Generation,
        links: &[CriterionLinks],
        decided: &[(Addr, Arc<StoredDoc>)],
    ) -> anyhow::Result<Vec<StoredDoc>> {
        let mut by_addr: BTreeMap<Addr, StoredDoc> =
            decided.iter().map(|(a, d)| (*a, without_text(d))).collect();
        let have: HashSet<&str> = decided.iter().map(|(_, d)| d.id.as_str()).collect();
        let wanted: Vec<&str> = links
            .iter()
            .flat_map(|l| l.proposals.iter().map(|p| p.doc.as_str()))
            .filter(|id| !have.contains(id))
            .collect();
        let mut cache = lock(&g.records);
        let missing: Vec<Filter> = wanted
            .iter()
            .filter(|id| !cache.contains_key(**id))
            .map(|id| Filter::Id((*id).to_owned()))
            .collect();
        if !missing.is_empty() {
            for a in g.index.select(&Filter::or(missing))? {
                let d = g.index.doc(a)?;
                let d = without_text(&d);
                cache.insert(d.id.clone(), ((a.segment_ord, a.doc_id), Arc::new(d)));
            }
        }
        for id in wanted {
            if let Some((a, d)) = cache.get(id) {
                by_addr.entry(*a).or_insert_with(|| (**d).clone());
            }
        }
        Ok(by_addr.into_values().collect())
    }
}

/// Lays the decided documents' own linking (`under`) over the generation's proposals: per
/// leaf, the decided documents' entries replace theirs, then linking's order and cut
/// (confirmed first, then score, date, id; `max` kept, confirmed ones never cut). `None`
/// when a leaf's kept proposals ran short (fewer than `max` undecided left of a list that
/// was itself cut): the caller links again keeping more.
fn overlay(
    base: &Proposals,
    under: &[CriterionLinks],
    decided: &HashSet<&str>,
    max: usize,
) -> Option<Vec<CriterionLinks>> {
    let under: HashMap<&str, &CriterionLinks> =
        under.iter().map(|l| (l.code.as_str(), l)).collect();
    let mut out = Vec::with_capacity(base.links.len());
    for b in &base.links {
        let undecided: Vec<&Proposal> = b
            .proposals
            .iter()
            .filter(|p| !decided.contains(p.doc.as_str()))
            .collect();
        if b.proposals.len() >= base.kept && undecided.len() < max {
            return None;
        }
        let mut proposals: Vec<Proposal> = under
            .get(b.code.as_str())
            .map(|u| u.proposals.clone())
            .unwrap_or_default();
        proposals.extend(undecided.into_iter().cloned());
        sort_and_cut(&mut proposals, max);
        out.push(CriterionLinks {
            code: b.code.clone(),
            name: b.name.clone(),
            fallback: b.fallback,
            basis: b.basis.clone(),
            proposals,
            near_misses: Vec::new(),
        });
    }
    Some(out)
}

/// Linking's order and cut for one leaf (`linking::sort_and_cut`, which is private; the
/// overlay test compares the result with linking under the decisions, so a change there is
/// caught).
fn sort_and_cut(v: &mut Vec<Proposal>, max: usize) {
    let confirmed = |p: &Proposal| p.status == DecisionStatus::Confirmed;
    v.sort_by(|a, b| {
        confirmed(b)
            .cmp(&confirmed(a))
            .then(b.score.total_cmp(&a.score))
            .then(b.date.cmp(&a.date))
            .then(a.doc.cmp(&b.doc))
    });
    let keep = max.max(v.iter().filter(|p| confirmed(p)).count());
    v.truncate(keep);
}

/// A hash of the current decisions: what the overlay depends on besides the generation.
fn fingerprint(store: &DecisionStore) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for d in &store.decisions {
        (
            &d.criterion,
            &d.framework,
            &d.sha256,
            &d.reference,
            &d.issuer,
            d.status as u8,
            &d.note,
            &d.decided_at,
        )
            .hash(&mut h);
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use kiemchung_evidence::linking::Basis;

    fn prop(doc: &str, score: f32, status: DecisionStatus) -> Proposal {
        Proposal {
            doc: doc.to_owned(),
            path: format!("/kho/{doc}.txt"),
            reference: None,
            doc_type: None,
            date: None,
            issuer: None,
            subject: None,
            score,
            confidence: score,
            tier: "",
            rules: vec![0],
            reasons: Vec::new(),
            snippet: String::new(),
            status,
        }
    }

    fn leaf(code: &str, proposals: Vec<Proposal>) -> CriterionLinks {
        CriterionLinks {
            code: code.to_owned(),
            name: code.to_owned(),
            fallback: false,
            basis: Basis::Rules,
            proposals,
            near_misses: Vec::new(),
        }
    }

    /// Leaf 1.1 proposing a, b, c (best first), linked keeping `kept`.
    fn abc(kept: usize) -> Proposals {
        Proposals {
            kept,
            links: vec![leaf(
                "1.1",
                vec![
                    prop("a", 0.9, DecisionStatus::Proposed),
                    prop("b", 0.8, DecisionStatus::Proposed),
                    prop("c", 0.7, DecisionStatus::Proposed),
                ],
            )],
        }
    }

    fn docs(v: &[Proposal]) -> Vec<&str> {
        v.iter().map(|p| p.doc.as_str()).collect()
    }

    #[test]
    fn decided_documents_replace_their_entries_and_the_cut_is_linkings() {
        let base = abc(4);
        // "b" rejected (absent from its own linking), "z" confirmed though weak.
        let under = vec![leaf("1.1", vec![prop("z", 0.2, DecisionStatus::Confirmed)])];
        let decided: HashSet<&str> = ["b", "z"].into_iter().collect();
        let out = overlay(&base, &under, &decided, 2).expect("enough kept");
        assert_eq!(
            docs(&out[0].proposals),
            ["z", "a"],
            "confirmed first, then the best"
        );
        // More confirmed documents than the cut: all kept.
        let under = vec![leaf(
            "1.1",
            vec![
                prop("x", 0.1, DecisionStatus::Confirmed),
                prop("y", 0.3, DecisionStatus::Confirmed),
                prop("z", 0.2, DecisionStatus::Confirmed),
            ],
        )];
        let decided: HashSet<&str> = ["x", "y", "z"].into_iter().collect();
        let out = overlay(&base, &under, &decided, 2).expect("enough kept");
        assert_eq!(docs(&out[0].proposals), ["y", "z", "x"]);
    }

    #[test]
    fn a_leaf_whose_kept_proposals_run_short_asks_for_more() {
        let base = abc(3);
        let under = vec![leaf("1.1", Vec::new())];
        // Two of three rejected from a list that was cut at 3: the 4th best is unknown.
        let decided: HashSet<&str> = ["a", "b"].into_iter().collect();
        assert!(overlay(&base, &under, &decided, 2).is_none());
        // The same with a list that was not cut: exact.
        let whole = abc(10);
        let out = overlay(&whole, &under, &decided, 2).expect("not cut");
        assert_eq!(docs(&out[0].proposals), ["c"]);
    }
}
