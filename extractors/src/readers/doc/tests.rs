use std::io::Write;

use super::*;

#[test]
fn fields_show_their_result_and_marks_are_dropped() {
    let raw = "Số: \u{13} MERGEFIELD so \u{14}47\u{15}/UBND\rA\u{1}B\u{1e}C\u{1f}D\u{b}E\u{c}";
    assert_eq!(render(raw), "Số: 47/UBND\nAB-CD\nE\n");
    // Nested fields: only the outer result shows.
    assert_eq!(
        render("\u{13}IF \u{13}PAGE\u{14}1\u{15}\u{14}kết quả\u{15}"),
        "kết quả"
    );
}

#[test]
fn cells_end_lines() {
    assert_eq!(render("UBND\u{7}CỘNG HÒA\u{7}\u{7}"), "UBND\nCỘNG HÒA\n\n");
}

/// A piece table with one 8-bit piece then one UTF-16 piece.
fn clx(pieces: &[(u32, u32, u32, bool)]) -> Vec<u8> {
    let mut plc = Vec::new();
    for (start, _, _, _) in pieces {
        plc.extend_from_slice(&start.to_le_bytes());
    }
    plc.extend_from_slice(&pieces.last().unwrap().1.to_le_bytes());
    for (_, _, fc, compressed) in pieces {
        plc.extend_from_slice(&[0, 0]);
        let v = if *compressed {
            (fc * 2) | 0x4000_0000
        } else {
            *fc
        };
        plc.extend_from_slice(&v.to_le_bytes());
        plc.extend_from_slice(&[0, 0]);
    }
    let mut out = vec![0x01, 2, 0, 0xAA, 0xBB]; // a property run, skipped
    out.push(0x02);
    out.extend_from_slice(&(plc.len() as u32).to_le_bytes());
    out.extend_from_slice(&plc);
    out
}

#[test]
fn pieces_mix_8_bit_and_utf16_text() {
    let mut word = vec![0u8; 64];
    word[10..15].copy_from_slice(b"Hello");
    for (i, u) in " Việt".encode_utf16().enumerate() {
        word[20 + 2 * i..22 + 2 * i].copy_from_slice(&u.to_le_bytes());
    }
    let table = clx(&[(0, 5, 10, true), (5, 10, 20, false)]);
    let pieces = piece_table(&table, 0, table.len()).unwrap();
    let text = Text {
        word: &word,
        pieces: &pieces,
        marks: &Marks::default(),
        max: usize::MAX,
    };
    assert_eq!(text.range(0, 10), "Hello Việt");
    assert_eq!(text.range(3, 7), "lo V");
    // A piece pointing past the stream is left out, not a panic.
    let table = clx(&[(0, 5, 1000, true)]);
    let pieces = piece_table(&table, 0, table.len()).unwrap();
    assert_eq!(
        Text {
            word: &word,
            pieces: &pieces,
            marks: &Marks::default(),
            max: usize::MAX,
        }
        .range(0, 5),
        ""
    );
}

#[test]
fn pieces_repeating_the_stream_stop_at_the_text_cap() {
    // A hostile piece table: 2000 pieces, each showing the same 64 bytes again (text =
    // pieces × stream, gigabytes for a real stream). The cap stops it.
    let word = vec![b'a'; 64];
    let spec: Vec<(u32, u32, u32, bool)> = (0..2000u32)
        .map(|k| (k * 64, k * 64 + 64, 0, true))
        .collect();
    let table = clx(&spec);
    let pieces = piece_table(&table, 0, table.len()).unwrap();
    let text = Text {
        word: &word,
        pieces: &pieces,
        marks: &Marks::default(),
        max: 1000,
    };
    let out = text.range(0, u32::MAX);
    assert!(out.len() >= 1000 && out.len() < 1000 + 64, "{}", out.len());
}

#[test]
fn damaged_piece_tables_are_errors() {
    assert!(matches!(
        piece_table(&[0x02, 9, 0, 0, 0], 0, 5),
        Err(ReadError::BadDoc(_))
    ));
    assert!(matches!(
        piece_table(&[0x05], 0, 1),
        Err(ReadError::BadDoc(_))
    ));
    assert!(matches!(piece_table(&[], 10, 4), Err(ReadError::BadDoc(_))));
}

fn ole(streams: &[(&str, &[u8])]) -> Vec<u8> {
    let mut cfb = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    for (name, data) in streams {
        let mut s = cfb.create_stream(name).unwrap();
        s.write_all(data).unwrap();
    }
    cfb.flush().unwrap();
    cfb.into_inner().into_inner()
}

