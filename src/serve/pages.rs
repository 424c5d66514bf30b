//! The pages and actions. Each handler turns the request into a library call (search, audit,
//! linking, decisions, package) inside `spawn_blocking` — tantivy and SQLite block — and renders
//! with maud, which escapes every piece of text it is given.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use kiemchung_evidence::audit::{AuditInput, AuditReport, Severity, compute, vn_date};
use kiemchung_evidence::criteria::{Catalog, depth, fmt_points, normalize_code};
use kiemchung_evidence::decisions::DecisionStatus;
use kiemchung_evidence::saved;
use kiemchung_extractors::parse::refs::reference_key;
use kiemchung_extractors::text::fold;
use kiemchung_index::{Filter, Hit, SearchQuery, StoredDoc};
use maud::{DOCTYPE, Markup, html};
use serde::Deserialize;

use super::App;
use super::security::csrf_ok;
use super::state::{Generation, Reviewed};

type Shared = State<Arc<App>>;

const PAGE_SIZE: usize = 20;
const CSS: &str = include_str!("app.css");

/// Runs blocking work off the async threads; a panic or error becomes a 500 page.
async fn blocking<F>(app: Arc<App>, f: F) -> Response
where
    F: FnOnce(&App) -> anyhow::Result<Response> + Send + 'static,
{
    let a = app.clone();
    match tokio::task::spawn_blocking(move || f(&a)).await {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => error_page(&app, StatusCode::INTERNAL_SERVER_ERROR, &format!("{e:#}")),
        Err(_) => error_page(&app, StatusCode::INTERNAL_SERVER_ERROR, "panic"),
    }
}

fn error_page(app: &App, status: StatusCode, msg: &str) -> Response {
    (
        status,
        layout(
            app,
            app.t("Lỗi", "Error"),
            "",
            html! { h1 { (status.as_u16()) } p.err { (msg) } },
        ),
    )
        .into_response()
}

fn layout(app: &App, title: &str, active: &str, body: Markup) -> Html<String> {
    let nav = [
        ("search", "/search", app.t("Tìm kiếm", "Search")),
        ("criteria", "/criteria", app.t("Tiêu chí", "Criteria")),
        ("audit", "/audit", app.t("Rà soát", "Audit")),
        ("tasks", "/tasks", app.t("Nhiệm vụ", "Tasks")),
        ("history", "/history", app.t("Lịch sử", "History")),
    ];
    Html(
        html! {
            (DOCTYPE)
            html lang=(if app.en() { "en" } else { "vi" }) {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (title) " — kiemchung" }
                    link rel="stylesheet" href="/static/app.css";
                    link rel="icon" type="image/svg+xml" href="/static/icon.svg";
                }
                body {
                    header.top {
                        a.brand href="/search" { "kiemchung" }
                        nav {
                            @for (key, href, label) in nav {
                                a class=(if key == active { "on" } else { "" }) href=(href) { (label) }
                            }
                        }
                        form.export method="post" action="/export" {
                            input type="hidden" name="csrf" value=(app.csrf);
                            button type="submit" { (app.t("Xuất bộ tài liệu kiểm chứng", "Export evidence package")) }
                        }
                    }
                    main { (body) }
                }
            }
        }
        .into_string(),
    )
}

pub async fn home() -> Redirect {
    Redirect::to("/search")
}

pub async fn css() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        CSS,
    )
        .into_response()
}

pub async fn icon() -> Response {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "max-age=86400"),
        ],
        ICON,
    )
        .into_response()
}

const ICON: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 16 16\"><rect width=\"16\" height=\"16\" rx=\"3\" fill=\"#a4161a\"/><path d=\"M4 8.5l2.5 2.5L12 5\" stroke=\"#fff\" stroke-width=\"2\" fill=\"none\"/></svg>";

pub async fn not_found(State(app): Shared) -> Response {
    error_page(
        &app,
        StatusCode::NOT_FOUND,
        app.t("Không có trang này.", "No such page."),
    )
}

fn date_label(d: Option<&str>) -> String {
    d.map(vn_date).unwrap_or_else(|| "—".into())
}

fn reference_label(doc: &StoredDoc, app: &App) -> String {
    doc.record
        .reference()
        .unwrap_or_else(|| app.t("(không số)", "(no number)").to_owned())
}

/// A snippet with its highlights as `<mark>`; the text between them is escaped by maud.
fn snippet(h: &Hit) -> Markup {
    let t = &h.snippet.text;
    let mut parts: Vec<(bool, &str)> = Vec::new();
    let mut at = 0;
    for &(s, e) in &h.snippet.highlights {
        if s < at || e > t.len() || !t.is_char_boundary(s) || !t.is_char_boundary(e) {
            continue;
        }
        parts.push((false, &t[at..s]));
        parts.push((true, &t[s..e]));
        at = e;
    }
    parts.push((false, &t[at..]));
    html! { @for (m, p) in parts { @if m { mark { (p) } } @else { (p) } } }
}

// ---------------------------------------------------------------- search

#[derive(Debug, Default, Deserialize)]
pub struct SearchParams {
    #[serde(default)]
    q: String,
    #[serde(default, rename = "type")]
    doc_type: String,
    #[serde(default)]
    issuer: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    page: Option<usize>,
}

fn nonempty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// Copies of one document (DOCX draft, signed PDF, scan) share reference and issuer.
fn group_key(d: &StoredDoc) -> String {
    match d.record.reference() {
        Some(r) => format!(
            "{}|{}",
            reference_key(&r),
            fold(d.record.issuer.as_deref().unwrap_or(""))
        ),
        None => d.id.clone(),
    }
}

pub async fn search(State(app): Shared, Query(p): Query<SearchParams>) -> Response {
    blocking(app, move |app| Ok(search_page(app, &p)?.into_response())).await
}

