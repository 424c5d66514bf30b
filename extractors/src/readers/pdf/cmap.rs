//! ToUnicode CMaps: character codes → Unicode text.
//!
//! Our own small parser instead of lopdf's because the layout pass needs what lopdf keeps
//! private: the codespace ranges (to split a string into codes of 1–4 bytes before looking
//! anything up, so a glyph's width and its text stay paired) and a "not mapped" answer
//! distinct from U+FFFD (unmapped glyphs are dropped and counted, not printed as �).
//!
//! Only the operators that matter for text are read: `begincodespacerange`, `beginbfchar`,
//! `beginbfrange` (with a start string or an array of strings). Everything else in the
//! PostScript wrapper is skipped token by token, so garbage never stops the parse.

use std::borrow::Cow;
use std::collections::HashMap;

/// A parsed ToUnicode CMap.
#[derive(Debug, Default, Clone)]
pub struct ToUnicode {
    /// (low, high, byte length).
    codespace: Vec<(u32, u32, u8)>,
    /// Code (with its byte length in the top byte, so `<00>` and `<0000>` differ) → text.
    map: HashMap<u64, String>,
    /// Ranges mapped by incrementing the last UTF-16 unit of the start string.
    ranges: Vec<Range>,
}

#[derive(Debug, Clone)]
struct Range {
    lo: u32,
    hi: u32,
    len: u8,
    start: Vec<u16>,
}

#[derive(Debug, PartialEq)]
enum Tok<'a> {
    Hex(Vec<u8>),
    Open,
    Close,
    Word(&'a [u8]),
}

fn key(code: u32, len: u8) -> u64 {
    (u64::from(len) << 32) | u64::from(code)
}

fn hex_val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

