//! Text from documents and file names, made safe and measured for a terminal.
//!
//! Why: document text and file names are written by others. An ESC sequence in a PDF's text
//! layer or a file name can recolour, move the cursor or retitle the user's terminal when a
//! snippet is printed; a newline inside a note breaks a table row in two; bidirectional
//! overrides reorder what is shown. Every field from a document goes through [`safe_text`]
//! before reaching a terminal, and columns are measured in display cells, not bytes or
//! `char`s (NFD file names carry combining marks that take no cell).

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

/// Whether `c` must not reach a terminal as is.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// What one byte scan tells of a text ([`scan`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scan {
    /// No [`is_unsafe`] character, no NBSP, no double space, and plainly NFC
    /// ([`kiemchung_extractors::text::plainly_nfc`]): shown as it is.
    Clean,
    /// As `Clean`, but with characters whose NFC form needs the exact check.
    CheckNfc,
    /// Something to rewrite: an unsafe character, an NBSP or a run of spaces.
    Dirty,
}

/// [`Scan`] of `s` in one pass over its bytes: every cell of a long table passes here (three
/// scans — unsafe bytes, double spaces, NFC — were a tenth of `tasks`' table at 100,000
/// documents). Bytes are classed by their value; only lead bytes that can begin a character
/// that matters look at what follows.
fn scan(s: &str) -> Scan {
    let b = s.as_bytes();
    let mut plain = true;
    let mut at = 0;
    while at < b.len() {
        // Most chunks of a Vietnamese text hold nothing to look at: skipped on a test the
        // compiler vectorizes; a chunk with anything else is scanned byte by byte.
        if let Some(chunk) = b.get(at..at + CHUNK + 1)
            && quiet_chunk(chunk)
        {
            at += CHUNK;
            continue;
        }
        let end = (at + CHUNK).min(b.len());
        if scan_bytes(b, at..end, &mut plain) {
            return Scan::Dirty;
        }
        at = end;
    }
    if plain { Scan::Clean } else { Scan::CheckNfc }
}

/// Bytes [`scan`] tests at once (a chunk also reads the byte after it).
const CHUNK: usize = 32;

/// Whether [`scan_bytes`] would do nothing at byte `c` followed by `n`: printable ASCII, a
/// space not followed by one, continuation bytes, leads of U+00C0–U+02FF, and the lead of a
/// precomposed Vietnamese letter (U+1E00–U+1EFF). Written without branches.
#[inline(always)]
fn quiet(c: u8, n: u8) -> bool {
    let printable = c.wrapping_sub(0x21) < 0x5e;
    let continuation = c.wrapping_sub(0x80) < 0x42;
    let latin = c.wrapping_sub(0xc3) < 0x09;
    let space = (c == b' ') & (n != b' ');
    let vietnamese = (c == 0xe1) & (n.wrapping_sub(0xb8) < 4);
    printable | continuation | latin | space | vietnamese
}

/// Whether every byte of `chunk` but the last (read as the one after) is [`quiet`].
fn quiet_chunk(chunk: &[u8]) -> bool {
    chunk
        .windows(2)
        .fold(true, |all, w| all & quiet(w[0], w[1]))
}

/// The exact scan of `b[range]` (reading up to two bytes past it): `true` when something
/// must be rewritten ([`Scan::Dirty`]); `plain` cleared by characters whose NFC form needs
/// the exact check.
fn scan_bytes(b: &[u8], range: std::ops::Range<usize>, plain: &mut bool) -> bool {
    for i in range {
        match b[i] {
            // Printable ASCII, continuation bytes, and leads of U+00C0–U+02FF.
            0x21..=0x7e | 0x80..=0xc1 | 0xc3..=0xcb => {}
            b' ' => {
                if b.get(i + 1) == Some(&b' ') {
                    return true;
                }
            }
            0x00..=0x1f | 0x7f => return true,
            // U+0080–U+009F (C1 controls), U+00A0.
            0xc2 => {
                if matches!(b.get(i + 1), Some(0x80..=0xa0)) {
                    return true;
                }
            }
            // U+1E00–U+1EFF: precomposed Vietnamese letters.
            0xe1 => {
                if !matches!(b.get(i + 1), Some(0xb8..=0xbb)) {
                    *plain = false;
                }
            }
            // U+200E, U+200F, U+202A–U+202E, U+2066–U+2069.
            0xe2 => {
                if matches!(
                    (b.get(i + 1), b.get(i + 2)),
                    (Some(0x80), Some(0x8e | 0x8f | 0xaa..=0xae)) | (Some(0x81), Some(0xa6..=0xa9))
                ) {
                    return true;
                }
                *plain = false;
            }
            // Combining marks (U+0300–U+036F) and every other character.
            _ => *plain = false,
        }
    }
    false
}