fn search_page(app: &App, p: &SearchParams) -> anyhow::Result<Html<String>> {
    let page = p.page.unwrap_or(1).max(1);
    let year = p.year.trim().parse::<i32>().ok();
    let mut error = None;
    let mut groups: Vec<Vec<Hit>> = Vec::new();
    let g = app.generation();
    let searched = !p.q.trim().is_empty()
        || [&p.doc_type, &p.issuer, &p.year, &p.from, &p.to]
            .iter()
            .any(|s| !s.trim().is_empty());
    if searched {
        // Copies collapse into one row, so a page needs more hits than rows: twice as many
        // (and one more, to know there is a next page), asked again with more while copies
        // leave the page short. Each hit is read with its text for the snippet, so asking
        // for no more than that is what keeps the page fast at 100,000 documents.
        let want = page * PAGE_SIZE + 1;
        let mut limit = want * 2;
        loop {
            let q = SearchQuery {
                text: p.q.trim().to_owned(),
                doc_type: nonempty(&p.doc_type),
                issuer: nonempty(&p.issuer),
                from: nonempty(&p.from),
                to: nonempty(&p.to),
                year,
                limit,
            };
            groups.clear();
            match g.index.search(&q) {
                Ok(hits) => {
                    let complete = hits.len() < limit;
                    let mut at: HashMap<String, usize> = HashMap::new();
                    for h in hits {
                        let k = group_key(&h.doc);
                        match at.get(&k) {
                            Some(&i) => groups[i].push(h),
                            None => {
                                at.insert(k, groups.len());
                                groups.push(vec![h]);
                            }
                        }
                    }
                    if complete || groups.len() >= want {
                        break;
                    }
                    limit *= 2;
                }
                Err(e) => {
                    error = Some(e.to_string());
                    break;
                }
            }
        }
    }
    let more = groups.len() > page * PAGE_SIZE;
    let shown: Vec<&Vec<Hit>> = groups
        .iter()
        .skip((page - 1) * PAGE_SIZE)
        .take(PAGE_SIZE)
        .collect();
    let link = |n: usize| {
        let mut s = url_form(&[
            ("q", &p.q),
            ("type", &p.doc_type),
            ("issuer", &p.issuer),
            ("year", &p.year),
            ("from", &p.from),
            ("to", &p.to),
        ]);
        s.push_str(&format!("&page={n}"));
        format!("/search?{s}")
    };
    let saved = saved::list(&app.index_dir)?;
    let this = saved_params(p);
    let body = html! {
        h1 { (app.t("Tìm văn bản", "Search documents")) }
        @if !saved.is_empty() {
            aside.saved {
                h2 { (app.t("Tìm kiếm đã lưu", "Saved searches")) }
                ul {
                    @for s in &saved {
                        li class=(if s.params == this { "on" } else { "" }) {
                            a href=(format!("/search?{}", saved_query(&s.params))) title=(format!("{} · {}", s.created_by, s.updated_at)) { (s.name) }
                            form.inline method="post" action="/searches/delete" {
                                input type="hidden" name="csrf" value=(app.csrf);
                                input type="hidden" name="id" value=(s.id);
                                button.delete type="submit" title=(app.t("Xoá tìm kiếm đã lưu", "Delete saved search")) { "×" }
                            }
                        }
                    }
                }
            }
        }
        form.search method="get" action="/search" {
            input type="search" name="q" value=(p.q) autofocus
                placeholder=(app.t("Nội dung, có hoặc không dấu, hoặc số ký hiệu (47/UBND-TTHC)", "Words, with or without diacritics, or a reference"));
            div.filters {
                label { (app.t("Loại", "Type")) " " input name="type" value=(p.doc_type) size="12"; }
                label { (app.t("Cơ quan", "Issuer")) " " input name="issuer" value=(p.issuer) size="18"; }
                label { (app.t("Năm", "Year")) " " input name="year" value=(p.year) size="5"; }
                label { (app.t("Từ ngày", "From")) " " input type="date" name="from" value=(p.from); }
                label { (app.t("Đến ngày", "To")) " " input type="date" name="to" value=(p.to); }
                button type="submit" { (app.t("Tìm", "Search")) }
            }
        }
        @if let Some(e) = &error { p.err { (e) } }
        @if searched && error.is_none() {
            form.save-search method="post" action="/searches" {
                input type="hidden" name="csrf" value=(app.csrf);
                input type="hidden" name="q" value=(p.q);
                input type="hidden" name="type" value=(p.doc_type);
                input type="hidden" name="issuer" value=(p.issuer);
                input type="hidden" name="year" value=(p.year);
                input type="hidden" name="from" value=(p.from);
                input type="hidden" name="to" value=(p.to);
                label { (app.t("Lưu tìm kiếm này với tên", "Save this search as")) " "
                    input name="name" required maxlength=(saved::MAX_NAME_CHARS) size="28"; }
                " " button type="submit" { (app.t("Lưu", "Save")) }
            }
            p.count { (format!("{} {}", groups.len(), app.t("văn bản", "documents"))) @if more { "+" } }
            ol.results start=(((page - 1) * PAGE_SIZE) + 1) {
                @for g in &shown {
                    @let h = &g[0];
                    li.hit {
                        div.title {
                            a href=(format!("/doc/{}", h.doc.id)) { (reference_label(&h.doc, app)) }
                            " · " span.type { (h.doc.record.doc_type.as_deref().unwrap_or("")) }
                            " · " (date_label(h.doc.record.date.as_deref()))
                            " · " span.issuer { (h.doc.record.issuer.as_deref().unwrap_or("")) }
                        }
                        div.subject { (h.doc.record.subject.as_deref().unwrap_or("")) }
                        div.snippet { (snippet(h)) }
                        @if g.len() > 1 {
                            div.copies {
                                (app.t("Các bản: ", "Copies: "))
                                @for c in g.iter() {
                                    a href=(format!("/doc/{}", c.doc.id)) { (c.doc.record.format.to_uppercase()) } " "
                                }
                            }
                        }
                    }
                }
            }
            nav.pages {
                @if page > 1 { a href=(link(page - 1)) { "← " (app.t("Trước", "Previous")) } }
                span { (app.t("Trang ", "Page ")) (page) }
                @if more { a href=(link(page + 1)) { (app.t("Sau", "Next")) " →" } }
            }
        }
        @if !searched {
            p.hint { (format!("{} {}", g.index.len(), app.t("văn bản trong chỉ mục.", "documents in the index."))) }
        }
    };
    Ok(layout(app, app.t("Tìm kiếm", "Search"), "search", body))
}

