//! Audit: for every criterion, what is claimed, what evidence backs it, and what is wrong.
//!
//! Assessors apply a blunt rule (Đắk Lắk's 2023 instructions put it in writing): a criterion
//! or sub-criterion without tài liệu kiểm chứng scores 0. The audit therefore puts the
//! self-assessed points (điểm tự chấm) next to the confirmed and proposed evidence of each
//! node and raises findings a reviewer must clear before the self-assessment is sent:
//!
//! | code | severity | when |
//! |---|---|---|
//! | `no_evidence` | error if points are claimed, else warning | no confirmed and no proposed document |
//! | `insufficient_evidence` | warning | fewer confirmed documents than a rule's `min_docs`, none left to review |
//! | `unconfirmed_evidence` | warning | documents proposed, fewer confirmed than needed |
//! | `evidence_out_of_period` | warning | a confirmed document dated outside the period |
//! | `evidence_unsigned` | warning | a confirmed or proposed document without number or full date |
//! | `claim_exceeds_max` | error | self-assessed points above the maximum |
//!
//! The computation ([`compute`]) is pure; the application's renderers (`src/report/audit`:
//! table, CSV, HTML, XLSX) only format the [`AuditReport`].

use std::collections::BTreeMap;

use kiemchung_extractors::dates::PartialDate;
use kiemchung_extractors::text::fold;
use kiemchung_index::StoredDoc;
use serde::Serialize;

use crate::criteria::{
    Catalog, Criterion, EPS, Period, PeriodFit, area_code, depth, fmt_points, normalize_code,
    round2,
};
use crate::decisions::{DecisionStatus, DecisionStore};
use crate::linking::{CriterionLinks, Reason};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Warning,
    Error,
}

/// What a finding is about (stable snake_case codes for scripts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    NoEvidence,
    InsufficientEvidence,
    UnconfirmedEvidence,
    EvidenceOutOfPeriod,
    /// The document has no number (`Số: …/KH-UBND` left blank): a draft or an unnumbered copy.
    /// Formerly reported together with a missing full date as `evidence_unsigned`.
    EvidenceWithoutNumber,
    /// The document has no full issue date (day, month and year).
    EvidenceWithoutFullDate,
    /// A confirmed document is no longer in the index (deleted or moved out of the archive).
    EvidenceRemoved,
    ClaimExceedsMax,
}

impl FindingKind {
    /// Reads a finding code, including the former `evidence_unsigned` (which meant "no number
    /// or no full date"; it reads as the first of the two).
    pub fn from_code(code: &str) -> Option<FindingKind> {
        use FindingKind::*;
        [
            NoEvidence,
            InsufficientEvidence,
            UnconfirmedEvidence,
            EvidenceOutOfPeriod,
            EvidenceWithoutNumber,
            EvidenceWithoutFullDate,
            EvidenceRemoved,
            ClaimExceedsMax,
        ]
        .into_iter()
        .find(|k| k.code() == code)
        .or_else(|| (code == "evidence_unsigned").then_some(EvidenceWithoutNumber))
    }

    pub fn code(self) -> &'static str {
        match self {
            FindingKind::NoEvidence => "no_evidence",
            FindingKind::InsufficientEvidence => "insufficient_evidence",
            FindingKind::UnconfirmedEvidence => "unconfirmed_evidence",
            FindingKind::EvidenceOutOfPeriod => "evidence_out_of_period",
            FindingKind::EvidenceWithoutNumber => "evidence_without_number",
            FindingKind::EvidenceWithoutFullDate => "evidence_without_full_date",
            FindingKind::EvidenceRemoved => "evidence_removed",
            FindingKind::ClaimExceedsMax => "claim_exceeds_max",
        }
    }
}

/// One finding on one node (and possibly one document).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub criterion: String,
    pub kind: FindingKind,
    pub severity: Severity,
    /// The document concerned (reference, else path).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    pub message: String,
    pub message_en: String,
}

/// One document attached to a node.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvidenceItem {
    pub sha256: String,
    pub path: String,
    pub reference: Option<String>,
    pub doc_type: Option<String>,
    pub date: Option<String>,
    pub issuer: Option<String>,
    pub subject: Option<String>,
    pub status: DecisionStatus,
    /// False when the document has no number or no full date.
    pub signed: bool,
    pub in_period: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f32>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Confirmed earlier but no longer in the index.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub missing: bool,
}

impl EvidenceItem {
    /// How the document is named in reports: `47/UBND-TTHC (06/01/2022)`.
    pub fn label(&self) -> String {
        let name = self.reference.clone().unwrap_or_else(|| {
            let file = self.path.rsplit(['/', '\\']).next().unwrap_or(&self.path);
            match &self.doc_type {
                Some(t) => format!("{t} không số ({file})"),
                None => file.to_owned(),
            }
        });
        match self.date.as_deref() {
            Some(d) => format!("{name} ({})", vn_date(d)),
            None => name,
        }
    }
}

pub use kiemchung_extractors::dates::vn_date;

/// One node of the catalog in the report.
#[derive(Debug, Clone, Serialize)]
pub struct NodeReport {
    pub code: String,
    pub name: String,
    pub depth: usize,
    pub leaf: bool,
    pub max_points: Option<f64>,
    /// Self-assessed points: given in the CSV, or the sum of the children's.
    pub claimed: Option<f64>,
    /// Claimed points backed by confirmed in-period evidence (leaves summed upward).
    pub supported: f64,
    /// Number of documents the rules ask for (1 when there are no rules).
    pub needed: u32,
    pub confirmed: Vec<EvidenceItem>,
    pub proposed: Vec<EvidenceItem>,
    pub findings: Vec<Finding>,
}

