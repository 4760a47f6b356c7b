//! The widget's matcher, which may still be being built. `start()` hands
//! over the bundled index unread, so the page gets `claimlens:ready` at
//! once; the index is then read and the matcher built a slice at a time
//! after ready. Whatever needs the matcher first (a selection, `match`,
//! `claims`, a load, annotation) finishes the rest on the spot, so nothing
//! ever sees a half-built matcher.
//!
//! Slicing matters beyond the page's responsiveness: on a first visit the
//! wasm still runs in the browser's baseline tier, and one long call cannot
//! move up a tier while it runs. Built in one call at start-up, the bundled
//! matcher took 61 ms (median, desktop); a reload, with optimised code,
//! 7–10 ms.

use super::js;
use claimlens_core::matching::build::MatcherBuild;
use claimlens_core::matching::unpack::IndexReading;
use claimlens_core::matching::Matcher;
use std::cell::{OnceCell, RefCell};
use std::ops::Deref;

/// Work on a build is done in slices of about this long, in milliseconds.
const SLICE_MS: f64 = 8.0;

/// A matcher, built or being built (see the module's notes).
pub struct MatcherCell {
    pending: RefCell<Option<Pending>>,
    built: OnceCell<Matcher>,
    /// How many claims it holds (known before the build).
    claim_count: usize,
}

/// Where a build is.
enum Pending {
    Reading(IndexReading),
    Building(MatcherBuild),
}

impl MatcherCell {
    /// A matcher already built.
    pub fn built(matcher: Matcher) -> MatcherCell {
        MatcherCell {
            pending: RefCell::new(None),
            claim_count: matcher.claims().len(),
            built: OnceCell::from(matcher),
        }
    }

    /// A matcher to build from a packed index; `None` when the bytes are
    /// not a packed index of this version.
    pub fn from_bytes(bytes: &[u8]) -> Option<MatcherCell> {
        let reading = IndexReading::new(bytes.to_vec())?;
        Some(MatcherCell {
            claim_count: reading.claim_count(),
            pending: RefCell::new(Some(Pending::Reading(reading))),
            built: OnceCell::new(),
        })
    }

    /// How many claims the matcher holds, without finishing its build.
    pub fn claim_count(&self) -> usize {
        self.built.get().map_or(self.claim_count, |m| m.claims().len())
    }

    /// True when the matcher is built.
    pub fn is_built(&self) -> bool {
        self.built.get().is_some()
    }

    /// Works on the build for about one slice; true when the matcher is
    /// built.
    pub fn step(&self) -> bool {
        if self.is_built() {
            return true;
        }
        let t0 = js::now();
        let done = {
            let Ok(mut pending) = self.pending.try_borrow_mut() else {
                return false;
            };
            loop {
                let next = match pending.take() {
                    Some(Pending::Reading(mut reading)) => {
                        if reading.step(32) {
                            match reading.finish() {
                                Some(index) => Some(Pending::Building(MatcherBuild::new(index))),
                                None => break true,
                            }
                        } else {
                            Some(Pending::Reading(reading))
                        }
                    }
                    Some(Pending::Building(mut build)) => {
                        let done = build.step(64);
                        *pending = Some(Pending::Building(build));
                        if done {
                            break true;
                        }
                        None
                    }
                    None => break true,
                };
                if let Some(next) = next {
                    *pending = Some(next);
                }
                if js::now() - t0 > SLICE_MS {
                    break false;
                }
            }
        };
        if done {
            self.get();
        }
        done
    }

    /// The matcher, finishing its build first if need be.
    fn get(&self) -> &Matcher {
        self.built.get_or_init(|| {
            let pending = self.pending.try_borrow_mut().ok().and_then(|mut p| p.take());
            let built = match pending {
                Some(Pending::Reading(reading)) => reading.finish().map(Matcher::from_index),
                Some(Pending::Building(build)) => Some(build.finish()),
                None => None,
            };
            built.unwrap_or_else(|| {
                js::console_error("the bundled index does not read back; no claims are loaded");
                Matcher::new(Vec::new())
            })
        })
    }
}

impl Deref for MatcherCell {
    type Target = Matcher;

    fn deref(&self) -> &Matcher {
        self.get()
    }
}

impl From<Matcher> for MatcherCell {
    fn from(matcher: Matcher) -> MatcherCell {
        MatcherCell::built(matcher)
    }
}
