//! Benchmark of the index on a synthetic archive.
//!
//! ```text
//! cargo run --release --example bench_archive -- --docs 100000 [--dir /tmp/kho] [--keep]
//! ```
//!
//! Generates `--docs` documents (TXT, with a share of DOCX and PDF) shaped like the seeds,
//! ingests them with the real `kiemchung ingest` code path, then reports ingest documents/s
//! and MB/s, index size against the extracted text, a second (unchanged) ingest, and search
//! latency p50/p95 over a fixed query set. A benchmark, not a test: nothing here asserts.

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
}

fn parse_args() -> Args {
    let mut a = Args {
        docs: 10_000,
        dir: None,
        keep: false,
        docx_every: 50,
        pdf_every: 100,
        rounds: 20,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut num = |name: &str| -> usize {
            it.next()
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| panic!("{name} needs a number"))
        };
        match arg.as_str() {
            "--docs" => a.docs = num("--docs"),
            "--docx-every" => a.docx_every = num("--docx-every"),
            "--pdf-every" => a.pdf_every = num("--pdf-every"),
            "--rounds" => a.rounds = num("--rounds"),
            "--dir" => a.dir = it.next().map(PathBuf::from),
            "--keep" => a.keep = true,
            other => panic!("unknown argument {other}"),
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

fn pct(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn main() {
    let args = parse_args();
    let tmp = tempfile::tempdir().expect("temp dir");
    let base = args.dir.clone().unwrap_or_else(|| tmp.path().to_path_buf());
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

    let opts = ingest::Options::default();
    let t = Instant::now();
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
    for f in s.failed.iter().take(3) {
        println!("  failed: {}: {}", f.path, f.reason);
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
            q(&some_ref),
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
    let mut per_query = vec![Vec::new(); queries.len()];
    for _ in 0..args.rounds {
        for (k, q) in queries.iter().enumerate() {
            let t = Instant::now();
            let hits = index.search(q).expect("search");
            times.push(t.elapsed());
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
        args.rounds,
        pct(&times, 0.50).as_secs_f64() * 1e3,
        pct(&times, 0.95).as_secs_f64() * 1e3,
        times.last().map(|d| d.as_secs_f64() * 1e3).unwrap_or(0.0)
    );
    let hits = index.search(&queries[10]).expect("search");
    println!(
        "reference query {some_ref}: first hit {}",
        hits.first()
            .and_then(|h| h.doc.record.reference())
            .unwrap_or_else(|| "—".into())
    );
    if args.keep {
        let kept = tmp.keep();
        println!("kept {}", kept.display());
    }
}
