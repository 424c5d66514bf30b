//! End-to-end tests for `kiemchung refs`: the real binary on the seed documents.

use serde_json::Value;

use crate::common::{copy_tree, fixtures, run, run_in};

fn graph(args: &[&str]) -> Value {
    let r = run(args);
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("bad JSON: {e}\n{}", r.stdout))
}

/// The document whose first file name starts with `prefix`.
fn doc<'a>(g: &'a Value, prefix: &str) -> &'a Value {
    g["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .find(|d| {
            d["files"][0]
                .as_str()
                // A scan OCR could not match to its seed is a node of its own, not the seed's.
                .filter(|f| !f.contains("fixtures/scans/"))
                .is_some_and(|f| f.rsplit('/').next().is_some_and(|n| n.starts_with(prefix)))
        })
        .unwrap_or_else(|| panic!("no document for {prefix}"))
}

fn id(d: &Value) -> u64 {
    d["id"].as_u64().expect("id")
}

#[test]
fn seeds_citation_graph() {
    let g = graph(&["refs", "fixtures/seeds", "--format", "json"]);
    assert_eq!(g["documents"].as_array().map(Vec::len), Some(5));
    assert_eq!(g["errors"], serde_json::json!([]));
    let (d000, d002, d003, d004) = (
        doc(&g, "000"),
        doc(&g, "002"),
        doc(&g, "003"),
        doc(&g, "004"),
    );

    // Seed 000 cites 23/BNV-CCHC, which is seed 002, resolved exactly inside the set.
    assert_eq!(d002["reference"], "23/BNV-CCHC");
    let cite = d000["cites"]
        .as_array()
        .expect("cites")
        .iter()
        .find(|c| c["reference"] == "23/BNV-CCHC")
        .expect("000 cites 23/BNV-CCHC");
    assert_eq!(cite["date"], "2022-01-04");
    assert_eq!(cite["resolved"]["document"].as_u64(), Some(id(d002)));
    assert_eq!(cite["resolved"]["confidence"].as_f64(), Some(1.0));
    assert_eq!(cite["resolved"]["reason"], Value::Null);
    assert_eq!(d002["cited_by"][0]["document"].as_u64(), Some(id(d000)));
    assert_eq!(d002["cited_by"][0]["reference"], "47/UBND-TTHC");

    // The missing documents: every citation except the resolved one, most-cited first.
    let missing: Vec<(String, u64)> = g["missing"]
        .as_array()
        .expect("missing")
        .iter()
        .map(|m| {
            (
                m["reference"].as_str().expect("reference").to_owned(),
                m["count"].as_u64().expect("count"),
            )
        })
        .collect();
    assert_eq!(missing.len(), 25);
    assert_eq!(
        &missing[..2],
        &[("838/QĐ-BNV".to_owned(), 2), ("876/QĐ-BNV".to_owned(), 2)]
    );
    assert!(missing[2..].iter().all(|(_, n)| *n == 1));
    assert!(!missing.iter().any(|(r, _)| r == "23/BNV-CCHC"));
    let mut refs: Vec<&str> = missing.iter().map(|(r, _)| r.as_str()).collect();
    refs.sort_unstable();
    let mut want = vec![
        "838/QĐ-BNV",
        "876/QĐ-BNV",
        "7198/UBND-TTHC",
        "6477/UBND-TTHC",
        "733/QĐ-UBND",
        "18737/QĐ-UBND",
        "981/QĐ-UBND",
        "1149/QĐ-BNV",
        "383/BNV-CCHC",
        "1218/QĐ-BNV",
        "49/QĐ-UBND",
        "255/BC-SNV",
        "1832/QĐ-UBND",
        "235/BC-SNV",
        "04-NQ/TU",
        "93/NQ-HĐND",
        "11/2022/NQ-HĐND",
        "09/CT-UBND",
        "61/2018/NĐ-CP",
        "89/TB-UBND",
        "6337/UBND-TTHC",
        "19/2018/QĐ-UBND",
        "757/QĐ-BNV",
        "6203/BNV-CCHC",
        "3003/QĐ-UBND",
    ];
    want.sort_unstable();
    assert_eq!(refs, want);

    // Seeds 003 and 004 both cite 876/QĐ-BNV of 10/11/2022, which the set lacks.
    let m876 = &g["missing"][1];
    assert_eq!(m876["date"], "2022-11-10");
    assert_eq!(m876["doc_type"], "Quyết định");
    let by: Vec<u64> = m876["cited_by"]
        .as_array()
        .expect("cited_by")
        .iter()
        .filter_map(Value::as_u64)
        .collect();
    assert_eq!(by, vec![id(d003), id(d004)]);
}

#[test]
fn copies_of_one_document_are_grouped() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_tree(&fixtures().join("seeds"), dir.path());
    std::fs::copy(
        dir.path().join("002_7c45b691b63468a8.txt"),
        dir.path().join("002_copy.md"),
    )
    .expect("copy");
    let r = run_in(dir.path(), &["refs", ".", "--format", "json"]);
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    let g: Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(g["documents"].as_array().map(Vec::len), Some(5));
    let d002 = doc(&g, "002");
    assert_eq!(d002["files"].as_array().map(Vec::len), Some(2));
}

