//! Số and ký hiệu (Nghị định 30/2020, Phụ lục I, ô số 3).
//!
//! Written `Số: 47/UBND-TTHC`, with the number bolded or spaced away from the slash
//! (`Số: 47 /UBND-TTHC`), left blank to be stamped at signing (`Số: /TB-UBND`,
//! `Số: …/QĐ-UBND`, `Số: ....../BC-SNV`), legal style with the year (`Số: 11/2022/NQ-HĐND`),
//! Party style without a colon (`Số 04-NQ/TU`), and sometimes broken over two lines by the
//! converter (`Số: 47` then `/TB-UBND`).

use std::sync::LazyLock;

use regex::Regex;

use crate::parse::refs::{SYMBOL, clean_symbol};

/// What a `Số` cell says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberSymbol {
    /// The number as written, `None` when blank.
    pub number: Option<String>,
    /// The ký hiệu, spaces removed.
    pub symbol: Option<String>,
    /// Text after the symbol in the same cell (another glued cell), to classify again.
    pub rest: String,
}

/// `Số:` / `SỐ:` / `Số` followed by a number, a blank or a slash.
static PREFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^s[ốo]\s*(?:[:.]\s*|\s+|$|[/…_]|\d)").expect("static regex"));

/// Administrative and legal: `47/UBND-TTHC`, `15 /2014/QĐ-UBND`, `…/QĐ-UBND`, `/TB-UBND`.
static ADMIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?P<num>\d{{1,6}}[a-z]?)?[\s.…_,]*/\s*(?P<sym>{SYMBOL})"
    ))
    .expect("static regex")
});

/// An office's internal register (Phiếu trình): `10-01/26/PT-NC`, item 10 of month 01 of
/// year 26. Read as the contract says: the number is what comes before the first slash.
static INTERNAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?P<num>\d{{1,4}}-\d{{1,4}})\s*/\s*(?P<sym>\d{{2,4}}/{SYMBOL})"
    ))
    .expect("static regex")
});

/// Party: `04-NQ/TU`, blank `-NQ/TU`.
static PARTY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<num>\d{1,6})?[\s.…_]*-\s*(?P<sym>\p{Lu}[\p{L}]*\s?/\s?\p{Lu}[\p{L}\d]*(?:\s?-\s?\p{Lu}[\p{L}\d]*)*)",
    )
    .expect("static regex")
});

/// Only a number, or only a blank: the symbol is on the next line.
static NUMBER_ONLY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?P<num>\d{1,6})?[\s.…_]*$").expect("static regex"));

/// The text after `Số:` when `cell` is a Số cell.
pub fn after_prefix(cell: &str) -> Option<&str> {
    let m = PREFIX.find(cell)?;
    // Keep a digit or slash the prefix pattern consumed as its lookahead.
    let mut end = m.end();
    let last = cell[..end].chars().next_back();
    if last.is_some_and(|c| c.is_ascii_digit() || matches!(c, '/' | '…' | '_')) {
        end -= last.map_or(0, char::len_utf8);
    }
    Some(cell[end..].trim())
}

/// Parses the text after `Số:`. `None` when it is not a number/symbol at all.
pub fn parse_rest(rest: &str) -> Option<NumberSymbol> {
    let rest = rest.trim();
    for re in [&*ADMIN, &*INTERNAL, &*PARTY] {
        if let Some(c) = re.captures(rest) {
            let whole = c.get(0)?;
            return Some(NumberSymbol {
                number: c.name("num").map(|m| m.as_str().to_owned()),
                symbol: c.name("sym").map(|m| tidy(m.as_str())),
                rest: rest[whole.end()..].trim().to_owned(),
            });
        }
    }
    let c = NUMBER_ONLY.captures(rest)?;
    Some(NumberSymbol {
        number: c.name("num").map(|m| m.as_str().to_owned()),
        symbol: None,
        rest: String::new(),
    })
}

/// An upper-case code with no spaces: `UBND`, `UBND-VX`, `TU`.
fn is_code(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty()
        && s.chars().count() <= 20
        && s.chars().next().is_some_and(char::is_uppercase)
        && s.chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '-' | '/' | '.'))
}

fn tidy(sym: &str) -> String {
    clean_symbol(sym)
        .trim_end_matches(['.', ',', ';', ':'])
        .to_owned()
}