// ---------------------------------------------------------------- saved searches

fn saved_params(p: &SearchParams) -> saved::SearchParams {
    saved::SearchParams {
        text: p.q.trim().to_owned(),
        doc_type: p.doc_type.trim().to_owned(),
        issuer: p.issuer.trim().to_owned(),
        year: p.year.trim().to_owned(),
        from: p.from.trim().to_owned(),
        to: p.to.trim().to_owned(),
    }
}

fn saved_query(s: &saved::SearchParams) -> String {
    url_form(&[
        ("q", &s.text),
        ("type", &s.doc_type),
        ("issuer", &s.issuer),
        ("year", &s.year),
        ("from", &s.from),
        ("to", &s.to),
    ])
}

#[derive(Debug, Deserialize)]
pub struct SaveSearchForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(flatten)]
    search: SearchParams,
}

/// Saves the current search under a name (same name: the query is replaced) and shows it.
pub async fn save_search(State(app): Shared, Form(f): Form<SaveSearchForm>) -> Response {
    blocking(app, move |app| {
        if !csrf_ok(app, &f.csrf) {
            return Ok(csrf_error(app));
        }
        let params = saved_params(&f.search);
        match saved::save(&app.index_dir, &f.name, &params, "web") {
            Ok(s) => {
                Ok(Redirect::to(&format!("/search?{}", saved_query(&s.params))).into_response())
            }
            Err(saved::SaveError::Store(e)) => Err(e.into()),
            Err(e) => Ok(error_page(
                app,
                StatusCode::BAD_REQUEST,
                &if app.en() {
                    match e {
                        saved::SaveError::EmptyName => "The name is empty.".to_owned(),
                        saved::SaveError::NameTooLong => format!(
                            "The name is longer than {} characters.",
                            saved::MAX_NAME_CHARS
                        ),
                        _ => "Nothing to save: the search is empty.".to_owned(),
                    }
                } else {
                    e.to_string()
                },
            )),
        }
    })
    .await
}

#[derive(Debug, Deserialize)]
pub struct DeleteSearchForm {
    #[serde(default)]
    csrf: String,
    id: i64,
}

/// Deletes a saved search and returns to the search page.
pub async fn delete_search(State(app): Shared, Form(f): Form<DeleteSearchForm>) -> Response {
    blocking(app, move |app| {
        if !csrf_ok(app, &f.csrf) {
            return Ok(csrf_error(app));
        }
        saved::delete(&app.index_dir, f.id)?;
        Ok(Redirect::to("/search").into_response())
    })
    .await
}

fn csrf_error(app: &App) -> Response {
    error_page(
        app,
        StatusCode::FORBIDDEN,
        app.t(
            "Thiếu hoặc sai mã chống giả mạo (CSRF). Tải lại trang rồi thử lại.",
            "Missing or wrong CSRF token. Reload the page and retry.",
        ),
    )
}

/// `application/x-www-form-urlencoded` for links (non-empty values only).
fn url_form(pairs: &[(&str, &String)]) -> String {
    let mut out = String::new();
    for (k, v) in pairs {
        if v.trim().is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(k);
        out.push('=');
        for b in v.as_bytes() {
            match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    out.push(*b as char)
                }
                b' ' => out.push('+'),
                _ => out.push_str(&format!("%{b:02X}")),
            }
        }
    }
    out
}

// ---------------------------------------------------------------- document

fn warning_words(code: &str, en: bool) -> String {
    match kiemchung_extractors::warning_words::describe(code) {
        Some((vi, e)) => format!(
            "{} ({code})",
            kiemchung_extractors::text::capitalize_first(if en { e } else { vi })
        ),
        None => code.to_owned(),
    }
}

/// How many documents citing a document its page lists (the rest are counted).
const CITING_SHOWN: usize = 50;

pub async fn document(State(app): Shared, Path(id): Path<String>) -> Response {
    blocking(app, move |app| {
        let g = app.generation();
        let Some(doc) = g.doc(&id)? else {
            return Ok(error_page(
                app,
                StatusCode::NOT_FOUND,
                app.t(
                    "Không có văn bản này trong chỉ mục.",
                    "No such document in the index.",
                ),
            ));
        };
        Ok(document_page(app, &g, &doc)?.into_response())
    })
    .await
}

