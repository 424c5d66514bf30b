//! Word 97–2003 binary documents (`.doc`): the OLE container through the `cfb` crate, the
//! text through the piece table.
//!
//! Why our own reader: no maintained Rust crate reads `.doc` text, and the part we need is
//! small and stable since Word 97 ([MS-DOC]). A `.doc` is an OLE compound file holding a
//! `WordDocument` stream (the FIB — File Information Block — then the text) and a table
//! stream (`0Table` or `1Table`, named by the FIB) holding the piece table (`Clx`). The
//! piece table maps character positions to pieces stored either as 8-bit Windows-1252
//! ("compressed") or UTF-16LE: Word's fast-save and editing interleave both, so text is read
//! piece by piece, never straight from the stream.
//!
//! The document's character positions hold, in order: the main text, footnotes, headers
//! and footers, comments, endnotes, text boxes, header text boxes. We read the main text,
//! then footnotes, endnotes and text boxes after it (kept apart from the body, as the RTF
//! reader does); headers, footers and comments are not document text (as in DOCX).
//!
//! Inside the text, Word marks structure with control characters: `\r` ends a paragraph,
//! `\x0b` breaks a line, `\x0c` a page or section, `\x07` ends a table cell (and a row);
//! fields are `\x13 code \x14 result \x15` and show their result; `\x01`, `\x08` anchor
//! pictures and drawings, `\x02`, `\x05` footnote and comment marks; `\x1e` is a
//! non-breaking hyphen, `\x1f` an optional one. Table rows: a row ends with an extra `\x07`
//! right after its last cell's mark; a blank line is written there, as the DOCX reader does.
//!
//! Tracked changes are shown accepted: characters whose properties mark them deleted
//! (`sprmCFRMarkDel`) are dropped, and so is hidden text (`sprmCFVanish`) but for its
//! paragraph, cell and field marks, which keep the structure (see [`props`]).
//!
//! Runs in `.VnTime`/`VNI-Times` fonts hold legacy glyph codes; the font table (`SttbfFfn`)
//! gives the hint and [`crate::legacy::fix_text`] decides by content.

mod props;

use std::io::{Cursor, Read};

use super::{RawText, ReadError};
use crate::limits::Budget;
use crate::text::normalize_document;
use props::{Flags, Marks};

/// `wIdent` of a Word 97+ FIB.
const WORD_IDENT: u16 = 0xA5EC;
/// FIB offsets ([MS-DOC] 2.5.1): flags, then the counts of characters of each story.
const FIB_FLAGS: usize = 0x0A;
const CCP_TEXT: usize = 0x4C;
const CCP_FTN: usize = 0x50;
const CCP_HDD: usize = 0x54;
const CCP_ATN: usize = 0x5C;
const CCP_EDN: usize = 0x60;
const CCP_TXBX: usize = 0x64;
/// `fcPlcfBteChpx`/`lcbPlcfBteChpx` (character property pages), `fcSttbfFfn`/`lcbSttbfFfn`
/// (font names) and `fcClx`/`lcbClx` (piece table).
const FC_PLCF_BTE_CHPX: usize = 0xFA;
const FC_STTBF_FFN: usize = 0x112;
const FC_CLX: usize = 0x1A2;

/// Streams larger than this are refused: no real letter comes close, a hostile container
/// could claim gigabytes.
const MAX_STREAM: u64 = 128 * 1024 * 1024;

/// Reads a Word 97–2003 document with no budget (tools and tests).
pub fn read(bytes: &[u8]) -> Result<RawText, ReadError> {
    read_within(bytes, &Budget::unlimited())
}

