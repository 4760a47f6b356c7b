//! Annotation mode: find every claim in the text under the root and mark it.
//!
//! The page is read block by block (a paragraph, a list item, a cell…): the
//! text nodes of a block are concatenated, the engine annotates the whole,
//! and [`crate::anchor::Segments`] maps its UTF-16 offsets back to DOM
//! ranges. Marks are drawn with the CSS Custom Highlight API, which leaves
//! the page's DOM untouched; where the browser lacks it, the fallback wraps
//! the marked text in `<claimlens-mark>` elements (focusable, so keyboard
//! users reach them too). Later changes to the page are picked up by a
//! MutationObserver, debounced, and only the blocks that changed are read
//! again. Long pages are read in slices of a few milliseconds so the main
//! thread is never held for long.

use super::{console_warn, js_error, with_widget, Widget};
use crate::anchor::annotate_nodes;
use crate::view::{BLOCKS, HIGHLIGHT_CSS, SKIP};
use gloo::timers::callback::Timeout;
use js_sys::{Array, Function, Reflect};
use serde::Serialize;
use std::collections::VecDeque;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Document, Element, MutationObserver, MutationObserverInit, MutationRecord, Range, Text,
};

/// The highlight's name in `CSS.highlights`, and the page-level rule that
/// styles it (the only CSS ClaimLens adds to the page itself, and it can only
/// ever apply to ClaimLens's own highlight).
const HIGHLIGHT: &str = "claimlens";
/// The fallback's wrapper element.
pub const MARK_TAG: &str = "claimlens-mark";

/// How long one slice of reading may take before yielding to the page.
const SLICE_MS: f64 = 8.0;
/// How long the page must be quiet after a change before it is read again.
const SETTLE_MS: u32 = 300;

/// One marked claim.
pub struct Mark {
    pub claim: usize,
    pub range: Range,
    block: Element,
    /// The fallback's wrapper elements for this mark.
    wrappers: Vec<Element>,
}

/// The annotation state of the widget.
pub struct Annotator {
    pub marks: Vec<Mark>,
    /// `new Highlight()` registered in `CSS.highlights`, when supported.
    highlight: Option<JsValue>,
    sheet: Option<web_sys::CssStyleSheet>,
    observer: Option<MutationObserver>,
    _observer_callback: Option<Closure<dyn FnMut(Array)>>,
    /// Blocks waiting to be read, in page order.
    queue: VecDeque<Element>,
    timer: Option<Timeout>,
    /// Callers of `ClaimLens.annotate()` waiting for the pass to finish.
    waiting: Vec<Function>,
}

/// `claimlens:annotated` detail and `ClaimLens.annotate()` result.
#[derive(Serialize)]
struct Annotated<'a> {
    count: usize,
    ids: Vec<&'a str>,
}

impl Annotator {
    /// Sets up highlighting and the observer on `root`.
    fn new(doc: &Document, root: &Element) -> Result<Annotator, JsValue> {
        let window = web_sys::window().ok_or_else(|| js_error("no-window", "no window"))?;
        let registry = highlight_registry();
        let ctor = Reflect::get(&window, &"Highlight".into())
            .ok()
            .and_then(|c| c.dyn_into::<Function>().ok());
        let (highlight, sheet) = match (registry, ctor) {
            (Some(registry), Some(ctor)) => {
                let h = Reflect::construct(&ctor, &Array::new())?;
                call(&registry, "set", &[HIGHLIGHT.into(), h.clone()])?;
                (Some(h), adopt_page_sheet(doc).ok())
            }
            _ => (None, None),
        };
        let callback = Closure::<dyn FnMut(Array)>::new(|records: Array| on_mutations(records));
        let observer = MutationObserver::new(callback.as_ref().unchecked_ref())?;
        let init = MutationObserverInit::new();
        init.set_child_list(true);
        init.set_subtree(true);
        init.set_character_data(true);
        observer.observe_with_options(root, &init)?;
        Ok(Annotator {
            marks: Vec::new(),
            highlight,
            sheet,
            observer: Some(observer),
            _observer_callback: Some(callback),
            queue: VecDeque::new(),
            timer: None,
            waiting: Vec::new(),
        })
    }

    /// The mark under a point of the page, if any.
    pub fn mark_at(&self, doc: &Document, x: f64, y: f64) -> Option<usize> {
        if self.marks.is_empty() {
            return None;
        }
        let caret = doc.caret_position_from_point(x as f32, y as f32)?;
        let node = caret.offset_node()?;
        let offset = caret.offset();
        self.marks.iter().position(|m| {
            m.range.is_point_in_range(&node, offset).unwrap_or(false)
                && contains_point(&m.range, x, y)
        })
    }

