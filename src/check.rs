//! `kiemchung check`: the index against its own bookkeeping and against the files on disk.
//!
//! The index side is [`kiemchung_index::integrity::diagnose`] (segment files, checksums,
//! document count, versions). The disk side compares each document's recorded file state
//! with the file now at its path: a missing or changed file means the index no longer
//! describes the archive, and `kiemchung ingest` brings it back in line.

use std::path::Path;

use kiemchung_index::Index;
use kiemchung_index::followup;
use kiemchung_index::integrity::{self, Diagnosis, RepairReport};
use serde::Serialize;

/// Everything `check` found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// Damage, in words (empty when intact).
    pub damage: Vec<String>,
    pub documents: u64,
    /// Documents made by an older extractor (the next ingest re-extracts them).
    pub extractor_stale: bool,
    /// Terms made by other analyzers (search refuses the index until re-indexed).
    pub analyzers_stale: bool,
    /// Indexed files that are gone from disk.
    pub missing_files: Vec<String>,
    /// Indexed files whose size or modification time changed since they were indexed.
    pub changed_files: Vec<String>,
    /// Roots recorded by ingest (for the advice).
    pub roots: Vec<String>,
    /// What `--repair` did, if asked.
    pub repaired: Option<Repaired>,
    /// Segments without a valid follow-up file for `tasks` (a cache: `tasks` reads the
    /// store for them, slower, same answer); `--repair` and the next ingest write them.
    pub followup_missing: usize,
}

/// The outcome of a repair.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Repaired {
    pub kept: u64,
    pub lost: u64,
}

impl Report {
    /// Whether anything needs attention.
    pub fn has_findings(&self) -> bool {
        !self.damage.is_empty()
            || self.extractor_stale
            || self.analyzers_stale
            || !self.missing_files.is_empty()
            || !self.changed_files.is_empty()
    }
}

/// Checks the index under `dir`; with `repair`, rebuilds it when it is damaged or its
/// analyzers are stale, then checks again.
pub fn run(dir: &Path, repair: bool) -> anyhow::Result<Report> {
    let diagnosis = integrity::diagnose(dir)?;
    let needs_repair = !diagnosis.problems.is_empty() || diagnosis.analyzers_stale();
    let mut repaired = None;
    let diagnosis = if repair && needs_repair {
        let RepairReport { kept, lost, .. } = integrity::repair(dir)?;
        repaired = Some(Repaired { kept, lost });
        integrity::diagnose(dir)?
    } else {
        diagnosis
    };
    let mut report = from_diagnosis(&diagnosis);
    report.repaired = repaired;
    // The follow-up files are read only from an index that opens whole.
    if diagnosis.problems.is_empty()
        && let Ok(index) = Index::open_quick(dir)
    {
        // A refresh leaves every segment with a verified file: no second read to count them.
        report.followup_missing = if repair {
            followup::refresh(&index)?;
            0
        } else {
            let (valid, segments) = index.followup_verified();
            segments - valid
        };
    }
    Ok(report)
}

fn from_diagnosis(d: &Diagnosis) -> Report {
    let mut report = Report {
        damage: d.problems.iter().map(|p| p.to_string()).collect(),
        documents: d.documents,
        extractor_stale: d.extractor_stale(),
        analyzers_stale: d.analyzers_stale(),
        roots: d
            .stamp
            .as_ref()
            .map(|s| s.roots.clone())
            .unwrap_or_default(),
        ..Report::default()
    };
    for f in &d.files {
        match std::fs::metadata(&f.path) {
            Err(_) => report.missing_files.push(f.path.clone()),
            Ok(m) => {
                let mtime = crate::ingest::mtime_ns(&m);
                if m.len() != f.size || mtime != f.mtime_ns {
                    report.changed_files.push(f.path.clone());
                }
            }
        }
    }
    report.missing_files.sort();
    report.changed_files.sort();
    report
}
