//! User text → tantivy query. Never fails on user syntax.
//!
//! There is deliberately no query language to get wrong: double quotes (straight or curly)
//! make a phrase, everything else is words, and every other character is just text handed to
//! the analyzers. Each word or phrase must match (AND); [`build`] can also make the OR variant
//! used as a fallback when the AND finds nothing. A word that is a reference (`47/UBND-TTHC`)
//! matches either the document bearing that number (boosted far above text matches, so the
//! document itself comes first) or the reference written in a text (documents citing it).

use kiemchung_extractors::parse::refs::{REFERENCE, reference_key};
use tantivy::Term;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};

use crate::analysis::{self, vi_analyzer, vi_fold_analyzer};
use crate::schema::Fields;

/// Weight of an exact-diacritic match against its folded twin.
pub const EXACT_BOOST: f32 = 3.0;
/// Weight of a subject match against a body match.
pub const SUBJECT_BOOST: f32 = 2.0;
/// Weight of a reference match (the document's own number): above any text score.
pub const REFERENCE_BOOST: f32 = 50.0;
/// Weight of the whole query matching as one phrase (unquoted multi-word queries).
pub const PROXIMITY_BOOST: f32 = 2.0;

/// One unit of a user query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unit {
    Word(String),
    Phrase(String),
}

/// Splits user text into words and quoted phrases. An unbalanced quote runs to the end.
pub fn split_units(text: &str) -> Vec<Unit> {
    let mut units = Vec::new();
    let mut in_quote = false;
    let mut cur = String::new();
    let flush = |cur: &mut String, in_quote: bool, units: &mut Vec<Unit>| {
        if in_quote {
            if !cur.trim().is_empty() {
                units.push(Unit::Phrase(cur.trim().to_owned()));
            }
        } else {
            units.extend(cur.split_whitespace().map(|w| Unit::Word(w.to_owned())));
        }
        cur.clear();
    };
    for c in text.chars() {
        if matches!(c, '"' | '“' | '”' | '„') {
            flush(&mut cur, in_quote, &mut units);
            in_quote = !in_quote;
        } else {
            cur.push(c);
        }
    }
    flush(&mut cur, in_quote, &mut units);
    units
}

/// Whether `word` is a whole reference (`47/UBND-TTHC`, `04-NQ/TU`, `11/2022/NQ-HĐND`).
/// Letters are compared upper-cased, so `47/ubnd-tthc` counts.
pub fn as_reference(word: &str) -> Option<String> {
    let trimmed = word.trim_matches(|c: char| matches!(c, ',' | ';' | '.' | ':' | '(' | ')'));
    let upper = analysis::nfc(trimmed).to_uppercase();
    let m = REFERENCE.find(&upper)?;
    (m.start() == 0 && m.end() == upper.len()).then_some(upper)
}

fn term_or_phrase(field: Field, tokens: &[String]) -> Option<Box<dyn Query>> {
    match tokens {
        [] => None,
        [one] => Some(Box::new(TermQuery::new(
            Term::from_field_text(field, one),
            IndexRecordOption::WithFreqs,
        ))),
        many => Some(Box::new(PhraseQuery::new(
            many.iter()
                .map(|t| Term::from_field_text(field, t))
                .collect(),
        ))),
    }
}

fn boost(q: Box<dyn Query>, by: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(q, by))
}

/// One scoring leaf of a [`Plan`]: a term or phrase query on one field, and its weight.
#[derive(Debug)]
pub struct Leaf {
    pub query: Box<dyn Query>,
    pub boost: f32,
    /// For a phrase: its field and terms, so that a candidate can be checked in place (a
    /// tantivy phrase scorer asked for a document scans forward to the next match).
    pub phrase: Option<(Field, Vec<Term>)>,
}

impl Leaf {
    fn to_query(&self) -> Box<dyn Query> {
        if self.boost == 1.0 {
            self.query.box_clone()
        } else {
            boost(self.query.box_clone(), self.boost)
        }
    }
}

/// A user query in the shape tantivy scores it: the sum of the matching leaves' scores,
/// where `units` each need one matching leaf (all of them with `all`, at least one
/// otherwise) and `optional` leaves only add to the score.
///
/// [`Plan::to_query`] is the tantivy query; the leaves are also kept apart so that a few
/// candidates can be scored leaf by leaf (`Index::search`): seeking a term or phrase scorer
/// to a document is cheap, whereas tantivy's union scorer fills a 4,096-document window
/// on every seek.
#[derive(Debug)]
pub struct Plan {
    pub units: Vec<Vec<Leaf>>,
    pub optional: Vec<Leaf>,
    pub all: bool,
}

