//! Tables of the field: provinces, ministries, departments, surnames.
//!
//! Why tables: capitalisation (Nghị định 30/2020, Phụ lục II) depends on what a word *is* —
//! a proper name keeps its capitals (`tỉnh Quảng Ngãi`), a common noun does not — and an
//! issuer missing from the header can only be named from the codes in the symbol
//! (`BNV-CCHC` is Bộ Nội vụ). All lookups compare folded text ([`fold`]), so `Thanh Hoá`
//! and `THANH HÓA` both match `Thanh Hóa`.

use std::sync::LazyLock;

use crate::text::fold;

/// The 63 provinces and centrally-run cities before 1 July 2025 (Nghị quyết 202/2025/QH15
/// merged them into 34), in their usual spelling.
pub const PROVINCES_63: &[&str] = &[
    "An Giang",
    "Bà Rịa - Vũng Tàu",
    "Bắc Giang",
    "Bắc Kạn",
    "Bạc Liêu",
    "Bắc Ninh",
    "Bến Tre",
    "Bình Định",
    "Bình Dương",
    "Bình Phước",
    "Bình Thuận",
    "Cà Mau",
    "Cần Thơ",
    "Cao Bằng",
    "Đà Nẵng",
    "Đắk Lắk",
    "Đắk Nông",
    "Điện Biên",
    "Đồng Nai",
    "Đồng Tháp",
    "Gia Lai",
    "Hà Giang",
    "Hà Nam",
    "Hà Nội",
    "Hà Tĩnh",
    "Hải Dương",
    "Hải Phòng",
    "Hậu Giang",
    "Hòa Bình",
    "Hưng Yên",
    "Khánh Hòa",
    "Kiên Giang",
    "Kon Tum",
    "Lai Châu",
    "Lâm Đồng",
    "Lạng Sơn",
    "Lào Cai",
    "Long An",
    "Nam Định",
    "Nghệ An",
    "Ninh Bình",
    "Ninh Thuận",
    "Phú Thọ",
    "Phú Yên",
    "Quảng Bình",
    "Quảng Nam",
    "Quảng Ngãi",
    "Quảng Ninh",
    "Quảng Trị",
    "Sóc Trăng",
    "Sơn La",
    "Tây Ninh",
    "Thái Bình",
    "Thái Nguyên",
    "Thanh Hóa",
    "Thừa Thiên Huế",
    "Tiền Giang",
    "Hồ Chí Minh",
    "Trà Vinh",
    "Tuyên Quang",
    "Vĩnh Long",
    "Vĩnh Phúc",
    "Yên Bái",
];

/// The 34 provinces and cities from 1 July 2025.
pub const PROVINCES_34: &[&str] = &[
    "Hà Nội",
    "Huế",
    "Hải Phòng",
    "Đà Nẵng",
    "Hồ Chí Minh",
    "Cần Thơ",
    "Tuyên Quang",
    "Cao Bằng",
    "Lai Châu",
    "Lào Cai",
    "Thái Nguyên",
    "Điện Biên",
    "Lạng Sơn",
    "Sơn La",
    "Phú Thọ",
    "Bắc Ninh",
    "Quảng Ninh",
    "Hưng Yên",
    "Ninh Bình",
    "Thanh Hóa",
    "Nghệ An",
    "Hà Tĩnh",
    "Quảng Trị",
    "Quảng Ngãi",
    "Gia Lai",
    "Khánh Hòa",
    "Lâm Đồng",
    "Đắk Lắk",
    "Đồng Nai",
    "Tây Ninh",
    "Vĩnh Long",
    "Đồng Tháp",
    "Cà Mau",
    "An Giang",
];

/// Thành phố trực thuộc Trung ương (their councils are "… thành phố …", not "… tỉnh …").
pub const CENTRAL_CITIES: &[&str] = &[
    "Hà Nội",
    "Hồ Chí Minh",
    "Hải Phòng",
    "Đà Nẵng",
    "Cần Thơ",
    "Huế",
];

/// Abbreviations of provinces and cities seen in headers and place lines.
pub const PROVINCE_ABBREVIATIONS: &[(&str, &str)] = &[
    ("TP.HCM", "Hồ Chí Minh"),
    ("TPHCM", "Hồ Chí Minh"),
    ("TP HCM", "Hồ Chí Minh"),
    ("TP. HCM", "Hồ Chí Minh"),
    ("HCM", "Hồ Chí Minh"),
    ("HN", "Hà Nội"),
    ("BR-VT", "Bà Rịa - Vũng Tàu"),
    ("BRVT", "Bà Rịa - Vũng Tàu"),
    ("TT-Huế", "Thừa Thiên Huế"),
    ("TT Huế", "Thừa Thiên Huế"),
];

