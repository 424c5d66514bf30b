//! Fonts: how a shown string splits into character codes, what text each code stands for,
//! and how far each glyph advances.
//!
//! The layout pass decides word breaks from geometry, so every code must come with its
//! advance width. Widths come from `/Widths` (simple fonts), `/W` + `/DW` (CID fonts), or,
//! for the standard 14 fonts that carry no widths, built-in metrics. Text comes from the
//! ToUnicode CMap first (it is what the producer says the glyph means), then from the
//! encoding: `/Encoding` base (WinAnsi, MacRoman, Standard) plus `/Differences` glyph names,
//! decoded with AGL names, `uniXXXX`/`uXXXX` names and the composed Vietnamese names
//! (`ohornacute`, `acircumflexdotbelow`, ...). Codes with no text are dropped by the caller
//! and counted (`glyphs_unmapped`).

use std::sync::LazyLock;

use lopdf::{Dictionary, Document, Object};
use unicode_normalization::UnicodeNormalization;

use super::cmap::ToUnicode;

/// A font as the interpreter needs it.
#[derive(Debug)]
pub struct Font {
    /// Type0 (composite) font: multi-byte codes, CID widths.
    composite: bool,
    to_unicode: Option<ToUnicode>,
    /// Simple fonts: text per code from the encoding (used when ToUnicode is silent).
    simple_text: Vec<Option<char>>,
    /// Simple fonts: advance per code in glyph space (thousandths of text space).
    simple_widths: Vec<f32>,
    /// CID fonts: (first, last, width) runs from /W.
    cid_widths: Vec<(u32, u32, f32)>,
    default_width: f32,
    /// Glyph space → text space (1/1000 except Type3).
    scale: f32,
}

impl Font {
    /// A font to use when a `Tf` names nothing we can resolve: codes are 1 byte, text is
    /// Standard-encoded, widths are a typical 500.
    pub fn fallback() -> Font {
        Font {
            composite: false,
            to_unicode: None,
            simple_text: STANDARD.to_vec(),
            simple_widths: vec![500.0; 256],
            cid_widths: Vec::new(),
            default_width: 500.0,
            scale: 0.001,
        }
    }

    pub fn load(doc: &Document, dict: &Dictionary) -> Font {
        let subtype = dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .unwrap_or(b"");
        let to_unicode = dict
            .get_deref(b"ToUnicode", doc)
            .and_then(Object::as_stream)
            .ok()
            .and_then(|s| s.get_plain_content_with_limit(16 << 20).ok())
            .map(|data| ToUnicode::parse(&data));
        if subtype == b"Type0" {
            return Self::load_composite(doc, dict, to_unicode);
        }
        let base_font = dict
            .get(b"BaseFont")
            .and_then(Object::as_name)
            .unwrap_or(b"");
        let simple_text = simple_encoding(doc, dict, base_font);
        let mut scale = 0.001;
        if subtype == b"Type3"
            && let Ok(m) = dict
                .get_deref(b"FontMatrix", doc)
                .and_then(Object::as_array)
            && let Some(a) = m.first().and_then(|o| num(doc, o))
            && a.abs() > 1e-6
            && a.abs() < 1.0
        {
            scale = a;
        }
        let std_metrics = std14_metrics(base_font);
        let mut simple_widths = vec![f32::NAN; 256];
        let first = dict
            .get_deref(b"FirstChar", doc)
            .ok()
            .and_then(|o| num(doc, o))
            .unwrap_or(0.0) as i64;
        if let Ok(ws) = dict.get_deref(b"Widths", doc).and_then(Object::as_array) {
            for (k, w) in ws.iter().enumerate() {
                let code = first + k as i64;
                if (0..256).contains(&code)
                    && let Some(w) = num(doc, w)
                {
                    simple_widths[code as usize] = w;
                }
            }
        }
        let missing = dict
            .get_deref(b"FontDescriptor", doc)
            .and_then(Object::as_dict)
            .ok()
            .and_then(|fd| fd.get_deref(b"MissingWidth", doc).ok())
            .and_then(|o| num(doc, o));
        for (code, w) in simple_widths.iter_mut().enumerate() {
            if w.is_nan() {
                *w = simple_text[code]
                    .map(std_metrics)
                    .or(missing)
                    .unwrap_or(500.0);
            }
        }
        Font {
            composite: false,
            to_unicode,
            simple_text,
            simple_widths,
            cid_widths: Vec::new(),
            default_width: 500.0,
            scale,
        }
    }

