//! The fact-check popover on the page: a host element with a shadow root,
//! holding the view tree of [`crate::view`] rendered by `src/dom.js` (text
//! as text, nothing parsed as HTML), styled by a constructable stylesheet
//! inside the shadow root so the page's CSS cannot reach in and ours
//! cannot leak out. Also the polite live region that announces it.

use super::dom;
use super::js;
use crate::rules::{CSS, HOST_LAYOUT, HOST_TAG, LIVE_LAYOUT, LIVE_TAG};
use crate::view;
use claimlens_core::model::Claim;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, Range, ShadowRoot};

/// `data-theme`: light, dark, or following `prefers-color-scheme`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    /// Always light.
    Light,
    /// Always dark.
    Dark,
    /// As the reader's system.
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

    /// The attribute value.
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Auto => "auto",
        }
    }
}

/// A host element with an open shadow root and its layout (`dom.js`).
fn shadow_host(doc: &Document, tag: &str, layout: &[(&str, &str)]) -> Result<(HtmlElement, ShadowRoot), JsValue> {
    let pair = dom::shadow_host(doc, tag, &js::pairs(layout))?;
    Ok((pair.get(0).dyn_into()?, pair.get(1).dyn_into()?))
}

fn body(doc: &Document) -> Result<HtmlElement, JsValue> {
    doc.body()
        .ok_or_else(|| js::error(js::ErrorCode::NoDocument, "the page has no body"))
}

/// An open popover, anchored to a range of the page.
pub struct Popover {
    host: HtmlElement,
    /// The dialog element inside the shadow root (focus goes here).
    card: HtmlElement,
    anchor: Range,
    /// The node the anchor started in when the popover opened: a live
    /// range survives its text being removed (it collapses onto the
    /// parent), so this is what tells that the text left the page.
    anchor_node: Option<web_sys::Node>,
    /// The selection was made by touch: keep below it.
    touch: bool,
    claim_id: String,
    text: String,
    _close: gloo::events::EventListener,
}

impl Popover {
    /// Builds and shows the popover for `claim`, anchored to `anchor`;
    /// `more` is how many other claims the selection holds, `on_close`
    /// runs when its close button is pressed.
    #[allow(clippy::too_many_arguments)]
    pub fn open(
        doc: &Document,
        claim: &Claim,
        more: usize,
        anchor: Range,
        text: String,
        theme: Theme,
        touch: bool,
        rules: &JsValue,
        on_close: impl Fn() + 'static,
    ) -> Result<Popover, JsValue> {
        let (host, shadow) = shadow_host(doc, HOST_TAG, HOST_LAYOUT)?;
        host.set_attribute("data-claim-id", &claim.id)?;
        host.set_attribute("data-theme", theme.as_str())?;
        dom::adopt_styles(&shadow, CSS)?;
        let card: Element = dom::render(doc, &js::view(&view::popover(claim, more)), rules)?.dyn_into()?;
        shadow.append_child(&card)?;
        let close = shadow
            .query_selector("button.close")?
            .ok_or_else(|| js::error(js::ErrorCode::Internal, "the popover has no close button"))?;
        let close = gloo::events::EventListener::new(&close, "click", move |_| on_close());
        body(doc)?.append_child(&host)?;
        let popover = Popover {
            host,
            card: card.dyn_into()?,
            anchor_node: anchor.start_container().ok(),
            anchor,
            touch,
            claim_id: claim.id.clone(),
            text,
            _close: close,
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

    /// True when `target` is the popover or inside it.
    pub fn contains(&self, target: &JsValue) -> bool {
        target
            .dyn_ref::<web_sys::Node>()
            .is_some_and(|n| self.host.contains(Some(n)))
    }

    /// True when the event's composed path passes through the popover
    /// (events from inside a shadow root are retargeted to its host).
    pub fn in_path(&self, event: &web_sys::Event) -> bool {
        event.composed_path().iter().any(|t| self.contains(&t))
    }

    /// Moves focus into the popover (the documented shortcut).
    pub fn focus(&self) {
        let _ = self.card.focus();
    }

    /// True when the keyboard focus is inside the popover.
    pub fn has_focus(&self, doc: &Document) -> bool {
        doc.active_element().is_some_and(|e| e == *self.host.as_ref())
    }

    /// False once the text it points at has left the page (a single-page
    /// app replaced it): the popover should then close.
    pub fn is_anchored(&self) -> bool {
        self.anchor_node.as_ref().is_some_and(web_sys::Node::is_connected)
    }

    /// Moves the popover next to its text (`dom.js`'s `positionHost`).
    pub fn position(&self) {
        if let Err(e) = dom::position_host(&self.host, &self.anchor, self.touch) {
            js::console_warn(&format!("could not place the popover: {e:?}"));
        }
    }

}

impl Drop for Popover {
    /// Takes the popover off the page.
    fn drop(&mut self) {
        self.host.remove();
    }
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
        let (host, shadow) = shadow_host(doc, LIVE_TAG, LIVE_LAYOUT)?;
        let region = doc.create_element("div")?;
        region.set_attribute("role", "status")?;
        region.set_attribute("aria-live", "polite")?;
        shadow.append_child(&region)?;
        body(doc)?.append_child(&host)?;
        Ok(LiveRegion { host, region })
    }

    /// Replaces what the region says.
    pub fn say(&self, text: &str) {
        self.region.set_text_content(Some(text));
    }
}

impl Drop for LiveRegion {
    fn drop(&mut self) {
        self.host.remove();
    }
}
