// End to end: the browser extension (dist/extension, built by `make dist`)
// loaded into Debian's Chromium. Pages come from the test server on
// 127.0.0.1; every request of the pages and of the extension is recorded,
// and the last test checks that none went anywhere else.
//
// Headless automation cannot click the toolbar button or answer a permission
// prompt. The background is built so that both paths end in plain functions
// (enableTab for "Check this page", enableSite for "Always run on <site>"),
// and the test calls them in the service worker. For the test only, the
// extension is copied to a temporary directory and its manifest gets
// "host_permissions": ["http://127.0.0.1/*"]: that stands in for the
// activeTab grant a toolbar click gives and for the optional permission the
// reader grants at the prompt, so executeScript and registerContentScripts
// are allowed without a gesture. The shipped manifest has no host_permissions
// (checked below), and even with this one nothing runs on a page until
// enableTab or enableSite is called (also checked below).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { chromium } from 'playwright-core';
import { startServer, dragSelect, popover, events, watch, fadeIn, waitForEvent, selectAndSettle, CHROMIUM_ARGS, ROOT, SHOTS } from './browser.mjs';

const DIST = path.join(ROOT, 'dist', 'extension');
const FIXTURES = path.join(ROOT, 'tests', 'e2e', 'fixtures');
const UN = 'Pyongyang still ignores nearly a dozen UN Security Council resolutions';
const NUKES = 'North Korea has built about 6 more nukes since the Singapore summit';
const FERRY = 'the town ferry carried a record 41,000 passengers in August';

let server;
let trap;
let context;
let worker;
let extensionId;
let tmp;
const requests = []; // every request Playwright sees: pages, extension pages, the service worker
const trapped = []; // every request that tried to leave 127.0.0.1 (through the trap proxy)
// Chromium contacts its own services by itself, extension or not, even with
// the flags in browser.mjs (component updates, autofill, sign-in): the trap
// sees them, and the test lets them through only when they name neither the
// extension nor the pages.
const CHROMIUM_SERVICES = /^(CONNECT |[A-Z]+ https?:\/\/)([a-z0-9-]+\.)*(google\.com|googleapis\.com|gstatic\.com|gvt1\.com)[:/ ]/;

before(async () => {
  server = await startServer({
    port: 0,
    extraRoots: [['/fixtures/', FIXTURES]],
    // A database URL on another origin needs CORS, as the options page says.
    headers: (url) => (url.endsWith('.json') ? { 'Access-Control-Allow-Origin': '*' } : {}),
  });
  // Anything not for 127.0.0.1 is sent to this proxy, which records it and
  // refuses it: a request that Playwright's listeners might miss still shows.
  trap = http.createServer((req, res) => {
    trapped.push(`${req.method} ${req.url} ${JSON.stringify(req.headers)}`);
    res.writeHead(403).end();
  });
  trap.on('connect', (req, socket) => {
    trapped.push(`CONNECT ${req.url} ${JSON.stringify(req.headers)}`);
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  await new Promise((ok) => trap.listen(0, '127.0.0.1', ok));

  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'claimlens-ext-'));
  const dir = path.join(tmp, 'extension');
  fs.cpSync(DIST, dir, { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  manifest.host_permissions = ['http://127.0.0.1/*']; // test only: see the comment at the top
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));

  fs.mkdirSync(SHOTS, { recursive: true });
  context = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: false,
    ignoreDefaultArgs: ['--disable-extensions'],
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless=new',
      `--disable-extensions-except=${dir}`,
      `--load-extension=${dir}`,
      ...CHROMIUM_ARGS,
      `--proxy-server=http://127.0.0.1:${trap.address().port}`,
    ],
  });
  context.on('request', (r) => requests.push(r.url()));
  worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  extensionId = new URL(worker.url()).host;
});