fn tokenize(data: &[u8]) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < data.len() {
        let c = data[i];
        match c {
            b'%' => {
                while i < data.len() && data[i] != b'\n' && data[i] != b'\r' {
                    i += 1;
                }
            }
            b'<' if data.get(i + 1) == Some(&b'<') => i += 2,
            b'>' if data.get(i + 1) == Some(&b'>') => i += 2,
            b'<' => {
                i += 1;
                let mut nibbles = Vec::new();
                while i < data.len() && data[i] != b'>' {
                    if let Some(v) = hex_val(data[i]) {
                        nibbles.push(v);
                    }
                    i += 1;
                }
                i += 1;
                if nibbles.len() % 2 == 1 {
                    nibbles.push(0);
                }
                out.push(Tok::Hex(
                    nibbles.chunks(2).map(|p| (p[0] << 4) | p[1]).collect(),
                ));
            }
            b'[' => {
                out.push(Tok::Open);
                i += 1;
            }
            b']' => {
                out.push(Tok::Close);
                i += 1;
            }
            b'(' => {
                // Literal strings only appear in the wrapper (registry names): skip them.
                let mut depth = 0usize;
                while i < data.len() {
                    match data[i] {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                i += 1;
            }
            c if c.is_ascii_whitespace() => i += 1,
            _ => {
                let start = i;
                while i < data.len()
                    && !data[i].is_ascii_whitespace()
                    && !matches!(data[i], b'<' | b'>' | b'[' | b']' | b'(' | b'%')
                {
                    i += 1;
                }
                if i == start {
                    i += 1;
                } else {
                    out.push(Tok::Word(&data[start..i]));
                }
            }
        }
    }
    out
}

fn be(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .take(4)
        .fold(0u32, |acc, &b| (acc << 8) | u32::from(b))
}

fn utf16(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks(2)
        .map(|p| {
            if p.len() == 2 {
                u16::from_be_bytes([p[0], p[1]])
            } else {
                u16::from(p[0])
            }
        })
        .collect()
}

fn utf16_string(units: &[u16]) -> String {
    char::decode_utf16(units.iter().copied())
        .filter_map(Result::ok)
        .collect()
}

impl ToUnicode {
    /// Parses a decoded CMap stream. Never fails: what cannot be read is skipped.
    pub fn parse(data: &[u8]) -> ToUnicode {
        let toks = tokenize(data);
        let mut cm = ToUnicode::default();
        let mut i = 0;
        while i < toks.len() {
            match &toks[i] {
                Tok::Word(b"begincodespacerange") => {
                    i += 1;
                    while let (Some(Tok::Hex(lo)), Some(Tok::Hex(hi))) =
                        (toks.get(i), toks.get(i + 1))
                    {
                        if (1..=4).contains(&lo.len()) {
                            cm.codespace.push((be(lo), be(hi), lo.len() as u8));
                        }
                        i += 2;
                    }
                }
                Tok::Word(b"beginbfchar") => {
                    i += 1;
                    while let (Some(Tok::Hex(src)), Some(Tok::Hex(dst))) =
                        (toks.get(i), toks.get(i + 1))
                    {
                        if (1..=4).contains(&src.len()) {
                            cm.map
                                .insert(key(be(src), src.len() as u8), utf16_string(&utf16(dst)));
                        }
                        i += 2;
                    }
                }
                Tok::Word(b"beginbfrange") => {
                    i += 1;
                    while let (Some(Tok::Hex(lo)), Some(Tok::Hex(hi))) =
                        (toks.get(i), toks.get(i + 1))
                    {
                        let len = lo.len() as u8;
                        let (lo, hi) = (be(lo), be(hi));
                        i += 2;
                        match toks.get(i) {
                            Some(Tok::Hex(dst)) => {
                                if (1..=4).contains(&len) && hi >= lo && hi - lo < 0x1_0000 {
                                    cm.ranges.push(Range {
                                        lo,
                                        hi,
                                        len,
                                        start: utf16(dst),
                                    });
                                }
                                i += 1;
                            }
                            Some(Tok::Open) => {
                                i += 1;
                                let mut code = lo;
                                while let Some(Tok::Hex(dst)) = toks.get(i) {
                                    if code <= hi && (1..=4).contains(&len) {
                                        cm.map.insert(key(code, len), utf16_string(&utf16(dst)));
                                    }
                                    code = code.saturating_add(1);
                                    i += 1;
                                }
                                if toks.get(i) == Some(&Tok::Close) {
                                    i += 1;
                                }
                            }
                            _ => break,
                        }
                    }
                }
                _ => i += 1,
            }
        }
        // Individual chars win over ranges; later ranges win over earlier ones. Ranges are
        // expanded into the map (one hash lookup per glyph) up to a bound; the rest stay
        // ranges.
        cm.ranges.reverse();
        let mut budget: u32 = 200_000;
        let mut kept = Vec::new();
        for r in std::mem::take(&mut cm.ranges) {
            let n = r.hi - r.lo + 1;
            if n > budget {
                kept.push(r);
                continue;
            }
            budget -= n;
            for code in r.lo..=r.hi {
                let mut units = r.start.clone();
                if let Some(last) = units.last_mut() {
                    *last = last.wrapping_add((code - r.lo) as u16);
                }
                cm.map
                    .entry(key(code, r.len))
                    .or_insert_with(|| utf16_string(&units));
            }
        }
        cm.ranges = kept;
        cm
    }

    /// True when the CMap declares codespace ranges (then they decide code lengths).
    pub fn has_codespace(&self) -> bool {
        !self.codespace.is_empty()
    }

    /// Length in bytes of the code starting at `bytes[0]`, from the codespace ranges.
    pub fn code_len(&self, bytes: &[u8]) -> Option<usize> {
        for len in 1..=4u8 {
            if bytes.len() < len as usize {
                break;
            }
            let code = be(&bytes[..len as usize]);
            if self.codespace.iter().any(|&(lo, hi, l)| {
                l == len
                    && (0..len).all(|k| {
                        let shift = 8 * u32::from(k);
                        let b = (code >> shift) & 0xff;
                        (lo >> shift) & 0xff <= b && b <= (hi >> shift) & 0xff
                    })
            }) {
                return Some(len as usize);
            }
        }
        None
    }

    /// The text for `code` of `len` bytes, if mapped.
    pub fn lookup(&self, code: u32, len: u8) -> Option<Cow<'_, str>> {
        if let Some(s) = self.map.get(&key(code, len)) {
            return Some(Cow::Borrowed(s));
        }
        let r = self
            .ranges
            .iter()
            .find(|r| r.len == len && r.lo <= code && code <= r.hi)?;
        let mut units = r.start.clone();
        if let Some(last) = units.last_mut() {
            // Offsets are small (checked at parse), so the cast cannot wrap in practice.
            *last = last.wrapping_add((code - r.lo) as u16);
        }
        Some(Cow::Owned(utf16_string(&units)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CMAP: &[u8] = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def /CMapType 2 def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
3 beginbfchar
<0003> <0020>
<0011> <1EA3>
<0012><00660069>
endbfchar
2 beginbfrange
<0020> <0022> <0061>
<0030> <0032> [<1ED9> <01B0> <0110>]
endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end";

    #[test]
    fn bfchar_bfrange_and_arrays() {
        let cm = ToUnicode::parse(CMAP);
        let cases: &[(u32, &str)] = &[
            (0x0003, " "),
            (0x0011, "ả"),
            (0x0012, "fi"),
            (0x0020, "a"),
            (0x0022, "c"),
            (0x0030, "ộ"),
            (0x0031, "ư"),
            (0x0032, "Đ"),
        ];
        for &(code, want) in cases {
            assert_eq!(cm.lookup(code, 2).as_deref(), Some(want), "code {code:04x}");
        }
        assert_eq!(cm.lookup(0x0040, 2), None);
        assert_eq!(cm.lookup(0x11, 1), None, "1-byte <11> is not 2-byte <0011>");
    }

    #[test]
    fn codespace_decides_code_length() {
        let cm = ToUnicode::parse(
            b"2 begincodespacerange <00> <7F> <8000> <FFFF> endcodespacerange
              1 beginbfchar <41> <0041> endbfchar 1 beginbfchar <8140> <3000> endbfchar",
        );
        assert_eq!(cm.code_len(&[0x41, 0x81]), Some(1));
        assert_eq!(cm.code_len(&[0x81, 0x40]), Some(2));
        assert_eq!(cm.lookup(0x8140, 2).as_deref(), Some("\u{3000}"));
    }

    #[test]
    fn garbage_does_not_panic() {
        for data in [
            &b"beginbfrange <00> "[..],
            b"begincodespacerange <",
            b"<<>>[(((",
            b"",
        ] {
            let _ = ToUnicode::parse(data);
        }
    }
}
