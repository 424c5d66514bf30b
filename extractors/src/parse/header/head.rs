//! The header zone, from the first line to the start of the body.
//!
//! Elements are found by what they are, not where they stand: converters emit a two-column
//! header row by row (`ỦY BAN NHÂN DÂN | CỘNG HÒA…`), column by column (the agency, `Số` and
//! `V/v` lines, then the Quốc hiệu and the date), or as plain lines. Each cell is classified
//! (Quốc hiệu, `Số`, place and date, type name, `V/v`, `Kính gửi`, upper-case agency line,
//! other); multi-line elements (the trích yếu, the Kính gửi list) stay open across cells of
//! other kinds so that a column order interleaving them does not cut them short. The body
//! starts at the first cell that is none of these once a core element (số, date, type name
//! or subject) has been seen.

use std::sync::LazyLock;

use regex::Regex;

use super::cells::{Line, is_rule, is_upper, starts_lower};
use super::{agency, number, place_date};
use crate::dates::PartialDate;
use crate::parse::doctype;
use crate::text::fold;

/// Lines looked at for the header at most.
const MAX_HEADER_LINES: usize = 160;
/// Unrecognised cells tolerated before any header element (stamp leftovers, file notes).
const MAX_LEADING_OTHERS: usize = 12;

/// What the header zone holds.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Head {
    /// Upper-case lines of the agency block, in order.
    pub agency_lines: Vec<String>,
    /// A `Số` cell was present.
    pub number_seen: bool,
    pub number: Option<String>,
    pub symbol: Option<String>,
    pub place: Option<String>,
    pub date: Option<PartialDate>,
    /// Type name read from the type-name line.
    pub type_name: Option<&'static str>,
    pub subject: Option<String>,
    /// The subject was introduced by `V/v` / `Về việc`.
    pub subject_vv: bool,
    pub recipients: Vec<String>,
    /// Index of the first body line.
    pub body_start_line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    QuocHieu,
    Rule,
    Number,
    PlaceDate,
    TypeName(&'static str),
    Vv(String),
    KinhGui(String),
    Upper,
    Other,
}

static VV: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:v\s?/\s?v|về\s+việc)\b\s*[:.]?\s*(?P<rest>.*)$").expect("static regex")
});

static KINH_GUI: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^kính\s+gửi\s*[:.]?\s*(?P<rest>.*)$").expect("static regex"));

/// The address line of a Công điện: `VĂN PHÒNG CHÍNH PHỦ điện:`, `THỦ TƯỚNG CHÍNH PHỦ điện:`,
/// then the addressees as a Kính gửi list.
static DIEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<who>[^\p{Ll}]{4,}?)\s+(?:điện|ĐIỆN)\s*:\s*(?P<rest>.*)$")
        .expect("static regex")
});

/// Numbered headings and articles: the body has begun.
static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:\d+(?:\.\d+)*[.)]|[IVXLC]+[.)]|[a-zđ]\)|điều\s+\d+|chương\s+[IVXLC\d]+|phần\s+[IVXLC\d]+|mục\s+\d+)(?:\s|$)")
        .expect("static regex")
});

/// Openings of body sentences (compared in lower case, diacritics kept: `Để` opens a
/// sentence, `Đề án` may continue a subject).
const BODY_STARTERS: &[&str] = &[
    "căn cứ",
    "thực hiện",
    "triển khai",
    "theo ",
    "ngày ",
    "nhằm ",
    "để ",
    "xét ",
    "qua ",
    "trên cơ sở",
    "sau khi",
    "vừa qua",
    "hiện nay",
    "tiếp theo",
    "nhận được",
    "phúc đáp",
    "trong ",
    "thực tế",
];

pub fn is_body_starter(cell: &str) -> bool {
    let lower = cell.to_lowercase();
    NUMBERED.is_match(cell) || BODY_STARTERS.iter().any(|s| lower.starts_with(s))
}

