//! The web layer: everything that touches the browser. It holds the one
//! widget instance, exposes the JS API (`window.ClaimLens`) and fires the
//! documented events; selection listening lives in [`selection`], the
//! popover in [`popover`], and loading other databases in [`loader`].
//!
//! The core (claims, normalisation, matching) knows nothing of the DOM.
//! Page callbacks never run while the instance is borrowed: work is done
//! inside [`with_widget`], and events are dispatched after it returns, so a
//! page's `claimlens:open` handler may call back into `ClaimLens.match`.

mod annotate;
mod engine;
mod loader;
mod popover;
mod selection;

pub use engine::ClaimLensEngine;

use crate::claims::{Claim, Source};
use crate::matcher::{Match, Matcher};
use crate::view::EDITABLE;
use js_sys::{Function, Object, Reflect};
use serde::Serialize;
use std::cell::{Cell, RefCell};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CustomEvent, CustomEventInit, Document};

pub(crate) use popover::Theme;

thread_local! {
    static WIDGET: RefCell<Option<Widget>> = const { RefCell::new(None) };
    static DISABLED: Cell<bool> = const { Cell::new(false) };
}

/// The running widget: its claims, its options and what it added to the page.
struct Widget {
    matcher: Matcher,
    root_selector: String,
    theme: Theme,
    /// Selection and page listeners; dropping them removes them.
    _listeners: selection::Listeners,
    popover: Option<popover::Popover>,
    /// What opened the popover: it decides what closes it.
    origin: Origin,
    /// Annotation mode, once started.
    annotator: Option<annotate::Annotator>,
    /// The polite live region that announces a new popover.
    live: Option<popover::LiveRegion>,
    /// Where the keyboard focus was before the shortcut moved it into the
    /// popover; it goes back there when the popover closes.
    return_focus: Option<web_sys::HtmlElement>,
}

/// What opened the popover.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    /// A selection: collapsing it closes the popover.
    Selection,
    /// Hovering a mark: leaving mark and popover closes it.
    Hover,
    /// Tapping, clicking or focusing a mark: Esc or a click outside closes it.
    Mark,
}

impl Widget {
    /// The `data-root` element (or the body).
    fn root(&self, doc: &Document) -> Option<web_sys::Element> {
        doc.query_selector(&self.root_selector)
            .ok()
            .flatten()
            .or_else(|| doc.body().map(Into::into))
    }
}

/// Options the loader read from the script tag's `data-` attributes.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct Options {
    /// `data-root`: where selections count (a CSS selector; default `body`).
    root: Option<String>,
    /// `data-theme`: `light`, `dark` or `auto` (default).
    theme: Option<String>,
    /// `data-claims`: URL of a claim database to load in addition.
    claims: Option<String>,
    /// `data-mode`: `annotate` marks every claim on the page at start.
    mode: Option<String>,
}

/// A typed error for the JS side: an `Error` whose `name` is
/// `ClaimLensError` and whose `code` says what went wrong.
pub(crate) fn js_error(code: &str, message: &str) -> JsValue {
    let err = js_sys::Error::new(message);
    err.set_name("ClaimLensError");
    let _ = Reflect::set(&err, &"code".into(), &code.into());
    err.into()
}

/// Logs to the console with the widget's prefix.
pub(crate) fn console_error(message: &str) {
    web_sys::console::error_1(&format!("ClaimLens: {message}").into());
}

/// Logs a warning to the console with the widget's prefix.
pub(crate) fn console_warn(message: &str) {
    web_sys::console::warn_1(&format!("ClaimLens: {message}").into());
}

fn document() -> Result<Document, JsValue> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| js_error("no-document", "ClaimLens needs a page with a document"))
}

/// Runs `f` on the widget, if one is running; `None` otherwise.
fn with_widget<R>(f: impl FnOnce(&mut Widget) -> R) -> Option<R> {
    WIDGET.with(|w| w.try_borrow_mut().ok().and_then(|mut w| w.as_mut().map(f)))
}

/// Fires `claimlens:<name>` on the document with a JSON-like `detail`.
fn dispatch(name: &str, detail: &impl Serialize) {
    dispatch_js(name, &to_js(detail));
}

