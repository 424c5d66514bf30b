//! DOCX (Office Open XML word-processing): the main document part, streamed with quick-xml.
//!
//! Why not a DOCX crate: the text we need is a small, well-defined subset of WordprocessingML
//! and the full-model crates are slower and panic on files offices really produce. Reading
//! the XML directly also lets us decide, element by element, what a clerk would call "the
//! text of the document":
//!
//! * each paragraph (`w:p`) is one line; `w:br`/`w:cr` break the line, `w:tab` is a tab;
//! * tables: each cell's paragraphs on their own lines, cells in row order, a blank line
//!   after every row. The classic Nghị định 30 header is a borderless two-column table
//!   (agency, số, V/v | quốc hiệu, tiêu ngữ, địa danh/ngày) and the closing is another
//!   (Nơi nhận | chức vụ, người ký); the header parser expects cell contents as lines;
//! * text boxes are read once, where they are anchored: Word writes every text box twice
//!   inside `mc:AlternateContent` (a DrawingML `mc:Choice` and a VML `mc:Fallback`), so only
//!   the first branch of each `mc:AlternateContent` is read;
//! * tracked changes show the document as it would print after accepting them: deletions
//!   (`w:del`, `w:moveFrom`, `w:delText`) are dropped, insertions kept;
//! * fields show their result, never their code (`w:instrText` dropped);
//! * hidden runs (`w:vanish`) are dropped, page headers/footers are not document text;
//! * symbols (`w:sym`) from the Symbol/Wingdings fonts become their Unicode characters,
//!   `w:noBreakHyphen` becomes `-`, soft hyphens disappear;
//! * automatic list numbering (`w:numPr`) is rendered from `word/numbering.xml` the way Word
//!   shows it (`1.`, `a)`, `-`), because the parsers read list markers from the text.
//!
//! The archive is untrusted: entry sizes in zip headers are ignored and every entry is read
//! through a byte budget ([`Options::max_decompressed_bytes`] for the whole file), so a zip
//! bomb stops at the limit with [`ReadError::TooLargeDecompressed`].

mod numbering;
mod symbols;

use std::io::{Cursor, Read};

use quick_xml::NsReader;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::name::ResolveResult;

use super::{RawText, ReadError};
use crate::Options;
use crate::text::normalize_document;
use numbering::Numbering;

/// WordprocessingML namespaces: transitional (what every office writes) and strict ISO.
const NS_W: &[&str] = &[
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
];
const NS_MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";
const NS_MATH: &[&str] = &[
    "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "http://purl.oclc.org/ooxml/officeDocument/math",
];

const DEFAULT_MAIN_PART: &str = "word/document.xml";

/// Reads a DOCX with no time budget (tools and tests); decompression stays bounded by `opts`.
pub fn read(bytes: &[u8], opts: &Options) -> Result<RawText, ReadError> {
    read_within(bytes, opts, &crate::limits::Budget::unlimited())
}

/// Reads a DOCX within `clock`'s time budget: the XML walk stops when time is up.
pub fn read_within(
    bytes: &[u8],
    opts: &Options,
    clock: &crate::limits::Budget,
) -> Result<RawText, ReadError> {
    let mut archive = open_archive(bytes)?;
    let mut budget = Budget {
        left: opts.max_decompressed_bytes,
        limit: opts.max_decompressed_bytes,
    };
    let main = main_part_name(&mut archive, &mut budget)?;
    let Some(xml) = read_entry(&mut archive, &main, &mut budget)? else {
        return Err(ReadError::NotDocx(format!(
            "the zip archive has no {main} (it is not a Word document)"
        )));
    };
    // Numbering is optional: a damaged numbering part costs the list markers, not the text.
    let numbering = match read_entry(&mut archive, "word/numbering.xml", &mut budget)? {
        Some(xml) => decode_xml("word/numbering.xml", &xml)
            .ok()
            .map(|s| Numbering::parse(&s))
            .unwrap_or_default(),
        None => Numbering::default(),
    };
    let xml = decode_xml(&main, &xml)?;
    clock.check()?;
    let mut text = document_text(&xml, &numbering, clock).map_err(|e| e.into_read_error(&main))?;
    clock.check()?;
    // Runs in `.VnTime`/`VNI-Times` fonts (a .doc converted to .docx) hold legacy glyph
    // codes; decided by content, the fonts named in the part are only a hint.
    let legacy =
        crate::legacy::fix_text(&text, crate::legacy::font_hint_in(&xml)).map(|(fixed, enc)| {
            text = fixed;
            enc
        });
    let mut raw = RawText {
        text: normalize_document(&text),
        stamps: Vec::new(),
        warnings: Vec::new(),
        pages: None,
        ..RawText::default()
    };
    if let Some(enc) = legacy {
        raw.note_legacy(enc);
    }
    Ok(raw)
}

