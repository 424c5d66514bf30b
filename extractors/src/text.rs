//! Text normalisation shared by every reader and parser.
//!
//! Why here and not in each reader: every format ends up as the same plain text, and the
//! parsers must never see the differences (decomposed Unicode from macOS and some PDF
//! producers, markdown emphasis from converters, non-breaking spaces from Word). Everything in
//! this module is pure and allocation-light.

use unicode_normalization::UnicodeNormalization;

/// NFC-normalises `s` (Vietnamese letters as single code points).
pub fn nfc(s: &str) -> String {
    if plainly_nfc(s)
        || unicode_normalization::is_nfc_quick(s.chars())
            == unicode_normalization::IsNormalized::Yes
    {
        s.to_owned()
    } else {
        s.nfc().collect()
    }
}

/// Whether `s` is NFC by a byte scan alone: every character is below U+0300 (no combining
/// mark, no character that NFC replaces) or a precomposed Vietnamese letter of U+1E00–U+1EFF.
/// That is almost every Vietnamese text typed with a Unicode keyboard; the rest goes to the
/// exact (slower, per character) check.
pub fn plainly_nfc(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            // ASCII, continuation bytes, and leads of U+0080–U+02FF.
            ..0xcc => i += 1,
            0xe1 if matches!(b.get(i + 1), Some(0xb8..=0xbb)) => i += 3,
            _ => return false,
        }
    }
    true
}

/// Removes markdown emphasis markers (`**bold**`, `*italic*`, `__x__`) but keeps list bullets
/// (`* item` at the start of a line) as dashes.
pub fn strip_markdown_emphasis(line: &str) -> String {
    let trimmed = line.trim_start();
    let (prefix, rest) = if let Some(r) = trimmed.strip_prefix("* ") {
        ("- ", r)
    } else {
        ("", line)
    };
    let mut out = String::with_capacity(line.len());
    out.push_str(prefix);
    for c in rest.chars() {
        if c != '*' {
            out.push(c);
        }
    }
    // `__bold__` only when doubled, single underscores are real text (`B_02b`).
    if out.contains("__") {
        out = out.replace("__", "");
    }
    out
}

/// Collapses runs of white space (including NBSP and other Unicode spaces) to one space and
/// trims the ends.
///
/// Hot: every cell, clause and body passes here (on an archive of text files it was the
/// extractor's largest single cost). Runs of text are copied whole, found by a byte scan
/// ([`space_len`]) instead of decoding every character.
pub fn squash_spaces(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut run = 0;
    let mut i = 0;
    while i < b.len() {
        // Printable ASCII, continuation bytes and the leads of U+00C3–U+0FFF are never a
        // space: one comparison each for nearly every byte of Vietnamese text.
        let c = b[i];
        if c > b' ' && c != 0xc2 && c < 0xe1 {
            i += 1;
            continue;
        }
        let n = space_len(&b[i..]);
        if n == 0 {
            i += 1;
            continue;
        }
        if run < i {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&s[run..i]);
        }
        i += n;
        run = i;
    }
    if run < b.len() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&s[run..]);
    }
    out
}

/// The length in bytes of the white-space character `b` starts with, 0 when it starts with
/// something else (or inside a character): what `char::is_whitespace` accepts, plus the
/// zero-width space and the byte-order mark that converters leave between words.
fn space_len(b: &[u8]) -> usize {
    match b {
        [b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c, ..] => 1,
        // U+0085, U+00A0.
        [0xc2, 0x85 | 0xa0, ..] => 2,
        // U+1680.
        [0xe1, 0x9a, 0x80, ..] => 3,
        // U+2000–U+200B, U+2028, U+2029, U+202F.
        [0xe2, 0x80, 0x80..=0x8b | 0xa8 | 0xa9 | 0xaf, ..] => 3,
        // U+205F.
        [0xe2, 0x81, 0x9f, ..] => 3,
        // U+3000.
        [0xe3, 0x80, 0x80, ..] => 3,
        // U+FEFF.
        [0xef, 0xbb, 0xbf, ..] => 3,
        _ => 0,
    }
}

