//! Text renderers of an [`AuditReport`]: terminal table, JSON, CSV; and the labels every
//! renderer shares, in Vietnamese (default, the users' language) or English.

use std::fmt::Write as _;

use kiemchung_evidence::audit::{AuditReport, NodeReport, Severity, vn_date};
use kiemchung_evidence::criteria::fmt_points;

pub use crate::report::lang::Lang;

/// Column and section labels.
#[derive(Debug, Clone, Copy)]
pub struct Labels {
    pub title: &'static str,
    pub framework: &'static str,
    pub year: &'static str,
    pub code: &'static str,
    pub criterion: &'static str,
    pub max: &'static str,
    pub claimed: &'static str,
    pub supported: &'static str,
    pub confirmed: &'static str,
    pub proposed: &'static str,
    pub evidence: &'static str,
    pub findings: &'static str,
    pub severity: &'static str,
    pub error: &'static str,
    pub warning: &'static str,
    pub areas: &'static str,
    pub total: &'static str,
    pub coverage: &'static str,
    pub leaves: &'static str,
    pub without: &'static str,
    pub document: &'static str,
    pub none: &'static str,
    pub documents_in_index: &'static str,
    pub rules_source: &'static str,
    pub generated: &'static str,
    pub no_findings: &'static str,
    pub level: &'static str,
}

pub const VI: Labels = Labels {
    title: "Rà soát tài liệu kiểm chứng Chỉ số cải cách hành chính",
    framework: "Bộ tiêu chí",
    year: "Năm đánh giá",
    code: "Mã",
    criterion: "Tiêu chí",
    max: "Điểm tối đa",
    claimed: "Điểm tự chấm",
    supported: "Điểm có kiểm chứng",
    confirmed: "Tài liệu kiểm chứng đã xác nhận",
    proposed: "Tài liệu kiểm chứng đề xuất",
    evidence: "Tài liệu kiểm chứng",
    findings: "Cảnh báo",
    severity: "Mức độ",
    error: "lỗi",
    warning: "cảnh báo",
    areas: "Tổng hợp theo lĩnh vực",
    total: "Tổng cộng",
    coverage: "Tỷ lệ có kiểm chứng",
    leaves: "Số tiêu chí",
    without: "Chưa có tài liệu",
    document: "Văn bản",
    none: "—",
    documents_in_index: "Văn bản trong chỉ mục",
    rules_source: "Quy tắc kiểm chứng",
    generated: "Lập lúc",
    no_findings: "Không có cảnh báo.",
    level: "Cấp",
};

pub const EN: Labels = Labels {
    title: "PAR Index evidence audit",
    framework: "Framework",
    year: "Evaluation year",
    code: "Code",
    criterion: "Criterion",
    max: "Max points",
    claimed: "Self-assessed",
    supported: "Backed by evidence",
    confirmed: "Confirmed evidence",
    proposed: "Proposed evidence",
    evidence: "Evidence",
    findings: "Findings",
    severity: "Severity",
    error: "error",
    warning: "warning",
    areas: "Areas",
    total: "Total",
    coverage: "Coverage",
    leaves: "Criteria",
    without: "Without evidence",
    document: "Document",
    none: "—",
    documents_in_index: "Documents in index",
    rules_source: "Evidence rules",
    generated: "Generated",
    no_findings: "No findings.",
    level: "Level",
};

impl Lang {
    pub fn labels(self) -> &'static Labels {
        match self {
            Lang::Vi => &VI,
            Lang::En => &EN,
        }
    }

    pub fn severity(self, s: Severity) -> &'static str {
        let l = self.labels();
        match s {
            Severity::Error => l.error,
            Severity::Warning => l.warning,
        }
    }

    /// Points in the language's style (`9,5` / `9.5`); `—` when unknown.
    pub fn points(self, p: Option<f64>) -> String {
        match p {
            None => self.labels().none.to_owned(),
            Some(x) => match self {
                Lang::Vi => fmt_points(x),
                Lang::En => fmt_points(x).replace(',', "."),
            },
        }
    }

    pub fn message(self, f: &kiemchung_evidence::audit::Finding) -> &str {
        match self {
            Lang::Vi => &f.message,
            Lang::En => &f.message_en,
        }
    }
}

