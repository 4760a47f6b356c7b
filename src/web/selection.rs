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
}

/// The page listeners; dropping this removes them and cancels a pending match.
pub struct Listeners {
    _listeners: Vec<EventListener>,
}

impl Drop for Listeners {
    fn drop(&mut self) {
        PENDING.with(|p| p.borrow_mut().take());
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
        EventListener::new_with_options(doc, "keydown", capture, |event| {
            let key = event.dyn_ref::<KeyboardEvent>().map(KeyboardEvent::key);
            if key.as_deref() == Some("Escape") {
                super::close_popover();
            }
        }),
        EventListener::new_with_options(
            &window,
            "scroll",
            EventListenerOptions {
                phase: gloo::events::EventListenerPhase::Capture,
                passive: true,
            },
            |_| {
                super::with_widget(|w| w.popover.as_ref().map(|p| p.position()));
            },
        ),
        EventListener::new(&window, "resize", |_| {
            super::with_widget(|w| w.popover.as_ref().map(|p| p.position()));
        }),
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