/// Ministries and central bodies with the issuer code they use in symbols.
pub const CENTRAL_BODIES: &[(&str, &str)] = &[
    ("BNV", "Bộ Nội vụ"),
    ("BTC", "Bộ Tài chính"),
    ("BTP", "Bộ Tư pháp"),
    ("BCA", "Bộ Công an"),
    ("BQP", "Bộ Quốc phòng"),
    ("BNG", "Bộ Ngoại giao"),
    ("BYT", "Bộ Y tế"),
    ("BGDĐT", "Bộ Giáo dục và Đào tạo"),
    ("BTTTT", "Bộ Thông tin và Truyền thông"),
    ("BKHĐT", "Bộ Kế hoạch và Đầu tư"),
    ("BNNPTNT", "Bộ Nông nghiệp và Phát triển nông thôn"),
    ("BNNMT", "Bộ Nông nghiệp và Môi trường"),
    ("BTNMT", "Bộ Tài nguyên và Môi trường"),
    ("BXD", "Bộ Xây dựng"),
    ("BGTVT", "Bộ Giao thông vận tải"),
    ("BCT", "Bộ Công Thương"),
    ("BLĐTBXH", "Bộ Lao động - Thương binh và Xã hội"),
    ("BVHTTDL", "Bộ Văn hóa, Thể thao và Du lịch"),
    ("BKHCN", "Bộ Khoa học và Công nghệ"),
    ("BDTTG", "Bộ Dân tộc và Tôn giáo"),
    ("NHNN", "Ngân hàng Nhà nước Việt Nam"),
    ("TTCP", "Thanh tra Chính phủ"),
    ("UBDT", "Ủy ban Dân tộc"),
    ("VPCP", "Văn phòng Chính phủ"),
    ("CP", "Chính phủ"),
    ("TTg", "Thủ tướng Chính phủ"),
    ("QH", "Quốc hội"),
    ("UBTVQH", "Ủy ban Thường vụ Quốc hội"),
    ("KTNN", "Kiểm toán nhà nước"),
    ("TANDTC", "Tòa án nhân dân tối cao"),
    ("VKSNDTC", "Viện kiểm sát nhân dân tối cao"),
    ("BHXH", "Bảo hiểm xã hội Việt Nam"),
    ("TW", "Ban Chấp hành Trung ương"),
    ("TƯ", "Ban Chấp hành Trung ương"),
];

/// Provincial departments (sở) with their symbol codes.
pub const DEPARTMENTS: &[(&str, &str)] = &[
    ("SNV", "Sở Nội vụ"),
    ("STC", "Sở Tài chính"),
    ("STP", "Sở Tư pháp"),
    ("SYT", "Sở Y tế"),
    ("SGDĐT", "Sở Giáo dục và Đào tạo"),
    ("STTTT", "Sở Thông tin và Truyền thông"),
    ("SKHĐT", "Sở Kế hoạch và Đầu tư"),
    ("SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
    ("SNNMT", "Sở Nông nghiệp và Môi trường"),
    ("STNMT", "Sở Tài nguyên và Môi trường"),
    ("SXD", "Sở Xây dựng"),
    ("SGTVT", "Sở Giao thông vận tải"),
    ("SCT", "Sở Công Thương"),
    ("SLĐTBXH", "Sở Lao động - Thương binh và Xã hội"),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch"),
    ("SVHTT", "Sở Văn hóa và Thể thao"),
    ("SDL", "Sở Du lịch"),
    ("SKHCN", "Sở Khoa học và Công nghệ"),
    ("SNgV", "Sở Ngoại vụ"),
    ("SDTTG", "Sở Dân tộc và Tôn giáo"),
];

/// Words and phrases with a fixed spelling inside agency names (proper names and the
/// exceptions of Phụ lục II), longest first where one contains another.
pub const FIXED_SPELLINGS: &[&str] = &[
    "Mặt trận Tổ quốc Việt Nam",
    "Ngân hàng Nhà nước Việt Nam",
    "Kho bạc Nhà nước",
    "Ngân hàng Nhà nước",
    "Thủ tướng Chính phủ",
    "Ban Chấp hành Trung ương",
    "Việt Nam",
    "Trung ương",
    "Chính phủ",
    "Quốc hội",
    "Nhà nước",
    "Công Thương",
    "Hồ Chí Minh",
];

/// Common Vietnamese family names (for recognising a name written in capitals).
pub const SURNAMES: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Đào", "Lâm", "Mai", "Trương", "Tạ", "Cao", "Lương", "Hà",
    "Tô", "Phùng", "Chu", "Thái", "Kiều", "Đoàn", "Triệu", "Lưu", "Tăng", "Quách", "Châu", "La",
    "Từ", "Thân", "Đồng", "Khổng", "Nông", "Kim", "Tôn", "Mạc", "Giang", "Trịnh", "Doãn", "Lại",
    "Vương", "Âu", "Hứa", "Hầu", "Lã", "Khúc", "Đàm", "Đậu", "Viên", "Trình", "Tiêu", "Ninh",
];

