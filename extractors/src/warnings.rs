//! Stable warning codes. A code, once published, keeps its meaning: outside tools match on them.

/// The number (số) is left blank, to be stamped at signing.
pub const NUMBER_BLANK: &str = "number_blank";
/// No `Số:` line was found at all.
pub const NUMBER_MISSING: &str = "number_missing";
/// The issue date leaves the day or month blank.
pub const DATE_PARTIAL: &str = "date_partial";
/// No issue date was found.
pub const DATE_MISSING: &str = "date_missing";
/// The issuer was inferred from the symbol, place or signature (no agency block).
pub const ISSUER_INFERRED: &str = "issuer_inferred";
/// The document type was inferred (from the symbol's type code or `V/v`), not read from a
/// type-name line.
pub const DOC_TYPE_INFERRED: &str = "doc_type_inferred";
/// No signer block was found.
pub const SIGNER_MISSING: &str = "signer_missing";
/// No subject (trích yếu) was found.
pub const SUBJECT_MISSING: &str = "subject_missing";
/// At least one page has no text layer (a scan): OCR is needed.
pub const NO_TEXT_LAYER: &str = "no_text_layer";
/// Bytes were not valid UTF-8 and were decoded as Windows-1258.
pub const ENCODING_GUESSED: &str = "encoding_guessed";
/// The PDF was encrypted with an empty user password and was decrypted.
pub const PDF_DECRYPTED: &str = "pdf_decrypted";
/// The PDF was damaged (truncated, broken cross-references); the readable part was used.
pub const PDF_DAMAGED: &str = "pdf_damaged";
/// Some glyphs had no Unicode mapping and were dropped.
pub const GLYPHS_UNMAPPED: &str = "glyphs_unmapped";
/// The text was longer than the parser's limit; only its beginning was parsed.
pub const TEXT_TRUNCATED: &str = "text_truncated";
/// The same reference is cited with different dates; the first was kept.
pub const CITATION_DATE_CONFLICT: &str = "citation_date_conflict";
/// The file's extension and its content disagree; the content won.
pub const FORMAT_MISMATCH: &str = "format_mismatch";
/// Text was stored in a legacy Vietnamese encoding (TCVN3, VNI, VISCII, VPS) and was
/// converted to Unicode; the record's `legacy_encodings` names which.
pub const LEGACY_ENCODING: &str = "legacy_encoding";
/// The file holds more documents after the first one (a consulted draft, an opinion form,
/// appendices after the signature): the record is the first document's, the rest is only
/// indexed as text.
pub const ATTACHMENTS_FOLLOW: &str = "attachments_follow";
/// The text came from OCR of page images (a scan or a photo).
pub const OCR_TEXT: &str = "ocr_text";
/// Only the header band and the signature zone were read by OCR (`--ocr header`).
pub const OCR_PARTIAL: &str = "ocr_partial";
/// The document needs OCR but Tesseract or its Vietnamese model is not installed.
pub const OCR_UNAVAILABLE: &str = "ocr_unavailable";
/// OCR failed on at least one page (the engine failed, or the image could not be decoded).
pub const OCR_FAILED: &str = "ocr_failed";
/// The PDF's text layer is not readable Vietnamese (an English OCR pass, a broken font
/// map); it was replaced by OCR of the page images.
pub const TEXT_LAYER_JUNK: &str = "text_layer_junk";
/// OCR repairs by the field vocabulary: a document type name, a place or province, an agency
/// phrase, a signing title, the `Số:` line, the date phrase, a TM./KT./TL./Q. prefix.
pub const OCR_REPAIRED_DOC_TYPE: &str = "ocr_repaired_doc_type";
pub const OCR_REPAIRED_PLACE: &str = "ocr_repaired_place";
pub const OCR_REPAIRED_AGENCY: &str = "ocr_repaired_agency";
pub const OCR_REPAIRED_TITLE: &str = "ocr_repaired_title";
pub const OCR_REPAIRED_NUMBER_LINE: &str = "ocr_repaired_number_line";
pub const OCR_REPAIRED_DATE: &str = "ocr_repaired_date";
pub const OCR_REPAIRED_AUTHORITY: &str = "ocr_repaired_authority";
/// A signer's name whose family name lost its first letters under ink ("uyên Ngọc Phúc")
/// got back the one family name it can be the end of.
pub const OCR_REPAIRED_SIGNER_NAME: &str = "ocr_repaired_signer_name";
/// The number was taken from the file name (OCR could not read it; the name carries it
/// beside the document's own type code).
pub const NUMBER_FROM_FILE_NAME: &str = "number_from_file_name";
/// The signer's name (and parts still missing) came from a second reading of the closing
/// with the red seal dropped out (the first reading found no name under the seal).
pub const OCR_SEAL_DROPPED: &str = "ocr_seal_dropped";
/// OCR read a number one digit apart from the one the file name clearly carries (beside
/// the document's own type code): the file name's was taken (a misread digit).
pub const NUMBER_FROM_FILE_NAME_OVER_OCR: &str = "number_from_file_name_over_ocr";
/// The day was taken from the digital signature's time (its month and year agree with the
/// printed ones; the printed day could not be read).
pub const DAY_FROM_SIGNATURE_TIME: &str = "day_from_signature_time";
/// The signer's name was taken from a digital signature whose certificate names a person
/// (the printed name is missing or could not be read).
pub const SIGNER_NAME_FROM_SIGNATURE: &str = "signer_name_from_signature";
/// The file took longer than its time budget (`Options::max_file_time`): reading stopped and
/// the record is an error record naming the budget; the batch went on.
pub const TIME_BUDGET_EXCEEDED: &str = "time_budget_exceeded";
/// The file's text was longer than `Options::max_text_bytes`: only its beginning was read.
pub const TEXT_CAPPED: &str = "text_capped";
/// A compressed part expands beyond `Options::max_decompressed_bytes` (a zip bomb): refused.
pub const DECOMPRESSION_LIMIT: &str = "decompression_limit";
/// The file is larger than `Options::max_file_bytes`: refused before reading.
pub const FILE_TOO_LARGE: &str = "file_too_large";
