//! Values crossing into JavaScript, built directly (no serde in the wasm):
//! plain objects and arrays in the shapes the TypeScript declarations
//! describe (`src/web/types.rs`), the typed `ClaimLensError`, console
//! messages, the documented `claimlens:*` events, and the yield to the
//! page between slices of work (`next_task`).

use crate::view::Node;
use claimlens_core::claimreview::error::LoadError;
use claimlens_core::model::Claim;
use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CustomEvent, CustomEventInit, Document};

#[wasm_bindgen]
extern "C" {
    /// A promise seen as a plain object, for `then` and `catch` with
    /// plain functions.
    type Thenable;
    #[wasm_bindgen(method, js_name = then)]
    fn then_function(this: &Thenable, f: &Function) -> Promise;
    #[wasm_bindgen(method, js_name = catch)]
    fn catch_function(this: &Thenable, f: &Function) -> Promise;

    /// The browser's UTF-8 encoder.
    #[wasm_bindgen(js_name = TextEncoder)]
    type Utf8Encoder;
    #[wasm_bindgen(constructor, js_class = TextEncoder)]
    fn new() -> Utf8Encoder;
    #[wasm_bindgen(method, js_class = TextEncoder)]
    fn encode(this: &Utf8Encoder, text: &js_sys::JsString) -> js_sys::Uint8Array;

    /// `performance.now()` in one call: the slice loops ask for the time
    /// after every step (some 20,000 times in a large load), and going
    /// through `window` and `performance` each time was three calls.
    #[wasm_bindgen(catch, js_namespace = performance, js_name = now)]
    fn performance_now() -> Result<f64, JsValue>;
}

/// A large JavaScript string copied into Rust a piece at a time: the
/// browser encodes each piece (a 5 MB text at once is a 30–60 ms task).
pub struct TextCopy {
    text: js_sys::JsString,
    /// The next UTF-16 unit to copy.
    at: u32,
    bytes: Vec<u8>,
    encoder: Utf8Encoder,
}

impl TextCopy {
    /// UTF-16 units encoded per step.
    const STEP_UNITS: u32 = 1 << 18;

    /// Starts copying `text`.
    pub fn new(text: js_sys::JsString) -> TextCopy {
        TextCopy {
            bytes: Vec::with_capacity(text.length() as usize),
            text,
            at: 0,
            encoder: Utf8Encoder::new(),
        }
    }

    /// Copies the next piece; true when the whole text is copied.
    pub fn step(&mut self) -> bool {
        let len = self.text.length();
        if self.at >= len {
            return true;
        }
        let mut end = self.at.saturating_add(Self::STEP_UNITS).min(len);
        // Never between the halves of a surrogate pair.
        if end < len && (0xD800..0xDC00).contains(&(self.text.char_code_at(end - 1) as u32)) {
            end -= 1;
        }
        let piece = self.text.slice(self.at, end);
        self.bytes.extend(self.encoder.encode(&piece).to_vec());
        self.at = end;
        self.at >= len
    }

    /// The text as Rust text (lone surrogates as U+FFFD, as the browser
    /// encodes them).
    pub fn finish(mut self) -> String {
        while !self.step() {}
        String::from_utf8(self.bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }
}

/// `promise.then(f)` with a plain function: what `f` returns resolves the
/// next promise, what it throws rejects it.
pub trait ThenCall {
    /// `this.then(f)`.
    fn then_call(&self, f: &Function) -> Promise;
}

/// `promise.catch(f)` with a plain function.
pub trait CatchCall {
    /// `this.catch(f)`.
    fn catch_call(&self, f: &Function) -> Promise;
}

impl ThenCall for Promise {
    fn then_call(&self, f: &Function) -> Promise {
        self.unchecked_ref::<Thenable>().then_function(f)
    }
}

impl CatchCall for Promise {
    fn catch_call(&self, f: &Function) -> Promise {
        self.unchecked_ref::<Thenable>().catch_function(f)
    }
}

/// A promise of `value` that resolves in a later task (a yield to the page),
/// for the slices of loads and of annotation.
///
/// The task is a message on a fresh `MessageChannel`: a chain of
/// `setTimeout(0)` yields is clamped to 4 ms apiece after the fifth, which
/// made a third of a large load's time waiting. A timer where there is no
/// `MessageChannel`.
pub fn next_task(value: &JsValue) -> Promise {
    Promise::new(&mut |resolve, _| {
        if let Ok(channel) = web_sys::MessageChannel::new() {
            let port = channel.port1();
            let value = value.clone();
            // The closure holds the port until its message has come.
            let (receiving, resolving) = (port.clone(), resolve.clone());
            let on_message = Closure::once_into_js(move || {
                receiving.set_onmessage(None);
                let _ = resolving.call1(&JsValue::UNDEFINED, &value);
            });
            port.set_onmessage(Some(on_message.unchecked_ref()));
            if channel.port2().post_message(&JsValue::UNDEFINED).is_ok() {
                return;
            }
        }
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_1(&resolve, 0, value);
        }
    })
}