    fn load_composite(doc: &Document, dict: &Dictionary, to_unicode: Option<ToUnicode>) -> Font {
        let descendant = dict
            .get_deref(b"DescendantFonts", doc)
            .and_then(Object::as_array)
            .ok()
            .and_then(|a| a.first())
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_dict().ok());
        let mut default_width = 1000.0;
        let mut cid_widths = Vec::new();
        if let Some(d) = descendant {
            if let Some(dw) = d.get_deref(b"DW", doc).ok().and_then(|o| num(doc, o)) {
                default_width = dw;
            }
            if let Ok(w) = d.get_deref(b"W", doc).and_then(Object::as_array) {
                let mut i = 0;
                while i < w.len() {
                    let Some(first) = num(doc, &w[i]) else { break };
                    let first = first.max(0.0) as u32;
                    match w.get(i + 1).map(|o| doc.dereference(o).map(|(_, o)| o)) {
                        Some(Ok(Object::Array(ws))) => {
                            for (k, o) in ws.iter().enumerate() {
                                if let Some(v) = num(doc, o) {
                                    let c = first.saturating_add(k as u32);
                                    cid_widths.push((c, c, v));
                                }
                            }
                            i += 2;
                        }
                        Some(Ok(o)) => {
                            let last = num(doc, o).unwrap_or(0.0).max(0.0) as u32;
                            let Some(v) = w.get(i + 2).and_then(|o| num(doc, o)) else {
                                break;
                            };
                            cid_widths.push((first, last, v));
                            i += 3;
                        }
                        _ => break,
                    }
                }
            }
        }
        cid_widths.sort_by_key(|&(a, _, _)| a);
        Font {
            composite: true,
            to_unicode,
            simple_text: Vec::new(),
            simple_widths: Vec::new(),
            cid_widths,
            default_width,
            scale: 0.001,
        }
    }

    /// Splits off the next code: (code, byte length).
    pub fn next_code(&self, bytes: &[u8]) -> (u32, usize) {
        if !self.composite {
            return (u32::from(bytes[0]), 1);
        }
        let len = self
            .to_unicode
            .as_ref()
            .filter(|t| t.has_codespace())
            .and_then(|t| t.code_len(bytes))
            .unwrap_or(2)
            .min(bytes.len());
        let code = bytes[..len]
            .iter()
            .fold(0u32, |acc, &b| (acc << 8) | u32::from(b));
        (code, len)
    }

    /// Advance of `code` in text space units (before font size and scaling).
    pub fn width(&self, code: u32) -> f32 {
        let w = if self.composite {
            // Identity CMaps: CID = code. Binary search the sorted runs.
            let idx = self.cid_widths.partition_point(|&(a, _, _)| a <= code);
            match idx.checked_sub(1).map(|k| self.cid_widths[k]) {
                Some((a, b, w)) if a <= code && code <= b => w,
                _ => self.default_width,
            }
        } else {
            self.simple_widths
                .get(code as usize)
                .copied()
                .unwrap_or(500.0)
        };
        w * self.scale
    }

    /// Appends the text of `code` (`len` bytes) to `out`; false when the code has none.
    pub fn text_into(&self, code: u32, len: usize, out: &mut String) -> bool {
        if let Some(tu) = &self.to_unicode
            && let Some(s) = tu.lookup(code, len as u8)
        {
            let before = out.len();
            out.extend(s.chars().filter(|&c| c != '\u{fffd}' && c != '\0'));
            if out.len() > before {
                return true;
            }
        }
        if !self.composite
            && let Some(Some(c)) = self.simple_text.get(code as usize)
        {
            out.push(*c);
            return true;
        }
        false
    }

    /// True when a single-byte code 32 is a word space (Tw applies to it).
    pub fn word_space_applies(&self, len: usize, code: u32) -> bool {
        len == 1 && code == 32
    }
}

