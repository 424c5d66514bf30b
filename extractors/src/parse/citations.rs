//! Văn bản được viện dẫn: the documents a text cites.
//!
//! Offices cite a document as `<tên loại> số <số/ký hiệu>[,] ngày <ngày>[ của <cơ quan>]`:
//! `Công văn số 23/BNV-CCHC ngày 04/01/2022 của Bộ Nội vụ`, `Quyết định số 733/QĐ-UBND, ngày
//! 06/7/2022 của UBND tỉnh Quảng Ngãi Phê duyệt ...`, `Nghị quyết số 04-NQ/TU ngày 18/10/2021
//! của Tỉnh ủy`, `Nghị định số 61/2018/NĐ-CP`. Lists share the type named first (`Công văn
//! số 4643/UBND-KGVX ngày 28/8/2024; số 4975/UBND-KGVX ... và số 6138/UBND-KGVX`). The parser
//! therefore anchors on the reference itself ([`super::refs::REFERENCE`]) and reads outwards:
//! the type from the words just before it, the date and the issuer from the words just after.
//!
//! The text is flattened to one line first, so a reference broken at a line end
//! (`Kế hoạch số 186/KH-` / `UBND`) reads as one. A reference cited twice keeps its first
//! mention; when the two mentions give different dates the first wins and the record gets
//! [`crate::warnings::CITATION_DATE_CONFLICT`] (one of them is a typo a reviewer should see).

use std::sync::LazyLock;

use regex::Regex;

use super::doctype::{EXTRA_NAMES, TYPE_CODES, code_of_symbol, name_for_code};
use super::refs::{REFERENCE, clean_symbol, reference_key};
use crate::dates::{self, PartialDate};
use crate::record::Citation;
use crate::text::{fold, squash_spaces};
use crate::warnings::CITATION_DATE_CONFLICT;

/// Type names offices cite that are not on the type-name line of Nghị định 30/2020, with the
/// canonical type they stand for. `Thông báo kết luận` is a Thông báo; `Văn bản` says nothing
/// (the symbol decides).
const CITED_NAMES: &[(&str, Option<&str>)] = &[
    ("Thông báo kết luận", Some("Thông báo")),
    ("Kết luận", Some("Kết luận")),
    ("Văn bản", None),
    ("Công văn", Some("Công văn")),
    ("Thông tri", Some("Thông tri")),
    ("Hướng dẫn", Some("Hướng dẫn")),
];

/// Party type codes (`14-KL/TW`) missing from the state list.
const PARTY_CODES: &[(&str, &str)] = &[("KL", "Kết luận"), ("TT", "Thông tri")];

/// Every type name, longest first, with what it maps to.
static TYPE_NAMES: LazyLock<Vec<(String, Option<&'static str>)>> = LazyLock::new(|| {
    let mut v: Vec<(String, Option<&'static str>)> = CITED_NAMES
        .iter()
        .map(|(n, t)| ((*n).to_owned(), *t))
        .collect();
    for (_, n) in TYPE_CODES {
        if !v.iter().any(|(x, _)| x == n) {
            v.push(((*n).to_owned(), Some(*n)));
        }
    }
    for n in EXTRA_NAMES {
        if !v.iter().any(|(x, _)| x == n) {
            v.push(((*n).to_owned(), Some(*n)));
        }
    }
    v.sort_by_key(|(n, _)| std::cmp::Reverse(n.chars().count()));
    v
});

/// `<type name> [số]` at the end of the text before a reference.
static TYPE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    let alts: Vec<String> = TYPE_NAMES
        .iter()
        .map(|(n, _)| regex::escape(n).replace(' ', r"\s+"))
        .collect();
    Regex::new(&format!(
        r"(?i)(?:^|[^\p{{L}}])(?P<t>{})\s*(?:số|số:|so)?\s*$",
        alts.join("|")
    ))
    .expect("static regex")
});

/// A list continuation before a reference: `; số`, `, số`, `và số`, `và`.
static CONTINUATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*[,;]?\s*(?:và|hoặc)?\s*(?:các\s+)?(?:số)?\s*$").expect("static regex")
});

