//! Generates the diacritic folding table for `src/text/fold.rs` from the
//! Unicode canonical decompositions (the `unicode-normalization` crate, a
//! build-time dependency only, so the library carries a small table rather
//! than the normalisation data).
//!
//! Every letter of the Latin, Greek and Cyrillic blocks whose canonical
//! decomposition starts with a different base letter folds to that letter
//! (lower-cased): "é" → "e", "Ő" → "o", "ḥ" → "h", "ά" → "α"; any other
//! capital of those blocks (and fullwidth Latin) to its small letter:
//! "Ж" → "ж". Letters with no decomposition that readers still treat as a
//! base letter plus a mark (ø, ł, đ, ħ, ı) are listed by hand below. The
//! table replaces the standard library's case tables in the wasm.

use std::fmt::Write as _;
use unicode_normalization::char::decompose_canonical;

/// The blocks folded: Latin-1 Supplement through Latin Extended-B, Greek,
/// Cyrillic, and Latin Extended Additional (Vietnamese and others).
const RANGES: [(u32, u32); 5] = [
    (0x00C0, 0x024F),
    (0x0370, 0x03FF),
    (0x0400, 0x052F),
    (0x1E00, 0x1FFF),
    (0xFF21, 0xFF3A),
];

/// Letters without a canonical decomposition that fold all the same
/// (the ligatures æ, œ and ß become two letters in `fold.rs` itself).
const BY_HAND: &[(char, char)] = &[
    ('ø', 'o'), ('Ø', 'o'), ('ł', 'l'), ('Ł', 'l'), ('đ', 'd'), ('Đ', 'd'), ('ħ', 'h'), ('Ħ', 'h'),
    ('ı', 'i'), ('ŧ', 't'), ('Ŧ', 't'),
];

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let mut table: Vec<(u32, char)> = Vec::new();
    for (lo, hi) in RANGES {
        for cp in lo..=hi {
            let Some(c) = char::from_u32(cp) else { continue };
            let mut base = None;
            decompose_canonical(c, |d| {
                base.get_or_insert(d);
            });
            let lower = base.filter(|&b| b != c && b.is_alphabetic()).and_then(|b| b.to_lowercase().next());
            let small = || {
                let mut l = c.to_lowercase();
                match (l.next(), l.next()) {
                    (Some(s), None) if s != c => Some(s),
                    _ => None,
                }
            };
            if let Some(b) = lower.or_else(small) {
                table.push((cp, b));
            }
        }
    }
    for (c, s) in BY_HAND {
        table.push((*c as u32, *s));
    }
    table.sort();
    table.dedup_by_key(|(c, _)| *c);
    let mut out = String::from("/// Letters that fold, sorted (all in the Basic Multilingual Plane).\npub(crate) const FOLD_FROM: &[u16] = &[");
    for (c, _) in &table {
        let _ = write!(out, "0x{c:04X},");
    }
    // Two bytes a letter, not a `char`'s four: every target is in the BMP too.
    out.push_str("];\n/// What each letter of `FOLD_FROM` folds to (BMP code points).\npub(crate) const FOLD_TO: &[u16] = &[");
    for (_, b) in &table {
        let b = u16::try_from(*b as u32).expect("fold targets are in the Basic Multilingual Plane");
        let _ = write!(out, "0x{b:04X},");
    }
    out.push_str("];\n");
    let path = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("fold_table.rs");
    std::fs::write(path, out).expect("OUT_DIR is writable");
}
