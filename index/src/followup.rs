//! What `kiemchung tasks` reads of each assigning document, kept beside the segments.
//!
//! Why: the follow-up reads the head fields and tasks of every document that assigns
//! tasks — 80,000 records and 300 MB at 100,000 documents. From tantivy's document store
//! that means decompressing LZ4 blocks shared with the documents' bodies, checking UTF-8 and
//! parsing JSON: about 1.7 s on two cores, most of the command's time. A plain file per
//! segment holding just those fields, length-prefixed, is read with one `pread` per slice of
//! documents and sliced in place. A tantivy bytes column was measured first and was slower
//! (every block over 2 KB is zstd-compressed, with a new context per block read).
//!
//! The file is `followup/<segment id>.tasks` in the index folder. A segment's documents
//! never change (a change is a delete and an add elsewhere; deletes are read from the
//! segment's alive bitset at query time), so the file is valid for as long as the segment
//! lives. Files are written by [`refresh`] at the end of every ingest and repair, for the
//! segments that have none, and removed with their segment.
//!
//! Invariants:
//! - the file is a cache, never the truth: a segment without one, or whose file does not
//!   match (version, segment size, checksum of its table or of an entry), is read from the
//!   document store as before, with the same answer;
//! - files are written to a temporary name and renamed, so a reader sees a whole file or
//!   none, and a killed ingest leaves no half file behind under the real name; they are not
//!   synced: what a crash garbles fails its checksums (the trailer's table, each entry).
//!
//! Layout (integers little-endian): the entries, then the table — per entry the document id
//! (u32), its offset (u64), length (u32) and CRC32 (u32) — then a 32-byte trailer: the table's
//! offset (u64), the number of entries (u32), the segment's `max_doc` (u32), the table's
//! CRC32 (u32), [`VERSION`] (u32) and the magic `KCFOLLOW`. An entry is a sequence of
//! strings, each a u32 length and its bytes (`u32::MAX`: none): SHA-256, path, format,
//! number, symbol, issuer, date, subject; a byte (1: the record has signature stamps); the
//! number of tasks (u32), and per task the number of assignees (u32), the assignees, role,
//! deadline and text.

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use tantivy::DocAddress;

use crate::directory::read_exact_at;
use crate::{Filter, Index, IndexError};

/// Version of the file layout; a file of another version is ignored and rewritten.
pub const VERSION: u32 = 1;

const MAGIC: &[u8; 8] = b"KCFOLLOW";
const TRAILER: usize = 32;
const SLOT: usize = 20;
const NONE: u32 = u32::MAX;

/// The folder of the files, inside an index folder.
pub const DIR: &str = "followup";

/// An assigning document as the follow-up reads it, borrowed from a file's bytes.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct TaskDoc<'a> {
    pub sha256: &'a str,
    pub path: &'a str,
    pub format: &'a str,
    pub number: Option<&'a str>,
    pub symbol: Option<&'a str>,
    pub issuer: Option<&'a str>,
    pub date: Option<&'a str>,
    pub subject: Option<&'a str>,
    /// The record has signature stamps (a signed file is the best copy).
    pub signed: bool,
    pub tasks: Vec<TaskView<'a>>,
}

/// One task of a [`TaskDoc`].
#[derive(Debug, Default, PartialEq, Eq)]
pub struct TaskView<'a> {
    pub assignees: Vec<&'a str>,
    pub role: Option<&'a str>,
    pub deadline: Option<&'a str>,
    pub text: &'a str,
    /// `text` is written in JSON as it is, between quotes: no quote, backslash or control
    /// character (found once, when the file is written; `tasks` copies 200 MB of texts).
    pub plain: bool,
}

/// Where one document's entry is in its segment's file.
#[derive(Debug, Clone, Copy)]
struct Slot {
    doc: u32,
    offset: u64,
    len: u32,
    crc: u32,
}

/// The file of one segment, its table read.
struct SegmentFile {
    file: File,
    /// By document id.
    slots: Vec<Slot>,
}

