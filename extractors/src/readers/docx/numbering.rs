//! Automatic list numbering (`word/numbering.xml`).
//!
//! Offices number task items ("1.", "a)", "2.1.") and dash the Kính gửi / Nơi nhận lists with
//! Word's list feature, so those markers are not in `document.xml` at all. The parsers read
//! them from the text, so we render them as Word displays them: a counter per list instance
//! (`w:num`) and level, deeper levels restarting when a shallower one advances, the level's
//! `w:lvlText` template (`%1.%2.`) filled with each level's `w:numFmt`.

use std::collections::HashMap;

use quick_xml::NsReader;
use quick_xml::events::Event;

use super::{attr, symbols};
use crate::readers::roman::roman;

#[derive(Debug, Clone, Default)]
struct Level {
    start: u32,
    format: String,
    text: String,
    /// Font of the marker (bullets are often symbol-font characters).
    font: String,
}

/// The list definitions of one document.
#[derive(Debug, Clone, Default)]
pub struct Numbering {
    /// abstractNumId → levels by `ilvl`.
    abstracts: HashMap<String, HashMap<u32, Level>>,
    /// numId → (abstractNumId, start overrides by level).
    nums: HashMap<String, (String, HashMap<u32, u32>)>,
}

impl Numbering {
    /// Parses `numbering.xml`; whatever cannot be read is left out (lists lose markers,
    /// the text stays).
    pub fn parse(xml: &str) -> Numbering {
        let mut n = Numbering::default();
        let mut reader = NsReader::from_str(xml);
        let mut abstract_id: Option<String> = None;
        let mut num_id: Option<String> = None;
        let mut level: Option<(u32, Level)> = None;
        let mut override_level: Option<u32> = None;
        loop {
            let event = match reader.read_event() {
                Ok(Event::Eof) | Err(_) => break,
                Ok(e) => e,
            };
            match event {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let empty = matches!(event, Event::Empty(_));
                    match e.local_name().as_ref() {
                        "abstractNum" if !empty => abstract_id = attr(e, "abstractNumId"),
                        "lvl" if !empty && abstract_id.is_some() => {
                            let ilvl = attr(e, "ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                            level = Some((
                                ilvl,
                                Level {
                                    start: 1,
                                    format: "decimal".to_owned(),
                                    text: String::new(),
                                    font: String::new(),
                                },
                            ));
                        }
                        "start" => {
                            if let Some((_, l)) = level.as_mut() {
                                l.start = attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(1);
                            }
                        }
                        "numFmt" => {
                            if let Some((_, l)) = level.as_mut() {
                                l.format = attr(e, "val").unwrap_or_default();
                            }
                        }
                        "lvlText" => {
                            if let Some((_, l)) = level.as_mut() {
                                l.text = attr(e, "val").unwrap_or_default();
                            }
                        }
                        "rFonts" => {
                            if let Some((_, l)) = level.as_mut() {
                                l.font = attr(e, "ascii")
                                    .or_else(|| attr(e, "hAnsi"))
                                    .unwrap_or_default();
                            }
                        }
                        "num" if !empty => num_id = attr(e, "numId"),
                        "abstractNumId" => {
                            if let (Some(id), Some(abs)) = (&num_id, attr(e, "val")) {
                                n.nums.entry(id.clone()).or_default().0 = abs;
                            }
                        }
                        "lvlOverride" if !empty => {
                            override_level = attr(e, "ilvl").and_then(|v| v.parse().ok());
                        }
                        "startOverride" => {
                            if let (Some(id), Some(ilvl), Some(start)) = (
                                &num_id,
                                override_level,
                                attr(e, "val").and_then(|v| v.parse().ok()),
                            ) {
                                n.nums.entry(id.clone()).or_default().1.insert(ilvl, start);
                            }
                        }
                        _ => {}
                    }
                }
                Event::End(ref e) => match e.local_name().as_ref() {
                    "lvl" => {
                        if let (Some(abs), Some((ilvl, l))) = (&abstract_id, level.take()) {
                            n.abstracts.entry(abs.clone()).or_default().insert(ilvl, l);
                        }
                    }
                    "abstractNum" => abstract_id = None,
                    "num" => num_id = None,
                    "lvlOverride" => override_level = None,
                    _ => {}
                },
                _ => {}
            }
        }
        n
    }

    fn level(&self, num_id: &str, ilvl: u32) -> Option<(&Level, Option<u32>)> {
        let (abs, overrides) = self.nums.get(num_id)?;
        let level = self.abstracts.get(abs)?.get(&ilvl)?;
        Some((level, overrides.get(&ilvl).copied()))
    }
}

