// A bounded soak of the script-tag widget in Chromium (`make soak`; not part
// of `make test`). For SOAK_SECONDS (default 60), on a single-page-app
// fixture whose main view is replaced every 700 ms while the widget runs in
// annotation mode, each of SOAK_LANES pages (default 2, each its own
// browser context, renderer and widget) does its share of:
//
// * 1,000 selections per minute in all: claims and non-claims, each awaited
//   through `claimlens:settled`, whose outcome must match the first time
//   that sentence was selected (made in the page: pointerdown, a selection,
//   pointerup, as a mouse would; every 25th by a real CDP mouse drag);
// * 100 `ClaimLens.load` calls per minute: good and bad inputs (JSON text,
//   objects, a URL, broken JSON, the wrong shape, a 404, javascript:), each
//   awaited and checked;
// * `destroy()` and a fresh `<script src=/dist/claimlens.js>` once every
//   50 selections, awaiting `claimlens:ready`.
//
// Selections settle 60 ms after the pointer is released (the widget's
// RELEASE_MS), so one page cannot do 1,000 in a minute and anything else
// too: the lanes share the work.
//
// Through CDP (page.context().newCDPSession(page)), after
// HeapProfiler.collectGarbage: the JS heap (Runtime.getHeapUsage and
// Performance.getMetrics JSHeapUsedSize), the wasm memory, DOM counters,
// and the listeners on document and window (DOMDebugger.getEventListeners),
// sampled at the start, after a warm-up (100 selections, 14 loads and two
// reinjections per lane, not counted in the run), at the end of each
// quarter, and after a last destroy(). Console messages DevTools keeps are
// discarded before each sample. Fails (exit 1) when:
//
// * the JS heap at a quarter is more than 20% over the post-warm-up sample;
// * the listeners on document and window exceed the page's own plus one
//   widget's (measured in the warm-up, between a destroy() and the next
//   start), or are not back to the page's own after the last destroy();
// * any page error, unhandled rejection or ClaimLens panic is seen;
// * a selection or a load comes out differently from what it should, the
//   workload is not done, or the run takes over twice SOAK_SECONDS.
//
// Prints a table and writes target/soak.json.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../tests/e2e/chromium.mjs';
import { startServer } from './server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SECONDS = Number(process.env.SOAK_SECONDS || 60);
const LANES = Math.max(1, Number(process.env.SOAK_LANES || 2));
const SELECTIONS = Number(process.env.SOAK_SELECTIONS || Math.round((1000 * SECONDS) / 60));
const LOADS = Number(process.env.SOAK_LOADS || Math.round((100 * SECONDS) / 60));
const REINJECT_EVERY = 50; // selections
const WARMUP = 2 * REINJECT_EVERY; // selections per lane before the post-warm-up sample
const MOUSE_EVERY = 25; // selections
const QUARTERS = 4;
const HEAP_TOLERANCE = 0.2;
const OUT = path.join(ROOT, 'target', 'soak.json');

if (!(SECONDS > 0) || !(SELECTIONS >= 0) || !(LOADS >= 0)) {
  console.error('soak: SOAK_SECONDS, SOAK_SELECTIONS and SOAK_LOADS must be positive numbers');
  process.exit(2);
}
if (!fs.existsSync(path.join(ROOT, 'dist', 'claimlens.js'))) {
  console.error('soak: dist/ is missing; run `make dist` first');
  process.exit(2);
}

/** Split `total` into `parts` whole shares, as even as can be. */
const shares = (total, parts) => Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));

