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
//! the signer column is the part right of the gap that parts the two cells.

use super::image::Gray;

/// The signer column of a page, as fractions of the page: left, top, right, bottom.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Block {
    pub left: f32,
    pub top: f32,
    pub right: f32,
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
    let sum: f64 = hist.iter().enumerate().map(|(i, &n)| i as f64 * n as f64).sum();
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
    // The signer cell starts where the closing row's lines resume after the gap that parts
    // the two cells; never left of 35 % (the Nơi nhận cell) nor right of 45 %.
    let left = signer_left(page, t, top, bottom).unwrap_or(w * 45 / 100);
    let left = left.saturating_sub(dpi as usize / 20);
    Some(Block {
        left: left as f32 / w as f32,
        top: top as f32 / h as f32,
        right: 1.0,
        bottom: bottom as f32 / h as f32,
    })
}

/// The leftmost start of the signer cell's lines between rows `top` and `bottom`: a line
/// whose ink resumes between 35 % and 45 % of the width after a gap of at least 3 %.
fn signer_left(page: &Gray, t: u8, top: usize, bottom: usize) -> Option<usize> {
    let w = page.width as usize;
    let (lo, hi) = (w * 35 / 100, w * 45 / 100);
    let gap = w * 4 / 100;
    // Columns inked anywhere in a band of rows (about a text line's height at a time:
    // thinner bands see gaps between the tops of letters).
    let step = (page.width as usize / 60).max(8);
    let mut best: Option<usize> = None;
    let mut y = top;
    while y < bottom {
        let y1 = (y + step).min(bottom);
        let col_ink = |x: usize| (y..y1).any(|yy| page.data[yy * w + x] <= t);
        // Walk from the gap's left side: a run of white columns ending in [lo, hi].
        // White since the line's last ink left of the gap (none: no line there).
        let mut white = 0;
        let mut seen = false;
        for x in w * 10 / 100..hi {
            if col_ink(x) {
                if seen && white >= gap && x >= lo {
                    best = Some(best.map_or(x, |b| b.min(x)));
                    break;
                }
                white = 0;
                seen = true;
            } else {
                white += 1;
            }
        }
        y = y1;
    }
    best
}
