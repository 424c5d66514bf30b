//! Page images of scanned PDFs, taken out as embedded — no rendering.
//!
//! Why: rendering a page with poppler costs ≈ 1.3 s, more than half of what the OCR itself
//! costs, while office scanners put one image per page (CCITT G4, JPEG, JBIG2) that is the
//! page. The page's biggest image is taken with its placement: the image matrix (a picture
//! drawn turned) and `/Rotate` together say how many quarter turns make it upright, and its
//! drawn width gives its resolution.

use lopdf::{Dictionary, Document, Object};

use super::interp::{IDENTITY, Interpreter, Matrix};
use super::{MAX_PAGE_CONTENT, MAX_PAGES, page_resources};
use crate::ocr::image::Ccitt;
use crate::ocr::{PageImage, Source};

/// One page as OCR sees it.
#[derive(Debug)]
pub struct ScanPage {
    /// The page has visible text of its own (it is not a scan).
    pub has_text: bool,
    /// Its biggest image, if it can be taken out.
    pub image: Option<PageImage>,
}

/// Every page of `bytes` with its main image.
pub fn scan_pages(bytes: &[u8]) -> Result<Vec<ScanPage>, crate::ReadError> {
    let mut warns = Vec::new();
    let doc = super::load(bytes, &mut warns)?;
    let pages = doc.get_pages();
    let mut fonts = std::collections::HashMap::new();
    let mut out = Vec::with_capacity(pages.len());
    for (_, &page_id) in pages.iter().take(MAX_PAGES) {
        let Ok(page_dict) = doc.get_dictionary(page_id) else {
            out.push(ScanPage {
                has_text: false,
                image: None,
            });
            continue;
        };
        let resources = page_resources(&doc, page_dict);
        let content = doc
            .get_page_content_with_limit(page_id, MAX_PAGE_CONTENT)
            .unwrap_or_default();
        let mut interp = Interpreter::new(&doc, &mut fonts);
        interp.run(&content, resources, IDENTITY);
        let page = std::mem::take(&mut interp.page);
        drop(interp);
        let has_text = page.glyphs.iter().any(|g| !g.space);
        let rotate = inherited_rotate(&doc, page_dict);
        let image = page
            .placed
            .iter()
            .filter_map(|(id, ctm)| {
                let area = (ctm[0] * ctm[3] - ctm[1] * ctm[2]).abs();
                Some((area, *id, *ctm)).filter(|_| area > 1.0)
            })
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .and_then(|(_, id, ctm)| page_image(&doc, id, &ctm, rotate));
        out.push(ScanPage { has_text, image });
    }
    Ok(out)
}

fn inherited_rotate(doc: &Document, page: &Dictionary) -> i64 {
    let mut node = page;
    for _ in 0..64 {
        if let Ok(r) = node.get_deref(b"Rotate", doc).and_then(Object::as_i64) {
            return r;
        }
        match node.get_deref(b"Parent", doc).and_then(Object::as_dict) {
            Ok(p) => node = p,
            Err(_) => break,
        }
    }
    0
}

/// Quarter turns clockwise that make an image drawn with `ctm` on a page shown with
/// `/Rotate rotate` upright. The image's "up" (its first row) is the unit square's y axis.
pub(crate) fn upright_turns(ctm: &Matrix, rotate: i64) -> u32 {
    let (c, d) = (ctm[2], ctm[3]);
    let from_matrix = if d.abs() >= c.abs() {
        if d >= 0.0 { 0 } else { 2 }
    } else if c > 0.0 {
        // Up points right: the picture is shown turned a quarter clockwise from how it is
        // stored, so it is turned so too (s09's scanner stores the page lying on its side).
        1
    } else {
        3
    };
    let page = (rotate.rem_euclid(360) / 90) as u32;
    (from_matrix + page) % 4
}

