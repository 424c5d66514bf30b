//! Benchmark of the index on a synthetic archive.
//!
//! ```text
//! cargo run --release --example bench_archive -- --docs 100000 [--dir /tmp/kho] [--keep]
//! ```
//!
//! Generates `--docs` documents (TXT, with a share of DOCX and PDF) shaped like the seeds,
//! ingests them with the real `kiemchung ingest` code path, then reports ingest documents/s
//! and MB/s, index size against the extracted text, a second (unchanged) ingest, and search
//! latency p50/p95 over a fixed query set. A benchmark, not a test; it asserts only that a
//! text-only archive ingests without a failed file and, with `--min-docs-per-s N`, that ingest
//! reached N documents per second (the throughput floor of issue 10). Ingest also prints the
//! process's CPU seconds per document, which a busy machine inflates far less than the wall
//! time.
//!
//! ```text
//! cargo run --release --example bench_archive -- --pdf 500 [--dir /tmp/kho]
//! ```
//!
//! ```text
//! cargo run --release --example bench_archive -- --search-only D/index --link CATALOG [--year Y] [--verify]
//! ```
//!
//! Link mode (issue 8 item 6): on a kept index, times what `kiemchung link` does — open the
//! workspace, infer the agency from the issuer column, link every leaf over the documents the
//! index preselects — and prints the peak RSS (`VmHWM`). `--verify` also links over every
//! document (the old full scan) and says whether the proposals are identical.
//!
//! PDF mode (issue 4: "a PDF archive ingested at least as fast as a `pdftotext` loop over the
//! same files"): copies the real fixture PDFs (`fixtures/pdf/*.pdf`) `--pdf` times in all,
//! each copy with a comment line appended after `%%EOF` so that every file has its own hash
//! (readers ignore bytes after the last `%%EOF`; the text is unchanged), then times
//! `kiemchung` ingest of that folder against a `pdftotext FILE /dev/null` loop over the same
//! files, one process per file, sequentially and with 2 worker threads.

#[path = "support/synth.rs"]
mod synth;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use kiemchung::ingest::{self, Quiet};
use kiemchung_index::{Index, SearchQuery};

struct Args {
    docs: usize,
    dir: Option<PathBuf>,
    keep: bool,
    docx_every: usize,
    pdf_every: usize,
    rounds: usize,
    pdf: usize,
    index: Option<PathBuf>,
    link: Option<PathBuf>,
    year: Option<i32>,
    verify: bool,
    min_rate: Option<f64>,
    commit_every: Option<usize>,
}

fn parse_args() -> Args {
    let mut a = Args {
        docs: 10_000,
        dir: None,
        keep: false,
        docx_every: 50,
        pdf_every: 100,
        rounds: 20,
        pdf: 0,
        index: None,
        link: None,
        year: None,
        verify: false,
        min_rate: None,
        commit_every: None,
    };
    let mut it = std::env::args().skip(1);
    let usage = "usage: bench_archive [--docs N] [--docx-every N] [--pdf-every N] [--rounds N] \
                 [--pdf N] [--dir DIR] [--search-only INDEX [--link CATALOG [--year Y] [--verify]]] [--keep] [--min-docs-per-s N] [--commit-every N]";
    let fail = |msg: String| -> ! {
        eprintln!("bench_archive: {msg}\n{usage}");
        std::process::exit(2)
    };
    while let Some(arg) = it.next() {
        let mut num = |name: &str| -> usize {
            it.next()
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| fail(format!("{name} needs a number")))
        };
        match arg.as_str() {
            "--docs" => a.docs = num("--docs"),
            "--docx-every" => a.docx_every = num("--docx-every"),
            "--pdf-every" => a.pdf_every = num("--pdf-every"),
            "--rounds" => a.rounds = num("--rounds"),
            "--pdf" => a.pdf = num("--pdf"),
            "--dir" => a.dir = it.next().map(PathBuf::from),
            "--search-only" => a.index = it.next().map(PathBuf::from),
            "--keep" => a.keep = true,
            "--link" => a.link = it.next().map(PathBuf::from),
            "--year" => a.year = Some(num("--year") as i32),
            "--verify" => a.verify = true,
            "--min-docs-per-s" => a.min_rate = Some(num("--min-docs-per-s") as f64),
            "--commit-every" => a.commit_every = Some(num("--commit-every")),
            "--help" | "-h" => {
                println!("{usage}");
                std::process::exit(0)
            }
            other => fail(format!("unknown argument {other}")),
        }
    }
    a
}

fn dir_size(p: &Path) -> u64 {
    walk(p)
        .iter()
        .filter_map(|f| f.metadata().ok())
        .map(|m| m.len())
        .sum()
}

