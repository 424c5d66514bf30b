//! The tantivy index of kiemchung records.
//!
//! One folder per archive: tantivy's files live in `<index>/tantivy/`; the folder itself is
//! shared with other tools (ingest reports, reviewers' decisions), so nothing here ever
//! deletes anything outside `tantivy/`.
//!
//! - [`analysis`]: the Vietnamese analyzers (exact and diacritic-folded twins), reference keys.
//! - [`schema`]: fields, and record → tantivy document. Per-file state (path, size, mtime,
//!   SHA-256) is stored in the index itself so that a commit is the only state transition.
//! - [`query`]: user text → query, never failing on syntax.
//! - [`select`]: documents by what they are (phrases in the trích yếu or body, type, period,
//!   id, reference, citation) for linking, audit, `evidence` and `tasks`.
//! - [`writer`]: the incremental writer used by `kiemchung ingest`.
//! - [`directory`]: the folder as tantivy reads it (document stores by `pread`, not mapped).
//!
//! The read API ([`Index::open`], [`Index::documents`], [`Index::search`] and the types they
//! return) is a contract shared with the linking/audit code: names and signatures stay.

pub mod analysis;
pub mod copies;
pub mod directory;
pub mod followup;
pub mod heads;
pub mod integrity;
pub mod query;
pub mod schema;
pub mod select;
pub mod writer;

use std::collections::HashSet;
use std::fmt;
use std::ops::Bound;
use std::path::{Path, PathBuf};

use kiemchung_extractors::Record;
use tantivy::collector::TopDocs;
use tantivy::postings::Postings;
use tantivy::query::{
    AllQuery, Bm25Weight, BooleanQuery, ConstScoreQuery, EnableScoring, Occur, Query, RangeQuery,
    Scorer, TermQuery,
};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocSet, Order, ReloadPolicy, Score, Searcher, TantivyDocument, Term};

use crate::schema::Fields;

pub use crate::schema::FileState;
pub use crate::select::{Brief, Briefs, Filter, Text};
pub use crate::writer::Writer;
pub use tantivy::DocAddress;

/// Name of the tantivy sub-folder inside an index folder.
pub const TANTIVY_DIR: &str = "tantivy";

/// Why an index operation failed.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("chưa có chỉ mục tại {0} (chạy `kiemchung ingest THƯ_MỤC --index {0}` trước)")]
    Missing(String),
    #[error("chỉ mục chưa được lập")]
    NotBuilt,
    /// Another process (usually another `kiemchung ingest`) holds the writer lock.
    #[error(
        "chỉ mục tại {0} đang được một tiến trình khác ghi (một lệnh `kiemchung ingest` khác?); \
         chờ tiến trình đó xong rồi chạy lại"
    )]
    Locked(String),
    /// The folder holds an index made with a different schema.
    #[error(
        "chỉ mục tại {0} được lập bằng một phiên bản kiemchung cũ (định dạng khác): chạy \
         `kiemchung ingest --index {0} THƯ_MỤC` để lập lại (quyết định của người rà soát được giữ)"
    )]
    Incompatible(String),
    /// The folder does not match its own bookkeeping: answers would be partial.
    #[error(
        "chỉ mục tại {dir} bị hỏng: {}. Không thể trả lời đầy đủ. Chạy `kiemchung check --repair --index {dir}` để sửa, rồi `kiemchung ingest` để nạp lại các tệp bị mất",
        problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("; ")
    )]
    Damaged {
        dir: String,
        problems: Vec<integrity::Problem>,
    },
    /// The terms were made by other analyzers: matches would be wrong.
    #[error(
        "chỉ mục tại {dir} được lập bằng bộ phân tích từ phiên bản {found}, phiên bản hiện tại là {current}: kết quả tìm kiếm sẽ sai. Chạy `kiemchung ingest --index {dir} THƯ_MỤC` (hoặc `kiemchung check --repair --index {dir}`) để lập lại chỉ mục",
        current = analysis::VERSION
    )]
    AnalyzersChanged { dir: String, found: u32 },
    /// A date filter that is not a date.
    #[error("ngày không hợp lệ {0:?} (dùng dd/mm/yyyy, mm/yyyy, yyyy hoặc yyyy-mm-dd)")]
    InvalidDate(String),
    #[error("lỗi đọc/ghi {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("lỗi chỉ mục: {0}")]
    Tantivy(tantivy::TantivyError),
}