impl Plan {
    /// The equivalent tantivy query.
    pub fn to_query(&self) -> Box<dyn Query> {
        let occur = if self.all { Occur::Must } else { Occur::Should };
        let any_of = |leaves: &[Leaf]| -> Box<dyn Query> {
            match leaves {
                [one] => one.to_query(),
                many => Box::new(BooleanQuery::new(
                    many.iter().map(|l| (Occur::Should, l.to_query())).collect(),
                )),
            }
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            self.units.iter().map(|u| (occur, any_of(u))).collect();
        if !self.optional.is_empty() {
            clauses.push((Occur::Should, any_of(&self.optional)));
        }
        Box::new(BooleanQuery::new(clauses))
    }
}

/// Text matching for one unit over body, subject and issuer, exact and/or folded.
fn text_leaves(f: &Fields, text: &str, exact: bool, weight: f32, out: &mut Vec<Leaf>) {
    let folded = analysis::tokens(&mut vi_fold_analyzer(), text);
    let mut push = |field: Field, tokens: &[String], by: f32| {
        if let Some(query) = term_or_phrase(field, tokens) {
            let phrase = (tokens.len() > 1).then(|| {
                let terms = tokens
                    .iter()
                    .map(|t| Term::from_field_text(field, t))
                    .collect();
                (field, terms)
            });
            out.push(Leaf {
                query,
                boost: by * weight,
                phrase,
            });
        }
    };
    push(f.body_f, &folded, 1.0);
    push(f.subject_f, &folded, SUBJECT_BOOST);
    push(f.issuer_f, &folded, 1.0);
    if exact {
        let tokens = analysis::tokens(&mut vi_analyzer(), text);
        push(f.body, &tokens, EXACT_BOOST);
        push(f.subject, &tokens, EXACT_BOOST * SUBJECT_BOOST);
    }
}

/// Plans the query for `text`; `None` when it holds nothing searchable. With `all` every
/// unit must match, otherwise any may.
pub fn plan(f: &Fields, text: &str, all: bool) -> Option<Plan> {
    let units = split_units(text);
    let exact = analysis::has_diacritics(text);
    let mut planned = Vec::new();
    let mut words = Vec::new();
    for unit in &units {
        let (s, is_word) = match unit {
            Unit::Word(w) => (w.as_str(), true),
            Unit::Phrase(p) => (p.as_str(), false),
        };
        let mut leaves = Vec::new();
        text_leaves(f, s, exact, 1.0, &mut leaves);
        if is_word {
            words.push(s);
            if let Some(r) = as_reference(s) {
                // `047/UBND-TTHC` is also written `47/UBND-TTHC` in texts.
                let canonical = reference_key(&r);
                if canonical != r {
                    text_leaves(f, &canonical, exact, 1.0, &mut leaves);
                }
                for k in analysis::ref_keys(&r) {
                    leaves.push(Leaf {
                        query: Box::new(TermQuery::new(
                            Term::from_field_text(f.reference, &k),
                            IndexRecordOption::Basic,
                        )),
                        boost: REFERENCE_BOOST,
                        phrase: None,
                    });
                }
            }
        }
        if !leaves.is_empty() {
            planned.push(leaves);
        }
    }
    if planned.is_empty() {
        return None;
    }
    let mut optional = Vec::new();
    if words.len() > 1 {
        // Syllables typed together usually mean a word (`hành chính`): rank that first.
        text_leaves(f, &words.join(" "), exact, PROXIMITY_BOOST, &mut optional);
    }
    Some(Plan {
        units: planned,
        optional,
        all,
    })
}

/// Builds the query for `text`; `None` when it holds nothing searchable. With `all` every
/// unit must match, otherwise any may.
pub fn build(f: &Fields, text: &str, all: bool) -> Option<Box<dyn Query>> {
    plan(f, text, all).map(|p| p.to_query())
}

/// Lean queries whose best hits are the candidates that [`build`]'s query then re-scores.
///
/// Why: [`build`]'s query is what ranking means (every unit over body, subject and issuer,
/// exact and folded, the whole-query proximity phrase, quoted phrases), but evaluating it on
/// every matching document is what made common phrases slow: on 100,000 documents
/// `cải cách hành chính` matches nearly all of them, and each match costs ~20 posting lists
/// plus five phrase position checks. The queries here are shaped so that tantivy can prune
/// with block-max WAND — a pure conjunction of term queries (`all`) or a pure disjunction
/// (`!all`) — and only their top hits reach the full query (see `Index::search`):
///
/// - the folded tokens of every unit in `body_f`, and in `subject_f` (a subject match is
///   boosted, so its best documents must be candidates even when the body is plain);
/// - with diacritics, the same over the exact `body` and `subject`, so that exact matches
///   (boosted [`EXACT_BOOST`]) are candidates however many folded matches exist;
/// - each reference word's keys in `reference` (the document bearing the number).
///
/// Quoted phrases contribute their tokens; the phrase itself is checked by the re-scoring.
pub fn candidate_queries(f: &Fields, text: &str, all: bool) -> Vec<Box<dyn Query>> {
    let exact = analysis::has_diacritics(text);
    let mut folded: Vec<String> = Vec::new();
    let mut exact_tokens: Vec<String> = Vec::new();
    let mut references: Vec<String> = Vec::new();
    let mut fold_analyzer = vi_fold_analyzer();
    let mut exact_analyzer = vi_analyzer();
    for unit in split_units(text) {
        let s = match &unit {
            Unit::Word(w) => {
                if let Some(r) = as_reference(w) {
                    references.extend(analysis::ref_keys(&r));
                }
                w.as_str()
            }
            Unit::Phrase(p) => p.as_str(),
        };
        folded.extend(analysis::tokens(&mut fold_analyzer, s));
        if exact {
            exact_tokens.extend(analysis::tokens(&mut exact_analyzer, s));
        }
    }
    for v in [&mut folded, &mut exact_tokens, &mut references] {
        let mut seen = std::collections::HashSet::new();
        v.retain(|t| seen.insert(t.clone()));
    }
    let term = |field: Field, t: &str| -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, t),
            IndexRecordOption::WithFreqs,
        ))
    };
    let mut per_field: Vec<(Field, &[String], f32)> = vec![
        (f.body_f, &folded, 1.0),
        (f.subject_f, &folded, SUBJECT_BOOST),
    ];
    if exact {
        per_field.push((f.body, &exact_tokens, EXACT_BOOST));
        per_field.push((f.subject, &exact_tokens, EXACT_BOOST * SUBJECT_BOOST));
    }
    let mut out: Vec<Box<dyn Query>> = Vec::new();
    if all {
        for (field, tokens, _) in &per_field {
            if tokens.is_empty() {
                continue;
            }
            let clauses = tokens.iter().map(|t| (Occur::Must, term(*field, t)));
            out.push(Box::new(BooleanQuery::new(clauses.collect())));
        }
    } else {
        let clauses: Vec<(Occur, Box<dyn Query>)> = per_field
            .iter()
            .flat_map(|(field, tokens, by)| {
                tokens
                    .iter()
                    .map(move |t| (Occur::Should, boost(term(*field, t), *by)))
            })
            .collect();
        if !clauses.is_empty() {
            out.push(Box::new(BooleanQuery::new(clauses)));
        }
    }
    if !references.is_empty() {
        let clauses = references.iter().map(|k| {
            let q: Box<dyn Query> = Box::new(TermQuery::new(
                Term::from_field_text(f.reference, k),
                IndexRecordOption::Basic,
            ));
            (Occur::Should, q)
        });
        out.push(Box::new(BooleanQuery::new(clauses.collect())));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_make_phrases_and_unbalanced_quotes_do_not_fail() {
        use Unit::*;
        let cases: [(&str, Vec<Unit>); 4] = [
            (
                r#"chỉ số "cải cách hành chính" 2021"#,
                vec![
                    Word("chỉ".into()),
                    Word("số".into()),
                    Phrase("cải cách hành chính".into()),
                    Word("2021".into()),
                ],
            ),
            (
                "“Nội vụ” báo cáo",
                vec![
                    Phrase("Nội vụ".into()),
                    Word("báo".into()),
                    Word("cáo".into()),
                ],
            ),
            (
                r#"kế hoạch "năm 2023"#,
                vec![
                    Word("kế".into()),
                    Word("hoạch".into()),
                    Phrase("năm 2023".into()),
                ],
            ),
            (r#" "" AND ( "#, vec![Word("AND".into()), Word("(".into())]),
        ];
        for (input, want) in cases {
            assert_eq!(split_units(input), want, "{input}");
        }
    }

    #[test]
    fn references_are_recognised_in_any_case() {
        let cases = [
            ("47/UBND-TTHC", Some("47/UBND-TTHC")),
            ("47/ubnd-tthc", Some("47/UBND-TTHC")),
            ("733/qđ-ubnd,", Some("733/QĐ-UBND")),
            ("11/2022/NQ-HĐND", Some("11/2022/NQ-HĐND")),
            ("04-NQ/TU", Some("04-NQ/TU")),
            ("2021", None),
            ("cải", None),
            ("47/", None),
        ];
        for (input, want) in cases {
            assert_eq!(as_reference(input).as_deref(), want, "{input}");
        }
    }

    #[test]
    fn syntax_characters_never_break_the_build() {
        let (_, f) = Fields::build();
        for q in ["(", "AND OR NOT", "+-*:^~", "\"", "title:x", "47/", "  "] {
            let _ = build(&f, q, true);
        }
        assert!(build(&f, "  \" \" ", true).is_none());
        assert!(build(&f, "+-*", true).is_none());
    }
}
