//! Getting more claims into the widget: `ClaimLens.load(jsonOrUrl)`,
//! `data-claims`, and ClaimReview JSON-LD the page already carries.
//!
//! A database is JSON text, an already-parsed object, a URL (JSON, or a
//! prebuilt index written by `claimlens pack`), or the bytes of such an
//! index. The core reads it (one reader for every document shape) a slice
//! at a time, and indexes the new claims a slice at a time, yielding to the
//! page between slices, so a 10,000-claim database does not freeze it. A
//! prebuilt index needs no tokenising at all. Loads run one after another;
//! matching keeps using the claims already loaded until a load is done.
//!
//! Whatever goes wrong, the claims already loaded stay, the console names
//! the problem, and the promise rejects with a typed `ClaimLensError`.
//!
//! The fetch is async Rust (wasm-bindgen-futures); every step that does
//! real work runs in a promise reaction instead, because a panic there
//! becomes a rejection of the promise the caller holds (see `guard.rs`),
//! while a panic inside a future would escape to the page.

use super::js::{self, console_error, console_warn, error, next_task, CatchCall as _, Obj, ThenCall as _};
use super::widget::{self, with, Handle};
use claimlens_core::claimreview::error::LoadError;
use claimlens_core::claimreview::{self, Loaded, Reading, MAX_DATABASE_BYTES};
use claimlens_core::json::{Json, Parsing};
use claimlens_core::matching::build::MatcherBuild;
use claimlens_core::matching::index::{IndexBuilder, StoredIndex};
use claimlens_core::matching::unpack::IndexReading;
use claimlens_core::matching::Matcher;
use js_sys::{Function, Promise, Uint8Array};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

/// How long one slice of reading or indexing may take.
const SLICE_MS: f64 = 8.0;
/// The first bytes of a packed index (`claimlens pack`).
const PACKED_PREFIX: &[u8] = b"ClaimLens index";

/// The loads in progress: each waits for the one before.
#[derive(Default)]
pub struct Loading {
    tail: Option<Promise>,
}

/// One load, between slices.
enum Stage {
    /// JSON text being copied in from JavaScript.
    Copying(js::TextCopy),
    /// JSON text being parsed.
    Parsing(Parsing),
    /// Records being read.
    Reading(Reading),
    /// A packed index being read.
    Decoding(IndexReading),
    /// New claims being tokenised and numbered.
    Indexing(IndexBuilder),
    /// The matcher's lookups being derived.
    Building(MatcherBuild),
}

struct Job {
    origin: String,
    replace: bool,
    /// Claims read from the input, and records skipped.
    loaded: usize,
    skipped: usize,
    /// A document already parsed (the page's JSON-LD), read instead of
    /// what the source promise gives.
    document: Option<Json>,
    stage: Option<Stage>,
}

/// What a load reads: a value from JavaScript (text, object, URL, bytes),
/// or a document already parsed.
pub enum Input {
    /// As `ClaimLens.load` takes it.
    Value(JsValue),
    /// A parsed ClaimReview document.
    Document(Json),
}

type SharedJob = Rc<RefCell<Job>>;

/// A promise reaction running Rust: `f` gets the value, and its `Err` is
/// thrown (the next promise rejects with it).
fn reaction(f: impl FnOnce(JsValue) -> Result<JsValue, JsValue> + 'static) -> Function {
    Closure::once_into_js(f).unchecked_into()
}

