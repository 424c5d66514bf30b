//! Layout: positioned glyphs → lines of text in reading order.
//!
//! Why geometry and not the order of the content stream: producers write text in whatever
//! order they like (Word switches fonts mid-word, header tables are written cell by cell or
//! row by row, signing software appends the stamped number at the end of the stream). What
//! a reader sees is positions, so:
//!
//! 1. Glyphs are grouped into lines by baseline (tolerance relative to the font size), then
//!    sorted left to right. A word break is a gap wider than a fraction of the font size, or
//!    a space glyph; font switches and TJ kerning inside a word make no gap, so no break.
//!    Glyphs drawn twice at the same place (fake bold, an annotation repeating the page) are
//!    dropped.
//! 2. Two-column bands: the classic header (agency + Số + V/v on the left, Quốc hiệu + place
//!    and date on the right) and the Nơi nhận / signer block are two text columns separated
//!    by an empty vertical gutter. A band is grown from a line with a wide interior gap over
//!    neighbouring lines that leave the gutter empty and follow at line spacing; it is
//!    emitted column-major (all left lines, then all right lines), as the TXT seeds and the
//!    DOCX reader order them. A single line with a moderately wide gap is not a band: it
//!    keeps the gap as several spaces so the header parser can still split it.
//! 3. A blank line separates paragraphs where the vertical step between two lines is clearly
//!    larger than line spacing, and separates columns and bands.
//! 4. A line ending in `letter-` followed by a line starting with a lower-case ASCII letter is
//!    a broken foreign word and is joined; Vietnamese syllables are never hyphenated, and
//!    spaced dashes ("Tổ chức - Nội vụ") never are joined.

use super::interp::{Glyph, Page};

/// Gap (in font sizes) that separates two words.
const WORD_GAP: f32 = 0.13;
/// Gap (in font sizes) that separates two segments of one line (possible columns).
const SEGMENT_GAP: f32 = 1.8;
/// A one-line band needs at least this gap (in font sizes).
const SINGLE_LINE_GUTTER: f32 = 3.0;
/// Baseline step (in font sizes) beyond which lines are not part of the same band.
const BAND_STEP: f32 = 1.85;
/// Baseline step (in font sizes) that starts a new table row after a one-line cell.
const ROW_STEP: f32 = 1.7;
/// Baseline step (in font sizes) beyond which a blank line marks a new paragraph.
const PARA_STEP: f32 = 1.45;

#[derive(Debug, Clone)]
struct Segment {
    x0: f32,
    x1: f32,
    /// Baseline of the segment's first glyph (columns may sit on different baselines).
    y: f32,
    text: String,
}

#[derive(Debug, Clone)]
struct Line {
    y: f32,
    size: f32,
    segments: Vec<Segment>,
}

impl Line {
    fn x0(&self) -> f32 {
        self.segments.first().map_or(0.0, |s| s.x0)
    }
    fn x1(&self) -> f32 {
        self.segments.last().map_or(0.0, |s| s.x1)
    }
    fn joined(&self) -> String {
        let mut out = String::new();
        for (k, s) in self.segments.iter().enumerate() {
            if k > 0 {
                out.push_str("    ");
            }
            out.push_str(&s.text);
        }
        out
    }
}

/// Lays out one page: returns its lines, `""` for a blank line.
pub fn layout(page: &Page) -> Vec<String> {
    let lines = build_lines(page);
    order(&lines, page.para_step.unwrap_or(PARA_STEP).max(PARA_STEP))
}

