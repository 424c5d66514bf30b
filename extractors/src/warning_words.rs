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
        "ocr_text" => (
            "chữ đọc bằng OCR từ ảnh trang (bản quét, ảnh chụp)",
            "text read by OCR from page images (scan, photo)",
        ),
        "ocr_partial" => (
            "OCR chỉ đọc phần tiêu đề và vùng chữ ký",
            "OCR read only the header and the signature zone",
        ),
        "ocr_unavailable" => (
            "cần OCR nhưng chưa cài Tesseract hoặc bộ chữ tiếng Việt",
            "OCR needed but Tesseract or its Vietnamese model is missing",
        ),
        "ocr_failed" => ("OCR thất bại ở ít nhất một trang", "OCR failed on a page"),
        "text_layer_junk" => (
            "lớp chữ của PDF không đọc được (OCR tiếng Anh, bảng mã phông hỏng): đã OCR lại",
            "unreadable text layer (English OCR, broken font map): OCR used instead",
        ),
        "ocr_repaired_doc_type" => (
            "OCR: tên loại văn bản được sửa theo từ điển",
            "OCR: document type repaired by the vocabulary",
        ),
        "ocr_repaired_place" => (
            "OCR: địa danh được sửa theo từ điển",
            "OCR: place name repaired by the vocabulary",
        ),
        "ocr_repaired_agency" => (
            "OCR: tên cơ quan được sửa theo từ điển",
            "OCR: agency name repaired by the vocabulary",
        ),
        "ocr_repaired_title" => (
            "OCR: chức danh người ký được sửa theo từ điển",
            "OCR: signing title repaired by the vocabulary",
        ),
        "ocr_repaired_number_line" => (
            "OCR: dòng «Số:» được sửa",
            "OCR: the «Số:» line was repaired",
        ),
        "ocr_repaired_date" => (
            "OCR: dòng ngày tháng được sửa",
            "OCR: the date line was repaired",
        ),
        "ocr_repaired_authority" => (
            "OCR: thẩm quyền ký (TM./KT./TL./Q.) được sửa",
            "OCR: signing authority (TM./KT./TL./Q.) repaired",
        ),
        "ocr_repaired_signer_name" => (
            "OCR: họ người ký bị mất chữ đầu, được khôi phục theo danh sách họ",
            "OCR: the signer's family name lost its first letters and was restored",
        ),
        "number_from_file_name" => (
            "số văn bản lấy từ tên tệp (OCR không đọc được số viết tay)",
            "number taken from the file name (OCR could not read it)",
        ),
        "ocr_seal_dropped" => (
            "OCR: tên người ký đọc lại sau khi lọc bỏ màu đỏ của con dấu",
            "OCR: the signer's name was read again with the red seal filtered out",
        ),
        "number_from_file_name_over_ocr" => (
            "số văn bản lấy từ tên tệp: OCR đọc lệch một chữ số so với số trên tên tệp",
            "number taken from the file name: OCR read it one digit off",
        ),
        "day_from_signature_time" => (
            "ngày lấy từ thời điểm ký số (cùng tháng, năm với ngày in)",
            "day taken from the digital signature time (same month and year)",
        ),
        "signer_name_from_signature" => (
            "tên người ký lấy từ chứng thư số (chứng thư mang tên người; tên in không đọc được)",
            "signer's name taken from the digital signature's certificate (it names a person)",
        ),
        "time_budget_exceeded" => (
            "đọc tệp quá thời gian cho phép (--max-file-seconds): bỏ qua tệp",
            "reading took longer than the budget (--max-file-seconds)",
        ),
        "text_capped" => (
            "văn bản quá dài: chỉ đọc phần đầu (--max-text-mb)",
            "text too long: only its beginning was read (--max-text-mb)",
        ),
        "decompression_limit" => (
            "phần nén giải ra quá lớn (bom nén): từ chối",
            "a compressed part expands too far (zip bomb): refused",
        ),
        "file_too_large" => ("tệp quá lớn: từ chối", "file too large: refused"),
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
