//! Tables for a terminal: columns measured in display cells and fitted to the terminal width.
//!
//! Why a type and not `format!("{:<32}")`: Rust pads by `char`s, so a decomposed (NFD) file
//! name or a wide character shifts every column after it, and fixed widths give a 180-column
//! table on an 80-column terminal. Here each column has a natural width (its longest cell,
//! capped), a minimum and a share of the squeeze: when the row would not fit, the flexible
//! columns give up cells in proportion to their share, down to their minimum, and their text
//! is clipped with an ellipsis. The last column is never padded (no trailing spaces).
//!
//! Width: `COLUMNS` when set (what shells export and what tests use), else the terminal's
//! width when stdout is one, else no limit — piped output keeps every character for tools.

use super::terminal::{safe_fit, safe_text, width};

/// One column: its header, how wide it may grow, how narrow it may shrink, and its share of
/// the squeeze (0: fixed).
#[derive(Debug, Clone)]
pub struct Column {
    pub header: String,
    pub max: usize,
    pub min: usize,
    pub flex: usize,
}

impl Column {
    pub fn new(header: &str, max: usize) -> Column {
        Column {
            header: header.to_owned(),
            max,
            min: width(header).min(max),
            flex: 0,
        }
    }

    /// A column that shrinks (weight `flex`) down to `min` cells when the row is too wide.
    pub fn flex(mut self, min: usize, flex: usize) -> Column {
        self.min = min;
        self.flex = flex;
        self
    }
}

/// Rows of cells under columns; text is made terminal-safe when rendered.
#[derive(Debug, Clone, Default)]
pub struct Table {
    columns: Vec<Column>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(columns: Vec<Column>) -> Table {
        Table {
            columns,
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// The widths the columns take within `limit` display cells (None: no limit).
    pub fn widths(&self, limit: Option<usize>) -> Vec<usize> {
        let natural: Vec<usize> = self
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let longest = self
                    .rows
                    .iter()
                    .filter_map(|r| r.get(i))
                    .map(|s| width(&safe_text(s)))
                    .chain(std::iter::once(width(&c.header)))
                    .max()
                    .unwrap_or(0);
                longest.min(c.max).max(c.min.min(longest))
            })
            .collect();
        fit(&self.columns, natural, limit)
    }

    /// The table as lines (header first) fitted to `limit` display cells.
    pub fn render(&self, limit: Option<usize>) -> Vec<String> {
        let w = self.widths(limit);
        let header: Vec<String> = self.columns.iter().map(|c| c.header.clone()).collect();
        std::iter::once(line(&w, &header))
            .chain(self.rows.iter().map(|r| line(&w, r)))
            .collect()
    }
}

/// Widths for rows printed as they come (a stream): each column at its maximum, squeezed to
/// `limit`.
pub fn stream_widths(columns: &[Column], limit: Option<usize>) -> Vec<usize> {
    let mut w = fit(columns, columns.iter().map(|c| c.max).collect(), limit);
    // Without a width to fit (a pipe, a file), the last column keeps all its text.
    if limit.is_none()
        && let Some(last) = w.last_mut()
    {
        *last = usize::MAX;
    }
    w
}

/// The header line for [`stream_widths`].
pub fn header_line(columns: &[Column], widths: &[usize]) -> String {
    let header: Vec<String> = columns.iter().map(|c| c.header.clone()).collect();
    line(widths, &header)
}

