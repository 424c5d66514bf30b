//! Reviewers' decisions on evidence: which document is confirmed, or rejected, for which
//! criterion — who decided, when, and everything decided before.
//!
//! Decisions are the one piece of human work in the pipeline and several reviewers make them
//! at once (CLI and web app), so they live in SQLite next to the index
//! (`<index>/decisions.sqlite`, WAL mode, busy timeout): every write is one `INSERT` in an
//! immediate transaction, so two writers queue instead of overwriting each other — the
//! read-modify-rewrite of the old `evidence.toml` lost decisions under concurrency.
//!
//! Nothing is ever updated or deleted: a change is a new row, and the current state is
//! derived by replaying the rows in order (the latest row on a document and criterion wins).
//! That replay is also why the history is free: it is the table.
//!
//! A decision names its document by SHA-256 *and* by reference (`47/UBND-TTHC`) with issuer and
//! date: the hash survives a move or rename, the reference survives a re-scan or a PDF
//! replacing the DOCX. An existing `evidence.toml` is imported once, in the same transaction
//! that marks it imported, and renamed to `evidence.toml.bak` as a backup.
//!
//! The store also remembers which catalog the index is reviewed against (`catalog_path`): once
//! known, the CLI refuses decisions for codes that catalog does not have.

use std::path::{Path, PathBuf};
use std::time::Duration;

use kiemchung_extractors::parse::refs::reference_key;
use kiemchung_extractors::text::fold;
use kiemchung_index::StoredDoc;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::{Deserialize, Serialize};

/// The legacy TOML file inside the index folder (imported once, then kept as `.bak`).
pub const FILE_NAME: &str = "evidence.toml";
/// The SQLite database inside the index folder.
pub const DB_NAME: &str = "decisions.sqlite";

/// Where a document stands for a criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionStatus {
    /// Proposed by linking, not yet reviewed (never stored).
    Proposed,
    Confirmed,
    Rejected,
}

impl DecisionStatus {
    pub fn label_vi(self) -> &'static str {
        match self {
            DecisionStatus::Proposed => "đề xuất",
            DecisionStatus::Confirmed => "đã xác nhận",
            DecisionStatus::Rejected => "đã loại",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            DecisionStatus::Proposed => "proposed",
            DecisionStatus::Confirmed => "confirmed",
            DecisionStatus::Rejected => "rejected",
        }
    }

    fn as_db(self) -> &'static str {
        match self {
            DecisionStatus::Proposed => "proposed",
            DecisionStatus::Confirmed => "confirmed",
            DecisionStatus::Rejected => "rejected",
        }
    }

    fn from_db(s: &str) -> DecisionStatus {
        match s {
            "confirmed" => DecisionStatus::Confirmed,
            "rejected" => DecisionStatus::Rejected,
            _ => DecisionStatus::Proposed,
        }
    }
}

/// One decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    /// Criterion code (`1.1.1`).
    pub criterion: String,
    pub status: DecisionStatus,
    /// Framework id the code belongs to; absent = any catalog.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub framework: Option<String>,
    pub sha256: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// Path when decided (information only; documents move).
    #[serde(default)]
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Who decided (login name, web reviewer, or `evidence.toml` for imported rows).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewer: Option<String>,
    /// RFC 3339.
    #[serde(default)]
    pub decided_at: String,
}

impl Decision {
    /// Whether this decision is about `doc`: same bytes, or same reference from a compatible
    /// issuer.
    pub fn is_about(&self, doc: &StoredDoc) -> bool {
        if !self.sha256.is_empty() && self.sha256.eq_ignore_ascii_case(&doc.id) {
            return true;
        }
        let (Some(mine), Some(theirs)) = (&self.reference, doc.record.reference()) else {
            return false;
        };
        if reference_key(mine) != reference_key(&theirs) {
            return false;
        }
        match (&self.issuer, &doc.record.issuer) {
            (Some(a), Some(b)) => fold(a) == fold(b),
            _ => true,
        }
    }