/// Running counters while the document is read.
#[derive(Debug, Default)]
pub struct Counters {
    /// numId → counter per level (index = ilvl).
    by_num: HashMap<String, Vec<Option<u32>>>,
}

impl Counters {
    /// Advances list `num_id` at level `ilvl` and returns the marker to put before the
    /// paragraph's text (with its trailing space), or `None` for unnumbered paragraphs.
    pub fn next(&mut self, numbering: &Numbering, num_id: &str, ilvl: u32) -> Option<String> {
        if num_id.is_empty() || num_id == "0" || ilvl > 8 {
            return None;
        }
        let (level, start_override) = numbering.level(num_id, ilvl)?;
        let idx = ilvl as usize;
        let counters = self.by_num.entry(num_id.to_owned()).or_default();
        if counters.len() <= idx {
            counters.resize(idx + 1, None);
        }
        let value = match counters[idx] {
            Some(v) => v.saturating_add(1),
            None => start_override.unwrap_or(level.start),
        };
        counters[idx] = Some(value);
        counters.truncate(idx + 1);

        let marker = match level.format.as_str() {
            "none" => return None,
            "bullet" => symbols::bullet(&level.text, &level.font),
            _ => {
                let mut out = String::new();
                let mut chars = level.text.chars().peekable();
                while let Some(c) = chars.next() {
                    let digit = chars.peek().and_then(|d| d.to_digit(10));
                    match (c, digit) {
                        ('%', Some(d @ 1..=9)) => {
                            chars.next();
                            let l = (d - 1) as usize;
                            let v = counters.get(l).copied().flatten().unwrap_or_else(|| {
                                numbering
                                    .level(num_id, d - 1)
                                    .map(|(lv, o)| o.unwrap_or(lv.start))
                                    .unwrap_or(1)
                            });
                            let fmt = numbering
                                .level(num_id, d - 1)
                                .map(|(lv, _)| lv.format.as_str())
                                .unwrap_or("decimal");
                            out.push_str(&format_number(v, fmt));
                        }
                        _ => out.push(c),
                    }
                }
                out
            }
        };
        if marker.trim().is_empty() {
            None
        } else {
            Some(format!("{marker} "))
        }
    }
}

fn format_number(v: u32, format: &str) -> String {
    match format {
        "lowerLetter" => letters(v, false),
        "upperLetter" => letters(v, true),
        "lowerRoman" => roman(v).to_lowercase(),
        "upperRoman" => roman(v),
        "decimalZero" => format!("{v:02}"),
        _ => v.to_string(),
    }
}

/// Word's letter numbering: a..z, then aa..zz, ...
fn letters(v: u32, upper: bool) -> String {
    if v == 0 {
        return String::new();
    }
    let idx = (v - 1) % 26;
    let repeat = ((v - 1) / 26 + 1).min(10) as usize;
    let base = if upper { b'A' } else { b'a' };
    let c = char::from(base + idx as u8);
    std::iter::repeat_n(c, repeat).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NUMBERING: &str = r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
      <w:abstractNum w:abstractNumId="3">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2."/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>
      </w:abstractNum>
      <w:abstractNum w:abstractNumId="4">
        <w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/></w:lvl>
        <w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/><w:lvlText w:val="&#61623;"/><w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol" w:hint="default"/></w:rPr></w:lvl>
      </w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="3"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="4"/></w:num>
      <w:num w:numId="5"><w:abstractNumId w:val="3"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="4"/></w:lvlOverride></w:num>
    </w:numbering>"#;

    #[test]
    fn markers_follow_word() {
        let n = Numbering::parse(NUMBERING);
        let mut c = Counters::default();
        let seq: Vec<Option<String>> = [
            ("1", 0),
            ("1", 1),
            ("1", 2),
            ("1", 2),
            ("1", 1),
            ("1", 2),
            ("1", 0),
            ("2", 0),
            ("2", 1),
            ("5", 0),
            ("0", 0),
            ("9", 0),
        ]
        .iter()
        .map(|(id, l)| c.next(&n, id, *l))
        .collect();
        let want = [
            Some("I. "),
            Some("I.1. "),
            Some("a) "),
            Some("b) "),
            Some("I.2. "),
            Some("a) "),
            Some("II. "),
            Some("- "),
            Some("• "),
            Some("IV. "),
            None,
            None,
        ];
        let want: Vec<Option<String>> = want.iter().map(|w| w.map(str::to_owned)).collect();
        assert_eq!(seq, want);
    }

    #[test]
    fn number_formats() {
        assert_eq!(letters(1, false), "a");
        assert_eq!(letters(27, true), "AA");
        assert_eq!(roman(14), "XIV");
        assert_eq!(format_number(5, "decimalZero"), "05");
    }
}
