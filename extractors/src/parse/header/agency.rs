//! Cơ quan ban hành and cơ quan chủ quản (Phụ lục I, ô số 2).
//!
//! The agency block is written in capitals, one agency per line or wrapped over several
//! (`ỦY BAN NHÂN DÂN` / `HUYỆN MỘ ĐỨC` is one agency; `UBND TỈNH QUẢNG NGÃI` / `SỞ NỘI VỤ`
//! is a parent and its issuer). A line that starts with an organisation type (Bộ, Sở, Ủy
//! ban nhân dân, Văn phòng…) starts a new agency; any other line continues the previous one.
//!
//! The record wants the full name in sentence case as Phụ lục II prescribes: capitalise the
//! organisation type's first letter and the first letter of each part of its field
//! (`Sở Tài nguyên và Môi trường`, `Sở Lao động - Thương binh và Xã hội`), keep proper names
//! (`huyện Mộ Đức`) and fixed spellings (`Bộ Công Thương`, `Kho bạc Nhà nước`) as they are,
//! and expand abbreviations (`UBND` → `Ủy ban nhân dân`).
//!
//! When a document has no agency block (copies that start at `Số:`), the issuer is inferred
//! from the symbol's issuer code, the place and what the text says about itself.

use std::sync::LazyLock;

use regex::Regex;

use super::names;
use crate::parse::doctype;
use crate::text::fold;

/// Organisation types that start an agency name, in their sentence-case spelling; longest
/// first where one is a prefix of another.
const ORG_TYPES: &[&str] = &[
    "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "Ủy ban nhân dân",
    "Hội đồng nhân dân",
    "Bộ Chỉ huy Bộ đội Biên phòng",
    "Bộ Chỉ huy Quân sự",
    "Ban Chấp hành Trung ương",
    "Ban Thường vụ",
    "Ban Chỉ đạo",
    "Ban Quản lý",
    "Kho bạc Nhà nước",
    "Ngân hàng Nhà nước",
    "Bảo hiểm xã hội",
    "Kiểm toán nhà nước",
    "Liên đoàn Lao động",
    "Tòa án nhân dân",
    "Viện kiểm sát nhân dân",
    "Thủ tướng Chính phủ",
    "Chính phủ",
    "Quốc hội",
    "Tổng cục",
    "Chi cục",
    "Chi nhánh",
    "Cục",
    "Bộ",
    "Sở",
    "Vụ",
    "Văn phòng",
    "Ban",
    "Phòng",
    "Trung tâm",
    "Thanh tra",
    "Công an",
    "Đảng bộ",
    "Đảng ủy",
    "Tỉnh ủy",
    "Huyện ủy",
    "Thành ủy",
    "Quận ủy",
    "Thị ủy",
    "Hội đồng",
    "Học viện",
    "Trường",
    "Bệnh viện",
    "Viện",
    "Hội",
    "Đài",
    "Đoàn",
    "Ủy ban",
];

/// Administrative units: what follows them is a proper name.
const UNITS: &[&str] = &[
    "thành phố",
    "thị xã",
    "thị trấn",
    "tỉnh",
    "huyện",
    "quận",
    "xã",
    "phường",
    "đặc khu",
];

/// Lines in the agency zone that are not agencies: độ mật / độ khẩn marks, draft marks,
/// session lines of a council.
const NOT_AGENCY: &[&str] = &[
    "mat",
    "toi mat",
    "tuyet mat",
    "khan",
    "thuong khan",
    "hoa toc",
    "hoa toc hen gio",
    "du thao",
    "ban sao",
    "ban chinh",
];

/// A word of an agency line as written, with its folded and lower-case forms computed once:
/// every phrase list (organisation types, units, fixed spellings, the 63 provinces) is
/// compared at every word of the line.
#[derive(Debug, Clone)]
struct Tok {
    raw: String,
    folded: String,
    lower: String,
}

impl Tok {
    fn new(raw: String) -> Self {
        Tok {
            folded: fold(&raw),
            lower: raw.to_lowercase(),
            raw,
        }
    }
}

impl std::ops::Deref for Tok {
    type Target = str;
    fn deref(&self) -> &str {
        &self.raw
    }
}

impl std::borrow::Borrow<str> for Tok {
    fn borrow(&self) -> &str {
        &self.raw
    }
}

/// Expands abbreviations and splits punctuation off words: `UBND TỈNH QUẢNG NGÃI` →
/// `ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI` as tokens.
fn tokens(s: &str) -> Vec<Tok> {
    raw_tokens(s).into_iter().map(Tok::new).collect()
}

