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
pub mod text;
pub mod view;

#[cfg(target_arch = "wasm32")]
pub mod web;

/// The bundled claim database, checked at build time by `build.rs` and
/// stored in ClaimLens's compact form (a JSON array of [`claims::Claim`]),
/// so the wasm needs no JSON parser of its own: the browser's `JSON.parse`
/// reads it.
pub const BUNDLED_CLAIMS_JSON: &str =
    include_str!(concat!(env!("OUT_DIR"), "/bundled_claims.json"));

/// The bundled claims, natively (the CLI and the tests).
#[cfg(not(target_arch = "wasm32"))]
pub fn bundled_claims() -> Vec<claims::Claim> {
    // The build wrote this text from validated claims; failing to read it
    // back is a build defect, not bad input.
    serde_json::from_str(BUNDLED_CLAIMS_JSON).expect("bundled claims were validated at build time")
}
