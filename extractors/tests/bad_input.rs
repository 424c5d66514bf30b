//! Bad input (issue 2): whatever a clerk's folder holds, `extract_file` returns a record
//! whose `error` says what is wrong with the file (or, for a huge text, a normal record with
//! `text_truncated`), never panics, and leaves the file exactly as it was.
//!
//! `data/bad/truncated.pdf` is the first 40 % of a PDF that LibreOffice printed from
//! `fixtures/docx/002_7c45b691b63468a8.docx` (`soffice --headless --convert-to pdf`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use kiemchung_extractors::{Extraction, Options, extract_file};

/// A scratch directory removed on drop (std only, no extra dev-dependency).
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir =
            std::env::temp_dir().join(format!("kiemchung-bad-input-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create scratch dir");
        Scratch(dir)
    }

    fn file(&self, name: impl AsRef<Path>, bytes: &[u8]) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, bytes).expect("write scratch file");
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("extractors/ has a parent")
        .to_path_buf()
}

/// Runs `extract_file` and checks the file is untouched (bytes and modification time).
fn extract_untouched(path: &Path, opts: &Options) -> Extraction {
    let before = std::fs::read(path).ok();
    let mtime =
        |p: &Path| -> Option<SystemTime> { std::fs::metadata(p).and_then(|m| m.modified()).ok() };
    let mtime_before = mtime(path);
    let ex = extract_file(path, opts);
    assert_eq!(
        std::fs::read(path).ok(),
        before,
        "{} changed",
        path.display()
    );
    assert_eq!(mtime(path), mtime_before, "{} touched", path.display());
    ex
}

/// A zip whose `word/document.xml` inflates to `size` bytes.
fn bomb(size: usize) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(size > u32::MAX as usize);
    w.start_file("word/document.xml", opts).expect("zip entry");
    let chunk = vec![b' '; 64 * 1024];
    let mut left = size;
    while left > 0 {
        let n = left.min(chunk.len());
        w.write_all(&chunk[..n]).expect("zip write");
        left -= n;
    }
    w.finish().expect("zip finish").into_inner()
}

#[test]
fn bad_files_get_an_error_naming_the_reason() {
    let dir = Scratch::new("errors");
    let mut junk = Vec::with_capacity(4096);
    let mut x: u32 = 0x1234_5678;
    for _ in 0..4096 {
        // xorshift: deterministic binary junk
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        junk.push((x & 0xff) as u8);
    }
    let truncated_pdf =
        std::fs::read(repo().join("extractors/tests/data/bad/truncated.pdf")).expect("test data");
    let small_limit = Options {
        max_decompressed_bytes: 64 * 1024,
        ..en()
    };
    let cases: Vec<(&str, Vec<u8>, Options, &str)> = vec![
        ("empty.txt", Vec::new(), en(), "empty file"),
        ("empty.docx", Vec::new(), en(), "empty file"),
        ("scan-001.pdf", junk.clone(), en(), "not a PDF file"),
        ("truncated.pdf", truncated_pdf, en(), "damaged PDF"),
        (
            "cong-van.docx",
            b"Kinh gui: cac so, ban nganh (saved as text, renamed .docx)".to_vec(),
            en(),
            "not a DOCX file: not a zip archive",
        ),
        ("junk.docx", junk, en(), "not a DOCX file"),
        (
            "bomb.docx",
            bomb(1024 * 1024),
            small_limit,
            "DOCX entry word/document.xml expands beyond 65536 bytes (possible zip bomb)",
        ),
        (
            "bang-tinh.xlsx",
            b"PK\x03\x04".to_vec(),
            en(),
            "unsupported file type .xlsx",
        ),
    ];
    for (name, bytes, opts, want) in cases {
        let path = dir.file(name, &bytes);
        let ex = extract_untouched(&path, &opts);
        let err = ex.record.error.as_deref().unwrap_or("");
        assert!(err.starts_with(want), "{name}: {err:?}");
        assert_eq!(ex.record.source, path.to_string_lossy(), "{name}");
        assert!(ex.text.is_empty(), "{name}");
        if !bytes.is_empty() {
            assert_eq!(
                ex.record.sha256.len(),
                64,
                "{name}: sha256 of what was read"
            );
        }
    }
}

#[test]
fn huge_text_is_truncated_for_parsing_not_refused() {
    let dir = Scratch::new("huge");
    let paragraph = "Thực hiện Công văn số 23/BNV-CCHC ngày 04/01/2022 của Bộ Nội vụ về việc \
                     triển khai kế hoạch xác định Chỉ số cải cách hành chính năm 2021.\n\n";
    let mut text = String::from("Số: 47/UBND-TTHC\n\nQuảng Ngãi, ngày 06 tháng 01 năm 2022\n\n");
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(paragraph);
    }
    let path = dir.file("bao-cao-50MB.txt", text.as_bytes());
    let ex = extract_untouched(&path, &en());
    assert_eq!(ex.record.error, None);
    assert!(
        ex.record.warnings.iter().any(|w| w == "text_truncated"),
        "{:?}",
        ex.record.warnings
    );
    // Text up to the cap is returned (for the index), the rest is left out with a warning:
    // memory stays near the file's size.
    let cap = Options::default().max_text_bytes;
    assert!(
        ex.text.len() <= cap && ex.text.len() > cap - 8192,
        "{}",
        ex.text.len()
    );
    assert!(ex.record.warnings.iter().any(|w| w == "text_capped"));
    // Only the capped part was kept, but the identity is the whole file's.
    assert_eq!(
        ex.record.sha256,
        kiemchung_extractors::sha256_hex(text.as_bytes())
    );
}