    /// The mark whose fallback wrapper is `el`.
    pub fn mark_of_wrapper(&self, el: &Element) -> Option<usize> {
        self.marks
            .iter()
            .position(|m| m.wrappers.iter().any(|w| w == el))
    }

    /// Removes every mark, the highlight, the stylesheet and the observer.
    pub fn remove(mut self, doc: &Document) {
        if let Some(o) = self.observer.take() {
            o.disconnect();
        }
        for m in std::mem::take(&mut self.marks) {
            unwrap(&m.wrappers);
        }
        if self.highlight.take().is_some() {
            if let Some(registry) = highlight_registry() {
                let _ = call(&registry, "delete", &[HIGHLIGHT.into()]);
            }
        }
        if let Some(sheet) = self.sheet.take() {
            let sheets = doc.adopted_style_sheets();
            let ours: &JsValue = sheet.as_ref();
            let kept: Array = sheets.iter().filter(|s| s != ours).collect();
            doc.set_adopted_style_sheets(&kept);
        }
    }
}

/// `CSS.highlights`, where the browser has the Custom Highlight API.
fn highlight_registry() -> Option<JsValue> {
    let window = web_sys::window()?;
    Reflect::get(&window, &"CSS".into())
        .and_then(|css| Reflect::get(&css, &"highlights".into()))
        .ok()
        .filter(|r| r.is_object())
}

/// Calls `target[method](...args)`.
fn call(target: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f: Function = Reflect::get(target, &method.into())?.dyn_into()?;
    f.apply(target, &args.iter().collect::<Array>())
}

/// Adds the `::highlight(claimlens)` rule to the document (a constructable
/// stylesheet: allowed under `style-src 'self'`).
fn adopt_page_sheet(doc: &Document) -> Result<web_sys::CssStyleSheet, JsValue> {
    let sheet = web_sys::CssStyleSheet::new()?;
    sheet.replace_sync(HIGHLIGHT_CSS)?;
    let sheets = doc.adopted_style_sheets();
    sheets.push(&sheet);
    doc.set_adopted_style_sheets(&sheets);
    Ok(sheet)
}

fn contains_point(range: &Range, x: f64, y: f64) -> bool {
    let Some(rects) = range.get_client_rects() else {
        return false;
    };
    (0..rects.length()).filter_map(|i| rects.get(i)).any(|r| {
        x >= r.left() - 2.0 && x <= r.right() + 2.0 && y >= r.top() - 2.0 && y <= r.bottom() + 2.0
    })
}

/// Starts annotation mode (or re-reads the whole root when it is on) and
/// returns a promise for `{ count, ids }`.
pub fn annotate(doc: &Document) -> Result<js_sys::Promise, JsValue> {
    let mut resolve_slot: Option<Function> = None;
    let promise = js_sys::Promise::new(&mut |resolve, _| resolve_slot = Some(resolve));
    let started = with_widget(|w| -> Result<(), JsValue> {
        let root = w
            .root(doc)
            .ok_or_else(|| js_error("no-root", "the data-root element is not on the page"))?;
        if w.annotator.is_none() {
            w.annotator = Some(Annotator::new(doc, &root)?);
        }
        let a = w
            .annotator
            .as_mut()
            .ok_or_else(|| js_error("internal", "no annotator"))?;
        a.waiting.extend(resolve_slot.take());
        a.queue = blocks_under(&root).into();
        Ok(())
    })
    .ok_or_else(|| js_error("not-running", "ClaimLens is not running"))?;
    started?;
    schedule_slice(0);
    Ok(promise)
}

/// Every block element under `root` that holds text, in page order.
fn blocks_under(root: &Element) -> Vec<Element> {
    let mut out: Vec<Element> = Vec::new();
    let Ok(list) = root.query_selector_all(BLOCKS) else {
        return out;
    };
    // The root itself counts too (text directly inside it).
    out.push(root.clone());
    for i in 0..list.length() {
        if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            out.push(el);
        }
    }
    out
}

fn schedule_slice(ms: u32) {
    let timer = Timeout::new(ms, run_slice);
    with_widget(|w| {
        if let Some(a) = w.annotator.as_mut() {
            a.timer = Some(timer);
        }
    });
}

