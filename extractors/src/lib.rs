//! Bytes → text → document record, for Vietnamese official documents.
//!
//! The pipeline has two halves that never see each other's details:
//!
//! 1. [`readers`] turn a file's bytes (TXT/MD, HTML, DOCX, PDF) into plain text in reading
//!    order, plus the digital-signature stamps found on the way and warnings. Each reader
//!    hides its format; all of them return [`readers::RawText`].
//! 2. [`parse`] turns that text into a [`Record`]: header (số, ký hiệu, cơ quan, địa danh,
//!    ngày, trích yếu), recipients, distribution, signer, tasks, citations and scores.
//!
//! Extraction is pure (no I/O besides [`extract_file`] reading its one input, no global
//! state) and never panics on any input: failures become [`Record::error`], doubts become
//! [`Record::warnings`]. [`extract_file`] additionally wraps the whole run in a panic guard
//! as a last resort, so one malformed file cannot take down a batch.

pub mod dates;
pub mod legacy;
pub mod limits;
pub mod ocr;
pub mod parse;
pub mod readers;
pub mod record;
pub mod text;
pub mod warning_words;
pub mod warnings;

use std::path::Path;

pub use readers::{Format, RawText, ReadError};
pub use record::{Citation, Record, Score, SignatureStamp, Signer, Task};

/// Version of the extraction rules, recorded in every index. Bump the revision whenever a
/// change to a reader or parser changes records: the next `kiemchung ingest` then re-extracts
/// every document made by an older version instead of keeping stale records forever.
pub const EXTRACTOR_VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "+r3");

/// Default time budget of one file, in seconds. The slowest real documents (a 300-page PDF)
/// take about a second; a minute means the file is hostile or pathological.
pub const DEFAULT_MAX_FILE_SECONDS: u64 = 60;
/// Default cap on one file's text, in MiB: about 15,000 pages of dense Vietnamese text.
pub const DEFAULT_MAX_TEXT_MB: usize = 32;

/// Limits that keep one hostile file from exhausting the machine.
#[derive(Debug, Clone)]
pub struct Options {
    /// Files larger than this are refused before reading.
    pub max_file_bytes: u64,
    /// Upper bound on decompressed bytes read from a DOCX (zip bomb guard).
    pub max_decompressed_bytes: u64,
    /// Only this many characters of text are given to the parsers; the rest is still
    /// returned as text (for the index) but not parsed, with warning `text_truncated`.
    pub max_parse_chars: usize,
    /// OCR of scans, photos and junk text layers: how much, and the cache.
    pub ocr: ocr::OcrOptions,
    /// Time budget of one file ([`limits::Budget`]): a reader still working after this long
    /// stops and the file becomes an error record (warning `time_budget_exceeded`). `None`:
    /// no limit.
    pub max_file_time: Option<std::time::Duration>,
    /// Most bytes of text read from one file; the rest is left out (warning `text_capped`).
    /// Keeps memory near the file's size: text is copied several times on its way to a record.
    pub max_text_bytes: usize,
    /// Messages of error records in English instead of Vietnamese (the users' language).
    pub english: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_file_bytes: 256 * 1024 * 1024,
            max_decompressed_bytes: 64 * 1024 * 1024,
            max_parse_chars: 2 * 1024 * 1024,
            ocr: ocr::OcrOptions::default(),
            max_file_time: Some(std::time::Duration::from_secs(DEFAULT_MAX_FILE_SECONDS)),
            max_text_bytes: DEFAULT_MAX_TEXT_MB << 20,
            english: false,
        }
    }
}

/// The record and the document text it was parsed from.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    pub record: Record,
    /// The document body in reading order, NFC, signature stamps removed. Empty on error.
    pub text: String,
}

/// Hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex(&Sha256::digest(bytes))
}

