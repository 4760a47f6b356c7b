//! What the fact-check popover shows, as a tree of plain nodes: the one
//! description of the popover, rendered by the web layer with web-sys (the
//! script tag) and by the browser extension's content script, which has no
//! wasm of its own (pages' CSP may forbid compiling it there) and receives
//! this tree from the extension's wasm.
//!
//! Nodes carry text, never markup: every renderer sets `textContent`, and
//! only the tags and attributes listed in [`ALLOWED_TAGS`] and
//! [`ALLOWED_ATTRIBUTES`] occur.

use crate::claims::{is_http_url, Claim, Verdict};
use serde::Serialize;

/// One element of the popover.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Node {
    pub tag: &'static str,
    /// `(name, value)` pairs, names from [`ALLOWED_ATTRIBUTES`].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attrs: Vec<(&'static str, String)>,
    /// Text content, set as text (never parsed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Node>,
}

/// The only tags a popover contains.
pub const ALLOWED_TAGS: &[&str] = &[
    "section",
    "header",
    "span",
    "button",
    "p",
    "blockquote",
    "ul",
    "li",
    "a",
];
/// The only attributes a popover sets (`href` only ever http(s)).
pub const ALLOWED_ATTRIBUTES: &[&str] = &[
    "class",
    "role",
    "aria-label",
    "aria-hidden",
    "aria-live",
    "type",
    "href",
    "target",
    "rel",
    "tabindex",
];

/// Where the widget reads a page, as CSS selectors shared by every
/// renderer (the web layer and the extension's content script, which asks
/// the engine for them): elements that make a block of text (a claim is
/// looked for inside one)…
pub const BLOCKS: &str = "p, li, h1, h2, h3, h4, h5, h6, blockquote, td, th, dd, dt, figcaption, caption, pre, address, \
                          article, section, aside, main, header, footer, nav, div, form, fieldset, details, summary, body";
/// …text that is not the page's prose…
pub const SKIP: &str = "script, style, noscript, template, textarea, input, select, option, \
                        [contenteditable]:not([contenteditable=\"false\"]), claimlens-popover";
/// …and elements whose own text the reader edits: selections there are not
/// claims on the page.
pub const EDITABLE: &str =
    "input, textarea, select, [contenteditable]:not([contenteditable=\"false\"])";
/// The one page-level rule annotation mode adds: it styles only ClaimLens's
/// own highlight.
pub const HIGHLIGHT_CSS: &str =
    "::highlight(claimlens) { background-color: rgba(255, 196, 0, 0.35); \
                                 text-decoration: underline dotted rgba(120, 80, 0, 0.9); }";

impl Node {
    fn new(tag: &'static str, class: &str) -> Node {
        let attrs = if class.is_empty() {
            vec![]
        } else {
            vec![("class", class.to_string())]
        };
        Node {
            tag,
            attrs,
            text: None,
            children: vec![],
        }
    }

    fn text(mut self, text: impl Into<String>) -> Node {
        self.text = Some(text.into());
        self
    }

    fn attr(mut self, name: &'static str, value: impl Into<String>) -> Node {
        self.attrs.push((name, value.into()));
        self
    }

    fn child(mut self, node: Node) -> Node {
        self.children.push(node);
        self
    }

    /// Depth-first walk, for checks.
    pub fn walk(&self, f: &mut impl FnMut(&Node)) {
        f(self);
        for c in &self.children {
            c.walk(f);
        }
    }
}

/// The icon shown beside each verdict label, so the verdict never relies on
/// colour alone.
pub fn icon(v: Verdict) -> &'static str {
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

