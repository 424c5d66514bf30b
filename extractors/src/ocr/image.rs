//! Page images as 8-bit grey pixels: decoded from what a scan embeds (JPEG, CCITT G3/G4,
//! JBIG2, raw Flate samples) or from an image file (JPEG, PNG, TIFF with all its pages),
//! turned upright, cropped to a band and written as PGM for Tesseract.
//!
//! Why decode ourselves instead of handing the file to Tesseract: the header band of page 1
//! is enough for the record (a quarter of the OCR time), and cropping needs pixels; a
//! rotated page (`/Rotate 270`, an image matrix that turns the picture) must be turned
//! upright first, since Tesseract's LSTM model reads upright lines only.

use std::io::Cursor;

/// An 8-bit grey image (0 black, 255 white), rows top to bottom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gray {
    pub width: u32,
    pub height: u32,
    pub data: Vec<u8>,
}

/// Images larger than this (pixels) are refused: a hostile file could declare a huge size.
const MAX_PIXELS: u64 = 120_000_000;

impl Gray {
    pub fn new(width: u32, height: u32, fill: u8) -> Option<Gray> {
        let n = u64::from(width) * u64::from(height);
        if width == 0 || height == 0 || n > MAX_PIXELS {
            return None;
        }
        Some(Gray {
            width,
            height,
            data: vec![fill; n as usize],
        })
    }

    /// Turned by `quarter_turns` × 90° clockwise.
    pub fn rotate_cw(&self, quarter_turns: u32) -> Gray {
        let (w, h) = (self.width as usize, self.height as usize);
        match quarter_turns % 4 {
            0 => self.clone(),
            2 => Gray {
                width: self.width,
                height: self.height,
                data: self.data.iter().rev().copied().collect(),
            },
            k => {
                let mut data = vec![0u8; w * h];
                // New image is h wide, w high.
                for y in 0..h {
                    let row = &self.data[y * w..(y + 1) * w];
                    for (x, &p) in row.iter().enumerate() {
                        let (nx, ny) = if k == 1 {
                            (h - 1 - y, x)
                        } else {
                            (y, w - 1 - x)
                        };
                        data[ny * h + nx] = p;
                    }
                }
                Gray {
                    width: self.height,
                    height: self.width,
                    data,
                }
            }
        }
    }

    /// The rows from `top` to `bottom` (fractions of the height).
    pub fn band(&self, top: f32, bottom: f32) -> Gray {
        let h = self.height as f32;
        let y0 = ((top.clamp(0.0, 1.0) * h) as u32).min(self.height.saturating_sub(1));
        let y1 = ((bottom.clamp(0.0, 1.0) * h).ceil() as u32).clamp(y0 + 1, self.height);
        let w = self.width as usize;
        Gray {
            width: self.width,
            height: y1 - y0,
            data: self.data[y0 as usize * w..y1 as usize * w].to_vec(),
        }
    }

    /// The rectangle from (`left`, `top`) to (`right`, `bottom`), fractions of the width and
    /// the height; at least one pixel.
    pub fn rect(&self, left: f32, top: f32, right: f32, bottom: f32) -> Gray {
        let band = self.band(top, bottom);
        let w = self.width as f32;
        let x0 = ((left.clamp(0.0, 1.0) * w) as u32).min(self.width.saturating_sub(1));
        let x1 = ((right.clamp(0.0, 1.0) * w).ceil() as u32).clamp(x0 + 1, self.width);
        let (bw, nw) = (band.width as usize, (x1 - x0) as usize);
        let mut data = Vec::with_capacity(nw * band.height as usize);
        for row in band.data.chunks_exact(bw) {
            data.extend_from_slice(&row[x0 as usize..x1 as usize]);
        }
        Gray {
            width: x1 - x0,
            height: band.height,
            data,
        }
    }

    /// Binary PGM (P5), which Tesseract reads from standard input.
    pub fn to_pgm(&self) -> Vec<u8> {
        let mut out = format!("P5\n{} {}\n255\n", self.width, self.height).into_bytes();
        out.extend_from_slice(&self.data);
        out
    }
}

