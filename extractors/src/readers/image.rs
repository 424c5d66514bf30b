//! Image files (`.jpg`, `.jpeg`, `.png`, `.tif`, `.tiff`, multi-page TIFF): a phone photo or
//! a scanner's output. They have no text of their own; this reader only checks that the
//! image decodes and counts its pages, and reports `no_text_layer` — the text comes from OCR
//! ([`crate::ocr`]), which [`crate::extract_bytes`] runs afterwards.

use super::{Format, RawText, ReadError};
use crate::warnings;

/// The image format the magic bytes name.
pub fn sniff(bytes: &[u8]) -> Option<Format> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(Format::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(Format::Png)
    } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        Some(Format::Tiff)
    } else {
        None
    }
}

pub fn read(bytes: &[u8], format: Format) -> Result<RawText, ReadError> {
    if sniff(bytes).is_none() {
        return Err(ReadError::BadImage(format!(
            "not a {} image (unknown signature)",
            format.as_str().to_uppercase()
        )));
    }
    let pages = crate::ocr::file_pages(bytes).map_err(ReadError::BadImage)?;
    Ok(RawText {
        text: String::new(),
        stamps: Vec::new(),
        warnings: vec![warnings::NO_TEXT_LAYER.to_owned()],
        pages: Some(u32::try_from(pages.len()).unwrap_or(u32::MAX)),
        ..RawText::default()
    })
}
