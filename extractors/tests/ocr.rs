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

/// An EXIF chunk (little-endian TIFF) holding only an orientation.
fn exif_orientation(value: u16) -> Vec<u8> {
    let mut e = b"II\x2a\x00".to_vec();
    e.extend_from_slice(&8u32.to_le_bytes()); // the first directory follows the header
    e.extend_from_slice(&1u16.to_le_bytes()); // one entry
    e.extend_from_slice(&0x0112u16.to_le_bytes()); // Orientation
    e.extend_from_slice(&3u16.to_le_bytes()); // SHORT
    e.extend_from_slice(&1u32.to_le_bytes());
    e.extend_from_slice(&value.to_le_bytes());
    e.extend_from_slice(&[0, 0]);
    e.extend_from_slice(&0u32.to_le_bytes()); // no next directory
    e
}

/// `img` as a PNG file (lossless: turned back, its pixels are the upright ones exactly),
/// with `exif` when given.
fn png_file(dir: &Path, name: &str, img: &image::DynamicImage, exif: Option<Vec<u8>>) -> PathBuf {
    use image::ImageEncoder;
    let rgb = img.to_rgb8();
    let mut bytes = Vec::new();
    let mut enc = image::codecs::png::PngEncoder::new(&mut bytes);
    if let Some(e) = exif {
        enc.set_exif_metadata(e).unwrap();
    }
    enc.write_image(
        rgb.as_raw(),
        rgb.width(),
        rgb.height(),
        image::ExtendedColorType::Rgb8,
    )
    .unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// A phone photo stored on its side with EXIF "turn 90° clockwise" — how a phone stores a page
/// photographed holding it upright — reads exactly as the same photo stored upright: every
/// viewer shows it upright, and read as stored it was junk (turning it round does not help a
/// quarter turn). The other turns and a mirrored one too; PNG keeps the pixels exact.
#[test]
fn photo_stored_on_its_side_reads_as_its_exif_orientation_shows_it() {
    engine();
    let photo = root().join("corpus").join("s12-ld-cat-ttr-416-2025.jpg");
    let upright = image::load_from_memory(&std::fs::read(photo).unwrap()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let read = |path: &Path| {
        let ex = extract_file(path, &Options::default());
        serde_json::to_value(&ex.record).unwrap()
    };
    let as_shown = read(&png_file(dir.path(), "upright.png", &upright, None));
    let fields = [
        "doc_type", "number", "symbol", "issuer", "place", "date", "subject", "signer",
    ];
    for f in ["doc_type", "symbol", "issuer", "place"] {
        assert!(!as_shown[f].is_null(), "upright photo: {f} not read");
    }
    let turned = [
        (6, upright.rotate270()),
        (8, upright.rotate90()),
        (3, upright.rotate180()),
        // Mirrored too (no camera writes it; an editor can).
        (2, upright.fliph()),
    ];
    for (exif, stored) in turned {
        let name = format!("exif-{exif}.png");
        let r = read(&png_file(
            dir.path(),
            &name,
            &stored,
            Some(exif_orientation(exif)),
        ));
        for f in fields {
            assert_eq!(r[f], as_shown[f], "EXIF {exif}: field {f}");
        }
    }
}
