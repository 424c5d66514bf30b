//! Text analysis for Vietnamese official documents.
//!
//! Vietnamese is written in syllables separated by spaces, so a plain "split on
//! non-alphanumerics, lower-case" tokenizer already yields the units people search for. The
//! difficulty is diacritics: clerks often type without them (`cai cach hanh chinh`), yet
//! `các`/`cách`/`cạch` are different words. Every text is therefore indexed twice:
//!
//! - [`VI`]: syllables lower-cased, diacritics kept (input must be NFC: a decomposed `ả`
//!   would be split by the tokenizer at the combining mark);
//! - [`VI_FOLD`]: the same syllables folded to ASCII (`đ` → `d`, `ả` → `a`).
//!
//! A query with diacritics searches both (exact matches boosted), a query without any searches
//! the folded twin only. Tantivy does not persist custom tokenizers: [`register`] must run
//! every time an index is opened or created.
//!
//! References (`47/UBND-TTHC`) are not text: they are matched as whole keys, see [`ref_keys`].

use kiemchung_extractors::parse::refs::reference_key;
use kiemchung_extractors::text::fold;
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token,
    TokenStream, Tokenizer,
};
use unicode_normalization::UnicodeNormalization;

/// Syllables, lower-cased, diacritics kept.
pub const VI: &str = "vi";
/// Syllables, lower-cased, folded to ASCII.
pub const VI_FOLD: &str = "vi_fold";

/// Version of the analyzers below, recorded in every index. Bump it whenever a change alters
/// the tokens any text produces: an index built with other tokens answers wrongly without
/// any error, so search refuses it and `kiemchung ingest` re-indexes it from its store.
pub const VERSION: u32 = 2;

/// Tokens longer than this (base64 blobs, garbage from broken PDFs) are dropped.
const MAX_TOKEN_BYTES: usize = 64;

/// The exact analyzer.
pub fn vi_analyzer() -> TextAnalyzer {
    TextAnalyzer::from(VietTokenizer::new(false))
}

/// The folded analyzer.
pub fn vi_fold_analyzer() -> TextAnalyzer {
    TextAnalyzer::from(VietTokenizer::new(true))
}

/// What the analyzers are defined as: tantivy's `SimpleTokenizer` (runs of alphanumeric
/// characters), tokens of [`MAX_TOKEN_BYTES`] or more dropped, lower-cased, and for the folded
/// one ASCII-folded. [`VietTokenizer`] gives exactly these tokens, faster.
fn reference_analyzer(fold: bool) -> TextAnalyzer {
    let b = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser);
    if fold {
        b.filter(AsciiFoldingFilter).build()
    } else {
        b.build()
    }
}

/// Characters below this have their token text in a table ([`char_table`]).
const TABLE_CHARS: u32 = 0x2000;

/// For each character below [`TABLE_CHARS`]: `None` when it is not alphanumeric (it ends a
/// token), else what [`reference_analyzer`] makes of it. Built by running the reference
/// analyzer on each character alone: lower-casing and folding map each character on its own,
/// so a token's text is its characters' texts end to end.
fn char_table(fold: bool) -> &'static [Option<Box<str>>] {
    static EXACT: std::sync::OnceLock<Vec<Option<Box<str>>>> = std::sync::OnceLock::new();
    static FOLDED: std::sync::OnceLock<Vec<Option<Box<str>>>> = std::sync::OnceLock::new();
    let build = || {
        let mut a = reference_analyzer(fold);
        (0..TABLE_CHARS)
            .map(|u| {
                let c = char::from_u32(u)?;
                let s = c.to_string();
                let mut ts = a.token_stream(&s);
                ts.advance()
                    .then(|| ts.token().text.clone().into_boxed_str())
            })
            .collect()
    };
    if fold {
        FOLDED.get_or_init(build)
    } else {
        EXACT.get_or_init(build)
    }
}

/// [`reference_analyzer`] in one pass over the text.
///
/// Why: indexing runs the analyzers over every body twice (exact and folded), and the chain
/// of tokenizer and filters was a third of `ingest`'s CPU: each Vietnamese letter went
/// through `char::is_alphanumeric` and `char::to_lowercase` table searches, then the folding
/// filter, each building its own copy of the token. Here the splitting test and the token
/// text of every letter up to U+1FFF (Latin, Vietnamese, Greek, Cyrillic) come from one table
/// built from the reference analyzer itself; a token with any other character is made by the
/// reference analyzer. The tokens — text, offsets, positions, with the positions of dropped
/// long tokens skipped — are the reference analyzer's (a property test holds them equal),
/// so indexes built before read the same.
#[derive(Clone)]
pub struct VietTokenizer {
    table: &'static [Option<Box<str>>],
    fallback: TextAnalyzer,
    token: Token,
}

