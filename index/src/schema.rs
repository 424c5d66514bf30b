//! The tantivy schema, and the mapping between a [`StoredDoc`] and a tantivy document.
//!
//! Why the per-file state (path, size, mtime, sha256) lives in tantivy itself: a commit is
//! then the only state transition. There is no side database that could disagree with the
//! index after a `kill -9`; whatever the last commit holds is the truth, and the next ingest
//! compares the disk against it. Those four fields are fast fields so the incremental check
//! reads them column-wise without decompressing the document store.
//!
//! The record is stored whole as JSON (every field retrievable, the JSON contract unchanged);
//! the indexed fields are derived from it and never read back.

use chrono::{Datelike, NaiveDate};
use tantivy::schema::OwnedValue;
use tantivy::schema::document::{DeserializeError, DocumentDeserialize, DocumentDeserializer};
use tantivy::schema::{
    FAST, Facet, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions,
};
use tantivy::{DateTime, TantivyDocument};

use kiemchung_extractors::parse::doctype::canonical_name;

use crate::StoredDoc;
use crate::analysis::{self, VI, VI_FOLD};

/// What the incremental ingest needs to know about the file behind a document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FileState {
    /// Absolute path as ingested.
    pub path: String,
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch.
    pub mtime_ns: i64,
    pub sha256: String,
}

/// Handles to every field of the schema.
#[derive(Debug, Clone)]
pub struct Fields {
    pub path: Field,
    pub sha256: Field,
    pub size: Field,
    pub mtime: Field,
    pub record: Field,
    pub body: Field,
    pub body_f: Field,
    pub subject: Field,
    pub subject_f: Field,
    pub reference: Field,
    pub number: Field,
    pub symbol: Field,
    pub cites: Field,
    pub doc_type: Field,
    pub issuer: Field,
    pub issuer_f: Field,
    pub assignees: Field,
    pub facets: Field,
    pub year: Field,
    pub date_lo: Field,
    pub date_hi: Field,
    /// The trích yếu as evidence linking reads it ([`crate::analysis::Folded::lead`]): the
    /// folded subject, or the head of the folded text when the record has none. Phrase
    /// queries on it preselect exactly the documents a "trích yếu has …" rule can match.
    pub lead_f: Field,
    /// The canonical tên loại (`Kế hoạch`, `Quyết định`, …) as a term: rules name types by
    /// canonical name, and a typed clerk's `KẾ HOẠCH` or `Ke hoach` must meet the same term.
    pub kind: Field,
    /// The issuer as written, as a fast column: the archive's most frequent issuer (the
    /// assessed agency by default) is counted from it without reading any stored record.
    pub issuer_raw: Field,
    /// Markers of what a record carries (`tasks`): `kiemchung tasks` reads only the
    /// documents that assign tasks.
    pub has: Field,
}

fn text(tokenizer: &str, stored: bool) -> TextOptions {
    let opts = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    if stored { opts.set_stored() } else { opts }
}

impl Fields {
    /// Builds the schema and its field handles.
    pub fn build() -> (Schema, Fields) {
        let mut b = Schema::builder();
        let date_opts = tantivy::schema::DateOptions::default()
            .set_indexed()
            .set_fast();
        let fields = Fields {
            path: b.add_text_field("path", STRING | STORED | FAST),
            sha256: b.add_text_field("sha256", STRING | STORED | FAST),
            size: b.add_u64_field("size", STORED | FAST),
            mtime: b.add_i64_field("mtime", STORED | FAST),
            record: b.add_text_field("record", STORED),
            body: b.add_text_field("body", text(VI, true)),
            body_f: b.add_text_field("body_f", text(VI_FOLD, false)),
            subject: b.add_text_field("subject", text(VI, false)),
            subject_f: b.add_text_field("subject_f", text(VI_FOLD, false)),
            reference: b.add_text_field("reference", STRING),
            number: b.add_text_field("number", STRING),
            symbol: b.add_text_field("symbol", STRING),
            cites: b.add_text_field("cites", STRING),
            doc_type: b.add_text_field("doc_type", STRING),
            issuer: b.add_text_field("issuer", STRING),
            issuer_f: b.add_text_field("issuer_f", text(VI_FOLD, false)),
            assignees: b.add_text_field("assignees", text(VI_FOLD, false)),
            facets: b.add_facet_field("facets", FacetOptions::default()),
            year: b.add_u64_field("year", INDEXED | FAST),
            date_lo: b.add_date_field("date_lo", date_opts.clone()),
            date_hi: b.add_date_field("date_hi", date_opts),
            // Added fields go last: the older fields keep their ids, so a store written
            // with the previous layout still reads back (see `integrity::repair`).
            lead_f: b.add_text_field("lead_f", text(VI_FOLD, false)),
            kind: b.add_text_field("kind", STRING),
            issuer_raw: b.add_text_field("issuer_raw", TextOptions::default().set_fast("raw")),
            has: b.add_text_field("has", STRING),
        };
        (b.build(), fields)
    }