    /// Whether `other` is about the same document as this one (same hash, or same reference
    /// from a compatible issuer) — the rule that makes a later row replace an earlier one.
    fn same_document(&self, other: &Decision) -> bool {
        if !self.sha256.is_empty() && self.sha256.eq_ignore_ascii_case(&other.sha256) {
            return true;
        }
        let (Some(a), Some(b)) = (&self.reference, &other.reference) else {
            return false;
        };
        if reference_key(a) != reference_key(b) {
            return false;
        }
        match (&self.issuer, &other.issuer) {
            (Some(x), Some(y)) => fold(x) == fold(y),
            _ => true,
        }
    }

    fn applies(&self, framework: &str, code: &str) -> bool {
        self.criterion == code && self.framework.as_deref().is_none_or(|f| f == framework)
    }
}

/// One row of the history: a decision and its sequence number (the order of the writes).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryEntry {
    pub seq: i64,
    #[serde(flatten)]
    pub decision: Decision,
}

/// Why the store could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("không đọc được {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: tệp quyết định không hợp lệ: {message}")]
    Parse { path: String, message: String },
    #[error("không ghi được {path}: {message}")]
    Write { path: String, message: String },
    #[error("cơ sở dữ liệu quyết định {path}: {message}")]
    Db { path: String, message: String },
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct FileShape {
    #[serde(default)]
    decision: Vec<Decision>,
}

/// All decisions of one index folder: the current state (`decisions`, one per document and
/// criterion, in decision order) loaded from the database.
///
/// `DecisionStore::default()` is an in-memory store (tests, linking without an index);
/// [`DecisionStore::load`] opens the database. On a loaded store, [`DecisionStore::decide`]
/// queues the row and [`DecisionStore::save`] writes the queue; [`DecisionStore::record`]
/// writes at once.
#[derive(Debug, Clone, Default)]
pub struct DecisionStore {
    pub decisions: Vec<Decision>,
    path: Option<PathBuf>,
    pending: Vec<Decision>,
    /// Who is deciding (written with every row).
    pub reviewer: Option<String>,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS decision (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    framework  TEXT,
    criterion  TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('confirmed', 'rejected')),
    sha256     TEXT NOT NULL,
    reference  TEXT,
    issuer     TEXT,
    date       TEXT,
    doc_type   TEXT,
    subject    TEXT,
    path       TEXT NOT NULL,
    note       TEXT,
    reviewer   TEXT NOT NULL,
    decided_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS decision_criterion ON decision (criterion);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
";

/// The reviewer name for the CLI: `KIEMCHUNG_REVIEWER`, else the login name.
pub fn default_reviewer() -> String {
    ["KIEMCHUNG_REVIEWER", "USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "?".to_owned())
}

fn now() -> String {
    chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, false)
}

/// Turns a SQLite error into [`StoreError::Db`] naming the database of `index_dir`.
pub(crate) fn db_error(index_dir: &Path) -> impl Fn(rusqlite::Error) -> StoreError {
    let path = index_dir.join(DB_NAME).display().to_string();
    move |e| StoreError::Db {
        path: path.clone(),
        message: e.to_string(),
    }
}

/// Opens (creating when needed) the decisions database of `index_dir`: WAL, a busy timeout
/// long enough for 20 writers queueing, the schema, and the one-time `evidence.toml` import.
pub fn open_db(index_dir: &Path) -> Result<Connection, StoreError> {
    let path = index_dir.join(DB_NAME);
    let shown = path.display().to_string();
    let db = db_error(index_dir);
    std::fs::create_dir_all(index_dir).map_err(|e| StoreError::Write {
        path: index_dir.display().to_string(),
        message: e.to_string(),
    })?;
    let mut conn = Connection::open(&path).map_err(&db)?;
    conn.busy_timeout(Duration::from_secs(30)).map_err(&db)?;
    // Switching a fresh database to WAL takes an exclusive lock, and SQLite answers "database
    // is locked" at once (the busy handler is not consulted for that step) when another
    // process is doing the same: retry, as the busy timeout would, for up to 30 s.
    retry_busy(|| conn.pragma_update(None, "journal_mode", "WAL")).map_err(&db)?;
    conn.pragma_update(None, "synchronous", "NORMAL")
        .map_err(&db)?;
    retry_busy(|| conn.execute_batch(SCHEMA)).map_err(&db)?;
    import_toml(&mut conn, index_dir, &shown)?;
    Ok(conn)
}

/// Runs `f` again while SQLite reports the database busy or locked, for up to 30 s.
fn retry_busy<T>(mut f: impl FnMut() -> rusqlite::Result<T>) -> rusqlite::Result<T> {
    let start = std::time::Instant::now();
    let mut pause = Duration::from_millis(5);
    loop {
        match f() {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if matches!(
                    e.code,
                    rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                ) && start.elapsed() < Duration::from_secs(30) =>
            {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(200));
            }
            other => return other,
        }
    }
}