fn num(doc: &Document, o: &Object) -> Option<f32> {
    let o = doc.dereference(o).ok()?.1;
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

/// Decodes each single byte with one of lopdf's base encodings.
fn base_table(name: &[u8]) -> Vec<Option<char>> {
    let mut font = Dictionary::new();
    font.set("Type", Object::Name(b"Font".to_vec()));
    font.set("Encoding", Object::Name(name.to_vec()));
    let doc = Document::new();
    let mut table = vec![None; 256];
    if let Ok(enc) = font.get_font_encoding(&doc) {
        for (b, slot) in table.iter_mut().enumerate() {
            if let Ok(s) = enc.bytes_to_string(&[b as u8]) {
                *slot = s.chars().next().filter(|&c| c != '\u{fffd}');
            }
        }
    }
    table
}

static WIN_ANSI: LazyLock<Vec<Option<char>>> = LazyLock::new(|| base_table(b"WinAnsiEncoding"));
static MAC_ROMAN: LazyLock<Vec<Option<char>>> = LazyLock::new(|| base_table(b"MacRomanEncoding"));
static STANDARD: LazyLock<Vec<Option<char>>> = LazyLock::new(|| {
    let mut t = base_table(b"StandardEncoding");
    if t.iter().all(Option::is_none) {
        // Defensive: if the lookup ever changes, ASCII is still right for StandardEncoding.
        for (b, slot) in t.iter_mut().enumerate().take(127).skip(32) {
            *slot = char::from_u32(b as u32);
        }
    }
    t
});

fn base_by_name(name: &[u8]) -> Option<&'static [Option<char>]> {
    match name {
        b"WinAnsiEncoding" => Some(&WIN_ANSI),
        b"MacRomanEncoding" => Some(&MAC_ROMAN),
        b"StandardEncoding" => Some(&STANDARD),
        _ => None,
    }
}

fn simple_encoding(doc: &Document, dict: &Dictionary, base_font: &[u8]) -> Vec<Option<char>> {
    let enc = dict.get_deref(b"Encoding", doc).ok();
    let mut table: Vec<Option<char>> = match enc {
        Some(Object::Name(n)) => base_by_name(n).unwrap_or(&STANDARD).to_vec(),
        Some(Object::Dictionary(d)) => d
            .get(b"BaseEncoding")
            .and_then(Object::as_name)
            .ok()
            .and_then(base_by_name)
            .unwrap_or(&STANDARD)
            .to_vec(),
        _ => {
            // No /Encoding: TrueType subsets written by LibreOffice and others rely on
            // ToUnicode; Standard is the spec's default for the rest.
            let _ = base_font;
            STANDARD.to_vec()
        }
    };
    if let Some(Object::Dictionary(d)) = enc
        && let Ok(diffs) = d.get_deref(b"Differences", doc).and_then(Object::as_array)
    {
        let mut code: i64 = 0;
        for o in diffs {
            match o {
                Object::Integer(i) => code = *i,
                Object::Name(n) => {
                    if (0..256).contains(&code) {
                        table[code as usize] = glyph_name_to_char(n);
                    }
                    code += 1;
                }
                _ => {}
            }
        }
    }
    table
}

