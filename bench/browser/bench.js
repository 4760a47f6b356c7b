// The in-page half of scripts/bench-browser.mjs. Every figure is taken in
// this page, in one run, with performance.now() over many iterations, and
// each ClaimLens figure has a baseline measured right beside it (batches of
// ClaimLens and of the baseline alternate), because the machines are shared
// and noisy: the ratio is the figure to trust.
//
// The driver calls window.bench.* step by step (see scripts/bench-browser.mjs).
import Fuse from '/vendor/fuse/fuse.min.mjs';
import search from '/vendor/approx/index.js';

const FUSE_OPTIONS = { keys: ['quote', 'claimReviewed'], includeScore: true, ignoreLocation: true, threshold: 0.4 };

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))];
  return { median: at(0.5), p95: at(0.95), min: s[0], max: s[s.length - 1], n: s.length };
}

/** How many calls make one timed batch of at least `minMs` (timer resolution). */
function calibrate(fn, minMs) {
  for (let i = 0; i < 3; i++) fn(); // warm-up
  let batch = 1;
  for (;;) {
    const t = performance.now();
    for (let i = 0; i < batch; i++) fn();
    if (performance.now() - t >= minMs || batch >= 1 << 16) return batch;
    batch *= 2;
  }
}

/**
 * Times `a` (ClaimLens) and `b` (the baseline) in alternating batches until
 * `budgetMs` of wall time (or `maxSamples`), with at least `minSamples` each.
 * A sample is a batch's time divided by its size (ms per call). A function
 * whose first call takes `slowMs` or more is timed call by call, and only
 * `slowSamples` times (the first call counts: its warm-up is negligible), so
 * a baseline that takes seconds per call keeps the run bounded.
 */
function compare(a, b, { budgetMs = 600, minSamples = 5, maxSamples = 200, minBatchMs = 1, slowMs = 250, slowSamples = 3 } = {}) {
  const runner = (fn) => {
    const t = performance.now();
    fn();
    const first = performance.now() - t;
    if (first >= slowMs) return { fn, batch: 1, samples: [first], min: slowSamples, max: slowSamples };
    return { fn, batch: calibrate(fn, minBatchMs), samples: [], min: minSamples, max: maxSamples };
  };
  const runners = [runner(a), runner(b)];
  const end = performance.now() + budgetMs;
  for (let sampled = true; sampled; ) {
    sampled = false;
    for (const r of runners) {
      const n = r.samples.length;
      if (n >= r.max || (n >= r.min && performance.now() >= end)) continue;
      const t = performance.now();
      for (let i = 0; i < r.batch; i++) r.fn();
      r.samples.push((performance.now() - t) / r.batch);
      sampled = true;
    }
  }
  const out = (r) => ({ ...stats(r.samples), batch: r.batch });
  return { claimlens: out(runners[0]), baseline: out(runners[1]) };
}

/** Resolves in a new task that is not a timer callback (a MessageChannel message). */
function freshTask() {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => resolve();
    ch.port2.postMessage(null);
  });
}