/// Folded keys of the name tables, computed once: lookups run for every header line, and
/// folding a table per lookup dominated the header parser's time.
static FOLDED_ABBREVIATIONS: LazyLock<Vec<(String, &'static str)>> = LazyLock::new(|| {
    PROVINCE_ABBREVIATIONS
        .iter()
        .map(|(a, full)| (fold(a), *full))
        .collect()
});
static FOLDED_PROVINCES: LazyLock<Vec<(String, &'static str)>> = LazyLock::new(|| {
    PROVINCES_63
        .iter()
        .chain(PROVINCES_34)
        .map(|p| (fold(p), *p))
        .collect()
});
static FOLDED_SURNAMES: LazyLock<std::collections::HashSet<String>> =
    LazyLock::new(|| SURNAMES.iter().map(|s| fold(s)).collect());

/// The canonical spelling of a province or central city named `s` (any case, any tone
/// placement, `TP.HCM` style abbreviations, an optional `tỉnh` / `thành phố` prefix).
pub fn province(s: &str) -> Option<&'static str> {
    let s = s.trim();
    let folded = fold(s);
    let abbreviation = PROVINCE_ABBREVIATIONS
        .iter()
        .find(|(a, _)| a.eq_ignore_ascii_case(s))
        .map(|(_, full)| *full)
        .or_else(|| {
            FOLDED_ABBREVIATIONS
                .iter()
                .find(|(a, _)| *a == folded)
                .map(|(_, full)| *full)
        });
    if abbreviation.is_some() {
        return abbreviation;
    }
    let f = ["tinh ", "thanh pho ", "tp. ", "tp "]
        .iter()
        .find_map(|p| folded.strip_prefix(p))
        .unwrap_or(&folded)
        .trim();
    FOLDED_PROVINCES
        .iter()
        .find(|(k, _)| k == f)
        .map(|(_, p)| *p)
}

/// Whether `s` names a centrally-run city.
pub fn is_central_city(s: &str) -> bool {
    province(s).is_some_and(|p| CENTRAL_CITIES.contains(&p))
}

/// The central body for an issuer code (`BNV` → Bộ Nội vụ), case-sensitive first, then
/// folded (`BGDDT` for `BGDĐT`).
pub fn central_body(code: &str) -> Option<&'static str> {
    lookup(CENTRAL_BODIES, code)
}

/// The department for an issuer code (`SNV` → Sở Nội vụ).
pub fn department(code: &str) -> Option<&'static str> {
    lookup(DEPARTMENTS, code)
}

fn lookup(table: &'static [(&'static str, &'static str)], code: &str) -> Option<&'static str> {
    table
        .iter()
        .find(|(c, _)| *c == code)
        .or_else(|| {
            // Typed without Đ (`BGDDT`) or in another case (`BNNPTNT`, `SNGV`); other
            // diacritics still count (`TƯ` is not `TU`).
            let loose = |s: &str| s.replace('Đ', "D").to_uppercase();
            let f = loose(code);
            table.iter().find(|(c, _)| loose(c) == f)
        })
        .map(|(_, n)| *n)
}

/// Whether `word` is a common family name.
pub fn is_surname(word: &str) -> bool {
    FOLDED_SURNAMES.contains(&fold(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn province_tables_are_complete() {
        assert_eq!(PROVINCES_63.len(), 63);
        assert_eq!(PROVINCES_34.len(), 34);
        for p in PROVINCES_34 {
            assert!(
                *p == "Huế" || PROVINCES_63.contains(p),
                "{p} should be one of the 63"
            );
        }
    }

    #[test]
    fn province_lookup() {
        let cases = [
            ("Quảng Ngãi", Some("Quảng Ngãi")),
            ("QUẢNG NGÃI", Some("Quảng Ngãi")),
            ("Thanh Hoá", Some("Thanh Hóa")),
            ("tỉnh Đắk Lắk", Some("Đắk Lắk")),
            ("TP. Hồ Chí Minh", Some("Hồ Chí Minh")),
            ("TP.HCM", Some("Hồ Chí Minh")),
            ("Huế", Some("Huế")),
            ("Mộ Đức", None),
            ("Đức Phổ", None),
        ];
        for (s, want) in cases {
            assert_eq!(province(s), want, "{s}");
        }
        assert!(is_central_city("Hà Nội"));
        assert!(is_central_city("Thành phố Cần Thơ"));
        assert!(!is_central_city("Quảng Ngãi"));
    }

    #[test]
    fn codes() {
        assert_eq!(central_body("BNV"), Some("Bộ Nội vụ"));
        assert_eq!(central_body("BGDDT"), Some("Bộ Giáo dục và Đào tạo"));
        assert_eq!(central_body("TTg"), Some("Thủ tướng Chính phủ"));
        assert_eq!(department("SNV"), Some("Sở Nội vụ"));
        assert_eq!(department("STNMT"), Some("Sở Tài nguyên và Môi trường"));
        assert_eq!(department("UBND"), None);
        assert!(is_surname("NGUYỄN"));
        assert!(!is_surname("Phó"));
    }
}
