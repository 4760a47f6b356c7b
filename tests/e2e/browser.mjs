// Shared set-up for the end-to-end tests: Debian's Chromium driven by
// playwright-core (no browser download), and the project's own server.
import { afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium } from './chromium.mjs';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
export { startServer } from '../../scripts/server.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Screenshots go here (git-ignored). */
export const SHOTS = path.join(ROOT, 'target', 'e2e');

export { CHROMIUM, CHROMIUM_ARGS } from './chromium.mjs';

export async function launch() {
  fs.mkdirSync(SHOTS, { recursive: true });
  return launchChromium();
}

/** Every event the widget fires on `document`, recorded in order by `watch`. */
export const EVENTS = ['ready', 'open', 'close', 'settled', 'annotated', 'loaded', 'error'];

// Logs of the pages watched during the current test; the afterEach below
// checks them all, then closes what openPage opened.
const watched = new Set();

/**
 * Records, for `page`, its console messages, page errors (uncaught
 * exceptions and unhandled rejections, as Chromium reports them), the
 * `error` and `unhandledrejection` events its documents see, and the
 * ClaimLens events (`window.__events`, in order). Call before the first
 * navigation. Every watched page is checked automatically after each test
 * (see `assertClean`); nothing to do by hand. `closeAfter` (the page or its
 * context) is closed after the test, passed or failed.
 */
export async function watch(page, { closeAfter = null } = {}) {
  const log = { page, closeAfter, console: [], errors: [], uncaught: [] };
  page.on('console', (m) => log.console.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => log.errors.push(String(e)));
  await page.addInitScript((names) => {
    window.__events = [];
    window.__uncaught = [];
    for (const name of names) {
      document.addEventListener(`claimlens:${name}`, (e) => window.__events.push({ type: name, detail: e.detail }));
    }
    addEventListener('error', (e) => window.__uncaught.push(`error: ${e.message}`));
    addEventListener('unhandledrejection', (e) => window.__uncaught.push(`unhandledrejection: ${e.reason && e.reason.stack ? e.reason.stack.split('\n')[0] : e.reason}`));
  }, EVENTS);
  watched.add(log);
  return log;
}

/**
 * Fails when the page saw an uncaught error, an unhandled rejection, or a
 * ClaimLens panic (guarded panics are swallowed and only logged, so the
 * console is the one place they show). Expected console errors (a 404 the
 * test asked for, a bad database) are fine.
 */
export function assertClean(log) {
  const problems = [
    ...log.errors.map((e) => `pageerror: ${e}`),
    ...log.uncaught.map((e) => `in the page: ${e}`),
    ...log.console.filter((l) => /ClaimLens: internal error|panicked at/.test(l)).map((l) => `panic: ${l}`),
  ];
  assert.deepEqual(problems, [], `uncaught errors on ${log.url ?? 'the page'}`);
}

/** Reads what the page's own listeners caught, while the page is still open. */
async function flush(log) {
  if (log.page.isClosed()) return;
  log.url = log.page.url();
  try {
    log.uncaught = await log.page.evaluate(() => window.__uncaught ?? []);
  } catch {
    // The page is navigating or closing: the pageerror listener still saw it all.
  }
}

/** `assertClean` now, in the middle of a test (the after-each check runs anyway). */
export async function assertCleanNow(log) {
  await flush(log);
  assertClean(log);
}

/** Waits until the page has logged a console line for which `test(line)` holds ("type: text"); returns it. */
export function waitForConsole(log, test, { timeout = 30_000 } = {}) {
  const seen = log.console.find(test);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      log.page.off('console', on);
      reject(new Error(`no console line matched within ${timeout} ms; saw ${JSON.stringify(log.console)}`));
    }, timeout);
    function on() {
      const line = log.console.find(test);
      if (line) {
        clearTimeout(timer);
        log.page.off('console', on);
        resolve(line);
      }
    }
    log.page.on('console', on);
  });
}

/**
 * Closes a watched page's context before the test ends (a test that must,
 * e.g. to stop its own server); what the page caught is read first, and the
 * after-each check still runs.
 */
export async function closePage(log) {
  await flush(log);
  await (log.closeAfter ?? log.page).close();
}

// After every test of every file that imports this module: no watched page
// had an uncaught error, and the contexts openPage made are closed.
afterEach(async () => {
  const logs = [...watched];
  watched.clear();
  for (const log of logs) await flush(log);
  for (const log of logs) if (log.closeAfter) await log.closeAfter.close().catch(() => {});
  for (const log of logs) assertClean(log);
});

/**
 * Opens `url` in a fresh context and page that are watched (`watch`) and
 * closed after the test, and waits for `claimlens:ready`. `init`, if given,
 * is added as an init script before the page loads (a test sabotaging or
 * instrumenting the page).
 */
