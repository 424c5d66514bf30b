//! Nhiệm vụ giao: who is told to do what, by when.
//!
//! Offices assign work in a handful of shapes, and this module reads exactly those:
//!
//! - a verb of assignment before the body: `Giao Sở Nội vụ chủ trì ...`, `Yêu cầu X ...`,
//!   `Đề nghị X ...`, `giao trách nhiệm cho X ...`, `Thời hạn X gửi ... chậm nhất ...`;
//! - the body as the subject of a duty: `X có trách nhiệm ...`, `X chịu trách nhiệm ...`,
//!   `Các tỉnh phê duyệt ...`, at the start of a sentence or of a `;` clause;
//! - a numbered heading that names the body, its duties listed below (`2.3. Cơ quan Tổ chức -
//!   Nội vụ huyện` then dashes; `7. Giao Sở Nội vụ` then `(1)`, `(2)`): one task for the block;
//! - area-to-office lines under an assignment that ends with `:` (`- Cải cách thể chế: Phòng
//!   Tư pháp.`): one task per line.
//!
//! A body is recognised by its head (`Sở`, `Phòng`, `UBND`, `Chủ tịch`, `Thủ trưởng`, `các
//! sở`, `các tỉnh`, ...) and runs until the first verb of action (`chủ trì`, `phối hợp`, `có
//! trách nhiệm`, `tiếp tục`, `tham mưu`, ...). Lists of bodies are split only where a new head
//! starts, so fixed phrases (`các sở, ban ngành`, `UBND các huyện, thị xã, thành phố`, `Sở Lao
//! động - Thương binh và Xã hội`, `Sở, ngành: Tư pháp, Nội vụ`) stay whole.
//!
//! What is deliberately not a task: text in parentheses (quotations of other documents), an
//! intro that only announces the list below (`... thực hiện các nội dung sau:`), the closing
//! exhortation (`Yêu cầu ... nghiêm túc thực hiện./.`), and work said to be already given
//! (`nhiệm vụ được giao cho UBND cấp xã`).

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::dates;
use crate::record::Task;
use crate::text::squash_spaces;

/// Verbs and modal phrases that end a body's name, lower case. Longest first is not needed:
/// matching is by whole words from the start of each phrase.
const ACTION: &[&str] = &[
    "chủ trì",
    "phối hợp",
    "có trách nhiệm",
    "chịu trách nhiệm",
    "phải",
    "cần",
    "tiếp tục",
    "khẩn trương",
    "tổ chức",
    "triển khai",
    "thực hiện",
    "tham mưu",
    "theo dõi",
    "rà soát",
    "báo cáo",
    "xây dựng",
    "nghiêm túc",
    "quan tâm",
    "chỉ đạo",
    "phát huy",
    "tăng cường",
    "làm",
    "cử",
    "hoàn thành",
    "gửi",
    "tiến hành",
    "phê duyệt",
    "tổng hợp",
    "trả lời",
    "ban hành",
    "đôn đốc",
    "kiểm tra",
    "hướng dẫn",
    "nghiên cứu",
    "lưu ý",
    "bố trí",
    "truy cập",
    "thống kê",
    "cung cấp",
    "đăng nhập",
    "nhập",
    "căn cứ",
    "đề xuất",
    "xem xét",
    "chuẩn bị",
    "cập nhật",
    "phổ biến",
    "tuyên truyền",
    "quán triệt",
    "đẩy mạnh",
    "sử dụng",
    "thành lập",
    "công bố",
    "giám sát",
    "đánh giá",
    "chấm điểm",
    "tự đánh giá",
    "đảm bảo",
    "bảo đảm",
    "hỗ trợ",
    "nâng cao",
    "kịp thời",
    "chủ động",
    "trình",
    "lập",
    "ký",
    "duy trì",
    "áp dụng",
    "xử lý",
    "giải quyết",
    "thẩm định",
    "kiểm soát",
    "khắc phục",
    "rút kinh nghiệm",
    "tập trung",
    "tích cực",
    "sớm",
    "thường xuyên",
    "công khai",
    "niêm yết",
    "tiếp nhận",
    "yêu cầu",
    "đề nghị",
    "giao",
    "kết luận",
    "biểu dương",
    "lãnh đạo",
    "tham dự",
    "dự hội nghị",
    "dự Hội nghị",
    "dự họp",
];

/// Action words that end a body even inside a relative clause (`các cơ quan được giao nhiệm vụ
/// tham mưu ..., khẩn trương ...`).
const STRONG: &[&str] = &[
    "chủ trì",
    "phối hợp",
    "có trách nhiệm",
    "chịu trách nhiệm",
    "phải",
    "cần",
    "tiếp tục",
    "khẩn trương",
    // The execution clause of a decision, after `các ông, bà có tên tại Điều 1`.
    "căn cứ Quyết định",
    "căn cứ quyết định",
    "thi hành Quyết định",
    "thi hành quyết định",
];

/// Words that cannot stand inside a body's name: the sentence is about something else.
const REJECT: &[&str] = &[
    "là", "đã", "không", "chưa", "nếu", "thì", "nhưng", "sẽ", "đang", "mà", "nào", "vì", "có",
    // `Sở Tư pháp kính trình`, `Sở Nội vụ kính báo cáo`, `Trung tâm ... xin báo cáo`: the
    // sender addressing its superior.
    "kính", "xin",
];

/// Verbs by which the subject gives work to others: `Chủ tịch UBND huyện yêu cầu X ...`
/// names the assigner, not the assignee.
const ASSIGNING: &[&str] = &["yêu cầu", "đề nghị", "giao", "kết luận", "hướng dẫn"];

/// Nouns for a group of bodies after `các`/`từng`/`mỗi` (`các sở`, `các tỉnh`).
const COLLECTIVE: &[&str] = &[
    "sở",
    "ban",
    "ngành",
    "cơ quan",
    "đơn vị",
    "địa phương",
    "tỉnh",
    "huyện",
    "xã",
    "phường",
    "thị trấn",
    "phòng",
    "bộ",
    "hội",
    "đoàn thể",
    "tổ chức",
    "thành viên",
    "đối tượng",
    "trường",
    "doanh nghiệp",
    "ủy ban",
    "uỷ ban",
    "ngân hàng",
    "cơ sở",
    "thành phố",
    "thị xã",
    "chi cục",
    "cục",
    "trung tâm",
    "ban ngành",
    "hội đoàn thể",
    "bộ phận",
    "huyện ủy",
    "huyện uỷ",
    "thị ủy",
    "thị uỷ",
    "thành ủy",
    "thành uỷ",
    "quận ủy",
    "quận uỷ",
    "đảng ủy",
    "đảng uỷ",
    "quận",
    "phường, thị trấn",
    // The special zones (đặc khu) created with the 2025 two-level local government.
    "đặc khu",
    "tổ",
    "đại biểu",
    // The persons a decision names in its Điều 1 (khen thưởng, bổ nhiệm, điều động): `các
    // ông, bà có tên tại Điều 1`, `các tập thể, cá nhân có tên trong danh sách`.
    // Words are compared one by one (`các ông,` then `bà`), so each is listed alone.
    "ông",
    "bà",
    "ông/bà",
    "tập thể",
    "cá nhân",
];

/// Heads that start a body whatever follows (`Văn phòng huyện`, `UBND các xã`).
const HEADS: &[&str] = &[
    "UBND",
    "HĐND",
    "Ủy ban",
    "Uỷ ban",
    "Hội đồng",
    "Thường trực",
    "Chủ tịch",
    "Phó Chủ tịch",
    "Giám đốc",
    "Thủ trưởng",
    "Thứ trưởng",
    "Bộ trưởng",
    "Người đứng đầu",
    "Bí thư",
    "Công an",
    "Tỉnh ủy",
    "Tỉnh uỷ",
    "Huyện ủy",
    "Huyện uỷ",
    "Thành ủy",
    "Thành uỷ",
    "Chính phủ",
    "Thủ tướng",
    "Bảo hiểm xã hội",
    "Văn phòng",
    "Cơ quan",
    "Kho bạc",
    "Bộ phận",
    "Trung tâm",
    "Chi cục",
    "Tổng cục",
    "Bộ Chỉ huy",
    "Thanh tra",
    "Tòa án",
    "Viện kiểm sát",
    "Ban Thường trực",
    "Ban Thường vụ",
    "Ban cán sự đảng",
    "Đảng đoàn",
    "Chánh Văn phòng",
    "Chánh Thanh tra",
    "Trưởng phòng",
    "Trưởng ban",
    "Công chức",
];

