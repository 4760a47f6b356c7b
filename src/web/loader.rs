//! Getting claims into the widget: the bundled database, ClaimReview JSON-LD
//! already on the page, and `ClaimLens.load(jsonOrUrl)` / `data-claims`.
//!
//! JSON is parsed by the browser (`JSON.parse`), and records are read with
//! serde-wasm-bindgen, so the wasm carries no JSON parser. Whatever goes
//! wrong, the claims already loaded stay, the console names the problem, and
//! `load` rejects with a typed error.

use super::{console_error, console_warn, current_claims, js_error, replace_claims, to_js};
use crate::claims::{Claim, ClaimReviewRecord};
use crate::database::{check_size, claims_from_records, LoadError, Loaded};
use js_sys::{Array, Promise, Reflect, JSON};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Response};

/// ClaimReview records in the page's `<script type="application/ld+json">`
/// blocks, alone, in arrays or in `@graph`. Blocks that are not JSON or
/// hold no ClaimReview are ignored quietly: they belong to the page.
pub(super) fn page_claim_reviews(doc: &Document) -> Option<Loaded> {
    let scripts = doc
        .query_selector_all("script[type=\"application/ld+json\"]")
        .ok()?;
    let mut records = Vec::new();
    for i in 0..scripts.length() {
        let Some(text) = scripts.item(i).and_then(|n| n.text_content()) else {
            continue;
        };
        if check_size(text.len()).is_err() {
            continue;
        }
        let Ok(value) = JSON::parse(&text) else {
            continue;
        };
        collect_claim_reviews(&value, &mut records, 0);
    }
    if records.is_empty() {
        return None;
    }
    claims_from_records(records.into_iter().map(read_record)).ok()
}

/// Finds objects whose `@type` is ClaimReview, looking into arrays and
/// `@graph` (not deeper: JSON-LD puts them at the top or in a graph).
fn collect_claim_reviews(value: &JsValue, out: &mut Vec<JsValue>, depth: u32) {
    if depth > 2 {
        return;
    }
    if Array::is_array(value) {
        for item in Array::from(value).iter() {
            collect_claim_reviews(&item, out, depth + 1);
        }
        return;
    }
    if !value.is_object() {
        return;
    }
    let ty = Reflect::get(value, &"@type".into()).unwrap_or(JsValue::UNDEFINED);
    let is_review = ty.as_string().as_deref() == Some("ClaimReview")
        || (Array::is_array(&ty)
            && Array::from(&ty)
                .iter()
                .any(|t| t.as_string().as_deref() == Some("ClaimReview")));
    if is_review {
        out.push(value.clone());
    } else if let Ok(graph) = Reflect::get(value, &"@graph".into()) {
        collect_claim_reviews(&graph, out, depth + 1);
    }
}

fn read_record(value: JsValue) -> Result<ClaimReviewRecord, String> {
    if !value.is_object() || Array::is_array(&value) {
        return Err("expected an object".into());
    }
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
}

/// The records of a parsed database document: an array, an object with
/// `@graph`, or one record.
pub(super) fn records_of(
    doc: &JsValue,
) -> Result<Vec<Result<ClaimReviewRecord, String>>, LoadError> {
    let shape = || {
        LoadError::WrongShape(
            "expected an array of ClaimReview records, a record, or an object with \"@graph\""
                .into(),
        )
    };
    let items: Vec<JsValue> = if Array::is_array(doc) {
        Array::from(doc).iter().collect()
    } else if doc.is_object() {
        let graph = Reflect::get(doc, &"@graph".into()).unwrap_or(JsValue::UNDEFINED);
        if Array::is_array(&graph) {
            Array::from(&graph).iter().collect()
        } else if !graph.is_undefined() {
            return Err(LoadError::WrongShape("\"@graph\" is not an array".into()));
        } else if Reflect::has(doc, &"@type".into()).unwrap_or(false)
            || Reflect::has(doc, &"claimReviewed".into()).unwrap_or(false)
        {
            vec![doc.clone()]
        } else {
            return Err(shape());
        }
    } else {
        return Err(shape());
    };
    Ok(items.into_iter().map(read_record).collect())
}

/// Adds loaded claims to `claims`; a loaded claim with an existing id
/// replaces it (an update). Logs what was skipped.
pub(super) fn merge(
    claims: &mut Vec<Claim>,
    loaded: Option<Loaded>,
    origin: &str,
) -> (usize, usize) {
    let Some(loaded) = loaded else { return (0, 0) };
    report(&loaded, origin);
    let n = loaded.claims.len();
    for c in loaded.claims {
        match claims.iter_mut().find(|old| old.id == c.id) {
            Some(old) => *old = c,
            None => claims.push(c),
        }
    }
    (n, loaded.errors.len())
}

fn report(loaded: &Loaded, origin: &str) {
    for e in &loaded.errors {
        console_error(&format!("{origin}: skipped {e}"));
    }
    for w in &loaded.warnings {
        console_warn(&format!("{origin}: {w}"));
    }
}

/// The claim set after a load: `loaded` added to (or, with `replace`,
/// instead of) `current`, with the counts `load` reports.
pub(super) fn combine(
    current: Vec<Claim>,
    loaded: Loaded,
    replace: bool,
    origin: &str,
) -> (Vec<Claim>, LoadResult) {
    let mut claims = if replace { Vec::new() } else { current };
    let (n, skipped) = merge(&mut claims, Some(loaded), origin);
    let total = claims.len();
    (
        claims,
        LoadResult {
            loaded: n,
            skipped,
            total,
        },
    )
}

