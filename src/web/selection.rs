//! Listening for selections: `selectionchange` covers mouse, touch and
//! keyboard (Shift+arrows) alike. Matching runs once the selection settles
//! — after a quiet pause, and never while a pointer button is held down —
//! so a drag does not trigger a match on every mouse move.

use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::Timeout;
use std::cell::{Cell, RefCell};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, KeyboardEvent};

/// How long a selection must stay unchanged before it is matched.
const SETTLE_MS: u32 = 250;

thread_local! {
    static PENDING: RefCell<Option<Timeout>> = const { RefCell::new(None) };
    static POINTER_DOWN: Cell<bool> = const { Cell::new(false) };
    /// The last pointer press was inside the popover (reading, clicking a
    /// link): the selection collapsing then must not close it.
    static PRESSED_INSIDE: Cell<bool> = const { Cell::new(false) };
    /// Closing a hover popover waits a moment, so the pointer can cross
    /// the gap between the mark and the popover (WCAG 1.4.13).
    static HOVER_CLOSE: RefCell<Option<Timeout>> = const { RefCell::new(None) };
    static LAST_MOVE: Cell<f64> = const { Cell::new(0.0) };
    /// The last pointer press was a finger (selections by touch keep the
    /// popover below them, clear of the phone's copy menu).
    static TOUCH: Cell<bool> = const { Cell::new(false) };
}

/// True when the last pointer press was by touch.
pub fn last_pointer_was_touch() -> bool {
    TOUCH.with(Cell::get)
}

/// The documented shortcut that moves focus into the popover: Alt+Shift+C
/// (by key position, so it works on every keyboard layout).
const FOCUS_SHORTCUT_CODE: &str = "KeyC";
/// How long a hover popover stays after the pointer leaves it.
const HOVER_GRACE_MS: u32 = 400;
/// Pointer moves closer together than this are not looked at.
const MOVE_EVERY_MS: f64 = 40.0;

/// Closes the hover popover after [`HOVER_GRACE_MS`] unless the pointer
/// comes back first.
pub fn close_hover_later() {
    HOVER_CLOSE.with(|h| {
        let mut h = h.borrow_mut();
        if h.is_none() {
            *h = Some(Timeout::new(HOVER_GRACE_MS, || {
                HOVER_CLOSE.with(|h| h.borrow_mut().take());
                super::close_hover_popover();
            }));
        }
    });
}

fn cancel_hover_close() {
    HOVER_CLOSE.with(|h| h.borrow_mut().take());
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// The page listeners; dropping this removes them and cancels a pending match.
pub struct Listeners {
    _listeners: Vec<EventListener>,
}

impl Drop for Listeners {
    fn drop(&mut self) {
        PENDING.with(|p| p.borrow_mut().take());
        cancel_hover_close();
    }
}

/// Starts listening on `doc` (and its window, for scroll and resize).
pub fn listen(doc: &Document) -> Result<Listeners, JsValue> {
    let window = web_sys::window().ok_or_else(|| super::js_error("no-window", "no window"))?;
    let capture = EventListenerOptions::run_in_capture_phase();
    let listeners = vec![
        EventListener::new(doc, "selectionchange", |_| {
            if !POINTER_DOWN.with(Cell::get) {
                schedule(SETTLE_MS);
            }
        }),
        EventListener::new_with_options(doc, "pointerdown", capture, |event| {
            POINTER_DOWN.with(|p| p.set(true));
            let touch = event
                .dyn_ref::<web_sys::PointerEvent>()
                .is_some_and(|e| e.pointer_type() == "touch");
            TOUCH.with(|t| t.set(touch));
            let inside =
                super::with_widget(|w| w.popover.as_ref().is_some_and(|p| event_in(p, event)))
                    .unwrap_or(false);
            PRESSED_INSIDE.with(|p| p.set(inside));
            if !inside {
                super::close_popover();
            }
        }),
        EventListener::new_with_options(doc, "pointerup", capture, |_| {
            POINTER_DOWN.with(|p| p.set(false));
            schedule(60);
        }),
        EventListener::new_with_options(doc, "pointercancel", capture, |_| {
            POINTER_DOWN.with(|p| p.set(false));
        }),
        EventListener::new_with_options(
            doc,
            "keydown",
            EventListenerOptions {
                phase: gloo::events::EventListenerPhase::Capture,
                passive: false,
            },
            |event| {
                let Some(k) = event.dyn_ref::<KeyboardEvent>() else {
                    return;
                };
                if k.key() == "Escape" {
                    super::close_popover();
                } else if k.alt_key()
                    && k.shift_key()
                    && k.code() == FOCUS_SHORTCUT_CODE
                    && super::focus_popover()
                {
                    event.prevent_default();
                }
            },
        ),
        EventListener::new_with_options(
            &window,
            "scroll",
            EventListenerOptions {
                phase: gloo::events::EventListenerPhase::Capture,
                passive: true,
            },
            |_| super::reposition(),
        ),
        // Annotation marks: hover, tap or click, and keyboard focus (fallback marks).
        // (gloo listeners are passive unless asked otherwise.)
        EventListener::new(doc, "pointermove", |event| {
            let Some(e) = event.dyn_ref::<web_sys::PointerEvent>() else {
                return;
            };
            if POINTER_DOWN.with(Cell::get) || now() - LAST_MOVE.with(Cell::get) < MOVE_EVERY_MS {
                return;
            }
            LAST_MOVE.with(|l| l.set(now()));
            let over_popover =
                super::with_widget(|w| w.popover.as_ref().is_some_and(|p| event_in(p, event)))
                    .unwrap_or(false);
            if over_popover {
                cancel_hover_close();
            }
            super::on_pointer_over(
                f64::from(e.client_x()),
                f64::from(e.client_y()),
                over_popover,
            );
        }),
        EventListener::new(doc, "click", |event| {
            let collapsed = web_sys::window()
                .and_then(|w| w.get_selection().ok().flatten())
                .is_none_or(|s| s.is_collapsed());
            let Some(e) = event.dyn_ref::<web_sys::MouseEvent>() else {
                return;
            };
            if collapsed {
                let target = event
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
                super::on_mark_activated(f64::from(e.client_x()), f64::from(e.client_y()), target);
            }
        }),
        EventListener::new(doc, "focusin", |event| {
            let target = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
            if target
                .as_ref()
                .is_some_and(|t| t.tag_name().eq_ignore_ascii_case(super::annotate::MARK_TAG))
            {
                super::on_mark_activated(-1.0, -1.0, target);
            }
        }),
        EventListener::new(&window, "resize", |_| super::reposition()),
    ];
    Ok(Listeners {
        _listeners: listeners,
    })
}

/// True when the event's composed path passes through the popover (events
/// from inside a shadow root are retargeted to its host).
fn event_in(p: &super::popover::Popover, event: &web_sys::Event) -> bool {
    event.composed_path().iter().any(|t| p.contains(&t))
}

/// (Re)starts the settle timer; the latest selection wins.
fn schedule(ms: u32) {
    let timeout = Timeout::new(ms, || {
        PENDING.with(|p| p.borrow_mut().take());
        super::on_selection_settled(PRESSED_INSIDE.with(Cell::get));
    });
    PENDING.with(|p| *p.borrow_mut() = Some(timeout));
}
