//! `kiemchung link --criteria FILE [--year Y] [--agency NAME] [--explain CODE]`: propose, for
//! each criterion, the documents of the index that are its evidence — by the catalog's rules,
//! an evidence profile matched by name, or phrases of its name — with the confidence, the
//! reasons and a snippet; criteria without document evidence get nothing, and say why.

use crate::report::lang::pick;
use crate::tr;
use std::io::{BufWriter, Write};
use std::process::ExitCode;

use crate::cmd::{CatalogArgs, OutputFormat};
use crate::workspace::Workspace;
use kiemchung_evidence::criteria::Catalog;
use kiemchung_evidence::linking::{Basis, CriterionLinks, LinkOptions};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub catalog: CatalogArgs,
    /// Chỉ một tiêu chí (và các tiêu chí con).
    #[arg(long)]
    pub code: Option<String>,
    /// Giải thích vì sao các văn bản gần khớp của tiêu chí CODE không được đề xuất.
    #[arg(long, value_name = "CODE")]
    pub explain: Option<String>,
    /// Số đề xuất tối đa cho mỗi tiêu chí.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let Some(catalog) = crate::workspace::load_or_report(&args.catalog.criteria)? else {
        return Ok(ExitCode::from(2));
    };
    let ws = Workspace::open(&args.catalog.index.index)?;
    let agency = ws.agency(&catalog, args.catalog.agency.as_deref())?;
    if let Some(a) = &agency {
        eprintln!("{}", crate::workspace::agency_note(a));
    }
    let explain = args
        .explain
        .as_deref()
        .map(kiemchung_evidence::criteria::normalize_code);
    let opts = LinkOptions {
        year: catalog.year(args.catalog.year),
        max_per_criterion: args.limit,
        agency,
        explain: explain.clone(),
    };
    let mut links = ws.link(&catalog, &opts)?;
    if let Some(code) = args.code.as_deref().or(explain.as_deref()) {
        let code = kiemchung_evidence::criteria::normalize_code(code);
        let prefix = format!("{code}.");
        links.retain(|l| l.code == code || l.code.starts_with(&prefix));
    }
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match args.format {
        OutputFormat::Json => {
            for l in &mut links {
                l.localise(crate::report::lang::english());
                serde_json::to_writer(&mut out, l)?;
                writeln!(out)?;
            }
        }
        OutputFormat::Table => write!(out, "{}", table(&catalog, opts.year, &links))?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn table(catalog: &Catalog, year: Option<i32>, links: &[CriterionLinks]) -> String {
    use std::fmt::Write as _;
    let en = crate::report::lang::english();
    let mut s = String::new();
    let _ = write!(
        s,
        "{} — {}",
        pick("Đề xuất tài liệu kiểm chứng", "Proposed evidence"),
        catalog.framework.name
    );
    if let Some(y) = year {
        let _ = write!(s, " — {}", tr!("năm {y}", "year {y}"));
    }
    s.push_str("\n\n");
    for l in links {
        let indent = "  ".repeat(kiemchung_evidence::criteria::depth(&l.code) - 1);
        if l.basis == Basis::None && l.proposals.is_empty() {
            let _ = writeln!(s, "{indent}{} {}", l.code, l.name);
            continue;
        }
        let count = if l.proposals.is_empty() {
            pick("không có đề xuất", "no proposal").to_owned()
        } else {
            let n = l.proposals.len();
            tr!("{n} đề xuất", "{n} proposed")
        };
        let _ = writeln!(s, "{indent}{} {} — {count}", l.code, l.name);
        let _ = writeln!(
            s,
            "{indent}    {} {}",
            pick("căn cứ:", "basis:"),
            l.basis.describe_in(en)
        );
        for p in &l.proposals {
            let _ = writeln!(
                s,
                "{indent}  [{}] {} {:.2}  {}  {}  {}",
                crate::report::lang::status(p.status),
                kiemchung_evidence::linking::tier_in(p.tier, en),
                p.confidence,
                p.reference
                    .as_deref()
                    .unwrap_or(pick("(không số)", "(no number)")),
                p.date
                    .as_deref()
                    .map(kiemchung_evidence::audit::vn_date)
                    .unwrap_or_else(|| "—".into()),
                p.doc_type.as_deref().unwrap_or("")
            );
            let _ = writeln!(
                s,
                "{indent}      {} {}  sha256: {}",
                pick("tệp:", "file:"),
                p.path,
                &p.doc[..p.doc.len().min(12)]
            );
            let reasons: Vec<String> = p
                .reasons
                .iter()
                .skip(1)
                .map(|r| r.describe_in(en))
                .collect();
            let _ = writeln!(
                s,
                "{indent}      {} {}",
                pick("lý do:", "reasons:"),
                reasons.join("; ")
            );
            let _ = writeln!(
                s,
                "{indent}      «{}»",
                crate::report::clip(&p.snippet, 200)
            );
        }
        if !l.near_misses.is_empty() {
            let _ = writeln!(
                s,
                "{indent}    {}",
                pick(
                    "gần khớp nhưng không đề xuất:",
                    "near misses, not proposed:"
                )
            );
            for m in &l.near_misses {
                let _ = writeln!(
                    s,
                    "{indent}    - {} «{}» ({}): {}",
                    m.reference
                        .as_deref()
                        .unwrap_or(pick("(không số)", "(no number)")),
                    crate::report::clip(m.subject.as_deref().unwrap_or(&m.path), 90),
                    m.rule_in(en),
                    m.why_in(en)
                );
            }
        }
    }
    s
}
