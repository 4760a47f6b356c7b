// The browser benchmark's static server (node:http + zlib). Unlike the demo
// server (scripts/server.mjs), it serves what a CDN would: gzip
// (`Content-Encoding: gzip`, `Vary: Accept-Encoding`) when the request
// accepts it, `application/wasm` for .wasm (so instantiateStreaming
// compiles while the bytes arrive), and Content-Length. Without gzip a
// throttled network profile would time 2–3× the bytes a real page gets.
//
// Every response is cross-origin isolated (COOP + COEP), so performance.now()
// is precise to 5 µs rather than 100 µs, and carries `Cache-Control:
// no-store` (each page load starts with an empty cache anyway: the driver
// disables the cache through CDP and uses a fresh context per load).
//
// Compressed bodies are made once per file version (gzip -9, the level the
// bytes figure uses) and kept in memory, so no load waits on the server's
// compression.
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { TYPES } from '../scripts/server.mjs';

/** Types worth compressing (a CDN compresses these; images are already compressed). */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.wasm', '.clx', '.txt']);

/**
 * Starts the server on 127.0.0.1 (`port` 0: any free port). `roots` is a
 * list of [urlPrefix, directory], tried in order; a path outside every
 * directory is refused. Resolves with { url, close, log }: `log` lists each
 * response (path, status, type, encoding, bytes sent) for the checks.
 */
export async function startBenchServer({ roots, port = 0 }) {
  const cache = new Map(); // file -> { key, gz }
  const log = [];
  async function body(file, gzip) {
    const stat = await fs.stat(file);
    if (!stat.isFile()) throw new Error('not a file');
    const raw = await fs.readFile(file);
    if (!gzip) return { data: raw, encoding: null };
    const key = `${stat.mtimeMs}:${stat.size}`;
    let hit = cache.get(file);
    if (!hit || hit.key !== key) {
      hit = { key, gz: zlib.gzipSync(raw, { level: 9 }) };
      cache.set(file, hit);
    }
    return { data: hit.gz, encoding: 'gzip' };
  }
  const server = http.createServer(async (req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (urlPath === '/favicon.ico') {
      // Browsers ask for it on every page; no 404 in the console.
      res.writeHead(204, { 'Cache-Control': 'no-store' }).end();
      return;
    }
    let file = null;
    for (const [prefix, dir] of roots) {
      if (!urlPath.startsWith(prefix)) continue;
      const rel = urlPath.slice(prefix.length) || 'index.html';
      const candidate = path.resolve(dir, rel.endsWith('/') ? rel + 'index.html' : rel);
      if (candidate === dir || candidate.startsWith(dir + path.sep)) file = candidate;
      break;
    }
    const common = {
      'Cache-Control': 'no-store',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'same-origin',
    };
    if (!file) {
      res.writeHead(404, { ...common, 'Content-Type': 'text/plain' }).end('not found');
      log.push({ path: urlPath, status: 404 });
      return;
    }
    const ext = path.extname(file);
    const accepts = /\bgzip\b/.test(String(req.headers['accept-encoding'] || ''));
    try {
      const { data, encoding } = await body(file, accepts && COMPRESSIBLE.has(ext));
      const headers = {
        ...common,
        'Content-Type': TYPES[ext] || 'application/octet-stream',
        'Content-Length': data.length,
        Vary: 'Accept-Encoding',
      };
      if (encoding) headers['Content-Encoding'] = encoding;
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : data);
      log.push({ path: urlPath, status: 200, type: headers['Content-Type'], encoding, bytes: data.length });
    } catch {
      res.writeHead(404, { ...common, 'Content-Type': 'text/plain' }).end('not found');
      log.push({ path: urlPath, status: 404 });
    }
  });
  await new Promise((ok, fail) => server.once('error', fail).listen(port, '127.0.0.1', ok));
  server.keepAliveTimeout = 60_000;
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    log,
    close: () => new Promise((ok) => { server.closeAllConnections?.(); server.close(ok); }),
  };
}
