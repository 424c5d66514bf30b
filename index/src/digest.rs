//! The digest of a record: what `kiemchung tasks` reads of a document, kept apart from the
//! record in a bytes fast column (`digest`).
//!
//! Why a column and not the stored record: the follow-up of a 100,000-document archive
//! reads 80,000 assigning documents and the replies citing them. From the document store
//! each read decompresses a block that holds the body too, checks its UTF-8 and parses the
//! whole record's JSON (lists, signers, warnings) to keep a tenth of it — about 2 s of CPU
//! per core. The column holds just the header fields a task row shows or copies are grouped
//! by, the citations a reply is checked by, and the tasks, in a length-prefixed binary form
//! that is read by slicing: strings borrow from the column's bytes, nothing is parsed.
//! tantivy keeps bytes columns as an sstable dictionary (zstd-compressed blocks, memory
//! mapped), so reading the digests of many documents in term-ordinal order
//! ([`DigestReader::read`]) decodes each block once.
//!
//! Only documents that assign tasks or cite another have a digest: the others are never
//! read by the follow-up. The layout is versioned by [`crate::integrity::FORMAT_VERSION`]
//! (an index without the column is refused with the "re-ingest" advice) and by the first
//! byte ([`LAYOUT`]), so a digest of another layout is reported as damage, not misread.

use kiemchung_extractors::Record;
use tantivy::DocAddress;
use tantivy::columnar::BytesColumn;

use crate::schema::FileState;
use crate::{Index, IndexError, integrity};

/// First byte of every digest: its layout.
pub const LAYOUT: u8 = 1;

/// Name of the bytes fast field holding digests.
pub const FIELD: &str = "digest";

/// A task as the digest keeps it (the fields of [`kiemchung_extractors::Task`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DigestTask<'a> {
    pub assignees: Vec<&'a str>,
    pub role: Option<&'a str>,
    pub deadline: Option<&'a str>,
    pub text: &'a str,
}

/// What the follow-up reads of a document, borrowed from the column's bytes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Digest<'a> {
    /// The file's SHA-256 (the document's id) and path, as ingested.
    pub id: &'a str,
    pub path: &'a str,
    pub format: &'a str,
    pub number: Option<&'a str>,
    pub symbol: Option<&'a str>,
    pub issuer: Option<&'a str>,
    pub date: Option<&'a str>,
    pub subject: Option<&'a str>,
    /// Whether the record has a signature stamp (a signed file is the best copy).
    pub signed: bool,
    /// The references it cites, as written.
    pub citations: Vec<&'a str>,
    pub tasks: Vec<DigestTask<'a>>,
}

impl Digest<'_> {
    /// The header fields as a [`Record`] (no lists, texts or tasks): what naming a document
    /// and grouping its copies read.
    pub fn head(&self) -> Record {
        let own = |s: Option<&str>| s.map(str::to_owned);
        Record {
            format: self.format.to_owned(),
            number: own(self.number),
            symbol: own(self.symbol),
            issuer: own(self.issuer),
            date: own(self.date),
            subject: own(self.subject),
            sha256: self.id.to_owned(),
            source: self.path.to_owned(),
            signature_stamps: if self.signed {
                vec![Default::default()]
            } else {
                Vec::new()
            },
            ..Record::default()
        }
    }
}

/// The digest of `rec` stored at `state`, `None` when the follow-up never reads it (no
/// tasks, no citations).
pub fn encode(state: &FileState, rec: &Record) -> Option<Vec<u8>> {
    if rec.tasks.is_empty() && rec.citations.is_empty() {
        return None;
    }
    let mut out =
        Vec::with_capacity(128 + rec.tasks.iter().map(|t| t.text.len() + 64).sum::<usize>());
    out.push(LAYOUT);
    put_str(&mut out, &state.sha256);
    put_str(&mut out, &state.path);
    put_str(&mut out, &rec.format);
    for o in [
        &rec.number,
        &rec.symbol,
        &rec.issuer,
        &rec.date,
        &rec.subject,
    ] {
        put_opt(&mut out, o.as_deref());
    }
    out.push(u8::from(!rec.signature_stamps.is_empty()));
    put_len(&mut out, rec.citations.len());
    for c in &rec.citations {
        put_str(&mut out, &c.reference);
    }
    put_len(&mut out, rec.tasks.len());
    for t in &rec.tasks {
        put_len(&mut out, t.assignees.len());
        for a in &t.assignees {
            put_str(&mut out, a);
        }
        put_opt(&mut out, t.role.as_deref());
        put_opt(&mut out, t.deadline.as_deref());
        put_str(&mut out, &t.text);
    }
    Some(out)
}