/// Heads that start a body only before a capitalised name (`Sở Nội vụ`, not `Báo cáo`,
/// `Hội nghị`, `Tổ chức`, `Trường hợp`).
const NAMED_HEADS: &[&str] = &[
    "Sở",
    "Phòng",
    "Ban",
    "Bộ",
    "Cục",
    "Vụ",
    "Đài",
    "Báo",
    "Hội",
    "Đoàn",
    "Tổ",
    "Đội",
    "Viện",
    "Trường",
    "Bệnh viện",
    "Liên đoàn",
    "Mặt trận",
];

/// Quantifiers before a collective noun.
/// `quý cơ quan` is the courteous `các cơ quan` of a letter.
const QUANTIFIERS: &[&str] = &["các", "từng", "mỗi", "những", "quý"];

/// Words of an exhortation that assigns nothing in particular.
const GENERIC: &[&str] = &[
    "nghiêm", "túc", "khẩn", "trương", "triển", "khai", "thực", "hiện", "tổ", "chức", "có", "hiệu",
    "quả", "chất", "lượng", "đảm", "bảo", "về", "tiến", "độ", "và", "đúng", "kịp", "thời", "biết",
    "nội", "dung", "này", "công", "văn", "quyết", "định", "thông", "báo", "kế", "hoạch", "các",
    "trên", "đây", "tốt", "chỉ", "thị", "nghị", "kết", "luận", "./.", "/.",
];

/// A paragraph's numbering.
static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+|(?P<roman>[IVX]{1,5}\.|Điều\s+\d{1,3}[a-z]?\.)\s+|(?P<letter>[a-zđ])\)\s+|\((?P<paren>\d{1,2})\)\s+|(?P<dash>[-–+•])\s*)",
    )
    .expect("static regex")
});

/// Verbs that assign work to the body named after them.
static ASSIGN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[\s,])(?P<v>giao\s+trách\s+nhiệm\s+cho|giao\s+cho|giao|yêu\s+cầu|đề\s+nghị|thời\s+hạn)\s+")
        .expect("static regex")
});

/// A year, for deadlines written without one (`trước 31/12`).
static YEAR: LazyLock<Regex> =
    // Word-bounded at both ends: see `captures_bounded`.
    LazyLock::new(|| Regex::new(r"(?:19|20)\d{2}").expect("static regex"));

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    Roman,
    Num(usize),
    Letter,
    Paren,
    Dash,
    Plain,
}

#[derive(Debug)]
struct Para {
    level: Level,
    /// Text without its numbering, on one line.
    text: String,
}

/// How a body's name ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    /// At a verb of action (`có trách nhiệm`, `tham mưu`).
    Verb,
    /// At a comma, a colon or the end of the text.
    Other,
}

/// Paragraphs in reading order, a line broken across a page or a wrap rejoined when the next
/// line starts in lower case.
fn paragraphs(body: &str) -> Vec<Para> {
    let mut raw: Vec<String> = Vec::new();
    for line in body.lines() {
        let line = squash_spaces(line);
        if line.is_empty() {
            continue;
        }
        let continues = line.chars().next().is_some_and(char::is_lowercase)
            && !MARKER.is_match(&line)
            && raw
                .last()
                .is_some_and(|p| !p.ends_with(['.', ':', ';', '!', '?']));
        match raw.last_mut() {
            Some(p) if continues => {
                p.push(' ');
                p.push_str(&line);
            }
            _ => raw.push(line),
        }
    }
    raw.into_iter()
        .map(|p| {
            let Some(c) = MARKER.captures(&p) else {
                return Para {
                    level: Level::Plain,
                    text: p,
                };
            };
            let level = if let Some(n) = c.name("num") {
                Level::Num(n.as_str().split('.').count())
            } else if c.name("roman").is_some() {
                Level::Roman
            } else if c.name("letter").is_some() {
                Level::Letter
            } else if c.name("paren").is_some() {
                Level::Paren
            } else {
                Level::Dash
            };
            let end = c.get(0).map_or(0, |m| m.end());
            Para {
                level,
                text: p[end..].to_owned(),
            }
        })
        .collect()
}

/// Removes balanced parenthesised spans: asides and quotations assign nothing.
fn strip_parens(s: &str) -> String {
    if !s.contains('(') && !s.contains(" ,") && !s.contains(" .") && !s.contains(" ;") {
        // Nothing to remove or re-attach (what the loop below would give, without its copies).
        return squash_spaces(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    let mut held = String::new();
    for c in s.chars() {
        match c {
            '(' => {
                depth += 1;
                held.push(c);
            }
            ')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    // `Hội công chứng viên Lâm Đồng (cũ)`: part of a name, not an aside.
                    if matches!(held.as_str(), "(cũ" | "(mới") {
                        out.push_str(&held);
                        out.push(')');
                    }
                    held.clear();
                } else {
                    held.push(c);
                }
            }
            _ if depth > 0 => held.push(c),
            _ => out.push(c),
        }
    }
    // Unbalanced: keep what was held.
    out.push_str(&held);
    squash_spaces(&out.replace(" ,", ",").replace(" .", ".").replace(" ;", ";"))
}

/// Words of `s` with their byte offsets.
fn words(s: &str) -> Vec<(usize, &str)> {
    // Every clause is cut into words: bytes, not characters (a space is never inside one).
    let mut v = Vec::with_capacity(s.len() / 4);
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        if b == b' ' {
            if start < i {
                v.push((start, &s[start..i]));
            }
            start = i + 1;
        }
    }
    if start < s.len() {
        v.push((start, &s[start..]));
    }
    v
}

fn bare(w: &str) -> &str {
    w.trim_end_matches([',', ';', ':', '.', '!', '?'])
}

/// Whether the phrase `p` (words separated by spaces) starts at word `i`: each word compared
/// as written when `as_written` (words already lower case, or `p` with the capitals to match:
/// `Văn phòng`), else lower-cased first against a lower-case `p`.
fn phrase_at(ws: &[(usize, &str)], i: usize, p: &str, as_written: bool) -> bool {
    // Called for every word against every listed phrase: word by word, stopping at the first
    // that differs (most calls end at the first), no allocation.
    let mut parts = p.split(' ').peekable();
    let mut k = 0;
    while let Some(part) = parts.next() {
        let Some(&(_, raw)) = ws.get(i + k) else {
            return false;
        };
        let w = bare(raw);
        // Only the last word may carry punctuation.
        if parts.peek().is_some() && w.len() != raw.len() {
            return false;
        }
        let same = if as_written {
            w == part
        } else {
            w.to_lowercase() == part
        };
        if !same {
            return false;
        }
        k += 1;
    }
    true
}

fn is_capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// How many words a body head takes at word `i`, if one starts there.
fn head_at(ws: &[(usize, &str)], i: usize) -> Option<usize> {
    let w = bare(ws.get(i)?.1);
    let lw = lowercase(w);
    if QUANTIFIERS.contains(&lw.as_ref()) && ws[i].1.len() == w.len() {
        // `các đồng chí Thành viên UBND tỉnh`: office-holders addressed in person (a bare
        // `các đồng chí tham dự` addresses the invitees, no body).
        if phrase_at(ws, i + 1, "đồng chí", false)
            && ws.get(i + 3).is_some_and(|(_, nx)| is_capitalised(nx))
        {
            return Some(3);
        }
        return COLLECTIVE_SET.at(ws, i + 1, true).next().map(|n| 1 + n);
    }
    if let Some(n) = HEAD_SET.at(ws, i, false).next() {
        return Some(n);
    }
    // `Sở Nội vụ`; also `Báo và Phát thanh, Truyền hình tỉnh` (the merged provincial press
    // agency): `và` then a capitalised name.
    let named = |k: usize| ws.get(k).is_some_and(|(_, nx)| is_capitalised(nx));
    NAMED_HEAD_SET.at(ws, i, false).find(|&n| {
        named(i + n) || (ws.get(i + n).is_some_and(|(_, nx)| *nx == "và") && named(i + n + 1))
    })
}

