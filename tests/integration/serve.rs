//! `kiemchung serve` over HTTP: every page and action, the security rules, and 20 reviewers
//! deciding at once.

use std::collections::BTreeMap;

use crate::common::{json_lines, run};
use crate::web::{Archive, HOSTILE, Server, csrf, demo_catalog, doc_links};

fn server(a: &Archive) -> Server {
    Server::start(&a.idx, &["--criteria", &demo_catalog(), "--year", "2022"])
}

#[test]
fn every_page_renders_with_strict_headers() {
    let a = Archive::new();
    // 1.1.1 claims a point without evidence: an error finding on the audit page.
    let sa = a.tmp.path().join("tu-cham.csv");
    std::fs::write(
        &sa,
        "Mã tiêu chí;Điểm tự chấm\n1.1.1;1\n1.1.2;1\n1.1.3;1\n1.2.2;0,5\n",
    )
    .expect("csv");
    let s = Server::start(
        &a.idx,
        &[
            "--criteria",
            &demo_catalog(),
            "--year",
            "2022",
            "--self-assessment",
            sa.to_str().expect("utf-8"),
        ],
    );

    // Home goes to search.
    let (st, _, h) = s.get("/");
    assert_eq!(st, 303);
    assert_eq!(h["location"], "/search");

    // Search with diacritics, without, and by reference; highlights; filters.
    let (st, page, h) = s.get("/search?q=k%E1%BA%BF+ho%E1%BA%A1ch");
    assert_eq!(st, 200);
    let csp = h["content-security-policy"].to_str().expect("csp");
    assert!(
        csp.contains("default-src 'none'") && !csp.contains("script-src"),
        "{csp}"
    );
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert!(page.contains("<mark>"), "{page}");
    assert!(!doc_links(&page).is_empty());
    let (_, folded, _) = s.get("/search?q=ke+hoach");
    assert_eq!(doc_links(&folded).len(), doc_links(&page).len());
    let (st, by_ref, _) = s.get("/search?q=47%2FUBND-TTHC");
    assert_eq!(st, 200);
    let ids = doc_links(&by_ref);
    assert!(by_ref.contains("47/UBND-TTHC"), "{by_ref}");
    let id47 = ids[0].clone();
    let (_, filtered, _) = s.get("/search?q=&year=2023");
    assert!(
        !doc_links(&filtered).contains(&id47),
        "2022 document under a 2023 filter"
    );
    assert!(!doc_links(&filtered).is_empty());

    // Document page and the original file, by id.
    let (st, doc, _) = s.get(&format!("/doc/{id47}"));
    assert_eq!(st, 200);
    assert!(
        doc.contains("Ủy ban nhân dân tỉnh Quảng Ngãi") || doc.contains("UBND"),
        "{doc}"
    );
    assert!(doc.contains(&format!("/doc/{id47}/file")));
    assert!(doc.contains("class=\"fulltext\""));
    let (st, bytes, h) = s.get_bytes(&format!("/doc/{id47}/file"));
    assert_eq!(st, 200);
    assert!(
        h["content-disposition"]
            .to_str()
            .expect("cd")
            .starts_with("inline")
    );
    let original = std::fs::read_dir(&a.docs)
        .expect("dir")
        .map(|e| std::fs::read(e.expect("e").path()).expect("read"))
        .find(|b| b == &bytes);
    assert!(
        original.is_some(),
        "served bytes are one of the archive's files"
    );

    // Criteria tree, one criterion, audit, tasks, history.
    let (st, tree, _) = s.get("/criteria");
    assert_eq!(st, 200);
    for code in ["1.1.1", "1.1.2", "1.2.2"] {
        assert!(tree.contains(&format!("/criteria/{code}\"")), "{code}");
    }
    assert!(tree.contains("<progress"));
    let (st, crit, _) = s.get("/criteria/1.1.3");
    assert_eq!(st, 200);
    assert!(crit.contains("action=\"/decide\""), "{crit}");
    assert!(
        crit.contains("833/UBND-NC"),
        "833/UBND-NC is proposed for 1.1.3 (47/UBND-TTHC speaks of 2021: out of period for 2022)"
    );
    let (st, _, _) = s.get("/criteria/9.9.9");
    assert_eq!(st, 404);
    let (st, audit, _) = s.get("/audit");
    assert_eq!(st, 200);
    assert!(audit.contains("/criteria/1.1.1"));
    // Errors come before warnings.
    let first_err = audit.find("sev-error").expect("an error finding");
    let first_warn = audit
        .find("class=\"sev-warning\"")
        .expect("a warning finding");
    assert!(first_err < first_warn);
    for (ext, magic) in [("html", &b"<!DOCTYPE"[..]), ("xlsx", b"PK"), ("csv", b"")] {
        let (st, body, h) = s.get_bytes(&format!("/audit/report.{ext}"));
        assert_eq!(st, 200, "{ext}");
        assert!(
            body.starts_with(magic) || (ext == "html" && body.starts_with(b"<!doctype")),
            "{ext}"
        );
        assert!(body.len() > 200, "{ext}");
        assert!(
            h["content-disposition"]
                .to_str()
                .expect("cd")
                .contains(&format!(".{ext}"))
        );
    }
    let (st, tasks, _) = s.get("/tasks");
    assert_eq!(st, 200);
    assert!(tasks.contains("<table"));
    assert!(
        tasks.contains("47/UBND-TTHC"),
        "the seeds' letter assigns tasks"
    );
    // A page past the end shows the last one.
    let (st, last, _) = s.get("/tasks?page=999");
    assert_eq!(st, 200);
    assert!(last.contains("47/UBND-TTHC"));
    let (st, _, _) = s.get("/history");
    assert_eq!(st, 200);
    let (st, css, h) = s.get("/static/app.css");
    assert_eq!(st, 200);
    assert!(
        h["content-type"]
            .to_str()
            .expect("ct")
            .starts_with("text/css")
    );
    assert!(css.contains("mark"));
    let (st, _, _) = s.get("/nowhere");
    assert_eq!(st, 404);
}