fn open_archive(bytes: &[u8]) -> Result<zip::ZipArchive<Cursor<&[u8]>>, ReadError> {
    // Old binary Word files and password-protected DOCX are both OLE compound files.
    const OLE_MAGIC: &[u8] = &[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
    if bytes.starts_with(OLE_MAGIC) {
        return Err(ReadError::NotDocx(
            "not a zip archive: this is an old Word .doc file or a password-protected \
             document; open it in Word and save it as .docx without a password"
                .to_owned(),
        ));
    }
    zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| match e {
        // Starts like a zip but its directory (at the end) is missing or wrong: a copy or
        // download that stopped early.
        zip::result::ZipError::Io(_) | zip::result::ZipError::InvalidArchive(_)
            if bytes.starts_with(b"PK\x03\x04") =>
        {
            ReadError::BadDocx(
                "the zip archive is incomplete or damaged (was the copy or download cut \
                 short?)"
                    .to_owned(),
            )
        }
        zip::result::ZipError::Io(_) | zip::result::ZipError::InvalidArchive(_) => {
            ReadError::NotDocx("not a zip archive".to_owned())
        }
        other => ReadError::BadDocx(format!("cannot open the zip archive: {other}")),
    })
}

/// Decompressed bytes still allowed for this file.
struct Budget {
    left: u64,
    limit: u64,
}

/// Reads one entry, at most the budget's remaining bytes. `Ok(None)` when it is absent.
fn read_entry(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    budget: &mut Budget,
) -> Result<Option<Vec<u8>>, ReadError> {
    let file = match archive.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(zip::result::ZipError::UnsupportedArchive(why)) => {
            return Err(ReadError::BadDocx(format!(
                "{name} cannot be unpacked ({why}); is the document password-protected?"
            )));
        }
        Err(e) => return Err(ReadError::BadDocx(format!("{name}: {e}"))),
    };
    // Never trust the header's declared size: read through the budget, one byte over it to
    // tell "exactly at the limit" from "beyond".
    let mut buf = Vec::new();
    let mut limited = file.take(budget.left.saturating_add(1));
    if let Err(e) = limited.read_to_end(&mut buf) {
        return Err(ReadError::BadDocx(format!(
            "{name} cannot be decompressed: {e}"
        )));
    }
    let got = buf.len() as u64;
    if got > budget.left {
        return Err(ReadError::TooLargeDecompressed {
            entry: name.to_owned(),
            limit: budget.limit,
        });
    }
    budget.left -= got;
    Ok(Some(buf))
}

/// The main document part named by the package relationships (`_rels/.rels`), which some
/// producers call `word/document2.xml`; `word/document.xml` when the relationships are
/// missing or unreadable.
fn main_part_name(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    budget: &mut Budget,
) -> Result<String, ReadError> {
    let Some(rels) = read_entry(archive, "_rels/.rels", budget)? else {
        return Ok(DEFAULT_MAIN_PART.to_owned());
    };
    let Ok(rels) = decode_xml("_rels/.rels", &rels) else {
        return Ok(DEFAULT_MAIN_PART.to_owned());
    };
    let mut reader = NsReader::from_str(&rels);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                let ty = attr(&e, "Type").unwrap_or_default();
                if let Some(target) = attr(&e, "Target").filter(|_| ty.ends_with("/officeDocument"))
                {
                    let target = target.trim_start_matches('/').to_owned();
                    if archive.index_for_name(&target).is_some() {
                        return Ok(target);
                    }
                }
            }
            Ok(Event::Eof) | Err(_) => return Ok(DEFAULT_MAIN_PART.to_owned()),
            Ok(_) => {}
        }
    }
}

/// XML parts are UTF-8 (or UTF-16 with a BOM, which the standard allows).
fn decode_xml(name: &str, bytes: &[u8]) -> Result<String, ReadError> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, bad) = enc.decode_without_bom_handling(&bytes[bom..]);
        if bad {
            return Err(ReadError::BadDocx(format!(
                "{name} is not valid {}",
                enc.name()
            )));
        }
        return Ok(text.into_owned());
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_owned()),
        Err(e) => Err(ReadError::BadDocx(format!(
            "{name} is not valid UTF-8 (byte {})",
            e.valid_up_to()
        ))),
    }
}

