//! Lines and cells.
//!
//! Headers are two-column tables (agency | Quốc hiệu, Số | place and date, and in the
//! closing Nơi nhận | signer). Converters flatten a table row into one line and separate the
//! cells with `|`, tabs or a run of spaces; PDF text sometimes glues the cells with a single
//! space. Every later step works on cells, never on raw lines, so it does not matter which
//! of these a converter chose, nor whether it emitted the left column before the right one.

use std::sync::LazyLock;

use regex::Regex;

use crate::text::squash_spaces;

/// One line of the document: where it is and the cells on it (empty for a blank line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Byte offset of the line's first byte in the text.
    pub start: usize,
    /// The cells in reading order, spaces squashed, never empty strings.
    pub cells: Vec<String>,
}

impl Line {
    pub fn is_blank(&self) -> bool {
        self.cells.is_empty()
    }
}

/// The Quốc hiệu, its motto and the Party's national line: fixed phrases that start and
/// end a cell even when a converter glued them to their neighbours with one space.
static FIXED_PHRASES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)c[ộo]ng\s+h(?:[òo]a|oà)\s+x[ãa]\s+h[ộo]i\s+ch[ủu]\s+ngh[ĩi]a\s+vi[ệe]t\s+nam|đ[ộo]c\s+l[ậa]p\s*[-–—]\s*t[ựu]\s+do\s*[-–—]\s*h[ạa]nh\s+ph[úu]c|đ[ảa]ng\s+c[ộo]ng\s+s[ảa]n\s+vi[ệe]t\s+nam",
    )
    .expect("static regex")
});

/// A run of three or more spaces (the column gap of a flattened table).
static WIDE_GAP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[ \u{a0}]{3,}").expect("static regex"));

/// An HTML line break as converters leave it inside markdown table cells.
static BR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)<br\s*/?>").expect("static regex"));

/// Splits `text` into lines and cells. `max_lines` bounds the work for huge texts.
pub fn split_lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = 0usize;
    for raw in text.split('\n') {
        out.push(Line {
            start,
            cells: split_cells(raw),
        });
        start += raw.len() + 1;
    }
    out
}

/// The cells of one line.
pub fn split_cells(raw: &str) -> Vec<String> {
    let mut cells = Vec::new();
    // `<br>` is a line break inside a table cell (markdown from DOCX converters): the
    // stacked lines of one column come out as consecutive cells, in reading order.
    // Every line of the document passes here: the regexes run only on lines that can hold
    // what they look for.
    let raw = if raw.contains('<') {
        BR.replace_all(raw, "\t")
    } else {
        std::borrow::Cow::Borrowed(raw)
    };
    for piece in raw.split(['|', '\t']) {
        // A label left alone by a wide gap (`Số:      58`, a number typed into the blank
        // at signing) belongs to the text after the gap, not to another column.
        let mut owned: Vec<String> = Vec::new();
        if piece.contains("   ") || piece.contains('\u{a0}') {
            let mut glue = false;
            for part in WIDE_GAP.split(piece) {
                match owned.last_mut() {
                    Some(last) if glue => {
                        last.push(' ');
                        last.push_str(part);
                    }
                    _ => owned.push(part.to_owned()),
                }
                glue = is_bare_label(part);
            }
        } else {
            owned.push(piece.to_owned());
        }
        for part in &owned {
            let mut s = squash_spaces(part);
            // Markdown headings from converters (`# QUYẾT ĐỊNH`).
            if s.starts_with('#') {
                s = s.trim_start_matches('#').trim_start().to_owned();
            }
            if s.is_empty() || is_table_rule(&s) {
                continue;
            }
            match split_glued_signer(&s) {
                Some((list, signer)) => {
                    split_fixed_phrases(list, &mut cells);
                    cells.push(signer.to_owned());
                }
                // Most cells hold no fixed phrase: the squashed text (already trimmed) is
                // the cell, kept without another copy.
                None if !FIXED_PHRASES.is_match(&s) => cells.push(s),
                None => split_fixed_phrases(&s, &mut cells),
            }
        }
    }
    cells
}

/// A Nơi nhận line glued to the signer's line beside it, as web pages flatten the closing
/// table with single spaces: `Nơi nhận: KT. CHỦ TỊCH`, `- Như trên; PHÓ CHỦ TỊCH`. The
/// list entry ends at its `:` or `;`; an all-capitals authority or title after it belongs to
/// the other column.
fn split_glued_signer(s: &str) -> Option<(&str, &str)> {
    let cut = if super::head::is_bullet(s) {
        s.rfind(';')?
    } else if s.starts_with(['N', 'n']) && s.to_lowercase().starts_with("nơi nhận") {
        s.find(':')?
    } else {
        return None;
    };
    let (list, tail) = (&s[..=cut], s[cut + 1..].trim());
    super::closing::is_signer_line(tail).then_some((list, tail))
}

/// A field label with nothing after it: `Số:`, `SỐ`, `Kính gửi:`, `V/v`.
fn is_bare_label(part: &str) -> bool {
    let t = part.trim().trim_end_matches([':', '.']).trim();
    let f = crate::text::fold(t);
    matches!(f.as_str(), "so" | "kinh gui" | "v/v" | "ve viec")
}

/// `---`, `:---:` (markdown table separators).
fn is_table_rule(s: &str) -> bool {
    s.chars().all(|c| matches!(c, '-' | ':' | ' ')) && s.contains("--")
}