/// A list of phrases indexed by their first word. The lists are tried at nearly every word of
/// a body (heads at each word, action verbs at each word of a name): one lookup finds the few
/// phrases that can start there, instead of comparing the word with every phrase of the list.
struct Phrases {
    /// First word (as written, or lower case for [`Phrases::lower`]) → the phrases starting
    /// with it, split into words, in the list's order.
    by_first: HashMap<&'static str, Vec<Vec<&'static str>>>,
}

impl Phrases {
    fn new(list: &[&'static str]) -> Self {
        let mut by_first: HashMap<&'static str, Vec<Vec<&'static str>>> = HashMap::new();
        for p in list {
            let parts: Vec<&'static str> = p.split(' ').collect();
            by_first.entry(parts[0]).or_default().push(parts);
        }
        Phrases { by_first }
    }

    /// Word counts of the phrases found at word `i`, in the list's order: words compared as
    /// written, or in lower case with `any_case` (the phrases are then lower case).
    fn at<'a>(
        &'a self,
        ws: &'a [(usize, &str)],
        i: usize,
        any_case: bool,
    ) -> impl Iterator<Item = usize> + 'a {
        let first = ws.get(i).map(|(_, w)| bare(w));
        let key = first.map(|w| {
            if any_case {
                lowercase(w)
            } else {
                Cow::Borrowed(w)
            }
        });
        key.and_then(|k| self.by_first.get(k.as_ref()))
            .into_iter()
            .flatten()
            .filter(move |parts| parts_at(ws, i, parts, any_case))
            .map(Vec::len)
    }
}

/// `w` in lower case, borrowed when it already is.
fn lowercase(w: &str) -> Cow<'_, str> {
    if w.chars().all(|c| c.to_lowercase().eq(std::iter::once(c))) {
        Cow::Borrowed(w)
    } else {
        Cow::Owned(w.to_lowercase())
    }
}

/// A phrase already split into words at word `i` (as [`phrase_at`] with `lower` =
/// `!any_case`).
fn parts_at(ws: &[(usize, &str)], i: usize, parts: &[&str], any_case: bool) -> bool {
    parts.iter().enumerate().all(|(k, part)| {
        let Some(&(_, raw)) = ws.get(i + k) else {
            return false;
        };
        let w = bare(raw);
        // Only the last word may carry punctuation.
        (k + 1 == parts.len() || w.len() == raw.len())
            && if any_case {
                lowercase(w) == *part
            } else {
                w == *part
            }
    })
}

static HEAD_SET: LazyLock<Phrases> = LazyLock::new(|| Phrases::new(HEADS));
static NAMED_HEAD_SET: LazyLock<Phrases> = LazyLock::new(|| Phrases::new(NAMED_HEADS));
static COLLECTIVE_SET: LazyLock<Phrases> = LazyLock::new(|| Phrases::new(COLLECTIVE));
static ACTION_SET: LazyLock<Phrases> = LazyLock::new(|| Phrases::new(ACTION));
static STRONG_SET: LazyLock<Phrases> = LazyLock::new(|| Phrases::new(STRONG));

/// Words that may follow a comma inside a body list without a head of their own (`các sở,
/// ban ngành`, `các huyện, thị xã, thành phố`).
fn continues_list(ws: &[(usize, &str)], i: usize) -> bool {
    COLLECTIVE_SET.at(ws, i, false).next().is_some()
}

fn action_at(ws: &[(usize, &str)], i: usize, list: &Phrases) -> Option<usize> {
    if ws.get(i).is_none_or(|(_, w)| is_capitalised(w)) {
        return None;
    }
    list.at(ws, i, false).max()
}

/// Reads a body's name at the start of `s`: its byte length and how it ended.
fn scan_body(s: &str) -> Option<(usize, End)> {
    let ws = words(s);
    let mut i = head_at(&ws, 0)?;
    let mut relative = false;
    let mut in_list = false;
    let mut end = ws.get(i - 1).map_or(0, |(p, w)| p + w.len());
    // The head itself may end with punctuation (`Các tỉnh,`).
    let mut last = ws.get(i - 1).map_or("", |(_, w)| *w);
    loop {
        // Punctuation on the previous word decides whether the name goes on.
        if last.ends_with(',') {
            if head_at(&ws, i).is_some()
                || continues_list(&ws, i)
                || (in_list && ws.get(i).is_some_and(|(_, w)| is_capitalised(w)))
                || places_then_verb(&ws, i)
            {
                relative = false;
            } else {
                return Some((end - 1, End::Other));
            }
        } else if last.ends_with(':') {
            let before = bare(last).to_lowercase();
            let category = COLLECTIVE.contains(&before.as_str());
            if category && ws.get(i).is_some_and(|(_, w)| is_capitalised(w)) {
                in_list = true;
            } else {
                return Some((end - 1, End::Other));
            }
        } else if last.ends_with(';') {
            // `Các sở, ban, ngành; UBND các xã, phường; các cơ quan liên quan`: a list of bodies
            // separated by semicolons goes on while each part starts a body.
            if head_at(&ws, i).is_some() {
                relative = false;
            } else {
                return Some((end - 1, End::Other));
            }
        } else if last.ends_with(['.', '!', '?']) {
            return Some((end - 1, End::Other));
        }
        let Some((pos, w)) = ws.get(i).copied() else {
            return Some((end, End::Other));
        };
        if head_at(&ws, i).is_none() {
            if phrase_at(&ws, i, "có liên quan", true)
                || phrase_at(&ws, i, "liên quan đến", true)
                || phrase_at(&ws, i, "có tên", true)
            {
                relative = true;
            } else {
                let strong = action_at(&ws, i, &STRONG_SET).is_some();
                if strong || (!relative && action_at(&ws, i, &ACTION_SET).is_some()) {
                    return Some((end, End::Verb));
                }
                let lw = bare(w).to_lowercase();
                if !relative && REJECT.contains(&lw.as_str()) {
                    return None;
                }
                if lw == "được" {
                    relative = true;
                }
            }
        }
        end = pos + w.len();
        last = w;
        i += 1;
        if i > 60 {
            return None;
        }
    }
}

/// `Hội công chứng viên Lâm Đồng, Đắk Nông, Bình Thuận (cũ) khẩn trương ...`: after a comma,
/// capitalised names (and `và`, `(cũ)`) running up to a verb are more places of the same
/// body, not the start of its duty.
fn places_then_verb(ws: &[(usize, &str)], i: usize) -> bool {
    if !ws.get(i).is_some_and(|(_, w)| is_capitalised(w)) {
        return false;
    }
    // `Báo và Phát thanh, Truyền hình tỉnh chủ trì`: a name may hold a few lower-case words.
    let mut lower = 0;
    for k in i..(i + 12).min(ws.len()) {
        let w = ws[k].1;
        if action_at(ws, k, &STRONG_SET).is_some() || action_at(ws, k, &ACTION_SET).is_some() {
            return k > i;
        }
        let plain = !is_capitalised(w) && !matches!(bare(w), "và" | "(cũ)" | "(mới)");
        if plain {
            lower += 1;
        }
        let ok = !plain || (lower <= 2 && !REJECT.contains(&bare(w).to_lowercase().as_str()));
        if !ok || w.ends_with(['.', ';', ':']) {
            return false;
        }
    }
    false
}

