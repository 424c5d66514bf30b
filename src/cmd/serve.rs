//! `kiemchung serve`: the reviewers' web app (see [`crate::serve`]).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::cmd::IndexArgs;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub index: IndexArgs,
    /// Bộ tiêu chí (.toml, hoặc bảng .csv/.xlsx nhập như `criteria import`); mặc định: bộ đã dùng với chỉ mục này.
    #[arg(long)]
    pub criteria: Option<PathBuf>,
    /// Bảng tự chấm điểm (CSV/XLSX) cho trang tiêu chí và rà soát.
    #[arg(long)]
    pub self_assessment: Option<PathBuf>,
    /// Địa chỉ lắng nghe; khác 127.0.0.1 thì phải có --token.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// Mã truy cập (bắt buộc khi mở ra mạng), tối thiểu 16 ký tự.
    #[arg(long, env = "KIEMCHUNG_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Năm đánh giá (mặc định: năm trong bộ tiêu chí).
    #[arg(long)]
    pub year: Option<i32>,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let config = crate::serve::Config {
        index: a.index.index,
        criteria: a.criteria,
        self_assessment: a.self_assessment,
        bind: a.bind,
        token: a.token,
        lang: crate::report::lang::current(),
        year: a.year,
    };
    if let Err(e) = config.check() {
        eprintln!("kiemchung: {e}");
        return Ok(ExitCode::from(2));
    }
    crate::serve::run(config)?;
    Ok(ExitCode::SUCCESS)
}