fn clip(s: &str, width: usize) -> String {
    crate::report::clip(s, width)
}

fn pad(s: &str, width: usize) -> String {
    let n = s.chars().count();
    if n >= width {
        s.to_owned()
    } else {
        format!("{s}{}", " ".repeat(width - n))
    }
}

fn lpad(s: &str, width: usize) -> String {
    let n = s.chars().count();
    if n >= width {
        s.to_owned()
    } else {
        format!("{}{s}", " ".repeat(width - n))
    }
}

/// `title — year`, the heading every format starts with.
pub fn heading(r: &AuditReport, lang: Lang) -> String {
    let l = lang.labels();
    let mut s = format!("{}: {}", l.framework, r.framework_name);
    if let Some(y) = r.year {
        let _ = write!(s, " — {} {y}", l.year);
    }
    s
}

/// The terminal table.
pub fn table(r: &AuditReport, lang: Lang) -> String {
    let l = lang.labels();
    let mut out = String::new();
    let _ = writeln!(out, "{}", l.title);
    let _ = writeln!(out, "{}", heading(r, lang));
    if let Some(src) = &r.rules_source {
        let _ = writeln!(out, "{}: {src}", l.rules_source);
    }
    let _ = writeln!(out, "{}: {}\n", l.documents_in_index, r.documents_in_index);
    let _ = writeln!(
        out,
        "{} {} {} {} {} {}  {}",
        pad(l.code, 8),
        pad(l.criterion, 46),
        lpad(l.max, 11),
        lpad(l.claimed, 12),
        lpad("XN", 3),
        lpad("ĐX", 3),
        l.findings
    );
    for n in &r.nodes {
        let indent = "  ".repeat(n.depth.saturating_sub(1));
        let name = clip(&format!("{indent}{}", n.name), 46);
        let flags = n
            .findings
            .iter()
            .map(|f| f.kind.code())
            .collect::<Vec<_>>()
            .join(", ");
        let (c, p) = if n.leaf || !n.confirmed.is_empty() || !n.proposed.is_empty() {
            (n.confirmed.len().to_string(), n.proposed.len().to_string())
        } else {
            (String::new(), String::new())
        };
        let _ = writeln!(
            out,
            "{} {} {} {} {} {}  {}",
            pad(&n.code, 8),
            pad(&name, 46),
            lpad(&lang.points(n.max_points), 11),
            lpad(&lang.points(n.claimed), 12),
            lpad(&c, 3),
            lpad(&p, 3),
            flags
        );
    }
    let _ = writeln!(out, "\n(XN: {}; ĐX: {})", l.confirmed, l.proposed);

    let _ = writeln!(out, "\n{}:", l.evidence);
    for n in r
        .nodes
        .iter()
        .filter(|n| !n.confirmed.is_empty() || !n.proposed.is_empty())
    {
        let _ = writeln!(out, "  {} {}", n.code, clip(&n.name, 70));
        for e in n.confirmed.iter().chain(&n.proposed) {
            let _ = writeln!(
                out,
                "    [{}] {}{}",
                lang.status(e.status),
                e.label(),
                e.subject
                    .as_deref()
                    .map(|s| format!(" — {}", clip(s, 70)))
                    .unwrap_or_default()
            );
        }
    }

    let _ = writeln!(out, "\n{}:", l.findings);
    if r.errors + r.warnings == 0 {
        let _ = writeln!(out, "  {}", l.no_findings);
    }
    for f in r.findings() {
        let _ = writeln!(
            out,
            "  {:<8} {:<8} {:<24} {}",
            f.criterion,
            lang.severity(f.severity),
            f.kind.code(),
            lang.message(f)
        );
    }

    let _ = writeln!(out, "\n{}:", l.areas);
    let _ = writeln!(
        out,
        "  {} {} {} {} {} {}",
        pad(l.criterion, 46),
        lpad(l.max, 11),
        lpad(l.claimed, 12),
        lpad(l.supported, 18),
        lpad(l.coverage, 19),
        l.findings
    );
    for a in r.areas.iter().chain(std::iter::once(&r.total)) {
        let name = if a.code.is_empty() {
            l.total.to_owned()
        } else {
            format!("{}. {}", a.code, a.name)
        };
        let _ = writeln!(
            out,
            "  {} {} {} {} {} {} {}, {} {}",
            pad(&clip(&name, 46), 46),
            lpad(&lang.points(Some(a.max_points)), 11),
            lpad(&lang.points(Some(a.claimed)), 12),
            lpad(&lang.points(Some(a.supported)), 18),
            lpad(
                &format!("{}/{} ({:.0}%)", a.leaves_confirmed, a.leaves, a.coverage()),
                19
            ),
            a.errors,
            l.error,
            a.warnings,
            l.warning
        );
    }
    out
}