fn document_page(app: &App, g: &Generation, doc: &StoredDoc) -> anyhow::Result<Html<String>> {
    let r = &doc.record;
    let en = app.en();
    // A much-cited document (a Nghị định) is cited by thousands: list the first ones only.
    let (citing, citing_total) = match r.reference() {
        Some(rf) => {
            let addrs = g.index.select(&Filter::Cites(rf))?;
            let total = addrs.len();
            let docs = addrs
                .into_iter()
                .take(CITING_SHOWN)
                .map(|a| g.index.doc(a))
                .collect::<Result<Vec<_>, _>>()?;
            (docs, total)
        }
        None => (Vec::new(), 0),
    };
    let cited: Vec<(String, Option<StoredDoc>)> = r
        .citations
        .iter()
        .map(|c| {
            let found = g
                .index
                .find_reference(&c.reference)
                .ok()
                .and_then(|v| v.into_iter().next());
            (c.reference.clone(), found)
        })
        .collect();
    let row = |k: &str, v: Option<&str>| html! { tr { th { (k) } td { (v.unwrap_or("—")) } } };
    let body = html! {
        h1 { (reference_label(doc, app)) }
        p.subject { (r.subject.as_deref().unwrap_or("")) }
        p { a.button href=(format!("/doc/{}/file", doc.id)) target="_blank" rel="noopener" { (app.t("Mở tệp gốc", "Open the original file")) } }
        table.record {
            (row(app.t("Loại văn bản", "Type"), r.doc_type.as_deref()))
            (row(app.t("Số, ký hiệu", "Reference"), r.reference().as_deref()))
            (row(app.t("Cơ quan ban hành", "Issuer"), r.issuer.as_deref()))
            (row(app.t("Cơ quan chủ quản", "Parent body"), r.issuer_parent.as_deref()))
            (row(app.t("Địa danh, ngày", "Place, date"), Some(&format!("{}, {}", r.place.as_deref().unwrap_or("—"), date_label(r.date.as_deref())))))
            (row(app.t("Người ký", "Signer"), r.signer.as_ref().map(|s| [s.authority.as_deref(), s.title.as_deref(), s.name.as_deref()].iter().flatten().copied().collect::<Vec<_>>().join(" — ")).as_deref()))
            (row(app.t("Nơi nhận", "Recipients"), Some(&r.recipients.join("; "))))
            (row(app.t("Tệp", "File"), Some(&doc.path)))
            (row("SHA-256", Some(&doc.id)))
        }
        @if !r.signature_stamps.is_empty() {
            h2 { (app.t("Chữ ký số", "Digital signatures")) }
            ul { @for s in &r.signature_stamps { li { (s.signer.as_deref().unwrap_or("?")) " — " (s.time.as_deref().unwrap_or("")) } } }
        }
        @if !r.tasks.is_empty() {
            h2 { (app.t("Nhiệm vụ được giao", "Tasks assigned")) }
            table.list {
                tr { th { (app.t("Đơn vị", "Assignees")) } th { (app.t("Vai trò", "Role")) } th { (app.t("Hạn", "Deadline")) } th { (app.t("Nội dung", "Task")) } }
                @for t in &r.tasks {
                    tr { td { (t.assignees.join("; ")) } td { (t.role.as_deref().unwrap_or("")) } td { (date_label(t.deadline.as_deref())) } td { (t.text) } }
                }
            }
        }
        @if !r.warnings.is_empty() {
            h2 { (app.t("Cảnh báo khi đọc", "Extraction warnings")) }
            ul.warnings { @for w in &r.warnings { li { (warning_words(w, en)) } } }
        }
        @if let Some(e) = &r.error { p.err { (e) } }
        h2 { (app.t("Văn bản được viện dẫn", "Cited documents")) }
        @if cited.is_empty() { p.muted { "—" } }
        ul { @for (rf, d) in &cited { li { @if let Some(d) = d { a href=(format!("/doc/{}", d.id)) { (rf) } " — " (d.record.subject.as_deref().unwrap_or("")) } @else { (rf) " " span.muted { (app.t("(không có trong kho)", "(not in the archive)")) } } } } }
        h2 { (app.t("Văn bản viện dẫn văn bản này", "Documents citing this one")) }
        @if citing.is_empty() { p.muted { "—" } }
        ul { @for d in &citing { li { a href=(format!("/doc/{}", d.id)) { (reference_label(d, app)) } " — " (d.record.subject.as_deref().unwrap_or("")) } } }
        @if citing_total > citing.len() {
            p.muted { (if en { format!("… and {} more documents.", citing_total - citing.len()) } else { format!("… và {} văn bản khác.", citing_total - citing.len()) }) }
        }
        h2 { (app.t("Toàn văn", "Full text")) }
        pre.fulltext { (doc.text) }
    };
    Ok(layout(app, &reference_label(doc, app), "search", body))
}

/// The original file, by document id only: the path comes from the index.
pub async fn original(State(app): Shared, Path(id): Path<String>) -> Response {
    blocking(app, move |app| {
        let Some(doc) = app.generation().doc(&id)? else {
            return Ok(error_page(app, StatusCode::NOT_FOUND, app.t("Không có văn bản này trong chỉ mục.", "No such document in the index.")));
        };
        let bytes = match std::fs::read(&doc.path) {
            Ok(b) => b,
            Err(e) => return Ok(error_page(app, StatusCode::NOT_FOUND, &format!("{}: {e}", doc.path))),
        };
        let ext = std::path::Path::new(&doc.path)
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .unwrap_or_default();
        // PDFs open in the browser's viewer; text and HTML originals are shown as plain text
        // (an archived HTML page must never run in our origin); the rest downloads.
        let (ctype, inline) = match ext.as_str() {
            "pdf" => ("application/pdf", true),
            "txt" | "html" | "htm" | "md" => ("text/plain; charset=utf-8", true),
            "docx" => ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", false),
            "png" => ("image/png", true),
            "jpg" | "jpeg" => ("image/jpeg", true),
            _ => ("application/octet-stream", false),
        };
        let name = kiemchung_evidence::package::file_name(&doc);
        let ascii: String = fold(&name).chars().map(|c| if c.is_ascii_alphanumeric() || ".-_".contains(c) { c } else { '_' }).collect();
        let disp = format!(
            "{}; filename=\"{ascii}\"",
            if inline { "inline" } else { "attachment" }
        );
        let mut resp = bytes.into_response();
        let h = resp.headers_mut();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
        if let Ok(v) = HeaderValue::from_str(&disp) {
            h.insert(header::CONTENT_DISPOSITION, v);
        }
        // The browser's PDF viewer needs its own resources; nothing else is allowed.
        h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; object-src 'self'; plugin-types application/pdf"));
        Ok(resp)
    })
    .await
}