/// What `ClaimLens.load` resolves with.
#[derive(Serialize)]
pub(super) struct LoadResult {
    /// Claims taken from this database.
    pub loaded: usize,
    /// Records skipped (each named in the console).
    pub skipped: usize,
    /// Claims the widget now holds.
    pub total: usize,
}

/// `ClaimLens.load(jsonOrUrl, { replace })`: a JSON string, an already
/// parsed object, or a URL. Resolves with counts; rejects with a
/// `ClaimLensError` and keeps the current claims on any failure.
pub(super) fn load(input: JsValue, replace: bool) -> Promise {
    let origin = describe(&input);
    let parsed: Result<Promise, LoadError> = if let Some(text) = input.as_string() {
        let t = text.trim_start();
        if t.starts_with('{') || t.starts_with('[') {
            parse_text(&text).map(|v| Promise::resolve(&v))
        } else {
            fetch_json(&text)
        }
    } else if input.is_object() {
        Ok(Promise::resolve(&input))
    } else {
        Err(LoadError::WrongShape(
            "ClaimLens.load needs JSON text, a parsed object or a URL".into(),
        ))
    };
    let promise = match parsed {
        Ok(p) => p,
        Err(e) => return fail(&origin, e),
    };
    let origin_ok = origin.clone();
    let on_doc = Closure::once(move |doc: JsValue| -> Result<JsValue, JsValue> {
        let result = records_of(&doc).and_then(claims_from_records);
        match result {
            Ok(loaded) => {
                let (claims, result) = combine(current_claims(), loaded, replace, &origin_ok);
                replace_claims(claims);
                Ok(to_js(&result))
            }
            Err(e) => Err(error_for(&origin_ok, &e)),
        }
    });
    let on_err = Closure::once(move |err: JsValue| -> Result<JsValue, JsValue> {
        // Already a ClaimLensError from a step above: pass it on as it is.
        if Reflect::get(&err, &"name".into())
            .ok()
            .and_then(|n| n.as_string())
            .as_deref()
            == Some("ClaimLensError")
        {
            return Err(err);
        }
        let message = Reflect::get(&err, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_default();
        Err(error_for(&origin, &LoadError::Unreachable(message)))
    });
    let handled = chain(&promise, "then", on_doc.into_js_value());
    chain(&handled, "catch", on_err.into_js_value())
}

/// `promise.then(f)` / `promise.catch(f)` where `f` returns a value or
/// throws (js-sys's typed `then` drops the callback's return value).
fn chain(promise: &Promise, method: &str, f: JsValue) -> Promise {
    let call = Reflect::get(promise, &method.into())
        .ok()
        .and_then(|m| m.dyn_into::<js_sys::Function>().ok())
        .and_then(|m| m.call1(promise, &f).ok());
    match call {
        Some(p) => p.unchecked_into(),
        None => Promise::reject(&js_error("internal", "promise chaining failed")),
    }
}

fn describe(input: &JsValue) -> String {
    match input.as_string() {
        Some(s) if !s.trim_start().starts_with(['{', '[']) => s.chars().take(200).collect(),
        Some(_) => "JSON text".into(),
        None => "object".into(),
    }
}

pub(super) fn error_for(origin: &str, e: &LoadError) -> JsValue {
    let message = format!("{origin}: {e}; keeping the claims already loaded");
    console_error(&message);
    js_error(e.code(), &format!("ClaimLens: {message}"))
}

fn fail(origin: &str, e: LoadError) -> Promise {
    Promise::reject(&error_for(origin, &e))
}

/// Parses JSON text with the browser's parser, after the size check.
pub(super) fn parse_text(text: &str) -> Result<JsValue, LoadError> {
    check_size(text.len())?;
    JSON::parse(text).map_err(|e| {
        let message = Reflect::get(&e, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_default();
        LoadError::InvalidJson(message)
    })
}

/// Fetches a database URL (http(s) only), refusing bodies over the limit
/// before reading them when the server says how long they are.
fn fetch_json(url: &str) -> Result<Promise, LoadError> {
    let window = web_sys::window().ok_or_else(|| LoadError::Unreachable("no window".into()))?;
    let base = window
        .document()
        .and_then(|d| d.base_uri().ok().flatten())
        .unwrap_or_default();
    let absolute = web_sys::Url::new_with_base(url, &base)
        .map_err(|_| LoadError::Unreachable(format!("\"{url}\" is not a URL")))?;
    let protocol = absolute.protocol();
    if protocol != "https:" && protocol != "http:" {
        return Err(LoadError::Unreachable(format!(
            "only http(s) URLs are loaded, not {protocol}"
        )));
    }
    let href = absolute.href();
    let on_response = Closure::once(move |resp: JsValue| -> Result<JsValue, JsValue> {
        let resp: Response = resp.dyn_into()?;
        if !resp.ok() {
            return Err(error_for(
                &href,
                &LoadError::Unreachable(format!("HTTP {}", resp.status())),
            ));
        }
        let length = resp
            .headers()
            .get("content-length")
            .ok()
            .flatten()
            .and_then(|l| l.parse::<usize>().ok());
        if let Some(len) = length {
            if let Err(e) = check_size(len) {
                return Err(error_for(&href, &e));
            }
        }
        let href2 = href.clone();
        let on_text = Closure::once(move |text: JsValue| -> Result<JsValue, JsValue> {
            let text = text.as_string().unwrap_or_default();
            parse_text(&text).map_err(|e| error_for(&href2, &e))
        });
        Ok(chain(&resp.text()?, "then", on_text.into_js_value()).into())
    });
    let fetched = window.fetch_with_str(&absolute.href());
    Ok(chain(&fetched, "then", on_response.into_js_value()))
}
