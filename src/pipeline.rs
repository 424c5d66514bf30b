//! Orchestration shared by the commands that read archives: walk the inputs, extract in
//! parallel, report failures without stopping.
//!
//! Why here and not in the extractors crate: walking folders and choosing parallelism are
//! application policy; the library stays a pure function of one file's bytes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use kiemchung_extractors::{Extraction, Format, Options, extract_file};
use rayon::prelude::*;
use walkdir::WalkDir;

/// Why a path met on the walk gives no record. Codes are stable (JSON `skipped`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipKind {
    /// A file whose type kiemchung does not read (`.json`, `.xlsx`, `.zip`, ...).
    UnsupportedType,
    /// A named pipe: reading it could block forever.
    Fifo,
    /// A character or block device.
    Device,
    /// A socket.
    Socket,
    /// A folder named like a document (`x.pdf/`): its content is walked, it is no document.
    FolderNamedLikeFile,
    /// A symbolic link to a folder (not followed, so loops cannot happen) or a broken link.
    Link,
    /// A folder or file that cannot be opened (permissions).
    Unreadable,
    /// A path given on the command line that does not exist.
    NotFound,
}

impl SkipKind {
    /// Whether the user must act (exit status 1): the path was named but cannot be read.
    pub fn is_error(self) -> bool {
        matches!(self, SkipKind::NotFound | SkipKind::Unreadable)
    }
}

/// A path met on the walk that gives no record, with the reason (Vietnamese, for people).
#[derive(Debug, Clone)]
pub struct Skip {
    pub path: PathBuf,
    pub kind: SkipKind,
    pub reason: String,
}

/// Kept for callers that only report: a skip is a path and a reason.
pub type WalkError = Skip;

impl Skip {
    fn new(path: PathBuf, kind: SkipKind, detail: Option<String>) -> Skip {
        let base = match kind {
            SkipKind::UnsupportedType => match path.extension() {
                Some(e) => crate::tr!(
                    "loại tệp không hỗ trợ (.{})",
                    "unsupported file type (.{})",
                    e.to_string_lossy()
                ),
                None => crate::tr!(
                    "loại tệp không hỗ trợ (không có phần mở rộng)",
                    "unsupported file type (no extension)"
                ),
            },
            SkipKind::Fifo => crate::tr!(
                "đường ống (FIFO), không phải tệp thường",
                "a pipe (FIFO), not a regular file"
            ),
            SkipKind::Device => crate::tr!(
                "tệp thiết bị, không phải tệp thường",
                "a device, not a regular file"
            ),
            SkipKind::Socket => crate::tr!(
                "socket, không phải tệp thường",
                "a socket, not a regular file"
            ),
            SkipKind::FolderNamedLikeFile => crate::tr!(
                "thư mục mang tên như một tệp tài liệu (đã đọc các tệp bên trong)",
                "a folder named like a document file (the files inside were read)"
            ),
            SkipKind::Link => crate::tr!(
                "liên kết tới thư mục hoặc liên kết hỏng (không theo)",
                "a link to a folder or a broken link (not followed)"
            ),
            SkipKind::Unreadable => crate::tr!(
                "không mở được (kiểm tra quyền truy cập)",
                "cannot be opened (check the permissions)"
            ),
            SkipKind::NotFound => crate::tr!("không tìm thấy đường dẫn", "path not found"),
        };
        let reason = match detail {
            Some(d) => format!("{base}: {d}"),
            None => base,
        };
        Skip { path, kind, reason }
    }

    /// The JSON line `extract` prints for a skip: the record's `source` and `error` keys, so
    /// tools that read records see it, plus `skipped` with the stable code.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "source": path_key(&self.path),
            "skipped": self.kind,
            "error": self.reason,
        })
    }
}

