//! `kiemchung tasks`: follow-up of assigned duties (nhiệm vụ giao) across the archive.
//!
//! A task is overdue when its deadline has passed and no later document *from the
//! assignee* cites the assigning document: that reply (a báo cáo, a công văn "thực hiện
//! Công văn số 47/UBND-TTHC...") is how offices close a duty in practice. Assignees are
//! written loosely (`Sở Nội vụ`, `UBND các huyện`, `Phòng Tư pháp`), so they are compared
//! folded, with abbreviations spelled out, by containment either way against the citing
//! document's issuer.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::io::{BufWriter, Write};

use anyhow::Context;
use chrono::NaiveDate;

use crate::tr;
use kiemchung_extractors::dates::PartialDate;
use kiemchung_extractors::parse::refs::reference_key;
use kiemchung_index::copies::{Identity, group_identities};
use kiemchung_index::directory::read_exact_at;
use kiemchung_index::schema::date_bounds;
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

fn cites_key(o: &StoredDoc, k: &str) -> bool {
    o.record
        .citations
        .iter()
        .any(|c| reference_key(&c.reference) == k)
}

/// The id of a reply and the name it is listed by, when it cites `k`.
fn reply_name(o: &StoredDoc, k: &str) -> Option<(String, String)> {
    cites_key(o, k).then(|| {
        (
            o.id.clone(),
            o.record.reference().unwrap_or_else(|| o.path.clone()),
        )
    })
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
    fn keeps(&self, status: TaskStatus, assignees: &[String]) -> bool {
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
    /// Ordinal of the assigning document (the order documents were added in).
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
/// paragraph; at 100,000 documents that is 330,000 rows and 250 MB of text, more than the
/// rest of the command needs together. Rows are written to an unnamed temporary file as they
/// are found, in the JSON of [`TaskRow`] without its `copies` (known only once every document
/// has been seen); memory keeps 32 bytes per row — the sort keys and where the row is — so
/// it follows the number of rows, not their text. Listing reads the rows back in order
/// (the file sits in the page cache), and JSON output copies their bytes as they are.
pub struct FollowUp {
    spill: std::fs::File,
    entries: Vec<Entry>,
    /// Other files of each document that has copies, by the ordinal of its best file.
    copies: HashMap<u32, Vec<String>>,
}

/// Collects rows document by document ([`FollowUp::indexed`], [`follow_up`]).
struct Builder {
    as_of: NaiveDate,
    selection: Selection,
    out: BufWriter<std::fs::File>,
    at: u64,
    entries: Vec<Entry>,
    /// What grouping copies reads of each document added.
    idents: Vec<Identity>,
    bodies: Bodies,
    line: Vec<u8>,
}

impl Builder {
    fn new(as_of: NaiveDate, selection: Selection) -> anyhow::Result<Builder> {
        let file = tempfile::tempfile().context(tr!(
            "không tạo được tệp tạm cho danh sách nhiệm vụ",
            "cannot create the temporary file for the task list"
        ))?;
        Ok(Builder {
            as_of,
            selection,
            out: BufWriter::with_capacity(1 << 16, file),
            at: 0,
            entries: Vec::new(),
            idents: Vec::new(),
            bodies: Bodies::default(),
            line: Vec::new(),
        })
    }

    /// Adds the rows of `d`, answered by those of `citers` whose issuer is an assignee and
    /// that `name_of` confirms (it reads the citer and names it when it cites `d`).
    fn add(
        &mut self,
        d: &StoredDoc,
        citers: &[&Citer],
        mut name_of: impl FnMut(&Citer) -> anyhow::Result<Option<(String, String)>>,
    ) -> anyhow::Result<()> {
        let ordinal = u32::try_from(self.idents.len()).context("too many documents")?;
        let rec = &d.record;
        self.idents.push(identity(d));
        let reference = rec.reference();
        let date = day_key(rec.date.as_deref());
        for t in &rec.tasks {
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
                doc: &d.id,
                path: &d.path,
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
            self.line.clear();
            serde_json::to_writer(&mut self.line, &row)?;
            self.out.write_all(&self.line).with_context(spill_write)?;
            let len = u32::try_from(self.line.len()).context("task row over 4 GB")?;
            self.entries.push(Entry {
                deadline: day_key(t.deadline.as_deref()),
                date,
                status,
                doc: ordinal,
                offset: self.at,
                len,
            });
            self.at += u64::from(len);
        }
        Ok(())
    }

    /// Merges copies (the rows of each document's best file, the other paths in `copies`)
    /// and sorts by deadline.
    fn finish(self) -> anyhow::Result<FollowUp> {
        let spill = self
            .out
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)
            .with_context(spill_write)?;
        let mut keep = vec![false; self.idents.len()];
        let mut copies = HashMap::new();
        for group in group_identities(&self.idents) {
            let mut members = group.into_iter();
            let Some(best) = members.next() else {
                continue;
            };
            keep[best] = true;
            let others: Vec<String> = members.map(|i| self.idents[i].source.clone()).collect();
            if !others.is_empty() {
                copies.insert(u32::try_from(best).unwrap_or(u32::MAX), others);
            }
        }
        let mut entries = self.entries;
        entries.retain(|e| keep[e.doc as usize]);
        let mut f = FollowUp {
            spill,
            entries,
            copies,
        };
        f.sort(Order::Deadline);
        Ok(f)
    }
}

fn spill_write() -> String {
    tr!(
        "không ghi được tệp tạm của danh sách nhiệm vụ (đĩa đầy?)",
        "cannot write the temporary task list (disk full?)"
    )
}

/// What grouping copies reads of a stored document: its record's identity, with the file as
/// the index knows it now (path and SHA-256), not as it was when extracted.
fn identity(d: &StoredDoc) -> Identity {
    Identity {
        sha256: d.id.clone(),
        source: d.path.clone(),
        ..Identity::of(&d.record)
    }
}

/// [`TaskRow`] borrowed from a record, as it is written to the spill file.
#[derive(Serialize)]
struct TaskRowRef<'a> {
    doc: &'a str,
    path: &'a str,
    reference: Option<&'a str>,
    date: Option<&'a str>,
    issuer: Option<&'a str>,
    assignees: &'a [String],
    role: Option<&'a str>,
    deadline: Option<&'a str>,
    text: &'a str,
    status: TaskStatus,
    answered_by: &'a [String],
}