impl IndexError {
    /// The message in English (`Display` speaks Vietnamese, the users' language): what the
    /// CLI prints in a `--lang en` run.
    pub fn english(&self) -> String {
        match self {
            IndexError::Missing(d) => {
                format!("no index at {d} (run `kiemchung ingest FOLDER --index {d}` first)")
            }
            IndexError::NotBuilt => "the index has not been built".to_owned(),
            IndexError::Locked(d) => format!(
                "the index at {d} is being written by another process (another `kiemchung \
                 ingest`?); wait for it to finish, then run again"
            ),
            IndexError::Incompatible(d) => format!(
                "the index at {d} was built by an older kiemchung (another format): run \
                 `kiemchung ingest --index {d} FOLDER` to rebuild it (reviewers' decisions are kept)"
            ),
            IndexError::Damaged { dir, problems } => format!(
                "the index at {dir} is damaged: {}. It cannot answer in full. Run `kiemchung \
                 check --repair --index {dir}` to repair it, then `kiemchung ingest` to index \
                 the lost files again",
                problems
                    .iter()
                    .map(integrity::Problem::english)
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            IndexError::AnalyzersChanged { dir, found } => format!(
                "the index at {dir} was built with analyzers of version {found}, the current \
                 version is {}: search results would be wrong. Run `kiemchung ingest --index \
                 {dir} FOLDER` (or `kiemchung check --repair --index {dir}`) to rebuild it",
                analysis::VERSION
            ),
            IndexError::InvalidDate(s) => {
                format!("invalid date {s:?} (use dd/mm/yyyy, mm/yyyy, yyyy or yyyy-mm-dd)")
            }
            IndexError::Io { path, source } => format!("I/O error on {path}: {source}"),
            IndexError::Tantivy(e) => format!("index error: {e}"),
        }
    }
}

impl From<tantivy::TantivyError> for IndexError {
    fn from(e: tantivy::TantivyError) -> Self {
        IndexError::Tantivy(e)
    }
}

/// A document as stored in the index.
#[derive(Debug, Clone, Default)]
pub struct StoredDoc {
    /// Stable id: the SHA-256 of the file's bytes.
    pub id: String,
    /// Path of the file as ingested.
    pub path: String,
    pub record: Record,
    /// The full document text.
    pub text: String,
}

/// A search with optional filters. Dates are ISO (`YYYY-MM-DD`, inclusive).
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    pub text: String,
    pub doc_type: Option<String>,
    pub issuer: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub year: Option<i32>,
    pub limit: usize,
}

/// A highlighted excerpt: `highlights` are byte ranges in `text`.
#[derive(Debug, Clone, Default)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<(usize, usize)>,
}

/// One search result.
#[derive(Debug, Clone, Default)]
pub struct Hit {
    pub doc: StoredDoc,
    pub score: f32,
    pub snippet: Snippet,
}

/// An opened index (read side).
pub struct Index {
    dir: PathBuf,
    searcher: Searcher,
    fields: Fields,
}

impl fmt::Debug for Index {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Index")
            .field("dir", &self.dir)
            .field("docs", &self.searcher.num_docs())
            .finish()
    }
}

/// Default number of results when [`SearchQuery::limit`] is 0.
pub const DEFAULT_LIMIT: usize = 20;
/// Candidates taken from each lean query before re-scoring (at least; 4× the limit when
/// more results are asked). Enough that the phrase and exact-diacritic boosts, which can
/// lift a document at most ~3×, reorder the head of the list rather than miss it.
pub const CANDIDATES: usize = 100;
/// Length of a snippet, in characters.
pub const SNIPPET_CHARS: usize = 220;

/// Opens the tantivy index under `dir`, registering the analyzers and checking the schema.
pub(crate) fn open_tantivy(dir: &Path) -> Result<(tantivy::Index, Fields), IndexError> {
    let tdir = dir.join(TANTIVY_DIR);
    if !tdir.join("meta.json").is_file() {
        return Err(IndexError::Missing(dir.display().to_string()));
    }
    let index = tantivy::Index::open(directory::StoreReadDirectory::open(&tdir)?)?;
    let (schema, fields) = Fields::build();
    if index.schema() != schema {
        return Err(IndexError::Incompatible(dir.display().to_string()));
    }
    analysis::register(&index);
    Ok((index, fields))
}

