//! Import a criteria table as provinces publish it (CSV or XLSX) into a catalog skeleton.
//!
//! Published tables are made for people, not programs: the header row sits under a title
//! and may span two rows, its names vary (`STT`, `TT`, `Số TT`; `Tiêu chí`, `Lĩnh vực/Tiêu
//! chí/Tiêu chí thành phần`, `Nội dung`; `Điểm tối đa`, `Điểm chuẩn`, `Thang điểm`), points use
//! decimal commas (`9,5`), areas are numbered in Roman (`I`, `II`) with Arabic criteria
//! restarting under each, and scoring options sit in their own unnumbered rows under the
//! sub-criterion they belong to. This module turns all of that into codes `1`, `1.1`,
//! `1.1.2`, names, points and scoring text; evidence rules are for the user to add.

use std::path::Path;

use kiemchung_extractors::text::{fold, nfc, squash_spaces};

use super::{Catalog, Criterion, Framework, normalize_code};

/// Why a table could not be imported. `Display` is Vietnamese; [`ImportError::message`]
/// gives either language.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("không đọc được {path}: {reason}")]
    Read { path: String, reason: ReadFailure },
    #[error("{0}: chỉ nhập được tệp .csv hoặc .xlsx/.xls/.ods")]
    UnknownFormat(String),
    #[error(
        "không tìm thấy dòng tiêu đề bảng (cần các cột STT / tên tiêu chí / điểm tối đa) trong 30 dòng đầu"
    )]
    NoHeader,
    #[error("bảng không có dòng tiêu chí nào có số thứ tự")]
    Empty,
    #[error("dòng {row}: điểm tối đa không đọc được {value:?}")]
    BadPoints { row: usize, value: String },
}

impl ImportError {
    /// The message in English (`english`) or Vietnamese (the `Display` text).
    pub fn message(&self, english: bool) -> String {
        if !english {
            return self.to_string();
        }
        match self {
            ImportError::Read { path, reason } => {
                format!("cannot read {path}: {}", reason.message(true))
            }
            ImportError::UnknownFormat(p) => {
                format!("{p}: only .csv or .xlsx/.xls/.ods files can be imported")
            }
            ImportError::NoHeader => "no table header row found (columns STT / criterion name / maximum points are needed) in the first 30 rows".to_owned(),
            ImportError::Empty => "the table has no criterion row with a number".to_owned(),
            ImportError::BadPoints { row, value } => {
                format!("row {row}: unreadable maximum points {value:?}")
            }
        }
    }

    /// The message in English.
    pub fn english(&self) -> String {
        self.message(true)
    }
}

/// Why the bytes of a table could not be read.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadFailure {
    /// The system's or a library's own words (file system, CSV, spreadsheet reader).
    Other(String),
    /// A CSV that is not UTF-8.
    NotUtf8,
    /// A workbook without a sheet.
    NoSheet,
    /// An XLSX/ODS that is not a valid zip.
    BadZip(String),
    /// Part `index` of the zip is damaged.
    BrokenPart { index: usize, error: String },
    /// Part `name` does not inflate.
    Inflate { name: String, error: String },
    /// Part `name` inflates beyond the cap of `mb` MB for the whole file.
    TooLarge { name: String, mb: u64 },
}

impl ReadFailure {
    /// The reason in English (`english`) or Vietnamese (the `Display` text).
    pub fn message(&self, english: bool) -> String {
        match (self, english) {
            (ReadFailure::Other(m), _) => m.clone(),
            (ReadFailure::NotUtf8, false) => {
                "không phải UTF-8 (lưu lại bảng dưới dạng CSV UTF-8)".to_owned()
            }
            (ReadFailure::NotUtf8, true) => "not UTF-8 (save the table as CSV UTF-8)".to_owned(),
            (ReadFailure::NoSheet, false) => "tệp không có trang tính nào".to_owned(),
            (ReadFailure::NoSheet, true) => "the file has no worksheet".to_owned(),
            (ReadFailure::BadZip(e), false) => {
                format!("không phải tệp bảng tính hợp lệ (zip hỏng): {e}")
            }
            (ReadFailure::BadZip(e), true) => format!("not a valid spreadsheet (broken zip): {e}"),
            (ReadFailure::BrokenPart { index, error }, false) => {
                format!("phần {index} của tệp bị hỏng: {error}")
            }
            (ReadFailure::BrokenPart { index, error }, true) => {
                format!("part {index} of the file is damaged: {error}")
            }
            (ReadFailure::Inflate { name, error }, false) => {
                format!("phần {name} không giải nén được: {error}")
            }
            (ReadFailure::Inflate { name, error }, true) => {
                format!("part {name} does not decompress: {error}")
            }
            (ReadFailure::TooLarge { name, mb }, false) => format!(
                "phần {name} giải nén ra quá {mb} MB (giới hạn chung cho cả tệp, như với DOCX): có thể là zip bomb, hoặc bảng quá lớn; từ chối nhập"
            ),
            (ReadFailure::TooLarge { name, mb }, true) => format!(
                "part {name} decompresses to more than {mb} MB (the cap for the whole file, as for DOCX): a zip bomb or a table too large; not imported"
            ),
        }
    }
}

