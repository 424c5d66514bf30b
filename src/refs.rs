//! The citation graph of an archive: which document cites which, and which cited documents
//! the archive lacks.
//!
//! Why it matters for the PAR Index: evidence is a chain (a huyện's công văn implements the
//! tỉnh's kế hoạch, which implements the Bộ's quyết định). A reviewer needs to see the links
//! inside the archive and the documents cited but never filed ("văn bản viện dẫn chưa có
//! trong kho").
//!
//! Two facts of the field shape the matching:
//!
//! - An office restarts its numbering every year, so `47/UBND-TTHC` of 2021 and of 2022 are two
//!   documents. A citation resolves to a document with the same reference key
//!   ([`reference_key`]); when several share it, or when the years differ, the year of the
//!   citation's date decides. Matches that are not exact carry a confidence and a reason.
//! - One document often exists as several files (the DOCX draft, the signed PDF, a TXT copy).
//!   Files with the same reference and date are grouped as one document.

use kiemchung_extractors::Record;
use kiemchung_extractors::parse::refs::reference_key;
use serde::Serialize;
use std::collections::HashMap;

/// Why a match is not exact. Stable codes (JSON); [`Reason::vi`] gives the Vietnamese text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The document's issue date is partial (`2023-10`) and agrees with the citation.
    PartialDate,
    /// Same reference and year, different day.
    DateDiffers,
    /// The citation gives no date; one document has the reference.
    NoCitationDate,
    /// The citation gives no date and several documents have the reference; the latest one
    /// issued before the citing document was taken.
    Ambiguous,
    /// The document has no issue date to compare with.
    DocumentDateUnknown,
}

impl Reason {
    /// In the run's language.
    pub fn words(self) -> &'static str {
        if crate::report::lang::english() {
            self.en()
        } else {
            self.vi()
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Reason::PartialDate => "issue date incomplete",
            Reason::DateDiffers => "same number, different date",
            Reason::NoCitationDate => "the citation gives no date",
            Reason::Ambiguous => "several documents with this number, the nearest taken",
            Reason::DocumentDateUnknown => "the archived document has no date",
        }
    }

    pub fn vi(self) -> &'static str {
        match self {
            Reason::PartialDate => "ngày ban hành chưa đầy đủ",
            Reason::DateDiffers => "cùng số, khác ngày",
            Reason::NoCitationDate => "trích dẫn không ghi ngày",
            Reason::Ambiguous => "nhiều văn bản cùng số, chọn văn bản gần nhất",
            Reason::DocumentDateUnknown => "văn bản trong kho không có ngày",
        }
    }
}

/// Where a citation points inside the archive.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Resolution {
    /// Index into [`Graph::documents`].
    pub document: usize,
    pub confidence: f64,
    pub reason: Option<Reason>,
}

/// One citation made by a document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cite {
    pub reference: String,
    pub doc_type: Option<String>,
    pub date: Option<String>,
    pub issuer: Option<String>,
    /// `None` when the cited document is not in the archive.
    pub resolved: Option<Resolution>,
}

/// A document that cites this one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CitedBy {
    pub document: usize,
    pub reference: Option<String>,
    pub confidence: f64,
}

/// One document of the archive, possibly held in several files.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    pub id: usize,
    /// `47/UBND-TTHC`, or the symbol alone when the number is blank.
    pub reference: Option<String>,
    pub doc_type: Option<String>,
    pub date: Option<String>,
    pub issuer: Option<String>,
    pub subject: Option<String>,
    pub files: Vec<String>,
    pub cites: Vec<Cite>,
    pub cited_by: Vec<CitedBy>,
}

/// A document cited somewhere but absent from the archive.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Missing {
    pub reference: String,
    pub doc_type: Option<String>,
    pub date: Option<String>,
    pub issuer: Option<String>,
    /// How many documents cite it.
    pub count: usize,
    /// The citing documents' ids.
    pub cited_by: Vec<usize>,
}

/// The whole graph.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Graph {
    pub documents: Vec<Document>,
    /// Most-cited first, then by reference.
    pub missing: Vec<Missing>,
}

fn year(date: Option<&str>) -> Option<&str> {
    date.and_then(|d| d.get(..4))
}

