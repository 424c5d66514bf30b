//! Criteria catalogs (bộ tiêu chí): the frameworks a PAR Index is scored against.
//!
//! Every level (bộ, tỉnh, sở, huyện, xã) and every province publishes its own table, and the
//! tables change from year to year, so the tool never bakes one in: a catalog is a TOML file
//! (`docs/criteria-format.md`) that a clerk can import from the published CSV/XLSX
//! ([`import`]), read, and extend with evidence rules. The tree is implied by the codes
//! (`1` → `1.1` → `1.1.2`) so a table row is all that is needed to place a node; validation
//! ([`Catalog::validate`]) reports every problem at once, with the code it concerns, because a
//! clerk fixes a 90-row table in one pass, not one error per run.

pub mod import;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::Path;

use kiemchung_extractors::dates::PartialDate;
use kiemchung_extractors::parse::doctype::canonical_name;
use kiemchung_extractors::text::fold;
use serde::{Deserialize, Serialize};

/// Administrative levels a framework can assess, as written in Vietnamese.
pub const LEVELS: &[&str] = &["bộ", "tỉnh", "sở", "huyện", "xã"];

/// Points are compared with this tolerance (tables use two decimals: 9,38).
pub const EPS: f64 = 1e-6;

/// A whole catalog file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    pub framework: Framework,
    #[serde(default)]
    pub criteria: Vec<Criterion>,
}

/// The framework a catalog describes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Framework {
    /// Short stable id (`"quangngai-733-2022-huyen"`); decisions are scoped by it.
    pub id: String,
    pub name: String,
    /// The legal act that issues the table (`"Quyết định số 876/QĐ-BNV ngày 10/11/2022"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// `bộ`, `tỉnh`, `sở`, `huyện` or `xã`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// Evaluation year: evidence must fall in it unless a rule says otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// The scale (usually 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_points: Option<f64>,
    /// Who wrote the evidence rules when they are not part of the official table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rules_source: Option<String>,
    /// Any other key is kept as written (source_url, complete, ...).
    #[serde(flatten)]
    pub extra: BTreeMap<String, toml::Value>,
}

/// One node: lĩnh vực, tiêu chí or tiêu chí thành phần.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    /// `1`, `1.1`, `1.1.2`: the parent is the code without its last part.
    pub code: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_points: Option<f64>,
    /// The scoring rule as the table words it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scoring: Option<String>,
    /// What counts as tài liệu kiểm chứng for this node.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRule>,
    #[serde(flatten)]
    pub extra: BTreeMap<String, toml::Value>,
}

impl Criterion {
    /// The official tài liệu kiểm chứng of this node as the table lists them (`tlkc`, one
    /// item per entry or per line), without list dashes and closing `;`/`.`: what a reviewer
    /// checks the proposals against.
    pub fn tlkc(&self) -> Vec<String> {
        let lines: Vec<String> = match self.extra.get("tlkc") {
            Some(toml::Value::Array(items)) => items
                .iter()
                .filter_map(|v| v.as_str())
                .flat_map(str::lines)
                .map(str::to_owned)
                .collect(),
            Some(toml::Value::String(s)) => s.lines().map(str::to_owned).collect(),
            _ => Vec::new(),
        };
        lines
            .iter()
            .map(|l| {
                l.trim()
                    .trim_start_matches(['-', '+', '•', '*'])
                    .trim()
                    .trim_end_matches([';', '.', ','])
                    .trim()
                    .to_owned()
            })
            .filter(|l| !l.is_empty())
            .collect()
    }
}

/// One kind of document a criterion needs. A document matches a rule when it meets every
/// condition given; a criterion is covered when each rule has `min_docs` documents.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceRule {
    /// Human label for reports (`"Kế hoạch CCHC năm"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Tên loại accepted (`"Kế hoạch"`, `"Quyết định"`); empty = any type.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub doc_types: Vec<String>,
    /// At least one of these phrases must occur (diacritic-insensitive).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub any: Vec<String>,
    /// Every one of these phrases must occur (diacritic-insensitive).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub all: Vec<String>,
    /// The issuer must contain one of these (diacritic-insensitive; `UBND` = `Ủy ban nhân dân`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub issuers: Vec<String>,
    /// At least one of these phrases must occur in the trích yếu (subject): the strong
    /// evidence a reviewer looks at first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subject_any: Vec<String>,
    /// Every one of these phrases must occur in the trích yếu.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subject_all: Vec<String>,
    /// None of these phrases may occur in the trích yếu (a kiểm tra plan is not the annual plan).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub none: Vec<String>,
    /// Whose documents count: `self` (the assessed agency and its units), `higher` (another,
    /// usually higher, body) or `any`. Default: `any` in a catalog, `self` in a profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer_role: Option<String>,
    /// The years a trích yếu may name (`Y`, `Y-1..Y`); default: the evaluation year. A plan
    /// "năm 2024" issued in December 2024 is not the plan for 2025.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub years: Option<String>,
    /// Period start: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or relative to the evaluation year Y
    /// (`Y`, `Y-1-10` = 1 October of Y−1); default: 1 January of the year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Period end (same forms; `Y+1-01-31` = 31 January of Y+1); default: 31 December of Y.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// How many documents are needed (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_docs: Option<u32>,
    /// Where the rule comes from (an official text, or a reviewer's note).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// What in the rule is the project's (or the clerk's) judgement rather than an official text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub judgement: Option<String>,
}

