//! RTF: a tokenizer over groups and control words, producing the document text as Word shows
//! it.
//!
//! Why a real tokenizer and not "strip the backslashes": Word's RTF is mostly metadata
//! (font, colour, style and list tables, revision ids, theme data, pictures as hex), and its
//! text lives in escapes whose meaning depends on state kept in groups: `\uN` followed by
//! `\ucN` fallback characters to skip, `\'hh` bytes in the code page of the current font
//! (`\fcharset`) or of the document (`\ansicpg`). The rules followed:
//!
//! * destinations that are not text are skipped: every `{\*\...}` group we do not know, and
//!   `\fonttbl` (read for the code pages and names), `\colortbl`, `\stylesheet`, `\info`,
//!   `\pict`, `\fldinst`, `\sp` (shape properties), `\nonshppict`/`\shprslt` (the duplicate
//!   fallback of a shape), `\themedata` and friends;
//! * headers and footers are not document text (as in the DOCX reader); footnotes are kept
//!   apart from the body and appended after it;
//! * `\par`, `\line`, `\sect`, `\page` end lines; `\tab` is a tab; tables as in DOCX: each
//!   `\cell` ends a line, each `\row` adds a blank line;
//! * hidden (`\v`) and deleted (`\deleted`) text is dropped, field results are kept, list
//!   markers Word renders (`\listtext`, `\pntext`) are kept;
//! * `\bin N` skips N raw bytes.
//!
//! Text in `.VnTime`/`VNI-Times` fonts arrives as Windows-1252 glyph codes; it is converted
//! by [`crate::legacy::fix_text`], by content, with the font table as a hint.

use std::collections::HashMap;

use encoding_rs::Encoding;

use super::{RawText, ReadError};
use crate::legacy::Legacy;
use crate::limits::Budget;
use crate::text::normalize_document;

/// Groups nest deeper than any real document; beyond this the file is refused (a hostile
/// file could otherwise make the state stack grow without bound).
const MAX_DEPTH: usize = 1024;

#[derive(Debug, Clone)]
struct State {
    /// Characters to skip after `\uN`.
    uc: usize,
    dest: Dest,
    font: Option<i32>,
    hidden: bool,
    deleted: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dest {
    Body,
    Footnote,
    Skip,
    FontTable,
}

struct Font {
    encoding: &'static Encoding,
    name: String,
}

/// Reads an RTF document with no budget (tools and tests).
pub fn read(bytes: &[u8]) -> Result<RawText, ReadError> {
    read_within(bytes, &Budget::unlimited())
}

/// Reads an RTF document within `budget`: the tokenizer asks the clock every few thousand
/// tokens, and stops adding text at [`Budget::max_text_bytes`].
pub fn read_within(bytes: &[u8], budget: &Budget) -> Result<RawText, ReadError> {
    if !bytes.starts_with(b"{\\rtf") {
        return Err(ReadError::BadRtf(
            "no {\\rtf header (not an RTF document)".to_owned(),
        ));
    }
    let mut p = Parser::new(bytes);
    p.run(budget)?;
    let mut text = std::mem::take(&mut p.body);
    if !p.notes.trim().is_empty() {
        text.push_str("\n\n");
        text.push_str(&p.notes);
    }
    let hint = p
        .fonts
        .values()
        .find_map(|f| Legacy::from_font(&f.name))
        .map(|(e, _)| e);
    let mut raw = RawText::default();
    if let Some((fixed, enc)) = crate::legacy::fix_text(&text, hint) {
        text = fixed;
        raw.note_legacy(enc);
    }
    raw.text = normalize_document(&text);
    Ok(raw)
}

struct Parser<'a> {
    src: &'a [u8],
    pos: usize,
    stack: Vec<State>,
    state: State,
    body: String,
    notes: String,
    fonts: HashMap<i32, Font>,
    doc_encoding: &'static Encoding,
    default_font: Option<i32>,
    /// `\'hh` bytes waiting to be decoded together (multi-byte code pages).
    pending: Vec<u8>,
    /// Characters still to skip after a `\uN`.
    skip: usize,
    /// Font-table entry being read: number, charset, name.
    font_entry: Option<(i32, Option<i32>, String)>,
    /// Set when the group just opened; the first control word decides its destination.
    group_start: bool,
    starred: bool,
    /// A high surrogate from `\uN` waiting for its low half.
    pending_high: Option<u32>,
}

impl<'a> Parser<'a> {
    fn new(src: &'a [u8]) -> Self {
        Parser {
            src,
            pos: 0,
            stack: Vec::new(),
            state: State {
                uc: 1,
                dest: Dest::Body,
                font: None,
                hidden: false,
                deleted: false,
            },
            body: String::with_capacity(src.len() / 4),
            notes: String::new(),
            fonts: HashMap::new(),
            doc_encoding: encoding_rs::WINDOWS_1252,
            default_font: None,
            pending: Vec::new(),
            skip: 0,
            font_entry: None,
            group_start: false,
            starred: false,
            pending_high: None,
        }
    }