/// A plain JS object under construction.
#[derive(Default)]
pub struct Obj(Object);

impl Obj {
    /// An empty object.
    pub fn new() -> Obj {
        Obj(Object::new())
    }

    /// Sets `key` (a failure cannot happen on a fresh plain object).
    pub fn set(self, key: &str, value: impl Into<JsValue>) -> Obj {
        let _ = Reflect::set(&self.0, &JsValue::from_str(key), &value.into());
        self
    }

    /// The object.
    pub fn build(self) -> JsValue {
        self.0.into()
    }
}

/// A JS array of strings.
pub fn strings<'a>(items: impl IntoIterator<Item = &'a str>) -> Array {
    items.into_iter().map(JsValue::from_str).collect()
}

/// `Some(s)` as a string, `None` as `null`.
pub fn nullable(s: Option<&str>) -> JsValue {
    s.map_or(JsValue::NULL, JsValue::from_str)
}

/// Reads a string property of an options object; `None` when absent,
/// not a string, or blank.
pub fn string_option(options: &JsValue, key: &str) -> Option<String> {
    if !options.is_object() {
        return None;
    }
    Reflect::get(options, &JsValue::from_str(key))
        .ok()
        .and_then(|v| v.as_string())
        .filter(|s| !s.trim().is_empty())
}

/// What went wrong, as the JS error's `code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    /// An argument of the wrong type.
    BadArgument,
    /// The widget was destroyed.
    NotRunning,
    /// The widget disabled itself after an internal error.
    Disabled,
    /// An internal error (a bug): the widget is now disabled.
    Internal,
    /// The page has no document or body.
    NoDocument,
    /// A database that could not be loaded (see [`LoadError::code`]).
    Load(&'static str),
}

impl ErrorCode {
    /// The stable code string.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::BadArgument => "bad-argument",
            ErrorCode::NotRunning => "not-running",
            ErrorCode::Disabled => "disabled",
            ErrorCode::Internal => "internal",
            ErrorCode::NoDocument => "no-document",
            ErrorCode::Load(code) => code,
        }
    }
}

impl From<&LoadError> for ErrorCode {
    fn from(e: &LoadError) -> ErrorCode {
        ErrorCode::Load(e.code())
    }
}

/// A typed error for the JS side: an `Error` whose `name` is
/// `ClaimLensError` and whose `code` says what went wrong.
pub fn error(code: ErrorCode, message: &str) -> JsValue {
    let err = js_sys::Error::new(&format!("ClaimLens: {message}"));
    err.set_name("ClaimLensError");
    let _ = Reflect::set(&err, &"code".into(), &code.as_str().into());
    err.into()
}

/// Logs an error to the console with the widget's prefix.
pub fn console_error(message: &str) {
    web_sys::console::error_1(&format!("ClaimLens: {message}").into());
}

/// Logs a warning to the console with the widget's prefix.
pub fn console_warn(message: &str) {
    web_sys::console::warn_1(&format!("ClaimLens: {message}").into());
}

/// The page's document.
pub fn document() -> Result<Document, JsValue> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| error(ErrorCode::NoDocument, "ClaimLens needs a page with a document"))
}

