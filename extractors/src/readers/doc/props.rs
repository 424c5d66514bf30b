//! Character properties that decide whether stored characters are document text.
//!
//! Why we read properties at all: a `.doc` keeps every character ever typed until the
//! revisions are accepted. A deleted word (tracked change) is still in the piece table, only
//! its character properties say "deleted" (`sprmCFRMarkDel`); hidden text (`sprmCFVanish`)
//! likewise. Printing them would give a letter the office never sent — "Giao Sở Nội vụ và Sở
//! Tài chính" where the signed text says "Giao Sở Nội vụ chủ trì" — so the reader shows the
//! document as it prints after accepting every change, as the DOCX and RTF readers do.
//!
//! Where Word stores them ([MS-DOC] 2.4.6, 2.9.x): character properties live in 512-byte
//! pages (`ChpxFkp`) of the WordDocument stream, found through the bin table `PlcBteChpx` in
//! the table stream. Each page maps stream offsets (FCs, not character positions) to a list
//! of property modifiers (`grpprl` of `Prl`: a 2-byte `sprm` and its operand). A fast-saved
//! file may also put modifiers on a whole piece (the piece descriptor's `Prm`). Only the two
//! toggles we need are read; every other modifier is skipped by its size.

use super::{u16_at, u32_at};

/// `sprmCFRMarkDel`: the run is a tracked deletion.
const SPRM_DELETED: u16 = 0x0800;
/// `sprmCFVanish`: the run is hidden text.
const SPRM_HIDDEN: u16 = 0x083C;
/// `sprmTDefTable` and `sprmPChgTabs`: the two variable-size modifiers whose operand does
/// not start with a one-byte size.
const SPRM_TDEF_TABLE: u16 = 0xD608;
const SPRM_PCHG_TABS: u16 = 0xC615;
/// `Prm0` (a single modifier on a piece) names it by a 7-bit index from Word 6's table;
/// these are the indexes of `sprmCFRMarkDel` and `sprmCFVanish` ([MS-DOC] 2.2.5.x).
const ISPRM_DELETED: u16 = 0x41;
const ISPRM_HIDDEN: u16 = 0x5C;
/// Size of a formatted disk page (`ChpxFkp`).
const PAGE: usize = 512;

/// What the properties of a run say about its characters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Flags {
    pub deleted: bool,
    pub hidden: bool,
}

impl Flags {
    pub fn any(self) -> bool {
        self.deleted || self.hidden
    }

    /// `other` applied on top of `self` (a piece's modifiers over its runs' pages).
    pub fn or(self, other: Flags) -> Flags {
        Flags {
            deleted: self.deleted || other.deleted,
            hidden: self.hidden || other.hidden,
        }
    }
}

/// A toggle operand: 1 is on, 0x81 is "the opposite of the style" — and no paragraph or
/// character style is deleted or hidden, so that is on too; 0 and 0x80 are off.
fn toggle(b: u8) -> bool {
    matches!(b, 0x01 | 0x81)
}

/// The size of the operand of `sprm` whose bytes start `rest`, from the `spra` bits
/// ([MS-DOC] 2.2.5.1). `None` when it cannot be known (the list is damaged).
fn operand_size(sprm: u16, rest: &[u8]) -> Option<usize> {
    match sprm >> 13 {
        0 | 1 => Some(1),
        2 | 4 | 5 => Some(2),
        3 => Some(4),
        7 => Some(3),
        _ => match sprm {
            // A 2-byte count, one more than the bytes that follow it.
            SPRM_TDEF_TABLE => Some(1 + u16_at(rest, 0)? as usize),
            SPRM_PCHG_TABS if rest.first() == Some(&255) => None,
            _ => Some(1 + *rest.first()? as usize),
        },
    }
}

/// The flags a list of modifiers (`grpprl`) sets. A damaged list yields what was read
/// before the damage.
pub(super) fn grpprl_flags(grpprl: &[u8]) -> Flags {
    let mut flags = Flags::default();
    let mut i = 0usize;
    while let Some(sprm) = u16_at(grpprl, i) {
        i += 2;
        let Some(size) = operand_size(sprm, &grpprl[i..]) else {
            break;
        };
        let Some(operand) = grpprl.get(i..i + size) else {
            break;
        };
        match sprm {
            SPRM_DELETED => flags.deleted = toggle(operand[0]),
            SPRM_HIDDEN => flags.hidden = toggle(operand[0]),
            _ => {}
        }
        i += size;
    }
    flags
}

