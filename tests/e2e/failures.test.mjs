// Broken input never escapes: a data-claims database that is missing or not
// JSON, a data-root that is not a selector, and the API used after
// destroy(). Each is reported (an event, the console, a typed error) and
// nothing uncaught reaches the page; each next to a control that works.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  launch, openPage, startServer, dragSelect, popover, events, waitForEvent, waitForConsole, selectAndSettle, assertCleanNow, ROOT,
} from './browser.mjs';

const SIX = 'Since the Singapore summit, the regime has built another estimated six nuclear weapons';
const NOT_A_CLAIM = 'The old lighthouse on Gull Island reopened to visitors this week.';
let server;
let browser;

before(async () => {
  server = await startServer({ port: 0, extraRoots: [['/fixtures/', path.join(ROOT, 'tests', 'e2e', 'fixtures')]] });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('a data-claims database that is missing or not JSON: claimlens:error, the console says why, nothing uncaught', async () => {
  // Control: a good data-claims loads and says so, with no error event.
  const good = await openPage(browser, server.url + 'fixtures/options.html');
  const loaded = await waitForEvent(good.page, 'loaded', { source: 'data-claims' });
  assert.deepEqual([loaded.loaded, loaded.skipped], [1, 0]);
  assert.ok(!(await events(good.page)).some((e) => e.type === 'error'));

  for (const [fixture, file, code, problem] of [
    ['claims-missing.html', 'no-such-database.json', 'unreachable', /HTTP 404/],
    ['claims-not-json.html', 'not-json.txt', 'invalid-json', /not valid JSON/],
  ]) {
    const { page, log } = await openPage(browser, `${server.url}fixtures/${fixture}`);
    const { claims } = await waitForEvent(page, 'ready');
    const failed = await waitForEvent(page, 'error', { source: 'data-claims' });
    assert.equal(failed.code, code, fixture);
    assert.match(failed.message, problem, fixture);
    assert.ok(!(await events(page)).some((e) => e.type === 'loaded' && e.detail.source === 'data-claims'), fixture);
    // The console names the problem (and the 404 its URL).
    const said = await waitForConsole(log, (l) => l.startsWith('error: ClaimLens:') && problem.test(l));
    if (code === 'unreachable') assert.ok(said.includes(`${server.url}fixtures/${file}`), said);
    else assert.match(said, /data-claims/);
    // The bundled claims stay, and the widget still works.
    assert.equal(await page.evaluate(() => ClaimLens.claims().length), claims, fixture);
    const handled = await selectAndSettle(page, SIX, () => dragSelect(page, SIX, '#story'));
    assert.equal(handled.id, 'six-more-nuclear-weapons', fixture);
    await assertCleanNow(log);
  }
});

test('a data-root that is not a selector is reported, and the widget falls back to the body', async () => {
  const { page, log } = await openPage(browser, server.url + 'fixtures/bad-root.html');
  await waitForConsole(log, (l) => l === 'warning: ClaimLens: data-root "#story[" is not a valid selector; using body');
  const plain = await selectAndSettle(page, NOT_A_CLAIM, () => dragSelect(page, NOT_A_CLAIM, '#story'));
  assert.equal(plain.id, null);
  assert.equal(await popover(page), null);
  // Control: a claim on the same page opens.
  const claim = await selectAndSettle(page, SIX, () => dragSelect(page, SIX, '#story'));
  assert.equal(claim.id, 'six-more-nuclear-weapons');
  assert.equal((await popover(page)).id, 'six-more-nuclear-weapons');
  await assertCleanNow(log);
});

test('after destroy(), every method fails with a not-running ClaimLensError; destroy() twice is quiet', async () => {
  const { page, log } = await openPage(browser, server.url + 'fixtures/widget.html');
  const outcome = await page.evaluate(async () => {
    const lens = window.ClaimLens;
    const error = (e) => ({ error: e instanceof Error, name: e.name, code: e.code });
    const call = (f) => {
      try {
        f();
        return 'returned';
      } catch (e) {
        return error(e);
      }
    };
    const control = lens.match('estimated six nuclear weapons')[0]?.id;
    const destroyed = [lens.destroy(), lens.destroy(), Object.getPrototypeOf(lens).destroy.call(lens)];
    const pending = lens.load('[]'); // a promise, never a throw
    return {
      control,
      destroyed,
      global: typeof window.ClaimLens,
      mark: document.documentElement.hasAttribute('data-claimlens'),
      match: call(() => lens.match('estimated six nuclear weapons')),
      claims: call(() => lens.claims()),
      annotate: call(() => lens.annotate()),
      load: pending instanceof Promise ? await pending.then(() => 'resolved', error) : 'not a promise',
    };
  });
  assert.equal(outcome.control, 'six-more-nuclear-weapons', 'it worked before');
  assert.deepEqual(outcome.destroyed, [undefined, undefined, undefined]);
  assert.equal(outcome.global, 'undefined');
  assert.equal(outcome.mark, false);
  const notRunning = { error: true, name: 'ClaimLensError', code: 'not-running' };
  for (const method of ['match', 'claims', 'annotate', 'load']) assert.deepEqual(outcome[method], notRunning, method);
  await assertCleanNow(log);
});

// A load still running when destroy() is called must reject, not resolve
// afterwards with its claims counted on a widget that is gone.
test('a load pending when destroy() is called rejects with not-running', async () => {
  const { page } = await openPage(browser, server.url + 'fixtures/widget.html');
  const outcome = await page.evaluate(async () => {
    const lens = window.ClaimLens;
    const pending = lens.load('/fixtures/extra-claims.json');
    lens.destroy();
    return pending.then((r) => ({ resolved: r }), (e) => ({ code: e.code }));
  });
  assert.deepEqual(outcome, { code: 'not-running' });
});
