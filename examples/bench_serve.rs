//! Benchmark of `kiemchung serve` on a large index. A benchmark, not a timed test: it asserts
//! that every page answers 200 with content, never how fast.
//!
//! ```text
//! cargo run --release --example bench_archive -- --docs 100000 --dir /tmp/kho --keep
//! cargo run --release --example bench_serve -- --index /tmp/kho/index [--rounds 10]
//! ```
//!
//! Opens the index the way `kiemchung serve` does (same [`kiemchung::serve::App`] and router),
//! serves it on 127.0.0.1 in this process, and times over HTTP: the search page (a query
//! set with and without diacritics, references, filters, paging), the document page of the
//! hits, the criteria page of a generated 60-leaf catalog (6 areas × 2 criteria × 5 leaves,
//! each leaf with a rule) — first view (the proposals linked once for this index generation)
//! and later views — the criterion pages, and confirm / reject rounds each followed by the
//! criteria page (the decisions laid over the cached proposals; the benchmark checks the
//! archive was linked once), then the audit and tasks pages. Reports p50/p95 per page and the
//! process's RSS and peak RSS (VmHWM).

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

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// One line of figures for a page.
fn report(what: &str, mut times: Vec<Duration>) {
    times.sort();
    println!(
        "{what}: n {}, p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        times.len(),
        ms(pct(&times, 0.5)),
        ms(pct(&times, 0.95)),
        ms(times.last().copied().unwrap_or_default())
    );
}

/// The value of the first `name="NAME" value="…"` field of a page.
fn field<'a>(page: &'a str, name: &str) -> Option<&'a str> {
    let key = format!("name=\"{name}\" value=\"");
    let at = page.find(&key)? + key.len();
    page[at..].split('"').next()
}

