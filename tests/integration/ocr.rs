//! OCR end to end: scans and photos through the real binary, the cache, and what happens
//! when the engine is missing. These tests need `tesseract-ocr` + `tesseract-ocr-vie` and
//! fail loudly without them (CI installs them).

use serde_json::Value;

use crate::common::{fixtures, kiemchung};

fn records(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

fn has_warning(r: &Value, code: &str) -> bool {
    r["warnings"]
        .as_array()
        .is_some_and(|w| w.iter().any(|x| x == code))
}

#[test]
fn missing_engine_is_one_message_and_a_warning_per_record() {
    let scans = fixtures().join("scans");
    let out = kiemchung()
        .env("KIEMCHUNG_TESSERACT", "/nonexistent/tesseract")
        .args(["extract"])
        .arg(scans.join("000_ef15852ca764143c.pdf"))
        .arg(scans.join("002_7c45b691b63468a8.jpg"))
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("OCR không dùng được").count(), 1, "{stderr}");
    let recs = records(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(recs.len(), 2);
    for r in &recs {
        assert!(has_warning(r, "ocr_unavailable"), "{r}");
        assert!(r.get("error").is_none(), "{r}");
    }
    assert_eq!(recs[1]["format"], "jpg");
}

#[test]
fn a_copied_scan_is_read_from_the_cache() {
    let tesseract = std::process::Command::new("tesseract")
        .arg("--list-langs")
        .output()
        .expect("tesseract must be installed for the OCR tests (apt-get install tesseract-ocr tesseract-ocr-vie)");
    assert!(String::from_utf8_lossy(&tesseract.stdout).contains("vie"));
    let dir = tempfile::tempdir().expect("tempdir");
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).expect("mkdir");
    std::fs::copy(
        fixtures().join("scans/002_7c45b691b63468a8.jpg"),
        docs.join("002_7c45b691b63468a8.jpg"),
    )
    .expect("copy");
    let index = dir.path().join("idx");
    let run = |extra: &str| {
        let out = kiemchung()
            .args(["extract", "--ocr-cache"])
            .arg(index.join("ocr-cache"))
            .arg(docs.join(extra))
            .output()
            .expect("run");
        records(&String::from_utf8_lossy(&out.stdout))
    };
    let first = run("002_7c45b691b63468a8.jpg");
    let cached: Vec<_> = walk(&index.join("ocr-cache"));
    assert_eq!(cached.len(), 1, "one page, one cache entry: {cached:?}");
    // A copy under another name: same page image, no new OCR, same record.
    std::fs::copy(docs.join("002_7c45b691b63468a8.jpg"), docs.join("copy.jpg")).expect("copy");
    let modified = std::fs::metadata(&cached[0]).expect("meta").modified().ok();
    let second = run("copy.jpg");
    assert_eq!(walk(&index.join("ocr-cache")).len(), 1);
    assert_eq!(
        std::fs::metadata(&cached[0]).expect("meta").modified().ok(),
        modified
    );
    assert_eq!(first[0]["subject"], second[0]["subject"]);
    assert_eq!(first[0]["doc_type"], second[0]["doc_type"]);
    assert!(has_warning(&second[0], "ocr_text"));
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let Ok(rd) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in rd.filter_map(Result::ok) {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
