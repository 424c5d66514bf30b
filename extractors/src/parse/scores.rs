//! Score statements: `Công tác chỉ đạo điều hành đạt: 9,38/9,5 điểm`, `Cấp sở đạt 83,30
//! điểm`, `(2) Cải cách TTHC: 12,92/13 điểm`.
//!
//! Reports and concluding notices on the PAR Index state what a field or a body scored. A
//! statement is a label, then `đạt` and/or a colon, then the points (Vietnamese decimal comma,
//! thousands dots `1.234,5`), optionally `/max`, then `điểm`. Numbers that are not scores are
//! left alone: changes (`tăng 0,35 điểm`), thresholds (`đạt trên 80 điểm`), maxima quoted in
//! passing (`10,5 điểm đối với cấp tỉnh`) and rules (`đánh giá 0 điểm`) have neither `đạt` nor
//! a label colon right before the number.

use std::sync::LazyLock;

use regex::Regex;

use crate::record::Score;
use crate::text::squash_spaces;

/// `đạt[:] N[/M] điểm` or `: N[/M] điểm`.
static STATEMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?P<lead>\bđạt\s*:?|:)\s*(?P<pts>\d{1,3}(?:\.\d{3})*(?:,\d+)?|\d+(?:[.,]\d+)?)(?:\s*/\s*(?P<max>\d{1,3}(?:\.\d{3})*(?:,\d+)?|\d+(?:[.,]\d+)?))?\s*điểm\b",
    )
    .expect("static regex")
});

/// [`STATEMENT`] without its Unicode word boundaries, which keep the regex off its fast
/// automata on Vietnamese text: it matches wherever STATEMENT does (and a little more), so a
/// line it does not match is skipped without the slow search.
static STATEMENT_LOOSE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&STATEMENT.as_str().replace(r"\b", "")).expect("static regex"));

/// Numbering in front of a label: `(1)`, `1.`, `a)`, `-`.
static NUMBERING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\(\s*\d+\s*\)|\d+(?:\.\d+)*\.|[a-zđ]\)|[-–•+])\s*").expect("static regex")
});

/// Parses a Vietnamese number: `9,38` → 9.38, `1.234,5` → 1234.5, `83` → 83. A lone dot is
/// a thousands separator when three digits follow it (`1.234`), else a decimal point (`9.5`).
pub fn parse_number(s: &str) -> Option<f64> {
    let s = s.trim();
    let normal = if s.contains(',') {
        s.replace('.', "").replace(',', ".")
    } else if let Some((_, frac)) = s.rsplit_once('.') {
        if frac.len() == 3 && s.matches('.').count() >= 1 && !s.starts_with("0.") {
            s.replace('.', "")
        } else {
            s.to_owned()
        }
    } else {
        s.to_owned()
    };
    normal.parse().ok()
}

/// The label before a statement: the clause it ends, without numbering.
fn label_before(before: &str) -> Option<String> {
    let cut = before
        .rfind([';', '(', ')', ':', '\n'])
        .map_or(0, |i| i + 1);
    let sentence = before[cut..].rfind(". ").map_or(cut, |i| cut + i + 2);
    let mut label = squash_spaces(&before[sentence..]);
    loop {
        let stripped = NUMBERING.replace(&label, "").into_owned();
        if stripped == label {
            break;
        }
        label = stripped;
    }
    let label = label
        .trim_matches(|c: char| c == ',' || c == '-' || c.is_whitespace())
        .to_owned();
    let words = label.split(' ').count();
    (!label.is_empty() && words <= 25 && label.chars().any(char::is_alphabetic)).then_some(label)
}

/// Every score statement in `body`.
pub fn extract(body: &str) -> Vec<Score> {
    let mut out = Vec::new();
    for line in body.lines() {
        if !STATEMENT_LOOSE.is_match(line) {
            continue;
        }
        for c in STATEMENT.captures_iter(line) {
            let (Some(lead), Some(pts)) = (c.name("lead"), c.name("pts")) else {
                continue;
            };
            let Some(points) = parse_number(pts.as_str()) else {
                continue;
            };
            let max = c.name("max").and_then(|m| parse_number(m.as_str()));
            if max.is_some_and(|m| m < points || m <= 0.0) {
                continue;
            }
            let Some(label) = label_before(&line[..lead.start()]) else {
                continue;
            };
            out.push(Score { label, points, max });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    type Expected = (&'static str, f64, Option<f64>);

    #[test]
    fn score_statements() {
        let cases: &[(&str, &[Expected])] = &[
            (
                "các tiêu chí chưa đạt gồm lĩnh vực: (1) Công tác chỉ đạo điều hành đạt: 9,38/9,5 điểm; (2) Cải cách TTHC: 12,92/13 điểm;",
                &[
                    ("Công tác chỉ đạo điều hành", 9.38, Some(9.5)),
                    ("Cải cách TTHC", 12.92, Some(13.0)),
                ],
            ),
            (
                "(3) Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức: 5/6 điểm;",
                &[(
                    "Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức",
                    5.0,
                    Some(6.0),
                )],
            ),
            (
                "Cụ thể, điểm trung bình năm 2022: Cấp sở đạt 83,30 điểm, tăng 0,35 điểm và có 19/25 sở đạt trên 80 điểm",
                &[("Cấp sở", 83.3, None)],
            ),
            (
                "Tổng điểm tự đánh giá của huyện đạt 1.234,5 điểm",
                &[("Tổng điểm tự đánh giá của huyện", 1234.5, None)],
            ),
            (
                "a) Cải cách thủ tục hành chính đạt 12,5/14,5 điểm",
                &[("Cải cách thủ tục hành chính", 12.5, Some(14.5))],
            ),
            // Maxima quoted in passing and rules are no statements.
            (
                "(10,5 điểm đối với cấp tỉnh; 9,5 điểm đối với cấp huyện); chưa có tài liệu kiểm chứng đánh giá 0 điểm",
                &[],
            ),
        ];
        for (text, want) in cases {
            let got: Vec<(String, f64, Option<f64>)> = extract(text)
                .into_iter()
                .map(|s| (s.label, s.points, s.max))
                .collect();
            let want: Vec<(String, f64, Option<f64>)> = want
                .iter()
                .map(|(l, p, m)| ((*l).to_owned(), *p, *m))
                .collect();
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn vietnamese_numbers() {
        let cases = [
            ("9,38", Some(9.38)),
            ("1.234,5", Some(1234.5)),
            ("1.234", Some(1234.0)),
            ("9.5", Some(9.5)),
            ("83", Some(83.0)),
            ("x", None),
        ];
        for (s, want) in cases {
            assert_eq!(parse_number(s), want, "{s}");
        }
    }
}
