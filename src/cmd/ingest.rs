//! `kiemchung ingest PATH... [--index DIR]`: bring the index in line with the archive.
//!
//! Incremental and safe to interrupt (see [`crate::ingest`]). On a terminal a progress bar
//! runs on stderr; otherwise one plain line per commit, so logs and supervising processes see
//! how far a run got. The closing summary (Vietnamese labels) goes to stdout, or a JSON object
//! with `--format json`; failed files are listed with their reasons and also written to
//! `ingest-report.txt` in the index folder. Exit status 1 when any file failed.

use crate::report::lang::pick;
use crate::tr;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;

use indicatif::{ProgressBar, ProgressStyle};
use kiemchung_index::IndexError;

use super::{IndexArgs, OutputFormat};
use crate::ingest::{self, Progress, Summary};
use crate::pipeline;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Tệp hoặc thư mục cần nạp (đọc cả thư mục con).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub index: IndexArgs,
    /// Định dạng bản tóm tắt.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    /// Số luồng trích xuất (0 = mỗi nhân một luồng).
    #[arg(long, short = 'j', default_value_t = 0)]
    pub jobs: usize,
    /// Ghi (commit) sau mỗi chừng này văn bản thay đổi (nhỏ hơn: mất ít việc hơn khi bị ngắt).
    /// Mặc định: sau 2000 văn bản và cách lần ghi trước ít nhất 10 giây.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub commit_every: Option<u64>,
    /// Cho phép xóa hơn một nửa số văn bản của chỉ mục trong một lần nạp (mặc định: từ chối,
    /// vì thư mục nguồn trống hoặc ổ mạng chưa gắn sẽ xóa sạch chỉ mục).
    #[arg(long)]
    pub allow_remove: bool,
    /// Chỉ cho biết sẽ thêm, cập nhật, di chuyển, xóa gì; không ghi gì vào chỉ mục.
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub ocr: super::extract::OcrArgs,
    #[command(flatten)]
    pub budget: super::extract::BudgetArgs,
}

/// A bar on a terminal, plain lines otherwise.
enum Reporter {
    Bar(ProgressBar),
    Lines(Mutex<usize>),
}

