// What a publisher checks before putting a third-party script on a page:
// every reader can use it (keyboard, screen readers, small screens, both
// themes), and it cannot harm the page (hostile CSS and databases, a strict
// CSP, no network, editable fields, single-page apps, clean destroy()).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { launch, openPage, watch, startServer, dragSelect, popover, events, waitForEvent, selectAndSettle, fadeIn, SHOTS, ROOT } from './browser.mjs';

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SIX = 'Since the Singapore summit, the regime has built another estimated six nuclear weapons';
const FIXTURES = path.join(ROOT, 'tests', 'e2e', 'fixtures');
const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

let server;
let browser;

before(async () => {
  server = await startServer({
    port: 0,
    extraRoots: [['/fixtures/', FIXTURES]],
    headers: (url) => (url.startsWith('/csp/') || url === '/?csp' ? { 'Content-Security-Policy': STRICT_CSP } : {}),
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Selects `text` inside the element matching `scope` programmatically. */
function selectIn(page, scope, text) {
  return page.evaluate(([scope, text]) => {
    const root = document.querySelector(scope);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const i = n.data.indexOf(text);
      if (i >= 0) {
        getSelection().setBaseAndExtent(n, i, n, i + text.length);
        return true;
      }
    }
    throw new Error(`not found: ${text}`);
  }, [scope, text]);
}

test('keyboard: the shortcut moves focus in, Tab reaches the links, Esc returns focus', async () => {
  const { page } = await openPage(browser, server.url);
  await page.focus('a');
  const focusedBefore = await page.evaluate(() => document.activeElement.outerHTML);
  await selectIn(page, '.article-body', SIX);
  await page.waitForSelector('claimlens-popover');
  // Nothing stole focus while selecting.
  assert.equal(await page.evaluate(() => document.activeElement.outerHTML), focusedBefore);
  // The polite announcement names the verdict.
  const said = await page.evaluate(() => document.querySelector('claimlens-live').shadowRoot.querySelector('[role=status]').textContent);
  assert.match(said, /Fact-check available: Needs context\. Press Alt\+Shift\+C/);

  await page.keyboard.press('Alt+Shift+KeyC');
  const inside = await page.evaluate(() => {
    const host = document.querySelector('claimlens-popover');
    return { host: document.activeElement === host, role: host.shadowRoot.activeElement?.getAttribute('role') };
  });
  assert.deepEqual(inside, { host: true, role: 'dialog' });
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  const tabbed = await page.evaluate(() => document.querySelector('claimlens-popover').shadowRoot.activeElement?.tagName);
  assert.equal(tabbed, 'A', 'Tab reaches the source links');
  await page.keyboard.press('Escape');
  await page.waitForSelector('claimlens-popover', { state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement.outerHTML), focusedBefore, 'focus goes back');
});

for (const theme of ['light', 'dark']) {
  for (const width of [1280, 360]) {
    test(`axe finds no violations; ${theme} theme at ${width}px stays in the viewport`, async () => {
      const { page } = await openPage(browser, server.url, {
        viewport: { width, height: 800 },
        contextOptions: { colorScheme: theme, hasTouch: width < 500 },
      });
      await dragSelect(page, SIX, '.article-body');
      await page.waitForSelector('claimlens-popover');
      await fadeIn(page);
      const box = await page.evaluate(() => {
        const r = document.querySelector('claimlens-popover').getBoundingClientRect();
        return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, vw: innerWidth, vh: innerHeight };
      });
      assert.ok(box.left >= 0 && box.right <= box.vw && box.top >= 0 && box.bottom <= box.vh, JSON.stringify(box));
      await page.screenshot({ path: path.join(SHOTS, `popover-${theme}-${width}.png`) });
      await page.addScriptTag({ content: AXE });
      const violations = await page.evaluate(async () => {
        const r = await axe.run({ include: [['claimlens-popover']] }, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] });
        return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      });
      assert.deepEqual(violations, []);
    });
  }
}