fn build_lines(page: &Page) -> Vec<Line> {
    let mut glyphs: Vec<&Glyph> = page
        .glyphs
        .iter()
        .filter(|g| {
            g.size.is_finite()
                && g.size > 0.5
                && g.x0.is_finite()
                && g.x1.is_finite()
                && g.y.is_finite()
        })
        .collect();
    glyphs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x0.total_cmp(&b.x0)));
    let mut groups: Vec<Vec<&Glyph>> = Vec::new();
    let mut cur_y = f32::NAN;
    let mut cur_size = 0.0f32;
    for g in glyphs {
        let tol = 0.3 * g.size.min(if cur_size > 0.0 { cur_size } else { g.size });
        if groups.is_empty() || (cur_y - g.y) > tol {
            groups.push(vec![g]);
            cur_y = g.y;
            cur_size = g.size;
        } else if let Some(last) = groups.last_mut() {
            // Keep the line's reference on the dominant text (not a superscript).
            if !g.space && g.size > cur_size {
                cur_size = g.size;
                cur_y = g.y;
            }
            last.push(g);
        }
    }
    let mut lines = Vec::with_capacity(groups.len());
    for mut group in groups {
        group.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        if group.iter().all(|g| g.space) {
            continue;
        }
        let size = group
            .iter()
            .filter(|g| !g.space)
            .map(|g| g.size)
            .fold(0.0f32, f32::max);
        let y = group
            .iter()
            .filter(|g| !g.space && g.size >= size * 0.8)
            .map(|g| g.y)
            .next()
            .unwrap_or(group[0].y);
        // Words first: glyphs closer than a word gap, no space glyph between them.
        let mut words: Vec<Segment> = Vec::new();
        let mut last: Option<&Glyph> = None;
        let mut pending_space = false;
        for g in group {
            if g.space {
                pending_space = true;
                continue;
            }
            let text = page.glyph_text(g);
            if let Some(p) = last {
                // Same glyph drawn again at (almost) the same place: fake bold or overdraw.
                if page.glyph_text(p) == text && (g.x0 - p.x0).abs() < 0.15 * g.size.max(p.size) {
                    continue;
                }
                let gap = g.x0 - p.x1;
                let em = g.size.max(p.size);
                // A space glyph counts only where it leaves room: spaces under a stamped
                // annotation ("Số:   /UBND" with "47" drawn over the blank) do not split it.
                let spaced = pending_space && gap > 0.05 * em;
                if !spaced
                    && gap <= WORD_GAP * em
                    && let Some(w) = words.last_mut()
                {
                    w.text.push_str(text);
                    w.x1 = w.x1.max(g.x1);
                    last = Some(g);
                    continue;
                }
            }
            words.push(Segment {
                x0: g.x0,
                x1: g.x1,
                y: g.y,
                text: text.to_owned(),
            });
            pending_space = false;
            last = Some(g);
        }
        // Segments: words separated by a gap that is wide in absolute terms and clearly wider
        // than the line's other word gaps (a justified line stretches all of them alike).
        let gaps: Vec<f32> = words.windows(2).map(|w| w[1].x0 - w[0].x1).collect();
        // The line's ordinary word gap: the median of the gaps below the segment threshold
        // (or of all gaps when a justified line stretched every one of them).
        let median = |mut v: Vec<f32>| {
            v.sort_by(f32::total_cmp);
            v[v.len() / 2]
        };
        let small: Vec<f32> = gaps
            .iter()
            .copied()
            .filter(|&g| g < SEGMENT_GAP * size)
            .collect();
        let typical = if !small.is_empty() {
            median(small)
        } else if gaps.len() >= 3 {
            median(gaps.clone())
        } else {
            0.0
        };
        let mut segments: Vec<Segment> = Vec::new();
        for (k, w) in words.into_iter().enumerate() {
            let split = k == 0 || (gaps[k - 1] > SEGMENT_GAP * size && gaps[k - 1] > 2.5 * typical);
            match segments.last_mut() {
                Some(seg) if !split => {
                    seg.text.push(' ');
                    seg.text.push_str(&w.text);
                    seg.x1 = seg.x1.max(w.x1);
                }
                _ => segments.push(w),
            }
        }
        if !segments.is_empty() {
            lines.push(Line { y, size, segments });
        }
    }
    lines
}