/// The flags of a piece descriptor's `Prm`: one modifier by index (`Prm0`), or a list from
/// the `Clx`'s property runs (`Prm1`, `prcs`).
pub(super) fn prm_flags(prm: u16, prcs: &[&[u8]]) -> Flags {
    if prm & 1 == 0 {
        let isprm = (prm >> 1) & 0x7F;
        let on = toggle((prm >> 8) as u8);
        match isprm {
            ISPRM_DELETED => Flags {
                deleted: on,
                hidden: false,
            },
            ISPRM_HIDDEN => Flags {
                deleted: false,
                hidden: on,
            },
            _ => Flags::default(),
        }
    } else {
        prcs.get(usize::from(prm >> 1))
            .map(|g| grpprl_flags(g))
            .unwrap_or_default()
    }
}

/// Runs of the WordDocument stream whose characters are deleted or hidden: byte ranges
/// `[start, end)` (FCs), sorted, not overlapping.
#[derive(Debug, Default)]
pub(super) struct Marks {
    runs: Vec<(usize, usize, Flags)>,
}

impl Marks {
    /// Reads the character property pages the bin table (`PlcBteChpx` at `fc`/`lcb` of the
    /// table stream) points at. Damaged entries are skipped: a page we cannot read costs its
    /// marks, never the text. Each page is read once, however often a hostile table names it.
    pub fn read(word: &[u8], table: &[u8], fc: usize, lcb: usize) -> Marks {
        let mut runs = Vec::new();
        let Some(plc) = table.get(fc..fc.saturating_add(lcb)) else {
            return Marks::default();
        };
        if plc.len() < 4 {
            return Marks::default();
        }
        // (n + 1) FCs of 4 bytes then n page numbers of 4 bytes.
        let n = (plc.len() - 4) / 8;
        let mut seen = vec![false; word.len() / PAGE + 1];
        for k in 0..n {
            let Some(pn) = u32_at(plc, 4 * (n + 1) + 4 * k) else {
                break;
            };
            let pn = (pn & 0x003F_FFFF) as usize;
            match seen.get_mut(pn) {
                Some(s) if !*s => *s = true,
                _ => continue,
            }
            if let Some(page) = word.get(pn * PAGE..(pn + 1) * PAGE) {
                page_runs(page, &mut runs);
            }
        }
        Marks::from_runs(runs)
    }

    /// Sorts `runs` and trims overlaps (only a damaged file has them: the earlier run wins).
    pub fn from_runs(mut runs: Vec<(usize, usize, Flags)>) -> Marks {
        runs.retain(|&(s, e, f)| s < e && f.any());
        runs.sort_by_key(|r| r.0);
        let mut out: Vec<(usize, usize, Flags)> = Vec::with_capacity(runs.len());
        for (s, e, f) in runs {
            let s = out.last().map_or(s, |last| s.max(last.1));
            if s < e {
                out.push((s, e, f));
            }
        }
        Marks { runs: out }
    }

    /// Splits the characters `0..count` stored from byte `base`, `width` bytes each, into
    /// consecutive spans `(first, end, flags)` covering all of them.
    pub fn spans(&self, base: usize, width: usize, count: usize) -> Vec<(usize, usize, Flags)> {
        let end_fc = base.saturating_add(count.saturating_mul(width));
        // The character at index i starts at base + i·width; a run [s, e) covers the
        // characters whose start lies in it.
        let index = |fc: usize| fc.saturating_sub(base).div_ceil(width).min(count);
        let mut out = Vec::new();
        let mut at = 0usize;
        let first = self.runs.partition_point(|r| r.1 <= base);
        for &(s, e, flags) in &self.runs[first..] {
            if s >= end_fc {
                break;
            }
            let (i, j) = (index(s).max(at), index(e));
            if i >= j {
                continue;
            }
            if at < i {
                out.push((at, i, Flags::default()));
            }
            out.push((i, j, flags));
            at = j;
        }
        if at < count {
            out.push((at, count, Flags::default()));
        }
        out
    }
}

/// The runs of one `ChpxFkp` page whose properties mark them.
fn page_runs(page: &[u8], runs: &mut Vec<(usize, usize, Flags)>) {
    let crun = usize::from(page[PAGE - 1]);
    // rgfc: crun + 1 FCs, then rgb: one byte per run; all before the count byte.
    if crun == 0 || 4 * (crun + 1) + crun > PAGE - 1 {
        return;
    }
    for i in 0..crun {
        let (Some(start), Some(end)) = (u32_at(page, 4 * i), u32_at(page, 4 * (i + 1))) else {
            return;
        };
        let off = 2 * usize::from(page[4 * (crun + 1) + i]);
        if off == 0 || off >= PAGE - 1 {
            continue; // no properties beyond the style's
        }
        let cb = usize::from(page[off]);
        let grpprl = &page[off + 1..(off + 1 + cb).min(PAGE - 1)];
        let flags = grpprl_flags(grpprl);
        if flags.any() {
            runs.push((start as usize, end as usize, flags));
        }
    }
}
