//! `kiemchung tasks`: follow-up of assigned duties (nhiệm vụ giao) across the archive.
//!
//! A task is overdue when its deadline has passed and no later document *from the
//! assignee* cites the assigning document: that reply (a báo cáo, a công văn "thực hiện
//! Công văn số 47/UBND-TTHC...") is how offices close a duty in practice. Assignees are
//! written loosely (`Sở Nội vụ`, `UBND các huyện`, `Phòng Tư pháp`), so they are compared
//! folded, with abbreviations spelled out, by containment either way against the citing
//! document's issuer.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::HashMap;
use std::io::{IoSlice, Write};
use std::sync::Mutex;

use anyhow::Context;
use chrono::NaiveDate;
use rayon::prelude::*;

use crate::tr;
use kiemchung_extractors::dates::PartialDate;
use kiemchung_extractors::parse::refs::reference_key;
use kiemchung_extractors::{Record, SignatureStamp, Task};
use kiemchung_index::copies::{Identity, group_identities};
use kiemchung_index::directory::read_exact_at;
use kiemchung_index::followup::{
    AssigningFields, Followup, StoredTask, TaskDoc, TaskView, plain_json,
};
use kiemchung_index::heads::{Heads, RawHead};
use kiemchung_index::schema::date_bounds;
use kiemchung_index::select::Citing;
use kiemchung_index::{DocAddress, Filter, Index, StoredDoc};
use serde::Serialize;

use kiemchung_evidence::linking::fold_phrase;

/// Where a task stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    /// A later document from an assignee cites the assigning document.
    Answered,
    Overdue,
    /// Deadline not yet reached.
    Open,
    /// No deadline given.
    NoDeadline,
}

impl TaskStatus {
    /// In the run's language.
    pub fn label(self) -> &'static str {
        if crate::report::lang::english() {
            return self.label_en();
        }
        self.label_vi()
    }

    pub fn label_en(self) -> &'static str {
        match self {
            TaskStatus::Answered => "answered by a document",
            TaskStatus::Overdue => "OVERDUE",
            TaskStatus::Open => "not yet due",
            TaskStatus::NoDeadline => "no deadline",
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            TaskStatus::Answered => "đã có văn bản trả lời",
            TaskStatus::Overdue => "QUÁ HẠN",
            TaskStatus::Open => "trong hạn",
            TaskStatus::NoDeadline => "không có hạn",
        }
    }
}

/// One task row.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct TaskRow {
    pub doc: String,
    pub path: String,
    pub reference: Option<String>,
    pub date: Option<String>,
    pub issuer: Option<String>,
    pub assignees: Vec<String>,
    pub role: Option<String>,
    pub deadline: Option<String>,
    pub text: String,
    pub status: TaskStatus,
    /// References of the replies found (one per reply, not one per copy of it).
    pub answered_by: Vec<String>,
    /// Other files of the same document (a DOCX draft beside the signed PDF, a scan): its
    /// tasks are listed once, from the best file ([`kiemchung_index::copies`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub copies: Vec<String>,
}

fn norm_body(s: &str) -> String {
    let mut f = fold_phrase(s);
    for (abbr, long) in kiemchung_evidence::linking::ABBREVIATIONS {
        if f.split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| w == *abbr)
        {
            f = f.replace(abbr, long);
        }
    }
    // Plural and filler words that the issuer line never has.
    for w in ["cac ", "thu truong ", "chu tich "] {
        f = f.replace(w, "");
    }
    f.trim().to_owned()
}

/// Whether an assignee (as written in the task) is the issuer of a document.
pub fn assignee_matches(assignee: &str, issuer: &str) -> bool {
    bodies_match(&norm_body(assignee), &norm_body(issuer))
}

/// [`assignee_matches`] on names already through `norm_body`.
fn bodies_match(a: &str, i: &str) -> bool {
    !a.is_empty() && !i.is_empty() && (i.contains(a) || a.contains(i))
}

fn parse_day(s: &str) -> Option<NaiveDate> {
    let (y, m, d) = PartialDate::parse_iso(s)?.last_day();
    NaiveDate::from_ymd_opt(y, m, d)
}

/// A document citing an assigning one, as far as the index's fast columns tell: enough to
/// decide whether it can answer (issuer and date). It is read whole — to check that it cites
/// exactly that reference and to name it — only when it can, once.
struct Citer {
    /// Where it is: the index address, or the position in the caller's list.
    addr: DocAddress,
    /// The issuer as [`assignee_matches`] compares it (folded, abbreviations spelled out).
    issuer: Option<String>,
    date: Option<(NaiveDate, NaiveDate)>,
    /// Its id (SHA-256) and its reference (or path) when it really cites the reference it
    /// was found for; `None` when it does not. Filled on first use.
    name: OnceCell<Option<(String, String)>>,
}

impl Citer {
    /// Whether this can answer a document dated `date`: dated no earlier (undated documents
    /// are taken as later). That it is another document is checked when it is read.
    fn can_answer(&self, date: Option<(NaiveDate, NaiveDate)>) -> bool {
        match (self.date, date) {
            (Some((_, last)), Some((first, _))) => last >= first,
            _ => true,
        }
    }
}

/// `norm_body` of each name once: the same bodies are assigned and issue replies thousands of
/// times in an archive.
#[derive(Default)]
struct Bodies(HashMap<String, String>);

impl Bodies {
    fn norm(&mut self, name: &str) -> String {
        if let Some(n) = self.0.get(name) {
            return n.clone();
        }
        let n = norm_body(name);
        self.0.insert(name.to_owned(), n.clone());
        n
    }
}

/// The id of a reply and the name it is listed by, when it cites `k`.
fn reply_name(id: &str, path: &str, r: &Record, k: &str) -> Option<(String, String)> {
    r.citations
        .iter()
        .any(|c| reference_key(&c.reference) == k)
        .then(|| {
            (
                id.to_owned(),
                r.reference().unwrap_or_else(|| path.to_owned()),
            )
        })
}

/// The fields of a stored record [`reply_name`] reads; the rest is skipped unparsed.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct ReplyJson {
    number: Option<String>,
    symbol: Option<String>,
    citations: Vec<CitationJson>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct CitationJson {
    reference: String,
}

