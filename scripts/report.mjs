// Prints what `make dist` built: each file's size, raw and gzipped, the
// total a page downloads, and the Subresource Integrity value for the
// script tag's `integrity` attribute.
import fs from 'node:fs';
import zlib from 'node:zlib';
import crypto from 'node:crypto';

const files = ['claimlens.js', 'claimlens_core.js', 'claimlens_core_bg.wasm'];
let raw = 0;
let gz = 0;
for (const f of files) {
  const body = fs.readFileSync(new URL(`../dist/${f}`, import.meta.url));
  const z = zlib.gzipSync(body, { level: 9 }).length;
  raw += body.length;
  gz += z;
  console.log(`dist/${f.padEnd(24)} ${String(body.length).padStart(8)} B  ${String(z).padStart(7)} B gzipped`);
}
console.log(`${'total'.padEnd(29)} ${String(raw).padStart(8)} B  ${String(gz).padStart(7)} B gzipped`);
const loader = fs.readFileSync(new URL('../dist/claimlens.js', import.meta.url));
console.log(`integrity="sha384-${crypto.createHash('sha384').update(loader).digest('base64')}"`);
