//! The grammar of số and ký hiệu (references to documents).
//!
//! Forms in use: administrative `47/UBND-TTHC`, `733/QĐ-UBND`; legal `11/2022/NQ-HĐND`,
//! `61/2018/NĐ-CP`, `80/2015/QH13`; three-part symbols `TTLT-BTC-BNV`; Party `04-NQ/TU`.
//! A symbol part starts with an upper-case letter (Đ included) and may hold lower-case
//! letters (`QyĐ`, `CTr`, `TTg`) and digits (`QH13`).

use std::sync::LazyLock;

use regex::Regex;

/// Regex source for a ký hiệu after the number's `/` (administrative and legal forms).
/// Spaces around dashes are tolerated (`QĐ - UBND`); callers remove them.
/// A unit code in parentheses may close the symbol (`TTr-CAT(PC04)`: the Phòng PC04 of the
/// Công an tỉnh drafted it).
pub const SYMBOL: &str = r"(?:(?:19|20)\d{2}\s?/\s?)?\p{Lu}[\p{L}\d]*(?:\s?-\s?\p{Lu}[\p{L}\d]*)*(?:\(\p{Lu}[\p{Lu}\d]*\))?";

/// A full reference in running text: `number/symbol`, or Party style `number-CODE/ORG`.
///
/// The number's left edge is an ASCII word boundary (`(?-u:\b)`): a Unicode `\b` makes the
/// regex engine give up its fast automaton on Vietnamese text and scan every document with
/// the slowest one (most of the citation parser's time). The two differ only where a letter
/// with diacritics touches the digits (`Số47/UBND`, glued by a text layer), which is still a
/// reference.
pub static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)(?P<num>\d{{1,6}}[a-z]?)\s?(?:/\s?(?P<sym>{SYMBOL})|-(?P<party>\p{{Lu}}[\p{{L}}]*/\p{{Lu}}[\p{{L}}\d]*))"
    ))
    .expect("static regex")
});

/// A reference split into number and symbol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub number: String,
    pub symbol: String,
    /// Party style (`04-NQ/TU`): number and symbol join with a dash.
    pub party: bool,
}

impl Reference {
    /// `47/UBND-TTHC` or `04-NQ/TU`.
    pub fn to_text(&self) -> String {
        if self.party {
            format!("{}-{}", self.number, self.symbol)
        } else {
            format!("{}/{}", self.number, self.symbol)
        }
    }
}

/// Removes spaces inside a symbol (`QĐ - UBND` → `QĐ-UBND`).
pub fn clean_symbol(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Parses a whole reference string.
pub fn parse_reference(s: &str) -> Option<Reference> {
    let c = REFERENCE.captures(s.trim())?;
    let number = c.name("num")?.as_str().to_owned();
    if let Some(sym) = c.name("sym") {
        Some(Reference {
            number,
            symbol: clean_symbol(sym.as_str()),
            party: false,
        })
    } else {
        let p = c.name("party")?;
        Some(Reference {
            number,
            symbol: clean_symbol(p.as_str()),
            party: true,
        })
    }
}

/// A key for comparing references: upper-case, no spaces, leading zeros of the number removed.
pub fn reference_key(s: &str) -> String {
    let s: String = crate::text::nfc(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    let digits_end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let number = s[..digits_end].trim_start_matches('0');
    if number.is_empty() {
        s
    } else {
        format!("{number}{}", &s[digits_end..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The number's left edge: digits glued to a Vietnamese letter by a text layer still
    /// start a reference; digits inside an ASCII word (`a47`, `2x47`) do not.
    #[test]
    fn a_reference_starts_at_an_ascii_word_boundary() {
        let found = |s: &str| REFERENCE.find(s).map(|m| m.as_str().to_owned());
        assert_eq!(
            found("Số47/UBND-TTHC ngày").as_deref(),
            Some("47/UBND-TTHC")
        );
        assert_eq!(
            found("theo Công văn số 733/QĐ-UBND").as_deref(),
            Some("733/QĐ-UBND")
        );
        assert_eq!(found("ma a47/UBND"), None);
        assert_eq!(found("x_12/UBND"), None);
    }

    #[test]
    fn parses_every_reference_form() {
        let cases = [
            ("47/UBND-TTHC", "47", "UBND-TTHC", false),
            ("733/QĐ-UBND", "733", "QĐ-UBND", false),
            ("11/2022/NQ-HĐND", "11", "2022/NQ-HĐND", false),
            ("61/2018/NĐ-CP", "61", "2018/NĐ-CP", false),
            ("80/2015/QH13", "80", "2015/QH13", false),
            ("04-NQ/TU", "04", "NQ/TU", true),
            ("12/2011/TTLT-BTC-BNV", "12", "2011/TTLT-BTC-BNV", false),
            ("15 /2014/QĐ-UBND", "15", "2014/QĐ-UBND", false),
            ("20/QyĐ-UBND", "20", "QyĐ-UBND", false),
        ];
        for (input, num, sym, party) in cases {
            let r = parse_reference(input).unwrap_or_else(|| panic!("{input}"));
            assert_eq!(
                (r.number.as_str(), r.symbol.as_str(), r.party),
                (num, sym, party),
                "{input}"
            );
        }
    }

    #[test]
    fn keys_ignore_case_spaces_and_leading_zeros() {
        assert_eq!(
            reference_key("047/ubnd-tthc"),
            reference_key("47/UBND-TTHC")
        );
        assert_eq!(reference_key("04-NQ/TU"), "4-NQ/TU");
    }
}
