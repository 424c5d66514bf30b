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
