//! The language of one run: Vietnamese (the users' language, the default) or English.
//!
//! Why a process-wide setting: `--lang` is a global flag (and `KIEMCHUNG_LANG`), and every
//! message a run prints — progress, summaries, table headings, errors, warnings in words —
//! must follow it, including the ones written deep in the printer layer. Threading a value
//! through every signature would touch every function for no gain; it is set once in
//! [`crate::cmd::run`] before anything is printed, like the colour choice.
//!
//! Messages are written as pairs at the place they are printed ([`tr!`]), so a reader sees
//! both wordings side by side and a message can never exist in one language only.

use std::sync::OnceLock;

/// Language of messages and reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    /// Tiếng Việt.
    #[default]
    Vi,
    /// English.
    En,
}

static LANG: OnceLock<Lang> = OnceLock::new();

/// Sets the run's language; the first call wins (later calls are ignored).
pub fn set_lang(lang: Lang) {
    let _ = LANG.set(lang);
}

/// The run's language (Vietnamese until set).
pub fn current() -> Lang {
    LANG.get().copied().unwrap_or_default()
}

/// Whether the run speaks English.
pub fn english() -> bool {
    current() == Lang::En
}

/// `vi` or `en` by the run's language.
pub fn pick<'a>(vi: &'a str, en: &'a str) -> &'a str {
    if english() { en } else { vi }
}

/// The language asked for on the command line or in `KIEMCHUNG_LANG`, read before clap parses
/// (so that a usage error is already in the right language).
pub fn from_args_and_env() -> Lang {
    let mut args = std::env::args_os().skip(1);
    while let Some(a) = args.next() {
        let a = a.to_string_lossy();
        let value = if a == "--lang" {
            args.next().map(|v| v.to_string_lossy().into_owned())
        } else {
            a.strip_prefix("--lang=").map(str::to_owned)
        };
        if let Some(v) = value {
            return parse(&v).unwrap_or_default();
        }
    }
    std::env::var("KIEMCHUNG_LANG")
        .ok()
        .and_then(|v| parse(&v))
        .unwrap_or_default()
}

impl Lang {
    /// A decision's status in this language.
    pub fn status(self, s: kiemchung_evidence::decisions::DecisionStatus) -> &'static str {
        match self {
            Lang::Vi => s.label_vi(),
            Lang::En => s.label_en(),
        }
    }
}

/// A decision's status in the run's language.
pub fn status(s: kiemchung_evidence::decisions::DecisionStatus) -> &'static str {
    current().status(s)
}

fn parse(v: &str) -> Option<Lang> {
    match v.trim().to_ascii_lowercase().as_str() {
        "vi" => Some(Lang::Vi),
        "en" => Some(Lang::En),
        _ => None,
    }
}

/// A message in both languages: `tr!("Đã nạp {n} văn bản", "Ingested {n} documents")` formats
/// the one the run speaks. Arguments may be captured from scope or given after the pair.
#[macro_export]
macro_rules! tr {
    ($vi:literal, $en:literal $(,)?) => {
        if $crate::report::lang::english() { format!($en) } else { format!($vi) }
    };
    ($vi:literal, $en:literal, $($arg:tt)+) => {
        if $crate::report::lang::english() { format!($en, $($arg)+) } else { format!($vi, $($arg)+) }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes() {
        assert_eq!(parse("en"), Some(Lang::En));
        assert_eq!(parse(" VI "), Some(Lang::Vi));
        assert_eq!(parse("fr"), None);
    }

    #[test]
    fn tr_formats_captured_arguments() {
        let n = 3;
        // The process language is not set in unit tests: Vietnamese.
        assert_eq!(tr!("{n} văn bản", "{n} documents"), "3 văn bản");
        assert_eq!(tr!("{} văn bản", "{} documents", n + 1), "4 văn bản");
    }
}
