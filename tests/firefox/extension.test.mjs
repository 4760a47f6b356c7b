// End to end in Firefox: the browser extension exactly as built
// (dist/extension/, `make dist`), installed as a temporary add-on into
// Debian's firefox-esr through geckodriver (./webdriver.mjs).
//
//   node --test tests/firefox/extension.test.mjs
//
// In Firefox the background is an event page (background.scripts), not a
// service worker, and it is what runs the wasm. A fixed moz-extension UUID
// (pref extensions.webextensions.uuids) lets WebDriver open the extension's
// own pages, which needs geckodriver --allow-system-access.
//
// How the extension is turned on for a page, without the toolbar button
// (automation cannot click browser chrome, so there is no activeTab grant):
// the reader's other path, "Always run on <site>". popup.js's handler calls
// permissions.request({ origins: [site] }) inside a click and then sends
// { type: 'enable-site', url, tabId } to the background. Firefox accepts
// permissions.request only "from a user input handler" (checked below), so
// the test puts a button with that same handler on the options page (an
// extension page, where permissions.request is available) and clicks it
// with a WebDriver click, which Firefox treats as real user input. The pref
// extensions.webextOptionalPermissionPrompts = false grants the optional
// permission without showing the prompt: it stands in for the reader
// clicking "Allow". The popup itself cannot be used for this step because,
// opened as a page with no activeTab grant, it cannot read the tab's URL;
// once the site is granted it can, and the test then uses its real "Stop"
// button. Unlike the Chromium test, the manifest is not modified.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from './webdriver.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIST = path.join(ROOT, 'dist', 'extension');
const FIXTURES = path.join(ROOT, 'tests', 'e2e', 'fixtures');
const SHOTS = path.join(ROOT, 'target', 'e2e', 'firefox');
const ID = JSON.parse(fs.readFileSync(path.join(DIST, 'manifest.json'), 'utf8')).browser_specific_settings.gecko.id;
const UUID = '6f1c2a34-7d0e-4b8a-9c35-2e4f5a6b7c8d';
const EXT = `moz-extension://${UUID}/`;
const UN = 'Pyongyang still ignores nearly a dozen UN Security Council resolutions';
const NUKES = 'North Korea has built about 6 more nukes since the Singapore summit';
const FERRY = 'the town ferry carried a record 41,000 passengers in August';
const UNRELATED = 'The delegations left Geneva on Friday.';
const STRICT_CSP = "default-src 'self'"; // no 'wasm-unsafe-eval': wasm cannot run in this page

