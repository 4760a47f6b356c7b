// The DOM side of the popover and of reading a page, shared by the two
// renderers: the widget's web layer imports it through wasm-bindgen (see
// src/web/dom.rs), and the extension's content script, which has no wasm
// of its own (a page's CSP may forbid compiling it there), is bundled with
// it. What the popover says, its allow-lists, its styles and every
// constant come from the engine (src/view.rs, src/rules.rs); this file
// only builds, styles and places elements.
//
// Nothing here parses HTML: every string becomes text or an attribute
// value, and only the tags and attributes the engine allows are created.

/**
 * A view node (from the engine) as DOM: allowed elements and attributes
 * only, text as text, links only to http(s).
 * @param {Document} doc
 * @param {{tag: string, attrs?: [string, string][], text?: string, children?: object[]}} node
 * @param {{tags: string[], attributes: string[]}} rules
 * @returns {Node}
 */
export function render(doc, node, rules) {
  if (!rules.tags.includes(node.tag)) return doc.createDocumentFragment(); // dropped, with its subtree
  const el = doc.createElement(node.tag);
  for (const [name, value] of node.attrs || []) {
    if (!rules.attributes.includes(name)) continue;
    if (name === 'href' && !/^https?:\/\//i.test(value)) continue;
    el.setAttribute(name, value);
  }
  if (typeof node.text === 'string') el.textContent = node.text;
  for (const child of node.children || []) el.append(render(doc, child, rules));
  return el;
}

/**
 * A host element with an open shadow root. Its own layout is set with
 * inline `!important` declarations after `all: initial`, which beat any
 * page rule on the host, however hostile.
 * @param {Document} doc
 * @param {string} tag
 * @param {[string, string][]} layout
 * @returns {[HTMLElement, ShadowRoot]}
 */
export function shadowHost(doc, tag, layout) {
  const host = doc.createElement(tag);
  host.style.setProperty('all', 'initial', 'important');
  for (const [prop, value] of layout) host.style.setProperty(prop, value, 'important');
  return [host, host.attachShadow({ mode: 'open' })];
}

/**
 * Styles a shadow root (or the document) through a constructable
 * stylesheet, allowed under a strict CSP with `style-src 'self'`; a
 * `<style>` element only where the browser has no adoptedStyleSheets.
 * Returns the sheet, so it can be taken away again.
 * @param {ShadowRoot | Document} root
 * @param {string} css
 * @returns {CSSStyleSheet | HTMLStyleElement}
 */
export function adoptStyles(root, css) {
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function') {
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
      return sheet;
    } catch { /* not constructable here: fall back */ }
  }
  const style = (root.ownerDocument || root).createElement('style');
  style.textContent = css;
  (root.head || root).append(style);
  return style;
}

/**
 * Takes a sheet `adoptStyles` added away again.
 * @param {ShadowRoot | Document} root
 * @param {CSSStyleSheet | HTMLStyleElement} sheet
 */
export function dropStyles(root, sheet) {
  if (sheet instanceof CSSStyleSheet) root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s !== sheet);
  else sheet.remove();
}

const GAP = 8;
const MIN_HEIGHT = 120;

/**
 * Where the popover goes, in viewport pixels, given the selection's box
 * and the popover's size: under the last line, or above the first when
 * only that side has room; when neither side has room for all of it, the
 * roomier side, with `maxHeight` so the card scrolls. A selection made by
 * touch keeps the popover below whenever a useful height fits there, so
 * it never covers the phone's own copy menu above the selection.
 * @param {{top: number, bottom: number, left: number, touch?: boolean}} anchor
 * @returns {{top: number, left: number, maxHeight?: number}}
 */
export function place(anchor, width, height, vw, vh) {
  const below = vh - anchor.bottom - 2 * GAP;
  const above = anchor.top - 2 * GAP;
  let top;
  let maxHeight;
  if (height <= below) top = anchor.bottom + GAP;
  else if (anchor.touch && below >= MIN_HEIGHT) [top, maxHeight] = [anchor.bottom + GAP, below];
  else if (height <= above) top = anchor.top - GAP - height;
  else if (below >= above) [top, maxHeight] = [anchor.bottom + GAP, Math.max(below, MIN_HEIGHT)];
  else [top, maxHeight] = [GAP, Math.max(above, MIN_HEIGHT)];
  const left = Math.min(Math.max(anchor.left, GAP), Math.max(vw - width - GAP, GAP));
  const out = { top: Math.round(top), left: Math.round(left) };
  if (maxHeight !== undefined) out.maxHeight = Math.round(maxHeight);
  return out;
}

