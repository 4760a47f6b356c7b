//! The matching engine for contexts without a page: the browser
//! extension's service worker (or background script) runs the wasm there,
//! because a page's CSP may forbid compiling wasm in a content script. The
//! content script sends the selection's text; the engine answers with the
//! matches and the popover's view tree ([`crate::view`]), which the content
//! script renders with `textContent` only.

use super::{js_error, loader, matches_out, to_js};
use crate::anchor::annotate_nodes;
use crate::database::claims_from_records;
use crate::matcher::Matcher;
use crate::view;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// `new ClaimLensEngine()`: the bundled claims, indexed.
#[wasm_bindgen]
pub struct ClaimLensEngine {
    matcher: Matcher,
}

/// One mark of `ClaimLensEngine.annotate`.
#[derive(Serialize)]
struct MarkOut<'a> {
    block: usize,
    id: &'a str,
    start: (usize, u32),
    end: (usize, u32),
}

/// What `ClaimLensEngine.rules()` returns.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RulesOut {
    tags: &'static [&'static str],
    attributes: &'static [&'static str],
    blocks: &'static str,
    skip: &'static str,
    editable: &'static str,
    highlight_css: &'static str,
}

/// What `ClaimLensEngine.popover(text)` returns for a match.
#[derive(Serialize)]
struct PopoverOut<'a> {
    id: &'a str,
    score: f64,
    more: usize,
    view: view::Node,
}

#[wasm_bindgen]
impl ClaimLensEngine {
    /// Indexes the bundled claims.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Result<ClaimLensEngine, JsValue> {
        Ok(ClaimLensEngine {
            matcher: crate::bundled_matcher(),
        })
    }

    /// Matches, best first, in the shape of `ClaimLens.match`.
    #[wasm_bindgen(js_name = "match")]
    pub fn match_text(&self, text: &str) -> JsValue {
        matches_out(&self.matcher, &self.matcher.find(text))
    }

    /// The popover for the best match — `{ id, score, more, view }` — or
    /// `null` when nothing matches with confidence.
    pub fn popover(&self, text: &str) -> JsValue {
        let matches = self.matcher.find(text);
        let Some(best) = matches.first() else {
            return JsValue::NULL;
        };
        let claim = &self.matcher.claims()[best.claim];
        to_js(&PopoverOut {
            id: &claim.id,
            score: super::round3(best.score),
            more: matches.len() - 1,
            view: view::popover(claim, matches.len() - 1),
        })
    }

    /// The popover for claim `id` (an annotation mark's), or `null`.
    #[wasm_bindgen(js_name = "popoverFor")]
    pub fn popover_for(&self, id: &str) -> JsValue {
        let Some(claim) = self.matcher.claims().iter().find(|c| c.id == id) else {
            return JsValue::NULL;
        };
        to_js(&PopoverOut {
            id: &claim.id,
            score: 1.0,
            more: 0,
            view: view::popover(claim, 0),
        })
    }

    /// Annotation for the extension: `blocks` is an array of blocks, each an
    /// array of the texts of its text nodes in order. Returns the marks,
    /// `{ block, id, start: [node, offset], end: [node, offset] }`, with
    /// offsets in UTF-16 code units of those nodes, ready for `Range`s.
    pub fn annotate(&self, blocks: JsValue) -> Result<JsValue, JsValue> {
        let blocks: Vec<Vec<String>> = serde_wasm_bindgen::from_value(blocks)
            .map_err(|e| js_error("bad-argument", &e.to_string()))?;
        let mut marks = Vec::new();
        for (b, texts) in blocks.iter().enumerate() {
            for m in annotate_nodes(&self.matcher, texts) {
                let id = &self.matcher.claims()[m.claim].id;
                marks.push(MarkOut {
                    block: b,
                    id,
                    start: m.start,
                    end: m.end,
                });
            }
        }
        Ok(to_js(&marks))
    }

    /// Where to put a popover of `width`×`height` for a selection whose
    /// last line box is `anchor` (`{ top, bottom, left }`), in a viewport of
    /// `vw`×`vh`: `{ top, left, maxHeight? }`.
    pub fn place(
        anchor: JsValue,
        width: f64,
        height: f64,
        vw: f64,
        vh: f64,
    ) -> Result<JsValue, JsValue> {
        let anchor: view::Rect = serde_wasm_bindgen::from_value(anchor)
            .map_err(|e| js_error("bad-argument", &e.to_string()))?;
        Ok(to_js(&view::place(anchor, width, height, vw, vh)))
    }

    /// What a content script needs to read a page and draw a popover the
    /// way the web layer does: `{ tags, attributes, blocks, skip, editable,
    /// highlightCss }` (see [`crate::view`]), so the lists live in one place.
    pub fn rules() -> JsValue {
        to_js(&RulesOut {
            tags: view::ALLOWED_TAGS,
            attributes: view::ALLOWED_ATTRIBUTES,
            blocks: view::BLOCKS,
            skip: view::SKIP,
            editable: view::EDITABLE,
            highlight_css: view::HIGHLIGHT_CSS,
        })
    }

    /// The popover's stylesheet, for a constructable stylesheet.
    pub fn css() -> String {
        view::CSS.to_string()
    }

    /// Adds (or, with `replace`, swaps in) claims from a database: JSON text
    /// or a parsed object. Returns `{ loaded, skipped, total }`; throws a
    /// `ClaimLensError` and keeps the current claims on bad input.
    pub fn load(&mut self, input: JsValue, replace: bool) -> Result<JsValue, JsValue> {
        let doc = match input.as_string() {
            Some(text) => {
                loader::parse_text(&text).map_err(|e| loader::error_for("database", &e))?
            }
            None => input,
        };
        let loaded = loader::records_of(&doc)
            .and_then(claims_from_records)
            .map_err(|e| loader::error_for("database", &e))?;
        let (claims, result) =
            loader::combine(self.matcher.claims().to_vec(), loaded, replace, "database");
        self.matcher = Matcher::new(claims);
        Ok(to_js(&result))
    }

    /// Every loaded claim, in the shape of `ClaimLens.claims()`.
    pub fn claims(&self) -> JsValue {
        super::claims_out(&self.matcher)
    }
}