/// [`reply_name`] of the stored document at `addr`.
fn stored_reply_name(
    index: &Index,
    heads: &Heads,
    addr: DocAddress,
    k: &str,
) -> anyhow::Result<Option<(String, String)>> {
    let head = heads.get(addr)?;
    let j: ReplyJson =
        serde_json::from_str(head.record()).map_err(|e| index.unreadable_record(addr, &e))?;
    let record = Record {
        number: j.number,
        symbol: j.symbol,
        citations: j
            .citations
            .into_iter()
            .map(|c| kiemchung_extractors::Citation {
                reference: c.reference,
                ..Default::default()
            })
            .collect(),
        ..Record::default()
    };
    Ok(reply_name(head.sha256(), head.path(), &record, k))
}

/// Which rows to keep (`kiemchung tasks --overdue --assignee …`), applied as rows are found so
/// that rows nobody asked for never reach the spill file.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub overdue_only: bool,
    /// Folded text an assignee must contain.
    pub assignee: Option<String>,
}

impl Selection {
    fn keeps(&self, status: TaskStatus, assignees: &[Cow<str>]) -> bool {
        if self.overdue_only && status != TaskStatus::Overdue {
            return false;
        }
        match &self.assignee {
            Some(q) => assignees
                .iter()
                .any(|a| fold_phrase(a).contains(q.as_str())),
            None => true,
        }
    }
}

/// The order rows are listed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// Deadlines first (earliest first), then by the assigning document's date (the CLI).
    Deadline,
    /// Overdue, then not yet due, then without deadline, then answered; by deadline within
    /// each (the reviewers' page: what needs chasing first).
    OverdueFirst,
}

/// Where one row sits in the spill file, with what sorting and filtering read.
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// [`day_key`] of the deadline; `u32::MAX` without one.
    deadline: u32,
    /// [`day_key`] of the assigning document's date.
    date: u32,
    status: TaskStatus,
    /// Ordinal of the assigning document (its place in the order documents are taken).
    doc: u32,
    offset: u64,
    len: u32,
}

/// An ISO date, full or partial, as a number that sorts as the ISO text does
/// (`2019` < `2019-01` < `2019-01-15`); text that is not a date sorts after every date.
fn day_key(iso: Option<&str>) -> u32 {
    let Some(s) = iso else { return u32::MAX };
    match PartialDate::parse_iso(s) {
        Some(d) => {
            u32::try_from(d.year.clamp(0, 9999)).unwrap_or(0) * 10_000
                + d.month.unwrap_or(0).min(99) * 100
                + d.day.unwrap_or(0).min(99)
        }
        None => u32::MAX - 1,
    }
}

/// The task follow-up of an archive: every task row, each document's once (copies merged),
/// with its status on one day.
///
/// Why rows live in a temporary file: an archive assigns a few tasks per document, each a
/// paragraph; at 100,000 documents that is 330,000 rows and 300 MB of text, more than the
/// rest of the command needs together. Rows are written to an unnamed temporary file in the
/// JSON of [`TaskRow`] without its `copies` (known only once every document has been seen);
/// memory keeps 32 bytes per row — the sort keys and where the row is — so it follows the
/// number of rows, not their text.
///
/// Why in sorted runs: documents are read on every core, each worker a slice of them, and a
/// worker writes its rows as a *run*, sorted by deadline, once it holds a few megabytes.
/// Listing by deadline then visits every run front to back, so reading back is a few large
/// sequential reads per run ([`Reader`]), not one system call per row. The order itself is
/// total — (deadline, date, document, place in the run) — so it is the same whatever order
/// the workers finish in, and the same as reading the documents one after another.
pub struct FollowUp {
    /// Whether rows are kept as JSON ([`Layout::Json`]): only then can they be read back.
    json: bool,
    spill: std::fs::File,
    /// Where each run starts and ends in `spill`, in file order.
    runs: Vec<(u64, u64)>,
    entries: Vec<Entry>,
    /// Other files of each document that has copies, by the ordinal of its best file.
    copies: HashMap<u32, Vec<String>>,
}

/// A worker's rows are written out as a sorted run once they take this many bytes.
const RUN_BYTES: usize = 16 << 20;

/// Documents per unit of parallel work: enough that a unit's rows form long runs, few enough
/// that both cores stay busy to the end.
const DOCS_PER_UNIT: usize = 2048;

/// How rows are written to the spill file as they are found.
#[derive(Clone, Copy)]
pub enum Layout<'r> {
    /// JSON, the line `--format json` prints: rows can be read back ([`FollowUp::rows`]).
    Json,
    /// Lines laid out by the caller (a long table), on every core as rows are found; written
    /// out as they are ([`FollowUp::write_lines`]). Laying rows out while reading saves
    /// parsing them back, and lets the layout share the cores with the reading.
    Lines(&'r (dyn Fn(&TaskRowRef<'_>, &mut Vec<u8>) + Sync)),
}

/// The spill file as workers append their runs to it.
struct Spill {
    file: std::fs::File,
    at: u64,
    runs: Vec<(u64, u64)>,
}

impl Spill {
    fn new() -> anyhow::Result<Spill> {
        let file = tempfile::tempfile().context(tr!(
            "không tạo được tệp tạm cho danh sách nhiệm vụ",
            "cannot create the temporary file for the task list"
        ))?;
        Ok(Spill {
            file,
            at: 0,
            runs: Vec::new(),
        })
    }
}

/// What one worker found: its rows (already in the spill file) and what grouping copies
/// reads of each document it took, in order.
struct Part {
    entries: Vec<Entry>,
    idents: Vec<Identity>,
    /// The builder's row buffer, empty, for the worker's next slice.
    buf: Vec<u8>,
}

/// Buffers a worker keeps from one slice of documents to the next: megabytes each, taken
/// fresh from the system for every slice they cost a page fault per 4 KB.
#[derive(Default)]
struct Spare {
    rows: Vec<u8>,
    entries: Vec<u8>,
}

/// An assigning document as the follow-up reads it: who it is, the record fields that name
/// it and group its copies (`head`: no body, no lists, no tasks), and its tasks.
struct Assigning<'a> {
    id: &'a str,
    path: &'a str,
    head: Record,
    tasks: Vec<TaskRef<'a>>,
}

