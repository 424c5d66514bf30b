//! Other evidence for what ink hides.
//!
//! On wet-ink scans the number and the day are handwritten into typed blanks and OCR misses
//! them. Two other witnesses exist, each used only when it cannot be confused with something
//! else, and never silently:
//!
//! - the file name, when it clearly carries the number next to the document's own type code
//!   (`01 TTr.pdf`, `11CT_….pdf`, `QD-1234-UBND.pdf`, `…-gm-560-2025.pdf`) — never a lone
//!   digit run (timestamps, years, the registration number of a received stamp);
//! - the digital signature's time, for the day, only when its month and year agree with the
//!   printed ones (a portal may publish days or weeks after signing).

use crate::record::Record;
use crate::text::fold;
use crate::warnings;

/// The type code of the record's own symbol, folded (`QĐ-UBND` → `qd`).
fn own_code(record: &Record) -> Option<String> {
    let symbol = record.symbol.as_deref()?;
    let code = symbol.split(['-', '/']).next()?;
    Some(fold(code)).filter(|c| c.len() >= 2)
}

fn is_year(n: &str) -> bool {
    n.len() == 4 && n.parse::<u32>().is_ok_and(|y| (1945..=2100).contains(&y))
}

/// The file name as runs of letters and of digits, each with whether it is joined to the
/// run before it directly or by one separator (`-`, `_`, space): `QD-12 QD-13` → `qd`,
/// `12`, `qd`, `13`, all joined; `QD (12)` → `12` not joined.
/// A run of letters or of digits of a file name.
struct Run {
    text: String,
    /// Joined to the run before directly or by one `-`, `_` or space.
    joined: bool,
    /// Joined to the run before with nothing between (`s05`, `11CT`).
    glued: bool,
}

fn runs(name: &str) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    let mut cur = String::new();
    let mut cur_joined = false;
    let mut cur_glued = false;
    let mut seps = 0usize;
    let mut clean = true;
    for c in name.chars() {
        let digit = c.is_ascii_digit();
        if !(digit || c.is_ascii_lowercase()) {
            if !cur.is_empty() {
                runs.push(Run {
                    text: std::mem::take(&mut cur),
                    joined: cur_joined,
                    glued: cur_glued,
                });
            }
            seps += 1;
            clean &= matches!(c, '-' | '_' | ' ');
            continue;
        }
        let other_kind = cur
            .chars()
            .last()
            .is_some_and(|l| l.is_ascii_digit() != digit);
        if other_kind {
            runs.push(Run {
                text: std::mem::take(&mut cur),
                joined: cur_joined,
                glued: cur_glued,
            });
        }
        if cur.is_empty() {
            cur_joined = !runs.is_empty() && seps <= 1 && clean;
            cur_glued = !runs.is_empty() && seps == 0;
            seps = 0;
            clean = true;
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        runs.push(Run {
            text: cur,
            joined: cur_joined,
            glued: cur_glued,
        });
    }
    runs
}

/// The number the file name carries beside the record's type code: a run of 1–5 digits
/// right before or after a run that is the code (`01 TTr`, `11CT_…`, `QD-1234-UBND`).
/// Years are not numbers here, and two different candidates make the name unclear.
pub fn number_from_file_name(file_stem: &str, record: &Record) -> Option<String> {
    let code = own_code(record)?;
    let runs = runs(&fold(file_stem));
    let mut found: Vec<&str> = Vec::new();
    for (i, run) in runs.iter().enumerate() {
        let text = run.text.as_str();
        if !text.chars().all(|c| c.is_ascii_digit()) || text.len() > 5 || is_year(text) {
            continue;
        }
        let prev = i.checked_sub(1).and_then(|j| runs.get(j));
        // Digits glued to other letters are a name's own counter (`s05-ct-…`, `scan01`).
        if run.glued && prev.is_some_and(|p| p.text != code) {
            continue;
        }
        let before = run.joined && prev.is_some_and(|p| p.text == code);
        let after = runs.get(i + 1).is_some_and(|n| n.joined && n.text == code);
        if (before || after) && !found.contains(&text) {
            found.push(text);
        }
    }
    match found.as_slice() {
        [one] => Some((*one).to_owned()),
        _ => None,
    }
}

