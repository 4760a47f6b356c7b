//! The running widget: all of its state in one struct ([`Widget`]), owned
//! by the JS API object (`window.ClaimLens`), and what happens when a
//! selection settles or a mark is hovered. Listeners, timers and observers
//! hold only a [`Handle`] (a weak reference): once the widget is destroyed
//! they find nothing and do nothing, and dropping the widget removes them.
//!
//! Page callbacks never run while the widget is borrowed: a decision is
//! made inside [`with`], the events it causes are fired after it returns,
//! so a page's `claimlens:open` handler may call back into `ClaimLens.match`.

use super::annotate::Annotator;
use super::js::{self, console_error, dispatch, Obj};
use super::loader::Loading;
use super::matcher_cell::MatcherCell;
use super::popover::{LiveRegion, Popover, Theme};
use super::selection::{Listeners, Pointer};
use crate::rules::{EDITABLE, MAX_PAGE_TOPIC_CHARS, PAGE_TOPIC};
use claimlens_core::matching::{Matcher, PageContext};
use gloo::timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, Range};

/// The widget's owner holds this; dropping the widget inside it tears
/// everything down.
pub type Owner = Rc<RefCell<Option<Widget>>>;
/// What callbacks hold: the widget, if it is still there.
pub type Handle = Weak<RefCell<Option<Widget>>>;

/// Runs `f` on the widget, if it is still there and not already in use.
/// What the page the widget runs on is about (its title and headings: see
/// `rules::PAGE_TOPIC`), for the matcher.
pub fn page_context(matcher: &Matcher, doc: &Document) -> PageContext {
    let topic = crate::web::dom::page_topic(doc, PAGE_TOPIC, MAX_PAGE_TOPIC_CHARS).unwrap_or_default();
    matcher.page_context(&topic)
}

pub fn with<R>(h: &Handle, f: impl FnOnce(&mut Widget) -> R) -> Option<R> {
    let owner = h.upgrade()?;
    let mut slot = owner.try_borrow_mut().ok()?;
    slot.as_mut().map(f)
}

/// What opened the popover: it decides what closes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A selection: collapsing it closes the popover.
    Selection,
    /// Hovering a mark: leaving mark and popover closes it.
    Hover,
    /// Tapping, clicking or focusing a mark: Esc or a click outside closes it.
    Mark,
}

/// The running widget.
pub struct Widget {
    /// This widget, for the callbacks it creates.
    pub handle: Handle,
    /// The claims, indexed (or being indexed: see `matcher_cell.rs`).
    pub matcher: MatcherCell,
    /// `data-root`: where selections count (a CSS selector).
    pub root_selector: String,
    /// `data-theme`.
    pub theme: Theme,
    /// The renderer's rules (allow-lists), made once.
    pub rules: JsValue,
    /// The page listeners; dropping them removes them.
    pub listeners: Option<Listeners>,
    /// What the pointer is doing.
    pub pointer: Pointer,
    /// The pending match of a selection that has not settled yet.
    pub settle: Option<Timeout>,
    /// The pending close of a hover popover.
    pub hover_close: Option<Timeout>,
    /// The open popover.
    pub popover: Option<Popover>,
    /// What opened it.
    pub origin: Origin,
    /// Annotation mode, once started.
    pub annotator: Option<Annotator>,
    /// The polite live region that announces a new popover.
    pub live: Option<LiveRegion>,
    /// Where the keyboard focus was before the shortcut moved it into the
    /// popover; it goes back there when the popover closes.
    pub return_focus: Option<HtmlElement>,
    /// Databases being loaded, a slice at a time.
    pub loading: Loading,
    /// A test build's deliberate panic in the next selection's handling.
    #[cfg(feature = "test-panic")]
    pub panic_on_next_selection: bool,
}

impl Widget {
    /// The `data-root` element (or the body).
    pub fn root(&self, doc: &Document) -> Option<Element> {
        doc.query_selector(&self.root_selector)
            .ok()
            .flatten()
            .or_else(|| doc.body().map(Into::into))
    }

    /// Takes the popover off the page; returns the id of its claim.
    fn take_popover(&mut self) -> Option<String> {
        self.popover.take().map(|p| p.claim_id().to_string())
    }

