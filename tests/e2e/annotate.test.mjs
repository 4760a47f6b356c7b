// Annotation mode end to end: marks with the CSS Custom Highlight API (and
// the fallback without it), hover and keyboard focus open the popover, and
// content that arrives later is annotated too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launch, openPage, startServer, popover, waitForEvent, eventCount, ROOT } from './browser.mjs';

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

const VIEWPORT = { width: 1100, height: 800 };
const LATE = 'big-deal-phased-implementation';
const noHighlightApi = () => {
  delete window.Highlight;
};

/** The centre of the first client rect of the first highlighted range. */
function markCentre(page, index = 0) {
  return page.evaluate((index) => {
    const h = CSS.highlights.get('claimlens');
    const r = [...h][index].getClientRects()[0];
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  }, index);
}

/**
 * The fixture appends a paragraph (with a claim) 200 ms after the first
 * annotation pass: waits for it and for the pass that marked it.
 */
async function lateParagraphAnnotated(page) {
  await page.waitForSelector('#later p');
  return waitForEvent(page, 'annotated', { ids: { includes: LATE } });
}

/**
 * The body as the page made it: a copy with the widget's own hosts
 * removed, every mark replaced by its contents and split text joined again.
 */
function pageWithoutWidget(page) {
  return page.evaluate(() => {
    const body = document.body.cloneNode(true);
    body.querySelectorAll('claimlens-popover, claimlens-live').forEach((e) => e.remove());
    body.querySelectorAll('claimlens-mark').forEach((m) => m.replaceWith(...m.childNodes));
    body.normalize();
    return body.innerHTML;
  });
}

test('data-mode="annotate" marks every claim with the Highlight API', async () => {
  const { page } = await openPage(browser, server.url + 'fixtures/annotate.html', { viewport: VIEWPORT });
  const first = await waitForEvent(page, 'annotated');
  assert.deepEqual(first.ids, ['six-more-nuclear-weapons', 'nearly-a-dozen-un-resolutions']);
  assert.equal(first.count, 2);
  const marked = await page.evaluate(() => [...CSS.highlights.get('claimlens')].map((r) => r.toString()));
  assert.deepEqual(marked.slice(0, 2), [
    'Since the Singapore summit, the regime has built another estimated six nuclear weapons',
    'The regime refuses to comply with nearly a dozen United Nations resolutions that require it to unilaterally denuclearize',
  ]);
  // On a slow run the late paragraph may already be marked too; nothing else is.
  assert.ok(marked.length === 2 || (marked.length === 3 && /big deal/.test(marked[2])), JSON.stringify(marked));
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
  const second = await lateParagraphAnnotated(page);
  assert.equal(second.count, 3, JSON.stringify(second));

  // The API returns the same summary.
  const api = await page.evaluate(() => ClaimLens.annotate());
  assert.equal(api.count, 3);
});

test('without the Highlight API, marks are focusable elements, Tab reaches them, destroy() restores the page', async () => {
  const { page } = await openPage(browser, server.url + 'fixtures/annotate.html', { viewport: VIEWPORT, init: noHighlightApi });
  const pass = await lateParagraphAnnotated(page);
  assert.equal(pass.count, 3);
  const before = await pageWithoutWidget(page);
  assert.match(before, /Later: American officials/, 'the late paragraph is part of the page');
  const marks = await page.evaluate(() => [...document.querySelectorAll('claimlens-mark')].map((m) => m.textContent));
  assert.ok(marks.join('').includes('estimated six nuclear weapons'), JSON.stringify(marks));
  assert.notEqual(await page.evaluate(() => document.body.innerHTML), before, 'the marks are in the page');

  // Keyboard: the first Tab from the top of the page lands on a mark, and
  // focus opens its popover.
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => ({ tag: document.activeElement.tagName, text: document.activeElement.textContent }));
  assert.equal(focused.tag, 'CLAIMLENS-MARK', JSON.stringify(focused));
  await page.waitForSelector('claimlens-popover');
  assert.equal((await popover(page)).id, 'six-more-nuclear-weapons');

  // destroy() puts the page back as it was: the whole body, markup and all.
  await page.evaluate(() => ClaimLens.destroy());
  const after = await page.evaluate(() => ({ html: document.body.innerHTML, api: typeof window.ClaimLens }));
  assert.equal(after.html, before);
  assert.equal(after.api, 'undefined');
});

