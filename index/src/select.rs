//! Selecting documents by what they are, not by relevance: the evidence side's access path.
//!
//! Linking, the audit, `evidence` and `tasks` used to load every stored document and filter
//! in memory: 100,000 documents are gigabytes of text and seconds of decompression. They ask
//! the index instead. A [`Filter`] says which documents *can* matter — a phrase in the
//! linker's trích yếu (`lead_f`) or in the body, a canonical tên loại, a period, an id, a
//! reference, a citation — and [`Index::select`] returns their addresses in index order (the
//! order [`Index::documents`] uses, so a caller that filters the selection gets the same
//! sequence a full scan would have given). Only the selected documents are then read
//! ([`Index::doc`]).
//!
//! A filter is a *superset* test: it never drops a document its caller could accept (phrases
//! are matched as token sequences, which every whole-word match of the folded phrase is;
//! documents without an indexed date pass any period, since their date may come from their
//! number or signature). The caller still applies its own rules to what is read.

use std::ops::Bound;

use chrono::NaiveDate;
use tantivy::collector::{Count, DocSetCollector};
use tantivy::query::{
    AllQuery, BooleanQuery, EmptyQuery, ExistsQuery, Occur, PhraseQuery, Query, RangeQuery,
    RegexQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocSet, TERMINATED, Term};

use crate::{Index, IndexError, StoredDoc, analysis, schema};

/// Which text a phrase is looked for in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    /// The trích yếu as linking reads it (the subject, or the head of the text).
    Lead,
    /// The whole text (and the trích yếu, which a text without body stands in for).
    Body,
}

/// Which documents can matter to a caller. See the module documentation.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    /// Every document.
    All,
    /// No document.
    Nothing,
    /// One of these spellings of a phrase (folded or not; matched as consecutive words).
    Phrase { text: Text, variants: Vec<String> },
    /// A canonical tên loại (`Kế hoạch`); any spelling of it.
    Kind(String),
    /// A date that can fall in `[from, to]`, or no indexed date at all.
    Period { from: NaiveDate, to: NaiveDate },
    /// The document with this SHA-256.
    Id(String),
    /// Documents whose SHA-256 starts with this (hex, any case).
    IdPrefix(String),
    /// Documents whose own number is this reference.
    Reference(String),
    /// Documents citing this reference.
    Cites(String),
    /// The document ingested from this exact path.
    Path(String),
    /// Documents that assign tasks.
    HasTasks,
    /// Every filter holds.
    And(Vec<Filter>),
    /// At least one holds.
    Or(Vec<Filter>),
}

impl Filter {
    /// `And`, simplified: `All` parts dropped, `Nothing` wins.
    pub fn and(parts: Vec<Filter>) -> Filter {
        let mut keep = Vec::new();
        for p in parts {
            match p {
                Filter::All => {}
                Filter::Nothing => return Filter::Nothing,
                other => keep.push(other),
            }
        }
        match keep.len() {
            0 => Filter::All,
            1 => keep.pop().unwrap_or(Filter::All),
            _ => Filter::And(keep),
        }
    }

    /// `Or`, simplified: `Nothing` parts dropped, `All` wins.
    pub fn or(parts: Vec<Filter>) -> Filter {
        let mut keep = Vec::new();
        for p in parts {
            match p {
                Filter::Nothing => {}
                Filter::All => return Filter::All,
                other => keep.push(other),
            }
        }
        match keep.len() {
            0 => Filter::Nothing,
            1 => keep.pop().unwrap_or(Filter::Nothing),
            _ => Filter::Or(keep),
        }
    }
}

impl Index {
    /// Addresses of the documents `filter` lets through, in index order.
    pub fn select(&self, filter: &Filter) -> Result<Vec<DocAddress>, IndexError> {
        if let Some((field, keys)) = self.term_filter(filter) {
            return self.term_docs(field, &keys);
        }
        let q = self.to_query(filter);
        let mut out: Vec<DocAddress> = self
            .searcher
            .search(&*q, &DocSetCollector)?
            .into_iter()
            .collect();
        out.sort_unstable();
        Ok(out)
    }

