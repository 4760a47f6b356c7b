//! What happens when the wasm hits a bug: a panic becomes a
//! `ClaimLensError` with the code `internal`, the widget disables itself
//! (it takes its popover and live region off the page, and every later call
//! answers `disabled`), and nothing uncaught reaches the host page.
//!
//! The wasm is built with `panic = "abort"` (unwinding needs a nightly
//! toolchain), so a panic cannot be caught in Rust. Instead the panic hook
//! throws the error as a JS exception, which unwinds the wasm frames to the
//! nearest JavaScript caller:
//!
//! * in an API call (`ClaimLens.match`…), that is the page's own code,
//!   which receives a `ClaimLensError` it can catch;
//! * in a promise reaction (`load`), the promise rejects with it;
//! * in work the browser starts (events, timers, observers), the work runs
//!   through [`guarded`]: inside a promise reaction whose rejection is
//!   swallowed, so no error or unhandled rejection reaches the page.

use super::js::{console_error, document, error, CatchCall as _, ErrorCode, ThenCall as _};
use js_sys::{Function, Promise};
use std::sync::atomic::{AtomicBool, Ordering};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Set once a panic has happened: every entry point then does nothing
/// (API calls answer `disabled`).
static DISABLED: AtomicBool = AtomicBool::new(false);

/// True once the widget has disabled itself.
pub fn disabled() -> bool {
    DISABLED.load(Ordering::Relaxed)
}

/// Fails with `disabled` once the widget has disabled itself.
pub fn check_enabled() -> Result<(), JsValue> {
    if disabled() {
        return Err(error(
            ErrorCode::Disabled,
            "the widget disabled itself after an internal error",
        ));
    }
    Ok(())
}

/// Installs the panic hook (once per instance; later calls replace it
/// with the same hook).
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let first = !DISABLED.swap(true, Ordering::Relaxed);
        if first {
            console_error(&format!("internal error; the widget is now disabled. {info}"));
            take_off_the_page();
        }
        // Unwind the wasm frames to the nearest JavaScript caller.
        wasm_bindgen::throw_val(error(
            ErrorCode::Internal,
            "internal error; the widget is now disabled",
        ));
    }));
}

/// Removes what the widget shows, without touching its state (which may be
/// borrowed by the call that panicked).
fn take_off_the_page() {
    let Ok(doc) = document() else { return };
    let selector = format!("{}, {}", crate::rules::HOST_TAG, crate::rules::LIVE_TAG);
    if let Ok(list) = doc.query_selector_all(&selector) {
        for i in 0..list.length() {
            if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) {
                el.remove();
            }
        }
    }
}

thread_local! {
    /// The rejection handler that swallows a guarded panic (made once). A
    /// test build counts what it swallows in `window.__claimlensSwallowed`,
    /// so a test can tell the guard from a page that simply saw nothing.
    static SWALLOW: Function = Closure::<dyn Fn(JsValue)>::new(|_err| {
        #[cfg(feature = "test-panic")]
        if let Some(w) = web_sys::window() {
            let key = JsValue::from_str("__claimlensSwallowed");
            let n = js_sys::Reflect::get(&w, &key).ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
            let _ = js_sys::Reflect::set(&w, &key, &(n + 1.0).into());
        }
    })
    .into_js_value()
    .unchecked_into();
}

/// Runs `work` for the browser (an event, a timer, an observer) as a
/// promise reaction, so that a panic in it rejects a promise we handle
/// instead of reaching the page as an uncaught error. The work runs in the
/// microtask right after the current callback returns, before the browser
/// goes on (so `preventDefault` in it still counts for a native event).
pub fn guarded(work: impl FnOnce() + 'static) {
    if disabled() {
        return;
    }
    let f: Function = Closure::once_into_js(move |_: JsValue| {
        if !disabled() {
            work();
        }
    })
    .unchecked_into();
    let reaction = Promise::resolve(&JsValue::UNDEFINED).then_call(&f);
    SWALLOW.with(|s| {
        let _ = reaction.catch_call(s);
    });
}