impl VietTokenizer {
    pub fn new(fold: bool) -> VietTokenizer {
        VietTokenizer {
            table: char_table(fold),
            fallback: reference_analyzer(fold),
            token: Token::default(),
        }
    }
}

impl Tokenizer for VietTokenizer {
    type TokenStream<'a> = VietTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VietTokenStream<'a> {
        self.token.reset();
        VietTokenStream {
            text,
            chars: text.char_indices(),
            table: self.table,
            fallback: &mut self.fallback,
            token: &mut self.token,
        }
    }
}

pub struct VietTokenStream<'a> {
    text: &'a str,
    chars: std::str::CharIndices<'a>,
    table: &'static [Option<Box<str>>],
    fallback: &'a mut TextAnalyzer,
    token: &'a mut Token,
}

impl TokenStream for VietTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let table = self.table;
        loop {
            let start = loop {
                let Some((at, c)) = self.chars.next() else {
                    return false;
                };
                if table
                    .get(c as usize)
                    .map_or_else(|| c.is_alphanumeric(), Option::is_some)
                {
                    break (at, c);
                }
            };
            // Every token takes a position, the dropped long ones too (as the tokenizer
            // numbers them before the length filter).
            self.token.position = self.token.position.wrapping_add(1);
            let text = &mut self.token.text;
            text.clear();
            let mut tabled = true;
            let mut end = self.text.len();
            let mut c = Some(start);
            while let Some((at, ch)) = c {
                let (alnum, out) = match table.get(ch as usize) {
                    Some(t) => (t.is_some(), t.as_deref()),
                    None => (ch.is_alphanumeric(), None),
                };
                if !alnum {
                    end = at;
                    break;
                }
                match out {
                    Some(o) => text.push_str(o),
                    None => tabled = false,
                }
                c = self.chars.next();
            }
            let from = start.0;
            if end - from >= MAX_TOKEN_BYTES {
                continue;
            }
            self.token.offset_from = from;
            self.token.offset_to = end;
            if !tabled {
                let mut ts = self.fallback.token_stream(&self.text[from..end]);
                if ts.advance() {
                    let t = ts.token().text.clone();
                    self.token.text = t;
                }
            }
            return true;
        }
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// Registers the custom analyzers on an index (needed after every open).
pub fn register(index: &tantivy::Index) {
    let manager = index.tokenizers();
    manager.register(VI, vi_analyzer());
    manager.register(VI_FOLD, vi_fold_analyzer());
}

/// NFC-normalises text before analysis or querying.
pub fn nfc(s: &str) -> String {
    kiemchung_extractors::text::nfc(s)
}

/// The tokens `analyzer` produces for `text` (NFC first).
pub fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let text: String = text.nfc().collect();
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(&text);
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// Whether `s` carries any Vietnamese diacritic or `đ` (then exact matching makes sense).
pub fn has_diacritics(s: &str) -> bool {
    s.chars().any(|c| !c.is_ascii() && c.is_alphabetic())
}

/// The keys under which a reference (`47/UBND-TTHC`, `04-NQ/TU`) is indexed and looked up:
/// the comparison key of [`reference_key`] lower-cased, plus its ASCII-folded twin when it
/// differs (`733/qđ-ubnd` and `733/qd-ubnd`), so a reference typed without `Đ` still matches.
pub fn ref_keys(reference: &str) -> Vec<String> {
    let key = reference_key(reference).to_lowercase();
    if key.is_empty() {
        return Vec::new();
    }
    let folded = fold(&key);
    if folded == key {
        vec![key]
    } else {
        vec![key, folded]
    }
}

/// A case- and diacritic-insensitive key for short labels (document types, numbers,
/// symbols): folded, spaces squashed.
pub fn label_key(s: &str) -> String {
    kiemchung_extractors::text::squash_spaces(&fold(s))
}