/// Free interval of `line` overlapping `g` the most, intersected with `g`.
fn narrow(line: &Line, g: (f32, f32)) -> Option<(f32, f32)> {
    let mut best: Option<(f32, f32)> = None;
    let mut prev_end = f32::NEG_INFINITY;
    let mut consider = |a: f32, b: f32| {
        let lo = a.max(g.0);
        let hi = b.min(g.1);
        if hi > lo && best.is_none_or(|(x, y)| hi - lo > y - x) {
            best = Some((lo, hi));
        }
    };
    for s in &line.segments {
        consider(prev_end, s.x0);
        prev_end = prev_end.max(s.x1);
    }
    consider(prev_end, f32::INFINITY);
    best
}

fn widest_gap(line: &Line) -> Option<(f32, f32)> {
    line.segments
        .windows(2)
        .map(|w| (w[0].x1, w[1].x0))
        .max_by(|a, b| (a.1 - a.0).total_cmp(&(b.1 - b.0)))
}

/// Gutter between line `i` and the next line when they sit side by side at line spacing
/// (columns whose baselines do not line up: agency block beside a three-line Quốc hiệu).
fn interleaved_gap(lines: &[Line], i: usize) -> Option<(f32, f32)> {
    let (a, b) = (&lines[i], lines.get(i + 1)?);
    if step(a, b) > PARA_STEP {
        return None;
    }
    let em = a.size.max(b.size);
    let g = if a.x1() < b.x0() {
        (a.x1(), b.x0())
    } else if b.x1() < a.x0() {
        (b.x1(), a.x0())
    } else {
        return None;
    };
    (g.1 - g.0 >= SEGMENT_GAP * em).then_some(g)
}

fn step(a: &Line, b: &Line) -> f32 {
    (a.y - b.y) / a.size.max(b.size).max(1.0)
}

/// A band that is really a table (three or more columns on several lines, or many lines
/// with text on both sides at the same baseline): reading it column-major would separate
/// each cell from its row, so it is read row by row instead.
fn is_table(band: &[Line]) -> bool {
    let three_cols = band.iter().filter(|l| l.segments.len() >= 3).count();
    let two_sided = band.iter().filter(|l| l.segments.len() >= 2).count();
    three_cols >= 2 || (two_sided >= 6 && two_sided * 10 >= band.len() * 6)
}

enum Block {
    Line(usize),
    Band { lines: Vec<usize> },
}

/// The gutter `line` leaves open near `g`: its own wide gap when it has text on both sides
/// (a new two-column line resets the gutter, so columns may drift down the band), else `g`
/// narrowed by its text.
fn next_gutter(line: &Line, g: (f32, f32), min_w: f32) -> Option<(f32, f32)> {
    let own = line
        .segments
        .windows(2)
        .map(|w| (w[0].x1, w[1].x0))
        .filter(|&(a, b)| b - a >= min_w && b.min(g.1) - a.max(g.0) > 0.0)
        .max_by(|a, b| (a.1 - a.0).total_cmp(&(b.1 - b.0)));
    if let Some(own) = own {
        return Some(own);
    }
    narrow(line, g).filter(|ng| ng.1 - ng.0 >= min_w)
}