// A mark splits the text node it wraps; destroy() must join the pieces
// again (unwrap() in src/web/annotate.rs), or a page script holding the
// original Text node sees it cut short. The serialisation (above) cannot
// tell; the node structure can.
test('destroy() after fallback marks leaves the text nodes as they were', async () => {
  const { page } = await openPage(browser, server.url + 'fixtures/annotate.html', { viewport: VIEWPORT, init: noHighlightApi });
  await lateParagraphAnnotated(page);
  const shape = () => page.evaluate(() => {
    const story = document.getElementById('story');
    return [...story.querySelectorAll('p')].map((p) => [...p.childNodes].map((n) => n.nodeName));
  });
  // The structure the page had: its paragraphs' child nodes with marks undone.
  const expected = await page.evaluate(() => {
    const story = document.getElementById('story').cloneNode(true);
    story.querySelectorAll('claimlens-mark').forEach((m) => m.replaceWith(...m.childNodes));
    story.normalize();
    return [...story.querySelectorAll('p')].map((p) => [...p.childNodes].map((n) => n.nodeName));
  });
  await page.evaluate(() => ClaimLens.destroy());
  assert.deepEqual(await shape(), expected);
});

// The highlight rule names only the elements holding marked text (a bare
// `::highlight()` rule makes the browser restyle the whole document when
// it is adopted). So each of those elements must carry the attribute, the
// inline ones inside a block too, or their part of the mark is not drawn.
test('the highlight is drawn on every part of a mark, and destroy() takes its attribute away', async () => {
  const { page } = await openPage(browser, server.url + 'fixtures/annotate.html', { viewport: VIEWPORT });
  await waitForEvent(page, 'annotated');
  const attr = 'data-claimlens-marked'; // src/rules.rs, MARKED_ATTR
  const holders = () => page.evaluate((a) => [...document.querySelectorAll(`[${a}]`)].map((e) => e.tagName + ':' + e.textContent.slice(0, 20)), attr);
  const held = await holders();
  // The first mark starts inside <em>; the third paragraph's runs through <a>.
  assert.ok(held.some((h) => h.startsWith('EM:Since the Singapore')), JSON.stringify(held));
  assert.ok(held.some((h) => h.startsWith('P:Analysts disagree')), JSON.stringify(held));
  assert.ok(held.some((h) => h.startsWith('A:United Nations')), JSON.stringify(held));
  assert.ok(!held.some((h) => h.startsWith('P:In other news')), 'an unmarked paragraph carries no attribute');

  // Drawn: the <em>'s pixels and the paragraph's differ with and without the highlight.
  const box = (sel) => page.evaluate((sel) => {
    const r = document.querySelector(sel).getBoundingClientRect();
    return { x: r.left, y: r.top, width: r.width, height: r.height };
  }, sel);
  const shots = async () => ({
    em: await page.screenshot({ clip: await box('#story em') }),
    first: await page.screenshot({ clip: await box('#story p') }),
    other: await page.screenshot({ clip: await box('#story p:nth-of-type(2)') }),
  });
  const drawn = await shots();
  await page.evaluate(() => { window.__kept = CSS.highlights.get('claimlens'); CSS.highlights.delete('claimlens'); });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const bare = await shots();
  assert.ok(!drawn.first.equals(bare.first), 'the paragraph holding the mark is drawn highlighted');
  assert.ok(!drawn.em.equals(bare.em), 'the mark\'s part inside <em> is drawn highlighted');
  assert.ok(drawn.other.equals(bare.other), 'an unmarked paragraph is drawn the same either way');
  await page.evaluate(() => CSS.highlights.set('claimlens', window.__kept));

  // destroy() leaves no attribute behind.
  await page.evaluate(() => ClaimLens.destroy());
  assert.deepEqual(await holders(), []);
});

