//! Annotation mode: find every claim in the text under the root and mark it.
//!
//! The page is read block by block (a paragraph, a list item, a cell…): the
//! text nodes of a block are concatenated, the engine annotates the whole,
//! and the core's `anchor` maps its UTF-16 offsets back to DOM ranges.
//! Marks are drawn with the CSS Custom Highlight API, which leaves the
//! page's text and structure untouched (the elements holding marked text
//! get an attribute the highlight rule names: a bare `::highlight` rule
//! makes the browser restyle the whole page when it is adopted); where the
//! browser lacks it, the fallback wraps the
//! marked text in `<claimlens-mark>` elements (focusable, so keyboard users
//! reach them too). Later changes to the page are picked up by a
//! MutationObserver, debounced, and only the blocks that changed are read
//! again. Long pages are read in slices of a few milliseconds so the main
//! thread is never held for long.

use super::dom;
use super::guard::guarded;
use super::js::{self, dispatch, error, strings, ErrorCode, Obj, ThenCall as _};
use super::widget::{with, Handle, Widget};
use crate::rules::{BLOCKS, HIGHLIGHT_CSS, HIGHLIGHT_NAME, HOST_TAG, MARKED_ATTR, MARK_STYLE, MARK_TAG, REREAD_MS, SKIP};
use claimlens_core::anchor::{annotate_nodes, NodeMark};
use claimlens_core::matching::PageContext;
use gloo::timers::callback::Timeout;
use js_sys::{Array, Function, Promise, Reflect};
use std::cell::Cell;
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, MutationObserver, MutationObserverInit, MutationRecord, NodeList, Range, Text};

/// How long one slice of reading may take before yielding to the page.
const SLICE_MS: f64 = 8.0;

#[wasm_bindgen]
extern "C" {
    /// The CSS Custom Highlight API's `Highlight`.
    type Highlight;
    #[wasm_bindgen(constructor, catch)]
    fn new() -> Result<Highlight, JsValue>;
    #[wasm_bindgen(method)]
    fn add(this: &Highlight, range: &Range);
    #[wasm_bindgen(method)]
    fn clear(this: &Highlight);

    /// `CSS.highlights`.
    type HighlightRegistry;
    #[wasm_bindgen(method, catch)]
    fn set(this: &HighlightRegistry, name: &str, highlight: &Highlight) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, js_name = delete)]
    fn remove(this: &HighlightRegistry, name: &str) -> bool;
}

/// `CSS.highlights`, where the browser has the Custom Highlight API.
fn highlight_registry() -> Option<HighlightRegistry> {
    let css = Reflect::get(&js_sys::global(), &"CSS".into()).ok()?;
    Reflect::get(&css, &"highlights".into())
        .ok()
        .filter(JsValue::is_object)
        .map(JsCast::unchecked_into)
}

/// One marked claim.
pub struct Mark {
    /// Index of the claim in the matcher.
    pub claim: usize,
    /// The marked text.
    pub range: Range,
    block: Element,
    /// The elements holding its text, marked with [`MARKED_ATTR`] so the
    /// highlight rule styles them (empty in the fallback).
    holders: Array,
    /// The fallback's wrapper elements for this mark.
    wrappers: Vec<Wrapper>,
}

impl Mark {
    /// Takes the mark off the page: its holders' attribute, its wrappers.
    fn remove(&self) {
        let _ = dom::unmark_holders(&self.holders, MARKED_ATTR);
        unwrap(&self.wrappers);
    }
}

/// The annotation state of the widget.
pub struct Annotator {
    /// Every mark, in no particular order.
    pub marks: Vec<Mark>,
    /// Our highlight in `CSS.highlights`, when the API is there.
    highlight: Option<Highlight>,
    /// The page-level `::highlight` rule's sheet.
    sheet: Option<JsValue>,
    observer: MutationObserver,
    _observer_callback: Closure<dyn FnMut(Array)>,
    /// Blocks waiting to be read, in page order.
    queue: VecDeque<Element>,
    /// The root's blocks, as the whole-root query listed them, and the next
    /// one to read: taken one at a time after `queue`, so starting a pass
    /// over a large page does not turn thousands of nodes into elements
    /// in one task.
    listed: Option<(NodeList, u32)>,
    /// The next slice, waiting for its task (dropped: it never runs).
    timer: Option<Pending>,
    /// Callers of `ClaimLens.annotate()` waiting for the pass to finish.
    waiting: Vec<Function>,
    /// What the page is about, read once per pass (a whole-document
    /// query: once per slice would make a large page's pass quadratic).
    page: Option<PageContext>,
    /// A mark was added or taken off since the highlight was last drawn.
    changed: bool,
}

