//! `claimreview::load` and `validate` on arbitrary bytes read as
//! UTF-8: no panic, and whatever loads carries only http(s) source and
//! review links. Loaded claims are then indexed and matched, so hostile
//! databases reach the matcher too.
#![no_main]

use claimlens_core::claimreview::read::MAX_FIELD_CHARS;
use claimlens_core::claimreview::rules::{Extras, Rules};
use claimlens_core::claimreview::{load, validate};
use claimlens_core::matching::index::StoredIndex;
use claimlens_core::matching::meaning::Meaning;
use claimlens_core::matching::Matcher;
use libfuzzer_sys::fuzz_target;

const ARTICLE: &str = include_str!("../../claims/klingner-2019.article.txt");

/// An http(s) link, checked apart from `model::is_http_url`.
fn is_web_link(u: &str) -> bool {
    let lower = u.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty()) && !u.chars().any(|c| c.is_control() || c.is_whitespace())
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let lenient = Rules { extras: Extras::WhereUsed, article: None, publication: true };
    // What validates also loads, with every record it validated.
    let checked = [validate(&text, &lenient), validate(&text, &Rules::editorial(Some(ARTICLE)))];
    let Ok(loaded) = load(&text) else {
        assert!(checked.iter().all(Result::is_err), "validates but does not load");
        return;
    };
    for db in checked.iter().flatten() {
        assert_eq!(db.claims.len(), loaded.database.claims.len(), "validate and load disagree");
    }
    let db = loaded.database;
    if db.claims.is_empty() {
        return;
    }
    for c in &db.claims {
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
    let probe: String = db.claims[0].claim_reviewed.chars().take(300).collect();
    let m = Matcher::from_index(StoredIndex::build(db.claims, db.entities, Meaning::default()));
    for f in m.find(&probe) {
        assert!(
            (0.0..=1.0).contains(&f.score),
            "score {} out of range",
            f.score
        );
    }
});
