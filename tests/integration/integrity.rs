//! Fault tests: an index folder damaged on disk, or made by other versions, must end in a
//! clear message naming the repairing command, or in a repaired index — never in a silent
//! partial answer. Also the guards of `ingest` (missing root, mass removal, dry run) and a
//! reader that closes the pipe early.

#![allow(clippy::unwrap_used)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use serde_json::Value;

use crate::common::{Run, copy_tree, fixtures, json_lines, kiemchung, run};

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// A copy of the seeds ingested one commit per document (several segments).
fn ingested() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let kho = dir.path().join("kho");
    copy_tree(&fixtures().join("seeds"), &kho);
    let idx = dir.path().join("idx");
    let r = ingest(&idx, &kho, &["--commit-every", "1"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    (dir, kho, idx)
}

fn ingest(idx: &Path, kho: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["ingest", p(kho), "--index", p(idx), "--format", "json"];
    args.extend_from_slice(extra);
    run(&args)
}

fn summary(r: &Run) -> Value {
    serde_json::from_str(r.stdout.trim()).unwrap_or_else(|e| panic!("{e}: {r:?}"))
}

fn search(idx: &Path, q: &str) -> Run {
    run(&["search", q, "--index", p(idx), "--format", "json"])
}

fn meta_path(idx: &Path) -> PathBuf {
    idx.join("tantivy/meta.json")
}

/// Rewrites the commit payload (the version stamp) of the index.
fn edit_stamp(idx: &Path, edit: impl FnOnce(&mut Value)) {
    let mut meta: Value =
        serde_json::from_str(&std::fs::read_to_string(meta_path(idx)).unwrap()).unwrap();
    let mut stamp: Value = serde_json::from_str(meta["payload"].as_str().unwrap()).unwrap();
    edit(&mut stamp);
    meta["payload"] = Value::String(stamp.to_string());
    std::fs::write(meta_path(idx), meta.to_string()).unwrap();
}

fn segment_files(idx: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(idx.join("tantivy"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|f| f.extension().is_some_and(|e| e == ext))
        .collect();
    out.sort();
    out
}

/// The damage is named, with the command that repairs it; exit status 2.
fn assert_refused_as_damaged(r: &Run) {
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("bị hỏng"), "{}", r.stderr);
    assert!(
        r.stderr.contains("kiemchung check --repair"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.trim().is_empty(), "partial answer: {}", r.stdout);
}

/// `check --repair` then `ingest` bring back all five documents, and `check` is clean.
fn assert_repairs(idx: &Path, kho: &Path) {
    let r = run(&["check", "--index", p(idx)]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stdout.contains("hỏng:"), "{}", r.stdout);
    let r = run(&["check", "--repair", "--index", p(idx)]);
    assert!(r.code == 0 || r.code == 1, "{r:?}");
    assert!(r.stdout.contains("Đã sửa"), "{}", r.stdout);
    assert!(r.stdout.contains(p(kho)) || r.stdout.contains("kiemchung ingest"));
    let r = ingest(idx, kho, &[]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(summary(&r)["documents"], 5);
    let r = run(&["check", "--index", p(idx)]);
    assert_eq!(r.code, 0, "{r:?}");
    let r = search(idx, "cai cach hanh chinh");
    assert_eq!(r.code, 0, "{r:?}");
}

#[test]
fn segment_removed_from_meta_json_is_detected_and_repaired() {
    let (_dir, kho, idx) = ingested();
    let mut meta: Value =
        serde_json::from_str(&std::fs::read_to_string(meta_path(&idx)).unwrap()).unwrap();
    let segments = meta["segments"].as_array_mut().unwrap();
    assert!(segments.len() >= 2, "{segments:?}");
    segments.pop();
    std::fs::write(meta_path(&idx), meta.to_string()).unwrap();

    assert_refused_as_damaged(&search(&idx, "cai cach hanh chinh"));
    assert_refused_as_damaged(&ingest(&idx, &kho, &[]));
    assert_refused_as_damaged(&run(&["show", "x/UBND", "--index", p(&idx)]));
    assert_repairs(&idx, &kho);
}

#[test]
fn flipped_byte_in_store_is_detected_and_repaired() {
    let (_dir, kho, idx) = ingested();
    let store = &segment_files(&idx, "store")[0];
    let mut bytes = std::fs::read(store).unwrap();
    let at = bytes.len() / 3;
    bytes[at] ^= 0x5a;
    std::fs::write(store, bytes).unwrap();

    assert_refused_as_damaged(&search(&idx, "cai cach hanh chinh"));
    assert_refused_as_damaged(&ingest(&idx, &kho, &[]));
    let r = run(&["check", "--index", p(&idx)]);
    assert!(r.stdout.contains("sai mã kiểm tra"), "{}", r.stdout);
    assert_repairs(&idx, &kho);
}

#[test]
fn truncated_store_is_detected() {
    let (_dir, kho, idx) = ingested();
    let store = &segment_files(&idx, "store")[0];
    let bytes = std::fs::read(store).unwrap();
    std::fs::write(store, &bytes[..bytes.len() / 2]).unwrap();
    let r = search(&idx, "cai cach hanh chinh");
    assert_refused_as_damaged(&r);
    assert!(!r.stderr.contains("tantivy 0.15"), "{}", r.stderr);
    assert_repairs(&idx, &kho);
}

#[test]
fn deleted_pos_file_is_detected_and_repaired() {
    let (_dir, kho, idx) = ingested();
    std::fs::remove_file(&segment_files(&idx, "pos")[0]).unwrap();
    assert_refused_as_damaged(&search(&idx, "cai cach hanh chinh"));
    let r = run(&["check", "--index", p(&idx)]);
    assert!(r.stdout.contains("thiếu tệp"), "{}", r.stdout);
    assert_repairs(&idx, &kho);
}

#[test]
fn changed_analyzers_refuse_search_until_ingest_reindexes() {
    let (_dir, kho, idx) = ingested();
    edit_stamp(&idx, |s| s["analyzers"] = 999.into());
    let r = search(&idx, "cai cach hanh chinh");
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("bộ phân tích"), "{}", r.stderr);
    assert!(r.stderr.contains("kiemchung ingest"), "{}", r.stderr);
    assert!(r.stdout.is_empty());
    // Re-indexed from the store: nothing re-extracted, every document kept.
    let s = summary(&ingest(&idx, &kho, &[]));
    assert_eq!(s["upgraded"], 5, "{s}");
    assert_eq!(s["updated"], 0, "{s}");
    assert_eq!(s["documents"], 5, "{s}");
    let r = search(&idx, "cai cach hanh chinh");
    assert_eq!(r.code, 0, "{r:?}");
    assert!(!json_lines(&r.stdout).is_empty());
    assert_eq!(summary(&ingest(&idx, &kho, &[]))["upgraded"], 0);
}

#[test]
fn upgraded_extractor_re_extracts_stale_documents_once() {
    let (_dir, kho, idx) = ingested();
    edit_stamp(&idx, |s| s["extractor"] = "0.0.1+r0".into());
    let r = run(&["check", "--index", p(&idx)]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stdout.contains("phiên bản cũ"), "{}", r.stdout);
    let s = summary(&ingest(&idx, &kho, &[]));
    assert_eq!(s["updated"], 5, "{s}");
    assert_eq!(s["upgraded"], 5, "{s}");
    assert_eq!(s["documents"], 5, "{s}");
    let s = summary(&ingest(&idx, &kho, &[]));
    assert_eq!(
        (s["updated"].as_u64(), s["unchanged"].as_u64()),
        (Some(0), Some(5))
    );
    assert_eq!(run(&["check", "--index", p(&idx)]).code, 0);
}

#[test]
fn missing_root_is_a_usage_error_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let idx = dir.path().join("idx");
    let r = ingest(&idx, &dir.path().join("khong-co"), &[]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("khong-co"), "{}", r.stderr);
    assert!(!idx.exists(), "an index was created for a missing root");
}

#[test]
fn emptied_root_needs_allow_remove_and_dry_run_shows_it() {
    let (dir, kho, idx) = ingested();
    let away = dir.path().join("away");
    std::fs::rename(&kho, &away).unwrap();
    std::fs::create_dir_all(&kho).unwrap();
    let r = ingest(&idx, &kho, &[]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("--allow-remove"), "{}", r.stderr);
    let r = ingest(&idx, &kho, &["--dry-run"]);
    assert_eq!(r.code, 0, "{r:?}");
    let s = summary(&r);
    assert_eq!(s["removed"].as_array().unwrap().len(), 5, "{s}");
    assert_eq!(s["dry_run"], true);
    // Neither run changed anything.
    let r = search(&idx, "cai cach hanh chinh");
    assert_eq!(r.code, 0, "{r:?}");
    let s = summary(&ingest(&idx, &kho, &["--allow-remove"]));
    assert_eq!(s["documents"], 0, "{s}");
}

#[test]
fn closed_pipe_ends_quietly_with_zero() {
    let (_dir, _kho, idx) = ingested();
    let mut child = kiemchung()
        .args([
            "search",
            "cai cach hanh chinh",
            "--index",
            p(&idx),
            "-n",
            "50",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{err}");
    assert!(err.is_empty(), "{err}");
}

#[test]
fn created_files_are_readable_by_others() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, _kho, idx) = ingested();
    let mode = |f: &Path| std::fs::metadata(f).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&idx), 0o755);
    assert_eq!(mode(&idx.join("tantivy")), 0o755);
    assert_eq!(mode(&meta_path(&idx)), 0o644);
    assert_eq!(mode(&idx.join("ingest-report.txt")), 0o644);
    assert_eq!(mode(&segment_files(&idx, "store")[0]), 0o644);
}

