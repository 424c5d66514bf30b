//! Text → record.
//!
//! The parsers work on the normalised text a reader produced. [`header::parse`] reads the
//! parts around the body defined by Nghị định 30/2020 (Phụ lục I: quốc hiệu, cơ quan ban
//! hành, số/ký hiệu, địa danh/ngày, tên loại/trích yếu, Kính gửi — and after the body, chức
//! vụ/người ký, Nơi nhận) and returns where the body lies; the body parsers ([`citations`],
//! [`tasks`], [`scores`]) then read only the body, so a header line is never mistaken for a
//! citation or a task.

pub mod citations;
pub mod doctype;
pub mod header;
pub mod reflow;
pub mod refs;
pub mod scores;
pub mod tasks;

use crate::record::Record;

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
    // A document flattened to one line gets its breaks back first.
    let reflowed = reflow::reflow(text);
    let text: &str = &reflowed;
    let layout = header::parse(text, rec);
    let start = layout.body_start.min(text.len());
    let end = layout.body_end.clamp(start, text.len());
    let body = text.get(start..end).unwrap_or(text);

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
    rec.tasks = tasks::extract(body);
    rec.scores = scores::extract(body);
}
