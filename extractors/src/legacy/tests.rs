use super::*;

/// Every Vietnamese letter in every encoding, as the reference converters (glibc iconv, GNU
/// recode) write it: `fixtures/tools/legacy_tables.py` made this table, independently of the
/// decoder under test.
const LETTERS: &str = include_str!("letters.tsv");

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn every_letter_of_every_encoding_decodes() {
    let encs = [
        Legacy::Tcvn3,
        Legacy::Vni,
        Legacy::Viscii,
        Legacy::Vps,
        Legacy::Cp1258,
    ];
    let mut checked = [0usize; 5];
    for row in LETTERS.lines().skip(1) {
        let cols: Vec<&str> = row.split('\t').collect();
        assert_eq!(cols.len(), 6, "{row}");
        for (i, enc) in encs.iter().enumerate() {
            if cols[i + 1] == "-" {
                continue;
            }
            assert_eq!(
                enc.decode(&hex(cols[i + 1])),
                cols[0],
                "{} bytes {}",
                enc.name(),
                cols[i + 1]
            );
            checked[i] += 1;
        }
    }
    // 134 letters; the reference has no VPS code for one capital (Ỗ).
    assert_eq!(checked, [134, 134, 134, 133, 134]);
}

#[test]
fn glyph_text_is_reinterpreted() {
    // What Word stores for runs in .VnTime / VNI-Times.
    assert_eq!(
        Legacy::Tcvn3
            .reinterpret("§iÒu 1. Uû ban nh©n d©n")
            .unwrap(),
        "Điều 1. Uỷ ban nhân dân"
    );
    assert_eq!(
        Legacy::Vni
            .reinterpret("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam")
            .unwrap(),
        "Cộng hòa xã hội chủ nghĩa Việt Nam"
    );
    assert_eq!(Legacy::Vni.reinterpret("ÑÖÔØNG").unwrap(), "ĐƯỜNG");
    assert_eq!(Legacy::Tcvn3.reinterpret("Việt"), None);
}

#[test]
fn unknown_bytes_are_detected() {
    let tcvn3 = b"Tri\xd3n khai th\xf9c hi\xd6n k\xd5 ho\xb9ch c\xb6i c\xb8ch h\xb5nh ch\xddnh";
    let (enc, text) = decode_unknown(tcvn3);
    assert_eq!(
        (enc, text.as_str()),
        (
            Legacy::Tcvn3,
            "Triển khai thực hiện kế hoạch cải cách hành chính"
        )
    );
    let vni = "Trieån khai thöïc hieän keá hoaïch caûi caùch haønh chính";
    let bytes: Vec<u8> = vni.chars().map(|c| c as u32 as u8).collect();
    let (enc, text) = decode_unknown(&bytes);
    assert_eq!(
        (enc, text.as_str()),
        (
            Legacy::Vni,
            "Triển khai thực hiện kế hoạch cải cách hành chính"
        )
    );
    // Windows-1258 with combining tones ("Hà Nội").
    let (enc, text) = decode_unknown(&[b'H', b'a', 0xcc, b' ', b'N', 0xf4, 0xf2, b'i']);
    assert_eq!((enc, text.as_str()), (Legacy::Cp1258, "Hà Nội"));
}

#[test]
fn unicode_text_is_left_alone() {
    // Latin-1-only Vietnamese words (và, có, là) must not be taken for glyph codes.
    assert_eq!(
        fix_text("và có là của\nSố: 12/UBND", Some(Legacy::Tcvn3)),
        None
    );
    assert_eq!(
        fix_text("Cộng hòa xã hội chủ nghĩa Việt Nam", Some(Legacy::Vni)),
        None
    );
}

#[test]
fn mixed_text_converts_only_legacy_lines() {
    let text = "Số: 12/UBND\n§iÒu 1. Giao Së Néi vô\nCộng hòa";
    let (out, enc) = fix_text(text, None).unwrap();
    assert_eq!(enc, Legacy::Tcvn3);
    assert_eq!(out, "Số: 12/UBND\nĐiều 1. Giao Sở Nội vụ\nCộng hòa");
}

#[test]
fn font_names_are_hints() {
    assert_eq!(Legacy::from_font(".VnTime"), Some((Legacy::Tcvn3, false)));
    assert_eq!(Legacy::from_font(".VnTimeH"), Some((Legacy::Tcvn3, true)));
    assert_eq!(Legacy::from_font("VNI-Times"), Some((Legacy::Vni, false)));
    assert_eq!(Legacy::from_font("Times New Roman"), None);
}

#[test]
fn syllables() {
    assert_eq!(syllable("nghiêng"), Some(true));
    assert_eq!(syllable("giữa"), Some(true));
    assert_eq!(syllable("quốc"), Some(true));
    assert_eq!(syllable("§iÒu"), None);
    assert_eq!(syllable("vỔ"), None);
    assert_eq!(syllable("ñöôøng"), None);
}

#[test]
fn punctuation_and_spaces_are_not_glyph_codes() {
    // A TCVN3 document: its Vietnamese lines convert, an en dash and a lone no-break space
    // (which TCVN3 and VISCII would turn into letters) stay.
    let text = "\u{a0}\n§iÒu 1. Giao Së Néi vô\nd01–d10\nSè: 23";
    let (out, enc) = fix_text(text, None).unwrap();
    assert_eq!(enc, Legacy::Tcvn3);
    assert_eq!(out, "\u{a0}\nĐiều 1. Giao Sở Nội vụ\nd01–d10\nSố: 23");
    // Nothing but no-break spaces: nothing to convert.
    assert_eq!(fix_text("\u{a0}\n\u{a0}", Some(Legacy::Viscii)), None);
}

#[test]
fn broken_font_maps_are_not_an_encoding() {
    // s09's OCR layer (Adobe Scan, wrong font map): some words look like VISCII, most do not.
    let junk = "CØNG HOÀXÃHØI CHæNGH(AVIÆT NAM\nÙc l-p - Tå do - H¡nh phúc\nV/vxin chçtr°¡ngtri¿n khai thñce hiÇn công tác cai nghiÇn ma túy";
    assert_eq!(fix_text(junk, None), None);
}
