// The browser benchmark (issue 11, "Lighter and quicker than a plain-JS
// widget"): `node scripts/bench-browser.mjs` after `make dist` (`make bench`
// runs it). Headless Debian Chromium (/usr/bin/chromium, or $CHROMIUM),
// driven by playwright-core, pages served by bench/server.mjs (gzip when the
// request accepts it, application/wasm, cross-origin isolated).
//
// Every figure comes with a baseline measured in the same run, and the ratio
// (ClaimLens / baseline, under 1 is better) is the figure to trust: the
// machines are shared and noisy. No figure is a pass/fail test; each is
// printed beside its target, marked met or not met. The measures:
//
//   bytes   everything the page downloads, gzip -9 (loader, glue, wasm with
//           the bundled database), against fuse.js + approx-string-match +
//           the database as JSON; the bytes actually sent are checked too.
//   ready   script tag executing -> `claimlens:ready`, against a fuse.js
//           widget loading the same claims as JSON and building its index
//           (bench/browser/baseline-loader.js), page loads alternating, each
//           in a fresh context with the cache disabled, under two profiles:
//           desktop (no throttling) and Lighthouse's mobile profile (150 ms
//           RTT, 1.6 Mbit/s down, 750 kbit/s up, 4x CPU slowdown; CDP
//           Network.emulateNetworkConditions, Emulation.setCPUThrottlingRate,
//           Network.setCacheDisabled). Resource Timing gives when each of
//           the three ClaimLens requests starts and ends, and
//           bench/browser/startup.js times the loader's steps one by one
//           (import the glue, instantiate the wasm, start()).
//   load    the 10,375 CheckThat! 2020 claims (when ../shared/bench/
//           checkthat2020 is there): ClaimLens.load(json, { replace: true })
//           and ClaimLens.load(url of a packed index, from `claimlens pack`,
//           written again whenever it is older than dist/'s wasm or the CLI),
//           call to resolution ("usable") and the longest main-thread block
//           meanwhile, against new Fuse(claims, options) (bench/browser/load.js).
//   large   the longest main-thread block while annotating a 2 MB,
//           27,000-node page (data-mode="annotate"), style recalculation
//           included, against a plain-JS annotator (indexOf + CSS highlight,
//           one task) on the same page (bench/browser/large*.js).
//   annotate  ClaimLens.annotate() of the demo page against approx-string-match
//           finding every quote with up to 10% errors; and whether both
//           mark the same quotes.
//   match   ClaimLens.match(selection), median over bench/selections.json,
//           on the bundled database and on the 10,375 claims, against
//           fuse.js searching the same claims.
//
// A block is max(longest 'longtask' entry, largest gap of a setTimeout(0)
// heartbeat) over the window (bench/browser/watch.js): Chromium's longtask
// entries leave out rendering such as a whole-document style recalculation.
//
// Prints a Markdown table (to paste into the README) with the command, and
// writes target/bench/browser.json.
//
//   CHECKTHAT_DIR    the CheckThat! data (default ../shared/bench/checkthat2020)
//   BENCH_QUICK=1    fewer runs and selections (a smoke run of the benchmark)
//   CHROMIUM         the browser (default /usr/bin/chromium)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startBenchServer } from '../bench/server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const QUICK = process.env.BENCH_QUICK === '1';
const OUT = path.join(ROOT, 'target', 'bench');
const CHECKTHAT = path.resolve(ROOT, process.env.CHECKTHAT_DIR || '../shared/bench/checkthat2020');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const KB = 1000;

const TARGETS = {
  bytes: 100 * KB, // gzipped, everything the page downloads
  readyRatio: 1.0, // ClaimLens no slower than the fuse.js widget
  loadUsableMs: 300, // 10,375 claims usable, desktop profile
  blockMs: 50, // no main-thread block longer than this
  annotateRatio: 0.33, // ClaimLens.annotate() at least 3x faster than approx-string-match
  matchBundledMs: 0.2,
  matchCheckthatMs: 2,
};

/** The network and CPU profiles (CDP). Lighthouse's mobile numbers are its "simulated" defaults. */
const PROFILES = {
  desktop: { name: 'desktop', label: 'desktop (no throttling)', network: null, cpu: 1 },
  mobile: {
    name: 'mobile',
    label: 'Lighthouse mobile (150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up, 4× CPU)',
    network: { latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 },
    cpu: 4,
  },
};

const READY_LOADS = QUICK ? 3 : 12;
const STARTUP_RUNS = QUICK ? 3 : 10;
const LOAD_RUNS = QUICK ? 1 : 3;
const LARGE_RUNS = QUICK ? 1 : 5;
const ANNOTATE_RUNS = QUICK ? 5 : 30;
/** How many CheckThat posts are timed (evenly spaced over dev; as the native benchmark). */
const TWEETS = QUICK ? 1 : 2;
/** The large page: 1,930 paragraphs of ~1,000 characters (4 or 5 inline elements each): ~2 MB of HTML, ~27,000 nodes. */
const LARGE = { paragraphs: 1930, claimEvery: 25, extraInlineEvery: 4 };
/** The three files the script tag brings in. */
const OUR_FILES = ['claimlens.js', 'claimlens_web.js', 'claimlens_web_bg.wasm'];
const BASELINE_FILES = ['baseline-loader.js', 'fuse.min.mjs', 'klingner-2019.claimreview.json'];

fs.mkdirSync(OUT, { recursive: true });
const log = (...a) => console.log(...a);
const command = `${QUICK ? 'BENCH_QUICK=1 ' : ''}${process.env.CHECKTHAT_DIR ? `CHECKTHAT_DIR=${process.env.CHECKTHAT_DIR} ` : ''}node scripts/bench-browser.mjs`;