impl Index {
    /// Opens an existing index folder for reading.
    ///
    /// The folder is verified against its own bookkeeping first (every segment file present
    /// and matching its checksum, the document count the last commit recorded, the analyzer
    /// version): a damaged index is an error naming the repairing command, never a partial
    /// answer. The checksums read the index once (about 0.1 s per 300 MB from the page
    /// cache), a price paid once per process.
    pub fn open(dir: &Path) -> Result<Index, IndexError> {
        Self::open_at(dir, integrity::Depth::Deep)
    }

    /// [`Index::open`] checking only file presence and the document count (a few `stat`s),
    /// for callers that re-open often and verified the folder already.
    pub fn open_quick(dir: &Path) -> Result<Index, IndexError> {
        Self::open_at(dir, integrity::Depth::Quick)
    }

    fn open_at(dir: &Path, depth: integrity::Depth) -> Result<Index, IndexError> {
        let (index, fields, _) = integrity::open_checked(dir, depth, true)?;
        let damaged = |e: tantivy::TantivyError| IndexError::Damaged {
            dir: dir.display().to_string(),
            problems: vec![integrity::Problem::Unreadable {
                segment: "?".into(),
                reason: e.to_string(),
            }],
        };
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(damaged)?;
        let searcher = reader.searcher();
        Ok(Index {
            dir: dir.to_path_buf(),
            searcher,
            fields,
        })
    }

    /// The index folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Number of live documents.
    pub fn len(&self) -> u64 {
        self.searcher.num_docs()
    }

    /// Whether the index holds no document.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every live document, in no particular order.
    pub fn documents(&self) -> Result<Vec<StoredDoc>, IndexError> {
        let mut out = Vec::with_capacity(self.len() as usize);
        for (ord, seg) in self.searcher.segment_readers().iter().enumerate() {
            for doc in seg.doc_ids_alive() {
                out.push(self.load(DocAddress::new(ord as u32, doc))?);
            }
        }
        Ok(out)
    }

    /// Full-text search with filters, best first.
    pub fn search(&self, query: &SearchQuery) -> Result<Vec<Hit>, IndexError> {
        let filters = self.filters(query)?;
        let limit = if query.limit == 0 {
            DEFAULT_LIMIT
        } else {
            query.limit
        };
        let Some(plan) = query::plan(&self.fields, &query.text, true) else {
            // Filters only: newest first.
            let q = with_filters(Box::new(AllQuery), filters);
            let top = self.searcher.search(
                &*q,
                &TopDocs::with_limit(limit)
                    .order_by_fast_field::<tantivy::DateTime>("date_lo", Order::Desc),
            )?;
            return top
                .into_iter()
                .map(|(_, addr)| {
                    let doc = self.load(addr)?;
                    let snippet = lead_snippet(&doc.text);
                    Ok(Hit {
                        doc,
                        score: 0.0,
                        snippet,
                    })
                })
                .collect();
        };
        let mut q = with_filters(plan.to_query(), clone_all(&filters));
        let mut top = self.top_k(&query.text, &plan, &*q, &filters, limit)?;
        if top.is_empty()
            && let Some(any) = query::plan(&self.fields, &query.text, false)
        {
            // Nothing has every word: rank documents having some of them.
            q = with_filters(any.to_query(), clone_all(&filters));
            top = self.top_k(&query.text, &any, &*q, &filters, limit)?;
        }
        let mut generator = SnippetGenerator::create(&self.searcher, &*q, self.fields.body_f)?;
        generator.set_max_num_chars(SNIPPET_CHARS);
        top.into_iter()
            .map(|(score, addr)| {
                let doc = self.load(addr)?;
                let s = generator.snippet(&doc.text);
                let snippet = if s.is_empty() {
                    lead_snippet(&doc.text)
                } else {
                    Snippet {
                        text: s.fragment().to_owned(),
                        highlights: s.highlighted().iter().map(|r| (r.start, r.end)).collect(),
                    }
                };
                Ok(Hit {
                    doc,
                    score,
                    snippet,
                })
            })
            .collect()
    }

