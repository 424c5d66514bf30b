//! `kiemchung extract PATH... [--format json|table]`: one record per file.
//!
//! JSON Lines on stdout in the shape of `shared/spec/extract-json.md`, in input order. A file
//! that cannot be read still gets its record (with `error`) and a line on stderr naming the
//! file and the reason; the batch goes on and the exit status is 1. Paths met that give no
//! record (unsupported types, pipes, devices, unreadable folders, missing paths) get a JSON
//! line with `source`, `skipped` (a stable code) and `error` (the reason), after the records;
//! only missing and unreadable paths make the exit status 1.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use kiemchung_extractors::{DEFAULT_MAX_FILE_SECONDS, DEFAULT_MAX_TEXT_MB, Options, Record};

use crate::pipeline;
use crate::report::safe_text;
use crate::report::terminal::{clip_width, pad_width};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or folders (read recursively).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,
    /// Worker threads (0 = one per core).
    #[arg(long, short = 'j', default_value_t = 0)]
    pub jobs: usize,
    #[command(flatten)]
    pub budget: BudgetArgs,
}

/// Per-file budgets, shared by `extract` and `ingest`.
#[derive(Debug, Clone, clap::Args)]
pub struct BudgetArgs {
    /// Thời gian tối đa để đọc một tệp, tính bằng giây (0 = không giới hạn). Tệp quá hạn
    /// thành bản ghi lỗi `time_budget_exceeded`; cả lô vẫn chạy tiếp.
    #[arg(long, value_name = "GIÂY", default_value_t = DEFAULT_MAX_FILE_SECONDS)]
    pub max_file_seconds: u64,
    /// Dung lượng văn bản tối đa đọc từ một tệp, tính bằng MB (phần sau bị bỏ, cảnh báo
    /// `text_capped`); giữ bộ nhớ gần bằng kích thước tệp.
    #[arg(long, value_name = "MB", default_value_t = DEFAULT_MAX_TEXT_MB as u32,
          value_parser = clap::value_parser!(u32).range(1..=4096))]
    pub max_text_mb: u32,
}

impl BudgetArgs {
    /// The extraction options these flags give.
    pub fn options(&self) -> Options {
        Options {
            max_file_time: (self.max_file_seconds > 0)
                .then(|| std::time::Duration::from_secs(self.max_file_seconds)),
            max_text_bytes: (self.max_text_mb as usize) << 20,
            ..Options::default()
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// JSON Lines, one record per file.
    Json,
    /// A readable summary for a terminal.
    Table,
}

/// Files are extracted in chunks so memory stays flat on large archives while output keeps
/// input order.
const CHUNK: usize = 256;

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    pipeline::set_jobs(args.jobs);
    let (files, skips) = pipeline::collect_inputs(&args.paths);
    let mut failed = 0usize;
    for e in skips.iter().filter(|s| s.kind.is_error()) {
        eprintln!(
            "kiemchung: {}: {}",
            pipeline::display_path(&e.path),
            e.reason
        );
        failed += 1;
    }
    let opts = args.budget.options();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if args.format == Format::Table {
        writeln!(out, "{}", table_header())?;
    }
    for chunk in files.chunks(CHUNK) {
        let done = pipeline::extract_all(chunk, &opts, |_| {});
        for ex in done {
            let rec = &ex.record;
            if let Some(err) = &rec.error {
                eprintln!("kiemchung: {}: {err}", rec.source);
                failed += 1;
            }
            match args.format {
                Format::Json => {
                    serde_json::to_writer(&mut out, rec).context("writing JSON")?;
                    writeln!(out)?;
                }
                Format::Table => writeln!(out, "{}", table_row(rec))?,
            }
        }
        out.flush()?;
    }
    // Paths that give no record still get a line: nothing is skipped silently.
    for skip in &skips {
        match args.format {
            Format::Json => {
                serde_json::to_writer(&mut out, &skip.to_json()).context("writing JSON")?;
                writeln!(out)?;
            }
            Format::Table => {
                let name = pipeline::display_path(&skip.path);
                writeln!(
                    out,
                    "{} BỎ QUA: {}",
                    cell(&name, 32),
                    safe_text(&skip.reason)
                )?;
            }
        }
    }
    if args.format == Format::Table {
        writeln!(
            out,
            "\n{} tệp, {} lỗi, {} bỏ qua",
            files.len(),
            failed,
            skips.len()
        )?;
    }
    out.flush()?;
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn table_header() -> String {
    [
        pad_width("TỆP", 32),
        pad_width("LOẠI", 11),
        pad_width("SỐ, KÝ HIỆU", 22),
        pad_width("NGÀY", 10),
        pad_width("CƠ QUAN BAN HÀNH", 34),
        "TRÍCH YẾU / CẢNH BÁO".to_owned(),
    ]
    .join(" ")
}

/// A cell: text from a document made safe for a terminal, padded to `cells` display cells
/// (NFD names, combining marks and wide characters keep the columns aligned).
fn cell(s: &str, cells: usize) -> String {
    pad_width(&safe_text(s), cells)
}

fn table_row(rec: &Record) -> String {
    let file = std::path::Path::new(&rec.source)
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| rec.source.clone());
    if let Some(err) = &rec.error {
        return format!("{} LỖI: {}", cell(&file, 32), safe_text(err));
    }
    let dash = || "—".to_owned();
    let mut tail = rec
        .subject
        .clone()
        .map(|s| clip_width(&safe_text(&s), 60))
        .unwrap_or_else(dash);
    if !rec.warnings.is_empty() {
        tail.push_str(&format!("  [{}]", rec.warnings.join(", ")));
    }
    [
        cell(&file, 32),
        cell(rec.doc_type.as_deref().unwrap_or("—"), 11),
        cell(&rec.reference().unwrap_or_else(dash), 22),
        cell(rec.date.as_deref().unwrap_or("—"), 10),
        cell(rec.issuer.as_deref().unwrap_or("—"), 34),
        tail,
    ]
    .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn table_rows_escape_controls_and_align_nfd_names() {
        let nfd: String = "Quyết định số 1.txt".nfd().collect();
        let rec = |source: &str| Record {
            source: source.into(),
            doc_type: Some("Quyết định".into()),
            issuer: Some("UBND\u{1b}[2J tỉnh".into()),
            subject: Some("dòng 1\ndòng 2".into()),
            ..Record::default()
        };
        let a = table_row(&rec(&nfd));
        let b = table_row(&rec("Quyet dinh so 1.txt"));
        assert!(!a.contains('\u{1b}') && !a.contains('\n'), "{a:?}");
        assert!(a.contains("UBND\\u{1b}[2J tỉnh"), "{a:?}");
        assert!(a.contains("dòng 1 dòng 2"), "{a:?}");
        // Same display width before the issuer column, whatever the file name's form.
        let col = |row: &str| crate::report::terminal::width(&row[..row.find("UBND").unwrap()]);
        assert_eq!(col(&a), col(&b));
    }
}