/// Whether two digit strings of two or more digits differ by one digit changed, added or
/// dropped. A single digit is never corrected: any other single digit is one apart from it.
fn one_digit_apart(a: &str, b: &str) -> bool {
    let all_digits = |s: &str| s.len() >= 2 && s.bytes().all(|c| c.is_ascii_digit());
    all_digits(a) && all_digits(b) && strsim::levenshtein(a, b) == 1
}

/// Applies the fallbacks to a record parsed from OCR text.
pub fn apply(record: &mut Record) {
    let stem = std::path::Path::new(&record.source)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    match record.number.as_deref() {
        None => {
            if let Some(n) = number_from_file_name(&stem, record) {
                record.number = Some(n);
                record.warnings.retain(|w| w != warnings::NUMBER_BLANK);
                record.warn(warnings::NUMBER_FROM_FILE_NAME);
            }
        }
        // One digit apart from what the file name clearly carries: a digit misread (a
        // handwritten 3 read as 2). The name was typed by someone who read the number.
        Some(read) => {
            if let Some(n) = number_from_file_name(&stem, record)
                && n != read
                && one_digit_apart(&n, read)
            {
                record.number = Some(n);
                record.warn(warnings::NUMBER_FROM_FILE_NAME_OVER_OCR);
            }
        }
    }
    // A printed year and month with a day OCR could not read.
    if let Some(date) = record.date.clone()
        && date.len() == 7
    {
        let day = record.signature_stamps.iter().find_map(|s| {
            let t = s.time.as_deref()?;
            (t.len() >= 10 && t[..7] == date[..]).then(|| t[..10].to_owned())
        });
        if let Some(full) = day {
            record.date = Some(full);
            record.warnings.retain(|w| w != warnings::DATE_PARTIAL);
            record.warn(warnings::DAY_FROM_SIGNATURE_TIME);
        }
    }
}

/// Words of office names that no personal name contains (a CN like `VĂN PHÒNG CHÍNH PHỦ`
/// starts with `Văn`, a family name too).
const OFFICE_WORDS: &[&str] = &[
    "phong", "uy", "ubnd", "hdnd", "tinh", "huyen", "xa", "so", "cuc", "bo", "thue", "phu", "vien",
    "ban", "toa", "kho", "bac", "cong", "ty", "ngan", "hang", "hoi", "dong", "nhan", "dan", "doan",
    "dang", "quoc", "gia", "trung", "tam",
];