    /// The field and terms of a filter that is only "one of these terms in one field".
    fn term_filter(&self, filter: &Filter) -> Option<(Field, Vec<String>)> {
        let f = &self.fields;
        match filter {
            Filter::Reference(r) => Some((f.reference, analysis::ref_keys(r))),
            Filter::Cites(r) => Some((f.cites, analysis::ref_keys(r))),
            Filter::HasTasks => Some((f.has, vec![schema::HAS_TASKS.to_owned()])),
            Filter::Path(p) => Some((f.path, vec![p.clone()])),
            Filter::Id(id) => Some((f.sha256, vec![id.to_ascii_lowercase()])),
            _ => None,
        }
    }

    /// The live documents carrying any of `keys` in `field`, in index order, read straight
    /// from the postings lists.
    ///
    /// Why not a query: `tasks` asks which documents cite each assigning document's number,
    /// tens of thousands of one-term questions; building a query, its weight and a collector
    /// for each cost more than reading the few documents each term lists.
    fn term_docs(&self, field: Field, keys: &[String]) -> Result<Vec<DocAddress>, IndexError> {
        let mut out = Vec::new();
        for (ord, seg) in self.searcher.segment_readers().iter().enumerate() {
            let inverted = seg.inverted_index(field)?;
            let alive = seg.alive_bitset();
            for k in keys {
                let term = Term::from_field_text(field, k);
                let Some(mut postings) = inverted
                    .read_postings(&term, IndexRecordOption::Basic)
                    .map_err(tantivy::TantivyError::from)?
                else {
                    continue;
                };
                let mut doc = postings.doc();
                while doc != TERMINATED {
                    if alive.is_none_or(|a| a.is_alive(doc)) {
                        out.push(DocAddress::new(ord as u32, doc));
                    }
                    doc = postings.advance();
                }
            }
        }
        if keys.len() > 1 {
            // Each list is in document order; a document may carry several of the keys.
            out.sort_unstable();
            out.dedup();
        }
        Ok(out)
    }

    /// Which documents cite the documents `among` selects, for every reference they carry:
    /// the `tasks` question ("who answered this?") for a whole archive at once.
    ///
    /// Why not [`Filter::Cites`] per document: that is a term lookup in every segment's
    /// dictionary for each of tens of thousands of references (two spellings each), about
    /// a third of a second at 100,000 documents. Streaming the dictionaries once is a few
    /// milliseconds per segment: the `reference` terms of the selected documents are
    /// collected first, then the `cites` terms among them, with their documents. Memory
    /// follows the selected documents' references, not the archive.
    pub fn citing(&self, among: &Filter) -> Result<Citing, IndexError> {
        let f = &self.fields;
        let mut selected: Vec<Vec<bool>> = self
            .searcher
            .segment_readers()
            .iter()
            .map(|seg| vec![false; seg.max_doc() as usize])
            .collect();
        for a in self.select(among)? {
            if let Some(d) = selected
                .get_mut(a.segment_ord as usize)
                .and_then(|s| s.get_mut(a.doc_id as usize))
            {
                *d = true;
            }
        }
        use rayon::prelude::*;
        use std::collections::{HashMap, HashSet};
        let io = tantivy::TantivyError::from;
        let segments = self.searcher.segment_readers();
        // Segments are streamed on every core, each into its own set, then merged.
        let wanted: Vec<HashSet<Vec<u8>>> = segments
            .par_iter()
            .zip(&selected)
            .map(|(seg, selected)| -> Result<HashSet<Vec<u8>>, IndexError> {
                let mut wanted = HashSet::new();
                let inverted = seg.inverted_index(f.reference)?;
                let mut terms = inverted.terms().stream().map_err(io)?;
                while terms.advance() {
                    let mut postings = inverted
                        .read_postings_from_terminfo(terms.value(), IndexRecordOption::Basic)
                        .map_err(io)?;
                    let mut doc = postings.doc();
                    while doc != TERMINATED {
                        if selected.get(doc as usize) == Some(&true) {
                            wanted.insert(terms.key().to_vec());
                            break;
                        }
                        doc = postings.advance();
                    }
                }
                Ok(wanted)
            })
            .collect::<Result<_, _>>()?;
        let wanted: HashSet<Vec<u8>> = wanted.into_iter().flatten().collect();
        let found: Vec<Vec<(String, Vec<DocAddress>)>> = segments
            .par_iter()
            .enumerate()
            .map(|(ord, seg)| -> Result<_, IndexError> {
                let mut found = Vec::new();
                let inverted = seg.inverted_index(f.cites)?;
                let alive = seg.alive_bitset();
                let mut terms = inverted.terms().stream().map_err(io)?;
                while terms.advance() {
                    if !wanted.contains(terms.key()) {
                        continue;
                    }
                    let Ok(key) = std::str::from_utf8(terms.key()) else {
                        continue;
                    };
                    let mut postings = inverted
                        .read_postings_from_terminfo(terms.value(), IndexRecordOption::Basic)
                        .map_err(io)?;
                    let mut docs = Vec::new();
                    let mut doc = postings.doc();
                    while doc != TERMINATED {
                        if alive.is_none_or(|a| a.is_alive(doc)) {
                            docs.push(DocAddress::new(ord as u32, doc));
                        }
                        doc = postings.advance();
                    }
                    found.push((key.to_owned(), docs));
                }
                Ok(found)
            })
            .collect::<Result<_, _>>()?;
        let mut by_key: HashMap<String, Vec<DocAddress>> = HashMap::new();
        // Segment by segment, so each list stays in index order.
        for (key, docs) in found.into_iter().flatten() {
            by_key.entry(key).or_default().extend(docs);
        }
        Ok(Citing { by_key })
    }

