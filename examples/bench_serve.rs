//! Benchmark of `kiemchung serve` on a large index (a benchmark, not a test: nothing asserts).
//!
//! ```text
//! cargo run --release --example bench_archive -- --docs 100000 --dir /tmp/kho --keep
//! cargo run --release --example bench_serve -- --index /tmp/kho/index [--rounds 10]
//! ```
//!
//! Opens the index the way `kiemchung serve` does (same [`kiemchung::serve::App`] and router),
//! serves it on 127.0.0.1 in this process, and times over HTTP: the search page (a query
//! set with and without diacritics, references, filters, paging), and the criteria page of
//! a generated 60-leaf catalog (6 areas × 2 criteria × 5 leaves, each leaf with a rule) —
//! first view (linking computed) and later views (cached until a decision changes) — and a
//! confirm followed by the criteria page (linking recomputed). Reports p50/p95 and the
//! process's peak RSS (VmHWM).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use kiemchung::report::audit::render::Lang;
use kiemchung::serve::{App, Config, router};

fn pct(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn rss(key: &str) -> String {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(key))
        .map(|l| l[key.len()..].trim().to_owned())
        .unwrap_or_else(|| "?".into())
}

/// A 60-leaf catalog shaped like a provincial one, with rules on the synthetic archive's words.
fn catalog() -> String {
    let areas = [
        (
            "Công tác chỉ đạo, điều hành cải cách hành chính",
            "cải cách hành chính",
        ),
        ("Cải cách thủ tục hành chính", "thủ tục hành chính"),
        ("Cải cách tổ chức bộ máy", "tổ chức bộ máy"),
        ("Cải cách chế độ công vụ", "công chức"),
        ("Cải cách tài chính công", "kinh phí"),
        (
            "Xây dựng chính quyền điện tử, chính quyền số",
            "chuyển đổi số",
        ),
    ];
    let types = ["Kế hoạch", "Báo cáo", "Quyết định", "Công văn", "Thông báo"];
    let mut s =
        String::from("[framework]\nid = \"bench-60\"\nname = \"Bench 60 leaves\"\nyear = 2023\n\n");
    for (a, (name, phrase)) in areas.iter().enumerate() {
        let a = a + 1;
        s += &format!("[[criteria]]\ncode = \"{a}\"\nname = \"{name}\"\nmax_points = 10.0\n\n");
        for c in 1..=2 {
            s += &format!(
                "[[criteria]]\ncode = \"{a}.{c}\"\nname = \"{name} {c}\"\nmax_points = 5.0\n\n"
            );
            for l in 1..=5 {
                let t = types[(a + c + l) % types.len()];
                s += &format!(
                    "[[criteria]]\ncode = \"{a}.{c}.{l}\"\nname = \"{name} — nội dung {l}\"\nmax_points = 1.0\n\n\
                     [[criteria.evidence]]\ndoc_types = [\"{t}\"]\nany = [\"{phrase}\"]\n\n"
                );
            }
        }
    }
    s
}

