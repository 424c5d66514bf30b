//! A reviewer's flow in real headless Chromium, driven over W3C WebDriver (chromedriver):
//! search → open a document → open a criterion → confirm → the audit shows it confirmed →
//! export. No console errors allowed (a CSP violation is one); a screenshot of each page is
//! saved in `target/screenshots/`. Without `chromium` and `chromium-driver` this test fails:
//! it never skips.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{Value, json};

use crate::web::{Archive, Server, agent, demo_catalog};

struct Driver {
    child: Child,
    base: String,
    session: String,
    http: ureq::Agent,
    shots: PathBuf,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self
            .http
            .delete(&format!("{}/session/{}", self.base, self.session))
            .call();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

fn find_tool(names: &[&str]) -> PathBuf {
    for n in names {
        for dir in std::env::var("PATH").unwrap_or_default().split(':') {
            let p = PathBuf::from(dir).join(n);
            if p.is_file() {
                return p;
            }
        }
    }
    panic!(
        "{} not found: install Debian packages chromium and chromium-driver (apt-get install -y chromium chromium-driver)",
        names.join(" / ")
    );
}

impl Driver {
    fn start(user_data: &std::path::Path) -> Driver {
        let chromium = find_tool(&["chromium", "chromium-browser", "google-chrome"]);
        let chromedriver = find_tool(&["chromedriver"]);
        let port = free_port();
        let child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn chromedriver");
        let base = format!("http://127.0.0.1:{port}");
        let http = agent();
        let t0 = Instant::now();
        loop {
            if let Ok(mut r) = http.get(&format!("{base}/status")).call() {
                let v: Value =
                    serde_json::from_str(&r.body_mut().read_to_string().unwrap_or_default())
                        .unwrap_or(Value::Null);
                if v["value"]["ready"] == true {
                    break;
                }
            }
            assert!(
                t0.elapsed() < Duration::from_secs(30),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium.display().to_string(),
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                         "--disable-background-networking", "--window-size=1280,1000",
                         "--lang=vi", format!("--user-data-dir={}", user_data.display())],
            },
            "goog:loggingPrefs": {"browser": "ALL"}
        }}});
        let mut d = Driver {
            child,
            base,
            session: String::new(),
            http,
            shots: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots"),
        };
        let v = d.call("POST", "/session", Some(caps));
        d.session = v["sessionId"].as_str().expect("session id").to_owned();
        std::fs::create_dir_all(&d.shots).expect("screenshots dir");
        d
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let (status, v, text) = self.try_call(method, path, body);
        assert_eq!(status, 200, "{method} {path}: {text:.500}");
        v
    }

    /// One WebDriver command: (HTTP status, `value`, raw body). Used directly only where an
    /// error is an expected state (polling a page that is still loading).
    fn try_call(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value, String) {
        let url = if path == "/session" {
            format!("{}{path}", self.base)
        } else {
            format!("{}/session/{}{path}", self.base, self.session)
        };
        let resp = match method {
            "GET" => self.http.get(&url).call(),
            _ => self
                .http
                .post(&url)
                .header("Content-Type", "application/json")
                .send(serde_json::to_string(&body.unwrap_or(json!({}))).expect("json")),
        };
        let mut r = resp.expect("webdriver call");
        let status = r.status().as_u16();
        let text = r
            .body_mut()
            .with_config()
            .limit(100_000_000)
            .read_to_string()
            .expect("body");
        let v: Value = serde_json::from_str(&text).expect("webdriver JSON");
        (status, v["value"].clone(), text)
    }

    /// Clicks something that loads a new page (a link, a form's submit button) and waits until
    /// the new document has replaced the old one and finished loading. WebDriver's click does not
    /// promise to wait for a form POST's response: on a loaded CI machine the next `find` used to
    /// run against the half-unloaded old page and fail with "no such element".
    fn click_and_load(&self, css: &str) {
        let e = self.find(css);
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({"script": "document.documentElement.dataset.kcOld = '1';", "args": []})),
        );
        self.call("POST", &format!("/element/{e}/click"), Some(json!({})));
        let t0 = Instant::now();
        loop {
            let (status, v, _) = self.try_call(
                "POST",
                "/execute/sync",
                Some(json!({"script":
                    "return document.readyState === 'complete' && !document.documentElement.dataset.kcOld;",
                    "args": []})),
            );
            if status == 200 && v == Value::Bool(true) {
                return;
            }
            assert!(
                t0.elapsed() < Duration::from_secs(60),
                "clicking {css} did not load a new page within 60 s (at {})",
                self.url()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn go(&self, url: &str) {
        self.call("POST", "/url", Some(json!({"url": url})));
    }

    fn find(&self, css: &str) -> String {
        let v = self.call(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        );
        v["element-6066-11e4-a52e-4f735466cecf"]
            .as_str()
            .unwrap_or_else(|| {
                let src = self.call("GET", "/source", None);
                panic!(
                    "no element {css} at {}: {v}\n{:.2000}",
                    self.url(),
                    src.as_str().unwrap_or("")
                )
            })
            .to_owned()
    }

    fn count(&self, css: &str) -> usize {
        self.call(
            "POST",
            "/elements",
            Some(json!({"using": "css selector", "value": css})),
        )
        .as_array()
        .map_or(0, Vec::len)
    }

    fn type_in(&self, css: &str, text: &str) {
        let e = self.find(css);
        self.call(
            "POST",
            &format!("/element/{e}/value"),
            Some(json!({"text": text})),
        );
    }

    fn text(&self, css: &str) -> String {
        let e = self.find(css);
        self.call("GET", &format!("/element/{e}/text"), None)
            .as_str()
            .unwrap_or("")
            .to_owned()
    }

    fn url(&self) -> String {
        self.call("GET", "/url", None)
            .as_str()
            .unwrap_or("")
            .to_owned()
    }

    fn shot(&self, name: &str) {
        let v = self.call("GET", "/screenshot", None);
        let png = base64::engine::general_purpose::STANDARD
            .decode(v.as_str().expect("base64"))
            .expect("png");
        assert!(png.starts_with(b"\x89PNG"));
        std::fs::write(self.shots.join(format!("{name}.png")), png).expect("write png");
    }

    /// Console messages at level SEVERE (errors, CSP violations, failed loads).
    fn console_errors(&self) -> Vec<String> {
        let v = self.call("POST", "/se/log", Some(json!({"type": "browser"})));
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter(|e| e["level"] == "SEVERE")
                    .map(|e| e["message"].as_str().unwrap_or("").to_owned())
                    .collect()
            })
            .unwrap_or_default()
    }
}

