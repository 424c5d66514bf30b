//! Repairs OCR text with the field's vocabulary.
//!
//! Tesseract reads a header band as "Sô⁄11 /CT-UBND", "TĨNH QUANG NGAÀI", "CHÍ THỊ": tones
//! and marks go wrong far more often than base letters. The names a record is built from are
//! a closed vocabulary (Nghị định 30/2020 types, the 63 and the 34 provinces, the agency and
//! title words of the header and signature, the `Số:` and `ngày … tháng … năm` phrases), so a
//! window of OCR words that matches a vocabulary phrase tone-insensitively, within a small
//! edit distance of its base letters, is replaced by the phrase. Every kind of repair is
//! recorded as its own warning. Only OCR text is repaired (a text layer is what it says),
//! and only where fields are read: the first and last lines of the document.

use std::sync::LazyLock;

use regex::Regex;

use crate::parse::doctype::{EXTRA_NAMES, TYPE_CODES};
use crate::parse::header::names::{PROVINCES_34, PROVINCES_63};
use crate::text::fold;
use crate::warnings;

/// Lines read from the top and the bottom of the text: the header and the signature block.
const HEAD_LINES: usize = 45;
const TAIL_LINES: usize = 60;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    DocType,
    Place,
    Agency,
    Title,
}

struct Phrase {
    text: String,
    folded: Vec<String>,
    /// `folded` joined by spaces, and run together (what a glued window is compared with),
    /// each with its length in characters.
    joined: (String, usize),
    glued: (String, usize),
    kind: Kind,
}

/// `s` with its length in characters (edit distances are counted in characters).
fn counted(s: String) -> (String, usize) {
    let n = s.chars().count();
    (s, n)
}

/// Words in the longest phrase: the widest window a line is compared in.
static LONGEST: LazyLock<usize> =
    LazyLock::new(|| PHRASES.iter().map(|p| p.folded.len()).max().unwrap_or(0));

static PHRASES: LazyLock<Vec<Phrase>> = LazyLock::new(|| {
    let mut out = Vec::new();
    let mut add = |text: String, kind: Kind| {
        let folded: Vec<String> = fold(&text).split_whitespace().map(str::to_owned).collect();
        out.push(Phrase {
            text,
            joined: counted(folded.join(" ")),
            glued: counted(folded.concat()),
            folded,
            kind,
        });
    };
    for name in TYPE_CODES
        .iter()
        .map(|(_, n)| *n)
        .chain(EXTRA_NAMES.iter().copied())
    {
        add(name.to_owned(), Kind::DocType);
    }
    for t in [
        "Giấy mời",
        "Công điện",
        "Phiếu trình",
        "Nghị định",
        "Thông tư",
        "Luật",
    ] {
        add(t.to_owned(), Kind::DocType);
    }
    let mut provinces: Vec<&str> = PROVINCES_63.iter().chain(PROVINCES_34).copied().collect();
    provinces.sort_unstable();
    provinces.dedup();
    for p in provinces {
        // Single-word names ("Huế") are too short to match safely on their own.
        if p.split_whitespace().count() >= 2 {
            add(p.to_owned(), Kind::Place);
        }
        add(format!("tỉnh {p}"), Kind::Place);
        add(format!("thành phố {p}"), Kind::Place);
    }
    for a in [
        "Ủy ban nhân dân",
        "Hội đồng nhân dân",
        "Cộng hòa xã hội chủ nghĩa Việt Nam",
        "Độc lập - Tự do - Hạnh phúc",
        "Thủ tướng Chính phủ",
        "Văn phòng Chính phủ",
        "Công an tỉnh",
        // Ministries and agencies whose first line tops many headers (Nghị định 30/2020,
        // Phụ lục I): an exact reading of them must win over a province one letter off
        // ("CÔNG AN" is not "Long An").
        "Bộ Công an",
        "Công an",
        "Chính phủ",
        "Bộ Tài chính",
        "Bộ Nội vụ",
        "Bộ Quốc phòng",
        "Cục Thuế",
        "Cảnh sát điều tra",
        "tội phạm về ma túy",
        "Tổng cục",
        "Văn phòng",
        "Sở Nội vụ",
        "Sở Tư pháp",
        "Sở Tài chính",
        // Closes the names of many units (Vụ Hợp tác quốc tế, Ban Chính sách, Thuế quốc tế).
        "quốc tế",
    ] {
        add(a.to_owned(), Kind::Agency);
    }
    for t in [
        "Chủ tịch",
        "Phó Chủ tịch",
        "Phó Chủ tịch Thường trực",
        "Giám đốc",
        "Phó Giám đốc",
        "Chánh Văn phòng",
        "Phó Chánh Văn phòng",
        "Thủ tướng",
        "Phó Thủ tướng",
        "Bộ trưởng",
        "Thứ trưởng",
        // Listed so that a correctly read "Thủ trưởng" is kept, not "repaired" to the
        // Thứ trưởng it folds to.
        "Thủ trưởng",
        "Cục trưởng",
        "Phó Cục trưởng",
        "Trưởng ban",
        "Phó Trưởng ban",
        "Nơi nhận",
        "Kính gửi",
    ] {
        add(t.to_owned(), Kind::Title);
    }
    // Longest first: "Phó Chủ tịch" before "Chủ tịch".
    out.sort_by_key(|p| std::cmp::Reverse(p.folded.iter().map(String::len).sum::<usize>()));
    out
});