for (const f of OUR_FILES) {
  if (!fs.existsSync(path.join(ROOT, 'dist', f))) {
    console.error(`dist/${f} is missing: run \`make dist\` first`);
    process.exit(1);
  }
}

// ---------------------------------------------------------------------------
// Inputs.

/** Tab-separated text with CSV-style quoting ("..." with "" escapes, newlines inside quotes). */
function readTsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  let atStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && atStart) { quoted = true; atStart = false; }
    else if (c === '\t') { row.push(field); field = ''; atStart = true; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = []; field = ''; atStart = true;
    } else { field += c; atStart = false; }
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows.slice(1); // header
}

const selections = JSON.parse(fs.readFileSync(path.join(ROOT, 'bench', 'selections.json'), 'utf8')).selections;

/** Runs the CLI (`claimlens`, release) and writes its standard output to `out`; returns null or why it failed. */
function cli(args, out) {
  const r = spawnSync('cargo', ['run', '--quiet', '--release', '-p', 'claimlens-tools', '--', ...args], {
    cwd: ROOT, maxBuffer: 1 << 30,
  });
  if (r.status !== 0) return `claimlens ${args[0]} failed: ${String(r.stderr).trim().split('\n').slice(0, 3).join(' ')}`;
  fs.writeFileSync(`${out}.tmp`, r.stdout);
  fs.renameSync(`${out}.tmp`, out);
  return null;
}

const newer = (file, than) => fs.existsSync(file) && (!fs.existsSync(than) || fs.statSync(file).mtimeMs >= fs.statSync(than).mtimeMs);

/**
 * The CheckThat database as ClaimReview JSON-LD (`claimlens import-checkthat`),
 * its packed index (`claimlens pack`), and a few posts; or null without the data.
 * `packedUrl` is null, and `packedSkipped` says why, when no packed index could be written.
 */
function prepareCheckthat() {
  const tsv = path.join(CHECKTHAT, 'verified_claims.docs.tsv');
  if (!fs.existsSync(tsv)) {
    log(`CheckThat! data not found at ${CHECKTHAT}: the 10,375-claim measures are skipped`);
    return null;
  }
  const db = path.join(OUT, 'checkthat-db.json');
  const clx = path.join(OUT, 'checkthat.clx');
  if (!newer(db, tsv)) {
    log('writing target/bench/checkthat-db.json (claimlens import-checkthat) ...');
    const failed = cli(['import-checkthat', tsv], db);
    if (failed) {
      log(`${failed}\nthe 10,375-claim measures are skipped`);
      return null;
    }
  }
  // The packed index must be in the format of the wasm in dist/: written
  // again when older than the database, the wasm or the CLI binary.
  let packedSkipped = null;
  const stale = !newer(clx, db) || !newer(clx, path.join(ROOT, 'dist', 'claimlens_web_bg.wasm')) ||
    !newer(clx, path.join(ROOT, 'target', 'release', 'claimlens'));
  if (stale) {
    log('writing target/bench/checkthat.clx (claimlens pack) ...');
    const failed = cli(['pack', db], clx);
    if (failed && fs.existsSync(clx)) log(`${failed}\nusing the packed index written earlier (${new Date(fs.statSync(clx).mtimeMs).toISOString()})`);
    else if (failed) { packedSkipped = failed; log(`${failed}\nthe packed-index load is skipped`); }
  }
  const queries = readTsv(fs.readFileSync(path.join(CHECKTHAT, 'dev', 'tweets.queries.tsv'), 'utf8'))
    .filter((r) => r[0].trim() !== '');
  const step = Math.max(1, Math.floor(queries.length / 2));
  const tweets = [];
  for (let i = 0; i < queries.length && tweets.length < TWEETS; i += step) {
    tweets.push({ name: `tweet-${queries[i][0].trim()}`, text: queries[i][1] });
  }
  const gz = (f) => zlib.gzipSync(fs.readFileSync(f), { level: 9 }).length;
  const packed = !packedSkipped;
  return {
    jsonUrl: '/bench-data/checkthat-db.json',
    packedUrl: packed ? '/bench-data/checkthat.clx' : null,
    packedSkipped,
    jsonBytes: fs.statSync(db).size, jsonGzip: gz(db),
    packedBytes: packed ? fs.statSync(clx).size : null, packedGzip: packed ? gz(clx) : null,
    tweets,
  };
}

// ---------------------------------------------------------------------------
// Helpers.

function stats(samples) {
  const s = samples.filter((x) => x != null && !Number.isNaN(x)).sort((a, b) => a - b);
  if (!s.length) return null;
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))];
  return { median: at(0.5), p95: at(0.95), min: s[0], max: s[s.length - 1], mean: s.reduce((a, b) => a + b, 0) / s.length, n: s.length };
}
const median = (xs) => stats(xs)?.median ?? null;

const fmtMs = (ms) => {
  if (ms == null || Number.isNaN(ms)) return '–';
  const a = Math.abs(ms);
  return a < 1 ? `${(ms * 1000).toFixed(a < 0.01 ? 1 : 0)} µs` : a < 100 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
};
/** An offset: +12.0 ms, -3.1 ms. */
const fmtAt = (ms) => `${ms >= 0 ? '+' : ''}${fmtMs(ms)}`;
const fmtB = (b) => (b == null ? '–' : b >= 1e6 ? `${(b / 1e6).toFixed(2)} MB` : `${(b / KB).toFixed(1)} KB`);
const fmtRatio = (r) => (r == null || !Number.isFinite(r) ? '–' : r >= 0.095 ? r.toFixed(2) : r.toPrecision(2));

async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // As in tests/e2e/chromium.mjs: root needs --no-sandbox; no network chatter.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/**
 * A fresh context and page under `profile`: cache disabled, network and CPU
 * throttled through CDP. Console errors and page errors are collected.
 */