/// How colour becomes grey.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grey {
    /// Luminance: what the eye sees.
    Luma,
    /// The red channel: red ink drops out (see [`seal_free`]).
    SealFree,
}

/// The grey OCR reads for a colour pixel in the signature zone: its red channel, which
/// drops the seal.
///
/// Why: the seal is stamped in red ink (Nghị định 30/2020/NĐ-CP, Điều 33: "mực dấu màu
/// đỏ") across the signer's title, signature and name; in luminance its rings, star and
/// lettering are dark enough to bury the printed name (the corpus scan s08's "Thạch Cảnh
/// Minh Vũ" came out "Cảnh Minh Vũ", s06's not at all). In the red channel red ink is as
/// light as the paper, while black type and blue or black signatures stay dark. Only the
/// signature zone is read so: elsewhere on the page, red is text (a Party document's
/// header, a red number written in by hand) and the header band read worse without it.
pub fn seal_free(r: u8, g: u8, b: u8) -> u8 {
    let l = i32::from(luma(r, g, b));
    // How much redder than green and blue: red ink 150+, paper, type and blue ink near 0,
    // warm light on a phone photo or yellowed paper 20–40. Below 20 the pixel stays as the
    // eye sees it, above 60 it takes its red channel, in between a blend (no hard edge
    // around the seal's strokes for the engine to read as marks).
    let redness = i32::from(r) - i32::from(g.max(b));
    let share = (redness - 20).clamp(0, 40);
    (l + (i32::from(r) - l) * share / 40) as u8
}

/// Whether an encoded image (JPEG, PNG, …) has colour, from its header only.
pub fn encoded_has_colour(bytes: &[u8]) -> bool {
    use image::ImageDecoder;
    image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .ok()
        .and_then(|r| r.into_decoder().ok())
        .is_some_and(|d| d.color_type().has_color())
}

/// How an image file asks to be shown (its EXIF orientation; header only).
///
/// Why: a phone stores the sensor's pixels as they fall and says in EXIF how to turn them: a
/// page photographed holding the phone upright is stored lying on its side with "turn 90°
/// clockwise". Viewers obey it, so the user sees an upright page; read as stored, the OCR
/// reads it sideways (junk, and turning it round does not help). Images inside a PDF keep
/// their pixels as drawn: PDF viewers ignore EXIF there, so only image files ask this.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileOrientation {
    /// Quarter turns clockwise that make it upright (0 for most files).
    Turns(u32),
    /// Mirrored as well (EXIF 2, 4, 5, 7: no camera writes them, editors can): decode with
    /// [`from_encoded_oriented`].
    Mirrored,
}

/// [`FileOrientation`] of an encoded image file; upright when it says nothing or cannot
/// be read.
pub fn file_orientation(bytes: &[u8]) -> FileOrientation {
    use image::ImageDecoder;
    use image::metadata::Orientation as O;
    let orientation = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .ok()
        .and_then(|r| r.into_decoder().ok())
        .and_then(|mut d| d.orientation().ok());
    match orientation {
        None | Some(O::NoTransforms) => FileOrientation::Turns(0),
        Some(O::Rotate90) => FileOrientation::Turns(1),
        Some(O::Rotate180) => FileOrientation::Turns(2),
        Some(O::Rotate270) => FileOrientation::Turns(3),
        Some(O::FlipHorizontal | O::FlipVertical | O::Rotate90FlipH | O::Rotate270FlipH) => {
            FileOrientation::Mirrored
        }
    }
}

/// [`from_encoded`] shown as its EXIF orientation says, mirroring included.
pub fn from_encoded_oriented(bytes: &[u8]) -> Result<Gray, String> {
    use image::ImageDecoder;
    let mut decoder = limited_reader(bytes)?
        .into_decoder()
        .map_err(|e| e.to_string())?;
    let orientation = decoder.orientation().map_err(|e| e.to_string())?;
    let mut img = image::DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    img.apply_orientation(orientation);
    let g = img.into_luma8();
    Ok(Gray {
        width: g.width(),
        height: g.height(),
        data: g.into_raw(),
    })
}

