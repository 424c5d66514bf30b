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
//! Header first: the header band of page 1 and the signature zone of the last page are read
//! first (a quarter of the time of full pages), and the record's header fields come from
//! that reading ([`merge_header`]): read as bands, the header cells, the seal and the
//! signer column do not run into each other as they do in a whole page. [`OcrMode::Header`]
//! stops there; [`OcrMode::Auto`] then reads every page in full, for the index and the
//! body's lists, citations and tasks.
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
pub mod zone;

use std::sync::Arc;

use crate::readers::pdf::{WordBox, layout_words_spaced};
use image::{Ccitt, Gray};

/// How much OCR to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OcrMode {
    /// No OCR: scans keep `no_text_layer` and no text.
    Off,
    /// Header band of page 1 and the signature zone of the last page only: the record,
    /// fast; the text for the index is partial (warning `ocr_partial`).
    Header,
    /// The header-first reading for the record's header fields, then every page of a scan
    /// in full (index text, lists, citations, tasks).
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

    /// Whether the page image has colour (then its signature zone is read
    /// [`image::Grey::SealFree`]). Decodes nothing but an encoded image's header.
    pub fn has_colour(&self) -> bool {
        match &self.source {
            Source::Encoded(b) => image::encoded_has_colour(b),
            Source::Raw { components, .. } => *components == 3,
            Source::Ccitt(..) | Source::Jbig2(..) | Source::Pixels(_) => false,
        }
    }

    /// Upright grey pixels, or `None` when the data cannot be decoded.
    pub fn decode(&self) -> Option<Gray> {
        self.decode_as(image::Grey::Luma)
    }

    /// [`PageImage::decode`], colour made grey as `grey` says.
    pub fn decode_as(&self, grey: image::Grey) -> Option<Gray> {
        let g = match &self.source {
            Source::Encoded(b) => image::from_encoded_as(b, grey).ok()?,
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
            } => image::from_raw(data, *width, *height, *bpc, *components, *invert, grey)?,
            Source::Pixels(g) => g.clone(),
        };
        Some(g.rotate_cw(self.turns))
    }
}

/// Bump when the engine call or the pixels it is given change: old cache entries are then ignored instead of giving
/// stale words. The cache keeps Tesseract's words with their boxes, not laid-out text, so a
/// change of the layout pass or of the repairs never needs the engine again.
const CACHE_VERSION: &str = "v5";
/// Page segmentation: automatic (3) reads full pages; a header band is still several blocks
/// (agency, Quốc hiệu, Số, date), so the same mode serves it.
const PSM: u32 = 3;
/// The signer column, cut out of the signature zone, is one block of lines of several sizes
/// (authority, title, a signature, the name): read as one uniform block (6), Tesseract no
/// longer loses the name under the signature's ink or glues it to the Nơi nhận list.
const PSM_COLUMN: u32 = 6;

/// Counters for one document's OCR (for progress and benchmarks).
#[derive(Debug, Default, Clone, Copy)]
pub struct OcrStats {
    pub regions: usize,
    pub cached: usize,
}

/// A part of a page to read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Region {
    Full,
    /// Rows from `top` to `bottom`, as fractions of the page height.
    Band(f32, f32),
    /// A rectangle: left, top, right, bottom, as fractions of the page's width and height.
    Rect(f32, f32, f32, f32),
}

impl Region {
    fn tag(&self) -> String {
        match self {
            Region::Full => "full".to_owned(),
            Region::Band(a, b) => format!("band{:.0}-{:.0}", a * 100.0, b * 100.0),
            Region::Rect(l, t, r, b) => format!(
                "rect{:.0}-{:.0}-{:.0}-{:.0}",
                l * 100.0,
                t * 100.0,
                r * 100.0,
                b * 100.0
            ),
        }
    }

    /// The region's pixels cut from the page's `full` pixels (`None`: the whole page).
    fn cut(&self, full: &Gray) -> Option<Gray> {
        match *self {
            Region::Full => None,
            Region::Band(a, b) => Some(full.band(a, b)),
            Region::Rect(l, t, r, b) => Some(full.rect(l, t, r, b)),
        }
    }

    /// `words` read in the region moved to the coordinates of its page (`width` × `height`).
    fn place_on_page(&self, words: &mut [tesseract::Word], width: u32, height: u32) {
        let (l, t) = self.origin();
        let dx = (l.clamp(0.0, 1.0) * width as f32) as u32;
        let dy = (t.clamp(0.0, 1.0) * height as f32) as u32;
        for w in words {
            w.left += dx;
            w.top += dy;
        }
    }

    /// Left and top edge, fractions of the page.
    fn origin(&self) -> (f32, f32) {
        match *self {
            Region::Full => (0.0, 0.0),
            Region::Band(t, _) => (0.0, t),
            Region::Rect(l, t, _, _) => (l, t),
        }
    }
}

/// OCR words of a region, in page pixels (the upright page's), with the page size.
#[derive(Debug, Clone, Default)]
pub struct PageWords {
    pub words: Vec<tesseract::Word>,
    pub width: u32,
    pub height: u32,
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
    let got = read_words(page, pixels, region, PSM, cache, stats)?;
    Ok(words_to_text(&got.words, got.height, page.dpi))
}

/// The words of `region` of `page` read with segmentation mode `psm`, through the cache,
/// in page coordinates.
fn read_words(
    page: &PageImage,
    pixels: &mut Option<Gray>,
    region: Region,
    psm: u32,
    cache: Option<&dyn OcrCache>,
    stats: &mut OcrStats,
) -> Result<PageWords, String> {
    read_words_as(page, pixels, image::Grey::Luma, region, psm, cache, stats)
}