/// The unescaped value of the attribute whose local name is `local`.
fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// A malformed main part.
#[derive(Debug)]
struct XmlError {
    position: u64,
    message: String,
}

impl XmlError {
    fn into_read_error(self, part: &str) -> ReadError {
        ReadError::BadDocx(format!(
            "{part} is broken at byte {}: {}",
            self.position, self.message
        ))
    }
}

/// What kind of element a name is, after namespace resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ns {
    W,
    Mc,
    Math,
    Other,
}

fn ns_of(res: &ResolveResult<'_>) -> Ns {
    match res {
        ResolveResult::Bound(ns) if NS_W.contains(&ns.0) => Ns::W,
        ResolveResult::Bound(ns) if ns.0 == NS_MC => Ns::Mc,
        ResolveResult::Bound(ns) if NS_MATH.contains(&ns.0) => Ns::Math,
        _ => Ns::Other,
    }
}

/// Lines being built. Blank lines never repeat.
#[derive(Default)]
struct Out {
    text: String,
    line: String,
}

impl Out {
    fn end_line(&mut self) {
        self.text.push_str(&self.line);
        self.text.push('\n');
        self.line.clear();
    }

    /// Ends the current line if it has text.
    fn break_if_open(&mut self) {
        if !self.line.is_empty() {
            self.end_line();
        }
    }

    /// Makes sure the text ends with a blank line (or is empty).
    fn blank_line(&mut self) {
        self.break_if_open();
        if !self.text.is_empty() && !self.text.ends_with("\n\n") {
            self.text.push('\n');
        }
    }
}

/// Per-paragraph state; paragraphs nest when a text box sits inside one.
#[derive(Default)]
struct Para {
    /// A nested paragraph (text box) already ended the line this paragraph began.
    had_nested: bool,
    num: Option<(String, u32)>,
    in_ppr: bool,
}