    /// How many documents `filter` lets through.
    pub fn count(&self, filter: &Filter) -> Result<usize, IndexError> {
        Ok(self.searcher.search(&*self.to_query(filter), &Count)?)
    }

    /// The stored document at `addr` (from [`Index::select`]).
    pub fn doc(&self, addr: DocAddress) -> Result<StoredDoc, IndexError> {
        self.load(addr)
    }

    /// The documents `filter` lets through, read, in index order.
    pub fn select_docs(&self, filter: &Filter) -> Result<Vec<StoredDoc>, IndexError> {
        self.select(filter)?
            .into_iter()
            .map(|a| self.load(a))
            .collect()
    }

    /// Every live document's issuer as written (blank ones left out), with how many
    /// documents carry it, in the order of first appearance in the index. Read from a fast
    /// column: no stored record is decompressed.
    pub fn issuer_counts(&self) -> Result<Vec<(String, usize)>, IndexError> {
        let mut order: Vec<(String, usize)> = Vec::new();
        let mut at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for seg in self.searcher.segment_readers() {
            let Some(col) = seg.fast_fields().str("issuer_raw")? else {
                continue;
            };
            let mut per_ord: Vec<usize> = vec![0; col.num_terms()];
            let mut first_seen: Vec<u64> = Vec::new();
            for doc in seg.doc_ids_alive() {
                for ord in col.term_ords(doc) {
                    let i = ord as usize;
                    if per_ord[i] == 0 {
                        first_seen.push(ord);
                    }
                    per_ord[i] += 1;
                }
            }
            let mut name = String::new();
            for ord in first_seen {
                col.ord_to_str(ord, &mut name)
                    .map_err(|e| IndexError::Tantivy(e.into()))?;
                if name.trim().is_empty() {
                    continue;
                }
                let n = per_ord[ord as usize];
                match at.get(&name) {
                    Some(&i) => order[i].1 += n,
                    None => {
                        at.insert(name.clone(), order.len());
                        order.push((name.clone(), n));
                    }
                }
            }
        }
        Ok(order)
    }