/// A word that is a Vietnamese syllable as written (lower or upper case, with its marks),
/// punctuation aside.
fn good_syllable(w: &str) -> bool {
    let core = trim_word(w);
    let (share, _, n) = super::junk::plausibility(core);
    n > 0 && share >= 0.99 && core.chars().all(char::is_alphabetic)
}

/// Edit distance in characters (Vietnamese letters are one char each after folding).
fn edit_distance(a: &str, b: &str) -> usize {
    strsim::levenshtein(a, b)
}

/// Base-letter errors allowed for a phrase of `len` folded letters.
fn allowed(len: usize) -> usize {
    match len {
        0..=5 => 0,
        6..=11 => 1,
        _ => 2,
    }
}

/// `phrase` in the letter case of `seen` (upper-case headers stay upper-case).
fn in_case_of(phrase: &str, seen: &str) -> String {
    let letters: Vec<char> = seen.chars().filter(|c| c.is_alphabetic()).collect();
    let upper = letters.iter().filter(|c| c.is_uppercase()).count();
    if !letters.is_empty() && upper * 10 >= letters.len() * 7 {
        phrase.to_uppercase()
    } else if seen.chars().next().is_some_and(char::is_uppercase) {
        let mut c = phrase.chars();
        c.next()
            .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
            .unwrap_or_default()
    } else {
        phrase.to_owned()
    }
}

fn trim_word(w: &str) -> &str {
    w.trim_matches(|c: char| !c.is_alphanumeric())
}

/// Byte spans of the whitespace-separated words of `line`.
fn word_spans(line: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                spans.push((s, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, line.len()));
    }
    spans
}

/// Repairs one line; returns the kinds of repair made. The spacing between words is kept
/// (the layout pass marks column gaps with runs of spaces).
fn repair_line(line: &str, whole_line_only: bool) -> (String, Vec<Kind>) {
    let spans = word_spans(line);
    let words: Vec<&str> = spans.iter().map(|&(a, b)| &line[a..b]).collect();
    if words.is_empty() {
        return (line.to_owned(), Vec::new());
    }
    let folded: Vec<String> = words.iter().map(|w| fold(trim_word(w))).collect();
    // Replacements: (first word, words covered, new text).
    let mut out: Vec<(usize, usize, String)> = Vec::new();
    let mut taken = vec![false; words.len()];
    let mut kinds = Vec::new();
    // Every window of up to the longest phrase's words, joined and glued once per line
    // (not once per phrase), with its length in characters.
    let window = |k: usize, i: usize, sep: &str| counted(folded[i..i + k].join(sep));
    let windows: Vec<Vec<[(String, usize); 2]>> = (0..=LONGEST.min(words.len()))
        .map(|k| {
            if k == 0 {
                return Vec::new();
            }
            (0..=words.len() - k)
                .map(|i| [window(k, i, " "), window(k, i, "")])
                .collect()
        })
        .collect();
    // Whether each word is a good syllable, found when first asked.
    let mut good: Vec<Option<bool>> = vec![None; words.len()];
    let mut all_good = |range: std::ops::Range<usize>| {
        range
            .into_iter()
            .all(|j| *good[j].get_or_insert_with(|| good_syllable(words[j])))
    };
    // Candidates over every phrase and window: (distance, phrase, first word, words).
    // OCR glues words ("BANNHÂN", "CHÍNHPHỦ"): a window of fewer words than the phrase is
    // compared with the phrase's letters run together.
    let mut cands: Vec<(usize, usize, usize, usize)> = Vec::new();
    for (pi, p) in PHRASES.iter().enumerate() {
        let n = p.folded.len();
        if whole_line_only && p.kind != Kind::DocType {
            continue;
        }
        let ((target, target_chars), (glued, glued_chars)) = (&p.joined, &p.glued);
        let limit = allowed(target.len());
        let glued_first = glued.chars().next();
        for k in (n.saturating_sub(2).max(1)..=n).rev() {
            if k > words.len() {
                continue;
            }
            // Type names are a line of their own; elsewhere they are ordinary words.
            if p.kind == Kind::DocType
                && (k != words.len() || !line.chars().any(char::is_uppercase))
            {
                continue;
            }
            for i in 0..=words.len() - k {
                // A name does not run across punctuation: "Chính phủ, Chủ tịch" holds no
                // "Phó Chủ tịch".
                if words[i..i + k - 1]
                    .iter()
                    .any(|w| w.ends_with([',', ';', ':', '.']))
                {
                    continue;
                }
                let [(joined, joined_chars), (run, run_chars)] = &windows[k][i];
                // The distance is at least the difference in length: most windows are
                // refused on that alone, without computing it.
                let d = if k == n {
                    if joined_chars.abs_diff(*target_chars) > limit {
                        continue;
                    }
                    edit_distance(joined, target)
                } else if folded[i].chars().next() != glued_first {
                    // Gluing joins words, it does not eat the first letter: "HUYỆN" is the
                    // word huyện, not "Phú Yên" run together one letter short.
                    continue;
                } else {
                    if run_chars.abs_diff(*glued_chars) > limit {
                        continue;
                    }
                    edit_distance(run, glued)
                };
                if d > limit {
                    continue;
                }
                // Running text (not a header's or a signer's capitals) whose words are all
                // good syllables is read right unless it differs only in marks: "Bí thư
                // Trung ương" holds no "Thứ trưởng". Capitals keep their repairs: "PHÓ
                // GHÁNH VĂN PHÒNG", "TĨNH QUANG NGAÀI" are syllables too.
                if d > 0
                    && k == n
                    && words[i..i + k]
                        .iter()
                        .any(|w| w.chars().any(char::is_lowercase))
                    && all_good(i..i + k)
                {
                    continue;
                }
                cands.push((d, pi, i, k));
            }
        }
    }
    // Most words covered first ("PHÓ GHÁNH VĂN PHÒNG" is Phó Chánh Văn phòng, not an exact
    // Văn phòng), then closest: "THỦ TƯỚNG" is exactly Thủ tướng before it is one letter
    // off Thứ trưởng, "CÔNG AN" exactly Công an before it is one letter off Long An.
    // Among phrases that fold alike, the one written as read ("Thủ trưởng" read is Thủ
    // trưởng, not Thứ trưởng).
    let as_read = |pi: usize, i: usize, k: usize| {
        let seen = words[i..i + k].join(" ");
        trim_word(&seen).to_lowercase() == PHRASES[pi].text.to_lowercase()
    };
    cands.sort_by_key(|&(d, pi, i, k)| {
        let len: usize = PHRASES[pi].folded.iter().map(String::len).sum();
        (
            std::cmp::Reverse(k),
            !as_read(pi, i, k),
            d,
            std::cmp::Reverse(len),
            i,
        )
    });
    for (_, pi, i, k) in cands {
        let p = &PHRASES[pi];
        if taken[i..i + k].iter().any(|t| *t) {
            continue;
        }
        let seen = words[i..i + k].join(" ");
        let seen_core = trim_word(&seen);
        let fixed = in_case_of(&p.text, seen_core);
        taken[i..i + k].iter_mut().for_each(|t| *t = true);
        if seen_core == fixed {
            continue;
        }
        // Keep punctuation around the window ("Đồng," stays followed by its comma).
        let lead: String = words[i]
            .chars()
            .take_while(|c| !c.is_alphanumeric())
            .collect();
        let last = words[i + k - 1];
        let trail_len = last
            .chars()
            .rev()
            .take_while(|c| !c.is_alphanumeric())
            .count();
        let trail: String = last
            .chars()
            .skip(last.chars().count() - trail_len)
            .collect();
        out.push((i, k, format!("{lead}{fixed}{trail}")));
        kinds.push(p.kind);
    }
    if out.is_empty() {
        return (line.to_owned(), kinds);
    }
    out.sort_by_key(|r| r.0);
    let mut text = String::with_capacity(line.len() + 8);
    let mut pos = 0;
    for (i, n, new) in out {
        text.push_str(&line[pos..spans[i].0]);
        text.push_str(&new);
        pos = spans[i + n - 1].1;
    }
    text.push_str(&line[pos..]);
    (text, kinds)
}

