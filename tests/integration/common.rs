//! Helpers shared by the end-to-end tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The `fixtures/` folder of the repository.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// What a run of the binary produced.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// A `kiemchung` command with a clean environment (no `KIEMCHUNG_INDEX` or
/// `KIEMCHUNG_LANG` leaking in).
pub fn kiemchung() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kiemchung"));
    cmd.env_remove("KIEMCHUNG_INDEX");
    cmd.env_remove("KIEMCHUNG_LANG");
    cmd
}

/// Runs `kiemchung ARGS...` in `cwd` and captures everything.
pub fn run_in(cwd: &Path, args: &[&str]) -> Run {
    let mut cmd = kiemchung();
    cmd.current_dir(cwd).args(args);
    capture(cmd)
}

/// Runs `kiemchung ARGS...` from the repository root with one environment variable set.
pub fn run_env(args: &[&str], key: &str, value: &str) -> Run {
    let mut cmd = kiemchung();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env(key, value)
        .args(args);
    capture(cmd)
}

fn capture(mut cmd: Command) -> Run {
    let out = cmd.output().expect("run kiemchung");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs `kiemchung ARGS...` from the repository root.
pub fn run(args: &[&str]) -> Run {
    run_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// Parses JSON Lines output.
pub fn json_lines(stdout: &str) -> Vec<serde_json::Value> {
    stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l:?}: {e}")))
        .collect()
}

/// Copies a folder tree (files only) into `dst`.
pub fn copy_tree(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).expect("create dir");
    for entry in std::fs::read_dir(src).expect("read dir") {
        let entry = entry.expect("dir entry");
        let to = dst.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_tree(&entry.path(), &to);
        } else {
            std::fs::copy(entry.path(), &to).expect("copy file");
        }
    }
}