/// A period bound as written: absolute (`2022-10`) or relative to the evaluation year
/// (`Y`, `Y-1`, `Y-1-10`, `Y+1-01-31`). Relative bounds need a year; `None` when unreadable.
pub fn resolve_bound(s: &str, year: Option<i32>) -> Option<BoundDate> {
    let s = s.trim();
    let Some(rest) = s.strip_prefix(['Y', 'y']) else {
        return PartialDate::parse_iso(s).map(BoundDate);
    };
    let y = year?;
    // After `Y`: an optional one-digit year offset (`+1`, `-1`), then `-MM[-DD]`. Months are
    // two digits, so `Y-06` is June of Y and `Y-1` the year before.
    let b = rest.as_bytes();
    let (offset, tail) = if b.len() >= 2
        && (b[0] == b'+' || b[0] == b'-')
        && b[1].is_ascii_digit()
        && (b.len() == 2 || b[2] == b'-')
    {
        let n = i32::from(b[1] - b'0');
        (if b[0] == b'-' { -n } else { n }, &rest[2..])
    } else {
        (0, rest)
    };
    let iso = match tail {
        "" => format!("{}", y + offset),
        t if t.starts_with('-') => format!("{}{t}", y + offset),
        _ => return None,
    };
    PartialDate::parse_iso(&iso).map(BoundDate)
}

/// A resolved period bound.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoundDate(pub PartialDate);

/// Whether a bound is written relative to the evaluation year.
pub fn is_relative(s: &str) -> bool {
    s.trim().starts_with(['Y', 'y'])
}

/// Parses `Y`, `Y-1..Y`, `Y..Y+1` into inclusive year offsets.
pub fn parse_years(s: &str) -> Option<(i32, i32)> {
    let one = |t: &str| -> Option<i32> {
        let t = t.trim();
        let rest = t.strip_prefix(['Y', 'y'])?;
        if rest.is_empty() {
            Some(0)
        } else {
            rest.parse::<i32>().ok()
        }
    };
    match s.split_once("..") {
        Some((a, b)) => Some((one(a)?, one(b)?)),
        None => one(s).map(|o| (o, o)),
    }
}

impl EvidenceRule {
    pub fn needed(&self) -> u32 {
        self.min_docs.unwrap_or(1).max(1)
    }

    /// The period evidence must fall in, for evaluation year `year`.
    pub fn period(&self, year: Option<i32>) -> Option<Period> {
        let from = self
            .from
            .as_deref()
            .and_then(|s| resolve_bound(s, year))
            .map(|d| d.0.first_day())
            .or_else(|| year.map(|y| (y, 1, 1)));
        let to = self
            .to
            .as_deref()
            .and_then(|s| resolve_bound(s, year))
            .map(|d| d.0.last_day())
            .or_else(|| year.map(|y| (y, 12, 31)));
        match (from, to) {
            (None, None) => None,
            (from, to) => Some(Period {
                from: from.unwrap_or((1900, 1, 1)),
                to: to.unwrap_or((2200, 12, 31)),
            }),
        }
    }
}

/// An inclusive range of days, as `(year, month, day)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: (i32, u32, u32),
    pub to: (i32, u32, u32),
}

/// Where a document's date stands against a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodFit {
    /// Every day the date can mean is inside.
    Inside,
    /// A partial date (`2022`) that overlaps the period without being contained in it.
    Overlaps,
    Outside,
    /// No usable date.
    Unknown,
}

impl Period {
    /// The calendar year, as a period.
    pub fn year(y: i32) -> Period {
        Period {
            from: (y, 1, 1),
            to: (y, 12, 31),
        }
    }

    /// How an ISO (possibly partial) date fits in the period.
    pub fn fit(&self, date: Option<&str>) -> PeriodFit {
        let Some(d) = date.and_then(PartialDate::parse_iso) else {
            return PeriodFit::Unknown;
        };
        let (first, last) = (d.first_day(), d.last_day());
        if first >= self.from && last <= self.to {
            PeriodFit::Inside
        } else if last < self.from || first > self.to {
            PeriodFit::Outside
        } else {
            PeriodFit::Overlaps
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (a, b) = (self.from, self.to);
        write!(
            f,
            "{:02}/{:02}/{}–{:02}/{:02}/{}",
            a.2, a.1, a.0, b.2, b.1, b.0
        )
    }
}

/// Why a catalog could not be loaded.
///
/// `Display` is Vietnamese, the users' language; [`LoadError::message`] gives either
/// language, so a run under `--lang en` says the same thing in English (a clerk's catalog
/// errors are the one place a wrong language costs a fix).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("không đọc được {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: TOML không hợp lệ: {error}")]
    Toml { path: String, error: TomlError },
    /// A table (CSV, XLSX) given where a catalog is read, that does not import.
    #[error("{path}: {error}")]
    Import {
        path: String,
        error: import::ImportError,
    },
    #[error("{path}: bộ tiêu chí có {} lỗi:\n{}", .errors.len(), list(.errors, false))]
    Invalid {
        path: String,
        errors: Vec<CatalogError>,
    },
}

impl LoadError {
    /// The message in English (`english`) or Vietnamese (the `Display` text).
    pub fn message(&self, english: bool) -> String {
        if !english {
            return self.to_string();
        }
        match self {
            LoadError::Io { path, source } => format!("cannot read {path}: {source}"),
            LoadError::Toml { path, error } => {
                format!("{path}: invalid TOML: {}", error.message(true))
            }
            LoadError::Import { path, error } => format!("{path}: {}", error.message(true)),
            LoadError::Invalid { path, errors } => format!(
                "{path}: the criteria catalog has {} error{}:\n{}",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" },
                list(errors, true)
            ),
        }
    }

