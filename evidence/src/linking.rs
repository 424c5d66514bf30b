//! Linking: which documents in the archive are evidence (tài liệu kiểm chứng) for which
//! criterion.
//!
//! Linking is a pure function of the catalog, the stored documents, the reviewers' decisions
//! and, for criteria without rules, a search callback; it keeps no state of its own, so a
//! re-ingest or a changed catalog simply gives new proposals while the decisions (in
//! [`crate::decisions`]) stay. Every proposal says *why* it was made (which rule, which phrase,
//! which date), because a reviewer must be able to check a proposal against the document in
//! seconds, and the auditors reading the report must see the same reasons.
//!
//! Phrases are matched on whole words in folded text (`kiemchung_extractors::text::fold`:
//! no diacritics, lower case, runs of white space as one space), so `Kế hoạch cải cách hành
//! chính`, `KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH` and `ke hoach cai cach hanh chinh` are the same, and
//! a phrase broken across lines still matches. The abbreviations every office uses (`CCHC`,
//! `UBND`, `TTHC`, ...) match their long forms both ways. Folding keeps a byte map back to
//! the original text so snippets show the document's own words.

use std::collections::HashMap;

use kiemchung_extractors::parse::doctype::canonical_name;
use kiemchung_extractors::text::fold;
use kiemchung_index::{Hit, SearchQuery, StoredDoc};
use rayon::prelude::*;
use serde::Serialize;

use crate::criteria::{Catalog, Criterion, EvidenceRule, PeriodFit};
use crate::decisions::{DecisionStatus, DecisionStore};

/// The search used for criteria without rules (the index's full-text search in production).
pub type SearchFn<'a> = dyn Fn(&SearchQuery) -> Vec<Hit> + 'a;

/// Abbreviations and their long forms, folded. Matching tries both.
pub const ABBREVIATIONS: &[(&str, &str)] = &[
    ("cchc", "cai cach hanh chinh"),
    ("ubnd", "uy ban nhan dan"),
    ("hdnd", "hoi dong nhan dan"),
    ("tthc", "thu tuc hanh chinh"),
    ("qppl", "quy pham phap luat"),
    ("vbqppl", "van ban quy pham phap luat"),
    ("cbccvc", "can bo, cong chuc, vien chuc"),
    ("xhh", "xa hoi hoc"),
    ("dvctt", "dich vu cong truc tuyen"),
    ("cntt", "cong nghe thong tin"),
];

/// Settings for one linking run.
#[derive(Debug, Clone)]
pub struct LinkOptions {
    /// Evaluation year (default period of every rule).
    pub year: Option<i32>,
    /// At most this many proposals per criterion (best first).
    pub max_per_criterion: usize,
    /// At most this many search hits for a criterion without rules.
    pub fallback_limit: usize,
}

impl Default for LinkOptions {
    fn default() -> Self {
        LinkOptions {
            year: None,
            max_per_criterion: 20,
            fallback_limit: 5,
        }
    }
}

/// Why a document was proposed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// Its tên loại is one the rule accepts.
    DocType { doc_type: String },
    /// A phrase of the rule occurs (`in_subject`: in the trích yếu).
    Phrase { phrase: String, in_subject: bool },
    /// The issuer matches a pattern of the rule.
    Issuer { pattern: String, issuer: String },
    /// Its date falls in the period.
    Date { date: String, period: String },
    /// Its date could not be checked against the period.
    DateUnknown { period: String },
    /// Found by full-text search on the criterion's name (no rules).
    Search { query: String },
    /// A reviewer confirmed it (it may meet no rule).
    Confirmed,
}

impl Reason {
    /// A short Vietnamese explanation.
    pub fn describe(&self) -> String {
        match self {
            Reason::DocType { doc_type } => format!("loại: {doc_type}"),
            Reason::Phrase { phrase, in_subject } => {
                if *in_subject {
                    format!("trích yếu có «{phrase}»")
                } else {
                    format!("nội dung có «{phrase}»")
                }
            }
            Reason::Issuer { issuer, .. } => format!("cơ quan: {issuer}"),
            Reason::Date { date, period } => format!("ngày {date} trong kỳ {period}"),
            Reason::DateUnknown { period } => format!("không rõ ngày (kỳ {period})"),
            Reason::Search { query } => format!("tìm theo tên tiêu chí «{query}»"),
            Reason::Confirmed => "đã xác nhận".to_owned(),
        }
    }
}

