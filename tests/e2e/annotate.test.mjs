// Annotation mode end to end: marks with the CSS Custom Highlight API (and
// the fallback without it), hover and keyboard focus open the popover, and
// content that arrives later is annotated too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launch, openPage, startServer, popover, events, ROOT } from './browser.mjs';

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

async function recordAnnotated(page) {
  await page.addInitScript(() => {
    window.__annotated = [];
    document.addEventListener('claimlens:annotated', (e) => window.__annotated.push(e.detail));
  });
}

/** The centre of the first client rect of the first highlighted range. */
function markCentre(page, index = 0) {
  return page.evaluate((index) => {
    const h = CSS.highlights.get('claimlens');
    const r = [...h][index].getClientRects()[0];
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  }, index);
}

test('data-mode="annotate" marks every claim with the Highlight API', async () => {
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  const page = await context.newPage();
  await recordAnnotated(page);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(server.url + 'fixtures/annotate.html');
  await page.waitForFunction(() => window.__annotated.length >= 1);
  const first = await page.evaluate(() => window.__annotated[0]);
  assert.deepEqual(first.ids, ['six-more-nuclear-weapons', 'nearly-a-dozen-un-resolutions']);
  assert.equal(first.count, 2);
  const marked = await page.evaluate(() => [...CSS.highlights.get('claimlens')].map((r) => r.toString()));
  assert.deepEqual(marked, [
    'Since the Singapore summit, the regime has built another estimated six nuclear weapons',
    'The regime refuses to comply with nearly a dozen United Nations resolutions that require it to unilaterally denuclearize',
  ]);
  // No element was added to the page's text.
  assert.equal(await page.evaluate(() => document.querySelectorAll('claimlens-mark').length), 0);

  // Hover opens the popover; moving away (not onto the popover) closes it.
  const at = await markCentre(page, 0);
  await page.mouse.move(at.x, at.y);
  await page.waitForSelector('claimlens-popover');
  assert.equal((await popover(page)).id, 'six-more-nuclear-weapons');
  await page.mouse.move(5, 790);
  await page.waitForSelector('claimlens-popover', { state: 'detached' });

  // A paragraph rendered later is picked up.
  await page.waitForFunction(() => window.__annotated.length >= 2, null, { timeout: 5000 });
  const second = await page.evaluate(() => window.__annotated.at(-1));
  assert.ok(second.ids.includes('big-deal-phased-implementation'), JSON.stringify(second));
  assert.equal(second.count, 3);

  // The API returns the same summary.
  const api = await page.evaluate(() => ClaimLens.annotate());
  assert.equal(api.count, 3);
  assert.deepEqual(errors, []);
  await context.close();
});

test('without the Highlight API, marks are focusable elements and the text is unchanged', async () => {
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    delete window.Highlight;
  });
  await recordAnnotated(page);
  await page.goto(server.url + 'fixtures/annotate.html');
  await page.waitForFunction(() => window.__annotated.length >= 1);
  const before = await page.evaluate(() => document.getElementById('story').textContent);
  const marks = await page.evaluate(() => [...document.querySelectorAll('claimlens-mark')].map((m) => m.textContent));
  assert.ok(marks.join('').includes('estimated six nuclear weapons'), JSON.stringify(marks));
  // Keyboard: Tab reaches a mark and focus opens its popover.
  await page.evaluate(() => document.querySelector('claimlens-mark').focus());
  await page.waitForSelector('claimlens-popover');
  assert.equal((await popover(page)).id, 'six-more-nuclear-weapons');
  // destroy() puts the page back as it was.
  await page.evaluate(() => ClaimLens.destroy());
  const after = await page.evaluate(() => ({
    text: document.getElementById('story').textContent,
    marks: document.querySelectorAll('claimlens-mark, claimlens-popover').length,
    api: typeof window.ClaimLens,
  }));
  assert.equal(after.text, before);
  assert.equal(after.marks, 0);
  assert.equal(after.api, 'undefined');
  await context.close();
});
