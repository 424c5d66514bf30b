//! Is a text layer Vietnamese at all? A word-plausibility test.
//!
//! Some scans carry an invisible text layer from an English OCR pass (`uY BAN NgAN nAN`,
//! `56:]+9-} /TB-LIBND`) or from a Vietnamese OCR whose font maps wrongly (`CØNG HOÀXÃ HØI`).
//! Any PDF reader takes that for text. Vietnamese is written in syllables with a strict shape
//! — an onset from a closed list, a vowel nucleus, a coda from a closed list, at most one
//! tone mark, one letter case pattern — so the share of words that are possible syllables
//! tells real text (≈ 85–100 %: names, abbreviations and numbers aside) from such layers
//! (well under half). The test looks at the shape of the language, not at any document.

use unicode_normalization::UnicodeNormalization;

const ONSETS: &[&str] = &[
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
];
const CODAS: &[&str] = &["ng", "nh", "ch", "c", "m", "n", "p", "t", ""];
const STOPS: &[&str] = &["ch", "c", "p", "t"];
const VOWELS: &str = "aăâeêioôơuưy";
const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// Whether `word` (letters only) can be one Vietnamese syllable.
pub fn is_syllable(word: &str) -> bool {
    let chars: Vec<char> = word.chars().collect();
    if chars.is_empty() || chars.len() > 7 {
        return false;
    }
    // Letter case: all lower, all upper, or capitalised.
    let upper = chars.iter().filter(|c| c.is_uppercase()).count();
    if upper != 0 && upper != chars.len() && !(upper == 1 && chars[0].is_uppercase()) {
        return false;
    }
    let lower = word.to_lowercase();
    let mut tones = 0;
    let mut tone = None;
    let base: String = lower
        .nfd()
        .filter(|c| {
            let t = TONES.contains(c);
            if t {
                tones += 1;
                tone = Some(*c);
            }
            !t
        })
        .nfc()
        .collect();
    if tones > 1 {
        return false;
    }
    for onset in ONSETS {
        let Some(rest) = base.strip_prefix(onset) else {
            continue;
        };
        for coda in CODAS {
            let Some(nucleus) = rest.strip_suffix(coda) else {
                continue;
            };
            // Glides i/y/o/u close open syllables ("tai", "sao", "mưu", "tuy").
            let n: Vec<char> = nucleus.chars().collect();
            if !(1..=3).contains(&n.len()) || !n.iter().all(|c| VOWELS.contains(*c)) {
                continue;
            }
            // A syllable closed by a stop (-p, -t, -c, -ch) takes only the sắc or nặng
            // tone: "ác", "ạt" are words, "ùc", "ac" cannot be.
            if STOPS.contains(coda) && !matches!(tone, Some('\u{301}' | '\u{323}')) {
                continue;
            }
            return true;
        }
    }
    false
}

/// Share of plausible syllables among the letter words of `text`, share of those words
/// that carry a Vietnamese letter or mark outside ASCII, and how many words were looked at. Words mixing letters with digits or symbols inside count as implausible
/// (`56:]+9-}`); pure numbers and punctuation are not words.
pub fn plausibility(text: &str) -> (f32, f32, usize) {
    let mut total = 0usize;
    let mut good = 0usize;
    let mut marked = 0usize;
    for raw in text.split_whitespace().take(4000) {
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
        if word.is_empty()
            || word
                .chars()
                .all(|c| c.is_ascii_digit() || !c.is_alphanumeric())
        {
            continue;
        }
        // Symbols and references (`QĐ-UBND`, `23/BNV-CCHC`, `V/v`) are not syllables but
        // are normal in this text: judge their letter parts.
        for part in word.split(['-', '/', '.', ',', '(', ')']) {
            if part.is_empty() || part.chars().all(|c| c.is_ascii_digit()) {
                continue;
            }
            total += 1;
            marked += usize::from(part.chars().any(|c| c.is_alphabetic() && !c.is_ascii()));
            let letters = part.chars().all(char::is_alphabetic);
            let abbrev = letters
                && part.chars().count() <= 6
                && part.chars().all(|c| c.is_uppercase())
                && part.chars().all(|c| c.is_ascii() || c == 'Đ');
            if letters && (is_syllable(part) || abbrev) {
                good += 1;
            }
        }
    }
    if total == 0 {
        return (1.0, 1.0, 0);
    }
    let n = total as f32;
    (good as f32 / n, marked as f32 / n, total)
}

/// A text layer that is not readable Vietnamese (see the module doc): too few possible
/// syllables, or hardly any word with a Vietnamese letter or tone mark (written Vietnamese
/// marks most of its words — "ỦY BAN NHÂN DÂN TỈNH" four of five — while an English OCR
/// pass over it leaves plain ASCII: "uY BAN NgAN nAN TINH").
pub fn is_junk(text: &str) -> bool {
    let (share, marked, words) = plausibility(text);
    words >= 12 && (share < 0.6 || marked < 0.2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables() {
        for w in [
            "nghiêng",
            "Quảng",
            "NGÃI",
            "uỷ",
            "ủy",
            "đồng",
            "trường",
            "xã",
            "hội",
            "a",
            "khuya",
            "tuyển",
            "giữa",
        ] {
            assert!(is_syllable(w), "{w}");
        }
        for w in [
            "NgAN", "uY", "CØNG", "HØI", "CHæNGH", "string", "Ùc", "bnd", "chnh",
        ] {
            assert!(!is_syllable(w), "{w}");
        }
    }

    #[test]
    fn junk_layers_and_real_text() {
        let real = "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG. Số: 493/TB-UBND. Lâm Đồng, ngày 13 tháng 11 \
                    năm 2025. THÔNG BÁO Kết luận của Phó Chủ tịch UBND tỉnh tại buổi làm việc \
                    về giải pháp nâng cao các chỉ số PAR INDEX, PAPI, SIPAS";
        assert!(!is_junk(real), "{:?}", plausibility(real));
        let english = "uY BAN NgAN nAN TINH LAM DONG 56:]+9-} /TB-LIBND THONGBAo Ket luAn cUa \
                       Pho Chu tich UBND tinh tAi buoi IAm viec ve giAi phap nang cAo cAc chi so";
        assert!(is_junk(english), "{:?}", plausibility(english));
        let broken = "CØNG HOÀXÃ HØI CHæNGH(AVIÆT NAM Ùc l-p - TñdoHÂnhphúc CØNG AN TàNH \
                      LÂM ÐØNG Sè: TTr- CAT-PC04 PHÒNG CÁNH SÁT HÌNH Sð TÕ TRÌNH Vè viÇc";
        assert!(is_junk(broken), "{:?}", plausibility(broken));
        assert!(!is_junk("Ký bởi: ỦY BAN NHÂN DÂN"));
    }
}
