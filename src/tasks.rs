//! `kiemchung tasks`: follow-up of assigned duties (nhiệm vụ giao) across the archive.
//!
//! A task is overdue when its deadline has passed and no later document *from the
//! assignee* cites the assigning document: that reply (a báo cáo, a công văn "thực hiện
//! Công văn số 47/UBND-TTHC...") is how offices close a duty in practice. Assignees are
//! written loosely (`Sở Nội vụ`, `UBND các huyện`, `Phòng Tư pháp`), so they are compared
//! folded, with abbreviations spelled out, by containment either way against the citing
//! document's issuer.

use chrono::NaiveDate;
use kiemchung_extractors::dates::PartialDate;
use kiemchung_extractors::parse::refs::reference_key;
use kiemchung_index::{Filter, Index, StoredDoc};
use serde::Serialize;

use kiemchung_evidence::linking::fold_phrase;

/// Where a task stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, Serialize)]
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
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub copies: Vec<String>,
}

/// One document's task rows, with what tells its copies apart.
struct DocRows {
    /// The identity fields of the record (no tasks, no text): all that grouping reads.
    ident: kiemchung_extractors::Record,
    rows: Vec<TaskRow>,
}

impl DocRows {
    fn new(d: &StoredDoc, rows: Vec<TaskRow>) -> DocRows {
        let r = &d.record;
        let ident = kiemchung_extractors::Record {
            source: d.path.clone(),
            sha256: d.id.clone(),
            format: r.format.clone(),
            number: r.number.clone(),
            symbol: r.symbol.clone(),
            date: r.date.clone(),
            subject: r.subject.clone(),
            issuer: r.issuer.clone(),
            signature_stamps: r.signature_stamps.clone(),
            ..Default::default()
        };
        DocRows { ident, rows }
    }
}

/// The rows of each document once: copies of one document give the rows of the best file,
/// with the other paths in `copies`; then sorted for people.
fn merge_copies(docs: Vec<DocRows>) -> Vec<TaskRow> {
    let mut out = Vec::new();
    for group in kiemchung_index::copies::group(docs, |d| &d.ident) {
        let mut members = group.into_iter();
        let Some(best) = members.next() else {
            continue;
        };
        let others: Vec<String> = members.map(|d| d.ident.source).collect();
        for mut row in best.rows {
            row.copies.clone_from(&others);
            out.push(row);
        }
    }
    sort_rows(&mut out);
    out
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
    let a = norm_body(assignee);
    let i = norm_body(issuer);
    !a.is_empty() && !i.is_empty() && (i.contains(&a) || a.contains(&i))
}

fn parse_day(s: &str) -> Option<NaiveDate> {
    let (y, m, d) = PartialDate::parse_iso(s)?.last_day();
    NaiveDate::from_ymd_opt(y, m, d)
}

fn later(a: Option<&str>, b: Option<&str>) -> bool {
    match (
        a.and_then(PartialDate::parse_iso),
        b.and_then(PartialDate::parse_iso),
    ) {
        (Some(a), Some(b)) => a.last_day() >= b.first_day(),
        // Without dates, a document citing another is taken as later.
        _ => true,
    }
}

/// All tasks in `docs` with their status on `as_of`.
/// Whether `o` answers `d` (whose reference key is `k`): another document, citing it, dated
/// no earlier.
fn answers(o: &StoredDoc, d: &StoredDoc, k: &str) -> bool {
    o.id != d.id
        && o.record
            .citations
            .iter()
            .any(|c| reference_key(&c.reference) == k)
        && later(o.record.date.as_deref(), d.record.date.as_deref())
}

/// The tasks of every document and whether they were answered, over documents in memory.
pub fn follow_up(docs: &[StoredDoc], as_of: NaiveDate) -> Vec<TaskRow> {
    let mut per_doc = Vec::new();
    for d in docs.iter().filter(|d| !d.record.tasks.is_empty()) {
        let key = d.record.reference().map(|r| reference_key(&r));
        let citing: Vec<&StoredDoc> = match &key {
            Some(k) => docs.iter().filter(|o| answers(o, d, k)).collect(),
            None => Vec::new(),
        };
        per_doc.push(DocRows::new(d, task_rows(d, &citing, as_of)));
    }
    merge_copies(per_doc)
}

