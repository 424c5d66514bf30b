//! The closing: chức vụ và người ký (ô số 7) and Nơi nhận (ô số 9).
//!
//! Both sit in one two-column table row under the body: Nơi nhận on the left, the signer
//! on the right. After flattening they come in either order, one after the other, or
//! interleaved line by line (`- Như trên; | PHÓ CHỦ TỊCH`). So cells are classified one by
//! one: authority lines (`TM.`, `KT.`, `TL.`, `TUQ.`, `Q.`), the title (`PHÓ CHỦ TỊCH`),
//! signature notes (`(Đã ký)`), the name (Title Case, 2–5 words), and list entries. A signer
//! group starts at an authority or title line and ends at the name; Nơi nhận entries are
//! whatever is left between `Nơi nhận:` and the end of the list.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::agency::title_word;
use super::cells::{Line, is_upper, starts_lower};
use super::head::{clean_entry, entries, is_bullet};
use super::names;
use crate::record::Signer;
use crate::text::fold;

/// Authority marks: thay mặt, ký thay, thừa lệnh, thừa ủy quyền, quyền.
static AUTHORITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(?:TM|KT|TL|TUQ)(?:\.\s*|\s+)|(?:T/M|K/T|T/L|T\.M|K\.T|T\.L)\.?\s*|Q\.\s*)\p{Lu}",
    )
    .expect("static regex")
});

static NOI_NHAN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^nơi\s+nhận\s*[:.]?\s*(?P<rest>.*)$").expect("static regex"));

/// Words that make an upper-case line a title.
const TITLE_WORDS: &[&str] = &[
    "TRƯỞNG",
    "CHỦ TỊCH",
    "GIÁM ĐỐC",
    "BÍ THƯ",
    "CHÁNH ",
    "THỦ TƯỚNG",
    "CHỦ NHIỆM",
    "THƯ KÝ",
    "ỦY VIÊN",
    "UỶ VIÊN",
    "KIỂM TOÁN",
    "PHÓ ",
    "TỔNG ",
    "CHỈ HUY",
    "CHÍNH ỦY",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Authority,
    Title,
    Note,
    Name,
    CcHead,
    Other,
}

fn has_title_word(s: &str) -> bool {
    let u = s.to_uppercase();
    TITLE_WORDS.iter().any(|w| u.contains(w))
}

/// An all-capitals authority mark or title of a signature block (`KT. CHỦ TỊCH`, `PHÓ CHỦ
/// TỊCH`), as found glued after a Nơi nhận entry.
pub(super) fn is_signer_line(cell: &str) -> bool {
    is_upper(cell)
        && cell.split(' ').nth(12).is_none()
        && !cell.contains(':')
        && (AUTHORITY.is_match(cell) || HOLDERS.iter().any(|h| cell.contains(h)))
}

/// Office-holders a signature title names (`TỔNG ` or `PHÓ ` alone may open other words).
const HOLDERS: &[&str] = &[
    "CHỦ TỊCH",
    "GIÁM ĐỐC",
    "TRƯỞNG",
    "THỦ TƯỚNG",
    "CHỦ NHIỆM",
    "BÍ THƯ",
    "ỦY VIÊN",
    "UỶ VIÊN",
    "CHÁNH VĂN PHÒNG",
    "CHÁNH THANH TRA",
];

fn is_note(cell: &str) -> bool {
    if cell.chars().nth(50).is_some() {
        return false;
    }
    let f = fold(cell);
    (cell.starts_with(['(', '[']) && cell.ends_with([')', ']']))
        || f.starts_with("da ky")
        || f.contains("dong dau")
        || f.contains("chu ky so")
        || f.starts_with("ky ten")
        || f == "ky"
        || f.starts_with("ky boi")
}

/// Military and police ranks printed before a signer's name ("Thiếu tướng Trương Minh
/// Đương" under GIÁM ĐỐC of a Công an tỉnh): the rank is not part of the name.
const RANKS: &[&str] = &[
    "dai tuong",
    "thuong tuong",
    "trung tuong",
    "thieu tuong",
    "dai ta",
    "thuong ta",
    "trung ta",
    "thieu ta",
    "dai uy",
    "thuong uy",
    "trung uy",
    "thieu uy",
];