/// Loads a database (`input`) into the widget; resolves with `{ loaded,
/// skipped, total }`. `origin` names it in messages.
pub fn load(h: &Handle, input: Input, replace: bool, origin: String) -> Promise {
    let input = match written_out(input) {
        Ok(input) => input,
        Err(e) => return Promise::reject(&failure(&origin, &e)),
    };
    let (source, document) = match input {
        Input::Value(value) => (source(&value), None),
        Input::Document(doc) => (Ok(Promise::resolve(&JsValue::UNDEFINED)), Some(doc)),
    };
    let source = match source {
        Ok(p) => p,
        Err(e) => return Promise::reject(&failure(&origin, &e)),
    };
    // A download may fail while an earlier load is still running, before
    // this load's chain takes the source up: marked handled now, so the
    // page never sees an unhandled rejection (the chain still gets it).
    let _ = source.catch_call(&reaction(|_| Ok(JsValue::UNDEFINED)));
    let job: SharedJob = Rc::new(RefCell::new(Job {
        origin,
        replace,
        loaded: 0,
        skipped: 0,
        document,
        stage: None,
    }));
    // Wait for the loads before this one (their outcome does not matter).
    let tail = with(h, |w| w.loading.tail.take()).flatten();
    let after = match tail {
        Some(t) => t.then_call(&reaction(move |_| Ok(source.into()))),
        None => source,
    };
    let (h1, j1) = (h.clone(), job.clone());
    // Taking the text over is a task's work for a large database: the
    // slices start in the next task.
    let started = after.then_call(&reaction(move |value| {
        start(&j1, value).map(|_| next_task(&JsValue::UNDEFINED).into())
    }));
    let (h2, j2) = (h1, job.clone());
    let done = slices(started, h2, j2);
    let j3 = job;
    let result = done.catch_call(&reaction(move |err| {
        // A ClaimLensError from a step passes on as it is; anything else is
        // the network's.
        let code = js_sys::Reflect::get(&err, &"name".into()).ok().and_then(|n| n.as_string());
        if code.as_deref() == Some("ClaimLensError") {
            return Err(err);
        }
        let message = js_sys::Reflect::get(&err, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_default();
        Err(failure(&j3.borrow().origin, &LoadError::Unreachable(message)))
    }));
    let quiet = result.catch_call(&reaction(|_| Ok(JsValue::UNDEFINED)));
    with(h, |w| w.loading.tail = Some(quiet));
    result
}

/// Logs why a load failed and makes its `ClaimLensError`.
fn failure(origin: &str, e: &LoadError) -> JsValue {
    let message = format!("{origin}: {e}; keeping the claims already loaded");
    console_error(&message);
    error(e.into(), &message)
}

/// The database's text or bytes, as a promise: JSON text as it is, an
/// object as JSON text, a URL fetched, bytes as they are.
///
/// JSON text is told from a URL by its first character, read in place: a
/// large database is copied into the wasm once, by the job's first step,
/// and in a task of its own, not inside the caller's.
fn source(input: &JsValue) -> Result<Promise, LoadError> {
    if let Some(text) = input.dyn_ref::<js_sys::JsString>() {
        return if is_json_text(text) {
            Ok(next_task(input))
        } else {
            fetch(&String::from(text))
        };
    }
    if input.is_instance_of::<Uint8Array>() || input.is_instance_of::<js_sys::ArrayBuffer>() {
        return Ok(Promise::resolve(&JsValue::from(Uint8Array::new(input))));
    }
    Err(LoadError::WrongShape("ClaimLens.load needs JSON text, a parsed object, a URL or a packed index"))
}

/// True when a string given to `load` is JSON text rather than a URL: it
/// starts (after white space) with `{` or `[`. Reads one character in place,
/// so a large text is not copied to find out.
pub fn is_json_text(text: &js_sys::JsString) -> bool {
    let first = text.trim_start().char_code_at(0);
    first == f64::from(b'{') || first == f64::from(b'[')
}

/// A parsed object as JSON text (read in slices like any text), or, when
/// `JSON.stringify` cannot write it (nested too deeply), as a document
/// read directly (`object.rs`). Other inputs as they are.
fn written_out(input: Input) -> Result<Input, LoadError> {
    match input {
        Input::Value(v) if is_database_object(&v) => match js_sys::JSON::stringify(&v) {
            Ok(text) => Ok(Input::Value(text.into())),
            Err(_) => super::object::to_json(&v).map(Input::Document),
        },
        other => Ok(other),
    }
}

/// An object or array given as a database (not bytes).
fn is_database_object(v: &JsValue) -> bool {
    v.is_object() && !v.is_instance_of::<Uint8Array>() && !v.is_instance_of::<js_sys::ArrayBuffer>()
}

/// Fetches a database URL (http(s) only), refusing bodies over the limit
/// before reading them when the server says how long they are. Resolves
/// with the text, or with the bytes of a packed index.
fn fetch(url: &str) -> Result<Promise, LoadError> {
    let window = web_sys::window().ok_or_else(|| LoadError::Unreachable("no window".into()))?;
    let base = window.document().and_then(|d| d.base_uri().ok().flatten()).unwrap_or_default();
    let absolute = web_sys::Url::new_with_base(url, &base)
        .map_err(|_| LoadError::Unreachable(format!("\"{}\" is not a URL", url.chars().take(200).collect::<String>())))?;
    let protocol = absolute.protocol();
    if protocol != "https:" && protocol != "http:" {
        return Err(LoadError::Unreachable(format!("only http(s) URLs are loaded, not {protocol}")));
    }
    let href = absolute.href();
    let request = window.fetch_with_str(&href);
    Ok(future_to_promise(async move {
        let response: web_sys::Response = JsFuture::from(request).await?.dyn_into()?;
        if !response.ok() {
            return Err(failure(&href, &LoadError::Unreachable(format!("HTTP {}", response.status()))));
        }
        let length = response.headers().get("content-length").ok().flatten();
        if let Some(len) = length.and_then(|l| l.parse::<usize>().ok()) {
            if let Err(e) = claimreview::check_size(len) {
                return Err(failure(&href, &e));
            }
        }
        let buffer = JsFuture::from(response.array_buffer()?).await?;
        Ok(Uint8Array::new(&buffer).into())
    }))
}

/// The first step of a job: parses the text (or reads the packed index)
/// and starts reading records.
fn start(job: &SharedJob, value: JsValue) -> Result<JsValue, JsValue> {
    let origin = job.borrow().origin.clone();
    let fail = |e: LoadError| failure(&origin, &e);
    let parsed = job.borrow_mut().document.take();
    if let Some(doc) = parsed {
        let reading = Reading::new(doc).map_err(fail)?;
        job.borrow_mut().stage = Some(Stage::Reading(reading));
        return Ok(JsValue::UNDEFINED);
    }
    let text = match value.dyn_into::<Uint8Array>() {
        Ok(bytes) => {
            if bytes.length() as usize > MAX_DATABASE_BYTES {
                return Err(fail(LoadError::TooLarge {
                    bytes: bytes.length() as usize,
                    limit: MAX_DATABASE_BYTES,
                }));
            }
            let bytes = bytes.to_vec();
            if bytes.starts_with(PACKED_PREFIX) {
                let reading = IndexReading::new(bytes).ok_or_else(|| fail(not_an_index()))?;
                job.borrow_mut().stage = Some(Stage::Decoding(reading));
                return Ok(JsValue::UNDEFINED);
            }
            String::from_utf8_lossy(&bytes).into_owned()
        }
        Err(value) => match value.dyn_into::<js_sys::JsString>() {
            Ok(text) => {
                // Each UTF-16 unit is at least a byte: a text longer than
                // the limit is refused before it is copied.
                claimreview::check_size(text.length() as usize).map_err(fail)?;
                job.borrow_mut().stage = Some(Stage::Copying(js::TextCopy::new(text)));
                return Ok(JsValue::UNDEFINED);
            }
            Err(_) => String::new(),
        },
    };
    claimreview::check_size(text.len()).map_err(fail)?;
    job.borrow_mut().stage = Some(Stage::Parsing(Parsing::new(text)));
    Ok(JsValue::UNDEFINED)
}

/// The builder a load adds to: the current claims, or none when replacing.
fn base(h: &Handle, replace: bool) -> IndexBuilder {
    match with(h, |w| (!replace).then(|| w.matcher.stored())).flatten() {
        Some(index) => IndexBuilder::from_index(index),
        None => IndexBuilder::default(),
    }
}

/// The rest of a job, a slice at a time with a yield to the page between
/// slices; resolves with the load's result.
fn slices(after: Promise, h: Handle, job: SharedJob) -> Promise {
    after.then_call(&reaction(move |_| {
        if with(&h, |_| ()).is_none() {
            return Err(error(js::ErrorCode::NotRunning, "ClaimLens was destroyed before the load finished"));
        }
        if slice(&h, &job)? {
            return finish(&h, &job);
        }
        Ok(slices(next_task(&JsValue::UNDEFINED), h, job).into())
    }))
}

/// The error for bytes that start like a packed index but are not one.
fn not_an_index() -> LoadError {
    LoadError::WrongShape("a packed index from another version, or damaged")
}

/// Works on the job for one slice; true when only finishing is left.
fn slice(h: &Handle, job: &SharedJob) -> Result<bool, JsValue> {
    let t0 = js::now();
    let mut j = job.borrow_mut();
    let (origin, replace) = (j.origin.clone(), j.replace);
    loop {
        let next = match j.stage.take() {
            Some(Stage::Copying(mut copy)) => {
                if !copy.step() {
                    Stage::Copying(copy)
                } else {
                    let text = copy.finish();
                    claimreview::check_size(text.len()).map_err(|e| failure(&origin, &e))?;
                    Stage::Parsing(Parsing::new(text))
                }
            }
            Some(Stage::Parsing(mut parsing)) => {
                let done = parsing.step(16).map_err(|e| failure(&origin, &LoadError::InvalidJson(e)))?;
                if !done {
                    Stage::Parsing(parsing)
                } else {
                    let doc = parsing.finish().map_err(|e| failure(&origin, &LoadError::InvalidJson(e)))?;
                    Stage::Reading(Reading::new(doc).map_err(|e| failure(&origin, &e))?)
                }
            }
            Some(Stage::Reading(mut reading)) => {
                if !reading.step(16) {
                    Stage::Reading(reading)
                } else {
                    let loaded = reading.finish().map_err(|e| failure(&origin, &e))?;
                    report(&loaded, &origin);
                    (j.loaded, j.skipped) = (loaded.database.claims.len(), loaded.errors.len());
                    let mut builder = base(h, replace);
                    builder.add(loaded.database.claims, loaded.database.entities);
                    Stage::Indexing(builder)
                }
            }
            Some(Stage::Decoding(mut reading)) => {
                if !reading.step(32) {
                    Stage::Decoding(reading)
                } else {
                    let index = reading.finish().ok_or_else(|| failure(&origin, &not_an_index()))?;
                    j.loaded = index.claims.len();
                    if replace {
                        // Nothing to merge with: straight to the lookups.
                        Stage::Building(MatcherBuild::new(index))
                    } else {
                        let mut builder = base(h, replace);
                        builder.add_index(index);
                        Stage::Indexing(builder)
                    }
                }
            }
            Some(Stage::Indexing(mut builder)) => {
                if builder.step(4) {
                    Stage::Building(MatcherBuild::new(builder.finish()))
                } else {
                    Stage::Indexing(builder)
                }
            }
            Some(Stage::Building(mut build)) => {
                let done = build.step(64);
                j.stage = Some(Stage::Building(build));
                if done {
                    return Ok(true);
                }
                if js::now() - t0 > SLICE_MS {
                    return Ok(false);
                }
                continue;
            }
            None => return Ok(true),
        };
        j.stage = Some(next);
        if js::now() - t0 > SLICE_MS {
            return Ok(false);
        }
    }
}

/// Swaps the new matcher in and resolves with `{ loaded, skipped, total }`.
fn finish(h: &Handle, job: &SharedJob) -> Result<JsValue, JsValue> {
    let mut j = job.borrow_mut();
    let Some(Stage::Building(build)) = j.stage.take() else {
        return Err(error(js::ErrorCode::Internal, "a load finished without an index"));
    };
    let matcher = build.finish();
    let total = matcher.claims().len();
    widget::replace_matcher(h, matcher);
    Ok(Obj::new()
        .set("loaded", j.loaded as u32)
        .set("skipped", j.skipped as u32)
        .set("total", total as u32)
        .build())
}

/// Names every skipped record and every repair in the console.
fn report(loaded: &Loaded, origin: &str) {
    for e in &loaded.errors {
        console_error(&format!("{origin}: skipped {e}"));
    }
    for w in &loaded.warnings {
        console_warn(&format!("{origin}: {w}"));
    }
}

/// The ClaimReview JSON-LD blocks the page carries, as one `@graph`
/// document (blocks that are not JSON, or hold no review, belong to the
/// page and are left alone), or `None`.
pub fn page_claim_reviews(doc: &web_sys::Document) -> Option<Json> {
    let scripts = doc.query_selector_all("script[type=\"application/ld+json\"]").ok()?;
    let mut nodes = Vec::new();
    for i in 0..scripts.length() {
        let Some(text) = scripts.item(i).and_then(|n| n.text_content()) else { continue };
        let Ok(block) = claimreview::parse(&text) else { continue };
        if let Ok(found) = claimreview::nodes(&block) {
            nodes.extend(found.records.into_iter().cloned());
        }
    }
    (!nodes.is_empty()).then(|| claimreview::write::graph_document(nodes))
}

/// Loads in the background (page JSON-LD, `data-claims`): tells the page
/// with `claimlens:loaded` or `claimlens:error` instead of a promise, so
/// nothing is left unhandled.
pub fn load_in_background(h: &Handle, input: Input, origin: String) {
    let source = origin.clone();
    let on_done = reaction({
        let source = source.clone();
        move |result| {
            let detail = Obj::new().set("source", source.as_str());
            js::dispatch("loaded", merge(detail, &result));
            Ok(JsValue::UNDEFINED)
        }
    });
    let on_error = reaction(move |err| {
        let code = js_sys::Reflect::get(&err, &"code".into()).unwrap_or(JsValue::NULL);
        let message = js_sys::Reflect::get(&err, &"message".into()).unwrap_or(JsValue::NULL);
        js::dispatch(
            "error",
            Obj::new().set("source", source.as_str()).set("code", code).set("message", message).build(),
        );
        Ok(JsValue::UNDEFINED)
    });
    let _ = load(h, input, false, origin).then_call(&on_done).catch_call(&on_error);
}

/// `detail` with the fields of `result` added.
fn merge(detail: Obj, result: &JsValue) -> JsValue {
    let get = |k: &str| js_sys::Reflect::get(result, &k.into()).unwrap_or(JsValue::NULL);
    detail
        .set("loaded", get("loaded"))
        .set("skipped", get("skipped"))
        .set("total", get("total"))
        .build()
}

/// Reads a database the way [`load`] does, without a widget (the
/// extension's engine): text, a parsed object, or packed bytes, into a new
/// matcher over `current` (or alone, with `replace`). Synchronous.
pub fn load_now(current: &Matcher, input: &JsValue, replace: bool) -> Result<(Matcher, JsValue), LoadError> {
    let mut builder = if replace {
        IndexBuilder::default()
    } else {
        IndexBuilder::from_index(current.stored())
    };
    let (loaded, skipped) = if let Some(bytes) = input.dyn_ref::<Uint8Array>().map(Uint8Array::to_vec) {
        let index = StoredIndex::from_bytes(&bytes).ok_or(LoadError::WrongShape("not a packed index of this version"))?;
        let n = index.claims.len();
        builder.add_index(index);
        (n, 0)
    } else {
        let doc = match written_out(Input::Value(input.clone()))? {
            Input::Document(doc) => doc,
            Input::Value(v) => claimreview::parse(&v.as_string().unwrap_or_default())?,
        };
        let loaded = claimreview::load_document(doc)?;
        report(&loaded, "database");
        let counts = (loaded.database.claims.len(), loaded.errors.len());
        builder.add(loaded.database.claims, loaded.database.entities);
        counts
    };
    let matcher = Matcher::from_index(builder.finish());
    let result = Obj::new()
        .set("loaded", loaded as u32)
        .set("skipped", skipped as u32)
        .set("total", matcher.claims().len() as u32)
        .build();
    Ok((matcher, result))
}
