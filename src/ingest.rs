//! Incremental ingest: bring an index folder in line with the files under some roots.
//!
//! The index itself holds each file's state (path, size, mtime, SHA-256; see
//! `kiemchung_index::schema`), so the plan is a comparison between the disk and the last
//! commit:
//!
//! - same path, same size and mtime → unchanged, not even read;
//! - same path, different size or mtime → hashed; same hash → unchanged (the stored mtime is
//!   refreshed so the file is not hashed again), different → re-extracted, record replaced;
//! - new path whose hash belongs to a document whose file is gone → moved: the stored record
//!   is re-keyed to the new path, nothing is re-extracted;
//! - new path otherwise → extracted and added;
//! - a stored path under one of the roots that no longer exists → removed. Documents from
//!   other roots are left alone.
//!
//! Changes are committed every `commit_every` documents, but by default not more often than
//! every `commit_interval` (10 s): on fast text files 2,000 documents take about a second, and
//! each commit (segments flushed, then merged in the background) cost a sixth of the run. A
//! kill loses at most the work since the last commit — at most `commit_every` documents or
//! `commit_interval` of work, whichever is more; the next run sees those files as new or
//! changed again and redoes them. Every commit is atomic, so the index left behind opens.
//! One bad file never stops the batch: it is reported with its reason.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use anyhow::Context;
use kiemchung_extractors::Options as ExtractOptions;
use kiemchung_index::{FileState, StoredDoc, Writer};
use rayon::prelude::*;
use serde::Serialize;

use crate::pipeline;

/// Name of the human-readable report written into the index folder after each run.
pub const REPORT_FILE: &str = "ingest-report.txt";

/// How to ingest.
#[derive(Debug, Clone)]
pub struct Options {
    /// Commit after this many written documents (changes, moves, removals)...
    pub commit_every: usize,
    /// ... and at least this long after the previous commit (zero: on the count alone, as
    /// an explicit `--commit-every` asks). Bounds the commits' cost when documents are fast.
    pub commit_interval: std::time::Duration,
    /// Extraction limits.
    pub extract: ExtractOptions,
    /// Allow a run to remove more than half of the index's documents (an empty or unmounted
    /// share otherwise empties the index without a word).
    pub allow_remove: bool,
    /// Plan only: count what would change, write nothing.
    pub dry_run: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            commit_every: 2000,
            commit_interval: DEFAULT_COMMIT_INTERVAL,
            extract: ExtractOptions::default(),
            allow_remove: false,
            dry_run: false,
        }
    }
}

/// The shortest time between two commits by default ([`Options::commit_interval`]).
pub const DEFAULT_COMMIT_INTERVAL: std::time::Duration = std::time::Duration::from_secs(10);

/// A file that could not be ingested.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    pub path: String,
    pub reason: String,
}

/// A path met on the walk that gives no document, with its stable code and reason.
#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    pub path: String,
    pub kind: pipeline::SkipKind,
    pub reason: String,
}

/// A file recognised at a new path.
#[derive(Debug, Clone, Serialize)]
pub struct Move {
    pub from: String,
    pub to: String,
}

/// What a run did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub files: usize,
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub moved: Vec<Move>,
    pub removed: Vec<String>,
    pub failed: Vec<Failure>,
    /// Paths met that are no documents (unsupported types, pipes, devices, links, folders
    /// named like files): counted, never silently dropped.
    pub skipped: Vec<Skipped>,
    /// Live documents in the index after the run.
    pub documents: u64,
    /// Bytes of extracted text indexed in this run.
    pub text_bytes: u64,
    /// Bytes of files read for extraction in this run.
    pub file_bytes: u64,
    /// Documents re-extracted (older extractor) or re-indexed (other analyzers) although
    /// their file did not change; counted in `updated` / `unchanged` too.
    pub upgraded: usize,
    /// Whether this was a `--dry-run` (nothing written).
    pub dry_run: bool,
    /// The index had an older format: a new one was built from the files of this run.
    pub rebuilt: bool,
    /// Why the follow-up files of `tasks` ([`kiemchung_index::followup`]) could not be
    /// written: the index is committed and whole, `tasks` reads the store instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub followup_error: Option<String>,
}