/// Fires `claimlens:<name>` on the document with `detail` as it is.
fn dispatch_js(name: &str, detail: &JsValue) {
    let Ok(doc) = document() else { return };
    let init = CustomEventInit::new();
    init.set_bubbles(false);
    init.set_detail(detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(&format!("claimlens:{name}"), &init) {
        let _ = doc.dispatch_event(&event);
    }
}

/// Plain JS objects and arrays (not Maps) from any serialisable value.
fn to_js(value: &impl Serialize) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::NULL)
}

/// A claim as the JS API returns it: the documented fields first.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ClaimOut<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<f64>,
    quote: Option<&'a str>,
    claim_reviewed: &'a str,
    verdict: &'a str,
    context: &'a str,
    sources: &'a [Source],
    verdict_label: &'a str,
    kind: Option<crate::claims::ClaimKind>,
    reviewed_by: &'a str,
    review_date: &'a str,
    review_url: Option<&'a str>,
}

impl<'a> ClaimOut<'a> {
    fn new(c: &'a Claim, score: Option<f32>) -> Self {
        ClaimOut {
            id: &c.id,
            score: score.map(round3),
            quote: c.quote.as_deref(),
            claim_reviewed: &c.claim_reviewed,
            verdict: c.verdict.label(),
            context: &c.context,
            sources: &c.sources,
            verdict_label: &c.verdict_label,
            kind: c.kind,
            reviewed_by: &c.reviewed_by,
            review_date: &c.review_date,
            review_url: c.review_url.as_deref(),
        }
    }
}

/// Scores to three decimals, as f64 so JS sees 0.906, not 0.906000018.
fn round3(score: f32) -> f64 {
    (f64::from(score) * 1000.0).round() / 1000.0
}

/// Every claim of `matcher`, in the API's shape.
fn claims_out(matcher: &Matcher) -> JsValue {
    let out: Vec<ClaimOut> = matcher
        .claims()
        .iter()
        .map(|c| ClaimOut::new(c, None))
        .collect();
    to_js(&out)
}

fn matches_out(matcher: &Matcher, matches: &[Match]) -> JsValue {
    let out: Vec<ClaimOut> = matches
        .iter()
        .map(|m| ClaimOut::new(&matcher.claims()[m.claim], Some(m.score)))
        .collect();
    to_js(&out)
}

/// Installs a panic hook that logs once, with context, and disables the
/// widget, so one bug cannot keep failing on every selection.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        if !DISABLED.with(|d| d.replace(true)) {
            console_error(&format!(
                "internal error; the widget is now disabled. {info}"
            ));
        }
    }));
}

/// Starts the widget: called once by the loader script with the options
/// from its `data-` attributes. Sets up `window.ClaimLens`, listens for
/// selections and fires `claimlens:ready`.
#[wasm_bindgen]
pub fn start(options: JsValue) -> Result<(), JsValue> {
    install_panic_hook();
    if DISABLED.with(Cell::get) {
        return Err(js_error(
            "disabled",
            "ClaimLens was disabled after an internal error",
        ));
    }
    let options: Options = if options.is_undefined() || options.is_null() {
        Options::default()
    } else {
        serde_wasm_bindgen::from_value(options)
            .map_err(|e| js_error("bad-options", &e.to_string()))?
    };
    let doc = document()?;
    // The bundled index was built at build time; reviews the page already
    // carries as JSON-LD join it (the index is then rebuilt).
    let mut matcher = crate::bundled_matcher();
    if let Some(page) = loader::page_claim_reviews(&doc) {
        let mut claims = matcher.claims().to_vec();
        loader::merge(&mut claims, Some(page), "page JSON-LD");
        matcher = Matcher::new(claims);
    }

    let widget = Widget {
        matcher,
        root_selector: options
            .root
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| "body".into()),
        theme: Theme::parse(options.theme.as_deref()),
        _listeners: selection::listen(&doc)?,
        popover: None,
        origin: Origin::Selection,
        annotator: None,
        live: popover::LiveRegion::new(&doc).ok(),
        return_focus: None,
    };
    if doc.query_selector(&widget.root_selector).is_err() {
        console_warn(&format!(
            "data-root \"{}\" is not a valid selector; using body",
            widget.root_selector
        ));
    }
    WIDGET.with(|w| *w.borrow_mut() = Some(widget));
    install_api()?;
    dispatch(
        "ready",
        &serde_json_like::Ready {
            claims: claim_count(),
        },
    );
    annotate::start_if_requested(&doc, options.mode.as_deref());

    if let Some(url) = options.claims.filter(|u| !u.trim().is_empty()) {
        // The bundled claims are already usable; the extra database joins them.
        let _ = loader::load(JsValue::from_str(&url), false);
    }
    Ok(())
}