// Installed in every page before it loads: what the soak does in the page.
function harness() {
  // The wasm memory (the widget's Rust heap lives in it): kept when the glue instantiates it.
  for (const name of ['instantiateStreaming', 'instantiate']) {
    const original = WebAssembly[name];
    WebAssembly[name] = async function (...args) {
      const result = await original.apply(this, args);
      // Found by type: dist/'s wasm exports it under a short name.
      const memory = Object.values((result.instance ?? result).exports ?? {}).find((v) => v instanceof WebAssembly.Memory);
      if (memory) window.__soakMemory = memory;
      return result;
    };
  }
  const counts = { settled: 0, annotated: 0, open: 0, close: 0, ready: 0 };
  for (const name of Object.keys(counts)) document.addEventListener(`claimlens:${name}`, () => counts[name]++);
  const uncaught = [];
  addEventListener('error', (e) => uncaught.push(`error: ${e.message}`));
  addEventListener('unhandledrejection', (e) => uncaught.push(`unhandledrejection: ${e.reason?.stack?.split('\n')[0] ?? e.reason}`));

  const waiters = new Set();
  document.addEventListener('claimlens:settled', (e) => {
    for (const w of [...waiters]) w(e.detail);
  });
  /** The next claimlens:settled for `text` (a guard rejects after `ms`). */
  function nextSettled(text, ms = 5000) {
    return new Promise((resolve, reject) => {
      const guard = setTimeout(() => {
        waiters.delete(w);
        reject(new Error(`no claimlens:settled for "${text.slice(0, 50)}" within ${ms} ms`));
      }, ms);
      function w(detail) {
        if (detail.text.trim() !== text.trim()) return;
        waiters.delete(w);
        clearTimeout(guard);
        resolve(detail);
      }
      waiters.add(w);
    });
  }
  const nextEvent = (name, ms) => new Promise((resolve, reject) => {
    const guard = setTimeout(() => reject(new Error(`no claimlens:${name} within ${ms} ms`)), ms);
    document.addEventListener(`claimlens:${name}`, (e) => {
      clearTimeout(guard);
      resolve(e.detail);
    }, { once: true });
  });
  const pointer = (type, target) => target.dispatchEvent(new PointerEvent(type, {
    bubbles: true, composed: true, cancelable: true, pointerType: 'mouse', isPrimary: true, button: 0, buttons: type === 'pointerdown' ? 1 : 0,
  }));

  /** Selects sentence `i` of #stable as a mouse would; resolves with the claim id that opened, or null. */
  async function select(i) {
    const p = document.getElementById(`s${i}`);
    const text = p.firstChild;
    pointer('pointerdown', p);
    const changed = new Promise((resolve) => document.addEventListener('selectionchange', resolve, { once: true }));
    getSelection().setBaseAndExtent(text, 0, text, text.length);
    await changed;
    const settled = nextSettled(text.data);
    pointer('pointerup', p);
    return (await settled).id;
  }

  const good = (n) => ({
    '@type': 'ClaimReview',
    id: `soak-${n % 5}`,
    claimReviewed: `The harbour ferry on route ${n % 5} carried ${1000 + n} passengers last month.`,
    author: { '@type': 'Organization', name: 'Soak Desk' },
    datePublished: '2026-01-01',
    reviewRating: { '@type': 'Rating', ratingValue: 4, bestRating: 5, worstRating: 1, alternateName: 'Mostly true' },
    context: 'A record made up for the soak.',
  });
  // [kind, input, expected outcome]: good inputs resolve, bad ones reject with their code.
  const loads = [
    ['JSON text', (n) => JSON.stringify([good(n)]), 'resolved'],
    ['not JSON', () => '{ not json', 'invalid-json'],
    ['object', (n) => [good(n)], 'resolved'],
    ['wrong shape', () => '{"hello": 1}', 'wrong-shape'],
    ['URL', () => '/fixtures/extra-claims.json', 'resolved'],
    ['404', () => '/no/such/soak-database.json', 'unreachable'],
    ['javascript:', () => 'javascript:alert(1)', 'unreachable'],
  ];
  /** Load number `n` (its kind by turn); resolves with [kind, outcome, expected, total claims]. */
  async function load(n) {
    const [kind, input, expected] = loads[n % loads.length];
    let outcome;
    try {
      await window.ClaimLens.load(input(n));
      outcome = 'resolved';
    } catch (e) {
      outcome = e.name === 'ClaimLensError' ? e.code : `${e.name}: ${e.message}`;
    }
    return [kind, outcome, expected, window.ClaimLens.claims().length];
  }

  let stale = null;
  /** destroy(), and the old tag out; a stale reference must then say not-running. */
  function destroy() {
    stale = window.ClaimLens;
    stale.destroy();
    document.querySelectorAll('script[src$="claimlens.js"]').forEach((s) => s.remove());
    try {
      stale.match('estimated six nuclear weapons');
      return 'a destroyed widget still answered';
    } catch (e) {
      return e.code === 'not-running' ? null : `${e.name}: ${e.code}`;
    }
  }
  /** A new tag, as a page would add it; resolves on claimlens:ready. */
  async function inject() {
    const ready = nextEvent('ready', 15000);
    const tag = document.createElement('script');
    tag.src = '/dist/claimlens.js';
    tag.dataset.mode = 'annotate';
    tag.async = true;
    document.body.append(tag);
    return ready;
  }
  window.__soak = { select, load, destroy, inject, nextSettled, counts, uncaught };
}

