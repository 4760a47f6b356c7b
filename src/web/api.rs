//! The widget's JavaScript API: `start(options)`, which the loader calls
//! with the script tag's `data-` attributes (or a bundler user calls
//! directly), and the `ClaimLens` object it returns and puts at
//! `window.ClaimLens`. Typed wasm-bindgen signatures; the shapes are in
//! `types.rs`.

use super::annotate;
use super::guard;
use super::js::{self, error, ErrorCode, Obj};
use super::loader::{self, Loading};
use super::matcher_cell::MatcherCell;
use super::popover::{LiveRegion, Theme};
use super::selection::{self, Pointer};
use super::types::{AnnotatePromise, ClaimInfos, ClaimMatches, DatabaseInput, LoadOptions, LoadPromise, StartOptions};
use super::widget::{Origin, Owner, Widget};
use js_sys::Reflect;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The running widget, as the page sees it (`window.ClaimLens`).
#[wasm_bindgen]
pub struct ClaimLens {
    owner: Owner,
}

#[wasm_bindgen]
extern "C" {
    /// The `ClaimLens` object, as `start` returns it.
    #[wasm_bindgen(typescript_type = "ClaimLens")]
    pub type ClaimLensObject;
}

impl ClaimLens {
    /// Runs `f` on the widget: `not-running` once destroyed, `disabled`
    /// after an internal error.
    fn with<R>(&self, f: impl FnOnce(&mut Widget) -> R) -> Result<R, JsValue> {
        guard::check_enabled()?;
        let mut slot = self
            .owner
            .try_borrow_mut()
            .map_err(|_| error(ErrorCode::Internal, "ClaimLens was called while it was busy"))?;
        slot.as_mut()
            .map(f)
            .ok_or_else(|| error(ErrorCode::NotRunning, "ClaimLens is not running (it was destroyed)"))
    }

    fn handle(&self) -> super::widget::Handle {
        Rc::downgrade(&self.owner)
    }
}

#[wasm_bindgen]
impl ClaimLens {
    /// The claims `text` states, best first, each with its `score` in 0..1;
    /// empty when nothing reaches the threshold.
    #[wasm_bindgen(js_name = "match")]
    pub fn match_text(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    ) -> Result<ClaimMatches, JsValue> {
        let text = text
            .as_string()
            .ok_or_else(|| error(ErrorCode::BadArgument, "ClaimLens.match(text) needs a string"))?;
        let doc = js::document()?;
        self.with(|w| {
            let claims = w.matcher.claims();
            w.matcher
                .find_on(&text, &super::widget::page_context(&w.matcher, &doc))
                .iter()
                .map(|m| js::claim(&claims[m.claim], Some(m.score)))
                .collect::<js_sys::Array>()
                .unchecked_into()
        })
    }

    /// Every loaded claim.
    pub fn claims(&self) -> Result<ClaimInfos, JsValue> {
        self.with(|w| {
            w.matcher
                .claims()
                .iter()
                .map(|c| js::claim(c, None))
                .collect::<js_sys::Array>()
                .unchecked_into()
        })
    }

    /// Loads another database (JSON text, a parsed object, a URL, or a
    /// packed index), in addition to the loaded claims (a claim with an
    /// existing `id` replaces it) or, with `{ replace: true }`, instead of
    /// them. Rejects with a `ClaimLensError`; the claims already loaded stay.
    pub fn load(&self, input: DatabaseInput, options: Option<LoadOptions>) -> LoadPromise {
        let replace = options
            .and_then(|o| Reflect::get(&o, &"replace".into()).ok())
            .is_some_and(|v| v.is_truthy());
        let input: JsValue = input.into();
        let origin = match input.dyn_ref::<js_sys::JsString>() {
            Some(s) if loader::is_json_text(s) => "JSON text".into(),
            Some(s) => String::from(s).chars().take(200).collect(),
            None => "database".into(),
        };
        let promise = match self.with(|_| ()) {
            Ok(()) => loader::load(&self.handle(), loader::Input::Value(input), replace, origin),
            Err(e) => js_sys::Promise::reject(&e),
        };
        promise.unchecked_into()
    }

    /// Marks every claim under the root (annotation mode) and resolves
    /// with `{ count, ids }`.
    pub fn annotate(&self) -> Result<AnnotatePromise, JsValue> {
        self.with(|_| ())?;
        Ok(annotate::annotate(&self.handle())?.unchecked_into())
    }

    /// Removes every listener, mark, stylesheet and element the widget
    /// added, and `window.ClaimLens`. Calling it again does nothing.
    pub fn destroy(&self) {
        let widget = self.owner.try_borrow_mut().ok().and_then(|mut w| w.take());
        // Dropping the widget removes its listeners, popover, live region,
        // marks and timers.
        drop(widget);
        if let Ok(doc) = js::document() {
            if let Some(html) = doc.document_element() {
                let _ = html.remove_attribute("data-claimlens");
            }
        }
        if let Some(window) = web_sys::window() {
            let _ = Reflect::delete_property(&window, &"ClaimLens".into());
        }
    }

