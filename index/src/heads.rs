//! Reading the head of many stored documents (path, SHA-256, record JSON) in a batch.
//!
//! Why not [`Index::head_at`]: tantivy's document reader copies every string it reads into
//! a `String`, checking it is UTF-8 a character at a time, and `serde_json::from_slice`
//! checks every string it keeps a second time the same way. `tasks` reads the records of
//! every assigning document — 80,000 records and 300 MB of mostly Vietnamese text at
//! 100,000 documents — and the two checks were a third of its time. [`Heads`] takes the
//! document's bytes from the store as they are, finds the three fields in them, and checks
//! them once with `simdutf8` (vector instructions, ~20× faster on non-ASCII text); the
//! record is then a `&str` that `serde_json::from_str` reads without checking again.
//!
//! The layout read is tantivy's stored-document format (doc-store versions 1 and 2): a
//! VInt field count, then per field its id (u32 LE), a type code and the value (text: VInt
//! length and bytes; u64, i64: 8 bytes). Tantivy's VInt ends on the byte with the high bit
//! *set*. A field of any other type before the three are found — a store written by some
//! other layout — sends that document through [`Index::head_at`]: the fast path never
//! guesses.

use std::cell::OnceCell;
use std::ops::Range;

use tantivy::DocAddress;
use tantivy::directory::OwnedBytes;
use tantivy::store::StoreReader;

use crate::schema::{HEAD_FIELDS, Head};
use crate::{Index, IndexError};

/// A stored document's path, SHA-256 and record, in the bytes read from the store.
pub struct RawHead {
    bytes: OwnedBytes,
    path: Range<usize>,
    sha256: Range<usize>,
    record: Range<usize>,
}

impl RawHead {
    pub fn path(&self) -> &str {
        self.text(&self.path)
    }

    pub fn sha256(&self) -> &str {
        self.text(&self.sha256)
    }

    /// The record's JSON.
    pub fn record(&self) -> &str {
        self.text(&self.record)
    }

    /// Invariant: every range was checked to be UTF-8 when the head was found
    /// ([`find_head`]), so the empty string here is never seen.
    fn text(&self, range: &Range<usize>) -> &str {
        simdutf8::basic::from_utf8(&self.bytes[range.clone()]).unwrap_or_default()
    }

    fn from_head(h: Head) -> RawHead {
        let mut buf = Vec::with_capacity(h.path.len() + h.sha256.len() + h.record.len());
        let mut take = |s: &str| {
            let at = buf.len();
            buf.extend_from_slice(s.as_bytes());
            at..buf.len()
        };
        let path = take(&h.path);
        let sha256 = take(&h.sha256);
        let record = take(&h.record);
        RawHead {
            bytes: OwnedBytes::new(buf),
            path,
            sha256,
            record,
        }
    }
}

/// Reads heads for one worker: a store reader per segment, opened on first use, each with
/// a small cache of decompressed blocks (documents are read in index order).
pub struct Heads<'i> {
    index: &'i Index,
    stores: Vec<OnceCell<Option<StoreReader>>>,
}

/// Blocks each store reader keeps decompressed: a worker reads its documents in order, so
/// the next one is almost always in the block just read.
const CACHED_BLOCKS: usize = 4;

impl Index {
    /// A reader of stored heads for one thread ([`Heads`]).
    pub fn heads(&self) -> Heads<'_> {
        Heads {
            index: self,
            stores: (0..self.searcher.segment_readers().len())
                .map(|_| OnceCell::new())
                .collect(),
        }
    }
}

impl Heads<'_> {
    /// The head of the document at `addr`: what [`Index::head_at`] reads, as bytes.
    pub fn get(&self, addr: DocAddress) -> Result<RawHead, IndexError> {
        match self.stored(addr)? {
            Some(head) => Ok(head),
            None => self.index.head_at(addr).map(RawHead::from_head),
        }
    }

    /// The head found in the document's stored bytes; `None` when they are not in the
    /// layout this reader knows.
    pub(crate) fn stored(&self, addr: DocAddress) -> Result<Option<RawHead>, IndexError> {
        let Some(cell) = self.stores.get(addr.segment_ord as usize) else {
            return Ok(None);
        };
        let store = cell.get_or_init(|| {
            self.index
                .searcher
                .segment_reader(addr.segment_ord)
                .get_store_reader(CACHED_BLOCKS)
                .ok()
        });
        let Some(store) = store else {
            return Ok(None);
        };
        let bytes = store
            .get_document_bytes(addr.doc_id)
            .map_err(|e| self.index.damaged(addr, e.to_string()))?;
        Ok(find_head(bytes))
    }
}

/// Tantivy's VInt at the front of `b`: seven bits a byte, low first, the last byte marked
/// by its high bit.
fn vint(b: &mut &[u8]) -> Option<u64> {
    let mut v = 0u64;
    for (i, &byte) in b.iter().enumerate().take(10) {
        v |= u64::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 != 0 {
            *b = &b[i + 1..];
            return Some(v);
        }
    }
    None
}

fn take<'b>(b: &mut &'b [u8], n: usize) -> Option<&'b [u8]> {
    if b.len() < n {
        return None;
    }
    let (head, rest) = b.split_at(n);
    *b = rest;
    Some(head)
}

/// The three head fields in a stored document's bytes, or `None` when the bytes hold
/// something this reader does not know (then the caller reads through tantivy).
fn find_head(bytes: OwnedBytes) -> Option<RawHead> {
    const TEXT: u8 = 0;
    const U64: u8 = 1;
    const I64: u8 = 2;
    let [path_id, sha_id, record_id] = HEAD_FIELDS.map(|f| f.field_id());
    let (mut path, mut sha256, mut record) = (None, None, None);
    let all = bytes.as_slice();
    let mut b = all;
    let fields = vint(&mut b)?;
    for _ in 0..fields {
        if path.is_some() && sha256.is_some() && record.is_some() {
            break;
        }
        let id = u32::from_le_bytes(take(&mut b, 4)?.try_into().ok()?);
        match *take(&mut b, 1)?.first()? {
            TEXT => {
                let len = usize::try_from(vint(&mut b)?).ok()?;
                let start = all.len() - b.len();
                take(&mut b, len)?;
                let range = start..start + len;
                let slot = if id == path_id {
                    &mut path
                } else if id == sha_id {
                    &mut sha256
                } else if id == record_id {
                    &mut record
                } else {
                    continue;
                };
                simdutf8::basic::from_utf8(&all[range.clone()]).ok()?;
                *slot = Some(range);
            }
            U64 | I64 => {
                take(&mut b, 8)?;
            }
            _ => return None,
        }
    }
    Some(RawHead {
        path: path?,
        sha256: sha256?,
        record: record?,
        bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vints_end_on_the_high_bit() {
        let mut b: &[u8] = &[0x85, 9];
        assert_eq!(vint(&mut b), Some(5));
        assert_eq!(b, &[9]);
        // 300 = 0b10_0101100: low seven bits first, the last byte marked.
        let mut b: &[u8] = &[0x2c, 0x82];
        assert_eq!(vint(&mut b), Some(300));
        let mut b: &[u8] = &[0x2c];
        assert_eq!(vint(&mut b), None);
    }

    #[test]
    fn truncated_bytes_are_refused_not_misread() {
        assert!(find_head(OwnedBytes::new(Vec::new())).is_none());
        assert!(find_head(OwnedBytes::new(vec![0x83, 0, 0])).is_none());
    }
}
