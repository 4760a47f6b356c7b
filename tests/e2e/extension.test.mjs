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
import { startServer, dragSelect, popover, CHROMIUM_ARGS, ROOT, SHOTS } from './browser.mjs';

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
/** Opens `url` in a new tab (a unique URL, to find its tab); returns the page and its tab id. */
async function open(url) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${url}?tab=${++opened}`);
  const tabId = await worker.evaluate(async (u) => (await chrome.tabs.query({ url: u }))[0]?.id, page.url());
  return { page, tabId, errors };
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
  for (const f of ['claimlens_core.js', 'claimlens_core_bg.wasm', 'content.js', 'popup.html', 'options.html']) {
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
  const { page, errors } = await open(fixture('extension.html'));
  await dragSelect(page, UN, '#un');
  await page.waitForTimeout(800);
  assert.equal(await countPopovers(page), 0);
  assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-claimlens')), null);
  assert.deepEqual(errors, []);
  await page.close();
});

test('"Check this page" (enableTab): selecting a claim opens its popover', async () => {
  const { page, tabId, errors } = await open(fixture('extension.html'));
  assert.ok(tabId, 'the tab is found');
  await enableTab(tabId);
  await enableTab(tabId); // a second click injects again: still one widget
  assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-claimlens')), 'extension');

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
  await page.waitForTimeout(300); // let the fade-in finish
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

  // Not a claim, and text in a form field: nothing.
  await dragSelect(page, 'The delegations left Geneva on Friday.', '#un');
  await page.evaluate(() => {
    const t = document.querySelector('#comment');
    t.focus();
    t.setSelectionRange(0, t.value.length);
  });
  await page.waitForTimeout(800);
  assert.equal(await countPopovers(page), 0);
  assert.deepEqual(errors, []);
  await page.close();
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
  assert.deepEqual(await worker.evaluate(() => chrome.scripting.getRegisteredContentScripts()), []);
  ({ page } = await open(fixture('extension.html')));
  await dragSelect(page, NUKES, '#nukes');
  await page.waitForTimeout(800);
  assert.equal(await countPopovers(page), 0);
  await page.close();
});

test('the toolbar popup: "Check this page", "Always run on <site>", "Stop"', async () => {
  const { page, tabId } = await open(fixture('extension.html'));
  const popup = await context.newPage();
  const errors = [];
  popup.on('pageerror', (e) => errors.push(String(e)));
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
  assert.deepEqual(errors, []);
  await popup.close();
  await page.close();
});

test('a page that already has the script-tag widget gets exactly one popover', async () => {
  await worker.evaluate((url) => globalThis.claimlens.enableSite(url), server.url);
  try {
    const { page, tabId, errors } = await open(fixture('elsewhere.html'));
    await page.waitForFunction(() => document.documentElement.getAttribute('data-claimlens') === 'ready');
    await enableTab(tabId); // the reader also clicks "Check this page"
    await dragSelect(page, UN, 'main');
    await page.waitForSelector('claimlens-popover');
    await page.waitForTimeout(800); // give a second widget every chance to show up
    assert.equal(await countPopovers(page), 1);
    const host = await page.evaluate(() => document.querySelector('claimlens-popover').dataset);
    assert.equal(host.claimId, 'nearly-a-dozen-un-resolutions');
    assert.equal(host.origin, undefined, "it is the page's own popover, not the extension's");
    assert.deepEqual(errors, []);
    await page.close();

    // The other way round: the extension runs first, then the page adds the
    // tag; the page's loader sees data-claimlens and stays out.
    const late = await open(fixture('extension.html'));
    await late.page.waitForFunction(() => document.documentElement.getAttribute('data-claimlens') === 'extension');
    await late.page.addScriptTag({ url: '/cdn/any/path/claimlens.js' });
    await dragSelect(late.page, UN, '#un');
    await late.page.waitForSelector('claimlens-popover');
    await late.page.waitForTimeout(800);
    assert.equal(await countPopovers(late.page), 1);
    assert.equal(await late.page.evaluate(() => typeof window.ClaimLens), 'undefined');
    assert.equal(await late.page.evaluate(() => document.querySelector('claimlens-popover').dataset.origin), 'extension', "the extension's");
    assert.deepEqual(late.errors, []);
    await late.page.close();
  } finally {
    await worker.evaluate((url) => globalThis.claimlens.disableSite(url), server.url);
  }
});

test('options: theme, annotate, databases from a URL and a file, with clear errors', async () => {
  const options = await context.newPage();
  const errors = [];
  options.on('pageerror', (e) => errors.push(String(e)));
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
  const { page, tabId } = await open(fixture('extension.html'));
  await enableTab(tabId);
  await dragSelect(page, FERRY, '#ferry');
  await page.waitForSelector('claimlens-popover');
  const ferry = await popover(page);
  assert.equal(ferry.id, 'ferry-record');
  assert.equal(ferry.verdict, 'Mostly true');
  assert.deepEqual(ferry.links.map((l) => l.href), ['https://port.example/reports/2026-08'], 'the javascript: link is dropped');
  const host = await page.evaluate(() => ({ ...document.querySelector('claimlens-popover').dataset }));
  assert.equal(host.theme, 'dark');
  await page.waitForTimeout(300);
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
  await dragSelect(page, FERRY, '#ferry');
  await page.waitForTimeout(800);
  assert.equal(await countPopovers(page), 0);
  assert.deepEqual(errors, []);
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
  assert.ok(requests.includes(`chrome-extension://${extensionId}/claimlens_core_bg.wasm`), 'the background is observed');
  // The one request to a database URL was the reader's (in the options test).
  assert.ok(requests.includes(fixture('extra-claims.json')));
});
