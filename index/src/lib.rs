//! The tantivy index of kiemchung records. (Stub: built by the indexing issue.)