/// Reads a Word 97–2003 document within `budget`. A hostile piece table can point every
/// piece at the whole stream (text = pieces × stream size): text stops at
/// [`Budget::max_text_bytes`].
pub fn read_within(bytes: &[u8], budget: &Budget) -> Result<RawText, ReadError> {
    let mut cfb = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| ReadError::BadDoc(format!("the OLE container cannot be opened: {e}")))?;
    if cfb.is_stream("EncryptedPackage") || cfb.is_stream("EncryptionInfo") {
        return Err(ReadError::NotDocx(
            "this is a password-protected Word document; open it in Word, remove the \
             password and save it again"
                .to_owned(),
        ));
    }
    if !cfb.is_stream("WordDocument") {
        let what = if cfb.is_stream("Workbook") || cfb.is_stream("Book") {
            "an Excel workbook"
        } else if cfb.is_stream("PowerPoint Document") {
            "a PowerPoint presentation"
        } else {
            "not a Word document"
        };
        return Err(ReadError::BadDoc(format!(
            "the OLE container has no WordDocument stream ({what})"
        )));
    }
    let word = read_stream(&mut cfb, "WordDocument")?;
    let fib = Fib::parse(&word)?;
    let table_name = if fib.which_table { "1Table" } else { "0Table" };
    if !cfb.is_stream(table_name) {
        return Err(ReadError::BadDoc(format!(
            "the {table_name} stream is missing"
        )));
    }
    let table = read_stream(&mut cfb, table_name)?;
    let pieces = piece_table(&table, fib.fc_clx, fib.lcb_clx)?;
    budget.check()?;
    let marks = Marks::read(&word, &table, fib.fc_chpx, fib.lcb_chpx);
    budget.check()?;
    let text = Text {
        word: &word,
        pieces: &pieces,
        marks: &marks,
        max: budget.max_text_bytes,
    };

    let main_end = fib.ccp_text;
    let mut out = render(&text.range(0, main_end));
    // Stories after the main text, in FIB order.
    let mut cp = main_end;
    let mut after = |len: u32, keep: bool, out: &mut String| {
        if len > 0 && keep {
            let story = render(&text.range(cp, cp.saturating_add(len)));
            if !story.trim().is_empty() {
                out.push_str("\n\n");
                out.push_str(story.trim_end());
                out.push('\n');
            }
        }
        cp = cp.saturating_add(len);
    };
    after(fib.ccp_ftn, true, &mut out);
    after(fib.ccp_hdd, false, &mut out);
    after(fib.ccp_atn, false, &mut out);
    after(fib.ccp_edn, true, &mut out);
    after(fib.ccp_txbx, true, &mut out);
    budget.check()?;

    let fonts = table
        .get(fib.fc_ffn..fib.fc_ffn.saturating_add(fib.lcb_ffn))
        .map(utf16_lossy)
        .unwrap_or_default();
    let hint = crate::legacy::font_hint_in(&fonts);
    let mut raw = RawText::default();
    if let Some((fixed, enc)) = crate::legacy::fix_text(&out, hint) {
        out = fixed;
        raw.note_legacy(enc);
    }
    raw.text = normalize_document(&out);
    Ok(raw)
}

fn read_stream(
    cfb: &mut cfb::CompoundFile<Cursor<&[u8]>>,
    name: &str,
) -> Result<Vec<u8>, ReadError> {
    let stream = cfb
        .open_stream(name)
        .map_err(|e| ReadError::BadDoc(format!("the {name} stream cannot be read: {e}")))?;
    let mut buf = Vec::new();
    stream
        .take(MAX_STREAM + 1)
        .read_to_end(&mut buf)
        .map_err(|e| ReadError::BadDoc(format!("the {name} stream is damaged: {e}")))?;
    if buf.len() as u64 > MAX_STREAM {
        return Err(ReadError::BadDoc(format!(
            "the {name} stream is larger than {MAX_STREAM} bytes"
        )));
    }
    Ok(buf)
}

/// The parts of the File Information Block we use.
#[derive(Debug)]
struct Fib {
    which_table: bool,
    ccp_text: u32,
    ccp_ftn: u32,
    ccp_hdd: u32,
    ccp_atn: u32,
    ccp_edn: u32,
    ccp_txbx: u32,
    fc_chpx: usize,
    lcb_chpx: usize,
    fc_ffn: usize,
    lcb_ffn: usize,
    fc_clx: usize,
    lcb_clx: usize,
}

