//! OCR of scanned documents and photos.
//!
//! A scan gets a record the same way a text PDF does: its words, with their boxes, go
//! through the PDF layout pass ([`crate::readers::pdf::layout_words`]) and then the same
//! parsers. What is special to OCR lives here:
//!
//! - [`image`]: page images as pixels (embedded JPEG/CCITT/JBIG2/raw samples, image files),
//!   turned upright and cropped.
//! - [`tesseract`]: the engine, through its command line (why: see that module).
//! - [`junk`]: a word-plausibility test that tells a real Vietnamese text layer from the
//!   invisible English-OCR or broken-font layers some scanners leave.
//! - [`repair`]: the field vocabulary (document types, provinces, `Số:`, date phrases,
//!   signing prefixes) repairs what OCR typically garbles, each repair a warning.
//! - [`fallback`]: the number from the file name and the day from the digital signature,
//!   only under strict conditions, each with its own warning.
//!
//! Header first: in [`OcrMode::Header`] only the header band of page 1 and the signature
//! zone of the last page are read (a quarter of the time of full pages), enough for the
//! record. [`OcrMode::Auto`] reads every page in full, for the index and the lists.
//!
//! The cache ([`OcrCache`]) is only an interface here (extraction stays free of I/O besides
//! the engine): the CLI keeps it in the index folder. Keys are the hash of the page image's
//! encoded bytes plus its region and engine settings, so moves, copies and re-ingests never
//! OCR a page twice.

pub mod fallback;
pub mod image;
pub mod junk;
pub mod repair;
pub mod tesseract;

use std::sync::Arc;

use crate::readers::pdf::{WordBox, layout_words};
use image::{Ccitt, Gray};

/// How much OCR to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OcrMode {
    /// No OCR: scans keep `no_text_layer` and no text.
    Off,
    /// Header band of page 1 and the signature zone of the last page only: the record,
    /// fast; the text for the index is partial (warning `ocr_partial`).
    Header,
    /// Every page of a scan in full (record + index text).
    #[default]
    Auto,
    /// As `Auto`, and also image-only pages inside documents that have a text layer.
    Full,
}

impl OcrMode {
    pub fn parse(s: &str) -> Option<OcrMode> {
        Some(match s {
            "off" => OcrMode::Off,
            "header" => OcrMode::Header,
            "auto" => OcrMode::Auto,
            "full" => OcrMode::Full,
            _ => return None,
        })
    }
}

/// Where OCR text is kept between runs (the CLI keeps it in the index folder). Keys are
/// hex strings safe as file names.
pub trait OcrCache: Send + Sync + std::fmt::Debug {
    fn get(&self, key: &str) -> Option<String>;
    fn put(&self, key: &str, text: &str);
}

/// OCR settings carried in [`crate::Options`].
#[derive(Debug, Clone, Default)]
pub struct OcrOptions {
    pub mode: OcrMode,
    pub cache: Option<Arc<dyn OcrCache>>,
}

/// The encoded data of a page image.
#[derive(Debug, Clone)]
pub enum Source {
    /// A JPEG, PNG or other file the `image` crate decodes.
    Encoded(Vec<u8>),
    /// CCITT fax data; the flag inverts (`/Decode [1 0]`).
    Ccitt(Vec<u8>, Ccitt, bool),
    /// JBIG2 data, its globals, invert.
    Jbig2(Vec<u8>, Option<Vec<u8>>, bool),
    Raw {
        data: Vec<u8>,
        width: u32,
        height: u32,
        bpc: u32,
        components: u32,
        invert: bool,
    },
    /// Already decoded (a TIFF page).
    Pixels(Gray),
}

impl std::fmt::Debug for Ccitt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Ccitt(K={}, {}x{})", self.k, self.columns, self.rows)
    }
}

impl Clone for Ccitt {
    fn clone(&self) -> Self {
        Ccitt { ..*self }
    }
}

/// One page image, not yet decoded (a cache hit never decodes it).
#[derive(Debug, Clone)]
pub struct PageImage {
    /// Hash of the encoded bytes and the turn: the cache key's stem.
    pub key: String,
    pub dpi: u32,
    /// Quarter turns clockwise that make it upright.
    pub turns: u32,
    pub source: Source,
}

impl PageImage {
    pub fn new(source: Source, dpi: u32, turns: u32) -> PageImage {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        match &source {
            Source::Encoded(b) | Source::Ccitt(b, ..) | Source::Jbig2(b, ..) => h.update(b),
            Source::Raw { data, .. } => h.update(data),
            Source::Pixels(g) => h.update(&g.data),
        }
        h.update(format!("/{turns}").as_bytes());
        let digest = h.finalize();
        let key = digest.iter().take(20).map(|b| format!("{b:02x}")).collect();
        PageImage {
            key,
            dpi,
            turns,
            source,
        }
    }