fn is_quoc_hieu(cell: &str) -> bool {
    let f = fold(cell);
    f.len() < 60
        && (f.starts_with("cong hoa xa hoi chu nghia viet nam")
            || (f.starts_with("doc lap") && f.contains("hanh phuc"))
            || f.starts_with("dang cong san viet nam"))
}

fn type_name(cell: &str) -> Option<&'static str> {
    if !is_upper(cell) {
        return None;
    }
    doctype::canonical_name(cell.trim_end_matches([':', '.', ' ']))
}

/// Openings (folded) of the upper-case line that names who decides, under a decision's
/// title: a body (`ỦY BAN NHÂN DÂN TỈNH X`, `BỘ TÀI CHÍNH`) or an office-holder (`CHỦ TỊCH
/// ỦY BAN NHÂN DÂN ...`, `BỘ TRƯỞNG BỘ NỘI VỤ`). A trích yếu in capitals opens with what
/// is done (`BAN HÀNH`, `PHÊ DUYỆT`, `VỀ VIỆC`), never with these.
const AUTHORITY_OPENINGS: &[&str] = &[
    "chu tich ",
    "pho chu tich ",
    "bo truong ",
    "thu truong ",
    "giam doc ",
    "cuc truong ",
    "tong cuc truong ",
    "thu tuong ",
    "chanh van phong ",
    "chanh thanh tra ",
    "truong ban ",
    "vien truong ",
    "hieu truong ",
    "tong giam doc ",
    "chu nhiem ",
    "bi thu ",
    "tong kiem toan ",
    "uy ban ",
    "ubnd ",
    "hoi dong ",
    "hdnd ",
    "chinh phu",
    "quoc hoi",
    "bo ",
    "so ",
    "cuc ",
    "tong cuc ",
    "van phong ",
    "ban chi dao ",
    "ban quan ly ",
    "ban thuong vu ",
    "ban chap hanh ",
    "ban to chuc ",
    "ban dan toc ",
    "trung tam ",
    "cong an ",
    "thanh tra ",
    "ngan hang ",
    "kho bac ",
    "bao hiem xa hoi ",
    "toa an ",
    "vien kiem sat ",
];

fn is_authority_line(cell: &str) -> bool {
    let mut f = fold(cell);
    f.push(' ');
    AUTHORITY_OPENINGS.iter().any(|o| f.starts_with(o))
}

fn classify(cell: &str) -> Kind {
    if is_quoc_hieu(cell) {
        return Kind::QuocHieu;
    }
    // Rules, and what is left of them when markdown stripping ate `__` pairs (`_`).
    if is_rule(cell) || !cell.chars().any(char::is_alphanumeric) {
        return Kind::Rule;
    }
    if let Some(c) = KINH_GUI.captures(cell) {
        return Kind::KinhGui(c["rest"].to_owned());
    }
    if let Some(c) = DIEN.captures(cell)
        && c["who"].chars().any(char::is_alphabetic)
    {
        return Kind::KinhGui(c["rest"].to_owned());
    }
    if number::parse_cell(cell, None).is_some() {
        return Kind::Number;
    }
    if place_date::looks_like(cell) {
        return Kind::PlaceDate;
    }
    if let Some(c) = VV.captures(cell) {
        return Kind::Vv(c["rest"].to_owned());
    }
    if let Some(t) = type_name(cell) {
        return Kind::TypeName(t);
    }
    if is_upper(cell) && !NUMBERED.is_match(cell) && cell.split(' ').count() <= 16 {
        return Kind::Upper;
    }
    Kind::Other
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    None,
    SubjectVv,
    SubjectType,
    Recipients,
}

/// Removes a list bullet and the trailing `;` / `.` / `,` of an entry.
pub fn clean_entry(s: &str) -> String {
    let s = s.trim();
    let s = s.trim_start_matches(['-', '+', '•', '–', '—', '*', '·', '●', '▪']);
    let s = s.trim();
    let s = s.trim_end_matches([';', ',', ' ']);
    let s = s
        .strip_suffix("./.")
        .unwrap_or_else(|| s.trim_end_matches('.'));
    crate::text::squash_spaces(s)
}