test('a hostile stylesheet cannot hide or restyle the popover', async () => {
  const { page } = await openPage(browser, server.url + 'fixtures/hostile.html');
  await selectIn(page, '#claim', SIX);
  await page.waitForSelector('claimlens-popover', { state: 'attached' });
  await fadeIn(page);
  const look = await page.evaluate(() => {
    const host = document.querySelector('claimlens-popover');
    const card = host.shadowRoot.querySelector('[role=dialog]');
    const r = card.getBoundingClientRect();
    const cs = getComputedStyle(card);
    return { width: r.width, height: r.height, display: getComputedStyle(host).display, fontSize: cs.fontSize, opacity: getComputedStyle(host).opacity };
  });
  assert.equal(look.display, 'block');
  assert.equal(look.opacity, '1');
  assert.equal(look.fontSize, '15px');
  assert.ok(look.width > 250 && look.height > 100, JSON.stringify(look));
  await page.screenshot({ path: path.join(SHOTS, 'popover-hostile-css.png') });
});

test('selections in inputs, textareas and editable content are ignored', async () => {
  const { page } = await openPage(browser, server.url + 'fixtures/hostile.html');
  // Each field holds the claim; each selection is handled (settled) and opens nothing.
  for (const id of ['#field', '#area']) {
    const handled = await selectAndSettle(page, SIX, () => page.evaluate((id) => {
      const f = document.querySelector(id);
      f.focus();
      f.select();
    }, id));
    assert.equal(handled.id, null, id);
    assert.equal(await popover(page), null, id);
  }
  const editable = await selectAndSettle(page, SIX, () => selectIn(page, '#editable', SIX));
  assert.equal(editable.id, null, 'contenteditable');
  assert.equal(await popover(page), null, 'contenteditable');
  assert.ok(!(await events(page)).some((e) => e.type === 'open'));
  // Control: the same sentence in a plain paragraph of the same page opens.
  await page.evaluate(() => document.activeElement.blur());
  const control = await selectAndSettle(page, SIX, () => selectIn(page, '#claim', SIX));
  assert.equal(control.id, 'six-more-nuclear-weapons');
  assert.equal((await popover(page)).id, 'six-more-nuclear-weapons');
});

test('under a strict CSP it works with no violation reported', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await watch(page, { closeAfter: context });
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const response = await page.goto(server.url + '?csp');
  assert.equal(response.headers()['content-security-policy'], STRICT_CSP);
  await waitForEvent(page, 'ready');
  await dragSelect(page, SIX, '.article-body');
  await page.waitForSelector('claimlens-popover');
  await page.evaluate(() => ClaimLens.annotate());
  // Control and barrier: the test breaks the policy itself (an inline
  // <style>); reports arrive in order, so once this one is in, any the
  // widget caused before it is in too.
  await page.evaluate(() => document.head.append(Object.assign(document.createElement('style'), { textContent: '.barrier {}' })));
  await page.waitForFunction(() => window.__violations.includes('style-src-elem inline'));
  assert.deepEqual(await page.evaluate(() => window.__violations), ['style-src-elem inline'], 'only the test\'s own violation');
});

test('the widget makes no request beyond its own files', async () => {
  const context = await browser.newContext();
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  await watch(page, { closeAfter: context });
  await page.goto(server.url);
  await waitForEvent(page, 'ready');
  await dragSelect(page, SIX, '.article-body');
  await page.waitForSelector('claimlens-popover');
  await page.evaluate(() => ClaimLens.annotate());
  // Barrier: a request the test makes after all of the above. Requests are
  // reported in the order they start, so once it is seen, every request the
  // widget started before it has been seen too.
  const barrier = `${server.url}barrier.txt`;
  await page.evaluate((url) => fetch(url).then((r) => r.text()), barrier);
  assert.ok(requests.includes(barrier), 'the recording sees the page');
  const own = new Set(['', 'demo.css', 'dist/claimlens.js', 'dist/claimlens_web.js', 'dist/claimlens_web_bg.wasm', 'favicon.ico']);
  const others = requests.filter((u) => u !== barrier && !(u.startsWith(server.url) && own.has(u.slice(server.url.length))));
  assert.deepEqual(others, []);
  assert.ok(requests.some((u) => u.endsWith('claimlens_web_bg.wasm')));
});

