//! End-to-end tests for `kiemchung criteria`, `link`, `evidence` and `audit`.
//!
//! The audit story on the five seeds, evaluation year 2022, demonstration catalog: the three
//! 2022 documents are công văn, so only the rules that accept a công văn find anything —
//! 1.1.2 (CCHC duties with funding: 47/UBND-TTHC and 23/BNV-CCHC mention "kinh phí") and
//! 1.1.3 (responsibilities assigned by a people's committee: 833/UBND-NC). The 2023 documents
//! (the Quảng Ngãi thông báo and the Đắk Lắk công văn) are outside the period.

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::{fixtures, run, run_in};

fn demo() -> String {
    fixtures()
        .join("criteria/demo-tinh-2022.toml")
        .display()
        .to_string()
}

/// `(criterion, kind, severity)` of every finding in a JSON audit.
fn findings(stdout: &str) -> BTreeSet<(String, String, String)> {
    let v: serde_json::Value = serde_json::from_str(stdout).expect("audit JSON");
    v["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .flat_map(|n| n["findings"].as_array().cloned().unwrap_or_default())
        .map(|f| {
            (
                f["criterion"].as_str().unwrap_or("").to_owned(),
                f["kind"].as_str().unwrap_or("").to_owned(),
                f["severity"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

fn set(items: &[(&str, &str, &str)]) -> BTreeSet<(String, String, String)> {
    items
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

#[test]
fn criteria_import_csv_and_xlsx_give_the_same_catalog() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut outs = Vec::new();
    for ext in ["csv", "xlsx"] {
        let input = fixtures().join(format!("criteria/demo-tinh-2022-table.{ext}"));
        let out = tmp.path().join(format!("from-{ext}.toml"));
        let r = run(&[
            "criteria",
            "import",
            input.to_str().expect("utf-8 path"),
            "-o",
            out.to_str().expect("utf-8 path"),
        ]);
        assert_eq!(r.code, 0, "{ext}: {}", r.stderr);
        let text = std::fs::read_to_string(&out).expect("output");
        // The first comment line names the input file; the catalog itself must be equal.
        let body: String = text.lines().skip(1).collect::<Vec<_>>().join("\n");
        assert!(body.contains("code = \"1.1.2\""), "{body}");
        assert!(body.contains("Ban hành không kịp thời: 0,5"), "{body}");
        outs.push((body, out));
    }
    assert_eq!(outs[0].0, outs[1].0);
    // The imported skeleton is a valid catalog.
    let r = run(&["criteria", "check", outs[0].1.to_str().expect("utf-8")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("16 tiêu chí, 8 lĩnh vực"), "{}", r.stdout);
}

#[test]
fn criteria_show_and_check() {
    let r = run(&["criteria", "show", &demo()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("    1.1.1 Ban hành kế hoạch CCHC năm  (1 đ)  [1 quy tắc]")
    );
    assert!(
        r.stdout
            .contains("1 Công tác chỉ đạo, điều hành cải cách hành chính  (9,5 đ)")
    );
    assert!(r.stdout.contains("quy tắc kiểm chứng: kiemchung demo"));

    let tmp = tempfile::tempdir().expect("tempdir");
    let bad = tmp.path().join("bad.toml");
    std::fs::write(
        &bad,
        "[framework]\nid = \"x\"\nname = \"X\"\n\
         [[criteria]]\ncode = \"1\"\nname = \"A\"\nmax_points = 2.0\n\
         [[criteria]]\ncode = \"1\"\nname = \"B\"\n\
         [[criteria]]\ncode = \"3.1\"\nname = \"C\"\n\
         [[criteria.evidence]]\ndoc_types = [\"Văn bản mật\"]\n",
    )
    .expect("write");
    let r = run(&["criteria", "check", bad.to_str().expect("utf-8")]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("mã tiêu chí 1 bị trùng"), "{}", r.stderr);
    assert!(
        r.stderr.contains("tiêu chí 3.1: không có tiêu chí cha 3"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("loại văn bản không biết \"Văn bản mật\""),
        "{}",
        r.stderr
    );
}

#[test]
fn audit_of_the_seeds_before_and_after_review() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let idx = tmp.path().join("idx");
    let idx_s = idx.to_str().expect("utf-8").to_owned();
    let seeds = fixtures().join("seeds");
    let ingest = run(&["ingest", "--index", &idx_s, seeds.to_str().expect("utf-8")]);
    assert_eq!(ingest.code, 0, "ingest: {}", ingest.stderr);

    let sa = tmp.path().join("tu-cham.csv");
    // 1.1.1 claims a point without any evidence in the archive.
    std::fs::write(
        &sa,
        "Mã tiêu chí;Điểm tự chấm\n1.1.1;1\n1.1.2;1\n1.1.3;1\n1.2.2;0,5\n",
    )
    .expect("write csv");
    let sa_s = sa.to_str().expect("utf-8").to_owned();
    let demo = demo();
    let audit = |extra: &[&str]| {
        let mut args = vec![
            "audit",
            "--index",
            &idx_s,
            "--criteria",
            &demo,
            "--year",
            "2022",
            "--self-assessment",
            &sa_s,
        ];
        args.extend_from_slice(extra);
        run_in(Path::new(env!("CARGO_MANIFEST_DIR")), &args)
    };

    // Linking proposes what the rules find, with reasons.
    let r = run(&[
        "link",
        "--index",
        &idx_s,
        "--criteria",
        &demo,
        "--year",
        "2022",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let links = crate::common::json_lines(&r.stdout);
    let refs = |code: &str| -> BTreeSet<String> {
        links
            .iter()
            .find(|l| l["code"] == code)
            .and_then(|l| l["proposals"].as_array())
            .map(|ps| {
                ps.iter()
                    .map(|p| p["reference"].as_str().unwrap_or("").to_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<BTreeSet<_>>();
    assert_eq!(refs("1.1.1"), s(&[]));
    // The two letters about the 2021 index name only 2021 in their trích yếu: not proposed
    // for 2022 (issue 8).
    assert_eq!(refs("1.1.2"), s(&[]));
    assert_eq!(refs("1.1.3"), s(&["833/UBND-NC"]));
    let p833 = &links.iter().find(|l| l["code"] == "1.1.3").expect("1.1.3")["proposals"][0];
    let reasons = p833["reasons"].to_string();
    assert!(reasons.contains("chịu trách nhiệm chủ trì"), "{reasons}");
    assert!(reasons.contains("2022-07-15"), "{reasons}");
    assert!(
        p833["snippet"]
            .as_str()
            .unwrap_or("")
            .contains("chịu trách nhiệm chủ trì")
    );

    // Before review.
    let r = audit(&["--format", "json", "--fail-on", "error"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let no_ev_warn = |code: &'static str| (code, "no_evidence", "warning");
    let mut want = vec![
        ("1.1.1", "no_evidence", "error"),
        ("1.1.2", "no_evidence", "error"),
        ("1.1.3", "unconfirmed_evidence", "warning"),
        ("1.2.2", "no_evidence", "error"),
    ];
    for c in ["1.1.4", "1.2.1", "2", "3", "4", "5", "6", "7", "8"] {
        want.push(no_ev_warn(c));
    }
    assert_eq!(findings(&r.stdout), set(&want));
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(v["areas"][0]["claimed"], 3.5);
    assert_eq!(v["areas"][0]["supported"], 0.0);

    // Review: confirm the plan reference for 1.1.1 and 47/UBND-TTHC for 1.1.2, reject
    // 23/BNV-CCHC (a ministry's letter, not the province's), and confirm the 2023 Đắk Lắk
    // letter for 1.2.2 by its file name.
    for (verb, code, doc) in [
        ("confirm", "1.1.1", "833/UBND-NC"),
        ("confirm", "1.1.2", "47/UBND-TTHC"),
        ("reject", "1.1.2", "23/bnv-cchc"),
        ("confirm", "1.2.2", "004_194654e3eeeb3fd5.txt"),
    ] {
        let r = run(&[
            "evidence",
            verb,
            "--index",
            &idx_s,
            code,
            doc,
            "--note",
            "rà soát",
        ]);
        assert_eq!(r.code, 0, "{verb} {code} {doc}: {}", r.stderr);
    }
    let r = run(&["evidence", "history", "--index", &idx_s, "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = r.stdout;
    assert!(text.contains("\"reference\":\"47/UBND-TTHC\""), "{text}");
    assert!(text.contains("\"status\":\"rejected\""), "{text}");
    let r = run(&["evidence", "list", "--index", &idx_s, "1.1.2"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains("đã xác nhận") && r.stdout.contains("đã loại"),
        "{}",
        r.stdout
    );
    let r = run(&[
        "evidence",
        "confirm",
        "--index",
        &idx_s,
        "1.1.1",
        "99/QĐ-UBND",
    ]);
    assert_eq!(r.code, 2, "unknown document");

    // The rejected document is never proposed again.
    let r = run(&[
        "link",
        "--index",
        &idx_s,
        "--criteria",
        &demo,
        "--year",
        "2022",
        "--format",
        "json",
    ]);
    let links = crate::common::json_lines(&r.stdout);
    let l112 = links.iter().find(|l| l["code"] == "1.1.2").expect("1.1.2");
    let got: Vec<(&str, &str)> = l112["proposals"]
        .as_array()
        .expect("proposals")
        .iter()
        .map(|p| {
            (
                p["reference"].as_str().unwrap_or(""),
                p["status"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(got, vec![("47/UBND-TTHC", "confirmed")]);

    // After review: no errors left; 1.2.2's only document is out of period and unnumbered.
    let r = audit(&["--format", "json", "--fail-on", "error"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut want = vec![
        ("1.1.3", "unconfirmed_evidence", "warning"),
        ("1.2.2", "insufficient_evidence", "warning"),
        ("1.2.2", "evidence_out_of_period", "warning"),
        ("1.2.2", "evidence_without_number", "warning"),
    ];
    for c in ["1.1.4", "1.2.1", "2", "3", "4", "5", "6", "7", "8"] {
        want.push(no_ev_warn(c));
    }
    assert_eq!(findings(&r.stdout), set(&want));
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(v["areas"][0]["supported"], 2.0);
    let r = audit(&["--format", "table", "--fail-on", "warning"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("Điểm tối đa") && r.stdout.contains("Điểm tự chấm"));

    // Other formats: HTML self-contained, XLSX a zip, CSV one row per node.
    let html = tmp.path().join("audit.html");
    let r = audit(&[
        "--format",
        "html",
        "--output",
        html.to_str().expect("utf-8"),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page = std::fs::read_to_string(&html).expect("html");
    assert!(page.contains("<table class=\"nodes\">") && page.contains("Tài liệu kiểm chứng"));
    assert!(!page.contains("<script") && !page.contains("src=\"http"));
    let xlsx = tmp.path().join("audit.xlsx");
    let r = audit(&[
        "--format",
        "xlsx",
        "--output",
        xlsx.to_str().expect("utf-8"),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(std::fs::read(&xlsx).expect("xlsx").starts_with(b"PK"));
    let r = audit(&["--format", "csv", "--lang", "en"]);
    assert_eq!(r.code, 0);
    // A header row and one row per node of the demo catalog (16 nodes).
    assert_eq!(r.stdout.lines().count(), 1 + 16, "{}", r.stdout);

    // Bad input exits 2.
    std::fs::write(&sa, "code,points\n9.9,1\n").expect("write");
    let r = audit(&[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("9.9"), "{}", r.stderr);
}

/// Issue 8: a confirmed document whose file was deleted is a finding in every output format
/// (it was shown as supported in the table, CSV, XLSX and English HTML). Issue 12: the
/// Vietnamese CSV uses `;`.
#[test]
fn removed_evidence_is_reported_in_every_format() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let archive = tmp.path().join("archive");
    crate::common::copy_tree(&fixtures().join("seeds"), &archive);
    let idx = tmp.path().join("idx");
    let idx_s = idx.to_str().expect("utf-8").to_owned();
    let arch_s = archive.to_str().expect("utf-8").to_owned();
    assert_eq!(run(&["ingest", "--index", &idx_s, &arch_s]).code, 0);
    let r = run(&[
        "evidence",
        "confirm",
        "--index",
        &idx_s,
        "1.1.3",
        "833/UBND-NC",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for e in std::fs::read_dir(&archive).expect("dir") {
        let p = e.expect("entry").path();
        if p.to_string_lossy().contains("001_d93c6eac50e12396") {
            std::fs::remove_file(&p).expect("remove");
        }
    }
    // One of five documents removed: below any "removes half the index" guard.
    let r = run(&["ingest", "--index", &idx_s, &arch_s]);
    assert_eq!(r.code, 0, "re-ingest: {}", r.stderr);
    let sa = tmp.path().join("sa.csv");
    std::fs::write(&sa, "Mã;Điểm\n1.1.3;1\n").expect("write");
    let demo = demo();
    let sa_s = sa.to_str().expect("utf-8").to_owned();
    let audit = |extra: &[&str]| {
        let mut args = vec![
            "audit",
            "--index",
            &idx_s,
            "--criteria",
            &demo,
            "--year",
            "2022",
            "--self-assessment",
            &sa_s,
        ];
        args.extend_from_slice(extra);
        run(&args)
    };
    for (fmt, lang, needle) in [
        ("table", "vi", "không còn trong chỉ mục"),
        ("table", "en", "no longer in the index"),
        ("json", "vi", "evidence_removed"),
        ("csv", "vi", "evidence_removed"),
        ("csv", "en", "evidence_removed"),
    ] {
        let r = audit(&["--format", fmt, "--lang", lang]);
        assert_eq!(r.code, 0, "{fmt} {lang}: {}", r.stderr);
        assert!(r.stdout.contains(needle), "{fmt} {lang}: {}", r.stdout);
    }
    // The leaf is not supported.
    let r = audit(&["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let n = v["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .find(|n| n["code"] == "1.1.3")
        .expect("1.1.3");
    assert_eq!(n["supported"], 0.0);
    // Vietnamese CSV: `;` between fields, decimal commas inside.
    let r = audit(&["--format", "csv"]);
    let header = r.stdout.lines().next().expect("header");
    assert!(header.contains(';') && !header.contains(','), "{header}");
    for lang in ["vi", "en"] {
        let html = tmp.path().join(format!("a-{lang}.html"));
        let r = audit(&[
            "--format",
            "html",
            "--lang",
            lang,
            "--output",
            html.to_str().expect("utf-8"),
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let page = std::fs::read_to_string(&html).expect("html");
        assert!(
            page.contains("evidence_removed")
                || page.contains("no longer in the index")
                || page.contains("không còn trong chỉ mục"),
            "html {lang}"
        );
    }
    let xlsx = tmp.path().join("a.xlsx");
    let r = audit(&[
        "--format",
        "xlsx",
        "--output",
        xlsx.to_str().expect("utf-8"),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&xlsx).expect("open")).expect("zip");
    let mut all = String::new();
    for i in 0..zip.len() {
        use std::io::Read as _;
        let mut f = zip.by_index(i).expect("entry");
        let mut s = String::new();
        let _ = f.read_to_string(&mut s);
        all.push_str(&s);
    }
    assert!(all.contains("evidence_removed"), "xlsx");
}
