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
    // Word-bounded at both ends: see `captures_bounded`.
    Regex::new(r"(\d{1,2})\s?[/.\-]\s?(\d{1,2})\s?[/.\-]\s?(\d{4})").expect("static regex")
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
    crate::text::captures_bounded(&NUMERIC_DATE, s).find_map(|c| {
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

/// A deadline phrase: `chậm nhất (là) ngày 10/01/2022`, `chậm nhất là ngày 15 tháng 02 năm
/// 2022`, `trước ngày 30/10/2023`, `trước 30/11/2024`, `hạn chót ngày ...`, `đến hết ngày ...`,
/// `trong tháng 12 năm 2023` / `trong tháng 12/2023` (→ `2023-12`), `trong quý III/2024` /
/// `quý IV năm 2023` (→ the quarter's last day), and `trước 31/12` whose year comes from
/// `year` (the caller's context) only when given.
///
/// Why a separate finder: a date in a duty is often not a deadline (`đến tháng 9/2023` is a
/// reporting period, `Công văn ... ngày 04/01/2022` a citation). Only the phrases offices use
/// to set a time limit count.
/// An ISO date for people, as Vietnamese offices write it: `2022-01-06` → `06/01/2022`;
/// partial dates as `10/2023`, `2023`; anything else as given. JSON keeps ISO; every table,
/// page and report shows this form.
pub fn vn_date(iso: &str) -> String {
    match PartialDate::parse_iso(iso) {
        Some(PartialDate {
            year,
            month: Some(m),
            day: Some(d),
        }) => format!("{d:02}/{m:02}/{year}"),
        Some(PartialDate {
            year,
            month: Some(m),
            day: None,
        }) => format!("{m:02}/{year}"),
        Some(p) => p.year.to_string(),
        None => iso.to_owned(),
    }
}

/// A timestamp for people (`2026-11-30T01:45:49.123+07:00` → `30/11/2026 01:45:49`): the
/// date as [`vn_date`] writes it, the time to the second; anything else as given.
pub fn vn_datetime(ts: &str) -> String {
    let (date, rest) = ts.split_at(ts.find(['T', ' ']).unwrap_or(ts.len()));
    let time: String = rest.chars().skip(1).take(8).collect();
    let day = vn_date(date);
    if day == date || time.len() < 5 {
        return ts.to_owned();
    }
    format!("{day} {time}")
}

pub fn find_deadline(s: &str, year: Option<i32>) -> Option<Found> {
    let mut best: Option<Found> = None;
    let mut keep = |f: Found| {
        if best.is_none_or(|b| f.start < b.start) {
            best = Some(f);
        }
    };
    for m in DEADLINE_LEAD.find_iter(s) {
        let rest = &s[m.end()..];
        // `trước ngày 08/10/2025`, and with an hour first: `trước 14 giờ ngày 08 tháng 10 năm
        // 2025`, `trước 16h30, ngày 08/10`.
        let at_lead = |f: &Found| {
            let gap = rest[..f.start].trim().to_lowercase();
            let gap = TIME_OF_DAY.replace(&gap, "");
            let gap = gap.trim_start_matches([',', ' ']).trim_end();
            gap.is_empty() || gap == "ngày"
        };
        if let Some(f) = find_date(rest).filter(at_lead) {
            keep(Found {
                date: f.date,
                start: m.start(),
                end: m.end() + f.end,
            });
            break;
        }
        if let Some(c) = DAY_MONTH.captures(rest)
            && let Some(y) = year
            && let (Ok(d), Ok(mo)) = (c[1].parse(), c[2].parse())
            && let Some(date) = PartialDate::ymd(y, mo, d)
        {
            keep(Found {
                date,
                start: m.start(),
                end: m.end() + c.get(0).map_or(0, |x| x.end()),
            });
            break;
        }
    }
    if let Some(c) = crate::text::captures_bounded(&IN_MONTH, s).next()
        && let (Some(m), Some(y)) = (c.get(1), c.get(2))
        && let (Ok(mo), Ok(y)) = (m.as_str().parse(), y.as_str().parse())
        && let Some(date) = PartialDate::from_parts(y, Some(mo), None)
        && let Some(all) = c.get(0)
    {
        keep(Found {
            date,
            start: all.start(),
            end: all.end(),
        });
    }
    if let Some(c) = crate::text::captures_bounded(&QUARTER, s).next()
        && let (Some(q), Some(y), Some(all)) = (c.get(1), c.get(2), c.get(0))
        && let Some(q) = quarter_number(q.as_str())
        && let Ok(y) = y.as_str().parse::<i32>()
    {
        let month = q * 3;
        if let Some(date) = PartialDate::ymd(y, month, days_in_month(y, month)) {
            keep(Found {
                date,
                start: all.start(),
                end: all.end(),
            });
        }
    }
    best
}

/// `I`..`IV` or `1`..`4` → the quarter's number.
fn quarter_number(s: &str) -> Option<u32> {
    match s.to_ascii_uppercase().as_str() {
        "I" | "1" => Some(1),
        "II" | "2" => Some(2),
        "III" | "3" => Some(3),
        "IV" | "4" => Some(4),
        _ => None,
    }
}

/// The words that introduce a time limit, up to where the date starts.
/// An hour before the day of a deadline: `14 giờ`, `14 giờ 30 phút`, `16h30`, `9:00`.
static TIME_OF_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\d{1,2}\s*(?:giờ(?:\s*\d{1,2}(?:\s*phút)?)?|h\s*\d{0,2}|:\d{2})(?:\s*(?:sáng|chiều))?",
    )
    .expect("static regex")
});