impl NodeReport {
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }
}

/// Sums for one area (lĩnh vực) or the whole framework.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Sums {
    pub code: String,
    pub name: String,
    pub max_points: f64,
    pub claimed: f64,
    pub supported: f64,
    /// Leaves (nodes that carry evidence) in the area.
    pub leaves: usize,
    pub leaves_confirmed: usize,
    pub leaves_proposed_only: usize,
    pub leaves_without: usize,
    pub errors: usize,
    pub warnings: usize,
}

impl Sums {
    /// Share of leaves with confirmed evidence, 0–100.
    pub fn coverage(&self) -> f64 {
        if self.leaves == 0 {
            0.0
        } else {
            100.0 * self.leaves_confirmed as f64 / self.leaves as f64
        }
    }
}

/// The whole audit.
#[derive(Debug, Clone, Serialize)]
pub struct AuditReport {
    pub framework_id: String,
    pub framework_name: String,
    pub level: Option<String>,
    pub source: Option<String>,
    pub rules_source: Option<String>,
    pub year: Option<i32>,
    pub generated_at: String,
    pub documents_in_index: usize,
    pub nodes: Vec<NodeReport>,
    pub areas: Vec<Sums>,
    pub total: Sums,
    pub errors: usize,
    pub warnings: usize,
}

impl AuditReport {
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.nodes.iter().flat_map(|n| n.findings.iter())
    }

    /// Whether the findings reach `level`.
    pub fn fails(&self, level: Severity) -> bool {
        match level {
            Severity::Error => self.errors > 0,
            Severity::Warning => self.errors + self.warnings > 0,
        }
    }
}

/// Why a self-assessment file was refused.
#[derive(Debug, thiserror::Error)]
pub enum SelfAssessmentError {
    #[error("tệp tự chấm điểm: {0}")]
    Csv(String),
    #[error("tệp tự chấm điểm, dòng {row}: điểm không đọc được {value:?}")]
    BadPoints { row: usize, value: String },
    #[error("tệp tự chấm điểm, dòng {row}: mã tiêu chí {code:?} không có trong bộ tiêu chí")]
    UnknownCode { row: usize, code: String },
    #[error("tệp tự chấm điểm, dòng {row}: tiêu chí {code} được chấm hai lần")]
    Duplicate { row: usize, code: String },
}

/// Reads a self-assessment CSV: columns code and points (`mã`/`STT`/`tiêu chí`,
/// `điểm`/`điểm tự chấm`/`tự đánh giá`; decimal commas; `,` `;` or tab separated). Without a
/// recognisable header the first two columns are taken.
pub fn parse_self_assessment(
    text: &str,
    catalog: &Catalog,
) -> Result<BTreeMap<String, f64>, SelfAssessmentError> {
    let rows = crate::criteria::import::parse_csv(text).map_err(SelfAssessmentError::Csv)?;
    let header = rows
        .first()
        .map(|r| r.iter().map(|c| fold(c)).collect::<Vec<_>>());
    let (code_col, pts_col, skip) = match &header {
        Some(h) => {
            let code = h.iter().position(|c| {
                matches!(
                    c.as_str(),
                    "code" | "ma" | "stt" | "tt" | "ma tieu chi" | "tieu chi"
                )
            });
            let pts = h.iter().position(|c| {
                c == "points" || c.contains("tu cham") || c.contains("tu danh gia") || c == "diem"
            });
            match (code, pts) {
                (Some(c), Some(p)) => (c, p, 1),
                _ => (0, 1, 0),
            }
        }
        None => (0, 1, 0),
    };
    let mut out = BTreeMap::new();
    for (i, row) in rows.iter().enumerate().skip(skip) {
        let row_no = i + 1;
        let raw_code = row.get(code_col).map(String::as_str).unwrap_or("").trim();
        if raw_code.is_empty() || raw_code.starts_with('#') {
            continue;
        }
        let code = normalize_code(raw_code);
        if catalog.get(&code).is_none() {
            return Err(SelfAssessmentError::UnknownCode {
                row: row_no,
                code: raw_code.to_owned(),
            });
        }
        let raw = row.get(pts_col).map(String::as_str).unwrap_or("");
        let points = match crate::criteria::import::parse_points(raw) {
            Ok(Some(p)) => p,
            Ok(None) => continue,
            Err(()) => {
                return Err(SelfAssessmentError::BadPoints {
                    row: row_no,
                    value: raw.to_owned(),
                });
            }
        };
        if out.insert(code.clone(), points).is_some() {
            return Err(SelfAssessmentError::Duplicate { row: row_no, code });
        }
    }
    Ok(out)
}

/// Everything the audit reads.
pub struct AuditInput<'a> {
    pub catalog: &'a Catalog,
    pub year: Option<i32>,
    pub docs: &'a [StoredDoc],
    pub decisions: &'a DecisionStore,
    /// Output of [`crate::linking::link`] for the same catalog and year.
    pub links: &'a [CriterionLinks],
    pub claims: &'a BTreeMap<String, f64>,
}

fn is_signed(number: Option<&str>, date: Option<&str>) -> bool {
    number.is_some_and(|n| !n.trim().is_empty())
        && date
            .and_then(PartialDate::parse_iso)
            .is_some_and(|d| d.is_full())
}

