//! Extraction benchmark on one core: readers and parsers over files already in memory.
//!
//! ```text
//! cargo run --release -p kiemchung-extractors --example bench_parse -- DIR... [--rounds N] [--json]
//! ```
//!
//! Reads every file under the given directories (sorted, recursively) into memory, then
//! extracts each one `--rounds` times (default 1) on the calling thread and prints µs per
//! document and documents per second of one core. No file I/O, no index, no threads: what
//! is measured is `extract_bytes`, i.e. what `kiemchung ingest` spends per document before
//! indexing. `--json` prints each record (JSON, one per line) instead of the timing, for
//! checking that a speed-up left the output byte-identical; it is also the loop to run under
//! `valgrind --tool=callgrind` (instruction counts do not depend on the machine's load).

use std::path::{Path, PathBuf};
use std::time::Instant;

use kiemchung_extractors::{Format, Options, extract_bytes};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        out.push(dir.to_path_buf());
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn main() {
    let mut rounds = 1usize;
    let mut json = false;
    let mut paths = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--rounds" => {
                rounds = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--rounds N")
            }
            "--json" => json = true,
            _ => walk(Path::new(&a), &mut paths),
        }
    }
    let files: Vec<(String, Vec<u8>, Format)> = paths
        .iter()
        .filter_map(|p| {
            let format = Format::from_extension(p)?;
            Some((p.display().to_string(), std::fs::read(p).ok()?, format))
        })
        .collect();
    assert!(!files.is_empty(), "no readable document under {paths:?}");
    let opts = Options::default();
    if json {
        for (source, bytes, format) in &files {
            let ex = extract_bytes(source, bytes, *format, &opts);
            println!(
                "{}",
                serde_json::to_string(&ex.record).expect("record to JSON")
            );
        }
        return;
    }
    let bytes: usize = files.iter().map(|f| f.1.len()).sum();
    let start = Instant::now();
    for _ in 0..rounds {
        for (source, bytes, format) in &files {
            std::hint::black_box(extract_bytes(source, bytes, *format, &opts));
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let n = (files.len() * rounds) as f64;
    println!(
        "{} files ({:.1} MB) × {rounds}: {:.0} µs/doc, {:.0} docs/s on one core",
        files.len(),
        bytes as f64 / 1e6,
        secs / n * 1e6,
        n / secs
    );
}
