//! PDF reader benchmark against `pdftotext`.
//!
//! ```text
//! cargo run --release -p kiemchung-extractors --example bench_pdf -- fixtures/pdf fixtures/seeds
//! cargo run --release -p kiemchung-extractors --example bench_pdf -- --dump FILE.pdf
//! ```
//!
//! For every PDF in the directory: kiemchung's reader timed in-process over several
//! iterations, `pdftotext` timed as users run it (one process per file), pages per second for
//! both, and token recall of both against the TXT twin (`NAME.txt` in the seeds directory;
//! NFC, lower case, markdown emphasis removed, tokens = runs of letters and digits).

use kiemchung_extractors::text::token_recall;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use kiemchung_extractors::readers::pdf;

fn pdftotext(path: &Path) -> Option<String> {
    let out = Command::new("pdftotext")
        .arg("-enc")
        .arg("UTF-8")
        .arg(path)
        .arg("-")
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn time_it<T>(min_iters: u32, min_time: Duration, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut last = f();
    let start = Instant::now();
    let mut n = 0u32;
    while n < min_iters || start.elapsed() < min_time {
        last = f();
        n += 1;
    }
    (start.elapsed() / n, last)
}

/// `--fuzz N FILE...`: N random mutations (truncations, byte flips, splices) per file; reports
/// any panic. A development tool: the test suite runs a small deterministic version.
fn fuzz(args: &[String]) {
    let n: u64 = args.first().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut rnd = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut panics = 0;
    for path in &args[1..] {
        let bytes = std::fs::read(path).expect("read the PDF");
        for _ in 0..n {
            let mut b = bytes.clone();
            match rnd() % 3 {
                0 => b.truncate((rnd() as usize) % b.len().max(1)),
                1 => {
                    for _ in 0..1 + rnd() % 64 {
                        let i = (rnd() as usize) % b.len().max(1);
                        b[i] = rnd() as u8;
                    }
                }
                _ => {
                    let (a, c) = ((rnd() as usize) % b.len(), (rnd() as usize) % b.len());
                    let len = (rnd() as usize) % 4096;
                    let chunk: Vec<u8> = b[a..(a + len).min(b.len())].to_vec();
                    b.splice(c..c, chunk);
                }
            }
            if std::panic::catch_unwind(|| pdf::read(&b)).is_err() {
                panics += 1;
                let out = format!("/tmp/kiemchung-fuzz-{panics}.pdf");
                let _ = std::fs::write(&out, &b);
                eprintln!("panic on a mutation of {path}: saved {out}");
            }
        }
    }
    println!("{panics} panics");
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--fuzz") {
        fuzz(&args[1..]);
        return;
    }
    if args.first().map(String::as_str) == Some("--dump") {
        for path in &args[1..] {
            let bytes = std::fs::read(path).expect("read the PDF");
            match pdf::read(&bytes) {
                Ok(raw) => {
                    println!("{}", raw.text);
                    for s in &raw.stamps {
                        println!("STAMP signer={:?} time={:?}\n{}", s.signer, s.time, s.text);
                    }
                    println!("WARNINGS {:?} PAGES {:?}", raw.warnings, raw.pages);
                }
                Err(e) => println!("ERROR {e}"),
            }
        }
        return;
    }
    let pdf_dir = PathBuf::from(args.first().map_or("fixtures/pdf", String::as_str));
    let seeds = PathBuf::from(args.get(1).map_or("fixtures/seeds", String::as_str));
    let mut files: Vec<PathBuf> = std::fs::read_dir(&pdf_dir)
        .expect("read the PDF directory")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")))
        .collect();
    files.sort();
    println!(
        "{:<28} {:>5} {:>10} {:>10} {:>9} {:>9} {:>8} {:>8}",
        "file", "pages", "ours ms", "p2t ms", "ours p/s", "p2t p/s", "ours R", "p2t R"
    );
    let (mut tot_pages, mut tot_ours, mut tot_p2t) = (0u32, Duration::ZERO, Duration::ZERO);
    let (mut sum_r_ours, mut sum_r_p2t, mut n_twins) = (0.0, 0.0, 0u32);
    for path in files {
        let bytes = std::fs::read(&path).expect("read the PDF");
        let (ours, raw) = time_it(10, Duration::from_millis(500), || pdf::read(&bytes));
        let raw = match raw {
            Ok(raw) => raw,
            Err(e) => {
                println!("{}: error {e}", path.display());
                continue;
            }
        };
        let (p2t, p2t_text) = time_it(5, Duration::from_millis(300), || pdftotext(&path));
        let pages = raw.pages.unwrap_or(1).max(1);
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let twin = std::fs::read_to_string(seeds.join(format!("{stem}.txt"))).ok();
        let (r_ours, r_p2t) = match &twin {
            Some(t) => {
                let a = token_recall(t, &raw.text);
                let b = p2t_text.as_deref().map_or(0.0, |p| token_recall(t, p));
                sum_r_ours += a;
                sum_r_p2t += b;
                n_twins += 1;
                (format!("{:.2}%", a * 100.0), format!("{:.2}%", b * 100.0))
            }
            None => ("-".to_owned(), "-".to_owned()),
        };
        let pps = |d: Duration| f64::from(pages) / d.as_secs_f64();
        println!(
            "{:<28} {:>5} {:>10.2} {:>10.2} {:>9.0} {:>9.0} {:>8} {:>8}",
            stem,
            pages,
            ours.as_secs_f64() * 1e3,
            p2t.as_secs_f64() * 1e3,
            pps(ours),
            pps(p2t),
            r_ours,
            r_p2t
        );
        tot_pages += pages;
        tot_ours += ours;
        tot_p2t += p2t;
    }
    if tot_pages > 0 {
        println!(
            "TOTAL {tot_pages} pages: ours {:.0} pages/s, pdftotext {:.0} pages/s ({:.1}x); mean recall ours {:.2}%, pdftotext {:.2}%",
            f64::from(tot_pages) / tot_ours.as_secs_f64(),
            f64::from(tot_pages) / tot_p2t.as_secs_f64(),
            tot_p2t.as_secs_f64() / tot_ours.as_secs_f64(),
            sum_r_ours / f64::from(n_twins.max(1)) * 100.0,
            sum_r_p2t / f64::from(n_twins.max(1)) * 100.0,
        );
    }
}