fn raw_tokens(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for raw in s.split_whitespace() {
        // Abbreviated provinces first: `TP.HCM`.
        if let Some(p) = names::PROVINCE_ABBREVIATIONS
            .iter()
            .find(|(a, _)| a.eq_ignore_ascii_case(raw.trim_end_matches([',', '.'])))
            .filter(|(a, _)| a.starts_with("TP"))
        {
            out.push("THÀNH".to_owned());
            out.push("PHỐ".to_owned());
            out.extend(p.1.split(' ').map(str::to_uppercase));
            continue;
        }
        let mut word = raw;
        let mut trailing = None;
        if let Some(stripped) = word.strip_suffix(',') {
            word = stripped;
            trailing = Some(",");
        }
        match fold(word).as_str() {
            "ubnd" => out.extend(["ỦY", "BAN", "NHÂN", "DÂN"].map(str::to_owned)),
            "hdnd" => out.extend(["HỘI", "ĐỒNG", "NHÂN", "DÂN"].map(str::to_owned)),
            "tp." | "tp" => out.extend(["THÀNH", "PHỐ"].map(str::to_owned)),
            "mttq" => out.extend(["MẶT", "TRẬN", "TỔ", "QUỐC"].map(str::to_owned)),
            "vn" => out.extend(["VIỆT", "NAM"].map(str::to_owned)),
            _ if word.starts_with("TP.") && word.len() > 3 => {
                out.extend(["THÀNH", "PHỐ"].map(str::to_owned));
                out.push(word[3..].to_owned());
            }
            _ if !word.is_empty() => out.push(word.to_owned()),
            _ => {}
        }
        if let Some(t) = trailing {
            out.push(t.to_owned());
        }
    }
    out
}

/// A phrase list with each phrase's words folded ([`Folded::new`]) or in lower case
/// ([`Folded::lower`]), computed once.
struct Folded {
    phrases: Vec<(&'static str, Vec<String>)>,
}

impl Folded {
    fn new<'a>(list: impl IntoIterator<Item = &'a &'static str>) -> Self {
        Folded {
            phrases: list
                .into_iter()
                .map(|p| (*p, p.split(' ').map(fold).collect()))
                .collect(),
        }
    }

    fn lower<'a>(list: impl IntoIterator<Item = &'a &'static str>) -> Self {
        Folded {
            phrases: list
                .into_iter()
                .map(|p| (*p, p.split(' ').map(str::to_owned).collect()))
                .collect(),
        }
    }
}

static ORG_TYPES_FOLDED: LazyLock<Folded> = LazyLock::new(|| Folded::new(ORG_TYPES));
static UNITS_LOWER: LazyLock<Folded> = LazyLock::new(|| Folded::lower(UNITS));
static NAME_INTRODUCERS_FOLDED: LazyLock<Folded> = LazyLock::new(|| Folded::new(NAME_INTRODUCERS));
static FIXED_SPELLINGS_FOLDED: LazyLock<Folded> = LazyLock::new(|| {
    Folded::new(
        names::FIXED_SPELLINGS
            .iter()
            .chain(names::PROVINCES_63)
            .chain(["Huế"].iter()),
    )
});

/// How many tokens at the start of `words` match the phrase `pw` (folded words), or 0.
fn match_phrase(words: &[Tok], pw: &[String]) -> usize {
    if words.len() < pw.len() {
        return 0;
    }
    if words.iter().zip(pw).all(|(w, p)| w.folded == *p) {
        pw.len()
    } else {
        0
    }
}

/// Like [`match_phrase`], comparing lower case with diacritics kept.
fn match_phrase_exact(words: &[Tok], pw: &[String]) -> usize {
    if words.len() < pw.len() {
        return 0;
    }
    if words.iter().zip(pw).all(|(w, p)| w.lower == *p) {
        pw.len()
    } else {
        0
    }
}

/// The organisation type at the start of `words`: (its spelling, tokens used).
fn org_type(words: &[Tok]) -> Option<(&'static str, usize)> {
    ORG_TYPES_FOLDED
        .phrases
        .iter()
        .map(|(t, pw)| (*t, match_phrase(words, pw)))
        .filter(|(_, n)| *n > 0)
        .max_by_key(|(_, n)| *n)
}

