//! One module per subcommand. Each defines its clap `Args` and a `run` that returns the exit
//! code; none holds logic another command needs (that goes to the libraries or to
//! [`crate::pipeline`]).

pub mod audit;
pub mod check;
pub mod completions;
pub mod criteria;
pub mod evidence;
pub mod extract;
pub mod help_en;
pub mod ingest;
pub mod link;
pub mod refs;
pub mod search;
#[cfg(feature = "web")]
pub mod serve;
pub mod show;
pub mod tasks;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// kiemchung — tài liệu kiểm chứng Chỉ số cải cách hành chính từ kho văn bản.
///
/// Turns an archive of Vietnamese official documents (PDF, DOCX, HTML, TXT) into verified
/// evidence for the PAR Index: extract records, index, link to criteria, audit.
#[derive(Debug, Parser)]
#[command(name = "kiemchung", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Tô đậm/màu: auto (trên terminal, trừ khi đặt NO_COLOR), always, never.
    #[arg(long, global = true, value_enum, default_value_t = crate::report::terminal::ColorChoice::Auto)]
    pub color: crate::report::terminal::ColorChoice,
    /// Ngôn ngữ của thông báo và báo cáo: vi (mặc định) hoặc en.
    #[arg(long, global = true, value_enum, env = "KIEMCHUNG_LANG", default_value_t = crate::report::lang::Lang::Vi)]
    pub lang: crate::report::lang::Lang,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Trích xuất bản ghi văn bản (số, ký hiệu, cơ quan, ngày, trích yếu, ...) từ tệp hoặc thư mục.
    Extract(extract::Args),
    /// Đồ thị văn bản viện dẫn: văn bản nào dẫn văn bản nào, văn bản nào chưa có trong kho.
    Refs(refs::Args),
    /// Nạp kho văn bản vào chỉ mục (tăng dần, an toàn khi bị ngắt).
    Ingest(ingest::Args),
    /// Tìm kiếm văn bản trong chỉ mục, có hoặc không dấu.
    Search(search::Args),
    /// Xem đầy đủ một văn bản theo số ký hiệu hoặc đường dẫn.
    Show(show::Args),
    /// Bộ tiêu chí: nhập từ CSV/XLSX, xem, kiểm tra.
    #[command(subcommand)]
    Criteria(criteria::Command),
    /// Đề xuất tài liệu kiểm chứng cho từng tiêu chí.
    Link(link::Args),
    /// Xác nhận hoặc loại tài liệu kiểm chứng.
    #[command(subcommand)]
    Evidence(evidence::Command),
    /// Rà soát: tiêu chí thiếu tài liệu kiểm chứng, tài liệu ngoài kỳ, chưa ký số.
    Audit(audit::Args),
    /// Theo dõi nhiệm vụ được giao và hạn xử lý.
    Tasks(tasks::Args),
    /// Kiểm tra chỉ mục (tệp phân đoạn, mã kiểm tra, số văn bản, phiên bản, tệp trên đĩa); `--repair` để sửa.
    Check(check::Args),
    /// Ứng dụng web cho người rà soát: tìm kiếm, văn bản, tiêu chí, rà soát, nhiệm vụ.
    #[cfg(feature = "web")]
    Serve(serve::Args),
    /// In mã tự hoàn thành lệnh cho shell (bash, zsh, fish, powershell, elvish).
    Completions(completions::CompletionArgs),
    /// In trang hướng dẫn (man page) của kiemchung; `--dir` ghi một trang cho mỗi lệnh.
    Man(completions::ManArgs),
    /// In trợ giúp của kiemchung hoặc của một lệnh (`kiemchung help search`).
    Help(HelpArgs),
}

/// `kiemchung help [COMMAND]...`: the same page as `kiemchung COMMAND... --help`.
#[derive(Debug, Clone, clap::Args)]
pub struct HelpArgs {
    /// Lệnh (và lệnh con) cần giải thích.
    pub command: Vec<String>,
}

/// Where the index lives: `--index`, else `KIEMCHUNG_INDEX`, else `./.kiemchung`.
#[derive(Debug, Clone, clap::Args)]
pub struct IndexArgs {
    /// Thư mục chỉ mục.
    #[arg(long, env = "KIEMCHUNG_INDEX", default_value = ".kiemchung")]
    pub index: PathBuf,
}

/// What `link` and `audit` work on: the index, a criteria catalog and the evaluation year.
#[derive(Debug, Clone, clap::Args)]
pub struct CatalogArgs {
    #[command(flatten)]
    pub index: IndexArgs,
    /// Bộ tiêu chí (.toml, hoặc bảng .csv/.xlsx nhập như `criteria import`).
    #[arg(long)]
    pub criteria: PathBuf,
    /// Năm đánh giá (mặc định: năm trong bộ tiêu chí).
    #[arg(long)]
    pub year: Option<i32>,
    /// Cơ quan được đánh giá (mặc định: khóa `agency` của bộ tiêu chí, nếu không có thì cơ
    /// quan ban hành nhiều văn bản nhất trong chỉ mục).
    #[arg(long)]
    pub agency: Option<String>,
}

