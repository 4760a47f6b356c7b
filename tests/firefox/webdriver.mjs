// A small W3C WebDriver (+ a little WebDriver BiDi) client for the Firefox
// tests: Debian's firefox-esr driven by geckodriver (scripts/setup-firefox.sh).
// No dependency. Playwright cannot drive a stock Firefox, and
// selenium-webdriver (4.49: 23 MB unpacked with its selenium-manager
// binaries, which try to download drivers, plus ws, jszip, tmp) is more than
// these tests need. Every process is in one process group, killed at the end
// (and on exit); every wait is a bounded poll of a condition.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';
const CARGO_GECKODRIVER = path.join(os.homedir(), '.cargo', 'bin', 'geckodriver');
const GECKODRIVER = process.env.GECKODRIVER || (fs.existsSync(CARGO_GECKODRIVER) ? CARGO_GECKODRIVER : 'geckodriver');
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

// A closed network: nothing but 127.0.0.1. Firefox's own services are off;
// MOZ_DISABLE_NONLOCAL_CONNECTIONS=1 (what Mozilla's own test harnesses set)
// also lets Marionette's stand-in Remote Settings server (a data: URL) apply,
// which a release build otherwise ignores (Nimbus then still calls home). Any
// request that still leaves goes to the trap proxy below, which refuses and
// records it (localhost is never proxied).
const QUIET = {
  'app.update.disabledForTesting': true, 'app.normandy.enabled': false, 'app.shield.optoutstudies.enabled': false,
  'browser.safebrowsing.malware.enabled': false, 'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.downloads.enabled': false, 'browser.safebrowsing.blockedURIs.enabled': false,
  'browser.safebrowsing.provider.mozilla.updateURL': '', 'browser.safebrowsing.provider.google4.updateURL': '',
  'browser.search.update': false, 'browser.region.update.enabled': false, 'browser.region.network.url': '',
  'browser.startup.page': 0, 'browser.newtabpage.enabled': false, 'browser.shell.checkDefaultBrowser': false,
  'browser.newtabpage.activity-stream.feeds.system.topstories': false, 'browser.topsites.contile.enabled': false,
  'browser.translations.enable': false, 'browser.ml.enable': false, 'browser.urlbar.quicksuggest.enabled': false,
  'datareporting.healthreport.uploadEnabled': false, 'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.enabled': false, 'toolkit.telemetry.unified': false, 'toolkit.telemetry.archive.enabled': false,
  'extensions.update.enabled': false, 'extensions.getAddons.cache.enabled': false, 'extensions.blocklist.enabled': false,
  'extensions.systemAddon.update.enabled': false, 'extensions.htmlaboutaddons.recommendations.enabled': false,
  'network.captive-portal-service.enabled': false, 'network.connectivity-service.enabled': false,
  'network.dns.disablePrefetch': true, 'network.prefetch-next': false, 'network.predictor.enabled': false,
  'network.http.speculative-parallel-limit': 0, 'network.trr.mode': 5, 'dom.push.connection.enabled': false,
  'media.gmp-manager.url': '', 'geo.provider.network.url': '', 'identity.fxaccounts.enabled': false,
  'security.OCSP.enabled': 0, 'security.remote_settings.crlite_filters.enabled': false,
  'messaging-system.rsexperimentloader.enabled': false, 'browser.uitour.enabled': false,
  'devtools.console.stdout.content': true, // page console messages also go to firefox.log
};