#[test]
fn other_office_files_and_encryption_are_named() {
    let err = read(&ole(&[("Workbook", b"x")])).unwrap_err().to_string();
    assert!(err.contains("Excel"), "{err}");
    let err = read(&ole(&[
        ("EncryptionInfo", b"x"),
        ("EncryptedPackage", b"x"),
    ]))
    .unwrap_err()
    .to_string();
    assert!(err.contains("password"), "{err}");
    let mut fib = vec![0u8; 0x200];
    fib[0..2].copy_from_slice(&WORD_IDENT.to_le_bytes());
    fib[2..4].copy_from_slice(&193u16.to_le_bytes());
    fib[FIB_FLAGS..FIB_FLAGS + 2].copy_from_slice(&0x0100u16.to_le_bytes());
    assert!(matches!(
        read(&ole(&[("WordDocument", &fib)])),
        Err(ReadError::DocEncrypted)
    ));
    assert!(matches!(
        read(b"not an OLE file at all"),
        Err(ReadError::BadDoc(_))
    ));
    // Truncated FIB.
    assert!(matches!(
        read(&ole(&[("WordDocument", &fib[..8])])),
        Err(ReadError::BadDoc(_))
    ));
}

/// A `ChpxFkp` page: `runs` of (start FC, end FC, grpprl), consecutive.
fn fkp(runs: &[(u32, u32, &[u8])]) -> Vec<u8> {
    let mut page = vec![0u8; 512];
    let crun = runs.len();
    for (i, (start, _, _)) in runs.iter().enumerate() {
        page[4 * i..4 * i + 4].copy_from_slice(&start.to_le_bytes());
    }
    let last = runs.last().unwrap().1;
    page[4 * crun..4 * crun + 4].copy_from_slice(&last.to_le_bytes());
    // Chpx written from the page's end backwards, at even offsets.
    let mut at = 510usize;
    for (i, (_, _, grpprl)) in runs.iter().enumerate() {
        if grpprl.is_empty() {
            continue; // rgb 0: no properties
        }
        at = (at - 1 - grpprl.len()) & !1;
        page[at] = grpprl.len() as u8;
        page[at + 1..at + 1 + grpprl.len()].copy_from_slice(grpprl);
        page[4 * (crun + 1) + i] = (at / 2) as u8;
    }
    page[511] = crun as u8;
    page
}

/// sprmCFBold on, sprmCHps (2 bytes), sprmCFRMarkDel on, sprmCIbstRMarkDel (2 bytes),
/// sprmCDttmRMarkDel (4 bytes): a deletion as Word writes it.
const DELETED: &[u8] = &[
    0x35, 0x08, 0x01, 0x43, 0x4A, 0x18, 0x00, 0x00, 0x08, 0x01, 0x63, 0x48, 0x00, 0x00, 0x64, 0x68,
    0x01, 0x02, 0x03, 0x04,
];
/// sprmCFVanish on after a variable-size modifier (sprmCPropRMark, 7 bytes + size byte).
const HIDDEN: &[u8] = &[0x57, 0xCA, 0x07, 1, 2, 3, 4, 5, 6, 7, 0x3C, 0x08, 0x01];

#[test]
fn modifier_lists_are_walked_by_operand_size() {
    let f = props::grpprl_flags(DELETED);
    assert!(f.deleted && !f.hidden);
    let f = props::grpprl_flags(HIDDEN);
    assert!(f.hidden && !f.deleted);
    // Turned off again later in the list; 0x81 ("opposite of the style") is on.
    assert!(!props::grpprl_flags(&[0x00, 0x08, 0x01, 0x00, 0x08, 0x00]).deleted);
    assert!(props::grpprl_flags(&[0x00, 0x08, 0x81]).deleted);
    assert!(!props::grpprl_flags(&[0x00, 0x08, 0x80]).deleted);
    // The same bytes as the operand of another modifier are not a deletion.
    assert!(!props::grpprl_flags(&[0x43, 0x4A, 0x00, 0x08]).deleted);
    // Truncated lists give what was read before the damage, never a panic.
    assert!(props::grpprl_flags(&DELETED[..10]).deleted);
    assert_eq!(
        props::grpprl_flags(&[0x57, 0xCA, 0x40, 1]),
        Flags::default()
    );
}