    /// The message in English.
    pub fn english(&self) -> String {
        self.message(true)
    }
}

fn list(errors: &[CatalogError], english: bool) -> String {
    errors
        .iter()
        .map(|e| format!("  - {}", e.message(english)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Why a catalog's TOML was refused before validation.
#[derive(Debug, Clone, PartialEq)]
pub enum TomlError {
    /// Not TOML, or not the shape of a catalog (the `toml` crate's words, which are English).
    Syntax(String),
    /// Keys the catalog does not know: a misspelt key would be kept silently and change the
    /// audit (`max_point = 1.0` leaves the criterion without points).
    UnknownKeys(Vec<UnknownKey>),
}

impl TomlError {
    /// The message in English (`english`) or Vietnamese (the `Display` text).
    pub fn message(&self, english: bool) -> String {
        match self {
            TomlError::Syntax(m) => m.clone(),
            TomlError::UnknownKeys(keys) => keys
                .iter()
                .map(|k| k.message(english))
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    /// The message in English.
    pub fn english(&self) -> String {
        self.message(true)
    }
}

impl fmt::Display for TomlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(false))
    }
}

impl std::error::Error for TomlError {}

/// A key of the catalog file that is neither a field nor a documented extra key.
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownKey {
    /// 1-based line of its first occurrence, when found.
    pub line: Option<usize>,
    pub key: String,
    /// `None`: in `[framework]`; `Some(code)`: in that criterion.
    pub criterion: Option<String>,
    /// The nearest known key, when close enough to be a misspelling.
    pub suggestion: Option<&'static str>,
}

impl UnknownKey {
    /// "dòng 9: khóa không biết `max_point` trong tiêu chí 1 (ý là `max_points`?)", or the
    /// same in English.
    pub fn message(&self, english: bool) -> String {
        let mut s = String::new();
        if let Some(n) = self.line {
            s.push_str(&if english {
                format!("line {n}: ")
            } else {
                format!("dòng {n}: ")
            });
        }
        let within = match (&self.criterion, english) {
            (None, _) => "[framework]".to_owned(),
            (Some(c), false) => format!("tiêu chí {c}"),
            (Some(c), true) => format!("criterion {c}"),
        };
        let key = &self.key;
        s.push_str(&if english {
            format!("unknown key `{key}` in {within}")
        } else {
            format!("khóa không biết `{key}` trong {within}")
        });
        if let Some(k) = self.suggestion {
            s.push_str(&if english {
                format!(" (did you mean `{k}`?)")
            } else {
                format!(" (ý là `{k}`?)")
            });
        }
        s
    }
}

/// One problem found by [`Catalog::validate`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CatalogError {
    #[error("framework.id trống")]
    MissingFrameworkId,
    #[error("cấp đánh giá không hợp lệ {0:?} (dùng: bộ, tỉnh, sở, huyện, xã)")]
    UnknownLevel(String),
    #[error("mã tiêu chí không hợp lệ {0:?} (dạng 1, 1.1, 1.1.2)")]
    BadCode(String),
    #[error("tiêu chí {0}: tên trống")]
    EmptyName(String),
    #[error("mã tiêu chí {0} bị trùng")]
    DuplicateCode(String),
    #[error("tiêu chí {code}: không có tiêu chí cha {parent}")]
    Orphan { code: String, parent: String },
    #[error("tiêu chí {code}: điểm tối đa âm ({points})")]
    NegativePoints { code: String, points: f64 },
    #[error("tiêu chí {parent}: tổng điểm các tiêu chí con {children} vượt điểm tối đa {max}")]
    ChildrenExceedParent {
        parent: String,
        children: f64,
        max: f64,
    },
    #[error(
        "tiêu chí {code}: điểm tối đa {points} vượt điểm tối đa {max} của tiêu chí cha {parent}"
    )]
    ChildExceedsParent {
        code: String,
        parent: String,
        points: f64,
        max: f64,
    },
    #[error("tổng điểm các lĩnh vực {sum} vượt thang điểm {total}")]
    AreasExceedTotal { sum: f64, total: f64 },
    #[error("tiêu chí {code}: loại văn bản không biết {doc_type:?}")]
    UnknownDocType { code: String, doc_type: String },
    #[error(
        "tiêu chí {code}: ngày không hợp lệ {value:?} (dạng YYYY, YYYY-MM, YYYY-MM-DD, Y, Y-1-10, Y+1-01-31)"
    )]
    BadDate { code: String, value: String },
    #[error("tiêu chí {code}: kỳ kiểm chứng từ {from} đến {to} bị ngược")]
    EmptyPeriod {
        code: String,
        from: String,
        to: String,
    },
    #[error("tiêu chí {code}: quy tắc kiểm chứng trống (cần ít nhất một điều kiện)")]
    EmptyRule { code: String },
    #[error("tiêu chí {code}: cụm từ trống trong quy tắc")]
    EmptyPhrase { code: String },
    #[error("tiêu chí {code}: issuer_role không hợp lệ {value:?} (dùng: self, higher, any)")]
    BadIssuerRole { code: String, value: String },
}

impl CatalogError {
    /// The message in English (`english`) or Vietnamese (the `Display` text).
    pub fn message(&self, english: bool) -> String {
        if english {
            self.english()
        } else {
            self.to_string()
        }
    }