/// A task as the follow-up reads it ([`StoredTask`]): from the stored record's JSON, a
/// follow-up file's entry ([`task_of_entry`]) or a record in memory ([`task_of`]).
///
/// Invariant: a `Borrowed` text needs no escape in JSON ([`TaskRowRef::write`] copies it
/// as it is). serde_json borrows only strings without escapes; the others borrow only texts
/// without a quote, backslash or control character.
type TaskRef<'a> = StoredTask<'a>;

fn task_of(t: &Task) -> TaskRef<'_> {
    TaskRef {
        assignees: t
            .assignees
            .iter()
            .map(|a| Cow::Borrowed(a.as_str()))
            .collect(),
        role: t.role.as_deref().map(Cow::Borrowed),
        deadline: t.deadline.as_deref().map(Cow::Borrowed),
        text: if plain_json(&t.text) {
            Cow::Borrowed(&t.text)
        } else {
            Cow::Owned(t.text.clone())
        },
    }
}

/// From a follow-up file's entry ([`kiemchung_index::followup`]).
fn task_of_entry(t: TaskView<'_>) -> TaskRef<'_> {
    TaskRef {
        assignees: t.assignees.into_iter().map(Cow::Borrowed).collect(),
        role: t.role.map(Cow::Borrowed),
        deadline: t.deadline.map(Cow::Borrowed),
        text: if t.plain {
            Cow::Borrowed(t.text)
        } else {
            Cow::Owned(t.text.to_owned())
        },
    }
}

impl<'a> Assigning<'a> {
    /// From a stored record's JSON.
    fn parse(head: &'a RawHead) -> serde_json::Result<Assigning<'a>> {
        let j: AssigningFields<'a> = serde_json::from_str(head.record())?;
        Ok(Assigning {
            id: head.sha256(),
            path: head.path(),
            head: Record {
                format: j.format,
                number: j.number,
                symbol: j.symbol,
                issuer: j.issuer,
                date: j.date,
                subject: j.subject,
                // Only whether there are any counts (a signed file is the best copy).
                signature_stamps: j
                    .signature_stamps
                    .iter()
                    .map(|_| SignatureStamp::default())
                    .collect(),
                ..Record::default()
            },
            tasks: j.tasks,
        })
    }

    /// From a follow-up file's entry: the same fields [`Assigning::parse`] reads.
    fn of_entry(t: TaskDoc<'a>) -> Assigning<'a> {
        let own = |s: Option<&str>| s.map(str::to_owned);
        Assigning {
            id: t.sha256,
            path: t.path,
            head: Record {
                format: t.format.to_owned(),
                number: own(t.number),
                symbol: own(t.symbol),
                issuer: own(t.issuer),
                date: own(t.date),
                subject: own(t.subject),
                signature_stamps: if t.signed {
                    vec![SignatureStamp::default()]
                } else {
                    Vec::new()
                },
                ..Record::default()
            },
            tasks: t.tasks.into_iter().map(task_of_entry).collect(),
        }
    }

    /// From a document in memory ([`follow_up`]).
    fn of(d: &'a StoredDoc) -> Assigning<'a> {
        Assigning {
            id: &d.id,
            path: &d.path,
            head: Record {
                tasks: Vec::new(),
                ..d.record.clone()
            },
            tasks: d.record.tasks.iter().map(task_of).collect(),
        }
    }
}

/// Collects the rows of a run of consecutive documents ([`FollowUp::indexed`], [`follow_up`]).
struct Builder<'a> {
    as_of: NaiveDate,
    selection: &'a Selection,
    layout: Layout<'a>,
    spill: &'a Mutex<Spill>,
    /// Ordinal of the first document this builder takes.
    first: u32,
    /// Pending rows are written as a run once they take this many bytes ([`RUN_BYTES`]).
    run_bytes: usize,
    /// Rows not yet written, in the order found; `pending` points into it.
    buf: Vec<u8>,
    pending: Vec<Entry>,
    /// Rows written, with their place in the spill file.
    written: Vec<Entry>,
    /// What grouping copies reads of each document added.
    idents: Vec<Identity>,
    bodies: Bodies,
}

impl<'a> Builder<'a> {
    fn new(
        as_of: NaiveDate,
        selection: &'a Selection,
        layout: Layout<'a>,
        spill: &'a Mutex<Spill>,
        first: usize,
    ) -> anyhow::Result<Builder<'a>> {
        Ok(Builder {
            as_of,
            selection,
            layout,
            spill,
            first: u32::try_from(first).context("too many documents")?,
            run_bytes: RUN_BYTES,
            buf: Vec::new(),
            pending: Vec::new(),
            written: Vec::new(),
            idents: Vec::new(),
            bodies: Bodies::default(),
        })
    }

    /// Adds the rows of `d`, answered by those of `citers` whose issuer is an assignee and
    /// that `name_of` confirms (it reads the citer and names it when it cites `d`).
    fn add(
        &mut self,
        d: &Assigning,
        citers: &[&Citer],
        mut name_of: impl FnMut(&Citer) -> anyhow::Result<Option<(String, String)>>,
    ) -> anyhow::Result<()> {
        let ordinal = u32::try_from(self.idents.len())
            .ok()
            .and_then(|n| n.checked_add(self.first))
            .context("too many documents")?;
        let rec = &d.head;
        self.idents.push(identity(d));
        let reference = rec.reference();
        let date = day_key(rec.date.as_deref());
        for t in &d.tasks {
            let assignees: Vec<String> = t.assignees.iter().map(|a| self.bodies.norm(a)).collect();
            let mut answered_by = Vec::new();
            for c in citers {
                let from_assignee = c
                    .issuer
                    .as_deref()
                    .is_some_and(|iss| assignees.iter().any(|a| bodies_match(a, iss)));
                if from_assignee
                    && let Some((id, name)) = name_of(c)?
                    && id != d.id
                {
                    answered_by.push(name);
                }
            }
            // Copies of one reply (its DOCX and its signed PDF) are one reply.
            answered_by.sort();
            answered_by.dedup();
            let status = if !answered_by.is_empty() {
                TaskStatus::Answered
            } else {
                match t.deadline.as_deref().and_then(parse_day) {
                    None => TaskStatus::NoDeadline,
                    Some(day) if day < self.as_of => TaskStatus::Overdue,
                    Some(_) => TaskStatus::Open,
                }
            };
            if !self.selection.keeps(status, &t.assignees) {
                continue;
            }
            let row = TaskRowRef {
                doc: d.id,
                path: d.path,
                reference: reference.as_deref(),
                date: rec.date.as_deref(),
                issuer: rec.issuer.as_deref(),
                assignees: &t.assignees,
                role: t.role.as_deref(),
                deadline: t.deadline.as_deref(),
                text: &t.text,
                status,
                answered_by: &answered_by,
            };
            let offset = self.buf.len();
            match self.layout {
                Layout::Json => row.write(&mut self.buf)?,
                Layout::Lines(lay_out) => lay_out(&row, &mut self.buf),
            }
            let len = u32::try_from(self.buf.len() - offset).context("task row over 4 GB")?;
            self.pending.push(Entry {
                deadline: day_key(t.deadline.as_deref()),
                date,
                status,
                doc: ordinal,
                offset: offset as u64,
                len,
            });
        }
        // Runs end between documents: a document's rows stay in one run, in their order.
        if self.buf.len() >= self.run_bytes {
            self.write_run()?;
        }
        Ok(())
    }

    /// Writes the pending rows to the spill file as one run, sorted by deadline.
    fn write_run(&mut self) -> anyhow::Result<()> {
        if self.pending.is_empty() {
            self.buf.clear();
            return Ok(());
        }
        // Stable: rows with the same keys keep the order they were found in.
        self.pending.sort_by_key(|e| (e.deadline, e.date));
        // Written in sorted order straight from `buf` (no sorted copy: 300 MB at 100k).
        let mut slices: Vec<IoSlice> = Vec::with_capacity(self.pending.len());
        let mut len = 0u64;
        for e in &mut self.pending {
            let at = e.offset as usize;
            e.offset = len;
            len += u64::from(e.len);
            slices.push(IoSlice::new(&self.buf[at..at + e.len as usize]));
        }
        let base = {
            let mut spill = self
                .spill
                .lock()
                .map_err(|_| anyhow::anyhow!("task spill file lock poisoned"))?;
            let base = spill.at;
            write_all_vectored(&mut spill.file, &mut slices).with_context(spill_write)?;
            let end = base + len;
            spill.at = end;
            spill.runs.push((base, end));
            base
        };
        for mut e in self.pending.drain(..) {
            e.offset += base;
            self.written.push(e);
        }
        self.buf.clear();
        Ok(())
    }

    fn finish(mut self) -> anyhow::Result<Part> {
        self.write_run()?;
        Ok(Part {
            entries: self.written,
            idents: self.idents,
            buf: self.buf,
        })
    }
}

impl FollowUp {
    /// Merges the workers' parts, in document order: copies grouped (the rows of each
    /// document's best file kept, the other paths in `copies`), rows sorted by deadline.
    fn assemble(spill: Mutex<Spill>, parts: Vec<Part>, json: bool) -> anyhow::Result<FollowUp> {
        let Spill { file, mut runs, .. } = spill
            .into_inner()
            .map_err(|_| anyhow::anyhow!("task spill file lock poisoned"))?;
        runs.sort_unstable();
        let mut idents = Vec::new();
        let mut entries = Vec::new();
        for p in parts {
            idents.extend(p.idents);
            entries.extend(p.entries);
        }
        let mut keep = vec![false; idents.len()];
        let mut copies = HashMap::new();
        for group in group_identities(&idents) {
            let mut members = group.into_iter();
            let Some(best) = members.next() else {
                continue;
            };
            keep[best] = true;
            let others: Vec<String> = members.map(|i| idents[i].source.clone()).collect();
            if !others.is_empty() {
                copies.insert(u32::try_from(best).unwrap_or(u32::MAX), others);
            }
        }
        entries.retain(|e| keep.get(e.doc as usize).copied().unwrap_or(false));
        let mut f = FollowUp {
            json,
            spill: file,
            runs,
            entries,
            copies,
        };
        f.sort(Order::Deadline);
        Ok(f)
    }
}

/// Writes every slice, in order, a bounded number per system call.
fn write_all_vectored(out: &mut impl Write, mut slices: &mut [IoSlice<'_>]) -> std::io::Result<()> {
    /// At most this many slices a call (Linux's IOV_MAX).
    const MAX: usize = 1024;
    while !slices.is_empty() {
        let n = slices.len().min(MAX);
        match out.write_vectored(&slices[..n]) {
            Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
            Ok(written) => IoSlice::advance_slices(&mut slices, written),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

fn spill_write() -> String {
    tr!(
        "không ghi được tệp tạm của danh sách nhiệm vụ (đĩa đầy?)",
        "cannot write the temporary task list (disk full?)"
    )
}

/// What grouping copies reads of a stored document: its record's identity, with the file as
/// the index knows it now (path and SHA-256), not as it was when extracted.
fn identity(d: &Assigning) -> Identity {
    Identity {
        sha256: d.id.to_owned(),
        source: d.path.to_owned(),
        ..Identity::of(&d.head)
    }
}

/// Reads rows back from the spill file, each run through its own window: a window that
/// keeps being read forward grows (up to [`Reader::MAX_WINDOW`]), so listing in deadline
/// order reads each run in a few large reads, while a page of rows here and there reads
/// little more than those rows.
struct Reader<'f> {
    follow: &'f FollowUp,
    windows: Vec<Window>,
}

#[derive(Default)]
struct Window {
    at: u64,
    bytes: Vec<u8>,
    /// Bytes the next read takes.
    size: usize,
}

impl<'f> Reader<'f> {
    const MIN_WINDOW: usize = 16 << 10;
    /// Together the windows hold at most about 64 MB.
    const MAX_WINDOW: usize = 4 << 20;

    fn new(follow: &'f FollowUp) -> Reader<'f> {
        Reader {
            follow,
            windows: (0..follow.runs.len()).map(|_| Window::default()).collect(),
        }
    }

    fn max_window(&self) -> usize {
        ((64usize << 20) / self.windows.len().max(1)).clamp(Self::MIN_WINDOW, Self::MAX_WINDOW)
    }

    /// The bytes of row `e` as written (JSON without `copies`).
    fn raw(&mut self, e: &Entry) -> anyhow::Result<&[u8]> {
        let runs = &self.follow.runs;
        let run = runs.partition_point(|r| r.0 <= e.offset).saturating_sub(1);
        let run_end = runs.get(run).map_or(e.offset + u64::from(e.len), |r| r.1);
        let max = self.max_window();
        let Some(w) = self.windows.get_mut(run) else {
            anyhow::bail!("task row outside the spill file");
        };
        let end = e.offset + u64::from(e.len);
        if e.offset < w.at || end > w.at + w.bytes.len() as u64 {
            // Reading on past the window: read more at once next time.
            w.size = if e.offset >= w.at + w.bytes.len() as u64 && !w.bytes.is_empty() {
                (w.size * 2).min(max)
            } else {
                Self::MIN_WINDOW
            };
            let n =
                (run_end.saturating_sub(e.offset)).min(w.size.max(e.len as usize) as u64) as usize;
            w.bytes.resize(n.max(e.len as usize), 0);
            read_exact_at(&self.follow.spill, &mut w.bytes, e.offset).context(tr!(
                "không đọc lại được tệp tạm của danh sách nhiệm vụ",
                "cannot read back the temporary task list"
            ))?;
            w.at = e.offset;
        }
        let from = (e.offset - w.at) as usize;
        Ok(&w.bytes[from..from + e.len as usize])
    }
}

/// [`TaskRow`] borrowed from a record, as it is written to the spill file (without the
/// document's other files, known only once every document is read).
#[derive(Serialize)]
pub struct TaskRowRef<'a> {
    pub doc: &'a str,
    pub path: &'a str,
    pub reference: Option<&'a str>,
    pub date: Option<&'a str>,
    pub issuer: Option<&'a str>,
    pub assignees: &'a [Cow<'a, str>],
    pub role: Option<&'a str>,
    pub deadline: Option<&'a str>,
    pub text: &'a Cow<'a, str>,
    pub status: TaskStatus,
    pub answered_by: &'a [String],
}

impl TaskRowRef<'_> {
    /// Appends the row's JSON to `out`: the bytes `serde_json::to_writer` gives (a test holds
    /// them equal), but the task's text — most of the bytes — is copied as it stood in the
    /// stored record when it was borrowed from it. serde_json borrows a string only when it
    /// has no escape, and its parser refuses raw control characters, so such a text needs
    /// none: scanning 200 MB for characters to escape that cannot be there is skipped.
    fn write(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        /// `,"name":` then `v` as serde_json writes it.
        fn field(
            out: &mut Vec<u8>,
            name: &str,
            v: &impl serde::Serialize,
        ) -> serde_json::Result<()> {
            out.extend_from_slice(b",\"");
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(b"\":");
            serde_json::to_writer(out, v)
        }
        out.extend_from_slice(b"{\"doc\":");
        serde_json::to_writer(&mut *out, self.doc)?;
        field(out, "path", &self.path)?;
        field(out, "reference", &self.reference)?;
        field(out, "date", &self.date)?;
        field(out, "issuer", &self.issuer)?;
        field(out, "assignees", &self.assignees)?;
        field(out, "role", &self.role)?;
        field(out, "deadline", &self.deadline)?;
        out.extend_from_slice(b",\"text\":");
        match self.text {
            Cow::Borrowed(t) => {
                out.push(b'"');
                out.extend_from_slice(t.as_bytes());
                out.push(b'"');
            }
            Cow::Owned(t) => serde_json::to_writer(&mut *out, t)?,
        }
        field(out, "status", &self.status)?;
        field(out, "answered_by", &self.answered_by)?;
        out.push(b'}');
        Ok(())
    }
}

impl FollowUp {
    /// The follow-up through the index: only documents that assign tasks are read, and for
    /// each the documents citing it (the `cites` field), not every pair of documents. An
    /// assigning document is read from its segment's follow-up file
    /// ([`kiemchung_index::followup`]: head fields and tasks, nothing else), or from the
    /// store without its texts when the file lacks it; the documents citing one reference
    /// are read once per worker however many copies of the assigning document there are.
    /// Documents are taken in slices of [`DOCS_PER_UNIT`] on every core.
    pub fn indexed(index: &Index, as_of: NaiveDate, selection: Selection) -> anyhow::Result<Self> {
        FollowUp::indexed_as(index, as_of, &selection, Layout::Json)
    }

    /// [`FollowUp::indexed`], rows kept in `layout`.
    pub fn indexed_as(
        index: &Index,
        as_of: NaiveDate,
        selection: &Selection,
        layout: Layout,
    ) -> anyhow::Result<Self> {
        let addrs = index.select(&Filter::HasTasks)?;
        let cited = index.citing(&Filter::HasTasks)?;
        let side = index.followup();
        let spill = Mutex::new(Spill::new()?);
        let parts = addrs
            .par_chunks(DOCS_PER_UNIT)
            .enumerate()
            .map_init(Spare::default, |spare, (i, slice)| {
                let mut b = Builder::new(as_of, selection, layout, &spill, i * DOCS_PER_UNIT)?;
                b.buf = std::mem::take(&mut spare.rows);
                spare.entries = add_indexed(
                    index,
                    &side,
                    slice,
                    &cited,
                    &mut b,
                    std::mem::take(&mut spare.entries),
                )?;
                let mut part = b.finish()?;
                spare.rows = std::mem::take(&mut part.buf);
                Ok(part)
            })
            .collect::<anyhow::Result<Vec<Part>>>()?;
        FollowUp::assemble(spill, parts, matches!(layout, Layout::Json))
    }

    /// How many rows.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// How many rows have `status`.
    pub fn count(&self, status: TaskStatus) -> usize {
        self.entries.iter().filter(|e| e.status == status).count()
    }

    /// Puts the rows in `order`. Equal rows stay in the order documents and their tasks come
    /// in: the assigning document's ordinal, then the place in its run (a document's rows
    /// are in one run, and equal rows keep their order there).
    pub fn sort(&mut self, order: Order) {
        let rank = |s: TaskStatus| match (order, s) {
            (Order::Deadline, _) => 0,
            (Order::OverdueFirst, TaskStatus::Overdue) => 0,
            (Order::OverdueFirst, TaskStatus::Open) => 1,
            (Order::OverdueFirst, TaskStatus::NoDeadline) => 2,
            (Order::OverdueFirst, TaskStatus::Answered) => 3,
        };
        self.entries
            .par_sort_unstable_by_key(|e| (rank(e.status), e.deadline, e.date, e.doc, e.offset));
    }

    /// Rows `range` (in the current order), read back.
    pub fn rows(
        &self,
        range: std::ops::Range<usize>,
    ) -> impl Iterator<Item = anyhow::Result<TaskRow>> + '_ {
        let entries = self.entries.get(range).unwrap_or_default();
        let mut reader = Reader::new(self);
        entries.iter().map(move |e| self.row(reader.raw(e)?, e))
    }

    /// Row `e` from its bytes, with the other files of its document.
    fn row(&self, bytes: &[u8], e: &Entry) -> anyhow::Result<TaskRow> {
        self.need_json()?;
        let mut row: TaskRow = serde_json::from_slice(bytes)?;
        if let Some(c) = self.copies.get(&e.doc) {
            row.copies.clone_from(c);
        }
        Ok(row)
    }

    /// Every row as JSON Lines, in the current order: the bytes written when the row was
    /// found, with `copies` added where the document has them.
    pub fn write_json(&self, out: &mut impl Write) -> anyhow::Result<()> {
        self.need_json()?;
        let mut reader = Reader::new(self);
        let mut line = Vec::new();
        for e in &self.entries {
            let raw = reader.raw(e)?;
            match self.copies.get(&e.doc) {
                Some(c) if raw.last() == Some(&b'}') => {
                    line.clear();
                    line.extend_from_slice(&raw[..raw.len() - 1]);
                    line.extend_from_slice(b",\"copies\":");
                    serde_json::to_writer(&mut line, c)?;
                    line.extend_from_slice(b"}\n");
                    out.write_all(&line)?;
                }
                _ => {
                    out.write_all(raw)?;
                    out.write_all(b"\n")?;
                }
            }
        }
        Ok(())
    }

    /// Every row as laid out ([`Layout::Lines`]), in the current order, each followed by
    /// what `copies` lays out of its document's other files when it has any.
    pub fn write_lines(
        &self,
        out: &mut impl Write,
        copies: impl Fn(&[String]) -> String,
    ) -> anyhow::Result<()> {
        let mut reader = Reader::new(self);
        for e in &self.entries {
            out.write_all(reader.raw(e)?)?;
            if let Some(c) = self.copies.get(&e.doc) {
                out.write_all(copies(c).as_bytes())?;
            }
        }
        Ok(())
    }

    fn need_json(&self) -> anyhow::Result<()> {
        anyhow::ensure!(
            self.json,
            "task rows were laid out as lines, not kept as JSON"
        );
        Ok(())
    }

    /// Every row, in the current order (tests and small archives).
    pub fn to_vec(&self) -> anyhow::Result<Vec<TaskRow>> {
        self.rows(0..self.len()).collect()
    }
}

/// Adds the documents at `addrs` (assigning documents, in index order) to `b`, each with the
/// documents citing it as the index's fast columns describe them.
fn add_indexed(
    index: &Index,
    side: &Followup,
    addrs: &[DocAddress],
    cited: &Citing,
    b: &mut Builder,
    bytes: Vec<u8>,
) -> anyhow::Result<Vec<u8>> {
    let briefs = index.briefs()?;
    let heads = index.heads();
    // Entries of the follow-up files; the documents they lack are read from the store.
    let batch = side.read_into(addrs, bytes)?;
    // The documents citing each reference, from the fast columns; read on demand.
    let mut citing: HashMap<String, Vec<Citer>> = HashMap::new();
    for (i, &addr) in addrs.iter().enumerate() {
        let head;
        let d = match batch.get(i) {
            Some(entry) => Assigning::of_entry(entry),
            None => {
                head = heads.get(addr)?;
                Assigning::parse(&head).map_err(|e| index.unreadable_record(addr, &e))?
            }
        };
        let Some(reference) = d.head.reference() else {
            b.add(&d, &[], |_| Ok(None))?;
            continue;
        };
        let k = reference_key(&reference);
        if !citing.contains_key(&k) {
            let mut found = Vec::new();
            for a in cited.of(&reference) {
                let brief = briefs.get(a)?;
                found.push(Citer {
                    addr: a,
                    issuer: brief.issuer.as_deref().map(|i| b.bodies.norm(i)),
                    date: brief.date,
                    name: OnceCell::new(),
                });
            }
            citing.insert(k.clone(), found);
        }
        let date = d.head.date.as_deref().and_then(date_bounds);
        let citers: Vec<&Citer> = citing[&k].iter().filter(|c| c.can_answer(date)).collect();
        b.add(&d, &citers, |c| {
            if let Some(name) = c.name.get() {
                return Ok(name.clone());
            }
            let name = stored_reply_name(index, &heads, c.addr, &k)?;
            Ok(c.name.get_or_init(|| name).clone())
        })?;
    }
    Ok(batch.into_bytes())
}

/// The follow-up over documents in memory (every pair compared: for tests and small sets).
pub fn follow_up(docs: &[StoredDoc], as_of: NaiveDate) -> anyhow::Result<FollowUp> {
    follow_up_in_runs(docs, as_of, RUN_BYTES, Layout::Json)
}

/// [`follow_up`], a run written whenever pending rows take `run_bytes`, rows kept in `layout`.
fn follow_up_in_runs(
    docs: &[StoredDoc],
    as_of: NaiveDate,
    run_bytes: usize,
    layout: Layout,
) -> anyhow::Result<FollowUp> {
    let selection = Selection::default();
    let spill = Mutex::new(Spill::new()?);
    let mut b = Builder::new(as_of, &selection, layout, &spill, 0)?;
    b.run_bytes = run_bytes;
    for doc in docs.iter().filter(|d| !d.record.tasks.is_empty()) {
        let d = &Assigning::of(doc);
        let Some(k) = d.head.reference().map(|r| reference_key(&r)) else {
            b.add(d, &[], |_| Ok(None))?;
            continue;
        };
        let date = d.head.date.as_deref().and_then(date_bounds);
        let citers: Vec<Citer> = (0u32..)
            .zip(docs)
            .map(|(i, o)| Citer {
                addr: DocAddress::new(0, i),
                issuer: o.record.issuer.as_deref().map(norm_body),
                date: o.record.date.as_deref().and_then(date_bounds),
                name: OnceCell::new(),
            })
            .filter(|c| c.can_answer(date))
            .collect();
        let refs: Vec<&Citer> = citers.iter().collect();
        b.add(d, &refs, |c| {
            let o = &docs[c.addr.doc_id as usize];
            Ok(reply_name(&o.id, &o.path, &o.record, &k))
        })?;
    }
    let part = b.finish()?;
    FollowUp::assemble(spill, vec![part], matches!(layout, Layout::Json))
}

#[cfg(test)]
mod tests {
    use super::*;
    use kiemchung_evidence::testkit::doc;
    use kiemchung_extractors::{Citation, Task};

    /// The Sở Nội vụ's report answering 47/UBND-TTHC.
    fn reply_to_47() -> StoredDoc {
        let mut reply = doc(
            "r",
            "Báo cáo",
            Some("12"),
            "BC-SNV",
            "Sở Nội vụ tỉnh Quảng Ngãi",
            "2022-01-25",
            "kết quả",
            "",
        );
        reply.record.citations = vec![Citation {
            reference: "47/UBND-TTHC".into(),
            ..Citation::default()
        }];
        reply
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn assignees_match_issuers_folded() {
        assert!(assignee_matches("Sở Nội vụ", "Sở Nội vụ tỉnh Quảng Ngãi"));
        assert!(assignee_matches("SO NOI VU", "Sở Nội vụ"));
        assert!(assignee_matches(
            "UBND các huyện, thị xã, thành phố",
            "Ủy ban nhân dân huyện"
        ));
        assert!(assignee_matches(
            "Chủ tịch UBND huyện Mộ Đức",
            "Ủy ban nhân dân huyện Mộ Đức"
        ));
        assert!(!assignee_matches(
            "Sở Thông tin và Truyền thông",
            "Sở Nội vụ"
        ));
    }

    #[test]
    fn overdue_unless_answered_by_the_assignee() {
        let mut assign = doc(
            "a",
            "Công văn",
            Some("47"),
            "UBND-TTHC",
            "Ủy ban nhân dân tỉnh Quảng Ngãi",
            "2022-01-06",
            "triển khai",
            "",
        );
        assign.record.tasks = vec![
            Task {
                assignees: vec!["Sở Nội vụ".into()],
                role: Some("chủ trì".into()),
                deadline: Some("2022-01-20".into()),
                text: "Tham mưu tự đánh giá".into(),
            },
            Task {
                assignees: vec!["Sở Thông tin và Truyền thông".into()],
                role: Some("phối hợp".into()),
                deadline: Some("2022-01-10".into()),
                text: "Cử đầu mối".into(),
            },
            Task {
                assignees: vec!["Các sở, ban ngành".into()],
                deadline: Some("2022-12".into()),
                ..Task::default()
            },
            Task {
                assignees: vec!["Văn phòng UBND tỉnh".into()],
                ..Task::default()
            },
        ];
        let reply = reply_to_47();
        // A citation from a body that was not assigned does not close the TT&TT task.
        let mut other = doc(
            "o",
            "Công văn",
            Some("5"),
            "UBND-NC",
            "Ủy ban nhân dân huyện Mộ Đức",
            "2022-02-01",
            "x",
            "",
        );
        other.record.citations = reply.record.citations.clone();
        let docs = vec![assign, reply, other];
        let rows = follow_up(&docs, day("2022-06-30"))
            .unwrap()
            .to_vec()
            .unwrap();
        let st: Vec<(&str, TaskStatus)> = rows
            .iter()
            .map(|r| (r.assignees[0].as_str(), r.status))
            .collect();
        assert_eq!(
            st,
            vec![
                ("Sở Thông tin và Truyền thông", TaskStatus::Overdue),
                ("Sở Nội vụ", TaskStatus::Answered),
                ("Các sở, ban ngành", TaskStatus::Open),
                ("Văn phòng UBND tỉnh", TaskStatus::NoDeadline),
            ]
        );
        assert_eq!(rows[1].answered_by, ["12/BC-SNV"]);
        // A month deadline runs to its last day.
        let rows = follow_up(&docs, day("2023-01-01"))
            .unwrap()
            .to_vec()
            .unwrap();
        assert_eq!(rows[2].status, TaskStatus::Overdue);
        let rows = follow_up(&docs, day("2022-12-31"))
            .unwrap()
            .to_vec()
            .unwrap();
        assert_eq!(rows[2].status, TaskStatus::Open);
    }

    /// A draft DOCX, the signed PDF and a reply kept twice: each task once (from the signed
    /// PDF, the draft listed as a copy), each reply once.
    #[test]
    fn copies_of_one_document_give_its_tasks_once() {
        let task = Task {
            assignees: vec!["Sở Nội vụ".into()],
            deadline: Some("2022-01-20".into()),
            text: "Tham mưu tự đánh giá".into(),
            ..Task::default()
        };
        let mut draft = doc(
            "draft",
            "Công văn",
            Some("47"),
            "UBND-TTHC",
            "Ủy ban nhân dân tỉnh Quảng Ngãi",
            "2022-01-06",
            "triển khai",
            "",
        );
        draft.record.format = "docx".into();
        draft.record.tasks = vec![task.clone()];
        let mut signed = draft.clone();
        signed.id = "signed".into();
        signed.path = "archive/signed.pdf".into();
        signed.record.sha256 = "signed".into();
        signed.record.format = "pdf".into();
        signed.record.signature_stamps = vec![kiemchung_extractors::SignatureStamp {
            signer: Some("Ủy ban nhân dân tỉnh Quảng Ngãi".into()),
            ..Default::default()
        }];
        let reply = reply_to_47();
        let mut reply_copy = reply.clone();
        reply_copy.id = "r2".into();
        reply_copy.path = "archive/r2.pdf".into();
        let docs = vec![draft, reply, signed, reply_copy];
        let rows = follow_up(&docs, day("2022-06-30"))
            .unwrap()
            .to_vec()
            .unwrap();
        assert_eq!(rows.len(), 1, "{rows:?}");
        assert_eq!(rows[0].path, "archive/signed.pdf");
        assert_eq!(rows[0].copies, ["archive/draft.txt"]);
        assert_eq!(rows[0].status, TaskStatus::Answered);
        assert_eq!(rows[0].answered_by, ["12/BC-SNV"]);
        // The JSON line spliced from the spill file is the row as serde writes it.
        let mut json = Vec::new();
        follow_up(&docs, day("2022-06-30"))
            .unwrap()
            .write_json(&mut json)
            .unwrap();
        assert_eq!(
            String::from_utf8(json).unwrap(),
            serde_json::to_string(&rows[0]).unwrap() + "\n"
        );
    }

    /// The hand-written row JSON is serde's, for texts borrowed from stored JSON and texts
    /// that had to be unescaped (quotes, backslashes, control characters, Vietnamese).
    #[test]
    fn row_json_is_serde_s() {
        let texts = [
            "Sở Nội vụ chủ trì, tham mưu UBND tỉnh trước ngày 20/01/2022",
            "trích \"Kế hoạch\" số 12\\KH, dòng\nmới\tvà \u{1}",
            "",
        ];
        for text in texts {
            let task = Task {
                assignees: vec!["Sở \"Nội\" vụ".into(), "Văn phòng".into()],
                role: Some("chủ trì".into()),
                deadline: None,
                text: text.into(),
            };
            let stored = serde_json::to_string(&task).unwrap();
            let parsed: TaskRef = serde_json::from_str(&stored).unwrap();
            let plain = !text.contains(['"', '\\', '\n', '\t', '\u{1}']);
            assert_eq!(matches!(parsed.text, Cow::Borrowed(_)), plain);
            // From a record in memory: borrowed on the same condition.
            assert_eq!(matches!(task_of(&task).text, Cow::Borrowed(_)), plain);
            for (status, parsed) in [
                (TaskStatus::Answered, parsed),
                (TaskStatus::NoDeadline, task_of(&task)),
            ] {
                let row = TaskRowRef {
                    doc: "abc",
                    path: "kho/a \"b\".pdf",
                    reference: Some("47/UBND-TTHC"),
                    date: None,
                    issuer: Some("Ủy ban nhân dân tỉnh Quảng Ngãi"),
                    assignees: &parsed.assignees,
                    role: parsed.role.as_deref(),
                    deadline: parsed.deadline.as_deref(),
                    text: &parsed.text,
                    status,
                    answered_by: &["12/BC-SNV".to_owned()],
                };
                let mut mine = Vec::new();
                row.write(&mut mine).unwrap();
                assert_eq!(
                    String::from_utf8(mine).unwrap(),
                    serde_json::to_string(&row).unwrap()
                );
            }
        }
    }

    /// Rows written as many sorted runs list exactly as from one run, in both orders, and a
    /// page from the middle reads the same rows.
    #[test]
    fn runs_list_as_one() {
        let mut docs = Vec::new();
        for i in 0..40u32 {
            let mut d = doc(
                &format!("d{i}"),
                "Công văn",
                Some(&format!("{}", 100 + i)),
                "UBND-TTHC",
                "Ủy ban nhân dân tỉnh Quảng Ngãi",
                &format!("2022-{:02}-{:02}", 1 + i % 12, 1 + i % 27),
                "triển khai",
                "",
            );
            d.record.tasks = (0..3)
                .map(|t| Task {
                    assignees: vec!["Sở Nội vụ".into()],
                    deadline: [
                        Some(format!("2022-{:02}-15", 1 + (i * 7 + t) % 12)),
                        None,
                        Some("2022".into()),
                    ][(t as usize + i as usize) % 3]
                        .clone(),
                    text: format!("nhiệm vụ {t} của văn bản {i}"),
                    ..Task::default()
                })
                .collect();
            docs.push(d);
        }
        let as_of = day("2022-06-30");
        let one = follow_up_in_runs(&docs, as_of, usize::MAX, Layout::Json).unwrap();
        let mut many = follow_up_in_runs(&docs, as_of, 1, Layout::Json).unwrap();
        assert_eq!(one.runs.len(), 1);
        assert_eq!(many.runs.len(), 40);
        let json = |f: &FollowUp| {
            let mut out = Vec::new();
            f.write_json(&mut out).unwrap();
            String::from_utf8(out).unwrap()
        };
        assert_eq!(json(&one), json(&many));
        let rows = one.to_vec().unwrap();
        assert_eq!(rows.len(), 120);
        // Deadline order, then the assigning document's date; undated deadlines last.
        let keys: Vec<(u32, u32)> = rows
            .iter()
            .map(|r| (day_key(r.deadline.as_deref()), day_key(r.date.as_deref())))
            .collect();
        assert!(keys.windows(2).all(|w| w[0] <= w[1]));
        let mut one = one;
        one.sort(Order::OverdueFirst);
        many.sort(Order::OverdueFirst);
        assert_eq!(json(&one), json(&many));
        let page: Vec<String> = many.rows(50..70).map(|r| r.unwrap().text).collect();
        let all = one.to_vec().unwrap();
        assert_eq!(
            page,
            all[50..70]
                .iter()
                .map(|r| r.text.clone())
                .collect::<Vec<_>>()
        );
        assert_eq!(all[0].status, TaskStatus::Overdue);

        // Rows laid out as lines while found come out in the order the JSON rows do, each
        // followed by its document's copies line; they cannot be read back as rows.
        let mut copy = docs[3].clone();
        copy.id = "copy".into();
        copy.path = "kho/copy.docx".into();
        copy.record.format = "docx".into();
        docs.push(copy);
        let lay_out = |r: &TaskRowRef, buf: &mut Vec<u8>| {
            let line = format!(
                "{} {:?} {}\n",
                r.reference.unwrap_or("-"),
                r.deadline,
                r.text
            );
            buf.extend_from_slice(line.as_bytes());
        };
        let json = follow_up_in_runs(&docs, as_of, 1, Layout::Json).unwrap();
        let lines = follow_up_in_runs(&docs, as_of, 1, Layout::Lines(&lay_out)).unwrap();
        let mut want = String::new();
        for r in json.to_vec().unwrap() {
            want += &format!(
                "{} {:?} {}\n",
                r.reference.unwrap_or("-".into()),
                r.deadline,
                r.text
            );
            if !r.copies.is_empty() {
                want += &format!("copies {}\n", r.copies.join(","));
            }
        }
        let mut got = Vec::new();
        lines
            .write_lines(&mut got, |c| format!("copies {}\n", c.join(",")))
            .unwrap();
        assert_eq!(String::from_utf8(got).unwrap(), want);
        assert_eq!(want.matches("copies archive/d3.txt\n").count(), 3, "{want}");
        assert!(lines.to_vec().is_err());
    }

    #[test]
    fn day_keys_sort_as_iso_text() {
        let keys: Vec<u32> = [
            Some("2019"),
            Some("2019-01"),
            Some("2019-01-15"),
            Some("2020-02-01"),
            Some("sớm"),
            None,
        ]
        .into_iter()
        .map(day_key)
        .collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "{keys:?}");
    }
}
