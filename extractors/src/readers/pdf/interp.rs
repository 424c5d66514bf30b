//! Content-stream interpreter: operators → positioned glyphs.
//!
//! Only what decides where text lands is tracked: the CTM (`q`/`Q`/`cm`), the text state
//! (`Tf Tc Tw Tz TL Ts`), the text and line matrices (`BT Td TD Tm T*`), the show operators
//! (`Tj TJ ' "`) and form XObjects (`Do`, recursively, with a depth limit and a cycle guard).
//! Each glyph comes out in page space with its baseline, horizontal extent and effective size;
//! the layout pass ([`super::layout`]) turns them into lines and words. Paths, colours and
//! images are skipped (images are only counted, to recognise scanned pages).

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

use super::font::Font;

/// Affine matrix `[a b c d e f]` as in the PDF spec (row vector convention).
pub type Matrix = [f32; 6];

pub const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `m1 × m2`: apply `m1` first, then `m2`.
pub fn mul(m1: &Matrix, m2: &Matrix) -> Matrix {
    [
        m1[0] * m2[0] + m1[1] * m2[2],
        m1[0] * m2[1] + m1[1] * m2[3],
        m1[2] * m2[0] + m1[3] * m2[2],
        m1[2] * m2[1] + m1[3] * m2[3],
        m1[4] * m2[0] + m1[5] * m2[2] + m2[4],
        m1[4] * m2[1] + m1[5] * m2[3] + m2[5],
    ]
}

pub fn apply(m: &Matrix, x: f32, y: f32) -> (f32, f32) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

/// One shown glyph in page space.
#[derive(Debug, Clone, Copy)]
pub struct Glyph {
    pub x0: f32,
    pub x1: f32,
    /// Baseline.
    pub y: f32,
    /// Effective font size (text height in page units).
    pub size: f32,
    /// Byte range of the glyph's text in [`Page::text`].
    pub start: u32,
    pub len: u16,
    /// The code was a space (its text is not kept, only the gap it makes).
    pub space: bool,
    /// Writing direction in page space: 0 right, 1 up, 2 left, 3 down.
    pub dir: u8,
    /// Origin and end of the advance in page space (to turn rotated text upright).
    pub origin: (f32, f32),
    pub end: (f32, f32),
}

impl Glyph {
    /// A left-to-right glyph (also used by tests and synthesized annotation text).
    pub fn upright(x0: f32, x1: f32, y: f32, size: f32, start: u32, len: u16, space: bool) -> Self {
        Glyph {
            x0,
            x1,
            y,
            size,
            start,
            len,
            space,
            dir: 0,
            origin: (x0, y),
            end: (x1, y),
        }
    }
}

/// Skewed text (a diagonal "BẢN SAO" watermark): not part of any line.
pub const SKEWED: u8 = 255;

/// Direction of a vector, in quarter turns, or [`SKEWED`] when it is more than ~10° off an
/// axis.
pub fn direction(dx: f32, dy: f32) -> u8 {
    if dx.abs().min(dy.abs()) > 0.18 * dx.abs().max(dy.abs()) {
        return SKEWED;
    }
    if dx.abs() >= dy.abs() {
        if dx >= 0.0 { 0 } else { 2 }
    } else if dy > 0.0 {
        1
    } else {
        3
    }
}

/// Glyphs of one page plus what the page told us on the way.
#[derive(Debug, Default)]
pub struct Page {
    pub glyphs: Vec<Glyph>,
    pub text: String,
    pub unmapped: usize,
    pub images: usize,
    /// Image XObjects drawn on the page with the CTM that places them (for OCR).
    pub placed: Vec<(lopdf::ObjectId, Matrix)>,
    /// Baseline step (in sizes) beyond which a blank line marks a new paragraph, when the
    /// page's own line spacing says it (OCR words: see `ocr::paragraph_step`); else the
    /// layout's default.
    pub para_step: Option<f32>,
}

