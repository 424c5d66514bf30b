//! `kiemchung tasks`: the arguments and the table; the follow-up itself is [`crate::tasks`].

use crate::report::lang::pick;
use crate::tr;
use std::borrow::Cow;
use std::io::{BufWriter, Write};
use std::process::ExitCode;

use kiemchung_index::{Filter, Index};

use crate::cmd::{IndexArgs, OutputFormat};
use crate::report::table::{self, Column, Table};
use crate::tasks::{FollowUp, Layout, Selection, TaskRowRef, TaskStatus};
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
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let follow = match args.format {
        OutputFormat::Json => {
            let follow = FollowUp::indexed(&index, as_of, selection)?;
            follow.write_json(&mut out)?;
            follow
        }
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
            if index.count(&Filter::HasTasks)? <= WHOLE_TABLE_DOCS {
                // Columns as wide as their content.
                let follow = FollowUp::indexed(&index, as_of, selection)?;
                let mut t = Table::new(columns);
                for r in follow.rows(0..follow.len()) {
                    let r = r?;
                    let assignees: Vec<Cow<str>> = r
                        .assignees
                        .iter()
                        .map(|a| Cow::Borrowed(a.as_str()))
                        .collect();
                    let text = Cow::Borrowed(r.text.as_str());
                    let view = TaskRowRef {
                        doc: &r.doc,
                        path: &r.path,
                        reference: r.reference.as_deref(),
                        date: r.date.as_deref(),
                        issuer: r.issuer.as_deref(),
                        assignees: &assignees,
                        role: r.role.as_deref(),
                        deadline: r.deadline.as_deref(),
                        text: &text,
                        status: r.status,
                        answered_by: &r.answered_by,
                    };
                    for cells in lines_of(&view, &r.copies) {
                        t.row(cells.into_iter().map(Cow::into_owned).collect());
                    }
                }
                for line in t.render(limit) {
                    writeln!(out, "{line}")?;
                }
                follow
            } else {
                // Too many rows to hold: columns at their maximum, each row laid out by the
                // worker that finds it, the lines written in deadline order.
                let widths = table::stream_widths(&columns, limit);
                writeln!(out, "{}", table::header_line(&columns, &widths))?;
                let lay_out = |r: &TaskRowRef, buf: &mut Vec<u8>| {
                    for cells in lines_of(r, &[]) {
                        table::line_into(&widths, &cells, buf);
                        buf.push(b'\n');
                    }
                };
                let follow =
                    FollowUp::indexed_as(&index, as_of, &selection, Layout::Lines(&lay_out))?;
                follow.write_lines(&mut out, |copies| {
                    let mut s = table::line(&widths, &under(copies_line(copies).into()));
                    s.push('\n');
                    s
                })?;
                follow
            }
        }
    };
    if args.format == OutputFormat::Table {
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
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Up to this many documents assigning tasks, the table's columns are sized to their content
/// (all rows held); above, rows are laid out as they are found, at the columns' maximum.
const WHOLE_TABLE_DOCS: usize = 2_000;

/// The table lines of one task: its row, then the duty, the replies and the other files on
/// lines of their own under the last column.
fn lines_of<'r>(r: &TaskRowRef<'r>, copies: &[String]) -> Vec<[Cow<'r, str>; 5]> {
    let day = |d: Option<&str>| Cow::Owned(d.map_or_else(|| "—".to_owned(), vn_date));
    let role = r.role.map(|x| format!(" ({x})")).unwrap_or_default();
    let mut lines = vec![[
        day(r.deadline),
        r.reference
            .map_or_else(|| pick("(không số)", "(no number)").into(), Cow::Borrowed),
        day(r.date),
        Cow::Borrowed(r.status.label()),
        Cow::Owned(format!("{}{role}", r.assignees.join("; "))),
    ]];
    if !r.text.is_empty() {
        lines.push(under(Cow::Borrowed(r.text.as_ref())));
    }
    if !r.answered_by.is_empty() {
        lines.push(under(Cow::Owned(format!(
            "{} {}",
            pick("trả lời:", "answered by:"),
            r.answered_by.join(", ")
        ))));
    }
    if !copies.is_empty() {
        lines.push(under(Cow::Owned(copies_line(copies))));
    }
    lines
}

/// A line with text under the last column only.
fn under(text: Cow<'_, str>) -> [Cow<'_, str>; 5] {
    [
        Cow::Borrowed(""),
        Cow::Borrowed(""),
        Cow::Borrowed(""),
        Cow::Borrowed(""),
        text,
    ]
}

fn copies_line(copies: &[String]) -> String {
    format!("{} {}", pick("bản sao:", "copies:"), copies.join(", "))
}