/// Unicode for a glyph name: `uniXXXX`, `uXXXX[XX]`, AGL names for Latin text, and composed
/// accent names (`ohornacute` = o + horn + acute, NFC-composed to ớ).
pub fn glyph_name_to_char(name: &[u8]) -> Option<char> {
    let name = std::str::from_utf8(name).ok()?;
    let name = name.split('.').next().unwrap_or(name);
    if let Some(hex) = name.strip_prefix("uni").and_then(|h| h.get(..4)) {
        return u32::from_str_radix(hex, 16).ok().and_then(char::from_u32);
    }
    if let Some(hex) = name.strip_prefix('u')
        && (4..=6).contains(&hex.len())
        && hex.chars().all(|c| c.is_ascii_hexdigit())
    {
        return u32::from_str_radix(hex, 16).ok().and_then(char::from_u32);
    }
    if name.len() == 1 {
        let c = name.chars().next()?;
        return c.is_ascii_alphabetic().then_some(c);
    }
    if let Some(c) = named(name) {
        return Some(c);
    }
    // base letter + accent suffixes
    let mut chars = name.chars();
    let base = chars.next()?;
    if !base.is_ascii_alphabetic() {
        return None;
    }
    let mut rest = chars.as_str();
    let mut composed = String::new();
    composed.push(base);
    const MARKS: &[(&str, char)] = &[
        ("circumflex", '\u{302}'),
        ("hookabove", '\u{309}'),
        ("dotbelow", '\u{323}'),
        ("dieresis", '\u{308}'),
        ("cedilla", '\u{327}'),
        ("macron", '\u{304}'),
        ("breve", '\u{306}'),
        ("acute", '\u{301}'),
        ("grave", '\u{300}'),
        ("tilde", '\u{303}'),
        ("caron", '\u{30c}'),
        ("horn", '\u{31b}'),
        ("ring", '\u{30a}'),
    ];
    while !rest.is_empty() {
        let (suffix, mark) = MARKS.iter().find(|(s, _)| rest.starts_with(s))?;
        composed.push(*mark);
        rest = &rest[suffix.len()..];
    }
    let mut it = composed.nfc();
    let c = it.next()?;
    it.next().is_none().then_some(c)
}

fn named(name: &str) -> Option<char> {
    Some(match name {
        "space" | "nbspace" | "nonbreakingspace" => ' ',
        "exclam" => '!',
        "quotedbl" => '"',
        "numbersign" => '#',
        "dollar" => '$',
        "percent" => '%',
        "ampersand" => '&',
        "quotesingle" => '\'',
        "parenleft" => '(',
        "parenright" => ')',
        "asterisk" => '*',
        "plus" => '+',
        "comma" => ',',
        "hyphen" | "minus" | "sfthyphen" => '-',
        "period" => '.',
        "slash" => '/',
        "zero" => '0',
        "one" => '1',
        "two" => '2',
        "three" => '3',
        "four" => '4',
        "five" => '5',
        "six" => '6',
        "seven" => '7',
        "eight" => '8',
        "nine" => '9',
        "colon" => ':',
        "semicolon" => ';',
        "less" => '<',
        "equal" => '=',
        "greater" => '>',
        "question" => '?',
        "at" => '@',
        "bracketleft" => '[',
        "backslash" => '\\',
        "bracketright" => ']',
        "asciicircum" => '^',
        "underscore" => '_',
        "grave" => '`',
        "braceleft" => '{',
        "bar" => '|',
        "braceright" => '}',
        "asciitilde" => '~',
        "quoteleft" => '‘',
        "quoteright" => '’',
        "quotedblleft" => '“',
        "quotedblright" => '”',
        "quotesinglbase" => '‚',
        "quotedblbase" => '„',
        "endash" => '–',
        "emdash" => '—',
        "bullet" => '•',
        "ellipsis" => '…',
        "periodcentered" => '·',
        "section" => '§',
        "paragraph" => '¶',
        "degree" => '°',
        "copyright" => '©',
        "registered" => '®',
        "trademark" => '™',
        "guillemotleft" => '«',
        "guillemotright" => '»',
        "multiply" => '×',
        "divide" => '÷',
        "plusminus" => '±',
        "Euro" => '€',
        "dagger" => '†',
        "daggerdbl" => '‡',
        "germandbls" => 'ß',
        "dcroat" | "dmacron" | "dbar" | "dstroke" => 'đ',
        "Dcroat" | "Dmacron" | "Dbar" | "Dstroke" => 'Đ',
        "ohorn" => 'ơ',
        "Ohorn" => 'Ơ',
        "uhorn" => 'ư',
        "Uhorn" => 'Ư',
        "fi" => 'ﬁ',
        "fl" => 'ﬂ',
        "ae" => 'æ',
        "AE" => 'Æ',
        "oslash" => 'ø',
        "Oslash" => 'Ø',
        "dotlessi" => 'ı',
        "numero" => '№',
        _ => return None,
    })
}