/// Starts with a list bullet.
pub fn is_bullet(s: &str) -> bool {
    s.starts_with(['-', '+', '•', '–', '—', '·', '●', '▪'])
}

/// Entries of one list cell (`- Như trên; - Lưu: VT.` glued on one line gives two).
///
/// A bulleted line is one entry even with `;` inside (`- Các Bộ, cơ quan ngang Bộ; cơ quan
/// thuộc Chính phủ;`, `- VPCP: BTCN, PCN X; Trợ lý, Thư ký của: TTg; Cổng TTĐT;`): the
/// clerk's bullet, not the semicolon, separates entries there.
pub fn entries(cell: &str) -> Vec<String> {
    let pieces: Vec<&str> = cell.split(';').collect();
    if !is_bullet(cell.trim_start()) {
        return pieces
            .into_iter()
            .map(clean_entry)
            .filter(|e| !e.is_empty())
            .collect();
    }
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    for p in pieces {
        if is_bullet(p.trim_start()) && !cur.is_empty() {
            out.push(clean_entry(&cur));
            cur.clear();
        }
        if !cur.is_empty() {
            cur.push(';');
        }
        cur.push_str(p);
    }
    out.push(clean_entry(&cur));
    out.into_iter().filter(|e| !e.is_empty()).collect()
}

struct Scan<'a> {
    items: Vec<(usize, Option<&'a str>)>,
}

impl<'a> Scan<'a> {
    fn new(lines: &'a [Line]) -> Self {
        let mut items = Vec::new();
        for (i, line) in lines.iter().enumerate().take(MAX_HEADER_LINES) {
            if line.is_blank() {
                items.push((i, None));
            }
            for c in &line.cells {
                items.push((i, Some(c.as_str())));
            }
        }
        Scan { items }
    }

    /// The next `n` non-blank cells after item `k`.
    fn following(&self, k: usize, n: usize) -> Vec<&'a str> {
        self.items[k + 1..]
            .iter()
            .filter_map(|(_, c)| *c)
            .take(n)
            .collect()
    }

    /// Item index after skipping `n` non-blank cells following item `k`.
    fn skip_cells(&self, k: usize, n: usize) -> usize {
        let mut left = n;
        let mut j = k + 1;
        while left > 0 && j < self.items.len() {
            if self.items[j].1.is_some() {
                left -= 1;
            }
            j += 1;
        }
        j
    }
}

struct State {
    head: Head,
    open: Open,
    parts: Vec<String>,
    /// A blank line came after the last recipient.
    blank_after_entry: bool,
    last_terminated: bool,
    /// The last recipient line ended with a comma.
    last_comma: bool,
    /// The open Kính gửi entry started with a dash: lines up to its `;` belong to it.
    last_bullet: bool,
}

impl State {
    fn close_subject(&mut self) {
        if matches!(self.open, Open::SubjectVv | Open::SubjectType) {
            self.open = Open::None;
        }
        if self.head.subject.is_none() && !self.parts.is_empty() {
            let s = crate::text::squash_spaces(&self.parts.join(" "));
            if !s.is_empty() {
                self.head.subject = Some(s);
            }
        }
    }

    fn subject_taken(&self) -> bool {
        self.head.subject.is_some() || !self.parts.is_empty()
    }

    fn core_seen(&self) -> bool {
        self.head.number_seen
            || self.head.date.is_some()
            || self.head.type_name.is_some()
            || self.subject_taken()
    }

