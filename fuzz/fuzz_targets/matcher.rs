//! `Matcher::find`, `rank` and `annotate` on arbitrary text against the
//! bundled index: no panic, scores in 0..=1, best first, every reported
//! match at or above the lower band, spans inside the text.
#![no_main]

use claimlens_core::matching::{Matcher, LOW_THRESHOLD as THRESHOLD};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn matcher() -> &'static Matcher {
    static M: OnceLock<Matcher> = OnceLock::new();
    M.get_or_init(|| Matcher::from_bytes(claimlens::BUNDLED_INDEX).expect("the bundled index reads"))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let m = matcher();
    let n16 = text.encode_utf16().count() as u32;

    let found = m.find(&text);
    for f in &found {
        assert!(f.claim < m.claims().len());
        assert!(
            (THRESHOLD..=1.0).contains(&f.score),
            "score {} out of range",
            f.score
        );
        assert!(
            (0.0..=1.0).contains(&f.recall) && (0.0..=1.0).contains(&f.precision),
            "{f:?}"
        );
        assert!(
            f.start < f.end && f.end <= n16,
            "span {}..{} of {n16}",
            f.start,
            f.end
        );
    }
    for w in found.windows(2) {
        assert!(w[0].score >= w[1].score, "not best first: {found:?}");
    }

    let ranked = m.rank(&text, 5);
    for r in &ranked {
        assert!(
            (0.0..=1.0).contains(&r.score),
            "rank score {} out of range",
            r.score
        );
        assert!(
            r.start < r.end && r.end <= n16,
            "rank span {}..{} of {n16}",
            r.start,
            r.end
        );
    }
    for w in ranked.windows(2) {
        assert!(w[0].score >= w[1].score, "rank not best first: {ranked:?}");
    }

    let marks = m.annotate(&text);
    for a in &marks {
        assert!(
            (THRESHOLD..=1.0).contains(&a.score),
            "mark score {} out of range",
            a.score
        );
        assert!(
            a.start < a.end && a.end <= n16,
            "mark {}..{} of {n16}",
            a.start,
            a.end
        );
    }
    for w in marks.windows(2) {
        assert!(
            w[0].end <= w[1].start,
            "marks overlap or out of order: {marks:?}"
        );
    }
});