impl std::fmt::Display for ReadFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(false))
    }
}

/// Reads a table file into rows of trimmed cell texts.
/// The kinds of table `criteria import` reads, by file extension.
enum TableKind {
    /// `.csv`, `.tsv` (and `.txt` given to `criteria import` itself).
    Text,
    /// `.xlsx`, `.xlsm`, `.xls`, `.ods`.
    Sheet,
}

fn table_kind(path: &Path) -> Option<TableKind> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "csv" | "tsv" | "txt" => Some(TableKind::Text),
        "xlsx" | "xlsm" | "xls" | "ods" => Some(TableKind::Sheet),
        _ => None,
    }
}

/// Whether `path` names a table `criteria import` reads, where a catalog is expected: a
/// `.txt` is no catalog table there.
pub fn is_table(path: &Path) -> bool {
    let txt = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"));
    table_kind(path).is_some() && !txt
}

/// The text of a CSV file as spreadsheets save it: UTF-8 (with or without a BOM), UTF-16
/// with a BOM (Excel's "Unicode Text"), or else Windows-1258 — the code page Excel's plain
/// "CSV" uses on a Vietnamese Windows, whose tones come as combining marks (made NFC here).
fn csv_text(bytes: &[u8]) -> String {
    if let Some((enc, _)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _, _) = enc.decode(bytes);
        return kiemchung_extractors::text::nfc(&text);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1258.decode(bytes);
            kiemchung_extractors::text::nfc(&text)
        }
    }
}

pub fn read_table(path: &Path) -> Result<Vec<Vec<String>>, ImportError> {
    let shown = path.display().to_string();
    let read_err = |reason: ReadFailure| ImportError::Read {
        path: shown.clone(),
        reason,
    };
    match table_kind(path) {
        Some(TableKind::Text) => {
            let bytes =
                std::fs::read(path).map_err(|e| read_err(ReadFailure::Other(e.to_string())))?;
            parse_csv(&csv_text(&bytes)).map_err(|e| read_err(ReadFailure::Other(e)))
        }
        Some(TableKind::Sheet) => read_sheet(path).map_err(read_err),
        None => Err(ImportError::UnknownFormat(shown)),
    }
}

/// Parses CSV text: BOM removed, delimiter guessed among `,` `;` tab (Excel in Vietnamese
/// locales writes `;` because the comma is the decimal separator).
pub fn parse_csv(text: &str) -> Result<Vec<Vec<String>>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let delim = sniff_delimiter(text);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| e.to_string())?;
        rows.push(rec.iter().map(clean_cell).collect());
    }
    Ok(rows)
}

fn sniff_delimiter(text: &str) -> u8 {
    let head: String = text.lines().take(10).collect::<Vec<_>>().join("\n");
    let count = |c: char| {
        let mut quoted = false;
        head.chars()
            .filter(|&ch| {
                if ch == '"' {
                    quoted = !quoted;
                }
                !quoted && ch == c
            })
            .count()
    };
    let (semi, comma, tab) = (count(';'), count(','), count('\t'));
    if tab > semi && tab > comma {
        b'\t'
    } else if semi > comma {
        b';'
    } else {
        b','
    }
}

