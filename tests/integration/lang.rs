//! One language per run: Vietnamese by default, English with the global `--lang en` (or
//! `KIEMCHUNG_LANG=en`) for messages, summaries, table headings and error records alike.

use std::path::Path;

use crate::common::{fixtures, json_lines, run, run_env};

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn ingest_summary_and_tasks_follow_the_language() {
    let dir = tempfile::tempdir().unwrap();
    let idx = dir.path().join("idx");
    let seeds = fixtures().join("seeds");

    let en = run(&["--lang", "en", "ingest", p(&seeds), "--index", p(&idx)]);
    assert_eq!(en.code, 0, "{}", en.stderr);
    assert!(en.stdout.contains("Ingest into"), "{}", en.stdout);
    assert!(en.stdout.contains("added:"), "{}", en.stdout);
    assert!(
        en.stdout.contains("the index holds 5 documents"),
        "{}",
        en.stdout
    );
    for vi in ["Nạp chỉ mục", "đã thêm", "chỉ mục có", "không đổi"] {
        assert!(
            !en.stdout.contains(vi),
            "{vi:?} in an English run:\n{}",
            en.stdout
        );
    }

    // The same command in the default language, nothing changed since.
    let vi = run(&["ingest", p(&seeds), "--index", p(&idx)]);
    assert_eq!(vi.code, 0, "{}", vi.stderr);
    assert!(vi.stdout.contains("Nạp chỉ mục"), "{}", vi.stdout);
    assert!(vi.stdout.contains("không đổi:"), "{}", vi.stdout);
    assert!(!vi.stdout.contains("unchanged"), "{}", vi.stdout);

    // The flag is global: after the subcommand too, and from the environment.
    let tasks = run(&[
        "tasks",
        "--index",
        p(&idx),
        "--lang",
        "en",
        "--as-of",
        "01/01/2030",
    ]);
    assert_eq!(tasks.code, 0, "{}", tasks.stderr);
    assert!(
        tasks.stdout.contains("ASSIGNEES / TASK"),
        "{}",
        tasks.stdout
    );
    assert!(
        tasks.stdout.contains("overdue (as of 01/01/2030)"),
        "{}",
        tasks.stdout
    );
    let tasks_vi = run(&["tasks", "--index", p(&idx), "--as-of", "01/01/2030"]);
    assert!(
        tasks_vi.stdout.contains("ĐƠN VỊ ĐƯỢC GIAO"),
        "{}",
        tasks_vi.stdout
    );
    assert!(tasks_vi.stdout.contains("QUÁ HẠN"), "{}", tasks_vi.stdout);

    let none = run_env(
        &["search", "--index", p(&idx), "zzzzqqqq khongco"],
        "KIEMCHUNG_LANG",
        "en",
    );
    assert!(
        none.stdout.contains("No document found."),
        "{}",
        none.stdout
    );
    let none_vi = run(&["search", "--index", p(&idx), "zzzzqqqq khongco"]);
    assert!(
        none_vi.stdout.contains("Không tìm thấy văn bản nào."),
        "{}",
        none_vi.stdout
    );
}

#[test]
fn error_records_and_errors_follow_the_language() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("rong.txt");
    std::fs::write(&empty, b"").unwrap();

    let vi = json_lines(&run(&["extract", p(&empty)]).stdout);
    assert_eq!(vi[0]["error"], "tệp rỗng");
    let en = json_lines(&run_env(&["extract", p(&empty)], "KIEMCHUNG_LANG", "en").stdout);
    assert_eq!(en[0]["error"], "empty file");

    let missing = dir.path().join("khong-co");
    let vi = run(&["ingest", p(&missing), "--index", p(&dir.path().join("i"))]);
    assert_eq!(vi.code, 2);
    assert!(
        vi.stderr.contains("lỗi: không tìm thấy thư mục nguồn"),
        "{}",
        vi.stderr
    );
    let en = run(&[
        "--lang",
        "en",
        "ingest",
        p(&missing),
        "--index",
        p(&dir.path().join("i")),
    ]);
    assert_eq!(en.code, 2);
    assert!(en.stderr.contains("error: source folder"), "{}", en.stderr);
    assert!(!en.stderr.contains("không"), "{}", en.stderr);

    // The index's own errors too.
    let nowhere_path = dir.path().join("khong-co-chi-muc");
    let nowhere = p(&nowhere_path);
    let en = run(&["--lang", "en", "search", "x", "--index", nowhere]);
    assert_eq!(en.code, 2);
    assert!(en.stderr.contains("error: no index at"), "{}", en.stderr);
    let vi = run(&["search", "x", "--index", nowhere]);
    assert!(
        vi.stderr.contains("lỗi: chưa có chỉ mục tại"),
        "{}",
        vi.stderr
    );

    // Catalog commands too.
    let catalog = fixtures().join("linking/bnv-1187-2025-tinh.toml");
    let en = run(&["--lang", "en", "criteria", "check", p(&catalog)]);
    assert_eq!(en.code, 0, "{}", en.stderr);
    assert!(
        en.stdout.contains(": valid — 134 criteria, 8 areas"),
        "{}",
        en.stdout
    );
    assert!(
        en.stdout.contains("with an evidence profile"),
        "{}",
        en.stdout
    );
    let vi = run(&["criteria", "check", p(&catalog)]);
    assert!(
        vi.stdout.contains(": hợp lệ — 134 tiêu chí, 8 lĩnh vực"),
        "{}",
        vi.stdout
    );

    // Usage errors: clap's English words, or ours in Vietnamese; exit 2 either way.
    let en = run(&["--lang", "en", "search", "--khong-co"]);
    assert_eq!(en.code, 2);
    assert!(en.stderr.contains("unexpected argument"), "{}", en.stderr);
    let vi = run(&["search", "--khong-co"]);
    assert_eq!(vi.code, 2);
    assert!(vi.stderr.contains("lỗi cách dùng"), "{}", vi.stderr);
}