#[test]
fn search_finding_nothing_exits_one() {
    let (_dir, _kho, idx) = ingested();
    let r = search(&idx, "xylophonzzq");
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stdout.trim().is_empty());
}

#[test]
fn copies_of_one_document_are_one_search_row_with_every_path() {
    let dir = tempfile::tempdir().unwrap();
    let kho = dir.path().join("kho");
    copy_tree(&fixtures().join("seeds"), &kho);
    let original = kho.join("000_ef15852ca764143c.txt");
    std::fs::copy(&original, kho.join("ban-sao.txt")).unwrap();
    let idx = dir.path().join("idx");
    assert_eq!(summary(&ingest(&idx, &kho, &[]))["documents"], 6);
    let r = search(&idx, "47/UBND-TTHC");
    assert_eq!(r.code, 0, "{r:?}");
    let hits = json_lines(&r.stdout);
    let rows_with_it: Vec<&Value> = hits
        .iter()
        .filter(|h| h["reference"] == "47/UBND-TTHC")
        .collect();
    assert_eq!(rows_with_it.len(), 1, "{hits:?}");
    let copies = rows_with_it[0]["copies"].as_array().unwrap();
    assert_eq!(copies.len(), 1, "{hits:?}");
    let mut paths = vec![
        rows_with_it[0]["path"].as_str().unwrap().to_owned(),
        copies[0].as_str().unwrap().to_owned(),
    ];
    paths.sort();
    assert!(paths[0].ends_with("000_ef15852ca764143c.txt"), "{paths:?}");
    assert!(paths[1].ends_with("ban-sao.txt"), "{paths:?}");
}