mod serde_json_like {
    //! Event `detail` shapes.
    use serde::Serialize;

    #[derive(Serialize)]
    pub struct Ready {
        pub claims: usize,
    }

    #[derive(Serialize)]
    pub struct Open<'a> {
        pub id: &'a str,
        pub score: f64,
        pub text: &'a str,
        /// How many other claims the same selection holds.
        pub more: usize,
    }

    #[derive(Serialize)]
    pub struct Close {
        pub id: String,
    }
}

fn claim_count() -> usize {
    with_widget(|w| w.matcher.claims().len()).unwrap_or(0)
}

/// Builds `window.ClaimLens`: `match`, `claims`, `load`, `destroy`.
fn install_api() -> Result<(), JsValue> {
    let api = Object::new();
    let set = |name: &str, f: &Function| Reflect::set(&api, &name.into(), f);

    let match_fn = Closure::<dyn Fn(JsValue) -> Result<JsValue, JsValue>>::new(|text: JsValue| {
        let text = text
            .as_string()
            .ok_or_else(|| js_error("bad-argument", "ClaimLens.match(text) needs a string"))?;
        with_widget(|w| matches_out(&w.matcher, &w.matcher.find(&text)))
            .ok_or_else(|| js_error("not-running", "ClaimLens is not running"))
    });
    set("match", match_fn.as_ref().unchecked_ref())?;

    let claims_fn = Closure::<dyn Fn() -> Result<JsValue, JsValue>>::new(|| {
        with_widget(|w| {
            let out: Vec<ClaimOut> = w
                .matcher
                .claims()
                .iter()
                .map(|c| ClaimOut::new(c, None))
                .collect();
            to_js(&out)
        })
        .ok_or_else(|| js_error("not-running", "ClaimLens is not running"))
    });
    set("claims", claims_fn.as_ref().unchecked_ref())?;

    let load_fn = Closure::<dyn Fn(JsValue, JsValue) -> js_sys::Promise>::new(
        |input: JsValue, opts: JsValue| {
            let replace = Reflect::get(&opts, &"replace".into())
                .map(|v| v.is_truthy())
                .unwrap_or(false);
            loader::load(input, replace)
        },
    );
    set("load", load_fn.as_ref().unchecked_ref())?;

    let annotate_fn = Closure::<dyn Fn() -> Result<js_sys::Promise, JsValue>>::new(|| {
        annotate::annotate(&document()?)
    });
    set("annotate", annotate_fn.as_ref().unchecked_ref())?;

    let destroy_fn = Closure::<dyn Fn()>::new(destroy);
    set("destroy", destroy_fn.as_ref().unchecked_ref())?;
    Reflect::set(&api, &"version".into(), &env!("CARGO_PKG_VERSION").into())?;

    // The closures now belong to the JS functions on the API object.
    let _ = (
        match_fn.into_js_value(),
        claims_fn.into_js_value(),
        load_fn.into_js_value(),
        annotate_fn.into_js_value(),
        destroy_fn.into_js_value(),
    );
    Object::freeze(&api);
    let window = web_sys::window().ok_or_else(|| js_error("no-window", "no window"))?;
    Reflect::set(&window, &"ClaimLens".into(), &api)?;
    Ok(())
}

/// Removes everything the widget added: listeners, popover, `window.ClaimLens`.
fn destroy() {
    let widget = WIDGET.with(|w| w.try_borrow_mut().ok().and_then(|mut w| w.take()));
    if let Some(mut widget) = widget {
        take_popover(&mut widget);
        if let Ok(doc) = document() {
            if let Some(a) = widget.annotator.take() {
                a.remove(&doc);
            }
            if let Some(live) = widget.live.take() {
                live.remove();
            }
            let _ = doc
                .document_element()
                .map(|e| e.remove_attribute("data-claimlens"));
        }
        drop(widget); // drops the listeners
    }
    if let Some(window) = web_sys::window() {
        let _ = Reflect::delete_property(&window, &"ClaimLens".into());
    }
}

/// Replaces the claim set (after `load`), closing any popover on an old claim.
fn replace_claims(claims: Vec<Claim>) {
    with_widget(|w| w.matcher = Matcher::new(claims));
    close_popover();
}