/// The files of an opened index's segments ([`Index::followup`]).
pub struct Followup {
    /// By segment ordinal; `None`: no valid file, read the store.
    segments: Vec<Option<SegmentFile>>,
}

/// Entries read for a slice of documents ([`Followup::read`]).
pub struct Batch {
    bytes: Vec<u8>,
    /// By position in the slice: the entry's bytes, or `None` (read the store).
    at: Vec<Option<(usize, usize)>>,
}

impl Index {
    /// The follow-up files of the opened segments, their tables read and checked.
    pub fn followup(&self) -> Followup {
        let dir = self.dir.join(DIR);
        let segments = self
            .searcher
            .segment_readers()
            .iter()
            .map(|seg| {
                let path = file_of(&dir, &seg.segment_id().uuid_string());
                open_file(&path, seg.max_doc(), false).ok().flatten()
            })
            .collect();
        Followup { segments }
    }
}

impl Index {
    /// How many of the opened segments have a follow-up file whose every entry matches its
    /// checksum, of how many (`kiemchung check`).
    pub fn followup_verified(&self) -> (usize, usize) {
        let dir = self.dir.join(DIR);
        let segs = self.searcher.segment_readers();
        let valid = segs
            .iter()
            .filter(|seg| {
                let path = file_of(&dir, &seg.segment_id().uuid_string());
                matches!(open_file(&path, seg.max_doc(), true), Ok(Some(_)))
            })
            .count();
        (valid, segs.len())
    }
}

impl Followup {
    /// How many of the opened segments have a valid file, of how many.
    pub fn coverage(&self) -> (usize, usize) {
        (
            self.segments.iter().filter(|s| s.is_some()).count(),
            self.segments.len(),
        )
    }

    /// The entries of `addrs` (in index order): one read per segment the slice touches.
    /// Documents without a valid entry (no file, not in it, checksum mismatch) are `None`
    /// in the batch; the caller reads them from the store.
    pub fn read(&self, addrs: &[DocAddress]) -> Result<Batch, IndexError> {
        self.read_into(addrs, Vec::new())
    }

    /// [`Followup::read`] into `bytes` (cleared first): a worker reuses one buffer.
    pub fn read_into(&self, addrs: &[DocAddress], mut bytes: Vec<u8>) -> Result<Batch, IndexError> {
        bytes.clear();
        let mut found: Vec<Option<(u32, Slot)>> = Vec::with_capacity(addrs.len());
        for a in addrs {
            let slot = self
                .segments
                .get(a.segment_ord as usize)
                .and_then(Option::as_ref)
                .and_then(|f| {
                    let i = f.slots.binary_search_by_key(&a.doc_id, |s| s.doc).ok()?;
                    f.slots.get(i).copied()
                });
            found.push(slot.map(|s| (a.segment_ord, s)));
        }
        let mut batch = Batch {
            bytes,
            at: vec![None; addrs.len()],
        };
        // Runs of the same segment read as one span of its file.
        let mut i = 0;
        while i < found.len() {
            let Some((seg, first)) = found[i] else {
                i += 1;
                continue;
            };
            let mut j = i + 1;
            let mut end = first.offset + u64::from(first.len);
            while let Some(Some((s, slot))) = found.get(j) {
                // A gap of deleted or unselected documents is read too, unless it is long.
                if *s != seg || slot.offset < end || slot.offset - end > 1 << 20 {
                    break;
                }
                end = slot.offset + u64::from(slot.len);
                j += 1;
            }
            let Some(Some(file)) = self.segments.get(seg as usize) else {
                i = j;
                continue;
            };
            let base = batch.bytes.len();
            let span = usize::try_from(end - first.offset).unwrap_or(usize::MAX);
            batch.bytes.resize(base + span, 0);
            if read_exact_at(&file.file, &mut batch.bytes[base..], first.offset).is_err() {
                // Unreadable: these documents come from the store.
                batch.bytes.truncate(base);
                i = j;
                continue;
            }
            for (place, (_, slot)) in batch.at[i..j].iter_mut().zip(found[i..j].iter().flatten()) {
                let at = base + (slot.offset - first.offset) as usize;
                let bytes = &batch.bytes[at..at + slot.len as usize];
                if crc32fast::hash(bytes) == slot.crc {
                    *place = Some((at, slot.len as usize));
                }
            }
            i = j;
        }
        Ok(batch)
    }
}

