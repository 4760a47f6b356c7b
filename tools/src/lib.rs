//! ClaimLens's tooling, beside the library: what the `claimlens` program
//! does for editors ([`bundled`], [`pages`]) and the benchmarks
//! ([`checkthat`], [`bm25`]). Nothing here goes into the widget.

pub mod bm25;
pub mod bundled;
pub mod checkthat;
pub mod draft;
pub mod pages;
