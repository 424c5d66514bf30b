//! One document, many files: a DOCX draft, the signed PDF and a scan of one letter are one
//! document for the people reading results, not three identical rows.
//!
//! Files are copies of one document when they have the same bytes (SHA-256), or the same
//! identity ([`copy_key`]: number, symbol and date; while the number is still blank, symbol,
//! date, issuer and subject). Within a group the best file comes first ([`Identity::best_first`]):
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

/// What grouping reads of a record, taken once: callers that hold many documents (the
/// follow-up of every task-assigning document) keep this instead of the records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The file's SHA-256 (empty when unknown).
    pub sha256: String,
    /// [`copy_key`].
    pub key: Option<String>,
    pub signed: bool,
    pub format_rank: u8,
    /// The file's path.
    pub source: String,
}

impl Identity {
    pub fn of(r: &Record) -> Identity {
        Identity {
            sha256: r.sha256.clone(),
            key: copy_key(r),
            signed: !r.signature_stamps.is_empty(),
            format_rank: format_rank(&r.format),
            source: r.source.clone(),
        }
    }

    /// Signed first, then PDF over drafts, then by path.
    pub fn best_first(&self, other: &Identity) -> Ordering {
        other
            .signed
            .cmp(&self.signed)
            .then_with(|| self.format_rank.cmp(&other.format_rank))
            .then_with(|| self.source.cmp(&other.source))
    }
}

/// Groups `items` into documents: each group holds the copies of one document, best file
/// first; groups keep the order of their first member (a ranking stays a ranking).
pub fn group<T>(items: Vec<T>, record: impl Fn(&T) -> &Record) -> Vec<Vec<T>> {
    let identities: Vec<Identity> = items.iter().map(|t| Identity::of(record(t))).collect();
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    group_identities(&identities)
        .into_iter()
        .map(|g| g.into_iter().filter_map(|i| slots[i].take()).collect())
        .collect()
}

/// [`group`] over identities: the groups as indices into `ids`, best file first.
pub fn group_identities(ids: &[Identity]) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut by_sha: HashMap<&str, usize> = HashMap::new();
    let mut by_key: HashMap<&str, usize> = HashMap::new();
    for (i, id) in ids.iter().enumerate() {
        let sha = (!id.sha256.is_empty()).then_some(id.sha256.as_str());
        let key = id.key.as_deref();
        let same = sha
            .and_then(|s| by_sha.get(s))
            .or_else(|| key.and_then(|k| by_key.get(k)))
            .copied();
        let at = match same {
            Some(g) => g,
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
        groups[at].push(i);
    }
    for g in &mut groups {
        g.sort_by(|&a, &b| ids[a].best_first(&ids[b]));
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