/// "Sô⁄11 /CT-UBND", "S6: 11/CT-UBND", "Số: 5 6Ø/GM-UBND", "Số: ý _/QĐ-UBND" (a handwritten
/// number OCR could not read) → "Số: 11/CT-UBND", "Số: 560/GM-UBND", "Số:   /QĐ-UBND".
static NUMBER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*[SŞ5][oóòỏõọôốồổỗộơớờởỡợ06ö]\s*[:;.,⁄/|]?\s*(.{0,8}?)\s*[⁄/]\s*([A-ZĐÐa-zđ0-9()\-.\s]{2,30}?)\s*$")
        .expect("static regex")
});
static NUMBER_IN_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\s*)[SŞ5][oóòỏõọôốồổỗộơớờởỡợ06ö]\s*[:;.,⁄]?\s*(\d(?: ?\d){0,5}\s*/\s*[A-ZĐ][A-ZĐa-z0-9()\-.]{1,30})")
        .expect("static regex")
});

/// "ngàyO6 thang 11 nam 2025", "ngàyD6 tháng l1 năm 2025" → "ngày 06 tháng 11 năm 2025"; a
/// day that is not clearly digits ("ngàyÁ 6tháng", a handwritten 16) is left blank rather
/// than guessed.
static DATE_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bng[aàáảãạ]y(.{0,6}?)th[aáàảãạ]ng\s*(\S{1,3}?)\s*[,.]?\s*n[aăâ][mn]\s*((?:19|20)\d\d)")
        .expect("static regex")
});

/// A place-and-date cell whose day and month OCR could not read at all ("Hà Nội ngày 0?
/// tháng 2# năm 2026", "Hà Nội, ngày ‡$ = Ÿ_ năm 2025"): the place and the year are sure.
static BROKEN_DATE_CELL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(^\s*|\s)(\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+){0,3})\s*,?\s*ng[aàáảãạ]y\b.{0,16}?\bn[aăâ][mn]\s*((?:19|20)\d\d)\b")
        .expect("static regex")
});