fn main() {
    let mut index = None;
    let mut rounds = 10usize;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--index" => index = it.next().map(PathBuf::from),
            "--rounds" => rounds = it.next().and_then(|v| v.parse().ok()).unwrap_or(rounds),
            other => panic!("unknown argument {other}"),
        }
    }
    let index = index.expect("--index DIR (built by bench_archive --dir D --keep: D/index)");
    let tmp = tempfile::tempdir().expect("tmp");
    // The decisions live in the index folder: work on a copy of nothing else, but keep the
    // benchmark's decisions out of a real index by refusing one that already has some.
    let cat_path = tmp.path().join("bench-60.toml");
    std::fs::write(&cat_path, catalog()).expect("catalog");
    let t = Instant::now();
    let config = Config {
        index: index.clone(),
        criteria: Some(cat_path),
        self_assessment: None,
        bind: "127.0.0.1:0".parse().expect("addr"),
        token: None,
        lang: Lang::Vi,
        year: Some(2023),
    };
    let app = Arc::new(App::open(&config).expect("open"));
    println!(
        "open: {} documents in {:.1} s, RSS {} (peak {})",
        app.docs.len(),
        t.elapsed().as_secs_f64(),
        rss("VmRSS:"),
        rss("VmHWM:")
    );
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let r = router(app.clone());
    rt.spawn(async move { axum::serve(listener, r).await });
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .max_redirects_will_error(false)
        .build()
        .into();
    let get = |path: &str| -> (Duration, u16, String) {
        let t = Instant::now();
        let mut r = agent.get(&format!("{base}{path}")).call().expect("get");
        let body = r
            .body_mut()
            .with_config()
            .limit(200_000_000)
            .read_to_string()
            .expect("body");
        (t.elapsed(), r.status().as_u16(), body)
    };
    let some_ref = app
        .docs
        .iter()
        .skip(app.docs.len() / 2)
        .find_map(|d| d.record.reference())
        .unwrap_or_default();
    let enc = |s: &str| -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' => (b as char).to_string(),
                b' ' => "+".into(),
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    let queries: Vec<String> = [
        "cải cách hành chính",
        "cai cach hanh chinh",
        "\"Chỉ số cải cách hành chính\"",
        "thu tuc hanh chinh mot cua lien thong",
        "chuyển đổi số",
        "Đề án 06 dữ liệu dân cư",
        "kinh phi ngan sach",
        some_ref.as_str(),
        "xyzzy không có",
    ]
    .iter()
    .map(|q| format!("/search?q={}", enc(q)))
    .chain([
        format!(
            "/search?q={}&type={}",
            enc("cải cách hành chính"),
            enc("Thông báo")
        ),
        format!("/search?q={}&year=2023", enc("chỉ số")),
        format!(
            "/search?q={}&from=2022-01-01&to=2022-06-30",
            enc("kế hoạch")
        ),
        format!("/search?q={}&page=3", enc("cải cách hành chính")),
        "/search?type=Quy%E1%BA%BFt+%C4%91%E1%BB%8Bnh&year=2024".to_owned(),
    ])
    .collect();
    for q in &queries {
        let (_, st, _) = get(q);
        assert_eq!(st, 200, "{q}");
    }
    let mut times = Vec::new();
    for _ in 0..rounds {
        for q in &queries {
            times.push(get(q).0);
        }
    }
    times.sort();
    println!(
        "search page ({} queries × {rounds} rounds, HTTP, 20 rows, grouped copies): p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        queries.len(),
        pct(&times, 0.5).as_secs_f64() * 1e3,
        pct(&times, 0.95).as_secs_f64() * 1e3,
        times.last().copied().unwrap_or_default().as_secs_f64() * 1e3
    );

    let (first, st, page) = get("/criteria");
    assert_eq!(st, 200);
    let leaves = page.matches("class=\"d3\"").count();
    let mut later = Vec::new();
    for _ in 0..rounds {
        later.push(get("/criteria").0);
    }
    later.sort();
    println!(
        "criteria page ({leaves} leaves): first view (linking) {:.0} ms; cached p50 {:.1} ms, p95 {:.1} ms",
        first.as_secs_f64() * 1e3,
        pct(&later, 0.5).as_secs_f64() * 1e3,
        pct(&later, 0.95).as_secs_f64() * 1e3
    );
    let (t1, _, crit) = get("/criteria/1.1.1");
    println!("criterion page 1.1.1: {:.1} ms", t1.as_secs_f64() * 1e3);
    // One confirm, then the criteria page again (linking recomputed with the new decision).
    let at = crit.find("name=\"csrf\" value=\"");
    let doc_at = crit.find("name=\"doc\" value=\"");
    if let (Some(c), Some(d)) = (at, doc_at) {
        let csrf = &crit[c + 19..c + 19 + 64];
        let doc = &crit[d + 18..d + 18 + 64];
        let t = Instant::now();
        let mut r = agent
            .post(&format!("{base}/decide"))
            .send_form([
                ("csrf", csrf),
                ("code", "1.1.1"),
                ("doc", doc),
                ("status", "confirmed"),
                ("reviewer", "bench"),
            ])
            .expect("post");
        let _ = r.body_mut().read_to_string();
        let post = t.elapsed();
        let (after, _, _) = get("/criteria");
        println!(
            "confirm: {:.1} ms; criteria page after it: {:.0} ms",
            post.as_secs_f64() * 1e3,
            after.as_secs_f64() * 1e3
        );
        println!(
            "(the benchmark's decision stays in {}: remove decisions.sqlite to reset)",
            index.display()
        );
    }
    println!("RSS now {}, peak {}", rss("VmRSS:"), rss("VmHWM:"));
}
