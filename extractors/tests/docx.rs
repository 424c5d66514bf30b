//! DOCX reader against generated fixtures (`fixtures/tools/make_docx.py`) and archives built
//! here: text completeness against the TXT twins, Word features that must be read once or
//! not at all, and hostile archives.

use kiemchung_extractors::text::token_recall;
use std::io::Write;
use std::path::{Path, PathBuf};

use kiemchung_extractors::{Format, Options, extract_bytes, extract_file};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("extractors/ has a parent")
        .to_path_buf()
}

#[test]
fn every_docx_fixture_keeps_the_text_of_its_txt_twin() {
    let dir = repo().join("fixtures/docx");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("fixtures/docx exists") {
        let path = entry.expect("directory entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("docx") {
            continue;
        }
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("utf-8 name");
        let twin = repo().join("fixtures/seeds").join(format!("{stem}.txt"));
        let reference = std::fs::read_to_string(&twin).expect("TXT twin exists");
        let ex = extract_file(&path, &Options::default());
        assert_eq!(ex.record.error, None, "{}", path.display());
        assert_eq!(ex.record.format, "docx");
        let r = token_recall(&reference, &ex.text);
        eprintln!("{stem}: token recall {r:.4}");
        assert!(r >= 0.99, "{stem}: token recall {r:.4}");
        assert!(
            !ex.text.contains("**"),
            "{stem}: markdown markers in DOCX text"
        );
        seen += 1;
    }
    assert_eq!(seen, 5, "five seeds, five DOCX fixtures");
}

#[test]
fn header_table_cells_come_out_as_lines_in_cell_order() {
    let path = repo().join("fixtures/docx/001_d93c6eac50e12396.docx");
    let ex = extract_file(&path, &Options::default());
    let lines: Vec<&str> = ex.text.lines().take(11).collect();
    assert_eq!(
        lines,
        [
            "ỦY BAN NHÂN DÂN",
            "HUYỆN MỘ ĐỨC",
            "Số: 833 /UBND-NC",
            "V/v triển khai thực hiện",
            "Đề án “Xác định Chỉ số cải cách",
            "hành chính” trên địa bàn huyện",
            "Mộ Đức",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Mộ Đức, ngày 15 tháng 7 năm 2022",
            "",
        ]
    );
}

#[test]
fn closing_table_puts_distribution_before_signer() {
    let path = repo().join("fixtures/docx/000_ef15852ca764143c.docx");
    let ex = extract_file(&path, &Options::default());
    let tail: Vec<&str> = ex.text.lines().filter(|l| !l.is_empty()).collect();
    let at = |s: &str| {
        tail.iter()
            .position(|l| *l == s)
            .unwrap_or_else(|| panic!("{s:?} missing"))
    };
    assert!(at("Nơi nhận:") < at("- Lưu: VT, TTHC."));
    assert!(at("- Lưu: VT, TTHC.") < at("KT. CHỦ TỊCH"));
    // The markdown hard break became a w:br: same paragraph, two lines.
    assert_eq!(at("KT. CHỦ TỊCH") + 1, at("PHÓ CHỦ TỊCH"));
    assert_eq!(tail.last(), Some(&"Trần Hoàng Tuấn"));
}

#[test]
fn word_features_are_read_as_printed() {
    let path = repo().join("extractors/tests/data/docx/features.docx");
    let ex = extract_file(&path, &Options::default());
    assert_eq!(ex.record.error, None);
    let lines: Vec<&str> = ex.text.trim_end().lines().collect();
    assert_eq!(
        lines,
        [
            // Text box: anchored in the first paragraph, read once (mc:Choice only).
            "Kính gửi: Các sở, ban ngành",
            "DỰ THẢO",
            // Tracked change: deletion dropped, insertion kept.
            "Quảng Ngãi, ngày 06 tháng 01 năm 2022",
            // Field: result kept, code (DATE \@ ...) dropped.
            "Ngày in: 06/01/2022",
            // Automatic numbering rendered as Word shows it.
            "1. Giao Sở Nội vụ chủ trì",
            "a) Tham mưu triển khai",
            "b) Làm đầu mối phối hợp",
            "2. Giao Sở Thông tin và Truyền thông",
            "- Như trên;",
            "• Lưu: VT, TTHC.",
            // Entities and numeric character references.
            "Văn hóa & Thông tin ạ <HĐND>",
            // Non-breaking hyphen, soft hyphens, Wingdings check mark.
            "UBND-KSTTHCkiểm✓",
            // Hidden run dropped.
            "Số: 47/UBND-TTHC",
            // w:br inside a paragraph, w:tab.
            "KT. CHỦ TỊCH",
            "PHÓ CHỦ TỊCH",
            "Họ và tên\tTrần Hoàng Tuấn",
        ]
    );
    assert_eq!(ex.text.matches("DỰ THẢO").count(), 1);
    assert!(!ex.text.contains("ngày 05"));
    assert!(!ex.text.contains("DATE"));
    assert!(!ex.text.contains("ẨN"));
}