#[test]
fn confirm_reject_history_and_export() {
    let a = Archive::new();
    let s = server(&a);
    let (_, crit, _) = s.get("/criteria/1.1.2");
    let token = csrf(&crit);
    let (_, r, _) = s.get("/search?q=47%2FUBND-TTHC");
    let id47 = doc_links(&r)[0].clone();
    let (_, r, _) = s.get("/search?q=23%2FBNV-CCHC");
    let id23 = doc_links(&r)[0].clone();

    let (st, _, h) = s.post(
        "/decide",
        &[
            ("csrf", &token),
            ("code", "1.1.2"),
            ("doc", &id47),
            ("status", "confirmed"),
            ("note", "kế hoạch <đúng hạn>"),
            ("reviewer", "Lan"),
        ],
    );
    assert_eq!(st, 303);
    assert_eq!(h["location"], "/criteria/1.1.2");
    let (st, _, _) = s.post(
        "/decide",
        &[
            ("csrf", &token),
            ("code", "1.1.2"),
            ("doc", &id23),
            ("status", "rejected"),
            ("note", "của Bộ"),
        ],
    );
    assert_eq!(st, 303);
    // Unknown criterion, unknown document, bad status: refused, nothing stored.
    for (code, doc, status) in [
        ("1.1.9", id47.as_str(), "confirmed"),
        ("1.1.2", "abcdef", "confirmed"),
        ("1.1.2", id47.as_str(), "maybe"),
    ] {
        let (st, _, _) = s.post(
            "/decide",
            &[
                ("csrf", &token),
                ("code", code),
                ("doc", doc),
                ("status", status),
            ],
        );
        assert_eq!(st, 400, "{code} {doc} {status}");
    }

    let (_, crit, _) = s.get("/criteria/1.1.2");
    assert!(crit.contains("class=\"confirmed\""), "{crit}");
    assert!(crit.contains("kế hoạch &lt;đúng hạn&gt;"), "note escaped");
    assert!(crit.contains(">Lan<"), "reviewer in history");
    let (_, audit, _) = s.get("/audit");
    assert!(audit.contains("st-confirmed"), "{audit}");
    assert!(audit.contains(&format!("/doc/{id47}")));

    // The CLI sees the same decisions and their history.
    let r = run(&[
        "evidence",
        "history",
        "--index",
        a.idx(),
        "--format",
        "json",
    ]);
    let rows = json_lines(&r.stdout);
    assert_eq!(rows.len(), 2, "{}", r.stdout);
    assert_eq!(rows[0]["reviewer"], "Lan");
    assert_eq!(rows[0]["status"], "confirmed");
    assert_eq!(rows[1]["reviewer"], "web");
    assert_eq!(rows[1]["status"], "rejected");

    // Export: the package folder under the index, one folder per code, the manifest.
    let (st, page, _) = s.post("/export", &[("csrf", &token)]);
    assert_eq!(st, 200, "{page}");
    assert!(page.contains("1.1.2/47-UBND-TTHC_2022-01-06.txt"), "{page}");
    let exports: Vec<_> = std::fs::read_dir(a.idx.join("exports"))
        .expect("exports")
        .collect();
    assert_eq!(exports.len(), 1);
    let dir = exports
        .into_iter()
        .next()
        .expect("one")
        .expect("entry")
        .path();
    let csv = std::fs::read_to_string(dir.join("manifest.csv")).expect("manifest");
    assert!(csv.contains("47/UBND-TTHC") && csv.contains("Lan"), "{csv}");
    assert!(!csv.contains("23/BNV-CCHC"), "rejected documents stay out");
    assert!(dir.join("1.1.2/47-UBND-TTHC_2022-01-06.txt").is_file());
}

