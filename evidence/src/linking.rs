//! Linking: which documents in the archive are evidence (tài liệu kiểm chứng) for which
//! criterion — and, as important, which criteria have none.
//!
//! Linking is a pure function of the catalog, the stored documents, the reviewers' decisions,
//! the assessed agency and the evidence profiles ([`crate::profiles`]); it keeps no state of its
//! own. Each leaf is linked on one *basis*, in this order: the catalog's own rules; "no
//! document evidence" (a survey item, or a profile that says so); a profile matched by name;
//! key phrases derived from its name. A document is proposed only when it meets a rule with a
//! confidence of at least [`PROPOSE_AT`]; otherwise the leaf gets nothing and the audit says
//! `no_evidence`. Abstaining is the point: a proposal for every criterion is no help to a
//! reviewer.
//!
//! Confidence (0–1) is built from what a reviewer checks first: the phrase in the trích yếu
//! (0.6) rather than only in the body (0.45); the document type the rule expects (+0.15); the
//! issuer being the assessed agency or one of its units (+0.15); a full date inside the period
//! (+0.1). Tiers: ≥ 0.8 "mạnh" (strong), ≥ 0.5 "vừa", below "yếu" (never proposed, shown by
//! `link --explain`). Name-derived phrases are guesses, so they start lower (0.5).
//!
//! Phrases are matched on whole words in folded text (`kiemchung_extractors::text::fold`:
//! no diacritics, lower case, runs of white space as one space), so `Kế hoạch cải cách hành
//! chính`, `KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH` and `ke hoach cai cach hanh chinh` are the same, and
//! a phrase broken across lines still matches. The abbreviations every office uses (`CCHC`,
//! `UBND`, `TTHC`, ...) match their long forms both ways. Folding keeps a byte map back to
//! the original text so snippets show the document's own words.

use std::collections::{BTreeMap, HashMap};

use kiemchung_extractors::dates::PartialDate;
use kiemchung_extractors::parse::doctype::canonical_name;
use kiemchung_index::analysis::{LEAD_BYTES, cut as head};
use kiemchung_index::{Filter, Index, IndexError, StoredDoc, Text};
use rayon::prelude::*;
use serde::Serialize;

use crate::criteria::{Catalog, Criterion, EvidenceRule, Period, PeriodFit, parse_years};
use crate::decisions::{DecisionStatus, DecisionStore};
use crate::profiles::{Profiles, marked_survey, not_self_assessed};

/// Proposals need at least this confidence.
pub const PROPOSE_AT: f32 = 0.5;
/// From this confidence on a proposal is "strong" (mạnh).
pub const STRONG_AT: f32 = 0.8;

/// Abbreviations and their long forms, folded. Matching tries both.
pub const ABBREVIATIONS: &[(&str, &str)] = &[
    ("cchc", "cai cach hanh chinh"),
    ("ubnd", "uy ban nhan dan"),
    ("hdnd", "hoi dong nhan dan"),
    ("tthc", "thu tuc hanh chinh"),
    ("qppl", "quy pham phap luat"),
    ("vbqppl", "van ban quy pham phap luat"),
    ("cbccvc", "can bo, cong chuc, vien chuc"),
    ("xhh", "xa hoi hoc"),
    ("dvctt", "dich vu cong truc tuyen"),
    ("cntt", "cong nghe thong tin"),
    ("pakn", "phan anh, kien nghi"),
    ("dvsncl", "don vi su nghiep cong lap"),
    ("nsnn", "ngan sach nha nuoc"),
    ("cqcm", "co quan chuyen mon"),
    ("dvhc", "don vi hanh chinh"),
    ("csdl", "co so du lieu"),
];

/// Subjects of documents about the index itself (self-assessment reports, results, guidance,
/// the TLKC upload reminders): they mention every criterion and prove none.
pub const OMNIBUS: &[&str] = &[
    "chi so cai cach hanh chinh",
    "chi so cchc",
    "cham diem",
    "tu danh gia",
    "tai lieu kiem chung",
    "xac dinh chi so",
    "par index",
];

/// Generic heads and fillers dropped from a name before it becomes key phrases: they occur in
/// every administrative text ("Ban hành", "Thực hiện", "Tỷ lệ", "đúng thời gian quy định").
const GENERIC: &[&str] = &[
    "ban hanh",
    "thuc hien",
    "ty le",
    "muc do",
    "ket qua",
    "cong tac",
    "to chuc",
    "trien khai",
    "dung thoi gian quy dinh",
    "theo quy dinh",
    "dung quy dinh",
    "quy dinh",
    "dung han",
    "day du",
    "kip thoi",
    "so luong",
    "hang nam",
    "hang nam",
    "trong nam",
    "nam",
    "viec",
    "cac",
    "cua",
    "va",
    "ve",
    "theo",
    "doi voi",
    "tai",
    "tren",
    "trong",
    "cho",
    "duoc",
    "co",
    "khong",
    "uy ban nhan dan",
    "hoi dong nhan dan",
    "cap tinh",
    "cap xa",
    "cap huyen",
    "cap bo",
    "tinh",
    "xa",
    "phuong",
    "huyen",
    "dac khu",
    "dia phuong",
    "co quan",
    "don vi",
    "nhiem vu",
    "danh gia",
    "chat luong",
    "hieu qua",
    "lanh dao",
    "tham muu",
    "thuoc",
    "pham vi",
    "quan ly",
    "tham quyen",
    "cac co quan",
    "nguoi dan",
    "to chuc",
    "giai quyet",
    "xu ly",
    "bao dam",
    "dam bao",
    "hoan thanh",
    "cap nhat",
    "hoan thien",
    "xay dung",
    "van hanh",
    "su dung",
    "duy tri",
];

/// Settings for one linking run.
#[derive(Debug, Clone)]
pub struct LinkOptions {
    /// Evaluation year (default period of every rule).
    pub year: Option<i32>,
    /// At most this many proposals per criterion (best first).
    pub max_per_criterion: usize,
    /// The assessed agency (whose index this is); `None`: issuers are not checked.
    pub agency: Option<Agency>,
    /// Collect near misses for this criterion code (`link --explain`).
    pub explain: Option<String>,
}

impl Default for LinkOptions {
    fn default() -> Self {
        LinkOptions {
            year: None,
            max_per_criterion: 20,
            agency: None,
            explain: None,
        }
    }
}

/// The assessed agency: whose documents are its evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agency {
    /// As given or as most often written in the archive.
    pub name: String,
    /// How it was determined: `"--agency"`, `"catalog"` or `"inferred"`.
    pub how: String,
    /// For an inferred agency: how many documents it issued, of how many.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issued: Option<(usize, usize)>,
    #[serde(skip)]
    folded: String,
    /// The place name (`lam dong`) that its units' headers carry.
    #[serde(skip)]
    locality: String,
}

const BODY_PREFIXES: &[&str] = &[
    "uy ban nhan dan",
    "hoi dong nhan dan",
    "so ",
    "bo ",
    "ban ",
    "van phong",
    "phong ",
];
const LEVEL_WORDS: &[&str] = &[
    "tinh ",
    "thanh pho ",
    "huyen ",
    "thi xa ",
    "xa ",
    "phuong ",
    "dac khu ",
    "quan ",
    "thi tran ",
];

impl Agency {
    pub fn new(name: &str, how: &str) -> Agency {
        let folded = expand_abbreviations(&fold_phrase(name));
        let mut rest = folded.as_str();
        for p in BODY_PREFIXES {
            if let Some(r) = rest.strip_prefix(p) {
                rest = r.trim_start();
                break;
            }
        }
        for l in LEVEL_WORDS {
            if let Some(r) = rest.strip_prefix(l) {
                rest = r;
                break;
            }
        }
        Agency {
            name: name.to_owned(),
            how: how.to_owned(),
            issued: None,
            locality: rest.trim().to_owned(),
            folded,
        }
    }

    /// The archive's most frequent issuer (issuer as written, compared folded).
    pub fn infer(docs: &[StoredDoc]) -> Option<Agency> {
        Agency::infer_from(
            docs.iter()
                .filter_map(|d| d.record.issuer.as_deref())
                .map(|i| (i, 1)),
        )
    }

    /// [`Agency::infer`] from issuers as written with their document counts, in the order
    /// documents carry them (the first spelling met names the agency); blank ones ignored.
    /// [`Index::issuer_counts`] gives these without reading any record.
    pub fn infer_from<'s>(issuers: impl IntoIterator<Item = (&'s str, usize)>) -> Option<Agency> {
        let mut counts: HashMap<String, (usize, String)> = HashMap::new();
        let mut total = 0;
        for (iss, n) in issuers {
            if iss.trim().is_empty() {
                continue;
            }
            total += n;
            let key = expand_abbreviations(&fold_phrase(iss));
            let e = counts.entry(key).or_insert((0, iss.to_owned()));
            e.0 += n;
        }
        let (_, (n, name)) = counts
            .into_iter()
            .max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.0.cmp(&a.0)))?;
        let mut a = Agency::new(&name, "inferred");
        a.issued = Some((n, total));
        Some(a)
    }

    /// Whose document this is, relative to the agency.
    pub fn relation(&self, p: &Prepared<'_>) -> IssuerRelation {
        if p.issuer.is_empty() {
            return IssuerRelation::Unknown;
        }
        let own = expand_abbreviations(&fold_phrase(p.doc.record.issuer.as_deref().unwrap_or("")));
        if own == self.folded || (!self.folded.is_empty() && own.contains(&self.folded)) {
            return IssuerRelation::Agency;
        }
        let parent = expand_abbreviations(&fold_phrase(
            p.doc.record.issuer_parent.as_deref().unwrap_or(""),
        ));
        if !parent.is_empty()
            && (parent.contains(&self.folded) || self.folded.contains(&parent) && parent.len() > 12)
        {
            return IssuerRelation::Unit;
        }
        // A unit (sở, văn phòng, ban, trung tâm, phòng) whose header names the agency's place,
        // but not another people's committee (a district is not the province's unit).
        let is_government = own.starts_with("uy ban nhan dan")
            || own.starts_with("hoi dong nhan dan")
            || own.starts_with("bo ")
            || own.starts_with("chinh phu")
            || own.starts_with("thu tuong")
            || own.contains("van phong chinh phu");
        if !is_government
            && !self.locality.is_empty()
            && (own.contains(&self.locality) || find_phrase(&p.header, &self.locality).is_some())
        {
            return IssuerRelation::Unit;
        }
        IssuerRelation::Other
    }
}

/// A document's issuer against the assessed agency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IssuerRelation {
    Agency,
    Unit,
    Other,
    Unknown,
}

/// Why a document was proposed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// Which profile or rule the proposal comes from.
    Basis { basis: String },
    /// Its tên loại is one the rule accepts.
    DocType { doc_type: String },
    /// A phrase of the rule occurs (`in_subject`: in the trích yếu).
    Phrase { phrase: String, in_subject: bool },
    /// The issuer matches a pattern of the rule.
    Issuer { pattern: String, issuer: String },
    /// The issuer against the assessed agency.
    Agency {
        issuer: String,
        agency: String,
        relation: IssuerRelation,
    },
    /// Its date falls in the period (`from`: where the date comes from when not the record's).
    Date {
        date: String,
        period: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        from: Option<String>,
    },
    /// Its date could not be checked against the period (kept for old decisions' reasons).
    DateUnknown { period: String },
    /// Found by full-text search on the criterion's name (former fallback; kept readable).
    Search { query: String },
    /// A reviewer confirmed it (it may meet no rule).
    Confirmed,
}

