//! The warning codes of [`crate::warnings`] in words, for people.
//!
//! Codes are the stable contract for tools (`extract --format json`, the index); tables, the
//! web app and reports show these sentences instead, in Vietnamese by default. One table for
//! every printer, so a code never reaches a Vietnamese table raw; a test keeps it complete.

/// Vietnamese and English words for a warning code; `None` for a code this build does not
/// know (printers then show the code itself).
pub fn describe(code: &str) -> Option<(&'static str, &'static str)> {
    Some(match code {
        "number_blank" => (
            "số để trống (chờ cấp số khi ký)",
            "number left blank, to be stamped at signing",
        ),
        "number_missing" => ("không thấy dòng «Số:»", "no «Số:» line found"),
        "date_partial" => (
            "ngày ban hành thiếu ngày hoặc tháng",
            "issue date lacks day or month",
        ),
        "date_missing" => ("không thấy ngày ban hành", "no issue date found"),
        "issuer_inferred" => (
            "cơ quan ban hành suy ra từ ký hiệu/nơi ký",
            "issuer inferred from the symbol or signature",
        ),
        "doc_type_inferred" => (
            "loại văn bản suy ra từ ký hiệu hoặc «V/v»",
            "document type inferred from the symbol or «V/v»",
        ),
        "signer_missing" => ("không thấy khối người ký", "no signer block found"),
        "subject_missing" => ("không thấy trích yếu", "no subject found"),
        "no_text_layer" => (
            "có trang không có lớp chữ (bản quét): cần OCR",
            "a page has no text layer (scan): OCR needed",
        ),
        "encoding_guessed" => (
            "bảng mã không phải UTF-8, đã đọc theo Windows-1258",
            "not UTF-8; read as Windows-1258",
        ),
        "pdf_decrypted" => (
            "PDF có mật khẩu rỗng, đã giải mã",
            "PDF with an empty password was decrypted",
        ),
        "pdf_damaged" => (
            "PDF hỏng, chỉ đọc được một phần",
            "damaged PDF; the readable part was used",
        ),
        "glyphs_unmapped" => (
            "một số ký tự không đọc được (phông chữ thiếu bảng mã)",
            "some glyphs had no Unicode mapping",
        ),
        "text_truncated" => (
            "văn bản quá dài, chỉ phân tích phần đầu",
            "text too long; only its beginning was parsed",
        ),
        "citation_date_conflict" => (
            "một văn bản được viện dẫn với các ngày khác nhau",
            "a reference is cited with different dates",
        ),
        "format_mismatch" => (
            "đuôi tệp không khớp nội dung",
            "file extension and content disagree",
        ),
        "legacy_encoding" => (
            "chữ theo bảng mã cũ (TCVN3/VNI/VISCII), đã chuyển sang Unicode",
            "legacy encoding (TCVN3/VNI/VISCII) converted to Unicode",
        ),
        "attachments_follow" => (
            "sau văn bản còn văn bản khác (dự thảo, phụ lục); bản ghi là của văn bản đầu",
            "more documents follow the first (draft, appendix); the record is the first's",
        ),
        _ => return None,
    })
}

/// The words for `code` in one language, the code itself when unknown.
pub fn words(code: &str, english: bool) -> &str {
    match describe(code) {
        Some((vi, en)) => {
            if english {
                en
            } else {
                vi
            }
        }
        None => code,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code published in `warnings.rs` has words: a new code cannot reach a table raw.
    #[test]
    fn every_published_code_has_words() {
        let src = include_str!("warnings.rs");
        let codes: Vec<&str> = src
            .lines()
            .filter_map(|l| l.trim().strip_prefix("pub const "))
            .filter_map(|l| l.split('"').nth(1))
            .collect();
        assert!(codes.len() >= 18, "{codes:?}");
        let missing: Vec<&&str> = codes.iter().filter(|c| describe(c).is_none()).collect();
        assert!(
            missing.is_empty(),
            "warning codes without words: {missing:?}"
        );
        assert_eq!(words("no_such_code", false), "no_such_code");
        assert_eq!(words("date_missing", true), "no issue date found");
    }
}
