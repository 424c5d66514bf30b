//! `kiemchung show REF|PATH [--format table|json]`: one document in full, with its links.
//!
//! Besides the record, shows which documents in the index cite this one and, for each
//! document it cites, whether that document is in the index (and where) — the two
//! directions a reviewer follows when checking evidence.

use crate::report::lang::pick;
use crate::report::terminal::pad_width;
use crate::tr;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use kiemchung_index::{Index, StoredDoc, copies};
use serde_json::json;

use super::search::vn_date;
use super::{IndexArgs, OutputFormat};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Số ký hiệu (47/UBND-TTHC, hoa thường tùy ý) hoặc đường dẫn tệp đã nạp.
    pub target: String,
    #[command(flatten)]
    pub index: IndexArgs,
    /// Định dạng đầu ra.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

/// Finds the document `target` names: an existing path first, then a reference, then a
/// stored path ending with `target`.
fn resolve(index: &Index, target: &str) -> anyhow::Result<Vec<StoredDoc>> {
    let p = Path::new(target);
    if p.exists()
        && let Ok(abs) = std::fs::canonicalize(p)
        && let Some(d) = index.find_path(&abs.to_string_lossy())?
    {
        return Ok(vec![d]);
    }
    if let Some(d) = index.find_path(target)? {
        return Ok(vec![d]);
    }
    let by_ref = index.find_reference(target)?;
    if !by_ref.is_empty() {
        return Ok(by_ref);
    }
    let tail = target.trim_start_matches("./");
    if tail.contains('.') {
        let mut found: Vec<StoredDoc> = index
            .documents()?
            .into_iter()
            .filter(|d| {
                Path::new(&d.path).ends_with(tail)
                    || Path::new(&d.path)
                        .file_name()
                        .is_some_and(|f| f.to_string_lossy() == tail)
            })
            .collect();
        found.sort_by(|a, b| a.path.cmp(&b.path));
        return Ok(found);
    }
    Ok(Vec::new())
}