fn walk(p: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(p) {
        for e in rd.flatten() {
            let path = e.path();
            if path.is_dir() {
                out.extend(walk(&path));
            } else {
                out.push(path);
            }
        }
    }
    out
}

/// On-CPU time of the calling thread, in nanoseconds (Linux `schedstat`): search runs on
/// the calling thread, so this is its cost even when other processes compete for the cores
/// and wall-clock latency includes waiting for one.
fn thread_cpu() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = s.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// CPU time (user + system) of the whole process so far, in seconds (`/proc/self/stat`,
/// clock ticks of 1/100 s): ingest runs on several threads.
fn process_cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = after.split_whitespace().collect();
    let tick = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (tick(11) + tick(12)) / 100.0
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Builds the PDF archive: `n` copies of the fixture PDFs, each made unique by a trailing
/// comment. Returns the files and their total size.
fn pdf_archive(dir: &Path, n: usize) -> (Vec<PathBuf>, u64) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/pdf");
    let mut originals: Vec<PathBuf> = walk(&src)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")))
        .collect();
    originals.sort();
    assert!(!originals.is_empty(), "no PDF in {}", src.display());
    let contents: Vec<Vec<u8>> = originals
        .iter()
        .map(|p| std::fs::read(p).expect("read fixture PDF"))
        .collect();
    std::fs::create_dir_all(dir).expect("archive dir");
    let mut files = Vec::with_capacity(n);
    let mut bytes = 0;
    for i in 0..n {
        let k = i % contents.len();
        let mut data = contents[k].clone();
        data.extend_from_slice(format!("\n% kiemchung bench copy {i}\n").as_bytes());
        let stem = originals[k]
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("doc");
        let path = dir
            .join(format!("{:03}", i / 100))
            .join(format!("{stem}_{i:06}.pdf"));
        std::fs::create_dir_all(path.parent().expect("parent")).expect("sub dir");
        std::fs::write(&path, &data).expect("write PDF");
        bytes += data.len() as u64;
        files.push(path);
    }
    (files, bytes)
}

/// Runs `pdftotext FILE /dev/null` over `files` with `workers` threads; returns the time
/// and the number of failures.
fn pdftotext_loop(files: &[PathBuf], workers: usize) -> (Duration, usize) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let failed = AtomicUsize::new(0);
    let t = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(f) = files.get(i) else { break };
                    let ok = std::process::Command::new("pdftotext")
                        .arg(f)
                        .arg("/dev/null")
                        .stdin(std::process::Stdio::null())
                        .stdout(std::process::Stdio::null())
                        .stderr(std::process::Stdio::null())
                        .status()
                        .is_ok_and(|st| st.success());
                    if !ok {
                        failed.fetch_add(1, Ordering::Relaxed);
                    }
                }
            });
        }
    });
    (t.elapsed(), failed.into_inner())
}

fn pdf_bench(base: &Path, n: usize) {
    let archive_dir = base.join("kho-pdf");
    let index_dir = base.join("index-pdf");
    let _ = std::fs::remove_dir_all(&archive_dir);
    let _ = std::fs::remove_dir_all(&index_dir);
    let (files, bytes) = pdf_archive(&archive_dir, n);
    println!(
        "PDF archive: {} files, {:.1} MB (copies of fixtures/pdf/*.pdf)",
        files.len(),
        bytes as f64 / 1e6
    );
    let report = |name: &str, d: Duration, failed: usize| {
        let secs = d.as_secs_f64();
        println!(
            "  {name:<28} {:>7.2} s  {:>7.0} files/s  {:>6.1} MB/s  ({failed} failed)",
            secs,
            files.len() as f64 / secs,
            bytes as f64 / 1e6 / secs
        );
    };
    let t = Instant::now();
    let s = ingest::run(
        &index_dir,
        std::slice::from_ref(&archive_dir),
        &ingest::Options::default(),
        &Quiet,
    )
    .expect("ingest");
    report("kiemchung ingest", t.elapsed(), s.failed.len());
    for f in s.failed.iter().take(3) {
        println!("    failed: {}: {}", f.path, f.reason);
    }
    println!(
        "    ({} added, {:.1} MB of text indexed)",
        s.added,
        s.text_bytes as f64 / 1e6
    );
    let found = std::process::Command::new("pdftotext")
        .arg("-v")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok();
    if !found {
        println!("  pdftotext not found (Debian package poppler-utils): no comparison");
        return;
    }
    let (d, failed) = pdftotext_loop(&files, 1);
    report("pdftotext loop, 1 worker", d, failed);
    let (d, failed) = pdftotext_loop(&files, 2);
    report("pdftotext loop, 2 workers", d, failed);
}

