//! The OCR cache, kept in the index folder: one small file per page region, named by the
//! hash of the page image's encoded bytes (see [`kiemchung_extractors::ocr`]).
//!
//! Why files and not the tantivy index: the cache is looked up by one key before any
//! extraction, by many workers at once, and must survive `kill -9` like the index does. A
//! file per entry, written to a temporary name and renamed into place, is atomic on POSIX
//! file systems: a reader sees the whole entry or none. A crash leaves at most a stray
//! `.tmp` file, which is ignored (and overwritten by the next write of that entry).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use kiemchung_extractors::ocr::OcrCache;

/// Sub-folder of the index folder that holds the cache.
pub const DIR_NAME: &str = "ocr-cache";

#[derive(Debug)]
pub struct FileCache {
    dir: PathBuf,
    pub hits: AtomicUsize,
    pub writes: AtomicUsize,
}

impl FileCache {
    /// A cache in `dir` (created on first write).
    pub fn new(dir: &Path) -> FileCache {
        FileCache {
            dir: dir.to_path_buf(),
            hits: AtomicUsize::new(0),
            writes: AtomicUsize::new(0),
        }
    }

    /// The cache of the index in `index_dir`.
    pub fn in_index(index_dir: &Path) -> FileCache {
        FileCache::new(&index_dir.join(DIR_NAME))
    }

    fn path(&self, key: &str) -> Option<PathBuf> {
        // Keys are produced by the extractors (hex + region tags); anything else could
        // escape the folder.
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
            || key.contains("..")
        {
            return None;
        }
        Some(
            self.dir
                .join(&key[..2.min(key.len())])
                .join(format!("{key}.txt")),
        )
    }
}

impl OcrCache for FileCache {
    fn get(&self, key: &str) -> Option<String> {
        let text = std::fs::read_to_string(self.path(key)?).ok()?;
        self.hits.fetch_add(1, Ordering::Relaxed);
        Some(text)
    }

    fn put(&self, key: &str, text: &str) {
        let Some(path) = self.path(key) else { return };
        let Some(parent) = path.parent() else { return };
        if std::fs::create_dir_all(parent).is_err() {
            return;
        }
        // Unique temp name per writer: two workers OCR-ing copies of one page may race.
        static SEQ: AtomicUsize = AtomicUsize::new(0);
        let tmp = parent.join(format!(
            "{key}.{}.{}.tmp",
            std::process::id(),
            SEQ.fetch_add(1, Ordering::Relaxed)
        ));
        let ok = (|| -> std::io::Result<()> {
            use std::io::Write;
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(text.as_bytes())?;
            f.sync_all()?;
            std::fs::rename(&tmp, &path)
        })();
        if ok.is_err() {
            let _ = std::fs::remove_file(&tmp);
        } else {
            self.writes.fetch_add(1, Ordering::Relaxed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_bad_keys() {
        let dir = tempfile::tempdir().expect("tempdir");
        let c = FileCache::in_index(dir.path());
        assert_eq!(c.get("abcdef-full-v1"), None);
        c.put("abcdef-full-v1", "Số: 11/CT-UBND");
        assert_eq!(c.get("abcdef-full-v1").as_deref(), Some("Số: 11/CT-UBND"));
        assert!(dir.path().join("ocr-cache/ab/abcdef-full-v1.txt").is_file());
        c.put("../evil", "x");
        assert_eq!(c.get("../evil"), None);
        // No temp file is left behind.
        let left: Vec<_> = std::fs::read_dir(dir.path().join("ocr-cache/ab"))
            .expect("dir")
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "tmp"))
            .collect();
        assert!(left.is_empty());
    }
}
