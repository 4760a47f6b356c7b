//! The fact-check popover: a host element with a shadow root, built node by
//! node with `textContent` (no string from a page or a database is ever
//! parsed as HTML), styled by a constructable stylesheet inside the shadow
//! root so the page's CSS cannot reach in and ours cannot leak out.

use crate::claims::{is_http_url, Claim, Verdict};
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
    anchor: Range,
    claim_id: String,
    text: String,
    _close: gloo::events::EventListener,
}

/// The icon shown beside each verdict label, so the verdict never relies on
/// colour alone.
fn icon(v: Verdict) -> &'static str {
    match v {
        Verdict::Accurate => "✓",
        Verdict::MostlyAccurate => "✓",
        Verdict::NeedsContext => "!",
        Verdict::Disputed => "⇄",
        Verdict::Inaccurate => "✗",
        Verdict::Unverifiable => "?",
        Verdict::Opinion => "❝",
    }
}

/// The popover's styles. Publishers theme it with the `--claimlens-*`
/// custom properties documented in the README; they inherit into the
/// shadow root from the page.
const CSS: &str = r#"
:host { all: initial; }
.card {
  --bg: var(--claimlens-bg, #ffffff);
  --fg: var(--claimlens-fg, #1b1b1b);
  --muted: var(--claimlens-muted, #545454);
  --border: var(--claimlens-border, #c9c9c9);
  --link: var(--claimlens-link, #0b57a4);
  box-sizing: border-box;
  width: 100%;
  max-height: var(--claimlens-max-height, min(70vh, 560px));
  overflow: auto;
  margin: 0;
  padding: 14px 16px 12px;
  background: var(--bg);
  color: var(--fg);
  border: 1px solid var(--border);
  border-radius: var(--claimlens-radius, 10px);
  box-shadow: 0 6px 24px rgba(0, 0, 0, 0.18);
  font: normal 400 15px/1.45 var(--claimlens-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  text-align: left;
  letter-spacing: normal;
  word-wrap: break-word;
  animation: claimlens-in 120ms ease-out;
}
@keyframes claimlens-in { from { opacity: 0; transform: translateY(4px); } to { opacity: 1; transform: none; } }
@media (prefers-reduced-motion: reduce) { .card { animation: none; } }
:host([data-theme="dark"]) .card {
  --bg: var(--claimlens-bg, #1f2023);
  --fg: var(--claimlens-fg, #f1f1f1);
  --muted: var(--claimlens-muted, #bdbdbd);
  --border: var(--claimlens-border, #4a4b50);
  --link: var(--claimlens-link, #8cc4ff);
}
@media (prefers-color-scheme: dark) {
  :host([data-theme="auto"]) .card {
    --bg: var(--claimlens-bg, #1f2023);
    --fg: var(--claimlens-fg, #f1f1f1);
    --muted: var(--claimlens-muted, #bdbdbd);
    --border: var(--claimlens-border, #4a4b50);
    --link: var(--claimlens-link, #8cc4ff);
  }
}
header { display: flex; align-items: center; gap: 8px; margin: 0 0 10px; }
.verdict {
  display: inline-flex; align-items: center; gap: 6px;
  padding: 3px 10px; border-radius: 999px;
  font-weight: 700; font-size: 14px; color: #ffffff; background: #4a4a4a;
}
.verdict .icon { font-size: 14px; line-height: 1; }
.verdict.accurate { background: var(--claimlens-accurate, #17663a); }
.verdict.mostly-accurate { background: var(--claimlens-mostly-accurate, #3d6b10); }
.verdict.needs-context { background: var(--claimlens-needs-context, #8a5300); }
.verdict.disputed { background: var(--claimlens-disputed, #8f3b00); }
.verdict.inaccurate { background: var(--claimlens-inaccurate, #a3202a); }
.verdict.unverifiable { background: var(--claimlens-unverifiable, #4b4b6b); }
.verdict.opinion { background: var(--claimlens-opinion, #3a4d8c); }
.brand { color: var(--muted); font-size: 12px; margin-left: auto; }
button.close {
  all: unset; cursor: pointer; color: var(--muted); font-size: 20px; line-height: 1;
  padding: 2px 6px; border-radius: 6px;
}
button.close:focus-visible, a:focus-visible { outline: 2px solid var(--link); outline-offset: 2px; }
.label { margin: 10px 0 4px; color: var(--muted); font-size: 12px; font-weight: 700; text-transform: uppercase; letter-spacing: 0.04em; }
blockquote { margin: 0; padding: 0 0 0 10px; border-left: 3px solid var(--border); font-style: italic; }
.context { margin: 0; }
ul { margin: 0; padding: 0 0 0 18px; }
li { margin: 2px 0; }
a { color: var(--link); text-decoration: underline; }
.meta { color: var(--muted); font-size: 13px; }
.checked { margin: 10px 0 0; color: var(--muted); font-size: 12px; }
.more { margin: 8px 0 0; font-size: 13px; font-weight: 600; }
"#;

impl Popover {
    /// Builds and shows the popover for `claim`, anchored to `anchor`.
    /// `more` is how many other claims the selection holds.
    pub fn open(
        doc: &Document,
        claim: &Claim,
        more: usize,
        anchor: Range,
        text: String,
        theme: Theme,
    ) -> Result<Popover, JsValue> {
        let host: HtmlElement = doc.create_element(HOST_TAG)?.dyn_into()?;
        host.set_attribute("data-claim-id", &claim.id)?;
        host.set_attribute("data-theme", theme.as_str())?;
        // Inline !important beats any page rule on the host element.
        let style = host.style();
        for (prop, value) in [
            ("all", "initial"),
            ("display", "block"),
            ("position", "fixed"),
            ("z-index", "2147483647"),
            ("top", "0px"),
            ("left", "0px"),
            ("width", "min(380px, calc(100vw - 16px))"),
            ("visibility", "hidden"),
        ] {
            style.set_property_with_priority(prop, value, "important")?;
        }
        let shadow = host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?;
        adopt_styles(doc, &shadow)?;

        // Creates a child element with an optional class and text, appended to `parent`.
        let add = |parent: &Element,
                   tag: &str,
                   class: &str,
                   text: Option<&str>|
         -> Result<Element, JsValue> {
            let e = doc.create_element(tag)?;
            if !class.is_empty() {
                e.set_attribute("class", class)?;
            }
            if let Some(t) = text {
                e.set_text_content(Some(t));
            }
            parent.append_child(&e)?;
            Ok(e)
        };

        let card = doc.create_element("section")?;
        card.set_attribute("class", "card")?;
        card.set_attribute("role", "dialog")?;
        card.set_attribute(
            "aria-label",
            &format!("Fact-check: {}", claim.verdict_label),
        )?;

        let header = add(&card, "header", "", None)?;
        let verdict = add(
            &header,
            "span",
            &format!("verdict {}", claim.verdict.slug()),
            None,
        )?;
        add(&verdict, "span", "icon", Some(icon(claim.verdict)))?
            .set_attribute("aria-hidden", "true")?;
        add(
            &verdict,
            "span",
            "verdict-label",
            Some(&claim.verdict_label),
        )?;
        add(&header, "span", "brand", Some("ClaimLens fact-check"))?;
        let close = add(&header, "button", "close", Some("×"))?;
        close.set_attribute("type", "button")?;
        close.set_attribute("aria-label", "Close fact-check")?;

        add(&card, "p", "label", Some("The claim"))?;
        let stated = claim.quote.as_deref().unwrap_or(&claim.claim_reviewed);
        add(&card, "blockquote", "quote", Some(stated))?;
        if !claim.context.is_empty() {
            add(&card, "p", "label", Some("Context"))?;
            add(&card, "p", "context", Some(&claim.context))?;
        }
        let links: Vec<_> = claim
            .sources
            .iter()
            .filter(|s| is_http_url(&s.url))
            .collect();
        if !links.is_empty() {
            add(&card, "p", "label", Some("Sources"))?;
            let list = add(&card, "ul", "sources", None)?;
            for s in links {
                let item = add(&list, "li", "", None)?;
                let a = add(&item, "a", "", Some(&s.title))?;
                a.set_attribute("href", &s.url)?;
                a.set_attribute("target", "_blank")?;
                a.set_attribute("rel", "noopener noreferrer")?;
                let meta = [
                    s.publisher.as_str(),
                    if s.date == "n.d." {
                        ""
                    } else {
                        s.date.as_str()
                    },
                ]
                .into_iter()
                .filter(|m| !m.is_empty())
                .collect::<Vec<_>>()
                .join(", ");
                if !meta.is_empty() {
                    item.append_child(&doc.create_text_node(" "))?;
                    add(&item, "span", "meta", Some(&format!("({meta})")))?;
                }
            }
        }
        let by = if claim.reviewed_by.is_empty() {
            "the publisher".to_string()
        } else {
            claim.reviewed_by.clone()
        };
        let checked = if claim.review_date.is_empty() {
            format!("Checked by {by}")
        } else {
            format!("Checked by {by} on {}", claim.review_date)
        };
        add(&card, "p", "checked", Some(&checked))?;
        if more > 0 {
            let s = if more == 1 { "claim" } else { "claims" };
            add(
                &card,
                "p",
                "more",
                Some(&format!("+{more} more {s} in your selection")),
            )?;
        }
        shadow.append_child(&card)?;

        let close_listener =
            gloo::events::EventListener::new(&close, "click", |_| super::close_popover());
        doc.body()
            .ok_or_else(|| super::js_error("no-body", "the page has no body"))?
            .append_child(&host)?;
        let popover = Popover {
            host,
            anchor,
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

    /// Places the popover under the last line of the selection, or above
    /// the selection when only that side has room; when neither side has
    /// room for all of it, it takes the roomier side and scrolls inside.
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
        let (bottom, top_edge, left_edge) = self.anchor_rect().unwrap_or((vh / 2.0, vh / 2.0, 8.0));
        let card = self.host.get_bounding_client_rect();
        let (w, h) = (card.width(), card.height());
        const GAP: f64 = 8.0;
        let below = vh - bottom - 2.0 * GAP;
        let above = top_edge - 2.0 * GAP;
        let (top, max_h) = if h <= below {
            (bottom + GAP, None)
        } else if h <= above {
            (top_edge - GAP - h, None)
        } else if below >= above {
            (bottom + GAP, Some(below))
        } else {
            (GAP, Some(above))
        };
        if let Some(m) = max_h {
            let _ = style.set_property("--claimlens-max-height", &px(m.max(120.0)));
        }
        let left = left_edge.clamp(GAP, (vw - w - GAP).max(GAP));
        let _ = style.set_property_with_priority("top", &px(top), "important");
        let _ = style.set_property_with_priority("left", &px(left), "important");
    }

    /// (bottom, top, left) of the selection's last line box.
    fn anchor_rect(&self) -> Option<(f64, f64, f64)> {
        let rects = self.anchor.get_client_rects()?;
        let last = (0..rects.length())
            .rev()
            .filter_map(|i| rects.get(i))
            .find(|r| r.width() > 0.0 && r.height() > 0.0)
            .or_else(|| {
                Some(self.anchor.get_bounding_client_rect()).filter(|r| r.height() > 0.0)
            })?;
        Some((last.bottom(), last.top(), last.left()))
    }

    /// Takes the popover off the page.
    pub fn remove(self) {
        self.host.remove();
    }
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