/// The periods a node's evidence may fall in (one per rule; the year without rules).
fn periods(c: &Criterion, year: Option<i32>) -> Vec<Period> {
    if c.evidence.is_empty() {
        year.map(Period::year).into_iter().collect()
    } else {
        c.evidence.iter().filter_map(|r| r.period(year)).collect()
    }
}

fn in_periods(periods: &[Period], date: Option<&str>) -> bool {
    periods.is_empty()
        || periods
            .iter()
            .any(|p| matches!(p.fit(date), PeriodFit::Inside | PeriodFit::Overlaps))
}

/// Computes the audit.
pub fn compute(input: &AuditInput<'_>) -> AuditReport {
    let cat = input.catalog;
    let fw = cat.framework.id.as_str();
    let links: BTreeMap<&str, &CriterionLinks> =
        input.links.iter().map(|l| (l.code.as_str(), l)).collect();
    let order = cat.tree_order();
    let mut nodes: Vec<NodeReport> = Vec::with_capacity(order.len());
    for c in &order {
        let leaf = cat.is_leaf(&c.code);
        let carries = leaf || !c.evidence.is_empty();
        let periods = periods(c, input.year);
        let needed: u32 = if c.evidence.is_empty() {
            1
        } else {
            c.evidence.iter().map(|r| r.needed()).max().unwrap_or(1)
        };

        // Confirmed: from the decisions (latest per document), whatever linking says.
        let mut confirmed: Vec<EvidenceItem> = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        let decisions: Vec<_> = input.decisions.for_criterion(fw, &c.code).collect();
        for d in decisions.iter().rev() {
            let doc = input.docs.iter().find(|doc| d.is_about(doc));
            let key = doc
                .map(|x| x.id.clone())
                .unwrap_or_else(|| d.sha256.clone());
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            if d.status != DecisionStatus::Confirmed {
                continue;
            }
            let item = match doc {
                Some(doc) => {
                    let rec = &doc.record;
                    EvidenceItem {
                        sha256: doc.id.clone(),
                        path: doc.path.clone(),
                        reference: rec.reference(),
                        doc_type: rec.doc_type.clone(),
                        date: rec.date.clone(),
                        issuer: rec.issuer.clone(),
                        subject: rec.subject.clone(),
                        status: DecisionStatus::Confirmed,
                        signed: is_signed(rec.number.as_deref(), rec.date.as_deref()),
                        in_period: in_periods(&periods, rec.date.as_deref()),
                        score: None,
                        reasons: Vec::new(),
                        note: d.note.clone(),
                        missing: false,
                    }
                }
                None => EvidenceItem {
                    sha256: d.sha256.clone(),
                    path: d.path.clone(),
                    reference: d.reference.clone(),
                    doc_type: d.doc_type.clone(),
                    date: d.date.clone(),
                    issuer: d.issuer.clone(),
                    subject: d.subject.clone(),
                    status: DecisionStatus::Confirmed,
                    signed: d
                        .reference
                        .as_deref()
                        .is_some_and(|r| r.starts_with(|ch: char| ch.is_ascii_digit()))
                        && d.date
                            .as_deref()
                            .and_then(PartialDate::parse_iso)
                            .is_some_and(|x| x.is_full()),
                    in_period: in_periods(&periods, d.date.as_deref()),
                    score: None,
                    reasons: Vec::new(),
                    note: d.note.clone(),
                    missing: true,
                },
            };
            confirmed.push(item);
        }
        confirmed.reverse();
        // Reasons and scores from linking for the confirmed ones it also found.
        let proposals = links.get(c.code.as_str()).map(|l| l.proposals.as_slice());
        for item in &mut confirmed {
            if let Some(p) = proposals
                .into_iter()
                .flatten()
                .find(|p| p.doc == item.sha256)
            {
                item.score = Some(p.score);
                item.reasons = p.reasons.iter().map(Reason::describe).collect();
            }
        }
        let proposed: Vec<EvidenceItem> = proposals
            .into_iter()
            .flatten()
            .filter(|p| p.status == DecisionStatus::Proposed)
            .filter(|p| !confirmed.iter().any(|c| c.sha256 == p.doc))
            .map(|p| {
                let number = input
                    .docs
                    .iter()
                    .find(|d| d.id == p.doc)
                    .and_then(|d| d.record.number.clone());
                EvidenceItem {
                    sha256: p.doc.clone(),
                    path: p.path.clone(),
                    reference: p.reference.clone(),
                    doc_type: p.doc_type.clone(),
                    date: p.date.clone(),
                    issuer: p.issuer.clone(),
                    subject: p.subject.clone(),
                    status: DecisionStatus::Proposed,
                    signed: is_signed(number.as_deref(), p.date.as_deref()),
                    in_period: in_periods(&periods, p.date.as_deref()),
                    score: Some(p.score),
                    reasons: p.reasons.iter().map(Reason::describe).collect(),
                    note: None,
                    missing: false,
                }
            })
            .collect();

        let claimed = input.claims.get(&c.code).copied();
        let mut findings = Vec::new();
        let mut add = |kind, severity, document: Option<String>, vi: String, en: String| {
            findings.push(Finding {
                criterion: c.code.clone(),
                kind,
                severity,
                document,
                message: vi,
                message_en: en,
            });
        };
        if let (Some(cl), Some(max)) = (claimed, c.max_points)
            && cl > max + EPS
        {
            add(
                FindingKind::ClaimExceedsMax,
                Severity::Error,
                None,
                format!(
                    "điểm tự chấm {} vượt điểm tối đa {}",
                    fmt_points(cl),
                    fmt_points(max)
                ),
                format!("self-assessed {cl} exceeds the maximum {max}"),
            );
        }
        if carries {
            let claimed_pos = claimed.is_some_and(|p| p > EPS);
            let usable = confirmed
                .iter()
                .filter(|e| e.in_period && !e.missing)
                .count();
            if confirmed.is_empty() && proposed.is_empty() {
                let (sev, tail_vi, tail_en) = if claimed_pos {
                    (
                        Severity::Error,
                        format!(
                            "; điểm tự chấm {} sẽ bị tính 0 điểm",
                            fmt_points(claimed.unwrap_or(0.0))
                        ),
                        " but points are claimed (scored 0 without evidence)".to_owned(),
                    )
                } else {
                    (Severity::Warning, String::new(), String::new())
                };
                add(
                    FindingKind::NoEvidence,
                    sev,
                    None,
                    format!("chưa có tài liệu kiểm chứng{tail_vi}"),
                    format!("no evidence{tail_en}"),
                );
            } else if (usable as u32) < needed {
                if proposed.is_empty() {
                    add(
                        FindingKind::InsufficientEvidence,
                        Severity::Warning,
                        None,
                        format!("mới xác nhận {usable}/{needed} tài liệu kiểm chứng cần có"),
                        format!("{usable} of {needed} required documents confirmed"),
                    );
                } else {
                    // Strong proposals (confidence ≥ 0.8) are likely evidence waiting for a
                    // click; weak ones need reading. The reviewer plans the work by this.
                    let strong = proposed
                        .iter()
                        .filter(|p| p.score.is_some_and(|s| s >= crate::linking::STRONG_AT))
                        .count();
                    let weak = proposed.len() - strong;
                    add(
                        FindingKind::UnconfirmedEvidence,
                        Severity::Warning,
                        None,
                        format!(
                            "{} tài liệu được đề xuất chưa được xác nhận: {strong} đề xuất mạnh, {weak} đề xuất yếu/vừa (đã xác nhận {usable}/{needed})",
                            proposed.len()
                        ),
                        format!(
                            "{} proposed document(s) not reviewed: {strong} strong, {weak} weak or medium ({usable} of {needed} confirmed)",
                            proposed.len()
                        ),
                    );
                }
            }
            for e in &confirmed {
                if !e.in_period {
                    let period = periods.first().map(|p| p.to_string()).unwrap_or_default();
                    add(
                        FindingKind::EvidenceOutOfPeriod,
                        Severity::Warning,
                        Some(e.label()),
                        format!("{} ngoài kỳ đánh giá {period}", e.label()),
                        format!("{} is outside the period {period}", e.label()),
                    );
                }
            }
            for e in confirmed.iter().chain(&proposed) {
                if e.missing {
                    add(
                        FindingKind::EvidenceRemoved,
                        Severity::Error,
                        Some(e.label()),
                        format!(
                            "{} đã xác nhận nhưng không còn trong chỉ mục (tệp {} đã bị xóa hoặc chuyển đi): không được tính",
                            e.label(),
                            e.path
                        ),
                        format!(
                            "{} was confirmed but is no longer in the index (file {} removed or moved): not counted",
                            e.label(),
                            e.path
                        ),
                    );
                    continue;
                }
                if !e.signed {
                    let numbered = e
                        .reference
                        .as_deref()
                        .is_some_and(|r| r.starts_with(|ch: char| ch.is_ascii_digit()));
                    let (kind, vi, en) = if numbered {
                        (
                            FindingKind::EvidenceWithoutFullDate,
                            "chưa đủ ngày ban hành",
                            "no full issue date",
                        )
                    } else {
                        (
                            FindingKind::EvidenceWithoutNumber,
                            "chưa có số văn bản",
                            "no document number",
                        )
                    };
                    add(
                        kind,
                        Severity::Warning,
                        Some(e.label()),
                        format!("{} ({}) {}", e.label(), e.status.label_vi(), vi),
                        format!("{} has {}", e.label(), en),
                    );
                }
            }
        }
        nodes.push(NodeReport {
            code: c.code.clone(),
            name: c.name.clone(),
            depth: depth(&c.code),
            leaf,
            max_points: c.max_points,
            claimed,
            supported: 0.0,
            needed,
            confirmed,
            proposed,
            findings,
        });
    }
    roll_up(&mut nodes, cat);
    let areas: Vec<Sums> = nodes
        .iter()
        .filter(|n| n.depth == 1)
        .map(|a| sums(&nodes, a))
        .collect();
    let mut total = Sums {
        code: String::new(),
        name: cat.framework.name.clone(),
        ..Sums::default()
    };
    for a in &areas {
        total.max_points += a.max_points;
        total.claimed += a.claimed;
        total.supported += a.supported;
        total.leaves += a.leaves;
        total.leaves_confirmed += a.leaves_confirmed;
        total.leaves_proposed_only += a.leaves_proposed_only;
        total.leaves_without += a.leaves_without;
        total.errors += a.errors;
        total.warnings += a.warnings;
    }
    if let Some(t) = cat.framework.total_points {
        total.max_points = t;
    }
    total.max_points = round2(total.max_points);
    total.claimed = round2(total.claimed);
    total.supported = round2(total.supported);
    let errors = nodes
        .iter()
        .flat_map(|n| &n.findings)
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = nodes.iter().flat_map(|n| &n.findings).count() - errors;
    AuditReport {
        framework_id: cat.framework.id.clone(),
        framework_name: cat.framework.name.clone(),
        level: cat.framework.level.clone(),
        source: cat.framework.source.clone(),
        rules_source: cat.framework.rules_source.clone(),
        year: input.year,
        generated_at: chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        documents_in_index: input.docs.len(),
        nodes,
        areas,
        total,
        errors,
        warnings,
    }
}

