//! The fact-check popover on the page: a host element with a shadow root,
//! holding the view tree from [`crate::view`] built node by node with
//! `textContent` (no string from a page or a database is ever parsed as
//! HTML), styled by a constructable stylesheet inside the shadow root so the
//! page's CSS cannot reach in and ours cannot leak out.

use crate::claims::Claim;
use crate::view::{self, Node, Rect, CSS};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    CssStyleSheet, Document, Element, HtmlElement, Range, ShadowRoot, ShadowRootInit,
    ShadowRootMode,
};

/// The tag of the popover's host element; a custom-element name, so page
/// rules written for `div` or `aside` do not match it.
pub const HOST_TAG: &str = "claimlens-popover";

/// `data-theme`: light, dark, or following `prefers-color-scheme`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
    Auto,
}

impl Theme {
    /// Reads `data-theme`; anything unknown is `auto`.
    pub fn parse(s: Option<&str>) -> Theme {
        match s.map(str::trim) {
            Some("light") => Theme::Light,
            Some("dark") => Theme::Dark,
            _ => Theme::Auto,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Auto => "auto",
        }
    }
}

/// An open popover, anchored to the selection's range.
pub struct Popover {
    host: HtmlElement,
    /// The dialog element inside the shadow root (focus goes here).
    card: HtmlElement,
    anchor: Range,
    /// The node the anchor started in when the popover opened: a live
    /// range survives its text being removed (it collapses onto the
    /// parent), so this is what tells that the text left the page.
    anchor_node: Option<web_sys::Node>,
    /// The selection was made by touch: keep below it (see [`view::place`]).
    touch: bool,
    claim_id: String,
    text: String,
    _close: gloo::events::EventListener,
}

impl Popover {
    /// Builds and shows the popover for `claim`, anchored to `anchor`.
    /// `more` is how many other claims the selection holds; `touch`, that
    /// the selection was made by touch.
    pub fn open(
        doc: &Document,
        claim: &Claim,
        more: usize,
        anchor: Range,
        text: String,
        theme: Theme,
        touch: bool,
    ) -> Result<Popover, JsValue> {
        let (host, shadow) = shadow_host(
            doc,
            HOST_TAG,
            &[
                ("display", "block"),
                ("position", "fixed"),
                ("z-index", "2147483647"),
                ("top", "0px"),
                ("left", "0px"),
                ("width", "min(380px, calc(100vw - 16px))"),
                ("visibility", "hidden"),
            ],
        )?;
        host.set_attribute("data-claim-id", &claim.id)?;
        host.set_attribute("data-theme", theme.as_str())?;
        adopt_styles(doc, &shadow)?;
        let card = render(doc, &view::popover(claim, more))?;
        shadow.append_child(&card)?;
        let close = shadow
            .query_selector("button.close")?
            .ok_or_else(|| super::js_error("internal", "the popover has no close button"))?;
        let close_listener =
            gloo::events::EventListener::new(&close, "click", |_| super::close_popover());
        doc.body()
            .ok_or_else(|| super::js_error("no-body", "the page has no body"))?
            .append_child(&host)?;
        let card: HtmlElement = card.dyn_into()?;
        let popover = Popover {
            host,
            card,
            anchor_node: anchor.start_container().ok(),
            anchor,
            touch,
            claim_id: claim.id.clone(),
            text,
            _close: close_listener,
        };
        popover.position();
        popover
            .host
            .style()
            .set_property_with_priority("visibility", "visible", "important")?;
        Ok(popover)
    }

    /// The id of the claim shown.
    pub fn claim_id(&self) -> &str {
        &self.claim_id
    }

    /// The selection text it was opened for.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// True when `node` is the popover or inside it.
    pub fn contains(&self, target: &JsValue) -> bool {
        target
            .dyn_ref::<web_sys::Node>()
            .is_some_and(|n| self.host.contains(Some(n)))
    }

    /// Moves focus into the popover (the documented shortcut).
    pub fn focus(&self) {
        let _ = self.card.focus();
    }

    /// True when the keyboard focus is inside the popover.
    pub fn has_focus(&self, doc: &Document) -> bool {
        doc.active_element()
            .is_some_and(|e| e == *self.host.as_ref())
    }

    /// False once the text it points at has left the page (a single-page
    /// app replaced it): the popover should then close.
    pub fn is_anchored(&self) -> bool {
        self.anchor_node
            .as_ref()
            .is_some_and(web_sys::Node::is_connected)
    }

