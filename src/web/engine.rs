//! The matching engine for contexts without a page: the browser
//! extension's service worker (or event page) runs the wasm there, because
//! a page's CSP may forbid compiling wasm in a content script. The content
//! script sends the selection's text; the engine answers with the popover's
//! view tree ([`crate::view`]), which the content script renders with the
//! same `dom.js` as the widget. Every rule and constant the content script
//! needs comes from [`ClaimLensEngine::rules`].

use super::guard;
use super::js::{self, error, strings, ErrorCode, Obj};
use super::loader;
use super::types::{Blocks, ClaimInfos, ClaimMatches, DatabaseInput, EngineMarks, LoadResultValue, MaybePopover, Rules};
use crate::view;
use claimlens_core::anchor::annotate_nodes;
use claimlens_core::matching::PageContext;
use claimlens_core::matching::Matcher;
use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// `new ClaimLensEngine()`: the bundled claims, indexed.
#[wasm_bindgen]
pub struct ClaimLensEngine {
    matcher: Matcher,
}

#[wasm_bindgen]
impl ClaimLensEngine {
    /// The bundled claims.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Result<ClaimLensEngine, JsValue> {
        guard::install();
        let matcher = Matcher::from_bytes(crate::BUNDLED_INDEX)
            .ok_or_else(|| error(ErrorCode::Internal, "the bundled index does not read back"))?;
        Ok(ClaimLensEngine { matcher })
    }

    /// Matches, best first, in the shape of `ClaimLens.match`. `page` is
    /// what the page says it is about (`pageTopic` in `dom.js`); without
    /// it, generic references count for no one in particular.
    #[wasm_bindgen(js_name = "match")]
    pub fn match_text(&self, text: &str, page: Option<String>) -> ClaimMatches {
        let claims = self.matcher.claims();
        self.matcher
            .find_on(text, &self.page(page))
            .iter()
            .map(|m| js::claim(&claims[m.claim], Some(m.score)))
            .collect::<Array>()
            .unchecked_into()
    }

    /// The popover for the best match — `{ id, score, more, view }` — or
    /// `null` when nothing matches with confidence. `page` as for `match`.
    pub fn popover(&self, text: &str, page: Option<String>) -> MaybePopover {
        let matches = self.matcher.find_on(text, &self.page(page));
        let Some(best) = matches.first() else {
            return JsValue::NULL.unchecked_into();
        };
        let claim = &self.matcher.claims()[best.claim];
        let more = matches.len() - 1;
        popover_out(claim, js::round3(best.score), more)
    }

    /// The popover for claim `id` (an annotation mark's), or `null`.
    #[wasm_bindgen(js_name = "popoverFor")]
    pub fn popover_for(&self, id: &str) -> MaybePopover {
        match self.matcher.claims().iter().find(|c| c.id == id) {
            Some(claim) => popover_out(claim, 1.0, 0),
            None => JsValue::NULL.unchecked_into(),
        }
    }

    /// Annotation for the extension: `blocks` holds each block's text node
    /// texts in order; returns the marks with offsets in UTF-16 code units
    /// of those nodes, ready for `Range`s. `page` as for `match`.
    pub fn annotate(&self, blocks: Blocks, page: Option<String>) -> Result<EngineMarks, JsValue> {
        let page = self.page(page);
        let blocks: JsValue = blocks.into();
        if !Array::is_array(&blocks) {
            return Err(error(ErrorCode::BadArgument, "annotate needs an array of blocks"));
        }
        let out = Array::new();
        for (b, block) in Array::from(&blocks).iter().enumerate() {
            let texts: Vec<String> = if Array::is_array(&block) {
                Array::from(&block).iter().map(|t| t.as_string().unwrap_or_default()).collect()
            } else {
                Vec::new()
            };
            for m in annotate_nodes(&self.matcher, &texts, &page) {
                let pair = |(node, at): (usize, u32)| Array::of2(&(node as u32).into(), &at.into());
                out.push(
                    &Obj::new()
                        .set("block", b as u32)
                        .set("id", self.matcher.claims()[m.claim].id.as_str())
                        .set("start", pair(m.start))
                        .set("end", pair(m.end))
                        .build(),
                );
            }
        }
        Ok(out.unchecked_into())
    }

    /// The matcher's reading of a page topic.
    fn page(&self, topic: Option<String>) -> PageContext {
        self.matcher.page_context(topic.as_deref().unwrap_or(""))
    }

    /// Every rule and constant a content script needs to read a page and
    /// draw a popover the way the widget does.
    pub fn rules() -> Rules {
        js::rules().unchecked_into()
    }

    /// Adds (or, with `replace`, swaps in) claims from a database: JSON
    /// text, a parsed object, or a packed index. Returns `{ loaded,
    /// skipped, total }`; throws a `ClaimLensError` and keeps the current
    /// claims on bad input.
    pub fn load(&mut self, input: DatabaseInput, replace: bool) -> Result<LoadResultValue, JsValue> {
        let input: JsValue = input.into();
        let (matcher, result) = loader::load_now(&self.matcher, &input, replace).map_err(|e| {
            let message = format!("database: {e}; keeping the claims already loaded");
            js::console_error(&message);
            error((&e).into(), &message)
        })?;
        self.matcher = matcher;
        Ok(result.unchecked_into())
    }

    /// Every loaded claim, in the shape of `ClaimLens.claims()`.
    pub fn claims(&self) -> ClaimInfos {
        self.matcher
            .claims()
            .iter()
            .map(|c| js::claim(c, None))
            .collect::<Array>()
            .unchecked_into()
    }

    /// The ids of the loaded claims (cheap, for the options page).
    #[wasm_bindgen(unchecked_return_type = "string[]")]
    pub fn ids(&self) -> Array {
        strings(self.matcher.claims().iter().map(|c| c.id.as_str()))
    }
}

fn popover_out(claim: &claimlens_core::model::Claim, score: f64, more: usize) -> MaybePopover {
    Obj::new()
        .set("id", claim.id.as_str())
        .set("score", score)
        .set("more", more as u32)
        .set("view", js::view(&view::popover(claim, more)))
        .build()
        .unchecked_into()
}
