//! Whole documents through [`super::parse`]: the five seed texts against their gold records,
//! and synthetic documents that exercise what the seeds do not (a Sở's decision with a
//! stacked TM./KT. authority, a Giấy mời, a web page's flattened header, a Party document,
//! a document with no header at all).

use serde_json::Value;

use super::parse;
use crate::record::{Record, Signer};
use crate::text::normalize_document;

fn run(text: &str) -> (Record, String, String) {
    let text = normalize_document(text);
    let mut rec = Record::default();
    let layout = parse(&text, &mut rec);
    let body = text[layout.body_start..layout.body_end].to_owned();
    let closing = text[layout.body_end..].to_owned();
    (rec, body, closing)
}

fn signer(a: Option<&str>, t: &str, n: &str) -> Option<Signer> {
    Some(Signer {
        authority: a.map(str::to_owned),
        title: Some(t.to_owned()),
        name: Some(n.to_owned()),
    })
}

fn strs(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

const SEEDS: &[(&str, &str)] = &[
    (
        include_str!("../../../../fixtures/seeds/000_ef15852ca764143c.txt"),
        include_str!("../../../../fixtures/seeds/000_ef15852ca764143c.gold.json"),
    ),
    (
        include_str!("../../../../fixtures/seeds/001_d93c6eac50e12396.txt"),
        include_str!("../../../../fixtures/seeds/001_d93c6eac50e12396.gold.json"),
    ),
    (
        include_str!("../../../../fixtures/seeds/002_7c45b691b63468a8.txt"),
        include_str!("../../../../fixtures/seeds/002_7c45b691b63468a8.gold.json"),
    ),
    (
        include_str!("../../../../fixtures/seeds/003_8ad50b52758cab30.txt"),
        include_str!("../../../../fixtures/seeds/003_8ad50b52758cab30.gold.json"),
    ),
    (
        include_str!("../../../../fixtures/seeds/004_194654e3eeeb3fd5.txt"),
        include_str!("../../../../fixtures/seeds/004_194654e3eeeb3fd5.gold.json"),
    ),
];

#[test]
fn seeds_match_their_gold_header_fields() {
    for (i, (text, gold)) in SEEDS.iter().enumerate() {
        let gold: Value = serde_json::from_str(gold).expect("gold JSON");
        let (rec, body, _) = run(text);
        let got = serde_json::to_value(&rec).expect("record JSON");
        for field in [
            "doc_type",
            "number",
            "symbol",
            "issuer",
            "issuer_parent",
            "place",
            "date",
            "subject",
            "recipients",
            "cc",
            "signer",
        ] {
            assert_eq!(got[field], gold[field], "seed {i:03}, field {field}");
        }
        for w in gold["warnings"].as_array().expect("warnings") {
            let w = w.as_str().expect("warning code");
            assert!(
                rec.warnings.iter().any(|x| x == w),
                "seed {i:03}: missing warning {w}"
            );
        }
        // The body holds neither the header nor the closing.
        assert!(!body.contains("Kính gửi"), "seed {i:03}");
        assert!(!body.contains("Nơi nhận"), "seed {i:03}");
        assert!(!body.contains("Số:"), "seed {i:03}");
    }
}

#[test]
fn decision_of_a_department_with_stacked_authority() {
    let text = "\
UBND TỈNH QUẢNG NAM
SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 215/QĐ-STNMT
Quảng Nam, ngày 12 tháng 8 năm 2024

QUYẾT ĐỊNH
Về việc ban hành Kế hoạch cải cách hành chính
năm 2025 của Sở Tài nguyên và Môi trường
-----------
GIÁM ĐỐC SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG

Căn cứ Quyết định số 12/2021/QĐ-UBND ngày 05/4/2021 của UBND tỉnh Quảng Nam;
Xét đề nghị của Chánh Văn phòng Sở.

QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch cải cách hành chính năm 2025.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký./.

Nơi nhận:
- Như Điều 2;
- UBND tỉnh (b/c);
- Sở Nội vụ;
- Lưu: VT, VP.

TM. BAN GIÁM ĐỐC
KT. GIÁM ĐỐC
PHÓ GIÁM ĐỐC
(Đã ký)

Lê Thị Thu Hà
";
    let (rec, body, closing) = run(text);
    assert_eq!(rec.doc_type.as_deref(), Some("Quyết định"));
    assert_eq!(rec.number.as_deref(), Some("215"));
    assert_eq!(rec.symbol.as_deref(), Some("QĐ-STNMT"));
    assert_eq!(rec.issuer.as_deref(), Some("Sở Tài nguyên và Môi trường"));
    assert_eq!(
        rec.issuer_parent.as_deref(),
        Some("Ủy ban nhân dân tỉnh Quảng Nam")
    );
    assert_eq!(rec.place.as_deref(), Some("Quảng Nam"));
    assert_eq!(rec.date.as_deref(), Some("2024-08-12"));
    assert_eq!(
        rec.subject.as_deref(),
        Some("ban hành Kế hoạch cải cách hành chính năm 2025 của Sở Tài nguyên và Môi trường")
    );
    assert!(rec.recipients.is_empty());
    assert_eq!(
        rec.cc,
        strs(&["Như Điều 2", "UBND tỉnh (b/c)", "Sở Nội vụ", "Lưu: VT, VP"])
    );
    assert_eq!(
        rec.signer,
        signer(
            Some("TM. BAN GIÁM ĐỐC / KT. GIÁM ĐỐC"),
            "PHÓ GIÁM ĐỐC",
            "Lê Thị Thu Hà"
        )
    );
    assert!(rec.warnings.is_empty(), "{:?}", rec.warnings);
    assert!(body.starts_with("Căn cứ Quyết định"), "{body}");
    assert!(body.contains("Điều 2."));
    assert!(closing.starts_with("Nơi nhận"));
}

#[test]
fn invitation_with_a_blank_day() {
    let text = "\
ỦY BAN NHÂN DÂN
HUYỆN BÌNH SƠN

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: …/GM-UBND

Bình Sơn, ngày   tháng 3 năm 2024

GIẤY MỜI
Dự Hội nghị triển khai công tác cải cách hành chính năm 2024

Ủy ban nhân dân huyện trân trọng kính mời:
- Thủ trưởng các cơ quan, đơn vị thuộc UBND huyện;
- Chủ tịch UBND các xã, thị trấn.
Thời gian: 14 giờ 00, ngày 20/3/2024.

Nơi nhận:
- Như thành phần mời;
- Lưu: VT.

TL. CHỦ TỊCH
CHÁNH VĂN PHÒNG

Võ Văn Minh
";
    let (rec, body, _) = run(text);
    assert_eq!(rec.doc_type.as_deref(), Some("Giấy mời"));
    assert_eq!(rec.number, None);
    assert_eq!(rec.symbol.as_deref(), Some("GM-UBND"));
    assert_eq!(
        rec.issuer.as_deref(),
        Some("Ủy ban nhân dân huyện Bình Sơn")
    );
    assert_eq!(rec.issuer_parent, None);
    assert_eq!(rec.place.as_deref(), Some("Bình Sơn"));
    assert_eq!(rec.date.as_deref(), Some("2024-03"));
    assert_eq!(
        rec.subject.as_deref(),
        Some("Dự Hội nghị triển khai công tác cải cách hành chính năm 2024")
    );
    assert_eq!(rec.cc, strs(&["Như thành phần mời", "Lưu: VT"]));
    assert_eq!(
        rec.signer,
        signer(Some("TL. CHỦ TỊCH"), "CHÁNH VĂN PHÒNG", "Võ Văn Minh")
    );
    assert!(rec.warnings.contains(&"number_blank".to_owned()));
    assert!(rec.warnings.contains(&"date_partial".to_owned()));
    assert!(body.starts_with("Ủy ban nhân dân huyện trân trọng kính mời"));
    assert!(body.trim_end().ends_with("ngày 20/3/2024."));
}

#[test]
fn web_page_with_a_flattened_header_and_closing() {
    let text = "\
ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH ĐẮK LẮK | Độc lập - Tự do - Hạnh phúc
Số: 123/UBND-KT | Đắk Lắk, ngày 05 tháng 3 năm 2024
V/v đôn đốc thực hiện nhiệm vụ |
cải cách hành chính năm 2024 |

Kính gửi:
- Các sở, ban, ngành;
- UBND các huyện, thị xã, thành phố.

Ủy ban nhân dân tỉnh đề nghị các cơ quan, đơn vị khẩn trương thực hiện./.

Nơi nhận: | KT. CHỦ TỊCH
- Như trên; | PHÓ CHỦ TỊCH
- CT, PCT UBND tỉnh; |
- Lưu: VT, KT. |
 | Nguyễn Tuấn Hà
";
    let (rec, body, _) = run(text);
    assert_eq!(rec.doc_type.as_deref(), Some("Công văn"));
    assert_eq!(rec.number.as_deref(), Some("123"));
    assert_eq!(rec.symbol.as_deref(), Some("UBND-KT"));
    assert_eq!(rec.issuer.as_deref(), Some("Ủy ban nhân dân tỉnh Đắk Lắk"));
    assert_eq!(rec.place.as_deref(), Some("Đắk Lắk"));
    assert_eq!(rec.date.as_deref(), Some("2024-03-05"));
    assert_eq!(
        rec.subject.as_deref(),
        Some("đôn đốc thực hiện nhiệm vụ cải cách hành chính năm 2024")
    );
    assert_eq!(
        rec.recipients,
        strs(&["Các sở, ban, ngành", "UBND các huyện, thị xã, thành phố"])
    );
    assert_eq!(
        rec.cc,
        strs(&["Như trên", "CT, PCT UBND tỉnh", "Lưu: VT, KT"])
    );
    assert_eq!(
        rec.signer,
        signer(Some("KT. CHỦ TỊCH"), "PHÓ CHỦ TỊCH", "Nguyễn Tuấn Hà")
    );
    assert_eq!(
        body.trim(),
        "Ủy ban nhân dân tỉnh đề nghị các cơ quan, đơn vị khẩn trương thực hiện./."
    );
}

#[test]
fn pdf_style_header_with_wide_gaps_and_a_broken_date() {
    let text = "\
   BỘ NỘI VỤ              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
                             Độc lập - Tự do - Hạnh phúc
Số: 1149/QĐ-BNV            Hà Nội, ngày 30 tháng 12
                           năm 2020
                      QUYẾT ĐỊNH
Phê duyệt Đề án Xác định Chỉ số cải cách hành chính
của các bộ, cơ quan ngang bộ, Ủy ban nhân dân các tỉnh
                     BỘ TRƯỞNG BỘ NỘI VỤ
Căn cứ Nghị định số 34/2017/NĐ-CP ngày 03 tháng 4 năm 2017;
Điều 1. Phê duyệt Đề án.
Nơi nhận:                               BỘ TRƯỞNG
- Như Điều 3;
- Thủ tướng Chính phủ (để b/c);
- Lưu: VT, CCHC.                        Lê Vĩnh Tân
";
    let (rec, body, _) = run(text);
    assert_eq!(rec.doc_type.as_deref(), Some("Quyết định"));
    assert_eq!(rec.reference().as_deref(), Some("1149/QĐ-BNV"));
    assert_eq!(rec.issuer.as_deref(), Some("Bộ Nội vụ"));
    assert_eq!(rec.date.as_deref(), Some("2020-12-30"));
    assert_eq!(rec.place.as_deref(), Some("Hà Nội"));
    assert_eq!(
        rec.subject.as_deref(),
        Some(
            "Phê duyệt Đề án Xác định Chỉ số cải cách hành chính của các bộ, cơ quan ngang bộ, Ủy ban nhân dân các tỉnh"
        )
    );
    assert_eq!(
        rec.cc,
        strs(&[
            "Như Điều 3",
            "Thủ tướng Chính phủ (để b/c)",
            "Lưu: VT, CCHC"
        ])
    );
    assert_eq!(rec.signer, signer(None, "BỘ TRƯỞNG", "Lê Vĩnh Tân"));
    assert!(body.trim_start().starts_with("Căn cứ Nghị định"));
    assert!(!body.contains("Nơi nhận"));
}

#[test]
fn party_resolution() {
    let text = "\
ĐẢNG BỘ TỈNH QUẢNG NGÃI
HUYỆN ỦY MỘ ĐỨC
*
Số 04-NQ/HU

ĐẢNG CỘNG SẢN VIỆT NAM

Mộ Đức, ngày 20 tháng 02 năm 2022

NGHỊ QUYẾT
về đẩy mạnh cải cách hành chính giai đoạn 2021 - 2025

I. TÌNH HÌNH
Những năm qua, công tác cải cách hành chính có chuyển biến.

Nơi nhận:
- Ban Thường vụ Tỉnh ủy (b/c);
- Lưu Văn phòng Huyện ủy.

T/M BAN THƯỜNG VỤ
BÍ THƯ

Nguyễn Văn Hùng
";
    let (rec, body, _) = run(text);
    assert_eq!(rec.doc_type.as_deref(), Some("Nghị quyết"));
    assert_eq!(rec.number.as_deref(), Some("04"));
    assert_eq!(rec.symbol.as_deref(), Some("NQ/HU"));
    assert_eq!(rec.reference().as_deref(), Some("04-NQ/HU"));
    assert_eq!(rec.issuer.as_deref(), Some("Huyện ủy Mộ Đức"));
    assert_eq!(
        rec.issuer_parent.as_deref(),
        Some("Đảng bộ tỉnh Quảng Ngãi")
    );
    assert_eq!(rec.date.as_deref(), Some("2022-02-20"));
    assert_eq!(
        rec.subject.as_deref(),
        Some("về đẩy mạnh cải cách hành chính giai đoạn 2021 - 2025")
    );
    assert_eq!(
        rec.signer,
        signer(Some("T/M BAN THƯỜNG VỤ"), "BÍ THƯ", "Nguyễn Văn Hùng")
    );
    assert!(body.starts_with("I. TÌNH HÌNH"));
}

#[test]
fn document_without_any_header() {
    let text = "Biên bản họp tổ công tác.\nCác thành viên thống nhất nội dung.\n";
    let (rec, body, _) = run(text);
    assert_eq!(rec.number, None);
    assert_eq!(rec.symbol, None);
    assert_eq!(rec.issuer, None);
    assert_eq!(rec.doc_type, None);
    for w in [
        "number_missing",
        "date_missing",
        "subject_missing",
        "signer_missing",
    ] {
        assert!(
            rec.warnings.contains(&w.to_owned()),
            "{w}: {:?}",
            rec.warnings
        );
    }
    assert_eq!(body, normalize_document(text));
}

#[test]
fn no_panic_on_odd_input() {
    for text in [
        "",
        "\n\n\n",
        "Số:",
        "Số: /",
        "Nơi nhận:",
        "Kính gửi:",
        "V/v",
        "THÔNG BÁO",
        "KT.",
        "Số: 1\n/\n",
        "ngày tháng năm",
        "| | |\n\t\t",
        "Nơi nhận:\nKT. CHỦ TỊCH",
    ] {
        let mut rec = Record::default();
        let layout = parse(text, &mut rec);
        assert!(layout.body_start <= layout.body_end && layout.body_end <= text.len());
    }
}

#[test]
fn doc_type_sources() {
    // (header text, doc_type, inferred from the symbol)
    let cases: &[(&str, Option<&str>, bool)] = &[
        (
            "Số: 12/TB-UBND\nTHÔNG BÁO\nKết luận của Chủ tịch\n\nNội dung",
            Some("Thông báo"),
            false,
        ),
        (
            "Số: 12/UBND-VP\nTỜ TRÌNH\nVề việc phê duyệt dự toán\n\nNội dung",
            Some("Tờ trình"),
            false,
        ),
        (
            "Số: 12/CT-UBND\nV/v tăng cường kỷ luật\n\nNội dung",
            Some("Công văn"),
            false,
        ),
        (
            "Số: 12/CT-UBND\nvề tăng cường kỷ luật\n\nNội dung",
            Some("Chỉ thị"),
            true,
        ),
        (
            "Số: 12/CTr-UBND\nCải cách hành chính 2024\n\nNội dung",
            Some("Chương trình"),
            true,
        ),
        (
            "Số: 12/QyĐ-UBND\nQuy định\n\nNội dung",
            Some("Quy định"),
            true,
        ),
        ("Số: 12/ĐA-UBND\nĐề án\n\nNội dung", Some("Đề án"), true),
        ("Số: 12/DA-BQL\nDự án\n\nNội dung", Some("Dự án"), true),
        ("Số: 11/2022/NQ-HĐND\nNội dung", Some("Nghị quyết"), true),
        ("Số: 47/UBND-TTHC\nNội dung", Some("Công văn"), true),
        ("Nội dung không có số", None, false),
    ];
    for (text, want, inferred) in cases {
        let (rec, _, _) = run(text);
        assert_eq!(rec.doc_type.as_deref(), *want, "{text}");
        assert_eq!(
            rec.warnings.iter().any(|w| w == "doc_type_inferred"),
            *inferred,
            "{text}"
        );
    }
}

#[test]
fn issuer_variants_through_the_whole_parser() {
    // (agency block, issuer, parent)
    let cases: &[(&str, &str, Option<&str>)] = &[
        (
            "ỦY BAN NHÂN DÂN\nHUYỆN MỘ ĐỨC",
            "Ủy ban nhân dân huyện Mộ Đức",
            None,
        ),
        (
            "UBND TỈNH QUẢNG NGÃI\nSỞ NỘI VỤ",
            "Sở Nội vụ",
            Some("Ủy ban nhân dân tỉnh Quảng Ngãi"),
        ),
        ("BỘ NỘI VỤ", "Bộ Nội vụ", None),
        (
            "VĂN PHÒNG UBND TỈNH",
            "Văn phòng Ủy ban nhân dân tỉnh",
            None,
        ),
        (
            "UBND TỈNH THANH HÓA\nSỞ LAO ĐỘNG - THƯƠNG BINH\nVÀ XÃ HỘI",
            "Sở Lao động - Thương binh và Xã hội",
            Some("Ủy ban nhân dân tỉnh Thanh Hóa"),
        ),
        (
            "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI",
            "Ủy ban nhân dân thành phố Hà Nội",
            None,
        ),
    ];
    for (block, issuer, parent) in cases {
        let text = format!(
            "{block}\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 5/BC-UBND\nHà Nội, ngày 01 tháng 02 năm 2024\nBÁO CÁO\nKết quả cải cách hành chính\n\nNội dung."
        );
        let (rec, _, _) = run(&text);
        assert_eq!(rec.issuer.as_deref(), Some(*issuer), "{block}");
        assert_eq!(rec.issuer_parent.as_deref(), *parent, "{block}");
        assert!(!rec.warnings.iter().any(|w| w == "issuer_inferred"));
    }
}

#[test]
fn a_police_rank_before_the_signer_name_is_left_out() {
    let text = "\
BỘ CÔNG AN                          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
CÔNG AN TỈNH LÂM ĐỒNG                    Độc lập - Tự do - Hạnh phúc
Số: 298/TTr-CAT-PC04                Lâm Đồng, ngày 24 tháng 10 năm 2025

TỜ TRÌNH
V/v triển khai công tác cai nghiện ma túy

Kính gửi: Ủy ban nhân dân tỉnh Lâm Đồng.

Công an tỉnh kính trình Ủy ban nhân dân tỉnh xem xét./.

Nơi nhận:                                        GIÁM ĐỐC
- Như trên;
- Lưu: VT, PC04.
                                         Thiếu tướng Trương Minh Đương
";
    let (rec, _, _) = run(text);
    assert_eq!(rec.signer, signer(None, "GIÁM ĐỐC", "Trương Minh Đương"));
}
