//! HTML reader against generated portal pages (`fixtures/tools/make_html.py`): completeness
//! against the TXT twins, the header table convention shared with DOCX, a flattened header
//! kept as one line, and a legacy windows-1258 page.

use kiemchung_extractors::text::token_recall;
use std::path::{Path, PathBuf};

use kiemchung_extractors::{Format, Options, extract_bytes, extract_file};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("extractors/ has a parent")
        .to_path_buf()
}

#[test]
fn every_html_fixture_keeps_the_text_of_its_txt_twin() {
    let dir = repo().join("fixtures/html");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("fixtures/html exists") {
        let path = entry.expect("directory entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("html") {
            continue;
        }
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("utf-8 name");
        let reference = std::fs::read_to_string(repo().join(format!("fixtures/seeds/{stem}.txt")))
            .expect("TXT twin exists");
        let ex = extract_file(&path, &Options::default());
        assert_eq!(ex.record.error, None, "{stem}");
        assert_eq!(ex.record.format, "html");
        // The reader itself must not have doubts (a declared charset is honoured, so no
        // `encoding_guessed`): its warnings are exactly the parser's on the TXT twin.
        let twin = extract_file(
            &repo().join(format!("fixtures/seeds/{stem}.txt")),
            &Options::default(),
        );
        assert_eq!(ex.record.warnings, twin.record.warnings, "{stem}");
        let r = token_recall(&reference, &ex.text);
        eprintln!("{stem}: token recall {r:.4}");
        assert!(r >= 0.99, "{stem}: token recall {r:.4}");
        // Nothing from head, scripts, hidden menus or noscript.
        for junk in [
            "gtag",
            "Trang chủ",
            "JavaScript",
            "Bản quyền",
            "999/XX-YY",
            "Cổng thông tin",
        ] {
            assert!(!ex.text.contains(junk), "{stem}: {junk:?} leaked");
        }
        seen += 1;
    }
    assert_eq!(seen, 2);
}

#[test]
fn header_table_reads_like_the_docx_header() {
    let ex = extract_file(
        &repo().join("fixtures/html/001_d93c6eac50e12396.html"),
        &Options::default(),
    );
    let head: Vec<&str> = ex.text.lines().take(13).collect();
    assert_eq!(
        head,
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
            "Kính gửi: - Các phòng, ban ngành huyện;",
            "- UBND các xã, thị trấn.",
        ]
    );
    // The <ul> items get the dash a browser draws as a bullet.
    assert!(ex.text.contains("\n- Cải cách thể chế: Phòng Tư pháp.\n"));
    // Closing table: Nơi nhận lines, then the signer cell.
    // (Two `<p>&nbsp;</p>` leave room for the signature: two empty lines.)
    let tail: Vec<&str> = ex.text.trim_end().lines().rev().take(5).collect();
    assert_eq!(tail, ["Phạm Ngọc Lân", "", "", "CHỦ TỊCH", "- Lưu: VT."]);
}

#[test]
fn flattened_header_and_legacy_encoding() {
    let path = repo().join("fixtures/html/004_194654e3eeeb3fd5.html");
    let bytes = std::fs::read(&path).expect("fixture exists");
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the fixture is windows-1258, not UTF-8"
    );
    let ex = extract_file(&path, &Options::default());
    let head: Vec<&str> = ex.text.lines().take(5).collect();
    assert_eq!(
        head,
        [
            "ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "",
            "Số: /UBND-KSTTHC            Đắk Lắk, ngày tháng 10 năm 2023",
            "",
        ]
    );
    assert!(ex.text.contains("Nguyễn Tuấn Hà"));
}

#[test]
fn html_edge_cases() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "header flattened with tabs inside pre",
            "<pre>BỘ NỘI VỤ\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</pre>",
            "BỘ NỘI VỤ\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        ),
        (
            "Word 'Save as HTML' paragraphs with conditional comments",
            "<p class=MsoNormal><![if !supportLists]><span>-<span style='font:7.0pt'>&nbsp;&nbsp; </span></span><![endif]>Như trên;<o:p></o:p></p>",
            // nbsp, nbsp, collapsible space: three visible spaces, as a browser shows.
            "-   Như trên;",
        ),
        (
            "nested layout table: rows still separated",
            "<table><tr><td><table><tr><td>Nơi nhận:</td><td>KT. CHỦ TỊCH</td></tr><tr><td>- Như trên;</td><td>PHÓ CHỦ TỊCH</td></tr></table></td></tr></table>",
            "Nơi nhận:\nKT. CHỦ TỊCH\n\n- Như trên;\nPHÓ CHỦ TỊCH",
        ),
        (
            "unclosed tags and stray end tags",
            "<p>Số: 23 /BNV-CCHC<p>Hà Nội, ngày 04 tháng 01 năm 2022</div></span>",
            "Số: 23 /BNV-CCHC\n\nHà Nội, ngày 04 tháng 01 năm 2022",
        ),
    ];
    for (what, html, want) in cases {
        let ex = extract_bytes("x.html", html.as_bytes(), Format::Html, &Options::default());
        assert_eq!(ex.record.error, None, "{what}");
        assert_eq!(ex.text.trim_end(), *want, "{what}");
    }
}