/// Splits a list of bodies where a new head starts after `,`, `;` or `và`.
fn split_bodies(s: &str) -> Vec<String> {
    let ws = words(s);
    let mut out = Vec::new();
    let mut cur_start = 0usize;
    for i in 1..ws.len() {
        let prev = ws[i - 1].1;
        let sep_before = prev.ends_with([',', ';']);
        let and_here = ws[i].1 == "và";
        if sep_before && head_at(&ws, i).is_some() {
            out.push(s[cur_start..ws[i - 1].0 + prev.len() - 1].to_owned());
            cur_start = ws[i].0;
        } else if and_here && head_at(&ws, i + 1).is_some() && !shared_office(&ws, cur_start, i) {
            out.push(s[cur_start..ws[i - 1].0 + prev.len()].to_owned());
            if let Some((p, _)) = ws.get(i + 1) {
                cur_start = *p;
            }
        }
    }
    out.push(s[cur_start..].to_owned());
    out.into_iter()
        .map(|x| {
            x.trim()
                .trim_end_matches([',', ';', ':', '.'])
                .trim()
                .to_owned()
        })
        .filter(|x| !x.is_empty())
        .collect()
}

/// `Văn phòng HĐND và UBND huyện`, `Văn phòng Đoàn ĐBQH và HĐND tỉnh`: one office serving
/// two bodies that share the level written after the second, so `và` does not split it.
fn shared_office(ws: &[(usize, &str)], cur_start: usize, and_at: usize) -> bool {
    let Some(first) = ws.iter().position(|(p, _)| *p == cur_start) else {
        return false;
    };
    let starts_office = phrase_at(ws, first, "Văn phòng", true);
    let before = ws.get(and_at.wrapping_sub(1)).map_or("", |(_, w)| *w);
    starts_office && matches!(before, "HĐND" | "UBND" | "ĐBQH" | "Tỉnh ủy" | "Huyện ủy")
}

/// `chủ trì` / `phối hợp` when the duty starts with it (after `có trách nhiệm`, `tiếp tục`...).
fn role_of(duty: &str) -> Option<String> {
    let ws = words(duty);
    let mut i = 0;
    while i < ws.len() {
        for (p, role) in [("chủ trì", "chủ trì"), ("phối hợp", "phối hợp")] {
            if phrase_at(&ws, i, p, false) {
                return Some(role.to_owned());
            }
        }
        let skip = [
            "có trách nhiệm",
            "chịu trách nhiệm",
            "phải",
            "cần",
            "tiếp tục",
            "khẩn trương",
        ]
        .iter()
        .find(|p| phrase_at(&ws, i, p, false))
        .map(|p| p.split(' ').count());
        match skip {
            Some(n) => i += n,
            None => return None,
        }
    }
    None
}

/// Whether a duty says nothing beyond "carry this out seriously".
fn is_generic(duty: &str) -> bool {
    duty.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '.' | '/'))
        .filter(|w| !w.is_empty())
        .all(|w| GENERIC.contains(&w.to_lowercase().as_str()))
}

/// A clause that is nothing but a list of bodies ending with `;`.
fn bare_bodies(clause: &str) -> Option<Vec<String>> {
    let c = clause.trim();
    if !c.ends_with(';') {
        return None;
    }
    let (len, how) = scan_body(c)?;
    (how == End::Other && len + 1 >= c.len()).then(|| split_bodies(c))
}

/// A clause that only announces the list below it.
fn is_intro(clause: &str) -> bool {
    let c = clause.trim_end();
    c.ends_with(':') && c.to_lowercase().ends_with("sau:")
}

/// The year a deadline without one belongs to: the only year the text mentions.
fn context_year(s: &str) -> Option<i32> {
    let mut years = crate::text::captures_bounded(&YEAR, s)
        .filter_map(|c| c.get(0)?.as_str().parse::<i32>().ok());
    let first = years.next()?;
    years.all(|y| y == first).then_some(first)
}

fn deadline_in(s: &str) -> Option<String> {
    dates::find_deadline(s, context_year(s)).map(|f| f.date.to_string())
}

/// One line of text, capitalised.
fn one_line(s: &str) -> String {
    let s = squash_spaces(s);
    let s = s.trim_start_matches([',', ':', ' ']).trim();
    crate::text::capitalize_first(s)
}

/// A task read from one clause: the bodies, the duty after them.
fn task_in_clause(clause: &str) -> Option<(Vec<String>, String)> {
    // Subject first: `X có trách nhiệm ...`.
    if let Some((len, End::Verb)) = scan_body(clause) {
        let duty = &clause[len..];
        // `Trưởng ban kiểm tra: Ông X`, `Các sở ... trình: Công an tỉnh`: a form's label and
        // its value, not a duty.
        if words(duty.trim_start())
            .iter()
            .take(3)
            .any(|(_, w)| w.ends_with(':'))
        {
            return None;
        }
        let dw = words(duty.trim_start());
        let assigns = ASSIGNING.iter().any(|v| phrase_at(&dw, 0, v, true));
        // `Các thành viên Ban Chỉ đạo làm việc theo Quy chế ..., theo chế độ kiêm nhiệm`: how
        // a body works, not work given to it.
        if phrase_at(&dw, 0, "làm việc theo", true) {
            return None;
        }
        // `X thực hiện các nội dung sau:` only announces the list below; `X chủ trì, phối hợp
        // ... tổ chức chương trình ..., gồm 11 chuyên mục sau:` gives X the lead of the work.
        if !assigns
            && !is_generic(duty)
            && (!is_intro(clause) || role_of(duty).is_some())
            && !duty.trim_start().starts_with("chịu trách nhiệm trước")
        {
            return Some((split_bodies(&clause[..len]), one_line(duty)));
        }
    }
    // A verb of assignment before the body.
    for c in ASSIGN.captures_iter(clause) {
        let (Some(v), Some(all)) = (c.name("v"), c.get(0)) else {
            continue;
        };
        let before = clause[..v.start()].trim_end().to_lowercase();
        if before.ends_with("được") || before.ends_with("đã") || before.ends_with("sẽ") {
            continue;
        }
        // `Thực hiện ... Công văn số 656/TTg-KSTT ..., trong đó, giao Bộ Tài chính ...`: an
        // assignment reported from another document, not given by this one.
        if crate::parse::refs::REFERENCE.is_match(&clause[..v.start()]) {
            return None;
        }
        // `Nội dung chương trình yêu cầu từng địa phương trả lời ...`: what a programme asks
        // of its guests, described, not work this document gives.
        let subject = crate::text::fold(clause[..v.start()].trim_start());
        if subject.starts_with("noi dung ") || subject.starts_with("chuong trinh ") {
            return None;
        }
        let is_deadline_word = v.as_str().to_lowercase().starts_with("thời");
        let rest = &clause[all.end()..];
        let Some((len, how)) = scan_body(rest) else {
            continue;
        };
        if is_deadline_word && how != End::Verb {
            continue;
        }
        let duty = &rest[len..];
        // `Giao X tổ chức thực hiện Nghị quyết này` is a real assignment however short;
        // `Yêu cầu X nghiêm túc thực hiện` is the closing exhortation.
        let gives = v.as_str().to_lowercase().starts_with("giao");
        if (!gives && is_generic(duty)) || is_intro(clause) {
            return None;
        }
        return Some((split_bodies(&rest[..len]), one_line(duty)));
    }
    None
}

/// Sentences of a paragraph, then `;` clauses, as byte ranges.
fn clauses(p: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = p.as_bytes();
    for (i, c) in p.char_indices() {
        let next_upper = p[i + c.len_utf8()..]
            .trim_start()
            .chars()
            .next()
            .is_some_and(char::is_uppercase);
        let cut = match c {
            ';' => true,
            '.' => next_upper && b.get(i + 1) == Some(&b' '),
            _ => false,
        };
        if cut {
            out.push(p[start..=i].trim());
            start = i + 1;
        }
    }
    if start < p.len() {
        out.push(p[start..].trim());
    }
    out.into_iter().filter(|c| !c.is_empty()).collect()
}