    /// The `limit` best documents for `plan` (`full` is its query with the filters), with
    /// the scores a full evaluation gives.
    ///
    /// Two phases (see [`query::candidate_queries`] for why): the lean candidate queries,
    /// which tantivy prunes with block-max WAND, each give their top [`CANDIDATES`]
    /// documents; the plan's leaves then score exactly those, so the proximity phrase,
    /// quoted phrases, the exact-diacritic boost and the reference boost are computed for a
    /// few hundred documents instead of every match. When fewer than `limit` candidates
    /// match (a rare phrase made of common words, a word found only in the issuer), `full`
    /// is evaluated on the whole index: the shortcut never loses matches.
    fn top_k(
        &self,
        text: &str,
        plan: &query::Plan,
        full: &dyn Query,
        filters: &[Box<dyn Query>],
        limit: usize,
    ) -> Result<Vec<(Score, DocAddress)>, IndexError> {
        let per_query = CANDIDATES.max(limit.saturating_mul(4));
        let mut addrs = Vec::new();
        for candidate in query::candidate_queries(&self.fields, text, plan.all) {
            let q = with_filters(candidate, clone_all(filters));
            let top = self
                .searcher
                .search(&*q, &TopDocs::with_limit(per_query).order_by_score())?;
            addrs.extend(top.into_iter().map(|(_, a)| a));
        }
        let mut scored = self.rescore(plan, addrs)?;
        if scored.len() < limit {
            return Ok(self
                .searcher
                .search(full, &TopDocs::with_limit(limit).order_by_score())?);
        }
        rank(&mut scored, limit);
        Ok(scored)
    }

    /// Scores `addrs` (documents that pass the filters) as tantivy scores `plan`'s query:
    /// the sum of the matching leaves, documents missing a required unit dropped. Each
    /// leaf's postings are opened once per segment and seeked forward through that
    /// segment's candidates in document order; phrases are checked at the candidate only
    /// ([`PhraseLeaf`]).
    fn rescore(
        &self,
        plan: &query::Plan,
        mut addrs: Vec<DocAddress>,
    ) -> Result<Vec<(Score, DocAddress)>, IndexError> {
        addrs.sort_unstable();
        addrs.dedup();
        let scoring = EnableScoring::enabled_from_searcher(&self.searcher);
        let mut leaves: Vec<(Option<usize>, LeafWeight)> = Vec::new();
        let units = plan.units.iter().enumerate();
        let all_leaves = units
            .flat_map(|(u, unit)| unit.iter().map(move |l| (Some(u), l)))
            .chain(plan.optional.iter().map(|l| (None, l)));
        for (u, leaf) in all_leaves {
            let weight = match &leaf.phrase {
                Some((field, terms)) => LeafWeight::Phrase {
                    field: *field,
                    terms: terms.clone(),
                    bm25: Bm25Weight::for_terms(&self.searcher, terms)?.boost_by(leaf.boost),
                },
                None => LeafWeight::Other(leaf.query.weight(scoring)?, leaf.boost),
            };
            leaves.push((u, weight));
        }
        let mut out = Vec::with_capacity(addrs.len());
        let mut matched = vec![false; plan.units.len()];
        for group in addrs.chunk_by(|a, b| a.segment_ord == b.segment_ord) {
            let reader = self.searcher.segment_reader(group[0].segment_ord);
            let mut scorers = leaves
                .iter()
                .map(|(u, w)| Ok((*u, w.open(reader)?)))
                .collect::<Result<Vec<_>, tantivy::TantivyError>>()?;
            for addr in group {
                matched.fill(false);
                let mut score: Score = 0.0;
                for (unit, scorer) in &mut scorers {
                    if let Some(s) = scorer.score_at(addr.doc_id) {
                        score += s;
                        if let Some(u) = unit {
                            matched[*u] = true;
                        }
                    }
                }
                let keep = if plan.all {
                    matched.iter().all(|m| *m)
                } else {
                    matched.iter().any(|m| *m)
                };
                if keep {
                    out.push((score, *addr));
                }
            }
        }
        Ok(out)
    }

    /// Documents whose own number is `reference` (`47/UBND-TTHC`, any case). Usually one;
    /// several when copies of a document sit at several paths.
    pub fn find_reference(&self, reference: &str) -> Result<Vec<StoredDoc>, IndexError> {
        self.by_keys(self.fields.reference, reference)
    }

