//! `.doc` (Word 97–2003) reader benchmark against DOCX of the same document, and `antiword`.
//!
//! ```text
//! cargo run --release -p kiemchung-extractors --example bench_doc -- fixtures/doc fixtures/docx fixtures/pdf
//! ```
//!
//! For every `NAME.doc` in the first directory with a `NAME.docx` in the second: both readers
//! timed in-process (text only, and the whole extraction with the parsers), repeated until
//! each has run at least 50 times and 0.3 s. Pages come from the PDF twin `NAME.pdf` in the
//! third directory (the same document laid out by the same office suite), so the numbers are
//! per page. `antiword` (one process per file, as users run it) is timed for reference when it
//! is installed. Token recall of the `.doc` text against the DOCX text checks both read the
//! same words.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use kiemchung_extractors::text::token_recall;
use kiemchung_extractors::{Format, Options, extract_bytes, readers};

fn time_it(mut f: impl FnMut()) -> Duration {
    f();
    let start = Instant::now();
    let mut n = 0u32;
    while n < 50 || start.elapsed() < Duration::from_millis(300) {
        f();
        n += 1;
    }
    start.elapsed() / n
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [doc_dir, docx_dir, pdf_dir] = &args[..] else {
        eprintln!("usage: bench_doc DOC_DIR DOCX_DIR PDF_DIR");
        std::process::exit(2);
    };
    let opts = Options::default();
    let mut names: Vec<String> = std::fs::read_dir(doc_dir)
        .expect("doc dir")
        .filter_map(|e| {
            let p = e.ok()?.path();
            if p.extension()? != "doc" {
                return None;
            }
            Some(p.file_stem()?.to_string_lossy().into_owned())
        })
        .collect();
    names.sort();
    let has_antiword = Command::new("antiword").arg("-h").output().is_ok();
    let (mut pages, mut t_doc, mut t_docx, mut x_doc, mut x_docx, mut t_anti) = (
        0u32,
        Duration::ZERO,
        Duration::ZERO,
        Duration::ZERO,
        Duration::ZERO,
        Duration::ZERO,
    );
    println!(
        "{:<28} {:>5} {:>10} {:>10} {:>10} {:>10} {:>10} {:>7}",
        "document", "pages", "doc µs", "docx µs", "doc+parse", "docx+parse", "antiword", "recall"
    );
    for name in &names {
        let doc_path = Path::new(doc_dir).join(format!("{name}.doc"));
        let docx_path = Path::new(docx_dir).join(format!("{name}.docx"));
        let (Ok(doc), Ok(docx)) = (std::fs::read(&doc_path), std::fs::read(&docx_path)) else {
            continue;
        };
        let p = std::fs::read(Path::new(pdf_dir).join(format!("{name}.pdf")))
            .ok()
            .and_then(|b| readers::pdf::read(&b).ok())
            .and_then(|r| r.pages)
            .unwrap_or(1);
        let doc_text = readers::read(&doc, Format::Doc, &opts)
            .expect("doc reads")
            .text;
        let docx_text = readers::read(&docx, Format::Docx, &opts)
            .expect("docx reads")
            .text;
        let recall = token_recall(&docx_text, &doc_text);
        let a = time_it(|| {
            let _ = readers::read(&doc, Format::Doc, &opts);
        });
        let b = time_it(|| {
            let _ = readers::read(&docx, Format::Docx, &opts);
        });
        let c = time_it(|| {
            let _ = extract_bytes("x.doc", &doc, Format::Doc, &opts);
        });
        let d = time_it(|| {
            let _ = extract_bytes("x.docx", &docx, Format::Docx, &opts);
        });
        let anti = if has_antiword {
            let start = Instant::now();
            for _ in 0..5 {
                let _ = Command::new("antiword")
                    .arg("-m")
                    .arg("UTF-8.txt")
                    .arg(&doc_path)
                    .output();
            }
            start.elapsed() / 5
        } else {
            Duration::ZERO
        };
        println!(
            "{:<28} {:>5} {:>10.0} {:>10.0} {:>10.0} {:>10.0} {:>10.0} {:>6.1}%",
            name,
            p,
            a.as_secs_f64() * 1e6,
            b.as_secs_f64() * 1e6,
            c.as_secs_f64() * 1e6,
            d.as_secs_f64() * 1e6,
            anti.as_secs_f64() * 1e6,
            recall * 100.0
        );
        pages += p;
        t_doc += a;
        t_docx += b;
        x_doc += c;
        x_docx += d;
        t_anti += anti;
    }
    let per_s = |t: Duration| f64::from(pages) / t.as_secs_f64().max(1e-12);
    println!(
        "\n{pages} pages: text only — .doc {:.0} pages/s, .docx {:.0} pages/s ({:.2}× as fast); \
         with parsing — .doc {:.0} pages/s, .docx {:.0} pages/s; antiword {:.0} pages/s",
        per_s(t_doc),
        per_s(t_docx),
        t_docx.as_secs_f64() / t_doc.as_secs_f64().max(1e-12),
        per_s(x_doc),
        per_s(x_docx),
        per_s(t_anti),
    );
}