/// `signer` as a person's name (`Nguyễn Văn An`, `NGUYỄN VĂN AN` → `Nguyễn Văn An`): 2–5
/// words, letters only, one case throughout, a family name first, no word of an office's
/// name. `None` for an office (`ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG`, `Văn phòng Chính phủ`,
/// `CỤC THUẾ`): the corpus e-signatures mostly name the office that signs.
pub fn person_name(signer: &str) -> Option<String> {
    let words: Vec<&str> = signer.split_whitespace().collect();
    if !(2..=5).contains(&words.len()) || !words.iter().all(|w| w.chars().all(char::is_alphabetic))
    {
        return None;
    }
    let upper = words.iter().all(|w| w.chars().all(char::is_uppercase));
    let title = words.iter().all(|w| {
        let mut c = w.chars();
        c.next().is_some_and(char::is_uppercase) && c.all(char::is_lowercase)
    });
    if !(upper || title) || !crate::parse::header::names::is_surname(words[0]) {
        return None;
    }
    // "An", "Dân", "Hội" alone are given names: an office word counts only beside another
    // one or at the start.
    let office: Vec<bool> = words
        .iter()
        .map(|w| OFFICE_WORDS.contains(&fold(w).as_str()))
        .collect();
    if office[0] || office.iter().filter(|o| **o).count() >= 2 {
        return None;
    }
    Some(
        words
            .iter()
            .map(|w| {
                let mut c = w.chars();
                let first: String = c.next().into_iter().flat_map(char::to_uppercase).collect();
                first + &c.as_str().to_lowercase()
            })
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// The signer's name from a digital signature that names a person, when the printed name is
/// missing (unreadable under a seal, or a scan OCR could not read): warning
/// `signer_name_from_signature`. A signature naming an office is never taken for a name.
pub fn signer_from_signature(record: &mut Record) {
    if record.signer.as_ref().is_some_and(|s| s.name.is_some()) {
        return;
    }
    let mut people = record
        .signature_stamps
        .iter()
        .filter_map(|s| s.signer.as_deref().and_then(person_name));
    let Some(name) = people.next() else {
        return;
    };
    // Two signatures naming two people (a counter-signature): no telling which one signs
    // under the title.
    if people.any(|other| other != name) {
        return;
    }
    record.signer.get_or_insert_with(Default::default).name = Some(name);
    record.warnings.retain(|w| w != warnings::SIGNER_MISSING);
    record.warn(warnings::SIGNER_NAME_FROM_SIGNATURE);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::SignatureStamp;

    fn rec(symbol: &str) -> Record {
        Record {
            symbol: Some(symbol.to_owned()),
            ..Record::default()
        }
    }

    #[test]
    fn file_names_that_carry_the_number() {
        let r = rec("TTr-UBND");
        assert_eq!(number_from_file_name("01 TTr", &r).as_deref(), Some("01"));
        assert_eq!(
            number_from_file_name("11CT_chi thi", &rec("CT-UBND")).as_deref(),
            Some("11")
        );
        assert_eq!(
            number_from_file_name("QD-1234-UBND", &rec("QĐ-UBND")).as_deref(),
            Some("1234")
        );
        assert_eq!(
            number_from_file_name("s08-ld-ubnd-gm-560-2025", &rec("GM-UBND")).as_deref(),
            Some("560")
        );
    }

    #[test]
    fn file_names_that_do_not() {
        // Another type's code, a year, a timestamp, no code at all.
        assert_eq!(number_from_file_name("01 TTr", &rec("QĐ-UBND")), None);
        assert_eq!(number_from_file_name("QD-2025", &rec("QĐ-UBND")), None);
        assert_eq!(
            number_from_file_name("scan_20250314_101500", &rec("QĐ-UBND")),
            None
        );
        assert_eq!(number_from_file_name("17026", &rec("CV-UBND")), None);
        assert_eq!(number_from_file_name("QD-12 QD-13", &rec("QĐ-UBND")), None);
        // A counter glued to letters is no number ("s05-ct-cv-2191" is a Cục Thuế CT-CS).
        assert_eq!(number_from_file_name("s05-ct-cv-2191", &rec("CT-CS")), None);
    }

    #[test]
    fn a_person_but_never_an_office() {
        assert_eq!(
            person_name("Nguyễn Văn An").as_deref(),
            Some("Nguyễn Văn An")
        );
        assert_eq!(
            person_name("TRẦN THỊ HỒNG NHUNG").as_deref(),
            Some("Trần Thị Hồng Nhung")
        );
        assert_eq!(
            person_name("Phạm Minh Chính").as_deref(),
            Some("Phạm Minh Chính")
        );
        for office in [
            "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG",
            "Văn phòng Chính phủ",
            "VĂN PHÒNG CHÍNH PHỦ",
            "CỤC THUẾ",
            "SỞ NỘI VỤ",
            "Nguyễn Văn An (Phó Chủ tịch)",
            "nguyễn văn an",
            "Nguyễn",
        ] {
            assert_eq!(person_name(office), None, "{office}");
        }
    }

    #[test]
    fn signer_name_from_a_person_signature_only_when_the_printed_one_is_missing() {
        let stamp = |s: &str| SignatureStamp {
            signer: Some(s.to_owned()),
            ..Default::default()
        };
        let mut r = rec("QĐ-UBND");
        r.warn(warnings::SIGNER_MISSING);
        r.signature_stamps = vec![
            stamp("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG"),
            stamp("NGUYỄN VĂN AN"),
        ];
        signer_from_signature(&mut r);
        assert_eq!(
            r.signer.as_ref().and_then(|s| s.name.as_deref()),
            Some("Nguyễn Văn An")
        );
        assert!(
            r.warnings
                .iter()
                .any(|w| w == warnings::SIGNER_NAME_FROM_SIGNATURE)
        );
        assert!(!r.warnings.iter().any(|w| w == warnings::SIGNER_MISSING));

        // Only the office signed: nothing taken.
        let mut r = rec("QĐ-UBND");
        r.signature_stamps = vec![stamp("Văn phòng Chính phủ")];
        signer_from_signature(&mut r);
        assert_eq!(r.signer, None);

        // A printed name stays.
        let mut r = rec("QĐ-UBND");
        r.signer = Some(crate::record::Signer {
            name: Some("Lê Hồng Văn".to_owned()),
            ..Default::default()
        });
        r.signature_stamps = vec![stamp("Nguyễn Văn An")];
        signer_from_signature(&mut r);
        assert_eq!(r.signer.unwrap().name.as_deref(), Some("Lê Hồng Văn"));
        assert!(r.warnings.is_empty());

        // Two people: no telling which.
        let mut r = rec("QĐ-UBND");
        r.signature_stamps = vec![stamp("Nguyễn Văn An"), stamp("Trần Thị Bình")];
        signer_from_signature(&mut r);
        assert_eq!(r.signer, None);
    }

    #[test]
    fn a_number_one_digit_off_the_file_name_is_corrected_with_a_warning() {
        let mut r = rec("TB-UBND");
        r.source = "/kho/ld-ubnd-tb-493-2025.pdf".into();
        r.number = Some("492".into());
        apply(&mut r);
        assert_eq!(r.number.as_deref(), Some("493"));
        assert!(
            r.warnings
                .iter()
                .any(|w| w == warnings::NUMBER_FROM_FILE_NAME_OVER_OCR)
        );
        // Further apart: two witnesses of different numbers, the OCR reading stays.
        for (read, name) in [("412", "TB-493"), ("4", "TB-5"), ("493", "TB-493")] {
            let mut r = rec("TB-UBND");
            r.source = format!("/kho/{name}.pdf");
            r.number = Some(read.into());
            apply(&mut r);
            assert_eq!(r.number.as_deref(), Some(read), "{name}");
            assert!(r.warnings.is_empty(), "{name}: {:?}", r.warnings);
        }
    }

    #[test]
    fn day_from_signature_only_when_month_agrees() {
        let stamp = |t: &str| SignatureStamp {
            signer: None,
            time: Some(t.to_owned()),
            text: String::new(),
        };
        let mut r = Record {
            date: Some("2026-04".to_owned()),
            signature_stamps: vec![stamp("2026-04-08T17:35:00+07:00")],
            ..Record::default()
        };
        apply(&mut r);
        assert_eq!(r.date.as_deref(), Some("2026-04-08"));
        assert!(
            r.warnings
                .iter()
                .any(|w| w == warnings::DAY_FROM_SIGNATURE_TIME)
        );
        let mut r = Record {
            date: Some("2024-09".to_owned()),
            signature_stamps: vec![stamp("2024-10-01T16:02:40+07:00")],
            ..Record::default()
        };
        apply(&mut r);
        assert_eq!(r.date.as_deref(), Some("2024-09"));
    }
}
