//! The incremental writer behind `kiemchung ingest`.
//!
//! Safety comes from tantivy's commit protocol, not from care in the caller: nothing is
//! visible until [`Writer::commit`] atomically replaces `meta.json`, so a process killed at any
//! moment leaves the last committed state, which opens and is consistent. Every change to a
//! file's document is a delete-by-path plus an add issued back to back, so any commit holds
//! either both or neither: a path never has two documents. The writer lock tantivy takes on
//! the folder keeps a second ingest out ([`IndexError::Locked`]).

use std::collections::HashSet;
use std::path::Path;

use tantivy::collector::TopDocs;
use tantivy::directory::error::LockError;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{IndexWriter, ReloadPolicy, TantivyDocument, TantivyError, Term};

use crate::integrity::{self, Depth, Stamp};
use crate::schema::{Fields, FileState};
use crate::{IndexError, StoredDoc, TANTIVY_DIR, analysis, stored_from};

/// Memory given to tantivy's indexing threads, in total.
const WRITER_HEAP_BYTES: usize = 192 * 1024 * 1024;

/// The write side of an index folder. Dropping it without [`Writer::commit`] discards the
/// uncommitted changes (exactly what a crash does).
pub struct Writer {
    dir: String,
    writer: IndexWriter<TantivyDocument>,
    fields: Fields,
    /// The index as of the last commit before this writer opened: what [`Writer::load`] and
    /// [`Writer::file_states`] describe.
    before: tantivy::Searcher,
    /// The stamp of that commit (`None`: an index made before stamps, or empty).
    before_stamp: Option<Stamp>,
    /// Paths with a live document, kept in step with every change so each commit can
    /// record the exact count ([`Stamp::documents`]).
    live: HashSet<String>,
    /// Whether every document is now made by the current extractor and analyzers (set by
    /// [`Writer::finish_upgrade`]); until then commits keep the old versions, so a run
    /// killed half-way through an upgrade is redone by the next.
    upgraded: bool,
    /// The old index had another format and was set aside (`tantivy.old`).
    rebuilt: bool,
    roots: Vec<String>,
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writer").field("dir", &self.dir).finish()
    }
}

/// Where an index of an older format is kept until the rebuilt one is committed.
const OLD_DIR: &str = "tantivy.old";

impl Writer {
    /// Opens the index under `dir`, creating it (and `dir`) when absent, and takes the writer
    /// lock. `threads` indexing threads (0 = up to 2).
    pub fn open_or_create(dir: &Path, threads: usize) -> Result<Writer, IndexError> {
        Self::open_or_rebuild(dir, threads, true)
    }

