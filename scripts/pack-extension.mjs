// Builds the browser extension from www/extension/ and the wasm that
// `make dist` just built (target/extension-core/, see scripts/dist.mjs):
// dist/extension/ (unpacked, for "Load unpacked" in Chromium or
// about:debugging in Firefox) and one zip per browser, made by
// `web-ext build`. One manifest serves both: Chromium uses
// background.service_worker, Firefox background.scripts (see
// www/extension/README.md). The content script is bundled with esbuild,
// with the DOM helpers it shares with the widget (src/dom.js).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = path.join(ROOT, 'www', 'extension');
const DIST = path.join(ROOT, 'dist');
const OUT = path.join(DIST, 'extension');
const CORE = ['claimlens_web.js', 'claimlens_web_bg.wasm'];
/** Where scripts/dist.mjs leaves the package's wasm and glue, shortened and bundled. */
const CORE_DIR = path.join(ROOT, 'target', 'extension-core');

fs.rmSync(OUT, { recursive: true, force: true });
fs.mkdirSync(path.join(OUT, 'icons'), { recursive: true });
for (const f of fs.readdirSync(SRC)) {
  if (f !== 'README.md') fs.cpSync(path.join(SRC, f), path.join(OUT, f), { recursive: true });
}
// The package's wasm and glue, with `ClaimLensEngine`.
for (const f of CORE) fs.copyFileSync(path.join(CORE_DIR, f), path.join(OUT, f));
// Content scripts are classic scripts: one file, the shared helpers inlined.
await esbuild.build({
  entryPoints: [path.join(SRC, 'content.js')],
  outfile: path.join(OUT, 'content.js'),
  bundle: true,
  format: 'iife',
  target: 'es2022',
  logLevel: 'warning',
  allowOverwrite: true,
});
for (const size of [16, 32, 48, 128]) fs.writeFileSync(path.join(OUT, 'icons', `${size}.png`), icon(size));

// Every file the manifest and the pages name must be there.
const manifest = JSON.parse(fs.readFileSync(path.join(OUT, 'manifest.json'), 'utf8'));
if (manifest.host_permissions) throw new Error('the shipped manifest must not have host_permissions');
const named = [
  manifest.background.service_worker, ...manifest.background.scripts, manifest.action.default_popup,
  manifest.options_ui.page, ...Object.values(manifest.icons), ...Object.values(manifest.action.default_icon), 'content.js',
];
for (const html of named.filter((f) => f.endsWith('.html'))) {
  for (const [, ref] of fs.readFileSync(path.join(OUT, html), 'utf8').matchAll(/(?:src|href)="([^"]+)"/g)) named.push(ref);
}
for (const f of named) if (!fs.existsSync(path.join(OUT, f))) throw new Error(`dist/extension/${f} is missing`);

const webExt = path.join(ROOT, 'node_modules', '.bin', 'web-ext');
for (const browser of ['chromium', 'firefox']) {
  const name = `claimlens-${browser}.zip`;
  fs.rmSync(path.join(DIST, name), { force: true });
  const run = spawnSync(webExt, ['build', '--source-dir', OUT, '--artifacts-dir', DIST, '--filename', name, '--overwrite-dest', '--no-config-discovery'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (run.status !== 0) throw new Error(`web-ext build for ${browser} failed`);
  console.log(`dist/${name} ${String(fs.statSync(path.join(DIST, name)).size).padStart(17)} B  (manifest ${manifest.version})`);
}

/** The toolbar icon: a lens with a tick, drawn and PNG-encoded here (no image tools needed). */
function icon(size) {
  const S = 4; // samples per pixel side, for smooth edges
  const rgba = Buffer.alloc(size * size * 4);
  const segment = (px, py, ax, ay, bx, by) => {
    const dx = bx - ax, dy = by - ay;
    const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
    return Math.hypot(px - ax - t * dx, py - ay - t * dy);
  };
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let ink = 0;
      let tick = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const u = (x + (sx + 0.5) / S) / size; // 0..1
          const v = (y + (sy + 0.5) / S) / size;
          const r = Math.hypot(u - 0.42, v - 0.42);
          const ring = r > 0.27 && r < 0.38;
          const handle = segment(u, v, 0.68, 0.68, 0.9, 0.9) < 0.075;
          const check = Math.min(segment(u, v, 0.3, 0.43, 0.39, 0.52), segment(u, v, 0.39, 0.52, 0.55, 0.32)) < 0.05;
          if (ring || handle) ink++;
          else if (check) tick++;
        }
      }
      const i = (y * size + x) * 4;
      const a = (ink + tick) / (S * S);
      const [r, g, b] = tick > ink ? [0x17, 0x66, 0x3a] : [0x0b, 0x57, 0xa4];
      rgba.set([r, g, b, Math.round(a * 255)], i);
    }
  }
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function crc32(buf) {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}
