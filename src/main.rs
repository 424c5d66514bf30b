//! `kiemchung`: thin entry point. Parses arguments, runs one subcommand, maps errors to exit
//! codes:
//!
//! - 0: done (also when the reader of our output went away: `kiemchung search … | head -1`);
//! - 1: findings — some files failed, an audit or check found problems, nothing was found
//!   where that is the question;
//! - 2: usage error or fatal error (bad arguments, missing folder, unreadable index).

use std::process::ExitCode;

/// Whether `err` comes from writing to a closed pipe (the reader stopped reading).
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The error chain as `{:#}` prints it, with the library errors that speak Vietnamese in their
/// `Display` (the index's, the criteria catalog's) given in English.
fn english_chain(err: &anyhow::Error) -> String {
    use kiemchung_evidence::criteria::{CatalogError, LoadError, TomlError, import::ImportError};
    err.chain()
        .map(|e| {
            if let Some(ix) = e.downcast_ref::<kiemchung_index::IndexError>() {
                ix.english()
            } else if let Some(c) = e.downcast_ref::<LoadError>() {
                c.english()
            } else if let Some(c) = e.downcast_ref::<CatalogError>() {
                c.english()
            } else if let Some(c) = e.downcast_ref::<TomlError>() {
                c.english()
            } else if let Some(c) = e.downcast_ref::<ImportError>() {
                c.english()
            } else {
                e.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(": ")
}

fn main() -> ExitCode {
    // `println!` panics when stdout is a closed pipe; that is the reader's choice, not an
    // error: end quietly with 0 as other command-line tools do.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let msg = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or_default();
        if msg.contains("Broken pipe") || msg.contains("os error 32") {
            std::process::exit(0);
        }
        default_hook(info);
    }));
    let cli = kiemchung::cmd::parse();
    match kiemchung::cmd::run(cli) {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            if kiemchung::report::lang::english() {
                eprintln!("kiemchung: error: {}", english_chain(&err));
            } else {
                eprintln!("kiemchung: lỗi: {err:#}");
            }
            ExitCode::from(2)
        }
    }
}