    /// Moves the popover next to the selection's last line (see [`view::place`]).
    pub fn position(&self) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let vw = window
            .inner_width()
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(1024.0);
        let vh = window
            .inner_height()
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(768.0);
        let style = self.host.style();
        let _ = style.remove_property("--claimlens-max-height");
        let anchor = self.anchor_rect().unwrap_or(Rect {
            top: vh / 2.0,
            bottom: vh / 2.0,
            left: 8.0,
            touch: self.touch,
        });
        let card = self.host.get_bounding_client_rect();
        let placed = view::place(anchor, card.width(), card.height(), vw, vh);
        if let Some(m) = placed.max_height {
            let _ = style.set_property("--claimlens-max-height", &px(m));
        }
        let _ = style.set_property_with_priority("top", &px(placed.top), "important");
        let _ = style.set_property_with_priority("left", &px(placed.left), "important");
    }

    /// The selection's box for placement: the last line's bottom and left
    /// (where a forward selection ends), the first line's top.
    fn anchor_rect(&self) -> Option<Rect> {
        let rects = self.anchor.get_client_rects()?;
        let last = (0..rects.length())
            .rev()
            .filter_map(|i| rects.get(i))
            .find(|r| r.width() > 0.0 && r.height() > 0.0)
            .or_else(|| {
                Some(self.anchor.get_bounding_client_rect()).filter(|r| r.height() > 0.0)
            })?;
        // Below the last line, or above the first: never over the selection.
        let whole = self.anchor.get_bounding_client_rect();
        Some(Rect {
            top: whole.top().min(last.top()),
            bottom: last.bottom(),
            left: last.left(),
            touch: self.touch,
        })
    }

    /// Takes the popover off the page.
    pub fn remove(self) {
        self.host.remove();
    }
}

/// Builds DOM elements for a view tree: attributes as attributes, text
/// as `textContent`; nothing is parsed.
fn render(doc: &Document, node: &Node) -> Result<Element, JsValue> {
    let el = doc.create_element(node.tag)?;
    for (name, value) in &node.attrs {
        el.set_attribute(name, value)?;
    }
    if let Some(text) = &node.text {
        el.set_text_content(Some(text));
    }
    for child in &node.children {
        let child = render(doc, child)?;
        el.append_child(&child)?;
    }
    Ok(el)
}

/// A visually hidden `role="status"` region, in its own shadow root, that
/// announces a new popover to screen readers without moving focus.
pub struct LiveRegion {
    host: HtmlElement,
    region: Element,
}

impl LiveRegion {
    /// Adds the (empty) region to the page.
    pub fn new(doc: &Document) -> Result<LiveRegion, JsValue> {
        let (host, shadow) = shadow_host(
            doc,
            "claimlens-live",
            &[
                ("position", "fixed"),
                ("width", "1px"),
                ("height", "1px"),
                ("overflow", "hidden"),
                ("clip-path", "inset(50%)"),
                ("white-space", "nowrap"),
            ],
        )?;
        let region = doc.create_element("div")?;
        region.set_attribute("role", "status")?;
        region.set_attribute("aria-live", "polite")?;
        shadow.append_child(&region)?;
        doc.body()
            .ok_or_else(|| super::js_error("no-body", "the page has no body"))?
            .append_child(&host)?;
        Ok(LiveRegion { host, region })
    }

    /// Replaces what the region says.
    pub fn say(&self, text: &str) {
        self.region.set_text_content(Some(text));
    }

    /// Takes the region off the page.
    pub fn remove(self) {
        self.host.remove();
    }
}

/// A host element `tag` with an open shadow root, its own layout set with
/// inline `!important` declarations after `all: initial`: inline
/// `!important` beats any page rule on the host, however hostile.
fn shadow_host(
    doc: &Document,
    tag: &str,
    layout: &[(&str, &str)],
) -> Result<(HtmlElement, ShadowRoot), JsValue> {
    let host: HtmlElement = doc.create_element(tag)?.dyn_into()?;
    let style = host.style();
    style.set_property_with_priority("all", "initial", "important")?;
    for (prop, value) in layout {
        style.set_property_with_priority(prop, value, "important")?;
    }
    let shadow = host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?;
    Ok((host, shadow))
}

/// A CSS pixel length, rounded (integer formatting keeps float
/// formatting code out of the wasm).
fn px(v: f64) -> String {
    format!("{}px", v.round() as i64)
}

/// Styles through a constructable stylesheet (allowed under a strict CSP
/// with `style-src 'self'`); a `<style>` element only where the browser has
/// no `adoptedStyleSheets`.
fn adopt_styles(doc: &Document, shadow: &ShadowRoot) -> Result<(), JsValue> {
    let has_adopted = js_sys::Reflect::has(shadow, &"adoptedStyleSheets".into()).unwrap_or(false);
    if has_adopted {
        if let Ok(sheet) = CssStyleSheet::new() {
            sheet.replace_sync(CSS)?;
            shadow.set_adopted_style_sheets(&js_sys::Array::of1(&sheet));
            return Ok(());
        }
    }
    let style = doc.create_element("style")?;
    style.set_text_content(Some(CSS));
    shadow.append_child(&style)?;
    Ok(())
}