// ---------------------------------------------------------------- criteria

fn no_catalog(app: &App, active: &str) -> Response {
    layout(
        app,
        app.t("Tiêu chí", "Criteria"),
        active,
        html! { p.err { (app.t("Chưa có bộ tiêu chí: chạy kiemchung serve --criteria BỘ.toml", "No catalog: run kiemchung serve --criteria FILE.toml")) } },
    )
    .into_response()
}

/// The audit under the current decisions, with the reviewed proposals it was computed on.
fn audit_report(app: &App, catalog: &Catalog) -> anyhow::Result<(AuditReport, Arc<Reviewed>)> {
    let g = app.generation();
    let store = app.decisions()?;
    let reviewed = app.reviewed(&g, catalog, &store)?;
    let mut rep = compute(&AuditInput {
        catalog,
        year: app.year,
        docs: &reviewed.docs,
        decisions: &store,
        links: &reviewed.links,
        claims: &app.claims,
    });
    rep.documents_in_index = g.index.len() as usize;
    Ok((rep, reviewed))
}

pub async fn criteria(State(app): Shared) -> Response {
    blocking(app, |app| {
        let Some(cat) = &app.catalog else { return Ok(no_catalog(app, "criteria")) };
        let (rep, _) = audit_report(app, cat)?;
        let lang = app.lang;
        let body = html! {
            h1 { (cat.framework.name) }
            p.muted { (cat.framework.id) @if let Some(y) = app.year { " · " (app.t("năm", "year")) " " (y) } }
            h2 { (app.t("Tiến độ theo lĩnh vực", "Progress per area")) }
            table.list {
                tr { th { (app.t("Lĩnh vực", "Area")) } th { (app.t("Điểm tối đa", "Max")) } th { (app.t("Tự chấm", "Self-assessed")) } th { (app.t("Có TLKC", "Supported")) } th { (app.t("Tiêu chí đã xác nhận", "Leaves confirmed")) } th { "" } }
                @for a in &rep.areas {
                    tr {
                        td { a href=(format!("/criteria/{}", a.code)) { (a.code) " " (a.name) } }
                        td.num { (fmt_points(a.max_points)) } td.num { (fmt_points(a.claimed)) } td.num { (fmt_points(a.supported)) }
                        td.num { (a.leaves_confirmed) " / " (a.leaves) }
                        td { progress max=(a.leaves.max(1)) value=(a.leaves_confirmed) {} }
                    }
                }
            }
            h2 { (app.t("Cây tiêu chí", "Criteria tree")) }
            table.tree {
                tr { th { (app.t("Mã", "Code")) } th { (app.t("Tiêu chí", "Criterion")) } th { (app.t("Điểm", "Points")) } th { (app.t("Tự chấm", "Self")) } th { (app.t("Đã xác nhận", "Confirmed")) } th { (app.t("Đề xuất", "Proposed")) } th { (app.t("Phát hiện", "Findings")) } }
                @for n in &rep.nodes {
                    tr class=(format!("d{}", depth(&n.code).min(4))) {
                        td { a href=(format!("/criteria/{}", n.code)) { (n.code) } }
                        td { (n.name) }
                        td.num { (lang.points(n.max_points)) }
                        td.num { (lang.points(n.claimed)) }
                        td.num { @if n.leaf { (n.confirmed.len()) " / " (n.needed) } }
                        td.num { @if n.leaf { (n.proposed.len()) } }
                        td { @match n.worst() { Some(Severity::Error) => span.sev-error { (lang.severity(Severity::Error)) }, Some(Severity::Warning) => span.sev-warning { (lang.severity(Severity::Warning)) }, None => span.ok { "✓" } } }
                    }
                }
            }
        };
        Ok(layout(app, app.t("Tiêu chí", "Criteria"), "criteria", body).into_response())
    })
    .await
}

