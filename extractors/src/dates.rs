//! Dates as Vietnamese offices write them.
//!
//! Issue dates are written `ngày 06 tháng 01 năm 2022`, with the day or month left blank
//! when the number is stamped at signing (`ngày  tháng 10 năm 2023`), glued (`tháng5`), or
//! broken across lines. Body text uses `06/7/2022`, `06-7-2022` or `06.7.2022`. A
//! [`PartialDate`] keeps what is known and prints as `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.

use std::fmt;
use std::sync::LazyLock;

use regex::Regex;

/// A calendar date whose day, or day and month, may be unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

impl PartialDate {
    /// A full date, checked against the calendar.
    pub fn ymd(year: i32, month: u32, day: u32) -> Option<PartialDate> {
        valid(year, month, day).then_some(PartialDate {
            year,
            month: Some(month),
            day: Some(day),
        })
    }

    /// Builds from optional parts, refusing impossible ones (a day without a month, 31/02).
    pub fn from_parts(year: i32, month: Option<u32>, day: Option<u32>) -> Option<PartialDate> {
        if !(1900..=2200).contains(&year) {
            return None;
        }
        match (month, day) {
            (Some(m), Some(d)) => PartialDate::ymd(year, m, d),
            (Some(m), None) => (1..=12).contains(&m).then_some(PartialDate {
                year,
                month: Some(m),
                day: None,
            }),
            (None, None) => Some(PartialDate {
                year,
                month: None,
                day: None,
            }),
            (None, Some(_)) => Some(PartialDate {
                year,
                month: None,
                day: None,
            }),
        }
    }

    pub fn is_full(&self) -> bool {
        self.month.is_some() && self.day.is_some()
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub fn parse_iso(s: &str) -> Option<PartialDate> {
        let mut it = s.trim().split('-');
        let year = it.next()?.parse().ok()?;
        let month = it.next().map(str::parse).transpose().ok()?;
        let day = it.next().map(str::parse).transpose().ok()?;
        if it.next().is_some() {
            return None;
        }
        PartialDate::from_parts(year, month, day)
    }

    /// The last calendar day this date can mean (`2023-12` → 31/12/2023), as `(y, m, d)`.
    pub fn last_day(&self) -> (i32, u32, u32) {
        let m = self.month.unwrap_or(12);
        let d = self.day.unwrap_or_else(|| days_in_month(self.year, m));
        (self.year, m, d)
    }

    /// The first calendar day this date can mean, as `(y, m, d)`.
    pub fn first_day(&self) -> (i32, u32, u32) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

pub fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

pub fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

fn valid(y: i32, m: u32, d: u32) -> bool {
    (1900..=2200).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)
}

/// `ngày 06 tháng 01 năm 2022` with any part but the year possibly blank, any spacing,
/// `tháng5`, and line breaks between the parts. Case-insensitive.
static VN_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)ngày[\s.…_]*(\d{1,2})?[\s.…_]*tháng[\s.…_]*(\d{1,2})?[\s.…_]*năm[\s.…_]*(\d{4})",
    )
    .expect("static regex")
});

/// `06/7/2022`, `6-7-2022`, `06.07.2022`.
static NUMERIC_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,2})\s?[/.\-]\s?(\d{1,2})\s?[/.\-]\s?(\d{4})\b").expect("static regex")
});

/// A date found in text, with where it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub date: PartialDate,
    pub start: usize,
    pub end: usize,
}

/// The first `ngày … tháng … năm …` date in `s` (parts may be blank).
pub fn find_vn_date(s: &str) -> Option<Found> {
    VN_DATE.captures_iter(s).find_map(|c| {
        let m = c.get(0)?;
        let year = c.get(3)?.as_str().parse().ok()?;
        let month = c.get(2).and_then(|x| x.as_str().parse().ok());
        let day = c.get(1).and_then(|x| x.as_str().parse().ok());
        let date = PartialDate::from_parts(year, month, if month.is_some() { day } else { None })?;
        Some(Found {
            date,
            start: m.start(),
            end: m.end(),
        })
    })
}

/// The first numeric `dd/mm/yyyy` date in `s`.
pub fn find_numeric_date(s: &str) -> Option<Found> {
    NUMERIC_DATE.captures_iter(s).find_map(|c| {
        let m = c.get(0)?;
        let d = c[1].parse().ok()?;
        let mo = c[2].parse().ok()?;
        let y = c[3].parse().ok()?;
        let date = PartialDate::ymd(y, mo, d)?;
        Some(Found {
            date,
            start: m.start(),
            end: m.end(),
        })
    })
}

/// The first date of either form in `s`, whichever comes first.
pub fn find_date(s: &str) -> Option<Found> {
    match (find_vn_date(s), find_numeric_date(s)) {
        (Some(a), Some(b)) => Some(if a.start <= b.start { a } else { b }),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vn(s: &str) -> Option<String> {
        find_vn_date(s).map(|f| f.date.to_string())
    }

    #[test]
    fn vietnamese_dates_with_blanks() {
        let cases = [
            ("Quảng Ngãi, ngày 06 tháng 01 năm 2022", Some("2022-01-06")),
            ("Đắk Lắk, ngày  tháng 10 năm 2023", Some("2023-10")),
            ("Quảng Ngãi, ngày tháng năm 2023", Some("2023")),
            ("Hà Nội, ngày 15 tháng5 năm 2022", Some("2022-05-15")),
            ("ngày 20 tháng 02\nnăm 2009", Some("2009-02-20")),
            ("Mộ Đức, ngày **15** tháng **7** năm 2022", None), // markdown is removed before parsing
            ("ngày 31 tháng 02 năm 2022", None),
            ("Ngày … tháng … năm 2024", Some("2024")),
        ];
        for (input, want) in cases {
            assert_eq!(vn(input).as_deref(), want, "{input}");
        }
    }

    #[test]
    fn numeric_dates() {
        assert_eq!(
            find_numeric_date("ngày 06/7/2022 của")
                .unwrap()
                .date
                .to_string(),
            "2022-07-06"
        );
        assert_eq!(
            find_numeric_date("ngày 28-8-2024")
                .unwrap()
                .date
                .to_string(),
            "2024-08-28"
        );
        assert!(find_numeric_date("ngày 32/13/2022").is_none());
    }

    #[test]
    fn partial_bounds() {
        let d = PartialDate::parse_iso("2023-12").unwrap();
        assert_eq!(d.last_day(), (2023, 12, 31));
        assert_eq!(
            PartialDate::parse_iso("2024-02").unwrap().last_day(),
            (2024, 2, 29)
        );
        assert_eq!(
            PartialDate::parse_iso("2023").unwrap().first_day(),
            (2023, 1, 1)
        );
        assert_eq!(
            PartialDate::parse_iso("2022-01-06").unwrap().to_string(),
            "2022-01-06"
        );
    }
}
