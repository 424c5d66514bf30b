//! `kiemchung`: thin entry point. Parses arguments, runs one subcommand, maps errors to exit
//! codes (0 ok, 1 findings or failed files, 2 bad input or usage).

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = kiemchung::cmd::Cli::parse();
    match kiemchung::cmd::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("kiemchung: lỗi: {err:#}");
            ExitCode::from(2)
        }
    }
}
