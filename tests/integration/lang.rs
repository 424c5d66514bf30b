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

/// A letter with a diacritic: what English output must not contain (outside the documents'
/// and the catalog's own words).
fn vietnamese_letter(s: &str) -> Option<char> {
    s.chars().find(|c| c.is_alphabetic() && !c.is_ascii())
}

#[test]
fn help_follows_the_language() {
    let en = run(&["--lang", "en", "--help"]);
    assert_eq!(en.code, 0, "{}", en.stderr);
    for want in [
        "Usage: kiemchung [OPTIONS] <COMMAND>",
        "Commands:",
        "Options:",
        "Search the index for documents, with or without diacritics",
        "Print help (-h: summary, --help: full)",
        "- vi: Vietnamese",
    ] {
        assert!(en.stdout.contains(want), "{want:?} in:\n{}", en.stdout);
    }
    assert_eq!(vietnamese_letter(&en.stdout), None, "{}", en.stdout);

    let search = run_env(&["search", "--help"], "KIEMCHUNG_LANG", "en");
    assert_eq!(search.code, 0, "{}", search.stderr);
    for want in [
        "Usage: kiemchung search [OPTIONS] [QUERY]...",
        "Arguments:",
        "Issued on or after (dd/mm/yyyy, mm/yyyy, yyyy or yyyy-mm-dd)",
        "- table: Readable table on a terminal",
    ] {
        assert!(
            search.stdout.contains(want),
            "{want:?} in:\n{}",
            search.stdout
        );
    }
    assert_eq!(vietnamese_letter(&search.stdout), None, "{}", search.stdout);

    // `help X Y`, `-h` and a value name that is a word.
    let import = run(&["--lang", "en", "help", "criteria", "import"]);
    assert_eq!(import.code, 0, "{}", import.stderr);
    assert!(
        import
            .stdout
            .starts_with("Import a criteria table in CSV/XLSX"),
        "{}",
        import.stdout
    );
    let short = run(&["ingest", "-h", "--lang", "en"]);
    assert!(
        short.stdout.contains("--max-file-seconds <SECONDS>"),
        "{}",
        short.stdout
    );
    assert_eq!(vietnamese_letter(&short.stdout), None, "{}", short.stdout);
    let wrong = run(&["--lang", "en", "help", "khong-co"]);
    assert_eq!(wrong.code, 2);
    assert!(
        wrong.stderr.contains("unrecognized subcommand"),
        "{}",
        wrong.stderr
    );

    // Vietnamese stays the default, in every form.
    let vi = run(&["search", "--help"]);
    assert!(
        vi.stdout.contains("Cách dùng: kiemchung search"),
        "{}",
        vi.stdout
    );
    assert!(vi.stdout.contains("Tùy chọn:"), "{}", vi.stdout);
    assert!(
        vi.stdout.contains("Tìm kiếm văn bản trong chỉ mục"),
        "{}",
        vi.stdout
    );
    assert!(vi.stdout.contains("[mặc định: 20]"), "{}", vi.stdout);
    for english in [
        "Usage:",
        "Options:",
        "Possible values",
        "[default:",
        "[env:",
    ] {
        assert!(
            !vi.stdout.contains(english),
            "{english:?} in:\n{}",
            vi.stdout
        );
    }
    let vi = run(&["help", "search"]);
    assert_eq!(vi.code, 0, "{}", vi.stderr);
    assert!(
        vi.stdout.contains("Cách dùng: kiemchung search"),
        "{}",
        vi.stdout
    );

    // Completions and the man page come from the same tree.
    let fish = run(&["--lang", "en", "completions", "fish"]);
    assert_eq!(fish.code, 0, "{}", fish.stderr);
    assert!(
        fish.stdout.contains("'Issued on or after"),
        "{}",
        fish.stdout
    );
    assert_eq!(vietnamese_letter(&fish.stdout), None);
    let fish_vi = run(&["completions", "fish"]);
    assert!(
        fish_vi.stdout.contains("'Ban hành từ ngày"),
        "{}",
        fish_vi.stdout
    );
    let man = run_env(&["man"], "KIEMCHUNG_LANG", "en");
    assert_eq!(man.code, 0, "{}", man.stderr);
    assert!(
        man.stdout
            .contains("Language of messages, reports and help")
    );
    assert!(!man.stdout.contains("Ngôn ngữ"), "{}", man.stdout);
}

