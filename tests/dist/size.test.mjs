// The widget's byte budget: everything a page downloads for the script tag
// (the loader, the glue and the wasm, whose data holds the bundled
// database), gzip -9, as `scripts/bench-browser.mjs` counts it. A byte
// count, never a time. Needs dist/ (`make dist`). Run: node --test tests/dist/
//
// Two budgets:
//  * the target (issue 11): 100 KB. The widget does not meet it yet, so
//    that check is a `todo`: it reports the gap on every run without
//    failing the suite. Drop the `todo` once it passes.
//  * a ceiling the widget must never cross: its weight when the target was
//    set (204.0 KB, measured by `BENCH_QUICK=1 node scripts/bench-browser.mjs`
//    on commit 1e95aa3). Growing past it fails `make test`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIST = path.join(ROOT, 'dist');
const FILES = ['claimlens.js', 'claimlens_web.js', 'claimlens_web_bg.wasm'];
const KB = 1000;
const TARGET = 100 * KB;
const CEILING = 204 * KB;

function downloaded() {
  const sizes = FILES.map((f) => {
    const file = path.join(DIST, f);
    assert.ok(fs.existsSync(file), `${file} is missing: run \`make dist\` first`);
    return [f, zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length];
  });
  const total = sizes.reduce((sum, [, n]) => sum + n, 0);
  const detail = sizes.map(([f, n]) => `${f} ${(n / KB).toFixed(1)} KB`).join(', ');
  return { total, detail };
}

test(`the script-tag widget stays under its ceiling of ${CEILING / KB} KB gzipped`, () => {
  const { total, detail } = downloaded();
  assert.ok(total <= CEILING, `${(total / KB).toFixed(1)} KB gzipped (${detail})`);
});

test(`the script-tag widget fits the ${TARGET / KB} KB target`, {
  todo: 'issue 11: the widget is over its 100 KB target (see the README\'s figures)',
}, () => {
  const { total, detail } = downloaded();
  assert.ok(total <= TARGET, `${(total / KB).toFixed(1)} KB gzipped (${detail}); target ${TARGET / KB} KB`);
});