pub async fn criterion(State(app): Shared, Path(code): Path<String>) -> Response {
    blocking(app, move |app| {
        let Some(cat) = &app.catalog else { return Ok(no_catalog(app, "criteria")) };
        let code = normalize_code(&code);
        let Some(c) = cat.get(&code) else {
            return Ok(error_page(app, StatusCode::NOT_FOUND, &format!("{} {code}", app.t("Không có tiêu chí", "No criterion"))));
        };
        let (rep, reviewed) = audit_report(app, cat)?;
        let node = rep.nodes.iter().find(|n| n.code == code);
        let props = reviewed.links.iter().find(|l| l.code == code);
        let history = kiemchung_evidence::decisions::history(&app.index_dir, Some(&code))?;
        let present = app.generation().present(history.iter().map(|h| h.decision.sha256.as_str()));
        let path_id = reviewed.id_by_path();
        let lang = app.lang;
        let decide_forms = |doc_id: &str, status: DecisionStatus| html! {
            div.decide {
                @if status != DecisionStatus::Confirmed {
                    form method="post" action="/decide" {
                        input type="hidden" name="csrf" value=(app.csrf);
                        input type="hidden" name="code" value=(code);
                        input type="hidden" name="doc" value=(doc_id);
                        input type="hidden" name="status" value="confirmed";
                        input type="text" name="note" placeholder=(app.t("Ghi chú", "Note"));
                        button.confirm type="submit" { (app.t("Xác nhận", "Confirm")) }
                    }
                }
                @if status != DecisionStatus::Rejected {
                    form method="post" action="/decide" {
                        input type="hidden" name="csrf" value=(app.csrf);
                        input type="hidden" name="code" value=(code);
                        input type="hidden" name="doc" value=(doc_id);
                        input type="hidden" name="status" value="rejected";
                        input type="text" name="note" placeholder=(app.t("Lý do loại", "Why rejected"));
                        button.reject type="submit" { (app.t("Loại", "Reject")) }
                    }
                }
            }
        };
        let body = html! {
            p.crumbs { a href="/criteria" { (app.t("Tiêu chí", "Criteria")) } " › " (code) }
            h1 { (code) " " (c.name) }
            @if let Some(n) = node {
                p { (app.t("Điểm tối đa", "Max points")) ": " strong { (lang.points(n.max_points)) } " · " (app.t("Tự chấm", "Self-assessed")) ": " strong { (lang.points(n.claimed)) } " · " (app.t("Có TLKC", "Supported")) ": " strong { (lang.points(Some(n.supported))) } }
                @if let Some(s) = &c.scoring { p.muted { (s) } }
                @let tlkc = c.tlkc();
                @if !tlkc.is_empty() {
                    h2 { (app.t("Tài liệu kiểm chứng theo quy định", "Evidence the table requires")) }
                    ul.tlkc { @for t in &tlkc { li { (t) } } }
                }
                @for f in &n.findings { p class=(if f.severity == Severity::Error { "sev-error" } else { "sev-warning" }) { (lang.severity(f.severity)) ": " (lang.message(f)) } }
                h2 { (app.t("Đã xác nhận", "Confirmed")) }
                @if n.confirmed.is_empty() { p.muted { "—" } }
                table.list {
                    @for e in &n.confirmed {
                        @let id = path_id.get(e.path.as_str()).copied().unwrap_or(e.sha256.as_str());
                        tr.confirmed {
                            td { a href=(format!("/doc/{id}")) { (e.label()) } br; span.muted { (e.subject.as_deref().unwrap_or("")) } }
                            td { (e.note.as_deref().unwrap_or("")) }
                            td { (decide_forms(id, DecisionStatus::Confirmed)) }
                        }
                    }
                }
            }
            h2 { (app.t("Đề xuất", "Proposals")) }
            @let proposed: Vec<_> = props.map(|l| l.proposals.iter().filter(|p| p.status == DecisionStatus::Proposed).collect()).unwrap_or_default();
            @if proposed.is_empty() { p.muted { "—" } }
            table.list {
                @for p in &proposed {
                    tr.proposal {
                        td {
                            a href=(format!("/doc/{}", p.doc)) { (p.reference.as_deref().unwrap_or(app.t("(không số)", "(no number)"))) }
                            " · " (date_label(p.date.as_deref())) " · " (p.issuer.as_deref().unwrap_or(""))
                            br; span { (p.subject.as_deref().unwrap_or("")) }
                            ul.reasons { @for r in &p.reasons { li { (r.describe_in(app.en())) } } }
                            @if !p.snippet.is_empty() { div.snippet { (p.snippet) } }
                        }
                        td { (decide_forms(&p.doc, DecisionStatus::Proposed)) }
                    }
                }
            }
            h2 { (app.t("Lịch sử quyết định", "Decision history")) }
            (history_table(app, &history, &present))
        };
        Ok(layout(app, &format!("{code} {}", c.name), "criteria", body).into_response())
    })
    .await
}

/// `present`: the decisions' document ids still in the index (linked; the others are shown
/// as text).
fn history_table(
    app: &App,
    rows: &[kiemchung_evidence::decisions::HistoryEntry],
    present: &HashSet<String>,
) -> Markup {
    html! {
        @if rows.is_empty() { p.muted { "—" } }
        table.list.history {
            @if !rows.is_empty() { tr { th { "#" } th { (app.t("Thời điểm", "Time")) } th { (app.t("Người rà soát", "Reviewer")) } th { (app.t("Tiêu chí", "Criterion")) } th { (app.t("Quyết định", "Decision")) } th { (app.t("Văn bản", "Document")) } th { (app.t("Ghi chú", "Note")) } } }
            @for r in rows.iter().rev() {
                @let d = &r.decision;
                tr {
                    td.num { (r.seq) }
                    td { (kiemchung_extractors::dates::vn_datetime(&d.decided_at)) }
                    td { (d.reviewer.as_deref().unwrap_or("?")) }
                    td { a href=(format!("/criteria/{}", d.criterion)) { (d.criterion) } }
                    td class=(format!("st-{}", d.status.label_en())) { (if app.en() { d.status.label_en() } else { d.status.label_vi() }) }
                    td { @if present.contains(&d.sha256) { a href=(format!("/doc/{}", d.sha256)) { (d.reference.as_deref().unwrap_or(&d.path)) } } @else { (d.reference.as_deref().unwrap_or(&d.path)) } }
                    td { (d.note.as_deref().unwrap_or("")) }
                }
            }
        }
    }
}

pub async fn history(State(app): Shared) -> Response {
    blocking(app, |app| {
        let rows = kiemchung_evidence::decisions::history(&app.index_dir, None)?;
        let present = app.generation().present(rows.iter().map(|h| h.decision.sha256.as_str()));
        let body = html! { h1 { (app.t("Lịch sử quyết định", "Decision history")) } (history_table(app, &rows, &present)) };
        Ok(layout(app, app.t("Lịch sử", "History"), "history", body).into_response())
    })
    .await
}

#[derive(Debug, Deserialize)]
pub struct DecideForm {
    #[serde(default)]
    csrf: String,
    code: String,
    doc: String,
    status: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    reviewer: String,
}

