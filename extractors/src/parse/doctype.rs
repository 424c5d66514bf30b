//! Tên loại văn bản and their abbreviations.
//!
//! Nghị định 30/2020/NĐ-CP, Điều 7 lists the types of administrative documents and Phụ lục
//! III their abbreviations, used as the first part of a ký hiệu (`QĐ-UBND`). The codes are
//! case-sensitive where two types differ only by case or by Đ/D: `CT` Chỉ thị vs `CTr`
//! Chương trình, `QĐ` Quyết định vs `QyĐ` Quy định, `ĐA` Đề án vs `DA` Dự án. A công văn
//! has no code: its symbol starts with the issuer (`UBND-TTHC`) and its subject with `V/v`.
//! Legal documents (Luật Ban hành văn bản quy phạm pháp luật) add `NĐ`, `TT`, `TTLT`, `L`.

use crate::text::fold;

/// `(code, name)` for Phụ lục III and the legal types.
pub const TYPE_CODES: &[(&str, &str)] = &[
    ("NQ", "Nghị quyết"),
    ("QĐ", "Quyết định"),
    ("CT", "Chỉ thị"),
    ("QC", "Quy chế"),
    ("QyĐ", "Quy định"),
    ("TC", "Thông cáo"),
    ("TB", "Thông báo"),
    ("HD", "Hướng dẫn"),
    ("CTr", "Chương trình"),
    ("KH", "Kế hoạch"),
    ("PA", "Phương án"),
    ("ĐA", "Đề án"),
    ("DA", "Dự án"),
    ("BC", "Báo cáo"),
    ("BB", "Biên bản"),
    ("TTr", "Tờ trình"),
    ("HĐ", "Hợp đồng"),
    ("CĐ", "Công điện"),
    ("BGN", "Bản ghi nhớ"),
    ("BTT", "Bản thỏa thuận"),
    ("GUQ", "Giấy ủy quyền"),
    ("GM", "Giấy mời"),
    ("GGT", "Giấy giới thiệu"),
    ("GNP", "Giấy nghỉ phép"),
    ("PG", "Phiếu gửi"),
    ("PC", "Phiếu chuyển"),
    ("PB", "Phiếu báo"),
    // Legal documents.
    ("NĐ", "Nghị định"),
    ("TT", "Thông tư"),
    ("TTLT", "Thông tư liên tịch"),
    ("NQLT", "Nghị quyết liên tịch"),
    ("L", "Luật"),
    ("PL", "Pháp lệnh"),
    ("QĐ-TTg", "Quyết định"),
    // Party documents (Hướng dẫn 36-HD/VPTW): `45-KL/TW`.
    ("KL", "Kết luận"),
];

/// Type names that may stand alone on the type-name line, in addition to those in
/// [`TYPE_CODES`].
pub const EXTRA_NAMES: &[&str] = &[
    "Công văn",
    "Thông tư liên tịch",
    "Lệnh",
    "Sắc lệnh",
    "Hiến pháp",
    "Bộ luật",
    // Internal routing slip of an office (not in Điều 7, in every office archive).
    "Phiếu trình",
    // Party documents.
    "Thông tri",
];

/// Full titles offices print on the type-name line of a standard form, and the type they are.
/// `PHIẾU TRÌNH GIẢI QUYẾT CÔNG VIỆC` is the form of the provincial offices (Văn phòng UBND).
pub const FORM_TITLES: &[(&str, &str)] = &[("Phiếu trình giải quyết công việc", "Phiếu trình")];

/// The type name a ký hiệu code stands for (`"QĐ"` → `"Quyết định"`), case-sensitive.
pub fn name_for_code(code: &str) -> Option<&'static str> {
    TYPE_CODES.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}

/// The type code of a symbol: `QĐ-UBND` → `QĐ`; legal style `2022/NQ-HĐND` → `NQ`; Party
/// style `NQ/TU` → `NQ`; a công văn's `UBND-TTHC` → `None` (its first part is no type code).
pub fn code_of_symbol(symbol: &str) -> Option<&str> {
    let s = symbol.trim();
    // Legal style: a year first.
    let s = match s.split_once('/') {
        Some((year, rest)) if year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()) => rest,
        _ => s,
    };
    let first = s.split(['-', '/']).next()?;
    name_for_code(first).map(|_| first)
}

/// The type name implied by a symbol, if its first part is a type code.
pub fn name_for_symbol(symbol: &str) -> Option<&'static str> {
    code_of_symbol(symbol).and_then(name_for_code)
}

/// The canonical spelling of a type name written in any case or without diacritics
/// (`"QUYẾT ĐỊNH"`, `"quyet dinh"` → `"Quyết định"`).
pub fn canonical_name(s: &str) -> Option<&'static str> {
    // Every header cell is tried: the names are folded once, not on each call.
    static FOLDED: std::sync::LazyLock<Vec<(String, &'static str)>> =
        std::sync::LazyLock::new(|| {
            TYPE_CODES
                .iter()
                .map(|(_, n)| (*n, *n))
                .chain(EXTRA_NAMES.iter().map(|n| (*n, *n)))
                .chain(FORM_TITLES.iter().copied())
                .map(|(written, name)| (fold(written), name))
                .collect()
        });
    let f = fold(crate::text::squash_spaces(s).as_str());
    FOLDED.iter().find(|(n, _)| *n == f).map(|(_, n)| *n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_that_differ_by_case_or_d() {
        let cases = [
            ("CT-UBND", Some("Chỉ thị")),
            ("CTr-UBND", Some("Chương trình")),
            ("QĐ-UBND", Some("Quyết định")),
            ("QyĐ-UBND", Some("Quy định")),
            ("ĐA-UBND", Some("Đề án")),
            ("DA-BQL", Some("Dự án")),
            ("2022/NQ-HĐND", Some("Nghị quyết")),
            ("2018/NĐ-CP", Some("Nghị định")),
            ("NQ/TU", Some("Nghị quyết")),
            ("KL/TW", Some("Kết luận")),
            ("UBND-TTHC", None),
            ("BNV-CCHC", None),
            ("TTLT-BTC-BNV", Some("Thông tư liên tịch")),
        ];
        for (symbol, want) in cases {
            assert_eq!(name_for_symbol(symbol), want, "{symbol}");
        }
    }

    #[test]
    fn form_titles() {
        assert_eq!(
            canonical_name("PHIẾU TRÌNH GIẢI QUYẾT CÔNG VIỆC"),
            Some("Phiếu trình")
        );
        assert_eq!(canonical_name("PHIẾU TRÌNH"), Some("Phiếu trình"));
    }

    #[test]
    fn canonical_names() {
        assert_eq!(canonical_name("THÔNG BÁO"), Some("Thông báo"));
        assert_eq!(canonical_name("quyet  dinh"), Some("Quyết định"));
        assert_eq!(canonical_name("CÔNG VĂN"), Some("Công văn"));
        assert_eq!(canonical_name("KẾT LUẬN"), Some("Kết luận"));
        assert_eq!(canonical_name("Kết quả"), None);
    }
}