const bench = {
  info() {
    return {
      crossOriginIsolated: window.crossOriginIsolated,
      userAgent: navigator.userAgent,
      claims: ClaimLens.claims().length,
      highlightApi: typeof Highlight === 'function',
    };
  },

  /** Copies the demo page's body (www/index.html, minus its scripts) into this page. */
  async loadDemoArticle() {
    const html = await (await fetch('/index.html')).text();
    const demo = new DOMParser().parseFromString(html, 'text/html');
    for (const s of demo.querySelectorAll('script')) s.remove();
    const nodes = [...demo.body.childNodes].map((n) => document.importNode(n, true));
    document.body.prepend(...nodes);
    document.title = demo.title;
    return { chars: document.body.textContent.length, elements: document.body.querySelectorAll('*').length };
  },

  /**
   * Runs every selection through ClaimLens.match for `ms` before anything is
   * timed: V8 first runs wasm with its baseline compiler (Liftoff) and moves
   * hot functions to the optimising one (TurboFan) in the background, so the
   * first calls are slower than the steady state the benchmark reports.
   * Returns each selection's first (cold) call, for the record.
   */
  warmUp(selections, ms = 1500) {
    const cold = selections.map((s) => {
      const t = performance.now();
      ClaimLens.match(s.text);
      return { name: s.name, ms: performance.now() - t };
    });
    const end = performance.now() + ms;
    while (performance.now() < end) for (const s of selections) ClaimLens.match(s.text);
    return cold;
  },

  /** The fuse.js index over the claims loaded now (quote and claimReviewed), for matchOne. */
  prepareFuse() {
    const claims = ClaimLens.claims().map((c) => ({ id: c.id, quote: c.quote || c.claimReviewed, claimReviewed: c.claimReviewed }));
    const t = performance.now();
    this.fuse = new Fuse(claims, FUSE_OPTIONS);
    return { claims: claims.length, indexMs: performance.now() - t };
  },

  /** (a)+(b): ClaimLens.match vs fuse.js search for one selection, on the claims loaded now. */
  matchOne(s, opts = {}) {
    let ours = [];
    let theirs = [];
    const r = compare(
      () => (ours = ClaimLens.match(s.text)),
      () => (theirs = this.fuse.search(s.text, { limit: 5 })),
      opts,
    );
    return {
      name: s.name,
      chars: s.text.length,
      expected: s.expected ?? null,
      claimlensTop: ours.map((m) => m.id),
      fuseTop: theirs.slice(0, 3).map((m) => m.item.id),
      ...r,
    };
  },

  /** ClaimLens.load(db, { replace: true }) vs building the fuse.js index, for the same claims. */
  async loadDatabase(url) {
    const text = await (await fetch(url)).text();
    const t0 = performance.now();
    const res = await ClaimLens.load(text, { replace: true });
    const loadMs = performance.now() - t0;
    const claims = ClaimLens.claims().map((c) => ({ id: c.id, quote: c.quote || c.claimReviewed, claimReviewed: c.claimReviewed }));
    const t1 = performance.now();
    const fuse = new Fuse(claims, FUSE_OPTIONS);
    const fuseMs = performance.now() - t1;
    return { bytes: text.length, result: res, claimlensMs: loadMs, fuseIndexMs: fuseMs, fuseSize: fuse.getIndex().size() };
  },

  /**
   * (c): ClaimLens.annotate() from call to resolution, vs approx-string-match
   * searching the page's text for every claim quote with up to 10% errors
   * (how the Hypothesis annotator anchors quotes). Alternating, `runs` each.
   * Also compares what the two mark (see compareMarks).
   */
  async annotateVsApprox(runs = 30) {
    const text = document.body.textContent;
    const claims = ClaimLens.claims().map((c) => ({ id: c.id, quote: c.quote || c.claimReviewed }));
    const approx = () => {
      const found = [];
      for (const c of claims) {
        const m = search(text, c.quote, Math.floor(c.quote.length / 10));
        if (m.length) found.push({ id: c.id, ...m.reduce((x, y) => (y.errors < x.errors ? y : x)) });
      }
      return found;
    };
    const first = await ClaimLens.annotate();
    const approxMatches = approx();
    const marks = compareMarks(text, first, approxMatches);
    for (let i = 0; i < 10; i++) { await ClaimLens.annotate(); approx(); } // warm-up (see warmUp)
    const ours = [];
    const theirs = [];
    const timer = [];
    for (let i = 0; i < runs; i++) {
      // Each call starts from a fresh task, as a page's own call would (from
      // a load or click handler): awaiting the last annotate() leaves us
      // inside nested timer callbacks, where Chromium clamps setTimeout(0)
      // (which annotate() uses to start its first slice) to 4 ms.
      await freshTask();
      let t = performance.now();
      await ClaimLens.annotate();
      ours.push(performance.now() - t);
      await freshTask();
      t = performance.now();
      approx();
      theirs.push(performance.now() - t);
      // What a setTimeout(0) round trip costs from a fresh task.
      await freshTask();
      t = performance.now();
      await new Promise((r) => setTimeout(r, 0));
      timer.push(performance.now() - t);
    }
    return {
      textChars: text.length,
      quotes: claims.length,
      claimlensFound: first.count,
      claimlensIds: first.ids.length,
      approxFound: approxMatches.length,
      marks,
      claimlens: stats(ours),
      baseline: stats(theirs),
      setTimeout0: stats(timer),
    };
  },
};