fn read_sheet(path: &Path) -> Result<Vec<Vec<String>>, ReadFailure> {
    use calamine::{Data, Reader, open_workbook_auto};
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if matches!(ext.as_str(), "xlsx" | "xlsm" | "ods") {
        check_decompressed(
            path,
            kiemchung_extractors::Options::default().max_decompressed_bytes,
        )?;
    }
    let other = |e: calamine::Error| ReadFailure::Other(e.to_string());
    let mut wb = open_workbook_auto(path).map_err(other)?;
    let range = wb
        .worksheet_range_at(0)
        .ok_or(ReadFailure::NoSheet)?
        .map_err(other)?;
    Ok(range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Empty => String::new(),
                    Data::String(s) => clean_cell(s),
                    Data::Float(f) => fmt_number(*f),
                    Data::Int(i) => i.to_string(),
                    Data::Bool(b) => b.to_string(),
                    Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
                    Data::DateTime(d) => d.as_f64().to_string(),
                    Data::Error(_) => String::new(),
                })
                .collect()
        })
        .collect())
}

/// Refuses a zip package (XLSX, ODS) whose parts expand beyond `limit` bytes together, the
/// cap the DOCX reader uses. Why before calamine: it trusts the sizes in the zip headers and
/// reserves memory for them, so an 8 MB XLSX claiming a 17 GB sheet aborted the process.
/// Every part is inflated into nothing, counting bytes, never trusting a declared size.
fn check_decompressed(path: &Path, limit: u64) -> Result<(), ReadFailure> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| ReadFailure::Other(e.to_string()))?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file))
        .map_err(|e| ReadFailure::BadZip(e.to_string()))?;
    let mut left = limit;
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|e| ReadFailure::BrokenPart {
            index: i,
            error: e.to_string(),
        })?;
        let name = part
            .name()
            .map(|n| n.into_owned())
            .unwrap_or_else(|_| format!("#{i}"));
        let got = std::io::copy(
            &mut (&mut part).take(left.saturating_add(1)),
            &mut std::io::sink(),
        )
        .map_err(|e| ReadFailure::Inflate {
            name: name.clone(),
            error: e.to_string(),
        })?;
        if got > left {
            return Err(ReadFailure::TooLarge {
                name,
                mb: limit >> 20,
            });
        }
        left -= got;
    }
    Ok(())
}

