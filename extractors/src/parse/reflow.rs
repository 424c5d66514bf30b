//! Line breaks for text that lost them.
//!
//! Some HTML-to-text pipelines (and copy-paste from a web viewer) give a whole document on
//! one line: `ỦY BAN NHÂN DÂN TỈNH … Số: 9125/UBND-KSTT Khánh Hòa, ngày 22 tháng 8 năm 2024
//! V/v … Kính gửi: - Các sở…; - UBND… Thực hiện … Nơi nhận: - Như trên; … KT. CHỦ TỊCH PHÓ
//! CHỦ TỊCH Lê Hữu Hoàng`. The header and closing parsers read lines and cells, so such a
//! line is cut again where Nghị định 30 puts a new line: before `Số:`, `V/v`, `Kính gửi:`,
//! `Nơi nhận:`, an authority mark (`KT.`, `TM.`, `TL.`, `TUQ.`, `Q.`, `T/M`), a list dash or a
//! numbered item that follows `:`/`;`/`.`; and inside the signature block between the
//! authority, the title and the name.
//!
//! Only lines that carry at least two header or closing anchors are touched: a long body
//! paragraph of an ordinary document stays as it is. The work is linear in the text.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

/// Anchors that say a line holds a header or a closing, not just a paragraph.
static ANCHORS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)c[ộo]ng\s+h[òo]a\s+x[ãa]\s+h[ộo]i|\bs[ốo]\s*:\s*\d*\s*/|k[íi]nh\s+g[ửu]i\s*:|n[ơo]i\s+nh[ậa]n\s*:")
        .expect("static regex")
});

/// Where a new line starts: the separator before it (`pre`) and the element (`key`); a
/// sentence `opener` starts a line only after a sentence or list end.
static BREAK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?P<pre>[:;.])?\s+(?P<key>(?:Số|SỐ)\s*:|V/v\s|Về việc\s|Kính gửi\s*:|KÍNH GỬI\s*:|Nơi nhận\s*:|NƠI NHẬN\s*:|(?:KT|TM|TL|TUQ|Q)\.\s*\p{Lu}|T/M\s+\p{Lu}|[-–+•]\s|\d{1,2}\.\s+\p{Lu}|[a-zđ]\)\s|(?P<opener>Thực hiện|Căn cứ|Triển khai|Phúc đáp|Tiếp theo|Nhận được|Theo đề nghị|Xét)\s)",
    )
    .expect("static regex")
});

/// Authority marks at the start of a reflowed line.
static AUTHORITY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:(?:KT|TM|TL|TUQ|Q)\.|T/M)\s*").expect("static regex"));

/// Titles that open the signer's own line after an authority line (upper case words).
const TITLE_HEADS: &[&str] = &[
    "PHÓ",
    "THỨ TRƯỞNG",
    "CHÁNH VĂN PHÒNG",
    "GIÁM ĐỐC",
    "CHỦ TỊCH",
    "TRƯỞNG BAN",
    "TRƯỞNG PHÒNG",
    "BÍ THƯ",
    "TỔNG CỤC TRƯỞNG",
    "CỤC TRƯỞNG",
    "VỤ TRƯỞNG",
    "VIỆN TRƯỞNG",
    "HIỆU TRƯỞNG",
];

/// Lines at least this long are candidates (a header row or a closing never is one line
/// this long in a document that kept its breaks).
const MIN_LEN: usize = 300;

/// `text` with breaks restored in the lines that need them; borrowed when none does.
pub fn reflow(text: &str) -> Cow<'_, str> {
    let needs = |l: &str| l.len() >= MIN_LEN && ANCHORS.find_iter(l).take(2).count() >= 2;
    if !text.split('\n').any(needs) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if needs(line) {
            reflow_line(line, &mut out);
        } else {
            out.push_str(line);
        }
    }
    Cow::Owned(out)
}

fn reflow_line(line: &str, out: &mut String) {
    let mut pieces: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut last = 0;
    for c in BREAK.captures_iter(line) {
        let (Some(whole), Some(key)) = (c.get(0), c.name("key")) else {
            continue;
        };
        let pre = c.name("pre");
        let k = key.as_str();
        // Dashes and numbered items start a line only after a list or sentence end.
        let needs_pre = k.starts_with(['-', '–', '+', '•'])
            || c.name("opener").is_some()
            || k.starts_with(|ch: char| ch.is_ascii_digit())
            || k.ends_with(") ");
        if needs_pre && pre.is_none() {
            continue;
        }
        cur.push_str(&line[last..whole.start()]);
        if let Some(p) = pre {
            cur.push_str(p.as_str());
        }
        pieces.push(std::mem::take(&mut cur));
        last = key.start();
    }
    cur.push_str(&line[last..]);
    pieces.push(cur);
    let mut first = true;
    for p in pieces {
        for l in split_signature(&p) {
            if !first {
                out.push('\n');
            }
            first = false;
            out.push_str(l.trim());
        }
    }
}

