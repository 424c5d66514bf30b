//! Legacy Vietnamese 8-bit encodings: TCVN3 (ABC, the `.VnTime` fonts), VNI (the
//! `VNI-Times` fonts), VISCII, VPS and composed Windows-1258, converted to NFC Unicode.
//!
//! Why a module of its own: archives from before ~2010 hold text typed in these font
//! encodings, and the same bytes reach us through every container — a `.txt` saved by an old
//! Windows, a `.doc`/`.rtf` run in a `.VnTime` font, a DOCX converted from such a `.doc`, an
//! HTML page with `<font face=".VnTime">`, a PDF whose simple font was made from a `.VnTime`
//! TrueType. Readers only need two questions answered: *which* encoding (if any) a piece of
//! text is in, and *what* it says in Unicode.
//!
//! Detection is by content. A font name is only a hint: many Unicode documents still name
//! `.VnTime` in their font tables (every `.doc` of the development corpus does), so a font
//! name alone never converts anything. Each candidate decoding is scored by how many of its
//! words are well-formed Vietnamese syllables (initial consonant, vowel nucleus, final
//! consonant, at most one tone mark) and how many words hold characters no Vietnamese word
//! contains (`§`, `¸`, `Ò` inside a word); the original text competes too, so text that is
//! already Unicode stays as it is.

mod tables;

use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

/// A legacy encoding kiemchung converts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Legacy {
    /// TCVN 5712:1993 VN3, "ABC": the `.VnTime`, `.VnArial` fonts (capitals come from the
    /// `...H` fonts, which draw the lower-case codes as capitals).
    Tcvn3,
    /// VNI Windows: a base letter followed by a mark byte (`Vieät` = `Việt`).
    Vni,
    /// VISCII 1.1 (RFC 1456).
    Viscii,
    /// VPS.
    Vps,
    /// Windows-1258 with tones as combining marks.
    Cp1258,
}

/// The candidates tried on text that is not Unicode, in order of how common they are in
/// provincial archives (ties go to the earlier one).
const ALL: [Legacy; 5] = [
    Legacy::Tcvn3,
    Legacy::Vni,
    Legacy::Cp1258,
    Legacy::Viscii,
    Legacy::Vps,
];

impl Legacy {
    /// The name users know the encoding by, shown in reports.
    pub fn name(self) -> &'static str {
        match self {
            Legacy::Tcvn3 => "TCVN3",
            Legacy::Vni => "VNI",
            Legacy::Viscii => "VISCII",
            Legacy::Vps => "VPS",
            Legacy::Cp1258 => "Windows-1258",
        }
    }

    /// The encoding a font name suggests, and whether the font draws capitals only
    /// (`.VnTimeH`). Only a hint: see the module documentation.
    pub fn from_font(font: &str) -> Option<(Legacy, bool)> {
        let f = font.trim().trim_matches('"');
        let lower = f.to_ascii_lowercase();
        if lower.starts_with(".vn") {
            // `.VnTimeH`, `.VnArialH`, `.VnCenturyH`: the capital fonts end in `H`.
            let caps = f.ends_with('H') && !lower.ends_with("sh");
            return Some((Legacy::Tcvn3, caps));
        }
        if lower.starts_with("vni-") || lower.starts_with("vni ") {
            return Some((Legacy::Vni, false));
        }
        if lower.starts_with("vps") {
            return Some((Legacy::Vps, false));
        }
        if lower.starts_with("viscii") || lower.starts_with("vn-") {
            return Some((Legacy::Viscii, false));
        }
        None
    }

    /// Decodes bytes in this encoding to NFC text. Never fails: every byte maps to something.
    pub fn decode(self, bytes: &[u8]) -> String {
        let raw: String = match self {
            Legacy::Tcvn3 => bytes
                .iter()
                .map(|&b| table_char(&tables::TCVN3, b))
                .collect(),
            Legacy::Viscii => bytes
                .iter()
                .map(|&b| table_char(&tables::VISCII, b))
                .collect(),
            Legacy::Vps => bytes.iter().map(|&b| table_char(&tables::VPS, b)).collect(),
            Legacy::Cp1258 => encoding_rs::WINDOWS_1258.decode(bytes).0.into_owned(),
            Legacy::Vni => {
                let glyphs: String = bytes.iter().map(|&b| cp1252_char(b)).collect();
                return vni_decode(&glyphs);
            }
        };
        raw.nfc().collect()
    }

    /// Re-reads text whose characters are really 8-bit glyph codes of a legacy font (what
    /// Word, LibreOffice and browsers store for a run in `.VnTime`: `§iÒu` for `Điều`).
    /// `None` when a character has no 8-bit code (the text is real Unicode).
    pub fn reinterpret(self, text: &str) -> Option<String> {
        let bytes = glyph_bytes(text)?;
        Some(self.decode(&bytes))
    }
}