#[test]
fn completions_and_man_pages_come_from_the_cli() {
    // Every subcommand appears in the completions of each shell.
    for shell in ["bash", "zsh", "fish"] {
        let r = run(&["completions", shell]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        for sub in [
            "extract", "ingest", "search", "link", "audit", "criteria", "evidence",
        ] {
            assert!(r.stdout.contains(sub), "{shell}: no {sub}");
        }
    }
    assert_eq!(
        run(&["completions", "tcsh"]).code,
        2,
        "unknown shell is a usage error"
    );
    // The man page is roff, names the program and documents the commands and --color.
    let r = run(&["man"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with(".ie") || r.stdout.contains(".TH kiemchung"),
        "{:.300}",
        r.stdout
    );
    assert!(r.stdout.contains("audit") && r.stdout.contains("\\-\\-color"));
    // One page per command with --dir.
    let dir = tempfile::tempdir().expect("tmp");
    let r = run(&["man", "--dir", p(dir.path())]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for page in [
        "kiemchung.1",
        "kiemchung-search.1",
        "kiemchung-criteria-import.1",
    ] {
        let f = dir.path().join(page);
        assert!(f.is_file(), "{page} missing");
    }
}

#[test]
fn help_and_usage_errors_speak_vietnamese() {
    let r = run(&["search", "--help"]);
    assert_eq!(r.code, 0);
    for want in [
        "Cách dùng:",
        "Tùy chọn:",
        "Đối số:",
        "In trợ giúp",
        "Ban hành từ ngày",
    ] {
        assert!(r.stdout.contains(want), "no {want:?} in\n{}", r.stdout);
    }
    for english in ["Usage:", "Options:", "Print help", "Arguments:"] {
        assert!(!r.stdout.contains(english), "{english:?} in\n{}", r.stdout);
    }
    let r = run(&["serch", "x"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("không có lệnh 'serch'"), "{}", r.stderr);
    assert!(
        r.stderr.contains("gợi ý:") && r.stderr.contains("search"),
        "{}",
        r.stderr
    );
    let r = run(&["search", "--format", "xml", "x"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("'xml' không hợp lệ") && r.stderr.contains("table, json"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("error:"), "{}", r.stderr);
}

#[test]
fn index_of_an_older_format_is_rebuilt_by_ingest() {
    let (_dir, kho, idx) = ingested();
    // An older kiemchung had one field fewer: drop the last field from the stored schema.
    let mut meta: Value =
        serde_json::from_str(&std::fs::read_to_string(meta_path(&idx)).unwrap()).unwrap();
    meta["schema"].as_array_mut().unwrap().pop();
    std::fs::write(meta_path(&idx), meta.to_string()).unwrap();

    let r = search(&idx, "cải cách hành chính");
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("phiên bản kiemchung cũ"), "{}", r.stderr);
    assert!(
        r.stderr.contains("kiemchung ingest --index"),
        "{}",
        r.stderr
    );
    // A dry run changes nothing and says the same.
    let r = ingest(&idx, &kho, &["--dry-run"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(!idx.join("tantivy.old").exists());

    let r = run(&["ingest", p(&kho), "--index", p(&idx)]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("đã lập chỉ mục mới"), "{}", r.stdout);
    assert!(
        !idx.join("tantivy.old").exists(),
        "old index removed after the commit"
    );
    let r = search(&idx, "cải cách hành chính");
    assert_eq!(r.code, 0, "{r:?}");
    assert!(!json_lines(&r.stdout).is_empty());
    // The next ingest finds everything unchanged.
    let s = summary(&ingest(&idx, &kho, &[]));
    assert_eq!(s["added"], 0);
    assert_eq!(s["updated"], 0);
}

#[test]
fn tasks_take_dates_in_both_forms() {
    let (_dir, _kho, idx) = ingested();
    let tasks = |as_of: &str| {
        run(&[
            "tasks",
            "--index",
            p(&idx),
            "--as-of",
            as_of,
            "--format",
            "json",
        ])
    };
    let iso = tasks("2022-03-01");
    assert_eq!(iso.code, 0, "{iso:?}");
    assert!(
        !json_lines(&iso.stdout).is_empty(),
        "the seeds assign tasks"
    );
    assert_eq!(tasks("01/03/2022").stdout, iso.stdout);
    assert_eq!(tasks(" 1/3/2022 ").stdout, iso.stdout);
    let bad = tasks("hôm qua");
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("dd/mm/yyyy"), "{}", bad.stderr);
}
