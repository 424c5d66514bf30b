//! `w:sym` and symbol-font bullets: Word stores these as a font name plus a code in the
//! private-use range (`F0B7` in "Symbol"), which means nothing outside that font. We map the
//! characters offices actually use (Symbol's Greek and math signs, Wingdings' check boxes and
//! bullets) to Unicode and drop the rest rather than leak private-use code points into the
//! text.

/// The Unicode character for symbol `code` (hex, e.g. `"F0FC"`) in `font`.
pub fn sym_char(font: &str, code: &str) -> Option<char> {
    let code = u32::from_str_radix(code.trim(), 16).ok()?;
    // Symbol fonts are addressed either by their byte or by F000 + byte.
    let byte = if (0xf000..=0xf0ff).contains(&code) {
        code - 0xf000
    } else {
        code
    };
    let font = font.trim().to_ascii_lowercase();
    if font == "symbol" {
        symbol_font(byte)
    } else if font.starts_with("wingdings") {
        wingdings(byte)
    } else {
        char::from_u32(code).filter(|c| !c.is_control() && !is_private_use(*c))
    }
}

/// A list bullet as written in `w:lvlText` (often a private-use character of the level's
/// symbol font, "Symbol" when the level names none).
pub fn bullet(text: &str, font: &str) -> String {
    let font = if font.is_empty() { "Symbol" } else { font };
    let mut out = String::new();
    for c in text.chars() {
        if is_private_use(c) {
            out.push(sym_char(font, &format!("{:X}", c as u32)).unwrap_or('•'));
        } else {
            out.push(c);
        }
    }
    if out.trim().is_empty() {
        "•".to_owned()
    } else {
        out
    }
}

fn is_private_use(c: char) -> bool {
    ('\u{e000}'..='\u{f8ff}').contains(&c)
}

/// Adobe Symbol encoding: Greek letters and the math signs Vietnamese reports use (≥, ≤, ±,
/// ×, →, •).
fn symbol_font(code: u32) -> Option<char> {
    const LOW: &str = " !∀#∃%&∋()∗+,−./0123456789:;<=>?≅ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ[∴]⊥_‾αβχδεφγηιϕκλμνοπθρστυϖωξψζ{|}∼";
    const HIGH: &str = "€ϒ′≤⁄∞ƒ♣♦♥♠↔←↑→↓°±″≥×∝∂•÷≠≡≈…⏐⎯↵ℵℑℜ℘⊗⊕∅∩∪⊃⊇⊄⊂⊆∈∉∠∇®©™∏√⋅¬∧∨⇔⇐⇑⇒⇓◊";
    match code {
        0x20..=0x7e => LOW.chars().nth((code - 0x20) as usize),
        0xa0..=0xe0 => HIGH.chars().nth((code - 0xa0) as usize),
        _ => None,
    }
}

/// The Wingdings glyphs seen in administrative documents: boxes, check marks, bullets.
fn wingdings(code: u32) -> Option<char> {
    Some(match code {
        0x6c => '●',
        0x6e => '■',
        0x6f => '□',
        0x71 => '❑',
        0x75 => '◆',
        0x76 => '❖',
        0x9f => '•',
        0xa7 => '▪',
        0xa8 => '◻',
        0xd8 => '➢',
        0xe0 => '→',
        0xe8 => '➔',
        0xfb => '✗',
        0xfc => '✓',
        0xfd => '☒',
        0xfe => '☑',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_map_to_unicode() {
        let cases = [
            ("Symbol", "F0B7", Some('•')),
            ("Symbol", "F0B3", Some('≥')),
            ("Symbol", "F0A3", Some('≤')),
            ("Symbol", "F061", Some('α')),
            ("Symbol", "F0AE", Some('→')),
            ("Wingdings", "F0FC", Some('✓')),
            ("Wingdings 2", "F0A8", Some('◻')),
            ("Times New Roman", "00D7", Some('×')),
            ("Wingdings", "F001", None),
            ("Symbol", "zz", None),
        ];
        for (font, code, want) in cases {
            assert_eq!(sym_char(font, code), want, "{font} {code}");
        }
    }

    #[test]
    fn bullets() {
        assert_eq!(bullet("\u{f0b7}", ""), "•");
        assert_eq!(bullet("-", "Times New Roman"), "-");
        assert_eq!(bullet("\u{f0d8}", "Wingdings"), "➢");
        assert_eq!(bullet("\u{f0d8}", "Courier New"), "•");
        assert_eq!(bullet("", "Symbol"), "•");
    }

    #[test]
    fn symbol_tables_cover_their_ranges() {
        assert_eq!(symbol_font(0x7e), Some('∼'));
        assert_eq!(symbol_font(0xe0), Some('◊'));
    }
}