/** One page: its widget, its CDP session, its tallies. */
class Lane {
  constructor(index, context, page, cdp) {
    Object.assign(this, { index, context, page, cdp });
    this.errors = [];
    this.panics = [];
    this.samples = [];
    this.done = { selections: 0, mouse: 0, loads: 0, reinjects: 0 };
    this.expect = new Map(); // sentence -> the claim id (or null) its first selection gave
    this.wrong = [];
    this.turn = 0;
  }

  static async open(browser, url, index) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const lane = new Lane(index, context, page, cdp);
    page.on('pageerror', (e) => lane.errors.push(String(e)));
    page.on('console', (m) => {
      if (/ClaimLens: internal error|panicked at/.test(m.text())) lane.panics.push(m.text());
    });
    await page.addInitScript(harness);
    await cdp.send('Performance.enable');
    const ready = page.waitForFunction(() => window.__soak.counts.ready > 0 && window.ClaimLens);
    await page.goto(url);
    await ready;
    return lane;
  }

  /** Listener counts on document and window (DOMDebugger.getEventListeners). */
  async listeners() {
    const counts = {};
    for (const target of ['document', 'window']) {
      const { result } = await this.cdp.send('Runtime.evaluate', { expression: target, objectGroup: 'soak' });
      const { listeners } = await this.cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
      counts[target] = listeners.length;
    }
    await this.cdp.send('Runtime.releaseObjectGroup', { objectGroup: 'soak' });
    return counts;
  }

  async sample(label, started) {
    // DevTools keeps every console message and its arguments while Runtime
    // is enabled (Playwright enables it): drop them, a page without DevTools
    // attached would not hold them.
    await this.cdp.send('Runtime.discardConsoleEntries');
    await this.cdp.send('HeapProfiler.collectGarbage');
    await this.cdp.send('HeapProfiler.collectGarbage');
    const heap = await this.cdp.send('Runtime.getHeapUsage');
    const { metrics } = await this.cdp.send('Performance.getMetrics');
    const metric = (name) => metrics.find((m) => m.name === name)?.value ?? null;
    const dom = await this.cdp.send('Memory.getDOMCounters');
    const listeners = await this.listeners();
    const page = await this.page.evaluate(() => ({
      wasm: window.__soakMemory?.buffer.byteLength ?? null,
      counts: { ...window.__soak.counts },
      renders: window.spa.renders,
      claims: window.ClaimLens ? window.ClaimLens.claims().length : null,
      uncaught: [...window.__soak.uncaught],
    }));
    for (const u of page.uncaught) if (!this.errors.includes(u)) this.errors.push(u);
    const s = {
      lane: this.index,
      label,
      seconds: Math.round((Date.now() - started) / 100) / 10,
      heapUsed: heap.usedSize,
      heapTotal: heap.totalSize,
      jsHeapUsedSize: metric('JSHeapUsedSize'),
      wasm: page.wasm,
      nodes: dom.nodes,
      jsEventListeners: dom.jsEventListeners,
      listeners: listeners.document + listeners.window,
      documentListeners: listeners.document,
      windowListeners: listeners.window,
      ...this.done,
      annotated: page.counts.annotated,
      renders: page.renders,
      claims: page.claims,
    };
    this.samples.push(s);
    return s;
  }

  /** One selection (sentence by turn, never the same twice running); checks it against the first outcome. */
  async select() {
    const i = this.turn++ % 8;
    const mouse = (this.done.selections + 1) % MOUSE_EVERY === 0;
    let id;
    if (mouse) {
      // As a reader would: Esc first, so an open popover cannot sit where the drag starts.
      await this.page.keyboard.press('Escape');
      await this.page.waitForFunction(() => !document.querySelector('claimlens-popover'));
      const { text, box } = await this.page.evaluate((i) => {
        const p = document.getElementById(`s${i}`);
        const r = document.createRange();
        r.selectNodeContents(p);
        p.scrollIntoView({ block: 'center' });
        const rects = [...r.getClientRects()];
        const first = rects[0];
        const last = rects.at(-1);
        window.__soakPending = window.__soak.nextSettled(p.textContent);
        return { text: p.textContent, box: { x1: first.left + 1, y1: first.top + first.height / 2, x2: last.right - 1, y2: last.top + last.height / 2 } };
      }, i);
      await this.page.mouse.move(box.x1, box.y1);
      await this.page.mouse.down();
      await this.page.mouse.move(box.x2, box.y2, { steps: 3 });
      await this.page.mouse.up();
      const detail = await this.page.evaluate(() => window.__soakPending);
      id = detail.id;
      this.done.mouse++;
      this.check(text, id, 'mouse');
    } else {
      const [text, got] = await this.page.evaluate(async (i) => [document.getElementById(`s${i}`).textContent, await window.__soak.select(i)], i);
      id = got;
      this.check(text, id, 'pointer');
    }
    this.done.selections++;
  }

  check(text, id, how) {
    if (!this.expect.has(text)) this.expect.set(text, id);
    else if (this.expect.get(text) !== id) {
      this.wrong.push(`selection ${this.done.selections + 1} (${how}) "${text.slice(0, 50)}": ${id} where the first gave ${this.expect.get(text)}`);
    }
  }

  async load() {
    const [kind, outcome, expected, total] = await this.page.evaluate((n) => window.__soak.load(n), this.done.loads);
    if (outcome !== expected) this.wrong.push(`load ${this.done.loads + 1} (${kind}): ${outcome}, expected ${expected}`);
    this.done.loads++;
    this.lastTotal = total;
  }

  async reinject() {
    const stale = await this.page.evaluate(() => window.__soak.destroy());
    if (stale) this.wrong.push(`after destroy(): ${stale}`);
    await this.page.evaluate(() => window.__soak.inject());
    this.done.reinjects++;
  }

  /**
   * A share of the work: `selections`, with `loads` and one reinjection per
   * REINJECT_EVERY selections spread evenly among them (each in the middle
   * of its stretch, so the widget sampled after the work has been running
   * for a while, never just started).
   */
  async work(selections, loads) {
    const spread = (count) => {
      const at = new Map();
      for (let k = 0; k < count; k++) {
        const n = Math.floor(((k + 0.5) * selections) / count);
        at.set(n, (at.get(n) ?? 0) + 1);
      }
      return at;
    };
    const loadAt = spread(loads);
    const reinjectAt = spread(Math.round(selections / REINJECT_EVERY));
    for (let n = 0; n < selections; n++) {
      await this.select();
      for (let k = loadAt.get(n) ?? 0; k > 0; k--) await this.load();
      for (let k = reinjectAt.get(n) ?? 0; k > 0; k--) await this.reinject();
    }
    if (selections === 0) for (let k = 0; k < loads; k++) await this.load();
  }
}