let server;
let base;
let ff;
let tmp;
let pageTab; // WebDriver handles: the web page's tab and the extension pages' tab
let extTab;

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'claimlens-ff-ext-'));
  fs.copyFileSync(path.join(FIXTURES, 'extra-claims.json'), path.join(tmp, 'ferry-claims.json'));
  fs.writeFileSync(path.join(tmp, 'broken.json'), '{ not json');
  // The news page: the extension fixture, plus the page's own probe (a file,
  // as the CSP allows) that tries to compile wasm and records the outcome,
  // and an inline script the CSP must block.
  const page = fs.readFileSync(path.join(FIXTURES, 'extension.html'), 'utf8').replace('</head>',
    '<script src="/probe.js"></script>\n<script>document.documentElement.dataset.inline = "ran";</script>\n</head>');
  const probe = 'WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])).then('
    + '() => { document.documentElement.dataset.wasm = "compiled"; },'
    + '(e) => { document.documentElement.dataset.wasm = `refused: ${e.message}`; });';
  server = http.createServer((req, res) => {
    const headers = { 'Content-Security-Policy': STRICT_CSP, 'Cache-Control': 'no-store' };
    if (req.url === '/probe.js') res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript' }).end(probe);
    else if (req.url.startsWith('/news.html')) res.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' }).end(page);
    else res.writeHead(404, headers).end();
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${server.address().port}/`;

  fs.mkdirSync(SHOTS, { recursive: true });
  ff = await launch({
    systemAccess: true,
    prefs: {
      'extensions.webextensions.uuids': JSON.stringify({ [ID]: UUID }),
      'extensions.webextOptionalPermissionPrompts': false,
      'devtools.console.stdout.chrome': true, // the background's console goes to firefox.log too
    },
  });
  assert.equal(await ff.installAddon(DIST), ID);
  [pageTab] = await ff.windows();
  extTab = await ff.newTab();
});

after(async () => {
  await ff?.quit();
  await new Promise((ok) => (server ? server.close(ok) : ok()));
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  assert.deepEqual(ff?.trapped ?? [], [], 'Firefox tried to reach the network beyond 127.0.0.1');
});

/** Opens an extension page in the extension tab. */
async function openExtensionPage(file) {
  await ff.switchTo(extTab);
  await ff.navigate(EXT + file);
}

/** Sends a message to the background from the open extension page; `{ error }` answers are returned as they are. */
const ask = (msg) => ff.execute((msg) => browser.runtime.sendMessage(msg), msg);

/** The browser's tab id of the web page's tab (the one that is not this extension page). */
const pageTabId = () => ff.execute(async () => {
  const me = await browser.tabs.getCurrent();
  const others = (await browser.tabs.query({})).filter((t) => t.id !== me.id);
  if (others.length !== 1) throw new Error(`expected one other tab, found ${others.length}`);
  return others[0].id;
});

const popover = () => ff.execute(() => {
  const host = document.querySelector('claimlens-popover');
  if (!host) return null;
  const r = host.getBoundingClientRect();
  return {
    id: host.dataset.claimId,
    origin: host.dataset.origin,
    theme: host.dataset.theme,
    verdict: host.shadowRoot.querySelector('.verdict-label')?.textContent,
    text: host.shadowRoot.textContent,
    sheets: host.shadowRoot.adoptedStyleSheets.length,
    styleElements: host.shadowRoot.querySelectorAll('style').length,
    visible: getComputedStyle(host).visibility,
    top: r.top,
    links: [...host.shadowRoot.querySelectorAll('a')].map((a) => ({ href: a.getAttribute('href'), target: a.target, rel: a.rel })),
  };
});

/** Waits until the popover for `id` is open, placed and done fading in. */
const waitOpen = (id) => ff.waitFor((id) => {
  const host = document.querySelector('claimlens-popover');
  return host?.dataset.claimId === id && getComputedStyle(host).visibility === 'visible'
    && host.shadowRoot.getAnimations().every((a) => a.playState === 'finished');
}, [id], { what: `the popover for ${id}` });

test('the event page answers messages and runs the wasm', async () => {
  await openExtensionPage('options.html');
  const bg = await ff.execute(async () => {
    const w = await browser.runtime.getBackgroundPage();
    return { url: w.location.href, api: Object.keys(w.claimlens ?? {}).sort() };
  });
  // Firefox ran background.scripts as an event page (no service worker).
  assert.equal(bg.url, `${EXT}_generated_background_page.html`);
  assert.deepEqual(bg.api, ['disableSite', 'enableSite', 'enableTab', 'ready']);

  const found = await ask({ type: 'popover', text: 'Since the Singapore summit, the regime has built another estimated six nuclear weapons' });
  assert.equal(found.id, 'six-more-nuclear-weapons');
  assert.ok(found.score >= 0.6 && found.score <= 1);
  assert.equal(typeof found.view, 'object', 'the view tree for the popover');
  assert.equal(await ask({ type: 'popover', text: UNRELATED }), null);
  const rules = await ask({ type: 'rules' }); // the allow-lists the content script builds the popover with
  assert.ok(rules.tags.includes('a') && !rules.tags.includes('script'));
  assert.deepEqual(await ask({ type: 'settings' }), { theme: 'auto', annotate: false });
  assert.equal(await ask({ type: 'no-such-message' }), null, 'unknown messages get no answer');

  // Suspended, as Firefox does with an idle event page (here through the
  // same call as about:debugging's "Terminate Background Script"), it comes
  // back on the next message and builds the engine again.
  await ff.execute(async () => { window.__bg = await browser.runtime.getBackgroundPage(); });
  await ff.context('chrome');
  try {
    const persistent = await ff.execute(async (id) => {
      const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
      const persistent = ExtensionParent.DebugUtils.hasPersistentBackgroundScript(id);
      await ExtensionParent.DebugUtils.terminateBackgroundScript(id);
      return persistent;
    }, ID);
    assert.equal(persistent, false, 'Firefox treats the background as non-persistent (an event page)');
  } finally {
    await ff.context('content');
  }
  await ff.waitFor(() => {
    try {
      return window.__bg.closed;
    } catch (e) {
      return /dead object/.test(e.message); // Firefox cut the reference: that window is gone
    }
  }, [], { what: 'the event page to close' });
  assert.equal((await ask({ type: 'popover', text: NUKES })).id, 'six-more-nuclear-weapons');
  assert.equal(await ff.execute(async () => (await browser.runtime.getBackgroundPage()).closed), false);
});

test('options: a database from a file is listed, its claims match, and Remove takes them away', async () => {
  await openExtensionPage('options.html');
  await ff.waitFor(() => !document.querySelector('#no-databases').hidden, [], { what: 'the options page to list no database' });
  assert.equal(await ask({ type: 'popover', text: FERRY }), null, 'not a claim before the database is added');

  // A file that is not JSON: the engine's error, as text, and nothing listed.
  await ff.sendKeys('#file', path.join(tmp, 'broken.json'));
  const failed = await ff.waitFor(() => document.querySelector('#status.error')?.textContent, [], { what: 'the error line' });
  assert.match(failed, /^Could not add broken\.json: .*\[invalid-json\]$/);
  assert.equal(await ff.execute(() => document.querySelectorAll('#databases li').length), 0);

  // The fixture database, from a file, as a reader adds it.
  await ff.sendKeys('#file', path.join(tmp, 'ferry-claims.json'));
  const added = await ff.waitFor(() => document.querySelector('#databases li')?.textContent, [], { what: 'the database in the list' });
  assert.match(added, /^ferry-claims\.json: 1 claim/);
  assert.match(await ff.execute(() => document.querySelector('#status').textContent), /^Added ferry-claims\.json: 1 claim loaded/);
  assert.equal(await ff.execute(() => document.querySelector('#no-databases').hidden), true);
  assert.equal((await ask({ type: 'popover', text: FERRY })).id, 'ferry-record');
  await ff.screenshot(path.join(SHOTS, 'extension-options.png'));

  // Kept: a fresh options page lists it too.
  await ff.navigate(EXT + 'options.html');
  assert.match(await ff.waitFor(() => document.querySelector('#databases li')?.textContent), /^ferry-claims\.json/);

  await ff.click('#databases li button');
  await ff.waitFor(() => document.querySelectorAll('#databases li').length === 0 && !document.querySelector('#no-databases').hidden,
    [], { what: 'the list to empty' });
  assert.equal(await ff.execute(() => document.querySelector('#status').textContent), 'Removed ferry-claims.json.');
  assert.equal(await ask({ type: 'popover', text: FERRY }), null, 'its claims are gone');
  assert.deepEqual(await ff.execute(() => browser.storage.local.get('databases')), { databases: [] });
});

test('a strict-CSP page: nothing until the site is enabled, then selecting a claim opens the popover', async () => {
  await ff.switchTo(pageTab);
  const from = ff.logs.length;
  await ff.navigate(`${base}news.html`);
  // The page's CSP is real: its own wasm and its inline script are refused.
  const wasm = await ff.waitFor(() => document.documentElement.dataset.wasm, [], { what: 'the page probe' });
  assert.match(wasm, /^refused: .*CSP/);
  assert.equal(await ff.execute(() => document.documentElement.dataset.inline ?? 'blocked'), 'blocked');

  // Not enabled: no content script in the page. A selection made now is
  // kept; the content script looks at it when it arrives (the control below).
  await ff.dragSelect(UN, '#un');
  assert.equal(await ff.execute(() => getSelection().toString()), UN);
  assert.equal(await ff.execute(() => document.documentElement.getAttribute('data-claimlens')), null);
  assert.equal(await popover(), null);

  await openExtensionPage('options.html');
  const tabId = await pageTabId();
  // Without user input Firefox refuses to ask for the permission at all.
  assert.match(await ff.execute(() => browser.permissions.request({ origins: ['http://127.0.0.1/*'] }).then(String, (e) => e.message)),
    /may only be called from a user input handler/);
  // The "Always run on <site>" handler of popup.js, on a button WebDriver clicks (see the top of this file).
  await ff.execute((url, tabId) => {
    const button = document.createElement('button');
    button.id = 'always';
    button.textContent = 'Always run on 127.0.0.1';
    button.addEventListener('click', () => {
      browser.permissions.request({ origins: [`${new URL(url).protocol}//${new URL(url).hostname}/*`] })
        .then((granted) => (granted ? browser.runtime.sendMessage({ type: 'enable-site', url, tabId }) : { error: 'not granted' }))
        .then((answer) => { document.body.dataset.answer = JSON.stringify(answer); });
    });
    document.body.prepend(button);
  }, `${base}news.html`, tabId);
  await ff.click('#always');
  assert.equal(JSON.parse(await ff.waitFor(() => document.body.dataset.answer, [], { what: 'enable-site' })), 'http://127.0.0.1/*');
  assert.equal(await ff.execute(() => browser.permissions.contains({ origins: ['http://127.0.0.1/*'] })), true);
  assert.deepEqual((await ff.execute(() => browser.scripting.getRegisteredContentScripts())).map((s) => s.matches), [['http://127.0.0.1/*']]);

  // The content script is in the page now, and the selection made before counts.
  await ff.switchTo(pageTab);
  await ff.waitFor(() => document.documentElement.getAttribute('data-claimlens') === 'extension', [], { what: 'the content script' });
  await waitOpen('nearly-a-dozen-un-resolutions');

  // A new selection with the mouse: the popover, styled and placed, on a page
  // whose CSP forbids wasm (the wasm runs in the event page).
  await ff.dragSelect(NUKES, '#nukes');
  await waitOpen('six-more-nuclear-weapons');
  const p = await popover();
  assert.equal(p.verdict, 'Needs context');
  assert.equal(p.origin, 'extension');
  assert.equal(p.theme, 'auto');
  assert.equal(p.visible, 'visible');
  assert.ok(p.top > 0, 'placed next to the selection');
  assert.deepEqual([p.sheets, p.styleElements], [1, 0], 'a constructable stylesheet, no <style> fallback');
  assert.ok(p.links.length >= 1);
  for (const a of p.links) {
    assert.equal(a.target, '_blank');
    assert.equal(a.rel, 'noopener noreferrer');
    assert.match(a.href, /^https?:\/\//);
  }
  await ff.screenshot(path.join(SHOTS, 'extension-strict-csp.png'));

  // An unrelated sentence, selected by script (a mouse press alone would
  // close the popover first): the popover closes when that selection is
  // matched and nothing is found, and no other opens.
  await ff.execute((text) => {
    const node = document.querySelector('#un').firstChild;
    const i = node.data.indexOf(text);
    const r = document.createRange();
    r.setStart(node, i);
    r.setEnd(node, i + text.length);
    getSelection().removeAllRanges();
    getSelection().addRange(r);
  }, UNRELATED);
  await ff.waitFor(() => !document.querySelector('claimlens-popover'), [], { what: 'the popover to close' });
  assert.equal(await ff.execute(() => getSelection().toString()), UNRELATED);

  // Esc closes a popover.
  await ff.dragSelect(UN, '#un');
  await waitOpen('nearly-a-dozen-un-resolutions');
  await ff.key('\uE00C');
  await ff.waitFor(() => !document.querySelector('claimlens-popover'), [], { what: 'Esc to close the popover' });

  // Always on: a reload brings the content script back by itself.
  await ff.navigate(`${base}news.html?again`);
  await ff.waitFor(() => document.documentElement.getAttribute('data-claimlens') === 'extension', [], { what: 'the registered content script' });
  await ff.dragSelect(NUKES, '#nukes');
  await waitOpen('six-more-nuclear-weapons');

  // The only CSP reports are the page's own probe and inline script, none from ClaimLens.
  const csp = ff.logs.slice(from).filter((l) => /Content-Security-Policy/.test(l.text)).map((l) => l.text);
  assert.equal(csp.length, 4, csp.join('\n')); // two per load of the page
  assert.equal(csp.filter((t) => /WebAssembly|inline script/.test(t)).length, 4, csp.join('\n'));
  assert.deepEqual(ff.logs.slice(from).filter((l) => l.type === 'javascript' && !/Content-Security-Policy/.test(l.text)), []);
});