/// Progress callbacks (a bar on a terminal, lines otherwise).
pub trait Progress: Sync {
    /// The walk is done: `total` files to examine.
    fn start(&self, total: usize);
    /// `n` more files examined.
    fn advance(&self, n: usize);
    /// A commit made `done` of `total` files durable.
    fn committed(&self, done: usize, total: usize);
}

/// No progress output.
pub struct Quiet;

impl Progress for Quiet {
    fn start(&self, _: usize) {}
    fn advance(&self, _: usize) {}
    fn committed(&self, _: usize, _: usize) {}
}

/// Files examined per parallel step.
const CHUNK: usize = 256;

/// What the disk says about one file.
struct Probe {
    path: String,
    size: u64,
    mtime_ns: i64,
    /// Computed only when needed (doubt or possible move).
    sha256: Option<String>,
    error: Option<String>,
}

enum Action {
    Unchanged,
    Refresh(FileState),
    Move { from: String, state: FileState },
    Extract { replaces: bool },
    Fail(String),
}

/// Why unchanged files are processed anyway: the index was made by older versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Upgrade {
    None,
    /// Other analyzers: re-index each document from its stored record.
    Reindex,
    /// Older extractor: re-extract each file.
    Reextract,
}

/// Why an ingest refuses to start.
#[derive(Debug)]
pub enum Refusal {
    /// A root that does not exist: a typo or an unmounted share, never "an empty archive".
    MissingRoot { path: String, reason: String },
    /// The run would remove most of the index.
    MassRemoval { remove: usize, total: usize },
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let msg = match self {
            Refusal::MissingRoot { path, reason } => crate::tr!(
                "không tìm thấy thư mục nguồn {path}: {reason} (chỉ mục không bị thay đổi)",
                "source folder {path} not found: {reason} (the index was not changed)"
            ),
            Refusal::MassRemoval { remove, total } => crate::tr!(
                "lần nạp này sẽ xóa {remove} trong {total} văn bản của chỉ mục vì tệp của chúng \
                 không còn (thư mục nguồn trống hoặc ổ mạng chưa gắn?). Không có gì bị thay đổi. \
                 Xem trước bằng `--dry-run`; nếu đúng là cần xóa, chạy lại với `--allow-remove`",
                "this ingest would remove {remove} of the index's {total} documents because \
                 their files are gone (empty source folder or unmounted share?). Nothing was \
                 changed. Preview with `--dry-run`; if the removal is right, run again with \
                 `--allow-remove`"
            ),
        };
        f.write_str(&msg)
    }
}

impl std::error::Error for Refusal {}

pub(crate) fn mtime_ns(m: &std::fs::Metadata) -> i64 {
    m.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .and_then(|d| i64::try_from(d.as_nanos()).ok())
        .unwrap_or(0)
}

