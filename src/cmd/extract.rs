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
use kiemchung_extractors::{Options, Record};

use crate::pipeline;
use crate::report::clip;

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
    let opts = Options::default();
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
                writeln!(out, "{:<32} BỎ QUA: {}", clip(&name, 32), skip.reason)?;
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
    format!(
        "{:<32} {:<11} {:<22} {:<10} {:<34} {}",
        "TỆP", "LOẠI", "SỐ, KÝ HIỆU", "NGÀY", "CƠ QUAN BAN HÀNH", "TRÍCH YẾU / CẢNH BÁO"
    )
}

fn table_row(rec: &Record) -> String {
    let file = std::path::Path::new(&rec.source)
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| rec.source.clone());
    if let Some(err) = &rec.error {
        return format!("{:<32} LỖI: {err}", clip(&file, 32));
    }
    let dash = || "—".to_owned();
    let mut tail = rec
        .subject
        .clone()
        .map(|s| clip(&s, 60))
        .unwrap_or_else(dash);
    if !rec.warnings.is_empty() {
        tail.push_str(&format!("  [{}]", rec.warnings.join(", ")));
    }
    format!(
        "{:<32} {:<11} {:<22} {:<10} {:<34} {}",
        clip(&file, 32),
        clip(rec.doc_type.as_deref().unwrap_or("—"), 11),
        clip(&rec.reference().unwrap_or_else(dash), 22),
        rec.date.as_deref().unwrap_or("—"),
        clip(rec.issuer.as_deref().unwrap_or("—"), 34),
        tail
    )
}