impl Page {
    pub fn glyph_text(&self, g: &Glyph) -> &str {
        let s = g.start as usize;
        self.text.get(s..s + g.len as usize).unwrap_or("")
    }
}

#[derive(Clone)]
struct GState {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    size: f32,
    char_spacing: f32,
    word_spacing: f32,
    hscale: f32,
    leading: f32,
    rise: f32,
}

impl Default for GState {
    fn default() -> Self {
        GState {
            ctm: IDENTITY,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            hscale: 1.0,
            leading: 0.0,
            rise: 0.0,
        }
    }
}

/// Limits against hostile files.
const MAX_FORM_DEPTH: usize = 12;
const MAX_OPS_PER_PAGE: usize = 2_000_000;
const MAX_GLYPHS_PER_PAGE: usize = 500_000;
const MAX_STREAM_BYTES: usize = 64 << 20;

/// Interprets content streams of one page (and the annotation appearances placed on it).
pub struct Interpreter<'d> {
    doc: &'d Document,
    fonts: &'d mut HashMap<usize, Rc<Font>>,
    pub page: Page,
    ops: usize,
    form_stack: Vec<ObjectId>,
    /// A content stream stopped at a token it could not read (an integer beyond i64, a
    /// broken operator): the rest of that stream is lost, which the reader must say.
    pub damaged: bool,
    /// The file's time budget, asked every few thousand operators.
    clock: Option<crate::limits::Budget>,
    /// The budget ran out: the page is incomplete and the file must become an error.
    pub expired: bool,
}

impl<'d> Interpreter<'d> {
    /// Stops running content streams once `clock`'s time is up (sets [`Interpreter::expired`]).
    pub fn with_clock(mut self, clock: &crate::limits::Budget) -> Self {
        self.clock = Some(clock.clone());
        self
    }

    pub fn new(doc: &'d Document, fonts: &'d mut HashMap<usize, Rc<Font>>) -> Self {
        Interpreter {
            doc,
            fonts,
            page: Page::default(),
            ops: 0,
            damaged: false,
            form_stack: Vec::new(),
            clock: None,
            expired: false,
        }
    }

    /// Runs `content` with `resources` under `ctm`.
    pub fn run(&mut self, content: &[u8], resources: Option<&Dictionary>, ctm: Matrix) {
        let mut gs = GState {
            ctm,
            ..GState::default()
        };
        self.run_with(content, resources, &mut gs, 0);
    }