/// Replaces the Icelandic eth `Ð`/`ð` (U+00D0/U+00F0) with the Vietnamese `Đ`/`đ`
/// (U+0110/U+0111). They look the same, and Windows-1252 keyboards, old fonts and some
/// converters type the eth: "ÐẢNG CỘNG SẢN", "Ðiều 1". Vietnamese text never uses the eth, so
/// left alone it only breaks matching ("ÐỀ ÁN" is not the type "Đề án").
pub fn fix_eth(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(['\u{d0}', '\u{f0}']) {
        std::borrow::Cow::Owned(
            s.chars()
                .map(|c| match c {
                    '\u{d0}' => 'Đ',
                    '\u{f0}' => 'đ',
                    c => c,
                })
                .collect(),
        )
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Normalises a whole extracted text: NFC, the eth typed for Đ ([`fix_eth`]), `\r\n` → `\n`,
/// markdown emphasis removed, form feeds become blank lines, trailing spaces dropped (leading
/// indentation is kept: the header parser uses wide gaps to split flattened columns).
pub fn normalize_document(s: &str) -> String {
    let s = nfc(&fix_eth(s));
    let mut out = String::with_capacity(s.len());
    for line in s.split('\n') {
        let line = line.trim_end_matches(['\r', ' ', '\t', '\u{a0}']);
        // Most lines have neither a form feed nor emphasis: copied as they are, no allocation.
        if line.contains(['\u{c}', '*']) || line.contains("__") {
            out.push_str(&strip_markdown_emphasis(&line.replace('\u{c}', "\n")));
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// Folds Vietnamese text to lower-case ASCII letters without diacritics (`Đắk Lắk` →
/// `dak lak`), for diacritic-insensitive comparison. Non-letters are kept as they are.
///
/// Hot: the parsers fold every header line and candidate phrase. ASCII takes a fast path and
/// the Latin letters with diacritics (U+00C0–U+1EFF, all 134 Vietnamese letters among them)
/// a table built once from their canonical decompositions; anything else decomposes per char.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if let Some(&m) = FOLD_TABLE.get((c as usize).wrapping_sub(FOLD_TABLE_START)) {
            match m {
                '\0' => {}
                MULTI => fold_slow(c, &mut out),
                m => out.push(m),
            }
        } else {
            fold_slow(c, &mut out);
        }
    }
    out
}

const FOLD_TABLE_START: usize = 0x00C0;
const FOLD_TABLE_END: usize = 0x1F00;

/// Marks a table entry that folds to several characters (taken by the slow path).
const MULTI: char = '\u{fffd}';

/// `FOLD_TABLE[c - 0xC0]` is the folded form of `c` when it folds to one character, `\0` when
/// it folds to nothing, [`MULTI`] otherwise; built by [`fold_slow`], so both paths agree by
/// construction.
static FOLD_TABLE: std::sync::LazyLock<Vec<char>> = std::sync::LazyLock::new(|| {
    (FOLD_TABLE_START..FOLD_TABLE_END)
        .map(|cp| {
            let Some(c) = char::from_u32(cp as u32) else {
                return MULTI;
            };
            let mut folded = String::new();
            fold_slow(c, &mut folded);
            let mut it = folded.chars();
            match (it.next(), it.next()) {
                (None, _) => '\0',
                (Some(one), None) => one,
                // Folds to several characters: keep the slow path's answer by marking it.
                _ => MULTI,
            }
        })
        .collect()
});

fn fold_slow(c: char, out: &mut String) {
    for d in std::iter::once(c).nfd() {
        match d {
            // The eth is a mistyped Đ in Vietnamese text (see `fix_eth`): a query typed that
            // way still finds the document.
            'đ' | 'Đ' | '\u{d0}' | '\u{f0}' => out.push('d'),
            '\u{300}'..='\u{36f}' => {}
            d => out.extend(d.to_lowercase()),
        }
    }
}

/// The matches of `\b(?:re)\b` (Unicode word boundaries at both ends), leftmost first and
/// not overlapping, as `captures_iter` of that pattern would give them; `re` is the pattern
/// without the two `\b`.
///
/// Why: a Unicode `\b` keeps the regex crate off its fast automata as soon as the text is not
/// ASCII (every Vietnamese line), and the fallback engine is many times slower over a whole
/// paragraph. `re` alone runs on the automata and the boundaries are checked on its few
/// matches. Exact for patterns where a match starting at a given place can end in one place
/// only (dates, years): then trying the next start when a boundary is missing finds what
/// the bounded pattern finds.
pub fn captures_bounded<'r, 'h>(
    re: &'r regex::Regex,
    s: &'h str,
) -> impl Iterator<Item = regex::Captures<'h>> + use<'r, 'h> {
    let mut pos = 0;
    std::iter::from_fn(move || {
        while pos <= s.len() {
            let c = re.captures_at(s, pos)?;
            let m = c.get(0)?;
            if word_boundary(s, m.start()) && word_boundary(s, m.end()) && !m.is_empty() {
                pos = m.end();
                return Some(c);
            }
            pos = m.start() + s[m.start()..].chars().next().map_or(1, char::len_utf8);
        }
        None
    })
}

/// Whether byte offset `i` of `s` is a Unicode word boundary (`\b`).
fn word_boundary(s: &str, i: usize) -> bool {
    static WORD: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"^\w$").expect("static regex"));
    let word = |c: Option<char>| {
        c.is_some_and(|c| {
            let mut buf = [0u8; 4];
            WORD.is_match(c.encode_utf8(&mut buf))
        })
    };
    word(s[..i].chars().next_back()) != word(s[i..].chars().next())
}