impl Batch {
    /// The buffer, for the next [`Followup::read_into`].
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// The entry of the slice's `i`-th document, when its file had it.
    pub fn get(&self, i: usize) -> Option<TaskDoc<'_>> {
        let (at, len) = (*self.at.get(i)?)?;
        decode(self.bytes.get(at..at + len)?)
    }
}

fn file_of(dir: &Path, segment: &str) -> PathBuf {
    dir.join(format!("{segment}.tasks"))
}

/// A segment's file, its trailer and table checked (and with `verify` every entry's
/// checksum); `None` when absent or not matching.
fn open_file(path: &Path, max_doc: u32, verify: bool) -> std::io::Result<Option<SegmentFile>> {
    let file = File::open(path)?;
    let size = file.metadata()?.len();
    if size < TRAILER as u64 {
        return Ok(None);
    }
    let mut t = [0u8; TRAILER];
    read_exact_at(&file, &mut t, size - TRAILER as u64)?;
    let u32_at = |i: usize| u32::from_le_bytes([t[i], t[i + 1], t[i + 2], t[i + 3]]);
    let table_at = u64::from_le_bytes(t[0..8].try_into().unwrap_or_default());
    let count = u32_at(8) as usize;
    if &t[24..32] != MAGIC
        || u32_at(20) != VERSION
        || u32_at(12) != max_doc
        || table_at.checked_add((count * SLOT) as u64) != Some(size - TRAILER as u64)
    {
        return Ok(None);
    }
    let mut table = vec![0u8; count * SLOT];
    read_exact_at(&file, &mut table, table_at)?;
    if crc32fast::hash(&table) != u32_at(16) {
        return Ok(None);
    }
    let mut slots = Vec::with_capacity(count);
    for s in table.chunks_exact(SLOT) {
        let u32_of = |i: usize| u32::from_le_bytes([s[i], s[i + 1], s[i + 2], s[i + 3]]);
        let slot = Slot {
            doc: u32_of(0),
            offset: u64::from_le_bytes(s[4..12].try_into().unwrap_or_default()),
            len: u32_of(12),
            crc: u32_of(16),
        };
        // Documents in order, entries one after another inside the data: the spans read
        // later are then computed without overflow, whatever the file says.
        let in_order = slots
            .last()
            .is_none_or(|p: &Slot| p.doc < slot.doc && p.offset + u64::from(p.len) <= slot.offset);
        let end = slot.offset.checked_add(u64::from(slot.len));
        if !in_order || end.is_none_or(|e| e > table_at) {
            return Ok(None);
        }
        slots.push(slot);
    }
    let f = SegmentFile { file, slots };
    if verify && !f.entries_intact()? {
        return Ok(None);
    }
    Ok(Some(f))
}

impl SegmentFile {
    /// Whether every entry matches its checksum: the file read through once, in spans of a
    /// few megabytes.
    fn entries_intact(&self) -> std::io::Result<bool> {
        const SPAN: u64 = 8 << 20;
        let mut buf = Vec::new();
        let mut i = 0;
        while let Some(first) = self.slots.get(i) {
            let mut j = i + 1;
            while let Some(s) = self.slots.get(j) {
                if s.offset + u64::from(s.len) - first.offset > SPAN {
                    break;
                }
                j += 1;
            }
            let last = self.slots[j - 1];
            let span = usize::try_from(last.offset + u64::from(last.len) - first.offset)
                .unwrap_or(usize::MAX);
            buf.resize(span, 0);
            read_exact_at(&self.file, &mut buf, first.offset)?;
            for s in &self.slots[i..j] {
                let at = (s.offset - first.offset) as usize;
                let Some(entry) = buf.get(at..at + s.len as usize) else {
                    return Ok(false);
                };
                if crc32fast::hash(entry) != s.crc {
                    return Ok(false);
                }
            }
            i = j;
        }
        Ok(true)
    }
}

