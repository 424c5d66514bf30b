//! Helpers for the web tests: an archive with a hostile document, an index, and a running
//! `kiemchung serve` on a free port (killed on drop).

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::Arc;
use std::time::Duration;

use kiemchung::report::audit::render::Lang;
use kiemchung::serve::{App, Config, router};

use crate::common::{copy_tree, fixtures, kiemchung, run};

/// A document whose text tries to inject markup: every page must show it escaped.
pub const HOSTILE: &str = "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\n\nSố: 99/UBND-KSTT\nV/v <script>alert('x')</script> cải cách hành chính\n\nQuảng Ngãi, ngày 10 tháng 3 năm 2022\n\nKính gửi: Sở Nội vụ\n\nNội dung có thẻ <img src=x onerror=alert(1)> và \"ngoặc\" & ký tự.\n\nCHỦ TỊCH\nNguyễn Văn A\n";

/// An archive (the seeds plus [`HOSTILE`]) ingested into `<tmp>/idx`.
pub struct Archive {
    pub tmp: tempfile::TempDir,
    pub idx: PathBuf,
    pub docs: PathBuf,
}

impl Archive {
    pub fn new() -> Archive {
        let tmp = tempfile::tempdir().expect("tempdir");
        let docs = tmp.path().join("kho");
        copy_tree(&fixtures().join("seeds"), &docs);
        for e in std::fs::read_dir(&docs).expect("dir") {
            let p = e.expect("entry").path();
            if p.to_string_lossy().ends_with(".gold.json") {
                std::fs::remove_file(p).expect("rm gold");
            }
        }
        std::fs::write(docs.join("hostile.txt"), HOSTILE).expect("write");
        let idx = tmp.path().join("idx");
        let r = run(&[
            "ingest",
            "--index",
            idx.to_str().expect("utf-8"),
            docs.to_str().expect("utf-8"),
        ]);
        assert_eq!(r.code, 0, "ingest: {}", r.stderr);
        Archive { tmp, idx, docs }
    }

    pub fn idx(&self) -> &str {
        self.idx.to_str().expect("utf-8")
    }
}

pub fn demo_catalog() -> String {
    fixtures()
        .join("criteria/demo-tinh-2022.toml")
        .display()
        .to_string()
}

/// A running server: the `kiemchung serve` binary, or the same router in this process
/// ([`Server::in_process`], for tests that look at the server's state).
pub struct Server {
    child: Option<Child>,
    /// The in-process server's runtime (dropped with the server: it stops).
    runtime: Option<tokio::runtime::Runtime>,
    pub app: Option<Arc<App>>,
    pub base: String,
    pub agent: ureq::Agent,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(c) = &mut self.child {
            let _ = c.kill();
            let _ = c.wait();
        }
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .max_redirects_will_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

impl Server {
    /// Starts `kiemchung serve --bind 127.0.0.1:0 EXTRA...` and waits for its address line.
    pub fn start(idx: &Path, extra: &[&str]) -> Server {
        let mut child = kiemchung()
            .args(["serve", "--index", idx.to_str().expect("utf-8")])
            .args(if extra.contains(&"--bind") {
                Vec::new()
            } else {
                vec!["--bind", "127.0.0.1:0"]
            })
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn serve");
        let stderr = child.stderr.take().expect("stderr");
        let mut line = String::new();
        BufReader::new(stderr).read_line(&mut line).expect("read");
        let start = line
            .find("http://")
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        let rest = &line[start..];
        let end = rest[7..].find('/').map(|i| i + 7).expect("address end");
        Server {
            child: Some(child),
            runtime: None,
            app: None,
            base: rest[..end].to_owned(),
            agent: agent(),
        }
    }

    /// `kiemchung serve --criteria CATALOG --year YEAR` as the binary does it (same `App`,
    /// same router), on a free loopback port of this process.
    pub fn in_process(idx: &Path, criteria: &str, year: i32) -> Server {
        let config = Config {
            index: idx.to_path_buf(),
            criteria: Some(PathBuf::from(criteria)),
            self_assessment: None,
            bind: "127.0.0.1:0".parse().expect("addr"),
            token: None,
            lang: Lang::Vi,
            year: Some(year),
        };
        let app = Arc::new(App::open(&config).expect("open the app"));
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let router = router(app.clone());
        runtime.spawn(async move { axum::serve(listener, router).await });
        Server {
            child: None,
            runtime: Some(runtime),
            app: Some(app),
            base,
            agent: agent(),
        }
    }

    /// The in-process server's state.
    pub fn app(&self) -> &App {
        self.app.as_deref().expect("an in-process server")
    }

    pub fn get(&self, path: &str) -> (u16, String, ureq::http::HeaderMap) {
        let mut r = self
            .agent
            .get(&format!("{}{path}", self.base))
            .call()
            .expect("GET");
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        let body = r.body_mut().read_to_string().unwrap_or_default();
        (status, body, headers)
    }

    pub fn get_bytes(&self, path: &str) -> (u16, Vec<u8>, ureq::http::HeaderMap) {
        let mut r = self
            .agent
            .get(&format!("{}{path}", self.base))
            .call()
            .expect("GET");
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        let body = r
            .body_mut()
            .with_config()
            .limit(50_000_000)
            .read_to_vec()
            .unwrap_or_default();
        (status, body, headers)
    }

    pub fn post(&self, path: &str, form: &[(&str, &str)]) -> (u16, String, ureq::http::HeaderMap) {
        let mut r = self
            .agent
            .post(&format!("{}{path}", self.base))
            .send_form(form.iter().copied())
            .expect("POST");
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        let body = r.body_mut().read_to_string().unwrap_or_default();
        (status, body, headers)
    }
}

/// The CSRF token of a page's forms.
pub fn csrf(page: &str) -> String {
    let at = page.find("name=\"csrf\" value=\"").expect("csrf field") + 19;
    page[at..at + 64].to_owned()
}

/// Every `/doc/<id>` link of a page, in order.
pub fn doc_links(page: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = page;
    while let Some(i) = rest.find("href=\"/doc/") {
        rest = &rest[i + 11..];
        let id: String = rest.chars().take_while(|c| c.is_ascii_hexdigit()).collect();
        if !id.is_empty() && !out.contains(&id) {
            out.push(id);
        }
    }
    out
}