/// Claimed and supported points of parents from their children (deepest first).
fn roll_up(nodes: &mut [NodeReport], cat: &Catalog) {
    // Leaves: the claim is supported when enough confirmed documents (`min_docs`), still in
    // the index, fall in the period — and never beyond the leaf's maximum.
    for n in nodes.iter_mut() {
        if n.leaf {
            let usable = n
                .confirmed
                .iter()
                .filter(|e| e.in_period && !e.missing)
                .count() as u32;
            let ok = usable >= n.needed.max(1);
            let claim = n.claimed.unwrap_or(0.0);
            n.supported = if ok {
                round2(match n.max_points {
                    Some(max) => claim.min(max),
                    None => claim,
                })
            } else {
                0.0
            };
        }
    }
    let mut idx: Vec<usize> = (0..nodes.len()).collect();
    idx.sort_by_key(|&i| std::cmp::Reverse(nodes[i].depth));
    for i in idx {
        if nodes[i].leaf {
            continue;
        }
        let code = nodes[i].code.clone();
        let kids: Vec<usize> = (0..nodes.len())
            .filter(|&k| crate::criteria::parent_code(&nodes[k].code) == Some(code.as_str()))
            .collect();
        let any_claim = kids.iter().any(|&k| nodes[k].claimed.is_some());
        let sum_claim: f64 = kids.iter().filter_map(|&k| nodes[k].claimed).sum();
        let sum_sup: f64 = kids.iter().map(|&k| nodes[k].supported).sum();
        let rolled = nodes[i].claimed.is_none() && any_claim;
        if rolled {
            nodes[i].claimed = Some(round2(sum_claim));
        }
        let mut sup = sum_sup;
        if let Some(max) = nodes[i].max_points {
            sup = sup.min(max);
        }
        if !rolled && let Some(cl) = nodes[i].claimed {
            sup = sup.min(cl);
        }
        nodes[i].supported = round2(sup);
        // A self-score above the maximum is flagged at every level: a parent's own claim is
        // checked in `compute`; a claim summed from its children is checked here.
        if rolled
            && let (Some(cl), Some(max)) = (nodes[i].claimed, nodes[i].max_points)
            && cl > max + EPS
        {
            let code = nodes[i].code.clone();
            nodes[i].findings.push(Finding {
                criterion: code,
                kind: FindingKind::ClaimExceedsMax,
                severity: Severity::Error,
                document: None,
                message: format!(
                    "tổng điểm tự chấm các tiêu chí con {} vượt điểm tối đa {}",
                    fmt_points(cl),
                    fmt_points(max)
                ),
                message_en: format!(
                    "self-assessed points of the children {cl} exceed the maximum {max}"
                ),
            });
        }
        if nodes[i].max_points.is_none() {
            let maxes: Vec<f64> = kids.iter().filter_map(|&k| nodes[k].max_points).collect();
            if !maxes.is_empty() && maxes.len() == kids.len() {
                nodes[i].max_points = Some(round2(maxes.iter().sum()));
            }
        }
    }
    let _ = cat;
}