/** Polls `fn` until it returns something truthy; throws after `timeout` ms. */
export async function until(fn, { timeout = 10_000, interval = 50, what = 'a condition' } = {}) {
  const end = Date.now() + timeout;
  for (let last; ; await new Promise((r) => setTimeout(r, interval))) {
    try { if ((last = await fn())) return last; } catch (e) { last = e; }
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what} (last: ${last?.message ?? last})`);
  }
}

/**
 * Starts geckodriver (free port) and a Firefox session with a fresh profile.
 * `systemAccess`: geckodriver --allow-system-access, which WebDriver needs to
 * open moz-extension:// pages (and for the 'chrome' context).
 */
export async function launch({ prefs = {}, viewport = { width: 1280, height: 900 }, systemAccess = false } = {}) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'claimlens-ff-'));
  const trapped = [];
  const trap = http.createServer((req, res) => { trapped.push(`${req.method} ${req.url}`); res.writeHead(403).end(); });
  trap.on('connect', (req, socket) => { trapped.push(`CONNECT ${req.url}`); socket.end('HTTP/1.1 403 Forbidden\r\n\r\n'); });
  await new Promise((ok) => trap.listen(0, '127.0.0.1', ok));
  const proxy = { 'network.proxy.type': 1, 'network.proxy.http': '127.0.0.1', 'network.proxy.http_port': trap.address().port,
    'network.proxy.ssl': '127.0.0.1', 'network.proxy.ssl_port': trap.address().port, 'network.proxy.no_proxies_on': '' };
  const logFile = path.join(tmp, 'firefox.log');
  const log = fs.openSync(logFile, 'w');
  const gd = spawn(GECKODRIVER, ['--port', '0', '--websocket-port', '0', '--profile-root', tmp, ...(systemAccess ? ['--allow-system-access'] : [])],
    { detached: true, stdio: ['ignore', 'pipe', log], env: { ...process.env, MOZ_HEADLESS: '1', MOZ_DISABLE_NONLOCAL_CONNECTIONS: '1' } });
  // geckodriver leads a process group of its own, Firefox and its children in it: one kill ends them all,
  // on exit or Ctrl+C too. (Only a SIGKILL of this process could leave them behind.)
  const kill = () => { try { process.kill(-gd.pid, 'SIGKILL'); } catch { /* gone */ } };
  const onSignal = (signal) => { kill(); process.exit(128 + os.constants.signals[signal]); };
  process.on('exit', kill);
  for (const signal of SIGNALS) process.on(signal, onSignal);
  const ff = new Firefox({ gd, tmp, trap, trapped, log, logFile, kill, onSignal });
  try {
    const port = await new Promise((ok, fail) => {
      let seen = '';
      gd.once('error', (e) => fail(new Error(`cannot start ${GECKODRIVER} (${e.code}): run scripts/setup-firefox.sh`)));
      gd.once('exit', (code) => fail(new Error(`geckodriver exited (${code}); see ${logFile}`)));
      setTimeout(() => fail(new Error(`geckodriver did not start in 30 s; see ${logFile}`)), 30_000).unref();
      gd.stdout.on('data', (d) => {
        fs.writeSync(log, d);
        const m = (seen += d).match(/Listening on [\d.]+:(\d+)/);
        if (m) ok(Number(m[1]));
      });
    });
    ff.base = `http://127.0.0.1:${port}`;
    const { sessionId, capabilities } = await ff.cmd('POST', '/session', { capabilities: { alwaysMatch: {
      browserName: 'firefox', webSocketUrl: true, unhandledPromptBehavior: 'ignore',
      'moz:firefoxOptions': { binary: FIREFOX, args: ['-headless'], prefs: { ...QUIET, ...proxy, ...prefs } },
    } } }, '');
    ff.id = sessionId;
    ff.version = capabilities.browserVersion;
    await ff.connect(capabilities.webSocketUrl);
    await ff.bidi('session.subscribe', { events: ['log.entryAdded'] });
    await ff.cmd('POST', '/window/rect', viewport);
    return ff;
  } catch (e) {
    await ff.quit();
    throw e;
  }
}

class Firefox {
  constructor(fields) { Object.assign(this, fields, { logs: [], pending: new Map(), seq: 0 }); }

