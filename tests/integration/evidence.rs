//! `kiemchung evidence`: decisions in SQLite (history, reviewers, parallel writers, the
//! one-time `evidence.toml` import, refusal of unknown criteria) and the evidence package.

use crate::common::{json_lines, kiemchung, run};
use crate::web::{Archive, demo_catalog};

#[test]
fn parallel_cli_reviewers_keep_every_decision() {
    let a = Archive::new();
    let docs = ["47/UBND-TTHC", "833/UBND-NC", "23/BNV-CCHC"];
    let children: Vec<_> = (0..8)
        .map(|i| {
            kiemchung()
                .args(["evidence", if i % 2 == 0 { "confirm" } else { "reject" }])
                .args(["--index", a.idx(), "--reviewer", &format!("p{i}")])
                .arg(format!("1.1.{}", i + 1))
                .arg(docs[i % 3])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().expect("wait");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let r = run(&["evidence", "list", "--index", a.idx(), "--format", "json"]);
    let rows = json_lines(&r.stdout);
    assert_eq!(rows.len(), 8, "{}", r.stdout);
    let mut who: Vec<_> = rows
        .iter()
        .map(|d| d["reviewer"].as_str().expect("r").to_owned())
        .collect();
    who.sort();
    assert_eq!(who, (0..8).map(|i| format!("p{i}")).collect::<Vec<_>>());
}

#[test]
fn history_keeps_every_change_and_unknown_criteria_are_refused() {
    let a = Archive::new();
    let cat = demo_catalog();
    // Before any catalog is known, any valid code is accepted.
    let r = run(&[
        "evidence",
        "confirm",
        "--index",
        a.idx(),
        "1.1.2",
        "47/UBND-TTHC",
        "--reviewer",
        "An",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Naming the catalog once makes the index remember it...
    let r = run(&[
        "evidence",
        "reject",
        "--index",
        a.idx(),
        "--criteria",
        &cat,
        "1.1.2",
        "47/UBND-TTHC",
        "--note",
        "nhầm",
        "--reviewer",
        "Bình",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // ... and from then on an unknown code is refused, even without --criteria.
    let r = run(&[
        "evidence",
        "confirm",
        "--index",
        a.idx(),
        "1.1.9",
        "47/UBND-TTHC",
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("không có tiêu chí 1.1.9"), "{}", r.stderr);

    let r = run(&[
        "evidence",
        "history",
        "--index",
        a.idx(),
        "1.1.2",
        "--format",
        "json",
    ]);
    let rows = json_lines(&r.stdout);
    assert_eq!(rows.len(), 2);
    assert_eq!(
        (rows[0]["reviewer"].as_str(), rows[0]["status"].as_str()),
        (Some("An"), Some("confirmed"))
    );
    assert_eq!(
        (rows[1]["reviewer"].as_str(), rows[1]["status"].as_str()),
        (Some("Bình"), Some("rejected"))
    );
    assert_eq!(rows[1]["note"], "nhầm");
    assert!(rows[0]["seq"].as_i64() < rows[1]["seq"].as_i64());
    let r = run(&["evidence", "history", "--index", a.idx()]);
    assert!(
        r.stdout.contains("Bình") && r.stdout.contains("đã loại"),
        "{}",
        r.stdout
    );
}

#[test]
fn evidence_toml_is_imported_once() {
    let a = Archive::new();
    let toml = "[[decision]]\ncriterion = \"1.1.2\"\nstatus = \"confirmed\"\nsha256 = \"0000\"\nreference = \"47/UBND-TTHC\"\nissuer = \"Ủy ban nhân dân tỉnh Quảng Ngãi\"\npath = \"old/47.pdf\"\nnote = \"từ tệp cũ\"\n";
    std::fs::write(a.idx.join("evidence.toml"), toml).expect("write");
    let r = run(&["evidence", "list", "--index", a.idx(), "--format", "json"]);
    let rows = json_lines(&r.stdout);
    assert_eq!(rows.len(), 1, "{}", r.stderr);
    assert_eq!(rows[0]["reviewer"], "evidence.toml");
    assert_eq!(rows[0]["note"], "từ tệp cũ");
    assert!(!a.idx.join("evidence.toml").exists());
    assert_eq!(
        std::fs::read_to_string(a.idx.join("evidence.toml.bak")).expect("bak"),
        toml
    );
    // The imported decision applies to the indexed document by reference (re-scan).
    let out = a.tmp.path().join("goi");
    let r = run(&[
        "evidence",
        "export",
        "--index",
        a.idx(),
        "--criteria",
        &demo_catalog(),
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(out.join("1.1.2/47-UBND-TTHC_2022-01-06.txt").is_file());
}

#[test]
fn export_writes_the_package() {
    let a = Archive::new();
    for (code, doc) in [
        ("1.1.2", "47/UBND-TTHC"),
        ("1.1.3", "833/UBND-NC"),
        ("1.1.2", "23/BNV-CCHC"),
    ] {
        let r = run(&[
            "evidence",
            "confirm",
            "--index",
            a.idx(),
            code,
            doc,
            "--reviewer",
            "Lan",
            "--note",
            "đạt",
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let r = run(&[
        "evidence",
        "reject",
        "--index",
        a.idx(),
        "1.1.2",
        "23/BNV-CCHC",
    ]);
    assert_eq!(r.code, 0);
    let out = a.tmp.path().join("bo-tlkc");
    let r = run(&[
        "evidence",
        "export",
        "--index",
        a.idx(),
        "--criteria",
        &demo_catalog(),
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("Đã xuất 2 tệp cho 2 tiêu chí"),
        "{}",
        r.stdout
    );
    let mut files: Vec<String> = walkdir(&out);
    files.sort();
    assert_eq!(
        files,
        [
            "1.1.2/47-UBND-TTHC_2022-01-06.txt",
            "1.1.3/833-UBND-NC_2022-07-15.txt",
            "manifest.csv",
            "manifest.xlsx"
        ]
    );
    let csv = std::fs::read_to_string(out.join("manifest.csv")).expect("csv");
    let lines: Vec<_> = csv.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[1].starts_with("1.1.2,"), "{csv}");
    assert!(
        lines[1].contains(",47/UBND-TTHC,2022-01-06,") && lines[1].contains(",Lan,đạt,"),
        "{csv}"
    );
    // The SHA-256 column is the hash of the copied file.
    let sha = lines[1].rsplit(',').next().expect("sha");
    assert_eq!(sha.len(), 64);
    // The XLSX holds the same rows.
    let x = std::fs::read(out.join("manifest.xlsx")).expect("xlsx");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(x)).expect("zip");
    let mut shared = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/sharedStrings.xml").expect("strings"),
        &mut shared,
    )
    .expect("read");
    assert!(
        shared.contains("47/UBND-TTHC") && shared.contains(sha),
        "{shared}"
    );
    // Into a non-empty folder: refused.
    let r = run(&[
        "evidence",
        "export",
        "--index",
        a.idx(),
        "--criteria",
        &demo_catalog(),
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("đã có tệp"), "{}", r.stderr);
}

fn walkdir(root: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("dir") {
            let p = e.expect("e").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(
                    p.strip_prefix(root)
                        .expect("rel")
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    out
}