/// Parses a `Số` cell; when the symbol is missing, `next` (the following cell) may hold it
/// (`Số: 47` then `/TB-UBND`). Returns the result and whether `next` was used.
pub fn parse_cell(cell: &str, next: Option<&str>) -> Option<(NumberSymbol, bool)> {
    let rest = after_prefix(cell)?;
    // A ký hiệu broken at its hyphen or slash by a narrow column (`Số: 215/KH-` then
    // `UBND`): the next cell finishes it when it is a bare code.
    if rest.ends_with(['-', '/'])
        && let Some(next) = next
        && is_code(next)
        && let Some(p) = parse_rest(&format!("{rest}{}", next.trim()))
        && p.symbol.is_some()
    {
        return Some((p, true));
    }
    let parsed = parse_rest(rest)?;
    if parsed.symbol.is_some() {
        return Some((parsed, false));
    }
    if let Some(next) = next {
        let joined = format!("{rest} {next}");
        if let Some(p) = parse_rest(&joined)
            && p.symbol.is_some()
        {
            return Some((p, true));
        }
    }
    Some((parsed, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    type Parsed = Option<(Option<String>, Option<String>, bool)>;

    fn parse(cell: &str, next: Option<&str>) -> Parsed {
        parse_cell(cell, next).map(|(p, used)| (p.number, p.symbol, used))
    }

    #[test]
    fn number_and_symbol_variants() {
        let s = |x: &str| Some(x.to_owned());
        let cases: &[(&str, Option<&str>, Parsed)] = &[
            (
                "Số: 47/UBND-TTHC",
                None,
                Some((s("47"), s("UBND-TTHC"), false)),
            ),
            (
                "Số: 47 /UBND-TTHC",
                None,
                Some((s("47"), s("UBND-TTHC"), false)),
            ),
            (
                "Số: 47",
                Some("/TB-UBND"),
                Some((s("47"), s("TB-UBND"), true)),
            ),
            (
                "Số:",
                Some("47/TB-UBND"),
                Some((s("47"), s("TB-UBND"), true)),
            ),
            ("Số: /TB-UBND", None, Some((None, s("TB-UBND"), false))),
            (
                "Số:      /UBND-KSTTHC",
                None,
                Some((None, s("UBND-KSTTHC"), false)),
            ),
            ("Số: …/QĐ-UBND", None, Some((None, s("QĐ-UBND"), false))),
            ("Số: ....../BC-SNV", None, Some((None, s("BC-SNV"), false))),
            (
                "Số:15 /2014/QĐ-UBND",
                None,
                Some((s("15"), s("2014/QĐ-UBND"), false)),
            ),
            ("Số 04-NQ/TU", None, Some((s("04"), s("NQ/TU"), false))),
            // A Phiếu trình's internal register: the number is what precedes the first slash.
            (
                "Số:10-01/26/PT-NC",
                None,
                Some((s("10-01"), s("26/PT-NC"), false)),
            ),
            (
                "Số: 416/TTr-CAT(PC04)",
                None,
                Some((s("416"), s("TTr-CAT(PC04)"), false)),
            ),
            (
                "Số: 11/2022/NQ-HĐND",
                None,
                Some((s("11"), s("2022/NQ-HĐND"), false)),
            ),
            (
                "SỐ: 123/QĐ-UBND",
                None,
                Some((s("123"), s("QĐ-UBND"), false)),
            ),
            (
                "Số: 47/UBND - TTHC",
                None,
                Some((s("47"), s("UBND-TTHC"), false)),
            ),
            (
                "Số: 1149/QĐ-BNV.",
                None,
                Some((s("1149"), s("QĐ-BNV"), false)),
            ),
            (
                "Số: 05/KH-UBND-VX",
                None,
                Some((s("05"), s("KH-UBND-VX"), false)),
            ),
            (
                "Số: 80/2015/QH13",
                None,
                Some((s("80"), s("2015/QH13"), false)),
            ),
            ("Số: 12/GM-SNV", None, Some((s("12"), s("GM-SNV"), false))),
            (
                "Số: 2345/QĐ-TTg",
                None,
                Some((s("2345"), s("QĐ-TTg"), false)),
            ),
            ("Số: ___/TTr-UBND", None, Some((None, s("TTr-UBND"), false))),
            ("Số liệu thống kê năm 2022", None, None),
            ("Sở Nội vụ", None, None),
        ];
        for (cell, next, want) in cases {
            assert_eq!(parse(cell, *next), *want, "{cell}");
        }
    }

    #[test]
    fn text_glued_after_the_symbol_is_returned() {
        let (p, _) = parse_cell(
            "Số: 47/UBND-TTHC Quảng Ngãi, ngày 06 tháng 01 năm 2022",
            None,
        )
        .expect("a Số cell");
        assert_eq!(p.symbol.as_deref(), Some("UBND-TTHC"));
        assert_eq!(p.rest, "Quảng Ngãi, ngày 06 tháng 01 năm 2022");
    }

    #[test]
    fn symbol_broken_at_its_hyphen() {
        let s = |x: &str| Some(x.to_owned());
        let cases: &[(&str, Option<&str>, Parsed)] = &[
            (
                "Số: 215/KH-",
                Some("UBND"),
                Some((s("215"), s("KH-UBND"), true)),
            ),
            (
                "Số: 12/",
                Some("UBND-VX"),
                Some((s("12"), s("UBND-VX"), true)),
            ),
            // The next cell is not a code: keep what the cell says.
            (
                "Số: 215/KH-",
                Some("Tư Nghĩa, ngày 20 tháng 01 năm 2024"),
                Some((s("215"), s("KH"), false)),
            ),
        ];
        for (cell, next, want) in cases {
            assert_eq!(parse(cell, *next), *want, "{cell}");
        }
    }
}
