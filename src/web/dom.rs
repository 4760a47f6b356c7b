//! The DOM helpers the widget shares with the extension's content script,
//! in `src/dom.js` (one copy for both renderers; wasm-bindgen bundles it
//! with the glue). Each can throw (a hostile page can break any DOM call),
//! so each returns a `Result`.

use js_sys::Array;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlElement, Node, Range};

#[wasm_bindgen(module = "/src/dom.js")]
extern "C" {
    /// A view node as DOM, allowed tags and attributes only, text as text.
    #[wasm_bindgen(catch)]
    pub fn render(doc: &Document, node: &JsValue, rules: &JsValue) -> Result<Node, JsValue>;

    /// `[host, shadowRoot]`: a host element with its layout set inline.
    #[wasm_bindgen(catch, js_name = shadowHost)]
    pub fn shadow_host(doc: &Document, tag: &str, layout: &JsValue) -> Result<Array, JsValue>;

    /// Adopts a constructable stylesheet (or adds a `<style>`); returns it.
    #[wasm_bindgen(catch, js_name = adoptStyles)]
    pub fn adopt_styles(root: &JsValue, css: &str) -> Result<JsValue, JsValue>;

    /// Takes away a sheet `adopt_styles` added.
    #[wasm_bindgen(catch, js_name = dropStyles)]
    pub fn drop_styles(root: &JsValue, sheet: &JsValue) -> Result<(), JsValue>;

    /// Places a popover host next to its range, inside the viewport.
    #[wasm_bindgen(catch, js_name = positionHost)]
    pub fn position_host(host: &HtmlElement, range: &Range, touch: bool) -> Result<(), JsValue>;

    /// What the page says it is about: its title, then the text (or
    /// `content`) of the elements `selector` finds, at most `max_chars`.
    #[wasm_bindgen(catch, js_name = pageTopic)]
    pub fn page_topic(doc: &Document, selector: &str, max_chars: u32) -> Result<String, JsValue>;

    /// Marks the elements holding `nodes[from..=to]` with `attr`; returns them.
    #[wasm_bindgen(catch, js_name = markHolders)]
    pub fn mark_holders(nodes: &Array, from: u32, to: u32, attr: &str) -> Result<Array, JsValue>;

    /// Takes `attr` away from elements `mark_holders` marked.
    #[wasm_bindgen(catch, js_name = unmarkHolders)]
    pub fn unmark_holders(elements: &Array, attr: &str) -> Result<(), JsValue>;

    /// The text nodes whose nearest block is `block`.
    #[wasm_bindgen(catch, js_name = ownTextNodes)]
    pub fn own_text_nodes(block: &Element, blocks: &str, skip: &str) -> Result<Array, JsValue>;
}