/// The popover for `claim`; `more` is how many other claims the same
/// selection holds.
pub fn popover(claim: &Claim, more: usize) -> Node {
    let verdict = Node::new("span", &format!("verdict {}", claim.verdict.slug()))
        .child(
            Node::new("span", "icon")
                .attr("aria-hidden", "true")
                .text(icon(claim.verdict)),
        )
        .child(Node::new("span", "verdict-label").text(claim.verdict_label.as_str()));
    let header = Node::new("header", "")
        .child(verdict)
        .child(Node::new("span", "brand").text("ClaimLens fact-check"))
        .child(
            Node::new("button", "close")
                .attr("type", "button")
                .attr("aria-label", "Close fact-check")
                .text("×"),
        );
    let mut card = Node::new("section", "card")
        .attr("role", "dialog")
        .attr("tabindex", "-1")
        .attr("aria-label", format!("Fact-check: {}", claim.verdict_label))
        .child(header)
        .child(Node::new("p", "label").text("The claim"))
        .child(
            Node::new("blockquote", "quote")
                .text(claim.quote.as_deref().unwrap_or(&claim.claim_reviewed)),
        );
    if !claim.context.is_empty() {
        card = card
            .child(Node::new("p", "label").text("Context"))
            .child(Node::new("p", "context").text(claim.context.as_str()));
    }
    let links: Vec<_> = claim
        .sources
        .iter()
        .filter(|s| is_http_url(&s.url))
        .collect();
    if !links.is_empty() {
        let mut list = Node::new("ul", "sources");
        for s in links {
            let mut item = Node::new("li", "").child(
                Node::new("a", "")
                    .attr("href", s.url.as_str())
                    .attr("target", "_blank")
                    .attr("rel", "noopener noreferrer")
                    .text(s.title.as_str()),
            );
            let date = if s.date == "n.d." {
                ""
            } else {
                s.date.as_str()
            };
            let meta: Vec<&str> = [s.publisher.as_str(), date]
                .into_iter()
                .filter(|m| !m.is_empty())
                .collect();
            if !meta.is_empty() {
                item =
                    item.child(Node::new("span", "meta").text(format!(" ({})", meta.join(", "))));
            }
            list = list.child(item);
        }
        card = card
            .child(Node::new("p", "label").text("Sources"))
            .child(list);
    }
    let by = if claim.reviewed_by.is_empty() {
        "the publisher"
    } else {
        claim.reviewed_by.as_str()
    };
    let checked = if claim.review_date.is_empty() {
        format!("Checked by {by}")
    } else {
        format!("Checked by {by} on {}", claim.review_date)
    };
    card = card.child(Node::new("p", "checked").text(checked));
    if more > 0 {
        let noun = if more == 1 { "claim" } else { "claims" };
        card = card
            .child(Node::new("p", "more").text(format!("+{more} more {noun} in your selection")));
    }
    card
}

/// Where the popover goes, in viewport pixels, given the selection's last
/// line box and the popover's size: under the line, or above the selection
/// when only that side has room; when neither side has room for all of it,
/// the roomier side, with `max_height` so the card scrolls. A selection
/// made by touch keeps the popover below whenever a useful height fits
/// there, so it never covers the phone's own copy menu above the selection.
pub fn place(anchor: Rect, width: f64, height: f64, viewport_w: f64, viewport_h: f64) -> Placement {
    const GAP: f64 = 8.0;
    const MIN_HEIGHT: f64 = 120.0;
    let below = viewport_h - anchor.bottom - 2.0 * GAP;
    let above = anchor.top - 2.0 * GAP;
    let (top, max_height) = if height <= below {
        (anchor.bottom + GAP, None)
    } else if anchor.touch && below >= MIN_HEIGHT {
        (anchor.bottom + GAP, Some(below))
    } else if height <= above {
        (anchor.top - GAP - height, None)
    } else if below >= above {
        (anchor.bottom + GAP, Some(below.max(MIN_HEIGHT)))
    } else {
        (GAP, Some(above.max(MIN_HEIGHT)))
    };
    let left = anchor.left.clamp(GAP, (viewport_w - width - GAP).max(GAP));
    Placement {
        top: top.round(),
        left: left.round(),
        max_height: max_height.map(f64::round),
    }
}

/// The selection, in viewport pixels, for [`place`].
#[derive(Debug, Clone, Copy, PartialEq, serde::Deserialize)]
pub struct Rect {
    /// Top of the selection's first line (the popover goes above this).
    pub top: f64,
    /// Bottom of its last line (the popover goes below this).
    pub bottom: f64,
    /// Left edge of its last line.
    pub left: f64,
    /// The selection was made by touch (see [`place`]).
    #[serde(default)]
    pub touch: bool,
}

/// The popover's place (see [`place`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Placement {
    pub top: f64,
    pub left: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_height: Option<f64>,
}

