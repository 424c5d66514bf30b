//! PDF with a text layer.
//!
//! lopdf is the parser (objects, streams, filters, decryption); everything that decides what
//! the text *is* lives here, because `Document::extract_text` reads the content stream in
//! stream order and ignores positions (it splits words where the producer switches fonts,
//! glues lines, interleaves header columns, and never looks at form XObjects or annotation
//! appearance streams). The pipeline:
//!
//! - `interp` runs each page's content stream (and form XObjects inside it) into glyphs
//!   with page-space positions, using `font` for codes, text and advance widths and
//!   `cmap` for ToUnicode CMaps.
//! - Annotation appearance streams (`/AP /N` of FreeText, Stamp, Widget, ...) are run too and
//!   placed at the annotation's `/Rect`. E-signing stamps the number and day over blanks left
//!   in the page (`Số:      /UBND-TTHC`), so their glyphs are merged into the page's glyphs
//!   and land in the right line. An annotation whose text is a signature box ("Ký bởi",
//!   "Thời gian ký") becomes a [`SignatureStamp`] instead.
//! - Text direction comes from the glyphs, not from `/Rotate` (a rotated page may carry
//!   upright or sideways text): the page's main direction is turned upright and laid out;
//!   text in other directions follows as separate blocks; skewed text (diagonal watermarks)
//!   is dropped.
//! - `layout` turns glyphs into lines in reading order (two-column header bands
//!   column-major, tables row-major, blank lines between paragraphs). A page number alone
//!   at the top or bottom of a page is dropped so sentences run on across the page break.
//! - Stamp boxes printed in the page content are split out of the text
//!   ([`super::stamps::split_stamps`]); signature fields (`/AcroForm /Fields`, `/FT /Sig`)
//!   are read into stamps as well; stamps with the same signing time are one signature.
//!
//! Encrypted files with an empty user password are decrypted (warning `pdf_decrypted`);
//! others are refused. A file whose cross-reference data cannot be read is rebuilt by
//! scanning; if its trailer and catalog were cut off, a page tree over the surviving page
//! objects is appended first (warning `pdf_damaged`). Pages without any glyph but with an
//! image are scans (warning `no_text_layer`). Damaged streams keep what was readable;
//! nothing here panics.

mod cmap;
mod font;
pub mod images;
mod interp;
mod layout;
pub mod signature;

use std::collections::HashMap;
use std::sync::LazyLock;

use lopdf::{Dictionary, Document, LoadOptions, Object};

use super::stamps::{pdf_date_to_rfc3339, split_stamps, stamp_from_lines};
use super::{RawText, ReadError};
use crate::limits::Budget;
use crate::record::SignatureStamp;
use crate::text::normalize_document;
use crate::warnings;
use interp::{IDENTITY, Interpreter, Matrix, mul, rect_of};

/// Upper bound on one page's decompressed content.
const MAX_PAGE_CONTENT: usize = 64 << 20;
/// Pages beyond this are not read (a hostile or absurd file).
const MAX_PAGES: usize = 20_000;

/// Reads a PDF with no time budget (tools and tests).
pub fn read(bytes: &[u8]) -> Result<RawText, ReadError> {
    read_within(bytes, &Budget::unlimited())
}