    /// Upright grey pixels, or `None` when the data cannot be decoded.
    pub fn decode(&self) -> Option<Gray> {
        let g = match &self.source {
            Source::Encoded(b) => image::from_encoded(b).ok()?,
            Source::Ccitt(b, p, invert) => {
                let mut g = image::from_ccitt(b, p)?;
                if *invert {
                    g.data.iter_mut().for_each(|p| *p = 255 - *p);
                }
                g
            }
            Source::Jbig2(b, globals, invert) => {
                let mut g = image::from_jbig2(b, globals.as_deref())?;
                if *invert {
                    g.data.iter_mut().for_each(|p| *p = 255 - *p);
                }
                g
            }
            Source::Raw {
                data,
                width,
                height,
                bpc,
                components,
                invert,
            } => image::from_raw(data, *width, *height, *bpc, *components, *invert)?,
            Source::Pixels(g) => g.clone(),
        };
        Some(g.rotate_cw(self.turns))
    }
}

/// A part of a page to read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Region {
    Full,
    /// Rows from `top` to `bottom`, as fractions of the page height.
    Band(f32, f32),
}

impl Region {
    fn tag(&self) -> String {
        match self {
            Region::Full => "full".to_owned(),
            Region::Band(a, b) => format!("band{:.0}-{:.0}", a * 100.0, b * 100.0),
        }
    }
}

/// Bump when the engine call or the layout of OCR words changes: old cache entries are then
/// ignored instead of giving stale text.
const CACHE_VERSION: &str = "v4";
/// Page segmentation: automatic (3) reads full pages; a header band is still several blocks
/// (agency, Quốc hiệu, Số, date), so the same mode serves it.
const PSM: u32 = 3;

/// Counters for one document's OCR (for progress and benchmarks).
#[derive(Debug, Default, Clone, Copy)]
pub struct OcrStats {
    pub regions: usize,
    pub cached: usize,
}

/// Reads `region` of `page`, through the cache. `pixels` keeps the decoded page for the
/// next region of the same page.
pub fn read_region(
    page: &PageImage,
    pixels: &mut Option<Gray>,
    region: Region,
    cache: Option<&dyn OcrCache>,
    stats: &mut OcrStats,
) -> Result<String, String> {
    stats.regions += 1;
    let key = format!("{}-{}-{}-psm{PSM}", page.key, region.tag(), CACHE_VERSION);
    if let Some(text) = cache.and_then(|c| c.get(&key)) {
        stats.cached += 1;
        return Ok(text);
    }
    if pixels.is_none() {
        *pixels = page.decode();
    }
    let Some(full) = pixels.as_ref() else {
        return Err("page image could not be decoded".to_owned());
    };
    let mut text = recognise_region(full, region, page.dpi)?;
    // A page stored upside down (its matrix and /Rotate say otherwise, or an image file
    // scanned the wrong way round) reads as junk: read it turned round, and keep the turn
    // for the page's other regions when that reads as Vietnamese.
    if junk::is_junk(&text) {
        let turned = full.rotate_cw(2);
        let again = recognise_region(&turned, region, page.dpi)?;
        if junk::plausibility(&again).0 > junk::plausibility(&text).0 {
            text = again;
            *pixels = Some(turned);
        }
    }
    if let Some(c) = cache {
        c.put(&key, &text);
    }
    Ok(text)
}

/// A word OCR may keep when unsure: a possible syllable (or a run of them joined by
/// punctuation), a number, an upper-case abbreviation.
fn plausible_word(word: &str) -> bool {
    let (share, _, n) = junk::plausibility(word);
    n == 0 && word.chars().any(char::is_alphanumeric) || n > 0 && share >= 0.99
}

fn recognise_region(full: &Gray, region: Region, dpi: u32) -> Result<String, String> {
    let img = match region {
        Region::Full => None,
        Region::Band(a, b) => Some(full.band(a, b)),
    };
    let img = img.as_ref().unwrap_or(full);
    let words = tesseract::recognise(img, dpi, PSM)?;
    Ok(words_to_text(&words, img.height, dpi))
}

