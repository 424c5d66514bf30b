//! `kiemchung serve`: the reviewers' web app — search, documents, criteria with confirm /
//! reject, audit, tasks and the evidence package — over the same library calls as the CLI.
//!
//! Why a server in the binary: reviewers work in a browser (the provincial PAR scoring apps are
//! web apps) and offices are often offline, so everything (templates, CSS) is compiled in and
//! nothing is fetched from elsewhere.
//!
//! Security model, in order of what matters:
//! - binds to 127.0.0.1 unless told otherwise; any other address needs an access token
//!   (`--token` or `KIEMCHUNG_TOKEN`), refused at start without one ([`Config::check`]);
//! - every state change is a POST carrying the per-server CSRF token ([`security`]);
//! - every page carries a strict Content-Security-Policy (no scripts, no inline styles, no
//!   external sources); maud escapes all text;
//! - files are served by document id only: the path comes from the index, never from the
//!   request, so the server reads the index folder and the indexed files and nothing else.

pub mod pages;
pub mod security;
pub mod state;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};

pub use state::{App, Counts, Generation, Reviewed};

use crate::report::audit::render::Lang;

/// What `kiemchung serve` was asked for.
#[derive(Debug, Clone)]
pub struct Config {
    pub index: PathBuf,
    /// The catalog for the criteria and audit pages; else the one remembered by the index.
    pub criteria: Option<PathBuf>,
    pub self_assessment: Option<PathBuf>,
    pub bind: SocketAddr,
    pub token: Option<String>,
    pub lang: Lang,
    /// Evaluation year (defaults to the catalog's).
    pub year: Option<i32>,
}

/// Why the server refuses to start.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "địa chỉ {0} không phải 127.0.0.1: cần mã truy cập (--token hoặc KIEMCHUNG_TOKEN) để người khác trong mạng không xem và sửa được quyết định"
    )]
    TokenRequired(SocketAddr),
    #[error("mã truy cập quá ngắn (tối thiểu 16 ký tự)")]
    TokenTooShort,
}

impl Config {
    /// The start-up rule: loopback is free, anything else needs a token of 16+ characters.
    pub fn check(&self) -> Result<(), ConfigError> {
        if let Some(t) = &self.token
            && t.chars().count() < 16
        {
            return Err(ConfigError::TokenTooShort);
        }
        if !self.bind.ip().is_loopback() && self.token.is_none() {
            return Err(ConfigError::TokenRequired(self.bind));
        }
        Ok(())
    }
}

/// The routes. Public so tests and the benchmark drive the same router.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(pages::home))
        .route("/search", get(pages::search))
        .route("/searches", post(pages::save_search))
        .route("/searches/delete", post(pages::delete_search))
        .route("/doc/{id}", get(pages::document))
        .route("/doc/{id}/file", get(pages::original))
        .route("/criteria", get(pages::criteria))
        .route("/criteria/{code}", get(pages::criterion))
        .route("/decide", post(pages::decide))
        .route("/audit", get(pages::audit))
        .route("/audit/report.html", get(pages::audit_html))
        .route("/audit/report.xlsx", get(pages::audit_xlsx))
        .route("/audit/report.csv", get(pages::audit_csv))
        .route("/tasks", get(pages::tasks))
        .route("/history", get(pages::history))
        .route("/export", post(pages::export))
        .route("/static/app.css", get(pages::css))
        .route("/static/icon.svg", get(pages::icon))
        .route("/favicon.ico", get(pages::icon))
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            security::guard,
        ))
        .with_state(app)
}

/// Opens the workspace and serves until Ctrl-C.
pub fn run(config: Config) -> anyhow::Result<()> {
    config.check()?;
    let app = Arc::new(App::open(&config)?);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(config.bind).await?;
        let addr = listener.local_addr()?;
        let en = config.lang == Lang::En;
        match (&config.token, en) {
            (None, false) => eprintln!("kiemchung serve: http://{addr}/ (chỉ máy này truy cập được)"),
            (None, true) => eprintln!("kiemchung serve: http://{addr}/ (this machine only)"),
            (Some(_), false) => eprintln!(
                "kiemchung serve: http://{addr}/?token=… — mở trong mạng, cần mã truy cập (đã đặt)"
            ),
            (Some(_), true) => eprintln!(
                "kiemchung serve: http://{addr}/?token=… — open to the network, access token required"
            ),
        }
        axum::serve(listener, router(app))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        anyhow::Ok(())
    })
}