impl Fib {
    fn parse(w: &[u8]) -> Result<Fib, ReadError> {
        let too_short = || ReadError::BadDoc("the WordDocument stream is truncated".to_owned());
        if u16_at(w, 0).ok_or_else(too_short)? != WORD_IDENT {
            return Err(ReadError::BadDoc(
                "the WordDocument stream does not start with a Word 97-2003 header".to_owned(),
            ));
        }
        let n_fib = u16_at(w, 2).ok_or_else(too_short)?;
        if n_fib < 101 {
            return Err(ReadError::BadDoc(format!(
                "Word 6/95 format (version {n_fib}) is not supported; open it in Word and \
                 save it as .docx"
            )));
        }
        let flags = u16_at(w, FIB_FLAGS).ok_or_else(too_short)?;
        if flags & 0x0100 != 0 {
            return Err(ReadError::DocEncrypted);
        }
        let u32f = |off: usize| u32_at(w, off).ok_or_else(too_short);
        Ok(Fib {
            which_table: flags & 0x0200 != 0,
            ccp_text: u32f(CCP_TEXT)?,
            ccp_ftn: u32f(CCP_FTN)?,
            ccp_hdd: u32f(CCP_HDD)?,
            ccp_atn: u32f(CCP_ATN)?,
            ccp_edn: u32f(CCP_EDN)?,
            ccp_txbx: u32f(CCP_TXBX)?,
            fc_chpx: u32f(FC_PLCF_BTE_CHPX)? as usize,
            lcb_chpx: u32f(FC_PLCF_BTE_CHPX + 4)? as usize,
            fc_ffn: u32f(FC_STTBF_FFN)? as usize,
            lcb_ffn: u32f(FC_STTBF_FFN + 4)? as usize,
            fc_clx: u32f(FC_CLX)? as usize,
            lcb_clx: u32f(FC_CLX + 4)? as usize,
        })
    }
}

/// One piece: character positions `[cp_start, cp_end)` stored at byte `fc` of the
/// WordDocument stream, 8-bit (`compressed`) or UTF-16LE, with the properties its
/// descriptor sets on all of it (`flags`, from a fast save).
#[derive(Debug, Clone, Copy)]
struct Piece {
    cp_start: u32,
    cp_end: u32,
    fc: usize,
    compressed: bool,
    flags: Flags,
}

/// Reads the `Clx`: property runs (`0x01`, the modifier lists pieces may name) then the
/// piece table (`0x02`).
fn piece_table(table: &[u8], fc: usize, lcb: usize) -> Result<Vec<Piece>, ReadError> {
    let bad = |why: &str| ReadError::BadDoc(format!("piece table: {why}"));
    let clx = table
        .get(fc..fc.saturating_add(lcb))
        .ok_or_else(|| bad("outside the table stream"))?;
    let mut i = 0usize;
    let mut prcs: Vec<&[u8]> = Vec::new();
    while clx.get(i) == Some(&0x01) {
        let cb = u16_at(clx, i + 1).ok_or_else(|| bad("truncated"))? as usize;
        prcs.push(clx.get(i + 3..i + 3 + cb).unwrap_or_default());
        i += 3 + cb;
    }
    if clx.get(i) != Some(&0x02) {
        return Err(bad("missing"));
    }
    let len = u32_at(clx, i + 1).ok_or_else(|| bad("truncated"))? as usize;
    let plc = clx
        .get(i + 5..(i + 5).saturating_add(len))
        .ok_or_else(|| bad("truncated"))?;
    // (n + 1) character positions of 4 bytes, then n descriptors of 8 bytes.
    if plc.len() < 4 || (plc.len() - 4) % 12 != 0 {
        return Err(bad("wrong size"));
    }
    let n = (plc.len() - 4) / 12;
    let mut pieces = Vec::with_capacity(n);
    for k in 0..n {
        let cp_start = u32_at(plc, 4 * k).ok_or_else(|| bad("truncated"))?;
        let cp_end = u32_at(plc, 4 * (k + 1)).ok_or_else(|| bad("truncated"))?;
        let pcd = 4 * (n + 1) + 8 * k;
        let fc_raw = u32_at(plc, pcd + 2).ok_or_else(|| bad("truncated"))?;
        let prm = u16_at(plc, pcd + 6).ok_or_else(|| bad("truncated"))?;
        let compressed = fc_raw & 0x4000_0000 != 0;
        let fc = (fc_raw & 0x3FFF_FFFF) as usize;
        pieces.push(Piece {
            cp_start,
            cp_end,
            fc: if compressed { fc / 2 } else { fc },
            compressed,
            flags: props::prm_flags(prm, &prcs),
        });
    }
    Ok(pieces)
}