/// `para_step`: the step beyond which a blank line parts two lines of one column
/// ([`new_paragraph`]); the other steps (bands, rows, rhythm) keep their constants.
fn order(lines: &[Line], para_step: f32) -> Vec<String> {
    let n = lines.len();
    let mut band_of: Vec<Option<usize>> = vec![None; n];
    // Per line: the gutter it was assigned with.
    let mut gutter_of: Vec<(f32, f32)> = vec![(0.0, 0.0); n];
    let mut bands: Vec<(usize, usize)> = Vec::new();
    for i in 0..n {
        if band_of[i].is_some() {
            continue;
        }
        let em = lines[i].size;
        let Some(gap) = widest_gap(&lines[i]).or_else(|| interleaved_gap(lines, i)) else {
            continue;
        };
        if gap.1 - gap.0 < SEGMENT_GAP * em {
            continue;
        }
        let min_w = 0.8 * em;
        let mut gut: Vec<(usize, (f32, f32))> = vec![(i, gap)];
        let mut g = gap;
        let mut end = i + 1;
        while end < n && band_of[end].is_none() && step(&lines[end - 1], &lines[end]) <= BAND_STEP {
            match next_gutter(&lines[end], g, min_w) {
                Some(ng) => {
                    g = ng;
                    gut.push((end, ng));
                    end += 1;
                }
                None => break,
            }
        }
        let mut g = gap;
        let mut start = i;
        while start > 0
            && band_of[start - 1].is_none()
            && step(&lines[start - 1], &lines[start]) <= BAND_STEP
        {
            match next_gutter(&lines[start - 1], g, min_w) {
                Some(ng) => {
                    g = ng;
                    gut.push((start - 1, ng));
                    start -= 1;
                }
                None => break,
            }
        }
        gut.sort_by_key(|&(k, _)| k);
        for part in split_band(lines, &gut) {
            let (Some(&(s0, _)), Some(&(e0, _))) = (part.first(), part.last()) else {
                continue;
            };
            // Both sides must hold text somewhere in the band.
            let left = part.iter().any(|&(k, g)| lines[k].x0() < g.0);
            let right = part.iter().any(|&(k, g)| lines[k].x1() > g.1);
            let wide = part.iter().any(|&(k, _)| {
                widest_gap(&lines[k]).is_some_and(|(a, b)| b - a >= SINGLE_LINE_GUTTER * em)
            });
            if !(left && right && (part.len() >= 2 || wide)) {
                continue;
            }
            let id = bands.len();
            bands.push((s0, e0 + 1));
            for &(k, g) in &part {
                band_of[k] = Some(id);
                gutter_of[k] = g;
            }
        }
    }
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < n {
        if let Some(id) = band_of[i] {
            let (s, e) = bands[id];
            if is_table(&lines[s..e]) {
                // Row-major: a table's cells belong to their rows.
                blocks.extend((s..e).map(Block::Line));
            } else {
                blocks.push(Block::Band {
                    lines: (s..e).collect(),
                });
            }
            i = e;
        } else {
            blocks.push(Block::Line(i));
            i += 1;
        }
    }
    let mut out: Vec<String> = Vec::new();
    let mut prev: Option<&Line> = None;
    let mut prev_step: Option<f32> = None;
    for block in blocks {
        match block {
            Block::Line(k) => {
                let line = &lines[k];
                if let Some(p) = prev {
                    let s = step(p, line);
                    if new_paragraph(prev_step, s, p, line, para_step) {
                        push_blank(&mut out);
                    }
                    prev_step = Some(s);
                }
                push_line(&mut out, line.joined());
                prev = Some(line);
            }
            Block::Band { lines: ks } => {
                push_blank(&mut out);
                for side in [Side::Left, Side::Right] {
                    let mut last: Option<Line> = None;
                    let mut last_step = None;
                    for &k in &ks {
                        let Some(part) = side_of(&lines[k], gutter_of[k], side) else {
                            continue;
                        };
                        if let Some(p) = &last {
                            let s = step(p, &part);
                            if new_paragraph(last_step, s, p, &part, para_step) {
                                push_blank(&mut out);
                            }
                            last_step = Some(s);
                        }
                        push_line(&mut out, part.joined());
                        last = Some(part);
                    }
                    push_blank(&mut out);
                }
                prev = None;
                prev_step = None;
            }
        }
    }
    out
}

/// Which sides of its gutter a line has text on: (left, right).
fn sides(line: &Line, g: (f32, f32)) -> (bool, bool) {
    let mid = (g.0 + g.1) / 2.0;
    let left = line.segments.iter().any(|s| (s.x0 + s.x1) / 2.0 < mid);
    let right = line.segments.iter().any(|s| (s.x0 + s.x1) / 2.0 >= mid);
    (left, right)
}

