//! Property tests: real fixtures of every format, damaged at random (bits flipped, bytes
//! inserted, ranges deleted, the file cut short), go through every reader. Whatever the
//! damage, extraction must not panic and must return within the file's time budget — a
//! record or an error record, never a crash or a stall.
//!
//! Case counts stay modest (the suite runs on 2 shared cores); raise them with
//! `PROPTEST_CASES=1000` when hunting.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use kiemchung_extractors::{Format, Options, extract_bytes};
use proptest::prelude::*;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

/// One real document per reader.
const SEEDS: &[(&str, Format)] = &[
    ("fixtures/cases/cv_oneline.txt", Format::Txt),
    ("fixtures/html/001_d93c6eac50e12396.html", Format::Html),
    (
        "fixtures/corpus/d01-bt-ubnd-cv-3083-2025.docx",
        Format::Docx,
    ),
    ("fixtures/pdf/000_ef15852ca764143c.pdf", Format::Pdf),
    ("fixtures/doc/000_ef15852ca764143c.doc", Format::Doc),
    ("fixtures/legacy/rtf/001_d93c6eac50e12396.rtf", Format::Rtf),
];

const BUDGET: Duration = Duration::from_secs(3);
/// The budget plus what cannot be interrupted, on a loaded machine in a debug build.
const WALL: Duration = Duration::from_secs(15);

#[derive(Debug, Clone)]
enum Damage {
    Flip { at: usize, bit: u8 },
    Insert { at: usize, bytes: Vec<u8> },
    Delete { at: usize, len: usize },
    Truncate { at: usize },
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        4 => (any::<usize>(), 0u8..8).prop_map(|(at, bit)| Damage::Flip { at, bit }),
        2 => (any::<usize>(), prop::collection::vec(any::<u8>(), 1..32))
            .prop_map(|(at, bytes)| Damage::Insert { at, bytes }),
        2 => (any::<usize>(), 1usize..512).prop_map(|(at, len)| Damage::Delete { at, len }),
        1 => any::<usize>().prop_map(|at| Damage::Truncate { at }),
    ]
}

fn apply(bytes: &mut Vec<u8>, d: &Damage) {
    if bytes.is_empty() {
        return;
    }
    match d {
        Damage::Flip { at, bit } => {
            let i = at % bytes.len();
            bytes[i] ^= 1 << bit;
        }
        Damage::Insert { at, bytes: ins } => {
            let i = at % (bytes.len() + 1);
            bytes.splice(i..i, ins.iter().copied());
        }
        Damage::Delete { at, len } => {
            let i = at % bytes.len();
            let end = (i + len).min(bytes.len());
            bytes.drain(i..end);
        }
        Damage::Truncate { at } => {
            let i = at % bytes.len();
            bytes.truncate(i);
        }
    }
}

fn check(seed: usize, damages: &[Damage]) -> Result<(), TestCaseError> {
    let (rel, format) = SEEDS[seed];
    let mut bytes = std::fs::read(repo().join(rel)).expect("seed fixture");
    for d in damages {
        apply(&mut bytes, d);
    }
    let opts = Options {
        max_file_time: Some(BUDGET),
        ..Options::default()
    };
    let t = Instant::now();
    // The options hold the OCR cache (a trait object): asserted unwind-safe, the test only
    // reads the result after a panic, never the options.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        extract_bytes(rel, &bytes, format, &opts)
    }));
    let took = t.elapsed();
    let ex = match result {
        Ok(ex) => ex,
        Err(_) => {
            return Err(TestCaseError::fail(format!(
                "{rel}: panic after {damages:?}"
            )));
        }
    };
    prop_assert!(took < WALL, "{rel}: {took:?} after {damages:?}");
    if let Some(err) = &ex.record.error {
        prop_assert!(!err.trim().is_empty(), "{rel}: empty error");
    }
    prop_assert!(ex.text.len() <= opts.max_text_bytes);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 24,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn damaged_txt_never_panics(d in prop::collection::vec(damage(), 1..6)) { check(0, &d)?; }

    #[test]
    fn damaged_html_never_panics(d in prop::collection::vec(damage(), 1..6)) { check(1, &d)?; }

    #[test]
    fn damaged_docx_never_panics(d in prop::collection::vec(damage(), 1..6)) { check(2, &d)?; }

    #[test]
    fn damaged_pdf_never_panics(d in prop::collection::vec(damage(), 1..6)) { check(3, &d)?; }

    #[test]
    fn damaged_doc_never_panics(d in prop::collection::vec(damage(), 1..6)) { check(4, &d)?; }

    #[test]
    fn damaged_rtf_never_panics(d in prop::collection::vec(damage(), 1..6)) { check(5, &d)?; }
}

#[test]
fn mutations_change_the_bytes() {
    // Guards the harness itself: each kind of damage really alters the input.
    let orig = b"%PDF-1.4 hello".to_vec();
    for d in [
        Damage::Flip { at: 3, bit: 0 },
        Damage::Insert {
            at: 99,
            bytes: vec![0],
        },
        Damage::Delete { at: 2, len: 3 },
        Damage::Truncate { at: 5 },
    ] {
        let mut b = orig.clone();
        apply(&mut b, &d);
        assert_ne!(b, orig, "{d:?}");
    }
}
