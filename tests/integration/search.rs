//! End-to-end tests for `kiemchung ingest`, `search` and `show`: the real binary, a temp
//! index folder per test, and a temp copy of the seeds for the tests that change files.

#![allow(clippy::unwrap_used)]

#[path = "../../examples/support/synth.rs"]
mod synth;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;

use serde_json::Value;

use crate::common::{copy_tree, fixtures, json_lines, kiemchung, run};

fn ingest(index: &Path, root: &Path) -> Value {
    let r = run(&[
        "ingest",
        root.to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(r.code == 0 || r.code == 1, "ingest failed: {}", r.stderr);
    serde_json::from_str(r.stdout.trim()).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
}

fn search(index: &Path, args: &[&str]) -> Vec<Value> {
    let mut all = vec![
        "search",
        "--index",
        index.to_str().unwrap(),
        "--format",
        "json",
    ];
    all.extend_from_slice(args);
    let r = run(&all);
    // 1 = nothing found (like grep); 2 would be an error.
    assert!(r.code == 0 || r.code == 1, "search {args:?}: {}", r.stderr);
    assert_eq!(r.code == 1, r.stdout.trim().is_empty(), "search {args:?}");
    json_lines(&r.stdout)
}

fn file_names(hits: &[Value]) -> Vec<String> {
    hits.iter()
        .map(|h| {
            Path::new(h["path"].as_str().unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

fn counts(s: &Value) -> (u64, u64, u64, usize, usize, usize, u64) {
    (
        s["added"].as_u64().unwrap(),
        s["updated"].as_u64().unwrap(),
        s["unchanged"].as_u64().unwrap(),
        s["moved"].as_array().unwrap().len(),
        s["removed"].as_array().unwrap().len(),
        s["failed"].as_array().unwrap().len(),
        s["documents"].as_u64().unwrap(),
    )
}

fn seeds_index() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let s = ingest(&dir.path().join("idx"), &fixtures().join("seeds"));
    assert_eq!(counts(&s), (5, 0, 0, 0, 0, 0, 5));
    dir
}

#[test]
fn folded_query_finds_every_seed() {
    let dir = seeds_index();
    let idx = dir.path().join("idx");
    let mut names = file_names(&search(&idx, &["cai cach hanh chinh"]));
    names.sort();
    assert_eq!(
        names,
        vec![
            "000_ef15852ca764143c.txt",
            "001_d93c6eac50e12396.txt",
            "002_7c45b691b63468a8.txt",
            "003_8ad50b52758cab30.txt",
            "004_194654e3eeeb3fd5.txt",
        ]
    );
    // Highlights are byte offsets into the snippet text, on the accented words.
    let hits = search(&idx, &["hoi nghi cong bo"]);
    assert_eq!(file_names(&hits)[0], "003_8ad50b52758cab30.txt");
    let snippet = &hits[0]["snippet"];
    let text = snippet["text"].as_str().unwrap();
    let marked: Vec<String> = snippet["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let (a, b) = (
                r[0].as_u64().unwrap() as usize,
                r[1].as_u64().unwrap() as usize,
            );
            text[a..b].to_lowercase()
        })
        .collect();
    assert!(
        marked
            .windows(4)
            .any(|w| w == ["hội", "nghị", "công", "bố"]),
        "{marked:?} in {text}"
    );
}

#[test]
fn reference_query_returns_its_document_first() {
    let dir = seeds_index();
    let idx = dir.path().join("idx");
    for q in ["47/UBND-TTHC", "47/ubnd-tthc"] {
        let names = file_names(&search(&idx, &[q]));
        assert_eq!(
            names.first().map(String::as_str),
            Some("000_ef15852ca764143c.txt"),
            "{q}"
        );
    }
    // Syntax characters never make a query fail.
    for q in ["(", "\"", "AND OR NOT", "title:x^2 *"] {
        search(&idx, &[q]);
    }
}

#[test]
fn type_filter_keeps_only_that_type() {
    let dir = seeds_index();
    let idx = dir.path().join("idx");
    let names = file_names(&search(
        &idx,
        &["cải cách hành chính", "--type", "Thông báo"],
    ));
    assert_eq!(names, vec!["003_8ad50b52758cab30.txt"]);
}

#[test]
fn show_prints_the_record_by_path() {
    let dir = seeds_index();
    let idx = dir.path().join("idx");
    let path = fixtures().join("seeds/000_ef15852ca764143c.txt");
    let r = run(&[
        "show",
        path.to_str().unwrap(),
        "--index",
        idx.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(
        v["path"]
            .as_str()
            .unwrap()
            .ends_with("000_ef15852ca764143c.txt")
    );
    assert!(
        v["text"]
            .as_str()
            .unwrap()
            .contains("Kho bạc Nhà nước Quảng Ngãi")
    );
    assert_eq!(v["record"]["format"], "txt");
    let missing = run(&["show", "999/XX-YY", "--index", idx.to_str().unwrap()]);
    // Nothing found answers the question: 1, not the 2 of an error.
    assert_eq!(missing.code, 1);
    assert!(
        missing.stderr.contains("không tìm thấy"),
        "{}",
        missing.stderr
    );
}

#[test]
fn ingest_is_incremental_and_tracks_edits_moves_and_deletions() {
    let dir = tempfile::tempdir().unwrap();
    let kho = dir.path().join("kho");
    copy_tree(&fixtures().join("seeds"), &kho);
    let idx = dir.path().join("idx");
    // Reviewer data kept by other commands in the index folder must survive everything.
    std::fs::create_dir_all(&idx).unwrap();
    std::fs::write(idx.join("decisions.json"), "[]").unwrap();

    assert_eq!(counts(&ingest(&idx, &kho)), (5, 0, 0, 0, 0, 0, 5));
    assert_eq!(counts(&ingest(&idx, &kho)), (0, 0, 5, 0, 0, 0, 5));

    // Rewritten with the same bytes (new mtime): hashed, still unchanged, and not hashed
    // again next time.
    let touched = kho.join("000_ef15852ca764143c.txt");
    let bytes = std::fs::read(&touched).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&touched, bytes).unwrap();
    assert_eq!(counts(&ingest(&idx, &kho)), (0, 0, 5, 0, 0, 0, 5));
    assert_eq!(counts(&ingest(&idx, &kho)), (0, 0, 5, 0, 0, 0, 5));

    // Edit one file: exactly one record replaced.
    let edited = kho.join("002_7c45b691b63468a8.txt");
    let mut text = std::fs::read_to_string(&edited).unwrap();
    text.push_str("\nPhụ lục bổ sung: quyết toán kinh phí xylophon.\n");
    std::fs::write(&edited, text).unwrap();
    assert_eq!(counts(&ingest(&idx, &kho)), (0, 1, 4, 0, 0, 0, 5));
    assert_eq!(
        file_names(&search(&idx, &["xylophon"])),
        vec!["002_7c45b691b63468a8.txt"]
    );

    // Rename one: recognised by hash, reported as moved, not duplicated.
    std::fs::create_dir_all(kho.join("2023")).unwrap();
    let moved_to = kho.join("2023/thong-bao-ket-luan.txt");
    std::fs::rename(kho.join("003_8ad50b52758cab30.txt"), &moved_to).unwrap();
    let s = ingest(&idx, &kho);
    assert_eq!(counts(&s), (0, 0, 4, 1, 0, 0, 5));
    assert!(
        s["moved"][0]["to"]
            .as_str()
            .unwrap()
            .ends_with("thong-bao-ket-luan.txt")
    );
    let names = file_names(&search(&idx, &["hoi nghi cong bo"]));
    assert_eq!(names[0], "thong-bao-ket-luan.txt");
    assert!(
        !names.contains(&"003_8ad50b52758cab30.txt".to_owned()),
        "{names:?}"
    );

    // Delete one: its record goes.
    std::fs::remove_file(kho.join("004_194654e3eeeb3fd5.txt")).unwrap();
    let s = ingest(&idx, &kho);
    assert_eq!(counts(&s), (0, 0, 4, 0, 1, 0, 4));
    assert!(
        s["removed"][0]
            .as_str()
            .unwrap()
            .ends_with("004_194654e3eeeb3fd5.txt")
    );
    assert!(
        !file_names(&search(&idx, &["cai cach hanh chinh"]))
            .contains(&"004_194654e3eeeb3fd5.txt".to_owned())
    );

    // Ingesting another root leaves these documents alone.
    let other = dir.path().join("other");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("ghi-chu.txt"), "Ghi chú về tiếp công dân.\n").unwrap();
    assert_eq!(counts(&ingest(&idx, &other)), (1, 0, 0, 0, 0, 0, 5));

    // A bad file is reported, listed in the report file, and does not stop the batch.
    std::fs::write(kho.join("hong.docx"), b"PK\x03\x04 not really a zip").unwrap();
    let s = ingest(&idx, &kho);
    assert_eq!(counts(&s).5, 1);
    assert_eq!(counts(&s).6, 5);
    let report = std::fs::read_to_string(idx.join("ingest-report.txt")).unwrap();
    assert!(report.contains("hong.docx"), "{report}");
    assert!(idx.join("decisions.json").is_file());
}

#[test]
fn killed_ingest_is_completed_by_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    let kho = dir.path().join("kho");
    const N: usize = 3000;
    synth::generate(&kho, N, 7, 0, 0).unwrap();
    let idx = dir.path().join("idx");
    let mut child = kiemchung()
        .args([
            "ingest",
            kho.to_str().unwrap(),
            "--index",
            idx.to_str().unwrap(),
        ])
        .args(["--commit-every", "50", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the first commit is on disk, then SIGKILL.
    let stderr = child.stderr.take().unwrap();
    let mut lines = BufReader::new(stderr).lines();
    let committed = lines.any(|l| l.map(|l| l.contains("đã lưu")).unwrap_or(false));
    assert!(committed, "ingest never reported a commit");
    child.kill().unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout).trim().is_empty(),
        "the ingest finished before it could be killed; make the archive bigger"
    );

    // The index left behind opens.
    let partial = run(&[
        "search",
        "--index",
        idx.to_str().unwrap(),
        "--format",
        "json",
        "kho",
    ]);
    assert_eq!(partial.code, 0, "{}", partial.stderr);

    let s = ingest(&idx, &kho);
    let (added, updated, unchanged, moved, removed, failed, documents) = counts(&s);
    assert_eq!(documents, N as u64);
    assert_eq!(added + unchanged, N as u64);
    assert!(unchanged >= 50, "the committed work was kept: {s}");
    assert_eq!((updated, moved, removed, failed), (0, 0, 0, 0));
    // No duplicate: a sentence unique to one document finds exactly one.
    let hits = search(&idx, &["\"văn bản số 1234 của kho\""]);
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(
        counts(&ingest(&idx, &kho)),
        (0, 0, N as u64, 0, 0, 0, N as u64)
    );
}