/// A text file is hashed whole while only its first `max_text_bytes` are kept: the record
/// is the one the whole file would give, the SHA-256 that of every byte.
#[test]
fn capped_text_is_hashed_whole_while_streaming() {
    use kiemchung_extractors::{sha256_hex, sha256_reader};
    let dir = Scratch::new("stream");
    let mut text = String::from("Số: 47/UBND-TTHC\nQuảng Ngãi, ngày 06 tháng 01 năm 2022\n");
    let mut k = 0;
    while text.len() < 300_000 {
        k += 1;
        text.push_str(&format!("Dòng {k} của báo cáo cải cách hành chính.\n"));
    }
    let path = dir.file("bao-cao.txt", text.as_bytes());
    let opts = Options {
        max_text_bytes: 1000,
        ..Options::default()
    };
    let ex = extract_untouched(&path, &opts);
    assert_eq!(ex.record.sha256, sha256_hex(text.as_bytes()));
    assert!(ex.text.len() <= 1000 && ex.text.starts_with("Số: 47/UBND-TTHC\n"));
    assert!(ex.record.warnings.iter().any(|w| w == "text_capped"));
    assert_eq!(ex.record.number.as_deref(), Some("47"));
    // Under the cap nothing is left out and nothing is capped.
    let small = dir.file("ngan.txt", &text.as_bytes()[..900]);
    let ex = extract_untouched(&small, &opts);
    assert_eq!(ex.record.sha256, sha256_hex(&text.as_bytes()[..900]));
    assert!(!ex.record.warnings.iter().any(|w| w == "text_capped"));
    // Formats that need the whole file still get it (and the same hash).
    let pdf = repo().join("fixtures/pdf/002_7c45b691b63468a8.pdf");
    let bytes = std::fs::read(&pdf).expect("fixture");
    let ex = extract_untouched(&pdf, &opts);
    assert_eq!(ex.record.error, None);
    assert_eq!(ex.record.sha256, sha256_hex(&bytes));
    // The streaming hash agrees with the one-shot hash across block boundaries.
    for n in [0, 1, 65_535, 65_536, 65_537, 200_001] {
        let data: Vec<u8> = (0..n).map(|i| (i * 7 % 251) as u8).collect();
        assert_eq!(
            sha256_reader(std::io::Cursor::new(&data)).unwrap(),
            sha256_hex(&data),
            "{n}"
        );
    }
}

#[test]
fn paths_that_are_not_readable_files() {
    let dir = Scratch::new("paths");

    let ex = extract_untouched(&dir.0, &en());
    assert_eq!(
        ex.record.error.as_deref(),
        Some("this is a folder, not a file")
    );

    let ex = extract_file(&dir.0.join("khong-co.pdf"), &en());
    assert_eq!(ex.record.error.as_deref(), Some("file not found"));
    assert_eq!(ex.record.format, "pdf");

    let big = dir.file("lon.txt", &[b'a'; 2048]);
    let ex = extract_untouched(
        &big,
        &Options {
            max_file_bytes: 1024,
            ..en()
        },
    );
    assert_eq!(
        ex.record.error.as_deref(),
        Some("file too large: 2048 bytes (limit 1024 bytes)")
    );
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_reported_not_fatal() {
    use std::os::unix::fs::PermissionsExt;
    let dir = Scratch::new("perm");
    let path = dir.file("mat.txt", "Số: 01/QĐ-UBND".as_bytes());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let readable_anyway = std::fs::File::open(&path).is_ok();
    let ex = extract_file(&path, &en());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod back");
    if readable_anyway {
        // Running as root: permissions do not apply, the file reads normally.
        assert_eq!(ex.record.error, None);
        assert!(ex.text.contains("01/QĐ-UBND"), "{:?}", ex.text);
    } else {
        assert_eq!(
            ex.record.error.as_deref(),
            Some("permission denied: the file cannot be opened (check its access rights)")
        );
    }
    assert_eq!(
        std::fs::read(&path).expect("readable again"),
        "Số: 01/QĐ-UBND".as_bytes()
    );
}

#[cfg(unix)]
#[test]
fn non_utf8_file_name_is_read() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let dir = Scratch::new("names");
    // "công văn.txt" as a Windows-1258 name copied from an old FAT drive.
    let name = OsStr::from_bytes(b"c\xf4ng v\xe3n.txt");
    let path = dir.file(name, "Số: 47/UBND-TTHC\n".as_bytes());
    let ex = extract_untouched(&path, &en());
    assert_eq!(ex.record.error, None);
    assert_eq!(ex.record.format, "txt");
    assert!(
        ex.record.source.ends_with("c\u{fffd}ng v\u{fffd}n.txt"),
        "{}",
        ex.record.source
    );
    assert!(ex.text.contains("47/UBND-TTHC"));
}

/// Options whose error messages are in English (the `Display` text) — what these tests
/// match; the default (Vietnamese) wording is tested in `errors_speak_vietnamese_by_default`.
fn en() -> Options {
    Options {
        english: true,
        ..Options::default()
    }
}

#[test]
fn errors_speak_vietnamese_by_default() {
    let dir = Scratch::new("vi");
    let path = dir.file("rong.txt", b"");
    let ex = extract_untouched(&path, &Options::default());
    assert_eq!(ex.record.error.as_deref(), Some("tệp rỗng"));
    let ex = extract_file(&dir.0.join("khong-co.pdf"), &Options::default());
    assert_eq!(ex.record.error.as_deref(), Some("không tìm thấy tệp"));
    let ex = extract_untouched(&dir.0, &Options::default());
    assert_eq!(
        ex.record.error.as_deref(),
        Some("đây là thư mục, không phải tệp")
    );
}
