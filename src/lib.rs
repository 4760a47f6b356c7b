//! The ClaimLens widget: the web layer over `claimlens-core`, compiled to
//! WebAssembly. A reader highlights a sentence; the widget matches it with
//! the core and, when a claim matches with confidence, shows a popover with
//! the verdict, the context and the sources.
//!
//! * [`view`] and [`rules`]: what the popover shows, and every rule and
//!   constant the widget shares with the browser extension (plain data,
//!   tested natively);
//! * `web` (wasm32 only): the listeners, the popover, the JS API; see its
//!   module documentation.
//!
//! The bundled database is packed at build time (`build.rs`) into
//! [`BUNDLED_INDEX`], which the wasm reads at start-up without parsing JSON
//! or tokenising a claim.

pub mod rules;
pub mod view;

#[cfg(target_arch = "wasm32")]
pub mod web;

#[cfg(target_arch = "wasm32")]
pub use web::{start, ClaimLens};
#[cfg(all(target_arch = "wasm32", feature = "engine"))]
pub use web::ClaimLensEngine;

/// The bundled database's packed index, written by `build.rs`.
pub const BUNDLED_INDEX: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/bundled.clx"));
