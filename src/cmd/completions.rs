//! `kiemchung completions SHELL` and `kiemchung man`: shell completions and manual pages,
//! generated from the same clap definitions as `--help`, so they can never drift from the
//! program. Packagers run them at build time (`kiemchung man --dir share/man/man1`).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

/// `kiemchung completions`.
#[derive(Debug, clap::Args)]
pub struct CompletionArgs {
    /// Loại shell: bash, zsh, fish, powershell, elvish.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `kiemchung man`.
#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Ghi mỗi lệnh một trang (kiemchung.1, kiemchung-search.1, …) vào thư mục này thay vì
    /// in trang chính.
    #[arg(long)]
    pub dir: Option<PathBuf>,
}

pub fn completions(a: CompletionArgs) -> anyhow::Result<ExitCode> {
    let mut cmd = super::command(crate::report::lang::current());
    let mut out = std::io::stdout().lock();
    clap_complete::generate(a.shell, &mut cmd, "kiemchung", &mut out);
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn man(a: ManArgs) -> anyhow::Result<ExitCode> {
    let cmd = super::help_command(crate::report::lang::current());
    match a.dir {
        None => {
            let mut out = std::io::stdout().lock();
            clap_mangen::Man::new(cmd).render(&mut out)?;
            out.flush()?;
        }
        Some(dir) => {
            std::fs::create_dir_all(&dir).with_context(|| {
                crate::tr!(
                    "không tạo được thư mục {}",
                    "cannot create folder {}",
                    dir.display()
                )
            })?;
            clap_mangen::generate_to(cmd, &dir).with_context(|| {
                crate::tr!(
                    "không ghi được trang hướng dẫn vào {}",
                    "cannot write the man pages to {}",
                    dir.display()
                )
            })?;
            eprintln!(
                "{}",
                crate::tr!(
                    "đã ghi trang hướng dẫn vào {}",
                    "man pages written to {}",
                    dir.display()
                )
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