impl Progress for Reporter {
    fn start(&self, total: usize) {
        match self {
            Reporter::Bar(b) => b.set_length(total as u64),
            Reporter::Lines(t) => {
                if let Ok(mut t) = t.lock() {
                    *t = total;
                }
                eprintln!(
                    "kiemchung: {}",
                    tr!("{total} tệp cần kiểm tra", "{total} files to check")
                );
            }
        }
    }
    fn advance(&self, n: usize) {
        if let Reporter::Bar(b) = self {
            b.inc(n as u64);
        }
    }
    fn committed(&self, done: usize, total: usize) {
        match self {
            Reporter::Bar(b) => b.set_message(tr!("đã lưu {done}", "saved {done}")),
            Reporter::Lines(_) => eprintln!(
                "kiemchung: {}",
                tr!("đã lưu {done}/{total} tệp", "saved {done}/{total} files")
            ),
        }
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    pipeline::set_jobs(args.jobs);
    let dir = &args.index.index;
    let reporter = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template(crate::report::lang::pick(
                "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} tệp ({per_sec}) {msg}",
                "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} files ({per_sec}) {msg}",
            ))
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        Reporter::Bar(bar)
    } else {
        Reporter::Lines(Mutex::new(0))
    };
    let cache: std::sync::Arc<dyn kiemchung_extractors::ocr::OcrCache> =
        std::sync::Arc::new(crate::ocr_cache::FileCache::in_index(dir));
    let mut opts = ingest::Options {
        allow_remove: args.allow_remove,
        dry_run: args.dry_run,
        extract: args.budget.options(),
        ..ingest::Options::default()
    };
    // A count the user asked for is kept exactly (no time floor).
    if let Some(n) = args.commit_every {
        opts.commit_every = usize::try_from(n).unwrap_or(usize::MAX);
        opts.commit_interval = std::time::Duration::ZERO;
    }
    opts.extract.ocr = pipeline::ocr_options(args.ocr.mode.mode(), Some(cache));
    let result = ingest::run(dir, &args.paths, &opts, &reporter);
    if let Reporter::Bar(b) = &reporter {
        b.finish_and_clear();
    }
    let summary = match result {
        Ok(s) => s,
        Err(e) => {
            if let Some(IndexError::Locked(_)) = e.downcast_ref::<IndexError>() {
                anyhow::bail!(tr!(
                    "chỉ mục {} đang được một tiến trình khác ghi (một lệnh `kiemchung ingest` \
                     khác đang chạy?). Hãy đợi lệnh đó xong rồi chạy lại.",
                    "index {} is being written by another process (another `kiemchung ingest` \
                     running?). Wait for it to finish, then run again.",
                    dir.display()
                ));
            }
            return Err(e);
        }
    };
    if summary.dry_run {
        match args.format {
            OutputFormat::Json => println!("{}", serde_json::to_string(&summary)?),
            OutputFormat::Table => print_dry_run(&summary, dir),
        }
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(e) = &summary.followup_error {
        eprintln!(
            "kiemchung: {}",
            tr!(
                "cảnh báo: chưa ghi được tệp phụ cho `tasks` ({e}); chỉ mục vẫn đầy đủ, `tasks` sẽ chậm hơn",
                "warning: could not write the follow-up files for `tasks` ({e}); the index is whole, `tasks` will be slower"
            )
        );
    }
    let report = ingest::write_report(dir, &summary)?;
    match args.format {
        OutputFormat::Json => println!("{}", serde_json::to_string(&summary)?),
        OutputFormat::Table => print_table(&summary, dir, &report),
    }
    Ok(if summary.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn print_dry_run(s: &Summary, dir: &std::path::Path) {
    println!(
        "{}",
        tr!(
            "Xem trước (--dry-run, không ghi gì) chỉ mục {}: {} tệp",
            "Preview (--dry-run, nothing written) of index {}: {} files",
            dir.display(),
            s.files
        )
    );
    println!("{}", ingest::summary_lines(s));
    for r in &s.removed {
        println!("  {}", tr!("sẽ xóa: {r}", "would remove: {r}"));
    }
}

fn print_table(s: &Summary, dir: &std::path::Path, report: &std::path::Path) {
    println!(
        "{}",
        tr!(
            "Nạp chỉ mục {}: {} tệp",
            "Ingest into {}: {} files",
            dir.display(),
            s.files
        )
    );
    println!("{}", ingest::summary_lines(s));
    if s.upgraded > 0 {
        println!(
            "  {}",
            tr!(
                "({} văn bản được trích xuất hoặc lập chỉ mục lại vì phiên bản mới)",
                "({} documents extracted or indexed again for the new version)",
                s.upgraded
            )
        );
    }
    if s.rebuilt {
        println!(
            "  {}",
            tr!(
                "(chỉ mục cũ có định dạng của phiên bản trước: đã lập chỉ mục mới từ các tệp của lần nạp này; quyết định của người rà soát được giữ)",
                "(the old index had a previous version's format: a new index was built from this run's files; reviewers' decisions are kept)"
            )
        );
    }
    for m in &s.moved {
        println!("  {} {} → {}", pick("di chuyển:", "moved:"), m.from, m.to);
    }
    if !s.skipped.is_empty() {
        println!("{}", pick("Bỏ qua:", "Skipped:"));
        for f in &s.skipped {
            println!("  {}: {}", f.path, f.reason);
        }
    }
    if !s.failed.is_empty() {
        println!("{}", pick("Tệp lỗi:", "Failed files:"));
        for f in &s.failed {
            println!("  {}: {}", f.path, f.reason);
        }
        println!(
            "{}",
            tr!(
                "(danh sách lỗi đã ghi vào {})",
                "(the list of failures was written to {})",
                report.display()
            )
        );
    }
}