    /// The tantivy document for a stored doc and the state of its file.
    pub fn to_document(&self, doc: &StoredDoc, state: &FileState) -> TantivyDocument {
        let rec = &doc.record;
        let mut d = TantivyDocument::default();
        d.add_text(self.path, &state.path);
        d.add_text(self.sha256, &state.sha256);
        d.add_u64(self.size, state.size);
        d.add_i64(self.mtime, state.mtime_ns);
        // Serialising a Record cannot fail (plain strings, numbers, vectors).
        d.add_text(
            self.record,
            serde_json::to_string(rec).unwrap_or_else(|_| "{}".to_owned()),
        );
        d.add_text(self.body, &doc.text);
        d.add_text(self.body_f, &doc.text);
        if let Some(s) = &rec.subject {
            d.add_text(self.subject, s);
            d.add_text(self.subject_f, s);
        }
        if let Some(r) = rec.reference() {
            for k in analysis::ref_keys(&r) {
                d.add_text(self.reference, k);
            }
        }
        if let Some(n) = &rec.number {
            d.add_text(self.number, analysis::label_key(n.trim_start_matches('0')));
        }
        if let Some(s) = &rec.symbol {
            d.add_text(self.symbol, analysis::label_key(s));
        }
        for c in &rec.citations {
            for k in analysis::ref_keys(&c.reference) {
                d.add_text(self.cites, k);
            }
        }
        d.add_text(
            self.lead_f,
            analysis::Folded::lead(rec.subject.as_deref(), &doc.text),
        );
        if let Some(k) = rec.doc_type.as_deref().and_then(canonical_name) {
            d.add_text(self.kind, analysis::label_key(k));
        }
        if let Some(t) = &rec.doc_type {
            d.add_text(self.doc_type, analysis::label_key(t));
            d.add_facet(self.facets, Facet::from_path(["loai", t.as_str()]));
        }
        if let Some(i) = &rec.issuer {
            d.add_text(self.issuer_raw, i);
            d.add_text(self.issuer, analysis::label_key(i));
            d.add_text(self.issuer_f, i);
            d.add_facet(self.facets, Facet::from_path(["co-quan", i.as_str()]));
        }
        if !rec.tasks.is_empty() {
            d.add_text(self.has, HAS_TASKS);
        }
        for t in &rec.tasks {
            for a in &t.assignees {
                d.add_text(self.assignees, a);
            }
        }
        if let Some(y) = rec.year()
            && let Ok(y) = u64::try_from(y)
        {
            d.add_u64(self.year, y);
            d.add_facet(
                self.facets,
                Facet::from_path(["nam", y.to_string().as_str()]),
            );
        }
        if let Some((lo, hi)) = rec.date.as_deref().and_then(date_span) {
            d.add_date(self.date_lo, lo);
            d.add_date(self.date_hi, hi);
        }
        d
    }
}

/// The `has` marker of a record with tasks.
pub const HAS_TASKS: &str = "tasks";

/// The first and last day an ISO date, possibly partial (`2023-10`, `2023`), can denote.
pub fn date_span(iso: &str) -> Option<(DateTime, DateTime)> {
    let (lo, hi) = date_bounds(iso)?;
    Some((to_datetime(lo), to_datetime(hi)))
}