/// Confirm or reject: one POST, CSRF-checked, written at once to SQLite.
pub async fn decide(State(app): Shared, Form(f): Form<DecideForm>) -> Response {
    blocking(app, move |app| {
        if !csrf_ok(app, &f.csrf) {
            return Ok(error_page(
                app,
                StatusCode::FORBIDDEN,
                app.t(
                    "Thiếu hoặc sai mã chống giả mạo (CSRF). Tải lại trang rồi thử lại.",
                    "Missing or wrong CSRF token. Reload the page and retry.",
                ),
            ));
        }
        let status = match f.status.as_str() {
            "confirmed" => DecisionStatus::Confirmed,
            "rejected" => DecisionStatus::Rejected,
            _ => return Ok(error_page(app, StatusCode::BAD_REQUEST, "status")),
        };
        let code = normalize_code(&f.code);
        let Some(cat) = &app.catalog else {
            return Ok(no_catalog(app, "criteria"));
        };
        if cat.get(&code).is_none() {
            return Ok(error_page(
                app,
                StatusCode::BAD_REQUEST,
                &format!(
                    "{} {code}",
                    app.t(
                        "Bộ tiêu chí không có tiêu chí",
                        "The catalog has no criterion"
                    )
                ),
            ));
        }
        let Some(doc) = app.generation().doc(&f.doc)? else {
            return Ok(error_page(
                app,
                StatusCode::BAD_REQUEST,
                app.t(
                    "Không có văn bản này trong chỉ mục.",
                    "No such document in the index.",
                ),
            ));
        };
        let mut store = app.decisions()?;
        store.reviewer = Some(nonempty(&f.reviewer).unwrap_or_else(|| "web".into()));
        store.record(
            Some(&cat.framework.id),
            &code,
            &doc,
            status,
            nonempty(&f.note),
        )?;
        Ok(Redirect::to(&format!("/criteria/{code}")).into_response())
    })
    .await
}

// ---------------------------------------------------------------- audit

pub async fn audit(State(app): Shared) -> Response {
    blocking(app, |app| {
        let Some(cat) = &app.catalog else { return Ok(no_catalog(app, "audit")) };
        let (rep, reviewed) = audit_report(app, cat)?;
        let lang = app.lang;
        let mut findings: Vec<_> = rep.findings().collect();
        findings.sort_by(|a, b| b.severity.cmp(&a.severity).then_with(|| kiemchung_evidence::criteria::code_key(&a.criterion).cmp(&kiemchung_evidence::criteria::code_key(&b.criterion))));
        let by_ref = reviewed.id_by_reference();
        let body = html! {
            h1 { (app.t("Rà soát tài liệu kiểm chứng", "Evidence audit")) }
            p { (rep.errors) " " (lang.severity(Severity::Error)) " · " (rep.warnings) " " (lang.severity(Severity::Warning)) " · " (app.t("điểm có TLKC", "points supported")) " " (fmt_points(rep.total.supported)) " / " (fmt_points(rep.total.claimed)) }
            p.downloads { (app.t("Tải báo cáo: ", "Download: ")) a href="/audit/report.html" { "HTML" } " · " a href="/audit/report.xlsx" { "XLSX" } " · " a href="/audit/report.csv" { "CSV" } }
            h2 { (app.t("Phát hiện", "Findings")) }
            table.list {
                tr { th { (app.t("Mức", "Severity")) } th { (app.t("Tiêu chí", "Criterion")) } th { (app.t("Văn bản", "Document")) } th { (app.t("Nội dung", "Finding")) } }
                @for f in &findings {
                    tr {
                        td class=(if f.severity == Severity::Error { "sev-error" } else { "sev-warning" }) { (lang.severity(f.severity)) }
                        td { a href=(format!("/criteria/{}", f.criterion)) { (f.criterion) } }
                        td { @if let Some(d) = &f.document { @if let Some(id) = by_ref.get(d) { a href=(format!("/doc/{id}")) { (d) } } @else { (d) } } }
                        td { (lang.message(f)) }
                    }
                }
            }
            h2 { (app.t("Tài liệu đã xác nhận", "Confirmed evidence")) }
            table.list {
                tr { th { (app.t("Tiêu chí", "Criterion")) } th { (app.t("Văn bản", "Document")) } th { (app.t("Trạng thái", "Status")) } }
                @for n in rep.nodes.iter().filter(|n| !n.confirmed.is_empty()) {
                    @for e in &n.confirmed {
                        tr.confirmed {
                            td { a href=(format!("/criteria/{}", n.code)) { (n.code) } }
                            td { @if !e.missing { a href=(format!("/doc/{}", e.sha256)) { (e.label()) } } @else { (e.label()) } }
                            td.st-confirmed { (if app.en() { e.status.label_en() } else { e.status.label_vi() }) }
                        }
                    }
                }
            }
        };
        Ok(layout(app, app.t("Rà soát", "Audit"), "audit", body).into_response())
    })
    .await
}