    /// The widget's version.
    #[wasm_bindgen(getter)]
    pub fn version(&self) -> String {
        env!("CARGO_PKG_VERSION").to_string()
    }

    /// A deliberate panic, only in a test build (`--features test-panic`):
    /// `"call"` panics in this call, `"selection"` in the handling of the
    /// next selection.
    #[cfg(feature = "test-panic")]
    #[wasm_bindgen(js_name = "__panicForTests")]
    pub fn panic_for_tests(&self, place: String) -> Result<(), JsValue> {
        match place.as_str() {
            "call" => panic!("a deliberate panic for the tests"),
            _ => self.with(|w| w.panic_on_next_selection = true),
        }
    }
}

/// Reads the options object (`StartOptions`).
struct Options {
    root: String,
    theme: Theme,
    claims: Option<String>,
    mode: Option<String>,
}

impl Options {
    fn read(options: &JsValue) -> Options {
        Options {
            root: js::string_option(options, "root").unwrap_or_else(|| "body".into()),
            theme: Theme::parse(js::string_option(options, "theme").as_deref()),
            claims: js::string_option(options, "claims"),
            mode: js::string_option(options, "mode"),
        }
    }
}

/// Starts the widget on the page: matches selections from now on, puts the
/// API at `window.ClaimLens`, fires `claimlens:ready`, then (after ready)
/// loads the page's own ClaimReview markup and `claims`, and starts
/// annotation with `mode: "annotate"`.
#[wasm_bindgen]
pub fn start(options: Option<StartOptions>) -> Result<ClaimLensObject, JsValue> {
    guard::install();
    guard::check_enabled()?;
    let options = Options::read(&options.map(JsValue::from).unwrap_or(JsValue::UNDEFINED));
    let doc = js::document()?;
    // Read and built after ready, a slice at a time (`matcher_cell.rs`).
    let matcher = MatcherCell::from_bytes(crate::BUNDLED_INDEX)
        .ok_or_else(|| error(ErrorCode::Internal, "the bundled index does not read back"))?;
    if doc.query_selector(&options.root).is_err() {
        js::console_warn(&format!("data-root \"{}\" is not a valid selector; using body", options.root));
    }
    let owner: Owner = Rc::new(RefCell::new(None));
    let handle = Rc::downgrade(&owner);
    let widget = Widget {
        handle: handle.clone(),
        matcher,
        root_selector: options.root,
        theme: options.theme,
        rules: js::rules(),
        listeners: Some(selection::listen_all(&doc, &handle)?),
        pointer: Pointer::default(),
        settle: None,
        hover_close: None,
        popover: None,
        origin: Origin::Selection,
        annotator: None,
        live: LiveRegion::new(&doc).ok(),
        return_focus: None,
        loading: Loading::default(),
        #[cfg(feature = "test-panic")]
        panic_on_next_selection: false,
    };
    let claims = widget.matcher.claim_count();
    *owner.borrow_mut() = Some(widget);
    let lens = JsValue::from(ClaimLens { owner });
    if let Some(window) = web_sys::window() {
        Reflect::set(&window, &"ClaimLens".into(), &lens)?;
    }
    js::dispatch("ready", Obj::new().set("claims", claims as u32).build());

    // After ready: the matcher's build, then what the first selection
    // does not need. Annotation builds it itself, a slice per task: two
    // chains of tasks started together ran back to back, ahead of the
    // page's own timers.
    let mode = options.mode.as_deref().map(str::trim);
    if mode != Some("annotate") {
        build_in_slices(handle.clone());
    }
    if let Some(page) = loader::page_claim_reviews(&doc) {
        loader::load_in_background(&handle, loader::Input::Document(page), "page JSON-LD".into());
    }
    if let Some(url) = options.claims {
        loader::load_in_background(&handle, loader::Input::Value(url.into()), "data-claims".into());
    }
    match mode {
        Some("annotate") => {
            // In a task of its own, after ready: the page gets a frame
            // before the highlight rule makes it recalculate its styles.
            let h = handle.clone();
            gloo::timers::callback::Timeout::new(0, move || {
                guard::guarded(move || {
                    if super::widget::with(&h, |_| ()).is_some() {
                        if let Err(e) = annotate::annotate(&h) {
                            js::console_error(&format!("annotation failed: {e:?}"));
                            build_in_slices(h);
                        }
                    }
                })
            })
            .forget();
        }
        None | Some("") | Some("select") => {}
        Some(other) => js::console_warn(&format!("data-mode \"{other}\" is not known; use \"annotate\" or leave it out")),
    }
    Ok(lens.unchecked_into())
}

/// Builds the widget's matcher a slice per task until it is built (or the
/// widget is gone, or something else needed it first and finished it).
fn build_in_slices(h: super::widget::Handle) {
    gloo::timers::callback::Timeout::new(0, move || {
        guard::guarded(move || {
            let done = super::widget::with(&h, |w| w.matcher.step()).unwrap_or(true);
            if !done {
                build_in_slices(h);
            }
        })
    })
    .forget();
}