    /// The message in English, naming the same code and values as the Vietnamese one.
    pub fn english(&self) -> String {
        match self {
            CatalogError::MissingFrameworkId => "framework.id is empty".to_owned(),
            CatalogError::UnknownLevel(l) => {
                format!("invalid level {l:?} (use: bộ, tỉnh, sở, huyện, xã)")
            }
            CatalogError::BadCode(c) => {
                format!("invalid criterion code {c:?} (form 1, 1.1, 1.1.2)")
            }
            CatalogError::EmptyName(c) => format!("criterion {c}: empty name"),
            CatalogError::DuplicateCode(c) => format!("criterion code {c} is duplicated"),
            CatalogError::Orphan { code, parent } => {
                format!("criterion {code}: no parent criterion {parent}")
            }
            CatalogError::NegativePoints { code, points } => {
                format!("criterion {code}: negative maximum points ({points})")
            }
            CatalogError::ChildrenExceedParent {
                parent,
                children,
                max,
            } => format!(
                "criterion {parent}: the sub-criteria's points {children} exceed its maximum {max}"
            ),
            CatalogError::ChildExceedsParent {
                code,
                parent,
                points,
                max,
            } => format!(
                "criterion {code}: maximum points {points} exceed the maximum {max} of parent criterion {parent}"
            ),
            CatalogError::AreasExceedTotal { sum, total } => {
                format!("the areas' points {sum} exceed the scale {total}")
            }
            CatalogError::UnknownDocType { code, doc_type } => {
                format!("criterion {code}: unknown document type {doc_type:?}")
            }
            CatalogError::BadDate { code, value } => format!(
                "criterion {code}: invalid date {value:?} (form YYYY, YYYY-MM, YYYY-MM-DD, Y, Y-1-10, Y+1-01-31)"
            ),
            CatalogError::EmptyPeriod { code, from, to } => {
                format!("criterion {code}: evidence period from {from} to {to} is reversed")
            }
            CatalogError::EmptyRule { code } => {
                format!("criterion {code}: empty evidence rule (at least one condition is needed)")
            }
            CatalogError::EmptyPhrase { code } => {
                format!("criterion {code}: empty phrase in a rule")
            }
            CatalogError::BadIssuerRole { code, value } => {
                format!("criterion {code}: invalid issuer_role {value:?} (use: self, higher, any)")
            }
        }
    }
}

impl Catalog {
    /// Reads, parses and validates a catalog file. A table as provinces publish them (`.csv`,
    /// `.tsv`, `.xlsx`, `.xls`, `.ods`) is imported as `criteria import` does, so it can be
    /// given wherever a catalog is read; the TOML `criteria import` writes is where rules and
    /// corrections are kept.
    pub fn load(path: &Path) -> Result<Catalog, LoadError> {
        let shown = path.display().to_string();
        let cat = if import::is_table(path) {
            import::import_file(path).map_err(|error| LoadError::Import {
                path: shown.clone(),
                error,
            })?
        } else {
            let text = std::fs::read_to_string(path).map_err(|source| LoadError::Io {
                path: shown.clone(),
                source,
            })?;
            Catalog::from_toml(&text).map_err(|error| LoadError::Toml {
                path: shown.clone(),
                error,
            })?
        };
        let errors = cat.validate();
        if errors.is_empty() {
            Ok(cat)
        } else {
            Err(LoadError::Invalid {
                path: shown,
                errors,
            })
        }
    }

    /// Parses TOML without validating; codes and names are trimmed, text NFC-normalised.
    /// Unknown keys are refused with their line and the nearest known key (`max_point` →
    /// `max_points`): a misspelt key would otherwise be kept silently and change the audit.
    pub fn from_toml(text: &str) -> Result<Catalog, TomlError> {
        let mut cat: Catalog =
            toml::from_str(text).map_err(|e| TomlError::Syntax(e.to_string()))?;
        let unknown = unknown_keys(&cat, text);
        if !unknown.is_empty() {
            return Err(TomlError::UnknownKeys(unknown));
        }
        for c in &mut cat.criteria {
            c.code = normalize_code(&c.code);
            c.name = kiemchung_extractors::text::squash_spaces(&kiemchung_extractors::text::nfc(
                &c.name,
            ));
        }
        Ok(cat)
    }

    /// Writes the catalog as TOML.
    pub fn to_toml(&self) -> Result<String, toml::ser::Error> {
        toml::to_string_pretty(self)
    }