/// `Area: Office[, Office].` under an assignment: the offices, if every part is a body.
fn area_line(text: &str) -> Option<(Vec<String>, String)> {
    let (area, offices) = text.rsplit_once(": ")?;
    let offices = offices.trim().trim_end_matches(['.', ';']);
    let bodies = split_bodies(offices);
    let all_bodies = !bodies.is_empty()
        && bodies.iter().all(|b| {
            let ws = words(b);
            head_at(&ws, 0).is_some() && scan_body(b).is_some_and(|(l, _)| l + 1 >= b.len())
        });
    all_bodies.then(|| (bodies, one_line(area)))
}

/// One task per assignment of work to a named body in `body`.
pub fn extract(body: &str) -> Vec<Task> {
    let paras = paragraphs(body);
    // Each paragraph without its asides, once: a paragraph is also read as a child, a
    // trailing deadline and an item of the paragraphs before it.
    let stripped: Vec<String> = paras.iter().map(|p| strip_parens(&p.text)).collect();
    let mut tasks = Vec::new();
    let mut i = 0;
    while i < paras.len() {
        let p = &paras[i];
        let text = stripped[i].as_str();
        // Children: the deeper-numbered paragraphs right after a numbered one.
        let mut j = i + 1;
        if p.level != Level::Plain && p.level != Level::Dash {
            while j < paras.len() && paras[j].level != Level::Plain && paras[j].level > p.level {
                j += 1;
            }
        }
        let children = &paras[i + 1..j];
        let kids = &stripped[i + 1..j];

        // A heading that names the body; its children are its duties (not when they name
        // bodies or people: `5. Các thành viên Ban Chỉ đạo:` then the members, some of them
        // with a remark — `Phó Giám đốc Công an tỉnh phụ trách Đề án 06`, `Mời đại diện ...`).
        let members = kids.iter().filter(|c| only_bodies(c)).count();
        if !children.is_empty()
            && !kids.iter().all(|c| area_line(c).is_some())
            && members * 2 < children.len()
            && let Some((bodies, duty)) = heading_task(text)
        {
            let all = format!("{text} {}", kids.join(" "));
            let role = role_of(&duty).or_else(|| kids.first().and_then(|k| role_of(k)));
            let mut line = duty;
            for k in kids {
                if !line.is_empty() {
                    line.push_str("; ");
                }
                line.push_str(k.trim_end_matches(['.', ';']));
            }
            tasks.push(Task {
                assignees: bodies,
                role,
                deadline: deadline_in(&all),
                text: one_line(&line),
            });
            // `7. Trách nhiệm của các sở, ban, ngành ...`: a section of duties, whose items may
            // still assign work to another body (`a) ... giao Sở Nội vụ chủ trì ...`).
            i = if responsibility_of(text).is_some() {
                i + 1
            } else {
                j
            };
            continue;
        }

        // `3. Sở Tư pháp: Lồng ghép tuyên truyền ...`: the body, a colon, its duty.
        if let Some((bodies, duty)) = colon_task(text) {
            tasks.push(Task {
                assignees: bodies,
                role: role_of(&duty),
                deadline: deadline_in(text),
                text: duty,
            });
            i += 1;
            continue;
        }

        // Clause by clause; a deadline later in the paragraph belongs to the task before it.
        let cl = clauses(text);
        let mut found: Vec<(usize, Vec<String>, String)> = Vec::new();
        for (k, c) in cl.iter().enumerate() {
            if let Some((mut bodies, duty)) = task_in_clause(c) {
                // `Các sở, ban, ngành; UBND các huyện ... có trách nhiệm`: bodies listed
                // with `;` before the one that carries the verb share its duty.
                let mut lead = Vec::new();
                let mut b = k;
                while b > 0
                    && let Some(names) = bare_bodies(cl[b - 1])
                {
                    lead.splice(0..0, names);
                    b -= 1;
                }
                if !lead.is_empty() {
                    lead.append(&mut bodies);
                    bodies = lead;
                }
                found.push((k, bodies, duty));
            }
        }
        let intro_with_areas = text.ends_with(':') && !found.is_empty();
        // `Đề nghị quý cơ quan có ý kiến.` then, as its own short paragraph, `Ý kiến xin gửi
        // về Bộ Tài chính trước ngày 11/02/2025.`: the deadline of the request just made.
        let trailing_deadline = paras
            .get(i + 1)
            .filter(|n| n.level == Level::Plain && n.text.chars().count() <= 200)
            .filter(|_| {
                clauses(&stripped[i + 1])
                    .iter()
                    .all(|c| task_in_clause(c).is_none())
            })
            .and_then(|n| deadline_in(&n.text));
        for (n, (k, bodies, duty)) in found.iter().enumerate() {
            let until = found.get(n + 1).map_or(cl.len(), |x| x.0);
            let deadline = (*k..until).find_map(|x| deadline_in(cl[x])).or_else(|| {
                (n + 1 == found.len())
                    .then(|| trailing_deadline.clone())
                    .flatten()
            });
            tasks.push(Task {
                assignees: bodies.clone(),
                role: role_of(duty),
                deadline,
                text: duty.clone(),
            });
        }
        // `Giao Sở X chủ trì, phối hợp ...:` then `a)`, `b)`, `c)`: the items are that body's
        // duties, part of its task; an item with a deadline of its own (`...; hoàn thành
        // trong tháng 02/2026.`) is an assignment of its own.
        if let Some((_, bodies, _)) = found.last().filter(|_| text.ends_with(':')) {
            let mut m = i + 1;
            while m < paras.len() && matches!(paras[m].level, Level::Letter | Level::Paren) {
                let item = &stripped[m];
                if clauses(item).iter().all(|c| task_in_clause(c).is_none())
                    && let Some(deadline) = deadline_in(item)
                {
                    tasks.push(Task {
                        assignees: bodies.clone(),
                        role: role_of(item),
                        deadline: Some(deadline),
                        text: one_line(item),
                    });
                }
                m += 1;
            }
        }
        if intro_with_areas {
            let mut m = i + 1;
            while m < paras.len() && paras[m].level == Level::Dash {
                if let Some((bodies, area)) = area_line(&stripped[m]) {
                    tasks.push(Task {
                        assignees: bodies,
                        role: None,
                        deadline: None,
                        text: area,
                    });
                }
                m += 1;
            }
            i = m;
            continue;
        }
        i += 1;
    }
    tasks
}

/// A paragraph that only names bodies or office-holders (a member of a committee, a list of
/// participants): `Chánh Văn phòng Ủy ban nhân dân tỉnh;`, `Giám đốc Sở Nội vụ - Phó Trưởng ban.`
fn only_bodies(text: &str) -> bool {
    let t = text.trim().trim_end_matches(['.', ';', ',']);
    scan_body(t).is_some_and(|(len, how)| {
        how == End::Other
            && (len + 1 >= t.len() || t[len..].trim_start().starts_with(['-', '–', ',', ';', '(']))
    })
}

/// `Sở Khoa học và Công nghệ: Chủ trì, phối hợp ...` — the "Tổ chức thực hiện" form of plans:
/// the whole text before the first colon is a body (or a list of bodies), the text after it a
/// duty. Labels and lists whose value is a body, a person or a count (`Cơ quan thường trực: Sở
/// Nội vụ`, `Trưởng ban: Ông X`, `- Sở Nội vụ: 01 lãnh đạo`) are not duties.
fn colon_task(text: &str) -> Option<(Vec<String>, String)> {
    // The body must end exactly at the colon (`Các ngành: Tư pháp, Nội vụ ... chịu trách
    // nhiệm` is a list of bodies going on after its colon, read elsewhere).
    let (len, how) = scan_body(text)?;
    if how != End::Other || !text[len..].starts_with(':') {
        return None;
    }
    let (head, duty) = (text[..len].trim(), text[len + 1..].trim());
    let dw = words(duty);
    let first = dw.first()?.1;
    if dw.len() < 4
        || !is_capitalised(first)
        || head_at(&dw, 0).is_some()
        || ["Ông", "Bà", "Đồng", "Đ/c", "Đ/C", "Anh", "Chị"].contains(&bare(first))
        || is_generic(duty)
    {
        return None;
    }
    Some((split_bodies(head), one_line(duty)))
}