/// One row: every cell made terminal-safe, padded (the last clipped only) to its width.
pub fn line<S: AsRef<str>>(widths: &[usize], cells: &[S]) -> String {
    let bytes: usize = cells.iter().map(|c| c.as_ref().len() + 1).sum();
    let mut out = Vec::with_capacity(bytes + 64);
    line_into(widths, cells, &mut out);
    // Every byte came from a `&str` or is an ASCII space, cut only after a space.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// [`line`] appended to `out`, allocating nothing for cells that already fit and are safe
/// (nearly all of them): a long table's rows go straight into the buffer they are written
/// from.
pub fn line_into<S: AsRef<str>>(widths: &[usize], cells: &[S], out: &mut Vec<u8>) {
    let n = widths.len();
    let start = out.len();
    for (i, &cw) in widths.iter().enumerate() {
        if i > 0 {
            out.push(b' ');
        }
        let cell = cells.get(i).map_or("", AsRef::as_ref);
        // An unbounded column (`stream_widths` without a limit) keeps all its text: only made
        // safe, not measured for a clip that cannot happen (most of a long table's bytes).
        let text = if cw == usize::MAX {
            safe_text(cell)
        } else {
            safe_fit(cell, cw)
        };
        out.extend_from_slice(text.as_bytes());
        if i + 1 < n {
            out.resize(out.len() + cw.saturating_sub(width(&text)), b' ');
        }
    }
    let end = trimmed_end(out, start);
    out.truncate(end);
}

/// Where `out[start..]` ends without its trailing white space (`str::trim_end` on bytes that
/// are whole characters: each piece came from a `&str`).
fn trimmed_end(out: &[u8], start: usize) -> usize {
    let mut end = out.len();
    while end > start {
        // The last character begins at the last byte that is not a continuation byte.
        let Some(lead) = (start..end).rev().take(4).find(|&i| out[i] & 0xc0 != 0x80) else {
            break;
        };
        match std::str::from_utf8(&out[lead..end])
            .ok()
            .and_then(|c| c.chars().next())
        {
            Some(c) if c.is_whitespace() => end = lead,
            _ => break,
        }
    }
    end
}

fn fit(columns: &[Column], natural: Vec<usize>, limit: Option<usize>) -> Vec<usize> {
    let mut w = natural;
    {
        let Some(limit) = limit else { return w };
        let gaps = columns.len().saturating_sub(1);
        let mut over = (w.iter().sum::<usize>() + gaps).saturating_sub(limit);
        // Water-filling: one cell at a time from the flexible column widest for its share
        // (width / flex), so a 200-cell subject shrinks before a 32-cell file name does and
        // every flexible column ends near the same level.
        while over > 0 {
            let pick = columns
                .iter()
                .enumerate()
                .filter(|(i, c)| c.flex > 0 && w[*i] > c.min)
                .max_by(|(i, a), (j, b)| (w[*i] * b.flex).cmp(&(w[*j] * a.flex)));
            let Some((i, _)) = pick else { break };
            w[i] -= 1;
            over -= 1;
        }
    }
    w
}

/// The width output should fit: `COLUMNS`, else the terminal's, else none (a pipe or file).
pub fn output_width() -> Option<usize> {
    if let Some(n) = std::env::var("COLUMNS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n >= 20)
    {
        return Some(n);
    }
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        return None;
    }
    terminal_size::terminal_size().map(|(terminal_size::Width(w), _)| usize::from(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        let mut t = Table::new(vec![
            Column::new("TỆP", 32).flex(8, 1),
            Column::new("NGÀY", 10),
            Column::new("TRÍCH YẾU", 80).flex(10, 3),
        ]);
        t.row(vec![
            // NFD file name: must not shift the columns.
            "Ke\u{302}\u{301} hoa\u{323}ch-ca\u{309}i-ca\u{301}ch.docx".into(),
            "06/01/2022".into(),
            "triển khai kế hoạch xác định Chỉ số cải cách hành chính năm 2021 của tỉnh".into(),
        ]);
        t.row(vec!["a.txt".into(), "—".into(), "ngắn".into()]);
        t
    }

    /// Without a limit the last column keeps its whole text, made safe: what clipping it to
    /// an unreachable width gave.
    #[test]
    fn unbounded_last_column_is_its_safe_text() {
        let columns = [Column::new("HẠN", 10), Column::new("NHIỆM VỤ", 120)];
        let widths = stream_widths(&columns, None);
        assert_eq!(widths[1], usize::MAX);
        let long = "Ke\u{302}\u{301} hoa\u{323}ch  \u{1b}[31m\tđỏ 漢字 ".repeat(50);
        for text in ["", "ngắn", long.as_str()] {
            let cells = ["01/02/2022".to_owned(), text.to_owned()];
            let expected = format!(
                "01/02/2022 {}",
                crate::report::terminal::clip_width(&safe_text(text), usize::MAX)
            );
            assert_eq!(line(&widths, &cells), expected.trim_end());
        }
        assert!(line(&widths, &["x".to_owned(), long.clone()]).contains("\\u{1b}[31m đỏ 漢字"));
    }

    #[test]
    fn columns_line_up_in_display_cells_without_a_limit() {
        let lines = table().render(None);
        assert_eq!(lines.len(), 3);
        // The date column starts at the same display cell on every line.
        let starts: Vec<usize> = lines
            .iter()
            .map(|l| {
                let at = l.find(['0', '—', 'N']).unwrap();
                width(&l[..at])
            })
            .collect();
        assert!(starts.windows(2).all(|p| p[0] == p[1]), "{lines:#?}");
        assert!(
            lines[1].ends_with("của tỉnh"),
            "nothing clipped: {}",
            lines[1]
        );
    }

    #[test]
    fn rows_fit_the_width_by_squeezing_flexible_columns() {
        for limit in [80, 60, 45] {
            let lines = table().render(Some(limit));
            for l in &lines {
                assert!(width(l) <= limit, "{limit}: {l:?} is {}", width(l));
            }
            assert!(lines[1].contains("06/01/2022"), "fixed column kept whole");
            assert!(lines[1].contains('…'), "long subject clipped at {limit}");
        }
        // Far too narrow: columns stop at their minimum, nothing panics.
        let lines = table().render(Some(20));
        assert!(lines[1].contains("06/01/2022"));
    }

    /// `line` as it was written first (a `String` per row, every bounded cell through
    /// `safe_clip`, `str::trim_end`), the reference for the byte version.
    fn line_as_strings(widths: &[usize], cells: &[&str]) -> String {
        let mut out = String::new();
        for (i, &cw) in widths.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            let cell = cells.get(i).copied().unwrap_or("");
            let text: String = if cw == usize::MAX {
                safe_text(cell).into_owned()
            } else {
                crate::report::terminal::safe_clip(cell, cw)
            };
            out.push_str(&text);
            if i + 1 < widths.len() {
                out.extend(std::iter::repeat_n(' ', cw.saturating_sub(width(&text))));
            }
        }
        out.truncate(out.trim_end().len());
        out
    }

    /// Lines built in bytes, cells borrowed where they fit, are the lines built as strings:
    /// white space ending a cell (U+0020 alone, an em or ideographic space), escapes, NFD,
    /// wide characters, cells wider and narrower than their column, empty cells.
    #[test]
    fn byte_lines_are_the_string_lines() {
        let samples = [
            "",
            " ",
            "a ",
            "ngắn",
            "06/01/2022",
            "Sở Nội vụ\u{2003}",
            "\u{3000}",
            "tab\there",
            "Ke\u{302}\u{301} hoa\u{323}ch",
            "漢字漢字漢字漢字漢字漢字",
            "\u{1b}[31mđỏ\u{1b}[0m",
            "\u{202e}reversed",
            "một  hai   ba",
            "triển khai kế hoạch xác định Chỉ số cải cách hành chính năm 2021 của tỉnh",
        ];
        for widths in [
            vec![10, 22, 10],
            vec![4, 1, usize::MAX],
            vec![0, 30, 3],
            vec![12, usize::MAX],
        ] {
            for a in samples {
                for b in samples {
                    for c in ["", "x", "\u{2003}", b] {
                        let cells = [a, b, c];
                        let want = line_as_strings(&widths, &cells);
                        assert_eq!(line(&widths, &cells), want, "{widths:?} {cells:?}");
                        let mut buf = b"kept ".to_vec();
                        line_into(&widths, &cells, &mut buf);
                        assert_eq!(buf, format!("kept {want}").into_bytes());
                    }
                }
            }
        }
    }
}