/**
 * A ClaimReview built to break a widget: markup, bad links, a lone
 * surrogate, a 1 MB string. Built in the page (`inPage`), so the strings
 * never cross the wire.
 */
function hostileRecord() {
  return {
    '@type': 'ClaimReview',
    id: 'hostile',
    claimReviewed: 'Harbour pelicans <script>window.__pwned = 1</script> migrate north every spring',
    quote: 'Harbour pelicans migrate north every spring <img src=x onerror="window.__pwned = 2">',
    context: 'Lone surrogate \ud800 here. ' + 'x'.repeat(1_000_000),
    reviewRating: { alternateName: '<b onmouseover="window.__pwned = 3">False</b>', ratingValue: 1, bestRating: 5, worstRating: 1 },
    sources: [
      { title: 'bad', url: 'javascript:window.__pwned = 4' },
      { title: 'data', url: 'data:text/html,<script>window.__pwned = 5</script>' },
      { title: '<i>fine</i>', publisher: 'Example', url: 'https://example.org/ok' },
    ],
  };
}
const inPage = (page, f) => page.evaluate(`void (window.__hostile = (${f})())`);

test('a hostile database is shown as text and never runs', async () => {
  const { page, log } = await openPage(browser, server.url);
  await inPage(page, hostileRecord);
  const result = await page.evaluate(async () => {
    const record = window.__hostile;
    // As JSON text (a database fetched from a URL is text), with a field
    // nested 5,000 deep written in by hand: V8's JSON.stringify cannot write
    // that next to a 1 MB string (see the known bug below).
    const text = JSON.stringify([record]).replace(/\}\]$/, `,"extra":${'['.repeat(5000)}${']'.repeat(5000)}}]`);
    JSON.parse(text); // valid JSON
    const loaded = await ClaimLens.load(text);
    const p = document.createElement('p');
    p.id = 'pelicans';
    p.textContent = 'Harbour pelicans migrate north every spring, officials said.';
    document.querySelector('.article-body').append(p);
    return loaded;
  });
  assert.equal(result.loaded, 1);
  await selectIn(page, '#pelicans', 'Harbour pelicans migrate north every spring');
  await page.waitForFunction(() => document.querySelector('claimlens-popover')?.dataset.claimId === 'hostile');
  const shown = await page.evaluate(() => {
    const root = document.querySelector('claimlens-popover').shadowRoot;
    return {
      tags: [...new Set([...root.querySelectorAll('*')].map((e) => e.tagName.toLowerCase()))].sort(),
      hrefs: [...root.querySelectorAll('a')].map((a) => a.getAttribute('href')),
      quote: root.querySelector('blockquote').textContent,
      label: root.querySelector('.verdict-label').textContent,
      contextLength: root.querySelector('.context').textContent.length,
      pwned: window.__pwned,
    };
  });
  assert.deepEqual(shown.tags, ['a', 'blockquote', 'button', 'header', 'li', 'p', 'section', 'span', 'ul']);
  assert.deepEqual(shown.hrefs, ['https://example.org/ok']);
  assert.match(shown.quote, /<img src=x onerror=/);
  assert.match(shown.label, /^<b onmouseover/);
  assert.ok(shown.contextLength <= 4000, 'long strings are cut');
  assert.equal(shown.pwned, undefined);
  assert.ok(log.console.some((l) => l.includes('javascript:')), 'the dropped link is reported');
});