    /// [`Writer::open_or_create`]; with `rebuild_old` false an index of an older format is an
    /// error ([`IndexError::Incompatible`]) instead of being set aside (for `--dry-run`, which
    /// must change nothing).
    pub fn open_or_rebuild(
        dir: &Path,
        threads: usize,
        rebuild_old: bool,
    ) -> Result<Writer, IndexError> {
        let tdir = dir.join(TANTIVY_DIR);
        let io = |e: std::io::Error| IndexError::Io {
            path: tdir.display().to_string(),
            source: e,
        };
        // An index made by an older kiemchung with another schema (FORMAT_VERSION) cannot take
        // new documents: it is set aside as `tantivy.old` and a fresh one is built by this
        // ingest (the decisions and the OCR cache live outside `tantivy/` and are kept); the
        // old folder is deleted after the first commit.
        let mut rebuilt = false;
        if rebuild_old
            && tdir.join("meta.json").is_file()
            && let Ok(old) = tantivy::Index::open_in_dir(&tdir)
            && old.schema() != Fields::build().0
        {
            drop(old);
            let aside = dir.join(OLD_DIR);
            if aside.exists() {
                std::fs::remove_dir_all(&aside).map_err(io)?;
            }
            std::fs::rename(&tdir, &aside).map_err(io)?;
            rebuilt = true;
        }
        let (index, fields) = if tdir.join("meta.json").is_file() {
            // A damaged index is refused: ingesting on top of it would report "unchanged"
            // for documents that search cannot find.
            let (index, fields, _) = integrity::open_checked(dir, Depth::Deep, false)?;
            (index, fields)
        } else {
            let created = !dir.exists();
            std::fs::create_dir_all(&tdir).map_err(io)?;
            // Index folders are shared: 0755 whatever the umask, like the files (0644).
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let open = std::fs::Permissions::from_mode(0o755);
                std::fs::set_permissions(&tdir, open.clone()).map_err(io)?;
                if created {
                    std::fs::set_permissions(dir, open).map_err(io)?;
                }
            }
            let (schema, fields) = Fields::build();
            let index = tantivy::Index::create_in_dir(&tdir, schema)?;
            analysis::register(&index);
            (index, fields)
        };
        let threads = if threads == 0 {
            std::thread::available_parallelism()
                .map(|n| n.get().min(2))
                .unwrap_or(1)
        } else {
            threads
        };
        let writer = index
            .writer_with_num_threads(threads, WRITER_HEAP_BYTES)
            .map_err(|e| match e {
                TantivyError::LockFailure(LockError::LockBusy, _) => {
                    IndexError::Locked(dir.display().to_string())
                }
                other => IndexError::Tantivy(other),
            })?;
        let before = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?
            .searcher();
        let before_stamp = Stamp::read(&index)?;
        let dir = dir.display().to_string();
        let live = file_states(&before, &dir)?
            .into_iter()
            .map(|s| s.path)
            .collect();
        let roots = before_stamp
            .as_ref()
            .map(|s| s.roots.clone())
            .unwrap_or_default();
        Ok(Writer {
            dir,
            writer,
            fields,
            before,
            before_stamp,
            live,
            upgraded: false,
            roots,
            rebuilt,
        })
    }

    /// Whether this writer started a fresh index because the old one had another format.
    pub fn rebuilt(&self) -> bool {
        self.rebuilt
    }

    /// The stamp of the last commit before this writer opened.
    pub fn stamp(&self) -> Option<&Stamp> {
        self.before_stamp.as_ref()
    }

    /// Whether the stored documents come from an older extractor (re-extract them).
    pub fn extractor_stale(&self) -> bool {
        self.has_documents()
            && self
                .before_stamp
                .as_ref()
                .is_none_or(Stamp::extractor_stale)
    }

    /// Whether the stored terms come from other analyzers (re-index them from the store).
    pub fn analyzers_stale(&self) -> bool {
        self.has_documents()
            && self
                .before_stamp
                .as_ref()
                .is_none_or(Stamp::analyzers_stale)
    }

    fn has_documents(&self) -> bool {
        self.before.num_docs() > 0
    }

    /// Records `roots` (absolute) among the ingested folders.
    pub fn add_roots(&mut self, roots: &[String]) {
        for r in roots {
            if !self.roots.contains(r) {
                self.roots.push(r.clone());
            }
        }
        self.roots.sort();
    }

    /// Declares every stale document re-extracted or re-indexed: the next commit records
    /// the current versions.
    pub fn finish_upgrade(&mut self) {
        self.upgraded = true;
    }

    /// The state of every file as of the last commit before this writer opened, read from
    /// fast fields.
    pub fn file_states(&self) -> Result<Vec<FileState>, IndexError> {
        file_states(&self.before, &self.dir)
    }
}

/// Per-file state of every live document of `searcher`, read from fast fields.
pub(crate) fn file_states(
    searcher: &tantivy::Searcher,
    dir: &str,
) -> Result<Vec<FileState>, IndexError> {
    let mut out = Vec::with_capacity(searcher.num_docs() as usize);
    for seg in searcher.segment_readers() {
        let ff = seg.fast_fields();
        let (Some(paths), Some(shas)) = (ff.str("path")?, ff.str("sha256")?) else {
            continue;
        };
        let sizes = ff.u64("size")?;
        let mtimes = ff.i64("mtime")?;
        for doc in seg.doc_ids_alive() {
            let mut path = String::new();
            if let Some(ord) = paths.term_ords(doc).next() {
                paths
                    .ord_to_str(ord, &mut path)
                    .map_err(|e| IndexError::Io {
                        path: dir.to_owned(),
                        source: e,
                    })?;
            }
            let mut sha256 = String::new();
            if let Some(ord) = shas.term_ords(doc).next() {
                shas.ord_to_str(ord, &mut sha256)
                    .map_err(|e| IndexError::Io {
                        path: dir.to_owned(),
                        source: e,
                    })?;
            }
            out.push(FileState {
                path,
                size: sizes.first(doc).unwrap_or(0),
                mtime_ns: mtimes.first(doc).unwrap_or(0),
                sha256,
            });
        }
    }
    Ok(out)
}