#[test]
fn deleted_runs_are_dropped_and_hidden_runs_keep_their_marks() {
    // "Giao Sở Nội vụ và Sở Tài chính chủ trì\r" as 8-bit text from byte 1024 (Windows-1252
    // cannot hold Vietnamese; the test only needs the positions) and its page.
    let text = b"Giao SNV va STC chu tri\rAn\x07ghi chu\r";
    let mut word = vec![0u8; 512];
    word.extend_from_slice(text);
    word.resize(1536, 0);
    let base = 512u32;
    // "va STC " deleted (bytes 9..16), "ghi chu" hidden (27..34), its \r kept.
    let page = fkp(&[
        (base, base + 9, &[]),
        (base + 9, base + 16, DELETED),
        (base + 16, base + 27, &[0x35, 0x08, 0x01]),
        (base + 27, base + 35, HIDDEN),
    ]);
    word[1536 - 512..].copy_from_slice(&page);
    // Bin table: FCs [base, base + 35], page number 2.
    let mut bte = Vec::new();
    bte.extend_from_slice(&base.to_le_bytes());
    bte.extend_from_slice(&(base + 35).to_le_bytes());
    bte.extend_from_slice(&2u32.to_le_bytes());
    let marks = Marks::read(&word, &bte, 0, bte.len());
    let table = clx(&[(0, text.len() as u32, base, true)]);
    let pieces = piece_table(&table, 0, table.len()).unwrap();
    let t = Text {
        word: &word,
        pieces: &pieces,
        marks: &marks,
        max: usize::MAX,
    };
    assert_eq!(t.range(0, text.len() as u32), "Giao SNV chu tri\rAn\u{7}\r");
    assert_eq!(render(&t.range(0, 30)), "Giao SNV chu tri\nAn\n");
    // A range starting inside the deleted run.
    assert_eq!(t.range(12, 20), "chu ");
}

#[test]
fn deletions_in_utf16_pieces_follow_byte_offsets() {
    let text = "Số 12 bỏ đi còn lại";
    let mut word = vec![0u8; 512];
    for u in text.encode_utf16() {
        word.extend_from_slice(&u.to_le_bytes());
    }
    let end = word.len() as u32;
    word.resize(1536, 0);
    // Characters 6..12 ("bỏ đi ") deleted: bytes 512 + 12 .. 512 + 24.
    let page = fkp(&[(512, 524, &[]), (524, 536, DELETED), (536, end, &[])]);
    word[1024..].copy_from_slice(&page);
    let mut bte = Vec::new();
    for v in [512u32, end, 2] {
        bte.extend_from_slice(&v.to_le_bytes());
    }
    let marks = Marks::read(&word, &bte, 0, bte.len());
    let n = text.encode_utf16().count() as u32;
    let table = clx(&[(0, n, 512, false)]);
    assert_eq!(text_of(&word, &table, &marks, n), "Số 12 còn lại");
}

#[test]
fn damaged_bin_tables_cost_marks_not_text() {
    let word = vec![b'a'; 1024];
    // Page numbers past the stream, a page with an absurd run count, a repeated page.
    let mut bte = Vec::new();
    for v in [0u32, 10, 20, 30, 99, 1, 1] {
        bte.extend_from_slice(&v.to_le_bytes());
    }
    let mut bad_page = word.clone();
    bad_page[1023] = 200;
    for w in [&word, &bad_page] {
        let marks = Marks::read(w, &bte, 0, bte.len());
        assert_eq!(marks.spans(0, 1, 30), vec![(0, 30, Flags::default())]);
    }
    assert_eq!(
        Marks::read(&word, &bte, 1000, 8).spans(0, 1, 3),
        vec![(0, 3, Flags::default())]
    );
}

#[test]
fn spans_cover_every_character_once() {
    let del = Flags {
        deleted: true,
        hidden: false,
    };
    let marks = Marks::from_runs(vec![(10, 14, del), (12, 20, del), (30, 31, del)]);
    // UTF-16 from byte 8: characters at 8, 10, 12, … ; the overlap is trimmed.
    assert_eq!(
        marks.spans(8, 2, 10),
        vec![
            (0, 1, Flags::default()),
            (1, 3, del),
            (3, 6, del),
            (6, 10, Flags::default())
        ]
    );
    // A run boundary inside a UTF-16 character (damaged file) rounds up to the next one.
    let marks = Marks::from_runs(vec![(11, 15, del)]);
    assert_eq!(
        marks.spans(8, 2, 5),
        vec![
            (0, 2, Flags::default()),
            (2, 4, del),
            (4, 5, Flags::default())
        ]
    );
    assert!(marks.spans(100, 1, 0).is_empty());
}