test('annotate mode, switched on in the options, marks the claims on the strict-CSP page; hover opens one', async () => {
  await openExtensionPage('options.html');
  await ff.waitFor(() => document.querySelector('#annotate') && !document.querySelector('#annotate').checked);
  await ff.click('#annotate');
  await ff.waitFor(() => browser.storage.local.get('annotate').then((s) => s.annotate === true), [], { what: 'the setting to be kept' });
  try {
    await ff.switchTo(pageTab);
    await ff.navigate(`${base}news.html?annotate`);
    const marked = await ff.waitFor(() => CSS.highlights.get('claimlens')?.size && [...CSS.highlights.get('claimlens')].map((r) => r.toString()),
      [], { what: 'the marks' });
    assert.deepEqual(marked, [UN, NUKES], 'the claims, not the copy in the textarea');
    assert.equal(await ff.execute(() => document.adoptedStyleSheets.length), 1, 'the ::highlight rule, as a constructable sheet');
    const at = await ff.execute(() => {
      const r = [...CSS.highlights.get('claimlens')][1].getClientRects()[0];
      return { x: Math.round(r.left + r.width / 2), y: Math.round(r.top + r.height / 2) };
    });
    // One pointermove onto the mark: the content script looks at most at one move per 40 ms and
    // has no trailing call, so the last of a quick series of moves can go unseen.
    await ff.actions([{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' },
      actions: [{ type: 'pointerMove', origin: 'viewport', x: at.x, y: at.y, duration: 0 }] }]);
    await waitOpen('six-more-nuclear-weapons');
    await ff.screenshot(path.join(SHOTS, 'extension-annotate.png'));
  } finally {
    await openExtensionPage('options.html');
    await ff.waitFor(() => document.querySelector('#annotate')?.checked);
    await ff.click('#annotate');
    await ff.waitFor(() => browser.storage.local.get('annotate').then((s) => s.annotate === false));
  }
});

