// The browser benchmark: `node scripts/bench-browser.mjs` (after `make dist`;
// `make bench` runs it). Headless Debian Chromium, driven by playwright-core.
//
// Every figure comes with a baseline measured in the same page and run, and
// the table's ratio (ClaimLens / baseline) is the figure to trust: the
// machines are shared and noisy. The measures (bench/browser/):
//
//   a. ClaimLens.match(selection) for the selections of bench/selections.json
//      (the native benchmark's), against the bundled database and, when the
//      CheckThat! 2020 data is there, against its 10,375 claims loaded with
//      ClaimLens.load(db, { replace: true });
//   b. the baseline for (a): fuse.js searching the same claims (quote and
//      claimReviewed) for the same selection;
//   c. ClaimLens.annotate() of the demo page, call to resolution, against
//      approx-string-match searching the page's text for every claim quote
//      with up to 10% errors (how the Hypothesis annotator anchors quotes);
//   d. time from the script tag executing to `claimlens:ready`, against a
//      fuse.js widget loading the same claims as JSON (page loads alternate);
//   e. bytes the page downloads (gzip -9 of dist/), against fuse.js plus
//      approx-string-match plus the same database as JSON;
//   f. the longest main-thread block while annotating a generated ~10 MB page
//      (data-mode="annotate"), and the total time, against the cheapest exact
//      baseline (indexOf of every quote in the page's text, in one task). The
//      block is the larger of the longest 'longtask' entry and the largest gap
//      of a setTimeout(0) heartbeat: Chromium's longtask entries leave out
//      rendering work such as a whole-document style recalculation.
//
// Prints a table and writes target/bench/browser.json.
//
//   CHECKTHAT_DIR    the CheckThat! data (default ../shared/bench/checkthat2020)
//   BENCH_QUICK=1    fewer runs (a smoke test of the benchmark itself)
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { launch, startServer, ROOT } from '../tests/e2e/browser.mjs';

const QUICK = process.env.BENCH_QUICK === '1';
const OUT = path.join(ROOT, 'target', 'bench');
const CHECKTHAT = path.resolve(ROOT, process.env.CHECKTHAT_DIR || '../shared/bench/checkthat2020');
const KB = 1000;

const TARGETS = {
  matchBundledMs: 0.1,
  matchCheckthatMs: 2,
  annotateMs: 5,
  annotateRatio: 0.1, // ClaimLens at least 10x faster than approx-string-match
  readyMs: 50,
  bytes: 100 * KB,
  longTaskMs: 50,
};
/** How many CheckThat posts are timed (evenly spaced over dev; as benches/matcher.rs). */
const TWEETS = 2;
const READY_LOADS = QUICK ? 3 : 10;
const ANNOTATE_RUNS = QUICK ? 5 : 30;
const LARGE_PARAGRAPHS = QUICK ? 2000 : 10000;

fs.mkdirSync(OUT, { recursive: true });
const log = (...a) => console.log(...a);

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