/// The bodies of a heading `Trách nhiệm của X` / `Nhiệm vụ của X` (a plan's section of
/// duties per body).
fn responsibility_of(text: &str) -> Option<&str> {
    [
        "Trách nhiệm của ",
        "Nhiệm vụ của ",
        "Trách nhiệm thực hiện của ",
    ]
    .iter()
    .find_map(|p| text.strip_prefix(p))
    .map(str::trim)
}

/// A heading that names the body its sub-items are for: `Giao Sở Nội vụ`, `Giao Sở Thông tin
/// và Truyền thông phối hợp với cơ quan liên quan`, `Cơ quan Tổ chức - Nội vụ huyện`, `Thủ
/// trưởng ... có trách nhiệm`.
fn heading_task(text: &str) -> Option<(Vec<String>, String)> {
    let t = text.trim_end_matches([':', '.']).trim();
    let t = responsibility_of(t).unwrap_or(t);
    if t.contains(". ") {
        return None;
    }
    let rest = match ASSIGN.captures(t) {
        Some(c) if c.get(0).is_some_and(|m| m.start() == 0) => {
            let v = c.name("v")?.as_str().to_lowercase();
            if v.starts_with("thời") {
                return None;
            }
            &t[c.get(0)?.end()..]
        }
        _ => t,
    };
    let (mut len, how) = scan_body(rest)?;
    // `Báo và Phát thanh, Truyền hình tỉnh`: a heading that is only a name with a comma in it
    // (no verb anywhere after the body read so far) is that name whole.
    if how == End::Other && rest[len..].starts_with(',') {
        let tail = words(&rest[len + 1..]);
        if (0..tail.len()).all(|k| action_at(&tail, k, &ACTION_SET).is_none()) && tail.len() <= 4 {
            len = rest.len();
        }
    }
    let duty = rest[len..].trim();
    // The rest may only say how the body takes the work, not a full duty of its own.
    let short = duty.split(' ').filter(|w| !w.is_empty()).count() <= 10;
    let how = duty.is_empty()
        || role_of(duty).is_some()
        || ["có trách nhiệm", "chịu trách nhiệm", "thực hiện"]
            .iter()
            .any(|p| duty.starts_with(p));
    (short && how).then(|| (split_bodies(&rest[..len]), one_line(duty)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Assignees, role, deadline.
    type Summary = (Vec<String>, Option<String>, Option<String>);

    fn summary(body: &str) -> Vec<Summary> {
        extract(body)
            .into_iter()
            .map(|t| (t.assignees, t.role, t.deadline))
            .collect()
    }

    fn row(
        a: &[&str],
        role: Option<&str>,
        deadline: Option<&str>,
    ) -> (Vec<String>, Option<String>, Option<String>) {
        (
            a.iter().map(|s| (*s).to_owned()).collect(),
            role.map(str::to_owned),
            deadline.map(str::to_owned),
        )
    }

    #[test]
    fn every_task_form() {
        let cases: Vec<(&str, Vec<Summary>)> = vec![
            (
                "1. Giao Sở Nội vụ chủ trì, phối hợp với cơ quan liên quan\n\na) Tham mưu triển khai công tác tự đánh giá.\n\nb) Gửi báo cáo về UBND tỉnh chậm nhất ngày 10/01/2022.\n\n2. Nội dung khác",
                vec![row(&["Sở Nội vụ"], Some("chủ trì"), Some("2022-01-10"))],
            ),
            (
                "Giao Sở Tài chính chủ trì, phối hợp với Sở Kế hoạch và Đầu tư tham mưu bố trí kinh phí, hoàn thành trước ngày 30/10/2023.",
                vec![row(&["Sở Tài chính"], Some("chủ trì"), Some("2023-10-30"))],
            ),
            (
                "3. Thủ trưởng các sở, ban ngành, Chủ tịch UBND các huyện, thị xã, thành phố và các cơ quan liên quan có trách nhiệm triển khai thực hiện Kế hoạch này.",
                vec![row(
                    &[
                        "Thủ trưởng các sở, ban ngành",
                        "Chủ tịch UBND các huyện, thị xã, thành phố",
                        "các cơ quan liên quan",
                    ],
                    None,
                    None,
                )],
            ),
            (
                "Yêu cầu các cơ quan được giao nhiệm vụ tham mưu 05 tiêu chí này, khẩn trương rà soát, khắc phục trước 30/11/2024.",
                vec![row(
                    &["các cơ quan được giao nhiệm vụ tham mưu 05 tiêu chí này"],
                    None,
                    Some("2024-11-30"),
                )],
            ),
            (
                "Phòng Tư pháp chịu trách nhiệm chủ trì theo dõi việc thi hành pháp luật trong quý III/2024.",
                vec![row(&["Phòng Tư pháp"], Some("chủ trì"), Some("2024-09-30"))],
            ),
            (
                "6. Đề nghị Thường trực HĐND huyện, Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam huyện và các hội đoàn thể tiếp tục giám sát việc thực hiện.",
                vec![row(
                    &[
                        "Thường trực HĐND huyện",
                        "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam huyện",
                        "các hội đoàn thể",
                    ],
                    None,
                    None,
                )],
            ),
            (
                "2.3. Cơ quan Tổ chức - Nội vụ huyện\n\n- Tham mưu UBND huyện triển khai tự đánh giá.\n\n- Xây dựng báo cáo trong tháng 12 năm 2023.",
                vec![row(
                    &["Cơ quan Tổ chức - Nội vụ huyện"],
                    None,
                    Some("2023-12"),
                )],
            ),
            (
                "7. Giao Sở Nội vụ\n\n(1) Căn cứ kết quả đánh giá để tham mưu UBND tỉnh.\n\n(2) Chủ trì, phối hợp với các cơ quan liên quan triển khai Kế hoạch trong quý IV năm 2023.",
                vec![row(&["Sở Nội vụ"], None, Some("2023-12-31"))],
            ),
            (
                "2.2. Các ngành: Tư pháp, Nội vụ, Văn hóa & Thông tin và Văn phòng huyện chịu trách nhiệm chủ trì, phối hợp thực hiện các lĩnh vực, cụ thể:\n\n- Cải cách thể chế: Phòng Tư pháp.\n\n- Cải cách thủ tục hành chính: Văn phòng huyện, Phòng Văn hóa & Thông tin.",
                vec![
                    row(
                        &[
                            "Các ngành: Tư pháp, Nội vụ, Văn hóa & Thông tin",
                            "Văn phòng huyện",
                        ],
                        Some("chủ trì"),
                        None,
                    ),
                    row(&["Phòng Tư pháp"], None, None),
                    row(
                        &["Văn phòng huyện", "Phòng Văn hóa & Thông tin"],
                        None,
                        None,
                    ),
                ],
            ),
            (
                "1. Giao Văn phòng UBND tỉnh và các Sở, ngành: Tư pháp, Nội vụ, Lao động - Thương binh và Xã hội, Đài Phát thanh và Truyền hình tỉnh:\n\n- Theo dõi, chấm điểm kết quả đến tháng 9/2023.\n\n- Gửi báo cáo về Sở Nội vụ trước ngày 30/10/2023.",
                vec![row(
                    &[
                        "Văn phòng UBND tỉnh",
                        "các Sở, ngành: Tư pháp, Nội vụ, Lao động - Thương binh và Xã hội",
                        "Đài Phát thanh và Truyền hình tỉnh",
                    ],
                    None,
                    Some("2023-10-30"),
                )],
            ),
            (
                "- Thời hạn các huyện gửi danh sách về Sở Nội vụ chậm nhất là ngày 15 tháng 01 năm 2022.",
                vec![row(&["các huyện"], None, Some("2022-01-15"))],
            ),
            (
                "Các tỉnh phê duyệt Báo cáo tự đánh giá chậm nhất là ngày 15 tháng 02 năm 2022. Sau thời hạn quy định, phần mềm sẽ tự động khóa.",
                vec![row(&["Các tỉnh"], None, Some("2022-02-15"))],
            ),
            (
                "- Giao Sở Thông tin và Truyền thông cử cán bộ đầu mối phụ trách. Văn bản cử cán bộ gửi đến Bộ Nội vụ chậm nhất là ngày 10 tháng 01 năm 2022.",
                vec![row(
                    &["Sở Thông tin và Truyền thông"],
                    None,
                    Some("2022-01-10"),
                )],
            ),
            (
                "Căn cứ nhiệm vụ được phân công tại Quyết định số 981/QĐ-UBND; các phòng, ban ngành, địa phương tiến hành ngay việc tự đánh giá.",
                vec![row(&["các phòng, ban ngành, địa phương"], None, None)],
            ),
        ];
        for (body, want) in cases {
            assert_eq!(summary(body), want, "{body}");
        }
    }

    #[test]
    fn what_is_not_a_task() {
        let cases = [
            // Intro announcing the list below.
            "Chủ tịch UBND huyện yêu cầu Thủ trưởng các phòng, ban ngành huyện triển khai thực hiện các nội dung sau:",
            "UBND tỉnh giao trách nhiệm cho các cơ quan, đơn vị, địa phương như sau:",
            // Closing exhortation.
            "Yêu cầu Thủ trưởng các cơ quan, đơn vị, địa phương nghiêm túc triển khai thực hiện có hiệu quả, chất lượng và đảm bảo về tiến độ./.",
            // Work said to be already given, a sanction, a quotation, a description.
            "Đối với những nhiệm vụ được giao cho UBND cấp xã, việc theo dõi do Văn phòng thực hiện.",
            "Trường hợp, cơ quan, đơn vị, địa phương nào chậm trễ thì phải chịu trách nhiệm trước Chủ tịch UBND huyện.",
            "(tại Chỉ thị số 09/CT-UBND: Chủ tịch UBND tỉnh giao cho Sở Tài nguyên và Môi trường có biện pháp chấn chỉnh)",
            "(3) Cơ quan Thường trực là Sở Nội vụ và các cơ quan phối hợp đã rất tích cực.",
            "Trong quá trình triển khai thực hiện nếu có vướng mắc, đề nghị phản ánh về Bộ Nội vụ.",
            "- Lãnh đạo cấp sở: Khảo sát tất cả số lượng lãnh đạo các cơ quan chuyên môn cấp tỉnh.",
            "- Cấp tỉnh: Văn phòng UBND tỉnh; Sở Thông tin và Truyền thông.",
        ];
        for body in cases {
            assert_eq!(summary(body), vec![], "{body}");
        }
    }

    /// Issue 10: forms as offices really write them.
    #[test]
    fn labels_requests_and_reported_assignments() {
        let cases: Vec<(&str, Vec<Summary>)> = vec![
            // A form's label and its value.
            ("3. Trưởng ban kiểm tra: Ông Trương Văn A.", vec![]),
            (
                "2. Các sở, ban, ngành, đơn vị, địa phương trình (kết quả đề nghị): Công an tỉnh.",
                vec![],
            ),
            // An assignment another document made, reported in a Thực hiện sentence.
            (
                "Thực hiện Công văn số 656/TTg-KSTT ngày 24/8/2024 của Thủ tướng Chính phủ, trong đó, giao Bộ Tài chính chủ trì sửa đổi quy định, hoàn thành trước ngày 31/12/2024.",
                vec![],
            ),
            // The courteous `quý cơ quan`; the deadline in the next short paragraph.
            (
                "Đề nghị quý cơ quan nghiên cứu, có ý kiến tham gia về dự thảo Thông tư.\nÝ kiến xin gửi về Bộ Tài chính trước ngày 11/02/2025.",
                vec![row(&["quý cơ quan"], None, Some("2025-02-11"))],
            ),
            // Places of one body listed after commas, `(cũ)` kept.
            (
                "Sở Tư pháp đề nghị Ban Chấp hành 03 Hội công chứng viên Lâm Đồng, Đắk Nông, Bình Thuận (cũ) khẩn trương gửi hồ sơ về Sở Tư pháp chậm nhất ngày 10/9/2025.",
                vec![row(
                    &["Ban Chấp hành 03 Hội công chứng viên Lâm Đồng, Đắk Nông, Bình Thuận (cũ)"],
                    None,
                    Some("2025-09-10"),
                )],
            ),
            // Members addressed in person; invitees are not.
            (
                "Văn phòng kính đề nghị các đồng chí Thành viên UBND tỉnh gửi ý kiến chậm nhất ngày 08/4/2026.",
                vec![row(
                    &["các đồng chí Thành viên UBND tỉnh"],
                    None,
                    Some("2026-04-08"),
                )],
            ),
            ("Đề nghị các đồng chí tham dự đúng thời gian.", vec![]),
            // The sender reporting to its superior.
            (
                "Trung tâm Phục vụ hành chính công tỉnh xin báo cáo UBND tỉnh./.",
                vec![],
            ),
        ];
        for (body, want) in cases {
            assert_eq!(summary(body), want, "{body}");
        }
    }

    /// A conclusion's sections: `Giao X chủ trì ...:` then lettered duties, one of which has a
    /// deadline of its own; `Trách nhiệm của X` then duties, one assigning another body.
    #[test]
    fn duty_sections_of_a_conclusion() {
        let body = "5. Về chính quyền số\nGiao Sở Khoa học và Công nghệ chủ trì, phối hợp các cơ quan liên quan:\na) Theo dõi tình hình sử dụng chữ ký số.\nb) Tham mưu công khai thông tin quy hoạch; hoàn thành trong tháng 02/2026.\n7. Trách nhiệm của các sở, ban, ngành, UBND các xã, phường\na) Khi có kết quả đánh giá giao Sở Nội vụ chủ trì phân tích từng chỉ tiêu.\nb) Chủ động xây dựng kế hoạch khắc phục.\n";
        assert_eq!(
            summary(body),
            vec![
                row(&["Sở Khoa học và Công nghệ"], Some("chủ trì"), None),
                row(&["Sở Khoa học và Công nghệ"], None, Some("2026-02")),
                row(&["các sở, ban, ngành", "UBND các xã, phường"], None, None),
                row(&["Sở Nội vụ"], Some("chủ trì"), None),
            ]
        );
    }

    /// A programme's content described with `yêu cầu` assigns nothing.
    #[test]
    fn described_requests() {
        assert_eq!(
            summary(
                "Nội dung chương trình yêu cầu từng địa phương trả lời vướng mắc của người dân tại địa bàn.\n"
            ),
            Vec::<Summary>::new()
        );
        assert_eq!(
            summary("Chủ tịch UBND tỉnh yêu cầu Sở Nội vụ tổng hợp kết quả.\n"),
            vec![row(&["Sở Nội vụ"], None, None)]
        );
    }

    /// A list intro (`... sau:`) is no task of its own, unless it gives the body the lead; a
    /// committee's member list is none even when some members carry a remark.
    #[test]
    fn list_intros() {
        assert_eq!(
            summary(
                "5. Các thành viên Ban Chỉ đạo:\n- Chánh Văn phòng Ủy ban nhân dân tỉnh;\n- Giám đốc Sở Nội vụ;\n- Giám đốc Sở Tài chính;\n- Phó Giám đốc Công an tỉnh phụ trách Đề án 06;\n- Mời đại diện lãnh đạo Mặt trận Tổ quốc tỉnh.\n"
            ),
            Vec::<Summary>::new()
        );
        assert_eq!(
            summary("Sở Nội vụ thực hiện các nội dung sau:\n- Nội dung thứ nhất.\n"),
            Vec::<Summary>::new()
        );
        assert_eq!(
            summary(
                "Báo và Phát thanh, Truyền hình tỉnh chủ trì, phối hợp với các sở, ban, ngành tổ chức chương trình truyền hình năm 2026, gồm 11 chuyên mục sau:\n"
            ),
            vec![row(
                &["Báo và Phát thanh, Truyền hình tỉnh"],
                Some("chủ trì"),
                None
            )]
        );
    }

    /// The "Tổ chức thực hiện" section of a plan: one numbered item per body, its duties after a
    /// colon on the same line or as lettered items below.
    #[test]
    fn plan_sections_assign_per_numbered_body() {
        let cases: Vec<(&str, Vec<Summary>)> = vec![
            (
                "3. Sở Khoa học và Công nghệ: Chủ trì, phối hợp với các sở, ban, ngành tổ chức các hoạt động tuyên truyền.",
                vec![row(&["Sở Khoa học và Công nghệ"], Some("chủ trì"), None)],
            ),
            (
                "4. Sở Tư pháp: Lồng ghép tuyên truyền công tác CCHC với công tác phổ biến, giáo dục pháp luật.",
                vec![row(&["Sở Tư pháp"], None, None)],
            ),
            (
                "6. Báo và Phát Thanh, Truyền hình tỉnh\na) Chủ động cân đối kinh phí từ nguồn sự nghiệp.\nb) Hướng dẫn, phối hợp với các sở, ngành xây dựng kịch bản.",
                vec![row(&["Báo và Phát Thanh, Truyền hình tỉnh"], None, None)],
            ),
            (
                "Báo và Phát thanh, Truyền hình tỉnh chủ trì, phối hợp với các sở, ban, ngành liên quan tổ chức chương trình.",
                vec![row(
                    &["Báo và Phát thanh, Truyền hình tỉnh"],
                    Some("chủ trì"),
                    None,
                )],
            ),
            (
                "8. Các sở, ban, ngành; UBND các xã, phường, đặc khu; các cơ quan, đơn vị có liên quan\na) Nghiên cứu, xây dựng, ban hành kế hoạch cụ thể chậm nhất ngày 30/01/2026.\nb) Tích cực phối hợp với các cơ quan, đơn vị liên quan.",
                vec![row(
                    &[
                        "Các sở, ban, ngành",
                        "UBND các xã, phường, đặc khu",
                        "các cơ quan, đơn vị có liên quan",
                    ],
                    None,
                    Some("2026-01-30"),
                )],
            ),
            // An article of a decision (`Điều 8.`), bodies listed with `;`, one `có tên tại`.
            (
                "Điều 8. Chánh Văn phòng UBND tỉnh; các thành viên có tên tại Điều 1; Chủ tịch UBND các xã, phường, đặc khu và các đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này./.",
                vec![row(
                    &[
                        "Chánh Văn phòng UBND tỉnh",
                        "các thành viên có tên tại Điều 1",
                        "Chủ tịch UBND các xã, phường, đặc khu",
                        "các đơn vị có liên quan",
                    ],
                    None,
                    None,
                )],
            ),
            // A committee's members and how it works assign nothing.
            (
                "5. Các thành viên Ban Chỉ đạo:\n- Chánh Văn phòng Ủy ban nhân dân tỉnh;\n- Giám đốc Sở Nội vụ - Phó Trưởng ban.",
                vec![],
            ),
            (
                "1. Các thành viên Ban Chỉ đạo làm việc theo Quy chế tổ chức và hoạt động của Ban Chỉ đạo.",
                vec![],
            ),
            // Attending is a duty of those convened.
            (
                "3. Các Bộ, cơ quan, địa phương dự Hội nghị đúng thành phần được mời; xác nhận đại biểu trước 14 giờ, ngày 08 tháng 10 năm 2025.",
                vec![row(
                    &["Các Bộ, cơ quan, địa phương"],
                    None,
                    Some("2025-10-08"),
                )],
            ),
            // Invitees and labels with a colon are not duties.
            ("- Sở Nội vụ: 01 lãnh đạo và chuyên viên phụ trách.", vec![]),
            ("2. Cơ quan thường trực: Sở Nội vụ.", vec![]),
        ];
        for (body, want) in cases {
            assert_eq!(summary(body), want, "{body}");
        }
    }

    #[test]
    fn tasks_from_other_document_types() {
        let cases: Vec<(&str, Vec<Summary>)> = vec![
            // The sender's formula to its superior assigns nothing.
            (
                "Sở Tư pháp kính trình UBND tỉnh xem xét, quyết định./.",
                vec![],
            ),
            (
                "Sở Nội vụ kính báo cáo UBND tỉnh xem xét, chỉ đạo./.",
                vec![],
            ),
            // Closing exhortation of a Chỉ thị.
            (
                "Chủ tịch UBND tỉnh yêu cầu Thủ trưởng các cơ quan, đơn vị, địa phương nghiêm túc thực hiện Chỉ thị này./.",
                vec![],
            ),
            // `Giao` is an assignment even when the duty is the formula.
            (
                "1. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết này.",
                vec![row(&["Ủy ban nhân dân tỉnh"], None, None)],
            ),
            // One office serving two bodies.
            (
                "2. Văn phòng HĐND và UBND huyện có trách nhiệm kiểm soát thủ tục hành chính.",
                vec![row(&["Văn phòng HĐND và UBND huyện"], None, None)],
            ),
            // Two offices joined by `và` still split.
            (
                "Văn phòng UBND tỉnh và Sở Nội vụ có trách nhiệm theo dõi.",
                vec![row(&["Văn phòng UBND tỉnh", "Sở Nội vụ"], None, None)],
            ),
            // Bodies listed with `;` before the verb.
            (
                "2. Các sở, ban, ngành; UBND các huyện, thị xã, thành phố có trách nhiệm cung cấp tài liệu kiểm chứng.",
                vec![row(
                    &["Các sở, ban, ngành", "UBND các huyện, thị xã, thành phố"],
                    None,
                    None,
                )],
            ),
            // Execution clause of a Quyết định.
            (
                "Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc Sở Nội vụ và các cơ quan, đơn vị liên quan chịu trách nhiệm thi hành Quyết định này./.",
                vec![row(
                    &[
                        "Chánh Văn phòng UBND tỉnh",
                        "Giám đốc Sở Nội vụ",
                        "các cơ quan, đơn vị liên quan",
                    ],
                    None,
                    None,
                )],
            ),
            // A decision's execution clause naming the persons of its Điều 1, as offices write
            // it (`căn cứ Quyết định thi hành`), and with a deputy minister among the bodies.
            (
                "Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh; Thủ trưởng các đơn vị liên quan và các ông, bà có tên tại Điều 1 căn cứ Quyết định thi hành./.",
                vec![row(
                    &[
                        "Chánh Văn phòng Ủy ban nhân dân tỉnh",
                        "Thủ trưởng các đơn vị liên quan",
                        "các ông, bà có tên tại Điều 1",
                    ],
                    None,
                    None,
                )],
            ),
            (
                "Điều 4. Thứ trưởng Bộ Nội vụ, Chánh Văn phòng Bộ và các tập thể, cá nhân có tên trong danh sách tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
                vec![row(
                    &[
                        "Thứ trưởng Bộ Nội vụ",
                        "Chánh Văn phòng Bộ",
                        "các tập thể, cá nhân có tên trong danh sách tại Điều 1",
                    ],
                    None,
                    None,
                )],
            ),
            // Party and council bodies.
            (
                "1. Ban cán sự đảng UBND tỉnh lãnh đạo UBND tỉnh xây dựng kế hoạch thực hiện Nghị quyết.",
                vec![row(&["Ban cán sự đảng UBND tỉnh"], None, None)],
            ),
            (
                "2. Thường trực HĐND tỉnh, các Ban HĐND tỉnh, các Tổ đại biểu và đại biểu HĐND tỉnh giám sát việc thực hiện Nghị quyết này.",
                vec![row(
                    &[
                        "Thường trực HĐND tỉnh",
                        "các Ban HĐND tỉnh",
                        "các Tổ đại biểu và đại biểu HĐND tỉnh",
                    ],
                    None,
                    None,
                )],
            ),
            (
                "1. Công chức Văn phòng - Thống kê có trách nhiệm hướng dẫn người dân nộp hồ sơ trực tuyến.",
                vec![row(&["Công chức Văn phòng - Thống kê"], None, None)],
            ),
        ];
        for (body, want) in cases {
            assert_eq!(summary(body), want, "{body}");
        }
    }
}