/// One document proposed (or confirmed) for a criterion.
#[derive(Debug, Clone, Serialize)]
pub struct Proposal {
    /// SHA-256 of the document.
    pub doc: String,
    pub path: String,
    pub reference: Option<String>,
    pub doc_type: Option<String>,
    pub date: Option<String>,
    pub issuer: Option<String>,
    pub subject: Option<String>,
    pub score: f32,
    /// Indices of the rules the document meets (empty for a search hit).
    pub rules: Vec<usize>,
    pub reasons: Vec<Reason>,
    pub snippet: String,
    pub status: DecisionStatus,
}

/// The proposals for one criterion.
#[derive(Debug, Clone, Serialize)]
pub struct CriterionLinks {
    pub code: String,
    pub name: String,
    /// True when the criterion has no rules and the proposals come from search.
    pub fallback: bool,
    pub proposals: Vec<Proposal>,
}

/// A document prepared for matching: folded text with a map back to the original.
pub struct Prepared<'a> {
    pub doc: &'a StoredDoc,
    text: Folded,
    subject: String,
    issuer: String,
    doc_type: Option<&'static str>,
}

impl<'a> Prepared<'a> {
    pub fn new(doc: &'a StoredDoc) -> Prepared<'a> {
        let rec = &doc.record;
        let body = if doc.text.trim().is_empty() {
            rec.subject.clone().unwrap_or_default()
        } else {
            doc.text.clone()
        };
        let issuer = [rec.issuer.as_deref(), rec.issuer_parent.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        Prepared {
            doc,
            text: Folded::new(&body),
            subject: Folded::new(rec.subject.as_deref().unwrap_or("")).text,
            issuer: expand(&Folded::new(&issuer).text),
            doc_type: rec.doc_type.as_deref().and_then(canonical_name),
        }
    }

    fn original(&self) -> &str {
        if self.doc.text.trim().is_empty() {
            self.doc.record.subject.as_deref().unwrap_or("")
        } else {
            &self.doc.text
        }
    }
}

/// Folded text and, for each of its bytes, the byte offset of the original character.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    pub text: String,
    map: Vec<usize>,
}

impl Folded {
    pub fn new(s: &str) -> Folded {
        let mut text = String::with_capacity(s.len());
        let mut map = Vec::with_capacity(s.len());
        let mut cache: HashMap<char, String> = HashMap::new();
        let mut space = true;
        for (i, c) in s.char_indices() {
            if c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}' {
                if !space {
                    text.push(' ');
                    map.push(i);
                    space = true;
                }
                continue;
            }
            // Markdown emphasis left in a text is not part of any phrase.
            if c == '*' {
                continue;
            }
            space = false;
            if c.is_ascii() {
                text.push(c.to_ascii_lowercase());
                map.push(i);
            } else {
                let f = cache.entry(c).or_insert_with(|| fold(&c.to_string()));
                text.push_str(f);
                map.extend(std::iter::repeat_n(i, f.len()));
            }
        }
        Folded { text, map }
    }

    /// Byte offset in the original text of folded byte `i`.
    pub fn original_offset(&self, i: usize) -> usize {
        self.map
            .get(i)
            .copied()
            .unwrap_or_else(|| self.map.last().copied().unwrap_or(0))
    }
}

/// Folds a phrase the way documents are folded.
pub fn fold_phrase(p: &str) -> String {
    Folded::new(p).text.trim().to_owned()
}

/// Replaces known abbreviations by their long forms (for issuer comparison).
fn expand(folded: &str) -> String {
    let mut out = folded.to_owned();
    for (abbr, long) in ABBREVIATIONS {
        out = replace_word(&out, abbr, long);
    }
    out
}

