//! `--help` in English (`--lang en`, `KIEMCHUNG_LANG=en`).
//!
//! Why one table rather than a second set of derive attributes: the doc comments on the clap
//! `Args` stay the Vietnamese default (what users read, and what a contributor edits next to
//! the field), and every English text lives here, where a translator sees them all at once.
//! [`apply`] rewrites a `clap::Command` tree before parsing — abouts, argument help, value
//! names and the help of value-enum values — so `--help`, `-h`, `kiemchung help X`, the
//! completions and the man page all speak the run's language from one source.
//!
//! The tests walk the whole tree in English and fail on any command, argument or value whose
//! help is missing or still Vietnamese, and on any entry here that no longer matches the tree:
//! a new flag without English text breaks the build's tests, not the user's terminal.

use std::any::TypeId;

use clap::builder::{EnumValueParser, PossibleValue, TypedValueParser};
use clap::{Arg, Command, ValueEnum};

/// Words clap prints around the texts (template, headings, the help and version flags).
pub struct Chrome {
    pub template: &'static str,
    pub commands: &'static str,
    pub arguments: &'static str,
    pub options: &'static str,
    pub help: &'static str,
    pub version: &'static str,
    /// The help of a `--format` argument that has no text of its own.
    pub format: &'static str,
}

/// clap's own words in Vietnamese, so `--help` speaks one language. clap does not propagate
/// templates, hence applied to every subcommand.
pub const VI: Chrome = Chrome {
    template: "{before-help}{about-with-newline}\nCách dùng: {usage}\n\n{all-args}{after-help}",
    commands: "Lệnh",
    arguments: "Đối số",
    options: "Tùy chọn",
    help: "In trợ giúp (-h: tóm tắt, --help: đầy đủ)",
    version: "In phiên bản",
    format: "Định dạng đầu ra",
};

/// The same in English.
pub const EN: Chrome = Chrome {
    template: "{before-help}{about-with-newline}\nUsage: {usage}\n\n{all-args}{after-help}",
    commands: "Commands",
    arguments: "Arguments",
    options: "Options",
    help: "Print help (-h: summary, --help: full)",
    version: "Print version",
    format: "Output format",
};

/// About of each command, by path below `kiemchung` (`""` is the program itself).
const ABOUT: &[(&str, &str)] = &[
    (
        "",
        "kiemchung — evidence for the Administrative Reform Index (PAR Index) from an archive of documents",
    ),
    (
        "extract",
        "Extract document records (number and symbol, issuer, date, subject, ...) from files or folders",
    ),
    (
        "refs",
        "Citation graph: which document cites which, which cited documents are not in the archive",
    ),
    (
        "ingest",
        "Ingest an archive of documents into the index (incremental, safe to interrupt)",
    ),
    (
        "search",
        "Search the index for documents, with or without diacritics",
    ),
    (
        "show",
        "Show one document in full, by its number and symbol or its path",
    ),
    (
        "criteria",
        "Criteria catalogs: import from CSV/XLSX, show, check",
    ),
    (
        "criteria import",
        "Import a criteria table in CSV/XLSX (columns number / criterion name / maximum points) as a TOML file",
    ),
    (
        "criteria show",
        "Show the criteria tree with maximum points and the number of evidence rules",
    ),
    (
        "criteria check",
        "Check a criteria catalog (duplicate codes, orphan criteria, children over their parent's points, document types)",
    ),
    ("link", "Propose evidence documents for each criterion"),
    ("evidence", "Confirm or reject evidence documents"),
    (
        "evidence confirm",
        "Confirm document DOC as evidence for criterion CODE",
    ),
    (
        "evidence reject",
        "Reject document DOC for criterion CODE (it is not proposed again)",
    ),
    (
        "evidence list",
        "List the decisions of one criterion (or of all)",
    ),
    (
        "evidence history",
        "History of decisions: who decided what, when (every change)",
    ),
    (
        "evidence export",
        "Export the evidence package: one folder per criterion, with an XLSX and CSV list",
    ),
    (
        "audit",
        "Audit: criteria without evidence, documents outside the period, unsigned documents",
    ),
    ("tasks", "Follow up assigned tasks and their deadlines"),
    (
        "check",
        "Check the index (segment files, checksums, document count, versions, files on disk); `--repair` to fix",
    ),
    (
        "serve",
        "Web application for reviewers: search, documents, criteria, audit, tasks",
    ),
    (
        "completions",
        "Print shell completions (bash, zsh, fish, powershell, elvish)",
    ),
    (
        "man",
        "Print the manual page of kiemchung; `--dir` writes one page per command",
    ),
    (
        "help",
        "Print the help of kiemchung or of a command (`kiemchung help search`)",
    ),
];

