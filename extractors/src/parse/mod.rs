//! Text → record.
//!
//! The parsers work on the normalised text a reader produced. [`header::parse`] reads the
//! parts around the body defined by Nghị định 30/2020 (Phụ lục I: quốc hiệu, cơ quan ban
//! hành, số/ký hiệu, địa danh/ngày, tên loại/trích yếu, Kính gửi — and after the body, chức
//! vụ/người ký, Nơi nhận) and returns where the body lies; the body parsers ([`citations`],
//! [`tasks`], [`scores`]) then read only the body, so a header line is never mistaken for a
//! citation or a task.

pub mod attachments;
pub mod citations;
pub mod doctype;
pub mod header;
pub mod reflow;
pub mod refs;
pub mod scores;
pub mod tasks;

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use crate::record::Record;

/// The Quốc hiệu wrapped over two lines by a narrow header column
/// (`CỘNG HÒA XÃ HỘI CHỦ NGHĨA` / `VIỆT NAM`), which would otherwise read as part of the
/// agency block.
static SPLIT_QUOC_HIEU: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(CỘNG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA)[ \t]*\n[ \t]*(VIỆT\s+NAM)")
        .expect("static regex")
});

fn rejoin_quoc_hieu(text: &str) -> Cow<'_, str> {
    SPLIT_QUOC_HIEU.replace_all(text, "$1 $2")
}

/// Where the body lies in the text, as byte offsets: after the subject / Kính gửi block and
/// before the closing (signature, Nơi nhận).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    pub body_start: usize,
    pub body_end: usize,
}

/// Parses `text` into the record's fields (everything except `source`, `sha256`, `format`,
/// `pages`, `signature_stamps` and `error`, which the caller owns).
pub fn parse_into(text: &str, rec: &mut Record) {
    // A document flattened to one line gets its breaks back first; a Quốc hiệu wrapped by a
    // narrow column is made whole again.
    let reflowed = reflow::reflow(text);
    let rejoined = rejoin_quoc_hieu(&reflowed);
    let mut text: &str = &rejoined;
    // Several documents in one file: the record is the first one's.
    if let Some((at, _line)) = attachments::split(text) {
        text = &text[..at];
        rec.warn(crate::warnings::ATTACHMENTS_FOLLOW);
    }
    let layout = header::parse(text, rec);
    let start = layout.body_start.min(text.len());
    let end = layout.body_end.clamp(start, text.len());
    // Body parsers see one paragraph per line whatever the reader's line wrapping.
    let raw_body = text.get(start..end).unwrap_or(text);
    let raw_body = if matches!(rec.format.as_str(), "docx" | "doc" | "rtf") {
        heading_breaks(raw_body)
    } else {
        Cow::Borrowed(raw_body)
    };
    let body = crate::text::unwrap_paragraphs(&raw_body);
    let body = body.as_str();

    let own = rec.reference();
    let mut cited_text = String::with_capacity(body.len() + 256);
    if let Some(subject) = &rec.subject {
        cited_text.push_str(subject);
        cited_text.push('\n');
    }
    cited_text.push_str(body);
    let (citations, warnings) = citations::extract(&cited_text, own.as_deref());
    rec.citations = citations;
    for w in warnings {
        rec.warn(w);
    }
    // A Tờ trình or Phiếu trình proposes work to the superior who decides: its "giao Sở X"
    // is a draft of someone else's assignment, not one this document makes.
    let proposes = rec
        .doc_type
        .as_deref()
        .is_some_and(|t| matches!(crate::text::fold(t).as_str(), "to trinh" | "phieu trinh"));
    rec.tasks = if proposes {
        Vec::new()
    } else {
        let mut found = tasks::extract(body);
        let own = OwnName::of(rec);
        found.retain(|t| {
            !own.as_ref().is_some_and(|o| o.is_assignee_of(t))
                && !t
                    .assignees
                    .iter()
                    .any(|a| is_table_row(a) || runs_past_its_place(a))
        });
        found
    };
    rec.scores = scores::extract(body);
}