/// A number cell as a table shows it: `1`, `9.5` (a code stored as a number, `1.1`, keeps
/// its digits).
fn fmt_number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        let s = format!("{f:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

fn clean_cell(s: &str) -> String {
    squash_spaces(&nfc(s))
}

/// Points as written: `9,5`, `9.5`, ` 10 `, `1,50 điểm`; empty or a dash is `None`.
#[allow(clippy::result_unit_err)]
pub fn parse_points(s: &str) -> Result<Option<f64>, ()> {
    let t = s.trim();
    let t = t
        .strip_suffix("điểm")
        .or_else(|| t.strip_suffix("đ"))
        .unwrap_or(t)
        .trim();
    if t.is_empty() || t == "-" || t == "—" || t == "–" {
        return Ok(None);
    }
    let t = t.replace(',', ".");
    t.parse::<f64>().map(Some).map_err(|_| ())
}

/// The columns found in the header row.
#[derive(Debug, Clone, Copy)]
struct Columns {
    header_row: usize,
    code: usize,
    name: usize,
    points: Option<usize>,
    scoring: Option<usize>,
    /// "Ghi chú": the official tables mark survey-scored items there (ĐTXHH).
    note: Option<usize>,
    /// "Tài liệu kiểm chứng": what the table says proves each criterion (kept as `tlkc`).
    tlkc: Option<usize>,
}

fn find_columns(rows: &[Vec<String>]) -> Option<Columns> {
    for (r, row) in rows.iter().enumerate().take(30) {
        let folded: Vec<String> = row.iter().map(|c| fold(c)).collect();
        let code = folded.iter().position(|c| {
            let c = c.trim_end_matches('.');
            matches!(
                c,
                "stt" | "tt" | "so tt" | "so thu tu" | "ma" | "ma so" | "ma tieu chi" | "code"
            )
        });
        let name = folded.iter().position(|c| {
            c.contains("tieu chi") && !c.starts_with("ma ")
                || c.contains("noi dung")
                || c.contains("linh vuc")
                || c == "ten"
                || c == "name"
        });
        let (Some(code), Some(name)) = (code, name) else {
            continue;
        };
        if code == name {
            continue;
        }
        let pick = |pred: &dyn Fn(&str) -> bool| {
            folded
                .iter()
                .enumerate()
                .position(|(i, c)| i != code && i != name && pred(c))
        };
        let points = pick(&|c| c.contains("toi da"))
            .or_else(|| pick(&|c| c.contains("diem chuan") || c.contains("thang diem")))
            .or_else(|| pick(&|c| c == "diem" || c == "so diem" || c == "max_points"));
        let scoring = pick(&|c| {
            c.contains("cach cham")
                || c.contains("phuong phap")
                || c.contains("huong dan cham")
                || c.contains("cach tinh")
                || c == "scoring"
        });
        let note = pick(&|c| c.contains("ghi chu") || c == "note");
        let tlkc = pick(&|c| {
            c.contains("kiem chung") || c.contains("minh chung") || c == "tlkc" || c == "evidence"
        });
        return Some(Columns {
            header_row: r,
            code,
            name,
            points,
            scoring,
            note,
            tlkc,
        });
    }
    None
}

/// A Roman numeral `I`..`XXX` (area numbers), as a number.
pub fn roman(s: &str) -> Option<u32> {
    let s = s.trim().trim_end_matches('.');
    if s.is_empty() || s.len() > 7 {
        return None;
    }
    let mut total = 0u32;
    let mut prev = 0u32;
    for ch in s.chars().rev() {
        let v = match ch {
            'I' => 1,
            'V' => 5,
            'X' => 10,
            'L' => 50,
            _ => return None,
        };
        if v < prev {
            total = total.checked_sub(v)?;
        } else {
            total += v;
            prev = v;
        }
    }
    (total > 0).then_some(total)
}

/// What the code cell of a row says.
#[derive(Debug, PartialEq)]
enum RowCode {
    Area(u32),
    Arabic(String),
    /// `a)`, `-`, `+`, empty: a scoring option or a note under the previous node.
    Other,
}

fn classify(code: &str) -> RowCode {
    let c = code.trim();
    if let Some(n) = roman(c) {
        return RowCode::Area(n);
    }
    let norm = normalize_code(c);
    if super::is_valid_code(&norm) {
        RowCode::Arabic(norm)
    } else {
        RowCode::Other
    }
}

fn cell(row: &[String], i: usize) -> &str {
    row.get(i).map(String::as_str).unwrap_or("")
}

/// Turns table rows into a catalog. `id` and `name` default the framework when the table
/// has no title row.
pub fn rows_to_catalog(rows: &[Vec<String>], id: &str) -> Result<Catalog, ImportError> {
    let cols = find_columns(rows).ok_or(ImportError::NoHeader)?;
    let title = rows[..cols.header_row]
        .iter()
        .flat_map(|r| r.iter())
        .find(|c| !c.is_empty())
        .cloned();

    let mut criteria: Vec<Criterion> = Vec::new();
    let mut total_points = None;
    let mut area: Option<u32> = None;
    // Within a Roman area: are Arabic codes relative to it (`1`, `1.1` under `II`)?
    let mut relative: Option<bool> = None;
    for (r, row) in rows.iter().enumerate().skip(cols.header_row + 1) {
        let code_cell = cell(row, cols.code);
        let name = cell(row, cols.name).to_owned();
        let points_raw = cols.points.map(|i| cell(row, i)).unwrap_or("");
        let scoring = cols
            .scoring
            .map(|i| cell(row, i))
            .filter(|s| !s.is_empty())
            .map(str::to_owned);
        if row.iter().all(|c| c.is_empty()) {
            continue;
        }
        let code = match classify(code_cell) {
            RowCode::Area(n) => {
                area = Some(n);
                relative = None;
                n.to_string()
            }
            RowCode::Arabic(c) => match area {
                None => c,
                Some(a) => {
                    let rel = *relative.get_or_insert_with(|| {
                        !(super::depth(&c) >= 2 && super::area_code(&c) == a.to_string())
                    });
                    if rel { format!("{a}.{c}") } else { c }
                }
            },
            RowCode::Other => {
                // TLKC text on a row of its own (a cell the table did not merge): the last
                // node's.
                if let (Some(last), Some(i)) = (criteria.last_mut(), cols.tlkc) {
                    push_tlkc(&mut last.extra, cell(row, i));
                }
                if code_cell.is_empty() && is_total_row(&name) {
                    if let Ok(Some(p)) = parse_points(points_raw) {
                        total_points = Some(p);
                    }
                    continue;
                }
                // A scoring option under the last node (`Ban hành kịp thời | 1`).
                if let Some(last) = criteria.last_mut() {
                    let mut option = name.clone();
                    if !points_raw.is_empty() {
                        // Numbers as the table shows them (`0,5`), whether the cell held
                        // text or a number.
                        let pts = match parse_points(points_raw) {
                            Ok(Some(p)) => super::fmt_points(p),
                            _ => points_raw.to_owned(),
                        };
                        option = if option.is_empty() {
                            pts
                        } else {
                            format!("{option}: {pts}")
                        };
                    }
                    if let Some(s) = &scoring {
                        option = if option.is_empty() {
                            s.clone()
                        } else {
                            format!("{option} ({s})")
                        };
                    }
                    if !option.is_empty() {
                        // Appended in place: rebuilding the string per option made a long
                        // run of option rows quadratic.
                        match &mut last.scoring {
                            Some(prev) => {
                                prev.push_str("; ");
                                prev.push_str(&option);
                            }
                            None => last.scoring = Some(option),
                        }
                    }
                }
                continue;
            }
        };
        let max_points = parse_points(points_raw).map_err(|()| ImportError::BadPoints {
            row: r + 1,
            value: points_raw.to_owned(),
        })?;
        let mut extra = std::collections::BTreeMap::new();
        if let Some(note) = cols.note.map(|i| cell(row, i)).filter(|n| !n.is_empty()) {
            let f = fold(note);
            if f.contains("dtxhh") || f.contains("dieu tra xa hoi hoc") {
                extra.insert("survey".to_owned(), toml::Value::Boolean(true));
            }
            extra.insert("note".to_owned(), toml::Value::String(note.to_owned()));
        }
        if let Some(i) = cols.tlkc {
            push_tlkc(&mut extra, cell(row, i));
        }
        criteria.push(Criterion {
            code,
            name,
            max_points,
            scoring,
            extra,
            ..Criterion::default()
        });
    }
    if criteria.is_empty() {
        return Err(ImportError::Empty);
    }
    Ok(Catalog {
        framework: Framework {
            id: id.to_owned(),
            name: title.unwrap_or_else(|| id.to_owned()),
            total_points,
            ..Framework::default()
        },
        criteria,
    })
}

/// Adds the TLKC items of a table cell to a node's `tlkc` list, one item per line as the
/// official tables write them (`- Kế hoạch CCHC năm;` / `- Báo cáo CCHC năm;`), or per `;`
/// when a converter put the list on one line.
fn push_tlkc(extra: &mut std::collections::BTreeMap<String, toml::Value>, text: &str) {
    let items: Vec<toml::Value> = text
        .lines()
        .flat_map(|l| {
            if l.matches(';').count() > 1 {
                l.split_inclusive(';').collect::<Vec<_>>()
            } else {
                vec![l]
            }
        })
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| toml::Value::String(l.to_owned()))
        .collect();
    if items.is_empty() {
        return;
    }
    match extra
        .entry("tlkc".to_owned())
        .or_insert_with(|| toml::Value::Array(Vec::new()))
    {
        toml::Value::Array(list) => list.extend(items),
        other => *other = toml::Value::Array(items),
    }
}