/// The administrative unit at the start of `words` (not `tỉnh ủy`, which is an
/// organisation).
fn unit(words: &[Tok]) -> Option<(&'static str, usize)> {
    // Tones kept: `TỊNH` in `XÃ TỊNH PHONG` is a name, not `tỉnh`.
    let (u, n) = UNITS_LOWER
        .phrases
        .iter()
        .map(|(u, pw)| (*u, match_phrase_exact(words, pw)))
        .filter(|(_, n)| *n > 0)
        .max_by_key(|(_, n)| *n)?;
    // `tỉnh ủy` is an organisation, `xã hội` a common noun.
    let next = words.get(n).map(|w| w.folded.as_str());
    if next == Some("uy") || (u == "xã" && next == Some("hoi")) {
        return None;
    }
    Some((u, n))
}

/// Kinds of school whose proper name follows (`THPT Trần Quốc Tuấn`).
const NAME_INTRODUCERS: &[&str] = &[
    "thpt",
    "thcs",
    "ptdtnt",
    "ptdtbt",
    "tiểu học",
    "mầm non",
    "mẫu giáo",
    "trung học cơ sở",
    "trung học phổ thông",
];

fn name_introducer(words: &[Tok]) -> Option<usize> {
    NAME_INTRODUCERS_FOLDED
        .phrases
        .iter()
        .map(|(_, pw)| match_phrase(words, pw))
        .filter(|n| *n > 0 && *n < words.len())
        .max()
}

fn fixed_spelling(words: &[Tok]) -> Option<(&'static str, usize)> {
    FIXED_SPELLINGS_FOLDED
        .phrases
        .iter()
        .map(|(t, pw)| (*t, match_phrase(words, pw)))
        .filter(|(_, n)| *n > 0)
        .max_by_key(|(_, n)| *n)
}

/// A Vietnamese syllable (folded): words that are not, such as `CCHC` or `THPT`, are
/// acronyms and keep their capitals.
static SYLLABLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(?:ng|nh|ch|[cmnptk])?$")
        .expect("static regex")
});