/// Extracts the text of a `w:document` (or any part made of `w:p`/`w:tbl`).
/// Stops early (with the text so far) when `clock` runs out; the caller reports it.
fn document_text(
    xml: &str,
    numbering: &Numbering,
    clock: &crate::limits::Budget,
) -> Result<String, XmlError> {
    let mut reader = NsReader::from_str(xml);
    let mut out = Out::default();
    let mut counters = numbering::Counters::default();
    // Depth inside an element whose content is dropped (0 = not skipping).
    let mut skip = 0usize;
    let mut depth = 0usize;
    // One flag per open mc:AlternateContent: has a branch been read already?
    let mut alternates: Vec<bool> = Vec::new();
    let mut paras: Vec<Para> = Vec::new();
    let mut in_text = false;
    let mut run_hidden = false;
    let mut in_rpr = false;
    let mut turns = 0usize;

    loop {
        turns += 1;
        if turns.is_multiple_of(crate::limits::CHECK_EVERY) && clock.expired() {
            break;
        }
        let (ns, event) = match reader.read_resolved_event() {
            Ok((res, event)) => (ns_of(&res), event),
            Err(e) => {
                return Err(XmlError {
                    position: reader.error_position(),
                    message: e.to_string(),
                });
            }
        };
        match event {
            Event::Start(e) => {
                depth += 1;
                if skip > 0 {
                    skip += 1;
                    continue;
                }
                let local = e.local_name();
                match (ns, local.as_ref()) {
                    (Ns::W, "del" | "moveFrom" | "delText" | "instrText" | "delInstrText")
                    | (Ns::W, "rPrChange" | "pPrChange" | "sectPr" | "tblPr" | "tcPr") => {
                        skip = 1;
                    }
                    (Ns::Mc, "AlternateContent") => alternates.push(false),
                    (Ns::Mc, "Choice" | "Fallback") => match alternates.last_mut() {
                        Some(taken) if *taken => skip = 1,
                        Some(taken) => *taken = true,
                        None => {}
                    },
                    (Ns::W, "p") => {
                        if let Some(outer) = paras.last_mut() {
                            outer.had_nested = true;
                        }
                        out.break_if_open();
                        paras.push(Para::default());
                    }
                    (Ns::W, "pPr") => {
                        if let Some(p) = paras.last_mut() {
                            p.in_ppr = true;
                        }
                    }
                    (Ns::W, "r") => {
                        run_hidden = false;
                    }
                    (Ns::W, "rPr") => in_rpr = true,
                    (Ns::W, "t") | (Ns::Math, "t") => in_text = true,
                    (Ns::W, "tbl") => out.blank_line(),
                    (Ns::W, "numPr") => {}
                    _ => {}
                }
            }
            Event::Empty(e) => {
                if skip > 0 {
                    continue;
                }
                let local = e.local_name();
                if ns != Ns::W {
                    continue;
                }
                let in_ppr = paras.last().is_some_and(|p| p.in_ppr);
                match local.as_ref() {
                    // Paragraph properties: list numbering only (their w:tab are tab stops).
                    "numId" | "ilvl" if in_ppr => {
                        if let Some(p) = paras.last_mut() {
                            let val = attr(&e, "val").unwrap_or_default();
                            let num = p.num.get_or_insert_with(|| (String::new(), 0));
                            if local.as_ref() == "numId" {
                                num.0 = val;
                            } else {
                                num.1 = val.trim().parse().unwrap_or(0);
                            }
                        }
                    }
                    _ if in_ppr => {}
                    "vanish" | "specVanish" if in_rpr => {
                        run_hidden =
                            !matches!(attr(&e, "val").as_deref(), Some("0" | "false" | "off"));
                    }
                    _ if in_rpr || run_hidden => {}
                    "tab" | "ptab" => out.line.push('\t'),
                    "br" | "cr" => out.end_line(),
                    "noBreakHyphen" => out.line.push('-'),
                    "sym" => {
                        let font = attr(&e, "font").unwrap_or_default();
                        let code = attr(&e, "char").unwrap_or_default();
                        if let Some(c) = symbols::sym_char(&font, &code) {
                            out.line.push(c);
                        }
                    }
                    // An empty paragraph is an empty line.
                    "p" => {
                        if let Some(outer) = paras.last_mut() {
                            outer.had_nested = true;
                        }
                        out.break_if_open();
                        out.end_line();
                    }
                    _ => {}
                }
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let local = e.local_name();
                match (ns, local.as_ref()) {
                    (Ns::Mc, "AlternateContent") => {
                        alternates.pop();
                    }
                    (Ns::W, "pPr") => {
                        if let Some(p) = paras.last_mut() {
                            p.in_ppr = false;
                            if let Some(marker) = p
                                .num
                                .as_ref()
                                .and_then(|(id, level)| counters.next(numbering, id, *level))
                            {
                                out.line.push_str(&marker);
                            }
                        }
                    }
                    (Ns::W, "rPr") => in_rpr = false,
                    (Ns::W, "r") => run_hidden = false,
                    (Ns::W, "t") | (Ns::Math, "t") => in_text = false,
                    (Ns::W, "p") => {
                        let p = paras.pop().unwrap_or_default();
                        if !(p.had_nested && out.line.is_empty()) {
                            out.end_line();
                        }
                    }
                    (Ns::W, "tr") | (Ns::W, "tbl") => out.blank_line(),
                    _ => {}
                }
            }
            Event::Text(t) if in_text && skip == 0 && !run_hidden => {
                push_text(&mut out.line, &t.xml10_content());
            }
            Event::CData(t) if in_text && skip == 0 && !run_hidden => {
                push_text(&mut out.line, &t.xml10_content());
            }
            Event::GeneralRef(r) if in_text && skip == 0 && !run_hidden => {
                if let Some(c) = resolve_entity(&r) {
                    push_text(&mut out.line, c.encode_utf8(&mut [0; 4]));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if depth != 0 {
        return Err(XmlError {
            position: xml.len() as u64,
            message: format!("the file ends with {depth} element(s) still open (truncated?)"),
        });
    }
    out.break_if_open();
    Ok(out.text)
}

/// Appends run text: soft hyphens vanish, non-breaking hyphens become `-`, line breaks
/// inside `w:t` (not valid Word, but written by some converters) become spaces.
fn push_text(line: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '\u{ad}' => {}
            '\u{2011}' => line.push('-'),
            '\n' | '\r' => line.push(' '),
            c => line.push(c),
        }
    }
}

/// `&amp;`, `&#7841;`, `&#x1EA1;` → the character. Unknown named entities (DOCX declares
/// none) are dropped.
fn resolve_entity(r: &BytesRef<'_>) -> Option<char> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Some(c);
    }
    match &**r {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml""#;

    fn body(inner: &str) -> String {
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{inner}</w:body></w:document>"#
        );
        document_text(
            &xml,
            &Numbering::default(),
            &crate::limits::Budget::unlimited(),
        )
        .expect("well-formed test XML")
    }

    #[test]
    fn table_driven_body_text() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "paragraphs are lines",
                r#"<w:p><w:r><w:t>ỦY BAN NHÂN DÂN</w:t></w:r></w:p><w:p><w:r><w:t xml:space="preserve">HUYỆN </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>MỘ ĐỨC</w:t></w:r></w:p>"#,
                "ỦY BAN NHÂN DÂN\nHUYỆN MỘ ĐỨC\n",
            ),
            (
                "break and tab",
                r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>V/v triển khai</w:t><w:br/><w:t>kế hoạch</w:t><w:tab/><w:t>năm 2021</w:t></w:r></w:p>"#,
                "V/v triển khai\nkế hoạch\tnăm 2021\n",
            ),
            (
                "entities and character references",
                r#"<w:p><w:r><w:t>Văn hóa &amp; Thông tin &lt;1&gt; &#7841;&#x1EA1; &quot;x&quot;</w:t></w:r></w:p>"#,
                "Văn hóa & Thông tin <1> ạạ \"x\"\n",
            ),
            (
                "tracked deletion dropped, insertion kept",
                r#"<w:p><w:r><w:t xml:space="preserve">ngày </w:t></w:r><w:del w:id="1" w:author="A"><w:r><w:delText>05</w:delText></w:r></w:del><w:ins w:id="2" w:author="A"><w:r><w:t>06</w:t></w:r></w:ins><w:r><w:t xml:space="preserve"> tháng 01</w:t></w:r></w:p>"#,
                "ngày 06 tháng 01\n",
            ),
            (
                "field code dropped, result kept",
                r#"<w:p><w:r><w:t xml:space="preserve">Trang </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE \* MERGEFORMAT </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#,
                "Trang 2\n",
            ),
            (
                "hidden run dropped",
                r#"<w:p><w:r><w:t>Số: 47</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>ẩn</w:t></w:r><w:r><w:t>/UBND-TTHC</w:t></w:r></w:p>"#,
                "Số: 47/UBND-TTHC\n",
            ),
            (
                "hyphens and symbols",
                r#"<w:p><w:r><w:t>UBND</w:t><w:noBreakHyphen/><w:t>NC đề&#173;án </w:t><w:sym w:font="Wingdings" w:char="F0FC"/><w:sym w:font="Symbol" w:char="F0B3"/><w:t>5</w:t></w:r></w:p>"#,
                "UBND-NC đềán ✓≥5\n",
            ),
            (
                "table cells in row order, blank line between rows",
                r#"<w:p><w:r><w:t>trước</w:t></w:r></w:p><w:tbl><w:tblPr><w:tblBorders/></w:tblPr><w:tr><w:tc><w:tcPr/><w:p><w:r><w:t>ỦY BAN NHÂN DÂN</w:t></w:r></w:p><w:p><w:r><w:t>Số: 833/UBND-NC</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p><w:r><w:t>sau</w:t></w:r></w:p>"#,
                "trước\n\nỦY BAN NHÂN DÂN\nSố: 833/UBND-NC\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\na\nb\n\nsau\n",
            ),
            (
                "text box read once (Choice only) at its anchor",
                r#"<w:p><w:r><w:t>Kính gửi:</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>DỰ THẢO</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>DỰ THẢO</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p><w:p><w:r><w:t>Các sở</w:t></w:r></w:p>"#,
                "Kính gửi:\nDỰ THẢO\nCác sở\n",
            ),
            (
                "empty paragraphs are empty lines",
                r#"<w:p><w:r><w:t>KT. CHỦ TỊCH</w:t></w:r></w:p><w:p/><w:p><w:pPr><w:jc w:val="center"/></w:pPr></w:p><w:p><w:r><w:t>Trần Hoàng Tuấn</w:t></w:r></w:p>"#,
                "KT. CHỦ TỊCH\n\n\nTrần Hoàng Tuấn\n",
            ),
        ];
        for (what, inner, want) in cases {
            assert_eq!(body(inner), *want, "{what}");
        }
    }

    #[test]
    fn broken_xml_names_the_position() {
        let xml =
            format!("<w:document {W}><w:body><w:p><w:r><w:t>a</w:r></w:p></w:body></w:document>");
        let err = document_text(
            &xml,
            &Numbering::default(),
            &crate::limits::Budget::unlimited(),
        )
        .expect_err("mismatched end tag");
        assert!(err.position > 0, "{err:?}");
        let truncated = format!("<w:document {W}><w:body><w:p><w:r><w:t>a</w:t>");
        let err = document_text(
            &truncated,
            &Numbering::default(),
            &crate::limits::Budget::unlimited(),
        )
        .expect_err("truncated");
        assert!(err.message.contains("still open"), "{err:?}");
    }
}
