// ClaimLens content script: like the page's script-tag loader, it only
// loads and hands over. It watches the reader's selection, sends the text
// to the extension's background (where the wasm runs: a page's CSP may
// forbid wasm here) and draws the popover the engine describes, with the
// same DOM helpers as the widget (src/dom.js, bundled in by
// scripts/pack-extension.mjs). What matches, what the popover says, how a
// page is read, every timing and style come from the engine's rules.
import { render, shadowHost, adoptStyles, positionHost, ownTextNodes, pageTopic, markHolders, unmarkHolders } from '../../src/dom.js';

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
  const warn = (e) => console.warn('ClaimLens:', e.message);

  let rules = null; // the engine's (src/rules.rs): allow-lists, selectors, timings, styles
  let popover = null; // { host, range, text }
  let timer = 0;
  let pointerDown = false;
  let touch = false; // the last press was a finger
  let pressedInside = false; // the last press was in the popover: a collapsed selection keeps it
  let seq = 0; // the latest selection wins over answers still on their way

  function remove() {
    popover?.host.remove();
    popover = null;
  }
  const close = () => { seq++; remove(); }; // and drop answers on their way

  async function show(found, range, text, settings, mine) {
    if (mine !== seq) return;
    remove();
    const [host, shadow] = shadowHost(document, rules.hostTag, rules.hostLayout);
    host.setAttribute('data-claim-id', found.id);
    host.setAttribute('data-origin', 'extension');
    host.setAttribute('data-theme', settings.theme);
    adoptStyles(shadow, rules.css);
    shadow.append(render(document, found.view, rules));
    shadow.querySelector('button.close')?.addEventListener('click', close);
    (document.body || html).append(host);
    popover = { host, range, text };
    positionHost(host, range, touch);
    host.style.setProperty('visibility', 'visible', 'important');
  }

  /** What the page says it is about, as the widget reads it. */
  const topic = () => pageTopic(document, rules.pageTopic, rules.maxPageTopicChars);

  let frame = 0;
  function reposition() { // on scroll and resize, once a frame, here in the page
    if (popover && !frame) {
      frame = requestAnimationFrame(() => {
        frame = 0;
        if (popover) positionHost(popover.host, popover.range, touch);
      });
    }
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
    if (el && el.closest(rules.editable)) return close();
    const text = sel.toString();
    if (popover && popover.text === text) return;
    const mine = ++seq;
    const [found, settings] = await Promise.all([ask({ type: 'popover', text, page: topic() }), ask({ type: 'settings' })]);
    if (mine !== seq) return;
    if (!found) return close();
    await show(found, range.cloneRange(), text, settings, mine);
  }

  function schedule(ms) {
    clearTimeout(timer);
    timer = setTimeout(() => settled().catch(warn), ms);
  }

  // Annotate mode: every claim on the page is marked (CSS Custom Highlight
  // API) and hovering a mark opens its popover. Blocks and their text nodes
  // are read here; the engine finds the claims and maps them onto the nodes.
  let marks = []; // { id, range, holders }
  let highlightSheet = null;
  async function annotate() {
    if (!globalThis.Highlight || !CSS.highlights) return;
    const groups = [document.body, ...document.body.querySelectorAll(rules.blocks)]
      .map((block) => ownTextNodes(block, rules.blocks, rules.skip))
      .filter((g) => g.length);
    const found = await ask({ type: 'annotate', blocks: groups.map((g) => g.map((n) => n.data)), page: topic() });
    for (const m of marks) unmarkHolders(m.holders, rules.markedAttr);
    marks = found.map((m) => {
      const range = document.createRange();
      range.setStart(groups[m.block][m.start[0]], m.start[1]);
      range.setEnd(groups[m.block][m.end[0]], m.end[1]);
      return { id: m.id, range, holders: markHolders(groups[m.block], m.start[0], m.end[0], rules.markedAttr) };
    });
    CSS.highlights.set(rules.highlightName, new Highlight(...marks.map((m) => m.range)));
    highlightSheet ??= adoptStyles(document, rules.highlightCss);
  }
  let lastMove = -Infinity;
  let pendingMove = 0;
  // At most one look per interval; a move that comes sooner is looked at
  // when the interval is over, so a pointer at rest on a mark opens it.
  function hover(e) {
    if (!marks.length || pointerDown) return;
    const since = performance.now() - lastMove;
    clearTimeout(pendingMove);
    if (since < rules.moveEveryMs) {
      const { clientX, clientY } = e;
      pendingMove = setTimeout(() => hover({ clientX, clientY }), rules.moveEveryMs - since);
      return;
    }
    lastMove = performance.now();
    const at = document.caretPositionFromPoint?.(e.clientX, e.clientY);
    const mark = at && marks.find((m) => m.range.isPointInRange(at.offsetNode, at.offset)
      && [...m.range.getClientRects()].some((r) => e.clientX >= r.left && e.clientX <= r.right && e.clientY >= r.top && e.clientY <= r.bottom));
    if (!mark || popover?.host.dataset.claimId === mark.id) return;
    const mine = ++seq;
    Promise.all([ask({ type: 'popover-for', id: mark.id }), ask({ type: 'settings' })])
      .then(([found, settings]) => found && mine === seq && show(found, mark.range, '', settings, mine))
      .catch(warn);
  }

  ask({ type: 'rules' }).then(async (r) => {
    rules = r;
    const capture = { capture: true };
    document.addEventListener('selectionchange', () => { if (!pointerDown) schedule(rules.settleMs); });
    document.addEventListener('pointerdown', (e) => {
      pointerDown = true;
      touch = e.pointerType === 'touch';
      pressedInside = !!popover && e.composedPath().includes(popover.host);
      if (!pressedInside) close();
    }, capture);
    document.addEventListener('pointerup', () => { pointerDown = false; schedule(rules.releaseMs); }, capture);
    document.addEventListener('pointercancel', () => { pointerDown = false; }, capture);
    document.addEventListener('keydown', (e) => { if (e.key === 'Escape') close(); }, capture);
    addEventListener('scroll', reposition, { capture: true, passive: true });
    addEventListener('resize', reposition);
    // A selection made before the reader turned us on counts too.
    schedule(0);

    const settings = await ask({ type: 'settings' });
    if (!settings.annotate) return;
    annotate().catch(warn);
    let again = 0; // pages that render later: read again once they are quiet
    new MutationObserver((records) => {
      if (records.every((rec) => rec.target.closest?.(rules.hostTag))) return;
      clearTimeout(again);
      again = setTimeout(() => annotate().catch(warn), rules.rereadMs);
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
    document.addEventListener('pointermove', hover, { passive: true });
  }).catch(warn);
})();
