//! The evidence package (bộ tài liệu kiểm chứng): what a province finally uploads into the
//! Ministry's scoring software — one folder per criterion code holding copies of the confirmed
//! documents, named by reference and date, and a manifest (CSV and XLSX) listing for every file
//! the code, criterion, document, reference, date, issuer, reviewer, note and SHA-256.
//!
//! Only confirmed decisions go in, and only through the index: a decision names a document,
//! the index says where its file is. The SHA-256 in the manifest is computed from the bytes
//! actually copied, so a file changed since ingest shows up as a problem rather than slipping
//! into the package silently. Sources are only read; a missing file is a problem in the
//! report and the export goes on.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use kiemchung_index::StoredDoc;
use rust_xlsxwriter::{Format, Workbook};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::criteria::{Catalog, normalize_code};
use crate::decisions::{DecisionStatus, DecisionStore};

/// One file in the package.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PackageItem {
    pub code: String,
    pub criterion: String,
    /// Path inside the package (`1.1.2/47-UBND-TTHC_2022-01-06.pdf`).
    pub file: String,
    /// The indexed file it was copied from.
    pub source: String,
    pub subject: Option<String>,
    pub reference: Option<String>,
    pub date: Option<String>,
    pub issuer: Option<String>,
    pub reviewer: Option<String>,
    pub note: Option<String>,
    /// SHA-256 of the copied bytes.
    pub sha256: String,
}

/// Something that kept a confirmed document out of the package.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PackageProblem {
    pub code: String,
    pub document: String,
    pub message: String,
}

/// What [`export`] wrote.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Package {
    pub dir: PathBuf,
    pub items: Vec<PackageItem>,
    pub problems: Vec<PackageProblem>,
}

/// Why the package could not be written at all.
#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    #[error("thư mục đích {0} đã có tệp; hãy chọn thư mục trống hoặc chưa có")]
    NotEmpty(String),
    #[error("không ghi được {path}: {message}")]
    Write { path: String, message: String },
}

/// The manifest columns: Vietnamese heading, English heading.
const COLUMNS: [(&str, &str); 10] = [
    ("Mã tiêu chí", "Code"),
    ("Tiêu chí", "Criterion"),
    ("Tệp", "File"),
    ("Văn bản (trích yếu)", "Document"),
    ("Số, ký hiệu", "Reference"),
    ("Ngày ban hành", "Date"),
    ("Cơ quan ban hành", "Issuer"),
    ("Người xác nhận", "Reviewer"),
    ("Ghi chú", "Note"),
    ("SHA-256", "SHA-256"),
];

/// A file-name part safe on every file system the package may travel to (Windows included):
/// `/` and the other reserved characters become `-`, Vietnamese letters stay.
fn safe_part(s: &str) -> String {
    let mut out: String = s
        .trim()
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '-',
            c if c.is_control() => '-',
            c if c.is_whitespace() => '_',
            c => c,
        })
        .collect();
    out = out.trim_matches(['.', '-', '_']).to_owned();
    if out.chars().count() > 80 {
        out = out.chars().take(80).collect();
    }
    out
}

/// The package name of a document: `<reference>_<date>.<ext>`, or the SHA-256 prefix for a
/// document without number.
pub fn file_name(doc: &StoredDoc) -> String {
    let ext = Path::new(&doc.path)
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_else(|| "bin".into());
    let reference = doc
        .record
        .reference()
        .map(|r| safe_part(&r))
        .filter(|r| !r.is_empty())
        .unwrap_or_else(|| format!("khong-so-{}", &doc.id[..doc.id.len().min(12)]));
    match doc.record.date.as_deref().map(safe_part) {
        Some(d) if !d.is_empty() => format!("{reference}_{d}.{ext}"),
        _ => format!("{reference}.{ext}"),
    }
}

