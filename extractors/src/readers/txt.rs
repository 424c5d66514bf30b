//! Plain text and markdown.
//!
//! Encodings seen in archives: UTF-8 (with or without BOM), UTF-16 with BOM (Notepad's
//! "Unicode"), and the 8-bit encodings of old Vietnamese Windows installs. Anything that is
//! not valid UTF-8 and has no BOM is decoded by [`crate::legacy::decode_unknown`]: the
//! candidate (TCVN3, VNI, VISCII, VPS, Windows-1258) whose text reads most like Vietnamese
//! wins, with warning `legacy_encoding`; Windows-1258 (which maps every byte, so decoding
//! never fails) is the fallback, with warning `encoding_guessed`. Windows-1258 writes tones
//! as combining marks, which NFC then composes.

use super::{RawText, ReadError};
use crate::limits::Budget;
use crate::text::normalize_document;

/// Reads a text file with no budget (tools and tests).
pub fn read(bytes: &[u8]) -> Result<RawText, ReadError> {
    read_within(bytes, &Budget::unlimited())
}

/// Reads a text file within `budget`: only the first [`Budget::max_text_bytes`] are decoded
/// (warning `text_capped`), so a 200 MB one-line file costs its own size in memory, not ten
/// times that in copies.
pub fn read_within(bytes: &[u8], budget: &Budget) -> Result<RawText, ReadError> {
    let mut warnings = Vec::new();
    let mut legacy = None;
    let (bytes, capped) = budget.cap_input(bytes);
    if capped {
        warnings.push(crate::warnings::TEXT_CAPPED.to_owned());
    }
    let text = if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (cow, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(ReadError::BadText(format!(
                "invalid {} after its byte-order mark",
                enc.name()
            )));
        }
        cow.into_owned()
    } else {
        match std::str::from_utf8(bytes) {
            Ok(s) => s.to_owned(),
            Err(_) => {
                let (text, enc) = crate::legacy::decode_guessed(bytes, &mut warnings);
                legacy = enc;
                text
            }
        }
    };
    if text.contains('\0') {
        return Err(ReadError::BadText(
            "binary content (NUL bytes) in a text file".to_owned(),
        ));
    }
    budget.check()?;
    // Text copied out of `.VnTime` documents into a Unicode file keeps the glyph codes.
    let text = match crate::legacy::fix_text(&text, None) {
        Some((fixed, enc)) => {
            legacy.get_or_insert(enc);
            fixed
        }
        None => text,
    };
    budget.check()?;
    let mut raw = RawText {
        text: normalize_document(&text),
        stamps: Vec::new(),
        warnings,
        pages: None,
        ..RawText::default()
    };
    if let Some(enc) = legacy {
        raw.note_legacy(enc);
    }
    Ok(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_bom() {
        let raw = read("\u{feff}Số: 47/UBND-TTHC".as_bytes()).unwrap();
        assert_eq!(raw.text.trim(), "Số: 47/UBND-TTHC");
        assert!(raw.warnings.is_empty());
    }

    #[test]
    fn utf16le_with_bom() {
        let mut bytes = vec![0xff, 0xfe];
        for u in "Quảng Ngãi".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(read(&bytes).unwrap().text.trim(), "Quảng Ngãi");
    }

    #[test]
    fn windows_1258_is_guessed_and_composed() {
        // "Hà Nội" in Windows-1258: H, a + combining grave (0xCC), space, N, ô (0xF4) + dot below (0xF2), i
        let bytes = [b'H', b'a', 0xcc, b' ', b'N', 0xf4, 0xf2, b'i'];
        let raw = read(&bytes).unwrap();
        assert_eq!(raw.text.trim(), "Hà Nội");
        assert_eq!(raw.warnings, vec!["encoding_guessed".to_owned()]);
    }

    #[test]
    fn tcvn3_bytes_are_detected_and_named() {
        // "Triển khai thực hiện" typed in .VnTime and saved as plain text.
        let raw = read(b"Tri\xd3n khai th\xf9c hi\xd6n").unwrap();
        assert_eq!(raw.text.trim(), "Triển khai thực hiện");
        assert_eq!(raw.warnings, vec!["legacy_encoding".to_owned()]);
        assert_eq!(raw.legacy_encodings, vec!["TCVN3"]);
    }

    #[test]
    fn tcvn3_glyphs_pasted_into_utf8_are_converted() {
        let raw = read("Số: 5/UBND\n§iÒu 1. Giao Së Néi vô".as_bytes()).unwrap();
        assert_eq!(raw.text, "Số: 5/UBND\nĐiều 1. Giao Sở Nội vụ\n");
        assert_eq!(raw.legacy_encodings, vec!["TCVN3"]);
    }

    #[test]
    fn long_text_is_capped_with_a_warning() {
        let opts = crate::Options {
            max_text_bytes: 64,
            ..crate::Options::default()
        };
        let budget = Budget::start(&opts);
        // One long line of Vietnamese: cut at a character start, not mid-letter.
        let line = "Quảng Ngãi ".repeat(40);
        let raw = read_within(line.as_bytes(), &budget).unwrap();
        assert!(raw.text.trim_end().len() <= 64 && raw.text.starts_with("Quảng Ngãi Quảng"));
        assert_eq!(raw.warnings, vec!["text_capped".to_owned()]);
        // UTF-16 with a surrogate pair straddling the cut still decodes.
        let mut bytes = vec![0xff, 0xfe];
        for u in "ab😀cd".repeat(20).encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        for max in [64, 66, 68] {
            let opts = crate::Options {
                max_text_bytes: max,
                ..crate::Options::default()
            };
            let raw = read_within(&bytes, &Budget::start(&opts)).unwrap();
            assert!(raw.text.starts_with("ab😀cdab"), "{max}: {:?}", raw.text);
            assert_eq!(raw.warnings, vec!["text_capped".to_owned()]);
        }
    }

    #[test]
    fn markdown_emphasis_removed() {
        let raw = read("Số: **47** /UBND-TTHC\r\n".as_bytes()).unwrap();
        assert_eq!(raw.text, "Số: 47 /UBND-TTHC\n\n");
    }
}