impl Writer {
    /// The document stored for `path` as of the last commit before this writer opened.
    pub fn load(&self, path: &str) -> Result<Option<StoredDoc>, IndexError> {
        let searcher = &self.before;
        let q = TermQuery::new(
            Term::from_field_text(self.fields.path, path),
            IndexRecordOption::Basic,
        );
        let top = searcher.search(&q, &TopDocs::with_limit(1).order_by_score())?;
        match top.first() {
            Some((_, addr)) => {
                let d: TantivyDocument = searcher.doc(*addr)?;
                Ok(Some(stored_from(&self.fields, &d)))
            }
            None => Ok(None),
        }
    }

    /// Removes the document of `path` (at the next commit).
    pub fn delete_path(&mut self, path: &str) {
        self.live.remove(path);
        self.writer
            .delete_term(Term::from_field_text(self.fields.path, path));
    }

    /// Replaces the document of `state.path` with `doc` (at the next commit).
    pub fn upsert(&mut self, doc: &StoredDoc, state: &FileState) -> Result<(), IndexError> {
        self.delete_path(&state.path);
        self.writer
            .add_document(self.fields.to_document(doc, state))?;
        self.live.insert(state.path.clone());
        Ok(())
    }

    /// Makes every change so far durable and visible, atomically.
    pub fn commit(&mut self) -> Result<(), IndexError> {
        let stamp = self.next_stamp();
        let mut prepared = self.writer.prepare_commit()?;
        prepared.set_payload(&serde_json::to_string(&stamp).unwrap_or_default());
        prepared.commit()?;
        self.share_files();
        // The new index is committed: the old-format one set aside is no longer needed.
        let aside = Path::new(&self.dir).join(OLD_DIR);
        if aside.exists() {
            let _ = std::fs::remove_dir_all(&aside);
        }
        Ok(())
    }

    /// Makes the index readable by other users (0644 files): tantivy writes `meta.json`
    /// through a temporary file created 0600, which locks out the colleague who runs
    /// `search` on a shared archive.
    fn share_files(&self) {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let tdir = Path::new(&self.dir).join(TANTIVY_DIR);
            let Ok(entries) = std::fs::read_dir(&tdir) else {
                return;
            };
            for e in entries.flatten() {
                let Ok(meta) = e.metadata() else { continue };
                let mode = meta.permissions().mode();
                if meta.is_file() && mode & 0o044 != 0o044 {
                    let _ = std::fs::set_permissions(
                        e.path(),
                        std::fs::Permissions::from_mode((mode | 0o644) & 0o777),
                    );
                }
            }
        }
    }

    /// What the next commit records: the live count, and the versions of the oldest
    /// documents it may hold.
    fn next_stamp(&self) -> Stamp {
        let mut stamp = Stamp::current(self.live.len() as u64);
        stamp.roots = self.roots.clone();
        if !self.upgraded && self.has_documents() {
            let old = self.before_stamp.as_ref();
            if self.extractor_stale() {
                stamp.extractor = old.map(|s| s.extractor.clone()).unwrap_or_default();
            }
            if self.analyzers_stale() {
                stamp.analyzers = old.map(|s| s.analyzers).unwrap_or(0);
            }
        }
        stamp
    }

    /// Commits, then waits for background segment merges so the folder is left compact.
    pub fn finish(mut self) -> Result<(), IndexError> {
        self.commit()?;
        self.writer.wait_merging_threads()?;
        Ok(())
    }
}