/// [`read_words`] with `pixels` decoded as `grey` says when they are not yet. Seal-free
/// readings of a colour page have cache entries of their own.
fn read_words_as(
    page: &PageImage,
    pixels: &mut Option<Gray>,
    grey: image::Grey,
    region: Region,
    psm: u32,
    cache: Option<&dyn OcrCache>,
    stats: &mut OcrStats,
) -> Result<PageWords, String> {
    stats.regions += 1;
    let key = region_key(page, grey, region, psm);
    if let Some(text) = cache.and_then(|c| c.get(&key))
        && let Some(got) = from_cache(&text)
    {
        stats.cached += 1;
        return Ok(got);
    }
    if pixels.is_none() {
        *pixels = page.decode_as(grey);
    }
    let Some(full) = pixels.as_ref() else {
        return Err("page image could not be decoded".to_owned());
    };
    let mut words = recognise_region(full, region, page.dpi, psm)?;
    // A page stored upside down (its matrix and /Rotate say otherwise, or an image file
    // scanned the wrong way round) reads as junk: read it turned round, and keep the turn
    // for the page's other regions when that reads as Vietnamese.
    let text = words_to_text(&words, full.height, page.dpi);
    // Only a band or a page tells the page's way round: a small rectangle under a seal
    // reads as junk either way.
    if !matches!(region, Region::Rect(..)) && junk::is_junk(&text) {
        let turned = full.rotate_cw(2);
        let again = recognise_region(&turned, region, page.dpi, psm)?;
        let again_text = words_to_text(&again, turned.height, page.dpi);
        if junk::plausibility(&again_text).0 > junk::plausibility(&text).0 {
            words = again;
            *pixels = Some(turned);
        }
    }
    let (width, height) = pixels.as_ref().map_or((0, 0), |g| (g.width, g.height));
    let got = PageWords {
        words,
        width,
        height,
    };
    if let Some(c) = cache {
        c.put(&key, &to_cache(&got));
    }
    Ok(got)
}

/// The cache key of `region` of `page` read as `grey` with segmentation mode `psm`.
fn region_key(page: &PageImage, grey: image::Grey, region: Region, psm: u32) -> String {
    let grey_tag = match grey {
        image::Grey::Luma => "",
        image::Grey::SealFree => "-sealfree",
    };
    format!(
        "{}-{}{grey_tag}-{}-psm{psm}",
        page.key,
        region.tag(),
        CACHE_VERSION
    )
}

/// Decoded pixels of pages, by page index.
type Decoded = std::collections::HashMap<usize, Gray>;

/// A cache in front of the caller's (or of none): what [`prefetch`] read for several regions
/// in one engine run is found there by the reads that follow.
#[derive(Debug)]
struct Memo<'a> {
    inner: Option<&'a dyn OcrCache>,
    read: std::sync::Mutex<std::collections::HashMap<String, String>>,
}

impl<'a> Memo<'a> {
    fn new(inner: Option<&'a dyn OcrCache>) -> Memo<'a> {
        Memo {
            inner,
            read: std::sync::Mutex::default(),
        }
    }
}

impl OcrCache for Memo<'_> {
    fn get(&self, key: &str) -> Option<String> {
        let mine = self.read.lock().ok().and_then(|m| m.get(key).cloned());
        mine.or_else(|| self.inner?.get(key))
    }

    fn put(&self, key: &str, text: &str) {
        if let Ok(mut m) = self.read.lock() {
            m.insert(key.to_owned(), text.to_owned());
        }
        if let Some(c) = self.inner {
            c.put(key, text);
        }
    }
}

/// Reads the `wanted` regions (page index, region; segmentation mode [`PSM`]) that are not
/// in `cache` yet, in one engine run per resolution, and puts each in `cache` under the key
/// [`read_words_as`] looks up, so the reads that follow find them.
///
/// Why: every Tesseract process spends ≈ 0.2 s of CPU starting (its built-in ambiguity
/// tables), whatever it reads — as much as reading a closing row. Given a list of images, one
/// process reads each exactly as it reads it alone (same segmentation, same words: each image
/// is its own page; checked on the corpus scans, byte-identical TSV). Unlike one image stacked
/// from several regions, which changes how Tesseract segments them. A region read as junk is
/// not stored: the read that follows turns the page round as it does for any junk reading.
/// Any failure here only leaves the regions to be read one by one.
fn prefetch(
    pages: &[PageImage],
    wanted: &[(usize, Region)],
    cache: &dyn OcrCache,
    decoded: &mut Decoded,
    keep: &[usize],
) {
    let mut todo: Vec<(usize, Region, String)> = Vec::new();
    for &(i, region) in wanted {
        let Some(page) = pages.get(i) else { continue };
        let key = region_key(page, image::Grey::Luma, region, PSM);
        if !todo.iter().any(|(_, _, k)| *k == key) && cache.get(&key).is_none() {
            todo.push((i, region, key));
        }
    }
    let mut dpis: Vec<u32> = todo.iter().map(|(i, _, _)| pages[*i].dpi).collect();
    dpis.sort_unstable();
    dpis.dedup();
    for dpi in dpis {
        let group: Vec<&(usize, Region, String)> = todo
            .iter()
            .filter(|(i, _, _)| pages[*i].dpi == dpi)
            .collect();
        // One region alone gains nothing: the normal read takes it.
        if group.len() > 1 {
            let _ = prefetch_group(pages, &group, dpi, cache, decoded, keep);
        }
    }
}