/// What may stand between a reference and its date: a comma, `ban hành`.
static DATE_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[\s,]*(?:(?:được\s+)?ban\s+hành\s+)?").expect("static regex")
});

/// `của ` right after the reference or its date.
static OF_LEAD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^[\s,]*của\s+").expect("static regex"));

/// `của X tại [type] [số]` before a reference: `quy định của Chính phủ tại Nghị định số`.
static OF_AT_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)của\s+(?P<iss>[^,;()“”\x22]{2,80}?)\s+tại\s+(?:[^,;()]{0,40}?)?$")
        .expect("static regex")
});

/// Words that end an issuer's name, lower-cased with their tone marks (`tại` ends a name,
/// `Tài chính` does not).
const ISSUER_STOPS: &[&str] = &[
    "về",
    "ban hành",
    "phê duyệt",
    "tại",
    "quy định",
    "hướng dẫn",
    "gửi",
    "giao",
    "đã",
    "để",
    "trong",
    "với",
    "theo",
    "thì",
    "là",
    "nhằm",
    "đối với",
    "cho",
    "trên",
    "sửa đổi",
    "triển khai",
    "ngày",
    "kèm",
    "số",
    "đến",
    "có",
    "được",
    "thực hiện",
    "chỉ đạo",
    "yêu cầu",
    "đề nghị",
    "như",
    "nay",
    "của",
    "mà",
    "nên",
    "khi",
    "sau",
    "từ",
    "bao gồm",
    "gồm",
    "đồng thời",
    "v/v",
];

/// Words that start a name after `và` (`Bộ Thông tin và Truyền thông` keeps going; `và các`
/// or `và Quyết định` stops).
fn continues_name(word: &str) -> bool {
    let first = word.chars().next();
    first.is_some_and(char::is_uppercase)
        && !TYPE_NAMES
            .iter()
            .any(|(n, _)| fold(n).split(' ').next() == Some(fold(word).as_str()))
}

/// Cuts an issuer's name at its natural end.
fn cut_issuer(s: &str) -> Option<String> {
    let s = head(s, 400);
    let end = s
        .find([',', ';', '.', '(', ')', ':', '“', '”', '"', '/'])
        .unwrap_or(s.len());
    let words: Vec<&str> = s[..end].split(' ').filter(|w| !w.is_empty()).collect();
    let mut kept: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < words.len() && kept.len() < 12 {
        let w = words[i];
        let f1 = w.to_lowercase();
        let f2 = words
            .get(i + 1)
            .map(|n| format!("{f1} {}", n.to_lowercase()));
        let is_stop = ISSUER_STOPS
            .iter()
            .any(|s| *s == f1 || f2.as_deref() == Some(*s));
        // A stop word written capitalised inside a name (`Ban Tổ chức`, `Sở Tư pháp`) is part
        // of it only when it follows a capitalised word; `Phê duyệt` after a place ends it.
        if is_stop && !(kept.is_empty() && w.chars().next().is_some_and(char::is_uppercase)) {
            break;
        }
        if f1 == "và" {
            match words.get(i + 1) {
                Some(next) if continues_name(next) => {}
                _ => break,
            }
        }
        kept.push(w);
        i += 1;
    }
    while kept.last().is_some_and(|w| *w == "và") {
        kept.pop();
    }
    // A name starts with a capital (`Bộ`, `UBND`, `Chủ tịch`); `của tỉnh` is no issuer.
    let first = kept.first()?;
    if !first.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    Some(kept.join(" "))
}