    /// Opens the popover for claim number `claim`, anchored to `range`,
    /// replacing any open one.
    #[allow(clippy::too_many_arguments)]
    fn show(&mut self, doc: &Document, claim: usize, score: f32, more: usize, range: Range, text: String, origin: Origin) -> Outcome {
        let replaced = self.take_popover();
        let claim = &self.matcher.claims()[claim];
        let h = self.handle.clone();
        let opened = Popover::open(
            doc,
            claim,
            more,
            range,
            text.clone(),
            self.theme,
            self.pointer.touch,
            &self.rules,
            move || super::guard::guarded({
                let h = h.clone();
                move || close_popover(&h)
            }),
        );
        self.origin = origin;
        match opened {
            Ok(p) => {
                self.popover = Some(p);
                if let Some(live) = &self.live {
                    live.say(&format!(
                        "Fact-check available: {}. Press Alt+Shift+C to read it.",
                        claim.verdict_label
                    ));
                }
                Outcome::Open {
                    id: claim.id.clone(),
                    score: js::round3(score),
                    text,
                    more,
                    replaced,
                }
            }
            Err(e) => {
                console_error(&format!("could not show the popover: {e:?}"));
                match replaced {
                    Some(id) => Outcome::Closed(id),
                    None => Outcome::Nothing,
                }
            }
        }
    }

    /// What a settled selection changes.
    fn decide(&mut self, doc: &Document, selection: Option<&web_sys::Selection>) -> Outcome {
        let close = |w: &mut Widget| w.take_popover().map_or(Outcome::Nothing, Outcome::Closed);
        let Some(sel) = selection.filter(|s| !s.is_collapsed() && s.range_count() > 0) else {
            // A collapsed selection closes a selection's popover, not a
            // mark's (Esc or a click outside does), and not while the reader
            // clicks inside it.
            return if self.pointer.pressed_inside || self.origin != Origin::Selection {
                Outcome::Nothing
            } else {
                close(self)
            };
        };
        let Ok(range) = sel.get_range_at(0) else { return close(self) };
        let Ok(container) = range.common_ancestor_container() else { return close(self) };
        if self.popover.as_ref().is_some_and(|p| p.contains(&container)) {
            return Outcome::Nothing;
        }
        let element = match container.dyn_ref::<Element>() {
            Some(e) => Some(e.clone()),
            None => container.parent_element(),
        };
        if element.is_some_and(|e| e.closest(EDITABLE).ok().flatten().is_some()) {
            return close(self);
        }
        if !self.root(doc).is_some_and(|r| r.contains(Some(&container))) {
            return close(self);
        }
        let text: String = sel.to_string().into();
        if self.popover.as_ref().is_some_and(|p| p.text() == text) {
            return Outcome::Nothing;
        }
        let matches = self.matcher.find_on(&text, &page_context(&self.matcher, doc));
        let Some(best) = matches.first() else {
            return close(self);
        };
        let (claim, score, more) = (best.claim, best.score, matches.len() - 1);
        self.show(doc, claim, score, more, range, text, Origin::Selection)
    }
}

/// What a change decided, carried out (events fired) once the widget is
/// no longer borrowed.
pub enum Outcome {
    /// Nothing changed.
    Nothing,
    /// The popover for this claim closed.
    Closed(String),
    /// A popover opened (replacing the `replaced` one).
    Open {
        id: String,
        score: f64,
        text: String,
        more: usize,
        replaced: Option<String>,
    },
}

/// Fires the events of an [`Outcome`].
fn apply(outcome: Outcome) {
    match outcome {
        Outcome::Nothing => {}
        Outcome::Closed(id) => dispatch("close", Obj::new().set("id", id).build()),
        Outcome::Open {
            id,
            score,
            text,
            more,
            replaced,
        } => {
            if let Some(old) = replaced {
                dispatch("close", Obj::new().set("id", old).build());
            }
            dispatch(
                "open",
                Obj::new()
                    .set("id", id)
                    .set("score", score)
                    .set("text", text)
                    .set("more", more as u32)
                    .build(),
            );
        }
    }
}

/// A selection settled: match it, then open, replace or close the popover,
/// and tell the page it was handled (`claimlens:settled`).
pub fn on_selection_settled(h: &Handle) {
    let Ok(doc) = js::document() else { return };
    let selection = web_sys::window().and_then(|w| w.get_selection().ok().flatten());
    let text: String = selection.as_ref().map(|s| s.to_string().into()).unwrap_or_default();
    let Some(outcome) = with(h, |w| {
        w.settle = None;
        #[cfg(feature = "test-panic")]
        if w.panic_on_next_selection {
            panic!("a deliberate panic for the tests, in a selection");
        }
        w.decide(&doc, selection.as_ref())
    }) else {
        return;
    };
    apply(outcome);
    let open = with(h, |w| w.popover.as_ref().map(|p| p.claim_id().to_string())).flatten();
    dispatch("settled", Obj::new().set("text", text).set("id", js::nullable(open.as_deref())).build());
}