    /// Documents that cite `reference`.
    pub fn cited_by(&self, reference: &str) -> Result<Vec<StoredDoc>, IndexError> {
        self.by_keys(self.fields.cites, reference)
    }

    /// The document ingested from `path` (the absolute path as stored).
    pub fn find_path(&self, path: &str) -> Result<Option<StoredDoc>, IndexError> {
        let q = TermQuery::new(
            Term::from_field_text(self.fields.path, path),
            IndexRecordOption::Basic,
        );
        let top = self
            .searcher
            .search(&q, &TopDocs::with_limit(1).order_by_score())?;
        top.first().map(|(_, a)| self.load(*a)).transpose()
    }

    fn by_keys(
        &self,
        field: tantivy::schema::Field,
        reference: &str,
    ) -> Result<Vec<StoredDoc>, IndexError> {
        let clauses: Vec<(Occur, Box<dyn Query>)> = analysis::ref_keys(reference)
            .into_iter()
            .map(|k| {
                (
                    Occur::Should,
                    Box::new(TermQuery::new(
                        Term::from_field_text(field, &k),
                        IndexRecordOption::Basic,
                    )) as Box<dyn Query>,
                )
            })
            .collect();
        if clauses.is_empty() {
            return Ok(Vec::new());
        }
        let q = BooleanQuery::new(clauses);
        let top = self
            .searcher
            .search(&q, &TopDocs::with_limit(1000).order_by_score())?;
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for (_, a) in top {
            let d = self.load(a)?;
            if seen.insert(d.path.clone()) {
                out.push(d);
            }
        }
        out.sort_by(|a, b| {
            a.record
                .date
                .cmp(&b.record.date)
                .then_with(|| a.path.cmp(&b.path))
        });
        Ok(out)
    }

    /// The stored document at `addr`. A store that does not decode, or a record that is not
    /// JSON, is damage: it is reported, never replaced by an empty record.
    fn load(&self, addr: DocAddress) -> Result<StoredDoc, IndexError> {
        let d: TantivyDocument = self
            .searcher
            .doc(addr)
            .map_err(|e| self.damaged(addr, e.to_string()))?;
        let get = |field| {
            d.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned()
        };
        let record = self.parse_record(addr, &get(self.fields.record))?;
        Ok(StoredDoc {
            id: get(self.fields.sha256),
            path: get(self.fields.path),
            record,
            text: get(self.fields.body),
        })
    }

    /// The stored document at `addr` without its text (`text` is empty). Reading stops at the
    /// record, before the body: a batch that needs records only (`tasks`, the documents citing
    /// another) neither copies nor validates a text it would throw away — at 100,000
    /// documents that was most of the time `tasks` spent.
    pub fn record_at(&self, addr: DocAddress) -> Result<StoredDoc, IndexError> {
        let head = self.head_at(addr)?;
        let record = self.parse_record(addr, &head.record)?;
        Ok(StoredDoc {
            id: head.sha256,
            path: head.path,
            record,
            text: String::new(),
        })
    }

    /// The path, SHA-256 and record JSON stored for the document at `addr`, the record
    /// unparsed: for callers that read only part of it (`tasks` reads the header fields and
    /// the tasks of 80,000 records, borrowing their strings). [`Index::unreadable_record`]
    /// turns a parse error into the index's error.
    pub fn head_at(&self, addr: DocAddress) -> Result<schema::Head, IndexError> {
        self.searcher
            .doc(addr)
            .map_err(|e| self.damaged(addr, e.to_string()))
    }

    /// The error for a stored record at `addr` that does not parse.
    pub fn unreadable_record(&self, addr: DocAddress, e: &serde_json::Error) -> IndexError {
        self.damaged(addr, format!("bản ghi không đọc được ({e})"))
    }

    fn parse_record(&self, addr: DocAddress, raw: &str) -> Result<Record, IndexError> {
        serde_json::from_str::<Record>(raw).map_err(|e| self.unreadable_record(addr, &e))
    }