/// `ĐẮK` → `Đắk`.
pub fn title_word(w: &str) -> String {
    let mut chars = w.chars();
    match chars.next() {
        Some(c) => c
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

fn is_punct(w: &str) -> bool {
    matches!(w, "," | "-" | "–" | "&")
}

/// Sentence case for an agency name written in capitals (or already in mixed case).
pub fn sentence_case(s: &str) -> String {
    let words = tokens(s);
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    let mut field_start = true;
    if let Some((t, n)) = org_type(&words) {
        out.extend(t.split(' ').map(str::to_owned));
        i = n;
        // Party committees are named by their place: `Huyện ủy Mộ Đức`.
        if t.ends_with(" ủy") {
            while i < words.len() && !is_punct(&words[i]) {
                out.push(title_word(&words[i]));
                i += 1;
            }
        }
    }
    while i < words.len() {
        let rest = &words[i..];
        if let Some((u, n)) = unit(rest)
            && n < rest.len()
        {
            out.extend(u.split(' ').map(str::to_owned));
            i += n;
            // The proper name runs to the next unit, `và` or punctuation.
            while i < words.len()
                && unit(&words[i..]).is_none()
                && words[i].folded != "va"
                && !is_punct(&words[i])
            {
                if let Some((f, n)) = fixed_spelling(&words[i..]) {
                    out.extend(f.split(' ').map(str::to_owned));
                    i += n;
                } else {
                    out.push(title_word(&words[i]));
                    i += 1;
                }
            }
            field_start = false;
            continue;
        }
        if let Some(n) = name_introducer(rest) {
            // `Trường THPT Trần Quốc Tuấn`, `Trường Tiểu học Nghĩa Hà`: a school's name.
            for (k, w) in rest[..n].iter().enumerate() {
                if !SYLLABLE.is_match(&w.folded) {
                    out.push(w.raw.clone());
                } else if k == 0 && field_start {
                    out.push(title_word(w));
                } else {
                    out.push(w.lower.clone());
                }
            }
            i += n;
            while i < words.len() && !is_punct(&words[i]) && words[i].folded != "va" {
                out.push(title_word(&words[i]));
                i += 1;
            }
            field_start = false;
            continue;
        }
        if let Some((f, n)) = fixed_spelling(rest) {
            out.extend(f.split(' ').map(str::to_owned));
            i += n;
            field_start = false;
            continue;
        }
        let w = &words[i];
        i += 1;
        if is_punct(w) {
            out.push(w.raw.clone());
            field_start = true;
        } else if w.folded == "va" {
            out.push("và".to_owned());
            field_start = true;
        } else if !w.chars().all(char::is_alphabetic) || !SYLLABLE.is_match(&w.folded) {
            out.push(w.raw.clone());
            field_start = false;
        } else if field_start {
            out.push(title_word(w));
            field_start = false;
        } else {
            out.push(w.lower.clone());
        }
    }
    let mut joined = String::with_capacity(s.len() + 16);
    for w in &out {
        if !joined.is_empty() && w != "," {
            joined.push(' ');
        }
        joined.push_str(w);
    }
    crate::text::capitalize_first(&joined)
}

/// Whether an upper-case header line is an agency line at all.
pub fn is_agency_line(line: &str) -> bool {
    let f = fold(line);
    let f = f.trim_matches(|c: char| !c.is_alphanumeric());
    !NOT_AGENCY.contains(&f)
        && !f.starts_with("khoa ")
        && !f.starts_with("ky hop")
        && !f.starts_with("so:")
        && line.chars().filter(|c| c.is_alphabetic()).count() >= 2
        // An agency name is a few short words: a run of capitals from a broken text layer
        // or binary noise is not one.
        && line.chars().count() <= 160
        && line.split_whitespace().all(|w| w.chars().count() <= 24)
}

/// Splits the agency block into agencies: (issuer, parent), both in sentence case.
pub fn from_block(lines: &[String]) -> Option<(String, Option<String>)> {
    let mut agencies: Vec<String> = Vec::new();
    let lines: Vec<String> = lines
        .iter()
        .filter(|l| is_agency_line(l))
        .flat_map(|l| split_levels(l))
        .collect();
    for line in &lines {
        let words = tokens(line);
        let continues = agencies.last().is_some_and(|prev| {
            prev.ends_with(" VÀ") || prev.ends_with('-') || prev.ends_with(',')
        });
        match agencies.last_mut() {
            Some(prev) if continues || org_type(&words).is_none() => {
                prev.push(' ');
                prev.push_str(line);
            }
            _ => agencies.push(line.clone()),
        }
    }
    let mut issuer = sentence_case(agencies.last()?);
    let parent = agencies
        .len()
        .checked_sub(2)
        .and_then(|i| agencies.get(i))
        .map(|p| sentence_case(p));
    if let Some(p) = &parent {
        issuer = party_committee_name(&issuer, p);
    }
    Some((issuer, parent))
}

/// Two levels of the agency block glued on one line, as web pages flatten it: `UBND TỈNH
/// LÂM ĐỒNG SỞ NỘI VỤ`, `VĂN PHÒNG UBND TỈNH TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG`. A body's
/// name ends with its administrative unit and place; a new organisation type after them
/// starts the unit below. A one-word type right after the unit word (`XÃ ĐOÀN KẾT`) or
/// with nothing after it (`XÃ TÂN HỘI`) is part of the place's name.
fn split_levels(line: &str) -> Vec<String> {
    let words = tokens(line);
    let mut out = Vec::new();
    let mut from = 0;
    let mut i = 0;
    while i < words.len() {
        let Some((_, n_unit)) = (i > from).then(|| unit(&words[i..])).flatten() else {
            i += 1;
            continue;
        };
        let place_start = i + n_unit;
        let cut = (place_start..words.len()).find(|&j| {
            org_type(&words[j..])
                .is_some_and(|(_, n)| n >= 2 || (j > place_start && words.len() - j >= 2))
        });
        match cut {
            Some(j) if org_type(&words[from..]).is_some() => {
                out.push(words[from..j].join(" "));
                from = j;
                i = j;
            }
            _ => i = place_start.max(i + 1),
        }
    }
    if out.is_empty() {
        return vec![line.to_owned()];
    }
    out.push(words[from..].join(" "));
    out
}

/// A Party committee written bare under its Đảng bộ (`ĐẢNG BỘ TỈNH QUẢNG NGÃI` / `TỈNH
/// ỦY`, Hướng dẫn 36-HD/VPTW) is named by the Đảng bộ's place: `Tỉnh ủy Quảng Ngãi`,
/// `Đảng ủy xã Nghĩa Hà`.
fn party_committee_name(issuer: &str, parent: &str) -> String {
    let Some(place) = parent.strip_prefix("Đảng bộ ") else {
        return issuer.to_owned();
    };
    let bare = [
        "Tỉnh ủy",
        "Thành ủy",
        "Huyện ủy",
        "Quận ủy",
        "Thị ủy",
        "Đảng ủy",
    ];
    if !bare.contains(&issuer) {
        return issuer.to_owned();
    }
    if issuer == "Đảng ủy" {
        return format!("{issuer} {place}");
    }
    // `tỉnh Quảng Ngãi` → `Quảng Ngãi`; the committee's own word already says the level.
    let name = UNITS
        .iter()
        .find_map(|u| place.strip_prefix(u).and_then(|r| r.strip_prefix(' ')))
        .unwrap_or(place);
    format!("{issuer} {name}")
}

/// `UBND tỉnh`, `Ủy ban nhân dân huyện` written as the issuer's own level (not followed by
/// a proper name, which would name another body).
static SELF_LEVEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:UBND|Ủy ban nhân dân|ỦY BAN NHÂN DÂN|HĐND|Hội đồng nhân dân)\s+(thành phố|thị xã|thị trấn|tỉnh|huyện|quận|xã|phường)(?:\s+(\S+))?")
        .expect("static regex")
});

