// End to end, as a front-end developer with a bundler uses the npm package:
// `npm pack` pkg/, install the tarball into a scratch project (offline, with
// an empty npm cache and an unreachable registry: the package has no
// dependencies), type-check the project's TypeScript (tests/npm/app) with
// tsc, bundle it with esbuild, serve it and drive it in Chromium.
//
// Needs pkg/ (`make dist`). Run: node --test tests/npm/
// CLAIMLENS_KEEP_TMP=1 keeps the scratch directory (its path is logged).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { launch, startServer, dragSelect, ROOT } from '../e2e/browser.mjs';

const PKG = path.join(ROOT, 'pkg');
const APP_SRC = path.join(ROOT, 'tests', 'npm', 'app');
const TSC = path.join(ROOT, 'node_modules', '.bin', 'tsc');
const CLAIM = 'Since the Singapore summit, the regime has built another estimated six nuclear weapons';
const CLAIM_ID = 'six-more-nuclear-weapons';
const UNRELATED = 'The harbour ferry timetable changes every spring, when the morning crossings move to half past seven.';

let tmp;
let app;
let tarball;
let packed;
let server;
let browser;

/** Runs `cmd`; returns its output, or fails with it. */
function run(cmd, args, { cwd, env } = {}) {
  const r = spawnSync(cmd, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8' });
  assert.equal(r.status, 0, `${path.basename(cmd)} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** npm with no network: an empty cache of its own and a registry nothing listens on. */
const npm = (args, cwd) => run('npm', [...args, '--offline', '--no-audit', '--no-fund', '--no-update-notifier'], {
  cwd,
  env: { npm_config_cache: path.join(tmp, 'npm-cache'), npm_config_registry: 'http://127.0.0.1:9/' },
});

/** Typed `tsc -p`: its status and what it printed. */
function tsc(project) {
  const r = spawnSync(TSC, ['-p', project, '--pretty', 'false'], { cwd: app, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}`.trim() };
}

before(async () => {
  assert.ok(fs.existsSync(path.join(PKG, 'package.json')), 'pkg/ is missing: run `make dist` first');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'claimlens-npm-'));
  if (process.env.CLAIMLENS_KEEP_TMP) console.log(`scratch directory: ${tmp}`);
  app = path.join(tmp, 'app');
  fs.cpSync(APP_SRC, app, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (tmp && !process.env.CLAIMLENS_KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
});

test('npm pack pkg/ makes a tarball with every file the package refers to', () => {
  [packed] = JSON.parse(npm(['pack', PKG, '--pack-destination', tmp, '--json'], tmp));
  tarball = path.join(tmp, packed.filename);
  assert.ok(fs.existsSync(tarball), tarball);
  const files = new Set(packed.files.map((f) => f.path));
  const manifest = JSON.parse(fs.readFileSync(path.join(PKG, 'package.json'), 'utf8'));
  // Every file package.json names: main, types, and each exports target.
  const targets = [manifest.main, manifest.types];
  const walk = (v) => (typeof v === 'string' ? targets.push(v) : Object.values(v).forEach(walk));
  walk(manifest.exports);
  for (const t of targets) assert.ok(files.has(path.posix.normalize(t)), `${t} is referred to by package.json but not packed`);
  // Every module the glue imports by relative path.
  const glue = fs.readFileSync(path.join(PKG, manifest.main), 'utf8');
  for (const [, spec] of glue.matchAll(/\bfrom\s*['"](\.[^'"]+)['"]/g)) {
    assert.ok(files.has(path.posix.normalize(spec)), `the glue imports ${spec}, which is not packed`);
  }
});

test('the tarball installs into a project with no network', () => {
  assert.ok(tarball, 'no tarball (the previous test failed)');
  npm(['install', tarball], app);
  const installed = JSON.parse(fs.readFileSync(path.join(app, 'node_modules', 'claimlens', 'package.json'), 'utf8'));
  assert.equal(installed.version, packed.version);
  assert.deepEqual(installed.dependencies ?? {}, {}, 'the package should need nothing else from the registry');
});

test('the usage code type-checks (tsc --noEmit, strict, moduleResolution bundler)', () => {
  const r = tsc('tsconfig.json');
  assert.equal(r.status, 0, `tsc failed:\n${r.out}`);
});

// Two projects a package must not break: one on lib ["dom", "es2022"] with
// skipLibCheck off (the .d.ts declares [Symbol.dispose](), so it must bring
// esnext.disposable itself), and one passing a number to match() (the
// parameter is a string: the @ts-expect-error must be needed).
test('a project on lib ["dom", "es2022"] with skipLibCheck off accepts the .d.ts', () => {
  const r = tsc('type-checks/tsconfig.es2022.json');
  assert.equal(r.status, 0, r.out);
});

test('ClaimLens.match(42) is a type error', () => {
  const r = tsc('type-checks/tsconfig.match-arg.json');
  assert.equal(r.status, 0, r.out);
});

test('esbuild bundles it, with the wasm as an emitted asset', async () => {
  assert.ok(fs.existsSync(path.join(app, 'node_modules', 'claimlens')), 'not installed (a previous test failed)');
  const pub = path.join(app, 'public');
  // The developer's build: the wasm is imported through the package's
  // `exports` entry and emitted by esbuild's `file` loader with a content
  // hash; `publicPath` is where the assets are served (the server mounts
  // public/ at /app/), and main.ts hands that URL to `init`.
  await esbuild.build({
    absWorkingDir: app,
    entryPoints: ['src/main.ts'],
    outdir: path.join(pub, 'assets'),
    bundle: true,
    format: 'esm',
    target: 'es2022',
    loader: { '.wasm': 'file' },
    assetNames: '[name]-[hash]',
    publicPath: '/app/assets',
    logLevel: 'silent',
  });
  // The alternative: `init()` with no argument fetches the wasm relative to
  // the bundle (`new URL(..., import.meta.url)`, which esbuild keeps), so
  // the wasm is copied next to it.
  await esbuild.build({
    absWorkingDir: app,
    entryPoints: ['src/default-url.ts'],
    outdir: path.join(pub, 'plain'),
    bundle: true,
    format: 'esm',
    target: 'es2022',
    logLevel: 'silent',
  });
  fs.copyFileSync(path.join(app, 'node_modules', 'claimlens', 'claimlens_web_bg.wasm'), path.join(pub, 'plain', 'claimlens_web_bg.wasm'));
  for (const f of ['index.html', 'plain.html']) fs.copyFileSync(path.join(app, f), path.join(pub, f));
  const assets = fs.readdirSync(path.join(pub, 'assets'));
  assert.ok(assets.includes('main.js'), assets.join(', '));
  assert.ok(assets.some((f) => /^claimlens_web_bg-\w+\.wasm$/.test(f)), `no hashed wasm in ${assets.join(', ')}`);
});

/** A page on the bundle that records every ClaimLens event; any page error fails the waits. */
async function open(url) {
  if (!server) {
    server = await startServer({ port: 0, extraRoots: [['/app/', path.join(app, 'public')]] });
    browser = await launch();
  }
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const log = { console: [], errors: [], wasm: [] };
  let fail;
  const failed = new Promise((_, reject) => { fail = reject; });
  failed.catch(() => {});
  page.on('pageerror', (e) => { log.errors.push(String(e)); fail(new Error(`pageerror: ${e}`)); });
  page.on('console', (m) => log.console.push(`${m.type()}: ${m.text()}`));
  page.on('response', (r) => {
    if (r.url().endsWith('.wasm')) log.wasm.push({ url: new URL(r.url()).pathname, status: r.status(), type: r.headers()['content-type'] });
  });
  await page.addInitScript(() => {
    window.__events = [];
    for (const name of ['ready', 'open', 'close', 'settled', 'loaded', 'error']) {
      document.addEventListener(`claimlens:${name}`, (e) => window.__events.push({ type: name, detail: e.detail }));
    }
  });
  await page.goto(new URL(url, server.url).href);
  /** Waits for `p` unless the page throws first. */
  const until = (p) => Promise.race([p, failed]);
  return { page, context, log, until };
}

test('in Chromium: init, start, the typed API; a claim opens its popover, an unrelated sentence does not', async () => {
  assert.ok(fs.existsSync(path.join(app, 'public', 'assets', 'main.js')), 'not bundled (a previous test failed)');
  const { page, context, log, until } = await open('/app/index.html');
  try {
    await until(page.waitForFunction(() => window.__events.some((e) => e.type === 'ready')));
    await until(page.waitForFunction(() => window.__npmUsage?.done));
    const u = await page.evaluate(() => window.__npmUsage);

    // The wasm came from the hashed URL main.ts passed to init, as application/wasm.
    assert.equal(log.wasm.length, 1, JSON.stringify(log.wasm));
    assert.match(log.wasm[0].url, /^\/app\/assets\/claimlens_web_bg-\w+\.wasm$/);
    assert.equal(log.wasm[0].status, 200);
    assert.equal(log.wasm[0].type, 'application/wasm');

    // What the calls returned, and that it has the declared shapes.
    assert.equal(u.version, packed.version, 'window.ClaimLens.version');
    assert.equal(u.sameObject, true, 'start() returns window.ClaimLens');
    assert.equal(u.ready.length, 1);
    assert.equal(u.ready[0].claims, u.claimCount);
    assert.equal(u.matchIds[0], CLAIM_ID);
    assert.equal(u.engineIds[0], CLAIM_ID);
    assert.equal(u.verdict, 'Needs context');
    assert.equal(u.verdictOnScale, true);
    assert.deepEqual(u.loaded, { loaded: 1, skipped: 0, total: u.claimCount + 1 });
    assert.equal(u.afterLoad, u.claimCount + 1);
    assert.equal(u.extraMatch, 'harbour-ferry');
    assert.deepEqual(u.loadError, { code: 'invalid-json', advice: 'fix the database' });
    assert.equal(u.matchError, 'bad-argument');
    for (const k of ['ready', 'match', 'load']) assert.deepEqual(u.shapes[k], { missing: [], extra: [] }, `${k}: declared vs returned keys`);

    // A reader selects the claim: its popover opens.
    await dragSelect(page, CLAIM, 'article');
    await until(page.waitForSelector(`claimlens-popover[data-claim-id="${CLAIM_ID}"]`));
    await until(page.waitForFunction((id) => window.__npmUsage.open.some((d) => d.id === id), CLAIM_ID));
    assert.equal(await page.evaluate(() => document.querySelector('claimlens-popover').dataset.theme), 'light');

    // Then the unrelated sentence: handled, no claim, the popover gone.
    await dragSelect(page, UNRELATED, 'article');
    await until(page.waitForFunction(() => window.__events.some((e) => e.type === 'settled' && e.detail.id === null && e.detail.text.includes('harbour ferry'))));
    await until(page.waitForSelector('claimlens-popover', { state: 'detached' }));
    const u2 = await page.evaluate(() => window.__npmUsage);
    assert.ok(u2.settled.some((d) => d.id === null), 'the typed settled listener saw id: null');
    for (const k of ['open', 'settled']) assert.deepEqual(u2.shapes[k], { missing: [], extra: [] }, `${k}: declared vs dispatched keys`);
    const events = await page.evaluate(() => window.__events);
    assert.deepEqual(events.filter((e) => e.type === 'open').map((e) => e.detail.id), [CLAIM_ID]);
    assert.deepEqual(events.filter((e) => e.type === 'error'), []);

    assert.deepEqual(log.errors, []);
    // The one console error is main.ts's deliberate load of broken JSON.
    assert.deepEqual(log.console.filter((m) => /^(error|warning):/.test(m)),
      [`error: ClaimLens: JSON text: claim database is not valid JSON: expected a quoted key at byte 2; keeping the claims already loaded`]);
  } finally {
    await context.close();
  }
});

test('in Chromium: init() with no argument finds the wasm copied next to the bundle', async () => {
  assert.ok(fs.existsSync(path.join(app, 'public', 'plain', 'default-url.js')), 'not bundled (a previous test failed)');
  const { page, context, log, until } = await open('/app/plain.html');
  try {
    await until(page.waitForFunction(() => window.__defaultUrl));
    assert.deepEqual(log.wasm, [{ url: '/app/plain/claimlens_web_bg.wasm', status: 200, type: 'application/wasm' }]);
    assert.equal((await page.evaluate(() => window.__defaultUrl.ids))[0], CLAIM_ID);
    assert.deepEqual(log.errors, []);
    assert.deepEqual(log.console.filter((m) => /^(error|warning):/.test(m)), []);
  } finally {
    await context.close();
  }
});