/// Reads a PDF within `budget`: asked between pages and every few thousand content-stream
/// operators. Loading (lopdf) cannot be interrupted; its decompression is capped instead.
pub fn read_within(bytes: &[u8], budget: &Budget) -> Result<RawText, ReadError> {
    if !bytes[..bytes.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-")
    {
        return Err(ReadError::NotPdf);
    }
    let mut warns = Vec::new();
    let doc = load(bytes, &mut warns)?;
    budget.check()?;
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(ReadError::BadPdf("no pages found".to_owned()));
    }
    let mut fonts = HashMap::new();
    let mut page_texts: Vec<String> = Vec::with_capacity(pages.len());
    let mut stamps: Vec<SignatureStamp> = Vec::new();
    let mut unmapped = 0usize;
    let mut scanned_pages = 0usize;
    let mut any_text = false;
    for (_, &page_id) in pages.iter().take(MAX_PAGES) {
        budget.check()?;
        let Ok(page_dict) = doc.get_dictionary(page_id) else {
            continue;
        };
        let resources = page_resources(&doc, page_dict);
        let content = doc
            .get_page_content_with_limit(page_id, MAX_PAGE_CONTENT)
            .unwrap_or_default();
        // /Rotate is not applied: text direction is decided from the glyphs themselves
        // (a rotated page may carry upright or sideways text).
        let rot = IDENTITY;
        let mut interp = Interpreter::new(&doc, &mut fonts).with_clock(budget);
        interp.run(&content, resources, rot);
        // Stopped mid-page when time ran out (interp.expired): the file is over budget.
        budget.check()?;
        if interp.damaged && !warns.iter().any(|w| w == warnings::PDF_DAMAGED) {
            warns.push(warnings::PDF_DAMAGED.to_owned());
        }
        let mut page = std::mem::take(&mut interp.page);
        drop(interp);
        let images = page.images;
        // Annotations: each runs alone first, so a signature box can be told apart.
        for annot in annotations(&doc, page_dict) {
            let ap = match appearance(&doc, annot) {
                Some((content, res, ctm)) => {
                    let mut ai = Interpreter::new(&doc, &mut fonts).with_clock(budget);
                    ai.run(&content, res.or(resources), mul(&ctm, &rot));
                    std::mem::take(&mut ai.page)
                }
                None => match contents_text(&doc, annot, &rot) {
                    Some(p) => p,
                    None => continue,
                },
            };
            if ap.glyphs.is_empty() {
                continue;
            }
            let lines = layout::layout(&ap);
            let nonblank: Vec<&str> = lines
                .iter()
                .map(String::as_str)
                .filter(|l| !l.trim().is_empty())
                .collect();
            if let Some(stamp) = stamp_from_lines(&nonblank) {
                // Portals stamp every page: one signature, one stamp.
                add_stamp(&mut stamps, normalize_stamp(stamp));
                continue;
            }
            let offset = page.text.len() as u32;
            page.text.push_str(&ap.text);
            page.unmapped += ap.unmapped;
            page.glyphs.extend(ap.glyphs.iter().map(|g| {
                let mut g = *g;
                g.start += offset;
                g
            }));
        }
        unmapped += page.unmapped;
        if page.glyphs.iter().all(|g| g.space) {
            if images > 0 {
                scanned_pages += 1;
            }
            page_texts.push(String::new());
            continue;
        }
        any_text = true;
        let mut text = String::new();
        for (k, part) in orient(page).iter().enumerate() {
            if k > 0 {
                text.push_str("\n\n");
            }
            let mut lines = layout::layout(part);
            if k == 0 {
                strip_page_numbers(&mut lines);
            }
            text.push_str(&lines.join("\n"));
        }
        page_texts.push(text);
    }
    if scanned_pages > 0 || !any_text {
        warns.push(warnings::NO_TEXT_LAYER.to_owned());
    }
    if unmapped > 0 {
        warns.push(warnings::GLYPHS_UNMAPPED.to_owned());
    }
    let mut text = page_texts.join("\n\n");
    // Text layers of PDFs printed from `.VnTime`/`VNI-Times` documents carry the fonts'
    // 8-bit glyph codes as Latin-1 text; converted by content (crate::legacy).
    let legacy = crate::legacy::fix_text(&text, None).map(|(fixed, enc)| {
        text = fixed;
        enc
    });
    let text = normalize_document(&text);
    // Stamp boxes drawn in the page content itself.
    let (text, page_stamps) = split_stamps(&text);
    for s in page_stamps {
        add_stamp(&mut stamps, normalize_stamp(s));
    }
    for s in signature_fields(&doc) {
        add_stamp(&mut stamps, s);
    }
    let mut raw = RawText {
        text,
        stamps,
        warnings: warns,
        pages: Some(u32::try_from(pages.len()).unwrap_or(u32::MAX)),
        ..RawText::default()
    };
    if let Some(enc) = legacy {
        raw.note_legacy(enc);
    }
    Ok(raw)
}

/// A word placed on a page (page units, y up, baseline `y`), as OCR finds them.
#[derive(Debug, Clone)]
pub struct WordBox {
    pub x0: f32,
    pub x1: f32,
    pub y: f32,
    pub size: f32,
    pub text: String,
}

/// Lines in reading order for positioned words: OCR output goes through the same layout
/// pass as a text layer, so two-column header bands and signature blocks come out
/// column-major exactly as for born-digital PDFs.
pub fn layout_words(words: &[WordBox]) -> Vec<String> {
    layout_words_spaced(words, None)
}