fn page_image(doc: &Document, id: lopdf::ObjectId, ctm: &Matrix, rotate: i64) -> Option<PageImage> {
    let stream = doc.get_object(id).ok()?.as_stream().ok()?;
    let dict = &stream.dict;
    let num = |k: &[u8]| dict.get_deref(k, doc).ok().and_then(|o| o.as_i64().ok());
    let width = u32::try_from(num(b"Width")?).ok()?;
    let height = u32::try_from(num(b"Height")?).ok()?;
    let filters: Vec<Vec<u8>> = stream
        .filters()
        .unwrap_or_default()
        .into_iter()
        .map(<[u8]>::to_vec)
        .collect();
    let parms = decode_parms(doc, dict);
    let invert = dict
        .get_deref(b"Decode", doc)
        .and_then(Object::as_array)
        .ok()
        .and_then(|a| a.first().and_then(|o| o.as_float().ok()))
        .is_some_and(|first| first > 0.5);
    let raw = || stream.content.clone();
    let source = match filters.last().map(Vec::as_slice) {
        Some(b"DCTDecode") if filters.len() == 1 => Source::Encoded(raw()),
        Some(b"CCITTFaxDecode") if filters.len() == 1 => {
            let p = parms.as_ref();
            let pn = |k: &[u8], d: i64| {
                p.and_then(|p| p.get_deref(k, doc).ok())
                    .and_then(|o| o.as_i64().ok())
                    .unwrap_or(d)
            };
            let pb = |k: &[u8]| {
                p.and_then(|p| p.get_deref(k, doc).ok())
                    .and_then(|o| o.as_bool().ok())
                    .unwrap_or(false)
            };
            Source::Ccitt(
                raw(),
                Ccitt {
                    k: pn(b"K", 0),
                    columns: u32::try_from(pn(b"Columns", 1728)).ok()?,
                    rows: u32::try_from(pn(b"Rows", i64::from(height))).ok()?,
                    black_is_1: pb(b"BlackIs1"),
                    byte_align: pb(b"EncodedByteAlign"),
                    end_of_block: p
                        .and_then(|p| p.get(b"EndOfBlock").ok())
                        .and_then(|o| o.as_bool().ok())
                        .unwrap_or(true),
                },
                invert,
            )
        }
        Some(b"JBIG2Decode") if filters.len() == 1 => {
            let globals = parms
                .as_ref()
                .and_then(|p| p.get_deref(b"JBIG2Globals", doc).ok())
                .and_then(|o| o.as_stream().ok())
                .and_then(|s| {
                    s.decompressed_content()
                        .ok()
                        .or_else(|| Some(s.content.clone()))
                });
            Source::Jbig2(raw(), globals, invert)
        }
        None | Some(b"FlateDecode" | b"LZWDecode") => {
            let bpc = num(b"BitsPerComponent").unwrap_or(8);
            let comps = color_components(doc, dict)?;
            let data = stream
                .get_plain_content_with_limit(MAX_PAGE_CONTENT * 4)
                .ok()?;
            Source::Raw {
                data,
                width,
                height,
                bpc: u32::try_from(bpc).ok()?,
                components: comps,
                invert,
            }
        }
        _ => return None,
    };
    // Resolution along the image's own x axis (its width is drawn along the matrix's a, b).
    let drawn_pt = ctm[0].hypot(ctm[1]).max(1.0);
    let dpi = (width as f32 / (drawn_pt / 72.0))
        .round()
        .clamp(70.0, 1200.0) as u32;
    let turns = upright_turns(ctm, rotate);
    Some(PageImage::new(source, dpi, turns))
}

fn decode_parms(doc: &Document, dict: &Dictionary) -> Option<Dictionary> {
    match dict.get_deref(b"DecodeParms", doc).ok()? {
        Object::Dictionary(d) => Some(d.clone()),
        Object::Array(a) => a.iter().rev().find_map(|o| {
            doc.dereference(o)
                .ok()
                .and_then(|(_, o)| o.as_dict().ok().cloned())
        }),
        _ => None,
    }
}