static DEADLINE_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:chậm\s+nhất|muộn\s+nhất|hạn\s+chót|hạn\s+cuối|trước|đến\s+hết|không\s+quá|hoàn\s+thành\s+trong)(?:\s+là)?\s*,?\s*(?:hết\s+)?",
    )
    .expect("static regex")
});

/// `31/12` with no year.
static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:ngày\s+)?(\d{1,2})\s?/\s?(\d{1,2})\b").expect("static regex")
});

/// `trong tháng 12 năm 2023`, `trong tháng 12/2023`.
static IN_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    // Word-bounded at both ends: see `captures_bounded`.
    Regex::new(r"(?i)(?:trong|hết|cuối)\s+tháng\s*(\d{1,2})\s*(?:năm\s*|/\s*)(\d{4})")
        .expect("static regex")
});

/// `trong quý III/2024`, `quý IV năm 2023`.
static QUARTER: LazyLock<Regex> = LazyLock::new(|| {
    // Word-bounded at both ends: see `captures_bounded`.
    Regex::new(r"(?i)quý\s+(IV|III|II|I|[1-4])\s*(?:năm\s*|/\s*)(\d{4})").expect("static regex")
});

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

    #[test]
    fn timestamps_for_people() {
        assert_eq!(
            vn_datetime("2026-11-30T01:45:49.123+07:00"),
            "30/11/2026 01:45:49"
        );
        assert_eq!(vn_datetime("2026-11-30 01:45"), "30/11/2026 01:45");
        assert_eq!(vn_datetime("?"), "?");
    }

    #[test]
    fn deadlines_in_every_form() {
        let cases: &[(&str, Option<i32>, Option<&str>)] = &[
            (
                "gửi về Bộ Nội vụ chậm nhất ngày 10/01/2022.",
                None,
                Some("2022-01-10"),
            ),
            (
                "hoàn thành chậm nhất là ngày 15 tháng 02 năm 2022",
                None,
                Some("2022-02-15"),
            ),
            (
                "gửi về UBND tỉnh (qua Sở Nội vụ) trước ngày 30/10/2023.",
                None,
                Some("2023-10-30"),
            ),
            ("báo cáo kết quả trước 30/11/2024", None, Some("2024-11-30")),
            // An hour before the day.
            (
                "gửi Văn phòng Chính phủ trước 14 giờ ngày 08 tháng 10 năm 2025 để tổng hợp",
                None,
                Some("2025-10-08"),
            ),
            (
                "xác nhận qua hộp thư điện tử trước 14 giờ, ngày 08 tháng 10 năm 2025",
                None,
                Some("2025-10-08"),
            ),
            ("gửi trước 16h30 ngày 05/3/2026", None, Some("2026-03-05")),
            // A number that is not an hour still blocks: `trước 3 ngày`.
            ("thông báo trước 3 ngày 10/01/2026", None, None),
            (
                "gửi về Bộ Nội vụ trong tháng 12 năm 2023.",
                None,
                Some("2023-12"),
            ),
            ("hoàn thành trong tháng 6/2024", None, Some("2024-06")),
            (
                "tổ chức thực hiện trong quý III/2024",
                None,
                Some("2024-09-30"),
            ),
            ("hoàn thành trong quý IV năm 2023", None, Some("2023-12-31")),
            (
                "ban hành kế hoạch trong Quý 1/2025",
                None,
                Some("2025-03-31"),
            ),
            ("hoàn thành trước 31/12", Some(2024), Some("2024-12-31")),
            ("hoàn thành trước 31/12", None, None),
            ("hạn chót ngày 05/3/2024 phải gửi", None, Some("2024-03-05")),
            // A reporting period is not a deadline.
            (
                "kết quả đến tháng 9/2023 và dự kiến kết quả năm 2023",
                None,
                None,
            ),
            ("theo Công văn số 23/BNV-CCHC ngày 04/01/2022", None, None),
        ];
        for (input, year, want) in cases {
            let got = find_deadline(input, *year).map(|f| f.date.to_string());
            assert_eq!(got.as_deref(), *want, "{input}");
        }
    }
}