/// Reads a digest; `None` when the bytes are not one of [`LAYOUT`] (damage).
pub fn decode(bytes: &[u8]) -> Option<Digest<'_>> {
    let (&layout, rest) = bytes.split_first()?;
    if layout != LAYOUT {
        return None;
    }
    let mut r = Cursor(rest);
    let mut d = Digest {
        id: r.str()?,
        path: r.str()?,
        format: r.str()?,
        number: r.opt()?,
        symbol: r.opt()?,
        issuer: r.opt()?,
        date: r.opt()?,
        subject: r.opt()?,
        signed: r.byte()? != 0,
        ..Digest::default()
    };
    let n = r.len()?;
    d.citations = Vec::with_capacity(n.min(r.0.len()));
    for _ in 0..n {
        d.citations.push(r.str()?);
    }
    let n = r.len()?;
    d.tasks = Vec::with_capacity(n.min(r.0.len()));
    for _ in 0..n {
        let k = r.len()?;
        let mut assignees = Vec::with_capacity(k.min(r.0.len()));
        for _ in 0..k {
            assignees.push(r.str()?);
        }
        d.tasks.push(DigestTask {
            assignees,
            role: r.opt()?,
            deadline: r.opt()?,
            text: r.str()?,
        });
    }
    r.0.is_empty().then_some(d)
}

/// LEB128: most lengths take one byte.
fn put_len(out: &mut Vec<u8>, mut n: usize) {
    loop {
        let low = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(low);
            return;
        }
        out.push(low | 0x80);
    }
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_len(out, s.len());
    out.extend_from_slice(s.as_bytes());
}

/// `None` as 0, a string as its length plus one.
fn put_opt(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        None => out.push(0),
        Some(s) => {
            put_len(out, s.len() + 1);
            out.extend_from_slice(s.as_bytes());
        }
    }
}

struct Cursor<'a>(&'a [u8]);

impl<'a> Cursor<'a> {
    fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(b)
    }

    fn len(&mut self) -> Option<usize> {
        let mut n = 0usize;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= usize::from(b & 0x7f).checked_shl(shift)?;
            if b & 0x80 == 0 {
                return Some(n);
            }
        }
        None
    }

    fn take(&mut self, n: usize) -> Option<&'a str> {
        if n > self.0.len() {
            return None;
        }
        let (s, rest) = self.0.split_at(n);
        self.0 = rest;
        std::str::from_utf8(s).ok()
    }

    fn str(&mut self) -> Option<&'a str> {
        let n = self.len()?;
        self.take(n)
    }

    fn opt(&mut self) -> Option<Option<&'a str>> {
        match self.len()? {
            0 => Some(None),
            n => self.take(n - 1).map(Some),
        }
    }
}

/// The digest column of every segment, opened once for a batch of reads.
#[derive(Clone)]
pub struct DigestReader {
    dir: String,
    segments: Vec<(String, Option<BytesColumn>)>,
}

impl Index {
    /// A reader of the documents' [`Digest`]s.
    pub fn digests(&self) -> Result<DigestReader, IndexError> {
        let mut segments = Vec::new();
        for seg in self.searcher.segment_readers() {
            segments.push((
                seg.segment_id().uuid_string(),
                seg.fast_fields().bytes(FIELD)?,
            ));
        }
        Ok(DigestReader {
            dir: self.dir.display().to_string(),
            segments,
        })
    }
}

impl DigestReader {
    /// The digest bytes of each document of `addrs` (in its order; `None` for a document
    /// without one), for [`decode`]. Within a segment the digests are read in the column's
    /// own order, so each compressed block is decoded once however many documents it holds.
    pub fn read(&self, addrs: &[DocAddress]) -> Result<Vec<Option<Vec<u8>>>, IndexError> {
        let mut out = vec![None; addrs.len()];
        let mut wanted: Vec<(u32, u64, usize)> = Vec::with_capacity(addrs.len());
        for (i, a) in addrs.iter().enumerate() {
            if let Some((_, Some(col))) = self.segments.get(a.segment_ord as usize)
                && let Some(ord) = col.term_ords(a.doc_id).next()
            {
                wanted.push((a.segment_ord, ord, i));
            }
        }
        wanted.sort_unstable();
        for group in wanted.chunk_by(|a, b| a.0 == b.0) {
            let seg = group[0].0 as usize;
            let Some((id, Some(col))) = self.segments.get(seg) else {
                continue;
            };
            let ords: Vec<u64> = group.iter().map(|w| w.1).collect();
            let mut at = group.iter();
            let found = col
                .dictionary()
                .sorted_ords_to_term_cb(&ords, |bytes| {
                    if let Some(w) = at.next() {
                        out[w.2] = Some(bytes.to_vec());
                    }
                })
                .map_err(|e| self.damaged(id, e.to_string()))?;
            if !found {
                return Err(self.damaged(id, "mục digest thiếu trong từ điển".into()));
            }
        }
        Ok(out)
    }

    /// The digest bytes of one document.
    pub fn one(&self, addr: DocAddress) -> Result<Option<Vec<u8>>, IndexError> {
        Ok(self.read(&[addr])?.pop().flatten())
    }

