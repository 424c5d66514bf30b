//! Text normalisation shared by every reader and parser.
//!
//! Why here and not in each reader: every format ends up as the same plain text, and the
//! parsers must never see the differences (decomposed Unicode from macOS and some PDF
//! producers, markdown emphasis from converters, non-breaking spaces from Word). Everything in
//! this module is pure and allocation-light.

use unicode_normalization::UnicodeNormalization;

/// NFC-normalises `s` (Vietnamese letters as single code points).
pub fn nfc(s: &str) -> String {
    if unicode_normalization::is_nfc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes {
        s.to_owned()
    } else {
        s.nfc().collect()
    }
}

/// Removes markdown emphasis markers (`**bold**`, `*italic*`, `__x__`) but keeps list bullets
/// (`* item` at the start of a line) as dashes.
pub fn strip_markdown_emphasis(line: &str) -> String {
    let trimmed = line.trim_start();
    let (prefix, rest) = if let Some(r) = trimmed.strip_prefix("* ") {
        ("- ", r)
    } else {
        ("", line)
    };
    let mut out = String::with_capacity(line.len());
    out.push_str(prefix);
    for c in rest.chars() {
        if c != '*' {
            out.push(c);
        }
    }
    // `__bold__` only when doubled, single underscores are real text (`B_02b`).
    if out.contains("__") {
        out = out.replace("__", "");
    }
    out
}

/// Collapses runs of white space (including NBSP and other Unicode spaces) to one space and
/// trims the ends.
pub fn squash_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending = false;
    for c in s.chars() {
        if c.is_whitespace() || c == '\u{a0}' || c == '\u{200b}' || c == '\u{feff}' {
            pending = !out.is_empty();
        } else {
            if pending {
                out.push(' ');
                pending = false;
            }
            out.push(c);
        }
    }
    out
}

/// Normalises a whole extracted text: NFC, `\r\n` → `\n`, markdown emphasis removed, form
/// feeds become blank lines, trailing spaces dropped (leading indentation is kept: the header
/// parser uses wide gaps to split flattened columns).
pub fn normalize_document(s: &str) -> String {
    let s = nfc(s);
    let mut out = String::with_capacity(s.len());
    for line in s.split('\n') {
        let line = line
            .trim_end_matches(['\r', ' ', '\t', '\u{a0}'])
            .replace('\u{c}', "\n");
        out.push_str(&strip_markdown_emphasis(&line));
        out.push('\n');
    }
    out
}

/// Folds Vietnamese text to lower-case ASCII letters without diacritics (`Đắk Lắk` →
/// `dak lak`), for diacritic-insensitive comparison. Non-letters are kept as they are.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfd() {
        match c {
            'đ' | 'Đ' => out.push('d'),
            '\u{300}'..='\u{36f}' => {}
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Upper-cases the first letter and leaves the rest as written.
pub fn capitalize_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfc_composes_decomposed_vietnamese() {
        let decomposed = "Qua\u{309}ng Nga\u{303}i";
        assert_eq!(nfc(decomposed), "Quảng Ngãi");
    }

    #[test]
    fn markdown_emphasis_is_removed_but_underscores_kept() {
        assert_eq!(
            strip_markdown_emphasis("Số: **47** /UBND-TTHC"),
            "Số: 47 /UBND-TTHC"
        );
        assert_eq!(
            strip_markdown_emphasis("Lưu: VT, KSTTHC (B_02b)."),
            "Lưu: VT, KSTTHC (B_02b)."
        );
        assert_eq!(strip_markdown_emphasis("* Như trên;"), "- Như trên;");
    }

    #[test]
    fn squash_handles_nbsp_and_tabs() {
        assert_eq!(
            squash_spaces("  ngày\u{a0} 06\t tháng  01 "),
            "ngày 06 tháng 01"
        );
    }

    #[test]
    fn fold_removes_all_diacritics_and_d_bar() {
        assert_eq!(fold("Đắk Lắk"), "dak lak");
        assert_eq!(fold("CẢI CÁCH HÀNH CHÍNH"), "cai cach hanh chinh");
        assert_eq!(fold("Ủy ban nhân dân"), "uy ban nhan dan");
    }
}
