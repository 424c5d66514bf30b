//! `kiemchung criteria import|show|check`: bring a province's published table in, look at
//! it, and validate it before linking and auditing with it.

use crate::report::lang::pick;
use crate::tr;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use crate::workspace::load_or_report;
use kiemchung_evidence::criteria::{Catalog, fmt_points, import};
use kiemchung_evidence::profiles::Profiles;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Nhập bảng tiêu chí CSV/XLSX (cột STT / tên tiêu chí / điểm tối đa) thành tệp TOML.
    Import(ImportArgs),
    /// Xem cây tiêu chí với điểm tối đa và số quy tắc kiểm chứng.
    Show(FileArgs),
    /// Kiểm tra bộ tiêu chí (mã trùng, tiêu chí mồ côi, điểm con vượt điểm cha, loại văn bản).
    Check(FileArgs),
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Bảng tiêu chí (.csv, .xlsx).
    pub file: PathBuf,
    /// Tệp TOML kết quả (mặc định: in ra màn hình).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Mã bộ tiêu chí (mặc định: tên tệp).
    #[arg(long)]
    pub id: Option<String>,
    /// Cấp đánh giá: bộ, tỉnh, sở, huyện, xã.
    #[arg(long)]
    pub level: Option<String>,
    /// Năm đánh giá.
    #[arg(long)]
    pub year: Option<i32>,
}

#[derive(Debug, clap::Args)]
pub struct FileArgs {
    /// Tệp bộ tiêu chí (.toml).
    pub file: PathBuf,
}

