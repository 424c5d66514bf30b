//! `kiemchung check [--repair]`: is the index whole, current, and true to the disk?
//!
//! Exit status: 0 when nothing needs attention, 1 when something does (damage, stale
//! versions, files changed or gone since the last ingest), 2 when the index cannot be read.

use crate::report::lang::pick;
use crate::tr;
use std::path::Path;
use std::process::ExitCode;

use super::{IndexArgs, OutputFormat};
use crate::check::{self, Report};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub index: IndexArgs,
    /// Sửa chỉ mục hỏng: lập lại từ các phân đoạn còn nguyên (không trích xuất lại); các tệp
    /// bị mất sẽ được nạp lại ở lần `kiemchung ingest` sau.
    #[arg(long)]
    pub repair: bool,
    /// Định dạng kết quả.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let dir = &args.index.index;
    let report = check::run(dir, args.repair)?;
    match args.format {
        OutputFormat::Json => println!("{}", serde_json::to_string(&report)?),
        OutputFormat::Table => print(&report, dir),
    }
    let lost = report.repaired.as_ref().is_some_and(|r| r.lost > 0);
    Ok(if report.has_findings() || lost {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The command that brings the index back in line with the archive.
fn ingest_command(report: &Report, dir: &Path) -> String {
    let roots = if report.roots.is_empty() {
        "THƯ_MỤC".to_owned()
    } else {
        report.roots.join(" ")
    };
    format!("kiemchung ingest --index {} {roots}", dir.display())
}

fn print(report: &Report, dir: &Path) {
    println!(
        "{}",
        tr!(
            "Kiểm tra chỉ mục {}: {} văn bản",
            "Check of index {}: {} documents",
            dir.display(),
            report.documents
        )
    );
    if let Some(r) = &report.repaired {
        println!(
            "{}",
            tr!(
                "Đã sửa: giữ lại {} văn bản, mất {} văn bản (sẽ nạp lại bằng `{}`)",
                "Repaired: {} documents kept, {} lost (ingest them again with `{}`)",
                r.kept,
                r.lost,
                ingest_command(report, dir)
            )
        );
    }
    for d in &report.damage {
        println!("  {} {d}", pick("hỏng:", "damaged:"));
    }
    if !report.damage.is_empty() {
        println!(
            "  {}",
            tr!(
                "→ chạy `kiemchung check --repair --index {}`, rồi `{}`",
                "→ run `kiemchung check --repair --index {}`, then `{}`",
                dir.display(),
                ingest_command(report, dir)
            )
        );
    }
    if report.analyzers_stale {
        println!(
            "  {}",
            tr!(
                "chỉ mục được lập bằng bộ phân tích từ cũ: tìm kiếm bị từ chối → chạy `{}`",
                "the index was built with older analyzers: search is refused → run `{}`",
                ingest_command(report, dir)
            )
        );
    }
    if report.extractor_stale {
        println!(
            "  {}",
            tr!(
                "văn bản được trích xuất bằng phiên bản cũ → `{}` sẽ trích xuất lại",
                "documents were extracted by an older version → `{}` extracts them again",
                ingest_command(report, dir)
            )
        );
    }
    if report.followup_missing > 0 {
        println!(
            "  {}",
            tr!(
                "{} phân đoạn chưa có tệp phụ hợp lệ cho `tasks` (kết quả vẫn đúng, chậm hơn) → `kiemchung check --repair --index {}` hoặc lần nạp sau sẽ ghi",
                "{} segments have no valid follow-up file for `tasks` (answers stay right, slower) → `kiemchung check --repair --index {}` or the next ingest writes them",
                report.followup_missing,
                dir.display()
            )
        );
    }
    for (label, files) in [
        (
            pick("tệp không còn trên đĩa", "files no longer on disk"),
            &report.missing_files,
        ),
        (
            pick(
                "tệp đã thay đổi sau lần nạp cuối",
                "files changed since the last ingest",
            ),
            &report.changed_files,
        ),
    ] {
        if files.is_empty() {
            continue;
        }
        println!("  {label}: {}", files.len());
        for f in files.iter().take(20) {
            println!("    {}", crate::report::safe_text(f));
        }
        if files.len() > 20 {
            let n = files.len() - 20;
            println!("    {}", tr!("… và {n} tệp khác", "… and {n} more files"));
        }
    }
    if !report.has_findings() {
        println!(
            "  {}",
            pick(
                "chỉ mục nguyên vẹn, khớp với các tệp trên đĩa",
                "the index is intact and matches the files on disk"
            )
        );
    }
}