/// Ingests `roots` into the index folder `index_dir`.
pub fn run(
    index_dir: &Path,
    roots: &[PathBuf],
    opts: &Options,
    progress: &dyn Progress,
) -> anyhow::Result<Summary> {
    // Roots as absolute paths, so stored paths do not depend on the working directory. A
    // missing root is refused before the index is even created.
    let mut canon_roots = Vec::new();
    for r in roots {
        match std::fs::canonicalize(r) {
            Ok(c) => canon_roots.push(c),
            Err(e) => {
                return Err(Refusal::MissingRoot {
                    path: r.display().to_string(),
                    reason: e.to_string(),
                }
                .into());
            }
        }
    }
    if opts.dry_run
        && !index_dir
            .join(kiemchung_index::TANTIVY_DIR)
            .join("meta.json")
            .is_file()
    {
        return Ok(dry_run_new(&canon_roots, index_dir));
    }
    let mut writer = Writer::open_or_rebuild(index_dir, 0, !opts.dry_run)?;
    let index_abs = std::fs::canonicalize(index_dir).unwrap_or_else(|_| index_dir.to_path_buf());
    let mut summary = Summary {
        dry_run: opts.dry_run,
        rebuilt: writer.rebuilt(),
        ..Summary::default()
    };
    let upgrade = if writer.extractor_stale() {
        Upgrade::Reextract
    } else if writer.analyzers_stale() {
        Upgrade::Reindex
    } else {
        Upgrade::None
    };
    writer.add_roots(
        &canon_roots
            .iter()
            .map(|r| pipeline::path_key(r))
            .collect::<Vec<_>>(),
    );
    let (files, skips) = pipeline::collect_inputs(&canon_roots);
    record_skips(&mut summary, skips, &index_abs);
    let files: Vec<PathBuf> = files
        .into_iter()
        .filter(|f| !f.starts_with(&index_abs))
        .collect();
    summary.files = files.len();
    progress.start(files.len());

    let states: HashMap<String, FileState> = writer
        .file_states()?
        .into_iter()
        .map(|s| (s.path.clone(), s))
        .collect();
    let walked: HashSet<String> = files.iter().map(|p| pipeline::path_key(p)).collect();
    // Stored documents under the roots whose file is gone: removed, unless found moved.
    let in_scope = |p: &str| {
        let path = pipeline::key_path(p);
        canon_roots.iter().any(|r| path.starts_with(r))
    };
    let mut gone: HashSet<String> = states
        .keys()
        .filter(|p| in_scope(p) && !walked.contains(*p) && !pipeline::key_path(p).exists())
        .cloned()
        .collect();
    let mut gone_by_sha: HashMap<String, Vec<String>> = HashMap::new();
    for p in &gone {
        if let Some(s) = states.get(p) {
            gone_by_sha
                .entry(s.sha256.clone())
                .or_default()
                .push(p.clone());
        }
    }
    for v in gone_by_sha.values_mut() {
        v.sort();
    }
    let may_move = !gone_by_sha.is_empty();
    if gone.len() * 2 > states.len() && !gone.is_empty() && !opts.allow_remove && !opts.dry_run {
        return Err(Refusal::MassRemoval {
            remove: gone.len(),
            total: states.len(),
        }
        .into());
    }
    // The upgrade is complete only if every stored document is under the roots of this run.
    let covers_all = states.keys().all(|p| in_scope(p));

    let mut pending = 0usize;
    let mut done = 0usize;
    let mut last_commit = std::time::Instant::now();
    let watch = pipeline::Watchdog::new(&opts.extract);
    for chunk in files.chunks(CHUNK) {
        // 1. Probe in parallel: stat, and hash when in doubt or when a move is possible.
        let probes: Vec<Probe> = chunk
            .par_iter()
            .map(|path| probe(path, &states, may_move))
            .collect();
        // 2. Decide, sequentially (moves claim their source once).
        let mut actions = Vec::with_capacity(probes.len());
        for p in &probes {
            let action = upgraded(decide(p, &states, &mut gone_by_sha, &mut gone), p, upgrade);
            if !matches!(action, Action::Fail(_)) && action_is_upgrade(&action, p, &states) {
                summary.upgraded += 1;
            }
            actions.push(action);
        }
        if opts.dry_run {
            dry_count(&mut summary, &probes, actions);
            continue;
        }
        // 3. Extract what must be, in parallel.
        let extracted: Vec<Option<kiemchung_extractors::Extraction>> = watch.run(|| {
            chunk
                .par_iter()
                .zip(actions.par_iter())
                .map(|(path, a)| match a {
                    Action::Extract { .. } => Some(watch.extract(path, &opts.extract)),
                    _ => None,
                })
                .collect()
        });
        // 4. Write, sequentially.
        for ((p, action), ex) in probes.iter().zip(actions).zip(extracted) {
            match action {
                Action::Unchanged => summary.unchanged += 1,
                Action::Fail(reason) => summary.failed.push(Failure {
                    path: p.path.clone(),
                    reason,
                }),
                Action::Refresh(mut state) => {
                    summary.unchanged += 1;
                    if let Some(mut doc) = writer.load(&state.path)? {
                        if state.sha256.is_empty() {
                            state.sha256 = doc.id.clone();
                        }
                        doc.record.source = state.path.clone();
                        writer.upsert(&doc, &state)?;
                        pending += 1;
                    }
                }
                Action::Move { from, state } => match writer.load(&from)? {
                    Some(mut doc) => {
                        doc.path = state.path.clone();
                        doc.record.source = state.path.clone();
                        writer.delete_path(&from);
                        writer.upsert(&doc, &state)?;
                        pending += 1;
                        summary.moved.push(Move {
                            from,
                            to: state.path,
                        });
                    }
                    None => {
                        // The committed state said it was there; treat as new.
                        summary.failed.push(Failure {
                            path: p.path.clone(),
                            reason: crate::tr!(
                                "văn bản đã lưu của {from} không còn; hãy chạy lại",
                                "stored document for {from} vanished; run again"
                            ),
                        });
                    }
                },
                Action::Extract { replaces } => {
                    let Some(mut ex) = ex else { continue };
                    ex.record.source = p.path.clone();
                    if let Some(err) = ex.record.error.clone() {
                        if replaces {
                            // The file changed and its new content cannot be read: the old
                            // record no longer describes it.
                            writer.delete_path(&p.path);
                            pending += 1;
                        }
                        summary.failed.push(Failure {
                            path: p.path.clone(),
                            reason: err,
                        });
                        continue;
                    }
                    let state = FileState {
                        path: p.path.clone(),
                        size: p.size,
                        mtime_ns: p.mtime_ns,
                        sha256: ex.record.sha256.clone(),
                    };
                    summary.file_bytes += p.size;
                    summary.text_bytes += ex.text.len() as u64;
                    let doc = StoredDoc {
                        id: ex.record.sha256.clone(),
                        path: p.path.clone(),
                        record: ex.record,
                        text: ex.text,
                    };
                    writer.upsert(&doc, &state)?;
                    pending += 1;
                    if replaces {
                        summary.updated += 1;
                    } else {
                        summary.added += 1;
                    }
                }
            }
        }
        done += chunk.len();
        progress.advance(chunk.len());
        if pending >= opts.commit_every && last_commit.elapsed() >= opts.commit_interval {
            writer.commit()?;
            last_commit = std::time::Instant::now();
            pending = 0;
            progress.committed(done, files.len());
        }
    }
    let mut removed: Vec<String> = gone.into_iter().collect();
    removed.sort();
    for p in &removed {
        writer.delete_path(p);
    }
    summary.removed = removed;
    if opts.dry_run {
        // Dropping the writer uncommitted discards nothing: nothing was written.
        summary.documents = writer.file_states()?.len() as u64;
        return Ok(summary);
    }
    if covers_all {
        writer.finish_upgrade();
    }
    writer.finish()?;
    progress.committed(done, files.len());
    let index = kiemchung_index::Index::open(index_dir)?;
    summary.documents = index.len();
    // A cache beside the segments: without it `tasks` reads the store, slower, same answer.
    if let Err(e) = kiemchung_index::followup::refresh(&index) {
        summary.followup_error = Some(if crate::report::lang::english() {
            e.english()
        } else {
            e.to_string()
        });
    }
    Ok(summary)
}

