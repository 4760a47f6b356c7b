//! What the fact-check popover shows, as a tree of plain nodes: the one
//! description of the popover. Both renderers draw it with `src/dom.js`:
//! the widget's web layer, and the browser extension's content script,
//! which has no wasm of its own (pages' CSP may forbid compiling it there)
//! and receives this tree from the extension's wasm.
//!
//! Nodes carry text, never markup: the renderer sets `textContent`, and
//! only the tags and attributes listed in [`ALLOWED_TAGS`] and
//! [`ALLOWED_ATTRIBUTES`] occur.

use claimlens_core::model::{is_http_url, Claim, Verdict};

/// One element of the popover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The element's tag, from [`ALLOWED_TAGS`].
    pub tag: &'static str,
    /// `(name, value)` pairs, names from [`ALLOWED_ATTRIBUTES`].
    pub attrs: Vec<(&'static str, String)>,
    /// Text content, set as text (never parsed).
    pub text: Option<String>,
    /// The child elements, in order.
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
            Node::new("blockquote", "quote").text(claim.text()),
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

#[cfg(test)]
mod tests {
    use super::*;
    use claimlens_core::model::{Source, Verdict};

    fn claim(sources: Vec<Source>) -> Claim {
        Claim {
            id: "x".into(),
            quote: Some("<img src=x onerror=alert(1)>".into()),
            claim_reviewed: "c".into(),
            verdict: Verdict::Disputed,
            verdict_label: "Disputed".into(),
            context: "Some context.".into(),
            sources,
            reviewed_by: "Desk".into(),
            review_date: "2026-01-02".into(),
            ..Claim::default()
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
}