/// The symbol with any trailing non-symbol parts removed (`QĐ-UBND - Phê` → `QĐ-UBND`), and
/// the byte length of the raw text it came from.
fn trim_symbol(raw: &str) -> (String, usize) {
    static PART: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?P<sep>\s?-\s?|^)(?P<part>(?:(?:19|20)\d{2}\s?/\s?)?[\p{L}\d]+)")
            .expect("static regex")
    });
    let mut end = 0;
    for (i, c) in PART.captures_iter(raw).enumerate() {
        let (Some(all), Some(part)) = (c.get(0), c.name("part")) else {
            break;
        };
        let p = part.as_str();
        let core = p.rsplit('/').next().unwrap_or(p);
        let lower = core.chars().filter(|c| c.is_lowercase()).count();
        let spaced = c.name("sep").is_some_and(|s| s.as_str().contains(' '));
        if i > 0 && (lower > 1 || (spaced && lower > 0)) {
            break;
        }
        end = all.end();
    }
    // A unit code in parentheses closes the symbol: `TTr-CAT(PC04)`.
    if end > 0 {
        let rest = &raw[end..];
        if let Some(close) = rest.find(')')
            && rest.starts_with('(')
            && rest[1..close]
                .chars()
                .all(|c| c.is_uppercase() || c.is_ascii_digit())
            && close > 1
        {
            end += close + 1;
        }
    }
    (clean_symbol(&raw[..end]), end)
}

/// The type named just before a reference, if any: `Some(Some(name))` for a type,
/// `Some(None)` for a generic word (`Văn bản`), `None` when no type word is there.
fn type_before(before: &str) -> Option<Option<&'static str>> {
    let start = before.char_indices().rev().nth(48).map_or(0, |(i, _)| i);
    let c = TYPE_BEFORE.captures(&before[start..])?;
    let t = fold(&squash_spaces(c.name("t")?.as_str()));
    TYPE_NAMES
        .iter()
        .find(|(n, _)| fold(n) == t)
        .map(|(_, canon)| *canon)
}

/// The type a symbol's code implies: `QĐ-UBND` → Quyết định, `2015/QH13` → Luật, `KL/TW`
/// → Kết luận; a công văn's issuer-only symbol (`UBND-TTHC`) → Công văn.
fn type_from_symbol(symbol: &str, party: bool) -> Option<&'static str> {
    if let Some(n) = code_of_symbol(symbol).and_then(name_for_code) {
        return Some(n);
    }
    let first = symbol.split(['-', '/']).next().unwrap_or("");
    if party {
        return PARTY_CODES
            .iter()
            .find(|(c, _)| *c == first)
            .map(|(_, n)| *n);
    }
    // Legal style with a year: `80/2015/QH13` is a Luật of the Quốc hội.
    if let Some((year, rest)) = symbol.split_once('/')
        && year.len() == 4
    {
        return rest.starts_with("QH").then_some("Luật");
    }
    Some("Công văn")
}

/// The date right after a reference (`ngày 04/01/2022`, `, ngày 06/7/2022`, `ngày 20 tháng
/// 02 năm 2009`) and how many bytes it took.
fn date_after(after: &str) -> Option<(PartialDate, usize)> {
    // The date sits right after the reference: look no further than a short window, so
    // a long text without dates costs linear time, not quadratic.
    let after = head(after, 160);
    let lead = DATE_LEAD.find(after).map_or(0, |m| m.end());
    let rest = &after[lead..];
    let f = dates::find_date(rest)?;
    let gap = fold(rest[..f.start].trim());
    let ok = f.start == 0 || gap == "ngay" || gap == "ngay:";
    ok.then_some((f.date, lead + f.end))
}

