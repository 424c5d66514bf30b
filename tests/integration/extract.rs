//! End-to-end tests for `kiemchung extract`.
//!
//! The fixtures are self-describing: `fixtures/seeds/NAME.txt` has its expected record in
//! `NAME.gold.json` beside it, and every other format of the same document
//! (`fixtures/{docx,pdf,pdf-signed,html}/NAME.*`) must give the same record as its TXT twin.
//! Adding a case is adding a file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{fixtures, json_lines, run};

/// Extracts `paths` and returns the records keyed by file stem.
fn extract(paths: &[&Path]) -> BTreeMap<String, Value> {
    let mut args = vec!["extract", "--format", "json"];
    let owned: Vec<String> = paths
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    args.extend(owned.iter().map(String::as_str));
    let out = run(&args);
    assert_eq!(out.code, 0, "extract failed: {}", out.stderr);
    json_lines(&out.stdout)
        .into_iter()
        .map(|r| {
            let stem = Path::new(r["source"].as_str().unwrap())
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (stem, r)
        })
        .collect()
}

// ---- A port of shared/tools/score_extract.py, so tests never need ../shared. ----

const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

fn nfc(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfc().collect()
}

/// Tone-placement-insensitive key of a word (`uỷ` = `ủy`).
fn word_key(w: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let d: String = w.nfd().collect();
    let mut tones: Vec<char> = d.chars().filter(|c| TONES.contains(c)).collect();
    tones.sort();
    let base: String = d.chars().filter(|c| !TONES.contains(c)).collect();
    let mut key: String = base.nfc().collect();
    key.extend(tones);
    key
}

fn norm(s: Option<&str>, expand: bool) -> Option<String> {
    let s = nfc(s?)
        .replace('*', "")
        .to_lowercase()
        .replace('\u{a0}', " ");
    let mut s = s.replace(['“', '”'], "\"");
    if expand {
        let ubnd = regex::Regex::new(r"\bubnd\b").unwrap();
        let hdnd = regex::Regex::new(r"\bhđnd\b").unwrap();
        let tp = regex::Regex::new(r"\btp\.\s*").unwrap();
        s = ubnd.replace_all(&s, "ủy ban nhân dân").into_owned();
        s = hdnd.replace_all(&s, "hội đồng nhân dân").into_owned();
        s = tp.replace_all(&s, "thành phố ").into_owned();
    }
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let s = s.trim_matches(|c: char| " .;,:-–".contains(c));
    Some(s.split(' ').map(word_key).collect::<Vec<_>>().join(" "))
}

fn norm_ref(s: Option<&str>) -> Option<String> {
    let s: String = nfc(s?)
        .to_uppercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let t = s.trim_start_matches('0');
    Some(if t.is_empty() { "0".into() } else { t.into() })
}

fn norm_num(s: Option<&str>) -> Option<String> {
    let digits: String = s?.chars().filter(char::is_ascii_digit).collect();
    let t = digits.trim_start_matches('0');
    Some(if t.is_empty() { "0".into() } else { t.into() })
}

fn subject(s: Option<&str>) -> Option<String> {
    let re = regex::Regex::new(r"(?i)^\s*(v/v|về việc)\s*[:.]?\s*").unwrap();
    norm(Some(&re.replace(&nfc(s?), "")), false)
}

/// Similarity ratio from edit distance (the Python scorer uses difflib ≥ 0.95).
fn similar(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => {
            let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            let mut prev: Vec<usize> = (0..=b.len()).collect();
            for (i, ca) in a.iter().enumerate() {
                let mut cur = vec![i + 1; b.len() + 1];
                for (j, cb) in b.iter().enumerate() {
                    cur[j + 1] = (prev[j] + usize::from(ca != cb))
                        .min(prev[j + 1] + 1)
                        .min(cur[j] + 1);
                }
                prev = cur;
            }
            let longest = a.len().max(b.len()).max(1);
            1.0 - prev[b.len()] as f64 / longest as f64 >= 0.95
        }
        _ => false,
    }
}