fn split_fixed_phrases(s: &str, out: &mut Vec<String>) {
    let mut last = 0;
    for m in FIXED_PHRASES.find_iter(s) {
        push_trimmed(&s[last..m.start()], out);
        push_trimmed(m.as_str(), out);
        last = m.end();
    }
    push_trimmed(&s[last..], out);
}

fn push_trimmed(s: &str, out: &mut Vec<String>) {
    let t = s.trim();
    if !t.is_empty() {
        out.push(t.to_owned());
    }
}

/// True when every letter of `s` is upper case and there are at least two letters.
pub fn is_upper(s: &str) -> bool {
    let mut letters = 0;
    for c in s.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    letters >= 2
}

/// A decoration line: `-----`, `_____`, `***`, `===`.
pub fn is_rule(s: &str) -> bool {
    s.chars().count() >= 3
        && s.chars()
            .all(|c| matches!(c, '-' | '_' | '—' | '–' | '=' | '*' | '.' | '~' | ' ' | '…'))
}

/// The first letter of `s` is lower case.
pub fn starts_lower(s: &str) -> bool {
    s.chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flattened_rows_split_into_cells() {
        let cases: &[(&str, &[&str])] = &[
            (
                "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                &["ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
            ),
            (
                "TỈNH ĐẮK LẮK\tĐộc lập - Tự do - Hạnh phúc",
                &["TỈNH ĐẮK LẮK", "Độc lập - Tự do - Hạnh phúc"],
            ),
            (
                "Số: 123/UBND-KT        Đắk Lắk, ngày 05 tháng 3 năm 2024",
                &["Số: 123/UBND-KT", "Đắk Lắk, ngày 05 tháng 3 năm 2024"],
            ),
            (
                "| SỞ NỘI VỤ | Độc lập - Tự do - Hạnh phúc |",
                &["SỞ NỘI VỤ", "Độc lập - Tự do - Hạnh phúc"],
            ),
            ("|---|:---:|", &[]),
            (
                "BỘ NỘI VỤ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                &["BỘ NỘI VỤ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
            ),
            (
                "Độc lập - Tự do - Hạnh phúc Hà Nội, ngày 04 tháng 01 năm 2022",
                &[
                    "Độc lập - Tự do - Hạnh phúc",
                    "Hà Nội, ngày 04 tháng 01 năm 2022",
                ],
            ),
            ("# QUYẾT ĐỊNH", &["QUYẾT ĐỊNH"]),
            // A two-space gap is no column gap, but an authority or title after a Nơi nhận
            // entry is the signer's column glued on (web copies use a single space).
            (
                "- Như trên;  KT. CHỦ TỊCH",
                &["- Như trên;", "KT. CHỦ TỊCH"],
            ),
            ("- Như trên; PHÓ CHỦ TỊCH", &["- Như trên;", "PHÓ CHỦ TỊCH"]),
            (
                "Nơi nhận: TM. ỦY BAN NHÂN DÂN",
                &["Nơi nhận:", "TM. ỦY BAN NHÂN DÂN"],
            ),
            ("- Sở Nội vụ; Sở Tài chính", &["- Sở Nội vụ; Sở Tài chính"]),
            ("- Lưu: VT; TỔNG HỢP", &["- Lưu: VT; TỔNG HỢP"]),
            (
                "BỘ TÀI CHÍNH CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                &["BỘ TÀI CHÍNH", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
            ),
        ];
        for (line, want) in cases {
            assert_eq!(split_cells(line), *want, "{line}");
        }
    }

    #[test]
    fn line_offsets_point_at_line_starts() {
        let text = "Số: 1/UBND\n\nHà Nội";
        let lines = split_lines(text);
        assert_eq!(lines.len(), 3);
        assert_eq!(&text[lines[2].start..], "Hà Nội");
        assert!(lines[1].is_blank());
    }

    #[test]
    fn upper_rules_and_case() {
        assert!(is_upper("SỞ NỘI VỤ"));
        assert!(!is_upper("Sở Nội vụ"));
        assert!(!is_upper("1."));
        assert!(is_rule("-----------"));
        assert!(is_rule("___"));
        assert!(!is_rule("- Như trên"));
        assert!(starts_lower("hoạch xác định"));
        assert!(!starts_lower("“Xác định"));
    }

    #[test]
    fn converter_leftovers_become_cells() {
        let cases: &[(&str, &[&str])] = &[
            // A number typed into the blank at signing: the gap is not a column.
            ("Số:    58", &["Số: 58"]),
            ("SỐ:      /GM-VP", &["SỐ: /GM-VP"]),
            ("Kính gửi:       Sở Nội vụ", &["Kính gửi: Sở Nội vụ"]),
            // A real column gap after a complete number cell still splits.
            (
                "Số: 36/PNV      Nghĩa Hành, ngày 05 tháng 6 năm 2023",
                &["Số: 36/PNV", "Nghĩa Hành, ngày 05 tháng 6 năm 2023"],
            ),
            // Stacked lines inside a markdown table cell.
            (
                "| **UBND TỈNH QUẢNG NGÃI**<br>**SỞ THÔNG TIN VÀ TRUYỀN THÔNG** | Độc lập - Tự do - Hạnh phúc |",
                &[
                    "**UBND TỈNH QUẢNG NGÃI**",
                    "**SỞ THÔNG TIN VÀ TRUYỀN THÔNG**",
                    "Độc lập - Tự do - Hạnh phúc",
                ],
            ),
            (
                "GIÁM ĐỐC<br><br/><br />Võ Thanh An",
                &["GIÁM ĐỐC", "Võ Thanh An"],
            ),
        ];
        for (line, want) in cases {
            assert_eq!(split_cells(line), *want, "{line}");
        }
    }
}
