//! `kiemchung audit --criteria FILE`: claimed points against evidence, per criterion, with
//! findings; exit 1 when findings reach `--fail-on`, 2 on bad input, so audits run in batch.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use crate::cmd::CatalogArgs;
use crate::report::audit::{html, render, xlsx};
use crate::workspace::Workspace;
use kiemchung_evidence::audit::{AuditInput, Severity, compute, parse_self_assessment};
use kiemchung_evidence::linking::LinkOptions;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub catalog: CatalogArgs,
    /// Điểm tự chấm: CSV có cột mã tiêu chí và điểm.
    #[arg(long)]
    pub self_assessment: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Ghi ra tệp (bắt buộc với xlsx).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Trả mã 1 khi có phát hiện từ mức này trở lên.
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
    Html,
    Xlsx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let Some(catalog) = crate::workspace::load_or_report(&args.catalog.criteria)? else {
        return Ok(ExitCode::from(2));
    };
    let claims = match &args.self_assessment {
        None => Default::default(),
        Some(path) => {
            let text = match std::fs::read_to_string(path) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("kiemchung: {}: {e}", path.display());
                    return Ok(ExitCode::from(2));
                }
            };
            match parse_self_assessment(&text, &catalog) {
                Ok(c) => c,
                Err(e) => {
                    eprintln!("kiemchung: {}: {e}", path.display());
                    return Ok(ExitCode::from(2));
                }
            }
        }
    };
    if args.format == Format::Xlsx && args.output.is_none() {
        eprintln!(
            "kiemchung: {}",
            crate::tr!(
                "định dạng xlsx cần --output TỆP.xlsx",
                "the xlsx format needs --output FILE.xlsx"
            )
        );
        return Ok(ExitCode::from(2));
    }
    let ws = Workspace::open(&args.catalog.index.index)?;
    let year = catalog.year(args.catalog.year);
    let agency = ws.agency(&catalog, args.catalog.agency.as_deref())?;
    if let Some(a) = &agency {
        eprintln!("{}", crate::workspace::agency_note(a));
    }
    let opts = LinkOptions {
        year,
        agency,
        ..LinkOptions::default()
    };
    let links = ws.link(&catalog, &opts)?;
    // Only the documents decisions and proposals name: the audit looks nothing else up.
    let docs = ws.decided_and_proposed(&links)?;
    let mut report = compute(&AuditInput {
        catalog: &catalog,
        year,
        docs: &docs,
        decisions: &ws.decisions,
        links: &links,
        claims: &claims,
    });
    report.documents_in_index = usize::try_from(ws.index.len()).unwrap_or(usize::MAX);
    let bytes: Vec<u8> = match args.format {
        Format::Table => render::table(&report, crate::report::lang::current()).into_bytes(),
        Format::Json => {
            let mut s = render::json(&report)?;
            s.push('\n');
            s.into_bytes()
        }
        Format::Csv => render::csv(&report, crate::report::lang::current())?,
        Format::Html => html::render(&report, crate::report::lang::current()).into_bytes(),
        Format::Xlsx => xlsx::render(&report, crate::report::lang::current()).context(
            crate::report::lang::pick("tạo tệp XLSX", "writing the XLSX file"),
        )?,
    };
    match &args.output {
        Some(path) => write_atomic(path, &bytes)?,
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes)?;
            out.flush()?;
        }
    }
    if args.output.is_some() || args.format != Format::Table {
        eprintln!(
            "kiemchung: {}",
            crate::tr!(
                "{} lỗi, {} cảnh báo",
                "{} errors, {} warnings",
                report.errors,
                report.warnings
            )
        );
    }
    let fail = match args.fail_on {
        Some(FailOn::Error) => report.fails(Severity::Error),
        Some(FailOn::Warning) => report.fails(Severity::Warning),
        None => false,
    };
    Ok(if fail {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn write_atomic(path: &std::path::Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => std::path::Path::new("."),
    };
    let mut tmp =
        tempfile::NamedTempFile::new_in(dir).with_context(|| format!("ghi {}", path.display()))?;
    tmp.write_all(bytes)?;
    tmp.persist(path)
        .with_context(|| format!("ghi {}", path.display()))?;
    Ok(())
}
