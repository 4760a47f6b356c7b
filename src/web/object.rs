//! A JavaScript value read as a JSON document without `JSON.stringify`,
//! for the objects it cannot write: nested deeper than its recursion
//! allows. The walk keeps its own stack, so no depth overflows it;
//! levels deeper than the JSON reader's `MAX_DEPTH` are read as `null`,
//! as the reader skips them in text. An object that contains itself is
//! refused, and so is one whose shared parts would unfold into more values
//! than a database may hold.

use claimlens_core::claimreview::error::LoadError;
use claimlens_core::json::{Json, MAX_DEPTH};
use js_sys::{Array, Object};
use wasm_bindgen::{JsCast, JsValue};

/// The most values a database object may unfold into (one byte each, at
/// the least, in JSON text).
const MAX_VALUES: usize = claimlens_core::claimreview::MAX_DATABASE_BYTES;

/// A container being read.
enum Frame {
    Array { source: Array, next: u32, items: Vec<Json> },
    Object { source: Object, keys: Array, next: u32, members: Vec<(String, Json)> },
}

/// `value` as JSON: strings, finite numbers, booleans and `null` as they
/// are; arrays and plain objects (own enumerable keys, as
/// `JSON.stringify` takes them) walked; anything else `null`.
pub fn to_json(value: &JsValue) -> Result<Json, LoadError> {
    let mut stack: Vec<Frame> = Vec::new();
    let mut count = 0usize;
    let mut current = value.clone();
    loop {
        count += 1;
        if count > MAX_VALUES {
            return Err(LoadError::WrongShape("the object unfolds into more values than a database may hold"));
        }
        // Open a container, or read a value whole.
        let read = if current.is_object() && stack.len() < MAX_DEPTH && !current.is_function() {
            if stack.iter().any(|f| Object::is(&current, frame_source(f))) {
                return Err(LoadError::WrongShape("the object refers to itself"));
            }
            if Array::is_array(&current) {
                stack.push(Frame::Array {
                    source: current.clone().unchecked_into(),
                    next: 0,
                    items: Vec::new(),
                });
            } else {
                let source: Object = current.clone().unchecked_into();
                stack.push(Frame::Object {
                    keys: Object::keys(&source),
                    source,
                    next: 0,
                    members: Vec::new(),
                });
            }
            None
        } else {
            Some(primitive(&current))
        };
        let mut done = read;
        // Put finished values in their containers; find the next value.
        loop {
            let Some(top) = stack.last_mut() else {
                return Ok(done.unwrap_or(Json::Null));
            };
            if let Some(v) = done.take() {
                match top {
                    Frame::Array { items, .. } => items.push(v),
                    Frame::Object { keys, next, members, .. } => {
                        let key = keys.get(*next - 1).as_string().unwrap_or_default();
                        members.push((key, v));
                    }
                }
            }
            let next_value = match top {
                Frame::Array { source, next, .. } if *next < source.length() => {
                    *next += 1;
                    Some(source.get(*next - 1))
                }
                Frame::Object { source, keys, next, .. } if *next < keys.length() => {
                    *next += 1;
                    Some(js_sys::Reflect::get(source, &keys.get(*next - 1)).unwrap_or(JsValue::NULL))
                }
                _ => None,
            };
            match next_value {
                Some(v) => {
                    current = v;
                    break;
                }
                None => {
                    done = Some(match stack.pop() {
                        Some(Frame::Array { items, .. }) => Json::Array(items),
                        Some(Frame::Object { members, .. }) => Json::Object(members),
                        None => Json::Null,
                    });
                }
            }
        }
    }
}

/// The container a frame reads.
fn frame_source(f: &Frame) -> &JsValue {
    match f {
        Frame::Array { source, .. } => source,
        Frame::Object { source, .. } => source,
    }
}

/// A value that is not walked: its JSON, or `null`.
fn primitive(v: &JsValue) -> Json {
    if let Some(s) = v.as_string() {
        Json::String(s)
    } else if let Some(n) = v.as_f64() {
        if n.is_finite() {
            Json::Number(n)
        } else {
            Json::Null
        }
    } else if let Some(b) = v.as_bool() {
        Json::Bool(b)
    } else {
        Json::Null
    }
}