/// Writes the package of `catalog`'s confirmed evidence into `out` (created; must be empty or
/// absent). `english` picks the manifest headings.
pub fn export(
    catalog: &Catalog,
    docs: &[StoredDoc],
    decisions: &DecisionStore,
    out: &Path,
    english: bool,
) -> Result<Package, PackageError> {
    let werr = |p: &Path, e: &dyn std::fmt::Display| PackageError::Write {
        path: p.display().to_string(),
        message: e.to_string(),
    };
    if out.exists() {
        let mut entries = std::fs::read_dir(out).map_err(|e| werr(out, &e))?;
        if entries.next().is_some() {
            return Err(PackageError::NotEmpty(out.display().to_string()));
        }
    }
    std::fs::create_dir_all(out).map_err(|e| werr(out, &e))?;
    let fw = catalog.framework.id.as_str();
    let mut pkg = Package {
        dir: out.to_path_buf(),
        ..Package::default()
    };
    for c in catalog.tree_order() {
        let code = normalize_code(&c.code);
        let mut used: BTreeSet<String> = BTreeSet::new();
        let mut seen_docs: BTreeSet<String> = BTreeSet::new();
        // The latest decision per document wins (a scoped and an unscoped one may both exist).
        let mut chosen: Vec<(&crate::decisions::Decision, &StoredDoc)> = Vec::new();
        let all: Vec<_> = decisions.for_criterion(fw, &code).collect();
        for d in all.into_iter().rev() {
            // The indexed copy: same bytes first, else the same reference (re-scan, PDF for DOCX).
            let doc = docs
                .iter()
                .find(|x| x.id.eq_ignore_ascii_case(&d.sha256))
                .or_else(|| docs.iter().find(|x| d.is_about(x)));
            let Some(doc) = doc else {
                if d.status == DecisionStatus::Confirmed {
                    pkg.problems.push(PackageProblem {
                        code: code.clone(),
                        document: d.reference.clone().unwrap_or_else(|| d.path.clone()),
                        message: "văn bản không còn trong chỉ mục".into(),
                    });
                }
                continue;
            };
            if !seen_docs.insert(doc.id.clone()) || d.status != DecisionStatus::Confirmed {
                continue;
            }
            chosen.push((d, doc));
        }
        for (d, doc) in chosen.into_iter().rev() {
            let bytes = match std::fs::read(&doc.path) {
                Ok(b) => b,
                Err(e) => {
                    pkg.problems.push(PackageProblem {
                        code: code.clone(),
                        document: doc.path.clone(),
                        message: format!("không đọc được tệp: {e}"),
                    });
                    continue;
                }
            };
            let sha = hex(&Sha256::digest(&bytes));
            if !sha.eq_ignore_ascii_case(&doc.id) {
                pkg.problems.push(PackageProblem {
                    code: code.clone(),
                    document: doc.path.clone(),
                    message:
                        "tệp đã thay đổi sau khi nạp chỉ mục (SHA-256 khác); hãy chạy lại ingest"
                            .into(),
                });
                continue;
            }
            let mut name = file_name(doc);
            let mut n = 2;
            while !used.insert(name.clone()) {
                let (stem, ext) = name.rsplit_once('.').unwrap_or((name.as_str(), "bin"));
                name = format!(
                    "{}-{n}.{ext}",
                    stem.trim_end_matches(&format!("-{}", n - 1))
                );
                n += 1;
            }
            let folder = out.join(safe_part(&code));
            std::fs::create_dir_all(&folder).map_err(|e| werr(&folder, &e))?;
            let target = folder.join(&name);
            std::fs::write(&target, &bytes).map_err(|e| werr(&target, &e))?;
            pkg.items.push(PackageItem {
                code: code.clone(),
                criterion: c.name.clone(),
                file: format!("{}/{name}", safe_part(&code)),
                source: doc.path.clone(),
                subject: doc.record.subject.clone(),
                reference: doc.record.reference(),
                date: doc.record.date.clone(),
                issuer: doc.record.issuer.clone(),
                reviewer: d.reviewer.clone(),
                note: d.note.clone(),
                sha256: sha,
            });
        }
    }
    write_csv(&pkg, &out.join("manifest.csv"), english)?;
    write_xlsx(&pkg, &out.join("manifest.xlsx"), english)?;
    Ok(pkg)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn row(i: &PackageItem) -> [String; 10] {
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    [
        i.code.clone(),
        i.criterion.clone(),
        i.file.clone(),
        o(&i.subject),
        o(&i.reference),
        o(&i.date),
        o(&i.issuer),
        o(&i.reviewer),
        o(&i.note),
        i.sha256.clone(),
    ]
}

fn headings(english: bool) -> [&'static str; 10] {
    COLUMNS.map(|(vi, en)| if english { en } else { vi })
}

/// CSV with a UTF-8 byte-order mark: Excel opens Vietnamese correctly only with it.
fn write_csv(pkg: &Package, path: &Path, english: bool) -> Result<(), PackageError> {
    let err = |e: &dyn std::fmt::Display| PackageError::Write {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    let mut buf: Vec<u8> = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut buf);
        w.write_record(headings(english)).map_err(|e| err(&e))?;
        for i in &pkg.items {
            w.write_record(row(i)).map_err(|e| err(&e))?;
        }
        w.flush().map_err(|e| err(&e))?;
    }
    let mut f = std::fs::File::create(path).map_err(|e| err(&e))?;
    f.write_all(&buf).map_err(|e| err(&e))
}

