//! Old archives end to end: legacy encodings, `.doc`/`.rtf`, counted skips, file names that
//! are not UTF-8.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::common::{fixtures, json_lines, run};

fn records(path: &Path) -> BTreeMap<String, Value> {
    let out = run(&["extract", "--format", "json", path.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    json_lines(&out.stdout)
        .into_iter()
        .filter(|r| r.get("skipped").is_none())
        .map(|r| {
            let name = Path::new(r["source"].as_str().unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (name, r)
        })
        .collect()
}

#[test]
fn legacy_fixtures_decode_byte_exact_to_their_unicode_twins() {
    use kiemchung_extractors::legacy::{Legacy, decode_unknown};
    let root = fixtures().join("legacy");
    let mut checked = 0;
    for (dir, want) in [
        ("tcvn3", Legacy::Tcvn3),
        ("vni", Legacy::Vni),
        ("viscii", Legacy::Viscii),
        ("vps", Legacy::Vps),
    ] {
        for e in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = e.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            let twin =
                std::fs::read_to_string(root.join("unicode").join(path.file_name().unwrap()))
                    .unwrap();
            let (enc, text) = decode_unknown(&bytes);
            assert_eq!(enc, want, "{}", path.display());
            assert!(
                text == twin,
                "{} does not decode to its twin",
                path.display()
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 20);
}

#[test]
fn legacy_twins_give_the_same_records_as_unicode() {
    const FIELDS: [&str; 12] = [
        "doc_type",
        "number",
        "symbol",
        "issuer",
        "issuer_parent",
        "place",
        "date",
        "subject",
        "recipients",
        "cc",
        "signer",
        "citations",
    ];
    let root = fixtures().join("legacy");
    let unicode = records(&root.join("unicode"));
    let mut compared = 0;
    for (dir, enc) in [
        ("tcvn3", "TCVN3"),
        ("vni", "VNI"),
        ("viscii", "VISCII"),
        ("vps", "VPS"),
        ("rtf", ""),
    ] {
        for (name, rec) in records(&root.join(dir)) {
            let stem = name.rsplit_once('.').unwrap().0.to_owned();
            let twin = &unicode[&format!("{stem}.txt")];
            for f in FIELDS {
                assert_eq!(rec[f], twin[f], "{dir}/{name} {f}");
            }
            if !enc.is_empty() {
                assert_eq!(rec["legacy_encodings"][0], enc, "{dir}/{name}");
                assert!(
                    rec["warnings"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|w| w == "legacy_encoding"),
                    "{dir}/{name}"
                );
            }
            compared += 1;
        }
    }
    assert_eq!(compared, 22);
}

#[test]
fn every_fixture_file_gives_one_record_or_one_counted_skip() {
    let out = run(&["extract", "--format", "json", fixtures().to_str().unwrap()]);
    let lines = json_lines(&out.stdout);
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for l in &lines {
        *seen
            .entry(l["source"].as_str().unwrap().to_owned())
            .or_default() += 1;
    }
    let mut files = 0;
    for e in walkdir::WalkDir::new(fixtures()) {
        let e = e.unwrap();
        if !e.file_type().is_file() {
            continue;
        }
        let key = e.path().to_str().unwrap().to_owned();
        assert_eq!(seen.get(&key), Some(&1), "{key}: one line expected");
        files += 1;
    }
    assert_eq!(lines.len(), files, "no line without a file");
    // Only the legacy fixtures are legacy: the corpus names .VnTime/VNI-Times fonts but
    // stores Unicode, and its mis-mapped OCR layer (s09) is no encoding.
    for l in &lines {
        let src = l["source"].as_str().unwrap();
        let rel = Path::new(src).strip_prefix(fixtures()).unwrap();
        let legacy = l.get("legacy_encodings").is_some();
        // The RTF twin of seed 001 is Unicode (`\uN` escapes); that of 002 is TCVN3.
        let expected = rel.starts_with("legacy")
            && !rel.starts_with("legacy/unicode")
            && !rel.ends_with("001_d93c6eac50e12396.rtf");
        assert_eq!(legacy, expected, "{src}");
    }
    // The corpus .doc and .rtf are read, not skipped (those in `hostile/` are broken on
    // purpose: an error record each, tested in `hostile.rs`).
    for l in &lines {
        let src = l["source"].as_str().unwrap();
        if src.contains("/fixtures/hostile/") {
            continue;
        }
        if src.ends_with(".doc") || src.ends_with(".rtf") {
            assert!(
                l.get("skipped").is_none() && l.get("error").is_none(),
                "{l}"
            );
        }
    }
}

#[test]
fn corpus_doc_and_rtf_headers() {
    let corpus = fixtures().join("corpus");
    for name in [
        "w01-bt-vp-cv-cu-thanh-vien-2024",
        "w02-bt-ubnd-cv-giao-4362-2025",
        "r01-bt-vp-phieu-trinh-519-2025",
    ] {
        let file = std::fs::read_dir(&corpus)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| {
                p.file_stem().unwrap().to_str() == Some(name)
                    && !p.to_str().unwrap().ends_with(".json")
            })
            .unwrap();
        let rec = records(&file).into_values().next().unwrap();
        let gold: Value = serde_json::from_str(
            &std::fs::read_to_string(corpus.join(format!("{name}.gold.json"))).unwrap(),
        )
        .unwrap();
        for f in [
            "doc_type",
            "number",
            "symbol",
            "issuer",
            "place",
            "date",
            "subject",
            "recipients",
            "cc",
        ] {
            assert_eq!(rec[f], gold[f], "{name} {f}");
        }
        assert_eq!(rec["signer"], gold["signer"], "{name} signer");
    }
}

#[test]
fn doc_twins_give_the_same_records_as_docx() {
    let docx = records(&fixtures().join("docx"));
    // The seeds' twins; `doc/features/` holds small files showing one reader rule each.
    let doc: BTreeMap<String, Value> = records(&fixtures().join("doc"))
        .into_iter()
        .filter(|(_, r)| !r["source"].as_str().unwrap().contains("/features/"))
        .collect();
    assert_eq!(doc.len(), 5);
    for (name, rec) in &doc {
        let twin = &docx[&name.replace(".doc", ".docx")];
        assert_eq!(rec["format"], "doc");
        for f in [
            "doc_type",
            "number",
            "symbol",
            "issuer",
            "issuer_parent",
            "place",
            "date",
            "subject",
            "recipients",
            "cc",
            "signer",
            "citations",
            "tasks",
        ] {
            assert_eq!(rec[f], twin[f], "{name} {f}");
        }
    }
}

#[test]
fn non_utf8_names_stay_two_documents_and_reingest_unchanged() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    let seed = std::fs::read(fixtures().join("seeds/001_d93c6eac50e12396.txt")).unwrap();
    let other = std::fs::read(fixtures().join("seeds/002_7c45b691b63468a8.txt")).unwrap();
    std::fs::write(
        docs.join(std::ffi::OsStr::from_bytes(b"bad_\xff.txt")),
        &seed,
    )
    .unwrap();
    std::fs::write(
        docs.join(std::ffi::OsStr::from_bytes(b"bad_\xfe.txt")),
        &other,
    )
    .unwrap();
    let index = dir.path().join("idx");
    let args = [
        "ingest",
        docs.to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
        "--format",
        "json",
    ];
    let first: Value = serde_json::from_str(&run(&args).stdout).unwrap();
    assert_eq!(
        (first["added"].as_u64(), first["documents"].as_u64()),
        (Some(2), Some(2))
    );
    let again: Value = serde_json::from_str(&run(&args).stdout).unwrap();
    assert_eq!(
        (
            again["unchanged"].as_u64(),
            again["updated"].as_u64(),
            again["removed"].as_array().map(Vec::len)
        ),
        (Some(2), Some(0), Some(0)),
        "{again}"
    );
    // Shown with the bytes escaped.
    let out = run(&["extract", "--format", "json", docs.to_str().unwrap()]);
    let sources: Vec<String> = json_lines(&out.stdout)
        .iter()
        .map(|r| r["source"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        sources.iter().any(|s| s.ends_with("bad_\\xFE.txt")),
        "{sources:?}"
    );
    assert!(
        sources.iter().any(|s| s.ends_with("bad_\\xFF.txt")),
        "{sources:?}"
    );
}

#[test]
fn skips_are_json_lines_with_a_code() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bang.xlsx"), b"PK\x03\x04junk").unwrap();
    std::fs::create_dir(dir.path().join("scan.pdf")).unwrap();
    let out = run(&["extract", "--format", "json", dir.path().to_str().unwrap()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines = json_lines(&out.stdout);
    let kinds: Vec<&str> = lines
        .iter()
        .map(|l| l["skipped"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, vec!["unsupported_type", "folder_named_like_file"]);
    assert!(lines[0]["error"].as_str().unwrap().contains(".xlsx"));
}
