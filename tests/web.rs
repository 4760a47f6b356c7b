//! The web layer in a real browser (`wasm-pack test --headless --chrome`):
//! mount a page fragment, select a claim programmatically, and check the
//! popover, the events and the JS API. All tests share one page and one
//! widget, started once.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Function, Promise, Reflect};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Document, Element};

wasm_bindgen_test_configure!(run_in_browser);

const CLAIM: &str =
    "Since the Singapore summit, the regime has built another estimated six nuclear weapons";

thread_local! {
    static EVENTS: RefCell<Vec<(String, JsValue)>> = const { RefCell::new(Vec::new()) };
}

fn doc() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Waits `ms` milliseconds (the widget debounces selections).
async fn sleep(ms: i32) {
    let p = Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(p).await.unwrap();
}

/// Mounts the fixture and starts the widget once, recording its events.
fn ensure_started() {
    let d = doc();
    if d.get_element_by_id("fixture").is_some() {
        return;
    }
    let fixture = d.create_element("div").unwrap();
    fixture.set_id("fixture");
    for (id, text) in [
        ("claim", format!("Some lead-in. {CLAIM} and more.")),
        (
            "plain",
            "The weather in Lisbon was mild and sunny all week.".to_string(),
        ),
    ] {
        let p = d.create_element("p").unwrap();
        p.set_id(id);
        p.set_text_content(Some(&text));
        fixture.append_child(&p).unwrap();
    }
    d.body().unwrap().append_child(&fixture).unwrap();
    for name in ["ready", "open", "close"] {
        let n = name.to_string();
        let f = Closure::<dyn Fn(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| {
            EVENTS.with(|ev| ev.borrow_mut().push((n.clone(), e.detail())));
        });
        d.add_event_listener_with_callback(
            &format!("claimlens:{name}"),
            f.as_ref().unchecked_ref(),
        )
        .unwrap();
        f.forget();
    }
    let options = js_sys::Object::new();
    Reflect::set(&options, &"root".into(), &"#fixture".into()).unwrap();
    claimlens::web::start(options.into()).unwrap();
}

fn events(name: &str) -> Vec<JsValue> {
    EVENTS.with(|ev| {
        ev.borrow()
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, d)| d.clone())
            .collect()
    })
}

fn api(method: &str) -> Function {
    let api = Reflect::get(&web_sys::window().unwrap(), &"ClaimLens".into()).unwrap();
    Reflect::get(&api, &method.into())
        .unwrap()
        .dyn_into()
        .unwrap()
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap()
}

/// Selects `needle` inside the element with id `id`.
fn select(id: &str, needle: &str) {
    let el = doc().get_element_by_id(id).unwrap();
    let node = el.first_child().unwrap();
    let text = node.text_content().unwrap();
    let start = text.find(needle).unwrap();
    let to_utf16 = |byte: usize| text[..byte].encode_utf16().count() as u32;
    let range = doc().create_range().unwrap();
    range.set_start(&node, to_utf16(start)).unwrap();
    range
        .set_end(&node, to_utf16(start + needle.len()))
        .unwrap();
    let sel = web_sys::window().unwrap().get_selection().unwrap().unwrap();
    sel.remove_all_ranges().unwrap();
    sel.add_range(&range).unwrap();
}

fn popover_host() -> Option<Element> {
    doc().query_selector("claimlens-popover").unwrap()
}

#[wasm_bindgen_test]
fn ready_event_and_api() {
    ensure_started();
    assert_eq!(events("ready").len(), 1, "claimlens:ready fires once");
    let claims: Array = api("claims").call0(&JsValue::NULL).unwrap().into();
    assert!(claims.length() >= 40);

    let found: Array = api("match")
        .call1(&JsValue::NULL, &"estimated six nuclear weapons".into())
        .unwrap()
        .into();
    assert!(found.length() >= 1);
    let best = found.get(0);
    assert_eq!(
        get(&best, "id").as_string().unwrap(),
        "six-more-nuclear-weapons"
    );
    let score = get(&best, "score").as_f64().unwrap();
    assert!((0.0..=1.0).contains(&score));
    for key in ["quote", "claimReviewed", "verdict", "context", "sources"] {
        assert!(!get(&best, key).is_undefined(), "match result has {key}");
    }

    let none: Array = api("match")
        .call1(&JsValue::NULL, &"the regime".into())
        .unwrap()
        .into();
    assert_eq!(none.length(), 0, "a two-word fragment matches nothing");

    let err = api("match")
        .call1(&JsValue::NULL, &JsValue::from(42))
        .unwrap_err();
    assert_eq!(get(&err, "name").as_string().unwrap(), "ClaimLensError");
}

#[wasm_bindgen_test]
async fn selecting_a_claim_opens_the_popover_and_escape_closes_it() {
    ensure_started();
    select("claim", CLAIM);
    sleep(600).await;
    let host = popover_host().expect("a popover opens for a claim");
    assert_eq!(
        host.get_attribute("data-claim-id").unwrap(),
        "six-more-nuclear-weapons"
    );
    let shadow = host
        .shadow_root()
        .expect("the popover lives in a shadow root");
    let label = shadow
        .query_selector(".verdict-label")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert_eq!(label, "Needs context");
    let dialog = shadow.query_selector("[role=dialog]").unwrap().unwrap();
    assert!(dialog
        .get_attribute("aria-label")
        .unwrap()
        .contains("Needs context"));
    let links = shadow.query_selector_all("a").unwrap();
    assert!(links.length() >= 1);
    for i in 0..links.length() {
        let a: Element = links.item(i).unwrap().dyn_into().unwrap();
        assert_eq!(a.get_attribute("target").as_deref(), Some("_blank"));
        assert_eq!(
            a.get_attribute("rel").as_deref(),
            Some("noopener noreferrer")
        );
        assert!(a.get_attribute("href").unwrap().starts_with("http"));
    }
    let opened = events("open");
    let last = opened.last().expect("claimlens:open fired");
    assert_eq!(
        get(last, "id").as_string().unwrap(),
        "six-more-nuclear-weapons"
    );
    assert_eq!(get(last, "text").as_string().unwrap(), CLAIM);

    let closes_before = events("close").len();
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Escape");
    let esc = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    doc().dispatch_event(&esc).unwrap();
    assert!(popover_host().is_none(), "Esc closes the popover");
    assert_eq!(
        events("close").len(),
        closes_before + 1,
        "claimlens:close fired"
    );

    // A selection that states no claim shows nothing.
    select(
        "plain",
        "The weather in Lisbon was mild and sunny all week.",
    );
    sleep(600).await;
    assert!(popover_host().is_none(), "no popover for a non-claim");
}

#[wasm_bindgen_test]
async fn a_broken_database_is_rejected_and_nothing_is_lost() {
    ensure_started();
    let before: Array = api("claims").call0(&JsValue::NULL).unwrap().into();
    let promise: Promise = api("load")
        .call1(&JsValue::NULL, &"{ not json".into())
        .unwrap()
        .dyn_into()
        .unwrap();
    let err = JsFuture::from(promise)
        .await
        .expect_err("invalid JSON rejects");
    assert_eq!(get(&err, "name").as_string().unwrap(), "ClaimLensError");
    assert_eq!(get(&err, "code").as_string().unwrap(), "invalid-json");
    let after: Array = api("claims").call0(&JsValue::NULL).unwrap().into();
    assert_eq!(
        before.length(),
        after.length(),
        "the claims already loaded stay"
    );
}