/// The popover's styles. Publishers theme it with the `--claimlens-*`
/// custom properties documented in the README; they inherit into the
/// shadow root from the page.
pub const CSS: &str = r#"
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
  display: inline-flex; align-items: center; gap: 6px; white-space: nowrap; flex: none;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::{Source, Verdict};

    fn claim(sources: Vec<Source>) -> Claim {
        Claim {
            id: "x".into(),
            quote: Some("<img src=x onerror=alert(1)>".into()),
            claim_reviewed: "c".into(),
            verdict: Verdict::Disputed,
            verdict_label: "Disputed".into(),
            context: "Some context.".into(),
            sources,
            kind: None,
            variants: vec![],
            reviewed_by: "Desk".into(),
            review_date: "2026-01-02".into(),
            review_url: None,
            claim_author: None,
            claim_date: None,
            appearance_url: None,
        }
    }

    fn source(url: &str) -> Source {
        Source {
            title: "T".into(),
            publisher: "P".into(),
            url: url.into(),
            date: "n.d.".into(),
        }
    }

    #[test]
    fn only_allowed_tags_and_attributes_and_http_links() {
        let view = popover(
            &claim(vec![
                source("https://ok.example/"),
                source("javascript:alert(1)"),
            ]),
            2,
        );
        let mut hrefs = vec![];
        view.walk(&mut |n| {
            assert!(ALLOWED_TAGS.contains(&n.tag), "{}", n.tag);
            for (name, value) in &n.attrs {
                assert!(ALLOWED_ATTRIBUTES.contains(name), "{name}");
                if *name == "href" {
                    hrefs.push(value.clone());
                }
            }
        });
        assert_eq!(hrefs, ["https://ok.example/"]);
    }

    #[test]
    fn markup_in_data_stays_text() {
        let view = popover(&claim(vec![]), 0);
        let mut texts = vec![];
        view.walk(&mut |n| texts.extend(n.text.clone()));
        assert!(texts.contains(&"<img src=x onerror=alert(1)>".to_string()));
    }

    #[test]
    fn verdict_is_text_and_icon_not_colour_alone() {
        let view = popover(&claim(vec![]), 0);
        let mut label = None;
        view.walk(&mut |n| {
            if n.attrs
                .iter()
                .any(|(k, v)| *k == "class" && v == "verdict-label")
            {
                label = n.text.clone();
            }
        });
        assert_eq!(label.as_deref(), Some("Disputed"));
        assert_eq!(
            view.attrs
                .iter()
                .find(|(k, _)| *k == "aria-label")
                .unwrap()
                .1,
            "Fact-check: Disputed"
        );
    }

    #[test]
    fn more_claims_are_announced() {
        let mut texts = vec![];
        popover(&claim(vec![]), 2).walk(&mut |n| texts.extend(n.text.clone()));
        assert!(texts.contains(&"+2 more claims in your selection".to_string()));
    }

    #[test]
    fn placement_prefers_below_then_above_then_the_roomier_side() {
        let line = Rect {
            top: 100.0,
            bottom: 120.0,
            left: 50.0,
            touch: false,
        };
        assert_eq!(
            place(line, 300.0, 200.0, 1000.0, 800.0),
            Placement {
                top: 128.0,
                left: 50.0,
                max_height: None
            }
        );
        let low = Rect {
            top: 700.0,
            bottom: 720.0,
            left: 900.0,
            touch: false,
        };
        let p = place(low, 300.0, 200.0, 1000.0, 800.0);
        assert_eq!(
            (p.top, p.left, p.max_height),
            (492.0, 692.0, None),
            "flips above and shifts left"
        );
        let mid = Rect {
            top: 380.0,
            bottom: 400.0,
            left: 0.0,
            touch: false,
        };
        let p = place(mid, 300.0, 700.0, 1000.0, 800.0);
        assert_eq!(
            (p.top, p.left, p.max_height),
            (408.0, 8.0, Some(384.0)),
            "scrolls on the roomier side"
        );
        let touch_low = Rect {
            top: 560.0,
            bottom: 580.0,
            left: 0.0,
            touch: true,
        };
        let p = place(touch_low, 300.0, 400.0, 360.0, 800.0);
        assert_eq!(
            (p.top, p.max_height),
            (588.0, Some(204.0)),
            "touch stays below, scrolling"
        );
        let mouse_low = Rect {
            touch: false,
            ..touch_low
        };
        assert_eq!(
            place(mouse_low, 300.0, 400.0, 360.0, 800.0).top,
            152.0,
            "a mouse selection flips above"
        );
    }
}
