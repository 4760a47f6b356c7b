//! `database::load_json` and `validate_json` on arbitrary bytes read as
//! UTF-8: no panic, and whatever loads carries only http(s) source and
//! review links. Loaded claims are then indexed and matched, so hostile
//! databases reach the matcher too.
#![no_main]

use claimlens::claims::MAX_FIELD_CHARS;
use claimlens::database::{load_json, validate_json};
use claimlens::matcher::Matcher;
use libfuzzer_sys::fuzz_target;

const ARTICLE: &str = include_str!("../../claims/klingner-2019.article.txt");

/// An http(s) link, checked apart from `claims::is_http_url`.
fn is_web_link(u: &str) -> bool {
    let lower = u.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty()) && !u.chars().any(|c| c.is_control() || c.is_whitespace())
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = validate_json(&text, None);
    let _ = validate_json(&text, Some(ARTICLE));
    let Ok(loaded) = load_json(&text) else {
        return;
    };
    assert!(!loaded.claims.is_empty(), "Ok with no claims");
    for c in &loaded.claims {
        for s in &c.sources {
            assert!(is_web_link(&s.url), "source link {:?} kept", s.url);
        }
        if let Some(u) = &c.review_url {
            assert!(is_web_link(u), "review link {u:?} kept");
        }
        assert!(!c.claim_reviewed.trim().is_empty(), "blank claim kept");
        // The fields the lenient rules cut (others are not bounded yet:
        // see tests/properties.rs, every_loaded_string_is_bounded).
        let cut = [
            Some(&c.claim_reviewed),
            c.quote.as_ref(),
            Some(&c.context),
            c.review_url.as_ref(),
        ];
        for f in cut.into_iter().flatten().chain(&c.variants) {
            assert!(
                f.chars().count() <= MAX_FIELD_CHARS,
                "field of {} chars kept",
                f.chars().count()
            );
        }
    }
    // Index what loaded and match a piece of its own text against it.
    let probe: String = loaded.claims[0].claim_reviewed.chars().take(300).collect();
    let m = Matcher::new(loaded.claims);
    for f in m.find(&probe) {
        assert!(
            (0.0..=1.0).contains(&f.score),
            "score {} out of range",
            f.score
        );
    }
});