fn replace_word(s: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = 0;
    for pos in word_positions(s, from) {
        out.push_str(&s[rest..pos]);
        out.push_str(to);
        rest = pos + from.len();
    }
    out.push_str(&s[rest..]);
    out
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// Start offsets of `needle` in `hay` on word boundaries.
fn word_positions<'h>(hay: &'h str, needle: &'h str) -> impl Iterator<Item = usize> + 'h {
    let bytes = hay.as_bytes();
    hay.match_indices(needle).filter_map(move |(i, _)| {
        if needle.is_empty() {
            return None;
        }
        let end = i + needle.len();
        let before_ok = i == 0 || !is_word_byte(bytes[i - 1]);
        let after_ok = end >= bytes.len() || !is_word_byte(bytes[end]);
        (before_ok && after_ok).then_some(i)
    })
}

/// The folded spellings a phrase may take: as written, with abbreviations spelled out, and
/// with long forms abbreviated.
pub fn phrase_variants(phrase: &str) -> Vec<String> {
    let base = fold_phrase(phrase);
    let mut out = vec![base.clone()];
    for (abbr, long) in ABBREVIATIONS {
        for v in out.clone() {
            if word_positions(&v, abbr).next().is_some() {
                out.push(replace_word(&v, abbr, long));
            }
            if v.contains(long) {
                out.push(v.replace(long, abbr));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// First folded offset where any variant of `phrase` occurs in `hay`.
pub fn find_phrase(hay: &str, phrase: &str) -> Option<usize> {
    phrase_variants(phrase)
        .iter()
        .filter_map(|v| word_positions(hay, v).next())
        .min()
}

/// Whether folded text meets a rule's phrases: every `all` phrase, and one `any` phrase
/// when there are some. Returns the phrases that matched with their first offsets.
pub fn match_phrases(hay: &str, any: &[String], all: &[String]) -> Option<Vec<(String, usize)>> {
    let mut found = Vec::new();
    for p in all {
        found.push((p.clone(), find_phrase(hay, p)?));
    }
    if !any.is_empty() {
        let hits: Vec<(String, usize)> = any
            .iter()
            .filter_map(|p| find_phrase(hay, p).map(|i| (p.clone(), i)))
            .collect();
        if hits.is_empty() {
            return None;
        }
        found.extend(hits);
    }
    Some(found)
}

/// Whether a folded, expanded issuer matches one of the patterns (contains, folded).
pub fn issuer_matches(issuer_expanded: &str, pattern: &str) -> bool {
    let p = expand(&fold_phrase(pattern));
    !p.is_empty() && issuer_expanded.contains(&p)
}

/// Checks one document against one rule. `None` when it does not meet it.
pub fn match_rule(p: &Prepared<'_>, rule: &EvidenceRule, year: Option<i32>) -> Option<RuleMatch> {
    let mut reasons = Vec::new();
    let mut score = 0.0f32;
    if !rule.doc_types.is_empty() {
        let t = p.doc_type?;
        if !rule.doc_types.iter().any(|r| canonical_name(r) == Some(t)) {
            return None;
        }
        reasons.push(Reason::DocType {
            doc_type: t.to_owned(),
        });
        score += 1.0;
    }
    if !rule.issuers.is_empty() {
        let pat = rule
            .issuers
            .iter()
            .find(|pat| issuer_matches(&p.issuer, pat))?;
        reasons.push(Reason::Issuer {
            pattern: pat.clone(),
            issuer: p.doc.record.issuer.clone().unwrap_or_default(),
        });
        score += 0.5;
    }
    let period = rule.period(year);
    let fit = period.map(|per| (per, per.fit(p.doc.record.date.as_deref())));
    match fit {
        Some((_, PeriodFit::Outside)) => return None,
        Some((per, PeriodFit::Inside | PeriodFit::Overlaps)) => {
            reasons.push(Reason::Date {
                date: p.doc.record.date.clone().unwrap_or_default(),
                period: per.to_string(),
            });
            score += 0.5;
        }
        Some((per, PeriodFit::Unknown)) => reasons.push(Reason::DateUnknown {
            period: per.to_string(),
        }),
        None => {}
    }
    let mut first = None;
    if !rule.any.is_empty() || !rule.all.is_empty() {
        let found = match_phrases(&p.text.text, &rule.any, &rule.all)?;
        for (phrase, at) in found {
            let in_subject = find_phrase(&p.subject, &phrase).is_some();
            score += if in_subject { 1.5 } else { 1.0 };
            // The snippet shows the first phrase the rule lists (its author's most telling
            // one), not whichever happens to come first in the text.
            first = first.or(Some(at));
            reasons.push(Reason::Phrase { phrase, in_subject });
        }
    }
    Some(RuleMatch {
        score,
        reasons,
        first_hit: first,
    })
}

/// What [`match_rule`] found.
#[derive(Debug, Clone)]
pub struct RuleMatch {
    pub score: f32,
    pub reasons: Vec<Reason>,
    /// Folded offset of the hit of the rule's first listed phrase found (for the snippet).
    pub first_hit: Option<usize>,
}

/// About 200 characters of the original text around folded offset `at`.
pub fn snippet_at(p: &Prepared<'_>, at: Option<usize>) -> String {
    let original = p.original();
    let Some(at) = at else {
        return p
            .doc
            .record
            .subject
            .clone()
            .unwrap_or_else(|| clip_chars(original, 200));
    };
    let center = p.text.original_offset(at);
    let start = floor_char(original, center.saturating_sub(80));
    let end = floor_char(original, (center + 160).min(original.len()));
    let mut s = kiemchung_extractors::text::squash_spaces(&original[start..end].replace('*', ""));
    if start > 0 {
        s.insert(0, '…');
    }
    if end < original.len() {
        s.push('…');
    }
    s
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn clip_chars(s: &str, n: usize) -> String {
    kiemchung_extractors::text::squash_spaces(&s.chars().take(n).collect::<String>())
}

/// Builds a proposal for a document (record fields copied for reports).
fn proposal(
    doc: &StoredDoc,
    score: f32,
    rules: Vec<usize>,
    reasons: Vec<Reason>,
    snippet: String,
) -> Proposal {
    let rec = &doc.record;
    Proposal {
        doc: doc.id.clone(),
        path: doc.path.clone(),
        reference: rec.reference(),
        doc_type: rec.doc_type.clone(),
        date: rec.date.clone(),
        issuer: rec.issuer.clone(),
        subject: rec.subject.clone(),
        score,
        rules,
        reasons,
        snippet,
        status: DecisionStatus::Proposed,
    }
}

/// Proposals for one criterion with rules, best first, rejected documents left out.
pub fn link_rules(
    framework: &str,
    c: &Criterion,
    docs: &[Prepared<'_>],
    opts: &LinkOptions,
    decisions: &DecisionStore,
) -> Vec<Proposal> {
    let mut out: Vec<Proposal> = docs
        .par_iter()
        .filter_map(|p| {
            let status = decisions.status(framework, &c.code, p.doc);
            if status == Some(DecisionStatus::Rejected) {
                return None;
            }
            let mut best: Option<RuleMatch> = None;
            let mut rules = Vec::new();
            for (i, rule) in c.evidence.iter().enumerate() {
                if let Some(m) = match_rule(p, rule, opts.year) {
                    rules.push(i);
                    if best.as_ref().is_none_or(|b| m.score > b.score) {
                        best = Some(m);
                    }
                }
            }
            let best = best?;
            let snippet = snippet_at(p, best.first_hit);
            let mut prop = proposal(p.doc, best.score, rules, best.reasons, snippet);
            if status == Some(DecisionStatus::Confirmed) {
                prop.status = DecisionStatus::Confirmed;
            }
            Some(prop)
        })
        .collect();
    sort_and_cut(&mut out, opts.max_per_criterion);
    out
}

fn sort_and_cut(v: &mut Vec<Proposal>, max: usize) {
    v.sort_by(|a, b| {
        (b.status == DecisionStatus::Confirmed)
            .cmp(&(a.status == DecisionStatus::Confirmed))
            .then(b.score.total_cmp(&a.score))
            .then(a.date.cmp(&b.date))
            .then(a.doc.cmp(&b.doc))
    });
    // Confirmed documents are never cut.
    let keep = max.max(
        v.iter()
            .filter(|p| p.status == DecisionStatus::Confirmed)
            .count(),
    );
    v.truncate(keep);
}

/// The search text for a criterion without rules: its name and scoring text, without the
/// point values (`Ban hành kịp thời: 1; ...`).
pub fn fallback_query(c: &Criterion) -> String {
    let mut q = c.name.clone();
    if let Some(s) = &c.scoring {
        for part in s.split(';') {
            let words = part.split(':').next().unwrap_or(part).trim();
            if !words.is_empty() {
                q.push(' ');
                q.push_str(words);
            }
        }
    }
    q
}

/// Proposals from search for a criterion without rules.
pub fn link_fallback(
    framework: &str,
    c: &Criterion,
    opts: &LinkOptions,
    decisions: &DecisionStore,
    search: &SearchFn<'_>,
) -> Vec<Proposal> {
    let text = fallback_query(c);
    let query = SearchQuery {
        text: text.clone(),
        year: opts.year,
        limit: opts.fallback_limit * 2,
        ..SearchQuery::default()
    };
    let mut out: Vec<Proposal> = search(&query)
        .into_iter()
        .filter_map(|hit| {
            let status = decisions.status(framework, &c.code, &hit.doc);
            if status == Some(DecisionStatus::Rejected) {
                return None;
            }
            if let Some(y) = opts.year
                && hit.doc.record.year().is_some_and(|dy| dy != y)
            {
                return None;
            }
            let mut p = proposal(
                &hit.doc,
                hit.score,
                Vec::new(),
                vec![Reason::Search {
                    query: c.name.clone(),
                }],
                kiemchung_extractors::text::squash_spaces(&hit.snippet.text),
            );
            if status == Some(DecisionStatus::Confirmed) {
                p.status = DecisionStatus::Confirmed;
            }
            Some(p)
        })
        .collect();
    sort_and_cut(&mut out, opts.fallback_limit);
    out
}

/// Links every criterion of the catalog. Nodes with rules are matched against the
/// documents; leaves without rules fall back to `search` when given; other nodes get none
/// (their children carry the evidence).
pub fn link(
    catalog: &Catalog,
    docs: &[StoredDoc],
    opts: &LinkOptions,
    decisions: &DecisionStore,
    search: Option<&SearchFn<'_>>,
) -> Vec<CriterionLinks> {
    let prepared: Vec<Prepared<'_>> = docs.par_iter().map(Prepared::new).collect();
    let fw = catalog.framework.id.as_str();
    catalog
        .tree_order()
        .into_iter()
        .map(|c| {
            let (fallback, proposals) = if !c.evidence.is_empty() {
                (false, link_rules(fw, c, &prepared, opts, decisions))
            } else if catalog.is_leaf(&c.code) {
                match search {
                    Some(s) => (true, link_fallback(fw, c, opts, decisions, s)),
                    None => (true, Vec::new()),
                }
            } else {
                (false, Vec::new())
            };
            CriterionLinks {
                code: c.code.clone(),
                name: c.name.clone(),
                fallback,
                proposals,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::doc;

    #[test]
    fn phrases_match_folded_on_word_boundaries() {
        let f = Folded::new("Ban hành **Kế hoạch** cải cách\nhành chính năm 2022 của UBND tỉnh");
        assert_eq!(
            f.text,
            "ban hanh ke hoach cai cach hanh chinh nam 2022 cua ubnd tinh"
        );
        assert!(find_phrase(&f.text, "kế hoạch cải cách hành chính").is_some());
        assert!(
            find_phrase(&f.text, "KE HOACH CCHC").is_some(),
            "abbreviation"
        );
        assert!(find_phrase(&f.text, "Ủy ban nhân dân tỉnh").is_some());
        assert!(find_phrase(&f.text, "hoach cai").is_some());
        assert!(find_phrase(&f.text, "oach").is_none(), "inside a word");
        assert!(find_phrase(&f.text, "năm 2023").is_none());
        // The map points back to the original words.
        let at = find_phrase(&f.text, "kế hoạch").expect("hit");
        let orig = "Ban hành **Kế hoạch** cải cách\nhành chính năm 2022 của UBND tỉnh";
        assert!(orig[f.original_offset(at)..].starts_with("Kế hoạch"));
    }

    #[test]
    fn any_and_all_phrases() {
        let hay =
            fold_phrase("Báo cáo kết quả thực hiện công tác cải cách hành chính quý III năm 2022");
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let cases: &[(&[&str], &[&str], bool)] = &[
            (&["quý III", "6 tháng"], &[], true),
            (&["6 tháng", "quý I"], &[], false),
            (&[], &["báo cáo", "cải cách hành chính"], true),
            (&[], &["báo cáo", "kiểm tra"], false),
            (&["quy iii"], &["CCHC"], true),
            (&["quý IV"], &["báo cáo"], false),
            (&[], &[], true),
        ];
        for (any, all, want) in cases {
            assert_eq!(
                match_phrases(&hay, &s(any), &s(all)).is_some(),
                *want,
                "any={any:?} all={all:?}"
            );
        }
    }

    #[test]
    fn rules_check_type_issuer_and_period() {
        let d = doc(
            "a1",
            "Kế hoạch",
            Some("18737"),
            "KH-UBND",
            "Ủy ban nhân dân huyện Mộ Đức",
            "2021-12-31",
            "Kế hoạch cải cách hành chính năm 2022",
            "Ban hành kèm theo Quyết định số 18737/QĐ-UBND.",
        );
        let p = Prepared::new(&d);
        let rule = EvidenceRule {
            doc_types: vec!["Kế hoạch".into(), "Quyết định".into()],
            any: vec!["kế hoạch cải cách hành chính".into()],
            issuers: vec!["UBND huyện".into()],
            ..EvidenceRule::default()
        };
        // Issued 31/12/2021: outside 2022 by default…
        assert!(match_rule(&p, &rule, Some(2022)).is_none());
        // …inside when the rule's period starts in the previous year.
        let early = EvidenceRule {
            from: Some("2021-12".into()),
            ..rule.clone()
        };
        let m = match_rule(&p, &early, Some(2022)).expect("match");
        assert!(m.reasons.contains(&Reason::DocType {
            doc_type: "Kế hoạch".into()
        }));
        assert!(m.reasons.contains(&Reason::Phrase {
            phrase: "kế hoạch cải cách hành chính".into(),
            in_subject: true
        }));
        assert!(
            m.reasons
                .iter()
                .any(|r| matches!(r, Reason::Date { date, .. } if date == "2021-12-31"))
        );
        // Wrong type or issuer: no match.
        let wrong_type = EvidenceRule {
            doc_types: vec!["Báo cáo".into()],
            ..early.clone()
        };
        assert!(match_rule(&p, &wrong_type, Some(2022)).is_none());
        let wrong_issuer = EvidenceRule {
            issuers: vec!["Sở Nội vụ".into()],
            ..early
        };
        assert!(match_rule(&p, &wrong_issuer, Some(2022)).is_none());
    }

    #[test]
    fn linking_ranks_and_respects_rejections() {
        use crate::criteria::Framework;
        let docs = vec![
            doc(
                "k1",
                "Kế hoạch",
                Some("12"),
                "KH-UBND",
                "Ủy ban nhân dân tỉnh Quảng Ngãi",
                "2022-01-20",
                "Kế hoạch cải cách hành chính năm 2022",
                "Thực hiện Nghị quyết 76/NQ-CP...",
            ),
            doc(
                "c1",
                "Công văn",
                Some("47"),
                "UBND-TTHC",
                "Ủy ban nhân dân tỉnh Quảng Ngãi",
                "2022-01-06",
                "triển khai kế hoạch xác định Chỉ số cải cách hành chính năm 2021",
                "… theo Kế hoạch cải cách hành chính năm 2022 của tỉnh …",
            ),
            doc(
                "k0",
                "Kế hoạch",
                Some("3"),
                "KH-UBND",
                "Ủy ban nhân dân tỉnh Quảng Ngãi",
                "2021-01-10",
                "Kế hoạch cải cách hành chính năm 2021",
                "",
            ),
        ];
        let catalog = Catalog {
            framework: Framework {
                id: "t".into(),
                name: "Thử".into(),
                ..Framework::default()
            },
            criteria: vec![
                Criterion {
                    code: "1".into(),
                    name: "Chỉ đạo điều hành".into(),
                    ..Criterion::default()
                },
                Criterion {
                    code: "1.1".into(),
                    name: "Ban hành kế hoạch CCHC năm".into(),
                    evidence: vec![EvidenceRule {
                        any: vec!["kế hoạch cải cách hành chính".into()],
                        ..EvidenceRule::default()
                    }],
                    ..Criterion::default()
                },
                Criterion {
                    code: "1.2".into(),
                    name: "Báo cáo CCHC".into(),
                    ..Criterion::default()
                },
            ],
        };
        let opts = LinkOptions {
            year: Some(2022),
            ..LinkOptions::default()
        };
        let mut store = DecisionStore::default();
        let links = link(&catalog, &docs, &opts, &store, None);
        let ids = |l: &CriterionLinks| {
            l.proposals
                .iter()
                .map(|p| p.doc.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(links[0].code, "1");
        assert!(links[0].proposals.is_empty() && !links[0].fallback);
        // The plan itself (phrase in the subject) ranks above the letter that mentions it;
        // the 2021 plan is out of period.
        assert_eq!(ids(&links[1]), ["k1", "c1"]);
        assert!(links[2].fallback && links[2].proposals.is_empty());

        store.decide("t", "1.1", &docs[1], DecisionStatus::Rejected, None);
        store.decide("t", "1.1", &docs[0], DecisionStatus::Confirmed, None);
        let links = link(&catalog, &docs, &opts, &store, None);
        assert_eq!(ids(&links[1]), ["k1"]);
        assert_eq!(links[1].proposals[0].status, DecisionStatus::Confirmed);
    }

    #[test]
    fn fallback_uses_search_and_drops_other_years() {
        use crate::criteria::Framework;
        let d22 = doc(
            "s22",
            "Báo cáo",
            Some("255"),
            "BC-SNV",
            "Sở Nội vụ",
            "2022-12-30",
            "Báo cáo CCHC năm 2022",
            "",
        );
        let d21 = doc(
            "s21",
            "Báo cáo",
            Some("235"),
            "BC-SNV",
            "Sở Nội vụ",
            "2021-12-09",
            "Báo cáo CCHC năm 2021",
            "",
        );
        let hits = [d21.clone(), d22.clone()];
        let seen = std::sync::Mutex::new(String::new());
        let search = |q: &SearchQuery| -> Vec<Hit> {
            if let Ok(mut s) = seen.lock() {
                *s = q.text.clone();
            }
            hits.iter()
                .map(|d| Hit {
                    doc: d.clone(),
                    score: 2.0,
                    snippet: kiemchung_index::Snippet {
                        text: d.record.subject.clone().unwrap_or_default(),
                        highlights: vec![],
                    },
                })
                .collect()
        };
        let catalog = Catalog {
            framework: Framework {
                id: "t".into(),
                ..Framework::default()
            },
            criteria: vec![Criterion {
                code: "1".into(),
                name: "Báo cáo CCHC".into(),
                scoring: Some("Đủ số lượng: 1; Không đủ: 0".into()),
                ..Criterion::default()
            }],
        };
        let opts = LinkOptions {
            year: Some(2022),
            ..LinkOptions::default()
        };
        let links = link(
            &catalog,
            &[],
            &opts,
            &DecisionStore::default(),
            Some(&search),
        );
        assert_eq!(links[0].proposals.len(), 1);
        assert_eq!(links[0].proposals[0].doc, "s22");
        assert_eq!(
            seen.lock().map(|s| s.clone()).unwrap_or_default(),
            "Báo cáo CCHC Đủ số lượng Không đủ"
        );
    }
}
