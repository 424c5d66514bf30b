//! `kiemchung evidence confirm|reject|list`: reviewers' decisions on proposed evidence,
//! kept in `<index>/evidence.toml` (see [`kiemchung_evidence::decisions`]).

use crate::report::safe_text;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::cmd::IndexArgs;
use crate::workspace::Workspace;
use kiemchung_evidence::criteria::normalize_code;
use kiemchung_evidence::decisions::{DecisionStatus, resolve};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Xác nhận văn bản DOC là tài liệu kiểm chứng của tiêu chí CODE.
    Confirm(DecideArgs),
    /// Loại văn bản DOC khỏi tiêu chí CODE (không đề xuất lại).
    Reject(DecideArgs),
    /// Liệt kê các quyết định của một tiêu chí (hoặc tất cả).
    List(ListArgs),
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
    }
}

fn decide(a: DecideArgs, status: DecisionStatus) -> anyhow::Result<ExitCode> {
    let code = normalize_code(&a.code);
    if !kiemchung_evidence::criteria::is_valid_code(&code) {
        eprintln!("kiemchung: mã tiêu chí không hợp lệ {:?}", a.code);
        return Ok(ExitCode::from(2));
    }
    let framework = match &a.criteria {
        Some(path) => {
            let Some(cat) = crate::workspace::load_or_report(path)? else {
                return Ok(ExitCode::from(2));
            };
            if cat.get(&code).is_none() {
                eprintln!(
                    "kiemchung: bộ tiêu chí {} không có tiêu chí {code}",
                    cat.framework.id
                );
                return Ok(ExitCode::from(2));
            }
            Some(cat.framework.id)
        }
        None => None,
    };
    let mut ws = Workspace::open(&a.index.index)?;
    let doc = match resolve(&ws.docs, &a.doc) {
        Ok(d) => d.clone(),
        Err(e) => {
            eprintln!("kiemchung: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let d = ws
        .decisions
        .decide_scoped(framework.as_deref(), &code, &doc, status, a.note)
        .clone();
    ws.decisions.save()?;
    println!(
        "{code}: {} {} — {}",
        status.label_vi(),
        d.reference.as_deref().unwrap_or("(không số)"),
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
                println!("Chưa có quyết định nào.");
            }
            for d in &chosen {
                println!(
                    "{:<8} {:<12} {:<20} {:<10} {}{}",
                    safe_text(&d.criterion),
                    d.status.label_vi(),
                    safe_text(d.reference.as_deref().unwrap_or("(không số)")),
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