#[test]
fn catalog_errors_follow_the_language() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("sai.toml");
    std::fs::write(
        &bad,
        "[framework]\nid = \"t\"\nname = \"T\"\nyaer = 2022\n\n[[criteria]]\ncode = \"1\"\nname = \"A\"\nmax_point = 1.0\n",
    )
    .unwrap();
    let en = run(&["--lang", "en", "criteria", "check", p(&bad)]);
    assert_eq!(en.code, 2, "{}", en.stdout);
    assert!(
        en.stderr
            .contains("line 4: unknown key `yaer` in [framework] (did you mean `year`?)"),
        "{}",
        en.stderr
    );
    assert!(
        en.stderr.contains(
            "line 9: unknown key `max_point` in criterion 1 (did you mean `max_points`?)"
        ),
        "{}",
        en.stderr
    );
    assert_eq!(vietnamese_letter(&en.stderr), None, "{}", en.stderr);
    let vi = run(&["criteria", "check", p(&bad)]);
    assert_eq!(vi.code, 2);
    assert!(
        vi.stderr
            .contains("dòng 4: khóa không biết `yaer` trong [framework] (ý là `year`?)"),
        "{}",
        vi.stderr
    );

    // Validation errors, through `link` as through `criteria check`.
    let dup = dir.path().join("trung.toml");
    std::fs::write(
        &dup,
        "[framework]\nid = \"t\"\nname = \"T\"\n[[criteria]]\ncode = \"1\"\nname = \"A\"\nmax_points = 1.0\n[[criteria]]\ncode = \"1.1\"\nname = \"B\"\nmax_points = 3.0\n",
    )
    .unwrap();
    let idx = dir.path().join("idx");
    let en = run_env(
        &["link", "--criteria", p(&dup), "--index", p(&idx)],
        "KIEMCHUNG_LANG",
        "en",
    );
    assert_eq!(en.code, 2);
    assert!(
        en.stderr.contains("the criteria catalog has 1 error:\n  - criterion 1.1: maximum points 3 exceed the maximum 1 of parent criterion 1"),
        "{}",
        en.stderr
    );
    let vi = run(&["criteria", "check", p(&dup)]);
    assert!(
        vi.stderr.contains("bộ tiêu chí có 1 lỗi:\n  - tiêu chí 1.1: điểm tối đa 3 vượt điểm tối đa 1 của tiêu chí cha 1"),
        "{}",
        vi.stderr
    );

    // A table that cannot be imported.
    let table = dir.path().join("bang.csv");
    std::fs::write(&table, "STT;Tiêu chí;Điểm tối đa\n1;Chỉ đạo;mười\n").unwrap();
    let en = run(&["--lang", "en", "criteria", "import", p(&table)]);
    assert_eq!(en.code, 2);
    assert!(
        en.stderr
            .contains("row 2: unreadable maximum points \"mười\""),
        "{}",
        en.stderr
    );
    let vi = run(&["criteria", "import", p(&table)]);
    assert!(
        vi.stderr
            .contains("dòng 2: điểm tối đa không đọc được \"mười\""),
        "{}",
        vi.stderr
    );
}