after(async () => {
  await context?.close();
  await server?.close();
  await new Promise((ok) => (trap ? trap.close(ok) : ok()));
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

let opened = 0;
/**
 * Opens `url` in a new tab (a unique URL, to find its tab), watched (every
 * uncaught error fails the test; see browser.mjs) and closed after the
 * test; returns the page, its tab id and the extension's content script in
 * it (`contentScript`).
 */
async function open(url) {
  const page = await context.newPage();
  await watch(page, { closeAfter: page });
  const script = await contentScript(page);
  await page.goto(`${url}?tab=${++opened}`);
  const tabId = await worker.evaluate(async (u) => (await chrome.tabs.query({ url: u }))[0]?.id, page.url());
  return { page, tabId, script };
}

// Run in the content script's isolated world (and only there): wraps
// getSelection, which the content script calls once each time a selection
// settles, and runtime.sendMessage, its questions to the background. Each is
// recorded in a task queued after the call (a MessageChannel message, not a
// delay): by then the content script has acted on what it got back (its
// reaction runs in the microtasks of the task that delivered the answer).
const INSTRUMENT = `(() => {
  if (globalThis.__test) return true;
  const t = globalThis.__test = { passes: [], sent: 0, answered: 0, answers: [], waiters: new Set() };
  const afterTask = (f) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      f();
      for (const w of [...t.waiters]) w();
    };
    channel.port2.postMessage(null);
  };
  const getSelection = globalThis.getSelection;
  globalThis.getSelection = function () {
    const selection = getSelection.call(window);
    const pass = { text: selection ? selection.toString() : '', sentBefore: t.sent };
    afterTask(() => t.passes.push(pass));
    return selection;
  };
  const runtime = (globalThis.browser ?? globalThis.chrome).runtime;
  const send = runtime.sendMessage;
  runtime.sendMessage = function (msg) {
    const n = ++t.sent;
    const answer = send.apply(this, arguments);
    const done = (a) => afterTask(() => {
      t.answered++;
      t.answers.push({ n, msg, id: a && a.id !== undefined ? a.id : null });
    });
    answer.then(done, () => done(null));
    return answer;
  };
  t.handled = (text, from) => new Promise((resolve) => {
    const check = () => {
      const pass = t.passes.slice(from).find((p) => p.text.trim() === text.trim());
      if (!pass || t.answered !== t.sent) return;
      t.waiters.delete(check);
      resolve(t.answers.filter((a) => a.n > pass.sentBefore && a.msg.type === 'popover' && a.msg.text === pass.text).map((a) => a.id));
    };
    t.waiters.add(check);
    check();
  });
  return true;
})()`;

/**
 * The extension's content script in `page`, through CDP: its isolated world
 * (the one with the extension's origin). `instrument()` (once it runs)
 * makes `handled(text, from)` available: it resolves when the content script
 * has handled a selection of `text` (its pass number `from` or later) and
 * every answer it asked for has come back and been acted on, with the
 * background's answers for that text (claim ids, or null for no match).
 * It stands in for the widget's claimlens:settled, which the content script
 * does not fire.
 */
async function contentScript(page) {
  const cdp = await context.newCDPSession(page);
  const origin = () => `chrome-extension://${extensionId}`;
  let worlds = [];
  let arrived = null;
  const appeared = () => new Promise((resolve) => { arrived = resolve; });
  let next = appeared();
  cdp.on('Runtime.executionContextCreated', ({ context: c }) => {
    if (c.origin === origin() && c.auxData?.type === 'isolated') {
      worlds.push(c.id);
      arrived?.();
    }
  });
  cdp.on('Runtime.executionContextDestroyed', ({ executionContextId }) => {
    worlds = worlds.filter((id) => id !== executionContextId);
  });
  cdp.on('Runtime.executionContextsCleared', () => {
    worlds = [];
    next = appeared();
  });
  await cdp.send('Runtime.enable');
  const evaluate = async (expression) => {
    if (!worlds.length) await next;
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
      contextId: worlds.at(-1), expression, awaitPromise: true, returnByValue: true,
    });
    if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
    return result.value;
  };
  return {
    /** Whether the content script was ever injected into the page (so far). */
    present: () => worlds.length > 0,
    evaluate,
    instrument: () => evaluate(INSTRUMENT),
    /** How many selections the content script has handled so far: pass it to `handled` as `from`. */
    passes: () => evaluate('globalThis.__test.passes.length'),
    handled: (text, from, timeout = 30_000) => {
      let timer;
      const late = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the content script did not handle a selection of "${text}" within ${timeout} ms`)), timeout);
      });
      return Promise.race([evaluate(`globalThis.__test.handled(${JSON.stringify(text)}, ${from})`), late]).finally(() => clearTimeout(timer));
    },
  };
}

const enableTab = (tabId) => worker.evaluate((id) => globalThis.claimlens.enableTab(id), tabId);
const countPopovers = (page) => page.evaluate(() => document.querySelectorAll('claimlens-popover').length);
const fixture = (name) => `${server.url}fixtures/${name}`;

test('the shipped manifest: MV3, minimal permissions, no host permissions, the CSP', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(DIST, 'manifest.json'), 'utf8'));
  assert.equal(manifest.manifest_version, 3);
  assert.deepEqual(manifest.permissions.sort(), ['activeTab', 'scripting', 'storage']);
  assert.equal(manifest.host_permissions, undefined, 'no site is granted at install');
  assert.equal(manifest.content_scripts, undefined, 'nothing is injected by default');
  assert.deepEqual(manifest.optional_host_permissions, ['http://*/*', 'https://*/*']);
  assert.equal(manifest.content_security_policy.extension_pages, "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'");
  assert.equal(manifest.background.service_worker, 'background.js');
  assert.deepEqual(manifest.background.scripts, ['background.js']);
  assert.equal(manifest.background.type, 'module');
  for (const f of ['claimlens_web.js', 'claimlens_web_bg.wasm', 'content.js', 'popup.html', 'options.html']) {
    assert.ok(fs.existsSync(path.join(DIST, f)), `dist/extension/${f}`);
  }
  for (const zip of ['claimlens-chromium.zip', 'claimlens-firefox.zip']) {
    const body = fs.readFileSync(path.join(ROOT, 'dist', zip));
    assert.equal(body.subarray(0, 4).toString('latin1'), 'PK\x03\x04', zip);
    assert.ok(body.includes('manifest.json'), `${zip} holds the manifest`);
  }
  // No inline script and no remote resource in the extension's pages.
  for (const html of ['popup.html', 'options.html']) {
    const text = fs.readFileSync(path.join(DIST, html), 'utf8');
    assert.doesNotMatch(text, /<script(?![^>]*\bsrc=)/, `${html}: inline script`);
    assert.doesNotMatch(text, /(src|href)="(https?:)?\/\//, `${html}: remote resource`);
  }
});

test('a page the reader has not enabled gets nothing', async () => {
  // Nothing is registered to run on pages (and the manifest has no
  // content_scripts, checked above): the content script cannot arrive.
  assert.deepEqual(await worker.evaluate(() => chrome.scripting.getRegisteredContentScripts()), []);
  const { page, tabId, script } = await open(fixture('extension.html'));
  await dragSelect(page, UN, '#un');
  assert.equal(script.present(), false, 'no content script in the page');
  assert.equal(await countPopovers(page), 0);
  assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-claimlens')), null);
  // Control: the reader turns it on for this tab, and the selection already made opens.
  await enableTab(tabId);
  await page.waitForSelector('claimlens-popover');
  assert.equal((await popover(page)).id, 'nearly-a-dozen-un-resolutions');
  assert.ok(script.present());
});

test('"Check this page" (enableTab): selecting a claim opens its popover', async () => {
  const { page, tabId, script } = await open(fixture('extension.html'));
  assert.ok(tabId, 'the tab is found');
  await enableTab(tabId);
  await enableTab(tabId); // a second click injects again: still one widget
  assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-claimlens')), 'extension');
  await script.instrument();

  await dragSelect(page, UN, '#un');
  await page.waitForSelector('claimlens-popover');
  const p = await popover(page);
  assert.equal(p.id, 'nearly-a-dozen-un-resolutions');
  assert.equal(p.verdict, 'Accurate');
  assert.equal(p.label, 'Fact-check: Accurate');
  assert.match(p.text, /nearly a dozen United Nations resolutions/);
  assert.ok(p.links.length >= 1);
  for (const a of p.links) {
    assert.equal(a.target, '_blank');
    assert.equal(a.rel, 'noopener noreferrer');
    assert.match(a.href, /^https?:\/\//);
  }
  const host = await page.evaluate(() => {
    const h = document.querySelector('claimlens-popover');
    const r = h.getBoundingClientRect();
    return { theme: h.dataset.theme, origin: h.dataset.origin, styled: h.shadowRoot.adoptedStyleSheets.length, top: r.top, visible: getComputedStyle(h).visibility };
  });
  assert.deepEqual([host.theme, host.origin, host.styled, host.visible], ['auto', 'extension', 1, 'visible']);
  assert.ok(host.top > 0, 'placed next to the selection');
  await fadeIn(page);
  await page.screenshot({ path: path.join(SHOTS, 'extension-popover.png') });

  // Another claim replaces it; Esc closes it; one popover at a time.
  await dragSelect(page, NUKES, '#nukes');
  await page.waitForFunction(() => document.querySelector('claimlens-popover')?.dataset.claimId === 'six-more-nuclear-weapons');
  assert.equal((await popover(page)).verdict, 'Needs context');
  assert.equal(await countPopovers(page), 1);
  await page.keyboard.press('Escape');
  await page.waitForSelector('claimlens-popover', { state: 'detached' });

  // An outside click closes it too.
  await dragSelect(page, UN, '#un');
  await page.waitForSelector('claimlens-popover');
  await page.mouse.click(5, 5);
  await page.waitForSelector('claimlens-popover', { state: 'detached' });

  // Not a claim: the background is asked, answers nothing, and nothing opens.
  const geneva = 'The delegations left Geneva on Friday.';
  let from = await script.passes();
  await dragSelect(page, geneva, '#un');
  assert.deepEqual(await script.handled(geneva, from), [null], 'asked once, no match');
  assert.equal(await countPopovers(page), 0);
  // The claim itself, in a form field: handled without asking, nothing opens.
  from = await script.passes();
  await page.evaluate(() => {
    const t = document.querySelector('#comment');
    t.focus();
    t.setSelectionRange(0, t.value.length);
  });
  assert.deepEqual(await script.handled(UN, from), [], 'a form field is not even looked up');
  assert.equal(await countPopovers(page), 0);
});

test('a strict-CSP page that rewords claims: the right popovers, and silence on the rest', async () => {
  // The page forbids compiling wasm ('wasm-unsafe-eval' is not in its CSP);
  // the engine runs in the extension, so rewordings are still found.
  const { page, tabId, script } = await open(fixture('reworded.html'));
  await enableTab(tabId);
  await script.instrument();
  const bombs = 'Pyongyang may have produced roughly six additional nuclear bombs since the leaders first met in Singapore.';
  await dragSelect(page, bombs, '#bombs');
  await page.waitForSelector('claimlens-popover');
  assert.equal((await popover(page)).id, 'six-more-nuclear-weapons');
  // (Closed first: the open popover may cover the next paragraph.)
  await page.keyboard.press('Escape');
  await page.waitForSelector('claimlens-popover', { state: 'detached' });
  const drills = 'Washington called off several large-scale military drills it used to hold with Seoul.';
  await dragSelect(page, drills, '#drills');
  await page.waitForSelector('claimlens-popover');
  assert.equal((await popover(page)).id, 'allied-exercises-cancelled');
  await page.keyboard.press('Escape');
  await page.waitForSelector('claimlens-popover', { state: 'detached' });
  // An unrelated sentence on the same page: asked, no match, nothing opens.
  const ferry = 'the town ferry carried a record 41,000 passengers in August';
  const from = await script.passes();
  await dragSelect(page, ferry, '#ferry');
  assert.deepEqual(await script.handled(ferry, from), [null], 'asked once, no match');
  assert.equal(await countPopovers(page), 0);
});

test('"Always run on <site>" (enableSite): every page of the site, until stopped', async () => {
  const pattern = await worker.evaluate((url) => globalThis.claimlens.enableSite(url), server.url);
  assert.equal(pattern, 'http://127.0.0.1/*');
  let { page } = await open(fixture('extension.html'));
  await page.waitForFunction(() => document.documentElement.getAttribute('data-claimlens') === 'extension');
  await dragSelect(page, NUKES, '#nukes');
  await page.waitForSelector('claimlens-popover');
  assert.equal((await popover(page)).id, 'six-more-nuclear-weapons');
  await page.close();

  await worker.evaluate((url) => globalThis.claimlens.disableSite(url), server.url);
  assert.deepEqual(await worker.evaluate(() => chrome.scripting.getRegisteredContentScripts()), [], 'nothing left to inject');
  let tabId;
  let script;
  ({ page, tabId, script } = await open(fixture('extension.html')));
  await dragSelect(page, NUKES, '#nukes');
  assert.equal(script.present(), false, 'no content script in the page');
  assert.equal(await countPopovers(page), 0);
  assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-claimlens')), null);
  // Control: "Check this page" on the same page still works.
  await enableTab(tabId);
  await page.waitForSelector('claimlens-popover');
  assert.equal((await popover(page)).id, 'six-more-nuclear-weapons');
  await page.close();
});

test('the toolbar popup: "Check this page", "Always run on <site>", "Stop"', async () => {
  const { page, tabId } = await open(fixture('extension.html'));
  const popup = await context.newPage();
  await watch(popup, { closeAfter: popup });
  await popup.goto(`chrome-extension://${extensionId}/popup.html?tab=${tabId}`);
  await popup.waitForSelector('#actions:not([hidden])');
  assert.equal(await popup.locator('#always').textContent(), 'Always run on 127.0.0.1');
  assert.ok(await popup.locator('#stop').isHidden());

  await popup.click('#check');
  await popup.waitForFunction(() => document.querySelector('#status').textContent !== '');
  assert.match(await popup.locator('#status').textContent(), /^ClaimLens is on for this page/);
  assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-claimlens')), 'extension');

  // The click is a real gesture, and the (test-only) permission is already
  // held, so permissions.request answers without a prompt.
  await popup.click('#always');
  await popup.waitForSelector('#stop:not([hidden])');
  assert.equal((await worker.evaluate(() => chrome.scripting.getRegisteredContentScripts())).length, 1);
  await popup.click('#stop');
  await popup.waitForSelector('#always:not([hidden])');
  assert.deepEqual(await worker.evaluate(() => chrome.scripting.getRegisteredContentScripts()), []);
  await popup.close();
  await page.close();
});

test('a page that already has the script-tag widget gets exactly one popover', async () => {
  await worker.evaluate((url) => globalThis.claimlens.enableSite(url), server.url);
  try {
    const { page, tabId, script } = await open(fixture('elsewhere.html'));
    await waitForEvent(page, 'ready');
    await enableTab(tabId); // the reader also clicks "Check this page"
    // The content script ran (executeScript resolves after it did) and
    // stepped aside: had it gone on, it would have marked <html> as its own,
    // synchronously, before enableTab resolved.
    assert.equal(await script.evaluate('globalThis.__claimLensExtension === true'), true, 'the content script ran');
    assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-claimlens')), 'ready', 'and left the page to the tag');
    const handled = await selectAndSettle(page, UN, () => dragSelect(page, UN, 'main'));
    assert.equal(handled.id, 'nearly-a-dozen-un-resolutions');
    assert.equal(await countPopovers(page), 1);
    const host = await page.evaluate(() => document.querySelector('claimlens-popover').dataset);
    assert.equal(host.claimId, 'nearly-a-dozen-un-resolutions');
    assert.equal(host.origin, undefined, "it is the page's own popover, not the extension's");
    await page.close();

    // The other way round: the extension runs first, then the page adds the
    // tag; the page's loader sees data-claimlens and stays out (synchronously:
    // addScriptTag resolves once the script has run).
    const late = await open(fixture('extension.html'));
    await late.page.waitForFunction(() => document.documentElement.getAttribute('data-claimlens') === 'extension');
    await late.script.instrument();
    await late.page.addScriptTag({ url: '/cdn/any/path/claimlens.js' });
    assert.equal(await late.page.evaluate(() => document.documentElement.getAttribute('data-claimlens')), 'extension', 'the loader stayed out');
    assert.equal(await late.page.evaluate(() => typeof window.ClaimLens), 'undefined');
    const from = await late.script.passes();
    await dragSelect(late.page, UN, '#un');
    assert.deepEqual(await late.script.handled(UN, from), ['nearly-a-dozen-un-resolutions']);
    await late.page.waitForSelector('claimlens-popover');
    assert.equal(await countPopovers(late.page), 1);
    assert.equal(await late.page.evaluate(() => document.querySelector('claimlens-popover').dataset.origin), 'extension', "the extension's");
    assert.ok(!(await events(late.page)).some((e) => e.type === 'ready'), 'no page widget started');
    await late.page.close();
  } finally {
    await worker.evaluate((url) => globalThis.claimlens.disableSite(url), server.url);
  }
});

test('options: theme, annotate, databases from a URL and a file, with clear errors', async () => {
  const options = await context.newPage();
  await watch(options, { closeAfter: options });
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.check('input[name=theme][value=dark]');
  await options.check('#annotate');
  await options.waitForFunction(() => chrome.storage.local.get(['theme', 'annotate']).then((s) => s.theme === 'dark' && s.annotate === true));

  const status = () => options.locator('#status').textContent();
  const loadUrl = async (url) => {
    await options.fill('#url', url);
    await options.click('#from-url button');
    await options.waitForFunction(() => !document.querySelector('#status').textContent.startsWith('Loading'));
    return status();
  };
  assert.match(await loadUrl(fixture('no-such-database.json')), /^Could not add .*HTTP 404 \[unreachable\]$/);
  assert.match(await loadUrl(fixture('extension.html')), /not valid JSON.*\[invalid-json\]$/);
  assert.equal(await options.locator('#status.error').count(), 1, 'shown as an error');

  // A file whose error message holds markup: shown as text.
  await options.setInputFiles('#file', { name: '<b>bad</b>.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') });
  await options.waitForFunction(() => document.querySelector('#status').textContent.includes('wrong-shape'));
  assert.match(await status(), /^Could not add <b>bad<\/b>\.json: .*\[wrong-shape\]$/);
  assert.equal(await options.locator('#status b').count(), 0);

  assert.match(await loadUrl(fixture('extra-claims.json')), /^Added .*extra-claims\.json: 1 claim loaded; \d+ in all\.$/);
  await options.waitForFunction(() => document.querySelectorAll('#databases li').length === 1);
  assert.match(await options.locator('#databases li').textContent(), /extra-claims\.json: 1 claim/);

  // The added claim matches on a page, in the chosen theme, with annotate handed over.
  const { page, tabId, script } = await open(fixture('extension.html'));
  await enableTab(tabId);
  await script.instrument();
  await dragSelect(page, FERRY, '#ferry');
  await page.waitForSelector('claimlens-popover');
  const ferry = await popover(page);
  assert.equal(ferry.id, 'ferry-record');
  assert.equal(ferry.verdict, 'Mostly true');
  assert.deepEqual(ferry.links.map((l) => l.href), ['https://port.example/reports/2026-08'], 'the javascript: link is dropped');
  const host = await page.evaluate(() => ({ ...document.querySelector('claimlens-popover').dataset }));
  assert.equal(host.theme, 'dark');
  await fadeIn(page);
  await page.screenshot({ path: path.join(SHOTS, 'extension-popover-dark.png') });
  await page.keyboard.press('Escape');

  // Annotate mode is on: every claim on the page is marked, and hovering a
  // mark opens its popover.
  await page.evaluate(() => getSelection().removeAllRanges());
  await page.waitForFunction(() => CSS.highlights.get('claimlens')?.size >= 3);
  const marked = await page.evaluate(() => [...CSS.highlights.get('claimlens')].map((r) => r.toString()));
  assert.ok(marked.some((t) => t.includes('41,000 passengers')), JSON.stringify(marked));
  const at = await page.evaluate(() => {
    const r = [...CSS.highlights.get('claimlens')][0].getClientRects()[0];
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  });
  await page.mouse.move(at.x, at.y);
  await page.waitForSelector('claimlens-popover');
  await page.keyboard.press('Escape');

  // Removed: the engine is rebuilt from what is stored, without it.
  await options.click('#databases li button');
  await options.waitForFunction(() => document.querySelectorAll('#databases li').length === 0);
  await page.evaluate(() => getSelection().removeAllRanges());
  const from = await script.passes();
  await dragSelect(page, FERRY, '#ferry');
  assert.deepEqual(await script.handled(FERRY, from), [null], 'the background no longer knows it');
  assert.equal(await countPopovers(page), 0);
  await page.close();
  await options.close();
});

test('privacy: no request leaves for anywhere but the test server and the extension', async () => {
  const origin = new URL(server.url).origin;
  const allowed = (url) => url.startsWith(`${origin}/`) || url.startsWith(`chrome-extension://${extensionId}/`);
  assert.deepEqual(requests.filter((u) => !allowed(u)), []);
  const own = (r) => r.includes(extensionId) || r.includes('127.0.0.1');
  assert.deepEqual(trapped.filter((r) => own(r) || !CHROMIUM_SERVICES.test(r)), [], 'nothing else tried to leave 127.0.0.1');
  // The recording sees the service worker too: it fetched the wasm.
  assert.ok(requests.includes(`chrome-extension://${extensionId}/claimlens_web_bg.wasm`), 'the background is observed');
  // The one request to a database URL was the reader's (in the options test).
  assert.ok(requests.includes(fixture('extra-claims.json')));
});
