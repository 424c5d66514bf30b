//! Digital-signature stamp boxes ("Ký bởi: ...", "Thời gian ký: ...") found in text.
//!
//! Vietnamese e-signing software (VGCA, the provincial "ký số" portals) prints a small box on
//! the page, usually above the header or in a corner:
//!
//! ```text
//! Ký bởi: Ủy ban nhân dân tỉnh Quảng Ngãi
//! Email: ubnd@quangngai.gov.vn
//! Cơ quan: Tỉnh Quảng Ngãi
//! Thời gian ký: 06.01.2022 16:30:12 +07:00
//! ```
//!
//! and publishing portals add a one- or two-line stamp ("TRUNG TÂM CÔNG BÁO VÀ TIN HỌC ...
//! 26.01.2025 11:12:09 +07:00"). That text is not part of the document: left in, it would be
//! read as the header's first lines. Every reader's output passes through [`split_stamps`]
//! (a DOCX or web page copied from a signed PDF carries the same box).
//!
//! The rule that keeps real body lines safe: a group of adjacent lines is a stamp only when it
//! has a signing time (a date with a clock time), and either a signer label (`Ký bởi:`,
//! `Người ký:`, `Signed by:`), a `Thời gian ký:` label, or a portal name next to a time with an
//! explicit UTC offset. `Email:` / `Cơ quan:` lines are taken only inside such a group.

use std::sync::LazyLock;

use regex::Regex;

use crate::record::SignatureStamp;
use crate::text::squash_spaces;

static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(ký bởi|được ký bởi|người ký|signed by|signature valid|digitally signed by|email|e-mail|cơ quan|đơn vị|chức vụ|thời gian ký|ngày ký|ký ngày|date|ngày giờ ký|signing time)\s*:\s*(.*?)\s*$",
    )
    .expect("static regex")
});

static DATETIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?:
          (?P<d>\d{1,2})[./-](?P<m>\d{1,2})[./-](?P<y>\d{4})
          |
          (?P<y2>\d{4})-(?P<m2>\d{2})-(?P<d2>\d{2})
        )
        (?:\s*[T,]\s*|\s+)
        (?P<hh>\d{1,2}):(?P<mm>\d{2})(?::(?P<ss>\d{2}))?
        (?:\s*(?:(?P<z>Z)|(?:GMT|UTC)?\s*(?P<sign>[+-])(?P<oh>\d{1,2}):?(?P<om>\d{2})?))?
        ",
    )
    .expect("static regex")
});

/// A second label inside a value: a box flattened onto one line by a DOCX or web copy.
static INNER_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s+(email|e-mail|cơ quan|chức vụ|thời gian ký|ngày ký|signing time)\s*:")
        .expect("static regex")
});

static PORTAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)công báo|tin học|ký số|cổng thông tin|chữ ký số|trung tâm")
        .expect("static regex")
});

/// Signing time found in `s`, as RFC 3339 with offset. Times without an offset are
/// Vietnamese local time (+07:00): that is what every Vietnamese signing tool prints.
pub fn parse_signing_time(s: &str) -> Option<String> {
    let c = DATETIME.captures(s)?;
    let get = |a: &str, b: &str| {
        c.name(a)
            .or_else(|| c.name(b))
            .and_then(|m| m.as_str().parse::<u32>().ok())
    };
    let (d, m, y) = (get("d", "d2")?, get("m", "m2")?, get("y", "y2")?);
    let (hh, mm) = (get("hh", "hh")?, get("mm", "mm")?);
    let ss = get("ss", "ss").unwrap_or(0);
    if !(1..=31).contains(&d) || !(1..=12).contains(&m) || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    let offset = if c.name("z").is_some() {
        "+00:00".to_owned()
    } else if let (Some(sign), Some(oh)) = (c.name("sign"), get("oh", "oh")) {
        let om = get("om", "om").unwrap_or(0);
        if oh > 14 || om > 59 {
            return None;
        }
        format!("{}{oh:02}:{om:02}", sign.as_str())
    } else {
        "+07:00".to_owned()
    };
    Some(format!(
        "{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}{offset}"
    ))
}