#[test]
fn link_reasons_follow_the_language() {
    let dir = tempfile::tempdir().unwrap();
    let archive = crate::linking::near_miss_archive(dir.path());
    let idx = dir.path().join("idx");
    assert_eq!(run(&["ingest", "--index", p(&idx), p(&archive)]).code, 0);
    let cat = dir.path().join("c.toml");
    let csv = fixtures().join("linking/tinh-2025.csv");
    let imported = run(&[
        "criteria",
        "import",
        p(&csv),
        "--year",
        "2025",
        "-o",
        p(&cat),
    ]);
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    let link = |lang: &str, format: &str| {
        run(&[
            "--lang",
            lang,
            "link",
            "--index",
            p(&idx),
            "--criteria",
            p(&cat),
            "--agency",
            "UBND tỉnh Lâm Đồng",
            "--explain",
            "1.1",
            "--format",
            format,
        ])
    };

    let en = link("en", "table");
    assert_eq!(en.code, 0, "{}", en.stderr);
    let out = &en.stdout;
    assert!(out.contains("312/KH-UBND"), "{out}");
    for want in [
        "basis: profile «Ban hành / thực hiện kế hoạch CCHC năm»",
        "reasons: subject has «cải cách hành chính»; type: Kế hoạch;",
        "issued by UBND tỉnh Lâm Đồng itself",
        "dated 20/12/2024 within 01/10/2024–31/12/2025",
        "near misses, not proposed:",
        "the subject names the year 2024 (evaluation year 2025)",
        "is neither UBND tỉnh Lâm Đồng nor one of its units",
        "the subject has «kiểm tra» (another kind of document)",
        "a document about the PAR Index itself",
    ] {
        assert!(out.contains(want), "{want:?} in:\n{out}");
    }
    for vi in [
        "căn cứ:",
        "lý do:",
        "trích yếu có",
        "do chính",
        "trong kỳ",
        "gần khớp",
        "mạnh",
        "vừa",
    ] {
        assert!(!out.contains(vi), "{vi:?} in an English run:\n{out}");
    }

    // JSON: the same fields and kinds; the texts inside follow the language.
    let kinds = |stdout: &str| -> Vec<serde_json::Value> {
        json_lines(stdout)
            .into_iter()
            .filter(|l| l["code"] == "1.1.1" || l["code"] == "1.1")
            .collect()
    };
    let en = kinds(&link("en", "json").stdout);
    let vi = kinds(&link("vi", "json").stdout);
    assert_eq!(en.len(), vi.len());
    let proposal = |ls: &[serde_json::Value]| -> serde_json::Value {
        ls.iter()
            .flat_map(|l| l["proposals"].as_array().cloned().unwrap_or_default())
            .next()
            .expect("a proposal")
    };
    let (pe, pv) = (proposal(&en), proposal(&vi));
    assert_eq!(pe["reasons"][0]["kind"], "basis");
    assert_eq!(
        pe["reasons"][0]["basis"],
        "profile «Ban hành / thực hiện kế hoạch CCHC năm» (ke-hoach-cchc)"
    );
    assert_eq!(
        pv["reasons"][0]["basis"],
        "hồ sơ «Ban hành / thực hiện kế hoạch CCHC năm» (ke-hoach-cchc)"
    );
    assert_eq!(
        pe["reasons"].as_array().map(Vec::len),
        pv["reasons"].as_array().map(Vec::len)
    );
    assert_eq!(pe["tier"], pv["tier"], "values programs match on stay");
    let why = |ls: &[serde_json::Value]| -> Vec<String> {
        ls.iter()
            .flat_map(|l| l["near_misses"].as_array().cloned().unwrap_or_default())
            .map(|m| m["why"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    let (we, wv) = (why(&en), why(&vi));
    assert!(!we.is_empty());
    assert_eq!(we.len(), wv.len());
    assert!(
        we.iter()
            .any(|w| w == "the subject names the year 2024 (evaluation year 2025)"),
        "{we:?}"
    );
    assert!(
        wv.iter()
            .any(|w| w == "trích yếu nói năm 2024 (năm đánh giá 2025)"),
        "{wv:?}"
    );
}