    fn continues_subject(&self, cell: &str) -> bool {
        if self.open == Open::SubjectType && self.parts.is_empty() {
            // A Giấy mời often has no trích yếu: its body opens right under the type line
            // (`Thực hiện Chương trình công tác ..., UBND tỉnh tổ chức họp ...`). `Căn cứ`
            // never opens a trích yếu.
            let invitation = self.head.type_name == Some("Giấy mời");
            let lower = cell.to_lowercase();
            if lower.starts_with("căn cứ") || (invitation && is_body_starter(cell)) {
                return false;
            }
            return !NUMBERED.is_match(cell);
        }
        // A wrapped subject line starts in lower case; a body sentence never does, even
        // when its words are a body opening (`thực hiện nhiệm vụ ...` wrapped from `tình hình`).
        if starts_lower(cell) {
            return !NUMBERED.is_match(cell);
        }
        if is_body_starter(cell) {
            return false;
        }
        let last = self.parts.last().map_or("", String::as_str);
        if last.ends_with(['.', ':', ';']) {
            return false;
        }
        cell.chars().count() <= 100
    }

    fn push_recipient_text(&mut self, cell: &str) {
        for e in entries(cell) {
            self.head.recipients.push(e);
        }
        self.last_terminated = cell.trim_end().ends_with([';', '.']);
        self.last_comma = cell.trim_end().ends_with(',');
        self.last_bullet = is_bullet(cell);
        self.blank_after_entry = false;
    }

    /// A cell while the Kính gửi list is open: whether it belongs to it.
    fn recipient_cell(&mut self, cell: &str) -> bool {
        let have = !self.head.recipients.is_empty();
        if is_bullet(cell) {
            self.push_recipient_text(cell);
            return true;
        }
        if have && self.blank_after_entry {
            return false;
        }
        // A line that ends with a comma is not finished: the next one continues the same
        // entry even when it opens with a name (`... tỉnh Lâm Đồng,` / `Bình Thuận, Đắk Nông`).
        let open_comma = self.head.recipients.last().is_some() && self.last_comma;
        // `... Quốc phòng, An ninh và Đối ngoại của Quốc hội, Văn hóa và` / `Xã hội của Quốc
        // hội;`: an entry ending on a joining word is cut mid-name.
        let open_word = self.head.recipients.last().is_some_and(|l| {
            l.rsplit(' ')
                .next()
                .is_some_and(|w| matches!(w, "và" | "của" | "các" | "thuộc" | "về" | "-" | "–"))
        });
        // A dashed entry runs until its `;` or `.`: `- Các cơ quan thuộc Chính phủ: Đài Tiếng nói`
        // / `Việt Nam, Thông tấn xã Việt Nam;`.
        let open_bullet = self.last_bullet && !is_body_starter(cell);
        if have
            && !self.last_terminated
            && (starts_lower(cell) || open_comma || open_word || open_bullet)
        {
            if let Some(last) = self.head.recipients.last_mut() {
                last.push_str(if open_comma { ", " } else { " " });
                last.push_str(&clean_entry(cell));
            }
            self.last_terminated = cell.trim_end().ends_with([';', '.']);
            self.last_comma = cell.trim_end().ends_with(',');
            return true;
        }
        if !have && !is_body_starter(cell) && cell.chars().count() <= 150 {
            self.push_recipient_text(cell);
            return true;
        }
        false
    }
}

/// A date line cut after its day (`X, ngày 30`) whose `tháng … năm …` comes two or three
/// cells later, another column's cell between them: the date, and the item index of the
/// second half.
fn split_date_rest(
    scan: &Scan<'_>,
    k: usize,
    cell: &str,
) -> Option<(place_date::PlaceDate, usize)> {
    let tail = fold(cell);
    let tail = tail.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ');
    if !tail.ends_with("ngay") {
        return None;
    }
    let following = scan.following(k, 3);
    (2..=following.len()).find_map(|m| {
        let rest = following[m - 1];
        if !fold(rest).starts_with("thang") {
            return None;
        }
        let (pd, _) = place_date::parse(cell, &[rest])?;
        Some((pd, scan.skip_cells(k, m) - 1))
    })
}