/// JSON: the whole report as one document.
pub fn json(r: &AuditReport) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(r)
}

fn evidence_cell(n: &NodeReport, confirmed: bool) -> String {
    let v = if confirmed { &n.confirmed } else { &n.proposed };
    v.iter().map(|e| e.label()).collect::<Vec<_>>().join("; ")
}

/// The per-node columns shared by CSV and XLSX.
pub fn node_headers(lang: Lang) -> Vec<&'static str> {
    let l = lang.labels();
    vec![
        l.code,
        l.criterion,
        l.max,
        l.claimed,
        l.supported,
        l.confirmed,
        l.proposed,
        l.findings,
        l.severity,
    ]
}

/// A text cell that a spreadsheet will not run: text beginning with `=`, `+`, `-`, `@`, a tab
/// or a carriage return (formula triggers in Excel and LibreOffice, OWASP "CSV injection") gets
/// a leading apostrophe. Names and findings come from documents and catalogs we do not control.
pub fn safe_cell(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_owned(),
    }
}

/// One node as cells (points as numbers when `numeric`); text cells neutralised.
pub fn node_cells(n: &NodeReport, lang: Lang) -> Vec<String> {
    let cells = vec![
        n.code.clone(),
        n.name.clone(),
        n.max_points
            .map(|x| lang.points(Some(x)))
            .unwrap_or_default(),
        n.claimed.map(|x| lang.points(Some(x))).unwrap_or_default(),
        lang.points(Some(n.supported)),
        evidence_cell(n, true),
        evidence_cell(n, false),
        n.findings
            .iter()
            .map(|f| format!("{}: {}", f.kind.code(), lang.message(f)))
            .collect::<Vec<_>>()
            .join("; "),
        n.worst().map(|s| lang.severity(s)).unwrap_or("").to_owned(),
    ];
    cells
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            if (2..=4).contains(&i) {
                c
            } else {
                safe_cell(&c)
            }
        })
        .collect()
}

/// CSV: one row per node (UTF-8 with BOM so Excel reads the Vietnamese right). In Vietnamese
/// the separator is `;`: Excel set to Vietnamese uses the decimal comma (`9,5`) and expects `;`
/// between fields, so a `,` file opens as one column.
pub fn csv(r: &AuditReport, lang: Lang) -> Result<Vec<u8>, csv::Error> {
    let delimiter = match lang {
        Lang::Vi => b';',
        Lang::En => b',',
    };
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::new());
    w.write_record(node_headers(lang))?;
    for n in &r.nodes {
        w.write_record(node_cells(n, lang))?;
    }
    let mut out = "\u{feff}".as_bytes().to_vec();
    out.extend(
        w.into_inner()
            .map_err(|e| csv::Error::from(e.into_error()))?,
    );
    Ok(out)
}

/// `06/01/2022` for ISO dates in any renderer.
pub fn date(d: Option<&str>) -> String {
    d.map(vn_date).unwrap_or_default()
}

#[cfg(test)]
mod safe_tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        for (raw, want) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1+1", "'+1+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("Kế hoạch CCHC", "Kế hoạch CCHC"),
            ("", ""),
        ] {
            assert_eq!(safe_cell(raw), want, "{raw:?}");
        }
    }
}