/// [`clx`] with piece modifiers: `prms` per piece, `prcs` the Clx's property runs.
fn clx_with(pieces: &[(u32, u32, u32, bool)], prms: &[u16], prcs: &[&[u8]]) -> Vec<u8> {
    let plain = clx(pieces);
    // Replace the skipped property run of `clx` by `prcs`.
    let mut out = Vec::new();
    for g in prcs {
        out.push(0x01);
        out.extend_from_slice(&(g.len() as u16).to_le_bytes());
        out.extend_from_slice(g);
    }
    let mut pcdt = plain[5..].to_vec();
    let n = pieces.len();
    for (k, prm) in prms.iter().enumerate() {
        let at = 5 + 4 * (n + 1) + 8 * k + 6;
        pcdt[at..at + 2].copy_from_slice(&prm.to_le_bytes());
    }
    out.extend_from_slice(&pcdt);
    out
}

/// The text of characters `[0, end)` of `word` through the piece table `table` and `marks`.
fn text_of(word: &[u8], table: &[u8], marks: &Marks, end: u32) -> String {
    let pieces = piece_table(table, 0, table.len()).unwrap();
    Text {
        word,
        pieces: &pieces,
        marks,
        max: usize::MAX,
    }
    .range(0, end)
}

#[test]
fn fast_saved_pieces_marked_deleted_are_dropped() {
    let mut word = vec![0u8; 64];
    word[0..12].copy_from_slice(b"Giu lai xoa ");
    word[20..24].copy_from_slice(b"het.");
    let spec = [(0, 8, 0, true), (8, 12, 8, true), (12, 16, 20, true)];
    // Prm0: isprm 0x41 (sprmCFRMarkDel) with value 1; isprm 0x5C (sprmCFVanish).
    let prm0_del = (0x41 << 1) | (1 << 8);
    let prm0_hidden = (0x5C << 1) | (1 << 8);
    for (prm, want) in [(prm0_del, "Giu lai het."), (prm0_hidden, "Giu lai het.")] {
        let table = clx_with(&spec, &[0, prm, 0], &[]);
        assert_eq!(text_of(&word, &table, &Marks::default(), 16), want);
    }
    // Prm1: the second property run of the Clx holds the deletion.
    let table = clx_with(
        &spec,
        &[0, (1 << 1) | 1, 0],
        &[&[0x35, 0x08, 0x01], DELETED],
    );
    assert_eq!(
        text_of(&word, &table, &Marks::default(), 16),
        "Giu lai het."
    );
    // A Prm1 naming a property run that does not exist changes nothing.
    let table = clx_with(&spec, &[0, (9 << 1) | 1, 0], &[]);
    assert_eq!(
        text_of(&word, &table, &Marks::default(), 16),
        "Giu lai xoa het."
    );
}

fn feature(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/doc/features")
        .join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    read(&bytes).unwrap().text
}

/// Written by LibreOffice with tracked deletions and insertions not yet accepted
/// (`fixtures/doc/features/make.py`): the text reads as accepted. The paragraph whose text
/// was deleted keeps its (undeleted) paragraph mark: an empty line, as Word shows it; the
/// document's last paragraph mark ends it with a blank line.
#[test]
fn tracked_deletions_in_a_saved_document_are_gone() {
    let text = feature("tracked_changes.doc");
    assert_eq!(
        text,
        "ỦY BAN NHÂN DÂN\nSố: 12/UBND-VP\nGiao Sở Nội vụ chủ trì triển khai kế hoạch cải \
         cách hành chính năm 2025.\n\nThời hạn: trước ngày 31/3/2025.\n\n"
    );
    assert!(!text.contains("Tài chính") && !text.contains("15/3/2025") && !text.contains("xóa"));
}

/// Page header and footer and a comment are not body text; the footnote comes after the
/// body, apart from it.
#[test]
fn headers_footers_and_comments_stay_out_of_the_body() {
    let text = feature("stories.doc");
    assert_eq!(
        text,
        "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\nSố: 34/KH-UBND\nCăn cứ Nghị định số 30/2020/NĐ-CP về \
         công tác văn thư;\nTriển khai thực hiện kế hoạch.\n\n\n Nghị định ngày 05/3/2020 \
         của Chính phủ.\n\n"
    );
    for other in ["TRANG ĐẦU", "CHÂN TRANG", "GÓP Ý"] {
        assert!(!text.contains(other), "{other}");
    }
}

#[test]
fn field_codes_are_gone_and_results_kept() {
    let text = feature("fields.doc");
    assert_eq!(
        text,
        "Số: 47/UBND-TTHC\nTrang 1\nXem Cổng Dịch vụ công quốc gia.\n\n"
    );
}