export async function openPage(browser, url, { viewport = { width: 1280, height: 900 }, waitReady = true, contextOptions = {}, init = null } = {}) {
  const context = await browser.newContext({ viewport, ...contextOptions });
  const page = await context.newPage();
  const log = await watch(page, { closeAfter: context });
  if (init) await page.addInitScript(init);
  await page.goto(url);
  if (waitReady) await waitForEvent(page, 'ready');
  return { page, context, log };
}

/** The events recorded so far. */
export const events = (page) => page.evaluate(() => window.__events);

/** How many events have been recorded: pass it as `after` to wait for a later one. */
export const eventCount = (page) => page.evaluate(() => window.__events.length);

/**
 * Waits for the first `type` event, at index `after` or later, whose detail
 * has the fields of `match` (`text` compared without surrounding space;
 * `{ includes: x }` for an array that holds x), and returns its detail.
 */
export async function waitForEvent(page, type, match = {}, { after = 0, timeout } = {}) {
  const found = await page.waitForFunction(([type, match, after]) => {
    const hit = window.__events.slice(after).find((e) => e.type === type && Object.entries(match).every(([k, v]) => {
      const got = e.detail?.[k];
      if (v && typeof v === 'object' && 'includes' in v) return Array.isArray(got) && got.includes(v.includes);
      return k === 'text' ? String(got).trim() === v.trim() : got === v;
    }));
    return hit ? { detail: hit.detail } : null;
  }, [type, match, after], { timeout }).catch(async (e) => {
    const seen = await page.evaluate(() => window.__events.map((x) => `${x.type} ${JSON.stringify(x.detail).slice(0, 80)}`)).catch(() => []);
    throw new Error(`no claimlens:${type} ${JSON.stringify(match)} (from event #${after}): ${e.message.split('\n')[0]}; events: ${JSON.stringify(seen.slice(after))}`);
  });
  return (await found.jsonValue()).detail;
}

/**
 * Runs `act` (which makes a selection of `text`), then waits until the
 * widget has handled that selection (`claimlens:settled` with its text) and
 * returns the detail: `id` is the claim whose popover is open, or null.
 */
export async function selectAndSettle(page, text, act) {
  const after = await eventCount(page);
  await act();
  return waitForEvent(page, 'settled', { text }, { after });
}

/** Waits until the open popover's entrance animation has finished (before a screenshot or a look at its box). */
export function fadeIn(page) {
  return page.evaluate(async () => {
    const host = document.querySelector('claimlens-popover');
    await Promise.all(host.shadowRoot.getAnimations().map((a) => a.finished));
  });
}

/**
 * Selects `text` (its first occurrence inside `scope`) by dragging the mouse
 * from its first character to its last, as a reader would.
 */
export async function dragSelect(page, text, scope = 'body') {
  const box = await page.evaluate(([text, scope]) => {
    const root = document.querySelector(scope);
    const full = root.textContent;
    const start = full.indexOf(text);
    if (start < 0) throw new Error(`text not on page: ${text}`);
    const end = start + text.length;
    // Map text offsets to (node, offset) pairs.
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let pos = 0;
    let a = null;
    let b = null;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const len = n.data.length;
      if (!a && start < pos + len) a = [n, start - pos];
      if (!b && end <= pos + len) { b = [n, end - pos]; break; }
      pos += len;
    }
    const r1 = document.createRange();
    r1.setStart(a[0], a[1]);
    r1.setEnd(a[0], a[1] + 1);
    const r2 = document.createRange();
    r2.setStart(b[0], b[1] - 1);
    r2.setEnd(b[0], b[1]);
    a[0].parentElement.scrollIntoView({ block: 'center' });
    const s = r1.getBoundingClientRect();
    const e = r2.getBoundingClientRect();
    return { x1: s.left + 1, y1: s.top + s.height / 2, x2: e.right - 1, y2: e.top + e.height / 2 };
  }, [text, scope]);
  await page.mouse.move(box.x1, box.y1);
  await page.mouse.down();
  await page.mouse.move((box.x1 + box.x2) / 2, (box.y1 + box.y2) / 2, { steps: 8 });
  await page.mouse.move(box.x2, box.y2, { steps: 8 });
  await page.mouse.up();
}

/** The popover's host, its claim id and its visible text (null if none). */
export function popover(page) {
  return page.evaluate(() => {
    const host = document.querySelector('claimlens-popover');
    if (!host) return null;
    const root = host.shadowRoot;
    const links = [...root.querySelectorAll('a')].map((a) => ({
      href: a.getAttribute('href'), target: a.target, rel: a.rel, text: a.textContent,
    }));
    const dialog = root.querySelector('[role=dialog]');
    return {
      id: host.dataset.claimId,
      text: root.textContent,
      verdict: root.querySelector('.verdict-label')?.textContent,
      label: dialog?.getAttribute('aria-label'),
      links,
    };
  });
}
