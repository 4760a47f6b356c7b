//! A panic inside an API call (a deliberate one, compiled only with
//! `--features test-panic`): the caller gets a `ClaimLensError` with the
//! code `internal`, the widget takes its popover off the page and disables
//! itself, and nothing reaches the page's error handlers.
//! (`wasm-pack test --headless --chrome -- --features test-panic --test panic`)
#![cfg(all(target_arch = "wasm32", feature = "test-panic"))]

mod support;

use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_panic_in_a_call_becomes_a_claimlens_error_and_disables_the_widget() {
    record_page_errors();
    mount(&[("claim", &format!("Lead-in. {CLAIM} and more."))]);
    start_on_fixture();
    // The control: the widget works, and a popover is open.
    let opened = next_event("open");
    select("claim", CLAIM);
    opened.await;
    assert!(popover_host().is_some());
    assert_eq!(match_error_code(), None);

    let lens = lens().unwrap();
    let err = call(&lens, "__panicForTests", &["call".into()]).unwrap_err();
    assert_eq!(get(&err, "name").as_string().as_deref(), Some("ClaimLensError"));
    assert_eq!(get(&err, "code").as_string().as_deref(), Some("internal"));
    assert!(popover_host().is_none(), "the popover is taken off the page");
    assert_eq!(match_error_code().as_deref(), Some("disabled"));
    assert_eq!(page_errors(), Vec::<String>::new());
}