/// `cell` without a leading rank.
pub(crate) fn without_rank(cell: &str) -> &str {
    let mut words = cell.splitn(3, ' ');
    // Every rank starts with `đại`, `thượng`, `trung` or `thiếu`.
    if let (Some(a), Some(b), Some(rest)) = (words.next(), words.next(), words.next())
        && matches!(fold(a).as_str(), "dai" | "thuong" | "trung" | "thieu")
        && RANKS.contains(&fold(&format!("{a} {b}")).as_str())
    {
        return rest.trim_start();
    }
    cell
}

/// A personal name in Title Case: 2–5 words, each capitalised, letters only.
fn is_title_case_name(cell: &str) -> bool {
    let cell = cell.trim_end_matches('.');
    (2..=5).contains(&cell.split(' ').take(6).count())
        && cell.split(' ').all(|w| {
            let mut chars = w.chars();
            chars.next().is_some_and(char::is_uppercase)
                && chars.clone().all(char::is_lowercase)
                && w.chars().all(char::is_alphabetic)
        })
}

/// A personal name in capitals: 2–5 words, a known family name first, no title words.
fn is_upper_name(cell: &str) -> bool {
    if !is_upper(cell) {
        return false;
    }
    let words: Vec<&str> = cell.split(' ').collect();
    (2..=5).contains(&words.len())
        && words.iter().all(|w| w.chars().all(char::is_alphabetic))
        && names::is_surname(words[0])
        && !has_title_word(cell)
}

/// Called on every cell of the body and closing (most of them long sentences): each test
/// starts with its cheapest condition.
fn classify(cell: &str) -> Kind {
    if cell.starts_with(['n', 'N']) && NOI_NHAN.is_match(cell) {
        return Kind::CcHead;
    }
    if is_upper(cell) && AUTHORITY.is_match(cell) {
        return Kind::Authority;
    }
    if is_note(cell) {
        return Kind::Note;
    }
    let bare = without_rank(cell);
    if is_upper_name(bare) || is_title_case_name(bare) {
        return Kind::Name;
    }
    if is_upper(cell)
        && cell.chars().next().is_some_and(char::is_alphabetic)
        && has_title_word(cell)
        && cell.split(' ').nth(12).is_none()
        && !cell.contains(':')
        && !is_bullet(cell)
    {
        return Kind::Title;
    }
    Kind::Other
}

/// A signer group: its cells, as (line, cell index).
#[derive(Debug, Clone, Default)]
struct Group {
    start_line: usize,
    cells: Vec<(usize, usize)>,
    authority: Vec<String>,
    title: Vec<String>,
    name: Option<String>,
}

fn display_name(cell: &str) -> String {
    let cell = without_rank(cell).trim_end_matches('.');
    if is_upper(cell) {
        cell.split(' ')
            .map(title_word)
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        cell.to_owned()
    }
}

/// Lines after the last signer cell that a group waits for its name.
const GROUP_SPAN: usize = 10;

fn groups(lines: &[Line], from: usize) -> Vec<Group> {
    let mut out = Vec::new();
    let mut taken: HashSet<(usize, usize)> = HashSet::new();
    for i in from..lines.len() {
        for (j, cell) in lines[i].cells.iter().enumerate() {
            if taken.contains(&(i, j)) || !matches!(classify(cell), Kind::Authority | Kind::Title) {
                continue;
            }
            let mut g = Group {
                start_line: i,
                ..Group::default()
            };
            let mut last_hit = i;
            let mut li = i;
            let mut title_closed = false;
            'lines: while li < lines.len() && li <= last_hit + GROUP_SPAN {
                let first = if li == i { j } else { 0 };
                for (cj, c) in lines[li].cells.iter().enumerate().skip(first) {
                    if taken.contains(&(li, cj)) {
                        continue;
                    }
                    let kind = classify(c);
                    match kind {
                        Kind::Authority if g.title.is_empty() && g.name.is_none() => {
                            g.authority.push(c.clone());
                        }
                        Kind::Title if !title_closed && g.name.is_none() => {
                            g.title.push(c.clone());
                        }
                        Kind::Note if !g.authority.is_empty() || !g.title.is_empty() => {
                            title_closed = true;
                        }
                        Kind::Name => {
                            g.name = Some(display_name(c));
                        }
                        _ => continue,
                    }
                    g.cells.push((li, cj));
                    last_hit = li;
                    if g.name.is_some() {
                        break 'lines;
                    }
                }
                if lines[li].is_blank() && !g.title.is_empty() {
                    title_closed = true;
                }
                li += 1;
            }
            taken.extend(g.cells.iter().copied());
            out.push(g);
        }
    }
    out
}

