//! Integrity of an index folder: version stamp, damage detection, repair.
//!
//! Why this exists: tantivy opens an index whose `meta.json` lost a segment, whose `.store`
//! has a flipped byte or whose `.pos` was deleted, and answers from what is left — a silent
//! partial answer. An audit built on such an answer is wrong without anyone knowing. So every
//! commit records a [`Stamp`] in tantivy's commit payload (atomically with the commit, inside
//! `meta.json`): the number of live documents, the analyzer and extractor versions and the
//! roots ingested. Opening compares the folder against its own bookkeeping:
//!
//! - quick ([`Depth::Quick`], every open): each segment's files exist, and the documents
//!   the segments hold add up to the number the last commit recorded;
//! - deep ([`Depth::Deep`], `ingest`, `audit`, `check`): additionally each file's CRC32
//!   matches the checksum tantivy wrote in its footer.
//!
//! Any problem becomes [`IndexError::Damaged`], whose message names the problem and the
//! repairing command. [`repair`] rebuilds the index from the segments that are intact
//! (records and texts come from the store, nothing is re-extracted) and records the smaller
//! count; the next `kiemchung ingest` brings back the files whose documents were lost, as
//! new files.
//!
//! Versions: documents made by an older [`kiemchung_extractors::EXTRACTOR_VERSION`] are
//! stale — ingest re-extracts them; an index made with other analyzers ([`crate::analysis::
//! VERSION`]) gives wrong matches — search refuses it and ingest re-indexes it from its store.

use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};
use tantivy::Directory;
use tantivy::index::SegmentComponent;
use tantivy::schema::Value;
use tantivy::{SegmentMeta, TantivyDocument};

use crate::schema::{Fields, FileState};
use crate::{IndexError, TANTIVY_DIR, analysis, open_tantivy, stored_from};

/// Version of the on-disk layout (schema and stamp). Bump with any schema change.
pub const FORMAT_VERSION: u32 = 2;

/// What a commit records about the index, in tantivy's commit payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub format: u32,
    /// [`crate::analysis::VERSION`] the terms were made with.
    pub analyzers: u32,
    /// The oldest extractor version any document may come from.
    pub extractor: String,
    /// Live documents after the commit.
    pub documents: u64,
    /// The folders ingested (for messages: what to run to bring lost files back).
    #[serde(default)]
    pub roots: Vec<String>,
}

impl Stamp {
    /// The stamp of a fresh index holding `documents` documents.
    pub fn current(documents: u64) -> Stamp {
        Stamp {
            format: FORMAT_VERSION,
            analyzers: analysis::VERSION,
            extractor: kiemchung_extractors::EXTRACTOR_VERSION.to_owned(),
            documents,
            roots: Vec::new(),
        }
    }

    /// The stamp of the last commit; `None` for an index committed without one (made by an
    /// older kiemchung, or created and never committed).
    pub fn read(index: &tantivy::Index) -> Result<Option<Stamp>, IndexError> {
        let metas = index.load_metas()?;
        Ok(metas
            .payload
            .as_deref()
            .and_then(|p| serde_json::from_str(p).ok()))
    }

    /// Whether the documents were made by an older extractor and must be re-extracted.
    pub fn extractor_stale(&self) -> bool {
        self.extractor != kiemchung_extractors::EXTRACTOR_VERSION
    }

    /// Whether the terms were made by other analyzers and must be re-indexed.
    pub fn analyzers_stale(&self) -> bool {
        self.analyzers != analysis::VERSION
    }
}

/// How much of the folder to verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// File presence and document count: a few `stat`s.
    Quick,
    /// Also every file's checksum: reads the whole index once.
    Deep,
}

/// One thing wrong with an index folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A file of a segment listed in `meta.json` is missing.
    MissingFile { file: String },
    /// A file whose content does not match the checksum in its footer.
    Checksum { file: String },
    /// A segment whose files are there but cannot be read.
    Unreadable { segment: String, reason: String },
    /// The segments hold another number of documents than the last commit recorded.
    Count { recorded: u64, found: u64 },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::MissingFile { file } => write!(f, "thiếu tệp {file}"),
            Problem::Checksum { file } => write!(f, "tệp {file} bị hỏng (sai mã kiểm tra)"),
            Problem::Unreadable { segment, reason } => {
                write!(f, "không đọc được phân đoạn {segment}: {reason}")
            }
            Problem::Count { recorded, found } => write!(
                f,
                "lần ghi cuối có {recorded} văn bản nhưng chỉ mục chỉ còn {found} \
                 (một phần chỉ mục đã mất)"
            ),
        }
    }
}

impl Problem {
    /// The problem in English (`Display` speaks Vietnamese, the users' language).
    pub fn english(&self) -> String {
        match self {
            Problem::MissingFile { file } => format!("file {file} is missing"),
            Problem::Checksum { file } => format!("file {file} is damaged (checksum mismatch)"),
            Problem::Unreadable { segment, reason } => {
                format!("segment {segment} cannot be read: {reason}")
            }
            Problem::Count { recorded, found } => format!(
                "the last commit recorded {recorded} documents but the index holds {found} \
                 (part of the index is lost)"
            ),
        }
    }
}

