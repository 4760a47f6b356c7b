//! ClaimLens: highlight a claim on a news page, get its fact-check.
//!
//! The crate is a pure Rust core with a thin web layer:
//!
//! * [`claims`] — the claim model and the ClaimReview database format, with
//!   the editorial and run-time checks;
//! * [`checkthat`] — the CheckThat! 2020 verified-claim retrieval benchmark: import, runs, scoring;
//! * [`database`] — loading a database and reporting what was skipped;
//! * [`text`] and [`lexicon`] — normalisation of messy page text into terms;
//! * [`matcher`] — the engine that says which claims a text states;
//! * [`packed`] — the built index in binary form (made at build time);
//! * [`anchor`] — engine offsets back to text nodes on the page;
//! * [`view`] — what the popover shows and where it goes, as plain data;
//! * `web` (wasm32 only) — selection listening, the popover and the JS API.
//!
//! Everything but `web` is plain Rust, tested natively with `cargo test`.

pub mod anchor;
#[cfg(not(target_arch = "wasm32"))]
pub mod checkthat;
pub mod claims;
pub mod database;
pub mod lexicon;
pub mod matcher;
pub mod packed;
pub mod text;
pub mod view;

#[cfg(target_arch = "wasm32")]
pub mod web;

/// The bundled claim database with its index, checked and built at build
/// time by `build.rs` (see [`packed`]): the widget starts without parsing
/// JSON or tokenising a single claim.
pub const BUNDLED_MATCHER: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/bundled_matcher.bin"));

/// The bundled database, indexed.
pub fn bundled_matcher() -> matcher::Matcher {
    // The build wrote these bytes with the same code that reads them;
    // failing to read them back is a build defect, not bad input.
    matcher::Matcher::from_packed(BUNDLED_MATCHER)
        .expect("the bundled index was written by this build")
}

/// The bundled claims (the CLI and the tests).
pub fn bundled_claims() -> Vec<claims::Claim> {
    bundled_matcher().claims().to_vec()
}