/// `s` for one terminal line: NFC, runs of whitespace (newlines, tabs) as one space, other
/// control characters (ESC, BEL, DEL, C1, bidirectional overrides) shown escaped as
/// `\u{1b}`, so the user sees that something was there and nothing acts on the terminal.
pub fn safe_text(s: &str) -> Cow<'_, str> {
    let clean = match scan(s) {
        Scan::Clean => true,
        Scan::CheckNfc => unicode_normalization::is_nfc(s),
        Scan::Dirty => false,
    };
    if clean {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.nfc() {
        if c.is_whitespace() {
            if !space && !out.is_empty() {
                out.push(' ');
            }
            space = true;
            continue;
        }
        space = false;
        if is_unsafe(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    Cow::Owned(out)
}

/// Display cells `s` takes on a terminal (wide CJK 2, combining marks 0).
pub fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// `s` cut to at most `cells` display cells, with an ellipsis when cut.
pub fn clip_width(s: &str, cells: usize) -> String {
    if width(s) <= cells {
        return s.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > cells {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// [`safe_text`] of `s` clipped to `cells` ([`clip_width`]), sanitising only the head that
/// can show: a table row shows 120 cells of a task's paragraph, and making the whole
/// paragraph safe (NFC, whitespace, escapes) first cost more than the rest of the table.
/// The head is taken when its safe form is more than a cell wider than `cells`: then every
/// character the clip keeps, and the one that ends it, lie before the head's last cluster,
/// the only part that composing or trimming at the cut could change.
pub fn safe_clip(s: &str, cells: usize) -> String {
    let head_chars = cells.saturating_mul(2).saturating_add(8);
    if let Some((cut, _)) = s.char_indices().nth(head_chars) {
        let head = safe_text(&s[..cut]);
        if width(&head) > cells + 1 {
            return clip_width(&head, cells);
        }
    }
    clip_width(&safe_text(s), cells)
}

/// [`safe_clip`] without a copy when `s` is safe and fits already (a date, a reference, a
/// status: most cells of a table).
pub fn safe_fit(s: &str, cells: usize) -> Cow<'_, str> {
    // An escape widens a character at most sixfold; a longer text is clipped from its head.
    if s.len() <= cells.saturating_mul(6) {
        let safe = safe_text(s);
        if width(&safe) <= cells {
            return safe;
        }
    }
    Cow::Owned(safe_clip(s, cells))
}

/// `s` padded with spaces to `cells` display cells (clipped when longer).
pub fn pad_width(s: &str, cells: usize) -> String {
    let mut out = clip_width(s, cells);
    let w = width(&out);
    out.extend(std::iter::repeat_n(' ', cells.saturating_sub(w)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte scan finds exactly the characters `is_unsafe` names, and NBSP, and says
    /// what `plainly_nfc` says of the rest, for every scalar value, alone, between letters
    /// and beside a space.
    #[test]
    fn byte_scan_agrees_with_is_unsafe_and_plainly_nfc() {
        let want = |s: &str, c: char| {
            if is_unsafe(c) || c == '\u{a0}' || s.contains("  ") {
                Scan::Dirty
            } else if kiemchung_extractors::text::plainly_nfc(s) {
                Scan::Clean
            } else {
                Scan::CheckNfc
            }
        };
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            for s in [
                c.to_string(),
                format!("ệ{c}a"),
                format!("a {c}"),
                format!("{c} "),
            ] {
                assert_eq!(scan(&s), want(&s, c), "U+{:04X} in {s:?}", c as u32);
            }
        }
        assert_eq!(scan("Sở Nội vụ  chủ trì"), Scan::Dirty);
        assert_eq!(scan("Sở Nội vụ chủ trì"), Scan::Clean);
        assert_eq!(scan("So\u{302}\u{301}"), Scan::CheckNfc);
    }

    /// The chunked scan says what the byte-by-byte scan says of long texts, whatever is put
    /// at whatever place, chunk edges included.
    #[test]
    fn chunks_skipped_hold_nothing_the_byte_scan_would_see() {
        let slow = |s: &str| {
            let mut plain = true;
            if scan_bytes(s.as_bytes(), 0..s.len(), &mut plain) {
                Scan::Dirty
            } else if plain {
                Scan::Clean
            } else {
                Scan::CheckNfc
            }
        };
        let base = "Sở Nội vụ chủ trì, phối hợp với các cơ quan liên quan tham mưu Ủy ban \
                    nhân dân tỉnh; hoàn thành trước ngày 31/12/2025. ";
        let mut seen = [0; 3];
        for put in [
            "  ",
            "\u{1b}[2J",
            "\u{a0}",
            "e\u{301}",
            "\u{202e}",
            "中",
            "\t",
            "x",
            "\u{7f}",
            "\u{85}",
            "\u{1f600}",
            "ế",
            " ",
        ] {
            for at in (0..=base.len()).filter(|&i| base.is_char_boundary(i)) {
                let s = format!("{}{put}{}", &base[..at], &base[at..]);
                let want = slow(&s);
                assert_eq!(scan(&s), want, "{put:?} at {at}");
                seen[want as usize] += 1;
            }
        }
        assert!(seen.iter().all(|&n| n > 0), "{seen:?}");
        assert_eq!(scan(base), Scan::Clean);
    }

    /// Clipping the safe head of a text gives what clipping the whole safe text gives, at
    /// every width, with combining marks, wide characters, whitespace runs and escapes at
    /// the cut.
    #[test]
    fn safe_clip_is_clip_of_safe_text() {
        let texts = [
            "Sở Nội vụ chủ trì, phối hợp với các sở, ban, ngành tham mưu UBND tỉnh",
            // NFD: every mark its own character.
            "So\u{302}\u{301} ho\u{31b}\u{323}p đo\u{302}\u{300}ng va\u{300}   nhie\u{323}\u{302}m vu\u{323}",
            "a\u{1b}[31mđỏ\u{7}\t\n  b\u{a0}\u{a0}c 漢字漢字漢字 \u{202e}x\u{202c}",
            "ngắn",
            "",
        ];
        for t in texts {
            let long = t.repeat(7);
            for s in [t, long.as_str()] {
                for cells in 0..60 {
                    assert_eq!(
                        safe_clip(s, cells),
                        clip_width(&safe_text(s), cells),
                        "{s:?} at {cells}"
                    );
                }
            }
        }
    }

    #[test]
    fn escape_sequences_are_shown_not_obeyed() {
        assert_eq!(
            safe_text("Công văn \u{1b}[31mđỏ\u{7}"),
            "Công văn \\u{1b}[31mđỏ\\u{7}"
        );
        assert_eq!(safe_text("a\u{202E}b"), "a\\u{202e}b");
        assert_eq!(safe_text("x\u{9b}y"), "x\\u{9b}y");
    }

    #[test]
    fn multi_line_notes_become_one_row() {
        assert_eq!(
            safe_text("dòng 1\r\ndòng 2\n\n\tdòng 3  "),
            "dòng 1 dòng 2 dòng 3"
        );
    }

    #[test]
    fn clean_text_is_borrowed_and_nfd_is_composed() {
        assert!(matches!(safe_text("Quyết định 47"), Cow::Borrowed(_)));
        let nfd: String = "Quyết định".nfd().collect();
        assert_eq!(safe_text(&nfd), "Quyết định");
    }

    #[test]
    fn width_counts_cells() {
        let nfd: String = "Hà Nội".nfd().collect();
        assert_eq!(width(&nfd), 6);
        assert_eq!(width("文書"), 4);
        assert_eq!(pad_width(&nfd, 8).chars().filter(|c| *c == ' ').count(), 3);
        assert_eq!(width(&clip_width("文書文書文書", 5)), 5);
        assert_eq!(clip_width("ab", 2), "ab");
    }
}

/// When to colour or embolden output (`--color`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// Trên terminal, trừ khi đặt biến `NO_COLOR` (<https://no-color.org>).
    #[default]
    Auto,
    /// Luôn tô màu.
    Always,
    /// Không bao giờ.
    Never,
}

static COLOR: std::sync::OnceLock<ColorChoice> = std::sync::OnceLock::new();

/// Sets the choice for this run (once, from the command line).
pub fn set_color(choice: ColorChoice) {
    let _ = COLOR.set(choice);
}

/// Whether output to stdout may carry colour or bold sequences.
pub fn color_stdout() -> bool {
    use std::io::IsTerminal;
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    decide_color(
        COLOR.get().copied().unwrap_or_default(),
        no_color,
        std::io::stdout().is_terminal(),
    )
}

fn decide_color(choice: ColorChoice, no_color: bool, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && !no_color,
    }
}

#[cfg(test)]
mod color_tests {
    use super::*;

    #[test]
    fn no_color_and_the_flag_decide() {
        assert!(decide_color(ColorChoice::Auto, false, true));
        assert!(!decide_color(ColorChoice::Auto, true, true));
        assert!(!decide_color(ColorChoice::Auto, false, false));
        assert!(decide_color(ColorChoice::Always, true, false));
        assert!(!decide_color(ColorChoice::Never, false, true));
    }
}
