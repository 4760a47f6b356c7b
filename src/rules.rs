//! Every constant and rule the widget and the browser extension share:
//! how a page is read, the timings of selection handling, the popover's
//! host element, its layout and its stylesheet. The web layer uses them
//! directly; the extension's content script asks the engine for them
//! (`ClaimLensEngine.rules()`), so each lives here once.

/// The tag of the popover's host element; a custom-element name, so page
/// rules written for `div` or `aside` do not match it.
pub const HOST_TAG: &str = "claimlens-popover";
/// The tag of the polite live region that announces a popover.
pub const LIVE_TAG: &str = "claimlens-live";
/// The fallback annotation mark's element (without the Highlight API).
pub const MARK_TAG: &str = "claimlens-mark";
/// The highlight's name in `CSS.highlights`.
pub const HIGHLIGHT_NAME: &str = "claimlens";

/// How long a selection must stay unchanged before it is matched, in ms.
pub const SETTLE_MS: u32 = 250;
/// How soon after the pointer is released a selection is matched, in ms.
pub const RELEASE_MS: u32 = 60;
/// Pointer moves closer together than this (ms) are not looked at.
pub const MOVE_EVERY_MS: u32 = 40;
/// How long a hover popover stays after the pointer leaves it, in ms
/// (WCAG 1.4.13: the pointer can cross the gap to the popover).
pub const HOVER_GRACE_MS: u32 = 400;
/// How long the page must be quiet after a change before annotation reads
/// it again, in ms.
pub const REREAD_MS: u32 = 300;

/// Elements that make a block of text (a claim is looked for inside one).
pub const BLOCKS: &str = "p, li, h1, h2, h3, h4, h5, h6, blockquote, td, th, dd, dt, figcaption, caption, pre, address, \
                          article, section, aside, main, header, footer, nav, div, form, fieldset, details, summary, body";
/// Text that is not the page's prose.
pub const SKIP: &str = "script, style, noscript, template, textarea, input, select, option, \
                        [contenteditable]:not([contenteditable=\"false\"]), claimlens-popover, claimlens-live";
/// Where a page says what it is about, besides its title: the claims'
/// actors named here let generic references ("the regime") stand for
/// them, and other names make them someone else.
pub const PAGE_TOPIC: &str = "h1, h2, meta[property=\"og:title\"]";
/// At most this much of the title and headings is read for the topic.
pub const MAX_PAGE_TOPIC_CHARS: u32 = 2_000;
/// Elements whose own text the reader edits: selections there are not
/// claims on the page.
pub const EDITABLE: &str = "input, textarea, select, [contenteditable]:not([contenteditable=\"false\"])";

/// The marks' colour, for the highlight and for the fallback marks alike.
macro_rules! mark_background {
    () => {
        "rgba(255, 196, 0, 0.35)"
    };
}
/// The attribute annotation mode puts on each element whose own text a
/// mark covers (and takes away with the mark), so that the highlight rule
/// can name them.
macro_rules! marked_attr {
    () => {
        "data-claimlens-marked"
    };
}
/// The attribute on each element holding marked text (see [`HIGHLIGHT_CSS`]).
pub const MARKED_ATTR: &str = marked_attr!();
/// The one page-level rule annotation mode adds: it styles only ClaimLens's
/// own highlight, and only in the elements holding marked text. A bare
/// `::highlight(claimlens)` rule would match every element, and adopting
/// it makes the browser restyle the whole document: 40–70 ms on a
/// 27,000-node page (`make bench`, large page), against a few ms for the
/// attribute-scoped rule.
pub const HIGHLIGHT_CSS: &str = concat!(
    "[",
    marked_attr!(),
    "]::highlight(claimlens) { background-color: ",
    mark_background!(),
    "; text-decoration: underline dotted rgba(120, 80, 0, 0.9); }"
);
/// The fallback marks' own style (inline, as they sit in the page's DOM).
pub const MARK_STYLE: &[(&str, &str)] = &[
    ("background-color", mark_background!()),
    ("cursor", "help"),
    ("color", "inherit"),
];

/// The popover host's own layout, set inline with `!important` after
/// `all: initial`; it starts hidden until it is placed.
pub const HOST_LAYOUT: &[(&str, &str)] = &[
    ("display", "block"),
    ("position", "fixed"),
    ("z-index", "2147483647"),
    ("top", "0px"),
    ("left", "0px"),
    ("width", "min(380px, calc(100vw - 16px))"),
    ("visibility", "hidden"),
];
/// The live region host's layout: visually hidden, still read aloud.
pub const LIVE_LAYOUT: &[(&str, &str)] = &[
    ("position", "fixed"),
    ("width", "1px"),
    ("height", "1px"),
    ("overflow", "hidden"),
    ("clip-path", "inset(50%)"),
    ("white-space", "nowrap"),
];

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