/// The files a segment must have on disk.
fn segment_files(meta: &SegmentMeta) -> Vec<String> {
    let mut components = vec![
        SegmentComponent::Postings,
        SegmentComponent::Positions,
        SegmentComponent::Terms,
        SegmentComponent::Store,
        SegmentComponent::FastFields,
        SegmentComponent::FieldNorms,
    ];
    if meta.has_deletes() {
        components.push(SegmentComponent::Delete);
    }
    components
        .into_iter()
        .map(|c| meta.relative_path(c).display().to_string())
        .collect()
}

/// Problems of one segment (empty when it is intact).
fn segment_problems(index: &tantivy::Index, meta: &SegmentMeta, depth: Depth) -> Vec<Problem> {
    use rayon::prelude::*;
    let tdir = index.directory();
    // Checksums read every byte of the index: the files are checked on every core.
    let mut out: Vec<Problem> = segment_files(meta)
        .into_par_iter()
        .filter_map(|file| {
            let path = Path::new(&file);
            if !matches!(tdir.exists(path), Ok(true)) {
                return Some(Problem::MissingFile { file });
            }
            let intact = depth == Depth::Quick || matches!(tdir.validate_checksum(path), Ok(true));
            (!intact).then_some(Problem::Checksum { file })
        })
        .collect();
    if out.is_empty()
        && let Err(e) = tantivy::SegmentReader::open(&index.segment(meta.clone()))
    {
        out.push(Problem::Unreadable {
            segment: meta.id().uuid_string(),
            reason: e.to_string(),
        });
    }
    out
}

/// Everything wrong with `index` against its own bookkeeping.
pub fn inspect(index: &tantivy::Index, depth: Depth) -> Result<Vec<Problem>, IndexError> {
    let metas = index.load_metas()?;
    use rayon::prelude::*;
    let mut out: Vec<Problem> = metas
        .segments
        .par_iter()
        .flat_map_iter(|meta| segment_problems(index, meta, depth))
        .collect();
    let found: u64 = metas.segments.iter().map(|m| u64::from(m.num_docs())).sum();
    if let Some(stamp) = Stamp::read(index)?
        && stamp.documents != found
    {
        out.push(Problem::Count {
            recorded: stamp.documents,
            found,
        });
    }
    Ok(out)
}

/// Opens `dir` and fails with [`IndexError::Damaged`] when [`inspect`] finds anything, or
/// with [`IndexError::AnalyzersChanged`] when `need_current_analyzers` and the terms were
/// made by other analyzers.
pub(crate) fn open_checked(
    dir: &Path,
    depth: Depth,
    need_current_analyzers: bool,
) -> Result<(tantivy::Index, Fields, Option<Stamp>), IndexError> {
    let (index, fields) = open_tantivy(dir)?;
    let problems = inspect(&index, depth)?;
    if !problems.is_empty() {
        return Err(IndexError::Damaged {
            dir: dir.display().to_string(),
            problems,
        });
    }
    let stamp = Stamp::read(&index)?;
    if need_current_analyzers {
        let has_docs = !index.load_metas()?.segments.is_empty();
        let found = stamp.as_ref().map(|s| s.analyzers).unwrap_or(0);
        if has_docs && found != analysis::VERSION {
            return Err(IndexError::AnalyzersChanged {
                dir: dir.display().to_string(),
                found,
            });
        }
    }
    Ok((index, fields, stamp))
}

/// What [`repair`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RepairReport {
    /// Documents carried over into the rebuilt index.
    pub kept: u64,
    /// Documents the last commit recorded that could not be carried over (their files come
    /// back with the next `kiemchung ingest`).
    pub lost: u64,
    /// What was wrong before the repair.
    pub problems: Vec<Problem>,
    /// The roots ingested, to name in the advice.
    pub roots: Vec<String>,
}