fn write_xlsx(pkg: &Package, path: &Path, english: bool) -> Result<(), PackageError> {
    let err = |e: &dyn std::fmt::Display| PackageError::Write {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(if english {
        "Evidence"
    } else {
        "Tài liệu kiểm chứng"
    })
    .map_err(|e| err(&e))?;
    let bold = Format::new().set_bold();
    for (c, h) in headings(english).iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)
            .map_err(|e| err(&e))?;
    }
    for (r, i) in pkg.items.iter().enumerate() {
        for (c, v) in row(i).iter().enumerate() {
            ws.write_string(r as u32 + 1, c as u16, v)
                .map_err(|e| err(&e))?;
        }
    }
    for (c, w) in [10, 40, 36, 50, 18, 12, 36, 16, 30, 66].iter().enumerate() {
        ws.set_column_width(c as u16, *w).map_err(|e| err(&e))?;
    }
    ws.set_freeze_panes(1, 0).map_err(|e| err(&e))?;
    wb.save(path).map_err(|e| err(&e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::doc;

    #[test]
    fn package_has_one_folder_per_code_and_a_manifest() {
        let src = tempfile::tempdir().expect("src");
        let out = tempfile::tempdir().expect("out");
        let mut docs = Vec::new();
        for (i, (num, sym, date)) in [
            ("47", "UBND-TTHC", "2022-01-06"),
            ("12", "KH-UBND", "2022-02-10"),
            ("5", "BC-UBND", "2022-12-01"),
        ]
        .iter()
        .enumerate()
        {
            let body = format!("văn bản {i}");
            let path = src.path().join(format!("{i}.pdf"));
            std::fs::write(&path, &body).expect("write");
            let mut d = doc("x", "Kế hoạch", Some(num), sym, "UBND tỉnh", date, "s", "");
            d.id = hex(&Sha256::digest(body.as_bytes()));
            d.path = path.display().to_string();
            docs.push(d);
        }
        let catalog = Catalog::from_toml(
            r#"
[framework]
id = "t"
name = "T"
[[criteria]]
code = "1"
name = "Lĩnh vực 1"
[[criteria]]
code = "1.1"
name = "Ban hành kế hoạch CCHC"
[[criteria]]
code = "1.2"
name = "Báo cáo"
"#,
        )
        .expect("catalog");
        let mut store = DecisionStore::default();
        store.reviewer = Some("lan".into());
        store.decide(
            "t",
            "1.1",
            &docs[0],
            DecisionStatus::Confirmed,
            Some("đúng hạn".into()),
        );
        store.decide("t", "1.1", &docs[1], DecisionStatus::Confirmed, None);
        store.decide("t", "1.2", &docs[2], DecisionStatus::Confirmed, None);
        // Confirmed then rejected: not in the package.
        store.decide("t", "1.2", &docs[1], DecisionStatus::Confirmed, None);
        store.decide("t", "1.2", &docs[1], DecisionStatus::Rejected, None);
        let target = out.path().join("goi");
        let pkg = export(&catalog, &docs, &store, &target, false).expect("export");
        let files: Vec<_> = pkg.items.iter().map(|i| i.file.as_str()).collect();
        assert_eq!(
            files,
            [
                "1.1/47-UBND-TTHC_2022-01-06.pdf",
                "1.1/12-KH-UBND_2022-02-10.pdf",
                "1.2/5-BC-UBND_2022-12-01.pdf"
            ]
        );
        assert!(pkg.problems.is_empty(), "{:?}", pkg.problems);
        assert_eq!(
            std::fs::read_to_string(target.join("1.2/5-BC-UBND_2022-12-01.pdf")).expect("copy"),
            "văn bản 2"
        );
        let csv = std::fs::read_to_string(target.join("manifest.csv")).expect("csv");
        let lines: Vec<_> = csv.lines().collect();
        assert!(
            lines[0].starts_with("\u{feff}Mã tiêu chí,Tiêu chí,Tệp"),
            "{}",
            lines[0]
        );
        assert_eq!(lines.len(), 4);
        assert!(lines[1].starts_with("1.1,Ban hành kế hoạch CCHC,1.1/47-UBND-TTHC_2022-01-06.pdf,s,47/UBND-TTHC,2022-01-06,UBND tỉnh,lan,đúng hạn,"));
        assert!(lines[1].ends_with(&docs[0].id));
        assert!(target.join("manifest.xlsx").metadata().expect("xlsx").len() > 1000);
        // A second export into the same folder is refused, nothing overwritten.
        assert!(matches!(
            export(&catalog, &docs, &store, &target, false),
            Err(PackageError::NotEmpty(_))
        ));
        // A file changed after ingest is a problem, not a silent copy.
        std::fs::write(&docs[2].path, "đã sửa").expect("edit");
        let pkg = export(&catalog, &docs, &store, &out.path().join("b"), true).expect("export");
        assert_eq!(pkg.items.len(), 2);
        assert_eq!(pkg.problems.len(), 1);
        assert_eq!(pkg.problems[0].code, "1.2");
        let csv = std::fs::read_to_string(out.path().join("b/manifest.csv")).expect("csv");
        assert!(csv.starts_with("\u{feff}Code,Criterion,File,Document,Reference"));
    }

    #[test]
    fn file_names_are_safe() {
        let mut d = doc("abcdef0123456789", "Công văn", None, "", "X", "", "s", "");
        d.record.symbol = None;
        d.path = "a/b/c.DOCX".into();
        assert_eq!(file_name(&d), "khong-so-abcdef012345.docx");
        assert_eq!(safe_part(" 04-NQ/TU: a*b "), "04-NQ-TU-_a-b");
    }
}