impl Group {
    fn signer(&self) -> Signer {
        let mut authority = self.authority.clone();
        let mut title = self.title.join(" ");
        // `KT. CHỦ TỊCH PHÓ CHỦ TỊCH` glued on one line.
        if title.is_empty()
            && let Some(last) = authority.last_mut()
            && let Some((a, t)) = split_glued_title(last)
        {
            *last = a;
            title = t;
        }
        for a in &mut authority {
            *a = spaced_mark(a);
        }
        Signer {
            authority: (!authority.is_empty()).then(|| authority.join(" / ")),
            title: (!title.is_empty()).then_some(title),
            name: self.name.clone(),
        }
    }
}

/// `TL.CHỦ TỊCH` typed without the space is the same mark as `TL. CHỦ TỊCH`.
fn spaced_mark(a: &str) -> String {
    for mark in ["TM.", "KT.", "TL.", "TUQ.", "Q."] {
        if let Some(rest) = a.strip_prefix(mark)
            && rest.chars().next().is_some_and(char::is_uppercase)
        {
            return format!("{mark} {rest}");
        }
    }
    a.to_owned()
}

fn split_glued_title(authority: &str) -> Option<(String, String)> {
    let (mark, rest) = authority.split_once(['.', ' '])?;
    let rest = rest.trim();
    for starter in ["PHÓ ", "THỨ TRƯỞNG", "CHÁNH ", "ỦY VIÊN"] {
        if let Some(pos) = rest.find(starter)
            && pos > 0
        {
            let (holder, title) = rest.split_at(pos);
            return Some((
                format!("{mark}. {}", holder.trim()),
                title.trim().to_owned(),
            ));
        }
    }
    None
}

/// The closing: where it starts, the Nơi nhận entries and the signer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Closing {
    /// First line of the closing (the body ends before it), if one was found.
    pub start_line: Option<usize>,
    pub cc: Vec<String>,
    pub signer: Option<Signer>,
}

/// Scans the closing in `lines[from..]`.
pub fn scan(lines: &[Line], from: usize) -> Closing {
    let from = from.min(lines.len());
    let cc_at = (from..lines.len()).rev().find_map(|i| {
        lines[i]
            .cells
            .iter()
            .position(|c| classify(c) == Kind::CcHead)
            .map(|j| (i, j))
    });
    let all = groups(lines, from);
    let chosen = match cc_at {
        Some((nn, _)) => all
            .iter()
            .filter(|g| g.name.is_some() || g.start_line + 1 >= nn)
            .min_by_key(|g| {
                // Signer after the list, beside it, or just above it.
                let end = g.cells.last().map_or(g.start_line, |c| c.0);
                if g.start_line >= nn {
                    g.start_line - nn
                } else if end + 15 >= nn {
                    nn - end.min(nn)
                } else {
                    usize::MAX
                }
            })
            .filter(|g| g.start_line >= nn || g.cells.last().map_or(0, |c| c.0) + 15 >= nn),
        None => all
            .iter()
            .rev()
            .find(|g| g.name.is_some())
            // Without a name, only an authority mark is sure to be a signature block.
            .or_else(|| all.iter().rev().find(|g| !g.authority.is_empty())),
    };
    let signer_cells: HashSet<(usize, usize)> = chosen
        .map(|g| g.cells.iter().copied().collect())
        .unwrap_or_default();
    let mut out = Closing {
        start_line: None,
        cc: Vec::new(),
        signer: chosen.map(Group::signer),
    };
    let starts = [cc_at.map(|c| c.0), chosen.map(|g| g.start_line)];
    out.start_line = starts.into_iter().flatten().min();
    if let Some((nn, nj)) = cc_at {
        out.cc = cc_entries(lines, nn, nj, &signer_cells);
    }
    out
}

