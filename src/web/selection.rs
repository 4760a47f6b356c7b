//! Listening to the page: `selectionchange` covers mouse, touch and
//! keyboard (Shift+arrows) alike. Matching runs once the selection settles
//! — after a quiet pause, and never while a pointer button is held down —
//! so a drag does not trigger a match on every mouse move. Also the keys
//! (Esc, the Alt+Shift+C shortcut), scrolling and resizing (the popover
//! follows its text), and hovering, tapping or focusing annotation marks.
//!
//! Every listener is a gloo `EventListener`, held in [`Listeners`]:
//! dropping it (with the widget) removes them all. Each runs its work
//! through [`super::guard::guarded`].

use super::guard::guarded;
use super::widget::{self, with, Handle};
use crate::rules::{MARK_TAG, MOVE_EVERY_MS, RELEASE_MS, SETTLE_MS};
use gloo::events::{EventListener, EventListenerOptions, EventListenerPhase};
use gloo::timers::callback::Timeout;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, KeyboardEvent};

/// The documented shortcut that moves focus into the popover: Alt+Shift+C
/// (by key position, so it works on every keyboard layout).
const FOCUS_SHORTCUT_CODE: &str = "KeyC";

/// What the pointer is doing.
#[derive(Debug, Default)]
pub struct Pointer {
    /// A button is held: no matching until it is released.
    pub down: bool,
    /// The last press was a finger (the popover stays below a selection
    /// made by touch, clear of the phone's copy menu).
    pub touch: bool,
    /// The last press was inside the popover (reading, clicking a link):
    /// the selection collapsing then must not close it.
    pub pressed_inside: bool,
    /// When a pointer move was last looked at (for the hover throttle).
    pub last_move: f64,
    /// The latest move, waiting for the throttle's interval to pass.
    pub pending_move: Option<Timeout>,
}

/// The page listeners; dropping this removes them.
pub struct Listeners {
    _listeners: Vec<EventListener>,
}

/// (Re)starts the settle timer; the latest selection wins.
fn schedule(h: &Handle, ms: u32) {
    let handle = h.clone();
    with(h, |w| {
        w.settle = Some(Timeout::new(ms, move || {
            guarded(move || widget::on_selection_settled(&handle));
        }));
    });
}

/// Looks at a pointer move at most once per [`MOVE_EVERY_MS`]; a move
/// that comes sooner is looked at when the interval is over, so a pointer
/// that comes to rest on a mark opens it.
fn pointer_moved(h: &Handle, at: (f64, f64), over_popover: bool) {
    let now = super::js::now();
    let wait = with(h, |w| {
        if w.pointer.down {
            return None;
        }
        let since = now - w.pointer.last_move;
        if since >= f64::from(MOVE_EVERY_MS) {
            w.pointer.last_move = now;
            w.pointer.pending_move = None;
            return Some(0);
        }
        let handle = h.clone();
        w.pointer.pending_move = Some(Timeout::new((f64::from(MOVE_EVERY_MS) - since).ceil() as u32, move || {
            guarded(move || {
                with(&handle, |w| w.pointer.pending_move = None);
                pointer_moved(&handle, at, over_popover);
            })
        }));
        None
    })
    .flatten();
    if wait.is_some() {
        widget::on_pointer_over(h, at.0, at.1, over_popover);
    }
}

/// A listener whose work is guarded; `options` as gloo takes them.
fn listen(
    target: &web_sys::EventTarget,
    event: &'static str,
    options: EventListenerOptions,
    h: &Handle,
    work: fn(&Handle, &web_sys::Event),
) -> EventListener {
    let h = h.clone();
    EventListener::new_with_options(target, event, options, move |e| {
        let (h, e) = (h.clone(), e.clone());
        guarded(move || work(&h, &e));
    })
}

/// Starts listening on `doc` (and its window, for scroll and resize).
pub fn listen_all(doc: &Document, h: &Handle) -> Result<Listeners, JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let passive = EventListenerOptions::default();
    let capture = EventListenerOptions::run_in_capture_phase();
    let capture_active = EventListenerOptions {
        phase: EventListenerPhase::Capture,
        passive: false,
    };
    let capture_passive = EventListenerOptions {
        phase: EventListenerPhase::Capture,
        passive: true,
    };
    let listeners = vec![
        listen(doc, "selectionchange", passive, h, |h, _| {
            if with(h, |w| w.pointer.down) == Some(false) {
                schedule(h, SETTLE_MS);
            }
        }),
        listen(doc, "pointerdown", capture, h, |h, event| {
            let touch = event
                .dyn_ref::<web_sys::PointerEvent>()
                .is_some_and(|e| e.pointer_type() == "touch");
            let inside = with(h, |w| {
                let inside = w.popover.as_ref().is_some_and(|p| p.in_path(event));
                w.pointer.down = true;
                w.pointer.touch = touch;
                w.pointer.pressed_inside = inside;
                inside
            });
            if inside == Some(false) {
                widget::close_popover(h);
            }
        }),
        listen(doc, "pointerup", capture, h, |h, _| {
            with(h, |w| w.pointer.down = false);
            schedule(h, RELEASE_MS);
        }),
        listen(doc, "pointercancel", capture, h, |h, _| {
            with(h, |w| w.pointer.down = false);
        }),
        listen(doc, "keydown", capture_active, h, |h, event| {
            let Some(k) = event.dyn_ref::<KeyboardEvent>() else { return };
            if k.key() == "Escape" {
                widget::close_popover(h);
            } else if k.alt_key() && k.shift_key() && k.code() == FOCUS_SHORTCUT_CODE && widget::focus_popover(h) {
                event.prevent_default();
            }
        }),
        listen(&window, "scroll", capture_passive, h, |h, _| widget::reposition(h)),
        listen(&window, "resize", passive, h, |h, _| widget::reposition(h)),
        // Annotation marks: hover, tap or click, and keyboard focus (fallback marks).
        listen(doc, "pointermove", passive, h, |h, event| {
            let Some(e) = event.dyn_ref::<web_sys::PointerEvent>() else { return };
            let at = (f64::from(e.client_x()), f64::from(e.client_y()));
            let over_popover = with(h, |w| w.popover.as_ref().is_some_and(|p| p.in_path(event))).unwrap_or(false);
            pointer_moved(h, at, over_popover);
        }),
        listen(doc, "click", passive, h, |h, event| {
            let collapsed = web_sys::window()
                .and_then(|w| w.get_selection().ok().flatten())
                .is_none_or(|s| s.is_collapsed());
            let Some(e) = event.dyn_ref::<web_sys::MouseEvent>() else { return };
            if collapsed {
                let target = event.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
                widget::on_mark_activated(h, f64::from(e.client_x()), f64::from(e.client_y()), target);
            }
        }),
        listen(doc, "focusin", passive, h, |h, event| {
            let target = event.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
            if target.as_ref().is_some_and(|t| t.tag_name().eq_ignore_ascii_case(MARK_TAG)) {
                widget::on_mark_activated(h, -1.0, -1.0, target);
            }
        }),
    ];
    Ok(Listeners {
        _listeners: listeners,
    })
}