/// A PDF date (`D:20220106163012+07'00'`) as RFC 3339.
pub fn pdf_date_to_rfc3339(s: &str) -> Option<String> {
    let s = s.trim().trim_start_matches("D:");
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() < 8 {
        return None;
    }
    let n = |a: usize, b: usize, default: u32| -> u32 {
        digits
            .get(a..b)
            .and_then(|x| x.parse().ok())
            .unwrap_or(default)
    };
    let (y, m, d) = (n(0, 4, 0), n(4, 6, 1), n(6, 8, 1));
    let (hh, mm, ss) = (n(8, 10, 0), n(10, 12, 0), n(12, 14, 0));
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    let rest = &s[digits.len()..];
    let offset = match rest.chars().next() {
        Some('Z') => "+00:00".to_owned(),
        Some(sign @ ('+' | '-')) => {
            let nums: Vec<u32> = rest[1..]
                .split(|c: char| !c.is_ascii_digit())
                .filter(|p| !p.is_empty())
                .filter_map(|p| p.parse().ok())
                .collect();
            let oh = nums.first().copied().unwrap_or(0);
            let om = nums.get(1).copied().unwrap_or(0);
            format!("{sign}{oh:02}:{om:02}")
        }
        _ => "+07:00".to_owned(),
    };
    Some(format!(
        "{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}{offset}"
    ))
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// Ký bởi / Người ký / Signed by: names the signer.
    Signer,
    /// Thời gian ký / Ngày ký: names the time.
    Time,
    /// Email / Cơ quan / Chức vụ: only taken inside a stamp.
    Other,
    /// A bare line with a date and clock time.
    BareTime,
    /// A portal name ("TRUNG TÂM CÔNG BÁO VÀ TIN HỌC") with or without its time.
    Portal,
}

fn classify(line: &str) -> Option<(Kind, Option<String>)> {
    let t = line.trim();
    if t.is_empty() || t.chars().count() > 160 {
        return None;
    }
    // Every label and every clock time has a colon: most lines of a document have none and
    // skip the regexes (the label's captures run the slower capture engine per line).
    let colon = t.contains(':');
    if colon && let Some(c) = LABEL.captures(t) {
        let label = c[1].to_lowercase();
        let value = c[2].trim().to_owned();
        let kind = match label.as_str() {
            "ký bởi" | "được ký bởi" | "người ký" | "signed by" | "digitally signed by" => {
                Kind::Signer
            }
            "thời gian ký" | "ngày ký" | "ký ngày" | "ngày giờ ký" | "signing time" | "date" => {
                if DATETIME.is_match(&value) {
                    Kind::Time
                } else if label == "date" {
                    return None;
                } else {
                    Kind::Other
                }
            }
            "signature valid" => Kind::Other,
            _ => Kind::Other,
        };
        return Some((kind, Some(value)));
    }
    // The clock time (`hh`) is not optional in DATETIME: a match is a time.
    let has_time = colon && DATETIME.is_match(t);
    let upper_ratio = || {
        let (mut letters, mut upper) = (0usize, 0usize);
        for c in t.chars().filter(|c| c.is_alphabetic()) {
            letters += 1;
            upper += usize::from(c.is_uppercase());
        }
        if letters == 0 {
            0.0
        } else {
            upper as f32 / letters as f32
        }
    };
    if t.chars().count() <= 90 && PORTAL.is_match(t) && upper_ratio() > 0.8 {
        return Some((Kind::Portal, None));
    }
    if has_time {
        // A bare date + time with little else on the line.
        let rest = DATETIME.replace(t, "");
        if rest.split_whitespace().count() <= 12 {
            return Some((Kind::BareTime, None));
        }
    }
    None
}

fn has_offset(line: &str) -> bool {
    DATETIME
        .captures(line)
        .is_some_and(|c| c.name("sign").is_some() || c.name("z").is_some())
}

/// Builds a stamp from the lines of one box, if they are one.
pub fn stamp_from_lines(lines: &[&str]) -> Option<SignatureStamp> {
    let classes: Vec<Option<(Kind, Option<String>)>> = lines.iter().map(|l| classify(l)).collect();
    if classes.iter().any(Option::is_none) {
        return None;
    }
    build(lines, &classes)
}