/// At most the first `max` bytes of `s`, cut on a character boundary.
fn head(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// At most the last `max` bytes of `s`, cut on a character boundary.
fn tail(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut start = s.len() - max;
    while !s.is_char_boundary(start) {
        start += 1;
    }
    &s[start..]
}

/// Every distinct document cited in `text`, in order of first mention, except
/// `own_reference`. Returns the citations and warning codes.
pub fn extract(text: &str, own_reference: Option<&str>) -> (Vec<Citation>, Vec<&'static str>) {
    let flat = squash_spaces(text);
    let own_key = own_reference
        .filter(|r| r.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .map(reference_key);
    let mut out: Vec<Citation> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    let mut warnings: Vec<&'static str> = Vec::new();
    // End of the previous citation (reference, date and issuer) and its type, for lists.
    let mut prev: Option<(usize, Option<String>)> = None;

    for c in REFERENCE.captures_iter(&flat) {
        let (Some(m), Some(num)) = (c.get(0), c.name("num")) else {
            continue;
        };
        let (party, symbol, end) = if let Some(sym) = c.name("sym") {
            let (s, len) = trim_symbol(sym.as_str());
            (false, s, sym.start() + len)
        } else if let Some(p) = c.name("party") {
            (true, clean_symbol(p.as_str()), p.end())
        } else {
            continue;
        };
        if symbol.is_empty() {
            continue;
        }
        let before = &flat[..m.start()];
        // `Số: 47/UBND-TTHC` is the document's own number line, never a citation.
        if before.trim_end().ends_with("Số:") {
            continue;
        }
        // `01/26/PT-NC` inside `Số: 10-01/26/PT-NC`: the tail of a longer number, not a
        // reference of its own.
        if before.ends_with('/') {
            continue;
        }
        let after_number_word = {
            let t = fold(tail(before.trim_end(), 16));
            t.ends_with(" so") || t.ends_with("so:") || t == "so"
        };
        // A bare `12/TB` with nothing around it is not worth trusting.
        if !after_number_word && !symbol.contains(['-', '/']) {
            continue;
        }
        let reference = if party {
            format!("{}-{symbol}", num.as_str())
        } else {
            format!("{}/{symbol}", num.as_str())
        };
        let key = reference_key(&reference);

        let mut pos = end;
        let date = date_after(&flat[pos..]).map(|(d, used)| {
            pos += used;
            d
        });
        let issuer = match OF_LEAD.find(&flat[pos..]) {
            Some(lead) => {
                let from = pos + lead.end();
                let iss = cut_issuer(&flat[from..]);
                if let Some(i) = &iss {
                    pos = from + i.len();
                }
                iss
            }
            None => None,
        }
        .or_else(|| {
            let window_start = before.char_indices().rev().nth(140).map_or(0, |(i, _)| i);
            OF_AT_BEFORE
                .captures(&before[window_start..])
                .and_then(|c| c.name("iss"))
                .and_then(|m| cut_issuer(m.as_str()))
        });

        let named = type_before(before);
        let inherited = match (&named, &prev) {
            (None, Some((prev_end, prev_type))) if *prev_end <= m.start() => CONTINUATION
                .is_match(&flat[*prev_end..m.start()])
                .then(|| prev_type.clone())
                .flatten(),
            _ => None,
        };
        let doc_type = match named {
            Some(Some(t)) => Some(t.to_owned()),
            _ => inherited.or_else(|| type_from_symbol(&symbol, party).map(str::to_owned)),
        };
        prev = Some((pos, doc_type.clone()));

        if own_key.as_deref() == Some(key.as_str()) {
            continue;
        }
        let date = date.map(|d| d.to_string());
        if let Some(i) = keys.iter().position(|k| *k == key) {
            let existing = &mut out[i];
            match (&existing.date, &date) {
                (None, Some(_)) => existing.date = date,
                (Some(a), Some(b)) if a != b && !warnings.contains(&CITATION_DATE_CONFLICT) => {
                    warnings.push(CITATION_DATE_CONFLICT);
                }
                _ => {}
            }
            if existing.issuer.is_none() {
                existing.issuer = issuer;
            }
            if existing.doc_type.is_none() {
                existing.doc_type = doc_type;
            }
            continue;
        }
        keys.push(key);
        out.push(Citation {
            doc_type,
            reference,
            date,
            issuer,
        });
    }
    (out, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    type Row = (
        &'static str,
        &'static str,
        Option<&'static str>,
        Option<&'static str>,
    );

    fn check(text: &str, want: &[Row]) {
        let (got, _) = extract(text, None);
        let got: Vec<_> = got
            .iter()
            .map(|c| {
                (
                    c.reference.as_str(),
                    c.doc_type.as_deref().unwrap_or_default(),
                    c.date.as_deref(),
                    c.issuer.as_deref(),
                )
            })
            .collect();
        assert_eq!(got, want, "{text}");
    }

    #[test]
    fn every_citation_form() {
        let cases: &[(&str, &[Row])] = &[
            (
                "Thực hiện Công văn số 23/BNV-CCHC ngày 04/01/2022 của Bộ Nội vụ về việc triển khai",
                &[(
                    "23/BNV-CCHC",
                    "Công văn",
                    Some("2022-01-04"),
                    Some("Bộ Nội vụ"),
                )],
            ),
            (
                "Thực hiện Quyết định số 733/QĐ-UBND, ngày 06/7/2022 của UBND tỉnh Quảng Ngãi Phê duyệt Đề án",
                &[(
                    "733/QĐ-UBND",
                    "Quyết định",
                    Some("2022-07-06"),
                    Some("UBND tỉnh Quảng Ngãi"),
                )],
            ),
            (
                "Căn cứ Thông tư liên tịch số 12/2009/TTLT-BTC-BNV ngày 20 tháng 02 năm 2009 của Bộ Tài chính",
                &[(
                    "12/2009/TTLT-BTC-BNV",
                    "Thông tư liên tịch",
                    Some("2009-02-20"),
                    Some("Bộ Tài chính"),
                )],
            ),
            (
                "tiếp theo Công văn số 4643/UBND-KGVX ngày 28/8/2024; số 4975/UBND-KGVX ngày 17/09/2024 và số 6138/UBND-KGVX ngày 13/11/2024 của UBND tỉnh",
                &[
                    ("4643/UBND-KGVX", "Công văn", Some("2024-08-28"), None),
                    ("4975/UBND-KGVX", "Công văn", Some("2024-09-17"), None),
                    (
                        "6138/UBND-KGVX",
                        "Công văn",
                        Some("2024-11-13"),
                        Some("UBND tỉnh"),
                    ),
                ],
            ),
            (
                "triển khai Kế hoạch số 186/KH-\nUBND ngày 17/9/2024 của UBND huyện Tư Nghĩa về cải cách",
                &[(
                    "186/KH-UBND",
                    "Kế hoạch",
                    Some("2024-09-17"),
                    Some("UBND huyện Tư Nghĩa"),
                )],
            ),
            (
                "được đề ra tại Nghị quyết số 04-NQ/TU ngày 18/10/2021 của Tỉnh ủy, Nghị quyết số 93/NQ-HĐND ngày 10/12/2021 của HĐND tỉnh.",
                &[
                    (
                        "04-NQ/TU",
                        "Nghị quyết",
                        Some("2021-10-18"),
                        Some("Tỉnh ủy"),
                    ),
                    (
                        "93/NQ-HĐND",
                        "Nghị quyết",
                        Some("2021-12-10"),
                        Some("HĐND tỉnh"),
                    ),
                ],
            ),
            (
                "không ban hành thông báo xin lỗi theo quy định của Chính phủ tại Nghị định số 61/2018/NĐ-CP về thực hiện cơ chế một cửa",
                &[("61/2018/NĐ-CP", "Nghị định", None, Some("Chính phủ"))],
            ),
            (
                "trình HĐND tỉnh ban hành Nghị quyết số 11/2022/NQ-HĐND ngày 07/7/2022 giảm 50% phí",
                &[("11/2022/NQ-HĐND", "Nghị quyết", Some("2022-07-07"), None)],
            ),
            (
                "theo Quyết định số 838/QĐ-BNV ngày 28/7/2021 của Bộ trưởng Bộ Nội vụ ban hành Kế hoạch",
                &[(
                    "838/QĐ-BNV",
                    "Quyết định",
                    Some("2021-07-28"),
                    Some("Bộ trưởng Bộ Nội vụ"),
                )],
            ),
            (
                "tại khoản 1 Mục II Thông báo kết luận số 89/TB-UBND ngày 16/3/2021 đã yêu cầu",
                &[("89/TB-UBND", "Thông báo", Some("2021-03-16"), None)],
            ),
            (
                "(Báo cáo số 255/BC-SNV ngày 30/12/2022 của Sở Nội vụ); công bố",
                &[(
                    "255/BC-SNV",
                    "Báo cáo",
                    Some("2022-12-30"),
                    Some("Sở Nội vụ"),
                )],
            ),
            (
                "theo đề nghị tại Văn bản số 512/SNV-CCHC ngày 02/3/2024 của Sở Nội vụ và Tờ trình số 45/TTr-SNV",
                &[
                    (
                        "512/SNV-CCHC",
                        "Công văn",
                        Some("2024-03-02"),
                        Some("Sở Nội vụ"),
                    ),
                    ("45/TTr-SNV", "Tờ trình", None, None),
                ],
            ),
            (
                "Căn cứ Luật số 80/2015/QH13 của Quốc hội; Chỉ thị số 09/CT-UBND ngày 26/4/2021 về việc đẩy mạnh",
                &[
                    ("80/2015/QH13", "Luật", None, Some("Quốc hội")),
                    ("09/CT-UBND", "Chỉ thị", Some("2021-04-26"), None),
                ],
            ),
            (
                "thực hiện theo 1025/UBND-TTHC ngày 05/5/2023 của Chủ tịch UBND tỉnh giao",
                &[(
                    "1025/UBND-TTHC",
                    "Công văn",
                    Some("2023-05-05"),
                    Some("Chủ tịch UBND tỉnh"),
                )],
            ),
            (
                "Kết luận số 14-KL/TW ngày 22/9/2021 của Bộ Chính trị về chủ trương khuyến khích",
                &[(
                    "14-KL/TW",
                    "Kết luận",
                    Some("2021-09-22"),
                    Some("Bộ Chính trị"),
                )],
            ),
            (
                "báo cáo Bộ Thông tin và Truyền thông theo Công văn số 88/BTTTT-THH của Bộ Thông tin và Truyền thông và các văn bản khác",
                &[(
                    "88/BTTTT-THH",
                    "Công văn",
                    None,
                    Some("Bộ Thông tin và Truyền thông"),
                )],
            ),
        ];
        for (text, want) in cases {
            check(text, want);
        }
    }

    #[test]
    fn same_reference_twice_keeps_first_date_and_warns() {
        let text = "(Báo cáo số 235/BC-SNV ngày 09/12/2021 của Sở Nội vụ); theo Báo cáo số 235/BC-SNV ngày 09/12/2022, có 06/08 lĩnh vực";
        let (got, warnings) = extract(text, None);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].date.as_deref(), Some("2021-12-09"));
        assert_eq!(warnings, vec![CITATION_DATE_CONFLICT]);
    }

    #[test]
    fn later_mention_fills_missing_date_without_warning() {
        let text =
            "theo Quyết định số 733/QĐ-UBND; căn cứ Quyết định số 733/QĐ-UBND ngày 06/7/2022";
        let (got, warnings) = extract(text, None);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].date.as_deref(), Some("2022-07-06"));
        assert!(warnings.is_empty());
    }

    #[test]
    fn own_reference_and_non_references_are_skipped() {
        let text = "Số: 48/UBND-TTHC\nSố: 47/UBND-TTHC\nQuảng Ngãi, ngày 06/01/2022\nđứng vị trí 39/63 tỉnh; 19/25 sở đạt 9,38/9,5 điểm; theo Công văn số 7198/UBND-TTHC ngày 31/12/2021";
        let (got, _) = extract(text, Some("47/UBND-TTHC"));
        let refs: Vec<&str> = got.iter().map(|c| c.reference.as_str()).collect();
        assert_eq!(refs, vec!["7198/UBND-TTHC"]);
    }

    #[test]
    fn windows_cut_on_character_boundaries() {
        // `ữ` and `ộ` are multi-byte: a byte window must never split them.
        let cases: &[(&str, usize, &str, &str)] = &[
            ("Bộ Nội vụ", 2, "B", ""),
            ("Bộ Nội vụ", 4, "Bộ", "vụ"),
            ("ngày", 100, "ngày", "ngày"),
            ("", 5, "", ""),
        ];
        for (s, n, h, t) in cases {
            assert_eq!(head(s, *n), *h, "head {s} {n}");
            assert_eq!(tail(s, *n), *t, "tail {s} {n}");
        }
        // A date far from the reference is not its date.
        let far = format!("Công văn số 12/UBND-VP {} ngày 05/3/2024", "x ".repeat(200));
        let (cits, _) = extract(&far, None);
        assert_eq!(cits.len(), 1);
        assert_eq!(cits[0].date, None);
    }
}