/// Classifies a non-regular file type.
fn special_kind(ft: &std::fs::FileType) -> Option<SkipKind> {
    use std::os::unix::fs::FileTypeExt;
    if ft.is_fifo() {
        Some(SkipKind::Fifo)
    } else if ft.is_char_device() || ft.is_block_device() {
        Some(SkipKind::Device)
    } else if ft.is_socket() {
        Some(SkipKind::Socket)
    } else {
        None
    }
}

fn io_kind(e: &std::io::Error) -> SkipKind {
    match e.kind() {
        std::io::ErrorKind::NotFound => SkipKind::NotFound,
        _ => SkipKind::Unreadable,
    }
}

/// Expands the user's paths into files to read, in a stable order, and the paths met that
/// give no record, each with its reason: nothing is skipped silently.
///
/// A file named explicitly is always read (its content decides its format). Inside folders,
/// files with a known extension are taken; other files, pipes, devices, sockets, links to
/// folders, folders named like documents and unreadable folders are counted as skips.
/// Hidden entries (`.git`, `.kiemchung`) are not part of the archive and are not walked.
pub fn collect_inputs(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Skip>) {
    let mut files = Vec::new();
    let mut skips = Vec::new();
    for root in paths {
        match std::fs::metadata(root) {
            Ok(m) if m.is_file() => files.push(root.clone()),
            Ok(m) if !m.is_dir() => {
                let kind = special_kind(&m.file_type()).unwrap_or(SkipKind::Device);
                skips.push(Skip::new(root.clone(), kind, None));
            }
            Ok(_) => {
                let mut found: Vec<PathBuf> = Vec::new();
                let mut skipped: Vec<Skip> = Vec::new();
                let walker = WalkDir::new(root)
                    .follow_links(false)
                    .into_iter()
                    .filter_entry(|e| {
                        e.depth() == 0 || !e.file_name().as_encoded_bytes().starts_with(b".")
                    });
                for entry in walker {
                    match entry {
                        Ok(e) => {
                            let ft = e.file_type();
                            if ft.is_file() {
                                if is_document(e.path()) {
                                    found.push(e.into_path());
                                } else {
                                    skipped.push(Skip::new(
                                        e.into_path(),
                                        SkipKind::UnsupportedType,
                                        None,
                                    ));
                                }
                            } else if ft.is_dir() {
                                if e.depth() > 0 && is_document(e.path()) {
                                    skipped.push(Skip::new(
                                        e.into_path(),
                                        SkipKind::FolderNamedLikeFile,
                                        None,
                                    ));
                                }
                            } else if ft.is_symlink() {
                                match std::fs::metadata(e.path()) {
                                    Ok(m) if m.is_file() && is_document(e.path()) => {
                                        found.push(e.into_path())
                                    }
                                    Ok(m) if m.is_file() => skipped.push(Skip::new(
                                        e.into_path(),
                                        SkipKind::UnsupportedType,
                                        None,
                                    )),
                                    Ok(m) => {
                                        let kind =
                                            special_kind(&m.file_type()).unwrap_or(SkipKind::Link);
                                        skipped.push(Skip::new(e.into_path(), kind, None));
                                    }
                                    Err(_) => {
                                        skipped.push(Skip::new(e.into_path(), SkipKind::Link, None))
                                    }
                                }
                            } else {
                                let kind = special_kind(&ft).unwrap_or(SkipKind::Device);
                                skipped.push(Skip::new(e.into_path(), kind, None));
                            }
                        }
                        Err(err) => {
                            let path = err
                                .path()
                                .map(Path::to_path_buf)
                                .unwrap_or_else(|| root.clone());
                            let kind = err.io_error().map(io_kind).unwrap_or(SkipKind::Unreadable);
                            let detail = err.io_error().map(|e| e.to_string());
                            skipped.push(Skip::new(path, kind, detail));
                        }
                    }
                }
                found.sort();
                skipped.sort_by(|a, b| a.path.cmp(&b.path));
                files.extend(found);
                skips.extend(skipped);
            }
            Err(e) => skips.push(Skip::new(root.clone(), io_kind(&e), Some(e.to_string()))),
        }
    }
    (files, skips)
}