fn build(lines: &[&str], classes: &[Option<(Kind, Option<String>)>]) -> Option<SignatureStamp> {
    let kinds: Vec<Kind> = classes.iter().flatten().map(|c| c.0).collect();
    let time = lines.iter().find_map(|l| parse_signing_time(l));
    let signer_label = kinds.contains(&Kind::Signer);
    let time_label = kinds.contains(&Kind::Time);
    let portal = kinds.contains(&Kind::Portal) && lines.iter().any(|l| has_offset(l));
    if time.is_none() || !(signer_label || time_label || portal) {
        return None;
    }
    let value_of = |k: Kind, label_prefix: Option<&str>| {
        lines.iter().zip(classes).find_map(|(l, c)| match c {
            Some((kind, Some(v))) if *kind == k && !v.is_empty() => match label_prefix {
                Some(p) if !l.trim().to_lowercase().starts_with(p) => None,
                _ => Some(v.clone()),
            },
            _ => None,
        })
    };
    let cut_inner = |v: String| match INNER_LABEL.find(&v) {
        Some(m) => v[..m.start()].to_owned(),
        None => v,
    };
    let signer = value_of(Kind::Signer, None)
        .map(cut_inner)
        .or_else(|| value_of(Kind::Other, Some("cơ quan")).map(cut_inner))
        .or_else(|| {
            // Portal stamp: the name is the text before the time.
            let joined = lines
                .iter()
                .filter(|l| !l.trim().is_empty())
                .map(|l| DATETIME.replace(l, "").trim().to_owned())
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            (!joined.is_empty()).then(|| squash_spaces(&joined))
        })
        .map(|s| squash_spaces(&s));
    Some(SignatureStamp {
        signer,
        time,
        text: lines
            .iter()
            .map(|l| l.trim())
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n"),
    })
}