/// A numbered heading line: `2. Tổ chức Cuộc thi ...`, `a) ...`, `III. ...`.
static HEADING_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\.|[a-zđ]\)|[IVXLC]{1,6}\.)\s+\S")
        .expect("static regex")
});

/// In a word processor's text every line is a paragraph of its own, and a numbered heading
/// (`2. Tổ chức Cuộc thi tìm hiểu về cải cách hành chính`, no closing stop) is not continued
/// by the sentence under it (`Sở Nội vụ chủ trì, phối hợp ...`): a blank line keeps them
/// apart when the paragraphs are rejoined (which exists for wrapped PDF lines).
fn heading_breaks(body: &str) -> Cow<'_, str> {
    let lines: Vec<&str> = body.split('\n').collect();
    let breaks = |i: usize| {
        let (cur, next) = (
            lines[i].trim_end(),
            lines.get(i + 1).map_or("", |l| l.trim()),
        );
        HEADING_LINE.is_match(cur)
            && !cur.ends_with(['.', ';', ':', ',', '!', '?'])
            && next.chars().next().is_some_and(char::is_uppercase)
    };
    if !(0..lines.len()).any(breaks) {
        return Cow::Borrowed(body);
    }
    let mut out = String::with_capacity(body.len() + 64);
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(line);
        if breaks(i) {
            out.push('\n');
        }
    }
    Cow::Owned(out)
}

/// The issuer's name folded (`ubnd` spelled out), alone and followed by its parent's: what
/// a task's single assignee is compared with to tell the issuer's own act. Folded once per
/// document, not once per task.
struct OwnName {
    own: String,
    full: String,
}

impl OwnName {
    fn of(rec: &Record) -> Option<OwnName> {
        let own = Self::norm(rec.issuer.as_deref()?);
        let full = match rec.issuer_parent.as_deref() {
            Some(p) => format!("{own} {}", Self::norm(p)),
            None => own.clone(),
        };
        Some(OwnName { own, full })
    }

