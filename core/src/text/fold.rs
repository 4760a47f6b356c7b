//! Case and diacritic folding of one character: "É" → "e", "ő" → "o",
//! "ḥ" → "h", "ά" → "α", "Ж" → "ж", "ß" → "ss". The table is generated at
//! build time from the Unicode canonical decompositions and case mappings
//! (`build.rs`) for Latin, Greek, Cyrillic and fullwidth Latin; letters of
//! other scripts keep their case (both sides of a match are folded alike).

include!(concat!(env!("OUT_DIR"), "/fold_table.rs"));

/// `s` lower-cased and without diacritics.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    s.chars().for_each(|c| fold_char(c, &mut out));
    out
}

/// Appends `c` lower-cased and without its diacritics to `out`.
pub fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    match c {
        'æ' | 'Æ' => return out.push_str("ae"),
        'œ' | 'Œ' => return out.push_str("oe"),
        'ß' | 'ẞ' => return out.push_str("ss"),
        _ => {}
    }
    let folded = u16::try_from(c as u32)
        .ok()
        .and_then(|u| FOLD_FROM.binary_search(&u).ok())
        .and_then(|i| FOLD_TO.get(i))
        .and_then(|&b| char::from_u32(u32::from(b)));
    out.push(folded.unwrap_or(c));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_latin_beyond_latin_1_greek_and_cyrillic() {
        assert_eq!(fold("Éàçñøß"), "eacnoss");
        assert_eq!(fold("Łódź Nguyễn Đặng Dvořák Ærø"), "lodz nguyen dang dvorak aero");
        assert_eq!(fold("Ἀθῆναι Ёлка"), "αθηναι елка");
        assert_eq!(fold("ΑΘΗΝΑ ЖУК ＡＢＣ"), "αθηνα жук ａｂｃ");
        assert_eq!(fold("Kim Jong Un 😀"), "kim jong un 😀");
    }

    #[test]
    fn the_table_is_sorted_and_paired() {
        assert_eq!(FOLD_FROM.len(), FOLD_TO.len());
        assert!(FOLD_FROM.windows(2).all(|w| w[0] < w[1]));
    }
}