impl Annotator {
    /// Sets up highlighting and the observer on `root`.
    fn new(doc: &Document, root: &Element, h: &Handle) -> Result<Annotator, JsValue> {
        let highlight = match highlight_registry() {
            Some(registry) => Highlight::new().ok().filter(|hl| registry.set(HIGHLIGHT_NAME, hl).is_ok()),
            None => None,
        };
        let sheet = match &highlight {
            Some(_) => dom::adopt_styles(doc, HIGHLIGHT_CSS).ok(),
            None => None,
        };
        let handle = h.clone();
        let callback = Closure::<dyn FnMut(Array)>::new(move |records: Array| {
            let handle = handle.clone();
            guarded(move || on_mutations(&handle, records));
        });
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
            observer,
            _observer_callback: callback,
            queue: VecDeque::new(),
            listed: None,
            timer: None,
            waiting: Vec::new(),
            page: None,
            changed: false,
        })
    }

    /// The next block to read: the queue's first, else the next listed.
    fn next_block(&mut self) -> Option<Element> {
        if let Some(block) = self.queue.pop_front() {
            return Some(block);
        }
        let (list, next) = self.listed.as_mut()?;
        while *next < list.length() {
            let item = list.item(*next);
            *next += 1;
            if let Some(block) = item.and_then(|n| n.dyn_into::<Element>().ok()) {
                return Some(block);
            }
        }
        self.listed = None;
        None
    }

    /// Takes the marks `gone` picks off the page and out of the list;
    /// returns how many.
    fn take_off(&mut self, gone: impl Fn(&Mark) -> bool) -> usize {
        let off = self.take_out(gone);
        self.remove(&off);
        off.len()
    }

    /// Takes the marks `gone` picks out of the list, leaving them on the
    /// page (a block read again may put them back as they are).
    fn take_out(&mut self, gone: impl Fn(&Mark) -> bool) -> Vec<Mark> {
        let (off, kept): (Vec<Mark>, Vec<Mark>) = std::mem::take(&mut self.marks).into_iter().partition(|m| gone(m));
        self.marks = kept;
        off
    }

    /// Takes `marks`, already out of the list, off the page.
    fn remove(&mut self, marks: &[Mark]) {
        marks.iter().for_each(Mark::remove);
        self.changed |= !marks.is_empty();
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
            m.range.is_point_in_range(&node, offset).unwrap_or(false) && contains_point(&m.range, x, y)
        })
    }

    /// The mark whose fallback wrapper is `el`.
    pub fn mark_of_wrapper(&self, el: &Element) -> Option<usize> {
        self.marks.iter().position(|m| m.wrappers.iter().any(|w| &w.element == el))
    }
}

impl Drop for Annotator {
    /// Removes every mark, the highlight, the stylesheet and the observer.
    fn drop(&mut self) {
        self.observer.disconnect();
        for m in self.marks.drain(..) {
            m.remove();
        }
        if self.highlight.take().is_some() {
            if let Some(registry) = highlight_registry() {
                registry.remove(HIGHLIGHT_NAME);
            }
        }
        if let (Some(sheet), Ok(doc)) = (self.sheet.take(), js::document()) {
            let _ = dom::drop_styles(&doc, &sheet);
        }
    }
}

fn contains_point(range: &Range, x: f64, y: f64) -> bool {
    let Some(rects) = range.get_client_rects() else { return false };
    (0..rects.length()).filter_map(|i| rects.get(i)).any(|r| {
        x >= r.left() - 2.0 && x <= r.right() + 2.0 && y >= r.top() - 2.0 && y <= r.bottom() + 2.0
    })
}