/// Whether a file inside a walked folder is a document kiemchung reads.
pub fn is_document(path: &Path) -> bool {
    Format::from_extension(path).is_some()
}

/// SHA-256 of a file's content, read in blocks (read-only). Ingest hashes every changed
/// file before deciding what to extract, several at once: reading each whole into memory
/// first cost the file's size per worker (two 200 MB files → 400 MB before any extraction).
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    kiemchung_extractors::sha256_reader(std::fs::File::open(path)?)
}

/// The path as a string that keeps its identity: UTF-8 paths without a backslash are
/// themselves; any other path has its backslashes doubled and every byte that is not UTF-8
/// written `\xHH`. So two different names never share a key (old Windows archives carry
/// names in TCVN3 or Windows-1258 bytes), and [`key_path`] gives the path back.
pub fn path_key(path: &Path) -> String {
    let bytes = path.as_os_str().as_encoded_bytes();
    match std::str::from_utf8(bytes) {
        Ok(s) if !s.contains('\\') => s.to_owned(),
        _ => {
            let mut out = String::with_capacity(bytes.len() + 8);
            for chunk in bytes.utf8_chunks() {
                out.push_str(&chunk.valid().replace('\\', "\\\\"));
                for b in chunk.invalid() {
                    out.push_str(&format!("\\x{b:02X}"));
                }
            }
            out
        }
    }
}

/// The path a [`path_key`] stands for.
pub fn key_path(key: &str) -> PathBuf {
    if !key.contains('\\') {
        return PathBuf::from(key);
    }
    let b = key.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && b.get(i + 1) == Some(&b'\\') {
            out.push(b'\\');
            i += 2;
        } else if b[i] == b'\\'
            && b.get(i + 1) == Some(&b'x')
            && let Some(v) = key
                .get(i + 2..i + 4)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 4;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    use std::os::unix::ffi::OsStringExt;
    PathBuf::from(std::ffi::OsString::from_vec(out))
}

/// The path for people: its [`path_key`], and for a file name that is not UTF-8 but reads as
/// Vietnamese in a legacy encoding, that reading too (`bad_\xD5.txt (TCVN3: ...)`).
pub fn display_path(path: &Path) -> String {
    let key = path_key(path);
    let name = path
        .file_name()
        .map(|n| n.as_encoded_bytes())
        .unwrap_or_default();
    if std::str::from_utf8(name).is_ok() {
        return key;
    }
    let (enc, text) = kiemchung_extractors::legacy::decode_unknown(name);
    if kiemchung_extractors::legacy::score(&text) > 0 {
        format!("{key} ({}: {text})", enc.name())
    } else {
        key
    }
}

/// Extracts every file in parallel, calling `on_done` as each finishes (from worker threads),
/// and returns the extractions in input order. A [`Watchdog`] reports files that run far
/// past their time budget.
pub fn extract_all<F>(files: &[PathBuf], opts: &Options, on_done: F) -> Vec<Extraction>
where
    F: Fn(&Extraction) + Sync,
{
    let watch = Watchdog::new(opts);
    watch.run(|| {
        files
            .par_iter()
            .map(|path| {
                let mut ex = watch.extract(path, opts);
                ex.record.source = path_key(path);
                on_done(&ex);
                ex
            })
            .collect()
    })
}