/// Reads an entry; `None` when its bytes are not one.
fn decode(bytes: &[u8]) -> Option<TaskDoc<'_>> {
    let mut r = Cursor(bytes);
    let mut d = TaskDoc {
        sha256: r.text()?,
        path: r.text()?,
        format: r.text()?,
        number: r.opt()?,
        symbol: r.opt()?,
        issuer: r.opt()?,
        date: r.opt()?,
        subject: r.opt()?,
        signed: r.byte()? == 1,
        tasks: Vec::new(),
    };
    let n = r.u32()? as usize;
    d.tasks.reserve(n.min(bytes.len()));
    for _ in 0..n {
        let k = r.u32()? as usize;
        let mut assignees = Vec::with_capacity(k.min(bytes.len()));
        for _ in 0..k {
            assignees.push(r.text()?);
        }
        d.tasks.push(TaskView {
            assignees,
            role: r.opt()?,
            deadline: r.opt()?,
            text: r.text()?,
            plain: r.byte()? == 1,
        });
    }
    r.0.is_empty().then_some(d)
}

struct Cursor<'a>(&'a [u8]);

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn byte(&mut self) -> Option<u8> {
        Some(*self.take(1)?.first()?)
    }

    fn opt(&mut self) -> Option<Option<&'a str>> {
        match self.u32()? {
            NONE => Some(None),
            n => Some(Some(
                simdutf8::basic::from_utf8(self.take(n as usize)?).ok()?,
            )),
        }
    }

    fn text(&mut self) -> Option<&'a str> {
        self.opt()?
    }
}

/// Appends `d`'s entry to `out`.
fn encode(d: &TaskDoc, out: &mut Vec<u8>) {
    fn text(out: &mut Vec<u8>, s: Option<&str>) {
        match s {
            // Longer strings cannot be stored; they are cut at a character boundary (no
            // record comes near 4 GB: the readers cap texts far below).
            Some(s) => {
                let mut n = s.len().min(NONE as usize - 1);
                while !s.is_char_boundary(n) {
                    n -= 1;
                }
                out.extend_from_slice(&(n as u32).to_le_bytes());
                out.extend_from_slice(&s.as_bytes()[..n]);
            }
            None => out.extend_from_slice(&NONE.to_le_bytes()),
        }
    }
    let count = |n: usize| u32::try_from(n).unwrap_or(NONE - 1).to_le_bytes();
    text(out, Some(d.sha256));
    text(out, Some(d.path));
    text(out, Some(d.format));
    for s in [d.number, d.symbol, d.issuer, d.date, d.subject] {
        text(out, s);
    }
    out.push(u8::from(d.signed));
    out.extend_from_slice(&count(d.tasks.len()));
    for t in &d.tasks {
        out.extend_from_slice(&count(t.assignees.len()));
        for a in &t.assignees {
            text(out, Some(a));
        }
        text(out, t.role);
        text(out, t.deadline);
        text(out, Some(t.text));
        debug_assert_eq!(
            t.plain,
            plain_json(t.text),
            "`plain` is found by plain_json"
        );
        out.push(u8::from(t.plain));
    }
}

/// Whether `s` is written in JSON as it is, between quotes (serde_json escapes only quotes,
/// backslashes and control characters).
pub fn plain_json(s: &str) -> bool {
    !s.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\')
}

/// The fields of a stored record the follow-up reads (`tasks` when a document has no entry,
/// and [`refresh`]); the others — lists, signer, citations, warnings — are skipped unparsed.
/// Strings without escapes are borrowed from the JSON.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct AssigningFields<'a> {
    pub format: String,
    pub number: Option<String>,
    pub symbol: Option<String>,
    pub issuer: Option<String>,
    pub date: Option<String>,
    pub subject: Option<String>,
    /// Only whether there are any counts (a signed file is the best copy).
    pub signature_stamps: Vec<serde::de::IgnoredAny>,
    #[serde(borrow)]
    pub tasks: Vec<StoredTask<'a>>,
}

