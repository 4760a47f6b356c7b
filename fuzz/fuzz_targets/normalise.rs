//! `text::terms` and `text::sentences` on arbitrary UTF-8: no panic, and
//! every span is a UTF-16 span of the input that holds a letter or digit.
#![no_main]

use claimlens_core::text::{sentences, terms};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let units: Vec<u16> = text.encode_utf16().collect();
    let at = |start: u32, end: u32| -> String {
        assert!(
            start <= end && end as usize <= units.len(),
            "span {start}..{end} of {}",
            units.len()
        );
        String::from_utf16(&units[start as usize..end as usize])
            .unwrap_or_else(|_| panic!("span {start}..{end} cuts a surrogate pair"))
    };

    let ts = terms(text);
    for t in &ts {
        assert!(t.start < t.end, "empty span {t:?}");
        assert!(!t.text.is_empty(), "empty term {t:?}");
        assert!(
            at(t.start, t.end).chars().any(char::is_alphanumeric),
            "span of {t:?} has no letter or digit"
        );
    }
    for w in ts.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        assert!(
            (a.start, a.end) == (b.start, b.end) || a.end <= b.start,
            "spans overlap: {a:?}, {b:?}"
        );
    }

    // Sentences tile the text: each sits at its offset, gaps are blank.
    let mut cursor = 0u32;
    for (offset, s) in sentences(text) {
        assert!(
            offset >= cursor,
            "sentence at {offset} overlaps the previous one"
        );
        assert!(
            at(cursor, offset).trim().is_empty(),
            "non-blank text skipped before {offset}"
        );
        assert!(!s.trim().is_empty(), "blank sentence at {offset}");
        let end = offset + s.encode_utf16().count() as u32;
        assert_eq!(at(offset, end), s, "sentence not at its offset {offset}");
        cursor = end;
    }
    assert!(
        at(cursor, units.len() as u32).trim().is_empty(),
        "non-blank text dropped at the end"
    );
});