/// Rebuilds the index under `dir` from its intact segments: every readable document is
/// re-indexed from its stored record and text with the current analyzers; damaged segments
/// and unreadable documents are left out. The old `tantivy` folder is replaced only once the
/// new one is committed, under the writer lock (no ingest runs meanwhile).
pub fn repair(dir: &Path) -> Result<RepairReport, IndexError> {
    let (index, fields) = open_tantivy(dir)?;
    // Holding the old index's writer lock keeps any ingest out while we rebuild.
    let lock = index
        .writer_with_num_threads::<TantivyDocument>(1, 15_000_000)
        .map_err(|e| match e {
            tantivy::TantivyError::LockFailure(..) => IndexError::Locked(dir.display().to_string()),
            other => IndexError::Tantivy(other),
        })?;
    let problems = inspect(&index, Depth::Deep)?;
    let stamp = Stamp::read(&index)?;
    let metas = index.load_metas()?;
    let io = |p: &Path| {
        let p = p.display().to_string();
        move |e: std::io::Error| IndexError::Io { path: p, source: e }
    };
    let new_dir = dir.join(format!("{TANTIVY_DIR}.repair"));
    if new_dir.exists() {
        std::fs::remove_dir_all(&new_dir).map_err(io(&new_dir))?;
    }
    std::fs::create_dir_all(&new_dir).map_err(io(&new_dir))?;
    let (schema, _) = Fields::build();
    let fresh = tantivy::Index::create_in_dir(&new_dir, schema)?;
    analysis::register(&fresh);
    let mut writer = fresh.writer_with_num_threads::<TantivyDocument>(1, 64 * 1024 * 1024)?;
    let mut kept = 0u64;
    for meta in &metas.segments {
        if !segment_problems(&index, meta, Depth::Deep).is_empty() {
            continue;
        }
        let Ok(reader) = tantivy::SegmentReader::open(&index.segment(meta.clone())) else {
            continue;
        };
        let store = reader.get_store_reader(4).map_err(io(&new_dir))?;
        for doc_id in reader.doc_ids_alive() {
            let Ok(d) = store.get::<TantivyDocument>(doc_id) else {
                continue;
            };
            let Some((doc, state)) = readable(&fields, &d) else {
                continue;
            };
            writer.add_document(fields.to_document(&doc, &state))?;
            kept += 1;
        }
    }
    let recorded = stamp.as_ref().map(|s| s.documents).unwrap_or(kept);
    let roots = stamp.as_ref().map(|s| s.roots.clone()).unwrap_or_default();
    let new_stamp = Stamp {
        // Keep the extractor the documents came from: an upgrade still re-extracts them.
        extractor: stamp.map(|s| s.extractor).unwrap_or_default(),
        roots: roots.clone(),
        ..Stamp::current(kept)
    };
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&serde_json::to_string(&new_stamp).unwrap_or_default());
    prepared.commit()?;
    writer.wait_merging_threads()?;
    drop(lock);
    drop(index);
    let old = dir.join(TANTIVY_DIR);
    let broken = dir.join(format!("{TANTIVY_DIR}.broken"));
    if broken.exists() {
        std::fs::remove_dir_all(&broken).map_err(io(&broken))?;
    }
    std::fs::rename(&old, &broken).map_err(io(&old))?;
    std::fs::rename(&new_dir, &old).map_err(io(&new_dir))?;
    std::fs::remove_dir_all(&broken).map_err(io(&broken))?;
    Ok(RepairReport {
        kept,
        lost: recorded.saturating_sub(kept),
        problems,
        roots,
    })
}

/// A stored document and its file state, when its record decodes.
fn readable(fields: &Fields, d: &TantivyDocument) -> Option<(crate::StoredDoc, FileState)> {
    let raw = d.get_first(fields.record).and_then(|v| v.as_str())?;
    serde_json::from_str::<kiemchung_extractors::Record>(raw).ok()?;
    let doc = stored_from(fields, d);
    let state = FileState {
        path: doc.path.clone(),
        size: d
            .get_first(fields.size)
            .and_then(|v| v.as_u64())
            .unwrap_or(0),
        mtime_ns: d
            .get_first(fields.mtime)
            .and_then(|v| v.as_i64())
            .unwrap_or(0),
        sha256: doc.id.clone(),
    };
    (!doc.path.is_empty()).then_some((doc, state))
}

/// What [`diagnose`] finds.
#[derive(Debug, Clone, Default)]
pub struct Diagnosis {
    /// Damage against the index's own bookkeeping (deep check).
    pub problems: Vec<Problem>,
    /// The stamp of the last commit.
    pub stamp: Option<Stamp>,
    /// Live documents the segments hold.
    pub documents: u64,
    /// Per-file state of every document (empty when the index is damaged).
    pub files: Vec<FileState>,
}

impl Diagnosis {
    /// Whether the documents come from an older extractor.
    pub fn extractor_stale(&self) -> bool {
        self.documents > 0 && self.stamp.as_ref().is_none_or(Stamp::extractor_stale)
    }

    /// Whether the terms come from other analyzers.
    pub fn analyzers_stale(&self) -> bool {
        self.documents > 0 && self.stamp.as_ref().is_none_or(Stamp::analyzers_stale)
    }
}

/// Deep check of the index under `dir`, for `kiemchung check`: never fails on damage, which
/// it describes instead.
pub fn diagnose(dir: &Path) -> Result<Diagnosis, IndexError> {
    let (index, _) = open_tantivy(dir)?;
    let problems = inspect(&index, Depth::Deep)?;
    let stamp = Stamp::read(&index)?;
    let metas = index.load_metas()?;
    let documents = metas.segments.iter().map(|m| u64::from(m.num_docs())).sum();
    let mut files = Vec::new();
    if problems.is_empty() {
        let searcher = index.reader()?.searcher();
        files = crate::writer::file_states(&searcher, &dir.display().to_string())?;
    }
    Ok(Diagnosis {
        problems,
        stamp,
        documents,
        files,
    })
}