/// [`layout_words`] with the baseline step (in sizes) beyond which a blank line marks a
/// paragraph, when the words' own line spacing says it (OCR).
pub fn layout_words_spaced(words: &[WordBox], para_step: Option<f32>) -> Vec<String> {
    let mut page = interp::Page {
        para_step,
        ..interp::Page::default()
    };
    for w in words {
        let start = page.text.len() as u32;
        page.text.push_str(&w.text);
        let len = u16::try_from(w.text.len()).unwrap_or(u16::MAX);
        page.glyphs.push(interp::Glyph::upright(
            w.x0, w.x1, w.y, w.size, start, len, false,
        ));
    }
    let mut lines = layout::layout(&page);
    strip_page_numbers(&mut lines);
    lines
}

fn normalize_stamp(mut s: SignatureStamp) -> SignatureStamp {
    s.text = crate::text::nfc(&s.text);
    s.signer = s.signer.map(|x| crate::text::nfc(&x));
    s
}

static PAGE_NUMBER: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"(?i)^\s*(?:-\s*\d{1,3}\s*-|\d{1,3}|trang\s+\d{1,3}(?:\s*/\s*\d{1,3})?|\d{1,3}\s*/\s*\d{1,3})\s*$")
        .expect("static regex")
});

/// Drops a page number printed alone at the top or bottom of a page ("2", "- 2 -",
/// "Trang 2/5"): left in, it would split the sentence that runs across the page break.
fn strip_page_numbers(lines: &mut Vec<String>) {
    let first = lines.iter().position(|l| !l.trim().is_empty());
    if let Some(i) = first
        && PAGE_NUMBER.is_match(&lines[i])
        && lines.iter().filter(|l| !l.trim().is_empty()).count() > 1
    {
        lines.remove(i);
    }
    let last = lines.iter().rposition(|l| !l.trim().is_empty());
    if let Some(i) = last
        && PAGE_NUMBER.is_match(&lines[i])
        && lines.iter().filter(|l| !l.trim().is_empty()).count() > 1
    {
        lines.remove(i);
    }
    while lines.first().is_some_and(|l| l.trim().is_empty()) {
        lines.remove(0);
    }
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
}

/// Turns text upright. The page's main writing direction (the most glyphs) is laid out as
/// the page; text in other directions (a sideways stamp or note in the margin) follows as
/// separate blocks, each turned upright.
fn orient(page: interp::Page) -> Vec<interp::Page> {
    let mut counts = [0usize; 4];
    let mut skewed = 0usize;
    for g in page.glyphs.iter().filter(|g| !g.space) {
        match counts.get_mut(g.dir as usize) {
            Some(c) => *c += 1,
            None => skewed += 1,
        }
    }
    if counts[1] + counts[2] + counts[3] + skewed == 0 {
        return vec![page];
    }
    let main = (0..4)
        .max_by_key(|&d| (counts[d], usize::from(d == 0)))
        .unwrap_or(0);
    let mut order: Vec<usize> = vec![main];
    order.extend((0..4).filter(|&d| d != main && counts[d] >= 3));
    let turn = |d: usize, (x, y): (f32, f32)| match d {
        1 => (y, -x),
        2 => (-x, -y),
        3 => (-y, x),
        _ => (x, y),
    };
    order
        .into_iter()
        .map(|d| {
            let glyphs = page
                .glyphs
                .iter()
                .filter(|g| g.dir as usize == d)
                .map(|g| {
                    let (ox, oy) = turn(d, g.origin);
                    let (ex, _) = turn(d, g.end);
                    let mut g = *g;
                    g.x0 = ox.min(ex);
                    g.x1 = ox.max(ex);
                    g.y = oy;
                    g.dir = 0;
                    g
                })
                .collect();
            interp::Page {
                glyphs,
                text: page.text.clone(),
                unmapped: 0,
                images: 0,
                placed: Vec::new(),
                para_step: None,
            }
        })
        .collect()
}

/// Adds `s` unless a stamp with the same time is already known (a signature field and the
/// box printed for it are one signature); fills in what the known one lacks.
fn add_stamp(stamps: &mut Vec<SignatureStamp>, s: SignatureStamp) {
    if let Some(known) = stamps
        .iter_mut()
        .find(|k| k.time.is_some() && k.time == s.time)
    {
        if known.signer.is_none() {
            known.signer = s.signer;
        }
        return;
    }
    stamps.push(s);
}