/// Upper-cases the first letter and leaves the rest as written.
pub fn capitalize_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => {
            let mut out = String::with_capacity(s.len() + 2);
            out.extend(c.to_uppercase());
            out.push_str(chars.as_str());
            out
        }
        None => String::new(),
    }
}

/// Rejoins paragraphs that a layout wrapped over several lines (PDF text, narrow DOCX
/// cells), so body parsers see one sentence per line whatever the format. A line continues
/// the previous one unless a blank line separates them, it starts with a list or heading
/// marker (`-`, `+`, `1.`, `2.3.`, `a)`, `(1)`, `II.`, `Điều 3.`), the previous line ends a
/// heading (`:`), or either line is an upper-case heading. A word broken at a dash
/// (`186/KH-` + `UBND`) is joined without a space; a spaced dash (`Tổ chức -` + `Nội vụ`)
/// keeps it.
pub fn unwrap_paragraphs(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev: Option<&str> = None;
    let lines: Vec<&str> = s.split('\n').map(str::trim).collect();
    for (i, &t) in lines.iter().enumerate() {
        // A page break inside a paragraph shows as one blank line after a full-width line
        // that ends without punctuation: skip it when the paragraph plainly goes on.
        if t.is_empty() {
            if let (Some(p), Some(&next)) = (prev, lines.get(i + 1))
                && breaks_mid_paragraph(p, next)
            {
                continue;
            }
            if prev.is_some() {
                out.push('\n');
            }
            out.push('\n');
            prev = None;
            continue;
        }
        match prev {
            Some(p) if continues(p, t) => {
                let glued = p.ends_with('-')
                    && p[..p.len() - 1]
                        .chars()
                        .next_back()
                        .is_some_and(char::is_alphanumeric)
                    && t.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
                if !glued {
                    out.push(' ');
                }
            }
            Some(_) => out.push('\n'),
            None => {}
        }
        out.push_str(t);
        prev = Some(t);
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

fn breaks_mid_paragraph(prev: &str, next: &str) -> bool {
    let open = !prev.ends_with(['.', ';', ':', '!', '?', ')', '”', '"']);
    let starts_lower = next.starts_with(|c: char| c.is_lowercase());
    let full_width = prev.chars().count() >= 60;
    open && !next.is_empty()
        && continues(prev, next)
        && !MARKER.is_match(prev)
        && (starts_lower || full_width)
}

static MARKER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"^(?:[-+•–—*]|\d{1,2}(?:\.\d{1,2})*[.)]\s|[a-zđ][)]\s|\(\d{1,2}\)|\([a-zđ]\)|[IVXLC]{1,6}[.)]\s|(?:Điều|Bước|Chương|Mục|Phần)\s+\d)",
    )
    .expect("static regex")
});

fn continues(prev: &str, next: &str) -> bool {
    !(prev.ends_with(':')
        || prev.ends_with("./.")
        || MARKER.is_match(next)
        || is_heading(prev)
        || is_heading(next))
}

/// An upper-case heading line (`MỤC ĐÍCH, YÊU CẦU`, `NƠI NHẬN`).
fn is_heading(line: &str) -> bool {
    let letters = line.chars().filter(|c| c.is_alphabetic());
    let (mut n, mut upper) = (0, 0);
    for c in letters {
        n += 1;
        upper += usize::from(c.is_uppercase());
    }
    n >= 4 && upper == n
}