/** The CheckThat database as ClaimLens JSON-LD (the CLI's importer) and a few posts, or null. */
function prepareCheckthat() {
  const tsv = path.join(CHECKTHAT, 'verified_claims.docs.tsv');
  if (!fs.existsSync(tsv)) {
    log(`checkthat benchmark data not found at ${CHECKTHAT}; skipping the 10,375-claim benchmarks`);
    return null;
  }
  const db = path.join(OUT, 'checkthat-db.json');
  if (!fs.existsSync(db) || fs.statSync(db).mtimeMs < fs.statSync(tsv).mtimeMs) {
    log('generating target/bench/checkthat-db.json with `claimlens import-checkthat` ...');
    const r = spawnSync('cargo', ['run', '--quiet', '--release', '--bin', 'claimlens', '--', 'import-checkthat', tsv], {
      cwd: ROOT, maxBuffer: 1 << 30, encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`import-checkthat failed: ${r.stderr}`);
    fs.writeFileSync(db, r.stdout);
  }
  const queries = readTsv(fs.readFileSync(path.join(CHECKTHAT, 'dev', 'tweets.queries.tsv'), 'utf8'))
    .filter((r) => r[0].trim() !== '');
  const step = Math.max(1, Math.floor(queries.length / TWEETS));
  const tweets = [];
  for (let i = 0; i < queries.length && tweets.length < TWEETS; i += step) {
    tweets.push({ name: `tweet-${queries[i][0].trim()}`, text: queries[i][1] });
  }
  return { url: '/bench-data/checkthat-db.json', bytes: fs.statSync(db).size, tweets };
}

// ---------------------------------------------------------------------------
// Measures.

const fmtMs = (ms) => (ms == null ? '-' : ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`);
const fmtB = (b) => `${(b / KB).toFixed(1)} KB`;
const rows = []; // the printed table
const results = { date: new Date().toISOString(), targets: TARGETS };

function row(measure, claimlens, baseline, baselineName, ratio, target, met, fmt = fmtMs) {
  rows.push({ measure, claimlens: fmt(claimlens), baseline: baseline == null ? '-' : `${fmt(baseline)} (${baselineName})`,
    ratio: ratio == null ? '-' : ratio.toFixed(3), target, met: met == null ? '' : met ? 'met' : 'MISSED' });
}

function bytesDownloaded() {
  const gz = (file) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
  const ours = ['claimlens.js', 'claimlens_web.js', 'claimlens_web_bg.wasm'].map((f) => ({ file: `dist/${f}`, gzipped: gz(path.join(ROOT, 'dist', f)) }));
  const theirs = [
    ['node_modules/fuse.js/dist/fuse.min.mjs'],
    ['node_modules/approx-string-match/build/src/index.js'],
    ['claims/klingner-2019.claimreview.json'],
  ].map(([f]) => ({ file: f, gzipped: gz(path.join(ROOT, f)) }));
  const sum = (a) => a.reduce((s, x) => s + x.gzipped, 0);
  return { claimlens: ours, baseline: theirs, claimlensTotal: sum(ours), baselineTotal: sum(theirs) };
}

async function readyTimes(browser, url) {
  const ours = [];
  const theirs = [];
  for (let i = 0; i < READY_LOADS + 1; i++) {
    for (const [page, out, key] of [['ready.html', ours, 'ready'], ['ready-baseline.html', theirs, 'baselineReady']]) {
      const context = await browser.newContext();
      const p = await context.newPage();
      await p.goto(url + 'bench/browser/' + page);
      await p.waitForFunction((k) => window.__benchMarks && window.__benchMarks[k] != null, key);
      const m = await p.evaluate(() => {
        const marks = window.__benchMarks;
        // Where the time goes: when each file had arrived, from the mark.
        const files = {};
        for (const e of performance.getEntriesByType('resource')) {
          files[e.name.split('/').pop()] = { start: e.startTime - marks.start, end: e.responseEnd - marks.start };
        }
        return { ...marks, files };
      });
      // The first load of each warms the server and the disk cache.
      if (i > 0) out.push({ ms: m[key] - m.start, files: m.files });
      await context.close();
    }
  }
  const arrived = (runs, file) => {
    const t = runs.map((r) => r.files[file]?.end).filter((x) => x != null);
    return t.length ? stats(t).median : null;
  };
  const breakdown = {};
  for (const f of ['claimlens.js', 'claimlens_web.js', 'claimlens_web_bg.wasm']) breakdown[f] = arrived(ours, f);
  for (const f of ['baseline-loader.js', 'fuse.min.mjs', 'klingner-2019.claimreview.json']) breakdown[f] = arrived(theirs, f);
  return {
    claimlens: stats(ours.map((r) => r.ms)), baseline: stats(theirs.map((r) => r.ms)), loads: READY_LOADS,
    // Median time from the mark to each file's last byte.
    arrivedMs: breakdown,
    runs: { claimlens: ours, baseline: theirs },
  };
}

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))];
  return { median: at(0.5), p95: at(0.95), min: s[0], max: s[s.length - 1], mean: s.reduce((a, b) => a + b, 0) / s.length, n: s.length };
}

async function largePage(browser, url, quotes) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.addInitScript((cfg) => { window.__largeConfig = cfg; }, { paragraphs: LARGE_PARAGRAPHS, claimEvery: 25, quotes });
  await page.goto(url + 'bench/browser/large.html', { timeout: 120000 });
  await page.waitForFunction(() => window.__large && window.__large.annotatedAt != null, null, { timeout: 300000, polling: 250 });
  // Let the last paint and any trailing long-task entries land.
  await page.waitForTimeout(500);
  const r = await page.evaluate(async () => {
    const s = window.__large;
    const t0 = performance.now();
    const text = document.body.textContent.toLowerCase();
    const quotes = ClaimLens.claims().map((c) => (c.quote || c.claimReviewed).toLowerCase());
    let found = 0;
    for (const q of quotes) for (let at = text.indexOf(q); at >= 0; at = text.indexOf(q, at + 1)) found++;
    const naiveMs = performance.now() - t0;
    const during = s.longtasks.filter((t) => t.start + t.duration > s.readyAt && t.start < s.annotatedAt);
    return {
      chars: s.chars, nodes: s.nodes, planted: s.planted, generateMs: s.generateMs,
      longtaskSupported: s.longtaskSupported,
      totalMs: s.annotatedAt - s.readyAt,
      annotated: s.detail,
      longtasks: during,
      longestTaskMs: during.reduce((m, t) => Math.max(m, t.duration), 0),
      heartbeat: { ticks: s.heartbeat.ticks, maxGapMs: s.heartbeat.maxGap, gapsOver20ms: s.heartbeat.gaps.length, worst: s.heartbeat.gaps.sort((a, b) => b.gap - a.gap).slice(0, 5) },
      naiveExact: { ms: naiveMs, found },
    };
  });
  r.errors = errors;
  await context.close();
  return r;
}

// ---------------------------------------------------------------------------

const isolation = () => ({ 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' });
const server = await startServer({
  port: 0,
  // Cross-origin isolation: performance.now() at 5 µs rather than 100 µs.
  headers: isolation,
  extraRoots: [
    ['/bench/', path.join(ROOT, 'bench')],
    ['/bench-data/', OUT],
    ['/claims/', path.join(ROOT, 'claims')],
    ['/vendor/fuse/', path.join(ROOT, 'node_modules', 'fuse.js', 'dist')],
    ['/vendor/approx/', path.join(ROOT, 'node_modules', 'approx-string-match', 'build', 'src')],
  ],
});
const browser = await launch();
try {
  results.chromium = browser.version();
  const checkthat = prepareCheckthat();

  // (e) bytes
  const bytes = bytesDownloaded();
  results.bytes = bytes;

  // (d) time to ready, alternating page loads
  log(`time to ready: ${READY_LOADS} loads each of ClaimLens and the baseline ...`);
  results.ready = await readyTimes(browser, server.url);
  log(`  files arrived (median ms after the mark): ${Object.entries(results.ready.arrivedMs).map(([f, t]) => `${f} ${t?.toFixed(1)}`).join(', ')}`);

  // (a)-(c) in one page
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
  await page.goto(server.url + 'bench/browser/index.html');
  await page.waitForFunction(() => window.bench && window.ClaimLens);
  results.demo = await page.evaluate(() => window.bench.loadDemoArticle());
  results.page = await page.evaluate(() => window.bench.info());
  if (!results.page.crossOriginIsolated) log('note: the page is not cross-origin isolated; performance.now() is coarse (batches compensate)');

  /** (a) and (b), selection by selection (fuse.js can take seconds per search on 10,375 claims). */
  async function matchAll(label, sels, opts) {
    const cold = await page.evaluate((s) => window.bench.warmUp(s), sels);
    log(`  ${label}: first calls (cold wasm): ${cold.map((c) => `${c.name} ${fmtMs(c.ms)}`).join(', ')}`);
    const prep = await page.evaluate(() => window.bench.prepareFuse());
    const rows = [];
    for (const s of sels) {
      const t = Date.now();
      const r = await page.evaluate(([s, o]) => window.bench.matchOne(s, o), [s, opts]);
      log(`  ${label} ${s.name}: ClaimLens ${fmtMs(r.claimlens.median)}, fuse.js ${fmtMs(r.baseline.median)} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
      rows.push(r);
    }
    return { claims: prep.claims, fuseIndexMs: prep.indexMs, cold, rows };
  }
  log('match vs fuse.js, bundled database ...');
  results.matchBundled = await matchAll('bundled', selections, {});
  log(`annotate vs approx-string-match, ${ANNOTATE_RUNS} runs ...`);
  results.annotate = await page.evaluate((n) => window.bench.annotateVsApprox(n), ANNOTATE_RUNS);
  log(`  ClaimLens.annotate() ${fmtMs(results.annotate.claimlens.median)}, approx-string-match ${fmtMs(results.annotate.baseline.median)}, setTimeout(0) ${fmtMs(results.annotate.setTimeout0.median)}`);

  if (checkthat) {
    log(`loading ${fmtB(checkthat.bytes)} of CheckThat claims with ClaimLens.load(db, { replace: true }) ...`);
    results.loadCheckthat = await page.evaluate((u) => window.bench.loadDatabase(u), checkthat.url);
    log('match vs fuse.js, 10,375 claims ...');
    results.matchCheckthat = await matchAll('10,375 claims', [...selections, ...checkthat.tweets],
      { budgetMs: 1500, minSamples: 5, maxSamples: 100, slowSamples: QUICK ? 1 : 3 });
  } else {
    results.matchCheckthat = null;
  }
  results.pageErrors = pageErrors;
  await context.close();

  // (f) the large page
  log(`large page: ${LARGE_PARAGRAPHS} paragraphs in annotation mode ...`);
  const db = JSON.parse(fs.readFileSync(path.join(ROOT, 'claims', 'klingner-2019.claimreview.json'), 'utf8'));
  const quotes = (db['@graph'] || db).map((r) => r.quote).filter(Boolean);
  results.large = await largePage(browser, server.url, quotes);
  {
    const l = results.large;
    log(`  ${(l.chars / 1e6).toFixed(1)} MB, ${l.nodes} nodes (built in ${fmtMs(l.generateMs)}): annotated in ${fmtMs(l.totalMs)}; ` +
      `${l.longtasks.length} long tasks, longest ${fmtMs(l.longestTaskMs)}; heartbeat max gap ${fmtMs(l.heartbeat.maxGapMs)}`);
  }
} finally {
  await browser.close();
  await server.close();
}