/// Imports `<index>/evidence.toml` once: the rows and the "imported" mark go in one immediate
/// transaction (two processes starting together import once), then the file is renamed to
/// `evidence.toml.bak`.
fn import_toml(conn: &mut Connection, index_dir: &Path, shown: &str) -> Result<(), StoreError> {
    let toml_path = index_dir.join(FILE_NAME);
    if !toml_path.exists() {
        return Ok(());
    }
    let db = |e: rusqlite::Error| StoreError::Db {
        path: shown.to_owned(),
        message: e.to_string(),
    };
    let tshown = toml_path.display().to_string();
    let text = std::fs::read_to_string(&toml_path).map_err(|source| StoreError::Read {
        path: tshown.clone(),
        source,
    })?;
    let rows = toml::from_str::<FileShape>(&text)
        .map_err(|e| StoreError::Parse {
            path: tshown.clone(),
            message: e.to_string(),
        })?
        .decision;
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(&db)?;
    let done: Option<String> = tx
        .query_row(
            "SELECT value FROM meta WHERE key = 'toml_imported'",
            [],
            |r| r.get(0),
        )
        .optional()
        .map_err(&db)?;
    if done.is_none() {
        for mut d in rows {
            if d.status == DecisionStatus::Proposed {
                continue;
            }
            if d.reviewer.is_none() {
                d.reviewer = Some(FILE_NAME.to_owned());
            }
            if d.decided_at.is_empty() {
                d.decided_at = now();
            }
            insert(&tx, &d).map_err(&db)?;
        }
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('toml_imported', ?1)",
            params![now()],
        )
        .map_err(&db)?;
    }
    tx.commit().map_err(&db)?;
    // Kept as a backup; never read again (the mark above says so).
    let bak = index_dir.join(format!("{FILE_NAME}.bak"));
    std::fs::rename(&toml_path, &bak).map_err(|e| StoreError::Write {
        path: tshown,
        message: e.to_string(),
    })?;
    Ok(())
}