    /// Every problem, in file order. Empty means valid.
    pub fn validate(&self) -> Vec<CatalogError> {
        let mut errors = Vec::new();
        if self.framework.id.trim().is_empty() {
            errors.push(CatalogError::MissingFrameworkId);
        }
        if let Some(level) = &self.framework.level
            && !LEVELS.iter().any(|l| fold(l) == fold(level.trim()))
        {
            errors.push(CatalogError::UnknownLevel(level.clone()));
        }
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, c) in self.criteria.iter().enumerate() {
            if !is_valid_code(&c.code) {
                errors.push(CatalogError::BadCode(c.code.clone()));
                continue;
            }
            if seen.insert(c.code.as_str(), i).is_some() {
                errors.push(CatalogError::DuplicateCode(c.code.clone()));
            }
            if c.name.trim().is_empty() {
                errors.push(CatalogError::EmptyName(c.code.clone()));
            }
            if let Some(p) = c.max_points
                && p < 0.0
            {
                errors.push(CatalogError::NegativePoints {
                    code: c.code.clone(),
                    points: p,
                });
            }
            self.validate_rules(c, &mut errors);
        }
        for c in &self.criteria {
            if !is_valid_code(&c.code) {
                continue;
            }
            if let Some(parent) = parent_code(&c.code) {
                match seen.get(parent) {
                    None => errors.push(CatalogError::Orphan {
                        code: c.code.clone(),
                        parent: parent.to_owned(),
                    }),
                    Some(&pi) => {
                        let p = &self.criteria[pi];
                        if let (Some(points), Some(max)) = (c.max_points, p.max_points)
                            && points > max + EPS
                        {
                            errors.push(CatalogError::ChildExceedsParent {
                                code: c.code.clone(),
                                parent: p.code.clone(),
                                points,
                                max,
                            });
                        }
                    }
                }
            }
        }
        // Children's sum against the parent (only when every child has points). Children are
        // grouped once: asking `children()` per node made 100k-row imports quadratic.
        let mut children: HashMap<&str, Vec<&Criterion>> = HashMap::new();
        for c in &self.criteria {
            if let Some(parent) = parent_code(&c.code) {
                children.entry(parent).or_default().push(c);
            }
        }
        for p in &self.criteria {
            let Some(max) = p.max_points else { continue };
            let kids: &[&Criterion] = children.get(p.code.as_str()).map_or(&[], Vec::as_slice);
            // One child above the parent is reported as such, not again as a sum.
            if kids.is_empty()
                || kids
                    .iter()
                    .any(|k| k.max_points.is_none_or(|p| p > max + EPS))
            {
                continue;
            }
            let sum: f64 = kids.iter().filter_map(|k| k.max_points).sum();
            if sum > max + EPS {
                errors.push(CatalogError::ChildrenExceedParent {
                    parent: p.code.clone(),
                    children: round2(sum),
                    max,
                });
            }
        }
        if let Some(total) = self.framework.total_points {
            let sum: f64 = self.areas().filter_map(|a| a.max_points).sum();
            if sum > total + EPS {
                errors.push(CatalogError::AreasExceedTotal {
                    sum: round2(sum),
                    total,
                });
            }
        }
        errors
    }

    fn validate_rules(&self, c: &Criterion, errors: &mut Vec<CatalogError>) {
        for rule in &c.evidence {
            for t in &rule.doc_types {
                if canonical_name(t).is_none() {
                    errors.push(CatalogError::UnknownDocType {
                        code: c.code.clone(),
                        doc_type: t.clone(),
                    });
                }
            }
            if rule
                .any
                .iter()
                .chain(&rule.all)
                .chain(&rule.issuers)
                .any(|p| p.trim().is_empty())
            {
                errors.push(CatalogError::EmptyPhrase {
                    code: c.code.clone(),
                });
            }
            if rule.doc_types.is_empty()
                && rule.any.is_empty()
                && rule.all.is_empty()
                && rule.subject_any.is_empty()
                && rule.subject_all.is_empty()
                && rule.issuers.is_empty()
            {
                errors.push(CatalogError::EmptyRule {
                    code: c.code.clone(),
                });
            }
            for v in [&rule.from, &rule.to].into_iter().flatten() {
                // Relative bounds are checked against a sample year.
                if resolve_bound(v, Some(2000)).is_none() {
                    errors.push(CatalogError::BadDate {
                        code: c.code.clone(),
                        value: v.clone(),
                    });
                }
            }
            if let Some(r) = &rule.issuer_role
                && !["self", "higher", "any"].contains(&r.as_str())
            {
                errors.push(CatalogError::BadIssuerRole {
                    code: c.code.clone(),
                    value: r.clone(),
                });
            }
            if let Some(y) = &rule.years
                && parse_years(y).is_none()
            {
                errors.push(CatalogError::BadDate {
                    code: c.code.clone(),
                    value: y.clone(),
                });
            }
            if let (Some(f), Some(t)) = (
                rule.from
                    .as_deref()
                    .and_then(|s| resolve_bound(s, Some(2000))),
                rule.to
                    .as_deref()
                    .and_then(|s| resolve_bound(s, Some(2000))),
            ) && f.0.first_day() > t.0.last_day()
            {
                errors.push(CatalogError::EmptyPeriod {
                    code: c.code.clone(),
                    from: rule.from.clone().unwrap_or_default(),
                    to: rule.to.clone().unwrap_or_default(),
                });
            }
        }
    }

    /// A node by code.
    pub fn get(&self, code: &str) -> Option<&Criterion> {
        self.criteria.iter().find(|c| c.code == code)
    }

    /// Direct children of `code`, in file order.
    pub fn children<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a Criterion> + 'a {
        self.criteria
            .iter()
            .filter(move |c| parent_code(&c.code) == Some(code))
    }

    pub fn is_leaf(&self, code: &str) -> bool {
        self.children(code).next().is_none()
    }

    /// The codes that have children, in one pass. [`Catalog::is_leaf`] scans the whole
    /// catalog; a caller asking it of every criterion (import summaries, `criteria show`)
    /// would be quadratic, so it builds this set once: a code is a leaf when it is not in it.
    pub fn parent_codes(&self) -> std::collections::HashSet<&str> {
        self.criteria
            .iter()
            .filter_map(|c| parent_code(&c.code))
            .collect()
    }

    /// The top-level nodes (lĩnh vực).
    pub fn areas(&self) -> impl Iterator<Item = &Criterion> {
        self.criteria
            .iter()
            .filter(|c| parent_code(&c.code).is_none())
    }

    /// Nodes in tree order (a parent before its children, siblings by code number).
    pub fn tree_order(&self) -> Vec<&Criterion> {
        let mut v: Vec<&Criterion> = self.criteria.iter().collect();
        v.sort_by_key(|c| code_key(&c.code));
        v
    }

    /// The evaluation year: the command line wins over the catalog.
    pub fn year(&self, cli: Option<i32>) -> Option<i32> {
        cli.or(self.framework.year)
    }
}