/// Whether a document's own number is known (a blank number cannot be cited).
fn citable_key(r: &Record) -> Option<String> {
    r.number.as_ref()?;
    r.reference().map(|s| reference_key(&s))
}

/// Builds the graph from extracted records (records with an error are skipped).
pub fn build(records: &[Record]) -> Graph {
    let mut documents: Vec<Document> = Vec::new();
    let mut keys: Vec<Option<String>> = Vec::new();
    let mut citations_of: Vec<Vec<kiemchung_extractors::Citation>> = Vec::new();
    // Copies of one document: same bytes, or the same identity (see `copy_key`).
    let mut by_sha: HashMap<String, usize> = HashMap::new();
    let mut by_identity: HashMap<String, usize> = HashMap::new();

    for r in records.iter().filter(|r| r.error.is_none()) {
        let key = citable_key(r);
        let identity = kiemchung_index::copies::copy_key(r);
        let same = by_sha
            .get(&r.sha256)
            .filter(|_| !r.sha256.is_empty())
            .or_else(|| identity.as_ref().and_then(|k| by_identity.get(k)))
            .copied();
        if let Some(i) = same {
            let d = &mut documents[i];
            d.files.push(r.source.clone());
            d.doc_type = d.doc_type.take().or_else(|| r.doc_type.clone());
            d.issuer = d.issuer.take().or_else(|| r.issuer.clone());
            d.subject = d.subject.take().or_else(|| r.subject.clone());
            for c in &r.citations {
                let k = reference_key(&c.reference);
                if !citations_of[i]
                    .iter()
                    .any(|x| reference_key(&x.reference) == k)
                {
                    citations_of[i].push(c.clone());
                }
            }
            continue;
        }
        if !r.sha256.is_empty() {
            by_sha.insert(r.sha256.clone(), documents.len());
        }
        if let Some(k) = identity {
            by_identity.insert(k, documents.len());
        }
        documents.push(Document {
            id: documents.len(),
            reference: r.reference(),
            doc_type: r.doc_type.clone(),
            date: r.date.clone(),
            issuer: r.issuer.clone(),
            subject: r.subject.clone(),
            files: vec![r.source.clone()],
            cites: Vec::new(),
            cited_by: Vec::new(),
        });
        keys.push(key);
        citations_of.push(r.citations.clone());
    }

    // (key, year) → missing entry index.
    let mut missing: Vec<Missing> = Vec::new();
    let mut missing_keys: Vec<(String, Option<String>)> = Vec::new();
    for (i, cits) in citations_of.iter().enumerate() {
        for c in cits {
            let key = reference_key(&c.reference);
            let resolved = resolve(&documents, &keys, i, &key, c.date.as_deref());
            if let Some(res) = &resolved {
                let by = CitedBy {
                    document: i,
                    reference: documents[i].reference.clone(),
                    confidence: res.confidence,
                };
                if !documents[res.document]
                    .cited_by
                    .iter()
                    .any(|b| b.document == i)
                {
                    documents[res.document].cited_by.push(by);
                }
            } else {
                let y = year(c.date.as_deref()).map(str::to_owned);
                let slot = missing_keys
                    .iter()
                    .position(|(k, yy)| *k == key && (*yy == y || yy.is_none() || y.is_none()));
                match slot {
                    Some(s) => {
                        let m = &mut missing[s];
                        if !m.cited_by.contains(&i) {
                            m.cited_by.push(i);
                            m.count += 1;
                        }
                        if m.date.is_none() && c.date.is_some() {
                            m.date = c.date.clone();
                            missing_keys[s].1 = y;
                        }
                        m.doc_type = m.doc_type.take().or_else(|| c.doc_type.clone());
                        m.issuer = m.issuer.take().or_else(|| c.issuer.clone());
                    }
                    None => {
                        missing_keys.push((key, y));
                        missing.push(Missing {
                            reference: c.reference.clone(),
                            doc_type: c.doc_type.clone(),
                            date: c.date.clone(),
                            issuer: c.issuer.clone(),
                            count: 1,
                            cited_by: vec![i],
                        });
                    }
                }
            }
            documents[i].cites.push(Cite {
                reference: c.reference.clone(),
                doc_type: c.doc_type.clone(),
                date: c.date.clone(),
                issuer: c.issuer.clone(),
                resolved,
            });
        }
    }
    missing.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| reference_key(&a.reference).cmp(&reference_key(&b.reference)))
    });
    Graph { documents, missing }
}

