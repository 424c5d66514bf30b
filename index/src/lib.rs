//! The tantivy index of kiemchung records. (Stub: the indexing issue builds it.)
//!
//! The public API below is a contract shared with the linking/audit code: keep these names
//! and signatures (more may be added).

use std::path::Path;

use kiemchung_extractors::Record;

/// Why an index operation failed.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("no index at {0} (run `kiemchung ingest` first)")]
    Missing(String),
    #[error("index is not built yet")]
    NotBuilt,
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
#[derive(Debug)]
pub struct Index {
    _private: (),
}

impl Index {
    /// Opens an existing index folder for reading.
    pub fn open(dir: &Path) -> Result<Index, IndexError> {
        Err(IndexError::Missing(dir.display().to_string()))
    }

    /// Every live document, in no particular order.
    pub fn documents(&self) -> Result<Vec<StoredDoc>, IndexError> {
        Err(IndexError::NotBuilt)
    }

    /// Full-text search with filters, best first.
    pub fn search(&self, query: &SearchQuery) -> Result<Vec<Hit>, IndexError> {
        let _ = query;
        Err(IndexError::NotBuilt)
    }
}