/// "KT.CHỦ TỊCH", "KT CHỦ TỊCH", "K.T. CHỦ TỊCH" → "KT. CHỦ TỊCH"; "{T. TRƯỞNG BAN" (the K's
/// strokes read as a bracket, always with its dot) → "KT. TRƯỞNG BAN".
static AUTHORITY: LazyLock<Regex> = LazyLock::new(|| {
    // The prefix ends at a dot or a space ("QUYẾT ĐỊNH" is no "Q." line); Q. (quyền) only
    // with its dot.
    Regex::new(
        r"^\s*(?:(K\.?T|T\.?M|T\.?L|TUQ)(?:\s*[.,:]\s*|\s+)|([{(\[]T)\s*\.\s*|(Q)\s*\.\s*)([A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ ,]{3,}?)[\s_.\-—~]*$",
    )
        .expect("static regex")
});

/// A name at the end of a signature-block line whose first syllable lost its first letters
/// under the ink of a signature ("uyên Ngọc Phúc", "gô Thanh Bình"): a lower-case fragment,
/// then two or three capitalised syllables.
static CUT_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(^|\s{2,}|^\W{1,3}\s+)(\p{Ll}{2,4})((?:\s+\p{Lu}\p{Ll}*){2,3})\s*$")
        .expect("static regex")
});

/// A word that cannot be Vietnamese text: no vowel, or a digit or a sign among letters
/// ("Z6_", "5ng", "Rl", "c"). OCR reads such words out of a signature's ink.
fn is_ink(word: &str) -> bool {
    let f = fold(word);
    let letters = f.chars().any(char::is_alphabetic);
    let vowel = f.chars().any(|c| "aeiouy".contains(c));
    let mixed = letters && f.chars().any(|c| !c.is_alphabetic());
    !vowel || mixed
}

/// Ink words before a signature line: "Z6_ c KT. THỦ TƯỚNG", "Rl 5ng Trương Minh Đương _",
/// "—=-..PHO CHU TỊCH" → the line from its mark, title or name on.
fn strip_ink(line: &str) -> Option<String> {
    let trimmed = line.trim();
    if AUTHORITY.is_match(trimmed) {
        return None;
    }
    // Signs glued to the first capital ("—=-..PHO"); a list dash stands alone ("- Như").
    let lead: String = trimmed
        .chars()
        .take_while(|c| !c.is_alphanumeric() && !c.is_whitespace())
        .collect();
    let rest = &trimmed[lead.len()..];
    if lead.chars().count() >= 2 && rest.chars().next().is_some_and(char::is_uppercase) {
        return Some(
            rest.trim_end_matches([' ', '_', '.', '-', '—', '~'])
                .to_owned(),
        );
    }
    let words: Vec<&str> = trimmed.split_whitespace().collect();
    // A list dash or an item number starts a Nơi nhận entry or a clause, not ink.
    let marker = |w: &str| {
        ["-", "+", "•", "~", "*"].contains(&w)
            || w.strip_suffix(['.', ')']).is_some_and(|n| {
                !n.is_empty() && (n.chars().all(|c| c.is_ascii_digit()) || n.chars().count() == 1)
            })
    };
    if words.first().is_some_and(|w| marker(w)) {
        return None;
    }
    // A signing mark ("KT.") has no vowel but is no ink.
    let mark = |w: &str| {
        w.ends_with('.')
            && ["kt", "tm", "tl", "tuq", "q"].contains(&fold(w.trim_end_matches('.')).as_str())
    };
    let start = words.iter().position(|w| !is_ink(w) || mark(w))?;
    if start == 0 || start > 3 {
        return None;
    }
    let tail = words[start..].join(" ");
    let tail = tail.trim_end_matches([' ', '_', '.', '-', '—', '~']);
    let marked = AUTHORITY.is_match(tail);
    (marked || looks_like_name(tail)).then(|| tail.to_owned())
}

/// Lines after a `KT.` line searched for the deputy's title (Nơi nhận items on the left
/// and lines of ink may come between).
const DEPUTY_REACH: usize = 6;

/// What the line under a `KT.` authority line is.
enum Deputy {
    /// The deputy's title, repaired.
    Fixed(String),
    /// Some other line (the title read right, a name).
    Other,
    /// No title in it (ink between the authority and the title).
    NotYet,
}

/// The title under `KT. <head>`: one signs for (ký thay) the head, so the signer is the
/// head's deputy (Nghị định 30/2020, Phụ lục I: `KT. CHỦ TỊCH` over `PHÓ CHỦ TỊCH`,
/// `KT. BỘ TRƯỞNG` over `THỨ TRƯỞNG`). OCR garbles or loses the short `PHÓ` under ink
/// (`XD TRƯỞNG BAN`, `/⁄9/⁄2-y VÌ THỦ TƯỚNG`): a line that ends in the head's title (its
/// first two words or more: `TRƯỞNG BAN` of `TRƯỞNG BAN BAN CHÍNH SÁCH, THUẾ QUỐC TẾ`)
/// after at most three other words gets its deputy's title.
fn deputy_title(head: &str, cell: &str) -> Deputy {
    let head_words: Vec<String> = head
        .split_whitespace()
        .map(|w| fold(w.trim_end_matches(',')))
        .collect();
    let words: Vec<&str> = cell.split_whitespace().collect();
    let folded: Vec<String> = words.iter().map(|w| fold(trim_word(w))).collect();
    if folded.first().is_some_and(|w| w == "pho" || w == "thu") {
        return Deputy::Other;
    }
    // A Nơi nhận item on the left, on a line of its own.
    if words
        .first()
        .is_some_and(|w| ["-", "+", "~", "•"].contains(w) || w.starts_with('-'))
    {
        return Deputy::NotYet;
    }
    let min = head_words.len().min(2);
    for start in 0..words.len().min(4) {
        let tail = &folded[start..];
        if tail.len() < min || tail.len() > head_words.len() || tail != &head_words[..tail.len()] {
            continue;
        }
        // Upper case, as the title lines are.
        if !words[start..]
            .iter()
            .all(|w| !w.chars().any(char::is_lowercase))
        {
            return Deputy::Other;
        }
        let title = words[start..].join(" ");
        return Deputy::Fixed(if tail == ["bo", "truong"] {
            "THỨ TRƯỞNG".to_owned()
        } else {
            format!("PHÓ {title}")
        });
    }
    if looks_like_name(cell.trim()) || folded.iter().any(|w| w.len() > 3 && !is_ink(w)) {
        Deputy::Other
    } else {
        Deputy::NotYet
    }
}