/// Hex SHA-256 of everything `reader` yields, read in blocks: a file is hashed without
/// holding it in memory.
pub fn sha256_reader(mut reader: impl std::io::Read) -> std::io::Result<String> {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match reader.read(&mut buf) {
            Ok(0) => return Ok(hex(&hasher.finalize())),
            Ok(n) => hasher.update(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

fn hex(digest: &[u8]) -> String {
    let mut s = String::with_capacity(2 * digest.len());
    for b in digest {
        use std::fmt::Write;
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Extracts the record from a file's bytes. `source` is the path as the user gave it; the
/// format comes from `format` (usually [`Format::detect`]).
pub fn extract_bytes(source: &str, bytes: &[u8], format: Format, opts: &Options) -> Extraction {
    extract_hashed(source, bytes, sha256_hex(bytes), format, opts)
}

/// [`extract_bytes`] with the file's SHA-256 already known (`bytes` may then be only the
/// part of the file its reader looks at, see [`read_hashed`]).
fn extract_hashed(
    source: &str,
    bytes: &[u8],
    sha256: String,
    format: Format,
    opts: &Options,
) -> Extraction {
    let mut record = Record {
        source: source.to_owned(),
        sha256,
        format: format.as_str().to_owned(),
        ..Record::default()
    };
    let raw = match readers::read(bytes, format, opts) {
        Ok(raw) => raw,
        Err(e) => {
            record.error = Some(e.message(opts.english));
            if let Some(code) = e.budget_code() {
                record.warn(code);
            }
            return Extraction {
                record,
                text: String::new(),
            };
        }
    };
    let mut raw = raw;
    let ocred = ocr_if_needed(&mut raw, bytes, format, opts);
    let from_ocr = ocred.is_some();
    let (header_reading, ocr_pages) = match ocred {
        Some(o) => (o.header, o.pages),
        None => (None, Vec::new()),
    };
    record.pages = raw.pages;
    record.signature_stamps = raw.stamps;
    for w in &raw.warnings {
        record.warn(w);
    }
    record.legacy_encodings = raw
        .legacy_encodings
        .iter()
        .map(|e| (*e).to_owned())
        .collect();
    let text = raw.text;
    let parse_input = if text.len() > opts.max_parse_chars {
        record.warn(warnings::TEXT_TRUNCATED);
        let mut end = opts.max_parse_chars;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        &text[..end]
    } else {
        &text[..]
    };
    parse::parse_into(parse_input, &mut record);
    if let Some(header_text) = header_reading {
        let header = parse_reading(&header_text, &record);
        ocr::merge_header(&mut record, header);
    }
    // A signer left without a name on a colour scan: its closing read again with the red
    // seal dropped out, for the parts still missing.
    if record.signer.as_ref().is_none_or(|s| s.name.is_none())
        && let Some((closing, repairs)) =
            ocr::seal_free_closing(&ocr_pages, opts.ocr.cache.as_deref())
    {
        let again = parse_reading(&closing, &record);
        if ocr::fill_signer(&mut record, again.signer) {
            record.warn(warnings::OCR_SEAL_DROPPED);
            for w in repairs {
                record.warn(w);
            }
        }
    }
    if from_ocr {
        ocr::fallback::apply(&mut record);
    }
    ocr::fallback::signer_from_signature(&mut record);
    Extraction { record, text }
}

/// The record parsed from another OCR reading of the same file as `like` (its header
/// regions, its closing read again): same source and format, nothing else carried over.
fn parse_reading(text: &str, like: &Record) -> Record {
    let mut rec = Record {
        source: like.source.clone(),
        format: like.format.clone(),
        ..Record::default()
    };
    parse::parse_into(text, &mut rec);
    rec
}

/// What OCR gave a document whose text now comes from it.
struct Ocred {
    /// The header-first reading, when the pages were also read in full (the header fields
    /// come from it, see [`ocr::merge_header`]).
    header: Option<String>,
    /// The page images read (for a second reading of the signer, see
    /// [`ocr::seal_free_closing`]).
    pages: Vec<ocr::PageImage>,
}

/// Replaces the text of a scan, a photo or a junk text layer by OCR text, as
/// `opts.ocr.mode` allows. `None` when the text does not come from OCR.
fn ocr_if_needed(raw: &mut RawText, bytes: &[u8], format: Format, opts: &Options) -> Option<Ocred> {
    use ocr::OcrMode;
    let mode = opts.ocr.mode;
    let is_image = matches!(format, Format::Jpeg | Format::Png | Format::Tiff);
    let junk =
        format == Format::Pdf && !raw.text.trim().is_empty() && ocr::junk::is_junk(&raw.text);
    let scanned = raw.warnings.iter().any(|w| w == warnings::NO_TEXT_LAYER);
    if !(is_image || junk || (format == Format::Pdf && scanned)) {
        return None;
    }
    if junk {
        raw.warnings.push(warnings::TEXT_LAYER_JUNK.to_owned());
    }
    // A scan whose only text is a signature stamp's box ("Ký bởi: …", kept in the stamps)
    // is still a scan: the reader said `no_text_layer`.
    let textless = scanned || raw.text.trim().is_empty();
    // A scanned page inside a document with text: only `full` reads it.
    if mode == OcrMode::Off || (!textless && !junk && mode != OcrMode::Full) {
        return None;
    }
    if ocr::tesseract::available().is_err() {
        raw.warnings.push(warnings::OCR_UNAVAILABLE.to_owned());
        return None;
    }
    let pages: Vec<ocr::PageImage> = if is_image {
        ocr::file_pages(bytes).unwrap_or_default()
    } else {
        match readers::pdf::images::scan_pages(bytes) {
            Ok(pages) => pages
                .into_iter()
                .filter(|p| textless || junk || !p.has_text)
                .filter_map(|p| p.image)
                .collect(),
            Err(_) => Vec::new(),
        }
    };
    if pages.is_empty() {
        raw.warnings.push(warnings::OCR_FAILED.to_owned());
        return None;
    }
    // The whole document comes from OCR: its header fields from the header-first reading.
    let whole = textless || junk;
    let got = ocr::read_pages(&pages, mode, whole, opts.ocr.cache.as_deref());
    if whole {
        raw.text = got.text;
    } else {
        raw.text.push_str("\n\n");
        raw.text.push_str(&got.text);
    }
    raw.warnings
        .extend(got.warnings.iter().map(|w| (*w).to_owned()));
    Some(Ocred {
        header: got.header,
        pages: if whole { pages } else { Vec::new() },
    })
}

/// Reads `path` and extracts its record. Never panics and never modifies the file: I/O
/// errors, refused files and (as a last resort) panics inside a reader all become
/// [`Record::error`] naming the reason.
pub fn extract_file(path: &Path, opts: &Options) -> Extraction {
    let source = path.to_string_lossy().into_owned();
    let en = opts.english;
    let say = |vi: &str, english: &str| if en { english } else { vi }.to_owned();
    let fail = |reason: String| Extraction {
        record: Record {
            source: source.clone(),
            format: Format::from_extension(path)
                .map(Format::as_str)
                .unwrap_or("")
                .to_owned(),
            error: Some(reason),
            ..Record::default()
        },
        text: String::new(),
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => return fail(io_reason(&e, en)),
    };
    if meta.is_dir() {
        return fail(say(
            "đây là thư mục, không phải tệp",
            "this is a folder, not a file",
        ));
    }
    if !meta.is_file() {
        // Reading a pipe or a device could block forever or never end.
        return fail(say(
            "không phải tệp thường (thiết bị, đường ống hoặc socket)",
            "not a regular file (a device, pipe or socket)",
        ));
    }
    let len = meta.len();
    let limit = opts.max_file_bytes;
    if len > limit {
        let mut ex = fail(if en {
            format!("file too large: {len} bytes (limit {limit} bytes)")
        } else {
            format!("tệp quá lớn: {len} byte (giới hạn {limit} byte)")
        });
        ex.record.warn(warnings::FILE_TOO_LARGE);
        return ex;
    }
    let (bytes, sha256, format) = match read_hashed(path, opts) {
        Ok(Some(read)) => read,
        Ok(None) => {
            return fail(if en {
                format!("file too large: it grew beyond {limit} bytes while being read")
            } else {
                format!("tệp quá lớn: đã lớn quá {limit} byte trong khi đọc")
            });
        }
        Err(e) => return fail(io_reason(&e, en)),
    };
    let format = match format {
        Ok(f) => f,
        Err(e) => {
            let mut ex = fail(e.message(opts.english));
            ex.record.sha256 = sha256;
            return ex;
        }
    };
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        extract_hashed(&source, &bytes, sha256.clone(), format, opts)
    }));
    match result {
        Ok(mut ex) => {
            if Format::from_extension(path).is_some_and(|ext| ext != format)
                && !(format == Format::Txt && Format::from_extension(path) == Some(Format::Md))
            {
                ex.record.warn(warnings::FORMAT_MISMATCH);
            }
            ex
        }
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            let mut ex = fail(if en {
                format!("internal error while extracting (please report): {what}")
            } else {
                format!("lỗi nội bộ khi trích xuất (xin báo lại): {what}")
            });
            ex.record.sha256 = sha256;
            ex.record.format = format.as_str().to_owned();
            ex
        }
    }
}

/// What [`read_hashed`] gives: the bytes the reader needs, the whole file's SHA-256 and the
/// format detected from the file's start.
type HashedFile = (Vec<u8>, String, Result<Format, ReadError>);

/// Reads the file once, hashing it on the way, or `None` if it holds more than
/// `opts.max_file_bytes` (it may have grown since its size was checked). Opens read-only:
/// the input is never modified.
///
/// Why not read it all and hash the copy: plain text is only read up to
/// [`Options::max_text_bytes`], so for TXT/MD the rest of the file is hashed and dropped
/// as it streams by — a 200 MB one-line text file costs the text cap in memory, not its size
/// (other readers need the whole file: a PDF's cross-reference table is at its end).
fn read_hashed(path: &Path, opts: &Options) -> std::io::Result<Option<HashedFile>> {
    use sha2::{Digest, Sha256};
    use std::io::Read;
    /// Enough for every magic number [`Format::detect`] looks at (it reads 1 KiB).
    const HEAD: usize = 64 * 1024;
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    // Sized from the file's length, so a small file is one read, not a probe and a read
    // for each doubling of the buffer (the length is only a hint: the file may change).
    let hint = file.metadata().map_or(0, |m| m.len()).min(HEAD as u64) as usize;
    let mut bytes = Vec::with_capacity(hint + 1);
    (&mut file).take(HEAD as u64).read_to_end(&mut bytes)?;
    hasher.update(&bytes);
    let format = Format::detect(path, &bytes);
    // Text readers cut at max_text_bytes; a few bytes more let them see where a line or
    // a character ends and that the text was cut.
    let keep = match format {
        Ok(Format::Txt | Format::Md) => opts.max_text_bytes.saturating_add(8),
        _ => usize::MAX,
    };
    let mut total = bytes.len() as u64;
    if total > opts.max_file_bytes {
        return Ok(None);
    }
    // Only a file that filled the head can have more.
    let mut buf = if bytes.len() == HEAD {
        vec![0u8; HEAD]
    } else {
        Vec::new()
    };
    while !buf.is_empty() {
        let n = match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        total += n as u64;
        if total > opts.max_file_bytes {
            return Ok(None);
        }
        hasher.update(&buf[..n]);
        let room = keep.saturating_sub(bytes.len()).min(n);
        bytes.extend_from_slice(&buf[..room]);
    }
    Ok(Some((bytes, hex(&hasher.finalize()), format)))
}

/// An I/O failure in words a clerk can act on.
fn io_reason(e: &std::io::Error, english: bool) -> String {
    use std::io::ErrorKind;
    let say = |vi: &str, en: &str| if english { en } else { vi }.to_owned();
    match e.kind() {
        ErrorKind::NotFound => say("không tìm thấy tệp", "file not found"),
        ErrorKind::PermissionDenied => say(
            "không có quyền: không mở được tệp (kiểm tra quyền truy cập)",
            "permission denied: the file cannot be opened (check its access rights)",
        ),
        ErrorKind::IsADirectory => say(
            "đây là thư mục, không phải tệp",
            "this is a folder, not a file",
        ),
        _ if english => format!("cannot read file: {e}"),
        _ => format!("không đọc được tệp: {e}"),
    }
}