/// The legacy encoding the font names in a markup source suggest (`face=".VnTime"`,
/// `font-family: VNI-Times`, an RTF font table, a DOCX `w:rFonts`), if any.
pub fn font_hint_in(source: &str) -> Option<Legacy> {
    let lower = source.to_ascii_lowercase();
    let at = |needle: &str| lower.find(needle);
    let tcvn = [".vntime", ".vnarial", ".vn"]
        .iter()
        .filter_map(|n| {
            at(n).filter(|&i| {
                lower[i + n.len()..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                    || n.len() > 3
            })
        })
        .min();
    let vni = at("vni-");
    match (tcvn, vni) {
        (Some(t), Some(v)) => Some(if t <= v { Legacy::Tcvn3 } else { Legacy::Vni }),
        (Some(_), None) => Some(Legacy::Tcvn3),
        (None, Some(_)) => Some(Legacy::Vni),
        (None, None) => at("vps").map(|_| Legacy::Vps),
    }
}

fn table_char(table: &[u16; 256], b: u8) -> char {
    char::from_u32(u32::from(table[usize::from(b)])).unwrap_or(char::REPLACEMENT_CHARACTER)
}

/// Windows-1252 reading of one byte (what a Western font shows for it).
fn cp1252_char(b: u8) -> char {
    cp1252_table()[usize::from(b)]
}

fn cp1252_table() -> &'static [char; 256] {
    static TABLE: OnceLock<[char; 256]> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = ['\0'; 256];
        for (i, slot) in t.iter_mut().enumerate() {
            let b = [i as u8];
            let (s, _, _) = encoding_rs::WINDOWS_1252.decode(&b);
            *slot = s.chars().next().unwrap_or(char::REPLACEMENT_CHARACTER);
        }
        t
    })
}

/// The 8-bit codes behind text stored as Latin-1/Windows-1252 characters.
fn glyph_bytes(text: &str) -> Option<Vec<u8>> {
    text.chars()
        .map(|c| {
            let u = u32::from(c);
            if u < 0x100 {
                Some(u as u8)
            } else {
                cp1252_table().iter().position(|&t| t == c).map(|i| i as u8)
            }
        })
        .collect()
}

/// VNI: vowels are followed by a mark glyph; a few letters are single glyphs.
fn vni_decode(glyphs: &str) -> String {
    let mut out = String::with_capacity(glyphs.len() + 8);
    let mut prev_vowel: Option<char> = None;
    for c in glyphs.chars() {
        if let Some(base) = prev_vowel
            && let Some(marks) = vni_marks(base, c)
        {
            out.push_str(marks);
            // A tone may still follow a shape mark only in the combined glyphs, which carry
            // both; after any mark the syllable's vowel is complete.
            prev_vowel = None;
            continue;
        }
        let single = match c {
            'ô' => Some('ơ'),
            'Ô' => Some('Ơ'),
            'ö' => Some('ư'),
            'Ö' => Some('Ư'),
            'ñ' => Some('đ'),
            'Ñ' => Some('Đ'),
            'æ' => Some('ỉ'),
            'Æ' => Some('Ỉ'),
            'ó' => Some('ĩ'),
            'Ó' => Some('Ĩ'),
            'ò' => Some('ị'),
            'Ò' => Some('Ị'),
            'î' => Some('ỵ'),
            'Î' => Some('Ỵ'),
            _ => None,
        };
        let ch = single.unwrap_or(c);
        out.push(ch);
        prev_vowel = matches!(
            ch,
            'a' | 'e' | 'o' | 'u' | 'y' | 'A' | 'E' | 'O' | 'U' | 'Y' | 'ơ' | 'Ơ' | 'ư' | 'Ư'
        )
        .then_some(ch);
    }
    out.nfc().collect()
}

/// The combining marks a VNI mark glyph adds to `base`, if it is a mark there.
fn vni_marks(base: char, mark: char) -> Option<&'static str> {
    let lower = mark.to_lowercase().next().unwrap_or(mark);
    // Tones (any vowel).
    let tone = match lower {
        'ù' => Some("\u{301}"),
        'ø' => Some("\u{300}"),
        'û' => Some("\u{309}"),
        'õ' => Some("\u{303}"),
        'ï' => Some("\u{323}"),
        _ => None,
    };
    if tone.is_some() {
        return tone;
    }
    let b = base.to_ascii_lowercase();
    // Circumflex, alone or with a tone (a, e, o).
    if matches!(b, 'a' | 'e' | 'o') {
        let m = match lower {
            'â' => Some("\u{302}"),
            'á' => Some("\u{302}\u{301}"),
            'à' => Some("\u{302}\u{300}"),
            'å' => Some("\u{302}\u{309}"),
            'ã' => Some("\u{302}\u{303}"),
            'ä' => Some("\u{302}\u{323}"),
            _ => None,
        };
        if m.is_some() {
            return m;
        }
    }
    // Breve, alone or with a tone (a only).
    if b == 'a' {
        return match lower {
            'ê' => Some("\u{306}"),
            'é' => Some("\u{306}\u{301}"),
            'è' => Some("\u{306}\u{300}"),
            'ú' => Some("\u{306}\u{309}"),
            'ü' => Some("\u{306}\u{303}"),
            'ë' => Some("\u{306}\u{323}"),
            _ => None,
        };
    }
    None
}