async function openPage(browser, profile, { viewport = { width: 1280, height: 900 }, init = null } = {}) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (profile.network) await cdp.send('Network.emulateNetworkConditions', { offline: false, ...profile.network });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  if (init) await page.addInitScript(init.fn, init.arg);
  return { context, page, errors };
}

const pageErrors = [];
function keepErrors(where, errors) {
  for (const e of errors) pageErrors.push(`${where}: ${e}`);
}

// ---------------------------------------------------------------------------
// Measures.

/** Bytes: gzip -9 of what each page downloads. */
function bytesDownloaded() {
  const gz = (file) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
  const ours = OUR_FILES.map((f) => ({ file: `dist/${f}`, raw: fs.statSync(path.join(ROOT, 'dist', f)).size, gzipped: gz(path.join(ROOT, 'dist', f)) }));
  const theirs = ['node_modules/fuse.js/dist/fuse.min.mjs', 'node_modules/approx-string-match/build/src/index.js', 'claims/klingner-2019.claimreview.json']
    .map((f) => ({ file: f, raw: fs.statSync(path.join(ROOT, f)).size, gzipped: gz(path.join(ROOT, f)) }));
  const sum = (a) => a.reduce((s, x) => s + x.gzipped, 0);
  return { claimlens: ours, baseline: theirs, claimlensTotal: sum(ours), baselineTotal: sum(theirs) };
}

/** What the server sends for the three files when gzip is accepted (type and encoding). */
async function serverCheck(url) {
  const out = {};
  for (const f of OUR_FILES) {
    const r = await fetch(`${url}dist/${f}`, { headers: { 'Accept-Encoding': 'gzip' } });
    const body = await r.arrayBuffer(); // node's fetch decompresses; the length header is the wire size
    out[f] = { status: r.status, type: r.headers.get('content-type'), encoding: r.headers.get('content-encoding'), wireBytes: Number(r.headers.get('content-length')), bytes: body.byteLength };
  }
  return out;
}

/** One page load: the marks (mark.js) and the Resource Timing of every request, in ms after the script tag ran. */
async function loadOnce(browser, profile, url, key) {
  const { context, page, errors } = await openPage(browser, profile);
  try {
    await page.goto(url, { timeout: 120_000 });
    await page.waitForFunction((k) => window.__benchMarks && window.__benchMarks[k] != null, key, { timeout: 120_000 });
    const m = await page.evaluate((k) => {
      const marks = window.__benchMarks;
      const files = {};
      for (const e of performance.getEntriesByType('resource')) {
        files[e.name.split('/').pop().split('?')[0]] = {
          start: e.startTime - marks.start,
          firstByte: e.responseStart - marks.start,
          end: e.responseEnd - marks.start,
          encoded: e.encodedBodySize,
          decoded: e.decodedBodySize,
          transfer: e.transferSize,
          protocol: e.nextHopProtocol,
        };
      }
      // The longest main-thread block from the tag to ready (watch.js).
      const b = window.__watch.blocks(marks.start, marks[k]);
      return { tag: marks.start, ready: marks.ready, baselineReady: marks.baselineReady, claims: marks.claims, files,
        blocked: b.blockedMs, longestFrame: b.longestFrame };
    }, key);
    keepErrors(url, errors);
    return { ms: m[key] - m.tag, fromNavigation: m[key], tagAt: m.tag, files: m.files, blockedMs: m.blocked, longestFrame: m.longestFrame };
  } finally {
    await context.close();
  }
}

async function readyTimes(browser, url, profile) {
  const ours = [];
  const theirs = [];
  for (let i = 0; i < READY_LOADS + 1; i++) {
    // Alternate which page goes first; the first round warms the server and the disk.
    const order = i % 2 ? [['ready-baseline.html', theirs, 'baselineReady'], ['ready.html', ours, 'ready']]
      : [['ready.html', ours, 'ready'], ['ready-baseline.html', theirs, 'baselineReady']];
    for (const [file, out, key] of order) {
      const r = await loadOnce(browser, profile, `${url}bench/browser/${file}`, key);
      if (i > 0) out.push(r);
    }
  }
  const timeline = (runs, files) => Object.fromEntries(files.map((f) => {
    const got = runs.map((r) => r.files[f]).filter(Boolean);
    return [f, got.length ? {
      start: median(got.map((x) => x.start)), firstByte: median(got.map((x) => x.firstByte)), end: median(got.map((x) => x.end)),
      encoded: median(got.map((x) => x.encoded)), decoded: median(got.map((x) => x.decoded)), n: got.length,
    } : null];
  }));
  // Do the glue and the wasm load in parallel? Per load: their intervals overlap,
  // and the later one started before the earlier one ended.
  const parallel = ours.map((r) => {
    const g = r.files['claimlens_web.js'];
    const w = r.files['claimlens_web_bg.wasm'];
    if (!g || !w) return null;
    return { overlapMs: Math.min(g.end, w.end) - Math.max(g.start, w.start), startGapMs: Math.abs(w.start - g.start) };
  }).filter(Boolean);
  const lastByte = (r, files) => Math.max(...files.map((f) => r.files[f]?.end ?? -Infinity));
  return {
    profile: profile.label,
    loads: READY_LOADS,
    claimlens: stats(ours.map((r) => r.ms)),
    baseline: stats(theirs.map((r) => r.ms)),
    blocked: { claimlens: stats(ours.map((r) => r.blockedMs)), baseline: stats(theirs.map((r) => r.blockedMs)) },
    claimlensFromNavigation: stats(ours.map((r) => r.fromNavigation)),
    baselineFromNavigation: stats(theirs.map((r) => r.fromNavigation)),
    requests: { claimlens: timeline(ours, OUR_FILES), baseline: timeline(theirs, BASELINE_FILES) },
    parallel: {
      loads: parallel.length,
      inParallel: parallel.filter((p) => p.overlapMs > 0).length,
      medianOverlapMs: median(parallel.map((p) => p.overlapMs)),
      medianStartGapMs: median(parallel.map((p) => p.startGapMs)),
    },
    // From the last byte of the last file to ready: compile, instantiate, start().
    afterLastByte: {
      claimlens: stats(ours.map((r) => r.ms - lastByte(r, OUR_FILES))),
      baseline: stats(theirs.map((r) => r.ms - lastByte(r, BASELINE_FILES))),
    },
    runs: { claimlens: ours, baseline: theirs },
  };
}