fn sums(nodes: &[NodeReport], area: &NodeReport) -> Sums {
    let mut s = Sums {
        code: area.code.clone(),
        name: area.name.clone(),
        max_points: area.max_points.unwrap_or(0.0),
        claimed: area.claimed.unwrap_or(0.0),
        supported: area.supported,
        ..Sums::default()
    };
    for n in nodes.iter().filter(|n| area_code(&n.code) == area.code) {
        if n.leaf {
            s.leaves += 1;
            if !n.confirmed.is_empty() {
                s.leaves_confirmed += 1;
            } else if !n.proposed.is_empty() {
                s.leaves_proposed_only += 1;
            } else {
                s.leaves_without += 1;
            }
        }
        for f in &n.findings {
            match f.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::criteria::{EvidenceRule, Framework};
    use crate::linking::{LinkOptions, link};
    use crate::testkit::doc;

    fn catalog() -> Catalog {
        let rule = |any: &[&str], min: Option<u32>| EvidenceRule {
            any: any.iter().map(|s| s.to_string()).collect(),
            min_docs: min,
            ..EvidenceRule::default()
        };
        let node = |code: &str, name: &str, max: f64, ev: Vec<EvidenceRule>| Criterion {
            code: code.into(),
            name: name.into(),
            max_points: Some(max),
            evidence: ev,
            ..Criterion::default()
        };
        Catalog {
            framework: Framework {
                id: "t".into(),
                name: "Thử".into(),
                year: Some(2022),
                total_points: Some(10.0),
                ..Framework::default()
            },
            criteria: vec![
                node("1", "Chỉ đạo điều hành", 6.0, vec![]),
                node(
                    "1.1",
                    "Kế hoạch CCHC",
                    2.0,
                    vec![rule(&["kế hoạch cải cách hành chính"], None)],
                ),
                node(
                    "1.2",
                    "Báo cáo CCHC",
                    2.0,
                    vec![rule(&["báo cáo cải cách hành chính"], Some(2))],
                ),
                node(
                    "1.3",
                    "Kiểm tra CCHC",
                    2.0,
                    vec![rule(&["kiểm tra công tác cải cách hành chính"], None)],
                ),
                node("2", "Thể chế", 4.0, vec![]),
                node("2.1", "Rà soát văn bản", 4.0, vec![]),
            ],
        }
    }

    fn docs() -> Vec<StoredDoc> {
        vec![
            doc(
                "kh22",
                "Kế hoạch",
                Some("12"),
                "KH-UBND",
                "Ủy ban nhân dân tỉnh Quảng Ngãi",
                "2022-01-20",
                "Kế hoạch cải cách hành chính năm 2022",
                "",
            ),
            doc(
                "bc22",
                "Báo cáo",
                None,
                "BC-UBND",
                "Ủy ban nhân dân tỉnh Quảng Ngãi",
                "2022-06",
                "Báo cáo cải cách hành chính 6 tháng đầu năm 2022",
                "",
            ),
            doc(
                "bc21",
                "Báo cáo",
                Some("235"),
                "BC-SNV",
                "Sở Nội vụ",
                "2021-12-09",
                "Báo cáo cải cách hành chính năm 2021",
                "",
            ),
        ]
    }

    fn run(claims: &[(&str, f64)], store: &DecisionStore) -> AuditReport {
        let cat = catalog();
        let d = docs();
        let opts = LinkOptions {
            year: Some(2022),
            ..LinkOptions::default()
        };
        let links = link(&cat, &d, &opts, store);
        let claims: BTreeMap<String, f64> =
            claims.iter().map(|(c, p)| (c.to_string(), *p)).collect();
        compute(&AuditInput {
            catalog: &cat,
            year: Some(2022),
            docs: &d,
            decisions: store,
            links: &links,
            claims: &claims,
        })
    }

    fn kinds(r: &AuditReport) -> Vec<(String, &'static str, Severity)> {
        r.findings()
            .map(|f| (f.criterion.clone(), f.kind.code(), f.severity))
            .collect()
    }

    #[test]
    fn findings_before_and_after_review() {
        let mut store = DecisionStore::default();
        let r = run(
            &[("1.1", 2.0), ("1.2", 1.5), ("1.3", 2.5), ("2.1", 0.0)],
            &store,
        );
        use Severity::*;
        let s = |x: &str| x.to_string();
        assert_eq!(
            kinds(&r),
            vec![
                (s("1.1"), "unconfirmed_evidence", Warning),
                (s("1.2"), "unconfirmed_evidence", Warning),
                (s("1.2"), "evidence_without_number", Warning),
                (s("1.3"), "claim_exceeds_max", Error),
                (s("1.3"), "no_evidence", Error),
                (s("2.1"), "no_evidence", Warning),
            ]
        );
        assert_eq!((r.errors, r.warnings), (2, 4));
        assert!(r.fails(Severity::Error) && r.fails(Severity::Warning));
        let a1 = &r.areas[0];
        assert_eq!((a1.max_points, a1.claimed, a1.supported), (6.0, 6.0, 0.0));
        assert_eq!(
            (
                a1.leaves,
                a1.leaves_confirmed,
                a1.leaves_proposed_only,
                a1.leaves_without
            ),
            (3, 0, 2, 1)
        );
        assert_eq!(r.total.max_points, 10.0);

        // Reviewer confirms the plan and (wrongly) last year's report.
        let d = docs();
        store.decide("t", "1.1", &d[0], DecisionStatus::Confirmed, None);
        store.decide("t", "1.2", &d[2], DecisionStatus::Confirmed, None);
        store.decide("t", "1.2", &d[1], DecisionStatus::Rejected, None);
        let r = run(&[("1.1", 2.0), ("1.2", 1.5), ("1.3", 2.0)], &store);
        assert_eq!(
            kinds(&r),
            vec![
                (s("1.2"), "insufficient_evidence", Warning),
                (s("1.2"), "evidence_out_of_period", Warning),
                (s("1.3"), "no_evidence", Error),
                (s("2.1"), "no_evidence", Warning),
            ]
        );
        let n11 = r.nodes.iter().find(|n| n.code == "1.1").expect("1.1");
        assert_eq!(n11.confirmed.len(), 1);
        assert!(
            n11.confirmed[0]
                .reasons
                .iter()
                .any(|x| x.contains("kế hoạch cải cách hành chính"))
        );
        assert_eq!(n11.supported, 2.0);
        assert_eq!(r.areas[0].supported, 2.0);
        assert_eq!(r.areas[0].claimed, 5.5);
        assert_eq!((r.errors, r.warnings), (1, 3));
    }

    #[test]
    fn self_assessment_csv() {
        let cat = catalog();
        let got = parse_self_assessment("Mã;Điểm tự chấm\n1.1;1,5\n1.2;\"2\"\n1.3;\n", &cat)
            .expect("csv");
        assert_eq!(
            got.into_iter().collect::<Vec<_>>(),
            vec![("1.1".to_string(), 1.5), ("1.2".to_string(), 2.0)]
        );
        let got = parse_self_assessment("code,points\n2.1,\"3,25\"\n", &cat).expect("csv");
        assert_eq!(got.get("2.1"), Some(&3.25));
        let got = parse_self_assessment("1.1\t2\n", &cat).expect("no header");
        assert_eq!(got.get("1.1"), Some(&2.0));
        assert!(matches!(
            parse_self_assessment("code,points\n9.9,1\n", &cat),
            Err(SelfAssessmentError::UnknownCode { row: 2, .. })
        ));
        assert!(matches!(
            parse_self_assessment("code;points\n1.1;hai\n", &cat),
            Err(SelfAssessmentError::BadPoints { row: 2, .. })
        ));
        assert!(matches!(
            parse_self_assessment("code;points\n1.1;1\n1.1;2\n", &cat),
            Err(SelfAssessmentError::Duplicate { row: 3, .. })
        ));
    }

    #[test]
    fn dates_print_vietnamese_style() {
        assert_eq!(vn_date("2022-01-06"), "06/01/2022");
        assert_eq!(vn_date("2023-10"), "10/2023");
        assert_eq!(vn_date("2023"), "2023");
    }

    /// The seeds with their gold records, as the index will store them.
    fn seeds() -> Vec<StoredDoc> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/seeds");
        let mut out = Vec::new();
        let mut names: Vec<_> = std::fs::read_dir(&dir)
            .expect("seeds")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        names.sort();
        for txt in names {
            let gold = txt.with_extension("gold.json");
            let mut record: kiemchung_extractors::Record =
                serde_json::from_str(&std::fs::read_to_string(&gold).expect("gold"))
                    .expect("gold record");
            // Gold files carry no hash; the file stem is unique among the seeds.
            let stem = txt
                .file_stem()
                .expect("stem")
                .to_string_lossy()
                .into_owned();
            record.sha256 = stem.clone();
            out.push(StoredDoc {
                id: stem,
                path: txt.display().to_string(),
                text: kiemchung_extractors::text::normalize_document(
                    &std::fs::read_to_string(&txt).expect("text"),
                ),
                record,
            });
        }
        out
    }

    #[test]
    fn demo_catalog_on_the_gold_seeds() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../fixtures/criteria/demo-tinh-2022.toml");
        let cat = Catalog::load(&path).expect("demo catalog");
        let docs = seeds();
        let claims: BTreeMap<String, f64> = [
            ("1.1.1", 1.0),
            ("1.1.2", 1.0),
            ("1.1.3", 1.0),
            ("1.2.2", 0.5),
        ]
        .iter()
        .map(|(c, p)| (c.to_string(), *p))
        .collect();
        let opts = LinkOptions {
            year: Some(2022),
            ..LinkOptions::default()
        };
        let audit = |store: &DecisionStore| {
            let links = link(&cat, &docs, &opts, store);
            let r = compute(&AuditInput {
                catalog: &cat,
                year: Some(2022),
                docs: &docs,
                decisions: store,
                links: &links,
                claims: &claims,
            });
            (links, r)
        };
        let mut store = DecisionStore::default();
        let (links, r) = audit(&store);
        let refs = |code: &str| {
            let mut v: Vec<String> = links
                .iter()
                .find(|l| l.code == code)
                .map(|l| {
                    l.proposals
                        .iter()
                        .filter_map(|p| p.reference.clone())
                        .collect()
                })
                .unwrap_or_default();
            v.sort();
            v
        };
        // The two letters about the 2021 index (dated January 2022) name only 2021 in their
        // trích yếu: not evidence for 2022 (issue 8: they came first for every year).
        assert!(refs("1.1.2").is_empty());
        assert_eq!(refs("1.1.3"), ["833/UBND-NC"]);
        let found: std::collections::BTreeSet<(String, &str, Severity)> =
            kinds(&r).into_iter().collect();
        let mut want = vec![
            ("1.1.1".to_string(), "no_evidence", Severity::Error),
            ("1.1.2".to_string(), "no_evidence", Severity::Error),
            (
                "1.1.3".to_string(),
                "unconfirmed_evidence",
                Severity::Warning,
            ),
            ("1.2.2".to_string(), "no_evidence", Severity::Error),
        ];
        for c in ["1.1.4", "1.2.1", "2", "3", "4", "5", "6", "7", "8"] {
            want.push((c.to_string(), "no_evidence", Severity::Warning));
        }
        assert_eq!(found, want.into_iter().collect());

        let by_ref = |r: &str| {
            docs.iter()
                .find(|d| d.record.reference().as_deref() == Some(r))
                .expect("seed")
        };
        store.decide_scoped(
            None,
            "1.1.1",
            by_ref("833/UBND-NC"),
            DecisionStatus::Confirmed,
            None,
        );
        store.decide_scoped(
            None,
            "1.1.2",
            by_ref("47/UBND-TTHC"),
            DecisionStatus::Confirmed,
            None,
        );
        store.decide_scoped(
            None,
            "1.1.2",
            by_ref("23/BNV-CCHC"),
            DecisionStatus::Rejected,
            None,
        );
        let dak_lak = docs
            .iter()
            .find(|d| d.path.ends_with("004_194654e3eeeb3fd5.txt"))
            .expect("004");
        store.decide_scoped(None, "1.2.2", dak_lak, DecisionStatus::Confirmed, None);
        let (_, r) = audit(&store);
        let found: std::collections::BTreeSet<(String, &str, Severity)> =
            kinds(&r).into_iter().collect();
        let mut want = vec![
            (
                "1.1.3".to_string(),
                "unconfirmed_evidence",
                Severity::Warning,
            ),
            (
                "1.2.2".to_string(),
                "insufficient_evidence",
                Severity::Warning,
            ),
            (
                "1.2.2".to_string(),
                "evidence_out_of_period",
                Severity::Warning,
            ),
            (
                "1.2.2".to_string(),
                "evidence_without_number",
                Severity::Warning,
            ),
        ];
        for c in ["1.1.4", "1.2.1", "2", "3", "4", "5", "6", "7", "8"] {
            want.push((c.to_string(), "no_evidence", Severity::Warning));
        }
        assert_eq!(found, want.into_iter().collect());
        assert_eq!(r.errors, 0);
        assert_eq!(r.areas[0].supported, 2.0);
        assert_eq!(r.areas[0].claimed, 3.5);
    }

    // Issue 8: supported points never exceed the leaf's maximum (nor the claim), even when
    // the self-assessment over-claims; the area is capped too.
    #[test]
    fn supported_points_are_capped_by_the_maximum_and_the_claim() {
        let d = docs();
        let mut store = DecisionStore::default();
        store.decide("t", "1.1", &d[0], DecisionStatus::Confirmed, None);
        let r = run(&[("1.1", 3.0)], &store);
        let n = r.nodes.iter().find(|n| n.code == "1.1").expect("1.1");
        assert_eq!(n.supported, 2.0, "capped at max 2");
        assert!(kinds(&r).contains(&("1.1".into(), "claim_exceeds_max", Severity::Error)));
        assert_eq!(r.areas[0].supported, 2.0);
        // A claim below the maximum is the ceiling.
        let r = run(&[("1.1", 0.5)], &store);
        assert_eq!(
            r.nodes
                .iter()
                .find(|n| n.code == "1.1")
                .expect("1.1")
                .supported,
            0.5
        );
    }

    // Issue 8: a leaf that needs 2 documents gets nothing with 1 confirmed.
    #[test]
    fn min_docs_is_honoured() {
        let d = docs();
        let mut store = DecisionStore::default();
        store.decide("t", "1.2", &d[1], DecisionStatus::Confirmed, None);
        let r = run(&[("1.2", 2.0)], &store);
        let n = r.nodes.iter().find(|n| n.code == "1.2").expect("1.2");
        assert_eq!(n.needed, 2);
        assert_eq!(n.supported, 0.0, "1 of 2 documents");
        // The out-of-period 2021 report does not make the second one.
        store.decide("t", "1.2", &d[2], DecisionStatus::Confirmed, None);
        let r = run(&[("1.2", 2.0)], &store);
        assert_eq!(
            r.nodes
                .iter()
                .find(|n| n.code == "1.2")
                .expect("1.2")
                .supported,
            0.0
        );
    }

    // Issue 8: a confirmed document that has left the index is a finding (an error) and
    // supports nothing.
    #[test]
    fn removed_evidence_is_an_error_and_counts_for_nothing() {
        let d = docs();
        let mut store = DecisionStore::default();
        store.decide("t", "1.1", &d[0], DecisionStatus::Confirmed, None);
        let cat = catalog();
        let remaining: Vec<StoredDoc> = d[1..].to_vec();
        let opts = LinkOptions {
            year: Some(2022),
            ..LinkOptions::default()
        };
        let links = link(&cat, &remaining, &opts, &store);
        let claims: BTreeMap<String, f64> = [("1.1".to_string(), 2.0)].into_iter().collect();
        let r = compute(&AuditInput {
            catalog: &cat,
            year: Some(2022),
            docs: &remaining,
            decisions: &store,
            links: &links,
            claims: &claims,
        });
        let n = r.nodes.iter().find(|n| n.code == "1.1").expect("1.1");
        assert_eq!(n.supported, 0.0);
        let f = n
            .findings
            .iter()
            .find(|f| f.kind == FindingKind::EvidenceRemoved)
            .expect("evidence_removed finding");
        assert_eq!(f.severity, Severity::Error);
        assert!(
            f.message.contains("không còn trong chỉ mục"),
            "{}",
            f.message
        );
        assert!(f.message_en.contains("no longer in the index"));
    }

    // Issue 8 / 12: a self-score above the maximum is flagged at every level, also when the
    // parent's claim is the sum of its children's.
    #[test]
    fn over_claims_are_flagged_at_every_level() {
        let store = DecisionStore::default();
        // Area 1 max 6: children claim 2 + 2 + 2.5 (1.3 above its own max 2).
        let r = run(&[("1.1", 2.0), ("1.2", 2.0), ("1.3", 2.5)], &store);
        let k = kinds(&r);
        assert!(k.contains(&("1.3".into(), "claim_exceeds_max", Severity::Error)));
        assert!(
            k.contains(&("1".into(), "claim_exceeds_max", Severity::Error)),
            "{k:?}"
        );
        // An explicit area claim above its maximum.
        let r = run(&[("2", 5.0)], &store);
        assert!(kinds(&r).contains(&("2".into(), "claim_exceeds_max", Severity::Error)));
        // Within bounds: no such finding anywhere.
        let r = run(&[("1.1", 2.0), ("1.2", 2.0)], &store);
        assert!(!kinds(&r).iter().any(|(_, k, _)| *k == "claim_exceeds_max"));
    }

    #[test]
    fn old_finding_code_is_still_readable() {
        assert_eq!(
            FindingKind::from_code("evidence_unsigned"),
            Some(FindingKind::EvidenceWithoutNumber)
        );
        assert_eq!(
            FindingKind::from_code("evidence_removed"),
            Some(FindingKind::EvidenceRemoved)
        );
    }
}