test('the popup, opened for the enabled tab, stops the site', async () => {
  await openExtensionPage('options.html');
  const tabId = await pageTabId();
  await ff.navigate(`${EXT}popup.html?tab=${tabId}`);
  // With the site granted, the popup can read the tab's address.
  await ff.waitFor(() => !document.querySelector('#stop').hidden, [], { what: 'the popup\'s Stop button' });
  assert.equal(await ff.execute(() => document.querySelector('#stop').textContent), 'Stop running on 127.0.0.1');
  await ff.click('#stop');
  await ff.waitFor(() => !document.querySelector('#always').hidden, [], { what: 'the popup to show Always run again' });
  assert.match(await ff.execute(() => document.querySelector('#status').textContent), /no longer runs by itself on 127\.0\.0\.1/);
  assert.deepEqual(await ff.execute(() => browser.scripting.getRegisteredContentScripts()), []);
  assert.equal(await ff.execute(() => browser.permissions.contains({ origins: ['http://127.0.0.1/*'] })), false, 'the permission is given back');
  // And the extension can no longer reach the page ("Check this page" needs the toolbar's activeTab grant).
  const refused = await ask({ type: 'enable-tab', tabId });
  assert.match(refused?.error?.message ?? '', /permission/i, JSON.stringify(refused));
});