/// `action` for an unchanged file when the index was made by older versions.
fn upgraded(action: Action, p: &Probe, upgrade: Upgrade) -> Action {
    match (action, upgrade) {
        (Action::Unchanged | Action::Refresh(_), Upgrade::Reextract) => {
            Action::Extract { replaces: true }
        }
        (Action::Unchanged, Upgrade::Reindex) => Action::Refresh(FileState {
            path: p.path.clone(),
            size: p.size,
            mtime_ns: p.mtime_ns,
            sha256: String::new(),
        }),
        (a, _) => a,
    }
}

/// Whether `action` processes a file only because of a version change.
fn action_is_upgrade(action: &Action, p: &Probe, states: &HashMap<String, FileState>) -> bool {
    let same = states
        .get(&p.path)
        .is_some_and(|s| s.size == p.size && s.mtime_ns == p.mtime_ns);
    same && matches!(action, Action::Extract { .. } | Action::Refresh(_))
}

/// Counts planned actions into `summary` (a dry run).
fn dry_count(summary: &mut Summary, probes: &[Probe], actions: Vec<Action>) {
    for (p, a) in probes.iter().zip(actions) {
        match a {
            Action::Unchanged | Action::Refresh(_) => summary.unchanged += 1,
            Action::Extract { replaces: true } => summary.updated += 1,
            Action::Extract { replaces: false } => summary.added += 1,
            Action::Move { from, state } => summary.moved.push(Move {
                from,
                to: state.path,
            }),
            Action::Fail(reason) => summary.failed.push(Failure {
                path: p.path.clone(),
                reason,
            }),
        }
    }
}

