//! Builders for tests of this crate and of the application (kept public, hidden from docs,
//! so the CLI's tests build the same synthetic documents).

use kiemchung_extractors::Record;
use kiemchung_index::StoredDoc;

/// A synthetic stored document.
#[allow(clippy::too_many_arguments)]
pub fn doc(
    id: &str,
    doc_type: &str,
    number: Option<&str>,
    symbol: &str,
    issuer: &str,
    date: &str,
    subject: &str,
    body: &str,
) -> StoredDoc {
    StoredDoc {
        id: id.to_owned(),
        path: format!("archive/{id}.txt"),
        record: Record {
            sha256: id.to_owned(),
            doc_type: Some(doc_type.to_owned()),
            number: number.map(str::to_owned),
            symbol: Some(symbol.to_owned()),
            issuer: Some(issuer.to_owned()),
            date: (!date.is_empty()).then(|| date.to_owned()),
            subject: Some(subject.to_owned()),
            ..Record::default()
        },
        text: format!("{subject}\n\n{body}"),
    }
}