/// Help of each argument: (command path, or `*` for any command without its own entry, arg
/// id, text). Global flags are declared on the program (`""`) and inherited.
const ARGS: &[(&str, &str, &str)] = &[
    (
        "",
        "color",
        "Bold and colour: auto (on a terminal, unless NO_COLOR is set), always, never",
    ),
    (
        "",
        "lang",
        "Language of messages, reports and help: vi (the default) or en",
    ),
    ("*", "index", "Index folder"),
    ("*", "format", "Output format"),
    ("*", "jobs", "Worker threads (0 = one per core)"),
    ("*", "paths", "Files or folders (read recursively)"),
    (
        "*",
        "criteria",
        "Criteria catalog (.toml, or a .csv/.xlsx table imported as `criteria import` does)",
    ),
    (
        "*",
        "year",
        "Evaluation year (default: the year of the catalog)",
    ),
    (
        "*",
        "agency",
        "Assessed agency (default: the catalog's `agency` key, else the issuer with the most documents in the index)",
    ),
    (
        "*",
        "mode",
        "OCR of scans, photos and garbage text layers: auto (header band and signature area first, for the record; then every page, for the index), header (only the page-1 header band and the signature area: fast, enough for the record), full (also scanned pages inside a text document), off",
    ),
    (
        "*",
        "max_file_seconds",
        "Maximum time to read one file, in seconds (0 = no limit). A file over time becomes an error record `time_budget_exceeded`; the batch goes on",
    ),
    (
        "*",
        "max_text_mb",
        "Maximum text read from one file, in MB (the rest is dropped with the warning `text_capped`); keeps memory near the file size",
    ),
    (
        "extract",
        "ocr_cache",
        "Keep OCR text in this folder (the cache `ingest` keeps in the index folder)",
    ),
    (
        "ingest",
        "paths",
        "Files or folders to ingest (read recursively)",
    ),
    ("ingest", "format", "Summary format"),
    (
        "ingest",
        "jobs",
        "Worker threads for extraction (0 = one per core)",
    ),
    (
        "ingest",
        "commit_every",
        "Commit after this many changed documents (smaller: less work lost on interruption). \
         Default: after 2000 documents and at least 10 seconds after the previous commit",
    ),
    (
        "ingest",
        "allow_remove",
        "Allow one ingest to remove more than half of the index's documents (refused by default: an empty source folder or an unmounted share would empty the index)",
    ),
    (
        "ingest",
        "dry_run",
        "Only say what would be added, updated, moved and removed; write nothing to the index",
    ),
    (
        "search",
        "query",
        "What to look for: words, \"a phrase\", a number and symbol such as 47/UBND-TTHC (with or without diacritics)",
    ),
    (
        "search",
        "doc_type",
        "Only this document type, e.g. \"Thong bao\" (diacritics optional)",
    ),
    (
        "search",
        "issuer",
        "Only documents of this issuer (words of its name; UBND/HDND accepted)",
    ),
    (
        "search",
        "from",
        "Issued on or after (dd/mm/yyyy, mm/yyyy, yyyy or yyyy-mm-dd)",
    ),
    ("search", "to", "Issued on or before (same forms as --from)"),
    ("search", "year", "Issued in this year"),
    ("search", "limit", "Maximum number of results"),
    (
        "show",
        "target",
        "Number and symbol (47/UBND-TTHC, any case) or the path of an ingested file",
    ),
    ("criteria import", "file", "Criteria table (.csv, .xlsx)"),
    (
        "criteria import",
        "output",
        "TOML file to write (default: print to the screen)",
    ),
    (
        "criteria import",
        "id",
        "Catalog id (default: the file name)",
    ),
    (
        "criteria import",
        "level",
        "Assessed level: bo, tinh, so, huyen, xa (ministry, province, department, district, commune)",
    ),
    ("criteria import", "year", "Evaluation year"),
    ("criteria show", "file", "Criteria catalog file (.toml)"),
    ("criteria check", "file", "Criteria catalog file (.toml)"),
    ("link", "code", "Only this criterion (and its sub-criteria)"),
    (
        "link",
        "explain",
        "Explain why the near matches of criterion CODE were not proposed",
    ),
    ("link", "limit", "Maximum number of proposals per criterion"),
    ("evidence confirm", "code", "Criterion code (1.1.2)"),
    (
        "evidence confirm",
        "doc",
        "Document: number and symbol (47/UBND-TTHC), path, or the start of its sha256",
    ),
    ("evidence confirm", "note", "The reviewer's note"),
    (
        "evidence confirm",
        "criteria",
        "Criteria catalog: the decision applies to this catalog only (default: every catalog with code CODE)",
    ),
    (
        "evidence confirm",
        "reviewer",
        "Reviewer (default: KIEMCHUNG_REVIEWER, or the login name)",
    ),
    (
        "evidence list",
        "code",
        "Criterion code; leave out to list all",
    ),
    (
        "evidence export",
        "out",
        "Destination folder (new or empty)",
    ),
    (
        "audit",
        "self_assessment",
        "Self-assessment: CSV with a criterion code column and a points column",
    ),
    ("audit", "output", "Write to this file (required for xlsx)"),
    (
        "audit",
        "fail_on",
        "Exit with code 1 when there are findings of this level or above",
    ),
    ("tasks", "overdue", "Only overdue tasks"),
    (
        "tasks",
        "as_of",
        "Reference date (dd/mm/yyyy or yyyy-mm-dd; default: today)",
    ),
    (
        "tasks",
        "assignee",
        "Only tasks assigned to an agency whose name contains TEXT (diacritics optional)",
    ),
    (
        "check",
        "repair",
        "Repair a damaged index: rebuild it from the intact segments (no re-extraction); lost files are ingested again by the next `kiemchung ingest`",
    ),
    ("check", "format", "Result format"),
    (
        "serve",
        "criteria",
        "Criteria catalog (.toml, or a .csv/.xlsx table imported as `criteria import` does); default: the catalog last used with this index",
    ),
    (
        "serve",
        "self_assessment",
        "Self-assessment table (CSV/XLSX) for the criteria and audit pages",
    ),
    (
        "serve",
        "bind",
        "Address to listen on; other than 127.0.0.1 requires --token",
    ),
    (
        "serve",
        "token",
        "Access token (required when open to the network), at least 16 characters",
    ),
    (
        "completions",
        "shell",
        "Shell: bash, zsh, fish, powershell, elvish",
    ),
    (
        "man",
        "dir",
        "Write one page per command (kiemchung.1, kiemchung-search.1, ...) into this folder instead of printing the main page",
    ),
    ("help", "command", "The command (and subcommand) to explain"),
];

