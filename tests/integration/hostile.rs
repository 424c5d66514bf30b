//! End-to-end: the hostile corpus (`fixtures/hostile/`) through `extract` and `ingest`, and the
//! budget flags. A batch with hostile files still gives a line per file and commits the good
//! documents; the budgets are set from the command line.

use std::path::Path;

use serde_json::Value;

use crate::common::{copy_tree, fixtures, json_lines, run};

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn extract_gives_a_line_per_hostile_file_and_names_each_failure() {
    let dir = fixtures().join("hostile");
    let r = run(&[
        "extract",
        p(&dir),
        "--max-file-seconds",
        "10",
        "--max-text-mb",
        "1",
    ]);
    assert_eq!(r.code, 1, "some hostile files are errors: {}", r.stderr);
    let lines = json_lines(&r.stdout);
    let records: Vec<&Value> = lines.iter().filter(|v| v.get("sha256").is_some()).collect();
    // 37 hostile files and EXPECT.tsv, one line each: 33 documents are records; the XLSX,
    // the TSV and (until an image reader exists) the 3 images are skips with a reason.
    assert_eq!(lines.len(), 38, "{}", r.stdout);
    assert!(records.len() >= 33, "{}", r.stdout);
    for rec in &records {
        let err = rec["error"].as_str().unwrap_or("");
        assert!(
            !err.contains("internal error") && !err.contains("lỗi nội bộ"),
            "a reader panicked: {rec}"
        );
        if !err.is_empty() {
            let name = Path::new(rec["source"].as_str().unwrap())
                .file_name()
                .unwrap();
            assert!(
                r.stderr.contains(name.to_str().unwrap()),
                "failure not named on stderr: {name:?}"
            );
        }
    }
    let bomb = records
        .iter()
        .find(|v| {
            v["source"]
                .as_str()
                .unwrap()
                .ends_with("docx_zip_bomb.docx")
        })
        .unwrap();
    assert_eq!(bomb["warnings"], serde_json::json!(["decompression_limit"]));
}

#[test]
fn max_text_mb_caps_a_long_one_line_text() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("mot-dong.txt");
    std::fs::write(&f, "Quảng Ngãi cải cách hành chính ".repeat(100_000)).unwrap(); // 3.6 MB
    let warnings = |extra: &[&str]| {
        let mut args = vec!["extract", p(&f)];
        args.extend_from_slice(extra);
        let r = run(&args);
        assert_eq!(r.code, 0, "{}", r.stderr);
        json_lines(&r.stdout)[0]["warnings"].clone()
    };
    assert!(
        warnings(&["--max-text-mb", "1"])
            .as_array()
            .unwrap()
            .contains(&"text_capped".into())
    );
    assert!(
        !warnings(&[])
            .as_array()
            .unwrap()
            .contains(&"text_capped".into())
    );
    let bad = run(&["extract", p(&f), "--max-text-mb", "0"]);
    assert_eq!(bad.code, 2, "0 MB is a usage error: {}", bad.stderr);
}

#[test]
fn ingest_commits_the_good_documents_beside_hostile_ones() {
    let dir = tempfile::tempdir().unwrap();
    let kho = dir.path().join("kho");
    copy_tree(&fixtures().join("seeds"), &kho);
    copy_tree(&fixtures().join("hostile"), &kho.join("hostile"));
    let idx = dir.path().join("idx");
    let r = run(&[
        "ingest",
        p(&kho),
        "--index",
        p(&idx),
        "--format",
        "json",
        "--max-file-seconds",
        "10",
    ]);
    assert_eq!(r.code, 1, "hostile files fail: {}", r.stderr);
    let s: Value = serde_json::from_str(r.stdout.trim()).unwrap();
    let failed = s["failed"].as_array().unwrap();
    assert!(failed.len() >= 10, "{failed:?}");
    assert!(
        failed
            .iter()
            .all(|f| f["path"].as_str().unwrap().contains("hostile")),
        "{failed:?}"
    );
    // The 5 seed documents and the readable hostile files are in the index.
    let seeds = std::fs::read_dir(fixtures().join("seeds"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "txt")
        })
        .count();
    assert!(s["added"].as_u64().unwrap() as usize >= seeds, "{s}");
    let found = run(&[
        "search",
        "Quảng Ngãi",
        "--index",
        p(&idx),
        "--format",
        "json",
    ]);
    assert_eq!(found.code, 0, "{}", found.stderr);
}