impl Reason {
    /// A short Vietnamese explanation.
    pub fn describe(&self) -> String {
        self.describe_in(false)
    }

    /// A short explanation in English (`english`) or Vietnamese. The reason itself is
    /// structured (what JSON carries); only its wording depends on the run's language.
    pub fn describe_in(&self, english: bool) -> String {
        let q = |p: &str| format!("«{p}»");
        match (self, english) {
            (Reason::Basis { basis }, _) => basis.clone(),
            (Reason::DocType { doc_type }, false) => format!("loại: {doc_type}"),
            (Reason::DocType { doc_type }, true) => format!("type: {doc_type}"),
            (Reason::Phrase { phrase, in_subject }, false) => {
                if *in_subject {
                    format!("trích yếu có {}", q(phrase))
                } else {
                    format!("nội dung có {}", q(phrase))
                }
            }
            (Reason::Phrase { phrase, in_subject }, true) => {
                if *in_subject {
                    format!("subject has {}", q(phrase))
                } else {
                    format!("text has {}", q(phrase))
                }
            }
            (Reason::Issuer { issuer, .. }, false) => format!("cơ quan: {issuer}"),
            (Reason::Issuer { issuer, .. }, true) => format!("issuer: {issuer}"),
            (
                Reason::Agency {
                    issuer,
                    agency,
                    relation,
                },
                false,
            ) => match relation {
                IssuerRelation::Agency => format!("do chính {agency} ban hành"),
                IssuerRelation::Unit => format!("{issuer} (đơn vị thuộc {agency})"),
                IssuerRelation::Other => format!("{issuer} (cơ quan khác, không phải {agency})"),
                IssuerRelation::Unknown => "không rõ cơ quan ban hành".to_owned(),
            },
            (
                Reason::Agency {
                    issuer,
                    agency,
                    relation,
                },
                true,
            ) => match relation {
                IssuerRelation::Agency => format!("issued by {agency} itself"),
                IssuerRelation::Unit => format!("{issuer} (a unit of {agency})"),
                IssuerRelation::Other => format!("{issuer} (another agency, not {agency})"),
                IssuerRelation::Unknown => "issuer unknown".to_owned(),
            },
            (Reason::Date { date, period, from }, false) => {
                let d = crate::audit::vn_date(date);
                match from {
                    Some(f) => format!("ngày {d} ({f}) trong kỳ {period}"),
                    None => format!("ngày {d} trong kỳ {period}"),
                }
            }
            (Reason::Date { date, period, from }, true) => {
                let d = crate::audit::vn_date(date);
                match from {
                    Some(f) => format!("dated {d} ({}) within {period}", date_source(f, true)),
                    None => format!("dated {d} within {period}"),
                }
            }
            (Reason::DateUnknown { period }, false) => format!("không rõ ngày (kỳ {period})"),
            (Reason::DateUnknown { period }, true) => format!("date unknown (period {period})"),
            (Reason::Search { query }, false) => format!("tìm theo tên tiêu chí {}", q(query)),
            (Reason::Search { query }, true) => {
                format!("found by the criterion's name {}", q(query))
            }
            (Reason::Confirmed, false) => "đã xác nhận".to_owned(),
            (Reason::Confirmed, true) => "confirmed".to_owned(),
        }
    }
}

/// Where a date comes from when the record has none ([`effective_date`]), as stored in
/// [`Reason::Date`]: the year in the document's number.
pub const DATE_FROM_NUMBER: &str = "năm trong số hiệu";
/// The same: the time of its digital signature.
pub const DATE_FROM_SIGNATURE: &str = "thời điểm ký số";

/// A date source ([`DATE_FROM_NUMBER`], [`DATE_FROM_SIGNATURE`]) in English or as stored.
pub fn date_source(from: &str, english: bool) -> &str {
    match (from, english) {
        (DATE_FROM_NUMBER, true) => "year in the document number",
        (DATE_FROM_SIGNATURE, true) => "time of the digital signature",
        _ => from,
    }
}

/// A tier's name ([`tier`]) in English (`english`) or as stored.
pub fn tier_in(tier: &str, english: bool) -> &str {
    match (tier, english) {
        ("mạnh", true) => "strong",
        ("vừa", true) => "medium",
        ("yếu", true) => "weak",
        _ => tier,
    }
}

/// The confidence tier's Vietnamese name.
pub fn tier(confidence: f32) -> &'static str {
    if confidence >= STRONG_AT {
        "mạnh"
    } else if confidence >= PROPOSE_AT {
        "vừa"
    } else {
        "yếu"
    }
}

/// One document proposed (or confirmed) for a criterion.
#[derive(Debug, Clone, Serialize)]
pub struct Proposal {
    /// SHA-256 of the document.
    pub doc: String,
    pub path: String,
    pub reference: Option<String>,
    pub doc_type: Option<String>,
    pub date: Option<String>,
    pub issuer: Option<String>,
    pub subject: Option<String>,
    /// Ranking score: the confidence, with a small bonus per matched phrase.
    pub score: f32,
    /// 0–1, see the module documentation; `tier` names it.
    pub confidence: f32,
    pub tier: &'static str,
    /// Indices of the rules the document meets.
    pub rules: Vec<usize>,
    pub reasons: Vec<Reason>,
    pub snippet: String,
    pub status: DecisionStatus,
}

/// On what a leaf was linked.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Basis {
    /// The catalog's own `[[criteria.evidence]]` rules.
    Rules,
    /// A profile matched by name.
    Profile {
        id: String,
        label: String,
        pattern: Vec<String>,
    },
    /// No document evidence by design: nothing is proposed.
    NoEvidence {
        reason: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        profile: Option<String>,
    },
    /// Key phrases derived from the name (no rule, no profile).
    Derived { phrases: Vec<String> },
    /// The documents the table's own "Tài liệu kiểm chứng" column names (no rule, no
    /// profile): each item's type and subject ([`table_rules`]).
    Table { items: Vec<String> },
    /// Nothing to link on (a parent node, or a name with nothing specific in it).
    None,
}

/// Why a leaf marked as scored by survey (ĐTXHH) gets no document evidence.
pub const NO_EVIDENCE_SURVEY: &str = "tiêu chí chấm qua điều tra xã hội học (ĐTXHH)";
/// Why a leaf marked `self_assessed = false` gets no document evidence.
pub const NO_EVIDENCE_NOT_SELF_ASSESSED: &str =
    "tiêu chí không tự đánh giá (self_assessed = false)";

impl Basis {
    /// Vietnamese description for tables and reasons.
    pub fn describe(&self) -> String {
        self.describe_in(false)
    }