// JSON.stringify cannot write 5,000-deep nesting (V8 throws a RangeError);
// ClaimLens.load(object) must then read the object itself (src/web/object.rs)
// and load it like the same JSON text.
test('a hostile database passed as an object loads like the same JSON text', async () => {
  const { page } = await openPage(browser, server.url);
  await inPage(page, hostileRecord);
  const outcome = await page.evaluate(async () => {
    const record = window.__hostile;
    record.extra = JSON.parse('['.repeat(5000) + ']'.repeat(5000));
    try {
      return await ClaimLens.load([record]);
    } catch (e) {
      return `${e.code}: ${e.message}`;
    }
  });
  assert.equal(outcome.loaded, 1, String(outcome));
});

test('an object that contains itself is refused with a typed error, and nothing is lost', async () => {
  const { page } = await openPage(browser, server.url);
  const outcome = await page.evaluate(async () => {
    const before = ClaimLens.claims().length;
    const record = { '@type': 'ClaimReview', id: 'loop', claimReviewed: 'A claim that holds itself', reviewRating: { alternateName: 'False' } };
    record.self = { inner: record };
    let error = null;
    try {
      await ClaimLens.load([record]);
    } catch (e) {
      error = { name: e.name, code: e.code, message: e.message };
    }
    // Control: the same record without the loop loads.
    delete record.self;
    const ok = await ClaimLens.load([record]);
    return { error, before, after: ok.total, loaded: ok.loaded };
  });
  assert.equal(outcome.error?.name, 'ClaimLensError', JSON.stringify(outcome));
  assert.equal(outcome.error.code, 'wrong-shape');
  assert.match(outcome.error.message, /refers to itself/);
  assert.equal(outcome.loaded, 1);
  assert.equal(outcome.after, outcome.before + 1, 'nothing lost, then the control added');
});

test('a single-page app replacing its DOM closes the popover without errors', async () => {
  const { page } = await openPage(browser, server.url);
  await selectIn(page, '.article-body', SIX);
  await page.waitForSelector('claimlens-popover');
  await page.evaluate(() => {
    document.querySelector('main, article, .article-body').replaceChildren(
      Object.assign(document.createElement('p'), { textContent: 'A new view.' }),
    );
    window.dispatchEvent(new Event('resize'));
  });
  await page.waitForSelector('claimlens-popover', { state: 'detached' });
});

test('destroy() leaves the DOM and the listeners as they were', async () => {
  // destroy.html is plain.html plus the ClaimLens tag, byte for byte: after
  // destroy() (and with the tag itself taken out) its DOM must be plain.html's.
  const read = (name) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
  const TAG = '<script src="/dist/claimlens.js" data-mode="annotate" async></script>\n';
  assert.equal(read('destroy.html'), read('plain.html').replace('</body>', `${TAG}</body>`));

  const context = await browser.newContext();
  const page = await context.newPage();
  await watch(page, { closeAfter: context });
  const cdp = await context.newCDPSession(page);
  // Listeners on document and window, by type. Playwright adds pointer and
  // mouse listeners to window for its own use; ClaimLens's window listeners
  // are scroll and resize, and Playwright adds none to document.
  const listeners = async () => {
    const types = [];
    for (const [expr, keep] of [['document', () => true], ['window', (t) => t === 'scroll' || t === 'resize']]) {
      const { result } = await cdp.send('Runtime.evaluate', { expression: expr });
      const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
      types.push(...listeners.map((l) => l.type).filter(keep).map((t) => `${expr}:${t}`));
    }
    return types.sort();
  };
  // The whole document, with runs of white space made one (taking the tag
  // out leaves the line break either side of it).
  const dom = () => page.evaluate(() => {
    const clone = document.documentElement.cloneNode(true);
    clone.querySelector('script[src$="claimlens.js"]')?.remove();
    return clone.outerHTML.replace(/\s+/g, ' ');
  });
  await page.goto(server.url + 'fixtures/plain.html');
  const baseline = await listeners();
  const pristine = await dom();

  await page.goto(server.url + 'fixtures/destroy.html');
  await waitForEvent(page, 'ready');
  await page.evaluate(() => ClaimLens.annotate());
  await selectIn(page, '#claim', SIX);
  await page.waitForSelector('claimlens-popover');
  // The widget has changed the page while it runs: a popover, a live region, <html data-claimlens>.
  const running = await dom();
  assert.notEqual(running, pristine, 'the widget shows in the DOM while it runs');
  assert.match(running, /<claimlens-popover/);
  assert.ok((await listeners()).length > baseline.length + 5, 'the widget listens while it runs');

  await page.evaluate(() => { getSelection().removeAllRanges(); ClaimLens.destroy(); });
  const after = await page.evaluate(() => ({
    leftovers: [...document.querySelectorAll('*')].map((e) => e.localName).filter((n) => n.startsWith('claimlens')),
    api: typeof window.ClaimLens,
    highlights: CSS.highlights.size,
    sheets: document.adoptedStyleSheets.length,
  }));
  assert.deepEqual(after.leftovers, [], 'no element of the widget is left');
  assert.equal(await dom(), pristine, 'the DOM is as before, all of it');
  assert.equal(after.api, 'undefined');
  assert.equal(after.highlights, 0);
  assert.equal(after.sheets, 0);
  assert.deepEqual(await listeners(), baseline, 'every listener is gone');
});