/// Reads blocks from the queue for at most [`SLICE_MS`], then yields.
fn run_slice() {
    let Ok(doc) = super::document() else { return };
    let now = || {
        web_sys::window()
            .and_then(|w| w.performance())
            .map_or(0.0, |p| p.now())
    };
    let t0 = now();
    let finished = with_widget(|w| loop {
        let Some(block) = w.annotator.as_mut().and_then(|a| a.queue.pop_front()) else {
            break true;
        };
        read_block(w, &doc, &block);
        if now() - t0 > SLICE_MS {
            break false;
        }
    });
    match finished {
        Some(true) => finish(),
        Some(false) => schedule_slice(0),
        None => {}
    }
}

/// Drops the block's old marks and marks the claims in its text now.
fn read_block(w: &mut Widget, doc: &Document, block: &Element) {
    let Some(a) = w.annotator.as_mut() else {
        return;
    };
    let (old, kept): (Vec<Mark>, Vec<Mark>) = std::mem::take(&mut a.marks)
        .into_iter()
        .partition(|m| &m.block == block);
    a.marks = kept;
    for m in &old {
        unwrap(&m.wrappers);
    }
    if !block.is_connected() {
        return;
    }
    let nodes = own_text_nodes(block);
    if nodes.is_empty() {
        return;
    }
    let texts: Vec<String> = nodes.iter().map(|t| t.data()).collect();
    let fallback = a.highlight.is_none();
    for found in annotate_nodes(&w.matcher, &texts) {
        let ((i, s), (j, e)) = (found.start, found.end);
        let Ok(range) = doc.create_range() else {
            continue;
        };
        if range.set_start(&nodes[i], s).is_err() || range.set_end(&nodes[j], e).is_err() {
            continue;
        }
        let Some(a) = w.annotator.as_mut() else {
            return;
        };
        a.marks.push(Mark {
            claim: found.claim,
            range,
            block: block.clone(),
            wrappers: Vec::new(),
        });
    }
    if fallback {
        wrap_block_marks(w, doc, block);
    }
}

/// The text nodes whose nearest block is `block` (not those of nested
/// blocks, which are read on their own), skipping non-prose.
fn own_text_nodes(block: &Element) -> Vec<Text> {
    let mut out = Vec::new();
    if block.closest(SKIP).ok().flatten().is_some() {
        return out;
    }
    // Depth-first over the block, not descending into nested blocks or
    // non-prose: every node of the page is visited once over all blocks.
    let mut stack: Vec<web_sys::Node> = Vec::new();
    let mut next = block.last_child();
    while let Some(n) = next {
        next = n.previous_sibling();
        stack.push(n);
    }
    while let Some(node) = stack.pop() {
        if let Some(el) = node.dyn_ref::<Element>() {
            if el.matches(BLOCKS).unwrap_or(false) || el.matches(SKIP).unwrap_or(false) {
                continue;
            }
            let mut child = node.last_child();
            while let Some(c) = child {
                child = c.previous_sibling();
                stack.push(c);
            }
        } else if let Ok(t) = node.dyn_into::<Text>() {
            out.push(t);
        }
    }
    out
}

/// Fallback without the Highlight API: wraps each new mark's text in
/// focusable `<claimlens-mark>` elements, with our own mutations hidden
/// from the observer.
fn wrap_block_marks(w: &mut Widget, doc: &Document, block: &Element) {
    let Some(a) = w.annotator.as_mut() else {
        return;
    };
    if let Some(o) = &a.observer {
        o.take_records();
    }
    for m in a
        .marks
        .iter_mut()
        .filter(|m| &m.block == block && m.wrappers.is_empty())
    {
        m.wrappers = wrap_range(doc, &m.range).unwrap_or_default();
        // The range now spans the wrappers.
        if let (Some(first), Some(last)) = (m.wrappers.first(), m.wrappers.last()) {
            let _ = m.range.set_start_before(first);
            let _ = m.range.set_end_after(last);
        }
    }
    if let Some(o) = &a.observer {
        o.take_records();
    }
}