#[test]
fn security_rules() {
    let a = Archive::new();
    let s = server(&a);
    let (_, crit, _) = s.get("/criteria/1.1.2");
    let token = csrf(&crit);
    let (_, r, _) = s.get("/search?q=47%2FUBND-TTHC");
    let id47 = doc_links(&r)[0].clone();

    // Traversal: files only by id; nothing outside the index is reachable.
    for path in [
        "/doc/..%2F..%2F..%2Fetc%2Fpasswd/file",
        "/doc/%2Fetc%2Fpasswd/file",
        "/doc/../../etc/passwd",
        "/static/../Cargo.toml",
        "/static/..%2F..%2FCargo.toml",
        "/doc/00000000/file",
    ] {
        let (st, body, _) = s.get(path);
        assert!(st == 404 || st == 400, "{path}: {st}");
        assert!(!body.contains("root:x:0"), "{path}");
        assert!(!body.contains("[workspace]"), "{path}");
    }

    // State changes: POST only, with the CSRF token.
    let (st, _, _) = s.get("/decide?code=1.1.2&status=confirmed");
    assert_eq!(st, 405);
    let (st, _, _) = s.post(
        "/decide",
        &[("code", "1.1.2"), ("doc", &id47), ("status", "confirmed")],
    );
    assert_eq!(st, 403);
    let (st, _, _) = s.post(
        "/decide",
        &[
            ("csrf", &"0".repeat(64)),
            ("code", "1.1.2"),
            ("doc", &id47),
            ("status", "confirmed"),
        ],
    );
    assert_eq!(st, 403);
    let (st, _, _) = s.post("/export", &[]);
    assert_eq!(st, 403);
    let mut r = s
        .agent
        .post(&format!("{}/decide", s.base))
        .header("Sec-Fetch-Site", "cross-site")
        .send_form([
            ("csrf", token.as_str()),
            ("code", "1.1.2"),
            ("doc", &id47),
            ("status", "confirmed"),
        ])
        .expect("post");
    assert_eq!(r.status().as_u16(), 403);
    let _ = r.body_mut().read_to_string();
    let r = run(&[
        "evidence",
        "history",
        "--index",
        a.idx(),
        "--format",
        "json",
    ]);
    assert_eq!(r.stdout.trim(), "", "no decision was stored");
    assert!(!a.idx.join("exports").exists());

    // Hostile text is escaped on every page that shows it.
    let (_, res, _) = s.get("/search?q=99%2FUBND-KSTT");
    let hid = doc_links(&res)[0].clone();
    assert!(!res.contains("<script>"), "{res}");
    let (_, doc, _) = s.get(&format!("/doc/{hid}"));
    assert!(doc.contains("&lt;script&gt;alert"), "{doc}");
    assert!(doc.contains("&lt;img src=x onerror"), "{doc}");
    assert!(!doc.contains("<script") && !doc.contains("<img"), "{doc}");
    // The original of a text document is served as plain text, never as a page.
    let (st, body, h) = s.get(&format!("/doc/{hid}/file"));
    assert_eq!(st, 200);
    assert_eq!(body, HOSTILE);
    assert!(
        h["content-type"]
            .to_str()
            .expect("ct")
            .starts_with("text/plain")
    );
    assert!(
        h["content-security-policy"]
            .to_str()
            .expect("csp")
            .contains("sandbox")
    );
}