fn load(bytes: &[u8], warns: &mut Vec<String>) -> Result<Document, ReadError> {
    let opts = |force_reconstruct| LoadOptions {
        max_decompressed_size: Some(MAX_PAGE_CONTENT),
        force_reconstruct,
        ..LoadOptions::default()
    };
    let doc = match Document::load_mem_with_options(bytes, opts(false)) {
        Ok(doc) => doc,
        // Tolerant path: rebuild the cross-reference table by scanning for objects (a
        // truncated download, a file edited by hand).
        Err(e) => match Document::load_mem_with_options(bytes, opts(true)) {
            Ok(doc) if !doc.get_pages().is_empty() => doc,
            _ => match salvage(bytes)
                .and_then(|b| Document::load_mem_with_options(&b, opts(true)).ok())
            {
                Some(doc) if !doc.get_pages().is_empty() => {
                    warns.push(warnings::PDF_DAMAGED.to_owned());
                    doc
                }
                _ => return Err(classify_load_error(bytes, &e)),
            },
        },
    };
    if doc.is_encrypted() {
        // lopdf leaves the file encrypted when the empty password did not open it.
        let mut doc = doc;
        if doc.decrypt("").is_err() {
            return Err(ReadError::Encrypted);
        }
        warns.push(warnings::PDF_DECRYPTED.to_owned());
        return Ok(doc);
    }
    if doc.was_encrypted() {
        warns.push(warnings::PDF_DECRYPTED.to_owned());
    }
    Ok(doc)
}

static PAGE_TYPE: LazyLock<regex::bytes::Regex> =
    LazyLock::new(|| regex::bytes::Regex::new(r"/Type\s*/Page([^s]|$)").expect("static regex"));
static ANY_OBJ: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
    regex::bytes::Regex::new(r"(\d{1,9})\s+(\d{1,5})\s+obj\b").expect("static regex")
});

fn capture_num(c: &regex::bytes::Captures<'_>, i: usize) -> Option<u64> {
    std::str::from_utf8(c.get(i)?.as_bytes()).ok()?.parse().ok()
}

/// A truncated file has lost its trailer and usually its catalog (written last): keep the
/// complete objects, append a page tree over the page objects still present and a trailer,
/// and let lopdf rebuild the cross-reference table by scanning.
fn salvage(bytes: &[u8]) -> Option<Vec<u8>> {
    let end = bytes.windows(6).rposition(|w| w == b"endobj")? + 6;
    let body = &bytes[..end];
    let mut pages: Vec<(u64, u64)> = Vec::new();
    for c in ANY_OBJ.captures_iter(body) {
        let Some(m) = c.get(0) else { continue };
        // The object's own dictionary: up to its `endobj` or `stream`, at most 2 KiB.
        let rest = &body[m.end()..body.len().min(m.end() + 2048)];
        let stop = rest
            .windows(6)
            .position(|w| w == b"endobj" || w == b"stream")
            .unwrap_or(rest.len());
        if PAGE_TYPE.is_match(&rest[..stop])
            && let (Some(n), Some(g)) = (capture_num(&c, 1), capture_num(&c, 2))
        {
            pages.push((n, g));
        }
    }
    pages.sort_unstable();
    pages.dedup();
    if pages.is_empty() || pages.len() > MAX_PAGES {
        return None;
    }
    let max_id = ANY_OBJ
        .captures_iter(body)
        .filter_map(|c| capture_num(&c, 1))
        .max()?;
    let (tree, cat) = (max_id + 1, max_id + 2);
    let kids: Vec<String> = pages.iter().map(|(n, g)| format!("{n} {g} R")).collect();
    let mut out = body.to_vec();
    out.extend_from_slice(
        format!(
            "\n{tree} 0 obj\n<< /Type /Pages /Kids [{}] /Count {} >>\nendobj\n{cat} 0 obj\n<< /Type /Catalog /Pages {tree} 0 R >>\nendobj\ntrailer\n<< /Root {cat} 0 R /Size {} >>\nstartxref\n0\n%%EOF\n",
            kids.join(" "),
            pages.len(),
            cat + 1
        )
        .as_bytes(),
    );
    Some(out)
}