/**
 * The selection's box for placement: the last line's bottom and left
 * (where a forward selection ends) and the first line's top, so the
 * popover never covers the selection. `null` when the range has no box.
 * @param {Range} range
 * @param {boolean} touch
 */
export function anchorBox(range, touch) {
  const whole = range.getBoundingClientRect();
  const lines = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
  const last = lines.at(-1) || (whole.height > 0 ? whole : null);
  if (!last) return null;
  return { top: Math.min(whole.top, last.top), bottom: last.bottom, left: last.left, touch };
}

/**
 * Puts a popover host next to its range (or mid-screen when the range has
 * no box), keeping it inside the viewport.
 * @param {HTMLElement} host
 * @param {Range} range
 * @param {boolean} touch
 */
export function positionHost(host, range, touch) {
  const win = host.ownerDocument.defaultView;
  const vw = win.innerWidth;
  const vh = win.innerHeight;
  host.style.removeProperty('--claimlens-max-height');
  const anchor = anchorBox(range, touch) || { top: vh / 2, bottom: vh / 2, left: GAP, touch };
  const { width, height } = host.getBoundingClientRect();
  const at = place(anchor, width, height, vw, vh);
  if (at.maxHeight !== undefined) host.style.setProperty('--claimlens-max-height', `${at.maxHeight}px`);
  host.style.setProperty('top', `${at.top}px`, 'important');
  host.style.setProperty('left', `${at.left}px`, 'important');
}

/**
 * The text nodes whose nearest block is `block` (not those of nested
 * blocks, which are read on their own), skipping what is not prose.
 * @param {Element} block
 * @param {string} blocks CSS selector of block elements
 * @param {string} skip CSS selector of elements that are not prose
 * @returns {Text[]}
 */
export function ownTextNodes(block, blocks, skip) {
  const out = [];
  if (block.closest(skip)) return out;
  const walk = (node) => {
    for (let n = node.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 3) out.push(n);
      else if (n.nodeType === 1 && !n.matches(blocks) && !n.matches(skip)) walk(n);
    }
  };
  walk(block);
  return out;
}

/**
 * Marks the elements holding the text of `nodes[from..=to]` with `attr`
 * (the highlight rule names them: see src/rules.rs, HIGHLIGHT_CSS), and
 * returns them, so that `unmarkHolders` can take the attribute away.
 * @param {Text[]} nodes a block's own text nodes
 * @param {number} from index of the mark's first node
 * @param {number} to index of its last node
 * @param {string} attr the rules' markedAttr
 * @returns {Element[]}
 */
export function markHolders(nodes, from, to, attr) {
  const out = [];
  for (let i = from; i <= to && i < nodes.length; i++) {
    const el = nodes[i].parentElement;
    if (el && !out.includes(el)) {
      el.setAttribute(attr, '');
      out.push(el);
    }
  }
  return out;
}

/**
 * Takes `attr` away from elements `markHolders` marked.
 * @param {Element[]} elements
 * @param {string} attr
 */
export function unmarkHolders(elements, attr) {
  for (const el of elements) el.removeAttribute(attr);
}

/**
 * What a page says it is about: its title, then the text of the elements
 * `selector` finds (a meta element's `content`), one per line, cut at
 * `maxChars`. The engine reads the names in it (see Matcher::page_context).
 * @param {Document} doc
 * @param {string} selector the rules' pageTopic
 * @param {number} maxChars the rules' maxPageTopicChars
 * @returns {string}
 */
export function pageTopic(doc, selector, maxChars) {
  const parts = [doc.title || ''];
  let length = parts[0].length;
  for (const el of doc.querySelectorAll(selector)) {
    if (length >= maxChars) break;
    const text = (el.tagName === 'META' ? el.getAttribute('content') : el.textContent) || '';
    parts.push(text);
    length += text.length + 1;
  }
  return parts.join('\n').slice(0, maxChars);
}
