//! Địa danh and ngày ban hành (Phụ lục I, ô số 4): `Quảng Ngãi, ngày 06 tháng 01 năm 2022`.
//!
//! The day or month may be left blank for stamping at signing (`ngày  tháng 10 năm 2023`
//! gives `2023-10`), numbers may be glued (`tháng5`), and a converter may break the line
//! (`…ngày 06 tháng 01` then `năm 2022`). A body sentence that starts with `Ngày 04/01/2023`
//! is not a date line: the words `tháng` and `năm` must follow.

use std::sync::LazyLock;

use regex::Regex;

use crate::dates::{PartialDate, find_vn_date};
use crate::text::squash_spaces;

/// `<place>, ngày` or a bare `ngày` at the start of a cell.
static START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?P<place>[^,;:\d()]{2,60}?)\s*,\s*)?(?P<ngay>ngày)")
        .expect("static regex")
});

/// A parsed place-and-date cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceDate {
    pub place: Option<String>,
    pub date: PartialDate,
}

/// Whether `cell` begins like a place-and-date line (the date may still continue on the
/// next line).
pub fn looks_like(cell: &str) -> bool {
    START.is_match(cell)
}

/// Parses `cell`, joined with up to two `following` cells when the date is broken across
/// lines. Returns the result and how many following cells were used.
pub fn parse(cell: &str, following: &[&str]) -> Option<(PlaceDate, usize)> {
    let c = START.captures(cell)?;
    let ngay = c.name("ngay")?.start();
    let place = c.name("place").and_then(|m| clean_place(m.as_str()));
    let mut joined = cell[ngay..].to_owned();
    for used in 0..=following.len().min(2) {
        if used > 0 {
            joined.push(' ');
            joined.push_str(following[used - 1]);
        }
        if let Some(f) = find_vn_date(&joined)
            && f.start == 0
        {
            return Some((
                PlaceDate {
                    place: place.clone(),
                    date: f.date,
                },
                used,
            ));
        }
    }
    None
}

/// A place name: starts with a capital letter, a few words, no trailing punctuation.
fn clean_place(s: &str) -> Option<String> {
    let s = squash_spaces(s);
    let s = s.trim_matches(|c: char| c == ',' || c.is_whitespace());
    let first = s.chars().next()?;
    let words = s.split(' ').count();
    (first.is_uppercase() && words <= 6).then(|| s.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pd(cell: &str, following: &[&str]) -> Option<(Option<String>, String, usize)> {
        parse(cell, following).map(|(p, used)| (p.place, p.date.to_string(), used))
    }

    #[test]
    fn place_and_date_variants() {
        let s = |x: &str| Some(x.to_owned());
        type Case<'a> = (
            &'a str,
            &'a [&'a str],
            Option<(Option<String>, &'a str, usize)>,
        );
        let cases: &[Case] = &[
            (
                "Quảng Ngãi, ngày 06 tháng 01 năm 2022",
                &[],
                Some((s("Quảng Ngãi"), "2022-01-06", 0)),
            ),
            (
                "Đắk Lắk, ngày tháng 10 năm 2023",
                &[],
                Some((s("Đắk Lắk"), "2023-10", 0)),
            ),
            (
                "Quảng Ngãi, ngày tháng năm 2023",
                &[],
                Some((s("Quảng Ngãi"), "2023", 0)),
            ),
            (
                "Hà Nội, ngày 15 tháng5 năm 2022",
                &[],
                Some((s("Hà Nội"), "2022-05-15", 0)),
            ),
            (
                "TP. Hồ Chí Minh, ngày 20 tháng 02 năm 2024",
                &[],
                Some((s("TP. Hồ Chí Minh"), "2024-02-20", 0)),
            ),
            (
                "Mộ Đức, ngày  15  tháng 7  năm 2022",
                &[],
                Some((s("Mộ Đức"), "2022-07-15", 0)),
            ),
            (
                "Đà Nẵng, ngày 06 tháng 01",
                &["năm 2022"],
                Some((s("Đà Nẵng"), "2022-01-06", 1)),
            ),
            (
                "Huế, ngày",
                &["06 tháng 01", "năm 2025"],
                Some((s("Huế"), "2025-01-06", 2)),
            ),
            (
                "ngày 03 tháng 3 năm 2024",
                &[],
                Some((None, "2024-03-03", 0)),
            ),
            (
                "Thừa Thiên Huế, ngày … tháng … năm 2024",
                &[],
                Some((s("Thừa Thiên Huế"), "2024", 0)),
            ),
            (
                "Ngày 04/01/2023, tại trụ sở UBND tỉnh",
                &["tháng 5 năm 2023"],
                None,
            ),
            ("Kính gửi: Sở Nội vụ", &[], None),
        ];
        for (cell, following, want) in cases {
            let want = want
                .as_ref()
                .map(|(p, d, u)| (p.clone(), (*d).to_owned(), *u));
            assert_eq!(pd(cell, following), want, "{cell}");
        }
    }
}