/// Value names (`<GIÂY>`) that are words, by arg id.
const VALUE_NAMES: &[(&str, &str)] = &[("max_file_seconds", "SECONDS")];

/// Help of the values of the value enums that document their values.
const OUTPUT_FORMAT: &[(&str, &str)] = &[
    ("table", "Readable table on a terminal"),
    ("json", "JSON (JSON Lines, one record per line)"),
];
const EXTRACT_FORMAT: &[(&str, &str)] = &[
    ("json", "JSON Lines, one record per file"),
    ("table", "Summary table, readable on a terminal"),
];
const COLOR: &[(&str, &str)] = &[
    (
        "auto",
        "On a terminal, unless `NO_COLOR` is set (<https://no-color.org>)",
    ),
    ("always", "Always"),
    ("never", "Never"),
];
const LANG: &[(&str, &str)] = &[("vi", "Vietnamese"), ("en", "English")];

/// The tree with English texts wherever the table has one.
pub fn apply(cmd: Command) -> Command {
    apply_at(cmd, "")
}

fn apply_at(cmd: Command, path: &str) -> Command {
    let cmd = match about(path) {
        Some(text) => cmd.about(text).long_about(None),
        None => cmd,
    };
    let cmd = cmd.mut_args(|a| english_arg(path, a));
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    names.iter().fold(cmd, |cmd, name| {
        let sub = join(path, name);
        cmd.mut_subcommand(name, |s| apply_at(s, &sub))
    })
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path} {name}")
    }
}