/// Output formats shared by the listing commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum OutputFormat {
    /// Bảng dễ đọc trên terminal.
    #[default]
    Table,
    /// JSON (JSON Lines, mỗi dòng một bản ghi).
    Json,
}

/// clap's own words (usage, section headings, `-h`/`-V`) in the run's language, so `--help`
/// speaks one language. Applied to every subcommand: clap does not propagate templates.
fn localise(cmd: clap::Command, chrome: &help_en::Chrome) -> clap::Command {
    let help = clap::Arg::new("help")
        .short('h')
        .long("help")
        .action(clap::ArgAction::Help)
        .help(chrome.help)
        .help_heading(chrome.options)
        .global(false);
    cmd.help_template(chrome.template)
        .subcommand_help_heading(chrome.commands)
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .arg(help)
        .mut_args(|a| {
            let heading = if a.is_positional() {
                chrome.arguments
            } else {
                chrome.options
            };
            let a = a.help_heading(heading);
            if a.get_id() == "format" && a.get_help().is_none() {
                a.help(chrome.format)
            } else {
                a
            }
        })
        .mut_subcommands(|s| localise(s, chrome))
}

/// The clap command with its help in `lang`: what `main`, `kiemchung help`, completions and
/// the man page use. The derive's doc comments are the Vietnamese texts; English ones come
/// from [`help_en`].
pub fn command(lang: crate::report::lang::Lang) -> clap::Command {
    use crate::report::lang::Lang;
    use clap::CommandFactory;
    let (cmd, chrome, about) = match lang {
        Lang::Vi => (
            Cli::command(),
            &help_en::VI,
            "kiemchung — tài liệu kiểm chứng Chỉ số cải cách hành chính từ kho văn bản",
        ),
        Lang::En => (
            help_en::apply(Cli::command()),
            &help_en::EN,
            help_en::about("").unwrap_or_default(),
        ),
    };
    localise(cmd, chrome)
        .about(about)
        .disable_version_flag(true)
        .arg(
            clap::Arg::new("version")
                .short('V')
                .long("version")
                .action(clap::ArgAction::Version)
                .help(chrome.version)
                .help_heading(chrome.options),
        )
}

/// clap writes the notes after an argument's text in English ("[default: 20]", "[env: …]",
/// "Possible values:"); in Vietnamese they are written into the text and clap's own hidden,
/// so the page speaks one language. Completions and parsing still see the values.
fn vietnamese_notes(a: clap::Arg) -> clap::Arg {
    if !a.get_action().takes_values() {
        return a;
    }
    let help = a.get_help().map(ToString::to_string).unwrap_or_default();
    let long = a
        .get_long_help()
        .map(ToString::to_string)
        .unwrap_or_else(|| help.clone());
    let values: Vec<clap::builder::PossibleValue> = a
        .get_possible_values()
        .into_iter()
        .filter(|v| !v.is_hide_set())
        .collect();
    let mut notes = Vec::new();
    if let Some(env) = a.get_env().filter(|_| !a.is_hide_env_set()) {
        notes.push(format!("[biến môi trường: {}]", env.to_string_lossy()));
    }
    let defaults: Vec<String> = a
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && !a.is_hide_default_value_set() {
        notes.push(format!("[mặc định: {}]", defaults.join(", ")));
    }
    let names = values
        .iter()
        .map(|v| v.get_name().to_owned())
        .collect::<Vec<_>>()
        .join(", ");
    let mut short = help;
    let mut long = long;
    if !values.is_empty() && !a.is_hide_possible_values_set() {
        short.push_str(&format!(" [giá trị: {names}]"));
        if values.iter().any(|v| v.get_help().is_some()) {
            long.push_str("\n\nGiá trị:");
            for v in &values {
                match v.get_help() {
                    Some(h) => long.push_str(&format!("\n- {}: {h}", v.get_name())),
                    None => long.push_str(&format!("\n- {}", v.get_name())),
                }
            }
        } else {
            notes.push(format!("[giá trị: {names}]"));
        }
    }
    for n in &notes {
        if !n.starts_with("[giá trị") {
            short.push_str(&format!(" {n}"));
        }
    }
    if !notes.is_empty() {
        long.push_str("\n\n");
        long.push_str(&notes.join("\n"));
    }
    a.help(short)
        .long_help(long)
        .hide_default_value(true)
        .hide_possible_values(true)
        .hide_env(true)
}

/// [`command`] as a page for people (`--help`, the man page): in Vietnamese, clap's English
/// notes become Vietnamese ones ([`vietnamese_notes`]). Completions take [`command`]: a
/// shell shows only the short text beside each flag.
pub fn help_command(lang: crate::report::lang::Lang) -> clap::Command {
    fn notes(c: clap::Command) -> clap::Command {
        c.mut_args(vietnamese_notes).mut_subcommands(notes)
    }
    match lang {
        crate::report::lang::Lang::Vi => notes(command(lang)),
        crate::report::lang::Lang::En => command(lang),
    }
}

