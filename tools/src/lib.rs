//! ClaimLens's tooling, beside the library: what the `claimlens` program
//! does for editors ([`bundled`], [`pages`]), the benchmarks
//! ([`checkthat`], [`bm25`]) and the matcher's labelled set
//! ([`labelled`]). Nothing here goes into the widget.

pub mod bm25;
pub mod bundled;
pub mod checkthat;
pub mod draft;
pub mod labelled;
pub mod pages;