test('a 10 MB page with 100,000 nodes is annotated without errors', async () => {
  const { page } = await openPage(browser, server.url + 'fixtures/widget.html');
  const summary = await page.evaluate(async () => {
    const body = document.body;
    // 50,000 paragraphs of about 190 characters, each with a <span>.
    const filler = 'Local news about weather, sport, markets and the council; nothing here states a claim. ';
    const frag = document.createDocumentFragment();
    for (let i = 0; i < 50000; i++) {
      const p = document.createElement('p');
      p.append(filler + filler, Object.assign(document.createElement('span'), { textContent: ` item ${i}` }));
      if (i % 5000 === 0) p.append(' Since the Singapore summit, the regime has built another estimated six nuclear weapons.');
      frag.append(p);
    }
    body.append(frag);
    return { chars: body.textContent.length, nodes: document.getElementsByTagName('*').length };
  });
  assert.ok(summary.chars > 9_000_000 && summary.nodes > 100_000, JSON.stringify(summary));
  const result = await page.evaluate(() => ClaimLens.annotate());
  assert.ok(result.count >= 10, JSON.stringify(result));
  assert.deepEqual(result.ids, ['six-more-nuclear-weapons']);
});

// An annotation pass reads the page's topic (a query over the whole
// document) once, not once per 8 ms slice: per slice, a large page paid
// O(page) each time and the pass grew quadratically (7ca5765 to 94af0fd: the
// 10 MB page above took 190-240 s instead of 15). The count of
// whole-document queries is what must not grow with the page; no clock.
test('an annotation pass queries the whole document no more often on a page 50 times larger', async () => {
  const pass = async (paragraphs) => {
    const { page } = await openPage(browser, server.url + 'fixtures/widget.html', {
      init: () => {
        const query = Document.prototype.querySelectorAll;
        window.__documentQueries = 0;
        Document.prototype.querySelectorAll = function (...args) {
          window.__documentQueries++;
          return query.apply(this, args);
        };
      },
    });
    return page.evaluate(async (n) => {
      const filler = 'Local news about weather, sport, markets and the council; nothing here states a claim. ';
      const frag = document.createDocumentFragment();
      for (let i = 0; i < n; i++) {
        const p = document.createElement('p');
        p.textContent = filler + filler + (i % 100 === 0 ? ' Since the Singapore summit, the regime has built another estimated six nuclear weapons.' : '');
        frag.append(p);
      }
      document.body.append(frag);
      window.__documentQueries = 0;
      const { count } = await ClaimLens.annotate();
      return { count, queries: window.__documentQueries };
    }, paragraphs);
  };
  const small = await pass(200);
  const large = await pass(10_000);
  // Control: the larger page really was read (one mark per hundred paragraphs, plus #claim).
  assert.equal(small.count, 3);
  assert.equal(large.count, 101);
  assert.ok(large.queries <= small.queries + 2, `whole-document queries: ${JSON.stringify({ small, large })}`);
});
