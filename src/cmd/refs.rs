//! `kiemchung refs PATH... [--format table|json]`: the citation graph of an archive.
//!
//! Extracts every file, groups files that are one document, resolves each citation to a
//! document of the set ([`crate::refs`]), and lists per document what it cites and what cites
//! it, then the cited documents missing from the set, most-cited first. Vietnamese table by
//! default; `--format json` gives one JSON object with stable English keys. Unreadable files
//! are named on stderr and the exit status is 1, the graph is still printed.

use crate::report::lang::pick;
use crate::tr;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use kiemchung_extractors::{Options, Record};
use serde::Serialize;

use super::OutputFormat;
use crate::pipeline;
use crate::refs::{self, Document, Graph};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Tệp hoặc thư mục (đọc cả thư mục con).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Định dạng đầu ra.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    /// Số luồng xử lý (0 = mỗi nhân một luồng).
    #[arg(long, short = 'j', default_value_t = 0)]
    pub jobs: usize,
}

/// A file that could not be read.
#[derive(Debug, Serialize)]
struct FileError {
    path: String,
    reason: String,
}

#[derive(Debug, Serialize)]
struct Output<'a> {
    #[serde(flatten)]
    graph: &'a Graph,
    errors: Vec<FileError>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    pipeline::set_jobs(args.jobs);
    let (files, walk_errors) = pipeline::collect_inputs(&args.paths);
    // Paths that are no documents (unsupported types, pipes) are not errors of the graph.
    let mut errors: Vec<FileError> = walk_errors
        .into_iter()
        .filter(|e| e.kind.is_error())
        .map(|e| FileError {
            path: e.path.display().to_string(),
            reason: e.reason,
        })
        .collect();
    let records: Vec<Record> = pipeline::extract_all(&files, &Options::default(), |_| {})
        .into_iter()
        .map(|ex| ex.record)
        .collect();
    for r in &records {
        if let Some(e) = &r.error {
            errors.push(FileError {
                path: r.source.clone(),
                reason: e.clone(),
            });
        }
    }
    for e in &errors {
        eprintln!("kiemchung: {}: {}", e.path, e.reason);
    }
    let failed = !errors.is_empty();
    let graph = refs::build(&records);

    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match args.format {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(
                &mut out,
                &Output {
                    graph: &graph,
                    errors,
                },
            )
            .context(pick("ghi JSON", "writing JSON"))?;
            writeln!(out)?;
        }
        OutputFormat::Table => write_table(&mut out, &graph)?,
    }
    out.flush()?;
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// How a document is named in the table: its reference, else the first file.
fn name(d: &Document) -> String {
    match (&d.reference, d.files.first()) {
        (Some(r), _) if r.chars().next().is_some_and(|c| c.is_ascii_digit()) => r.clone(),
        (Some(r), Some(f)) => tr!("{r} (chưa có số; {f})", "{r} (no number yet; {f})"),
        (None, Some(f)) => tr!("(không rõ số; {f})", "(number unknown; {f})"),
        _ => tr!("(không rõ)", "(unknown)"),
    }
}

fn details(doc_type: Option<&str>, date: Option<&str>, issuer: Option<&str>) -> String {
    let parts: Vec<&str> = [doc_type, date, issuer].into_iter().flatten().collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!(" — {}", parts.join(", "))
    }
}

fn write_table(out: &mut impl Write, g: &Graph) -> io::Result<()> {
    for d in &g.documents {
        let about = details(
            d.doc_type.as_deref(),
            d.date.as_deref(),
            d.issuer.as_deref(),
        );
        writeln!(
            out,
            "{}",
            tr!("Văn bản {}{about}", "Document {}{about}", name(d))
        )?;
        if let Some(s) = &d.subject {
            writeln!(out, "  {} {s}", pick("Trích yếu:", "Subject:"))?;
        }
        for f in &d.files {
            writeln!(out, "  {} {f}", pick("Tệp:", "File:"))?;
        }
        if d.cites.is_empty() {
            writeln!(out, "  {}", pick("Viện dẫn: (không có)", "Cites: (none)"))?;
        } else {
            let n = d.cites.len();
            writeln!(out, "  {}", tr!("Viện dẫn ({n}):", "Cites ({n}):"))?;
        }
        for c in &d.cites {
            let what = details(
                c.doc_type.as_deref(),
                c.date.as_deref(),
                c.issuer.as_deref(),
            );
            match &c.resolved {
                Some(r) => {
                    let target = &g.documents[r.document];
                    let how = match r.reason {
                        None => String::new(),
                        Some(reason) => tr!(
                            " (độ tin cậy {:.0}%: {})",
                            " (confidence {:.0}%: {})",
                            r.confidence * 100.0,
                            reason.words()
                        ),
                    };
                    writeln!(
                        out,
                        "    ✓ {}{what} → {} {}{how}",
                        c.reference,
                        pick("có trong kho:", "in the archive:"),
                        target.files.join(", ")
                    )?;
                }
                None => writeln!(
                    out,
                    "    ✗ {}{what} — {}",
                    c.reference,
                    pick("chưa có trong kho", "not in the archive")
                )?,
            }
        }
        if d.cited_by.is_empty() {
            writeln!(
                out,
                "  {}",
                pick("Được viện dẫn bởi: (không có)", "Cited by: (none)")
            )?;
        } else {
            let by: Vec<String> = d
                .cited_by
                .iter()
                .map(|b| name(&g.documents[b.document]))
                .collect();
            writeln!(
                out,
                "  {} {}",
                pick("Được viện dẫn bởi:", "Cited by:"),
                by.join("; ")
            )?;
        }
        writeln!(out)?;
    }
    let n = g.missing.len();
    writeln!(
        out,
        "{}",
        tr!(
            "Văn bản viện dẫn chưa có trong kho ({n}):",
            "Cited documents not in the archive ({n}):"
        )
    )?;
    for m in &g.missing {
        let by: Vec<String> = m.cited_by.iter().map(|&i| name(&g.documents[i])).collect();
        let about = details(
            m.doc_type.as_deref(),
            m.date.as_deref(),
            m.issuer.as_deref(),
        );
        writeln!(
            out,
            "  {}{about} — {}",
            m.reference,
            tr!(
                "{} văn bản viện dẫn: {}",
                "cited by {}: {}",
                m.count,
                by.join("; ")
            )
        )?;
    }
    writeln!(
        out,
        "\n{}",
        tr!(
            "{} văn bản, {} văn bản viện dẫn chưa có trong kho",
            "{} documents, {} cited documents not in the archive",
            g.documents.len(),
            g.missing.len()
        )
    )
}
