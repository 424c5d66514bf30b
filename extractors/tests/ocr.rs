//! OCR on scans made from the fixture PDFs (fixtures/scans, made by
//! fixtures/tools/make_scans.sh): CCITT G4 and JPEG image-only PDFs, a page stored with
//! `/Rotate 90`, a multi-page G4 TIFF and a phone-like photo. The gold is the seed's TXT twin.
//! Needs `tesseract-ocr` + `tesseract-ocr-vie`: fails loudly without them.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use kiemchung_extractors::{Options, extract_file, ocr};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("fixtures")
}

fn gold(name: &str) -> serde_json::Value {
    let p = root().join("seeds").join(format!("{name}.gold.json"));
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

fn engine() {
    if let Err(e) = ocr::tesseract::available() {
        panic!("OCR tests need Tesseract with the Vietnamese model: {e}");
    }
}

/// The header fields a scan must give as its TXT twin does.
fn check(file: &str, seed: &str, fields: &[&str]) {
    engine();
    let ex = extract_file(&root().join("scans").join(file), &Options::default());
    let r = serde_json::to_value(&ex.record).unwrap();
    let g = gold(seed);
    assert!(r.get("error").is_none(), "{file}: {r}");
    assert!(
        ex.record.warnings.iter().any(|w| w == "ocr_text"),
        "{file}: {:?}",
        ex.record.warnings
    );
    for f in fields {
        assert_eq!(
            r[f], g[f],
            "{file}: field {f}; warnings {:?}",
            ex.record.warnings
        );
    }
    assert!(ex.text.chars().count() > 500, "{file}: text too short");
}

// Seed 000's PDF draws its agency block in a way poppler does not render, so the scans made
// from it (make_scans.sh renders with pdftoppm) carry no agency block: the issuer is not on
// the page and is not asked for.
#[test]
fn ccitt_g4_pdf() {
    check(
        "000_ef15852ca764143c.pdf",
        "000_ef15852ca764143c",
        &["doc_type", "number", "symbol", "place", "date"],
    );
}

#[test]
fn multi_page_g4_tiff() {
    check(
        "000_ef15852ca764143c.tiff",
        "000_ef15852ca764143c",
        &["place", "date"],
    );
}

#[test]
fn jpeg_pdf_with_grain_and_skew() {
    check(
        "001_d93c6eac50e12396.pdf",
        "001_d93c6eac50e12396",
        &["doc_type", "number", "symbol", "issuer", "place", "date"],
    );
}

#[test]
fn page_stored_with_rotate_90() {
    check(
        "004_194654e3eeeb3fd5.pdf",
        "004_194654e3eeeb3fd5",
        &["doc_type", "place"],
    );
}

#[test]
fn phone_photo_jpeg() {
    check(
        "002_7c45b691b63468a8.jpg",
        "002_7c45b691b63468a8",
        &["doc_type", "number", "symbol", "issuer", "place", "date"],
    );
}