/// Extracts `files` on every core and hands each record to `emit` in the order of `files`,
/// as soon as it and every record before it are done; stops at `emit`'s first error.
///
/// Why not [`extract_all`] per chunk: its records come out when the whole chunk is done. A
/// scan takes seconds of OCR per page, so a folder of scans printed nothing for a minute,
/// and a run stopped early (a timeout, Ctrl-C) left no record at all. Workers take the
/// files in order from a shared counter, so few records wait for an earlier one (about one
/// per core).
pub fn extract_in_order<E>(files: &[PathBuf], opts: &Options, mut emit: E) -> std::io::Result<()>
where
    E: FnMut(Extraction) -> std::io::Result<()>,
{
    use std::sync::atomic::{AtomicUsize, Ordering};
    let watch = Watchdog::new(opts);
    let next = AtomicUsize::new(0);
    let (done, received) = std::sync::mpsc::channel::<(usize, Extraction)>();
    let (watch, next) = (&watch, &next);
    std::thread::scope(|s| {
        s.spawn(move || {
            watch.run(|| {
                rayon::scope(|pool| {
                    for _ in 0..rayon::current_num_threads() {
                        let done = done.clone();
                        pool.spawn(move |_| {
                            loop {
                                let i = next.fetch_add(1, Ordering::Relaxed);
                                let Some(path) = files.get(i) else { break };
                                let mut ex = watch.extract(path, opts);
                                ex.record.source = path_key(path);
                                // The receiver is gone when `emit` failed: stop.
                                if done.send((i, ex)).is_err() {
                                    break;
                                }
                            }
                        });
                    }
                });
            });
        });
        let mut waiting = std::collections::BTreeMap::new();
        let mut want = 0usize;
        for (i, ex) in received {
            waiting.insert(i, ex);
            while let Some(ex) = waiting.remove(&want) {
                emit(ex)?;
                want += 1;
            }
        }
        Ok(())
    })
}

/// How many times its budget a file may run before the watchdog reports it.
pub const WATCHDOG_FACTOR: u32 = 2;

type Report = Box<dyn Fn(&Path, Duration) + Sync>;

/// Reports (once, on stderr) a file still being read [`WATCHDOG_FACTOR`] × its time budget
/// after it started.
///
/// Why only report: readers stop themselves at their budget ([`kiemchung_extractors::limits`]),
/// but work inside a third-party parser (lopdf loading a file, html5ever building a tree)
/// cannot be interrupted, and a thread cannot be killed. A file that overruns that far is a
/// reader defect: the user learns which file holds the batch up, instead of a silent stall.
pub struct Watchdog {
    limit: Option<Duration>,
    running: Mutex<HashMap<PathBuf, (Instant, bool)>>,
    report: Report,
}

impl Watchdog {
    /// A watchdog for `opts`' budget, reporting on stderr in the run's language.
    pub fn new(opts: &Options) -> Watchdog {
        Watchdog::with_report(
            opts.max_file_time,
            Box::new(|path, limit| {
                let secs = (limit * WATCHDOG_FACTOR).as_secs();
                eprintln!(
                    "kiemchung: {}: {}",
                    display_path(path),
                    crate::tr!(
                        "vẫn đang đọc sau {secs} giây (gấp {WATCHDOG_FACTOR} lần giới hạn \
                         --max-file-seconds); tệp này làm chậm cả lô, hãy kiểm tra nó",
                        "still reading after {secs} s ({WATCHDOG_FACTOR} times the \
                         --max-file-seconds budget); this file slows the whole batch, check it"
                    )
                )
            }),
        )
    }

    /// A watchdog that calls `report(path, budget)` instead (tests, other front ends).
    pub fn with_report(limit: Option<Duration>, report: Report) -> Watchdog {
        Watchdog {
            limit,
            running: Mutex::new(HashMap::new()),
            report,
        }
    }

    /// Runs `work` while a thread watches the files it registers through
    /// [`Watchdog::extract`]; the thread ends with `work`.
    pub fn run<R>(&self, work: impl FnOnce() -> R) -> R {
        let Some(limit) = self.limit else {
            return work();
        };
        let tick = (limit / 4).clamp(Duration::from_millis(5), Duration::from_secs(1));
        std::thread::scope(|s| {
            let (stop, stopped) = std::sync::mpsc::channel::<()>();
            s.spawn(move || {
                while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
                    stopped.recv_timeout(tick)
                {
                    self.scan(limit);
                }
            });
            let out = work();
            drop(stop);
            out
        })
    }