    /// The paths of every live document with their addresses, from the fast column (for
    /// matching the end of a path a user typed without reading any record).
    pub fn paths(&self) -> Result<Vec<(DocAddress, String)>, IndexError> {
        let mut out = Vec::with_capacity(self.len() as usize);
        for (ord, seg) in self.searcher.segment_readers().iter().enumerate() {
            let Some(col) = seg.fast_fields().str("path")? else {
                continue;
            };
            let mut s = String::new();
            for doc in seg.doc_ids_alive() {
                if let Some(t) = col.term_ords(doc).next() {
                    col.ord_to_str(t, &mut s)
                        .map_err(|e| IndexError::Tantivy(e.into()))?;
                    out.push((DocAddress::new(ord as u32, doc), s.clone()));
                }
            }
        }
        Ok(out)
    }

    fn to_query(&self, filter: &Filter) -> Box<dyn Query> {
        let f = &self.fields;
        let term = |field: Field, text: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, text),
                IndexRecordOption::Basic,
            ))
        };
        let any = |qs: Vec<Box<dyn Query>>| -> Box<dyn Query> {
            match qs.len() {
                0 => Box::new(EmptyQuery),
                _ => Box::new(BooleanQuery::new(
                    qs.into_iter().map(|q| (Occur::Should, q)).collect(),
                )),
            }
        };
        if let Some((field, keys)) = self.term_filter(filter) {
            return match keys.as_slice() {
                [one] => term(field, one),
                _ => any(keys.iter().map(|k| term(field, k)).collect()),
            };
        }
        match filter {
            Filter::All => Box::new(AllQuery),
            Filter::Nothing => Box::new(EmptyQuery),
            Filter::Phrase { text, variants } => {
                let fields: &[Field] = match text {
                    Text::Lead => &[f.lead_f],
                    Text::Body => &[f.body_f, f.lead_f],
                };
                let mut qs = Vec::new();
                let mut analyzer = analysis::vi_fold_analyzer();
                for v in variants {
                    let tokens = analysis::tokens(&mut analyzer, v);
                    for &field in fields {
                        let terms: Vec<Term> = tokens
                            .iter()
                            .map(|t| Term::from_field_text(field, t))
                            .collect();
                        match terms.len() {
                            0 => {}
                            1 => qs.push(term(field, &tokens[0])),
                            _ => qs.push(Box::new(PhraseQuery::new(terms))),
                        }
                    }
                }
                any(qs)
            }
            Filter::Kind(k) => term(f.kind, &analysis::label_key(k)),
            Filter::Period { from, to } => {
                let overlaps: Box<dyn Query> = Box::new(BooleanQuery::new(vec![
                    (
                        Occur::Must,
                        Box::new(RangeQuery::new(
                            Bound::Included(Term::from_field_date(
                                f.date_hi,
                                schema::to_datetime(*from),
                            )),
                            Bound::Unbounded,
                        )) as Box<dyn Query>,
                    ),
                    (
                        Occur::Must,
                        Box::new(RangeQuery::new(
                            Bound::Unbounded,
                            Bound::Included(Term::from_field_date(
                                f.date_lo,
                                schema::to_datetime(*to),
                            )),
                        )),
                    ),
                ]));
                let undated: Box<dyn Query> = Box::new(BooleanQuery::new(vec![
                    (Occur::Must, Box::new(AllQuery) as Box<dyn Query>),
                    (
                        Occur::MustNot,
                        Box::new(ExistsQuery::new("date_lo".to_owned(), false)),
                    ),
                ]));
                any(vec![overlaps, undated])
            }
            Filter::IdPrefix(p) => {
                let p = p.to_ascii_lowercase();
                if p.is_empty() || !p.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return Box::new(EmptyQuery);
                }
                match RegexQuery::from_pattern(&format!("{p}.*"), f.sha256) {
                    Ok(q) => Box::new(q),
                    Err(_) => Box::new(EmptyQuery),
                }
            }
            // Answered above ([`Index::term_filter`]).
            Filter::Id(_)
            | Filter::Reference(_)
            | Filter::Cites(_)
            | Filter::Path(_)
            | Filter::HasTasks => Box::new(EmptyQuery),
            Filter::And(parts) => {
                if parts.is_empty() {
                    return Box::new(AllQuery);
                }
                Box::new(BooleanQuery::new(
                    parts
                        .iter()
                        .map(|p| (Occur::Must, self.to_query(p)))
                        .collect(),
                ))
            }
            Filter::Or(parts) => any(parts.iter().map(|p| self.to_query(p)).collect()),
        }
    }
}