/// The claims currently loaded (for `load` to extend).
fn current_claims() -> Vec<Claim> {
    with_widget(|w| w.matcher.claims().to_vec()).unwrap_or_default()
}

/// Removes the popover from the page; returns the id of its claim.
fn take_popover(w: &mut Widget) -> Option<String> {
    w.popover.take().map(|p| {
        let id = p.claim_id().to_string();
        p.remove();
        id
    })
}

/// Closes the popover, if one is open, and fires `claimlens:close`.
fn close_popover() {
    let Ok(doc) = document() else { return };
    let closed = with_widget(|w| {
        let had_focus = w.popover.as_ref().is_some_and(|p| p.has_focus(&doc));
        let id = take_popover(w)?;
        if let Some(live) = &w.live {
            live.say("");
        }
        let back = w
            .return_focus
            .take()
            .filter(|e| had_focus && e.is_connected());
        Some((id, back))
    })
    .flatten();
    if let Some((id, back)) = closed {
        if let Some(el) = back {
            let _ = el.focus();
        }
        dispatch("close", &serde_json_like::Close { id });
    }
}

/// The keyboard shortcut (Alt+Shift+C): moves focus into the open popover,
/// remembering where it was. Returns false when there is no popover.
fn focus_popover() -> bool {
    let Ok(doc) = document() else { return false };
    with_widget(|w| {
        let Some(p) = &w.popover else { return false };
        if !p.has_focus(&doc) {
            w.return_focus = doc
                .active_element()
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        }
        p.focus();
        true
    })
    .unwrap_or(false)
}

/// Tells screen readers, politely, that a fact-check opened.
fn announce_open(id: &str) {
    with_widget(|w| {
        let label = w
            .matcher
            .claims()
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.verdict_label.clone());
        if let (Some(live), Some(label)) = (&w.live, label) {
            live.say(&format!(
                "Fact-check available: {label}. Press Alt+Shift+C to read it."
            ));
        }
    });
}

/// Keeps the popover next to its text on scroll and resize; closes it
/// when the text has left the page.
fn reposition() {
    let anchored = with_widget(|w| {
        w.popover.as_ref().map(|p| {
            p.position();
            p.is_anchored()
        })
    })
    .flatten();
    if anchored == Some(false) {
        close_popover();
    }
}

/// What a settled selection changes, decided while the widget is borrowed
/// and carried out (events) after.
enum Outcome {
    Nothing,
    Close,
    Open {
        id: String,
        score: f64,
        text: String,
        more: usize,
        replaced: Option<String>,
    },
}

/// Matches the settled selection and opens, replaces or closes the popover.
/// `pressed_inside`: the last pointer press was inside the popover, so a
/// collapsed selection is the reader clicking in it, not leaving.
fn on_selection_settled(pressed_inside: bool) {
    if DISABLED.with(Cell::get) {
        return;
    }
    let Ok(doc) = document() else { return };
    let selection = web_sys::window().and_then(|w| w.get_selection().ok().flatten());
    let outcome = with_widget(|w| decide(w, &doc, selection.as_ref(), pressed_inside))
        .unwrap_or(Outcome::Nothing);
    apply(outcome);
}

fn decide(
    w: &mut Widget,
    doc: &Document,
    selection: Option<&web_sys::Selection>,
    pressed_inside: bool,
) -> Outcome {
    let close = |w: &Widget| {
        if w.popover.is_some() {
            Outcome::Close
        } else {
            Outcome::Nothing
        }
    };
    let Some(sel) = selection.filter(|s| !s.is_collapsed() && s.range_count() > 0) else {
        return if pressed_inside || w.origin != Origin::Selection {
            Outcome::Nothing
        } else {
            close(w)
        };
    };
    let Ok(range) = sel.get_range_at(0) else {
        return close(w);
    };
    let Ok(container) = range.common_ancestor_container() else {
        return close(w);
    };
    if w.popover.as_ref().is_some_and(|p| p.contains(&container)) {
        return Outcome::Nothing;
    }
    let element = match container.dyn_ref::<web_sys::Element>() {
        Some(e) => Some(e.clone()),
        None => container.parent_element(),
    };
    if element
        .as_ref()
        .is_some_and(|e| e.closest(EDITABLE).ok().flatten().is_some())
    {
        return close(w);
    }
    if !w.root(doc).is_some_and(|r| r.contains(Some(&container))) {
        return close(w);
    }
    let text: String = sel.to_string().into();
    if w.popover.as_ref().is_some_and(|p| p.text() == text) {
        return Outcome::Nothing;
    }
    let matches = w.matcher.find(&text);
    let Some(best) = matches.first() else {
        return close(w);
    };
    let (claim, score, more) = (best.claim, best.score, matches.len() - 1);
    w.origin = Origin::Selection;
    show(w, doc, claim, score, more, range, text)
}