/// Expands the abbreviations offices use for issuers, so `UBND tỉnh Quảng Ngãi` finds
/// `Ủy ban nhân dân tỉnh Quảng Ngãi`. Applied to queries only (the record keeps the full
/// name, per Nghị định 30/2020 the issuer is written out).
pub fn expand_issuer_abbreviations(s: &str) -> String {
    const ABBR: &[(&str, &str)] = &[
        ("UBND", "Ủy ban nhân dân"),
        ("HĐND", "Hội đồng nhân dân"),
        ("HDND", "Hội đồng nhân dân"),
        ("UBMTTQ", "Ủy ban Mặt trận Tổ quốc"),
        ("VP", "Văn phòng"),
        ("TP", "thành phố"),
        ("TX", "thị xã"),
    ];
    s.split_whitespace()
        .map(|w| {
            ABBR.iter()
                .find(|(a, _)| a.eq_ignore_ascii_case(w) || fold(a) == fold(w) && w.len() > 1)
                .map(|(_, full)| (*full).to_owned())
                .unwrap_or_else(|| w.to_owned())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Folded text and, for each of its bytes, the byte offset of the original character
/// (`u32`: half the memory of `usize`, and the readers cap texts far below 4 GiB).
///
/// This is how evidence linking reads a document: no diacritics, lower case, runs of white
/// space as one space, markdown emphasis (`*`) dropped. It lives here, not in linking, because
/// the index stores the linker's view of the trích yếu ([`Folded::lead`], field `lead_f`): a
/// phrase query on that field then finds every document the linker would match, and linking
/// reads only those.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    pub text: String,
    map: Vec<u32>,
}

impl Folded {
    pub fn new(s: &str) -> Folded {
        let mut text = String::with_capacity(s.len());
        let mut map = Vec::with_capacity(s.len());
        let mut cache: std::collections::HashMap<char, String> = std::collections::HashMap::new();
        let mut space = true;
        for (i, c) in s.char_indices() {
            if c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}' {
                if !space {
                    text.push(' ');
                    map.push(to_u32(i));
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
                map.push(to_u32(i));
            } else {
                let f = cache.entry(c).or_insert_with(|| fold(&c.to_string()));
                text.push_str(f);
                map.extend(std::iter::repeat_n(to_u32(i), f.len()));
            }
        }
        Folded { text, map }
    }

    /// Byte offset in the original text of folded byte `i`.
    pub fn original_offset(&self, i: usize) -> usize {
        self.map
            .get(i)
            .copied()
            .unwrap_or_else(|| self.map.last().copied().unwrap_or(0)) as usize
    }

    /// The first `n` bytes (cut back to a character boundary) of the folded `s`, folding only
    /// as much of `s` as needed. Folding is a left-to-right scan, so the fold of a prefix is a
    /// prefix of the fold: the result equals cutting `Folded::new(s).text`.
    pub fn head(s: &str, n: usize) -> String {
        let mut take = n.saturating_mul(2).max(64);
        loop {
            let mut end = take.min(s.len());
            while end > 0 && !s.is_char_boundary(end) {
                end -= 1;
            }
            let f = Folded::new(&s[..end]).text;
            if f.len() >= n || end == s.len() {
                return cut(&f, n).to_owned();
            }
            take = take.saturating_mul(4);
        }
    }

    /// What linking takes as a document's trích yếu: the record's subject folded, or, when
    /// it has none, the head of the folded text ([`LEAD_BYTES`]).
    pub fn lead(subject: Option<&str>, text: &str) -> String {
        let given = subject.map(str::trim).unwrap_or("");
        if !given.is_empty() {
            return Folded::new(given).text;
        }
        let body = if text.trim().is_empty() { given } else { text };
        Folded::head(body, LEAD_BYTES)
    }
}

/// Bytes of folded text that stand for the trích yếu of a document without one.
pub const LEAD_BYTES: usize = 400;

/// `s` cut to at most `n` bytes, back to a character boundary.
pub fn cut(s: &str, n: usize) -> &str {
    let mut i = n.min(s.len());
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    &s[..i]
}

fn to_u32(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every token of `a` on `text`: text, offsets, position.
    fn all_tokens(a: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut out = Vec::new();
        let mut ts = a.token_stream(text);
        while ts.advance() {
            let t = ts.token();
            out.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
        }
        out
    }

    fn same_as_reference(text: &str) {
        for fold in [false, true] {
            assert_eq!(
                all_tokens(&mut TextAnalyzer::from(VietTokenizer::new(fold)), text),
                all_tokens(&mut reference_analyzer(fold), text),
                "fold={fold} {text:?}"
            );
        }
    }

    /// The one-pass tokenizer gives the reference chain's tokens on every fixture text.
    #[test]
    fn viet_tokenizer_is_the_reference_on_the_fixtures() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures");
        let mut seen = 0;
        let mut dirs = vec![root];
        while let Some(d) = dirs.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    dirs.push(p);
                } else if p.extension().is_some_and(|x| x == "txt" || x == "json") {
                    let text = String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned();
                    same_as_reference(&text);
                    seen += 1;
                }
            }
        }
        assert!(seen > 100, "{seen} fixture texts");
    }

    proptest::proptest! {
        /// ... and on any text made of ASCII, Vietnamese letters in both cases and both
        /// normal forms, marks, digits of other scripts, CJK, letters whose lower case is
        /// longer (İ), ß, Greek, punctuation and runs longer than the token limit.
        #[test]
        fn viet_tokenizer_is_the_reference(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "Z", "0", "9", " ", "  ", "\n", "\t", ".", ",", "/", "-", "_", "(",
                    "Đ", "đ", "Ư", "ơ", "Ạ", "ậ", "Ễ", "ỹ", "Ỳ", "ÀI", "ÿ", "×", "÷",
                    "o\u{302}\u{301}", "\u{300}", "\u{a0}", "İ", "ß", "Σ", "ς", "Ω",
                    "٣", "漢字", "한", "🙂", "\u{1e9e}", "\u{2160}", "ǅ", "ﬁ",
                    "Nghịđịnh", "CỘNGHÒAXÃHỘICHỦNGHĨAVIỆTNAM",
                    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                ]),
                0..40,
            )
        ) {
            same_as_reference(&parts.concat());
        }
    }

    #[test]
    fn exact_analyzer_lowercases_and_keeps_diacritics() {
        let mut a = vi_analyzer();
        assert_eq!(
            tokens(&mut a, "CẢI CÁCH Hành chính, năm 2021"),
            vec!["cải", "cách", "hành", "chính", "năm", "2021"]
        );
    }

    #[test]
    fn folded_analyzer_removes_every_diacritic_and_d_bar() {
        let mut a = vi_fold_analyzer();
        let cases = [
            ("Cải cách hành chính", vec!["cai", "cach", "hanh", "chinh"]),
            ("Đắk Lắk", vec!["dak", "lak"]),
            ("ĐỘC LẬP - TỰ DO", vec!["doc", "lap", "tu", "do"]),
            ("Ủy ban nhân dân", vec!["uy", "ban", "nhan", "dan"]),
            ("khuyến nghị, ưu tiên", vec!["khuyen", "nghi", "uu", "tien"]),
        ];
        for (input, want) in cases {
            assert_eq!(tokens(&mut a, input), want, "{input}");
        }
    }

    #[test]
    fn decomposed_input_is_composed_before_tokenizing() {
        // `Quảng Ngãi` typed on macOS: base letters plus combining marks.
        let decomposed = "Qua\u{309}ng Nga\u{303}i";
        let mut a = vi_analyzer();
        assert_eq!(tokens(&mut a, decomposed), vec!["quảng", "ngãi"]);
        let mut f = vi_fold_analyzer();
        assert_eq!(tokens(&mut f, decomposed), vec!["quang", "ngai"]);
    }

    #[test]
    fn folded_head_is_the_head_of_the_fold() {
        let text = format!(
            "**CỘNG   HÒA** xã hội\n\n{}Kế hoạch cải cách hành chính",
            " ".repeat(3000)
        );
        for n in [0, 1, 5, 12, 20, 40, 400] {
            let full = Folded::new(&text).text;
            assert_eq!(Folded::head(&text, n), cut(&full, n), "n = {n}");
        }
        assert_eq!(
            Folded::head(&text, 400),
            "cong hoa xa hoi ke hoach cai cach hanh chinh"
        );
        assert_eq!(Folded::lead(Some(" Về việc  X "), "body"), "ve viec x");
        assert_eq!(Folded::lead(None, "Đơn vị"), "don vi");
        assert_eq!(Folded::lead(Some(""), "  "), "");
    }

    #[test]
    fn diacritics_are_detected() {
        assert!(has_diacritics("cải cách"));
        assert!(has_diacritics("đo"));
        assert!(!has_diacritics("cai cach hanh chinh 2021"));
        assert!(!has_diacritics("47/UBND-TTHC"));
    }

    #[test]
    fn reference_keys_ignore_case_zeros_and_d_bar() {
        assert_eq!(ref_keys("47/UBND-TTHC"), vec!["47/ubnd-tthc"]);
        assert_eq!(ref_keys("047/ubnd-tthc"), vec!["47/ubnd-tthc"]);
        assert_eq!(ref_keys("733/QĐ-UBND"), vec!["733/qđ-ubnd", "733/qd-ubnd"]);
        assert_eq!(ref_keys("04-NQ/TU"), vec!["4-nq/tu"]);
        assert!(ref_keys("  ").is_empty());
    }

    #[test]
    fn issuer_abbreviations_expand() {
        assert_eq!(
            expand_issuer_abbreviations("UBND tỉnh Quảng Ngãi"),
            "Ủy ban nhân dân tỉnh Quảng Ngãi"
        );
        assert_eq!(
            expand_issuer_abbreviations("hdnd huyện Mộ Đức"),
            "Hội đồng nhân dân huyện Mộ Đức"
        );
        assert_eq!(expand_issuer_abbreviations("Bộ Nội vụ"), "Bộ Nội vụ");
    }
}