// ---------------------------------------------------------------------------
// The table.

function matchRows(label, m, targetMs) {
  if (!m) return;
  const all = { claimlens: [], fuse: [] };
  for (const r of m.rows) {
    const ratio = r.claimlens.median / r.baseline.median;
    row(`match ${label}: ${r.name} (p95 ${fmtMs(r.claimlens.p95)})`, r.claimlens.median, r.baseline.median, 'fuse.js', ratio,
      `≤ ${targetMs} ms`, r.claimlens.median <= targetMs);
    all.claimlens.push(r.claimlens.median);
    all.fuse.push(r.baseline.median);
  }
  const worst = Math.max(...all.claimlens);
  const med = stats(all.claimlens).median;
  const fmed = stats(all.fuse).median;
  row(`match ${label}: median over the ${m.rows.length} selections (worst ${fmtMs(worst)})`, med, fmed, 'fuse.js', med / fmed,
    `≤ ${targetMs} ms`, med <= targetMs);
}

matchRows('bundled', results.matchBundled, TARGETS.matchBundledMs);
if (results.matchCheckthat) {
  const l = results.loadCheckthat;
  row(`load 10,375 claims (ClaimLens.load replace; ${l.result.loaded} loaded)`, l.claimlensMs, l.fuseIndexMs, 'new Fuse()', l.claimlensMs / l.fuseIndexMs, '', null);
  matchRows('10,375 claims', results.matchCheckthat, TARGETS.matchCheckthatMs);
}
{
  const a = results.annotate;
  const ratio = a.claimlens.median / a.baseline.median;
  row(`annotate demo page (p95 ${fmtMs(a.claimlens.p95)}; ${a.claimlensFound} marks vs ${a.approxFound} quotes found)`,
    a.claimlens.median, a.baseline.median, 'approx-string-match', ratio,
    `≤ ${TARGETS.annotateMs} ms and ratio ≤ ${TARGETS.annotateRatio}`,
    a.claimlens.median <= TARGETS.annotateMs && ratio <= TARGETS.annotateRatio);
}
{
  const r = results.ready;
  row(`script tag -> claimlens:ready (mean of ${r.loads}; median ${fmtMs(r.claimlens.median)})`, r.claimlens.mean, r.baseline.mean, 'fuse.js widget', r.claimlens.mean / r.baseline.mean,
    `≤ ${TARGETS.readyMs} ms`, r.claimlens.mean <= TARGETS.readyMs);
}
{
  const b = results.bytes;
  row('bytes downloaded, gzip -9 (JS + wasm + bundled database)', b.claimlensTotal, b.baselineTotal, 'fuse.js + approx-string-match + JSON db',
    b.claimlensTotal / b.baselineTotal, `≤ ${fmtB(TARGETS.bytes)}`, b.claimlensTotal <= TARGETS.bytes, fmtB);
}
{
  const l = results.large;
  const chars = `${(l.chars / 1e6).toFixed(1)} MB, ${Math.round(l.nodes / 1000)}k nodes`;
  // Chromium's longtask entries leave out rendering work (a style recalc the
  // page's change triggers, say); the heartbeat's largest gap catches it.
  const blocked = Math.max(l.longestTaskMs, l.heartbeat.maxGapMs);
  row(`large page (${chars}): longest main-thread block while annotating (longtask API ${fmtMs(l.longestTaskMs)}, heartbeat gap ${fmtMs(l.heartbeat.maxGapMs)})`,
    blocked, l.naiveExact.ms, 'exact indexOf, one task', blocked / l.naiveExact.ms, `≤ ${TARGETS.longTaskMs} ms`, blocked <= TARGETS.longTaskMs);
  row(`large page: total annotate time (${l.annotated?.count} marks, ${l.planted} planted)`, l.totalMs, l.naiveExact.ms, 'exact indexOf, one task',
    l.totalMs / l.naiveExact.ms, '', null);
}

const cols = ['measure', 'claimlens', 'baseline', 'ratio', 'target', 'met'];
const width = Object.fromEntries(cols.map((c) => [c, Math.max(c.length, ...rows.map((r) => String(r[c]).length))]));
log('');
log(`ClaimLens in ${results.chromium} (headless); ratio = ClaimLens / baseline, < 1 is faster; same page, same run`);
log(cols.map((c) => c.padEnd(width[c])).join('  '));
for (const r of rows) log(cols.map((c) => String(r[c]).padEnd(width[c])).join('  '));
if (results.page && !results.page.crossOriginIsolated) log('(page not cross-origin isolated: timer resolution 100 µs; figures are batch means)');
if (results.pageErrors?.length || results.large?.errors?.length) log('page errors:', [...(results.pageErrors || []), ...(results.large?.errors || [])]);
results.table = rows;
fs.writeFileSync(path.join(OUT, 'browser.json'), JSON.stringify(results, null, 2));
log(`\nwritten to ${path.relative(ROOT, path.join(OUT, 'browser.json'))}`);