/// A task of [`AssigningFields`]; a `Borrowed` string had no escape in the JSON.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct StoredTask<'a> {
    #[serde(borrow)]
    pub assignees: Vec<Cow<'a, str>>,
    #[serde(borrow)]
    pub role: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub deadline: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub text: Cow<'a, str>,
}

/// What [`refresh`] did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Refreshed {
    /// Files written (segments that had none or a stale one).
    pub written: usize,
    /// Files kept (their segment had a valid one).
    pub kept: usize,
    /// Files removed with their segments.
    pub removed: usize,
}

/// Writes the file of every segment of `index` that has no valid one (every entry
/// checked), and removes
/// those of segments that are gone. Run after a commit whose merges are done (the end of
/// `ingest`, `check --repair`): its cost is one read of the new segments' assigning records.
pub fn refresh(index: &Index) -> Result<Refreshed, IndexError> {
    let fdir = index.dir.join(DIR);
    let io = |p: &Path| {
        let path = p.display().to_string();
        move |source| IndexError::Io { path, source }
    };
    std::fs::create_dir_all(&fdir).map_err(io(&fdir))?;
    let addrs = index.select(&Filter::HasTasks)?;
    let mut done = Refreshed::default();
    let mut live = std::collections::HashSet::new();
    for (ord, seg) in index.searcher.segment_readers().iter().enumerate() {
        let id = seg.segment_id().uuid_string();
        let path = file_of(&fdir, &id);
        live.insert(format!("{id}.tasks"));
        if matches!(open_file(&path, seg.max_doc(), true), Ok(Some(_))) {
            done.kept += 1;
            continue;
        }
        // `addrs` is in index order: this segment's documents are one slice of it.
        let mine = &addrs[addrs.partition_point(|a| (a.segment_ord as usize) < ord)
            ..addrs.partition_point(|a| (a.segment_ord as usize) <= ord)];
        write_file(index, &path, seg.max_doc(), mine)?;
        done.written += 1;
    }
    if let Ok(entries) = std::fs::read_dir(&fdir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if !live.contains(&name) && std::fs::remove_file(e.path()).is_ok() {
                done.removed += 1;
            }
        }
    }
    Ok(done)
}

/// Documents encoded per unit of parallel work while writing a file.
const WRITE_UNIT: usize = 1024;