/// Decides how bytes that are not valid UTF-8 are encoded: the candidate whose decoding reads
/// most like Vietnamese, Windows-1258 when nothing does. Returns the encoding and the text.
pub fn decode_unknown(bytes: &[u8]) -> (Legacy, String) {
    let mut best: Option<(i64, Legacy, String)> = None;
    for enc in ALL {
        let text = enc.decode(bytes);
        let s = score(&text);
        if best.as_ref().is_none_or(|(b, _, _)| s > *b) {
            best = Some((s, enc, text));
        }
    }
    match best {
        Some((s, enc, text)) if s > 0 => (enc, text),
        _ => (Legacy::Cp1258, Legacy::Cp1258.decode(bytes)),
    }
}

/// [`decode_unknown`] for a reader: the text, and the legacy encoding found, or `None` with
/// warning `encoding_guessed` pushed when nothing read better than Windows-1258.
pub fn decode_guessed(bytes: &[u8], warnings: &mut Vec<String>) -> (String, Option<Legacy>) {
    let (enc, text) = decode_unknown(bytes);
    if enc == Legacy::Cp1258 {
        warnings.push(crate::warnings::ENCODING_GUESSED.to_owned());
        (text, None)
    } else {
        (text, Some(enc))
    }
}

/// Finds and converts the lines of already-decoded text that are really legacy glyph codes.
///
/// Only lines whose every character has an 8-bit code are candidates. The encoding is chosen
/// once for the whole text from all candidate lines together (more evidence than one run);
/// `hint` (from a font table) wins ties. Each candidate line is then converted unless that
/// reads worse than leaving it. `None` when nothing is converted.
pub fn fix_text(text: &str, hint: Option<Legacy>) -> Option<(String, Legacy)> {
    let candidates: Vec<&str> = text
        .lines()
        .filter(|l| !l.is_ascii() && glyph_bytes(l).is_some())
        .collect();
    if candidates.is_empty() {
        return None;
    }
    let joined = candidates.join("\n");
    let original = score(&joined);
    let mut order: Vec<Legacy> = hint.into_iter().collect();
    order.extend(
        ALL.iter()
            .copied()
            .filter(|e| Some(*e) != hint && *e != Legacy::Cp1258),
    );
    let mut best: Option<(i64, Legacy)> = None;
    for enc in order {
        let Some(conv) = enc.reinterpret(&joined) else {
            continue;
        };
        let s = score(&conv);
        if s > original && convincing(&conv) && best.is_none_or(|(b, _)| s > b) {
            best = Some((s, enc));
        }
    }
    let (_, enc) = best?;
    let mut changed = false;
    let mut out = String::with_capacity(text.len() + 16);
    for piece in text.split_inclusive('\n') {
        let (line, nl) = match piece.strip_suffix('\n') {
            Some(l) => (l, "\n"),
            None => (piece, ""),
        };
        let conv = (!line.is_ascii())
            .then(|| enc.reinterpret(line))
            .flatten()
            // The document is known to be in `enc`: a line converts when that reads better,
            // or as well with only letters changed (`Sè: 23` and `Số: 23` are both
            // Vietnamese; the document decides).
            .filter(|c| {
                let (new, old) = (score(c), score(line));
                new > old || (new == old && letters_only_change(line, c))
            });
        match conv {
            Some(c) => {
                changed = true;
                out.push_str(&c);
            }
            None => out.push_str(line),
        }
        out.push_str(nl);
    }
    // Unicode text whose only "legacy" characters are the eth typed for Đ (VISCII puts Đ/đ at
    // the eth's code points): not a legacy encoding, [`crate::text::fix_eth`] repairs it.
    if changed && crate::text::fix_eth(&out) == crate::text::fix_eth(text) {
        return None;
    }
    changed.then_some((out, enc))
}

/// How Vietnamese a text reads: +1 for every well-formed syllable with a Vietnamese letter
/// outside ASCII, −2 for every word holding a character no Vietnamese word has.
pub fn score(text: &str) -> i64 {
    let w = words(text);
    w.good as i64 - 2 * w.bad as i64
}