/// Search latency over a fixed query set (`some_ref`: the reference of a document in the
/// index).
fn search_bench(index: &Index, some_ref: &str, rounds: usize) {
    let queries: Vec<SearchQuery> = {
        let q = |text: &str| SearchQuery {
            text: text.into(),
            limit: 10,
            ..SearchQuery::default()
        };
        let mut v = vec![
            q("cải cách hành chính"),
            q("cai cach hanh chinh"),
            q("\"Chỉ số cải cách hành chính\""),
            q("chỉ số hài lòng SIPAS"),
            q("thu tuc hanh chinh mot cua lien thong"),
            q("chuyển đổi số"),
            q("Đề án 06 dữ liệu dân cư"),
            q("tinh giản biên chế"),
            q("điều tra xã hội học"),
            q("dich vu cong truc tuyen toan trinh"),
            q(some_ref),
            q(&some_ref.to_lowercase()),
            q("Krông Pắc"),
            q("kinh phi ngan sach"),
            q("nhũng nhiễu phiền hà"),
        ];
        v.push(SearchQuery {
            doc_type: Some("Thông báo".into()),
            ..q("cải cách hành chính")
        });
        v.push(SearchQuery {
            issuer: Some("UBND tỉnh Quảng Ngãi".into()),
            year: Some(2023),
            ..q("chỉ số")
        });
        v.push(SearchQuery {
            from: Some("2022-01-01".into()),
            to: Some("2022-06-30".into()),
            ..q("kế hoạch")
        });
        v.push(SearchQuery {
            doc_type: Some("Quyết định".into()),
            from: Some("2024".into()),
            ..SearchQuery::default()
        });
        v.push(q("xyzzy không có"));
        v
    };
    for q in &queries {
        let _ = index.search(q).expect("search");
    }
    let mut times = Vec::new();
    let mut cpu = Vec::new();
    let mut per_query = vec![Vec::new(); queries.len()];
    for _ in 0..rounds {
        for (k, q) in queries.iter().enumerate() {
            let c = thread_cpu();
            let t = Instant::now();
            let hits = index.search(q).expect("search");
            times.push(t.elapsed());
            if let (Some(a), Some(b)) = (c, thread_cpu()) {
                cpu.push(b.saturating_sub(a));
            }
            per_query[k].push(t.elapsed());
            std::hint::black_box(hits);
        }
    }
    for (q, mut ts) in queries.iter().zip(per_query) {
        ts.sort();
        println!(
            "  {:>7.2} ms  {:?} type={:?} issuer={:?} from={:?} to={:?} year={:?}",
            pct(&ts, 0.5).as_secs_f64() * 1e3,
            q.text,
            q.doc_type,
            q.issuer,
            q.from,
            q.to,
            q.year
        );
    }
    times.sort();
    println!(
        "search ({} queries × {} rounds, top 10 with snippets): p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        queries.len(),
        rounds,
        pct(&times, 0.50).as_secs_f64() * 1e3,
        pct(&times, 0.95).as_secs_f64() * 1e3,
        times.last().map(|d| d.as_secs_f64() * 1e3).unwrap_or(0.0)
    );
    cpu.sort();
    if !cpu.is_empty() {
        println!(
            "search on-CPU time (excludes waiting for a core on a loaded machine): p50 {:.2} ms, p95 {:.2} ms",
            pct(&cpu, 0.50).as_secs_f64() * 1e3,
            pct(&cpu, 0.95).as_secs_f64() * 1e3
        );
    }
    let hits = index.search(&queries[10]).expect("search");
    println!(
        "reference query {some_ref}: first hit {}",
        hits.first()
            .and_then(|h| h.doc.record.reference())
            .unwrap_or_else(|| "—".into())
    );
}

/// Peak resident memory of this process so far (`VmHWM`), in MB.
fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

/// `kiemchung link` as the CLI runs it, timed; `verify`: against the full scan too.
fn link_bench(index_dir: &Path, catalog: &Path, year: Option<i32>, verify: bool) {
    use kiemchung_evidence::linking::LinkOptions;
    let cat = kiemchung_evidence::criteria::Catalog::load(catalog).expect("catalog");
    let t = Instant::now();
    let ws = kiemchung::workspace::Workspace::open(index_dir).expect("open");
    let opened = t.elapsed();
    let agency = ws.agency(&cat, None).expect("agency");
    let opts = LinkOptions {
        year: cat.year(year),
        agency,
        ..LinkOptions::default()
    };
    let links = ws.link(&cat, &opts).expect("link");
    let secs = t.elapsed().as_secs_f64();
    let leaves = cat
        .tree_order()
        .iter()
        .filter(|c| cat.is_leaf(&c.code))
        .count();
    let proposals: usize = links.iter().map(|l| l.proposals.len()).sum();
    println!(
        "link: {} documents, {leaves} leaves, {proposals} proposals in {secs:.2} s (open {:.2} s); peak RSS {:.0} MB",
        ws.index.len(),
        opened.as_secs_f64(),
        peak_rss_mb()
    );
    if verify {
        let docs = ws.index.documents().expect("documents");
        let t = Instant::now();
        let full = kiemchung_evidence::linking::link(&cat, &docs, &opts, &ws.decisions);
        let same = serde_json::to_string(&full).ok() == serde_json::to_string(&links).ok();
        println!(
            "full scan: {:.2} s, peak RSS {:.0} MB; identical proposals: {same}",
            t.elapsed().as_secs_f64(),
            peak_rss_mb()
        );
    }
}