    fn run(&mut self, budget: &Budget) -> Result<(), ReadError> {
        let mut turns = 0usize;
        while self.pos < self.src.len() {
            turns += 1;
            budget.check_every(turns)?;
            if self.body.len() > budget.max_text_bytes {
                break;
            }
            let b = self.src[self.pos];
            match b {
                b'{' => {
                    self.flush();
                    self.pos += 1;
                    if self.stack.len() >= MAX_DEPTH {
                        return Err(ReadError::BadRtf(format!(
                            "groups nested deeper than {MAX_DEPTH} levels"
                        )));
                    }
                    self.stack.push(self.state.clone());
                    self.group_start = true;
                    self.starred = false;
                }
                b'}' => {
                    self.flush();
                    self.pos += 1;
                    if self.state.dest == Dest::FontTable {
                        self.end_font_entry();
                    }
                    match self.stack.pop() {
                        Some(s) => self.state = s,
                        // Text after the closing brace of the document: ignore it.
                        None => break,
                    }
                    self.group_start = false;
                }
                b'\\' => self.control()?,
                b'\r' | b'\n' => self.pos += 1,
                _ => {
                    self.pos += 1;
                    self.group_start = false;
                    if self.skip > 0 {
                        self.skip -= 1;
                        continue;
                    }
                    if self.state.dest == Dest::FontTable {
                        if let Some((_, _, name)) = &mut self.font_entry {
                            if b == b';' {
                                self.end_font_entry();
                            } else {
                                name.push(char::from(b));
                            }
                        }
                        continue;
                    }
                    self.pending.push(b);
                }
            }
        }
        self.flush();
        Ok(())
    }

    fn control(&mut self) -> Result<(), ReadError> {
        let src = self.src;
        let start = self.pos + 1;
        let Some(&c) = src.get(start) else {
            self.pos = start;
            return Ok(());
        };
        if !c.is_ascii_alphabetic() {
            self.pos = start + 1;
            let first = std::mem::take(&mut self.group_start);
            match c {
                b'\'' => {
                    let hex = src.get(start + 1..start + 3).unwrap_or_default();
                    self.pos = start + 1 + hex.len();
                    if self.skip > 0 {
                        self.skip -= 1;
                    } else if let Some(v) = std::str::from_utf8(hex)
                        .ok()
                        .and_then(|h| u8::from_str_radix(h, 16).ok())
                    {
                        if self.state.dest == Dest::FontTable {
                            if let Some((_, _, name)) = &mut self.font_entry {
                                name.push(char::from(v));
                            }
                        } else {
                            self.pending.push(v);
                        }
                    }
                }
                b'*' if first => {
                    self.starred = true;
                    self.group_start = true;
                }
                b'*' => {}
                b'~' => self.emit_char('\u{a0}'),
                b'_' => self.emit_char('-'),
                b'-' => {}
                b'\\' | b'{' | b'}' => {
                    if self.skip > 0 {
                        self.skip -= 1;
                    } else {
                        self.pending.push(c);
                    }
                }
                b'\r' | b'\n' => self.emit_str("\n"),
                _ => {}
            }
            return Ok(());
        }
        let mut i = start;
        while i < src.len() && src[i].is_ascii_alphabetic() && i - start < 32 {
            i += 1;
        }
        let word = std::str::from_utf8(&src[start..i]).unwrap_or("");
        let mut param: Option<i32> = None;
        let num_start = i;
        if i < src.len() && src[i] == b'-' {
            i += 1;
        }
        while i < src.len() && src[i].is_ascii_digit() && i - num_start < 11 {
            i += 1;
        }
        if i > num_start {
            param = std::str::from_utf8(&src[num_start..i])
                .ok()
                .and_then(|s| s.parse().ok());
        }
        if i < src.len() && src[i] == b' ' {
            i += 1;
        }
        self.pos = i;
        let first = std::mem::take(&mut self.group_start);
        let starred = std::mem::take(&mut self.starred);
        if first && self.destination(word, starred) {
            return Ok(());
        }
        self.word(word, param);
        Ok(())
    }

