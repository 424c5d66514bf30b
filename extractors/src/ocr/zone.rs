//! Where the signer block of a page is, from its pixels alone — no OCR.
//!
//! Why: in header mode the record needs the signer column of the signing page, not its
//! body. Reading the whole page to find `Nơi nhận` costs as much as the rest of the record
//! together (a page of body text is 30–40 lines for the engine, the signer column 4–6), so
//! the page is cut by its ink first and only the column goes to the engine.
//!
//! How, by the rules of the layout (Nghị định 30/2020/NĐ-CP, Phụ lục I): the body is set in
//! justified lines that run from the left margin to the right one with no wide gap; the
//! closing row under it (`Nơi nhận` on the left, the signer on the right) never has such a
//! line — its lines are half-width, or two halves parted by a wide gap, or merged with a
//! signature and a seal into a tall run. So the block starts under the page's last
//! body-shaped line (or at the page's first ink when the signing page holds no body), and
//! the engine reads that band only.

use super::image::Gray;

/// The closing row of a page (Nơi nhận and the signer), as fractions of the page height.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Block {
    pub top: f32,
    pub bottom: f32,
}

/// Grey level under which a pixel is ink: the midpoint between paper and ink (Otsu's
/// threshold), so a grey phone photo and a bilevel fax scan are cut alike.
fn threshold(g: &Gray) -> u8 {
    let mut hist = [0u64; 256];
    // Every 4th pixel is plenty for a histogram.
    for &p in g.data.iter().step_by(4) {
        hist[p as usize] += 1;
    }
    let total: u64 = hist.iter().sum();
    if total == 0 {
        return 128;
    }
    let sum: f64 = hist
        .iter()
        .enumerate()
        .map(|(i, &n)| i as f64 * n as f64)
        .sum();
    let (mut sum_b, mut w_b, mut best, mut best_t) = (0.0f64, 0u64, 0.0f64, 128u8);
    for (t, &n) in hist.iter().enumerate() {
        w_b += n;
        if w_b == 0 {
            continue;
        }
        let w_f = total - w_b;
        if w_f == 0 {
            break;
        }
        sum_b += t as f64 * n as f64;
        let m_b = sum_b / w_b as f64;
        let m_f = (sum - sum_b) / w_f as f64;
        let between = w_b as f64 * w_f as f64 * (m_b - m_f) * (m_b - m_f);
        if between > best {
            best = between;
            best_t = t as u8;
        }
    }
    best_t
}

/// Whether each row is a row of body text: ink from near one side of the text to the other
/// with no white gap wider than a few words (a justified line at its x-height), with the
/// page's threshold.
fn body_rows(g: &Gray) -> (Vec<bool>, Vec<usize>) {
    let (w, h) = (g.width as usize, g.height as usize);
    let t = threshold(g);
    let (x0, x1) = (w * 5 / 100, w * 95 / 100);
    let max_gap = w / 25;
    let mut extent = vec![None; h];
    let mut ink = vec![0usize; h];
    for y in 0..h {
        let row = &g.data[y * w + x0..y * w + x1];
        let (mut first, mut last, mut gap, mut prev, mut n) = (None, 0, 0, None, 0);
        for (x, &p) in row.iter().enumerate() {
            if p <= t {
                n += 1;
                if first.is_none() {
                    first = Some(x);
                }
                if let Some(q) = prev {
                    gap = gap.max(x - q);
                }
                prev = Some(x);
                last = x;
            }
        }
        ink[y] = n;
        if let Some(f) = first
            && gap <= max_gap
        {
            extent[y] = Some(last - f);
        }
    }
    // The text width is that of the page's widest lines (justified body lines); a scan
    // with wide white borders has narrower text, so the width is the page's own.
    let mut widths: Vec<usize> = extent.iter().flatten().copied().collect();
    widths.sort_unstable();
    let full = widths.get(widths.len() * 95 / 100).copied().unwrap_or(0);
    // A body line spans 80 % of it: a long Nơi nhận item (half a page) does not.
    let body = extent
        .iter()
        .map(|e| e.is_some_and(|e| full > 0 && e * 10 >= full * 8))
        .collect();
    (body, ink)
}