/// One engine run over `group` (regions of pages of one resolution).
fn prefetch_group(
    pages: &[PageImage],
    group: &[&(usize, Region, String)],
    dpi: u32,
    cache: &dyn OcrCache,
    decoded: &mut Decoded,
    keep: &[usize],
) -> Result<(), String> {
    let dir = tempfile::Builder::new()
        .prefix("kiemchung-ocr-")
        .tempdir()
        .map_err(|e| e.to_string())?;
    let mut list = String::new();
    // Page size of each region's page. Pixels are decoded once per page: those of the
    // pages in `keep` stay in `decoded` for the reads that follow, the others only while
    // their regions are cut.
    let mut sizes: Vec<(u32, u32)> = Vec::with_capacity(group.len());
    let mut passing: Option<(usize, Gray)> = None;
    for (n, (i, region, _)) in group.iter().enumerate() {
        if !decoded.contains_key(i) && passing.as_ref().is_none_or(|(c, _)| c != i) {
            let px = pages[*i].decode().ok_or("undecodable page")?;
            if keep.contains(i) {
                decoded.insert(*i, px);
            } else {
                passing = Some((*i, px));
            }
        }
        let Some(full) = decoded
            .get(i)
            .or_else(|| passing.as_ref().filter(|(c, _)| c == i).map(|(_, g)| g))
        else {
            continue;
        };
        let img = region.cut(full);
        let path = dir.path().join(format!("{n}.pgm"));
        std::fs::write(&path, img.as_ref().unwrap_or(full).to_pgm()).map_err(|e| e.to_string())?;
        list.push_str(&path.display().to_string());
        list.push('\n');
        sizes.push((full.width, full.height));
    }
    drop(passing);
    let list_path = dir.path().join("list.txt");
    std::fs::write(&list_path, list).map_err(|e| e.to_string())?;
    let read = tesseract::recognise_list(&list_path, group.len(), dpi, PSM)?;
    for (((i, region, key), mut words), (width, height)) in group.iter().zip(read).zip(sizes) {
        region.place_on_page(&mut words, width, height);
        let text = words_to_text(&words, height, pages[*i].dpi);
        if !matches!(region, Region::Rect(..)) && junk::is_junk(&text) {
            continue;
        }
        let got = PageWords {
            words,
            width,
            height,
        };
        cache.put(key, &to_cache(&got));
    }
    Ok(())
}

/// Cache entry: a first line `size W H`, then Tesseract's TSV word rows.
fn to_cache(got: &PageWords) -> String {
    let mut out = format!("size {} {}\n", got.width, got.height);
    out.push_str(&tesseract::to_tsv(&got.words));
    out
}

fn from_cache(text: &str) -> Option<PageWords> {
    let (first, rest) = text.split_once('\n')?;
    let mut f = first.strip_prefix("size ")?.split(' ');
    let width = f.next()?.parse().ok()?;
    let height = f.next()?.parse().ok()?;
    Some(PageWords {
        words: tesseract::parse_tsv(rest),
        width,
        height,
    })
}

/// A word OCR may keep when unsure: a possible syllable (or a run of them joined by
/// punctuation), a number, an upper-case abbreviation.
fn plausible_word(word: &str) -> bool {
    let (share, _, n) = junk::plausibility(word);
    n == 0 && word.chars().any(char::is_alphanumeric) || n > 0 && share >= 0.99
}

/// Recognises `region` of `full`; word boxes in `full`'s pixels.
fn recognise_region(
    full: &Gray,
    region: Region,
    dpi: u32,
    psm: u32,
) -> Result<Vec<tesseract::Word>, String> {
    let img = region.cut(full);
    let mut words = tesseract::recognise(img.as_ref().unwrap_or(full), dpi, psm)?;
    region.place_on_page(&mut words, full.width, full.height);
    Ok(words)
}

/// Where the signer column of a signature zone is, from the zone's words: right of the
/// page's middle, from a little above the Nơi nhận line (or the first authority or title
/// line on the right) down to the zone's end. `None` when neither is found.
fn signer_column(zone: &PageWords, zone_top: f32, left: f32) -> Option<Region> {
    let (w, h) = (zone.width as f32, zone.height as f32);
    if w < 1.0 || h < 1.0 {
        return None;
    }
    let words = &zone.words;
    let anchor = words
        .iter()
        .enumerate()
        .find(|(i, x)| {
            let f = crate::text::fold(&x.text);
            f.starts_with("noi")
                && (x.left as f32) < w * 0.5
                && words.get(i + 1).is_some_and(|n| {
                    n.line == x.line && crate::text::fold(&n.text).starts_with("nh")
                })
        })
        .map(|(_, x)| x.top)
        .or_else(|| {
            words
                .iter()
                .filter(|x| (x.left as f32) > w * 0.45)
                .find(|x| {
                    let f = crate::text::fold(&x.text);
                    let f = f.trim_end_matches([':', ',']);
                    ["kt.", "tm.", "tl.", "kt", "tm", "tl", "tuq."].contains(&f)
                        && x.text.chars().any(char::is_uppercase)
                })
                .map(|x| x.top)
        })?;
    // The authority line may start a line or two above Nơi nhận. A taller or wider cut
    // takes in body text and more of the seal, and Tesseract then reads the block worse
    // (measured on the corpus scans).
    let top = (anchor as f32 / h - 0.04).max(zone_top);
    // The signer block is at most a third of the page below its first line.
    let bottom = (top + 0.36).min(1.0);
    // The signer column is the right part of the row (Phụ lục I: the wider right cell).
    (bottom - top > 0.05).then_some(Region::Rect(left, top, 1.0, bottom))
}