/// Share of `reference`'s words (as a multiset: NFC, lower-case, markdown emphasis removed)
/// that occur in `got`. How completely a reader kept a document's text; used by the format
/// tests and the PDF benchmark. An empty reference gives 1.0.
pub fn token_recall(reference: &str, got: &str) -> f64 {
    fn tokens(s: &str) -> std::collections::HashMap<String, usize> {
        let mut out = std::collections::HashMap::new();
        let s = nfc(&s.replace('*', "")).to_lowercase();
        for t in s
            .split(|c: char| !c.is_alphanumeric())
            .filter(|t| !t.is_empty())
        {
            *out.entry(t.to_owned()).or_insert(0) += 1;
        }
        out
    }
    let want = tokens(reference);
    let have = tokens(got);
    let total: usize = want.values().sum();
    if total == 0 {
        return 1.0;
    }
    let found: usize = want
        .iter()
        .map(|(t, n)| (*n).min(have.get(t).copied().unwrap_or(0)))
        .sum();
    found as f64 / total as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfc_composes_decomposed_vietnamese() {
        let decomposed = "Qua\u{309}ng Nga\u{303}i";
        assert_eq!(nfc(decomposed), "Quảng Ngãi");
    }

    #[test]
    fn markdown_emphasis_is_removed_but_underscores_kept() {
        assert_eq!(
            strip_markdown_emphasis("Số: **47** /UBND-TTHC"),
            "Số: 47 /UBND-TTHC"
        );
        assert_eq!(
            strip_markdown_emphasis("Lưu: VT, KSTTHC (B_02b)."),
            "Lưu: VT, KSTTHC (B_02b)."
        );
        assert_eq!(strip_markdown_emphasis("* Như trên;"), "- Như trên;");
    }

    #[test]
    fn squash_agrees_with_splitting_on_every_space() {
        let space =
            |c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{200b}' || c == '\u{feff}';
        for s in [
            "  Sở\u{3000}Nội  vụ\u{2028}tỉnh\u{feff}Đắk\u{200b}Lắk\u{1680}ễ\u{85}x ",
            "\u{a0}\u{202f}Quảng Ngãi 😀 \u{205f}\r\n\tạ\u{b}b\u{c}",
            "",
            "   ",
            "một",
        ] {
            let want = s
                .split(space)
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            assert_eq!(squash_spaces(s), want, "{s:?}");
        }
        assert_eq!(squash_spaces("a\u{3000}b\u{2003}c"), "a b c");
    }

    /// The byte scan knows every white-space character and nothing else: each scalar value,
    /// between two letters, squashes as splitting on `char::is_whitespace` does.
    #[test]
    fn squash_knows_every_space_character() {
        let space =
            |c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{200b}' || c == '\u{feff}';
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let s = format!("ạ{c}b");
            let want = if space(c) {
                "ạ b".to_owned()
            } else {
                s.clone()
            };
            assert_eq!(squash_spaces(&s), want, "U+{:04X}", c as u32);
        }
    }

    /// The byte test says NFC only where the exact test does, for every scalar value alone and
    /// after a Vietnamese letter (a combining mark there composes).
    #[test]
    fn plainly_nfc_never_passes_what_nfc_would_change() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            for s in [c.to_string(), format!("ê{c}"), format!("ệ{c}")] {
                if plainly_nfc(&s) {
                    assert!(
                        unicode_normalization::is_nfc(&s),
                        "U+{:04X} in {s:?}",
                        c as u32
                    );
                }
            }
        }
        assert!(plainly_nfc(
            "Ủy ban nhân dân tỉnh Lâm Đồng, ngày 05 tháng 12 năm 2025"
        ));
        assert!(!plainly_nfc("Ủy ban nhân da\u{302}n"));
    }

    #[test]
    fn word_bounded_matches_are_those_of_a_unicode_boundary() {
        let bare = regex::Regex::new(r"(\d{1,2})/(\d{4})").unwrap();
        let bounded = regex::Regex::new(r"\b(\d{1,2})/(\d{4})\b").unwrap();
        for s in [
            "tháng 12/2024 và 3/2025",
            "số 123/2024, đến ễ5/2024 và 5/20245 rồi 7/2026",
            "Đạt12/2024 12/2024ạ (1/2023)",
        ] {
            let got: Vec<&str> = captures_bounded(&bare, s)
                .map(|c| c.get(0).unwrap().as_str())
                .collect();
            let want: Vec<&str> = bounded.find_iter(s).map(|m| m.as_str()).collect();
            assert_eq!(got, want, "{s:?}");
        }
    }

    #[test]
    fn squash_handles_nbsp_and_tabs() {
        assert_eq!(
            squash_spaces("  ngày\u{a0} 06\t tháng  01 "),
            "ngày 06 tháng 01"
        );
    }

    #[test]
    fn wrapped_paragraphs_are_rejoined() {
        let cases = [
            (
                "Thực hiện Quyết định số 757/QĐ-BNV ngày\n25/9/2023 của Bộ Nội vụ.",
                "Thực hiện Quyết định số 757/QĐ-BNV ngày 25/9/2023 của Bộ Nội vụ.\n",
            ),
            (
                "Kế hoạch số 186/KH-\nUBND ngày 17/9/2024",
                "Kế hoạch số 186/KH-UBND ngày 17/9/2024\n",
            ),
            (
                "Cơ quan Tổ chức -\nNội vụ huyện",
                "Cơ quan Tổ chức - Nội vụ huyện\n",
            ),
            (
                "1. Giao Sở Nội vụ:\n- Chủ trì tham mưu;\n- Phối hợp\nvới Sở Tài chính.",
                "1. Giao Sở Nội vụ:\n- Chủ trì tham mưu;\n- Phối hợp với Sở Tài chính.\n",
            ),
            (
                "Đoạn một.\n\nĐoạn hai\n2.3. Cơ quan\na) việc một\n(1) việc hai",
                "Đoạn một.\n\nĐoạn hai\n2.3. Cơ quan\na) việc một\n(1) việc hai\n",
            ),
            (
                "I. ĐÁNH GIÁ CHUNG\nNăm 2022 đạt\n9/2023, tăng",
                "I. ĐÁNH GIÁ CHUNG\nNăm 2022 đạt 9/2023, tăng\n",
            ),
            // A page break inside a paragraph.
            (
                "các cơ quan liên quan\n\ntự rà soát.",
                "các cơ quan liên quan tự rà soát.\n",
            ),
            (
                "tham mưu UBND tỉnh triển khai thực hiện hiệu quả công tác điều tra xã hội học xác định\n\nChỉ số cải cách.",
                "tham mưu UBND tỉnh triển khai thực hiện hiệu quả công tác điều tra xã hội học xác định Chỉ số cải cách.\n",
            ),
            (
                "Bước 1: Đăng nhập phần mềm\n\nCác tỉnh truy cập.",
                "Bước 1: Đăng nhập phần mềm\n\nCác tỉnh truy cập.\n",
            ),
            ("Kết thúc đoạn.\n\nđoạn sau", "Kết thúc đoạn.\n\nđoạn sau\n"),
        ];
        for (input, want) in cases {
            assert_eq!(unwrap_paragraphs(input), want, "{input:?}");
        }
    }

    #[test]
    fn token_recall_counts_multiplicity() {
        assert_eq!(token_recall("Số **47** số", "số 47"), 2.0 / 3.0);
        assert_eq!(token_recall("", "x"), 1.0);
        assert_eq!(token_recall("Quảng Ngãi", "QUẢNG NGÃI"), 1.0);
    }

    #[test]
    fn fold_table_agrees_with_decomposition() {
        for cp in 0u32..0x2100 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let mut slow = String::new();
            if c.is_ascii() {
                slow.push(c.to_ascii_lowercase());
            } else {
                fold_slow(c, &mut slow);
            }
            assert_eq!(fold(&c.to_string()), slow, "U+{cp:04X}");
        }
        assert_eq!(fold("Ưu tiên ĐẮK NÔNG Ṩ"), "uu tien dak nong s");
    }

    #[test]
    fn fold_removes_all_diacritics_and_d_bar() {
        assert_eq!(fold("Đắk Lắk"), "dak lak");
        assert_eq!(fold("CẢI CÁCH HÀNH CHÍNH"), "cai cach hanh chinh");
        assert_eq!(fold("Ủy ban nhân dân"), "uy ban nhan dan");
    }

    #[test]
    fn eth_typed_for_d_bar_is_repaired_and_folds_to_d() {
        assert_eq!(
            normalize_document("ÐẢNG CỘNG SẢN VIỆT NAM\nÐiều 1. Phê duyệt ðề án"),
            "ĐẢNG CỘNG SẢN VIỆT NAM\nĐiều 1. Phê duyệt đề án\n"
        );
        assert_eq!(fold("ÐỀ ÁN"), "de an");
        assert_eq!(fold("ðề án"), fold("Đề án"));
        assert!(matches!(fix_eth("Đề án"), std::borrow::Cow::Borrowed(_)));
    }
}