fn wrap_range(doc: &Document, range: &Range) -> Result<Vec<Element>, JsValue> {
    let start = range.start_container()?;
    let end = range.end_container()?;
    let (so, eo) = (range.start_offset()?, range.end_offset()?);
    let root = range.common_ancestor_container()?;
    let mut texts: Vec<Text> = Vec::new();
    if start == end {
        texts.extend(start.dyn_into::<Text>().ok());
    } else {
        let walker = doc.create_tree_walker_with_what_to_show(&root, 4)?;
        while let Some(n) = walker.next_node()? {
            if range.intersects_node(&n)? {
                texts.extend(n.dyn_into::<Text>().ok());
            }
        }
    }
    let count = texts.len();
    let mut wrappers = Vec::new();
    for (k, t) in texts.into_iter().enumerate() {
        let from = if k == 0 { so } else { 0 };
        let to = if k + 1 == count { eo } else { t.length() };
        if to <= from {
            continue;
        }
        let middle = if from > 0 { t.split_text(from)? } else { t };
        if to - from < middle.length() {
            middle.split_text(to - from)?;
        }
        let wrapper = doc.create_element(MARK_TAG)?;
        wrapper.set_attribute("tabindex", "0")?;
        wrapper.set_attribute("role", "button")?;
        wrapper.set_attribute("aria-label", "Fact-checked claim")?;
        if let Some(el) = wrapper.dyn_ref::<web_sys::HtmlElement>() {
            let s = el.style();
            s.set_property("background-color", "rgba(255, 196, 0, 0.35)")?;
            s.set_property("cursor", "help")?;
            s.set_property("color", "inherit")?;
        }
        let parent = middle
            .parent_node()
            .ok_or_else(|| js_error("internal", "detached text"))?;
        parent.insert_before(&wrapper, Some(&middle))?;
        wrapper.append_child(&middle)?;
        wrappers.push(wrapper);
    }
    Ok(wrappers)
}

/// Puts wrapped text back where it was.
fn unwrap(wrappers: &[Element]) {
    for w in wrappers {
        if let Some(parent) = w.parent_node() {
            while let Some(child) = w.first_child() {
                let _ = parent.insert_before(&child, Some(w));
            }
            let _ = parent.remove_child(w);
        }
    }
}

/// After a pass: refresh the highlight, fire `claimlens:annotated`, resolve waiters.
fn finish() {
    let result = with_widget(|w| {
        let a = w.annotator.as_mut()?;
        a.timer = None;
        if let Some(h) = &a.highlight {
            let _ = call(h, "clear", &[]);
            for m in &a.marks {
                let _ = call(h, "add", &[m.range.clone().into()]);
            }
        }
        let mut ids: Vec<&str> = Vec::new();
        let mut ordered: Vec<&Mark> = a.marks.iter().collect();
        ordered.sort_by(|x, y| {
            x.range
                .compare_boundary_points(web_sys::Range::START_TO_START, &y.range)
                .unwrap_or(0)
                .cmp(&0)
        });
        for m in ordered {
            let id = w.matcher.claims()[m.claim].id.as_str();
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        let detail = super::to_js(&Annotated {
            count: a.marks.len(),
            ids,
        });
        Some((detail, std::mem::take(&mut a.waiting)))
    })
    .flatten();
    if let Some((detail, waiting)) = result {
        super::dispatch_js("annotated", &detail);
        for resolve in waiting {
            let _ = resolve.call1(&JsValue::NULL, &detail);
        }
    }
}

/// The observer: queue the blocks around each change, read them once quiet.
fn on_mutations(records: Array) {
    let changed = with_widget(|w| {
        let a = w.annotator.as_mut()?;
        let mut any = false;
        for r in records.iter() {
            let Ok(r) = r.dyn_into::<MutationRecord>() else {
                continue;
            };
            let Some(target) = r.target() else { continue };
            let el = match target.dyn_ref::<Element>() {
                Some(e) => Some(e.clone()),
                None => target.parent_element(),
            };
            let Some(el) = el else { continue };
            if el.closest("claimlens-popover").ok().flatten().is_some() {
                continue;
            }
            // The changed element's own block, and any blocks added inside it.
            let mut blocks = vec![el.closest(BLOCKS).ok().flatten().unwrap_or(el.clone())];
            let added = r.added_nodes();
            for i in 0..added.length() {
                if let Some(e) = added.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                    blocks.extend(blocks_under(&e));
                }
            }
            for b in blocks {
                if !a.queue.contains(&b) {
                    a.queue.push_back(b);
                    any = true;
                }
            }
        }
        // Marks in blocks that left the page go too.
        let before = a.marks.len();
        a.marks.retain(|m| m.block.is_connected());
        Some(any || a.marks.len() != before)
    })
    .flatten()
    .unwrap_or(false);
    if changed {
        schedule_slice(SETTLE_MS);
    }
}

/// Turns annotation on at start-up (`data-mode="annotate"`).
pub fn start_if_requested(doc: &Document, mode: Option<&str>) {
    match mode.map(str::trim) {
        Some("annotate") => {
            if let Err(e) = annotate(doc) {
                super::console_error(&format!("annotation failed: {e:?}"));
            }
        }
        None | Some("") | Some("select") => {}
        Some(other) => console_warn(&format!(
            "data-mode \"{other}\" is not known; use \"annotate\" or leave it out"
        )),
    }
}