/// Keys of `[framework]` besides the named fields: the metadata the transcribed official
/// catalogs carry (`shared/criteria/README.md`), kept as written.
pub const FRAMEWORK_EXTRA_KEYS: &[&str] = &[
    "agency",
    "complete",
    "data_period",
    "guidance_path",
    "guidance_source",
    "index_scale",
    "replaces",
    "software",
    "source_commit",
    "source_path",
    "source_repository",
    "source_url",
    "source_url_2",
    "stated_criteria_total",
    "stated_subcriteria_total",
    "survey_points",
];

/// Keys of `[[criteria]]` besides the named fields: the official TLKC texts and notes.
pub const CRITERION_EXTRA_KEYS: &[&str] = &[
    "criteria_count",
    "data_period",
    "guidance",
    "guide_label",
    "note",
    "self_assessed",
    "subcriteria_count",
    "survey",
    "tlkc",
    "tlkc_shared_with",
];

const FRAMEWORK_KEYS: &[&str] = &[
    "id",
    "name",
    "source",
    "level",
    "year",
    "total_points",
    "rules_source",
];
const CRITERION_KEYS: &[&str] = &["code", "name", "max_points", "scoring", "evidence"];

/// Every key the catalog keeps without knowing it, with its line and the nearest known key.
fn unknown_keys(cat: &Catalog, text: &str) -> Vec<UnknownKey> {
    let mut out = Vec::new();
    let mut check =
        |key: &str, extra: &[&'static str], named: &[&'static str], criterion: Option<&str>| {
            if extra.contains(&key) {
                return;
            }
            let line = text
                .lines()
                .position(|l| {
                    let t = l.trim_start();
                    t.strip_prefix(key)
                        .is_some_and(|r| r.trim_start().starts_with('='))
                })
                .map(|i| i + 1);
            let suggestion = named
                .iter()
                .chain(extra)
                .map(|k| (strsim::damerau_levenshtein(key, k), *k))
                .min()
                .filter(|(d, _)| *d <= 3)
                .map(|(_, k)| k);
            out.push(UnknownKey {
                line,
                key: key.to_owned(),
                criterion: criterion.map(str::to_owned),
                suggestion,
            });
        };
    for k in cat.framework.extra.keys() {
        check(k, FRAMEWORK_EXTRA_KEYS, FRAMEWORK_KEYS, None);
    }
    for c in &cat.criteria {
        for k in c.extra.keys() {
            check(k, CRITERION_EXTRA_KEYS, CRITERION_KEYS, Some(&c.code));
        }
    }
    out
}

/// `"1.1.2"` → `Some("1.1")`; top level → `None`.
pub fn parent_code(code: &str) -> Option<&str> {
    code.rsplit_once('.').map(|(p, _)| p)
}

/// The area (first part) of a code.
pub fn area_code(code: &str) -> &str {
    code.split('.').next().unwrap_or(code)
}

/// Depth: `1` is 1, `1.1.2` is 3.
pub fn depth(code: &str) -> usize {
    code.split('.').count()
}

/// Numeric sort key for a code (`1.10` after `1.9`).
pub fn code_key(code: &str) -> Vec<u32> {
    code.split('.')
        .map(|p| p.parse().unwrap_or(u32::MAX))
        .collect()
}