/// The leadership of the issuer in Nơi nhận (`CT, PCT UBND tỉnh`): the strongest signal.
static CC_LEADERS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:CT|PCT|Chủ tịch|Phó Chủ tịch|CVP|PCVP|VP)\b.*(?:UBND|Ủy ban nhân dân)\s+(thành phố|thị xã|thị trấn|tỉnh|huyện|quận|xã|phường)\b")
        .expect("static regex")
});

/// The level of a local council or people's committee (`tỉnh`, `huyện`…) from what the
/// document says about itself, given its place.
fn local_level(place: &str, cc: &[String], text: &str) -> &'static str {
    let mut counts: Vec<(&'static str, usize)> = UNITS.iter().map(|u| (*u, 0)).collect();
    let mut bump = |u: &str, by: usize| {
        if let Some(e) = counts.iter_mut().find(|(k, _)| *k == u) {
            e.1 += by;
        }
    };
    for entry in cc {
        if let Some(c) = CC_LEADERS.captures(entry) {
            bump(&c[1], 5);
        }
    }
    for c in SELF_LEVEL.captures_iter(text) {
        let names_other = c
            .get(2)
            .and_then(|m| m.as_str().chars().next())
            .is_some_and(char::is_uppercase);
        if !names_other {
            bump(&c[1], 1);
        }
    }
    let count = |u: &str| counts.iter().find(|(k, _)| *k == u).map_or(0, |e| e.1);
    // `thành phố` is a province-level city (Hà Nội) or a district-level one (thành phố
    // Quảng Ngãi), depending on the place.
    let central = names::is_central_city(place);
    let provincial = count("tỉnh") + if central { count("thành phố") } else { 0 };
    let district = ["huyện", "thị xã", "quận", "thành phố"]
        .into_iter()
        .filter(|u| !(central && *u == "thành phố"))
        .map(|u| (u, count(u)))
        .max_by_key(|(_, n)| *n)
        .unwrap_or(("huyện", 0));
    let commune = ["xã", "phường", "thị trấn", "đặc khu"]
        .into_iter()
        .map(|u| (u, count(u)))
        .max_by_key(|(_, n)| *n)
        .unwrap_or(("xã", 0));
    let province = names::province(place);
    if province.is_some() && provincial >= district.1 && provincial >= commune.1 {
        return if names::is_central_city(place) {
            "thành phố"
        } else {
            "tỉnh"
        };
    }
    if commune.1 > district.1 && commune.1 > provincial {
        return commune.0;
    }
    if district.1 == 0 {
        return "huyện";
    }
    district.0
}

/// The issuer code of a symbol: `UBND-TTHC` → `UBND`, `QĐ-UBND` → `UBND`,
/// `2022/NQ-HĐND` → `HĐND`, `NQ/TU` → `TU`, `QĐ-TTg` → `TTg`.
pub fn issuer_code(symbol: &str) -> Option<&str> {
    let s = match symbol.split_once('/') {
        Some((year, rest)) if year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()) => rest,
        _ => symbol,
    };
    let mut parts = s.split(['-', '/']).filter(|p| !p.is_empty());
    let first = parts.next()?;
    if doctype::name_for_code(first).is_some() {
        parts.next()
    } else {
        Some(first)
    }
}