/// Starts annotation mode (or re-reads the whole root when it is on) and
/// returns a promise for `{ count, ids }`.
pub fn annotate(h: &Handle) -> Result<Promise, JsValue> {
    let doc = js::document()?;
    let mut resolve_slot: Option<Function> = None;
    let promise = Promise::new(&mut |resolve, _| resolve_slot = Some(resolve));
    let started = with(h, |w| -> Result<(), JsValue> {
        let root = w
            .root(&doc)
            .ok_or_else(|| error(ErrorCode::NoDocument, "the data-root element is not on the page"))?;
        if w.annotator.is_none() {
            w.annotator = Some(Annotator::new(&doc, &root, &w.handle)?);
        }
        if let Some(a) = w.annotator.as_mut() {
            a.waiting.extend(resolve_slot.take());
            a.queue = VecDeque::from([root.clone()]);
            a.listed = root.query_selector_all(BLOCKS).ok().map(|list| (list, 0));
        }
        Ok(())
    })
    .ok_or_else(|| error(ErrorCode::NotRunning, "ClaimLens is not running"))?;
    started?;
    schedule_slice(h, 0);
    Ok(promise)
}

/// Every block element under `root` that holds text, in page order (the
/// root itself first: text directly inside it).
fn blocks_under(root: &Element) -> Vec<Element> {
    let mut out = vec![root.clone()];
    if let Ok(list) = root.query_selector_all(BLOCKS) {
        out.extend((0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<Element>().ok()));
    }
    out
}

/// Runs the next slice in a later task: after `ms` (a re-read after the
/// page changed), or at once in the next task (`ms` 0).
fn schedule_slice(h: &Handle, ms: u32) {
    let handle = h.clone();
    let run = move || guarded(move || run_slice(&handle));
    let pending = match ms {
        0 => Pending::next_task(run),
        _ => Pending::Timer { _timeout: Timeout::new(ms, run) },
    };
    with(h, |w| {
        if let Some(a) = w.annotator.as_mut() {
            a.timer = Some(pending);
        }
    });
}

/// A slice waiting for its task. The next task comes as loads' does
/// ([`js::next_task`], a `MessageChannel` message): a chain of
/// `setTimeout(0)` is clamped to 4 ms apiece after the fifth, and so is a
/// timer set from a promise chain that awaited one (`await
/// ClaimLens.annotate()` in a loop). Dropped, neither runs.
enum Pending {
    /// After a delay.
    Timer { _timeout: Timeout },
    /// In the next task; `dropped` is set when this is.
    NextTask { dropped: Rc<Cell<bool>> },
}

impl Pending {
    /// `run` in the next task, unless this is dropped first.
    fn next_task(run: impl FnOnce() + 'static) -> Pending {
        let dropped = Rc::new(Cell::new(false));
        let cancelled = dropped.clone();
        let on_task: Function = Closure::once_into_js(move |_: JsValue| {
            if !cancelled.get() {
                run();
            }
        })
        .unchecked_into();
        let _ = js::next_task(&JsValue::UNDEFINED).then_call(&on_task);
        Pending::NextTask { dropped }
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if let Pending::NextTask { dropped } = self {
            dropped.set(true);
        }
    }
}

/// Reads blocks from the queue for at most [`SLICE_MS`], then yields.
/// While the matcher is still being built (annotation starts right after
/// ready), a slice works on the build instead: finished at once, it would
/// be one long task. A slice that worked on the build reads no block, its
/// last one included: the two together made one task of twice the slice.
fn run_slice(h: &Handle) {
    let Ok(doc) = js::document() else { return };
    if with(h, |w| (!w.matcher.is_built()).then(|| w.matcher.step())).flatten().is_some() {
        schedule_slice(h, 0);
        return;
    }
    let t0 = js::now();
    let finished = with(h, |w| {
        let matcher = &w.matcher;
        let Some(a) = w.annotator.as_mut() else { return true };
        let page = match &a.page {
            Some(page) => page.clone(),
            None => {
                let page = a.page.insert(super::widget::page_context(matcher, &doc)).clone();
                // Reading the page's topic can take most of a slice on a long page.
                if js::now() - t0 > SLICE_MS {
                    return false;
                }
                page
            }
        };
        loop {
            let Some(block) = w.annotator.as_mut().and_then(Annotator::next_block) else {
                break true;
            };
            read_block(w, &doc, &block, &page);
            if js::now() - t0 > SLICE_MS {
                break false;
            }
        }
    });
    match finished {
        Some(true) => finish(h),
        Some(false) => schedule_slice(h, 0),
        None => {}
    }
}