/** Start-up step by step (bench/browser/startup.js), desktop: import the glue, instantiate, start(). */
async function startupSteps(browser, url) {
  const runs = [];
  for (let i = 0; i < STARTUP_RUNS + 1; i++) {
    const { context, page, errors } = await openPage(browser, PROFILES.desktop);
    try {
      await page.goto(`${url}bench/browser/startup.html`);
      await page.waitForFunction(() => window.__startup, null, { timeout: 60_000 });
      if (i > 0) runs.push(await page.evaluate(() => window.__startup));
      keepErrors('startup.html', errors);
    } finally {
      await context.close();
    }
  }
  return {
    runs: runs.length,
    importMs: stats(runs.map((r) => r.importMs)),
    instantiateMs: stats(runs.map((r) => r.instantiateMs)),
    startMs: stats(runs.map((r) => r.startMs)),
  };
}

/** The 10,375-claim loads: one fresh page per measure and run (desktop profile). */
async function loadMeasures(browser, url, ct) {
  const one = async (fn, arg) => {
    const { context, page, errors } = await openPage(browser, PROFILES.desktop);
    try {
      await page.goto(`${url}bench/browser/load.html`);
      await page.waitForFunction(() => window.loadBench && window.ClaimLens, null, { timeout: 60_000 });
      const r = await page.evaluate(([f, a]) => window.loadBench[f](a), [fn, arg]);
      keepErrors(`load.html ${fn}`, errors);
      return r;
    } finally {
      await context.close();
    }
  };
  const runs = { json: [], packed: [], download: [], fuse: [] };
  const fmt = (r) => (r.error ? `failed (${r.error})` : `${fmtMs(r.ms)} (block ${fmtMs(r.blockedMs)})`);
  for (let i = 0; i < LOAD_RUNS; i++) {
    runs.json.push(await one('json', ct.jsonUrl));
    if (ct.packedUrl) runs.packed.push(await one('packed', ct.packedUrl));
    if (ct.packedUrl) runs.download.push(await one('download', ct.packedUrl));
    runs.fuse.push(await one('fuse', ct.jsonUrl));
    const [j, p, f] = [runs.json.at(-1), runs.packed.at(-1), runs.fuse.at(-1)];
    const dl = runs.download.at(-1);
    log(`  run ${i + 1}: JSON ${fmt(j)}, packed URL ${p ? fmt(p) : 'skipped'}, its download alone ${dl ? fmt(dl) : 'skipped'}, new Fuse() ${fmt(f)}`);
  }
  const sum = (rs) => {
    const failed = rs.find((r) => r.error);
    if (!rs.length || failed) return { error: failed ? failed.error : ct.packedSkipped };
    return {
      usable: stats(rs.map((r) => r.ms)),
      blocked: stats(rs.map((r) => r.blockedMs)),
      longestTask: stats(rs.map((r) => r.longestTaskMs)),
      maxGap: stats(rs.map((r) => r.maxGapMs)),
      result: rs[0].result,
    };
  };
  return { runs: LOAD_RUNS, json: sum(runs.json), packed: sum(runs.packed), download: sum(runs.download), fuse: sum(runs.fuse), raw: runs };
}

/** The large page, ClaimLens (large.html) and the plain-JS baseline (large-baseline.html), alternating. */
async function largePage(browser, url, quotes) {
  const one = async (file) => {
    const { context, page, errors } = await openPage(browser, PROFILES.desktop, {
      init: { fn: (cfg) => { window.__largeConfig = cfg; }, arg: { ...LARGE, quotes } },
    });
    try {
      await page.goto(`${url}bench/browser/${file}`, { timeout: 120_000 });
      await page.waitForFunction(() => window.__large && window.__large.settledAt != null, null, { timeout: 300_000, polling: 250 });
      const r = await page.evaluate(() => {
        const s = window.__large;
        const w = window.__watch;
        return {
          chars: s.chars, htmlBytes: s.htmlBytes, nodes: s.nodes, elements: s.elements, planted: s.planted,
          generateMs: s.generateMs, layoutMs: s.layoutMs,
          marks: s.detail,
          // From annotation's start (ready) until the frames after it rendered.
          totalMs: s.annotatedAt - s.readyAt,
          during: w.blocks(s.readyAt, s.settledAt),
          // ClaimLens only: from the script tag to ready (compile, start()).
          startup: s.builtAt != null && s.readyAt != null ? w.blocks(s.builtAt, s.readyAt) : null,
        };
      });
      keepErrors(file, errors);
      return r;
    } finally {
      await context.close();
    }
  };
  const ours = [];
  const theirs = [];
  for (let i = 0; i < LARGE_RUNS; i++) {
    ours.push(await one('large.html'));
    theirs.push(await one('large-baseline.html'));
    const [o, t] = [ours.at(-1), theirs.at(-1)];
    log(`  run ${i + 1}: ClaimLens block ${fmtMs(o.during.blockedMs)} (longtask ${fmtMs(o.during.longestTaskMs)}, heartbeat ${fmtMs(o.during.maxGapMs)}, ` +
      `style+layout in the longest frame ${fmtMs(o.during.longestStyleAndLayoutMs)}), ${o.marks?.count} marks in ${fmtMs(o.totalMs)}; ` +
      `baseline block ${fmtMs(t.during.blockedMs)}, ${t.marks?.count} marks`);
  }
  return {
    page: { chars: ours[0].chars, htmlBytes: ours[0].htmlBytes, nodes: ours[0].nodes, elements: ours[0].elements, planted: ours[0].planted },
    claimlens: {
      blocked: stats(ours.map((r) => r.during.blockedMs)),
      longestTask: stats(ours.map((r) => r.during.longestTaskMs)),
      maxGap: stats(ours.map((r) => r.during.maxGapMs)),
      styleAndLayout: stats(ours.map((r) => r.during.longestStyleAndLayoutMs)),
      total: stats(ours.map((r) => r.totalMs)),
      startupBlocked: stats(ours.map((r) => r.startup?.blockedMs)),
      marks: ours[0].marks,
    },
    baseline: {
      blocked: stats(theirs.map((r) => r.during.blockedMs)),
      styleAndLayout: stats(theirs.map((r) => r.during.longestStyleAndLayoutMs)),
      total: stats(theirs.map((r) => r.totalMs)),
      marks: theirs[0].marks,
    },
    runs: { claimlens: ours, baseline: theirs },
  };
}

