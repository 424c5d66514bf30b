//! `kiemchung tasks`: the arguments and the table; the follow-up itself is [`crate::tasks`].

use crate::report::lang::pick;
use crate::tr;
use std::io::{BufWriter, Write};
use std::process::ExitCode;

use kiemchung_index::Index;

use crate::cmd::{IndexArgs, OutputFormat};
use crate::report::table::{self, Column, Table};
use crate::tasks::{TaskStatus, follow_up_indexed};
use kiemchung_evidence::linking::fold_phrase;
use kiemchung_extractors::dates::vn_date;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub index: IndexArgs,
    /// Chỉ nhiệm vụ quá hạn.
    #[arg(long)]
    pub overdue: bool,
    /// Ngày xét (dd/mm/yyyy hoặc yyyy-mm-dd; mặc định: hôm nay).
    #[arg(long)]
    pub as_of: Option<String>,
    /// Chỉ nhiệm vụ giao cho cơ quan có tên chứa TEXT (không phân biệt dấu).
    #[arg(long)]
    pub assignee: Option<String>,
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let as_of = match &args.as_of {
        None => chrono::Local::now().date_naive(),
        // The same forms as `search --from`: 31/12/2025, 2025-12-31, 12/2025 (its last day).
        Some(s) => match kiemchung_index::parse_user_date(s) {
            Ok((_, last)) => last,
            Err(_) => {
                eprintln!(
                    "kiemchung: {}",
                    tr!(
                        "--as-of phải là một ngày (dd/mm/yyyy hoặc yyyy-mm-dd): {s:?}",
                        "--as-of must be a date (dd/mm/yyyy or yyyy-mm-dd): {s:?}"
                    )
                );
                return Ok(ExitCode::from(2));
            }
        },
    };
    let index = Index::open(&args.index.index)?;
    let mut rows = follow_up_indexed(&index, as_of)?;
    if args.overdue {
        rows.retain(|r| r.status == TaskStatus::Overdue);
    }
    if let Some(a) = &args.assignee {
        let q = fold_phrase(a);
        rows.retain(|r| r.assignees.iter().any(|x| fold_phrase(x).contains(&q)));
    }
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match args.format {
        OutputFormat::Json => {
            for r in &rows {
                serde_json::to_writer(&mut out, r)?;
                writeln!(out)?;
            }
        }
        OutputFormat::Table => {
            let mut t = Table::new(vec![
                Column::new(pick("HẠN", "DUE"), 10),
                Column::new(pick("VĂN BẢN GIAO", "ASSIGNED BY"), 22).flex(12, 1),
                Column::new(pick("NGÀY", "DATE"), 10),
                Column::new(pick("TÌNH TRẠNG", "STATUS"), 21),
                Column::new(pick("ĐƠN VỊ ĐƯỢC GIAO / NHIỆM VỤ", "ASSIGNEES / TASK"), 120)
                    .flex(20, 4),
            ]);
            let day = |d: Option<&str>| d.map_or_else(|| "—".to_owned(), vn_date);
            for r in &rows {
                let role = r
                    .role
                    .as_deref()
                    .map(|x| format!(" ({x})"))
                    .unwrap_or_default();
                t.row(vec![
                    day(r.deadline.as_deref()),
                    r.reference
                        .clone()
                        .unwrap_or_else(|| pick("(không số)", "(no number)").into()),
                    day(r.date.as_deref()),
                    r.status.label().to_owned(),
                    format!("{}{role}", r.assignees.join("; ")),
                ]);
                // The duty and the replies on rows of their own, under the last column.
                if !r.text.is_empty() {
                    t.row(vec![
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                        r.text.clone(),
                    ]);
                }
                if !r.copies.is_empty() {
                    let copies = format!("{} {}", pick("bản sao:", "copies:"), r.copies.join(", "));
                    t.row(vec![
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                        copies,
                    ]);
                }
                if !r.answered_by.is_empty() {
                    let replies = format!(
                        "{} {}",
                        pick("trả lời:", "answered by:"),
                        r.answered_by.join(", ")
                    );
                    t.row(vec![
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                        replies,
                    ]);
                }
            }
            for line in t.render(table::output_width()) {
                writeln!(out, "{line}")?;
            }
            let overdue = rows
                .iter()
                .filter(|r| r.status == TaskStatus::Overdue)
                .count();
            writeln!(
                out,
                "\n{}",
                tr!(
                    "{} nhiệm vụ, {} quá hạn (tính đến {})",
                    "{} tasks, {} overdue (as of {})",
                    rows.len(),
                    overdue,
                    as_of.format("%d/%m/%Y")
                )
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
