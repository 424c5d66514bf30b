//! OCR benchmark: seconds per scanned document for the record (`--ocr header`) and per page
//! for the full text (`--ocr auto`), without a cache, one file at a time.
//!
//! ```text
//! cargo run --release -p kiemchung-extractors --example bench_ocr -- fixtures/corpus/s*.pdf fixtures/corpus/s*.jpg
//! ```
//!
//! Wall time and the CPU time of the Tesseract processes (what one core spends) are both
//! printed: on a shared machine the wall time also counts waiting for a core. Cache and
//! ingest figures come from `kiemchung ingest` run twice (see the README's OCR section).

use std::path::Path;
use std::time::Instant;

use kiemchung_extractors::ocr::{OcrMode, OcrOptions};
use kiemchung_extractors::{Options, extract_file};

/// CPU seconds used so far by this process's waited-for children (the Tesseract runs).
fn children_cpu() -> f64 {
    // /proc/self/stat fields 16 and 17: cutime and cstime in clock ticks (100 per second on
    // Linux).
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = after.split_whitespace().collect();
    let tick = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (tick(13) + tick(14)) / 100.0
}

fn run(path: &Path, mode: OcrMode) -> (f64, f64, u32) {
    let opts = Options {
        ocr: OcrOptions { mode, cache: None },
        ..Options::default()
    };
    let cpu = children_cpu();
    let start = Instant::now();
    let ex = extract_file(path, &opts);
    let wall = start.elapsed().as_secs_f64();
    (wall, children_cpu() - cpu, ex.record.pages.unwrap_or(1))
}

fn main() {
    if let Err(e) = kiemchung_extractors::ocr::tesseract::available() {
        eprintln!("bench_ocr needs Tesseract with the Vietnamese model: {e}");
        std::process::exit(2);
    }
    let files: Vec<String> = std::env::args().skip(1).collect();
    let (mut hw, mut hc, mut fw, mut fc, mut pages) = (0.0, 0.0, 0.0, 0.0, 0u32);
    println!("file\theader wall s\theader cpu s\tfull wall s\tfull cpu s\tpages");
    for f in &files {
        let p = Path::new(f);
        let (w1, c1, _) = run(p, OcrMode::Header);
        let (w2, c2, n) = run(p, OcrMode::Auto);
        println!("{f}\t{w1:.2}\t{c1:.2}\t{w2:.2}\t{c2:.2}\t{n}");
        hw += w1;
        hc += c1;
        fw += w2;
        fc += c2;
        pages += n;
    }
    let docs = files.len().max(1) as f64;
    let pages = f64::from(pages.max(1));
    println!(
        "record (header first): {:.2} s/doc wall, {:.2} s/doc engine CPU; full text: {:.2} s/page wall, {:.2} s/page engine CPU ({} docs, {} pages)",
        hw / docs,
        hc / docs,
        fw / pages,
        fc / pages,
        files.len(),
        pages
    );
}