/// Milliseconds since the page started (`performance.now()`; `Date.now()`
/// where a context has no `performance`): only differences are used.
pub fn now() -> f64 {
    performance_now().unwrap_or_else(|_| js_sys::Date::now())
}

/// Fires `claimlens:<name>` on the document with `detail`.
pub fn dispatch(name: &str, detail: JsValue) {
    let Ok(doc) = document() else { return };
    let init = CustomEventInit::new();
    init.set_detail(&detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(&format!("claimlens:{name}"), &init) {
        let _ = doc.dispatch_event(&event);
    }
}

/// Scores to three decimals, as JS sees them (0.906, not 0.906000018).
pub fn round3(score: f32) -> f64 {
    (f64::from(score) * 1000.0).round() / 1000.0
}

/// A claim as the JS API returns it (`ClaimInfo`), with `score` for a match.
pub fn claim(c: &Claim, score: Option<f32>) -> JsValue {
    let sources: Array = c
        .sources
        .iter()
        .map(|s| {
            Obj::new()
                .set("title", s.title.as_str())
                .set("publisher", s.publisher.as_str())
                .set("url", s.url.as_str())
                .set("date", s.date.as_str())
                .build()
        })
        .collect();
    let mut o = Obj::new().set("id", c.id.as_str());
    if let Some(s) = score {
        o = o.set("score", round3(s));
    }
    o.set("quote", nullable(c.quote.as_deref()))
        .set("claimReviewed", c.claim_reviewed.as_str())
        .set("verdict", c.verdict.label())
        .set("verdictLabel", c.verdict_label.as_str())
        .set("context", c.context.as_str())
        .set("sources", sources)
        .set("kind", nullable(c.kind.map(|k| k.name())))
        .set("reviewedBy", c.reviewed_by.as_str())
        .set("reviewDate", c.review_date.as_str())
        .set("reviewUrl", nullable(c.review_url.as_deref()))
        .build()
}

/// A view tree (see [`crate::view`]) as plain objects for `dom.js`'s `render`.
pub fn view(node: &Node) -> JsValue {
    let attrs: Array = node
        .attrs
        .iter()
        .map(|(k, v)| JsValue::from(strings([*k, v.as_str()])))
        .collect();
    let children: Array = node.children.iter().map(view).collect();
    Obj::new()
        .set("tag", node.tag)
        .set("attrs", attrs)
        .set("text", nullable(node.text.as_deref()))
        .set("children", children)
        .build()
}

/// `[[name, value], …]` for `dom.js`'s style setters.
pub fn pairs(list: &[(&str, &str)]) -> JsValue {
    list.iter()
        .map(|(k, v)| JsValue::from(strings([*k, *v])))
        .collect::<Array>()
        .into()
}

/// The rules a renderer and a page reader need (`EngineRules`): the
/// allow-lists, the selectors, the timings, the host layout, the styles.
pub fn rules() -> JsValue {
    use crate::rules::*;
    use crate::view::{ALLOWED_ATTRIBUTES, ALLOWED_TAGS};
    Obj::new()
        .set("tags", strings(ALLOWED_TAGS.iter().copied()))
        .set("attributes", strings(ALLOWED_ATTRIBUTES.iter().copied()))
        .set("blocks", BLOCKS)
        .set("skip", SKIP)
        .set("editable", EDITABLE)
        .set("pageTopic", PAGE_TOPIC)
        .set("maxPageTopicChars", MAX_PAGE_TOPIC_CHARS)
        .set("hostTag", HOST_TAG)
        .set("hostLayout", pairs(HOST_LAYOUT))
        .set("css", CSS)
        .set("highlightName", HIGHLIGHT_NAME)
        .set("highlightCss", HIGHLIGHT_CSS)
        .set("markedAttr", MARKED_ATTR)
        .set("settleMs", SETTLE_MS)
        .set("releaseMs", RELEASE_MS)
        .set("moveEveryMs", MOVE_EVERY_MS)
        .set("rereadMs", REREAD_MS)
        .set("maxDatabaseBytes", claimlens_core::claimreview::MAX_DATABASE_BYTES as u32)
        .build()
}