impl FollowUp {
    /// The follow-up through the index: only documents that assign tasks are read, and for
    /// each the documents citing it (the `cites` field), not every pair of documents. Records
    /// are read without their texts ([`Index::record_at`]), and the documents citing one
    /// reference are read once however many copies of the assigning document there are.
    pub fn indexed(index: &Index, as_of: NaiveDate, selection: Selection) -> anyhow::Result<Self> {
        let mut b = Builder::new(as_of, selection)?;
        let briefs = index.briefs()?;
        // The documents citing each reference, from the fast columns; read on demand.
        let mut citing: HashMap<String, Vec<Citer>> = HashMap::new();
        for addr in index.select(&Filter::HasTasks)? {
            let d = index.record_at(addr)?;
            let Some(reference) = d.record.reference() else {
                b.add(&d, &[], |_| Ok(None))?;
                continue;
            };
            let k = reference_key(&reference);
            if !citing.contains_key(&k) {
                let mut found = Vec::new();
                for a in index.select(&Filter::Cites(reference))? {
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
            let date = d.record.date.as_deref().and_then(date_bounds);
            let citers: Vec<&Citer> = citing[&k].iter().filter(|c| c.can_answer(date)).collect();
            b.add(&d, &citers, |c| {
                if let Some(name) = c.name.get() {
                    return Ok(name.clone());
                }
                let name = reply_name(&index.record_at(c.addr)?, &k);
                Ok(c.name.get_or_init(|| name).clone())
            })?;
        }
        b.finish()
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

    /// Puts the rows in `order` (stable: equal rows keep the order documents were read in).
    pub fn sort(&mut self, order: Order) {
        let rank = |s: TaskStatus| match (order, s) {
            (Order::Deadline, _) => 0,
            (Order::OverdueFirst, TaskStatus::Overdue) => 0,
            (Order::OverdueFirst, TaskStatus::Open) => 1,
            (Order::OverdueFirst, TaskStatus::NoDeadline) => 2,
            (Order::OverdueFirst, TaskStatus::Answered) => 3,
        };
        self.entries
            .sort_by_key(|e| (rank(e.status), e.deadline, e.date));
    }

    /// The bytes of row `e` as written (JSON without `copies`).
    fn raw(&self, e: &Entry, buf: &mut Vec<u8>) -> anyhow::Result<()> {
        buf.resize(e.len as usize, 0);
        read_exact_at(&self.spill, buf, e.offset).context(tr!(
            "không đọc lại được tệp tạm của danh sách nhiệm vụ",
            "cannot read back the temporary task list"
        ))
    }

    /// Rows `range` (in the current order), read back.
    pub fn rows(
        &self,
        range: std::ops::Range<usize>,
    ) -> impl Iterator<Item = anyhow::Result<TaskRow>> + '_ {
        let entries = self.entries.get(range).unwrap_or_default();
        let mut buf = Vec::new();
        entries.iter().map(move |e| {
            self.raw(e, &mut buf)?;
            let mut row: TaskRow = serde_json::from_slice(&buf)?;
            if let Some(c) = self.copies.get(&e.doc) {
                row.copies.clone_from(c);
            }
            Ok(row)
        })
    }

    /// Every row as JSON Lines, in the current order: the bytes written when the row was
    /// found, with `copies` added where the document has them.
    pub fn write_json(&self, out: &mut impl Write) -> anyhow::Result<()> {
        let mut buf = Vec::new();
        for e in &self.entries {
            self.raw(e, &mut buf)?;
            match self.copies.get(&e.doc) {
                Some(c) if buf.last() == Some(&b'}') => {
                    buf.pop();
                    buf.extend_from_slice(b",\"copies\":");
                    serde_json::to_writer(&mut buf, c)?;
                    buf.push(b'}');
                }
                _ => {}
            }
            out.write_all(&buf)?;
            out.write_all(b"\n")?;
        }
        Ok(())
    }

    /// Every row, in the current order (tests and small archives).
    pub fn to_vec(&self) -> anyhow::Result<Vec<TaskRow>> {
        self.rows(0..self.len()).collect()
    }
}

/// The follow-up over documents in memory (every pair compared: for tests and small sets).
pub fn follow_up(docs: &[StoredDoc], as_of: NaiveDate) -> anyhow::Result<FollowUp> {
    let mut b = Builder::new(as_of, Selection::default())?;
    for d in docs.iter().filter(|d| !d.record.tasks.is_empty()) {
        let Some(k) = d.record.reference().map(|r| reference_key(&r)) else {
            b.add(d, &[], |_| Ok(None))?;
            continue;
        };
        let date = d.record.date.as_deref().and_then(date_bounds);
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
            Ok(reply_name(&docs[c.addr.doc_id as usize], &k))
        })?;
    }
    b.finish()
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