    /// Handles the first control word of a group; `true` when it was a destination.
    fn destination(&mut self, word: &str, starred: bool) -> bool {
        let dest = match word {
            "fonttbl" => Dest::FontTable,
            "footnote" => Dest::Footnote,
            "colortbl" | "stylesheet" | "info" | "pict" | "fldinst" | "sp" | "nonshppict"
            | "shprslt" | "header" | "headerl" | "headerr" | "headerf" | "footer" | "footerl"
            | "footerr" | "footerf" | "themedata" | "colorschememapping" | "latentstyles"
            | "datastore" | "xmlnstbl" | "listtable" | "listoverridetable" | "rsidtbl"
            | "generator" | "filetbl" | "revtbl" | "pgdsctbl" | "object" | "objdata"
            | "datafield" | "annotation" | "atnid" | "atnauthor" | "bkmkstart" | "bkmkend"
            | "template" | "mmathPr" | "defchp" | "defpap" | "userprops" | "docvar"
            | "wgrffmtfilter" | "passwordhash" | "tc" | "xe" | "txe" => Dest::Skip,
            // Shape instructions hold text boxes (`\shptxt`): read inside them.
            "shpinst" | "shptxt" | "fldrslt" | "listtext" | "pntext" | "field" | "shp" | "upr"
            | "ud" => return false,
            _ if starred => Dest::Skip,
            _ => return false,
        };
        if self.state.dest != Dest::Skip {
            self.state.dest = dest;
        }
        true
    }

    fn word(&mut self, word: &str, param: Option<i32>) {
        if self.state.dest == Dest::FontTable {
            match word {
                "f" => {
                    self.end_font_entry();
                    self.font_entry = param.map(|n| (n, None, String::new()));
                }
                "fcharset" => {
                    if let Some((_, cs, _)) = &mut self.font_entry {
                        *cs = param;
                    }
                }
                _ => {}
            }
            return;
        }
        match word {
            "ansicpg" => {
                if let Some(e) = param.and_then(codepage) {
                    self.doc_encoding = e;
                }
            }
            "deff" => self.default_font = param,
            "uc" => self.state.uc = param.unwrap_or(1).clamp(0, 16) as usize,
            "u" => {
                if let Some(n) = param {
                    // Negative values are UTF-16 units written as signed 16-bit numbers.
                    let unit = if n < 0 { (n + 65536) as u32 } else { n as u32 };
                    self.emit_unit(unit);
                    self.skip = self.state.uc;
                }
            }
            "bin" => {
                let n = param.unwrap_or(0).max(0) as usize;
                self.pos = self.pos.saturating_add(n).min(self.src.len());
            }
            "f" => {
                self.flush();
                self.state.font = param;
            }
            "plain" => {
                self.flush();
                self.state.hidden = false;
                self.state.deleted = false;
            }
            "v" => {
                self.flush();
                self.state.hidden = param != Some(0);
            }
            "deleted" => {
                self.flush();
                self.state.deleted = param != Some(0);
            }
            "par" | "sect" | "page" | "line" | "softline" => self.emit_str("\n"),
            "cell" | "nestcell" => self.emit_str("\n"),
            "row" | "nestrow" => self.emit_str("\n\n"),
            "tab" => self.emit_str("\t"),
            "emdash" => self.emit_char('—'),
            "endash" => self.emit_char('–'),
            "lquote" => self.emit_char('‘'),
            "rquote" => self.emit_char('’'),
            "ldblquote" => self.emit_char('“'),
            "rdblquote" => self.emit_char('”'),
            "bullet" => self.emit_char('•'),
            "emspace" | "enspace" | "qmspace" => self.emit_char(' '),
            _ => {}
        }
    }

    fn end_font_entry(&mut self) {
        if let Some((n, cs, name)) = self.font_entry.take() {
            let encoding = cs.and_then(charset_encoding).unwrap_or(self.doc_encoding);
            self.fonts.insert(
                n,
                Font {
                    encoding,
                    name: name.trim().to_owned(),
                },
            );
        }
    }

    /// Decodes the pending `\'hh` and literal bytes in the current font's code page.
    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let bytes = std::mem::take(&mut self.pending);
        let enc = self
            .state
            .font
            .or(self.default_font)
            .and_then(|f| self.fonts.get(&f))
            .map(|f| f.encoding)
            .unwrap_or(self.doc_encoding);
        let (s, _, _) = enc.decode(&bytes);
        let s = s.into_owned();
        self.push_out(&s);
    }

    fn emit_unit(&mut self, unit: u32) {
        self.flush();
        // Surrogate pairs arrive as two `\u` words.
        if (0xD800..0xDC00).contains(&unit) {
            self.pending_high = Some(unit);
            return;
        }
        let c = if (0xDC00..0xE000).contains(&unit) {
            match self.pending_high.take() {
                Some(hi) => char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (unit - 0xDC00)),
                None => None,
            }
        } else {
            char::from_u32(unit)
        };
        if let Some(c) = c {
            let mut buf = [0u8; 4];
            self.push_out(c.encode_utf8(&mut buf));
        }
    }

    fn emit_char(&mut self, c: char) {
        if self.skip > 0 {
            self.skip -= 1;
            return;
        }
        self.flush();
        let mut buf = [0u8; 4];
        self.push_out(c.encode_utf8(&mut buf));
    }

    fn emit_str(&mut self, s: &str) {
        self.flush();
        self.skip = 0;
        self.push_out(s);
    }

    fn push_out(&mut self, s: &str) {
        if self.state.hidden || self.state.deleted {
            return;
        }
        match self.state.dest {
            Dest::Body => self.body.push_str(s),
            Dest::Footnote => self.notes.push_str(s),
            Dest::Skip | Dest::FontTable => {}
        }
    }
}