/// Splits a grown band into table rows and drops loose one-sided lines at its ends.
///
/// A new row starts where a line with text on both sides follows a paragraph-sized step.
/// Where only one column goes on (below the other column's last line, or above its first),
/// a line stays in the band while it keeps its column's rhythm: "- Lưu: VT." continues the
/// Nơi nhận list at the list's spacing, but "Kính gửi:" after the V/v lines comes after a
/// step clearly larger than theirs and is not part of the header.
fn split_band(lines: &[Line], gut: &[(usize, (f32, f32))]) -> Vec<Vec<(usize, (f32, f32))>> {
    let mut parts: Vec<Vec<(usize, (f32, f32))>> = Vec::new();
    // Line indices of each column in the current part.
    let (mut left, mut right): (Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new());
    for &(k, g) in gut {
        let (l, r) = sides(&lines[k], g);
        let new_row = parts.is_empty()
            || (l
                && r
                && rhythm_break(lines, &left, k).unwrap_or(true)
                && rhythm_break(lines, &right, k).unwrap_or(true));
        if new_row {
            parts.push(Vec::new());
            left.clear();
            right.clear();
        }
        if l {
            left.push(k);
        }
        if r {
            right.push(k);
        }
        if let Some(p) = parts.last_mut() {
            p.push((k, g));
        }
    }
    for part in &mut parts {
        let sd: Vec<(bool, bool)> = part.iter().map(|&(k, g)| sides(&lines[k], g)).collect();
        let (Some(last_l), Some(last_r)) =
            (sd.iter().rposition(|s| s.0), sd.iter().rposition(|s| s.1))
        else {
            part.clear();
            continue;
        };
        // Tail: only one column continues.
        let tail_side_left = last_l > last_r;
        let mut cut = None;
        let mut prev: Vec<usize> = (0..=last_l.min(last_r))
            .filter(|&m| if tail_side_left { sd[m].0 } else { sd[m].1 })
            .collect();
        for m in last_l.min(last_r) + 1..part.len() {
            if breaks_rhythm(lines, part, &prev, m) {
                cut = Some(m);
                break;
            }
            prev.push(m);
        }
        if let Some(c) = cut {
            part.truncate(c);
        }
        // Head: only one column has started.
        let sd: Vec<(bool, bool)> = part.iter().map(|&(k, g)| sides(&lines[k], g)).collect();
        let (Some(first_l), Some(first_r)) =
            (sd.iter().position(|s| s.0), sd.iter().position(|s| s.1))
        else {
            part.clear();
            continue;
        };
        let head_end = first_l.max(first_r);
        let head_left = first_l < first_r;
        let mut next: Vec<usize> = (head_end..part.len())
            .filter(|&m| if head_left { sd[m].0 } else { sd[m].1 })
            .take(2)
            .collect();
        let mut drop_to = 0;
        for m in (0..head_end).rev() {
            // Mirror of the tail rule, walking up.
            if let Some(&n) = next.first() {
                let s1 = step(&lines[part[m].0], &lines[part[n].0]);
                let s0 = next
                    .get(1)
                    .map(|&n2| step(&lines[part[n].0], &lines[part[n2].0]));
                if s1 > PARA_STEP && s0.is_none_or(|s0| s1 > 1.2 * s0) {
                    drop_to = m + 1;
                    break;
                }
            }
            next.insert(0, m);
        }
        part.drain(..drop_to);
    }
    parts
}

/// True when line `m` of `part` comes after a step clearly larger than the one between the
/// previous two lines of its column (`prev` lists the column's lines so far).
fn breaks_rhythm(lines: &[Line], part: &[(usize, (f32, f32))], prev: &[usize], m: usize) -> bool {
    let Some(&p1) = prev.last() else {
        return false;
    };
    let s1 = step(&lines[part[p1].0], &lines[part[m].0]);
    let s0 = prev
        .len()
        .checked_sub(2)
        .map(|i| step(&lines[part[prev[i]].0], &lines[part[p1].0]));
    // One line of the column so far: no rhythm yet, growth already bounded the step.
    s0.is_some_and(|s0| s1 > PARA_STEP && s1 > 1.2 * s0)
}

/// Whether line `k` breaks the rhythm of a column whose lines so far are `col` (None when
/// the column is empty).
fn rhythm_break(lines: &[Line], col: &[usize], k: usize) -> Option<bool> {
    let &p1 = col.last()?;
    let s1 = step(&lines[p1], &lines[k]);
    let s0 = col
        .len()
        .checked_sub(2)
        .map(|i| step(&lines[col[i]], &lines[p1]));
    Some(match s0 {
        Some(s0) => s1 > PARA_STEP && s1 > 1.2 * s0,
        // A single line so far ("Nơi nhận:" above its first item): only a clear gap.
        None => s1 > ROW_STEP,
    })
}