fn insert(conn: &Connection, d: &Decision) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO decision (framework, criterion, status, sha256, reference, issuer, date,
            doc_type, subject, path, note, reviewer, decided_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            d.framework,
            d.criterion,
            d.status.as_db(),
            d.sha256,
            d.reference,
            d.issuer,
            d.date,
            d.doc_type,
            d.subject,
            d.path,
            d.note,
            d.reviewer.as_deref().unwrap_or("?"),
            d.decided_at,
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Every row of the history, oldest first; `criterion` narrows to one code.
pub fn history(index_dir: &Path, criterion: Option<&str>) -> Result<Vec<HistoryEntry>, StoreError> {
    let conn = open_db(index_dir)?;
    read_history(&conn, index_dir, criterion)
}

fn read_history(
    conn: &Connection,
    index_dir: &Path,
    criterion: Option<&str>,
) -> Result<Vec<HistoryEntry>, StoreError> {
    let db = db_error(index_dir);
    let mut stmt = conn
        .prepare(
            "SELECT seq, framework, criterion, status, sha256, reference, issuer, date, doc_type,
                subject, path, note, reviewer, decided_at
             FROM decision WHERE ?1 IS NULL OR criterion = ?1 ORDER BY seq",
        )
        .map_err(&db)?;
    let rows = stmt
        .query_map(params![criterion], |r| {
            Ok(HistoryEntry {
                seq: r.get(0)?,
                decision: Decision {
                    framework: r.get(1)?,
                    criterion: r.get(2)?,
                    status: DecisionStatus::from_db(&r.get::<_, String>(3)?),
                    sha256: r.get(4)?,
                    reference: r.get(5)?,
                    issuer: r.get(6)?,
                    date: r.get(7)?,
                    doc_type: r.get(8)?,
                    subject: r.get(9)?,
                    path: r.get(10)?,
                    note: r.get(11)?,
                    reviewer: Some(r.get(12)?),
                    decided_at: r.get(13)?,
                },
            })
        })
        .map_err(&db)?;
    rows.collect::<Result<Vec<_>, _>>().map_err(&db)
}

/// A value remembered by the store (`catalog_path`, `catalog_framework`).
pub fn meta(index_dir: &Path, key: &str) -> Result<Option<String>, StoreError> {
    let conn = open_db(index_dir)?;
    conn.query_row("SELECT value FROM meta WHERE key = ?1", params![key], |r| {
        r.get(0)
    })
    .optional()
    .map_err(db_error(index_dir))
}

/// Remembers a value (the catalog the index is reviewed against).
pub fn set_meta(index_dir: &Path, key: &str, value: &str) -> Result<(), StoreError> {
    let conn = open_db(index_dir)?;
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )
    .map(|_| ())
    .map_err(db_error(index_dir))
}

/// The key under which the catalog file the index is reviewed against is remembered.
pub const META_CATALOG: &str = "catalog_path";

impl DecisionStore {
    /// Opens `<index_dir>/decisions.sqlite` (importing `evidence.toml` the first time) and
    /// derives the current state from the history.
    pub fn load(index_dir: &Path) -> Result<DecisionStore, StoreError> {
        let conn = open_db(index_dir)?;
        let rows = read_history(&conn, index_dir, None)?;
        let mut store = DecisionStore {
            path: Some(index_dir.to_path_buf()),
            ..DecisionStore::default()
        };
        for row in rows {
            store.apply(row.decision);
        }
        Ok(store)
    }

    /// Replays one row onto the current state: it replaces an earlier decision on the same
    /// document, criterion and framework scope.
    fn apply(&mut self, d: Decision) {
        self.decisions.retain(|old| {
            !(old.criterion == d.criterion && old.framework == d.framework && old.same_document(&d))
        });
        self.decisions.push(d);
    }

    /// Writes the decisions queued by [`DecisionStore::decide`] (no-op for an in-memory
    /// store). Each row is its own immediate transaction: concurrent writers queue on the
    /// database lock and none is lost.
    pub fn save(&mut self) -> Result<(), StoreError> {
        let Some(dir) = self.path.clone() else {
            return Ok(());
        };
        let conn = open_db(&dir)?;
        let shown = dir.join(DB_NAME).display().to_string();
        for d in std::mem::take(&mut self.pending) {
            insert(&conn, &d).map_err(|e| StoreError::Db {
                path: shown.clone(),
                message: e.to_string(),
            })?;
        }
        Ok(())
    }

    /// The decision on `doc` for criterion `code`, if any (the latest wins).
    pub fn status(&self, framework: &str, code: &str, doc: &StoredDoc) -> Option<DecisionStatus> {
        self.latest(framework, code, doc).map(|d| d.status)
    }

    /// The latest decision on `doc` for criterion `code` (note, reviewer, time).
    pub fn latest(&self, framework: &str, code: &str, doc: &StoredDoc) -> Option<&Decision> {
        self.decisions
            .iter()
            .rev()
            .find(|d| d.applies(framework, code) && d.is_about(doc))
    }