    /// The description in English (`english`) or Vietnamese. Labels and reasons that come
    /// from a profile or the catalog are the catalog's own words and stay as written.
    pub fn describe_in(&self, english: bool) -> String {
        let quoted = |phrases: &[String]| {
            phrases
                .iter()
                .map(|p| format!("«{p}»"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match (self, english) {
            (Basis::Rules, false) => "quy tắc của bộ tiêu chí".to_owned(),
            (Basis::Rules, true) => "the catalog's rules".to_owned(),
            (Basis::Profile { id, label, .. }, false) => format!("hồ sơ «{label}» ({id})"),
            (Basis::Profile { id, label, .. }, true) => format!("profile «{label}» ({id})"),
            (Basis::NoEvidence { reason, .. }, false) => {
                format!("không có tài liệu kiểm chứng: {reason}")
            }
            (Basis::NoEvidence { reason, .. }, true) => {
                let reason = match reason.as_str() {
                    NO_EVIDENCE_SURVEY => {
                        "the criterion is scored by a sociological survey (DTXHH)"
                    }
                    NO_EVIDENCE_NOT_SELF_ASSESSED => {
                        "the criterion is not self-assessed (self_assessed = false)"
                    }
                    other => other,
                };
                format!("no document evidence: {reason}")
            }
            (Basis::Derived { phrases }, false) => {
                format!("cụm từ rút từ tên tiêu chí: {}", quoted(phrases))
            }
            (Basis::Derived { phrases }, true) => {
                format!("phrases from the criterion's name: {}", quoted(phrases))
            }
            (Basis::Table { items }, false) => {
                format!("tài liệu kiểm chứng bảng tiêu chí ghi: {}", quoted(items))
            }
            (Basis::Table { items }, true) => {
                format!("the evidence the table names: {}", quoted(items))
            }
            (Basis::None, false) => "không có căn cứ liên kết".to_owned(),
            (Basis::None, true) => "nothing to link on".to_owned(),
        }
    }
}

/// A document that nearly met a rule, and why it was left out (`link --explain`).
#[derive(Debug, Clone, Serialize)]
pub struct NearMiss {
    pub doc: String,
    pub path: String,
    pub reference: Option<String>,
    pub subject: Option<String>,
    /// The rule's label (Vietnamese "quy tắc N" when it has none).
    pub rule: String,
    /// Vietnamese: why it is not proposed.
    pub why: String,
    /// The same, structured, for other languages.
    #[serde(skip)]
    pub cause: Why,
    /// The rule's number (1-based) when it has no label.
    #[serde(skip)]
    pub rule_number: Option<usize>,
}

impl NearMiss {
    /// The rule's label, or "rule N" / "quy tắc N".
    pub fn rule_in(&self, english: bool) -> String {
        match (self.rule_number, english) {
            (Some(n), true) => format!("rule {n}"),
            _ => self.rule.clone(),
        }
    }

    /// Why it is not proposed, in English (`english`) or Vietnamese.
    pub fn why_in(&self, english: bool) -> String {
        self.cause.describe_in(english)
    }
}

impl CriterionLinks {
    /// Gives the texts inside the structured results (the basis reason, date sources, near
    /// misses) in English (`english`) or leaves them Vietnamese: JSON under `--lang en`. The
    /// field names, kinds and values that programs match on (`tier`, `status`) do not change.
    pub fn localise(&mut self, english: bool) {
        if !english {
            return;
        }
        let basis = self.basis.describe_in(true);
        for p in &mut self.proposals {
            for r in &mut p.reasons {
                match r {
                    Reason::Basis { basis: b } => *b = basis.clone(),
                    Reason::Date { from: Some(f), .. } => {
                        *f = date_source(f, true).to_owned();
                    }
                    _ => {}
                }
            }
        }
        for m in &mut self.near_misses {
            m.why = m.why_in(true);
            m.rule = m.rule_in(true);
        }
    }
}

/// The proposals for one criterion.
#[derive(Debug, Clone, Serialize)]
pub struct CriterionLinks {
    pub code: String,
    pub name: String,
    /// True when the proposals come from name-derived phrases (no rule, no profile).
    pub fallback: bool,
    pub basis: Basis,
    pub proposals: Vec<Proposal>,
    /// Only for the criterion asked with `explain`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub near_misses: Vec<NearMiss>,
}

/// A document prepared for matching: folded text with a map back to the original.
pub struct Prepared<'a> {
    pub doc: &'a StoredDoc,
    text: Folded,
    subject: String,
    /// True when the record has no trích yếu and `subject` is the head of the text.
    subject_from_head: bool,
    /// The first ~1,500 folded bytes (the header: issuer block, place, title).
    header: String,
    issuer: String,
    doc_type: Option<&'static str>,
    /// The date used for periods and where it comes from.
    pub date: Option<String>,
    pub date_from: Option<&'static str>,
    /// Years named in the trích yếu (ranges as from–to).
    subject_years: Vec<(i32, i32)>,
}

impl<'a> Prepared<'a> {
    pub fn new(doc: &'a StoredDoc) -> Prepared<'a> {
        let rec = &doc.record;
        let body = if doc.text.trim().is_empty() {
            rec.subject.clone().unwrap_or_default()
        } else {
            doc.text.clone()
        };
        let issuer = [rec.issuer.as_deref(), rec.issuer_parent.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        let text = Folded::new(&body);
        let header = head(&text.text, 1500).to_owned();
        let given = rec.subject.as_deref().map(str::trim).unwrap_or("");
        let (subject, subject_from_head) = if given.is_empty() {
            (head(&text.text, LEAD_BYTES).to_owned(), true)
        } else {
            (Folded::new(given).text, false)
        };
        let (date, date_from) = effective_date(doc);
        let subject_years = years_named(&subject);
        Prepared {
            doc,
            text,
            subject,
            subject_from_head,
            header,
            issuer: expand(&Folded::new(&issuer).text),
            doc_type: rec.doc_type.as_deref().and_then(canonical_name),
            date,
            date_from,
            subject_years,
        }
    }

    fn original(&self) -> &str {
        if self.doc.text.trim().is_empty() {
            self.doc.record.subject.as_deref().unwrap_or("")
        } else {
            &self.doc.text
        }
    }

    fn is_omnibus(&self) -> bool {
        !self.subject_from_head
            && OMNIBUS
                .iter()
                .any(|o| find_phrase(&self.subject, o).is_some())
    }
}

/// The date a document is filed under: its own date; else the year in its number
/// (`22/2011/QĐ-UBND`); else the time of its digital signature. `None`: undated.
pub fn effective_date(doc: &StoredDoc) -> (Option<String>, Option<&'static str>) {
    let rec = &doc.record;
    if let Some(d) = rec
        .date
        .as_deref()
        .filter(|d| PartialDate::parse_iso(d).is_some())
    {
        return (Some(d.to_owned()), None);
    }
    let reference = [rec.number.as_deref(), rec.symbol.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("/");
    for part in reference.split('/') {
        let t = part.trim();
        if t.len() == 4
            && t.bytes().all(|b| b.is_ascii_digit())
            && let Ok(y) = t.parse::<i32>()
            && (1945..=2100).contains(&y)
        {
            return (Some(y.to_string()), Some(DATE_FROM_NUMBER));
        }
    }
    for s in &rec.signature_stamps {
        if let Some(t) = s.time.as_deref() {
            let d = t.get(..10).unwrap_or(t);
            if PartialDate::parse_iso(d).is_some() {
                return (Some(d.to_owned()), Some(DATE_FROM_SIGNATURE));
            }
        }
    }
    (None, None)
}

/// Years a folded trích yếu names: single years, and ranges `2021 - 2025` as one span.
fn years_named(folded: &str) -> Vec<(i32, i32)> {
    let b = folded.as_bytes();
    let mut found: Vec<(usize, usize, i32)> = Vec::new();
    let mut i = 0;
    while i + 4 <= b.len() {
        let word_start = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        let word_end = i + 4 == b.len() || !b[i + 4].is_ascii_alphanumeric();
        if word_start && word_end && b[i..i + 4].iter().all(u8::is_ascii_digit) {
            let y: i32 = folded[i..i + 4].parse().unwrap_or(0);
            if (1990..=2100).contains(&y) {
                found.push((i, i + 4, y));
                i += 4;
                continue;
            }
        }
        i += 1;
    }
    let mut out: Vec<(i32, i32)> = Vec::new();
    let mut k = 0;
    while k < found.len() {
        let (_, end, y) = found[k];
        if let Some(&(s2, _, y2)) = found.get(k + 1) {
            let between = folded[end..s2].trim();
            if (between == "-" || between == "–" || between == "den" || between == "den nam")
                && y2 > y
            {
                out.push((y, y2));
                k += 2;
                continue;
            }
        }
        out.push((y, y));
        k += 1;
    }
    out
}
pub use kiemchung_index::analysis::Folded;

/// Folds a phrase the way documents are folded.
pub fn fold_phrase(p: &str) -> String {
    Folded::new(p).text.trim().to_owned()
}

/// Replaces known abbreviations by their long forms (for issuer and name comparison).
pub fn expand_abbreviations(folded: &str) -> String {
    expand(folded)
}

fn expand(folded: &str) -> String {
    let mut out = folded.to_owned();
    for (abbr, long) in ABBREVIATIONS {
        out = replace_word(&out, abbr, long);
    }
    out
}

fn replace_word(s: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = 0;
    for pos in word_positions(s, from) {
        out.push_str(&s[rest..pos]);
        out.push_str(to);
        rest = pos + from.len();
    }
    out.push_str(&s[rest..]);
    out
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// Start offsets of `needle` in `hay` on word boundaries.
fn word_positions<'h>(hay: &'h str, needle: &'h str) -> impl Iterator<Item = usize> + 'h {
    let bytes = hay.as_bytes();
    hay.match_indices(needle).filter_map(move |(i, _)| {
        if needle.is_empty() {
            return None;
        }
        let end = i + needle.len();
        let before_ok = i == 0 || !is_word_byte(bytes[i - 1]);
        let after_ok = end >= bytes.len() || !is_word_byte(bytes[end]);
        (before_ok && after_ok).then_some(i)
    })
}

/// The folded spellings a phrase may take: as written, with abbreviations spelled out, and
/// with long forms abbreviated.
pub fn phrase_variants(phrase: &str) -> Vec<String> {
    let base = fold_phrase(phrase);
    let mut out = vec![base.clone()];
    for (abbr, long) in ABBREVIATIONS {
        for v in out.clone() {
            if word_positions(&v, abbr).next().is_some() {
                out.push(replace_word(&v, abbr, long));
            }
            if v.contains(long) {
                out.push(v.replace(long, abbr));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// First folded offset where any variant of `phrase` occurs in `hay`.
pub fn find_phrase(hay: &str, phrase: &str) -> Option<usize> {
    phrase_variants(phrase)
        .iter()
        .filter_map(|v| word_positions(hay, v).next())
        .min()
}

/// Whether folded text meets a rule's phrases: every `all` phrase, and one `any` phrase
/// when there are some. Returns the phrases that matched with their first offsets.
pub fn match_phrases(hay: &str, any: &[String], all: &[String]) -> Option<Vec<(String, usize)>> {
    let mut found = Vec::new();
    for p in all {
        found.push((p.clone(), find_phrase(hay, p)?));
    }
    if !any.is_empty() {
        let hits: Vec<(String, usize)> = any
            .iter()
            .filter_map(|p| find_phrase(hay, p).map(|i| (p.clone(), i)))
            .collect();
        if hits.is_empty() {
            return None;
        }
        found.extend(hits);
    }
    Some(found)
}

/// Whether a folded, expanded issuer matches one of the patterns (contains, folded).
pub fn issuer_matches(issuer_expanded: &str, pattern: &str) -> bool {
    let p = expand(&fold_phrase(pattern));
    !p.is_empty() && issuer_expanded.contains(&p)
}

/// Where a rule comes from, which decides the default issuer check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleOrigin {
    /// Written in the catalog: issuers are checked only when the rule says so.
    Catalog,
    /// From a profile: the assessed agency's own documents unless the profile says otherwise.
    Profile,
    /// Phrases guessed from the name: own documents, trích yếu only, lower confidence.
    Derived,
}

/// What [`match_rule`] found.
#[derive(Debug, Clone)]
pub struct RuleMatch {
    pub score: f32,
    pub confidence: f32,
    pub reasons: Vec<Reason>,
    /// Folded offset in the text of the first matched phrase (for the snippet).
    pub first_hit: Option<usize>,
}

/// Why a document did not meet a rule. `near`: it matched the rule's phrases, so a reviewer
/// may want to know what kept it out.
#[derive(Debug, Clone)]
pub struct Miss {
    pub near: bool,
    pub why: Why,
}

fn miss(near: bool, why: Why) -> Miss {
    Miss { near, why }
}

/// Why a document did not meet a rule, or was not proposed (`link --explain`).
#[derive(Debug, Clone, PartialEq)]
pub enum Why {
    /// The rule's phrases are in the body, not in the trích yếu.
    PhrasesInBodyOnly,
    /// None of the rule's phrases.
    NoPhrase,
    /// A document about the PAR Index itself (lists every criterion).
    AboutTheIndex,
    /// The trích yếu has an excluded phrase.
    Excluded { phrase: String },
    /// No document type, and the rule asks for one.
    UnknownType,
    /// A type the rule does not accept.
    OtherType {
        doc_type: String,
        accepted: Vec<String>,
    },
    /// No issuer pattern of the rule matches.
    IssuerMismatch,
    /// The issuer is unknown.
    UnknownIssuer,
    /// The rule asks for a higher agency's document.
    NeedsHigherAgency { issuer: String },
    /// Neither the assessed agency nor one of its units.
    NotTheAgency { issuer: String, agency: String },
    /// The trích yếu names other years (`named`: as written, `1990–1995` for a range).
    OtherYears { named: Vec<String>, year: i32 },
    /// Dated outside the period (`date`: ISO).
    OutsidePeriod { date: String, period: String },
    /// Undated: proposed for no year.
    UnknownDate { period: String },
    /// Met a rule, with too low a confidence.
    BelowThreshold { confidence: f32 },
}

impl Why {
    /// The explanation in English (`english`) or Vietnamese.
    pub fn describe_in(&self, english: bool) -> String {
        match (self, english) {
            (Why::PhrasesInBodyOnly, false) => {
                "cụm từ chỉ có trong nội dung, không có trong trích yếu".to_owned()
            }
            (Why::PhrasesInBodyOnly, true) => {
                "the phrases are only in the text, not in the subject".to_owned()
            }
            (Why::NoPhrase, false) => "không có cụm từ của quy tắc".to_owned(),
            (Why::NoPhrase, true) => "none of the rule's phrases".to_owned(),
            (Why::AboutTheIndex, false) => "văn bản về chính Chỉ số CCHC (tự đánh giá, kết quả, hướng dẫn): liệt kê mọi tiêu chí, không là TLKC của từng tiêu chí".to_owned(),
            (Why::AboutTheIndex, true) => "a document about the PAR Index itself (self-assessment, results, guidance): it lists every criterion and is evidence of none".to_owned(),
            (Why::Excluded { phrase }, false) => {
                format!("trích yếu có «{phrase}» (loại văn bản khác)")
            }
            (Why::Excluded { phrase }, true) => {
                format!("the subject has «{phrase}» (another kind of document)")
            }
            (Why::UnknownType, false) => "không rõ loại văn bản".to_owned(),
            (Why::UnknownType, true) => "document type unknown".to_owned(),
            (Why::OtherType { doc_type, accepted }, false) => {
                format!("loại «{doc_type}» không thuộc {}", accepted.join(", "))
            }
            (Why::OtherType { doc_type, accepted }, true) => {
                format!("type «{doc_type}» is not one of {}", accepted.join(", "))
            }
            (Why::IssuerMismatch, false) => "cơ quan ban hành không khớp quy tắc".to_owned(),
            (Why::IssuerMismatch, true) => "the issuer does not match the rule".to_owned(),
            (Why::UnknownIssuer, false) => "không rõ cơ quan ban hành".to_owned(),
            (Why::UnknownIssuer, true) => "issuer unknown".to_owned(),
            (Why::NeedsHigherAgency { issuer }, false) => {
                format!("{issuer}: quy tắc cần văn bản của cơ quan cấp trên")
            }
            (Why::NeedsHigherAgency { issuer }, true) => {
                format!("{issuer}: the rule needs a document of a higher agency")
            }
            (Why::NotTheAgency { issuer, agency }, false) => {
                format!("{issuer} không phải {agency} hay đơn vị thuộc")
            }
            (Why::NotTheAgency { issuer, agency }, true) => {
                format!("{issuer} is neither {agency} nor one of its units")
            }
            (Why::OtherYears { named, year }, false) => format!(
                "trích yếu nói năm {} (năm đánh giá {year})",
                named.join(", ")
            ),
            (Why::OtherYears { named, year }, true) => format!(
                "the subject names the year {} (evaluation year {year})",
                named.join(", ")
            ),
            (Why::OutsidePeriod { date, period }, false) => {
                format!("ngày {} ngoài kỳ {period}", crate::audit::vn_date(date))
            }
            (Why::OutsidePeriod { date, period }, true) => format!(
                "dated {}, outside the period {period}",
                crate::audit::vn_date(date)
            ),
            (Why::UnknownDate { period }, false) => {
                format!("không rõ ngày ban hành (kỳ {period}): không đề xuất cho năm nào")
            }
            (Why::UnknownDate { period }, true) => format!(
                "date of issue unknown (period {period}): proposed for no year"
            ),
            (Why::BelowThreshold { confidence }, false) => format!(
                "độ tin cậy {confidence:.2} dưới ngưỡng đề xuất {PROPOSE_AT}"
            ),
            (Why::BelowThreshold { confidence }, true) => format!(
                "confidence {confidence:.2} below the proposal threshold {PROPOSE_AT}"
            ),
        }
    }
}

impl std::fmt::Display for Why {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe_in(false))
    }
}

/// Context of one matching run.
pub struct MatchContext<'o> {
    pub year: Option<i32>,
    pub agency: Option<&'o Agency>,
    pub origin: RuleOrigin,
}

/// Checks one document against one rule.
pub fn match_rule(
    p: &Prepared<'_>,
    rule: &EvidenceRule,
    ctx: &MatchContext<'_>,
) -> Result<RuleMatch, Miss> {
    let mut reasons = Vec::new();
    let mut phrases = 0usize;
    let mut first: Option<usize> = None;
    // 1. Phrases: the trích yếu first.
    let subject_rule = !rule.subject_any.is_empty() || !rule.subject_all.is_empty();
    let mut in_subject = false;
    if subject_rule {
        let found = match_phrases(&p.subject, &rule.subject_any, &rule.subject_all);
        match found {
            Some(found) => {
                in_subject = true;
                for (phrase, _) in found {
                    if first.is_none() {
                        first = find_phrase(&p.text.text, &phrase);
                    }
                    phrases += 1;
                    reasons.push(Reason::Phrase {
                        phrase,
                        in_subject: !p.subject_from_head,
                    });
                }
            }
            None => {
                // In the body only: weak evidence, never enough for a profile on its own.
                let body = match_phrases(&p.text.text, &rule.subject_any, &rule.subject_all);
                return Err(miss(
                    body.is_some() && ctx.origin != RuleOrigin::Derived,
                    Why::PhrasesInBodyOnly,
                ));
            }
        }
    }
    if !rule.any.is_empty() || !rule.all.is_empty() {
        let Some(found) = match_phrases(&p.text.text, &rule.any, &rule.all) else {
            return Err(miss(false, Why::NoPhrase));
        };
        for (phrase, at) in found {
            let subj = find_phrase(&p.subject, &phrase).is_some() && !p.subject_from_head;
            in_subject |= subj;
            first = first.or(Some(at));
            phrases += 1;
            reasons.push(Reason::Phrase {
                phrase,
                in_subject: subj,
            });
        }
    }
    let near = phrases > 0;
    // 2. Not about the index itself.
    if ctx.origin != RuleOrigin::Catalog && p.is_omnibus() {
        return Err(miss(near, Why::AboutTheIndex));
    }
    for n in &rule.none {
        if find_phrase(&p.subject, n).is_some() {
            return Err(miss(near, Why::Excluded { phrase: n.clone() }));
        }
    }
    // 3. Type.
    let mut confidence: f32 = if in_subject {
        0.6
    } else if phrases > 0 {
        0.45
    } else {
        0.5
    };
    if ctx.origin == RuleOrigin::Derived {
        confidence -= 0.1;
    }
    if !rule.doc_types.is_empty() {
        let Some(t) = p.doc_type else {
            return Err(miss(near, Why::UnknownType));
        };
        if !rule.doc_types.iter().any(|r| canonical_name(r) == Some(t)) {
            return Err(miss(
                near,
                Why::OtherType {
                    doc_type: t.to_owned(),
                    accepted: rule.doc_types.clone(),
                },
            ));
        }
        reasons.push(Reason::DocType {
            doc_type: t.to_owned(),
        });
        confidence += 0.15;
    }
    // 4. Issuer patterns written in the rule.
    if !rule.issuers.is_empty() {
        let Some(pat) = rule
            .issuers
            .iter()
            .find(|pat| issuer_matches(&p.issuer, pat))
        else {
            return Err(miss(near, Why::IssuerMismatch));
        };
        reasons.push(Reason::Issuer {
            pattern: pat.clone(),
            issuer: p.doc.record.issuer.clone().unwrap_or_default(),
        });
    }
    // 5. The assessed agency.
    let role = rule.issuer_role.as_deref().unwrap_or(match ctx.origin {
        RuleOrigin::Catalog => "any",
        _ => "self",
    });
    if let Some(agency) = ctx.agency {
        let rel = agency.relation(p);
        let issuer = p.doc.record.issuer.clone().unwrap_or_default();
        let ok = match role {
            "self" => matches!(rel, IssuerRelation::Agency | IssuerRelation::Unit),
            "higher" => rel == IssuerRelation::Other,
            _ => true,
        };
        if !ok {
            return Err(miss(
                near,
                match rel {
                    IssuerRelation::Unknown => Why::UnknownIssuer,
                    _ if role == "higher" => Why::NeedsHigherAgency { issuer },
                    _ => Why::NotTheAgency {
                        issuer,
                        agency: agency.name.clone(),
                    },
                },
            ));
        }
        if role == "self" {
            confidence += 0.15;
        }
        reasons.push(Reason::Agency {
            issuer,
            agency: agency.name.clone(),
            relation: rel,
        });
    }
    // 6. Years named in the trích yếu.
    if let Some(y) = ctx.year
        && !p.subject_years.is_empty()
        && !p.subject_from_head
    {
        let (lo, hi) = rule
            .years
            .as_deref()
            .and_then(parse_years)
            .unwrap_or((0, 0));
        let ok = p
            .subject_years
            .iter()
            .any(|&(a, b)| a <= y + hi && b >= y + lo);
        if !ok {
            let named: Vec<String> = p
                .subject_years
                .iter()
                .map(|(a, b)| {
                    if a == b {
                        a.to_string()
                    } else {
                        format!("{a}–{b}")
                    }
                })
                .collect();
            return Err(miss(near, Why::OtherYears { named, year: y }));
        }
    }
    // 7. Period.
    if let Some(per) = rule.period(ctx.year) {
        match per.fit(p.date.as_deref()) {
            PeriodFit::Outside => {
                return Err(miss(
                    near,
                    Why::OutsidePeriod {
                        date: p.date.clone().unwrap_or_default(),
                        period: per.to_string(),
                    },
                ));
            }
            PeriodFit::Unknown => {
                return Err(miss(
                    near,
                    Why::UnknownDate {
                        period: per.to_string(),
                    },
                ));
            }
            fit => {
                if fit == PeriodFit::Inside
                    && p.date
                        .as_deref()
                        .and_then(PartialDate::parse_iso)
                        .is_some_and(|d| d.is_full())
                {
                    confidence += 0.1;
                }
                reasons.push(Reason::Date {
                    date: p.date.clone().unwrap_or_default(),
                    period: per.to_string(),
                    from: p.date_from.map(str::to_owned),
                });
            }
        }
    }
    let confidence = confidence.min(1.0);
    Ok(RuleMatch {
        score: confidence + 0.01 * phrases as f32,
        confidence,
        reasons,
        first_hit: first,
    })
}

/// About 200 characters of the original text around folded offset `at`.
pub fn snippet_at(p: &Prepared<'_>, at: Option<usize>) -> String {
    let original = p.original();
    let Some(at) = at else {
        return p
            .doc
            .record
            .subject
            .clone()
            .unwrap_or_else(|| clip_chars(original, 200));
    };
    let center = p.text.original_offset(at);
    let start = floor_char(original, center.saturating_sub(80));
    let end = floor_char(original, (center + 160).min(original.len()));
    let mut s = kiemchung_extractors::text::squash_spaces(&original[start..end].replace('*', ""));
    if start > 0 {
        s.insert(0, '…');
    }
    if end < original.len() {
        s.push('…');
    }
    s
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn clip_chars(s: &str, n: usize) -> String {
    kiemchung_extractors::text::squash_spaces(&s.chars().take(n).collect::<String>())
}

/// Builds a proposal for a document (record fields copied for reports).
fn proposal(doc: &StoredDoc, m: RuleMatch, rules: Vec<usize>, snippet: String) -> Proposal {
    let rec = &doc.record;
    Proposal {
        doc: doc.id.clone(),
        path: doc.path.clone(),
        reference: rec.reference(),
        doc_type: rec.doc_type.clone(),
        date: rec.date.clone(),
        issuer: rec.issuer.clone(),
        subject: rec.subject.clone(),
        score: m.score,
        confidence: m.confidence,
        tier: tier(m.confidence),
        rules,
        reasons: m.reasons,
        snippet,
        status: DecisionStatus::Proposed,
    }
}

/// One leaf's rules and what judging a document against them needs.
pub struct Judge<'a> {
    pub framework: &'a str,
    pub c: &'a Criterion,
    pub rules: &'a [EvidenceRule],
    pub basis: &'a Basis,
    pub ctx: &'a MatchContext<'a>,
    pub decisions: &'a DecisionStore,
    pub explain: bool,
}

/// What one document gives a leaf: a proposal, a near miss (when explained), or nothing.
type Judgement = (Option<Proposal>, Option<NearMiss>);

impl Judge<'_> {
    /// The document against the leaf's rules: proposed when a rule is met with confidence
    /// (or a reviewer confirmed it), a near miss when explained, `None` otherwise (and for a
    /// document a reviewer rejected).
    pub fn judge(&self, p: &Prepared<'_>) -> Option<Judgement> {
        let &Judge {
            framework,
            c,
            rules,
            basis,
            ctx,
            decisions,
            explain,
        } = self;
        let status = decisions.status(framework, &c.code, p.doc);
        if status == Some(DecisionStatus::Rejected) {
            return None;
        }
        let mut best: Option<RuleMatch> = None;
        let mut matched = Vec::new();
        let mut near: Option<(usize, Miss)> = None;
        for (i, rule) in rules.iter().enumerate() {
            match match_rule(p, rule, ctx) {
                Ok(m) => {
                    matched.push(i);
                    if best.as_ref().is_none_or(|b| m.score > b.score) {
                        best = Some(m);
                    }
                }
                Err(m) if m.near && near.is_none() => near = Some((i, m)),
                Err(_) => {}
            }
        }
        let near_miss = |i: usize, cause: Why| NearMiss {
            doc: p.doc.id.clone(),
            path: p.doc.path.clone(),
            reference: p.doc.record.reference(),
            subject: p.doc.record.subject.clone(),
            rule: rules[i]
                .label
                .clone()
                .unwrap_or_else(|| format!("quy tắc {}", i + 1)),
            rule_number: rules[i].label.is_none().then_some(i + 1),
            why: cause.to_string(),
            cause,
        };
        match best {
            Some(m) if m.confidence >= PROPOSE_AT || status == Some(DecisionStatus::Confirmed) => {
                let snippet = snippet_at(p, m.first_hit);
                let mut m = m;
                m.reasons.insert(
                    0,
                    Reason::Basis {
                        basis: basis.describe(),
                    },
                );
                let mut prop = proposal(p.doc, m, matched, snippet);
                if status == Some(DecisionStatus::Confirmed) {
                    prop.status = DecisionStatus::Confirmed;
                }
                Some((Some(prop), None))
            }
            Some(m) => explain.then(|| {
                (
                    None,
                    Some(near_miss(
                        matched[0],
                        Why::BelowThreshold {
                            confidence: m.confidence,
                        },
                    )),
                )
            }),
            // A reviewer's confirmation stands even when no rule is met (any more).
            None if status == Some(DecisionStatus::Confirmed) => {
                let m = RuleMatch {
                    score: 1.0,
                    confidence: 1.0,
                    reasons: vec![
                        Reason::Basis {
                            basis: basis.describe(),
                        },
                        Reason::Confirmed,
                    ],
                    first_hit: None,
                };
                let mut prop = proposal(p.doc, m, Vec::new(), snippet_at(p, None));
                prop.status = DecisionStatus::Confirmed;
                Some((Some(prop), None))
            }
            None => {
                let (i, m) = near.filter(|_| explain)?;
                Some((None, Some(near_miss(i, m.why))))
            }
        }
    }
}

/// A leaf's judgements gathered in document order, cut as they come: the proposals kept
/// are the best `max` (confirmed ones always), as [`sort_and_cut`] at the end would keep —
/// the order is total, so cutting early keeps the same set — and the first 30 near misses.
pub struct Gathered {
    max: usize,
    proposals: Vec<Proposal>,
    misses: Vec<NearMiss>,
}

impl Gathered {
    pub fn new(max: usize) -> Gathered {
        Gathered {
            max,
            proposals: Vec::new(),
            misses: Vec::new(),
        }
    }

    pub fn add(&mut self, (p, m): Judgement) {
        self.proposals.extend(p);
        if self.misses.len() < 30 {
            self.misses.extend(m);
        }
        if self.proposals.len() > self.max.saturating_mul(4).saturating_add(64) {
            sort_and_cut(&mut self.proposals, self.max);
        }
    }

    pub fn finish(mut self) -> (Vec<Proposal>, Vec<NearMiss>) {
        sort_and_cut(&mut self.proposals, self.max);
        self.misses.truncate(30);
        (self.proposals, self.misses)
    }
}

/// Proposals for one criterion under a set of rules, best first, rejected documents left
/// out, plus the near misses when asked.
#[allow(clippy::too_many_arguments)]
pub fn link_rules(
    framework: &str,
    c: &Criterion,
    rules: &[EvidenceRule],
    basis: &Basis,
    docs: &[Prepared<'_>],
    ctx: &MatchContext<'_>,
    opts: &LinkOptions,
    decisions: &DecisionStore,
    explain: bool,
) -> (Vec<Proposal>, Vec<NearMiss>) {
    let judge = Judge {
        framework,
        c,
        rules,
        basis,
        ctx,
        decisions,
        explain,
    };
    let results: Vec<Judgement> = docs.par_iter().filter_map(|p| judge.judge(p)).collect();
    let mut gathered = Gathered::new(opts.max_per_criterion);
    for r in results {
        gathered.add(r);
    }
    gathered.finish()
}

fn sort_and_cut(v: &mut Vec<Proposal>, max: usize) {
    v.sort_by(|a, b| {
        (b.status == DecisionStatus::Confirmed)
            .cmp(&(a.status == DecisionStatus::Confirmed))
            .then(b.score.total_cmp(&a.score))
            .then(b.date.cmp(&a.date))
            .then(a.doc.cmp(&b.doc))
    });
    // Confirmed documents are never cut.
    let keep = max.max(
        v.iter()
            .filter(|p| p.status == DecisionStatus::Confirmed)
            .count(),
    );
    v.truncate(keep);
}

/// Whether a folded phrase is one of the generic heads and fillers ("thực hiện", "kết quả",
/// "cơ quan") that occur in every administrative text.
pub fn is_generic(folded: &str) -> bool {
    GENERIC.contains(&folded)
}

/// Key phrases from a criterion's name: generic heads and fillers dropped, what remains cut
/// into runs of at least two words ("Ban hành kế hoạch CCHC năm" → «kế hoạch cải cách hành
/// chính»). Empty when nothing specific is left.
pub fn derived_phrases(name: &str) -> Vec<String> {
    let folded = expand_abbreviations(&fold_phrase(name));
    // Parentheses hold abbreviations already spelled out.
    let mut clean = String::new();
    let mut depth = 0;
    for ch in folded.chars() {
        match ch {
            '(' => depth += 1,
            ')' => depth = i32::max(depth - 1, 0),
            _ if depth == 0 => clean.push(ch),
            _ => {}
        }
    }
    let mut generic: Vec<&str> = GENERIC.to_vec();
    generic.sort_by_key(|g| std::cmp::Reverse(g.len()));
    let words: Vec<&str> = clean
        .split(|c: char| c.is_whitespace() || ",;:.\"“”".contains(c))
        .filter(|w| !w.is_empty())
        .collect();
    let mut keep = vec![true; words.len()];
    let mut i = 0;
    while i < words.len() {
        let mut skipped = false;
        for g in &generic {
            let gw: Vec<&str> = g.split(' ').collect();
            if i + gw.len() <= words.len() && words[i..i + gw.len()] == gw[..] {
                for k in keep.iter_mut().skip(i).take(gw.len()) {
                    *k = false;
                }
                i += gw.len();
                skipped = true;
                break;
            }
        }
        if !skipped {
            i += 1;
        }
    }
    let mut out = Vec::new();
    let mut run: Vec<&str> = Vec::new();
    for (w, k) in words.iter().zip(&keep) {
        if *k && !w.bytes().all(|b| b.is_ascii_digit()) {
            run.push(w);
        } else {
            if run.len() >= 2 {
                out.push(run.join(" "));
            }
            run.clear();
        }
    }
    if run.len() >= 2 {
        out.push(run.join(" "));
    }
    out.sort();
    out.dedup();
    out
}

/// Document types a TLKC item can begin with, folded, and the type they name. Only types a
/// table uses for evidence: "Kết luận" is left out (a table's "kết luận kiểm tra" is a Thông
/// báo kết luận), and "văn bản", "tài liệu" name no type.
const TABLE_TYPES: &[(&str, &str)] = &[
    ("ke hoach", "Kế hoạch"),
    ("bao cao", "Báo cáo"),
    ("bien ban", "Biên bản"),
    ("thong bao", "Thông báo"),
    ("quyet dinh", "Quyết định"),
    ("cong van", "Công văn"),
    ("chi thi", "Chỉ thị"),
    ("to trinh", "Tờ trình"),
    ("huong dan", "Hướng dẫn"),
    ("nghi quyet", "Nghị quyết"),
    ("chuong trinh", "Chương trình"),
    ("de an", "Đề án"),
    ("quy che", "Quy chế"),
    ("cong dien", "Công điện"),
];

/// TLKC items that name nothing an archive holds as a document of its own: "TLKC khác (nếu
/// có)", links and pictures, figures, explanations, what the Sở Nội vụ or a survey records.
const NOT_DOCUMENTS: &[&str] = &[
    "tlkc khac",
    "tai lieu kiem chung khac",
    "tai lieu khac",
    "cac tai lieu khac",
    "cung cap",
    "duong link",
    "hinh anh",
    "so lieu",
    "giai trinh",
    "ket qua theo doi",
    "ket qua dieu tra",
    "phieu",
];

/// Words after a TLKC item's type that only say *which* period's copy is meant ("Báo cáo
/// CCHC quý I, 6 tháng…", "Kế hoạch CCHC năm"): the subject phrase ends before them.
const PERIOD_WORDS: &[&str] = &["quy", "thang", "nam", "dinh", "hang", "giai"];

/// Rules from a leaf's TLKC items (`tlkc`, the table's "Tài liệu kiểm chứng" column), for a
/// leaf no profile knows. Each item is split where another document type begins ("Các biên
/// bản kiểm tra, thông báo kết luận kiểm tra"); a part that begins with a type gives a rule
/// for that type whose trích yếu must hold the part's subject ("Báo cáo về kết quả chuyển đổi
/// số" → Báo cáo, «chuyen doi so»), or, when the part names only a type, a phrase of the
/// leaf's name (`name_phrases`). Parts without a type ("Các văn bản thể hiện …") and items
/// that are no document ([`NOT_DOCUMENTS`]) give nothing: a rule that any document of a
/// common type could meet would propose evidence for a leaf that has none. Returns the items
/// used, as written, and their rules.
pub fn table_rules(tlkc: &[String], name_phrases: &[String]) -> (Vec<String>, Vec<EvidenceRule>) {
    let mut items = Vec::new();
    let mut rules: Vec<EvidenceRule> = Vec::new();
    for item in tlkc {
        let folded = expand_abbreviations(&fold_phrase(item));
        if NOT_DOCUMENTS.iter().any(|n| folded.starts_with(n)) {
            continue;
        }
        let mut used = false;
        for part in type_parts(&folded) {
            let Some((doc_type, rest)) = TABLE_TYPES
                .iter()
                .find_map(|(f, t)| part.strip_prefix(f).map(|rest| (*t, rest)))
            else {
                continue;
            };
            // The subject ends at a comma; a parenthesis says what the document should
            // contain, not what it is called.
            let rest = rest.split(['(', ',', ';']).next().unwrap_or_default();
            let words: Vec<&str> = rest
                .split(|c: char| c.is_whitespace() || ",;:.)".contains(c))
                .filter(|w| !w.is_empty())
                .take_while(|w| !PERIOD_WORDS.contains(w) && *w != "neu")
                .collect();
            let mut phrases = derived_phrases(&words.join(" "));
            phrases.retain(|p| !is_generic(p));
            if phrases.is_empty() {
                phrases = name_phrases.to_vec();
            }
            if phrases.is_empty() {
                continue;
            }
            used = true;
            match rules
                .iter_mut()
                .find(|r| r.doc_types.first().map(String::as_str) == Some(doc_type))
            {
                Some(r) => {
                    r.subject_any.extend(phrases);
                    r.subject_any.sort();
                    r.subject_any.dedup();
                }
                None => rules.push(EvidenceRule {
                    label: Some(format!("{doc_type} (tài liệu kiểm chứng của bảng)")),
                    doc_types: vec![doc_type.to_owned()],
                    subject_any: phrases,
                    from: Some("Y-1-10".into()),
                    to: Some("Y+1-01-31".into()),
                    source: Some("cột tài liệu kiểm chứng của bảng tiêu chí".into()),
                    ..EvidenceRule::default()
                }),
            }
        }
        if used {
            items.push(item.clone());
        }
    }
    (items, rules)
}

/// A folded TLKC item cut at every `;` and where a document type begins after `,`, "và" or "hoặc", each
/// part without its leading "các"/"những" ("các biên bản kiểm tra, thông báo kết luận" →
/// "biên bản kiểm tra", "thông báo kết luận").
fn type_parts(folded: &str) -> Vec<&str> {
    fn strip(p: &str) -> &str {
        let mut p = p.trim_start_matches([' ', '-', '+', '*', ',', ';']).trim();
        for lead in ["cac ", "nhung ", "ban "] {
            p = p.strip_prefix(lead).unwrap_or(p).trim_start();
        }
        p
    }
    let begins_type = |p: &str| TABLE_TYPES.iter().any(|(f, _)| strip(p).starts_with(f));
    let mut parts = Vec::new();
    let mut start = 0;
    let b = folded.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let cut = match b[i] {
            b';' => {
                parts.push(strip(&folded[start..i]));
                start = i + 1;
                i += 1;
                continue;
            }
            b',' => Some(i + 1),
            b' ' if folded[i..].starts_with(" va ") => Some(i + 4),
            b' ' if folded[i..].starts_with(" hoac ") => Some(i + 6),
            _ => None,
        };
        if let Some(next) = cut
            && begins_type(&folded[next..])
        {
            parts.push(strip(&folded[start..i]));
            start = next;
            i = next;
            continue;
        }
        i += 1;
    }
    parts.push(strip(&folded[start..]));
    parts
}

/// The basis and rules a leaf is linked on.
pub fn basis_for(
    catalog: &Catalog,
    c: &Criterion,
    profiles: &Profiles,
) -> (Basis, Vec<EvidenceRule>, RuleOrigin) {
    basis_for_node(catalog, c, catalog.is_leaf(&c.code), profiles)
}

/// [`basis_for`] with the leaf test already made: [`Catalog::is_leaf`] scans the whole
/// catalog, so callers that walk every criterion build the set of parents once
/// (`Catalog::parent_codes`) instead of scanning once per criterion.
pub fn basis_for_node(
    catalog: &Catalog,
    c: &Criterion,
    leaf: bool,
    profiles: &Profiles,
) -> (Basis, Vec<EvidenceRule>, RuleOrigin) {
    if !c.evidence.is_empty() {
        return (Basis::Rules, c.evidence.clone(), RuleOrigin::Catalog);
    }
    if !leaf {
        return (Basis::None, Vec::new(), RuleOrigin::Catalog);
    }
    if marked_survey(c) {
        return (
            Basis::NoEvidence {
                reason: NO_EVIDENCE_SURVEY.into(),
                profile: None,
            },
            Vec::new(),
            RuleOrigin::Catalog,
        );
    }
    if not_self_assessed(c) {
        return (
            Basis::NoEvidence {
                reason: NO_EVIDENCE_NOT_SELF_ASSESSED.into(),
                profile: None,
            },
            Vec::new(),
            RuleOrigin::Catalog,
        );
    }
    let parent = crate::criteria::parent_code(&c.code).and_then(|p| catalog.get(p));
    if let Some(r) = profiles.for_criterion(c, parent) {
        let name = match parent {
            Some(p) if profiles.best(&c.name).is_none() => format!("{} — {}", p.name, c.name),
            _ => c.name.clone(),
        };
        let m = r.describe(&name);
        if let Some(reason) = m.no_evidence {
            return (
                Basis::NoEvidence {
                    reason,
                    profile: Some(m.id),
                },
                Vec::new(),
                RuleOrigin::Profile,
            );
        }
        return (
            Basis::Profile {
                id: m.id,
                label: m.label,
                pattern: m.pattern,
            },
            plan_or_result(&c.name, r.rules_for(&name)),
            RuleOrigin::Profile,
        );
    }
    let phrases = derived_phrases(&c.name);
    let (items, rules) = table_rules(&c.tlkc(), &phrases);
    if !rules.is_empty() {
        return (Basis::Table { items }, rules, RuleOrigin::Derived);
    }
    if phrases.is_empty() {
        return (Basis::None, Vec::new(), RuleOrigin::Derived);
    }
    let rule = EvidenceRule {
        label: Some("cụm từ của tên tiêu chí".into()),
        subject_any: phrases.clone(),
        from: Some("Y-1-10".into()),
        to: Some("Y+1-01-31".into()),
        ..EvidenceRule::default()
    };
    (Basis::Derived { phrases }, vec![rule], RuleOrigin::Derived)
}

/// What a leaf's name says of plans. "Ban hành kế hoạch …" scores the issuing of a plan: only
/// the plan (a Kế hoạch, or the Quyết định that issues it) is its evidence, not the reports
/// of the same field. "Mức độ hoàn thành kế hoạch …", "Xử lý kết quả …", "Xử lý các vấn đề
/// phát hiện …" score what was done: a plan is only the yardstick (LD1/LD2 1.1.2 and 1.3.2 name
/// reports and handling documents), so Kế hoạch documents and decisions issuing a plan are left
/// out. Rules without types are left as they are.
fn plan_or_result(name: &str, rules: Vec<EvidenceRule>) -> Vec<EvidenceRule> {
    const PLAN: &[&str] = &["Kế hoạch", "Quyết định"];
    const RESULT: &[&str] = &[
        "hoan thanh ke hoach",
        "xu ly ket qua",
        "xu ly cac van de",
        "xu ly van de",
    ];
    let folded = expand_abbreviations(&fold_phrase(name));
    let has = |p: &str| find_phrase(&folded, p).is_some();
    if has("ban hanh ke hoach") {
        return rules
            .into_iter()
            .filter_map(|mut r| {
                if r.doc_types.is_empty() {
                    r.doc_types = PLAN.iter().map(|t| (*t).to_owned()).collect();
                } else {
                    r.doc_types
                        .retain(|t| PLAN.iter().any(|p| canonical_name(p) == canonical_name(t)));
                }
                (!r.doc_types.is_empty()).then_some(r)
            })
            .collect();
    }
    if RESULT.iter().any(|p| has(p)) {
        return rules
            .into_iter()
            .filter_map(|mut r| {
                if r.doc_types.is_empty() {
                    return Some(r);
                }
                r.doc_types
                    .retain(|t| canonical_name(t) != canonical_name("Kế hoạch"));
                r.none.push("ban hành kế hoạch".to_owned());
                (!r.doc_types.is_empty()).then_some(r)
            })
            .collect();
    }
    rules
}

/// Links every criterion of the catalog with the bundled profiles. There is no full-text
/// search fallback: a search on a criterion's name proposes something for every criterion,
/// which is exactly what linking must not do.
pub fn link(
    catalog: &Catalog,
    docs: &[StoredDoc],
    opts: &LinkOptions,
    decisions: &DecisionStore,
) -> Vec<CriterionLinks> {
    link_with(catalog, docs, opts, decisions, Profiles::bundled())
}

/// [`link`] with given profiles.
pub fn link_with(
    catalog: &Catalog,
    docs: &[StoredDoc],
    opts: &LinkOptions,
    decisions: &DecisionStore,
    profiles: &Profiles,
) -> Vec<CriterionLinks> {
    let prepared: Vec<Prepared<'_>> = docs.par_iter().map(Prepared::new).collect();
    let fw = catalog.framework.id.as_str();
    catalog
        .tree_order()
        .into_iter()
        .map(|c| {
            let leaf = Leaf::new(catalog, c, profiles, opts);
            leaf.link(fw, &prepared, opts, decisions)
        })
        .collect()
}

/// A criterion with what it is linked on.
struct Leaf<'c> {
    c: &'c Criterion,
    basis: Basis,
    rules: Vec<EvidenceRule>,
    origin: RuleOrigin,
    explain: bool,
}

impl<'c> Leaf<'c> {
    fn new(
        catalog: &Catalog,
        c: &'c Criterion,
        profiles: &Profiles,
        opts: &LinkOptions,
    ) -> Leaf<'c> {
        let (basis, rules, origin) = basis_for(catalog, c, profiles);
        Leaf {
            c,
            basis,
            rules,
            origin,
            explain: opts.explain.as_deref() == Some(c.code.as_str()),
        }
    }

    /// Links the leaf against `prepared` (every document, or the index's preselection).
    fn link(
        self,
        fw: &str,
        prepared: &[Prepared<'_>],
        opts: &LinkOptions,
        decisions: &DecisionStore,
    ) -> CriterionLinks {
        let ctx = MatchContext {
            year: opts.year,
            agency: opts.agency.as_ref(),
            origin: self.origin,
        };
        let (proposals, near_misses) = if self.rules.is_empty() {
            (Vec::new(), Vec::new())
        } else {
            link_rules(
                fw,
                self.c,
                &self.rules,
                &self.basis,
                prepared,
                &ctx,
                opts,
                decisions,
                self.explain,
            )
        };
        self.links(proposals, near_misses)
    }

    fn links(self, proposals: Vec<Proposal>, near_misses: Vec<NearMiss>) -> CriterionLinks {
        CriterionLinks {
            code: self.c.code.clone(),
            name: self.c.name.clone(),
            fallback: matches!(self.basis, Basis::Derived { .. } | Basis::Table { .. }),
            basis: self.basis,
            proposals,
            near_misses,
        }
    }

    /// The documents that can come out of [`Leaf::link`]: those meeting a rule's phrases,
    /// type and period as index terms, those a reviewer decided on for this criterion, and,
    /// for the criterion explained, those merely containing a rule's phrases.
    fn preselect(&self, fw: &str, year: Option<i32>, decisions: &DecisionStore) -> Filter {
        if self.rules.is_empty() {
            return Filter::Nothing;
        }
        let mut parts: Vec<Filter> = self.rules.iter().map(|r| rule_filter(r, year)).collect();
        if self.explain {
            parts.extend(self.rules.iter().map(rule_phrases_anywhere));
        }
        for d in decisions.for_criterion(fw, &self.c.code) {
            if !d.sha256.is_empty() {
                parts.push(Filter::Id(d.sha256.clone()));
            }
            if let Some(r) = &d.reference {
                parts.push(Filter::Reference(r.clone()));
            }
        }
        Filter::or(parts)
    }
}

fn phrase_filter(text: Text, phrases: &[String], all: bool) -> Filter {
    let each = phrases
        .iter()
        .map(|p| Filter::Phrase {
            text,
            variants: phrase_variants(p),
        })
        .collect();
    if all {
        Filter::and(each)
    } else {
        Filter::or(each)
    }
}

/// The index terms every document meeting `rule` has (see [`match_rule`]): its trích yếu
/// phrases in `lead_f`, its body phrases in the text, one of its types, a date that can fall
/// in its period (or none indexed: the date may come from the number or the signature).
fn rule_filter(rule: &EvidenceRule, year: Option<i32>) -> Filter {
    let mut parts = Vec::new();
    if !rule.subject_all.is_empty() {
        parts.push(phrase_filter(Text::Lead, &rule.subject_all, true));
    }
    if !rule.subject_any.is_empty() {
        parts.push(phrase_filter(Text::Lead, &rule.subject_any, false));
    }
    if !rule.all.is_empty() {
        parts.push(phrase_filter(Text::Body, &rule.all, true));
    }
    if !rule.any.is_empty() {
        parts.push(phrase_filter(Text::Body, &rule.any, false));
    }
    if !rule.doc_types.is_empty() {
        let mut kinds: Vec<&str> = rule
            .doc_types
            .iter()
            .filter_map(|t| canonical_name(t))
            .collect();
        kinds.sort_unstable();
        kinds.dedup();
        parts.push(Filter::or(
            kinds
                .into_iter()
                .map(|k| Filter::Kind(k.to_owned()))
                .collect(),
        ));
    }
    if let Some(per) = rule.period(year) {
        let day = |(y, m, d): (i32, u32, u32)| chrono::NaiveDate::from_ymd_opt(y, m, d);
        if let (Some(from), Some(to)) = (day(per.from), day(per.to)) {
            parts.push(Filter::Period { from, to });
        }
    }
    Filter::and(parts)
}

/// Documents that contain a rule's phrases anywhere: the near misses `--explain` shows.
fn rule_phrases_anywhere(rule: &EvidenceRule) -> Filter {
    let mut parts = Vec::new();
    if !rule.subject_all.is_empty() || !rule.subject_any.is_empty() {
        parts.push(phrase_filter(Text::Body, &rule.subject_all, true));
        if !rule.subject_any.is_empty() {
            parts.push(phrase_filter(Text::Body, &rule.subject_any, false));
        }
    } else if !rule.all.is_empty() || !rule.any.is_empty() {
        parts.push(phrase_filter(Text::Body, &rule.all, true));
        if !rule.any.is_empty() {
            parts.push(phrase_filter(Text::Body, &rule.any, false));
        }
    } else {
        return Filter::Nothing;
    }
    Filter::and(parts)
}

/// [`link`] over an index: each leaf reads only the documents its rules can accept
/// ([`Leaf::preselect`]), so memory follows the largest leaf's candidates, not the archive.
/// The proposals are those [`link`] gives over every document (same rules, same order).
pub fn link_indexed(
    catalog: &Catalog,
    index: &Index,
    opts: &LinkOptions,
    decisions: &DecisionStore,
) -> Result<Vec<CriterionLinks>, IndexError> {
    link_indexed_with(catalog, index, opts, decisions, Profiles::bundled())
}

/// [`link_indexed`] with given profiles.
pub fn link_indexed_with(
    catalog: &Catalog,
    index: &Index,
    opts: &LinkOptions,
    decisions: &DecisionStore,
    profiles: &Profiles,
) -> Result<Vec<CriterionLinks>, IndexError> {
    let fw = catalog.framework.id.as_str();
    let leaves: Vec<Leaf<'_>> = catalog
        .tree_order()
        .into_iter()
        .map(|c| Leaf::new(catalog, c, profiles, opts))
        .collect();
    // Document-major: which leaves each preselected document is a candidate of, so that a
    // document several leaves preselect (a broad body phrase meets thousands) is read and
    // folded once, not once per leaf.
    let mut wanted: BTreeMap<kiemchung_index::DocAddress, Vec<usize>> = BTreeMap::new();
    for (i, leaf) in leaves.iter().enumerate() {
        let filter = leaf.preselect(fw, opts.year, decisions);
        if filter == Filter::Nothing {
            continue;
        }
        for a in index.select(&filter)? {
            wanted.entry(a).or_default().push(i);
        }
    }
    let contexts: Vec<MatchContext<'_>> = leaves
        .iter()
        .map(|l| MatchContext {
            year: opts.year,
            agency: opts.agency.as_ref(),
            origin: l.origin,
        })
        .collect();
    let judges: Vec<Judge<'_>> = leaves
        .iter()
        .zip(&contexts)
        .map(|(l, ctx)| Judge {
            framework: fw,
            c: l.c,
            rules: &l.rules,
            basis: &l.basis,
            ctx,
            decisions,
            explain: l.explain,
        })
        .collect();
    let mut gathered: Vec<Gathered> = leaves
        .iter()
        .map(|_| Gathered::new(opts.max_per_criterion))
        .collect();
    let wanted: Vec<(kiemchung_index::DocAddress, Vec<usize>)> = wanted.into_iter().collect();
    // In index order, a chunk at a time (read and judged in parallel, gathered in order):
    // each leaf sees its documents in the order a per-leaf scan would.
    for chunk in wanted.chunks(256) {
        let judged: Vec<Vec<(usize, Judgement)>> = chunk
            .par_iter()
            .map(|(addr, leaves)| {
                let doc = index.doc(*addr)?;
                let p = Prepared::new(&doc);
                Ok(leaves
                    .iter()
                    .filter_map(|&l| judges[l].judge(&p).map(|j| (l, j)))
                    .collect())
            })
            .collect::<Result<_, IndexError>>()?;
        for (l, j) in judged.into_iter().flatten() {
            gathered[l].add(j);
        }
    }
    Ok(leaves
        .into_iter()
        .zip(gathered)
        .map(|(leaf, g)| {
            let (proposals, near_misses) = if leaf.rules.is_empty() {
                (Vec::new(), Vec::new())
            } else {
                g.finish()
            };
            leaf.links(proposals, near_misses)
        })
        .collect())
}

/// The period as a reviewer reads it (for messages outside linking).
pub fn period_text(rule: &EvidenceRule, year: Option<i32>) -> Option<String> {
    rule.period(year).map(|p: Period| p.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::doc;

    fn ctx22() -> MatchContext<'static> {
        MatchContext {
            year: Some(2022),
            agency: None,
            origin: RuleOrigin::Catalog,
        }
    }

    #[test]
    fn phrases_match_folded_on_word_boundaries() {
        let f = Folded::new("Ban hành **Kế hoạch** cải cách\nhành chính năm 2022 của UBND tỉnh");
        assert_eq!(
            f.text,
            "ban hanh ke hoach cai cach hanh chinh nam 2022 cua ubnd tinh"
        );
        assert!(find_phrase(&f.text, "kế hoạch cải cách hành chính").is_some());
        assert!(
            find_phrase(&f.text, "KE HOACH CCHC").is_some(),
            "abbreviation"
        );
        assert!(find_phrase(&f.text, "Ủy ban nhân dân tỉnh").is_some());
        assert!(find_phrase(&f.text, "hoach cai").is_some());
        assert!(find_phrase(&f.text, "oach").is_none(), "inside a word");
        assert!(find_phrase(&f.text, "năm 2023").is_none());
        // The map points back to the original words.
        let at = find_phrase(&f.text, "kế hoạch").expect("hit");
        let orig = "Ban hành **Kế hoạch** cải cách\nhành chính năm 2022 của UBND tỉnh";
        assert!(orig[f.original_offset(at)..].starts_with("Kế hoạch"));
    }

    #[test]
    fn any_and_all_phrases() {
        let hay =
            fold_phrase("Báo cáo kết quả thực hiện công tác cải cách hành chính quý III năm 2022");
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let cases: &[(&[&str], &[&str], bool)] = &[
            (&["quý III", "6 tháng"], &[], true),
            (&["6 tháng", "quý I"], &[], false),
            (&[], &["báo cáo", "cải cách hành chính"], true),
            (&[], &["báo cáo", "kiểm tra"], false),
            (&["quy iii"], &["CCHC"], true),
            (&["quý IV"], &["báo cáo"], false),
            (&[], &[], true),
        ];
        for (any, all, want) in cases {
            assert_eq!(
                match_phrases(&hay, &s(any), &s(all)).is_some(),
                *want,
                "any={any:?} all={all:?}"
            );
        }
    }

    #[test]
    fn rules_check_type_issuer_and_period() {
        let d = doc(
            "a1",
            "Kế hoạch",
            Some("18737"),
            "KH-UBND",
            "Ủy ban nhân dân huyện Mộ Đức",
            "2021-12-31",
            "Kế hoạch cải cách hành chính năm 2022",
            "Ban hành kèm theo Quyết định số 18737/QĐ-UBND.",
        );
        let p = Prepared::new(&d);
        let rule = EvidenceRule {
            doc_types: vec!["Kế hoạch".into(), "Quyết định".into()],
            any: vec!["kế hoạch cải cách hành chính".into()],
            issuers: vec!["UBND huyện".into()],
            ..EvidenceRule::default()
        };
        // Issued 31/12/2021: outside 2022 by default…
        assert!(match_rule(&p, &rule, &ctx22()).is_err());
        // …inside when the rule's period starts in the previous year.
        let early = EvidenceRule {
            from: Some("2021-12".into()),
            ..rule.clone()
        };
        let m = match_rule(&p, &early, &ctx22()).expect("match");
        assert!(m.reasons.contains(&Reason::DocType {
            doc_type: "Kế hoạch".into()
        }));
        assert!(m.reasons.contains(&Reason::Phrase {
            phrase: "kế hoạch cải cách hành chính".into(),
            in_subject: true
        }));
        assert!(
            m.reasons
                .iter()
                .any(|r| matches!(r, Reason::Date { date, .. } if date == "2021-12-31"))
        );
        // Wrong type or issuer: no match.
        let wrong_type = EvidenceRule {
            doc_types: vec!["Báo cáo".into()],
            ..early.clone()
        };
        assert!(match_rule(&p, &wrong_type, &ctx22()).is_err());
        let wrong_issuer = EvidenceRule {
            issuers: vec!["Sở Nội vụ".into()],
            ..early
        };
        assert!(match_rule(&p, &wrong_issuer, &ctx22()).is_err());
    }

    #[test]
    fn linking_ranks_and_respects_rejections() {
        use crate::criteria::Framework;
        let docs = vec![
            doc(
                "k1",
                "Kế hoạch",
                Some("12"),
                "KH-UBND",
                "Ủy ban nhân dân tỉnh Quảng Ngãi",
                "2022-01-20",
                "Kế hoạch cải cách hành chính năm 2022",
                "Thực hiện Nghị quyết 76/NQ-CP...",
            ),
            doc(
                "c1",
                "Công văn",
                Some("47"),
                "UBND-TTHC",
                "Ủy ban nhân dân tỉnh Quảng Ngãi",
                "2022-01-06",
                "triển khai kế hoạch xác định Chỉ số cải cách hành chính năm 2021",
                "… theo Kế hoạch cải cách hành chính năm 2022 của tỉnh …",
            ),
            doc(
                "k0",
                "Kế hoạch",
                Some("3"),
                "KH-UBND",
                "Ủy ban nhân dân tỉnh Quảng Ngãi",
                "2021-01-10",
                "Kế hoạch cải cách hành chính năm 2021",
                "",
            ),
        ];
        let catalog = Catalog {
            framework: Framework {
                id: "t".into(),
                name: "Thử".into(),
                ..Framework::default()
            },
            criteria: vec![
                Criterion {
                    code: "1".into(),
                    name: "Chỉ đạo điều hành".into(),
                    ..Criterion::default()
                },
                Criterion {
                    code: "1.1".into(),
                    name: "Ban hành kế hoạch CCHC năm".into(),
                    evidence: vec![EvidenceRule {
                        any: vec!["kế hoạch cải cách hành chính".into()],
                        ..EvidenceRule::default()
                    }],
                    ..Criterion::default()
                },
                Criterion {
                    code: "1.2".into(),
                    name: "Báo cáo CCHC".into(),
                    ..Criterion::default()
                },
            ],
        };
        let opts = LinkOptions {
            year: Some(2022),
            ..LinkOptions::default()
        };
        let mut store = DecisionStore::default();
        let links = link(&catalog, &docs, &opts, &store);
        let ids = |l: &CriterionLinks| {
            l.proposals
                .iter()
                .map(|p| p.doc.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(links[0].code, "1");
        assert!(links[0].proposals.is_empty() && !links[0].fallback);
        // The plan itself is proposed; the 2021 plan is out of period, and
        // the letter about the 2021 index names only 2021 in its trích yếu.
        assert_eq!(ids(&links[1]), ["k1"]);
        // "Báo cáo CCHC" gets the periodic-report profile; no report in the archive: nothing.
        assert!(links[2].proposals.is_empty());
        assert!(matches!(&links[2].basis, Basis::Profile { id, .. } if id == "bao-cao-cchc"));

        store.decide("t", "1.1", &docs[1], DecisionStatus::Rejected, None);
        store.decide("t", "1.1", &docs[0], DecisionStatus::Confirmed, None);
        let links = link(&catalog, &docs, &opts, &store);
        assert_eq!(ids(&links[1]), ["k1"]);
        assert_eq!(links[1].proposals[0].status, DecisionStatus::Confirmed);
    }

    #[test]
    fn undated_documents_take_the_year_of_their_number_or_stay_undated() {
        let mut d = doc(
            "u1",
            "Quyết định",
            Some("22"),
            "2011/QĐ-UBND",
            "UBND tỉnh",
            "",
            "Ban hành quy chế",
            "",
        );
        assert_eq!(
            effective_date(&d),
            (Some("2011".into()), Some("năm trong số hiệu"))
        );
        d.record.symbol = Some("QĐ-UBND".into());
        assert_eq!(effective_date(&d), (None, None));
        d.record
            .signature_stamps
            .push(kiemchung_extractors::SignatureStamp {
                time: Some("2025-03-04T10:00:00+07:00".into()),
                ..Default::default()
            });
        assert_eq!(
            effective_date(&d),
            (Some("2025-03-04".into()), Some("thời điểm ký số"))
        );
        // An undated document is proposed for no year, and --explain says why.
        let u = doc(
            "u2",
            "Kế hoạch",
            None,
            "KH-UBND",
            "Ủy ban nhân dân tỉnh Lâm Đồng",
            "",
            "Cải cách hành chính năm 2025",
            "",
        );
        let p = Prepared::new(&u);
        let rule = EvidenceRule {
            subject_any: vec!["cải cách hành chính".into()],
            ..EvidenceRule::default()
        };
        let ctx = MatchContext {
            year: Some(2025),
            agency: None,
            origin: RuleOrigin::Profile,
        };
        let m = match_rule(&p, &rule, &ctx).expect_err("undated");
        assert!(m.near, "{}", m.why);
        assert_eq!(
            m.why,
            Why::UnknownDate {
                period: "01/01/2025–31/12/2025".into()
            }
        );
        assert!(
            m.why.to_string().contains("không rõ ngày ban hành"),
            "{}",
            m.why
        );
        assert_eq!(
            m.why.describe_in(true),
            "date of issue unknown (period 01/01/2025–31/12/2025): proposed for no year"
        );
    }

    #[test]
    fn years_named_in_the_subject() {
        assert_eq!(years_named("ke hoach cchc nam 2025"), vec![(2025, 2025)]);
        assert_eq!(
            years_named("giai doan 2021 - 2025 va nam 2026"),
            vec![(2021, 2025), (2026, 2026)]
        );
        assert!(years_named("so 12345 ngay 3").is_empty());
    }

    #[test]
    fn plans_for_issuing_criteria_reports_for_completion() {
        let rule = |types: &[&str]| EvidenceRule {
            doc_types: types.iter().map(|t| (*t).to_owned()).collect(),
            subject_any: vec!["thi hành pháp luật".into()],
            ..EvidenceRule::default()
        };
        let rules = vec![
            rule(&["Kế hoạch", "Báo cáo", "Quyết định"]),
            rule(&["Báo cáo"]),
        ];
        // Issuing a plan: only plans and the decisions issuing them.
        let out = plan_or_result(
            "Ban hành Kế hoạch theo dõi thi hành pháp luật năm",
            rules.clone(),
        );
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].doc_types, ["Kế hoạch", "Quyết định"]);
        // Completing it: no plan, no decision issuing one.
        let out = plan_or_result(
            "Mức độ hoàn thành Kế hoạch theo dõi thi hành pháp luật",
            rules.clone(),
        );
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].doc_types, ["Báo cáo", "Quyết định"]);
        assert_eq!(out[0].none, ["ban hành kế hoạch"]);
        // Other names keep their rules.
        assert_eq!(
            plan_or_result("Theo dõi thi hành pháp luật", rules.clone()),
            rules
        );
    }

    #[test]
    fn the_tables_evidence_column_gives_typed_rules() {
        let items = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        // LĐ xã 7.3.4: the name speaks of TTHC, the evidence is the digital-transformation
        // report.
        let (used, rules) = table_rules(
            &items(&[
                "Báo cáo về kết quả chuyển đổi số (có số liệu trong kỳ liên quan tiêu chí đánh giá)",
                "Tài liệu kiểm chứng khác (nếu có)",
            ]),
            &["thu tuc hanh chinh dien tu".to_owned()],
        );
        assert_eq!(used.len(), 1);
        assert_eq!(rules.len(), 1);
        assert_eq!(rules[0].doc_types, ["Báo cáo"]);
        assert_eq!(rules[0].subject_any, ["chuyen doi so"]);
        // Two types in one item, periods cut off, CCHC spelled out.
        let (_, rules) = table_rules(
            &items(&[
                "Các biên bản kiểm tra, thông báo kết luận kiểm tra",
                "Các báo cáo CCHC Quý I, 6 tháng, Quý III và báo cáo năm",
            ]),
            &[],
        );
        let by_type = |t: &str| {
            rules
                .iter()
                .find(|r| r.doc_types == [t])
                .map(|r| r.subject_any.clone())
        };
        assert_eq!(by_type("Biên bản"), Some(vec!["kiem tra".to_owned()]));
        assert_eq!(
            by_type("Thông báo"),
            Some(vec!["ket luan kiem tra".to_owned()])
        );
        assert_eq!(
            by_type("Báo cáo"),
            Some(vec!["cai cach hanh chinh".to_owned()])
        );
        // A type alone takes the name's phrases; no type, or no document, gives nothing.
        let (_, rules) = table_rules(
            &items(&["Các báo cáo kết quả thực hiện; kết quả theo dõi của Sở Nội vụ"]),
            &["du lieu".to_owned()],
        );
        assert_eq!(rules.len(), 1);
        assert_eq!(rules[0].subject_any, ["du lieu"]);
        let (used, rules) = table_rules(
            &items(&[
                "Các văn bản thể hiện nội dung đã được xử lý",
                "Cung cấp các đường link tới tin, bài",
                "TLKC khác (nếu có)",
            ]),
            &["giai phap moi".to_owned()],
        );
        assert!(used.is_empty() && rules.is_empty());
    }

    #[test]
    fn derived_phrases_drop_generic_heads() {
        assert_eq!(
            derived_phrases("Ban hành kế hoạch CCHC năm"),
            vec!["ke hoach cai cach hanh chinh"]
        );
        assert_eq!(
            derived_phrases("Tỷ lệ hồ sơ TTHC được giải quyết đúng thời gian quy định"),
            vec!["ho so thu tuc hanh chinh"]
        );
        assert!(derived_phrases("Thực hiện nhiệm vụ").is_empty());
    }

    #[test]
    fn the_agency_is_inferred_and_its_units_recognised() {
        let docs = vec![
            doc(
                "a",
                "Kế hoạch",
                Some("1"),
                "KH-UBND",
                "Ủy ban nhân dân tỉnh Lâm Đồng",
                "2025-01-02",
                "A",
                "",
            ),
            doc(
                "b",
                "Báo cáo",
                Some("2"),
                "BC-UBND",
                "UBND tỉnh Lâm Đồng",
                "2025-01-03",
                "B",
                "",
            ),
            doc(
                "c",
                "Công văn",
                Some("3"),
                "BNV-CCHC",
                "Bộ Nội vụ",
                "2025-01-04",
                "C",
                "",
            ),
        ];
        let a = Agency::infer(&docs).expect("agency");
        assert_eq!(a.issued, Some((2, 3)));
        assert_eq!(a.how, "inferred");
        let rel = |d: &StoredDoc| a.relation(&Prepared::new(d));
        assert_eq!(rel(&docs[1]), IssuerRelation::Agency);
        assert_eq!(rel(&docs[2]), IssuerRelation::Other);
        let unit = doc(
            "s",
            "Thông báo",
            Some("4"),
            "TB-SNV",
            "Sở Nội vụ",
            "2025-02-01",
            "Kết luận",
            "UBND TỈNH LÂM ĐỒNG\nSỞ NỘI VỤ",
        );
        assert_eq!(rel(&unit), IssuerRelation::Unit);
        let commune = doc(
            "x",
            "Kế hoạch",
            Some("5"),
            "KH-UBND",
            "Ủy ban nhân dân xã Hiệp Thạnh",
            "2025-01-06",
            "CCHC",
            "tỉnh Lâm Đồng",
        );
        assert_eq!(rel(&commune), IssuerRelation::Other);
    }
}