fn cc_entries(
    lines: &[Line],
    nn: usize,
    nj: usize,
    signer: &HashSet<(usize, usize)>,
) -> Vec<String> {
    let mut list = CcList::default();
    let rest = NOI_NHAN
        .captures(&lines[nn].cells[nj])
        .map(|c| c["rest"].to_owned())
        .unwrap_or_default();
    if !rest.is_empty() {
        list.dashed = Some(is_bullet(&rest));
        list.push(&rest);
    }
    for (i, line) in lines.iter().enumerate().skip(nn) {
        if i > nn && line.is_blank() {
            list.blank = true;
            continue;
        }
        let first = if i == nn { nj + 1 } else { 0 };
        let next_bullet = lines
            .get(i + 1)
            .and_then(|l| l.cells.first())
            .is_some_and(|c| is_bullet(c));
        for (j, cell) in line.cells.iter().enumerate().skip(first) {
            if signer.contains(&(i, j)) {
                continue;
            }
            match classify(cell) {
                Kind::Note | Kind::Authority | Kind::CcHead | Kind::Title => continue,
                _ => {}
            }
            // A note typed beside the list (`- Cổng TTĐT Chính phủ;   Để đăng dự thảo`, a
            // brace over two entries): a cell right of a finished dashed entry on its line.
            if j > first
                && !is_bullet(cell)
                && !starts_lower(cell)
                && line.cells[j - 1].trim_end().ends_with(';')
                && is_bullet(&line.cells[j - 1])
            {
                continue;
            }
            let cell = beside_note_cut(cell, next_bullet);
            if !list.take(cell) {
                return list.entries;
            }
        }
    }
    list.entries
}

/// A dashed entry with an unfinished text after its own `;`, the next line opening a new
/// entry: the text is a note typed beside the list, glued by a single space (`- Cổng thông
/// tin điện tử Bộ Tài chính; Thông tư xin ý kiến`). An entry that wraps after an inner `;`
/// goes on without a dash on the next line instead.
fn beside_note_cut(cell: &str, next_bullet: bool) -> &str {
    if !next_bullet || !is_bullet(cell) {
        return cell;
    }
    let t = cell.trim_end();
    match t.rfind(';') {
        Some(at) if at + 1 < t.len() && !t.ends_with(['.', ',', ':']) => {
            let tail = t[at + 1..].trim();
            if tail.chars().next().is_some_and(char::is_uppercase) && tail.split(' ').count() <= 6 {
                &t[..=at]
            } else {
                cell
            }
        }
        _ => cell,
    }
}

/// The Nơi nhận list being read.
#[derive(Debug, Default)]
struct CcList {
    entries: Vec<String>,
    /// Entries start with bullets (`Some(true)`), or each line is an entry.
    dashed: Option<bool>,
    /// A blank line came after the last entry.
    blank: bool,
    /// How the last entry ended: `;`, `.` or neither.
    last_end: Option<char>,
}

impl CcList {
    fn push(&mut self, cell: &str) {
        self.entries.extend(entries(cell));
        self.note_end(cell);
    }

    fn note_end(&mut self, cell: &str) {
        self.last_end = cell
            .trim_end()
            .chars()
            .last()
            .filter(|c| matches!(c, ';' | '.'));
        self.blank = false;
    }

    fn append(&mut self, cell: &str) {
        let mut more = entries(cell).into_iter();
        if let (Some(last), Some(first)) = (self.entries.last_mut(), more.next()) {
            last.push(' ');
            last.push_str(&first);
        }
        self.entries.extend(more);
        self.note_end(cell);
    }

