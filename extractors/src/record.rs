//! The document record: the one contract every checker reads.
//!
//! Field names and meanings follow `shared/spec/extract-json.md` (Nghị định 30/2020/NĐ-CP
//! terms). Fields may be added; none may be renamed or change meaning. Values keep the
//! document's own Vietnamese text, NFC-normalised, without markdown emphasis.

use serde::{Deserialize, Serialize};

/// One input file turned into the Nghị định 30/2020 document record.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Record {
    /// The input path as given.
    pub source: String,
    /// Hex SHA-256 of the file's bytes.
    pub sha256: String,
    /// `txt`, `md`, `pdf`, `docx`, `html`.
    pub format: String,
    /// Tên loại, as in Điều 7 with the first letter capitalised (`"Công văn"`).
    pub doc_type: Option<String>,
    /// Số, digits as written; `None` when left blank.
    pub number: Option<String>,
    /// Ký hiệu: everything after the number's `/`, spaces removed.
    pub symbol: Option<String>,
    /// Tên cơ quan ban hành, full form in sentence case.
    pub issuer: Option<String>,
    /// Cơ quan chủ quản, the line above the issuer when present.
    pub issuer_parent: Option<String>,
    /// Địa danh.
    pub place: Option<String>,
    /// Ngày ban hành: `YYYY-MM-DD`, or `YYYY-MM` / `YYYY` when left partly blank.
    pub date: Option<String>,
    /// Trích yếu, one line.
    pub subject: Option<String>,
    /// `Kính gửi` entries, in order.
    pub recipients: Vec<String>,
    /// `Nơi nhận` entries, in order.
    pub cc: Vec<String>,
    /// Người ký.
    pub signer: Option<Signer>,
    /// Nhiệm vụ giao.
    pub tasks: Vec<Task>,
    /// Văn bản được viện dẫn, one per distinct cited document, in order of first mention.
    pub citations: Vec<Citation>,
    /// Score statements (`đạt: 9,38/9,5 điểm`) found in reports and notices.
    pub scores: Vec<Score>,
    /// Digital-signature stamps, kept out of the document body.
    pub signature_stamps: Vec<SignatureStamp>,
    /// Number of pages, for paged formats.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages: Option<u32>,
    /// Why the file could not be read; the other fields may then be empty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Stable snake_case codes for what the extractor could not settle (see [`crate::warnings`]).
    pub warnings: Vec<String>,
    /// Legacy Vietnamese encodings the text was converted from (`"TCVN3"`, `"VNI"`,
    /// `"VISCII"`, `"VPS"`), with warning `legacy_encoding`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub legacy_encodings: Vec<String>,
}

/// Người ký: thẩm quyền ký (`KT. CHỦ TỊCH`), chức vụ (`PHÓ CHỦ TỊCH`) and name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signer {
    /// The TM./KT./TL./TUQ./Q. lines joined by `" / "`.
    pub authority: Option<String>,
    pub title: Option<String>,
    pub name: Option<String>,
}

/// One assignment of work to named bodies.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Task {
    pub assignees: Vec<String>,
    /// `"chủ trì"`, `"phối hợp"` or `None`.
    pub role: Option<String>,
    /// ISO date, possibly partial (`"2023-12"`).
    pub deadline: Option<String>,
    /// The duty itself.
    pub text: String,
}

/// A document cited in the body or subject.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Citation {
    pub doc_type: Option<String>,
    /// `"23/BNV-CCHC"`, `"04-NQ/TU"`, `"61/2018/NĐ-CP"`.
    pub reference: String,
    pub date: Option<String>,
    pub issuer: Option<String>,
}

/// A score statement: `label`, points achieved, and the maximum when given.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Score {
    pub label: String,
    pub points: f64,
    pub max: Option<f64>,
}

/// A digital-signature stamp found on a page or in a signature field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SignatureStamp {
    pub signer: Option<String>,
    /// RFC 3339 with offset, e.g. `2025-01-26T11:12:09+07:00`.
    pub time: Option<String>,
    /// The stamp's text as printed.
    pub text: String,
}

impl Record {
    /// `number/symbol` as written in the header (`"47/UBND-TTHC"`), or the symbol alone when
    /// the number is blank.
    pub fn reference(&self) -> Option<String> {
        match (&self.number, &self.symbol) {
            (Some(n), Some(s)) if s.contains('/') && !s.contains('-') => {
                // Party style `04-NQ/TU`: the number joins with a dash.
                Some(format!("{n}-{s}"))
            }
            (Some(n), Some(s)) => Some(format!("{n}/{s}")),
            (None, Some(s)) => Some(s.clone()),
            (Some(n), None) => Some(n.clone()),
            (None, None) => None,
        }
    }

    /// Adds a warning code once.
    pub fn warn(&mut self, code: &str) {
        if !self.warnings.iter().any(|w| w == code) {
            self.warnings.push(code.to_owned());
        }
    }

    /// The year of the issue date, when known.
    pub fn year(&self) -> Option<i32> {
        self.date.as_deref()?.get(..4)?.parse().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_joins_number_and_symbol() {
        let mut r = Record {
            number: Some("47".into()),
            symbol: Some("UBND-TTHC".into()),
            ..Record::default()
        };
        assert_eq!(r.reference().as_deref(), Some("47/UBND-TTHC"));
        r.symbol = Some("NQ/TU".into());
        r.number = Some("04".into());
        assert_eq!(r.reference().as_deref(), Some("04-NQ/TU"));
        r.symbol = Some("2022/NQ-HĐND".into());
        r.number = Some("11".into());
        assert_eq!(r.reference().as_deref(), Some("11/2022/NQ-HĐND"));
    }

    #[test]
    fn error_is_omitted_when_absent() {
        let json = serde_json::to_string(&Record::default()).unwrap();
        assert!(!json.contains("\"error\""));
        assert!(json.contains("\"warnings\":[]"));
    }
}