/// Infers (issuer, parent) from the symbol, the place and the text.
pub fn infer(
    symbol: Option<&str>,
    place: Option<&str>,
    cc: &[String],
    text: &str,
) -> Option<(String, Option<String>)> {
    let code = issuer_code(symbol?)?;
    if let Some(body) = names::central_body(code) {
        return Some((body.to_owned(), None));
    }
    let place = place?;
    let province_committee = || {
        names::province(place).map(|p| {
            let unit = if names::is_central_city(p) {
                "thành phố"
            } else {
                "tỉnh"
            };
            format!("Ủy ban nhân dân {unit} {p}")
        })
    };
    if let Some(dept) = names::department(code) {
        return Some((dept.to_owned(), province_committee()));
    }
    let level = || local_level(place, cc, text);
    match fold(code).as_str() {
        "ubnd" => Some((format!("Ủy ban nhân dân {} {place}", level()), None)),
        "hdnd" => Some((format!("Hội đồng nhân dân {} {place}", level()), None)),
        "vpub" | "vpubnd" => Some((
            format!("Văn phòng Ủy ban nhân dân {} {place}", level()),
            None,
        )),
        "tu" => {
            let name = if names::is_central_city(place) {
                "Thành ủy"
            } else {
                "Tỉnh ủy"
            };
            Some((format!("{name} {place}"), None))
        }
        "hu" => Some((format!("Huyện ủy {place}"), None)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_levels_glued_on_one_line() {
        let block = |l: &str| from_block(&[l.to_owned()]);
        let cases: &[(&str, &str, Option<&str>)] = &[
            (
                "UBND TỈNH LÂM ĐỒNG SỞ NỘI VỤ",
                "Sở Nội vụ",
                Some("Ủy ban nhân dân tỉnh Lâm Đồng"),
            ),
            (
                "VĂN PHÒNG UBND TỈNH TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
                "Trung tâm Phục vụ hành chính công",
                Some("Văn phòng Ủy ban nhân dân tỉnh"),
            ),
            (
                "ỦY BAN NHÂN DÂN HUYỆN MỘ ĐỨC PHÒNG NỘI VỤ",
                "Phòng Nội vụ",
                Some("Ủy ban nhân dân huyện Mộ Đức"),
            ),
            // Place names that hold an organisation word stay whole.
            (
                "ỦY BAN NHÂN DÂN XÃ ĐOÀN KẾT",
                "Ủy ban nhân dân xã Đoàn Kết",
                None,
            ),
            (
                "ỦY BAN NHÂN DÂN XÃ TÂN HỘI",
                "Ủy ban nhân dân xã Tân Hội",
                None,
            ),
            ("CỤC THUẾ TỈNH ĐẮK LẮK", "Cục Thuế tỉnh Đắk Lắk", None),
            (
                "VĂN PHÒNG UBND TỈNH",
                "Văn phòng Ủy ban nhân dân tỉnh",
                None,
            ),
        ];
        for (line, issuer, parent) in cases {
            let (i, p) = block(line).unwrap();
            assert_eq!(i, *issuer, "{line}");
            assert_eq!(p.as_deref(), *parent, "{line}");
        }
    }

    #[test]
    fn sentence_case_follows_phu_luc_ii() {
        let cases = [
            (
                "ỦY BAN NHÂN DÂN HUYỆN MỘ ĐỨC",
                "Ủy ban nhân dân huyện Mộ Đức",
            ),
            ("UBND TỈNH QUẢNG NGÃI", "Ủy ban nhân dân tỉnh Quảng Ngãi"),
            ("BỘ NỘI VỤ", "Bộ Nội vụ"),
            ("SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", "Sở Tài nguyên và Môi trường"),
            (
                "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI",
                "Sở Lao động - Thương binh và Xã hội",
            ),
            (
                "BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH",
                "Bộ Văn hóa, Thể thao và Du lịch",
            ),
            ("BỘ CÔNG THƯƠNG", "Bộ Công Thương"),
            ("VĂN PHÒNG UBND TỈNH", "Văn phòng Ủy ban nhân dân tỉnh"),
            ("VĂN PHÒNG CHÍNH PHỦ", "Văn phòng Chính phủ"),
            (
                "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH",
                "Ủy ban nhân dân thành phố Hồ Chí Minh",
            ),
            (
                "UBND TP. HỒ CHÍ MINH",
                "Ủy ban nhân dân thành phố Hồ Chí Minh",
            ),
            ("UBND TP.HCM", "Ủy ban nhân dân thành phố Hồ Chí Minh"),
            (
                "ỦY BAN NHÂN DÂN TỈNH BÀ RỊA - VŨNG TÀU",
                "Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu",
            ),
            ("KHO BẠC NHÀ NƯỚC QUẢNG NGÃI", "Kho bạc Nhà nước Quảng Ngãi"),
            ("CỤC THUẾ TỈNH ĐẮK LẮK", "Cục Thuế tỉnh Đắk Lắk"),
            ("TỈNH ỦY QUẢNG NGÃI", "Tỉnh ủy Quảng Ngãi"),
            ("HUYỆN ỦY MỘ ĐỨC", "Huyện ủy Mộ Đức"),
            ("SỞ GIÁO DỤC VÀ ĐÀO TẠO", "Sở Giáo dục và Đào tạo"),
            ("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", "Phòng Giáo dục và Đào tạo"),
            ("TRƯỜNG THPT TRẦN QUỐC TUẤN", "Trường THPT Trần Quốc Tuấn"),
            ("TRƯỜNG TIỂU HỌC NGHĨA HÀ", "Trường Tiểu học Nghĩa Hà"),
            ("NGÂN HÀNG NHÀ NƯỚC VIỆT NAM", "Ngân hàng Nhà nước Việt Nam"),
            ("ỦY BAN NHÂN DÂN XÃ NGHĨA HÀ", "Ủy ban nhân dân xã Nghĩa Hà"),
            ("UBND THỊ XÃ ĐỨC PHỔ", "Ủy ban nhân dân thị xã Đức Phổ"),
            (
                "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH",
                "Trung tâm Phục vụ hành chính công tỉnh",
            ),
            (
                "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
                "Sở Thông tin và Truyền thông",
            ),
            ("BAN CHẤP HÀNH TRUNG ƯƠNG", "Ban Chấp hành Trung ương"),
        ];
        for (upper, want) in cases {
            assert_eq!(sentence_case(upper), want, "{upper}");
        }
    }

    type Agencies = Option<(String, Option<String>)>;
    /// (symbol, place, Nơi nhận, text, expected issuer and parent).
    type InferCase<'a> = (
        &'a str,
        Option<&'a str>,
        &'a [String],
        &'a str,
        Option<(&'a str, Option<&'a str>)>,
    );

    fn block(lines: &[&str]) -> Option<(String, Option<String>)> {
        let lines: Vec<String> = lines.iter().map(|s| (*s).to_owned()).collect();
        from_block(&lines)
    }

    #[test]
    fn agency_blocks() {
        let s = |x: &str| x.to_owned();
        let cases: &[(&[&str], Agencies)] = &[
            (
                &["ỦY BAN NHÂN DÂN", "HUYỆN MỘ ĐỨC"],
                Some((s("Ủy ban nhân dân huyện Mộ Đức"), None)),
            ),
            (
                &["UBND TỈNH QUẢNG NGÃI", "SỞ NỘI VỤ"],
                Some((s("Sở Nội vụ"), Some(s("Ủy ban nhân dân tỉnh Quảng Ngãi")))),
            ),
            (
                &["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI", "SỞ NỘI VỤ"],
                Some((s("Sở Nội vụ"), Some(s("Ủy ban nhân dân tỉnh Quảng Ngãi")))),
            ),
            (&["BỘ NỘI VỤ"], Some((s("Bộ Nội vụ"), None))),
            (
                &["UBND TỈNH ĐẮK LẮK", "SỞ TÀI NGUYÊN VÀ", "MÔI TRƯỜNG"],
                Some((
                    s("Sở Tài nguyên và Môi trường"),
                    Some(s("Ủy ban nhân dân tỉnh Đắk Lắk")),
                )),
            ),
            (
                &["UBND HUYỆN MỘ ĐỨC", "PHÒNG NỘI VỤ"],
                Some((s("Phòng Nội vụ"), Some(s("Ủy ban nhân dân huyện Mộ Đức")))),
            ),
            (
                &["HỎA TỐC", "BỘ TÀI CHÍNH", "TỔNG CỤC THUẾ"],
                Some((s("Tổng cục Thuế"), Some(s("Bộ Tài chính")))),
            ),
            (
                &[
                    "HỘI ĐỒNG NHÂN DÂN",
                    "TỈNH QUẢNG NGÃI",
                    "KHÓA XIII, KỲ HỌP THỨ 7",
                ],
                Some((s("Hội đồng nhân dân tỉnh Quảng Ngãi"), None)),
            ),
            (&["MẬT"], None),
        ];
        for (lines, want) in cases {
            assert_eq!(block(lines), *want, "{lines:?}");
        }
    }

    #[test]
    fn issuer_codes() {
        let cases = [
            ("UBND-TTHC", Some("UBND")),
            ("QĐ-UBND", Some("UBND")),
            ("2022/NQ-HĐND", Some("HĐND")),
            ("NQ/TU", Some("TU")),
            ("QĐ-TTg", Some("TTg")),
            ("BNV-CCHC", Some("BNV")),
            ("KH-SNV", Some("SNV")),
        ];
        for (sym, want) in cases {
            assert_eq!(issuer_code(sym), want, "{sym}");
        }
    }

    #[test]
    fn inference_uses_codes_place_and_self_references() {
        let none: &[String] = &[];
        let cc_province = vec!["CT, PCT UBND tỉnh".to_owned()];
        let cases: Vec<InferCase> = vec![
            (
                "BNV-CCHC",
                Some("Hà Nội"),
                none,
                "",
                Some(("Bộ Nội vụ", None)),
            ),
            (
                "UBND-TTHC",
                Some("Quảng Ngãi"),
                &cc_province,
                "",
                Some(("Ủy ban nhân dân tỉnh Quảng Ngãi", None)),
            ),
            (
                "TB-UBND",
                Some("Quảng Ngãi"),
                none,
                "Kết luận của Chủ tịch UBND tỉnh tại Hội nghị; UBND tỉnh giao",
                Some(("Ủy ban nhân dân tỉnh Quảng Ngãi", None)),
            ),
            (
                "UBND-NC",
                Some("Mộ Đức"),
                none,
                "Tham mưu UBND huyện triển khai; báo cáo UBND tỉnh Quảng Ngãi",
                Some(("Ủy ban nhân dân huyện Mộ Đức", None)),
            ),
            (
                "UBND-VP",
                Some("Quảng Ngãi"),
                &[],
                "Chủ tịch UBND thành phố giao; UBND thành phố yêu cầu",
                Some(("Ủy ban nhân dân thành phố Quảng Ngãi", None)),
            ),
            (
                "QĐ-UBND",
                Some("Hà Nội"),
                none,
                "",
                Some(("Ủy ban nhân dân thành phố Hà Nội", None)),
            ),
            (
                "KH-SNV",
                Some("Đắk Lắk"),
                none,
                "",
                Some(("Sở Nội vụ", Some("Ủy ban nhân dân tỉnh Đắk Lắk"))),
            ),
            (
                "NQ/TU",
                Some("Quảng Ngãi"),
                none,
                "",
                Some(("Tỉnh ủy Quảng Ngãi", None)),
            ),
            ("UBND-TTHC", None, none, "", None),
            ("XYZ-ABC", Some("Quảng Ngãi"), none, "", None),
        ];
        for (sym, place, cc, text, want) in cases {
            let got = infer(Some(sym), place, cc, text);
            let want = want.map(|(i, p)| (i.to_owned(), p.map(str::to_owned)));
            assert_eq!(got, want, "{sym} {place:?}");
        }
    }

    #[test]
    fn names_that_look_like_units_and_party_committees() {
        let s = |x: &str| x.to_owned();
        let cases: &[(&[&str], Agencies)] = &[
            // `TỊNH` is part of the name, not the unit `tỉnh`.
            (
                &["ỦY BAN NHÂN DÂN", "XÃ TỊNH PHONG"],
                Some((s("Ủy ban nhân dân xã Tịnh Phong"), None)),
            ),
            (
                &["UBND HUYỆN SƠN TỊNH"],
                Some((s("Ủy ban nhân dân huyện Sơn Tịnh"), None)),
            ),
            (
                &["ĐẢNG BỘ TỈNH QUẢNG NGÃI", "TỈNH ỦY"],
                Some((s("Tỉnh ủy Quảng Ngãi"), Some(s("Đảng bộ tỉnh Quảng Ngãi")))),
            ),
            (
                &["ĐẢNG BỘ HUYỆN MỘ ĐỨC", "HUYỆN ỦY"],
                Some((s("Huyện ủy Mộ Đức"), Some(s("Đảng bộ huyện Mộ Đức")))),
            ),
            (
                &["ĐẢNG BỘ XÃ NGHĨA HÀ", "ĐẢNG ỦY"],
                Some((s("Đảng ủy xã Nghĩa Hà"), Some(s("Đảng bộ xã Nghĩa Hà")))),
            ),
        ];
        for (lines, want) in cases {
            assert_eq!(block(lines), *want, "{lines:?}");
        }
    }
}
