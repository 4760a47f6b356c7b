//! The web layer (wasm32 only): everything that touches the browser.
//!
//! * [`api`]: `start()` and the `ClaimLens` object (`window.ClaimLens`);
//! * [`widget`]: the widget's state, one struct with one owner, and what
//!   a settled selection or a hovered mark does;
//! * [`selection`]: the page listeners (gloo, removed when dropped);
//! * [`popover`]: the popover and the live region in shadow roots;
//! * [`annotate`]: annotation mode;
//! * [`loader`]: loading more databases, a slice at a time;
//! * `engine`: `ClaimLensEngine`, the same matching for the extension
//!   (the `engine` feature, on by default; the script-tag build leaves it
//!   out);
//! * [`dom`]: the DOM helpers shared with the extension (`src/dom.js`);
//! * [`js`]: values, errors and events crossing into JavaScript;
//! * [`guard`]: a panic becomes a `ClaimLensError` and disables the widget;
//! * [`types`]: the TypeScript declarations.

pub mod annotate;
pub mod api;
pub mod dom;
#[cfg(feature = "engine")]
pub mod engine;
pub mod guard;
pub mod js;
pub mod loader;
pub mod matcher_cell;
pub mod object;
pub mod popover;
pub mod selection;
pub mod types;
pub mod widget;

pub use api::{start, ClaimLens};
#[cfg(feature = "engine")]
pub use engine::ClaimLensEngine;
