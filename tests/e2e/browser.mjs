// Shared set-up for the end-to-end tests: Debian's Chromium driven by
// playwright-core (no browser download), and the project's own server.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
export { startServer } from '../../scripts/server.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Screenshots go here (git-ignored). */
export const SHOTS = path.join(ROOT, 'target', 'e2e');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** Flags for Chromium as root on a closed network (see the README). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

export async function launch() {
  fs.mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * Opens `url` in a fresh page that records ClaimLens events, console
 * messages and page errors, and waits for `claimlens:ready`.
 */
export async function openPage(browser, url, { viewport = { width: 1280, height: 900 }, waitReady = true } = {}) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const log = { console: [], errors: [] };
  page.on('console', (m) => log.console.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => log.errors.push(String(e)));
  await page.addInitScript(() => {
    window.__events = [];
    for (const name of ['ready', 'open', 'close']) {
      document.addEventListener(`claimlens:${name}`, (e) => window.__events.push({ type: name, detail: e.detail }));
    }
  });
  await page.goto(url);
  if (waitReady) await page.waitForFunction(() => window.__events.some((e) => e.type === 'ready'));
  return { page, context, log };
}

/** The events recorded so far. */
export const events = (page) => page.evaluate(() => window.__events);

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
