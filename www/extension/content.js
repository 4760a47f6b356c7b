// ClaimLens content script: like the page's script-tag loader, it only loads
// and hands over. It watches the reader's selection, sends the text to the
// extension's background (where the wasm runs: a page's CSP may forbid wasm
// here) and draws the popover the engine describes. What matches, what the
// popover says and where it goes are all decided in the wasm.
(() => {
  'use strict';
  // Injected twice (the toolbar button on an always-on site): one copy runs.
  if (globalThis.__claimLensExtension) return;
  globalThis.__claimLensExtension = true;

  // The page carries the script-tag widget (its loader marks <html> while
  // loading and when ready): it shows the popovers, not us. Our isolated world
  // cannot see the page's window.ClaimLens, so look at the DOM.
  const html = document.documentElement;
  const tagged = [...document.querySelectorAll('script[src]')].some((s) => /claimlens\.js$/.test(new URL(s.src, location.href).pathname));
  if (html.hasAttribute('data-claimlens') || tagged) return;
  html.setAttribute('data-claimlens', 'extension'); // and a loader added later stays out

  const api = globalThis.browser ?? globalThis.chrome;
  async function ask(msg) {
    const answer = await api.runtime.sendMessage(msg);
    if (answer && answer.error) throw Object.assign(new Error(answer.error.message), answer.error);
    return answer;
  }

  // The engine's rules (src/view.rs): the only tags and attributes a popover
  // has, where blocks of text are, what is not prose or is being edited.
  let rules = null;
  const rulesReady = ask({ type: 'rules' }).then((r) => {
    rules = { ...r, tags: new Set(r.tags), attributes: new Set(r.attributes) };
  });
  const SETTLE_MS = 250; // as src/web/selection.rs

  let popover = null; // { host, range, text }
  let css = null; // the engine's stylesheet, asked for once
  let timer = 0;
  let pointerDown = false;
  let touch = false; // the last press was a finger
  let pressedInside = false; // the last press was in the popover: a collapsed selection keeps it
  let seq = 0; // the latest selection wins over answers still on their way

  /** A view node as DOM: allowed elements and attributes, and text, never markup. */
  function render(node) {
    if (!rules.tags.has(node.tag)) return document.createDocumentFragment(); // dropped, with its subtree
    const el = document.createElement(node.tag);
    for (const [name, value] of node.attrs || []) {
      if (!rules.attributes.has(name) || (name === 'href' && !/^https?:\/\//i.test(value))) continue;
      el.setAttribute(name, value);
    }
    if (typeof node.text === 'string') el.textContent = node.text;
    for (const child of node.children || []) el.append(render(child));
    return el;
  }

  function adoptStyles(shadow) {
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      shadow.adoptedStyleSheets = [sheet];
      if (shadow.adoptedStyleSheets.length === 1) return;
    } catch { /* no constructable stylesheets here: fall back */ }
    const style = document.createElement('style');
    style.textContent = css;
    shadow.append(style);
  }

  function remove() {
    popover?.host.remove();
    popover = null;
  }
  const close = () => { seq++; remove(); }; // and drop answers on their way

  async function show(found, range, text, settings, mine) {
    css ??= await ask({ type: 'css' });
    if (mine !== seq) return;
    remove();
    const host = document.createElement('claimlens-popover');
    host.setAttribute('data-claim-id', found.id);
    host.setAttribute('data-origin', 'extension');
    host.setAttribute('data-theme', settings.theme);
    for (const [prop, value] of [['all', 'initial'], ['display', 'block'], ['position', 'fixed'], ['z-index', '2147483647'],
      ['top', '0px'], ['left', '0px'], ['width', 'min(380px, calc(100vw - 16px))'], ['visibility', 'hidden']]) {
      host.style.setProperty(prop, value, 'important');
    }
    const shadow = host.attachShadow({ mode: 'open' });
    adoptStyles(shadow);
    shadow.append(render(found.view));
    shadow.querySelector('button.close')?.addEventListener('click', close);
    (document.body || html).append(host);
    popover = { host, range, text };
    await position();
    host.style.setProperty('visibility', 'visible', 'important');
  }

  /** Puts the popover under (or above) the selection's last line box. */
  async function position() {
    if (!popover) return;
    const { host, range } = popover;
    const whole = range.getBoundingClientRect();
    const line = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0).at(-1) || whole;
    // Below the last line or above the first; touch keeps it below (src/view.rs).
    const anchor = line.height > 0
      ? { top: Math.min(whole.top, line.top), bottom: line.bottom, left: line.left, touch }
      : { top: innerHeight / 2, bottom: innerHeight / 2, left: 8, touch };
    host.style.removeProperty('--claimlens-max-height');
    const { width, height } = host.getBoundingClientRect();
    const place = await ask({ type: 'place', anchor, width, height, vw: innerWidth, vh: innerHeight });
    if (popover?.host !== host) return;
    if (place.maxHeight) host.style.setProperty('--claimlens-max-height', `${place.maxHeight}px`);
    host.style.setProperty('top', `${place.top}px`, 'important');
    host.style.setProperty('left', `${place.left}px`, 'important');
  }

  let frame = 0;
  function reposition() { // on scroll and resize, once a frame
    if (popover && !frame) frame = requestAnimationFrame(() => { frame = 0; position().catch(() => {}); });
  }

  /** The selection has settled: match it, then open, replace or close the popover. */
  async function settled() {
    const sel = getSelection();
    if (!sel || sel.isCollapsed || !sel.rangeCount) {
      if (!pressedInside) close();
      return;
    }
    const range = sel.getRangeAt(0);
    const container = range.commonAncestorContainer;
    if (popover && popover.host.contains(container)) return;
    const el = container.nodeType === Node.ELEMENT_NODE ? container : container.parentElement;
    await rulesReady;
    if (el && el.closest(rules.editable)) return close();
    const text = sel.toString();
    if (popover && popover.text === text) return;
    const mine = ++seq;
    const [found, settings] = await Promise.all([ask({ type: 'popover', text }), ask({ type: 'settings' })]);
    if (mine !== seq) return;
    if (!found) return close();
    await show(found, range.cloneRange(), text, settings, mine);
  }

  function schedule(ms) {
    clearTimeout(timer);
    timer = setTimeout(() => settled().catch((e) => console.warn('ClaimLens:', e.message)), ms);
  }

  // Annotate mode: every claim on the page is marked (CSS Custom Highlight
  // API) and hovering a mark opens its popover. Blocks and their text nodes
  // are read here; the engine finds the claims and maps them onto the nodes.
  let marks = []; // { id, range }
  function ownTextNodes(block) { // the block's text, not its nested blocks'
    const out = [];
    const walk = (node) => {
      for (let n = node.firstChild; n; n = n.nextSibling) {
        if (n.nodeType === Node.TEXT_NODE) out.push(n);
        else if (n.nodeType === Node.ELEMENT_NODE && !n.matches(rules.blocks) && !n.matches(rules.skip)) walk(n);
      }
    };
    if (!block.closest(rules.skip)) walk(block);
    return out;
  }
  async function annotate() {
    if (!globalThis.Highlight || !CSS.highlights) return;
    await rulesReady;
    const groups = [document.body, ...document.body.querySelectorAll(rules.blocks)].map(ownTextNodes).filter((g) => g.length);
    const found = await ask({ type: 'annotate', blocks: groups.map((g) => g.map((n) => n.data)) });
    marks = found.map((m) => {
      const range = document.createRange();
      range.setStart(groups[m.block][m.start[0]], m.start[1]);
      range.setEnd(groups[m.block][m.end[0]], m.end[1]);
      return { id: m.id, range };
    });
    CSS.highlights.set('claimlens', new Highlight(...marks.map((m) => m.range)));
    if (!annotate.sheet) {
      annotate.sheet = new CSSStyleSheet();
      annotate.sheet.replaceSync(rules.highlightCss);
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, annotate.sheet];
    }
  }
  let lastMove = 0;
  function hover(e) {
    if (!marks.length || pointerDown || e.timeStamp - lastMove < 40) return;
    lastMove = e.timeStamp;
    const at = document.caretPositionFromPoint?.(e.clientX, e.clientY);
    const mark = at && marks.find((m) => m.range.isPointInRange(at.offsetNode, at.offset)
      && [...m.range.getClientRects()].some((r) => e.clientX >= r.left && e.clientX <= r.right && e.clientY >= r.top && e.clientY <= r.bottom));
    if (!mark || popover?.host.dataset.claimId === mark.id) return;
    const mine = ++seq;
    Promise.all([ask({ type: 'popover-for', id: mark.id }), ask({ type: 'settings' })])
      .then(([found, settings]) => found && mine === seq && show(found, mark.range, '', settings, mine))
      .catch(() => {});
  }
  ask({ type: 'settings' }).then((settings) => {
    if (!settings.annotate) return;
    annotate().catch((e) => console.warn('ClaimLens:', e.message));
    let again = 0; // pages that render later: read again once they are quiet
    new MutationObserver((records) => {
      if (records.every((r) => r.target.closest?.('claimlens-popover'))) return;
      clearTimeout(again);
      again = setTimeout(() => annotate().catch(() => {}), 500);
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
    document.addEventListener('pointermove', hover, { passive: true });
  }).catch(() => {});

  const capture = { capture: true };
  document.addEventListener('selectionchange', () => { if (!pointerDown) schedule(SETTLE_MS); });
  document.addEventListener('pointerdown', (e) => {
    pointerDown = true;
    touch = e.pointerType === 'touch';
    pressedInside = !!popover && e.composedPath().includes(popover.host);
    if (!pressedInside) close();
  }, capture);
  document.addEventListener('pointerup', () => { pointerDown = false; schedule(60); }, capture);
  document.addEventListener('pointercancel', () => { pointerDown = false; }, capture);
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape') close(); }, capture);
  addEventListener('scroll', reposition, { capture: true, passive: true });
  addEventListener('resize', reposition);
  // A selection made before the reader turned us on counts too.
  schedule(0);
})();