fn f1(gold: &[Option<String>], pred: &[Option<String>]) -> f64 {
    if gold.is_empty() && pred.is_empty() {
        return 1.0;
    }
    let mut pool = pred.to_vec();
    let mut hit = 0usize;
    for g in gold {
        if let Some(i) = pool.iter().position(|p| p == g) {
            pool.remove(i);
            hit += 1;
        }
    }
    let p = if pred.is_empty() {
        0.0
    } else {
        hit as f64 / pred.len() as f64
    };
    let r = if gold.is_empty() {
        0.0
    } else {
        hit as f64 / gold.len() as f64
    };
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn strs<'a>(v: &'a Value, key: &str) -> Vec<&'a str> {
    v[key]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

#[derive(Default)]
struct Scores {
    header: Vec<bool>,
    lists: Vec<f64>,
    citations: Vec<f64>,
    citation_dates: Vec<bool>,
    tasks: Vec<f64>,
    misses: Vec<String>,
}

fn mean<T: Copy + Into<f64>>(xs: &[T]) -> f64 {
    if xs.is_empty() {
        1.0
    } else {
        xs.iter().map(|&x| x.into()).sum::<f64>() / xs.len() as f64
    }
}

fn score(name: &str, gold: &Value, pred: &Value, s: &mut Scores) {
    let g = |k: &str| gold[k].as_str();
    let p = |k: &str| pred[k].as_str();
    let mut check = |field: &str, ok: bool| {
        s.header.push(ok);
        if !ok {
            s.misses.push(format!(
                "{name} {field}: gold={} pred={}",
                gold_field(gold, field),
                gold_field(pred, field)
            ));
        }
    };
    check(
        "doc_type",
        norm(g("doc_type"), false) == norm(p("doc_type"), false),
    );
    check("number", norm_num(g("number")) == norm_num(p("number")));
    check("symbol", norm_ref(g("symbol")) == norm_ref(p("symbol")));
    check("issuer", norm(g("issuer"), true) == norm(p("issuer"), true));
    check("place", norm(g("place"), true) == norm(p("place"), true));
    check("date", g("date") == p("date"));
    check(
        "subject",
        similar(
            subject(g("subject")).as_deref(),
            subject(p("subject")).as_deref(),
        ),
    );
    for f in ["authority", "title", "name"] {
        check(
            &format!("signer.{f}"),
            norm(gold["signer"][f].as_str(), false) == norm(pred["signer"][f].as_str(), false),
        );
    }
    for list in ["recipients", "cc"] {
        let gl: Vec<_> = strs(gold, list)
            .into_iter()
            .map(|x| norm(Some(x), true))
            .collect();
        let pl: Vec<_> = strs(pred, list)
            .into_iter()
            .map(|x| norm(Some(x), true))
            .collect();
        s.lists.push(f1(&gl, &pl));
    }
    let refs = |v: &Value| -> Vec<(Option<String>, Option<String>)> {
        v["citations"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|c| {
                        (
                            norm_ref(c["reference"].as_str()),
                            c["date"].as_str().map(str::to_owned),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let (gc, pc) = (refs(gold), refs(pred));
    s.citations.push(f1(
        &gc.iter().map(|c| c.0.clone()).collect::<Vec<_>>(),
        &pc.iter().map(|c| c.0.clone()).collect::<Vec<_>>(),
    ));
    for (r, d) in &gc {
        if let Some((_, pd)) = pc.iter().find(|(pr, _)| pr == r) {
            s.citation_dates.push(pd == d);
        }
    }
    let tasks = |v: &Value| v["tasks"].as_array().cloned().unwrap_or_default();
    let (gt, pt) = (tasks(gold), tasks(pred));
    let tmatch = |g: &Value, p: &Value| {
        let ga = norm(g["assignees"][0].as_str().or(Some("")), true).unwrap_or_default();
        let pa = p["assignees"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|x| norm(x.as_str(), true).unwrap_or_default())
                    .collect::<Vec<_>>()
                    .join(" | ")
            })
            .unwrap_or_default();
        !ga.is_empty()
            && pa.contains(&ga)
            && (g["deadline"].is_null() || g["deadline"] == p["deadline"])
    };
    let found = gt
        .iter()
        .filter(|g| pt.iter().any(|p| tmatch(g, p)))
        .count();
    let used = pt
        .iter()
        .filter(|p| gt.iter().any(|g| tmatch(g, p)))
        .count();
    let rec = if gt.is_empty() {
        1.0
    } else {
        found as f64 / gt.len() as f64
    };
    let prec = if pt.is_empty() {
        if gt.is_empty() { 1.0 } else { 0.0 }
    } else {
        used as f64 / pt.len() as f64
    };
    s.tasks.push(if rec + prec == 0.0 {
        0.0
    } else {
        2.0 * rec * prec / (rec + prec)
    });
}

fn gold_field(v: &Value, field: &str) -> String {
    match field.split_once('.') {
        Some((a, b)) => v[a][b].to_string(),
        None => v[field].to_string(),
    }
}

/// Header score (mean over the ten header fields) of `preds` against the golds of
/// `fixtures/DIR` whose names `keep` accepts, with the misses (for the OCR tests).
pub(crate) fn header_score(
    dir: &str,
    preds: &BTreeMap<String, Value>,
    keep: impl Fn(&str) -> bool,
) -> (f64, String) {
    let mut s = Scores::default();
    for (name, gold) in golds(dir).into_iter().filter(|(n, _)| keep(n)) {
        let pred = preds
            .get(&name)
            .unwrap_or_else(|| panic!("no record for {name}"));
        score(&name, &gold, pred, &mut s);
    }
    (mean(&s.header), s.misses.join("\n"))
}

fn golds(dir: &str) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(fixtures().join(dir)).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if let Some(stem) = name.strip_suffix(".gold.json") {
            let gold: Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            out.push((stem.to_owned(), gold));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(out.len() >= 5, "gold files missing");
    out
}

#[test]
fn seeds_meet_the_extraction_bars() {
    meets_the_extraction_bars("seeds");
}

/// Synthetic documents written to the rules of the field (see `docs/fixture-cases.md`).
#[test]
fn cases_meet_the_extraction_bars() {
    meets_the_extraction_bars("cases");
}

/// Bars: header, lists F1, citations F1, citation dates, tasks F1.
type Bars = (f64, f64, f64, f64, f64);

/// Scores every `NAME.txt` of `fixtures/DIR` against `NAME.gold.json` like
/// `shared/tools/score_extract.py` and holds the issue's bars.
fn meets_the_extraction_bars(dir: &str) {
    let preds = extract(&[&fixtures().join(dir)]);
    let bars = if dir == "seeds" {
        (0.98, 0.95, 0.98, 0.95, 0.96)
    } else {
        (0.98, 0.95, 0.98, 0.95, 0.98)
    };
    holds_bars(dir, &preds, golds(dir), bars);
}

/// Real documents (`fixtures/corpus`, a copy of `shared/corpus` with hand-read golds): the
/// Word originals and the e-signed text PDFs. Bars at the levels reached, so a regression
/// fails; the scans (OCR) are scored elsewhere.
#[test]
fn corpus_text_documents_meet_the_extraction_bars() {
    let dir = fixtures().join("corpus");
    let mut files = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let text_doc = (name.starts_with('d') && name.ends_with(".docx"))
            || (name.starts_with('p') && name.ends_with(".pdf"));
        if text_doc {
            files.push(p);
        }
    }
    files.sort();
    assert_eq!(files.len(), 17, "d01–d10 DOCX and p01–p07 PDF expected");
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let preds = extract(&refs);
    let gold: Vec<(String, Value)> = golds("corpus")
        .into_iter()
        .filter(|(n, _)| preds.contains_key(n))
        .collect();
    assert_eq!(gold.len(), 17);
    assert!(
        preds["p06-ld-vp-cv-1376-2026"]["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w == "attachments_follow"),
        "p06 holds a letter, a form and a draft"
    );
    holds_bars("corpus", &preds, gold, CORPUS_BARS);
}

/// Web copies of the corpus Word originals (`fixtures/web`, made by
/// `fixtures/tools/make_web.py`): the header re-laid as portals print it and flattened the
/// ways copies of such pages arrive (`|` cells, cells glued with a space, a browser's tabs,
/// the header on one line). The gold is the source's, so the bars sit near the corpus's.
#[test]
fn web_copies_meet_the_extraction_bars() {
    let preds = extract(&[&fixtures().join("web")]);
    let gold = golds("web");
    assert!(
        gold.len() >= 12,
        "web copies missing: run fixtures/tools/make_web.py"
    );
    holds_bars("web", &preds, gold, WEB_BARS);
}

/// Measured on 2026-11-30: header 1.000, lists 1.000, citations 1.000, tasks 0.996 (main
/// before this round: header 0.880, lists 0.928, tasks 0.930).
const WEB_BARS: Bars = (0.99, 0.99, 0.98, 0.95, 0.98);

/// Measured on 2026-11-30 (see README, "Real documents"): lists 1.000, tasks 0.978.
const CORPUS_BARS: Bars = (0.99, 0.99, 0.98, 0.95, 0.96);

fn holds_bars(dir: &str, preds: &BTreeMap<String, Value>, gold: Vec<(String, Value)>, bars: Bars) {
    let mut s = Scores::default();
    for (name, gold) in gold {
        let pred = preds
            .get(&name)
            .unwrap_or_else(|| panic!("no record for {name}"));
        assert!(pred.get("error").is_none(), "{name}: {}", pred["error"]);
        assert_eq!(pred["sha256"].as_str().unwrap().len(), 64);
        score(&name, &gold, pred, &mut s);
    }
    let (h, l, c, cd, t) = (
        mean(&s.header),
        mean(&s.lists),
        mean(&s.citations),
        mean(&s.citation_dates),
        mean(&s.tasks),
    );
    let report = format!(
        "header={h:.3} lists_f1={l:.3} citations_f1={c:.3} citation_dates={cd:.3} tasks_f1={t:.3}\n{}",
        s.misses.join("\n")
    );
    let (bh, bl, bc, bcd, bt) = bars;
    assert!(h >= bh, "{dir} header: {report}");
    assert!(l >= bl, "{dir} lists: {report}");
    assert!(c >= bc, "{dir} citations: {report}");
    assert!(cd >= bcd, "{dir} citation dates: {report}");
    assert!(t >= bt, "{dir} tasks: {report}");
}

/// The fields a twin must reproduce: everything the parsers produce.
const TWIN_FIELDS: &[&str] = &[
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

fn twin_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["docx", "pdf", "pdf-signed", "html"] {
        let Ok(entries) = std::fs::read_dir(fixtures().join(dir)) else {
            continue;
        };
        for e in entries {
            let p = e.unwrap().path();
            if matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("docx" | "pdf" | "html")
            ) {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn other_formats_match_their_txt_twins_field_for_field() {
    let files = twin_files();
    assert!(
        files.len() >= 11,
        "expected DOCX, PDF and HTML twins, found {files:?}"
    );
    let txt = extract(&[&fixtures().join("seeds")]);
    let mut failures = Vec::new();
    for file in &files {
        let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
        let twin = txt
            .get(&stem)
            .unwrap_or_else(|| panic!("{} has no TXT twin", file.display()));
        let rec = extract(&[file.as_path()]).remove(&stem).unwrap();
        assert!(
            rec.get("error").is_none(),
            "{}: {}",
            file.display(),
            rec["error"]
        );
        for field in TWIN_FIELDS {
            if rec[field] != twin[field] {
                failures.push(format!(
                    "{} {field}:\n  txt ={}\n  this={}",
                    file.display(),
                    twin[field],
                    rec[field]
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} differences:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn bad_files_get_an_error_record_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    let junk = dir.path().join("junk.pdf");
    let notzip = dir.path().join("notzip.docx");
    std::fs::write(&empty, b"").unwrap();
    std::fs::write(&junk, [0u8, 159, 146, 150, 7, 7, 7]).unwrap();
    std::fs::write(&notzip, b"this is not a zip").unwrap();
    let good = fixtures().join("seeds/001_d93c6eac50e12396.txt");
    let before: Vec<Vec<u8>> = [&empty, &junk, &notzip]
        .iter()
        .map(|p| std::fs::read(p).unwrap())
        .collect();

    let args = ["extract", "--format", "json"];
    let paths = [
        empty.to_str().unwrap(),
        junk.to_str().unwrap(),
        good.to_str().unwrap(),
        notzip.to_str().unwrap(),
    ];
    let out = run(&[&args[..], &paths[..]].concat());
    assert_eq!(out.code, 1, "a failed file must give exit status 1");
    let recs = json_lines(&out.stdout);
    assert_eq!(recs.len(), 4, "one record per file, failures included");
    // In the users' language by default (`--lang en` gives the English wording).
    assert_eq!(recs[0]["error"], "tệp rỗng");
    assert!(
        recs[1]["error"]
            .as_str()
            .unwrap()
            .contains("không phải tệp PDF"),
        "{}",
        recs[1]
    );
    assert!(recs[2].get("error").is_none());
    assert_eq!(recs[2]["number"], "833");
    assert!(
        recs[3]["error"].as_str().unwrap().contains("zip"),
        "{}",
        recs[3]
    );
    for (path, rec) in [(&empty, &recs[0]), (&junk, &recs[1]), (&notzip, &recs[3])] {
        let name = path.to_string_lossy();
        assert!(
            out.stderr.contains(name.as_ref()),
            "stderr must name {name}: {}",
            out.stderr
        );
        assert_eq!(rec["source"], name.as_ref());
    }
    let after: Vec<Vec<u8>> = [&empty, &junk, &notzip]
        .iter()
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    assert_eq!(before, after, "inputs are never modified");
}

#[test]
fn table_format_is_readable_vietnamese() {
    let out = run(&[
        "extract",
        "--format",
        "table",
        fixtures()
            .join("seeds/001_d93c6eac50e12396.txt")
            .to_str()
            .unwrap(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("SỐ, KÝ HIỆU"), "{}", out.stdout);
    assert!(out.stdout.contains("833/UBND-NC"), "{}", out.stdout);
    assert!(out.stdout.contains("1 tệp, 0 lỗi"), "{}", out.stdout);
    // Dates for people (dd/mm/yyyy), warnings in words, never raw codes.
    let gold: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(fixtures().join("seeds/001_d93c6eac50e12396.gold.json")).unwrap(),
    )
    .unwrap();
    let iso = gold["date"].as_str().unwrap();
    let (y, m, d) = (&iso[..4], &iso[5..7], &iso[8..10]);
    assert!(
        out.stdout.contains(&format!("{d}/{m}/{y}")),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains(iso), "{}", out.stdout);
    let out = run(&[
        "extract",
        "--format",
        "table",
        fixtures()
            .join("corpus/d03-ld-ubnd-tb-ketluan-cchc-2026.docx")
            .to_str()
            .unwrap(),
    ]);
    assert!(out.stdout.contains("số để trống"), "{}", out.stdout);
    assert!(!out.stdout.contains("number_blank"), "{}", out.stdout);
}

#[test]
fn table_fits_the_terminal_width() {
    let dir = fixtures().join("corpus");
    let files: Vec<String> = [
        "d01-bt-ubnd-cv-3083-2025.docx",
        "d03-ld-ubnd-tb-ketluan-cchc-2026.docx",
    ]
    .iter()
    .map(|f| dir.join(f).to_str().unwrap().to_owned())
    .collect();
    for columns in ["80", "120"] {
        let out = crate::common::kiemchung()
            .env("COLUMNS", columns)
            .args(["extract", "--format", "table"])
            .args(&files)
            .output()
            .unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        let limit: usize = columns.parse().unwrap();
        for line in stdout.lines() {
            let cells = unicode_width::UnicodeWidthStr::width(line);
            assert!(cells <= limit, "{columns}: {cells} cells: {line}");
        }
        assert!(
            stdout.contains("3083/UBND-NCKS"),
            "reference kept whole: {stdout}"
        );
        assert!(stdout.contains("30/06/2025"), "{stdout}");
    }
}
