// End to end: a real Chromium loads the demo page over http with the tag
// pointing into dist/ (the optimised build that ships), selects text as a
// reader would, and checks the popover, the events and the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import { launch, openPage, startServer, dragSelect, popover, events, waitForEvent, selectAndSettle, fadeIn, closePage, SHOTS, ROOT } from './browser.mjs';

const SIX = 'Since the Singapore summit, the regime has built another estimated six nuclear weapons';
let server;
let browser;

before(async () => {
  server = await startServer({
    port: 0,
    extraRoots: [['/fixtures/', path.join(ROOT, 'tests', 'e2e', 'fixtures')]],
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('dist holds the loader and every file it loads', () => {
  for (const f of ['claimlens.js', 'claimlens_web.js', 'claimlens_web_bg.wasm']) {
    assert.ok(fs.existsSync(path.join(ROOT, 'dist', f)), `dist/${f}`);
  }
});

test('mouse selection of a claim opens its popover; Esc closes it', async () => {
  const { page } = await openPage(browser, server.url);
  assert.equal(await page.evaluate(() => typeof window.ClaimLens.match), 'function');
  await dragSelect(page, SIX, '.article-body');
  await page.waitForSelector('claimlens-popover');
  const p = await popover(page);
  assert.equal(p.id, 'six-more-nuclear-weapons');
  assert.equal(p.verdict, 'Needs context');
  assert.match(p.label, /Fact-check: Needs context/);
  assert.match(p.text, /estimated six nuclear weapons/);
  assert.match(p.text, /Checked by ClaimLens on \d{4}-\d{2}-\d{2}/);
  assert.ok(p.links.length >= 1);
  for (const a of p.links) {
    assert.equal(a.target, '_blank');
    assert.equal(a.rel, 'noopener noreferrer');
    assert.match(a.href, /^https?:\/\//);
  }
  const open = (await events(page)).filter((e) => e.type === 'open');
  assert.equal(open.length, 1);
  assert.equal(open[0].detail.id, 'six-more-nuclear-weapons');
  assert.ok(open[0].detail.score >= 0.6 && open[0].detail.score <= 1);
  assert.equal(open[0].detail.text.trim(), SIX);
  await fadeIn(page);
  await page.screenshot({ path: path.join(SHOTS, 'popover-desktop.png') });

  await page.keyboard.press('Escape');
  await page.waitForSelector('claimlens-popover', { state: 'detached' });
  const closed = (await events(page)).filter((e) => e.type === 'close');
  assert.deepEqual(closed.map((e) => e.detail.id), ['six-more-nuclear-weapons']);
});

test('an outside click closes the popover', async () => {
  const { page } = await openPage(browser, server.url);
  await dragSelect(page, SIX, '.article-body');
  await page.waitForSelector('claimlens-popover');
  await page.mouse.click(5, 5);
  await page.waitForSelector('claimlens-popover', { state: 'detached' });
  assert.ok((await events(page)).some((e) => e.type === 'close'));
});

test('keyboard selection (Shift+arrows) opens the popover', async () => {
  const { page } = await openPage(browser, server.url);
  const words = 'The regime refuses to comply with nearly a dozen United Nations resolutions';
  // Double-click the first word (as a reader starts a selection), then
  // extend it word by word with Shift+Ctrl+ArrowRight.
  const at = await page.evaluate((words) => {
    const body = document.querySelector('.article-body');
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const i = n.data.indexOf(words);
      if (i >= 0) {
        n.parentElement.scrollIntoView({ block: 'center' });
        const r = document.createRange();
        r.setStart(n, i);
        r.setEnd(n, i + 3);
        const b = r.getBoundingClientRect();
        return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
      }
    }
    throw new Error('sentence not found');
  }, words);
  await page.mouse.dblclick(at.x, at.y);
  for (let i = 1; i < words.split(' ').length; i++) await page.keyboard.press('Shift+Control+ArrowRight');
  const selected = await page.evaluate(() => getSelection().toString());
  assert.match(selected, /^The regime refuses to comply with nearly a dozen United Nations resolutions/);
  await page.waitForSelector('claimlens-popover');
  assert.equal((await popover(page)).id, 'nearly-a-dozen-un-resolutions');
});

test('a selection that is not a claim shows nothing', async () => {
  const { page } = await openPage(browser, server.url);
  const hint = 'highlight a sentence (mouse, touch, or Shift+arrow keys)';
  const handled = await selectAndSettle(page, hint, () => dragSelect(page, hint, '.demo-hint'));
  assert.equal(handled.id, null, 'the widget handled it and opened nothing');
  assert.equal(await popover(page), null);
  assert.ok(!(await events(page)).some((e) => e.type === 'open'));
  // Control: on the same page, the same gesture on a claim opens it.
  const claim = await selectAndSettle(page, SIX, () => dragSelect(page, SIX, '.article-body'));
  assert.equal(claim.id, 'six-more-nuclear-weapons');
  assert.equal((await popover(page)).id, 'six-more-nuclear-weapons');
});

test('the inline link-card noise inside a selection still matches', async () => {
  const { page } = await openPage(browser, server.url);
  // Select the whole sentence, across both inline link cards.
  const text = await page.evaluate(() => {
    const body = document.querySelector('.article-body');
    const p = [...body.querySelectorAll('p')].find((x) => x.textContent.includes('caught everyone'));
    const r = document.createRange();
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    const nodes = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n);
    const first = nodes.find((n) => n.data.includes('The decision of'));
    const last = nodes.find((n) => n.data.includes('by surprise.'));
    r.setStart(first, first.data.indexOf('The decision of'));
    r.setEnd(last, last.data.indexOf('by surprise.') + 'by surprise.'.length);
    getSelection().removeAllRanges();
    getSelection().addRange(r);
    return getSelection().toString();
  });
  assert.match(text, /MORE/, 'the selection includes the card text');
  await page.waitForSelector('claimlens-popover');
  assert.equal((await popover(page)).id, 'dmz-meeting-surprised-officials');
});

test('the bundle works copied to another path, on another page', async () => {
  const { page } = await openPage(browser, server.url + 'fixtures/elsewhere.html');
  const src = await page.evaluate(() => document.querySelector('script[src*="claimlens"]').src);
  assert.match(src, /\/cdn\/any\/path\/claimlens\.js$/);
  await dragSelect(page, 'Pyongyang still ignores nearly a dozen UN Security Council resolutions', 'main');
  await page.waitForSelector('claimlens-popover');
  assert.equal((await popover(page)).id, 'nearly-a-dozen-un-resolutions');
});

test('ClaimLens.load rejects bad input with a typed error and keeps the claims', async () => {
  const { page, log } = await openPage(browser, server.url);
  const result = await page.evaluate(async () => {
    const before = ClaimLens.claims().length;
    const codes = [];
    for (const input of ['{ not json', '{"hello": 1}', '/no/such/database.json', 'javascript:alert(1)']) {
      try {
        await ClaimLens.load(input);
        codes.push('resolved');
      } catch (e) {
        codes.push(`${e.name}:${e.code}`);
      }
    }
    return { before, after: ClaimLens.claims().length, codes, best: ClaimLens.match('estimated six nuclear weapons')[0]?.id };
  });
  assert.deepEqual(result.codes, [
    'ClaimLensError:invalid-json',
    'ClaimLensError:wrong-shape',
    'ClaimLensError:unreachable',
    'ClaimLensError:unreachable',
  ]);
  assert.equal(result.after, result.before);
  assert.equal(result.best, 'six-more-nuclear-weapons');
  assert.ok(log.console.some((l) => l.startsWith('error: ClaimLens:') && l.includes('not valid JSON')));
});

test('data-root, data-theme, data-claims and page JSON-LD', async () => {
  const { page, log } = await openPage(browser, server.url + 'fixtures/options.html');
  // data-claims and the page's JSON-LD load after ready, each announced.
  const fromTag = await waitForEvent(page, 'loaded', { source: 'data-claims' });
  assert.equal(fromTag.loaded, 1);
  assert.equal((await waitForEvent(page, 'loaded', { source: 'page JSON-LD' })).loaded, 1);
  assert.ok(await page.evaluate(() => ClaimLens.claims().some((c) => c.id === 'ferry-record')));

  // Outside data-root: nothing, even for a claim.
  const outside = await selectAndSettle(page, SIX, () => dragSelect(page, SIX, '#sidebar'));
  assert.equal(outside.id, null, 'selections outside data-root do not count');
  assert.equal(await popover(page), null);

  // Inside (the control): the same claim opens, in the dark theme.
  const inside = await selectAndSettle(page, SIX, () => dragSelect(page, SIX, '#story'));
  assert.equal(inside.id, 'six-more-nuclear-weapons');
  assert.equal(await page.evaluate(() => document.querySelector('claimlens-popover').dataset.theme), 'dark');
  await fadeIn(page);
  await page.screenshot({ path: path.join(SHOTS, 'popover-dark.png') });
  await page.keyboard.press('Escape');

  // A claim from data-claims: its javascript: source was dropped.
  await dragSelect(page, 'the town ferry carried a record 41,000 passengers in August', '#story');
  await page.waitForFunction(() => document.querySelector('claimlens-popover')?.dataset.claimId === 'ferry-record');
  const ferry = await popover(page);
  assert.equal(ferry.verdict, 'Mostly true', "the reviewer's own label");
  assert.deepEqual(ferry.links.map((l) => l.href), ['https://port.example/reports/2026-08']);
  assert.ok(log.console.some((l) => l.startsWith('warning: ClaimLens:') && l.includes('javascript:alert(1)')));
  await page.keyboard.press('Escape');

  // A ClaimReview the page carries as JSON-LD, matched on its claimReviewed.
  await dragSelect(page, 'The old lighthouse on Gull Island was built entirely from recycled ship timber', '#story');
  await page.waitForFunction(() => document.querySelector('claimlens-popover')?.dataset.claimId === 'https://factcheck.example/lighthouse');
  const lighthouse = await popover(page);
  assert.equal(lighthouse.verdict, 'False');
  assert.match(lighthouse.text, /Checked by Example Fact Desk on 2026-10-01/);
});

test('a 50 MB database is refused before it is read', async () => {
  const big = path.join(ROOT, 'target', 'e2e', 'huge');
  fs.mkdirSync(big, { recursive: true });
  const file = path.join(big, 'huge.json');
  if (!fs.existsSync(file) || fs.statSync(file).size < 50e6) {
    fs.writeFileSync(file, '[' + '"x",'.repeat(12.5e6) + '"x"]');
  }
  const local = await startServer({ port: 0, extraRoots: [['/huge/', big]] });
  let log;
  try {
    let page;
    ({ page, log } = await openPage(browser, local.url));
    const result = await page.evaluate(async () => {
      const before = ClaimLens.claims().length;
      try {
        await ClaimLens.load('/huge/huge.json');
        return { code: 'resolved' };
      } catch (e) {
        return { code: e.code, message: e.message, before, after: ClaimLens.claims().length };
      }
    });
    assert.equal(result.code, 'too-large');
    assert.match(result.message, /the limit is 10485760 bytes/);
    assert.equal(result.after, result.before);
  } finally {
    if (log) await closePage(log); // its keep-alive connections would hold the server open
    await local.close();
  }
});