/// Opens the popover for claim number `claim`, anchored to `range`,
/// replacing any open one.
fn show(
    w: &mut Widget,
    doc: &Document,
    claim: usize,
    score: f32,
    more: usize,
    range: web_sys::Range,
    text: String,
) -> Outcome {
    let replaced = take_popover(w);
    let claim = &w.matcher.claims()[claim];
    let touch = selection::last_pointer_was_touch();
    match popover::Popover::open(doc, claim, more, range, text.clone(), w.theme, touch) {
        Ok(p) => {
            let id = claim.id.clone();
            w.popover = Some(p);
            Outcome::Open {
                id,
                score: round3(score),
                text,
                more,
                replaced,
            }
        }
        Err(e) => {
            console_error(&format!("could not show the popover: {e:?}"));
            if let Some(id) = replaced {
                dispatch_later_close(id);
            }
            Outcome::Nothing
        }
    }
}

/// Carries out an [`Outcome`] once the widget is no longer borrowed.
fn apply(outcome: Outcome) {
    match outcome {
        Outcome::Nothing => {}
        Outcome::Close => close_popover(),
        Outcome::Open {
            id,
            score,
            text,
            more,
            replaced,
        } => {
            if let Some(old) = replaced {
                dispatch("close", &serde_json_like::Close { id: old });
            }
            announce_open(&id);
            dispatch(
                "open",
                &serde_json_like::Open {
                    id: &id,
                    score,
                    text: &text,
                    more,
                },
            );
        }
    }
}

/// Opens the popover for the annotation mark at index `mark` (hover, tap
/// or focus on a mark), unless it is already showing that claim.
fn show_mark(mark: usize, by_hover: bool) {
    let Ok(doc) = document() else { return };
    let outcome = with_widget(|w| {
        let (claim, range) = {
            let m = w.annotator.as_ref()?.marks.get(mark)?;
            (m.claim, m.range.clone())
        };
        let id = &w.matcher.claims()[claim].id;
        if w.popover.as_ref().is_some_and(|p| p.claim_id() == id) {
            return None;
        }
        let text = range.to_string().into();
        let outcome = show(w, &doc, claim, 1.0, 0, range, text);
        w.origin = if by_hover {
            Origin::Hover
        } else {
            Origin::Mark
        };
        Some(outcome)
    })
    .flatten();
    if let Some(o) = outcome {
        apply(o);
    }
}

/// The pointer moved: open the popover over a mark; close a hover popover
/// once the pointer is over neither a mark nor the popover.
fn on_pointer_over(x: f64, y: f64, over_popover: bool) {
    let Ok(doc) = document() else { return };
    let state = with_widget(|w| {
        let mark = w.annotator.as_ref().and_then(|a| a.mark_at(&doc, x, y));
        (mark, w.origin == Origin::Hover && w.popover.is_some())
    });
    match state {
        Some((Some(mark), _)) => show_mark(mark, true),
        Some((None, true)) if !over_popover => selection::close_hover_later(),
        _ => {}
    }
}

/// A tap or click on a mark (with no selection being made).
fn on_mark_activated(x: f64, y: f64, target: Option<web_sys::Element>) {
    let Ok(doc) = document() else { return };
    let mark = with_widget(|w| {
        let a = w.annotator.as_ref()?;
        target
            .as_ref()
            .and_then(|t| a.mark_of_wrapper(t))
            .or_else(|| a.mark_at(&doc, x, y))
    })
    .flatten();
    if let Some(m) = mark {
        show_mark(m, false);
    }
}

/// Closes the popover if it was opened by hovering and the pointer is
/// still away from it.
fn close_hover_popover() {
    if with_widget(|w| w.origin == Origin::Hover).unwrap_or(false) {
        close_popover();
    }
}

/// Fires `claimlens:close` for a popover removed while the widget was
/// borrowed, once the current work is done.
fn dispatch_later_close(id: String) {
    gloo::timers::callback::Timeout::new(0, move || {
        dispatch("close", &serde_json_like::Close { id })
    })
    .forget();
}