/// `KT. CHỦ TỊCH PHÓ CHỦ TỊCH Lê Hữu Hoàng` → authority, title, name.
fn split_signature(piece: &str) -> Vec<&str> {
    let Some(m) = AUTHORITY.find(piece) else {
        return vec![piece];
    };
    // The upper-case run after the mark, then the name.
    let rest = &piece[m.end()..];
    let mut upper_end = rest.len();
    let mut words: Vec<(usize, &str)> = Vec::new();
    let mut pos = 0;
    for w in rest.split(' ') {
        if !w.is_empty() {
            if w.chars().any(char::is_lowercase) {
                upper_end = pos;
                break;
            }
            words.push((pos, w));
        }
        pos += w.len() + 1;
    }
    let upper_end = upper_end.min(rest.len());
    // The title starts at the first title head after the authority's first word.
    let title_at = (1..words.len()).find_map(|i| {
        TITLE_HEADS.iter().find_map(|h| {
            let n = h.split(' ').count();
            let got: Vec<&str> = words.iter().skip(i).take(n).map(|(_, w)| *w).collect();
            (got.join(" ") == *h).then_some(words[i].0)
        })
    });
    let mut out = Vec::new();
    let base = m.end();
    match title_at {
        Some(t) => {
            out.push(&piece[..base + t]);
            out.push(&piece[base + t..base + upper_end]);
        }
        None => out.push(&piece[..base + upper_end]),
    }
    if upper_end < rest.len() {
        out.push(&piece[base + upper_end..]);
    }
    out.retain(|s| !s.trim().is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_document_gets_its_breaks_back() {
        let doc = "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - \
                   Tự do - Hạnh phúc Số: 9125/UBND-KSTT Khánh Hòa, ngày 22 tháng 8 năm 2024 V/v \
                   triển khai Kế hoạch số 98/KH-BNV Kính gửi: - Các sở, ban, ngành; - UBND các \
                   huyện. Thực hiện Kế hoạch số 98/KH-BNV ngày 05/8/2024 của Bộ Nội vụ, Chủ tịch \
                   UBND tỉnh có ý kiến như sau: 1. Giao Sở Nội vụ chủ trì. 2. Các sở có trách \
                   nhiệm. Nơi nhận: - Như trên; - Lưu: VT, KSTT. KT. CHỦ TỊCH PHÓ CHỦ TỊCH Lê \
                   Hữu Hoàng";
        let got = reflow(doc);
        let lines: Vec<&str> = got.lines().collect();
        for want in [
            "Số: 9125/UBND-KSTT Khánh Hòa, ngày 22 tháng 8 năm 2024",
            "V/v triển khai Kế hoạch số 98/KH-BNV",
            // The first entry stays beside its label, as in many clean headers.
            "Kính gửi: - Các sở, ban, ngành;",
            "- UBND các huyện.",
            "1. Giao Sở Nội vụ chủ trì.",
            "Nơi nhận: - Như trên;",
            "- Lưu: VT, KSTT.",
            "KT. CHỦ TỊCH",
            "PHÓ CHỦ TỊCH",
            "Lê Hữu Hoàng",
        ] {
            assert!(lines.contains(&want), "missing {want:?} in {lines:#?}");
        }
        // `Độc lập - Tự do` keeps its dashes: no sentence end before them.
        assert!(!lines.iter().any(|l| l.starts_with("- Tự do")));
    }

    #[test]
    fn signature_runs_split_by_title() {
        let cases: &[(&str, &[&str])] = &[
            (
                "KT. BỘ TRƯỞNG THỨ TRƯỞNG Trương Hải Long",
                &["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", "Trương Hải Long"],
            ),
            (
                "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Võ Văn Hùng",
                &["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Võ Văn Hùng"],
            ),
            (
                "TL. CHỦ TỊCH CHÁNH VĂN PHÒNG",
                &["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"],
            ),
            ("Thực hiện Kế hoạch", &["Thực hiện Kế hoạch"]),
        ];
        for (piece, want) in cases {
            let got: Vec<&str> = split_signature(piece).into_iter().map(str::trim).collect();
            assert_eq!(got, *want, "{piece}");
        }
    }

    #[test]
    fn ordinary_text_is_left_alone() {
        let para = "Thực hiện Công văn số 23/BNV-CCHC ngày 04/01/2022 của Bộ Nội vụ; ".repeat(20);
        assert!(matches!(reflow(&para), Cow::Borrowed(_)));
        let doc = "Số: 47/UBND-TTHC\nQuảng Ngãi, ngày 06 tháng 01 năm 2022\n";
        assert!(matches!(reflow(doc), Cow::Borrowed(_)));
    }
}
