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
    let body = crate::text::unwrap_paragraphs(text.get(start..end).unwrap_or(text));
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
        tasks::extract(body)
    };
    rec.scores = scores::extract(body);
}

#[cfg(test)]
mod tests {
    use super::*;

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
