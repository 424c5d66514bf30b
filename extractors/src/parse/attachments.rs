//! Several documents in one file: where the first one ends.
//!
//! Offices file a letter together with what it sends: the draft it consults on, an opinion
//! form (`PHIẾU GHI Ý KIẾN`), appendices after the signature. Each of those carries its own
//! header, căn cứ list, Nơi nhận and signature, which would otherwise overwrite the letter's
//! own fields (the draft's signer taken for the letter's, its căn cứ for the letter's
//! citations). Nghị định 30 gives every document its Quốc hiệu at the top, and an attachment
//! only ever follows the first document's Nơi nhận; so the first document ends where, after
//! its Nơi nhận, a new Quốc hiệu (with the agency lines typed above it) or an appendix heading
//! (`PHỤ LỤC`, `DỰ THẢO`) begins. The record is the first document's; the whole text is
//! still indexed by the caller.

use crate::text::fold;

/// A line that opens another document: the Quốc hiệu, or an attachment's own heading.
fn opens_document(folded: &str, line: &str) -> bool {
    let t = folded.trim();
    t.starts_with("cong hoa xa hoi chu nghia viet nam")
        || t.contains("cong hoa xa hoi chu nghia viet nam") && t.len() < 120
        || (is_caps(line)
            && (t.starts_with("phu luc") || t == "du thao" || t.starts_with("phieu ghi y kien")))
}

fn is_caps(s: &str) -> bool {
    let letters = s.chars().filter(|c| c.is_alphabetic());
    let mut any = false;
    for c in letters {
        if c.is_lowercase() {
            return false;
        }
        any = true;
    }
    any
}

/// `fold(line).starts_with(prefix)` (ASCII `prefix`), folding only the line's first chars
/// when they are enough to decide.
fn folded_starts_with(line: &str, prefix: &str) -> bool {
    let cut = line
        .char_indices()
        .nth(prefix.len() + 4)
        .map_or(line.len(), |(i, _)| i);
    let head = fold(&line[..cut]);
    if head.len() >= prefix.len() || cut == line.len() {
        head.starts_with(prefix)
    } else {
        fold(line).starts_with(prefix)
    }
}

/// Where a second document starts in `text`: (byte offset, 1-based line), if one does.
pub fn split(text: &str) -> Option<(usize, usize)> {
    let mut seen_quoc_hieu = false;
    let mut seen_noi_nhan = false;
    // (offset, line text) of the recent non-blank lines, to step back over the agency
    // lines typed above a new Quốc hiệu.
    let mut recent: Vec<(usize, usize, &str)> = Vec::new();
    let mut offset = 0;
    for (n, raw) in text.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += raw.len();
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        // Between the Quốc hiệu and Nơi nhận (the body) only a line starting with `Nơi nhận`
        // or holding `| Nơi nhận` matters: no need to fold the whole line.
        if seen_quoc_hieu && !seen_noi_nhan && !line.contains('|') {
            if folded_starts_with(line, "noi nhan") {
                seen_noi_nhan = true;
            }
            recent.push((start, n + 1, line));
            continue;
        }
        let f = fold(line);
        if seen_noi_nhan && seen_quoc_hieu && opens_document(&f, line) {
            // Step back over at most two capitals lines right above (the agency column of a
            // header flattened before the Quốc hiệu), never over a signer's name.
            let mut cut = (start, n + 1);
            for &(o, ln, prev) in recent.iter().rev().take(2) {
                let first = prev.split_whitespace().next().unwrap_or("");
                let looks_agency = is_caps(prev)
                    && !super::header::names::is_surname(first)
                    && !fold(prev).contains("noi nhan");
                if !looks_agency || ln + 3 < cut.1 {
                    break;
                }
                cut = (o, ln);
            }
            return Some(cut);
        }
        if f.contains("cong hoa xa hoi chu nghia viet nam") {
            seen_quoc_hieu = true;
        }
        if seen_quoc_hieu && (f.starts_with("noi nhan") || f.contains("| noi nhan")) {
            seen_noi_nhan = true;
        }
        recent.push((start, n + 1, line));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const LETTER: &str = "UBND TỈNH X\nVĂN PHÒNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 12/VP-NC\nKính gửi: Sở Nội vụ\nNội dung thư.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\nCHÁNH VĂN PHÒNG\nNguyễn Văn A\n";

    #[test]
    fn a_draft_after_the_letter_starts_at_its_agency_lines() {
        let text = format!(
            "{LETTER}\nỦY BAN NHÂN DÂN\nTỈNH X\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nQUYẾT ĐỊNH\n"
        );
        let (at, line) = split(&text).expect("second document");
        assert!(
            text[at..].starts_with("ỦY BAN NHÂN DÂN\nTỈNH X\nCỘNG"),
            "{}",
            &text[at..]
        );
        assert_eq!(line, 13);
    }

    #[test]
    fn an_appendix_heading_after_the_nơi_nhận() {
        let text = format!("{LETTER}PHỤ LỤC I\nDanh sách\n");
        let (at, _) = split(&text).expect("appendix");
        assert!(text[at..].starts_with("PHỤ LỤC I"));
    }

    #[test]
    fn a_single_document_is_not_split() {
        assert_eq!(split(LETTER), None);
        // An appendix named in the body, before the Nơi nhận, is no cut.
        let text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nPHỤ LỤC I\nNơi nhận:\n- Lưu: VT.\n";
        assert_eq!(split(text), None);
    }

    #[test]
    fn a_signer_name_in_capitals_stays_with_the_letter() {
        let text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nNội dung.\nNơi nhận:\n- Lưu: VT.\nGIÁM ĐỐC\nNGUYỄN VĂN A\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n";
        let (at, _) = split(text).expect("second document");
        assert!(text[..at].ends_with("NGUYỄN VĂN A\n"), "{}", &text[..at]);
    }
}