const mb = (bytes) => (bytes == null ? '-' : (bytes / 1048576).toFixed(2));

async function main() {
  const server = await startServer({ port: 0, extraRoots: [['/fixtures/', path.join(ROOT, 'tests', 'e2e', 'fixtures')]] });
  const browser = await launchChromium();
  const failures = [];
  const started = Date.now();
  let lanes = [];
  const report = { config: { seconds: SECONDS, lanes: LANES, selections: SELECTIONS, loads: LOADS, warmupSelectionsPerLane: WARMUP, reinjectEvery: REINJECT_EVERY, heapTolerance: HEAP_TOLERANCE } };
  try {
    lanes = await Promise.all(Array.from({ length: LANES }, (_, i) => Lane.open(browser, `${server.url}fixtures/spa.html`, i + 1)));
    await Promise.all(lanes.map((l) => l.sample('start', started)));

    // Warm-up, until the JS heap has settled (lazily compiled code, inline
    // caches, the allocator's first growth): WARMUP selections (every
    // sentence first, so later selections have an outcome to repeat), each
    // kind of load twice, destroy() and a new tag twice; and one more
    // destroy() with the listeners counted between it and the next start:
    // one widget's listeners.
    await Promise.all(lanes.map((lane) => lane.work(WARMUP, 14)));
    for (const lane of lanes) {
      const withWidget = await lane.listeners();
      const stale = await lane.page.evaluate(() => window.__soak.destroy());
      if (stale) lane.wrong.push(`after destroy(): ${stale}`);
      const without = await lane.listeners();
      await lane.page.evaluate(() => window.__soak.inject());
      lane.pageOwn = without.document + without.window;
      lane.oneWidget = withWidget.document + withWidget.window - lane.pageOwn;
      lane.warmupDone = { ...lane.done };
    }
    await Promise.all(lanes.map((l) => l.sample('warm', started)));
    for (const lane of lanes) {
      const claims = [...lane.expect.values()].filter((id) => id !== null).length;
      if (claims === 0 || claims === lane.expect.size) {
        failures.push(`lane ${lane.index}: the sentences must mix claims and non-claims; the warm-up opened ${claims} of ${lane.expect.size}`);
      }
    }

    // The quarters: each lane its share, then idle (the app keeps
    // rendering, the widget keeps annotating) until the quarter is over.
    const laneSelections = shares(SELECTIONS, LANES);
    const laneLoads = shares(LOADS, LANES);
    const measured = Date.now();
    const overran = [];
    for (let q = 0; q < QUARTERS; q++) {
      const end = measured + ((q + 1) * SECONDS * 1000) / QUARTERS;
      await Promise.all(lanes.map((lane, i) => lane.work(shares(laneSelections[i], QUARTERS)[q], shares(laneLoads[i], QUARTERS)[q])));
      if (Date.now() > end) overran.push(`Q${q + 1} by ${((Date.now() - end) / 1000).toFixed(1)} s`);
      else await new Promise((resolve) => setTimeout(resolve, end - Date.now())); // the soak's clock, not a wait for a result
      await Promise.all(lanes.map((l) => l.sample(q + 1 === QUARTERS ? 'end' : `Q${q + 1}`, started)));
    }
    const elapsed = (Date.now() - measured) / 1000;
    report.elapsed = elapsed;
    report.overran = overran;
    if (elapsed > 2 * SECONDS) failures.push(`the run took ${elapsed.toFixed(1)} s, over twice SOAK_SECONDS (${SECONDS})`);

    // Last: destroy() once more; only the page's own listeners may remain.
    for (const lane of lanes) {
      const stale = await lane.page.evaluate(() => window.__soak.destroy());
      if (stale) lane.wrong.push(`after destroy(): ${stale}`);
    }
    await Promise.all(lanes.map((l) => l.sample('destroyed', started)));
  } catch (e) {
    failures.push(`the soak stopped: ${e.stack || e}`);
  } finally {
    await browser.close();
    await server.close();
  }

  // The checks.
  const checks = [];
  for (const lane of lanes) {
    const warm = lane.samples.find((s) => s.label === 'warm');
    const quarters = lane.samples.filter((s) => /^(Q\d|end)$/.test(s.label));
    const last = lane.samples.find((s) => s.label === 'destroyed');
    if (warm) {
      const heapLimit = warm.heapUsed * (1 + HEAP_TOLERANCE);
      const listenerLimit = lane.pageOwn + lane.oneWidget;
      for (const s of quarters) {
        if (s.heapUsed > heapLimit) failures.push(`lane ${lane.index} ${s.label}: JS heap ${mb(s.heapUsed)} MB is over ${mb(heapLimit)} MB (post-warm-up ${mb(warm.heapUsed)} MB + ${HEAP_TOLERANCE * 100}%)`);
        if (s.listeners > listenerLimit) failures.push(`lane ${lane.index} ${s.label}: ${s.listeners} listeners on document and window, over the page's ${lane.pageOwn} + one widget's ${lane.oneWidget}`);
      }
      checks.push({ lane: lane.index, heapLimit, listenerLimit, pageOwn: lane.pageOwn, oneWidget: lane.oneWidget });
    }
    if (last && last.listeners > lane.pageOwn) failures.push(`lane ${lane.index}: ${last.listeners} listeners after the last destroy(), the page's own are ${lane.pageOwn}`);
    if (lane.oneWidget <= 0) failures.push(`lane ${lane.index}: a running widget showed no listeners of its own (${lane.oneWidget})`);
    for (const e of lane.errors) failures.push(`lane ${lane.index}: page error: ${e}`);
    for (const p of lane.panics) failures.push(`lane ${lane.index}: panic: ${p}`);
    for (const w of lane.wrong.slice(0, 20)) failures.push(`lane ${lane.index}: ${w}`);
    if (lane.wrong.length > 20) failures.push(`lane ${lane.index}: ... and ${lane.wrong.length - 20} more wrong outcomes`);
    const endSample = lane.samples.find((s) => s.label === 'end');
    if (endSample) {
      const annotatedInRun = endSample.annotated - (warm?.annotated ?? 0);
      if (annotatedInRun < QUARTERS) failures.push(`lane ${lane.index}: only ${annotatedInRun} annotation passes while the app kept rendering`);
    }
  }
  const done = lanes.reduce((t, l) => ({
    selections: t.selections + l.done.selections - (l.warmupDone?.selections ?? 0),
    loads: t.loads + l.done.loads - (l.warmupDone?.loads ?? 0),
    reinjects: t.reinjects + l.done.reinjects - (l.warmupDone?.reinjects ?? 0),
    mouse: t.mouse + l.done.mouse,
  }), { selections: 0, loads: 0, reinjects: 0, mouse: 0 });
  if (done.selections < SELECTIONS) failures.push(`${done.selections} selections done of ${SELECTIONS}`);
  if (done.loads < LOADS) failures.push(`${done.loads} loads done of ${LOADS}`);

  // The table.
  const columns = [
    ['lane', (s) => s.lane], ['sample', (s) => s.label], ['t (s)', (s) => s.seconds],
    ['JS heap MB', (s) => mb(s.heapUsed)], ['JSHeapUsedSize MB', (s) => mb(s.jsHeapUsedSize)], ['wasm MB', (s) => mb(s.wasm)],
    ['DOM nodes', (s) => s.nodes], ['doc+win listeners', (s) => `${s.listeners} (${s.documentListeners}+${s.windowListeners})`],
    ['all JS listeners', (s) => s.jsEventListeners], ['selections', (s) => s.selections], ['loads', (s) => s.loads],
    ['reinjects', (s) => s.reinjects], ['annotated', (s) => s.annotated], ['app renders', (s) => s.renders], ['claims', (s) => s.claims ?? '-'],
  ];
  const rows = lanes.flatMap((l) => l.samples).map((s) => columns.map(([, f]) => String(f(s))));
  const widths = columns.map(([h], i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => c.padStart(widths[i])).join('  ');
  console.log(`ClaimLens soak: ${SECONDS} s, ${LANES} lane(s), ${SELECTIONS} selections (every ${MOUSE_EVERY}th by mouse), ${LOADS} loads, destroy() + a new tag every ${REINJECT_EVERY} selections`);
  console.log(line(columns.map(([h]) => h)));
  for (const r of rows) console.log(line(r));
  for (const c of checks) {
    console.log(`lane ${c.lane}: JS heap limit ${mb(c.heapLimit)} MB (post-warm-up + ${HEAP_TOLERANCE * 100}%); listener limit ${c.listenerLimit} (page ${c.pageOwn} + one widget ${c.oneWidget})`);
  }
  console.log(`measured run: ${done.selections} selections, ${done.loads} loads, ${done.reinjects} destroy() + new tag cycles in ${report.elapsed?.toFixed(1) ?? '?'} s${report.overran?.length ? ` (the workload overran ${report.overran.join(', ')})` : ''}; with the warm-up, ${done.mouse} selections by mouse`);

  Object.assign(report, {
    done,
    checks,
    samples: lanes.flatMap((l) => l.samples),
    wrong: lanes.flatMap((l) => l.wrong.map((w) => `lane ${l.index}: ${w}`)),
    failures,
    ok: failures.length === 0,
  });
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, JSON.stringify(report, null, 2));
  console.log(`written: ${path.relative(ROOT, OUT)}`);
  if (failures.length) {
    console.log(`FAIL (${failures.length}):`);
    for (const f of failures) console.log(`  ${f}`);
    process.exit(1);
  }
  console.log('PASS');
}

await main();
