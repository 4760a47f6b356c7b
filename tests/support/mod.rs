//! Shared by the browser tests (`tests/web.rs`, `tests/panic.rs`): a page
//! fragment, programmatic selection and key presses, and waiting for a
//! ClaimLens event or a promise (never for a fixed time).
#![allow(dead_code)]

use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Document, Element};

/// The page's document.
pub fn doc() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Adds `<div id="fixture">` with one paragraph per `(id, text)`, once.
pub fn mount(paragraphs: &[(&str, &str)]) {
    let d = doc();
    if d.get_element_by_id("fixture").is_some() {
        return;
    }
    let fixture = d.create_element("div").unwrap();
    fixture.set_id("fixture");
    for (id, text) in paragraphs {
        let p = d.create_element("p").unwrap();
        p.set_id(id);
        p.set_text_content(Some(text));
        fixture.append_child(&p).unwrap();
    }
    d.body().unwrap().append_child(&fixture).unwrap();
}

/// `window.ClaimLens`, when it is there.
pub fn lens() -> Option<JsValue> {
    let v = Reflect::get(&web_sys::window().unwrap(), &"ClaimLens".into()).ok()?;
    (!v.is_undefined()).then_some(v)
}

/// `v[key]`.
pub fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// `target[method](...args)`, with a throw as `Err`.
pub fn call(target: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f: Function = get(target, method).dyn_into().expect("a method");
    f.apply(target, &args.iter().collect::<Array>())
}

/// Selects `needle` inside the element `id`, as a reader would.
pub fn select(id: &str, needle: &str) {
    let d = doc();
    let text = d.get_element_by_id(id).unwrap().first_child().unwrap();
    let content = text.text_content().unwrap();
    let at = content.find(needle).expect("needle in the paragraph");
    let start = content[..at].encode_utf16().count() as u32;
    let end = start + needle.encode_utf16().count() as u32;
    let range = d.create_range().unwrap();
    range.set_start(&text, start).unwrap();
    range.set_end(&text, end).unwrap();
    let sel = web_sys::window().unwrap().get_selection().unwrap().unwrap();
    sel.remove_all_ranges().unwrap();
    sel.add_range(&range).unwrap();
}

/// Presses Escape on the document.
pub fn press_escape() {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Escape");
    init.set_bubbles(true);
    let e = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    doc().dispatch_event(&e).unwrap();
}

/// The popover's host element, when one is open.
pub fn popover_host() -> Option<Element> {
    doc().query_selector("claimlens-popover").unwrap()
}

/// Resolves with the `detail` of the next `claimlens:<name>` event (the
/// listener is added now, before whatever should cause it).
pub fn next_event(name: &str) -> impl std::future::Future<Output = JsValue> {
    let name = format!("claimlens:{name}");
    let p = Promise::new(&mut |resolve, _| {
        let options = web_sys::AddEventListenerOptions::new();
        options.set_once(true);
        let on = Closure::once_into_js(move |e: web_sys::CustomEvent| {
            let _ = resolve.call1(&JsValue::NULL, &e.detail());
        });
        doc()
            .add_event_listener_with_callback_and_add_event_listener_options(&name, on.unchecked_ref(), &options)
            .unwrap();
    });
    let wait = JsFuture::from(p);
    async move { wait.await.expect("an event promise only resolves") }
}

/// Waits for a promise: its value, or its rejection as `Err`.
pub async fn settle(p: JsValue) -> Result<JsValue, JsValue> {
    JsFuture::from(p.dyn_into::<Promise>().expect("a promise")).await
}

/// Records every `error` and `unhandledrejection` the page sees from now on.
pub fn record_page_errors() {
    let record = Closure::<dyn Fn(web_sys::Event)>::new(|e: web_sys::Event| {
        let list = get(&web_sys::window().unwrap(), "__pageErrors");
        Array::from(&list).push(&e.type_().into());
    });
    let w = web_sys::window().unwrap();
    Reflect::set(&w, &"__pageErrors".into(), &Array::new()).unwrap();
    for kind in ["error", "unhandledrejection"] {
        w.add_event_listener_with_callback(kind, record.as_ref().unchecked_ref()).unwrap();
    }
    record.forget();
}

/// The errors recorded since [`record_page_errors`].
pub fn page_errors() -> Vec<String> {
    Array::from(&get(&web_sys::window().unwrap(), "__pageErrors"))
        .iter()
        .filter_map(|v| v.as_string())
        .collect()
}

/// Waits until `cond` holds, checking once a frame, for at most `ms`
/// milliseconds; returns whether it held. A condition, not a fixed delay.
pub async fn until(mut cond: impl FnMut() -> bool, ms: f64) -> bool {
    let perf = web_sys::window().unwrap().performance().unwrap();
    let deadline = perf.now() + ms;
    while !cond() {
        if perf.now() > deadline {
            return false;
        }
        let frame = Promise::new(&mut |resolve, _| {
            web_sys::window().unwrap().request_animation_frame(&resolve).unwrap();
        });
        JsFuture::from(frame).await.unwrap();
    }
    true
}

/// Starts the widget on the fixture, unless it runs.
pub fn start_on_fixture() {
    if lens().is_none() {
        let options = js_sys::Object::new();
        Reflect::set(&options, &"root".into(), &"#fixture".into()).unwrap();
        claimlens::start(Some(JsValue::from(options).into())).unwrap();
    }
}

/// The claim the tests select, verbatim from the bundled database.
pub const CLAIM: &str = "Since the Singapore summit, the regime has built another estimated six nuclear weapons";

/// The error code of a `ClaimLens.match` call, or `None` when it succeeds.
pub fn match_error_code() -> Option<String> {
    let lens = lens()?;
    call(&lens, "match", &[CLAIM.into()]).err().and_then(|e| get(&e, "code").as_string())
}