/// Scans the header zone of `lines`.
pub fn scan(lines: &[Line]) -> Head {
    let scan = Scan::new(lines);
    let mut st = State {
        head: Head::default(),
        open: Open::None,
        parts: Vec::new(),
        blank_after_entry: false,
        last_terminated: false,
        last_comma: false,
        last_bullet: false,
    };
    let mut last_header_line: Option<usize> = None;
    let mut body_line: Option<usize> = None;
    let mut leading_others = 0usize;
    let mut deferred: Option<usize> = None;
    let mut k = 0usize;
    while k < scan.items.len() {
        let (line, cell) = scan.items[k];
        if deferred == Some(k) {
            // The second half of a split date line, already read.
            last_header_line = Some(line);
            k += 1;
            continue;
        }
        let Some(cell) = cell else {
            match st.open {
                Open::SubjectVv | Open::SubjectType if !st.parts.is_empty() => st.close_subject(),
                Open::Recipients if !st.head.recipients.is_empty() => st.blank_after_entry = true,
                _ => {}
            }
            k += 1;
            continue;
        };
        let mut next = k + 1;
        let mut header = match classify(cell) {
            Kind::QuocHieu => true,
            Kind::Rule => {
                if !st.parts.is_empty() {
                    st.close_subject();
                }
                true
            }
            Kind::Number if !st.head.number_seen => {
                let following = scan.following(k, 1);
                match number::parse_cell(cell, following.first().copied()) {
                    Some((ns, used)) => {
                        st.head.number_seen = true;
                        st.head.number = ns.number;
                        st.head.symbol = ns.symbol;
                        if used {
                            next = scan.skip_cells(k, 1);
                        }
                        if !ns.rest.is_empty()
                            && st.head.date.is_none()
                            && let Some((pd, _)) = place_date::parse(&ns.rest, &[])
                        {
                            st.head.place = pd.place;
                            st.head.date = Some(pd.date);
                        }
                        true
                    }
                    None => false,
                }
            }
            Kind::PlaceDate if st.head.date.is_none() => {
                let following = scan.following(k, 2);
                match place_date::parse(cell, &following) {
                    Some((pd, used)) => {
                        st.head.place = pd.place;
                        st.head.date = Some(pd.date);
                        next = scan.skip_cells(k, used);
                        true
                    }
                    None => match split_date_rest(&scan, k, cell) {
                        // `X, ngày 30` then, a table row below, `tháng 6 năm 2025`: a web
                        // page's header table with the V/v line between the two halves.
                        Some((pd, at)) => {
                            st.head.place = pd.place;
                            st.head.date = Some(pd.date);
                            deferred = Some(at);
                            true
                        }
                        None => false,
                    },
                }
            }
            Kind::TypeName(t)
                if st.head.type_name.is_none()
                    && !st.subject_taken()
                    && st.open != Open::Recipients =>
            {
                st.head.type_name = Some(t);
                st.open = Open::SubjectType;
                true
            }
            Kind::Vv(rest) if st.open == Open::SubjectType && st.parts.is_empty() => {
                st.head.subject_vv = true;
                if !rest.is_empty() {
                    st.parts.push(rest);
                }
                true
            }
            Kind::Vv(rest) if !st.subject_taken() && st.open != Open::Recipients => {
                st.head.subject_vv = true;
                st.open = Open::SubjectVv;
                if !rest.is_empty() {
                    st.parts.push(rest);
                }
                true
            }
            Kind::KinhGui(rest) if st.head.recipients.is_empty() && st.open != Open::Recipients => {
                st.close_subject();
                st.open = Open::Recipients;
                if !rest.is_empty() {
                    st.push_recipient_text(&rest);
                }
                true
            }
            Kind::Upper if st.open != Open::Recipients => {
                if st.head.type_name.is_none() && !st.subject_taken() {
                    if agency::is_agency_line(cell) {
                        st.head.agency_lines.push(cell.to_owned());
                    }
                } else if st.open == Open::SubjectType
                    && st.parts.iter().all(|p| is_upper(p))
                    && !is_authority_line(cell)
                {
                    // Portals print the trích yếu in capitals under the type name
                    // (`QUYẾT ĐỊNH` / `PHÊ DUYỆT ĐIỀU LỆ ...`), wrapped over lines or not.
                    st.parts.push(cell.to_owned());
                } else {
                    // `CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH` under a decision's subject.
                    st.close_subject();
                }
                true
            }
            _ => false,
        };
        if !header {
            match st.open {
                Open::SubjectVv | Open::SubjectType => {
                    if st.continues_subject(cell) {
                        st.parts.push(cell.to_owned());
                        header = true;
                    } else {
                        st.close_subject();
                    }
                }
                Open::Recipients => {
                    if st.recipient_cell(cell) {
                        header = true;
                    } else {
                        st.open = Open::None;
                    }
                }
                Open::None => {}
            }
        }
        if header {
            last_header_line = Some(line);
        } else if st.core_seen() {
            body_line = Some(line);
            break;
        } else {
            leading_others += 1;
            if leading_others > MAX_LEADING_OTHERS {
                break;
            }
        }
        k = next;
    }
    st.close_subject();
    st.head.body_start_line = match (body_line, last_header_line) {
        (Some(b), _) => b,
        (None, Some(h)) if st.core_seen() => h + 1,
        _ => 0,
    };
    st.head
}