    fn run_with(
        &mut self,
        content: &[u8],
        resources: Option<&Dictionary>,
        gs: &mut GState,
        depth: usize,
    ) {
        let mut stack: Vec<GState> = Vec::new();
        let mut tm = IDENTITY;
        let mut tlm = IDENTITY;
        // lopdf's iterator ends quietly at a token it cannot read (an integer beyond i64):
        // a stream whose last operator is not its last token was cut short.
        let tail = content.trim_ascii_end();
        let mut at_end = tail.is_empty();
        let mut limited = false;
        for op in Content::decode_iter(content) {
            // A damaged stream keeps what was read before the damage.
            let Ok(op) = op else {
                self.damaged = true;
                break;
            };
            self.ops += 1;
            if self.expired
                || (self.ops.is_multiple_of(crate::limits::CHECK_EVERY)
                    && self.clock.as_ref().is_some_and(|c| c.expired()))
            {
                self.expired = true;
                break;
            }
            if self.ops > MAX_OPS_PER_PAGE || self.page.glyphs.len() > MAX_GLYPHS_PER_PAGE {
                limited = true;
                break;
            }
            at_end = tail.ends_with(op.operator.as_bytes());
            let a = &op.operands;
            let f = |i: usize| a.get(i).and_then(as_num).unwrap_or(0.0);
            match op.operator.as_str() {
                "q" if stack.len() < 256 => stack.push(gs.clone()),
                "Q" => {
                    if let Some(s) = stack.pop() {
                        *gs = s;
                    }
                }
                "cm" if a.len() >= 6 => {
                    let m = [f(0), f(1), f(2), f(3), f(4), f(5)];
                    gs.ctm = mul(&m, &gs.ctm);
                }
                "BT" => {
                    tm = IDENTITY;
                    tlm = IDENTITY;
                }
                "Tf" if a.len() >= 2 => {
                    gs.size = f(1);
                    gs.font = a[0].as_name().ok().map(|name| self.font(resources, name));
                }
                "Tc" => gs.char_spacing = f(0),
                "Tw" => gs.word_spacing = f(0),
                "Tz" => gs.hscale = f(0) / 100.0,
                "TL" => gs.leading = f(0),
                "Ts" => gs.rise = f(0),
                "Td" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, f(0), f(1)], &tlm);
                    tm = tlm;
                }
                "TD" => {
                    gs.leading = -f(1);
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, f(0), f(1)], &tlm);
                    tm = tlm;
                }
                "Tm" if a.len() >= 6 => {
                    tlm = [f(0), f(1), f(2), f(3), f(4), f(5)];
                    tm = tlm;
                }
                "T*" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading], &tlm);
                    tm = tlm;
                }
                "Tj" => {
                    if let Some(Object::String(s, _)) = a.first() {
                        self.show(s, gs, &mut tm);
                    }
                }
                "'" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading], &tlm);
                    tm = tlm;
                    if let Some(Object::String(s, _)) = a.first() {
                        self.show(s, gs, &mut tm);
                    }
                }
                "\"" => {
                    gs.word_spacing = f(0);
                    gs.char_spacing = f(1);
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading], &tlm);
                    tm = tlm;
                    if let Some(Object::String(s, _)) = a.get(2) {
                        self.show(s, gs, &mut tm);
                    }
                }
                "TJ" => {
                    if let Some(Object::Array(items)) = a.first() {
                        for item in items {
                            match item {
                                Object::String(s, _) => self.show(s, gs, &mut tm),
                                o => {
                                    if let Some(n) = as_num(o) {
                                        let tx = -n / 1000.0 * gs.size * gs.hscale;
                                        tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &tm);
                                    }
                                }
                            }
                        }
                    }
                }
                "Do" => {
                    if let Some(name) = a.first().and_then(|o| o.as_name().ok()) {
                        self.do_xobject(resources, name, gs, depth);
                    }
                }
                "BI" | "EI" => self.page.images += 1,
                _ => {}
            }
        }
        if !at_end && !limited {
            self.damaged = true;
        }
    }

    fn font(&mut self, resources: Option<&Dictionary>, name: &[u8]) -> Rc<Font> {
        let doc = self.doc;
        let found = resources
            .and_then(|r| r.get_deref(b"Font", doc).ok())
            .and_then(|o| o.as_dict().ok())
            .and_then(|fonts| fonts.get(name).ok())
            .and_then(|o| doc.dereference(o).ok());
        let Some((_, Object::Dictionary(dict))) = found else {
            return self
                .fonts
                .entry(0)
                .or_insert_with(|| Rc::new(Font::fallback()))
                .clone();
        };
        let key = dict as *const Dictionary as usize;
        self.fonts
            .entry(key)
            .or_insert_with(|| Rc::new(Font::load(doc, dict)))
            .clone()
    }

    fn do_xobject(
        &mut self,
        resources: Option<&Dictionary>,
        name: &[u8],
        gs: &GState,
        depth: usize,
    ) {
        let doc = self.doc;
        let Some(obj) = resources
            .and_then(|r| r.get_deref(b"XObject", doc).ok())
            .and_then(|o| o.as_dict().ok())
            .and_then(|x| x.get(name).ok())
        else {
            return;
        };
        let id = obj.as_reference().ok();
        let Ok((_, Object::Stream(stream))) = doc.dereference(obj) else {
            return;
        };
        match stream.dict.get(b"Subtype").and_then(Object::as_name) {
            Ok(b"Image") => {
                self.page.images += 1;
                if let Some(id) = id
                    && self.page.placed.len() < 64
                {
                    self.page.placed.push((id, gs.ctm));
                }
            }
            Ok(b"Form") => {
                if depth >= MAX_FORM_DEPTH {
                    return;
                }
                if let Some(id) = id {
                    if self.form_stack.contains(&id) {
                        return;
                    }
                    self.form_stack.push(id);
                }
                let matrix = stream
                    .dict
                    .get_deref(b"Matrix", doc)
                    .ok()
                    .and_then(matrix_of)
                    .unwrap_or(IDENTITY);
                let own = stream
                    .dict
                    .get_deref(b"Resources", doc)
                    .ok()
                    .and_then(|o| o.as_dict().ok());
                if let Ok(content) = stream.get_plain_content_with_limit(MAX_STREAM_BYTES) {
                    let mut inner = gs.clone();
                    inner.ctm = mul(&matrix, &gs.ctm);
                    self.run_with(&content, own.or(resources), &mut inner, depth + 1);
                }
                if id.is_some() {
                    self.form_stack.pop();
                }
            }
            _ => {}
        }
    }

    fn show(&mut self, bytes: &[u8], gs: &GState, tm: &mut Matrix) {
        let Some(font) = gs.font.clone() else {
            return;
        };
        let mut i = 0;
        while i < bytes.len() {
            let (code, len) = font.next_code(&bytes[i..]);
            i += len.max(1);
            let w0 = font.width(code);
            let trm = mul(
                &[gs.size * gs.hscale, 0.0, 0.0, gs.size, 0.0, gs.rise],
                &mul(tm, &gs.ctm),
            );
            // Positions on the baseline without the rise (Ts): a superscript footnote mark
            // stays in its line.
            let m = mul(tm, &gs.ctm);
            let (x0, y0) = apply(&trm, 0.0, 0.0);
            let (x0, y0) = (x0 - gs.rise * m[2], y0 - gs.rise * m[3]);
            let (x1, y1) = apply(&trm, w0, 0.0);
            let (x1, y1) = (x1 - gs.rise * m[2], y1 - gs.rise * m[3]);
            let size = (trm[2] * trm[2] + trm[3] * trm[3]).sqrt();
            let start = self.page.text.len();
            let mapped = font.text_into(code, len, &mut self.page.text);
            let is_space = font.word_space_applies(len, code)
                || (mapped && self.page.text[start..].chars().all(char::is_whitespace));
            if is_space {
                self.page.text.truncate(start);
            } else if !mapped {
                self.page.unmapped += 1;
            }
            if mapped || is_space {
                let len_text = (self.page.text.len() - start).min(u16::MAX as usize) as u16;
                self.page.glyphs.push(Glyph {
                    x0: x0.min(x1),
                    x1: x0.max(x1),
                    y: y0,
                    size,
                    start: start as u32,
                    len: len_text,
                    space: is_space,
                    dir: direction(trm[0], trm[1]),
                    origin: (x0, y0),
                    end: (x1, y1),
                });
            }
            let ws = if font.word_space_applies(len, code) {
                gs.word_spacing
            } else {
                0.0
            };
            let tx = (w0 * gs.size + gs.char_spacing + ws) * gs.hscale;
            *tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], tm);
        }
    }
}

fn as_num(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

pub fn matrix_of(o: &Object) -> Option<Matrix> {
    let a = o.as_array().ok()?;
    if a.len() < 6 {
        return None;
    }
    let mut m = IDENTITY;
    for (k, v) in a.iter().take(6).enumerate() {
        m[k] = as_num(v)?;
    }
    Some(m)
}

pub fn rect_of(doc: &Document, o: &Object) -> Option<[f32; 4]> {
    let a = doc.dereference(o).ok()?.1.as_array().ok()?;
    if a.len() < 4 {
        return None;
    }
    let mut r = [0.0; 4];
    for (k, v) in a.iter().take(4).enumerate() {
        r[k] = as_num(doc.dereference(v).ok()?.1)?;
    }
    Some([
        r[0].min(r[2]),
        r[1].min(r[3]),
        r[0].max(r[2]),
        r[1].max(r[3]),
    ])
}