// ---------------------------------------------------------------------------

const results = { date: new Date().toISOString(), command, quick: QUICK, targets: TARGETS, profiles: PROFILES, machine: { cpus: os.cpus().length, load: os.loadavg() } };
const server = await startBenchServer({
  roots: [
    ['/bench/', path.join(ROOT, 'bench')],
    ['/bench-data/', OUT],
    ['/claims/', path.join(ROOT, 'claims')],
    ['/vendor/fuse/', path.join(ROOT, 'node_modules', 'fuse.js', 'dist')],
    ['/vendor/approx/', path.join(ROOT, 'node_modules', 'approx-string-match', 'build', 'src')],
    ['/dist/', path.join(ROOT, 'dist')],
    ['/', path.join(ROOT, 'www')],
  ],
});
const browser = await launch();
try {
  results.chromium = browser.version();
  const checkthat = prepareCheckthat();
  results.checkthat = checkthat && { ...checkthat, tweets: checkthat.tweets.map((t) => t.name) };

  // The server compresses each file once; do it now for the big ones, not during a timed load.
  if (checkthat) {
    for (const u of [checkthat.jsonUrl, checkthat.packedUrl].filter(Boolean)) await (await fetch(server.url + u.slice(1), { headers: { 'Accept-Encoding': 'gzip' } })).arrayBuffer();
  }

  // Bytes.
  results.bytes = bytesDownloaded();
  results.server = await serverCheck(server.url);
  const bad = Object.entries(results.server).filter(([f, s]) => s.encoding !== 'gzip' || (f.endsWith('.wasm') && s.type !== 'application/wasm'));
  if (bad.length) throw new Error(`the server does not send gzip and application/wasm: ${JSON.stringify(results.server)}`);
  log(`bytes: ClaimLens ${fmtB(results.bytes.claimlensTotal)} gzip -9, baseline ${fmtB(results.bytes.baselineTotal)}; ` +
    `served: ${Object.entries(results.server).map(([f, s]) => `${f} ${s.type.split(';')[0]} ${s.encoding} ${fmtB(s.wireBytes)}`).join(', ')}`);

  // Script tag to ready, both profiles.
  results.ready = {};
  for (const profile of [PROFILES.desktop, PROFILES.mobile]) {
    log(`script tag -> ready, ${profile.label}: ${READY_LOADS} loads each of ClaimLens and the fuse.js widget ...`);
    const r = (results.ready[profile.name] = await readyTimes(browser, server.url, profile));
    const req = r.requests.claimlens;
    log(`  ClaimLens ${fmtMs(r.claimlens.median)}, baseline ${fmtMs(r.baseline.median)}; requests (start–end, ms after the tag): ` +
      OUR_FILES.map((f) => `${f} ${req[f]?.start.toFixed(0)}–${req[f]?.end.toFixed(0)}`).join(', ') +
      `; glue and wasm overlapped in ${r.parallel.inParallel}/${r.parallel.loads} loads`);
  }

  log(`start-up step by step (desktop), ${STARTUP_RUNS} loads ...`);
  results.startup = await startupSteps(browser, server.url);
  log(`  import the glue ${fmtMs(results.startup.importMs.median)}, fetch + compile + instantiate ${fmtMs(results.startup.instantiateMs.median)}, start() ${fmtMs(results.startup.startMs.median)} (one task)`);

  // Match and annotate, in one page (desktop).
  const { context, page, errors } = await openPage(browser, PROFILES.desktop);
  await page.goto(`${server.url}bench/browser/index.html`);
  await page.waitForFunction(() => window.bench && window.ClaimLens, null, { timeout: 60_000 });
  results.demo = await page.evaluate(() => window.bench.loadDemoArticle());
  results.page = await page.evaluate(() => window.bench.info());
  if (!results.page.crossOriginIsolated) log('note: the page is not cross-origin isolated; performance.now() is coarse (batches compensate)');

  /** ClaimLens.match and fuse.js, selection by selection (fuse.js takes seconds per search on 10,375 claims). */
  async function matchAll(label, sels, opts) {
    const cold = await page.evaluate((s) => window.bench.warmUp(s), sels);
    log(`  ${label}: first calls (cold wasm): ${cold.map((c) => `${c.name} ${fmtMs(c.ms)}`).join(', ')}`);
    const prep = await page.evaluate(() => window.bench.prepareFuse());
    const rows = [];
    for (const s of sels) {
      const r = await page.evaluate(([s, o]) => window.bench.matchOne(s, o), [s, opts]);
      log(`  ${label} ${s.name}: ClaimLens ${fmtMs(r.claimlens.median)}, fuse.js ${fmtMs(r.baseline.median)}`);
      rows.push(r);
    }
    return { claims: prep.claims, fuseIndexMs: prep.indexMs, cold, rows,
      claimlens: stats(rows.map((r) => r.claimlens.median)), baseline: stats(rows.map((r) => r.baseline.median)) };
  }
  log('match vs fuse.js, bundled database ...');
  results.matchBundled = await matchAll('bundled', selections, {});
  log(`annotate the demo page vs approx-string-match, ${ANNOTATE_RUNS} runs ...`);
  results.annotate = await page.evaluate((n) => window.bench.annotateVsApprox(n), ANNOTATE_RUNS);
  log(`  ClaimLens.annotate() ${fmtMs(results.annotate.claimlens.median)}, approx-string-match ${fmtMs(results.annotate.baseline.median)}; ` +
    `quotes marked alike ${results.annotate.marks.same}/${results.annotate.marks.approxHits}`);
  if (checkthat) {
    log('match vs fuse.js, 10,375 claims ...');
    results.checkthatLoadForMatch = await page.evaluate((u) => window.bench.loadDatabase(u), checkthat.jsonUrl);
    const sels = QUICK ? [...selections.slice(0, 2), ...checkthat.tweets] : [...selections, ...checkthat.tweets];
    results.matchCheckthat = await matchAll('10,375 claims', sels,
      { budgetMs: 1500, minSamples: 5, maxSamples: 100, slowSamples: QUICK ? 1 : 3 });
  }
  keepErrors('index.html', errors);
  await context.close();

  // Loading 10,375 claims.
  if (checkthat) {
    log(`load 10,375 claims: JSON (${fmtB(checkthat.jsonBytes)}, ${fmtB(checkthat.jsonGzip)} gzipped) and packed index ` +
      `(${checkthat.packedUrl ? `${fmtB(checkthat.packedBytes)}, ${fmtB(checkthat.packedGzip)} gzipped` : 'none'}), ${LOAD_RUNS} run(s) ...`);
    results.load = await loadMeasures(browser, server.url, checkthat);
  }

  // The large page.
  log(`large page: ${LARGE.paragraphs} paragraphs in annotation mode, ${LARGE_RUNS} run(s) ...`);
  const db = JSON.parse(fs.readFileSync(path.join(ROOT, 'claims', 'klingner-2019.claimreview.json'), 'utf8'));
  const quotes = (db['@graph'] || db).map((r) => r.quote).filter(Boolean);
  results.large = await largePage(browser, server.url, quotes);
  log(`  page: ${fmtB(results.large.page.htmlBytes)} of HTML, ${fmtB(results.large.page.chars)} of text, ${results.large.page.nodes} nodes (${results.large.page.elements} elements)`);
} finally {
  await browser.close();
  await server.close();
}
results.pageErrors = pageErrors;

