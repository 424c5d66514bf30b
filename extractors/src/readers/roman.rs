//! Roman numerals for rendering list numbering (DOCX `upperRoman`, HTML `<ol type="I">`):
//! Vietnamese documents number their parts `I.`, `II.`, and parsers look for those markers.

/// `v` in upper-case Roman numerals, clamped to 1..=3999 (0 gives an empty string).
pub(crate) fn roman(mut v: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    v = v.min(3999);
    for (n, s) in TABLE {
        while v >= n {
            out.push_str(s);
            v -= n;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::roman;

    #[test]
    fn numerals() {
        assert_eq!(roman(0), "");
        assert_eq!(roman(4), "IV");
        assert_eq!(roman(14), "XIV");
        assert_eq!(roman(1994), "MCMXCIV");
        assert_eq!(roman(5000), "MMMCMXCIX");
    }
}