/// Splits stamp boxes out of `text`: returns the text without them and the stamps.
pub fn split_stamps(text: &str) -> (String, Vec<SignatureStamp>) {
    // Cheap exit for the common case (no time of day anywhere, no label).
    if !text.contains(':') {
        return (text.to_owned(), Vec::new());
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let classes: Vec<Option<(Kind, Option<String>)>> = lines.iter().map(|l| classify(l)).collect();
    let mut remove = vec![false; lines.len()];
    let mut stamps = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if classes[i].is_none() {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < lines.len() && classes[j].is_some() {
            j += 1;
        }
        // Lines i..j are all stamp-like. Split runs where a new signer label starts a new box.
        let mut start = i;
        for k in i..=j {
            let new_box = k < j
                && k > start
                && matches!(classes[k], Some((Kind::Signer, _)))
                && classes[start..k]
                    .iter()
                    .any(|c| matches!(c, Some((Kind::Signer, _))));
            if k == j || new_box {
                if let Some(stamp) = build(&lines[start..k], &classes[start..k]) {
                    stamps.push(stamp);
                    for r in remove.iter_mut().take(k).skip(start) {
                        *r = true;
                    }
                }
                start = k;
            }
        }
        i = j;
    }
    if stamps.is_empty() {
        return (text.to_owned(), stamps);
    }
    let mut out = String::with_capacity(text.len());
    let mut first = true;
    for (line, r) in lines.iter().zip(&remove) {
        if *r {
            continue;
        }
        if !first {
            out.push('\n');
        }
        out.push_str(line);
        first = false;
    }
    (out, stamps)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signing_times() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                "Thời gian ký: 26.01.2025 11:12:09 +07:00",
                Some("2025-01-26T11:12:09+07:00"),
            ),
            ("06/01/2022 16:30", Some("2022-01-06T16:30:00+07:00")),
            ("2023-10-05T08:01:02Z", Some("2023-10-05T08:01:02+00:00")),
            ("ngày 31/12/2021 về việc", None),
            ("32.01.2025 11:12:09", None),
        ];
        for &(s, want) in cases {
            assert_eq!(parse_signing_time(s).as_deref(), want, "{s}");
        }
        assert_eq!(
            pdf_date_to_rfc3339("D:20220106163012+07'00'").as_deref(),
            Some("2022-01-06T16:30:12+07:00")
        );
        assert_eq!(
            pdf_date_to_rfc3339("D:20231005").as_deref(),
            Some("2023-10-05T00:00:00+07:00")
        );
    }

    struct Case {
        input: &'static str,
        text: &'static str,
        stamps: &'static [(Option<&'static str>, Option<&'static str>)],
    }

    #[test]
    fn split_table() {
        let cases = [
            Case {
                input: "Ký bởi: Ủy ban nhân dân tỉnh Quảng Ngãi\nEmail: ubnd@quangngai.gov.vn\nCơ quan: Tỉnh Quảng Ngãi\nThời gian ký: 06.01.2022 16:30:12 +07:00\n\nỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\n",
                text: "\nỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\n",
                stamps: &[(
                    Some("Ủy ban nhân dân tỉnh Quảng Ngãi"),
                    Some("2022-01-06T16:30:12+07:00"),
                )],
            },
            Case {
                input: "Người ký: Sở Nội vụ\nThời gian ký: 26.01.2025 11:12:09 +07:00\nSố: 46/TB-UBND\n",
                text: "Số: 46/TB-UBND\n",
                stamps: &[(Some("Sở Nội vụ"), Some("2025-01-26T11:12:09+07:00"))],
            },
            Case {
                input: "TRUNG TÂM CÔNG BÁO VÀ TIN HỌC\n26.01.2025 11:12:09 +07:00\nỦY BAN NHÂN DÂN\n",
                text: "ỦY BAN NHÂN DÂN\n",
                stamps: &[(
                    Some("TRUNG TÂM CÔNG BÁO VÀ TIN HỌC"),
                    Some("2025-01-26T11:12:09+07:00"),
                )],
            },
            // Two boxes back to back (the agency, then its leader).
            Case {
                input: "Ký bởi: Sở Nội vụ\nThời gian ký: 02.03.2024 08:00:00 +07:00\nKý bởi: Nguyễn Văn A\nThời gian ký: 02.03.2024 08:05:00 +07:00\nNội dung",
                text: "Nội dung",
                stamps: &[
                    (Some("Sở Nội vụ"), Some("2024-03-02T08:00:00+07:00")),
                    (Some("Nguyễn Văn A"), Some("2024-03-02T08:05:00+07:00")),
                ],
            },
            // A box flattened onto one line.
            Case {
                input: "Ký bởi: Sở Nội vụ Email: snv@daklak.gov.vn Thời gian ký: 05.10.2023 09:15:00 +07:00\nỦY BAN NHÂN DÂN",
                text: "ỦY BAN NHÂN DÂN",
                stamps: &[(Some("Sở Nội vụ"), Some("2023-10-05T09:15:00+07:00"))],
            },
            Case {
                input: "Signed by: NGUYEN VAN A\nSigning time: 2024-03-02 08:05:00\nKẾ HOẠCH",
                text: "KẾ HOẠCH",
                stamps: &[(Some("NGUYEN VAN A"), Some("2024-03-02T08:05:00+07:00"))],
            },
            // Body lines that look like labels but are no stamp: kept.
            Case {
                input: "Cơ quan: Sở Nội vụ\nEmail: phungdoanhung@moha.gov.vn\nĐịa chỉ liên hệ: Ông Phùng Doãn Hưng",
                text: "Cơ quan: Sở Nội vụ\nEmail: phungdoanhung@moha.gov.vn\nĐịa chỉ liên hệ: Ông Phùng Doãn Hưng",
                stamps: &[],
            },
            Case {
                input: "Người ký: ghi rõ họ tên\n- Cơ quan Tổ chức - Nội vụ huyện\nThời gian ký kết hợp đồng: 05 năm.",
                text: "Người ký: ghi rõ họ tên\n- Cơ quan Tổ chức - Nội vụ huyện\nThời gian ký kết hợp đồng: 05 năm.",
                stamps: &[],
            },
            Case {
                input: "Hội nghị bắt đầu lúc 08:00 ngày 15/7/2022 tại hội trường UBND huyện.",
                text: "Hội nghị bắt đầu lúc 08:00 ngày 15/7/2022 tại hội trường UBND huyện.",
                stamps: &[],
            },
            Case {
                input: "Quảng Ngãi, ngày 06 tháng 01 năm 2022",
                text: "Quảng Ngãi, ngày 06 tháng 01 năm 2022",
                stamps: &[],
            },
        ];
        for case in cases {
            let (text, stamps) = split_stamps(case.input);
            assert_eq!(text, case.text, "input: {}", case.input);
            let got: Vec<(Option<&str>, Option<&str>)> = stamps
                .iter()
                .map(|s| (s.signer.as_deref(), s.time.as_deref()))
                .collect();
            assert_eq!(got, case.stamps, "input: {}", case.input);
        }
    }

    #[test]
    fn stamp_text_is_kept_as_printed() {
        let (_, stamps) = split_stamps(
            "Ký bởi: Ủy ban nhân dân tỉnh Quảng Ngãi\nThời gian ký: 06.01.2022 16:30:12 +07:00",
        );
        assert_eq!(
            stamps[0].text,
            "Ký bởi: Ủy ban nhân dân tỉnh Quảng Ngãi\nThời gian ký: 06.01.2022 16:30:12 +07:00"
        );
    }
}