/// Every `/doc/<id>` link of a page.
fn doc_links(page: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in page.split("href=\"/doc/").skip(1) {
        let id: String = part.chars().take_while(|c| c.is_ascii_hexdigit()).collect();
        if id.len() == 64 && !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

fn main() {
    let mut index = None;
    let mut rounds = 10usize;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--index" => index = it.next().map(PathBuf::from),
            "--rounds" => rounds = it.next().and_then(|v| v.parse().ok()).unwrap_or(rounds),
            "-h" | "--help" => {
                println!(
                    "bench_serve --index DIR [--rounds N]   (DIR: bench_archive --dir D --keep → D/index)"
                );
                return;
            }
            other => {
                eprintln!("bench_serve: unknown argument {other} (see --help)");
                std::process::exit(2);
            }
        }
    }
    let Some(index) = index else {
        eprintln!(
            "bench_serve: --index DIR is required (built by bench_archive --dir D --keep: D/index)"
        );
        std::process::exit(2);
    };
    let tmp = tempfile::tempdir().expect("tmp");
    // The benchmark's decisions are written to the index folder's decisions.sqlite (remove it
    // to reset): they are what a reviewer would do.
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
    let documents = app.generation().index.len();
    println!(
        "open: {documents} documents in {:.1} s, RSS {} (peak {})",
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
    let get = |path: &str| -> (Duration, String) {
        let t = Instant::now();
        let mut r = agent.get(&format!("{base}{path}")).call().expect("get");
        let body = r
            .body_mut()
            .with_config()
            .limit(200_000_000)
            .read_to_string()
            .expect("body");
        let took = t.elapsed();
        assert_eq!(r.status().as_u16(), 200, "{path}: {body}");
        assert!(body.contains("</main>"), "{path}: a whole page");
        (took, body)
    };
    let enc = |s: &str| -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' => (b as char).to_string(),
                b' ' => "+".into(),
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    // A reference from the middle of the archive, found as a reviewer would: by searching.
    let (_, plans) = get(&format!("/search?q={}&page=2", enc("kế hoạch")));
    let some_ref = plans
        .split("<div class=\"title\"><a href=\"/doc/")
        .nth(1)
        .and_then(|s| s.split('>').nth(1))
        .and_then(|s| s.split('<').next())
        .unwrap_or_default()
        .to_owned();
    assert!(
        some_ref.contains('/'),
        "a reference from the search page: {some_ref:?}"
    );
    let queries: Vec<(String, bool)> = [
        ("cải cách hành chính", true),
        ("cai cach hanh chinh", true),
        ("\"Chỉ số cải cách hành chính\"", true),
        ("thu tuc hanh chinh mot cua lien thong", true),
        ("chuyển đổi số", true),
        ("Đề án 06 dữ liệu dân cư", true),
        ("kinh phi ngan sach", true),
        (some_ref.as_str(), true),
        ("xyzzy không có", false),
    ]
    .iter()
    .map(|(q, hits)| (format!("/search?q={}", enc(q)), *hits))
    .chain([
        (
            format!(
                "/search?q={}&type={}",
                enc("cải cách hành chính"),
                enc("Thông báo")
            ),
            true,
        ),
        (format!("/search?q={}&year=2023", enc("chỉ số")), true),
        (
            format!(
                "/search?q={}&from=2022-01-01&to=2022-06-30",
                enc("kế hoạch")
            ),
            true,
        ),
        (
            format!("/search?q={}&page=3", enc("cải cách hành chính")),
            true,
        ),
        (
            "/search?type=Quy%E1%BA%BFt+%C4%91%E1%BB%8Bnh&year=2024".to_owned(),
            true,
        ),
    ])
    .collect();
    let mut hit_ids: Vec<String> = Vec::new();
    for (q, hits) in &queries {
        let (_, page) = get(q);
        let ids = doc_links(&page);
        // "xyzzy không có" may still rank documents having "không" or "có".
        assert!(!*hits || !ids.is_empty(), "{q}: results expected");
        hit_ids.extend(ids.into_iter().take(3));
    }
    let mut times = Vec::new();
    for _ in 0..rounds {
        for (q, _) in &queries {
            times.push(get(q).0);
        }
    }
    report(
        &format!(
            "search page ({} queries × {rounds} rounds, 20 rows, grouped copies)",
            queries.len()
        ),
        times,
    );
    hit_ids.dedup();
    let mut times = Vec::new();
    for id in hit_ids.iter().take(rounds * 5) {
        let (t, page) = get(&format!("/doc/{id}"));
        assert!(page.contains("class=\"fulltext\""), "/doc/{id}");
        times.push(t);
    }
    report("document page", times);

    let (first, page) = get("/criteria");
    let leaves = page.matches("class=\"d3\"").count();
    assert_eq!(leaves, 60, "the 60 leaves of the catalog");
    println!(
        "criteria page ({leaves} leaves), first view (proposals linked for this index generation): {:.0} ms",
        ms(first)
    );
    let mut later = Vec::new();
    for _ in 0..rounds {
        later.push(get("/criteria").0);
    }
    report("criteria page, later views", later);
    let codes: Vec<String> = (1..=6)
        .flat_map(|a| (1..=2).flat_map(move |c| (1..=5).map(move |l| format!("{a}.{c}.{l}"))))
        .collect();
    let mut times = Vec::new();
    let mut with_proposals = Vec::new();
    for code in codes.iter().take(rounds.max(12)) {
        let (t, page) = get(&format!("/criteria/{code}"));
        times.push(t);
        if page.contains("class=\"proposal\"") {
            with_proposals.push((code.clone(), page));
        }
    }
    report("criterion page", times);
    assert!(!with_proposals.is_empty(), "some leaf has proposals");

    // Reviewers at work: confirm or reject a proposal, then look at the tree.
    let mut post_times = Vec::new();
    let mut after = Vec::new();
    let mut decided = 0;
    for i in 0..rounds {
        let (code, _) = &with_proposals[i % with_proposals.len()];
        let (_, page) = get(&format!("/criteria/{code}"));
        let Some(doc) = page
            .split("<tr class=\"proposal\">")
            .nth(1)
            .and_then(|row| field(row, "doc"))
        else {
            continue;
        };
        let csrf = field(&page, "csrf").expect("csrf");
        let status = if i % 3 == 2 { "rejected" } else { "confirmed" };
        let t = Instant::now();
        let mut r = agent
            .post(&format!("{base}/decide"))
            .send_form([
                ("csrf", csrf),
                ("code", code.as_str()),
                ("doc", doc),
                ("status", status),
                ("reviewer", "bench"),
            ])
            .expect("post");
        let _ = r.body_mut().read_to_string();
        assert_eq!(r.status().as_u16(), 303, "decide");
        post_times.push(t.elapsed());
        decided += 1;
        after.push(get("/criteria").0);
    }
    report("confirm / reject (POST)", post_times);
    report("criteria page after each decision", after);
    let counts = app.counts();
    assert_eq!(
        counts.proposal_runs, 1,
        "decisions never relink the archive"
    );
    println!(
        "{decided} decisions: archive linked {} time(s), decisions laid over it {} time(s)",
        counts.proposal_runs, counts.overlay_runs
    );
    let (t, _) = get("/audit");
    println!("audit page: {:.0} ms", ms(t));
    let (t, page) = get("/tasks");
    println!(
        "tasks page ({} rows): {:.0} ms",
        page.matches("<tr").count().saturating_sub(1),
        ms(t)
    );
    let (t, _) = get("/history");
    println!("history page: {:.0} ms", ms(t));
    println!(
        "(the benchmark's decisions stay in {}: remove decisions.sqlite to reset)",
        index.display()
    );
    println!("RSS now {}, peak {}", rss("VmRSS:"), rss("VmHWM:"));
}