/// A reader of `bytes` whose decoding may allocate no more than [`MAX_PIXELS`] allow.
fn limited_reader(bytes: &[u8]) -> Result<image::ImageReader<Cursor<&[u8]>>, String> {
    let mut reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 4);
    reader.limits(limits);
    Ok(reader)
}

/// Decodes a JPEG, PNG or other single image the `image` crate reads.
pub fn from_encoded(bytes: &[u8]) -> Result<Gray, String> {
    from_encoded_as(bytes, Grey::Luma)
}

/// [`from_encoded`], colour made grey as `grey` says.
pub fn from_encoded_as(bytes: &[u8], grey: Grey) -> Result<Gray, String> {
    let img = limited_reader(bytes)?.decode().map_err(|e| e.to_string())?;
    let g = if grey == Grey::SealFree && img.color().has_color() {
        let rgb = img.into_rgb8();
        let (width, height) = rgb.dimensions();
        let data = rgb.pixels().map(|p| seal_free(p[0], p[1], p[2])).collect();
        image::GrayImage::from_raw(width, height, data).ok_or("image size")?
    } else {
        img.into_luma8()
    };
    Ok(Gray {
        width: g.width(),
        height: g.height(),
        data: g.into_raw(),
    })
}

/// Every page of a TIFF (office scanners write one multi-page TIFF per document).
pub fn tiff_pages(bytes: &[u8]) -> Result<Vec<Gray>, String> {
    use tiff::decoder::{Decoder, DecodingResult, Limits};
    let mut dec = Decoder::new(Cursor::new(bytes))
        .map_err(|e| e.to_string())?
        .with_limits(Limits::default());
    let mut pages = Vec::new();
    loop {
        let (w, h) = dec.dimensions().map_err(|e| e.to_string())?;
        let color = dec.colortype().map_err(|e| e.to_string())?;
        let img = dec.read_image().map_err(|e| e.to_string())?;
        let photometric_white_zero = matches!(
            dec.get_tag_u32(tiff::tags::Tag::PhotometricInterpretation),
            Ok(0)
        );
        if let Some(g) = tiff_to_gray(w, h, color, img, photometric_white_zero) {
            pages.push(g);
        }
        if !dec.more_images() || pages.len() >= 2000 {
            break;
        }
        dec.next_image().map_err(|e| e.to_string())?;
    }
    if pages.is_empty() {
        return Err("no readable page in the TIFF".to_owned());
    }
    return Ok(pages);

    fn tiff_to_gray(
        w: u32,
        h: u32,
        color: tiff::ColorType,
        img: DecodingResult,
        white_zero: bool,
    ) -> Option<Gray> {
        use tiff::ColorType as C;
        let DecodingResult::U8(buf) = img else {
            return None;
        };
        let mut g = Gray::new(w, h, 255)?;
        let (wu, hu) = (w as usize, h as usize);
        match color {
            C::Gray(1) => {
                let stride = wu.div_ceil(8);
                for y in 0..hu {
                    for x in 0..wu {
                        let byte = *buf.get(y * stride + x / 8)?;
                        let bit = (byte >> (7 - (x % 8))) & 1;
                        // BlackIsZero: 0 is black; WhiteIsZero: 1 is black.
                        let black = if white_zero { bit == 1 } else { bit == 0 };
                        g.data[y * wu + x] = if black { 0 } else { 255 };
                    }
                }
            }
            C::Gray(8) => {
                for (d, s) in g.data.iter_mut().zip(buf.iter()) {
                    *d = if white_zero { 255 - s } else { *s };
                }
            }
            C::RGB(8) | C::RGBA(8) => {
                let n = if matches!(color, C::RGB(_)) { 3 } else { 4 };
                for (d, px) in g.data.iter_mut().zip(buf.chunks_exact(n)) {
                    *d = luma(px[0], px[1], px[2]);
                }
            }
            _ => return None,
        }
        Some(g)
    }
}

fn luma(r: u8, g: u8, b: u8) -> u8 {
    ((u32::from(r) * 299 + u32::from(g) * 587 + u32::from(b) * 114) / 1000) as u8
}