/// Marks the claims in the block's text now, in place of its old marks.
/// Where the highlight draws the marks and they are all as before (same
/// claims over the same text), the old marks stay: the page's elements
/// are not touched, and the browser has nothing to restyle.
fn read_block(w: &mut Widget, doc: &Document, block: &Element, page: &PageContext) {
    let Some(a) = w.annotator.as_mut() else { return };
    let old = a.take_out(|m| &m.block == block);
    if !block.is_connected() {
        return a.remove(&old);
    }
    let own = dom::own_text_nodes(block, BLOCKS, SKIP).unwrap_or_default();
    let nodes: Vec<Text> = own.iter().filter_map(|n| n.dyn_into::<Text>().ok()).collect();
    if nodes.is_empty() {
        return a.remove(&old);
    }
    let texts: Vec<String> = nodes.iter().map(|t| t.data()).collect();
    let fallback = a.highlight.is_none();
    let found = annotate_nodes(&w.matcher, &texts, page);
    if !fallback && !old.is_empty() && same_marks(&old, &found, &nodes) {
        // Put back as they were: nothing changed.
        a.marks.extend(old);
        return;
    }
    a.remove(&old);
    let mut marks = Vec::new();
    for found in found {
        let ((i, s), (j, e)) = (found.start, found.end);
        let Ok(range) = doc.create_range() else { continue };
        if range.set_start(&nodes[i], s).is_err() || range.set_end(&nodes[j], e).is_err() {
            continue;
        }
        let holders = match fallback {
            true => Array::new(),
            false => dom::mark_holders(&own, i as u32, j as u32, MARKED_ATTR).unwrap_or_default(),
        };
        marks.push(Mark {
            claim: found.claim,
            range,
            block: block.clone(),
            holders,
            wrappers: Vec::new(),
        });
    }
    let Some(a) = w.annotator.as_mut() else { return };
    if fallback {
        // Our own wrapping is hidden from the observer.
        a.observer.take_records();
        for m in &mut marks {
            m.wrappers = wrap_range(doc, &m.range).unwrap_or_default();
            // The range now spans the wrappers.
            if let (Some(first), Some(last)) = (m.wrappers.first().map(|w| &w.element), m.wrappers.last().map(|w| &w.element)) {
                let _ = m.range.set_start_before(first);
                let _ = m.range.set_end_after(last);
            }
        }
        a.observer.take_records();
    }
    a.changed |= !marks.is_empty();
    a.marks.extend(marks);
}

/// True when `old` marks exactly what `found` would: the same claims over
/// the same text nodes and offsets, in the same order.
fn same_marks(old: &[Mark], found: &[NodeMark], nodes: &[Text]) -> bool {
    let at = |node: Result<web_sys::Node, JsValue>, i: usize| match (node, nodes.get(i)) {
        (Ok(node), Some(text)) => AsRef::<JsValue>::as_ref(&node) == AsRef::<JsValue>::as_ref(text),
        _ => false,
    };
    old.len() == found.len()
        && old.iter().zip(found).all(|(m, f)| {
            let ((i, s), (j, e)) = (f.start, f.end);
            m.claim == f.claim
                && m.range.start_offset().is_ok_and(|o| o == s)
                && m.range.end_offset().is_ok_and(|o| o == e)
                && at(m.range.start_container(), i)
                && at(m.range.end_container(), j)
        })
}

/// Wraps a range's text in focusable `<claimlens-mark>` elements.
/// A fallback mark's element, and which text nodes it split to fit.
struct Wrapper {
    element: Element,
    /// The text before it was split off the marked text.
    split_before: bool,
    /// The text after it was split off the marked text.
    split_after: bool,
}