test('annotating an unchanged page again leaves its elements and marks alone; a changed paragraph is marked anew', async () => {
  const { page } = await openPage(browser, server.url + 'fixtures/annotate.html', { viewport: VIEWPORT });
  await lateParagraphAnnotated(page);
  const attr = 'data-claimlens-marked'; // src/rules.rs, MARKED_ATTR
  // Every change to the marking attribute from now on, and the ranges drawn now.
  await page.evaluate((a) => {
    window.__attrChanges = [];
    window.__attrObserver = new MutationObserver((rs) => window.__attrChanges.push(...rs.map((r) => r.target.tagName)));
    window.__attrObserver.observe(document.body, { attributes: true, subtree: true, attributeFilter: [a] });
    window.__ranges = [...CSS.highlights.get('claimlens')];
    // And every time the highlight is cleared to be drawn again.
    window.__clears = 0;
    const clear = Highlight.prototype.clear;
    Highlight.prototype.clear = function () { window.__clears += 1; return clear.call(this); };
  }, attr);
  const clears = () => page.evaluate(() => window.__clears);
  // What the observer delivered, and what it holds but has not delivered yet.
  const changes = () => page.evaluate(() => [
    ...window.__attrChanges.splice(0),
    ...window.__attrObserver.takeRecords().map((r) => r.target.tagName),
  ]);
  const again = await page.evaluate(() => ClaimLens.annotate());
  assert.equal(again.count, 3);
  assert.deepEqual(await changes(), [], 'no element was unmarked and marked again');
  assert.ok(await page.evaluate(() => {
    const now = [...CSS.highlights.get('claimlens')];
    return now.length === 3 && now.every((r) => window.__ranges.includes(r));
  }), 'the highlight holds the same ranges');
  assert.equal(await clears(), 0, 'the highlight was not drawn again');

  // Control: the first paragraph no longer states its claim; its mark goes.
  await page.evaluate(() => { document.querySelector('#story em').nextSibling.data = ', the council opened another park.'; });
  const edited = await page.evaluate(() => ClaimLens.annotate());
  assert.equal(edited.count, 2, JSON.stringify(edited));
  assert.ok(!edited.ids.includes('six-more-nuclear-weapons'), JSON.stringify(edited));
  assert.ok((await changes()).includes('EM'), 'the <em> that held the mark lost its attribute');
  assert.equal(await page.evaluate(() => CSS.highlights.get('claimlens').size), 2);
  assert.ok(await clears() >= 1, 'the highlight was drawn again without the mark');
});

test('an annotation pass waits for the next task, not for a timer (timers set from a promise chain are clamped)', async () => {
  const { page } = await openPage(browser, server.url + 'fixtures/annotate.html', { viewport: VIEWPORT });
  await lateParagraphAnnotated(page);
  // Every timer the page sets from now on, by its delay.
  await page.evaluate(() => {
    window.__timers = [];
    const set = window.setTimeout;
    window.setTimeout = function (f, ms, ...rest) { window.__timers.push(ms ?? 0); return set.call(this, f, ms, ...rest); };
  });
  const timers = () => page.evaluate(() => window.__timers.splice(0));
  // Passes called one after another from a promise chain: no timer.
  const counts = await page.evaluate(async () => {
    const out = [];
    for (let i = 0; i < 3; i++) out.push((await ClaimLens.annotate()).count);
    return out;
  });
  assert.deepEqual(counts, [3, 3, 3]);
  assert.deepEqual(await timers(), [], 'an annotation pass set a timer');
  // Control: a change to the page is read again after its delay, a timer
  // the wrapper sees (src/rules.rs, REREAD_MS).
  const after = await eventCount(page);
  await page.evaluate(() => { document.querySelector('#story em').nextSibling.data = ', the council opened another park.'; });
  await waitForEvent(page, 'annotated', { count: 2 }, { after });
  assert.ok((await timers()).includes(300), 'the re-read after the change was not seen');
});