/// CCITT fax data as PDF's `/CCITTFaxDecode` describes it (`K`, `Columns`, `Rows`,
/// `BlackIs1`, `EncodedByteAlign`).
pub struct Ccitt {
    pub k: i64,
    pub columns: u32,
    pub rows: u32,
    pub black_is_1: bool,
    pub byte_align: bool,
    pub end_of_block: bool,
}

pub fn from_ccitt(data: &[u8], p: &Ccitt) -> Option<Gray> {
    use hayro_ccitt::{DecodeSettings, DecoderContext, EncodingMode};
    struct Rows {
        width: u32,
        black: u8,
        white: u8,
        data: Vec<u8>,
        max_rows: usize,
    }
    impl hayro_ccitt::Decoder for Rows {
        fn push_row(&mut self, changes: &[u32]) {
            if self.data.len() / self.width as usize >= self.max_rows {
                return;
            }
            let start = self.data.len();
            self.data.resize(start + self.width as usize, self.white);
            let row = &mut self.data[start..];
            for pair in changes.chunks(2) {
                let a = pair[0].min(self.width) as usize;
                let b = pair.get(1).copied().unwrap_or(self.width).min(self.width) as usize;
                row[a..b.max(a)].fill(self.black);
            }
        }
    }
    if p.columns == 0 || u64::from(p.columns) * u64::from(p.rows.max(1)) > MAX_PIXELS {
        return None;
    }
    let encoding = match p.k {
        k if k < 0 => EncodingMode::Group4,
        0 => EncodingMode::Group3_1D,
        _ => EncodingMode::Group3_2D,
    };
    let settings = DecodeSettings {
        columns: p.columns,
        rows: p.rows,
        end_of_block: p.end_of_block,
        end_of_line: false,
        rows_are_byte_aligned: p.byte_align,
        encoding,
        strict: false,
    };
    let max_rows = if p.rows > 0 {
        p.rows as usize
    } else {
        (MAX_PIXELS / u64::from(p.columns)) as usize
    };
    // Decoded "black" runs are 1-bits; with BlackIs1 false (the default) a 0 bit is black in
    // the PDF's sample space, which is what the fax codes call black.
    let (black, white) = if p.black_is_1 { (255, 0) } else { (0, 255) };
    let mut sink = Rows {
        width: p.columns,
        black,
        white,
        data: Vec::new(),
        max_rows,
    };
    let mut ctx = DecoderContext::new(settings);
    // A truncated stream still gives the rows decoded so far.
    let _ = hayro_ccitt::decode(data, &mut sink, &mut ctx);
    let height = (sink.data.len() / p.columns as usize) as u32;
    if height == 0 {
        return None;
    }
    sink.data.truncate(height as usize * p.columns as usize);
    Some(Gray {
        width: p.columns,
        height,
        data: sink.data,
    })
}

/// A JBIG2 image embedded in a PDF (Annex D.3), with its `/JBIG2Globals`.
pub fn from_jbig2(data: &[u8], globals: Option<&[u8]>) -> Option<Gray> {
    use hayro_jbig2::{DecodeSettings, Globals, Page};
    struct Pixels {
        data: Vec<u8>,
        row: usize,
        width: usize,
        x: usize,
    }
    impl hayro_jbig2::Decoder for Pixels {
        fn push_pixel(&mut self, black: bool) {
            if self.x < self.width {
                let i = self.row * self.width + self.x;
                if let Some(p) = self.data.get_mut(i) {
                    *p = if black { 0 } else { 255 };
                }
            }
            self.x += 1;
        }
        fn push_pixel_chunk(&mut self, black: bool, chunk_count: u32) {
            for _ in 0..chunk_count * 8 {
                self.push_pixel(black);
            }
        }
        fn next_line(&mut self) {
            self.row += 1;
            self.x = 0;
        }
    }
    let settings = DecodeSettings { strict: false };
    let globals = match globals {
        Some(g) => Some(Globals::new(g, &settings).ok()?),
        None => None,
    };
    let page = Page::new_embedded(data, globals.as_ref(), &settings).ok()?;
    let g = Gray::new(page.width(), page.height(), 255)?;
    let mut sink = Pixels {
        width: g.width as usize,
        data: g.data,
        row: 0,
        x: 0,
    };
    page.decode(&mut sink).ok()?;
    Some(Gray {
        width: g.width,
        height: g.height,
        data: sink.data,
    })
}