pub fn about(path: &str) -> Option<&'static str> {
    ABOUT.iter().find(|(p, _)| *p == path).map(|(_, t)| *t)
}

/// Commands whose arguments are another command's (the same clap `Args`): their entries are
/// that command's.
const SAME_ARGS: &[(&str, &str)] = &[
    ("evidence reject", "evidence confirm"),
    ("evidence history", "evidence list"),
];

/// The English help of `id` in the command at `path`: its own entry, else the shared one.
fn arg_help(path: &str, id: &str) -> Option<&'static str> {
    let path = SAME_ARGS
        .iter()
        .find(|(p, _)| *p == path)
        .map_or(path, |(_, same)| same);
    let find = |p: &str| {
        ARGS.iter()
            .find(|(q, i, _)| *q == p && *i == id)
            .map(|(_, _, t)| *t)
    };
    find(path).or_else(|| find("*"))
}

fn english_arg(path: &str, a: Arg) -> Arg {
    let id = a.get_id().as_str().to_owned();
    let a = match arg_help(path, &id) {
        Some(text) => a.help(text).long_help(None),
        None => a,
    };
    let a = match VALUE_NAMES.iter().find(|(i, _)| *i == id) {
        Some((_, name)) => a.value_name(*name),
        None => a,
    };
    let a = values::<crate::cmd::OutputFormat>(a, OUTPUT_FORMAT);
    let a = values::<crate::cmd::extract::Format>(a, EXTRACT_FORMAT);
    let a = values::<crate::report::terminal::ColorChoice>(a, COLOR);
    values::<crate::report::lang::Lang>(a, LANG)
}

/// Gives the values of an `E`-typed argument English help. The parser stays an
/// [`EnumValueParser`] of the same type underneath, so parsing and `FromArgMatches` are
/// unchanged; only what `--help`, completions and the man page show differs.
fn values<E>(a: Arg, help: &'static [(&'static str, &'static str)]) -> Arg
where
    E: ValueEnum + Clone + Send + Sync + 'static,
{
    if a.get_value_parser().type_id() == TypeId::of::<E>() {
        a.value_parser(EnglishValues::<E> {
            inner: EnumValueParser::new(),
            help,
        })
    } else {
        a
    }
}

#[derive(Clone)]
struct EnglishValues<E: ValueEnum + Clone + Send + Sync + 'static> {
    inner: EnumValueParser<E>,
    help: &'static [(&'static str, &'static str)],
}