/// Codes are dot-separated positive numbers (`1`, `1.1`, `1.1.2`).
pub fn is_valid_code(code: &str) -> bool {
    !code.is_empty()
        && code
            .split('.')
            .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Trims a code as written in tables: spaces, a trailing dot (`1.1.`), leading zeros.
pub fn normalize_code(code: &str) -> String {
    let c: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let c = c.trim_end_matches('.');
    c.split('.')
        .map(|p| {
            let t = p.trim_start_matches('0');
            if t.is_empty() && !p.is_empty() {
                "0"
            } else {
                t
            }
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// Rounds to two decimals (points are published with two).
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Points as Vietnamese write them: decimal comma, no trailing zeros (`9,5`, `13`).
pub fn fmt_points(x: f64) -> String {
    let s = format!("{:.2}", round2(x));
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.replace('.', ",")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A province's table can be given wherever a catalog is read: `load` imports it as
    /// `criteria import` does; a table that does not import says why, naming the file.
    #[test]
    fn load_takes_a_table_as_criteria_import_does() {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures");
        let csv = fixtures.join("linking/tinh-2025.csv");
        let loaded = Catalog::load(&csv).expect("the 2025 table loads");
        let imported = import::import_file(&csv).expect("import");
        assert_eq!(loaded.criteria, imported.criteria);
        assert_eq!(loaded.criteria.len(), 134);
        let dir = tempfile::tempdir().expect("tmp");
        let bad = dir.path().join("bang.csv");
        std::fs::write(&bad, "a;b\n1;2\n").expect("write");
        let err = Catalog::load(&bad).expect_err("no header row");
        assert!(matches!(err, LoadError::Import { .. }), "{err:?}");
        assert!(
            err.to_string().starts_with(&bad.display().to_string()),
            "{err}"
        );
        assert!(
            err.message(true).contains("no table header row"),
            "{}",
            err.message(true)
        );
    }

    fn cat(body: &str) -> Catalog {
        let text = format!("[framework]\nid = \"t\"\nname = \"Thử\"\nlevel = \"tỉnh\"\n{body}");
        Catalog::from_toml(&text).expect("toml")
    }

    #[test]
    fn shared_shape_is_accepted() {
        for f in [
            "tinh-2948-bnv-2017-linhvuc.toml",
            "camau-1880-2013-partial.toml",
            "bo-876-bnv-2022-linhvuc.toml",
            "demo-tinh-2022.toml",
        ] {
            let path = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../fixtures/criteria")
                .join(f);
            let c = Catalog::load(&path).unwrap_or_else(|e| panic!("{f}: {e}"));
            assert!(!c.criteria.is_empty(), "{f}");
        }
    }

    #[test]
    fn each_validation_error() {
        let cases: Vec<(&str, CatalogError)> = vec![
            (
                "[[criteria]]\ncode = \"1\"\nname = \"A\"\n[[criteria]]\ncode = \"1\"\nname = \"B\"\n",
                CatalogError::DuplicateCode("1".into()),
            ),
            (
                "[[criteria]]\ncode = \"1\"\nname = \"A\"\n[[criteria]]\ncode = \"2.1\"\nname = \"B\"\n",
                CatalogError::Orphan {
                    code: "2.1".into(),
                    parent: "2".into(),
                },
            ),
            (
                "[[criteria]]\ncode = \"1\"\nname = \"A\"\nmax_points = 2.0\n\
                 [[criteria]]\ncode = \"1.1\"\nname = \"B\"\nmax_points = 1.5\n\
                 [[criteria]]\ncode = \"1.2\"\nname = \"C\"\nmax_points = 1.0\n",
                CatalogError::ChildrenExceedParent {
                    parent: "1".into(),
                    children: 2.5,
                    max: 2.0,
                },
            ),
            (
                "[[criteria]]\ncode = \"1\"\nname = \"A\"\nmax_points = 1.0\n\
                 [[criteria]]\ncode = \"1.1\"\nname = \"B\"\nmax_points = 3.0\n",
                CatalogError::ChildExceedsParent {
                    code: "1.1".into(),
                    parent: "1".into(),
                    points: 3.0,
                    max: 1.0,
                },
            ),
            (
                "[[criteria]]\ncode = \"1\"\nname = \"A\"\n[[criteria.evidence]]\ndoc_types = [\"Công văn hỏa tốc\"]\n",
                CatalogError::UnknownDocType {
                    code: "1".into(),
                    doc_type: "Công văn hỏa tốc".into(),
                },
            ),
            (
                "[[criteria]]\ncode = \"1.a\"\nname = \"A\"\n",
                CatalogError::BadCode("1.a".into()),
            ),
            (
                "[[criteria]]\ncode = \"1\"\nname = \" \"\n",
                CatalogError::EmptyName("1".into()),
            ),
            (
                "[[criteria]]\ncode = \"1\"\nname = \"A\"\n[[criteria.evidence]]\nany = [\"kế hoạch\"]\nfrom = \"2022-13\"\n",
                CatalogError::BadDate {
                    code: "1".into(),
                    value: "2022-13".into(),
                },
            ),
            (
                "[[criteria]]\ncode = \"1\"\nname = \"A\"\n[[criteria.evidence]]\nany = [\"kế hoạch\"]\nfrom = \"2023\"\nto = \"2022-06\"\n",
                CatalogError::EmptyPeriod {
                    code: "1".into(),
                    from: "2023".into(),
                    to: "2022-06".into(),
                },
            ),
            (
                "[[criteria]]\ncode = \"1\"\nname = \"A\"\n[[criteria.evidence]]\nmin_docs = 2\n",
                CatalogError::EmptyRule { code: "1".into() },
            ),
        ];
        for (body, want) in cases {
            let errors = cat(body).validate();
            assert_eq!(errors, vec![want.clone()], "{body}");
            // Every error has a readable message in both languages naming what to fix.
            assert!(!want.to_string().is_empty());
            let en = want.english();
            assert!(!en.contains("tiêu chí") && !en.contains("không"), "{en}");
            let code = match &want {
                CatalogError::DuplicateCode(c)
                | CatalogError::BadCode(c)
                | CatalogError::EmptyName(c) => c,
                CatalogError::Orphan { code, .. }
                | CatalogError::ChildExceedsParent { code, .. }
                | CatalogError::UnknownDocType { code, .. }
                | CatalogError::BadDate { code, .. }
                | CatalogError::EmptyPeriod { code, .. }
                | CatalogError::EmptyRule { code } => code,
                CatalogError::ChildrenExceedParent { parent, .. } => parent,
                other => panic!("case not covered: {other:?}"),
            };
            assert!(en.contains(code.as_str()), "{en}");
            assert!(en.contains("criterion"), "{en}");
        }
    }

    #[test]
    fn level_and_total_are_checked() {
        let mut c = cat(
            "[[criteria]]\ncode = \"1\"\nname = \"A\"\nmax_points = 60.0\n\
             [[criteria]]\ncode = \"2\"\nname = \"B\"\nmax_points = 50.0\n",
        );
        c.framework.level = Some("phường".into());
        c.framework.total_points = Some(100.0);
        assert_eq!(
            c.validate(),
            vec![
                CatalogError::UnknownLevel("phường".into()),
                CatalogError::AreasExceedTotal {
                    sum: 110.0,
                    total: 100.0
                }
            ]
        );
        c.framework.level = Some("HUYEN".into());
        c.criteria[1].max_points = Some(40.0);
        assert!(c.validate().is_empty());
    }

    #[test]
    fn doc_types_are_matched_without_diacritics() {
        let c = cat(
            "[[criteria]]\ncode = \"1\"\nname = \"A\"\n[[criteria.evidence]]\ndoc_types = [\"ke hoach\", \"QUYẾT ĐỊNH\"]\n",
        );
        assert!(c.validate().is_empty());
    }

    #[test]
    fn codes_are_normalised_and_ordered() {
        assert_eq!(normalize_code(" 1.1. "), "1.1");
        assert_eq!(normalize_code("01.02"), "1.2");
        assert_eq!(parent_code("1.1.2"), Some("1.1"));
        assert_eq!(parent_code("3"), None);
        let c = cat("[[criteria]]\ncode = \"1\"\nname = \"A\"\n\
             [[criteria]]\ncode = \"1.10\"\nname = \"J\"\n\
             [[criteria]]\ncode = \"1.9\"\nname = \"I\"\n");
        let order: Vec<&str> = c.tree_order().iter().map(|c| c.code.as_str()).collect();
        assert_eq!(order, ["1", "1.9", "1.10"]);
    }

    #[test]
    fn period_defaults_to_the_evaluation_year() {
        let rule = EvidenceRule::default();
        let p = rule.period(Some(2022)).expect("period");
        assert_eq!(p, Period::year(2022));
        assert_eq!(p.fit(Some("2022-07-15")), PeriodFit::Inside);
        assert_eq!(p.fit(Some("2022-10")), PeriodFit::Inside);
        assert_eq!(p.fit(Some("2023-01-04")), PeriodFit::Outside);
        assert_eq!(p.fit(Some("2021-12-31")), PeriodFit::Outside);
        assert_eq!(p.fit(None), PeriodFit::Unknown);
        assert!(rule.period(None).is_none());

        let q = EvidenceRule {
            from: Some("2022-07".into()),
            to: Some("2023-01-15".into()),
            ..EvidenceRule::default()
        };
        let p = q.period(Some(2022)).expect("period");
        assert_eq!(p.fit(Some("2022-06-30")), PeriodFit::Outside);
        assert_eq!(p.fit(Some("2022-07-01")), PeriodFit::Inside);
        assert_eq!(p.fit(Some("2023-01-15")), PeriodFit::Inside);
        assert_eq!(p.fit(Some("2023-01")), PeriodFit::Overlaps);
        assert_eq!(p.fit(Some("2022")), PeriodFit::Overlaps);
        assert_eq!(p.to_string(), "01/07/2022–15/01/2023");
    }

    #[test]
    fn relative_periods_serve_every_year() {
        let r = |s: &str, y| resolve_bound(s, Some(y)).map(|b| b.0.to_string());
        assert_eq!(r("Y", 2025).as_deref(), Some("2025"));
        assert_eq!(r("Y-1", 2025).as_deref(), Some("2024"));
        assert_eq!(r("Y-1-10", 2025).as_deref(), Some("2024-10"));
        assert_eq!(r("Y+1-01-31", 2025).as_deref(), Some("2026-01-31"));
        assert_eq!(r("Y-06", 2025).as_deref(), Some("2025-06"));
        assert_eq!(r("2022-10", 2025).as_deref(), Some("2022-10"));
        assert_eq!(r("Yx", 2025), None);
        assert!(resolve_bound("Y-1-10", None).is_none());
        // Phụ lục 2's TTHC window: 01/10 of Y−1 to 30/9 of Y, one rule for every year.
        let rule = EvidenceRule {
            from: Some("Y-1-10-01".into()),
            to: Some("Y-09-30".into()),
            ..EvidenceRule::default()
        };
        for y in [2023, 2025] {
            let p = rule.period(Some(y)).expect("period");
            assert_eq!(p.fit(Some(&format!("{}-10-01", y - 1))), PeriodFit::Inside);
            assert_eq!(p.fit(Some(&format!("{y}-09-30"))), PeriodFit::Inside);
            assert_eq!(p.fit(Some(&format!("{y}-10-01"))), PeriodFit::Outside);
        }
        assert_eq!(parse_years("Y-1..Y"), Some((-1, 0)));
        assert_eq!(parse_years("Y"), Some((0, 0)));
    }

    #[test]
    fn unknown_keys_are_refused_with_line_and_suggestion() {
        let text = "[framework]\nid = \"t\"\nname = \"T\"\nyaer = 2022\n\n[[criteria]]\ncode = \"1\"\nname = \"A\"\nmax_point = 1.0\ntlkc = [\"Kế hoạch\"]\nsurvey = true\n";
        let err = Catalog::from_toml(text).expect_err("unknown keys");
        let en = err.english();
        let err = err.to_string();
        assert!(
            en.contains(
                "line 9: unknown key `max_point` in criterion 1 (did you mean `max_points`?)"
            ),
            "{en}"
        );
        assert!(
            en.contains("line 4: unknown key `yaer` in [framework] (did you mean `year`?)"),
            "{en}"
        );
        assert!(
            err.contains(
                "dòng 9: khóa không biết `max_point` trong tiêu chí 1 (ý là `max_points`?)"
            ),
            "{err}"
        );
        assert!(
            err.contains("dòng 4: khóa không biết `yaer` trong [framework] (ý là `year`?)"),
            "{err}"
        );
        // The official catalogs' documented extra keys stay accepted.
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../fixtures/linking/bnv-1187-2025-tinh.toml");
        Catalog::load(&path).unwrap_or_else(|e| panic!("1187 table: {e}"));
    }

    #[test]
    fn points_print_with_decimal_comma() {
        assert_eq!(fmt_points(9.5), "9,5");
        assert_eq!(fmt_points(13.0), "13");
        assert_eq!(fmt_points(9.38), "9,38");
        assert_eq!(fmt_points(0.1 + 0.2), "0,3");
    }
}