  /** One WebDriver command, relative to the session (`route` ''): its value, or a thrown error. */
  async cmd(method, route, body, prefix = `/session/${this.id}`) {
    const res = await fetch(this.base + prefix + route, { method, signal: AbortSignal.timeout(60_000),
      headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const { value } = await res.json();
    if (!res.ok) throw Object.assign(new Error(`${method} ${route}: ${value.error}: ${value.message}`), { code: value.error });
    return value;
  }

  /** WebDriver BiDi over a minimal WebSocket client (text frames; Node 20 has no WebSocket by default). */
  async connect(url) {
    const u = new URL(url);
    const socket = (this.socket = net.connect(Number(u.port), u.hostname));
    let buf = Buffer.alloc(0), open = false, parts = [];
    await new Promise((ok, fail) => {
      socket.once('error', fail).once('connect', () => socket.write(`GET ${u.pathname} HTTP/1.1\r\nHost: ${u.host}\r\n`
        + `Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${crypto.randomBytes(16).toString('base64')}\r\n`
        + 'Sec-WebSocket-Version: 13\r\n\r\n'));
      socket.on('data', (chunk) => {
        buf = Buffer.concat([buf, chunk]);
        if (!open) {
          const end = buf.indexOf('\r\n\r\n');
          if (end < 0) return;
          if (!buf.toString('latin1', 0, end).startsWith('HTTP/1.1 101')) return fail(new Error('BiDi handshake refused'));
          [open, buf] = [true, buf.subarray(end + 4)];
          ok();
        }
        while (buf.length >= 2) {
          const n = buf[1] & 127, off = n === 126 ? 4 : n === 127 ? 10 : 2;
          if (buf.length < off) return;
          const len = n === 126 ? buf.readUInt16BE(2) : n === 127 ? Number(buf.readBigUInt64BE(2)) : n;
          if (buf.length < off + len) return;
          const [fin, op, data] = [buf[0] & 128, buf[0] & 15, buf.subarray(off, off + len)];
          buf = buf.subarray(off + len);
          if (op === 9) this.frame(10, data);
          else if (op <= 1 && (parts.push(data), fin)) { this.received(JSON.parse(Buffer.concat(parts))); parts = []; }
        }
      });
    });
    socket.on('error', () => {}); // closing at the end: the session is gone anyway
  }

  frame(op, data) {
    const mask = crypto.randomBytes(4), n = data.length;
    const head = n < 126 ? Buffer.from([128 | op, 128 | n])
      : n < 65536 ? Buffer.from([128 | op, 254, n >> 8, n & 255]) : Buffer.concat([Buffer.from([128 | op, 255]), Buffer.alloc(8)]);
    if (n >= 65536) head.writeBigUInt64BE(BigInt(n), 2);
    this.socket.write(Buffer.concat([head, mask, data.map((b, i) => b ^ mask[i & 3])]));
  }

  received(msg) {
    if (msg.method === 'log.entryAdded') {
      const p = msg.params;
      this.logs.push({ level: p.level, type: p.type, text: p.text, context: p.source?.context, stack: p.stackTrace });
    }
    const waiter = this.pending.get(msg.id);
    if (!waiter) return;
    this.pending.delete(msg.id);
    if (msg.type === 'error') waiter.fail(new Error(`BiDi: ${msg.error}: ${msg.message}`));
    else waiter.ok(msg.result);
  }

  bidi(method, params = {}) {
    const id = ++this.seq;
    this.frame(1, Buffer.from(JSON.stringify({ id, method, params })));
    return new Promise((ok, fail) => {
      this.pending.set(id, { ok, fail });
      setTimeout(() => this.pending.delete(id) && fail(new Error(`BiDi ${method}: no answer in 30 s`)), 30_000).unref();
    });
  }

  /** Runs `fn` in every new document before its own scripts (like Playwright's addInitScript). */
  addPreloadScript(fn) { return this.bidi('script.addPreloadScript', { functionDeclaration: String(fn) }); }

  navigate(url) { return this.cmd('POST', '/url', { url }); }
  url() { return this.cmd('GET', '/url'); }
  /** Runs `fn(...args)` in the current page; a returned promise is awaited (W3C "execute script"). */
  execute(fn, ...args) { return this.cmd('POST', '/execute/sync', { script: `return (${fn}).apply(null, arguments)`, args }); }
  /** The same with an explicit callback: `fn(...args, done)`. */
  executeAsync(fn, ...args) { return this.cmd('POST', '/execute/async', { script: `(${fn}).apply(null, arguments)`, args }); }
  /** Waits until `fn(...args)` is truthy in the page, and returns its value. */
  waitFor(fn, args = [], opts = {}) { return until(() => this.execute(fn, ...args), { what: String(fn), ...opts }); }

  async find(selector) { return (await this.cmd('POST', '/element', { using: 'css selector', value: selector }))[ELEMENT]; }
  async click(selector) { return this.cmd('POST', `/element/${await this.find(selector)}/click`, {}); }
  async sendKeys(selector, text) { return this.cmd('POST', `/element/${await this.find(selector)}/value`, { text }); }
  actions(actions) { return this.cmd('POST', '/actions', { actions }); }
  /** Presses and releases one key (WebDriver key codes: '\uE00C' is Escape). */
  key(value) { return this.actions([{ type: 'key', id: 'kb', actions: [{ type: 'keyDown', value }, { type: 'keyUp', value }] }]); }

  /** Selects `text` inside `scope` by dragging the mouse from its first character to its last. */
  async dragSelect(text, scope = 'body') {
    const box = await this.execute((text, scope) => {
      const root = document.querySelector(scope);
      const start = root.textContent.indexOf(text);
      if (start < 0) throw new Error(`text not on page: ${text}`);
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      const at = (offset) => { // the text node and offset `offset` characters into root
        walker.currentNode = root;
        for (let n = walker.nextNode(), pos = 0; n; pos += n.data.length, n = walker.nextNode()) if (offset < pos + n.data.length) return [n, offset - pos];
        throw new Error('offset out of range');
      };
      const rect = ([n, o]) => { const r = document.createRange(); r.setStart(n, o); r.setEnd(n, o + 1); return r.getBoundingClientRect(); };
      const first = at(start);
      first[0].parentElement.scrollIntoView({ block: 'center' });
      const [s, e] = [rect(first), rect(at(start + text.length - 1))];
      return { x1: s.left + 1, y1: s.top + s.height / 2, x2: e.right - 1, y2: e.top + e.height / 2 };
    }, text, scope);
    const move = (x, y, duration = 0) => ({ type: 'pointerMove', origin: 'viewport', x: Math.round(x), y: Math.round(y), duration });
    await this.actions([{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions: [
      move(box.x1, box.y1), { type: 'pointerDown', button: 0 },
      move((box.x1 + box.x2) / 2, (box.y1 + box.y2) / 2, 100), move(box.x2, box.y2, 100), { type: 'pointerUp', button: 0 },
    ] }]);
  }

  newTab() { return this.cmd('POST', '/window/new', { type: 'tab' }).then((r) => r.handle); }
  switchTo(handle) { return this.cmd('POST', '/window', { handle }); }
  windows() { return this.cmd('GET', '/window/handles'); }
  closeWindow() { return this.cmd('DELETE', '/window'); }
  /** Marionette's 'content' or 'chrome' scope ('chrome' needs geckodriver --allow-system-access). */
  context(context) { return this.cmd('POST', '/moz/context', { context }); }
  /** Installs an unpacked extension directory or .xpi/.zip, temporarily; returns its id. */
  installAddon(file) { return this.cmd('POST', '/moz/addon/install', { path: path.resolve(file), temporary: true }); }
  async screenshot(file) { fs.writeFileSync(file, Buffer.from(await this.cmd('GET', '/screenshot'), 'base64')); }
  /** The first element `selector` finds, as PNG bytes. */
  async elementShot(selector) { return Buffer.from(await this.cmd('GET', `/element/${await this.find(selector)}/screenshot`), 'base64'); }

  /** Ends the session, then makes sure geckodriver, Firefox and its child processes are gone. */
  async quit() {
    if (this.id) await this.cmd('DELETE', '').catch(() => {}); // Firefox quits
    this.socket?.destroy();
    this.gd.kill('SIGTERM');
    const alive = () => { try { return process.kill(-this.gd.pid, 0); } catch { return false; } }; // anyone left in the group
    await until(() => !alive(), { timeout: 10_000, what: 'Firefox and geckodriver to exit' }).catch(this.kill);
    process.off('exit', this.kill);
    for (const signal of SIGNALS) process.off(signal, this.onSignal);
    this.gd.stdout?.removeAllListeners('data').destroy();
    fs.closeSync(this.log);
    await new Promise((ok) => this.trap.close(ok));
    if (!process.env.KEEP_FIREFOX_LOG) fs.rmSync(this.tmp, { recursive: true, force: true });
  }
}