/// Whether the zone's first reading already holds the signer right of `left`: a name read
/// sure (every word 85+, a family name first) under a sure upper-case title line. The
/// column is then not read again (≈ 0.45 s of engine time per document).
fn signer_read(zone: &PageWords, left: f32) -> bool {
    let x0 = left * zone.width as f32;
    let mut lines: Vec<&[tesseract::Word]> = Vec::new();
    let mut i = 0;
    let words = &zone.words;
    while i < words.len() {
        let mut j = i;
        while j < words.len() && words[j].line == words[i].line {
            j += 1;
        }
        if words[i..j]
            .iter()
            .all(|w| w.left as f32 >= x0 && w.conf >= SURE_WORD)
        {
            lines.push(&words[i..j]);
        }
        i = j;
    }
    let text = |l: &[tesseract::Word]| {
        l.iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    lines.iter().enumerate().any(|(k, l)| {
        repair::looks_like_name(&text(l))
            && lines[..k].iter().any(|t| {
                let t = text(t);
                t.chars().filter(|c| c.is_alphabetic()).count() >= 6
                    && !t.chars().any(char::is_lowercase)
                    && t.split_whitespace().count() >= 2
            })
    })
}

/// The zone's words with those of the signer column replaced by `column`'s.
fn merge_column(zone: PageWords, column: PageWords, region: Region) -> PageWords {
    let Region::Rect(l, t, _, b) = region else {
        return zone;
    };
    let (w, h) = (zone.width as f32, zone.height as f32);
    let inside = |x: &tesseract::Word| {
        let cx = x.left as f32 + x.width as f32 / 2.0;
        let cy = x.top as f32 + x.height as f32 / 2.0;
        cx >= l * w && cy >= t * h && cy <= b * h
    };
    let mut words: Vec<tesseract::Word> = zone.words.into_iter().filter(|x| !inside(x)).collect();
    words.extend(sure_lines(column.words).into_iter().map(|mut x| {
        // Lines of the column pass are lines of their own.
        x.line.0 += 10_000;
        x
    }));
    PageWords {
        words,
        width: zone.width,
        height: zone.height,
    }
}

/// The lines of a signer column read with confidence. Lines Tesseract reads out of the
/// signature's ink and the seal are unsure as a whole (mean confidence under 50) while the
/// printed lines and the name are sure (90+): dropped, they no longer part the title from
/// the name.
fn sure_lines(mut col: Vec<tesseract::Word>) -> Vec<tesseract::Word> {
    let mut kept = Vec::with_capacity(col.len());
    let mut i = 0;
    while i < col.len() {
        let mut j = i;
        while j < col.len() && col[j].line == col[i].line {
            j += 1;
        }
        let mean = col[i..j].iter().map(|w| w.conf).sum::<f32>() / (j - i) as f32;
        if mean >= 50.0 {
            kept.extend(col[i..j].iter_mut().map(std::mem::take));
        } else {
            // A printed line glued by the engine to ink beside it (the handwritten
            // initials at the end of the body's last line, then `GIÁM ĐỐC`): its words
            // stay sure on their own.
            kept.extend(
                col[i..j]
                    .iter_mut()
                    .filter(|w| w.conf >= SURE_WORD && plausible_word(&w.text))
                    .map(std::mem::take),
            );
        }
        i = j;
    }
    kept
}

/// Lays OCR words out as lines in reading order (page units: points, y up).
pub fn words_to_text(words: &[tesseract::Word], image_height: u32, dpi: u32) -> String {
    let scale = 72.0 / dpi.max(1) as f32;
    let mut boxes = Vec::with_capacity(words.len());
    // The height of the printed words read with confidence: a lone unsure word set far
    // larger above them all (a `KHẨN` stamp, a handwritten mark over the header) is no line
    // of the text. Lower down such a word may be a handwritten number or day: kept.
    let first_sure = words
        .iter()
        .filter(|w| w.conf >= SURE_WORD)
        .map(|w| w.top)
        .min();
    let mut sure: Vec<u32> = words
        .iter()
        .filter(|w| w.conf >= SURE_WORD)
        .map(|w| w.height)
        .collect();
    sure.sort_unstable();
    let text_height = sure.get(sure.len() / 2).copied();
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
        // Nor a line of which nothing is read with even low confidence (the rule under
        // the agency's name with dirt beside it: `——— =2 011 DIUC`).
        if line
            .iter()
            .all(|w| w.conf < 60.0 && !plausible_word(&w.text) || w.conf < JUNK_WORD)
        {
            i = j;
            continue;
        }
        if let ([w], Some(t)) = (line, text_height)
            && sure.len() >= 8
            && w.conf < 60.0
            && w.height * 10 > t * 16
            && first_sure.is_some_and(|top| w.top + w.height <= top)
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
    layout_words_spaced(&boxes, paragraph_step(&boxes)).join("\n")
}

/// The baseline step (in sizes) beyond which two OCR lines are two paragraphs: a little
/// over the page's regular line spacing, when that spacing is wider than a text layer's.
///
/// Why: a word box spans the letters' ink, a little under the font size a text layer gives
/// exactly, and offices set decisions at 1.3–1.5 line spacing. Measured in box heights,
/// every step between two lines of a paragraph then looked like a paragraph break, and the
/// text came out with a blank line between all its lines: the clause "Điều 3. Chánh Văn
/// phòng …; Thủ trưởng các đơn vị … căn cứ Quyết định thi hành" was cut into pieces no
/// parser joins. The most common step between consecutive lines is the page's line
/// spacing; only a clearly wider step starts a paragraph. Columns and bands keep their own
/// thresholds (the header's two columns are found as before).
fn paragraph_step(boxes: &[WordBox]) -> Option<f32> {
    let mut lines: Vec<(f32, f32)> = Vec::new();
    for b in boxes {
        if lines.last().is_none_or(|l| l.0 != b.y) {
            lines.push((b.y, b.size));
        }
    }
    lines.sort_by(|a, b| b.0.total_cmp(&a.0));
    lines.dedup_by(|a, b| a.0 == b.0);
    let mut steps: Vec<f32> = lines
        .windows(2)
        .map(|w| (w[0].0 - w[1].0) / w[1].1.max(1.0))
        .filter(|s| (0.9..=2.6).contains(s))
        .collect();
    if steps.len() < 4 {
        return None;
    }
    steps.sort_by(f32::total_cmp);
    // A paragraph's lines are most of the steps; the lower quartile is spacing within
    // paragraphs even on a page of short paragraphs.
    let regular = steps[steps.len() / 4];
    Some(regular * 1.2)
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
    // Turned as the file's EXIF orientation says (a phone's portrait photo is stored on its
    // side), as every viewer shows it. Decoded once here either way: a file that does not
    // decode is refused now, not page by page later.
    Ok(vec![match image::file_orientation(bytes) {
        image::FileOrientation::Turns(turns) => {
            let probe = image::from_encoded(bytes)?;
            let dpi = dpi_for(probe.width, probe.height);
            PageImage::new(Source::Encoded(bytes.to_vec()), dpi, turns)
        }
        image::FileOrientation::Mirrored => {
            let shown = image::from_encoded_oriented(bytes)?;
            let dpi = dpi_for(shown.width, shown.height);
            PageImage::new(Source::Pixels(shown), dpi, 0)
        }
    }])
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
    /// Every page in full ([`OcrMode::Auto`], [`OcrMode::Full`]) or the header-first
    /// reading alone ([`OcrMode::Header`]): the text that is indexed and gives the lists,
    /// citations and tasks.
    pub text: String,
    /// The header-first reading when the pages were also read in full: the header fields
    /// come from it (see [`merge_header`]).
    pub header: Option<String>,
    pub warnings: Vec<&'static str>,
    pub stats: OcrStats,
}

/// Reads `pages` (those with an image) as `mode` says: header band of page 1 and the
/// signature zone of the last page for [`OcrMode::Header`], every page in full otherwise —
/// and, with `header_first`, the header reading as well (kept in [`OcrText::header`]).
/// The engine must be [`tesseract::available`].
///
/// Why both readings in `auto`: Tesseract segments a band of a page better than the whole
/// page. Read whole, the two header cells, the seal over the signer's name and the Nơi nhận
/// cell beside the signer run into each other; read as bands, they do not. On the corpus
/// scans the header fields from the header reading score 0.850 against 0.725 from the full
/// pages, while the full pages give the body (citations 0.91 against 0.67). The header
/// regions cost about a quarter of the full pages and are cached like them.
pub fn read_pages(
    pages: &[PageImage],
    mode: OcrMode,
    header_first: bool,
    cache: Option<&dyn OcrCache>,
) -> OcrText {
    let mut out = OcrText::default();
    let mut failed = false;
    let memo = Memo::new(cache);
    let cache: Option<&dyn OcrCache> = Some(&memo);
    let reads_header = mode == OcrMode::Header || header_first;
    let mut wanted: Vec<(usize, Region)> = Vec::new();
    let mut block = None;
    // The pages the header reading reads (`keep`), decoded once for the prefetch and the
    // reads.
    let mut decoded = Decoded::new();
    let mut keep: Vec<usize> = Vec::new();
    if reads_header && !pages.is_empty() {
        let last = pages.len() - 1;
        keep = vec![0, last];
        let (zone, entry, pixels) = closing_zone(pages, &memo);
        if let Some(px) = pixels {
            decoded.insert(last, px);
        }
        wanted.push((0, Region::Band(0.0, HEADER_BAND)));
        wanted.push((last, zone));
        block = entry.map(|e| (last, zone, e));
    }
    if mode != OcrMode::Header {
        wanted.extend((0..pages.len()).map(|i| (i, Region::Full)));
    }
    prefetch(pages, &wanted, &memo, &mut decoded, &keep);
    if let Some((last, zone, (key, entry))) = block {
        let read = region_key(&pages[last], image::Grey::Luma, zone, PSM);
        if memo.get(&read).is_some() {
            memo.put(&key, &entry);
        }
    }
    let header = if reads_header {
        let (parts, ok) = read_header_first(pages, &mut decoded, cache, &mut out.stats);
        failed |= !ok;
        Some(repaired(&parts, &mut out.warnings))
    } else {
        None
    };
    if mode == OcrMode::Header {
        out.text = header.unwrap_or_default();
        out.warnings.push(crate::warnings::OCR_PARTIAL);
    } else {
        let mut parts: Vec<String> = Vec::new();
        for page in pages {
            let mut px = None;
            match read_region(page, &mut px, Region::Full, cache, &mut out.stats) {
                Ok(t) => parts.push(t),
                Err(_) => failed = true,
            }
        }
        out.text = repaired(&parts, &mut out.warnings);
        out.header = header;
    }
    if failed {
        out.warnings.push(crate::warnings::OCR_FAILED);
    }
    out.warnings.push(crate::warnings::OCR_TEXT);
    let mut seen = std::collections::HashSet::new();
    out.warnings.retain(|w| seen.insert(*w));
    out
}

/// OCR parts joined, normalised and repaired with the field vocabulary; the repairs made
/// are added to `warnings`.
fn repaired(parts: &[String], warnings: &mut Vec<&'static str>) -> String {
    let joined = parts.join("\n\n");
    let (text, repairs) = repair::repair(&crate::text::normalize_document(&joined));
    warnings.extend(repairs);
    text
}

/// The header band of page 1 and the closing row (or signature zone) of the last page:
/// what the record needs. Returns the parts read and whether every region was read.
fn read_header_first(
    pages: &[PageImage],
    decoded: &mut Decoded,
    cache: Option<&dyn OcrCache>,
    stats: &mut OcrStats,
) -> (Vec<String>, bool) {
    let mut parts = Vec::new();
    let Some(first) = pages.first() else {
        return (parts, true);
    };
    let mut ok = true;
    let mut px = decoded.remove(&0);
    match read_region(first, &mut px, Region::Band(0.0, HEADER_BAND), cache, stats) {
        Ok(t) => parts.push(t),
        Err(_) => ok = false,
    }
    let last = pages.len() - 1;
    let lpx = if last == 0 { px } else { decoded.remove(&last) };
    match closing(pages, lpx, image::Grey::Luma, cache, stats) {
        Some(t) => parts.push(t),
        None => ok = false,
    }
    (parts, ok)
}

/// The closing of the signing (last) page read as `grey` says: the closing row found from
/// the page's ink, or the whole signature zone when the ink shows none. `pixels` are the
/// last page's, already decoded when it is also the first.
fn closing(
    pages: &[PageImage],
    mut pixels: Option<Gray>,
    grey: image::Grey,
    cache: Option<&dyn OcrCache>,
    stats: &mut OcrStats,
) -> Option<String> {
    let last = pages.len().checked_sub(1)?;
    let (from, zone) = closing_search(pages.len());
    closing_row(&pages[last], &mut pixels, grey, from, cache, stats).or_else(|| {
        signature_zone(
            &pages[last],
            &mut pixels,
            grey,
            zone,
            COLUMN_LEFT,
            cache,
            stats,
        )
        .ok()
    })
}

/// Fills the parts of `record`'s signer that are missing from `again` (a second reading of
/// the closing); whether the name was filled. Only a name fills: a second reading that
/// finds no name has nothing the first lacked.
pub fn fill_signer(record: &mut crate::Record, again: Option<crate::record::Signer>) -> bool {
    let Some(again) = again.filter(|s| s.name.is_some()) else {
        return false;
    };
    let signer = record.signer.get_or_insert_with(Default::default);
    if signer.name.is_some() {
        return false;
    }
    signer.name = again.name;
    if signer.title.is_none() {
        signer.title = again.title;
    }
    if signer.authority.is_none() {
        signer.authority = again.authority;
    }
    record
        .warnings
        .retain(|w| w != crate::warnings::SIGNER_MISSING);
    true
}

/// The closing of a colour signing page read again with its red seal dropped out
/// ([`image::seal_free`]), repaired like any OCR text; `None` for a grey or bi-level page.
///
/// Why a second reading, and only for a signer the first left without a name: read so from
/// the start, the zone gained names under seals but lost whole signers elsewhere (on the
/// corpus scans a `Nơi nhận` label read `Nơi nhậm`, a phone photo's warm light), while a
/// name the seal hid is exactly what the first reading misses.
pub fn seal_free_closing(
    pages: &[PageImage],
    cache: Option<&dyn OcrCache>,
) -> Option<(String, Vec<&'static str>)> {
    if !pages.last()?.has_colour() {
        return None;
    }
    let mut stats = OcrStats::default();
    let text = closing(pages, None, image::Grey::SealFree, cache, &mut stats)?;
    let mut warnings = Vec::new();
    let text = repaired(&[text], &mut warnings);
    Some((text, warnings))
}

/// Puts the header fields of `header` (the record parsed from the header-first reading)
/// into `record` (parsed from the full pages).
///
/// The fields of the header band (type, number, symbol, issuer, place, date, subject) are
/// taken together, absent ones too, once the header reading found a header there at all: the
/// band was read, so a field it lacks is a field the page lacks (a Giấy mời has no trích
/// yếu; the full page's reading then takes a body sentence for one) or one ink hides. Only a
/// band that gave no header at all leaves the full reading's fields. The signer's parts are
/// taken one by one where the header reading has them (the closing row may be found and a
/// name under a seal missed, that the full page gives). Each field's warnings come from the
/// reading its value came from.
pub fn merge_header(record: &mut crate::Record, header: crate::Record) {
    let band_found = header.doc_type.is_some()
        || header.number.is_some()
        || header.symbol.is_some()
        || header.issuer.is_some()
        || header.date.is_some();
    let mut moved: Vec<&[&str]> = Vec::new();
    if band_found {
        record.doc_type = header.doc_type;
        record.number = header.number;
        record.symbol = header.symbol;
        record.issuer = header.issuer;
        record.issuer_parent = header.issuer_parent;
        record.place = header.place;
        record.date = header.date;
        record.subject = header.subject;
        moved.extend(BAND_WARNINGS);
    }
    match (&mut record.signer, header.signer) {
        (_, None) => {}
        (slot @ None, Some(h)) => {
            *slot = Some(h);
            moved.push(SIGNER_WARNINGS);
        }
        (Some(full), Some(h)) => {
            for (slot, part) in [
                (&mut full.authority, h.authority),
                (&mut full.title, h.title),
                (&mut full.name, h.name),
            ] {
                if part.is_some() {
                    *slot = part;
                }
            }
            moved.push(SIGNER_WARNINGS);
        }
    }
    for codes in moved {
        record.warnings.retain(|w| !codes.contains(&w.as_str()));
        for w in header
            .warnings
            .iter()
            .filter(|w| codes.contains(&w.as_str()))
        {
            record.warn(w);
        }
    }
}

/// The header parser's warnings about the header band's fields, and about the signer: a
/// warning follows its field to the reading the field was taken from.
const BAND_WARNINGS: [&[&str]; 1] = [&[
    crate::warnings::DOC_TYPE_INFERRED,
    crate::warnings::NUMBER_BLANK,
    crate::warnings::NUMBER_MISSING,
    crate::warnings::ISSUER_INFERRED,
    crate::warnings::DATE_MISSING,
    crate::warnings::DATE_PARTIAL,
    crate::warnings::SUBJECT_MISSING,
]];
const SIGNER_WARNINGS: &[&str] = &[crate::warnings::SIGNER_MISSING];

/// Where the closing row of `page` lies, found from its ink below `from` ([`zone::signer_block`]),
/// through the cache (so a cached run decodes no page).
fn closing_block(
    page: &PageImage,
    pixels: &mut Option<Gray>,
    from: f32,
    cache: Option<&dyn OcrCache>,
) -> Option<zone::Block> {
    let key = block_key(page, from);
    match cache
        .and_then(|c| c.get(&key))
        .and_then(|t| parse_block(&t))
    {
        Some(b) => b,
        None => {
            if pixels.is_none() {
                *pixels = page.decode();
            }
            let b = zone::signer_block(pixels.as_ref()?, page.dpi, from);
            if let Some(c) = cache {
                c.put(&key, &block_entry(b));
            }
            b
        }
    }
}

fn block_key(page: &PageImage, from: f32) -> String {
    format!("{}-block{:.0}-{}", page.key, from * 100.0, BLOCK_VERSION)
}

/// A cached block place: `TOP BOTTOM`, or empty for a page without one.
fn block_entry(b: Option<zone::Block>) -> String {
    b.map_or(String::new(), |b| format!("{} {}", b.top, b.bottom))
}

fn parse_block(t: &str) -> Option<Option<zone::Block>> {
    let v: Vec<f32> = t
        .split_whitespace()
        .filter_map(|x| x.parse().ok())
        .collect();
    match v[..] {
        [top, bottom] => Some(Some(zone::Block { top, bottom })),
        [] => Some(None),
        _ => None,
    }
}

/// Where the closing of a document of `pages` pages is looked for on its last page: the
/// share of the page below which its closing row is searched in the ink, and the zone read
/// whole when the ink shows none (under the header band of a one-page document, else the
/// whole page).
fn closing_search(pages: usize) -> (f32, Region) {
    if pages <= 1 {
        (SINGLE_PAGE_BLOCK_FROM, Region::Band(HEADER_BAND, 1.0))
    } else {
        (0.0, Region::Full)
    }
}

/// The region of the last page the header-first reading reads first: the closing row found
/// from the ink, else the signature zone (what [`closing`] reads first). With it, the block
/// entry to cache once a reading of that region shows the page the right way up (found
/// from a page upside down, the block would be wrong for the turned page the reads use).
fn closing_zone(
    pages: &[PageImage],
    cache: &dyn OcrCache,
) -> (Region, Option<(String, String)>, Option<Gray>) {
    let last = pages.len().saturating_sub(1);
    let (from, fallback) = closing_search(pages.len());
    let Some(page) = pages.get(last) else {
        return (fallback, None, None);
    };
    let key = block_key(page, from);
    let (block, entry, pixels) = match cache.get(&key).and_then(|t| parse_block(&t)) {
        Some(b) => (b, None, None),
        None => {
            let px = page.decode();
            let b = px
                .as_ref()
                .and_then(|px| zone::signer_block(px, page.dpi, from));
            (b, Some((key, block_entry(b))), px)
        }
    };
    let region = block.map_or(fallback, |b| Region::Band(b.top, b.bottom));
    (region, entry, pixels)
}

/// Reads the closing row of the signing page, found from its ink ([`zone::signer_block`]):
/// the body above it is never read (a page of body text costs the engine more than the
/// rest of the record together). The row's place is cached beside the words, so a cached
/// run decodes no page. `None` when the page's ink does not show a closing row (the caller
/// then reads the page's zone the slow way).
fn closing_row(
    page: &PageImage,
    pixels: &mut Option<Gray>,
    grey: image::Grey,
    from: f32,
    cache: Option<&dyn OcrCache>,
    stats: &mut OcrStats,
) -> Option<String> {
    let block = closing_block(page, pixels, from, cache)?;
    // The band across the page, not the column alone: the Nơi nhận cell beside the signer
    // tells the parser where the closing starts (read alone, the column's title and name
    // were found less often on the corpus scans: header 0.750 against 0.783).
    signature_zone(
        page,
        pixels,
        grey,
        Region::Band(block.top, block.bottom),
        COLUMN_LEFT,
        cache,
        stats,
    )
    .ok()
}

/// Where the signer column starts when the page's ink does not say (Phụ lục I: the right
/// cell of the closing row is the wider one).
const COLUMN_LEFT: f32 = 0.45;
/// Confidence under which a word is a guess: a line of such words only is dropped.
const JUNK_WORD: f32 = 30.0;
/// Confidence of a word kept from a line read as ink: printed words read at 90+.
const SURE_WORD: f32 = 85.0;
/// Bump when [`zone::signer_block`] changes: cached block places are then found again.
const BLOCK_VERSION: &str = "z2";
/// On a one-page document the signer block is searched below this share of the page (the
/// header band's two-cell lines above are no closing row).
const SINGLE_PAGE_BLOCK_FROM: f32 = 0.3;

/// Reads the signature zone of the signing page: the zone, then its signer column again on
/// its own (beside the Nơi nhận list and under a signature and a seal, page segmentation
/// loses or garbles it), the column's words replacing the zone's there.
fn signature_zone(
    page: &PageImage,
    pixels: &mut Option<Gray>,
    grey: image::Grey,
    zone: Region,
    left: f32,
    cache: Option<&dyn OcrCache>,
    stats: &mut OcrStats,
) -> Result<String, String> {
    // Seal-free pixels are the zone's own (`pixels` are the page's as the eye sees it).
    let mut own = None;
    let pixels = match grey {
        image::Grey::SealFree => &mut own,
        image::Grey::Luma => pixels,
    };
    let mut words = read_words_as(page, pixels, grey, zone, PSM, cache, stats)?;
    if signer_read(&words, left) {
        return Ok(words_to_text(&words.words, words.height, page.dpi));
    }
    if let Some(col) = signer_column(&words, zone.origin().1, left)
        && let Ok(column) = read_words_as(page, pixels, grey, col, PSM_COLUMN, cache, stats)
    {
        words = merge_column(words, column, col);
    }
    Ok(words_to_text(&words.words, words.height, page.dpi))
}

/// Share of page 1 read as the header band: agency, Quốc hiệu, Số, place and date, type name
/// and trích yếu all sit above it on an A4 official letter (Nghị định 30/2020, Phụ lục I).
const HEADER_BAND: f32 = 0.45;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Record, Signer};
    use crate::warnings as w;

    /// OCR words of lines set at `pitch` pixels (word boxes 40 px high, as Tesseract gives
    /// for 14 pt at 300 dpi), one line per entry, `gap` extra pixels before the lines listed.
    fn ocr_lines(lines: &[&str], pitch: u32, gap_before: &[usize]) -> Vec<tesseract::Word> {
        let mut out = Vec::new();
        let mut top = 300;
        for (n, line) in lines.iter().enumerate() {
            if gap_before.contains(&n) {
                top += pitch;
            }
            let mut left = 200;
            for w in line.split(' ') {
                let width = 28 * w.chars().count() as u32;
                out.push(tesseract::Word {
                    line: (1, 1, n as u32),
                    left,
                    top,
                    width,
                    height: 40,
                    conf: 95.0,
                    text: w.to_owned(),
                });
                left += width + 14;
            }
            top += pitch;
        }
        out
    }

    /// Lines of a paragraph set at 1.5 spacing are one paragraph; a clearly wider step still
    /// parts two. Before, every line of a scanned decision stood alone between blank lines.
    #[test]
    fn ocr_lines_at_wide_spacing_keep_their_paragraphs() {
        let lines = [
            "Điều 2. Mức tiền thưởng cho một Chiến sĩ thi đua cấp tỉnh.",
            "Nguồn tiền thưởng được cấp từ ngân sách tỉnh qua Ban Thi đua",
            "Khen thưởng theo Kế hoạch năm 2011.",
            "Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh; Giám đốc các Sở,",
            "Thủ trưởng các đơn vị liên quan và các ông, bà có tên tại Điều 1",
            "căn cứ Quyết định thi hành./.",
        ];
        let text = words_to_text(&ocr_lines(&lines, 75, &[3]), 3508, 300);
        assert_eq!(
            text,
            format!(
                "{}\n{}\n{}\n\n{}\n{}\n{}",
                lines[0], lines[1], lines[2], lines[3], lines[4], lines[5]
            ),
            "{text}"
        );
        // A text layer's spacing is left as the layout has always read it.
        let tight = words_to_text(&ocr_lines(&lines, 52, &[3]), 3508, 300);
        assert_eq!(tight.matches("\n\n").count(), 1, "{tight}");
    }

    fn signer(authority: Option<&str>, title: Option<&str>, name: Option<&str>) -> Signer {
        Signer {
            authority: authority.map(str::to_owned),
            title: title.map(str::to_owned),
            name: name.map(str::to_owned),
        }
    }

    /// A Giấy mời read whole page: a body sentence taken for its subject, no number, a
    /// garbled closing; its header reading: the number, no subject, the authority and title.
    fn full_page() -> Record {
        let mut r = Record {
            doc_type: Some("Thông báo".into()),
            subject: Some("Ủy ban nhân dân tỉnh tổ chức buổi làm việc".into()),
            issuer: Some("UBND tỉnh Lâm Đồng".into()),
            signer: Some(signer(
                Some("TL. CHỦ TỊCH"),
                Some("CHÁNH VĂN PHÒNG"),
                Some("H Á"),
            )),
            ..Record::default()
        };
        r.warn(w::NUMBER_BLANK);
        r.warn(w::OCR_TEXT);
        r
    }

    #[test]
    fn header_band_fields_come_together_from_the_header_reading() {
        let mut header = Record {
            doc_type: Some("Giấy mời".into()),
            number: Some("560".into()),
            symbol: Some("GM-UBND".into()),
            issuer: Some("UBND tỉnh Lâm Đồng".into()),
            place: Some("Lâm Đồng".into()),
            date: Some("2025-11".into()),
            signer: Some(signer(
                Some("TL. CHỦ TỊCH / KT. CHÁNH VĂN PHÒNG"),
                Some("PHÓ CHÁNH VĂN PHÒNG"),
                None,
            )),
            ..Record::default()
        };
        header.warn(w::SUBJECT_MISSING);
        header.warn(w::DATE_PARTIAL);
        let mut r = full_page();
        merge_header(&mut r, header);
        assert_eq!(r.doc_type.as_deref(), Some("Giấy mời"));
        assert_eq!(r.number.as_deref(), Some("560"));
        assert_eq!(r.date.as_deref(), Some("2025-11"));
        // The band was read and holds no trích yếu: none, not the body sentence.
        assert_eq!(r.subject, None);
        // Signer parts one by one: the name the header reading missed stays.
        assert_eq!(
            r.signer,
            Some(signer(
                Some("TL. CHỦ TỊCH / KT. CHÁNH VĂN PHÒNG"),
                Some("PHÓ CHÁNH VĂN PHÒNG"),
                Some("H Á"),
            ))
        );
        // Warnings follow their fields; others stay.
        assert!(!r.warnings.iter().any(|x| x == w::NUMBER_BLANK));
        for code in [w::SUBJECT_MISSING, w::DATE_PARTIAL, w::OCR_TEXT] {
            assert!(
                r.warnings.iter().any(|x| x == code),
                "{code}: {:?}",
                r.warnings
            );
        }
    }

    #[test]
    fn a_second_reading_fills_a_missing_name_and_nothing_else() {
        // The first reading: title and authority, the name under the seal missing.
        let mut r = Record {
            signer: Some(signer(
                Some("TL. CHỦ TỊCH"),
                Some("PHÓ CHÁNH VĂN PHÒNG"),
                None,
            )),
            ..Record::default()
        };
        r.warn(w::SIGNER_MISSING);
        let again = signer(
            Some("KT. CHỦ TỊCH"),
            Some("CHÁNH"),
            Some("Thạch Cảnh Minh Vũ"),
        );
        assert!(fill_signer(&mut r, Some(again.clone())));
        assert_eq!(
            r.signer,
            Some(signer(
                Some("TL. CHỦ TỊCH"),
                Some("PHÓ CHÁNH VĂN PHÒNG"),
                Some("Thạch Cảnh Minh Vũ"),
            ))
        );
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
        // A name already read stays; a second reading without a name fills nothing.
        assert!(!fill_signer(&mut r, Some(signer(None, None, Some("Khác")))));
        assert_eq!(
            r.signer.as_ref().and_then(|s| s.name.as_deref()),
            Some("Thạch Cảnh Minh Vũ")
        );
        let mut none = Record::default();
        assert!(!fill_signer(
            &mut none,
            Some(signer(Some("KT. CHỦ TỊCH"), None, None))
        ));
        assert!(!fill_signer(&mut none, None));
        assert_eq!(none.signer, None);
        // No signer at all: the second reading's whole.
        assert!(fill_signer(&mut none, Some(again.clone())));
        assert_eq!(none.signer, Some(again));
    }

    #[test]
    fn a_header_reading_without_a_header_leaves_the_full_pages_fields() {
        let mut header = Record::default();
        header.warn(w::SUBJECT_MISSING);
        header.warn(w::SIGNER_MISSING);
        let mut r = full_page();
        let before = r.clone();
        merge_header(&mut r, header);
        assert_eq!(r, before);
    }
}
