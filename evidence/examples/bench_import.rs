//! `criteria import` at scale: writes criteria tables of 10k and 100k rows as XLSX, then
//! times each step of the import (read the sheet, rows → catalog, validate, TOML).
//!
//!     cargo run --release -p kiemchung-evidence --example bench_import [ROWS...]
//!
//! Rows are laid out as provinces publish them: Roman areas, Arabic criteria restarting
//! under each, sub-criteria, and unnumbered scoring-option rows under each sub-criterion.

use std::time::Instant;

use kiemchung_evidence::criteria::import;

fn write_table(path: &std::path::Path, rows: usize) -> Result<(), rust_xlsxwriter::XlsxError> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "BẢNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH")?;
    for (c, h) in [
        "STT",
        "Lĩnh vực/Tiêu chí/Tiêu chí thành phần",
        "Điểm tối đa",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(1, c as u16, *h)?;
    }
    let romans = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"];
    let mut r = 2u32;
    let per_area = rows / romans.len();
    for roman in romans {
        ws.write_string(r, 0, roman)?;
        ws.write_string(r, 1, format!("Lĩnh vực {roman}"))?;
        r += 1;
        let mut k = 0;
        let mut crit = 0;
        while k < per_area {
            crit += 1;
            ws.write_string(r, 0, crit.to_string())?;
            ws.write_string(r, 1, format!("Tiêu chí {crit}"))?;
            r += 1;
            for sub in 1..=3 {
                ws.write_string(r, 0, format!("{crit}.{sub}"))?;
                ws.write_string(r, 1, format!("Tiêu chí thành phần {crit}.{sub}"))?;
                ws.write_number(r, 2, 1.0)?;
                r += 1;
                for (opt, pts) in [("Thực hiện đầy đủ", 1.0), ("Không thực hiện", 0.0)]
                {
                    ws.write_string(r, 1, opt)?;
                    ws.write_number(r, 2, pts)?;
                    r += 1;
                }
            }
            k += 10;
        }
    }
    wb.save(path)
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![10_000, 100_000]
    } else {
        sizes
    };
    let dir = tempfile::tempdir().expect("temporary folder");
    for rows in sizes {
        let path = dir.path().join(format!("bang-{rows}.xlsx"));
        write_table(&path, rows).expect("write the table");
        let t = Instant::now();
        let table = import::read_table(&path).expect("read the table");
        let read = t.elapsed();
        let t = Instant::now();
        let cat = import::rows_to_catalog(&table, "bench").expect("catalog");
        let convert = t.elapsed();
        let t = Instant::now();
        let errors = cat.validate();
        let validate = t.elapsed();
        let t = Instant::now();
        let toml = cat.to_toml().expect("toml");
        let to_toml = t.elapsed();
        println!(
            "{:>7} rows ({} criteria, {} KB xlsx): read {:.2?}, convert {:.2?}, validate {:.2?} ({} errors), toml {:.2?} ({} KB)",
            table.len(),
            cat.criteria.len(),
            std::fs::metadata(&path)
                .map(|m| m.len() / 1024)
                .unwrap_or(0),
            read,
            convert,
            validate,
            errors.len(),
            to_toml,
            toml.len() / 1024
        );
    }
}