/// A short description of a linked document.
fn brief(d: &StoredDoc) -> serde_json::Value {
    let r = &d.record;
    json!({
        "reference": r.reference(),
        "doc_type": r.doc_type,
        "date": r.date,
        "issuer": r.issuer,
        "subject": r.subject,
        "path": d.path,
    })
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let index = Index::open(&args.index.index)?;
    // Copies of the document (draft, signed PDF, scan): the best file first.
    let found: Vec<StoredDoc> = copies::group(resolve(&index, &args.target)?, |d| &d.record)
        .into_iter()
        .flatten()
        .collect();
    let Some(doc) = found.first() else {
        // Nothing found is the answer to the question asked: exit 1, not an error.
        eprintln!(
            "kiemchung: {}",
            tr!(
                "không tìm thấy văn bản {:?} trong chỉ mục {}",
                "no document {:?} in index {}",
                args.target,
                args.index.index.display()
            )
        );
        return Ok(ExitCode::from(1));
    };
    let others: Vec<&StoredDoc> = found.iter().skip(1).collect();
    let own_ref = doc.record.reference();
    let cited_by: Vec<StoredDoc> = match &own_ref {
        // One row per citing document, not one per copy of it.
        Some(r) => copies::group(index.cited_by(r)?, |d| &d.record)
            .into_iter()
            .filter_map(|g| g.into_iter().next())
            .filter(|d| d.path != doc.path)
            .collect(),
        None => Vec::new(),
    };
    let mut cites = Vec::new();
    for c in &doc.record.citations {
        let docs = index.find_reference(&c.reference)?;
        cites.push((c, docs));
    }

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        OutputFormat::Json => {
            let v = json!({
                "id": doc.id,
                "path": doc.path,
                "record": doc.record,
                "text": doc.text,
                "copies": others.iter().map(|d| d.path.clone()).collect::<Vec<_>>(),
                "cited_by": cited_by.iter().map(brief).collect::<Vec<_>>(),
                "cites": cites.iter().map(|(c, docs)| json!({
                    "reference": c.reference,
                    "doc_type": c.doc_type,
                    "date": c.date,
                    "issuer": c.issuer,
                    "in_index": docs.iter().map(brief).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            });
            serde_json::to_writer_pretty(&mut out, &v)?;
            writeln!(out)?;
        }
        OutputFormat::Table => {
            let r = &doc.record;
            let dash = "—".to_owned();
            let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| dash.clone());
            // One label column, as wide as the longest label of the run's language.
            let label = |vi: &str, en: &str| pad_width(&format!("{}:", pick(vi, en)), 19);
            writeln!(out, "{}{}", label("Tệp", "File"), doc.path)?;
            writeln!(out, "{}{}", label("Mã (SHA-256)", "Id (SHA-256)"), doc.id)?;
            writeln!(
                out,
                "{}{}",
                label("Loại văn bản", "Document type"),
                opt(&r.doc_type)
            )?;
            writeln!(
                out,
                "{}{}",
                label("Số, ký hiệu", "Number, symbol"),
                own_ref.clone().unwrap_or_else(|| dash.clone())
            )?;
            writeln!(
                out,
                "{}{}",
                label("Cơ quan chủ quản", "Parent body"),
                opt(&r.issuer_parent)
            )?;
            writeln!(
                out,
                "{}{}",
                label("Cơ quan ban hành", "Issuing body"),
                opt(&r.issuer)
            )?;
            writeln!(
                out,
                "{}{}, {}",
                label("Địa danh, ngày", "Place, date"),
                opt(&r.place),
                r.date
                    .as_deref()
                    .map(vn_date)
                    .unwrap_or_else(|| dash.clone())
            )?;
            writeln!(out, "{}{}", label("Trích yếu", "Subject"), opt(&r.subject))?;
            if !r.recipients.is_empty() {
                writeln!(out, "{}", pick("Kính gửi:", "To:"))?;
                for x in &r.recipients {
                    writeln!(out, "  - {x}")?;
                }
            }
            if let Some(s) = &r.signer {
                let parts: Vec<&str> = [&s.authority, &s.title, &s.name]
                    .into_iter()
                    .filter_map(|x| x.as_deref())
                    .collect();
                writeln!(out, "{}{}", label("Người ký", "Signer"), parts.join(" / "))?;
            }
            if !r.cc.is_empty() {
                writeln!(
                    out,
                    "{}{}",
                    label("Nơi nhận", "Distribution"),
                    r.cc.join("; ")
                )?;
            }
            if !r.tasks.is_empty() {
                writeln!(out, "{}", pick("Nhiệm vụ:", "Tasks:"))?;
                for t in &r.tasks {
                    let deadline = t
                        .deadline
                        .as_deref()
                        .map(|d| tr!(" (hạn {})", " (due {})", vn_date(d)))
                        .unwrap_or_default();
                    writeln!(out, "  - {}: {}{deadline}", t.assignees.join(", "), t.text)?;
                }
            }
            for s in &r.signature_stamps {
                writeln!(
                    out,
                    "{}{} {}",
                    label("Chữ ký số", "Digital signature"),
                    s.signer.as_deref().unwrap_or(""),
                    s.time.as_deref().unwrap_or("")
                )?;
            }
            if !r.warnings.is_empty() {
                let english = crate::report::lang::english();
                let words: Vec<String> = r
                    .warnings
                    .iter()
                    .map(|w| {
                        format!(
                            "{} ({w})",
                            kiemchung_extractors::warning_words::words(w, english)
                        )
                    })
                    .collect();
                writeln!(out, "{}{}", label("Cảnh báo", "Warnings"), words.join("; "))?;
            }
            for o in &others {
                writeln!(out, "{}{}", label("Bản sao khác", "Other copy"), o.path)?;
            }
            let n = cites.len();
            writeln!(
                out,
                "\n{}",
                tr!("Văn bản được dẫn ({n}):", "Documents cited ({n}):")
            )?;
            for (c, docs) in &cites {
                let what = c.doc_type.clone().unwrap_or_default();
                match docs.first() {
                    Some(d) => writeln!(out, "  - {what} {} → {}", c.reference, d.path)?,
                    None => writeln!(
                        out,
                        "  - {what} {} {}",
                        c.reference,
                        pick("(chưa có trong kho)", "(not in the archive)")
                    )?,
                }
            }
            let n = cited_by.len();
            writeln!(
                out,
                "\n{}",
                tr!(
                    "Văn bản dẫn tới văn bản này ({n}):",
                    "Documents citing this one ({n}):"
                )
            )?;
            for d in &cited_by {
                let dr = &d.record;
                writeln!(
                    out,
                    "  - {} {} ({}) → {}",
                    dr.doc_type.as_deref().unwrap_or(""),
                    dr.reference().unwrap_or_default(),
                    dr.date.as_deref().map(vn_date).unwrap_or_default(),
                    d.path
                )?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