fn main() {
    let args = parse_args();
    if let Some(dir) = &args.index {
        // Search only, on an index built by an earlier `--dir D --docs N` run (`D/index`).
        if let Some(catalog) = &args.link {
            link_bench(dir, catalog, args.year, args.verify);
            return;
        }
        let index = Index::open(dir).expect("open index");
        // One reference from the middle of the index, without reading every record.
        let all = index.select(&kiemchung_index::Filter::All).expect("select");
        let some_ref = all
            .iter()
            .skip(all.len() / 2)
            .take(50)
            .find_map(|a| index.doc(*a).ok()?.record.reference())
            .unwrap_or_default();
        println!("index {}: {} documents", dir.display(), all.len());
        drop(all);
        search_bench(&index, &some_ref, args.rounds);
        return;
    }
    let tmp = tempfile::tempdir().expect("temp dir");
    let base = args.dir.clone().unwrap_or_else(|| tmp.path().to_path_buf());
    if args.pdf > 0 {
        pdf_bench(&base, args.pdf);
        return;
    }
    let archive_dir = base.join("kho");
    let index_dir = base.join("index");
    let _ = std::fs::remove_dir_all(&archive_dir);
    let _ = std::fs::remove_dir_all(&index_dir);

    let t = Instant::now();
    let archive = synth::generate(&archive_dir, args.docs, 42, args.docx_every, args.pdf_every)
        .expect("generate archive");
    println!(
        "generated {} files, {:.1} MB in {:.1} s",
        archive.files.len(),
        archive.bytes as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );

    let mut opts = ingest::Options::default();
    if let Some(n) = args.commit_every {
        opts.commit_every = n;
        opts.commit_interval = Duration::ZERO;
    }
    let t = Instant::now();
    let cpu = process_cpu();
    let s = ingest::run(
        &index_dir,
        std::slice::from_ref(&archive_dir),
        &opts,
        &Quiet,
    )
    .expect("ingest");
    let secs = t.elapsed().as_secs_f64();
    println!(
        "ingest: {} added, {} failed in {:.2} s → {:.0} docs/s, {:.1} MB/s (files), {:.1} MB/s (text)",
        s.added,
        s.failed.len(),
        secs,
        s.added as f64 / secs,
        s.file_bytes as f64 / 1e6 / secs,
        s.text_bytes as f64 / 1e6 / secs
    );
    let cpu = process_cpu() - cpu;
    println!(
        "ingest CPU: {cpu:.1} s, {:.2} ms per document",
        cpu * 1e3 / s.added.max(1) as f64
    );
    for f in s.failed.iter().take(3) {
        println!("  failed: {}: {}", f.path, f.reason);
    }
    if args.docx_every == 0 && args.pdf_every == 0 {
        assert!(
            s.failed.is_empty(),
            "{} generated text files failed",
            s.failed.len()
        );
    }
    if let Some(min) = args.min_rate {
        let rate = s.added as f64 / secs;
        assert!(
            rate >= min,
            "ingest {rate:.0} docs/s is below --min-docs-per-s {min:.0}"
        );
    }
    let index_bytes = dir_size(&index_dir.join(kiemchung_index::TANTIVY_DIR));
    println!(
        "index: {:.1} MB for {:.1} MB of extracted text → {:.2}×",
        index_bytes as f64 / 1e6,
        s.text_bytes as f64 / 1e6,
        index_bytes as f64 / s.text_bytes.max(1) as f64
    );

    let t = Instant::now();
    let again = ingest::run(
        &index_dir,
        std::slice::from_ref(&archive_dir),
        &opts,
        &Quiet,
    )
    .expect("ingest");
    println!(
        "second ingest: {} unchanged, {} added in {:.2} s",
        again.unchanged,
        again.added,
        t.elapsed().as_secs_f64()
    );

    let index = Index::open(&index_dir).expect("open index");
    let some_ref = archive.docs[archive.docs.len() / 2].reference();
    search_bench(&index, &some_ref, args.rounds);
    if args.keep {
        let kept = tmp.keep();
        println!("kept {}", kept.display());
    }
}
