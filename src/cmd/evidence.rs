//! `kiemchung evidence confirm|reject|list|history|export`: reviewers' decisions on proposed
//! evidence, kept in `<index>/decisions.sqlite` with their full history (see
//! [`kiemchung_evidence::decisions`]), and the evidence package for the scoring software
//! (see [`kiemchung_evidence::package`]).

use crate::report::lang::pick;
use crate::report::safe_text;
use crate::tr;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::cmd::IndexArgs;
use crate::workspace::Workspace;
use kiemchung_evidence::criteria::normalize_code;
use kiemchung_evidence::decisions::{DecisionStatus, META_CATALOG};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Xác nhận văn bản DOC là tài liệu kiểm chứng của tiêu chí CODE.
    Confirm(DecideArgs),
    /// Loại văn bản DOC khỏi tiêu chí CODE (không đề xuất lại).
    Reject(DecideArgs),
    /// Liệt kê các quyết định của một tiêu chí (hoặc tất cả).
    List(ListArgs),
    /// Lịch sử quyết định: ai quyết định gì, khi nào (mọi thay đổi).
    History(ListArgs),
    /// Xuất bộ tài liệu kiểm chứng: mỗi tiêu chí một thư mục, kèm danh mục XLSX và CSV.
    Export(ExportArgs),
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub index: IndexArgs,
    /// Bộ tiêu chí (.toml, hoặc bảng .csv/.xlsx nhập như `criteria import`).
    #[arg(long)]
    pub criteria: PathBuf,
    /// Thư mục đích (chưa có hoặc trống).
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct DecideArgs {
    #[command(flatten)]
    pub index: IndexArgs,
    /// Mã tiêu chí (1.1.2).
    pub code: String,
    /// Văn bản: số ký hiệu (47/UBND-TTHC), đường dẫn, hoặc đầu mã sha256.
    pub doc: String,
    /// Ghi chú của người rà soát.
    #[arg(long)]
    pub note: Option<String>,
    /// Bộ tiêu chí: quyết định chỉ áp dụng cho bộ này (mặc định: mọi bộ có mã CODE).
    #[arg(long)]
    pub criteria: Option<PathBuf>,
    /// Người rà soát (mặc định: KIEMCHUNG_REVIEWER, hoặc tên đăng nhập).
    #[arg(long)]
    pub reviewer: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub index: IndexArgs,
    /// Mã tiêu chí; bỏ trống để liệt kê tất cả.
    pub code: Option<String>,
    #[arg(long, value_enum, default_value_t = crate::cmd::OutputFormat::Table)]
    pub format: crate::cmd::OutputFormat,
}

pub fn run(cmd: Command) -> anyhow::Result<ExitCode> {
    match cmd {
        Command::Confirm(a) => decide(a, DecisionStatus::Confirmed),
        Command::Reject(a) => decide(a, DecisionStatus::Rejected),
        Command::List(a) => list(a),
        Command::History(a) => history(a),
        Command::Export(a) => export(a),
    }
}

