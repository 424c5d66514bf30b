//! Per-file budgets: how long one file may take and how much text it may produce.
//!
//! Why cooperative: a reader cannot be killed from outside without killing the process (Rust
//! threads cannot be cancelled, and a half-finished reader may hold locks or leave the batch's
//! allocator in any state). So every reader carries a [`Budget`] and asks it, in its loops,
//! whether time is up ([`Budget::check`]); when it is, the reader stops and the file becomes an
//! error record with warning [`crate::warnings::TIME_BUDGET_EXCEEDED`] while the batch goes on.
//! Work inside third-party parsers that cannot be interrupted (lopdf loading a file,
//! html5ever building a tree) is bounded by the size caps instead, and the application's
//! watchdog reports a file that still runs long past its budget.
//!
//! Why text caps: a reader's output is copied several times on its way to a record
//! (decoding, legacy-font repair, NFC, stamp splitting, the index), so a 200 MB one-line TXT
//! cost 1.9 GB. Readers decode at most [`Budget::max_text_bytes`] of text (warning
//! [`crate::warnings::TEXT_CAPPED`]), which keeps memory near the file's own size.

use std::time::{Duration, Instant};

use crate::Options;
use crate::readers::ReadError;

/// How many loop turns a reader may take between two clock reads. Reading the clock costs
/// about 25 ns; one check per few thousand turns costs nothing measurable.
pub const CHECK_EVERY: usize = 4096;

/// The budget of one file, started when its reading starts.
#[derive(Debug, Clone)]
pub struct Budget {
    started: Instant,
    limit: Option<Duration>,
    /// Most bytes of text a reader produces; the rest of the file is not read.
    pub max_text_bytes: usize,
}

impl Budget {
    /// A budget starting now, with the limits of `opts`.
    pub fn start(opts: &Options) -> Budget {
        Budget {
            started: Instant::now(),
            limit: opts.max_file_time,
            max_text_bytes: opts.max_text_bytes,
        }
    }

    /// No limit at all (tools and tests that call one reader directly).
    pub fn unlimited() -> Budget {
        Budget {
            started: Instant::now(),
            limit: None,
            max_text_bytes: usize::MAX,
        }
    }

    /// Whether the time is up.
    pub fn expired(&self) -> bool {
        self.limit.is_some_and(|l| self.started.elapsed() > l)
    }

    /// `Err` once the time is up: readers return it with `?` from their loops.
    pub fn check(&self) -> Result<(), ReadError> {
        match self.limit {
            Some(limit) if self.started.elapsed() > limit => Err(ReadError::TimeBudget {
                seconds: limit.as_secs_f64(),
            }),
            _ => Ok(()),
        }
    }

    /// [`Budget::check`] on every [`CHECK_EVERY`]th turn `n` of a loop.
    pub fn check_every(&self, n: usize) -> Result<(), ReadError> {
        if n.is_multiple_of(CHECK_EVERY) {
            self.check()
        } else {
            Ok(())
        }
    }

    /// Cuts `text` to [`Budget::max_text_bytes`] at a character boundary; true if it was cut.
    pub fn cap_text(&self, text: &mut String) -> bool {
        if text.len() <= self.max_text_bytes {
            return false;
        }
        let end = floor_char_boundary(text, self.max_text_bytes);
        text.truncate(end);
        true
    }

    /// The first [`Budget::max_text_bytes`] of UTF-8 `bytes` (a few more bytes than that
    /// for 8-bit encodings is harmless), and whether anything was left out. Cut at a line
    /// end when one is near, else at a UTF-8 sequence start.
    /// Text with a UTF-16 byte-order mark is cut between code units instead.
    pub fn cap_input<'a>(&self, bytes: &'a [u8]) -> (&'a [u8], bool) {
        if bytes.len() <= self.max_text_bytes {
            return (bytes, false);
        }
        if let Some((enc, _)) = encoding_rs::Encoding::for_bom(bytes)
            && enc != encoding_rs::UTF_8
        {
            return cap_utf16(bytes, self.max_text_bytes, enc);
        }
        let mut end = self.max_text_bytes;
        let floor = end.saturating_sub(4096);
        if let Some(nl) = bytes[floor..end].iter().rposition(|&b| b == b'\n') {
            end = floor + nl + 1;
        } else {
            // Back to the start of a UTF-8 sequence (at most 3 continuation bytes).
            let mut k = 0;
            while k < 3 && end > 0 && bytes[end] & 0xC0 == 0x80 {
                end -= 1;
                k += 1;
            }
        }
        (&bytes[..end], true)
    }
}

/// The first `max` bytes of UTF-16 text, cut between two code units and never between the
/// halves of a surrogate pair (that would make the decoder report invalid text).
fn cap_utf16<'a>(
    bytes: &'a [u8],
    max: usize,
    enc: &'static encoding_rs::Encoding,
) -> (&'a [u8], bool) {
    if bytes.len() <= max || max < 4 {
        return (bytes, false);
    }
    let mut end = max & !1;
    let high_byte = if enc == encoding_rs::UTF_16LE {
        bytes[end - 1]
    } else {
        bytes[end - 2]
    };
    if (0xD8..=0xDB).contains(&high_byte) {
        end -= 2;
    }
    (&bytes[..end], true)
}

/// The largest character boundary of `s` not above `i`.
fn floor_char_boundary(s: &str, i: usize) -> usize {
    let mut end = i.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn budget(limit: Option<Duration>, max_text_bytes: usize) -> Budget {
        Budget {
            started: Instant::now(),
            limit,
            max_text_bytes,
        }
    }

    #[test]
    fn expired_budget_is_an_error_naming_the_limit() {
        let b = budget(Some(Duration::ZERO), 10);
        std::thread::sleep(Duration::from_millis(2));
        assert!(b.expired());
        let err = b.check().unwrap_err();
        assert!(matches!(err, ReadError::TimeBudget { .. }), "{err:?}");
        assert!(err.to_string().contains("0 s"), "{err}");
        // Checked only on every CHECK_EVERY-th turn.
        assert!(b.check_every(1).is_ok());
        assert!(b.check_every(CHECK_EVERY).is_err());
        assert!(budget(None, 10).check().is_ok());
    }

    #[test]
    fn text_is_cut_at_a_character_boundary() {
        let b = budget(None, 3);
        let mut s = "Số: 47".to_owned(); // "ố" is bytes 1..4: a cut at 3 falls inside it
        assert!(b.cap_text(&mut s));
        assert_eq!(s, "S");
        let mut short = "abc".to_owned();
        assert!(!b.cap_text(&mut short));
        assert_eq!(short, "abc");
    }

    #[test]
    fn input_is_cut_at_a_line_end_or_sequence_start() {
        let b = budget(None, 8);
        assert_eq!(b.cap_input(b"ab\ncdefghij"), (&b"ab\n"[..], true));
        let s = "aaaaaaaố".as_bytes(); // ố starts at byte 7, 3 bytes long
        assert_eq!(b.cap_input(s), (&s[..7], true));
        assert_eq!(b.cap_input(b"short"), (&b"short"[..], false));
    }
}