    /// Decisions for a criterion, in decision order.
    pub fn for_criterion<'a>(
        &'a self,
        framework: &'a str,
        code: &'a str,
    ) -> impl Iterator<Item = &'a Decision> + 'a {
        self.decisions
            .iter()
            .filter(move |d| d.applies(framework, code))
    }

    /// Records a decision, replacing an earlier one on the same document and criterion.
    pub fn decide(
        &mut self,
        framework: &str,
        code: &str,
        doc: &StoredDoc,
        status: DecisionStatus,
        note: Option<String>,
    ) -> &Decision {
        self.decide_scoped(Some(framework), code, doc, status, note)
    }

    /// Like [`DecisionStore::decide`]; `framework: None` makes the decision hold for any
    /// catalog that uses the code.
    pub fn decide_scoped(
        &mut self,
        framework: Option<&str>,
        code: &str,
        doc: &StoredDoc,
        status: DecisionStatus,
        note: Option<String>,
    ) -> &Decision {
        let d = self.make(framework, code, doc, status, note);
        if self.path.is_some() {
            self.pending.push(d.clone());
        }
        self.apply(d);
        let last = self.decisions.len() - 1;
        &self.decisions[last]
    }

    /// Records a decision and writes it at once (the web app's path).
    pub fn record(
        &mut self,
        framework: Option<&str>,
        code: &str,
        doc: &StoredDoc,
        status: DecisionStatus,
        note: Option<String>,
    ) -> Result<Decision, StoreError> {
        let d = self
            .decide_scoped(framework, code, doc, status, note)
            .clone();
        self.save()?;
        Ok(d)
    }

    fn make(
        &self,
        framework: Option<&str>,
        code: &str,
        doc: &StoredDoc,
        status: DecisionStatus,
        note: Option<String>,
    ) -> Decision {
        let rec = &doc.record;
        Decision {
            criterion: code.to_owned(),
            status,
            framework: framework.map(str::to_owned),
            sha256: doc.id.clone(),
            reference: rec.reference(),
            issuer: rec.issuer.clone(),
            date: rec.date.clone(),
            doc_type: rec.doc_type.clone(),
            subject: rec.subject.clone(),
            path: doc.path.clone(),
            note: note.filter(|n| !n.trim().is_empty()),
            reviewer: Some(self.reviewer.clone().unwrap_or_else(default_reviewer)),
            decided_at: now(),
        }
    }
}

/// Why a DOC argument did not name exactly one document.
#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    #[error("không có văn bản nào khớp {0:?} trong chỉ mục")]
    NotFound(String),
    #[error("{query:?} khớp nhiều văn bản, hãy dùng đường dẫn hoặc sha256:\n{}", .candidates.join("\n"))]
    Ambiguous {
        query: String,
        candidates: Vec<String>,
    },
}