// ---------------------------------------------------------------------------
// The table.

const rows = [];
function row(measure, ours, base, baseName, ratio, target, met, fmt = fmtMs) {
  rows.push({
    measure,
    claimlens: typeof ours === 'string' ? ours : fmt(ours),
    baseline: base == null ? '–' : `${typeof base === 'string' ? base : fmt(base)} (${baseName})`,
    ratio: typeof ratio === 'string' ? ratio : fmtRatio(ratio),
    target,
    met: met == null ? '' : met ? 'met' : '**not met**',
  });
}

{
  const b = results.bytes;
  row(`bytes downloaded, gzip -9 (loader ${fmtB(b.claimlens[0].gzipped)}, glue ${fmtB(b.claimlens[1].gzipped)}, wasm with the database ${fmtB(b.claimlens[2].gzipped)})`,
    b.claimlensTotal, b.baselineTotal, 'fuse.js + approx-string-match + JSON database', b.claimlensTotal / b.baselineTotal,
    `≤ ${fmtB(TARGETS.bytes)}`, b.claimlensTotal <= TARGETS.bytes, fmtB);
}
for (const name of ['mobile', 'desktop']) {
  const r = results.ready[name];
  const ratio = r.claimlens.median / r.baseline.median;
  row(`script tag → \`claimlens:ready\`, ${r.profile}, empty cache, gzip (median of ${r.loads} loads)`,
    r.claimlens.median, r.baseline.median, 'fuse.js widget', ratio, `ratio ≤ ${TARGETS.readyRatio.toFixed(1)}`, ratio <= TARGETS.readyRatio);
}
if (results.load) {
  const l = results.load;
  const n = `median of ${l.runs}`;
  for (const [key, what] of [['json', '`ClaimLens.load(json, {replace: true})`'], ['packed', '`ClaimLens.load(url)` of the packed index']]) {
    const x = l[key];
    if (x.error) {
      row(`10,375 claims: ${what}`, `failed: ${x.error}`, null, '', '–', `≤ ${TARGETS.loadUsableMs} ms, block ≤ ${TARGETS.blockMs} ms`, null);
      continue;
    }
    row(`10,375 claims: ${what}, call → usable (${n}; ${x.result.loaded} loaded, ${x.result.total} in all)`,
      x.usable.median, l.fuse.usable.median, '`new Fuse()`', x.usable.median / l.fuse.usable.median,
      `≤ ${TARGETS.loadUsableMs} ms`, x.usable.median <= TARGETS.loadUsableMs);
    row(`10,375 claims: ${what}, longest main-thread block (longtask ${fmtMs(x.longestTask.median)}, heartbeat ${fmtMs(x.maxGap.median)})`,
      x.blocked.median, l.fuse.blocked.median, '`new Fuse()`', x.blocked.median / l.fuse.blocked.median,
      `≤ ${TARGETS.blockMs} ms`, x.blocked.median <= TARGETS.blockMs);
  }
  const d = l.download;
  if (d && !d.error) {
    // A reference, not a target: the browser's own work for the download.
    row(`10,375 claims: the packed index's download alone, \`fetch().arrayBuffer()\` with no ClaimLens code, longest main-thread block (heartbeat ${fmtMs(d.maxGap.median)}; call → done ${fmtMs(d.usable.median)})`,
      d.blocked.median, l.fuse.blocked.median, '`new Fuse()`', d.blocked.median / l.fuse.blocked.median, '', null);
  }
} else {
  row('10,375 claims: load (JSON and packed index)', 'skipped: no CheckThat! data', null, '', '–', `≤ ${TARGETS.loadUsableMs} ms, block ≤ ${TARGETS.blockMs} ms`, null);
}
{
  const l = results.large;
  const c = l.claimlens;
  row(`large page (${fmtB(l.page.htmlBytes)} of HTML, ${l.page.nodes.toLocaleString('en')} nodes), annotation: longest main-thread block, style recalculation included ` +
    `(longtask ${fmtMs(c.longestTask.median)}, heartbeat ${fmtMs(c.maxGap.median)}, style+layout ${fmtMs(c.styleAndLayout.median)}; worst of ${c.blocked.n} ${fmtMs(c.blocked.max)})`,
    c.blocked.median, l.baseline.blocked.median, 'indexOf + CSS highlight, one task', c.blocked.median / l.baseline.blocked.median,
    `≤ ${TARGETS.blockMs} ms`, c.blocked.median <= TARGETS.blockMs);
  row(`large page, annotation: \`claimlens:ready\` → \`claimlens:annotated\` (${c.marks?.count} marks; baseline ${l.baseline.marks?.count}; ${l.page.planted} quotes planted)`,
    c.total.median, l.baseline.total.median, 'indexOf + CSS highlight, one task', c.total.median / l.baseline.total.median, '', null);
}
{
  const a = results.annotate;
  const m = a.marks;
  const ratio = a.claimlens.median / a.baseline.median;
  const same = m.identical ? `the same ${m.same} quotes marked`
    : `**marks differ**: of ${m.approxHits} quotes found by approx-string-match, ${m.same} marked alike, ${m.otherSpan.length} over another span, ` +
      `${m.otherClaim.length} as another claim, ${m.unmarked.length} not marked; ${m.onlyClaimlens.length} marks ClaimLens only`;
  row(`annotate the demo page, \`ClaimLens.annotate()\` (median of ${a.claimlens.n}; ${same})`,
    a.claimlens.median, a.baseline.median, 'approx-string-match', ratio, `ratio ≤ ${TARGETS.annotateRatio}`, ratio <= TARGETS.annotateRatio);
}
{
  const m = results.matchBundled;
  row(`match one selection, bundled database (median of ${m.rows.length} selections; worst ${fmtMs(m.claimlens.max)})`,
    m.claimlens.median, m.baseline.median, 'fuse.js', m.claimlens.median / m.baseline.median, `≤ ${TARGETS.matchBundledMs} ms`, m.claimlens.median <= TARGETS.matchBundledMs);
}
if (results.matchCheckthat) {
  const m = results.matchCheckthat;
  row(`match one selection, 10,375 claims (median of ${m.rows.length}; worst ${fmtMs(m.claimlens.max)})`,
    m.claimlens.median, m.baseline.median, 'fuse.js', m.claimlens.median / m.baseline.median, `≤ ${TARGETS.matchCheckthatMs} ms`, m.claimlens.median <= TARGETS.matchCheckthatMs);
} else {
  row('match one selection, 10,375 claims', 'skipped: no CheckThat! data', null, '', '–', `≤ ${TARGETS.matchCheckthatMs} ms`, null);
}

