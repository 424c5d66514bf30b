//! `kiemchung evidence`. (Stub: to be built by its issue.)

use std::process::ExitCode;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Not built yet.
    Todo,
}

pub fn run(cmd: Command) -> anyhow::Result<ExitCode> {
    let _ = cmd;
    anyhow::bail!("`evidence` is not built yet")
}