/// A person's name: 2–5 words in Title Case, a family name first. Names under a signature
/// are in Title Case ("Trương Minh Đương"); an upper-case line is a title ("CHỦ TỊCH": Chu
/// is a family name too).
pub(crate) fn looks_like_name(line: &str) -> bool {
    // A police or military rank before the name ("Thiếu tướng Trương Minh Đương") is no
    // part of it, and no reason to read the name as a place.
    let line = crate::parse::header::closing::without_rank(line.trim());
    let words: Vec<&str> = line.split_whitespace().collect();
    let title_case = |w: &str| {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().skip(1).all(char::is_lowercase)
            && w.chars().all(char::is_alphabetic)
    };
    (2..=5).contains(&words.len())
        && words.iter().all(|w| title_case(w))
        && crate::parse::header::names::is_surname(words[0])
}

/// The family name `fragment` is the end of: the first (most common) one in the table whose
/// folded form ends with the folded fragment.
fn surname_ending(fragment: &str) -> Option<&'static str> {
    let f = fold(fragment);
    // Words that stand before a name in a sentence ("ông Nguyễn Văn A").
    if [
        "ong", "ba", "anh", "chi", "em", "cua", "cho", "tai", "theo", "va", "la", "do",
    ]
    .contains(&f.as_str())
    {
        return None;
    }
    crate::parse::header::names::SURNAMES
        .iter()
        .find(|s| {
            let s = fold(s);
            s.len() > f.len() && s.ends_with(&f)
        })
        .copied()
}

/// Digits as OCR misreads them in handwriting and stamps: O, D, Ø for 0; l, I, |, ], ! for 1.
/// Spaces inside ("5 6Ø") are dropped.
fn digits(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            'O' | 'o' | 'D' | 'Ø' | 'ø' => '0',
            'I' | 'l' | '|' | ']' | '!' => '1',
            c => c,
        })
        .collect()
}

/// `s` read as a number of 1 to 6 digits, or `None`.
fn number(s: &str) -> Option<String> {
    // Only separators are trimmed: a sign OCR puts for a stroke it cannot read ("4#", "0?")
    // says the number is handwritten and misread, better blank (and taken from other
    // evidence, with a warning) than a wrong number.
    let d = digits(s.trim_matches(|c: char| c.is_whitespace() || ".,:;_-".contains(c)));
    (!d.is_empty() && d.len() <= 6 && d.chars().all(|c| c.is_ascii_digit())).then_some(d)
}

/// A symbol as OCR reads it: the Icelandic Ð for Đ, spaces dropped, and a type code one
/// letter off a known one ("QĐĐ-UBND") put back.
fn symbol(s: &str) -> String {
    let s: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == 'Ð' { 'Đ' } else { c })
        .collect();
    let (code, rest) = s.split_once('-').unwrap_or((s.as_str(), ""));
    if code.chars().count() < 2 || TYPE_CODES.iter().any(|(c, _)| *c == code) {
        return s;
    }
    // A letter read twice ("QĐĐ").
    let chars: Vec<char> = code.chars().collect();
    for i in 1..chars.len() {
        if chars[i] == chars[i - 1] {
            let single: String = chars[..i].iter().chain(&chars[i + 1..]).collect();
            if TYPE_CODES.iter().any(|(c, _)| *c == single) {
                return format!("{single}{}", &s[code.len()..]);
            }
        }
    }
    let close: Vec<&str> = TYPE_CODES
        .iter()
        .map(|(c, _)| *c)
        .filter(|c| c.chars().count() >= 2 && edit_distance(c, code) == 1)
        .collect();
    match close.as_slice() {
        [one] if !rest.is_empty() => format!("{one}-{rest}"),
        [one] => (*one).to_owned(),
        _ => s,
    }
}