/// The signer block of `page` (upright, at `dpi`), searched below `from` (a fraction of the
/// height: the part above is read otherwise). `None` when the page does not look like the
/// end of an official document (no ink, or nothing right of the middle under the body).
pub fn signer_block(page: &Gray, dpi: u32, from: f32) -> Option<Block> {
    let (w, h) = (page.width as usize, page.height as usize);
    if w < 200 || h < 200 {
        return None;
    }
    let start = (from.clamp(0.0, 1.0) * h as f32) as usize;
    let (body, ink) = body_rows(page);
    // A body line is a group of body rows at least its x-height tall; a rule or a dotted
    // line under the text is a few rows only.
    let min_group = (dpi as usize / 25).max(3);
    let mut last_body: Option<usize> = None;
    let mut prev: Option<usize> = None;
    // Two lines of body text (12–14 pt, single to 1.5 spacing) are at most this far apart.
    let pitch = dpi as usize * 3 / 10;
    let mut y = start;
    while y < h {
        if !body[y] {
            y += 1;
            continue;
        }
        let s = y;
        // One row that misses (a gap between two words at the same place) does not end it.
        while y < h && (body[y] || y + 1 < h && body[y + 1]) {
            y += 1;
        }
        if y - s >= min_group {
            // A paragraph line has another one just above it: a lone wide row is a Nơi
            // nhận item that runs into the signer's name, or a rule.
            if prev.is_some_and(|p| s - p <= pitch) {
                last_body = Some(y);
            }
            prev = Some(y);
        }
    }
    // Dust is a few pixels; the rows between two lines hold little ink.
    let quiet = w / 200;
    let mut top = match last_body {
        // Past the last body line's descenders: the first quiet row under it.
        Some(b) => (b..h).find(|&y| ink[y] <= quiet)?,
        None => (start..h).find(|&y| ink[y] > quiet)?,
    };
    // Then to the closing row's first ink.
    top = (top..h).find(|&y| ink[y] > quiet)?;
    let top = top.saturating_sub(dpi as usize / 25);
    // The closing row is at most ~40 % of a page: authority, title, 3–4 cm for the signature
    // and the seal, the name.
    let bottom = (top + h * 42 / 100).min(h);
    // Something must be right of the middle there: the signer.
    let t = threshold(page);
    let right_ink = (top..bottom)
        .filter(|&y| {
            let row = &page.data[y * w + w / 2..y * w + w * 95 / 100];
            row.iter().filter(|&&p| p <= t).count() > quiet
        })
        .count();
    if right_ink < dpi as usize / 10 {
        return None;
    }
    Some(Block {
        top: top as f32 / h as f32,
        bottom: bottom as f32 / h as f32,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: u32 = 1654;
    const H: u32 = 2339;
    const DPI: u32 = 200;

    /// Draws a text line as words: black boxes of 60 px parted by 12 px, from `x0` to `x1`
    /// (fractions of the width), `height` px tall from row `top`.
    fn line(g: &mut Gray, x0: f32, x1: f32, top: u32, height: u32) {
        let (a, b) = ((x0 * W as f32) as u32, (x1 * W as f32) as u32);
        for y in top..top + height {
            for x in a..b {
                if (x - a) % 72 < 60 {
                    g.data[(y * W + x) as usize] = 0;
                }
            }
        }
    }

    /// A page: body paragraphs from row 200 to `body_end`, then the closing row.
    fn page(body_end: u32) -> Gray {
        let mut g = Gray::new(W, H, 255).unwrap();
        let mut y = 200;
        while y < body_end {
            line(&mut g, 0.12, 0.90, y, 24);
            y += 40;
        }
        // The last line of the paragraph, short.
        line(&mut g, 0.12, 0.40, y, 24);
        g
    }

    fn closing(g: &mut Gray, top: u32) {
        // Nơi nhận on the left, authority and title on the right, the name lower.
        line(g, 0.12, 0.25, top, 20);
        line(g, 0.60, 0.80, top, 24);
        line(g, 0.12, 0.30, top + 36, 18);
        line(g, 0.58, 0.82, top + 40, 24);
        line(g, 0.12, 0.28, top + 70, 18);
        line(g, 0.60, 0.80, top + 300, 24);
    }

    #[test]
    fn the_closing_row_starts_under_the_last_body_line() {
        let mut g = page(1000);
        closing(&mut g, 1120);
        let b = signer_block(&g, DPI, 0.0).expect("a closing row");
        let top = b.top * H as f32;
        // Under the last full line (960..984): the paragraph's short last line (1000..1024)
        // is not body-shaped, so the band takes it in, a little above it.
        assert!((984.0..=1000.0).contains(&top), "top {top}");
        assert!(b.bottom * H as f32 >= 1120.0 + 324.0, "bottom {}", b.bottom);
    }

    #[test]
    fn a_signing_page_without_body_is_read_from_its_first_ink() {
        let mut g = Gray::new(W, H, 255).unwrap();
        closing(&mut g, 300);
        let b = signer_block(&g, DPI, 0.0).expect("a closing row");
        let top = b.top * H as f32;
        assert!((280.0..=300.0).contains(&top), "top {top}");
    }

    #[test]
    fn a_lone_wide_row_in_the_closing_is_no_body_line() {
        let mut g = page(1000);
        closing(&mut g, 1120);
        // A long Nơi nhận item that runs into the signer's name: one wide row.
        line(&mut g, 0.12, 0.88, 1300, 22);
        let b = signer_block(&g, DPI, 0.0).expect("a closing row");
        assert!(b.top * (H as f32) < 1120.0, "top {}", b.top * H as f32);
    }

    #[test]
    fn a_page_of_body_only_has_no_closing_row() {
        let g = page(2200);
        assert_eq!(signer_block(&g, DPI, 0.0), None);
        let blank = Gray::new(W, H, 255).unwrap();
        assert_eq!(signer_block(&blank, DPI, 0.0), None);
    }
}