    fn norm(s: &str) -> String {
        crate::text::fold(s)
            .split_whitespace()
            .map(|w| if w == "ubnd" { "uy ban nhan dan" } else { w })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// A sentence whose only subject is the issuer itself (`Văn phòng UBND tỉnh gửi Sở Nội vụ
    /// tổng hợp./.` in a letter of that Văn phòng): the document's own act, which no one is
    /// assigned — a body never assigns work to itself in its own text.
    fn is_assignee_of(&self, task: &crate::record::Task) -> bool {
        let [assignee] = task.assignees.as_slice() else {
            return false;
        };
        let a = Self::norm(assignee);
        let (own, full) = (&self.own, &self.full);
        // `UBND tỉnh` for `Ủy ban nhân dân tỉnh Lâm Đồng`: the name without its place.
        let unit_cut = [
            "tinh",
            "huyen",
            "xa",
            "phuong",
            "thanh pho",
            "quan",
            "thi xa",
        ]
        .iter()
        .any(|u| a.ends_with(&format!(" {u}")))
            && full.starts_with(&format!("{a} "));
        a == *own || a == *full || unit_cut
    }
}

/// A table row read as one line (`Sở Tài chính 77.23 17 0 0 100 4`): numbers are no part of
/// a body's name.
fn is_table_row(assignee: &str) -> bool {
    assignee
        .split_whitespace()
        .filter(|w| {
            w.chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        })
        .count()
        >= 3
}

/// A body's name ends at its place (`Thanh tra tỉnh`, `Sở Y tế tỉnh Lâm Đồng`): common
/// nouns after the unit word (`Thanh tra tỉnh số hồ sơ tiếp nhận ...`, a report's narrative)
/// mean the sentence is about figures, not a body told to act.
fn runs_past_its_place(assignee: &str) -> bool {
    let words: Vec<&str> = assignee.split_whitespace().collect();
    words.windows(3).any(|w| {
        matches!(w[0], "tỉnh" | "huyện")
            && w[1].chars().next().is_some_and(char::is_lowercase)
            // `huyện ủy, thị ủy`: Party committees, named by the unit word.
            && !matches!(
                w[1].trim_end_matches([',', ';', '.']),
                "và" | "các" | "thuộc" | "của" | "trực" | "có" | "liên" | "về" | "ủy" | "uỷ" | "đoàn"
            )
            && w[2].chars().next().is_some_and(char::is_lowercase)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_issuers_own_act_is_no_task() {
        let text = "UBND TỈNH BÌNH THUẬN\nVĂN PHÒNG\nSố: 12/VP-NC\nV/v cử thành viên\nBình Thuận, ngày 05 tháng 3 năm 2024\nKính gửi: Sở Nội vụ\n\nVăn phòng cử ông A tham gia tổ kiểm tra.\nGiao Phòng Nội chính theo dõi việc thực hiện.\nVăn phòng UBND tỉnh gửi Sở Nội vụ tổng hợp./.\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\nCHÁNH VĂN PHÒNG\n\nNguyễn Văn A\n";
        let mut rec = Record::default();
        parse_into(text, &mut rec);
        assert_eq!(rec.issuer.as_deref(), Some("Văn phòng"));
        let who: Vec<&str> = rec
            .tasks
            .iter()
            .flat_map(|t| t.assignees.iter().map(String::as_str))
            .collect();
        assert_eq!(who, ["Phòng Nội chính"], "{:?}", rec.tasks);
    }

    #[test]
    fn word_processor_headings_stay_apart_from_the_next_paragraph() {
        let body = "2. Tổ chức Cuộc thi tìm hiểu về cải cách hành chính\nSở Nội vụ chủ trì, phối hợp với các cơ quan liên quan tổ chức Cuộc thi.\n3. Tuyên truyền trên các phương tiện\nthông tin đại chúng.\n";
        assert_eq!(
            heading_breaks(body),
            "2. Tổ chức Cuộc thi tìm hiểu về cải cách hành chính\n\nSở Nội vụ chủ trì, phối hợp với các cơ quan liên quan tổ chức Cuộc thi.\n3. Tuyên truyền trên các phương tiện\nthông tin đại chúng.\n"
        );
        let mut rec = Record {
            format: "docx".to_owned(),
            ..Record::default()
        };
        parse_into(
            &format!(
                "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\nSố: 12/KH-UBND\nLâm Đồng, ngày 05 tháng 01 năm 2026\nKẾ HOẠCH\nTuyên truyền năm 2026\n\n{body}"
            ),
            &mut rec,
        );
        let who: Vec<&str> = rec.tasks.iter().map(|t| t.assignees[0].as_str()).collect();
        assert_eq!(who, ["Sở Nội vụ"], "{:?}", rec.tasks);
    }

    #[test]
    fn table_rows_are_no_bodies() {
        assert!(is_table_row("Sở Tài chính 77.23 17 0 0 100"));
        assert!(!is_table_row("Ngân hàng Nhà nước khu vực 10"));
        assert!(!is_table_row("Sở Nội vụ"));
        assert!(runs_past_its_place("Thanh tra tỉnh số hồ sơ"));
        assert!(!runs_past_its_place("Văn phòng UBND tỉnh"));
        assert!(!runs_past_its_place(
            "Các sở, ban, ngành tỉnh và UBND các xã"
        ));
        assert!(!runs_past_its_place("Sở Y tế tỉnh Lâm Đồng"));
        assert!(!runs_past_its_place(
            "Bí thư các huyện ủy, thị ủy, thành ủy"
        ));
    }

    #[test]
    fn wrapped_quoc_hieu_is_not_part_of_the_issuer() {
        let text = "ỦY BAN NHÂN DÂN\nTỈNH ĐẮK LẮK\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA\nVIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nSố: 12/UBND-KT\n\nĐắk Lắk, ngày 05 tháng 3 năm 2024\n\nV/v báo cáo\n\nKính gửi: Sở Nội vụ\n\nNội dung.\n";
        let mut rec = Record::default();
        parse_into(text, &mut rec);
        assert_eq!(rec.issuer.as_deref(), Some("Ủy ban nhân dân tỉnh Đắk Lắk"));
        assert_eq!(rec.number.as_deref(), Some("12"));
        assert_eq!(rec.date.as_deref(), Some("2024-03-05"));
    }
}
