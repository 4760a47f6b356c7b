//! A panic in work the browser starts (here, handling a selection; a
//! deliberate one, compiled only with `--features test-panic`): the widget
//! disables itself, and the error is swallowed by the guard's own handler
//! instead of reaching the page. (This harness does not report a page's
//! uncaught errors to its listeners, so the guard's count is what shows
//! that the error went nowhere else; the end-to-end tests fail on any
//! `pageerror` for the other failure paths.)
//! (`wasm-pack test --headless --chrome -- --features test-panic --test panic_listener`)
#![cfg(all(target_arch = "wasm32", feature = "test-panic"))]

mod support;

use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_panic_while_handling_a_selection_reaches_nothing_on_the_page() {
    record_page_errors();
    mount(&[
        ("claim", &format!("Lead-in. {CLAIM} and more.")),
        ("other", "Pyongyang still ignores nearly a dozen UN Security Council resolutions."),
    ]);
    start_on_fixture();
    // The control: a selection is handled and opens its popover.
    let opened = next_event("open");
    select("claim", CLAIM);
    opened.await;
    assert!(popover_host().is_some());

    let lens = lens().unwrap();
    call(&lens, "__panicForTests", &["selection".into()]).unwrap();
    select("other", "Pyongyang still ignores nearly a dozen UN Security Council resolutions");
    assert!(
        until(|| match_error_code().as_deref() == Some("disabled"), 5_000.0).await,
        "the widget disables itself"
    );
    assert!(popover_host().is_none(), "the popover is taken off the page");
    let swallowed = get(&web_sys::window().unwrap(), "__claimlensSwallowed").as_f64();
    assert_eq!(swallowed, Some(1.0), "the guard caught the panic's error");
    assert_eq!(page_errors(), Vec::<String>::new());
}
