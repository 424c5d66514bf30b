//! Format readers: bytes → [`RawText`].
//!
//! Every reader returns text in reading order with one line per visual line (or paragraph),
//! blank lines between blocks, NFC-normalised via [`crate::text::normalize_document`]. Signing
//! stamps ("Ký bởi", "Thời gian ký") are moved out of the text into [`RawText::stamps`].

pub mod doc;
pub mod docx;
pub mod html;
pub mod image;
pub mod pdf;
mod roman;
pub mod rtf;
pub mod stamps;
pub mod txt;

use std::path::Path;

use crate::Options;
use crate::limits::Budget;
use crate::record::SignatureStamp;
use crate::warnings::TEXT_CAPPED;

/// What a reader produces.
#[derive(Debug, Clone, Default)]
pub struct RawText {
    pub text: String,
    pub stamps: Vec<SignatureStamp>,
    /// Warning codes from [`crate::warnings`].
    pub warnings: Vec<String>,
    pub pages: Option<u32>,
    /// Legacy encodings the text was converted from ([`crate::legacy::Legacy::name`]).
    pub legacy_encodings: Vec<&'static str>,
}

impl RawText {
    /// Records that (part of) the text was converted from `enc`.
    pub fn note_legacy(&mut self, enc: crate::legacy::Legacy) {
        if !self.legacy_encodings.contains(&enc.name()) {
            self.legacy_encodings.push(enc.name());
        }
        if !self
            .warnings
            .iter()
            .any(|w| w == crate::warnings::LEGACY_ENCODING)
        {
            self.warnings
                .push(crate::warnings::LEGACY_ENCODING.to_owned());
        }
    }
}

/// Why a file could not be read. Displayed messages are the `error` field of the record.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("empty file")]
    Empty,
    #[error("unsupported file type{}", .0.as_deref().map(|e| format!(" .{e}")).unwrap_or_default())]
    Unsupported(Option<String>),
    #[error("not a PDF file (no %PDF header)")]
    NotPdf,
    #[error("PDF is encrypted with a password (only an empty user password can be opened)")]
    Encrypted,
    #[error("damaged PDF: {0}")]
    BadPdf(String),
    #[error("not a DOCX file: {0}")]
    NotDocx(String),
    #[error("DOCX entry {entry} expands beyond {limit} bytes (possible zip bomb)")]
    TooLargeDecompressed { entry: String, limit: u64 },
    #[error("damaged DOCX: {0}")]
    BadDocx(String),
    #[error("damaged HTML: {0}")]
    BadHtml(String),
    #[error("damaged RTF: {0}")]
    BadRtf(String),
    #[error("damaged Word 97-2003 document: {0}")]
    BadDoc(String),
    #[error(
        "the Word 97-2003 document is protected with a password; open it in Word, remove the password and save again"
    )]
    DocEncrypted,
    #[error("damaged image: {0}")]
    BadImage(String),
    #[error("text could not be decoded: {0}")]
    BadText(String),
    #[error(
        "reading stopped: the file took longer than its time budget of {seconds} s (--max-file-seconds)"
    )]
    TimeBudget { seconds: f64 },
    #[error("{part} expands beyond {limit} bytes when decompressed (possible zip bomb)")]
    Decompression { part: String, limit: u64 },
}

impl ReadError {
    /// The message in Vietnamese (`english == false`, the users' language) or English (the
    /// `Display` text). The record's `error` field carries the one the caller asked for
    /// ([`crate::Options::english`]).
    pub fn message(&self, english: bool) -> String {
        if english {
            return self.to_string();
        }
        match self {
            ReadError::Empty => "tệp rỗng".to_owned(),
            ReadError::Unsupported(ext) => format!(
                "loại tệp không hỗ trợ{}",
                ext.as_deref().map(|e| format!(" .{e}")).unwrap_or_default()
            ),
            ReadError::NotPdf => "không phải tệp PDF (không có đầu %PDF)".to_owned(),
            ReadError::Encrypted => {
                "PDF được mã hóa bằng mật khẩu (chỉ mở được PDF có mật khẩu người dùng trống)"
                    .to_owned()
            }
            ReadError::BadPdf(d) => format!("PDF bị hỏng: {d}"),
            ReadError::NotDocx(d) => format!("không phải tệp DOCX: {d}"),
            ReadError::TooLargeDecompressed { entry, limit } => {
                format!("mục {entry} trong DOCX giải nén vượt {limit} byte (có thể là bom zip)")
            }
            ReadError::BadDocx(d) => format!("DOCX bị hỏng: {d}"),
            ReadError::BadHtml(d) => format!("HTML bị hỏng: {d}"),
            ReadError::BadRtf(d) => format!("RTF bị hỏng: {d}"),
            ReadError::BadDoc(d) => format!("tài liệu Word 97-2003 bị hỏng: {d}"),
            ReadError::DocEncrypted => "tài liệu Word 97-2003 được bảo vệ bằng mật khẩu; hãy mở \
                bằng Word, bỏ mật khẩu rồi lưu lại"
                .to_owned(),
            ReadError::BadImage(d) => format!("ảnh bị hỏng: {d}"),
            ReadError::BadText(d) => format!("không giải mã được văn bản: {d}"),
            ReadError::TimeBudget { seconds } => format!(
                "dừng đọc: tệp cần lâu hơn giới hạn thời gian {seconds} giây (--max-file-seconds)"
            ),
            ReadError::Decompression { part, limit } => {
                format!("{part} giải nén vượt {limit} byte (có thể là bom zip)")
            }
        }
    }

