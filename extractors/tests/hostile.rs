//! The hostile corpus (`fixtures/hostile/`, written by `fixtures/tools/make_hostile.py`): every
//! file goes through `extract_file` within a small budget and must give a record or an error
//! record with the expected code — never a panic, never a hang, never the whole budget of a
//! machine. `EXPECT.tsv` beside the files says what each must give and why.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use kiemchung_extractors::{Extraction, Options, extract_file};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

/// The budget every hostile file runs under.
fn budget() -> Options {
    Options {
        max_file_time: Some(Duration::from_secs(5)),
        max_text_bytes: 256 << 10,
        ..en()
    }
}

/// Wall time after which a file counts as a hang: the budget plus room for what cannot be
/// interrupted (loading a PDF, building an HTML tree) on a loaded 2-core machine in debug.
const HANG: Duration = Duration::from_secs(30);

/// Runs `extract_file` on its own thread; `None` if it did not finish within [`HANG`].
fn run(path: &Path, opts: &Options) -> Option<(Extraction, Duration)> {
    let (tx, rx) = mpsc::channel();
    let (path, opts) = (path.to_path_buf(), opts.clone());
    std::thread::spawn(move || {
        let t = Instant::now();
        let ex = extract_file(&path, &opts);
        let _ = tx.send((ex, t.elapsed()));
    });
    rx.recv_timeout(HANG).ok()
}

struct Expect {
    file: String,
    expect: String,
    code: String,
}

fn expectations() -> Vec<Expect> {
    let tsv = std::fs::read_to_string(repo().join("fixtures/hostile/EXPECT.tsv"))
        .expect("fixtures/hostile/EXPECT.tsv (run python3 fixtures/tools/make_hostile.py)");
    tsv.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut f = l.split('\t');
            let mut next = || f.next().unwrap_or("").to_owned();
            Expect {
                file: next(),
                expect: next(),
                code: next(),
            }
        })
        .collect()
}

#[test]
fn every_hostile_file_gives_a_record_or_a_clear_error_within_budget() {
    let all = expectations();
    assert!(
        all.len() >= 30,
        "the hostile corpus lost files: {}",
        all.len()
    );
    let opts = budget();
    let mut failures = Vec::new();
    for e in &all {
        let path = repo().join("fixtures/hostile").join(&e.file);
        let before = std::fs::read(&path).expect("hostile file present");
        let Some((ex, took)) = run(&path, &opts) else {
            failures.push(format!("{}: still running after {HANG:?} (hang)", e.file));
            continue;
        };
        let rec = &ex.record;
        let err = rec.error.as_deref();
        eprintln!(
            "{:32} {:>6} ms  error={:?} warnings={:?}",
            e.file,
            took.as_millis(),
            err,
            rec.warnings
        );
        if let Some(msg) = err
            && msg.contains("internal error")
        {
            failures.push(format!("{}: a reader panicked: {msg}", e.file));
        }
        match (e.expect.as_str(), err) {
            ("ok", Some(msg)) => failures.push(format!("{}: expected a record, got {msg}", e.file)),
            ("error", None) => failures.push(format!("{}: expected an error record", e.file)),
            ("ok" | "error" | "any", _) => {}
            (other, _) => failures.push(format!("{}: unknown expectation {other}", e.file)),
        }
        if e.code != "-" && !rec.warnings.iter().any(|w| w == &e.code) {
            failures.push(format!(
                "{}: warning {} missing (got {:?})",
                e.file, e.code, rec.warnings
            ));
        }
        if err.is_some_and(str::is_empty) {
            failures.push(format!("{}: empty error message", e.file));
        }
        assert!(
            ex.text.len() <= opts.max_text_bytes,
            "{}: text over cap",
            e.file
        );
        assert_eq!(
            std::fs::read(&path).ok(),
            Some(before),
            "{}: input modified",
            e.file
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn an_expired_budget_turns_every_reader_into_an_error_record_naming_it() {
    // A zero budget is over as soon as the reader first asks: every format must ask (and say
    // so with the stable code), not only the fast ones.
    let opts = Options {
        max_file_time: Some(Duration::ZERO),
        ..en()
    };
    let files = [
        "fixtures/corpus/d01-bt-ubnd-cv-3083-2025.docx",
        "fixtures/cases/cv_oneline.txt",
        "fixtures/hostile/html_deep_nesting.html",
        "fixtures/hostile/rtf_many_fonts.rtf",
        "fixtures/hostile/pdf_many_operators.pdf",
        "fixtures/doc/000_ef15852ca764143c.doc",
        "fixtures/pdf-signed/000_ef15852ca764143c.pdf",
    ];
    for f in files {
        let path = repo().join(f);
        assert!(path.exists(), "{f} missing");
        std::thread::sleep(Duration::from_millis(1));
        let ex = extract_file(&path, &opts);
        let err = ex.record.error.as_deref().unwrap_or("");
        assert!(
            err.contains("time budget of 0 s") && err.contains("--max-file-seconds"),
            "{f}: {err:?}"
        );
        assert_eq!(ex.record.warnings, vec!["time_budget_exceeded"], "{f}");
    }
}

/// Options whose error messages are in English (the `Display` text) — what these tests
/// match; the default (Vietnamese) wording is tested in `errors_speak_vietnamese_by_default`.
fn en() -> Options {
    Options {
        english: true,
        ..Options::default()
    }
}