impl<E: ValueEnum + Clone + Send + Sync + 'static> TypedValueParser for EnglishValues<E> {
    type Value = E;

    fn parse_ref(
        &self,
        cmd: &Command,
        arg: Option<&Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<E, clap::Error> {
        self.inner.parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        let help = self.help;
        Some(Box::new(
            E::value_variants()
                .iter()
                .filter_map(ValueEnum::to_possible_value)
                .map(
                    move |v| match help.iter().find(|(name, _)| *name == v.get_name()) {
                        Some((_, text)) => v.help(*text),
                        None => v,
                    },
                ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::lang::Lang;

    /// A letter outside ASCII: every Vietnamese letter with a diacritic (ă â đ ê ô ơ ư and the
    /// tones), which English help must not contain.
    fn vietnamese(s: &str) -> Option<char> {
        s.chars().find(|c| c.is_alphabetic() && !c.is_ascii())
    }

    /// What is wrong with a help text, if anything.
    fn problem(what: &str, text: Option<String>) -> Option<String> {
        match text {
            None => Some(format!("{what}: no help")),
            Some(t) if t.trim().is_empty() => Some(format!("{what}: no help")),
            Some(t) => vietnamese(&t).map(|c| format!("{what}: Vietnamese ({c:?}) in {t:?}")),
        }
    }

    /// Like [`problem`] for a text that may be absent (a long help, a value's help).
    fn foreign(what: &str, text: Option<String>) -> Option<String> {
        text.and_then(|t| problem(what, Some(t)))
    }

    fn walk(cmd: &Command, path: &str, out: &mut Vec<String>) {
        let name = if path.is_empty() { "kiemchung" } else { path };
        let what = format!("command `{name}`");
        out.extend(problem(&what, cmd.get_about().map(ToString::to_string)));
        out.extend(foreign(
            &format!("{what} (long)"),
            cmd.get_long_about().map(ToString::to_string),
        ));
        for a in cmd.get_arguments() {
            let what = format!("`{name}` argument `{}`", a.get_id());
            out.extend(problem(&what, a.get_help().map(ToString::to_string)));
            out.extend(foreign(
                &format!("{what} (long)"),
                a.get_long_help().map(ToString::to_string),
            ));
            for v in a.get_value_names().into_iter().flatten() {
                out.extend(foreign(&format!("{what} value name"), Some(v.to_string())));
            }
            for v in a.get_possible_values() {
                out.extend(foreign(
                    &format!("{what} value `{}`", v.get_name()),
                    v.get_help().map(ToString::to_string),
                ));
            }
            out.extend(foreign(
                &format!("{what} heading"),
                a.get_help_heading().map(str::to_owned),
            ));
        }
        for s in cmd.get_subcommands() {
            walk(s, &join(path, s.get_name()), out);
        }
    }

    #[test]
    fn every_command_argument_and_value_has_english_help() {
        let mut cmd = crate::cmd::command(Lang::En);
        cmd.build();
        let mut problems = Vec::new();
        walk(&cmd, "", &mut problems);
        assert!(
            problems.is_empty(),
            "add English help to src/cmd/help_en.rs:\n{}",
            problems.join("\n")
        );
    }

    fn rendered(cmd: &mut Command, path: &str, out: &mut Vec<(String, String)>) {
        out.push((path.to_owned(), cmd.render_long_help().to_string()));
        out.push((path.to_owned(), cmd.render_help().to_string()));
        let names: Vec<String> = cmd
            .get_subcommands()
            .map(|s| s.get_name().to_owned())
            .collect();
        for n in names {
            let sub = cmd.find_subcommand_mut(&n).expect("subcommand");
            rendered(sub, &join(path, &n), out);
        }
    }

    #[test]
    fn english_help_pages_hold_no_vietnamese_and_vietnamese_stays_the_default() {
        let mut en = crate::cmd::command(Lang::En);
        en.build();
        let mut pages = Vec::new();
        rendered(&mut en, "", &mut pages);
        // Program, every command and subcommand, long and short.
        assert!(pages.len() >= 2 * 20, "{}", pages.len());
        for (path, page) in &pages {
            assert_eq!(vietnamese(page), None, "`kiemchung {path} --help`:\n{page}");
            assert!(page.contains("Usage: kiemchung"), "{path}:\n{page}");
            assert!(page.contains("Options:"), "{path}:\n{page}");
        }
        let search = &pages.iter().find(|(p, _)| p == "search").expect("search").1;
        assert!(
            search.contains("Search the index for documents"),
            "{search}"
        );
        assert!(search.contains("Arguments:"), "{search}");
        assert!(search.contains("Readable table on a terminal"), "{search}");
        assert!(search.contains("Issued on or after"), "{search}");

        let mut vi = crate::cmd::help_command(Lang::Vi);
        vi.build();
        let search = vi.find_subcommand_mut("search").expect("search");
        let page = search.render_long_help().to_string();
        assert!(page.contains("Cách dùng: kiemchung search"), "{page}");
        assert!(page.contains("Tìm kiếm văn bản trong chỉ mục"), "{page}");
        assert!(
            page.contains("- table: Bảng dễ đọc trên terminal"),
            "{page}"
        );
        assert!(page.contains("[mặc định: 20]"), "{page}");
        assert!(
            page.contains("[biến môi trường: KIEMCHUNG_INDEX]"),
            "{page}"
        );
        let short = search.render_help().to_string();
        assert!(
            short.contains("[giá trị: table, json] [mặc định: table]"),
            "{short}"
        );
        for english in [
            "Usage:",
            "Possible values",
            "[default:",
            "[env:",
            "possible values",
        ] {
            assert!(!page.contains(english), "{english:?} in:\n{page}");
            assert!(!short.contains(english), "{english:?} in:\n{short}");
        }
    }

    /// The default language speaks Vietnamese only: every command and argument has a
    /// Vietnamese text (a letter with a diacritic) and none is English.
    #[test]
    fn every_command_and_argument_has_vietnamese_help() {
        fn check(what: &str, text: Option<String>, out: &mut Vec<String>) {
            let t = text.unwrap_or_default();
            let english = [
                " the ", " of ", " this ", " or ", " e.g.", "Only ", "Files ",
            ];
            if vietnamese(&t).is_none() {
                out.push(format!("{what}: no Vietnamese text: {t:?}"));
            } else if let Some(w) = english.iter().find(|w| t.contains(*w)) {
                out.push(format!("{what}: English ({w:?}) in {t:?}"));
            }
        }
        fn walk_vi(cmd: &Command, path: &str, out: &mut Vec<String>) {
            let name = if path.is_empty() { "kiemchung" } else { path };
            check(
                &format!("command `{name}`"),
                cmd.get_about().map(ToString::to_string),
                out,
            );
            for a in cmd.get_arguments() {
                let what = format!("`{name}` argument `{}`", a.get_id());
                check(&what, a.get_help().map(ToString::to_string), out);
                if let Some(long) = a.get_long_help() {
                    check(&format!("{what} (long)"), Some(long.to_string()), out);
                }
            }
            for s in cmd.get_subcommands() {
                walk_vi(s, &join(path, s.get_name()), out);
            }
        }
        let mut cmd = crate::cmd::command(Lang::Vi);
        cmd.build();
        let mut problems = Vec::new();
        walk_vi(&cmd, "", &mut problems);
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn every_entry_of_the_table_is_used() {
        let cmd = crate::cmd::command(Lang::Vi);
        let mut paths = Vec::new();
        let mut ids: Vec<(String, String)> = Vec::new();
        fn collect(
            c: &Command,
            path: &str,
            paths: &mut Vec<String>,
            ids: &mut Vec<(String, String)>,
        ) {
            paths.push(path.to_owned());
            for a in c.get_arguments() {
                ids.push((path.to_owned(), a.get_id().to_string()));
            }
            for s in c.get_subcommands() {
                collect(s, &join(path, s.get_name()), paths, ids);
            }
        }
        collect(&cmd, "", &mut paths, &mut ids);
        // `serve` exists only with the `web` feature (the default).
        let built = |p: &str| cfg!(feature = "web") || !p.starts_with("serve");
        for (p, _) in ABOUT.iter().filter(|(p, _)| built(p)) {
            assert!(paths.iter().any(|q| q == p), "no command `{p}` any more");
        }
        for (p, id, _) in ARGS.iter().filter(|(p, _, _)| built(p)) {
            let used = ids.iter().any(|(q, i)| {
                i == id && (q == p || *p == "*" && arg_help(q, i) == arg_help("*", i))
            });
            assert!(used, "no argument `{id}` in `{p}` any more");
        }
        for (id, _) in VALUE_NAMES {
            assert!(ids.iter().any(|(_, i)| i == id), "no argument `{id}`");
        }
    }
}