#[cfg(test)]
mod tests {
    use super::super::cells::split_lines;
    use super::*;

    fn head(text: &str) -> Head {
        scan(&split_lines(text))
    }

    #[test]
    fn subject_variants() {
        let cases: &[(&str, Option<&str>, bool)] = &[
            (
                "Số: 47/UBND-TTHC\nV/v triển khai thực hiện kế\nhoạch xác định Chỉ số cải\ncách hành chính năm 2021\n\nKính gửi: Sở Nội vụ\n\nThực hiện",
                Some("triển khai thực hiện kế hoạch xác định Chỉ số cải cách hành chính năm 2021"),
                true,
            ),
            (
                "Số: 12/TB-UBND\nTHÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh\ntại buổi làm việc với Sở Nội vụ\n\nNgày 04/01/2023, tại trụ sở",
                Some("Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc với Sở Nội vụ"),
                false,
            ),
            (
                "Số: 5/QĐ-UBND\nQUYẾT ĐỊNH\nVề việc ban hành Quy chế làm việc\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH\nCăn cứ Luật",
                Some("ban hành Quy chế làm việc"),
                true,
            ),
            (
                "Số: 5/KH-UBND\nKẾ HOẠCH\nTriển khai xác định Chỉ số CCHC năm 2024\nI. MỤC ĐÍCH, YÊU CẦU",
                Some("Triển khai xác định Chỉ số CCHC năm 2024"),
                false,
            ),
            (
                "Số: 5/UBND-VP\nV/v: báo cáo số liệu\nThực hiện Công văn",
                Some("báo cáo số liệu"),
                true,
            ),
            (
                "Số: 5/UBND-VP\nKính gửi: Sở Nội vụ\n\nThực hiện",
                None,
                false,
            ),
        ];
        for (text, want, vv) in cases {
            let h = head(text);
            assert_eq!(h.subject.as_deref(), *want, "{text}");
            assert_eq!(h.subject_vv, *vv, "{text}");
        }
    }

