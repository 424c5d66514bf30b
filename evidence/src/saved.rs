//! Saved searches: a named query a reviewer runs again and again ("kế hoạch CCHC năm 2025 của
//! UBND tỉnh", "quyết định công bố TTHC quý IV") — what Paperless-ngx calls saved views.
//!
//! They live in the same SQLite database as the decisions (`<index>/decisions.sqlite`) because
//! they are shared work of the review team, like the decisions: one reviewer saves, everyone
//! sees it, and a rebuilt index keeps them. A search is stored as its parameters (text, type,
//! issuer, year, date range), not as a URL, so the CLI and the web app read the same rows.
//!
//! Names are unique after trimming and case folding; saving under an existing name replaces
//! the query (the common "update my search" gesture) and keeps who first made it.

use std::path::Path;

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::decisions::{DB_NAME, StoreError, db_error, open_db};

/// The longest name accepted, in characters (it is shown in a sidebar).
pub const MAX_NAME_CHARS: usize = 120;

/// The parameters of a search, as the search page and `kiemchung search` take them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchParams {
    pub text: String,
    pub doc_type: String,
    pub issuer: String,
    pub year: String,
    pub from: String,
    pub to: String,
}

impl SearchParams {
    /// True when nothing would be searched.
    pub fn is_empty(&self) -> bool {
        [
            &self.text,
            &self.doc_type,
            &self.issuer,
            &self.year,
            &self.from,
            &self.to,
        ]
        .iter()
        .all(|s| s.trim().is_empty())
    }
}

/// One saved search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedSearch {
    pub id: i64,
    pub name: String,
    pub params: SearchParams,
    pub created_by: String,
    pub created_at: String,
    pub updated_at: String,
}

