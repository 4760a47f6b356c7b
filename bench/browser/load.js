// The in-page half of the 10,375-claim load measures (scripts/bench-browser.mjs
// drives it): ClaimLens.load(jsonText, { replace: true }) and
// ClaimLens.load(urlOfPackedIndex), each from the call to the promise
// resolving ("usable"), and the longest main-thread block meanwhile; the
// baseline is new Fuse(claims, options) on the same claims, watched the
// same way, and the packed index's plain download is watched as a
// reference. One measure per fresh page (the driver opens one per run).
import Fuse from '/vendor/fuse/fuse.min.mjs';

const FUSE_OPTIONS = { keys: ['quote', 'claimReviewed'], includeScore: true, ignoreLocation: true, threshold: 0.4 };
const watch = window.__watch;

/** Times `fn` (sync or async) from the call to its result, with the main thread watched. */
async function watched(fn) {
  await watch.settle(100); // the page quiet
  watch.start();
  await new Promise((r) => setTimeout(r, 50)); // the heartbeat going
  const t0 = performance.now();
  let result;
  let error = null;
  try {
    result = await fn();
  } catch (e) {
    error = `${e.code || e.name}: ${e.message}`;
  }
  const t1 = performance.now();
  await watch.settle(100); // trailing rendering, and long-task entries, land
  watch.stop();
  return { ms: t1 - t0, result, error, ...watch.blocks(t0, t1) };
}

async function readyLens() {
  await window.__claimlensReady;
  // Annotation is off and the page has no JSON-LD: nothing else is loading.
  return ClaimLens.claims().length;
}

window.loadBench = {
  /** ClaimLens.load(the JSON text, { replace: true }); the text is fetched first (not timed). */
  async json(url) {
    const before = await readyLens();
    const text = await (await fetch(url)).text();
    const r = await watched(() => ClaimLens.load(text, { replace: true }));
    return { before, bytes: text.length, ...r };
  },
  /** ClaimLens.load(url) of a packed index (claimlens pack): fetch, read and index. */
  async packed(url) {
    const before = await readyLens();
    const r = await watched(() => ClaimLens.load(url));
    // Of which the download (Resource Timing).
    const e = performance.getEntriesByType('resource').filter((x) => x.name.endsWith(url)).pop();
    return { before, fetchMs: e ? e.responseEnd - e.startTime : null, wireBytes: e ? e.encodedBodySize : null, ...r };
  },
  /**
   * The packed index's download alone, as the widget does it
   * (`fetch(url)` then `arrayBuffer()`), with no ClaimLens code: how much
   * of the packed load's block the browser's own download work is.
   */
  async download(url) {
    await readyLens();
    const r = await watched(async () => (await (await fetch(url)).arrayBuffer()).byteLength);
    return { bytes: r.result, ...r };
  },
  /** new Fuse(claims, options) on the claims of the JSON at `url` (fetch and JSON.parse not timed, but reported). */
  async fuse(url) {
    const text = await (await fetch(url)).text();
    const t = performance.now();
    const doc = JSON.parse(text);
    const parseMs = performance.now() - t;
    const records = Array.isArray(doc) ? doc : doc['@graph'] || [doc];
    const claims = records.filter((r) => r['@type'] === 'ClaimReview').map((r) => ({ id: r.id, quote: r.quote || r.claimReviewed, claimReviewed: r.claimReviewed }));
    const r = await watched(() => new Fuse(claims, FUSE_OPTIONS));
    const size = r.result.getIndex().size();
    delete r.result;
    return { claims: claims.length, parseMs, indexSize: size, ...r };
  },
};