/// Raw samples (after Flate/LZW) with `components` colour channels of `bpc` bits; `invert`
/// for a `/Decode [1 0]` array.
pub fn from_raw(
    data: &[u8],
    width: u32,
    height: u32,
    bpc: u32,
    components: u32,
    invert: bool,
    grey: Grey,
) -> Option<Gray> {
    let mut g = Gray::new(width, height, 255)?;
    let (w, h) = (width as usize, height as usize);
    let stride = (w * components as usize * bpc as usize).div_ceil(8);
    if data.len() < stride * h || !(bpc == 1 || bpc == 8) || !(components == 1 || components == 3) {
        return None;
    }
    for y in 0..h {
        let row = &data[y * stride..(y + 1) * stride];
        for x in 0..w {
            let v = match (bpc, components) {
                (1, _) => {
                    if (row[x / 8] >> (7 - x % 8)) & 1 == 1 {
                        255
                    } else {
                        0
                    }
                }
                (_, 1) => row[x],
                _ if grey == Grey::SealFree => {
                    seal_free(row[3 * x], row[3 * x + 1], row[3 * x + 2])
                }
                _ => luma(row[3 * x], row[3 * x + 1], row[3 * x + 2]),
            };
            g.data[y * w + x] = if invert { 255 - v } else { v };
        }
    }
    Some(g)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Gray {
        // 3 wide, 2 high: 0 1 2 / 3 4 5
        Gray {
            width: 3,
            height: 2,
            data: vec![0, 1, 2, 3, 4, 5],
        }
    }

    #[test]
    fn rotations_move_pixels_clockwise() {
        let r = sample().rotate_cw(1);
        assert_eq!((r.width, r.height), (2, 3));
        assert_eq!(r.data, vec![3, 0, 4, 1, 5, 2]);
        let r3 = sample().rotate_cw(3);
        assert_eq!(r3.data, vec![2, 5, 1, 4, 0, 3]);
        assert_eq!(sample().rotate_cw(2).data, vec![5, 4, 3, 2, 1, 0]);
        assert_eq!(sample().rotate_cw(1).rotate_cw(3), sample());
    }

    #[test]
    fn band_keeps_rows() {
        let b = sample().band(0.5, 1.0);
        assert_eq!((b.width, b.height, b.data), (3, 1, vec![3, 4, 5]));
        assert!(sample().to_pgm().starts_with(b"P5\n3 2\n255\n"));
    }

    #[test]
    fn seal_free_grey_drops_red_ink_and_keeps_black_and_blue() {
        // Paper, red seal ink, black type, blue signature ink, a grey stroke.
        let px: [u8; 15] = [
            250, 248, 240, 220, 30, 40, 10, 10, 10, 20, 40, 160, 120, 120, 120,
        ];
        let luma = from_raw(&px, 5, 1, 8, 3, false, Grey::Luma).expect("decodes");
        let free = from_raw(&px, 5, 1, 8, 3, false, Grey::SealFree).expect("decodes");
        // In luminance the seal is as dark as a stroke; seal-free, as light as the paper.
        assert!(luma.data[1] < 100, "{:?}", luma.data);
        assert!(free.data[1] > 200, "{:?}", free.data);
        assert!(free.data[0] > 200);
        // Type and the signature stay dark; neutral grey is unchanged.
        assert!(free.data[2] < 30 && free.data[3] < 60, "{:?}", free.data);
        assert_eq!(free.data[4], luma.data[4]);
    }

    #[test]
    fn raw_one_bit_and_rgb() {
        let g = from_raw(&[0b1010_0000], 3, 1, 1, 1, false, Grey::Luma).expect("decodes");
        assert_eq!(g.data, vec![255, 0, 255]);
        let g = from_raw(&[255, 255, 255, 0, 0, 0], 2, 1, 8, 3, true, Grey::Luma).expect("decodes");
        assert_eq!(g.data, vec![0, 255]);
        assert!(from_raw(&[0], 100, 100, 8, 1, false, Grey::Luma).is_none());
    }
}