/// A zip with the given (name, content) entries, deflated.
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        w.start_file(*name, opts).expect("zip entry");
        w.write_all(data).expect("zip write");
    }
    w.finish().expect("zip finish").into_inner()
}

const DOC_START: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#;
const DOC_END: &str = "</w:body></w:document>";

fn docx_error(bytes: &[u8], opts: &Options) -> String {
    let ex = extract_bytes("test.docx", bytes, Format::Docx, opts);
    ex.record.error.expect("an error is reported")
}

#[test]
fn zip_bomb_stops_at_the_limit() {
    // 8 MiB of one repeated paragraph deflates to a few KiB.
    let mut xml = String::from(DOC_START);
    let para = "<w:p><w:r><w:t>Chỉ số cải cách hành chính</w:t></w:r></w:p>";
    while xml.len() < 8 * 1024 * 1024 {
        xml.push_str(para);
    }
    xml.push_str(DOC_END);
    let bytes = zip_of(&[("word/document.xml", xml.as_bytes())]);
    assert!(bytes.len() < 256 * 1024, "compressed {} bytes", bytes.len());
    let opts = Options {
        max_decompressed_bytes: 1024 * 1024,
        english: true,
        ..Options::default()
    };
    let err = docx_error(&bytes, &opts);
    assert_eq!(
        err,
        "DOCX entry word/document.xml expands beyond 1048576 bytes (possible zip bomb)"
    );
    // The same file under the default limit reads fine.
    let ex = extract_bytes("test.docx", &bytes, Format::Docx, &Options::default());
    assert_eq!(ex.record.error, None);
}

#[test]
fn hostile_and_foreign_files_get_clear_errors() {
    let no_document = zip_of(&[("xl/workbook.xml", b"<workbook/>")]);
    let broken = zip_of(&[(
        "word/document.xml",
        format!("{DOC_START}<w:p><w:r><w:t>Số: 47</w:r></w:p>{DOC_END}").as_bytes(),
    )]);
    let truncated_xml = zip_of(&[(
        "word/document.xml",
        format!("{DOC_START}<w:p><w:r><w:t>Số: 47</w:t>").as_bytes(),
    )]);
    let mut ole = vec![0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
    ole.extend_from_slice(&[0; 504]);
    let full = std::fs::read(repo().join("fixtures/docx/001_d93c6eac50e12396.docx"))
        .expect("fixture exists");
    let cut = &full[..full.len() / 2];
    let cases: Vec<(&str, &[u8], &str)> = vec![
        (
            "plain text named .docx",
            b"Kinh gui: cac so, ban nganh",
            "not a DOCX file: not a zip archive",
        ),
        (
            "zip without a Word document",
            &no_document,
            "not a DOCX file: the zip archive has no word/document.xml",
        ),
        (
            "mismatched end tag",
            &broken,
            "damaged DOCX: word/document.xml is broken at byte",
        ),
        (
            "document.xml cut short",
            &truncated_xml,
            "damaged DOCX: word/document.xml is broken",
        ),
        (
            "old .doc / password-protected",
            &ole,
            "not a DOCX file: not a zip archive: this is an old Word .doc file",
        ),
        (
            "archive cut in half",
            cut,
            "damaged DOCX: the zip archive is incomplete",
        ),
    ];
    for (what, bytes, want) in cases {
        let english = Options {
            english: true,
            ..Options::default()
        };
        let err = docx_error(bytes, &english);
        assert!(err.starts_with(want), "{what}: {err}");
    }
}

#[test]
fn main_part_is_found_through_the_package_relationships() {
    let rels = br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/document2.xml"/></Relationships>"#;
    let doc = format!("{DOC_START}<w:p><w:r><w:t>Số: 23/BNV-CCHC</w:t></w:r></w:p>{DOC_END}");
    let bytes = zip_of(&[
        ("_rels/.rels", rels),
        ("word/document2.xml", doc.as_bytes()),
    ]);
    let ex = extract_bytes("test.docx", &bytes, Format::Docx, &Options::default());
    assert_eq!(ex.record.error, None);
    assert_eq!(ex.text.trim(), "Số: 23/BNV-CCHC");
}

#[test]
fn decomposed_text_is_composed() {
    let doc =
        format!("{DOC_START}<w:p><w:r><w:t>Qua\u{309}ng Nga\u{303}i</w:t></w:r></w:p>{DOC_END}");
    let bytes = zip_of(&[("word/document.xml", doc.as_bytes())]);
    let ex = extract_bytes("test.docx", &bytes, Format::Docx, &Options::default());
    assert_eq!(ex.text.trim(), "Quảng Ngãi");
}