/// Lays OCR words out as lines in reading order (page units: points, y up).
pub fn words_to_text(words: &[tesseract::Word], image_height: u32, dpi: u32) -> String {
    let scale = 72.0 / dpi.max(1) as f32;
    let mut boxes = Vec::with_capacity(words.len());
    // Words of one Tesseract line share a baseline and a size: their median bottom and
    // height (accents make single word boxes jump).
    let mut i = 0;
    while i < words.len() {
        let mut j = i;
        while j < words.len() && words[j].line == words[i].line {
            j += 1;
        }
        let line = &words[i..j];
        // A line Tesseract reads out of the ink of a signature or a seal ("ñ §", "372?",
        // "báp;,ó" between a signer's title and name): every word unsure and no Vietnamese
        // syllable, abbreviation or number. Kept, it would part the name from its title.
        if line
            .iter()
            .all(|w| w.conf < 60.0 && !plausible_word(&w.text))
        {
            i = j;
            continue;
        }
        let mut bottoms: Vec<u32> = line.iter().map(|w| w.top + w.height).collect();
        let mut heights: Vec<u32> = line.iter().map(|w| w.height).collect();
        bottoms.sort_unstable();
        heights.sort_unstable();
        let bottom = bottoms[bottoms.len() / 2] as f32;
        let height = heights[heights.len() / 2] as f32;
        for w in line {
            // Lone marks Tesseract reads out of dirt and seal edges.
            if w.conf < 10.0 && w.text.chars().count() <= 2 {
                continue;
            }
            boxes.push(WordBox {
                x0: w.left as f32 * scale,
                x1: (w.left + w.width) as f32 * scale,
                y: (image_height as f32 - bottom) * scale,
                // A line's median word box spans about 0.9 em (capitals and ascenders,
                // few descenders): the font size is a little more than the box.
                size: (height * 1.1 * scale).max(4.0),
                text: w.text.clone(),
            });
        }
        i = j;
    }
    layout_words(&boxes).join("\n")
}

/// Resolution assumed for image files that do not say theirs (a phone photo of A4 paper
/// is usually 2000–4000 px high; Tesseract only uses it to judge text size).
const DEFAULT_DPI: u32 = 300;

/// Page images of an image file: JPEG and PNG one page, TIFF every page.
pub fn file_pages(bytes: &[u8]) -> Result<Vec<PageImage>, String> {
    if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        let pages = image::tiff_pages(bytes)?;
        return Ok(pages
            .into_iter()
            .map(|g| {
                let dpi = dpi_for(g.width, g.height);
                PageImage::new(Source::Pixels(g), dpi, 0)
            })
            .collect());
    }
    let probe = image::from_encoded(bytes)?;
    let dpi = dpi_for(probe.width, probe.height);
    Ok(vec![PageImage::new(
        Source::Encoded(bytes.to_vec()),
        dpi,
        0,
    )])
}

/// A page's resolution judged from its size as an A4 sheet.
fn dpi_for(width: u32, height: u32) -> u32 {
    let long = width.max(height) as f32;
    if long < 1.0 {
        return DEFAULT_DPI;
    }
    ((long / 11.69).round() as u32).clamp(70, 600)
}

/// The text OCR gives for a document.
#[derive(Debug, Default)]
pub struct OcrText {
    pub text: String,
    pub warnings: Vec<&'static str>,
    pub stats: OcrStats,
}

/// Reads `pages` (those with an image) as `mode` says: header band of page 1 and the
/// signature zone of the last page for [`OcrMode::Header`], every page in full otherwise.
/// The engine must be [`tesseract::available`].
pub fn read_pages(pages: &[PageImage], mode: OcrMode, cache: Option<&dyn OcrCache>) -> OcrText {
    let mut out = OcrText::default();
    let mut parts: Vec<String> = Vec::new();
    let mut failed = false;
    let mut run =
        |page: &PageImage, pixels: &mut Option<Gray>, region: Region, out: &mut OcrText| {
            match read_region(page, pixels, region, cache, &mut out.stats) {
                Ok(t) => Some(t),
                Err(_) => {
                    failed = true;
                    None
                }
            }
        };
    if mode == OcrMode::Header {
        let Some(first) = pages.first() else {
            return out;
        };
        let mut px = None;
        if let Some(t) = run(first, &mut px, Region::Band(0.0, HEADER_BAND), &mut out) {
            parts.push(t);
        }
        let last = pages.len() - 1;
        let mut lpx = if last == 0 { px } else { None };
        let zone = if last == 0 {
            Region::Band(HEADER_BAND, 1.0)
        } else {
            Region::Full
        };
        if let Some(t) = run(&pages[last], &mut lpx, zone, &mut out) {
            parts.push(t);
        }
        out.warnings.push(crate::warnings::OCR_PARTIAL);
    } else {
        for page in pages {
            let mut px = None;
            if let Some(t) = run(page, &mut px, Region::Full, &mut out) {
                parts.push(t);
            }
        }
    }
    if failed {
        out.warnings.push(crate::warnings::OCR_FAILED);
    }
    let joined = parts.join("\n\n");
    let (text, repairs) = repair::repair(&crate::text::normalize_document(&joined));
    out.text = text;
    out.warnings.push(crate::warnings::OCR_TEXT);
    out.warnings.extend(repairs);
    out
}

/// Share of page 1 read as the header band: agency, Quốc hiệu, Số, place and date, type name
/// and trích yếu all sit above it on an A4 official letter (Nghị định 30/2020, Phụ lục I).
const HEADER_BAND: f32 = 0.45;