/// A paragraph break before `line`, reached by `step` from `prev`, which was reached by
/// `before`. Dash items set one per paragraph at a constant spacing are a list ("- Như
/// trên;", "- Lưu: VT."), kept together as the TXT seeds write them; the list itself is set
/// off from what precedes it.
fn new_paragraph(before: Option<f32>, step: f32, prev: &Line, line: &Line, para_step: f32) -> bool {
    if step <= para_step {
        return false;
    }
    let dash = |l: &Line| {
        l.segments
            .first()
            .is_some_and(|s| s.text.starts_with(['-', '+', '•', '–']))
    };
    match before {
        Some(b) if b > para_step && dash(prev) && dash(line) => (step - b).abs() > 0.15 * step,
        _ => true,
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Side {
    Left,
    Right,
}

fn side_of(line: &Line, gutter: (f32, f32), side: Side) -> Option<Line> {
    let mid = (gutter.0 + gutter.1) / 2.0;
    let segments: Vec<Segment> = line
        .segments
        .iter()
        .filter(|s| ((s.x0 + s.x1) / 2.0 < mid) == (side == Side::Left))
        .cloned()
        .collect();
    (!segments.is_empty()).then(|| Line {
        y: segments[0].y,
        size: line.size,
        segments,
    })
}

fn push_blank(out: &mut Vec<String>) {
    if out.last().is_some_and(|l| !l.is_empty()) {
        out.push(String::new());
    }
}

fn push_line(out: &mut Vec<String>, line: String) {
    // Join a foreign word broken by a hyphen at the end of the previous line.
    if let Some(prev) = out.last_mut() {
        let mut tail = prev.chars().rev();
        let (h, c) = (tail.next(), tail.next());
        let next = line.chars().next();
        if h == Some('-')
            && c.is_some_and(|c| c.is_ascii_lowercase())
            && next.is_some_and(|c| c.is_ascii_lowercase())
        {
            prev.pop();
            prev.push_str(&line);
            return;
        }
    }
    out.push(line);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Draws `text` from `x` on baseline `y`, every glyph `w` wide (spaces as space glyphs).
    fn run(page: &mut Page, text: &str, x: f32, y: f32, size: f32, w: f32) -> f32 {
        let mut x = x;
        for c in text.chars() {
            let start = page.text.len();
            let space = c == ' ';
            if !space {
                page.text.push(c);
            }
            page.glyphs.push(Glyph::upright(
                x,
                x + w,
                y,
                size,
                start as u32,
                (page.text.len() - start) as u16,
                space,
            ));
            x += w;
        }
        x
    }

    fn lay(runs: &[(&str, f32, f32)]) -> String {
        let mut page = Page::default();
        for &(t, x, y) in runs {
            run(&mut page, t, x, y, 12.0, 6.0);
        }
        layout(&page).join("\n")
    }

    #[test]
    fn font_switch_inside_a_word_does_not_split_it() {
        // "Quảng" drawn as "Qu" (simple font) + "ảng" (CID font) with no gap: one word.
        let mut page = Page::default();
        let x = run(&mut page, "Qu", 100.0, 700.0, 12.0, 6.0);
        let x = run(&mut page, "ảng", x, 700.0, 12.0, 6.0);
        let x = run(&mut page, " ", x, 700.0, 12.0, 3.0);
        run(&mut page, "Ngãi", x, 700.0, 12.0, 6.0);
        assert_eq!(layout(&page), vec!["Quảng Ngãi".to_owned()]);
    }

    #[test]
    fn geometry_decides_word_breaks() {
        let mut page = Page::default();
        // Same run, but the producer positions words with TJ offsets instead of spaces.
        let x = run(&mut page, "Số:", 100.0, 700.0, 12.0, 6.0);
        run(&mut page, "47/UBND", x + 4.0, 700.0, 12.0, 6.0);
        assert_eq!(layout(&page), vec!["Số: 47/UBND".to_owned()]);
    }

    #[test]
    fn lines_are_not_glued_and_paragraphs_get_blank_lines() {
        let out = lay(&[
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 100.0, 700.0),
            ("Độc lập - Tự do - Hạnh phúc", 100.0, 686.0),
            ("Kính gửi: Sở Nội vụ", 100.0, 650.0),
        ]);
        assert_eq!(
            out,
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nKính gửi: Sở Nội vụ"
        );
    }

    #[test]
    fn header_table_is_column_major() {
        let out = lay(&[
            ("UBND TỈNH QUẢNG NGÃI", 60.0, 780.0),
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA", 300.0, 780.0),
            ("SỞ NỘI VỤ", 80.0, 766.0),
            ("Độc lập - Tự do", 320.0, 766.0),
            (
                "Thực hiện Công văn số 23/BNV-CCHC ngày 04/01/2022 của Bộ",
                60.0,
                720.0,
            ),
        ]);
        assert_eq!(
            out,
            "UBND TỈNH QUẢNG NGÃI\nSỞ NỘI VỤ\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA\nĐộc lập - Tự do\n\nThực hiện Công văn số 23/BNV-CCHC ngày 04/01/2022 của Bộ"
        );
    }

    #[test]
    fn tables_stay_row_major() {
        let out = lay(&[
            ("STT", 60.0, 700.0),
            ("Tiêu chí", 120.0, 700.0),
            ("Điểm", 400.0, 700.0),
            ("1", 60.0, 686.0),
            ("Công tác chỉ đạo", 120.0, 686.0),
            ("8,5", 400.0, 686.0),
            ("2", 60.0, 672.0),
            ("Cải cách thể chế", 120.0, 672.0),
            ("6,0", 400.0, 672.0),
        ]);
        assert_eq!(
            out,
            "STT    Tiêu chí    Điểm\n1    Công tác chỉ đạo    8,5\n2    Cải cách thể chế    6,0"
        );
    }

    #[test]
    fn a_blank_in_one_line_is_not_a_column() {
        // "Số:      /UBND-TTHC" with the number left blank: one line, gap kept wide.
        let out = lay(&[("Số:", 60.0, 700.0), ("/UBND-TTHC", 100.0, 700.0)]);
        assert_eq!(out, "Số:    /UBND-TTHC");
    }

    #[test]
    fn justified_wide_gaps_are_not_columns() {
        let mut page = Page::default();
        let mut x = 60.0;
        for w in ["Kính", "gửi:", "-", "Các", "phòng,", "ban"] {
            x = run(&mut page, w, x, 700.0, 12.0, 6.0) + 30.0;
        }
        run(&mut page, "ngành", 60.0, 686.0, 12.0, 6.0);
        assert_eq!(
            layout(&page),
            vec!["Kính gửi: - Các phòng, ban".to_owned(), "ngành".to_owned()]
        );
    }

    #[test]
    fn hyphenation_joined_only_for_broken_foreign_words() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "triển khai imple-",
                "mentation",
                "triển khai implementation",
            ),
            (
                "Cơ quan Tổ chức -",
                "Nội vụ huyện",
                "Cơ quan Tổ chức -\nNội vụ huyện",
            ),
            (
                "phát triển KT-",
                "XH của tỉnh",
                "phát triển KT-\nXH của tỉnh",
            ),
        ];
        for &(a, b, want) in cases {
            assert_eq!(lay(&[(a, 60.0, 700.0), (b, 60.0, 686.0)]), want);
        }
    }

    #[test]
    fn overdrawn_glyphs_are_kept_once() {
        let mut page = Page::default();
        run(&mut page, "KT. CHỦ TỊCH", 100.0, 700.0, 12.0, 6.0);
        run(&mut page, "KT. CHỦ TỊCH", 100.3, 700.0, 12.0, 6.0);
        assert_eq!(layout(&page), vec!["KT. CHỦ TỊCH".to_owned()]);
    }
}