/// The code page an `\ansicpg` names.
fn codepage(cp: i32) -> Option<&'static Encoding> {
    let label = match cp {
        1258 => "windows-1258",
        1252 => "windows-1252",
        1250 => "windows-1250",
        1251 => "windows-1251",
        1253 => "windows-1253",
        1254 => "windows-1254",
        1255 => "windows-1255",
        1256 => "windows-1256",
        1257 => "windows-1257",
        874 => "windows-874",
        932 => "shift_jis",
        936 => "gbk",
        949 => "euc-kr",
        950 => "big5",
        65001 => "utf-8",
        _ => return None,
    };
    Encoding::for_label(label.as_bytes())
}

/// The code page an `\fcharset` names (Windows charset numbers).
fn charset_encoding(cs: i32) -> Option<&'static Encoding> {
    codepage(match cs {
        0 | 1 => 1252,
        163 => 1258,
        238 => 1250,
        204 => 1251,
        161 => 1253,
        162 => 1254,
        177 => 1255,
        178 => 1256,
        186 => 1257,
        222 => 874,
        128 => 932,
        134 => 936,
        129 => 949,
        136 => 950,
        // Symbol fonts (2) and unknown sets: the document's code page.
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(rtf: &str) -> String {
        read(rtf.as_bytes()).expect("reads").text
    }

    #[test]
    fn unicode_escapes_skip_their_fallback() {
        let t = text(r"{\rtf1\ansi\ansicpg1252\uc1 C\u7897?ng h\'f2a\par}");
        assert_eq!(t.trim(), "Cộng hòa");
        // \uc2: two fallback characters, one of them a \'hh escape.
        let t = text(r"{\rtf1\uc2 Vi\u7879\'3f?t}");
        assert_eq!(t.trim(), "Việt");
    }

    #[test]
    fn code_page_of_the_font_decodes_hex_bytes() {
        // Windows-1258 font: ô + combining dot below (0xF2) composes to ộ.
        let t = text(r"{\rtf1\ansi{\fonttbl{\f0\fcharset163 Times;}}\f0 N\'f4\'f2i}");
        assert_eq!(t.trim(), "Nội");
    }

    #[test]
    fn destinations_and_hidden_text_are_skipped() {
        let t = text(concat!(
            r"{\rtf1{\*\generator Riched20;}{\info{\title X}}{\colortbl;\red0;}",
            r"{\header Trang 1\par}{\*\unknown junk}{\pict\wmetafile8 0a0b}",
            r"A{\v hidden}B{\deleted old}C{\field{\*\fldinst PAGE}{\fldrslt 7}}\par}"
        ));
        assert_eq!(t.trim(), "ABC7");
    }

    #[test]
    fn tables_cells_and_rows() {
        let t = text(
            r"{\rtf1\trowd\cellx1000\cellx2000 UBND\cell C\u7896?NG\cell\row S\u7903?\cell \u272?\u7897?c\cell\row}",
        );
        let rows: Vec<&str> = t
            .split("\n\n")
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .collect();
        assert_eq!(rows, vec!["UBND\nCỘNG", "Sở\nĐộc"]);
    }

    #[test]
    fn footnotes_come_after_the_body() {
        let t = text(
            r"{\rtf1 Theo{\footnote Ngh\u7883? \u273?\u7883?nh 30\par} v\u259?n b\u7843?n\par}",
        );
        let lines: Vec<&str> = t.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines, vec!["Theo văn bản", "Nghị định 30"]);
    }

    #[test]
    fn vntime_glyphs_are_converted() {
        let raw = read(
            r"{\rtf1\ansi{\fonttbl{\f1\fcharset0 .VnTime;}}\f1 \'a7i\'d2u 1. Giao S\'eb N\'e9i v\'f4\par}"
                .as_bytes(),
        )
        .expect("reads");
        assert_eq!(raw.text.trim(), "Điều 1. Giao Sở Nội vụ");
        assert_eq!(raw.legacy_encodings, vec!["TCVN3"]);
    }

    #[test]
    fn not_rtf_and_deep_nesting_are_errors() {
        assert!(matches!(read(b"hello"), Err(ReadError::BadRtf(_))));
        let deep = format!("{{\\rtf1{}", "{".repeat(5000));
        assert!(matches!(read(deep.as_bytes()), Err(ReadError::BadRtf(_))));
    }
}