    /// Appends `cell` to the last entry as one more part of it, `;` kept between them.
    fn append_whole(&mut self, cell: &str) {
        let part = clean_entry(cell);
        if let Some(last) = self.entries.last_mut()
            && !part.is_empty()
        {
            last.push_str("; ");
            last.push_str(&part);
        }
        self.note_end(cell);
    }

    /// Takes one cell; `false` when the list has ended before it.
    fn take(&mut self, cell: &str) -> bool {
        if is_bullet(cell) {
            if self.dashed.is_none() {
                self.dashed = Some(true);
            }
            self.push(cell);
            return true;
        }
        if self.entries.is_empty() {
            self.dashed = Some(false);
            self.push(cell);
            return true;
        }
        if self.blank || self.last_end == Some('.') {
            return false;
        }
        match (self.dashed, self.last_end) {
            // An unterminated entry wraps onto this line.
            (_, None) if self.dashed == Some(true) || starts_lower(cell) => self.append(cell),
            // A list without bullets: one entry per line.
            (Some(false), _) => self.push(cell),
            (_, None) => self.push(cell),
            // In a dashed list, a line without a dash after an inner `;` goes on with the
            // entry (`- VPCP: BTCN, PCN X;` / `Trợ lý, Thư ký của: TTg;` / `các Vụ, Cục: ...;`):
            // the clerk's dash, not the line, starts an entry.
            (Some(true), Some(';')) => self.append_whole(cell),
            // Otherwise after `;` a line without a bullet is an entry whose bullet was lost.
            (_, Some(_)) => self.push(cell),
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::super::cells::split_lines;
    use super::*;

    fn closing(text: &str) -> Closing {
        scan(&split_lines(text), 0)
    }

    fn signer(a: Option<&str>, t: Option<&str>, n: Option<&str>) -> Option<Signer> {
        Some(Signer {
            authority: a.map(str::to_owned),
            title: t.map(str::to_owned),
            name: n.map(str::to_owned),
        })
    }

    #[test]
    fn signer_variants() {
        let cases: &[(&str, Option<Signer>)] = &[
            (
                "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n\nTrần Hoàng Tuấn",
                signer(
                    Some("KT. CHỦ TỊCH"),
                    Some("PHÓ CHỦ TỊCH"),
                    Some("Trần Hoàng Tuấn"),
                ),
            ),
            (
                "Nơi nhận:\n- Như trên;\n\nTM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n(Đã ký)\nNguyễn Văn An",
                signer(
                    Some("TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH"),
                    Some("PHÓ CHỦ TỊCH"),
                    Some("Nguyễn Văn An"),
                ),
            ),
            (
                "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\nCHỦ TỊCH\n\nPhạm Ngọc Lân",
                signer(None, Some("CHỦ TỊCH"), Some("Phạm Ngọc Lân")),
            ),
            (
                "TL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\n(Ký, đóng dấu)\nVũ Minh Tâm\nNơi nhận:\n- Như trên;\n- Lưu: VT.",
                signer(
                    Some("TL. CHỦ TỊCH"),
                    Some("CHÁNH VĂN PHÒNG"),
                    Some("Vũ Minh Tâm"),
                ),
            ),
            (
                "Nơi nhận: | KT. BỘ TRƯỞNG\n- Như trên; | THỨ TRƯỞNG\n- Lưu: VT, CCHC. |\n | Nguyễn Trọng Thừa",
                signer(
                    Some("KT. BỘ TRƯỞNG"),
                    Some("THỨ TRƯỞNG"),
                    Some("Nguyễn Trọng Thừa"),
                ),
            ),
            (
                "T/M BAN THƯỜNG VỤ\nBÍ THƯ\n\nLê Văn Bình",
                signer(
                    Some("T/M BAN THƯỜNG VỤ"),
                    Some("BÍ THƯ"),
                    Some("Lê Văn Bình"),
                ),
            ),
            (
                "Nơi nhận:\n- Như trên;\n\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\nNGUYỄN THỊ HẠNH",
                signer(
                    Some("KT. GIÁM ĐỐC"),
                    Some("PHÓ GIÁM ĐỐC"),
                    Some("Nguyễn Thị Hạnh"),
                ),
            ),
            (
                "Nơi nhận:\n- Như trên;\n\nKT. CHỦ TỊCH PHÓ CHỦ TỊCH\nĐinh Thị Hồng Minh",
                signer(
                    Some("KT. CHỦ TỊCH"),
                    Some("PHÓ CHỦ TỊCH"),
                    Some("Đinh Thị Hồng Minh"),
                ),
            ),
            (
                "TL. BỘ TRƯỞNG\nVỤ TRƯỞNG VỤ CẢI CÁCH HÀNH CHÍNH\n\nPhạm Minh Hùng",
                signer(
                    Some("TL. BỘ TRƯỞNG"),
                    Some("VỤ TRƯỞNG VỤ CẢI CÁCH HÀNH CHÍNH"),
                    Some("Phạm Minh Hùng"),
                ),
            ),
            ("Nơi nhận:\n- Như trên;\n- Lưu: VT.", None),
            (
                "II. TRÁCH NHIỆM CỦA GIÁM ĐỐC CÁC SỞ\nCác sở thực hiện.",
                None,
            ),
            (
                "PHÓ CHỦ TỊCH PHỤ TRÁCH\nnội dung tiếp theo của văn bản",
                None,
            ),
        ];
        for (text, want) in cases {
            assert_eq!(closing(text).signer, *want, "{text}");
        }
    }

    #[test]
    fn cc_variants() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Nơi nhận:\n- Như trên;\n- Bộ Nội vụ (b/cáo);\n- Lưu: VT, TTHC.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nTrần Hoàng Tuấn",
                &["Như trên", "Bộ Nội vụ (b/cáo)", "Lưu: VT, TTHC"],
            ),
            (
                "Nơi nhận:\n- Như trên;\n- Thành viên Ban Chỉ đạo CCHC tỉnh (Quyết định\nsố 49/QĐ-UBND ngày 09/01/2021);\n- Lưu: VT.\n\nTL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\nVũ Minh Tâm",
                &[
                    "Như trên",
                    "Thành viên Ban Chỉ đạo CCHC tỉnh (Quyết định số 49/QĐ-UBND ngày 09/01/2021)",
                    "Lưu: VT",
                ],
            ),
            (
                "Nơi nhận: | KT. CHỦ TỊCH\n- Như trên; | PHÓ CHỦ TỊCH\n- CT, PCT UBND tỉnh;\n- Lưu: VT, KSTTHC. | Nguyễn Tuấn Hà",
                &["Như trên", "CT, PCT UBND tỉnh", "Lưu: VT, KSTTHC"],
            ),
            (
                "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nTrần Hoàng Tuấn\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n",
                &["Như trên", "Lưu: VT"],
            ),
            (
                "Nơi nhận: - Như trên;\n- Lưu: VT.",
                &["Như trên", "Lưu: VT"],
            ),
            (
                "Nơi nhận:\nNhư trên;\nLưu: VT, VX.",
                &["Như trên", "Lưu: VT, VX"],
            ),
            (
                "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\nCHỦ TỊCH\n\nPhạm Ngọc Lân\n\nPHỤ LỤC\nDanh sách các cơ quan",
                &["Như trên", "Lưu: VT"],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(closing(text).cc, *want, "{text}");
        }
    }

    #[test]
    fn closing_starts_at_the_earliest_closing_line() {
        let text =
            "nội dung./.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nTrần Hoàng Tuấn\n\nNơi nhận:\n- Như trên;";
        assert_eq!(closing(text).start_line, Some(1));
        let text = "nội dung./.\n\nNơi nhận:\n- Như trên;\n\nCHỦ TỊCH\nPhạm Ngọc Lân";
        assert_eq!(closing(text).start_line, Some(2));
    }
}
