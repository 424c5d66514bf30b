//! HTML report: one self-contained file (inline CSS, no scripts, no external assets) that a
//! reviewer can open offline, attach to an email, or print; coverage per area is drawn with
//! plain CSS bars.

use std::fmt::Write as _;

use super::render::{Lang, date};
use kiemchung_evidence::audit::{AuditReport, EvidenceItem, Severity, Sums};

/// Escapes text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const CSS: &str = "\
:root{--err:#b42318;--warn:#b54708;--ok:#067647;--line:#d0d5dd;--muted:#475467;--bg:#f9fafb}
*{box-sizing:border-box}
body{font-family:'Segoe UI','Noto Sans','Times New Roman',Arial,sans-serif;margin:24px;color:#101828;font-size:14px;line-height:1.45}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:2px solid var(--line);padding-bottom:4px}
.meta{color:var(--muted);margin:2px 0}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:16px 0}
.card{border:1px solid var(--line);border-radius:8px;padding:10px 14px;min-width:150px;background:var(--bg)}
.card b{display:block;font-size:20px}
.card.err b{color:var(--err)}.card.warn b{color:var(--warn)}
table{border-collapse:collapse;width:100%;margin:6px 0 12px}
th,td{border:1px solid var(--line);padding:5px 7px;vertical-align:top;text-align:left}
th{background:#eef2f6;font-weight:600}
td.num,th.num{text-align:right;white-space:nowrap}
tr.d1 td{background:#eef4ff;font-weight:600}
tr.d2 td.name{padding-left:18px}tr.d3 td.name{padding-left:34px}tr.d4 td.name{padding-left:50px}
.bar{background:#eaecf0;border-radius:4px;height:10px;min-width:120px}
.bar span{display:block;height:10px;border-radius:4px;background:var(--ok)}
.sev-error{color:var(--err);font-weight:600}.sev-warning{color:var(--warn)}
.tag{display:inline-block;border-radius:10px;padding:0 7px;font-size:12px;margin:1px 2px 1px 0;border:1px solid currentColor}
ul.ev{margin:0;padding-left:16px}ul.ev li{margin:1px 0}
.st-confirmed{color:var(--ok)}.st-proposed{color:var(--muted)}
.small{font-size:12px;color:var(--muted)}
@media print{body{margin:8mm}h2{break-after:avoid}tr{break-inside:avoid}}
";

fn evidence_list(items: &[EvidenceItem], lang: Lang) -> String {
    if items.is_empty() {
        return String::new();
    }
    let mut s = String::from("<ul class=\"ev\">");
    for e in items {
        let cls = match e.status {
            kiemchung_evidence::decisions::DecisionStatus::Confirmed => "st-confirmed",
            _ => "st-proposed",
        };
        let mut title = e.path.clone();
        if !e.reasons.is_empty() {
            title.push_str(" — ");
            title.push_str(&e.reasons.join("; "));
        }
        let _ = write!(
            s,
            "<li class=\"{cls}\" title=\"{}\">{}",
            esc(&title),
            esc(&e.label())
        );
        if let Some(t) = &e.doc_type {
            let _ = write!(s, " <span class=\"small\">{}</span>", esc(t));
        }
        if let Some(sub) = &e.subject {
            let _ = write!(
                s,
                "<br><span class=\"small\">{}</span>",
                esc(&crate::report::clip(sub, 140))
            );
        }
        if e.missing {
            let note = match lang {
                Lang::Vi => "(không còn trong chỉ mục)",
                Lang::En => "(no longer in the index)",
            };
            let _ = write!(s, " <span class=\"small\">{note}</span>");
        }
        s.push_str("</li>");
    }
    s.push_str("</ul>");
    s
}

fn sums_row(out: &mut String, a: &Sums, lang: Lang, total: bool) {
    let l = lang.labels();
    let name = if total {
        format!("<b>{}</b>", esc(l.total))
    } else {
        format!("{}. {}", esc(&a.code), esc(&a.name))
    };
    let pct = a.coverage();
    let _ = write!(
        out,
        "<tr><td>{name}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
         <td class=\"num\">{}/{}</td><td><div class=\"bar\"><span style=\"width:{pct:.0}%\"></span></div>\
         <span class=\"small\">{pct:.0}%</span></td><td class=\"num\">{}</td>\
         <td class=\"num\"><span class=\"sev-error\">{}</span> / <span class=\"sev-warning\">{}</span></td></tr>",
        lang.points(Some(a.max_points)),
        lang.points(Some(a.claimed)),
        lang.points(Some(a.supported)),
        a.leaves_confirmed,
        a.leaves,
        a.leaves_without,
        a.errors,
        a.warnings
    );
}

/// The whole report as one HTML document.
pub fn render(r: &AuditReport, lang: Lang) -> String {
    let l = lang.labels();
    let html_lang = match lang {
        Lang::Vi => "vi",
        Lang::En => "en",
    };
    let mut out = String::with_capacity(32 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{html_lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} — {}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n",
        esc(l.title),
        esc(&r.framework_name)
    );
    let _ = writeln!(out, "<h1>{}</h1>", esc(l.title));
    let _ = writeln!(
        out,
        "<p class=\"meta\">{}: <b>{}</b> <span class=\"small\">({})</span></p>",
        esc(l.framework),
        esc(&r.framework_name),
        esc(&r.framework_id)
    );
    if let Some(src) = &r.source {
        let _ = writeln!(out, "<p class=\"meta\">{}</p>", esc(src));
    }
    let mut facts = Vec::new();
    if let Some(level) = &r.level {
        facts.push(format!("{}: {}", esc(l.level), esc(level)));
    }
    if let Some(y) = r.year {
        facts.push(format!("{}: <b>{y}</b>", esc(l.year)));
    }
    facts.push(format!(
        "{}: {}",
        esc(l.documents_in_index),
        r.documents_in_index
    ));
    facts.push(format!("{}: {}", esc(l.generated), esc(&r.generated_at)));
    let _ = writeln!(out, "<p class=\"meta\">{}</p>", facts.join(" · "));
    if let Some(rs) = &r.rules_source {
        let _ = writeln!(
            out,
            "<p class=\"meta\">{}: {}</p>",
            esc(l.rules_source),
            esc(rs)
        );
    }

    let t = &r.total;
    let _ = writeln!(
        out,
        "<div class=\"cards\">\
         <div class=\"card\">{}<b>{}</b></div>\
         <div class=\"card\">{}<b>{}</b></div>\
         <div class=\"card\">{}<b>{}</b></div>\
         <div class=\"card\">{}<b>{}/{} ({:.0}%)</b></div>\
         <div class=\"card err\">{}<b>{}</b></div>\
         <div class=\"card warn\">{}<b>{}</b></div></div>",
        esc(l.max),
        lang.points(Some(t.max_points)),
        esc(l.claimed),
        lang.points(Some(t.claimed)),
        esc(l.supported),
        lang.points(Some(t.supported)),
        esc(l.coverage),
        t.leaves_confirmed,
        t.leaves,
        t.coverage(),
        esc(l.error),
        r.errors,
        esc(l.warning),
        r.warnings
    );

    let _ = writeln!(out, "<h2>{}</h2>", esc(l.areas));
    let _ = writeln!(
        out,
        "<table class=\"areas\"><thead><tr><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th>\
         <th class=\"num\">{}</th><th class=\"num\">{}</th><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th></tr></thead><tbody>",
        esc(l.criterion),
        esc(l.max),
        esc(l.claimed),
        esc(l.supported),
        esc(l.leaves),
        esc(l.coverage),
        esc(l.without),
        esc(l.findings)
    );
    for a in &r.areas {
        sums_row(&mut out, a, lang, false);
    }
    sums_row(&mut out, &r.total, lang, true);
    out.push_str("</tbody></table>\n");

    let _ = writeln!(out, "<h2>{}</h2>", esc(l.criterion));
    let _ = writeln!(
        out,
        "<table class=\"nodes\"><thead><tr><th>{}</th><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th>\
         <th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        esc(l.code),
        esc(l.criterion),
        esc(l.max),
        esc(l.claimed),
        esc(l.confirmed),
        esc(l.proposed),
        esc(l.findings)
    );
    for n in &r.nodes {
        let mut flags = String::new();
        for f in &n.findings {
            let cls = match f.severity {
                Severity::Error => "sev-error",
                Severity::Warning => "sev-warning",
            };
            let _ = write!(
                flags,
                "<div class=\"{cls}\"><span class=\"tag\">{}</span> {}</div>",
                esc(f.kind.code()),
                esc(lang.message(f))
            );
        }
        let _ = writeln!(
            out,
            "<tr class=\"d{}\" id=\"c{}\"><td>{}</td><td class=\"name\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{flags}</td></tr>",
            n.depth.min(4),
            esc(&n.code),
            esc(&n.code),
            esc(&n.name),
            lang.points(n.max_points),
            lang.points(n.claimed),
            evidence_list(&n.confirmed, lang),
            evidence_list(&n.proposed, lang),
        );
    }
    out.push_str("</tbody></table>\n");

    let _ = writeln!(out, "<h2>{}</h2>", esc(l.findings));
    if r.errors + r.warnings == 0 {
        let _ = writeln!(out, "<p>{}</p>", esc(l.no_findings));
    } else {
        let _ = writeln!(
            out,
            "<table class=\"findings\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            esc(l.code),
            esc(l.severity),
            esc(l.findings),
            esc(l.document)
        );
        for f in r.findings() {
            let cls = match f.severity {
                Severity::Error => "sev-error",
                Severity::Warning => "sev-warning",
            };
            let _ = writeln!(
                out,
                "<tr><td><a href=\"#c{}\">{}</a></td><td class=\"{cls}\">{}</td><td><span class=\"tag\">{}</span> {}</td><td>{}</td></tr>",
                esc(&f.criterion),
                esc(&f.criterion),
                esc(lang.severity(f.severity)),
                esc(f.kind.code()),
                esc(lang.message(f)),
                esc(f.document.as_deref().unwrap_or(""))
            );
        }
        out.push_str("</tbody></table>\n");
    }
    let _ = writeln!(
        out,
        "<p class=\"small\">kiemchung {} · {}</p>\n</body>\n</html>",
        env!("CARGO_PKG_VERSION"),
        esc(&date(r.generated_at.get(..10)))
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            esc("V/v <b>\"Đề án\"</b> & 'x'"),
            "V/v &lt;b&gt;&quot;Đề án&quot;&lt;/b&gt; &amp; &#39;x&#39;"
        );
    }
}