/// Counts of the words of a text that are not plain ASCII.
#[derive(Debug, Default, Clone, Copy)]
struct Words {
    /// Well-formed Vietnamese syllables.
    good: usize,
    /// Words with characters no Vietnamese word has.
    bad: usize,
    /// All non-ASCII words.
    all: usize,
}

fn words(text: &str) -> Words {
    let mut w = Words::default();
    // Typographic punctuation of Unicode text separates words too: en dash, quotes and
    // ellipsis are no evidence either way (in a legacy reading they are letters, which the
    // converted text then shows).
    for word in text.split(|c: char| {
        c.is_whitespace()
            || (c.is_ascii_punctuation() && c != '@')
            || c.is_ascii_digit()
            || matches!(c, '–' | '—' | '“' | '”' | '‘' | '’' | '…' | '•')
    }) {
        if word.is_empty() || word.is_ascii() {
            continue;
        }
        w.all += 1;
        match syllable(word) {
            Some(true) => w.good += 1,
            Some(false) => {}
            None => w.bad += 1,
        }
    }
    w
}

/// Whether a decoding reads as real text in that encoding: a true legacy decoding gives
/// well-formed syllables almost everywhere, while a wrong one, or a broken font map that
/// only resembles an encoding (OCR layers with mis-mapped fonts), leaves many words broken.
fn convincing(conv: &str) -> bool {
    let w = words(conv);
    w.good >= 2 && w.good * 10 >= w.all * 8
}

/// Whether converting `line` to `conv` only changes letters (`Sè` → `Số`), never
/// punctuation or spaces (`–` → `Ọ`, a no-break space → `Õ`).
fn letters_only_change(line: &str, conv: &str) -> bool {
    use unicode_normalization::UnicodeNormalization;
    let a: Vec<char> = line.chars().collect();
    let b: Vec<char> = conv.nfc().collect();
    a.len() == b.len()
        && a.iter()
            .zip(&b)
            .all(|(x, y)| x == y || (x.is_alphabetic() && y.is_alphabetic()))
}

/// `Some(true)`: a well-formed Vietnamese syllable with a non-ASCII letter; `Some(false)`:
/// letters of the alphabet but not a syllable (names, foreign words); `None`: characters no
/// Vietnamese word holds, or capitals inside a lower-case word.
fn syllable(word: &str) -> Option<bool> {
    let mut base = String::with_capacity(word.len());
    let mut tones = 0;
    let mut seen_lower = false;
    for c in word.nfd() {
        match c {
            '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}' => tones += 1,
            '\u{302}' | '\u{306}' | '\u{31b}' => {
                // Shape marks belong to the letter before them.
                let last = base.pop()?;
                base.push(match (last, c) {
                    ('a', '\u{302}') => 'â',
                    ('a', '\u{306}') => 'ă',
                    ('e', '\u{302}') => 'ê',
                    ('o', '\u{302}') => 'ô',
                    ('o', '\u{31b}') => 'ơ',
                    ('u', '\u{31b}') => 'ư',
                    _ => return None,
                });
            }
            c if c.is_ascii_alphabetic() || c == 'đ' || c == 'Đ' => {
                if c.is_lowercase() {
                    seen_lower = true;
                } else if seen_lower {
                    return None;
                }
                base.extend(c.to_lowercase());
            }
            _ => return None,
        }
    }
    if tones > 1 {
        return None;
    }
    let has_viet = !word.is_ascii();
    // One-letter words (`ở`, `ý`) are real but prove nothing: a stray no-break space
    // decoded as VISCII is `Õ`.
    Some(has_viet && base.chars().count() > 1 && well_formed(&base))
}

/// Initial consonant + vowel nucleus + final consonant, on a tone-less lower-case syllable.
fn well_formed(s: &str) -> bool {
    const INITIALS: [&str; 27] = [
        "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g",
        "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
    ];
    const FINALS: [&str; 9] = ["ng", "nh", "ch", "c", "m", "n", "p", "t", ""];
    let rest = INITIALS.iter().find_map(|i| s.strip_prefix(i)).unwrap_or(s);
    // `gi` and `qu` may be the whole onset of a syllable whose vowel is that i/u.
    let candidates = [rest, s.strip_prefix('g').unwrap_or(s)];
    candidates.iter().any(|r| {
        FINALS.iter().any(|f| {
            r.strip_suffix(f).is_some_and(|v| {
                !v.is_empty()
                    && v.chars().count() <= 3
                    && v.chars().all(|c| "aăâeêioôơuưy".contains(c))
            })
        })
    })
}

#[cfg(test)]
mod tests;
