//! Plain text and markdown.
//!
//! Encodings seen in archives: UTF-8 (with or without BOM), UTF-16 with BOM (Notepad's
//! "Unicode"), and Windows-1258 from old Vietnamese Windows installs. Anything that is not
//! valid UTF-8 and has no BOM is decoded as Windows-1258 (it maps every byte, so decoding
//! never fails) with warning `encoding_guessed`. Windows-1258 writes tones as combining
//! marks, which NFC then composes.

use super::{RawText, ReadError};
use crate::text::normalize_document;
use crate::warnings;

pub fn read(bytes: &[u8]) -> Result<RawText, ReadError> {
    let mut warnings = Vec::new();
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
                warnings.push(warnings::ENCODING_GUESSED.to_owned());
                let (cow, _, _) = encoding_rs::WINDOWS_1258.decode(bytes);
                cow.into_owned()
            }
        }
    };
    if text.contains('\0') {
        return Err(ReadError::BadText(
            "binary content (NUL bytes) in a text file".to_owned(),
        ));
    }
    Ok(RawText {
        text: normalize_document(&text),
        stamps: Vec::new(),
        warnings,
        pages: None,
    })
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
    fn markdown_emphasis_removed() {
        let raw = read("Số: **47** /UBND-TTHC\r\n".as_bytes()).unwrap();
        assert_eq!(raw.text, "Số: 47 /UBND-TTHC\n\n");
    }
}
