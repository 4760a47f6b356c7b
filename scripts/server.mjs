// A small static server for the demo and the end-to-end tests: serves www/
// at /, dist/ at /dist/ (and under any /cdn/<path>/ prefix, to prove the
// bundle works from any path), with .wasm as application/wasm. Binds to
// 127.0.0.1 only. Optional response headers (a CSP) for tests.
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Content-Type by file extension (the benchmark's server uses it too). */
export const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.clx': 'application/octet-stream',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};

/** Maps a URL path to a file: /dist/* and /cdn/<anything>/* -> dist/, else www/. */
function resolve(urlPath, extraRoots) {
  const clean = decodeURIComponent(urlPath.split('?')[0]);
  for (const [prefix, dir] of extraRoots) {
    if (clean.startsWith(prefix)) return path.join(dir, clean.slice(prefix.length));
  }
  const cdn = clean.match(/^\/cdn\/(?:[^/]+\/)*?(claimlens[^/]*|[^/]+\.wasm)$/);
  if (cdn) return path.join(ROOT, 'dist', cdn[1]);
  if (clean.startsWith('/dist/')) return path.join(ROOT, 'dist', clean.slice('/dist/'.length));
  const file = clean.endsWith('/') ? clean + 'index.html' : clean;
  return path.join(ROOT, 'www', file);
}

/**
 * Starts the server. `headers(urlPath)` may return extra response headers;
 * `extraRoots` is a list of [urlPrefix, directory] served before the defaults;
 * `onRequest(url)` sees every request (tests record them).
 */
export async function startServer({ port = 8080, headers = () => ({}), extraRoots = [], onRequest = () => {} } = {}) {
  const server = http.createServer(async (req, res) => {
    onRequest(req.url);
    const file = resolve(req.url, extraRoots);
    const allowed = [path.join(ROOT, 'www'), path.join(ROOT, 'dist'), ...extraRoots.map(([, d]) => d)];
    if (!allowed.some((dir) => file === dir || file.startsWith(dir + path.sep))) {
      res.writeHead(403).end('forbidden');
      return;
    }
    try {
      const body = await fs.readFile(file);
      res.writeHead(200, {
        'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
        'Cache-Control': 'no-store',
        ...headers(req.url),
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((ok, fail) => server.once('error', fail).listen(port, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${server.address().port}/`;
  return { server, url, close: () => new Promise((ok) => server.close(ok)) };
}

// `node scripts/server.mjs`: the demo.
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const port = Number(process.env.PORT || 8080);
  const { url } = await startServer({ port });
  console.log(`ClaimLens demo: ${url}  (Ctrl+C to stop)`);
}