fn decide(a: DecideArgs, status: DecisionStatus) -> anyhow::Result<ExitCode> {
    let code = normalize_code(&a.code);
    if !kiemchung_evidence::criteria::is_valid_code(&code) {
        eprintln!(
            "kiemchung: {}",
            tr!(
                "mã tiêu chí không hợp lệ {:?}",
                "invalid criterion code {:?}",
                a.code
            )
        );
        return Ok(ExitCode::from(2));
    }
    // The catalog named here, else the one the index is reviewed against (remembered by
    // `serve`, `export` and earlier `--criteria`): a code it does not have is refused.
    let remembered = kiemchung_evidence::decisions::meta(&a.index.index, META_CATALOG)?;
    let scoped = a.criteria.is_some();
    let catalog_path = a.criteria.clone().or(remembered.map(PathBuf::from));
    let framework = match &catalog_path {
        Some(path) => {
            let Some(cat) = crate::workspace::load_or_report(path)? else {
                return Ok(ExitCode::from(2));
            };
            if cat.get(&code).is_none() {
                eprintln!(
                    "kiemchung: {}",
                    tr!(
                        "bộ tiêu chí {} ({}) không có tiêu chí {code}",
                        "catalog {} ({}) has no criterion {code}",
                        cat.framework.id,
                        path.display()
                    )
                );
                return Ok(ExitCode::from(2));
            }
            if scoped {
                remember_catalog(&a.index.index, path)?;
                Some(cat.framework.id)
            } else {
                None
            }
        }
        None => None,
    };
    let mut ws = Workspace::open(&a.index.index)?;
    let doc = match ws.resolve(&a.doc)? {
        Ok(d) => d,
        Err(e) => {
            eprintln!("kiemchung: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    ws.decisions.reviewer = a.reviewer;
    let d = ws
        .decisions
        .record(framework.as_deref(), &code, &doc, status, a.note)?;
    println!(
        "{code}: {} {} — {}",
        crate::report::lang::status(status),
        d.reference
            .as_deref()
            .unwrap_or(pick("(không số)", "(no number)")),
        doc.path
    );
    Ok(ExitCode::SUCCESS)
}

fn list(a: ListArgs) -> anyhow::Result<ExitCode> {
    let store = kiemchung_evidence::decisions::DecisionStore::load(&a.index.index)?;
    let code = a.code.as_deref().map(normalize_code);
    let chosen: Vec<_> = store
        .decisions
        .iter()
        .filter(|d| code.as_deref().is_none_or(|c| d.criterion == c))
        .collect();
    match a.format {
        crate::cmd::OutputFormat::Json => {
            for d in &chosen {
                println!("{}", serde_json::to_string(d)?);
            }
        }
        crate::cmd::OutputFormat::Table => {
            if chosen.is_empty() {
                println!("{}", pick("Chưa có quyết định nào.", "No decisions yet."));
            }
            for d in &chosen {
                println!(
                    "{:<8} {:<12} {:<20} {:<10} {}{}",
                    safe_text(&d.criterion),
                    crate::report::lang::status(d.status),
                    safe_text(
                        d.reference
                            .as_deref()
                            .unwrap_or(pick("(không số)", "(no number)"))
                    ),
                    d.date
                        .as_deref()
                        .map(kiemchung_evidence::audit::vn_date)
                        .unwrap_or_default(),
                    safe_text(&d.path),
                    // Multi-line notes stay on their row; escapes are shown, not obeyed.
                    d.note
                        .as_deref()
                        .map(|n| format!("  — {}", safe_text(n)))
                        .unwrap_or_default()
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Remembers the catalog the index is reviewed against (absolute path).
pub fn remember_catalog(index: &std::path::Path, catalog: &std::path::Path) -> anyhow::Result<()> {
    let abs = std::fs::canonicalize(catalog).unwrap_or_else(|_| catalog.to_path_buf());
    kiemchung_evidence::decisions::set_meta(index, META_CATALOG, &abs.display().to_string())?;
    Ok(())
}

fn history(a: ListArgs) -> anyhow::Result<ExitCode> {
    let code = a.code.as_deref().map(normalize_code);
    let rows = kiemchung_evidence::decisions::history(&a.index.index, code.as_deref())?;
    match a.format {
        crate::cmd::OutputFormat::Json => {
            for r in &rows {
                println!("{}", serde_json::to_string(r)?);
            }
        }
        crate::cmd::OutputFormat::Table => {
            if rows.is_empty() {
                println!("{}", pick("Chưa có quyết định nào.", "No decisions yet."));
            }
            for r in &rows {
                let d = &r.decision;
                println!(
                    "#{:<5} {:<25} {:<12} {:<8} {:<12} {:<20}{}",
                    r.seq,
                    kiemchung_extractors::dates::vn_datetime(&d.decided_at),
                    d.reviewer.as_deref().unwrap_or("?"),
                    d.criterion,
                    crate::report::lang::status(d.status),
                    d.reference
                        .as_deref()
                        .unwrap_or(pick("(không số)", "(no number)")),
                    d.note
                        .as_deref()
                        .map(|n| format!("  — {n}"))
                        .unwrap_or_default()
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn export(a: ExportArgs) -> anyhow::Result<ExitCode> {
    let Some(cat) = crate::workspace::load_or_report(&a.criteria)? else {
        return Ok(ExitCode::from(2));
    };
    let ws = Workspace::open(&a.index.index)?;
    remember_catalog(&a.index.index, &a.criteria)?;
    let english = crate::report::lang::english();
    // The package looks up only the documents decisions name.
    let docs = ws.decided_and_proposed(&[])?;
    let pkg = match kiemchung_evidence::package::export(&cat, &docs, &ws.decisions, &a.out, english)
    {
        Ok(p) => p,
        Err(e @ kiemchung_evidence::package::PackageError::NotEmpty(_)) => {
            eprintln!("kiemchung: {e}");
            return Ok(ExitCode::from(2));
        }
        Err(e) => return Err(e.into()),
    };
    for p in &pkg.problems {
        eprintln!("kiemchung: {} {}: {}", p.code, p.document, p.message);
    }
    if english {
        println!(
            "{} files in {} criteria written to {} (manifest.xlsx, manifest.csv); {} problems",
            pkg.items.len(),
            pkg.items
                .iter()
                .map(|i| &i.code)
                .collect::<std::collections::BTreeSet<_>>()
                .len(),
            pkg.dir.display(),
            pkg.problems.len()
        );
    } else {
        println!(
            "Đã xuất {} tệp cho {} tiêu chí vào {} (manifest.xlsx, manifest.csv); {} vấn đề",
            pkg.items.len(),
            pkg.items
                .iter()
                .map(|i| &i.code)
                .collect::<std::collections::BTreeSet<_>>()
                .len(),
            pkg.dir.display(),
            pkg.problems.len()
        );
    }
    Ok(ExitCode::from(if pkg.problems.is_empty() { 0 } else { 1 }))
}
