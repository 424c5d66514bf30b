//! Header and closing: số/ký hiệu, tên loại, cơ quan, địa danh/ngày, trích yếu, Kính gửi,
//! người ký, Nơi nhận (Nghị định 30/2020/NĐ-CP, Phụ lục I).
//!
//! Why this shape: the same record must come out of a clean TXT, a DOCX whose reader emits
//! the header table column by column, a web page that joined table cells with `|`, and a
//! PDF whose text layer glued cells with spaces. So the text is first cut into cells
//! ([`cells`]), every cell is recognised by what it is ([`head`] for the header zone,
//! [`closing`] for the signature block and Nơi nhận), and only then are the fields filled
//! and the gaps inferred ([`agency`] names the issuer from the symbol's code and the place
//! when the agency block is missing). Every rule is a rule of Nghị định 30 or of how
//! offices write; nothing here knows any particular document.
//!
//! The body parsers read only the range this module returns: after the subject and the
//! Kính gửi list, before the signature block and Nơi nhận.

pub mod agency;
pub mod cells;
pub mod closing;
pub mod head;
pub mod names;
pub mod number;
pub mod place_date;

#[cfg(test)]
mod tests;

use super::Layout;
use super::doctype;
use crate::record::Record;
use crate::warnings;

/// Fills the header and closing fields of `rec` from `text`; returns where the body lies.
pub fn parse(text: &str, rec: &mut Record) -> Layout {
    let lines = cells::split_lines(text);
    let head = head::scan(&lines);
    let closing = closing::scan(&lines, head.body_start_line);

    // Số and ký hiệu.
    rec.number = head.number.clone();
    rec.symbol = head.symbol.clone();
    if !head.number_seen {
        rec.warn(warnings::NUMBER_MISSING);
    } else if rec.number.is_none() {
        rec.warn(warnings::NUMBER_BLANK);
    }

    // Địa danh and ngày.
    rec.place = head.place.clone();
    match head.date {
        Some(d) => {
            rec.date = Some(d.to_string());
            if !d.is_full() {
                rec.warn(warnings::DATE_PARTIAL);
            }
        }
        None => rec.warn(warnings::DATE_MISSING),
    }

    // Tên loại: the type-name line; a công văn has none but its subject starts with V/v;
    // otherwise the type code of the symbol; a symbol without a type code is a công văn's.
    rec.doc_type = if let Some(t) = head.type_name {
        Some(t.to_owned())
    } else if head.subject_vv {
        Some("Công văn".to_owned())
    } else if let Some(t) = rec.symbol.as_deref().and_then(doctype::name_for_symbol) {
        rec.warn(warnings::DOC_TYPE_INFERRED);
        Some(t.to_owned())
    } else if rec.symbol.is_some() {
        rec.warn(warnings::DOC_TYPE_INFERRED);
        Some("Công văn".to_owned())
    } else {
        None
    };

    rec.subject = head.subject.clone();
    if rec.subject.is_none() && rec.doc_type.as_deref() == Some("Phiếu trình") {
        // A Phiếu trình has no trích yếu under its title: the matter submitted is item
        // `1. Vấn đề trình: ...` of the form.
        rec.subject = text.lines().find_map(|l| {
            let (label, rest) = l.split_once(':')?;
            let label = crate::text::fold(
                label
                    .trim()
                    .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' '),
            );
            (label == "van de trinh")
                .then(|| rest.trim().trim_end_matches(['.', ';']).trim().to_owned())
                .filter(|s| !s.is_empty())
        });
    }
    if rec.subject.is_none() {
        rec.warn(warnings::SUBJECT_MISSING);
    }
    rec.recipients = head.recipients.clone();
    rec.cc = closing.cc.clone();
    rec.signer = closing
        .signer
        .clone()
        .filter(|s| s.name.is_some() || s.title.is_some());
    if rec.signer.is_none() {
        rec.warn(warnings::SIGNER_MISSING);
    }

    // Cơ quan ban hành.
    if let Some((issuer, parent)) = agency::from_block(&head.agency_lines) {
        rec.issuer = Some(issuer);
        rec.issuer_parent = parent;
    } else if let Some((issuer, parent)) =
        agency::infer(rec.symbol.as_deref(), rec.place.as_deref(), &rec.cc, text)
    {
        rec.issuer = Some(issuer);
        rec.issuer_parent = parent;
        rec.warn(warnings::ISSUER_INFERRED);
    }

    let line_start = |i: usize| lines.get(i).map_or(text.len(), |l| l.start.min(text.len()));
    let body_start = line_start(head.body_start_line);
    let body_end = closing
        .start_line
        .filter(|&l| l >= head.body_start_line)
        .map_or(text.len(), line_start);
    Layout {
        body_start,
        body_end: body_end.max(body_start),
    }
}