/// Finds the document a citation points to.
fn resolve(
    documents: &[Document],
    keys: &[Option<String>],
    citing: usize,
    key: &str,
    date: Option<&str>,
) -> Option<Resolution> {
    let candidates: Vec<usize> = (0..documents.len())
        .filter(|&i| i != citing && keys[i].as_deref() == Some(key))
        .collect();
    if candidates.is_empty() {
        return None;
    }
    let hit = |document, confidence, reason| Resolution {
        document,
        confidence,
        reason,
    };
    // The year is part of a legal reference (`61/2018/NĐ-CP`): the key alone decides.
    let year_in_key = key.split('/').any(|p| {
        p.len() == 4
            && p.bytes().all(|b| b.is_ascii_digit())
            && (p.starts_with("19") || p.starts_with("20"))
    });
    let Some(date) = date else {
        if candidates.len() == 1 {
            return Some(hit(candidates[0], 0.8, Some(Reason::NoCitationDate)));
        }
        // Several same-numbered documents: the latest one issued before the citing document.
        let limit = documents[citing].date.clone();
        let mut best: Option<usize> = None;
        for &c in &candidates {
            let d = documents[c].date.as_deref();
            let fits = match (d, limit.as_deref()) {
                (Some(d), Some(l)) => d <= l,
                _ => true,
            };
            if fits && best.is_none_or(|b| documents[b].date.as_deref() < d) {
                best = Some(c);
            }
        }
        return best.map(|b| hit(b, 0.5, Some(Reason::Ambiguous)));
    };
    if let Some(&c) = candidates
        .iter()
        .find(|&&c| documents[c].date.as_deref() == Some(date))
    {
        return Some(hit(c, 1.0, None));
    }
    if let Some(&c) = candidates.iter().find(|&&c| {
        documents[c]
            .date
            .as_deref()
            .is_some_and(|d| d.len() < 10 && date.starts_with(d))
    }) {
        return Some(hit(c, 0.9, Some(Reason::PartialDate)));
    }
    if let Some(&c) = candidates
        .iter()
        .find(|&&c| year(documents[c].date.as_deref()) == year(Some(date)) || year_in_key)
        .filter(|&&c| documents[c].date.is_some())
    {
        return Some(hit(c, 0.7, Some(Reason::DateDiffers)));
    }
    candidates
        .iter()
        .find(|&&c| documents[c].date.is_none())
        .map(|&c| hit(c, 0.6, Some(Reason::DocumentDateUnknown)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use kiemchung_extractors::Citation;

    fn rec(source: &str, number: &str, symbol: &str, date: &str, cites: &[(&str, &str)]) -> Record {
        Record {
            source: source.into(),
            sha256: format!("sha-{source}"),
            number: (!number.is_empty()).then(|| number.into()),
            symbol: Some(symbol.into()),
            date: (!date.is_empty()).then(|| date.into()),
            citations: cites
                .iter()
                .map(|(r, d)| Citation {
                    reference: (*r).into(),
                    date: (!d.is_empty()).then(|| (*d).into()),
                    doc_type: Some("Công văn".into()),
                    issuer: None,
                })
                .collect(),
            ..Record::default()
        }
    }

    #[test]
    fn resolves_exact_and_lists_missing_most_cited_first() {
        let g = build(&[
            rec(
                "a.txt",
                "47",
                "UBND-TTHC",
                "2022-01-06",
                &[("23/BNV-CCHC", "2022-01-04"), ("838/QĐ-BNV", "2021-07-28")],
            ),
            rec(
                "b.txt",
                "23",
                "BNV-CCHC",
                "2022-01-04",
                &[("838/QĐ-BNV", "2021-07-28"), ("1149/QĐ-BNV", "2020-12-30")],
            ),
        ]);
        assert_eq!(g.documents.len(), 2);
        let r = g.documents[0].cites[0].resolved.clone();
        assert_eq!(
            r,
            Some(Resolution {
                document: 1,
                confidence: 1.0,
                reason: None
            })
        );
        assert_eq!(g.documents[1].cited_by.len(), 1);
        assert_eq!(g.documents[1].cited_by[0].document, 0);
        let missing: Vec<(&str, usize)> = g
            .missing
            .iter()
            .map(|m| (m.reference.as_str(), m.count))
            .collect();
        assert_eq!(missing, vec![("838/QĐ-BNV", 2), ("1149/QĐ-BNV", 1)]);
        assert_eq!(g.missing[0].cited_by, vec![0, 1]);
    }

    #[test]
    fn year_of_the_date_decides_between_same_numbers() {
        let g = build(&[
            rec("old.txt", "47", "UBND-TTHC", "2021-01-05", &[]),
            rec("new.txt", "47", "UBND-TTHC", "2022-01-06", &[]),
            rec(
                "c.txt",
                "5",
                "SNV-CCHC",
                "2022-03-01",
                &[
                    ("047/UBND-TTHC", "2022-01-06"),
                    ("47/UBND-TTHC", "2020-02-02"),
                ],
            ),
        ]);
        assert_eq!(g.documents.len(), 3);
        let cites = &g.documents[2].cites;
        assert_eq!(cites[0].resolved.as_ref().map(|r| r.document), Some(1));
        // 47/UBND-TTHC of 2020 is another document, absent from the archive.
        assert_eq!(cites[1].resolved, None);
        assert_eq!(g.missing.len(), 1);
        assert_eq!(g.missing[0].date.as_deref(), Some("2020-02-02"));
    }

    #[test]
    fn inexact_matches_carry_confidence_and_reason() {
        let g = build(&[
            rec("draft.txt", "12", "KH-UBND", "2023-10", &[]),
            rec(
                "d.txt",
                "3",
                "SNV",
                "2023-11-01",
                &[("12/KH-UBND", "2023-10-20"), ("12/KH-UBND", "")],
            ),
            rec(
                "e.txt",
                "4",
                "SNV",
                "2023-11-02",
                &[("12/KH-UBND", "2023-09-01")],
            ),
            rec("f.txt", "5", "SNV", "2023-11-03", &[("12/KH-UBND", "")]),
        ]);
        let r = g.documents[1].cites[0].resolved.clone().expect("resolved");
        assert_eq!(
            (r.document, r.confidence, r.reason),
            (0, 0.9, Some(Reason::PartialDate))
        );
        let r = g.documents[2].cites[0].resolved.clone().expect("resolved");
        assert_eq!((r.confidence, r.reason), (0.7, Some(Reason::DateDiffers)));
        let r = g.documents[3].cites[0].resolved.clone().expect("resolved");
        assert_eq!(
            (r.confidence, r.reason),
            (0.8, Some(Reason::NoCitationDate))
        );
    }

    #[test]
    fn files_of_one_document_are_grouped() {
        let g = build(&[
            rec(
                "kh.docx",
                "186",
                "KH-UBND",
                "2024-09-17",
                &[("23/BNV-CCHC", "2022-01-04")],
            ),
            rec(
                "kh.pdf",
                "186",
                "KH-UBND",
                "2024-09-17",
                &[("23/BNV-CCHC", "2022-01-04")],
            ),
            rec(
                "x.txt",
                "9",
                "UBND-VP",
                "2024-10-01",
                &[("186/KH-UBND", "2024-09-17")],
            ),
            // Blank numbers are separate documents and cannot be cited.
            rec("draft1.txt", "", "TB-UBND", "2023", &[]),
            rec("draft2.txt", "", "TB-UBND", "2023", &[]),
        ]);
        assert_eq!(g.documents.len(), 4);
        assert_eq!(g.documents[0].files, vec!["kh.docx", "kh.pdf"]);
        assert_eq!(g.documents[0].cites.len(), 1);
        assert_eq!(g.documents[0].cited_by[0].document, 1);
        assert_eq!(g.missing.len(), 1);
        assert_eq!(g.missing[0].count, 1);
    }
}