/// [`follow_up`] through the index: only documents that assign tasks are read, and for each
/// the documents citing it (the `cites` field), not every pair of documents.
pub fn follow_up_indexed(index: &Index, as_of: NaiveDate) -> anyhow::Result<Vec<TaskRow>> {
    let mut per_doc = Vec::new();
    // One document at a time: only the rows are kept, not the texts.
    for addr in index.select(&Filter::HasTasks)? {
        let d = index.doc(addr)?;
        let reference = d.record.reference();
        let citers = match &reference {
            Some(r) => index.select_docs(&Filter::Cites(r.clone()))?,
            None => Vec::new(),
        };
        let key = reference.map(|r| reference_key(&r));
        let citing: Vec<&StoredDoc> = match &key {
            Some(k) => citers.iter().filter(|o| answers(o, &d, k)).collect(),
            None => Vec::new(),
        };
        let rows = task_rows(&d, &citing, as_of);
        per_doc.push(DocRows::new(&d, rows));
    }
    Ok(merge_copies(per_doc))
}

fn task_rows(d: &StoredDoc, citing: &[&StoredDoc], as_of: NaiveDate) -> Vec<TaskRow> {
    let rec = &d.record;
    let mut rows = Vec::with_capacity(rec.tasks.len());
    for t in &rec.tasks {
        let mut answered_by: Vec<String> = citing
            .iter()
            .filter(|o| {
                o.record
                    .issuer
                    .as_deref()
                    .is_some_and(|iss| t.assignees.iter().any(|a| assignee_matches(a, iss)))
            })
            .map(|o| o.record.reference().unwrap_or_else(|| o.path.clone()))
            .collect();
        // Copies of one reply (its DOCX and its signed PDF) are one reply.
        answered_by.sort();
        answered_by.dedup();
        let status = if !answered_by.is_empty() {
            TaskStatus::Answered
        } else {
            match t.deadline.as_deref().and_then(parse_day) {
                None => TaskStatus::NoDeadline,
                Some(day) if day < as_of => TaskStatus::Overdue,
                Some(_) => TaskStatus::Open,
            }
        };
        rows.push(TaskRow {
            doc: d.id.clone(),
            path: d.path.clone(),
            reference: rec.reference(),
            date: rec.date.clone(),
            issuer: rec.issuer.clone(),
            assignees: t.assignees.clone(),
            role: t.role.clone(),
            deadline: t.deadline.clone(),
            text: t.text.clone(),
            status,
            answered_by,
            copies: Vec::new(),
        });
    }
    rows
}

/// Deadlines first (earliest first), then by date; stable, so equal rows keep index order.
pub fn sort_rows(rows: &mut [TaskRow]) {
    rows.sort_by(|a, b| {
        a.deadline
            .is_none()
            .cmp(&b.deadline.is_none())
            .then(a.deadline.cmp(&b.deadline))
            .then(a.date.cmp(&b.date))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use kiemchung_evidence::testkit::doc;
    use kiemchung_extractors::{Citation, Task};

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
        let rows = follow_up(&docs, day("2022-06-30"));
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
        let rows = follow_up(&docs, day("2023-01-01"));
        assert_eq!(rows[2].status, TaskStatus::Overdue);
        let rows = follow_up(&docs, day("2022-12-31"));
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
        let mut reply_copy = reply.clone();
        reply_copy.id = "r2".into();
        reply_copy.path = "archive/r2.pdf".into();
        let docs = vec![draft, reply, signed, reply_copy];
        let rows = follow_up(&docs, day("2022-06-30"));
        assert_eq!(rows.len(), 1, "{rows:?}");
        assert_eq!(rows[0].path, "archive/signed.pdf");
        assert_eq!(rows[0].copies, ["archive/draft.txt"]);
        assert_eq!(rows[0].status, TaskStatus::Answered);
        assert_eq!(rows[0].answered_by, ["12/BC-SNV"]);
    }
}