/// Channels of the image's colour space (grey 1, RGB 3); others are not read.
fn color_components(doc: &Document, dict: &Dictionary) -> Option<u32> {
    if dict
        .get(b"ImageMask")
        .and_then(Object::as_bool)
        .unwrap_or(false)
    {
        return Some(1);
    }
    let cs = dict.get_deref(b"ColorSpace", doc).ok()?;
    let name = match cs {
        Object::Name(n) => n.clone(),
        Object::Array(a) => {
            let first = a.first()?.as_name().ok()?.to_vec();
            if first == b"ICCBased" {
                let n = a
                    .get(1)
                    .and_then(|o| doc.dereference(o).ok())
                    .and_then(|(_, o)| o.as_stream().ok())
                    .and_then(|s| s.dict.get(b"N").and_then(Object::as_i64).ok())?;
                return u32::try_from(n).ok().filter(|n| *n == 1 || *n == 3);
            }
            first
        }
        _ => return None,
    };
    match name.as_slice() {
        b"DeviceGray" | b"CalGray" | b"G" => Some(1),
        b"DeviceRGB" | b"CalRGB" | b"RGB" => Some(3),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turns_from_matrix_and_rotate() {
        let upright = [600.0, 0.0, 0.0, 800.0, 0.0, 0.0];
        assert_eq!(upright_turns(&upright, 0), 0);
        assert_eq!(upright_turns(&upright, 270), 3);
        assert_eq!(upright_turns(&upright, -90), 3);
        assert_eq!(upright_turns(&upright, 90), 1);
        // Drawn a quarter turn counter-clockwise: its up points left.
        let ccw = [0.0, 600.0, -800.0, 0.0, 800.0, 0.0];
        assert_eq!(upright_turns(&ccw, 0), 3);
        // s09's matrix: its up points right.
        let cw = [0.0, -792.0, 571.1, 0.0, 0.0, 792.0];
        assert_eq!(upright_turns(&cw, 0), 1);
        let upside_down = [-600.0, 0.0, 0.0, -800.0, 600.0, 800.0];
        assert_eq!(upright_turns(&upside_down, 0), 2);
    }

    /// Where the point `(u, v)` of an image's unit square is seen when the page is shown:
    /// (right of the image's middle, above it), the page turned `/Rotate` clockwise.
    fn seen_at(m: &Matrix, rotate: i64, u: f32, v: f32) -> (bool, bool) {
        let at = |u: f32, v: f32| (m[0] * u + m[2] * v + m[4], m[1] * u + m[3] * v + m[5]);
        let ((x, y), (cx, cy)) = (at(u, v), at(0.5, 0.5));
        let (mut dx, mut dy) = (x - cx, y - cy);
        for _ in 0..rotate.rem_euclid(360) / 90 {
            // A quarter turn clockwise, y up: what was above is now on the right.
            (dx, dy) = (dy, -dx);
        }
        (dx > 0.0, dy > 0.0)
    }

    /// Turning the stored pixels by `upright_turns` puts each corner of the picture where the
    /// page shows it, for every way an image can be drawn turned and every `/Rotate`: the
    /// geometry itself is the expectation, not a table of answers.
    #[test]
    fn turned_pixels_land_where_the_page_shows_them() {
        use crate::ocr::image::Gray;
        // 3 × 2 pixels, each its own value: row 0 is the picture's top.
        let stored = Gray {
            width: 3,
            height: 2,
            data: vec![1, 2, 3, 4, 5, 6],
        };
        let (w, h) = (600.0, 800.0);
        let matrices: [Matrix; 4] = [
            [w, 0.0, 0.0, h, 0.0, 0.0],
            [0.0, w, -h, 0.0, h, 0.0],
            [0.0, -w, h, 0.0, 0.0, w],
            [-w, 0.0, 0.0, -h, w, h],
        ];
        for m in &matrices {
            for rotate in [0, 90, 180, 270, -90] {
                let turned = stored.rotate_cw(upright_turns(m, rotate));
                let (tw, th) = (turned.width as usize, turned.height as usize);
                // The stored top-left (unit square (0, 1)) and top-right ((1, 1)) pixels.
                for (value, u, v) in [(1u8, 0.0, 1.0), (3u8, 1.0, 1.0)] {
                    let at = turned.data.iter().position(|&p| p == value).unwrap();
                    let (x, y) = (at % tw, at / tw);
                    let got = (2 * x + 1 > tw, 2 * y + 1 < th);
                    assert_eq!(
                        got,
                        seen_at(m, rotate, u, v),
                        "matrix {m:?}, /Rotate {rotate}, pixel {value}"
                    );
                }
            }
        }
    }
}