pub fn run(cmd: Command) -> anyhow::Result<ExitCode> {
    match cmd {
        Command::Import(a) => run_import(a),
        Command::Show(a) => {
            let cat = load_or_report(&a.file)?;
            let Some(cat) = cat else {
                return Ok(ExitCode::from(2));
            };
            print!("{}", show(&cat));
            Ok(ExitCode::SUCCESS)
        }
        Command::Check(a) => {
            let Some(cat) = load_or_report(&a.file)? else {
                return Ok(ExitCode::from(2));
            };
            let rules: usize = cat.criteria.iter().map(|c| c.evidence.len()).sum();
            println!(
                "{}: {}",
                a.file.display(),
                tr!(
                    "hợp lệ — {} tiêu chí, {} lĩnh vực, {} quy tắc kiểm chứng",
                    "valid — {} criteria, {} areas, {} evidence rules",
                    cat.criteria.len(),
                    cat.areas().count(),
                    rules
                )
            );
            let (summary, without) = profile_summary(&cat);
            println!("{summary}");
            for w in without {
                println!("  {} {w}", pick("không có hồ sơ:", "no profile:"));
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn run_import(a: ImportArgs) -> anyhow::Result<ExitCode> {
    let mut cat = match import::import_file(&a.file) {
        Ok(c) => c,
        Err(e) => {
            eprintln!(
                "kiemchung: {}: {}",
                a.file.display(),
                e.message(crate::report::lang::english())
            );
            return Ok(ExitCode::from(2));
        }
    };
    if let Some(id) = a.id {
        cat.framework.id = id;
    }
    cat.framework.level = a.level;
    cat.framework.year = a.year;
    let errors = cat.validate();
    let body = cat.to_toml().context(pick("viết TOML", "writing TOML"))?;
    let text = format!(
        "# Bộ tiêu chí nhập từ {} bằng `kiemchung criteria import`.\n\
         # Kiểm tra lại mã, tên và điểm với bảng gốc; thêm quy tắc kiểm chứng bằng các khối\n\
         # [[criteria.evidence]] (xem docs/criteria-format.md).\n\n{body}",
        a.file.display()
    );
    match &a.output {
        Some(out) => {
            std::fs::write(out, &text)
                .with_context(|| tr!("ghi {}", "writing {}", out.display()))?;
            eprintln!(
                "kiemchung: {}",
                tr!(
                    "đã ghi {} ({} tiêu chí)",
                    "wrote {} ({} criteria)",
                    out.display(),
                    cat.criteria.len()
                )
            );
            let (summary, without) = profile_summary(&cat);
            eprintln!("kiemchung: {summary}");
            for w in without {
                eprintln!("  {} {w}", pick("không có hồ sơ:", "no profile:"));
            }
        }
        None => std::io::stdout().write_all(text.as_bytes())?,
    }
    if errors.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        let n = errors.len();
        eprintln!(
            "kiemchung: {}",
            tr!(
                "bảng nhập có {n} lỗi cần sửa:",
                "the imported table has {n} errors to fix:"
            )
        );
        for e in &errors {
            eprintln!("  - {}", e.message(crate::report::lang::english()));
        }
        Ok(ExitCode::from(2))
    }
}

/// Which basis a leaf is linked on, as a short tag for `criteria show`. `leaf` comes from
/// the caller's [`Catalog::parent_codes`], built once for the whole tree.
fn basis_tag(cat: &Catalog, c: &kiemchung_evidence::criteria::Criterion, leaf: bool) -> String {
    use kiemchung_evidence::linking::{Basis, basis_for_node};
    match basis_for_node(cat, c, leaf, Profiles::bundled()).0 {
        Basis::Profile { id, .. } => format!("  [hồ sơ: {id}]"),
        Basis::NoEvidence { reason, .. } => format!("  [không có TLKC: {reason}]"),
        b @ (Basis::Derived { .. } | Basis::Table { .. }) => {
            format!("  [không có hồ sơ; {}]", b.describe())
        }
        Basis::Rules => String::new(),
        Basis::None if leaf => "  [không có hồ sơ, không có cụm từ riêng]".into(),
        Basis::None => String::new(),
    }
}

/// How many leaves got a profile, no evidence by design, name phrases only, or nothing.
/// Linear in the criteria: the parents are found once, not by a scan per criterion (an
/// imported table of 100k rows would take minutes).
pub fn profile_summary(cat: &Catalog) -> (String, Vec<String>) {
    use kiemchung_evidence::linking::{Basis, basis_for_node};
    let (mut rules, mut prof, mut none_ev, mut derived) = (0, 0, 0, 0);
    let mut without = Vec::new();
    let parents = cat.parent_codes();
    for c in &cat.criteria {
        if parents.contains(c.code.as_str()) {
            continue;
        }
        match basis_for_node(cat, c, true, Profiles::bundled()).0 {
            Basis::Rules => rules += 1,
            Basis::Profile { .. } => prof += 1,
            Basis::NoEvidence { .. } => none_ev += 1,
            _ => {
                derived += 1;
                without.push(format!("{} {}", c.code, c.name));
            }
        }
    }
    (
        tr!(
            "tiêu chí lá: {rules} có quy tắc riêng, {prof} có hồ sơ kiểm chứng, {none_ev} không có TLKC theo thiết kế (ĐTXHH, số liệu bộ ngành), {derived} không có hồ sơ (liên kết theo cụm từ trong tên)",
            "leaf criteria: {rules} with their own rules, {prof} with an evidence profile, {none_ev} without document evidence by design (survey, ministry data), {derived} without a profile (linked by the phrases of their name)"
        ),
        without,
    )
}

/// The tree with points and rule counts.
pub fn show(cat: &Catalog) -> String {
    let fw = &cat.framework;
    let mut out = format!("{} ({})\n", fw.name, fw.id);
    if let Some(s) = &fw.source {
        out.push_str(&tr!("Nguồn: {s}\n", "Source: {s}\n"));
    }
    let mut facts = Vec::new();
    if let Some(l) = &fw.level {
        facts.push(tr!("cấp {l}", "level {l}"));
    }
    if let Some(y) = fw.year {
        facts.push(tr!("năm đánh giá {y}", "evaluation year {y}"));
    }
    if let Some(t) = fw.total_points {
        facts.push(tr!("thang điểm {}", "scale {}", fmt_points(t)));
    }
    if let Some(r) = &fw.rules_source {
        facts.push(tr!("quy tắc kiểm chứng: {r}", "evidence rules: {r}"));
    }
    if !facts.is_empty() {
        out.push_str(&facts.join(", "));
        out.push('\n');
    }
    out.push('\n');
    let parents = cat.parent_codes();
    for c in cat.tree_order() {
        let indent = "  ".repeat(kiemchung_evidence::criteria::depth(&c.code) - 1);
        let pts = c
            .max_points
            .map(|p| format!("{} đ", fmt_points(p)))
            .unwrap_or_else(|| "— đ".into());
        let rules = match c.evidence.len() {
            0 => basis_tag(cat, c, !parents.contains(c.code.as_str())),
            n => tr!("  [{n} quy tắc]", "  [{n} rules]"),
        };
        out.push_str(&format!("{indent}{} {}  ({pts}){rules}\n", c.code, c.name));
    }
    let sum: f64 = cat.areas().filter_map(|a| a.max_points).sum();
    out.push_str(&tr!(
        "\n{} tiêu chí; tổng điểm các lĩnh vực: {}\n",
        "\n{} criteria; areas sum to {} points\n",
        cat.criteria.len(),
        fmt_points(sum)
    ));
    out
}