/// Like [`date_span`] but as calendar days.
pub fn date_bounds(iso: &str) -> Option<(NaiveDate, NaiveDate)> {
    let mut parts = iso.trim().splitn(3, '-');
    let y: i32 = parts.next()?.parse().ok()?;
    if !(1900..=2200).contains(&y) {
        return None;
    }
    match (parts.next(), parts.next()) {
        (None, _) => Some((
            NaiveDate::from_ymd_opt(y, 1, 1)?,
            NaiveDate::from_ymd_opt(y, 12, 31)?,
        )),
        (Some(m), None) => {
            let m: u32 = m.parse().ok()?;
            let lo = NaiveDate::from_ymd_opt(y, m, 1)?;
            let next = if m == 12 {
                NaiveDate::from_ymd_opt(y + 1, 1, 1)?
            } else {
                NaiveDate::from_ymd_opt(y, m + 1, 1)?
            };
            Some((lo, next.pred_opt()?))
        }
        (Some(m), Some(d)) => {
            let day = NaiveDate::from_ymd_opt(y, m.parse().ok()?, d.parse().ok()?)?;
            Some((day, day))
        }
    }
}

/// Midnight UTC of `day` as a tantivy date.
pub fn to_datetime(day: NaiveDate) -> DateTime {
    let days = i64::from(day.num_days_from_ce()) - 719_163; // days from 0001-01-01 to 1970-01-01
    DateTime::from_timestamp_secs(days * 86_400)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_span_their_period() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let cases = [
            ("2022-01-06", "2022-01-06", "2022-01-06"),
            ("2023-10", "2023-10-01", "2023-10-31"),
            ("2024-02", "2024-02-01", "2024-02-29"),
            ("2023-12", "2023-12-01", "2023-12-31"),
            ("2023", "2023-01-01", "2023-12-31"),
        ];
        for (iso, lo, hi) in cases {
            assert_eq!(date_bounds(iso), Some((d(lo), d(hi))), "{iso}");
        }
        assert_eq!(date_bounds("2023-13"), None);
        assert_eq!(date_bounds("ngày 5"), None);
    }

    #[test]
    fn datetime_is_midnight_utc() {
        let day = NaiveDate::from_ymd_opt(1970, 1, 2).unwrap();
        assert_eq!(to_datetime(day).into_timestamp_secs(), 86_400);
    }
}

/// The stored fields a record reader needs (path, SHA-256, record JSON), read in the order
/// they were written: everything [`Fields::to_document`] adds before the body. Reading stops
/// once the record is in hand, so the body — most of a stored document — is never copied.
/// A store written in another order still reads right: fields are taken until all three are
/// seen, whatever comes before.
#[derive(Debug, Default)]
pub struct Head {
    pub path: String,
    pub sha256: String,
    pub record: String,
}

impl DocumentDeserialize for Head {
    fn deserialize<'de, D>(mut deserializer: D) -> Result<Self, DeserializeError>
    where
        D: DocumentDeserializer<'de>,
    {
        let (path, sha256, record) = head_field_ids();
        let mut head = Head::default();
        let mut seen = 0u8;
        while seen != 0b111 {
            let Some((field, value)) = deserializer.next_field::<OwnedValue>()? else {
                break;
            };
            let text = || match value {
                OwnedValue::Str(s) => s,
                _ => String::new(),
            };
            if field == path {
                head.path = text();
                seen |= 1;
            } else if field == sha256 {
                head.sha256 = text();
                seen |= 2;
            } else if field == record {
                head.record = text();
                seen |= 4;
            }
        }
        Ok(head)
    }
}

/// The ids of `path`, `sha256` and `record`: fixed by the order of [`Fields::build`] (added
/// fields go last, so these never move).
fn head_field_ids() -> (Field, Field, Field) {
    let [path, sha256, record] = HEAD_FIELDS;
    (path, sha256, record)
}

/// `path`, `sha256` and `record`, by id ([`head_field_ids`]).
pub(crate) const HEAD_FIELDS: [Field; 3] = [
    Field::from_field_id(0),
    Field::from_field_id(1),
    Field::from_field_id(4),
];

#[cfg(test)]
mod head_tests {
    use super::*;

    #[test]
    fn head_field_ids_are_the_schema_s() {
        let (_, f) = Fields::build();
        assert_eq!(head_field_ids(), (f.path, f.sha256, f.record));
    }
}