    fn damaged(&self, addr: DocAddress, reason: String) -> IndexError {
        IndexError::Damaged {
            dir: self.dir.display().to_string(),
            problems: vec![integrity::Problem::Unreadable {
                segment: self
                    .searcher
                    .segment_reader(addr.segment_ord)
                    .segment_id()
                    .uuid_string(),
                reason,
            }],
        }
    }

    /// The state of every file as of the opened commit (path, size, mtime, SHA-256).
    pub fn file_states(&self) -> Result<Vec<FileState>, IndexError> {
        writer::file_states(&self.searcher, &self.dir.display().to_string())
    }

    fn filters(&self, q: &SearchQuery) -> Result<Vec<Box<dyn Query>>, IndexError> {
        let f = &self.fields;
        let mut out: Vec<Box<dyn Query>> = Vec::new();
        if let Some(t) = q.doc_type.as_deref().filter(|t| !t.trim().is_empty()) {
            out.push(Box::new(TermQuery::new(
                Term::from_field_text(f.doc_type, &analysis::label_key(t)),
                IndexRecordOption::Basic,
            )));
        }
        if let Some(i) = q.issuer.as_deref().filter(|t| !t.trim().is_empty()) {
            let expanded = analysis::expand_issuer_abbreviations(i);
            let tokens = analysis::tokens(&mut analysis::vi_fold_analyzer(), &expanded);
            let terms: Vec<Term> = tokens
                .iter()
                .map(|t| Term::from_field_text(f.issuer_f, t))
                .collect();
            match terms.len() {
                0 => {}
                1 => out.push(Box::new(TermQuery::new(
                    terms[0].clone(),
                    IndexRecordOption::Basic,
                ))),
                _ => out.push(Box::new(tantivy::query::PhraseQuery::new(terms))),
            }
        }
        if let Some(y) = q.year
            && let Ok(y) = u64::try_from(y)
        {
            out.push(Box::new(TermQuery::new(
                Term::from_field_u64(f.year, y),
                IndexRecordOption::Basic,
            )));
        }
        if let Some(from) = q.from.as_deref().filter(|s| !s.trim().is_empty()) {
            let (lo, _) = parse_user_date(from)?;
            // The document's period ends on or after `from`.
            out.push(Box::new(RangeQuery::new(
                Bound::Included(Term::from_field_date(f.date_hi, schema::to_datetime(lo))),
                Bound::Unbounded,
            )));
        }
        if let Some(to) = q.to.as_deref().filter(|s| !s.trim().is_empty()) {
            let (_, hi) = parse_user_date(to)?;
            // The document's period starts on or before `to`.
            out.push(Box::new(RangeQuery::new(
                Bound::Unbounded,
                Bound::Included(Term::from_field_date(f.date_lo, schema::to_datetime(hi))),
            )));
        }
        Ok(out)
    }
}

/// A plan leaf ready to score candidates.
enum LeafWeight {
    Phrase {
        field: tantivy::schema::Field,
        terms: Vec<Term>,
        bm25: Bm25Weight,
    },
    Other(Box<dyn tantivy::query::Weight>, Score),
}

impl LeafWeight {
    fn open(&self, reader: &tantivy::SegmentReader) -> tantivy::Result<LeafScorer> {
        Ok(match self {
            LeafWeight::Other(w, boost) => LeafScorer::Other(w.scorer(reader, *boost)?),
            LeafWeight::Phrase { field, terms, bm25 } => {
                let inverted = reader.inverted_index(*field)?;
                let mut postings = Vec::with_capacity(terms.len());
                for t in terms {
                    match inverted.read_postings(t, IndexRecordOption::WithFreqsAndPositions)? {
                        Some(p) => postings.push(p),
                        // A term absent from the segment: the phrase matches nothing here.
                        None => return Ok(LeafScorer::Nothing),
                    }
                }
                LeafScorer::Phrase(PhraseLeaf {
                    postings,
                    fieldnorms: reader.get_fieldnorms_reader(*field)?,
                    bm25: bm25.clone(),
                    first: Vec::new(),
                    other: Vec::new(),
                })
            }
        })
    }
}

/// Scores one leaf at candidate documents taken in increasing order.
enum LeafScorer {
    Phrase(PhraseLeaf),
    Other(Box<dyn Scorer>),
    Nothing,
}

