//! `kiemchung extract PATH... [--format json|table]`: one record per file.
//!
//! JSON Lines on stdout in the shape of `shared/spec/extract-json.md`, in input order. A file
//! that cannot be read still gets its record (with `error`) and a line on stderr naming the
//! file and the reason; the batch goes on and the exit status is 1. Paths met that give no
//! record (unsupported types, pipes, devices, unreadable folders, missing paths) get a JSON
//! line with `source`, `skipped` (a stable code) and `error` (the reason), after the records;
//! only missing and unreadable paths make the exit status 1.

use crate::report::lang::pick;
use crate::tr;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use kiemchung_extractors::{DEFAULT_MAX_FILE_SECONDS, DEFAULT_MAX_TEXT_MB, Options, Record};

use crate::pipeline;
use crate::report::table::{self, Column};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Tệp hoặc thư mục (đọc cả thư mục con).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Định dạng đầu ra.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,
    /// Số luồng xử lý (0 = mỗi nhân một luồng).
    #[arg(long, short = 'j', default_value_t = 0)]
    pub jobs: usize,
    #[command(flatten)]
    pub ocr: OcrArgs,
    /// Giữ văn bản OCR trong thư mục này (bộ nhớ đệm mà `ingest` giữ trong thư mục chỉ mục).
    #[arg(long)]
    pub ocr_cache: Option<PathBuf>,
    #[command(flatten)]
    pub budget: BudgetArgs,
}

/// `--ocr`, shared by `extract` and `ingest`.
#[derive(Debug, Clone, clap::Args)]
pub struct OcrArgs {
    /// OCR bản quét, ảnh chụp và lớp chữ rác: auto (dải tiêu đề và vùng chữ ký trước, cho bản
    /// ghi; rồi mọi trang, cho chỉ mục), header (chỉ dải tiêu đề trang 1 và vùng chữ ký: nhanh,
    /// đủ cho bản ghi), full (cả trang quét nằm trong văn bản có chữ), off (tắt).
    #[arg(long = "ocr", value_enum, default_value_t = OcrChoice::Auto)]
    pub mode: OcrChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OcrChoice {
    Auto,
    Header,
    Full,
    Off,
}

impl OcrChoice {
    pub fn mode(self) -> kiemchung_extractors::ocr::OcrMode {
        use kiemchung_extractors::ocr::OcrMode;
        match self {
            OcrChoice::Auto => OcrMode::Auto,
            OcrChoice::Header => OcrMode::Header,
            OcrChoice::Full => OcrMode::Full,
            OcrChoice::Off => OcrMode::Off,
        }
    }
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
            english: crate::report::lang::english(),
            ..Options::default()
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// JSON Lines, mỗi tệp một bản ghi.
    Json,
    /// Bảng tóm tắt dễ đọc trên terminal.
    Table,
}

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
    let cache = args.ocr_cache.as_deref().map(|d| {
        std::sync::Arc::new(crate::ocr_cache::FileCache::new(d))
            as std::sync::Arc<dyn kiemchung_extractors::ocr::OcrCache>
    });
    let opts = Options {
        ocr: pipeline::ocr_options(args.ocr.mode.mode(), cache),
        ..args.budget.options()
    };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let columns = table_columns();
    let widths = table::stream_widths(&columns, table::output_width());
    if args.format == Format::Table {
        writeln!(out, "{}", table::header_line(&columns, &widths))?;
    }
    // Each record is written as soon as it and those before it are done.
    pipeline::extract_in_order(&files, &opts, |ex| {
        let rec = &ex.record;
        if let Some(err) = &rec.error {
            eprintln!("kiemchung: {}: {err}", rec.source);
            failed += 1;
        }
        match args.format {
            Format::Json => {
                serde_json::to_writer(&mut out, rec)?;
                writeln!(out)?;
            }
            Format::Table => writeln!(out, "{}", table_row(rec, &widths))?,
        }
        out.flush()
    })
    .context(pick("ghi kết quả", "writing the output"))?;
    // Paths that give no record still get a line: nothing is skipped silently.
    for skip in &skips {
        match args.format {
            Format::Json => {
                serde_json::to_writer(&mut out, &skip.to_json())
                    .context(pick("ghi JSON", "writing JSON"))?;
                writeln!(out)?;
            }
            Format::Table => {
                let name = pipeline::display_path(&skip.path);
                let cells = [
                    name,
                    format!("{} {}", pick("BỎ QUA:", "SKIPPED:"), skip.reason),
                ];
                writeln!(out, "{}", table::line(&[widths[0], usize::MAX], &cells))?;
            }
        }
    }
    if args.format == Format::Table {
        writeln!(
            out,
            "\n{}",
            tr!(
                "{} tệp, {} lỗi, {} bỏ qua",
                "{} files, {} failed, {} skipped",
                files.len(),
                failed,
                skips.len()
            )
        )?;
    }
    out.flush()?;
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The columns of `extract --format table`; file, issuer and subject give way on a narrow
/// terminal, the subject most.
fn table_columns() -> Vec<Column> {
    vec![
        Column::new(pick("TỆP", "FILE"), 32).flex(8, 1),
        Column::new(pick("LOẠI", "TYPE"), 11),
        Column::new(pick("SỐ, KÝ HIỆU", "NUMBER"), 20),
        Column::new(pick("NGÀY", "DATE"), 10),
        Column::new(pick("CƠ QUAN BAN HÀNH", "ISSUED BY"), 34).flex(10, 1),
        Column::new(pick("TRÍCH YẾU / CẢNH BÁO", "SUBJECT / WARNINGS"), 200).flex(14, 3),
    ]
}

fn table_row(rec: &Record, widths: &[usize]) -> String {
    let file = std::path::Path::new(&rec.source)
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| rec.source.clone());
    if let Some(err) = &rec.error {
        let err = format!("{} {err}", pick("LỖI:", "ERROR:"));
        return table::line(&[widths[0], usize::MAX], &[file, err]);
    }
    let dash = || "—".to_owned();
    let mut tail = rec.subject.clone().unwrap_or_else(dash);
    if !rec.warnings.is_empty() {
        let words: Vec<&str> = rec
            .warnings
            .iter()
            .map(|w| kiemchung_extractors::warning_words::words(w, crate::report::lang::english()))
            .collect();
        tail.push_str(&format!("  [{}]", words.join("; ")));
    }
    let cells = [
        file,
        rec.doc_type.clone().unwrap_or_else(dash),
        rec.reference().unwrap_or_else(dash),
        rec.date
            .as_deref()
            .map_or_else(dash, kiemchung_extractors::dates::vn_date),
        rec.issuer.clone().unwrap_or_else(dash),
        tail,
    ];
    table::line(widths, &cells)
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
        let widths = table::stream_widths(&table_columns(), None);
        let a = table_row(&rec(&nfd), &widths);
        let b = table_row(&rec("Quyet dinh so 1.txt"), &widths);
        assert!(!a.contains('\u{1b}') && !a.contains('\n'), "{a:?}");
        assert!(a.contains("UBND\\u{1b}[2J tỉnh"), "{a:?}");
        assert!(a.contains("dòng 1 dòng 2"), "{a:?}");
        // Same display width before the issuer column, whatever the file name's form.
        let col = |row: &str| crate::report::terminal::width(&row[..row.find("UBND").unwrap()]);
        assert_eq!(col(&a), col(&b));
    }
}