/// Repairs `text` (OCR output) and returns it with the warnings of the repairs made.
pub fn repair(text: &str) -> (String, Vec<&'static str>) {
    let lines: Vec<&str> = text.lines().collect();
    let nonblank: Vec<usize> = (0..lines.len())
        .filter(|&i| !lines[i].trim().is_empty())
        .collect();
    let head_end = nonblank.get(HEAD_LINES).copied().unwrap_or(lines.len());
    let tail_start = nonblank
        .len()
        .checked_sub(TAIL_LINES)
        .and_then(|k| nonblank.get(k).copied())
        .unwrap_or(0);
    let mut warns: Vec<&'static str> = Vec::new();
    let mut note = |w: &'static str| {
        if !warns.contains(&w) {
            warns.push(w);
        }
    };
    let mut out = Vec::with_capacity(lines.len());
    // The head's title of the last `KT.` line of the signer block, and how many lines were
    // seen since.
    let mut deputy_of: Option<(String, usize)> = None;
    for (i, line) in lines.iter().enumerate() {
        if i >= head_end && i < tail_start {
            out.push((*line).to_owned());
            continue;
        }
        let mut l = (*line).replace('⁄', "/");
        if let Some(c) = NUMBER_LINE.captures(&l) {
            let n = number(c.get(1).map_or("", |m| m.as_str()));
            let fixed = match n {
                Some(n) => format!("Số: {n}/{}", symbol(&c[2])),
                None => format!("Số:    /{}", symbol(&c[2])),
            };
            if fixed != l.trim() {
                l = fixed;
                note(warnings::OCR_REPAIRED_NUMBER_LINE);
            }
        } else if let Some(c) = NUMBER_IN_LINE.captures(&l) {
            let fixed = format!("{}Số: {}", &c[1], symbol(&c[2]));
            let whole = c.get(0).map_or(0, |m| m.end());
            if !l.starts_with(&fixed) {
                l = format!("{fixed}{}", &l[whole..]);
                note(warnings::OCR_REPAIRED_NUMBER_LINE);
            }
        }
        let month_read = DATE_PHRASE
            .captures(&l)
            .and_then(|c| number(&c[2]))
            .is_some_and(|m| (1..=12).contains(&m.parse().unwrap_or(0)));
        if !month_read && i < head_end {
            // Day and month left blank, as when they are stamped at signing: the place and
            // the year stay readable for the parser.
            if let Some(c) = BROKEN_DATE_CELL.captures(&l) {
                let whole = c.get(0).map_or(0..0, |m| m.range());
                let (start, end) = (whole.start, whole.end);
                let fixed = format!("{}{}, ngày  tháng  năm {}", &c[1], &c[2], &c[3]);
                l.replace_range(start..end, &fixed);
                note(warnings::OCR_REPAIRED_DATE);
            }
        }
        if let Some(c) = DATE_PHRASE.captures(&l)
            && let Some(month) =
                number(&c[2]).filter(|m| (1..=12).contains(&m.parse().unwrap_or(0)))
        {
            let day = number(&c[1]).filter(|d| (1..=31).contains(&d.parse().unwrap_or(0)));
            let fixed = match day {
                Some(d) => format!("ngày {d} tháng {month} năm {}", &c[3]),
                None => format!("ngày  tháng {month} năm {}", &c[3]),
            };
            let m = c.get(0).map_or(0..0, |m| m.range());
            if l[m.clone()] != fixed {
                l.replace_range(m, &fixed);
                note(warnings::OCR_REPAIRED_DATE);
            }
        }
        // The signer's lines are the last cell of their line (Nơi nhận entries may stand
        // on the left, after a run of spaces).
        let cell_at = l.rfind("  ").map_or(0, |p| p + 2);
        let cell = l[cell_at..].to_owned();
        if let Some(c) = AUTHORITY.captures(&cell) {
            let prefix = match (c.get(1), c.get(2), c.get(3)) {
                (Some(m), ..) => m.as_str().replace('.', ""),
                (None, Some(_), _) => "KT".to_owned(),
                (None, None, Some(m)) => m.as_str().to_owned(),
                _ => String::new(),
            };
            let head = c[4].trim().to_owned();
            let fixed = format!("{prefix}. {head}");
            if fixed != cell.trim() {
                l.replace_range(cell_at.., &fixed);
                note(warnings::OCR_REPAIRED_AUTHORITY);
            }
            deputy_of = (i >= tail_start && prefix == "KT").then_some((head, 0));
        } else if line.trim().is_empty() {
            // Blank lines part nothing.
        } else if let Some((head, seen)) = deputy_of.take()
            && i >= tail_start
            && seen < DEPUTY_REACH
        {
            let at = seen + 1;
            match deputy_title(&head, &cell) {
                Deputy::Fixed(fixed) => {
                    l.replace_range(cell_at.., &fixed);
                    note(warnings::OCR_REPAIRED_TITLE);
                }
                Deputy::Other => {}
                // A line of ink between the authority and the title: look on.
                Deputy::NotYet => deputy_of = Some((head, at)),
            }
            if let Some(clean) = strip_ink(&l[cell_at..]) {
                l.replace_range(cell_at.., &clean);
            }
        } else if i >= tail_start
            && let Some(clean) = strip_ink(&cell)
        {
            // Ink before a `KT.` line (`Z6_ c KT. THỦ TƯỚNG`).
            if let Some(c) = AUTHORITY.captures(&clean)
                && c.get(1)
                    .is_some_and(|m| m.as_str().replace('.', "") == "KT")
            {
                deputy_of = Some((c[4].trim().to_owned(), 0));
            }
            l.replace_range(cell_at.., &clean);
        }
        if i >= tail_start
            && let Some(c) = CUT_NAME.captures(&l)
            && let Some(surname) = surname_ending(&c[2])
        {
            let m = c.get(0).map_or(0..0, |m| m.range());
            let fixed = format!("{}{surname}{}", &c[1], &c[3]);
            l.replace_range(m, &fixed);
            note(warnings::OCR_REPAIRED_SIGNER_NAME);
        }
        // A signer's name is no place ("Minh Đương" is not Bình Dương).
        let last_cell = &l[l.rfind("  ").map_or(0, |p| p + 2)..];
        if i >= tail_start && looks_like_name(last_cell) {
            out.push(l);
            continue;
        }
        let (fixed, kinds) = repair_line(&l, false);
        for k in kinds {
            note(match k {
                Kind::DocType => warnings::OCR_REPAIRED_DOC_TYPE,
                Kind::Place => warnings::OCR_REPAIRED_PLACE,
                Kind::Agency => warnings::OCR_REPAIRED_AGENCY,
                Kind::Title => warnings::OCR_REPAIRED_TITLE,
            });
        }
        out.push(fixed);
    }
    (out.join("\n"), warns)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(s: &str) -> String {
        repair(s).0
    }

    #[test]
    fn header_band_as_tesseract_reads_it() {
        let (text, w) = repair(
            "ỦY BAN NHÂN DÂN\nTĨNH QUANG NGAÀI\nSô⁄11 /CT-UBND\nCHÍ THỊ\nQuảng Ngãi, ngàyO6 thang 11 nam 2025",
        );
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[1], "TỈNH QUẢNG NGÃI");
        assert_eq!(lines[2], "Số: 11/CT-UBND");
        assert_eq!(lines[3], "CHỈ THỊ");
        assert_eq!(lines[4], "Quảng Ngãi, ngày 06 tháng 11 năm 2025");
        for code in [
            warnings::OCR_REPAIRED_PLACE,
            warnings::OCR_REPAIRED_NUMBER_LINE,
            warnings::OCR_REPAIRED_DOC_TYPE,
            warnings::OCR_REPAIRED_DATE,
        ] {
            assert!(w.contains(&code), "{code} in {w:?}");
        }
    }

    #[test]
    fn places_tones_and_case() {
        assert_eq!(
            fixed("Lâm Đông, ngày 13 tháng 11 năm 2025"),
            "Lâm Đồng, ngày 13 tháng 11 năm 2025"
        );
        assert_eq!(fixed("TỈNH LÂM ĐÒNG"), "TỈNH LÂM ĐỒNG");
        assert_eq!(fixed("QUYÉT ĐỊNH"), "QUYẾT ĐỊNH");
        assert_eq!(fixed("GIẦY MỜI"), "GIẤY MỜI");
        assert_eq!(fixed("KT.CHỦ TỊCH"), "KT. CHỦ TỊCH");
        // Correct text is left alone, with no warning.
        let ok = "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: 493/TB-UBND";
        assert_eq!(repair(ok), (ok.to_owned(), vec![]));
        // A type word inside a sentence is not a type-name line.
        assert_eq!(fixed("ban hành chí thị này"), "ban hành chí thị này");
    }

    #[test]
    fn a_level_word_is_not_a_glued_place() {
        let line = fixed("ỦY BAN NHÂN DÂN HUYỆN MỘ ĐỨC");
        assert!(line.ends_with("HUYỆN MỘ ĐỨC"), "{line}");
        assert!(!line.to_lowercase().contains("phú yên"), "{line}");
    }

    #[test]
    fn glued_agency_words_and_exact_readings_first() {
        assert_eq!(fixed("ỦY BANNHÂN DÂN"), "ỦY BAN NHÂN DÂN");
        assert_eq!(fixed("THỦ TƯỚNG CHÍNHPHỦ"), "THỦ TƯỚNG CHÍNH PHỦ");
        // Exactly Thủ tướng (tones aside) before one letter off Thứ trưởng.
        assert_eq!(fixed("KT. THỦ TƯỞNG"), "KT. THỦ TƯỚNG");
        // "CÔNG AN" is the police, not the province Long An.
        assert_eq!(fixed("CÔNG AN TỈNH LÂM ĐÒNG"), "CÔNG AN TỈNH LÂM ĐỒNG");
        assert_eq!(fixed("BỘ CÔNG AN"), "BỘ CÔNG AN");
    }

    #[test]
    fn a_number_with_an_unreadable_stroke_is_left_blank() {
        assert_eq!(fixed("Số: 4#/QĐ-TTg"), "Số:    /QĐ-TTg");
        assert_eq!(fixed("Số: 5 6Ø/GM-UBND"), "Số: 560/GM-UBND");
    }

    #[test]
    fn handwritten_day_with_a_bar_for_one() {
        assert_eq!(
            fixed("Hải Dương, ngày |0 tháng 01 năm 2011"),
            "Hải Dương, ngày 10 tháng 01 năm 2011"
        );
        assert_eq!(
            fixed("Lâm Đông, ngày.ŠÈ tháng 1] năm 2025"),
            "Lâm Đồng, ngày  tháng 11 năm 2025"
        );
    }

    #[test]
    fn ink_before_a_signature_line() {
        assert_eq!(fixed("Z6_ c KT. THỦ TƯỚNG"), "KT. THỦ TƯỚNG");
        assert_eq!(fixed("Rl 5ng Trương Minh Đương _"), "Trương Minh Đương");
        assert_eq!(fixed("—=-..PHO CHU TỊCH"), "PHÓ CHỦ TỊCH");
        assert_eq!(fixed("TL. CHỦ TỊCH _"), "TL. CHỦ TỊCH");
        assert_eq!(fixed("KT. CHỦ TỊCH"), "KT. CHỦ TỊCH");
        assert_eq!(
            fixed("Nơi nhận:    TL. CHỦ TỊCH ."),
            "Nơi nhận:    TL. CHỦ TỊCH"
        );
        assert_eq!(fixed("PHÓ GHÁNH VĂN PHÒNG"), "PHÓ CHÁNH VĂN PHÒNG");
        // The execution clause and the distribution list above a signature are running text
        // read right: no title is "repaired" into them (they were "Thứ trưởng cơ quan",
        // "Chính Phó Chủ tịch", "Ban Bí Thứ trưởng ương Đảng").
        for text in [
            "Điều 4. Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Thủ trưởng cơ quan",
            "thuộc Chính phủ, Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung",
            "- Ban Bí thư Trung ương Đảng;",
        ] {
            assert_eq!(fixed(text), text);
        }
        // List lines and text keep their words.
        assert_eq!(fixed("- Như trên;"), "- Như trên;");
        assert_eq!(fixed("- Lưu: VT, PC04."), "- Lưu: VT, PC04.");
        assert!(fixed("- Trương Minh Đương").starts_with("- Trương "));
        assert_eq!(fixed("1. Nguyễn Văn An"), "1. Nguyễn Văn An");
    }

    #[test]
    fn a_ranked_signers_name_is_no_place() {
        // Under GIÁM ĐỐC of a Công an tỉnh: the rank does not make the name a place.
        assert_eq!(
            fixed("GIÁM ĐỐC\n\nThiếu tướng Trương Minh Đương"),
            "GIÁM ĐỐC\n\nThiếu tướng Trương Minh Đương"
        );
    }

    #[test]
    fn family_name_cut_by_the_signature() {
        let (text, w) = repair("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nuyên Ngọc Phúc");
        assert_eq!(text.lines().last(), Some("Nguyễn Ngọc Phúc"));
        assert!(w.contains(&warnings::OCR_REPAIRED_SIGNER_NAME));
        assert_eq!(fixed("Ỉ    gô Thanh Bình"), "Ỉ    Ngô Thanh Bình");
        // A sentence is no name.
        assert_eq!(fixed("do Thanh Bình"), "do Thanh Bình");
        assert_eq!(fixed("ông Nguyễn Văn An"), "ông Nguyễn Văn An");
    }

    #[test]
    fn the_deputys_title_under_kt() {
        let fixed = |head: &str, cell: &str| match deputy_title(head, cell) {
            Deputy::Fixed(t) => Some(t),
            _ => None,
        };
        assert_eq!(
            fixed("THỦ TƯỚNG", "//9//2-y VÌ THỦ TƯỚNG").as_deref(),
            Some("PHÓ THỦ TƯỚNG")
        );
        assert_eq!(
            fixed("TRƯỞNG BAN BAN CHÍNH SÁCH, THUẾ QUỐC TẾ", "XD TRƯỞNG BAN").as_deref(),
            Some("PHÓ TRƯỞNG BAN")
        );
        assert_eq!(
            fixed("BỘ TRƯỞNG", "BỘ TRƯỞNG").as_deref(),
            Some("THỨ TRƯỞNG")
        );
        assert_eq!(fixed("CHỦ TỊCH", "PHÓ CHỦ TỊCH"), None);
        assert_eq!(fixed("CHỦ TỊCH", "PHÓ CHỦ TỊCH THƯỜNG TRỰC"), None);
        assert_eq!(fixed("CHỦ TỊCH", "Nguyễn Văn An"), None);
        assert_eq!(fixed("GIÁM ĐỐC", "a b c d GIÁM ĐỐC"), None);
        assert!(matches!(deputy_title("CHỦ TỊCH", "ñ §"), Deputy::NotYet));
        // In a document's closing.
        let (text, warns) =
            repair("Nơi nhận:  KT. THỦ TƯỚNG\n- Như trên;  //9//2-y VÌ THỦ TƯỚNG\n  Hồ Đức Phớc");
        assert!(text.contains("- Như trên;  PHÓ THỦ TƯỚNG"), "{text}");
        assert!(warns.contains(&warnings::OCR_REPAIRED_TITLE));
    }

    #[test]
    fn place_and_year_kept_when_day_and_month_are_unreadable() {
        assert_eq!(
            fixed("Hà Nội ngày 0? tháng 2# năm 2026"),
            "Hà Nội, ngày  tháng  năm 2026"
        );
        // The number's digits parted by a gap (handwriting) are joined, as on a line of
        // its own.
        assert_eq!(
            fixed("Só: 3 39/C04-P6    Hà Nội, ngày 2 tháng 8 năm 2025"),
            "Số: 339/C04-P6    Hà Nội, ngày 2 tháng 8 năm 2025"
        );
        assert_eq!(
            fixed("Só: 39/C04-P6    Hà Nội, ngày    = Ÿ_ năm 2025"),
            "Số: 39/C04-P6    Hà Nội, ngày  tháng  năm 2025"
        );
        // A readable month is kept as it is.
        assert_eq!(
            fixed("Lâm Đồng, ngày ‡$ tháng 11 năm 2025"),
            "Lâm Đồng, ngày  tháng 11 năm 2025"
        );
    }

    #[test]
    fn blank_day_stays_blank() {
        assert_eq!(
            fixed("Hà Nội, ngày .... thang 5 năm 2025"),
            "Hà Nội, ngày  tháng 5 năm 2025"
        );
    }
}