/// Puts what the walk did not read into `summary`: errors among the failures, the rest
/// (unsupported types, special files) as counted skips. The index folder itself is no input.
fn record_skips(summary: &mut Summary, skips: Vec<pipeline::Skip>, index_abs: &Path) {
    for e in skips {
        if e.path.starts_with(index_abs) {
            continue;
        }
        let path = pipeline::display_path(&e.path);
        if e.kind.is_error() {
            summary.failed.push(Failure {
                path,
                reason: e.reason,
            });
        } else {
            summary.skipped.push(Skipped {
                path,
                kind: e.kind,
                reason: e.reason,
            });
        }
    }
}

/// A dry run against an index that does not exist yet: every file would be added.
fn dry_run_new(roots: &[PathBuf], index_dir: &Path) -> Summary {
    let index_abs = std::fs::canonicalize(index_dir).unwrap_or_else(|_| index_dir.to_path_buf());
    let (files, skips) = pipeline::collect_inputs(roots);
    let files = files.iter().filter(|f| !f.starts_with(&index_abs)).count();
    let mut summary = Summary {
        files,
        added: files,
        dry_run: true,
        ..Summary::default()
    };
    record_skips(&mut summary, skips, &index_abs);
    summary
}

fn probe(path: &Path, states: &HashMap<String, FileState>, may_move: bool) -> Probe {
    let key = pipeline::path_key(path);
    let mut p = Probe {
        path: key,
        size: 0,
        mtime_ns: 0,
        sha256: None,
        error: None,
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            p.error = Some(crate::tr!(
                "không đọc được tệp: {e}",
                "cannot read file: {e}"
            ));
            return p;
        }
    };
    p.size = meta.len();
    p.mtime_ns = mtime_ns(&meta);
    let need_hash = match states.get(&p.path) {
        Some(s) => s.size != p.size || s.mtime_ns != p.mtime_ns,
        None => may_move,
    };
    if need_hash && p.size <= ExtractOptions::default().max_file_bytes {
        match pipeline::sha256_file(path) {
            Ok(sha) => p.sha256 = Some(sha),
            Err(e) => {
                p.error = Some(crate::tr!(
                    "không đọc được tệp: {e}",
                    "cannot read file: {e}"
                ))
            }
        }
    }
    p
}

fn decide(
    p: &Probe,
    states: &HashMap<String, FileState>,
    gone_by_sha: &mut HashMap<String, Vec<String>>,
    gone: &mut HashSet<String>,
) -> Action {
    if let Some(e) = &p.error {
        return Action::Fail(e.clone());
    }
    let state = |sha: &str| FileState {
        path: p.path.clone(),
        size: p.size,
        mtime_ns: p.mtime_ns,
        sha256: sha.to_owned(),
    };
    if let Some(old) = states.get(&p.path) {
        if old.size == p.size && old.mtime_ns == p.mtime_ns {
            return Action::Unchanged;
        }
        if p.sha256.as_deref() == Some(old.sha256.as_str()) {
            return Action::Refresh(state(&old.sha256));
        }
        return Action::Extract { replaces: true };
    }
    if let Some(sha) = &p.sha256
        && let Some(sources) = gone_by_sha.get_mut(sha)
        && !sources.is_empty()
    {
        let from = sources.remove(0);
        gone.remove(&from);
        return Action::Move {
            from,
            state: state(sha),
        };
    }
    Action::Extract { replaces: false }
}