    /// The stable code ([`crate::warnings`]) an error record carries in its `warnings` when
    /// the file broke a budget, so tools can tell "over budget" from "damaged".
    pub fn budget_code(&self) -> Option<&'static str> {
        match self {
            ReadError::TimeBudget { .. } => Some(crate::warnings::TIME_BUDGET_EXCEEDED),
            ReadError::TooLargeDecompressed { .. } | ReadError::Decompression { .. } => {
                Some(crate::warnings::DECOMPRESSION_LIMIT)
            }
            _ => None,
        }
    }
}

/// Input formats kiemchung reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Txt,
    Md,
    Html,
    Docx,
    Pdf,
    /// Word 97–2003 binary (`.doc`).
    Doc,
    Rtf,
    /// Photos and scans as image files (read by OCR).
    Jpeg,
    Png,
    Tiff,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Md => "md",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Pdf => "pdf",
            Format::Doc => "doc",
            Format::Rtf => "rtf",
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::Tiff => "tiff",
        }
    }

    /// The format an extension names, if kiemchung reads it.
    pub fn from_extension(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" | "text" => Format::Txt,
            "md" | "markdown" => Format::Md,
            "html" | "htm" | "xhtml" => Format::Html,
            "docx" => Format::Docx,
            "pdf" => Format::Pdf,
            "doc" | "dot" => Format::Doc,
            "rtf" => Format::Rtf,
            "jpg" | "jpeg" => Format::Jpeg,
            "png" => Format::Png,
            "tif" | "tiff" => Format::Tiff,
            _ => return None,
        })
    }

    /// Decides the format from the content first (magic bytes), the extension second: a PDF
    /// named `.txt` is read as a PDF, binary junk named `.pdf` fails as "not a PDF", a `.doc`
    /// that Word saved as RTF or DOCX is read as what it is.
    ///
    /// A text file that merely *mentions* `%PDF-` in its first kilobyte (a note about PDFs,
    /// an e-mail quoting a header) stays text: a PDF header counts only at the very start,
    /// or after a few bytes of binary junk, as some mailers and scanners prepend.
    pub fn detect(path: &Path, bytes: &[u8]) -> Result<Format, ReadError> {
        if bytes.is_empty() {
            return Err(ReadError::Empty);
        }
        let by_ext = Format::from_extension(path);
        let head = &bytes[..bytes.len().min(1024)];
        if let Some(at) = head.windows(5).position(|w| w == b"%PDF-") {
            let before = &head[..at];
            let text_like = by_ext.is_some_and(|f| {
                matches!(f, Format::Txt | Format::Md | Format::Html | Format::Rtf)
            });
            if at == 0 || !(text_like && before.iter().any(|b| b.is_ascii_alphanumeric())) {
                return Ok(Format::Pdf);
            }
        }
        const OLE_MAGIC: &[u8] = &[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
        if bytes.starts_with(OLE_MAGIC) {
            // Old Word, or a password-protected DOCX (also an OLE container): the doc
            // reader tells them apart with a clear message.
            return Ok(Format::Doc);
        }
        if bytes.starts_with(b"{\\rtf") {
            return Ok(Format::Rtf);
        }
        if bytes.starts_with(b"PK\x03\x04") && by_ext == Some(Format::Doc) {
            return Ok(Format::Docx);
        }
        if let Some(f) = image::sniff(bytes) {
            return Ok(f);
        }
        match by_ext {
            Some(f) => Ok(f),
            None => {
                let ext = path.extension().map(|e| e.to_string_lossy().into_owned());
                Err(ReadError::Unsupported(ext))
            }
        }
    }
}

/// Reads `bytes` as `format`.
pub fn read(bytes: &[u8], format: Format, opts: &Options) -> Result<RawText, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    let budget = Budget::start(opts);
    let mut raw = match format {
        Format::Txt | Format::Md => txt::read_within(bytes, &budget)?,
        Format::Html => html::read_within(bytes, &budget)?,
        Format::Docx => docx::read_within(bytes, opts, &budget)?,
        Format::Pdf => pdf::read_within(bytes, &budget)?,
        Format::Doc => doc::read_within(bytes, &budget)?,
        Format::Rtf => rtf::read_within(bytes, &budget)?,
        Format::Jpeg | Format::Png | Format::Tiff => image::read(bytes, format)?,
    };
    // Readers that produce text from compressed or structured input cap it here; TXT and HTML
    // cap their input before decoding, which is where their memory goes.
    if budget.cap_text(&mut raw.text) && !raw.warnings.iter().any(|w| w == TEXT_CAPPED) {
        raw.warnings.push(TEXT_CAPPED.to_owned());
    }
    budget.check()?;
    // Stamp boxes can reach the text through any format (a DOCX exported from a signed PDF,
    // a web page copied from a portal): take them out everywhere.
    let (text, mut stamps) = stamps::split_stamps(&raw.text);
    raw.text = text;
    raw.stamps.append(&mut stamps);
    Ok(raw)
}