/**
 * What ClaimLens marked against what approx-string-match found, as text
 * offsets in document.body.textContent. ClaimLens's marks are the ranges of
 * its `claimlens` highlight (fallback: its <claimlens-mark> wrappers), each
 * with its claim: annotate() reports the ids in page order, one per mark
 * when no claim is marked twice (else the mark's text is matched).
 * approx-string-match's are the best hit of each claim's quote. A quote is
 * marked alike when the marks of the same claim over the hit cover at least
 * 80% of it and it covers at least 80% of them.
 */
function compareMarks(text, annotated, approxMatches) {
  const starts = new Map();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let pos = 0;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) { starts.set(n, pos); pos += n.data.length; }
  const offset = (node, off) => {
    if (starts.has(node)) return starts.get(node) + off;
    // An element boundary: the text before its off-th child.
    const child = node.childNodes[off];
    const w = document.createTreeWalker(child || node, NodeFilter.SHOW_TEXT);
    const t = w.nextNode();
    return t ? starts.get(t) : null;
  };
  const hl = globalThis.CSS && CSS.highlights && CSS.highlights.get('claimlens');
  const ranges = hl ? [...hl] : [...document.querySelectorAll('claimlens-mark')].map((m) => { const r = document.createRange(); r.selectNode(m); return r; });
  const ours = ranges.map((r) => ({ start: offset(r.startContainer, r.startOffset), end: offset(r.endContainer, r.endOffset) }))
    .filter((m) => m.start != null && m.end != null)
    .sort((x, y) => x.start - y.start)
    .map((m) => ({ ...m, text: text.slice(m.start, m.end) }));
  const zipped = ours.length === annotated.ids.length;
  ours.forEach((m, i) => { m.id = zipped ? annotated.ids[i] : ClaimLens.match(m.text)[0]?.id ?? null; });
  const overlap = (a, b) => Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
  const used = new Set();
  const same = [];
  const otherSpan = [];
  const otherClaim = [];
  const unmarked = [];
  for (const m of approxMatches) {
    const quote = text.slice(m.start, m.end);
    const over = ours.map((o, i) => ({ o, i, v: overlap(o, m) })).filter((h) => h.v > 0);
    // The same claim's marks (a quote of two sentences may be marked as two).
    const hits = over.filter((h) => h.o.id === m.id);
    if (!hits.length) {
      if (over.length) otherClaim.push({ id: m.id, approx: quote, claimlens: over.map((h) => `${h.o.id}: "${h.o.text}"`).join(' / ') });
      else unmarked.push({ id: m.id, errors: m.errors, text: quote });
      continue;
    }
    for (const h of hits) used.add(h.i);
    const covered = hits.reduce((sum, h) => sum + h.v, 0);
    const marked = hits.reduce((sum, h) => sum + (h.o.end - h.o.start), 0);
    const alike = covered >= 0.8 * (m.end - m.start) && covered >= 0.8 * marked;
    (alike ? same : otherSpan).push({ id: m.id, approx: quote, claimlens: hits.map((h) => h.o.text).join(' / ') });
  }
  const onlyClaimlens = ours.filter((_, i) => !used.has(i)).map((o) => ({ id: o.id, text: o.text }));
  return {
    claimlensMarks: ours.length,
    idsBy: zipped ? 'annotate() order' : 'ClaimLens.match of the mark',
    approxHits: approxMatches.length,
    same: same.length,
    otherSpan,
    otherClaim,
    unmarked,
    onlyClaimlens,
    identical: otherSpan.length === 0 && otherClaim.length === 0 && unmarked.length === 0 && onlyClaimlens.length === 0,
  };
}

window.bench = bench;