/// Writes the report of a run into the index folder (replacing the previous one atomically).
pub fn write_report(index_dir: &Path, summary: &Summary) -> anyhow::Result<PathBuf> {
    use crate::report::lang::pick;
    use std::fmt::Write;
    let mut s = String::new();
    let now = chrono::Local::now().format("%Y-%m-%d %H:%M:%S");
    let _ = writeln!(
        s,
        "{}",
        crate::tr!("Báo cáo nạp chỉ mục — {now}", "Ingest report — {now}")
    );
    let _ = writeln!(s, "{}", summary_lines(summary));
    if !summary.failed.is_empty() {
        let _ = writeln!(s, "\n{}", pick("Tệp lỗi:", "Failed files:"));
        for f in &summary.failed {
            let _ = writeln!(s, "  {}: {}", f.path, f.reason);
        }
    }
    if !summary.skipped.is_empty() {
        let _ = writeln!(
            s,
            "\n{}",
            pick(
                "Bỏ qua (không phải văn bản đọc được):",
                "Skipped (not a readable document):"
            )
        );
        for f in &summary.skipped {
            let _ = writeln!(s, "  {}: {}", f.path, f.reason);
        }
    }
    if !summary.moved.is_empty() {
        let _ = writeln!(s, "\n{}", pick("Tệp di chuyển:", "Moved files:"));
        for m in &summary.moved {
            let _ = writeln!(s, "  {} → {}", m.from, m.to);
        }
    }
    if !summary.removed.is_empty() {
        let _ = writeln!(
            s,
            "\n{}",
            pick(
                "Đã xóa khỏi chỉ mục (tệp không còn):",
                "Removed from the index (file gone):"
            )
        );
        for r in &summary.removed {
            let _ = writeln!(s, "  {r}");
        }
    }
    let path = index_dir.join(REPORT_FILE);
    let tmp = index_dir.join(format!(".{REPORT_FILE}.tmp"));
    std::fs::write(&tmp, s).with_context(|| crate::tr!("ghi {}", "writing {}", tmp.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o644))
            .with_context(|| crate::tr!("ghi {}", "writing {}", tmp.display()))?;
    }
    std::fs::rename(&tmp, &path)
        .with_context(|| crate::tr!("ghi {}", "writing {}", path.display()))?;
    Ok(path)
}

/// The summary counts with their labels in the run's language, one per line (future tense for a dry
/// run, which changes nothing).
pub fn summary_lines(s: &Summary) -> String {
    use crate::report::lang::english;
    let labels = if english() {
        if s.dry_run {
            [
                "would add",
                "would update",
                "unchanged",
                "would move",
                "would remove",
                "failed",
                "skipped",
            ]
        } else {
            [
                "added",
                "updated",
                "unchanged",
                "moved",
                "removed",
                "failed",
                "skipped",
            ]
        }
    } else if s.dry_run {
        [
            "sẽ thêm",
            "sẽ cập nhật",
            "không đổi",
            "sẽ di chuyển",
            "sẽ xóa",
            "lỗi",
            "bỏ qua",
        ]
    } else {
        [
            "đã thêm",
            "cập nhật",
            "không đổi",
            "di chuyển",
            "đã xóa",
            "lỗi",
            "bỏ qua",
        ]
    };
    let counts = [
        s.added,
        s.updated,
        s.unchanged,
        s.moved.len(),
        s.removed.len(),
        s.failed.len(),
        s.skipped.len(),
    ];
    let mut out = String::new();
    for (label, n) in labels.iter().zip(counts) {
        out.push_str(&format!("  {:<13} {n}\n", format!("{label}:")));
    }
    if !s.dry_run {
        let n = s.documents;
        out.push_str(&crate::tr!(
            "  chỉ mục có {n} văn bản",
            "  the index holds {n} documents"
        ));
    }
    out.trim_end().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    /// Counts the commits a run reports.
    struct Commits(AtomicUsize);

    impl Progress for Commits {
        fn start(&self, _: usize) {}
        fn advance(&self, _: usize) {}
        fn committed(&self, _: usize, _: usize) {
            self.0.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Commits made by ingesting `n` small files in chunks of one file.
    fn commits(n: usize, commit_interval: Duration) -> usize {
        let dir = tempfile::tempdir().expect("temp dir");
        let kho = dir.path().join("kho");
        std::fs::create_dir(&kho).expect("kho");
        // More files than a chunk, so the commit test runs more than once.
        for i in 0..n {
            std::fs::write(
                kho.join(format!("{i:04}.txt")),
                format!("UBND TỈNH X\nSố: {i}/KH-UBND\nKẾ HOẠCH\nVăn bản {i}."),
            )
            .expect("write");
        }
        let opts = Options {
            commit_every: 1,
            commit_interval,
            ..Options::default()
        };
        let progress = Commits(AtomicUsize::new(0));
        let s = run(&dir.path().join("idx"), &[kho], &opts, &progress).expect("ingest");
        assert_eq!((s.added, s.documents), (n, n as u64));
        progress.0.into_inner()
    }

    #[test]
    fn commits_follow_the_count_and_the_interval() {
        let n = 2 * CHUNK + 1;
        // On the count alone: after each chunk (three), then the closing commit.
        assert_eq!(commits(n, Duration::ZERO), 4);
        // An hour between commits: only the closing one.
        assert_eq!(commits(n, Duration::from_secs(3600)), 1);
    }
}