    /// The error for the digest at `addr` that does not decode.
    pub fn unreadable(&self, addr: DocAddress) -> IndexError {
        let id = self
            .segments
            .get(addr.segment_ord as usize)
            .map_or("?", |s| s.0.as_str());
        self.damaged(
            id,
            format!("tóm tắt văn bản {} không đọc được", addr.doc_id),
        )
    }

    fn damaged(&self, segment: &str, reason: String) -> IndexError {
        IndexError::Damaged {
            dir: self.dir.clone(),
            problems: vec![integrity::Problem::Unreadable {
                segment: segment.to_owned(),
                reason,
            }],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kiemchung_extractors::{Citation, SignatureStamp, Task};

    fn state() -> FileState {
        FileState {
            path: "/kho/2022/cv-47 \"bản ký\".pdf".into(),
            size: 10,
            mtime_ns: 1,
            sha256: "ab".repeat(32),
        }
    }

    /// Every field comes back as it went in: quotes, backslashes, control characters,
    /// Vietnamese, long texts (lengths over one LEB128 byte), empty assignees and texts.
    #[test]
    fn every_field_round_trips() {
        let long = "Sở Nội vụ chủ trì, tham mưu \"Kế hoạch\" số 12\\KH; ".repeat(400);
        let rec = Record {
            format: "pdf".into(),
            number: Some("47".into()),
            symbol: Some("UBND-TTHC".into()),
            issuer: Some("Ủy ban nhân dân tỉnh Quảng Ngãi".into()),
            date: Some("2022-01".into()),
            subject: None,
            signature_stamps: vec![SignatureStamp::default()],
            citations: vec![
                Citation {
                    reference: "23/BNV-CCHC".into(),
                    ..Citation::default()
                },
                Citation::default(),
            ],
            tasks: vec![
                Task {
                    assignees: vec!["Sở \"Nội\" vụ".into(), String::new()],
                    role: Some("chủ trì".into()),
                    deadline: Some("2022-01-20".into()),
                    text: long.clone(),
                },
                Task {
                    assignees: Vec::new(),
                    role: None,
                    deadline: Some(String::new()),
                    text: "dòng\nmới\tvà \u{1}\u{7f} \u{0}".into(),
                },
                Task::default(),
            ],
            ..Record::default()
        };
        let st = state();
        let bytes = encode(&st, &rec).expect("a record with tasks has a digest");
        let d = decode(&bytes).expect("decodes");
        assert_eq!(d.id, st.sha256);
        assert_eq!(d.path, st.path);
        assert_eq!(d.format, "pdf");
        assert_eq!(d.number, Some("47"));
        assert_eq!(d.symbol, Some("UBND-TTHC"));
        assert_eq!(d.issuer, Some("Ủy ban nhân dân tỉnh Quảng Ngãi"));
        assert_eq!(d.date, Some("2022-01"));
        assert_eq!(d.subject, None);
        assert!(d.signed);
        assert_eq!(d.citations, ["23/BNV-CCHC", ""]);
        let back: Vec<Task> = d
            .tasks
            .iter()
            .map(|t| Task {
                assignees: t.assignees.iter().map(|a| (*a).to_owned()).collect(),
                role: t.role.map(str::to_owned),
                deadline: t.deadline.map(str::to_owned),
                text: t.text.to_owned(),
            })
            .collect();
        assert_eq!(back, rec.tasks);
        assert_eq!(d.tasks[0].text.len(), long.len());
        // The header as a record names and groups the document as the stored record does.
        let head = d.head();
        assert_eq!(head.reference(), rec.reference());
        assert_eq!(head.sha256, st.sha256);
        assert_eq!(head.source, st.path);
        assert_eq!(head.signature_stamps.len(), 1);

        // Nothing to follow up: no digest.
        assert_eq!(encode(&st, &Record::default()), None);
        // A citation alone is enough (a reply is read for what it cites).
        let reply = Record {
            citations: rec.citations.clone(),
            ..Record::default()
        };
        let d = encode(&st, &reply).unwrap();
        let d = decode(&d).unwrap();
        assert!(d.tasks.is_empty() && !d.signed && d.number.is_none());
        assert_eq!(d.citations.len(), 2);
    }

    /// Truncated, extended or foreign bytes are refused, never misread.
    #[test]
    fn damaged_digests_are_refused() {
        let rec = Record {
            tasks: vec![Task {
                text: "Tham mưu".into(),
                ..Task::default()
            }],
            ..Record::default()
        };
        let bytes = encode(&state(), &rec).unwrap();
        for cut in 0..bytes.len() {
            assert_eq!(decode(&bytes[..cut]), None, "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(decode(&longer), None);
        let mut other = bytes.clone();
        other[0] = LAYOUT + 1;
        assert_eq!(decode(&other), None);
        // A length running past the end (or past 64 bits) is refused.
        assert_eq!(
            decode(&[
                LAYOUT, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f
            ]),
            None
        );
        assert!(decode(&bytes).is_some());
    }
}
