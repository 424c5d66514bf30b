//! Reviewers' decisions on evidence: which document is confirmed, or rejected, for which
//! criterion.
//!
//! Decisions are the one piece of human work in the pipeline, so they live in a plain TOML
//! file next to the index (`<index>/evidence.toml`) that a person can read, diff and back
//! up, and that ingest never touches. A decision names its document by SHA-256 *and* by
//! reference (`47/UBND-TTHC`) with issuer and date: the hash survives a move or rename, the
//! reference survives a re-scan or a PDF replacing the DOCX. Writes go to a temporary file in
//! the same folder, then rename, so an interrupted write never leaves half a file.

use std::io::Write;
use std::path::{Path, PathBuf};

use kiemchung_extractors::parse::refs::reference_key;
use kiemchung_extractors::text::fold;
use kiemchung_index::StoredDoc;
use serde::{Deserialize, Serialize};

/// The file name inside the index folder.
pub const FILE_NAME: &str = "evidence.toml";

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

    fn applies(&self, framework: &str, code: &str) -> bool {
        self.criterion == code && self.framework.as_deref().is_none_or(|f| f == framework)
    }
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
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct FileShape {
    #[serde(default)]
    decision: Vec<Decision>,
}

/// All decisions of one index folder.
#[derive(Debug, Clone, Default)]
pub struct DecisionStore {
    pub decisions: Vec<Decision>,
    path: Option<PathBuf>,
}

impl DecisionStore {
    /// Loads `<index_dir>/evidence.toml`; a missing file is an empty store.
    pub fn load(index_dir: &Path) -> Result<DecisionStore, StoreError> {
        let path = index_dir.join(FILE_NAME);
        let shown = path.display().to_string();
        let decisions = match std::fs::read_to_string(&path) {
            Ok(text) => {
                toml::from_str::<FileShape>(&text)
                    .map_err(|e| StoreError::Parse {
                        path: shown,
                        message: e.to_string(),
                    })?
                    .decision
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(source) => {
                return Err(StoreError::Read {
                    path: shown,
                    source,
                });
            }
        };
        Ok(DecisionStore {
            decisions,
            path: Some(path),
        })
    }

    /// Writes the store atomically (temporary file in the same folder, then rename).
    pub fn save(&self) -> Result<(), StoreError> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let shown = path.display().to_string();
        let err = |message: String| StoreError::Write {
            path: shown.clone(),
            message,
        };
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(|e| err(e.to_string()))?;
        let body = toml::to_string_pretty(&FileShape {
            decision: self.decisions.clone(),
        })
        .map_err(|e| err(e.to_string()))?;
        let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| err(e.to_string()))?;
        tmp.write_all(HEADER.as_bytes())
            .and_then(|()| tmp.write_all(body.as_bytes()))
            .and_then(|()| tmp.as_file().sync_all())
            .map_err(|e| err(e.to_string()))?;
        tmp.persist(path).map_err(|e| err(e.error.to_string()))?;
        Ok(())
    }

    /// The decision on `doc` for criterion `code`, if any (the latest wins).
    pub fn status(&self, framework: &str, code: &str, doc: &StoredDoc) -> Option<DecisionStatus> {
        self.decisions
            .iter()
            .rev()
            .find(|d| d.applies(framework, code) && d.is_about(doc))
            .map(|d| d.status)
    }

    /// Decisions for a criterion, in file order.
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
        self.decisions.retain(|d| {
            !(d.criterion == code && d.framework.as_deref() == framework && d.is_about(doc))
        });
        let rec = &doc.record;
        self.decisions.push(Decision {
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
            note,
            decided_at: chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        });
        let last = self.decisions.len() - 1;
        &self.decisions[last]
    }
}

const HEADER: &str = "\
# Quyết định của người rà soát về tài liệu kiểm chứng (kiemchung evidence confirm|reject).
# Mỗi [[decision]] gắn một văn bản (sha256 và số, ký hiệu) với một tiêu chí.
# Có thể sửa tay; kiemchung ingest không bao giờ ghi đè tệp này.

";

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
        store.decide(
            "demo",
            "1.1.1",
            &d[0],
            DecisionStatus::Confirmed,
            Some("Kế hoạch năm".into()),
        );
        store.decide("demo", "1.1.2", &d[1], DecisionStatus::Rejected, None);
        // A second decision on the same pair replaces the first.
        store.decide(
            "demo",
            "1.1.2",
            &d[1],
            DecisionStatus::Rejected,
            Some("không liên quan".into()),
        );
        store.save().expect("save");
        let text = std::fs::read_to_string(dir.path().join(FILE_NAME)).expect("file");
        assert!(text.contains("reference = \"47/UBND-TTHC\""), "{text}");
        assert!(text.starts_with("# Quyết định"));

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
        // No temporary files are left behind.
        let files = std::fs::read_dir(dir.path()).expect("dir").count();
        assert_eq!(files, 1);
    }
}