fn classify_load_error(bytes: &[u8], e: &lopdf::Error) -> ReadError {
    let msg = e.to_string();
    let lower = msg.to_lowercase();
    let has_encrypt = bytes.windows(8).any(|w| w == b"/Encrypt");
    if has_encrypt
        && (lower.contains("password")
            || lower.contains("decrypt")
            || lower.contains("encrypt")
            || lower.contains("authent"))
    {
        return ReadError::Encrypted;
    }
    ReadError::BadPdf(msg)
}

/// The page's resources, inherited from the page tree when the page has none.
fn page_resources<'a>(doc: &'a Document, page: &'a Dictionary) -> Option<&'a Dictionary> {
    let mut node = page;
    for _ in 0..64 {
        if let Ok(r) = node.get_deref(b"Resources", doc).and_then(Object::as_dict) {
            return Some(r);
        }
        node = node
            .get_deref(b"Parent", doc)
            .and_then(Object::as_dict)
            .ok()?;
    }
    None
}

fn annotations<'a>(doc: &'a Document, page: &'a Dictionary) -> Vec<&'a Dictionary> {
    let Ok(list) = page.get_deref(b"Annots", doc).and_then(Object::as_array) else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|o| doc.dereference(o).ok())
        .filter_map(|(_, o)| o.as_dict().ok())
        .filter(|a| {
            let flags = a.get(b"F").and_then(Object::as_i64).unwrap_or(0);
            // Hidden (2) and NoView (32) annotations are not on the page.
            let subtype = a.get(b"Subtype").and_then(Object::as_name).unwrap_or(b"");
            flags & (2 | 32) == 0 && !matches!(subtype, b"Popup" | b"Link")
        })
        .collect()
}

/// The normal appearance stream of an annotation with the matrix that places it on the page
/// (PDF 32000-1 §12.5.5: the form's BBox, transformed by its Matrix, is fitted to Rect).
fn appearance<'a>(
    doc: &'a Document,
    annot: &'a Dictionary,
) -> Option<(Vec<u8>, Option<&'a Dictionary>, Matrix)> {
    let rect = rect_of(doc, annot.get(b"Rect").ok()?)?;
    let n = annot
        .get_deref(b"AP", doc)
        .and_then(Object::as_dict)
        .ok()?
        .get_deref(b"N", doc)
        .ok()?;
    let stream = match n {
        Object::Stream(s) => s,
        Object::Dictionary(states) => {
            let state = annot.get(b"AS").and_then(Object::as_name).ok()?;
            states.get_deref(state, doc).ok()?.as_stream().ok()?
        }
        _ => return None,
    };
    let bbox = rect_of(doc, stream.dict.get(b"BBox").ok()?)?;
    let matrix = stream
        .dict
        .get_deref(b"Matrix", doc)
        .ok()
        .and_then(interp::matrix_of)
        .unwrap_or(IDENTITY);
    let corners = [
        interp::apply(&matrix, bbox[0], bbox[1]),
        interp::apply(&matrix, bbox[2], bbox[1]),
        interp::apply(&matrix, bbox[0], bbox[3]),
        interp::apply(&matrix, bbox[2], bbox[3]),
    ];
    let tx0 = corners.iter().map(|c| c.0).fold(f32::INFINITY, f32::min);
    let ty0 = corners.iter().map(|c| c.1).fold(f32::INFINITY, f32::min);
    let tx1 = corners
        .iter()
        .map(|c| c.0)
        .fold(f32::NEG_INFINITY, f32::max);
    let ty1 = corners
        .iter()
        .map(|c| c.1)
        .fold(f32::NEG_INFINITY, f32::max);
    let (tw, th) = (tx1 - tx0, ty1 - ty0);
    let sx = if tw.abs() > 1e-3 {
        (rect[2] - rect[0]) / tw
    } else {
        1.0
    };
    let sy = if th.abs() > 1e-3 {
        (rect[3] - rect[1]) / th
    } else {
        1.0
    };
    let fit = [sx, 0.0, 0.0, sy, rect[0] - tx0 * sx, rect[1] - ty0 * sy];
    let ctm = mul(&matrix, &fit);
    let content = stream.get_plain_content_with_limit(MAX_PAGE_CONTENT).ok()?;
    let res = stream
        .dict
        .get_deref(b"Resources", doc)
        .and_then(Object::as_dict)
        .ok();
    Some((content, res, ctm))
}

static DA_SIZE: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"([\d.]+)\s+Tf").expect("static regex"));