/// Finds the document a reviewer means: a reference (`47/UBND-TTHC`), a path (or its
/// ending), or a SHA-256 prefix (at least 6 hex digits).
pub fn resolve<'a>(docs: &'a [StoredDoc], query: &str) -> Result<&'a StoredDoc, ResolveError> {
    let q = query.trim();
    let pick = |found: Vec<&'a StoredDoc>| -> Option<Result<&'a StoredDoc, ResolveError>> {
        match found.len() {
            0 => None,
            1 => Some(Ok(found[0])),
            _ => Some(Err(ResolveError::Ambiguous {
                query: q.to_owned(),
                candidates: found
                    .iter()
                    .map(|d| {
                        format!(
                            "  {}  {}  {}",
                            &d.id[..d.id.len().min(12)],
                            d.record.reference().unwrap_or_else(|| "—".into()),
                            d.path
                        )
                    })
                    .collect(),
            })),
        }
    };
    // Exact path.
    if let Some(r) = pick(docs.iter().filter(|d| d.path == q).collect()) {
        return r;
    }
    // SHA-256 prefix.
    if q.len() >= 6 && q.bytes().all(|b| b.is_ascii_hexdigit()) {
        let ql = q.to_ascii_lowercase();
        if let Some(r) = pick(docs.iter().filter(|d| d.id.starts_with(&ql)).collect()) {
            return r;
        }
    }
    // Reference.
    let key = reference_key(q);
    if let Some(r) = pick(
        docs.iter()
            .filter(|d| {
                d.record
                    .reference()
                    .is_some_and(|r| reference_key(&r) == key)
            })
            .collect(),
    ) {
        return r;
    }
    // End of a path (`seeds/000_x.txt`, `000_x.txt`).
    let norm = q.replace('\\', "/");
    if let Some(r) = pick(
        docs.iter()
            .filter(|d| {
                let p = d.path.replace('\\', "/");
                p.ends_with(&format!("/{norm}")) || p == norm
            })
            .collect(),
    ) {
        return r;
    }
    Err(ResolveError::NotFound(q.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::doc;

    fn docs() -> Vec<StoredDoc> {
        vec![
            doc(
                "ef15852ca764143c",
                "Công văn",
                Some("47"),
                "UBND-TTHC",
                "Ủy ban nhân dân tỉnh Quảng Ngãi",
                "2022-01-06",
                "triển khai kế hoạch",
                "",
            ),
            doc(
                "d93c6eac50e12396",
                "Công văn",
                Some("833"),
                "UBND-NC",
                "Ủy ban nhân dân huyện Mộ Đức",
                "2022-07-15",
                "triển khai Đề án",
                "",
            ),
            doc(
                "d93c0000aaaa0000",
                "Công văn",
                Some("47"),
                "UBND-TTHC",
                "Ủy ban nhân dân tỉnh Đắk Lắk",
                "2022-03-01",
                "khác",
                "",
            ),
        ]
    }

    #[test]
    fn resolves_path_sha_and_reference() {
        let d = docs();
        assert_eq!(
            resolve(&d, "archive/d93c6eac50e12396.txt")
                .map(|x| x.id.as_str())
                .ok(),
            Some("d93c6eac50e12396")
        );
        assert_eq!(
            resolve(&d, "d93c6e").map(|x| x.id.as_str()).ok(),
            Some("d93c6eac50e12396")
        );
        assert_eq!(
            resolve(&d, "833/UBND-NC").map(|x| x.id.as_str()).ok(),
            Some("d93c6eac50e12396")
        );
        assert_eq!(
            resolve(&d, "833 / ubnd-nc").map(|x| x.id.as_str()).ok(),
            Some("d93c6eac50e12396")
        );
        assert!(matches!(
            resolve(&d, "47/UBND-TTHC"),
            Err(ResolveError::Ambiguous { .. })
        ));
        assert!(matches!(
            resolve(&d, "d93c"),
            Err(ResolveError::NotFound(_))
        ));
        assert!(matches!(
            resolve(&d, "99/QĐ-UBND"),
            Err(ResolveError::NotFound(_))
        ));
    }

    #[test]
    fn decisions_survive_reingest_and_moves() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = docs();
        let mut store = DecisionStore::load(dir.path()).expect("empty store");
        store.reviewer = Some("an".into());
        store.decide(
            "demo",
            "1.1.1",
            &d[0],
            DecisionStatus::Confirmed,
            Some("Kế hoạch năm".into()),
        );
        store.decide("demo", "1.1.2", &d[1], DecisionStatus::Confirmed, None);
        // A second decision on the same pair replaces the first in the current state...
        store.decide(
            "demo",
            "1.1.2",
            &d[1],
            DecisionStatus::Rejected,
            Some("không liên quan".into()),
        );
        store.save().expect("save");
        // ... and both stay in the history, with reviewer and time.
        let hist = history(dir.path(), Some("1.1.2")).expect("history");
        assert_eq!(hist.len(), 2);
        assert_eq!(hist[0].decision.status, DecisionStatus::Confirmed);
        assert_eq!(hist[1].decision.status, DecisionStatus::Rejected);
        assert_eq!(hist[1].decision.reviewer.as_deref(), Some("an"));
        assert_eq!(hist[1].decision.reference.as_deref(), Some("833/UBND-NC"));
        assert!(hist[0].seq < hist[1].seq);
        assert!(hist[1].decision.decided_at.starts_with("20"));

        let again = DecisionStore::load(dir.path()).expect("load");
        assert_eq!(again.decisions.len(), 2);
        // Moved file: same bytes, new path.
        let mut moved = d[1].clone();
        moved.path = "elsewhere/833.pdf".into();
        assert_eq!(
            again.status("demo", "1.1.2", &moved),
            Some(DecisionStatus::Rejected)
        );
        // Re-scanned file: new bytes, same reference and issuer.
        let mut rescanned = d[0].clone();
        rescanned.id = "ffff".into();
        assert_eq!(
            again.status("demo", "1.1.1", &rescanned),
            Some(DecisionStatus::Confirmed)
        );
        // Same reference, other issuer: a different document.
        assert_eq!(again.status("demo", "1.1.1", &d[2]), None);
        // Other framework, other criterion: no decision.
        assert_eq!(again.status("other", "1.1.1", &d[0]), None);
        assert_eq!(again.status("demo", "1.2", &d[0]), None);
    }

    #[test]
    fn toml_is_imported_once_and_kept_as_backup() {
        let dir = tempfile::tempdir().expect("tempdir");
        let toml_text = r#"
[[decision]]
criterion = "1.1.1"
status = "confirmed"
framework = "demo"
sha256 = "ef15852ca764143c"
reference = "47/UBND-TTHC"
issuer = "Ủy ban nhân dân tỉnh Quảng Ngãi"
path = "archive/a.txt"
decided_at = "2026-01-02T03:04:05+07:00"

[[decision]]
criterion = "1.1.2"
status = "rejected"
sha256 = "d93c6eac50e12396"
path = "archive/b.txt"
"#;
        std::fs::write(dir.path().join(FILE_NAME), toml_text).expect("write");
        let store = DecisionStore::load(dir.path()).expect("load");
        assert_eq!(store.decisions.len(), 2);
        assert!(!dir.path().join(FILE_NAME).exists());
        let bak = dir.path().join("evidence.toml.bak");
        assert_eq!(std::fs::read_to_string(&bak).expect("bak"), toml_text);
        let d = docs();
        assert_eq!(
            store.status("demo", "1.1.1", &d[0]),
            Some(DecisionStatus::Confirmed)
        );
        assert_eq!(
            store.status("any", "1.1.2", &d[1]),
            Some(DecisionStatus::Rejected)
        );
        let hist = history(dir.path(), None).expect("history");
        assert_eq!(hist[0].decision.reviewer.as_deref(), Some(FILE_NAME));
        assert_eq!(hist[0].decision.decided_at, "2026-01-02T03:04:05+07:00");
        // A TOML file put back (restoring the backup by mistake) is not imported twice.
        std::fs::copy(&bak, dir.path().join(FILE_NAME)).expect("copy");
        let again = DecisionStore::load(dir.path()).expect("load");
        assert_eq!(history(dir.path(), None).expect("history").len(), 2);
        assert_eq!(again.decisions.len(), 2);
    }

    #[test]
    fn concurrent_writers_lose_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = docs();
        let threads: Vec<_> = (0..8)
            .map(|t| {
                let dir = dir.path().to_path_buf();
                let doc = d[t % 3].clone();
                std::thread::spawn(move || {
                    for i in 0..25 {
                        let mut store = DecisionStore::load(&dir).expect("load");
                        store.reviewer = Some(format!("r{t}"));
                        let status = if i % 2 == 0 {
                            DecisionStatus::Confirmed
                        } else {
                            DecisionStatus::Rejected
                        };
                        store
                            .record(Some("demo"), &format!("{t}.{i}"), &doc, status, None)
                            .expect("record");
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().expect("thread");
        }
        let hist = history(dir.path(), None).expect("history");
        assert_eq!(hist.len(), 200);
        let store = DecisionStore::load(dir.path()).expect("load");
        assert_eq!(store.decisions.len(), 200);
        assert_eq!(
            store.status("demo", "3.4", &d[0]),
            Some(DecisionStatus::Confirmed)
        );
        assert_eq!(
            store.status("demo", "7.5", &d[1]),
            Some(DecisionStatus::Rejected)
        );
    }
}
