//! Orchestration shared by the commands that read archives: walk the inputs, extract in
//! parallel, report failures without stopping.
//!
//! Why here and not in the extractors crate: walking folders and choosing parallelism are
//! application policy; the library stays a pure function of one file's bytes.

use std::path::{Path, PathBuf};

use kiemchung_extractors::{Extraction, Format, Options, extract_file};
use rayon::prelude::*;
use walkdir::WalkDir;

/// A path that could not be walked, with the reason.
#[derive(Debug, Clone)]
pub struct WalkError {
    pub path: PathBuf,
    pub reason: String,
}

/// Expands the user's paths into files to read, in a stable order.
///
/// A file named explicitly is always read (its content decides its format). Inside folders,
/// only files with a known extension are taken; hidden entries (`.git`, `.kiemchung`) and
/// expected-record files (`*.gold.json`) are skipped. Missing paths become [`WalkError`]s
/// and the walk goes on.
pub fn collect_inputs(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<WalkError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for root in paths {
        match std::fs::metadata(root) {
            Ok(m) if m.is_file() => files.push(root.clone()),
            Ok(_) => {
                let mut found: Vec<PathBuf> = Vec::new();
                let walker = WalkDir::new(root)
                    .follow_links(false)
                    .into_iter()
                    .filter_entry(|e| {
                        e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')
                    });
                for entry in walker {
                    match entry {
                        Ok(e) if e.file_type().is_file() && is_document(e.path()) => {
                            found.push(e.into_path())
                        }
                        Ok(_) => {}
                        Err(err) => errors.push(WalkError {
                            path: err
                                .path()
                                .map(Path::to_path_buf)
                                .unwrap_or_else(|| root.clone()),
                            reason: err.to_string(),
                        }),
                    }
                }
                found.sort();
                files.extend(found);
            }
            Err(e) => errors.push(WalkError {
                path: root.clone(),
                reason: e.to_string(),
            }),
        }
    }
    (files, errors)
}

/// Whether a file inside a walked folder is a document kiemchung reads.
pub fn is_document(path: &Path) -> bool {
    Format::from_extension(path).is_some()
}

/// Extracts every file in parallel, calling `on_done` as each finishes (from worker threads),
/// and returns the extractions in input order.
pub fn extract_all<F>(files: &[PathBuf], opts: &Options, on_done: F) -> Vec<Extraction>
where
    F: Fn(&Extraction) + Sync,
{
    files
        .par_iter()
        .map(|path| {
            let ex = extract_file(path, opts);
            on_done(&ex);
            ex
        })
        .collect()
}

/// Sets the number of worker threads for the process (0 = one per core).
pub fn set_jobs(jobs: usize) {
    if jobs > 0 {
        // Fails only if the pool was already built, in which case it is already sized.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs)
            .build_global();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_folders_skipping_hidden_and_unknown() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".kiemchung")).unwrap();
        std::fs::write(dir.path().join(".kiemchung/x.txt"), "x").unwrap();
        std::fs::write(dir.path().join("b.txt"), "b").unwrap();
        std::fs::write(dir.path().join("a.pdf"), "a").unwrap();
        std::fs::write(dir.path().join("a.gold.json"), "{}").unwrap();
        let missing = dir.path().join("missing");
        let (files, errors) = collect_inputs(&[dir.path().to_path_buf(), missing.clone()]);
        let names: Vec<_> = files
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec!["a.pdf", "b.txt"]);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].path, missing);
    }
}
