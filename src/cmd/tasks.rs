//! `kiemchung tasks`: the arguments and the table; the follow-up itself is [`crate::tasks`].

use crate::report::lang::pick;
use crate::tr;
use std::io::{BufWriter, Write};
use std::process::ExitCode;

use rayon::prelude::*;

use kiemchung_index::Index;

use crate::cmd::{IndexArgs, OutputFormat};
use crate::report::table::{self, Column, Table};
use crate::tasks::{FollowUp, Selection, TaskRow, TaskStatus};
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
    let selection = Selection {
        overdue_only: args.overdue,
        assignee: args.assignee.as_deref().map(fold_phrase),
    };
    let follow = FollowUp::indexed(&index, as_of, selection)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match args.format {
        OutputFormat::Json => follow.write_json(&mut out)?,
        OutputFormat::Table => {
            let columns = vec![
                Column::new(pick("HẠN", "DUE"), 10),
                Column::new(pick("VĂN BẢN GIAO", "ASSIGNED BY"), 22).flex(12, 1),
                Column::new(pick("NGÀY", "DATE"), 10),
                Column::new(pick("TÌNH TRẠNG", "STATUS"), 21),
                Column::new(pick("ĐƠN VỊ ĐƯỢC GIAO / NHIỆM VỤ", "ASSIGNEES / TASK"), 120)
                    .flex(20, 4),
            ];
            let limit = table::output_width();
            if follow.len() <= WHOLE_TABLE_ROWS {
                // Columns as wide as their content.
                let mut t = Table::new(columns);
                for r in follow.rows(0..follow.len()) {
                    for cells in lines_of(r?) {
                        t.row(cells);
                    }
                }
                for line in t.render(limit) {
                    writeln!(out, "{line}")?;
                }
            } else {
                // Too many rows to hold: columns at their maximum, rows printed as read, a
                // batch at a time laid out on every core.
                let widths = table::stream_widths(&columns, limit);
                writeln!(out, "{}", table::header_line(&columns, &widths))?;
                for start in (0..follow.len()).step_by(STREAM_BATCH) {
                    let batch = follow.batch(start..(start + STREAM_BATCH).min(follow.len()))?;
                    let text: Vec<String> = batch
                        .into_par_iter()
                        .map(|r| {
                            let mut s = String::with_capacity(1024);
                            for cells in lines_of(r) {
                                s.push_str(&table::line(&widths, &cells));
                                s.push('\n');
                            }
                            s
                        })
                        .collect();
                    for t in text {
                        out.write_all(t.as_bytes())?;
                    }
                }
            }
            writeln!(
                out,
                "\n{}",
                tr!(
                    "{} nhiệm vụ, {} quá hạn (tính đến {})",
                    "{} tasks, {} overdue (as of {})",
                    follow.len(),
                    follow.count(TaskStatus::Overdue),
                    as_of.format("%d/%m/%Y")
                )
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Up to this many rows, the table's columns are sized to their content (all rows held).
const WHOLE_TABLE_ROWS: usize = 5_000;

/// Rows read and laid out together in a long table.
const STREAM_BATCH: usize = 4_096;

/// The table lines of one task: its row, then the duty, the other files and the replies on
/// lines of their own under the last column. Takes the row: its texts move into the cells.
fn lines_of(r: TaskRow) -> Vec<Vec<String>> {
    let day = |d: Option<&str>| d.map_or_else(|| "—".to_owned(), vn_date);
    let under = |text: String| {
        vec![
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            text,
        ]
    };
    let role = r
        .role
        .as_deref()
        .map(|x| format!(" ({x})"))
        .unwrap_or_default();
    let mut lines = vec![vec![
        day(r.deadline.as_deref()),
        r.reference
            .unwrap_or_else(|| pick("(không số)", "(no number)").into()),
        day(r.date.as_deref()),
        r.status.label().to_owned(),
        format!("{}{role}", r.assignees.join("; ")),
    ]];
    if !r.text.is_empty() {
        lines.push(under(r.text));
    }
    if !r.copies.is_empty() {
        lines.push(under(format!(
            "{} {}",
            pick("bản sao:", "copies:"),
            r.copies.join(", ")
        )));
    }
    if !r.answered_by.is_empty() {
        lines.push(under(format!(
            "{} {}",
            pick("trả lời:", "answered by:"),
            r.answered_by.join(", ")
        )));
    }
    lines
}