/// A FreeText annotation without an appearance stream: its `/Contents` set in its `/Rect` at
/// the `/DA` font size, so a number typed over a blank still lands in its line.
fn contents_text(doc: &Document, annot: &Dictionary, rot: &Matrix) -> Option<interp::Page> {
    if annot.get(b"Subtype").and_then(Object::as_name).ok()? != b"FreeText" {
        return None;
    }
    let text = lopdf::decode_text_string(annot.get_deref(b"Contents", doc).ok()?).ok()?;
    let rect = rect_of(doc, annot.get(b"Rect").ok()?)?;
    let size = annot
        .get_deref(b"DA", doc)
        .ok()
        .and_then(|o| lopdf::decode_text_string(o).ok())
        .and_then(|da| DA_SIZE.captures(&da)?.get(1)?.as_str().parse::<f32>().ok())
        .filter(|s| *s > 0.5 && *s < 200.0)
        .unwrap_or_else(|| (rect[3] - rect[1]).clamp(4.0, 12.0));
    let mut page = interp::Page::default();
    let mut y = rect[3] - 0.95 * size;
    for line in text.lines() {
        let mut x = rect[0] + 1.0;
        for c in line.chars() {
            let start = page.text.len();
            let space = c.is_whitespace();
            if !space {
                page.text.push(c);
            }
            let (x0, y0) = interp::apply(rot, x, y);
            let (x1, _) = interp::apply(rot, x + 0.5 * size, y);
            let mut g = interp::Glyph::upright(
                x0.min(x1),
                x0.max(x1),
                y0,
                size,
                start as u32,
                (page.text.len() - start) as u16,
                space,
            );
            g.origin = (x0, y0);
            g.end = (x1, y0);
            page.glyphs.push(g);
            x += 0.5 * size;
        }
        y -= 1.15 * size;
    }
    Some(page)
}

/// Signature fields of the AcroForm as stamps.
fn signature_fields(doc: &Document) -> Vec<SignatureStamp> {
    let mut out = Vec::new();
    let Ok(fields) = doc
        .catalog()
        .and_then(|c| c.get_deref(b"AcroForm", doc))
        .and_then(Object::as_dict)
        .and_then(|f| f.get_deref(b"Fields", doc))
        .and_then(Object::as_array)
    else {
        return out;
    };
    let mut stack: Vec<(&Object, bool, usize)> = fields.iter().map(|f| (f, false, 0)).collect();
    let mut seen = 0usize;
    while let Some((obj, inherited_sig, depth)) = stack.pop() {
        seen += 1;
        if seen > 10_000 || depth > 32 {
            break;
        }
        let Ok((_, Object::Dictionary(field))) = doc.dereference(obj) else {
            continue;
        };
        let is_sig = match field.get(b"FT").and_then(Object::as_name) {
            Ok(ft) => ft == b"Sig",
            Err(_) => inherited_sig,
        };
        if let Ok(kids) = field.get_deref(b"Kids", doc).and_then(Object::as_array) {
            stack.extend(kids.iter().map(|k| (k, is_sig, depth + 1)));
        }
        if !is_sig {
            continue;
        }
        let Ok(v) = field.get_deref(b"V", doc).and_then(Object::as_dict) else {
            continue;
        };
        let text_of = |key: &[u8]| {
            v.get_deref(key, doc)
                .ok()
                .and_then(|o| lopdf::decode_text_string(o).ok())
                .map(|s| crate::text::nfc(s.trim()))
                .filter(|s| !s.is_empty())
        };
        // The certificate's subject names the signer; `/Name` (optional, free text) only
        // when the certificate cannot be read.
        let signer = v
            .get_deref(b"Contents", doc)
            .and_then(Object::as_str)
            .ok()
            .and_then(signature::signer_common_name)
            .or_else(|| text_of(b"Name"));
        let time = text_of(b"M").and_then(|m| pdf_date_to_rfc3339(&m));
        if signer.is_none() && time.is_none() {
            continue;
        }
        let mut text = Vec::new();
        if let Some(s) = &signer {
            text.push(format!("Ký bởi: {s}"));
        }
        if let Some(r) = text_of(b"Reason") {
            text.push(format!("Lý do: {r}"));
        }
        if let Some(l) = text_of(b"Location") {
            text.push(format!("Nơi ký: {l}"));
        }
        if let Some(t) = &time {
            text.push(format!("Thời gian ký: {t}"));
        }
        out.push(SignatureStamp {
            signer,
            time,
            text: text.join("\n"),
        });
    }
    out
}