#[test]
fn network_bind_needs_a_token() {
    let a = Archive::new();
    let r = run(&["serve", "--index", a.idx(), "--bind", "0.0.0.0:0"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("cần mã truy cập"), "{}", r.stderr);
    let r = run(&[
        "serve",
        "--index",
        a.idx(),
        "--bind",
        "0.0.0.0:0",
        "--token",
        "short",
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("16"), "{}", r.stderr);

    let token = "s3cret-token-for-the-test";
    let s = Server::start(&a.idx, &["--bind", "0.0.0.0:0", "--token", token]);
    let base = s.base.replace("0.0.0.0", "127.0.0.1");
    let get = |url: &str, cookie: Option<&str>| {
        let mut req = s.agent.get(url);
        if let Some(c) = cookie {
            req = req.header("Cookie", c);
        }
        let mut r = req.call().expect("get");
        let cookie = r
            .headers()
            .get("set-cookie")
            .map(|v| v.to_str().expect("c").to_owned());
        let _ = r.body_mut().read_to_string();
        (r.status().as_u16(), cookie)
    };
    assert_eq!(get(&format!("{base}/search"), None).0, 401);
    assert_eq!(
        get(
            &format!("{base}/search?token=wrong-token-wrong-token"),
            None
        )
        .0,
        401
    );
    let (st, cookie) = get(&format!("{base}/search?token={token}"), None);
    assert_eq!(st, 200);
    let cookie = cookie.expect("cookie set");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let pair = cookie.split(';').next().expect("pair").to_owned();
    assert_eq!(get(&format!("{base}/criteria"), Some(&pair)).0, 200);
}

#[test]
fn twenty_reviewers_at_once_lose_nothing() {
    let a = Archive::new();
    let s = server(&a);
    let (_, crit, _) = s.get("/criteria/1.1.2");
    let token = csrf(&crit);
    let (_, all, _) = s.get("/search?year=2022");
    let docs = doc_links(&all);
    assert!(docs.len() >= 3, "{all}");
    let codes = ["1.1.1", "1.1.2", "1.1.3", "1.2.1", "1.2.2"];
    const PER: usize = 10;
    std::thread::scope(|scope| {
        for r in 0..20 {
            let (s, token, docs) = (&s, &token, &docs);
            scope.spawn(move || {
                let agent = crate::web::agent();
                for i in 0..PER {
                    let status = if (r + i) % 3 == 0 {
                        "rejected"
                    } else {
                        "confirmed"
                    };
                    let code = codes[(r + i) % codes.len()];
                    let doc = &docs[(r * 7 + i) % docs.len()];
                    let reviewer = format!("r{r:02}");
                    let note = format!("{reviewer}-{i}");
                    let mut resp = agent
                        .post(&format!("{}/decide", s.base))
                        .send_form([
                            ("csrf", token.as_str()),
                            ("code", code),
                            ("doc", doc.as_str()),
                            ("status", status),
                            ("note", note.as_str()),
                            ("reviewer", reviewer.as_str()),
                        ])
                        .expect("post");
                    assert_eq!(
                        resp.status().as_u16(),
                        303,
                        "{}",
                        resp.body_mut().read_to_string().unwrap_or_default()
                    );
                }
            });
        }
    });
    let r = run(&[
        "evidence",
        "history",
        "--index",
        a.idx(),
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows = json_lines(&r.stdout);
    assert_eq!(rows.len(), 20 * PER, "every decision kept");
    let mut per_reviewer: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for row in &rows {
        per_reviewer
            .entry(row["reviewer"].as_str().expect("reviewer").to_owned())
            .or_default()
            .push(row["note"].as_str().expect("note").to_owned());
    }
    assert_eq!(per_reviewer.len(), 20);
    for (who, notes) in &per_reviewer {
        // Each reviewer's decisions, all of them, in the order they were made.
        let expected: Vec<String> = (0..PER).map(|i| format!("{who}-{i}")).collect();
        assert_eq!(notes, &expected, "{who}");
    }
    // The current state is the last row of each (criterion, document).
    let mut last: BTreeMap<(String, String), String> = BTreeMap::new();
    for row in &rows {
        last.insert(
            (
                row["criterion"].as_str().expect("c").to_owned(),
                row["sha256"].as_str().expect("s").to_owned(),
            ),
            row["status"].as_str().expect("st").to_owned(),
        );
    }
    let r = run(&["evidence", "list", "--index", a.idx(), "--format", "json"]);
    let current = json_lines(&r.stdout);
    assert_eq!(current.len(), last.len());
    for d in &current {
        let key = (
            d["criterion"].as_str().expect("c").to_owned(),
            d["sha256"].as_str().expect("s").to_owned(),
        );
        assert_eq!(
            d["status"].as_str(),
            last.get(&key).map(String::as_str),
            "{key:?}"
        );
    }
}

#[test]
fn saved_searches_are_shared_replaced_and_deleted() {
    let a = Archive::new();
    let s = server(&a);
    let (_, page, _) = s.get("/search?q=ke+hoach+cai+cach&year=2022");
    assert!(
        page.contains("action=\"/searches\""),
        "save form on a search"
    );
    let token = csrf(&page);
    let save = |name: &str, q: &str, year: &str| {
        s.post(
            "/searches",
            &[
                ("csrf", token.as_str()),
                ("name", name),
                ("q", q),
                ("year", year),
                ("type", ""),
                ("issuer", ""),
                ("from", ""),
                ("to", ""),
            ],
        )
    };
    let (st, _, h) = save("Kế hoạch CCHC <2022>", "ke hoach cai cach", "2022");
    assert_eq!(st, 303);
    assert_eq!(h["location"], "/search?q=ke+hoach+cai+cach&year=2022");
    // Another reviewer (a fresh page load) sees it, escaped, linking to the same search.
    let (_, page, _) = s.get("/search");
    assert!(page.contains("Kế hoạch CCHC &lt;2022&gt;"), "{page}");
    assert!(page.contains("href=\"/search?q=ke+hoach+cai+cach&amp;year=2022\""));
    // The saved search is the current one: marked.
    let (_, page, _) = s.get("/search?q=ke+hoach+cai+cach&year=2022");
    assert!(
        page.contains("<li class=\"on\">"),
        "current saved search marked"
    );
    // Same name in other case: replaced, not duplicated.
    let (st, _, _) = save("kế hoạch cchc <2022>", "ke hoach", "2021");
    assert_eq!(st, 303);
    let (_, page, _) = s.get("/search");
    assert_eq!(page.matches("action=\"/searches/delete\"").count(), 1);
    assert!(page.contains("year=2021"));
    // Empty name, empty search, bad token: refused, nothing stored.
    assert_eq!(save(" ", "x", "").0, 400);
    assert_eq!(save("rỗng", "", "").0, 400);
    let (st, _, _) = s.post(
        "/searches",
        &[("csrf", "0".repeat(64).as_str()), ("name", "x"), ("q", "x")],
    );
    assert_eq!(st, 403);
    let (_, page, _) = s.get("/search");
    assert_eq!(page.matches("action=\"/searches/delete\"").count(), 1);
    // Delete.
    let at = page.find("name=\"id\" value=\"").expect("id field") + 17;
    let id: String = page[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let (st, _, h) = s.post("/searches/delete", &[("csrf", &token), ("id", &id)]);
    assert_eq!(st, 303);
    assert_eq!(h["location"], "/search");
    let (_, page, _) = s.get("/search");
    assert!(!page.contains("aside class=\"saved\""), "{page}");
}

/// The classes of the table rows of `page` that link to document `id` (`confirmed`,
/// `proposal`; history rows have none).
fn row_classes(page: &str, id: &str) -> Vec<String> {
    let link = format!("href=\"/doc/{id}\"");
    page.split("<tr")
        .skip(1)
        .filter(|row| row.split("</tr>").next().is_some_and(|r| r.contains(&link)))
        .map(|row| {
            row.strip_prefix(" class=\"")
                .and_then(|r| r.split('"').next())
                .unwrap_or("")
                .to_owned()
        })
        .collect()
}

#[test]
fn a_decision_changes_the_overlay_never_the_proposals() {
    let a = Archive::new();
    let s = Server::in_process(&a.idx, &demo_catalog(), 2022);
    let (_, r, _) = s.get("/search?q=833%2FUBND-NC");
    let id = doc_links(&r)[0].clone();
    let (st, crit, _) = s.get("/criteria/1.1.3");
    assert_eq!(st, 200);
    assert_eq!(row_classes(&crit, &id), ["proposal"], "{crit}");
    let first = s.app().counts();
    assert_eq!(
        (first.generations, first.proposal_runs, first.overlay_runs),
        (1, 1, 1)
    );
    // The tree, the audit, another criterion, the package: the same cached state.
    for page in ["/criteria", "/audit", "/criteria/1.1.2", "/criteria/1.1.3"] {
        assert_eq!(s.get(page).0, 200, "{page}");
    }
    assert_eq!(s.app().counts(), first);

    let token = csrf(&crit);
    let decide = |status: &str, note: &str| {
        let (st, _, _) = s.post(
            "/decide",
            &[
                ("csrf", &token),
                ("code", "1.1.3"),
                ("doc", &id),
                ("status", status),
                ("note", note),
                ("reviewer", "Hà"),
            ],
        );
        assert_eq!(st, 303);
        s.get("/criteria/1.1.3").1
    };
    // Confirmed: shown at once among the confirmed, with its note, no longer a proposal.
    let crit = decide("confirmed", "đúng kế hoạch năm 2022");
    assert_eq!(row_classes(&crit, &id), ["confirmed", ""], "{crit}");
    assert!(crit.contains("đúng kế hoạch năm 2022"));
    let (_, audit, _) = s.get("/audit");
    assert!(audit.contains(&format!("href=\"/doc/{id}\"")), "{audit}");
    let after = s.app().counts();
    assert_eq!(
        after.proposal_runs, 1,
        "a decision never relinks the archive"
    );
    assert_eq!(
        after.overlay_runs, 2,
        "the overlay is redone once per decision"
    );
    // Rejected: gone from the confirmed and the proposals; only the history names it.
    let crit = decide("rejected", "không thuộc tiêu chí");
    assert_eq!(row_classes(&crit, &id), ["", ""], "{crit}");
    assert!(!crit.contains(&format!("name=\"doc\" value=\"{id}\"")));
    let (_, tree, _) = s.get("/criteria");
    assert!(tree.contains("/criteria/1.1.3"));
    let end = s.app().counts();
    assert_eq!((end.proposal_runs, end.overlay_runs), (1, 3));
}

#[test]
fn overlay_equals_linking_under_the_decisions() {
    use kiemchung_evidence::decisions::{DecisionStatus, DecisionStore};
    use kiemchung_evidence::linking::{Basis, LinkOptions, link_indexed};

    let a = Archive::new();
    let s = Server::in_process(&a.idx, &demo_catalog(), 2022);
    let app = s.app();
    let cat = app.catalog.as_ref().expect("catalog");
    let fw = cat.framework.id.clone();
    let g = app.generation();
    let opts = LinkOptions {
        year: Some(2022),
        ..LinkOptions::default()
    };
    let same = |store: &DecisionStore, what: &str| {
        let reviewed = app.reviewed(&g, cat, store).expect("reviewed");
        let full = link_indexed(cat, &g.index, &opts, store).expect("link");
        let got = serde_json::to_value(&reviewed.links).expect("json");
        let want = serde_json::to_value(&full).expect("json");
        assert_eq!(got, want, "{what}");
        reviewed
    };
    let mut store = app.decisions().expect("store");
    let start = same(&store, "no decision");
    assert!(
        start.links.iter().any(|l| !l.proposals.is_empty()),
        "the demo catalog proposes documents"
    );
    // Every document of the archive decided for some leaf: the proposed ones first, then the
    // others in turn, confirmed twice for one rejection.
    let mut pairs: Vec<(String, String)> = start
        .links
        .iter()
        .flat_map(|l| l.proposals.iter().map(|p| (l.code.clone(), p.doc.clone())))
        .collect();
    let leaves: Vec<&str> = start.links.iter().map(|l| l.code.as_str()).collect();
    let (_, all, _) = s.get("/search?q=c%C3%A1c");
    for (i, id) in doc_links(&all).into_iter().enumerate() {
        pairs.push((leaves[(i * 5) % leaves.len()].to_owned(), id));
    }
    assert!(pairs.len() >= 6, "{pairs:?}");
    for (i, (code, doc)) in pairs.iter().enumerate() {
        let d = g.doc(doc).expect("read").expect("in the index");
        let status = if i % 3 == 1 {
            DecisionStatus::Rejected
        } else {
            DecisionStatus::Confirmed
        };
        store
            .record(Some(&fw), code, &d, status, None)
            .expect("record");
        same(&store, &format!("after deciding {code} {doc} {status:?}"));
    }
    // A confirmation no rule supports (the hostile letter for every leaf), then undone.
    let (_, r, _) = s.get("/search?q=99%2FUBND-KSTT");
    let hostile = g
        .doc(&doc_links(&r)[0])
        .expect("read")
        .expect("in the index");
    for l in &start.links {
        store
            .record(
                Some(&fw),
                &l.code,
                &hostile,
                DecisionStatus::Confirmed,
                None,
            )
            .expect("record");
    }
    let with_hostile = same(&store, "a confirmation without a rule");
    assert!(
        with_hostile
            .links
            .iter()
            .filter(|l| !matches!(l.basis, Basis::None | Basis::NoEvidence { .. }))
            .all(|l| l.proposals.iter().any(|p| p.doc == hostile.id)),
        "a confirmed document is never cut from a leaf linked on something"
    );
    store
        .record(
            Some(&fw),
            &start.links[0].code,
            &hostile,
            DecisionStatus::Rejected,
            None,
        )
        .expect("record");
    same(&store, "confirmation taken back");
    assert_eq!(app.counts().proposal_runs, 1);
}

#[test]
fn pages_read_documents_from_the_index_and_follow_its_commits() {
    let a = Archive::new();
    let s = Server::in_process(&a.idx, &demo_catalog(), 2022);
    let count = |page: &str| -> u64 {
        let end = page.find(" văn bản trong chỉ mục").expect("count line");
        let start = page[..end].rfind('>').expect("tag") + 1;
        page[start..end].parse().expect("number")
    };
    let (_, home, _) = s.get("/search");
    let before = count(&home);
    assert!(before >= 5, "{home}");
    // Every document of a search opens, with its original, read by id from the index.
    let (_, all, _) = s.get("/search?year=2022");
    let ids = doc_links(&all);
    assert!(ids.len() >= 3, "{all}");
    for id in &ids {
        let (st, page, _) = s.get(&format!("/doc/{id}"));
        assert_eq!(st, 200, "{id}");
        assert!(page.contains(&format!("<td>{id}</td>")), "{page}");
        assert_eq!(s.get_bytes(&format!("/doc/{id}/file")).0, 200, "{id}");
    }
    assert_eq!(s.get(&format!("/doc/{}", "0".repeat(64))).0, 404);
    assert_eq!(s.get("/doc/not-an-id").0, 404);
    assert_eq!(s.get("/criteria").0, 200);
    assert_eq!(s.app().counts().proposal_runs, 1);

    // A new document is ingested while the server runs: the next request sees the commit.
    std::fs::write(
        a.docs.join("ke-hoach-moi.txt"),
        "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\n\nSố: 215/KH-UBND\n\nQuảng Ngãi, ngày 20 tháng 12 năm 2022\n\nKẾ HOẠCH\nKiểm tra công tác cải cách hành chính năm 2023\n\nNội dung kiểm tra tại các sở, ngành.\n\nCHỦ TỊCH\nTrần Văn B\n",
    )
    .expect("write");
    let r = run(&[
        "ingest",
        "--index",
        a.idx(),
        a.docs.to_str().expect("utf-8"),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (_, home, _) = s.get("/search");
    assert_eq!(count(&home), before + 1);
    let (_, found, _) = s.get("/search?q=215%2FKH-UBND");
    let new = doc_links(&found);
    assert_eq!(new.len(), 1, "{found}");
    let (st, page, _) = s.get(&format!("/doc/{}", new[0]));
    assert_eq!(st, 200);
    assert!(
        page.contains("Kiểm tra công tác cải cách hành chính"),
        "{page}"
    );
    assert_eq!(s.get("/criteria").0, 200);
    let c = s.app().counts();
    assert_eq!(
        (c.generations, c.proposal_runs),
        (2, 2),
        "new commit, new proposals"
    );
}

/// A criterion page lists the evidence the official table requires for it (its `tlkc`), so
/// the reviewer judges the proposals against the table, not from memory.
#[test]
fn criterion_page_lists_the_tables_evidence() {
    let a = Archive::new();
    let table = crate::common::fixtures().join("linking/bnv-1187-2025-tinh.toml");
    let s = Server::start(
        &a.idx,
        &[
            "--criteria",
            table.to_str().expect("utf-8"),
            "--year",
            "2025",
        ],
    );
    let (st, crit, _) = s.get("/criteria/1.1");
    assert_eq!(st, 200);
    let list = crit
        .split_once("<ul class=\"tlkc\">")
        .and_then(|(_, rest)| rest.split_once("</ul>"))
        .map(|(list, _)| list)
        .unwrap_or_else(|| panic!("no TLKC list on the 1.1 page: {crit}"));
    assert_eq!(
        list,
        "<li>Kế hoạch CCHC năm</li><li>Báo cáo CCHC năm</li><li>TLKC khác nếu có</li>"
    );
    assert!(crit.contains("Tài liệu kiểm chứng theo quy định"));
    // A node the table gives no TLKC has no such list.
    let (_, area, _) = s.get("/criteria/1");
    assert!(!area.contains("class=\"tlkc\""));
}