/// Writes the file of one segment: the entries of `addrs` (its assigning documents, in
/// order), read from the store on every core, streamed to a temporary file renamed at the end.
fn write_file(
    index: &Index,
    path: &Path,
    max_doc: u32,
    addrs: &[DocAddress],
) -> Result<(), IndexError> {
    let tmp = path.with_extension("tasks.tmp");
    let io = |source| IndexError::Io {
        path: tmp.display().to_string(),
        source,
    };
    let mut out = BufWriter::new(File::create(&tmp).map_err(io)?);
    let mut slots = Vec::with_capacity(addrs.len());
    let mut at = 0u64;
    // A few units at a time on every core, written in order: memory stays a few megabytes.
    for group in addrs.chunks(WRITE_UNIT * 8) {
        let encoded = group
            .par_chunks(WRITE_UNIT)
            .map(|unit| {
                let heads = index.heads();
                let mut bytes = Vec::new();
                let mut ends = Vec::with_capacity(unit.len());
                for &a in unit {
                    let head = heads.get(a)?;
                    let r: AssigningFields = serde_json::from_str(head.record())
                        .map_err(|e| index.unreadable_record(a, &e))?;
                    let d = TaskDoc {
                        sha256: head.sha256(),
                        path: head.path(),
                        format: &r.format,
                        number: r.number.as_deref(),
                        symbol: r.symbol.as_deref(),
                        issuer: r.issuer.as_deref(),
                        date: r.date.as_deref(),
                        subject: r.subject.as_deref(),
                        signed: !r.signature_stamps.is_empty(),
                        tasks: r
                            .tasks
                            .iter()
                            .map(|t| TaskView {
                                assignees: t.assignees.iter().map(|a| a.as_ref()).collect(),
                                role: t.role.as_deref(),
                                deadline: t.deadline.as_deref(),
                                text: &t.text,
                                plain: plain_json(&t.text),
                            })
                            .collect(),
                    };
                    encode(&d, &mut bytes);
                    ends.push((a.doc_id, bytes.len()));
                }
                Ok((bytes, ends))
            })
            .collect::<Result<Vec<_>, IndexError>>()?;
        for (bytes, ends) in encoded {
            let mut start = 0;
            for (doc, end) in ends {
                let entry = &bytes[start..end];
                slots.push(Slot {
                    doc,
                    offset: at + start as u64,
                    len: u32::try_from(entry.len()).unwrap_or(NONE),
                    crc: crc32fast::hash(entry),
                });
                start = end;
            }
            out.write_all(&bytes).map_err(io)?;
            at += bytes.len() as u64;
        }
    }
    let mut table = Vec::with_capacity(slots.len() * SLOT);
    for s in &slots {
        table.extend_from_slice(&s.doc.to_le_bytes());
        table.extend_from_slice(&s.offset.to_le_bytes());
        table.extend_from_slice(&s.len.to_le_bytes());
        table.extend_from_slice(&s.crc.to_le_bytes());
    }
    let mut trailer = Vec::with_capacity(TRAILER);
    trailer.extend_from_slice(&at.to_le_bytes());
    trailer.extend_from_slice(&u32::try_from(slots.len()).unwrap_or(NONE).to_le_bytes());
    trailer.extend_from_slice(&max_doc.to_le_bytes());
    trailer.extend_from_slice(&crc32fast::hash(&table).to_le_bytes());
    trailer.extend_from_slice(&VERSION.to_le_bytes());
    trailer.extend_from_slice(MAGIC);
    out.write_all(&table).map_err(io)?;
    out.write_all(&trailer).map_err(io)?;
    // Not synced: a file cut or garbled by a crash fails its checksums and is read from
    // the store, then written again; syncing 200 MB made an ingest wait tens of seconds.
    drop(out.into_inner().map_err(|e| io(e.into_error()))?);
    share(&tmp);
    std::fs::rename(&tmp, path).map_err(io)?;
    Ok(())
}

/// Readable by every user, like the rest of the index (0644).
fn share(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644));
    }
    #[cfg(not(unix))]
    let _ = path;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> TaskDoc<'static> {
        TaskDoc {
            sha256: "ab12",
            path: "/kho/47 UBND.pdf",
            format: "pdf",
            number: Some("47"),
            symbol: Some("UBND-TTHC"),
            issuer: Some("Ủy ban nhân dân tỉnh Quảng Ngãi"),
            date: Some("2022-01-06"),
            subject: None,
            signed: true,
            tasks: vec![
                TaskView {
                    assignees: vec!["Sở Nội vụ", "Sở Tư pháp"],
                    role: Some("chủ trì"),
                    deadline: Some("2022-01-20"),
                    text: "Tham mưu \"tự đánh giá\"",
                    plain: false,
                },
                TaskView {
                    assignees: vec![],
                    role: None,
                    deadline: None,
                    text: "",
                    plain: true,
                },
            ],
        }
    }

    #[test]
    fn entries_read_back_as_written() {
        let d = sample();
        let mut bytes = Vec::new();
        encode(&d, &mut bytes);
        assert_eq!(decode(&bytes), Some(d));
    }

    #[test]
    fn cut_or_padded_entries_are_refused_not_misread() {
        let mut bytes = Vec::new();
        encode(&sample(), &mut bytes);
        for n in 0..bytes.len() {
            assert_eq!(decode(&bytes[..n]), None, "cut at {n}");
        }
        bytes.push(0);
        assert_eq!(decode(&bytes), None);
        // A length pointing past the end.
        let mut bad = Vec::new();
        encode(&sample(), &mut bad);
        bad[0] = 0xff;
        assert_eq!(decode(&bad), None);
    }
}