fn audit_report_download(app: &App, ext: &str) -> anyhow::Result<Response> {
    let Some(cat) = &app.catalog else {
        return Ok(no_catalog(app, "audit"));
    };
    let (rep, _) = audit_report(app, cat)?;
    let (ctype, bytes): (&'static str, Vec<u8>) = match ext {
        "html" => (
            "text/html; charset=utf-8",
            crate::report::audit::html::render(&rep, app.lang).into_bytes(),
        ),
        "csv" => (
            "text/csv; charset=utf-8",
            crate::report::audit::render::csv(&rep, app.lang)?,
        ),
        "xlsx" => (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            crate::report::audit::xlsx::render(&rep, app.lang)?,
        ),
        _ => return Ok(error_page(app, StatusCode::NOT_FOUND, ext)),
    };
    let disp = format!(
        "attachment; filename=\"audit-{}.{ext}\"",
        cat.framework
            .id
            .replace(|c: char| !c.is_ascii_alphanumeric(), "_")
    );
    let mut resp = bytes.into_response();
    resp.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    if let Ok(v) = HeaderValue::from_str(&disp) {
        resp.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(resp)
}

pub async fn audit_html(State(app): Shared) -> Response {
    blocking(app, |app| audit_report_download(app, "html")).await
}

pub async fn audit_xlsx(State(app): Shared) -> Response {
    blocking(app, |app| audit_report_download(app, "xlsx")).await
}

pub async fn audit_csv(State(app): Shared) -> Response {
    blocking(app, |app| audit_report_download(app, "csv")).await
}

// ---------------------------------------------------------------- tasks

/// Task rows per page of the tasks page (an archive assigns a few tasks per document: a
/// whole list at 100,000 documents would be hundreds of thousands of rows).
const TASKS_PER_PAGE: usize = 200;

#[derive(Debug, Default, Deserialize)]
pub struct PageParams {
    #[serde(default)]
    page: Option<usize>,
}

pub async fn tasks(State(app): Shared, Query(p): Query<PageParams>) -> Response {
    blocking(app, move |app| {
        use crate::tasks::TaskStatus;
        let today = chrono::Local::now().date_naive();
        let follow = app.tasks(&app.generation(), today)?;
        let total = follow.len();
        let overdue = follow.count(TaskStatus::Overdue);
        let pages = total.div_ceil(TASKS_PER_PAGE).max(1);
        let page = p.page.unwrap_or(1).clamp(1, pages);
        let shown: Vec<crate::tasks::TaskRow> = follow.rows(((page - 1) * TASKS_PER_PAGE).min(total)..(page * TASKS_PER_PAGE).min(total)).collect::<anyhow::Result<_>>()?;
        let label = |s: TaskStatus| match (s, app.en()) {
            (TaskStatus::Overdue, false) => "Quá hạn", (TaskStatus::Overdue, true) => "Overdue",
            (TaskStatus::Open, false) => "Trong hạn", (TaskStatus::Open, true) => "Open",
            (TaskStatus::NoDeadline, false) => "Không có hạn", (TaskStatus::NoDeadline, true) => "No deadline",
            (TaskStatus::Answered, false) => "Đã có văn bản trả lời", (TaskStatus::Answered, true) => "Answered",
        };
        let body = html! {
            h1 { (app.t("Nhiệm vụ được giao", "Tasks assigned")) }
            p.muted { (app.t("Tính đến ngày ", "As of ")) (today.format("%d/%m/%Y")) " · " (total) " " (app.t("nhiệm vụ", "tasks")) " · " (overdue) " " (app.t("quá hạn", "overdue")) }
            table.list {
                tr { th { (app.t("Tình trạng", "Status")) } th { (app.t("Hạn", "Deadline")) } th { (app.t("Đơn vị", "Assignees")) } th { (app.t("Nội dung", "Task")) } th { (app.t("Văn bản giao", "Assigned by")) } }
                @for r in &shown {
                    tr class=(if r.status == TaskStatus::Overdue { "overdue" } else { "" }) {
                        td { (label(r.status)) }
                        td { (date_label(r.deadline.as_deref())) }
                        td { (r.assignees.join("; ")) }
                        td { (r.text) }
                        td { a href=(format!("/doc/{}", r.doc)) { (r.reference.as_deref().unwrap_or(&r.path)) } }
                    }
                }
            }
            @if pages > 1 {
                nav.pages {
                    @if page > 1 { a href=(format!("/tasks?page={}", page - 1)) { "← " (app.t("Trước", "Previous")) } }
                    span { (app.t("Trang ", "Page ")) (page) " / " (pages) }
                    @if page < pages { a href=(format!("/tasks?page={}", page + 1)) { (app.t("Sau", "Next")) " →" } }
                }
            }
        };
        Ok(layout(app, app.t("Nhiệm vụ", "Tasks"), "tasks", body).into_response())
    })
    .await
}

// ---------------------------------------------------------------- export

#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

/// Writes the evidence package into `<index>/exports/<time>/` and lists it.
pub async fn export(State(app): Shared, Form(f): Form<CsrfForm>) -> Response {
    blocking(app, move |app| {
        if !csrf_ok(app, &f.csrf) {
            return Ok(error_page(app, StatusCode::FORBIDDEN, app.t("Thiếu hoặc sai mã chống giả mạo (CSRF).", "Missing or wrong CSRF token.")));
        }
        let Some(cat) = &app.catalog else { return Ok(no_catalog(app, "audit")) };
        let g = app.generation();
        let store = app.decisions()?;
        let reviewed = app.reviewed(&g, cat, &store)?;
        let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S%.3f").to_string();
        let out = app.index_dir.join("exports").join(format!("{}-{stamp}", cat.framework.id.replace(|c: char| !c.is_alphanumeric() && c != '-', "_")));
        let pkg = kiemchung_evidence::package::export(cat, &reviewed.docs, &store, &out, app.en())?;
        let body = html! {
            h1 { (app.t("Bộ tài liệu kiểm chứng", "Evidence package")) }
            p { (app.t("Đã ghi vào thư mục", "Written to")) " " code { (pkg.dir.display().to_string()) } " (manifest.xlsx, manifest.csv)" }
            p.count { (pkg.items.len()) " " (app.t("tệp", "files")) }
            table.list {
                tr { th { (app.t("Mã", "Code")) } th { (app.t("Tệp", "File")) } th { (app.t("Số, ký hiệu", "Reference")) } th { (app.t("Người xác nhận", "Reviewer")) } th { "SHA-256" } }
                @for i in &pkg.items { tr { td { (i.code) } td { (i.file) } td { (i.reference.as_deref().unwrap_or("")) } td { (i.reviewer.as_deref().unwrap_or("")) } td.hash { (i.sha256.get(..16).unwrap_or("")) "…" } } }
            }
            @if !pkg.problems.is_empty() {
                h2 { (app.t("Vấn đề", "Problems")) }
                ul { @for p in &pkg.problems { li.err { (p.code) " " (p.document) ": " (p.message) } } }
            }
        };
        Ok(layout(app, app.t("Xuất bộ tài liệu", "Export"), "", body).into_response())
    })
    .await
}