    fn scan(&self, limit: Duration) {
        let Ok(mut running) = self.running.lock() else {
            return;
        };
        for (path, (started, reported)) in running.iter_mut() {
            if !*reported && started.elapsed() > limit * WATCHDOG_FACTOR {
                *reported = true;
                (self.report)(path, limit);
            }
        }
    }

    /// [`extract_file`], registered with the watchdog while it runs.
    pub fn extract(&self, path: &Path, opts: &Options) -> Extraction {
        self.watch(path, || extract_file(path, opts))
    }

    /// Runs `f` with `path` registered as being read.
    pub fn watch<R>(&self, path: &Path, f: impl FnOnce() -> R) -> R {
        if self.limit.is_none() {
            return f();
        }
        if let Ok(mut running) = self.running.lock() {
            running.insert(path.to_path_buf(), (Instant::now(), false));
        }
        let out = f();
        if let Ok(mut running) = self.running.lock() {
            running.remove(path);
        }
        out
    }
}

/// OCR settings for a run: `mode` with `cache` (the index folder's, or none). When the
/// run may need OCR and Tesseract or its Vietnamese model is missing, says so once on
/// stderr; each record that needed OCR then carries `ocr_unavailable`.
pub fn ocr_options(
    mode: kiemchung_extractors::ocr::OcrMode,
    cache: Option<std::sync::Arc<dyn kiemchung_extractors::ocr::OcrCache>>,
) -> kiemchung_extractors::ocr::OcrOptions {
    use kiemchung_extractors::ocr::{OcrMode, tesseract};
    if mode != OcrMode::Off
        && let Err(msg) = tesseract::available()
    {
        eprintln!(
            "kiemchung: {}",
            crate::tr!(
                "OCR không dùng được: {msg}. Bản quét và ảnh sẽ không có văn bản.",
                "OCR is not available: {msg}. Scans and images will have no text."
            )
        );
    }
    kiemchung_extractors::ocr::OcrOptions { mode, cache }
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
    fn records_come_in_input_order_and_stop_at_the_first_write_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        // Sizes vary so workers finish out of order.
        let files: Vec<PathBuf> = (0..40)
            .map(|i| {
                let p = dir.path().join(format!("{i:02}.txt"));
                let body = "Giao Sở Nội vụ chủ trì.\n".repeat(if i % 7 == 0 { 3000 } else { 3 });
                std::fs::write(&p, format!("Số: {i}/UBND-NC\n{body}")).expect("write");
                p
            })
            .collect();
        let opts = Options::default();
        let mut seen = Vec::new();
        extract_in_order(&files, &opts, |ex| {
            seen.push(ex.record.source);
            Ok(())
        })
        .expect("no write error");
        let want: Vec<String> = files.iter().map(|p| path_key(p)).collect();
        assert_eq!(seen, want);
        let mut written = 0;
        let err = extract_in_order(&files, &opts, |_| {
            written += 1;
            if written == 5 {
                Err(std::io::Error::from(std::io::ErrorKind::BrokenPipe))
            } else {
                Ok(())
            }
        });
        assert_eq!(
            err.map_err(|e| e.kind()),
            Err(std::io::ErrorKind::BrokenPipe)
        );
        assert_eq!(written, 5);
    }

    #[test]
    fn watchdog_reports_a_file_running_past_twice_its_budget_once() {
        let seen: std::sync::Arc<Mutex<Vec<PathBuf>>> = Default::default();
        let log = seen.clone();
        let watch = Watchdog::with_report(
            Some(Duration::from_millis(10)),
            Box::new(move |p, limit| {
                assert_eq!(limit, Duration::from_millis(10));
                log.lock().unwrap().push(p.to_path_buf());
            }),
        );
        let n = watch.run(|| {
            watch.watch(Path::new("fast.txt"), || 1)
                + watch.watch(Path::new("slow.pdf"), || {
                    std::thread::sleep(Duration::from_millis(300));
                    2
                })
        });
        assert_eq!(n, 3);
        assert_eq!(*seen.lock().unwrap(), vec![PathBuf::from("slow.pdf")]);
        // Without a budget nothing is watched (and no thread is started).
        let idle = Watchdog::with_report(None, Box::new(|_, _| panic!("no budget, no report")));
        assert_eq!(idle.run(|| idle.watch(Path::new("x"), || 7)), 7);
    }

    #[test]
    fn walks_folders_skipping_hidden_and_unknown() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".kiemchung")).unwrap();
        std::fs::write(dir.path().join(".kiemchung/x.txt"), "x").unwrap();
        std::fs::write(dir.path().join("b.txt"), "b").unwrap();
        std::fs::write(dir.path().join("a.pdf"), "a").unwrap();
        std::fs::write(dir.path().join("a.gold.json"), "{}").unwrap();
        let missing = dir.path().join("missing");
        let (files, skips) = collect_inputs(&[dir.path().to_path_buf(), missing.clone()]);
        let names: Vec<_> = files
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec!["a.pdf", "b.txt"]);
        let kinds: Vec<_> = skips.iter().map(|s| (s.path.clone(), s.kind)).collect();
        assert_eq!(
            kinds,
            vec![
                (dir.path().join("a.gold.json"), SkipKind::UnsupportedType),
                (missing, SkipKind::NotFound),
            ]
        );
    }

    #[test]
    fn special_files_and_odd_folders_are_counted_skips() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir(d.join("x.pdf")).unwrap();
        std::fs::write(d.join("x.pdf/inner.txt"), "x").unwrap();
        let fifo = d.join("pipe.txt");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success(), "mkfifo is needed for this test");
        std::os::unix::fs::symlink(d.join("x.pdf"), d.join("link")).unwrap();
        std::os::unix::fs::symlink(d.join("x.pdf/inner.txt"), d.join("l.txt")).unwrap();
        let (files, skips) = collect_inputs(&[d.to_path_buf(), fifo.clone()]);
        assert_eq!(files, vec![d.join("l.txt"), d.join("x.pdf/inner.txt")]);
        let kinds: Vec<_> = skips.iter().map(|s| (s.path.clone(), s.kind)).collect();
        assert_eq!(
            kinds,
            vec![
                (d.join("link"), SkipKind::Link),
                (d.join("pipe.txt"), SkipKind::Fifo),
                (d.join("x.pdf"), SkipKind::FolderNamedLikeFile),
                (fifo, SkipKind::Fifo),
            ]
        );
    }

    #[test]
    fn path_keys_keep_non_utf8_names_apart_and_reversible() {
        use std::os::unix::ffi::OsStrExt;
        let a = Path::new(std::ffi::OsStr::from_bytes(b"/k/bad_\xff.txt"));
        let b = Path::new(std::ffi::OsStr::from_bytes(b"/k/bad_\xfe.txt"));
        let lit = Path::new("/k/bad_\\xff.txt");
        let plain = Path::new("/k/Quyết định.txt");
        assert_eq!(path_key(a), "/k/bad_\\xFF.txt");
        assert_ne!(path_key(a), path_key(b));
        assert_ne!(path_key(a), path_key(lit));
        assert_eq!(path_key(plain), "/k/Quyết định.txt");
        for p in [a, b, lit, plain] {
            assert_eq!(key_path(&path_key(p)), p);
        }
        // A TCVN3 name is shown decoded beside its escaped bytes.
        let tcvn = Path::new(std::ffi::OsStr::from_bytes(b"/k/Quy\xd5t \xae\xdenh.doc"));
        assert_eq!(
            display_path(tcvn),
            "/k/Quy\\xD5t \\xAE\\xDEnh.doc (TCVN3: Quyết định.doc)"
        );
    }
}