#[test]
fn table_speaks_vietnamese() {
    let r = run(&["refs", "fixtures/seeds"]);
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    assert!(
        r.stdout
            .contains("Văn bản viện dẫn chưa có trong kho (25):"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("✓ 23/BNV-CCHC — Công văn, 2022-01-04, Bộ Nội vụ → có trong kho"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("Được viện dẫn bởi: 47/UBND-TTHC"),
        "{}",
        r.stdout
    );
}

/// The whole `fixtures/` folder holds every seed in several formats (TXT, DOCX, PDF, the
/// e-signed PDF, HTML): copies of one document must be one node of the graph.
#[test]
fn fixtures_folder_groups_copies_of_each_document() {
    // Every fixture folder but `hostile/` (files broken on purpose: errors, exit status 1).
    let mut folders: Vec<String> = std::fs::read_dir(fixtures())
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir() && !p.ends_with("hostile"))
        .map(|p| format!("fixtures/{}", p.file_name().unwrap().to_string_lossy()))
        .collect();
    folders.sort();
    let mut args = vec!["refs", "--format", "json"];
    args.extend(folders.iter().map(String::as_str));
    let g = graph(&args);
    // Each seed is one node however many formats it comes in (other documents in the folder,
    // such as `fixtures/cases/`, are nodes of their own).
    for seed in ["000", "001", "002", "003", "004"] {
        let nodes = g["documents"]
            .as_array()
            .expect("documents")
            .iter()
            .filter(|d| {
                d["files"].as_array().into_iter().flatten().any(|f| {
                    f.as_str()
                        .filter(|f| !f.contains("fixtures/scans/"))
                        .and_then(|f| f.rsplit('/').next())
                        .is_some_and(|n| n.starts_with(seed))
                })
            })
            .count();
        assert_eq!(nodes, 1, "seed {seed} must be exactly one node");
    }
    // A scan of a seed (`fixtures/scans/`, read by OCR) is a copy of it too, grouped with it
    // when OCR reads its number, symbol and date: the CCITT G4 scan of seed 000 is. (Scans
    // whose number OCR misses stay nodes of their own; they are not counted above.)
    let scans_of_000: Vec<&str> = doc(&g, "000")["files"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f.as_str())
        .filter(|f| f.contains("fixtures/scans/"))
        .collect();
    assert!(
        scans_of_000
            .iter()
            .any(|f| f.ends_with("scans/000_ef15852ca764143c.pdf")),
        "{scans_of_000:?}"
    );
    // The legacy-encoding and Word 97 twins (`fixtures/legacy/`, `fixtures/doc/`) are
    // copies too; counted apart so the formats below stay readable.
    let files = |prefix: &str| {
        doc(&g, prefix)["files"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| f.as_str())
            .filter(|f| {
                !f.contains("fixtures/legacy/")
                    && !f.contains("fixtures/doc/")
                    && !f.contains("fixtures/scans/")
            })
            .count()
    };
    let twins = doc(&g, "000")["files"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f.as_str())
        .filter(|f| f.contains("fixtures/legacy/") || f.contains("fixtures/doc/"))
        .count();
    assert_eq!(twins, 6, "doc, unicode, tcvn3, vni, viscii, vps");
    assert_eq!(files("000"), 4, "txt, docx, pdf, signed pdf");
    assert_eq!(files("003"), 3, "txt, docx, pdf (number still blank)");
    assert_eq!(files("004"), 4, "txt, docx, pdf, html");

    // Seeds 003 and 004 both cite 876/QĐ-BNV, and the two citations end at the same place
    // (a document of the folder, or one missing entry).
    let cite_876 = |prefix: &str| {
        doc(&g, prefix)["cites"]
            .as_array()
            .expect("cites")
            .iter()
            .find(|c| c["reference"] == "876/QĐ-BNV")
            .unwrap_or_else(|| panic!("{prefix} cites 876/QĐ-BNV"))
            .clone()
    };
    let (c003, c004) = (cite_876("003"), cite_876("004"));
    assert_eq!(c003["resolved"], c004["resolved"]);
    if c003["resolved"].is_null() {
        let missing = g["missing"].as_array().expect("missing");
        let m876 = missing
            .iter()
            .find(|m| m["reference"] == "876/QĐ-BNV")
            .expect("876 missing");
        let citing: Vec<u64> = m876["cited_by"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_u64().unwrap())
            .collect();
        let (d003, d004) = (id(doc(&g, "003")), id(doc(&g, "004")));
        assert!(citing.contains(&d003) && citing.contains(&d004), "{m876}");
        assert_eq!(
            citing.iter().filter(|&&d| d == d003).count(),
            1,
            "cited once per document, not per file"
        );
    }
    // The missing list is not empty and most-cited first.
    let counts: Vec<u64> = g["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["count"].as_u64().unwrap())
        .collect();
    assert!(!counts.is_empty());
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    let d000 = doc(&g, "000");
    let cite = d000["cites"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["reference"] == "23/BNV-CCHC")
        .unwrap();
    assert_eq!(
        cite["resolved"]["document"].as_u64(),
        Some(id(doc(&g, "002")))
    );
}
