//! One document, many files: a DOCX draft, the signed PDF and a scan of one letter are one
//! document for the people reading results, not three identical rows.
//!
//! Files are copies of one document when they have the same bytes (SHA-256), or the same
//! identity ([`copy_key`]: number, symbol and date; while the number is still blank, symbol,
//! date, issuer and subject). Within a group the best file comes first ([`best_first`]):
//! the one carrying a digital signature, then the format of record (PDF, then DOCX, HTML,
//! text), then the path. `search`, `show`, `tasks` (and `refs`, `link`, audits, the web app)
//! call [`group`] so they all agree on what a copy is.

use std::cmp::Ordering;
use std::collections::HashMap;

use kiemchung_extractors::Record;
use kiemchung_extractors::parse::refs::reference_key;
use kiemchung_extractors::text::fold;

/// The identity shared by copies of one document, when the record carries enough of it.
pub fn copy_key(r: &Record) -> Option<String> {
    let date = r.date.as_deref()?;
    if r.number.is_some()
        && let Some(reference) = r.reference()
    {
        return Some(format!("{}|{date}", reference_key(&reference)));
    }
    let symbol = reference_key(r.symbol.as_deref()?);
    let subject = fold(r.subject.as_deref()?);
    let issuer = r.issuer.as_deref().map(fold).unwrap_or_default();
    let subject = subject.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(format!("?|{symbol}|{date}|{issuer}|{subject}"))
}

fn format_rank(format: &str) -> u8 {
    match format {
        "pdf" => 0,
        "docx" => 1,
        "html" => 2,
        _ => 3,
    }
}

/// Which of two copies to show first: signed, then PDF over drafts, then by path.
pub fn best_first(a: &Record, b: &Record) -> Ordering {
    a.signature_stamps
        .is_empty()
        .cmp(&b.signature_stamps.is_empty())
        .then_with(|| format_rank(&a.format).cmp(&format_rank(&b.format)))
        .then_with(|| a.source.cmp(&b.source))
}

/// Groups `items` into documents: each group holds the copies of one document, best file
/// first; groups keep the order of their first member (a ranking stays a ranking).
pub fn group<T>(items: Vec<T>, record: impl Fn(&T) -> &Record) -> Vec<Vec<T>> {
    let mut groups: Vec<Vec<T>> = Vec::new();
    let mut by_sha: HashMap<String, usize> = HashMap::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for item in items {
        let r = record(&item);
        let sha = (!r.sha256.is_empty()).then(|| r.sha256.clone());
        let key = copy_key(r);
        let same = sha
            .as_ref()
            .and_then(|s| by_sha.get(s))
            .or_else(|| key.as_ref().and_then(|k| by_key.get(k)))
            .copied();
        let at = match same {
            Some(i) => i,
            None => {
                groups.push(Vec::new());
                groups.len() - 1
            }
        };
        if let Some(s) = sha {
            by_sha.entry(s).or_insert(at);
        }
        if let Some(k) = key {
            by_key.entry(k).or_insert(at);
        }
        groups[at].push(item);
    }
    for g in &mut groups {
        g.sort_by(|a, b| best_first(record(a), record(b)));
    }
    groups
}

#[cfg(test)]
mod tests {
    use kiemchung_extractors::SignatureStamp;

    use super::*;

    fn rec(source: &str, format: &str, sha: &str, signed: bool) -> Record {
        Record {
            source: source.into(),
            format: format.into(),
            sha256: sha.into(),
            number: Some("23".into()),
            symbol: Some("BNV-CCHC".into()),
            date: Some("2023-03-01".into()),
            signature_stamps: if signed {
                vec![SignatureStamp::default()]
            } else {
                Vec::new()
            },
            ..Record::default()
        }
    }

    #[test]
    fn draft_signed_pdf_and_scan_are_one_document_signed_pdf_first() {
        let mut other = rec("khac.pdf", "pdf", "s4", true);
        other.number = Some("24".into());
        let items = vec![
            rec("du-thao.docx", "docx", "s1", false),
            rec("scan.pdf", "pdf", "s2", false),
            other,
            rec("ban-ky.pdf", "pdf", "s3", true),
            rec("ban-ky-copy.pdf", "pdf", "s3", true),
        ];
        let groups = group(items, |r| r);
        let paths: Vec<Vec<&str>> = groups
            .iter()
            .map(|g| g.iter().map(|r| r.source.as_str()).collect())
            .collect();
        assert_eq!(
            paths,
            vec![
                vec!["ban-ky-copy.pdf", "ban-ky.pdf", "scan.pdf", "du-thao.docx"],
                vec!["khac.pdf"],
            ]
        );
    }

    #[test]
    fn without_identity_only_equal_bytes_group() {
        let mut a = rec("a.txt", "txt", "x", false);
        a.date = None;
        let mut b = a.clone();
        b.source = "b.txt".into();
        let mut c = a.clone();
        c.source = "c.txt".into();
        c.sha256 = "y".into();
        assert_eq!(group(vec![a, b, c], |r| r).len(), 2);
    }
}