const esc = (s) => String(s).replace(/\|/g, '\\|');
function markdown(header, lines) {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...lines.map((l) => `| ${l.map(esc).join(' | ')} |`)].join('\n');
}

const out = [];
out.push('');
out.push(`Command: \`${command}\` — ${results.chromium} headless, ${results.machine.cpus} CPUs, load average ${results.machine.load[0].toFixed(2)}, ${results.date}`);
out.push('ClaimLens against a baseline measured in the same run; ratio = ClaimLens / baseline (under 1 is faster or smaller).');
out.push('');
out.push(markdown(['measure', 'ClaimLens', 'baseline (same run)', 'ratio', 'target', ''],
  rows.map((r) => [r.measure, r.claimlens, r.baseline, r.ratio, r.target, r.met])));

out.push('');
out.push('Requests of the ClaimLens page (median ms after the script tag ran; negative: fetched by the preload scanner before it ran; bytes as sent):');
out.push('');
const reqLines = [];
for (const name of ['mobile', 'desktop']) {
  const r = results.ready[name];
  for (const f of OUR_FILES) {
    const q = r.requests.claimlens[f];
    if (!q) continue;
    reqLines.push([name, f, fmtB(q.encoded), q.start.toFixed(0), q.firstByte.toFixed(0), q.end.toFixed(0)]);
  }
  reqLines.push([name, '→ `claimlens:ready`', '', '', '', r.claimlens.median.toFixed(0)]);
}
out.push(markdown(['profile', 'request', 'bytes', 'start', 'first byte', 'end'], reqLines));
for (const name of ['mobile', 'desktop']) {
  const r = results.ready[name];
  out.push('');
  out.push(`${name}: glue and wasm in parallel in ${r.parallel.inParallel}/${r.parallel.loads} loads (their start times ${fmtMs(r.parallel.medianStartGapMs)} apart, ` +
    `overlapping ${fmtMs(r.parallel.medianOverlapMs)}); last byte → ready ${fmtMs(r.afterLastByte.claimlens.median)} ` +
    `(baseline ${fmtMs(r.afterLastByte.baseline.median)}); longest main-thread block from the tag to ready ${fmtMs(r.blocked.claimlens.median)} ` +
    `(baseline ${fmtMs(r.blocked.baseline.median)}); navigation start → ready ${fmtMs(r.claimlensFromNavigation.median)} (baseline ${fmtMs(r.baselineFromNavigation.median)}).`);
}

