//! ClaimLens's pure core: which reviewed claims does a piece of text state?
//!
//! * [`model`]: the claim, its sources, the entities it is about, the
//!   verdict scale;
//! * [`claimreview`]: claim databases as schema.org ClaimReview JSON-LD,
//!   read leniently, checked by layered rules, written for publication;
//! * [`json`]: the small JSON reader and writer all of that uses;
//! * [`text`]: normalisation of messy page text into terms, sentences and
//!   clauses;
//! * [`matching`]: the index and the matcher (find, rank, annotate);
//! * [`pack`]: the packed binary form of an index;
//! * [`anchor`]: the matcher's offsets back onto the text nodes of a page;
//! * [`hash`]: the hasher of the matcher's tables.
//!
//! No web dependencies and no `cfg` on the target: the widget, the CLI and
//! the tests use the same API.

pub mod anchor;
pub mod claimreview;
pub mod hash;
pub mod json;
pub mod matching;
pub mod model;
pub mod pack;
pub mod text;
pub mod sorting;

#[cfg(test)]
mod testdata;

pub use claimreview::{Database, Loaded};
pub use matching::{Annotation, Match, Matcher, THRESHOLD};
pub use model::{Claim, ClaimKind, Entity, Source, TextRole, Verdict};