/// Closes the popover, if one is open, returns focus where it was, and
/// fires `claimlens:close`.
pub fn close_popover(h: &Handle) {
    let Ok(doc) = js::document() else { return };
    let closed = with(h, |w| {
        let had_focus = w.popover.as_ref().is_some_and(|p| p.has_focus(&doc));
        let id = w.take_popover()?;
        w.hover_close = None;
        if let Some(live) = &w.live {
            live.say("");
        }
        let back = w.return_focus.take().filter(|e| had_focus && e.is_connected());
        Some((id, back))
    })
    .flatten();
    if let Some((id, back)) = closed {
        if let Some(el) = back {
            let _ = el.focus();
        }
        dispatch("close", Obj::new().set("id", id).build());
    }
}

/// The keyboard shortcut (Alt+Shift+C): moves focus into the open popover,
/// remembering where it was. False when there is no popover.
pub fn focus_popover(h: &Handle) -> bool {
    let Ok(doc) = js::document() else { return false };
    with(h, |w| {
        let Some(p) = &w.popover else { return false };
        if !p.has_focus(&doc) {
            w.return_focus = doc.active_element().and_then(|e| e.dyn_into::<HtmlElement>().ok());
        }
        p.focus();
        true
    })
    .unwrap_or(false)
}

/// Keeps the popover next to its text on scroll and resize; closes it when
/// the text has left the page.
pub fn reposition(h: &Handle) {
    let anchored = with(h, |w| {
        w.popover.as_ref().map(|p| {
            p.position();
            p.is_anchored()
        })
    })
    .flatten();
    if anchored == Some(false) {
        close_popover(h);
    }
}

/// Opens the popover for annotation mark `mark` (hover, tap or focus),
/// unless it already shows that claim.
pub fn show_mark(h: &Handle, mark: usize, by_hover: bool) {
    let Ok(doc) = js::document() else { return };
    let outcome = with(h, |w| {
        let (claim, range) = {
            let m = w.annotator.as_ref()?.marks.get(mark)?;
            (m.claim, m.range.clone())
        };
        if w.popover.as_ref().is_some_and(|p| p.claim_id() == w.matcher.claims()[claim].id) {
            return None;
        }
        let text = range.to_string().into();
        let origin = if by_hover { Origin::Hover } else { Origin::Mark };
        Some(w.show(&doc, claim, 1.0, 0, range, text, origin))
    })
    .flatten();
    if let Some(o) = outcome {
        apply(o);
    }
}

/// The pointer moved: open the popover over a mark; close a hover popover
/// (after the grace period) once the pointer is over neither.
pub fn on_pointer_over(h: &Handle, x: f64, y: f64, over_popover: bool) {
    let Ok(doc) = js::document() else { return };
    let state = with(h, |w| {
        if over_popover {
            w.hover_close = None;
        }
        let mark = w.annotator.as_ref().and_then(|a| a.mark_at(&doc, x, y));
        (mark, w.origin == Origin::Hover && w.popover.is_some())
    });
    match state {
        Some((Some(mark), _)) => show_mark(h, mark, true),
        Some((None, true)) if !over_popover => close_hover_later(h),
        _ => {}
    }
}

/// Closes a hover popover after the grace period, unless the pointer
/// comes back first.
fn close_hover_later(h: &Handle) {
    let handle = h.clone();
    with(h, |w| {
        if w.hover_close.is_none() {
            w.hover_close = Some(Timeout::new(crate::rules::HOVER_GRACE_MS, move || {
                super::guard::guarded(move || {
                    if with(&handle, |w| w.hover_close.take().is_some() && w.origin == Origin::Hover) == Some(true) {
                        close_popover(&handle);
                    }
                })
            }));
        }
    });
}

/// A tap or click on a mark (with no selection being made).
pub fn on_mark_activated(h: &Handle, x: f64, y: f64, target: Option<Element>) {
    let Ok(doc) = js::document() else { return };
    let mark = with(h, |w| {
        let a = w.annotator.as_ref()?;
        target.as_ref().and_then(|t| a.mark_of_wrapper(t)).or_else(|| a.mark_at(&doc, x, y))
    })
    .flatten();
    if let Some(m) = mark {
        show_mark(h, m, false);
    }
}

/// Replaces the matcher (after a load) and closes the popover, which may
/// show a claim that changed or left.
pub fn replace_matcher(h: &Handle, matcher: Matcher) {
    with(h, |w| w.matcher = matcher.into());
    close_popover(h);
}