{
  const l = results.large;
  // The run whose block is the median one.
  const pick = (runs) => [...runs].sort((a, b) => a.during.blockedMs - b.during.blockedMs)[Math.floor((runs.length - 1) / 2)];
  const where = (r) => {
    const g = r.during.worstGaps[0];
    const f = r.during.longestFrame;
    return `${fmtMs(r.during.blockedMs)}` + (g ? ` (heartbeat gap from ${fmtAt(g.at)})` : '') +
      (f ? `; the longest frame ${fmtMs(f.duration)} from ${fmtAt(f.at)}: scripts ${f.scripts.map((x) => `${x.invoker} ${fmtMs(x.duration)}`).join(', ') || 'none'}, style and layout ${fmtMs(f.styleAndLayout)}` : '');
  };
  out.push('');
  out.push(`Large page, where the longest block falls (median run; offsets from the start of annotation): ClaimLens ${where(pick(l.runs.claimlens))}. ` +
    `Baseline ${where(pick(l.runs.baseline))}.`);
}
if (results.load) {
  const l = results.load;
  const gaps = (r) => r.worstGaps.filter((g) => g.gap > TARGETS.blockMs).map((g) => `${fmtMs(g.gap)} from ${fmtAt(g.at)}`).join(', ') || 'none';
  const frame = (r) => (r.longestFrame ? `; the longest frame ${fmtMs(r.longestFrame.duration)}, script ${r.longestFrame.scripts.map((x) => `${x.invoker} ${fmtMs(x.duration)}`).join(', ') || 'none'}` : '');
  const [j, p] = [l.raw.json[0], l.raw.packed[0]];
  out.push('');
  out.push(`10,375 claims, where the blocks fall (first run; heartbeat gaps over ${TARGETS.blockMs} ms, offset from the call): ` +
    (j.error ? 'JSON text failed. ' : `JSON text, usable at ${fmtMs(j.ms)}: ${gaps(j)}${frame(j)}. `) +
    (!p || p.error ? 'Packed index: no figure.' : `Packed index URL, usable at ${fmtMs(p.ms)} (download ${fmtMs(p.fetchMs)}): ${gaps(p)}${frame(p)}.`));
}
{
  const st = results.startup;
  out.push('');
  out.push(`Start-up step by step (desktop, median of ${st.runs}; bench/browser/startup.js): import the glue ${fmtMs(st.importMs.median)}, ` +
    `fetch + compile + instantiate the wasm ${fmtMs(st.instantiateMs.median)}, \`start()\` ${fmtMs(st.startMs.median)} in one task (worst ${fmtMs(st.startMs.max)}).`);
}
out.push('');
out.push('Match, per selection (median per call):');
out.push('');
const ct = results.matchCheckthat;
const selLines = [];
const names = [...new Set([...results.matchBundled.rows.map((r) => r.name), ...(ct ? ct.rows.map((r) => r.name) : [])])];
for (const n of names) {
  const b = results.matchBundled.rows.find((r) => r.name === n);
  const c = ct?.rows.find((r) => r.name === n);
  selLines.push([n, b ? fmtMs(b.claimlens.median) : '', b ? fmtMs(b.baseline.median) : '', c ? fmtMs(c.claimlens.median) : '', c ? fmtMs(c.baseline.median) : '']);
}
out.push(markdown(['selection', 'bundled: ClaimLens', 'bundled: fuse.js', '10,375: ClaimLens', '10,375: fuse.js'], selLines));

const m = results.annotate.marks;
if (!m.identical) {
  out.push('');
  out.push(`Demo page: what \`ClaimLens.annotate()\` marks against the best approx-string-match hit of each quote (claims of the marks by ${m.idsBy}):`);
  out.push('');
  for (const d of m.otherSpan) out.push(`- ${d.id}, another span: approx-string-match "${d.approx}", ClaimLens "${d.claimlens}"`);
  for (const d of m.otherClaim) out.push(`- ${d.id}, marked as another claim: approx-string-match "${d.approx}", ClaimLens ${d.claimlens}`);
  for (const d of m.unmarked) out.push(`- ${d.id}, not marked (on the page with ${d.errors} errors): "${d.text}"`);
  for (const d of m.onlyClaimlens) out.push(`- ClaimLens only: ${d.id} "${d.text}"`);
}
if (results.checkthat) {
  out.push('');
  const c = results.checkthat;
  out.push(`10,375-claim database: JSON ${fmtB(c.jsonBytes)} (${fmtB(c.jsonGzip)} gzip -9), packed index ` +
    (c.packedUrl ? `${fmtB(c.packedBytes)} (${fmtB(c.packedGzip)} gzip -9).` : `not written (${c.packedSkipped}).`));
}
if (results.page && !results.page.crossOriginIsolated) out.push('(page not cross-origin isolated: timer resolution 100 µs; match figures are batch means)');
if (pageErrors.length) {
  out.push('');
  out.push('Page errors:');
  for (const e of pageErrors) out.push(`- ${e}`);
}
log(out.join('\n'));

results.table = rows;
results.markdown = out.join('\n');
fs.writeFileSync(path.join(OUT, 'browser.json'), JSON.stringify(results, null, 2));
log(`\nwritten to ${path.relative(ROOT, path.join(OUT, 'browser.json'))}`);