impl LeafScorer {
    /// The leaf's score at `doc`, `None` when it does not match there.
    fn score_at(&mut self, doc: tantivy::DocId) -> Option<Score> {
        match self {
            LeafScorer::Other(s) => {
                let mut at = s.doc();
                if at < doc {
                    at = s.seek(doc);
                }
                (at == doc).then(|| s.score())
            }
            LeafScorer::Phrase(p) => p.score_at(doc),
            LeafScorer::Nothing => None,
        }
    }
}

/// A phrase checked at one document: its terms' postings seeked there, positions compared.
/// Scored as tantivy's phrase scorer does (BM25 over the phrase's terms, the number of
/// occurrences as term frequency), without its scan to the next matching document, which
/// over a rare phrase of common words would read the whole segment.
struct PhraseLeaf {
    postings: Vec<tantivy::postings::SegmentPostings>,
    fieldnorms: tantivy::fieldnorm::FieldNormReader,
    bm25: Bm25Weight,
    first: Vec<u32>,
    other: Vec<u32>,
}

impl PhraseLeaf {
    fn score_at(&mut self, doc: tantivy::DocId) -> Option<Score> {
        for p in &mut self.postings {
            let mut at = p.doc();
            if at < doc {
                at = p.seek(doc);
            }
            if at != doc {
                return None;
            }
        }
        let (head, rest) = self.postings.split_first_mut()?;
        head.positions(&mut self.first);
        for (i, p) in rest.iter_mut().enumerate() {
            p.positions(&mut self.other);
            let offset = i as u32 + 1;
            let other = &self.other;
            self.first
                .retain(|&start| other.binary_search(&(start + offset)).is_ok());
            if self.first.is_empty() {
                return None;
            }
        }
        let count = self.first.len() as u32;
        Some(self.bm25.score(self.fieldnorms.fieldnorm_id(doc), count))
    }
}

/// Best first (ties in index order, as tantivy's `TopDocs`), cut to `limit`.
fn rank(scored: &mut Vec<(Score, DocAddress)>, limit: usize) {
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    scored.truncate(limit);
}

fn clone_all(queries: &[Box<dyn Query>]) -> Vec<Box<dyn Query>> {
    queries.iter().map(|q| q.box_clone()).collect()
}

/// Combines a scoring query with non-scoring filters.
fn with_filters(q: Box<dyn Query>, filters: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if filters.is_empty() {
        return q;
    }
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, q)];
    for f in filters {
        clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(f, 0.0))));
    }
    Box::new(BooleanQuery::new(clauses))
}

/// The opening of a text as a snippet without highlights.
fn lead_snippet(text: &str) -> Snippet {
    let squashed = kiemchung_extractors::text::squash_spaces(text);
    let end = squashed
        .char_indices()
        .nth(SNIPPET_CHARS)
        .map(|(i, _)| i)
        .unwrap_or(squashed.len());
    Snippet {
        text: squashed[..end].to_owned(),
        highlights: Vec::new(),
    }
}

/// Parses a date typed by a user: `YYYY-MM-DD`, `YYYY-MM`, `YYYY`, `DD/MM/YYYY`, `MM/YYYY`.
/// Returns the first and last day it denotes.
pub fn parse_user_date(s: &str) -> Result<(chrono::NaiveDate, chrono::NaiveDate), IndexError> {
    let t = s.trim();
    let iso = if t.contains('/') || (t.contains('.') && !t.contains('-')) {
        let parts: Vec<&str> = t.split(['/', '.']).map(str::trim).collect();
        match parts.as_slice() {
            [d, m, y] => format!("{y}-{m:0>2}-{d:0>2}"),
            [m, y] => format!("{y}-{m:0>2}"),
            _ => t.to_owned(),
        }
    } else {
        t.to_owned()
    };
    schema::date_bounds(&iso).ok_or_else(|| IndexError::InvalidDate(s.to_owned()))
}

/// Reads a stored tantivy document back.
pub(crate) fn stored_from(f: &Fields, d: &TantivyDocument) -> StoredDoc {
    let get = |field| {
        d.get_first(field)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned()
    };
    let record: Record = serde_json::from_str(&get(f.record)).unwrap_or_default();
    StoredDoc {
        id: get(f.sha256),
        path: get(f.path),
        record,
        text: get(f.body),
    }
}

#[cfg(test)]
mod tests;