/// Why a search could not be saved.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("tên tìm kiếm trống")]
    EmptyName,
    #[error("tên tìm kiếm dài quá {MAX_NAME_CHARS} ký tự")]
    NameTooLong,
    #[error("không có gì để lưu: tìm kiếm trống")]
    EmptySearch,
    #[error(transparent)]
    Store(#[from] StoreError),
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS saved_search (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL UNIQUE,
    text       TEXT NOT NULL DEFAULT '',
    doc_type   TEXT NOT NULL DEFAULT '',
    issuer     TEXT NOT NULL DEFAULT '',
    year       TEXT NOT NULL DEFAULT '',
    date_from  TEXT NOT NULL DEFAULT '',
    date_to    TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
";

fn connect(index_dir: &Path) -> Result<rusqlite::Connection, StoreError> {
    let conn = open_db(index_dir)?;
    conn.execute_batch(SCHEMA).map_err(db_error(index_dir))?;
    Ok(conn)
}

/// The uniqueness key of a name: trimmed, inner whitespace collapsed, lower case (NFC kept, so
/// "Kế hoạch" and "Ke hoach" stay two names — reviewers type diacritics deliberately).
fn name_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn now() -> String {
    chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// Saves `params` under `name` (replacing the query of a search with the same name). Returns
/// the saved row.
pub fn save(
    index_dir: &Path,
    name: &str,
    params: &SearchParams,
    by: &str,
) -> Result<SavedSearch, SaveError> {
    let name: String = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(SaveError::EmptyName);
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(SaveError::NameTooLong);
    }
    if params.is_empty() {
        return Err(SaveError::EmptySearch);
    }
    let conn = connect(index_dir)?;
    let err = db_error(index_dir);
    let t = now();
    let p = params;
    conn.execute(
        "INSERT INTO saved_search
            (name, name_key, text, doc_type, issuer, year, date_from, date_to,
             created_by, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)
         ON CONFLICT (name_key) DO UPDATE SET
            name = excluded.name, text = excluded.text, doc_type = excluded.doc_type,
            issuer = excluded.issuer, year = excluded.year, date_from = excluded.date_from,
            date_to = excluded.date_to, updated_at = excluded.updated_at",
        params![
            name,
            name_key(&name),
            p.text.trim(),
            p.doc_type.trim(),
            p.issuer.trim(),
            p.year.trim(),
            p.from.trim(),
            p.to.trim(),
            by,
            t
        ],
    )
    .map_err(&err)?;
    get(index_dir, &name)?.ok_or_else(|| {
        SaveError::Store(StoreError::Db {
            path: index_dir.join(DB_NAME).display().to_string(),
            message: "saved search vanished after insert".to_owned(),
        })
    })
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SavedSearch> {
    Ok(SavedSearch {
        id: r.get(0)?,
        name: r.get(1)?,
        params: SearchParams {
            text: r.get(2)?,
            doc_type: r.get(3)?,
            issuer: r.get(4)?,
            year: r.get(5)?,
            from: r.get(6)?,
            to: r.get(7)?,
        },
        created_by: r.get(8)?,
        created_at: r.get(9)?,
        updated_at: r.get(10)?,
    })
}

const COLUMNS: &str = "id, name, text, doc_type, issuer, year, date_from, date_to, created_by, \
                       created_at, updated_at";

/// Every saved search, by name.
pub fn list(index_dir: &Path) -> Result<Vec<SavedSearch>, StoreError> {
    let conn = connect(index_dir)?;
    let err = db_error(index_dir);
    let mut stmt = conn
        .prepare(&format!(
            "SELECT {COLUMNS} FROM saved_search ORDER BY name_key"
        ))
        .map_err(&err)?;
    let rows = stmt.query_map([], row).map_err(&err)?;
    rows.collect::<Result<Vec<_>, _>>().map_err(&err)
}

/// The saved search called `name` (same uniqueness rule as [`save`]).
pub fn get(index_dir: &Path, name: &str) -> Result<Option<SavedSearch>, StoreError> {
    let conn = connect(index_dir)?;
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM saved_search WHERE name_key = ?1"),
        params![name_key(name)],
        row,
    )
    .optional()
    .map_err(db_error(index_dir))
}

/// Deletes the saved search with this id; false when there was none.
pub fn delete(index_dir: &Path, id: i64) -> Result<bool, StoreError> {
    let conn = connect(index_dir)?;
    conn.execute("DELETE FROM saved_search WHERE id = ?1", params![id])
        .map(|n| n > 0)
        .map_err(db_error(index_dir))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str, year: &str) -> SearchParams {
        SearchParams {
            text: text.into(),
            year: year.into(),
            ..SearchParams::default()
        }
    }

    #[test]
    fn save_list_replace_and_delete() {
        let dir = tempfile::tempdir().unwrap();
        let a = save(
            dir.path(),
            "  Kế hoạch   CCHC ",
            &p("ke hoach cai cach", "2025"),
            "lan",
        )
        .unwrap();
        assert_eq!(a.name, "Kế hoạch CCHC");
        assert_eq!(a.params.year, "2025");
        save(
            dir.path(),
            "Công bố TTHC",
            &p("cong bo thu tuc", ""),
            "minh",
        )
        .unwrap();
        // Same name, other case and spacing: the query is replaced, the author kept.
        let b = save(dir.path(), "kế hoạch cchc", &p("ke hoach", "2026"), "minh").unwrap();
        assert_eq!(b.id, a.id);
        assert_eq!(b.created_by, "lan");
        assert_eq!(b.params, p("ke hoach", "2026"));
        let all = list(dir.path()).unwrap();
        let names: Vec<&str> = all.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Công bố TTHC", "kế hoạch cchc"]);
        assert!(delete(dir.path(), a.id).unwrap());
        assert!(!delete(dir.path(), a.id).unwrap());
        assert_eq!(list(dir.path()).unwrap().len(), 1);
        assert!(get(dir.path(), "CÔNG BỐ TTHC").unwrap().is_some());
    }

    #[test]
    fn empty_names_and_searches_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            save(dir.path(), "  ", &p("x", ""), "a"),
            Err(SaveError::EmptyName)
        ));
        assert!(matches!(
            save(dir.path(), "x", &p(" ", " "), "a"),
            Err(SaveError::EmptySearch)
        ));
        assert!(matches!(
            save(
                dir.path(),
                &"ê".repeat(MAX_NAME_CHARS + 1),
                &p("x", ""),
                "a"
            ),
            Err(SaveError::NameTooLong)
        ));
    }
}