fn wrap_range(doc: &Document, range: &Range) -> Result<Vec<Wrapper>, JsValue> {
    let start = range.start_container()?;
    let end = range.end_container()?;
    let (so, eo) = (range.start_offset()?, range.end_offset()?);
    let mut texts: Vec<Text> = Vec::new();
    if start == end {
        texts.extend(start.dyn_into::<Text>().ok());
    } else {
        let walker = doc.create_tree_walker_with_what_to_show(&range.common_ancestor_container()?, 4)?;
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
        let split_before = from > 0;
        let middle = if split_before { t.split_text(from)? } else { t };
        let split_after = to - from < middle.length();
        if split_after {
            middle.split_text(to - from)?;
        }
        let wrapper = doc.create_element(MARK_TAG)?;
        wrapper.set_attribute("tabindex", "0")?;
        wrapper.set_attribute("role", "button")?;
        wrapper.set_attribute("aria-label", "Fact-checked claim")?;
        if let Some(el) = wrapper.dyn_ref::<web_sys::HtmlElement>() {
            for (prop, value) in MARK_STYLE {
                el.style().set_property(prop, value)?;
            }
        }
        let parent = middle
            .parent_node()
            .ok_or_else(|| error(ErrorCode::Internal, "detached text"))?;
        parent.insert_before(&wrapper, Some(&middle))?;
        wrapper.append_child(&middle)?;
        wrappers.push(Wrapper {
            element: wrapper,
            split_before,
            split_after,
        });
    }
    Ok(wrappers)
}

/// Puts wrapped text back where it was, joining the text nodes the
/// wrapping split, so the page's nodes are as before.
fn unwrap(wrappers: &[Wrapper]) {
    for w in wrappers {
        let Some(parent) = w.element.parent_node() else { continue };
        let inner = w.element.first_child();
        while let Some(child) = w.element.first_child() {
            let _ = parent.insert_before(&child, Some(&w.element));
        }
        let _ = parent.remove_child(&w.element);
        let Some(mut text) = inner.and_then(|n| n.dyn_into::<Text>().ok()) else { continue };
        if w.split_before {
            if let Some(before) = text.previous_sibling().and_then(|n| n.dyn_into::<Text>().ok()) {
                let _ = before.append_data(&text.data());
                let _ = parent.remove_child(&text);
                text = before;
            }
        }
        if w.split_after {
            if let Some(after) = text.next_sibling().and_then(|n| n.dyn_into::<Text>().ok()) {
                let _ = text.append_data(&after.data());
                let _ = parent.remove_child(&after);
            }
        }
    }
}

/// After a pass: refresh the highlight, fire `claimlens:annotated`, resolve waiters.
fn finish(h: &Handle) {
    let result = with(h, |w| {
        let a = w.annotator.as_mut()?;
        a.timer = None;
        // The next pass reads the page's topic again (it may have changed).
        a.page = None;
        if let (Some(hl), true) = (&a.highlight, std::mem::take(&mut a.changed)) {
            hl.clear();
            for m in &a.marks {
                hl.add(&m.range);
            }
        }
        let mut ordered: Vec<&Mark> = a.marks.iter().collect();
        claimlens_core::sorting::sort_by(&mut ordered, |x, y| {
            x.range
                .compare_boundary_points(Range::START_TO_START, &y.range)
                .unwrap_or(0)
                .cmp(&0)
        });
        let mut ids: Vec<&str> = Vec::new();
        for m in ordered {
            let id = w.matcher.claims()[m.claim].id.as_str();
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        let detail = Obj::new().set("count", a.marks.len() as u32).set("ids", strings(ids)).build();
        Some((detail, std::mem::take(&mut a.waiting)))
    })
    .flatten();
    if let Some((detail, waiting)) = result {
        dispatch("annotated", detail.clone());
        for resolve in waiting {
            let _ = resolve.call1(&JsValue::NULL, &detail);
        }
    }
}

/// The observer: queue the blocks around each change, read them once quiet.
fn on_mutations(h: &Handle, records: Array) {
    let changed = with(h, |w| {
        let a = w.annotator.as_mut()?;
        let mut any = false;
        for r in records.iter() {
            let Ok(r) = r.dyn_into::<MutationRecord>() else { continue };
            let Some(target) = r.target() else { continue };
            let el = match target.dyn_ref::<Element>() {
                Some(e) => Some(e.clone()),
                None => target.parent_element(),
            };
            let Some(el) = el else { continue };
            if el.closest(HOST_TAG).ok().flatten().is_some() {
                continue;
            }
            // The changed element's own block, and any blocks added inside it.
            let mut blocks = vec![el.closest(BLOCKS).ok().flatten().unwrap_or_else(|| el.clone())];
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
        let gone = a.take_off(|m| !m.block.is_connected());
        Some(any || gone > 0)
    })
    .flatten()
    .unwrap_or(false);
    if changed {
        schedule_slice(h, REREAD_MS);
    }
}