#[test]
fn reviewer_flow_in_headless_chromium() {
    let a = Archive::new();
    let s = Server::start(&a.idx, &["--criteria", &demo_catalog(), "--year", "2022"]);
    let profile = tempfile::tempdir().expect("profile");
    let d = Driver::start(profile.path());
    let mut errors = Vec::new();

    // 1. Search without diacritics.
    d.go(&format!("{}/search", s.base));
    d.type_in("input[name=q]", "ke hoach cai cach hanh chinh");
    d.click_and_load("form.search button[type=submit]");
    assert!(d.count("li.hit") > 0, "no results");
    assert!(d.count("li.hit mark") > 0, "no highlights");
    d.shot("1-search");
    errors.extend(d.console_errors());

    // 1b. Save it under a name: it is listed above the search box, marked as the current one.
    d.type_in("form.save-search input[name=name]", "Kế hoạch CCHC");
    d.click_and_load("form.save-search button[type=submit]");
    assert_eq!(d.count("aside.saved li"), 1);
    assert!(d.text("aside.saved li.on").contains("Kế hoạch CCHC"));
    assert!(d.count("li.hit") > 0, "the saved search runs again");
    d.shot("1b-saved-search");
    errors.extend(d.console_errors());

    // 2. Open the first document.
    d.click_and_load("li.hit .title a");
    assert!(d.url().contains("/doc/"), "{}", d.url());
    assert!(d.count("pre.fulltext") == 1);
    d.shot("2-document");
    errors.extend(d.console_errors());

    // 3. The criteria tree, then criterion 1.1.3.
    d.click_and_load("header.top nav a[href='/criteria']");
    assert!(d.count("table.tree tr") > 10);
    d.shot("3-criteria");
    d.click_and_load("a[href='/criteria/1.1.3']");
    assert!(d.text("h1").starts_with("1.1.3"), "{}", d.text("h1"));
    let proposals = d.count("tr.proposal");
    assert!(proposals > 0, "no proposals for 1.1.3");
    d.shot("4-criterion");
    errors.extend(d.console_errors());

    // 4. Confirm the first proposal with a note: one click.
    d.type_in("tr.proposal form input[name=note]", "Đạt yêu cầu");
    d.click_and_load("tr.proposal button.confirm");
    assert!(d.url().ends_with("/criteria/1.1.3"), "{}", d.url());
    assert_eq!(d.count("tr.confirmed"), 1);
    assert_eq!(d.count("tr.proposal"), proposals - 1);
    assert!(d.text("table.history").contains("Đạt yêu cầu"));
    d.shot("5-confirmed");
    errors.extend(d.console_errors());

    // 5. The audit page shows it confirmed.
    d.click_and_load("header.top nav a[href='/audit']");
    assert!(d.count("tr.confirmed") >= 1);
    assert!(d.text("tr.confirmed").contains("1.1.3"));
    d.shot("6-audit");
    errors.extend(d.console_errors());

    // 6. Export the package.
    d.click_and_load("form.export button");
    let page = d.text("main");
    assert!(page.contains("1.1.3/"), "{page}");
    d.shot("7-export");
    errors.extend(d.console_errors());

    // Tasks page too.
    d.click_and_load("header.top nav a[href='/tasks']");
    d.shot("8-tasks");
    errors.extend(d.console_errors());

    assert!(errors.is_empty(), "console errors: {errors:#?}");
    let exports = std::fs::read_dir(a.idx.join("exports"))
        .expect("exports")
        .count();
    assert_eq!(exports, 1);
}