struct Text<'a> {
    word: &'a [u8],
    pieces: &'a [Piece],
    /// Deleted and hidden runs.
    marks: &'a Marks,
    /// Most bytes one range yields.
    max: usize,
}

impl Text<'_> {
    /// The characters at positions `[start, end)`, as stored (control marks included) but
    /// for deleted characters and hidden ones (whose structure marks are kept).
    /// Positions the pieces do not cover, or bytes past the stream's end, are left out.
    fn range(&self, start: u32, end: u32) -> String {
        let mut out = String::new();
        for p in self.pieces {
            if out.len() >= self.max {
                break;
            }
            let s = start.max(p.cp_start);
            let e = end.min(p.cp_end);
            if s >= e || p.flags.deleted {
                continue;
            }
            let width = if p.compressed { 1 } else { 2 };
            let base = p.fc.saturating_add((s - p.cp_start) as usize * width);
            // Characters past the stream's end are left out.
            let count = ((e - s) as usize).min(self.word.len().saturating_sub(base) / width);
            for (i, j, flags) in self.marks.spans(base, width, count) {
                let flags = flags.or(p.flags);
                if flags.deleted {
                    continue;
                }
                let bytes = &self.word[base + i * width..base + j * width];
                let chunk = if p.compressed {
                    encoding_rs::WINDOWS_1252
                        .decode_without_bom_handling(bytes)
                        .0
                        .into_owned()
                } else {
                    utf16_lossy(bytes)
                };
                if flags.hidden {
                    out.extend(chunk.chars().filter(|&c| is_structure_mark(c)));
                } else {
                    out.push_str(&chunk);
                }
            }
        }
        out
    }
}

/// Marks that give the text its shape: paragraph, line, page and cell ends, field
/// delimiters. Hidden text keeps them (Word still ends the paragraph or cell).
fn is_structure_mark(c: char) -> bool {
    matches!(
        c,
        '\r' | '\u{7}' | '\u{b}' | '\u{c}' | '\u{13}' | '\u{14}' | '\u{15}'
    )
}

/// Word's stored characters → text with one line per paragraph and cell.
fn render(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    // Field nesting: for each open field, whether we are past its separator (showing the
    // result) or still in its code.
    let mut fields: Vec<bool> = Vec::new();
    for c in raw.chars() {
        match c {
            '\u{13}' => {
                fields.push(false);
                continue;
            }
            '\u{14}' => {
                if let Some(f) = fields.last_mut() {
                    *f = true;
                }
                continue;
            }
            '\u{15}' => {
                fields.pop();
                continue;
            }
            _ => {}
        }
        if fields.iter().any(|shown| !shown) {
            continue;
        }
        match c {
            '\r' | '\u{b}' | '\u{c}' | '\u{e}' => out.push('\n'),
            // Cell marks end a line; the row-end mark that follows a row's last cell mark
            // makes the blank line between rows.
            '\u{7}' => out.push('\n'),
            '\u{1e}' => out.push('-'),
            '\u{1f}' | '\u{1}' | '\u{2}' | '\u{3}' | '\u{4}' | '\u{5}' | '\u{8}' => {}
            '\t' => out.push('\t'),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

fn u16_at(b: &[u8], off: usize) -> Option<u16> {
    let s = b.get(off..off + 2)?;
    Some(u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], off: usize) -> Option<u32> {
    let s = b.get(off..off + 4)?;
    Some(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn utf16_lossy(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    String::from_utf16_lossy(&units)
}

#[cfg(test)]
mod tests;
