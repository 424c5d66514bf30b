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

fn any_of(clauses: Vec<Box<dyn Query>>) -> Option<Box<dyn Query>> {
    match clauses.len() {
        0 => None,
        1 => clauses.into_iter().next(),
        _ => Some(Box::new(BooleanQuery::new(
            clauses.into_iter().map(|q| (Occur::Should, q)).collect(),
        ))),
    }
}

fn boost(q: Box<dyn Query>, by: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(q, by))
}

/// Text matching for one unit over body and subject, exact and/or folded.
fn text_clause(f: &Fields, text: &str, exact: bool) -> Option<Box<dyn Query>> {
    let folded = analysis::tokens(&mut vi_fold_analyzer(), text);
    let mut clauses = Vec::new();
    if let Some(q) = term_or_phrase(f.body_f, &folded) {
        clauses.push(q);
    }
    if let Some(q) = term_or_phrase(f.subject_f, &folded) {
        clauses.push(boost(q, SUBJECT_BOOST));
    }
    if let Some(q) = term_or_phrase(f.issuer_f, &folded) {
        clauses.push(q);
    }
    if exact {
        let tokens = analysis::tokens(&mut vi_analyzer(), text);
        if let Some(q) = term_or_phrase(f.body, &tokens) {
            clauses.push(boost(q, EXACT_BOOST));
        }
        if let Some(q) = term_or_phrase(f.subject, &tokens) {
            clauses.push(boost(q, EXACT_BOOST * SUBJECT_BOOST));
        }
    }
    any_of(clauses)
}

/// Builds the query for `text`; `None` when it holds nothing searchable. With `all` every
/// unit must match, otherwise any may.
pub fn build(f: &Fields, text: &str, all: bool) -> Option<Box<dyn Query>> {
    let units = split_units(text);
    let exact = analysis::has_diacritics(text);
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut words = Vec::new();
    for unit in &units {
        let (s, is_word) = match unit {
            Unit::Word(w) => (w.as_str(), true),
            Unit::Phrase(p) => (p.as_str(), false),
        };
        let mut alternatives = Vec::new();
        if let Some(q) = text_clause(f, s, exact) {
            alternatives.push(q);
        }
        if is_word {
            words.push(s);
            if let Some(r) = as_reference(s) {
                // `047/UBND-TTHC` is also written `47/UBND-TTHC` in texts.
                let canonical = reference_key(&r);
                if canonical != r
                    && let Some(q) = text_clause(f, &canonical, exact)
                {
                    alternatives.push(q);
                }
                let keys = analysis::ref_keys(&r);
                let by_number = any_of(
                    keys.iter()
                        .map(|k| {
                            Box::new(TermQuery::new(
                                Term::from_field_text(f.reference, k),
                                IndexRecordOption::Basic,
                            )) as Box<dyn Query>
                        })
                        .collect(),
                );
                if let Some(q) = by_number {
                    alternatives.push(boost(q, REFERENCE_BOOST));
                }
            }
        }
        if let Some(q) = any_of(alternatives) {
            clauses.push((if all { Occur::Must } else { Occur::Should }, q));
        }
    }
    if clauses.is_empty() {
        return None;
    }
    if words.len() > 1 {
        // Syllables typed together usually mean a word (`hành chính`): rank that first.
        if let Some(q) = text_clause(f, &words.join(" "), exact) {
            clauses.push((Occur::Should, boost(q, PROXIMITY_BOOST)));
        }
    }
    Some(Box::new(BooleanQuery::new(clauses)))
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