    #[test]
    fn recipients_variants() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Số: 1/UBND\nKính gửi: Ủy ban nhân dân tỉnh, thành phố trực thuộc Trung ương\n\nTriển khai",
                &["Ủy ban nhân dân tỉnh, thành phố trực thuộc Trung ương"],
            ),
            (
                "Số: 1/UBND\nKính gửi: - Các phòng, ban ngành huyện;\n- UBND các xã, thị trấn.\n\nThực hiện",
                &["Các phòng, ban ngành huyện", "UBND các xã, thị trấn"],
            ),
            (
                "Số: 1/UBND\nKính gửi:\n\n- Các sở, ban, ngành;\n- UBND các huyện, thị xã, thành phố.\n\nThực hiện",
                &["Các sở, ban, ngành", "UBND các huyện, thị xã, thành phố"],
            ),
            (
                "Số: 1/UBND\nKính gửi:\nỦy ban nhân dân các tỉnh, thành phố\ntrực thuộc Trung ương\nBộ Nội vụ đề nghị",
                &["Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"],
            ),
            (
                "Số: 1/UBND\nKính gửi: Sở Nội vụ; Sở Tài chính.\nThực hiện",
                &["Sở Nội vụ", "Sở Tài chính"],
            ),
            (
                "Số: 1/UBND\nKính gửi:\n+ Giám đốc các sở, ngành;\n+ Chủ tịch UBND các huyện.\n\n1. Giao",
                &["Giám đốc các sở, ngành", "Chủ tịch UBND các huyện"],
            ),
            // A Công điện: the sender "điện" to its addressees.
            (
                "Số: 2003/CĐ-VPCP\nCÔNG ĐIỆN\nVĂN PHÒNG CHÍNH PHỦ điện:\n- Các Bộ: Công an, Quốc phòng;\n- Các cơ quan thuộc Chính phủ: Đài Tiếng nói\nViệt Nam, Thông tấn xã Việt Nam;\n- Các Ủy ban: Quốc phòng, An ninh và Đối ngoại của Quốc hội, Văn hóa và\nXã hội của Quốc hội;\n- Tòa án nhân dân tối cao;\n- Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương.\n\nThực hiện",
                &[
                    "Các Bộ: Công an, Quốc phòng",
                    "Các cơ quan thuộc Chính phủ: Đài Tiếng nói Việt Nam, Thông tấn xã Việt Nam",
                    "Các Ủy ban: Quốc phòng, An ninh và Đối ngoại của Quốc hội, Văn hóa và Xã hội của Quốc hội",
                    "Tòa án nhân dân tối cao",
                    "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương",
                ],
            ),
            (
                "Số: 05/CĐ-UBND\nCÔNG ĐIỆN\nCHỦ TỊCH UBND TỈNH điện: Giám đốc các sở, ngành; Chủ tịch UBND các xã.\nThực hiện",
                &["Giám đốc các sở, ngành", "Chủ tịch UBND các xã"],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(head(text).recipients, *want, "{text}");
        }
    }

    #[test]
    fn body_starts_after_the_header() {
        let text = "Số: 47/UBND-TTHC\n\nQuảng Ngãi, ngày 06 tháng 01 năm 2022\n\nV/v triển khai\n\nKính gửi: Sở Nội vụ\n\nThực hiện Công văn số 23/BNV-CCHC.\n";
        let h = head(text);
        let lines = split_lines(text);
        assert_eq!(
            lines[h.body_start_line].cells[0],
            "Thực hiện Công văn số 23/BNV-CCHC."
        );
    }

    #[test]
    fn web_page_layouts() {
        // The header table's rows of a portal page: agency split over two rows, the date
        // over the next two with the V/v line between its halves.
        let text = "ỦY BAN NHÂN DÂN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nTỈNH BÌNH THUẬN\nĐộc lập - Tự do - Hạnh phúc\n\nSố: 3083/UBND-NCKS\nBình Thuận, ngày 30\n\nV/v kết quả đại hội Hiệp hội\ntháng 6 năm 2025\n\nKính gửi: Hiệp hội Doanh nghiệp tỉnh.\n\nNội dung văn bản.\n";
        let h = head(text);
        assert_eq!(h.date.map(|d| d.to_string()).as_deref(), Some("2025-06-30"));
        assert_eq!(h.place.as_deref(), Some("Bình Thuận"));
        assert_eq!(h.subject.as_deref(), Some("kết quả đại hội Hiệp hội"));
        assert_eq!(h.recipients, ["Hiệp hội Doanh nghiệp tỉnh"]);
        // The trích yếu in capitals under the type name, over two lines, then the deciding
        // office-holder.
        let text = "Số: 1424/QĐ-UBND\nBình Thuận, ngày 30 tháng 6 năm 2025\nQUYẾT ĐỊNH\nPHÊ DUYỆT ĐIỀU LỆ HIỆP HỘI\nDOANH NGHIỆP TỈNH BÌNH THUẬN\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN\nCăn cứ Luật Tổ chức chính quyền địa phương;\n";
        let h = head(text);
        assert_eq!(
            h.subject.as_deref(),
            Some("PHÊ DUYỆT ĐIỀU LỆ HIỆP HỘI DOANH NGHIỆP TỈNH BÌNH THUẬN")
        );
        assert!(!is_authority_line("BAN HÀNH QUY CHẾ LÀM VIỆC"));
        assert!(is_authority_line("BỘ TRƯỞNG BỘ NỘI VỤ"));
    }

    #[test]
    fn column_ordered_header() {
        // A DOCX reader emits the left column, then the right one.
        let text = "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 12/UBND-KT\nV/v báo cáo kết quả\ncải cách hành chính\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nQuảng Ngãi, ngày 3 tháng 4 năm 2024\nKính gửi: Bộ Nội vụ\nThực hiện Công văn";
        let h = head(text);
        assert_eq!(h.agency_lines, ["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI"]);
        assert_eq!(
            h.subject.as_deref(),
            Some("báo cáo kết quả cải cách hành chính")
        );
        assert_eq!(h.date.map(|d| d.to_string()).as_deref(), Some("2024-04-03"));
        assert_eq!(h.place.as_deref(), Some("Quảng Ngãi"));
        assert_eq!(h.recipients, ["Bộ Nội vụ"]);
        assert_eq!(h.body_start_line, 9);
    }

    #[test]
    fn converter_leftovers_in_the_header() {
        // (text, number, date, subject)
        type Case<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Option<&'a str>);
        let cases: &[Case] = &[
            // What markdown stripping leaves of an underline rule (`_`) is still a rule.
            (
                "SỞ NỘI VỤ\n_\nSố: 1820/BC-SNV\nĐộc lập - Tự do - Hạnh phúc\n_\nĐắk Lắk, ngày 30 tháng 11 năm 2023\n\nBÁO CÁO\nKết quả tự đánh giá\n\nThực hiện Quyết định",
                Some("1820"),
                Some("2023-11-30"),
                Some("Kết quả tự đánh giá"),
            ),
            // A wrapped subject line in lower case continues it even when its words open
            // body sentences elsewhere.
            (
                "Số: 112/TB-UBND\nĐà Nẵng, ngày 03 tháng 4 năm 2024\n\nTHÔNG BÁO\nKết luận tại cuộc họp về tình hình\nthực hiện nhiệm vụ quý I năm 2024\n\nNgày 28/3/2024, Chủ tịch",
                Some("112"),
                Some("2024-04-03"),
                Some("Kết luận tại cuộc họp về tình hình thực hiện nhiệm vụ quý I năm 2024"),
            ),
            // A number typed into the blank, its symbol on the next line.
            (
                "HUYỆN BÌNH SƠN\nSố:    58\n/TB-UBND\nBình Sơn, ngày 16 tháng 02 năm 2024\n\nTHÔNG BÁO\nKết luận\n\nNgày 14/02/2024",
                Some("58"),
                Some("2024-02-16"),
                Some("Kết luận"),
            ),
        ];
        for (text, number, date, subject) in cases {
            let h = head(text);
            assert_eq!(h.number.as_deref(), *number, "{text}");
            assert_eq!(h.date.map(|d| d.to_string()).as_deref(), *date, "{text}");
            assert_eq!(h.subject.as_deref(), *subject, "{text}");
        }
    }
}