/// Parses the process arguments. `--help` and `--version` print and exit 0; a usage error is
/// said in Vietnamese (what was wrong, the suggestion clap found, where to read more) and
/// exits 2.
pub fn parse() -> Cli {
    use clap::FromArgMatches;
    let lang = crate::report::lang::from_args_and_env();
    let matched = help_command(lang)
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m))
        .and_then(|cli| match &cli.command {
            // `help X Y` is `X Y --help`: the same page, the same errors for a wrong name.
            Command::Help(h) => {
                let argv = std::iter::once("kiemchung")
                    .chain(h.command.iter().map(String::as_str))
                    .chain(std::iter::once("--help"));
                help_command(lang)
                    .try_get_matches_from(argv)
                    .and_then(|m| Cli::from_arg_matches(&m))
            }
            _ => Ok(cli),
        });
    match matched {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion)
                || matches!(
                    e.kind(),
                    ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
                )
            {
                e.exit();
            }
            if lang == crate::report::lang::Lang::En {
                // clap's own wording is English.
                let _ = e.print();
            } else {
                eprintln!("{}", usage_error(&e));
            }
            std::process::exit(2);
        }
    }
}

/// A clap usage error in Vietnamese.
fn usage_error(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let ctx = |k: ContextKind| -> Option<String> {
        e.get(k).map(|v| match v {
            ContextValue::String(s) => s.clone(),
            ContextValue::Strings(v) => v.join(", "),
            ContextValue::StyledStr(s) => s.to_string(),
            ContextValue::StyledStrs(v) => v
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            ContextValue::Number(n) => n.to_string(),
            ContextValue::Bool(b) => b.to_string(),
            _ => String::new(),
        })
    };
    let arg = ctx(ContextKind::InvalidArg).unwrap_or_default();
    let value = ctx(ContextKind::InvalidValue).unwrap_or_default();
    let what = match e.kind() {
        ErrorKind::InvalidSubcommand => format!(
            "không có lệnh '{}'",
            ctx(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::UnknownArgument => format!("không có tùy chọn '{arg}'"),
        ErrorKind::InvalidValue => {
            let mut m = format!("giá trị '{value}' không hợp lệ cho {arg}");
            if let Some(v) = ctx(ContextKind::ValidValue) {
                m.push_str(&format!(" (nhận: {v})"));
            }
            m
        }
        ErrorKind::ValueValidation => format!("giá trị '{value}' không hợp lệ cho {arg}"),
        ErrorKind::MissingRequiredArgument => format!("thiếu {arg}"),
        ErrorKind::MissingSubcommand => "thiếu lệnh".to_owned(),
        ErrorKind::ArgumentConflict => format!(
            "{arg} không dùng cùng {}",
            ctx(ContextKind::PriorArg).unwrap_or_default()
        ),
        ErrorKind::TooManyValues => {
            format!("quá nhiều giá trị cho {arg}: '{value}'")
        }
        ErrorKind::NoEquals => format!("{arg} cần dấu '=' trước giá trị"),
        ErrorKind::InvalidUtf8 => "đối số không phải UTF-8".to_owned(),
        _ => {
            let s = e.to_string();
            s.lines()
                .next()
                .unwrap_or("")
                .trim_start_matches("error: ")
                .to_owned()
        }
    };
    let mut out = format!("kiemchung: lỗi cách dùng: {what}");
    for k in [ContextKind::SuggestedSubcommand, ContextKind::SuggestedArg] {
        if let Some(s) = ctx(k).filter(|s| !s.is_empty()) {
            out.push_str(&format!("\n  gợi ý: {s}"));
        }
    }
    if let Some(u) = ctx(ContextKind::Usage) {
        let u = u.trim().trim_start_matches("Usage:").trim();
        out.push_str(&format!("\nCách dùng: {u}"));
    }
    out.push_str("\nXem thêm: kiemchung --help (hoặc kiemchung LỆNH --help)");
    out
}

/// Runs the subcommand.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    crate::report::terminal::set_color(cli.color);
    crate::report::lang::set_lang(cli.lang);
    match cli.command {
        Command::Extract(a) => extract::run(a),
        Command::Refs(a) => refs::run(a),
        Command::Ingest(a) => ingest::run(a),
        Command::Search(a) => search::run(a),
        Command::Show(a) => show::run(a),
        Command::Criteria(c) => criteria::run(c),
        Command::Link(a) => link::run(a),
        Command::Evidence(c) => evidence::run(c),
        Command::Audit(a) => audit::run(a),
        Command::Tasks(a) => tasks::run(a),
        Command::Check(a) => check::run(a),
        #[cfg(feature = "web")]
        Command::Serve(a) => serve::run(a),
        Command::Completions(a) => completions::completions(a),
        Command::Man(a) => completions::man(a),
        // Answered by `parse`, which prints the page and exits.
        Command::Help(_) => Ok(ExitCode::SUCCESS),
    }
}
