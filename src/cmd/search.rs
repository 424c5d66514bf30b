//! `kiemchung search QUERY [--type] [--issuer] [--from] [--to] [--year] [--limit] [--format]`.
//!
//! With or without diacritics (`cai cach hanh chinh` finds `cải cách hành chính`, exact
//! matches first); `"..."` for phrases; a reference (`47/UBND-TTHC`, any case) puts that
//! document first. The query never fails on its syntax. Table output on a terminal shows the
//! matched words in bold; JSON Lines output carries the highlight byte offsets instead.

use crate::report::lang::pick;
use crate::tr;
use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use kiemchung_index::{Hit, Index, SearchQuery};
use serde_json::json;

use super::{IndexArgs, OutputFormat};
use crate::report::safe_text;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Nội dung cần tìm: từ, "cụm từ", số ký hiệu như 47/UBND-TTHC (có hoặc không dấu).
    #[arg(num_args = 0..)]
    pub query: Vec<String>,
    #[command(flatten)]
    pub index: IndexArgs,
    /// Chỉ văn bản thuộc tên loại này, ví dụ "Thông báo" (có hoặc không dấu).
    #[arg(long = "type")]
    pub doc_type: Option<String>,
    /// Chỉ văn bản của cơ quan ban hành này (từ trong tên; nhận UBND/HĐND).
    #[arg(long)]
    pub issuer: Option<String>,
    /// Ban hành từ ngày (dd/mm/yyyy, mm/yyyy, yyyy hoặc yyyy-mm-dd).
    #[arg(long)]
    pub from: Option<String>,
    /// Ban hành đến ngày (cùng dạng như --from).
    #[arg(long)]
    pub to: Option<String>,
    /// Ban hành trong năm.
    #[arg(long)]
    pub year: Option<i32>,
    /// Số kết quả tối đa.
    #[arg(long, short = 'n', default_value_t = 20)]
    pub limit: usize,
    /// Định dạng đầu ra.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let index = Index::open(&args.index.index)?;
    let query = SearchQuery {
        text: args.query.join(" "),
        doc_type: args.doc_type,
        issuer: args.issuer,
        from: args.from,
        to: args.to,
        year: args.year,
        // Copies of one document fold into one row: ask for more to fill the page.
        limit: args.limit.max(1).saturating_mul(3),
    };
    let hits = index
        .search(&query)
        .context(pick("tìm kiếm", "searching"))?;
    let mut groups = kiemchung_index::copies::group(hits, |h| &h.doc.record);
    groups.truncate(args.limit.max(1));
    let hits: Vec<(Hit, Vec<String>)> = groups
        .into_iter()
        .filter_map(|g| {
            let mut it = g.into_iter();
            let first = it.next()?;
            Some((first, it.map(|h| h.doc.path).collect()))
        })
        .collect();
    let stdout = std::io::stdout();
    let bold = crate::report::terminal::color_stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        OutputFormat::Json => {
            for (i, (h, copies)) in hits.iter().enumerate() {
                let mut v = hit_json(i + 1, h);
                v["copies"] = json!(copies);
                serde_json::to_writer(&mut out, &v)?;
                writeln!(out)?;
            }
        }
        OutputFormat::Table => {
            if hits.is_empty() {
                writeln!(
                    out,
                    "{}",
                    pick("Không tìm thấy văn bản nào.", "No document found.")
                )?;
            }
            for (i, (h, copies)) in hits.iter().enumerate() {
                write_hit(&mut out, i + 1, h, copies, bold)?;
            }
            if !hits.is_empty() {
                let n = hits.len();
                writeln!(out, "{}", tr!("{n} kết quả.", "{n} results."))?;
            }
        }
    }
    out.flush()?;
    // Like grep: finding nothing is an answer, told by the exit status too.
    Ok(if hits.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// One hit as a JSON object: record summary, full record, snippet with byte offsets.
pub fn hit_json(rank: usize, h: &Hit) -> serde_json::Value {
    let r = &h.doc.record;
    json!({
        "rank": rank,
        "score": h.score,
        "id": h.doc.id,
        "path": h.doc.path,
        "reference": r.reference(),
        "doc_type": r.doc_type,
        "date": r.date,
        "issuer": r.issuer,
        "subject": r.subject,
        "snippet": {
            "text": h.snippet.text,
            "highlights": h.snippet.highlights.iter().map(|&(a, b)| [a, b]).collect::<Vec<_>>(),
        },
        "record": r,
    })
}

pub use kiemchung_extractors::dates::vn_date;

/// The snippet with highlights in bold on a terminal; piped output stays plain text.
fn render_snippet(h: &Hit, bold: bool) -> String {
    let s = &h.snippet;
    let mut out = String::with_capacity(s.text.len() + 16);
    let mut at = 0;
    for &(a, b) in &s.highlights {
        if a < at || b > s.text.len() || !s.text.is_char_boundary(a) || !s.text.is_char_boundary(b)
        {
            continue;
        }
        // Document text is escaped piece by piece, so only our own bold sequences reach the
        // terminal.
        out.push_str(&safe_text(&s.text[at..a]));
        if a > at && s.text[at..a].ends_with(char::is_whitespace) {
            out.push(' ');
        }
        if bold {
            out.push_str("\x1b[1m");
            out.push_str(&safe_text(&s.text[a..b]));
            out.push_str("\x1b[0m");
        } else {
            out.push_str(&safe_text(&s.text[a..b]));
        }
        at = b;
    }
    if at > 0 && s.text[at..].starts_with(char::is_whitespace) {
        out.push(' ');
    }
    out.push_str(&safe_text(&s.text[at..]));
    kiemchung_extractors::text::squash_spaces(&out)
}

fn write_hit(
    out: &mut impl Write,
    rank: usize,
    h: &Hit,
    copies: &[String],
    bold: bool,
) -> std::io::Result<()> {
    let r = &h.doc.record;
    let dash = "—";
    writeln!(
        out,
        "{rank}. {}  {}  {}  {}",
        safe_text(r.reference().as_deref().unwrap_or(dash)),
        r.date.as_deref().map(vn_date).as_deref().unwrap_or(dash),
        safe_text(r.doc_type.as_deref().unwrap_or(dash)),
        safe_text(r.issuer.as_deref().unwrap_or(dash)),
    )?;
    if let Some(s) = &r.subject {
        writeln!(out, "   {} {}", pick("V/v:", "Re:"), safe_text(s))?;
    }
    writeln!(
        out,
        "   {} {}",
        pick("Tệp:", "File:"),
        safe_text(&h.doc.path)
    )?;
    for c in copies {
        writeln!(out, "   {} {}", pick("Bản sao:", "Copy:"), safe_text(c))?;
    }
    let snippet = render_snippet(h, bold);
    if !snippet.is_empty() {
        writeln!(out, "   … {snippet} …")?;
    }
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_shown_the_vietnamese_way() {
        assert_eq!(vn_date("2022-01-06"), "06/01/2022");
        assert_eq!(vn_date("2023-10"), "10/2023");
        assert_eq!(vn_date("2023"), "2023");
    }

    #[test]
    fn highlights_become_bold_only_on_terminals() {
        let h = Hit {
            snippet: kiemchung_index::Snippet {
                text: "Chỉ số cải cách hành chính".into(),
                highlights: vec![(11, 16), (17, 22)],
            },
            ..Hit::default()
        };
        assert_eq!(
            render_snippet(&h, true),
            "Chỉ số \x1b[1mcải\x1b[0m \x1b[1mcách\x1b[0m hành chính"
        );
        assert_eq!(render_snippet(&h, false), "Chỉ số cải cách hành chính");
    }

    #[test]
    fn escape_sequences_in_snippets_are_shown_escaped() {
        let text = "Chỉ số \x1b]0;pwned\x07cải\ncách";
        let start = text.find("cải").unwrap_or(0);
        let h = Hit {
            snippet: kiemchung_index::Snippet {
                text: text.into(),
                highlights: vec![(start, start + "cải".len())],
            },
            ..Hit::default()
        };
        let shown = render_snippet(&h, true);
        assert_eq!(shown, "Chỉ số \\u{1b}]0;pwned\\u{7}\x1b[1mcải\x1b[0m cách");
    }
}