/// Whether an unnumbered row is the table's total: "Cộng", "Tổng cộng", "Tổng điểm". Folding
/// would make "Công khai TTHC…" (a scoring row of 3.2.2 in the 2025 provincial table) look
/// like "Cộng", so the first word is compared with its diacritics.
fn is_total_row(name: &str) -> bool {
    let lower = kiemchung_extractors::text::nfc(name.trim()).to_lowercase();
    let first = lower
        .split(|c: char| c.is_whitespace() || c == ':' || c == '.')
        .next()
        .unwrap_or("");
    first == "cộng" || first == "tổng"
}

/// Reads and converts a file; the framework id is the file name without extension.
pub fn import_file(path: &Path) -> Result<Catalog, ImportError> {
    let rows = read_table(path)?;
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "imported".to_owned());
    rows_to_catalog(&rows, &id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    const CAMAU_CSV: &str = "\
BẢNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH;;;
STT;Lĩnh vực/Tiêu chí/Tiêu chí thành phần;Điểm tối đa;Tự đánh giá
I;CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC;20;
1;Kế hoạch CCHC năm;5;
1.1;Ban hành kế hoạch CCHC năm;1;
;Ban hành kịp thời;1;
;Ban hành không kịp thời;0,5;
;Không ban hành;0;
1.2;Mức độ thực hiện kế hoạch CCHC;2,5;
II;CẢI CÁCH THỂ CHẾ;10,5;
1;Rà soát văn bản QPPL;\"1,5\";
;Tổng cộng;30,5;
";

    #[test]
    fn cong_rows_are_scoring_options_and_cong_rows_are_totals() {
        let rows: Vec<Vec<String>> = [
            ["STT", "Tiêu chí", "Điểm tối đa", "Ghi chú"],
            [
                "3.2.2",
                "Công khai TTHC và các quy định có liên quan",
                "1,5",
                "",
            ],
            ["", "Công khai đầy đủ, đúng quy định", "1,5", ""],
            ["", "Công khai không đầy đủ", "0", ""],
            ["3.2.3", "Mức độ hài lòng về TTHC", "1", "ĐTXHH"],
            ["", "Cộng", "2,5", ""],
        ]
        .iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
        let cat = rows_to_catalog(&rows, "t").expect("catalog");
        assert_eq!(cat.framework.total_points, Some(2.5));
        assert_eq!(
            cat.criteria[0].scoring.as_deref(),
            Some("Công khai đầy đủ, đúng quy định: 1,5; Công khai không đầy đủ: 0")
        );
        assert_eq!(
            cat.criteria[1].extra.get("survey"),
            Some(&toml::Value::Boolean(true))
        );
        assert!(is_total_row("TỔNG CỘNG"));
        assert!(!is_total_row("Công bố TTHC"));
    }

    #[test]
    fn decimal_commas() {
        assert_eq!(parse_points("0,5"), Ok(Some(0.5)));
        assert_eq!(parse_points("9,38"), Ok(Some(9.38)));
        assert_eq!(parse_points(" 13 "), Ok(Some(13.0)));
        assert_eq!(parse_points("1.5"), Ok(Some(1.5)));
        assert_eq!(parse_points("2 điểm"), Ok(Some(2.0)));
        assert_eq!(parse_points(""), Ok(None));
        assert_eq!(parse_points("-"), Ok(None));
        assert_eq!(parse_points("một"), Err(()));
    }

    #[test]
    fn roman_numerals() {
        assert_eq!(roman("I"), Some(1));
        assert_eq!(roman("IV."), Some(4));
        assert_eq!(roman("VIII"), Some(8));
        assert_eq!(roman("XII"), Some(12));
        assert_eq!(roman("1"), None);
        assert_eq!(roman("a"), None);
    }

    #[test]
    fn roman_areas_with_relative_arabic_criteria() {
        let rows = parse_csv(CAMAU_CSV).expect("csv");
        let cat = rows_to_catalog(&rows, "camau").expect("import");
        let got: Vec<(&str, &str, Option<f64>)> = cat
            .criteria
            .iter()
            .map(|c| (c.code.as_str(), c.name.as_str(), c.max_points))
            .collect();
        assert_eq!(
            got,
            vec![
                ("1", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC", Some(20.0)),
                ("1.1", "Kế hoạch CCHC năm", Some(5.0)),
                ("1.1.1", "Ban hành kế hoạch CCHC năm", Some(1.0)),
                ("1.1.2", "Mức độ thực hiện kế hoạch CCHC", Some(2.5)),
                ("2", "CẢI CÁCH THỂ CHẾ", Some(10.5)),
                ("2.1", "Rà soát văn bản QPPL", Some(1.5)),
            ]
        );
        assert_eq!(
            cat.criteria[2].scoring.as_deref(),
            Some("Ban hành kịp thời: 1; Ban hành không kịp thời: 0,5; Không ban hành: 0")
        );
        assert_eq!(cat.framework.total_points, Some(30.5));
        assert_eq!(cat.framework.name, "BẢNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH");
        assert!(cat.validate().is_empty(), "{:?}", cat.validate());
    }

    #[test]
    fn absolute_codes_under_roman_areas_are_kept() {
        let csv = "TT,Tiêu chí,Điểm chuẩn\nI,Chỉ đạo điều hành,10\n1.1,Kế hoạch,\"4,5\"\n1.1.1,Ban hành,1\nII,Thể chế,8\n2.1,Rà soát,3\n";
        let cat = rows_to_catalog(&parse_csv(csv).expect("csv"), "x").expect("import");
        let codes: Vec<&str> = cat.criteria.iter().map(|c| c.code.as_str()).collect();
        assert_eq!(codes, ["1", "1.1", "1.1.1", "2", "2.1"]);
        assert_eq!(cat.criteria[1].max_points, Some(4.5));
    }

    #[test]
    fn header_names_vary_and_are_matched_folded() {
        let csv = "Số TT\tNội dung\tThang điểm\tCách chấm\n1\tChỉ đạo\t10\t\n1.1\tKế hoạch\t2\tCó: 2; Không: 0\n";
        let cat = rows_to_catalog(&parse_csv(csv).expect("csv"), "x").expect("import");
        assert_eq!(cat.criteria.len(), 2);
        assert_eq!(cat.criteria[1].scoring.as_deref(), Some("Có: 2; Không: 0"));
        assert_eq!(cat.criteria[0].max_points, Some(10.0));
    }

    /// The official tables list each criterion's tài liệu kiểm chứng in a column of their
    /// own: the items are kept (a cell of lines, a one-line list, text on an unmerged row below).
    #[test]
    fn the_tlkc_column_is_kept_item_by_item() {
        let csv = "STT,Tiêu chí,Điểm tối đa,Tài liệu kiểm chứng\n\
                   1,Công tác chỉ đạo,9,\n\
                   1.1,Thực hiện kế hoạch CCHC,\"1,5\",\"- Kế hoạch CCHC năm;\n- Báo cáo CCHC năm;\n- TLKC khác nếu có.\"\n\
                   1.2,Báo cáo CCHC định kỳ,\"0,5\",- Báo cáo quý I; - Báo cáo 6 tháng; - Báo cáo năm\n\
                   ,Thực hiện đầy đủ,\"0,5\",\n\
                   1.3,Kiểm tra CCHC,2,Kế hoạch kiểm tra\n\
                   ,,,Thông báo kết luận kiểm tra\n";
        let cat = rows_to_catalog(&parse_csv(csv).expect("csv"), "x").expect("import");
        let tlkc = |code: &str| {
            cat.criteria
                .iter()
                .find(|c| c.code == code)
                .expect(code)
                .tlkc()
        };
        assert!(tlkc("1").is_empty());
        assert_eq!(
            tlkc("1.1"),
            ["Kế hoạch CCHC năm", "Báo cáo CCHC năm", "TLKC khác nếu có"]
        );
        assert_eq!(
            tlkc("1.2"),
            ["Báo cáo quý I", "Báo cáo 6 tháng", "Báo cáo năm"]
        );
        assert_eq!(
            tlkc("1.3"),
            ["Kế hoạch kiểm tra", "Thông báo kết luận kiểm tra"]
        );
        // The catalog written out keeps them, and reads back the same.
        let text = toml::to_string(&cat).expect("toml");
        let back: super::super::Catalog = toml::from_str(&text).expect("read back");
        assert_eq!(back.criteria[1].tlkc(), tlkc("1.1"));
    }

    /// A CSV saved by Excel on a Vietnamese Windows (code page 1258: tones as combining marks)
    /// or as "Unicode Text" (UTF-16 with a BOM, tabs) reads as the UTF-8 one does.
    #[test]
    fn csv_in_the_encodings_spreadsheets_save() {
        let utf8 = "STT;Tiêu chí;Điểm tối đa\n1;Công tác chỉ đạo;2\n1.1;Kế hoạch CCHC;\"1,5\"\n";
        let want = rows_to_catalog(&parse_csv(utf8).expect("csv"), "x").expect("import");
        // Letters of code page 1258 with their tones as marks, as that code page writes them.
        let cp1258_text = "STT;Ti\u{ea}u chi\u{301};\u{110}i\u{ea}\u{309}m t\u{f4}\u{301}i \u{111}a\n\
                           1;C\u{f4}ng ta\u{301}c chi\u{309} \u{111}a\u{323}o;2\n\
                           1.1;K\u{ea}\u{301} hoa\u{323}ch CCHC;\"1,5\"\n";
        let (bytes, _, unmapped) = encoding_rs::WINDOWS_1258.encode(cp1258_text);
        assert!(!unmapped);
        assert!(
            std::str::from_utf8(&bytes).is_err(),
            "a real code-page file"
        );
        let utf16: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain(
                utf8.replace(';', "\t")
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            )
            .collect();
        let bom8: Vec<u8> = [0xef, 0xbb, 0xbf].into_iter().chain(utf8.bytes()).collect();
        for bytes in [bytes.to_vec(), utf16, bom8] {
            let got =
                rows_to_catalog(&parse_csv(&csv_text(&bytes)).expect("csv"), "x").expect("import");
            assert_eq!(got.criteria, want.criteria);
        }
        assert_eq!(want.criteria[0].name, "Công tác chỉ đạo");
    }

    #[test]
    fn bad_tables_are_reported() {
        let no_header = parse_csv("a,b,c\n1,2,3\n").expect("csv");
        assert!(matches!(
            rows_to_catalog(&no_header, "x"),
            Err(ImportError::NoHeader)
        ));
        let bad_points = parse_csv("STT;Tiêu chí;Điểm tối đa\n1;Chỉ đạo;mười\n").expect("csv");
        let err = rows_to_catalog(&bad_points, "x").expect_err("bad points");
        assert!(
            matches!(err, ImportError::BadPoints { row: 2, .. }),
            "{err:?}"
        );
        assert_eq!(
            err.to_string(),
            "dòng 2: điểm tối đa không đọc được \"mười\""
        );
        assert_eq!(err.english(), "row 2: unreadable maximum points \"mười\"");
    }

    #[test]
    fn xlsx_zip_bomb_is_refused_with_a_clear_message() {
        // fixtures/hostile/xlsx_zip_bomb.xlsx (make_hostile.py): a 100 KB file whose sheet
        // inflates to 100 MiB, over the DOCX cap of 64 MiB.
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/hostile/xlsx_zip_bomb.xlsx");
        assert!(std::fs::metadata(&path).expect("hostile fixture").len() < 1 << 20);
        match import_file(&path) {
            Err(e @ ImportError::Read { .. }) => {
                let ImportError::Read { path: shown, .. } = &e else {
                    unreachable!()
                };
                assert!(shown.ends_with("xlsx_zip_bomb.xlsx"), "{shown}");
                let message = e.to_string();
                assert!(message.contains("xl/worksheets/sheet1.xml"), "{message}");
                assert!(
                    message.contains("64 MB") && message.contains("zip bomb"),
                    "{message}"
                );
                assert!(message.contains("giải nén ra quá"), "{message}");
                let en = e.english();
                assert!(
                    en.contains("part xl/worksheets/sheet1.xml decompresses to more than 64 MB"),
                    "{en}"
                );
                assert!(en.starts_with("cannot read "), "{en}");
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn xlsx_round_trip_gives_the_csv_catalog() {
        let rows = parse_csv(CAMAU_CSV).expect("csv");
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("camau.xlsx");
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (r, c16) = (r as u32, c as u16);
                // Points as numbers (as spreadsheets store them), codes as text.
                let written = match parse_points(v) {
                    Ok(Some(p)) if c == 2 && r >= 2 => ws.write_number(r, c16, p).map(|_| ()),
                    _ if v.is_empty() => Ok(()),
                    _ => ws.write_string(r, c16, v).map(|_| ()),
                };
                written.expect("write cell");
            }
        }
        wb.save(&path).expect("save xlsx");
        let from_xlsx = import_file(&path).expect("import xlsx");
        let from_csv = rows_to_catalog(&rows, "camau").expect("import csv");
        assert_eq!(from_xlsx, from_csv);
        assert_eq!(from_xlsx.criteria[3].max_points, Some(2.5));
    }

    #[test]
    fn shipped_csv_and_xlsx_are_the_demo_catalog() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/criteria");
        let csv = import_file(&dir.join("demo-tinh-2022-table.csv")).expect("csv");
        let xlsx = import_file(&dir.join("demo-tinh-2022-table.xlsx")).expect("xlsx");
        assert_eq!(csv, xlsx);
        let demo = Catalog::load(&dir.join("demo-tinh-2022.toml")).expect("demo");
        let skeleton = |c: &Catalog| {
            c.criteria
                .iter()
                .map(|x| {
                    (
                        x.code.clone(),
                        x.name.clone(),
                        x.max_points,
                        x.scoring.clone(),
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(skeleton(&csv), skeleton(&demo));
    }
}
