//! The incremental writer behind `kiemchung ingest`.
//!
//! Safety comes from tantivy's commit protocol, not from care in the caller: nothing is
//! visible until [`Writer::commit`] atomically replaces `meta.json`, so a process killed at any
//! moment leaves the last committed state, which opens and is consistent. Every change to a
//! file's document is a delete-by-path plus an add issued back to back, so any commit holds
//! either both or neither: a path never has two documents. The writer lock tantivy takes on
//! the folder keeps a second ingest out ([`IndexError::Locked`]).

use std::path::Path;

use tantivy::collector::TopDocs;
use tantivy::directory::error::LockError;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{IndexWriter, ReloadPolicy, TantivyDocument, TantivyError, Term};

use crate::schema::{Fields, FileState};
use crate::{IndexError, StoredDoc, TANTIVY_DIR, analysis, open_tantivy, stored_from};

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
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writer").field("dir", &self.dir).finish()
    }
}

impl Writer {
    /// Opens the index under `dir`, creating it (and `dir`) when absent, and takes the writer
    /// lock. `threads` indexing threads (0 = up to 2).
    pub fn open_or_create(dir: &Path, threads: usize) -> Result<Writer, IndexError> {
        let tdir = dir.join(TANTIVY_DIR);
        let io = |e: std::io::Error| IndexError::Io {
            path: tdir.display().to_string(),
            source: e,
        };
        let (index, fields) = if tdir.join("meta.json").is_file() {
            open_tantivy(dir)?
        } else {
            std::fs::create_dir_all(&tdir).map_err(io)?;
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
        Ok(Writer {
            dir: dir.display().to_string(),
            writer,
            fields,
            before,
        })
    }

    /// The state of every file as of the last commit before this writer opened, read from
    /// fast fields.
    pub fn file_states(&self) -> Result<Vec<FileState>, IndexError> {
        let searcher = &self.before;
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
                            path: self.dir.clone(),
                            source: e,
                        })?;
                }
                let mut sha256 = String::new();
                if let Some(ord) = shas.term_ords(doc).next() {
                    shas.ord_to_str(ord, &mut sha256)
                        .map_err(|e| IndexError::Io {
                            path: self.dir.clone(),
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
        self.writer
            .delete_term(Term::from_field_text(self.fields.path, path));
    }

    /// Replaces the document of `state.path` with `doc` (at the next commit).
    pub fn upsert(&mut self, doc: &StoredDoc, state: &FileState) -> Result<(), IndexError> {
        self.delete_path(&state.path);
        self.writer
            .add_document(self.fields.to_document(doc, state))?;
        Ok(())
    }

    /// Makes every change so far durable and visible, atomically.
    pub fn commit(&mut self) -> Result<(), IndexError> {
        self.writer.commit()?;
        Ok(())
    }

    /// Commits, then waits for background segment merges so the folder is left compact.
    pub fn finish(mut self) -> Result<(), IndexError> {
        self.writer.commit()?;
        self.writer.wait_merging_threads()?;
        Ok(())
    }
}