/// What the fast columns tell of a document, with no stored record read: its issuer as
/// written and the days its date can denote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Brief {
    pub issuer: Option<String>,
    /// First and last day of the record's date ([`schema::date_bounds`]).
    pub date: Option<(NaiveDate, NaiveDate)>,
}

/// The fast columns [`Brief`]s are read from, opened once per segment.
///
/// Why issuers are cached by term ordinal: a string column keeps its values in a compressed
/// dictionary, and turning an ordinal back into text decompresses a dictionary block (about
/// 10 µs). An archive has a few hundred issuers for 100,000 documents, so each is decoded
/// once per segment.
pub struct Briefs {
    segments: Vec<BriefColumns>,
    issuers: std::cell::RefCell<std::collections::HashMap<(u32, u64), String>>,
}

struct BriefColumns {
    issuer: Option<tantivy::columnar::StrColumn>,
    date_lo: Option<tantivy::columnar::Column<tantivy::DateTime>>,
    date_hi: Option<tantivy::columnar::Column<tantivy::DateTime>>,
}

impl Index {
    /// A reader of [`Brief`]s: for batches that decide from issuer and date which few
    /// documents deserve reading whole (`tasks`: of the documents citing a duty, only those
    /// from an assignee and dated after it are read).
    pub fn briefs(&self) -> Result<Briefs, IndexError> {
        let mut segments = Vec::new();
        for seg in self.searcher.segment_readers() {
            let ff = seg.fast_fields();
            segments.push(BriefColumns {
                issuer: ff.str("issuer_raw")?,
                date_lo: ff.date("date_lo").ok(),
                date_hi: ff.date("date_hi").ok(),
            });
        }
        Ok(Briefs {
            segments,
            issuers: Default::default(),
        })
    }
}

impl Briefs {
    /// The brief of the document at `addr`.
    pub fn get(&self, addr: DocAddress) -> Result<Brief, IndexError> {
        let Some(cols) = self.segments.get(addr.segment_ord as usize) else {
            return Ok(Brief::default());
        };
        let doc = addr.doc_id;
        let mut issuer = None;
        if let Some(col) = &cols.issuer
            && let Some(ord) = col.term_ords(doc).next()
        {
            let mut cache = self.issuers.borrow_mut();
            let name = match cache.get(&(addr.segment_ord, ord)) {
                Some(name) => name.clone(),
                None => {
                    let mut s = String::new();
                    col.ord_to_str(ord, &mut s)
                        .map_err(|e| IndexError::Tantivy(e.into()))?;
                    cache.insert((addr.segment_ord, ord), s.clone());
                    s
                }
            };
            issuer = Some(name).filter(|s| !s.trim().is_empty());
        }
        let day = |col: &Option<tantivy::columnar::Column<tantivy::DateTime>>| {
            col.as_ref()
                .and_then(|c| c.first(doc))
                .and_then(|d| chrono::DateTime::from_timestamp(d.into_timestamp_secs(), 0))
                .map(|d| d.date_naive())
        };
        Ok(Brief {
            issuer,
            date: day(&cols.date_lo).zip(day(&cols.date_hi)),
        })
    }
}

/// The documents citing each reference of a selection ([`Index::citing`]).
#[derive(Debug, Default)]
pub struct Citing {
    by_key: std::collections::HashMap<String, Vec<DocAddress>>,
}

impl Citing {
    /// The documents citing `reference`, in index order: what
    /// `select(&Filter::Cites(reference))` answers, for a reference of the selection.
    pub fn of(&self, reference: &str) -> Vec<DocAddress> {
        let mut out: Vec<DocAddress> = analysis::ref_keys(reference)
            .iter()
            .filter_map(|k| self.by_key.get(k))
            .flatten()
            .copied()
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}
