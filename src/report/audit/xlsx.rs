//! XLSX report: what reviewers pass around. Sheet 1 has one row per node (points as real
//! numbers, so the spreadsheet can sum them), sheet 2 the findings, sheet 3 the area sums.

use rust_xlsxwriter::{Color, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::render::{Lang, node_cells, node_headers, safe_cell};
use kiemchung_evidence::audit::{AuditReport, Severity};

fn sheet_names(lang: Lang) -> [&'static str; 3] {
    match lang {
        Lang::Vi => ["Tiêu chí", "Cảnh báo", "Lĩnh vực"],
        Lang::En => ["Criteria", "Findings", "Areas"],
    }
}

fn num(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    v: Option<f64>,
    f: &Format,
) -> Result<(), XlsxError> {
    if let Some(x) = v {
        ws.write_number_with_format(row, col, kiemchung_evidence::criteria::round2(x), f)?;
    }
    Ok(())
}

/// The workbook as bytes.
pub fn render(r: &AuditReport, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let l = lang.labels();
    let names = sheet_names(lang);
    let head = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xEEF2F6))
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let area = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(Color::RGB(0xEEF4FF));
    let points = Format::new()
        .set_num_format("0.00")
        .set_align(FormatAlign::Top);
    let area_points = Format::new()
        .set_num_format("0.00")
        .set_bold()
        .set_align(FormatAlign::Top)
        .set_background_color(Color::RGB(0xEEF4FF));
    let err = Format::new()
        .set_font_color(Color::RGB(0xB42318))
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let warn = Format::new()
        .set_font_color(Color::RGB(0xB54708))
        .set_text_wrap()
        .set_align(FormatAlign::Top);

    let mut wb = Workbook::new();
    {
        let ws = wb.add_worksheet();
        ws.set_name(names[0])?;
        for (c, h) in node_headers(lang).iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &head)?;
        }
        for (c, w) in [8.0, 60.0, 11.0, 12.0, 14.0, 40.0, 40.0, 60.0, 10.0]
            .iter()
            .enumerate()
        {
            ws.set_column_width(c as u16, *w)?;
        }
        ws.set_freeze_panes(1, 2)?;
        for (i, n) in r.nodes.iter().enumerate() {
            let row = i as u32 + 1;
            let cells = node_cells(n, lang);
            let (tf, pf) = if n.depth == 1 {
                (&area, &area_points)
            } else {
                (&wrap, &points)
            };
            ws.write_string_with_format(row, 0, &cells[0], tf)?;
            ws.write_string_with_format(row, 1, &cells[1], tf)?;
            num(ws, row, 2, n.max_points, pf)?;
            num(ws, row, 3, n.claimed, pf)?;
            num(ws, row, 4, Some(n.supported), pf)?;
            ws.write_string_with_format(row, 5, &cells[5], tf)?;
            ws.write_string_with_format(row, 6, &cells[6], tf)?;
            let sf = match n.worst() {
                Some(Severity::Error) => &err,
                Some(Severity::Warning) => &warn,
                None => tf,
            };
            ws.write_string_with_format(row, 7, &cells[7], sf)?;
            ws.write_string_with_format(row, 8, &cells[8], sf)?;
        }
        if !r.nodes.is_empty() {
            ws.autofilter(0, 0, r.nodes.len() as u32, 8)?;
        }
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(names[1])?;
        for (c, h) in [l.code, l.severity, "code", l.findings, l.document]
            .iter()
            .enumerate()
        {
            ws.write_string_with_format(0, c as u16, *h, &head)?;
        }
        for (c, w) in [8.0, 10.0, 24.0, 70.0, 40.0].iter().enumerate() {
            ws.set_column_width(c as u16, *w)?;
        }
        ws.set_freeze_panes(1, 0)?;
        for (i, f) in r.findings().enumerate() {
            let row = i as u32 + 1;
            let sf = match f.severity {
                Severity::Error => &err,
                Severity::Warning => &warn,
            };
            ws.write_string(row, 0, &f.criterion)?;
            ws.write_string_with_format(row, 1, lang.severity(f.severity), sf)?;
            ws.write_string(row, 2, f.kind.code())?;
            ws.write_string_with_format(row, 3, safe_cell(lang.message(f)), &wrap)?;
            ws.write_string_with_format(
                row,
                4,
                safe_cell(f.document.as_deref().unwrap_or("")),
                &wrap,
            )?;
        }
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(names[2])?;
        let heads = [
            l.code,
            l.criterion,
            l.max,
            l.claimed,
            l.supported,
            l.leaves,
            l.coverage,
            l.without,
            l.error,
            l.warning,
        ];
        for (c, h) in heads.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &head)?;
        }
        ws.set_column_width(1, 60.0)?;
        let pct = Format::new().set_num_format("0%");
        for (i, a) in r.areas.iter().chain(std::iter::once(&r.total)).enumerate() {
            let row = i as u32 + 1;
            let name = if a.code.is_empty() { l.total } else { &a.name };
            ws.write_string(row, 0, &a.code)?;
            ws.write_string_with_format(row, 1, safe_cell(name), &wrap)?;
            ws.write_number_with_format(row, 2, a.max_points, &points)?;
            ws.write_number_with_format(row, 3, a.claimed, &points)?;
            ws.write_number_with_format(row, 4, a.supported, &points)?;
            ws.write_number(row, 5, a.leaves as f64)?;
            ws.write_number_with_format(row, 6, a.coverage() / 100.0, &pct)?;
            ws.write_number(row, 7, a.leaves_without as f64)?;
            ws.write_number(row, 8, a.errors as f64)?;
            ws.write_number(row, 9, a.warnings as f64)?;
        }
    }
    wb.save_to_buffer()
}