/// Advance widths of the standard 14 fonts (ASCII), for PDFs that name them without
/// /Widths. Accented letters take their base letter's width.
fn std14_metrics(base_font: &[u8]) -> fn(char) -> f32 {
    let name = String::from_utf8_lossy(base_font).to_ascii_lowercase();
    let name = name.split('+').next_back().unwrap_or("").to_owned();
    if name.contains("courier") {
        |_| 600.0
    } else if name.contains("times") || name.contains("serif") {
        if name.contains("bold") {
            |c| times(c) * 1.04
        } else {
            times
        }
    } else if name.contains("bold") {
        |c| helvetica(c) * 1.06
    } else {
        helvetica
    }
}

fn ascii_base(c: char) -> Option<u8> {
    if c.is_ascii() {
        return Some(c as u8);
    }
    match c {
        'đ' => Some(b'd'),
        'Đ' => Some(b'D'),
        _ => c.nfd().next().filter(char::is_ascii).map(|b| b as u8),
    }
}

#[rustfmt::skip]
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

#[rustfmt::skip]
const TIMES: [u16; 95] = [
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278,
    500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444,
    921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722,
    556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500,
    333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500,
    500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541,
];

fn helvetica(c: char) -> f32 {
    metric(&HELVETICA, c, 556.0)
}

fn times(c: char) -> f32 {
    metric(&TIMES, c, 500.0)
}

fn metric(table: &[u16; 95], c: char, default: f32) -> f32 {
    match ascii_base(c) {
        Some(b) if (32..127).contains(&b) => f32::from(table[(b - 32) as usize]),
        _ => default,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_glyph_names() {
        let cases: &[(&str, char)] = &[
            ("ohornacute", 'ớ'),
            ("uhorndotbelow", 'ự'),
            ("acircumflexhookabove", 'ẩ'),
            ("abrevetilde", 'ẵ'),
            ("Ecircumflexgrave", 'Ề'),
            ("dcroat", 'đ'),
            ("Dcroat", 'Đ'),
            ("ytilde", 'ỹ'),
            ("Idotbelow", 'Ị'),
            ("uni1EA3", 'ả'),
            ("u1EE9", 'ứ'),
            ("a", 'a'),
            ("comma", ','),
            ("aacute.sc", 'á'),
        ];
        for &(name, want) in cases {
            assert_eq!(glyph_name_to_char(name.as_bytes()), Some(want), "{name}");
        }
        assert_eq!(glyph_name_to_char(b"g123"), None);
        assert_eq!(glyph_name_to_char(b".notdef"), None);
        assert_eq!(glyph_name_to_char("uniAé12".as_bytes()), None);
    }

    #[test]
    fn base_tables_decode_ascii_and_latin1() {
        assert_eq!(WIN_ANSI[b'A' as usize], Some('A'));
        assert_eq!(WIN_ANSI[0xe2], Some('â'));
        assert_eq!(MAC_ROMAN[0x89], Some('â'));
        assert_eq!(STANDARD[b'z' as usize], Some('z'));
    }

    #[test]
    fn std14_widths() {
        assert_eq!(std14_metrics(b"Helvetica")('4'), 556.0);
        assert_eq!(std14_metrics(b"Times-Roman")('a'), 444.0);
        assert_eq!(std14_metrics(b"Times-Roman")('ầ'), 444.0);
        assert_eq!(std14_metrics(b"Courier")('W'), 600.0);
    }
}
